//! The model types of one version (`v1_0::models`): one struct per resource or complex type
//! and one enum per enum type, read from the resource pages, in one file per family of names
//! (`user.rs` holds `User`, `UserActivity`, ...).
//!
//! Graph's type names become Rust names here, once, so that the request builders and the
//! models agree ([`ModelSet::rust_type`]). How each Graph type is mapped, and why the serde
//! impls are written out rather than derived, is documented in the runtime's `model` module.

use std::collections::{BTreeMap, BTreeSet};

use heck::ToUpperCamelCase;
use proc_macro2::TokenStream;
use quote::quote;

use super::derived::{self, Kind, Variant};
use super::docs::{code, source, text};
use super::names::{ident, snake_ident, snake_words, UniqueNames};
use crate::model::{ApiVersion, BaseChain, Edm, EnumDef, Model, Property, TypeDef};

/// The module of the models in a version's module.
pub const MODULE: &str = "models";

/// The field keeping what the docs do not list.
const ADDITIONAL: &str = "additional_data";

/// Names a model cannot take: the generated code names these from the prelude.
const RESERVED: &[&str] = &["Option", "Some", "None", "Result", "Ok", "Err", "String", "Vec", "Box", "Default", "From"];

/// What a documented type name refers to in one version.
#[derive(Clone, Copy)]
enum Named<'m> {
    Struct(&'m TypeDef),
    Enum(&'m EnumDef),
}

/// The models of one version and their Rust names.
pub struct ModelSet<'m> {
    version: ApiVersion,
    /// By lower-cased Graph name (the pages are not consistent about case).
    named: BTreeMap<String, (Named<'m>, String)>,
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

/// The models of `version`. Types are claimed in the model's order (sorted by name), so a
/// name only changes when a type spelled the same but for case or punctuation appears.
pub fn build(model: &Model, version: ApiVersion) -> ModelSet<'_> {
    let mut names = UniqueNames::with_reserved(RESERVED);
    let mut named = BTreeMap::new();
    let types = model.types.iter().filter(|t| t.version == Some(version)).map(|t| (t.name.as_str(), Named::Struct(t)));
    let enums = model.enums.iter().filter(|e| e.version == Some(version)).map(|e| (e.name.as_str(), Named::Enum(e)));
    let mut all: Vec<(&str, Named<'_>)> = types.chain(enums).collect();
    all.sort_by(|a, b| a.0.cmp(b.0));
    for (name, what) in all {
        let key = name.to_ascii_lowercase();
        if named.contains_key(&key) {
            continue;
        }
        let rust = names.claim_camel(pascal(name));
        named.insert(key, (what, rust));
    }
    let kinds = kinds(&named, &mut names);
    ModelSet { version, named, gates: BTreeMap::new(), reexported: None, kinds }
}

/// The kind enums of the structs with derived types: the `baseType` links between structs
/// the docs define (a shadowed type, spelled like an earlier one, is not one of them).
fn kinds(named: &BTreeMap<String, (Named<'_>, String)>, names: &mut UniqueNames) -> BTreeMap<String, Kind> {
    let bases: BTreeMap<String, String> = named
        .iter()
        .filter_map(|(k, (what, _))| match what {
            Named::Struct(def) => {
                let base = key(def.base_type.as_deref()?);
                matches!(named.get(&base), Some((Named::Struct(_), _))).then(|| (k.clone(), base))
            }
            Named::Enum(_) => None,
        })
        .collect();
    let rust = named.iter().map(|(k, (_, rust))| (k.clone(), rust.clone())).collect();
    derived::kinds(&derived::derived(&bases), &rust, names)
}

fn pascal(name: &str) -> String {
    let pascal = snake_words(name).to_upper_camel_case();
    match pascal.chars().next() {
        None => "Model".to_owned(),
        Some(c) if c.is_ascii_digit() => format!("Model{pascal}"),
        Some(_) => pascal,
    }
}

/// A documented type name without its namespace (`microsoft.graph.user`, `Edm.String`,
/// `graph.user`), lower-cased.
fn key(type_name: &str) -> String {
    let name = type_name.rsplit('.').next().unwrap_or(type_name).trim();
    name.to_ascii_lowercase()
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

    /// The model struct a documented type names (`crate::v1_0::models::User`), for the
    /// request builders; `None` for primitives, enums and types the docs do not define (a
    /// response or body of those stays [`serde_json::Value`]: Graph wraps a primitive
    /// result in an object, and the pages rarely say how).
    /// The resource page's type behind the struct `type_name` names, if it is a struct.
    pub fn struct_def(&self, type_name: &str) -> Option<&'m TypeDef> {
        match self.named.get(&key(type_name))? {
            (Named::Struct(def), _) => Some(def),
            (Named::Enum(_), _) => None,
        }
    }

    pub fn struct_path(&self, type_name: &str) -> Option<TokenStream> {
        let (Named::Struct(_), rust) = self.named.get(&key(type_name))? else { return None };
        let version = ident(super::builders::version_names(self.version).0);
        let (module, rust) = (ident(MODULE), ident(rust));
        Some(quote!(crate::#version::#module::#rust))
    }

    /// Gates each model by the features of the calls that use it: `uses` gives, per call,
    /// the documented type names it takes or returns and the feature that compiles it
    /// (`None`: the call is always compiled).
    pub fn gate<'u>(&mut self, uses: impl IntoIterator<Item = (&'u str, Option<String>)>) {
        let mut gates: BTreeMap<String, Option<BTreeSet<String>>> = BTreeMap::new();
        let mut pending: Vec<(String, Option<String>)> =
            uses.into_iter().map(|(name, feature)| (key(name), feature)).collect();
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
                for (p, _) in self.members(def).into_iter().filter(|(_, relationship)| !relationship) {
                    pending.push((key(&p.type_name), feature.clone()));
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

    /// The `#[cfg]` of a relationship field of the model `owner`. Relationships do not pull
    /// their target into the build ([`gate`](Self::gate)): a field whose target is compiled with
    /// fewer features than its model is compiled with its target's, and without them an
    /// `$expand`ed value stays in `additional_data` (lossless, as any undocumented property).
    fn relationship_cfg(&self, owner: &str, p: &Property) -> TokenStream {
        let target = key(&p.type_name);
        if primitive(&target).is_some() || !self.named.contains_key(&target) {
            return quote!();
        }
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
    /// `microsoft.graph.user`; its Rust path from the crate root, `v1_0::models::User`).
    /// Enums are left out: no response or request body is one.
    pub fn struct_paths(&self) -> impl Iterator<Item = (String, String)> + '_ {
        let version = super::builders::version_names(self.version).0;
        self.named.values().filter_map(move |(what, rust)| match what {
            Named::Struct(def) => Some((def.odata_type(), format!("{version}::{MODULE}::{rust}"))),
            Named::Enum(_) => None,
        })
    }

    /// Whether `type_name` names the same Rust type here as in `other`, the models this set
    /// re-exports from: a primitive, a model re-exported from there, or a type neither
    /// defines (`serde_json::Value` in both).
    pub fn same_type_as(&self, type_name: &str, other: &ModelSet<'_>) -> bool {
        let k = key(type_name);
        if primitive(&k).is_some() {
            return true;
        }
        match (self.named.contains_key(&k), other.named.contains_key(&k)) {
            (false, false) => true,
            (true, true) => {
                self.reexported.as_ref().is_some_and(|(from, keys)| *from == other.version && keys.contains(&k))
            }
            _ => false,
        }
    }

    /// Re-exports `keys` from `from`'s models instead of defining them again.
    pub fn reexport(&mut self, from: ApiVersion, keys: BTreeSet<String>) {
        self.reexported = Some((from, keys));
    }

    /// The models of this set that are the same Rust type as `other`'s: the same name, the
    /// same fields (JSON names, types, collections; base types included) or enum members,
    /// and fields whose models are themselves the same. Sharing them compiles each once.
    pub fn identical_in(&self, other: &ModelSet<'_>) -> BTreeSet<String> {
        let mut same: BTreeSet<String> = self
            .named
            .iter()
            .filter(|(k, (what, rust))| {
                other.named.get(*k).is_some_and(|(theirs, their_rust)| {
                    rust == their_rust
                        && self.signature(what) == other.signature(theirs)
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
                        self.all_properties(def).iter().all(|p| {
                            let target = key(&p.type_name);
                            let named = self.named.contains_key(&target) || other.named.contains_key(&target);
                            primitive(&target).is_some() || !named || same.contains(&target)
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

    /// What makes a model's Rust code: its fields or members, in order, and the types its kind
    /// enum lists (a base whose derived types differ between versions is not the same).
    fn signature(&self, what: &Named<'m>) -> Vec<(String, String, bool)> {
        match what {
            Named::Struct(def) => {
                let derived = self.kinds.get(&key(&def.name)).into_iter().flat_map(|kind| &kind.variants);
                self.all_properties(def)
                    .iter()
                    .map(|p| (p.name.clone(), key(&p.type_name), p.collection))
                    .chain(std::iter::once((def.odata_type(), String::new(), def.open_type)))
                    .chain(derived.map(|(variant, model)| (variant.clone(), model.clone(), false)))
                    .collect()
            }
            Named::Enum(def) => def.members.iter().map(|m| (m.name.clone(), String::new(), false)).collect(),
        }
    }

    /// A field's type inside a family file of the models module: boxed structs, `Value` for
    /// unknown types. Other models are named through `super::`, not a `use super::*` in each
    /// family: hundreds of globs importing each other cost rustc seconds and hundreds of MB.
    fn field_type(&self, property: &Property) -> TokenStream {
        self.field_type_via(property, &quote!(super))
    }

    /// [`field_type`](Self::field_type) for a field declared outside the models module:
    /// models named through `via` (`super::models` from a sibling module such as `requests`).
    pub(super) fn field_type_via(&self, property: &Property, via: &TokenStream) -> TokenStream {
        let key = key(&property.type_name);
        let item = match (primitive(&key), self.named.get(&key)) {
            (Some(primitive), _) => primitive,
            (None, Some((Named::Struct(_), rust))) => {
                let rust = ident(rust);
                if property.collection {
                    quote!(#via::#rust)
                } else {
                    quote!(Box<#via::#rust>)
                }
            }
            (None, Some((Named::Enum(_), rust))) => {
                let rust = ident(rust);
                quote!(#via::#rust)
            }
            (None, None) => quote!(serde_json::Value),
        };
        if property.collection {
            quote!(Vec<#item>)
        } else {
            item
        }
    }

    /// The properties and relationships of `def` and of its base types (base first; a
    /// derived type's own declaration of a name wins). A base the docs do not define ends
    /// the chain.
    fn all_properties(&self, def: &'m TypeDef) -> Vec<&'m Property> {
        self.members(def).into_iter().map(|(p, _)| p).collect()
    }

    /// [`all_properties`](Self::all_properties), each with whether it is a relationship.
    fn members(&self, def: &'m TypeDef) -> Vec<(&'m Property, bool)> {
        let chain = BaseChain::of(def, |_, base| match self.named.get(&key(base)) {
            Some((Named::Struct(base), _)) => Some(*base),
            _ => None,
        });
        chain.members()
    }

    /// The files of `models/`: (path relative to the version's module, tokens).
    pub fn files(&self) -> Vec<(String, TokenStream)> {
        if self.is_empty() {
            return Vec::new();
        }
        let mut families: BTreeMap<String, Vec<TokenStream>> = BTreeMap::new();
        // A family's file is compiled, and parsed, only when one of its models is: what an app
        // leaves out costs it nothing. `None`: some model of the family is always compiled.
        let mut family_features: BTreeMap<String, Option<BTreeSet<String>>> = BTreeMap::new();
        for (model, (what, rust)) in &self.named {
            let family = snake_ident(snake_words(rust).split('_').next().unwrap_or_default(), "model");
            let features = self.features(model);
            widen(family_features.entry(family.clone()).or_insert_with(|| Some(BTreeSet::new())), features.as_ref());
            let cfg = self.cfg(model);
            let kind = self.kinds.get(model);
            let tokens = match (&self.reexported, what) {
                (Some((from, keys)), _) if keys.contains(model) => {
                    let (from, module) = (ident(super::builders::version_names(*from).0), ident(MODULE));
                    let rust = std::iter::once(rust).chain(kind.map(|k| &k.rust)).map(|r| ident(r));
                    quote!(#(#cfg pub use crate::#from::#module::#rust;)*)
                }
                (_, Named::Struct(def)) => {
                    let mut tokens = self.struct_tokens(def, rust, &cfg);
                    if let Some(kind) = kind {
                        tokens.extend(self.kind_tokens(def, rust, kind, &cfg));
                    }
                    tokens
                }
                (_, Named::Enum(def)) => enum_tokens(def, rust, &cfg),
            };
            families.entry(family).or_default().push(tokens);
        }
        let doc = format!(
            " The types of Microsoft Graph {}, from its resource pages (see [`crate::runtime::model`] for how \
             Graph's types map to Rust's).",
            code(self.version.as_str())
        );
        let mods = families.keys().map(|f| {
            let cfg = cfg_any(family_features[f].clone());
            let f = ident(f);
            // Some models of a compiled family may be left out by the features.
            quote!(#cfg mod #f; #cfg #[allow(unused_imports)] pub use #f::*;)
        });
        let mut files = vec![("mod.rs".to_owned(), quote!(#![doc = #doc] #(#mods)*))];
        for (family, items) in families {
            let doc = format!(" Models named {}...", code(&family.to_upper_camel_case()));
            files.push((format!("{family}.rs"), quote!(#![doc = #doc] #(#items)*)));
        }
        files
    }

    /// The kind enum of `def` (see [`derived`]).
    fn kind_tokens(&self, def: &TypeDef, rust: &str, kind: &Kind, cfg: &TokenStream) -> TokenStream {
        let variants: Vec<Variant> = kind
            .variants
            .iter()
            .filter_map(|(name, model)| {
                let (Named::Struct(derived), model_rust) = self.named.get(model)? else { return None };
                let (name, model_rust, odata_type) = (name.clone(), model_rust.clone(), derived.odata_type());
                Some(Variant { name, model: model_rust, odata_type, cfg: self.cfg(model) })
            })
            .collect();
        derived::tokens(rust, &def.odata_type(), &kind.rust, &variants, cfg)
    }

    fn struct_tokens(&self, def: &TypeDef, rust: &str, cfg: &TokenStream) -> TokenStream {
        let name = ident(rust);
        let odata_type = def.odata_type();
        let mut docs = vec![format!(" {}, from {}.", code(&odata_type), source(&def.source))];
        if let Some(base) = &def.base_type {
            docs.push(String::new());
            docs.push(format!(" Derived from {}; its properties are included.", code(base)));
        }
        let mut names = UniqueNames::with_reserved(&[ADDITIONAL]);
        let owner = key(&def.name);
        let fields: Vec<(syn::Ident, &Property, TokenStream)> = self
            .members(def)
            .into_iter()
            .map(|(p, relationship)| {
                let gate = if relationship { self.relationship_cfg(&owner, p) } else { quote!() };
                (ident(&names.claim(snake_ident(&p.name, "property"))), p, gate)
            })
            .collect();
        let declarations = fields.iter().map(|(field, p, gate)| {
            let ty = self.field_type(p);
            let mut doc = match &p.description {
                Some(d) if !d.trim().is_empty() => format!(" {} ({}): {}", code(&p.name), code(&p.type_name), text(d)),
                _ => format!(" {} ({}).", code(&p.name), code(&p.type_name)),
            };
            if !gate.is_empty() {
                doc.push_str(" Present with the features that compile its type; without, an expanded value is kept in `additional_data`.");
            }
            quote!(#[doc = #doc] #gate pub #field: Option<#ty>,)
        });
        let reads = fields.iter().map(|(field, p, gate)| {
            let json = &p.name;
            quote!(#gate #field: model.take(#json),)
        });
        let writes = fields.iter().map(|(field, p, gate)| {
            let json = &p.name;
            quote!(#gate model.field(#json, &self.#field);)
        });
        let additional = ident(ADDITIONAL);
        let writer = match (fields.is_empty(), fields.iter().all(|(_, _, gate)| !gate.is_empty())) {
            (true, _) => quote!(let model),
            // Every field may be left out by the features.
            (false, true) => quote!(#[allow(unused_mut)] let mut model),
            (false, false) => quote!(let mut model),
        };
        quote! {
            #(#[doc = #docs])*
            #cfg
            #[derive(Default)]
            pub struct #name {
                #(#declarations)*
                /// Properties the docs do not list, and OData annotations (`@odata.type`, ...).
                pub #additional: serde_json::Map<String, serde_json::Value>,
            }

            // The impls under the struct's features, written once.
            #cfg
            const _: () = {
                // Not derived: see `runtime::model::debug_model` and `clone_model`.
                impl std::fmt::Debug for #name {
                    #[inline]
                    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        crate::runtime::model::debug_model(#rust, serde_json::to_value(self), f)
                    }
                }

                impl Clone for #name {
                    #[inline]
                    fn clone(&self) -> Self {
                        crate::runtime::model::clone_model(self)
                    }
                }

                impl serde::Serialize for #name {
                    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                        #writer = crate::runtime::model::ModelWriter::default();
                        #(#writes)*
                        model.end(serializer, &self.#additional)
                    }
                }

                impl<'de> serde::Deserialize<'de> for #name {
                    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                        let mut model = crate::runtime::model::ModelReader::new(deserializer, #odata_type)?;
                        let value = #name {
                            #(#reads)*
                            #additional: model.rest(),
                        };
                        model.finish(value)
                    }
                }
            };
        }
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

fn enum_tokens(def: &EnumDef, rust: &str, cfg: &TokenStream) -> TokenStream {
    let name = ident(rust);
    let doc = format!(" The enum {}, from {}.", code(&format!("{}.{}", def.namespace, def.name)), source(&def.source));
    let mut names = UniqueNames::with_reserved(&["Other"]);
    let mut seen = BTreeSet::new();
    let members: Vec<(syn::Ident, &str, String)> = def
        .members
        .iter()
        .filter(|m| seen.insert(m.name.as_str()))
        .map(|m| {
            let doc = match &m.description {
                Some(d) if !d.trim().is_empty() => format!(" {}: {}", code(&m.name), text(d)),
                _ => format!(" {}.", code(&m.name)),
            };
            (ident(&names.claim_camel(pascal(&m.name))), m.name.as_str(), doc)
        })
        .collect();
    let variants = members.iter().map(|(variant, _, doc)| quote!(#[doc = #doc] #variant,));
    let to_str = members.iter().map(|(variant, json, _)| quote!(#name::#variant => #json,));
    let from_str = members.iter().map(|(variant, json, _)| quote!(#json => #name::#variant,));
    quote! {
        #[doc = #doc]
        #cfg
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub enum #name {
            #(#variants)*
            /// A value the docs do not list (a newer member, or several flags).
            Other(String),
        }

        #cfg
        const _: () = {
        impl #name {
            /// The value as Graph writes it.
            pub fn as_str(&self) -> &str {
                match self {
                    #(#to_str)*
                    #name::Other(value) => value,
                }
            }
        }

        impl From<String> for #name {
            fn from(value: String) -> Self {
                match value.as_str() {
                    #(#from_str)*
                    _ => #name::Other(value),
                }
            }
        }

        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                <String as serde::Deserialize>::deserialize(deserializer).map(#name::from)
            }
        }
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Source;

    fn def(name: &str, namespace: &str, version: ApiVersion) -> TypeDef {
        TypeDef { namespace: namespace.into(), version: Some(version), ..TypeDef::sample(name) }
    }

    fn with(mut t: TypeDef, properties: &[(&str, &str)]) -> TypeDef {
        t.properties = properties
            .iter()
            .map(|(name, type_name)| Property {
                name: (*name).into(),
                type_name: (*type_name).into(),
                collection: false,
                description: None,
                source: Source { file: "r.md".into(), line: 2 },
            })
            .collect();
        t
    }

    /// Beta re-exports what is the same Rust type in v1.0, and only that: a type whose
    /// fields name a type that differs is not the same, however alike its own fields.
    #[test]
    fn identical_types_are_shared_across_versions() {
        let both = |name: &str, props: &[(&str, &str)]| {
            [
                with(def(name, "microsoft.graph", ApiVersion::V1), props),
                with(def(name, "microsoft.graph", ApiVersion::Beta), props),
            ]
        };
        let mut types: Vec<TypeDef> = Vec::new();
        types.extend(both("emailAddress", &[("address", "String")]));
        types.extend(both("recipient", &[("emailAddress", "emailAddress")]));
        types.extend(both("message", &[("from", "recipient"), ("sender", "user")]));
        types.push(with(def("user", "microsoft.graph", ApiVersion::V1), &[("id", "String")]));
        types.push(with(def("user", "microsoft.graph", ApiVersion::Beta), &[("id", "String"), ("mail", "String")]));
        let model = Model { types, ..Model::default() };
        let (v1, beta) = (build(&model, ApiVersion::V1), build(&model, ApiVersion::Beta));
        let shared: Vec<String> = beta.identical_in(&v1).into_iter().collect();
        assert_eq!(shared, ["emailaddress", "recipient"]);
    }

    /// A base whose derived types differ between the versions is not shared (v1.0's kind enum
    /// would miss beta's `guest`), and neither is one whose derived type differs; a base whose
    /// derived types are all shared is, with its kind enum.
    #[test]
    fn identical_types_need_the_same_derived_types() {
        let both = |name: &str, base: Option<&str>, props: &[(&str, &str)]| {
            [ApiVersion::V1, ApiVersion::Beta].map(|v| {
                let mut t = with(def(name, "microsoft.graph", v), props);
                t.base_type = base.map(|b| format!("microsoft.graph.{b}"));
                t
            })
        };
        let mut types: Vec<TypeDef> = Vec::new();
        types.extend(both("directoryObject", None, &[("id", "String")]));
        types.extend(both("user", Some("directoryObject"), &[("mail", "String")]));
        types.extend(both("attachment", None, &[("name", "String")]));
        types.extend(both("fileAttachment", Some("attachment"), &[("size", "Int32")]));
        types.extend(both("place", None, &[("name", "String")]));
        let mut guest = with(def("guest", "microsoft.graph", ApiVersion::Beta), &[("by", "String")]);
        guest.base_type = Some("microsoft.graph.user".into());
        types.push(guest);
        let mut room = with(def("room", "microsoft.graph", ApiVersion::V1), &[("capacity", "Int32")]);
        room.base_type = Some("microsoft.graph.place".into());
        types.push(room.clone());
        room.version = Some(ApiVersion::Beta);
        room.properties[0].type_name = "Int64".into();
        types.push(room);
        let model = Model { types, ..Model::default() };
        let (v1, beta) = (build(&model, ApiVersion::V1), build(&model, ApiVersion::Beta));
        let shared: Vec<String> = beta.identical_in(&v1).into_iter().collect();
        assert_eq!(shared, ["attachment", "fileattachment"]);
        let files: String = {
            let mut beta = beta;
            beta.reexport(ApiVersion::V1, beta.identical_in(&v1));
            beta.files().into_iter().map(|(_, t)| t.to_string()).collect()
        };
        assert!(files.contains("pub use crate :: v1_0 :: models :: AttachmentKind ;"), "{files}");
        assert!(files.contains("pub enum DirectoryObjectKind"), "beta's own enum: {files}");
    }

    /// Kind enums follow the `baseType` links between types the docs define: a base no page
    /// defines (`directoryObject` here) or that is an enum gets none, and a documented type
    /// already called `userKind` keeps its name (the enum takes the next).
    #[test]
    fn kinds_exclude_types_the_docs_do_not_define() {
        let derived = |name: &str, base: &str| {
            let mut t = with(def(name, "microsoft.graph", ApiVersion::V1), &[("id", "String")]);
            t.base_type = Some(format!("microsoft.graph.{base}"));
            t
        };
        let types = vec![
            with(def("entity", "microsoft.graph", ApiVersion::V1), &[("id", "String")]),
            with(def("user", "microsoft.graph", ApiVersion::V1), &[("id", "String")]),
            with(def("userKind", "microsoft.graph", ApiVersion::V1), &[("id", "String")]),
            derived("group", "entity"),
            derived("contact", "directoryObject"),
            derived("guest", "user"),
            derived("odd", "status"),
        ];
        let status = EnumDef {
            name: "status".into(),
            namespace: "microsoft.graph".into(),
            version: Some(ApiVersion::V1),
            members: Vec::new(),
            source: Source { file: "e.md".into(), line: 1 },
            locale: "en-us".into(),
        };
        let model = Model { types, enums: vec![status], ..Model::default() };
        let files: String = build(&model, ApiVersion::V1).files().into_iter().map(|(_, t)| t.to_string()).collect();
        let enums: Vec<&str> =
            files.split("pub enum ").skip(1).filter_map(|rest| rest.split_whitespace().next()).collect();
        assert_eq!(enums, ["EntityKind", "Status", "UserKind2"], "{files}");
        assert!(files.contains("Group (Box < super :: Group >)"), "{files}");
        assert!(files.contains("pub struct UserKind {"), "{files}");
    }

    /// The paths name the structs the emitter writes, in both versions; enums and the types
    /// a same-named earlier type shadows get none.
    #[test]
    fn model_paths_name_the_emitted_structs() {
        let model = Model {
            types: vec![
                def("Option", "microsoft.graph", ApiVersion::V1),
                def("user", "microsoft.graph", ApiVersion::V1),
                def("user", "microsoft.graph.other", ApiVersion::V1),
                def("user", "microsoft.graph", ApiVersion::Beta),
            ],
            enums: vec![EnumDef {
                name: "userKind".into(),
                namespace: "microsoft.graph".into(),
                version: Some(ApiVersion::V1),
                members: Vec::new(),
                source: Source { file: "e.md".into(), line: 1 },
                locale: "en-us".into(),
            }],
            ..Model::default()
        };
        let paths = super::super::model_paths(&model);
        let expected: BTreeMap<(ApiVersion, String), String> = [
            ((ApiVersion::V1, "microsoft.graph.Option"), "v1_0::models::Option2"),
            ((ApiVersion::V1, "microsoft.graph.user"), "v1_0::models::User"),
            ((ApiVersion::Beta, "microsoft.graph.user"), "beta::models::User"),
        ]
        .into_iter()
        .map(|((v, graph), rust)| ((v, graph.to_owned()), rust.to_owned()))
        .collect();
        assert_eq!(paths, expected);
        // Each path is a struct its version's models module declares.
        for ((version, _), rust) in &paths {
            let (module, name) = rust.split_once("::models::").unwrap();
            assert_eq!(module, super::super::builders::version_names(*version).0);
            let files = build(&model, *version).files();
            let declared =
                files.iter().any(|(_, tokens)| tokens.to_string().contains(&format!("pub struct {name} {{")));
            assert!(declared, "no `pub struct {name}` in the emitted files");
        }
    }

    /// A family file is compiled only with the features of its models: `mail*` models used
    /// by `v1-me` only (`mailFolder` through a field of `mailTips`), `user*` models one of
    /// which every build compiles; other models are named through `super::`.
    #[test]
    fn family_files_are_gated_by_their_models_features() {
        let types = vec![
            with(def("mailFolder", "microsoft.graph", ApiVersion::V1), &[("id", "String")]),
            with(def("mailTips", "microsoft.graph", ApiVersion::V1), &[("folder", "mailFolder")]),
            with(def("user", "microsoft.graph", ApiVersion::V1), &[("settings", "userSettings")]),
            with(def("userSettings", "microsoft.graph", ApiVersion::V1), &[("id", "String")]),
        ];
        let model = Model { types, ..Model::default() };
        let mut set = build(&model, ApiVersion::V1);
        set.gate([("mailTips", Some("v1-me".to_owned())), ("user", None)]);
        let files: BTreeMap<String, String> = set.files().into_iter().map(|(p, t)| (p, t.to_string())).collect();
        let module = &files["mod.rs"];
        assert!(
            module.contains(r#"# [cfg (any (feature = "v1-all-models" , feature = "v1-me"))] mod mail ;"#),
            "{module}"
        );
        // No attribute between the previous item and `mod user`.
        assert!(module.contains("pub use mail :: * ; mod user ;"), "{module}");
        assert!(files["user.rs"].contains("Box < super :: UserSettings >"), "{}", files["user.rs"]);
        assert!(!files["user.rs"].contains("use super"), "{}", files["user.rs"]);
    }

    /// A relationship does not compile its target: `user.manager` (a `directoryObject`) only
    /// exists with the features that compile `directoryObject` for calls of their own; a
    /// property (`settings`) compiles its type with the model, and a relationship whose target
    /// is compiled whenever its model is has no `cfg`.
    #[test]
    fn relationships_are_compiled_with_their_target() {
        let mut user = with(def("user", "microsoft.graph", ApiVersion::V1), &[("settings", "userSettings")]);
        user.relationships =
            with(def("x", "microsoft.graph", ApiVersion::V1), &[("manager", "directoryObject"), ("photo", "photo")])
                .properties;
        let types = vec![
            user,
            with(def("userSettings", "microsoft.graph", ApiVersion::V1), &[("id", "String")]),
            with(def("directoryObject", "microsoft.graph", ApiVersion::V1), &[("id", "String")]),
            with(def("photo", "microsoft.graph", ApiVersion::V1), &[("id", "String")]),
        ];
        let model = Model { types, ..Model::default() };
        let mut set = build(&model, ApiVersion::V1);
        let users = Some("v1-users".to_owned());
        set.gate([("user", users.clone()), ("photo", users), ("directoryObject", Some("v1-groups".to_owned()))]);
        let features = |key: &str| set.features_of(key);
        assert_eq!(features("usersettings"), [Some("v1-users".to_owned())]);
        assert_eq!(features("directoryobject"), [Some("v1-groups".to_owned())], "not pulled in by `manager`");
        let files: BTreeMap<String, String> = set.files().into_iter().map(|(p, t)| (p, t.to_string())).collect();
        let user = &files["user.rs"];
        let manager_gate = r#"# [cfg (any (feature = "v1-all-models" , feature = "v1-groups"))] pub manager"#;
        assert!(user.contains(manager_gate), "{user}");
        assert!(
            user.contains(
                r#"# [cfg (any (feature = "v1-all-models" , feature = "v1-groups"))] manager : model . take"#
            ),
            "{user}"
        );
        assert!(
            user.contains(
                r#"# [cfg (any (feature = "v1-all-models" , feature = "v1-groups"))] model . field ("manager""#
            ),
            "{user}"
        );
        // `photo` is compiled whenever `user` is: its field has its doc and no `cfg`.
        assert!(user.contains(r#"# [doc = " `photo` (`photo`)."] pub photo"#), "{user}");
    }
}
