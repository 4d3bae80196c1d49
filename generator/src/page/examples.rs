//! The example requests and responses of an API page: each `blockType: request` or
//! `blockType: response` annotation and the code block that follows it (`HTTP/1.1 200 OK`,
//! headers, a blank line, the body). Bodies are kept as written; whether they are valid JSON
//! and agree with their type is the check stage's business.

use super::status::status_code;
use super::type_links::Flag;
use crate::doc::annotation;
use crate::doc::markdown::{Block, Code, Doc};
use crate::doc::source_map::Ctx;
use crate::model::{Example, ExampleKind, ExampleRequest};
use std::borrow::Cow;

/// What an example annotation says, borrowed from strict JSON (the usual case).
#[derive(serde::Deserialize)]
struct Head<'a> {
    #[serde(rename = "blockType", borrow, default)]
    block_type: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    name: Option<Cow<'a, str>>,
    #[serde(rename = "@odata.type", alias = "@type", borrow, default)]
    odata_type: Option<Cow<'a, str>>,
    #[serde(rename = "isCollection", default)]
    is_collection: Option<Flag>,
    #[serde(default)]
    truncated: Option<Flag>,
}

fn flag(f: &Option<Flag>) -> bool {
    match f {
        Some(Flag::Bool(b)) => *b,
        Some(Flag::Text(t)) => t.eq_ignore_ascii_case("true"),
        None => false,
    }
}

/// Every example of the page, in page order.
pub fn read(ctx: &Ctx, doc: &Doc) -> Vec<Example> {
    let annotations: Vec<(&str, usize)> = annotation::candidates(ctx.text, &doc.comments, "blockType").collect();
    let codes: Vec<&Code> = doc
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Code(c) => Some(c),
            _ => None,
        })
        .collect();
    let mut examples = Vec::new();
    let mut request_name: Option<String> = None;
    for (i, &(inner, at)) in annotations.iter().enumerate() {
        // Strict JSON borrows; only a damaged annotation pays for the lenient parser.
        let lenient;
        let head: Head = match serde_json::from_str(inner) {
            Ok(head) => head,
            Err(_) => {
                let Ok((value, _)) = annotation::parse_lenient(inner) else { continue };
                lenient = value.to_string();
                let Ok(head) = serde_json::from_str(&lenient) else { continue };
                head
            }
        };
        let kind = match head.block_type.as_deref() {
            Some("request") => ExampleKind::Request,
            Some("response") => ExampleKind::Response,
            _ => continue,
        };
        // The block the annotation stands for: the next code block, before the next annotation.
        let next_annotation = annotations.get(i + 1).map_or(usize::MAX, |&(_, next)| next);
        let k = codes.partition_point(|c| c.span.start <= at);
        let Some(code) = codes.get(k).filter(|c| c.span.start < next_annotation) else { continue };
        let mut name = head.name.as_deref().map(str::to_owned);
        match kind {
            ExampleKind::Request => request_name.clone_from(&name),
            ExampleKind::Response => name = name.or_else(|| request_name.clone()),
        }
        let written = head.odata_type.as_deref().map(str::trim);
        let (odata_type, wrapped) = match written {
            // `Collection(...)`, also written `collection(...)`.
            Some(w) => match w
                .get(..11)
                .filter(|p| p.eq_ignore_ascii_case("collection("))
                .and_then(|_| w[11..].strip_suffix(')'))
            {
                Some(inner) => (Some(inner.trim().to_owned()), true),
                None => (Some(w.to_owned()).filter(|w| !w.is_empty()), false),
            },
            None => (None, false),
        };
        let block = split(&code.text);
        let status = match kind {
            ExampleKind::Response => block.first_line.and_then(|l| status_code(l, true)),
            ExampleKind::Request => None,
        };
        let body = block.body_at.map(|b| code.text[b..].trim_end().to_owned()).filter(|b| !b.is_empty());
        let json = body.as_deref().is_some_and(looks_like_json);
        let at_body = code.page_offset(block.body_at.unwrap_or(0));
        let request = match kind {
            ExampleKind::Request => block.first_line.and_then(super::http_request::example_endpoint),
            ExampleKind::Response => None,
        };
        examples.push(Example {
            kind,
            name,
            odata_type,
            is_collection: wrapped || flag(&head.is_collection),
            truncated: flag(&head.truncated),
            status,
            body,
            json,
            request: request.map(|(method, path)| ExampleRequest { method, path }),
            source: ctx.source(at_body),
        });
    }
    examples
}

/// The body of an HTTP block (after its start line and headers), if it has one.
pub(super) fn body(text: &str) -> Option<&str> {
    split(text).body_at.map(|at| &text[at..])
}

/// A code block split into its first line (when it is a request or status line) and the
/// byte offset where the body starts (when there is one).
struct Split<'t> {
    first_line: Option<&'t str>,
    body_at: Option<usize>,
}

