//! The one token printer of the generator: a token stream of a whole file, parsed by syn and
//! printed by prettyplease, with the blank lines a person would leave between items. Below
//! both emitters (the client crate and the permission metadata), naming neither.

use proc_macro2::TokenStream;

/// `tokens` as prettyplease prints them. Tokens come from the emitters with sanitized
/// identifiers and escaped literals, so a parse failure is a bug in an emitter, not in the input.
pub fn unparse(tokens: TokenStream) -> String {
    let file: syn::File = syn::parse2(tokens).unwrap_or_else(|e| panic!("emitter produced invalid Rust: {e}"));
    prettyplease::unparse(&file)
}

/// [`unparse`], with a blank line before each top-level item and between the methods of an impl.
pub fn items(tokens: TokenStream) -> String {
    separate_items(&unparse(tokens))
}

/// prettyplease prints items back to back; a blank line before each top-level item (and its
/// docs and attributes), and between the methods of an impl, makes the files read like
/// hand-written ones. Only lines at column 0, and lines at column 4 right after a `}` closing
/// an item there, are looked at; string literals never span lines (they are escaped), so this
/// cannot change what the code means.
fn separate_items(formatted: &str) -> String {
    let mut out = String::with_capacity(formatted.len() + formatted.len() / 16);
    let mut previous: Option<&str> = None;
    for line in formatted.lines() {
        let starts_item =
            ["///", "//!", "#", "use ", "pub ", "fn ", "mod ", "impl"].iter().any(|p| line.starts_with(p));
        let starts_method = previous == Some("    }")
            && ["    ///", "    #[", "    pub fn ", "    fn "].iter().any(|p| line.starts_with(p));
        if starts_method {
            out.push('\n');
        }
        if let Some(previous) = previous {
            // `)]` at column 0 closes an attribute prettyplease spread over several lines.
            let attached = previous.starts_with("///") || previous.starts_with("#[") || previous == ")]";
            let same_block = previous.starts_with("//!") && line.starts_with("//!");
            if starts_item && !previous.is_empty() && !attached && !same_block {
                out.push('\n');
            }
        }
        out.push_str(line);
        out.push('\n');
        previous = Some(line);
    }
    out
}

mod direct;
mod flow;
mod layout;
#[cfg(test)]
mod tests;
mod tree;

/// `tokens` as the direct printer writes them, for files rustfmt skips: no syntax tree, so a
/// fraction of [`items`]' time, laid out as rustfmt lays out code (see `direct`).
/// `prefix` (lines of its own) comes first.
pub fn skipped_file(prefix: &str, tokens: TokenStream) -> String {
    direct::file(prefix, tokens)
}

/// Whether `printed` parses back to `tokens` (a comma before a closing delimiter aside: a
/// broken list gets one): the direct printer's promise, checked on every file in tests.
#[cfg(test)]
pub fn check_same_tokens(tokens: &TokenStream, printed: &str) -> Result<(), String> {
    let reparsed: TokenStream = printed.parse().map_err(|e| format!("the printed file does not lex: {e:?}"))?;
    let (mut a, mut b) = (Vec::new(), Vec::new());
    flatten(tokens.clone(), &mut a);
    flatten(reparsed, &mut b);
    match a.iter().zip(&b).position(|(x, y)| x != y) {
        None if a.len() == b.len() => Ok(()),
        at => {
            let at = at.unwrap_or(a.len().min(b.len()));
            let from = at.saturating_sub(12);
            Err(format!(
                "printed tokens differ at token {at}:\n  expected: {}\n  printed:  {}",
                a[from..(at + 8).min(a.len())].join(" "),
                b[from..(at + 8).min(b.len())].join(" ")
            ))
        }
    }
}

#[cfg(test)]
fn flatten(tokens: TokenStream, out: &mut Vec<String>) {
    use proc_macro2::{Delimiter, TokenTree};
    for token in tokens {
        match token {
            TokenTree::Group(group) => {
                let (open, close) = match group.delimiter() {
                    Delimiter::Parenthesis => ("(", ")"),
                    Delimiter::Bracket => ("[", "]"),
                    Delimiter::Brace => ("{", "}"),
                    Delimiter::None => ("", ""),
                };
                out.push(open.into());
                flatten(group.stream(), out);
                if out.last().is_some_and(|t| t == ",") {
                    out.pop();
                }
                out.push(close.into());
            }
            TokenTree::Punct(p) => {
                // A broken generic list ends with a comma too: `Option<\n    Vec<T>,\n>`.
                if p.as_char() == '>' && out.last().is_some_and(|t| t == ",") {
                    out.pop();
                }
                out.push(p.as_char().into())
            }
            // A string by its value: `r"a"` is `"a"` (a `///` line reads back as the latter).
            TokenTree::Literal(l) => {
                let written = l.to_string();
                let value = direct::string_value(&written).map(|value| format!("{value:?}"));
                out.push(value.unwrap_or(written))
            }
            other => out.push(other.to_string()),
        }
    }
}
