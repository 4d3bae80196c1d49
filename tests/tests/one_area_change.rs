//! Diffs where the docs changed (issue 17): a change to the pages of one area changes that
//! area's files, the model and permission files and Cargo.toml's feature wiring, and nothing
//! else: not the model files of types the change did not touch. en-2021 is generated into a
//! folder, one page is removed or edited, and the same folder is regenerated in place.

use acceptance::corpus;
use generator::emit_rust::tree::parse_segment;
use generator::model::Model;
use generator::{output, pipeline};
use std::collections::BTreeSet;
use std::path::Path;

/// Files any docs change may rewrite: the model, the permission facts, the feature wiring.
const EVERY_CHANGE: &[&str] = &[
    ".generated-files",
    "Cargo.toml",
    "model.json",
    "permissions.json",
    "permissions-v1.0.json",
    "permissions-beta.json",
    "permissions-disagreements.json",
    "src/permissions.tsv",
];

#[test]
fn removing_or_editing_one_page_changes_only_its_areas_files() {
    let work = tempfile::tempdir().expect("a temporary folder");
    let docs = work.path().join("docs");
    copy_dir(&corpus("en-2021"), &docs);
    let out = work.path().join("out");
    let whole = generate(&docs, &out);
    assert!(!whole.operations.is_empty(), "the corpus is not all there");

    // A term store page leaves (beta); a mail page changes a sentence (v1.0).
    let removed = "api-reference/beta/api/termstore-group-get.md";
    let allowed = allowed_files(&whole, removed);
    std::fs::remove_file(docs.join(removed)).expect("the page exists");
    let changed = regenerate(&docs, &out);
    check(removed, &changed, &allowed);
    // Which models the term store area reaches changed: that change is Cargo.toml's alone (a
    // model file naming the areas that compile it would have changed with it).
    assert!(changed.contains("Cargo.toml"), "{removed}: the removal moved no feature wiring: {changed:?}");

    let edited = "api-reference/v1.0/api/message-update.md";
    let allowed = allowed_files(&whole, edited);
    let path = docs.join(edited);
    let text = std::fs::read_to_string(&path).expect("the page exists");
    let text = text.replacen("## HTTP request", "An edited sentence.\n\n## HTTP request", 1);
    std::fs::write(&path, text).expect("the page is writable");
    let changed = regenerate(&docs, &out);
    check(edited, &changed, &allowed);
}

fn check(page: &str, changed: &BTreeSet<String>, allowed: &BTreeSet<String>) {
    eprintln!("{page}: changed {changed:?}");
    assert!(!changed.is_empty(), "{page}: the change changed nothing: the test would prove nothing");
    let outside: Vec<&String> = changed.difference(allowed).collect();
    assert!(outside.is_empty(), "{page}: files outside its areas changed: {outside:?} (changed: {changed:?})");
}

/// The files a change to `page` may rewrite: those of every change, and per version and area
/// of the endpoints the page documents, the area's builders, the builders shared between
/// areas, the version's module (its root and areas) and its request bodies.
fn allowed_files(model: &Model, page: &str) -> BTreeSet<String> {
    let mut allowed: BTreeSet<String> = EVERY_CHANGE.iter().map(|f| f.to_string()).collect();
    let ops = model.operations.iter().filter(|op| op.pages.iter().any(|p| p.file == page));
    for op in ops {
        let version = if op.version.as_str() == "v1.0" { "v1_0" } else { "beta" };
        for endpoint in &op.endpoints {
            let first = endpoint.path.split('/').find(|s| !s.is_empty()).unwrap_or_default();
            let area = parse_segment(first).name;
            for file in [format!("{area}.rs"), "shared_builders.rs".into(), "mod.rs".into(), "requests.rs".into()] {
                allowed.insert(format!("src/{version}/{file}"));
            }
        }
    }
    assert!(allowed.len() > EVERY_CHANGE.len(), "{page} documents no endpoint");
    allowed
}

fn generate(docs: &Path, out: &Path) -> Model {
    let model = pipeline::run(docs, 0).expect("the corpus reads").model;
    output::write(out, &pipeline::emit(&model)).expect("the output is written");
    model
}

/// Regenerates in place; the files written or removed.
fn regenerate(docs: &Path, out: &Path) -> BTreeSet<String> {
    let model = pipeline::run(docs, 0).expect("the corpus reads").model;
    let summary = output::write(out, &pipeline::emit(&model)).expect("the output is written");
    summary.written.into_iter().chain(summary.removed).collect()
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("a folder");
    for entry in std::fs::read_dir(from).expect("the corpus folder") {
        let entry = entry.expect("an entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("a type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).expect("a copy");
        }
    }
}
