//! Byte offsets → 1-based lines, and the small context every extractor shares
//! (file name, text, diagnostics sink).

use crate::diagnostics::{Code, Diagnostic};
use crate::model::{Source, Sourced};
use std::cell::Cell;
use std::ops::Range;

/// Line numbers by counting newlines from the last offset asked for: facts are
/// mostly read in page order, so each page is counted about once, and only up
/// to the last fact (not through the long example bodies at the end).
pub struct LineIndex<'a> {
    bytes: &'a [u8],
    /// (offset, 1-based line at that offset) of the last lookup.
    last: Cell<(usize, u32)>,
}

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str) -> Self {
        LineIndex { bytes: text.as_bytes(), last: Cell::new((0, 1)) }
    }

    fn newlines(&self, range: Range<usize>) -> u32 {
        self.bytes.get(range).map_or(0, count_newlines)
    }

    /// 1-based line of a byte offset.
    pub fn line(&self, offset: usize) -> u32 {
        let offset = offset.min(self.bytes.len());
        let (at, line) = self.last.get();
        let line = if offset >= at {
            line + self.newlines(at..offset)
        } else if offset < at - offset {
            1 + self.newlines(0..offset)
        } else {
            line - self.newlines(offset..at)
        };
        self.last.set((offset, line));
        line
    }
}

/// Counts `\n` bytes eight at a time (SWAR: a byte of `x` is zero exactly
/// when the high bit of `((x & 0x7f..) + 0x7f..) | x` is clear).
fn count_newlines(bytes: &[u8]) -> u32 {
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    let mut chunks = bytes.chunks_exact(8);
    let mut n = 0u32;
    for chunk in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let x = u64::from_le_bytes(word) ^ 0x0a0a_0a0a_0a0a_0a0a;
        let nonzero = (((x & LOW7) + LOW7) | x) & !LOW7;
        n += 8 - nonzero.count_ones();
    }
    n + chunks.remainder().iter().filter(|&&b| b == b'\n').count() as u32
}

/// The file being read, with a place to report findings.
pub struct Ctx<'a> {
    pub file: &'a str,
    /// The file name every `Source` of this page shares.
    shared_file: std::sync::Arc<str>,
    pub text: &'a str,
    pub lines: LineIndex<'a>,
    pub diagnostics: Vec<Diagnostic>,
    /// Order remarks the vocabulary does not know, as written: reported by the run (G0307),
    /// on each page or once for an edition that words its remarks so.
    pub unknown_order_remarks: Vec<Sourced<String>>,
}

impl<'a> Ctx<'a> {
    pub fn new(file: &'a str, text: &'a str) -> Self {
        Ctx {
            file,
            shared_file: file.into(),
            text,
            lines: LineIndex::new(text),
            diagnostics: Vec::new(),
            unknown_order_remarks: Vec::new(),
        }
    }

    pub fn source(&self, offset: usize) -> Source {
        Source { file: self.shared_file.clone(), line: self.lines.line(offset) }
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
    fn counts_newlines_in_words() {
        let text = "a\nbcdefgh\n\n\n\n\n\n\n\nxyz\n";
        assert_eq!(count_newlines(text.as_bytes()), text.matches('\n').count() as u32);
    }

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
