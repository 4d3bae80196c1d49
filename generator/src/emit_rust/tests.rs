//! Emitter tests on a hand-built model of the seed pages (until the parser produces it),
//! plus a hostile model that exercises name sanitizing end to end.

use std::collections::BTreeSet;

use super::emit;
use crate::model::*;

const BETA_RECOVER: &str =
    "en-us/api-reference/beta/api/intune-devices-manageddevice-recoverpasscode.md";
const BETA_RESET: &str =
    "en-us/api-reference/beta/api/intune-devices-manageddevice-resetpasscode.md";
const V1_RECOVER_ZH: &str =
    "zh-cn/api-reference/v1.0/api/intune-devices-manageddevice-recoverpasscode.md";

fn src(file: &str, line: u32) -> Source {
    Source {
        file: file.into(),
        line,
    }
}

fn sourced(value: &str, file: &str, line: u32) -> Sourced<String> {
    Sourced::new(value.into(), src(file, line))
}

/// An endpoint from a documented template; `{name}` marks parameters.
pub fn endpoint(method: Method, path: &str, file: &str, line: u32) -> Endpoint {
    let parts = path
        .split(['{', '}'])
        .enumerate()
        .filter(|(_, piece)| !piece.is_empty())
        .map(|(i, piece)| {
            if i % 2 == 1 {
                PathPart::Param(piece.into())
            } else {
                PathPart::Literal(piece.into())
            }
        })
        .collect();
    Endpoint {
        method,
        path: path.into(),
        parts,
        query: None,
        source: src(file, line),
    }
}

fn posts(file: &str, first_line: u32, paths: &[&str]) -> Vec<Endpoint> {
    paths
        .iter()
        .zip(first_line..)
        .map(|(path, line)| endpoint(Method::Post, path, file, line))
        .collect()
}

fn permissions(least: &str, file: &str, line: u32) -> SchemePermissions {
    SchemePermissions::Permissions {
        least: vec![sourced(least, file, line)],
        higher: vec![],
    }
}

fn page(file: &str, locale: &str, authoritative: bool) -> Contributor {
    Contributor {
        file: file.into(),
        locale: locale.into(),
        authoritative,
    }
}

