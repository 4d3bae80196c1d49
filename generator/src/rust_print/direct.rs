//! The direct printer: the emitters' tokens written as text without a syntax tree. syn's
//! parse of the generated code was a fifth of a full generation's CPU (prettyplease another
//! tenth), so for the files rustfmt skips (the version modules) the tokens go straight to text: items and statements one per
//! line, doc attributes as `///` lines, and lists, generics and method chains broken by
//! `layout` where a line would pass the margin, the way rustfmt breaks them.
//!
//! It knows the Rust the emitters write (items, fields, statements, `match`, calls, struct
//! literals, generics, attributes), not all of Rust; what it prints always parses back to the
//! same tokens (commas before a closing delimiter aside), which the tests check on every file
//! the seeds and en-2021 generate.

use super::flow::{Class, Flow, Prev};
use super::layout::{Doc, Group, Sink, MARGIN, UNBROKEN_BELOW};
use super::tree::{tree, Group as TokenGroup, TokenTree};
use proc_macro2::{Delimiter, Spacing, TokenStream};
use std::borrow::Cow;

pub(super) type Docs<'a> = Vec<Doc<'a, Block<'a>>>;

/// A brace block inside a line: printed on lines of its own by [`inline_block`].
pub(super) struct Block<'a> {
    pub(super) kind: Body,
    pub(super) tokens: &'a [TokenTree],
}

/// What a pair of braces holds.
#[derive(Clone, Copy, PartialEq)]
pub(super) enum Body {
    /// Items: a module, an impl (`fn_spacing`: a blank line between its methods).
    Items {
        fn_spacing: bool,
    },
    /// The fields of a struct or the variants of an enum.
    Fields,
    Statements,
    Arms,
}

/// The file `tokens` make, after `prefix` (which ends a line): each item after the first
/// (and after the inner attributes) after a blank line.
pub(super) fn file(prefix: &str, tokens: TokenStream) -> String {
    thread_local! {
        /// Kept from file to file: a file of megabytes is not built by growing a new buffer.
        static BUFFER: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
    }
    let tokens = tree(tokens);
    BUFFER.with_borrow_mut(|buffer| {
        buffer.clear();
        buffer.push_str(prefix);
        let mut sink = Sink::after(std::mem::take(buffer));
        items(&mut sink, &tokens, 0, true, false);
        sink.out.push('\n');
        *buffer = sink.out;
        buffer.as_str().to_owned()
    })
}

fn line(sink: &mut Sink, indent: usize) {
    if sink.fresh {
        sink.fresh = false;
        sink.out.extend(std::iter::repeat_n(' ', indent));
        sink.column = indent;
        sink.line_indent = indent;
    } else {
        sink.newline(indent);
    }
}

fn blank_line(sink: &mut Sink) {
    if !sink.fresh {
        sink.out.push('\n');
    }
}

pub(super) fn is_punct(token: Option<&TokenTree>, c: char) -> bool {
    matches!(token, Some(TokenTree::Punct(p)) if p.as_char() == c)
}

fn is_ident(token: Option<&TokenTree>, name: &str) -> bool {
    matches!(token, Some(TokenTree::Ident(i)) if i == name)
}

fn brace(token: Option<&TokenTree>) -> Option<&TokenGroup> {
    match token {
        Some(TokenTree::Group(g)) if g.delimiter() == Delimiter::Brace => Some(g),
        _ => None,
    }
}

/// `#[..]` (or `#![..]` where `inner`) at `at`: the attribute's bracket group.
pub(super) fn attribute(tokens: &[TokenTree], at: usize, inner: bool) -> Option<&TokenGroup> {
    if !is_punct(tokens.get(at), '#') {
        return None;
    }
    let bracket = if inner {
        if !is_punct(tokens.get(at + 1), '!') {
            return None;
        }
        tokens.get(at + 2)
    } else {
        tokens.get(at + 1)
    };
    match bracket {
        Some(TokenTree::Group(g)) if g.delimiter() == Delimiter::Bracket => Some(g),
        _ => None,
    }
}

/// The items of a file (`file`: a blank line before each) or of a module, impl or block body,
/// at `indent` (`fn_spacing`: a blank line between consecutive functions).
fn items(sink: &mut Sink, tokens: &[TokenTree], indent: usize, file: bool, fn_spacing: bool) {
    let mut at = 0;
    let mut inner_attributes = false;
    while let Some(group) = attribute(tokens, at, true) {
        line(sink, indent);
        print_attribute(sink, group, true);
        inner_attributes = true;
        at += 3;
    }
    let mut previous_fn = false;
    let mut first = true;
    while at < tokens.len() {
        let mut start = at;
        while attribute(tokens, start, false).is_some() {
            start += 2;
        }
        let end = item_end(tokens, start);
        let item = &tokens[start..end];
        let is_fn = head_has(item, "fn");
        if (file && (!first || inner_attributes)) || (fn_spacing && previous_fn && is_fn) {
            blank_line(sink);
        }
        let mut a = at;
        while let Some(group) = attribute(tokens, a, false) {
            line(sink, indent);
            print_attribute(sink, group, false);
            a += 2;
        }
        line(sink, indent);
        print_item(sink, item, indent);
        previous_fn = is_fn;
        first = false;
        at = end;
    }
}

