//! The drop-in `permissions.json`: the form kibali tools load, as they load Microsoft's own
//! file (microsoftgraph/microsoft-graph-devx-content, `permissions/new/permissions.json`).
//!
//! That file has no version: its paths are relative to the version root, lower-case, with
//! every parameter written `{id}` (`/users/{id}/messages`), and v1.0 and beta share it.
//! kibali matches a request segment by segment: a literal exactly, anything else against
//! a `{...}` segment; its lenient mode lower-cases the request and turns every `{...}` into
//! `{id}` first. So the path of an endpoint here is its template lower-cased with each
//! parameter as `{id}`, and function arguments lose their quotes as in Microsoft's file
//! (`getEmailActivityCounts(period='{period}')` → `getemailactivitycounts(period={id})`).
//!
//! The merge rule, per (path, method, scheme): v1.0's answer when v1.0 has one (a
//! permission, or "not supported"), else beta's. Where both answer and differ, v1.0 is
//! kept and the difference is listed in `permissions-disagreements.json`: beta is a
//! preview and a different answer there is not evidence about v1.0.

use super::json::{pretty, Answer, Answers};
use crate::model::{ApiVersion, Endpoint, Model, PathPart};
use serde_json::{json, Value};

/// The placeholder every parameter becomes.
const PLACEHOLDER: &str = "{id}";

/// The merge rule, as written at the top of `permissions-disagreements.json`.
const RULE: &str = "permissions.json merges v1.0 and beta per (path, method, scheme): v1.0's answer \
                    (permissions, or not supported) when it has one, else beta's. Listed here: where both \
                    answer and differ; permissions.json keeps v1.0's answer.";

/// `endpoint`'s path as kibali and Microsoft's file write it: lower-case, every parameter
/// `{id}`, no quotes around a function argument.
pub fn kibali_path(endpoint: &Endpoint) -> String {
    let parts = &endpoint.parts;
    let mut path = String::with_capacity(endpoint.path.len());
    for (i, part) in parts.iter().enumerate() {
        match part {
            PathPart::Literal(text) => {
                let mut text = text.as_str();
                if i > 0 && quoted(parts, i - 1) {
                    text = text.strip_prefix('\'').unwrap_or(text);
                }
                if quoted(parts, i + 1) {
                    text = text.strip_suffix('\'').unwrap_or(text);
                }
                path.push_str(&text.to_lowercase());
            }
            PathPart::Param(_) => path.push_str(PLACEHOLDER),
        }
    }
    path
}

/// Whether `parts[i]` is a parameter written between single quotes (`'{period}'`).
fn quoted(parts: &[PathPart], i: usize) -> bool {
    let literal = |j: Option<usize>| match j.and_then(|j| parts.get(j)) {
        Some(PathPart::Literal(text)) => Some(text.as_str()),
        _ => None,
    };
    matches!(parts.get(i), Some(PathPart::Param(_)))
        && literal(i.checked_sub(1)).is_some_and(|before| before.ends_with('\''))
        && literal(Some(i + 1)).is_some_and(|after| after.starts_with('\''))
}

/// The answers of `permissions.json` and the disagreements between the versions.
pub(super) fn merge(model: &Model) -> (Answers<'_>, Vec<Value>) {
    let mut merged = super::json::answers(model, ApiVersion::V1, kibali_path);
    let mut disagreements = Vec::new();
    for (key, beta) in super::json::answers(model, ApiVersion::Beta, kibali_path) {
        match merged.get(&key) {
            None => {
                merged.insert(key, beta);
            }
            Some(v1) if *v1 == beta => {}
            Some(v1) => {
                let (path, method, scheme) = &key;
                disagreements.push(json!({
                    "path": path,
                    "method": method.as_str(),
                    "scheme": scheme.as_str(),
                    "v1.0": answer_json(v1),
                    "beta": answer_json(&beta),
                }));
            }
        }
    }
    (merged, disagreements)
}

fn answer_json(answer: &Answer<'_>) -> Value {
    match answer {
        Answer::NotSupported => json!("not supported"),
        Answer::Grants(permissions) => {
            let named =
                |least: bool| permissions.iter().filter(|(_, l)| **l == least).map(|(p, _)| *p).collect::<Vec<_>>();
            json!({ "least": named(true), "higher": named(false) })
        }
    }
}

/// `permissions.json` (drop-in) and `permissions-disagreements.json`.
pub(super) fn dropin_and_disagreements(model: &Model) -> (String, String) {
    let (answers, disagreements) = merge(model);
    let listed = pretty(&json!({ "rule": RULE, "disagreements": disagreements }));
    (super::json::document(&answers), listed)
}

#[cfg(test)]
mod tests {
    use super::kibali_path;
    use crate::model::{Endpoint, Method, Source};

    fn path(template: &str) -> String {
        let source = Source { file: "x.md".into(), line: 1 };
        kibali_path(&Endpoint::new(Method::Get, template.to_string(), None, source))
    }

    #[test]
    fn parameters_become_id_and_text_lower_case() {
        assert_eq!(
            path("/users/{userId}/mailFolders/{mailFolderId}/messages"),
            "/users/{id}/mailfolders/{id}/messages"
        );
        assert_eq!(path("/me/messages/{messageId}/$value"), "/me/messages/{id}/$value");
        assert_eq!(path("/groups/{id}/members/$ref"), "/groups/{id}/members/$ref");
        assert_eq!(path("/me/drive/root:/{item-path}:/content"), "/me/drive/root:/{id}:/content");
    }

    #[test]
    fn function_arguments_lose_their_quotes_as_in_microsofts_file() {
        assert_eq!(
            path("/reports/getEmailActivityCounts(period='{period}')"),
            "/reports/getemailactivitycounts(period={id})"
        );
        assert_eq!(path("/applications(appId='{appId}')"), "/applications(appid={id})");
        assert_eq!(path("/reports/getX(date={date},period='{period}')"), "/reports/getx(date={id},period={id})");
        // A quote that is not around a parameter is the page's text: it stays.
        assert_eq!(path("/reports/getX(period='D7')"), "/reports/getx(period='d7')");
        assert_eq!(path("/a('{p}/b"), "/a('{id}/b", "an unclosed quote is not a quoted argument");
    }
}
