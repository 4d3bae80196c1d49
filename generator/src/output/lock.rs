//! One run at a time per output folder: an exclusive lock on a file beside it.
//!
//! The lock is the operating system's (`flock`), so a killed run releases it. The
//! holder removes the lock file when done; a run that opened the file just before
//! it was removed would then hold a lock nobody else sees, so after locking it checks
//! that the path still names the file it locked, and starts again if not.

use std::fs::{self, File, TryLockError};
use std::io;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

/// Held until dropped.
#[derive(Debug)]
pub struct Lock {
    path: PathBuf,
    // Closing the file releases the lock; it is dropped after the file is removed.
    _file: File,
}

impl Lock {
    /// Takes the lock at `path`, waiting for another run to release it; `on_wait` is called
    /// once, before waiting, so the user knows why nothing happens.
    pub fn acquire(path: &Path, on_wait: Option<&dyn Fn(&Path)>) -> io::Result<Lock> {
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)?;
        }
        let mut told = false;
        loop {
            let file = File::options().read(true).write(true).create(true).truncate(false).open(path)?;
            match file.try_lock() {
                Ok(()) => {}
                Err(TryLockError::WouldBlock) => {
                    if let (Some(on_wait), false) = (on_wait, told) {
                        on_wait(path);
                        told = true;
                    }
                    file.lock()?;
                }
                Err(TryLockError::Error(e)) => return Err(e),
            }
            let held = file.metadata()?;
            match fs::metadata(path) {
                Ok(now) if now.dev() == held.dev() && now.ino() == held.ino() => {
                    return Ok(Lock { path: path.to_path_buf(), _file: file });
                }
                // The previous holder removed it: lock the next one.
                _ => continue,
            }
        }
    }
}

impl Drop for Lock {
    fn drop(&mut self) {
        let _ = fs::remove_file(&self.path);
    }
}
