//! A property's type cell: `String`, `String collection`, `Collection(String)`,
//! `[assignedLicense](assignedlicense.md) collection` (read as its link text),
//! `Edm.Int32`, `microsoft.graph.identitySet`, `String (identifier)`.

use crate::vocabulary::{TYPE_COLLECTION_PREFIX, TYPE_COLLECTION_SUFFIX as COLLECTION_SUFFIX};

/// The name in a table's name cell, without emphasis or code marks (`**displayName**`).
pub fn cell_name(cell: &str) -> String {
    cell.trim().trim_matches(['*', '`', '_', ' ']).to_owned()
}

/// The type name and whether it is a collection; `None` when the cell holds no type name.
pub fn parse(cell: &str) -> Option<(String, bool)> {
    let mut t = cell.trim().trim_matches(['*', '`', '_']).trim();
    // A remark after the type (`String (identifier)`, `string, maximum size 50`,
    // `educationOutcome collection. Holds grades`) is not part of it.
    if let Some(i) = [" (", ",", ". "].iter().filter_map(|r| t.find(r)).min() {
        t = t[..i].trim();
    }
    let mut collection = false;
    if let Some(inner) = strip_prefix_ignore_case(t, "collection(").and_then(|r| r.strip_suffix(')')) {
        t = inner.trim();
        collection = true;
    } else if let Some(inner) = strip_prefix_ignore_case(t, TYPE_COLLECTION_PREFIX) {
        t = inner.trim();
        collection = true;
    } else if t.len() > COLLECTION_SUFFIX.len()
        && t.is_char_boundary(t.len() - COLLECTION_SUFFIX.len())
        && t[t.len() - COLLECTION_SUFFIX.len()..].eq_ignore_ascii_case(COLLECTION_SUFFIX)
    {
        t = t[..t.len() - COLLECTION_SUFFIX.len()].trim();
        collection = true;
    }
    let t = t.trim_matches(['*', '`', '_']).trim();
    let t = strip_prefix_ignore_case(t, "edm.").unwrap_or(t);
    is_identifier(t).then(|| (t.to_owned(), collection))
}

fn strip_prefix_ignore_case<'t>(text: &'t str, prefix: &str) -> Option<&'t str> {
    let head = text.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix).then(|| &text[prefix.len()..])
}

/// `Word` or `dotted.Words`, ASCII letters, digits and `_`, starting with a letter.
pub fn is_identifier(s: &str) -> bool {
    !s.is_empty()
        && s.split('.').all(|w| {
            w.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
                && w.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        })
}

/// A property name as Graph spells them (`displayName`, `@odata.type`, `isMFARegistered`).
pub fn is_property_name(s: &str) -> bool {
    let s = s.strip_prefix('@').unwrap_or(s);
    is_identifier(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_cells() {
        let p = |c: &str| parse(c);
        assert_eq!(p("String"), Some(("String".into(), false)));
        assert_eq!(p("String collection"), Some(("String".into(), true)));
        assert_eq!(p("Collection(Edm.String)"), Some(("String".into(), true)));
        assert_eq!(p("Collection of String"), Some(("String".into(), true)));
        assert_eq!(p("assignedLicense collection"), Some(("assignedLicense".into(), true)));
        assert_eq!(p("microsoft.graph.identitySet"), Some(("microsoft.graph.identitySet".into(), false)));
        assert_eq!(p("String (identifier)"), Some(("String".into(), false)));
        assert_eq!(p("string, maximum size 50"), Some(("string".into(), false)));
        assert_eq!(p("educationOutcome collection. Holds grades"), Some(("educationOutcome".into(), true)));
        assert_eq!(p("organizerMeetingInfo or tokenMeetingInfo"), None);
        assert_eq!(p("Int32"), Some(("Int32".into(), false)));
        assert_eq!(p("see below"), None);
        assert_eq!(p(""), None);
        assert_eq!(p("字符串"), None);
    }
}
