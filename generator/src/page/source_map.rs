//! Byte offsets → 1-based lines, and the small context every extractor shares
//! (file name, text, diagnostics sink).

use crate::diagnostics::{Code, Diagnostic};
use crate::model::Source;
use std::cell::{Cell, RefCell};
use std::ops::Range;

/// Start offsets of lines, scanned lazily up to the furthest offset asked for
/// (most facts sit before the long example bodies at the end of a page).
pub struct LineIndex<'a> {
    bytes: &'a [u8],
    starts: RefCell<Vec<usize>>,
    /// Every newline before this offset is in `starts`.
    scanned: Cell<usize>,
}

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str) -> Self {
        let mut starts = Vec::with_capacity(64);
        starts.push(0);
        LineIndex { bytes: text.as_bytes(), starts: RefCell::new(starts), scanned: Cell::new(0) }
    }

    /// Records the newlines before `offset` (and a little beyond, to batch the work).
    fn scan_to(&self, offset: usize) {
        let from = self.scanned.get();
        if offset <= from {
            return;
        }
        let to = offset.saturating_add(4096).min(self.bytes.len());
        let mut starts = self.starts.borrow_mut();
        for (i, &b) in self.bytes.get(from..to).unwrap_or(&[]).iter().enumerate() {
            if b == b'\n' {
                starts.push(from + i + 1);
            }
        }
        self.scanned.set(to.max(from));
    }

    /// Byte offset where a 1-based line starts.
    pub fn start_of(&self, line: u32) -> usize {
        let i = (line as usize).saturating_sub(1);
        while self.starts.borrow().len() <= i && self.scanned.get() < self.bytes.len() {
            self.scan_to(self.scanned.get() + 1);
        }
        self.starts.borrow().get(i).copied().unwrap_or(0)
    }

    /// 1-based line of a byte offset.
    pub fn line(&self, offset: usize) -> u32 {
        self.scan_to(offset.min(self.bytes.len()));
        self.starts.borrow().partition_point(|&s| s <= offset).max(1) as u32
    }
}

/// The file being read, with a place to report findings.
pub struct Ctx<'a> {
    pub file: &'a str,
    pub text: &'a str,
    pub lines: LineIndex<'a>,
    pub diagnostics: Vec<Diagnostic>,
}

impl<'a> Ctx<'a> {
    pub fn new(file: &'a str, text: &'a str) -> Self {
        Ctx { file, text, lines: LineIndex::new(text), diagnostics: Vec::new() }
    }

    pub fn source(&self, offset: usize) -> Source {
        Source { file: self.file.to_owned(), line: self.lines.line(offset) }
    }

    /// Reports a finding at `span` (clamped to the text).
    pub fn report(&mut self, code: Code, span: Range<usize>, message: impl Into<String>) -> &mut Diagnostic {
        let end = span.end.min(self.text.len());
        let start = span.start.min(end);
        self.diagnostics.push(Diagnostic::new(code, self.file, self.text, start..end, message));
        let last = self.diagnostics.len() - 1;
        &mut self.diagnostics[last]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_one_based() {
        let idx = LineIndex::new("a\nbc\n\nd");
        assert_eq!(idx.line(0), 1);
        assert_eq!(idx.line(2), 2);
        assert_eq!(idx.line(5), 3);
        assert_eq!(idx.line(6), 4);
        assert_eq!(idx.line(99), 4);
    }
}
