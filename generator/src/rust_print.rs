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
