//! Diagnostics: what every stage reports about its input, with a stable code,
//! a severity and a file:line:col, rendered like rustc's by codespan-reporting.

use codespan_reporting::diagnostic as cs;
use codespan_reporting::files::SimpleFiles;
use codespan_reporting::term;
use codespan_reporting::term::termcolor::{ColorChoice, NoColor, StandardStream, WriteColor};
use serde::Serialize;
use std::ops::Range;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Note,
}

macro_rules! codes {
    ($( $(#[$doc:meta])* $variant:ident = $code:literal, $severity:ident; )*) => {
        /// Stable diagnostic codes. A code never changes meaning; new ones are appended.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code { $( $(#[$doc])* $variant, )* }

        impl Code {
            pub const ALL: &'static [Code] = &[$(Code::$variant),*];

            /// The code as printed, e.g. `G0201`.
            pub fn as_str(self) -> &'static str {
                match self { $( Code::$variant => $code, )* }
            }

            pub fn severity(self) -> Severity {
                match self { $( Code::$variant => Severity::$severity, )* }
            }
        }
    };
}

codes! {
    /// The file could not be read.
    Unreadable = "G0001", Error;
    /// The file is not valid UTF-8.
    NotUtf8 = "G0002", Error;
    /// The file is empty or holds only whitespace.
    EmptyFile = "G0003", Error;
    /// The locale is neither in the path nor recognisable from the content.
    UnknownLocale = "G0004", Warning;
    /// The API version is neither in the path nor in an example URL.
    UnknownVersion = "G0005", Error;
    /// The page is not an API page (a resource or concept page); it is skipped.
    NotAnApiPage = "G0006", Note;
    /// The page has no title to identify the operation by.
    NoTitle = "G0007", Error;
    /// The generator itself failed on the page (a bug: please report it).
    InternalError = "G0008", Error;
    /// The folder and the front matter disagree about the kind of page; its content decided.
    PageKindDisagreement = "G0009", Note;

    /// An annotation was not strict JSON and was repaired.
    AnnotationRepaired = "G0101", Warning;
    /// An annotation could not be parsed, even leniently.
    AnnotationInvalid = "G0102", Error;
    /// An annotation has a key this generator does not know.
    AnnotationUnknownKey = "G0103", Warning;
    /// An annotation has a blockType this generator does not know.
    AnnotationUnknownBlockType = "G0104", Warning;
    /// An `[!INCLUDE]` points to a file that does not exist.
    IncludeMissing = "G0105", Error;
    /// An `[!INCLUDE]` points outside the docs root.
    IncludeOutsideRoot = "G0106", Error;

    /// The page has no HTTP request section.
    NoHttpRequest = "G0201", Error;
    /// A line of the HTTP request block is not `METHOD /path`.
    BadRequestLine = "G0202", Warning;
    /// The HTTP request section has no endpoint.
    NoEndpoints = "G0203", Error;
    /// A `METHOD /path` block with no HTTP request heading was read as the request.
    RequestBlockWithoutHeading = "G0204", Warning;
    /// An example ID (a GUID) in a request path was read as a parameter.
    ExampleIdInPath = "G0205", Warning;
    /// A request path elides segments (`...`); it is left out of the client.
    EllipsisInPath = "G0206", Warning;

    /// The page has no permissions section.
    NoPermissions = "G0301", Warning;
    /// A permissions table has no recognisable scheme rows.
    PermissionsTableUnreadable = "G0302", Warning;
    /// A permission name is a near miss of another one seen in the same run.
    PermissionNearMiss = "G0303", Warning;
    /// A permission name was damaged (spaces, stray characters) and repaired.
    PermissionRepaired = "G0304", Warning;
    /// A permission name is translated or not a valid permission name.
    PermissionInvalid = "G0305", Warning;
    /// A permissions row (or column) names no scheme the generator can be sure of; its
    /// permissions are attributed to no scheme.
    PermissionRowUnplaced = "G0306", Warning;
    /// A permissions column states an order the generator does not recognise.
    PermissionOrderUnrecognised = "G0307", Warning;
    /// A permissions table is larger than any real one; only part of it is read.
    PermissionsTableTooLarge = "G0308", Warning;
    /// A phrase repeated alone in scheme cells across the run is read as the edition's "not supported".
    NotSupportedPhraseLearned = "G0309", Note;

    /// The Response prose and the example response disagree on the status.
    StatusDisagreement = "G0401", Warning;
    /// No success status found.
    NoStatus = "G0402", Warning;

    /// Pages in different locales disagree about an operation.
    LocaleDisagreement = "G0501", Warning;
    /// Two pages of the same locale document the same operation.
    DuplicatePage = "G0502", Warning;

    /// A resource page names its type nowhere the generator can read.
    ResourceWithoutName = "G0601", Warning;
    /// A row of a Properties or Relationships table has no readable name or type.
    ResourceRowUnreadable = "G0602", Warning;
    /// An operation's response or request type is not a type of the resource pages.
    TypeLinkUnresolved = "G0603", Note;
    /// A POST page's Request body table does not read as a parameter table (no type column, a row
    /// without a parameter name): no parameters are recorded.
    ParameterTableUnreadable = "G0604", Warning;

    /// Several pages document one endpoint, disagree on its permissions or type, and nothing on
    /// them tells which owns it: no page's permissions stand for the endpoint.
    EndpointDocumentedDifferently = "G0801", Warning;

    /// The file is larger than the page size limit; it is not read.
    PageTooLarge = "G0020", Error;
    /// An `[!INCLUDE]` target is not a regular file (a FIFO, device or folder).
    IncludeNotAFile = "G0107", Error;
    /// An `[!INCLUDE]` target is larger than the include size limit.
    IncludeTooLarge = "G0108", Error;
    /// An `[!INCLUDE]` target exists but cannot be read (permissions, symlink loop, not UTF-8).
    IncludeUnreadable = "G0109", Error;
    /// An annotation is larger than the annotation size limit; it is not checked.
    AnnotationTooLarge = "G0110", Warning;

    /// An example body meant as JSON is not valid JSON.
    ExampleInvalidJson = "G0701", Warning;
    /// A truncated example body is not strict JSON (`...`, comments): checked as far as readable.
    ExampleTruncatedNotJson = "G0702", Note;
    /// An example has a property its type (with its base types) does not list.
    ExampleUnknownProperty = "G0703", Warning;
    /// An example value has a JSON type its property's type does not allow.
    ExampleWrongJsonType = "G0704", Warning;
    /// An example names a type (annotation or `@odata.type`) that no resource page describes.
    ExampleUnknownType = "G0705", Warning;
    /// An example's `@odata.type` names a type that is neither the documented type nor derived from it.
    ExampleTypeNotDerived = "G0706", Warning;
    /// An example value has the right JSON type but not its type's format (a date, GUID, base64, an
    /// integer out of range), so it cannot be decoded.
    ExampleValueFormat = "G0707", Warning;
}

/// One finding about the input.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    #[serde(serialize_with = "serialize_code")]
    pub code: Code,
    pub severity: Severity,
    /// File as given to the run, `/`-separated, relative to the input root.
    pub file: String,
    /// Byte range in the file.
    pub span: Range<usize>,
    /// 1-based line and column (in characters) of `span.start`.
    pub line: u32,
    pub column: u32,
    pub message: String,
    /// Short text under the caret, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

fn serialize_code<S: serde::Serializer>(code: &Code, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(code.as_str())
}

impl Diagnostic {
    /// A diagnostic at `span` of `text` (the file's contents), with the code's severity.
    pub fn new(code: Code, file: &str, text: &str, span: Range<usize>, message: impl Into<String>) -> Self {
        let (line, column) = line_col(text, span.start);
        Diagnostic {
            code,
            severity: code.severity(),
            file: file.to_owned(),
            span,
            line,
            column,
            message: message.into(),
            label: None,
            notes: Vec::new(),
        }
    }

    pub fn with_label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    pub fn with_note(mut self, note: impl Into<String>) -> Self {
        self.notes.push(note.into());
        self
    }

    fn sort_key(&self) -> (&str, usize, &str, &str) {
        (&self.file, self.span.start, self.code.as_str(), &self.message)
    }
}

/// 1-based line and character column of a byte offset (clamped to the text).
pub fn line_col(text: &str, offset: usize) -> (u32, u32) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = text[line_start..offset].chars().count() + 1;
    (line as u32, column as u32)
}

