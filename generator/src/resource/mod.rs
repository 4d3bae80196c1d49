//! Reading one resource or enum page into types ([`TypeDef`], [`EnumDef`]).
//!
//! The same rules as the API pages: sections by `<a name>` anchor or English heading,
//! side-by-side pages read on their English side, annotations read leniently. The type's
//! name and namespace come from the `blockType: resource` annotation's `@odata.type`, else
//! from the English H1 (`# user resource type`); tables are read by column position
//! (name | type | description), whatever the header says in the page's language.

mod base_type;
mod enums;

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use crate::diagnostics::{Code, Diagnostic};
use crate::model::{CellLink, EnumDef, PageKind, Property, TypeDef};

use crate::doc::markdown::{Block, Doc, Heading, Inline, Table};
use crate::doc::source_map::Ctx;
use crate::doc::{annotation, json_scan, type_ref, Document, PageInput};
use crate::vocabulary as vocab;

/// What reading a resource or enum page produced.
#[derive(Debug, Default)]
pub struct ResourceResult {
    pub types: Vec<TypeDef>,
    pub enums: Vec<EnumDef>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Reads a page [`crate::doc::open`] classed as a resource or enum page (any other kind
/// yields nothing). Never panics.
pub fn read(document: Document<'_>) -> ResourceResult {
    let Document { input, kind, markdown, mut ctx, .. } = document;
    let Some(doc) = markdown else {
        return ResourceResult { diagnostics: ctx.diagnostics, ..ResourceResult::default() };
    };
    let locale = input.locale.clone().unwrap_or_else(|| "und".to_owned()).to_ascii_lowercase();
    let mut result = ResourceResult::default();
    match kind {
        PageKind::Enum => result.enums = enums::read(&mut ctx, &doc, input.version, &locale),
        PageKind::Resource => result.types.extend(read_type(&mut ctx, &doc, input, &locale)),
        PageKind::Api | PageKind::Overview => {}
    }
    result.diagnostics = ctx.diagnostics;
    result
}

fn read_type(ctx: &mut Ctx, doc: &Doc, input: &PageInput, locale: &str) -> Option<TypeDef> {
    let (annotation, annotation_at) = resource_annotation(ctx, doc).unzip();
    let get = |key: &str| annotation.as_ref().and_then(|a| a.get(key));
    let h1 = doc.blocks.iter().find_map(|b| match b {
        Block::Heading(h) if h.level == 1 => Some(h),
        _ => None,
    });
    let source = ctx.source(h1.map_or(0, |h| h.span.start));
    let (namespace, name) = match get("@odata.type").and_then(|v| v.as_str()) {
        Some(odata) => split_odata(odata),
        None => {
            // Overviews under resources/ have no annotation and no Properties table: not a type.
            let has_properties = section(doc, vocab::HEADING_PROPERTIES).is_some();
            let english = h1.filter(|h| input.locale.as_deref().is_none_or(|l| l.starts_with("en")) || h.text.is_sxs());
            match (english.and_then(|h| title_type_name(&h.text.english)), has_properties) {
                (Some(name), true) => (namespace_line(doc).unwrap_or_else(|| "microsoft.graph".to_owned()), name),
                (_, false) => return None,
                (None, true) => {
                    ctx.report(
                        Code::ResourceWithoutName,
                        h1.map_or(0..0, |h| h.span.clone()),
                        "the resource page names its type neither in an `@odata.type` annotation nor in an English title",
                    );
                    return None;
                }
            }
        }
    };
    let text_of = |key: &str| get(key).and_then(|v| v.as_str()).map(str::to_owned);
    let mut properties = match (section(doc, vocab::HEADING_PROPERTIES), annotation_at) {
        (None, Some(at)) => representation_rows(ctx, doc, at),
        _ => section_rows(ctx, doc, vocab::HEADING_PROPERTIES),
    };
    let mut relationships = section_rows(ctx, doc, vocab::HEADING_RELATIONSHIPS);
    if let Some(at) = annotation_at {
        let mut members: Vec<&mut Property> = properties.iter_mut().chain(&mut relationships).collect();
        representation_types(doc, at, &mut members);
    }
    Some(TypeDef {
        name,
        namespace,
        version: input.version,
        base_type: text_of("baseType").or_else(|| base_type::from_prose(ctx, doc)),
        key: text_of("keyProperty"),
        open_type: get("openType").is_some_and(|v| v.as_bool() == Some(true) || v.as_str() == Some("true")),
        properties,
        relationships,
        methods: method_rows(ctx, doc),
        source,
        locale: locale.to_owned(),
    })
}

/// `[List joinedTeams](../api/user-list-joinedteams.md)`: the stem of an operation page.
static API_LINK: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\]\(\s*(?:\.\./|\./)*api/([A-Za-z0-9_.-]+?)\.md\b").expect("api link regex"));

/// The Methods table's `[operation](../api/page.md) | return type | description` rows whose
/// type reads as one (`None` and prose are not types the merge knows, and drop out there).
fn method_rows(ctx: &Ctx, doc: &Doc) -> Vec<Property> {
    let Some(blocks) = section(doc, vocab::HEADING_METHODS) else { return Vec::new() };
    let mut out: Vec<Property> = Vec::new();
    let tables = blocks.iter().filter_map(|b| match b {
        Block::Table(t) => Some(t),
        _ => None,
    });
    for row in tables.flat_map(|t| t.rows.iter().skip(1)) {
        let (Some(operation), Some(type_cell)) = (row.first(), row.get(1)) else { continue };
        // The cell's own text: links hold no `|`.
        let raw = ctx.text.get(operation.start..).unwrap_or_default().trim_start_matches(['|', ' ']);
        let cell = raw.split(['|', '\n']).next().unwrap_or_default();
        let Some(stem) = API_LINK.captures(cell).and_then(|c| c.get(1)) else { continue };
        let Some((type_name, collection)) = type_ref::parse(&type_cell.english) else { continue };
        let name = stem.as_str().to_ascii_lowercase();
        if !out.iter().any(|m| m.name == name) {
            let link = cell_link(ctx, type_cell.start, &type_name);
            out.push(Property {
                name,
                type_name,
                collection,
                description: None,
                source: ctx.source(operation.start),
                link,
            });
        }
    }
    out
}

/// A type cell that is a link to a page of the same folder or of the resources folder, no
/// anchor (`[photo](profilephoto.md) collection`): its text and the page's stem.
static TYPE_CELL_LINK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[\s*_`]*\[\s*`?([A-Za-z][A-Za-z0-9_.]*)`?\s*\]\(\s*(?:\./|\.\./resources/)?([A-Za-z0-9_-]+)\.md\s*\)")
        .expect("type cell link regex")
});

/// The page the type cell at `at` links (`resources/<stem>`) where it is not the page named
/// after the type its text names (`type_name`): which of the two the row means is the
/// merge's to weigh.
fn cell_link(ctx: &Ctx, at: usize, type_name: &str) -> Option<CellLink> {
    let raw = ctx.text.get(at..)?.trim_start_matches(['|', ' ']);
    let cell = raw.split(['|', '\n']).next()?;
    let found = TYPE_CELL_LINK.captures(cell)?;
    let (text, stem) = (found.get(1)?.as_str(), found.get(2)?.as_str().to_ascii_lowercase());
    let named = type_name.rsplit('.').next()?.to_ascii_lowercase();
    let page = format!("{}{stem}", crate::model::TypeLink::RESOURCE_PAGE);
    (text == type_name && stem != named).then_some(CellLink { page, representation: None })
}

/// Where a linked type cell's text and page may name different types, the JSON
/// representation's `@odata.type` for the member (`"servicePrincipal": [{"@odata.type":
/// "microsoft.graph.provisioningServicePrincipal"}]`), for the merge to weigh with them.
fn representation_types(doc: &Doc, annotation_at: usize, members: &mut [&mut Property]) {
    let representation = doc.blocks.iter().find_map(|b| match b {
        Block::Code(code) if code.span.start > annotation_at => Some(code),
        _ => None,
    });
    let Some(object) = representation.and_then(|code| json_scan::top_level(&code.text)) else { return };
    for p in members.iter_mut() {
        let entry = object.entries.iter().find(|(key, _)| *key == p.name);
        let written = entry.and_then(|(_, value)| json_scan::odata_type(value)).filter(|w| type_ref::is_identifier(w));
        if let (Some(link), Some(written)) = (p.link.as_mut(), written) {
            link.representation = Some(written.to_owned());
        }
    }
}

/// `microsoft.graph.user` → (`microsoft.graph`, `user`).
fn split_odata(odata: &str) -> (String, String) {
    let odata = odata.trim().trim_start_matches('#');
    match odata.rsplit_once('.') {
        Some((namespace, name)) => (namespace.to_owned(), name.to_owned()),
        None => ("microsoft.graph".to_owned(), odata.to_owned()),
    }
}

/// `user resource type` → `user`; the first word when it is an identifier.
fn title_type_name(title: &str) -> Option<String> {
    let word = title.split_whitespace().next()?.trim_matches(|c: char| !c.is_alphanumeric());
    type_ref::is_identifier(word).then(|| word.to_owned())
}

/// `Namespace: microsoft.graph.callRecords` (the line under the title), any language: the
/// value is the dotted identifier after the colon.
fn namespace_line(doc: &Doc) -> Option<String> {
    doc.blocks.iter().take(6).find_map(|b| match b {
        Block::Para(p) => {
            let value = p.text.english.split_once([':', '：'])?.1.trim();
            (value.starts_with("microsoft.") && type_ref::is_identifier(value)).then(|| value.to_owned())
        }
        _ => None,
    })
}

/// The parsed `blockType: resource` annotation and where it is, if the page has one that parses.
fn resource_annotation(ctx: &Ctx, doc: &Doc) -> Option<(serde_json::Map<String, serde_json::Value>, usize)> {
    annotation::candidates(ctx.text, &doc.comments, "resource").find_map(|(json, at)| {
        let serde_json::Value::Object(object) = annotation::parse_lenient(json).ok()?.0 else { return None };
        (object.get("blockType").and_then(|b| b.as_str()) == Some("resource")).then_some((object, at))
    })
}

/// Whether a heading is one of `labels`, by anchor or English text (`-` as a space).
fn heading_is(h: &Heading, labels: &[&str]) -> bool {
    let matches = |text: &str| {
        let t = text.trim().trim_end_matches(':').trim().to_lowercase().replace('-', " ");
        labels.contains(&t.as_str())
    };
    h.anchor.as_deref().is_some_and(matches) || matches(&h.text.english)
}

/// The blocks of the first section headed by one of `labels`, up to its first sub-heading.
fn section<'d>(doc: &'d Doc, labels: &[&str]) -> Option<&'d [Block<'d>]> {
    let start = doc.blocks.iter().position(|b| matches!(b, Block::Heading(h) if heading_is(h, labels)))? + 1;
    // Sub-sections (`### Legal age group values`) hold other tables: the section ends at any heading.
    let end =
        doc.blocks[start..].iter().position(|b| matches!(b, Block::Heading(_))).map_or(doc.blocks.len(), |n| start + n);
    doc.blocks.get(start..end)
}

/// The rows of the tables of a Properties or Relationships section.
fn section_rows(ctx: &mut Ctx, doc: &Doc, labels: &[&str]) -> Vec<Property> {
    let Some(blocks) = section(doc, labels) else { return Vec::new() };
    let mut out: Vec<Property> = Vec::new();
    for table in blocks.iter().filter_map(|b| match b {
        Block::Table(t) => Some(t),
        _ => None,
    }) {
        for property in table_rows(ctx, table) {
            if !out.iter().any(|p| p.name == property.name) {
                out.push(property);
            }
        }
    }
    out
}

/// `name | type | description` rows; rows whose name or type cannot be read are reported and left out.
fn table_rows(ctx: &mut Ctx, table: &Table) -> Vec<Property> {
    let mut out = Vec::new();
    for row in table.rows.iter().skip(1) {
        match read_row(ctx, row) {
            Some(Ok((property, _))) => out.push(property),
            Some(Err((at, message))) => {
                ctx.report(Code::ResourceRowUnreadable, at, message);
            }
            None => {}
        }
    }
    out
}

/// A row read as a property and the offset of its name, or where and why it does not read.
type Row = Result<(Property, usize), (Range<usize>, String)>;

/// One `name | type | description` row and where its name is: `None` for a row without a
/// name, `Err` (where, why) for one whose name or type does not read as such.
fn read_row(ctx: &Ctx, row: &[Inline]) -> Option<Row> {
    let (name_cell, type_cell) = (row.first()?, row.get(1)?);
    let name = type_ref::cell_name(&name_cell.english);
    if name.is_empty() {
        return None;
    }
    if !type_ref::is_property_name(&name) {
        let at = name_cell.start..name_cell.start + 1;
        return Some(Err((at, format!("`{name}` is not a property name; the row is left out"))));
    }
    let Some((type_name, collection)) = type_ref::parse(&type_cell.english) else {
        let why = format!(
            "the type of `{name}` (`{}`) is not a type name; the property is left out",
            type_cell.english.trim()
        );
        return Some(Err((type_cell.start..type_cell.start + 1, why)));
    };
    let description = row.get(2).map(|c| c.english.trim().to_owned()).filter(|d| !d.is_empty());
    let link = cell_link(ctx, type_cell.start, &type_name);
    let property = Property { name, type_name, collection, description, source: ctx.source(name_cell.start), link };
    Some(Ok((property, name_cell.start)))
}

/// The properties of a page that has a resource annotation but no Properties section
/// (`controlScore`: the table right under the title; `operationError`: under "operationError
/// Properties"). Without the heading, a table is read as properties only where its rows name
/// the keys of the JSON representation that follows the annotation: the rows that do are
/// taken, provided they are most of the table; a Methods table or any other never is. A row
/// of such a table that the representation does not confirm is reported and left out.
fn representation_rows(ctx: &mut Ctx, doc: &Doc, annotation_at: usize) -> Vec<Property> {
    let representation = doc.blocks.iter().find_map(|b| match b {
        Block::Code(code) if code.span.start > annotation_at => Some(code),
        _ => None,
    });
    let Some(object) = representation.and_then(|code| json_scan::top_level(&code.text)) else { return Vec::new() };
    let keys: Vec<&str> = object.entries.iter().map(|(key, _)| *key).collect();
    let relationships = section(doc, vocab::HEADING_RELATIONSHIPS).unwrap_or_default();
    let mut out: Vec<Property> = Vec::new();
    let tables = doc.blocks.iter().filter_map(|b| match b {
        Block::Table(t) if !relationships.iter().any(|r| r.start() == t.span.start) => Some(t),
        _ => None,
    });
    for table in tables {
        let rows: Vec<_> = table.rows.iter().skip(1).filter_map(|row| read_row(ctx, row)).collect();
        let confirmed = |row: &Row| row.as_ref().is_ok_and(|(p, _)| keys.contains(&p.name.as_str()));
        let taken = rows.iter().filter(|row| confirmed(row)).count();
        if taken == 0 || taken * 2 <= rows.len() {
            continue;
        }
        for row in rows {
            match row {
                Ok((p, _)) if keys.contains(&p.name.as_str()) => {
                    if !out.iter().any(|o| o.name == p.name) {
                        out.push(p);
                    }
                }
                Ok((p, at)) => {
                    let message = format!(
                        "`{}` is in a properties table without a Properties heading, but not in the JSON \
                         representation; the row is left out",
                        p.name
                    );
                    ctx.report(Code::ResourceRowUnreadable, at..at + 1, message);
                }
                Err((at, message)) => {
                    ctx.report(Code::ResourceRowUnreadable, at, message);
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests;
