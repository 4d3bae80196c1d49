//! The crate's fixed frame: `Cargo.toml`, `src/lib.rs`, the version modules, the runtime,
//! and one file per (version, resource).

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::{self, code};
use super::names::ident;
use super::plan::{ResourcePlan, VersionPlan};
use crate::model::{ApiVersion, Body};

/// The hand-written runtime, emitted as is: (path in the crate, contents).
pub const RUNTIME: [(&str, &str); 10] = [
    ("src/runtime/auth.rs", include_str!("../../templates/runtime/auth.rs")),
    ("src/runtime/call.rs", include_str!("../../templates/runtime/call.rs")),
    ("src/runtime/client.rs", include_str!("../../templates/runtime/client.rs")),
    ("src/runtime/cloud.rs", include_str!("../../templates/runtime/cloud.rs")),
    ("src/runtime/error.rs", include_str!("../../templates/runtime/error.rs")),
    ("src/runtime/mod.rs", include_str!("../../templates/runtime/mod.rs")),
    ("src/runtime/paging.rs", include_str!("../../templates/runtime/paging.rs")),
    ("src/runtime/path.rs", include_str!("../../templates/runtime/path.rs")),
    ("src/runtime/query.rs", include_str!("../../templates/runtime/query.rs")),
    ("src/runtime/retry.rs", include_str!("../../templates/runtime/retry.rs")),
];

/// Dependencies match what `templates/runtime/` uses.
pub fn cargo_toml() -> String {
    r#"[package]
name = "graph-client"
version = "0.1.0"
edition = "2021"
publish = false
description = "Microsoft Graph client generated from the API reference pages"

[dependencies]
reqwest = { version = "0.12", default-features = false, features = ["rustls-tls", "json"] }
serde = "1"
serde_json = "1"
percent-encoding = "2"
url = "2"
httpdate = "1"
# Paging streams; `futures` users get the same `Stream` trait.
futures-util = { version = "0.3", default-features = false, features = ["std"] }
# Waits between retries (reqwest already runs on tokio).
tokio = { version = "1", features = ["time"] }
# Jitter of the retry backoff.
fastrand = "2"
azure_core = { version = "1", default-features = false, optional = true }

[features]
# `runtime::AzureCredential`: tokens from any azure_core `TokenCredential` (azure_identity).
azure-identity = ["dep:azure_core"]
"#
    .to_owned()
}

fn inner_docs(lines: &[String]) -> TokenStream {
    let attrs = lines.iter().map(|line| {
        let line = if line.is_empty() { String::new() } else { format!(" {line}") };
        quote!(#![doc = #line])
    });
    quote!(#(#attrs)*)
}

pub fn lib_rs(versions: &[VersionPlan<'_>]) -> TokenStream {
    let mut lines: Vec<String> = [
        "A Microsoft Graph client generated from the Graph API reference pages.",
        "",
        "Every documented path of every documented operation is one `async fn` in",
        "`<version>::<resource>`, taking a [`Client`], the path parameters as `&str` and, when the",
        "operation takes one, a JSON body. Each function's docs give the path, the permissions and",
        "the page it was generated from. [`runtime`] holds the hand-written part; [`permissions`]",
        "the documented permissions as data.",
    ]
    .map(str::to_owned)
    .to_vec();
    if let Some(example) = example(versions) {
        lines.extend(["".to_owned(), "# Example".to_owned(), "".to_owned()]);
        lines.extend(example);
    }
    let docs = inner_docs(&lines);
    // Modules carry their docs inside (`//!`): outer docs as well would make rustdoc resolve
    // the module's intra-doc links in the parent's scope.
    let version_mods = versions.iter().map(|v| {
        let module = ident(&v.module);
        quote!(pub mod #module;)
    });
    quote! {
        #docs
        #![warn(missing_docs)]
        pub mod runtime;
        pub mod permissions;
        #(#version_mods)*
        pub use runtime::{BoxError, Client, Error, RetryAfter, StaticToken, TokenFuture, TokenProvider, DEFAULT_BASE_URL};
    }
}

/// A compiled (not run) doc example calling the first generated function.
fn example(versions: &[VersionPlan<'_>]) -> Option<Vec<String>> {
    let version = versions.first()?;
    let resource = version.resources.first()?;
    let f = resource.fns.first()?;
    let mut args = vec!["&client".to_owned()];
    args.extend(f.endpoint.params().map(|p| format!("{:?}", p)));
    if f.op.body == Body::Expected {
        args.push("&serde_json::json!({})".to_owned());
    }
    let call = format!("graph_client::{}::{}::{}({})", version.module, resource.module, f.name, args.join(", "));
    let call = if docs::is_no_content(f.op.success_status.as_ref().map(|s| s.code)) {
        format!("{call}.await?;")
    } else {
        format!("let response = {call}.await?;\nprintln!(\"{{response}}\");")
    };
    let mut lines = vec![
        "```no_run".to_owned(),
        "# async fn example() -> Result<(), graph_client::Error> {".to_owned(),
        "use graph_client::{Client, StaticToken};".to_owned(),
        String::new(),
        "let client = Client::new(StaticToken::new(\"<access token>\"));".to_owned(),
    ];
    lines.extend(call.lines().map(str::to_owned));
    lines.extend(["# Ok(())".to_owned(), "# }".to_owned(), "```".to_owned()]);
    Some(lines)
}

pub fn version_mod_rs(version: &VersionPlan<'_>) -> TokenStream {
    let mut lines = vec![format!("Microsoft Graph {}: one module per resource.", code(version.version.as_str()))];
    lines.push(String::new());
    for r in &version.resources {
        lines.push(format!("- [`{}`]: operations on {}", r.module, code(&r.resource)));
    }
    if version.version == ApiVersion::Beta {
        lines.push(String::new());
        lines.push("Beta APIs are subject to change and are not supported for production use.".to_owned());
    }
    let docs = inner_docs(&lines);
    let mods = version.resources.iter().map(|r| {
        let module = ident(&r.module);
        quote!(pub mod #module;)
    });
    quote!(#docs #(#mods)*)
}

/// The frame of a resource module: its docs and imports (the functions follow, see `resource_file`).
pub fn resource_head(version: ApiVersion, resource: &ResourcePlan<'_>) -> TokenStream {
    let mut lines = vec![
        format!("Operations on {} in Microsoft Graph {}.", code(&resource.resource), code(version.as_str())),
        String::new(),
        "One function per documented path:".to_owned(),
        String::new(),
    ];
    for f in &resource.fns {
        lines.push(format!("- [`{}`]: {}", f.name, code(&format!("{} {}", f.endpoint.method, f.endpoint.path))));
    }
    let docs = inner_docs(&lines);
    quote! {
        #docs
        use crate::runtime::{Client, Error, Method, Part};
    }
}
