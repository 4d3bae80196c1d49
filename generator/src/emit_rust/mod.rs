//! Emitting the Rust client crate from the model.

use crate::model::{GeneratedFile, Model};

/// Every file of the client crate, paths relative to the output root.
pub fn emit(model: &Model) -> Vec<GeneratedFile> {
    let _ = model;
    Vec::new()
}
