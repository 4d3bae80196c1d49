//! Reading the input: finding pages under a root, decoding them, and what the
//! path says about locale and API version.

use crate::diagnostics::{Code, Diagnostic};
use crate::doc::{IncludeError, IncludedText, Includes, PageInput};
use crate::model::{ApiVersion, PageKind};
pub use crate::text::display_path;
use crate::text::{read_regular_file, ReadError, MAX_INCLUDE_BYTES, MAX_PAGE_BYTES};
use std::path::{Component, Path, PathBuf};

/// Every page under `root`, as paths relative to it, in a stable order.
///
/// Pages are `.md`, `.markdown` and `.txt` files; `includes/` folders hold
/// fragments pulled in by `[!INCLUDE]`, not pages, and hidden entries are skipped.
pub fn discover(root: &Path) -> std::io::Result<Vec<PathBuf>> {
    if root.is_file() {
        return Ok(vec![PathBuf::new()]);
    }
    let mut pages = Vec::new();
    // Unsorted: the pages are sorted once, by the paths shown, below.
    let walker = walkdir::WalkDir::new(root).into_iter().filter_entry(|e| {
        let name = e.file_name().to_string_lossy();
        e.depth() == 0 || !(name.starts_with('.') || (e.file_type().is_dir() && name == "includes"))
    });
    for entry in walker {
        let entry = entry.map_err(std::io::Error::other)?;
        if entry.file_type().is_file() && has_page_extension(entry.path()) {
            let rel = entry.path().strip_prefix(root).map_err(std::io::Error::other)?;
            pages.push(rel.to_path_buf());
        }
    }
    pages.sort_by_cached_key(|p| display_path(p));
    Ok(pages)
}

/// A page that could not be read or decoded: why, and its text as far as it goes
/// (lossy), so the diagnostic can still be shown in context.
#[derive(Debug)]
pub(crate) struct Unreadable {
    pub diagnostic: Diagnostic,
    pub text: String,
}

fn has_page_extension(path: &Path) -> bool {
    matches!(path.extension().and_then(|e| e.to_str()), Some("md" | "markdown" | "txt"))
}

/// Whether [`discover`] lists the regular file at `rel` (relative to the root) as a page:
/// a page extension, no hidden part and no `includes/` folder on the way.
pub fn is_page_path(rel: &Path) -> bool {
    let mut parts = rel.components().peekable();
    while let Some(part) = parts.next() {
        let name = part.as_os_str().to_string_lossy();
        if name.starts_with('.') || (parts.peek().is_some() && name == "includes") {
            return false;
        }
    }
    has_page_extension(rel)
}

/// Files' contents read before the run (by the no-change record's hashing), by path relative
/// to the input root: the run parses these bytes instead of reading the files again.
pub type Prefetched = std::collections::HashMap<PathBuf, Vec<u8>>;

