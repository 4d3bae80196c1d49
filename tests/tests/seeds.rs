//! The first acceptance test: the five seed pages in docs-input/ give exactly
//! the three documented operations, with their facts and sources.

use acceptance::{docs_input, seeds};
use generator::diagnostics::Code;
use generator::model::{ApiVersion, Method, Operation, Scheme, SchemePermissions};
use generator::pipeline;

const PRIVILEGED: &str = "DeviceManagementManagedDevices.PrivilegedOperations.All";
const MISSPELLED: &str = "DeviceManagementManagedDevices.PriviligedOperation.All";

fn op<'m>(ops: &'m [Operation], version: ApiVersion, name: &str) -> &'m Operation {
    ops.iter()
        .find(|o| o.version == version && o.name == name)
        .unwrap_or_else(|| panic!("no {version} {name} in {ops:#?}"))
}

fn least(op: &Operation, scheme: Scheme) -> Vec<&str> {
    op.permissions[0].scheme(scheme).least_names()
}

fn all_posts(op: &Operation) -> bool {
    op.endpoints.iter().all(|e| e.method == Method::Post)
}

#[test]
fn the_seeds_give_exactly_three_operations() {
    let run = pipeline::run(&docs_input(), 0).unwrap();
    let ops = &run.model.operations;
    assert_eq!(ops.len(), 3, "{ops:#?}");

    let recover_beta = op(ops, ApiVersion::Beta, "recoverPasscode");
    assert_eq!(recover_beta.endpoints.len(), 3);
    assert!(all_posts(recover_beta));
    assert!(recover_beta.endpoints.iter().any(|e| e.path == "/me/managedDevices/{managedDeviceId}/recoverPasscode"));
    for scheme in Scheme::ALL {
        assert!(
            matches!(recover_beta.permissions[0].scheme(scheme), SchemePermissions::Unspecified { .. }),
            "{scheme:?}"
        );
    }
    assert_eq!(recover_beta.success_status.as_ref().map(|s| s.code), Some(204));

    let reset = op(ops, ApiVersion::Beta, "resetPasscode");
    assert_eq!(reset.endpoints.len(), 7);
    assert!(all_posts(reset));
    assert_eq!(least(reset, Scheme::DelegatedWork), vec![PRIVILEGED]);
    assert_eq!(least(reset, Scheme::Application), vec![PRIVILEGED]);
    assert!(matches!(reset.permissions[0].delegated_personal, SchemePermissions::NotSupported { .. }));
    assert_eq!(reset.success_status.as_ref().map(|s| s.code), Some(204));

    let recover_v1 = op(ops, ApiVersion::V1, "recoverPasscode");
    assert_eq!(recover_v1.endpoints.len(), 3);
    assert!(all_posts(recover_v1));
    assert_eq!(least(recover_v1, Scheme::DelegatedWork), vec![MISSPELLED]);
    assert!(matches!(recover_v1.permissions[0].delegated_personal, SchemePermissions::NotSupported { .. }));
    assert!(matches!(recover_v1.permissions[0].application, SchemePermissions::NotSupported { .. }));
    assert_eq!(recover_v1.success_status.as_ref().map(|s| s.code), Some(204));
    let mut locales: Vec<&str> = recover_v1.pages.iter().map(|p| p.locale.as_str()).collect();
    locales.sort_unstable();
    assert_eq!(locales, vec!["es-es", "pt-br", "zh-cn"]);
}

#[test]
fn the_misspelled_permission_is_kept_and_flagged_and_the_locales_agree() {
    let run = pipeline::run(&docs_input(), 0).unwrap();
    let flagged: Vec<_> = run.diagnostics.iter().filter(|d| d.code == Code::PermissionNearMiss).collect();
    assert_eq!(flagged.len(), 3, "one per localized page: {flagged:#?}");
    for d in &flagged {
        assert!(d.message.contains(MISSPELLED) && d.message.contains(PRIVILEGED), "{}", d.message);
        assert!(d.line > 1);
    }
    let disagreements: Vec<_> = run.diagnostics.iter().filter(|d| d.code == Code::LocaleDisagreement).collect();
    assert!(disagreements.is_empty(), "{disagreements:#?}");
    assert!(!run.has_errors(), "{}", run.sources.render_to_string(&run.diagnostics));
}

#[test]
fn every_fact_points_at_its_page_and_line() {
    let run = pipeline::run(&docs_input(), 0).unwrap();
    let reset = op(&run.model.operations, ApiVersion::Beta, "resetPasscode");
    let file = "en-us/api-reference/beta/api/intune-devices-manageddevice-resetpasscode.md";
    assert_eq!(&*reset.endpoints[0].source.file, file);
    // Seed 002: the first path is on line 38, the seventh on line 44.
    assert_eq!(reset.endpoints[0].source.line, 38);
    assert_eq!(reset.endpoints[6].source.line, 44);
    let SchemePermissions::Permissions { least, .. } = &reset.permissions[0].delegated_work else { panic!() };
    assert_eq!(least[0].source.line, 28);
    assert_eq!(reset.success_status.as_ref().unwrap().source.line, 57);
}

/// The same pages in a flat folder under unrelated names give the same model, but for file names.
#[test]
fn a_flat_folder_with_unrelated_names_gives_the_same_model() {
    let dir = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir(seeds()).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "txt") {
            std::fs::copy(&path, dir.path().join(path.file_name().unwrap())).unwrap();
        }
    }
    let flat = pipeline::run(dir.path(), 0).unwrap();
    let laid_out = pipeline::run(&docs_input(), 0).unwrap();
    assert_eq!(without_file_names(&flat.model), without_file_names(&laid_out.model));
}

/// The model as JSON with every `file` value blanked: file names differ by design.
fn without_file_names(model: &generator::model::Model) -> serde_json::Value {
    fn blank(value: &mut serde_json::Value) {
        match value {
            serde_json::Value::Object(map) => {
                for (key, v) in map.iter_mut() {
                    if key == "file" {
                        *v = serde_json::Value::Null;
                    } else {
                        blank(v);
                    }
                }
            }
            serde_json::Value::Array(items) => items.iter_mut().for_each(blank),
            _ => {}
        }
    }
    let mut value = serde_json::to_value(model).unwrap();
    blank(&mut value);
    value
}
