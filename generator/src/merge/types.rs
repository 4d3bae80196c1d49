//! Types from every resource page of the run: one per (version, `@odata.type`).
//!
//! Several pages can describe one type: the canonical page (`user.md`) and partial views
//! (`intune-devices-user.md` lists the properties Intune uses). They are folded into one
//! type: the canonical page first, English before translations, then by locale and file;
//! each property is taken from the first page that lists it, the base type and key from the
//! first page that names them. The order files were found in never shows.

use super::at;
use crate::diagnostics::{Code, Diagnostic, SourceMap};
use crate::doc::json_scan;
use crate::model::{ApiVersion, EnumDef, Example, ExampleKind, Model, TypeDef, TypeLink};
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};

/// The preferred page first: English, the page named after the type, then locale and file.
fn precedence(t: &TypeDef) -> (bool, bool, String, String) {
    (!t.locale.starts_with("en"), stem(t) != t.name.to_ascii_lowercase(), t.locale.clone(), t.source.file.to_string())
}

/// Which type each resource page describes: (version, lower-case page stem) → qualified name.
/// Partial pages folded into a type still lead to it.
pub type PageIndex = BTreeMap<(Option<ApiVersion>, String), String>;

fn stem(t: &TypeDef) -> String {
    page_stem(&t.source.file)
}

/// A page file's lower-case stem (`api/User-Get.md` → `user-get`).
fn page_stem(file: &str) -> String {
    file.rsplit('/').next().unwrap_or("").trim_end_matches(".md").to_ascii_lowercase()
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
    let linked = link_types(&mut model.types, &model.enums, by_page, sources);
    link_operations(model, linked, by_page, sources)
}

/// The types' half of [`link`], which reads the types and enums only: it can run while the
/// operations are still being merged.
pub struct TypesLinked {
    known: BTreeSet<(Option<ApiVersion>, String)>,
    enum_pages: BTreeMap<(Option<ApiVersion>, String), Vec<String>>,
    stated: BTreeMap<(Option<ApiVersion>, String), BTreeSet<String>>,
    /// What linking the types found, reported before the operations' findings.
    diagnostics: Vec<Diagnostic>,
}

