//! The reading layer: what a page is before it is an operation or a type.
//!
//! [`input`] is the page as the reader hands it over, with its `[!INCLUDE]`s; one markdown
//! pass ([`markdown`]) turns it into blocks; [`sections`] finds the sections by anchor or
//! English heading; [`front_matter`] reads the YAML header, [`annotation`] the
//! `<!-- { ... } -->` blocks, [`json_scan`] the top level of a JSON body, [`html_attr`] an
//! attribute of a tag, [`type_ref`] a type cell (`String collection`); [`source_map`] turns
//! offsets into lines and collects what reading finds; [`kind`] decides what kind of page it is.
//!
//! [`open`] reads a page once (front matter, kind, the markdown pass its parser needs) and the
//! pipeline hands the [`Document`] to its parser: `page` for API pages, `resource` for
//! resource and enum pages. Both build on this layer and never name each other.

pub mod annotation;
pub mod front_matter;
mod html_attr;
mod input;
pub mod json_scan;
pub mod kind;
pub mod markdown;
pub mod sections;
pub mod source_map;
pub mod type_ref;

pub use input::{IncludeError, IncludedText, Includes, NoIncludes, PageInput};

use crate::diagnostics::Code;
use crate::model::PageKind;
use front_matter::FrontMatter;
use markdown::Doc;
use source_map::Ctx;

/// A page read once: its front matter, its kind, the markdown pass its kind's parser reads,
/// and where that parser goes on reporting (holding what opening the page found).
pub struct Document<'t> {
    pub input: &'t PageInput,
    pub front_matter: FrontMatter,
    pub kind: PageKind,
    /// [`markdown::parse`] for an API page, [`markdown::parse_all`] for a resource or enum
    /// page (they read sections API pages skip); `None` for an empty page or an overview.
    pub markdown: Option<Doc<'t>>,
    pub ctx: Ctx<'t>,
}

/// Reads a page's front matter, decides its kind (folder, front matter, and only when those
/// disagree its structure) and makes the markdown pass its parser needs. Reports an empty
/// file, a disagreement about the kind, and a page in an API folder that is not an API page.
pub fn open(input: &PageInput) -> Document<'_> {
    let text = input.text.as_str();
    let mut ctx = Ctx::new(&input.file, text);
    let fm = front_matter::read(text);
    if text.trim().is_empty() {
        ctx.report(Code::EmptyFile, 0..text.len(), "the file is empty");
        return Document { input, front_matter: fm, kind: PageKind::Api, markdown: None, ctx };
    }
    let doc_type = fm.doc_type.as_ref().map(|d| (kind::from_doc_type(&d.text), d));
    let mut parsed = None;
    let (kind, disagreement) = match doc_type {
        // A doc_type we do not know says nothing; the folder, else the content, decides.
        Some((None, _)) if input.folder_kind.is_none() => {
            let doc = parsed.insert(markdown::parse(text, fm.end));
            let kind = if has_request_block(doc) { PageKind::Api } else { PageKind::Overview };
            (kind, None)
        }
        _ => kind::decide(input.folder_kind, doc_type.and_then(|(k, _)| k), || {
            has_request_block(parsed.insert(markdown::parse(text, fm.end)))
        }),
    };
    let doc_type_at = doc_type.map_or(0, |(_, d)| d.offset);
    if let Some(d) = &disagreement {
        let because = if d.decided == PageKind::Api { "has an" } else { "has no" };
        ctx.report(
            Code::PageKindDisagreement,
            doc_type_at..doc_type_at + 1,
            format!(
                "the folder says {} page and the front matter says {} page; read as {} page because it {because} HTTP request section",
                article(d.folder),
                article(d.doc_type),
                article(d.decided)
            ),
        );
    }
    // Pages outside an API folder are expected not to be operations; elsewhere, say why one was skipped.
    if kind != PageKind::Api && disagreement.is_none() && input.folder_kind.is_none_or(|f| f == PageKind::Api) {
        let written = doc_type.map_or("", |(_, d)| d.text.as_str());
        ctx.report(
            Code::NotAnApiPage,
            doc_type_at..doc_type_at + 1,
            format!("`doc_type: {written}` is not an API page; skipped"),
        );
    }
    let markdown = match kind {
        PageKind::Api => Some(parsed.unwrap_or_else(|| markdown::parse(text, fm.end))),
        // Only a page whose kind its structure decided was read before, and not whole.
        PageKind::Resource | PageKind::Enum => Some(markdown::parse_all(text, fm.end)),
        PageKind::Overview => None,
    };
    Document { input, front_matter: fm, kind, markdown, ctx }
}

/// A page read as `kind`, whatever its folder and front matter say (tests of one parser).
#[cfg(test)]
pub fn open_as(input: &PageInput, kind: PageKind) -> Document<'_> {
    let fm = front_matter::read(&input.text);
    let markdown = match kind {
        PageKind::Api => markdown::parse(&input.text, fm.end),
        PageKind::Resource | PageKind::Enum | PageKind::Overview => markdown::parse_all(&input.text, fm.end),
    };
    Document { input, front_matter: fm, kind, markdown: Some(markdown), ctx: Ctx::new(&input.file, &input.text) }
}

/// Whether the page has an HTTP request section: what makes a page an operation.
fn has_request_block(doc: &Doc) -> bool {
    !sections::find(doc).http_request.is_empty()
}

/// `an API`, `a resource`: for messages.
fn article(kind: PageKind) -> String {
    match kind {
        PageKind::Api | PageKind::Enum | PageKind::Overview => format!("an {}", kind.as_str()),
        PageKind::Resource => format!("a {}", kind.as_str()),
    }
}
