//! Walking a documented path template (`/users/{id}/messages`, `/me/drive/root:/{item-path}:/children`,
//! `/reports/getEmailActivityCounts(period='{period_value}')`) through the metadata to what the
//! service says it returns, as OData addresses resources: an entity set or singleton first, then
//! keys, members, casts and bound functions.

use super::{BoundOperation, Metadata, Reached};

/// Types under which `x:/{path}:` addresses a child of the same type by its path.
const PATH_ADDRESSED: &[&str] = &["microsoft.graph.driveitem", "microsoft.graph.site"];

/// Why a path is not comparable.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Stop {
    /// `$value`, `$count`, `$ref`: a stream, a number or links, not the entity type.
    System(String),
    /// The walk cannot follow this segment, for the reason given.
    Unfollowed { segment: String, why: &'static str },
}

fn unfollowed(segment: &str, why: &'static str) -> Stop {
    Stop::Unfollowed { segment: segment.to_string(), why }
}

impl Metadata {
    /// What the path reaches.
    pub fn walk(&self, path: &str) -> Result<Reached, Stop> {
        let segments = segments(path).ok_or_else(|| unfollowed(path, "unbalanced parentheses, braces or quotes"))?;
        let mut at: Option<Reached> = None;
        let mut rest = segments.into_iter();
        while let Some(segment) = rest.next() {
            if segment.starts_with('$') {
                return Err(Stop::System(segment.to_string()));
            }
            let (segment, addressing) = match segment.strip_suffix(':') {
                Some(before) => (before, true),
                None => (segment, false),
            };
            let reached = match &at {
                None => self.root(segment)?,
                Some(current) => self.step(current, segment)?,
            };
            if addressing {
                // `root:/{item-path}:` is the item at that path under `root`: one of the same type.
                if reached.many || !PATH_ADDRESSED.contains(&reached.type_name.to_lowercase().as_str()) {
                    return Err(unfollowed(segment, "a path address under something else than one drive item or site"));
                }
                // The address runs up to the next segment that ends with `:`, or to the end.
                for addressed in rest.by_ref() {
                    if addressed.ends_with(':') {
                        break;
                    }
                }
            }
            at = Some(reached);
        }
        at.ok_or_else(|| unfollowed(path, "no segment"))
    }

    fn root(&self, segment: &str) -> Result<Reached, Stop> {
        let (name, arguments) = call(segment);
        let root =
            self.roots.get(&name.to_lowercase()).ok_or_else(|| unfollowed(segment, "no entity set or singleton"))?;
        match arguments {
            None => Ok(root.clone()),
            Some(_) if root.many => Ok(root.one()),
            Some(_) => Err(unfollowed(segment, "a key on a singleton")),
        }
    }

    fn step(&self, current: &Reached, segment: &str) -> Result<Reached, Stop> {
        if is_key(segment) {
            return if current.many { Ok(current.one()) } else { Err(unfollowed(segment, "a key after one value")) };
        }
        let (name, arguments) = call(segment);
        if arguments.is_none() {
            if let Some(cast) = self.structured(name) {
                return Ok(Reached { type_name: cast.to_string(), many: current.many });
            }
            if let Some(member) = self.member(current, name) {
                return Ok(member.clone());
            }
        }
        // `microsoft.graph.delta()` is `delta()`.
        let unqualified = name.rsplit('.').next().unwrap_or(name);
        if let Some(operation) = self.bound(current, unqualified, arguments) {
            return operation.returns.clone().ok_or_else(|| unfollowed(segment, "an operation that returns nothing"));
        }
        if let (Some(member), Some(_)) = (self.member(current, name), arguments) {
            // `borders(<sideIndex>)`: a key in parentheses.
            return if member.many { Ok(member.one()) } else { Err(unfollowed(segment, "a key on one value")) };
        }
        if current.many && arguments.is_none() && !self.names.contains(&name.to_lowercase()) {
            // A key written as it is (`mailFolders/inbox`, `domains/contoso.com`): OData reads any
            // segment after a collection that is no cast or bound operation as a key.
            return Ok(current.one());
        }
        Err(unfollowed(
            segment,
            if current.many {
                "no cast or bound operation of the collection"
            } else {
                "no member, cast or bound operation of the type or its bases"
            },
        ))
    }

    /// A property or navigation property of one value's type or its bases.
    fn member(&self, current: &Reached, name: &str) -> Option<&Reached> {
        if current.many {
            return None;
        }
        let name = name.to_lowercase();
        self.lineage(&current.type_name).iter().find_map(|t| self.types.get(t)?.members.get(&name))
    }

    /// The function or action of this name bound to what the path is at (a collection binds
    /// `Collection(...)` operations), or to a base: of overloads, the one whose parameters the
    /// arguments name, then the one bound closest, then a function rather than an action.
    fn bound(&self, current: &Reached, name: &str, arguments: Option<&str>) -> Option<&BoundOperation> {
        let lineage = self.lineage(&current.type_name);
        let named = argument_names(arguments.unwrap_or_default());
        self.operations
            .get(&name.to_lowercase())?
            .iter()
            .filter(|operation| operation.binding.many == current.many)
            .filter_map(|operation| {
                let depth = lineage.iter().position(|t| *t == operation.binding.type_name.to_lowercase())?;
                let unknown = named.iter().filter(|n| !operation.parameters.contains(n)).count();
                Some(((unknown, depth, operation.is_action), operation))
            })
            .min_by_key(|(rank, _)| *rank)
            .map(|(_, operation)| operation)
    }
}

/// The path's segments, split at the slashes outside parentheses, braces and quotes, with any
/// query string dropped; `None` when those do not balance.
fn segments(path: &str) -> Option<Vec<&str>> {
    let path = path.split_once('?').map_or(path, |(before, _)| before);
    let (mut segments, mut start, mut depth, mut quoted) = (Vec::new(), 0, 0i32, false);
    for (i, c) in path.char_indices() {
        match c {
            '\'' => quoted = !quoted,
            '(' | '{' if !quoted => depth += 1,
            ')' | '}' if !quoted => depth -= 1,
            '/' if depth == 0 && !quoted => {
                segments.push(&path[start..i]);
                start = i + 1;
            }
            _ => {}
        }
        if depth < 0 {
            return None;
        }
    }
    segments.push(&path[start..]);
    (depth == 0 && !quoted).then(|| segments.into_iter().filter(|s| !s.is_empty()).collect())
}

/// A key segment: a placeholder (`{id}`, `{id | userPrincipalName}`, `<id>`) or an alternate
/// key (`roleTemplateId={roleTemplateId}`).
fn is_key(segment: &str) -> bool {
    let placeholder = |s: &str| (s.starts_with('{') && s.ends_with('}')) || (s.starts_with('<') && s.ends_with('>'));
    placeholder(segment)
        || segment.split_once('=').is_some_and(|(name, value)| {
            !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric()) && !value.is_empty()
        })
}

/// `name(arguments)` → (`name`, `Some(arguments)`); otherwise (`segment`, `None`).
fn call(segment: &str) -> (&str, Option<&str>) {
    match segment.split_once('(') {
        Some((name, rest)) if rest.ends_with(')') => (name, Some(&rest[..rest.len() - 1])),
        _ => (segment, None),
    }
}

/// The lowercase names of `name=value` arguments (positional ones have none).
fn argument_names(arguments: &str) -> Vec<String> {
    arguments.split(',').filter_map(|a| Some(a.split_once('=')?.0.trim().to_lowercase())).collect()
}
