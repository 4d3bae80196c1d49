//! One markdown permissions table → one or more `PermissionTable`s. Layouts:
//! `Permission type | Permissions (order)` (one table), several permission
//! columns (`acting on self | acting on others`: one table per column),
//! `Least privileged | Higher privileged` (current format), and
//! `Supported resource | <scheme> | <scheme> | <scheme>` (one table per row).

use super::markdown::{Inline, Table};
use super::permission_cell::{self, CellValue};
use super::source_map::Ctx;
use crate::diagnostics::Code;
use crate::model::{PermissionTable, Scheme, SchemePermissions, Source, Sourced};

/// Which scheme a row label (or column header) names, in any corpus locale.
/// Side-by-side labels are read on their English side only: a translated sub-row
/// label (`Aplicativos`) must not pass for a scheme (`Aplicativo`).
pub fn scheme_of(label: &Inline) -> Option<Scheme> {
    scheme_of_text(&label.english)
}

fn scheme_of_text(label: &str) -> Option<Scheme> {
    let l = label.trim().trim_start_matches(['*', '_']).trim_start();
    let starts = |p: &str| l.len() >= p.len() && l.as_bytes()[..p.len()].eq_ignore_ascii_case(p.as_bytes());
    let contains = |p: &str| l.as_bytes().windows(p.len()).any(|w| w.eq_ignore_ascii_case(p.as_bytes()));
    if ["deleg", "委派", "委任", "Делегир", "делегир", "위임"].iter().any(|p| starts(p)) {
        let personal = ["personal", "pessoal", "个人", "個人", "личн", "개인", "microsoft account", "conta microsoft"];
        return Some(if personal.iter().any(|p| contains(p)) {
            Scheme::DelegatedPersonal
        } else {
            Scheme::DelegatedWork
        });
    }
    if ["applica", "aplica", "应用", "應用", "Прилож", "прилож", "アプリケーション", "응용"].iter().any(|p| starts(p))
    {
        return Some(Scheme::Application);
    }
    None
}

/// Whether a column header says the list runs from most to least privileged.
pub fn most_to_least(header: &Inline) -> bool {
    const MARKERS: &[&str] = &[
        "most to least",
        "más a menos",
        "mas a menos",
        "máximos a mínimos",
        "maior para o menor",
        "mais para o menos",
        "从最高特权到最低特权",
        "从最高到最低",
        "убывания",
        "最も高い",
    ];
    let (e, l) = (header.english.to_lowercase(), header.local().to_lowercase());
    MARKERS.iter().any(|m| e.contains(m) || l.contains(m))
}

