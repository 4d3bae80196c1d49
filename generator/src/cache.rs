//! The no-change shortcut: a run whose inputs, generator and output folder are exactly as a
//! recorded run left them is not done again.
//!
//! After every run that writes (or finds unchanged) the output folder, a record is kept beside
//! the folder, like the lock (`.generated.cache` for `generated/`), so it is no part of the
//! output. It holds:
//! - a key: BLAKE3 over the running generator's executable, the input folder as given and as
//!   resolved, and every entry under it (hidden ones and `includes/` too, since an include may
//!   name any file within the root): its path, its kind, and a file's contents or a symlink's
//!   target;
//! - the BLAKE3 hash of every file written, the manifest among them;
//! - what the run reported: its diagnostics (every one) and its counts.
//!
//! The next run computes the key again before reading any page. When it is the recorded one,
//! the run would produce the recorded files and diagnostics (the output is deterministic and
//! depends on nothing else: no option changes what is generated); when moreover every recorded
//! file is in the output folder with its recorded hash (checked under the lock), writing would
//! change nothing. Then the recorded diagnostics are printed and nothing is parsed, generated or
//! written. Anything else runs in full: a changed, added or removed input, another generator
//! build, an edited or missing output file, a missing or unreadable record. The record is only
//! kept when no entry's change time, modification time, inode or size moved meanwhile, so a
//! file written while the run reads it (even if changed back) is not recorded as read; the
//! contents are hashed again only where an entry changed within two seconds of the first
//! hashing (file times move in clock ticks, so a write right after it could keep its stamps).
//! A run that goes ahead parses the pages' contents as the key hashed them
//! ([`Inputs::take_contents`]): each page is read once, and the key is that of what was parsed.
//! `--check` always runs in full.

use crate::diagnostics::{Diagnostic, SourceMap};
use crate::model::GeneratedFile;
use crate::{output, read, text};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

/// Files of any size are read whole.
const ANY_SIZE: u64 = 1 << 48;

/// Bumped when the record's meaning changes; a record of another format is not used.
const FORMAT: u32 = 2;

/// What a run reported, for the record or from it.
pub struct Summary<'a> {
    pub operations: usize,
    pub pages: usize,
    pub files_read: usize,
    /// Every diagnostic, sorted, unfiltered.
    pub diagnostics: &'a [Diagnostic],
    /// The run's `page_texts` (see `pipeline::Run`).
    pub page_texts: &'a BTreeSet<String>,
}

/// A recorded run that applies: what it reported, and the number of files left unchanged.
pub struct Replay {
    pub operations: usize,
    pub pages: usize,
    pub files_read: usize,
    pub diagnostics: Vec<Diagnostic>,
    /// The texts the diagnostics point into, as the run had them.
    pub sources: SourceMap,
    pub files: usize,
}

#[derive(Serialize, Deserialize)]
struct Record {
    format: u32,
    key: String,
    /// (path in the output folder, BLAKE3 hash of its contents), sorted by path.
    files: Vec<(String, String)>,
    operations: usize,
    pages: usize,
    files_read: usize,
    page_texts: Vec<String>,
    diagnostics: Vec<Diagnostic>,
}

/// The inputs of a run as found before it, with the record of an earlier run on the same.
pub struct Inputs {
    root: PathBuf,
    key: String,
    /// Every entry's change time, modification time, inode and size, hashed.
    stamps: String,
    /// When the inputs were first hashed (nanoseconds since the epoch).
    started: i128,
    record_file: PathBuf,
    record: Option<Record>,
    /// The contents of the record's `page_texts`, as hashed.
    texts: BTreeMap<String, Vec<u8>>,
    /// Every page's contents, as hashed: the run parses these bytes.
    contents: read::Prefetched,
}

