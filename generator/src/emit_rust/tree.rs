//! The path tree of one API version: one node per path segment, merged across every
//! operation, then folded into *shapes* (one generated type each) so that identical
//! subtrees, such as `/me/...` and `/users/{id}/...`, share one type.
//!
//! Naming, all from Graph's own segment names (see [`segment_name`]):
//! - a literal segment is a method named after it (`managedDevices` → `managed_devices`,
//!   `microsoft.graph.delta()` → `delta`, `$count` → `count`);
//! - a segment that is one parameter is `by_id(id)`, or `by_<param>` when the parameter is
//!   not an id (`{userPrincipalName}` → `by_user_principal_name`);
//! - a segment with parameters inside is a method taking them, named `<name>_with_<params>`
//!   as the official SDKs name them (`range(address='{address}')` → `range_with_address`,
//!   `getX(period='{p}')` → `get_x_with_period`; `{item-path}:` → `item_with_item_path`), so
//!   that overloads and a plain `range` beside them never rename each other.
//!
//! Per node, each documented endpoint is one method (see [`endpoint_name`]). A leaf that is an
//! action or a function (`sendMail`, `delta()`, `getX(period='{p}')`) with one endpoint is
//! not a type of its own: its endpoint is a method of the parent, named after the segment.
//!
//! Everything is decided from the endpoints sorted by (path, method, operation key), so the
//! result does not depend on the order pages were read in.

use std::collections::{BTreeMap, BTreeSet};

use heck::ToUpperCamelCase;
use rayon::prelude::*;

use super::names::{snake_ident, snake_words, UniqueNames, BUILDER_RESERVED_TYPES, TRAIT_METHODS};
use crate::model::{ApiVersion, Endpoint, EndpointIndex, Method, Model, Operation, Resolution};

/// One piece of a segment as sent: literal text, or a parameter (its documented name).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Piece {
    Literal(String),
    Param(String),
}

/// A segment of a path template, with its Rust method name and parameter names.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Segment {
    pub name: String,
    pub pieces: Vec<Piece>,
    /// (Rust name, documented name) per parameter, in order.
    pub args: Vec<(String, String)>,
    /// The segment follows one ending in `:` (`root:/{item-path}:`, `sites/{hostname}:/{path}`):
    /// OData's path addressing, where a parameter is a path of folders whose `/` are sent.
    pub after_colon: bool,
}

impl Segment {
    pub fn is_key(&self) -> bool {
        matches!(self.pieces.as_slice(), [Piece::Param(_)])
    }

    /// The segment as documented: `managedDevices`, `{id}`, `getX(period='{period}')`.
    pub fn template(&self) -> String {
        self.pieces
            .iter()
            .map(|p| match p {
                Piece::Literal(text) => text.clone(),
                Piece::Param(name) => format!("{{{name}}}"),
            })
            .collect()
    }
}

/// One generated method calling a documented endpoint.
#[derive(Debug)]
pub struct MethodSpec<'m> {
    pub name: String,
    /// The segment a flattened action or function adds to the path, with its parameters.
    pub segment: Option<Segment>,
    pub method: Method,
    pub op: &'m Operation,
    /// Every documented endpoint that reaches this method (several when the type is shared).
    pub endpoints: Vec<&'m Endpoint>,
    /// Other operations documenting the same method and path: the variants of the endpoint
    /// the merge decided `op` owns (see [`crate::model::SharedEndpoint`]).
    pub also: Vec<&'m Operation>,
    /// The pages documenting an endpoint of this method disagree on its permissions and
    /// nothing decides which owns it: the call carries none.
    pub documented_differently: bool,
    /// Required query parameters the endpoint documents (`?startDateTime={start_datetime}`):
    /// (Rust argument name, query parameter name), in order. Arguments of the method.
    pub query_args: Vec<(String, String)>,
}

