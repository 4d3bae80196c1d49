//! One request-builder type per shape of the path tree ([`super::tree`]), and the files of a
//! version: `mod.rs` (the version's [`Root`](super::tree::VersionTree::root) and the area
//! modules), one file per top-level area, and `shared_builders.rs` for types reached from
//! several areas. Every area is a cargo feature (`v1-users`, `beta-device-management`); a
//! type in `shared_builders.rs` is compiled when any of the areas reaching it is.

use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::{self, code};
use super::models::ModelSet;
use super::names::ident;
use super::request_bodies::RequestBodies;
use super::tokens::{braced, concat};
use super::tree::{MethodSpec, Piece, Segment, Shape, VersionTree};
use crate::model::{ApiVersion, Body, ExampleKind, Method, PathResponse};

/// The module holding types reached from several areas (no Graph area is named so).
pub const SHARED_MODULE: &str = "shared_builders";

/// Clippy's default `too_many_arguments` threshold.
const CLIPPY_MAX_ARGUMENTS: usize = 7;

/// Types listed in a builder's docs before "and N more".
const PATHS_SHOWN: usize = 4;

/// The version's module name (`v1_0`), entry method (`v1`) and feature prefix (`v1`).
pub fn version_names(version: ApiVersion) -> (&'static str, &'static str) {
    match version {
        ApiVersion::V1 => ("v1_0", "v1"),
        ApiVersion::Beta => ("beta", "beta"),
    }
}

/// The cargo feature of a top-level area: `v1-users`, `beta-device-management`.
pub fn feature(version: ApiVersion, area: &str) -> String {
    format!("{}-{}", version_names(version).1, area.trim_matches('_').replace('_', "-"))
}

/// The top-level areas of a version, sorted: its root's navigation and flattened methods.
pub fn areas(tree: &VersionTree<'_>) -> Vec<String> {
    let root = tree.root();
    let mut areas: Vec<String> = root.children.iter().map(|(s, _)| s.name.clone()).collect();
    areas.extend(root.methods.iter().filter_map(|m| m.segment.as_ref().map(|s| s.name.clone())));
    areas.sort();
    areas.dedup();
    areas
}

/// The Rust files of one version, as paths relative to `src/<version>/`: `mod.rs` first, then
/// a file per area (and [`SHARED_MODULE`]), sorted. Each file's tokens are built on their own
/// by [`version_file`], so that the files of a version can be built in parallel.
pub fn version_file_names(tree: &VersionTree<'_>) -> Vec<String> {
    let mut names = vec!["mod.rs".to_owned()];
    names.extend(area_files(tree).into_iter().map(|file| format!("{file}.rs")));
    names
}

/// The files of a version's areas and shared types (no `.rs`), sorted.
fn area_files(tree: &VersionTree<'_>) -> std::collections::BTreeSet<String> {
    let mut files = std::collections::BTreeSet::new();
    for shape in tree.shapes.iter().skip(1) {
        files.insert(shape_file(shape).to_owned());
        files.extend(shape.aliases.iter().map(|alias| alias.area.clone()));
    }
    files
}

/// The file of a shape: its area's, or the shared one.
fn shape_file<'s>(shape: &'s Shape<'_>) -> &'s str {
    match shape.areas.len() {
        1 => shape.areas.first().map_or("", String::as_str),
        _ => SHARED_MODULE,
    }
}