/// The three operations the seed pages document.
pub fn seed_model() -> Model {
    let unspecified = |line| SchemePermissions::Unspecified {
        source: Some(src(BETA_RECOVER, line)),
    };
    let beta_recover = Operation {
        version: ApiVersion::Beta,
        key: "recoverpasscode-action".into(),
        name: "recoverPasscode".into(),
        resource: "managedDevices".into(),
        title: Some(sourced("managedDevice: recoverPasscode", BETA_RECOVER, 2)),
        description: Some(sourced("Recover passcode", BETA_RECOVER, 3)),
        endpoints: posts(
            BETA_RECOVER,
            33,
            &[
                "/me/managedDevices/{managedDeviceId}/recoverPasscode",
                "/deviceManagement/managedDevices/{managedDeviceId}/recoverPasscode",
                "/deviceManagement/comanagedDevices/{managedDeviceId}/recoverPasscode",
            ],
        ),
        permissions: vec![PermissionTable {
            scope: None,
            delegated_work: unspecified(22),
            delegated_personal: unspecified(23),
            application: unspecified(24),
            source: src(BETA_RECOVER, 20),
        }],
        request_headers: vec![],
        body: Body::None,
        success_status: Some(Status {
            code: 204,
            source: src(BETA_RECOVER, 48),
        }),
        pages: vec![page(BETA_RECOVER, "en-us", true)],
    };
    let privileged = "DeviceManagementManagedDevices.PrivilegedOperations.All";
    let beta_reset = Operation {
        version: ApiVersion::Beta,
        key: "resetpasscode-action".into(),
        name: "resetPasscode".into(),
        resource: "managedDevices".into(),
        title: Some(sourced("resetPasscode action", BETA_RESET, 2)),
        description: Some(sourced("Reset passcode", BETA_RESET, 3)),
        endpoints: posts(BETA_RESET, 38, &[
            "/deviceManagement/managedDevices/{managedDeviceId}/resetPasscode",
            "/deviceManagement/comanagedDevices/{managedDeviceId}/resetPasscode",
            "/deviceManagement/deviceHealthScripts/{deviceHealthScriptId}/deviceRunStates/{deviceHealthScriptDeviceStateId}/managedDevice/resetPasscode",
            "/deviceManagement/deviceManagementScripts/{deviceManagementScriptId}/deviceRunStates/{deviceManagementScriptDeviceStateId}/managedDevice/resetPasscode",
            "/deviceManagement/deviceComplianceScripts/{deviceComplianceScriptId}/deviceRunStates/{deviceComplianceScriptDeviceStateId}/managedDevice/resetPasscode",
            "/deviceManagement/deviceManagementScripts/{deviceManagementScriptId}/deviceRunStates/{deviceManagementScriptDeviceStateId}/managedDevice/users/{userId}/managedDevices/{managedDeviceId}/resetPasscode",
            "/deviceManagement/deviceManagementScripts/{deviceManagementScriptId}/deviceRunStates/{deviceManagementScriptDeviceStateId}/managedDevice/detectedApps/{detectedAppId}/managedDevices/{managedDeviceId}/resetPasscode",
        ]),
        permissions: vec![PermissionTable {
            scope: None,
            delegated_work: permissions(privileged, BETA_RESET, 28),
            delegated_personal: SchemePermissions::NotSupported { source: src(BETA_RESET, 29) },
            application: permissions(privileged, BETA_RESET, 30),
            source: src(BETA_RESET, 26),
        }],
        request_headers: vec![],
        body: Body::None,
        success_status: Some(Status { code: 204, source: src(BETA_RESET, 57) }),
        pages: vec![page(BETA_RESET, "en-us", true)],
    };
    let v1_recover = Operation {
        version: ApiVersion::V1,
        key: "recoverpasscode-action".into(),
        name: "recoverPasscode".into(),
        resource: "managedDevices".into(),
        title: Some(sourced("recoverPasscode action", V1_RECOVER_ZH, 1)),
        description: Some(sourced("Recover passcode", V1_RECOVER_ZH, 5)),
        endpoints: posts(V1_RECOVER_ZH, 21, &[
            "/users/{usersId}/managedDevices/{managedDeviceId}/recoverPasscode",
            "/deviceManagement/managedDevices/{managedDeviceId}/recoverPasscode",
            "/deviceManagement/detectedApps/{detectedAppId}/managedDevices/{managedDeviceId}/recoverPasscode",
        ]),
        permissions: vec![PermissionTable {
            scope: None,
            delegated_work: permissions("DeviceManagementManagedDevices.PriviligedOperation.All", V1_RECOVER_ZH, 11),
            delegated_personal: SchemePermissions::NotSupported { source: src(V1_RECOVER_ZH, 12) },
            application: SchemePermissions::NotSupported { source: src(V1_RECOVER_ZH, 13) },
            source: src(V1_RECOVER_ZH, 9),
        }],
        request_headers: vec![],
        body: Body::None,
        success_status: Some(Status { code: 204, source: src(V1_RECOVER_ZH, 36) }),
        pages: vec![
            page("es-es/api-reference/v1.0/api/intune-devices-manageddevice-recoverpasscode.md", "es-es", false),
            page("pt-br/api-reference/v1.0/api/intune-devices-manageddevice-recoverpasscode.md", "pt-br", false),
            page(V1_RECOVER_ZH, "zh-cn", true),
        ],
    };
    // Sorted as the model promises: (version, resource, name, key).
    Model {
        operations: vec![v1_recover, beta_recover, beta_reset],
    }
}

#[test]
fn emits_the_expected_files_sorted() {
    let paths: Vec<String> = emit(&seed_model()).into_iter().map(|f| f.path).collect();
    assert_eq!(
        paths,
        [
            "Cargo.toml",
            "src/beta/managed_devices.rs",
            "src/beta/mod.rs",
            "src/lib.rs",
            "src/runtime.rs",
            "src/v1_0/managed_devices.rs",
            "src/v1_0/mod.rs",
        ]
    );
}

