//! Writing the generated files, or checking that they are up to date.
//!
//! The output folder is the generator's alone. A manifest ([`MANIFEST`]) lists the
//! files it owns; it never deletes, replaces or re-modes anything else. Before
//! anything is written, [`target::resolve`] refuses a path that is a file, a mount
//! point or a system folder, and a non-empty folder without a manifest is refused
//! unless `force`. A lock file beside the folder ([`lock`]) keeps two runs from
//! interleaving.
//!
//! Two ways to write, chosen under the lock:
//! - `swap`: when the folder holds nothing but owned files, the new tree is built
//!   beside it and exchanged with one atomic rename: a run killed at any point
//!   leaves either the old or the new output.
//! - `in_place`: otherwise, only owned files are touched: each changed file is
//!   written to a temporary file beside its target, then all are renamed into place.
//!   A run killed while renaming can leave some files new and some old: `--check`
//!   reports it and the next run repairs it.
//!
//! Either way, unchanged files are not rewritten, so they keep their modification
//! time and cargo does not rebuild them.

mod in_place;
pub mod lock;
mod swap;
pub mod target;
mod tree;

use crate::model::GeneratedFile;
use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;
use tree::Entry;

/// The manifest of owned files, itself owned.
pub const MANIFEST: &str = ".generated-files";

/// Adds the manifest to the emitted files and sorts them.
pub fn with_manifest(mut files: Vec<GeneratedFile>) -> Vec<GeneratedFile> {
    files.retain(|f| f.path != MANIFEST);
    let contents = listing(files.iter().map(|f| f.path.as_str()).collect());
    files.push(GeneratedFile { path: MANIFEST.to_owned(), contents });
    files.sort();
    files
}

/// The manifest's text for these owned paths (the manifest itself added).
fn listing(mut paths: BTreeSet<&str>) -> String {
    paths.insert(MANIFEST);
    let mut text =
        String::from("# Files written by the generator (cargo run -p generator -- docs-input/). Do not edit.\n");
    for path in paths {
        text.push_str(path);
        text.push('\n');
    }
    text
}

/// What a write did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct WriteSummary {
    pub written: Vec<String>,
    pub unchanged: usize,
    pub removed: Vec<String>,
    /// Owned files no longer generated that were left because something else now sits there
    /// (a symlink, a folder...): the generator does not remove what it did not write.
    pub kept: Vec<String>,
}

impl WriteSummary {
    pub fn changed(&self) -> bool {
        !self.written.is_empty() || !self.removed.is_empty()
    }
}

/// How to write.
#[derive(Default)]
pub struct Options<'a> {
    /// Take over a non-empty folder without a manifest, and replace regular files the
    /// generator does not own at the paths it writes. Nothing else: no deletion of
    /// unowned files, no symlink, folder or special file replaced or written through.
    pub force: bool,
    /// Called once, with the lock file, when another run holds the lock and this one waits.
    pub on_wait: Option<&'a dyn Fn(&Path)>,
}

/// Why a write did not happen, or did not finish; the message says what was left where.
#[derive(Debug)]
pub struct Error {
    pub kind: ErrorKind,
    message: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// The output path or what is in it is not the generator's to write: nothing was touched.
    Refused,
    /// Writing failed; the message says what state the folder is in.
    Failed,
}

impl Error {
    fn refused(path: &Path, why: impl std::fmt::Display) -> Error {
        let message = format!("refusing to write to {}: {why}; nothing was written", path.display());
        Error { kind: ErrorKind::Refused, message }
    }

    fn failed(what: impl std::fmt::Display, left: impl std::fmt::Display) -> Error {
        Error { kind: ErrorKind::Failed, message: format!("{what}; {left}") }
    }
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}

/// Checks, without taking the lock or changing anything, that `out` may be written:
/// lets the command line refuse before the (long) run rather than after it.
pub fn preflight(out: &Path, force: bool) -> Result<(), Error> {
    let target = target::resolve(out)?;
    target::check_ownership(&target, force)
}

