//! The crate's fixed frame: `Cargo.toml` (with a feature per area), `src/lib.rs`, the entry
//! methods `Client::v1` and `Client::beta`, the runtime and the request-path helper.

use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use quote::quote;

use super::builders::{areas, feature, version_names};
use super::names::ident;
use super::tree::{Piece, VersionTree};
use crate::model::ApiVersion;

/// The hand-written files, emitted as is: (path in the output, contents). The runtime is a
/// crate of its own (`runtime/`, `graph-client-runtime`), a path dependency of the client:
/// regenerating the client leaves it unchanged, so cargo does not compile it again.
pub const FIXED_FILES: [(&str, &str); 19] = [
    ("src/client.rs", include_str!("../../templates/client.rs")),
    ("src/request_path.rs", include_str!("../../templates/request_path.rs")),
    ("runtime/src/auth.rs", include_str!("../../templates/runtime/auth.rs")),
    ("runtime/src/batch.rs", include_str!("../../templates/runtime/batch.rs")),
    ("runtime/src/call.rs", include_str!("../../templates/runtime/call.rs")),
    ("runtime/src/client.rs", include_str!("../../templates/runtime/client.rs")),
    ("runtime/src/cloud.rs", include_str!("../../templates/runtime/cloud.rs")),
    ("runtime/src/delta.rs", include_str!("../../templates/runtime/delta.rs")),
    ("runtime/src/download.rs", include_str!("../../templates/runtime/download.rs")),
    ("runtime/src/error.rs", include_str!("../../templates/runtime/error.rs")),
    ("runtime/src/lib.rs", include_str!("../../templates/runtime/lib.rs")),
    ("runtime/src/model.rs", include_str!("../../templates/runtime/model.rs")),
    ("runtime/src/paging.rs", include_str!("../../templates/runtime/paging.rs")),
    ("runtime/src/path.rs", include_str!("../../templates/runtime/path.rs")),
    ("runtime/src/permissions.rs", include_str!("../../templates/runtime/permissions.rs")),
    ("runtime/src/query.rs", include_str!("../../templates/runtime/query.rs")),
    ("runtime/src/retry.rs", include_str!("../../templates/runtime/retry.rs")),
    ("runtime/src/upload.rs", include_str!("../../templates/runtime/upload.rs")),
    ("runtime/Cargo.toml", RUNTIME_CARGO_TOML),
];

/// The runtime crate's manifest (`templates/runtime/`'s dependencies).
const RUNTIME_CARGO_TOML: &str = r#"[package]
name = "graph-client-runtime"
version = "0.1.0"
edition = "2021"
publish = false
description = "The runtime of the Microsoft Graph client generated from the API reference pages"

[dependencies]
# `gzip`: compressed responses, decompressed before the body limits count them.
reqwest = { version = "0.12", default-features = false, features = ["rustls-tls", "json", "gzip"] }
# The chunks of `Call::download_stream` (reqwest's own type).
bytes = "1"
serde = "1"
serde_json = "1"
percent-encoding = "2"
url = "2"
httpdate = "1"
# Paging streams; `futures` users get the same `Stream` trait.
futures-util = { version = "0.3", default-features = false, features = ["std"] }
# Waits between retries (reqwest already runs on tokio); `io-util`: the readers of uploads.
tokio = { version = "1", features = ["time", "io-util"] }
# Jitter of the retry backoff.
fastrand = "2"
# The models' date, time, GUID and binary properties (`model`).
chrono = { version = "0.4", default-features = false, features = ["std", "serde"] }
uuid = { version = "1", features = ["serde"] }
base64 = "0.22"
azure_core = { version = "1", default-features = false, optional = true }

[features]
# `AzureCredential`: tokens from any azure_core `TokenCredential` (azure_identity).
azure-identity = ["dep:azure_core"]
# `Client::batch` ($batch) and `Client::upload_session` (resumable uploads).
batch = []
upload = []
"#;

