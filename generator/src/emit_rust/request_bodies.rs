//! The request bodies of one version's actions (`v1_0::requests`): one struct per action
//! name and parameter list, read from the action's Request body table (`sendMail`:
//! `message`, `saveToSentItems` → `SendMailBody`).
//!
//! Names come from the action alone, so that a page elsewhere never renames a struct:
//! `{Action}Body`; only where one action name has several parameter lists are they
//! qualified, by what the action is bound to (`MessagesForwardBody`), then by the
//! operation's key. Each
//! struct is compiled with the features of the calls taking it, like the models.

use std::collections::{BTreeMap, BTreeSet};

use heck::ToUpperCamelCase;
use proc_macro2::TokenStream;
use quote::quote;

use super::docs::{code, literal, source, text};
use super::models::{cfg_any, widen, ModelSet};
use super::names::{ident, snake_ident, snake_words, UniqueNames};
use crate::model::{ApiVersion, Body, Method, Operation, Property};

/// The module of the request bodies in a version's module.
pub const MODULE: &str = "requests";

/// Operations whose parameters share one struct: the same action name and parameter list.
struct Group<'m> {
    operations: Vec<&'m Operation>,
    /// `None`: some call taking it is always compiled.
    features: Option<BTreeSet<String>>,
    name: String,
    /// The version whose identical struct this one re-exports (beta's from v1.0).
    reexported_from: Option<ApiVersion>,
}

/// The request-body structs of one version and which operation takes which.
pub struct RequestBodies<'m> {
    version: ApiVersion,
    groups: Vec<Group<'m>>,
    /// Operation key → index in `groups`.
    by_operation: BTreeMap<&'m str, usize>,
}

/// What makes a parameter list: each parameter's JSON name, type and collection, in order.
type Signature = Vec<(String, String, bool)>;

fn signature(op: &Operation) -> Signature {
    op.request_parameters.iter().map(|p| (p.name.clone(), p.type_name.to_ascii_lowercase(), p.collection)).collect()
}

/// Whether an operation's body is its parameters: it takes a body and no documented type,
/// and it is no GET (a function's parameters go in its path or query).
pub fn takes_parameters(op: &Operation) -> bool {
    let get = op.endpoints.first().is_some_and(|e| e.method == Method::Get);
    op.body == Body::Expected && op.request_type.is_none() && !op.request_parameters.is_empty() && !get
}

/// The bodies of `calls` (each operation with the features compiling its calls; `None`:
/// always compiled), in a deterministic order whatever the order of `calls`.
pub fn build<'m>(version: ApiVersion, calls: &[(&'m Operation, Vec<Option<String>>)]) -> RequestBodies<'m> {
    let mut grouped: BTreeMap<(String, Signature), Group<'m>> = BTreeMap::new();
    for (op, features) in calls.iter().filter(|(op, _)| takes_parameters(op)) {
        let group = grouped.entry((op.name.to_ascii_lowercase(), signature(op))).or_insert_with(|| Group {
            operations: Vec::new(),
            features: Some(BTreeSet::new()),
            name: String::new(),
            reexported_from: None,
        });
        if !group.operations.iter().any(|o| o.key == op.key) {
            group.operations.push(op);
        }
        add_features(&mut group.features, features);
    }
    let mut per_action: BTreeMap<String, usize> = BTreeMap::new();
    for (action, _) in grouped.keys() {
        *per_action.entry(action.clone()).or_default() += 1;
    }
    let mut groups: Vec<Group<'m>> = grouped.into_values().collect();
    for g in &mut groups {
        g.operations.sort_by(|a, b| a.key.cmp(&b.key));
    }
    // Qualified candidates first by resource; a candidate two lists still share falls back to the key.
    let candidate = |g: &Group<'_>, by_key: bool| {
        let op = g.operations[0];
        let action = pascal(&op.name);
        match (per_action[&op.name.to_ascii_lowercase()], by_key) {
            (1, _) => format!("{action}Body"),
            (_, false) => format!("{}{action}Body", pascal(&bound_to(op))),
            (_, true) => format!("{}Body", pascal(&op.key)),
        }
    };
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for g in &groups {
        *counts.entry(candidate(g, false)).or_default() += 1;
    }
    // Every name ends in `Body`: none is a prelude name the models must avoid.
    let mut names = UniqueNames::default();
    let mut order: Vec<(String, usize)> = groups
        .iter()
        .enumerate()
        .map(|(i, g)| {
            let first = candidate(g, false);
            (if counts[&first] > 1 { candidate(g, true) } else { first }, i)
        })
        .collect();
    order.sort();
    for (name, i) in order {
        groups[i].name = names.claim_camel(name);
    }
    groups.sort_by(|a, b| a.name.cmp(&b.name));
    let by_operation =
        groups.iter().enumerate().flat_map(|(i, g)| g.operations.iter().map(move |op| (op.key.as_str(), i))).collect();
    RequestBodies { version, groups, by_operation }
}

/// Widens `union` by each of `features` (`None`: always compiled).
fn add_features(union: &mut Option<BTreeSet<String>>, features: &[Option<String>]) {
    for feature in features {
        widen(union, feature.as_ref().map(|f| BTreeSet::from([f.clone()])).as_ref());
    }
}

