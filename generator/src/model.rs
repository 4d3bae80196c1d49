//! The intermediate model: the hub between the reading side (pages) and the
//! emitting side (Rust client, permission metadata).
//!
//! A [`Page`] is what one reference page says; an [`Operation`] is what the run
//! concludes after merging every page that documents the same operation.
//! Every fact carries the [`Source`] it came from, so a reviewer can go from a
//! generated line back to the markdown that caused it.

use serde::{Deserialize, Serialize};
use std::fmt;

pub mod endpoints;
mod examples;
mod types;
pub use endpoints::{EndpointIndex, EndpointVariant, Resolution, SharedEndpoint, VariantRule};
pub use examples::{Example, ExampleKind, ExampleRequest};

pub use types::{BaseChain, CellLink, Edm, EnumDef, EnumMember, Property, TypeDef, TypeLink};

/// Where a fact came from: a file (as given to the run, `/`-separated and
/// relative to the input root) and a 1-based line.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Source {
    /// Shared: every fact of a page names the same file.
    pub file: std::sync::Arc<str>,
    pub line: u32,
}

/// A value together with the place it was read from.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Sourced<T> {
    pub value: T,
    pub source: Source,
}

impl<T> Sourced<T> {
    pub fn new(value: T, source: Source) -> Self {
        Sourced { value, source }
    }
}

/// The Graph API version a page documents.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum ApiVersion {
    #[serde(rename = "v1.0")]
    V1,
    #[serde(rename = "beta")]
    Beta,
}

impl ApiVersion {
    /// The path segment Graph uses for this version (`v1.0`, `beta`).
    pub fn as_str(self) -> &'static str {
        match self {
            ApiVersion::V1 => "v1.0",
            ApiVersion::Beta => "beta",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "v1.0" => Some(ApiVersion::V1),
            "beta" => Some(ApiVersion::Beta),
            _ => None,
        }
    }
}

impl fmt::Display for ApiVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What a reference page documents. Only [`PageKind::Api`] pages become operations;
/// the others are types (resources, enums) or prose (overviews).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PageKind {
    /// An operation: `api/` pages, `doc_type: apiPageType`.
    Api,
    /// A resource or complex type: `resources/` pages, `doc_type: resourcePageType`.
    Resource,
    /// A list of enum types: `doc_type: enumPageType`.
    Enum,
    /// An overview or concept page: `doc_type: conceptualPageType` and anything else.
    Overview,
}

impl PageKind {
    pub fn as_str(self) -> &'static str {
        match self {
            PageKind::Api => "API",
            PageKind::Resource => "resource",
            PageKind::Enum => "enum",
            PageKind::Overview => "overview",
        }
    }
}

/// HTTP methods that appear in the reference pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Method {
    Get,
    Post,
    Put,
    Patch,
    Delete,
    Head,
    Options,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
            Method::Head => "HEAD",
            Method::Options => "OPTIONS",
        }
    }

    /// Parses an upper-case method name as written in an HTTP request block.
    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "GET" => Method::Get,
            "POST" => Method::Post,
            "PUT" => Method::Put,
            "PATCH" => Method::Patch,
            "DELETE" => Method::Delete,
            "HEAD" => Method::Head,
            "OPTIONS" => Method::Options,
            _ => return None,
        })
    }
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One piece of a path template.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", tag = "kind", content = "value")]
pub enum PathPart {
    /// Text sent as is (`/deviceManagement/managedDevices/`, `(period='`).
    Literal(String),
    /// A named parameter (`{managedDeviceId}`), filled in and percent-encoded by the caller.
    Param(String),
}

impl PathPart {
    /// Splits a path template into literal text and `{param}`s, in order
    /// (a `{` that is never closed is text).
    pub fn split(template: &str) -> Vec<PathPart> {
        let mut parts = Vec::new();
        let mut rest = template;
        while let Some(open) = rest.find('{') {
            let Some(close) = rest[open..].find('}').map(|c| open + c) else { break };
            if open > 0 {
                parts.push(PathPart::Literal(rest[..open].to_owned()));
            }
            parts.push(PathPart::Param(rest[open + 1..close].to_owned()));
            rest = &rest[close + 1..];
        }
        if !rest.is_empty() {
            parts.push(PathPart::Literal(rest.to_owned()));
        }
        parts
    }
}

