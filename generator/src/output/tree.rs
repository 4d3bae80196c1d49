//! Looking at what is in the output folder without following symlinks or opening
//! anything but regular files (a named pipe would block a read forever).

use super::MANIFEST;
use std::collections::BTreeSet;
use std::fs;
use std::io;
use std::os::unix::fs::{FileTypeExt, MetadataExt};
use std::path::{Component, Path};

/// What sits at a path inside the output folder.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Entry {
    Missing,
    /// A regular file, reached through real folders only.
    File,
    /// Something the generator must not replace or write through, at `at` (the path
    /// itself or one of the folders leading to it).
    Other {
        at: String,
        what: &'static str,
    },
}

/// What is at `rel` (a relative path made of plain names) under `out`.
pub(super) fn probe(out: &Path, rel: &str) -> io::Result<Entry> {
    let rel_path = Path::new(rel);
    if rel.is_empty() || !rel_path.components().all(|c| matches!(c, Component::Normal(_))) {
        return Err(io::Error::new(io::ErrorKind::InvalidInput, "not a plain relative path"));
    }
    let mut here = out.to_path_buf();
    let mut shown = String::new();
    let mut components = rel_path.components().peekable();
    while let Some(component) = components.next() {
        here.push(component);
        if !shown.is_empty() {
            shown.push('/');
        }
        shown.push_str(&component.as_os_str().to_string_lossy());
        let last = components.peek().is_none();
        let file_type = match fs::symlink_metadata(&here) {
            Ok(meta) => meta.file_type(),
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Entry::Missing),
            Err(e) => return Err(e),
        };
        match (last, file_type.is_file(), file_type.is_dir()) {
            (true, true, _) => return Ok(Entry::File),
            (false, _, true) => continue,
            _ => return Ok(Entry::Other { at: shown, what: describe(&file_type) }),
        }
    }
    unreachable!("a plain relative path has at least one component")
}

/// "a symbolic link", "a folder"...: for messages.
pub(super) fn describe(file_type: &fs::FileType) -> &'static str {
    if file_type.is_symlink() {
        "a symbolic link"
    } else if file_type.is_dir() {
        "a folder"
    } else if file_type.is_file() {
        "a file"
    } else if file_type.is_fifo() {
        "a named pipe"
    } else if file_type.is_socket() {
        "a socket"
    } else if file_type.is_block_device() || file_type.is_char_device() {
        "a device"
    } else {
        "a special file"
    }
}

/// The owned files listed in the manifest; `None` when there is no manifest.
///
/// The manifest is a file anyone can edit: entries that are not plain relative paths
/// (`/etc/passwd`, `../x`) are not owned, so they are never removed.
pub(super) fn read_manifest(out: &Path) -> Option<BTreeSet<String>> {
    if probe(out, MANIFEST).ok()? != Entry::File {
        return None;
    }
    let text = fs::read_to_string(out.join(MANIFEST)).ok()?;
    let plain = |l: &&str| Path::new(l).components().all(|c| matches!(c, Component::Normal(_)));
    Some(text.lines().filter(|l| !l.is_empty() && !l.starts_with('#')).filter(plain).map(str::to_owned).collect())
}

/// Whether the regular file at `path` holds exactly `contents`.
pub(super) fn same_contents(path: &Path, contents: &[u8]) -> bool {
    fs::metadata(path).is_ok_and(|m| m.len() == contents.len() as u64)
        && fs::read(path).is_ok_and(|bytes| bytes == contents)
}

/// Whether `out` holds nothing but owned regular files and the folders leading to
/// them: no other file, symlink, special file, empty folder or mount point. Only then
/// may the whole folder be swapped without losing anything the generator did not write.
pub(super) fn holds_only_owned(out: &Path, owned: &BTreeSet<String>) -> io::Result<bool> {
    let root_device = fs::symlink_metadata(out)?.dev();
    for entry in walkdir::WalkDir::new(out).min_depth(1).follow_links(false) {
        let entry = entry.map_err(io::Error::other)?;
        let file_type = entry.file_type();
        if file_type.is_dir() {
            let meta = entry.metadata().map_err(io::Error::other)?;
            let empty = fs::read_dir(entry.path())?.next().is_none();
            if empty || meta.dev() != root_device || is_mount_point(entry.path()) == Some(true) {
                return Ok(false);
            }
        } else if file_type.is_file() {
            let rel = crate::text::display_path(entry.path().strip_prefix(out).map_err(io::Error::other)?);
            if !owned.contains(&rel) {
                return Ok(false);
            }
        } else {
            return Ok(false);
        }
    }
    Ok(true)
}

/// Whether `path` is where a filesystem is mounted (bind mounts included); `None`
/// when the kernel cannot tell (then the device number is the only clue).
#[cfg(target_os = "linux")]
pub(super) fn is_mount_point(path: &Path) -> Option<bool> {
    use rustix::fs::{statx, AtFlags, StatxAttributes, StatxFlags, CWD};
    let flags = AtFlags::NO_AUTOMOUNT | AtFlags::SYMLINK_NOFOLLOW;
    let stat = statx(CWD, path, flags, StatxFlags::empty()).ok()?;
    let known = stat.stx_attributes_mask.contains(StatxAttributes::MOUNT_ROOT);
    known.then(|| stat.stx_attributes.contains(StatxAttributes::MOUNT_ROOT))
}

#[cfg(not(target_os = "linux"))]
pub(super) fn is_mount_point(_path: &Path) -> Option<bool> {
    None
}

/// Whether `path` is a mount point, by the kernel's word or by a device change from its parent.
pub(super) fn is_mount_point_or_device_root(path: &Path) -> bool {
    if let Some(known) = is_mount_point(path) {
        return known;
    }
    let device = |p: &Path| fs::symlink_metadata(p).map(|m| m.dev());
    match (device(path), path.parent().map(device)) {
        (Ok(here), Some(Ok(parent))) => here != parent,
        // `/` has no parent: it is the root of a mount.
        (Ok(_), None) => true,
        _ => false,
    }
}
