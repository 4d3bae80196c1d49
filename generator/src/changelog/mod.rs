//! Comparing two models and describing the change in Markdown for a pull request.
//!
//! [`compare`] gives a [`Changelog`]; [`render_markdown`] writes it, security-relevant
//! permission changes first. Operations are matched by (version, key), endpoints by
//! (method, [`Endpoint::shape`]), so renaming a path parameter is no change; permission
//! tables by their scope.

mod markdown;

pub use markdown::render_markdown;

use crate::model::{
    ApiVersion, Endpoint, EndpointIndex, Method, Model, Operation, PermissionTable, Resolution, Scheme,
    SchemePermissions,
};
use std::collections::{BTreeMap, BTreeSet};

/// Everything that changed between two models, each list in a deterministic order
/// (operations by version then key; within one, table scope then scheme).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Changelog {
    /// Changes of who may call what: least privileged permissions, newly required or dropped
    /// requirements, schemes becoming supported or unsupported.
    pub security: Vec<PermissionChange>,
    /// Permission changes that don't change the least privilege (the higher-privileged list).
    pub other_permissions: Vec<PermissionChange>,
    /// Operations only the new model has (their permissions are not itemised).
    pub operations_added: Vec<OperationRef>,
    /// Operations only the old model has.
    pub operations_removed: Vec<OperationRef>,
    /// Endpoints added to or removed from operations present in both models.
    pub endpoints: Vec<EndpointChange>,
    /// Success statuses that differ, for operations present in both models.
    pub statuses: Vec<StatusChange>,
    /// Endpoints in both models whose owning operation (see `model::SharedEndpoint`) differs, or
    /// that became or stopped being undecided: the call, the lookup and permissions.json answer
    /// with another page's permissions.
    pub owners: Vec<OwnerChange>,
}

impl Changelog {
    /// True when the two models document the same API.
    pub fn is_empty(&self) -> bool {
        self == &Changelog::default()
    }
}

/// Enough of an operation to name it in a changelog.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OperationRef {
    pub version: ApiVersion,
    pub key: String,
    pub name: String,
    pub resource: String,
    /// Its endpoints (in the newer model when it is in both), as documented.
    pub endpoints: Vec<(Method, String)>,
    /// Least privileged permissions per scheme, over all its tables (schemes with none left out):
    /// what a reviewer needs to know of an operation that appears or disappears.
    pub least_privileged: Vec<(Scheme, Vec<String>)>,
}

impl OperationRef {
    fn of(op: &Operation) -> Self {
        OperationRef {
            version: op.version,
            key: op.key.clone(),
            name: op.name.clone(),
            resource: op.resource.clone(),
            endpoints: op.endpoints.iter().map(|e| (e.method, e.path.clone())).collect(),
            least_privileged: Scheme::ALL
                .iter()
                .map(|&scheme| {
                    let names: BTreeSet<String> =
                        op.permissions.iter().flat_map(|t| t.scheme(scheme).least_names()).map(str::to_owned).collect();
                    (scheme, names.into_iter().collect::<Vec<_>>())
                })
                .filter(|(_, names)| !names.is_empty())
                .collect(),
        }
    }
}

/// What a table says about one scheme, without sources (a moved line is no change).
/// A missing table counts as [`Access::Unspecified`]: the docs say nothing either way.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Access {
    Permissions { least: Vec<String>, higher: Vec<String> },
    NotSupported,
    Unspecified,
}

impl Access {
    fn of(scheme: Option<&SchemePermissions>) -> Self {
        let names = |list: &[crate::model::Sourced<String>]| list.iter().map(|p| p.value.clone()).collect();
        match scheme {
            Some(SchemePermissions::Permissions { least, higher }) => {
                Access::Permissions { least: names(least), higher: names(higher) }
            }
            Some(SchemePermissions::NotSupported { .. }) => Access::NotSupported,
            Some(SchemePermissions::Unspecified { .. }) | None => Access::Unspecified,
        }
    }
}

/// How one scheme's requirement changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum PermissionChangeKind {
    /// The least privileged permission(s) differ.
    LeastPrivilegedChanged,
    /// Was not documented, now names permissions.
    NewlyRequired,
    /// Named permissions, now documents none.
    Dropped,
    /// Was "not supported", now names permissions.
    BecameSupported,
    /// Now "not supported".
    BecameUnsupported,
    /// Was "not supported", now not documented.
    SupportUnknown,
    /// Only the higher-privileged permissions differ.
    HigherPrivilegedChanged,
}

