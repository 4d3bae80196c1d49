//! Issue 16's calls through a client generated from real en-2021 pages, on loopback: pages that
//! document the same endpoints side by side (list users and Intune's copy, "List manager", the
//! extended-property and event-message pages beside the message pages), with the resource pages
//! of their types. `tests/endpoint_loopback/owners.rs` is compiled inside the generated crate and
//! run with `cargo test` against wiremock (see `acceptance::generated_crate`).

use std::fs;

use acceptance::corpus;
use acceptance::generated_crate::GeneratedCrate;

const API_PAGES: &[&str] = &[
    "user-list.md",
    "user-list-manager.md",
    "intune-devices-user-list.md",
    "intune-devices-user-create.md",
    "intune-mam-user-create.md",
    "user-post-users.md",
    "user-get.md",
    "user-list-messages.md",
    "singlevaluelegacyextendedproperty-get.md",
    "multivaluelegacyextendedproperty-post-multivalueextendedproperties.md",
    "message-get.md",
    "message-update.md",
    "eventmessage-get.md",
    "eventmessage-update.md",
    "user-list-events.md",
    "user-list-mailfolders.md",
    "site-get.md",
    "driveitem-list-children.md",
    "user-list-calendarview.md",
];

const RESOURCE_PAGES: &[&str] =
    &["user.md", "message.md", "eventmessage.md", "event.md", "mailfolder.md", "site.md", "driveitem.md"];

const FIXTURE: &str = include_str!("../endpoint_loopback/owners.rs");

#[test]
fn each_call_decodes_its_owners_type_and_carries_its_owners_permissions() {
    let from = corpus("en-2021").join("api-reference/v1.0");
    let docs = tempfile::tempdir().unwrap();
    let to = docs.path().join("en-us/api-reference/v1.0");
    for (folder, pages) in [("api", API_PAGES), ("resources", RESOURCE_PAGES)] {
        fs::create_dir_all(to.join(folder)).unwrap();
        for page in pages {
            let source = from.join(folder).join(page);
            fs::copy(&source, to.join(folder).join(page))
                .unwrap_or_else(|e| panic!("the corpus page {} is missing: {e}", source.display()));
        }
    }
    let krate = GeneratedCrate::from_docs(docs.path()).unwrap_or_else(|e| panic!("{e}"));
    krate.add_dev_dependencies(&["wiremock", "tokio", "serde_json", "futures-util"]).unwrap();
    krate.add_file("tests/owners.rs", FIXTURE).unwrap();

    let run = krate.cargo_test(&["--test", "owners"]).unwrap_or_else(|e| panic!("{e}"));

    let tests = FIXTURE.lines().filter(|l| l.trim() == "#[tokio::test]").count();
    assert!(tests >= 7, "the fixture lost its tests");
    assert_eq!(run.passed, tests, "not every fixture test ran:\n{}", run.output);
}
