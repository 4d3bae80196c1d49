//! Writing the generated files, or checking that they are up to date.
//!
//! The output folder is replaced as a whole: the new tree is built in a temporary
//! folder beside it and swapped in with one atomic rename, so a run killed at any
//! point leaves either the old or the new output. Files whose content did not
//! change are hard-linked from the old tree, so they keep their modification time
//! and cargo does not rebuild them. A manifest lists the files the generator owns:
//! anything else found in the folder is carried over untouched, and owned files
//! that are no longer generated are removed.

use crate::model::GeneratedFile;
use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// The manifest of owned files, itself owned.
pub const MANIFEST: &str = ".generated-files";

/// Adds the manifest to the emitted files and sorts them.
pub fn with_manifest(mut files: Vec<GeneratedFile>) -> Vec<GeneratedFile> {
    files.retain(|f| f.path != MANIFEST);
    let mut listing =
        String::from("# Files written by the generator (cargo run -p generator -- docs-input/). Do not edit.\n");
    let mut paths: Vec<&str> = files.iter().map(|f| f.path.as_str()).chain([MANIFEST]).collect();
    paths.sort_unstable();
    for path in paths {
        listing.push_str(path);
        listing.push('\n');
    }
    files.push(GeneratedFile { path: MANIFEST.to_owned(), contents: listing });
    files.sort();
    files
}

/// What a write did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct WriteSummary {
    pub written: Vec<String>,
    pub unchanged: usize,
    pub removed: Vec<String>,
}

impl WriteSummary {
    pub fn changed(&self) -> bool {
        !self.written.is_empty() || !self.removed.is_empty()
    }
}

/// Replaces the owned files in `out` by `files` (which should include the manifest).
pub fn write(out: &Path, files: &[GeneratedFile]) -> io::Result<WriteSummary> {
    let old_owned = read_manifest(out);
    let mut summary = WriteSummary::default();
    let wanted: BTreeSet<&str> = files.iter().map(|f| f.path.as_str()).collect();
    summary.removed =
        old_owned.iter().filter(|p| !wanted.contains(p.as_str()) && out.join(p).exists()).cloned().collect();
    let mut unchanged = Vec::new();
    for file in files {
        match fs::read(out.join(&file.path)) {
            Ok(bytes) if bytes == file.contents.as_bytes() => unchanged.push(file.path.as_str()),
            _ => summary.written.push(file.path.clone()),
        }
    }
    summary.unchanged = unchanged.len();
    if !summary.changed() {
        return Ok(summary);
    }

    remove_abandoned_staging(out);
    let staging = sibling(out, "tmp")?;
    remove_if_present(&staging)?;
    fs::create_dir_all(&staging)?;
    let built = (|| -> io::Result<()> {
        for file in files {
            let target = staging.join(&file.path);
            if let Some(parent) = target.parent() {
                fs::create_dir_all(parent)?;
            }
            if unchanged.contains(&file.path.as_str()) {
                link_or_copy(&out.join(&file.path), &target)?;
            } else {
                fs::write(&target, &file.contents)?;
            }
        }
        for foreign in foreign_files(out, &old_owned, &wanted)? {
            let target = staging.join(&foreign);
            if let Some(parent) = target.parent() {
                fs::create_dir_all(parent)?;
            }
            link_or_copy(&out.join(&foreign), &target)?;
        }
        Ok(())
    })();
    if let Err(e) = built {
        let _ = fs::remove_dir_all(&staging);
        return Err(e);
    }
    swap_in(&staging, out)?;
    Ok(summary)
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

/// Compares `files` with `out` without changing anything.
pub fn check(out: &Path, files: &[GeneratedFile]) -> Vec<Stale> {
    let mut stale = Vec::new();
    for file in files {
        match fs::read(out.join(&file.path)) {
            Err(_) => stale.push(Stale::Missing { path: file.path.clone() }),
            Ok(bytes) if bytes != file.contents.as_bytes() => {
                let old = String::from_utf8_lossy(&bytes);
                let diff = similar::TextDiff::from_lines(old.as_ref(), file.contents.as_str())
                    .unified_diff()
                    .context_radius(3)
                    .header(&format!("a/{}", file.path), &format!("b/{}", file.path))
                    .to_string();
                stale.push(Stale::Changed { path: file.path.clone(), diff });
            }
            Ok(_) => {}
        }
    }
    let wanted: BTreeSet<&str> = files.iter().map(|f| f.path.as_str()).collect();
    for path in read_manifest(out) {
        if !wanted.contains(path.as_str()) && out.join(&path).exists() {
            stale.push(Stale::Extra { path });
        }
    }
    stale
}

fn read_manifest(out: &Path) -> BTreeSet<String> {
    fs::read_to_string(out.join(MANIFEST))
        .unwrap_or_default()
        .lines()
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_owned)
        .collect()
}

