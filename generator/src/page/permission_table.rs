//! One markdown permissions table → one or more `PermissionTable`s. Layouts:
//! `Permission type | Permissions (order)` (one table), several permission
//! columns (`acting on self | acting on others`: one table per column),
//! `Least privileged | Higher privileged` (current format), and
//! `Supported resource | <scheme> | <scheme> | <scheme>` (one table per row).
//! Intune tables indent workflow sub-rows under a scheme row (one table per workflow).
//!
//! Which scheme a row or column names is [`permission_rows::place`]'s call; a row it
//! cannot place contributes nothing, with a warning.

use super::permission_cell::{self, CellValue};
use super::permission_rows;
use crate::diagnostics::Code;
use crate::doc::markdown::{Inline, Table};
use crate::doc::source_map::Ctx;
use crate::model::{PermissionTable, Scheme, SchemePermissions, Source, Sourced};
use crate::vocabulary::{self as vocab, contains_any};

/// More columns than any real layout has: the table is not read (bounded work).
const MAX_COLUMNS: usize = 16;
/// More scoped tables than any real table yields: the rest are dropped (bounded output).
const MAX_SCOPED_TABLES: usize = 64;

/// The order a permissions column lists its names in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Order {
    LeastToMost,
    MostToLeast,
}

/// The order a column header states; an order remark the vocabulary does not know is
/// read as least to most (the docs' default), and kept for the run to report (G0307,
/// in the merge's `order_remarks`): whether it is one page's or the edition's wording
/// takes every page of the edition to tell.
fn order_of(ctx: &mut Ctx, header: &Inline) -> Order {
    let (english, local) = (header.english.as_str(), header.local());
    if contains_any(english, vocab::MOST_TO_LEAST) || contains_any(local, vocab::MOST_TO_LEAST) {
        return Order::MostToLeast;
    }
    let has_remark = english.contains(['(', '（']) || local.contains(['(', '（']);
    if has_remark && !contains_any(english, vocab::LEAST_TO_MOST) && !contains_any(local, vocab::LEAST_TO_MOST) {
        ctx.unknown_order_remarks.push(Sourced::new(local.trim().to_owned(), ctx.source(header.start)));
    }
    Order::LeastToMost
}

/// Whether a row label is indented (`&nbsp; &nbsp; **Device management**`): an Intune
/// workflow sub-row of the scheme row above it, never a scheme row itself.
fn is_indented(label: &Inline) -> bool {
    let l = label.english.trim_start_matches([' ', '\t']);
    l.starts_with("&nbsp;") || l.starts_with('\u{a0}')
}

pub fn read(ctx: &mut Ctx, table: &Table, scope: Option<String>, from_include: bool) -> Vec<PermissionTable> {
    let Some(header) = table.rows.first() else { return Vec::new() };
    if header.len() > MAX_COLUMNS {
        ctx.report(
            Code::PermissionsTableTooLarge,
            table.span.clone(),
            format!("permissions table has {} columns (at most {MAX_COLUMNS} are read); skipped", header.len()),
        );
        return Vec::new();
    }
    let rows = &table.rows[1..];
    let source = ctx.source(table.span.start);
    if header.len() >= 3 {
        let labels: Vec<&str> = header[1..].iter().map(|h| h.english.as_str()).collect();
        let placed = permission_rows::place(&labels);
        if placed.iter().all(Result::is_ok) {
            let schemes: Vec<Scheme> = placed.into_iter().flatten().collect();
            let tables = per_resource_rows(ctx, &schemes, rows);
            return limit(ctx, table, tables);
        }
    }
    let current = header.len() >= 3
        && (from_include || {
            let h1 = header[1].english.to_lowercase();
            contains_any(&h1, vocab::LEAST_PRIVILEGED_COLUMN) && !contains_any(&h1, vocab::LEAST_TO_MOST)
        });
    let rows = SchemeRows::new(ctx, rows);
    let mut out = Vec::new();
    if current {
        out.push(rows.table(ctx, source, scope, |ctx, row| {
            let least = row.get(1).map(|c| permission_cell::read(ctx, c));
            let higher = row.get(2).map(|c| permission_cell::read(ctx, c));
            combine(least, higher, ctx.source(row[0].start))
        }));
    } else if header.len() == 2 && rows.has_sub_rows() {
        let order = order_of(ctx, &header[1]);
        out.extend(rows.workflows(ctx, order, source, &scope).into_iter().map(Some));
    } else {
        let columns = header.len().max(2) - 1;
        for col in 1..=columns {
            let order = header.get(col).map_or(Order::LeastToMost, |h| order_of(ctx, h));
            let col_scope = if columns > 1 { header.get(col).map(|h| clean_scope(&h.english)) } else { scope.clone() };
            out.push(rows.table(ctx, source.clone(), col_scope, |ctx, row| {
                let value = row.get(col).map(|c| permission_cell::read(ctx, c));
                ordered(value, order, ctx.source(row[0].start))
            }));
        }
    }
    let readable: Vec<_> = out.into_iter().flatten().collect();
    if readable.is_empty() {
        ctx.report(
            Code::PermissionsTableUnreadable,
            table.span.clone(),
            "permissions table has no recognisable scheme rows",
        );
    }
    limit(ctx, table, readable)
}