#[test]
fn snapshots_of_every_file() {
    for file in emit(&seed_model()) {
        insta::assert_snapshot!(file.path.replace('/', "__"), file.contents);
    }
}

#[test]
fn output_is_deterministic_and_order_independent() {
    let model = seed_model();
    let mut reversed = model.clone();
    reversed.operations.reverse();
    assert_eq!(emit(&model), emit(&model));
    assert_eq!(emit(&model), emit(&reversed));
}

#[test]
fn every_file_starts_with_the_header() {
    for file in emit(&seed_model()) {
        let expected = if file.path.ends_with(".toml") {
            "# @generated by the generator"
        } else {
            "// @generated by the generator"
        };
        assert!(file.contents.starts_with(expected), "{}", file.path);
        assert!(file
            .contents
            .lines()
            .nth(1)
            .unwrap()
            .contains("Regenerate: cargo run -p generator -- docs-input/"));
    }
}

/// Public function names per emitted module, checked to parse as Rust.
fn parsed_fns(model: &Model) -> Vec<(String, Vec<String>)> {
    emit(model)
        .into_iter()
        .filter(|f| f.path.ends_with(".rs"))
        .map(|f| {
            let parsed: syn::File =
                syn::parse_file(&f.contents).unwrap_or_else(|e| panic!("{}: {e}", f.path));
            let fns = parsed
                .items
                .iter()
                .filter_map(|item| match item {
                    syn::Item::Fn(f) => Some(f.sig.ident.to_string()),
                    _ => None,
                })
                .collect();
            (f.path, fns)
        })
        .collect()
}

#[test]
fn every_rust_file_parses_with_syn() {
    let files = parsed_fns(&seed_model());
    assert_eq!(files.len(), 6);
    let beta: Vec<_> = files
        .iter()
        .find(|(p, _)| p == "src/beta/managed_devices.rs")
        .unwrap()
        .1
        .clone();
    assert_eq!(beta.len(), 10, "{beta:?}");
}

/// Names that the docs really contain, or could.
fn hostile_model() -> Model {
    let file = "en-us/api-reference/v1.0/api/odd.md";
    let op = |name: &str, resource: &str, paths: &[&str], body| Operation {
        version: ApiVersion::V1,
        key: name.into(),
        name: name.into(),
        resource: resource.into(),
        title: Some(sourced(
            "A [link](x) <b>with</b> `ticks` and\nnewlines",
            file,
            1,
        )),
        description: None,
        endpoints: paths
            .iter()
            .map(|p| endpoint(Method::Get, p, file, 2))
            .collect(),
        permissions: vec![],
        request_headers: vec![],
        body,
        success_status: None,
        pages: vec![],
    };
    Model {
        operations: vec![
            op(
                "microsoft.graph.delta()",
                "type",
                &[
                    "/me/microsoft.graph.delta()",
                    "/users/{id | userPrincipalName}/microsoft.graph.delta()",
                ],
                Body::None,
            ),
            op(
                "$count",
                "type",
                &["/users/$count", "/users/$count"],
                Body::Expected,
            ),
            op(
                "self",
                "Type",
                &["/x/{self}/{client}/{body}/{item-path}/{2fa}/{type}/{type}/{a}/{b}"],
                Body::Expected,
            ),
            op(
                "match",
                "2faMethods",
                &["/a('{period_value}')"],
                Body::Unknown,
            ),
            op("", "", &["/"], Body::None),
        ],
    }
}

