//! The changelog on edits of the seed model.

#[path = "fixtures/seed_model.rs"]
mod seed_model;

use generator::changelog::{compare, render_markdown, PermissionChangeKind};
use generator::model::{ApiVersion, Method, Model, PermissionTable, Status};
use seed_model::*;

const RESET: &str = "resetPasscode";
const RECOVER: &str = "recoverPasscode";

fn edited(edit: impl FnOnce(&mut Model)) -> Model {
    let mut model = seed_model();
    edit(&mut model);
    model
}

#[test]
fn least_privileged_change_is_listed_first_as_security_relevant() {
    let old = seed_model();
    let new = edited(|m| {
        let op = op_mut(m, ApiVersion::Beta, RESET);
        op.permissions[0].delegated_work = perms(&["DeviceManagementManagedDevices.ReadWrite.All"], &[], "x.md", 25);
        // A higher-privileged addition elsewhere, which must come after the security section.
        op.permissions[0].application = perms(
            &["DeviceManagementManagedDevices.PrivilegedOperations.All"],
            &["Directory.ReadWrite.All"],
            "x.md",
            27,
        );
    });
    let log = compare(&old, &new);
    assert_eq!(log.security.len(), 1);
    assert_eq!(log.security[0].kind, PermissionChangeKind::LeastPrivilegedChanged);
    let markdown = render_markdown(&log);
    let security = markdown.find("## ⚠ Security-relevant").expect("security section");
    assert!(security < markdown.find("## Other changes").expect("other section"));
    insta::assert_snapshot!(markdown);
}

#[test]
fn operations_endpoints_and_statuses() {
    let old = seed_model();
    let new = edited(|m| {
        // Removed: beta recoverPasscode. Added: a v1.0 operation.
        m.operations.retain(|op| !(op.version == ApiVersion::Beta && op.name == RECOVER));
        let f = "en-us/api-reference/v1.0/api/intune-devices-manageddevice-wipe.md";
        m.operations.push(operation(
            ApiVersion::V1,
            "wipe-action",
            "wipe",
            f,
            vec![endpoint(Method::Post, "/deviceManagement/managedDevices/{managedDeviceId}/wipe", f, 30)],
            vec![PermissionTable {
                scope: None,
                delegated_work: perms(&["DeviceManagementManagedDevices.PrivilegedOperations.All"], &[], f, 20),
                delegated_personal: not_supported(f, 21),
                application: perms(&["DeviceManagementManagedDevices.PrivilegedOperations.All"], &[], f, 22),
                source: src(f, 18),
            }],
        ));
        let reset = op_mut(m, ApiVersion::Beta, RESET);
        reset.endpoints.retain(|e| !e.path.starts_with("/deviceManagement/comanagedDevices/"));
        reset.success_status = Some(Status { code: 200, source: src("x.md", 40) });
    });
    let log = compare(&old, &new);
    assert!(log.security.is_empty(), "{:#?}", log.security);
    insta::assert_snapshot!(render_markdown(&log));
}

#[test]
fn every_kind_of_permission_change() {
    let old = seed_model();
    let new = edited(|m| {
        let v1 = op_mut(m, ApiVersion::V1, RECOVER);
        v1.permissions[0].application = perms(&["DeviceManagementManagedDevices.ReadWrite.All"], &[], "x.md", 13);
        v1.permissions[0].delegated_work = not_supported("x.md", 11);
        let beta = op_mut(m, ApiVersion::Beta, RECOVER);
        beta.permissions[0].delegated_work = perms(&["A.Read.All"], &["A.ReadWrite.All"], "x.md", 22);
        let reset = op_mut(m, ApiVersion::Beta, RESET);
        reset.permissions[0].delegated_personal = unspecified("x.md", 26);
        reset.permissions[0].application = unspecified("x.md", 27);
        reset.permissions.push(PermissionTable {
            scope: Some("Permissions acting on other users".to_string()),
            delegated_work: perms(&["User.ReadWrite.All"], &[], "x.md", 40),
            delegated_personal: not_supported("x.md", 41),
            application: unspecified("x.md", 42),
            source: src("x.md", 38),
        });
    });
    let log = compare(&old, &new);
    assert!(log.other_permissions.is_empty());
    insta::assert_snapshot!(render_markdown(&log));
}

#[test]
fn identical_models_render_no_changes() {
    let log = compare(&seed_model(), &seed_model());
    assert!(log.is_empty());
    insta::assert_snapshot!(render_markdown(&log), @"No API changes.");
}

#[test]
fn sources_order_and_parameter_names_are_not_changes() {
    let new = edited(|m| {
        m.operations.reverse();
        let v1 = op_mut(m, ApiVersion::V1, RECOVER);
        v1.endpoints[0] =
            endpoint(Method::Post, "/users/{user-id}/managedDevices/{managedDevice-id}/recoverPasscode", "y.md", 99);
        v1.permissions[0].source = src("y.md", 1);
        v1.permissions[0].delegated_personal = not_supported("y.md", 12);
    });
    assert!(compare(&seed_model(), &new).is_empty());
}