/// Links the types' base types and members (see [`link`]), and gathers what linking the
/// operations reads of them.
pub fn link_types(types: &mut [TypeDef], enums: &[EnumDef], by_page: &PageIndex, sources: &SourceMap) -> TypesLinked {
    let known: BTreeSet<(Option<ApiVersion>, String)> = types.iter().map(|t| (t.version, t.odata_type())).collect();
    let mut diagnostics = Vec::new();
    // A parameter may link an enum's page (`clonableteamparts.md`): its enum, when the page has one.
    let mut enum_pages: BTreeMap<(Option<ApiVersion>, String), Vec<String>> = BTreeMap::new();
    for e in enums {
        let stem = e.source.file.rsplit('/').next().unwrap_or("").trim_end_matches(".md").to_ascii_lowercase();
        enum_pages.entry((e.version, stem)).or_default().push(format!("{}.{}", e.namespace, e.name));
    }
    // A base type stated in prose is a link to its page.
    for t in types.iter_mut() {
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
    member_links(types, enums, by_page, sources, &mut diagnostics);
    let stated = methods_statements(types);
    TypesLinked { known, enum_pages, stated, diagnostics }
}

/// The operations' half of [`link`], after [`link_types`] on the model's types.
pub fn link_operations(
    model: &mut Model,
    linked: TypesLinked,
    by_page: &PageIndex,
    sources: &SourceMap,
) -> Vec<Diagnostic> {
    let TypesLinked { known, enum_pages, stated, mut diagnostics } = linked;
    let checking = !model.types.is_empty();
    let enum_page = |key: &(Option<ApiVersion>, String)| match enum_pages.get(key).map(Vec::as_slice) {
        Some([only]) => Some(only.clone()),
        _ => None,
    };
    let by_name: BTreeMap<(Option<ApiVersion>, String), &TypeDef> =
        model.types.iter().map(|t| ((t.version, t.odata_type()), t)).collect();
    // Each operation is linked by itself: in parallel, its findings kept in the operations' order.
    let per_op: Vec<Vec<Diagnostic>> = model.operations.par_iter_mut().map(|op| {
        let mut diagnostics = Vec::new();
        let version = Some(op.version);
        if let Some(link) = &mut op.response_type {
            let stem = op.pages.iter().find(|p| p.authoritative).map(|p| page_stem(&p.file));
            let stated = stem.and_then(|stem| stated.get(&(version, stem)));
            let page = OnPage { version, examples: &op.examples, stated };
            settle_prose(link, &page, by_page, &by_name, sources, &mut diagnostics);
        }
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
        diagnostics
    }).collect();
    diagnostics.extend(per_op.into_iter().flatten());
    diagnostics
}

/// Settles each property, relationship and Methods row whose type cell links a page not named
/// after its text (`[photo](profilephoto.md)`), once the pages' types are known:
/// - a text naming no type of the run but the page's type short of a prefix or a plural
///   (`[Range](range.md)`, `[namedLocations](namedlocation.md)`) means the page's type;
/// - where the text names a kind of the page's type or the reverse, the base of the two holds
///   either (a kind shown is one of what comes back);
/// - a text naming a type unrelated to the page's (`photo`, `profilePhoto`) says two things:
///   the page's JSON representation decides when the type it shows for the member is a kind
///   of one of them only, else the row says neither, and its type is left out (the link as
///   written, which no model resolves), with G0606.
///
/// A primitive or an enum in the text stands, and so does any text where the page is no type
/// of the run.
fn member_links(
    types: &mut [TypeDef],
    enums: &[EnumDef],
    by_page: &PageIndex,
    sources: &SourceMap,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let mut named: BTreeMap<(Option<ApiVersion>, String), String> = BTreeMap::new();
    let mut bases: BTreeMap<(Option<ApiVersion>, String), String> = BTreeMap::new();
    for t in types.iter() {
        named.insert((t.version, t.odata_type().to_ascii_lowercase()), t.odata_type());
        if let Some(base) = &t.base_type {
            bases.insert((t.version, t.odata_type().to_ascii_lowercase()), base.to_ascii_lowercase());
        }
    }
    // Whether `derived` is `base` or has it among its bases (qualified names; a cycle ends the walk).
    let kind_of = |version: Option<ApiVersion>, derived: &str, base: &str| {
        let mut at = derived.to_ascii_lowercase();
        for _ in 0..32 {
            if at.eq_ignore_ascii_case(base) {
                return true;
            }
            match bases.get(&(version, at)) {
                Some(next) => at = next.clone(),
                None => return false,
            }
        }
        false
    };
    let enums: BTreeSet<(Option<ApiVersion>, String)> =
        enums.iter().map(|e| (e.version, format!("{}.{}", e.namespace, e.name).to_ascii_lowercase())).collect();
    // Each type's members are settled by themselves: in parallel, in the types' order.
    let per_type: Vec<Vec<Diagnostic>> = types.par_iter_mut().map(|t| {
        let mut diagnostics = Vec::new();
        let (version, namespace) = (t.version, t.namespace.clone());
        for p in t.properties.iter_mut().chain(&mut t.relationships).chain(&mut t.methods) {
            let Some(link) = p.link.take() else { continue };
            let stem = link.page.strip_prefix(TypeLink::RESOURCE_PAGE).unwrap_or(&link.page);
            let Some(target) = by_page.get(&(version, stem.to_owned())) else { continue };
            let resolve = |written: &str| {
                let candidates = TypeDef::qualified_candidates(written, &namespace);
                candidates.iter().find_map(|c| named.get(&(version, c.to_ascii_lowercase()))).cloned()
            };
            let written = TypeDef::qualified_candidates(&p.type_name, &namespace);
            if crate::model::Edm::parse(&p.type_name).is_some()
                || written.iter().any(|c| enums.contains(&(version, c.to_ascii_lowercase())))
            {
                continue;
            }
            let Some(text) = resolve(&p.type_name) else {
                if spells(target, &p.type_name) {
                    p.type_name = target.clone();
                }
                continue;
            };
            if kind_of(version, target, &text) {
                continue;
            }
            if kind_of(version, &text, target) {
                p.type_name = target.clone();
                continue;
            }
            let shown = link.representation.as_deref().and_then(resolve);
            let shows = |of: &str| shown.as_deref().is_some_and(|shown| kind_of(version, shown, of));
            match (shows(&text), shows(target)) {
                (true, false) => {}
                (false, true) => p.type_name = target.clone(),
                _ => {
                    let message = format!(
                        "`{}`'s type cell names `{text}` and links `{stem}.md`, the page of `{target}`: the row says neither; its type is left out",
                        p.name
                    );
                    diagnostics.push(at(sources, Code::TypeLinkTextDisagrees, &p.source, None, message));
                    p.type_name = link.page.clone();
                }
            }
        }
        diagnostics
    }).collect();
    diagnostics.extend(per_type.into_iter().flatten());
}

/// Whether `text` spells the type `qualified` short of a prefix or a plural (`Range` for
/// `microsoft.graph.workbookRange`, `namedLocations` for `microsoft.graph.namedLocation`).
fn spells(qualified: &str, text: &str) -> bool {
    let name = qualified.rsplit('.').next().unwrap_or(qualified).to_ascii_lowercase();
    let text = text.to_ascii_lowercase();
    let text = text.strip_suffix('s').filter(|t| name.ends_with(t)).unwrap_or(&text);
    !text.is_empty() && name.ends_with(text)
}

/// What an operation's page shows of its response besides the annotation and the prose: its
/// examples, and the types other types' Methods tables say it returns.
struct OnPage<'p> {
    version: Option<ApiVersion>,
    examples: &'p [Example],
    /// The types (qualified) that the Methods tables linking the page name, where a row names
    /// another type than its page's own (a row naming its own type is often a copy).
    stated: Option<&'p BTreeSet<String>>,
}

