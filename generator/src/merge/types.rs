//! Types from every resource page of the run: one per (version, `@odata.type`).
//!
//! Several pages can describe one type: the canonical page (`user.md`) and partial views
//! (`intune-devices-user.md` lists the properties Intune uses). They are folded into one
//! type: the canonical page first, English before translations, then by locale and file;
//! each property is taken from the first page that lists it, the base type and key from the
//! first page that names them. The order files were found in never shows.

use super::at;
use crate::diagnostics::{Code, Diagnostic, SourceMap};
use crate::model::{ApiVersion, EnumDef, Model, TypeDef, TypeLink};
use std::collections::{BTreeMap, BTreeSet};

/// The preferred page first: English, the page named after the type, then locale and file.
fn precedence(t: &TypeDef) -> (bool, bool, String, String) {
    (!t.locale.starts_with("en"), stem(t) != t.name.to_ascii_lowercase(), t.locale.clone(), t.source.file.to_string())
}

/// Which type each resource page describes: (version, lower-case page stem) → qualified name.
/// Partial pages folded into a type still lead to it.
pub type PageIndex = BTreeMap<(Option<ApiVersion>, String), String>;

fn stem(t: &TypeDef) -> String {
    t.source.file.rsplit('/').next().unwrap_or("").trim_end_matches(".md").to_ascii_lowercase()
}

/// One type per (version, qualified name), sorted by version then name; and the page index.
pub fn merge(mut types: Vec<TypeDef>, mut enums: Vec<EnumDef>) -> (Vec<TypeDef>, Vec<EnumDef>, PageIndex) {
    let mut pages = PageIndex::new();
    for t in &types {
        pages.insert((t.version, stem(t)), t.odata_type());
    }
    types.sort_by_cached_key(|t| (t.version, t.odata_type(), precedence(t)));
    let mut merged: Vec<TypeDef> = Vec::with_capacity(types.len());
    for t in types {
        match merged.last_mut() {
            Some(kept) if kept.version == t.version && kept.odata_type() == t.odata_type() => fold(kept, t),
            _ => merged.push(t),
        }
    }
    enums.sort_by_cached_key(|e| {
        let english = !e.locale.starts_with("en");
        (e.version, e.namespace.clone(), e.name.clone(), english, e.locale.clone(), e.source.file.to_string())
    });
    enums.dedup_by(|later, kept| {
        later.version == kept.version && later.namespace == kept.namespace && later.name == kept.name
    });
    for t in &merged {
        pages.entry((t.version, t.name.to_ascii_lowercase())).or_insert_with(|| t.odata_type());
    }
    (merged, enums, pages)
}

/// Resolves every operation's response and request types, and its parameters' linked
/// types, against the model's types:
/// a link to a resource page becomes that page's type; a type named by an annotation must
/// be one of the types. What does not resolve is dropped with a note, never guessed. A run
/// without resource pages checks nothing and keeps what annotations name.
pub fn link(model: &mut Model, by_page: &PageIndex, sources: &SourceMap) -> Vec<Diagnostic> {
    let known: BTreeSet<(Option<ApiVersion>, String)> =
        model.types.iter().map(|t| (t.version, t.odata_type())).collect();
    let checking = !model.types.is_empty();
    let mut diagnostics = Vec::new();
    // A parameter may link an enum's page (`clonableteamparts.md`): its enum, when the page has one.
    let mut enum_pages: BTreeMap<(Option<ApiVersion>, String), Vec<String>> = BTreeMap::new();
    for e in &model.enums {
        let stem = e.source.file.rsplit('/').next().unwrap_or("").trim_end_matches(".md").to_ascii_lowercase();
        enum_pages.entry((e.version, stem)).or_default().push(format!("{}.{}", e.namespace, e.name));
    }
    let enum_page = |key: &(Option<ApiVersion>, String)| match enum_pages.get(key).map(Vec::as_slice) {
        Some([only]) => Some(only.clone()),
        _ => None,
    };
    // A base type stated in prose is a link to its page.
    for t in &mut model.types {
        let Some(stem) = t.base_type.as_deref().and_then(|b| b.strip_prefix(TypeLink::RESOURCE_PAGE)) else { continue };
        let resolved = by_page.get(&(t.version, stem.to_owned())).cloned();
        if resolved.is_none() {
            let message = format!(
                "the base type's page `{stem}.md` is not a resource page of this run; no base type is recorded"
            );
            diagnostics.push(at(sources, Code::TypeLinkUnresolved, &t.source, None, message));
        }
        t.base_type = resolved;
    }
    for op in &mut model.operations {
        let version = Some(op.version);
        let untyped = &mut op.response_collection_untyped;
        for (slot, is_response) in [(&mut op.response_type, true), (&mut op.request_type, false)] {
            let Some(link) = slot.take() else { continue };
            let resolved = match link.type_name.strip_prefix(TypeLink::RESOURCE_PAGE) {
                Some(stem) => by_page.get(&(version, stem.to_owned())).cloned(),
                None if !checking || known.contains(&(version, link.type_name.clone())) => Some(link.type_name.clone()),
                None => None,
            };
            match resolved {
                Some(type_name) => *slot = Some(TypeLink { type_name, ..link }),
                None if checking => {
                    if is_response {
                        *untyped = link.collection;
                    }
                    let message = format!(
                        "`{}` is not a type of the {} resource pages; no type is recorded",
                        link.type_name, op.version
                    );
                    diagnostics.push(at(sources, Code::TypeLinkUnresolved, &link.source, None, message));
                }
                None => {}
            }
        }
        // A parameter's linked type: its page's type. Unresolved, the link stays as written
        // (the client then takes any JSON for it), never a type guessed from the link text.
        for p in &mut op.request_parameters {
            let Some(stem) = p.type_name.strip_prefix(TypeLink::RESOURCE_PAGE) else { continue };
            let page = (version, stem.to_owned());
            match by_page.get(&page).cloned().or_else(|| enum_page(&page)) {
                Some(type_name) => p.type_name = type_name,
                None if checking => {
                    let message = format!(
                        "parameter `{}`: `{stem}.md` is not a {} resource or enum page of this run; no type is recorded",
                        p.name, op.version
                    );
                    diagnostics.push(at(sources, Code::TypeLinkUnresolved, &p.source, None, message));
                }
                None => {}
            }
        }
    }
    diagnostics
}