#[test]
fn comparing_backwards_mirrors_the_change() {
    let new = edited(|m| op_mut(m, ApiVersion::V1, RECOVER).permissions[0].application = not_supported("x.md", 1));
    assert!(compare(&seed_model(), &new).is_empty(), "same state, other source");
    let new = edited(|m| op_mut(m, ApiVersion::V1, RECOVER).permissions.clear());
    let kinds = |log: generator::changelog::Changelog| log.security.iter().map(|c| c.kind).collect::<Vec<_>>();
    assert_eq!(
        kinds(compare(&seed_model(), &new)),
        [PermissionChangeKind::Dropped, PermissionChangeKind::SupportUnknown, PermissionChangeKind::SupportUnknown]
    );
    assert_eq!(
        kinds(compare(&new, &seed_model())),
        [
            PermissionChangeKind::NewlyRequired,
            PermissionChangeKind::BecameUnsupported,
            PermissionChangeKind::BecameUnsupported
        ]
    );
}

/// A translation words its table scopes in its own language: same tables, same permissions,
/// no change (pairing by scope alone reported "user calendar" removed and "用户日历" added).
#[test]
fn translated_scopes_are_the_same_tables() {
    let old = edited(|m| {
        let op = op_mut(m, ApiVersion::Beta, RESET);
        let mut calendar = op.permissions[0].clone();
        calendar.scope = Some("user calendar".into());
        let mut group = op.permissions[0].clone();
        group.scope = Some("group calendar".into());
        group.delegated_personal = not_supported("x.md", 30);
        op.permissions = vec![calendar, group];
    });
    let new = edited(|m| {
        let old_tables = op_mut(&mut old.clone(), ApiVersion::Beta, RESET).permissions.clone();
        let op = op_mut(m, ApiVersion::Beta, RESET);
        op.permissions = old_tables;
        op.permissions[0].scope = Some("用户日历".into());
        op.permissions[1].scope = Some("组日历".into());
    });
    let log = compare(&old, &new);
    assert!(log.security.is_empty() && log.other_permissions.is_empty(), "{}", render_markdown(&log));
    // A real change in the second table is still reported, under both names.
    let changed = edited(|m| {
        let old_tables = op_mut(&mut old.clone(), ApiVersion::Beta, RESET).permissions.clone();
        let op = op_mut(m, ApiVersion::Beta, RESET);
        op.permissions = old_tables;
        op.permissions[1].scope = Some("组日历".into());
        op.permissions[1].delegated_personal = perms(&["Calendars.Read"], &[], "x.md", 30);
    });
    let log = compare(&old, &changed);
    assert_eq!(log.security.len(), 1, "{}", render_markdown(&log));
    assert_eq!(log.security[0].scope.as_deref(), Some("group calendar / 组日历"));
}

/// Two operations document one endpoint: which one answers for it is part of the API. A new
/// owner with another least privileged permission is a security-relevant change.
#[test]
fn a_new_owner_of_an_endpoint_is_a_security_relevant_change() {
    use generator::model::{Resolution, SharedEndpoint};
    let path = "/deviceManagement/managedDevices/{managedDeviceId}/recoverPasscode";
    let with_copy = |primary: &str| {
        edited(|m| {
            let f = "en-us/api-reference/v1.0/api/intune-copy-recoverpasscode.md";
            m.operations.push(operation(
                ApiVersion::V1,
                "copy-recoverpasscode",
                RECOVER,
                f,
                vec![endpoint(Method::Post, path, f, 30)],
                vec![PermissionTable {
                    scope: None,
                    delegated_work: perms(&["Copy.ReadWrite.All"], &[], f, 20),
                    delegated_personal: not_supported(f, 21),
                    application: not_supported(f, 22),
                    source: src(f, 18),
                }],
            ));
            let other =
                if primary == "copy-recoverpasscode" { "recoverpasscode-action" } else { "copy-recoverpasscode" };
            m.shared_endpoints = vec![SharedEndpoint {
                version: ApiVersion::V1,
                method: Method::Post,
                path: path.into(),
                primary: primary.into(),
                resolution: Resolution::Decided,
                variants: vec![generator::model::EndpointVariant {
                    key: other.into(),
                    rule: generator::model::VariantRule::TypePage,
                    source: src(f, 30),
                }],
            }];
        })
    };
    let (old, new) = (with_copy("copy-recoverpasscode"), with_copy("recoverpasscode-action"));
    let log = compare(&old, &new);
    assert_eq!(log.owners.len(), 1, "{:?}", log.owners);
    assert!(log.owners[0].is_security_relevant());
    assert_eq!(log.owners[0].old.key.as_deref(), Some("copy-recoverpasscode"));
    let markdown = render_markdown(&log);
    let security = markdown.find("## ⚠ Security-relevant").expect("security section");
    let line = markdown.find("`POST /deviceManagement/managedDevices/{managedDeviceId}/recoverPasscode`: answered by `recoverpasscode-action`").expect(&markdown);
    assert!(security < line, "{markdown}");
    assert!(compare(&new, &new).is_empty());
}