/// One documented way to call an operation: a method and a path template
/// relative to the version root (always starting with `/`, no query string).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(from = "EndpointFields")]
pub struct Endpoint {
    pub method: Method,
    /// The template as written after normalisation, e.g.
    /// `/deviceManagement/managedDevices/{managedDeviceId}/recoverPasscode`.
    pub path: String,
    /// The template split into literal text and parameters, in order: derived from
    /// `path`, so model.json leaves it out.
    #[serde(skip_serializing)]
    pub parts: Vec<PathPart>,
    /// Query string documented with the path, without the `?`, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub query: Option<String>,
    pub source: Source,
    /// What a GET on this path returns, where the path says otherwise than the page (see
    /// [`PathResponse`]); `None`: as the operation's page says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response: Option<PathResponse>,
}

/// What a GET returns as its path says, where that differs from what its page says. Decided
/// by the merge from the resource pages' relationships and the documented paths; where the
/// two name unrelated types, the path decides and the merge warns (G0802).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", tag = "kind")]
pub enum PathResponse {
    /// One `type_name` (qualified) or a page of them: a collection the page types as one
    /// object, or the base type of the derived type the page shows.
    #[serde(rename_all = "camelCase")]
    Typed { type_name: String, collection: bool },
    /// `$value`, `/content`: the bytes of a stream, not a model.
    Bytes,
    /// A property whose type is a primitive or an enum (`/me/mailboxSettings/timeZone`): its
    /// value, not a model.
    Value,
}

/// What model.json holds of an endpoint; the parts are derived again on reading.
#[derive(Deserialize)]
struct EndpointFields {
    method: Method,
    path: String,
    #[serde(default)]
    query: Option<String>,
    source: Source,
    #[serde(default)]
    response: Option<PathResponse>,
}

impl From<EndpointFields> for Endpoint {
    fn from(f: EndpointFields) -> Self {
        let parts = PathPart::split(&f.path);
        Endpoint { method: f.method, parts, path: f.path, query: f.query, source: f.source, response: f.response }
    }
}

impl Endpoint {
    /// An endpoint whose parts are split from its path.
    pub fn new(method: Method, path: String, query: Option<String>, source: Source) -> Self {
        Endpoint { method, parts: PathPart::split(&path), path, query, source, response: None }
    }

    /// The query's parameters when every one is a placeholder (`startDateTime={start_datetime}`):
    /// (name, placeholder) in order. Such a query states the call's required parameters; one
    /// with values (`$expand=manager`) documents a variant of the call.
    pub fn query_parameters(&self) -> Option<Vec<(String, String)>> {
        let query = self.query.as_deref()?;
        query
            .split('&')
            .map(|pair| {
                let (name, value) = pair.split_once('=')?;
                let placeholder = value.strip_prefix('{')?.strip_suffix('}')?;
                let plain = |s: &str| !s.is_empty() && !s.contains(['{', '}', '$', '(', ')', ' ']);
                (plain(name) && plain(placeholder)).then(|| (name.to_owned(), placeholder.to_owned()))
            })
            .collect()
    }

    /// Whether the documented query has values (`$expand=manager`): a variant of the call.
    pub fn has_variant_query(&self) -> bool {
        self.query.is_some() && self.query_parameters().is_none()
    }

    /// Whether the path addresses the bytes of a stream (`.../$value`, `.../content`): a GET
    /// downloads them, a PUT uploads them; never a JSON model.
    pub fn addresses_bytes(&self) -> bool {
        let last = self.path.rsplit('/').find(|s| !s.is_empty()).unwrap_or_default();
        last.eq_ignore_ascii_case("$value") || last.eq_ignore_ascii_case("content")
    }

    /// Parameter names in order of appearance.
    pub fn params(&self) -> impl Iterator<Item = &str> {
        self.parts.iter().filter_map(|p| match p {
            PathPart::Param(name) => Some(name.as_str()),
            PathPart::Literal(_) => None,
        })
    }

    /// The path with every parameter name erased (`/users/{}/x`): two endpoints
    /// with the same shape address the same resource whatever their parameter names.
    pub fn shape(&self) -> String {
        self.parts
            .iter()
            .map(|p| match p {
                PathPart::Literal(s) => s.as_str(),
                PathPart::Param(_) => "{}",
            })
            .collect()
    }
}

/// Permission schemes, named as in Microsoft's permissions.json.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Scheme {
    DelegatedWork,
    DelegatedPersonal,
    Application,
}

