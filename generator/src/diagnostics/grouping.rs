//! Diagnostics for people: what repeats is shown once.
//!
//! A run over an edition finds the same kind of fault on hundreds of pages (an example
//! property its type does not list, a status the prose contradicts). Printing each is
//! thousands of lines nobody reads; what a reader needs is each kind of fault once, in
//! full, with how often and where else it occurs. A group is one code and one message
//! shape; its first diagnostic (by location) is rendered as usual, with a note listing a
//! few of the others, and a table counts every code at the end.

use super::render::{escape, severity_word};
use super::{Code, Diagnostic, Severity, SourceMap};
use codespan_reporting::term::termcolor::{NoColor, WriteColor};
use std::collections::{BTreeMap, BTreeSet};

/// How many of a group's other locations its note names.
const LOCATIONS_NAMED: usize = 3;

/// Stands for a variable part of a message in its shape.
const PLACEHOLDER: &str = "…";

/// The message with its variable parts replaced, so that diagnostics that say the same
/// thing about different names, pages or numbers share one shape.
///
/// The messages quote what they are about in backticks (a property, a permission, a type)
/// or double quotes, give asides in parentheses (a parser's error text, a hint like
/// `(it lists `x`)`) and write "what happened: the detail" (`annotation repaired: raw
/// newlines in strings`, `example body is not valid JSON: key must be a string`): quoted
/// text is a placeholder, a parenthesis is dropped, and so is what follows the first
/// colon outside quotes. What stays unquoted but varies is numbers, paths and versions
/// (`204`, `line 48`, `api-reference/v1.0/api/user-get.md`, `v1.0`): a word with a digit,
/// or with a `/` or `.` inside it, is a placeholder too. A list of placeholders (`a`, `b`,
/// `c`) is one.
pub fn message_shape(message: &str) -> String {
    let unquoted = without_quotes_and_asides(message);
    let what_happened = match unquoted.find(": ") {
        Some(colon) => &unquoted[..colon],
        None => unquoted.strip_suffix(':').unwrap_or(&unquoted),
    };
    let mut words: Vec<&str> = Vec::new();
    for word in what_happened.split(' ').filter(|w| !w.is_empty()) {
        let core = word.trim_end_matches([',', ';', ':', '.', '!', '?']);
        let shaped = if is_variable_word(core) { PLACEHOLDER } else { core };
        let punctuation = &word[core.len()..];
        // A list of placeholders is one: `a`, `b` and `a` say the same thing.
        let follows_listed_placeholder = words.last().is_some_and(|w| *w == ",")
            && words.len() >= 2
            && words[words.len() - 2] == PLACEHOLDER
            && shaped == PLACEHOLDER;
        if follows_listed_placeholder {
            words.pop();
        } else {
            words.push(shaped);
        }
        if !punctuation.is_empty() {
            words.push(punctuation);
        }
    }
    let mut shape = String::new();
    for word in words {
        if !shape.is_empty() && ![",", ";", ":", ".", "!", "?"].contains(&word) {
            shape.push(' ');
        }
        shape.push_str(word);
    }
    shape
}