/// Per version and operation page stem, the types the Methods tables of other types' pages say
/// the operation returns (see [`OnPage::stated`]).
fn methods_statements(types: &[TypeDef]) -> BTreeMap<(Option<ApiVersion>, String), BTreeSet<String>> {
    let named: BTreeMap<(Option<ApiVersion>, String), String> =
        types.iter().map(|t| ((t.version, t.odata_type().to_ascii_lowercase()), t.odata_type())).collect();
    let mut stated: BTreeMap<(Option<ApiVersion>, String), BTreeSet<String>> = BTreeMap::new();
    for t in types {
        for m in &t.methods {
            let candidates = TypeDef::qualified_candidates(&m.type_name, &t.namespace);
            let Some(named) = candidates.iter().find_map(|c| named.get(&(t.version, c.to_ascii_lowercase()))) else {
                continue;
            };
            if !named.eq_ignore_ascii_case(&t.odata_type()) {
                stated.entry((t.version, m.name.clone())).or_default().insert(named.clone());
            }
        }
    }
    stated
}

/// Where a response's annotation and its Response prose name different types: the prose's
/// type stands when it is a type of the run and the example response's keys fit it better
/// than the annotation's (more of them are its properties or relationships, its base types'
/// included) and most of them fit it, or, where the keys do not tell, when the example
/// object's own `@odata.type` is a kind of the prose's type and not of the annotation's, or,
/// the object not being a kind of the annotation's, when the Methods tables of other types'
/// pages linking the operation name the prose's type and no other; otherwise the annotation
/// does. Either way the merge warns (G0605), naming both.
fn settle_prose(
    link: &mut TypeLink,
    page: &OnPage<'_>,
    by_page: &PageIndex,
    by_name: &BTreeMap<(Option<ApiVersion>, String), &TypeDef>,
    sources: &SourceMap,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let (examples, version) = (page.examples, page.version);
    let Some(prose) = link.prose.take() else { return };
    let Some(stem) = prose.type_name.strip_prefix(TypeLink::RESOURCE_PAGE) else { return };
    // A link to a page that is no type of the run says nothing about the response.
    let Some(prose_type) = by_page.get(&(version, stem.to_owned())) else { return };
    if prose_type.eq_ignore_ascii_case(&link.type_name) {
        return;
    }
    let keys = example_keys(examples);
    let fit = |type_name: &str| keys.iter().filter(|k| has_member(by_name, version, type_name, k)).count();
    let (for_prose, for_annotation) = (fit(prose_type), fit(&link.type_name));
    let written = example_odata_type(examples);
    // The keys must be mostly the prose type's: a few shared ones (`id`) show nothing.
    let n = keys.len();
    // Why the prose's type stands, where it does.
    let prose_stands = if for_prose > for_annotation && 2 * for_prose > n {
        Some(format!("the example response's keys fit `{prose_type}` ({for_prose} of {n} against {for_annotation}), which stands"))
    } else if let Some(written) = written.as_deref().filter(|written| {
        // Where the keys do not tell, the object's own `@odata.type` does: what it is must be
        // the response's type or derived from it, and it is the prose's kind only.
        let kind_of = |base: &str| is_kind_of(by_name, version, written, base);
        for_prose >= for_annotation && kind_of(prose_type) && !kind_of(&link.type_name)
    }) {
        Some(format!(
            "the example response's keys do not tell ({for_prose} of {n} against {for_annotation}), and its `@odata.type` (`{written}`) is a `{prose_type}`, not a `{}`: the prose's type stands",
            link.type_name
        ))
    } else if for_prose >= for_annotation
        && !written.as_deref().is_some_and(|w| is_kind_of(by_name, version, w, &link.type_name))
        && page
            .stated
            .is_some_and(|stated| stated.len() == 1 && stated.iter().all(|t| t.eq_ignore_ascii_case(prose_type)))
    {
        Some(format!(
            "the example response's keys do not tell ({for_prose} of {n} against {for_annotation}), and the Methods table of another type's page says `{prose_type}`: the prose's type stands"
        ))
    } else {
        None
    };
    let names = format!("the example annotation names `{}`, the Response prose `{prose_type}`", link.type_name);
    let message = match prose_stands {
        Some(why) => {
            link.type_name = prose_type.clone();
            format!("{names}: {why}")
        }
        None => format!(
            "{names}: the example response's keys do not fit `{prose_type}` better, or not mostly ({for_prose} of {n} against {for_annotation}); the annotation stands"
        ),
    };
    diagnostics.push(at(sources, Code::ResponseTypeDisagreement, &prose.source, None, message));
}

