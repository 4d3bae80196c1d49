//! The HTTP request section's code blocks → endpoints.

use super::markdown::{Block, Code as CodeBlock, Doc};
use super::sections::Section;
use super::source_map::Ctx;
use crate::diagnostics::Code;
use crate::model::{Endpoint, Method, PathPart};

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
        if out.iter().any(|e| e.method == method && e.path == path) {
            continue;
        }
        out.push(Endpoint { method, path, parts, query, source: ctx.source(start) });
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
