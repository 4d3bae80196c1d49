//! Turns Microsoft Graph API reference pages into a Rust client and permission metadata.
//!
//! The pipeline, one module per stage:
//!
//! 1. [`read`]: find the pages under an input root, decode them, guess locale and version from the path.
//! 2. [`page`]: parse one API page into a [`model::Page`]; [`resource`]: one resource or enum page into types.
//! 3. [`merge`]: merge pages that document the same operation into [`model::Operation`]s.
//! 4. [`check_examples`]: lint the docs' example bodies against the types (after the merge).
//! 5. [`emit_rust`]: the client crate; [`emit_permissions`]: permissions.json and its Rust twin.
//! 6. [`output`]: write `generated/` atomically, or check it is up to date.
//!
//! [`model`] is the hub both sides depend on; [`diagnostics`] is what every stage reports.
//! [`vocabulary`] holds all language knowledge (labels, phrases), one table per concept.
//! [`pipeline`] runs the stages in order; [`changelog`] and [`report`] read models.

pub mod changelog;
pub mod check_examples;
pub mod diagnostics;
mod doc;
pub mod emit_permissions;
pub mod emit_rust;
mod file_header;
pub mod merge;
pub mod model;
pub mod output;
pub mod page;
pub mod pipeline;
pub mod read;
pub mod report;
pub mod resource;
mod text;
pub mod vocabulary;
