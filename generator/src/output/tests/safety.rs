//! The output folder is the generator's alone: what it refuses, what it never touches.

use super::super::target::{is_system_folder, resolve};
use super::super::tree::is_mount_point_or_device_root;
use super::super::*;
use super::file;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::PathBuf;
use std::time::Duration;

fn mode(path: &Path) -> u32 {
    fs::symlink_metadata(path).unwrap().permissions().mode() & 0o7777
}

fn mkfifo(path: &Path) {
    use rustix::fs::{mknodat, FileType, Mode, CWD};
    mknodat(CWD, path, FileType::Fifo, Mode::from_raw_mode(0o644), 0).unwrap();
}

/// Every entry under `dir` (not following symlinks): relative path → what it is, its mode and contents.
fn snapshot(dir: &Path) -> Vec<(String, String)> {
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .map(|e| {
            let e = e.unwrap();
            let rel = e.path().strip_prefix(dir).unwrap().display().to_string();
            let t = e.file_type();
            let what = if t.is_symlink() {
                format!("link -> {}", fs::read_link(e.path()).unwrap().display())
            } else if t.is_file() {
                format!("file {:o} {:?}", mode(e.path()), fs::read_to_string(e.path()).unwrap())
            } else {
                format!("{} {:o}", tree::describe(&t), mode(e.path()))
            };
            (rel, what)
        })
        .collect()
}

fn generation(b: &str) -> Vec<GeneratedFile> {
    with_manifest(vec![file("Cargo.toml", "[package]\n"), file("src/lib.rs", "a\n"), file("src/b.rs", b)])
}

/// A managed folder, then hostile things put in it by hand.
fn managed_folder_with_foreign_things(root: &Path) -> PathBuf {
    let out = root.join("generated");
    write(&out, &generation("b\n")).unwrap();
    fs::create_dir(out.join("empty")).unwrap();
    fs::create_dir(out.join(".ssh")).unwrap();
    fs::write(out.join(".ssh/id"), "secret").unwrap();
    fs::set_permissions(out.join(".ssh"), fs::Permissions::from_mode(0o700)).unwrap();
    fs::set_permissions(out.join("src"), fs::Permissions::from_mode(0o750)).unwrap();
    std::os::unix::fs::symlink(root.join("elsewhere"), out.join("link")).unwrap();
    mkfifo(&out.join("fifo"));
    fs::write(out.join("src/mine.rs"), "mine").unwrap();
    out
}

#[test]
fn never_deletes_replaces_or_re_modes_what_it_did_not_write() {
    let dir = tempfile::tempdir().unwrap();
    let out = managed_folder_with_foreign_things(dir.path());
    let foreign = |snap: Vec<(String, String)>| -> Vec<(String, String)> {
        snap.into_iter()
            .filter(|(rel, _)| {
                !matches!(rel.as_str(), "" | "Cargo.toml" | "src/lib.rs" | "src/b.rs" | ".generated-files")
            })
            .collect()
    };
    let before = foreign(snapshot(&out));
    let out_inode = fs::metadata(&out).unwrap().ino();

    // One file changes, one is no longer generated.
    let next = with_manifest(vec![file("Cargo.toml", "[package]\n"), file("src/b.rs", "B\n")]);
    let summary = write(&out, &next).unwrap();
    assert_eq!(summary.written, vec![MANIFEST, "src/b.rs"]);
    assert_eq!(summary.removed, vec!["src/lib.rs"]);
    assert_eq!(fs::read_to_string(out.join("src/b.rs")).unwrap(), "B\n");
    assert!(!out.join("src/lib.rs").exists());
    assert_eq!(foreign(snapshot(&out)), before, "something the generator did not write changed");
    assert_eq!(mode(&out.join(".ssh")), 0o700);
    assert_eq!(mode(&out.join("src")), 0o750);
    assert_eq!(fs::metadata(&out).unwrap().ino(), out_inode, "the folder itself must stay");
    assert!(check(&out, &next).is_empty());
    // No temporary file is left anywhere.
    assert!(!snapshot(&out).iter().any(|(rel, _)| rel.contains("generator-tmp")), "{:?}", snapshot(&out));
}

