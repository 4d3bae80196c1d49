//! The command line as users run it: exit codes, diagnostics on bad input,
//! --check, and a failed run leaving the output folder alone.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const SEED_PAGE: &str = "docs-input/en-us/api-reference/beta/api/intune-devices-manageddevice-resetpasscode.md";

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

fn generator(args: &[&str], cwd: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_generator")).args(args).current_dir(cwd).output().unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// A docs folder holding one good seed page plus `extra` (file name, bytes) pages.
fn docs_with(extra: &[(&str, &[u8])]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let api = dir.path().join("docs/en-us/api-reference/beta/api");
    fs::create_dir_all(&api).unwrap();
    fs::copy(workspace().join(SEED_PAGE), api.join("good.md")).unwrap();
    for (name, bytes) in extra {
        fs::write(api.join(name), bytes).unwrap();
    }
    dir
}

/// Runs on `extra` beside a good page; expects exit 1, the code in rustc's format, and no output written.
fn assert_rejected(extra: &[(&str, &[u8])], code: &str, line_col: &str) {
    let dir = docs_with(extra);
    let out = generator(&["docs", "--out", "generated"], dir.path());
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains(&format!("error[{code}]")), "{err}");
    assert!(err.contains(&format!("{}:{line_col}", extra[0].0)), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    assert!(!dir.path().join("generated").exists(), "nothing may be written on errors");

    // The broken page does not stop the others.
    let out = generator(&["docs", "--out", "generated", "--keep-going"], dir.path());
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let model = fs::read_to_string(dir.path().join("generated/model.json")).unwrap();
    assert!(model.contains("resetPasscode"), "{model}");
}

#[test]
fn malformed_annotation_is_an_error_with_its_position() {
    let page = fs::read_to_string(workspace().join(SEED_PAGE)).unwrap();
    let broken = page.replacen("\"blockType\": \"ignored\"", "\"blockType\": [\"ignored\"", 1);
    assert_ne!(broken, page);
    let dir = docs_with(&[("annotation.md", broken.as_bytes())]);
    let err = stderr(&generator(&["docs", "--out", "generated"], dir.path()));
    // The diagnostic points inside the annotation: between its `<!--` and `-->` lines.
    let open = page.lines().position(|l| l.contains("\"blockType\": \"ignored\"")).unwrap();
    let line: usize = err.split("annotation.md:").nth(1).and_then(|r| r.split(':').next()).unwrap().parse().unwrap();
    assert!((open..=open + 3).contains(&line), "line {line} is not in the annotation at {open}:\n{err}");
    assert!(err.contains("expected `,` or `]`"), "{err}");
    assert_rejected(&[("annotation.md", broken.as_bytes())], "G0102", "");
}

#[test]
fn page_without_http_request_section_is_an_error() {
    let page = fs::read_to_string(workspace().join(SEED_PAGE)).unwrap();
    let start = page.find("## HTTP Request").unwrap();
    let end = page.find("## Request headers").unwrap();
    let cut = format!("{}{}", &page[..start], &page[end..]);
    assert_rejected(&[("no-request.md", cut.as_bytes())], "G0201", "1:1");
}

#[test]
fn empty_file_is_an_error() {
    assert_rejected(&[("empty.md", b"")], "G0003", "1:1");
}

#[test]
fn non_utf8_file_is_an_error_at_the_bad_byte() {
    assert_rejected(&[("latin1.md", b"# Caf\xE9\n\nPOST /me\n")], "G0002", "1:6");
}

#[test]
fn unknown_locale_is_a_warning_and_the_page_is_still_used() {
    let dir = tempfile::tempdir().unwrap();
    let api = dir.path().join("docs/xx-yy/api-reference/beta/api");
    fs::create_dir_all(&api).unwrap();
    fs::copy(workspace().join(SEED_PAGE), api.join("page.md")).unwrap();
    let out = generator(&["docs", "--out", "generated"], dir.path());
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(err.contains("warning[G0004]"), "{err}");
    assert!(fs::read_to_string(dir.path().join("generated/model.json")).unwrap().contains("xx-yy"));
}

#[test]
fn check_passes_after_generating_and_fails_after_an_edit() {
    let dir = tempfile::tempdir().unwrap();
    let docs = workspace().join("docs-input");
    let docs = docs.to_str().unwrap();
    assert_eq!(generator(&[docs, "--out", "out"], dir.path()).status.code(), Some(0));
    let ok = generator(&[docs, "--out", "out", "--check"], dir.path());
    assert_eq!(ok.status.code(), Some(0), "{}", stderr(&ok));

    let model = dir.path().join("out/model.json");
    let edited = fs::read_to_string(&model).unwrap().replacen("204", "200", 1);
    fs::write(&model, edited).unwrap();
    let stale = generator(&[docs, "--out", "out", "--check"], dir.path());
    let report = String::from_utf8_lossy(&stale.stdout);
    assert_eq!(stale.status.code(), Some(3), "{report}");
    assert!(report.contains("out of date: model.json"), "{report}");
    assert!(report.contains("-") && report.contains("+"), "{report}");
    assert!(report.contains("cargo run -p generator -- docs-input/"), "{report}");
    // --check changed nothing.
    assert!(fs::read_to_string(&model).unwrap().contains("200"));
}

#[test]
fn help_documents_the_exit_codes() {
    let out = generator(&["--help"], &workspace());
    let help = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0));
    for needle in ["--check", "--out", "Exit codes", "3  --check"] {
        assert!(help.contains(needle), "{needle} missing from:\n{help}");
    }
}