/// One generated type: its navigation methods and its endpoint methods.
#[derive(Debug)]
pub struct Shape<'m> {
    pub name: String,
    pub children: Vec<(Segment, usize)>,
    pub methods: Vec<MethodSpec<'m>>,
    /// The paths (segment templates) this type stands for, sorted.
    pub paths: BTreeSet<String>,
    /// The top-level areas (first segment's method name) the type is reached from.
    pub areas: BTreeSet<String>,
    /// The names of the other paths this type serves (see [`path_type_name`]).
    pub aliases: Vec<Alias>,
}

/// Another name of a shared type: the one its path would give it ([`path_type_name`]), so
/// that every path's type can be named after that path alone, whichever paths share it.
#[derive(Debug)]
pub struct Alias {
    pub name: String,
    /// The top-level area of the path (its first segment's method name).
    pub area: String,
    /// The path, as documented (segment templates).
    pub path: String,
}

/// The tree of one API version: shape 0 is the version root.
#[derive(Debug)]
pub struct VersionTree<'m> {
    pub version: ApiVersion,
    pub shapes: Vec<Shape<'m>>,
}

impl VersionTree<'_> {
    pub fn root(&self) -> &Shape<'_> {
        &self.shapes[0]
    }
}

/// The trees of every version that has endpoints, in `ApiVersion` order.
pub fn build(model: &Model) -> Vec<VersionTree<'_>> {
    let owners = EndpointIndex::new(&model.shared_endpoints);
    let mut by_version: BTreeMap<ApiVersion, Vec<(&Operation, &Endpoint)>> = BTreeMap::new();
    for op in &model.operations {
        for endpoint in &op.endpoints {
            by_version.entry(op.version).or_default().push((op, endpoint));
        }
    }
    // The versions' trees are independent: built side by side.
    by_version
        .into_par_iter()
        .map(|(version, mut endpoints)| {
            endpoints.sort_by(|a, b| (&a.1.path, a.1.method, &a.0.key).cmp(&(&b.1.path, b.1.method, &b.0.key)));
            let mut root = Node::default();
            for (op, endpoint) in endpoints {
                root.insert(op, endpoint);
            }
            let members: BTreeSet<&str> = model
                .types
                .iter()
                .filter(|t| t.version == Some(version))
                .flat_map(|t| t.properties.iter().chain(&t.relationships).map(|p| p.name.as_str()))
                .collect();
            root.choose_spellings(&members);
            let mut interner =
                Interner { version, owners: &owners, ids: BTreeMap::new(), shapes: Vec::new(), chains: Vec::new() };
            interner.intern(&root, &[], true);
            VersionTree { version, shapes: interner.finish() }
        })
        .collect()
}

/// A node of the raw tree, children keyed by what tells them apart.
#[derive(Default)]
struct Node<'m> {
    children: BTreeMap<String, (Segment, Node<'m>)>,
    endpoints: Vec<(&'m Operation, &'m Endpoint)>,
    /// How the documented paths spell the segment leading here.
    spellings: BTreeSet<String>,
}

impl<'m> Node<'m> {
    fn insert(&mut self, op: &'m Operation, endpoint: &'m Endpoint) {
        let mut node = self;
        let mut after_colon = false;
        for raw in endpoint.path.split('/').filter(|s| !s.is_empty()) {
            let mut segment = parse_segment(raw);
            segment.after_colon = std::mem::replace(&mut after_colon, raw.ends_with(':'));
            // Literal and key segments merge on their name (Graph ignores case in paths);
            // segments with parameters inside also on their parameters, named later.
            // A call without arguments is its name: `delta` and `delta()` are one segment.
            let key = match segment.pieces.as_slice() {
                // Graph ignores case in paths: `directoryRoles` and `directoryroles`, and
                // `oAuth2Permissiongrants` and `oauth2PermissionGrants`, are one segment.
                _ if segment.args.is_empty() => segment.name.replace('_', ""),
                [Piece::Param(_)] => segment.name.clone(),
                _ => format!(
                    "{}({})",
                    segment.name,
                    segment.args.iter().map(|a| a.0.as_str()).collect::<Vec<_>>().join(",")
                ),
            };
            let (merged, child) = node.children.entry(key).or_insert_with(|| (segment.clone(), Node::default()));
            // A path on one endpoint is a path on all: a key without `/` encodes the same either way.
            merged.after_colon |= segment.after_colon;
            child.spellings.insert(raw.to_owned());
            node = child;
        }
        node.endpoints.push((op, endpoint));
    }

