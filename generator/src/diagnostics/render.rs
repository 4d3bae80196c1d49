//! Rendering diagnostics like rustc, with the source line, by codespan-reporting.

use super::{Diagnostic, Severity};

/// How much of a run's diagnostics a person is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Detail {
    /// Each kind of finding once, with where else it occurs, and a count per code.
    Grouped,
    /// Every diagnostic in full.
    Every,
}
use codespan_reporting::diagnostic as cs;
use codespan_reporting::files::SimpleFiles;
use codespan_reporting::term;
use codespan_reporting::term::termcolor::{ColorChoice, NoColor, StandardStream, WriteColor};

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
        self.add_shared(file.to_owned(), text.into());
    }

    /// Like [`Self::add`], for a text already shared (converted where it was read, in parallel).
    pub fn add_shared(&mut self, file: String, text: std::sync::Arc<str>) {
        self.texts.get_mut().unwrap_or_else(|e| e.into_inner()).insert(file, text);
    }

    /// The text of a file: given before, or read from under the root.
    pub fn text(&self, file: &str) -> Option<std::sync::Arc<str>> {
        if let Some(text) = self.texts.read().unwrap_or_else(|e| e.into_inner()).get(file) {
            return Some(text.clone());
        }
        // Read as pages are: a regular file within the size limit, never a FIFO.
        let bytes =
            crate::text::read_regular_file(&self.root.as_ref()?.join(file), crate::text::MAX_PAGE_BYTES).ok()?;
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

    /// Renders to standard error, coloured when it is a terminal, grouped or every one.
    pub fn render_to_stderr(&self, diagnostics: &[Diagnostic], detail: Detail) {
        let choice =
            if std::io::IsTerminal::is_terminal(&std::io::stderr()) { ColorChoice::Auto } else { ColorChoice::Never };
        let mut stream = StandardStream::stderr(choice);
        match detail {
            Detail::Grouped => self.render_grouped(diagnostics, &mut stream),
            Detail::Every => self.render(diagnostics, &mut stream),
        }
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

/// A file's text as shown in snippets: [`is_hidden`](crate::text::is_hidden) characters
/// (terminal escapes, a carriage return that would overwrite the line, bidi controls) replaced
/// by `?`, `¿` or `\u{FFFD}` of the same UTF-8 length, so that every span still points where it did.
fn masked(text: std::sync::Arc<str>) -> std::sync::Arc<str> {
    let keep = |c: char, next: Option<char>| matches!(c, '\n' | '\t') || (c == '\r' && next == Some('\n'));
    let mut chars = text.chars().peekable();
    let mut out: Option<String> = None;
    let mut at = 0;
    while let Some(c) = chars.next() {
        if crate::text::is_hidden(c) && !keep(c, chars.peek().copied()) {
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
pub(super) fn escape(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(crate::text::is_hidden) {
        return text.into();
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if crate::text::is_hidden(c) {
            out.extend(c.escape_unicode());
        } else {
            out.push(c);
        }
    }
    out.into()
}

pub(super) fn severity_word(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "note",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Code;

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
