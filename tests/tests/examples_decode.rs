//! The docs' own example responses decode through the typed client (issue 9, item 5a).
//!
//! Runs the pipeline on all of `../shared/corpus/en-2021` (API and resource pages), generates
//! the client crate, and runs `tests/examples_decode/main.rs` inside it (see
//! `acceptance::generated_crate`): every example response whose documented type is a model is
//! served from wiremock on loopback and decoded through the client. Decoding is lenient (a
//! property value that does not decode is kept raw in `additional_data` and logged, see the
//! generated `runtime::model`), so the inner test reports each example as decoded strictly,
//! decoded with values kept raw, or failed; here they are judged: at least 95% decode, and every
//! example with a value kept raw or a failure is one the check stage already reports as
//! contradicting its type (a documented upstream defect). The strict figure is printed too. Items
//! whose `@odata.type` names a type derived from the documented one (measured: 122) must decode,
//! through the documented model's `into_kind`, into that type's variant.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;

use acceptance::corpus;
use acceptance::generated_crate::GeneratedCrate;
use generator::diagnostics::{Code, Diagnostic};
use generator::model::{ApiVersion, Example, ExampleKind, Model, Operation};
use generator::pipeline::{self, Run};
use serde_json::{json, Value};

const FIXTURE: &str = include_str!("../examples_decode/main.rs");

/// The check stage's codes for a body that contradicts its type: the reasons a failure may
/// have. (G0701/G0702, bodies that are not JSON, are never decoded.)
const CONTRADICTIONS: &[Code] = &[
    Code::ExampleUnknownProperty,
    Code::ExampleWrongJsonType,
    Code::ExampleUnknownType,
    Code::ExampleTypeNotDerived,
    Code::ExampleValueFormat,
];

/// The share of decodable examples that must decode (issue 9 asks for 0.95). Decoding is
/// lenient, so only a body that is not a JSON object fails: measured 1.0 (2,810 of 2,810).
const MIN_DECODED: f64 = 0.95;

/// The share that must decode strictly, every value into its property's type: measured 0.9181
/// (2,580 of 2,810). The other 230 keep values raw, and each is an example the check stage
/// reports: 178 carry a G0707, mostly template placeholders where a date, GUID or base64 value
/// belongs (`datetime-value`, `String (timestamp)`, `Date`, `skuId-value`), the rest G0703/G0704
/// (`"Boolean"` as a value, a string for a `String collection`). A floor, so that a generator
/// defect that keeps more values raw shows even where the check stage also flags the example.
const MIN_STRICT: f64 = 0.91;

/// Items with a derived `@odata.type` found in en-2021's examples (measured: 122): fewer means
/// the selection, not the decoding, went wrong, and the check of `into_kind` would pass on nothing.
const MIN_DERIVED_ITEMS: usize = 100;

/// One example response to decode.
struct Decodable<'r> {
    /// `file:line` of its body.
    at: String,
    /// The model's Rust path (`v1_0::models::User`).
    type_path: String,
    shape: &'static str,
    body: &'r str,
    /// The contradiction codes the check stage reported inside the body.
    flagged: BTreeSet<&'static str>,
}

/// An item of an example response whose `@odata.type` names a type derived from the
/// documented one: `into_kind` must decode it into that type's variant.
struct Derived {
    at: String,
    /// The documented (base) model's Rust path.
    base_path: String,
    /// The variant expected: the derived model's Rust name.
    variant: String,
    item: Value,
}

/// What the examples come to, before decoding.
#[derive(Default)]
struct Selection<'r> {
    decodable: Vec<Decodable<'r>>,
    derived: Vec<Derived>,
    /// JSON response bodies whose type is a model but which are not strict JSON.
    not_json: usize,
    /// JSON response bodies whose type is not a model (a primitive, an unknown name, none).
    untyped: usize,
}

/// Model paths by version and lower-cased name, qualified and bare (when the bare name is
/// unique), as the docs write type names in either form and in any case.
fn path_index(model: &Model) -> BTreeMap<(ApiVersion, String), String> {
    let mut index = BTreeMap::new();
    let mut bare: BTreeMap<(ApiVersion, String), Option<String>> = BTreeMap::new();
    for ((version, graph), rust) in generator::emit_rust::model_paths(model) {
        let graph = graph.to_ascii_lowercase();
        let name = graph.rsplit('.').next().unwrap_or(&graph).to_owned();
        bare.entry((version, name)).and_modify(|seen| *seen = None).or_insert(Some(rust.clone()));
        index.insert((version, graph), rust);
    }
    for (key, rust) in bare {
        if let Some(rust) = rust {
            index.entry(key).or_insert(rust);
        }
    }
    index
}

