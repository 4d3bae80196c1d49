//! Writing file by file, when the folder holds things the generator did not write:
//! only owned files are created, replaced or removed; nothing else in the folder
//! (other files, symlinks, special files, empty folders, mount points, folder modes)
//! is touched.
//!
//! 1. Every changed file is written to a temporary file beside its target; a failure
//!    here removes them and leaves the folder as it was.
//! 2. The manifest is widened to list the old and the new files, so a run killed from
//!    here on leaves nothing the next run would not know it owns.
//! 3. The temporary files are renamed over their targets (each rename is atomic; the
//!    set is not: a run killed now leaves some files new and some old).
//! 4. Owned files no longer generated are removed, and the final manifest put in place.

use super::target::Target;
use super::{listing, swap::process_alive, tree, Error, Plan, MANIFEST};
use crate::model::GeneratedFile;
use std::collections::BTreeSet;
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

const TEMP_MARK: &str = ".generator-tmp-";

pub(super) fn write(target: &Target, files: &[GeneratedFile], plan: &Plan) -> Result<(), Error> {
    let out = target.path.as_path();
    let changed: Vec<&GeneratedFile> = files.iter().filter(|f| !plan.unchanged.contains(&f.path)).collect();
    remove_abandoned_temps(out, files);

    // 1. Temporary files (the manifest is written last, whole, in step 4).
    let (manifest, others): (Vec<_>, Vec<_>) = changed.into_iter().partition(|f| f.path == MANIFEST);
    let mut staged = Staged::default();
    if let Err(e) = staged.stage(out, &others) {
        let leftovers = staged.undo();
        return Err(Error::failed(e, format!("{} is left as it was{leftovers}", out.display())));
    }

    // 2. A manifest that owns both the old and the new files.
    if !manifest.is_empty() {
        let both: BTreeSet<&str> =
            plan.old_owned.iter().map(String::as_str).chain(files.iter().map(|f| f.path.as_str())).collect();
        if let Err(e) = replace_atomically(out, MANIFEST, &listing(both)) {
            let leftovers = staged.undo();
            return Err(Error::failed(e, format!("{} is left as it was{leftovers}", out.display())));
        }
    }

    // 3. Into place.
    let temps = &staged.temps;
    for (done, (temp, rel)) in temps.iter().enumerate() {
        if let Err(e) = fs::rename(temp, out.join(rel)) {
            // Folders created for files now in place are not empty, so they stay with them.
            let leftovers = Staged { temps: temps[done..].to_vec(), created: staged.created.clone() }.undo();
            let mut left = if done == 0 {
                format!(
                    "no file was replaced: {} is as it was, except that its {MANIFEST} also lists the files \
                     this run meant to write",
                    out.display()
                )
            } else {
                format!(
                    "{done} of {} changed files were replaced, so {} now mixes old and new files (all listed in \
                     its {MANIFEST}): run the generator again",
                    temps.len(),
                    out.display()
                )
            };
            left.push_str(&leftovers);
            return Err(Error::failed(format!("cannot replace {rel}: {e}"), left));
        }
    }

    // 4. Files no longer generated, then the final manifest.
    let mut not_removed = Vec::new();
    for rel in &plan.summary.removed {
        if matches!(tree::probe(out, rel), Ok(tree::Entry::File)) && fs::remove_file(out.join(rel)).is_ok() {
            remove_emptied_folders(out, rel);
        } else {
            not_removed.push(rel.as_str());
        }
    }
    for file in manifest {
        if let Err(e) = replace_atomically(out, MANIFEST, &file.contents) {
            let left = format!("the new files are in place but {MANIFEST} still lists the old ones too");
            return Err(Error::failed(e, left));
        }
    }
    if !not_removed.is_empty() {
        let what = format!("cannot remove files no longer generated: {}", not_removed.join(", "));
        return Err(Error::failed(
            what,
            format!("the new files are in place in {}; remove those by hand", out.display()),
        ));
    }
    Ok(())
}