impl PermissionChangeKind {
    /// Everything but a change among the higher-privileged alternatives changes who may call.
    pub fn is_security_relevant(self) -> bool {
        self != PermissionChangeKind::HigherPrivilegedChanged
    }

    /// The kind of change from `old` to `new`, `None` when there is none. Lists compare as
    /// sets: reordering names within one list is no change.
    fn between(old: &Access, new: &Access) -> Option<Self> {
        use Access::*;
        use PermissionChangeKind::*;
        let set = |names: &[String]| names.iter().cloned().collect::<BTreeSet<_>>();
        Some(match (old, new) {
            (Permissions { least: a, higher: b }, Permissions { least: c, higher: d }) => {
                if set(a) != set(c) {
                    LeastPrivilegedChanged
                } else if set(b) != set(d) {
                    HigherPrivilegedChanged
                } else {
                    return None;
                }
            }
            (NotSupported, Permissions { .. }) => BecameSupported,
            (Unspecified, Permissions { .. }) => NewlyRequired,
            (Permissions { .. }, Unspecified) => Dropped,
            (Permissions { .. } | Unspecified, NotSupported) => BecameUnsupported,
            (NotSupported, Unspecified) => SupportUnknown,
            (NotSupported, NotSupported) | (Unspecified, Unspecified) => return None,
        })
    }
}

/// One scheme of one permission table of one operation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PermissionChange {
    pub operation: OperationRef,
    /// The table's scope, `None` for an unqualified table.
    pub scope: Option<String>,
    pub scheme: Scheme,
    pub kind: PermissionChangeKind,
    pub old: Access,
    pub new: Access,
}

/// An endpoint documented by only one of the two models.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EndpointChange {
    pub operation: OperationRef,
    pub method: Method,
    /// The template as that model writes it.
    pub path: String,
    pub added: bool,
}

/// Who answers for one endpoint: the owning operation's key, or `None` where the pages
/// disagree and nothing decides; with its least privileged permissions per scheme.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Owner {
    pub key: Option<String>,
    pub least_privileged: Vec<(Scheme, Vec<String>)>,
}

/// An endpoint answered for by another operation than before.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OwnerChange {
    pub version: ApiVersion,
    pub method: Method,
    /// The template as the newer model writes it.
    pub path: String,
    pub old: Owner,
    pub new: Owner,
}

impl OwnerChange {
    /// Whether the permission an app asks for changes with the owner.
    pub fn is_security_relevant(&self) -> bool {
        self.old.least_privileged != self.new.least_privileged
    }
}

/// Per endpoint (version, method, shape), its template and who answers for it.
fn owners(model: &Model) -> BTreeMap<(ApiVersion, Method, String), (String, Owner)> {
    let index = EndpointIndex::new(&model.shared_endpoints);
    let mut out = BTreeMap::new();
    for op in &model.operations {
        for e in &op.endpoints {
            if !index.owns(op.version, e.method, &e.path, &op.key) {
                continue;
            }
            let undecided =
                index.get(op.version, e.method, &e.path).is_some_and(|s| s.resolution == Resolution::Undecided);
            let owner = match undecided {
                true => Owner { key: None, least_privileged: Vec::new() },
                false => Owner { key: Some(op.key.clone()), least_privileged: OperationRef::of(op).least_privileged },
            };
            out.entry((op.version, e.method, e.shape().to_lowercase())).or_insert((e.path.clone(), owner));
        }
    }
    out
}

/// A different success status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusChange {
    pub operation: OperationRef,
    pub old: Option<u16>,
    pub new: Option<u16>,
}

fn by_key(model: &Model) -> BTreeMap<(ApiVersion, &str), &Operation> {
    model.operations.iter().map(|op| ((op.version, op.key.as_str()), op)).collect()
}

/// What changed from `old` to `new`.
pub fn compare(old: &Model, new: &Model) -> Changelog {
    let (old_ops, new_ops) = (by_key(old), by_key(new));
    let mut log = Changelog::default();
    for (key, op) in &old_ops {
        if !new_ops.contains_key(key) {
            log.operations_removed.push(OperationRef::of(op));
        }
    }
    for (key, new_op) in &new_ops {
        match old_ops.get(key) {
            None => log.operations_added.push(OperationRef::of(new_op)),
            Some(old_op) => compare_operation(old_op, new_op, &mut log),
        }
    }
    let old_owners = owners(old);
    for ((version, method, shape), (path, new_owner)) in owners(new) {
        let Some((_, old_owner)) = old_owners.get(&(version, method, shape)) else { continue };
        if old_owner.key != new_owner.key {
            log.owners.push(OwnerChange { version, method, path, old: old_owner.clone(), new: new_owner });
        }
    }
    log
}

