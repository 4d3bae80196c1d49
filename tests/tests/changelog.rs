//! The API changelog on models made from real pages: an edited permissions table
//! in the seeds, and the same pages in English and in pt-BR side by side.

use acceptance::{corpus, docs_input};
use generator::changelog::{compare, render_markdown};
use generator::pipeline;
use std::path::Path;

const RESET: &str = "en-us/api-reference/beta/api/intune-devices-manageddevice-resetpasscode.md";

fn copy_tree(from: &Path, to: &Path) {
    for rel in generator::read::discover(from).unwrap() {
        let target = to.join(&rel);
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::copy(from.join(&rel), target).unwrap();
    }
}

#[test]
fn an_edited_permission_table_is_a_security_relevant_change_at_the_top() {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&docs_input(), dir.path());
    let page = dir.path().join(RESET);
    let text = std::fs::read_to_string(&page).unwrap();
    let edited = text.replacen(
        "|Delegated (work or school account)|DeviceManagementManagedDevices.PrivilegedOperations.All|",
        "|Delegated (work or school account)|DeviceManagementManagedDevices.ReadWrite.All, DeviceManagementManagedDevices.PrivilegedOperations.All|",
        1,
    );
    assert_ne!(text, edited, "the seed table moved; update the edit");
    std::fs::write(&page, edited).unwrap();

    let old = pipeline::run(&docs_input(), 0).unwrap().model;
    let new = pipeline::run(dir.path(), 0).unwrap().model;
    let log = compare(&old, &new);
    assert!(!log.is_empty());
    let markdown = render_markdown(&log);
    let first_section = markdown.lines().find(|l| l.starts_with("## ")).unwrap();
    assert!(first_section.contains("Security-relevant"), "{markdown}");
    insta::assert_snapshot!(markdown);
}

#[test]
fn identical_models_have_no_changes() {
    let a = pipeline::run(&docs_input(), 0).unwrap().model;
    let log = compare(&a, &a.clone());
    assert!(log.is_empty());
    assert_eq!(render_markdown(&log).trim(), "No API changes.");
}

/// A handful of real pages, English (2021-07) against their pt-BR side-by-side
/// translation (2021-08): what changed in a month, as a reviewer would read it.
#[test]
fn english_against_pt_br_side_by_side() {
    let pages = [
        "api-reference/v1.0/api/user-get.md",
        "api-reference/v1.0/api/user-list-memberof.md",
        "api-reference/v1.0/api/group-post-members.md",
        "api-reference/v1.0/api/driveitem-get.md",
        "api-reference/beta/api/user-list-messages.md",
        "api-reference/beta/api/application-addpassword.md",
        "api-reference/beta/api/synchronization-synchronizationschema-delete.md",
        "api-reference/beta/api/reportroot-getemailactivitycounts.md",
    ];
    let (en, pt) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    for (from, to) in [(corpus("en-2021"), en.path()), (corpus("pt-BR-sxs"), pt.path())] {
        for page in pages {
            let target = to.join(page);
            std::fs::create_dir_all(target.parent().unwrap()).unwrap();
            std::fs::copy(from.join(page), &target).unwrap_or_else(|e| panic!("{page}: {e}"));
        }
    }
    let old = pipeline::run(en.path(), 0).unwrap().model;
    let new = pipeline::run(pt.path(), 0).unwrap().model;
    assert!(old.operations.len() >= pages.len(), "{}", old.operations.len());
    insta::assert_snapshot!(render_markdown(&compare(&old, &new)));
}