    /// One spelling per literal segment spelled several ways: the resource pages' member of
    /// that name where exactly one spelling is one, else the one with the most word breaks
    /// (`majorGridlines` over `majorgridlines`: copies lose case, they do not gain it), on a
    /// tie the first in byte order. Never how many paths use each: a page arriving with more
    /// of one spelling must not rename the method.
    fn choose_spellings(&mut self, members: &BTreeSet<&str>) {
        for (segment, child) in self.children.values_mut() {
            let literal = matches!(segment.pieces.as_slice(), [Piece::Literal(_)]);
            if literal && child.spellings.len() > 1 {
                let named: Vec<&String> = child.spellings.iter().filter(|s| members.contains(s.as_str())).collect();
                let humps = |s: &str| s.chars().filter(char::is_ascii_uppercase).count();
                let chosen = match named.as_slice() {
                    [only] => (*only).clone(),
                    _ => {
                        let most = child.spellings.iter().map(|s| humps(s)).max().unwrap_or_default();
                        child.spellings.iter().find(|s| humps(s) == most).cloned().unwrap_or_default()
                    }
                };
                let after_colon = segment.after_colon;
                *segment = parse_segment(&chosen);
                segment.after_colon = after_colon;
            }
            child.choose_spellings(members);
        }
    }
}

/// Splits one segment template into pieces and names it.
pub fn parse_segment(raw: &str) -> Segment {
    let mut pieces = Vec::new();
    for (i, piece) in raw.split(['{', '}']).enumerate() {
        if !piece.is_empty() {
            pieces.push(if i % 2 == 1 { Piece::Param(piece.to_owned()) } else { Piece::Literal(piece.to_owned()) });
        }
    }
    let mut arg_names = UniqueNames::with_reserved(&["body"]);
    let args: Vec<(String, String)> = pieces
        .iter()
        .filter_map(|p| match p {
            Piece::Param(name) => Some((arg_names.claim(snake_ident(name, "param")), name.clone())),
            Piece::Literal(_) => None,
        })
        .collect();
    let mut name = segment_name(&pieces, &args);
    if TRAIT_METHODS.contains(&name.as_str()) {
        name.push('_');
    }
    // `by_id(id)` reads better than `by_id(id_user_principal_name)`; errors keep the documented name.
    let args = match name.as_str() {
        "by_id" => args.into_iter().map(|(_, documented)| ("id".to_owned(), documented)).collect(),
        _ => args,
    };
    Segment { name, pieces, args, after_colon: false }
}

/// The method name of a segment (see the module docs).
fn segment_name(pieces: &[Piece], args: &[(String, String)]) -> String {
    if let [Piece::Param(documented)] = pieces {
        let words = snake_words(documented);
        // Alternatives (`{user-id | user-principal-name}`) name one key: an id if any is one.
        let alternative_is_id = documented.split('|').any(|alt| {
            let alt = snake_words(alt);
            alt.is_empty() || alt == "id" || alt.ends_with("_id")
        });
        let is_id = alternative_is_id || words.starts_with("id_");
        return if is_id { "by_id".to_owned() } else { snake_ident(&format!("by {words}"), "by_id") };
    }
    // The name is the literal text before the first parameter or argument list:
    // `getByPath(path='{path}')` → `get_by_path`.
    let literal: String = pieces
        .iter()
        .map_while(|p| match p {
            Piece::Literal(text) => Some(text.as_str()),
            Piece::Param(_) => None,
        })
        .collect();
    let literal = literal.split('(').next().unwrap_or_default();
    let words = snake_words(literal);
    let words = words.strip_prefix("microsoft_graph_").unwrap_or(&words).to_owned();
    let params: Vec<&str> = args.iter().map(|a| a.0.trim_end_matches('_')).collect();
    match (words.is_empty(), params.is_empty()) {
        (true, true) => "segment".to_owned(),
        (true, false) => snake_ident(&format!("item with {}", params.join(" ")), "segment"),
        (false, true) => snake_ident(&words, "segment"),
        (false, false) => snake_ident(&format!("{words} with {}", params.join(" ")), "segment"),
    }
}

