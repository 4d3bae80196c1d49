//! The permission emitter on the seed model: the JSON against Microsoft's schema, and the
//! Rust file compiled (rustc, clippy) and exercised. The files themselves are committed in
//! `generated/` (the seeds' output), which `tests/tests/generated.rs` checks byte for byte:
//! they are reviewed there, not repeated in snapshots here.
//! The drop-in form against Microsoft's own file: `permissions_dropin.rs`.

#[path = "fixtures/json_schema_subset.rs"]
mod json_schema_subset;
#[path = "fixtures/seed_model.rs"]
mod seed_model;

use generator::emit_permissions::{emit, version_json_path, DATA_PATH, DISAGREEMENTS_PATH, JSON_PATH, RUST_PATH};
use generator::model::{ApiVersion, GeneratedFile, Model};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

fn file(files: &[GeneratedFile], path: &str) -> String {
    files.iter().find(|f| f.path == path).unwrap_or_else(|| panic!("no {path}")).contents.clone()
}

fn seed_files() -> Vec<GeneratedFile> {
    emit(&seed_model::seed_model())
}

#[test]
fn emits_exactly_the_permission_files() {
    let paths: Vec<_> = seed_files().into_iter().map(|f| f.path).collect();
    assert_eq!(
        paths,
        [JSON_PATH, DISAGREEMENTS_PATH, "permissions-v1.0.json", "permissions-beta.json", RUST_PATH, DATA_PATH]
    );
    assert_eq!(version_json_path(ApiVersion::V1), "permissions-v1.0.json");
}

#[test]
fn output_is_deterministic_whatever_the_operation_order() {
    let mut reversed = seed_model::seed_model();
    reversed.operations.reverse();
    assert_eq!(emit(&reversed), seed_files());
}

#[test]
fn empty_model_gives_valid_empty_files() {
    let files = emit(&Model::default());
    let empty = "{\n  \"$schema\": \"https://raw.githubusercontent.com/microsoftgraph/kibali/main/specs/permissions-schema.json\",\n  \"permissions\": {}\n}\n";
    for path in [JSON_PATH.to_string(), version_json_path(ApiVersion::V1), version_json_path(ApiVersion::Beta)] {
        assert_eq!(file(&files, &path), empty, "{path}");
    }
    let listed: Value = serde_json::from_str(&file(&files, DISAGREEMENTS_PATH)).unwrap();
    assert_eq!(listed["disagreements"], serde_json::json!([]));
    syn::parse_file(&file(&files, RUST_PATH)).expect("parses");
    let data = file(&files, DATA_PATH);
    assert!(data.lines().all(|l| l.starts_with('#')), "only the header: {data}");
}

#[test]
fn permissions_json_follows_the_schema() {
    for path in [JSON_PATH.to_string(), version_json_path(ApiVersion::V1), version_json_path(ApiVersion::Beta)] {
        follows_the_schema(&path);
    }
}

fn follows_the_schema(path: &str) {
    let schema: Value = serde_json::from_str(include_str!("fixtures/permissions-schema.json")).unwrap();
    let document: Value = serde_json::from_str(&file(&seed_files(), path)).unwrap();
    let errors = json_schema_subset::validate(&schema, &document);
    assert!(errors.is_empty(), "{path}: {errors:#?}");
    assert!(!document["permissions"].as_object().unwrap().is_empty(), "{path}: the seed pages grant permissions");

    // What the prose of permissions.md adds to the schema: schemeKeys name schemes of the
    // permission, and `least` names schemes of its pathSet.
    for (name, permission) in document["permissions"].as_object().unwrap() {
        let schemes = permission["schemes"].as_object().unwrap();
        for set in permission["pathSets"].as_array().unwrap() {
            let keys: Vec<&str> = set["schemeKeys"].as_array().unwrap().iter().map(|k| k.as_str().unwrap()).collect();
            assert!(keys.iter().all(|k| schemes.contains_key(*k)), "{name}: {keys:?}");
            for value in set["paths"].as_object().unwrap().values() {
                let least = value.as_str().unwrap();
                let least = least.strip_prefix("least=").map(|l| l.split(',').collect()).unwrap_or(Vec::new());
                assert!(least.iter().all(|s| keys.contains(s)), "{name}: {least:?} not in {keys:?}");
            }
        }
    }
}

