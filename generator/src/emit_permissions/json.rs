//! `permissions.json` in the schema of Microsoft's kibali specs (`permissions.md`,
//! `permissions-schema.json`): permission-centric, so the model (operation-centric) is
//! inverted here: permission → path → method → schemes.

use crate::model::{Method, Model, Scheme, SchemePermissions};
use serde_json::{json, Map, Value};
use std::collections::{BTreeMap, BTreeSet};

/// What one permission grants on one (path, method).
#[derive(Debug, Default, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Grant {
    /// Schemes in which the permission gives access.
    schemes: BTreeSet<Scheme>,
    /// Schemes in which it is the least privileged permission for this endpoint (in any table).
    least: BTreeSet<Scheme>,
}

/// permission → versioned path → method → grant. BTreeMaps all the way, so the output
/// order depends on nothing but the facts.
type Grants<'m> = BTreeMap<&'m str, BTreeMap<String, BTreeMap<Method, Grant>>>;

/// pathSets under construction: (schemeKeys, methods) → path → path value.
type PathSets<'p> = BTreeMap<(Vec<Scheme>, Vec<Method>), BTreeMap<&'p str, String>>;

fn collect_grants(model: &Model) -> Grants<'_> {
    let mut grants = Grants::new();
    for op in &model.operations {
        // Every table of an operation applies to all its endpoints: a scoped table narrows
        // *who* may be acted on, not which paths, and the docs don't map scopes to paths.
        for table in &op.permissions {
            for scheme in Scheme::ALL {
                let SchemePermissions::Permissions { least, higher } = table.scheme(scheme) else {
                    continue;
                };
                let named = least.iter().map(|p| (p, true)).chain(higher.iter().map(|p| (p, false)));
                for (permission, is_least) in named {
                    for endpoint in &op.endpoints {
                        let path = format!("/{}{}", op.version, endpoint.path);
                        let grant = grants
                            .entry(permission.value.as_str())
                            .or_default()
                            .entry(path)
                            .or_default()
                            .entry(endpoint.method)
                            .or_default();
                        grant.schemes.insert(scheme);
                        if is_least {
                            grant.least.insert(scheme);
                        }
                    }
                }
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
fn path_sets(paths: &BTreeMap<String, BTreeMap<Method, Grant>>) -> Vec<Value> {
    let mut sets = PathSets::new();
    for (path, methods) in paths {
        // A path's value (least=...) is per path, not per method: methods of one path that
        // differ in schemes or least-ness must land in different pathSets.
        let mut by_grant: BTreeMap<&Grant, Vec<Method>> = BTreeMap::new();
        for (method, grant) in methods {
            by_grant.entry(grant).or_default().push(*method);
        }
        for (grant, methods) in by_grant {
            let schemes = grant.schemes.iter().copied().collect();
            sets.entry((schemes, methods)).or_default().insert(path, path_value(&grant.least));
        }
    }
    sets.into_iter()
        .map(|((schemes, methods), paths)| {
            let paths: Map<String, Value> = paths.into_iter().map(|(p, v)| (p.to_string(), Value::String(v))).collect();
            json!({
                "schemeKeys": schemes.iter().map(|s| s.as_str()).collect::<Vec<_>>(),
                "methods": methods.iter().map(|m| m.as_str()).collect::<Vec<_>>(),
                "paths": paths,
            })
        })
        .collect()
}

/// The whole document, pretty-printed (2-space indent) with a trailing newline.
pub(super) fn permissions_json(model: &Model) -> String {
    let mut permissions = Map::new();
    for (name, paths) in collect_grants(model) {
        let used: BTreeSet<Scheme> =
            paths.values().flat_map(|m| m.values()).flat_map(|g| g.schemes.iter().copied()).collect();
        // Scheme objects stay empty: the schema requires no member, and the pages give no
        // display names or descriptions to put in them.
        let schemes: Map<String, Value> = used.iter().map(|s| (s.as_str().to_string(), json!({}))).collect();
        permissions.insert(
            name.to_string(),
            json!({
                "authorizationType": "oAuth2",
                "schemes": schemes,
                "pathSets": path_sets(&paths),
            }),
        );
    }
    let document = json!({ "permissions": permissions });
    let mut text = serde_json::to_string_pretty(&document).expect("a Value always serializes");
    text.push('\n');
    text
}
