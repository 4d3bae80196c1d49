//! Rustdoc text for the generated functions: what the docs say about one endpoint, where
//! they say it, written so that reviewers can go from a generated line back to the page.

use crate::model::{Endpoint, Operation, PermissionTable, Scheme, SchemePermissions, Source};

/// Free text from the docs as one Markdown line: whitespace collapsed (multi-line text would
/// trip clippy's doc lints) and the characters that would turn into links, HTML or
/// block syntax escaped.
pub fn text(raw: &str) -> String {
    let collapsed = raw.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut out = String::with_capacity(collapsed.len());
    for (i, c) in collapsed.chars().enumerate() {
        let block_start = i == 0 && matches!(c, '#' | '-' | '+' | '*' | '=' | '|');
        if block_start || matches!(c, '[' | ']' | '<' | '>' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// `raw` as inline code, whatever backticks it contains.
pub fn code(raw: &str) -> String {
    let raw = raw.split_whitespace().collect::<Vec<_>>().join(" ");
    if raw.contains('`') {
        format!("`` {raw} ``")
    } else {
        format!("`{raw}`")
    }
}

pub fn source(source: &Source) -> String {
    code(&format!("{}:{}", source.file, source.line))
}

/// Statuses whose success response has no body: the function returns `()`.
pub fn is_no_content(status: Option<u16>) -> bool {
    matches!(status, Some(204 | 205))
}

/// Doc lines for the function calling `endpoint` of `op`; `params` pairs each Rust
/// parameter name with the documented one.
pub fn endpoint_docs(op: &Operation, endpoint: &Endpoint, params: &[(String, String)]) -> Vec<String> {
    let mut lines = Vec::new();
    let title = op.title.as_ref().map(|t| text(&t.value)).unwrap_or_else(|| code(&op.name));
    lines.push(title.clone());
    if let Some(description) = &op.description {
        let description = text(&description.value);
        if !description.is_empty() && description != title {
            lines.extend([String::new(), description]);
        }
    }
    lines.push(String::new());
    lines.push(code(&format!("{} {}", endpoint.method, endpoint.path)));
    if let Some(query) = &endpoint.query {
        lines.push(String::new());
        lines.push(format!("Documented query (not sent by this function): {}", code(query)));
    }
    if !params.is_empty() {
        lines.extend([String::new(), "# Path parameters".to_owned(), String::new()]);
        for (rust, documented) in params {
            lines.push(format!("- {}: {}, percent-encoded", code(rust), code(&format!("{{{documented}}}"))));
        }
    }
    lines.extend([String::new(), "# Permissions".to_owned(), String::new()]);
    if op.permissions.is_empty() {
        lines.push("The docs have no permissions table for this operation.".to_owned());
    }
    for (i, table) in op.permissions.iter().enumerate() {
        if i > 0 {
            lines.push(String::new());
        }
        lines.extend(permission_lines(table));
    }
    lines.extend([String::new(), "# Response".to_owned(), String::new()]);
    lines.push(response_line(op));
    lines.extend([String::new(), "# Source".to_owned(), String::new()]);
    lines.push(format!("- path: {}", source(&endpoint.source)));
    for table in &op.permissions {
        lines.push(format!("- permissions: {}", source(&table.source)));
    }
    if let Some(status) = &op.success_status {
        lines.push(format!("- status: {}", source(&status.source)));
    }
    for page in &op.pages {
        let role = if page.authoritative { ", authoritative" } else { "" };
        lines.push(format!("- page: {} ({}{role})", code(&page.file), text(&page.locale)));
    }
    lines
}

fn permission_lines(table: &PermissionTable) -> Vec<String> {
    let mut lines = Vec::new();
    if let Some(scope) = &table.scope {
        lines.push(format!("{}:", text(scope)));
        lines.push(String::new());
    }
    for scheme in Scheme::ALL {
        let summary = match table.scheme(scheme) {
            SchemePermissions::Permissions { least, higher } => {
                let names = |list: &[crate::model::Sourced<String>]| {
                    list.iter().map(|p| code(&p.value)).collect::<Vec<_>>().join(", ")
                };
                let mut summary = if least.is_empty() {
                    "no least privileged permission named".to_owned()
                } else {
                    format!("least privileged {}", names(least))
                };
                if !higher.is_empty() {
                    summary.push_str(&format!("; higher privileged {}", names(higher)));
                }
                summary
            }
            SchemePermissions::NotSupported { .. } => "not supported".to_owned(),
            SchemePermissions::Unspecified { .. } => "not specified by the docs".to_owned(),
        };
        lines.push(format!("- {}: {summary}", scheme.label()));
    }
    lines
}

fn response_line(op: &Operation) -> String {
    match op.success_status.as_ref().map(|s| s.code) {
        Some(code) if is_no_content(Some(code)) => {
            format!("Succeeds on status `{code}` only, with no content; any other status is an error.")
        }
        Some(code) => format!("Succeeds on status `{code}` only, returning the JSON body (`null` when empty); any other status is an error."),
        None => "The docs give no success status: succeeds on any 2xx status, returning the JSON body (`null` when empty).".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_one_line_without_links_or_html() {
        assert_eq!(
            text("See [Permissions](/graph/x)\n  for <b>details</b>"),
            r"See \[Permissions\](/graph/x) for \<b\>details\</b\>"
        );
        assert_eq!(text("# not a heading"), r"\# not a heading");
        assert_eq!(text("- not a list"), r"\- not a list");
        assert_eq!(text("a\\b"), r"a\\b");
    }

    #[test]
    fn code_survives_backticks() {
        assert_eq!(code("POST /me"), "`POST /me`");
        assert_eq!(code("a `b` c"), "`` a `b` c ``");
    }

    #[test]
    fn only_204_and_205_have_no_content() {
        assert!(is_no_content(Some(204)) && is_no_content(Some(205)));
        assert!(!is_no_content(Some(200)) && !is_no_content(Some(202)) && !is_no_content(None));
    }
}
