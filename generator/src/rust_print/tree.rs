//! The emitters' tokens as a tree the printer reads by reference: proc_macro2 hands a group's
//! tokens out only as a shared stream, which iterating copies, once per level of nesting.

use proc_macro2::{Delimiter, Spacing, TokenStream};

pub(super) enum TokenTree {
    Ident(String),
    Literal(String),
    Punct(Punct),
    Group(Group),
}

pub(super) struct Punct {
    ch: char,
    spacing: Spacing,
}

impl Punct {
    pub(super) fn as_char(&self) -> char {
        self.ch
    }

    pub(super) fn spacing(&self) -> Spacing {
        self.spacing
    }
}

pub(super) struct Group {
    delimiter: Delimiter,
    tokens: Vec<TokenTree>,
}

impl Group {
    pub(super) fn delimiter(&self) -> Delimiter {
        self.delimiter
    }

    pub(super) fn tokens(&self) -> &[TokenTree] {
        &self.tokens
    }
}

/// `stream`'s tokens, taken apart once.
pub(super) fn tree(stream: TokenStream) -> Vec<TokenTree> {
    stream
        .into_iter()
        .map(|token| match token {
            proc_macro2::TokenTree::Group(group) => {
                let delimiter = group.delimiter();
                let stream = group.stream();
                // The stream is shared with `group` until it goes: then it is taken, not copied.
                drop(group);
                TokenTree::Group(Group { delimiter, tokens: tree(stream) })
            }
            proc_macro2::TokenTree::Ident(ident) => TokenTree::Ident(ident.to_string()),
            proc_macro2::TokenTree::Literal(literal) => TokenTree::Literal(literal.to_string()),
            proc_macro2::TokenTree::Punct(punct) => {
                TokenTree::Punct(Punct { ch: punct.as_char(), spacing: punct.spacing() })
            }
        })
        .collect()
}
