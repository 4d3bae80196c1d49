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
pub use files::FilePlan;
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
    /// The models (by key) compiled whatever the features: reached from a call no feature
    /// gates, directly or through other models' fields. Every other model is compiled with
    /// its own cargo feature ([`model_feature`]), which Cargo.toml wires ([`ModelSet::wiring`]).
    always: BTreeSet<String>,
    /// Per area feature, the models its calls take or return (by key).
    direct: BTreeMap<String, BTreeSet<String>>,
    /// Models identical to another version's, re-exported from there (beta's from v1.0).
    reexported: Option<(ApiVersion, BTreeSet<String>)>,
    /// The kind enum of each struct with derived types (by key; see [`derived`]).
    kinds: BTreeMap<String, Kind>,
}

/// The cargo feature of one model: `v1-model.User`, `beta-model.termstore.Group` (its Rust
/// path in the models module, so unique and named after the type alone).
fn model_feature(version: ApiVersion, rust: &RustName) -> String {
    format!("{}-model.{}", super::builders::version_names(version).1, rust.path().replace("::", "."))
}

/// The cargo feature of a file of models, or of a namespace's module (`family` `None`):
/// `v1-models.user`, `beta-models.termstore`, `beta-models.termstore.group`.
fn file_feature(version: ApiVersion, module: Option<&str>, family: Option<&str>) -> String {
    let parts: Vec<&str> = module.into_iter().chain(family).collect();
    format!("{}-models.{}", super::builders::version_names(version).1, parts.join("."))
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
    ModelSet { version, named, always: BTreeSet::new(), direct: BTreeMap::new(), reexported: None, kinds }
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
    /// compiles it (`None`: the call is always compiled). A model's own feature compiles the
    /// models its properties name; a relationship does not compile its target (it is filled
    /// only on `$expand`): its field is compiled with its target's feature.
    pub fn gate<'u>(&mut self, uses: impl IntoIterator<Item = (&'u str, Option<String>)>) {
        let mut pending = Vec::new();
        for (name, feature) in uses {
            let Some(model) = self.resolve(name, GRAPH) else { continue };
            match feature {
                Some(feature) => {
                    self.direct.entry(feature).or_default().insert(model);
                }
                None => pending.push(model),
            }
        }
        while let Some(model) = pending.pop() {
            if self.named.contains_key(&model) && self.always.insert(model.clone()) {
                pending.extend(self.property_models(&model));
            }
        }
    }

    /// The models the properties (not the relationships) of the model `key` name, its bases'
    /// included: what compiling it needs.
    fn property_models(&self, key: &str) -> BTreeSet<String> {
        let Some((Named::Struct(def), _)) = self.named.get(key) else { return BTreeSet::new() };
        let members = self.members(def).into_iter().filter(|(_, relationship, _)| !relationship);
        members.filter_map(|(p, _, namespace)| self.resolve(&p.type_name, namespace)).filter(|k| k != key).collect()
    }

    /// Whether the model `key` is compiled whatever the features.
    pub fn is_always_compiled(&self, key: &str) -> bool {
        self.always.contains(key)
    }

    /// The cargo feature compiling the model `key`; `None` when it is always compiled.
    fn feature(&self, key: &str) -> Option<String> {
        let (_, rust) = self.named.get(key)?;
        (!self.always.contains(key)).then(|| model_feature(self.version, rust))
    }

    /// The `#[cfg]` of a model.
    fn cfg(&self, model: &str) -> TokenStream {
        self.feature(model).map(|f| feature_cfg(&f)).unwrap_or_default()
    }

    /// The `#[cfg]` of a relationship field of the model `owner` (its key), declared on a page
    /// of `namespace`: its target's feature, so that without it an `$expand`ed value stays in
    /// `additional_data` (lossless, as any undocumented property).
    fn relationship_cfg(&self, owner: &str, p: &Property, namespace: &str) -> TokenStream {
        let target = self.resolve(&p.type_name, namespace).filter(|_| primitive(&p.type_name).is_none());
        match target {
            Some(target) if target != owner => self.cfg(&target),
            _ => quote!(),
        }
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

/// `#[cfg(feature = ...)]`.
fn feature_cfg(feature: &str) -> TokenStream {
    quote!(#[cfg(feature = #feature)])
}

/// `#[cfg(feature = ...)]` of the one feature in `features`, `#[cfg(any(...))]` of several,
/// or nothing for `None` (always compiled).
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
