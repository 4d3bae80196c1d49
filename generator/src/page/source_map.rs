//! Byte offsets → 1-based lines, and the small context every extractor shares
//! (file name, text, diagnostics sink).

use crate::diagnostics::{Code, Diagnostic};
use crate::model::Source;
use std::ops::Range;

/// Start offsets of every line, so a line lookup is a binary search.
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let mut starts = Vec::with_capacity(text.len() / 40 + 1);
        starts.push(0);
        starts.extend(text.bytes().enumerate().filter(|(_, b)| *b == b'\n').map(|(i, _)| i + 1));
        LineIndex { starts }
    }

    /// Byte offset where a 1-based line starts.
    pub fn start_of(&self, line: u32) -> usize {
        self.starts.get((line as usize).saturating_sub(1)).copied().unwrap_or(0)
    }

    /// 1-based line of a byte offset.
    pub fn line(&self, offset: usize) -> u32 {
        self.starts.partition_point(|&s| s <= offset).max(1) as u32
    }
}

/// The file being read, with a place to report findings.
pub struct Ctx<'a> {
    pub file: &'a str,
    pub text: &'a str,
    pub lines: LineIndex,
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