/// Temporary files written so far, and the folders created for them.
#[derive(Default)]
struct Staged {
    /// (temporary file, the relative path it will replace)
    temps: Vec<(PathBuf, String)>,
    created: Vec<PathBuf>,
}

impl Staged {
    fn stage(&mut self, out: &Path, changed: &[&GeneratedFile]) -> Result<(), String> {
        if !out.exists() {
            fs::create_dir_all(out).map_err(|e| format!("cannot create {}: {e}", out.display()))?;
        }
        for file in changed {
            let to = out.join(&file.path);
            let parent = to.parent().unwrap_or(out);
            self.create_folders(out, parent).map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
            let temp = temp_beside(&to);
            write_new(&temp, file.contents.as_bytes()).map_err(|e| format!("cannot write {}: {e}", temp.display()))?;
            self.temps.push((temp, file.path.clone()));
        }
        Ok(())
    }

    /// Creates the missing folders from `out` down to `folder`, remembering them for [`Staged::undo`].
    fn create_folders(&mut self, out: &Path, folder: &Path) -> io::Result<()> {
        let mut missing = Vec::new();
        let mut here = folder;
        while here != out && fs::symlink_metadata(here).is_err() {
            missing.push(here.to_path_buf());
            here = here.parent().unwrap_or(out);
        }
        for folder in missing.into_iter().rev() {
            fs::create_dir(&folder)?;
            self.created.push(folder);
        }
        Ok(())
    }

    /// Removes what was staged; says what could not be removed.
    fn undo(&self) -> String {
        let mut stuck: Vec<String> = Vec::new();
        for (temp, _) in &self.temps {
            if fs::remove_file(temp).is_err() {
                stuck.push(temp.display().to_string());
            }
        }
        for folder in self.created.iter().rev() {
            if fs::remove_dir(folder).is_err() {
                stuck.push(folder.display().to_string());
            }
        }
        if stuck.is_empty() {
            String::new()
        } else {
            format!(" (leftovers of this run, to remove: {})", stuck.join(", "))
        }
    }
}

/// `dir/.name.generator-tmp-PID` for `dir/name`.
fn temp_beside(path: &Path) -> PathBuf {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    path.with_file_name(format!(".{name}{TEMP_MARK}{}", std::process::id()))
}

fn write_new(path: &Path, contents: &[u8]) -> io::Result<()> {
    fs::File::options().write(true).create_new(true).open(path)?.write_all(contents)
}

/// Writes `rel` through a temporary file, so it is always whole.
fn replace_atomically(out: &Path, rel: &str, contents: &str) -> Result<(), String> {
    let to = out.join(rel);
    let temp = temp_beside(&to);
    write_new(&temp, contents.as_bytes()).and_then(|()| fs::rename(&temp, &to)).map_err(|e| {
        let _ = fs::remove_file(&temp);
        format!("cannot write {}: {e}", to.display())
    })
}

/// Removes the folders leading to `rel` that removing it left empty (never `out`).
fn remove_emptied_folders(out: &Path, rel: &str) {
    let mut here = out.join(rel);
    while here.pop() && here != out && here.starts_with(out) {
        if fs::remove_dir(&here).is_err() {
            break;
        }
    }
}

/// Temporary files of killed runs, beside the files the generator writes.
fn remove_abandoned_temps(out: &Path, files: &[GeneratedFile]) {
    let folders: BTreeSet<PathBuf> =
        files.iter().filter_map(|f| out.join(&f.path).parent().map(Path::to_path_buf)).collect();
    for folder in folders {
        let Ok(entries) = fs::read_dir(&folder) else { continue };
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let Some((_, pid)) = name.rsplit_once(TEMP_MARK) else { continue };
            let is_file = entry.file_type().is_ok_and(|t| t.is_file());
            if name.starts_with('.') && is_file && pid != std::process::id().to_string() && !process_alive(pid) {
                let _ = fs::remove_file(entry.path());
            }
        }
    }
}
