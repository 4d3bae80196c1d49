//! The files of a version's `models` module: a file per family of names in the models module
//! and in each namespace's module, each model's struct or enum and their impls.

use std::collections::{BTreeMap, BTreeSet};

use heck::ToUpperCamelCase;
use proc_macro2::TokenStream;
use quote::quote;

use super::super::derived::{self, Kind, Variant};
use super::super::docs::{code, literal, source, text};
use super::super::names::{ident, snake_ident, snake_words, UniqueNames};
use super::super::tokens::{braced, concat};
use super::naming::{pascal, RustName};
use super::{all_models_feature, feature_cfg, file_feature, model_feature, ModelSet, Named, Via, MODULE};
use crate::model::{EnumDef, Property, TypeDef};

/// The field keeping what the docs do not list.
const ADDITIONAL: &str = "additional_data";

/// The files of a version's `models/`, planned: which model goes in which file. Each file's
/// tokens are then built on their own ([`ModelSet::file`]), so that files build in parallel.
pub struct FilePlan<'s> {
    modules: BTreeMap<Option<&'s str>, Families<'s>>,
}

impl FilePlan<'_> {
    /// The paths of the files, relative to the models module.
    pub fn names(&self) -> Vec<String> {
        let mut names = Vec::new();
        for (module, families) in &self.modules {
            let prefix = module.map(|m| format!("{m}/")).unwrap_or_default();
            names.push(format!("{prefix}mod.rs"));
            names.extend(families.items.keys().map(|family| format!("{prefix}{family}.rs")));
        }
        names
    }
}

/// The families of one module of models (the models module, or a namespace's).
#[derive(Default)]
struct Families<'s> {
    /// The models of each family file, in order.
    items: BTreeMap<String, Vec<&'s str>>,
    /// The families holding a model compiled whatever the features: their files are too.
    /// Every other family's file is compiled, and parsed, only with its own feature, which
    /// each of its models' features enables: what an app leaves out costs it nothing.
    always: BTreeSet<String>,
    /// The namespaces of the module's models, as their pages spell them.
    namespaces: BTreeSet<String>,
}

impl<'m> ModelSet<'m> {
    /// Each model's module and family file (by key): a family is the models of a module whose
    /// Rust names start with the same word (`user.rs`: `User`, `UserActivity`).
    pub(super) fn families(&self) -> BTreeMap<&str, (Option<&str>, String)> {
        let namespace_modules: BTreeSet<&str> = self.named.values().filter_map(|(_, r)| r.module.as_deref()).collect();
        self.named
            .iter()
            .map(|(model, (_, rust))| {
                let mut family = snake_ident(snake_words(&rust.name).split('_').next().unwrap_or_default(), "model");
                // A family module is private: it gives way to a namespace's module of that name.
                if rust.module.is_none() && namespace_modules.contains(family.as_str()) {
                    family.push_str("_models");
                }
                (model.as_str(), (rust.module.as_deref(), family))
            })
            .collect()
    }

    /// The cargo features of the models, for Cargo.toml: (feature, what it enables), sorted.
    /// A model's feature enables its file's (and its namespace module's) and the features of
    /// the models its properties name; a re-exported model's, the other version's copy; an
    /// area's, the models its calls take or return. Each model's line depends on that model's
    /// pages alone, so a docs change rewrites the lines of the types it touches.
    pub fn wiring(&self) -> Vec<(String, Vec<String>)> {
        let mut lines: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        let families = self.families();
        let reexported = self.reexported.as_ref();
        for (model, (module, family)) in &families {
            let Some(feature) = self.feature(model) else { continue };
            let mut enables: BTreeSet<String> = BTreeSet::new();
            enables.insert(file_feature(self.version, *module, Some(family)));
            if let Some(module) = module {
                enables.insert(file_feature(self.version, Some(module), None));
            }
            enables.extend(self.property_models(model).iter().filter_map(|k| self.feature(k)));
            if let Some((from, _)) = reexported.filter(|(_, keys)| keys.contains(*model)) {
                enables.insert(model_feature(*from, &self.named[*model].1));
            }
            lines.insert(feature, enables);
            lines.entry(file_feature(self.version, *module, Some(family))).or_default();
            if let Some(module) = module {
                lines.entry(file_feature(self.version, Some(module), None)).or_default();
            }
        }
        for (area, models) in &self.direct {
            lines.entry(area.clone()).or_default().extend(models.iter().filter_map(|k| self.feature(k)));
        }
        let all: BTreeSet<String> = families.keys().filter_map(|k| self.feature(k)).collect();
        lines.insert(all_models_feature(self.version), all);
        lines.into_iter().map(|(feature, enables)| (feature, enables.into_iter().collect())).collect()
    }

    /// The files of `models/`: (path relative to the models module, tokens): `mod.rs` and a
    /// file per family, and for each namespace's module `{module}/mod.rs` and its families.
    #[cfg(test)]
    pub fn files(&self) -> Vec<(String, TokenStream)> {
        let plan = self.file_plan();
        plan.names().into_iter().map(|name| (name.clone(), self.file(&plan, &name))).collect()
    }