/// Where the item starting at `start` ends: after its `;`, or after its body's braces.
fn item_end(tokens: &[TokenTree], start: usize) -> usize {
    let mut j = start;
    while j < tokens.len() {
        if is_punct(tokens.get(j), ';') {
            return j + 1;
        }
        if brace(tokens.get(j)).is_some() && !(j > 0 && is_punct(tokens.get(j - 1), ':')) {
            return if is_punct(tokens.get(j + 1), ';') { j + 2 } else { j + 1 };
        }
        j += 1;
    }
    tokens.len()
}

/// Whether the item's tokens before its body hold the keyword `word`.
fn head_has(item: &[TokenTree], word: &str) -> bool {
    item.iter().take_while(|t| brace(Some(t)).is_none()).any(|t| is_ident(Some(t), word))
}

/// One item: its head on a line (broken where too long), then its body's lines.
fn print_item(sink: &mut Sink, item: &[TokenTree], indent: usize) {
    let semicolon = is_punct(item.last(), ';');
    let rest = if semicolon { &item[..item.len() - 1] } else { item };
    let body_at = rest
        .len()
        .checked_sub(1)
        .filter(|&i| brace(rest.get(i)).is_some() && !is_punct(rest.get(i.wrapping_sub(1)), ':'));
    let Some(body_at) = body_at else {
        let mut docs = match alias_value(rest) {
            Some(eq) => alias(&rest[..eq], &rest[eq + 1..], indent),
            None => Flow::default().run(rest),
        };
        if semicolon {
            docs.push(Doc::Text(";".into()));
        }
        print_line(sink, docs, 0);
        return;
    };
    let head = &rest[..body_at];
    let body = brace(rest.get(body_at)).unwrap().tokens();
    let kind = if head_has(head, "fn") {
        Body::Statements
    } else if head_has(head, "struct") || head_has(head, "enum") || head_has(head, "union") {
        Body::Fields
    } else if head_has(head, "impl") || head_has(head, "trait") {
        Body::Items { fn_spacing: indent == 0 }
    } else if head_has(head, "mod") {
        Body::Items { fn_spacing: false }
    } else {
        Body::Statements
    };
    let mut docs = Flow::default().run(head);
    docs.push(Doc::Text(if body.is_empty() { " {}" } else { " {" }.into()));
    if body.is_empty() && semicolon {
        docs.push(Doc::Text(";".into()));
    }
    print_line(sink, docs, 0);
    if body.is_empty() {
        return;
    }
    print_body(sink, kind, body, indent + 4);
    line(sink, indent);
    sink.text(if semicolon { "};" } else { "}" });
}

/// Where the `=` of a type alias is.
fn alias_value(item: &[TokenTree]) -> Option<usize> {
    if !head_has(item, "type") {
        return None;
    }
    item.iter().enumerate().position(|(i, t)| {
        is_punct(Some(t), '=')
            && matches!(t, TokenTree::Punct(p) if p.spacing() == Spacing::Alone)
            && !follows_joint(item, i, &['=', '!', '<', '>'])
    })
}

/// `type A = B`, as rustfmt writes it: on one line, else `B` on the next line where it fits
/// there, else `B`'s generic arguments broken.
fn alias<'a>(name: &'a [TokenTree], value: &'a [TokenTree], indent: usize) -> Docs<'a> {
    let mut docs = Flow::default().run(name);
    let name_width = Group::new_width(&docs);
    docs.push(Doc::Text(" =".into()));
    let value = Flow::after(Prev::Op(false)).run(value);
    let value_width = Group::new_width(&value);
    // `name = value;` does not fit, and `    value;` does or `value` cannot break.
    let breakable = value.iter().any(|d| matches!(d, Doc::Group(g) if g.width >= UNBROKEN_BELOW));
    let fits_below = indent + 4 + value_width < MARGIN;
    if indent + name_width + 3 + value_width + 1 > MARGIN && (fits_below || !breakable) {
        let mut broken = vec![Doc::Break { flat: " ", dedent: false }];
        broken.extend(value);
        docs.push(Doc::Group(Group::new(broken, 4)));
    } else {
        docs.push(Doc::Text(" ".into()));
        docs.extend(value);
    }
    docs
}