impl Scheme {
    pub const ALL: [Scheme; 3] = [Scheme::DelegatedWork, Scheme::DelegatedPersonal, Scheme::Application];

    pub fn as_str(self) -> &'static str {
        match self {
            Scheme::DelegatedWork => "DelegatedWork",
            Scheme::DelegatedPersonal => "DelegatedPersonal",
            Scheme::Application => "Application",
        }
    }

    /// How the docs label the scheme.
    pub fn label(self) -> &'static str {
        match self {
            Scheme::DelegatedWork => "Delegated (work or school account)",
            Scheme::DelegatedPersonal => "Delegated (personal Microsoft account)",
            Scheme::Application => "Application",
        }
    }
}

/// What a page says about one scheme.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", tag = "kind")]
pub enum SchemePermissions {
    /// Permissions in least-to-most privileged order: `least` is the least
    /// privileged one(s); `higher` the ones that also grant access.
    Permissions { least: Vec<Sourced<String>>, higher: Vec<Sourced<String>> },
    /// The page says the scheme is not supported.
    NotSupported { source: Source },
    /// The page gives no usable answer (TODO placeholder, empty cell, row missing, a
    /// phrase the generator cannot read).
    Unspecified {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        source: Option<Source>,
        /// What the cell says when it is a phrase without permission names, as written.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        phrase: Option<String>,
    },
}

impl SchemePermissions {
    /// Every permission named, least privileged first.
    pub fn names(&self) -> Vec<&str> {
        match self {
            SchemePermissions::Permissions { least, higher } => {
                least.iter().chain(higher).map(|p| p.value.as_str()).collect()
            }
            _ => Vec::new(),
        }
    }

    pub fn least_names(&self) -> Vec<&str> {
        match self {
            SchemePermissions::Permissions { least, .. } => least.iter().map(|p| p.value.as_str()).collect(),
            _ => Vec::new(),
        }
    }
}

/// One permissions table. Most pages have one, with no scope; some have
/// several, each labelled by the heading or lead-in that scopes it
/// ("Permissions acting on other users", a supported resource, ...).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PermissionTable {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<String>,
    pub delegated_work: SchemePermissions,
    pub delegated_personal: SchemePermissions,
    pub application: SchemePermissions,
    pub source: Source,
}

impl PermissionTable {
    pub fn scheme(&self, scheme: Scheme) -> &SchemePermissions {
        match scheme {
            Scheme::DelegatedWork => &self.delegated_work,
            Scheme::DelegatedPersonal => &self.delegated_personal,
            Scheme::Application => &self.application,
        }
    }

    pub fn scheme_mut(&mut self, scheme: Scheme) -> &mut SchemePermissions {
        match scheme {
            Scheme::DelegatedWork => &mut self.delegated_work,
            Scheme::DelegatedPersonal => &mut self.delegated_personal,
            Scheme::Application => &mut self.application,
        }
    }
}

/// A documented request header.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RequestHeader {
    /// Header name in English (translated names are mapped back where known).
    pub name: String,
    pub description: String,
    pub source: Source,
}

/// Whether the operation takes a request body.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Body {
    /// "Do not supply a request body for this method."
    None,
    /// The section describes a body.
    Expected,
    /// No request body section, or an empty one.
    Unknown,
}

/// A success status and the text it was read from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Status {
    pub code: u16,
    pub source: Source,
}

