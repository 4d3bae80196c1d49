//! What type an operation returns and takes, as the page says it.
//!
//! The response: the example response's annotation (`"@odata.type": "microsoft.graph.user",
//! "isCollection": true`, or `Collection(microsoft.graph.user)`) is structure, the same in
//! every language; where it is missing, the Response section's only link to a resource page
//! (`[user](../resources/user.md)`) names the type, resolved against the resource pages by
//! the merge. The request body: the Request body section's link to a resource page
//! ("supply a JSON representation of the [event](../resources/event.md) object"), unless
//! the section lists parameters in a table (an action's parameters).

use crate::doc::annotation;
use crate::doc::markdown::{Block, Doc};
use crate::doc::sections::{Section, Sections};
use crate::doc::source_map::Ctx;
use crate::model::TypeLink;
use regex::Regex;
use std::sync::LazyLock;

/// `[text](../resources/user.md)`, `(resources/user.md#properties)`: the page stem.
pub(super) static RESOURCE_LINK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\]\(\s*(?:\.\./|\./)*resources/([A-Za-z0-9_.-]+?)\.md\b").expect("resource link regex")
});

/// The response type: the first example response's annotation, else the Response prose's
/// only link to a resource page. The annotation wins over the prose: it is the page's
/// machine-readable statement (the docs' own tooling validates it), while the prose's first
/// link may name a base type, an error-code page or a related resource.
///
///
/// Where the example responses' annotations name different types (`room` in one example,
/// `roomList` in the next), each shows one kind of what comes back, and the prose's first
/// link names the type they are kinds of (`place`; "a [threatAssessmentRequest]: the properties
/// of [mailAssessmentRequest], ..."), unless it names one of the kinds itself.
pub fn response(ctx: &Ctx, doc: &Doc, sections: &Sections) -> Option<TypeLink> {
    let annotations: Vec<TypeLink> = response_annotations(ctx, doc).collect();
    let Some(first) = annotations.first() else {
        return sections.response.as_ref().and_then(|s| only_link(ctx, doc, s));
    };
    let kinds: Vec<String> = annotations.iter().map(|a| stem_of(&a.type_name)).collect();
    if kinds.iter().any(|kind| *kind != kinds[0]) {
        let prose = sections.response.as_ref().and_then(|s| first_link(ctx, doc, s));
        if let Some(link) = prose.filter(|link| !kinds.contains(&stem_of(&link.type_name))) {
            return Some(TypeLink { collection: first.collection, ..link });
        }
    }
    // The prose may name another type than the annotation: the merge weighs the two.
    let prose = sections
        .response
        .as_ref()
        .and_then(|s| only_link(ctx, doc, s))
        .filter(|link| stem_of(&link.type_name) != kinds[0] && link_text_agrees(ctx, doc, sections))
        .map(Box::new);
    Some(TypeLink { prose, ..first.clone() })
}

/// `[text](../resources/stem.md)`: the link text and the page stem.
static RESOURCE_LINK_TEXT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\[([^\]\[]*)\]\(\s*(?:\.\./|\./)*resources/([A-Za-z0-9_.-]+?)\.md\b")
        .expect("resource link text regex")
});

/// Whether no resource link of the Response prose names, as its text, another type than the
/// page it points to (`[accessReviewInstanceDecisionItem](../resources/accessreviewinstance.md)`
/// says two things, so it says neither).
fn link_text_agrees(ctx: &Ctx, doc: &Doc, sections: &Sections) -> bool {
    let Some(section) = sections.response.as_ref() else { return false };
    let Some(blocks) = doc.blocks.get(section.body.clone()) else { return false };
    blocks.iter().all(|b| {
        let Block::Para(p) = b else { return true };
        let Some(raw) = ctx.text.get(p.span.clone()) else { return false };
        RESOURCE_LINK_TEXT.captures_iter(raw).all(|m| {
            let text = m[1].trim().trim_matches('`');
            let identifier = !text.is_empty() && text.chars().all(|c| c.is_ascii_alphanumeric() || c == '.');
            !identifier || stem_of(text) == m[2].to_ascii_lowercase()
        })
    })
}

/// A type name as the stem of its resource page (`microsoft.graph.roomList`, `resources/roomlist`
/// → `roomlist`).
fn stem_of(type_name: &str) -> String {
    type_name.rsplit(['.', '/']).next().unwrap_or(type_name).to_ascii_lowercase()
}

/// The request body's type: a resource link in a Request body section without a parameter table.
pub fn request_body(ctx: &Ctx, doc: &Doc, section: Option<&Section>) -> Option<TypeLink> {
    let section = section?;
    let blocks = doc.blocks.get(section.body.clone())?;
    if blocks.iter().any(|b| matches!(b, Block::Table(_))) {
        return None;
    }
    only_link(ctx, doc, section)
}

/// The resource page a section's prose links to, when it links to exactly one: prose that
/// links several (a base type, a related resource, an error-code page) does not say which
/// one the operation returns or takes, so it says nothing here.
fn only_link(ctx: &Ctx, doc: &Doc, section: &Section) -> Option<TypeLink> {
    links(ctx, doc, section, false)
}

/// The first resource page a section's prose links to.
fn first_link(ctx: &Ctx, doc: &Doc, section: &Section) -> Option<TypeLink> {
    links(ctx, doc, section, true)
}

