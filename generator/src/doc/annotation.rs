//! `<!-- { ... } -->` annotations, parsed leniently: strict JSON first, then a
//! repaired JSON5 parse (entities, raw newlines in strings, trailing commas,
//! unquoted keys), each repair reported.

use super::source_map::Ctx;
use crate::diagnostics::Code;
use serde_json::Value;
use std::ops::Range;

const KNOWN_KEYS: &[&str] = &[
    "blockType",
    "name",
    "truncated",
    "@odata.type",
    "@type",
    "isCollection",
    "sampleKeys",
    "sampleIds",
    "scopes",
    "scope",
    "isComposable",
    "tags",
    "target",
    "idempotent",
    "opaqueUrl",
    "isEmpty",
    "suppressions",
    "requestUrls",
    "type",
    "description",
    "keywords",
    "section",
    "tocPath",
    "optionalProperties",
    "expectError",
    "baseType",
    "keyProperty",
    "openType",
];

/// Largest annotation checked, in bytes. Real ones are a few hundred bytes; the lenient
/// parser needs about a hundred times an annotation's size in memory, so a huge one is
/// reported and left alone rather than parsed.
pub const MAX_ANNOTATION_BYTES: usize = 64 << 10;

const KNOWN_BLOCK_TYPES: &[&str] = &["ignored", "request", "response", "example", "samples", "resource", "permissions"];

/// Checks every comment that holds an annotation; other comments are ignored.
pub fn read_all(ctx: &mut Ctx, comments: &[Range<usize>]) {
    for span in comments {
        read_one(ctx, span.clone());
    }
}

/// The JSON inside an annotation comment (`<!-- { ... } -->`), or `None` when the comment holds
/// no JSON object.
pub fn json_text(comment: &str) -> Option<&str> {
    let inner = comment.strip_prefix("<!--")?;
    let inner = inner.strip_suffix("-->").unwrap_or(inner).trim();
    inner.starts_with('{').then_some(inner)
}

/// The JSON of each annotation among `comments` that contains `marker` (a cheap filter before
/// any parsing), with the comment's offset. Oversized ones are left out: [`read_all`] reports them.
pub fn candidates<'t, 'c>(
    text: &'t str,
    comments: &'c [Range<usize>],
    marker: &'c str,
) -> impl Iterator<Item = (&'t str, usize)> + 'c
where
    't: 'c,
{
    comments.iter().filter_map(move |span| {
        let inner = json_text(text.get(span.clone())?)?;
        (inner.len() <= MAX_ANNOTATION_BYTES && inner.contains(marker)).then_some((inner, span.start))
    })
}

/// Returns the blockType of an annotation that parsed.
fn read_one(ctx: &mut Ctx, span: Range<usize>) -> Option<String> {
    let raw = ctx.text.get(span.clone())?;
    let inner = json_text(raw)?;
    if inner.len() > MAX_ANNOTATION_BYTES {
        let message = format!(
            "annotation of {} KiB is over the {} KiB limit: not checked",
            inner.len() >> 10,
            MAX_ANNOTATION_BYTES >> 10
        );
        ctx.report(Code::AnnotationTooLarge, span.start..span.start + 4, message);
        return None;
    }
    if let Some(block_type) = read_strict(ctx, &span, inner) {
        return block_type;
    }
    let (mut value, mut repairs) = match parse_lenient(inner) {
        Ok(parsed) => parsed,
        Err(err) => {
            // Point at the offending spot inside the comment when it is known.
            let inner_start = span.start + raw.find('{').unwrap_or(0);
            let at = err.at.map_or(span.clone(), |i| inner_start + i..inner_start + i + 1);
            ctx.report(Code::AnnotationInvalid, at, format!("annotation is not JSON, even leniently: {}", err.message));
            return None;
        }
    };
    let Some(object) = value.as_object_mut() else {
        ctx.report(Code::AnnotationInvalid, span, "annotation is not a JSON object");
        return None;
    };
    if let Some(Value::String(s)) = object.get("truncated") {
        let flag = s.eq_ignore_ascii_case("true");
        object.insert("truncated".into(), Value::Bool(flag));
        repairs.push("`truncated` given as a string");
    }
    for key in object.keys().filter(|k| !KNOWN_KEYS.contains(&k.as_str())) {
        ctx.report(Code::AnnotationUnknownKey, span.clone(), format!("unknown annotation key `{key}`"));
    }
    let block_type = object.get("blockType").and_then(Value::as_str).map(str::to_owned);
    if let Some(bt) = block_type.as_deref().filter(|bt| !KNOWN_BLOCK_TYPES.contains(bt)) {
        ctx.report(Code::AnnotationUnknownBlockType, span.clone(), format!("unknown blockType `{bt}`"));
    }
    if !repairs.is_empty() {
        ctx.report(Code::AnnotationRepaired, span.clone(), format!("annotation repaired: {}", repairs.join(", ")));
    }
    block_type
}

/// The fields an annotation is checked for, borrowed (no allocation for the usual, strict case).
#[derive(serde::Deserialize)]
struct Head<'a> {
    #[serde(rename = "blockType", borrow, default)]
    block_type: Option<&'a str>,
    #[serde(default)]
    truncated: Option<bool>,
}