fn compare_operation(old: &Operation, new: &Operation, log: &mut Changelog) {
    let operation = OperationRef::of(new);
    compare_permissions(&old.permissions, &new.permissions, &operation, log);

    let shapes = |op: &Operation| -> BTreeMap<(Method, String), String> {
        op.endpoints.iter().map(|e: &Endpoint| ((e.method, e.shape()), e.path.clone())).collect()
    };
    let (old_shapes, new_shapes) = (shapes(old), shapes(new));
    for (side, other, added) in [(&old_shapes, &new_shapes, false), (&new_shapes, &old_shapes, true)] {
        for ((method, shape), path) in side {
            if !other.contains_key(&(*method, shape.clone())) {
                log.endpoints.push(EndpointChange {
                    operation: operation.clone(),
                    method: *method,
                    path: path.clone(),
                    added,
                });
            }
        }
    }

    let (old_status, new_status) =
        (old.success_status.as_ref().map(|s| s.code), new.success_status.as_ref().map(|s| s.code));
    if old_status != new_status {
        log.statuses.push(StatusChange { operation, old: old_status, new: new_status });
    }
}

/// The tables of two versions of an operation, paired: by scope where both name it, the
/// rest in order of appearance. A translation words its scopes in its own language
/// ("user calendar" is "用户日历"), so scopes alone would report every scoped table of a
/// translation as removed and added again. A repeated scope keeps its first table.
fn pair_tables<'t>(
    old: &'t [PermissionTable],
    new: &'t [PermissionTable],
) -> Vec<(Option<String>, Option<&'t PermissionTable>, Option<&'t PermissionTable>)> {
    fn firsts(list: &[PermissionTable]) -> Vec<&PermissionTable> {
        let mut seen = BTreeSet::new();
        list.iter().filter(|t| seen.insert(t.scope.clone())).collect()
    }
    let (old, new) = (firsts(old), firsts(new));
    let new_scopes: BTreeSet<&Option<String>> = new.iter().map(|t| &t.scope).collect();
    let old_scopes: BTreeSet<&Option<String>> = old.iter().map(|t| &t.scope).collect();
    let mut pairs = Vec::new();
    for o in &old {
        if let Some(n) = new.iter().find(|n| n.scope == o.scope) {
            pairs.push((o.scope.clone(), Some(*o), Some(*n)));
        }
    }
    let old_rest: Vec<&PermissionTable> = old.iter().copied().filter(|t| !new_scopes.contains(&t.scope)).collect();
    let new_rest: Vec<&PermissionTable> = new.iter().copied().filter(|t| !old_scopes.contains(&t.scope)).collect();
    for i in 0..old_rest.len().max(new_rest.len()) {
        let (o, n) = (old_rest.get(i).copied(), new_rest.get(i).copied());
        let scope = match (o.and_then(|t| t.scope.clone()), n.and_then(|t| t.scope.clone())) {
            (Some(a), Some(b)) => Some(format!("{a} / {b}")),
            (a, b) => a.or(b),
        };
        pairs.push((scope, o, n));
    }
    pairs
}

fn compare_permissions(
    old: &[PermissionTable],
    new: &[PermissionTable],
    operation: &OperationRef,
    log: &mut Changelog,
) {
    for (scope, old_table, new_table) in pair_tables(old, new) {
        for scheme in Scheme::ALL {
            let old_access = Access::of(old_table.map(|t| t.scheme(scheme)));
            let new_access = Access::of(new_table.map(|t| t.scheme(scheme)));
            let Some(kind) = PermissionChangeKind::between(&old_access, &new_access) else {
                continue;
            };
            let change = PermissionChange {
                operation: operation.clone(),
                scope: scope.clone(),
                scheme,
                kind,
                old: old_access,
                new: new_access,
            };
            match kind.is_security_relevant() {
                true => log.security.push(change),
                false => log.other_permissions.push(change),
            }
        }
    }
}
