//! Emitting permission metadata: `permissions.json` (Microsoft's permissions schema, see
//! [`json`]) and the same facts as Rust constants with a lookup, `src/permissions.rs` of the
//! client crate (see [`rust_module`]).
//!
//! One `permissions.json` covers both API versions, so its paths carry the version as their
//! first segment (`/v1.0/users/{usersId}/...`, `/beta/me/...`), unlike Microsoft's own file,
//! whose paths are relative to a version root. The Rust twin keeps version and path apart.
//!
//! Only what the pages say is emitted: no display names or descriptions are invented for
//! the scheme objects (the docs have none), and schemes a page marks "not supported" or
//! leaves unspecified contribute no permission.

mod json;
mod rust_module;

pub use rust_module::tables_const_names;

use crate::model::{GeneratedFile, Model};

/// Where `permissions.json` goes, relative to the output root.
pub const JSON_PATH: &str = "permissions.json";
/// Where the Rust twin goes, relative to the output root (the client crate's `lib.rs`
/// declares `pub mod permissions;`).
pub const RUST_PATH: &str = "src/permissions.rs";

/// `permissions.json` and `src/permissions.rs`, paths relative to the output root.
pub fn emit(model: &Model) -> Vec<GeneratedFile> {
    vec![
        GeneratedFile { path: JSON_PATH.to_string(), contents: json::permissions_json(model) },
        GeneratedFile { path: RUST_PATH.to_string(), contents: rust_module::permissions_rs(model) },
    ]
}
