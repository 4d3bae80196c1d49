//! The command line as users run it: exit codes, diagnostics on bad input,
//! --check, a failed run leaving the output folder alone, and what `--out` refuses.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

mod common;
use common::{generator, stderr, workspace};

const SEED_PAGE: &str = "docs-input/en-us/api-reference/beta/api/intune-devices-manageddevice-resetpasscode.md";

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
    // A killed run may leave its staging folder (removed by the next run), the lock file and
    // its record's temporary file (reused by the next run); beside each folder its record (the
    // no-change shortcut); nothing may pile up.
    let leftovers: Vec<_> =
        fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    let staging = leftovers.iter().filter(|name| name.starts_with(".out.tmp-")).count();
    let kept = ["out", "expected", ".out.lock", ".out.cache", ".expected.cache", ".out.cache.tmp"];
    let others = leftovers.iter().filter(|name| !kept.contains(&name.as_str()));
    assert!(staging <= 1 && others.count() == staging, "leftovers of killed runs pile up: {leftovers:?}");
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

/// A generator run whose output must be refused: exit 4, the message, and nothing changed.
fn assert_out_refused(args: &[&str], env: &[(&str, &Path)], watched: &Path, message: &str) {
    let before = snapshot(watched);
    let mut command = Command::new(env!("CARGO_BIN_EXE_generator"));
    command.args(args).current_dir(watched);
    for (key, value) in env {
        command.env(key, value);
    }
    let out = command.output().unwrap();
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(4), "{err}");
    assert!(err.contains(message) && err.contains("nothing was written"), "{err}");
    assert_eq!(snapshot(watched), before, "a refused run changed {}", watched.display());
}

/// Every entry under `dir`, symlinks not followed, with its kind, mode and contents.
fn snapshot(dir: &Path) -> Vec<String> {
    use std::os::unix::fs::{FileTypeExt, PermissionsExt};
    let mut entries = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(path) = stack.pop() {
        let meta = fs::symlink_metadata(&path).unwrap();
        let mode = meta.permissions().mode() & 0o7777;
        let rel = path.strip_prefix(dir).unwrap().display().to_string();
        let t = meta.file_type();
        entries.push(if t.is_symlink() {
            format!("{rel} -> {}", fs::read_link(&path).unwrap().display())
        } else if t.is_fifo() {
            format!("{rel} fifo {mode:o}")
        } else if t.is_dir() {
            stack.extend(fs::read_dir(&path).unwrap().map(|e| e.unwrap().path()));
            format!("{rel}/ {mode:o}")
        } else {
            format!("{rel} {mode:o} {}", String::from_utf8_lossy(&fs::read(&path).unwrap()))
        });
    }
    entries.sort();
    entries
}

/// A user's project as the issue tried it: files named like generated ones, a symlink,
/// an empty folder, a named pipe and a private folder.
fn users_project(dir: &Path) -> PathBuf {
    let project = dir.join("project");
    fs::create_dir_all(project.join("src")).unwrap();
    fs::create_dir_all(project.join("empty")).unwrap();
    fs::create_dir_all(project.join(".ssh")).unwrap();
    fs::write(project.join("Cargo.toml"), "[package]\nname = \"mine\"\n").unwrap();
    fs::write(project.join("src/lib.rs"), "// mine\n").unwrap();
    fs::write(project.join(".ssh/id_ed25519"), "secret").unwrap();
    let private = <fs::Permissions as std::os::unix::fs::PermissionsExt>::from_mode(0o700);
    fs::set_permissions(project.join(".ssh"), private).unwrap();
    std::os::unix::fs::symlink("/nowhere", project.join("link")).unwrap();
    let fifo = Command::new("mkfifo").arg(project.join("fifo")).status().unwrap();
    assert!(fifo.success());
    project
}

#[test]
fn out_naming_a_file_is_refused_and_the_file_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("notes.txt"), "mine").unwrap();
    let docs = workspace().join("docs-input");
    let args = [docs.to_str().unwrap(), "--out", "notes.txt", "--force"];
    let message = "is a file, not a folder, and was left as it was";
    // Nothing beside it either (it used to be moved to a hidden `.notes.txt.tmp-PID`).
    assert_out_refused(&args, &[], dir.path(), message);
    assert_eq!(snapshot(dir.path()).len(), 2, "{:?}", snapshot(dir.path()));
}

