//! An edition's "not supported", learned from the run instead of a phrase list.
//!
//! A translation says "not supported" in its own words, the same few words in the
//! scheme cells of page after page, with no permission name beside them. One page
//! cannot tell such a phrase from a note; the run can: in each locale, the phrase that
//! stands alone in scheme cells on the most pages (at least [`MIN_PAGES`]) is that
//! edition's wording, and is read as "not supported" wherever it stands. A note names the
//! phrase once. Every other phrase stays unspecified, as written.

use super::at;
use crate::diagnostics::{Code, Diagnostic, SourceMap};
use crate::model::{Page, Scheme, SchemePermissions, Source};
use std::collections::{BTreeMap, BTreeSet};

/// A phrase seen on fewer pages may be a note; a stock phrase repeats.
const MIN_PAGES: usize = 3;

/// The phrase as compared: case, spacing and final punctuation do not matter.
pub(super) fn normalized(phrase: &str) -> String {
    let words: Vec<&str> = phrase.split_whitespace().collect();
    words.join(" ").trim_end_matches(['.', '。', '!', '！']).trim().to_lowercase()
}

/// Reads each locale's most repeated stand-alone phrase as "not supported", in place.
pub fn resolve_not_supported(pages: &mut [Page], sources: &SourceMap) -> Vec<Diagnostic> {
    // locale → phrase → (pages it stands on, first place it stands).
    let mut seen: BTreeMap<String, BTreeMap<String, (BTreeSet<usize>, Source)>> = BTreeMap::new();
    for (index, page) in pages.iter().enumerate() {
        for table in page.permissions.iter().flatten() {
            for scheme in Scheme::ALL {
                if let SchemePermissions::Unspecified { source: Some(source), phrase: Some(phrase) } =
                    table.scheme(scheme)
                {
                    let entry = seen.entry(page.locale.clone()).or_default().entry(normalized(phrase));
                    entry.or_insert_with(|| (BTreeSet::new(), source.clone())).0.insert(index);
                }
            }
        }
    }
    let mut diagnostics = Vec::new();
    for (locale, phrases) in seen {
        // The most pages wins; a tie is no answer (two stock phrases: which is which?).
        let mut ranked: Vec<(&String, usize, &Source)> =
            phrases.iter().map(|(p, (on, at))| (p, on.len(), at)).collect();
        ranked.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
        let Some(&(phrase, count, first)) = ranked.first() else { continue };
        if count < MIN_PAGES || ranked.get(1).is_some_and(|r| r.1 == count) {
            continue;
        }
        let mut cells = 0;
        for page in pages.iter_mut().filter(|p| p.locale == locale) {
            for table in page.permissions.iter_mut().flatten() {
                for scheme in Scheme::ALL {
                    let cell = table.scheme_mut(scheme);
                    if let SchemePermissions::Unspecified { source: Some(source), phrase: Some(p) } = cell {
                        if normalized(p) == *phrase {
                            *cell = SchemePermissions::NotSupported { source: source.clone() };
                            cells += 1;
                        }
                    }
                }
            }
        }
        let message = format!(
            "`{phrase}` stands alone in {cells} permission cells on {count} pages of locale `{locale}`: read as \"not supported\""
        );
        diagnostics.push(
            at(sources, Code::NotSupportedPhraseLearned, first, None, message)
                .with_note("the most repeated phrase without permission names is taken as the edition's wording"),
        );
    }
    diagnostics
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{PermissionTable, Sourced};
    use std::sync::Arc;

    fn src(file: &str) -> Source {
        Source { file: Arc::from(file), line: 3 }
    }

    fn phrase(file: &str, text: &str) -> SchemePermissions {
        SchemePermissions::Unspecified { source: Some(src(file)), phrase: Some(text.to_owned()) }
    }

    fn page(file: &str, locale: &str, personal: &str, application: &str) -> Page {
        let mut page = Page::sample(file, locale);
        let names = SchemePermissions::Permissions {
            least: vec![Sourced::new("Mail.Read".to_owned(), src(file))],
            higher: Vec::new(),
        };
        page.permissions = Some(vec![PermissionTable {
            scope: None,
            delegated_work: names,
            delegated_personal: phrase(file, personal),
            application: phrase(file, application),
            source: src(file),
        }]);
        page
    }

    #[test]
    fn the_most_repeated_phrase_of_a_locale_is_its_not_supported() {
        let mut pages = vec![
            page("a.md", "nl-nl", "Niet ondersteund.", "Zie hieronder"),
            page("b.md", "nl-nl", "niet ondersteund", "Niet ondersteund."),
            page("c.md", "nl-nl", "Niet  ondersteund.", "Zie hieronder"),
            // Another locale's phrase is judged on its own pages only.
            page("d.md", "tr-tr", "Desteklenmiyor.", "Desteklenmiyor."),
        ];
        let found = resolve_not_supported(&mut pages, &SourceMap::new());
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].message.contains("`niet ondersteund` stands alone in 4 permission cells on 3 pages"));
        assert!(matches!(
            pages[0].permissions.as_ref().unwrap()[0].delegated_personal,
            SchemePermissions::NotSupported { .. }
        ));
        assert!(matches!(
            pages[1].permissions.as_ref().unwrap()[0].application,
            SchemePermissions::NotSupported { .. }
        ));
        // Less repeated phrases stay unspecified, as written.
        assert_eq!(pages[0].permissions.as_ref().unwrap()[0].application, phrase("a.md", "Zie hieronder"));
        assert_eq!(pages[3].permissions.as_ref().unwrap()[0].delegated_personal, phrase("d.md", "Desteklenmiyor."));
    }
}
