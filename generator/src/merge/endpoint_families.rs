//! Families of pages by file name, for [`super`]'s copy family rule: a family most of whose
//! endpoints other pages document too ranks below a contender whose family copies less.

use std::collections::{BTreeMap, BTreeSet};

use rayon::prelude::*;

use super::stem;
use crate::model::{ApiVersion, Method, Operation};

/// Families of pages by file name (see [`Families::new`]), and how much of each family's
/// endpoints other pages document too.
pub(super) struct Families {
    /// Per page file, its family's share of endpoints documented outside it.
    share_by_file: BTreeMap<String, f64>,
}

/// A family whose share of endpoints documented elsewhere is above this mostly copies others,
/// and ranks below a contender whose family copies less.
pub(super) const MOSTLY: f64 = 0.5;

/// A prefix shared by fewer pages is no family.
const MIN_FAMILY: usize = 3;

impl Families {
    /// A page's family is the longest dash-separated prefix of its file stem (short of the whole
    /// stem) that at least [`MIN_FAMILY`] pages of its version share: `intune-devices-user-create`
    /// is of `intune-devices-user`, `user-list-messages` of `user-list`, `user-get` of `user`.
    /// `shapes` holds each operation's endpoints' shapes, by operation.
    pub(super) fn new(operations: &[Operation], shapes: &[Vec<String>]) -> Self {
        let page_of = |op: &Operation| op.pages.iter().find(|p| p.authoritative).map(|p| p.file.clone());
        let mut prefix_count: BTreeMap<(ApiVersion, String), usize> = BTreeMap::new();
        let files: BTreeSet<(ApiVersion, String)> =
            operations.iter().filter_map(|op| page_of(op).map(|f| (op.version, f))).collect();
        for (version, file) in &files {
            for prefix in prefixes(stem(file)) {
                *prefix_count.entry((*version, prefix)).or_default() += 1;
            }
        }
        let family_of = |version: ApiVersion, file: &str| -> String {
            prefixes(stem(file))
                .into_iter()
                .rev()
                .find(|p| prefix_count.get(&(version, p.clone())).is_some_and(|n| *n >= MIN_FAMILY))
                .unwrap_or_else(|| stem(file).to_owned())
        };
        // Each operation's family and page, named once (in parallel): the maps below borrow them.
        let named: Vec<Option<(String, String)>> =
            operations.par_iter().map(|op| page_of(op).map(|file| (family_of(op.version, &file), file))).collect();
        // Per plain endpoint (no query string), the families documenting it.
        let mut documented_by: BTreeMap<(ApiVersion, Method, &str), BTreeSet<&str>> = BTreeMap::new();
        let mut endpoints_of: BTreeMap<(ApiVersion, &str), BTreeSet<(Method, &str)>> = BTreeMap::new();
        let mut family_by_file: BTreeMap<&str, (ApiVersion, &str)> = BTreeMap::new();
        for ((op, named), shapes) in operations.iter().zip(&named).zip(shapes) {
            let Some((family, file)) = named else { continue };
            for (e, shape) in op.endpoints.iter().zip(shapes).filter(|(e, _)| !e.has_variant_query()) {
                documented_by.entry((op.version, e.method, shape)).or_default().insert(family);
                endpoints_of.entry((op.version, family)).or_default().insert((e.method, shape));
            }
            family_by_file.insert(file, (op.version, family));
        }
        let share: BTreeMap<(ApiVersion, &str), f64> = endpoints_of
            .iter()
            .map(|(&(version, family), endpoints)| {
                let elsewhere = endpoints
                    .iter()
                    .filter(|&&(method, shape)| documented_by[&(version, method, shape)].len() > 1)
                    .count();
                ((version, family), elsewhere as f64 / endpoints.len() as f64)
            })
            .collect();
        let share_by_file = family_by_file
            .into_iter()
            .map(|(file, key)| (file.to_owned(), share.get(&key).copied().unwrap_or(0.0)))
            .collect();
        Families { share_by_file }
    }

    /// The share of the endpoints of the operation's page's family that other pages document too.
    pub(super) fn copy_share(&self, op: &Operation) -> f64 {
        let file = op.pages.iter().find(|p| p.authoritative).map(|p| p.file.as_str());
        file.and_then(|f| self.share_by_file.get(f)).copied().unwrap_or(0.0)
    }
}

/// The dash-separated prefixes of `stem`, shortest first, without the whole stem.
fn prefixes(stem: &str) -> Vec<String> {
    let words: Vec<&str> = stem.split('-').collect();
    (1..words.len()).map(|n| words[..n].join("-")).collect()
}