#[test]
fn a_folder_of_owned_files_only_is_swapped_and_keeps_its_modes() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("generated");
    write(&out, &generation("b\n")).unwrap();
    fs::set_permissions(&out, fs::Permissions::from_mode(0o700)).unwrap();
    fs::set_permissions(out.join("src"), fs::Permissions::from_mode(0o750)).unwrap();
    let inode = fs::metadata(&out).unwrap().ino();
    write(&out, &generation("B\n")).unwrap();
    assert_ne!(fs::metadata(&out).unwrap().ino(), inode, "expected the whole-folder swap here");
    assert_eq!(mode(&out), 0o700);
    assert_eq!(mode(&out.join("src")), 0o750);
    assert_eq!(fs::read_to_string(out.join("src/b.rs")).unwrap(), "B\n");
}

#[test]
fn a_non_empty_folder_without_manifest_is_refused_unless_forced() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("project");
    fs::create_dir_all(out.join("src")).unwrap();
    fs::write(out.join("README.md"), "mine").unwrap();
    // Refused though nothing in it sits where the generator writes: the folder is not its own.
    let before = snapshot(&out);
    let err = write(&out, &generation("b\n")).unwrap_err();
    assert_eq!(err.kind, ErrorKind::Refused, "{err}");
    let message = err.to_string();
    assert!(message.contains(&format!("has no {MANIFEST}")) && message.contains("--force"), "{message}");
    assert!(message.ends_with("nothing was written"), "{message}");
    assert_eq!(snapshot(&out), before);
    assert_eq!(preflight(&out, false).unwrap_err().to_string(), message, "the command line refuses up front");
    fs::write(out.join("Cargo.toml"), "mine").unwrap();

    // --force: the generator's paths are written (Cargo.toml replaced), nothing else changes.
    let forced = Options { force: true, on_wait: None };
    write_with(&out, &generation("b\n"), &forced).unwrap();
    assert_eq!(fs::read_to_string(out.join("Cargo.toml")).unwrap(), "[package]\n");
    assert_eq!(fs::read_to_string(out.join("README.md")).unwrap(), "mine");
    assert!(tree::read_manifest(&out).unwrap().contains("Cargo.toml"));
    assert!(!tree::read_manifest(&out).unwrap().contains("README.md"));

    // An empty folder needs no --force.
    let empty = dir.path().join("empty");
    fs::create_dir(&empty).unwrap();
    write(&empty, &generation("b\n")).unwrap();
}

#[test]
fn an_unowned_file_where_a_new_file_goes_is_refused_unless_forced() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("generated");
    write(&out, &generation("b\n")).unwrap();
    fs::write(out.join("src/new.rs"), "mine").unwrap();
    let mut next = generation("b\n");
    next.push(file("src/new.rs", "generated"));
    let next = with_manifest(next);
    let err = write(&out, &next).unwrap_err();
    assert!(err.to_string().contains("src/new.rs"), "{err}");
    assert_eq!(fs::read_to_string(out.join("src/new.rs")).unwrap(), "mine");
    write_with(&out, &next, &Options { force: true, on_wait: None }).unwrap();
    assert_eq!(fs::read_to_string(out.join("src/new.rs")).unwrap(), "generated");
}

#[test]
fn symlinks_folders_and_pipes_at_generated_paths_are_refused_even_forced() {
    let forced = Options { force: true, on_wait: None };
    for (what, plant) in [
        (
            "a symbolic link",
            &(|out: &Path, outside: &Path| std::os::unix::fs::symlink(outside, out.join("src")).unwrap())
                as &dyn Fn(&Path, &Path),
        ),
        ("a symbolic link", &|out: &Path, outside: &Path| {
            fs::create_dir(out.join("src")).unwrap();
            std::os::unix::fs::symlink(outside.join("lib.rs"), out.join("src/lib.rs")).unwrap();
        }),
        ("a named pipe", &|out: &Path, _: &Path| mkfifo(&out.join("Cargo.toml"))),
        ("a folder", &|out: &Path, _: &Path| fs::create_dir_all(out.join("Cargo.toml/x")).unwrap()),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let (out, outside) = (dir.path().join("out"), dir.path().join("outside"));
        fs::create_dir_all(&outside).unwrap();
        fs::write(outside.join("lib.rs"), "outside").unwrap();
        fs::create_dir(&out).unwrap();
        plant(&out, &outside);
        let before = (snapshot(&out), snapshot(&outside));
        let err = write_with(&out, &generation("b\n"), &forced).unwrap_err();
        assert_eq!(err.kind, ErrorKind::Refused, "{err}");
        assert!(err.to_string().contains(what), "{what}: {err}");
        assert_eq!((snapshot(&out), snapshot(&outside)), before, "{what}");
    }
}