fn limit(ctx: &mut Ctx, table: &Table, mut tables: Vec<PermissionTable>) -> Vec<PermissionTable> {
    if tables.len() > MAX_SCOPED_TABLES {
        ctx.report(
            Code::PermissionsTableTooLarge,
            table.span.clone(),
            format!(
                "permissions table yields {} scoped tables; only the first {MAX_SCOPED_TABLES} are kept",
                tables.len()
            ),
        );
        tables.truncate(MAX_SCOPED_TABLES);
    }
    tables
}

/// A scheme row: its scheme if placed, its cells, its indented sub-rows.
type SchemeRow<'t> = (Option<Scheme>, &'t [Inline], Vec<&'t [Inline]>);

/// The rows of a table, each placed on its scheme (or not), with the indented sub-rows under each.
struct SchemeRows<'t> {
    rows: Vec<SchemeRow<'t>>,
}

impl<'t> SchemeRows<'t> {
    fn new(ctx: &mut Ctx, rows: &'t [Vec<Inline>]) -> Self {
        let mut top: Vec<(&'t [Inline], Vec<&'t [Inline]>)> = Vec::new();
        for row in rows {
            let Some(label) = row.first() else { continue };
            if is_indented(label) {
                match top.last_mut() {
                    Some((_, subs)) => subs.push(row),
                    None => {
                        ctx.report(
                            Code::PermissionRowUnplaced,
                            label.start..label.start + 1,
                            "an indented row comes before any scheme row; ignored",
                        );
                    }
                }
            } else {
                top.push((row, Vec::new()));
            }
        }
        let labels: Vec<&str> = top.iter().map(|(row, _)| row[0].english.as_str()).collect();
        let placed = permission_rows::place(&labels);
        // A table none of whose rows is a scheme row is reported once, as a whole (G0302).
        let any_placed = placed.iter().any(Result::is_ok);
        let rows = top
            .into_iter()
            .zip(placed)
            .map(|((row, subs), placed)| match placed {
                Ok(scheme) => (Some(scheme), row, subs),
                Err(why) => {
                    let at = row[0].start;
                    let has_value = row[1..].iter().any(|c| !c.english.trim().is_empty()) || !subs.is_empty();
                    if has_value && any_placed {
                        ctx.report(
                            Code::PermissionRowUnplaced,
                            at..at + 1,
                            format!("{why}; its permissions are not attributed to any scheme"),
                        );
                    }
                    (None, row, subs)
                }
            })
            .collect();
        SchemeRows { rows }
    }

    fn has_sub_rows(&self) -> bool {
        self.rows.iter().any(|(_, _, subs)| !subs.is_empty())
    }

    /// One table from the placed rows; `None` when no row is placed.
    fn table(
        &self,
        ctx: &mut Ctx,
        source: Source,
        scope: Option<String>,
        mut cell: impl FnMut(&mut Ctx, &[Inline]) -> SchemePermissions,
    ) -> Option<PermissionTable> {
        let mut table = empty_table(scope, source);
        let mut any = false;
        for (scheme, row, _) in &self.rows {
            if let Some(scheme) = scheme {
                *table.scheme_mut(*scheme) = cell(ctx, row);
                any = true;
            }
        }
        any.then_some(table)
    }

