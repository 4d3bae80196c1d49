//! The model's types as the check needs them: looked up by name (qualified or not, in any
//! case: the docs spell type names inconsistently), with every member of the base-type chain.
//!
//! "All properties of a type including its base types" is written here rather than borrowed
//! from the merge: the merge keeps each type's own members, and this stage reads the model only.

use crate::model::{ApiVersion, BaseChain, Edm, Model, Property, TypeDef};
use rayon::prelude::*;
use std::collections::{BTreeSet, HashMap};

/// What a property's declared type asks of a JSON value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expect<'m> {
    String,
    Boolean,
    Integer,
    /// Double, Single, Decimal: any number (and `NaN`, `INF`, `-INF` as strings).
    Number,
    /// An enum: its member names, as a string.
    Enum,
    Object(&'m TypeDef),
    /// A type the model does not know, `Stream` or `Json`: not checked.
    Anything,
}

/// Members of a type and its bases.
pub struct Members<'m> {
    /// Each member, with the namespace of the page declaring it (where its type name is read).
    pub by_name: HashMap<&'m str, (&'m Property, &'m str)>,
    /// Some type of the chain is open: unlisted properties are allowed.
    pub open: bool,
    /// The whole ancestry is known: every base type named in the chain was found, and the last
    /// one does not say in prose that it inherits from a type its annotation leaves out.
    /// Otherwise an unlisted property may come from the unknown base (it is not reported),
    /// and whether the type derives from another cannot be told.
    pub complete: bool,
}

fn key(t: &TypeDef) -> (Option<ApiVersion>, String) {
    (t.version, t.odata_type().to_ascii_lowercase())
}

pub struct TypeIndex<'m> {
    /// (version, lower-case qualified name) → type.
    qualified: HashMap<(Option<ApiVersion>, String), &'m TypeDef>,
    /// (version, lower-case name without namespace) → type, when only one type has that name.
    bare: HashMap<(Option<ApiVersion>, String), Option<&'m TypeDef>>,
    enums: BTreeSet<(Option<ApiVersion>, String)>,
    /// By the same key as `qualified`.
    members: HashMap<(Option<ApiVersion>, String), Members<'m>>,
}

impl<'m> TypeIndex<'m> {
    pub fn new(model: &'m Model) -> Self {
        let mut qualified = HashMap::new();
        let mut bare: HashMap<_, Option<&TypeDef>> = HashMap::new();
        for t in &model.types {
            qualified.insert(key(t), t);
            bare.entry((t.version, t.name.to_ascii_lowercase()))
                .and_modify(|seen| {
                    if seen.is_some_and(|s| s.namespace != t.namespace) {
                        *seen = None;
                    }
                })
                .or_insert(Some(t));
        }
        let mut enums = BTreeSet::new();
        for e in &model.enums {
            enums.insert((e.version, e.name.to_ascii_lowercase()));
            enums.insert((e.version, format!("{}.{}", e.namespace, e.name).to_ascii_lowercase()));
        }
        let mut index = TypeIndex { qualified, bare, enums, members: HashMap::new() };
        // Each type's members are collected by themselves, in parallel; the map is filled in the
        // types' order, as before (a later type of the same key replaces an earlier one).
        let members: Vec<_> = model.types.par_iter().map(|t| (key(t), index.collect_members(t))).collect();
        index.members = members.into_iter().collect();
        index
    }

    /// The type a name on an operation's page (Graph's namespace) stands for in `version`.
    pub fn get(&self, version: Option<ApiVersion>, name: &str) -> Option<&'m TypeDef> {
        self.get_in(version, name, TypeDef::GRAPH_NAMESPACE)
    }

    /// The type a name written on a page of `namespace` stands for in `version`: qualified
    /// (`microsoft.graph.user`, `#...`), else in the page's namespace, then Graph's
    /// (`TypeDef::qualified_candidates`: `set` on a term store page is the term store's), else
    /// the only type of that name, in any case.
    pub fn get_in(&self, version: Option<ApiVersion>, name: &str, namespace: &str) -> Option<&'m TypeDef> {
        let candidates: Vec<String> =
            TypeDef::qualified_candidates(name, namespace).into_iter().map(|c| c.to_ascii_lowercase()).collect();
        let bare = name.trim().trim_start_matches('#').to_ascii_lowercase();
        let lookup = |v: Option<ApiVersion>| {
            candidates
                .iter()
                .find_map(|c| self.qualified.get(&(v, c.clone())).copied())
                .or_else(|| self.bare.get(&(v, bare.clone())).copied().flatten())
        };
        lookup(version).or_else(|| lookup(None))
    }

    fn is_enum(&self, version: Option<ApiVersion>, name: &str) -> bool {
        let name = name.to_ascii_lowercase();
        self.enums.contains(&(version, name.clone())) || self.enums.contains(&(None, name))
    }

    pub fn members(&self, t: &TypeDef) -> Option<&Members<'m>> {
        self.members.get(&key(t))
    }

    /// Whether `t` is `ancestor` or derives from it.
    pub fn derives_from(&self, t: &'m TypeDef, ancestor: &TypeDef) -> bool {
        self.chain(t).types.iter().any(|c| std::ptr::eq(*c, ancestor))
    }

    /// `t`, its base, its base's base, ...; and whether every named base was found.
    fn chain(&self, t: &'m TypeDef) -> BaseChain<'m> {
        BaseChain::of(t, |at, base| self.get_in(at.version, base, &at.namespace))
    }

    fn collect_members(&self, t: &'m TypeDef) -> Members<'m> {
        let chain = self.chain(t);
        let members = chain.declared_members().into_iter();
        let by_name = members.map(|(p, _, t)| (p.name.as_str(), (p, t.namespace.as_str()))).collect();
        let root = chain.types.last().copied().unwrap_or(t);
        let inherits_in_prose = root.base_type.is_none()
            && root.properties.iter().chain(&root.relationships).any(|p| {
                p.description
                    .as_deref()
                    .is_some_and(|d| crate::vocabulary::contains_any(d, crate::vocabulary::INHERITED_FROM))
            });
        Members {
            by_name,
            open: chain.types.iter().any(|c| c.open_type),
            complete: chain.complete && !inherits_in_prose,
        }
    }

    /// What a property's type, written on a page of `namespace`, asks of a JSON value (one
    /// element, for collections).
    pub fn expect(&self, version: Option<ApiVersion>, type_name: &str, namespace: &str) -> Expect<'m> {
        let name = type_name.trim();
        match Edm::parse(name) {
            Some(
                Edm::String
                | Edm::Guid
                | Edm::Date
                | Edm::DateTimeOffset
                | Edm::TimeOfDay
                | Edm::Duration
                | Edm::Binary,
            ) => Expect::String,
            Some(Edm::Boolean) => Expect::Boolean,
            Some(Edm::Int16 | Edm::Int32 | Edm::Int64 | Edm::Byte | Edm::SByte) => Expect::Integer,
            Some(Edm::Double | Edm::Single | Edm::Decimal) => Expect::Number,
            // `Json` holds any JSON value; a stream is not JSON at all.
            Some(Edm::Stream | Edm::Json) => Expect::Anything,
            None => match self.get_in(version, name, namespace) {
                Some(t) => Expect::Object(t),
                None if self.is_enum(version, name) => Expect::Enum,
                None => Expect::Anything,
            },
        }
    }
}