#[test]
fn manifest_entries_outside_the_folder_are_never_removed() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("generated");
    write(&out, &generation("b\n")).unwrap();
    let victim = dir.path().join("victim.txt");
    fs::write(&victim, "keep").unwrap();
    let mut manifest = fs::read_to_string(out.join(MANIFEST)).unwrap();
    manifest.push_str(&format!("../victim.txt\n{}\n", victim.display()));
    fs::write(out.join(MANIFEST), manifest).unwrap();
    write(&out, &generation("B\n")).unwrap();
    assert_eq!(fs::read_to_string(&victim).unwrap(), "keep");
}

#[test]
fn a_failed_file_by_file_write_leaves_the_folder_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let out = managed_folder_with_foreign_things(dir.path());
    let before = snapshot(&out);
    // The temporary file beside a 250-byte name has a name too long to create: the write fails midway.
    let mut bad = generation("B\n");
    bad.push(file(&format!("src/{}", "x".repeat(250)), "x"));
    let err = write(&out, &with_manifest(bad)).unwrap_err();
    assert_eq!(err.kind, ErrorKind::Failed);
    assert!(err.to_string().contains("is left as it was"), "{err}");
    assert_eq!(snapshot(&out), before);
}

#[test]
fn refuses_a_file_a_mount_point_and_system_folders() {
    let dir = tempfile::tempdir().unwrap();
    let file_path = dir.path().join("notes.txt");
    fs::write(&file_path, "mine").unwrap();
    let err = write(&file_path, &generation("b\n")).unwrap_err();
    assert!(err.to_string().contains("is a file, not a folder"), "{err}");
    assert_eq!(fs::read_to_string(&file_path).unwrap(), "mine");
    let names: Vec<_> = fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(names, vec!["notes.txt"], "nothing may be created beside it");

    let home = dir.path().join("home");
    fs::create_dir(&home).unwrap();
    for system in ["/", "/usr", "/etc", "/tmp"] {
        assert!(is_system_folder(Path::new(system), None), "{system}");
    }
    assert!(is_system_folder(&home, Some(&home)));
    assert!(!is_system_folder(&home, None));
    assert!(!is_system_folder(Path::new("/usr/src/project"), None));

    assert!(is_mount_point_or_device_root(Path::new("/proc")));
    assert!(!is_mount_point_or_device_root(dir.path()));
    // A mount point that is not a system folder (/dev/shm, /dev/pts... in any Linux).
    let mount_points = fs::read_to_string("/proc/self/mountinfo").unwrap();
    let mount_point = mount_points
        .lines()
        .filter_map(|l| l.split(' ').nth(4))
        .map(Path::new)
        .find(|p| p.is_dir() && !is_system_folder(p, None) && p.starts_with("/dev"))
        .expect("a mount point under /dev");
    let err = resolve(mount_point).unwrap_err();
    assert!(err.to_string().contains("mount point"), "{err}");
}