/// Whether a leaf child is an action or function: a call (`delta()`, `getX(period=...)`) or
/// named after the operation it serves (`sendMail` for `user: sendMail`).
fn is_action(segment: &Segment, op: &Operation) -> bool {
    let is_call = segment.pieces.iter().any(|p| matches!(p, Piece::Literal(t) if t.contains('(')));
    is_call || (!segment.is_key() && snake_words(&op.name) == snake_words(&segment.template()))
}

/// Whether a GET returns a collection: as its path says where the merge recorded that, else
/// as its page says.
fn returns_many(op: &Operation, endpoint: &Endpoint) -> bool {
    match &endpoint.response {
        Some(crate::model::PathResponse::Typed { collection, .. }) => *collection,
        Some(_) => false,
        None => {
            op.response_type.as_ref().and_then(|link| link.collection).or(op.response_collection_untyped) == Some(true)
        }
    }
}

/// The method name of an endpoint documented at a node reached through `incoming`, from what
/// the endpoint's own pages say: a GET of a collection is `list`, of one entity `get`; a POST
/// is `create` on a collection or where its page documents `201 Created`, else `post`. Never
/// from what other pages document around it (an `{id}` below), so that a page arriving or
/// leaving does not rename the method.
fn endpoint_name(method: Method, incoming: Option<&Segment>, collection: bool, op: &Operation) -> &'static str {
    let literal = incoming.is_some_and(|s| !s.is_key());
    let creates = op.success_status.as_ref().is_some_and(|s| s.code == 201);
    match method {
        Method::Get if literal && collection => "list",
        Method::Get => "get",
        Method::Post if creates || collection || !literal => "create",
        Method::Post => "post",
        Method::Patch => "update",
        Method::Put => "replace",
        Method::Delete => "delete",
        _ => "call",
    }
}

/// The method arguments of an endpoint's required query parameters, named apart from the
/// segment's own arguments.
fn query_args(endpoint: &Endpoint, segment: Option<&Segment>) -> Vec<(String, String)> {
    let taken: Vec<&str> = segment.iter().flat_map(|s| s.args.iter().map(|(rust, _)| rust.as_str())).collect();
    let mut names = UniqueNames::with_reserved(&[&["body"], taken.as_slice()].concat());
    let parameters = endpoint.query_parameters().unwrap_or_default();
    parameters.into_iter().map(|(name, _)| (names.claim(snake_ident(&name, "value")), name)).collect()
}

/// Groups a node's endpoints into methods: one per name, calling the operation the merge
/// decided owns the endpoint (the first by key where no page owns it).
fn group_methods<'m>(
    endpoints: &[(&'m Operation, &'m Endpoint)],
    owners: &EndpointIndex<'_>,
    version: ApiVersion,
    name_of: impl Fn(Method, &Operation) -> String,
    segment: Option<&Segment>,
) -> Vec<MethodSpec<'m>> {
    let mut methods: BTreeMap<String, MethodSpec<'m>> = BTreeMap::new();
    let mut sorted = endpoints.to_vec();
    let owns = |(op, e): &(&Operation, &Endpoint)| owners.owns(version, e.method, &e.path, &op.key);
    sorted.sort_by(|a, b| (!owns(a), &a.0.key, &a.1.path).cmp(&(!owns(b), &b.0.key, &b.1.path)));
    // One method per HTTP method, named from its first (owning) operation.
    let mut names: BTreeMap<Method, String> = BTreeMap::new();
    for (op, endpoint) in sorted {
        let name = names.entry(endpoint.method).or_insert_with(|| name_of(endpoint.method, op)).clone();
        let spec = methods.entry(name.clone()).or_insert_with(|| MethodSpec {
            name,
            segment: segment.cloned(),
            method: endpoint.method,
            op,
            endpoints: vec![],
            also: vec![],
            documented_differently: false,
            query_args: query_args(endpoint, segment),
        });
        if std::ptr::eq(spec.op, op) {
            let shared = owners.get(version, endpoint.method, &endpoint.path);
            spec.documented_differently |= shared.is_some_and(|s| s.resolution == Resolution::Undecided);
            spec.endpoints.push(endpoint);
        } else if !spec.also.iter().any(|o| std::ptr::eq(*o, op)) {
            spec.also.push(op);
        }
    }
    methods.into_values().collect()
}

