//! Turning documented names (operations, resources, path parameters, path segments) into
//! Rust identifiers that are valid, readable and unique, whatever the docs contain.

use std::collections::BTreeSet;

use heck::ToSnakeCase;
use proc_macro2::{Ident, Span};

use crate::model::{Endpoint, PathPart};

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
    let spaced: String = raw.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' }).collect();
    spaced.to_snake_case()
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

/// Names handed out within one scope (a module's functions, a function's parameters).
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
        let mut candidate = base.clone();
        let mut n = 2;
        while self.taken.contains(&candidate) {
            // `type_` numbers as `type_2`, not `type__2`.
            candidate = format!("{}_{n}", base.trim_end_matches('_'));
            n += 1;
        }
        self.taken.insert(candidate.clone());
        candidate
    }
}

/// Module name for a version (`v1.0` → `v1_0`).
pub fn version_module(version: &str) -> String {
    snake_ident(&version.replace('.', "_"), "version")
}

/// The literal path segments of an endpoint as snake_case words, parameters left out.
/// The operation's own name (optionally namespace-qualified) is dropped from the front of a
/// segment, so `microsoft.graph.getX(period='{p}')` contributes `period`, not a second `get_x`.
fn literal_segments(endpoint: &Endpoint, operation: &str) -> Vec<String> {
    endpoint
        .parts
        .iter()
        .filter_map(|part| match part {
            PathPart::Literal(text) => Some(text.split('/')),
            PathPart::Param(_) => None,
        })
        .flatten()
        .map(|segment| {
            let words = snake_words(segment);
            let unqualified = words.strip_prefix("microsoft_graph_").unwrap_or(&words);
            match unqualified.strip_prefix(operation) {
                Some(rest) if rest.is_empty() || rest.starts_with('_') => rest.trim_start_matches('_').to_owned(),
                _ => words,
            }
        })
        .filter(|words| !words.is_empty())
        .collect()
}

/// Base function names (before de-duplication) for the endpoints of one operation:
/// the operation's name, followed by the literal path segments that tell its endpoints
/// apart, i.e. without the segments every endpoint shares at the start and at the end
/// (the end is usually the operation name itself). A single endpoint gets the plain name;
/// when methods differ the method leads the suffix.
pub fn endpoint_fn_names(operation_name: &str, endpoints: &[Endpoint]) -> Vec<String> {
    let operation = snake_words(operation_name);
    let mut segments: Vec<Vec<String>> = endpoints.iter().map(|e| literal_segments(e, &operation)).collect();
    if endpoints.len() > 1 {
        let prefix = common_len(&segments, |s, i| s.get(i));
        for s in &mut segments {
            s.drain(..prefix);
        }
        let suffix = common_len(&segments, |s, i| s.len().checked_sub(i + 1).map(|j| &s[j]));
        for s in &mut segments {
            s.truncate(s.len() - suffix);
        }
    } else {
        segments.iter_mut().for_each(Vec::clear);
    }
    let mixed_methods = endpoints.windows(2).any(|w| w[0].method != w[1].method);
    endpoints
        .iter()
        .zip(segments)
        .map(|(endpoint, words)| {
            let mut raw = vec![operation_name.to_owned()];
            if mixed_methods {
                raw.push(endpoint.method.as_str().to_lowercase());
            }
            raw.extend(words);
            snake_ident(&raw.join(" "), "call")
        })
        .collect()
}

/// How many leading positions (as indexed by `at`) hold the same segment in every list.
fn common_len<'a>(lists: &'a [Vec<String>], at: impl Fn(&'a Vec<String>, usize) -> Option<&'a String>) -> usize {
    let shortest = lists.iter().map(Vec::len).min().unwrap_or(0);
    (0..shortest)
        .take_while(|&i| {
            let first = at(&lists[0], i);
            lists.iter().all(|s| at(s, i) == first)
        })
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Method, Source};

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
    }

    #[test]
    fn version_modules() {
        assert_eq!(version_module("v1.0"), "v1_0");
        assert_eq!(version_module("beta"), "beta");
    }

    fn endpoint(method: Method, path: &str) -> Endpoint {
        let mut parts = Vec::new();
        for (i, piece) in path.split(['{', '}']).enumerate() {
            if piece.is_empty() {
                continue;
            }
            parts.push(if i % 2 == 1 { PathPart::Param(piece.into()) } else { PathPart::Literal(piece.into()) });
        }
        Endpoint { method, path: path.into(), parts, query: None, source: Source { file: "x.md".into(), line: 1 } }
    }

    #[test]
    fn endpoint_names_keep_only_the_differing_segments() {
        let endpoints = [
            endpoint(Method::Post, "/users/{usersId}/managedDevices/{managedDeviceId}/recoverPasscode"),
            endpoint(Method::Post, "/deviceManagement/managedDevices/{managedDeviceId}/recoverPasscode"),
            endpoint(
                Method::Post,
                "/deviceManagement/detectedApps/{detectedAppId}/managedDevices/{managedDeviceId}/recoverPasscode",
            ),
        ];
        assert_eq!(
            endpoint_fn_names("recoverPasscode", &endpoints),
            [
                "recover_passcode_users",
                "recover_passcode_device_management",
                "recover_passcode_device_management_detected_apps"
            ]
        );
    }

    #[test]
    fn single_endpoint_gets_the_plain_name() {
        let endpoints = [endpoint(Method::Get, "/me/microsoft.graph.delta()")];
        assert_eq!(endpoint_fn_names("delta", &endpoints), ["delta"]);
    }

    #[test]
    fn function_style_segments_and_mixed_methods() {
        let endpoints = [
            endpoint(Method::Get, "/reports/getTeamsUserActivityCounts(period='{period_value}')"),
            endpoint(Method::Get, "/reports/getTeamsUserActivityCounts(date={date_value})"),
            endpoint(Method::Post, "/reports/getTeamsUserActivityCounts(date={date_value})"),
        ];
        assert_eq!(
            endpoint_fn_names("getTeamsUserActivityCounts", &endpoints),
            [
                "get_teams_user_activity_counts_get_period",
                "get_teams_user_activity_counts_get_date",
                "get_teams_user_activity_counts_post_date",
            ]
        );
    }

    #[test]
    fn endpoints_differing_only_in_parameters_share_a_base_name() {
        // De-duplication (numeric suffix) happens when the module claims the names.
        let endpoints = [endpoint(Method::Get, "/users/{id}"), endpoint(Method::Get, "/users/{userPrincipalName}")];
        assert_eq!(endpoint_fn_names("get user", &endpoints), ["get_user", "get_user"]);
    }

    #[test]
    fn keyword_operation_names_are_suffixed() {
        let endpoints = [endpoint(Method::Get, "/x/type")];
        assert_eq!(endpoint_fn_names("type", &endpoints), ["type_"]);
    }
}