/// Hashes the inputs under `root` for a run writing into `out`. `None` when there can be no
/// shortcut: `root` is not a folder, an entry cannot be read, `out` is refused.
pub fn inputs(root: &Path, out: &Path) -> Option<Inputs> {
    let record_file = output::target::resolve(out).ok()?.cache_file();
    let record = std::fs::read(&record_file)
        .ok()
        .and_then(|bytes| serde_json::from_slice::<Record>(&bytes).ok())
        .filter(|r| r.format == FORMAT);
    let keep: BTreeSet<&str> = record.iter().flat_map(|r| r.page_texts.iter().map(String::as_str)).collect();
    let started = now_nanos();
    let Hashed { key, stamps, texts, contents } = key(root, &keep, true)?;
    let record = record.filter(|r| r.key == key);
    Some(Inputs { root: root.to_path_buf(), key, stamps, started, record_file, record, texts, contents })
}

impl Inputs {
    /// The pages' contents as they were hashed, for the run to parse (see
    /// [`crate::pipeline::run_prefetched`]): the pages are read once, and the key is the key of
    /// exactly what the run read.
    pub fn take_contents(&mut self) -> read::Prefetched {
        std::mem::take(&mut self.contents)
    }

    /// The recorded run, when the output folder holds exactly what it wrote.
    pub fn replay(&self, out: &Path, options: &output::Options) -> Option<Replay> {
        let record = self.record.as_ref()?;
        let paths: Vec<String> = record.files.iter().map(|(path, _)| path.clone()).collect();
        let same = |i: usize, bytes: &[u8]| digest(bytes).to_hex().as_str() == record.files[i].1;
        if !output::unchanged(out, &paths, options, &same).ok()? {
            return None;
        }
        // As the run had them: pages' texts decoded as pages are; the rest read when shown.
        let mut sources = SourceMap::with_root(&self.root);
        for file in &record.page_texts {
            let bytes = self.texts.get(file).cloned().unwrap_or_default();
            sources.add(file, read::page_text(file, bytes));
        }
        Some(Replay {
            operations: record.operations,
            pages: record.pages,
            files_read: record.files_read,
            diagnostics: record.diagnostics.clone(),
            sources,
            files: record.files.len(),
        })
    }

    /// Records a run that left `files` in `out` (written or found unchanged), if the inputs
    /// still hash as they did before it. Whether it was recorded; a failure leaves no record.
    pub fn store(&self, out: &Path, summary: &Summary<'_>, files: &[GeneratedFile]) -> bool {
        let kept = self.try_store(out, summary, files).unwrap_or(false);
        if !kept {
            let _ = std::fs::remove_file(&self.record_file);
        }
        kept
    }

    fn try_store(&self, out: &Path, summary: &Summary<'_>, files: &[GeneratedFile]) -> Option<bool> {
        // The folder must still be the one the record is beside.
        let target = output::target::resolve(out).ok()?;
        if target.cache_file() != self.record_file {
            return Some(false);
        }
        // No file written to in between: its change time would differ, even if it was changed
        // back. That proves the contents unchanged without reading them again, unless an entry
        // changed within the clock's granularity of the first hashing (then a write right
        // after it could keep the same stamps): then the contents are hashed again.
        let (after, newest_change) = stamps(&self.root)?;
        if after.hash != self.stamps {
            return Some(false);
        }
        if newest_change >= self.started - RACY_NANOS {
            let again = key(&self.root, &BTreeSet::new(), false)?;
            if again.key != self.key || again.stamps != self.stamps {
                return Some(false);
            }
        }
        let files =
            files.par_iter().map(|f| (f.path.clone(), digest(f.contents.as_bytes()).to_hex().to_string())).collect();
        let record = Record {
            format: FORMAT,
            key: self.key.clone(),
            files,
            operations: summary.operations,
            pages: summary.pages,
            files_read: summary.files_read,
            page_texts: summary.page_texts.iter().cloned().collect(),
            diagnostics: summary.diagnostics.to_vec(),
        };
        let json = serde_json::to_vec(&record).ok()?;
        // Under the lock, so that no other run writes the record meanwhile; through a file of
        // one name, which a killed run leaves at most once.
        let _lock = output::lock::Lock::acquire(&target.lock_file(), None).ok()?;
        let name = self.record_file.file_name()?.to_string_lossy();
        let temp = self.record_file.with_file_name(format!("{name}.tmp"));
        std::fs::write(&temp, json).ok()?;
        if std::fs::rename(&temp, &self.record_file).is_err() {
            let _ = std::fs::remove_file(&temp);
            return None;
        }
        Some(true)
    }
}