/// The message with quoted text replaced by the placeholder and parenthesised asides
/// (nested or not) removed. An unclosed quote or parenthesis runs to the end.
fn without_quotes_and_asides(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut chars = message.chars();
    let mut depth = 0usize;
    while let Some(c) = chars.next() {
        match c {
            '`' | '"' => {
                // Skip to the closing quote; inside an aside the quote goes with it.
                for inner in chars.by_ref() {
                    if inner == c {
                        break;
                    }
                }
                if depth == 0 {
                    out.push_str(PLACEHOLDER);
                }
            }
            '(' => depth += 1,
            ')' if depth > 0 => depth -= 1,
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

/// A number, a path, a file name or a version: `200`, `a/b`, `user-get.md`, `v1.0`.
fn is_variable_word(word: &str) -> bool {
    let inner_separator = word.char_indices().any(|(i, c)| {
        matches!(c, '/' | '.')
            && word[..i].chars().next_back().is_some_and(char::is_alphanumeric)
            && word[i + 1..].chars().next().is_some_and(char::is_alphanumeric)
    });
    word.chars().any(|c| c.is_ascii_digit()) || inner_separator
}

/// Diagnostics of one code, severity and message shape.
#[derive(Debug)]
pub struct Group<'d> {
    /// The first by location: the one shown in full.
    pub first: &'d Diagnostic,
    /// The others, by location.
    pub others: Vec<&'d Diagnostic>,
}

impl Group<'_> {
    /// The pages the others stand on.
    pub fn pages_of_others(&self) -> usize {
        self.others.iter().map(|d| d.file.as_str()).collect::<BTreeSet<_>>().len()
    }

    /// "and 27 more on 25 pages: a.md:12, b.md:3, c.md:40, ...", or `None` for a group of one.
    pub fn others_note(&self) -> Option<String> {
        if self.others.is_empty() {
            return None;
        }
        let pages = self.pages_of_others();
        let named: Vec<String> =
            self.others.iter().take(LOCATIONS_NAMED).map(|d| format!("{}:{}", escape(&d.file), d.line)).collect();
        let more = if self.others.len() > LOCATIONS_NAMED { ", ..." } else { "" };
        Some(format!(
            "and {} more on {pages} {}: {}{more}",
            self.others.len(),
            if pages == 1 { "page" } else { "pages" },
            named.join(", ")
        ))
    }
}

/// Groups diagnostics by severity, code and message shape; errors first, then by code,
/// then by the group's first location. The order given does not matter.
pub fn group(diagnostics: &[Diagnostic]) -> Vec<Group<'_>> {
    let mut by_location: Vec<&Diagnostic> = diagnostics.iter().collect();
    by_location.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    let mut groups: BTreeMap<(Severity, &str, String), Vec<&Diagnostic>> = BTreeMap::new();
    for d in by_location {
        groups.entry((d.severity, d.code.as_str(), message_shape(&d.message))).or_default().push(d);
    }
    let mut groups: Vec<Group> = groups
        .into_values()
        .map(|mut members| {
            let first = members.remove(0);
            Group { first, others: members }
        })
        .collect();
    groups.sort_by(|a, b| {
        (a.first.severity, a.first.code.as_str(), a.first.sort_key()).cmp(&(
            b.first.severity,
            b.first.code.as_str(),
            b.first.sort_key(),
        ))
    });
    groups
}

/// How many diagnostics of one code and severity a run has, on how many pages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeCount {
    pub code: Code,
    pub severity: Severity,
    pub diagnostics: usize,
    pub pages: usize,
}

/// Counts per code and severity: errors first, then by code.
pub fn count_by_code(diagnostics: &[Diagnostic]) -> Vec<CodeCount> {
    let mut pages: BTreeMap<(Severity, &str), (Code, usize, BTreeSet<&str>)> = BTreeMap::new();
    for d in diagnostics {
        let entry = pages.entry((d.severity, d.code.as_str())).or_insert_with(|| (d.code, 0, BTreeSet::new()));
        entry.1 += 1;
        entry.2.insert(&d.file);
    }
    pages
        .into_iter()
        .map(|((severity, _), (code, diagnostics, files))| CodeCount {
            code,
            severity,
            diagnostics,
            pages: files.len(),
        })
        .collect()
}

/// The code's meaning up to its first `;`: short enough for a table row.
fn short_meaning(code: Code) -> &'static str {
    let meaning = code.meaning();
    meaning.split("; ").next().unwrap_or(meaning).trim_end_matches('.')
}

impl SourceMap {
    /// Renders one diagnostic per group in full, with a note saying where the rest of its
    /// group stands, then a table of counts per code.
    pub fn render_grouped(&self, diagnostics: &[Diagnostic], out: &mut dyn WriteColor) {
        if diagnostics.is_empty() {
            return;
        }
        let shown: Vec<Diagnostic> = group(diagnostics)
            .into_iter()
            .map(|g| match g.others_note() {
                Some(note) => g.first.clone().with_note(note),
                None => g.first.clone(),
            })
            .collect();
        self.render(&shown, out);
        let _ = writeln!(out, "{:<6}  {:<8}  {:>6}  {:>6}  meaning", "code", "severity", "count", "pages");
        for row in count_by_code(diagnostics) {
            let _ = writeln!(
                out,
                "{:<6}  {:<8}  {:>6}  {:>6}  {}",
                row.code.as_str(),
                severity_word(row.severity),
                row.diagnostics,
                row.pages,
                short_meaning(row.code)
            );
        }
        if shown.len() < diagnostics.len() {
            let groups = if shown.len() == 1 { "group" } else { "groups" };
            let _ = writeln!(
                out,
                "{} diagnostics shown as {} {groups}: -v prints every one, --diagnostics json every one as JSON",
                diagnostics.len(),
                shown.len()
            );
        }
    }

    /// Renders grouped without colour into a string (for tests).
    pub fn render_grouped_to_string(&self, diagnostics: &[Diagnostic]) -> String {
        let mut out = NoColor::new(Vec::new());
        self.render_grouped(diagnostics, &mut out);
        String::from_utf8_lossy(&out.into_inner()).into_owned()
    }
}

#[cfg(test)]
#[path = "grouping_tests.rs"]
mod tests;
