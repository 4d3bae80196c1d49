//! The HTTP request section's code blocks → endpoints.

use crate::diagnostics::Code;
use crate::doc::markdown::{Block, Code as CodeBlock, Doc};
use crate::doc::sections::Section;
use crate::doc::source_map::Ctx;
use crate::model::{Endpoint, Method, PathPart};
use regex::Regex;
use std::sync::LazyLock;

/// An example ID pasted into a path where a parameter belongs.
static GUID: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^'?[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}'?$")
        .expect("guid regex")
});

pub fn endpoints(ctx: &mut Ctx, doc: &Doc, sections: &[Section]) -> Vec<Endpoint> {
    let mut out: Vec<Endpoint> = Vec::new();
    for section in sections {
        for block in doc.blocks.get(section.body.clone()).unwrap_or(&[]) {
            if let Block::Code(code) = block {
                read_block(ctx, code, &mut out);
            }
        }
    }
    out
}

fn read_block(ctx: &mut Ctx, code: &CodeBlock, out: &mut Vec<Endpoint>) {
    let mut at = 0;
    for line in code.text.split('\n') {
        let line_at = at;
        at += line.len() + 1;
        let trimmed = line.trim();
        let Some((method, rest)) = split_method(trimmed) else { continue };
        let start = code.page_offset(line_at + (line.len() - line.trim_start().len()));
        let span = start..start + trimmed.len();
        let Some((path, parts, query)) = normalize(rest) else {
            ctx.report(Code::BadRequestLine, span, format!("`{trimmed}` is not `METHOD /path`")).label =
                Some("expected `METHOD /path`".into());
            continue;
        };
        if path.split('/').any(|segment| segment == "..." || segment == "\u{2026}") {
            ctx.report(
                Code::EllipsisInPath,
                span,
                "the request path elides segments (`...`): it is not a callable template; left out of the client",
            );
            continue;
        }
        let (path, parts) = match parameterize_ids(&path) {
            Some((template, ids)) => {
                ctx.report(
                    Code::ExampleIdInPath,
                    span,
                    format!(
                        "example ID `{}` in the request path is read as a parameter: `{template}`",
                        ids.join("`, `")
                    ),
                );
                let parts = PathPart::split(&template);
                (template, parts)
            }
            None => (path, parts),
        };
        if out.iter().any(|e| e.method == method && e.path == path) {
            continue;
        }
        out.push(Endpoint { method, path, parts, query, source: ctx.source(start), response: None });
    }
}

/// The endpoint an example's request line calls (`GET https://graph.microsoft.com/v1.0/sites/{site-id}?$select=id`
/// → `GET /sites/{site-id}`), example IDs read as parameters; `None` for a line that is not
/// `METHOD /path` or elides segments.
pub fn example_endpoint(first_line: &str) -> Option<(Method, String)> {
    let (method, rest) = split_method(first_line.trim())?;
    let (path, _, _) = normalize(rest)?;
    if path.split('/').any(|segment| segment == "..." || segment == "\u{2026}") {
        return None;
    }
    Some((method, parameterize_ids(&path).map_or(path, |(template, _)| template)))
}

/// Whether every non-empty line of a code block is `METHOD /path`: a request block, whatever its heading.
fn is_request_block(code: &CodeBlock) -> bool {
    let mut lines = code.text.lines().map(str::trim).filter(|l| !l.is_empty()).peekable();
    lines.peek().is_some()
        && lines.all(|l| split_method(l).is_some_and(|(_, rest)| rest.trim_start().starts_with(['/', 'h', 'H'])))
}

/// A request block with no HTTP request heading above it (`blockType: ignored`, then an
/// `http` fence right after the permissions): the first block before the examples whose
/// lines are all `METHOD /path`. Returns its endpoints and where it starts.
pub fn headingless(ctx: &mut Ctx, doc: &Doc, before: Option<usize>) -> Option<(Vec<Endpoint>, usize)> {
    let blocks = doc.blocks.get(..before.unwrap_or(doc.blocks.len())).unwrap_or(&doc.blocks);
    let code = blocks.iter().find_map(|b| match b {
        Block::Code(code) if is_request_block(code) => Some(code),
        _ => None,
    })?;
    let mut out = Vec::new();
    read_block(ctx, code, &mut out);
    Some((out, code.span.start))
}

/// `/education/classes/acdefc6b-…/assignments` → `/education/classes/{class-id}/assignments`,
/// with the IDs replaced; `None` when the path holds no example ID.
fn parameterize_ids(path: &str) -> Option<(String, Vec<String>)> {
    let mut ids = Vec::new();
    let mut previous = "";
    let segments: Vec<String> = path
        .split('/')
        .map(|segment| {
            let out = if GUID.is_match(segment) {
                ids.push(segment.to_owned());
                format!("{{{}-id}}", singular(previous))
            } else {
                segment.to_owned()
            };
            previous = segment;
            out
        })
        .collect();
    (!ids.is_empty()).then(|| (segments.join("/"), ids))
}