fn print_body(sink: &mut Sink, kind: Body, tokens: &[TokenTree], indent: usize) {
    match kind {
        Body::Items { fn_spacing } => items(sink, tokens, indent, false, fn_spacing),
        Body::Fields => fields(sink, tokens, indent),
        Body::Statements => statements(sink, tokens, indent),
        Body::Arms => arms(sink, tokens, indent),
    }
}

/// The line `docs` make, from the current column, with `trail` columns after it.
fn print_line(sink: &mut Sink, docs: Docs<'_>, trail: usize) {
    let group = Group::new(docs, 4);
    sink.group(&group, trail, &mut inline_block);
}

/// A block met inside a line (a match's arms, an arm's body): its lines one level deeper
/// than the line it starts on.
fn inline_block(sink: &mut Sink, block: &Block<'_>) {
    let indent = sink.line_indent;
    if block.tokens.is_empty() {
        sink.text("{}");
        return;
    }
    sink.text("{");
    print_body(sink, block.kind, block.tokens, indent + 4);
    sink.newline(indent);
    sink.text("}");
}

/// The comma-separated parts of `tokens` (attributes included), and whether a comma ends them.
pub(super) fn split_commas(tokens: &[TokenTree]) -> (Vec<&[TokenTree]>, bool) {
    let mut parts = Vec::new();
    let mut start = 0;
    let mut angle = 0usize;
    for (i, token) in tokens.iter().enumerate() {
        if let TokenTree::Punct(p) = token {
            match p.as_char() {
                '<' => angle += 1,
                '>' if angle > 0 && !follows_joint(tokens, i, &['-', '=']) => angle -= 1,
                ',' if angle == 0 => {
                    parts.push(&tokens[start..i]);
                    start = i + 1;
                }
                _ => {}
            }
        }
    }
    let trailing = start == tokens.len() && !parts.is_empty();
    if start < tokens.len() {
        parts.push(&tokens[start..]);
    }
    (parts, trailing)
}

/// Whether the punct at `i` continues a joint punct that is one of `firsts` (`->`, `=>`).
pub(super) fn follows_joint(tokens: &[TokenTree], i: usize, firsts: &[char]) -> bool {
    i > 0
        && matches!(&tokens[i - 1], TokenTree::Punct(p) if p.spacing() == Spacing::Joint && firsts.contains(&p.as_char()))
}

fn fields(sink: &mut Sink, tokens: &[TokenTree], indent: usize) {
    for part in split_commas(tokens).0 {
        let mut at = 0;
        while let Some(group) = attribute(part, at, false) {
            line(sink, indent);
            print_attribute(sink, group, false);
            at += 2;
        }
        line(sink, indent);
        let mut docs = Flow::default().run(&part[at..]);
        docs.push(Doc::Text(",".into()));
        print_line(sink, docs, 0);
    }
}

fn starts_item(tokens: &[TokenTree]) -> bool {
    const ITEM: &[&str] = &["impl", "fn", "struct", "enum", "use", "mod", "type", "trait", "const", "static", "pub"];
    matches!(tokens.first(), Some(TokenTree::Ident(i)) if ITEM.iter().any(|k| i == k))
}

fn statements(sink: &mut Sink, tokens: &[TokenTree], indent: usize) {
    let mut at = 0;
    while at < tokens.len() {
        let mut start = at;
        while attribute(tokens, start, false).is_some() {
            start += 2;
        }
        let end = if starts_item(&tokens[start..]) {
            item_end(tokens, start)
        } else {
            tokens[start..].iter().position(|t| is_punct(Some(t), ';')).map_or(tokens.len(), |p| start + p + 1)
        };
        while let Some(group) = attribute(tokens, at, false) {
            line(sink, indent);
            print_attribute(sink, group, false);
            at += 2;
        }
        line(sink, indent);
        let statement = &tokens[start..end];
        if starts_item(statement) {
            print_item(sink, statement, indent);
        } else {
            let semicolon = is_punct(statement.last(), ';');
            let mut docs = Flow::default().run(if semicolon { &statement[..statement.len() - 1] } else { statement });
            if semicolon {
                docs.push(Doc::Text(";".into()));
            }
            print_line(sink, docs, 0);
        }
        at = end;
    }
}

