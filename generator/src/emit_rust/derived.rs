//! Polymorphic values: a model whose resource pages list derived types (through their
//! `baseType`) gets `{Model}Kind`, an enum of those types, a downcast (`into_kind`, by the
//! value's `@odata.type`) and an upcast (`From<{Model}Kind>`). Fields and responses keep the
//! base type, so common properties need no match; the shared logic is in the runtime's
//! `model` module (`derived_type`, `recast`, `upcast`), the generated code only lists the
//! types.

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::code;
use super::names::{ident, UniqueNames};

/// The types derived from each base, transitively (a derived type of a derived type too):
/// `bases` maps each struct's key to its base's key, for bases the docs define. A cycle of
/// `baseType`s ends where it comes back; a type is never its own derived type.
pub(super) fn derived(bases: &BTreeMap<String, String>) -> BTreeMap<String, BTreeSet<String>> {
    let mut direct: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (model, base) in bases {
        if model != base {
            direct.entry(base).or_default().push(model);
        }
    }
    let mut all = BTreeMap::new();
    for base in direct.keys() {
        let mut found = BTreeSet::new();
        let mut pending = vec![*base];
        while let Some(next) = pending.pop() {
            for model in direct.get(next).into_iter().flatten() {
                if model != base && found.insert((*model).to_owned()) {
                    pending.push(model);
                }
            }
        }
        all.insert((*base).to_owned(), found);
    }
    all
}

/// The kind enum of one base model.
pub(super) struct Kind {
    /// The enum's name (`DirectoryObjectKind`).
    pub rust: String,
    /// The derived models by variant name (sorted): their keys.
    pub variants: Vec<(String, String)>,
}

/// The kind enums: `derived` by base key, `variants` each model's variant name by key
/// (`RustName::variant`), `kind_name` the enum's name for a base key (claimed after every model,
/// so that a model's name never depends on them).
pub(super) fn kinds(
    derived: &BTreeMap<String, BTreeSet<String>>,
    variants: &BTreeMap<String, String>,
    mut kind_name: impl FnMut(&str) -> Option<String>,
) -> BTreeMap<String, Kind> {
    let mut kinds = BTreeMap::new();
    for (base, models) in derived {
        let mut by_name: Vec<(&str, &str)> =
            models.iter().filter_map(|m| Some((variants.get(m)?.as_str(), m.as_str()))).collect();
        if by_name.is_empty() || !variants.contains_key(base) {
            continue;
        }
        let Some(rust) = kind_name(base) else { continue };
        by_name.sort();
        let mut names = UniqueNames::with_reserved(&["Base"]);
        let variants =
            by_name.into_iter().map(|(name, key)| (names.claim_camel(name.to_owned()), key.to_owned())).collect();
        kinds.insert(base.clone(), Kind { rust, variants });
    }
    kinds
}

/// One variant as emitted: its name, the derived model's path from the base's family file
/// (`super::Group`, `super::super::termstore::Group`), its `@odata.type` as the page declares
/// it, and the derived model's `#[cfg]`.
#[derive(Clone)]
pub(super) struct Variant {
    pub name: String,
    pub model: TokenStream,
    pub odata_type: String,
    pub cfg: TokenStream,
}