/// Entries whose change time is this close to the first hashing (or later) are read again
/// before a run is recorded: file times move in clock ticks, not on every write.
const RACY_NANOS: i128 = 2_000_000_000;

/// Every entry under a root, and its stamps hashed: path, change and modification time,
/// inode and size.
struct Stamps {
    hash: String,
    entries: Vec<(PathBuf, std::fs::FileType)>,
}

/// The [`Stamps`] under `root` (resolved), and the latest change time among them in
/// nanoseconds since the epoch. Entries are hashed in the order of their paths' bytes; they
/// are found unsorted and stated on every thread (sorting each folder by name as it is walked
/// took half of the walk).
fn stamps(root: &Path) -> Option<(Stamps, i128)> {
    let real = root.canonicalize().ok()?;
    let mut entries = Vec::new();
    for entry in walkdir::WalkDir::new(&real).follow_links(false).min_depth(1) {
        let entry = entry.ok()?;
        let kind = entry.file_type();
        entries.push((entry.into_path(), kind));
    }
    entries.par_sort_unstable_by(|(a, _), (b, _)| a.as_os_str().as_bytes().cmp(b.as_os_str().as_bytes()));
    let times: Vec<[i64; 6]> = entries
        .par_iter()
        .map(|(path, _)| {
            let meta = std::fs::symlink_metadata(path).ok()?;
            Some([
                meta.ctime(),
                meta.ctime_nsec(),
                meta.mtime(),
                meta.mtime_nsec(),
                meta.ino() as i64,
                meta.size() as i64,
            ])
        })
        .collect::<Option<_>>()?;
    let mut hasher = blake3::Hasher::new();
    let mut newest = i128::MIN;
    for ((path, _), stamp) in entries.iter().zip(&times) {
        hasher.update(path.as_os_str().as_bytes());
        for n in stamp {
            hasher.update(&n.to_le_bytes());
        }
        let [ctime, ctime_nsec, mtime, mtime_nsec, ..] = *stamp;
        for (secs, nanos) in [(ctime, ctime_nsec), (mtime, mtime_nsec)] {
            newest = newest.max(i128::from(secs) * 1_000_000_000 + i128::from(nanos));
        }
    }
    Some((Stamps { hash: hasher.finalize().to_hex().to_string(), entries }, newest))
}

/// Now, in nanoseconds since the epoch (as file times are).
fn now_nanos() -> i128 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(i128::MAX, |d| d.as_nanos() as i128)
}

/// What [`key`] finds under a root.
struct Hashed {
    key: String,
    stamps: String,
    /// The contents of the files asked for.
    texts: BTreeMap<String, Vec<u8>>,
    /// Every page's contents, when asked for.
    contents: read::Prefetched,
}