fn resolve(index: &BTreeMap<(ApiVersion, String), String>, version: ApiVersion, name: &str) -> Option<String> {
    let name = name.trim().trim_start_matches('#').to_ascii_lowercase();
    let get = |n: String| index.get(&(version, n)).cloned();
    get(name.clone()).or_else(|| get(format!("microsoft.graph.{name}")))
}

/// Whether the type (as the model declares it) has a property named `value`: then a `value`
/// array is that property, not a collection page, unless the example says it is a collection.
fn has_value_property(model: &Model, version: ApiVersion, name: &str) -> bool {
    let name = name.trim_start_matches('#').to_ascii_lowercase();
    model.types.iter().filter(|t| t.version == Some(version)).any(|t| {
        let named = t.odata_type().eq_ignore_ascii_case(&name) || t.name.eq_ignore_ascii_case(&name);
        named && t.properties.iter().chain(&t.relationships).any(|p| p.name == "value")
    })
}

/// The shape the check stage reads a body in (see `check_examples`): a bare array of items, a
/// page whose `value` array holds the items, or one object.
fn shape(body: &Value, collection: bool, value_property: bool) -> &'static str {
    match body {
        Value::Array(_) => "list",
        Value::Object(o) if o.get("value").is_some_and(Value::is_array) && (collection || !value_property) => "page",
        _ => "one",
    }
}

/// The contradiction codes reported inside `example`'s body.
fn flagged(diagnostics: &[Diagnostic], example: &Example, body: &str) -> BTreeSet<&'static str> {
    let first = example.source.line;
    let last = first + body.lines().count() as u32;
    diagnostics
        .iter()
        .filter(|d| *d.file == *example.source.file && (first..=last).contains(&d.line))
        .filter(|d| CONTRADICTIONS.contains(&d.code))
        .map(|d| d.code.as_str())
        .collect()
}

/// By version and lower-cased name: a model's Rust path ([`path_index`]) or its base
/// ([`base_index`]).
type Index = BTreeMap<(ApiVersion, String), String>;

/// Each type's base, by version and lower-cased bare name, for the types the docs define.
fn base_index(model: &Model) -> Index {
    let bare = |name: &str| name.rsplit('.').next().unwrap_or(name).to_ascii_lowercase();
    model.types.iter().filter_map(|t| Some(((t.version?, bare(&t.name)), bare(t.base_type.as_deref()?)))).collect()
}

/// Whether `derived` is `base` or derives from it through types the docs define.
fn derives_from(
    bases: &BTreeMap<(ApiVersion, String), String>,
    version: ApiVersion,
    derived: &str,
    base: &str,
) -> bool {
    let bare = |name: &str| name.trim_start_matches('#').rsplit('.').next().unwrap_or(name).to_ascii_lowercase();
    let (mut current, base) = (bare(derived), bare(base));
    for _ in 0..bases.len() {
        match bases.get(&(version, current)) {
            Some(next) if *next == base => return true,
            Some(next) => current = next.clone(),
            None => return false,
        }
    }
    false
}

/// The items of a body in `shape` that name, in `@odata.type`, a type derived from the
/// documented one (`base_path`).
fn derived_items(
    (index, bases): (&Index, &Index),
    version: ApiVersion,
    (base, base_path): (&str, &str),
    (body, shape): (&Value, &str),
) -> Vec<(String, Value)> {
    let items: Vec<&Value> = match (shape, body) {
        ("page", _) => body["value"].as_array().into_iter().flatten().collect(),
        ("list", Value::Array(items)) => items.iter().collect(),
        _ => vec![body],
    };
    items
        .into_iter()
        .filter_map(|item| {
            let named = item.get("@odata.type")?.as_str()?;
            let path = resolve(index, version, named)?;
            let derived = path != base_path && derives_from(bases, version, named, base);
            derived.then(|| (variant(&path), item.clone()))
        })
        .collect()
}

/// The kind enum variant of a model, from its path: its name, after its namespace's module for
/// a namespace other than Graph's own (`v1_0::models::User` → `User`,
/// `beta::models::termstore::Group` → `TermstoreGroup`).
fn variant(path: &str) -> String {
    let below = path.split_once("::models::").map_or(path, |(_, below)| below);
    let capitalized = |part: &str| {
        let mut chars = part.chars();
        chars.next().map(|first| first.to_ascii_uppercase().to_string() + chars.as_str()).unwrap_or_default()
    };
    below.split("::").map(capitalized).collect()
}