/// The resource page a section's prose links to: the first one, or the only one.
fn links(ctx: &Ctx, doc: &Doc, section: &Section, first: bool) -> Option<TypeLink> {
    let blocks = doc.blocks.get(section.body.clone())?;
    let mut found: Option<(String, usize)> = None;
    for p in blocks.iter().filter_map(|b| match b {
        Block::Para(p) => Some(p),
        _ => None,
    }) {
        let raw = ctx.text.get(p.span.clone())?;
        for m in RESOURCE_LINK.captures_iter(raw) {
            let stem = m.get(1)?;
            let name = stem.as_str().to_ascii_lowercase();
            match &found {
                Some(_) if first => break,
                Some((seen, _)) if *seen != name => return None,
                Some(_) => {}
                None => found = Some((name, p.span.start + stem.start())),
            }
        }
    }
    let (stem, at) = found?;
    // Whether the prose means a collection is wording: left to the annotation.
    Some(TypeLink {
        type_name: format!("{}{stem}", TypeLink::RESOURCE_PAGE),
        collection: None,
        source: ctx.source(at),
        prose: None,
    })
}

/// What a response annotation says about the type, borrowed from strict JSON (the usual case).
#[derive(serde::Deserialize)]
struct ResponseHead<'a> {
    #[serde(rename = "blockType", borrow, default)]
    block_type: Option<std::borrow::Cow<'a, str>>,
    /// `@type` is the docs tooling's older spelling (the OneDrive pages use it).
    #[serde(rename = "@odata.type", alias = "@type", borrow, default)]
    odata_type: Option<std::borrow::Cow<'a, str>>,
    #[serde(rename = "isCollection", default)]
    is_collection: Option<Flag>,
}

/// `true` or `"true"`.
#[derive(serde::Deserialize)]
#[serde(untagged)]
pub(super) enum Flag {
    Bool(bool),
    Text(String),
}

/// The `blockType: response` annotations naming an `@odata.type` (or `@type`), in page order.
fn response_annotations<'d>(ctx: &'d Ctx, doc: &'d Doc) -> impl Iterator<Item = TypeLink> + 'd {
    // `type` finds both spellings; the parse below keeps the annotations that name one.
    annotation::candidates(ctx.text, &doc.comments, "type").filter_map(|(inner, at)| {
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
        // Without `isCollection` the annotation does not say: the example body then tells
        // (`collection_from_examples`), as it does for the reports' `{"value": [...]}`.
        let flagged = match &head.is_collection {
            Some(Flag::Bool(b)) => Some(*b),
            Some(Flag::Text(t)) => Some(t.eq_ignore_ascii_case("true")),
            None => None,
        };
        let plausible = name.contains('.')
            && name.split('.').all(|w| !w.is_empty() && w.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'));
        plausible.then(|| TypeLink {
            type_name: name.to_owned(),
            collection: if wrapped { Some(true) } else { flagged },
            source: ctx.source(at),
            prose: None,
        })
    })
}

/// Fills in whether the response is a collection when the page does not say so in
/// `isCollection` (or `Collection(...)`): the first JSON example response shows it. A top-level `value`
/// array is a collection page; an object without a `value` key is one object. Anything
/// else (no example, a body that does not start as an object) leaves it unsaid.
///
/// `status_block` is the page's first example response block (annotated or not: many pages
/// annotate none), read when no annotated JSON response says it.
pub fn collection_from_examples(link: &mut TypeLink, examples: &[crate::model::Example], status_block: Option<&str>) {
    if link.collection.is_some() {
        return;
    }
    let annotated = examples
        .iter()
        .find(|e| e.kind == crate::model::ExampleKind::Response && e.json)
        .and_then(|e| e.body.as_deref());
    let unannotated = || status_block.and_then(super::examples::body);
    link.collection = annotated.or_else(unannotated).and_then(top_level_value_is_array);
    // A response annotation without `isCollection` and no example that tells: one object, as
    // the docs' own tooling reads it. (A link from the prose stays unsaid: that is wording.)
    if link.collection.is_none() && !link.type_name.starts_with(TypeLink::RESOURCE_PAGE) {
        link.collection = Some(false);
    }
}

/// Whether the object's top-level `value` key holds an array: `Some(false)` when the object
/// has no such key. Scans rather than parses, so that a truncated body (`...`) still tells.
fn top_level_value_is_array(body: &str) -> Option<bool> {
    // `"@odata.context": ".../$metadata#users/$entity"`: one entity, whatever its properties.
    if body.contains("/$entity\"") {
        return body.trim_start().starts_with('{').then_some(false);
    }
    let object = crate::doc::json_scan::top_level(body)?;
    match object.entries.iter().find(|(key, _)| *key == "value") {
        Some((_, rest)) => Some(rest.trim_start().starts_with('[')),
        // Cut off before the object closed: the keys seen had no `value`.
        None => object.closed.then_some(false),
    }
}

#[cfg(test)]
mod collection_tests {
    use super::top_level_value_is_array as shape;

    #[test]
    fn the_example_body_shows_a_collection() {
        assert_eq!(shape(r#"{"@odata.context": "x", "value": [{"id": "1"}]}"#), Some(true));
        assert_eq!(shape("{\n  \"value\": [\n    {\n      \"id\": \"1\",\n      ...\n"), Some(true), "truncated");
        assert_eq!(shape(r#"{"id": "1", "displayName": "A \"value\": [ quoted"}"#), Some(false));
        assert_eq!(shape(r#"{"id": "1", "body": {"value": [1]}}"#), Some(false), "nested value");
        assert_eq!(shape(r#"{"name": "x", "value": "text"}"#), Some(false), "a property named value");
        let entity = r#"{"@odata.context": "https://graph.microsoft.com/v1.0/$metadata#me/x/$entity", "value": ["a"]}"#;
        assert_eq!(shape(entity), Some(false), "one entity with a collection property named value");
        assert_eq!(shape(r#"{"id": "1", ..."#), None, "cut off");
        assert_eq!(shape("[1, 2]"), None);
        assert_eq!(shape("Binary"), None);
    }
}
