//! Title, locale-independent key and description.

use crate::doc::front_matter::FrontMatter;
use crate::doc::markdown::{Block, Doc};
use crate::doc::source_map::Ctx;
use crate::model::{Endpoint, Sourced};

pub struct Identity {
    pub title: Option<Sourced<String>>,
    pub key: Option<String>,
    pub description: Option<Sourced<String>>,
    /// The H1 as written (its English side), which the key is read from.
    heading: Option<String>,
}

pub fn read(ctx: &Ctx, doc: &Doc, fm: &FrontMatter, english: bool) -> Identity {
    let h1_index = doc.blocks.iter().position(|b| matches!(b, Block::Heading(h) if h.level == 1));
    let h1 = h1_index.and_then(|i| match &doc.blocks[i] {
        Block::Heading(h) => Some(h),
        _ => None,
    });
    let plain_translation = !english && h1.is_some_and(|h| !h.text.is_sxs());
    let h1_text = h1.map(|h| collapse(&h.text.english)).filter(|t| !t.is_empty());

    let title = match (&fm.title, &h1_text) {
        (Some(v), _) if english => Some(Sourced::new(v.text.clone(), ctx.source(v.offset))),
        (_, Some(t)) => h1.map(|h| Sourced::new(t.clone(), ctx.source(h.span.start))),
        (Some(v), None) => Some(Sourced::new(v.text.clone(), ctx.source(v.offset))),
        (None, None) => None,
    };

    let key = match h1 {
        Some(h) if plain_translation => h.anchor.clone().map(|a| slug(&a)).or_else(|| h1_text.as_deref().map(slug)),
        Some(_) => h1_text.as_deref().map(slug),
        None => title.as_ref().map(|t| slug(&t.value)),
    }
    .filter(|k| !k.is_empty());

    let description = match &fm.description {
        Some(v) => Some(Sourced::new(v.text.clone(), ctx.source(v.offset))),
        None => first_paragraph(ctx, doc, h1_index),
    };
    Identity { title, key, description, heading: h1_text }
}

/// A heading copied from another page (`servicePrincipal: addKey` above
/// `POST /servicePrincipals/{id}/addTokenSigningCertificate`, whose front matter title is
/// `servicePrincipal: addTokenSigningCertificate`): where heading and title both read
/// `resource: action` for the same resource, and only the title's action is one of the page's
/// own action segments, the heading loses and the title gives the title and the key. English
/// pages only: a translation's key is its anchor.
pub fn settle_copied_heading(
    ctx: &Ctx,
    identity: &mut Identity,
    fm: &FrontMatter,
    endpoints: &[Endpoint],
    english: bool,
) {
    let (Some(key), Some(heading), Some(written)) = (&identity.key, &identity.heading, &fm.title) else { return };
    let title_key = slug(&written.text);
    let resource_action = |text: &str| text.split_once(':').map(|(r, a)| (slug(r), slug(a)));
    let (Some((heading_resource, _)), Some((title_resource, _))) =
        (resource_action(heading), resource_action(&written.text))
    else {
        return;
    };
    if !english || title_key == *key || title_key.is_empty() || heading_resource != title_resource {
        return;
    }
    // The last segment of each path, as a slug word: `addtokensigningcertificate`.
    let actions: Vec<String> = endpoints
        .iter()
        .filter_map(|e| e.path.rsplit('/').find(|s| !s.is_empty()))
        .filter(|s| !s.contains('{'))
        .map(|s| slug(s.rsplit('.').next().unwrap_or(s).split('(').next().unwrap_or(s)))
        .filter(|s| !s.is_empty())
        .collect();
    let names = |k: &str| k.split('-').any(|word| actions.iter().any(|a| a == word));
    if !names(key) && names(&title_key) {
        identity.title = Some(Sourced::new(written.text.clone(), ctx.source(written.offset)));
        identity.key = Some(title_key);
    }
}

/// The first prose paragraph after the H1 that is not a note, include or `Namespace:` line.
fn first_paragraph(ctx: &Ctx, doc: &Doc, h1: Option<usize>) -> Option<Sourced<String>> {
    let from = h1.map_or(0, |i| i + 1);
    for block in doc.blocks.iter().skip(from) {
        match block {
            Block::Heading(_) => return None,
            Block::Para(p) if !p.quoted => {
                let text = collapse(&p.text.english);
                let lower = text.to_lowercase();
                let skip = text.is_empty()
                    || lower.starts_with("namespace:")
                    || lower.starts_with("[!")
                    || lower.starts_with("note:")
                    || lower.starts_with("important:")
                    || text.starts_with('>');
                if !skip {
                    return Some(Sourced::new(text, ctx.source(p.span.start)));
                }
            }
            _ => {}
        }
    }
    None
}

fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `managedDevice: recoverPasscode` → `manageddevice-recoverpasscode`.
pub fn slug(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if (c.is_whitespace() || c == '-') && !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_matches('-').to_owned()
}

#[cfg(test)]
mod tests {
    use super::slug;

    #[test]
    fn slugs() {
        assert_eq!(slug("managedDevice: recoverPasscode"), "manageddevice-recoverpasscode");
        assert_eq!(slug("recoverPasscode action"), "recoverpasscode-action");
        assert_eq!(slug(" List  users -- (beta) "), "list-users-beta");
    }
}
