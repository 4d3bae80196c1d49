//! One `pub async fn` per documented endpoint of an operation.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::docs;
use super::names::{ident, snake_ident, UniqueNames};
use crate::model::{Body, Endpoint, Operation, PathPart};

/// The Rust parameters a generated function takes besides the path parameters.
const FIXED_PARAMS: &[&str] = &["client", "body"];

/// Clippy's default `too_many_arguments` threshold.
const CLIPPY_MAX_ARGUMENTS: usize = 7;

/// The function calling `endpoint` of `op`, named `fn_name` (already unique in its module):
/// its doc lines, and the item without them.
pub fn endpoint_fn(op: &Operation, endpoint: &Endpoint, fn_name: &str) -> (Vec<String>, TokenStream) {
    let mut param_names = UniqueNames::with_reserved(FIXED_PARAMS);
    let params: Vec<(String, String)> = endpoint
        .params()
        .map(|documented| (param_names.claim(snake_ident(documented, "param")), documented.to_owned()))
        .collect();

    let doc_lines = docs::endpoint_docs(op, endpoint, &params);

    let name = ident(fn_name);
    let param_idents: Vec<_> = params.iter().map(|(rust, _)| ident(rust)).collect();
    let parts = path_parts(op.version.as_str(), &endpoint.parts, &params);
    let method = ident(endpoint.method.as_str());

    let has_body = op.body == Body::Expected;
    let (generics, body_param, body_call) = if has_body {
        (quote!(<B: serde::Serialize + ?Sized>), quote!(, body: &B), quote!(.json(body)))
    } else {
        (quote!(), quote!(), quote!())
    };
    let status = op.success_status.as_ref().map(|s| s.code);
    let expect = status.map(|code| {
        let code = Literal::u16_unsuffixed(code);
        quote!(.expect_status(#code))
    });
    let (output, send) = if docs::is_no_content(status) {
        (quote!(()), quote!(send_no_content))
    } else {
        (quote!(serde_json::Value), quote!(send_json))
    };
    let argument_count = 1 + params.len() + usize::from(has_body);
    let allow = (argument_count > CLIPPY_MAX_ARGUMENTS).then(|| quote!(#[allow(clippy::too_many_arguments)]));

    let item = quote! {
        #allow
        pub async fn #name #generics(client: &Client #(, #param_idents: &str)* #body_param) -> Result<#output, Error> {
            client
                .request(Method::#method, &[#(#parts),*])
                #body_call
                #expect
                .#send()
                .await
        }
    };
    (doc_lines, item)
}

/// `Part::Literal` / `Part::Param` expressions for the path, prefixed with `/{version}`.
fn path_parts(version: &str, parts: &[PathPart], params: &[(String, String)]) -> Vec<TokenStream> {
    let mut out = Vec::new();
    let mut prefix = Some(format!("/{version}"));
    let mut params = params.iter();
    for part in parts {
        match part {
            PathPart::Literal(text) => {
                // Fold the version into the first literal: `"/beta/me/managedDevices/"`.
                let text = format!("{}{text}", prefix.take().unwrap_or_default());
                out.push(quote!(Part::Literal(#text)));
            }
            PathPart::Param(documented) => {
                if let Some(prefix) = prefix.take() {
                    out.push(quote!(Part::Literal(#prefix)));
                }
                let (rust, _) = params.next().expect("one Rust name per path parameter");
                let rust = ident(rust);
                out.push(quote!(Part::Param(#documented, #rust)));
            }
        }
    }
    if let Some(prefix) = prefix {
        out.push(quote!(Part::Literal(#prefix)));
    }
    out
}
