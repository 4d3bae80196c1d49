//! Docs linting: checks the docs' own example requests and responses against the types of the
//! resource pages. Runs after the merge, reads the model only.
//!
//! Each JSON body is parsed with serde_json (invalid JSON is reported at serde's line and
//! column, mapped to the page). For the check itself the body is parsed again with
//! `jsonc-parser` (dprint's, used by Deno; no dependencies of its own), which gives the byte
//! range of every key, so each contradiction points at the line of its key, and which reads
//! what truncated examples hold (comments, trailing or missing commas; `...` is blanked first).
//! The type is the annotation's `@odata.type`, else the operation's response or request type;
//! a collection's items are the `value` array's. See [`walk`] for what is a contradiction.

mod formats;
#[cfg(test)]
mod tests;
mod types;
mod walk;

use crate::diagnostics::{Code, Diagnostic, SourceMap};
use crate::model::{Example, ExampleKind, Model, Operation, Source};
use jsonc_parser::ast::Value;
use rayon::prelude::*;
use serde::Serialize;
use types::TypeIndex;
use walk::Walker;

/// The codes this stage reports.
pub const CODES: [Code; 7] = [
    Code::ExampleInvalidJson,
    Code::ExampleTruncatedNotJson,
    Code::ExampleUnknownProperty,
    Code::ExampleWrongJsonType,
    Code::ExampleUnknownType,
    Code::ExampleTypeNotDerived,
    Code::ExampleValueFormat,
];

/// What the check found over a run.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Tally {
    pub requests: usize,
    pub responses: usize,
    /// Examples with a JSON body.
    pub json_bodies: usize,
    /// Examples whose body was read and whose type is one of the model's.
    pub checked: usize,
    /// Of those, examples with no contradiction.
    pub clean: usize,
}

impl Tally {
    fn add(&mut self, other: &Tally) {
        self.requests += other.requests;
        self.responses += other.responses;
        self.json_bodies += other.json_bodies;
        self.checked += other.checked;
        self.clean += other.clean;
    }
}

/// Checks every example of the model. A run without resource pages checks nothing: there is
/// nothing to check against.
pub fn check(model: &Model, sources: &SourceMap) -> (Tally, Vec<Diagnostic>) {
    let index = TypeIndex::new(model);
    let checking = !model.types.is_empty();
    let per_op: Vec<(Tally, Vec<Diagnostic>)> = model
        .operations
        .par_iter()
        .map(|op| {
            let mut tally = Tally::default();
            let mut diagnostics = Vec::new();
            for example in &op.examples {
                match example.kind {
                    ExampleKind::Request => tally.requests += 1,
                    ExampleKind::Response => tally.responses += 1,
                }
                if example.json && example.body.is_some() {
                    tally.json_bodies += 1;
                    if checking {
                        check_one(&index, op, example, sources, &mut tally, &mut diagnostics);
                    }
                }
            }
            (tally, diagnostics)
        })
        .collect();
    let mut tally = Tally::default();
    let mut diagnostics = Vec::new();
    for (t, d) in per_op {
        tally.add(&t);
        diagnostics.extend(d);
    }
    (tally, diagnostics)
}

