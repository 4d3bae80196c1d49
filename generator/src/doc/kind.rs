//! What kind of page this is. A docs checkout keeps operations in `api/` and types in
//! `resources/`, and the front matter says `doc_type`; both are usually right and
//! occasionally wrong (resource pages copied from an API page keep `apiPageType`,
//! a few API pages say `resourcePageType`). When they disagree, the page's own
//! structure decides: an operation has an HTTP request block.

use crate::model::PageKind;

/// How the kind was decided, when the folder and the front matter disagree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Disagreement {
    pub folder: PageKind,
    pub doc_type: PageKind,
    pub decided: PageKind,
}

/// The kind a `doc_type` value names; `None` for a value we do not know.
pub fn from_doc_type(value: &str) -> Option<PageKind> {
    let v = value.trim().to_ascii_lowercase();
    if v.starts_with("apipage") {
        Some(PageKind::Api)
    } else if v.starts_with("resourcepage") {
        Some(PageKind::Resource)
    } else if v.starts_with("enum") {
        Some(PageKind::Enum)
    } else if v.starts_with("conceptual") || v.starts_with("overview") {
        Some(PageKind::Overview)
    } else {
        None
    }
}

/// Decides the kind from the folder, the front matter and, only when those two disagree,
/// whether the page has an HTTP request block (`has_request`, computed lazily: it needs
/// the markdown pass, which most pages outside `api/` never get).
pub fn decide(
    folder: Option<PageKind>,
    doc_type: Option<PageKind>,
    has_request: impl FnOnce() -> bool,
) -> (PageKind, Option<Disagreement>) {
    match (folder, doc_type) {
        (None, None) => (PageKind::Api, None),
        (Some(k), None) | (None, Some(k)) => (k, None),
        (Some(f), Some(d)) if f == d || (f != PageKind::Api && d != PageKind::Api) => (d, None),
        (Some(folder), Some(doc_type)) => {
            let decided = if has_request() {
                PageKind::Api
            } else if folder == PageKind::Api {
                doc_type
            } else {
                folder
            };
            (decided, Some(Disagreement { folder, doc_type, decided }))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use PageKind::*;

    #[test]
    fn doc_types() {
        assert_eq!(from_doc_type("apiPageType"), Some(Api));
        assert_eq!(from_doc_type("resourcePageType_"), Some(Resource));
        assert_eq!(from_doc_type("enumTypes"), Some(Enum));
        assert_eq!(from_doc_type("conceptualPageType"), Some(Overview));
        assert_eq!(from_doc_type("somethingNew"), None);
    }

    #[test]
    fn agreement_needs_no_content() {
        let never = || -> bool { panic!("content must not be consulted") };
        assert_eq!(decide(Some(Resource), Some(Resource), never), (Resource, None));
        assert_eq!(decide(Some(Resource), None, never), (Resource, None));
        assert_eq!(decide(None, Some(Enum), never), (Enum, None));
        assert_eq!(decide(None, None, never), (Api, None));
        // Both say "not an operation": the front matter names the finer kind.
        assert_eq!(decide(Some(Resource), Some(Enum), never), (Enum, None));
    }

    #[test]
    fn disagreement_is_settled_by_the_request_block() {
        let (kind, why) = decide(Some(Resource), Some(Api), || false);
        assert_eq!(kind, Resource);
        assert_eq!(why, Some(Disagreement { folder: Resource, doc_type: Api, decided: Resource }));
        assert_eq!(decide(Some(Api), Some(Resource), || true).0, Api);
        assert_eq!(decide(Some(Api), Some(Resource), || false).0, Resource);
        assert_eq!(decide(Some(Resource), Some(Api), || true).0, Api);
    }
}