/// Adds what `other` says and `kept` does not.
fn fold(kept: &mut TypeDef, other: TypeDef) {
    kept.base_type = kept.base_type.take().or(other.base_type);
    kept.key = kept.key.take().or(other.key);
    kept.open_type |= other.open_type;
    for (mine, theirs) in [(&mut kept.properties, other.properties), (&mut kept.relationships, other.relationships)] {
        for p in theirs {
            if !mine.iter().any(|m| m.name == p.name) {
                mine.push(p);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ApiVersion, Property, Source};

    fn user(locale: &str, file: &str, props: &[&str], base: Option<&str>) -> TypeDef {
        let source = Source { file: file.into(), line: 1 };
        TypeDef {
            name: "user".into(),
            namespace: "microsoft.graph".into(),
            version: Some(ApiVersion::V1),
            base_type: base.map(str::to_owned),
            key: None,
            open_type: false,
            properties: props
                .iter()
                .map(|p| Property {
                    name: (*p).into(),
                    type_name: "String".into(),
                    collection: false,
                    description: Some(file.into()),
                    source: source.clone(),
                })
                .collect(),
            relationships: Vec::new(),
            methods: Vec::new(),
            source,
            locale: locale.into(),
        }
    }

    #[test]
    fn pages_of_one_type_fold_into_one_whatever_the_order() {
        let a = vec![
            user("en-us", "v1.0/resources/intune-devices-user.md", &["id", "managedDevices"], None),
            user("zh-cn", "zh/v1.0/resources/user.md", &["id", "aboutMe", "translatedOnly"], None),
            user("en-us", "v1.0/resources/user.md", &["id", "aboutMe"], Some("microsoft.graph.directoryObject")),
        ];
        let mut b = a.clone();
        b.reverse();
        let (from_a, _, index) = merge(a, Vec::new());
        assert_eq!(from_a, merge(b, Vec::new()).0);
        // The partial page still leads to the type.
        let intune = (Some(ApiVersion::V1), "intune-devices-user".to_owned());
        assert_eq!(index.get(&intune).map(String::as_str), Some("microsoft.graph.user"));
        let [user] = &from_a[..] else { panic!("{from_a:#?}") };
        assert_eq!(user.source.file.as_ref(), "v1.0/resources/user.md", "the canonical English page leads");
        assert_eq!(user.base_type.as_deref(), Some("microsoft.graph.directoryObject"));
        let names: Vec<&str> = user.properties.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["id", "aboutMe", "managedDevices", "translatedOnly"]);
        assert_eq!(user.properties[0].description.as_deref(), Some("v1.0/resources/user.md"));
    }
}
