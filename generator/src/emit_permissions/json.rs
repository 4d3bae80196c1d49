//! Documents in the schema of Microsoft's kibali specs (`permissions.md`,
//! `permissions-schema.json`). They are permission-centric while the model is
//! operation-centric, so the facts go through two steps: what each version's tables answer
//! per (path, method, scheme) ([`Answers`]), then the inversion permission → path → method
//! → schemes ([`document`]).

use crate::model::{ApiVersion, Endpoint, EndpointIndex, Method, Model, Resolution, Scheme, SchemePermissions};
use serde::Serialize;
use serde_json::Map;
use std::collections::{BTreeMap, BTreeSet};

/// The `$schema` member Microsoft's own permissions.json carries (kibali's loader accepts it).
const SCHEMA_URL: &str = "https://raw.githubusercontent.com/microsoftgraph/kibali/main/specs/permissions-schema.json";

/// What the tables of one version say about one scheme of one (path, method).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Answer<'m> {
    /// permission → whether it is least privileged (in any table naming it).
    Grants(BTreeMap<&'m str, bool>),
    /// Every table that answers says "not supported".
    NotSupported,
}

impl<'m> Answer<'m> {
    /// Several tables (scoped tables, endpoints of one operation that meet in one path of
    /// the drop-in file) apply to one (path, method): any permission one of them names gives
    /// access, and "not supported" stands only when no table names a permission.
    fn join(&mut self, other: Answer<'m>) {
        match (self, other) {
            (Answer::Grants(mine), Answer::Grants(theirs)) => {
                for (permission, least) in theirs {
                    *mine.entry(permission).or_default() |= least;
                }
            }
            (_, Answer::NotSupported) => {}
            (me @ Answer::NotSupported, grants) => *me = grants,
        }
    }
}

/// One (path, method, scheme); the path is written by the caller's path function.
pub(super) type Key = (String, Method, Scheme);
/// Every answer of one version. A key that is missing: no table of that version answers
/// (no table at all, or the scheme is unspecified).
pub(super) type Answers<'m> = BTreeMap<Key, Answer<'m>>;

/// What the tables of `version` answer, keyed by `path(endpoint)`. An endpoint several
/// operations document is answered by the one the merge decided owns it, and not at all where
/// their pages disagree and nothing decides ([`Resolution::Undecided`]).
pub(super) fn answers<'m>(model: &'m Model, version: ApiVersion, path: impl Fn(&Endpoint) -> String) -> Answers<'m> {
    let owners = EndpointIndex::new(&model.shared_endpoints);
    let answering = |op: &crate::model::Operation, e: &Endpoint| {
        owners.owns(version, e.method, &e.path, &op.key)
            && owners.get(version, e.method, &e.path).is_none_or(|s| s.resolution != Resolution::Undecided)
    };
    let mut answers = Answers::new();
    for op in model.operations.iter().filter(|op| op.version == version) {
        let endpoints: Vec<&Endpoint> = op.endpoints.iter().filter(|e| answering(op, e)).collect();
        let paths: Vec<String> = endpoints.iter().map(|e| path(e)).collect();
        // Every table of an operation applies to all its endpoints: a scoped table narrows
        // *who* may be acted on, not which paths, and the docs don't map scopes to paths.
        for table in &op.permissions {
            for scheme in Scheme::ALL {
                let answer = match table.scheme(scheme) {
                    SchemePermissions::Permissions { least, higher } => Answer::Grants(
                        higher
                            .iter()
                            .map(|p| (p.value.as_str(), false))
                            .chain(least.iter().map(|p| (p.value.as_str(), true)))
                            .collect(),
                    ),
                    SchemePermissions::NotSupported { .. } => Answer::NotSupported,
                    SchemePermissions::Unspecified { .. } => continue,
                };
                for (endpoint, path) in endpoints.iter().zip(&paths) {
                    answers
                        .entry((path.clone(), endpoint.method, scheme))
                        .and_modify(|known: &mut Answer| known.join(answer.clone()))
                        .or_insert_with(|| answer.clone());
                }
            }
        }
    }
    answers
}

/// What one permission grants on one (path, method).
#[derive(Debug, Default, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Grant {
    /// Schemes in which the permission gives access.
    schemes: BTreeSet<Scheme>,
    /// Schemes in which it is the least privileged permission.
    least: BTreeSet<Scheme>,
}

