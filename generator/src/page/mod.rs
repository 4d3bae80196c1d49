//! Parsing one API reference page into a [`Page`], on the reading layer ([`crate::doc`]: the
//! markdown pass, sections, annotations).
//!
//! Each extractor reads one section: [`http_request`], [`permissions`] (tables in
//! [`permission_table`], cells in [`permission_cell`]), [`request`] (headers, body),
//! [`status`], [`parameters`] (an action's body parameters); [`locale`] and [`title`] identify
//! the page; [`type_links`] finds the types it names; [`examples`] keeps the example requests
//! and responses.

mod examples;
mod http_request;
mod locale;
mod parameters;
mod permission_cell;
mod permission_rows;
mod permission_table;
mod permissions;
mod request;
mod status;
#[cfg(test)]
mod tests_corpus;
#[cfg(test)]
mod tests_pages;
#[cfg(test)]
mod tests_parameters;
#[cfg(test)]
mod tests_seeds;
mod title;
mod type_links;

use crate::diagnostics::{Code, Diagnostic};
use crate::doc::{self, annotation, sections, Document};
pub use crate::doc::{IncludedText, Includes, NoIncludes, PageInput};
use crate::model::{self, Page, PageKind};

/// What parsing a page produced.
#[derive(Debug, Clone)]
pub struct PageResult {
    /// `None` when the page documents no operation (not an API page, unusable).
    pub page: Option<Page>,
    /// What the page is; only API pages yield a [`Page`].
    pub kind: PageKind,
    pub diagnostics: Vec<Diagnostic>,
    /// Files read through `[!INCLUDE]`, so diagnostics into them can be shown in context.
    pub included: Vec<IncludedText>,
}

/// Opens and parses one page (an API page; any other kind yields its kind and no page).
/// Never panics; everything wrong with the page becomes a diagnostic.
pub fn parse(input: &PageInput, includes: &dyn Includes) -> PageResult {
    read(doc::open(input), includes)
}

/// Parses a page [`doc::open`] read. Never panics; everything wrong with the page becomes a
/// diagnostic.
pub fn read(document: Document<'_>, includes: &dyn Includes) -> PageResult {
    let Document { input, front_matter: fm, kind, markdown, mut ctx } = document;
    let mut result = PageResult { page: None, kind, diagnostics: Vec::new(), included: Vec::new() };
    let (PageKind::Api, Some(doc)) = (kind, markdown) else {
        result.diagnostics = ctx.diagnostics;
        return result;
    };
    annotation::read_all(&mut ctx, &doc.comments);
    let sections = sections::find(&doc);

    let endpoints = match sections.http_request.first() {
        Some(section) => {
            let found = http_request::endpoints(&mut ctx, &doc, &sections.http_request);
            if found.is_empty() {
                let at = doc.blocks.get(section.heading).map_or(0, |b| b.start());
                ctx.report(Code::NoEndpoints, at..at + 1, "the HTTP request section has no `METHOD /path` line");
            }
            found
        }
        None => match http_request::headingless(&mut ctx, &doc, sections.examples) {
            Some((found, at)) => {
                ctx.report(
                    Code::RequestBlockWithoutHeading,
                    at..at + 1,
                    "the page has no HTTP request heading; this `METHOD /path` block is read as its request",
                );
                found
            }
            None => {
                ctx.report(Code::NoHttpRequest, 0..0, "the page has no HTTP request section");
                Vec::new()
            }
        },
    };

    let permissions = match &sections.permissions {
        Some(section) => Some(permissions::read(&mut ctx, &doc, section, includes, &mut result.included)),
        None => {
            ctx.report(Code::NoPermissions, 0..0, "the page has no permissions section");
            None
        }
    };
    let request_headers =
        sections.request_headers.as_ref().map(|s| request::headers(&ctx, &doc, s)).unwrap_or_default();
    let body = request::body(&doc, sections.request_body.as_ref());

    let prose_status = status::prose(&ctx, &doc, &sections);
    let (example_status, example_at) = match status::example(&ctx, &doc, &sections) {
        Some((status, at)) => (Some(status), at),
        None => (None, 0),
    };
    let response_at = sections.response.as_ref().and_then(|s| doc.blocks.get(s.heading)).map(|b| b.start());
    status::check(&mut ctx, response_at, &prose_status, &example_status, example_at);

    let version = match input.version {
        Some(v) => Some(model::Sourced::new(v, model::Source { file: input.file.as_str().into(), line: 1 })),
        None => locale::version_from_urls(&ctx),
    };
    if version.is_none() {
        ctx.report(Code::UnknownVersion, 0..0, "the API version is neither in the path nor in an example URL");
    }
    let locale = input
        .locale
        .clone()
        .or_else(|| fm.content_locale.as_ref().map(|v| v.text.clone()))
        .or_else(|| locale::detect(&doc))
        .map(|l| l.to_ascii_lowercase());
    let locale = locale.unwrap_or_else(|| {
        ctx.report(Code::UnknownLocale, 0..0, "the locale is neither in the path nor recognisable from the content");
        "und".to_owned()
    });

    let mut identity = title::read(&ctx, &doc, &fm, locale.starts_with("en"));
    title::settle_copied_heading(&ctx, &mut identity, &fm, &endpoints, locale.starts_with("en"));
    if identity.key.is_none() {
        ctx.report(Code::NoTitle, 0..0, "the page has no title to identify the operation by");
    }
    // Last: the example annotations sit at the end of the page, and the line index is cheapest
    // read front to back.
    let mut response_type = type_links::response(&ctx, &doc, &sections);
    let request_type = type_links::request_body(&ctx, &doc, sections.request_body.as_ref());
    let examples = examples::read(&ctx, &doc);
    // Actions are POSTs; an update's table lists the resource's properties, which its type says.
    let posts = !endpoints.is_empty() && endpoints.iter().all(|e| e.method == model::Method::Post);
    let english = locale.starts_with("en") || doc.sxs;
    let request_parameters = match posts {
        true => parameters::read(&mut ctx, &doc, sections.request_body.as_ref(), &examples, english),
        false => Vec::new(),
    };
    if let Some(link) = &mut response_type {
        let status_block = status::example_block(&doc, &sections).map(|(block, _)| block.text.as_ref());
        type_links::collection_from_examples(link, &examples, status_block);
    }
    let page = Page {
        file: input.file.clone(),
        locale,
        side_by_side: doc.sxs,
        version,
        title: identity.title,
        key: identity.key,
        description: identity.description,
        endpoints,
        permissions,
        request_headers,
        body,
        prose_status,
        example_status,
        response_type,
        request_type,
        request_parameters,
        examples,
        unknown_order_remarks: std::mem::take(&mut ctx.unknown_order_remarks),
    };
    result.page = Some(page);
    result.diagnostics = ctx.diagnostics;
    result
}
