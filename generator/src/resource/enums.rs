//! Enum pages, in the two layouts the docs use, told apart by structure:
//! - a page about one enum type (`teamvisibilitytype.md`): the title names it
//!   (`# teamVisibilityType enum type`), a section (`## Members`) holds its members table;
//! - a page listing several (`enums.md`, `enums-callrecords.md`): a heading per enum type
//!   (`### callState values`) over its table.
//!
//! The name of an enum comes from the title or from the heading that names one enum of a list,
//! never from a section of the page: read as a list, a one-enum page would name its enum
//! `Members`. The title names the page's type where the file name confirms it (the docs name a
//! type's page after the type); members tables are read by column position
//! (`Member | Value | Description`), whatever their header says.

use crate::diagnostics::Code;
use crate::doc::markdown::{Block, Doc, Heading, Inline, Table};
use crate::doc::source_map::Ctx;
use crate::doc::type_ref;
use crate::model::{ApiVersion, EnumDef, EnumMember};

pub fn read(ctx: &mut Ctx, doc: &Doc, version: Option<ApiVersion>, locale: &str) -> Vec<EnumDef> {
    // Where the page does not say, its enums are Graph's own.
    let namespace = super::namespace_line(doc).unwrap_or_else(|| "microsoft.graph".to_owned());
    let tables = member_tables(doc);
    let title = doc.blocks.iter().find_map(|b| match b {
        Block::Heading(h) if h.level == 1 => Some(h),
        _ => None,
    });
    let named: Vec<(String, usize, &Table)> = match title.and_then(|h| page_type(ctx.file, h)) {
        // The page is about one type: its first members table is that type's.
        Some(name) => {
            tables.first().map(|(_, table)| (name, title.map_or(0, |h| h.span.start), *table)).into_iter().collect()
        }
        None => tables
            .iter()
            .filter_map(|(heading, table)| {
                let heading = heading.filter(|h| names_a_list_item(h, tables.len()))?;
                Some((first_identifier(&heading.text)?, heading.span.start, *table))
            })
            .collect(),
    };
    if named.is_empty() && !tables.is_empty() {
        let at = title.map_or(0..0, |h| h.span.clone());
        let message = "the enum page names its type neither in a title its file name confirms nor in a heading of \
                       its own per enum; its members are left out";
        ctx.report(Code::ResourceWithoutName, at, message);
    }
    let mut out: Vec<EnumDef> = Vec::new();
    for (name, at, table) in named {
        let members = members(ctx, table);
        if !members.is_empty() && !out.iter().any(|e| e.name == name) {
            out.push(EnumDef {
                name,
                namespace: namespace.clone(),
                version,
                members,
                source: ctx.source(at),
                locale: locale.to_owned(),
            });
        }
    }
    out
}

/// Every table of the page with the nearest heading above it (below the title), if any.
fn member_tables<'d>(doc: &'d Doc) -> Vec<(Option<&'d Heading>, &'d Table)> {
    let mut heading = None;
    let mut out = Vec::new();
    for block in &doc.blocks {
        match block {
            Block::Heading(h) if h.level > 1 => heading = Some(h),
            Block::Heading(_) => heading = None,
            Block::Table(table) => out.push((heading.take(), table)),
            _ => {}
        }
    }
    out
}

/// The type a one-type page is about: the title's first word, when the file name is that word
/// (`teamVisibilityType` in `teamvisibilitytype.md` or `intune-shared-teamvisibilitytype.md`).
/// A file name that only starts with it is no confirmation: `enums.md` is titled `Enum values`
/// (so `filehashtypeenumtype.md`, whose title is `fileHashType enum type`, is left out).
fn page_type(file: &str, title: &Heading) -> Option<String> {
    let word = first_identifier(&title.text)?;
    let stem = file.rsplit('/').next().unwrap_or(file).trim_end_matches(".md").to_ascii_lowercase();
    let last = stem.rsplit('-').next().unwrap_or(&stem);
    let lower = word.to_ascii_lowercase();
    (stem == lower || last == lower).then_some(word)
}

/// Whether a heading over a table names the enum of that table, on a page whose title does not
/// name its type: on a page of several tables, each heading names its own; over a page's only
/// table, a heading below the page's sections (`### callState values`) does, a section of the
/// page (`## Members`) does not.
fn names_a_list_item(heading: &Heading, tables: usize) -> bool {
    tables > 1 || heading.level > 2
}

/// The first word of a heading when it is an identifier (a translated heading keeps it).
fn first_identifier(text: &Inline) -> Option<String> {
    let word = text.english.split_whitespace().next()?.trim_matches(|c: char| !c.is_alphanumeric());
    type_ref::is_identifier(word).then(|| word.to_owned())
}

fn members(ctx: &Ctx, table: &Table) -> Vec<EnumMember> {
    table
        .rows
        .iter()
        .skip(1)
        .filter_map(|row| {
            let cell = row.first()?;
            let member = type_ref::cell_name(&cell.english);
            type_ref::is_identifier(&member).then(|| EnumMember {
                name: member,
                value: row.get(1).and_then(|v| v.english.trim().parse().ok()),
                description: row.get(2).map(|d| d.english.trim().to_owned()).filter(|d| !d.is_empty()),
                source: ctx.source(cell.start),
            })
        })
        .collect()
}
