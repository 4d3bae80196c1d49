//! Shared helpers for the acceptance tests.

pub mod csdl;
pub mod generated_crate;

use std::path::{Path, PathBuf};

/// The workspace root.
pub fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("tests/ has a parent").to_path_buf()
}

/// `docs-input/` of the workspace.
pub fn docs_input() -> PathBuf {
    workspace().join("docs-input")
}

/// The shared corpus folder (`../shared/corpus` from the workspace root).
pub fn corpus(name: &str) -> PathBuf {
    workspace().join("../shared/corpus").join(name)
}

/// The seed pages as shipped (`../shared/seeds`).
pub fn seeds() -> PathBuf {
    workspace().join("../shared/seeds")
}
