//! `src/permissions.rs` of the client crate: its facts, which live beside it in
//! `src/permissions.tsv` (see [`super::data`]), and the lookups over them; the types and the
//! parser are the runtime crate's (`templates/runtime/permissions.rs`).
//!
//! The module is the hand-written template `templates/permissions.rs`, emitted verbatim so
//! it keeps its comments, under a header and the module doc. It depends on no model: the
//! facts are all in the data file.

use quote::quote;

const TEMPLATE: &str = include_str!("../../templates/permissions.rs");

const MODULE_DOC: &str = "\
Permissions each documented Microsoft Graph endpoint requires, as the reference pages state them.

[`lookup`] finds the endpoint a request goes to; [`least_privileged`] answers the usual
question, which permission to ask for. [`endpoints`] lists every documented endpoint of
both API versions, sorted by version (v1.0 first), path and method; [`operation`] gives the
tables of one documented operation.

The facts are read, once, from the crate's `permissions.tsv` when first asked for. The same
facts are in `permissions.json`, in Microsoft's permissions schema.";

/// The whole file: header, module doc, then the fixed template.
pub(super) fn permissions_rs() -> String {
    let doc = MODULE_DOC.lines().map(|l| if l.is_empty() { String::new() } else { format!(" {l}") });
    let doc = crate::rust_print::unparse(quote! { #(#![doc = #doc])* });
    format!("{}\n{doc}\n{TEMPLATE}", crate::file_header::RUST)
}
