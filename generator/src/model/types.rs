//! Types read from the resource pages: what a Graph type is, before any Rust is emitted.

use std::collections::{BTreeMap, BTreeSet};

use super::{ApiVersion, Source};
use serde::{Deserialize, Serialize};

/// A resource or complex type (`user`, `assignedLicense`), from its resource page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TypeDef {
    /// The type's name as Graph spells it (`user`, `windowsWifiEnterpriseEAPConfiguration`).
    pub name: String,
    /// `microsoft.graph` unless the page says otherwise.
    pub namespace: String,
    pub version: Option<ApiVersion>,
    /// `microsoft.graph.directoryObject` for `user`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    /// Whether instances may carry properties the page does not list.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub open_type: bool,
    pub properties: Vec<Property>,
    pub relationships: Vec<Property>,
    /// The rows of the page's Methods table that link an operation page: `name` is that page's
    /// file stem, lower-case (`user-list-joinedteams`), the type what the row says it returns
    /// (`team`, a collection).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub methods: Vec<Property>,
    /// The page the type comes from (its title line).
    pub source: Source,
    /// The page's locale.
    pub locale: String,
}

impl TypeDef {
    /// A v1.0 `microsoft.graph` type without base, members or key, from `r.md`: what tests
    /// start from (`TypeDef { base_type: ..., ..TypeDef::sample("user") }`).
    #[cfg(test)]
    pub fn sample(name: &str) -> TypeDef {
        TypeDef {
            name: name.into(),
            namespace: "microsoft.graph".into(),
            version: Some(ApiVersion::V1),
            base_type: None,
            key: None,
            open_type: false,
            properties: Vec::new(),
            relationships: Vec::new(),
            methods: Vec::new(),
            source: Source { file: "r.md".into(), line: 1 },
            locale: "en-us".into(),
        }
    }

    /// `microsoft.graph.user`: what `@odata.type` says for this type.
    pub fn odata_type(&self) -> String {
        format!("{}.{}", self.namespace, self.name)
    }

    /// Graph's own namespace: where a type name no page qualifies belongs, unless the page is
    /// in another namespace.
    pub const GRAPH_NAMESPACE: &'static str = "microsoft.graph";

    /// The qualified names a type name written on a page of `namespace` can stand for, in the
    /// order to try them: a qualified name (`microsoft.graph.termStore.set`,
    /// `#microsoft.graph.user`) only itself (`graph.user` is OData's short form of
    /// `microsoft.graph.user`); an unqualified one (`set`, `identitySet`) first in the page's
    /// namespace, then in Graph's own. Never a type of a third namespace that happens to have
    /// that name: a name neither holds is not a type the page can mean.
    pub fn qualified_candidates(written: &str, namespace: &str) -> Vec<String> {
        let graph = Self::GRAPH_NAMESPACE;
        let written = written.trim().trim_start_matches('#');
        match written.rsplit_once('.') {
            Some(("graph", name)) => vec![format!("{graph}.{name}")],
            Some(_) => vec![written.to_owned()],
            None if namespace.is_empty() || namespace.eq_ignore_ascii_case(graph) => vec![format!("{graph}.{written}")],
            None => vec![format!("{namespace}.{written}"), format!("{graph}.{written}")],
        }
    }
}

/// A type and its base types, nearest first, as far as the docs define them: what the
/// emitter and the check of examples both need to know a type's properties.
#[derive(Debug, Clone)]
pub struct BaseChain<'m> {
    /// The type, its base, its base's base, ...
    pub types: Vec<&'m TypeDef>,
    /// Whether every base named was found (a base the docs do not define ends the chain).
    pub complete: bool,
}

/// Bases followed at most: no real chain is this deep (Graph's are under ten).
const MAX_BASE_DEPTH: usize = 32;

