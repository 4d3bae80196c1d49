//! The model types of one version (`v1_0::models`): one struct per resource or complex type
//! and one enum per enum type, read from the resource pages, in one file per family of names
//! (`user.rs` holds `User`, `UserActivity`, ...); the types of a namespace other than Graph's
//! own in a module of that namespace (`models::termstore::Group`, see [`naming`]).
//!
//! Graph's type names become Rust items here, once, so that the request builders and the
//! models agree ([`ModelSet::struct_path`]). A type name a page writes is resolved by its
//! qualified name (`TypeDef::qualified_candidates`): `microsoft.graph.group` and
//! `microsoft.graph.termStore.group` are two models, and `set` on a term store page is the term
//! store's. How each Graph type is mapped, and why the serde impls are written out rather than
//! derived, is documented in the runtime's `model` module.

mod files;
mod naming;
#[cfg(test)]
mod tests;

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::TokenStream;
use quote::quote;

use super::derived::{self, Kind};
use super::names::{ident, UniqueNames};
use crate::model::{ApiVersion, BaseChain, Edm, EnumDef, Model, Property, TypeDef};
use naming::RustName;

/// The module of the models in a version's module.
pub const MODULE: &str = "models";

/// Graph's own namespace, where the type names of operations' pages are read.
const GRAPH: &str = TypeDef::GRAPH_NAMESPACE;

/// What a documented type name refers to in one version.
#[derive(Clone, Copy)]
enum Named<'m> {
    Struct(&'m TypeDef),
    Enum(&'m EnumDef),
}

impl Named<'_> {
    fn namespace(&self) -> &str {
        match self {
            Named::Struct(def) => &def.namespace,
            Named::Enum(def) => &def.namespace,
        }
    }
}

/// A member of a struct, with the page declaring it (a base type's, maybe of another namespace):
/// (property, whether a relationship, the namespace its type name is read in).
type Member<'m> = (&'m Property, bool, &'m str);

