//! Which operation owns an endpoint that several operations document.
//!
//! The evidence is on the pages, read by structure, never by page names. In order, each rule
//! applied only when it tells some contenders from the others:
//! 1. **Query string**: a request line with a query (`GET /users?$expand=manager`) documents a
//!    variant of the call another page documents plainly.
//! 2. **Path type**: the type the path reaches through the resource pages' relationships
//!    (`/me/messages/{id}` → `message`) against the type each page returns or takes: a page of
//!    another type (a derived `eventMessage`, an extended property) is a variant.
//!    On a GET, a page saying one item where the path is a collection (or the reverse)
//!    documents another call.
//! 3. **Base type**: a page of a type derived from another contender's type (`countryNamedLocation`
//!    beside `namedLocation`) documents a kind of what the endpoint addresses: a variant.
//! 4. **Type page**: the docs name a page after the type it is about (`message-update.md`);
//!    a page named after the endpoint's type ranks above others (Intune's
//!    `intune-devices-user-create.md`, an extended property's page documenting `PATCH /me/messages/{id}`).
//! 5. **Copy family**: pages whose file names share a prefix form a family; a family most of
//!    whose endpoints other pages document too (Intune's copies of the user pages) ranks below
//!    a contender whose family copies less.
//!
//! Contenders left that agree on permissions need no decision (a difference of type alone is
//! settled by the client from the path: a base type and its derived types' pages). Left that
//! disagree, the endpoint is undecided: a warning names the pages, and no page's permissions
//! stand for the endpoint.

use std::collections::{BTreeMap, BTreeSet};

use rayon::prelude::*;

use crate::diagnostics::{Code, Diagnostic, SourceMap};
use crate::model::endpoints::shape_key;
use crate::model::{
    ApiVersion, BaseChain, Endpoint, EndpointVariant, Method, Model, Operation, PathResponse, PermissionTable,
    Resolution, SchemePermissions, SharedEndpoint, TypeDef, TypeLink, VariantRule,
};

#[path = "endpoint_families.rs"]
mod families;
use families::{Families, MOSTLY};

/// Graph's own namespace: where a name no page qualifies lives.
const GRAPH: &str = "microsoft.graph";

/// Fills `model.shared_endpoints` and each GET endpoint's path reading; returns a warning per
/// undecided endpoint and per page contradicting its path. The versions are read side by side:
/// each has its own path typer, and nothing of one decides in the other.
pub fn resolve(model: &mut Model, sources: &SourceMap) -> Vec<Diagnostic> {
    read(model, sources).apply(model)
}

/// What [`resolve`] finds, before it is written into the model: reading only the model, it can
/// run beside other readers of it (the example check).
pub struct Resolved {
    /// By version, in the versions' order.
    per_version: Vec<(Vec<SharedEndpoint>, Vec<Decided>, Vec<Diagnostic>)>,
}

/// The reading half of [`resolve`].
pub fn read(model: &Model, sources: &SourceMap) -> Resolved {
    let versions: Vec<ApiVersion> =
        model.operations.iter().map(|op| op.version).collect::<BTreeSet<_>>().into_iter().collect();
    let per_version = {
        // Each endpoint's shape, by operation, worked out once: the families, the owners and
        // the path readings all key on it.
        let shapes: Vec<Vec<String>> =
            model.operations.par_iter().map(|op| op.endpoints.iter().map(|e| shape_key(&e.path)).collect()).collect();
        // Everything here only reads the model: the pieces are built side by side, and each
        // version's endpoints are read in parallel below (the versions differ much in size).
        let (families, typers) = rayon::join(
            || Families::new(&model.operations, &shapes),
            || versions.par_iter().map(|&version| PathTyper::new(model, version)).collect::<Vec<_>>(),
        );
        versions
            .into_par_iter()
            .zip(typers)
            .map(|(version, typer)| {
                let ((shared, mut diagnostics), (decided, found)) = rayon::join(
                    || owners(model, &shapes, version, &typer, &families, sources),
                    || path_responses(model, &shapes, version, &typer, sources),
                );
                diagnostics.extend(found);
                (shared, decided, diagnostics)
            })
            .collect()
    };
    Resolved { per_version }
}

impl Resolved {
    /// The writing half of [`resolve`], into the model [`read`] read: returns the warnings.
    pub fn apply(self, model: &mut Model) -> Vec<Diagnostic> {
        let mut shared = Vec::new();
        let mut diagnostics = Vec::new();
        for (version_shared, decided, found) in self.per_version {
            shared.extend(version_shared);
            for (o, e, response) in decided {
                model.operations[o].endpoints[e].response = Some(response);
            }
            diagnostics.extend(found);
        }
        shared.sort_by(|a, b| (a.version, &a.path, a.method).cmp(&(b.version, &b.path, b.method)));
        model.shared_endpoints = shared;
        diagnostics
    }
}

