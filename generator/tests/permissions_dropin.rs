//! The drop-in `permissions.json` against Microsoft's own file: the same keys, path style
//! and `least=` markers as an excerpt of it, found by a kibali-style lookup, valid against
//! the schema; and the merge of v1.0 and beta.

#[path = "fixtures/json_schema_subset.rs"]
mod json_schema_subset;
#[path = "fixtures/kibali.rs"]
mod kibali;
#[path = "fixtures/seed_model.rs"]
mod seed_model;

use generator::emit_permissions::{emit, version_json_path, DISAGREEMENTS_PATH, JSON_PATH};
use generator::model::{ApiVersion, Method, Model, PermissionTable, SchemePermissions};
use kibali::Kibali;
use regex::Regex;
use seed_model::{endpoint, not_supported, operation, perms, src, unspecified};
use serde_json::{json, Value};
use std::collections::BTreeSet;

const MICROSOFT: &str = include_str!("fixtures/microsoft-permissions-excerpt.json");

fn document(model: &Model, path: &str) -> Value {
    let files = emit(model);
    let file = files.iter().find(|f| f.path == path).unwrap_or_else(|| panic!("no {path}"));
    serde_json::from_str(&file.contents).expect("valid JSON")
}

fn table(work: SchemePermissions, personal: SchemePermissions, app: SchemePermissions) -> PermissionTable {
    PermissionTable {
        scope: None,
        delegated_work: work,
        delegated_personal: personal,
        application: app,
        source: src("x.md", 1),
    }
}

fn get(version: ApiVersion, key: &str, paths: &[&str], tables: Vec<PermissionTable>) -> generator::model::Operation {
    let f = format!("en-us/api-reference/{version}/api/{key}.md");
    let endpoints = paths.iter().map(|p| endpoint(Method::Get, p, &f, 9)).collect();
    operation(version, key, key, &f, endpoints, tables)
}

/// v1.0 operations as the pages of listing messages, getting a message and two email
/// activity reports give them: the facts behind the entries of the excerpt.
fn v1_mail_model() -> Model {
    let f = "x.md";
    let list = get(
        ApiVersion::V1,
        "user-list-messages",
        &[
            "/me/messages",
            "/users/{id | userPrincipalName}/messages",
            "/me/mailFolders/{id}/messages",
            "/users/{id | userPrincipalName}/mailFolders/{id}/messages",
        ],
        vec![table(
            perms(&["Mail.ReadBasic"], &["Mail.Read"], f, 3),
            perms(&["Mail.ReadBasic"], &["Mail.Read"], f, 4),
            perms(&["Mail.ReadBasic.All"], &["Mail.Read"], f, 5),
        )],
    );
    let message = get(
        ApiVersion::V1,
        "message-get",
        &[
            "/me/messages/{id}",
            "/users/{id | userPrincipalName}/messages/{id}",
            "/me/mailFolders/{id}/messages/{id}",
            "/users/{id | userPrincipalName}/mailFolders/{id}/messages/{id}",
        ],
        vec![table(
            perms(&["Mail.Read"], &["Mail.ReadBasic"], f, 3),
            perms(&["Mail.Read"], &["Mail.ReadBasic"], f, 4),
            perms(&["Mail.Read"], &["Mail.ReadBasic.All"], f, 5),
        )],
    );
    let reports = get(
        ApiVersion::V1,
        "reportroot-getemailactivitycounts",
        &[
            "/reports/getEmailActivityCounts(period='{period_value}')",
            "/reports/getEmailActivityUserDetail(date={date_value})",
        ],
        vec![table(
            perms(&["Reports.Read.All"], &[], f, 3),
            not_supported(f, 4),
            perms(&["Reports.Read.All"], &[], f, 5),
        )],
    );
    Model { operations: vec![list, message, reports], ..Model::default() }
}

/// kibali's lenient reading of a path: every `{...}` is `{id}` (`CleanRequestUrl`).
fn lenient(path: &str) -> String {
    Regex::new(r"\{.*?\}").unwrap().replace_all(&path.to_lowercase(), "{id}").into_owned()
}

fn keys(value: &Value) -> BTreeSet<&str> {
    value.as_object().expect("an object").keys().map(String::as_str).collect()
}

#[test]
fn the_excerpt_of_microsofts_file_and_the_dropin_follow_the_schema() {
    let schema: Value = serde_json::from_str(include_str!("fixtures/permissions-schema.json")).unwrap();
    let microsoft: Value = serde_json::from_str(MICROSOFT).unwrap();
    assert_eq!(json_schema_subset::validate(&schema, &microsoft), Vec::<String>::new(), "the excerpt");
    for model in [v1_mail_model(), seed_model::seed_model()] {
        for path in [JSON_PATH.to_string(), version_json_path(ApiVersion::V1), version_json_path(ApiVersion::Beta)] {
            let errors = json_schema_subset::validate(&schema, &document(&model, &path));
            assert!(errors.is_empty(), "{path}: {errors:#?}");
        }
    }
}

