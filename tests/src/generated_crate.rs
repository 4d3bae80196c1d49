//! A client crate generated from a docs folder and tested as a cargo project of its own, so
//! that tests run the generated code instead of only reading it.
//!
//! The crate is written to a temporary folder; [`GeneratedCrate::cargo_test`] builds it with
//! the cargo that runs us, offline, warnings as errors, into a target folder that persists
//! under the workspace's (dependencies are built once, then reused by every later run).

use std::fs;
use std::path::{Component, Path, PathBuf};
use std::process::Command;

use generator::model::Model;
use generator::pipeline;
use tempfile::TempDir;
use toml_edit::{DocumentMut, Item, Table};

use crate::workspace;

/// A generated client crate in a temporary folder (removed on drop).
pub struct GeneratedCrate {
    dir: TempDir,
}

/// A `cargo test` run in which every test passed.
#[derive(Debug)]
pub struct TestRun {
    /// Tests that passed, summed over every test binary (`test result: ok. N passed`).
    pub passed: usize,
    /// What cargo and the tests printed (stderr, then stdout).
    pub output: String,
}

impl GeneratedCrate {
    /// Generates the client crate of every page under `docs` (a docs root, as the
    /// generator's command line takes). Pages with errors are left out, as with
    /// `--keep-going`; a folder that yields no operation is an error.
    pub fn from_docs(docs: &Path) -> Result<Self, String> {
        let run = pipeline::run(docs, 0).map_err(|e| format!("cannot read {}: {e}", docs.display()))?;
        if run.model.operations.is_empty() {
            return Err(format!("{} documents no operation", docs.display()));
        }
        Self::from_model(&run.model)
    }

    /// Writes the crate `model` generates, made a workspace of its own (so cargo never takes
    /// it for a member of an enclosing one) and given a copy of our `Cargo.lock` (so an
    /// offline build finds the versions the workspace build already downloaded).
    pub fn from_model(model: &Model) -> Result<Self, String> {
        let dir = tempfile::Builder::new()
            .prefix("generated-crate-")
            .tempdir()
            .map_err(|e| format!("cannot create a temporary folder: {e}"))?;
        let krate = GeneratedCrate { dir };
        for file in pipeline::emit(model) {
            krate.add_file(&file.path, &file.contents)?;
        }
        let mut manifest = krate.manifest()?;
        if !manifest.contains_key("workspace") {
            manifest.insert("workspace", Item::Table(Table::new()));
        }
        krate.write_manifest(&manifest)?;
        let lock = workspace().join("Cargo.lock");
        fs::copy(&lock, krate.path().join("Cargo.lock")).map_err(|e| format!("cannot copy {}: {e}", lock.display()))?;
        Ok(krate)
    }

    /// The crate's folder.
    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Writes `contents` to `relative` (say `tests/loopback.rs`), creating folders.
    pub fn add_file(&self, relative: &str, contents: &str) -> Result<(), String> {
        let inside = Path::new(relative).components().all(|c| matches!(c, Component::Normal(_)));
        if !inside {
            return Err(format!("{relative:?} is not a plain path inside the crate"));
        }
        let path = self.path().join(relative);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
        }
        fs::write(&path, contents).map_err(|e| format!("cannot write {}: {e}", path.display()))
    }

    /// Adds dev-dependencies, each with the specification the workspace gives it (in
    /// `[workspace.dependencies]`, else in this crate's own manifest), so that versions and
    /// features are stated in one place and the build reuses what the workspace built.
    pub fn add_dev_dependencies(&self, names: &[&str]) -> Result<(), String> {
        let workspace_manifest = read_manifest(&workspace().join("Cargo.toml"))?;
        let own_manifest = read_manifest(&Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.toml"))?;
        let mut manifest = self.manifest()?;
        let dev = manifest
            .entry("dev-dependencies")
            .or_insert(Item::Table(Table::new()))
            .as_table_mut()
            .ok_or("the generated Cargo.toml has a `dev-dependencies` that is not a table")?;
        for name in names {
            let spec = workspace_dependency(&workspace_manifest, name)
                .or_else(|| own_dependency(&own_manifest, name))
                .ok_or_else(|| format!("no version of `{name}` in the workspace's manifests"))?;
            dev.insert(name, spec);
        }
        self.write_manifest(&manifest)
    }

    /// Runs `cargo test --offline` on the crate with `args` appended (say `["--test",
    /// "loopback"]`), warnings denied. `Err` holds cargo's output when the crate does not
    /// build or a test fails.
    pub fn cargo_test(&self, args: &[&str]) -> Result<TestRun, String> {
        let cargo = std::env::var_os("CARGO").unwrap_or_else(|| option_env!("CARGO").unwrap_or("cargo").into());
        // Warnings are errors in the generated code and the tests added to it; dependencies
        // are not affected (cargo caps their lints).
        let rustflags = match std::env::var("RUSTFLAGS") {
            Ok(flags) if !flags.trim().is_empty() => format!("{flags} -D warnings"),
            _ => "-D warnings".to_owned(),
        };
        let output = Command::new(&cargo)
            .arg("test")
            .arg("--offline")
            .arg("--target-dir")
            .arg(target_dir())
            .args(args)
            .current_dir(self.path())
            .env("RUSTFLAGS", rustflags)
            .env("CARGO_TERM_COLOR", "never")
            .output()
            .map_err(|e| format!("cannot run {}: {e}", Path::new(&cargo).display()))?;
        let text = format!("{}{}", String::from_utf8_lossy(&output.stderr), String::from_utf8_lossy(&output.stdout));
        if !output.status.success() {
            return Err(format!("`cargo test` of the generated crate failed ({}):\n{text}", output.status));
        }
        Ok(TestRun { passed: passed_tests(&text), output: text })
    }

    fn manifest(&self) -> Result<DocumentMut, String> {
        read_manifest(&self.path().join("Cargo.toml"))
    }

    fn write_manifest(&self, manifest: &DocumentMut) -> Result<(), String> {
        self.add_file("Cargo.toml", &manifest.to_string())
    }
}