/// A GET endpoint's path reading: (operation, endpoint, reading).
type Decided = (usize, usize, PathResponse);

/// The owner of each endpoint of `version` several operations document.
fn owners(
    model: &Model,
    shapes: &[Vec<String>],
    version: ApiVersion,
    typer: &PathTyper<'_>,
    families: &Families,
    sources: &SourceMap,
) -> (Vec<SharedEndpoint>, Vec<Diagnostic>) {
    let mut groups: BTreeMap<(Method, &str), Vec<(usize, usize)>> = BTreeMap::new();
    for (o, op) in model.operations.iter().enumerate().filter(|(_, op)| op.version == version) {
        for (e, (endpoint, shape)) in op.endpoints.iter().zip(&shapes[o]).enumerate() {
            let contenders = groups.entry((endpoint.method, shape)).or_default();
            // An operation documenting the endpoint twice (two spellings) contends once.
            if !contenders.iter().any(|(other, _)| *other == o) {
                contenders.push((o, e));
            }
        }
    }
    // Each endpoint is decided by itself: in parallel, collected in the groups' (key) order.
    let contested: Vec<(Method, Vec<(usize, usize)>)> = groups
        .into_iter()
        .filter(|(_, contenders)| contenders.len() >= 2)
        .map(|((method, _), contenders)| (method, contenders))
        .collect();
    let (shared, warnings): (Vec<SharedEndpoint>, Vec<Option<Diagnostic>>) = contested
        .into_par_iter()
        .map(|(method, contenders)| {
            let candidates: Vec<Candidate<'_>> = contenders
                .iter()
                .map(|&(o, e)| Candidate { op: &model.operations[o], endpoint: &model.operations[o].endpoints[e] })
                .collect();
            let decision = decide(candidates, typer, families);
            let warning = (decision.resolution == Resolution::Undecided).then(|| undecided_warning(&decision, sources));
            (decision.into_shared(version, method), warning)
        })
        .unzip();
    (shared, warnings.into_iter().flatten().collect())
}

/// Per GET endpoint of `version`, what its path says comes back where that differs from its
/// page: a collection path returns a page of items and a key one item, whatever the page's
/// prose says; a page showing a derived type returns the path's base type (decoded into the
/// derived one on demand); `$value` and `/content` return bytes. The path is read only as far
/// as the resource pages define every step of it; each contradiction is a warning naming both.
fn path_responses(
    model: &Model,
    shapes: &[Vec<String>],
    version: ApiVersion,
    typer: &PathTyper<'_>,
    sources: &SourceMap,
) -> (Vec<Decided>, Vec<Diagnostic>) {
    let documented: BTreeSet<&str> = model
        .operations
        .iter()
        .zip(shapes)
        .filter(|(op, _)| op.version == version)
        .flat_map(|(_, shapes)| shapes.iter().map(String::as_str))
        .collect();
    // Each operation is read by itself: in parallel, collected in the operations' order.
    let (decided, found): (Vec<Vec<Decided>>, Vec<Vec<Diagnostic>>) = model
        .operations
        .par_iter()
        .enumerate()
        .filter(|(_, op)| op.version == version)
        .map(|(o, op)| path_responses_of(o, op, &shapes[o], typer, &documented, sources))
        .unzip();
    (decided.into_iter().flatten().collect(), found.into_iter().flatten().collect())
}

/// [`path_responses`] for the operation `o`.
fn path_responses_of(
    o: usize,
    op: &Operation,
    shapes: &[String],
    typer: &PathTyper<'_>,
    documented: &BTreeSet<&str>,
    sources: &SourceMap,
) -> (Vec<Decided>, Vec<Diagnostic>) {
    let mut decided = Vec::new();
    let mut diagnostics = Vec::new();
    // A page that names no type for a documented `200` still returns what its path
    // addresses: the path's reading stands alone (never for a redirect or no content).
    let link = op.response_type.as_ref();
    if link.is_none() && op.success_status.as_ref().is_none_or(|s| s.code != 200) {
        return (decided, diagnostics);
    }
    for (e, (endpoint, shape)) in op.endpoints.iter().zip(shapes).enumerate() {
        // A query (`$expand`, `$filter`) changes what comes back: the page says what.
        if endpoint.method != Method::Get || endpoint.has_variant_query() {
            continue;
        }
        let stem = page_stem(op).unwrap_or_default().to_ascii_lowercase();
        let reading = read_response(endpoint, shape, link, &stem, typer, documented);
        if let Some((response, contradiction)) = reading {
            if let Some(message) = contradiction {
                diagnostics.push(crate::merge::at(
                    sources,
                    Code::ResponseContradictsPath,
                    &endpoint.source,
                    None,
                    message,
                ));
            }
            decided.push((o, e, response));
        }
    }
    (decided, diagnostics)
}