/// `classes` → `class`, `policies` → `policy`, `users` → `user`; anything else as is.
fn singular(segment: &str) -> String {
    let name: String = segment.chars().filter(|c| c.is_ascii_alphanumeric()).collect();
    if name.is_empty() {
        "item".to_owned()
    } else if let Some(stem) = name.strip_suffix("ies") {
        format!("{stem}y")
    } else if ["sses", "ches", "shes", "xes"].iter().any(|s| name.ends_with(s)) {
        name[..name.len() - 2].to_owned()
    } else if name.ends_with('s') && !name.ends_with("ss") && !name.ends_with("us") {
        name[..name.len() - 1].to_owned()
    } else {
        name
    }
}

/// `GET /x` → (GET, `/x`); also `DELETE/x` with the space missing.
fn split_method(line: &str) -> Option<(Method, &str)> {
    let end = line.find(|c: char| c.is_whitespace() || c == '/').unwrap_or(line.len());
    let method = Method::parse(&line[..end])?;
    Some((method, &line[end..]))
}

/// Normalises a written path: host and version dropped, leading `/`, query split off,
/// trailing text (`HTTP/1.1`, prose) cut, parameter names trimmed.
pub fn normalize(written: &str) -> Option<(String, Vec<PathPart>, Option<String>)> {
    let mut p = written.trim();
    for scheme in ["https://", "http://"] {
        if p.len() >= scheme.len() && p.is_char_boundary(scheme.len()) && p[..scheme.len()].eq_ignore_ascii_case(scheme)
        {
            let rest = &p[scheme.len()..];
            p = rest.find('/').map_or("", |i| &rest[i..]);
        }
    }
    let p = cut_at_space(p);
    let (p, query) = match p.split_once('?') {
        Some((p, q)) => (p, Some(q.trim()).filter(|q| !q.is_empty()).map(str::to_owned)),
        None => (p, None),
    };
    let mut p = p.trim().trim_start_matches('/');
    for version in ["v1.0", "beta"] {
        if let Some(rest) = p.strip_prefix(version) {
            if rest.is_empty() || rest.starts_with('/') {
                p = rest.trim_start_matches('/');
            }
        }
    }
    if p.is_empty() && written.trim().is_empty() {
        return None;
    }
    if !p.is_empty() && !p.starts_with(|c: char| c.is_ascii_alphanumeric() || c == '{' || c == '$' || c == '_') {
        return None;
    }
    // Parameter names trimmed: `{ id }` is `{id}`.
    let mut path = String::from("/");
    let mut rest = p;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}').map(|c| open + c) else { break };
        path.push_str(&rest[..open]);
        path.push('{');
        path.push_str(rest[open + 1..close].trim());
        path.push('}');
        rest = &rest[close + 1..];
    }
    path.push_str(rest);
    let parts = PathPart::split(&path);
    Some((path, parts, query))
}

/// The path ends at the first whitespace outside `{...}` and quotes.
fn cut_at_space(p: &str) -> &str {
    let (mut depth, mut quoted) = (0usize, false);
    for (i, c) in p.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth = depth.saturating_sub(1),
            '\'' => quoted = !quoted,
            c if c.is_whitespace() && depth == 0 && !quoted => return &p[..i],
            _ => {}
        }
    }
    p
}

#[cfg(test)]
mod tests {
    use super::*;

    fn norm(p: &str) -> (String, Vec<PathPart>, Option<String>) {
        normalize(p).unwrap_or_else(|| panic!("{p}"))
    }

    #[test]
    fn example_ids_become_parameters() {
        let written =
            "/education/classes/acdefc6b-2dc6-4e71-b1e9-6d9c0d6b6f49/assignments/ad8afb28-c138-4ad7-b7f5-a6986c2655a8";
        let (path, ids) = parameterize_ids(written).expect("ids");
        assert_eq!(path, "/education/classes/{class-id}/assignments/{assignment-id}");
        assert_eq!(ids.len(), 2);
        assert_eq!(parameterize_ids("/policies/{id}"), None);
        assert_eq!(singular("policies"), "policy");
        assert_eq!(singular("status"), "status");
        assert_eq!(singular("mailboxes"), "mailbox");
    }

    #[test]
    fn normalizes_paths() {
        assert_eq!(norm("https://graph.microsoft.com/beta/me/x?$top=1").0, "/me/x");
        assert_eq!(norm("https://graph.microsoft.com/beta/me/x?$top=1").2.as_deref(), Some("$top=1"));
        assert_eq!(norm("users/{ id | userPrincipalName }/x").0, "/users/{id | userPrincipalName}/x");
        let (_, parts, _) = norm("/reports/getX(period='{period_value}')");
        assert_eq!(
            parts,
            vec![
                PathPart::Literal("/reports/getX(period='".into()),
                PathPart::Param("period_value".into()),
                PathPart::Literal("')".into())
            ]
        );
        let (path, parts, _) = norm("/me/drive/root:/{item-path}:/children");
        assert_eq!(path, "/me/drive/root:/{item-path}:/children");
        assert_eq!(parts.len(), 3);
        assert_eq!(norm("/v1.0/me/messages/$count HTTP/1.1").0, "/me/messages/$count");
        assert_eq!(norm("/betaFeatures").0, "/betaFeatures");
        assert!(normalize("").is_none());
        assert!(normalize("- the request").is_none());
    }
}
