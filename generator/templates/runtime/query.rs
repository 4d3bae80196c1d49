//! The query string of a call: OData options and custom parameters, their encoding, and
//! when Graph needs `ConsistencyLevel: eventual` for them.

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

// Everything but RFC 3986 unreserved characters and the OData punctuation that means nothing
// to a query string parser (`$` of option names, `(),:*/` of expressions), so a value can
// never end its parameter (`&`), start a value (`=`), a fragment (`#`), read as a space (`+`)
// or an escape (`%`). Spaces become `%20`, quotes `%27` and `%22`.
const QUERY_VALUE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~')
    .remove(b'$')
    .remove(b'(')
    .remove(b')')
    .remove(b',')
    .remove(b':')
    .remove(b'*')
    .remove(b'/');

/// Query parameters in the order first set; setting one again replaces its value.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct Query {
    params: Vec<(String, String)>,
}

impl Query {
    pub(super) fn set(&mut self, name: &str, value: String) {
        match self.params.iter_mut().find(|(n, _)| n == name) {
            Some((_, old)) => *old = value,
            None => self.params.push((name.to_owned(), value)),
        }
    }

    fn get(&self, name: &str) -> Option<&str> {
        self.params.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }

    /// `name=value&...`, percent-encoded; empty without parameters.
    pub(super) fn encoded(&self) -> String {
        let pairs: Vec<String> = self
            .params
            .iter()
            .map(|(name, value)| {
                format!("{}={}", utf8_percent_encode(name, QUERY_VALUE), utf8_percent_encode(value, QUERY_VALUE))
            })
            .collect();
        pairs.join("&")
    }

    /// Whether Graph answers this query on directory objects only with
    /// `ConsistencyLevel: eventual` ("advanced queries"): `$search`, `$count=true`, or a
    /// `$filter` using `ne`, `not` or `endsWith`.
    pub(super) fn needs_eventual_consistency(&self) -> bool {
        self.get("$search").is_some()
            || self.get("$count").is_some_and(|c| c.eq_ignore_ascii_case("true"))
            || self.get("$filter").is_some_and(uses_advanced_operator)
    }
}

/// Whether the words of `filter` outside its string literals include `ne`, `not` or
/// `endsWith` (any case), so that `name eq 'not me'` does not count.
fn uses_advanced_operator(filter: &str) -> bool {
    let mut in_literal = false;
    let mut word = String::new();
    // A trailing space ends the last word.
    for c in filter.chars().chain([' ']) {
        if !in_literal && (c.is_alphanumeric() || c == '_') {
            word.push(c);
            continue;
        }
        if matches!(word.to_ascii_lowercase().as_str(), "ne" | "not" | "endswith") {
            return true;
        }
        word.clear();
        if c == '\'' {
            // A doubled quote inside a literal toggles twice: the literal goes on.
            in_literal = !in_literal;
        }
    }
    false
}