/// Where generated crates are built: `generated-crates/` in the workspace's target folder
/// (`CARGO_TARGET_DIR`, a relative one read from the workspace root, else `target/`). Not
/// the target folder itself, whose lock the running `cargo test` holds.
pub fn target_dir() -> PathBuf {
    let target = match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) if !dir.is_empty() => workspace().join(dir),
        _ => workspace().join("target"),
    };
    target.join("generated-crates")
}

/// The number of passed tests in `cargo test` output, summed over its `test result:` lines.
pub fn passed_tests(output: &str) -> usize {
    output
        .lines()
        .filter_map(|line| line.strip_prefix("test result: ok. "))
        .filter_map(|rest| rest.split_once(" passed")?.0.parse::<usize>().ok())
        .sum()
}

fn read_manifest(path: &Path) -> Result<DocumentMut, String> {
    let text = fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    text.parse().map_err(|e| format!("{} is not valid TOML: {e}", path.display()))
}

fn workspace_dependency(manifest: &DocumentMut, name: &str) -> Option<Item> {
    manifest.get("workspace")?.get("dependencies")?.get(name).cloned()
}

/// `name` from this crate's `[dependencies]` or `[dev-dependencies]`, unless it points into
/// the workspace (`workspace = true`, `path = ...`), which means nothing in another folder.
fn own_dependency(manifest: &DocumentMut, name: &str) -> Option<Item> {
    ["dependencies", "dev-dependencies"].iter().find_map(|table| {
        let spec = manifest.get(table)?.get(name)?;
        let relative = spec.get("workspace").is_some() || spec.get("path").is_some();
        (!relative).then(|| spec.clone())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passed_tests_sums_every_binary() {
        let output = "running 0 tests\n\ntest result: ok. 0 passed; 0 failed; 0 ignored\n\
                      running 3 tests\ntest result: ok. 3 passed; 0 failed; 1 ignored; 0 measured\n\
                      test result: ok. 2 passed; 0 failed\n";
        assert_eq!(passed_tests(output), 5);
        assert_eq!(passed_tests("test result: FAILED. 2 passed; 1 failed\n"), 0);
    }

    #[test]
    fn dev_dependencies_come_from_the_workspace_or_this_crate() {
        let workspace_manifest = read_manifest(&workspace().join("Cargo.toml")).unwrap();
        let own = read_manifest(&Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.toml")).unwrap();
        let wiremock = workspace_dependency(&workspace_manifest, "wiremock").unwrap();
        assert!(wiremock.as_str().is_some_and(|v| v.starts_with("0.")), "{wiremock}");
        assert!(own_dependency(&own, "futures-util").is_some());
        // `generator = { path = "../generator" }` means nothing in another folder.
        assert!(own_dependency(&own, "generator").is_none());
        assert!(workspace_dependency(&workspace_manifest, "no-such-crate").is_none());
    }

    #[test]
    fn files_stay_inside_the_crate() {
        let krate = GeneratedCrate { dir: tempfile::tempdir().unwrap() };
        for bad in ["../escape.rs", "/etc/passwd", "tests/../../x"] {
            assert!(krate.add_file(bad, "").is_err(), "{bad}");
        }
        krate.add_file("tests/a/b.rs", "// b").unwrap();
        assert_eq!(fs::read_to_string(krate.path().join("tests/a/b.rs")).unwrap(), "// b");
    }
}
