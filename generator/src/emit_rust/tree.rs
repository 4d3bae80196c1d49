//! The path tree of one API version: one node per path segment, merged across every
//! operation, then folded into *shapes* (one generated type each) so that identical
//! subtrees, such as `/me/...` and `/users/{id}/...`, share one type.
//!
//! Naming, all from Graph's own segment names (see [`segment_name`]):
//! - a literal segment is a method named after it (`managedDevices` → `managed_devices`,
//!   `microsoft.graph.delta()` → `delta`, `$count` → `count`);
//! - a segment that is one parameter is `by_id(id)`, or `by_<param>` when the parameter is
//!   not an id (`{userPrincipalName}` → `by_user_principal_name`);
//! - a segment with parameters inside (`getByPath(path='{path}')`, `(appId='{appId}')`) is a
//!   method taking them; when two of them share a name, each adds `_with_<params>`.
//!
//! Per node, each documented endpoint is one method (see [`endpoint_name`]). A leaf that is an
//! action or a function (`sendMail`, `delta()`, `getX(period='{p}')`) with one endpoint is
//! not a type of its own: its endpoint is a method of the parent, named after the segment.
//!
//! Everything is decided from the endpoints sorted by (path, method, operation key), so the
//! result does not depend on the order pages were read in.

use std::collections::{BTreeMap, BTreeSet};

use heck::ToUpperCamelCase;

use super::names::{snake_ident, snake_words, UniqueNames};
use crate::model::{ApiVersion, Endpoint, EndpointIndex, Method, Model, Operation, Resolution};

/// Type names longer than this get a shorter, hashed form.
pub const MAX_TYPE_NAME: usize = 40;

/// Names a generated type cannot take: the version's entry type and names the generated code
/// or the prelude uses.
const RESERVED_TYPES: &[&str] = &[
    "Root", "Call", "Client", "Method", "Option", "Result", "Some", "None", "Ok", "Err", "Vec", "String", "Box",
    "Self", "Send", "Sync", "Sized", "Clone", "Copy", "Debug", "Default", "Drop", "Fn", "Into", "From",
];

/// Method names of std traits (the builders derive `Clone` and `Debug`; clippy's
/// `should_implement_trait` knows the others): a segment so named gets a `_` suffix, as a
/// keyword does, so `builder.clone()` stays the trait's.
const TRAIT_METHODS: &[&str] = &[
    "add",
    "as_mut",
    "as_ref",
    "bitand",
    "bitor",
    "bitxor",
    "borrow",
    "borrow_mut",
    "clone",
    "cmp",
    "default",
    "deref",
    "deref_mut",
    "div",
    "drop",
    "eq",
    "fmt",
    "from_iter",
    "from_str",
    "hash",
    "index",
    "index_mut",
    "into_iter",
    "mul",
    "neg",
    "next",
    "not",
    "partial_cmp",
    "rem",
    "shl",
    "shr",
    "sub",
    "to_owned",
    "to_string",
    "type_id",
];

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
    by_version
        .into_iter()
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
            root.name_mixed_segments();
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
    /// How the documented paths spell the segment leading here, and how often.
    spellings: BTreeMap<String, usize>,
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
            *child.spellings.entry(raw.to_owned()).or_default() += 1;
            node = child;
        }
        node.endpoints.push((op, endpoint));
    }

    /// One spelling per literal segment spelled several ways: the resource pages' member of
    /// that name where exactly one spelling is one, else the one most paths use (on a tie,
    /// the first in byte order, which puts `directoryRoles` before `directoryroles`).
    fn choose_spellings(&mut self, members: &BTreeSet<&str>) {
        for (segment, child) in self.children.values_mut() {
            let literal = matches!(segment.pieces.as_slice(), [Piece::Literal(_)]);
            if literal && child.spellings.len() > 1 {
                let named: Vec<&String> = child.spellings.keys().filter(|s| members.contains(s.as_str())).collect();
                let chosen = match named.as_slice() {
                    [only] => (*only).clone(),
                    _ => {
                        let most = child.spellings.values().copied().max().unwrap_or_default();
                        child.spellings.iter().find(|(_, n)| **n == most).map(|(s, _)| s.clone()).unwrap_or_default()
                    }
                };
                let after_colon = segment.after_colon;
                *segment = parse_segment(&chosen);
                segment.after_colon = after_colon;
            }
            child.choose_spellings(members);
        }
    }

    /// Segments with parameters inside that share a name with a sibling get `_with_<params>`.
    fn name_mixed_segments(&mut self) {
        let mut count: BTreeMap<String, usize> = BTreeMap::new();
        for (segment, _) in self.children.values() {
            *count.entry(segment.name.clone()).or_default() += 1;
        }
        for (segment, child) in self.children.values_mut() {
            let mixed = !matches!(segment.pieces.as_slice(), [Piece::Literal(_)] | [Piece::Param(_)]);
            if mixed && count[&segment.name] > 1 && !segment.args.is_empty() {
                let params: Vec<&str> = segment.args.iter().map(|a| a.0.trim_end_matches('_')).collect();
                segment.name = format!("{}_with_{}", segment.name, params.join("_"));
            }
            child.name_mixed_segments();
        }
    }

    fn is_collection(&self) -> bool {
        self.children.values().any(|(segment, _)| segment.is_key())
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
    if words.is_empty() {
        if args.is_empty() {
            return "segment".to_owned();
        }
        let params: Vec<&str> = args.iter().map(|a| a.0.trim_end_matches('_')).collect();
        return snake_ident(&format!("by {}", params.join(" ")), "segment");
    }
    snake_ident(&words, "segment")
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
        None => op.response_type.as_ref().and_then(|link| link.collection) == Some(true),
    }
}

