//! An action's parameters: the table of its Request body section
//! (`| Parameter | Type | Description |`, `|message|[Message](../resources/message.md)|...|`).
//!
//! Read by structure, in any language, never by header words: the type column is the one
//! whose every cell reads as a type (the resource pages' type-cell reader) and that names
//! Graph types most plainly (an Edm primitive, a link to a resource page, a collection); the
//! name is the first column, the description the one after the type. A table read otherwise
//! (no such column, a row without a name) gives no parameters and a warning: a wrong name in
//! a generated struct would serialize a body the service ignores.
//!
//! The example requests are code, never translated: a name their JSON spells otherwise but for
//! case takes their spelling (`Message` → `message`); on a page read in translation, a name
//! no example sends (`mensaje`), or any name when no example can confirm it, may be a
//! translation, and the table is not trusted.

use super::type_links::RESOURCE_LINK;
use crate::diagnostics::Code;
use crate::doc::markdown::{Block, Doc, Inline, Table};
use crate::doc::sections::Section;
use crate::doc::source_map::Ctx;
use crate::doc::type_ref;
use crate::model::{Edm, Example, ExampleKind, Property, TypeLink};
use std::collections::BTreeSet;

/// The parameters of the Request body section's tables (rows of several tables are joined,
/// the first row of a name kept), checked against the page's `examples`; `english`: the
/// names were read in English (an English page, or a side-by-side page's English side).
/// Warns when the section has tables and none reads as one.
pub fn read(ctx: &mut Ctx, doc: &Doc, section: Option<&Section>, examples: &[Example], english: bool) -> Vec<Property> {
    let Some(blocks) = section.and_then(|s| doc.blocks.get(s.body.clone())) else { return Vec::new() };
    let mut members = example_members(examples);
    members.extend(unannotated_members(doc, section.map_or(0, |s| s.body.end)));
    let sent = Sent { members, english };
    let mut out: Vec<Property> = Vec::new();
    let mut unreadable: Option<(usize, String)> = None;
    for table in blocks.iter().filter_map(|b| match b {
        Block::Table(t) => Some(t),
        _ => None,
    }) {
        match parameters(ctx, table, &sent) {
            Ok(found) => {
                for p in found {
                    if !out.iter().any(|o| o.name == p.name) {
                        out.push(p);
                    }
                }
            }
            Err(why) => {
                unreadable.get_or_insert(why);
            }
        }
    }
    // Another table of a section that has a parameter table lists something else (values, headers).
    if let (true, Some((at, why))) = (out.is_empty(), unreadable) {
        ctx.report(Code::ParameterTableUnreadable, at..at + 1, format!("{why}; no request parameters are recorded"));
    }
    out
}

/// What the example requests send: their top-level members.
struct Sent {
    members: BTreeSet<String>,
    english: bool,
}

/// Scanned rather than parsed: an example body cut with `...` or carrying a comment still
/// shows the members it sends.
fn example_members(examples: &[Example]) -> BTreeSet<String> {
    let requests = examples.iter().filter(|e| e.kind == ExampleKind::Request && e.json);
    let objects = requests.filter_map(|e| crate::doc::json_scan::top_level(e.body.as_deref()?));
    objects.flat_map(|o| o.entries.into_iter().map(|(key, _)| key.to_owned())).collect()
}

/// The top-level members of the POST blocks after the Request body section, annotated or not
/// (many pages, Intune's among them, annotate none of their examples).
fn unannotated_members(doc: &Doc, from: usize) -> BTreeSet<String> {
    let blocks = doc.blocks.iter().skip(from).filter_map(|b| match b {
        Block::Code(code) => Some(code.text.as_ref()),
        _ => None,
    });
    let posts = blocks.filter(|text| text.trim_start().starts_with("POST "));
    let objects = posts.filter_map(|text| crate::doc::json_scan::top_level(super::examples::body(text)?));
    objects.flat_map(|o| o.entries.into_iter().map(|(key, _)| key.to_owned())).collect()
}

impl Sent {
    /// The name as the examples send it; `None` when a translated name is suspected.
    fn spelling(&self, name: &str) -> Option<String> {
        // Examples that disagree among themselves (`Message`, `message`): Graph's members are camelCase.
        let alike: Vec<&String> = self.members.iter().filter(|m| m.eq_ignore_ascii_case(name)).collect();
        let camel: Vec<&String> =
            alike.iter().copied().filter(|m| m.starts_with(|c: char| c.is_ascii_lowercase())).collect();
        match (&alike[..], &camel[..]) {
            ([member], _) | (_, [member]) => Some((*member).clone()),
            // A name read in translation that no example confirms may be a translation too.
            _ if self.english || alike.iter().any(|m| *m == name) => Some(name.to_owned()),
            _ => None,
        }
    }
}

