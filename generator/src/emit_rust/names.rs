//! Turning documented names (operations, resources, path parameters, path segments) into
//! Rust identifiers that are valid, readable and unique, whatever the docs contain; and every
//! list of names the generated code cannot use (keywords, reserved type names, trait methods).

use std::collections::BTreeSet;

use heck::ToSnakeCase;
use proc_macro2::{Ident, Span};

/// Strict, reserved and edition-dependent keywords (all editions up to 2024), plus the
/// identifiers that cannot be raw (`self`, `Self`, `super`, `crate`). Such names get a `_`
/// suffix rather than `r#`, because `self`, `super` and `crate` cannot be raw identifiers
/// and one rule for all keeps names predictable.
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate", "do", "dyn", "else",
    "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "macro", "match", "mod",
    "move", "mut", "override", "priv", "pub", "ref", "return", "self", "Self", "static", "struct", "super", "trait",
    "true", "try", "type", "typeof", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Names a generated type cannot take: the version's entry type and names the generated code
/// or the prelude uses.
pub const BUILDER_RESERVED_TYPES: &[&str] = &[
    "Root", "Call", "Client", "Method", "Option", "Result", "Some", "None", "Ok", "Err", "Vec", "String", "Box",
    "Self", "Send", "Sync", "Sized", "Clone", "Copy", "Debug", "Default", "Drop", "Fn", "Into", "From",
];

/// Method names of std traits (the builders implement `Clone` and `Debug`; clippy's
/// `should_implement_trait` knows the others) and of every `RequestBuilder` (`new`, which a
/// path's own method of that name would clash with): a segment so named gets a `_` suffix, as
/// a keyword does, so `builder.clone()` stays the trait's.
pub const TRAIT_METHODS: &[&str] = &[
    "add",
    "as_mut",
    "as_ref",
    "bitand",
    "bitor",
    "bitxor",
    "borrow",
    "borrow_mut",
    "clone",
    "cmp",
    "default",
    "deref",
    "deref_mut",
    "div",
    "drop",
    "eq",
    "fmt",
    "from_iter",
    "from_str",
    "hash",
    "index",
    "index_mut",
    "into_iter",
    "mul",
    "neg",
    "new",
    "next",
    "not",
    "partial_cmp",
    "rem",
    "shl",
    "shr",
    "sub",
    "to_owned",
    "to_string",
    "type_id",
];

/// Names a model cannot take: the generated models name these from the prelude. (A model may
/// be `Call` or `Client`: the models live in their own module.)
pub const MODEL_RESERVED_TYPES: &[&str] =
    &["Option", "Some", "None", "Result", "Ok", "Err", "String", "Vec", "Box", "Default", "From"];

pub fn is_keyword(name: &str) -> bool {
    KEYWORDS.contains(&name)
}

/// The snake_case words of `raw`, joined by `_`, possibly empty.
///
/// Anything that is not an ASCII letter or digit separates words, so `$count`,
/// `microsoft.graph.delta()`, `id | userPrincipalName` and `item-path` all split cleanly;
/// heck then splits camelCase and acronyms (`iOSUpdates` → `i_os_updates`). Non-ASCII
/// letters are dropped: they would trip the confusable-identifier lints.
pub fn snake_words(raw: &str) -> String {
    thread_local! {
        /// The same segments and type names come back thousands of times; heck's word
        /// splitting is the cost of naming a tree.
        static SEEN: std::cell::RefCell<std::collections::HashMap<String, String>> = Default::default();
    }
    SEEN.with_borrow_mut(|seen| {
        if let Some(words) = seen.get(raw) {
            return words.clone();
        }
        let spaced: String = raw.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' }).collect();
        let words = spaced.to_snake_case();
        seen.insert(raw.to_owned(), words.clone());
        words
    })
}

/// A valid snake_case identifier for `raw`: `fallback` when nothing is left, a `_` prefix when
/// it starts with a digit, a `_` suffix when it is a keyword.
pub fn snake_ident(raw: &str, fallback: &str) -> String {
    let mut name = snake_words(raw);
    if name.is_empty() {
        name = fallback.to_owned();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, '_');
    }
    if is_keyword(&name) {
        name.push('_');
    }
    name
}

