//! Permission names that are near misses of one another
//! (`PriviligedOperation.All` beside `PrivilegedOperations.All`).

use super::at;
use crate::diagnostics::{Code, Diagnostic, SourceMap};
use crate::model::{Page, Source};
use std::collections::BTreeMap;

/// How often a name is used, by English pages first: the spelling English pages
/// use is the one a near miss should become.
#[derive(Default, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Weight {
    english: usize,
    total: usize,
}

/// Flags every use of a permission name that differs from a more established
/// name by a small edit within one dot-separated part.
pub fn check(pages: &[Page], sources: &SourceMap) -> Vec<Diagnostic> {
    let mut uses: BTreeMap<&str, (Weight, Vec<&Source>)> = BTreeMap::new();
    for page in pages {
        for table in page.permissions.iter().flatten() {
            for scheme in crate::model::Scheme::ALL {
                if let crate::model::SchemePermissions::Permissions { least, higher } = table.scheme(scheme) {
                    for name in least.iter().chain(higher) {
                        let entry = uses.entry(name.value.as_str()).or_default();
                        entry.0.english += usize::from(page.is_english());
                        entry.0.total += 1;
                        entry.1.push(&name.source);
                    }
                }
            }
        }
    }
    // Names that agree everywhere but in one dot-separated part share a pattern
    // with that part blanked out; only those pairs are compared (linear, not quadratic).
    let mut by_pattern: BTreeMap<(String, usize), Vec<&str>> = BTreeMap::new();
    for name in uses.keys() {
        let parts: Vec<&str> = name.split('.').collect();
        for i in 0..parts.len() {
            let mut pattern = parts.clone();
            pattern[i] = "*";
            by_pattern.entry((pattern.join("."), i)).or_default().push(name);
        }
    }
    let mut suggestions: BTreeMap<&str, &str> = BTreeMap::new();
    for ((_, index), names) in &by_pattern {
        for (i, a) in names.iter().enumerate() {
            for b in &names[i + 1..] {
                let (pa, pb) = (a.split('.').nth(*index).unwrap_or(""), b.split('.').nth(*index).unwrap_or(""));
                if !is_near_miss(pa, pb) {
                    continue;
                }
                let (wa, wb) = (uses[a].0, uses[b].0);
                // The less used spelling is the suspect; on a tie, report both ways round deterministically.
                let (suspect, preferred) = if (wa, *b) < (wb, *a) { (*a, *b) } else { (*b, *a) };
                suggestions.entry(suspect).or_insert(preferred);
            }
        }
    }
    let mut out = Vec::new();
    for (suspect, preferred) in suggestions {
        for source in &uses[suspect].1 {
            out.push(
                at(
                    sources,
                    Code::PermissionNearMiss,
                    source,
                    Some(suspect),
                    format!("permission `{suspect}` looks like a misspelling of `{preferred}`"),
                )
                .with_label("kept as written")
                .with_note(format!(
                    "`{preferred}` is used elsewhere in this run; if the docs mean it, fix the page upstream"
                )),
            );
        }
    }
    out
}

/// Two parts are a near miss when a couple of edits turn one into the other and
/// they are long enough for that to be a typo rather than another word.
fn is_near_miss(a: &str, b: &str) -> bool {
    if a == b || a.len().min(b.len()) < 6 {
        return false;
    }
    let distance = strsim::damerau_levenshtein(a, b);
    distance <= 2 && !is_known_variant(a, b)
}

/// A word appended to another (`Device` → `DeviceId`) names a different thing, even when
/// it is only a couple of letters long: not a typo.
fn is_known_variant(a: &str, b: &str) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    long.starts_with(short) && long[short.len()..].starts_with(|c: char| c.is_ascii_uppercase())
}

#[cfg(test)]
mod tests {
    use super::is_near_miss;

    #[test]
    fn typos_are_near_misses_and_real_variants_are_not() {
        assert!(is_near_miss("PriviligedOperation", "PrivilegedOperations"));
        assert!(!is_near_miss("Read", "ReadWrite"));
        assert!(!is_near_miss("ReadWrite", "ReadBasic"));
        // Two edits apart, but a word appended rather than a letter mistyped.
        assert!(!is_near_miss("Device", "DeviceId"));
        assert!(is_near_miss("AuditLog", "AuditLogs"));
        assert!(!is_near_miss("Calendars", "Calendars"));
        assert!(!is_near_miss("Files", "Filed"));
    }
}