impl<'m> BaseChain<'m> {
    /// Follows `base_type` from `t`, each base found by `resolve` (given the type naming it and
    /// the name it gives). A type met again ends the chain: the docs may loop.
    pub fn of(t: &'m TypeDef, resolve: impl Fn(&'m TypeDef, &str) -> Option<&'m TypeDef>) -> Self {
        let mut types = vec![t];
        let mut at = t;
        while let Some(base) = at.base_type.as_deref() {
            match resolve(at, base) {
                Some(b) if types.len() < MAX_BASE_DEPTH && !types.iter().any(|seen| std::ptr::eq(*seen, b)) => {
                    types.push(b);
                    at = b;
                }
                Some(_) => break,
                None => return BaseChain { types, complete: false },
            }
        }
        BaseChain { types, complete: true }
    }

    /// The properties and then relationships of every type of the chain, base first, each
    /// with whether it is a relationship. A derived type's declaration of a name replaces its
    /// base's where the base had it; within one type, the first declaration counts.
    pub fn members(&self) -> Vec<(&'m Property, bool)> {
        self.declared_members().into_iter().map(|(p, relationship, _)| (p, relationship)).collect()
    }

    /// The member [`members`](Self::members) finds first by `name` in any ASCII case, without
    /// listing them all (path typing asks this for every step of every path): the first name so
    /// spelled base first, as declared by the most derived type of the chain declaring it.
    pub fn member(&self, name: &str) -> Option<(&'m Property, bool)> {
        let own =
            |t: &'m TypeDef| t.properties.iter().map(|p| (p, false)).chain(t.relationships.iter().map(|p| (p, true)));
        let spelled = self.types.iter().rev().flat_map(|t| own(t)).find(|(p, _)| p.name.eq_ignore_ascii_case(name))?;
        let exact = spelled.0.name.as_str();
        self.types.iter().find_map(|t| own(t).find(|(p, _)| p.name == exact))
    }

    /// [`members`](Self::members), each with the type of the chain declaring it: a type name
    /// a page writes is read in that page's namespace.
    pub fn declared_members(&self) -> Vec<(&'m Property, bool, &'m TypeDef)> {
        let mut by_name: BTreeMap<&str, usize> = BTreeMap::new();
        let mut out: Vec<(&'m Property, bool, &'m TypeDef)> = Vec::new();
        for t in self.types.iter().rev() {
            let mut own: BTreeSet<&str> = BTreeSet::new();
            let members = t.properties.iter().map(|p| (p, false)).chain(t.relationships.iter().map(|p| (p, true)));
            for (p, relationship) in members {
                if !own.insert(p.name.as_str()) {
                    continue;
                }
                match by_name.get(p.name.as_str()) {
                    Some(&i) => out[i] = (p, relationship, t),
                    None => {
                        by_name.insert(&p.name, out.len());
                        out.push((p, relationship, t));
                    }
                }
            }
        }
        out
    }
}

/// One property or relationship of a type.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Property {
    pub name: String,
    /// The type as the page names it, without the collection wrapper: `String`,
    /// `Int32`, `assignedLicense`, `microsoft.graph.identitySet`.
    pub type_name: String,
    /// `String collection`, `[assignedLicense](...) collection`, `Collection(String)`.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub collection: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    pub source: Source,
    /// The page a type cell links where it is not named after the link's text
    /// (`[photo](profilephoto.md)`): the merge weighs the two and clears it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub link: Option<CellLink>,
}

/// A type cell's link to a page not named after its text, for the merge to weigh.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CellLink {
    /// The linked page, `resources/<stem>`.
    pub page: String,
    /// The `@odata.type` the page's JSON representation shows for the member, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub representation: Option<String>,
}

/// An enum type and its members, from an `enums*.md` page or an enum section of a resource page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EnumDef {
    pub name: String,
    pub namespace: String,
    pub version: Option<ApiVersion>,
    pub members: Vec<EnumMember>,
    pub source: Source,
    pub locale: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EnumMember {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    pub source: Source,
}

/// An operation's link to the type its response carries or its request takes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TypeLink {
    /// The qualified type (`microsoft.graph.user`); before the merge resolves it, a link
    /// may still read `resources/user` (the resource page it points to).
    pub type_name: String,
    /// Whether it is a collection, where the page says (`None`: not said).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub collection: Option<bool>,
    pub source: Source,
    /// A response's other statement: the Response prose's only link to a resource page, where
    /// the example annotation (this link) names another page's type. The merge settles which
    /// one stands (the example body's keys decide) and clears it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prose: Option<Box<TypeLink>>,
}

impl TypeLink {
    /// How a link to a resource page is written (`resources/user`) until the merge resolves it.
    pub const RESOURCE_PAGE: &'static str = "resources/";
}

