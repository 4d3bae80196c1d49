//! Enum pages (`enums.md`): a heading per enum type (`### callState values`) over a
//! table of members (`Member | Value | Description`), read by column position.

use super::type_ref;
use crate::model::{ApiVersion, EnumDef, EnumMember};
use crate::page::markdown::{Block, Doc};
use crate::page::source_map::Ctx;

pub fn read(ctx: &mut Ctx, doc: &Doc, version: Option<ApiVersion>, locale: &str) -> Vec<EnumDef> {
    let mut out: Vec<EnumDef> = Vec::new();
    let mut current: Option<(String, usize)> = None;
    for block in &doc.blocks {
        match block {
            // The enum's name is the heading's first word (`callState values`, `callState`);
            // a translated heading keeps the identifier.
            Block::Heading(h) => {
                current = h
                    .text
                    .english
                    .split_whitespace()
                    .next()
                    .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
                    .filter(|w| type_ref::is_identifier(w))
                    .map(|w| (w.to_owned(), h.span.start));
            }
            Block::Table(table) => {
                let Some((name, at)) = current.take() else { continue };
                let members: Vec<EnumMember> = table
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
                    .collect();
                if !members.is_empty() && !out.iter().any(|e| e.name == name) {
                    out.push(EnumDef {
                        name,
                        namespace: "microsoft.graph".to_owned(),
                        version,
                        members,
                        source: ctx.source(at),
                        locale: locale.to_owned(),
                    });
                }
            }
            _ => {}
        }
    }
    out
}