/// Dependencies match what `templates/runtime/` uses; one feature per (version, area), all
/// on by default through `full`. `wiring` gives the models' features and what each enables,
/// the areas' among them (the models their calls use): every model is gated by its own
/// feature, so which areas reach a model is written here, once, not in each model's file.
/// `v1-all-models` / `beta-all-models` compile every model of a version.
pub fn cargo_toml(trees: &[VersionTree<'_>], wiring: &[(String, Vec<String>)]) -> String {
    let areas: Vec<String> = trees.iter().flat_map(|t| areas(t).into_iter().map(|a| feature(t.version, &a))).collect();
    let enables: BTreeMap<&str, &[String]> = wiring.iter().map(|(f, e)| (f.as_str(), e.as_slice())).collect();
    let all_models: Vec<String> = trees
        .iter()
        .map(|t| super::models::all_models_feature(t.version))
        .filter(|f| enables.contains_key(f.as_str()))
        .collect();
    let mut out = r#"[package]
name = "graph-client"
version = "0.1.0"
edition = "2021"
publish = false
description = "Microsoft Graph client generated from the API reference pages"

[dependencies]
# The runtime (`graph_client::runtime`): HTTP, retries, paging, models' serde, permissions.
graph-client-runtime = { version = "0.1.0", path = "runtime" }
serde = "1"
serde_json = "1"
# The models' date, time and GUID properties.
chrono = { version = "0.4", default-features = false, features = ["std", "serde"] }
uuid = { version = "1", features = ["serde"] }

# One feature per top-level API area per version: `default-features = false,
# features = ["v1-users", "v1-me"]` compiles only those request builders and the models
# their calls use; `v1-all-models` / `beta-all-models` compile every model of a version.
[features]
default = ["full"]
# `runtime::AzureCredential`: tokens from any azure_core `TokenCredential` (azure_identity).
azure-identity = ["graph-client-runtime/azure-identity"]
"#
    .to_owned();
    let list = |features: &[String]| features.iter().map(|f| format!("\"{f}\"")).collect::<Vec<_>>().join(", ");
    let runtime = ["batch".to_owned(), "upload".to_owned()];
    let full: Vec<String> = runtime.iter().chain(&areas).chain(&all_models).cloned().collect();
    out.push_str(&format!("full = [{}]\n", list(&full)));
    out.push_str(
        "# `Client::batch` ($batch) and `Client::upload_session` (resumable uploads).\n\
         batch = [\"graph-client-runtime/batch\"]\nupload = [\"graph-client-runtime/upload\"]\n",
    );
    for area in &areas {
        out.push_str(&format!("{area} = [{}]\n", list(enables.get(area.as_str()).copied().unwrap_or_default())));
    }
    let models: Vec<&(String, Vec<String>)> = wiring.iter().filter(|(f, _)| !areas.contains(f)).collect();
    if !models.is_empty() {
        out.push_str("\n# The models: each compiled with its own feature, which compiles the models its properties\n");
        out.push_str("# name; the files of models (`-models.`) are compiled with any of their models.\n");
    }
    for (feature, enables) in models {
        out.push_str(&format!("\"{feature}\" = [{}]\n", list(enables)));
    }
    out
}

fn inner_docs(lines: &[String]) -> TokenStream {
    let attrs = lines.iter().map(|line| {
        let line = if line.is_empty() { String::new() } else { format!(" {line}") };
        quote!(#![doc = #line])
    });
    quote!(#(#attrs)*)
}

pub fn lib_rs(trees: &[VersionTree<'_>]) -> TokenStream {
    let mut lines: Vec<String> = [
        "A Microsoft Graph client generated from the Graph API reference pages.",
        "",
        "Requests are built along the URL: `client.v1()` or `client.beta()`, then one method per",
        "path segment (`users()`, `by_id(id)`, `messages()`), then one method per documented",
        "endpoint (`list()`, `get()`, `create(&body)`, `update(&body)`, `delete()`, or an action's",
        "own name such as `send_mail(&body)`). That method returns an unsent",
        "[`runtime::Call`], which knows the permissions its endpoint needs",
        "([`runtime::Call::permissions`], [`permissions::least_privileged_for_calls`]).",
        "Each method's docs give the path, the permissions, the documented status and the page",
        "it was generated from. Each top-level area is a cargo feature (`v1-users`, ...).",
    ]
    .map(str::to_owned)
    .to_vec();
    if let Some(example) = example(trees) {
        lines.extend(["".to_owned(), "# Example".to_owned(), "".to_owned()]);
        lines.extend(example);
    }
    let docs = inner_docs(&lines);
    // Modules carry their docs inside (`//!`): outer docs as well would make rustdoc resolve
    // the module's intra-doc links in the parent's scope. The version modules are generated
    // as prettyplease prints them, which is not what rustfmt writes: `cargo fmt` skips them
    // (and everything they declare) rather than rewriting 30 MB of code on every generation.
    let version_mods = trees.iter().map(|t| {
        let module = ident(version_names(t.version).0);
        quote!(#[rustfmt::skip] pub mod #module;)
    });
    quote! {
        #docs
        #![warn(missing_docs)]
        pub use graph_client_runtime as runtime;
        pub mod permissions;
        mod client;
        mod request_path;
        #(#version_mods)*
        // Two lines, short enough that prettyplease and rustfmt print them alike.
        pub use client::Client;
        pub use request_path::RequestBuilder;
        pub use runtime::{BoxError, Error, RetryAfter};
        pub use runtime::{StaticToken, TokenFuture, TokenProvider, DEFAULT_BASE_URL};
    }
}

/// `Client::v1()` or `Client::beta()`: the entry of one version, in that version's module.
pub fn client_entry(version: ApiVersion) -> TokenStream {
    let entry = ident(version_names(version).1);
    let prefix = format!("/{}", version.as_str());
    let doc = format!(" Requests to Microsoft Graph `{}`.", version.as_str());
    quote! {
        impl crate::Client {
            #[doc = #doc]
            pub fn #entry(&self) -> Root<'_> {
                Root::new(&self.0, crate::request_path::RequestPath::new(#prefix))
            }
        }
    }
}

/// A compiled (not run) doc example: the first endpoint method of the first version, reached
/// through the first navigation method at each level.
fn example(trees: &[VersionTree<'_>]) -> Option<Vec<String>> {
    let tree = trees.first()?;
    let mut chain = format!("client.{}()", version_names(tree.version).1);
    let mut shape = tree.root();
    let method = loop {
        if let Some(method) = shape.methods.first() {
            break method;
        }
        let (segment, child) = shape.children.first()?;
        let args: Vec<String> = segment.args.iter().map(|(_, documented)| format!("{documented:?}")).collect();
        chain.push_str(&format!(".{}({})", segment.name, args.join(", ")));
        shape = &tree.shapes[*child];
    };
    let mut args: Vec<String> = method
        .segment
        .iter()
        .flat_map(|s| s.pieces.iter())
        .filter_map(|p| match p {
            Piece::Param(documented) => Some(format!("{documented:?}")),
            Piece::Literal(_) => None,
        })
        .collect();
    args.extend(super::builders::example_body_args(method));
    chain.push_str(&format!(".{}({})", method.name, args.join(", ")));
    let mut lines = vec![
        "```no_run".to_owned(),
        "# async fn example() -> Result<(), graph_client::Error> {".to_owned(),
        "use graph_client::{Client, StaticToken};".to_owned(),
        String::new(),
        "let client = Client::new(StaticToken::new(\"<access token>\"));".to_owned(),
        format!("let call = {chain};"),
        "// What the app must be granted, known before sending:".to_owned(),
        "println!(\"{:?}\", call.permissions());".to_owned(),
        "let response = call.send_json().await?;".to_owned(),
        "println!(\"{response}\");".to_owned(),
    ];
    lines.extend(["# Ok(())".to_owned(), "# }".to_owned(), "```".to_owned()]);
    Some(lines)
}