#[test]
fn the_dropin_has_the_keys_of_microsofts_file() {
    let microsoft: Value = serde_json::from_str(MICROSOFT).unwrap();
    let ours = document(&v1_mail_model(), JSON_PATH);
    assert_eq!(keys(&ours), keys(&microsoft), "top-level members");
    assert_eq!(ours["$schema"], microsoft["$schema"]);
    assert_eq!(keys(&ours["permissions"]), keys(&microsoft["permissions"]), "the same permissions");

    let theirs: BTreeSet<&str> = microsoft["permissions"].as_object().unwrap().values().flat_map(keys).collect();
    for (name, permission) in ours["permissions"].as_object().unwrap() {
        // Microsoft's entries also have ownerInfo, which the pages don't give.
        assert!(keys(permission).is_subset(&theirs), "{name}: {:?}", keys(permission));
        assert_eq!(permission["authorizationType"], microsoft["permissions"][name]["authorizationType"], "{name}");
        assert_eq!(keys(&permission["schemes"]), keys(&microsoft["permissions"][name]["schemes"]), "{name}");
        for set in permission["pathSets"].as_array().unwrap() {
            assert_eq!(keys(set), BTreeSet::from(["schemeKeys", "methods", "paths"]), "{name}");
        }
    }
}

#[test]
fn the_dropin_has_the_paths_and_least_markers_of_microsofts_file() {
    let microsoft: Value = serde_json::from_str(MICROSOFT).unwrap();
    let ours = document(&v1_mail_model(), JSON_PATH);
    let mut compared = 0;
    for (name, permission) in microsoft["permissions"].as_object().unwrap() {
        for set in permission["pathSets"].as_array().unwrap() {
            for (path, value) in set["paths"].as_object().unwrap() {
                for method in set["methods"].as_array().unwrap() {
                    // The pathSet of our entry that holds this path and method.
                    let found = ours["permissions"][name]["pathSets"].as_array().unwrap().iter().find(|ours| {
                        ours["methods"].as_array().unwrap().contains(method)
                            && ours["paths"].as_object().unwrap().keys().any(|p| lenient(p) == lenient(path))
                    });
                    let found = found.unwrap_or_else(|| panic!("{name}: no {method} {path} in\n{ours:#}"));
                    assert_eq!(found["schemeKeys"], set["schemeKeys"], "{name} {method} {path}");
                    let (_, our_value) =
                        found["paths"].as_object().unwrap().iter().find(|(p, _)| lenient(p) == lenient(path)).unwrap();
                    assert_eq!(our_value, value, "{name} {method} {path}: the least marker");
                    compared += 1;
                }
            }
        }
    }
    assert_eq!(compared, 26);

    // The path style itself: ours are already what kibali's lenient reading makes of
    // Microsoft's (`{id}` for every parameter, lower-case).
    let paths: BTreeSet<&str> = ours["permissions"]
        .as_object()
        .unwrap()
        .values()
        .flat_map(|p| p["pathSets"].as_array().unwrap())
        .flat_map(|s| s["paths"].as_object().unwrap().keys().map(String::as_str))
        .collect();
    assert!(paths.contains("/users/{id}/messages") && paths.contains("/reports/getemailactivitycounts(period={id})"));
    assert!(paths.iter().all(|p| lenient(p) == *p), "{paths:#?}");
}

#[test]
fn a_kibali_lookup_finds_me_messages_and_users_messages() {
    let kibali = Kibali::load(&document(&v1_mail_model(), JSON_PATH));
    for request in ["/me/messages", "/users/{id}/messages", "/users/AdeleV@contoso.com/messages", "/ME/Messages/"] {
        assert_eq!(
            kibali.find(request),
            Some(if request.contains("users") { "/users/{id}/messages" } else { "/me/messages" })
        );
        let work = kibali.claims(request, "GET", "DelegatedWork").unwrap_or_else(|| panic!("{request}"));
        assert_eq!(work, &[("Mail.Read".into(), false), ("Mail.ReadBasic".into(), true)].into(), "{request}");
        let app = kibali.claims(request, "GET", "Application").unwrap();
        assert_eq!(app, &[("Mail.Read".into(), false), ("Mail.ReadBasic.All".into(), true)].into(), "{request}");
        assert_eq!(kibali.claims(request, "POST", "DelegatedWork"), None, "not documented");
    }
    let message = kibali.claims("/users/u1/mailFolders/inbox/messages/m1", "GET", "DelegatedPersonal").unwrap();
    assert_eq!(message.get("Mail.Read"), Some(&true));
    assert_eq!(kibali.claims("/reports/getEmailActivityCounts(period={id})", "GET", "DelegatedPersonal"), None);
    // Version-less, like Microsoft's: a versioned request finds nothing.
    assert_eq!(kibali.find("/v1.0/me/messages"), None);
}

