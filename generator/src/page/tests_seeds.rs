//! The five seed pages, read from `../shared/seeds`.

use super::*;
use crate::model::{ApiVersion, Body, Scheme, SchemePermissions};

fn seed(name: &str, locale: Option<&str>) -> PageResult {
    let path = format!("{}/../../shared/seeds/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let input = PageInput {
        file: format!("seeds/{name}"),
        text,
        locale: locale.map(str::to_owned),
        version: None,
        folder_kind: None,
    };
    parse(&input, &NoIncludes)
}

fn page(r: &PageResult) -> &Page {
    r.page.as_ref().unwrap_or_else(|| panic!("no page: {:?}", r.diagnostics))
}

fn least(p: &Page, scheme: Scheme) -> Vec<String> {
    let tables = p.permissions.as_ref().expect("permissions");
    tables[0].scheme(scheme).least_names().into_iter().map(str::to_owned).collect()
}

fn is_not_supported(p: &Page, scheme: Scheme) -> bool {
    matches!(p.permissions.as_ref().expect("permissions")[0].scheme(scheme), SchemePermissions::NotSupported { .. })
}

#[test]
fn seed_000_english_todo_permissions() {
    let r = seed("000_bf324ea1aa67e7d7.txt", Some("en-us"));
    let p = page(&r);
    assert_eq!(p.version.as_ref().map(|v| v.value), Some(ApiVersion::Beta));
    assert_eq!(p.version.as_ref().map(|v| v.source.line), Some(59));
    assert_eq!(p.locale, "en-us");
    assert_eq!(p.endpoints.len(), 3);
    assert_eq!(p.endpoints[0].method, model::Method::Post);
    assert_eq!(p.endpoints[0].path, "/me/managedDevices/{managedDeviceId}/recoverPasscode");
    assert_eq!(p.endpoints[0].source.line, 33);
    assert_eq!(p.endpoints[2].source.line, 35);
    let tables = p.permissions.as_ref().expect("permissions");
    assert_eq!(tables.len(), 1);
    for scheme in Scheme::ALL {
        assert!(
            matches!(tables[0].scheme(scheme), SchemePermissions::Unspecified { source: Some(_), .. }),
            "{scheme:?}"
        );
    }
    assert_eq!(p.prose_status.as_ref().map(|s| (s.code, s.source.line)), Some((204, 48)));
    assert_eq!(p.example_status.as_ref().map(|s| (s.code, s.source.line)), Some((204, 71)));
    assert_eq!(p.body, Body::None);
    assert_eq!(
        p.title.as_ref().map(|t| (t.value.as_str(), t.source.line)),
        Some(("managedDevice: recoverPasscode", 2))
    );
    assert_eq!(p.key.as_deref(), Some("manageddevice-recoverpasscode"));
    assert_eq!(p.description.as_ref().map(|d| d.value.as_str()), Some("Recover passcode"));
    assert_eq!(p.request_headers.len(), 1);
    assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics);
}

/// 001, 003 and 004 document the same operation in three locales.
fn assert_recover_passcode_v1(r: &PageResult, locale: &str) {
    let p = page(r);
    assert_eq!(p.locale, locale);
    assert_eq!(p.version.as_ref().map(|v| (v.value, v.source.line)), Some((ApiVersion::V1, 42)));
    assert_eq!(p.endpoints.len(), 3);
    assert_eq!(p.endpoints[0].path, "/users/{usersId}/managedDevices/{managedDeviceId}/recoverPasscode");
    assert_eq!(p.endpoints[0].source.line, 21);
    assert_eq!(least(p, Scheme::DelegatedWork), ["DeviceManagementManagedDevices.PriviligedOperation.All"]);
    assert!(is_not_supported(p, Scheme::DelegatedPersonal));
    assert!(is_not_supported(p, Scheme::Application));
    let tables = p.permissions.as_ref().expect("permissions");
    let SchemePermissions::Permissions { least, .. } = &tables[0].delegated_work else { panic!() };
    assert_eq!(least[0].source.line, 11);
    assert_eq!(p.prose_status.as_ref().map(|s| (s.code, s.source.line)), Some((204, 36)));
    assert_eq!(p.example_status.as_ref().map(|s| (s.code, s.source.line)), Some((204, 48)));
    assert_eq!(p.body, Body::None);
    assert_eq!(p.key.as_deref(), Some("recoverpasscode-action"));
    let names: Vec<_> = p.request_headers.iter().map(|h| h.name.as_str()).collect();
    assert_eq!(names, ["Authorization", "Accept"]);
    assert_eq!(p.request_headers[0].source.line, 29);
}

#[test]
fn seed_001_portuguese_detected() {
    let r = seed("001_f496ba5a8033293b.txt", None);
    assert_recover_passcode_v1(&r, "pt-br");
    let p = page(&r);
    assert_eq!(p.title.as_ref().map(|t| t.value.as_str()), Some("Ação recoverPasscode"));
    assert_eq!(p.description.as_ref().map(|d| (d.value.as_str(), d.source.line)), Some(("Recuperar senha", 5)));
}

#[test]
fn seed_002_english_newest_format() {
    let r = seed("002_5788416851e5fcc6.txt", None);
    let p = page(&r);
    assert_eq!(p.locale, "en-us");
    assert_eq!(p.version.as_ref().map(|v| v.value), Some(ApiVersion::Beta));
    assert_eq!(p.endpoints.len(), 7);
    assert_eq!(p.endpoints[6].source.line, 44);
    let name = "DeviceManagementManagedDevices.PrivilegedOperations.All";
    assert_eq!(least(p, Scheme::DelegatedWork), [name]);
    assert_eq!(least(p, Scheme::Application), [name]);
    assert!(is_not_supported(p, Scheme::DelegatedPersonal));
    assert_eq!(p.key.as_deref(), Some("resetpasscode-action"));
    assert_eq!(p.prose_status.as_ref().map(|s| s.code), Some(204));
    assert_eq!(p.request_headers.len(), 2);
}

#[test]
fn seed_003_spanish_detected() {
    assert_recover_passcode_v1(&seed("003_5013217b9efc7fda.txt", None), "es-es");
}

#[test]
fn seed_004_chinese_side_by_side() {
    let r = seed("004_d76bf1b334b23148.txt", None);
    assert_recover_passcode_v1(&r, "zh-cn");
    let p = page(&r);
    assert_eq!(p.title.as_ref().map(|t| (t.value.as_str(), t.source.line)), Some(("recoverPasscode action", 1)));
    assert_eq!(p.description.as_ref().map(|d| d.value.as_str()), Some("Recover passcode"));
}

#[test]
fn key_does_not_depend_on_file_name() {
    let path = format!("{}/../../shared/seeds/004_d76bf1b334b23148.txt", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(path).expect("seed");
    let a = parse(
        &PageInput { file: "a.md".into(), text: text.clone(), locale: None, version: None, folder_kind: None },
        &NoIncludes,
    );
    let b = parse(
        &PageInput { file: "x/unrelated.md".into(), text, locale: None, version: None, folder_kind: None },
        &NoIncludes,
    );
    let (mut a, b) = (a.page.expect("a"), b.page.expect("b"));
    assert_eq!(a.key, b.key);
    a.file = b.file.clone();
    let json = |p: &Page| serde_json::to_string(p).expect("json").replace("x/unrelated.md", "a.md");
    assert_eq!(json(&a), json(&b));
}
