//! Success status from the Response prose and from the first example response.

use super::markdown::{Block, Doc};
use super::sections::Sections;
use super::source_map::Ctx;
use crate::diagnostics::Code;
use crate::model::Status;
use regex::Regex;
use std::sync::LazyLock;

/// A backticked code: `204 No Content`, `HTTP 201 Created`, `204`.
static CODE_SPAN: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\s*(?:HTTP(?:/[\d.]+)?\s*)?([23]\d\d)\b").expect("status regex"));
/// Prose without backticks: `returns a 200 OK response`.
static PROSE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b([23]0\d)\b,?\s*(?:ok|created|no content|accepted|found|partial content|multi-status|see other|not modified|moved|success)")
        .expect("prose status regex")
});
/// First line of an example response: `HTTP/1.1 204 No Content`, `HTTP 201 Created`.
static EXAMPLE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\s*HTTP(?:/[\d.]+)?\s+(\d{3})\b").expect("example regex"));

pub fn prose(ctx: &Ctx, doc: &Doc, sections: &Sections) -> Option<Status> {
    let section = sections.response.as_ref()?;
    let paras = || {
        doc.blocks.get(section.body.clone()).unwrap_or(&[]).iter().filter_map(|b| match b {
            Block::Para(p) => Some(p),
            _ => None,
        })
    };
    for p in paras() {
        for (code, at) in &p.text.codes {
            if let Some(n) = CODE_SPAN.captures(code).and_then(|c| c[1].parse().ok()) {
                return Some(Status { code: n, source: ctx.source(*at) });
            }
        }
    }
    paras().find_map(|p| {
        let n = PROSE.captures(&p.text.english)?[1].parse().ok()?;
        Some(Status { code: n, source: ctx.source(p.span.start) })
    })
}

/// The first code block after the examples start whose first line is an HTTP status line,
/// with the byte offset of that line.
pub fn example(ctx: &Ctx, doc: &Doc, sections: &Sections) -> Option<(Status, usize)> {
    let from = sections.examples.or(sections.response.as_ref().map(|s| s.heading)).unwrap_or(0);
    doc.blocks.iter().skip(from).find_map(|b| {
        let Block::Code(c) = b else { return None };
        let line = c.text.lines().find(|l| !l.trim().is_empty())?;
        let n: u16 = EXAMPLE.captures(line)?[1].parse().ok()?;
        let at = c.page_offset(0);
        (200..400).contains(&n).then(|| (Status { code: n, source: ctx.source(at) }, at))
    })
}

/// Reports a disagreement, or no status at all when the page has a Response section (at `response_at`).
pub fn check(ctx: &mut Ctx, response_at: Option<usize>, prose: &Option<Status>, example: &Option<Status>, example_at: usize) {
    match (prose, example) {
        (Some(p), Some(e)) if p.code != e.code => {
            ctx.report(
                Code::StatusDisagreement,
                example_at..example_at + 1,
                format!("the example responds {} but the Response section says {} (line {})", e.code, p.code, p.source.line),
            );
        }
        (None, None) => {
            if let Some(at) = response_at {
                ctx.report(Code::NoStatus, at..at + 1, "no success status in the Response section or an example response");
            }
        }
        _ => {}
    }
}