pub fn read(ctx: &mut Ctx, table: &Table, scope: Option<String>) -> Vec<PermissionTable> {
    let Some(header) = table.rows.first() else { return Vec::new() };
    let rows = &table.rows[1..];
    let source = ctx.source(table.span.start);
    if header.len() >= 3 && header[1..].iter().all(|h| scheme_of(h).is_some()) {
        return per_resource_rows(ctx, header, rows);
    }
    let current = header.len() >= 3 && {
        let h1 = header[1].english.to_lowercase();
        h1.contains("least privileged") && !h1.contains("from least")
    };
    let mut out = Vec::new();
    if !current && header.len() == 2 {
        if let Some(tables) = sub_rows(ctx, rows, most_to_least(&header[1]), source.clone(), &scope) {
            return tables;
        }
    }
    if current {
        out.push(scheme_rows(ctx, rows, source.clone(), scope.clone(), |ctx, row| {
            let least = row.get(1).map(|c| permission_cell::read(ctx, c));
            let higher = row.get(2).map(|c| permission_cell::read(ctx, c));
            combine(least, higher, ctx.source(row[0].start))
        }));
    } else {
        let columns = header.len().max(2) - 1;
        for col in 1..=columns {
            let reversed = header.get(col).is_some_and(most_to_least);
            let col_scope = if columns > 1 { header.get(col).map(|h| clean_scope(&h.english)) } else { scope.clone() };
            out.push(scheme_rows(ctx, rows, source.clone(), col_scope, |ctx, row| {
                let value = row.get(col).map(|c| permission_cell::read(ctx, c));
                ordered(value, reversed, ctx.source(row[0].start))
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
    readable
}

/// Builds a table from rows labelled by scheme; `None` when no row has a scheme label.
fn scheme_rows(
    ctx: &mut Ctx,
    rows: &[Vec<Inline>],
    source: Source,
    scope: Option<String>,
    mut cell: impl FnMut(&mut Ctx, &[Inline]) -> SchemePermissions,
) -> Option<PermissionTable> {
    let mut labelled: Vec<(Scheme, &[Inline])> =
        rows.iter().filter_map(|r| r.first().and_then(scheme_of).map(|s| (s, r.as_slice()))).collect();
    if labelled.is_empty() && rows.len() == 3 {
        // Unknown translation of the labels: the docs always list the schemes in this order.
        labelled = Scheme::ALL.iter().copied().zip(rows.iter().map(Vec::as_slice)).collect();
    }
    if labelled.is_empty() {
        return None;
    }
    let mut table = PermissionTable {
        scope,
        delegated_work: SchemePermissions::Unspecified { source: None },
        delegated_personal: SchemePermissions::Unspecified { source: None },
        application: SchemePermissions::Unspecified { source: None },
        source,
    };
    for (scheme, row) in labelled {
        if row.is_empty() || !matches!(table.scheme(scheme), SchemePermissions::Unspecified { source: None }) {
            continue;
        }
        *table.scheme_mut(scheme) = cell(ctx, row);
    }
    Some(table)
}

/// Intune tables split a scheme row into indented sub-rows, one per workflow
/// (`&nbsp; &nbsp; **Device management**`): one table per workflow, scoped by it.
/// A scheme row with its own value ("Not supported") applies to every workflow.
fn sub_rows(
    ctx: &mut Ctx,
    rows: &[Vec<Inline>],
    reversed: bool,
    source: Source,
    scope: &Option<String>,
) -> Option<Vec<PermissionTable>> {
    /// A scheme, its row label and its permissions cell.
    type Row<'r> = (Scheme, &'r Inline, &'r Inline);
    let mut current: Option<Scheme> = None;
    let mut whole: Vec<Row> = Vec::new();
    let mut parts: Vec<(String, Vec<Row>)> = Vec::new();
    for row in rows {
        let (Some(label), Some(cell)) = (row.first(), row.get(1)) else { continue };
        if let Some(scheme) = scheme_of(label) {
            current = Some(scheme);
            whole.push((scheme, label, cell));
            continue;
        }
        let scheme = current?;
        let name = clean_scope(&label.english.replace("&nbsp;", " ").replace(['*', '\u{a0}'], ""));
        match parts.iter_mut().find(|(n, _)| *n == name) {
            Some((_, cells)) => cells.push((scheme, label, cell)),
            None => parts.push((name, vec![(scheme, label, cell)])),
        }
    }
    if parts.is_empty() {
        return None;
    }
    let mut tables = Vec::new();
    for (name, cells) in parts {
        let mut table = PermissionTable {
            scope: Some(match scope {
                Some(outer) => format!("{outer}: {name}"),
                None => name,
            }),
            delegated_work: SchemePermissions::Unspecified { source: None },
            delegated_personal: SchemePermissions::Unspecified { source: None },
            application: SchemePermissions::Unspecified { source: None },
            source: source.clone(),
        };
        for &(scheme, label, cell) in whole.iter().chain(&cells) {
            let value = ordered(Some(permission_cell::read(ctx, cell)), reversed, ctx.source(label.start));
            // The workflow's own row wins over the scheme row's value; an empty scheme row says nothing.
            if !matches!(value, SchemePermissions::Unspecified { .. }) {
                *table.scheme_mut(scheme) = value;
            }
        }
        tables.push(table);
    }
    Some(tables)
}

fn per_resource_rows(ctx: &mut Ctx, header: &[Inline], rows: &[Vec<Inline>]) -> Vec<PermissionTable> {
    let mut out = Vec::new();
    for row in rows {
        let Some(first) = row.first() else { continue };
        let mut table = PermissionTable {
            scope: Some(clean_scope(&first.english)),
            delegated_work: SchemePermissions::Unspecified { source: None },
            delegated_personal: SchemePermissions::Unspecified { source: None },
            application: SchemePermissions::Unspecified { source: None },
            source: ctx.source(first.start),
        };
        for (col, h) in header.iter().enumerate().skip(1) {
            let (Some(scheme), Some(cell)) = (scheme_of(h), row.get(col)) else { continue };
            let value = permission_cell::read(ctx, cell);
            *table.scheme_mut(scheme) = ordered(Some(value), false, ctx.source(cell.start));
        }
        out.push(table);
    }
    out
}

/// A least-to-most (or reversed) list → least = first, higher = the rest.
fn ordered(value: Option<CellValue>, reversed: bool, source: Source) -> SchemePermissions {
    match value {
        Some(CellValue::Names(mut names)) => {
            if reversed {
                names.reverse();
            }
            let higher = names.split_off(1);
            SchemePermissions::Permissions { least: names, higher }
        }
        Some(CellValue::NotSupported) => SchemePermissions::NotSupported { source },
        _ => SchemePermissions::Unspecified { source: Some(source) },
    }
}

/// Current format: the least privileged and higher privileged columns.
fn combine(least: Option<CellValue>, higher: Option<CellValue>, source: Source) -> SchemePermissions {
    let names = |v: Option<CellValue>| -> Vec<Sourced<String>> {
        match v {
            Some(CellValue::Names(n)) => n,
            _ => Vec::new(),
        }
    };
    match least {
        Some(CellValue::NotSupported) => SchemePermissions::NotSupported { source },
        Some(CellValue::Names(least)) => SchemePermissions::Permissions { least, higher: names(higher) },
        _ => match higher {
            Some(CellValue::Names(mut h)) => {
                let rest = h.split_off(1);
                SchemePermissions::Permissions { least: h, higher: rest }
            }
            _ => SchemePermissions::Unspecified { source: Some(source) },
        },
    }
}

/// A header or label as a scope: whitespace collapsed, the ordering remark dropped.
pub fn clean_scope(text: &str) -> String {
    let mut s = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if let Some(i) = s.find("(from ") {
        s.truncate(i);
    }
    s.trim().trim_end_matches(':').trim().to_owned()
}