/// What the path of `endpoint` says comes back, when that differs from `link` (the page's
/// type; `None` when the page names none), and the warning when they contradict.
fn read_response(
    endpoint: &Endpoint,
    shape: &str,
    link: Option<&TypeLink>,
    page: &str,
    typer: &PathTyper<'_>,
    documented: &BTreeSet<&str>,
) -> Option<(PathResponse, Option<String>)> {
    let last = endpoint.path.rsplit('/').find(|s| !s.is_empty()).unwrap_or_default();
    if endpoint.addresses_bytes() {
        return Some((PathResponse::Bytes, None));
    }
    if typer.reaches_value(&endpoint.path) {
        return Some((PathResponse::Value, None));
    }
    let Some(link) = link else {
        // The page names no type: the path's, where the resource pages define every step.
        let (path_type, many) = typer.walk(&endpoint.path)?;
        let type_name = typer.qualified(&path_type, GRAPH)?;
        return Some((PathResponse::Typed { type_name, collection: many }, None));
    };
    let page_type = type_key(&link.type_name);
    let said = |many: bool| if many { "a collection of" } else { "one" };
    let request = format!("{} {}", endpoint.method, endpoint.path);
    // The documented paths tell a collection (it has items below it) from an item, also where
    // the resource pages do not say, or a relationship's row forgot to.
    let has_items = documented.contains(format!("{shape}/{{}}").as_str());
    // Where the relationships do not reach the path, the Methods table of the page of the type
    // its parent addresses says what the operation it links returns, as a relationship row
    // would (the user page: `List joinedTeams`, a collection of `team`). Not a function's result:
    // the tables copy those more than they state them.
    let walked = typer.walk(&endpoint.path).or_else(|| {
        let parent = endpoint.path.trim_end_matches('/').rsplit_once('/')?.0;
        let (owner, false) = typer.walk(parent)? else { return None };
        let stated = typer.stated.get(&(owner, page.to_owned()))?;
        (stated.0 != page_type && !last.contains('(')).then(|| stated.clone())
    });
    let (path_type, many) = match walked {
        Some((path_type, many)) => (path_type, many || has_items),
        None if is_key(last) => (page_type.clone(), false),
        None if has_items => (page_type.clone(), true),
        // A literal key (`.../authenticationMethodConfigurations/fido2`) on a page returning one
        // item of a kind of the collection's type: one item of the collection's type.
        None if link.collection == Some(false) && !last.contains(['(', '$', ':', '.']) => {
            let parent = endpoint.path.trim_end_matches('/').rsplit_once('/').map_or("", |(parent, _)| parent);
            let (base, true) = typer.walk(parent)? else { return None };
            if !typer.derives(&page_type, &base) {
                return None;
            }
            let namespace = link.type_name.rsplit_once('.').map_or(GRAPH, |(namespace, _)| namespace);
            let type_name = typer.qualified(&base, namespace)?;
            return Some((PathResponse::Typed { type_name, collection: false }, None));
        }
        // A cast of what the page returns (`.../transitiveMembers/microsoft.graph.user` on a
        // page of a `directoryObject` collection): the cast's type, as many as the page says.
        None => {
            let cast = last.to_ascii_lowercase();
            let cast = cast.strip_prefix("microsoft.graph.")?;
            let (true, Some(many)) = (typer.derives(cast, &page_type), link.collection) else { return None };
            let type_name = typer.qualified(cast, GRAPH)?;
            return Some((PathResponse::Typed { type_name, collection: many }, None));
        }
    };
    // "Collection" is written where a relationship is one; "one" is only a row that does not
    // say so, and rows forget (`permissionGrants` on the 2021 group page). A page saying the
    // response is a collection of the path's own type outweighs that silence, never a key,
    // which is one item.
    let many = many || (page_type == path_type && link.collection == Some(true) && !is_key(last));
    // A relationship row's `collection` against two statements about this very call: its page
    // says one item, and so does the Methods table of the type the row belongs to (the
    // eDiscovery case page: `Get settings`, one `settings`). No key is documented below it.
    let owner_says_one = || {
        let parent = endpoint.path.trim_end_matches('/').rsplit_once('/')?.0;
        let (owner, false) = typer.walk(parent)? else { return None };
        typer.stated.get(&(owner, page.to_owned())).map(|stated| *stated == (path_type.clone(), false))
    };
    let page_says_one = page_type == path_type && link.collection == Some(false) && !has_items;
    let many = many && !(page_says_one && owner_says_one() == Some(true));
    let contradiction = |what: String| {
        // The readings in backquotes: one message shape, however they differ (grouped output).
        Some(format!("the page says `{request}` returns `{what}`; the path addresses `{} {path_type}`", said(many)))
    };
    if page_type == path_type {
        return match link.collection {
            Some(c) if c == many => None,
            said_many => {
                let typed = PathResponse::Typed { type_name: link.type_name.clone(), collection: many };
                let warning = said_many.and_then(|c| contradiction(format!("{} {page_type}", said(c))));
                Some((typed, warning))
            }
        };
    }
    let related = typer.derives(&page_type, &path_type) || typer.derives(&path_type, &page_type);
    let namespace = link.type_name.rsplit_once('.').map_or(GRAPH, |(namespace, _)| namespace);
    let type_name = typer.qualified(&path_type, namespace)?;
    let typed = PathResponse::Typed { type_name, collection: many };
    if related {
        // A derived type's page, or a cast: the path's type, decoded into the derived one on demand.
        return Some((typed, None));
    }
    // One page for several paths (`mailboxSettings` and its parts) names one type for all: the
    // relationships the path walks say what each returns.
    let what = match link.collection {
        Some(c) => format!("{} {page_type}", said(c)),
        None => page_type.clone(),
    };
    Some((typed, contradiction(what)))
}

