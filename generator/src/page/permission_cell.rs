//! One permissions table cell → NotSupported / Unspecified / a list of names,
//! repairing machine-translation damage to names where it is safe.

use crate::diagnostics::Code;
use crate::doc::markdown::Inline;
use crate::doc::source_map::Ctx;
use crate::model::Sourced;
use crate::vocabulary as vocab;

#[derive(Debug)]
pub enum CellValue {
    NotSupported,
    Unspecified,
    /// A short phrase without permission names, in words the vocabulary does not know:
    /// maybe the edition's "not supported", which only the whole run can tell (`merge::phrases`).
    Phrase(String),
    /// The names kept, in the cell's order, and where names too damaged to keep were left out.
    Names(Vec<Sourced<String>>, Dropped),
}

/// Where in a list of names a name too damaged to repair was left out: before the first name
/// kept, or after the last one. The end of the list the order puts the least privileged at is
/// then unknown: the next name is not the least privileged.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Dropped {
    pub before_first: bool,
    pub after_last: bool,
}

/// Longer cells are notes, not a stock phrase.
const MAX_PHRASE_WORDS: usize = 6;

const SINGLE_WORD_SCOPES: &[&str] = &["openid", "profile", "email", "offline_access"];

pub fn read(ctx: &mut Ctx, cell: &Inline) -> CellValue {
    let text: std::borrow::Cow<str> = if cell.english.contains(['\u{a0}', '&']) {
        cell.english.replace('\u{a0}', " ").replace("&nbsp;", " ").into()
    } else {
        cell.english.as_str().into()
    };
    let trimmed = text.trim().trim_matches(|c: char| c == '*' || c == '_' || c.is_whitespace());
    let lower = trimmed.to_lowercase();
    let bare = lower.trim_end_matches(['.', '。', '!']).trim();
    if bare.is_empty() || vocab::PLACEHOLDER.iter().any(|p| lower.contains(p)) || vocab::NO_ANSWER.contains(&bare) {
        return CellValue::Unspecified;
    }
    if vocab::NOT_SUPPORTED.iter().any(|p| bare.starts_with(p)) {
        return CellValue::NotSupported;
    }
    let reported = ctx.diagnostics.len();
    let mut names = Vec::new();
    let mut dropped = Dropped::default();
    for piece in trimmed.split([',', '\n', '、', '，', ';', '；']) {
        // A trailing `*` is a footnote marker (resource-specific consent), not part of the name.
        let plain = piece.trim().trim_end_matches('.').trim_end_matches('*').trim_end();
        if is_permission_name(plain) {
            // The usual case: a clean name, nothing to repair.
            names.push(Sourced::new(plain.to_owned(), ctx.source(cell.start)));
            dropped.after_last = false;
            continue;
        }
        for name in split_words(piece) {
            let invalid_before = count_invalid(ctx);
            match check_name(ctx, cell, name) {
                Some(name) => {
                    names.push(Sourced::new(name, ctx.source(cell.start)));
                    dropped.after_last = false;
                }
                None if count_invalid(ctx) > invalid_before => {
                    dropped.before_first |= names.is_empty();
                    dropped.after_last = true;
                }
                None => {}
            }
        }
    }
    if names.is_empty() {
        // A phrase has no name-like token (no inner dot) and nothing was reported as a bad name.
        let phrase = trimmed.trim_end_matches(['.', '。', '!']).trim();
        let is_phrase = ctx.diagnostics.len() == reported
            && !phrase.contains('.')
            && phrase.split_whitespace().count() <= MAX_PHRASE_WORDS
            && phrase.chars().any(char::is_alphabetic);
        return if is_phrase { CellValue::Phrase(trimmed.to_owned()) } else { CellValue::Unspecified };
    }
    if dropped.before_first || dropped.after_last {
        if let Some(last) = ctx.diagnostics.iter_mut().rev().find(|d| d.code == Code::PermissionInvalid) {
            last.notes.push(
                "a name at an end of the list is left out: where it stood for the least privileged permission, \
                 the least privileged one is left unknown rather than taken from the next name"
                    .to_owned(),
            );
        }
    }
    CellValue::Names(names, dropped)
}

fn count_invalid(ctx: &Ctx) -> usize {
    ctx.diagnostics.iter().filter(|d| d.code == Code::PermissionInvalid).count()
}

/// Splits on ` and ` / ` or ` (and their translations) once spaces around dots are gone.
fn split_words(piece: &str) -> Vec<String> {
    let joined = join_dots(piece);
    let mut out = Vec::new();
    let mut current = String::new();
    for word in joined.split_whitespace() {
        if vocab::CONJUNCTIONS.iter().any(|c| word.eq_ignore_ascii_case(c)) {
            out.push(std::mem::take(&mut current));
        } else {
            if !current.is_empty() {
                current.push(' ');
            }
            current.push_str(word);
        }
    }
    out.push(current);
    out.retain(|s| !s.trim().is_empty());
    out
}

