//! The drop-in `permissions.json` of the client generated from all of
//! `../shared/corpus/en-2021`: every path in kibali's style, valid against the schema, and
//! no scheme given a permission (or a `least=` marker) the model does not give it.

#[path = "fixtures/json_schema_subset.rs"]
mod json_schema_subset;

use generator::emit_permissions::{emit, kibali_path, DISAGREEMENTS_PATH, JSON_PATH};
use generator::model::{ApiVersion, Endpoint, Resolution, Scheme, SchemePermissions, Source};
use generator::pipeline;
use serde_json::Value;
use std::collections::{BTreeSet, HashMap};
use std::path::Path;

/// (kibali path, method, scheme, permission) → least privileged in some table of either version.
type Given<'m> = HashMap<(String, &'m str, &'m str, &'m str), bool>;

/// What the pages give, and the paths v1.0 grants a permission on (which the merge keeps).
fn given(model: &generator::model::Model) -> (Given<'_>, BTreeSet<String>) {
    let mut given = Given::new();
    let mut v1_paths = BTreeSet::new();
    for op in &model.operations {
        for table in &op.permissions {
            for scheme in Scheme::ALL {
                let SchemePermissions::Permissions { least, higher } = table.scheme(scheme) else { continue };
                let named = least.iter().map(|p| (p, true)).chain(higher.iter().map(|p| (p, false)));
                for (permission, is_least) in named {
                    for endpoint in &op.endpoints {
                        let key = (
                            kibali_path(endpoint),
                            endpoint.method.as_str(),
                            scheme.as_str(),
                            permission.value.as_str(),
                        );
                        if op.version == ApiVersion::V1 {
                            v1_paths.insert(key.0.clone());
                        }
                        *given.entry(key).or_default() |= is_least;
                    }
                }
            }
        }
    }
    (given, v1_paths)
}

fn src() -> Source {
    Source { file: "x.md".into(), line: 1 }
}

/// Whether every `{...}` in `path` is `{id}` and nothing but a placeholder has a brace.
fn only_id_placeholders(path: &str) -> bool {
    let rest = path.replace("{id}", "");
    !rest.contains('{') && !rest.contains('}')
}

#[test]
fn the_dropin_of_en_2021_is_kibali_shaped_and_grants_only_what_the_model_grants() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus/en-2021");
    let run = pipeline::run(&corpus, 0).expect("the corpus is readable");
    let files = emit(&run.model);
    let text = &files.iter().find(|f| f.path == JSON_PATH).expect("permissions.json").contents;
    let document: Value = serde_json::from_str(text).expect("valid JSON");

    let schema: Value = serde_json::from_str(include_str!("fixtures/permissions-schema.json")).unwrap();
    let errors = json_schema_subset::validate(&schema, &document);
    assert!(errors.is_empty(), "{} errors, first: {:#?}", errors.len(), &errors[..errors.len().min(10)]);

    let (given, v1_paths) = given(&run.model);
    let (mut grants, mut paths) = (0, BTreeSet::new());
    for (name, permission) in document["permissions"].as_object().unwrap() {
        for set in permission["pathSets"].as_array().unwrap() {
            let strings =
                |key: &str| -> Vec<&str> { set[key].as_array().unwrap().iter().map(|v| v.as_str().unwrap()).collect() };
            let (schemes, methods) = (strings("schemeKeys"), strings("methods"));
            for (path, value) in set["paths"].as_object().unwrap() {
                assert!(path.starts_with('/'), "{path}");
                assert!(!path.starts_with("/v1.0/") && !path.starts_with("/beta/"), "versioned: {path}");
                assert_eq!(path, &path.to_lowercase(), "not lower-case");
                assert!(only_id_placeholders(path), "a placeholder other than {{id}}: {path}");
                assert!(!path.contains("'{id}'"), "a quoted argument: {path}");
                let least = value.as_str().unwrap().strip_prefix("least=").map(|l| l.split(',').collect::<Vec<_>>());
                for method in &methods {
                    for scheme in &schemes {
                        let key = (path.clone(), *method, *scheme, name.as_str());
                        let Some(is_least) = given.get(&key) else {
                            panic!("{scheme} gets {name} on {method} {path}, which no page gives it");
                        };
                        if least.as_ref().is_some_and(|l| l.contains(scheme)) {
                            assert!(
                                is_least,
                                "{name} marked least for {scheme} on {method} {path}, which no page says"
                            );
                        }
                        grants += 1;
                    }
                }
                paths.insert(path.as_str());
            }
        }
    }
    let listed = &files.iter().find(|f| f.path == DISAGREEMENTS_PATH).expect("the disagreements").contents;
    let listed: Value = serde_json::from_str(listed).expect("valid JSON");
    println!(
        "en-2021 drop-in: {} paths ({} granted by v1.0), {grants} (permission, path, method, scheme) grants, {} v1.0/beta disagreements",
        paths.len(),
        v1_paths.len(),
        listed["disagreements"].as_array().expect("a list").len()
    );
    // Nothing is lost either: every path a v1.0 page grants a permission on is in it (a
    // beta grant can be overruled by v1.0's "not supported", so it is not checked here), but
    // for endpoints whose pages disagree with nothing to decide: no page answers for those.
    let undecided: BTreeSet<String> = run
        .model
        .shared_endpoints
        .iter()
        .filter(|e| e.version == ApiVersion::V1 && e.resolution == Resolution::Undecided)
        .map(|e| kibali_path(&Endpoint::new(e.method, e.path.clone(), None, src())))
        .collect();
    let missing: Vec<_> =
        v1_paths.iter().filter(|p| !paths.contains(p.as_str()) && !undecided.contains(p.as_str())).collect();
    assert!(missing.is_empty(), "{} v1.0 paths missing, e.g. {:#?}", missing.len(), &missing[..missing.len().min(10)]);
    assert!(paths.len() > 1_000, "only {} paths: the corpus was not read", paths.len());
    assert!(paths.contains("/me/messages") && paths.contains("/users/{id}/messages"), "the mail paths");
}
