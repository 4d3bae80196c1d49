//! Order remarks the vocabulary does not know (G0307): on each page, or once for the edition.
//!
//! A permissions column header may say which order its names run in ("from least to most
//! privileged"); a remark the vocabulary does not know leaves the column read least to most,
//! the docs' default, and is reported. A translation words the remark its own way, the
//! same words on page after page: when the vocabulary lacks them, every page of the edition
//! has the same unknown remark, and a warning on each is thousands of warnings about one
//! fact, the edition's wording. So a remark that stands on most pages of its locale that
//! have a permissions section (at least [`MIN_PAGES`]) is reported once, with the count;
//! any other unknown remark is reported on its page.
//!
//! Only the reporting is grouped. Unlike the learned "not supported" ([`super::phrases`]),
//! nothing is read differently: an order the vocabulary does not know is never guessed,
//! however often it is written.

use super::at;
use super::phrases::normalized;
use crate::diagnostics::{Code, Diagnostic, SourceMap};
use crate::model::{Page, Source};
use std::collections::{BTreeMap, BTreeSet};

/// A remark seen on fewer pages is a page's own, even in a small edition.
const MIN_PAGES: usize = 3;

/// Where one remark stands in one locale: the pages, and its first place as written.
struct Seen<'p> {
    pages: BTreeSet<usize>,
    first: (&'p str, &'p Source),
}

/// G0307 for every unknown order remark of the run: one per edition for the remark most of
/// its pages share, one per column for the others.
pub fn report(pages: &[Page], sources: &SourceMap) -> Vec<Diagnostic> {
    // locale → pages with a permissions section; locale → remark → where it stands.
    let mut with_permissions: BTreeMap<&str, usize> = BTreeMap::new();
    let mut seen: BTreeMap<&str, BTreeMap<String, Seen>> = BTreeMap::new();
    for (index, page) in pages.iter().enumerate() {
        if page.permissions.is_some() {
            *with_permissions.entry(&page.locale).or_default() += 1;
        }
        for remark in &page.unknown_order_remarks {
            let by_remark = seen.entry(&page.locale).or_default();
            let entry = by_remark
                .entry(normalized(&remark.value))
                .or_insert_with(|| Seen { pages: BTreeSet::new(), first: (&remark.value, &remark.source) });
            entry.pages.insert(index);
        }
    }
    let mut diagnostics = Vec::new();
    // (locale, remark) for each edition's wording: a remark on more than half of the locale's
    // pages with a permissions section (two can be, on pages with two columns).
    let mut editions: BTreeSet<(&str, String)> = BTreeSet::new();
    for (locale, remarks) in &seen {
        let sections = with_permissions.get(locale).copied().unwrap_or(0);
        for (key, remark) in remarks {
            let on = remark.pages.len();
            if on >= MIN_PAGES && on * 2 > sections {
                let (written, first) = remark.first;
                let message = format!(
                    "the order remark in `{written}` is not recognised on {on} of the {sections} pages of locale \
                     `{locale}` with a permissions section; read as least to most privileged"
                );
                let note = "a remark on most pages of an edition is the edition's wording: reported once, here, \
                            not on each page; its order is read once the vocabulary knows it (LEAST_TO_MOST or \
                            MOST_TO_LEAST)";
                let found = at(sources, Code::PermissionOrderUnrecognised, first, Some(written), message);
                diagnostics.push(found.with_note(note));
                editions.insert((locale, key.clone()));
            }
        }
    }
    for page in pages {
        for remark in &page.unknown_order_remarks {
            if editions.contains(&(page.locale.as_str(), normalized(&remark.value))) {
                continue;
            }
            let message =
                format!("the order remark in `{}` is not recognised; read as least to most privileged", remark.value);
            let found = at(sources, Code::PermissionOrderUnrecognised, &remark.source, Some(&remark.value), message);
            diagnostics.push(found);
        }
    }
    diagnostics
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Sourced;
    use std::sync::Arc;

    /// A page of `locale` with a permissions section whose columns carry `remarks`.
    fn page(file: &str, locale: &str, remarks: &[&str]) -> Page {
        let source = Source { file: Arc::from(file), line: 7 };
        Page {
            permissions: Some(Vec::new()),
            unknown_order_remarks: remarks.iter().map(|r| Sourced::new((*r).to_owned(), source.clone())).collect(),
            ..Page::sample(file, locale)
        }
    }

    fn files(found: &[Diagnostic]) -> Vec<&str> {
        found.iter().map(|d| d.file.as_str()).collect()
    }

    #[test]
    fn a_remark_on_most_pages_of_an_edition_is_reported_once_with_its_count() {
        let pages = vec![
            page("a.md", "xx", &["Permisos (orden X)"]),
            page("b.md", "xx", &["permisos  (orden x)", "Permisos (orden Y)"]),
            page("c.md", "xx", &["Permisos (orden X)"]),
            page("d.md", "xx", &[]),
            // The same remark on a minority of another edition's pages is that edition's pages' own.
            page("e.md", "yy", &["Permisos (orden X)"]),
            page("f.md", "yy", &["Permisos (orden X)"]),
            page("g.md", "yy", &["Permisos (orden X)"]),
            page("h.md", "yy", &[]),
            page("i.md", "yy", &[]),
            page("j.md", "yy", &[]),
        ];
        let found = report(&pages, &SourceMap::new());
        assert!(found.iter().all(|d| d.code == Code::PermissionOrderUnrecognised), "{found:?}");
        let edition: Vec<_> = found.iter().filter(|d| d.message.contains("pages of locale")).collect();
        assert_eq!(edition.len(), 1, "{found:?}");
        assert_eq!(edition[0].file, "a.md");
        assert!(edition[0]
            .message
            .contains("`Permisos (orden X)` is not recognised on 3 of the 4 pages of locale `xx`"));
        // The other remark of `xx`, and every page of `yy`, are reported on their page.
        let per_page: Vec<_> = found.iter().filter(|d| !d.message.contains("pages of locale")).cloned().collect();
        assert_eq!(files(&per_page), ["b.md", "e.md", "f.md", "g.md"], "{per_page:?}");
        assert!(per_page[0].message.contains("`Permisos (orden Y)` is not recognised; read as least to most"));
    }

    #[test]
    fn a_small_edition_reports_each_page() {
        // Both pages of the edition, but fewer than MIN_PAGES: not yet an edition's wording.
        let pages = vec![page("a.md", "xx", &["Permisos (orden X)"]), page("b.md", "xx", &["Permisos (orden X)"])];
        let found = report(&pages, &SourceMap::new());
        assert_eq!(files(&found), ["a.md", "b.md"], "{found:?}");
        assert!(found.iter().all(|d| !d.message.contains("pages of locale")), "{found:?}");
    }
}
