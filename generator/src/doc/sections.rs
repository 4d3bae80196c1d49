//! Finds the page's sections by `<a name>` anchor or English heading text,
//! never by translated text.

use super::markdown::{Block, Doc, Heading};
use crate::vocabulary as vocab;
use std::ops::Range;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    HttpRequest,
    Permissions,
    RequestHeaders,
    RequestBody,
    Response,
    Examples,
    Request,
    Other,
}

/// A heading and the blocks under it (up to the next heading of the same or a higher level).
#[derive(Debug, Clone)]
pub struct Section {
    pub heading: usize,
    pub body: Range<usize>,
}

#[derive(Debug, Default)]
pub struct Sections {
    /// Usually one; some pages split it (`HTTP request (to upload a new file)`).
    pub http_request: Vec<Section>,
    pub permissions: Option<Section>,
    pub request_headers: Option<Section>,
    pub request_body: Option<Section>,
    /// The Response section that documents the operation (not an example's).
    pub response: Option<Section>,
    /// Block index of the first Example(s) heading.
    pub examples: Option<usize>,
}

pub fn kind_of(h: &Heading) -> Kind {
    if let Some(kind) = h.anchor.as_deref().map(kind_of_label).filter(|k| *k != Kind::Other) {
        return kind;
    }
    kind_of_label(&h.text.english)
}

fn kind_of_label(label: &str) -> Kind {
    let l = label.trim().trim_end_matches([':', '.']).trim();
    // Case-insensitive, `-` and ` ` alike (anchors use `-`), without allocating.
    let is = |want: &str| {
        l.len() == want.len()
            && l.bytes().zip(want.bytes()).all(|(a, b)| a.to_ascii_lowercase() == b || (a == b'-' && b == b' '))
    };
    let starts = |want: &str| {
        l.len() >= want.len() && l.is_char_boundary(want.len()) && {
            let head = &l[..want.len()];
            head.bytes().zip(want.bytes()).all(|(a, b)| a.to_ascii_lowercase() == b || (a == b'-' && b == b' '))
        }
    };
    let any = |labels: &[&str]| labels.iter().any(|l| is(l));
    if starts(vocab::HEADING_HTTP_REQUEST_PREFIX) {
        Kind::HttpRequest
    } else if any(vocab::HEADING_PERMISSIONS) {
        Kind::Permissions
    } else if any(vocab::HEADING_REQUEST_HEADERS) {
        Kind::RequestHeaders
    } else if any(vocab::HEADING_REQUEST_BODY) {
        Kind::RequestBody
    } else if any(vocab::HEADING_RESPONSE) {
        Kind::Response
    } else if any(vocab::HEADING_REQUEST) {
        Kind::Request
    } else if starts(vocab::HEADING_EXAMPLES_PREFIX) {
        Kind::Examples
    } else {
        Kind::Other
    }
}

pub fn find(doc: &Doc) -> Sections {
    let mut s = Sections::default();
    for (i, block) in doc.blocks.iter().enumerate() {
        let Block::Heading(h) = block else { continue };
        let kind = kind_of(h);
        let slot = match kind {
            Kind::HttpRequest => {
                s.http_request.push(Section { heading: i, body: (i + 1)..end_of(doc, i, h.level) });
                continue;
            }
            Kind::Permissions => &mut s.permissions,
            Kind::RequestHeaders => &mut s.request_headers,
            Kind::RequestBody => &mut s.request_body,
            Kind::Response if s.examples.is_none() => &mut s.response,
            Kind::Examples => {
                s.examples.get_or_insert(i);
                continue;
            }
            _ => continue,
        };
        if slot.is_none() {
            *slot = Some(Section { heading: i, body: (i + 1)..end_of(doc, i, h.level) });
        }
    }
    s
}

fn end_of(doc: &Doc, heading: usize, level: u8) -> usize {
    doc.blocks
        .iter()
        .enumerate()
        .skip(heading + 1)
        .find(|(_, b)| matches!(b, Block::Heading(h) if h.level <= level))
        .map_or(doc.blocks.len(), |(i, _)| i)
}