    /// Intune: one table per workflow sub-row name, each scheme taking the workflow's own
    /// row, else the scheme row's value ("Not supported" applies to every workflow).
    fn workflows(&self, ctx: &mut Ctx, order: Order, source: Source, scope: &Option<String>) -> Vec<PermissionTable> {
        let mut names: Vec<String> = Vec::new();
        for (_, _, subs) in &self.rows {
            for sub in subs {
                let name = workflow_name(&sub[0]);
                if !names.contains(&name) {
                    names.push(name);
                }
            }
        }
        let mut tables = Vec::new();
        for name in names {
            let scope = Some(match scope {
                Some(outer) => format!("{outer}: {name}"),
                None => name.clone(),
            });
            let mut table = empty_table(scope, source.clone());
            for (scheme, row, subs) in &self.rows {
                let Some(scheme) = scheme else { continue };
                let own = subs.iter().find(|s| workflow_name(&s[0]) == name).copied();
                for r in [Some(*row), own].into_iter().flatten() {
                    let value = ordered(r.get(1).map(|c| permission_cell::read(ctx, c)), order, ctx.source(r[0].start));
                    // The workflow's own row wins over the scheme row's value; an empty row says nothing,
                    // and a phrase is kept for the run to judge (`merge::phrases`).
                    let says_something = match &value {
                        SchemePermissions::Unspecified { phrase, .. } => phrase.is_some(),
                        _ => true,
                    };
                    if says_something {
                        *table.scheme_mut(*scheme) = value;
                    }
                }
            }
            tables.push(table);
        }
        tables
    }
}

fn workflow_name(label: &Inline) -> String {
    clean_scope(&label.english.replace("&nbsp;", " ").replace(['*', '\u{a0}'], ""))
}

fn empty_table(scope: Option<String>, source: Source) -> PermissionTable {
    PermissionTable {
        scope,
        delegated_work: SchemePermissions::Unspecified { source: None, phrase: None },
        delegated_personal: SchemePermissions::Unspecified { source: None, phrase: None },
        application: SchemePermissions::Unspecified { source: None, phrase: None },
        source,
    }
}

fn per_resource_rows(ctx: &mut Ctx, schemes: &[Scheme], rows: &[Vec<Inline>]) -> Vec<PermissionTable> {
    let mut out = Vec::new();
    for row in rows {
        let Some(first) = row.first() else { continue };
        let mut table = empty_table(Some(clean_scope(&first.english)), ctx.source(first.start));
        for (scheme, cell) in schemes.iter().zip(&row[1..]) {
            let value = permission_cell::read(ctx, cell);
            *table.scheme_mut(*scheme) = ordered(Some(value), Order::LeastToMost, ctx.source(cell.start));
        }
        out.push(table);
    }
    out
}

/// A list in the given order → least = the least privileged, higher = the rest.
fn ordered(value: Option<CellValue>, order: Order, source: Source) -> SchemePermissions {
    match value {
        Some(CellValue::Names(mut names, dropped)) => {
            let least_dropped = match order {
                Order::LeastToMost => dropped.before_first,
                Order::MostToLeast => dropped.after_last,
            };
            if order == Order::MostToLeast {
                names.reverse();
            }
            // The least privileged name was too damaged to keep: the next one is not the
            // least privileged, so none is named (never an over-privileged "least").
            let higher = if least_dropped { std::mem::take(&mut names) } else { names.split_off(1) };
            SchemePermissions::Permissions { least: names, higher }
        }
        Some(CellValue::NotSupported) => SchemePermissions::NotSupported { source },
        Some(CellValue::Phrase(phrase)) => {
            SchemePermissions::Unspecified { source: Some(source), phrase: Some(phrase) }
        }
        _ => SchemePermissions::Unspecified { source: Some(source), phrase: None },
    }
}

/// Current format: the least privileged and higher privileged columns.
fn combine(least: Option<CellValue>, higher: Option<CellValue>, source: Source) -> SchemePermissions {
    let names = |v: Option<CellValue>| -> Vec<Sourced<String>> {
        match v {
            Some(CellValue::Names(n, _)) => n,
            _ => Vec::new(),
        }
    };
    match least {
        Some(CellValue::NotSupported) => SchemePermissions::NotSupported { source },
        Some(CellValue::Names(least, _)) => SchemePermissions::Permissions { least, higher: names(higher) },
        _ => match higher {
            Some(CellValue::Names(mut h, _)) => {
                let rest = h.split_off(1);
                SchemePermissions::Permissions { least: h, higher: rest }
            }
            _ => {
                let phrase = match least {
                    Some(CellValue::Phrase(p)) => Some(p),
                    _ => None,
                };
                SchemePermissions::Unspecified { source: Some(source), phrase }
            }
        },
    }
}

/// A header or label as a scope: whitespace collapsed, the ordering remark dropped.
pub fn clean_scope(text: &str) -> String {
    let mut s = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if let Some(i) = vocab::ORDER_REMARK.iter().find_map(|r| s.find(r)) {
        s.truncate(i);
    }
    s.trim().trim_end_matches(':').trim().to_owned()
}