#[test]
fn permissions_rs_parses() {
    syn::parse_file(&file(&seed_files(), RUST_PATH)).expect("the generated module parses");
}

/// A test binary using the module the way the client crate's users would.
const USE_IT: &str = r#"
use permissions::{least_privileged, lookup, Requirement, Scheme};

fn main() {
    let v1 = lookup("post", "/v1.0/users/u1/managedDevices/d1/recoverPasscode").expect("v1.0 recoverPasscode");
    assert_eq!((v1.version, v1.method), ("v1.0", "POST"));
    assert_eq!(v1.path, "/users/{usersId}/managedDevices/{managedDeviceId}/recoverPasscode");
    assert_eq!(
        v1.tables[0].delegated_work,
        Requirement::Permissions { least: &["DeviceManagementManagedDevices.PriviligedOperation.All"], higher: &[] }
    );
    assert_eq!(v1.tables[0].application, Requirement::NotSupported);

    let url = "https://graph.microsoft.com/v1.0/users/u1/managedDevices/d1/recoverPasscode?x=1";
    assert_eq!(lookup("POST", url), Some(v1));
    assert_eq!(lookup("GET", url), None, "method matters");
    assert_eq!(lookup("POST", "/v1.0/users//managedDevices/d1/recoverPasscode"), None, "empty segment");
    assert_eq!(lookup("POST", "/v1.0/users/u1/managedDevices/d1"), None);
    assert_eq!(lookup("POST", "/v2.0/users/u1/managedDevices/d1/recoverPasscode"), None);

    let beta = lookup("POST", "/beta/me/managedDevices/abc/recoverPasscode").expect("beta /me");
    assert_eq!(beta.tables[0].delegated_work, Requirement::Unspecified);
    assert_eq!(least_privileged("POST", "/beta/me/managedDevices/abc/recoverPasscode", Scheme::DelegatedWork), None);

    let reset = "/beta/deviceManagement/deviceManagementScripts/s/deviceRunStates/r/managedDevice/users/u/managedDevices/d/resetPasscode";
    assert_eq!(
        least_privileged("post", reset, Scheme::Application),
        Some(&["DeviceManagementManagedDevices.PrivilegedOperations.All"][..])
    );
    assert_eq!(least_privileged("post", reset, Scheme::DelegatedPersonal), None);
    println!("ok");
}
"#;

