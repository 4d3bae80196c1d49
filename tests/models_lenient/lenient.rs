//! Inside a client crate generated from `sample.md` and `geocoordinates.md` (written there by
//! `tests/models.rs`): the generated models decode leniently and losslessly, and read the
//! numbers OData JSON writes as strings.
//!
//! Each test runs on a thread of its own and starts by clearing that thread's log.

use graph_client::runtime::model::{take_undecoded, Undecoded, MAX_UNDECODED};
use graph_client::v1_0::models::LenientSample;
use serde_json::{json, Value};

fn decode(body: Value) -> LenientSample {
    serde_json::from_value(body).expect("a JSON object always decodes")
}

/// The properties logged as kept raw, as `model.property`.
fn logged() -> Vec<String> {
    take_undecoded().into_iter().map(|u| format!("{}.{}", u.type_name, u.property)).collect()
}

#[test]
fn a_value_that_does_not_decode_is_kept_raw_and_logged() {
    take_undecoded();
    let sample = decode(json!({"name": "n", "when": "datetime-value", "ratio": 0.5}));
    assert_eq!(sample.name.as_deref(), Some("n"));
    assert_eq!(sample.ratio, Some(0.5));
    assert_eq!(sample.when, None);
    assert_eq!(sample.additional_data.get("when"), Some(&json!("datetime-value")));
    assert_eq!(sample.additional_data.len(), 1, "only the value kept raw: {:?}", sample.additional_data);

    let log = take_undecoded();
    assert_eq!(log.len(), 1, "{log:?}");
    let Undecoded { type_name, property, error } = &log[0];
    assert_eq!((type_name.as_str(), property.as_str()), ("microsoft.graph.lenientSample", "when"));
    assert!(error.contains("input contains invalid characters"), "serde's error: {error}");
    assert!(take_undecoded().is_empty(), "taking the log clears it");
}

#[test]
fn wrong_json_kinds_are_kept_raw_in_nested_models_too() {
    take_undecoded();
    let body = json!({
        "counts": "7",
        "small": {"not": "a number"},
        "location": {"latitude": "north", "longitude": 2.5},
        "places": [{"latitude": 1.0}, 5],
    });
    let sample = decode(body.clone());
    assert_eq!(sample.counts, None, "a string where a collection belongs");
    assert_eq!(sample.small, None);
    assert!(sample.places.is_none(), "one item that is not an object keeps the whole collection raw");
    let location = sample.location.as_ref().expect("the nested model decodes");
    assert_eq!((location.latitude, location.longitude), (None, Some(2.5)));
    assert_eq!(location.additional_data.get("latitude"), Some(&json!("north")));
    let mut logged = logged();
    logged.sort();
    assert_eq!(
        logged,
        [
            "microsoft.graph.geoCoordinates.latitude",
            "microsoft.graph.lenientSample.counts",
            "microsoft.graph.lenientSample.places",
            "microsoft.graph.lenientSample.small",
        ]
    );
    // Lossless: serializing gives back what was read.
    assert_eq!(serde_json::to_value(&sample).unwrap(), body);
}

#[test]
fn a_set_field_is_written_instead_of_the_value_kept_for_it() {
    take_undecoded();
    let mut sample = decode(json!({"ratio": "half", "name": "n"}));
    assert_eq!(serde_json::to_value(&sample).unwrap(), json!({"ratio": "half", "name": "n"}));
    sample.ratio = Some(0.5);
    assert_eq!(serde_json::to_value(&sample).unwrap(), json!({"ratio": 0.5, "name": "n"}));
}

#[test]
fn only_a_body_that_is_not_an_object_fails() {
    for body in [json!([{"name": "n"}]), json!("n"), json!(1), Value::Null] {
        let error = serde_json::from_value::<LenientSample>(body.clone()).expect_err("not an object");
        assert!(error.to_string().contains("microsoft.graph.lenientSample: expected a JSON object"), "{body}: {error}");
    }
}

#[test]
fn null_is_an_absent_value_not_a_kept_one() {
    take_undecoded();
    let sample = decode(json!({"when": null, "counts": null}));
    assert_eq!((sample.when, sample.counts), (None, None));
    assert!(sample.additional_data.is_empty());
    assert!(take_undecoded().is_empty());
}