#[derive(Clone, Copy)]
struct Candidate<'m> {
    op: &'m Operation,
    endpoint: &'m Endpoint,
}

struct Decision<'m> {
    primary: Candidate<'m>,
    resolution: Resolution,
    variants: Vec<(Candidate<'m>, VariantRule)>,
}

impl Decision<'_> {
    fn into_shared(self, version: ApiVersion, method: Method) -> SharedEndpoint {
        let mut variants: Vec<EndpointVariant> = self
            .variants
            .into_iter()
            .map(|(c, rule)| EndpointVariant { key: c.op.key.clone(), rule, source: c.endpoint.source.clone() })
            .collect();
        variants.sort_by(|a, b| (a.rule, &a.key).cmp(&(b.rule, &b.key)));
        SharedEndpoint {
            version,
            method,
            path: self.primary.endpoint.path.clone(),
            primary: self.primary.op.key.clone(),
            resolution: self.resolution,
            variants,
        }
    }
}

fn decide<'m>(mut left: Vec<Candidate<'m>>, typer: &PathTyper<'_>, families: &Families) -> Decision<'m> {
    left.sort_by(|a, b| a.op.key.cmp(&b.op.key));
    let mut variants = Vec::new();
    let mut narrow = |left: &mut Vec<Candidate<'m>>, rule: VariantRule, keep: &dyn Fn(&Candidate<'m>) -> bool| {
        let kept = left.iter().filter(|c| keep(c)).count();
        if kept > 0 && kept < left.len() {
            let (kept, dropped): (Vec<_>, Vec<_>) = left.drain(..).partition(|c| keep(c));
            variants.extend(dropped.into_iter().map(|c| (c, rule)));
            *left = kept;
        }
    };
    // A query of placeholders (`?startDateTime={start}`) states the call's required parameters:
    // it documents the call, not a variant, unless another page documents it plainly.
    narrow(&mut left, VariantRule::QueryString, &|c| c.endpoint.query.is_none());
    narrow(&mut left, VariantRule::QueryString, &|c| c.endpoint.query_parameters().is_some());
    let walked = typer.walk(&left[0].endpoint.path);
    let reached = walked.as_ref().map(|(t, _)| t.clone());
    if let Some((reached, many)) = walked {
        narrow(&mut left, VariantRule::PathType, &|c| type_of(c.op).is_some_and(|t| type_key(t) == reached));
        // One item or a page of them: a page saying the other documents another call.
        let says_many = |c: &Candidate<'_>| c.op.response_type.as_ref().and_then(|l| l.collection);
        if c_is_get(&left) {
            narrow(&mut left, VariantRule::PathType, &|c| says_many(c) == Some(many));
        }
    }
    // A derived type's page (`countryNamedLocation`) documents a kind of what the endpoint
    // addresses; the page of their base type (`namedLocation`) documents the endpoint.
    let types: BTreeSet<String> = left.iter().filter_map(|c| type_of(c.op).map(type_key)).collect();
    narrow(&mut left, VariantRule::BaseType, &|c| {
        type_of(c.op).map(type_key).is_none_or(|t| !types.iter().any(|base| *base != t && typer.derives(&t, base)))
    });
    // The docs name a page after the type it is about (`message-update.md`): a page named
    // after the endpoint's type ranks above pages of other families that also document it.
    let type_name = reached.clone().or_else(|| type_of(left[0].op).map(type_key));
    if let Some(type_name) = type_name {
        narrow(&mut left, VariantRule::TypePage, &|c| {
            let named = type_of(c.op).map(type_key).unwrap_or_else(|| type_name.clone());
            page_stem(c.op).is_some_and(|stem| stem.to_ascii_lowercase().starts_with(&format!("{named}-")))
        });
    }
    let fewest = left.iter().map(|c| families.copy_share(c.op)).fold(f64::INFINITY, f64::min);
    narrow(&mut left, VariantRule::CopyFamily, &|c| {
        let share = families.copy_share(c.op);
        share <= MOSTLY || share <= fewest
    });
    let decided = !variants.is_empty();
    // The permissions decide whether any page may answer for the endpoint; a difference of
    // type alone is the client's to settle from the path (a base type and its derived pages).
    let agree = left.windows(2).all(|pair| same_permissions(pair[0].op, pair[1].op));
    let (resolution, rest_rule) = match (agree, decided) {
        (true, true) => (Resolution::Decided, VariantRule::SameFacts),
        (true, false) => (Resolution::Agreed, VariantRule::SameFacts),
        (false, _) => (Resolution::Undecided, VariantRule::Undecided),
    };
    let mut left = left.into_iter();
    let primary = left.next().expect("a shared endpoint has contenders");
    variants.extend(left.map(|c| (c, rest_rule)));
    Decision { primary, resolution, variants }
}

