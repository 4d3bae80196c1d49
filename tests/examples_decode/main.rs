//! Inside a client crate generated from en-2021 (written there by `tests/examples_decode.rs`):
//! serves each example response of `examples.json` from wiremock on loopback, fetches it
//! through the client and decodes it into its documented model. Decoding is lenient: a value
//! that does not decode into its property's type is kept raw in `additional_data` and logged
//! (`runtime::model::take_undecoded`, read after each decode). Writes the figures, every
//! example decoded with values kept raw (example, type, the values' model, property and
//! serde's error) and every failure (example, type, serde's error) to `decode_results.json` in
//! the crate's folder for the outer test to judge; this test itself fails only when the
//! harness breaks.
//!
//! The body is fetched once (`send_raw`) and decoded with `Response::json`, which is what
//! `Call::send_as` does in one step: one small generic function per model type instead of
//! one async state machine per type keeps this file quick to compile with thousands of them.

mod decoders;

use std::collections::HashMap;
use std::fs;

use graph_client::runtime::model::take_undecoded;
use graph_client::runtime::{Method, Page, Part, Response};
use graph_client::{Client, Error, StaticToken};
use serde::de::DeserializeOwned;
use serde_json::{json, Value};
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

/// How a body holds its type: one object, a collection page (`value`), or a bare array.
#[derive(Clone, Copy)]
pub enum Shape {
    One,
    Page,
    List,
}

/// Decodes a response as `Shape` of one model type.
pub type Decoder = fn(&Response, Shape) -> Result<(), Error>;

/// Decodes an item as a base model and prints its `into_kind` (`User(User {...})`).
pub type KindOf = fn(Value) -> Result<String, serde_json::Error>;

pub fn decode<T: DeserializeOwned>(response: &Response, shape: Shape) -> Result<(), Error> {
    match shape {
        Shape::One => response.json::<T>().map(drop),
        Shape::Page => response.json::<Page<T>>().map(drop),
        Shape::List => response.json::<Vec<T>>().map(drop),
    }
}

/// Answers `GET /examples/{i}` with example `i`'s body.
struct Bodies(HashMap<String, String>);

impl Respond for Bodies {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        match self.0.get(request.url.path()) {
            Some(body) => ResponseTemplate::new(200).set_body_raw(body.clone(), "application/json"),
            None => ResponseTemplate::new(404),
        }
    }
}

fn text<'a>(example: &'a Value, field: &str) -> &'a str {
    example[field].as_str().unwrap_or_else(|| panic!("examples.json: no `{field}` in {example}"))
}

#[tokio::test]
async fn example_responses_decode_through_the_client() {
    let dir = env!("CARGO_MANIFEST_DIR");
    let examples: Vec<Value> =
        serde_json::from_str(&fs::read_to_string(format!("{dir}/tests/decode/examples.json")).unwrap()).unwrap();
    assert!(!examples.is_empty(), "no example to decode");
    let bodies = examples.iter().enumerate().map(|(i, e)| (format!("/examples/{i}"), text(e, "body").to_owned()));
    let server = MockServer::start().await;
    Mock::given(method("GET")).respond_with(Bodies(bodies.collect())).mount(&server).await;
    let client = Client::new(StaticToken::new("token")).with_base_url(server.uri()).unwrap();

    // Decoding runs on this thread (a current-thread runtime), so the log is this decode's.
    take_undecoded();
    let (mut decoded, mut strict, mut kept, mut failures) = (0, 0, Vec::new(), Vec::new());
    for (i, example) in examples.iter().enumerate() {
        let type_path = text(example, "type");
        let decoder = decoders::decoder(type_path).unwrap_or_else(|| panic!("no decoder for {type_path}"));
        let shape = match text(example, "shape") {
            "one" => Shape::One,
            "page" => Shape::Page,
            "list" => Shape::List,
            other => panic!("unknown shape {other}"),
        };
        let path = format!("/examples/{i}");
        let response = client.request(Method::GET, &[Part::Literal(&path)]).send_raw().await.unwrap();
        let result = decoder(&response, shape);
        let undecoded: Vec<Value> = take_undecoded()
            .into_iter()
            .map(|u| json!({"model": u.type_name, "property": u.property, "error": u.error}))
            .collect();
        match result {
            Ok(()) if undecoded.is_empty() => {
                decoded += 1;
                strict += 1;
            }
            Ok(()) => {
                decoded += 1;
                kept.push(json!({"example": example["example"], "type": type_path, "undecoded": undecoded}));
            }
            Err(error) => failures.push(json!({"example": example["example"], "type": type_path, "error": error.to_string()})),
        }
    }
    println!("decoded {decoded} of {} example responses ({strict} strictly)", examples.len());
    let kinds = derived_kinds(&format!("{dir}/tests/decode/derived.json"));
    take_undecoded();
    let results = json!({
        "tried": examples.len(), "decoded": decoded, "strict": strict, "kept_raw": kept, "failures": failures,
        "kinds": kinds,
    });
    fs::write(format!("{dir}/decode_results.json"), serde_json::to_string_pretty(&results).unwrap()).unwrap();
}

/// Each item of `derived.json` (an example's item whose `@odata.type` names a type derived
/// from the documented one) decoded as the documented model, then `into_kind`: the variant
/// must be the one its `@odata.type` names (the kind enum's `Debug` starts with it).
fn derived_kinds(path: &str) -> Value {
    let items: Vec<Value> = serde_json::from_str(&fs::read_to_string(path).unwrap()).unwrap();
    let mut wrong = Vec::new();
    for item in &items {
        let type_path = text(item, "type");
        let kind_of = decoders::kind_of(type_path).unwrap_or_else(|| panic!("no kind decoder for {type_path}"));
        let variant = text(item, "variant");
        let kind = kind_of(item["item"].clone()).unwrap_or_else(|e| e.to_string());
        if !kind.starts_with(&format!("{variant}(")) {
            let found: String = kind.chars().take(80).collect();
            wrong.push(json!({"example": item["example"], "type": type_path, "expected": variant, "found": found}));
        }
    }
    json!({"tried": items.len(), "wrong": wrong})
}
