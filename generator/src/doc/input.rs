//! A page as the reader hands it over, and the files it pulls in by `[!INCLUDE]`.

use crate::diagnostics::Code;
use crate::model::{ApiVersion, PageKind};

/// One page as handed over by the reader.
#[derive(Debug, Clone)]
pub struct PageInput {
    /// Relative to the input root, `/`-separated.
    pub file: String,
    pub text: String,
    /// Locale from the path (`en-us`), if the path says.
    pub locale: Option<String>,
    /// API version from the path, if the path says.
    pub version: Option<ApiVersion>,
    /// The kind of page the folder implies (`api/`, `resources/`), if the path says.
    pub folder_kind: Option<PageKind>,
}

/// A file pulled in by `[!INCLUDE]`.
#[derive(Debug, Clone)]
pub struct IncludedText {
    /// Relative to the input root, `/`-separated.
    pub file: String,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IncludeError {
    Missing,
    /// Outside the docs root, textually or once symlinks are resolved.
    OutsideRoot,
    /// A FIFO, device, socket or folder.
    NotAFile,
    /// Larger than [`crate::text::MAX_INCLUDE_BYTES`].
    TooLarge,
    /// Exists but cannot be read (permissions, a symlink loop, not UTF-8): why.
    Unreadable(String),
}

impl IncludeError {
    pub fn code(&self) -> Code {
        match self {
            IncludeError::Missing => Code::IncludeMissing,
            IncludeError::OutsideRoot => Code::IncludeOutsideRoot,
            IncludeError::NotAFile => Code::IncludeNotAFile,
            IncludeError::TooLarge => Code::IncludeTooLarge,
            IncludeError::Unreadable(_) => Code::IncludeUnreadable,
        }
    }

    /// What to tell the user about `target`.
    pub fn message(&self, target: &str) -> String {
        match self {
            IncludeError::Missing => format!("included file `{target}` does not exist"),
            IncludeError::OutsideRoot => format!("included file `{target}` is outside the docs root"),
            IncludeError::NotAFile => format!("included file `{target}` is not a regular file: not read"),
            IncludeError::TooLarge => format!(
                "included file `{target}` is larger than {} MiB: not read",
                crate::text::MAX_INCLUDE_BYTES >> 20
            ),
            IncludeError::Unreadable(why) => format!("included file `{target}` cannot be read: {why}"),
        }
    }
}

/// Resolves `[!INCLUDE [..](target)]` relative to the including page, never outside the docs root.
pub trait Includes: Sync {
    fn resolve(&self, page_file: &str, target: &str) -> Result<IncludedText, IncludeError>;
}

/// No includes available (tests, single strings).
pub struct NoIncludes;

impl Includes for NoIncludes {
    fn resolve(&self, _: &str, _: &str) -> Result<IncludedText, IncludeError> {
        Err(IncludeError::Missing)
    }
}