#[test]
fn a_folder_the_generator_did_not_write_needs_force_and_keeps_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let project = users_project(dir.path());
    let docs = workspace().join("docs-input");
    let (docs, out) = (docs.to_str().unwrap(), project.to_str().unwrap());
    assert_out_refused(&[docs, "--out", out], &[], dir.path(), "has no .generated-files");

    let before = snapshot(&project);
    let run = generator(&[docs, "--out", out, "--force"], dir.path());
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    // --force replaces the files at the paths the generator writes...
    assert!(fs::read_to_string(project.join("Cargo.toml")).unwrap().contains("graph-client"));
    assert!(fs::read_to_string(project.join("model.json")).unwrap().contains("resetPasscode"));
    // ...and nothing else: the symlink, the empty folder, the pipe, the private folder and its mode.
    let generated = |line: &&String| {
        [
            "/ ",
            "Cargo.toml ",
            "model.json ",
            "permissions.json ",
            "permissions-",
            "rustfmt.toml ",
            ".generated-files ",
            "runtime/",
            "src/",
        ]
        .iter()
        .any(|p| line.starts_with(p))
            && line.as_str() != "src/ 755"
    };
    let kept: Vec<_> = snapshot(&project).into_iter().filter(|l| !generated(&l)).collect();
    let expected: Vec<_> = before.into_iter().filter(|l| !generated(&l)).collect();
    assert_eq!(kept, expected);
    assert!(kept.contains(&".ssh/ 700".to_owned()) && kept.iter().any(|l| l.starts_with("fifo")), "{kept:?}");
}

#[test]
fn the_home_folder_and_system_folders_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let home = users_project(dir.path());
    let docs = workspace().join("docs-input");
    let (docs, out) = (docs.to_str().unwrap(), home.to_str().unwrap());
    assert_out_refused(&[docs, "--out", out, "--force"], &[("HOME", &home)], dir.path(), "your home folder");
    // `--out ~/` written with a trailing slash or through `..` is the same folder.
    let dotted = format!("{out}/src/..");
    assert_out_refused(&[docs, "--out", &dotted, "--force"], &[("HOME", &home)], dir.path(), "your home folder");
    assert_out_refused(&[docs, "--out", "/usr", "--force"], &[], dir.path(), "a system folder");
}

#[test]
fn an_input_folder_without_pages_is_an_error_and_the_output_stays() {
    let dir = tempfile::tempdir().unwrap();
    let docs = workspace().join("docs-input");
    assert_eq!(generator(&[docs.to_str().unwrap(), "--out", "out"], dir.path()).status.code(), Some(0));
    fs::create_dir(dir.path().join("empty")).unwrap();
    let before = snapshot(&dir.path().join("out"));
    let run = generator(&["empty", "--out", "out"], dir.path());
    let err = stderr(&run);
    assert_eq!(run.status.code(), Some(4), "{err}");
    assert!(err.contains("no pages") && err.contains("out was not touched"), "{err}");
    assert_eq!(snapshot(&dir.path().join("out")), before);

    // Pages that document no operation: even with --keep-going, no empty API replaces the output.
    fs::write(dir.path().join("empty/user.md"), "# user resource type\n\nA resource.\n").unwrap();
    let run = generator(&["empty", "--out", "out", "--keep-going"], dir.path());
    let err = stderr(&run);
    assert_eq!(run.status.code(), Some(1), "{err}");
    assert!(err.contains("refusing to write an empty API; out was not touched"), "{err}");
    assert_eq!(snapshot(&dir.path().join("out")), before);
}