struct Interner<'m, 'o> {
    version: ApiVersion,
    /// Which operation owns each endpoint several document.
    owners: &'o EndpointIndex<'m>,
    /// Shape key → shape index.
    ids: BTreeMap<String, usize>,
    shapes: Vec<Shape<'m>>,
    /// Per shape, the method-name chains of the nodes it stands for (one node each), with
    /// each node's path as documented.
    chains: Vec<BTreeMap<Vec<String>, String>>,
}

impl<'m> Interner<'m, '_> {
    /// The shape of `node`, reached through `path` (the segments from the version root).
    fn intern(&mut self, node: &Node<'m>, path: &[&Segment], is_root: bool) -> usize {
        let incoming = path.last().copied();
        let (owners, version) = (self.owners, self.version);
        // A node is a collection when the GET that owns it returns one: `list()`; one entity
        // (`/me`) is `get()`.
        let collection = node.endpoints.iter().any(|(op, e)| {
            e.method == Method::Get && owners.owns(version, e.method, &e.path, &op.key) && returns_many(op, e)
        });
        let name_of = |m, op: &Operation| endpoint_name(m, incoming, collection, op).to_owned();
        let mut methods = group_methods(&node.endpoints, owners, version, name_of, None);
        // An endpoint method never takes a child's name (a segment called `list`, say):
        // Graph's segment keeps it, the method gets `_request`.
        for method in &mut methods {
            if node.children.values().any(|(segment, _)| segment.name == method.name) {
                method.name.push_str("_request");
            }
        }
        let mut children = Vec::new();
        for (segment, child) in node.children.values() {
            // Several pages may document the action: one HTTP method is still one call.
            let one_method =
                child.endpoints.iter().all(|(_, e)| Some(e.method) == child.endpoints.first().map(|f| f.1.method));
            let flatten =
                child.children.is_empty() && one_method && child.endpoints.iter().any(|(op, _)| is_action(segment, op));
            if flatten {
                let name = segment.name.clone();
                methods.extend(group_methods(&child.endpoints, owners, version, |_, _| name.clone(), Some(segment)));
            } else {
                let mut child_path = path.to_vec();
                child_path.push(segment);
                let id = self.intern(child, &child_path, false);
                children.push((segment.clone(), id));
            }
        }
        methods.sort_by(|a, b| a.name.cmp(&b.name));

        let key = shape_key(is_root, &children, &methods);
        let id = match self.ids.get(&key) {
            Some(&id) => {
                // Same shape: the methods gain this node's endpoints.
                for (existing, new) in self.shapes[id].methods.iter_mut().zip(methods) {
                    existing.endpoints.extend(new.endpoints);
                }
                id
            }
            None => {
                let id = self.shapes.len();
                self.ids.insert(key, id);
                self.shapes.push(Shape {
                    name: String::new(),
                    children,
                    methods,
                    paths: BTreeSet::new(),
                    areas: BTreeSet::new(),
                    aliases: Vec::new(),
                });
                self.chains.push(BTreeMap::new());
                id
            }
        };
        let shape = &mut self.shapes[id];
        let display: Vec<String> = path.iter().map(|s| s.template()).collect();
        let display = format!("/{}", display.join("/"));
        shape.paths.insert(display.clone());
        if let Some(first) = path.first() {
            shape.areas.insert(first.name.clone());
        }
        self.chains[id].insert(path.iter().map(|s| s.name.clone()).collect(), display);
        id
    }

    /// The shapes with their names; the root (interned last) becomes shape 0.
    fn finish(mut self) -> Vec<Shape<'m>> {
        let root = self.shapes.len() - 1;
        for (i, (shape, chains)) in self.shapes.iter_mut().zip(&self.chains).enumerate() {
            if i == root {
                shape.name = "Root".to_owned();
                continue;
            }
            // The shortest path names the type; the others name aliases of it.
            let mut chains: Vec<(&Vec<String>, &String)> = chains.iter().collect();
            chains.sort_by_key(|(chain, _)| (chain.len(), *chain));
            let mut chains = chains.into_iter();
            let (canonical, _) = chains.next().expect("a shape stands for at least one node");
            shape.name = path_type_name(canonical);
            shape.aliases = chains
                .map(|(chain, path)| Alias {
                    name: path_type_name(chain),
                    area: chain.first().cloned().unwrap_or_default(),
                    path: path.clone(),
                })
                .collect();
        }
        for shape in &mut self.shapes {
            for method in &mut shape.methods {
                method.endpoints.sort_by(|a, b| (&a.path, a.method).cmp(&(&b.path, b.method)));
                method.endpoints.dedup_by(|a, b| std::ptr::eq(*a, *b));
            }
        }
        // Root first, the others in interning order (depth first, children sorted).
        let mut order: Vec<usize> = (0..self.shapes.len()).collect();
        order.rotate_right(1);
        let new_index: BTreeMap<usize, usize> = order.iter().enumerate().map(|(new, &old)| (old, new)).collect();
        let mut shapes: Vec<Option<Shape<'m>>> = self.shapes.into_iter().map(Some).collect();
        order
            .iter()
            .map(|&old| {
                let mut shape = shapes[old].take().expect("each shape once");
                for (_, child) in &mut shape.children {
                    *child = new_index[child];
                }
                shape
            })
            .collect()
    }
}

