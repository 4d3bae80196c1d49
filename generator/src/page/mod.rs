//! Parsing one reference page into a [`Page`].
//!
//! One markdown pass ([`markdown`]) turns the page into blocks; [`sections`]
//! finds the sections by anchor or English heading; each extractor reads one
//! section: [`http_request`], [`permissions`] (tables in [`permission_table`],
//! cells in [`permission_cell`]), [`request`] (headers, body), [`status`];
//! [`locale`] and [`title`] identify the page; [`annotation`] checks the
//! `<!-- { ... } -->` blocks; [`examples`] keeps the example requests and responses.

pub(crate) mod annotation;
mod examples;
pub(crate) mod front_matter;
mod html_attr;
mod http_request;
pub(crate) mod json_scan;
mod kind;
mod locale;
pub(crate) mod markdown;
mod parameters;
mod permission_cell;
mod permission_rows;
mod permission_table;
mod permissions;
mod request;
mod sections;
pub(crate) mod source_map;
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
use crate::model::{self, ApiVersion, Page, PageKind};

/// One page as handed over by the reader.
#[derive(Debug, Clone)]
pub struct PageInput {
    /// Relative to the input root, `/`-separated.
    pub file: String,
    pub text: String,
    /// Locale from the path (`en-us`), if the path says.
    pub locale: Option<String>,
    /// API version from the path, if the path says.
    pub version: Option<ApiVersion>,
    /// The kind of page the folder implies (`api/`, `resources/`), if the path says.
    pub folder_kind: Option<PageKind>,
}

/// A file pulled in by `[!INCLUDE]`.
#[derive(Debug, Clone)]
pub struct IncludedText {
    /// Relative to the input root, `/`-separated.
    pub file: String,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IncludeError {
    Missing,
    /// Outside the docs root, textually or once symlinks are resolved.
    OutsideRoot,
    /// A FIFO, device, socket or folder.
    NotAFile,
    /// Larger than [`crate::read::MAX_INCLUDE_BYTES`].
    TooLarge,
    /// Exists but cannot be read (permissions, a symlink loop, not UTF-8): why.
    Unreadable(String),
}

impl IncludeError {
    pub fn code(&self) -> Code {
        match self {
            IncludeError::Missing => Code::IncludeMissing,
            IncludeError::OutsideRoot => Code::IncludeOutsideRoot,
            IncludeError::NotAFile => Code::IncludeNotAFile,
            IncludeError::TooLarge => Code::IncludeTooLarge,
            IncludeError::Unreadable(_) => Code::IncludeUnreadable,
        }
    }

    /// What to tell the user about `target`.
    pub fn message(&self, target: &str) -> String {
        match self {
            IncludeError::Missing => format!("included file `{target}` does not exist"),
            IncludeError::OutsideRoot => format!("included file `{target}` is outside the docs root"),
            IncludeError::NotAFile => format!("included file `{target}` is not a regular file: not read"),
            IncludeError::TooLarge => format!(
                "included file `{target}` is larger than {} MiB: not read",
                crate::read::MAX_INCLUDE_BYTES >> 20
            ),
            IncludeError::Unreadable(why) => format!("included file `{target}` cannot be read: {why}"),
        }
    }
}

/// Resolves `[!INCLUDE [..](target)]` relative to the including page, never outside the docs root.
pub trait Includes: Sync {
    fn resolve(&self, page_file: &str, target: &str) -> Result<IncludedText, IncludeError>;
}

/// No includes available (tests, single strings).
pub struct NoIncludes;

impl Includes for NoIncludes {
    fn resolve(&self, _: &str, _: &str) -> Result<IncludedText, IncludeError> {
        Err(IncludeError::Missing)
    }
}

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

/// Parses one page. Never panics; everything wrong with the page becomes a diagnostic.
pub fn parse(input: &PageInput, includes: &dyn Includes) -> PageResult {
    let text = input.text.as_str();
    let mut ctx = source_map::Ctx::new(&input.file, text);
    let mut result = PageResult { page: None, kind: PageKind::Api, diagnostics: Vec::new(), included: Vec::new() };
    if text.trim().is_empty() {
        ctx.report(Code::EmptyFile, 0..text.len(), "the file is empty");
        result.diagnostics = ctx.diagnostics;
        return result;
    }
    let fm = front_matter::read(text);
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
    result.kind = kind;
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
    if kind != PageKind::Api {
        // Pages outside an API folder are expected not to be operations; elsewhere, say why one was skipped.
        if disagreement.is_none() && input.folder_kind.is_none_or(|f| f == PageKind::Api) {
            let written = doc_type.map_or("", |(_, d)| d.text.as_str());
            ctx.report(
                Code::NotAnApiPage,
                doc_type_at..doc_type_at + 1,
                format!("`doc_type: {written}` is not an API page; skipped"),
            );
        }
        result.diagnostics = ctx.diagnostics;
        return result;
    }
    let doc = match parsed {
        Some(doc) => doc,
        None => markdown::parse(text, fm.end),
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

/// Whether the page has an HTTP request section: what makes a page an operation.
fn has_request_block(doc: &markdown::Doc) -> bool {
    !sections::find(doc).http_request.is_empty()
}

/// `an API`, `a resource`: for messages.
fn article(kind: PageKind) -> String {
    match kind {
        PageKind::Api | PageKind::Enum | PageKind::Overview => format!("an {}", kind.as_str()),
        PageKind::Resource => format!("a {}", kind.as_str()),
    }
}
