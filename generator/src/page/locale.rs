//! API version and locale, from the path hint, the page's metadata or its content.

use crate::doc::markdown::{Block, Doc};
use crate::doc::source_map::Ctx;
use crate::model::{ApiVersion, Sourced};
use regex::Regex;
use std::sync::LazyLock;

static VERSION_URL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"graph\.microsoft\.com/(v1\.0|beta)\b").expect("version regex"));

/// The version from the first example URL on the page.
pub fn version_from_urls(ctx: &Ctx) -> Option<Sourced<ApiVersion>> {
    let m = VERSION_URL.captures(ctx.text)?;
    let whole = m.get(0)?;
    Some(Sourced::new(ApiVersion::parse(&m[1])?, ctx.source(whole.start())))
}

/// Guesses the locale from the prose (the translated side of side-by-side pages).
pub fn detect(doc: &Doc) -> Option<String> {
    // The first paragraphs and headings, up to about 800 bytes.
    let mut taken = 0;
    let texts: Vec<&str> = doc
        .blocks
        .iter()
        .filter_map(|block| match block {
            Block::Para(p) => Some(p.text.local()),
            Block::Heading(h) => Some(h.text.local()),
            _ => None,
        })
        .take_while(|t| {
            taken += t.len();
            taken < 800 + t.len()
        })
        .collect();
    if !texts.iter().all(|t| t.is_ascii()) {
        let (mut han, mut kana, mut hangul, mut cyrillic) = (0, 0, 0, 0);
        for c in texts.iter().flat_map(|t| t.chars()).filter(|c| !c.is_ascii()) {
            match c as u32 {
                0x4E00..=0x9FFF => han += 1,
                0x3040..=0x30FF => kana += 1,
                0xAC00..=0xD7AF => hangul += 1,
                0x0400..=0x04FF => cyrillic += 1,
                _ => {}
            }
        }
        let script = [(kana, "ja-jp"), (hangul, "ko-kr"), (cyrillic, "ru-ru"), (han, "zh-cn")];
        if let Some((_, tag)) = script.iter().find(|(n, _)| *n >= 5) {
            return Some((*tag).to_owned());
        }
    }
    let (mut pt, mut es, mut en) = (0, 0, 0);
    // Words are runs of letters (non-ASCII bytes count as letters); lower-cased in a stack buffer.
    for word in texts.iter().flat_map(|t| t.as_bytes().split(|b| !(b.is_ascii_alphabetic() || *b >= 0x80))) {
        if word.is_empty() || word.len() > 16 {
            continue;
        }
        let mut buf = [0u8; 16];
        for (d, s) in buf.iter_mut().zip(word) {
            *d = s.to_ascii_lowercase();
        }
        let Ok(w) = std::str::from_utf8(&buf[..word.len()]) else { continue };
        let [p, s, e] = crate::vocabulary::language_votes(w);
        (pt, es, en) = (pt + usize::from(p), es + usize::from(s), en + usize::from(e));
    }
    let best = pt.max(es).max(en);
    if best == 0 {
        None
    } else if en == best {
        Some("en-us".into())
    } else if pt > es {
        Some("pt-br".into())
    } else {
        Some("es-es".into())
    }
}