/// The type an operation returns, or else takes.
fn type_of(op: &Operation) -> Option<&str> {
    op.response_type.as_ref().or(op.request_type.as_ref()).map(|link| link.type_name.as_str())
}

/// A type name compared without its namespace, in lower case (`microsoft.graph.message` → `message`).
fn type_key(name: &str) -> String {
    name.rsplit('.').next().unwrap_or(name).to_ascii_lowercase()
}

fn c_is_get(candidates: &[Candidate<'_>]) -> bool {
    candidates.first().is_some_and(|c| c.endpoint.method == Method::Get)
}

/// Same least privileged permissions per scheme and scope (or the same "not supported" or
/// "unspecified"), wherever they were read: then any page answers "which permission to ask
/// for" alike. The higher privileged ones may differ.
fn same_permissions(a: &Operation, b: &Operation) -> bool {
    let tables = |op: &Operation| -> Vec<TableFacts> { op.permissions.iter().map(table_facts).collect() };
    tables(a) == tables(b)
}

type TableFacts = (Option<String>, [(u8, Vec<String>); 3]);

fn table_facts(table: &PermissionTable) -> TableFacts {
    let scheme = |s: &SchemePermissions| match s {
        SchemePermissions::Permissions { least, .. } => (0, least.iter().map(|p| p.value.clone()).collect()),
        SchemePermissions::NotSupported { .. } => (1, Vec::new()),
        SchemePermissions::Unspecified { .. } => (2, Vec::new()),
    };
    (
        table.scope.clone(),
        [scheme(&table.delegated_work), scheme(&table.delegated_personal), scheme(&table.application)],
    )
}

fn undecided_warning(decision: &Decision<'_>, sources: &SourceMap) -> Diagnostic {
    let endpoint = decision.primary.endpoint;
    let mut pages: Vec<&str> = std::iter::once(&decision.primary)
        .chain(decision.variants.iter().filter(|(_, rule)| *rule == VariantRule::Undecided).map(|(c, _)| c))
        .map(|c| &*c.endpoint.source.file)
        .collect();
    pages.sort_unstable();
    pages.dedup();
    let message = format!(
        "`{} {}` is documented by {} pages that disagree on its permissions, and nothing on them tells \
         which owns it: no page's permissions stand for the endpoint",
        endpoint.method,
        endpoint.path,
        pages.len()
    );
    crate::merge::at(sources, Code::EndpointDocumentedDifferently, &endpoint.source, None, message)
        .with_note(format!("documented by {}", pages.join(", ")))
}

/// The file stem of the operation's authoritative page.
fn page_stem(op: &Operation) -> Option<&str> {
    op.pages.iter().find(|p| p.authoritative).map(|p| stem(&p.file))
}

fn stem(file: &str) -> &str {
    let name = file.rsplit('/').next().unwrap_or(file);
    name.strip_suffix(".md").unwrap_or(name)
}

/// The type a path reaches through the resource pages' relationships.
/// A type (lower-case name) and whether it is a collection of it.
type Reading = (String, bool);

pub(crate) struct PathTyper<'m> {
    /// Types by lower-case name without namespace (several namespaces may share one).
    types: BTreeMap<String, Vec<&'m TypeDef>>,
    /// Per lower-case member name, the target types of every relationship or property so named.
    members: BTreeMap<String, BTreeSet<(String, bool)>>,
    /// Per path shape (`/users`, `/education/schools/{}`), the type most of the plain GET pages
    /// of that path (or of a key below it: a collection) return: a first segment's type (the
    /// entity sets and singletons, which no resource page lists), and where the resource pages
    /// leave a step undefined, the type of a path the docs document by itself.
    prefixes: BTreeMap<String, (String, bool)>,
    /// The enumerations (lower-case names): a property of one of them is a value.
    enums: BTreeSet<String>,
    /// Per resource type and operation page (lower-case name, file stem), what the type's page
    /// says in its Methods table that the operation returns, where it names a documented type
    /// other than its own.
    stated: BTreeMap<(String, String), (String, bool)>,
    /// What [`Self::step`] found from a known type, by (type, member): paths share their
    /// prefixes, and a type's members with its bases are a walk up its chain.
    /// Behind a lock: the endpoints of a version are read in parallel, over one typer.
    steps: std::sync::Mutex<std::collections::HashMap<(String, String), Option<Reading>>>,
    /// What [`Self::walk`] found, by path: an endpoint's path and its parent are walked for
    /// several readings, and contested endpoints again.
    walks: std::sync::Mutex<std::collections::HashMap<String, Option<Reading>>>,
    /// What [`Self::reaches_value`] found, by (type, lower-case member): many paths end at the
    /// same few members, and each lookup walks the type's base chain.
    values: std::sync::Mutex<std::collections::HashMap<(String, String), bool>>,
    /// Per type (lower-case name), the lower-case names of its base types, of every definition
    /// of that name: [`Self::derives`] is asked over and over about the same few types.
    ancestors: BTreeMap<String, BTreeSet<String>>,
}