/// The keys of the first JSON example response's object, or of the first item of its `value`
/// array; annotations (`@odata.context`, `name@odata.type`) left out.
fn example_keys(examples: &[Example]) -> Vec<String> {
    let Some(body) =
        examples.iter().find(|e| e.kind == ExampleKind::Response && e.json).and_then(|e| e.body.as_deref())
    else {
        return Vec::new();
    };
    let Some(object) = json_scan::top_level(body) else { return Vec::new() };
    let item = object
        .entries
        .iter()
        .find(|(key, _)| *key == "value")
        .and_then(|(_, rest)| rest.trim_start().strip_prefix('['))
        .and_then(json_scan::top_level);
    let object = item.unwrap_or(object);
    object.entries.iter().map(|(key, _)| *key).filter(|k| !k.contains('@')).map(str::to_owned).collect()
}

/// The `@odata.type` the first JSON example response writes in its object, or in the first
/// item of its `value` array (`#microsoft.graph.user` → `microsoft.graph.user`).
fn example_odata_type(examples: &[Example]) -> Option<String> {
    let body = examples.iter().find(|e| e.kind == ExampleKind::Response && e.json)?.body.as_deref()?;
    let object = json_scan::top_level(body)?;
    let items = object.entries.iter().find(|(key, _)| *key == "value").map(|(_, rest)| *rest);
    let value = match items.filter(|rest| rest.trim_start().starts_with('[')) {
        Some(items) => json_scan::odata_type(items)?,
        None => json_scan::odata_type(body)?,
    };
    crate::doc::type_ref::is_identifier(value).then(|| value.to_owned())
}

/// Whether the type named `derived` (qualified, any case) is `base` or derives from it, by
/// the base types the pages state.
fn is_kind_of(
    by_name: &BTreeMap<(Option<ApiVersion>, String), &TypeDef>,
    version: Option<ApiVersion>,
    derived: &str,
    base: &str,
) -> bool {
    let find = |name: &str| by_name.iter().find(|((v, n), _)| *v == version && n.eq_ignore_ascii_case(name));
    let mut next = find(derived).map(|(_, t)| *t);
    // A cycle of base types (a page's error) ends the walk.
    for _ in 0..16 {
        let Some(t) = next else { return false };
        if t.odata_type().eq_ignore_ascii_case(base) {
            return true;
        }
        next = t.base_type.as_deref().and_then(find).map(|(_, t)| *t);
    }
    false
}