/// An [`Ident`] for a name produced by this module (panics on anything else: that is a bug here).
pub fn ident(name: &str) -> Ident {
    Ident::new(name, Span::call_site())
}

/// Names handed out within one scope (a method's parameters).
/// A clash gets `_2`, `_3`, ... in the order names are claimed, so the result only depends on
/// the (sorted) order of the model.
#[derive(Debug, Default)]
pub struct UniqueNames {
    taken: BTreeSet<String>,
}

impl UniqueNames {
    /// Scope with some names already in use (e.g. `client`, `body` for parameters).
    pub fn with_reserved(reserved: &[&str]) -> Self {
        UniqueNames { taken: reserved.iter().map(|s| s.to_string()).collect() }
    }

    pub fn claim(&mut self, base: String) -> String {
        // `type_` numbers as `type_2`, not `type__2`.
        self.claim_numbered(base, |base, n| format!("{}_{n}", base.trim_end_matches('_')))
    }

    /// [`claim`](Self::claim) for a type or variant name: `User2`, which stays UpperCamelCase.
    pub fn claim_camel(&mut self, base: String) -> String {
        self.claim_numbered(base, |base, n| format!("{base}{n}"))
    }

    fn claim_numbered(&mut self, base: String, numbered: impl Fn(&str, u32) -> String) -> String {
        let mut candidate = base.clone();
        let mut n = 2;
        while self.taken.contains(&candidate) {
            candidate = numbered(&base, n);
            n += 1;
        }
        self.taken.insert(candidate.clone());
        candidate
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sanitizes_documented_oddities() {
        let cases = [
            ("$count", "count"),
            ("microsoft.graph.delta()", "microsoft_graph_delta"),
            ("id | userPrincipalName", "id_user_principal_name"),
            ("item-path", "item_path"),
            ("period_value", "period_value"),
            ("2faMethods", "_2fa_methods"),
            ("iOSUpdates", "i_os_updates"),
            ("ODataType", "o_data_type"),
            ("managedDeviceId", "managed_device_id"),
            ("getOffice365ActiveUserCounts", "get_office365_active_user_counts"),
            ("ユーザー", "param"),
            ("", "param"),
        ];
        for (raw, expected) in cases {
            assert_eq!(snake_ident(raw, "param"), expected, "for {raw:?}");
        }
    }

    #[test]
    fn keywords_get_a_suffix_and_stay_valid() {
        for raw in ["type", "self", "Self", "ref", "match", "crate", "super", "async", "gen"] {
            let name = snake_ident(raw, "param");
            assert!(name.ends_with('_'), "{raw} → {name}");
            syn::parse_str::<syn::Ident>(&name).unwrap_or_else(|e| panic!("{name}: {e}"));
        }
        // `Self` snake-cases to `self`, which is a keyword too.
        assert_eq!(snake_ident("Self", "param"), "self_");
    }

    #[test]
    fn every_result_is_an_identifier() {
        for raw in ["", "_", "__", "9", "a b", "$", "{x}", "ünïcode", "x__y", "A1B2", "fn()", "r#type"] {
            let name = snake_ident(raw, "fallback");
            syn::parse_str::<syn::Ident>(&name).unwrap_or_else(|e| panic!("{raw:?} → {name}: {e}"));
        }
    }

    #[test]
    fn clashes_get_numbered_suffixes_in_claim_order() {
        let mut names = UniqueNames::with_reserved(&["client", "body"]);
        assert_eq!(names.claim("client".into()), "client_2");
        assert_eq!(names.claim("id".into()), "id");
        assert_eq!(names.claim("id".into()), "id_2");
        assert_eq!(names.claim("id".into()), "id_3");
        assert_eq!(names.claim("body".into()), "body_2");
        assert_eq!(names.claim("type_".into()), "type_");
        assert_eq!(names.claim("type_".into()), "type_2");
        let mut types = UniqueNames::with_reserved(&["Option"]);
        assert_eq!(types.claim_camel("Option".into()), "Option2");
        assert_eq!(types.claim_camel("User".into()), "User");
        assert_eq!(types.claim_camel("User".into()), "User2");
    }
}