impl<'m> PathTyper<'m> {
    pub(crate) fn new(model: &'m Model, version: ApiVersion) -> Self {
        let mut types: BTreeMap<String, Vec<&'m TypeDef>> = BTreeMap::new();
        let mut members: BTreeMap<String, BTreeSet<(String, bool)>> = BTreeMap::new();
        for t in model.types.iter().filter(|t| t.version == Some(version)) {
            types.entry(t.name.to_ascii_lowercase()).or_default().push(t);
            for p in t.relationships.iter().chain(&t.properties) {
                members.entry(p.name.to_ascii_lowercase()).or_default().insert((type_key(&p.type_name), p.collection));
            }
        }
        let ancestors = ancestors(&types);
        // Only members whose targets are documented types can be navigated.
        members.retain(|_, targets| {
            targets.retain(|(t, _)| types.contains_key(t));
            !targets.is_empty()
        });
        let mut seen: BTreeMap<String, BTreeMap<(String, bool), usize>> = BTreeMap::new();
        for op in model.operations.iter().filter(|op| op.version == version) {
            let Some(link) = &op.response_type else { continue };
            let type_name = type_key(&link.type_name);
            for e in op.endpoints.iter().filter(|e| e.method == Method::Get && !e.has_variant_query()) {
                let path = e.path.trim_end_matches('/');
                let last = path.rsplit('/').next().unwrap_or_default();
                // An item's page: the item is one, what its key is below a collection.
                let readings = if is_key(last) {
                    let parent = path.rsplit_once('/').map_or("", |(parent, _)| parent);
                    vec![(path, false), (parent, true)]
                } else {
                    link.collection.map(|many| (path, many)).into_iter().collect()
                };
                for (path, many) in readings.into_iter().filter(|(path, _)| !path.is_empty()) {
                    let reading = (type_name.clone(), many);
                    *seen.entry(shape_key(path)).or_default().entry(reading).or_default() += 1;
                }
            }
        }
        // A derived type's page (`windowsManagedDevice`) reads a kind of what its base type's
        // page (`managedDevice`) reads there: it counts for the base.
        for readings in seen.values_mut() {
            let present: Vec<(String, bool)> = readings.keys().cloned().collect();
            let base_of = |(t, many): &(String, bool)| {
                present.iter().find(|(b, m)| {
                    m == many
                        && derives(&ancestors, t, b)
                        && !present.iter().any(|(o, om)| om == m && o != b && derives(&ancestors, b, o))
                })
            };
            let moved: Vec<((String, bool), (String, bool))> =
                present.iter().filter_map(|r| base_of(r).map(|b| (r.clone(), b.clone()))).collect();
            for (from, to) in moved {
                let n = readings.remove(&from).unwrap_or_default();
                *readings.entry(to).or_default() += n;
            }
        }
        // The reading of most of the pages: one page documenting a deeper path on `/users/{id}`
        // must not hide what the others say.
        let prefixes = seen
            .into_iter()
            .filter_map(|(root, readings)| {
                let total: usize = readings.values().sum();
                let (reading, n) = readings.into_iter().max_by_key(|(_, n)| *n)?;
                (2 * n > total && types.contains_key(&reading.0)).then_some((root, reading))
            })
            .collect();
        let enums =
            model.enums.iter().filter(|e| e.version == Some(version)).map(|e| e.name.to_ascii_lowercase()).collect();
        let mut readings: BTreeMap<(String, String), BTreeSet<(String, bool)>> = BTreeMap::new();
        for t in model.types.iter().filter(|t| t.version == Some(version)) {
            // A row naming the page's own type says what most of its rows say, often by copy
            // (`channel` for `getAllMessages` on the channel page): only another type is a statement.
            for m in t.methods.iter().filter(|m| !type_key(&m.type_name).eq_ignore_ascii_case(&t.name)) {
                let key = (t.name.to_ascii_lowercase(), m.name.clone());
                readings.entry(key).or_default().insert((type_key(&m.type_name), m.collection));
            }
        }
        let stated = readings
            .into_iter()
            .filter_map(|(key, readings)| match readings.into_iter().collect::<Vec<_>>().as_slice() {
                [only] if types.contains_key(&only.0) => Some((key, only.clone())),
                _ => None,
            })
            .collect();
        PathTyper {
            types,
            members,
            prefixes,
            enums,
            stated,
            steps: Default::default(),
            values: Default::default(),
            walks: Default::default(),
            ancestors,
        }
    }