/// Sorts diagnostics so that output is the same whatever order pages were read in.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
}

/// Counts per severity.
pub fn count(diagnostics: &[Diagnostic], severity: Severity) -> usize {
    diagnostics.iter().filter(|d| d.severity == severity).count()
}

/// The texts diagnostics point into, by file name, so they can be shown in context.
///
/// Only texts that have diagnostics are kept in memory; others are read again from
/// under `root` when a later stage needs them (a run over thousands of pages keeps
/// a few dozen). Line tables are only built, at render time, for files shown.
#[derive(Default)]
pub struct SourceMap {
    root: Option<std::path::PathBuf>,
    texts: std::sync::RwLock<std::collections::BTreeMap<String, std::sync::Arc<str>>>,
}

impl SourceMap {
    pub fn new() -> Self {
        Self::default()
    }

    /// A map that reads texts it was not given from under `root`.
    pub fn with_root(root: &std::path::Path) -> Self {
        SourceMap { root: Some(root.to_path_buf()), ..Self::default() }
    }

    pub fn add(&mut self, file: &str, text: String) {
        self.texts.get_mut().unwrap_or_else(|e| e.into_inner()).insert(file.to_owned(), text.into());
    }

    /// The text of a file: given before, or read from under the root.
    pub fn text(&self, file: &str) -> Option<std::sync::Arc<str>> {
        if let Some(text) = self.texts.read().unwrap_or_else(|e| e.into_inner()).get(file) {
            return Some(text.clone());
        }
        // Read as pages are: a regular file within the size limit, never a FIFO.
        let bytes =
            crate::read::read_regular_file(&self.root.as_ref()?.join(file), crate::read::MAX_PAGE_BYTES).ok()?;
        let text: std::sync::Arc<str> = String::from_utf8(bytes).ok()?.into();
        self.texts.write().unwrap_or_else(|e| e.into_inner()).insert(file.to_owned(), text.clone());
        Some(text)
    }