fn select<'r>(run: &'r Run) -> Selection<'r> {
    let index = path_index(&run.model);
    let bases = base_index(&run.model);
    let mut selection = Selection::default();
    let responses = |op: &'r Operation| {
        op.examples.iter().filter(|e| e.kind == ExampleKind::Response && e.json).map(move |e| (op, e))
    };
    for (op, example) in run.model.operations.iter().flat_map(responses) {
        let Some(body) = example.body.as_deref() else { continue };
        let (name, collection) = match (&example.odata_type, &op.response_type) {
            (Some(name), _) => (name.as_str(), example.is_collection),
            (None, Some(link)) => (link.type_name.as_str(), link.collection.unwrap_or(false)),
            (None, None) => {
                selection.untyped += 1;
                continue;
            }
        };
        let Some(type_path) = resolve(&index, op.version, name) else {
            selection.untyped += 1;
            continue;
        };
        let Ok(parsed) = serde_json::from_str::<Value>(body) else {
            selection.not_json += 1;
            continue;
        };
        let at = format!("{}:{}", example.source.file, example.source.line);
        let shape = shape(&parsed, collection, has_value_property(&run.model, op.version, name));
        let derived = derived_items((&index, &bases), op.version, (name, &type_path), (&parsed, shape));
        selection.derived.extend(derived.into_iter().map(|(variant, item)| Derived {
            at: at.clone(),
            base_path: type_path.clone(),
            variant,
            item,
        }));
        let flagged = flagged(&run.diagnostics, example, body);
        selection.decodable.push(Decodable { at, type_path, shape, body, flagged });
    }
    selection
}

/// The generated test's `decoders.rs`: one `decode::<T>` per model type the examples use, and
/// one `into_kind` per base type whose examples hold derived items.
fn decoders(decodable: &[Decodable], derived: &[Derived]) -> String {
    let types: BTreeSet<&str> = decodable.iter().map(|d| d.type_path.as_str()).collect();
    let arms: String = types.iter().map(|t| format!("        {t:?} => decode::<graph_client::{t}>,\n")).collect();
    let bases: BTreeSet<&str> = derived.iter().map(|d| d.base_path.as_str()).collect();
    let kind_arms: String = bases
        .iter()
        .map(|t| {
            format!(
                "        {t:?} => |item| serde_json::from_value::<graph_client::{t}>(item).map(|m| format!(\"{{:?}}\", m.into_kind())),\n"
            )
        })
        .collect();
    format!(
        "//! One decoder per model type the examples use (written by the outer test).\n\n\
         use super::{{decode, Decoder, KindOf}};\n\n\
         pub fn decoder(type_path: &str) -> Option<Decoder> {{\n    \
         let decoder: Decoder = match type_path {{\n{arms}        _ => return None,\n    }};\n    Some(decoder)\n}}\n\n\
         pub fn kind_of(type_path: &str) -> Option<KindOf> {{\n    \
         let kind_of: KindOf = match type_path {{\n{kind_arms}        _ => return None,\n    }};\n    Some(kind_of)\n}}\n"
    )
}