/// The key of the inputs under `root` (see the module's docs), their stamps, the contents
/// of the files named in `keep` (`/`-separated, relative to `root`), and with `keep_pages`
/// the contents of every page ([`read::is_page_path`]) by path relative to `root`. Only
/// pages: an input folder may hold images and other large files the run never reads.
fn key(root: &Path, keep: &BTreeSet<&str>, keep_pages: bool) -> Option<Hashed> {
    if !std::fs::metadata(root).ok()?.is_dir() {
        return None;
    }
    let real = root.canonicalize().ok()?;
    // The running executable itself, even when its file has been replaced since it started.
    let exe = text::read_regular_file(Path::new("/proc/self/exe"), ANY_SIZE).ok()?;
    let (Stamps { hash: stamps, entries }, _) = stamps(root)?;
    let hashed: Vec<Option<EntryHash>> = entries
        .par_iter()
        .map(|(path, kind)| {
            let rel = path.strip_prefix(&real).ok()?;
            let mut entry = Vec::with_capacity(128);
            field(&mut entry, rel.as_os_str().as_bytes());
            let (mut kept, mut contents) = (None, None);
            if kind.is_file() {
                let bytes = text::read_regular_file(path, ANY_SIZE).ok()?;
                entry.push(b'f');
                entry.extend_from_slice(digest(&bytes).as_bytes());
                if !keep.is_empty() {
                    let name = read::display_path(rel);
                    if keep.contains(name.as_str()) {
                        kept = Some((name, bytes.clone()));
                    }
                }
                if keep_pages && read::is_page_path(rel) {
                    contents = Some((rel.to_path_buf(), bytes));
                }
            } else if kind.is_symlink() {
                entry.push(b'l');
                field(&mut entry, std::fs::read_link(path).ok()?.as_os_str().as_bytes());
            } else {
                entry.push(if kind.is_dir() { b'd' } else { b'o' });
            }
            Some((entry, kept, contents))
        })
        .collect();
    let mut all = Vec::new();
    field(&mut all, format!("generator no-change record {FORMAT}").as_bytes());
    all.extend_from_slice(digest(&exe).as_bytes());
    field(&mut all, root.as_os_str().as_bytes());
    field(&mut all, real.as_os_str().as_bytes());
    let (mut texts, mut contents) = (BTreeMap::new(), read::Prefetched::new());
    let mut hasher = blake3::Hasher::new();
    hasher.update(&all);
    for item in hashed {
        let (entry, kept, read) = item?;
        hasher.update(&entry);
        texts.extend(kept);
        contents.extend(read);
    }
    Some(Hashed { key: hasher.finalize().to_hex().to_string(), stamps, texts, contents })
}

/// One entry's part of the key, its contents when kept (by name), and a page's contents when
/// pages are kept (by relative path).
type EntryHash = (Vec<u8>, Option<(String, Vec<u8>)>, Option<(PathBuf, Vec<u8>)>);

/// `bytes`, length first, so that no two sequences of fields hash alike.
fn field(out: &mut Vec<u8>, bytes: &[u8]) {
    out.extend_from_slice(&(bytes.len() as u64).to_le_bytes());
    out.extend_from_slice(bytes);
}

/// The BLAKE3 hash of `bytes`; a large file (model.json is ~50 MB) is hashed on every thread.
fn digest(bytes: &[u8]) -> blake3::Hash {
    const ONE_THREAD: usize = 1 << 20;
    if bytes.len() < ONE_THREAD {
        return blake3::hash(bytes);
    }
    blake3::Hasher::new().update_rayon(bytes).finalize()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What lets a run be recorded without reading its inputs again: a file rewritten with
    /// other bytes of the same size (or the same bytes) has other stamps once the clock moved.
    #[test]
    fn a_rewritten_file_changes_the_stamps_and_an_untouched_folder_keeps_them() {
        let dir = tempfile::tempdir().unwrap();
        let page = dir.path().join("a.md");
        std::fs::write(&page, "one").unwrap();
        let (before, newest) = stamps(dir.path()).unwrap();
        assert!(newest > now_nanos() - RACY_NANOS, "a file just written is within the racy window");
        assert_eq!(stamps(dir.path()).unwrap().0.hash, before.hash, "nothing written, the same stamps");
        std::thread::sleep(std::time::Duration::from_millis(30));
        std::fs::write(&page, "two").unwrap();
        assert_ne!(stamps(dir.path()).unwrap().0.hash, before.hash);
        std::thread::sleep(std::time::Duration::from_millis(30));
        std::fs::write(&page, "one").unwrap();
        assert_ne!(stamps(dir.path()).unwrap().0.hash, before.hash, "changed back, still other stamps");
    }
}