/// Replaces the owned files in `out` by `files` (which should include the manifest).
pub fn write(out: &Path, files: &[GeneratedFile]) -> Result<WriteSummary, Error> {
    write_with(out, files, &Options::default())
}

/// [`write()`], with options.
pub fn write_with(out: &Path, files: &[GeneratedFile], options: &Options) -> Result<WriteSummary, Error> {
    let target = target::resolve(out)?;
    let _lock = lock::Lock::acquire(&target.lock_file(), options.on_wait).map_err(|e| {
        Error::failed(
            format!("cannot lock {}: {e}", target.lock_file().display()),
            format!("{} was not touched", target.path.display()),
        )
    })?;
    // Checked again under the lock: another run may have created or changed the folder meanwhile.
    let locked = target::resolve(out)?;
    if locked.path != target.path {
        return Err(Error::refused(
            out,
            format!("it now resolves to {}, not the folder locked", locked.path.display()),
        ));
    }
    let target = locked;
    target::check_ownership(&target, options.force)?;
    let plan = plan(&target, files, options.force)?;
    if !plan.summary.changed() {
        return Ok(plan.summary);
    }
    let owned_only = target.exists
        && tree::holds_only_owned(&target.path, &plan.old_owned).map_err(|e| {
            Error::failed(
                format!("cannot read {}: {e}", target.path.display()),
                format!("{} was not touched", target.path.display()),
            )
        })?;
    if !target.exists || owned_only {
        swap::write(&target, files, &plan)?;
    } else {
        in_place::write(&target, files, &plan)?;
    }
    Ok(plan.summary)
}

/// Whether writing files at `paths` (the manifest among them) into `out` would change
/// nothing: each is there, a regular file reached through real folders, with contents that
/// `same` (given its index in `paths` and the bytes) accepts. Checked under the lock, so that
/// no run writes meanwhile, and refused as [`write_with`] refuses. The caller vouches that the
/// manifest it expects lists exactly `paths`: then nothing would be removed either.
pub fn unchanged(
    out: &Path,
    paths: &[String],
    options: &Options,
    same: &(dyn Fn(usize, &[u8]) -> bool + Sync),
) -> Result<bool, Error> {
    let target = target::resolve(out)?;
    if !target.exists || !paths.iter().any(|p| p == MANIFEST) {
        return Ok(false);
    }
    let _lock = lock::Lock::acquire(&target.lock_file(), options.on_wait).map_err(|e| {
        Error::failed(format!("cannot lock {}: {e}", target.lock_file().display()), "nothing was touched")
    })?;
    let locked = target::resolve(out)?;
    if locked.path != target.path || !locked.exists {
        return Ok(false);
    }
    target::check_ownership(&locked, options.force)?;
    use rayon::prelude::*;
    Ok(paths.par_iter().enumerate().all(|(i, rel)| {
        matches!(tree::probe(&locked.path, rel), Ok(Entry::File))
            && crate::text::read_regular_file(&locked.path.join(rel), 1 << 48).is_ok_and(|bytes| same(i, &bytes))
    }))
}

/// What a write will do, decided before anything is touched.
struct Plan {
    summary: WriteSummary,
    old_owned: BTreeSet<String>,
    /// Paths whose content on disk is already right.
    unchanged: BTreeSet<String>,
}

