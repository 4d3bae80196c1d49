//! The one markdown pass: turns a page into a flat list of blocks (headings,
//! paragraphs, code blocks, tables) plus the HTML comments, unwrapping
//! side-by-side `<span data-ttu-id>translation</span><span class="sxs-lookup">English</span>`
//! runs into an English and a local text as it goes.

use super::html_attr;
use super::sections::{kind_of, Kind};
use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use std::borrow::Cow;
use std::ops::Range;

/// Inline text of a heading, paragraph or table cell.
#[derive(Debug, Default, Clone)]
pub struct Inline {
    /// Text outside side-by-side spans plus the English (`sxs-lookup`) side.
    pub english: String,
    /// Text outside side-by-side spans plus the translated side; empty when
    /// the container had no side-by-side span (then it equals `english`).
    local: String,
    sxs: bool,
    /// Inline code spans with their byte offsets, in order.
    pub codes: Vec<(String, usize)>,
    /// Byte offset where the container starts.
    pub start: usize,
}

impl Inline {
    /// The translated side (the text as is, for pages that are not side by side).
    pub fn local(&self) -> &str {
        if self.sxs {
            &self.local
        } else {
            &self.english
        }
    }

    pub fn is_sxs(&self) -> bool {
        self.sxs
    }
}

#[derive(Debug)]
pub struct Heading {
    pub level: u8,
    pub text: Inline,
    /// `<a name="...">` inside the heading.
    pub anchor: Option<String>,
    pub span: Range<usize>,
}

#[derive(Debug)]
pub struct Para {
    pub text: Inline,
    pub span: Range<usize>,
    /// Inside a block quote (notes, callouts).
    pub quoted: bool,
}

#[derive(Debug)]
pub struct Code<'t> {
    /// Borrowed from the page when the block's text is one contiguous slice (the usual case).
    pub text: Cow<'t, str>,
    /// (offset in `text`, offset in the page) for each piece of `text`.
    pieces: Vec<(usize, usize)>,
    pub span: Range<usize>,
}

impl Code<'_> {
    /// Page offset of byte `i` of `text`.
    pub fn page_offset(&self, i: usize) -> usize {
        let k = self.pieces.partition_point(|&(t, _)| t <= i);
        match k.checked_sub(1).and_then(|k| self.pieces.get(k)) {
            Some(&(t, p)) => p + (i - t),
            None => self.span.start,
        }
    }
}

#[derive(Debug)]
pub struct Table {
    /// Row 0 is the header.
    pub rows: Vec<Vec<Inline>>,
    pub span: Range<usize>,
}

#[derive(Debug)]
pub enum Block<'t> {
    Heading(Heading),
    Para(Para),
    Code(Code<'t>),
    Table(Table),
}

impl Block<'_> {
    pub fn start(&self) -> usize {
        match self {
            Block::Heading(h) => h.span.start,
            Block::Para(p) => p.span.start,
            Block::Code(c) => c.span.start,
            Block::Table(t) => t.span.start,
        }
    }
}

/// A parsed page (or included file).
#[derive(Debug, Default)]
pub struct Doc<'t> {
    pub blocks: Vec<Block<'t>>,
    /// Byte ranges of `<!-- ... -->` comments, `<!--` to `-->` inclusive.
    pub comments: Vec<Range<usize>>,
    /// Whether any side-by-side span was seen.
    pub sxs: bool,
}

#[derive(Clone, Copy, PartialEq)]
enum SpanKind {
    Local,
    English,
    Neutral,
}

/// Parses `text[start..]` (the part after the front matter); offsets refer to `text`.
pub fn parse(text: &str, start: usize) -> Doc<'_> {
    parse_with(text, start, false)
}

/// Like [`parse`], keeping the text of every section: resource pages read sections
/// (Properties, Relationships) that API pages skip.
pub fn parse_all(text: &str, start: usize) -> Doc<'_> {
    parse_with(text, start, true)
}

fn parse_with(text: &str, start: usize, collect_all: bool) -> Doc<'_> {
    let body = text.get(start..).unwrap_or("");
    let doc = Doc { blocks: Vec::with_capacity(body.len() / 120 + 8), ..Doc::default() };
    let mut b = Builder { doc, text, collect: true, collect_all, ..Builder::default() };
    for (event, range) in Parser::new_ext(body, Options::ENABLE_TABLES).into_offset_iter() {
        b.event(event, (range.start + start)..(range.end + start));
    }
    b.doc
}

#[derive(Default)]
struct Builder<'t> {
    doc: Doc<'t>,
    /// Keep the text of every section, not only those API pages read.
    collect_all: bool,
    text: &'t str,
    inlines: Vec<Inline>,
    spans: Vec<SpanKind>,
    anchor: Option<String>,
    quote_depth: usize,
    code: Option<Code<'t>>,
    table: Option<Table>,
    /// Events starting before this offset belong to a comment already recorded.
    skip_until: usize,
    /// The section being read (`None`: before the first section, where the description is).
    section: Option<Kind>,
    /// Whether the current container's text is kept: text nobody reads (example
    /// prose, property tables) is not copied, which keeps the pass cheap.
    collect: bool,
}