/// `Directory. ReadWrite. All` → `Directory.ReadWrite.All`.
fn join_dots(piece: &str) -> String {
    let mut out = String::with_capacity(piece.len());
    let mut chars = piece.trim().chars().peekable();
    while let Some(c) = chars.next() {
        if c == '.' {
            while out.ends_with(' ') {
                out.pop();
            }
            out.push('.');
            if chars.peek().is_some_and(|n| *n == ' ') {
                while chars.peek().is_some_and(|n| *n == ' ') {
                    chars.next();
                }
                // A sentence end (`All. Note`) keeps its space only if a capitalised prose word follows a lower one.
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// Returns the name to keep, reporting repairs and invalid names.
fn check_name(ctx: &mut Ctx, cell: &Inline, written: String) -> Option<String> {
    let cleaned: String = written.chars().filter(|c| !matches!(c, '\\' | '*' | '`')).collect();
    let cleaned = cleaned.trim().trim_end_matches('.').trim().to_owned();
    if cleaned.is_empty() {
        return None;
    }
    let span = cell.start..cell.start + 1;
    if cleaned.split_whitespace().count() >= 3
        || (!cleaned.contains('.') && !SINGLE_WORD_SCOPES.contains(&cleaned.as_str()))
    {
        // Prose (a note in the cell, a phrase), not a name: names have the shape `Word.Word`.
        return None;
    }
    if !is_permission_name(&cleaned) {
        ctx.report(Code::PermissionInvalid, span, format!("`{cleaned}` is not a valid permission name"));
        return None;
    }
    let original = cell.english.as_str();
    if written.contains('\\') || !original.contains(cleaned.as_str()) {
        ctx.report(Code::PermissionRepaired, span, format!("permission name repaired to `{cleaned}`"));
    }
    Some(cleaned)
}

/// `Word(.Word)+` in ASCII (words may hold `_`, `-`, `*`), or a well-known single-word scope.
pub fn is_permission_name(s: &str) -> bool {
    if SINGLE_WORD_SCOPES.contains(&s) {
        return true;
    }
    let mut words = 0;
    for word in s.split('.') {
        let ok = word.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
            && word.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '*'));
        if !ok {
            return false;
        }
        words += 1;
    }
    words >= 2
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cell(text: &str) -> Inline {
        let page = format!("|a|\n|-|\n|{text}|\n");
        let doc = crate::doc::markdown::parse(&page, 0);
        match doc.blocks.into_iter().next() {
            Some(crate::doc::markdown::Block::Table(mut t)) => t.rows.remove(1).remove(0),
            _ => panic!("no table"),
        }
    }

    fn read_cell(text: &str) -> (Vec<String>, Vec<Code>, &'static str) {
        let c = cell(text);
        let mut ctx = Ctx::new("a.md", "");
        let v = read(&mut ctx, &c);
        let codes = ctx.diagnostics.iter().map(|d| d.code).collect();
        match v {
            CellValue::Names(n, _) => (n.into_iter().map(|s| s.value).collect(), codes, "names"),
            CellValue::NotSupported => (vec![], codes, "not supported"),
            CellValue::Unspecified => (vec![], codes, "unspecified"),
            CellValue::Phrase(_) => (vec![], codes, "phrase"),
        }
    }

    #[test]
    fn cells() {
        assert_eq!(read_cell("A.B, C.D and E.F<br>G.H").0, ["A.B", "C.D", "E.F", "G.H"]);
        assert_eq!(read_cell("Sem suporte.").2, "not supported");
        assert_eq!(read_cell("不支持。").2, "not supported");
        assert_eq!(read_cell("**TODO: Determine scopes **").2, "unspecified");
        assert_eq!(read_cell("n/a").2, "unspecified");
        // Unknown wording: a phrase for the run to judge, not a guess.
        assert_eq!(read_cell("Niet ondersteund.").2, "phrase");
        assert_eq!(read_cell("Zie de opmerking hieronder voor de details van dit geval").2, "unspecified");
        assert_eq!(read_cell("").2, "unspecified");
        assert_eq!(read_cell("A.B、C.D").0, ["A.B", "C.D"]);
        let (names, codes, _) = read_cell("Directory. ReadWrite. All");
        assert_eq!(names, ["Directory.ReadWrite.All"]);
        assert_eq!(codes, [Code::PermissionRepaired]);
        let (names, codes, _) = read_cell("任务.读取, Tasks.Read");
        assert_eq!(names, ["Tasks.Read"]);
        assert_eq!(codes, [Code::PermissionInvalid]);
        assert_eq!(
            read_cell("DeviceManagementManagedDevices.PriviligedOperation.All").0,
            ["DeviceManagementManagedDevices.PriviligedOperation.All"]
        );
    }
}