    /// The type `path` addresses and whether it is a collection: from the first segment (an
    /// entity set or singleton the GET pages type, or a member every type names alike) through
    /// each relationship, property, key and cast. A step the pages do not define (a function,
    /// path addressing, `$value`) leaves the type unknown.
    pub(crate) fn walk(&self, path: &str) -> Option<(String, bool)> {
        if let Some(known) = lock(&self.walks).get(path) {
            return known.clone();
        }
        let found = self.walk_uncached(path);
        lock(&self.walks).insert(path.to_owned(), found.clone());
        found
    }

    /// [`Self::walk`], step by step.
    fn walk_uncached(&self, path: &str) -> Option<(String, bool)> {
        let mut at: Option<(String, bool)> = None;
        let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
        for (i, segment) in segments.iter().enumerate() {
            let lower = segment.to_ascii_lowercase();
            let prefix = || shape_key(&format!("/{}", segments[..=i].join("/")));
            at = if is_key(segment) {
                match at {
                    Some((t, true)) => Some((t, false)),
                    _ => None,
                }
            } else if segment.contains(['(', ')', ':', '$', '{']) {
                None
            } else if let Some(cast) = lower.strip_prefix("microsoft.graph.") {
                // A cast keeps what it casts, one or many: after a step the pages do not
                // define, that is unknown, and so is the rest of the path.
                let (_, many) = at.as_ref()?;
                self.types.contains_key(cast).then(|| (cast.to_owned(), *many))
            } else if i == 0 {
                self.prefixes.get(&prefix()).cloned().or_else(|| self.step(None, &lower))
            } else if at.is_none() {
                // Past a step the pages do not define, a member name is no evidence of the type
                // it belongs to.
                None
            } else {
                self.step(at.as_ref(), &lower)
            };
            // A step the resource pages do not define, on the way to a deeper path: the path so
            // far is what its own GET pages return (`/education/schools/{id}`, an `educationSchool`;
            // `/education/schools`, a collection of them). Never the whole path: its own pages are
            // what is being read.
            if at.is_none() && i + 1 < segments.len() {
                at = self.prefixes.get(&prefix()).cloned();
            }
        }
        at
    }