#[test]
fn a_missing_input_folder_is_an_io_error() {
    let out = generator(&["no-such-folder"], &std::env::temp_dir());
    assert_eq!(out.status.code(), Some(4), "{}", stderr(&out));
}

#[test]
fn changelog_exit_status_tells_whether_the_api_changed() {
    let dir = tempfile::tempdir().unwrap();
    let docs = workspace().join("docs-input");
    let docs = docs.to_str().unwrap();
    assert_eq!(generator(&[docs, "--out", "out"], dir.path()).status.code(), Some(0));
    let same = generator(&["changelog", "out/model.json", docs], dir.path());
    assert_eq!(same.status.code(), Some(0), "{}", stderr(&same));
    assert_eq!(String::from_utf8_lossy(&same.stdout).trim(), "No API changes.");

    let model = dir.path().join("out/model.json");
    let text = fs::read_to_string(&model).unwrap();
    let edited = text.replacen("\"code\": 204", "\"code\": 200", 1);
    assert_ne!(text, edited);
    fs::write(&model, edited).unwrap();
    let changed = generator(&["changelog", "out/model.json", docs, "--out", "CHANGES.md"], dir.path());
    assert_eq!(changed.status.code(), Some(1), "{}", stderr(&changed));
    let markdown = fs::read_to_string(dir.path().join("CHANGES.md")).unwrap();
    assert!(markdown.contains("200") && markdown.contains("204"), "{markdown}");
}

/// Every file under `dir`, relative path → contents.
fn tree(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    let mut files = std::collections::BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let rel = path.strip_prefix(dir).unwrap().to_string_lossy().into_owned();
                files.insert(rel, fs::read(&path).unwrap());
            }
        }
    }
    files
}

/// A run killed at any point leaves the old output or the new one, never a mix.
#[test]
fn a_killed_run_leaves_the_old_or_the_new_output() {
    let corpus = workspace().join("../shared/corpus/en-2021/api-reference/v1.0");
    let docs = workspace().join("docs-input");
    let dir = tempfile::tempdir().unwrap();
    let (out, expected) = (dir.path().join("out"), dir.path().join("expected"));
    let run = |input: &Path, to: &Path| {
        let status = Command::new(env!("CARGO_BIN_EXE_generator"))
            .args([input.as_os_str(), "--out".as_ref(), to.as_os_str(), "--keep-going".as_ref(), "-q".as_ref()])
            .stderr(std::process::Stdio::null())
            .status()
            .unwrap();
        assert!(matches!(status.code(), Some(0 | 1)), "{status:?}");
    };
    let started = std::time::Instant::now();
    run(&corpus, &expected);
    let full = started.elapsed();
    let new = tree(&expected);
    run(&docs, &out);
    let old = tree(&out);
    assert_ne!(old, new);

    let (mut saw_old, mut saw_new) = (false, false);
    // Kill points spread over the run, densest near the end where the swap happens.
    for percent in [20u32, 50, 70, 80, 85, 90, 93, 96, 98, 100, 102, 105, 110, 120] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_generator"))
            .args([corpus.as_os_str(), "--out".as_ref(), out.as_os_str(), "--keep-going".as_ref(), "-q".as_ref()])
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(full * percent / 100);
        let _ = child.kill();
        let _ = child.wait();
        let now = tree(&out);
        if now == old {
            saw_old = true;
        } else if now == new {
            saw_new = true;
            run(&docs, &out); // back to the old output for the next kill
        } else {
            let differing = now.keys().filter(|k| old.get(*k) != now.get(*k) && new.get(*k) != now.get(*k)).count();
            panic!("killed at {percent}% of the run: a mix of old and new output ({differing} files match neither)");
        }
    }
    assert!(saw_old, "no kill landed before the swap; the test proved nothing");
    let leftovers: Vec<_> =
        fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    assert!(leftovers.len() <= 3, "staging folders of killed runs pile up: {leftovers:?}");
    println!("kills before the swap left the old output; after it, the new one (seen: {saw_new})");
}

#[test]
fn report_prints_coverage_per_folder_as_text_and_json() {
    let docs = workspace().join("docs-input");
    let docs = docs.to_str().unwrap();
    let text = generator(&["report", docs], &workspace());
    assert_eq!(text.status.code(), Some(0), "{}", stderr(&text));
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(text.contains("operations") && text.contains("G0303"), "{text}");

    let json = generator(&["report", docs, "--json"], &workspace());
    let rows: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let row = &rows[0];
    assert_eq!(row["pagesRead"], 5);
    assert_eq!(row["apiPages"], 5);
    assert_eq!(row["operations"], 3);
    assert_eq!(row["endpoints"], 13);
    assert_eq!(row["diagnostics"]["G0303"], 3);
}

/// The environment's locale and the thread count do not show in the output.
#[test]
fn output_is_the_same_whatever_the_locale_and_threads() {
    let dir = tempfile::tempdir().unwrap();
    let docs = workspace().join("docs-input");
    let mut outputs = Vec::new();
    for (lang, jobs) in [("C", "1"), ("tr_TR.UTF-8", "3"), ("zh_CN.UTF-8", "2")] {
        let out = dir.path().join(format!("out-{jobs}"));
        let status = Command::new(env!("CARGO_BIN_EXE_generator"))
            .args([docs.as_os_str(), "--out".as_ref(), out.as_os_str(), "-j".as_ref(), jobs.as_ref()])
            .env("LC_ALL", lang)
            .env("LANG", lang)
            .status()
            .unwrap();
        assert_eq!(status.code(), Some(0));
        outputs.push(tree(&out));
    }
    assert_eq!(outputs[0], outputs[1]);
    assert_eq!(outputs[0], outputs[2]);
}
