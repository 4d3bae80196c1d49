//! Emitting permission metadata: `permissions.json` (Microsoft's permissions schema) and
//! the same facts as Rust constants with a lookup.

use crate::model::{GeneratedFile, Model};

/// `permissions.json` and `src/permissions.rs`, paths relative to the output root.
pub fn emit(model: &Model) -> Vec<GeneratedFile> {
    let _ = model;
    Vec::new()
}