/// What makes two nodes the same type: their navigation (segments and child shapes) and
/// their methods (name, HTTP method, operation called). Endpoint paths are left out: they
/// are what differs between `/me/...` and `/users/{id}/...`.
fn shape_key(is_root: bool, children: &[(Segment, usize)], methods: &[MethodSpec<'_>]) -> String {
    let mut key = String::from(if is_root { "root;" } else { "node;" });
    for (segment, id) in children {
        key.push_str(&format!("{}={:?}->{id};", segment.name, segment.pieces));
    }
    for m in methods {
        let also: Vec<&str> = m.also.iter().map(|o| o.key.as_str()).collect();
        let differently = m.documented_differently;
        // What the path says comes back: one page may document several paths that return
        // different things (`mailboxSettings/workingHours`, `mailboxSettings/timeZone`).
        let response = m.endpoints.first().and_then(|e| e.response.as_ref());
        key.push_str(&format!(
            "{}:{:?}:{}:{:?}:{also:?}:{differently}:{response:?}:{:?};",
            m.name,
            m.segment,
            m.method.as_str(),
            m.op.key,
            m.query_args
        ));
    }
    key
}

/// The name of the type serving a path: the path's method names in UpperCamelCase, one
/// after the other, a key `by_id` as `Item` (`/users/{id}/messages` is `UsersItemMessages`,
/// `/places/{emailAddress}` `PlacesByEmailAddress`). It depends on the path alone, so a page
/// that adds or removes other paths never renames it; two paths' names differ where their
/// method names do, as Graph's segment names differ in more than where words break.
pub fn path_type_name(chain: &[String]) -> String {
    let mut name: String = chain
        .iter()
        .map(|method| match method.as_str() {
            "by_id" => "Item".to_owned(),
            other => other.to_upper_camel_case(),
        })
        .collect();
    if name.is_empty() || name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, 'N');
    }
    if BUILDER_RESERVED_TYPES.contains(&name.as_str()) {
        name.push_str("Builder");
    }
    name
}

#[cfg(test)]
#[path = "tree_tests.rs"]
mod tests;