/// What one page documents, before merging with other pages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Page {
    /// The file as given to the run, relative to the input root, `/`-separated.
    pub file: String,
    /// Lower-case BCP 47 tag (`en-us`, `pt-br`), from the path or detected from the content.
    pub locale: String,
    /// A translation that carries the English original beside each text run
    /// (`<span class="sxs-lookup">`): its titles and prose are English.
    #[serde(default)]
    pub side_by_side: bool,
    pub version: Option<Sourced<ApiVersion>>,
    /// English title of the operation (front matter, H1, or the English side of a side-by-side H1).
    pub title: Option<Sourced<String>>,
    /// Stable, English, locale-independent key for the documented operation,
    /// derived from the English title (e.g. `recoverpasscode-action`).
    pub key: Option<String>,
    /// The one-line description (front matter `description`, else the first paragraph), in English where the page has it.
    pub description: Option<Sourced<String>>,
    pub endpoints: Vec<Endpoint>,
    /// `None` when the page has no permissions section at all.
    pub permissions: Option<Vec<PermissionTable>>,
    pub request_headers: Vec<RequestHeader>,
    pub body: Body,
    /// From the Response prose.
    pub prose_status: Option<Status>,
    /// From the first example response (`HTTP/1.1 204 No Content`).
    pub example_status: Option<Status>,
    /// The type the response carries, as the page says it (see [`TypeLink`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response_type: Option<TypeLink>,
    /// The type the request body is, as the page says it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_type: Option<TypeLink>,
    /// An action's parameters, from the Request body section's table; a type linked to its
    /// resource page still reads `resources/message` (see [`TypeLink`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub request_parameters: Vec<Property>,
    /// The example requests and responses, in page order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub examples: Vec<Example>,
    /// Order remarks in permissions column headers that the vocabulary does not know, as
    /// written; those columns are read least to most privileged, the docs' default. The run
    /// reports them (G0307): on each page, or once for the edition whose wording they are.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unknown_order_remarks: Vec<Sourced<String>>,
}

impl Page {
    /// A page of `file` in `locale` that documents nothing yet: what tests start from
    /// (`Page { permissions: ..., ..Page::sample("a.md", "es-es") }`).
    #[cfg(test)]
    pub fn sample(file: &str, locale: &str) -> Page {
        Page {
            file: file.to_owned(),
            locale: locale.to_owned(),
            side_by_side: false,
            version: None,
            title: None,
            key: None,
            description: None,
            endpoints: Vec::new(),
            permissions: None,
            request_headers: Vec::new(),
            body: Body::None,
            prose_status: None,
            example_status: None,
            response_type: None,
            request_type: None,
            request_parameters: Vec::new(),
            examples: Vec::new(),
            unknown_order_remarks: Vec::new(),
        }
    }

    pub fn is_english(&self) -> bool {
        self.locale.starts_with("en")
    }

    /// The success status the page stands for: the prose wins, the example fills in.
    pub fn status(&self) -> Option<&Status> {
        self.prose_status.as_ref().or(self.example_status.as_ref())
    }
}

/// A page that contributed to an operation.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Contributor {
    pub file: String,
    pub locale: String,
    /// True for the page whose facts the operation carries.
    pub authoritative: bool,
}

/// One documented operation of one API version, merged from every page that documents it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Operation {
    pub version: ApiVersion,
    /// Locale-independent key, unique within the version.
    pub key: String,
    /// The operation's name in lowerCamelCase as Graph spells it (`recoverPasscode`).
    pub name: String,
    /// The resource (entity set or navigation) the operation acts on, lowerCamelCase (`managedDevices`).
    pub resource: String,
    pub title: Option<Sourced<String>>,
    pub description: Option<Sourced<String>>,
    pub endpoints: Vec<Endpoint>,
    pub permissions: Vec<PermissionTable>,
    pub request_headers: Vec<RequestHeader>,
    pub body: Body,
    pub success_status: Option<Status>,
    /// The type the response carries, resolved against the resource pages.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response_type: Option<TypeLink>,
    /// The type the request body is, resolved against the resource pages.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_type: Option<TypeLink>,
    /// Where the response's type is on no resource page of the run (so `response_type` is
    /// unset): whether the page says it is a collection of it. A fact of the page itself,
    /// which names the call (`list` or `get`) whichever other pages exist.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response_collection_untyped: Option<bool>,
    /// An action's parameters (the members of its JSON request body), from the first page
    /// in precedence order that lists them; linked types resolved against the resource pages
    /// (one whose page is not a resource page of the run keeps `resources/<page>`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub request_parameters: Vec<Property>,
    /// The authoritative page's example requests and responses, in page order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub examples: Vec<Example>,
    pub pages: Vec<Contributor>,
}

/// The whole run's result, sorted by (version, resource, name, key).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Model {
    pub operations: Vec<Operation>,
    /// Resource and complex types from the resource pages, by version then name.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub types: Vec<TypeDef>,
    /// Enum types, by version then name.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub enums: Vec<EnumDef>,
    /// Endpoints documented by several operations: which one owns each, and why. An
    /// endpoint documented by one operation is owned by it and not listed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub shared_endpoints: Vec<SharedEndpoint>,
}

/// One file the emitters produce, path relative to the output root, `/`-separated.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct GeneratedFile {
    pub path: String,
    pub contents: String,
}
