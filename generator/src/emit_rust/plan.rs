//! Which modules and functions the crate gets: operations grouped by version and resource,
//! with every Rust name decided up front (in sorted order, so numbering is deterministic).

use std::collections::BTreeMap;

use super::names::{endpoint_fn_names, snake_ident, version_module, UniqueNames};
use crate::model::{ApiVersion, Endpoint, Model, Operation};

pub struct VersionPlan<'m> {
    pub version: ApiVersion,
    pub module: String,
    pub resources: Vec<ResourcePlan<'m>>,
}

pub struct ResourcePlan<'m> {
    /// The resource as the docs name it (`managedDevices`).
    pub resource: String,
    pub module: String,
    pub fns: Vec<FnPlan<'m>>,
}

pub struct FnPlan<'m> {
    pub op: &'m Operation,
    pub endpoint: &'m Endpoint,
    pub name: String,
}

/// Versions in `ApiVersion` order, resources by documented name, operations by (name, key),
/// endpoints in documented order. Operations without endpoints produce nothing, nor do
/// resources and versions left empty (an empty module would only trigger unused-import lints).
pub fn plan(model: &Model) -> Vec<VersionPlan<'_>> {
    let mut grouped: BTreeMap<ApiVersion, BTreeMap<&str, Vec<&Operation>>> = BTreeMap::new();
    for op in model.operations.iter().filter(|op| !op.endpoints.is_empty()) {
        grouped.entry(op.version).or_default().entry(op.resource.as_str()).or_default().push(op);
    }
    grouped
        .into_iter()
        .map(|(version, resources)| {
            let mut module_names = UniqueNames::default();
            let resources = resources
                .into_iter()
                .map(|(resource, mut ops)| {
                    ops.sort_by(|a, b| (&a.name, &a.key).cmp(&(&b.name, &b.key)));
                    ResourcePlan {
                        resource: resource.to_owned(),
                        module: module_names.claim(snake_ident(resource, "resource")),
                        fns: plan_fns(&ops),
                    }
                })
                .collect();
            VersionPlan { version, module: version_module(version.as_str()), resources }
        })
        .collect()
}

fn plan_fns<'m>(ops: &[&'m Operation]) -> Vec<FnPlan<'m>> {
    let mut fn_names = UniqueNames::default();
    let mut fns = Vec::new();
    for &op in ops {
        let bases = endpoint_fn_names(&op.name, &op.endpoints);
        for (endpoint, base) in op.endpoints.iter().zip(bases) {
            fns.push(FnPlan { op, endpoint, name: fn_names.claim(base) });
        }
    }
    fns
}