/// Graph's primitive (Edm) types, however a page spells them: `String`, `string`,
/// `Edm.Int32`, `GUID`, and the `bool`, `int`, `integer` some pages use. One reading for
/// every stage, so that the emitted models and the check of examples agree on what a
/// type name means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edm {
    String,
    Boolean,
    Byte,
    SByte,
    Int16,
    Int32,
    Int64,
    Single,
    Double,
    Decimal,
    DateTimeOffset,
    Date,
    TimeOfDay,
    Duration,
    Guid,
    Binary,
    Stream,
    /// Any JSON value (`microsoft.graph.Json`).
    Json,
}

impl Edm {
    /// The primitive a type name names, namespace (`Edm.`, `microsoft.graph.`) and case aside.
    pub fn parse(type_name: &str) -> Option<Edm> {
        let name = type_name.trim();
        let name = name.rsplit('.').next().unwrap_or(name);
        Some(match name.to_ascii_lowercase().as_str() {
            "string" => Edm::String,
            "boolean" | "bool" => Edm::Boolean,
            "byte" => Edm::Byte,
            "sbyte" => Edm::SByte,
            "int16" => Edm::Int16,
            "int32" | "int" | "integer" => Edm::Int32,
            "int64" => Edm::Int64,
            "single" => Edm::Single,
            "double" => Edm::Double,
            "decimal" => Edm::Decimal,
            "datetimeoffset" => Edm::DateTimeOffset,
            "date" => Edm::Date,
            "timeofday" => Edm::TimeOfDay,
            "duration" => Edm::Duration,
            "guid" => Edm::Guid,
            "binary" => Edm::Binary,
            "stream" => Edm::Stream,
            "json" => Edm::Json,
            _ => return None,
        })
    }
}

#[cfg(test)]
mod base_chain_tests {
    use super::*;

    fn def(name: &str, base: Option<&str>, properties: &[&str], relationships: &[&str]) -> TypeDef {
        let member = |name: &&str| Property {
            name: (*name).to_owned(),
            type_name: format!("{name}Type"),
            collection: false,
            description: None,
            source: Source { file: "r.md".into(), line: 1 },
            link: None,
        };
        TypeDef {
            base_type: base.map(str::to_owned),
            properties: properties.iter().map(member).collect(),
            relationships: relationships.iter().map(member).collect(),
            ..TypeDef::sample(name)
        }
    }

    fn resolver<'m>(all: &'m [TypeDef]) -> impl Fn(&'m TypeDef, &str) -> Option<&'m TypeDef> {
        move |_, name| all.iter().find(|t| t.name == name)
    }

    #[test]
    fn a_chain_follows_bases_and_stops_at_loops_and_unknown_bases() {
        let all = [
            def("entity", None, &["id"], &[]),
            def("directoryObject", Some("entity"), &["deletedDateTime"], &[]),
            def("user", Some("directoryObject"), &["id", "mail"], &["manager"]),
            def("a", Some("b"), &[], &[]),
            def("b", Some("a"), &[], &[]),
            def("orphan", Some("nowhere"), &[], &[]),
        ];
        let names = |chain: &BaseChain<'_>| chain.types.iter().map(|t| t.name.clone()).collect::<Vec<_>>();
        let user = BaseChain::of(&all[2], resolver(&all));
        assert_eq!(
            (names(&user), user.complete),
            (vec!["user".into(), "directoryObject".into(), "entity".into()], true)
        );
        let looped = BaseChain::of(&all[3], resolver(&all));
        assert_eq!((names(&looped), looped.complete), (vec!["a".into(), "b".into()], true));
        let orphan = BaseChain::of(&all[5], resolver(&all));
        assert_eq!((names(&orphan), orphan.complete), (vec!["orphan".to_owned()], false));
        // Base first; `user`'s own `id` replaces `entity`'s in its place; relationships flagged.
        let members: Vec<(&str, bool)> = user.members().iter().map(|(p, rel)| (p.name.as_str(), *rel)).collect();
        assert_eq!(members, [("id", false), ("deletedDateTime", false), ("mail", false), ("manager", true)]);
        assert!(std::ptr::eq(user.members()[0].0, &all[2].properties[0]), "the derived type's `id`");
    }
}