fn check_one(
    index: &TypeIndex,
    op: &Operation,
    example: &Example,
    sources: &SourceMap,
    tally: &mut Tally,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let Some(body) = example.body.as_deref() else { return };
    let at_line =
        |line: usize| Source { file: example.source.file.clone(), line: example.source.line + line as u32 - 1 };
    let mut clean = true;
    if let Err(e) = serde_json::from_str::<serde::de::IgnoredAny>(body) {
        let what = e.to_string();
        let what = what.split(" at line ").next().unwrap_or(&what);
        let (code, message) = if example.truncated {
            (
                Code::ExampleTruncatedNotJson,
                format!("truncated example is not strict JSON ({what}); checked as far as it reads"),
            )
        } else {
            (Code::ExampleInvalidJson, format!("example body is not valid JSON: {what} (column {})", e.column()))
        };
        diagnostics.push(crate::merge::at(sources, code, &at_line(e.line().max(1)), None, message));
        // A truncated example is cut short on purpose: that alone is no contradiction.
        clean = example.truncated;
    }
    // Whatever the type, the body is only checked when it reads.
    let blanked = blank_ellipses(body);
    let options = jsonc_parser::ParseOptions::default();
    let Ok(parsed) = jsonc_parser::parse_to_ast(&blanked, &Default::default(), &options) else { return };
    let Some(root) = parsed.value else { return };

    let version = Some(op.version);
    let link = match example.kind {
        ExampleKind::Response => op.response_type.as_ref(),
        ExampleKind::Request => op.request_type.as_ref(),
    };
    let (type_name, collection) = match (&example.odata_type, link) {
        (Some(t), _) => (t.as_str(), example.is_collection),
        (None, Some(link)) => (link.type_name.as_str(), link.collection.unwrap_or(false)),
        (None, None) => return,
    };
    // `Edm.String`, `string`: a primitive response (`{"value": ...}`) is not checked.
    if !type_name.contains('.') || type_name.starts_with("Edm.") {
        return;
    }
    let Some(declared) = index.get(version, type_name) else {
        let message = format!("the documented type `{type_name}` is not described by any {} resource page", op.version);
        diagnostics.push(crate::merge::at(sources, Code::ExampleUnknownType, &at_line(1), None, message));
        return;
    };
    tally.checked += 1;
    let mut walker = Walker::new(index, version);
    match &root {
        Value::Array(items) => items_of(&mut walker, &items.elements, declared),
        Value::Object(object) => {
            let value = object.properties.iter().find(|p| p.name.as_str() == "value").map(|p| &p.value);
            let has_value_property = index.members(declared).is_some_and(|m| m.by_name.contains_key("value"));
            match value {
                Some(Value::Array(items)) if collection || !has_value_property => {
                    items_of(&mut walker, &items.elements, declared)
                }
                _ => walker.object(object, declared),
            }
        }
        _ => {}
    }
    for finding in walker.findings.iter() {
        let line = body[..finding.at.min(body.len())].matches('\n').count() + 1;
        let needle = body[finding.at.min(body.len())..].split('\n').next().and_then(|rest| {
            let rest = rest.strip_prefix('"')?;
            rest.find('"').map(|end| &rest[..end])
        });
        let quoted = needle.map(|n| format!("\"{n}\""));
        diagnostics.push(crate::merge::at(
            sources,
            finding.code,
            &at_line(line),
            quoted.as_deref(),
            finding.message.clone(),
        ));
    }
    clean &= walker.findings.is_empty();
    if clean {
        tally.clean += 1;
    }
}

fn items_of<'m>(walker: &mut Walker<'_, 'm>, items: &[Value], declared: &'m crate::model::TypeDef) {
    for item in items {
        if let Value::Object(object) = item {
            walker.object(object, declared);
        }
    }
}

/// The body with every `...` and `…` outside strings replaced by spaces of the same byte
/// length: truncated examples elide with them, and blanking keeps every offset in place.
fn blank_ellipses(body: &str) -> std::borrow::Cow<'_, str> {
    if !body.contains("...") && !body.contains('…') {
        return body.into();
    }
    let mut out = String::with_capacity(body.len());
    let (mut in_string, mut escaped) = (false, false);
    let mut chars = body.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if in_string {
            in_string = escaped || c != '"';
            escaped = !escaped && c == '\\';
            out.push(c);
        } else if c == '"' {
            in_string = true;
            out.push(c);
        } else if c == '…' {
            out.push_str("   ");
        } else if c == '.' && body[i..].starts_with("...") {
            out.push_str("   ");
            chars.next();
            chars.next();
        } else {
            out.push(c);
        }
    }
    out.into()
}