#[test]
fn a_second_lock_waits_until_the_first_is_released() {
    use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
    use std::sync::Arc;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(".generated.lock");
    let first = lock::Lock::acquire(&path, None).unwrap();
    let (told, waited) = std::sync::mpsc::channel();
    let second = {
        let path = path.clone();
        std::thread::spawn(move || {
            let on_wait = move |_: &Path| told.send(()).unwrap();
            lock::Lock::acquire(&path, Some(&on_wait)).unwrap()
        })
    };
    waited.recv_timeout(Duration::from_secs(30)).expect("the second run must say it waits");
    std::thread::sleep(Duration::from_millis(50));
    assert!(!second.is_finished(), "the second lock was taken while the first was held");
    drop(first);
    drop(second.join().unwrap());
    assert!(!path.exists(), "the lock file is removed when released");

    // Many takers, removing and re-creating the file: never two inside at once.
    let inside = Arc::new(AtomicBool::new(false));
    let entries = Arc::new(AtomicUsize::new(0));
    let threads: Vec<_> = (0..8)
        .map(|_| {
            let (path, inside, entries) = (path.clone(), inside.clone(), entries.clone());
            std::thread::spawn(move || {
                for _ in 0..25 {
                    let _held = lock::Lock::acquire(&path, None).unwrap();
                    assert!(!inside.swap(true, Ordering::SeqCst), "two holders at once");
                    entries.fetch_add(1, Ordering::SeqCst);
                    std::thread::yield_now();
                    inside.store(false, Ordering::SeqCst);
                }
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
    assert_eq!(entries.load(Ordering::SeqCst), 200);
}

#[test]
fn runs_waiting_on_the_lock_see_what_the_run_before_them_wrote() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("generated");
    // Both runs find no folder, then wait: the first to get the lock creates it.
    let held = lock::Lock::acquire(&target::resolve(&out).unwrap().lock_file(), None).unwrap();
    let (waiting, waited) = std::sync::mpsc::channel();
    let runs: Vec<_> = ["one\n", "two\n"]
        .into_iter()
        .map(|b| {
            let (out, waiting) = (out.clone(), waiting.clone());
            std::thread::spawn(move || {
                let on_wait = move |_: &Path| waiting.send(()).unwrap();
                write_with(&out, &generation(b), &Options { force: false, on_wait: Some(&on_wait) })
            })
        })
        .collect();
    for _ in 0..2 {
        waited.recv_timeout(Duration::from_secs(30)).expect("both runs wait for the lock");
    }
    drop(held);
    for run in runs {
        run.join().unwrap().unwrap();
    }
    let b = fs::read_to_string(out.join("src/b.rs")).unwrap();
    assert!(b == "one\n" || b == "two\n", "{b}");
    assert!(check(&out, &generation(&b)).is_empty(), "the output is one run's, whole");
    let names: Vec<_> = fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(names, vec!["generated"], "no staging folder or lock file is left");
}

#[test]
fn a_write_failing_while_renaming_says_which_files_are_new() {
    let dir = tempfile::tempdir().unwrap();
    let out = managed_folder_with_foreign_things(dir.path());
    let foreign_before: Vec<_> = snapshot(&out).into_iter().filter(|(rel, _)| rel.starts_with(".ssh")).collect();
    // `x` and `x/inner` both new: staging them works, but `x` cannot be renamed over the folder `x/`.
    let mut bad = generation("B\n");
    bad.extend([file("x", "x"), file("x/inner", "inner")]);
    let err = write(&out, &with_manifest(bad)).unwrap_err();
    assert_eq!(err.kind, ErrorKind::Failed);
    assert!(err.to_string().contains("1 of 3 changed files were replaced"), "{err}");
    assert!(err.to_string().contains("mixes old and new files"), "{err}");
    assert_eq!(fs::read_to_string(out.join("src/b.rs")).unwrap(), "B\n", "the one replaced file");
    let owned = tree::read_manifest(&out).unwrap();
    assert!(owned.contains("x") && owned.contains("src/lib.rs"), "the manifest owns old and new: {owned:?}");
    assert!(!snapshot(&out).iter().any(|(rel, _)| rel.contains("generator-tmp")), "{:?}", snapshot(&out));
    let foreign_after: Vec<_> = snapshot(&out).into_iter().filter(|(rel, _)| rel.starts_with(".ssh")).collect();
    assert_eq!(foreign_after, foreign_before);
}

/// Unmounts when dropped, so a failing assertion does not leave a mount behind.
struct Mounted(PathBuf);

impl Drop for Mounted {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount").arg("-l").arg(&self.0).status();
    }
}

#[test]
#[ignore = "needs root to mount a tmpfs: run with `cargo test -p generator --lib -- --ignored mounted`"]
fn a_filesystem_mounted_inside_stays_mounted_and_full() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("generated");
    write(&out, &generation("b\n")).unwrap();
    // `src` becomes a mount holding exactly the owned files: only the mount makes the folder foreign.
    let saved: Vec<_> = ["src/lib.rs", "src/b.rs"].map(|p| (p, fs::read(out.join(p)).unwrap())).into();
    let status = std::process::Command::new("mount").args(["-t", "tmpfs", "none"]).arg(out.join("src")).status();
    assert!(status.is_ok_and(|s| s.success()), "mount failed: this test needs root");
    let _mounted = Mounted(out.join("src"));
    for (path, bytes) in &saved {
        fs::write(out.join(path), bytes).unwrap();
    }
    write(&out, &generation("B\n")).unwrap();
    assert_eq!(tree::is_mount_point(&out.join("src")), Some(true), "the mount was swapped away");
    assert_eq!(fs::read_to_string(out.join("src/b.rs")).unwrap(), "B\n");
    assert_eq!(fs::read_to_string(out.join("src/lib.rs")).unwrap(), "a\n");
    let err = resolve(&out.join("src")).unwrap_err();
    assert!(err.to_string().contains("mount point"), "{err}");
}