/// Reads and decodes one page. `rel` is relative to `root` (empty when `root` is the page
/// itself). `read` is the file's contents when they were read before (see [`Prefetched`]):
/// then they are checked against the same size limit and decoded, and the file is not opened.
pub(crate) fn read_page(root: &Path, rel: &Path, read: Option<Vec<u8>>) -> Result<PageInput, Box<Unreadable>> {
    let full = if rel.as_os_str().is_empty() { root.to_path_buf() } else { root.join(rel) };
    let file = if rel.as_os_str().is_empty() {
        full.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
    } else {
        display_path(rel)
    };
    let bytes = match read {
        Some(bytes) if bytes.len() as u64 > MAX_PAGE_BYTES => Err(ReadError::TooLarge),
        Some(bytes) => Ok(bytes),
        None => read_regular_file(&full, MAX_PAGE_BYTES),
    };
    let bytes = bytes.map_err(|e| {
        let (code, message) = match e {
            ReadError::Io(e) => (Code::Unreadable, format!("cannot read the file: {e}")),
            ReadError::NotAFile => {
                (Code::Unreadable, "not a regular file (a FIFO, device or folder): not read".to_owned())
            }
            ReadError::TooLarge => {
                (Code::PageTooLarge, format!("the file is larger than {} MiB: not read", MAX_PAGE_BYTES >> 20))
            }
        };
        Box::new(Unreadable { diagnostic: Diagnostic::new(code, &file, "", 0..0, message), text: String::new() })
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

/// A page's text as [`read_page`] leaves it for showing its diagnostics, from the file's
/// contents: for the no-change shortcut, which shows recorded diagnostics.
pub(crate) fn page_text(file: &str, bytes: Vec<u8>) -> String {
    if bytes.len() as u64 > MAX_PAGE_BYTES {
        return String::new();
    }
    decode(file, bytes).unwrap_or_else(|bad| bad.text)
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
fn locale_from_path(dirs: &Path) -> Option<String> {
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
    if crate::vocabulary::PUBLISHED_LANGUAGES.contains(&language) {
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
fn is_known_locale(locale: &str) -> bool {
    crate::vocabulary::PUBLISHED_LANGUAGES.contains(&locale.split('-').next().unwrap_or(""))
}

/// What the path says that is worth a warning: a folder shaped like a locale the docs are
/// not published in (the page is still read, as a translation).
pub(crate) fn path_diagnostics(input: &PageInput) -> Option<Diagnostic> {
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
fn version_from_path(dirs: &Path) -> Option<ApiVersion> {
    dirs.components().rev().find_map(|c| match c {
        Component::Normal(s) => ApiVersion::parse(&s.to_string_lossy()),
        _ => None,
    })
}

/// The kind of page the nearest `api` or `resources` folder implies.
fn kind_from_path(dirs: &Path) -> Option<PageKind> {
    dirs.components().rev().find_map(|c| match c {
        Component::Normal(s) if s == "api" => Some(PageKind::Api),
        Component::Normal(s) if s == "resources" => Some(PageKind::Resource),
        _ => None,
    })
}

/// Resolves `[!INCLUDE]` targets on disk, relative to the including page and never outside `root`.
///
/// Included fragments are not searched for includes of their own, so there is no nesting to
/// bound and no cycle to detect.
pub struct FsIncludes {
    root: PathBuf,
    /// `root` with every symlink resolved: what a target's real path must lie under.
    real_root: Option<PathBuf>,
}

impl FsIncludes {
    pub fn new(root: &Path) -> Self {
        let root =
            if root.is_file() { root.parent().unwrap_or(Path::new(".")).to_path_buf() } else { root.to_path_buf() };
        let real_root = root.canonicalize().ok();
        FsIncludes { root, real_root }
    }

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
        // The textual check above is not enough: a symlinked file or folder on the way may
        // point anywhere. The real path decides.
        let real = match self.root.join(&rel).canonicalize() {
            Ok(real) => real,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(IncludeError::Missing),
            Err(e) => return Err(IncludeError::Unreadable(e.to_string())),
        };
        if !self.real_root.as_ref().is_some_and(|root| real.starts_with(root)) {
            return Err(IncludeError::OutsideRoot);
        }
        let bytes = read_regular_file(&real, MAX_INCLUDE_BYTES).map_err(|e| match e {
            ReadError::Io(e) => IncludeError::Unreadable(e.to_string()),
            ReadError::NotAFile => IncludeError::NotAFile,
            ReadError::TooLarge => IncludeError::TooLarge,
        })?;
        let text = String::from_utf8(bytes).map_err(|_| IncludeError::Unreadable("not valid UTF-8".to_owned()))?;
        Ok(IncludedText { file: rel, text })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

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

    /// A docs root at `<tmp>/docs` with an includes folder, and a file outside it at `<tmp>/secret.md`.
    fn root_with_outside_file() -> (tempfile::TempDir, PathBuf, PathBuf, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let includes = dir.path().join("docs/en/api-reference/beta/includes");
        std::fs::create_dir_all(&includes).unwrap();
        std::fs::write(dir.path().join("secret.md"), "|secret|").unwrap();
        let (root, secret) = (dir.path().join("docs"), dir.path().join("secret.md"));
        (dir, root, includes, secret)
    }

    const PAGE: &str = "en/api-reference/beta/api/x.md";

    #[cfg(unix)]
    #[test]
    fn includes_through_symlinks_out_of_the_root_are_refused() {
        let (_dir, root, includes, secret) = root_with_outside_file();
        std::os::unix::fs::symlink(&secret, includes.join("file-link.md")).unwrap();
        std::os::unix::fs::symlink(secret.parent().unwrap(), includes.join("dir-link")).unwrap();
        std::os::unix::fs::symlink("loop", includes.join("loop")).unwrap();
        // A symlink that stays inside the root is fine.
        std::fs::write(includes.join("real.md"), "|inside|").unwrap();
        std::os::unix::fs::symlink(includes.join("real.md"), includes.join("inside-link.md")).unwrap();
        let inc = FsIncludes::new(&root);
        assert_eq!(inc.resolve(PAGE, "../includes/file-link.md").unwrap_err(), IncludeError::OutsideRoot);
        assert_eq!(inc.resolve(PAGE, "../includes/dir-link/secret.md").unwrap_err(), IncludeError::OutsideRoot);
        assert!(matches!(inc.resolve(PAGE, "../includes/loop").unwrap_err(), IncludeError::Unreadable(_)));
        assert_eq!(inc.resolve(PAGE, "../includes/inside-link.md").unwrap().text, "|inside|");
        // Through a symlinked root, the real root is what counts: includes still resolve.
        let linked_root = root.parent().unwrap().join("root-link");
        std::os::unix::fs::symlink(&root, &linked_root).unwrap();
        assert_eq!(FsIncludes::new(&linked_root).resolve(PAGE, "../includes/real.md").unwrap().text, "|inside|");
    }

    #[cfg(unix)]
    #[test]
    fn only_regular_files_of_bounded_size_are_included() {
        let (_dir, root, includes, _) = root_with_outside_file();
        rustix::fs::mknodat(rustix::fs::CWD, includes.join("fifo.md"), rustix::fs::FileType::Fifo, 0o600.into(), 0)
            .unwrap();
        std::fs::create_dir(includes.join("folder.md")).unwrap();
        let big = std::fs::File::create(includes.join("big.md")).unwrap();
        big.set_len(MAX_INCLUDE_BYTES + 1).unwrap();
        let at_limit = std::fs::File::create(includes.join("at-limit.md")).unwrap();
        at_limit.set_len(MAX_INCLUDE_BYTES).unwrap();
        std::fs::write(includes.join("latin1.md"), b"caf\xE9").unwrap();
        let inc = FsIncludes::new(&root);
        // Would block forever without O_NONBLOCK: no writer ever opens the FIFO.
        assert_eq!(inc.resolve(PAGE, "../includes/fifo.md").unwrap_err(), IncludeError::NotAFile);
        assert_eq!(inc.resolve(PAGE, "../includes/folder.md").unwrap_err(), IncludeError::NotAFile);
        assert_eq!(inc.resolve(PAGE, "../includes/big.md").unwrap_err(), IncludeError::TooLarge);
        assert_eq!(inc.resolve(PAGE, "../includes/at-limit.md").unwrap().text.len() as u64, MAX_INCLUDE_BYTES);
        assert!(matches!(inc.resolve(PAGE, "../includes/latin1.md").unwrap_err(), IncludeError::Unreadable(_)));
        // Each failure is a diagnostic code of its own.
        let codes: std::collections::BTreeSet<_> = [
            IncludeError::Missing,
            IncludeError::OutsideRoot,
            IncludeError::NotAFile,
            IncludeError::TooLarge,
            IncludeError::Unreadable(String::new()),
        ]
        .iter()
        .map(IncludeError::code)
        .collect();
        assert_eq!(codes.len(), 5);
    }

    #[cfg(unix)]
    #[test]
    fn pages_are_bounded_and_never_block() {
        let dir = tempfile::tempdir().unwrap();
        let big = std::fs::File::create(dir.path().join("big.md")).unwrap();
        big.set_len(MAX_PAGE_BYTES + 1).unwrap();
        rustix::fs::mknodat(rustix::fs::CWD, dir.path().join("fifo.md"), rustix::fs::FileType::Fifo, 0o600.into(), 0)
            .unwrap();
        let code = |root: &Path, rel: &str| read_page(root, Path::new(rel), None).unwrap_err().diagnostic.code;
        assert_eq!(code(dir.path(), "big.md"), Code::PageTooLarge);
        assert_eq!(code(dir.path(), "fifo.md"), Code::Unreadable);
        // Devices are refused before a byte is read (`/dev/zero` would never end).
        assert_eq!(code(Path::new("/dev/zero"), ""), Code::Unreadable);
        assert!(matches!(read_regular_file(Path::new("/dev/zero"), 10), Err(ReadError::NotAFile)));
        // A regular file whose size says 0 but whose content is longer is cut at the limit.
        #[cfg(target_os = "linux")]
        assert!(matches!(read_regular_file(Path::new("/proc/self/maps"), 10), Err(ReadError::TooLarge)));
        std::fs::write(dir.path().join("ok.md"), "# Title\n").unwrap();
        assert_eq!(read_page(dir.path(), Path::new("ok.md"), None).unwrap().text, "# Title\n");
    }

    /// The no-change record keeps the contents of exactly the files discovery lists.
    #[test]
    fn page_paths_are_what_discovery_lists() {
        let dir = tempfile::tempdir().unwrap();
        let files = [
            "a.md",
            "b.markdown",
            "c.txt",
            "d.png",
            "v1/api/e.md",
            "v1/includes/f.md",
            "includes.md",
            ".hidden.md",
            ".git/g.md",
            "v1/.h/i.md",
            "v1/includes.md/j.md",
        ];
        for file in files {
            let path = dir.path().join(file);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, "# x\n").unwrap();
        }
        let listed: BTreeSet<PathBuf> = discover(dir.path()).unwrap().into_iter().collect();
        let pages: BTreeSet<PathBuf> = files.iter().map(PathBuf::from).filter(|rel| is_page_path(rel)).collect();
        assert_eq!(listed, pages);
        assert!(pages.contains(Path::new("v1/api/e.md")) && !pages.contains(Path::new("v1/includes/f.md")));
    }

    /// Contents read before (the no-change record's hashing) are what is parsed, under the
    /// same limit and decoding as a file read here.
    #[test]
    fn prefetched_contents_are_read_as_the_file_would_be() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("ok.md"), "# On disk\n").unwrap();
        let page = |bytes: Vec<u8>| read_page(dir.path(), Path::new("ok.md"), Some(bytes));
        assert_eq!(page(b"\xEF\xBB\xBF# As hashed\n".to_vec()).unwrap().text, "# As hashed\n");
        let too_large = vec![b'a'; MAX_PAGE_BYTES as usize + 1];
        assert_eq!(page(too_large).unwrap_err().diagnostic.code, Code::PageTooLarge);
        assert_eq!(page(vec![0xFF, b'a']).unwrap_err().diagnostic.code, Code::NotUtf8);
    }
}
