//! The permissions section: inline tables and `[!INCLUDE]`d table files, each
//! scoped by the sub-heading or lead-in before it when the section has several.

use super::permission_table;
use crate::diagnostics::Code;
use crate::doc::markdown::{self, Block, Doc};
use crate::doc::sections::Section;
use crate::doc::source_map::Ctx;
use crate::doc::{IncludeError, IncludedText, Includes};
use crate::model::PermissionTable;
use regex::Regex;
use std::sync::LazyLock;

static INCLUDE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\[!INCLUDE\s*\[[^\]]*\]\(\s*([^)\s]+)\s*\)\s*\]").expect("include regex"));

/// Something in the section that yields tables.
enum Item<'d> {
    Table(&'d markdown::Table),
    Include { target: String, span: std::ops::Range<usize> },
}

pub fn read(
    ctx: &mut Ctx,
    doc: &Doc,
    section: &Section,
    includes: &dyn Includes,
    included: &mut Vec<IncludedText>,
) -> Vec<PermissionTable> {
    let blocks = doc.blocks.get(section.body.clone()).unwrap_or(&[]);
    // (scope candidate, item) in order.
    let mut items: Vec<(Option<String>, Item)> = Vec::new();
    let mut scope: Option<String> = None;
    for block in blocks {
        match block {
            Block::Heading(h) => scope = Some(permission_table::clean_scope(&h.text.english)),
            Block::Para(p) if !p.quoted => {
                let raw = ctx.text.get(p.span.clone()).unwrap_or("");
                let mut any = false;
                for m in INCLUDE.captures_iter(raw).filter(|_| raw.contains("[!INCLUDE")) {
                    // Notes (`limited-info.md`) are included here too; only table files are read.
                    let is_table = m.get(1).is_some_and(|t| t.as_str().to_ascii_lowercase().contains("permissions"));
                    if let (Some(all), Some(target), true) = (m.get(0), m.get(1), is_table) {
                        let span = (p.span.start + all.start())..(p.span.start + all.end());
                        items.push((scope.clone(), Item::Include { target: target.as_str().to_owned(), span }));
                        any = true;
                    }
                }
                let lead_in = p.text.english.trim();
                if !any
                    && lead_in.ends_with(':')
                    && !crate::vocabulary::starts_with_any(lead_in, crate::vocabulary::PERMISSIONS_LEAD_IN)
                {
                    scope = Some(permission_table::clean_scope(lead_in));
                }
            }
            Block::Table(t) => items.push((scope.clone(), Item::Table(t))),
            _ => {}
        }
    }
    let several = items.len() > 1;
    let mut out = Vec::new();
    for (scope, item) in items {
        let scope = if several { scope } else { None };
        match item {
            Item::Table(t) => out.extend(permission_table::read(ctx, t, scope, false)),
            Item::Include { target, span } => match includes.resolve(ctx.file, &target) {
                Ok(inc) => {
                    let mut inner = Ctx::new(&inc.file, &inc.text);
                    let start = crate::doc::front_matter::read(&inc.text).end;
                    let inc_doc = markdown::parse(&inc.text, start);
                    for block in &inc_doc.blocks {
                        if let Block::Table(t) = block {
                            out.extend(permission_table::read(&mut inner, t, scope.clone(), true));
                        }
                    }
                    ctx.diagnostics.append(&mut inner.diagnostics);
                    ctx.unknown_order_remarks.append(&mut inner.unknown_order_remarks);
                    included.push(inc);
                }
                Err(IncludeError::Missing) => {
                    ctx.report(
                        Code::IncludeMissing,
                        span,
                        format!("included permissions file `{target}` does not exist"),
                    );
                }
                Err(IncludeError::OutsideRoot) => {
                    ctx.report(
                        Code::IncludeOutsideRoot,
                        span,
                        format!("included file `{target}` is outside the docs root"),
                    );
                }
                Err(other) => {
                    ctx.report(other.code(), span, other.message(&target));
                }
            },
        }
    }
    out
}