/// v1.0 mail plus beta pages that agree, disagree, and add what v1.0 lacks.
fn two_version_model() -> Model {
    let f = "x.md";
    let mut model = v1_mail_model();
    model.operations.push(get(
        ApiVersion::V1,
        "user-list-mailfolders",
        &["/me/mailFolders"],
        vec![table(perms(&["Mail.ReadBasic"], &[], f, 3), unspecified(f, 4), not_supported(f, 5))],
    ));
    // Beta lists messages under other permissions (work) and not at all (application).
    model.operations.push(get(
        ApiVersion::Beta,
        "user-list-messages",
        &["/me/messages", "/users/{userId}/messages"],
        vec![table(
            perms(&["Mail.Read"], &[], f, 3),
            perms(&["Mail.ReadBasic"], &["Mail.Read"], f, 4),
            not_supported(f, 5),
        )],
    ));
    // Beta answers what v1.0 leaves unspecified, and v1.0's "not supported" stands.
    model.operations.push(get(
        ApiVersion::Beta,
        "user-list-mailfolders",
        &["/me/mailFolders"],
        vec![table(perms(&["Mail.ReadBasic"], &[], f, 3), perms(&["Mail.Read"], &[], f, 4), not_supported(f, 5))],
    ));
    // A beta-only endpoint.
    model.operations.push(get(
        ApiVersion::Beta,
        "message-get-mime",
        &["/me/messages/{messageId}/$value"],
        vec![table(perms(&["Mail.Read"], &[], f, 3), not_supported(f, 4), perms(&["Mail.Read"], &[], f, 5))],
    ));
    model
}

#[test]
fn v1_wins_where_the_versions_disagree_and_each_disagreement_is_listed() {
    let model = two_version_model();
    let kibali = Kibali::load(&document(&model, JSON_PATH));
    let claims = |path: &str, scheme: &str| kibali.claims(path, "GET", scheme).cloned();

    // Both versions answer, differently: v1.0's answer.
    let work = claims("/me/messages", "DelegatedWork").unwrap();
    assert_eq!(work, [("Mail.Read".into(), false), ("Mail.ReadBasic".into(), true)].into());
    let app = claims("/users/u/messages", "Application").unwrap();
    assert_eq!(app, [("Mail.Read".into(), false), ("Mail.ReadBasic.All".into(), true)].into());
    // Only beta answers: beta's answer; only beta documents: beta's endpoint.
    assert_eq!(claims("/me/mailFolders", "DelegatedPersonal"), Some([("Mail.Read".into(), true)].into()));
    assert_eq!(claims("/me/messages/m1/$value", "Application"), Some([("Mail.Read".into(), true)].into()));
    // v1.0 says "not supported" and so does beta: nothing.
    assert_eq!(claims("/me/mailFolders", "Application"), None);

    let listed = document(&model, DISAGREEMENTS_PATH);
    assert!(listed["rule"].as_str().unwrap().contains("v1.0's answer"));
    let v1_app = json!({ "least": ["Mail.ReadBasic.All"], "higher": ["Mail.Read"] });
    let expected = json!([
        { "path": "/me/messages", "method": "GET", "scheme": "DelegatedWork",
          "v1.0": { "least": ["Mail.ReadBasic"], "higher": ["Mail.Read"] }, "beta": { "least": ["Mail.Read"], "higher": [] } },
        { "path": "/me/messages", "method": "GET", "scheme": "Application", "v1.0": v1_app, "beta": "not supported" },
        { "path": "/users/{id}/messages", "method": "GET", "scheme": "DelegatedWork",
          "v1.0": { "least": ["Mail.ReadBasic"], "higher": ["Mail.Read"] }, "beta": { "least": ["Mail.Read"], "higher": [] } },
        { "path": "/users/{id}/messages", "method": "GET", "scheme": "Application", "v1.0": v1_app, "beta": "not supported" },
    ]);
    assert_eq!(listed["disagreements"], expected);
}

#[test]
fn the_version_files_keep_the_paths_as_the_docs_write_them() {
    let model = two_version_model();
    let paths = |version| {
        let kibali = Kibali::load(&document(&model, &version_json_path(version)));
        kibali.resources.keys().cloned().collect::<Vec<_>>()
    };
    assert_eq!(
        paths(ApiVersion::Beta),
        ["/me/mailFolders", "/me/messages", "/me/messages/{messageId}/$value", "/users/{userId}/messages"]
    );
    let v1 = paths(ApiVersion::V1);
    assert!(v1.contains(&"/reports/getEmailActivityCounts(period='{period_value}')".to_string()), "{v1:#?}");
    assert!(v1.contains(&"/users/{id | userPrincipalName}/messages".to_string()), "{v1:#?}");
    assert!(!v1.iter().any(|p| p.contains("$value")), "beta's endpoint stays in beta");
}
