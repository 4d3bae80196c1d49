//! The Rust name of each documented type, from its qualified name alone, so that a type's name
//! never depends on which other types the docs define (no renaming when another namespace adds
//! a type of the same name):
//! - a type of Graph's own namespace is named in the models module (`microsoft.graph.group` →
//!   `models::Group`);
//! - a type of another namespace is named in a module of that namespace, the namespace below
//!   `microsoft.graph` in lower case (`microsoft.graph.termStore.group` →
//!   `models::termstore::Group`, `microsoft.graph.callRecords.mediaStream` →
//!   `models::callrecords::MediaStream`). Lower case because the pages do not agree on the
//!   namespace's case (`microsoft.graph.termstore` on the enum page), and the names of types are
//!   matched regardless of case.
//!
//! Two different names that still come out the same (`user_x` and `userX`, a prelude name and
//! its replacement) are left out, both: neither may take the other's name.

use heck::ToUpperCamelCase;

use super::super::names::{snake_ident, snake_words, MODEL_RESERVED_TYPES};
use crate::model::TypeDef;

/// Where a model is, in its version's `models` module.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RustName {
    /// The namespace's module (`termstore`); `None`: Graph's own namespace, the models module.
    pub module: Option<String>,
    /// The type's name in it (`Group`).
    pub name: String,
}

impl RustName {
    /// The name of `namespace.name`.
    pub fn of(namespace: &str, name: &str) -> RustName {
        let mut rust = pascal(name);
        if MODEL_RESERVED_TYPES.contains(&rust.as_str()) {
            rust.push('2');
        }
        RustName { module: module(namespace), name: rust }
    }

    /// Below the models module: `Group`, `termstore::Group`.
    pub fn path(&self) -> String {
        match &self.module {
            Some(module) => format!("{module}::{}", self.name),
            None => self.name.clone(),
        }
    }

    /// The variant naming this type in the kind enum of a base type: its name, after its
    /// module's for another namespace (`Group`, `TermstoreGroup`), so that `Group` and
    /// `termstore::Group` deriving from one base are two variants whatever else derives from it.
    pub fn variant(&self) -> String {
        match &self.module {
            Some(module) => format!("{}{}", module.to_upper_camel_case(), self.name),
            None => self.name.clone(),
        }
    }
}

/// The key of a documented type: its qualified name in lower case (the pages are not consistent
/// about case).
pub fn key(namespace: &str, name: &str) -> String {
    format!("{namespace}.{name}").to_ascii_lowercase()
}

/// The module of a namespace's types: `None` for Graph's own, else the namespace below
/// `microsoft.graph` (or the whole of one outside it) in lower case, `_` between its parts.
pub fn module(namespace: &str) -> Option<String> {
    let lower = namespace.trim().to_ascii_lowercase();
    let graph = TypeDef::GRAPH_NAMESPACE;
    if lower == graph || lower.is_empty() {
        return None;
    }
    let below = lower.strip_prefix(&format!("{graph}.")).unwrap_or(&lower);
    let parts: Vec<String> = below.split('.').map(|part| snake_words(part).replace('_', "")).collect();
    Some(snake_ident(&parts.join("_"), "namespace"))
}

/// `mediaStream` → `MediaStream`; a name starting with a digit gets `Model` in front.
pub fn pascal(name: &str) -> String {
    let pascal = snake_words(name).to_upper_camel_case();
    match pascal.chars().next() {
        None => "Model".to_owned(),
        Some(c) if c.is_ascii_digit() => format!("Model{pascal}"),
        Some(_) => pascal,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_is_its_qualified_name_in_rust() {
        let path = |namespace: &str, name: &str| RustName::of(namespace, name).path();
        assert_eq!(path("microsoft.graph", "group"), "Group");
        assert_eq!(path("microsoft.graph.termStore", "group"), "termstore::Group");
        assert_eq!(path("microsoft.graph.termstore", "relationType"), "termstore::RelationType");
        assert_eq!(path("microsoft.graph.callRecords", "mediaStream"), "callrecords::MediaStream");
        assert_eq!(path("microsoft.graph.a.bC", "x"), "a_bc::X");
        assert_eq!(path("microsoft.other", "x"), "microsoft_other::X");
        assert_eq!(path("microsoft.graph.type", "x"), "type_::X");
        assert_eq!(path("microsoft.graph", "Option"), "Option2");
        assert_eq!(path("microsoft.graph", "3dModel"), "Model3dModel");
        assert_eq!(RustName::of("microsoft.graph.termStore", "group").variant(), "TermstoreGroup");
        assert_eq!(RustName::of("microsoft.graph", "group").variant(), "Group");
    }
}
