//! What type an operation returns and takes, as the page says it.
//!
//! The response: the example response's annotation (`"@odata.type": "microsoft.graph.user",
//! "isCollection": true`, or `Collection(microsoft.graph.user)`) is structure, the same in
//! every language; where it is missing, the Response section's link to a resource page
//! (`[user](../resources/user.md)`) names the type, resolved against the resource pages by
//! the merge. The request body: the Request body section's link to a resource page
//! ("supply a JSON representation of the [event](../resources/event.md) object"), unless
//! the section lists parameters in a table (an action's parameters).

use super::annotation;
use super::markdown::{Block, Doc};
use super::sections::{Section, Sections};
use super::source_map::Ctx;
use crate::model::TypeLink;
use regex::Regex;
use std::sync::LazyLock;

/// `[text](../resources/user.md)`, `(resources/user.md#properties)`: the page stem.
static RESOURCE_LINK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\]\(\s*(?:\.\./|\./)*resources/([A-Za-z0-9_.-]+?)\.md\b").expect("resource link regex")
});

/// The response type: the first example response's annotation, else the Response prose's
/// first link to a resource page. The annotation wins over the prose: it is the page's
/// machine-readable statement (the docs' own tooling validates it), while the prose's first
/// link may name a base type, an error-code page or a related resource.
pub fn response(ctx: &Ctx, doc: &Doc, sections: &Sections) -> Option<TypeLink> {
    response_annotation(ctx, doc).or_else(|| sections.response.as_ref().and_then(|s| first_link(ctx, doc, s)))
}

/// The request body's type: a resource link in a Request body section without a parameter table.
pub fn request_body(ctx: &Ctx, doc: &Doc, section: Option<&Section>) -> Option<TypeLink> {
    let section = section?;
    let blocks = doc.blocks.get(section.body.clone())?;
    if blocks.iter().any(|b| matches!(b, Block::Table(_))) {
        return None;
    }
    first_link(ctx, doc, section)
}

/// The first link to a resource page in a section's paragraphs.
fn first_link(ctx: &Ctx, doc: &Doc, section: &Section) -> Option<TypeLink> {
    let blocks = doc.blocks.get(section.body.clone())?;
    blocks.iter().find_map(|b| {
        let Block::Para(p) = b else { return None };
        let raw = ctx.text.get(p.span.clone())?;
        let m = RESOURCE_LINK.captures(raw)?;
        let stem = m.get(1)?;
        // Whether the prose means a collection is wording: left to the annotation.
        Some(TypeLink {
            type_name: format!("{}{}", TypeLink::RESOURCE_PAGE, stem.as_str().to_ascii_lowercase()),
            collection: None,
            source: ctx.source(p.span.start + stem.start()),
        })
    })
}

/// What a response annotation says about the type, borrowed from strict JSON (the usual case).
#[derive(serde::Deserialize)]
struct ResponseHead<'a> {
    #[serde(rename = "blockType", borrow, default)]
    block_type: Option<std::borrow::Cow<'a, str>>,
    #[serde(rename = "@odata.type", borrow, default)]
    odata_type: Option<std::borrow::Cow<'a, str>>,
    #[serde(rename = "isCollection", default)]
    is_collection: Option<Flag>,
}

/// `true` or `"true"`.
#[derive(serde::Deserialize)]
#[serde(untagged)]
enum Flag {
    Bool(bool),
    Text(String),
}

/// The first `blockType: response` annotation naming an `@odata.type`.
fn response_annotation(ctx: &Ctx, doc: &Doc) -> Option<TypeLink> {
    doc.comments.iter().find_map(|span| {
        let raw = ctx.text.get(span.clone())?;
        if raw.len() > annotation::MAX_ANNOTATION_BYTES || !raw.contains("@odata.type") || !raw.contains("response") {
            return None;
        }
        let inner = raw.strip_prefix("<!--")?;
        let inner = inner.strip_suffix("-->").unwrap_or(inner).trim();
        // Strict JSON borrows; only a damaged annotation pays for the lenient parser.
        let lenient;
        let head: ResponseHead = match serde_json::from_str(inner) {
            Ok(head) => head,
            Err(_) => {
                lenient = annotation::parse_lenient(inner).ok()?.0.to_string();
                serde_json::from_str(&lenient).ok()?
            }
        };
        if head.block_type.as_deref() != Some("response") {
            return None;
        }
        let written = head.odata_type.as_deref()?.trim();
        let (name, wrapped) = match written.strip_prefix("Collection(").and_then(|r| r.strip_suffix(')')) {
            Some(inner) => (inner.trim(), true),
            None => (written, false),
        };
        let flagged = match &head.is_collection {
            Some(Flag::Bool(b)) => *b,
            Some(Flag::Text(t)) => t.eq_ignore_ascii_case("true"),
            None => false,
        };
        let plausible = name.contains('.')
            && name.split('.').all(|w| !w.is_empty() && w.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'));
        plausible.then(|| TypeLink {
            type_name: name.to_owned(),
            collection: Some(wrapped || flagged),
            source: ctx.source(span.start),
        })
    })
}
