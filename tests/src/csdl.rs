//! Microsoft's own metadata of Graph (CSDL, EDMX XML), read into what walking a request path
//! needs: the entity sets and singletons, the structured types with their bases and members, and
//! the bound functions and actions. Test data only: the generator never reads it.

mod walk;

pub use walk::Stop;

use std::collections::{HashMap, HashSet};
use std::path::Path;

/// What a path reaches: one value of a type, or a collection of them. `type_name` is qualified
/// (`microsoft.graph.user`, aliases resolved) and keeps the metadata's case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reached {
    pub type_name: String,
    pub many: bool,
}

impl Reached {
    /// One item of this collection (or this one value).
    fn one(&self) -> Reached {
        Reached { type_name: self.type_name.clone(), many: false }
    }
}

/// An entity or complex type: its base, and its properties and navigation properties by
/// lowercase name (Graph matches path segments case-insensitively).
struct StructuredType {
    /// Qualified, as the metadata spells it.
    name: String,
    base: Option<String>,
    members: HashMap<String, Reached>,
}

/// A function or action bound to its first parameter's type.
struct BoundOperation {
    binding: Reached,
    /// The other parameters' lowercase names, to choose among overloads.
    parameters: Vec<String>,
    returns: Option<Reached>,
    is_action: bool,
}

/// One version's metadata.
pub struct Metadata {
    /// Entity sets (many) and singletons (one), by lowercase name.
    roots: HashMap<String, Reached>,
    /// By lowercase qualified name.
    types: HashMap<String, StructuredType>,
    /// By lowercase unqualified name.
    operations: HashMap<String, Vec<BoundOperation>>,
    /// Every lowercase name of a root, member or operation: a path segment that is none of
    /// them, after a collection, is a key written literally (`mailFolders/inbox`).
    names: HashSet<String>,
}

impl Metadata {
    pub fn read(path: &Path) -> Result<Metadata, String> {
        let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        let document = roxmltree::Document::parse(&text).map_err(|e| format!("{}: {e}", path.display()))?;
        let schemas: Vec<_> = document.descendants().filter(|n| n.has_tag_name("Schema")).collect();
        let aliases: HashMap<&str, &str> =
            schemas.iter().filter_map(|s| Some((s.attribute("Alias")?, s.attribute("Namespace")?))).collect();
        let type_ref = |written: &str| {
            let (inner, many) = match written.strip_prefix("Collection(").and_then(|t| t.strip_suffix(')')) {
                Some(inner) => (inner, true),
                None => (written, false),
            };
            let type_name = match inner.rsplit_once('.') {
                Some((namespace, name)) if aliases.contains_key(namespace) => format!("{}.{name}", aliases[namespace]),
                _ => inner.to_string(),
            };
            Reached { type_name, many }
        };
        let mut metadata = Metadata {
            roots: HashMap::new(),
            types: HashMap::new(),
            operations: HashMap::new(),
            names: HashSet::new(),
        };
        for schema in &schemas {
            let namespace = schema.attribute("Namespace").ok_or("a Schema without a Namespace")?;
            for element in schema.children().filter(|n| n.is_element()) {
                let name = element.attribute("Name").unwrap_or_default();
                match element.tag_name().name() {
                    "EntityType" | "ComplexType" => {
                        let members: HashMap<String, Reached> = element
                            .children()
                            .filter(|m| m.has_tag_name("Property") || m.has_tag_name("NavigationProperty"))
                            .filter_map(|m| Some((m.attribute("Name")?.to_lowercase(), type_ref(m.attribute("Type")?))))
                            .collect();
                        metadata.names.extend(members.keys().cloned());
                        let base = element.attribute("BaseType").map(|b| type_ref(b).type_name);
                        let qualified = format!("{namespace}.{name}");
                        metadata
                            .types
                            .insert(qualified.to_lowercase(), StructuredType { name: qualified, base, members });
                    }
                    "Function" | "Action" if element.attribute("IsBound") == Some("true") => {
                        let mut parameters = element.children().filter(|p| p.has_tag_name("Parameter"));
                        let Some(binding) = parameters.next().and_then(|p| p.attribute("Type")) else { continue };
                        let operation = BoundOperation {
                            binding: type_ref(binding),
                            parameters: parameters.filter_map(|p| Some(p.attribute("Name")?.to_lowercase())).collect(),
                            returns: element
                                .children()
                                .find(|r| r.has_tag_name("ReturnType"))
                                .and_then(|r| r.attribute("Type"))
                                .map(type_ref),
                            is_action: element.has_tag_name("Action"),
                        };
                        metadata.names.insert(name.to_lowercase());
                        metadata.operations.entry(name.to_lowercase()).or_default().push(operation);
                    }
                    "EntityContainer" => {
                        for root in element.children().filter(|n| n.is_element()) {
                            let (Some(name), Some(entity_type)) =
                                (root.attribute("Name"), root.attribute("EntityType").or(root.attribute("Type")))
                            else {
                                continue;
                            };
                            let mut reached = type_ref(entity_type);
                            reached.many = root.has_tag_name("EntitySet");
                            metadata.names.insert(name.to_lowercase());
                            metadata.roots.insert(name.to_lowercase(), reached);
                        }
                    }
                    _ => {}
                }
            }
        }
        Ok(metadata)
    }

    /// The type and its bases, lowercase, the type first; just the name when the metadata
    /// does not define it (`Edm.String`).
    fn lineage(&self, type_name: &str) -> Vec<String> {
        let mut lineage = vec![type_name.to_lowercase()];
        while let Some(base) = self.types.get(lineage.last().expect("not empty")).and_then(|t| t.base.as_ref()) {
            // A cycle would be a broken file; stop rather than loop.
            if lineage.contains(&base.to_lowercase()) {
                break;
            }
            lineage.push(base.to_lowercase());
        }
        lineage
    }

    /// Whether one type derives, directly or not, from the other (but they are not the same).
    pub fn related(&self, a: &str, b: &str) -> bool {
        let (a, b) = (a.to_lowercase(), b.to_lowercase());
        a != b && (self.lineage(&a).contains(&b) || self.lineage(&b).contains(&a))
    }

    /// An entity or complex type's qualified name as the metadata spells it, from any case.
    fn structured(&self, type_name: &str) -> Option<&str> {
        self.types.get(&type_name.to_lowercase()).map(|t| t.name.as_str())
    }
}