/// `HTTP/1.1 200 OK` or `POST https://...`, then `Name: value` headers, then blank lines,
/// then the body. A block that does not start with such a line is all body.
fn split(text: &str) -> Split<'_> {
    let mut offset = 0;
    let mut lines = text.split_inclusive('\n').map(|l| {
        let at = offset;
        offset += l.len();
        (at, l)
    });
    let first = lines.by_ref().find(|(_, l)| !l.trim().is_empty());
    let Some((first_at, first)) = first else { return Split { first_line: None, body_at: None } };
    let head = first.trim();
    let is_start_line = status_code(head, true).is_some()
        || head.split_whitespace().next().is_some_and(|m| crate::model::Method::parse(m).is_some());
    if !is_start_line {
        return Split { first_line: None, body_at: Some(first_at) };
    }
    let body_at = lines.find(|(_, l)| !l.trim().is_empty() && !is_header(l)).map(|(at, _)| at);
    Split { first_line: Some(head), body_at }
}

/// `Content-type: application/json`: a token, a colon, a value. A JSON line (`"a": 1`,
/// `{`) is never one: it starts with a quote or a bracket.
fn is_header(line: &str) -> bool {
    let Some((name, _)) = line.trim().split_once(':') else { return false };
    !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
}

/// A JSON object, or an array of JSON values (`[binary data]` is a placeholder, not JSON).
fn looks_like_json(body: &str) -> bool {
    let body = body.trim_start();
    if body.starts_with('{') {
        return true;
    }
    let Some(rest) = body.strip_prefix('[') else { return false };
    rest.trim_start()
        .chars()
        .next()
        .is_some_and(|c| matches!(c, '{' | '[' | '"' | ']' | '-' | '0'..='9' | 't' | 'f' | 'n'))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::markdown;

    fn examples(text: &str) -> Vec<Example> {
        let ctx = Ctx::new("a.md", text);
        let doc = markdown::parse(text, 0);
        read(&ctx, &doc)
    }

    const PAGE: &str = "# Get user\n\n## Example\n\n<!-- { \"blockType\": \"request\", \"name\": \"get_user\" } -->\n```http\nPOST https://graph.microsoft.com/v1.0/users\nContent-type: application/json\n\n{\n  \"displayName\": \"A\"\n}\n```\n\n<!-- {\n  \"blockType\": \"response\",\n  \"truncated\": true,\n  \"@odata.type\": \"collection(microsoft.graph.user)\"\n} -->\n```http\nHTTP/1.1 201 Created\nContent-type: application/json\n\n{\n  \"value\": []\n}\n```\n";

    #[test]
    fn request_and_response_with_their_bodies_lines_and_annotations() {
        let found = examples(PAGE);
        let [request, response] = &found[..] else { panic!("{found:#?}") };
        assert_eq!(request.kind, ExampleKind::Request);
        assert_eq!(request.name.as_deref(), Some("get_user"));
        assert_eq!(request.body.as_deref(), Some("{\n  \"displayName\": \"A\"\n}"));
        assert_eq!(request.source.line, 10, "the body's first line");
        assert!(request.json && !request.truncated && request.status.is_none());
        assert_eq!(response.kind, ExampleKind::Response);
        assert_eq!(response.name.as_deref(), Some("get_user"), "a response takes its request's name");
        assert_eq!(response.odata_type.as_deref(), Some("microsoft.graph.user"));
        assert!(response.is_collection && response.truncated);
        assert_eq!(response.status, Some(201));
        assert_eq!(response.source.line, 24);
        assert_eq!(PAGE.lines().nth(23), Some("{"), "line 24 is the body's first");
    }

    #[test]
    fn no_body_text_body_and_unannotated_blocks() {
        let text = "<!-- { \"blockType\": \"request\", \"name\": \"g\" } -->\n```http\nGET https://graph.microsoft.com/v1.0/me/photo/$value\n```\n<!-- { \"blockType\": \"response\", \"isCollection\": \"true\" } -->\n```http\nHTTP/1.1 200 OK\nContent-type: image/jpeg\n\n[binary data]\n```\n```http\nHTTP/1.1 200 OK\n```\n<!-- { \"blockType\": \"ignored\" } -->\n```http\nHTTP/1.1 200 OK\n```\n";
        let found = examples(text);
        let [request, response] = &found[..] else { panic!("{found:#?}") };
        assert_eq!(request.body, None);
        assert_eq!(request.source.line, 3, "without a body: the block's first line");
        assert_eq!(response.body.as_deref(), Some("[binary data]"));
        assert!(!response.json, "a placeholder is kept as not JSON");
        assert!(response.is_collection, "`\"true\"` as a string counts");
    }

    #[test]
    fn json_judgement() {
        assert!(looks_like_json("{ }"));
        assert!(looks_like_json(" [ {\"a\": 1} ]"));
        assert!(looks_like_json("[]"));
        assert!(!looks_like_json("[binary data]"));
        assert!(!looks_like_json("--batch_1\nContent-Type: application/http"));
        assert!(!looks_like_json("Hello"));
    }
}
