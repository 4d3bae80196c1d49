//! The no-change shortcut (`generator::cache`) as users meet it: a second run over the same
//! pages prints what the first printed and changes nothing, and any change to an input, to
//! the output or to the record runs the generator in full.
//!
//! To tell a replay from a run, the tests forge the record's count of operations: a replay
//! prints the forged count, a run the real one.

use std::fs;
use std::path::Path;

mod common;
use common::{generator, stderr, workspace};

const FORGED: &str = "424242 operations";

fn copy_tree(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// Every file under `dir`, by relative path.
fn tree(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    let mut files = std::collections::BTreeMap::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            let rel = entry.path().strip_prefix(dir).unwrap().to_string_lossy().into_owned();
            files.insert(rel, fs::read(entry.path()).unwrap());
        }
    }
    files
}

/// A folder holding a copy of the seeds (`docs/`), generated once into `generated/`.
fn generated_seeds() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&workspace().join("docs-input"), &dir.path().join("docs"));
    let out = generator(&["docs", "--out", "generated"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(dir.path().join(".generated.cache").is_file(), "the run is recorded beside its output");
    dir
}

/// Sets the record's count of operations to the forged one.
fn forge(dir: &Path) {
    let path = dir.join(".generated.cache");
    let mut record: serde_json::Value = serde_json::from_slice(&fs::read(&path).unwrap()).unwrap();
    record["operations"] = 424242.into();
    fs::write(&path, serde_json::to_vec(&record).unwrap()).unwrap();
}

/// The last line of a generation: how many files were written.
fn without_write_line(text: &str) -> String {
    text.lines().filter(|l| !l.contains(" written, ")).collect::<Vec<_>>().join("\n")
}

#[test]
fn a_run_with_nothing_changed_prints_what_the_run_did_and_writes_nothing() {
    let dir = generated_seeds();
    let before = tree(&dir.path().join("generated"));
    for args in [
        &["docs", "--out", "generated"][..],
        &["docs", "--out", "generated", "-v"],
        &["docs", "--out", "generated", "--diagnostics", "json"],
    ] {
        // The record was made by a full run; a second full run (record removed) and a replay agree.
        let _ = fs::remove_file(dir.path().join(".generated.cache"));
        let full = generator(args, dir.path());
        let replay = generator(args, dir.path());
        assert_eq!(full.status.code(), replay.status.code());
        assert_eq!(without_write_line(&stderr(&full)), without_write_line(&stderr(&replay)));
        assert!(stderr(&replay).contains(" 0 written, "), "{}", stderr(&replay));
        forge(dir.path());
        assert!(stderr(&generator(args, dir.path())).contains(FORGED), "the second run is a replay");
    }
    assert_eq!(tree(&dir.path().join("generated")), before);
}

#[test]
fn any_change_to_an_input_or_to_the_output_runs_in_full() {
    let page = "docs/en-us/api-reference/beta/api/intune-devices-manageddevice-resetpasscode.md";
    type Change<'a> = (&'a str, &'a dyn Fn(&Path));
    let changes: &[Change<'_>] = &[
        ("a page edited", &|d| {
            // A blank line at the end: the output may not change, the pages did.
            let text = fs::read_to_string(d.join(page)).unwrap();
            fs::write(d.join(page), format!("{text}\n")).unwrap();
        }),
        ("a page removed", &|d| fs::remove_file(d.join(page)).unwrap()),
        ("a hidden file added", &|d| fs::write(d.join("docs/en-us/.hidden.md"), "x").unwrap()),
        ("an include added", &|d| {
            fs::create_dir_all(d.join("docs/en-us/includes")).unwrap();
            fs::write(d.join("docs/en-us/includes/note.md"), "a note").unwrap();
        }),
        ("a symlink added", &|d| std::os::unix::fs::symlink("nowhere", d.join("docs/link.md")).unwrap()),
        ("an output file edited", &|d| fs::write(d.join("generated/src/lib.rs"), "// edited\n").unwrap()),
        ("an output file removed", &|d| fs::remove_file(d.join("generated/model.json")).unwrap()),
        ("the record damaged", &|d| fs::write(d.join(".generated.cache"), "{").unwrap()),
    ];
    for (what, change) in changes {
        let dir = generated_seeds();
        forge(dir.path());
        change(dir.path());
        let run = generator(&["docs", "--out", "generated"], dir.path());
        assert!(!stderr(&run).contains(FORGED), "{what}: not a replay");
        // What a run from nothing writes.
        let fresh = generator(&["docs", "--out", "fresh"], dir.path());
        assert_eq!(run.status.code(), fresh.status.code(), "{what}");
        assert_eq!(tree(&dir.path().join("generated")), tree(&dir.path().join("fresh")), "{what}");
        // And the next run is a replay again.
        forge(dir.path());
        assert!(stderr(&generator(&["docs", "--out", "generated"], dir.path())).contains(FORGED), "{what}");
    }
}

#[test]
fn check_and_another_input_folder_never_replay() {
    let dir = generated_seeds();
    forge(dir.path());
    let check = generator(&["docs", "--out", "generated", "--check"], dir.path());
    assert_eq!(check.status.code(), Some(0), "{}", stderr(&check));
    assert!(!stderr(&check).contains(FORGED));
    // The same pages under another name: the folder's name may say the locale.
    copy_tree(&dir.path().join("docs"), &dir.path().join("other"));
    let other = generator(&["other", "--out", "generated"], dir.path());
    assert!(!stderr(&other).contains(FORGED), "{}", stderr(&other));
}

#[test]
fn a_page_written_with_the_same_bytes_still_replays() {
    // A checkout that rewrites a page as it was changes its times, not what the run reads.
    let dir = generated_seeds();
    forge(dir.path());
    let page = dir.path().join("docs/en-us/api-reference/beta/api/intune-devices-manageddevice-resetpasscode.md");
    let bytes = fs::read(&page).unwrap();
    fs::remove_file(&page).unwrap();
    fs::write(&page, bytes).unwrap();
    let run = generator(&["docs", "--out", "generated"], dir.path());
    assert!(stderr(&run).contains(FORGED), "{}", stderr(&run));
}