/// Files in `out` that the generator did not write: neither owned before nor generated now.
fn foreign_files(out: &Path, old_owned: &BTreeSet<String>, wanted: &BTreeSet<&str>) -> io::Result<Vec<String>> {
    if !out.is_dir() {
        return Ok(Vec::new());
    }
    let mut found = Vec::new();
    for entry in walkdir::WalkDir::new(out).sort_by_file_name() {
        let entry = entry.map_err(io::Error::other)?;
        if entry.file_type().is_file() {
            let rel = crate::read::display_path(entry.path().strip_prefix(out).map_err(io::Error::other)?);
            if !old_owned.contains(&rel) && !wanted.contains(rel.as_str()) {
                found.push(rel);
            }
        }
    }
    Ok(found)
}

/// `out`'s hidden sibling for this process, e.g. `.generated.tmp-1234`.
fn sibling(out: &Path, what: &str) -> io::Result<PathBuf> {
    let name = out.file_name().ok_or_else(|| io::Error::other("the output folder has no name"))?;
    let parent = out.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    Ok(parent.join(format!(".{}.{what}-{}", name.to_string_lossy(), std::process::id())))
}

/// Staging folders left by runs that were killed (their process is gone).
fn remove_abandoned_staging(out: &Path) {
    let (Some(name), Some(parent)) = (out.file_name(), out.parent()) else { return };
    let parent = if parent.as_os_str().is_empty() { Path::new(".") } else { parent };
    let prefix = format!(".{}.tmp-", name.to_string_lossy());
    let Ok(entries) = fs::read_dir(parent) else { return };
    for entry in entries.flatten() {
        let file_name = entry.file_name().to_string_lossy().into_owned();
        let Some(pid) = file_name.strip_prefix(&prefix) else { continue };
        let alive = Path::new("/proc").join(pid).exists() || !Path::new("/proc/self").exists();
        if pid != std::process::id().to_string() && !alive {
            let _ = fs::remove_dir_all(entry.path());
        }
    }
}

fn remove_if_present(path: &Path) -> io::Result<()> {
    match fs::remove_dir_all(path) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

/// Same inode when possible (keeps the modification time for free), else a copy that keeps it.
fn link_or_copy(from: &Path, to: &Path) -> io::Result<()> {
    if fs::hard_link(from, to).is_ok() {
        return Ok(());
    }
    fs::copy(from, to)?;
    let modified = fs::metadata(from)?.modified()?;
    fs::File::options().write(true).open(to)?.set_modified(modified)
}

/// Puts `staging` where `out` is, atomically where the platform allows.
fn swap_in(staging: &Path, out: &Path) -> io::Result<()> {
    if !out.exists() {
        if let Some(parent) = out.parent().filter(|p| !p.as_os_str().is_empty()) {
            fs::create_dir_all(parent)?;
        }
        return fs::rename(staging, out);
    }
    #[cfg(target_os = "linux")]
    {
        use rustix::fs::{renameat_with, RenameFlags, CWD};
        if renameat_with(CWD, staging, CWD, out, RenameFlags::EXCHANGE).is_ok() {
            // `staging` now holds the old tree.
            return fs::remove_dir_all(staging);
        }
    }
    // Elsewhere: two renames; a run killed between them leaves the old tree in the backup.
    let backup = sibling(out, "old")?;
    remove_if_present(&backup)?;
    fs::rename(out, &backup)?;
    fs::rename(staging, out)?;
    fs::remove_dir_all(&backup)
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
