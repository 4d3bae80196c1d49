//! `src/permissions.tsv` of the client crate: the permission facts as line-oriented text,
//! which `src/permissions.rs` embeds and parses once, when first asked. As Rust constants
//! the facts of the whole corpus cost rustc seconds in every build of the crate; as text
//! they cost nothing until read, and a change to the docs shows up as a few changed lines.
//!
//! The format is described in the file's own header ([`FORMAT`]); the parser is the
//! runtime's, `templates/runtime/permissions.rs`.

use crate::model::{EndpointIndex, Model, Operation, PermissionTable, Resolution, SchemePermissions};
use crate::text::is_hidden;

/// The file's first lines after the generated-file header: how its columns read.
const FORMAT: &str = "\
#
# The permission facts src/permissions.rs reads. Tab-separated. In a field, a tab, a line
# break, `%`, a separator of its column and any invisible character are percent-encoded
# (`%09`, `%0A`, `%25`, ...).
#
# T  version  operation key  scope  delegated work  delegated personal  application
#    One line per permission table of an operation, in page order; operations sorted by
#    version (v1.0 first) and key. Scope `-` when the table has none. A scheme is `!` (not
#    supported), `?` (unspecified), or its least privileged permissions separated by `,`,
#    then `;` and the higher privileged ones, if any.
# E  version  method  path  operation key  [?]
#    One line per endpoint, sorted by version (v1.0 first), path and method: the operation
#    that owns it (where several pages document it, the one the generator decided owns it).
#    A last field `?`: its pages disagree on the permissions and nothing decides; no table
#    stands for it.
";

/// Characters escaped in every field: the line and column separators, and `%` itself.
const FIELD_SPECIALS: &[char] = &['\t', '\n', '\r', '%'];
/// Also escaped in permission names: the list separators and the scheme markers.
const NAME_SPECIALS: &[char] = &['\t', '\n', '\r', '%', ',', ';', '!', '?'];

/// `text` with each of `specials`, and every character a reader of the file would not see
/// (controls, bidi overrides, zero-width ones: [`is_hidden`]), as `%XX` per UTF-8 byte.
/// By hand rather than with the `percent-encoding` crate: its encoder escapes every non-ASCII
/// byte, which would make a translated scope unreadable in a reviewed diff. The client
/// decodes with the crate.
fn escape(text: &str, specials: &[char]) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if specials.contains(&c) || is_hidden(c) {
            let mut buf = [0u8; 4];
            for byte in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{byte:02X}"));
            }
        } else {
            out.push(c);
        }
    }
    out
}

fn names<'a>(list: impl Iterator<Item = &'a str>) -> String {
    list.map(|name| escape(name, NAME_SPECIALS)).collect::<Vec<_>>().join(",")
}

fn scheme(scheme: &SchemePermissions) -> String {
    match scheme {
        SchemePermissions::Permissions { least, higher } => {
            let least = names(least.iter().map(|p| p.value.as_str()));
            match higher.is_empty() {
                true => least,
                false => format!("{least};{}", names(higher.iter().map(|p| p.value.as_str()))),
            }
        }
        SchemePermissions::NotSupported { .. } => "!".to_owned(),
        SchemePermissions::Unspecified { .. } => "?".to_owned(),
    }
}

fn scope(scope: Option<&str>) -> String {
    match scope {
        None => "-".to_owned(),
        // The marker of "no scope", as a scope's whole text.
        Some("-") => "%2D".to_owned(),
        Some(scope) => escape(scope, FIELD_SPECIALS),
    }
}

fn table_line(op: &Operation, table: &PermissionTable) -> String {
    let fields = [
        "T".to_owned(),
        op.version.as_str().to_owned(),
        escape(&op.key, FIELD_SPECIALS),
        scope(table.scope.as_deref()),
        scheme(&table.delegated_work),
        scheme(&table.delegated_personal),
        scheme(&table.application),
    ];
    fields.join("\t")
}

/// The whole file. Only operations with endpoints: the client reaches no other.
pub(super) fn permissions_tsv(model: &Model) -> String {
    let mut operations: Vec<&Operation> = model.operations.iter().filter(|op| !op.endpoints.is_empty()).collect();
    // The model comes sorted, but the output must not depend on it.
    operations.sort_by(|a, b| (a.version, &a.key).cmp(&(b.version, &b.key)));
    let owners = EndpointIndex::new(&model.shared_endpoints);
    let mut endpoints: Vec<_> = operations
        .iter()
        .flat_map(|op| op.endpoints.iter().map(move |e| (op, e)))
        .filter(|(op, e)| owners.owns(op.version, e.method, &e.path, &op.key))
        .map(|(op, e)| {
            let shared = owners.get(op.version, e.method, &e.path);
            let differently = shared.is_some_and(|s| s.resolution == Resolution::Undecided);
            (op.version, e.path.as_str(), e.method, op.key.as_str(), differently)
        })
        .collect();
    endpoints.sort();
    let mut out = crate::file_header::commented("#");
    out.push_str(FORMAT);
    for op in &operations {
        for table in &op.permissions {
            out.push_str(&table_line(op, table));
            out.push('\n');
        }
    }
    for (version, path, method, key, differently) in endpoints {
        let (path, key) = (escape(path, FIELD_SPECIALS), escape(key, FIELD_SPECIALS));
        let mut fields = vec![version.as_str(), method.as_str(), &path, &key];
        if differently {
            fields.push("?");
        }
        let fields = fields.join("\t");
        out.push_str(&format!("E\t{fields}\n"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_separators_controls_and_percent_but_not_other_text() {
        assert_eq!(escape("a\tb\nc%d\re", FIELD_SPECIALS), "a%09b%0Ac%25d%0De");
        assert_eq!(escape("Acting on other users, é 用户", FIELD_SPECIALS), "Acting on other users, é 用户");
        assert_eq!(escape("A,B;C!?\u{7f}", NAME_SPECIALS), "A%2CB%3BC%21%3F%7F");
        assert_eq!(escape("\u{85}", FIELD_SPECIALS), "%C2%85", "a non-ASCII control, byte by byte");
        assert_eq!(escape("a\u{202E}b\u{200B}", FIELD_SPECIALS), "a%E2%80%AEb%E2%80%8B", "invisible in a diff");
    }

    #[test]
    fn scope_dash_is_not_read_as_no_scope() {
        assert_eq!(scope(None), "-");
        assert_eq!(scope(Some("-")), "%2D");
        assert_eq!(scope(Some("-x")), "-x");
    }
}
