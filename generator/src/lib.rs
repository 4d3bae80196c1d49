//! Turns Microsoft Graph API reference pages into a Rust client and permission metadata.
//!
//! The pipeline, one module per stage, each naming only the layers below it:
//!
//! 1. [`read`]: find the pages under an input root, decode them, guess locale and version from the path.
//! 2. `doc` (private): the reading layer: open a page once (front matter, kind, markdown pass).
//! 3. [`page`]: parse an API page into a [`model::Page`]; `resource` (private): a resource or enum page into types.
//! 4. [`merge`]: merge pages that document the same operation into [`model::Operation`]s.
//! 5. [`check_examples`]: lint the docs' example bodies against the types (after the merge).
//! 6. [`emit_rust`]: the client crate; [`emit_permissions`]: permissions.json and its Rust twin.
//! 7. [`output`]: write `generated/` atomically, or check it is up to date.
//!
//! [`model`] is the hub both sides depend on; [`diagnostics`] is what every stage reports.
//! Below everything: `vocabulary` (all language knowledge, one table per concept), `text`
//! (hidden characters, bounded file reads, paths) and `file_header` (the generated-file
//! header). [`pipeline`] runs the stages in order; [`changelog`] and [`report`] read models.
//!
//! The public surface is what the binary, the benches and the tests use: the stages a caller
//! runs (or tests) alone, the model and the diagnostics; the reading layer, the resource
//! parser and the leaves are private. `layers_tests` keeps the imports going one way.

// The surface.
pub mod cache;
pub mod changelog;
pub mod check_examples;
pub mod diagnostics;
pub mod emit_permissions;
pub mod emit_rust;
pub mod merge;
pub mod model;
pub mod output;
pub mod page;
pub mod pipeline;
pub mod read;
pub mod report;

// Private: the reading layer, the resource parser and the leaves.
mod doc;
mod file_header;
mod resource;
mod rust_print;
mod text;
mod vocabulary;

#[cfg(test)]
mod layers_tests;
