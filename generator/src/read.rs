//! Reading the input: finding pages under a root, decoding them, and what the
//! path says about locale and API version.

use crate::diagnostics::{Code, Diagnostic};
use crate::model::{ApiVersion, PageKind};
use crate::page::{IncludeError, IncludedText, Includes, PageInput};
use std::path::{Component, Path, PathBuf};

/// Languages the Graph docs are published in; a path component starting with
/// one of these (`pt-BR-sxs`, `en-us`, `en-2021`) names the locale.
const KNOWN_LANGUAGES: &[&str] = &[
    "ar", "bg", "cs", "da", "de", "el", "en", "es", "et", "fi", "fr", "he", "hr", "hu", "id", "it", "ja", "ko", "lt",
    "lv", "nb", "nl", "pl", "pt", "ro", "ru", "sk", "sl", "sr", "sv", "th", "tr", "uk", "vi", "zh",
];

/// Every page under `root`, as paths relative to it, in a stable order.
///
/// Pages are `.md`, `.markdown` and `.txt` files; `includes/` folders hold
/// fragments pulled in by `[!INCLUDE]`, not pages, and hidden entries are skipped.
pub fn discover(root: &Path) -> std::io::Result<Vec<PathBuf>> {
    if root.is_file() {
        return Ok(vec![PathBuf::new()]);
    }
    let mut pages = Vec::new();
    let walker = walkdir::WalkDir::new(root).sort_by_file_name().into_iter().filter_entry(|e| {
        let name = e.file_name().to_string_lossy();
        e.depth() == 0 || !(name.starts_with('.') || (e.file_type().is_dir() && name == "includes"))
    });
    for entry in walker {
        let entry = entry.map_err(std::io::Error::other)?;
        let is_page = entry.file_type().is_file()
            && matches!(entry.path().extension().and_then(|e| e.to_str()), Some("md" | "markdown" | "txt"));
        if is_page {
            let rel = entry.path().strip_prefix(root).map_err(std::io::Error::other)?;
            pages.push(rel.to_path_buf());
        }
    }
    pages.sort_by_key(|p| display_path(p));
    Ok(pages)
}

