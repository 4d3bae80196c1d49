//! One line of code: tokens to the text, groups and breaks `layout` prints, spaced as
//! rustfmt spaces them (`&self`, `a: B`, `x = y`, `Call<'c, T>`, `vec![..]`), with lists,
//! generic arguments and method chains as the groups a long line breaks at.

use super::direct::{attribute, follows_joint, is_punct, split_commas, Block, Body, Docs};
use super::layout::{Doc, Group};
use super::tree::{Group as TokenGroup, TokenTree};
use proc_macro2::{Delimiter, Spacing};

/// What was printed last, for the space before the next token.
#[derive(Clone, Copy, PartialEq, Default)]
pub(super) enum Prev {
    #[default]
    Start,
    Word,
    Keyword,
    Open,
    Close,
    /// An operator, and whether a space follows it.
    Op(bool),
}

/// What comes next.
#[derive(Clone, Copy, PartialEq)]
pub(super) enum Class {
    Word,
    Paren,
    Brace,
    Angle,
}

/// Keywords after which a delimiter is not a call or an index (`&mut [..]`, `match (a, b)`).
const KEYWORDS: &[&str] = &[
    "as", "dyn", "else", "fn", "for", "if", "impl", "in", "let", "match", "move", "mut", "ref", "return", "static",
    "unsafe", "where", "while", "const", "type", "struct", "enum", "use", "mod", "trait",
];

/// The docs of one line of code, built token by token.
#[derive(Default)]
pub(super) struct Flow<'a> {
    stack: Vec<Docs<'a>>,
    pub(super) docs: Docs<'a>,
    pub(super) prev: Prev,
    /// A `match` was seen: the next brace group holds its arms.
    pending_match: bool,
}

impl<'a> Flow<'a> {
    /// A flow continuing a line whose last token was `prev`.
    pub(super) fn after(prev: Prev) -> Self {
        Flow { prev, ..Flow::default() }
    }

    pub(super) fn run(mut self, tokens: &'a [TokenTree]) -> Docs<'a> {
        self.tokens(tokens);
        self.finish()
    }

    pub(super) fn finish(self) -> Docs<'a> {
        debug_assert!(self.stack.is_empty());
        self.docs
    }

    pub(super) fn push(&mut self, doc: Doc<'a, Block<'a>>) {
        self.docs.push(doc);
    }

    pub(super) fn text(&mut self, text: impl Into<std::borrow::Cow<'a, str>>) {
        self.docs.push(Doc::Text(text.into()));
    }

    pub(super) fn begin(&mut self) {
        self.stack.push(std::mem::take(&mut self.docs));
    }

    pub(super) fn end(&mut self, indent: usize) {
        let docs = std::mem::replace(&mut self.docs, self.stack.pop().expect("a group was begun"));
        self.docs.push(Doc::Group(Group::new(docs, indent)));
    }

    /// The group just ended counts whole in the width of what precedes it: generic
    /// arguments break only after the lists around them (a function's parameters before its
    /// return type's generics).
    fn mark_whole(&mut self) {
        if let Some(Doc::Group(group)) = self.docs.last_mut() {
            group.whole = true;
        }
    }

    pub(super) fn space_before(&mut self, next: Class) {
        let space = match (self.prev, next) {
            (Prev::Start | Prev::Open | Prev::Op(false), _) => false,
            (Prev::Keyword, Class::Angle) => false,
            (Prev::Op(true) | Prev::Keyword, _) => true,
            (Prev::Word | Prev::Close, Class::Word | Class::Brace) => true,
            (Prev::Word | Prev::Close, Class::Paren | Class::Angle) => false,
        };
        if space {
            self.text(" ");
        }
    }

    fn word(&mut self, word: &'a str) {
        self.space_before(Class::Word);
        self.prev = if KEYWORDS.contains(&word) { Prev::Keyword } else { Prev::Word };
        self.text(word);
    }

    /// An operator, spaced as rustfmt spaces it.
    pub(super) fn op(&mut self, op: &'static str) {
        let unary_position = matches!(self.prev, Prev::Start | Prev::Open | Prev::Op(_) | Prev::Keyword);
        let (before, after) = match op {
            "::" | "." | ".." => (false, false),
            "," | ";" | ":" => (false, true),
            "&" | "*" | "-" | "?" if unary_position => (matches!(self.prev, Prev::Op(true) | Prev::Keyword), false),
            // `x?`; `?Sized` above.
            "?" => (false, false),
            "!" => (matches!(self.prev, Prev::Op(true) | Prev::Keyword), false),
            "#" => (!matches!(self.prev, Prev::Start | Prev::Open), false),
            _ => (!matches!(self.prev, Prev::Start | Prev::Open), true),
        };
        if before {
            self.text(" ");
        }
        self.text(op);
        self.prev = Prev::Op(after);
    }

