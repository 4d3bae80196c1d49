//! What the command-line tests share: the workspace root and running the built generator.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The repository root (the generator crate's parent).
pub fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

/// Runs the built generator with `args` in `cwd`.
pub fn generator(args: &[&str], cwd: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_generator")).args(args).current_dir(cwd).output().unwrap()
}

/// A run's standard error, as text.
pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}