/// How plainly a type cell names a Graph type: 2 for an Edm primitive, a resource link or a
/// collection (what a name column never holds), 1 for a bare identifier, `None` for no type.
fn type_score(ctx: &Ctx, cell: &Inline) -> Option<u8> {
    let (name, collection) = type_ref::parse(&cell.english)?;
    let plain = collection || Edm::parse(&name).is_some() || name.contains('.') || resource_link(ctx, cell).is_some();
    Some(if plain { 2 } else { 1 })
}

/// The resource page a cell links to (`message` for `[Message](../resources/message.md)`).
fn resource_link(ctx: &Ctx, cell: &Inline) -> Option<String> {
    // The cell's source runs from its start to the next `|` (a link target holds none).
    let rest = ctx.text.get(cell.start..)?;
    let rest = rest.strip_prefix('|').unwrap_or(rest);
    let raw = &rest[..rest.find(['|', '\n']).unwrap_or(rest.len())];
    RESOURCE_LINK.captures(raw).and_then(|m| m.get(1)).map(|stem| stem.as_str().to_ascii_lowercase())
}

/// The rows of a parameter table, or where and why the table does not read as one.
fn parameters(ctx: &Ctx, table: &Table, sent: &Sent) -> Result<Vec<Property>, (usize, String)> {
    let rows: Vec<&Vec<Inline>> =
        table.rows.iter().skip(1).filter(|r| r.iter().any(|c| !c.english.trim().is_empty())).collect();
    let at = table.span.start;
    let width = rows.iter().map(|r| r.len()).max().unwrap_or(0);
    // Column 0 holds the names; the type column is the best-scoring other one where every row reads.
    let column_score = |c: usize| -> Option<u32> {
        rows.iter().map(|r| r.get(c).and_then(|cell| type_score(ctx, cell)).map(u32::from)).sum()
    };
    let type_column = (1..width)
        .filter_map(|c| column_score(c).map(|s| (s, c)))
        .filter(|(score, _)| *score > rows.len() as u32)
        .max_by_key(|&(score, c)| (score, std::cmp::Reverse(c)))
        .map(|(_, c)| c)
        .ok_or_else(|| (at, "the Request body table has no column whose every cell is a type".to_owned()))?;
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        let (Some(name_cell), Some(type_cell)) = (row.first(), row.get(type_column)) else {
            return Err((at, "a row of the Request body table has no type cell".to_owned()));
        };
        let name = type_ref::cell_name(&name_cell.english);
        // `site@odata.bind` binds an existing item: a member of the body like any other.
        let annotated =
            name.split_once('@').is_some_and(|(a, b)| type_ref::is_identifier(a) && type_ref::is_identifier(b));
        if !(type_ref::is_property_name(&name) || annotated) {
            return Err((name_cell.start, format!("`{name}` in the Request body table is not a parameter name")));
        }
        let Some(name) = sent.spelling(&name) else {
            let why = format!("`{name}` is sent by no example request: the name may be translated");
            return Err((name_cell.start, why));
        };
        let Some((written, collection)) = type_ref::parse(&type_cell.english) else {
            return Err((type_cell.start, format!("the type of `{name}` is not a type name")));
        };
        // A linked type is resolved by its page in the merge, like the response's type.
        let type_name = match resource_link(ctx, type_cell) {
            Some(stem) => format!("{}{stem}", TypeLink::RESOURCE_PAGE),
            None => written,
        };
        let description = row.get(type_column + 1).map(|c| c.english.trim().to_owned()).filter(|d| !d.is_empty());
        out.push(Property {
            name,
            type_name,
            collection,
            description,
            source: ctx.source(name_cell.start),
            link: None,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::Sent;

    #[test]
    fn spelling_follows_the_examples_and_prefers_camel_case_where_they_disagree() {
        let sent =
            |members: &[&str], english| Sent { members: members.iter().map(|m| (*m).to_owned()).collect(), english };
        let both = sent(&["Message", "message", "saveToSentItems"], true);
        assert_eq!(both.spelling("Message").as_deref(), Some("message"));
        assert_eq!(both.spelling("SAVETOSENTITEMS").as_deref(), Some("saveToSentItems"));
        assert_eq!(both.spelling("comment").as_deref(), Some("comment"), "English: an optional name no example sends");
        let translated = sent(&["message"], false);
        assert_eq!(translated.spelling("mensaje"), None);
        assert_eq!(sent(&[], false).spelling("mensaje"), None, "in translation, no example to confirm it");
        assert_eq!(sent(&[], true).spelling("message").as_deref(), Some("message"), "English needs no example");
    }
}