impl<'t> Builder<'t> {
    fn event(&mut self, event: Event<'_>, range: Range<usize>) {
        match event {
            Event::Start(tag) => self.start(tag, range),
            Event::End(tag) => self.end(tag, range),
            Event::Text(t) => {
                if range.start < self.skip_until {
                    return;
                }
                if let Some(code) = &mut self.code {
                    append_code(code, self.text, &t, range);
                } else {
                    self.push_text(&t);
                }
            }
            Event::Code(t) => {
                let at = range.start;
                if let Some(inline) = self.inlines.last_mut().filter(|_| self.collect) {
                    inline.codes.push((t.to_string(), at));
                }
                self.push_text(&t);
            }
            Event::Html(h) | Event::InlineHtml(h) => self.html(&h, range),
            Event::SoftBreak | Event::HardBreak => self.push_text(" "),
            _ => {}
        }
    }

    fn start(&mut self, tag: Tag<'_>, range: Range<usize>) {
        match tag {
            Tag::Paragraph | Tag::Heading { .. } | Tag::TableCell | Tag::Item => {
                self.collect = match self.section {
                    _ if self.collect_all || matches!(tag, Tag::Heading { .. }) => true,
                    None | Some(Kind::Permissions | Kind::RequestHeaders | Kind::RequestBody | Kind::Response) => true,
                    Some(_) => false,
                };
                let capacity = if self.collect && !matches!(tag, Tag::Item) { range.len().min(4096) } else { 0 };
                let english = String::with_capacity(capacity);
                self.inlines.push(Inline { start: range.start, english, ..Inline::default() });
                self.spans.clear();
                if matches!(tag, Tag::Heading { .. }) {
                    self.anchor = None;
                }
            }
            Tag::BlockQuote(_) => self.quote_depth += 1,
            Tag::CodeBlock(_) => self.code = Some(Code { text: Cow::Borrowed(""), pieces: Vec::new(), span: range }),
            Tag::Table(_) => self.table = Some(Table { rows: Vec::new(), span: range }),
            Tag::TableHead | Tag::TableRow => {
                // Tables nobody reads (properties, query parameters) keep no rows; the Request
                // body's table lists an action's parameters.
                let wanted = self.collect_all
                    || matches!(
                        self.section,
                        None | Some(Kind::Permissions | Kind::RequestHeaders | Kind::RequestBody | Kind::Response)
                    );
                if let Some(t) = self.table.as_mut().filter(|_| wanted) {
                    t.rows.push(Vec::with_capacity(4));
                }
            }
            _ => {}
        }
    }

    fn end(&mut self, tag: TagEnd, range: Range<usize>) {
        match tag {
            TagEnd::Paragraph | TagEnd::Item => {
                if let Some(text) = self.inlines.pop() {
                    let empty = text.english.trim().is_empty() && text.local().trim().is_empty();
                    // Paragraphs of sections nobody reads are not kept.
                    if self.collect && !(tag == TagEnd::Item && empty) {
                        let quoted = self.quote_depth > 0;
                        self.doc.blocks.push(Block::Para(Para { text, span: range, quoted }));
                    }
                }
            }
            TagEnd::Heading(level) => {
                let Some(text) = self.inlines.pop() else { return };
                let raw = self.text.get(range.clone()).unwrap_or("");
                let raw = raw.trim_start_matches(['>', ' ', '\t']);
                if !raw.starts_with('#') {
                    // Setext headings are accidents (`---` closing a tab right under text).
                    let quoted = self.quote_depth > 0;
                    self.doc.blocks.push(Block::Para(Para { text, span: range, quoted }));
                } else if !raw.contains("](#tab/") {
                    // Tab markers (`# [HTTP](#tab/http)`) are not sections.
                    let anchor = self.anchor.take();
                    let heading = Heading { level: level_number(level), text, anchor, span: range };
                    match (heading.level, kind_of(&heading)) {
                        (1, _) => self.section = None,
                        (3.., Kind::Other) => {}
                        (_, kind) => self.section = Some(kind),
                    }
                    self.doc.blocks.push(Block::Heading(heading));
                }
            }
            TagEnd::TableCell => {
                if let (Some(text), Some(table)) = (self.inlines.pop(), &mut self.table) {
                    if let Some(row) = table.rows.last_mut() {
                        row.push(text);
                    }
                }
            }
            TagEnd::BlockQuote(_) => self.quote_depth = self.quote_depth.saturating_sub(1),
            TagEnd::CodeBlock => {
                if let Some(code) = self.code.take() {
                    self.doc.blocks.push(Block::Code(code));
                }
            }
            TagEnd::Table => {
                if let Some(table) = self.table.take() {
                    self.doc.blocks.push(Block::Table(table));
                }
            }
            _ => {}
        }
    }