    /// Renders every diagnostic like rustc does, in the order given.
    pub fn render(&self, diagnostics: &[Diagnostic], out: &mut dyn WriteColor) {
        let config = term::Config::default();
        let mut files = SimpleFiles::new();
        let mut ids = std::collections::BTreeMap::new();
        for d in diagnostics {
            if ids.contains_key(d.file.as_str()) {
                continue;
            }
            if let Some(text) = self.text(&d.file) {
                ids.insert(d.file.as_str(), files.add(escape(&d.file).into_owned(), masked(text)));
            }
        }
        for d in diagnostics {
            let rendered = to_codespan(d, ids.get(d.file.as_str()).copied());
            // A diagnostic whose file is unknown (or whose span no longer fits) is still shown, without a snippet.
            if term::emit(out, &config, &files, &rendered).is_err() {
                let _ = writeln!(
                    out,
                    "{}[{}]: {}\n  --> {}:{}:{}",
                    severity_word(d.severity),
                    d.code.as_str(),
                    escape(&d.message),
                    escape(&d.file),
                    d.line,
                    d.column
                );
            }
        }
    }

    /// Renders without colour into a string (for tests and files).
    pub fn render_to_string(&self, diagnostics: &[Diagnostic]) -> String {
        let mut out = NoColor::new(Vec::new());
        self.render(diagnostics, &mut out);
        String::from_utf8_lossy(&out.into_inner()).into_owned()
    }

    /// Renders to standard error, coloured when it is a terminal.
    pub fn render_to_stderr(&self, diagnostics: &[Diagnostic]) {
        let choice =
            if std::io::IsTerminal::is_terminal(&std::io::stderr()) { ColorChoice::Auto } else { ColorChoice::Never };
        let mut stream = StandardStream::stderr(choice);
        self.render(diagnostics, &mut stream);
    }
}

fn to_codespan(d: &Diagnostic, file_id: Option<usize>) -> cs::Diagnostic<usize> {
    let base = match d.severity {
        Severity::Error => cs::Diagnostic::error(),
        Severity::Warning => cs::Diagnostic::warning(),
        Severity::Note => cs::Diagnostic::note(),
    };
    let notes = d.notes.iter().map(|n| escape(n).into_owned()).collect();
    let mut diag = base.with_code(d.code.as_str()).with_message(escape(&d.message)).with_notes(notes);
    match file_id {
        Some(id) => {
            let mut label = cs::Label::primary(id, d.span.clone());
            if let Some(text) = &d.label {
                label = label.with_message(escape(text));
            }
            diag = diag.with_labels(vec![label]);
        }
        None => diag = diag.with_notes(vec![format!("at {}:{}:{}", escape(&d.file), d.line, d.column)]),
    }
    diag
}

/// A file's text as shown in snippets: [`is_hidden`](crate::emit_rust::is_hidden) characters
/// (terminal escapes, a carriage return that would overwrite the line, bidi controls) replaced
/// by `?`, `¿` or `\u{FFFD}` of the same UTF-8 length, so that every span still points where it did.
fn masked(text: std::sync::Arc<str>) -> std::sync::Arc<str> {
    let keep = |c: char, next: Option<char>| matches!(c, '\n' | '\t') || (c == '\r' && next == Some('\n'));
    let mut chars = text.chars().peekable();
    let mut out: Option<String> = None;
    let mut at = 0;
    while let Some(c) = chars.next() {
        if crate::emit_rust::is_hidden(c) && !keep(c, chars.peek().copied()) {
            let out = out.get_or_insert_with(|| text[..at].to_owned());
            match c.len_utf8() {
                1 => out.push('?'),
                2 => out.push('¿'),
                3 => out.push('\u{FFFD}'),
                _ => out.push_str("\u{FFFD}?"),
            }
        } else if let Some(out) = out.as_mut() {
            out.push(c);
        }
        at += c.len_utf8();
    }
    out.map_or(text, Into::into)
}

