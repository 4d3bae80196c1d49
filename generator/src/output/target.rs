//! Where the output goes, and the places it must never go.

use super::{tree, Error, MANIFEST};
use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};

/// Folders whose contents belong to the system or to other users: never an output folder,
/// whatever they hold. The user's home folder itself (`$HOME`) is refused too.
const SYSTEM_FOLDERS: &[&str] = &[
    "/",
    "/bin",
    "/boot",
    "/dev",
    "/etc",
    "/home",
    "/lib",
    "/lib32",
    "/lib64",
    "/media",
    "/mnt",
    "/opt",
    "/proc",
    "/root",
    "/run",
    "/sbin",
    "/srv",
    "/sys",
    "/tmp",
    "/usr",
    "/usr/bin",
    "/usr/lib",
    "/usr/local",
    "/var",
];

/// An output folder that passed the checks of [`resolve`].
#[derive(Debug)]
pub struct Target {
    /// The real path: symlinks resolved, so the folder a symlink points to is written,
    /// never the symlink replaced.
    pub path: PathBuf,
    pub exists: bool,
}

impl Target {
    /// The lock file, beside the folder: inside it, a swap of the whole folder would
    /// swap the lock away too.
    pub fn lock_file(&self) -> PathBuf {
        beside(&self.path, "lock")
    }

    /// The record of the last run that wrote the folder (the no-change shortcut), beside it
    /// like the lock, so that it is not part of the output.
    pub fn cache_file(&self) -> PathBuf {
        beside(&self.path, "cache")
    }
}

/// `path`'s hidden sibling, e.g. `.generated.lock`.
pub(super) fn beside(path: &Path, suffix: &str) -> PathBuf {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    path.parent().unwrap_or(Path::new("/")).join(format!(".{name}.{suffix}"))
}

/// Resolves `out` and refuses a path that is not a folder, a system folder or a mount point.
pub fn resolve(out: &Path) -> Result<Target, Error> {
    let target = match fs::symlink_metadata(out) {
        Ok(_) => {
            let path = fs::canonicalize(out).map_err(|e| Error::refused(out, format!("cannot resolve it: {e}")))?;
            Target { path, exists: true }
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => Target { path: resolve_missing(out)?, exists: false },
        Err(e) => return Err(Error::refused(out, format!("cannot read it: {e}"))),
    };
    let home = std::env::var_os("HOME").map(PathBuf::from);
    if is_system_folder(&target.path, home.as_deref()) {
        return Err(Error::refused(out, "it is a system folder or your home folder; choose a folder of its own"));
    }
    if target.exists {
        let meta = fs::metadata(&target.path).map_err(|e| Error::refused(out, format!("cannot read it: {e}")))?;
        if !meta.is_dir() {
            let what = tree::describe(&meta.file_type());
            return Err(Error::refused(out, format!("it is {what}, not a folder, and was left as it was")));
        }
        if tree::is_mount_point_or_device_root(&target.path) {
            let why = "it is a mount point; a filesystem's root is not the generator's to manage: write to a folder inside it";
            return Err(Error::refused(out, why));
        }
    }
    Ok(target)
}

/// The real path of a folder that does not exist yet: its nearest existing ancestor
/// resolved, the missing names appended.
fn resolve_missing(out: &Path) -> Result<PathBuf, Error> {
    let absolute = std::path::absolute(out).map_err(|e| Error::refused(out, format!("cannot resolve it: {e}")))?;
    let mut ancestor = absolute.as_path();
    let mut missing = Vec::new();
    while fs::symlink_metadata(ancestor).is_err() {
        let (Some(parent), Some(name)) = (ancestor.parent(), ancestor.components().next_back()) else { break };
        missing.push(name);
        ancestor = parent;
    }
    if missing.iter().any(|c| !matches!(c, Component::Normal(_))) {
        return Err(Error::refused(out, "`..` after a folder that does not exist; name the folder plainly"));
    }
    let mut path = fs::canonicalize(ancestor).map_err(|e| Error::refused(out, format!("cannot resolve it: {e}")))?;
    if !path.is_dir() {
        return Err(Error::refused(out, format!("{} is not a folder, and was left as it was", path.display())));
    }
    path.extend(missing.iter().rev());
    Ok(path)
}

/// Whether `path` (a real path) is one of [`SYSTEM_FOLDERS`] or `home`.
pub(super) fn is_system_folder(path: &Path, home: Option<&Path>) -> bool {
    let same = |other: &Path| path == other || fs::canonicalize(other).is_ok_and(|real| real == path);
    SYSTEM_FOLDERS.iter().any(|folder| same(Path::new(folder))) || home.is_some_and(same)
}

/// Refuses, unless `force`, an existing non-empty folder without a manifest: what is in
/// it was not written by the generator.
pub(super) fn check_ownership(target: &Target, force: bool) -> Result<(), Error> {
    if !target.exists || force || tree::read_manifest(&target.path).is_some() {
        return Ok(());
    }
    let empty = fs::read_dir(&target.path)
        .map_err(|e| Error::refused(&target.path, format!("cannot read it: {e}")))?
        .next()
        .is_none();
    if empty {
        return Ok(());
    }
    let why = format!(
        "it is not empty and has no {MANIFEST}, so the generator did not write it; pass --force to \
         add the generator's files to it (nothing else in it is deleted or changed), or choose another folder"
    );
    Err(Error::refused(&target.path, why))
}
