//! Rustdoc text for the generated functions: what the docs say about one endpoint, where
//! they say it, written so that reviewers can go from a generated line back to the page.

use crate::model::{Endpoint, Operation, PathResponse, PermissionTable, Scheme, SchemePermissions, Source};

pub use crate::text::is_hidden;

/// Text from the docs made safe to print in generated code: one line, whitespace collapsed
/// (multi-line text would trip clippy's doc lints, and a line break would end a `///`
/// comment) and [`is_hidden`] characters removed. Every piece of page text that reaches a
/// doc comment goes through here, by way of [`text`] or [`code`].
pub fn clean(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut pending_space = false;
    for c in raw.chars() {
        if c.is_whitespace() {
            pending_space = !out.is_empty();
        } else if !is_hidden(c) {
            if pending_space {
                out.push(' ');
                pending_space = false;
            }
            out.push(c);
        }
    }
    out
}

/// Free text from the docs as one Markdown line ([`clean`]), with the characters that would
/// turn into links, HTML or block syntax escaped. In text holding a run of three backticks,
/// every backtick is escaped: a title like "```rust" must not open a code block, which
/// rustdoc would then compile and run as a doctest.
pub fn text(raw: &str) -> String {
    let cleaned = clean(raw);
    let fence = cleaned.contains("```");
    let mut out = String::with_capacity(cleaned.len() + 8);
    for (i, c) in cleaned.chars().enumerate() {
        let block_start = i == 0 && matches!(c, '#' | '-' | '+' | '*' | '=' | '|' | '~');
        if block_start || (fence && c == '`') || matches!(c, '[' | ']' | '<' | '>' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// `raw` as inline code ([`clean`]ed). Text holding a run of two backticks or more cannot be
/// delimited safely on one line (the delimiter would itself be a fence at the start of a
/// line): it is shown as escaped [`text`] instead.
pub fn code(raw: &str) -> String {
    let raw = clean(raw);
    let (mut run, mut longest) = (0, 0);
    for c in raw.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    match longest {
        0 => format!("`{raw}`"),
        1 => format!("`` {raw} ``"),
        _ => text(&raw),
    }
}

pub fn source(source: &Source) -> String {
    code(&format!("{}:{}", source.file, source.line))
}

/// Statuses whose success response has no body: the function returns `()`.
pub fn is_no_content(status: Option<u16>) -> bool {
    matches!(status, Some(204 | 205))
}

/// Doc lines for the request-builder method calling `op` at `endpoints` (several when the
/// builder type is shared by several paths); `also` are other operations documenting the same
/// method and path; `documented_differently` when they disagree with `op` on the permissions
/// and nothing decides which owns the endpoint.
pub fn method_docs(
    op: &Operation,
    endpoints: &[&Endpoint],
    also: &[&Operation],
    documented_differently: bool,
) -> Vec<String> {
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
    for endpoint in endpoints {
        let mut line = format!("- {}", code(&format!("{} {}", endpoint.method, endpoint.path)));
        if let Some(query) = &endpoint.query {
            line.push_str(&format!(" (documented query: {})", code(query)));
        }
        lines.push(line);
    }
    lines.extend([String::new(), "# Permissions".to_owned(), String::new()]);
    if documented_differently {
        let others: Vec<String> = also.iter().map(|o| code(&o.key)).collect();
        lines.push(format!(
            "**Documented differently**: {} and {} name different least privileged permissions for \
             this endpoint, and nothing on their pages tells which owns it, so the call carries none \
             ([`Call::is_documented_differently`](crate::runtime::Call::is_documented_differently)). \
             What {} says:",
            code(&op.key),
            others.join(", "),
            code(&op.key)
        ));
        lines.push(String::new());
    }
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
    if let Some(line) = endpoints.first().and_then(|e| e.response.as_ref()).map(path_response_line) {
        lines.extend([String::new(), line]);
    }
    lines.extend([String::new(), "# Source".to_owned(), String::new()]);
    for endpoint in endpoints {
        lines.push(format!("- path: {}", source(&endpoint.source)));
    }
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
    for other in also {
        lines.push(format!("- also documented by {} (a variant of the call; not called here)", code(&other.key)));
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

/// What the client decodes where the path says otherwise than the page.
fn path_response_line(response: &PathResponse) -> String {
    match response {
        PathResponse::Typed { type_name, collection: true } => {
            format!("The path addresses a collection: the client decodes a page of {}.", code(type_name))
        }
        PathResponse::Typed { type_name, collection: false } => {
            format!("The path addresses one item: the client decodes one {}.", code(type_name))
        }
        PathResponse::Value => {
            "The path addresses a property's value, not a model: the response is left untyped.".to_owned()
        }
        PathResponse::Bytes => "The path addresses the bytes of a stream, not a model: the call is a download \
                                ([`Download`](crate::runtime::Download))."
            .to_owned(),
    }
}

fn response_line(op: &Operation) -> String {
    match op.success_status.as_ref().map(|s| s.code) {
        Some(status) if is_no_content(Some(status)) => format!("Documented success: status `{status}`, no content."),
        // A body is only claimed where the page names its type: a 202 or a redirect has none.
        Some(status) => match &op.response_type {
            Some(link) => {
                let shape = match link.collection {
                    Some(true) => "a collection of ",
                    Some(false) => "one ",
                    None => "",
                };
                format!("Documented success: status `{status}`, {shape}{}.", code(&link.type_name))
            }
            None => format!("Documented success: status `{status}`."),
        },
        None => "The docs give no success status.".to_owned(),
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
        assert_eq!(code("a ``b`` c"), r"a ``b`` c");
        assert_eq!(code("```rust"), r"\`\`\`rust");
    }

    #[test]
    fn hidden_characters_are_removed_and_whitespace_collapsed() {
        let hostile = "Get\u{202E}resu\u{202C} \0user\u{200B}s\u{2066}\r\n\u{2028}\u{FEFF}now\u{1b}[31m\u{E0041}";
        assert_eq!(clean(hostile), "Getresu users now[31m");
        assert_eq!(text(hostile), r"Getresu users now\[31m");
        assert_eq!(code(hostile), "`Getresu users now[31m`");
        for c in ['\u{202A}', '\u{202E}', '\u{2066}', '\u{2069}', '\u{200E}', '\u{200F}', '\0', '\u{7F}', '\u{85}'] {
            assert!(is_hidden(c), "{:?}", c);
        }
        for c in ['a', 'é', '权', '\u{05D0}', ' ', '`'] {
            assert!(!is_hidden(c), "{:?}", c);
        }
    }

    #[test]
    fn fences_cannot_open_a_code_block() {
        assert_eq!(text("```rust"), r"\`\`\`rust");
        assert_eq!(text("~~~"), r"\~~~");
        assert_eq!(text("`code` first"), "`code` first");
        assert_eq!(text("Get ```x``` here"), r"Get \`\`\`x\`\`\` here");
        assert_eq!(text("keep `inline` code"), "keep `inline` code");
    }

    #[test]
    fn only_204_and_205_have_no_content() {
        assert!(is_no_content(Some(204)) && is_no_content(Some(205)));
        assert!(!is_no_content(Some(200)) && !is_no_content(Some(202)) && !is_no_content(None));
    }
}