    fn push_text(&mut self, t: &str) {
        if !self.collect {
            return;
        }
        let mode = self.spans.iter().rev().copied().find(|k| *k != SpanKind::Neutral);
        let Some(inline) = self.inlines.last_mut() else { return };
        match mode {
            Some(SpanKind::Local) => inline.local.push_str(t),
            Some(SpanKind::English) => inline.english.push_str(t),
            _ => {
                inline.english.push_str(t);
                if inline.sxs {
                    inline.local.push_str(t);
                }
            }
        }
    }

    fn html(&mut self, h: &str, range: Range<usize>) {
        if range.start < self.skip_until {
            return;
        }
        let trimmed = h.trim_start();
        let comment_at = || self.text.get(range.start..).and_then(|rest| rest.find("<!--"));
        if let Some(at) = trimmed.starts_with("<!--").then(comment_at).flatten() {
            let open = range.start + at;
            let end =
                self.text.get(open + 4..).and_then(|r| r.find("-->")).map_or(self.text.len(), |e| open + 4 + e + 3);
            self.doc.comments.push(open..end);
            self.skip_until = end;
            return;
        }
        let starts =
            |p: &str| trimmed.len() >= p.len() && trimmed.as_bytes()[..p.len()].eq_ignore_ascii_case(p.as_bytes());
        if starts("<span") {
            let kind = if trimmed.contains("data-ttu-id") {
                SpanKind::Local
            } else if trimmed.contains("data-stu-id") || trimmed.contains("sxs-lookup") {
                SpanKind::English
            } else {
                SpanKind::Neutral
            };
            if kind != SpanKind::Neutral {
                self.doc.sxs = true;
                if let Some(inline) = self.inlines.last_mut().filter(|i| !i.sxs) {
                    // Text before the first span belongs to both sides.
                    inline.local = inline.english.clone();
                    inline.sxs = true;
                }
            }
            self.spans.push(kind);
        } else if starts("</span") {
            self.spans.pop();
        } else if starts("<br") || starts("</br") {
            self.push_text("\n");
        } else if starts("<a ") {
            if let Some(name) = html_attr::attribute(trimmed, "name").or_else(|| html_attr::attribute(trimmed, "id")) {
                self.anchor.get_or_insert_with(|| name.to_owned());
            }
        }
    }
}

/// Appends a text event to a code block, borrowing while the pieces are contiguous in the page.
/// Pieces are recorded only where the mapping to page offsets jumps.
fn append_code<'t>(code: &mut Code<'t>, page: &'t str, t: &str, range: Range<usize>) {
    let len = code.text.len();
    let same_length = range.len() == t.len();
    let contiguous = match (code.pieces.first(), &code.text) {
        (None, _) => same_length && page.get(range.clone()) == Some(t),
        (Some(&(_, first)), Cow::Borrowed(_)) => first + len == range.start && same_length,
        _ => false,
    };
    if code.pieces.is_empty() || !contiguous {
        code.pieces.push((len, range.start));
    }
    if contiguous {
        let first = code.pieces[0].1;
        if let Some(slice) = page.get(first..range.end) {
            code.text = Cow::Borrowed(slice);
            return;
        }
    }
    code.text.to_mut().push_str(t);
}

fn level_number(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unwraps_side_by_side_spans() {
        let text = "# <a name=\"x-y\"></a><span data-ttu-id=\"1\">操作</span><span class=\"sxs-lookup\"><span data-stu-id=\"1\">X action</span></span>\n";
        let doc = parse(text, 0);
        let Some(Block::Heading(h)) = doc.blocks.first() else { panic!("{doc:?}") };
        assert_eq!(h.text.english, "X action");
        assert_eq!(h.text.local(), "操作");
        assert_eq!(h.anchor.as_deref(), Some("x-y"));
        assert!(doc.sxs);
    }

    #[test]
    fn tabs_and_setext_accidents_are_not_headings() {
        let text = "## Request\n# [HTTP](#tab/http)\ntext\n---\n";
        let doc = parse(text, 0);
        let headings = doc.blocks.iter().filter(|b| matches!(b, Block::Heading(_))).count();
        assert_eq!(headings, 1, "{doc:?}");
    }

    #[test]
    fn comments_and_code_offsets() {
        let text = "<!-- {\n \"a\": 1 } -->\n```http\nGET /x\nPOST /y\n```\n";
        let doc = parse(text, 0);
        assert_eq!(doc.comments, vec![0..20]);
        let Some(Block::Code(c)) = doc.blocks.first() else { panic!() };
        let i = c.text.find("POST").unwrap_or(0);
        assert_eq!(&text[c.page_offset(i)..c.page_offset(i) + 4], "POST");
    }
}