    /// The tokens of an expression, a type, a pattern or an item's head.
    pub(super) fn tokens(&mut self, tokens: &'a [TokenTree]) {
        match chain(tokens) {
            Some(chain) => {
                self.plain(&tokens[..chain.start]);
                self.begin();
                self.plain(&tokens[chain.start..chain.links[0]]);
                for (k, &link) in chain.links.iter().enumerate() {
                    let stop = chain.links.get(k + 1).copied().unwrap_or(chain.end);
                    self.push(Doc::Break { flat: "", dedent: false });
                    self.plain(&tokens[link..stop]);
                }
                self.end(4);
                self.tokens(&tokens[chain.end..]);
            }
            None => self.plain(tokens),
        }
    }

    fn plain(&mut self, tokens: &'a [TokenTree]) {
        let mut i = 0;
        while i < tokens.len() {
            match &tokens[i] {
                TokenTree::Ident(ident) => {
                    if ident == "match" {
                        self.pending_match = true;
                    }
                    self.word(ident);
                }
                TokenTree::Literal(literal) => self.word(literal),
                TokenTree::Group(group) => self.group(group),
                TokenTree::Punct(punct) => {
                    let c = punct.as_char();
                    if c == '\'' {
                        if let Some(TokenTree::Ident(name)) = tokens.get(i + 1) {
                            self.space_before(Class::Word);
                            self.text(format!("'{name}"));
                            self.prev = Prev::Word;
                            i += 2;
                            continue;
                        }
                    }
                    if c == '<' {
                        if let Some(close) = matching_angle(tokens, i) {
                            self.space_before(Class::Angle);
                            self.list("<", ">", &tokens[i + 1..close], false);
                            self.mark_whole();
                            i = close + 1;
                            continue;
                        }
                    }
                    let (op, len) = operator(tokens, i);
                    if op == "!" && self.prev == Prev::Word {
                        // A macro's bang: `vec![..]`.
                        self.text("!");
                        self.prev = Prev::Word;
                    } else {
                        self.op(op);
                    }
                    i += len;
                    continue;
                }
            }
            i += 1;
        }
    }

    fn group(&mut self, group: &'a TokenGroup) {
        let tokens = group.tokens();
        match group.delimiter() {
            Delimiter::Parenthesis => {
                self.space_before(Class::Paren);
                self.list("(", ")", tokens, false);
            }
            Delimiter::Bracket => {
                self.space_before(Class::Paren);
                self.list("[", "]", tokens, false);
            }
            Delimiter::None => self.tokens(tokens),
            Delimiter::Brace => {
                if std::mem::take(&mut self.pending_match) {
                    self.space_before(Class::Brace);
                    self.push(Doc::Block(Block { kind: Body::Arms, tokens }));
                    self.prev = Prev::Close;
                } else if self.prev == Prev::Op(false) {
                    // `use a::{b, c}`.
                    self.list("{", "}", tokens, false);
                } else if matches!(self.prev, Prev::Word | Prev::Close) {
                    self.space_before(Class::Brace);
                    self.list("{", "}", tokens, true);
                } else {
                    self.space_before(Class::Brace);
                    self.push(Doc::Block(Block { kind: Body::Statements, tokens }));
                    self.prev = Prev::Close;
                }
            }
        }
    }

    /// A delimited list: flat `(a, b)` (`padded`: `{ a, b }`), or one element per line with a
    /// trailing comma. A single element that ends in a delimited group breaks inside that
    /// group instead (`#[cfg(any(\n    ..\n))]`).
    fn list(&mut self, open: &'static str, close: &'static str, tokens: &'a [TokenTree], padded: bool) {
        let saved_match = std::mem::take(&mut self.pending_match);
        let (parts, trailing) = split_commas(tokens);
        if parts.is_empty() {
            self.text(format!("{open}{close}"));
            self.prev = Prev::Close;
            self.pending_match = saved_match;
            return;
        }
        let one_tuple = open == "(" && parts.len() == 1 && trailing;
        let overflow = parts.len() == 1 && !trailing && !padded && ends_in_group(parts[0]);
        if overflow {
            self.text(open);
            self.prev = Prev::Open;
            self.element(parts[0]);
            self.text(close);
            self.prev = Prev::Close;
            self.pending_match = saved_match;
            return;
        }
        self.begin();
        self.text(open);
        let pad = if padded { " " } else { "" };
        for (k, part) in parts.iter().enumerate() {
            if k > 0 {
                self.text(",");
                self.push(Doc::Break { flat: " ", dedent: false });
            } else {
                self.push(Doc::Break { flat: pad, dedent: false });
            }
            self.prev = Prev::Open;
            self.element(part);
        }
        if one_tuple {
            self.text(",");
        } else {
            self.push(Doc::IfBroken(","));
        }
        self.push(Doc::Break { flat: pad, dedent: true });
        self.text(close);
        self.end(4);
        self.prev = Prev::Close;
        self.pending_match = saved_match;
    }