#[test]
fn a_second_run_on_the_same_folder_waits_for_the_first() {
    use std::io::BufRead;
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    // The test plays the first run: it holds the lock the generator takes.
    let lock_file = generator::output::target::resolve(&out).unwrap().lock_file();
    let held = generator::output::lock::Lock::acquire(&lock_file, None).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_generator"))
        .args([workspace().join("docs-input").as_os_str(), "--out".as_ref(), out.as_os_str()])
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let (lines, received) = std::sync::mpsc::channel();
    let stderr = child.stderr.take().unwrap();
    std::thread::spawn(move || {
        for line in std::io::BufReader::new(stderr).lines() {
            let _ = lines.send(line.unwrap());
        }
    });
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(120);
    let waiting = loop {
        let left = deadline.saturating_duration_since(std::time::Instant::now());
        match received.recv_timeout(left) {
            Ok(line) if line.contains("waiting for another generator run") => break line,
            Ok(_) => continue,
            Err(e) => panic!("the second run never said it waits: {e}"),
        }
    };
    assert!(waiting.contains(".out.lock"), "{waiting}");
    std::thread::sleep(std::time::Duration::from_millis(200));
    assert!(child.try_wait().unwrap().is_none() && !out.exists(), "the second run wrote while the lock was held");
    drop(held);
    assert_eq!(child.wait().unwrap().code(), Some(0));
    assert!(out.join("model.json").exists());
    assert!(!lock_file.exists(), "the lock file is removed after the run");
}

#[test]
fn diagnostics_that_repeat_are_printed_once_unless_verbose() {
    // Pages that each have an annotation key the generator does not know: one warning of one
    // shape per page, with a different key each; and two empty pages, one error each.
    let page = fs::read_to_string(workspace().join(SEED_PAGE)).unwrap();
    let keyed: Vec<(String, String)> = (0..5)
        .map(|i| {
            let key = format!("\"blockType\": \"ignored\", \"key{i}\": true");
            (format!("keyed{i}.md"), page.replacen("\"blockType\": \"ignored\"", &key, 1))
        })
        .collect();
    assert!(keyed.iter().all(|(_, text)| *text != page));
    let mut extra: Vec<(&str, &[u8])> = keyed.iter().map(|(name, text)| (name.as_str(), text.as_bytes())).collect();
    extra.extend([("empty1.md", &b""[..]), ("empty2.md", &b""[..])]);
    let dir = docs_with(&extra);
    let run = |flags: &[&str]| {
        let mut args = vec!["docs", "--out", "generated", "--keep-going"];
        args.extend(flags);
        stderr(&generator(&args, dir.path()))
    };
    let headers = |out: &str, prefix: &str| out.lines().filter(|l| l.starts_with(prefix)).count();

    let grouped = run(&[]);
    assert_eq!(headers(&grouped, "warning[G0103]: unknown annotation key"), 1, "{grouped}");
    assert!(grouped.contains("= and 4 more on 4 pages: "), "{grouped}");
    assert_eq!(headers(&grouped, "error[G0003]"), 1, "{grouped}");
    assert!(grouped.contains("= and 1 more on 1 page: "), "{grouped}");
    // Errors come first, then the table counts every diagnostic and page.
    assert!(grouped.find("error[G0003]").unwrap() < grouped.find("warning[G0103]").unwrap(), "{grouped}");
    let row = |out: &str, code: &str| -> Vec<String> {
        let line = out.lines().find(|l| l.starts_with(code)).unwrap_or_else(|| panic!("no {code} row:\n{out}"));
        line.split_whitespace().take(4).map(str::to_owned).collect()
    };
    assert_eq!(row(&grouped, "G0003"), ["G0003", "error", "2", "2"], "{grouped}");
    assert_eq!(row(&grouped, "G0103"), ["G0103", "warning", "5", "5"], "{grouped}");

    let every = run(&["-v"]);
    assert_eq!(headers(&every, "warning[G0103]"), keyed.len(), "{every}");
    assert_eq!(headers(&every, "error[G0003]"), 2, "{every}");
    assert!(!every.contains("more on"), "{every}");

    let json = run(&["--diagnostics", "json"]);
    assert_eq!(json.lines().filter(|l| l.contains("\"code\":\"G0103\"")).count(), keyed.len(), "{json}");

    // -q: errors only, still grouped.
    let quiet = run(&["-q"]);
    assert_eq!(headers(&quiet, "error[G0003]"), 1, "{quiet}");
    assert!(!quiet.contains("G0103"), "{quiet}");
    assert_eq!(headers(&run(&["-q", "-v"]), "error[G0003]"), 2);
}
