//! Request headers table and whether a request body is expected.

use crate::doc::markdown::{Block, Doc};
use crate::doc::sections::Section;
use crate::doc::source_map::Ctx;
use crate::model::{Body, RequestHeader};
use crate::vocabulary as vocab;

/// Translated header names seen in the corpus, lower case → English.
const HEADER_NAMES: &[(&str, &str)] = &[
    ("autorização", "Authorization"),
    ("autorización", "Authorization"),
    ("授权", "Authorization"),
    ("авторизация", "Authorization"),
    ("aceitar", "Accept"),
    ("aceptar", "Accept"),
    ("接受", "Accept"),
    ("tipo de conteúdo", "Content-Type"),
    ("tipo de contenido", "Content-Type"),
    ("内容类型", "Content-Type"),
    ("content type", "Content-Type"),
];

pub fn headers(ctx: &Ctx, doc: &Doc, section: &Section) -> Vec<RequestHeader> {
    let mut out = Vec::new();
    for block in doc.blocks.get(section.body.clone()).unwrap_or(&[]) {
        let Block::Table(t) = block else { continue };
        for row in t.rows.iter().skip(1) {
            let (Some(first), Some(last)) = (row.first(), row.last()) else { continue };
            let written = first.english.trim().trim_matches(['*', '`']).trim();
            if written.is_empty() {
                continue;
            }
            let lower = written.to_lowercase();
            let name = HEADER_NAMES.iter().find(|(t, _)| *t == lower).map_or(written, |(_, en)| en);
            let description = if row.len() > 1 { last.english.trim().to_owned() } else { String::new() };
            out.push(RequestHeader { name: name.to_owned(), description, source: ctx.source(first.start) });
        }
    }
    out
}

pub fn body(doc: &Doc, section: Option<&Section>) -> Body {
    let Some(section) = section else { return Body::Unknown };
    let blocks = doc.blocks.get(section.body.clone()).unwrap_or(&[]);
    let mut any = false;
    for block in blocks {
        match block {
            Block::Para(p) => {
                let (e, l) = (p.text.english.to_lowercase(), p.text.local().to_lowercase());
                if vocab::NO_REQUEST_BODY.iter().any(|m| e.contains(m) || l.contains(m)) {
                    return Body::None;
                }
                any |= !e.trim().is_empty();
            }
            Block::Table(_) | Block::Code(_) => any = true,
            Block::Heading(_) => {}
        }
    }
    if any {
        Body::Expected
    } else {
        Body::Unknown
    }
}