/// The method name of an endpoint documented at a node reached through `incoming`.
fn endpoint_name(method: Method, incoming: Option<&Segment>, collection: bool) -> &'static str {
    let literal = incoming.is_some_and(|s| !s.is_key());
    match method {
        Method::Get if literal && collection => "list",
        Method::Get => "get",
        Method::Post if collection || !literal => "create",
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
    name_of: impl Fn(Method) -> String,
    segment: Option<&Segment>,
) -> Vec<MethodSpec<'m>> {
    let mut methods: BTreeMap<String, MethodSpec<'m>> = BTreeMap::new();
    let mut sorted = endpoints.to_vec();
    let owns = |(op, e): &(&Operation, &Endpoint)| owners.owns(version, e.method, &e.path, &op.key);
    sorted.sort_by(|a, b| (!owns(a), &a.0.key, &a.1.path).cmp(&(!owns(b), &b.0.key, &b.1.path)));
    for (op, endpoint) in sorted {
        let name = name_of(endpoint.method);
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
    /// Per shape, the method-name chains of the nodes it stands for (one node each).
    chains: Vec<BTreeSet<Vec<String>>>,
}

impl<'m> Interner<'m, '_> {
    /// The shape of `node`, reached through `path` (the segments from the version root).
    fn intern(&mut self, node: &Node<'m>, path: &[&Segment], is_root: bool) -> usize {
        let incoming = path.last().copied();
        let collection = node.is_collection();
        let (owners, version) = (self.owners, self.version);
        // A node is a collection when it has items (`{id}` below it) or the GET that owns it
        // returns a collection: `list()`; one entity (`/me`) is `get()`.
        let listed = node.endpoints.iter().any(|(op, e)| {
            e.method == Method::Get && owners.owns(version, e.method, &e.path, &op.key) && returns_many(op, e)
        });
        let collection = collection || listed;
        let name_of = |m| endpoint_name(m, incoming, collection).to_owned();
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
            let flatten =
                child.children.is_empty() && child.endpoints.len() == 1 && is_action(segment, child.endpoints[0].0);
            if flatten {
                let name = segment.name.clone();
                methods.extend(group_methods(&child.endpoints, owners, version, |_| name.clone(), Some(segment)));
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
                });
                self.chains.push(BTreeSet::new());
                id
            }
        };
        let shape = &mut self.shapes[id];
        let display: Vec<String> = path.iter().map(|s| s.template()).collect();
        shape.paths.insert(format!("/{}", display.join("/")));
        if let Some(first) = path.first() {
            shape.areas.insert(first.name.clone());
        }
        self.chains[id].insert(path.iter().map(|s| s.name.clone()).collect());
        id
    }

    /// The shapes with their names; the root (interned last) becomes shape 0.
    fn finish(mut self) -> Vec<Shape<'m>> {
        let root = self.shapes.len() - 1;
        let canonical: Vec<Vec<String>> =
            self.chains.iter().map(|c| c.iter().next().cloned().unwrap_or_default()).collect();
        let names = assign_names(&canonical, root);
        for (shape, name) in self.shapes.iter_mut().zip(names) {
            shape.name = name;
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

/// The UpperCamelCase piece a segment (by its method name) adds to type names: `Item` for
/// `by_id`, `ByUserPrincipalName` for another key.
fn naming_piece(name: &str) -> String {
    if name == "by_id" {
        "Item".to_owned()
    } else {
        name.to_upper_camel_case()
    }
}

/// Type names: the last piece of the canonical chain (two when it ends in `Item`); while
/// two shapes would share a name, each tries its ancestors' pieces in front of it, nearest
/// first (`DeviceHealthScriptsManagedDevice`), then several of them (`UsersMailFoldersMessages`). Only names that clash change, so adding a page
/// renames a type only when it brings a clash with that type.
fn assign_names(paths: &[Vec<String>], root: usize) -> Vec<String> {
    let canonical: Vec<Vec<String>> = paths.iter().map(|p| p.iter().map(|n| naming_piece(n)).collect()).collect();
    // A key (`Item`, `ByEmailAddress`) is named together with its collection.
    let base_len =
        |chain: &[String]| if chain.last().is_some_and(|p| p == "Item" || p.starts_with("By")) { 2 } else { 1 };
    let candidate = |chain: &[String], k: usize| -> String {
        let split = chain.len().saturating_sub(base_len(chain));
        let base: String = chain[split..].concat();
        // Step `k` of 1..=n: the k-th nearest ancestor's piece alone (short names that skip
        // what does not tell shapes apart: `DeviceComplianceScriptsManagedDevice`); then, for
        // names clashing still, the nearest 2, 3, ... n pieces in path order
        // (`UsersMailFoldersMessages`).
        let ancestors: Vec<&str> = chain[..split].iter().rev().filter(|p| *p != "Item").map(String::as_str).collect();
        let prefix: Vec<&str> = match k {
            0 => Vec::new(),
            k if k <= ancestors.len() => vec![ancestors[k - 1]],
            k => ancestors.iter().take(k - ancestors.len() + 1).rev().copied().collect(),
        };
        let mut name = format!("{}{base}", prefix.concat());
        if name.starts_with(|c: char| c.is_ascii_digit()) || name.is_empty() {
            name.insert(0, 'N');
        }
        name
    };
    // The last step: each ancestor alone, then 2..=n of them together.
    let prefixes = |chain: &[String]| {
        let split = chain.len().saturating_sub(base_len(chain));
        let n = chain[..split].iter().filter(|p| *p != "Item").count();
        (2 * n).saturating_sub(1)
    };
    let mut k = vec![0; canonical.len()];
    loop {
        let names: Vec<String> = canonical.iter().zip(&k).map(|(c, &k)| candidate(c, k)).collect();
        let mut groups: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        for (i, name) in names.iter().enumerate() {
            if i != root {
                groups.entry(name).or_default().push(i);
            }
        }
        let mut progress = false;
        for (name, members) in &groups {
            if members.len() > 1 || RESERVED_TYPES.contains(name) {
                for &i in members {
                    if k[i] < prefixes(&canonical[i]) {
                        k[i] += 1;
                        progress = true;
                    }
                }
            }
        }
        if !progress {
            // In a group still clashing, the shape with the shortest path keeps the name.
            let keeps: BTreeSet<usize> = groups
                .values()
                .filter_map(|members| members.iter().min_by_key(|&&i| (paths[i].len(), &paths[i])).copied())
                .collect();
            return names
                .clone()
                .into_iter()
                .enumerate()
                .map(|(i, name)| {
                    if i == root {
                        return "Root".to_owned();
                    }
                    let clash = !keeps.contains(&i) || RESERVED_TYPES.contains(&name.as_str());
                    if clash || name.len() > MAX_TYPE_NAME {
                        shortened(&name, &paths[i])
                    } else {
                        name
                    }
                })
                .collect();
        }
    }
}

/// A name still clashing or too long: its end, plus a hash of the node's path of method
/// names, which no other shape has (stable: it depends on that path only).
fn shortened(name: &str, chain: &[String]) -> String {
    // FNV-1a: tiny, stable across Rust versions (unlike `DefaultHasher`).
    let mut hash: u32 = 0x811c_9dc5;
    for byte in chain.join("/").bytes() {
        hash = (hash ^ u32::from(byte)).wrapping_mul(0x0100_0193);
    }
    let suffix = format!("H{hash:08x}");
    let keep = MAX_TYPE_NAME - suffix.len();
    let mut start = name.len().saturating_sub(keep);
    // Start on a word (an upper-case letter) so the name still reads.
    while start < name.len() && !name.as_bytes()[start].is_ascii_uppercase() {
        start += 1;
    }
    let mut out = name[start..].to_owned();
    if out.is_empty() || out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, 'N');
    }
    out.push_str(&suffix);
    out
}

#[cfg(test)]
#[path = "tree_tests.rs"]
mod tests;
