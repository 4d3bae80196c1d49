use super::*;
use std::time::{Duration, SystemTime};

fn file(path: &str, contents: &str) -> GeneratedFile {
    GeneratedFile { path: path.to_owned(), contents: contents.to_owned() }
}

fn mtime(path: &Path) -> SystemTime {
    fs::metadata(path).unwrap().modified().unwrap()
}

/// Pushes a file's modification time into the past, so a rewrite would show.
fn age(path: &Path) {
    let old = SystemTime::now() - Duration::from_secs(3600);
    fs::File::options().write(true).open(path).unwrap().set_modified(old).unwrap();
}

#[test]
fn writes_only_changed_files_and_keeps_the_others_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("generated");
    let first = with_manifest(vec![file("src/a.rs", "a\n"), file("src/b.rs", "b\n")]);
    let summary = write(&out, &first).unwrap();
    assert_eq!(summary.written, vec![MANIFEST, "src/a.rs", "src/b.rs"]);
    assert_eq!(fs::read_to_string(out.join("src/a.rs")).unwrap(), "a\n");
    age(&out.join("src/a.rs"));
    age(&out.join("src/b.rs"));
    let a_time = mtime(&out.join("src/a.rs"));

    let same = write(&out, &first).unwrap();
    assert!(!same.changed(), "{same:?}");

    let second = with_manifest(vec![file("src/a.rs", "a\n"), file("src/b.rs", "B\n")]);
    let summary = write(&out, &second).unwrap();
    assert_eq!(summary.written, vec!["src/b.rs"]);
    assert_eq!(mtime(&out.join("src/a.rs")), a_time, "an unchanged file must keep its modification time");
    assert_eq!(fs::read_to_string(out.join("src/b.rs")).unwrap(), "B\n");
    assert!(check(&out, &second).is_empty());
}

#[test]
fn removes_files_it_no_longer_generates_and_keeps_foreign_ones() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("generated");
    write(&out, &with_manifest(vec![file("src/old.rs", "x"), file("src/keep.rs", "k")])).unwrap();
    fs::write(out.join("NOTES.md"), "mine").unwrap();
    let next = with_manifest(vec![file("src/keep.rs", "k")]);
    assert_eq!(check(&out, &next).iter().map(Stale::path).collect::<Vec<_>>(), vec![MANIFEST, "src/old.rs"]);
    let summary = write(&out, &next).unwrap();
    assert_eq!(summary.removed, vec!["src/old.rs"]);
    assert!(!out.join("src/old.rs").exists());
    assert_eq!(fs::read_to_string(out.join("NOTES.md")).unwrap(), "mine");
    // No staging folder is left behind.
    let leftovers: Vec<_> = fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(leftovers, vec!["generated"]);
}

#[test]
fn check_reports_missing_changed_and_extra_files_with_a_diff() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("generated");
    write(&out, &with_manifest(vec![file("a.txt", "one\ntwo\n"), file("gone.txt", "g")])).unwrap();
    let wanted = with_manifest(vec![file("a.txt", "one\nTWO\n"), file("new.txt", "n")]);
    let stale = check(&out, &wanted);
    let kinds: Vec<String> = stale
        .iter()
        .map(|s| match s {
            Stale::Missing { path } => format!("missing {path}"),
            Stale::Changed { path, .. } => format!("changed {path}"),
            Stale::Extra { path } => format!("extra {path}"),
        })
        .collect();
    assert_eq!(
        kinds,
        vec![format!("changed {MANIFEST}"), "changed a.txt".into(), "missing new.txt".into(), "extra gone.txt".into()]
    );
    let text = describe_stale(&stale, &out, "regen");
    assert!(text.contains("-two\n+TWO\n"), "{text}");
    assert!(text.contains("Run `regen`"), "{text}");
}

#[test]
fn a_failed_write_leaves_the_old_output() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("generated");
    write(&out, &with_manifest(vec![file("a.txt", "old")])).unwrap();
    // A path that cannot be created (a new file where a new folder must go) makes the build fail midway.
    let bad = with_manifest(vec![file("a.txt", "new"), file("b.txt", "b"), file("b.txt/inner", "x")]);
    let err = write(&out, &bad).unwrap_err();
    assert_eq!(err.kind, ErrorKind::Failed, "{err}");
    assert!(err.to_string().ends_with("is left as it was"), "{err}");
    assert_eq!(fs::read_to_string(out.join("a.txt")).unwrap(), "old");
    let leftovers: Vec<_> = fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(leftovers, vec!["generated"]);
}

mod safety;
