//! Success status from the Response prose and from the first example response.

use crate::diagnostics::Code;
use crate::doc::markdown::{self, Block, Doc};
use crate::doc::sections::Sections;
use crate::doc::source_map::Ctx;
use crate::model::Status;
use regex::Regex;
use std::sync::LazyLock;

/// Prose without backticks: `returns a 200 OK response`.
static PROSE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b([23]0\d)\b,?\s*(?:ok|created|no content|accepted|found|partial content|multi-status|see other|not modified|moved|success)")
        .expect("prose status regex")
});

/// The status in `204 No Content`, `HTTP 201 Created`, `HTTP/1.1 204` (the `HTTP` part
/// required when `need_http`): three digits not followed by another digit.
pub(super) fn status_code(text: &str, need_http: bool) -> Option<u16> {
    let mut rest = text.trim_start();
    match rest.get(..4) {
        Some(h) if h.eq_ignore_ascii_case("http") => {
            rest = rest[4..].trim_start_matches(|c: char| {
                c == '/' || c == '.' || c.is_ascii_digit() && rest.as_bytes().get(4) == Some(&b'/')
            });
            rest = rest.trim_start();
        }
        _ if need_http => return None,
        _ => {}
    }
    let digits = rest.as_bytes();
    if digits.len() < 3 || !digits[..3].iter().all(u8::is_ascii_digit) || digits.get(3).is_some_and(u8::is_ascii_digit)
    {
        return None;
    }
    rest.get(..3)?.parse().ok()
}

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
            if let Some(n) = status_code(code, false).filter(|n| (200..400).contains(n)) {
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
    let (block, n) = example_block(doc, sections)?;
    let at = block.page_offset(0);
    Some((Status { code: n, source: ctx.source(at) }, at))
}

/// That block (a success or a redirect) and its status.
pub fn example_block<'d, 't>(doc: &'d Doc<'t>, sections: &Sections) -> Option<(&'d markdown::Code<'t>, u16)> {
    let from = sections.examples.or(sections.response.as_ref().map(|s| s.heading)).unwrap_or(0);
    doc.blocks.iter().skip(from).find_map(|b| {
        let Block::Code(c) = b else { return None };
        let line = c.text.lines().find(|l| !l.trim().is_empty())?;
        let n = status_code(line, true)?;
        (200..400).contains(&n).then_some((c, n))
    })
}

/// Reports a disagreement, or no status at all when the page has a Response section (at `response_at`).
pub fn check(
    ctx: &mut Ctx,
    response_at: Option<usize>,
    prose: &Option<Status>,
    example: &Option<Status>,
    example_at: usize,
) {
    match (prose, example) {
        (Some(p), Some(e)) if p.code != e.code => {
            ctx.report(
                Code::StatusDisagreement,
                example_at..example_at + 1,
                format!(
                    "the example responds {} but the Response section says {} (line {})",
                    e.code, p.code, p.source.line
                ),
            );
        }
        (None, None) => {
            if let Some(at) = response_at {
                ctx.report(
                    Code::NoStatus,
                    at..at + 1,
                    "no success status in the Response section or an example response",
                );
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::status_code;

    #[test]
    fn status_codes() {
        assert_eq!(status_code("204 No Content", false), Some(204));
        assert_eq!(status_code("HTTP 201 Created", false), Some(201));
        assert_eq!(status_code("HTTP/1.1 204", true), Some(204));
        assert_eq!(status_code("HTTP/1.1 200 OK", true), Some(200));
        assert_eq!(status_code("204 NO CONTENT", true), None);
        assert_eq!(status_code("2048 bytes", false), None);
        assert_eq!(status_code("{ \"a\": 1 }", true), None);
    }
}
