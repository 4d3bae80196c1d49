//! The seed pages as a hand-built model (until the parser produces it), and the helpers
//! other emitter tests build models with.

use crate::model::*;

pub const BETA_RECOVER: &str = "en-us/api-reference/beta/api/intune-devices-manageddevice-recoverpasscode.md";
pub const BETA_RESET: &str = "en-us/api-reference/beta/api/intune-devices-manageddevice-resetpasscode.md";
pub const V1_RECOVER_ZH: &str = "zh-cn/api-reference/v1.0/api/intune-devices-manageddevice-recoverpasscode.md";

pub fn src(file: &str, line: u32) -> Source {
    Source { file: file.into(), line }
}

pub fn sourced(value: &str, file: &str, line: u32) -> Sourced<String> {
    Sourced::new(value.into(), src(file, line))
}

/// An endpoint from a documented template; `{name}` marks parameters.
pub fn endpoint(method: Method, path: &str, file: &str, line: u32) -> Endpoint {
    let parts = path
        .split(['{', '}'])
        .enumerate()
        .filter(|(_, piece)| !piece.is_empty())
        .map(|(i, piece)| if i % 2 == 1 { PathPart::Param(piece.into()) } else { PathPart::Literal(piece.into()) })
        .collect();
    Endpoint { method, path: path.into(), parts, query: None, source: src(file, line) }
}

pub fn posts(file: &str, first_line: u32, paths: &[&str]) -> Vec<Endpoint> {
    paths.iter().zip(first_line..).map(|(path, line)| endpoint(Method::Post, path, file, line)).collect()
}

pub fn permissions(least: &str, file: &str, line: u32) -> SchemePermissions {
    SchemePermissions::Permissions { least: vec![sourced(least, file, line)], higher: vec![] }
}

pub fn page(file: &str, locale: &str, authoritative: bool) -> Contributor {
    Contributor { file: file.into(), locale: locale.into(), authoritative }
}

/// The three operations the seed pages document.
pub fn seed_model() -> Model {
    let unspecified = |line| SchemePermissions::Unspecified { source: Some(src(BETA_RECOVER, line)) };
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
        success_status: Some(Status { code: 204, source: src(BETA_RECOVER, 48) }),
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
        endpoints: posts(
            V1_RECOVER_ZH,
            21,
            &[
                "/users/{usersId}/managedDevices/{managedDeviceId}/recoverPasscode",
                "/deviceManagement/managedDevices/{managedDeviceId}/recoverPasscode",
                "/deviceManagement/detectedApps/{detectedAppId}/managedDevices/{managedDeviceId}/recoverPasscode",
            ],
        ),
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
    Model { operations: vec![v1_recover, beta_recover, beta_reset] }
}