#[test]
fn numbers_as_odata_json_writes_them_decode_strictly() {
    take_undecoded();
    let sample = decode(json!({
        "ratio": "NaN",
        "size": "-INF",
        "amount": "12.50",
        "count": "9007199254740993",
        "counts": [1, "-2"],
        "ratios": ["INF", 0.25, "1e3"],
        "sizes": ["NaN", 1.5],
    }));
    assert!(sample.ratio.is_some_and(f64::is_nan));
    assert_eq!(sample.size, Some(f32::NEG_INFINITY));
    assert_eq!(sample.amount, Some(12.5));
    assert_eq!(sample.count, Some(9_007_199_254_740_993), "past f64's exact integers");
    assert_eq!(sample.counts, Some(vec![1, -2]));
    assert_eq!(sample.ratios, Some(vec![f64::INFINITY, 0.25, 1000.0]));
    let sizes = sample.sizes.expect("sizes");
    assert!(sizes[0].is_nan() && sizes[1] == 1.5, "{sizes:?}");
    assert!(sample.additional_data.is_empty(), "{:?}", sample.additional_data);
    assert!(take_undecoded().is_empty());
}

/// NaN and the infinities are written back as OData writes them (serde_json alone would write
/// `null`, which reads back as no value), alone and in collections; a model's `Clone` goes
/// through that JSON and keeps them, the other fields and `additional_data`.
#[test]
fn specials_are_written_as_odata_strings_and_survive_a_clone() {
    take_undecoded();
    let sample = decode(json!({
        "ratio": "NaN",
        "size": "-INF",
        "ratios": ["INF", 0.25],
        "sizes": [1.5, 2.5],
        "when": "not a date",
        "extra": {"kept": true},
    }));
    let written = serde_json::to_value(&sample).expect("serializes");
    assert_eq!(written["ratio"], json!("NaN"));
    assert_eq!(written["size"], json!("-INF"));
    assert_eq!(written["ratios"], json!(["INF", 0.25]));
    assert_eq!(written["sizes"], json!([1.5, 2.5]), "finite collections stay numbers");
    assert_eq!(written["when"], json!("not a date"), "the raw value kept is written back");
    let copy = sample.clone();
    assert!(copy.ratio.is_some_and(f64::is_nan));
    assert_eq!(copy.size, Some(f32::NEG_INFINITY));
    assert_eq!(copy.ratios, Some(vec![f64::INFINITY, 0.25]));
    assert_eq!(copy.additional_data, sample.additional_data);
    assert_eq!(serde_json::to_value(&copy).expect("serializes"), written);
    assert_eq!(logged(), ["microsoft.graph.lenientSample.when", "microsoft.graph.lenientSample.when"], "decoded twice");
}

/// Only what OData allows: not other integers as strings, not a `Single` written as a
/// numeric string, not Rust's or JavaScript's spellings, nor a number with spaces.
#[test]
fn other_numbers_as_strings_are_kept_raw() {
    take_undecoded();
    let body = json!({
        "small": "5",
        "size": "1.5",
        "ratio": "nan",
        "amount": "Infinity",
        "count": "+1",
        "counts": [" 1"],
        "ratios": ["1.5", "inf"],
    });
    let sample = decode(body.clone());
    assert_eq!(serde_json::to_value(&sample.additional_data).unwrap(), body, "all kept raw");
    assert_eq!(logged().len(), 7);
}

#[test]
fn the_log_is_per_thread() {
    take_undecoded();
    let there = std::thread::spawn(|| {
        decode(json!({"when": "later"}));
        logged()
    });
    assert_eq!(there.join().unwrap(), ["microsoft.graph.lenientSample.when"]);
    assert!(take_undecoded().is_empty(), "another thread's values are not in this thread's log");
}

#[test]
fn the_log_is_bounded_but_values_are_still_kept() {
    take_undecoded();
    for _ in 0..MAX_UNDECODED + 3 {
        let sample = decode(json!({"when": "never"}));
        assert_eq!(sample.additional_data.get("when"), Some(&json!("never")));
    }
    assert_eq!(take_undecoded().len(), MAX_UNDECODED);
    decode(json!({"when": "never"}));
    assert_eq!(take_undecoded().len(), 1, "logged again once taken");
}