/// Every hostile name must come out as a valid, unique identifier and the file must still parse.
#[test]
fn hostile_names_still_produce_valid_unique_rust() {
    let model = hostile_model();
    let files = parsed_fns(&model);
    let paths: Vec<&str> = files.iter().map(|(p, _)| p.as_str()).collect();
    assert_eq!(
        paths,
        [
            "src/lib.rs",
            "src/runtime.rs",
            "src/v1_0/_2fa_methods.rs",
            "src/v1_0/mod.rs",
            "src/v1_0/resource.rs",
            "src/v1_0/type_.rs",
            "src/v1_0/type_2.rs"
        ]
    );
    for (path, fns) in &files {
        let unique: BTreeSet<_> = fns.iter().collect();
        assert_eq!(unique.len(), fns.len(), "{path}: {fns:?}");
    }
    // Resources claim module names in sorted order: `Type` before `type`.
    let type_fns = &files
        .iter()
        .find(|(p, _)| p == "src/v1_0/type_2.rs")
        .unwrap()
        .1;
    assert_eq!(
        type_fns,
        &[
            "count",
            "count_2",
            "microsoft_graph_delta_me",
            "microsoft_graph_delta_users"
        ]
    );
    let contents = emit(&model)
        .into_iter()
        .find(|f| f.path == "src/v1_0/type_.rs")
        .unwrap()
        .contents;
    assert!(
        contents.contains("pub async fn self_<B: serde::Serialize + ?Sized>("),
        "{contents}"
    );
    assert!(contents.contains("client_2: &str"), "{contents}");
    assert!(contents.contains("body_2: &str"), "{contents}");
    assert!(contents.contains("type_2: &str"), "{contents}");
    assert!(
        contents.contains("#[allow(clippy::too_many_arguments)]"),
        "{contents}"
    );
}

/// Writes the seed crate into `generated/` so the loopback tests can compile against it:
/// `cargo test -p generator write_seed_crate -- --ignored`.
#[test]
#[ignore = "writes to ../generated"]
fn write_seed_crate() {
    write_crate(&seed_model());
}

/// Writes every test model (hostile names, bodies, JSON results) into `generated/`, to check
/// with `cargo clippy -p graph-client -- -D warnings` that odd input still compiles cleanly.
#[test]
#[ignore = "writes to ../generated"]
fn write_everything_crate() {
    let mut model = seed_model();
    model.operations.extend(hostile_model().operations);
    model.operations.extend(send_mail_model().operations);
    write_crate(&model);
}

/// Keeps an existing `src/permissions.rs` (another stage's), else writes a placeholder.
fn write_crate(model: &Model) {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../generated");
    for file in emit(model) {
        let path = root.join(&file.path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, file.contents).unwrap();
    }
    let permissions = root.join("src/permissions.rs");
    if !permissions.exists() {
        std::fs::write(
            permissions,
            "//! Placeholder until the permissions stage runs.\n",
        )
        .unwrap();
    }
}

/// A JSON-returning operation with a body, a query and two scoped permission tables.
fn send_mail_model() -> Model {
    let file = "en-us/api-reference/v1.0/api/user-sendmail.md";
    let perms = |scope: &str, line| PermissionTable {
        scope: Some(scope.into()),
        delegated_work: SchemePermissions::Permissions {
            least: vec![sourced("Mail.Send", file, line)],
            higher: vec![
                sourced("Mail.ReadWrite", file, line),
                sourced("Mail.Send.Shared", file, line),
            ],
        },
        delegated_personal: SchemePermissions::Permissions {
            least: vec![],
            higher: vec![],
        },
        application: SchemePermissions::Unspecified { source: None },
        source: src(file, line),
    };
    let mut send = endpoint(
        Method::Post,
        "/users/{id | userPrincipalName}/sendMail",
        file,
        40,
    );
    send.query = Some("$select=id".into());
    Model {
        operations: vec![Operation {
            version: ApiVersion::V1,
            key: "user-sendmail".into(),
            name: "sendMail".into(),
            resource: "users".into(),
            title: Some(sourced("user: sendMail", file, 2)),
            description: Some(sourced(
                "Send the message specified\nin the request body using [JSON](x) or <MIME>.",
                file,
                3,
            )),
            endpoints: vec![send],
            permissions: vec![
                perms("Permissions acting on the signed-in user", 20),
                perms("Permissions acting on other users", 30),
            ],
            request_headers: vec![],
            body: Body::Expected,
            success_status: Some(Status {
                code: 202,
                source: src(file, 60),
            }),
            pages: vec![page(file, "en-us", true)],
        }],
    }
}

#[test]
fn snapshot_of_body_status_and_scoped_permissions() {
    let users = emit(&send_mail_model())
        .into_iter()
        .find(|f| f.path == "src/v1_0/users.rs")
        .unwrap();
    insta::assert_snapshot!(users.contents);
}