/// The enum, `into_kind` and the conversions, for `base` (its Rust name and `@odata.type`)
/// compiled under `cfg`.
pub(super) fn tokens(base: &str, base_type: &str, kind: &str, variants: &[Variant], cfg: &TokenStream) -> TokenStream {
    let (base, kind) = (ident(base), ident(kind));
    let enum_doc = format!(
        " What kind of [`{base}`] a value is, by its `@odata.type`: one of the types the docs derive from {}, or \
         the base type itself. [`{base}::into_kind`] decodes a value into its variant; `{base}::from` turns one back \
         (to send a derived model where the API takes the base: `{base}::from({kind}::Variant(Box::new(model)))`).",
        code(base_type)
    );
    // A variant compiled whenever its enum is needs no `#[cfg]` of its own.
    let variants: Vec<Variant> = variants
        .iter()
        .map(|v| {
            let same = v.cfg.to_string() == cfg.to_string() || v.cfg.is_empty();
            Variant { cfg: if same { TokenStream::new() } else { v.cfg.clone() }, ..v.clone() }
        })
        .collect();
    let declared = variants.iter().map(|v| {
        let (name, model, cfg) = (ident(&v.name), &v.model, &v.cfg);
        let doc = format!(" A value whose `@odata.type` is {}.", code(&format!("#{}", v.odata_type)));
        quote!(#[doc = #doc] #cfg #name(Box<#model>),)
    });
    let downcasts = variants.iter().map(|v| {
        let (name, cfg) = (ident(&v.name), &v.cfg);
        let matched = v.odata_type.to_ascii_lowercase();
        quote!(#cfg Some(#matched) => crate::runtime::model::recast(&self).map(#kind::#name),)
    });
    let upcasts = variants.iter().map(|v| {
        let (name, cfg) = (ident(&v.name), &v.cfg);
        let odata_type = format!("#{}", v.odata_type);
        quote!(#cfg #kind::#name(model) => crate::runtime::model::upcast(&*model, #odata_type),)
    });
    quote! {
        #[doc = #enum_doc]
        #cfg
        // Neither `Clone` nor `From<{derived model}>` (one impl per variant): measured on the
        // en-2021 client, they cost its build about 50 MB, and the variants' models are `Clone`.
        #[derive(Debug)]
        #[non_exhaustive]
        pub enum #kind {
            #(#declared)*
            /// The base type itself: no `@odata.type`, the base's own, or one that names no derived
            /// type the docs list (or whose model the enabled features leave out).
            Base(Box<super::#base>),
        }

        // `#[inline]`: machine code only in a program that calls them.
        #cfg
        const _: () = {
            impl #base {
                /// The derived type this value's `@odata.type` names (`#microsoft.graph.user`,
                /// also without `#` or as `#graph.user`), decoded again as that type: nothing
                /// is lost, what it does not list stays in its `additional_data`.
                #[inline]
                // Without the features of any derived model, only the fallback arm is left.
                #[allow(clippy::match_single_binding)]
                pub fn into_kind(self) -> #kind {
                    let kind = match crate::runtime::model::derived_type(&self.additional_data).as_deref() {
                        #(#downcasts)*
                        _ => None,
                    };
                    kind.unwrap_or_else(|| #kind::Base(Box::new(self)))
                }
            }

            /// Decodes a derived value again as the base type, to send it where the API takes the
            /// base; its `@odata.type` is set to the derived type's when absent.
            impl From<#kind> for #base {
                #[inline]
                #[allow(clippy::match_single_binding)]
                fn from(kind: #kind) -> Self {
                    match kind {
                        #(#upcasts)*
                        #kind::Base(base) => *base,
                    }
                }
            }
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bases(links: &[(&str, &str)]) -> BTreeMap<String, String> {
        links.iter().map(|(model, base)| ((*model).to_owned(), (*base).to_owned())).collect()
    }

    fn names(set: &BTreeSet<String>) -> Vec<&str> {
        set.iter().map(String::as_str).collect()
    }

    /// `user` derives from `directoryObject`, which derives from `entity`: both bases list it;
    /// a derived type of a derived type is listed under every base above it.
    #[test]
    fn derived_sets_are_transitive() {
        let derived = derived(&bases(&[
            ("user", "directoryobject"),
            ("group", "directoryobject"),
            ("directoryobject", "entity"),
            ("admin", "user"),
        ]));
        assert_eq!(names(&derived["entity"]), ["admin", "directoryobject", "group", "user"]);
        assert_eq!(names(&derived["directoryobject"]), ["admin", "group", "user"]);
        assert_eq!(names(&derived["user"]), ["admin"]);
        assert!(!derived.contains_key("group"), "no derived type, no entry");
    }

    /// A cycle of base types (a page error) ends where it comes back, and no type is its own
    /// derived type.
    #[test]
    fn derived_sets_are_cycle_safe() {
        let derived = derived(&bases(&[("a", "b"), ("b", "c"), ("c", "a"), ("self", "self")]));
        assert_eq!(names(&derived["a"]), ["b", "c"]);
        assert_eq!(names(&derived["c"]), ["a", "b"]);
        assert!(!derived.contains_key("self"));
    }

    /// Variants are sorted by name, `Base` stays the fallback's, and the enum's name is
    /// claimed after the models (a model already named `UserKind` keeps its name).
    #[test]
    fn kinds_are_named_after_the_models() {
        let derived = derived(&bases(&[("user", "directoryobject"), ("base", "directoryobject"), ("admin", "user")]));
        let rust: BTreeMap<String, String> =
            [("user", "User"), ("base", "Base"), ("admin", "Admin"), ("directoryobject", "DirectoryObject")]
                .into_iter()
                .map(|(k, r)| (k.to_owned(), r.to_owned()))
                .collect();
        let mut names = UniqueNames::with_reserved(&["UserKind"]);
        let kinds = kinds(&derived, &rust, |base| Some(names.claim_camel(format!("{}Kind", rust[base]))));
        let directory = &kinds["directoryobject"];
        assert_eq!(directory.rust, "DirectoryObjectKind");
        let variants: Vec<(&str, &str)> = directory.variants.iter().map(|(v, k)| (v.as_str(), k.as_str())).collect();
        assert_eq!(variants, [("Admin", "admin"), ("Base2", "base"), ("User", "user")]);
        assert_eq!(kinds["user"].rust, "UserKind2");
    }
}