/// Fast path for strict JSON with plain keys: `Some(blockType)` when fully checked, `None` to take the slow path.
fn read_strict(ctx: &mut Ctx, span: &Range<usize>, inner: &str) -> Option<Option<String>> {
    let keys: std::collections::BTreeMap<&str, serde::de::IgnoredAny> = serde_json::from_str(inner).ok()?;
    let head: Head = serde_json::from_str(inner).ok()?;
    let _ = head.truncated;
    for key in keys.keys().filter(|k| !KNOWN_KEYS.contains(k)) {
        ctx.report(Code::AnnotationUnknownKey, span.clone(), format!("unknown annotation key `{key}`"));
    }
    if let Some(bt) = head.block_type.filter(|bt| !KNOWN_BLOCK_TYPES.contains(bt)) {
        ctx.report(Code::AnnotationUnknownBlockType, span.clone(), format!("unknown blockType `{bt}`"));
    }
    Some(head.block_type.map(str::to_owned))
}

/// Parses `text` as JSON, else repaired JSON5; returns the repairs made.
pub fn parse_lenient(text: &str) -> Result<(Value, Vec<&'static str>), Invalid> {
    if let Ok(v) = serde_json::from_str::<Value>(text) {
        return Ok((v, Vec::new()));
    }
    let mut repairs = Vec::new();
    let mut fixed = text.to_owned();
    if fixed.contains("&quot;") {
        fixed = fixed.replace("&quot;", "\"");
        repairs.push("`&quot;` entities");
    }
    let (escaped, had_newlines) = escape_raw_newlines(&fixed);
    if had_newlines {
        repairs.push("raw newlines in strings");
        fixed = escaped;
    }
    if let Ok(v) = serde_json::from_str::<Value>(&fixed) {
        return Ok((v, repairs));
    }
    match json5::from_str::<Value>(&fixed) {
        Ok(v) => {
            repairs.push("not strict JSON (trailing commas, unquoted keys, ...)");
            Ok((v, repairs))
        }
        // json5's own message embeds a snippet of its own; serde_json's names the spot plainly.
        Err(_) => Err(match serde_json::from_str::<Value>(text) {
            Err(e) => {
                let message = e.to_string();
                let message = message.split(" at line ").next().unwrap_or(&message).to_owned();
                let at = (text == fixed).then(|| offset_of(text, e.line(), e.column()));
                Invalid { message, at }
            }
            Ok(_) => Invalid { message: "unreadable".to_owned(), at: None },
        }),
    }
}

/// Why an annotation could not be read, and where in its text (byte offset), when known.
#[derive(Debug)]
pub struct Invalid {
    pub message: String,
    pub at: Option<usize>,
}

/// Byte offset of a 1-based line and column (in characters) of `text`.
fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let start: usize = text.split_inclusive('\n').take(line.saturating_sub(1)).map(str::len).sum();
    let rest = text.get(start..).unwrap_or("");
    start + rest.char_indices().nth(column.saturating_sub(1)).map_or(rest.len(), |(i, _)| i)
}

/// Replaces raw line breaks and tabs inside double-quoted strings by spaces.
fn escape_raw_newlines(text: &str) -> (String, bool) {
    let mut out = String::with_capacity(text.len());
    let (mut in_string, mut escaped, mut changed) = (false, false, false);
    for c in text.chars() {
        if in_string && !escaped && matches!(c, '\n' | '\r' | '\t') {
            out.push(' ');
            changed = true;
            continue;
        }
        if in_string && !escaped && c == '"' {
            in_string = false;
        } else if !in_string && c == '"' {
            in_string = true;
        }
        escaped = in_string && !escaped && c == '\\';
        out.push(c);
    }
    (out, changed)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(text: &str) -> Vec<Code> {
        let mut ctx = Ctx::new("a.md", text);
        let span = 0..text.len();
        read_all(&mut ctx, std::slice::from_ref(&span));
        ctx.diagnostics.iter().map(|d| d.code).collect()
    }

    #[test]
    fn strict_annotation_is_clean() {
        assert!(codes("<!-- { \"blockType\": \"request\", \"name\": \"x\" } -->").is_empty());
    }

    #[test]
    fn each_repair_kind_is_reported() {
        for text in [
            "<!-- { \"blockType\": \"response\", } -->",
            "<!-- { blockType: \"response\", isCollection: true } -->",
            "<!-- { &quot;blockType&quot;: &quot;request&quot; } -->",
            "<!-- { \"blockType\": \"request\", \"name\": \"a\nb\" } -->",
            "<!--{ \"blockType\": \"response\", \"truncated\": \"true\" }-->",
        ] {
            assert_eq!(codes(text), vec![Code::AnnotationRepaired], "{text}");
        }
    }

    #[test]
    fn hopeless_unknown_key_and_block_type() {
        assert_eq!(codes("<!-- { \"blockType\": \"request\" \"name\" } -->"), vec![Code::AnnotationInvalid]);
        assert_eq!(codes("<!-- { \"blockType\": \"request\", \"zork\": 1 } -->"), vec![Code::AnnotationUnknownKey]);
        assert_eq!(codes("<!-- { \"blockType\": \"weird\" } -->"), vec![Code::AnnotationUnknownBlockType]);
        assert!(codes("<!-- markdownlint-disable MD041 -->").is_empty());
    }

    #[test]
    fn an_oversized_annotation_is_reported_not_parsed() {
        // Not strict JSON (unquoted keys): without the limit it would go to the lenient parser.
        let body = "a: 1, ".repeat(MAX_ANNOTATION_BYTES / 6 + 1);
        let text = format!("<!-- {{ {body} blockType: \"request\" }} -->");
        assert_eq!(codes(&text), vec![Code::AnnotationTooLarge]);
        let at_limit = format!("<!-- {{ \"name\": \"{}\" }} -->", "x".repeat(MAX_ANNOTATION_BYTES - 20));
        assert!(codes(&at_limit).is_empty(), "an annotation under the limit is still checked");
    }
}