    /// The member `name` of the type at hand (with its bases), or, from an unknown type, of
    /// every type having a member so named when they all agree. A known type without the
    /// member leaves the type unknown: another type's member of that name is no evidence.
    fn step(&self, at: Option<&(String, bool)>, name: &str) -> Option<(String, bool)> {
        match at {
            Some((t, false)) => {
                let key = (t.clone(), name.to_owned());
                let steps = || lock(&self.steps);
                if let Some(known) = steps().get(&key) {
                    return known.clone();
                }
                let found = self.member_of(t, name);
                steps().insert(key, found.clone());
                found
            }
            // A member of a collection: a function or an action bound to it, not a relationship.
            Some((_, true)) => None,
            None => match self.members.get(name) {
                Some(targets) if targets.len() == 1 => targets.iter().next().cloned(),
                _ => None,
            },
        }
    }

    /// The member `name` of the type `t` with its bases: its type, when documented.
    fn member_of(&self, t: &str, name: &str) -> Option<(String, bool)> {
        for def in self.types.get(t).into_iter().flatten() {
            let chain = BaseChain::of(def, |_, base| self.types.get(&type_key(base)).and_then(|d| d.first().copied()));
            if let Some((p, _)) = chain.member(name) {
                let target = type_key(&p.type_name);
                return self.types.contains_key(&target).then_some((target, p.collection));
            }
        }
        None
    }
}

impl PathTyper<'_> {
    /// Whether `path` ends at a property of a known type whose type is a primitive or an
    /// enumeration (`/me/mailboxSettings/dateFormat`: a `String`): the response is that value,
    /// not a model. A type no page of the run documents is not known to be a value.
    fn reaches_value(&self, path: &str) -> bool {
        let Some((parent, last)) = path.trim_end_matches('/').rsplit_once('/') else { return false };
        let Some((owner, false)) = self.walk(parent) else { return false };
        let key = (owner, last.to_ascii_lowercase());
        if let Some(&known) = lock(&self.values).get(&key) {
            return known;
        }
        let found = self.types.get(&key.0).into_iter().flatten().any(|def| {
            let chain = BaseChain::of(def, |_, b| self.types.get(&type_key(b)).and_then(|d| d.first().copied()));
            chain.member(last).is_some_and(|(p, _)| {
                crate::model::Edm::parse(&p.type_name).is_some() || self.enums.contains(&type_key(&p.type_name))
            })
        });
        lock(&self.values).insert(key, found);
        found
    }

    /// Whether `derived` has `base` among its base types (both lower-case names).
    fn derives(&self, derived: &str, base: &str) -> bool {
        derives(&self.ancestors, derived, base)
    }

    /// The qualified name of the type `name` (lower-case): the one of `namespace` where several
    /// namespaces define it, else the only one; `None` when that does not tell which.
    fn qualified(&self, name: &str, namespace: &str) -> Option<String> {
        let defs = self.types.get(name)?;
        let def = match defs.iter().find(|d| d.namespace == namespace) {
            Some(def) => def,
            None => match defs.as_slice() {
                [only] => only,
                _ => return None,
            },
        };
        Some(def.odata_type())
    }
}

/// Per type of `types` with a base, the lower-case names of the bases of each of its
/// definitions (a base type is found by name, the first definition of that name).
fn ancestors(types: &BTreeMap<String, Vec<&TypeDef>>) -> BTreeMap<String, BTreeSet<String>> {
    types
        .iter()
        .filter_map(|(name, defs)| {
            let bases: BTreeSet<String> = defs
                .iter()
                .flat_map(|def| {
                    let chain = BaseChain::of(def, |_, b| types.get(&type_key(b)).and_then(|d| d.first().copied()));
                    chain.types.into_iter().skip(1).map(|t| t.name.to_ascii_lowercase())
                })
                .collect();
            (!bases.is_empty()).then(|| (name.clone(), bases))
        })
        .collect()
}

/// Whether `derived` has `base` among its base types (both lower-case names), by [`ancestors`].
fn derives(ancestors: &BTreeMap<String, BTreeSet<String>>, derived: &str, base: &str) -> bool {
    // Callers pass lower-case names: no copy then.
    let base = match base.bytes().any(|b| b.is_ascii_uppercase()) {
        true => std::borrow::Cow::Owned(base.to_ascii_lowercase()),
        false => std::borrow::Cow::Borrowed(base),
    };
    ancestors.get(derived).is_some_and(|bases| bases.contains(base.as_ref()))
}

/// A cache's lock. A panic elsewhere never leaves a cache half-written: each holds only
/// finished lookups, so a poisoned lock is still good to read.
fn lock<T>(cache: &std::sync::Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    cache.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// A segment that is one parameter: `{id}`, `{id | userPrincipalName}`.
fn is_key(segment: &str) -> bool {
    segment.starts_with('{') && segment.ends_with('}') && segment.matches('{').count() == 1
}

#[cfg(test)]
#[path = "endpoints_tests.rs"]
mod tests;