/// Where code naming a model stands.
#[derive(Clone, Copy)]
enum Via<'a> {
    /// A family file of a models module: the models module itself (`None`) or a namespace's.
    Family(Option<&'a str>),
    /// Outside the models module, which `.0` names (`super::models` from `requests`).
    Outside(&'a TokenStream),
}

/// The models of one version and their Rust names.
pub struct ModelSet<'m> {
    version: ApiVersion,
    /// By key: the qualified name in lower case ([`naming::key`]).
    named: BTreeMap<String, (Named<'m>, RustName)>,
    /// The cargo features that compile each model (by key): the areas whose calls reach it,
    /// directly or through other models' fields. A model no feature reaches is compiled
    /// with the version's `-all-models` feature only; `None`: always compiled.
    gates: BTreeMap<String, Option<BTreeSet<String>>>,
    /// Models identical to another version's, re-exported from there (beta's from v1.0).
    reexported: Option<(ApiVersion, BTreeSet<String>)>,
    /// The kind enum of each struct with derived types (by key; see [`derived`]).
    kinds: BTreeMap<String, Kind>,
}

/// The feature compiling every model of a version (`v1-all-models`), part of `full`.
pub fn all_models_feature(version: ApiVersion) -> String {
    format!("{}-all-models", super::builders::version_names(version).1)
}

/// The models of `version`, each named from its qualified name alone ([`naming`]). Spellings
/// of one qualified name that differ in case are one type, the first in order (a struct before
/// an enum); different names that would be one Rust name are left out.
pub fn build(model: &Model, version: ApiVersion) -> ModelSet<'_> {
    let types = model.types.iter().filter(|t| t.version == Some(version)).map(|t| (t.name.as_str(), Named::Struct(t)));
    let enums = model.enums.iter().filter(|e| e.version == Some(version)).map(|e| (e.name.as_str(), Named::Enum(e)));
    let mut all: Vec<(String, &str, Named<'_>)> =
        types.chain(enums).map(|(name, what)| (naming::key(what.namespace(), name), name, what)).collect();
    // Stable: of a struct and an enum spelled alike, the struct comes first.
    all.sort_by(|a, b| (&a.0, a.1).cmp(&(&b.0, b.1)));
    let mut named: BTreeMap<String, (Named<'_>, RustName)> = BTreeMap::new();
    for (key, name, what) in all {
        named.entry(key).or_insert_with(|| (what, RustName::of(what.namespace(), name)));
    }
    let mut uses: BTreeMap<&RustName, usize> = BTreeMap::new();
    for (_, rust) in named.values() {
        *uses.entry(rust).or_default() += 1;
    }
    let clashing: BTreeSet<RustName> = uses.into_iter().filter(|(_, n)| *n > 1).map(|(r, _)| r.clone()).collect();
    named.retain(|_, (_, rust)| !clashing.contains(rust));
    let kinds = kinds(&named);
    ModelSet { version, named, gates: BTreeMap::new(), reexported: None, kinds }
}

/// The key of the model a type name written on a page of `namespace` stands for, among `named`.
/// A model named like a primitive (`microsoft.graph.Json`) is one too: where a field's type is
/// read, the primitive wins ([`ModelSet::field_type`]).
fn resolve_in<V>(named: &BTreeMap<String, V>, written: &str, namespace: &str) -> Option<String> {
    TypeDef::qualified_candidates(written, namespace)
        .into_iter()
        .map(|candidate| candidate.to_ascii_lowercase())
        .find(|candidate| named.contains_key(candidate))
}

/// The kind enums of the structs with derived types: the `baseType` links between structs
/// the docs define. Each enum is named after its base, in its base's module, after every model
/// (a model already called `UserKind` keeps its name).
fn kinds(named: &BTreeMap<String, (Named<'_>, RustName)>) -> BTreeMap<String, Kind> {
    let bases: BTreeMap<String, String> = named
        .iter()
        .filter_map(|(k, (what, _))| match what {
            Named::Struct(def) => {
                let base = resolve_in(named, def.base_type.as_deref()?, &def.namespace)?;
                matches!(named.get(&base), Some((Named::Struct(_), _))).then(|| (k.clone(), base))
            }
            Named::Enum(_) => None,
        })
        .collect();
    let mut modules: BTreeMap<Option<String>, UniqueNames> = BTreeMap::new();
    for (_, rust) in named.values() {
        modules.entry(rust.module.clone()).or_default().claim_camel(rust.name.clone());
    }
    let variants = named.iter().map(|(k, (_, rust))| (k.clone(), rust.variant())).collect();
    derived::kinds(&derived::derived(&bases), &variants, |base| {
        let rust = &named.get(base)?.1;
        Some(modules.get_mut(&rust.module)?.claim_camel(format!("{}Kind", rust.name)))
    })
}

/// The Rust type of an Edm primitive (the mapping `runtime::model` documents).
fn primitive(type_name: &str) -> Option<TokenStream> {
    Some(match Edm::parse(type_name)? {
        Edm::String | Edm::Duration => quote!(String),
        Edm::Boolean => quote!(bool),
        Edm::Byte => quote!(u8),
        Edm::SByte => quote!(i8),
        Edm::Int16 => quote!(i16),
        Edm::Int32 => quote!(i32),
        Edm::Int64 => quote!(i64),
        Edm::Single => quote!(f32),
        Edm::Double | Edm::Decimal => quote!(f64),
        Edm::DateTimeOffset => quote!(chrono::DateTime<chrono::FixedOffset>),
        Edm::Date => quote!(chrono::NaiveDate),
        Edm::TimeOfDay => quote!(chrono::NaiveTime),
        Edm::Guid => quote!(uuid::Uuid),
        Edm::Binary => quote!(crate::runtime::Binary),
        Edm::Json | Edm::Stream => quote!(serde_json::Value),
    })
}

impl<'m> ModelSet<'m> {
    pub fn version(&self) -> ApiVersion {
        self.version
    }

    pub fn is_empty(&self) -> bool {
        self.named.is_empty()
    }

    /// The key of the model `written` names on a page of `namespace`; `None` for names no
    /// model of this set has (see `TypeDef::qualified_candidates`).
    fn resolve(&self, written: &str, namespace: &str) -> Option<String> {
        resolve_in(&self.named, written, namespace)
    }

    /// The resource page's type behind the struct `type_name` names (as an operation's page
    /// or the merge writes it: qualified, or unqualified in Graph's own namespace), if it is a
    /// struct.
    pub fn struct_def(&self, type_name: &str) -> Option<&'m TypeDef> {
        match self.named.get(&self.resolve(type_name, GRAPH)?)? {
            (Named::Struct(def), _) => Some(def),
            (Named::Enum(_), _) => None,
        }
    }

    /// The model struct a documented type names (`crate::v1_0::models::User`,
    /// `crate::beta::models::termstore::Group`), for the request builders; `None` for
    /// primitives, enums and types the docs do not define (a response or body of those stays
    /// [`serde_json::Value`]: Graph wraps a primitive result in an object, and the pages rarely
    /// say how).
    pub fn struct_path(&self, type_name: &str) -> Option<TokenStream> {
        let (Named::Struct(_), rust) = self.named.get(&self.resolve(type_name, GRAPH)?)? else { return None };
        let (version, module) = (ident(super::builders::version_names(self.version).0), ident(MODULE));
        Some(self.path(rust, Via::Outside(&quote!(crate::#version::#module))))
    }

    /// How code at `via` names the model `rust`: a model of the same module through `super::`,
    /// another through the models module. Never a `use super::*` in each family: hundreds of
    /// globs importing each other cost rustc seconds and hundreds of MB.
    fn path(&self, rust: &RustName, via: Via<'_>) -> TokenStream {
        let name = ident(&rust.name);
        let models = match via {
            Via::Family(from) if from == rust.module.as_deref() => return quote!(super::#name),
            Via::Family(Some(_)) => quote!(super::super),
            Via::Family(None) => quote!(super),
            Via::Outside(models) => models.clone(),
        };
        match &rust.module {
            Some(module) => {
                let module = ident(module);
                quote!(#models::#module::#name)
            }
            None => quote!(#models::#name),
        }
    }

    /// Gates each model by the features of the calls that use it: `uses` gives, per call,
    /// the documented type names it takes or returns (or models' keys) and the feature that
    /// compiles it (`None`: the call is always compiled).
    pub fn gate<'u>(&mut self, uses: impl IntoIterator<Item = (&'u str, Option<String>)>) {
        let mut gates: BTreeMap<String, Option<BTreeSet<String>>> = BTreeMap::new();
        let mut pending: Vec<(String, Option<String>)> =
            uses.into_iter().filter_map(|(name, feature)| Some((self.resolve(name, GRAPH)?, feature))).collect();
        while let Some((model, feature)) = pending.pop() {
            let Some((what, _)) = self.named.get(&model) else { continue };
            let changed = match (gates.entry(model.clone()).or_insert_with(|| Some(BTreeSet::new())), &feature) {
                (None, _) => false,
                (gate @ Some(_), None) => {
                    *gate = None;
                    true
                }
                (Some(features), Some(f)) => features.insert(f.clone()),
            };
            if let (true, Named::Struct(def)) = (changed, what) {
                // A relationship does not compile its target: it is filled only on `$expand`,
                // and its field is compiled with its target (`relationship_cfg`).
                for (p, _, namespace) in self.members(def).into_iter().filter(|(_, relationship, _)| !relationship) {
                    pending.extend(self.resolve(&p.type_name, namespace).map(|target| (target, feature.clone())));
                }
            }
        }
        self.gates = gates;
    }

    /// The features [`gate`](Self::gate) found compiling the model `key` (`None`: always).
    pub fn features_of(&self, key: &str) -> Vec<Option<String>> {
        match self.gates.get(key) {
            Some(None) => vec![None],
            Some(Some(features)) => features.iter().cloned().map(Some).collect(),
            None => Vec::new(),
        }
    }

    /// The features compiling the model `key`, `v1-all-models` (or beta's) among them;
    /// `None` when it is always compiled.
    fn features(&self, model: &str) -> Option<BTreeSet<String>> {
        let all = all_models_feature(self.version);
        match self.gates.get(model) {
            Some(None) => None,
            Some(Some(features)) => Some(features.iter().cloned().chain(std::iter::once(all)).collect()),
            None => Some(BTreeSet::from([all])),
        }
    }

    /// The `#[cfg]` of a relationship field of the model `owner` (its key), declared on a page
    /// of `namespace`. Relationships do not pull their target into the build
    /// ([`gate`](Self::gate)): a field whose target is compiled with fewer features than its
    /// model is compiled with its target's, and without them an `$expand`ed value stays in
    /// `additional_data` (lossless, as any undocumented property).
    fn relationship_cfg(&self, owner: &str, p: &Property, namespace: &str) -> TokenStream {
        let target = self.resolve(&p.type_name, namespace).filter(|_| primitive(&p.type_name).is_none());
        let Some(target) = target else { return quote!() };
        match (self.features(owner), self.features(&target)) {
            (_, None) => quote!(),
            (Some(owner), Some(target)) if owner.is_subset(&target) => quote!(),
            (_, target) => cfg_any(target),
        }
    }

    /// The `#[cfg]` of a model.
    fn cfg(&self, model: &str) -> TokenStream {
        cfg_any(self.features(model))
    }

    /// Every struct of the set: (the type's qualified Graph name as its page declares it,
    /// `microsoft.graph.user`; its Rust path from the crate root, `v1_0::models::User`,
    /// `beta::models::termstore::Group`). Enums are left out: no response or request body is one.
    pub fn struct_paths(&self) -> impl Iterator<Item = (String, String)> + '_ {
        let version = super::builders::version_names(self.version).0;
        self.named.values().filter_map(move |(what, rust)| match what {
            Named::Struct(def) => Some((def.odata_type(), format!("{version}::{MODULE}::{}", rust.path()))),
            Named::Enum(_) => None,
        })
    }

    /// Whether `type_name` (as an operation's page writes it) names the same Rust type here as
    /// in `other`, the models this set re-exports from: a primitive, a model re-exported from
    /// there, or a type neither defines (`serde_json::Value` in both).
    pub fn same_type_as(&self, type_name: &str, other: &ModelSet<'_>) -> bool {
        if primitive(type_name).is_some() {
            return true;
        }
        match (self.resolve(type_name, GRAPH), other.resolve(type_name, GRAPH)) {
            (None, None) => true,
            (Some(k), Some(theirs)) if k == theirs => {
                self.reexported.as_ref().is_some_and(|(from, keys)| *from == other.version && keys.contains(&k))
            }
            _ => false,
        }
    }

    /// Re-exports `keys` from `from`'s models instead of defining them again.
    pub fn reexport(&mut self, from: ApiVersion, keys: BTreeSet<String>) {
        self.reexported = Some((from, keys));
    }

    /// The models of this set that are the same Rust type as `other`'s: the same qualified
    /// name, the same fields (JSON names, types, collections; base types included) or enum
    /// members, and fields whose models are themselves the same. Sharing them compiles each once.
    pub fn identical_in(&self, other: &ModelSet<'_>) -> BTreeSet<String> {
        let mut same: BTreeSet<String> = self
            .named
            .iter()
            .filter(|(k, (what, rust))| {
                other.named.get(*k).is_some_and(|(theirs, their_rust)| {
                    rust == their_rust
                        && self.signature(k, what) == other.signature(k, theirs)
                        && self.kinds.get(*k).map(|kind| &kind.rust) == other.kinds.get(*k).map(|kind| &kind.rust)
                })
            })
            .map(|(k, _)| k.clone())
            .collect();
        // A model stays shared only if every model its fields name is shared too, and every
        // model its kind enum lists (the re-exported enum holds the other version's).
        loop {
            let before = same.len();
            let kept: BTreeSet<String> = same
                .iter()
                .filter(|k| match &self.named[*k].0 {
                    Named::Struct(def) => {
                        self.members(def).iter().all(|(p, _, namespace)| {
                            let target = self.resolve(&p.type_name, namespace);
                            primitive(&p.type_name).is_some() || target.is_none_or(|target| same.contains(&target))
                        }) && self.kinds.get(*k).is_none_or(|kind| kind.variants.iter().all(|(_, d)| same.contains(d)))
                    }
                    Named::Enum(_) => true,
                })
                .cloned()
                .collect();
            same = kept;
            if same.len() == before {
                return same;
            }
        }
    }

    /// What makes a model's Rust code: its fields or members, in order (each field's type by
    /// the model it resolves to, else as written), and the types its kind enum lists (a base
    /// whose derived types differ between versions is not the same).
    fn signature(&self, key: &str, what: &Named<'m>) -> Vec<(String, String, bool)> {
        match what {
            Named::Struct(def) => {
                let derived = self.kinds.get(key).into_iter().flat_map(|kind| &kind.variants);
                self.members(def)
                    .iter()
                    .map(|(p, _, namespace)| {
                        (p.name.clone(), self.type_identity(&p.type_name, namespace), p.collection)
                    })
                    .chain(std::iter::once((def.odata_type(), String::new(), def.open_type)))
                    .chain(derived.map(|(variant, model)| (variant.clone(), model.clone(), false)))
                    .collect()
            }
            Named::Enum(def) => def.members.iter().map(|m| (m.name.clone(), String::new(), false)).collect(),
        }
    }

    /// What a type name written on a page of `namespace` stands for, to compare across versions:
    /// the model's key, the primitive (`String` and `Edm.String` alike), else the name as written.
    fn type_identity(&self, written: &str, namespace: &str) -> String {
        match (Edm::parse(written), self.resolve(written, namespace)) {
            (Some(edm), _) => format!("{edm:?}"),
            (None, Some(key)) => key,
            (None, None) => format!("?{}", written.to_ascii_lowercase()),
        }
    }

    /// A field's type: boxed structs, `Value` for unknown types; its type name read in
    /// `namespace` (the page declaring it), the models named from `via`.
    fn field_type(&self, property: &Property, namespace: &str, via: Via<'_>) -> TokenStream {
        let model = self.resolve(&property.type_name, namespace).and_then(|k| self.named.get(&k));
        let item = match (primitive(&property.type_name), model) {
            (Some(primitive), _) => primitive,
            (None, Some((Named::Struct(_), rust))) => {
                let path = self.path(rust, via);
                if property.collection {
                    path
                } else {
                    quote!(Box<#path>)
                }
            }
            (None, Some((Named::Enum(_), rust))) => self.path(rust, via),
            (None, None) => quote!(serde_json::Value),
        };
        if property.collection {
            quote!(Vec<#item>)
        } else {
            item
        }
    }

    /// [`field_type`](Self::field_type) for a field declared outside the models module, from
    /// an operation's page (Graph's namespace): models named through `via` (`super::models`
    /// from a sibling module such as `requests`).
    pub(super) fn field_type_via(&self, property: &Property, via: &TokenStream) -> TokenStream {
        self.field_type(property, GRAPH, Via::Outside(via))
    }

    /// The properties and relationships of `def` and of its base types (base first; a derived
    /// type's own declaration of a name wins), each with whether it is a relationship and the
    /// namespace of the page declaring it. A base the docs do not define ends the chain.
    fn members(&self, def: &'m TypeDef) -> Vec<Member<'m>> {
        let chain = BaseChain::of(def, |at, base| match self.named.get(&self.resolve(base, &at.namespace)?) {
            Some((Named::Struct(base), _)) => Some(*base),
            _ => None,
        });
        chain
            .declared_members()
            .into_iter()
            .map(|(p, relationship, t)| (p, relationship, t.namespace.as_str()))
            .collect()
    }
}

/// Widens `gate`, the features compiling something (`None`: always compiled), by those of
/// `with` (`None` absorbs every feature).
pub(super) fn widen(gate: &mut Option<BTreeSet<String>>, with: Option<&BTreeSet<String>>) {
    match (gate.as_mut(), with) {
        (Some(all), Some(features)) => all.extend(features.iter().cloned()),
        (Some(_), None) => *gate = None,
        (None, _) => {}
    }
}

/// `#[cfg(any(feature = ...))]`, or nothing for `None` (always compiled).
pub(super) fn cfg_any(features: Option<BTreeSet<String>>) -> TokenStream {
    match features {
        None => quote!(),
        Some(features) if features.len() == 1 => {
            let feature = features.iter();
            quote!(#[cfg(#(feature = #feature)*)])
        }
        Some(features) => {
            let features = features.iter();
            quote!(#[cfg(any(#(feature = #features),*))])
        }
    }
}