/// Whether `key` is a property or relationship of the type or of one of its base types.
fn has_member(
    by_name: &BTreeMap<(Option<ApiVersion>, String), &TypeDef>,
    version: Option<ApiVersion>,
    type_name: &str,
    key: &str,
) -> bool {
    let mut next = Some(type_name.to_owned());
    // A cycle of base types (a page's error) ends the walk.
    for _ in 0..16 {
        let Some(t) = next.and_then(|n| by_name.get(&(version, n))) else { return false };
        if t.properties.iter().chain(&t.relationships).any(|p| p.name == key) {
            return true;
        }
        next = t.base_type.clone();
    }
    false
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
                    link: None,
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

    /// The prose's type stands only where it is a type of the run and most of the example's
    /// keys are its members (its base types' included), more than the annotation's.
    #[test]
    fn the_example_keys_settle_an_annotation_the_prose_contradicts() {
        let typed = |name: &str, props: &[&str], base: Option<&str>| TypeDef {
            properties: user("en-us", "r.md", props, None).properties,
            base_type: base.map(str::to_owned),
            ..TypeDef::sample(name)
        };
        let types = [
            typed("entity", &["id"], None),
            typed("team", &["displayName", "isArchived"], Some("microsoft.graph.entity")),
            typed("channel", &["displayName", "email", "webUrl"], Some("microsoft.graph.entity")),
        ];
        let by_name: BTreeMap<_, _> = types.iter().map(|t| ((t.version, t.odata_type()), t)).collect();
        let mut by_page = PageIndex::new();
        for t in &types {
            by_page.insert((t.version, t.name.clone()), t.odata_type());
        }
        let source = Source { file: "p.md".into(), line: 1 };
        let example = |body: &str| Example {
            kind: ExampleKind::Response,
            name: None,
            odata_type: None,
            is_collection: false,
            truncated: true,
            status: Some(200),
            body: Some(body.into()),
            json: true,
            request: None,
            source: source.clone(),
        };
        let settle_stated = |prose: &str, body: &str, stated: Option<&BTreeSet<String>>| {
            let prose = TypeLink { type_name: prose.into(), collection: None, source: source.clone(), prose: None };
            let mut link = TypeLink {
                type_name: "microsoft.graph.team".into(),
                collection: Some(false),
                source: source.clone(),
                prose: Some(Box::new(prose)),
            };
            let mut diagnostics = Vec::new();
            let examples = [example(body)];
            let version = Some(ApiVersion::V1);
            let page = OnPage { version, examples: &examples, stated };
            settle_prose(&mut link, &page, &by_page, &by_name, &SourceMap::new(), &mut diagnostics);
            assert_eq!(link.prose, None);
            (link.type_name, diagnostics.iter().map(|d| d.code).collect::<Vec<_>>())
        };
        let settle = |prose: &str, body: &str| settle_stated(prose, body, None);
        let channel = r#"{"@odata.context": "x", "id": "1", "displayName": "A", "email": "", "webUrl": "u", ..."#;
        assert_eq!(
            settle("resources/channel", channel),
            ("microsoft.graph.channel".into(), vec![Code::ResponseTypeDisagreement])
        );
        let listed = r#"{"value": [{"id": "1", "displayName": "A", "email": "", "webUrl": "u"}]}"#;
        assert_eq!(settle("resources/channel", listed).0, "microsoft.graph.channel", "the first item of a page");
        let team = r#"{"id": "1", "displayName": "A", "isArchived": false}"#;
        assert_eq!(settle("resources/channel", team).0, "microsoft.graph.team", "the keys fit the annotation");
        let shared = r#"{"id": "1", "displayName": "A", "a": 1, "b": 2, "c": 3, "webUrl": "u"}"#;
        assert_eq!(settle("resources/channel", shared).0, "microsoft.graph.team", "few keys fit either");
        // The keys tie: the object's own `@odata.type` tells, when it is the prose's kind only.
        let written = r##"{"@odata.type": "#microsoft.graph.channel", "id": "1", "displayName": "A"}"##;
        assert_eq!(settle("resources/channel", written).0, "microsoft.graph.channel", "the object says what it is");
        let written = r##"{"value": [{"@odata.type": "#microsoft.graph.team", "id": "1", "displayName": "A"}]}"##;
        assert_eq!(settle("resources/channel", written).0, "microsoft.graph.team", "a team is no channel");
        // The keys tie and the object does not say: another type's Methods table naming the
        // prose's type (alone) tells, unless the object is the annotation's kind.
        let stated: BTreeSet<String> = ["microsoft.graph.channel".to_owned()].into();
        let tie = r#"{"id": "1", "displayName": "A"}"#;
        assert_eq!(settle_stated("resources/channel", tie, Some(&stated)).0, "microsoft.graph.channel");
        assert_eq!(settle("resources/channel", tie).0, "microsoft.graph.team", "no table says");
        let written = r##"{"@odata.type": "#microsoft.graph.team", "id": "1", "displayName": "A"}"##;
        assert_eq!(settle_stated("resources/channel", written, Some(&stated)).0, "microsoft.graph.team");
        assert_eq!(
            settle("resources/nowhere", channel),
            ("microsoft.graph.team".into(), vec![]),
            "not a type of the run"
        );
    }

    /// A type cell's link text and page: the page's type where the text names none, the base
    /// where one is a kind of the other, the representation's pick where they are unrelated,
    /// else neither (G0606).
    #[test]
    fn a_type_cells_link_text_and_page_are_weighed() {
        let cell = |page: &str, representation: Option<&str>| {
            Some(crate::model::CellLink {
                page: format!("resources/{page}"),
                representation: representation.map(str::to_owned),
            })
        };
        let row = |name: &str, type_name: &str, link| Property {
            name: name.into(),
            type_name: type_name.into(),
            collection: false,
            description: None,
            source: Source { file: "r.md".into(), line: 1 },
            link,
        };
        let derived = |name: &str, base: &str| TypeDef {
            base_type: Some(format!("microsoft.graph.{base}")),
            ..TypeDef::sample(name)
        };
        let owner = TypeDef {
            properties: vec![
                row("range", "Range", cell("workbookrange", None)),
                row("photo", "photo", cell("profilephoto", None)),
                row("shown", "photo", cell("profilephoto", Some("microsoft.graph.profilePhoto"))),
                row("target", "allUsersTarget", cell("target", None)),
                row("stamp", "DateTimeOffset", cell("timestamp", None)),
                row("odd", "NAV.Address", cell("workbookrange", None)),
            ],
            ..TypeDef::sample("contact")
        };
        let types = vec![
            owner,
            TypeDef::sample("workbookRange"),
            TypeDef::sample("photo"),
            TypeDef::sample("profilePhoto"),
            TypeDef::sample("target"),
            derived("allUsersTarget", "target"),
            TypeDef::sample("timeStamp"),
        ];
        let (types, enums, by_page) = merge(types, Vec::new());
        let mut model = Model { types, enums, ..Model::default() };
        let mut by_page = by_page;
        for (stem, name) in
            [("workbookrange", "workbookRange"), ("profilephoto", "profilePhoto"), ("timestamp", "timeStamp")]
        {
            by_page.insert((Some(ApiVersion::V1), stem.into()), format!("microsoft.graph.{name}"));
        }
        let found = link(&mut model, &by_page, &SourceMap::new());
        let contact = model.types.iter().find(|t| t.name == "contact").expect("contact");
        let types: Vec<&str> = contact.properties.iter().map(|p| p.type_name.as_str()).collect();
        assert_eq!(
            types,
            [
                "microsoft.graph.workbookRange",
                "resources/profilephoto",
                "microsoft.graph.profilePhoto",
                "microsoft.graph.target",
                "DateTimeOffset",
                "NAV.Address"
            ]
        );
        assert!(contact.properties.iter().all(|p| p.link.is_none()));
        assert_eq!(found.iter().map(|d| d.code).collect::<Vec<_>>(), [Code::TypeLinkTextDisagrees]);
    }
}
