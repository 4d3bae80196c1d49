//! Issue 16's table on all of en-2021: where several pages document one `METHOD /path`, each
//! endpoint is bound to the page that owns it, and its permissions are that page's, the same
//! in the model, the client's permission data and permissions.json.

use acceptance::corpus;
use generator::emit_permissions::{self, DATA_PATH, JSON_PATH};
use generator::model::{ApiVersion, EndpointIndex, Method, Model, Resolution, SchemePermissions};
use generator::pipeline;
use std::sync::OnceLock;

fn model() -> &'static Model {
    static MODEL: OnceLock<Model> = OnceLock::new();
    MODEL.get_or_init(|| pipeline::run(&corpus("en-2021"), 0).expect("the en-2021 corpus").model)
}

/// (method, path as a caller writes it, the owning page, its least privileged delegated permission)
const OWNERS: &[(Method, &str, &str, &str)] = &[
    (Method::Get, "/users", "user-list.md", "User.ReadBasic.All"),
    (Method::Post, "/users", "user-post-users.md", "User.ReadWrite.All"),
    (Method::Get, "/me", "user-get.md", "User.Read"),
    (Method::Get, "/me/messages", "user-list-messages.md", "Mail.ReadBasic"),
    (Method::Patch, "/me/messages/{id}", "message-update.md", "Mail.ReadWrite"),
    (Method::Get, "/me/messages/{id}", "message-get.md", "Mail.ReadBasic"),
    (Method::Get, "/me/events", "user-list-events.md", "Calendars.Read"),
    (Method::Get, "/me/mailFolders", "user-list-mailfolders.md", "Mail.ReadBasic"),
];

/// The operation `method path` is bound to in v1.0: the primary of a shared endpoint, else the
/// one operation documenting it.
fn owner<'m>(model: &'m Model, method: Method, path: &str) -> &'m generator::model::Operation {
    let index = EndpointIndex::new(&model.shared_endpoints);
    let documenting: Vec<_> = model
        .operations
        .iter()
        .filter(|op| op.version == ApiVersion::V1)
        .filter(|op| op.endpoints.iter().any(|e| e.method == method && same_path(&e.path, path)))
        .collect();
    match index.get(ApiVersion::V1, method, path) {
        Some(shared) => {
            assert_ne!(shared.resolution, Resolution::Undecided, "{method} {path}: {shared:?}");
            documenting.into_iter().find(|op| op.key == shared.primary).expect("the primary documents it")
        }
        None => match documenting.as_slice() {
            [only] => only,
            other => panic!("{method} {path}: documented by {} operations, none shared", other.len()),
        },
    }
}

/// Templates compared as Graph does: parameters erased, literals without case.
fn same_path(a: &str, b: &str) -> bool {
    let shape = |p: &str| -> Vec<String> {
        p.split('/').map(|s| if s.starts_with('{') { "{}".to_owned() } else { s.to_lowercase() }).collect()
    };
    shape(a) == shape(b)
}

#[test]
fn each_endpoint_is_bound_to_the_page_that_owns_it() {
    let model = model();
    for (method, path, page, least) in OWNERS {
        let op = owner(model, *method, path);
        let file = &op.pages.iter().find(|p| p.authoritative).expect("an authoritative page").file;
        assert!(file.ends_with(&format!("/{page}")), "{method} {path}: bound to {file}, not {page}");
        let SchemePermissions::Permissions { least: named, .. } = &op.permissions[0].delegated_work else {
            panic!("{method} {path}: {page} names no delegated permission")
        };
        assert_eq!(named[0].value, *least, "{method} {path}");
    }
}

#[test]
fn the_permission_data_and_permissions_json_answer_with_the_owner() {
    let files = emit_permissions::emit(model());
    let file = |path: &str| files.iter().find(|f| f.path == path).expect(path).contents.clone();
    let data = file(DATA_PATH);
    for (method, path, _, _) in OWNERS {
        let op = owner(model(), *method, path);
        // One `E` line per endpoint, naming its owner (several spellings of a path: one each).
        let lines: Vec<&str> = data
            .lines()
            .filter(|l| l.starts_with(&format!("E\tv1.0\t{method}\t")))
            .filter(|l| same_path(l.split('\t').nth(3).unwrap_or_default(), path))
            .collect();
        assert!(!lines.is_empty(), "{method} {path}: no E line");
        for line in lines {
            assert_eq!(line.split('\t').nth(4), Some(op.key.as_str()), "{method} {path}: {line}");
        }
    }
    // The drop-in file: `POST /users` is granted by the owner's least privileged permission, and
    // Intune's copy no longer makes its permission the least privileged one there.
    let json: serde_json::Value = serde_json::from_str(&file(JSON_PATH)).unwrap();
    let least_on = |permission: &str, path: &str| -> Option<String> {
        let sets = json["permissions"][permission]["pathSets"].as_array()?;
        sets.iter()
            .filter(|set| set["methods"].as_array().is_some_and(|m| m.iter().any(|m| m == "POST")))
            .find_map(|set| set["paths"][path].as_str().map(str::to_owned))
    };
    assert_eq!(least_on("User.ReadWrite.All", "/users").as_deref(), Some("least=DelegatedWork,Application"));
    assert_eq!(least_on("DeviceManagementManagedDevices.ReadWrite.All", "/users"), None);
}

#[test]
fn undecided_endpoints_carry_no_permissions_and_are_flagged() {
    let model = model();
    let undecided: Vec<_> = model.shared_endpoints.iter().filter(|e| e.resolution == Resolution::Undecided).collect();
    assert!(!undecided.is_empty(), "en-2021 has pages that disagree (calendarGroup vs user calendars)");
    let data = emit_permissions::emit(model).into_iter().find(|f| f.path == DATA_PATH).unwrap().contents;
    for shared in undecided {
        let line = format!("E\t{}\t{}\t", shared.version, shared.method);
        let found: Vec<&str> = data
            .lines()
            .filter(|l| l.starts_with(&line) && same_path(l.split('\t').nth(3).unwrap(), &shared.path))
            .collect();
        assert!(!found.is_empty(), "{shared:?}: no E line");
        assert!(found.iter().all(|l| l.ends_with("\t?")), "{shared:?}: {found:?}");
    }
}