    /// Which model goes in which file of `models/`.
    pub fn file_plan(&self) -> FilePlan<'_> {
        if self.is_empty() {
            return FilePlan { modules: BTreeMap::new() };
        }
        // The models module exists even when every model is of another namespace.
        let mut modules: BTreeMap<Option<&str>, Families> = BTreeMap::from([(None, Families::default())]);
        for (model, (module_name, family)) in self.families() {
            let (what, _) = &self.named[model];
            let module = modules.entry(module_name).or_default();
            module.namespaces.insert(what.namespace().to_owned());
            if self.feature(model).is_none() {
                module.always.insert(family.clone());
            }
            module.items.entry(family).or_default().push(model);
        }
        FilePlan { modules }
    }

    /// The tokens of one file of the plan, by its path (see [`FilePlan::names`]).
    pub fn file(&self, plan: &FilePlan<'_>, name: &str) -> TokenStream {
        let (module, file) = match name.split_once('/') {
            Some((module, file)) => (Some(module), file),
            None => (None, name),
        };
        let Some(families) = plan.modules.get(&module) else { return TokenStream::new() };
        let Some(family) = file.strip_suffix(".rs").filter(|_| file != "mod.rs") else {
            return self.mod_file(plan, module, families);
        };
        let items = families.items.get(family).into_iter().flatten().map(|model| self.model_tokens(model));
        let doc = format!(" Models named {}...", code(&family.to_upper_camel_case()));
        concat([quote!(#![doc = #doc])].into_iter().chain(items))
    }

    /// The struct or enum of a model and their impls, or its re-export from the other version.
    fn model_tokens(&self, model: &str) -> TokenStream {
        let (what, rust) = &self.named[model];
        let cfg = self.cfg(model);
        let kind = self.kinds.get(model);
        match (&self.reexported, what) {
            (Some((from, keys)), _) if keys.contains(model) => {
                let (from, models) = (ident(super::super::builders::version_names(*from).0), ident(MODULE));
                let root = quote!(crate::#from::#models);
                let kind = kind.map(|k| RustName { module: rust.module.clone(), name: k.rust.clone() });
                let paths = std::iter::once(rust.clone()).chain(kind).map(|r| self.path(&r, Via::Outside(&root)));
                quote!(#(#cfg pub use #paths;)*)
            }
            (_, Named::Struct(def)) => {
                let mut tokens = self.struct_tokens(def, model, rust, &cfg);
                if let Some(kind) = kind {
                    tokens.extend(self.kind_tokens(def, rust, kind, &cfg));
                }
                tokens
            }
            (_, Named::Enum(def)) => enum_tokens(def, rust, &cfg),
        }
    }

    /// `mod.rs` of the models module (`module` `None`) or of a namespace's module.
    fn mod_file(&self, plan: &FilePlan<'_>, module: Option<&str>, families: &Families<'_>) -> TokenStream {
        let version = self.version;
        let version_code = code(version.as_str());
        let spelled = |families: &Families| families.namespaces.iter().map(|n| code(n)).collect::<Vec<_>>().join(", ");
        // The models module declares each namespace's module, under the namespace's feature.
        let namespaces = plan.modules.iter().filter_map(|(module, families)| {
            let module = (*module)?;
            let cfg = match families.always.is_empty() {
                true => feature_cfg(&file_feature(version, Some(module), None)),
                false => quote!(),
            };
            let name = ident(module);
            let doc = format!(" The types of the namespace {}.", spelled(families));
            Some(quote!(#[doc = #doc] #cfg pub mod #name;))
        });
        let namespaces: Vec<TokenStream> = namespaces.collect();
        // `mod` and `pub use` of each family, each under its feature.
        let declarations = families.items.keys().map(|f| {
            let cfg = match families.always.contains(f) {
                true => quote!(),
                false => feature_cfg(&file_feature(version, module, Some(f))),
            };
            let f = ident(f);
            // Some models of a compiled family may be left out by the features.
            quote!(#cfg mod #f; #cfg #[allow(unused_imports)] pub use #f::*;)
        });
        let top = match module {
            None => {
                let mut doc = format!(
                    " The types of Microsoft Graph {version_code}, from its resource pages (see \
                     [`crate::runtime::model`] for how Graph's types map to Rust's)."
                );
                if !namespaces.is_empty() {
                    doc.push_str(" A namespace other than `microsoft.graph` has a module of its own.");
                }
                quote!(#![doc = #doc] #(#namespaces)*)
            }
            Some(_) => {
                let doc =
                    format!(" The types of Microsoft Graph {version_code} in the namespace {}.", spelled(families));
                quote!(#![doc = #doc])
            }
        };
        quote!(#top #(#declarations)*)
    }

    /// The kind enum of `def` (see [`derived`]), in `rust`'s family file.
    fn kind_tokens(&self, def: &TypeDef, rust: &RustName, kind: &Kind, cfg: &TokenStream) -> TokenStream {
        let via = Via::Family(rust.module.as_deref());
        let variants: Vec<Variant> = kind
            .variants
            .iter()
            .filter_map(|(name, model)| {
                let (Named::Struct(derived), model_rust) = self.named.get(model)? else { return None };
                let (name, odata_type) = (name.clone(), derived.odata_type());
                Some(Variant { name, model: self.path(model_rust, via), odata_type, cfg: self.cfg(model) })
            })
            .collect();
        derived::tokens(&rust.name, &def.odata_type(), &kind.rust, &variants, cfg)
    }

    fn struct_tokens(&self, def: &'m TypeDef, key: &str, rust: &RustName, cfg: &TokenStream) -> TokenStream {
        let name = ident(&rust.name);
        let debug_name = &rust.name;
        let odata_type = def.odata_type();
        let mut docs = vec![format!(" {}, from {}.", code(&odata_type), source(&def.source))];
        if let Some(base) = &def.base_type {
            docs.push(String::new());
            docs.push(format!(" Derived from {}; its properties are included.", code(base)));
        }
        let mut names = UniqueNames::with_reserved(&[ADDITIONAL]);
        let fields: Vec<(syn::Ident, &Property, &str, TokenStream)> = self
            .members(def)
            .into_iter()
            .map(|(p, relationship, namespace)| {
                let gate = if relationship { self.relationship_cfg(key, p, namespace) } else { quote!() };
                (ident(&names.claim(snake_ident(&p.name, "property"))), p, namespace, gate)
            })
            .collect();
        let via = Via::Family(rust.module.as_deref());
        let declarations = fields.iter().map(|(field, p, namespace, gate)| {
            let ty = self.field_type(p, namespace, via);
            let mut doc = match &p.description {
                Some(d) if !d.trim().is_empty() => format!(" {} ({}): {}", code(&p.name), code(&p.type_name), text(d)),
                _ => format!(" {} ({}).", code(&p.name), code(&p.type_name)),
            };
            if !gate.is_empty() {
                doc.push_str(" Present with the features that compile its type; without, an expanded value is kept in `additional_data`.");
            }
            let doc = literal(&doc);
            quote!(#[doc = #doc] #gate pub #field: Option<#ty>,)
        });
        let reads = fields.iter().map(|(field, p, _, gate)| {
            let json = &p.name;
            quote!(#gate (#json, &mut value.#field),)
        });
        let writes = fields.iter().map(|(field, p, _, gate)| {
            let json = &p.name;
            quote!(#gate (#json, &self.#field),)
        });
        let additional = ident(ADDITIONAL);
        let defaults = fields.iter().map(|(field, _, _, gate)| quote!(#gate #field: None,));
        let deserialize = match (fields.is_empty(), fields.iter().all(|(_, _, _, gate)| !gate.is_empty())) {
            (true, _) => quote! {
                fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                    let #additional = crate::runtime::model::read_model(deserializer, #odata_type, &mut [])?;
                    Ok(#name { #additional })
                }
            },
            (false, all_gated) => {
                // Every field may be left out by the features: then nothing borrows `value`.
                let allow = all_gated.then(|| quote!(#[allow(clippy::field_reassign_with_default)]));
                quote! {
                    #allow
                    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                        let mut value = #name::default();
                        value.#additional =
                            crate::runtime::model::read_model(deserializer, #odata_type, &mut [#(#reads)*])?;
                        Ok(value)
                    }
                }
            }
        };
        let body = braced(declarations.chain([quote! {
            /// Properties the docs do not list, and OData annotations (`@odata.type`, ...).
            pub #additional: serde_json::Map<String, serde_json::Value>,
        }]));
        quote! {
            #(#[doc = #docs])*
            #cfg
            pub struct #name #body

            // The impls under the struct's features, written once.
            #cfg
            const _: () = {
                // Not derived: see `runtime::model::debug_model` and `clone_model`.
                impl std::fmt::Debug for #name {
                    #[inline]
                    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        crate::runtime::model::debug_model(#debug_name, serde_json::to_value(self), f)
                    }
                }

                impl Clone for #name {
                    #[inline]
                    fn clone(&self) -> Self {
                        crate::runtime::model::clone_model(self)
                    }
                }

                // Not derived: `None`s are cheaper to compile than a `Default::default()` call per field.
                impl Default for #name {
                    #[inline]
                    fn default() -> Self {
                        #name { #(#defaults)* #additional: serde_json::Map::new() }
                    }
                }

                impl serde::Serialize for #name {
                    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                        crate::runtime::model::write_model(serializer, &[#(#writes)*], &self.#additional)
                    }
                }

                impl<'de> serde::Deserialize<'de> for #name {
                    #deserialize
                }
            };
        }
    }
}

fn enum_tokens(def: &EnumDef, rust: &RustName, cfg: &TokenStream) -> TokenStream {
    let name = ident(&rust.name);
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
    let variants = members.iter().map(|(variant, _, doc)| {
        let doc = literal(doc);
        quote!(#[doc = #doc] #variant,)
    });
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
