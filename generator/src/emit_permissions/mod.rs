//! Emitting permission metadata: permission documents in the schema of Microsoft's
//! permissions.json (kibali, see [`json`]) and the same facts for the client crate: the
//! data `src/permissions.tsv` (see [`data`]) and the module reading it with the lookups,
//! `src/permissions.rs` (see [`rust_module`]).
//!
//! - `permissions.json` is the drop-in form kibali tools load as they load Microsoft's own
//!   file: version-less, lower-case paths with `{id}` placeholders, v1.0 and beta merged
//!   (the rule and the path style: [`dropin`]);
//! - `permissions-v1.0.json` and `permissions-beta.json` keep each version apart, with the
//!   paths as the docs write them (case, parameter names), relative to the version root;
//! - `permissions-disagreements.json` lists where v1.0 and beta answer one (path, method,
//!   scheme) differently, which the merge settles for v1.0.
//!
//! Only what the pages say is emitted: no display names or descriptions are invented for
//! the scheme objects (the docs have none), and schemes a page marks "not supported" or
//! leaves unspecified contribute no permission.

mod data;
mod dropin;
mod json;
mod rust_module;

pub use dropin::kibali_path;

use crate::model::{ApiVersion, GeneratedFile, Model};

/// Where the drop-in `permissions.json` goes, relative to the output root.
pub const JSON_PATH: &str = "permissions.json";
/// Where the list of v1.0/beta disagreements goes, relative to the output root.
pub const DISAGREEMENTS_PATH: &str = "permissions-disagreements.json";
/// Where the Rust twin goes, relative to the output root (the client crate's `lib.rs`
/// declares `pub mod permissions;`).
pub const RUST_PATH: &str = "src/permissions.rs";
/// Where the facts the Rust twin reads go, relative to the output root (beside it: it
/// embeds them with `include_str!`).
pub const DATA_PATH: &str = "src/permissions.tsv";

/// Where the document of one version goes, relative to the output root:
/// `permissions-v1.0.json`, `permissions-beta.json`.
pub fn version_json_path(version: ApiVersion) -> String {
    format!("permissions-{}.json", version.as_str())
}

/// Every permission file, paths relative to the output root.
pub fn emit(model: &Model) -> Vec<GeneratedFile> {
    // The parts are independent: built side by side, in a fixed order.
    let version_json = |version| GeneratedFile {
        path: version_json_path(version),
        contents: json::document(&json::answers(model, version, |endpoint| endpoint.path.clone())),
    };
    let (((dropin, disagreements), tsv), (v1, beta)) = rayon::join(
        || rayon::join(|| dropin::dropin_and_disagreements(model), || data::permissions_tsv(model)),
        || rayon::join(|| version_json(ApiVersion::V1), || version_json(ApiVersion::Beta)),
    );
    let mut files = vec![
        GeneratedFile { path: JSON_PATH.to_string(), contents: dropin },
        GeneratedFile { path: DISAGREEMENTS_PATH.to_string(), contents: disagreements },
        v1,
        beta,
    ];
    files.push(GeneratedFile { path: RUST_PATH.to_string(), contents: rust_module::permissions_rs() });
    files.push(GeneratedFile { path: DATA_PATH.to_string(), contents: tsv });
    files
}
