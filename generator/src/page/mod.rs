//! Parsing one reference page into a [`Page`].

use crate::diagnostics::Diagnostic;
use crate::model::{ApiVersion, Page};

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
    OutsideRoot,
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

/// What parsing a page produced.
#[derive(Debug, Clone, Default)]
pub struct PageResult {
    /// `None` when the page documents no operation (not an API page, unusable).
    pub page: Option<Page>,
    pub diagnostics: Vec<Diagnostic>,
    /// Files read through `[!INCLUDE]`, so diagnostics into them can be shown in context.
    pub included: Vec<IncludedText>,
}

/// Parses one page. Never panics; everything wrong with the page becomes a diagnostic.
pub fn parse(input: &PageInput, includes: &dyn Includes) -> PageResult {
    let _ = (input, includes);
    PageResult::default()
}