fn plan(target: &target::Target, files: &[GeneratedFile], force: bool) -> Result<Plan, Error> {
    let out = &target.path;
    let old_owned = tree::read_manifest(out).unwrap_or_default();
    let wanted: BTreeSet<&str> = files.iter().map(|f| f.path.as_str()).collect();
    let mut summary = WriteSummary::default();
    let mut unchanged = BTreeSet::new();
    let probe = |rel: &str| tree::probe(out, rel).map_err(|e| Error::refused(out, format!("{rel}: {e}")));
    for file in files {
        let rel = file.path.as_str();
        match probe(rel)? {
            Entry::Missing => summary.written.push(file.path.clone()),
            Entry::File => {
                if !force && !old_owned.contains(rel) {
                    let why = format!(
                        "{rel} is there and the generator does not own it (not in {MANIFEST}); \
                         pass --force to replace the files at the paths the generator writes"
                    );
                    return Err(Error::refused(out, why));
                }
                if tree::same_contents(&out.join(rel), file.contents.as_bytes()) {
                    unchanged.insert(file.path.clone());
                } else {
                    summary.written.push(file.path.clone());
                }
            }
            Entry::Other { at, what } => {
                let why = format!(
                    "{at} is {what} where the generator writes {rel}; it never replaces or writes \
                     through what it did not write (not even with --force): move it away"
                );
                return Err(Error::refused(out, why));
            }
        }
    }
    for rel in &old_owned {
        if wanted.contains(rel.as_str()) {
            continue;
        }
        match tree::probe(out, rel) {
            Ok(Entry::File) => summary.removed.push(rel.clone()),
            Ok(Entry::Missing) => {}
            Ok(Entry::Other { .. }) | Err(_) => summary.kept.push(rel.clone()),
        }
    }
    summary.unchanged = unchanged.len();
    Ok(Plan { summary, old_owned, unchanged })
}

/// A file that differs between what the generator would write and what is on disk.
#[derive(Debug, PartialEq, Eq)]
pub enum Stale {
    Missing {
        path: String,
    },
    Changed {
        path: String,
        diff: String,
    },
    /// Owned (listed in the old manifest) but no longer generated.
    Extra {
        path: String,
    },
}

impl Stale {
    pub fn path(&self) -> &str {
        match self {
            Stale::Missing { path } | Stale::Changed { path, .. } | Stale::Extra { path } => path,
        }
    }
}

/// Compares `files` with `out` without changing anything (and without taking the lock).
///
/// Nothing but regular files is read: a symlink, a named pipe or a folder where a
/// file should be is reported as missing, never followed or opened.
pub fn check(out: &Path, files: &[GeneratedFile]) -> Vec<Stale> {
    let mut stale = Vec::new();
    for file in files {
        let bytes = match tree::probe(out, &file.path) {
            Ok(Entry::File) => fs::read(out.join(&file.path)).ok(),
            _ => None,
        };
        match bytes {
            None => stale.push(Stale::Missing { path: file.path.clone() }),
            Some(bytes) if bytes != file.contents.as_bytes() => {
                let old = String::from_utf8_lossy(&bytes);
                let diff = similar::TextDiff::from_lines(old.as_ref(), file.contents.as_str())
                    .unified_diff()
                    .context_radius(3)
                    .header(&format!("a/{}", file.path), &format!("b/{}", file.path))
                    .to_string();
                stale.push(Stale::Changed { path: file.path.clone(), diff });
            }
            Some(_) => {}
        }
    }
    let wanted: BTreeSet<&str> = files.iter().map(|f| f.path.as_str()).collect();
    for path in tree::read_manifest(out).unwrap_or_default() {
        if !wanted.contains(path.as_str()) && matches!(tree::probe(out, &path), Ok(Entry::File)) {
            stale.push(Stale::Extra { path });
        }
    }
    stale
}

/// Groups stale files for a human: what to run, which files, and the diffs.
pub fn describe_stale(stale: &[Stale], out: &Path, command: &str) -> String {
    let mut by_kind: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for s in stale {
        let kind = match s {
            Stale::Missing { .. } => "missing",
            Stale::Changed { .. } => "out of date",
            Stale::Extra { .. } => "no longer generated",
        };
        by_kind.entry(kind).or_default().push(s.path());
    }
    let mut text = format!("{} is stale: {} file(s) differ from what the docs produce.\n", out.display(), stale.len());
    for (kind, paths) in by_kind {
        for path in paths {
            text.push_str(&format!("  {kind}: {path}\n"));
        }
    }
    text.push_str(&format!("Run `{command}` and commit the result.\n"));
    for s in stale {
        if let Stale::Changed { diff, .. } = s {
            text.push('\n');
            text.push_str(diff);
        }
    }
    text
}

#[cfg(test)]
mod tests;