#[test]
fn example_responses_decode_into_their_documented_types() {
    let run = pipeline::run(&corpus("en-2021"), 0).unwrap_or_else(|e| panic!("the en-2021 corpus is missing: {e}"));
    let selection = select(&run);
    let decodable = &selection.decodable;
    assert!(decodable.len() > 1000, "only {} decodable examples: is the corpus complete?", decodable.len());

    let krate = GeneratedCrate::from_model(&run.model).unwrap_or_else(|e| panic!("{e}"));
    krate.add_dev_dependencies(&["wiremock", "tokio"]).unwrap();
    krate.add_file("tests/decode/main.rs", FIXTURE).unwrap();
    krate.add_file("tests/decode/decoders.rs", &decoders(decodable, &selection.derived)).unwrap();
    let derived: Vec<Value> = selection
        .derived
        .iter()
        .map(|d| json!({"example": d.at, "type": d.base_path, "variant": d.variant, "item": d.item}))
        .collect();
    krate.add_file("tests/decode/derived.json", &serde_json::to_string(&derived).unwrap()).unwrap();
    let examples: Vec<Value> = decodable
        .iter()
        .map(|d| json!({"example": d.at, "type": d.type_path, "shape": d.shape, "body": d.body}))
        .collect();
    krate.add_file("tests/decode/examples.json", &serde_json::to_string(&examples).unwrap()).unwrap();
    let output = krate.cargo_test(&["--test", "decode"]).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(output.passed, 1, "the decoding test did not run:\n{}", output.output);

    let results: Value =
        serde_json::from_str(&fs::read_to_string(krate.path().join("decode_results.json")).unwrap()).unwrap();
    assert_eq!(results["tried"], decodable.len(), "the inner test skipped examples");
    let decoded = results["decoded"].as_u64().unwrap() as usize;
    let strict = results["strict"].as_u64().unwrap() as usize;
    let kept_raw = results["kept_raw"].as_array().unwrap();
    let failures = results["failures"].as_array().unwrap();
    assert_eq!(strict + kept_raw.len(), decoded, "every decoded example is strict or has values kept raw");
    let by_example: BTreeMap<&str, &Decodable> = decodable.iter().map(|d| (d.at.as_str(), d)).collect();
    let (kept_by_cause, kept_unexplained) = judge(&by_example, kept_raw, |k| {
        let undecoded = k["undecoded"].as_array().unwrap();
        let first = &undecoded[0];
        format!(
            "{} values kept raw, first {}.{}: {}",
            undecoded.len(),
            first["model"],
            first["property"],
            first["error"]
        )
    });
    let (failed_by_cause, failed_unexplained) = judge(&by_example, failures, |f| f["error"].to_string());
    let kinds = &results["kinds"];
    assert!(selection.derived.len() >= MIN_DERIVED_ITEMS, "only {} derived items selected", selection.derived.len());
    assert_eq!(kinds["tried"], selection.derived.len(), "the inner test skipped derived items");
    let wrong_kinds = kinds["wrong"].as_array().unwrap();
    let share = decoded as f64 / decodable.len() as f64;
    let strict_share = strict as f64 / decodable.len() as f64;
    println!(
        "en-2021 example responses: {} decodable, {decoded} decoded ({share:.4}), {strict} of them strictly \
         ({strict_share:.4}), {} with values kept raw, {} failed; {} not strict JSON, {} untyped; \
         kept raw by cause: {kept_by_cause:?}; failures by cause: {failed_by_cause:?}; \
         {} items with a derived @odata.type, {} decoded by into_kind into another variant",
        decodable.len(),
        kept_raw.len(),
        failures.len(),
        selection.not_json,
        selection.untyped,
        selection.derived.len(),
        wrong_kinds.len()
    );
    assert!(
        wrong_kinds.is_empty(),
        "{} items whose `into_kind` is not the variant their @odata.type names:\n{}",
        wrong_kinds.len(),
        wrong_kinds.iter().map(Value::to_string).collect::<Vec<_>>().join("\n")
    );
    assert!(
        kept_unexplained.is_empty(),
        "{} examples with values kept raw the check stage does not report:\n{}",
        kept_unexplained.len(),
        kept_unexplained.join("\n")
    );
    assert!(
        failed_unexplained.is_empty(),
        "{} failures the check stage does not report:\n{}",
        failed_unexplained.len(),
        failed_unexplained.join("\n")
    );
    assert!(share >= MIN_DECODED, "only {decoded} of {} example responses decode ({share:.4})", decodable.len());
    assert!(
        strict_share >= MIN_STRICT,
        "only {strict} of {} example responses decode strictly ({strict_share:.4})",
        decodable.len()
    );
}

/// Counts `outcomes` (examples kept raw or failed, from the inner test) by the contradiction
/// codes the check stage reported in them, and lists those it reported none in (`what` says
/// what happened to one).
fn judge(
    by_example: &BTreeMap<&str, &Decodable>,
    outcomes: &[Value],
    what: impl Fn(&Value) -> String,
) -> (BTreeMap<String, usize>, Vec<String>) {
    let mut by_cause: BTreeMap<String, usize> = BTreeMap::new();
    let mut unexplained = Vec::new();
    for outcome in outcomes {
        let at = outcome["example"].as_str().unwrap();
        let flagged = &by_example[at].flagged;
        if flagged.is_empty() {
            unexplained.push(format!("{at}: {}: {}", outcome["type"], what(outcome)));
        }
        let cause = flagged.iter().copied().collect::<Vec<_>>().join("+");
        *by_cause.entry(if cause.is_empty() { "unflagged".into() } else { cause }).or_default() += 1;
    }
    (by_cause, unexplained)
}

#[test]
fn bodies_are_read_in_the_shape_the_check_stage_reads_them() {
    let page = json!({"value": [{"id": "1"}]});
    assert_eq!(shape(&page, false, false), "page");
    assert_eq!(shape(&page, false, true), "one", "a type with a `value` property");
    assert_eq!(shape(&page, true, true), "page", "unless the example is a collection");
    assert_eq!(shape(&json!([{"id": "1"}]), false, false), "list");
    assert_eq!(shape(&json!({"value": "x"}), true, false), "one");
}