/// The tokens of one file of [`version_file_names`].
pub fn version_file(
    tree: &VersionTree<'_>,
    models: &ModelSet<'_>,
    bodies: &RequestBodies<'_>,
    name: &str,
) -> TokenStream {
    let Some(file) = name.strip_suffix(".rs").filter(|_| name != "mod.rs") else {
        return mod_rs(tree, &area_files(tree), models, bodies);
    };
    let (mut items, mut markers) = (Vec::new(), Vec::new());
    for (i, shape) in tree.shapes.iter().enumerate().skip(1) {
        if shape_file(shape) == file {
            let cfg = match shape.areas.len() {
                1 => quote!(),
                _ => {
                    let features = shape.areas.iter().map(|a| feature(tree.version, a));
                    quote!(#[cfg(any(#(feature = #features),*))])
                }
            };
            let (shape_items, marker) = shape_tokens(tree, i, &cfg, file, models, bodies);
            items.push(shape_items);
            markers.push(marker);
        }
        for alias in shape.aliases.iter().filter(|alias| alias.area == file) {
            let (name, target) = (ident(&alias.name), type_path(tree, &shape.name));
            let doc = format!(
                " Request builder for {}: [`{}`]({}), named after this path.",
                code(&alias.path),
                shape.name,
                target.to_string().replace(' ', "")
            );
            items.push(quote! {
                #[doc = #doc]
                pub type #name<'c> = #target<'c>;
            });
        }
    }
    let what = if file == SHARED_MODULE {
        " Request builders reached from several areas, each compiled with any of them.".to_owned()
    } else {
        format!(" Request builders of the {} area (feature {}).", code(file), code(&feature(tree.version, file)))
    };
    let markers = marker_module(file, markers);
    concat([quote!(#![doc = #what])].into_iter().chain(items).chain([markers]))
}

fn mod_rs(
    tree: &VersionTree<'_>,
    area_files: &std::collections::BTreeSet<String>,
    models: &ModelSet<'_>,
    bodies: &RequestBodies<'_>,
) -> TokenStream {
    let mut lines = vec![
        format!(
            "Microsoft Graph {}: start at [`Root`], from `client.{}()`.",
            code(tree.version.as_str()),
            version_names(tree.version).1
        ),
        String::new(),
        "Each top-level area is a cargo feature (all on by default):".to_owned(),
        String::new(),
    ];
    let root = tree.root();
    let segments = root.children.iter().map(|(s, _)| s).chain(root.methods.iter().filter_map(|m| m.segment.as_ref()));
    let templates: BTreeMap<&str, String> = segments.map(|s| (s.name.as_str(), s.template())).collect();
    for (area, template) in templates {
        lines.push(format!("- {}: feature {}", code(&format!("/{template}")), code(&feature(tree.version, area))));
    }
    if tree.version == ApiVersion::Beta {
        lines.push(String::new());
        lines.push("Beta APIs are subject to change and are not supported for production use.".to_owned());
    }
    let docs = lines.iter().map(|l| if l.is_empty() { String::new() } else { format!(" {l}") });
    let shared_areas: std::collections::BTreeSet<&String> =
        tree.shapes.iter().filter(|s| s.areas.len() > 1).flat_map(|s| &s.areas).collect();
    let mods = area_files.iter().map(|file| {
        let module = ident(file);
        if file == SHARED_MODULE {
            let features = shared_areas.iter().map(|a| feature(tree.version, a));
            let gate = quote!(#[cfg(any(#(feature = #features),*))]);
            quote!(#gate mod #module; #gate pub use #module::*;)
        } else {
            let feature = feature(tree.version, file);
            quote!(#[cfg(feature = #feature)] mod #module; #[cfg(feature = #feature)] pub use #module::*;)
        }
    });
    let (root, root_marker) = shape_tokens(tree, 0, &quote!(), ROOT_FILE, models, bodies);
    let root_markers = marker_module(ROOT_FILE, vec![root_marker]);
    let entry = super::crate_files::client_entry(tree.version);
    let models_mod = (!models.is_empty()).then(|| {
        let module = ident(super::models::MODULE);
        quote!(pub mod #module;)
    });
    let bodies_mod = (!bodies.is_empty()).then(|| {
        let (module, cfg) = (ident(super::request_bodies::MODULE), bodies.module_cfg());
        quote!(#cfg pub mod #module;)
    });
    quote! {
        #(#![doc = #docs])*
        #models_mod
        #bodies_mod
        #(#mods)*
        #entry
        #root
        #root_markers
    }
}

/// The name [`marker_module`] gives the root's file (`mod.rs`); no area file is named so, and
/// one that were would only shadow it.
const ROOT_FILE: &str = "root";

/// The module of a file's path markers (`users_paths`), each named as its path's type.
fn marker_module_name(file: &str) -> syn::Ident {
    ident(&format!("{file}_paths"))
}

/// The path markers of one file's request builders (see `RequestBuilder` in
/// `templates/request_path.rs`): a module of their own, so that a marker is named exactly as
/// its path's type.
fn marker_module(file: &str, markers: Vec<TokenStream>) -> TokenStream {
    let module = marker_module_name(file);
    let doc = " The paths of these request builders, one marker type each: \
               [`RequestBuilder`](crate::RequestBuilder)`<'c, P>` with the marker of a path is that path's builder.";
    quote! {
        #[doc = #doc]
        pub mod #module {
            #(#markers)*
        }
    }
}

/// The type alias and impl of one shape (its `RequestBuilder`), and its path marker. `cfg`
/// gates all three (shared types).
fn shape_tokens(
    tree: &VersionTree<'_>,
    index: usize,
    cfg: &TokenStream,
    file: &str,
    models: &ModelSet<'_>,
    bodies: &RequestBodies<'_>,
) -> (TokenStream, TokenStream) {
    let shape = &tree.shapes[index];
    let name = ident(&shape.name);
    let marker_module = marker_module_name(file);
    let doc = struct_docs(tree, shape, index == 0);
    let is_root = index == 0;
    let feature_of = |segment: &Segment| -> TokenStream {
        if is_root {
            let feature = feature(tree.version, &segment.name);
            quote!(#[cfg(feature = #feature)])
        } else {
            quote!()
        }
    };
    let navigation = shape.children.iter().map(|(segment, child)| {
        let target = type_path(tree, &tree.shapes[*child].name);
        let fn_name = ident(&segment.name);
        let args = segment.args.iter().map(|(rust, _)| ident(rust));
        let push = segment_pushes(segment);
        let gate = feature_of(segment);
        let path = "a path of folders, `/` between them, each name percent-encoded when sent";
        let doc = match (segment.is_key(), segment.after_colon && !segment.args.is_empty()) {
            (true, true) => format!(" One item, by {}: {path}.", code(&segment.template())),
            (true, false) => format!(" One item, by {} (percent-encoded when sent).", code(&segment.template())),
            (false, true) => format!(" The requests under {}: {path}.", code(&segment.template())),
            (false, false) => format!(" The requests under {}.", code(&segment.template())),
        };
        // `#[inline]` on every builder method: rustc then generates machine code only for the
        // methods a program calls, in its own crate, instead of for all ten thousand here
        // (measured on en-2021: code generation and LLVM go from about 8 s to about 1 s).
        quote! {
            #[doc = #doc]
            #gate
            #[inline]
            pub fn #fn_name(&self #(, #args: &str)*) -> #target<'c> {
                #target::new(self.client, self.path.clone() #(#push)*)
            }
        }
    });
    let methods = shape.methods.iter().map(|m| {
        let gate = m.segment.as_ref().map(&feature_of).unwrap_or_default();
        let path_body = path_body_model(shape, m, models);
        concat([gate, method_tokens(tree.version, m, models, bodies, path_body)])
    });
    let body = braced(navigation.chain(methods));
    let marker_doc = format!(" The path of [`{}`](super::{}).", shape.name, shape.name);
    let items = quote! {
        #(#[doc = #doc])*
        #cfg
        pub type #name<'c> = crate::RequestBuilder<'c, #marker_module::#name>;

        #cfg
        impl<'c> crate::RequestBuilder<'c, #marker_module::#name> #body
    };
    let marker = quote! {
        #[doc = #marker_doc]
        #cfg
        pub enum #name {}
    };
    (items, marker)
}

fn type_path(tree: &VersionTree<'_>, name: &str) -> TokenStream {
    let module = ident(version_names(tree.version).0);
    let name = ident(name);
    quote!(crate::#module::#name)
}

fn struct_docs(tree: &VersionTree<'_>, shape: &Shape<'_>, is_root: bool) -> Vec<String> {
    if is_root {
        return vec![format!(" The root of Microsoft Graph {}.", code(tree.version.as_str()))];
    }
    let mut paths = shape.paths.iter();
    let first = paths.next().map(|p| code(p)).unwrap_or_default();
    let mut lines = vec![format!(" Request builder for {first}.")];
    let others: Vec<String> = paths.by_ref().take(PATHS_SHOWN).map(|p| code(p)).collect();
    if !others.is_empty() {
        let more = shape.paths.len() - 1 - others.len();
        let more = if more > 0 { format!(" and {more} more") } else { String::new() };
        lines.extend([String::new(), format!(" Also for {}{more}.", others.join(", "))]);
    }
    lines
}

/// `.literal(..)` / `.param(..)` calls adding `segment` to a path.
fn segment_pushes(segment: &Segment) -> Vec<TokenStream> {
    let mut out = Vec::new();
    let mut args = segment.args.iter();
    for (i, piece) in segment.pieces.iter().enumerate() {
        match piece {
            Piece::Literal(text) => {
                let text = if i == 0 { format!("/{text}") } else { text.clone() };
                out.push(quote!(.literal(#text)));
            }
            Piece::Param(documented) => {
                if i == 0 {
                    out.push(quote!(.literal("/")));
                }
                let (rust, _) = args.next().expect("one Rust name per parameter");
                let rust = ident(rust);
                out.push(match segment.after_colon {
                    true => quote!(.path_param(#documented, #rust)),
                    false => quote!(.param(#documented, #rust)),
                });
            }
        }
    }
    out
}

/// One endpoint method: rustdoc from the docs, the call with its permissions attached.
/// The model a method sends when its page names none, from its path: an update (PATCH, PUT)
/// of the item the same path's GET returns, or a new item (POST) of the collection it
/// returns, as OData defines these requests (the entity's properties; an update sends those
/// set). Not for a path ending in a `$` segment (`$ref` sends a reference, not the item), nor
/// when the page documents a request `Content-Type` that is not JSON (a OneNote page is HTML).
fn path_body_model(shape: &Shape<'_>, m: &MethodSpec<'_>, models: &ModelSet<'_>) -> Option<(TokenStream, String)> {
    if m.segment.is_some() || !takes_body(m) || stream_of(m).is_some() {
        return None;
    }
    let get = shape.methods.iter().find(|g| g.method == Method::Get && g.segment.is_none())?;
    let (_, collection) = response_model(get, models)?;
    let wanted = match m.method {
        Method::Patch | Method::Put => false,
        Method::Post => true,
        _ => return None,
    };
    let last_is_system = |path: &str| path.rsplit('/').next().is_some_and(|last| last.starts_with('$'));
    let json = |h: &crate::model::RequestHeader| {
        !h.name.eq_ignore_ascii_case("content-type") || h.description.to_ascii_lowercase().contains("json")
    };
    if collection != wanted
        || m.endpoints.iter().any(|e| last_is_system(&e.path))
        || !m.op.request_headers.iter().all(json)
    {
        return None;
    }
    let (type_name, _) = response_link(get)?;
    Some((models.struct_path(&type_name)?, type_name))
}

fn method_tokens(
    version: ApiVersion,
    m: &MethodSpec<'_>,
    models: &ModelSet<'_>,
    bodies: &RequestBodies<'_>,
    path_body: Option<(TokenStream, String)>,
) -> TokenStream {
    let mut doc = docs::method_docs(m.op, &m.endpoints, &m.also, m.documented_differently);
    let name = ident(&m.name);
    let (mut args, push) = match &m.segment {
        Some(segment) => (segment.args.iter().map(|(rust, _)| ident(rust)).collect(), segment_pushes(segment)),
        None => (vec![], vec![]),
    };
    // Required query parameters are arguments: a call without them is not the documented one.
    args.extend(m.query_args.iter().map(|(rust, _)| ident(rust)));
    let queries = m.query_args.iter().map(|(rust, name)| {
        let rust = ident(rust);
        quote!(.query(#name, #rust))
    });
    let method = ident(m.method.as_str());
    let stream = stream_of(m);
    let has_body = takes_body(m);
    let request_model = m.op.request_type.as_ref().filter(|link| link.collection != Some(true));
    let request_model =
        request_model.and_then(|link| models.struct_path(&link.type_name)).or_else(|| bodies.struct_path(m.op));
    let request_model = match (request_model, path_body) {
        (Some(model), _) => Some(model),
        (None, Some((model, type_name))) => {
            let at = doc.iter().position(|l| l.starts_with("# ")).unwrap_or(doc.len());
            let what = if m.method == Method::Post {
                "a new item of the collection"
            } else {
                "the properties to change of the item"
            };
            let line = format!(
                "The page names no body type: the body is {what} this path's GET returns ({}); \
                 only the fields set are sent. [`Call::json`](crate::runtime::Call::json) sends any other value.",
                code(&type_name)
            );
            doc.splice(at..at, [line, String::new()]);
            Some(model)
        }
        (None, None) => None,
    };
    if let Some(path) = bodies.struct_path(m.op).filter(|_| has_body) {
        let path = path.to_string().replace(' ', "");
        let name = path.rsplit(':').next().unwrap_or_default();
        // After the endpoints, before the `# Permissions` section.
        let at = doc.iter().position(|l| l.starts_with("# ")).unwrap_or(doc.len());
        let lines = [
            format!("The body holds the action's parameters ([`{name}`]({path})). To send a body it"),
            format!("cannot express, pass `&{name}::default()` and replace it with"),
            "[`Call::json`](crate::runtime::Call::json): `.json(&value)` sends any `serde::Serialize` value."
                .to_owned(),
            String::new(),
        ];
        doc.splice(at..at, lines);
    }
    if let Some(stream) = stream {
        let at = doc.iter().position(|l| l.starts_with("# ")).unwrap_or(doc.len());
        doc.splice(at..at, stream_docs(stream));
    } else if !has_body && m.op.body == Body::Expected {
        let at = doc.iter().position(|l| l.starts_with("# ")).unwrap_or(doc.len());
        let why = match m.method {
            Method::Get | Method::Head | Method::Options => {
                format!("The page describes a request body, but a {} sends none: the call takes none.", m.method)
            }
            _ => "The page documents no parameters and its example sends no body: the call takes none.".to_owned(),
        };
        let lines =
            [why, "[`Call::json`](crate::runtime::Call::json) sends one: `.json(&value)`.".to_owned(), String::new()];
        doc.splice(at..at, lines);
    }
    if !m.query_args.is_empty() {
        let named: Vec<String> = m.query_args.iter().map(|(rust, name)| format!("`{rust}` is `{name}`")).collect();
        let at = doc.iter().position(|l| l.starts_with("# ")).unwrap_or(doc.len());
        let line = format!("The documented query's required parameters are arguments: {}.", named.join(", "));
        doc.splice(at..at, [line, String::new()]);
    }
    let doc = doc.iter().map(|l| docs::literal(&if l.is_empty() { String::new() } else { format!(" {l}") }));
    let (generics, body_param, body_call) = match (has_body, request_model) {
        (true, _) if stream == Some(Stream::Upload) => {
            (quote!(), quote!(, content_type: &str, body: impl Into<Vec<u8>>), quote!(.bytes(content_type, body)))
        }
        (false, _) => (quote!(), quote!(), quote!()),
        // Generic, so that serializing the model is compiled in the caller's crate, for the
        // bodies it sends, rather than in this one for all of them.
        (true, Some(model)) => {
            (quote!(<B: std::borrow::Borrow<#model>>), quote!(, body: &B), quote!(.json(body.borrow())))
        }
        (true, None) => (quote!(<B: serde::Serialize + ?Sized>), quote!(, body: &B), quote!(.json(body))),
    };
    let response = match stream {
        Some(Stream::Download) => Some(quote!(crate::runtime::Download)),
        _ => response_type(m, models),
    };
    let (response, returning) = match response {
        Some(ty) => (quote!(, #ty), quote!(.returning())),
        None => (quote!(), quote!()),
    };
    let (version, key) = (version.as_str(), m.op.key.as_str());
    let call = match m.documented_differently {
        true => quote!(.call(self.client, crate::runtime::Method::#method).permissions_documented_differently()),
        false => quote!(.endpoint(self.client, crate::runtime::Method::#method, #version, #key)),
    };
    // The path is borrowed as it is, or extended (a function's parameters) from a copy.
    let path = match push.is_empty() {
        true => quote!(self.path),
        false => quote!(self.path.clone() #(#push)*),
    };
    let body_args = match (has_body, stream) {
        (false, _) => 0,
        (true, Some(Stream::Upload)) => 2,
        (true, _) => 1,
    };
    let allow =
        (1 + args.len() + body_args > CLIPPY_MAX_ARGUMENTS).then(|| quote!(#[allow(clippy::too_many_arguments)]));
    quote! {
        #(#[doc = #doc])*
        #allow
        #[inline]
        pub fn #name #generics(&self #(, #args: &str)* #body_param) -> crate::runtime::Call<'c #response> {
            #path
                #call
                #(#queries)*
                #body_call
                #returning
        }
    }
}

/// What the docs say the call returns: a model, or a `runtime::Page` of them when the page says it
/// is a collection. `None` (untyped) when the page names no model or does not say whether
/// it is one object or a collection.
fn response_type(m: &MethodSpec<'_>, models: &ModelSet<'_>) -> Option<TokenStream> {
    response_model(m, models)?;
    let (type_name, collection) = response_link(m)?;
    let model = models.struct_path(&type_name)?;
    match collection? {
        true => Some(quote!(crate::runtime::Page<#model>)),
        false => Some(model),
    }
}

/// The model a method decodes its response into (its qualified Graph name) and whether the
/// response is a page of them: what [`response_type`] types, for measuring the client.
pub(super) fn response_model(m: &MethodSpec<'_>, models: &ModelSet<'_>) -> Option<(String, bool)> {
    let (type_name, collection) = response_link(m)?;
    let def = models.struct_def(&type_name)?;
    Some((def.odata_type(), collection?))
}

/// The type a method's response carries and whether it is a collection: as its path says
/// where the merge recorded that (its first endpoint's reading), else as its page says;
/// `None` (untyped) for a call its page documents only with a query of values.
pub(super) fn response_link(m: &MethodSpec<'_>) -> Option<(String, Option<bool>)> {
    // Documented only with a query of values (`?$filter=...` on an extended property's page):
    // the page says what that call returns, not what the plain one does.
    if m.endpoints.first().is_some_and(|e| e.has_variant_query()) {
        return None;
    }
    match m.endpoints.first().and_then(|e| e.response.as_ref()) {
        Some(PathResponse::Typed { type_name, collection }) => Some((type_name.clone(), Some(*collection))),
        Some(PathResponse::Bytes | PathResponse::Value) => None,
        None => m.op.response_type.as_ref().map(|link| (link.type_name.clone(), link.collection)),
    }
}

/// A method moving the bytes of a stream rather than a model: a GET of a `$value` or
/// `/content` path downloads them, a PUT there uploads them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Stream {
    Download,
    Upload,
}

/// Whether `m` downloads or uploads the bytes its path addresses
/// ([`Endpoint::addresses_bytes`](crate::model::Endpoint::addresses_bytes), also for the pages
/// the merge leaves unread: a download answered by a redirect), without a documented query of
/// values.
pub(super) fn stream_of(m: &MethodSpec<'_>) -> Option<Stream> {
    let endpoint = m.endpoints.first()?;
    if endpoint.has_variant_query() {
        return None;
    }
    let bytes = endpoint.addresses_bytes();
    match m.method {
        _ if !bytes => None,
        Method::Get => Some(Stream::Download),
        Method::Put => Some(Stream::Upload),
        _ => None,
    }
}

fn stream_docs(stream: Stream) -> Vec<String> {
    let lines: &[&str] = match stream {
        Stream::Download => &[
            "A download: [`send`](crate::runtime::Call::send) returns the body's bytes, whatever",
            "its content type ([`Download`](crate::runtime::Download)); [`download`](crate::runtime::Call::download)",
            "keeps the status and headers, [`download_stream`](crate::runtime::Call::download_stream)",
            "gives the chunks as they arrive. Graph may answer with a redirect to a pre-authenticated",
            "URL on another host: the call follows it there without the token or the call's headers.",
        ],
        Stream::Upload => &[
            "An upload: `body` is sent as it is, with `content_type` as its `Content-Type`",
            "(`text/plain`, `image/jpeg`, `application/octet-stream`; see",
            "[`Call::bytes`](crate::runtime::Call::bytes)). Graph takes files up to 4 MB this way;",
            "larger ones go through an upload session ([`Client::upload_session`](crate::runtime::Client::upload_session)).",
        ],
    };
    let mut out: Vec<String> = lines.iter().map(|l| (*l).to_owned()).collect();
    out.push(String::new());
    out
}

/// Whether a method takes a body argument: its page describes a body and says what it holds
/// (a type, parameters, an example request with a body, or an update, which always sends
/// one), or it uploads bytes. An action whose page documents no parameters and whose example
/// sends no body (`message: send`, "specifying a request body is not necessary") takes none,
/// and so does a GET; `Call::json` on the call still sends one.
pub(super) fn takes_body(m: &MethodSpec<'_>) -> bool {
    let op = m.op;
    if stream_of(m) == Some(Stream::Upload) {
        return true;
    }
    if op.body != Body::Expected {
        return false;
    }
    match m.method {
        Method::Patch | Method::Put => return true,
        // A function's parameters go in its path or query (the page's "Request body" table
        // lists them): a GET sends no body.
        Method::Get | Method::Head | Method::Options => return false,
        Method::Post | Method::Delete => {}
    }
    let mut requests = op.examples.iter().filter(|e| e.kind == ExampleKind::Request).peekable();
    let documented_none =
        requests.peek().is_some() && requests.all(|e| e.body.as_deref().is_none_or(|b| b.trim().is_empty()));
    op.request_type.is_some() || !op.request_parameters.is_empty() || !documented_none
}

/// The body arguments of a call to `m` in a doc example: none, bytes with a content type, or
/// an empty JSON object.
pub(super) fn example_body_args(m: &MethodSpec<'_>) -> Vec<String> {
    match (takes_body(m), stream_of(m)) {
        (false, _) => vec![],
        (true, Some(Stream::Upload)) => vec!["\"text/plain\"".to_owned(), "\"Hello\"".to_owned()],
        (true, _) => vec!["&serde_json::json!({})".to_owned()],
    }
}