    /// One element of a list: its attributes each on a line of their own, then its tokens.
    fn element(&mut self, part: &'a [TokenTree]) {
        let mut at = 0;
        while let Some(group) = attribute(part, at, false) {
            let inner = group.tokens();
            self.text("#[");
            self.prev = Prev::Open;
            self.tokens(inner);
            self.text("]");
            self.push(Doc::Hard);
            self.prev = Prev::Open;
            at += 2;
        }
        self.tokens(&part[at..]);
    }
}

fn ends_in_group(tokens: &[TokenTree]) -> bool {
    matches!(tokens.last(), Some(TokenTree::Group(g)) if g.delimiter() != Delimiter::None) && tokens.len() > 1
}

/// The operator at `i` (joint puncts combined where Rust combines them) and its token count.
fn operator(tokens: &[TokenTree], i: usize) -> (&'static str, usize) {
    const TWO: &[&str] = &["::", "->", "=>", "..", "==", "!=", "+=", "-=", "&&", "||"];
    let char_at = |k: usize| match tokens.get(k) {
        Some(TokenTree::Punct(p)) => Some((p.as_char(), p.spacing())),
        _ => None,
    };
    let Some((first, spacing)) = char_at(i) else { return ("", 1) };
    if spacing == Spacing::Joint {
        if let Some((second, _)) = char_at(i + 1) {
            if let Some(op) = TWO.iter().find(|op| op.chars().eq([first, second])) {
                return (op, 2);
            }
        }
    }
    const ONE: &[&str] =
        &["=", "<", ">", "!", "~", "+", "-", "*", "/", "%", "^", "&", "|", "@", ".", ",", ";", ":", "#", "$", "?", "'"];
    let op = ONE.iter().find(|op| op.starts_with(first)).copied().unwrap_or("?");
    (op, 1)
}

/// The `>` closing the `<` at `open`, where the tokens after it read as generic arguments.
fn matching_angle(tokens: &[TokenTree], open: usize) -> Option<usize> {
    if !is_punct(tokens.get(open), '<') {
        return None;
    }
    let mut depth = 0usize;
    for (i, token) in tokens.iter().enumerate().skip(open) {
        match token {
            TokenTree::Punct(p) if p.as_char() == '<' => depth += 1,
            TokenTree::Punct(p) if p.as_char() == '>' && !follows_joint(tokens, i, &['-', '=']) => {
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    return Some(i);
                }
            }
            TokenTree::Punct(p) if p.as_char() == ';' || p.as_char() == '{' => return None,
            TokenTree::Group(g) if g.delimiter() == Delimiter::Brace => return None,
            _ => {}
        }
    }
    None
}

/// Method calls chained at the top level of a line's tokens: `self.path.endpoint(..).returning()`.
struct Chain {
    /// Where the receiver starts.
    start: usize,
    /// Where each `.method(..)` starts.
    links: Vec<usize>,
    /// Just after the last call (and its `?`s).
    end: usize,
}

fn chain(tokens: &[TokenTree]) -> Option<Chain> {
    let call_at = |i: usize| {
        is_punct(tokens.get(i), '.')
            && !follows_joint(tokens, i, &['.'])
            && matches!(tokens.get(i + 1), Some(TokenTree::Ident(_)))
            && matches!(tokens.get(i + 2), Some(TokenTree::Group(g)) if g.delimiter() == Delimiter::Parenthesis)
    };
    let first = (0..tokens.len()).find(|&i| call_at(i))?;
    let mut start = first;
    while start > 0 {
        match &tokens[start - 1] {
            TokenTree::Ident(i) if !KEYWORDS.iter().any(|k| i == k) => start -= 1,
            TokenTree::Literal(_) => start -= 1,
            TokenTree::Group(g) if g.delimiter() != Delimiter::Brace => start -= 1,
            TokenTree::Punct(p) if p.as_char() == '.' || p.as_char() == '?' => start -= 1,
            TokenTree::Punct(p) if p.as_char() == ':' && start >= 2 && is_punct(tokens.get(start - 2), ':') => {
                start -= 2
            }
            TokenTree::Punct(p) if p.as_char() == '>' && !follows_joint(tokens, start - 1, &['-', '=']) => {
                let open = (0..start - 1).rev().find(|&o| matching_angle(tokens, o) == Some(start - 1))?;
                start = open;
            }
            _ => break,
        }
    }
    let mut links = vec![first];
    let mut end = first + 3;
    loop {
        while is_punct(tokens.get(end), '?')
            || (is_punct(tokens.get(end), '.')
                && matches!(tokens.get(end + 1), Some(TokenTree::Ident(_)))
                && !call_at(end))
        {
            end += if is_punct(tokens.get(end), '?') { 1 } else { 2 };
        }
        if call_at(end) {
            links.push(end);
            end += 3;
        } else {
            break;
        }
    }
    Some(Chain { start, links, end })
}