/// A file name or message as printed: line breaks, other control characters (terminal
/// escapes) and invisible or bidirectional characters are shown as `\u{..}` escapes, so a
/// file named `a\nerror[G0001]: ...` cannot forge a diagnostic line nor reorder one.
fn escape(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(crate::emit_rust::is_hidden) {
        return text.into();
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if crate::emit_rust::is_hidden(c) {
            out.extend(c.escape_unicode());
        } else {
            out.push(c);
        }
    }
    out.into()
}

fn severity_word(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "note",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_characters_not_bytes() {
        let text = "ab\n权限x\n";
        assert_eq!(line_col(text, 0), (1, 1));
        assert_eq!(line_col(text, 3), (2, 1));
        // "权限" is 6 bytes, 2 characters.
        assert_eq!(line_col(text, 9), (2, 3));
        // Inside a multi-byte character: clamped back to its start.
        assert_eq!(line_col(text, 4), (2, 1));
        assert_eq!(line_col(text, 999), (3, 1));
    }

    #[test]
    fn codes_are_unique() {
        let mut seen = std::collections::BTreeSet::new();
        for code in Code::ALL {
            assert!(seen.insert(code.as_str()), "duplicate code {}", code.as_str());
        }
    }

    #[test]
    fn file_names_and_messages_cannot_forge_lines() {
        let forged = "a.md\nerror[G0001]: forged\u{202E}";
        let mut map = SourceMap::new();
        map.add(forged, "line one\n".to_owned());
        let d = Diagnostic::new(Code::NoTitle, forged, "line one\n", 0..4, "title of `x\ny`\0");
        let unknown = Diagnostic::new(Code::NoTitle, "b\r\n.md", "", 0..0, "m");
        let out = map.render_to_string(&[d, unknown]);
        assert!(!out.lines().any(|l| l.starts_with("error[G0001]")), "{out}");
        assert!(out.contains(r"a.md\u{a}error[G0001]: forged\u{202e}"), "{out}");
        assert!(out.contains(r"title of `x\u{a}y`\u{0}"), "{out}");
        assert!(out.contains(r"b\u{d}\u{a}.md"), "{out}");
        assert!(!out.contains(['\0', '\r', '\u{202E}']), "{out}");
    }

    #[test]
    fn snippets_show_no_terminal_escapes_and_keep_their_spans() {
        let text = "a\u{1b}[2J\u{85}b\r\u{202E}cd\u{E0041}e\r\n";
        let mut map = SourceMap::new();
        map.add("a.md", text.to_owned());
        let at = text.find("cd").unwrap();
        let d = Diagnostic::new(Code::NoTitle, "a.md", text, at..at + 2, "m").with_label("here");
        let out = map.render_to_string(&[d]);
        assert!(out.contains("a?[2J¿b?\u{FFFD}cd\u{FFFD}?e"), "{out}");
        assert!(!out.contains(['\u{1b}', '\u{85}', '\u{202E}', '\u{E0041}']), "{out}");
        // The caret is still under `cd`: the masked text has the same byte offsets.
        let line = out.lines().find(|l| l.contains("[2J")).unwrap();
        let caret = out.lines().find(|l| l.contains("^^")).unwrap();
        let column = |l: &str, at: usize| l[..at].chars().count();
        assert_eq!(column(caret, caret.find('^').unwrap()), column(line, line.find("cd").unwrap()), "{out}");
    }

    #[test]
    fn renders_like_rustc() {
        let mut map = SourceMap::new();
        let text = "line one\nPOST nowhere\n".to_owned();
        map.add("a.md", text.clone());
        let d = Diagnostic::new(Code::BadRequestLine, "a.md", &text, 9..21, "not a request line")
            .with_label("expected `METHOD /path`");
        let out = map.render_to_string(&[d]);
        assert!(out.starts_with("warning[G0202]: not a request line"), "{out}");
        assert!(out.contains("a.md:2:1"), "{out}");
        assert!(out.contains("expected `METHOD /path`"), "{out}");
    }
}