/// permission → path → method → grant. BTreeMaps all the way, so the output order
/// depends on nothing but the facts.
type Grants<'m> = BTreeMap<&'m str, BTreeMap<&'m str, BTreeMap<Method, Grant>>>;

/// pathSets under construction: (schemeKeys, methods) → path → path value.
type PathSets<'p> = BTreeMap<(Vec<Scheme>, Vec<&'static str>), BTreeMap<&'p str, String>>;

fn invert<'m>(answers: &'m Answers<'m>) -> Grants<'m> {
    let mut grants = Grants::new();
    for ((path, method, scheme), answer) in answers {
        let Answer::Grants(permissions) = answer else { continue };
        for (permission, is_least) in permissions {
            let grant = grants.entry(permission).or_default().entry(path).or_default().entry(*method).or_default();
            grant.schemes.insert(*scheme);
            if *is_least {
                grant.least.insert(*scheme);
            }
        }
    }
    grants
}

/// The path member value: `least=DelegatedWork,Application`, or `""` when the permission is
/// least privileged in no scheme.
fn path_value(least: &BTreeSet<Scheme>) -> String {
    if least.is_empty() {
        return String::new();
    }
    let schemes: Vec<&str> = least.iter().map(|s| s.as_str()).collect();
    format!("least={}", schemes.join(","))
}

/// The `pathSets` of one permission: paths grouped by identical (schemeKeys, methods).
fn path_sets<'p>(paths: &BTreeMap<&'p str, BTreeMap<Method, Grant>>) -> Vec<PathSet<'p>> {
    let mut sets = PathSets::new();
    for (path, methods) in paths {
        // A path's value (least=...) is per path, not per method: methods of one path that
        // differ in schemes or least-ness must land in different pathSets.
        let mut by_grant: BTreeMap<&Grant, Vec<&'static str>> = BTreeMap::new();
        for (method, grant) in methods {
            by_grant.entry(grant).or_default().push(method.as_str());
        }
        for (grant, mut methods) in by_grant {
            // Alphabetical, as kibali (a SortedSet) and Microsoft's file write them.
            methods.sort_unstable();
            let schemes = grant.schemes.iter().copied().collect();
            sets.entry((schemes, methods)).or_default().insert(path, path_value(&grant.least));
        }
    }
    sets.into_iter()
        .map(|((schemes, methods), paths)| PathSet {
            scheme_keys: schemes.iter().map(|s| s.as_str()).collect(),
            methods,
            paths,
        })
        .collect()
}

/// The whole document, pretty-printed (2-space indent) with a trailing newline.
pub(super) fn document(answers: &Answers<'_>) -> String {
    let grants = invert(answers);
    let permissions = grants
        .iter()
        .map(|(name, paths)| {
            let schemes = paths.values().flat_map(|m| m.values()).flat_map(|g| g.schemes.iter().copied()).collect();
            (
                *name,
                Permission {
                    authorization_type: "oAuth2",
                    schemes: SchemeObjects(schemes),
                    path_sets: path_sets(paths),
                },
            )
        })
        .collect();
    pretty(&Document { schema: SCHEMA_URL, permissions })
}

/// The document, serialized as it is built: written straight from these borrowed parts
/// rather than through a tree of `serde_json::Value`s (which cost more than the writing).
#[derive(Serialize)]
struct Document<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    permissions: BTreeMap<&'a str, Permission<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Permission<'a> {
    authorization_type: &'static str,
    schemes: SchemeObjects,
    path_sets: Vec<PathSet<'a>>,
}

/// The schemes a permission is used in, each an empty object: the schema requires no member,
/// and the pages give no display names or descriptions to put in them.
struct SchemeObjects(BTreeSet<Scheme>);

impl Serialize for SchemeObjects {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for scheme in &self.0 {
            map.serialize_entry(scheme.as_str(), &Map::new())?;
        }
        map.end()
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PathSet<'a> {
    scheme_keys: Vec<&'static str>,
    methods: Vec<&'static str>,
    paths: BTreeMap<&'a str, String>,
}

/// 2-space indent and a trailing newline, like every JSON file the generator writes.
pub(super) fn pretty(value: &impl Serialize) -> String {
    let mut text = serde_json::to_string_pretty(value).expect("plain data always serializes");
    text.push('\n');
    text
}