/// A relative path written with `/` whatever the platform, as used in the model and diagnostics.
pub fn display_path(rel: &Path) -> String {
    rel.components()
        .filter_map(|c| match c {
            Component::Normal(s) => Some(s.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// A page that could not be read or decoded: why, and its text as far as it goes
/// (lossy), so the diagnostic can still be shown in context.
#[derive(Debug)]
pub struct Unreadable {
    pub diagnostic: Diagnostic,
    pub text: String,
}

/// Reads and decodes one page. `rel` is relative to `root` (empty when `root` is the page itself).
pub fn read_page(root: &Path, rel: &Path) -> Result<PageInput, Box<Unreadable>> {
    let full = if rel.as_os_str().is_empty() { root.to_path_buf() } else { root.join(rel) };
    let file = if rel.as_os_str().is_empty() {
        full.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
    } else {
        display_path(rel)
    };
    let bytes = std::fs::read(&full).map_err(|e| {
        let diagnostic = Diagnostic::new(Code::Unreadable, &file, "", 0..0, format!("cannot read the file: {e}"));
        Box::new(Unreadable { diagnostic, text: String::new() })
    })?;
    let text = decode(&file, bytes)?;
    // The root itself may name the locale (`corpus/pt-BR-sxs` given as the input folder).
    let dirs = full.parent().map(Path::to_path_buf).unwrap_or_default();
    Ok(PageInput {
        locale: locale_from_path(&dirs),
        version: version_from_path(&dirs),
        folder_kind: kind_from_path(&dirs),
        file,
        text,
    })
}

/// UTF-8 with an optional byte-order mark; anything else is a diagnostic
/// (returned with the lossy text, so it can still be shown in context).
fn decode(file: &str, mut bytes: Vec<u8>) -> Result<String, Box<Unreadable>> {
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        bytes.drain(..3);
    }
    match String::from_utf8(bytes) {
        Ok(text) => Ok(text),
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            let lossy = String::from_utf8_lossy(e.as_bytes()).into_owned();
            // The lossy text has the same prefix, so the offset of the first bad byte still holds.
            let diagnostic = Diagnostic::new(Code::NotUtf8, file, &lossy, at..at + 1, "the file is not valid UTF-8")
                .with_label("invalid byte here")
                .with_note("reference pages are UTF-8; re-save the file as UTF-8");
            Err(Box::new(Unreadable { diagnostic, text: lossy }))
        }
    }
}

/// The locale named by the nearest folder that looks like one (`pt-br`, `pt-BR-sxs`, `en-2021`).
pub fn locale_from_path(dirs: &Path) -> Option<String> {
    dirs.components().rev().find_map(|c| match c {
        Component::Normal(s) => locale_of_component(&s.to_string_lossy()),
        _ => None,
    })
}

fn locale_of_component(name: &str) -> Option<String> {
    let lower = name.to_ascii_lowercase();
    let mut parts = lower.split('-');
    let language = parts.next()?;
    let region = parts.next();
    let looks_like_tag =
        language.len() == 2 && region.is_some_and(|r| r.len() == 2 && r.bytes().all(|b| b.is_ascii_alphabetic()));
    if KNOWN_LANGUAGES.contains(&language) {
        match region {
            Some(r) if r.len() == 2 && r.bytes().all(|b| b.is_ascii_alphabetic()) => Some(format!("{language}-{r}")),
            _ => Some(language.to_owned()),
        }
    } else if looks_like_tag && parts.next().is_none() {
        // `xx-yy`: shaped like a locale but not one the docs are published in; the parser reports it.
        Some(lower)
    } else {
        None
    }
}

/// Whether `locale` is one the docs are published in.
pub fn is_known_locale(locale: &str) -> bool {
    KNOWN_LANGUAGES.contains(&locale.split('-').next().unwrap_or(""))
}

/// What the path says that is worth a warning: a folder shaped like a locale the docs are
/// not published in (the page is still read, as a translation).
pub fn path_diagnostics(input: &PageInput) -> Option<Diagnostic> {
    let locale = input.locale.as_deref().filter(|l| !is_known_locale(l))?;
    Some(
        Diagnostic::new(
            Code::UnknownLocale,
            &input.file,
            &input.text,
            0..0,
            format!("the folder names locale `{locale}`, which the Graph docs are not published in"),
        )
        .with_note("the page is read as a translation; English pages still win"),
    )
}

/// `v1.0` or `beta` as a folder name.
pub fn version_from_path(dirs: &Path) -> Option<ApiVersion> {
    dirs.components().rev().find_map(|c| match c {
        Component::Normal(s) => ApiVersion::parse(&s.to_string_lossy()),
        _ => None,
    })
}

/// The kind of page the nearest `api` or `resources` folder implies.
pub fn kind_from_path(dirs: &Path) -> Option<PageKind> {
    dirs.components().rev().find_map(|c| match c {
        Component::Normal(s) if s == "api" => Some(PageKind::Api),
        Component::Normal(s) if s == "resources" => Some(PageKind::Resource),
        _ => None,
    })
}

/// Resolves `[!INCLUDE]` targets on disk, relative to the including page and never outside `root`.
pub struct FsIncludes {
    root: PathBuf,
}

impl FsIncludes {
    pub fn new(root: &Path) -> Self {
        let root =
            if root.is_file() { root.parent().unwrap_or(Path::new(".")).to_path_buf() } else { root.to_path_buf() };
        FsIncludes { root }
    }
}

impl FsIncludes {
    /// The docs root includes are resolved within.
    pub fn root(&self) -> &Path {
        &self.root
    }
}

impl Includes for FsIncludes {
    fn resolve(&self, page_file: &str, target: &str) -> Result<IncludedText, IncludeError> {
        let target = target.split(['#', '?']).next().unwrap_or("").trim();
        let mut parts: Vec<&str> = page_file.split('/').collect();
        parts.pop(); // the page itself
        for piece in target.split('/') {
            match piece {
                "" | "." => {}
                ".." => {
                    parts.pop().ok_or(IncludeError::OutsideRoot)?;
                }
                other => parts.push(other),
            }
        }
        let rel = parts.join("/");
        let text = std::fs::read_to_string(self.root.join(&rel)).map_err(|_| IncludeError::Missing)?;
        Ok(IncludedText { file: rel, text })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locale_comes_from_the_nearest_locale_folder() {
        let l = |p: &str| locale_from_path(Path::new(p));
        assert_eq!(l("en-us/api-reference/beta/api"), Some("en-us".into()));
        assert_eq!(l("corpus/pt-BR-sxs/api-reference/v1.0/api"), Some("pt-br".into()));
        assert_eq!(l("corpus/en-2021/api-reference/v1.0/api"), Some("en".into()));
        assert_eq!(l("xx-yy/api-reference/v1.0/api"), Some("xx-yy".into()));
        assert_eq!(l("pages/api-reference/v1.0/api"), None);
        assert!(!is_known_locale("xx-yy"));
        assert!(is_known_locale("zh-cn"));
    }

    #[test]
    fn version_comes_from_the_folder() {
        assert_eq!(version_from_path(Path::new("en-us/api-reference/beta/api")), Some(ApiVersion::Beta));
        assert_eq!(version_from_path(Path::new("flat")), None);
    }

    #[test]
    fn kind_comes_from_the_nearest_api_or_resources_folder() {
        assert_eq!(kind_from_path(Path::new("en-us/api-reference/beta/resources")), Some(PageKind::Resource));
        assert_eq!(kind_from_path(Path::new("en-us/api-reference/v1.0/api")), Some(PageKind::Api));
        assert_eq!(kind_from_path(Path::new("api/drafts/resources")), Some(PageKind::Resource));
        assert_eq!(kind_from_path(Path::new("flat")), None);
    }

    #[test]
    fn non_utf8_is_a_diagnostic_at_the_bad_byte() {
        let bad = decode("p.md", b"# Title\nab\xFFcd\n".to_vec()).unwrap_err();
        assert_eq!(bad.diagnostic.code, Code::NotUtf8);
        assert_eq!((bad.diagnostic.line, bad.diagnostic.column), (2, 3));
        assert!(bad.text.contains('\u{FFFD}'));
    }

    #[test]
    fn includes_stay_inside_the_root() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("en/api-reference/beta/includes/permissions")).unwrap();
        std::fs::write(dir.path().join("en/api-reference/beta/includes/permissions/x.md"), "|a|b|").unwrap();
        let inc = FsIncludes::new(dir.path());
        let page = "en/api-reference/beta/api/x.md";
        let got = inc.resolve(page, "../includes/permissions/x.md").unwrap();
        assert_eq!(got.file, "en/api-reference/beta/includes/permissions/x.md");
        assert_eq!(got.text, "|a|b|");
        assert_eq!(inc.resolve(page, "../includes/missing.md").unwrap_err(), IncludeError::Missing);
        assert_eq!(inc.resolve(page, "../../../../../etc/passwd").unwrap_err(), IncludeError::OutsideRoot);
    }
}
