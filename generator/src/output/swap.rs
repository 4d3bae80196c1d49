//! Writing by swapping the whole folder: used only when the folder does not exist or
//! holds nothing but owned files, so the swap cannot take anything else with it.
//!
//! The new tree is built beside the folder, unchanged files hard-linked from the old
//! one, folder modes copied over, then exchanged with one atomic rename: a run killed
//! at any point leaves either the old or the new output.

use super::target::{beside, Target};
use super::{Error, Plan};
use crate::model::GeneratedFile;
use std::fs;
use std::io;
use std::path::Path;

pub(super) fn write(target: &Target, files: &[GeneratedFile], plan: &Plan) -> Result<(), Error> {
    let out = &target.path;
    remove_abandoned_staging(out);
    let staging = beside(out, &format!("tmp-{}", std::process::id()));
    let built = build(out, &staging, files, plan);
    if let Err(e) = built {
        let left = match fs::remove_dir_all(&staging) {
            Ok(()) => format!("{} is left as it was", out.display()),
            Err(_) => format!(
                "{} is left as it was; the unfinished new tree is in {}: remove it",
                out.display(),
                staging.display()
            ),
        };
        return Err(Error::failed(format!("cannot build the new output in {}: {e}", staging.display()), left));
    }
    swap_in(&staging, out, target.exists)
}

fn build(out: &Path, staging: &Path, files: &[GeneratedFile], plan: &Plan) -> io::Result<()> {
    if fs::symlink_metadata(staging).is_ok() {
        fs::remove_dir_all(staging)?;
    }
    fs::create_dir_all(staging)?;
    let folders: std::collections::BTreeSet<&Path> =
        files.iter().filter_map(|file| Path::new(&file.path).parent()).collect();
    for folder in folders {
        fs::create_dir_all(staging.join(folder))?;
    }
    // Side by side: creating a thousand files is mostly the file system's own work. The first
    // failure in the files' order is the one reported, whatever the threads did.
    use rayon::prelude::*;
    let written: Vec<io::Result<()>> = files
        .par_iter()
        .map(|file| {
            let to = staging.join(&file.path);
            if plan.unchanged.contains(&file.path) {
                link_or_copy(&out.join(&file.path), &to)
            } else {
                fs::write(&to, &file.contents)
            }
        })
        .collect();
    written.into_iter().collect::<io::Result<()>>()?;
    copy_folder_modes(out, staging)
}

/// A folder keeps its mode across the swap (a 700 folder stays 700).
fn copy_folder_modes(out: &Path, staging: &Path) -> io::Result<()> {
    // Deepest first, so a folder made read-only does not stop the ones inside it.
    for entry in walkdir::WalkDir::new(staging).contents_first(true) {
        let entry = entry.map_err(io::Error::other)?;
        if !entry.file_type().is_dir() {
            continue;
        }
        let rel = entry.path().strip_prefix(staging).map_err(io::Error::other)?;
        if let Ok(old) = fs::symlink_metadata(out.join(rel)) {
            if old.is_dir() {
                fs::set_permissions(entry.path(), old.permissions())?;
            }
        }
    }
    Ok(())
}

/// Staging folders left by runs that were killed (their process is gone).
fn remove_abandoned_staging(out: &Path) {
    let (Some(name), Some(parent)) = (out.file_name(), out.parent()) else { return };
    let prefix = format!(".{}.tmp-", name.to_string_lossy());
    let Ok(entries) = fs::read_dir(parent) else { return };
    for entry in entries.flatten() {
        let file_name = entry.file_name().to_string_lossy().into_owned();
        let Some(pid) = file_name.strip_prefix(&prefix) else { continue };
        if pid != std::process::id().to_string() && !process_alive(pid) {
            let _ = fs::remove_dir_all(entry.path());
        }
    }
}

/// Whether a process with this id runs (true when it cannot be told: keep its files).
pub(super) fn process_alive(pid: &str) -> bool {
    !pid.bytes().all(|b| b.is_ascii_digit())
        || Path::new("/proc").join(pid).exists()
        || !Path::new("/proc/self").exists()
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
fn swap_in(staging: &Path, out: &Path, out_exists: bool) -> Result<(), Error> {
    let failed =
        |e: io::Error, left: String| Error::failed(format!("cannot move the new output into place: {e}"), left);
    let discard = |state: &str| match fs::remove_dir_all(staging) {
        Ok(()) => state.to_owned(),
        Err(_) => format!("{state}; the new tree is in {}: remove it", staging.display()),
    };
    if !out_exists {
        let parent = out.parent().unwrap_or(Path::new("/"));
        if let Err(e) = fs::create_dir_all(parent).and_then(|()| fs::rename(staging, out)) {
            return Err(failed(e, discard(&format!("{} was not created", out.display()))));
        }
        return Ok(());
    }
    #[cfg(target_os = "linux")]
    {
        use rustix::fs::{renameat_with, RenameFlags, CWD};
        if renameat_with(CWD, staging, CWD, out, RenameFlags::EXCHANGE).is_ok() {
            // `staging` now holds the old tree, made only of owned files.
            return fs::remove_dir_all(staging).map_err(|e| {
                Error::failed(
                    format!("the new output is in {}, but the old one cannot be removed: {e}", out.display()),
                    format!("the old output is in {}: remove it", staging.display()),
                )
            });
        }
    }
    // Elsewhere: two renames; a run killed between them leaves the old tree in the backup.
    let backup = beside(out, &format!("old-{}", std::process::id()));
    if let Err(e) = fs::rename(out, &backup) {
        return Err(failed(e, discard(&format!("{} is left as it was", out.display()))));
    }
    if let Err(e) = fs::rename(staging, out) {
        let restored = fs::rename(&backup, out).is_ok();
        let state = if restored {
            format!("{} is left as it was", out.display())
        } else {
            format!("the old output is in {}: move it back to {}", backup.display(), out.display())
        };
        return Err(failed(e, discard(&state)));
    }
    fs::remove_dir_all(&backup).map_err(|e| {
        Error::failed(
            format!("the new output is in {}, but the old one cannot be removed: {e}", out.display()),
            format!("the old output is in {}: remove it", backup.display()),
        )
    })
}