/// What an action is bound to: the last plain segment before its own in the first path
/// (`messages` in `/me/messages/{id}/forward`, `deviceManagement` in
/// `/deviceManagement/sendCustomNotificationToCompanyPortal`), else its resource.
fn bound_to(op: &Operation) -> String {
    let path = op.endpoints.first().map_or("", |e| e.path.as_str());
    let mut segments: Vec<&str> = path.split('/').collect();
    segments.pop();
    let plain = |s: &&str| !s.is_empty() && !s.contains(['{', '}', '$', '(', '\'', ':']);
    let bound = segments.into_iter().rev().find(plain).map(|s| s.rsplit('.').next().unwrap_or(s).to_owned());
    bound.unwrap_or_else(|| op.resource.clone())
}

fn pascal(name: &str) -> String {
    let pascal = snake_words(name).to_upper_camel_case();
    match pascal.chars().next() {
        Some(c) if c.is_ascii_alphabetic() => pascal,
        _ => format!("Action{pascal}"),
    }
}

impl<'m> RequestBodies<'m> {
    pub fn is_empty(&self) -> bool {
        self.groups.is_empty()
    }

    /// The struct `op` takes (`crate::v1_0::requests::SendMailBody`), if its body is its parameters.
    pub fn struct_path(&self, op: &Operation) -> Option<TokenStream> {
        let group = &self.groups[*self.by_operation.get(op.key.as_str())?];
        let version = ident(super::builders::version_names(self.version).0);
        let (module, name) = (ident(MODULE), ident(&group.name));
        Some(quote!(crate::#version::#module::#name))
    }

    /// Re-exports from `from` (v1.0's bodies) the structs identical there: the same name and
    /// parameters, each of the same Rust type in both versions (`models` this version's,
    /// `from_models` that one's). Whatever compiles this version's struct then compiles that one.
    pub fn share_with(&mut self, from: &mut RequestBodies<'_>, models: &ModelSet<'_>, from_models: &ModelSet<'_>) {
        for group in &mut self.groups {
            let Some(theirs) = from.groups.iter_mut().find(|g| g.name == group.name) else { continue };
            let (ours_op, their_op) = (group.operations[0], theirs.operations[0]);
            let same = signature(ours_op) == signature(their_op)
                && ours_op.request_parameters.iter().all(|p| models.same_type_as(&p.type_name, from_models));
            if same && theirs.reexported_from.is_none() {
                widen(&mut theirs.features, group.features.as_ref());
                group.reexported_from = Some(from.version);
            }
        }
    }

    /// The `#[cfg]` of the module: any feature of any struct (nothing when one is always compiled).
    pub fn module_cfg(&self) -> TokenStream {
        let mut union = Some(BTreeSet::new());
        for g in &self.groups {
            widen(&mut union, g.features.as_ref());
        }
        cfg_any(union)
    }

    /// The module's file (`requests.rs`), or `None` when no action takes parameters.
    pub fn file(&self, models: &ModelSet<'_>) -> Option<TokenStream> {
        if self.is_empty() {
            return None;
        }
        let doc = format!(
            " The request bodies of Microsoft Graph {}'s actions, from the parameter tables of their pages.",
            code(self.version.as_str())
        );
        let items = self.groups.iter().map(|g| match g.reexported_from {
            Some(from) => {
                let (version, module, name) =
                    (ident(super::builders::version_names(from).0), ident(MODULE), ident(&g.name));
                let cfg = cfg_any(g.features.clone());
                quote!(#cfg pub use crate::#version::#module::#name;)
            }
            None => struct_tokens(g, models),
        });
        Some(quote!(#![doc = #doc] #(#items)*))
    }
}

fn struct_tokens(group: &Group<'_>, models: &ModelSet<'_>) -> TokenStream {
    let op = group.operations[0];
    let name = ident(&group.name);
    let cfg = cfg_any(group.features.clone());
    let at = op.request_parameters.first().map(|p| source(&p.source)).unwrap_or_default();
    let mut docs = vec![format!(" The parameters of {} ({}), from {at}.", code(&op.name), code(&op.key))];
    if group.operations.len() > 1 {
        let others: Vec<String> = group.operations[1..].iter().map(|o| code(&o.key)).collect();
        docs.extend([String::new(), format!(" Also the body of {}.", others.join(", "))]);
    }
    let mut names = UniqueNames::default();
    let fields: Vec<(syn::Ident, &Property)> =
        op.request_parameters.iter().map(|p| (ident(&names.claim(snake_ident(&p.name, "parameter"))), p)).collect();
    let via = {
        let module = ident(super::models::MODULE);
        quote!(super::#module)
    };
    let declarations = fields.iter().map(|(field, p)| {
        let ty = models.field_type_via(p, &via);
        let written = match p.collection {
            true => format!("Collection({})", p.type_name),
            false => p.type_name.clone(),
        };
        let doc = match &p.description {
            Some(d) if !d.trim().is_empty() => format!(" {} ({}): {}", code(&p.name), code(&written), text(d)),
            _ => format!(" {} ({}).", code(&p.name), code(&written)),
        };
        let doc = literal(&doc);
        quote!(#[doc = #doc] pub #field: Option<#ty>,)
    });
    let writes = fields.iter().map(|(field, p)| {
        let json = &p.name;
        quote!((#json, &self.#field),)
    });
    quote! {
        #(#[doc = #docs])*
        #cfg
        #[derive(Debug, Clone, Default)]
        pub struct #name {
            #(#declarations)*
        }

        // The impl under the struct's features, written once (as the models' impls).
        #cfg
        const _: () = {
            impl serde::Serialize for #name {
                fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                    crate::runtime::model::write_model(serializer, &[#(#writes)*], &serde_json::Map::new())
                }
            }
        };
    }
}

#[cfg(test)]
mod tests;