fn arms(sink: &mut Sink, tokens: &[TokenTree], indent: usize) {
    let mut at = 0;
    while at < tokens.len() {
        while let Some(group) = attribute(tokens, at, false) {
            line(sink, indent);
            print_attribute(sink, group, false);
            at += 2;
        }
        let arrow = (at..tokens.len())
            .find(|&i| is_punct(tokens.get(i), '>') && follows_joint(tokens, i, &['=']))
            .unwrap_or(tokens.len());
        let pattern = &tokens[at..arrow.saturating_sub(1).max(at)];
        let mut flow = Flow::default();
        flow.tokens(pattern);
        flow.op("=>");
        let body_at = arrow + 1;
        let end;
        if let Some(group) = brace(tokens.get(body_at)) {
            flow.space_before(Class::Brace);
            flow.push(Doc::Block(Block { kind: Body::Statements, tokens: group.tokens() }));
            end = if is_punct(tokens.get(body_at + 1), ',') {
                flow.text(",");
                body_at + 2
            } else {
                body_at + 1
            };
        } else {
            // A body too long for the arm's line starts the next one.
            let comma = next_comma(tokens, body_at.min(tokens.len()));
            let stop = comma.unwrap_or(tokens.len());
            flow.begin();
            flow.push(Doc::Break { flat: " ", dedent: false });
            flow.prev = Prev::Open;
            flow.tokens(&tokens[body_at.min(stop)..stop]);
            if comma.is_some() {
                flow.text(",");
            }
            flow.end(4);
            end = comma.map_or(tokens.len(), |c| c + 1);
        }
        line(sink, indent);
        print_line(sink, flow.finish(), 0);
        at = end.max(at + 1);
    }
}

/// The first comma at `from` or after it, outside generic arguments.
fn next_comma(tokens: &[TokenTree], from: usize) -> Option<usize> {
    let (parts, trailing) = split_commas(&tokens[from..]);
    (parts.len() > 1 || trailing).then(|| from + parts[0].len())
}

/// `#[..]` or `#![..]`; a doc attribute as a `///` or `//!` line.
fn print_attribute(sink: &mut Sink, group: &TokenGroup, inner: bool) {
    if let Some(text) = doc_line(group, inner) {
        sink.text(if inner { "//!" } else { "///" });
        sink.text(&text);
        return;
    }
    let mut flow = Flow::default();
    flow.push(Doc::Text(if inner { "#![" } else { "#[" }.into()));
    flow.tokens(group.tokens());
    flow.push(Doc::Text("]".into()));
    print_line(sink, flow.finish(), 0);
}

/// The text of `#[doc = "text"]` where a line comment after `///` (or `//!`) says the same.
/// Borrowed from the literal unless it has escapes: docs are ~40 % of the generated bytes.
fn doc_line(group: &TokenGroup, inner: bool) -> Option<Cow<'_, str>> {
    let mut tokens = group.tokens().iter();
    let (Some(TokenTree::Ident(name)), Some(TokenTree::Punct(eq)), Some(TokenTree::Literal(lit)), None) =
        (tokens.next(), tokens.next(), tokens.next(), tokens.next())
    else {
        return None;
    };
    if name != "doc" || eq.as_char() != '=' {
        return None;
    }
    let text = string_value(lit)?;
    // `////` is a plain comment, and a line comment cannot hold a line break.
    if text.contains(['\n', '\r']) || (!inner && text.starts_with('/')) {
        return None;
    }
    Some(text)
}

/// The value of a string literal as written (`"a \"b\""`, `r"a"`), None for any other literal.
pub(super) fn string_value(literal: &str) -> Option<Cow<'_, str>> {
    if let Some(raw) = literal.strip_prefix('r') {
        let hashes = raw.len() - raw.trim_start_matches('#').len();
        let fence = "#".repeat(hashes);
        let body = raw.strip_prefix(&fence)?.strip_prefix('"')?.strip_suffix(&fence)?.strip_suffix('"')?;
        return Some(Cow::Borrowed(body));
    }
    let body = literal.strip_prefix('"')?.strip_suffix('"')?;
    if !body.contains('\\') {
        return Some(Cow::Borrowed(body));
    }
    let mut out = String::with_capacity(body.len());
    let mut chars = body.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next()? {
            'n' => out.push('\n'),
            'r' => out.push('\r'),
            't' => out.push('\t'),
            '0' => out.push('\0'),
            '\\' => out.push('\\'),
            '"' => out.push('"'),
            '\'' => out.push('\''),
            'x' => {
                let hex: String = chars.by_ref().take(2).collect();
                out.push(char::from(u8::from_str_radix(&hex, 16).ok().filter(|b| b.is_ascii())?));
            }
            'u' => {
                let rest = chars.as_str().strip_prefix('{')?;
                let close = rest.find('}')?;
                let code = u32::from_str_radix(&rest[..close].replace('_', ""), 16).ok()?;
                out.push(char::from_u32(code)?);
                chars = rest[close + 1..].chars();
            }
            _ => return None,
        }
    }
    Some(Cow::Owned(out))
}