fn run(command: &mut Command) {
    let output = command.output().unwrap_or_else(|e| panic!("{command:?}: {e}"));
    assert!(
        output.status.success(),
        "{command:?} failed:\n{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

/// The `percent-encoding` the runtime crate decodes the data with: the build of it among this
/// test's own dependencies (a dev-dependency for this reason), the newest if there are several.
fn percent_encoding_rlib() -> PathBuf {
    let deps = deps_dir();
    let rlibs = std::fs::read_dir(&deps).unwrap().filter_map(Result::ok).filter(|e| {
        let name = e.file_name().to_string_lossy().into_owned();
        name.starts_with("libpercent_encoding-") && name.ends_with(".rlib")
    });
    let newest = rlibs.max_by_key(|e| e.metadata().and_then(|m| m.modified()).ok());
    newest.unwrap_or_else(|| panic!("no libpercent_encoding-*.rlib in {}", deps.display())).path()
}

/// `target/<profile>/deps`, where cargo put this test binary and its dependencies.
fn deps_dir() -> PathBuf {
    std::env::current_exe().unwrap().parent().unwrap().to_path_buf()
}

/// rustc (or clippy-driver) with the one dependency the modules use.
fn rustc_with_deps(tool: &str, dir: &Path) -> Command {
    let mut command = Command::new(tool);
    command.current_dir(dir).args(["--edition", "2021"]).arg("-L").arg(format!("dependency={}", deps_dir().display()));
    command.arg("--extern").arg(format!("percent_encoding={}", percent_encoding_rlib().display()));
    command
}

fn rustc_lib(tool: &str, dir: &Path, extra: &[&str]) -> Command {
    let mut command = rustc_with_deps(tool, dir);
    command
        .args(["--crate-type", "lib", "--crate-name", "permissions"])
        .args(["-D", "warnings", "-D", "missing_docs"])
        .args(extra)
        .arg("lib.rs");
    command
}

/// The crate the module is compiled in: the client's module (`permissions.rs`, re-exported at
/// the root, as the client's users see it) over the runtime's (`runtime/permissions.rs`, the
/// types and the parser), as in the generated crates.
const LIB_RS: &str = "//! The client's permission module and the runtime's, alone.\n\
    pub mod runtime;\nmod permissions;\npub use permissions::*;\n";
const RUNTIME_RS: &str = "//! The runtime's part.\npub mod permissions;\n";
const RUNTIME_PERMISSIONS: &str = include_str!("../templates/runtime/permissions.rs");

/// Compiles the module of `model` warning-free as a crate of its own, runs `main_rs` against
/// it, and lints it with clippy (the same driver `cargo clippy` uses).
fn compile_and_run(model: &Model, main_rs: &str) {
    compile_and_run_with_data(model, main_rs, |data| data);
}

/// As [`compile_and_run`], with the data file `edit` makes of the emitted one.
fn compile_and_run_with_data(model: &Model, main_rs: &str, edit: impl FnOnce(String) -> String) {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    let files = emit(model);
    std::fs::write(dir.join("permissions.rs"), file(&files, RUST_PATH)).unwrap();
    std::fs::write(dir.join("lib.rs"), LIB_RS).unwrap();
    std::fs::write(dir.join("runtime.rs"), RUNTIME_RS).unwrap();
    std::fs::create_dir(dir.join("runtime")).unwrap();
    std::fs::write(dir.join("runtime/permissions.rs"), RUNTIME_PERMISSIONS).unwrap();
    // Beside it, as in the crate (`src/`): the module embeds it with `include_str!`.
    std::fs::write(dir.join("permissions.tsv"), edit(file(&files, DATA_PATH))).unwrap();
    std::fs::write(dir.join("main.rs"), main_rs).unwrap();

    run(&mut rustc_lib("rustc", dir, &["-o", "libpermissions.rlib"]));
    run(rustc_with_deps("rustc", dir).args(["--extern", "permissions=libpermissions.rlib", "-o", "use_it", "main.rs"]));
    run(&mut Command::new(dir.join("use_it")));

    // Separate output name, so clippy's metadata doesn't clobber the rlib the binary used.
    run(&mut rustc_lib("clippy-driver", dir, &["-W", "clippy::all", "--emit", "metadata", "-o", "clippy.rmeta"]));
}

#[test]
fn permissions_rs_compiles_cleanly_and_looks_up() {
    compile_and_run(&seed_model::seed_model(), USE_IT);
}

/// Parameters inside a segment, and the most specific of several matching templates.
const MATCHING: &str = r#"
use permissions::lookup;

fn path(method: &str, request: &str) -> Option<&'static str> {
    lookup(method, request).map(|e| e.path)
}

fn main() {
    let report = "/v1.0/reports/getEmailActivityCounts(period='D7')";
    assert_eq!(path("GET", report), Some("/reports/getEmailActivityCounts(period='{period}')"));
    assert_eq!(path("GET", "/v1.0/reports/getEmailActivityCounts(period='')"), None, "empty parameter");
    assert_eq!(path("GET", "/v1.0/users/delta"), Some("/users/delta"));
    assert_eq!(path("GET", "/v1.0/USERS/Delta/"), Some("/users/delta"), "case and trailing slash");
    assert_eq!(path("GET", "/v1.0/users/someone"), Some("/users/{userId}"));
    assert_eq!(path("GET", "https://graph.microsoft.com/v1.0/users/someone#x"), Some("/users/{userId}"));
    assert_eq!(path("GET", "graph.microsoft.com/v1.0/users/someone"), None, "neither a path nor a URL");
}
"#;

#[test]
fn lookup_matches_inner_parameters_and_prefers_the_most_specific() {
    use generator::model::Method;
    let f = "en-us/api-reference/v1.0/api/x.md";
    let table = generator::model::PermissionTable {
        scope: None,
        delegated_work: seed_model::perms(&["User.Read.All"], &[], f, 1),
        delegated_personal: seed_model::not_supported(f, 2),
        application: seed_model::perms(&["User.Read.All"], &[], f, 3),
        source: seed_model::src(f, 1),
    };
    let op = |key: &str, paths: &[&str]| {
        let endpoints = paths.iter().map(|p| seed_model::endpoint(Method::Get, p, f, 9)).collect();
        seed_model::operation(ApiVersion::V1, key, key, f, endpoints, vec![table.clone()])
    };
    let mut model = seed_model::seed_model();
    model.operations.push(op("report", &["/reports/getEmailActivityCounts(period='{period}')"]));
    model.operations.push(op("get-user", &["/users/{userId}"]));
    model.operations.push(op("delta", &["/users/delta"]));
    compile_and_run(&model, MATCHING);
}

/// A table of `f` with `scope`, the work and application requirements given, personal
/// accounts not supported.
fn user_update_table(
    f: &str,
    scope: Option<&str>,
    work: generator::model::SchemePermissions,
    application: generator::model::SchemePermissions,
) -> generator::model::PermissionTable {
    generator::model::PermissionTable {
        scope: scope.map(str::to_string),
        delegated_work: work,
        delegated_personal: seed_model::not_supported(f, 2),
        application,
        source: seed_model::src(f, 1),
    }
}

/// Scoped tables and higher-privileged permissions: `least` is per table, and methods of one
/// path that differ in schemes or least-ness land in different pathSets.
#[test]
fn permissions_json_with_scoped_tables_and_higher_permissions() {
    use generator::model::Method;
    use seed_model::{endpoint, not_supported, operation, perms};
    let f = "en-us/api-reference/v1.0/api/user-update.md";
    let table = |scope: Option<&str>, work, app| user_update_table(f, scope, work, app);
    let get = operation(
        ApiVersion::V1,
        "get-user",
        "get",
        f,
        vec![endpoint(Method::Get, "/users/{userId}", f, 9), endpoint(Method::Get, "/me", f, 10)],
        vec![table(None, perms(&["User.Read"], &["User.ReadWrite.All"], f, 3), perms(&["User.Read.All"], &[], f, 4))],
    );
    let update = operation(
        ApiVersion::V1,
        "update-user",
        "update",
        f,
        vec![endpoint(Method::Patch, "/users/{userId}", f, 19)],
        vec![
            table(
                None,
                perms(&["User.ReadWrite"], &["User.ReadWrite.All"], f, 13),
                perms(&["User.ReadWrite.All"], &[], f, 14),
            ),
            table(
                Some("Permissions acting on other users"),
                perms(&["User.ReadWrite.All"], &[], f, 15),
                not_supported(f, 16),
            ),
        ],
    );
    let json = file(&emit(&Model { operations: vec![get, update], ..Model::default() }), JSON_PATH);
    let schema: Value = serde_json::from_str(include_str!("fixtures/permissions-schema.json")).unwrap();
    let errors = json_schema_subset::validate(&schema, &serde_json::from_str(&json).unwrap());
    assert!(errors.is_empty(), "{errors:#?}");
    insta::assert_snapshot!(json);
}

/// Two operations of v1.0 and one of beta under the same key; one scope and one permission
/// name hold every character the data format escapes, another scope is the format's "none".
fn escaping_model() -> Model {
    use generator::model::Method;
    use seed_model::{endpoint, not_supported, operation, perms, unspecified};
    let f = "en-us/api-reference/v1.0/api/user-update.md";
    let table = |scope: Option<&str>, work, app| user_update_table(f, scope, work, app);
    let update = |version, tables| {
        operation(version, "update-user", "update", f, vec![endpoint(Method::Patch, "/users/{userId}", f, 9)], tables)
    };
    let v1_update = update(
        ApiVersion::V1,
        vec![
            table(None, perms(&["User.ReadWrite"], &["User.ReadWrite.All"], f, 3), perms(&[], &["X.All"], f, 4)),
            table(
                Some("acting on\tother\nusers 100% -"),
                perms(&["A,B;C%!?", "é 用户"], &[], f, 5),
                perms(&["!"], &["?"], f, 6),
            ),
            table(Some("-"), unspecified(f, 7), not_supported(f, 8)),
        ],
    );
    let beta_update = update(ApiVersion::Beta, vec![table(None, not_supported(f, 3), unspecified(f, 4))]);
    let get = operation(
        ApiVersion::V1,
        "get-user",
        "get",
        f,
        vec![endpoint(Method::Get, "/users/{userId}", f, 9), endpoint(Method::Get, "/me", f, 10)],
        Vec::new(),
    );
    Model { operations: vec![beta_update, v1_update, get], ..Model::default() }
}

#[test]
fn the_data_file_escapes_what_would_break_a_line_or_a_column() {
    let data = file(&emit(&escaping_model()), DATA_PATH);
    assert!(data.contains("\t-\tUser.ReadWrite;User.ReadWrite.All\t!\t;X.All\n"), "{data}");
    assert!(data.contains("\tacting on%09other%0Ausers 100%25 -\tA%2CB%3BC%25%21%3F,é 用户\t!\t%21;%3F\n"), "{data}");
    assert!(data.contains("\t%2D\t?\t!\t!\n"), "{data}");
    for line in data.lines().filter(|l| !l.starts_with('#')) {
        let columns = line.split('\t').count();
        assert_eq!(columns, if line.starts_with("T\t") { 7 } else { 5 }, "{line:?}");
    }
}

/// The facts read back exactly as the model had them, escapes and all.
const ROUND_TRIP: &str = r#"
use permissions::{endpoints, lookup, operation, PermissionTable, Requirement};

fn main() {
    let tables = operation("v1.0", "update-user");
    assert_eq!(tables.len(), 3);
    assert_eq!(
        tables[0],
        PermissionTable {
            scope: None,
            delegated_work: Requirement::Permissions { least: &["User.ReadWrite"], higher: &["User.ReadWrite.All"] },
            delegated_personal: Requirement::NotSupported,
            application: Requirement::Permissions { least: &[], higher: &["X.All"] },
        }
    );
    assert_eq!(tables[1].scope, Some("acting on\tother\nusers 100% -"));
    assert_eq!(tables[1].delegated_work, Requirement::Permissions { least: &["A,B;C%!?", "é 用户"], higher: &[] });
    assert_eq!(tables[1].application, Requirement::Permissions { least: &["!"], higher: &["?"] });
    assert_eq!((tables[2].scope, tables[2].delegated_work), (Some("-"), Requirement::Unspecified));

    let beta = operation("beta", "update-user");
    assert_eq!(beta.len(), 1);
    assert_eq!((beta[0].delegated_work, beta[0].application), (Requirement::NotSupported, Requirement::Unspecified));
    assert!(operation("v1.0", "get-user").is_empty(), "no permissions section");
    assert!(operation("v1.0", "no-such-operation").is_empty());
    assert!(operation("v2.0", "update-user").is_empty());

    let listed: Vec<_> = endpoints().iter().map(|e| (e.version, e.method, e.path, e.tables.len())).collect();
    assert_eq!(
        listed,
        [
            ("v1.0", "GET", "/me", 0),
            ("v1.0", "GET", "/users/{userId}", 0),
            ("v1.0", "PATCH", "/users/{userId}", 3),
            ("beta", "PATCH", "/users/{userId}", 1),
        ]
    );
    assert_eq!(lookup("PATCH", "/v1.0/users/u1").map(|e| e.tables), Some(tables));
    assert!(std::ptr::eq(endpoints(), endpoints()), "parsed once");
    println!("ok");
}
"#;

#[test]
fn the_data_round_trips_through_the_client_parser() {
    compile_and_run(&escaping_model(), ROUND_TRIP);
}

/// What the client makes of broken lines: it skips them, and reads the rest.
const MALFORMED: &str = r#"
use permissions::{endpoints, operation};

fn main() {
    assert_eq!(operation("v1.0", "update-user").len(), 3, "the broken table line is skipped");
    assert!(operation("v1.0", "bad-utf8").is_empty());
    assert_eq!(operation("v1.0", "no-endpoint").len(), 1, "a table line needs no endpoint line");
    let paths: Vec<&str> = endpoints().iter().map(|e| e.path).collect();
    assert_eq!(paths, ["/me", "/users/{userId}", "/users/{userId}", "/users/{userId}"]);
    println!("ok");
}
"#;

#[test]
fn the_client_skips_malformed_data_lines_without_panicking() {
    compile_and_run_with_data(&escaping_model(), MALFORMED, |data| {
        let broken = [
            "T\tv1.0\tbroken",
            "T\tv1.0\tupdate-user\t-\tnot;a;list\t!\t!",
            "T\tv1.0\tupdate-user\t-\t!\t!\t!\textra column",
            "T\tv1.0\tbad-utf8\t%FF\t!\t!\t!",
            "E\tv1.0\tGET",
            "E\tv1.0\tGET\t/bad\t%C3",
            "X\tsomething else",
            "",
            "T\tv1.0\tno-endpoint\t-\t!\t!\t!",
        ];
        format!("{}\n{data}", broken.join("\n"))
    });
}
