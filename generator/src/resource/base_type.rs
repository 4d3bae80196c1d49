//! A base type stated in prose ("Inherits from [entity](entity.md).") when the page's
//! annotation has no `baseType`: many pages say it only there.

use regex::Regex;
use std::sync::LazyLock;

use crate::doc::markdown::{Block, Doc};
use crate::doc::source_map::Ctx;
use crate::model::TypeLink;
use crate::vocabulary as vocab;

/// A link to a page of the same folder (`entity.md`, `./entity.md`) or to the resources
/// folder (`../resources/entity.md`): the page stem.
static SIBLING_LINK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\]\(\s*(?:\./|\.\./resources/)?([A-Za-z0-9_-]+)\.md\s*(?:#[^)]*)?\)").expect("sibling link regex")
});

/// `resources/<stem>` (resolved to a type by the merge) for the page's intro paragraph that
/// says it inherits, when that paragraph links to exactly one page. The intro ends at the
/// first heading after the title: a "derived from" in a property's description or further
/// down is about something else.
pub fn from_prose(ctx: &Ctx, doc: &Doc) -> Option<String> {
    let mut blocks = doc.blocks.iter().skip_while(|b| !matches!(b, Block::Heading(h) if h.level == 1)).skip(1);
    let mut found = None;
    for block in blocks.by_ref() {
        let para = match block {
            Block::Heading(_) => break,
            Block::Para(p) => p,
            _ => continue,
        };
        let raw = ctx.text.get(para.span.clone())?;
        let lower = raw.to_lowercase();
        if !vocab::INHERITS_FROM.iter().any(|phrase| lower.contains(phrase)) {
            continue;
        }
        let mut stems: Vec<String> =
            SIBLING_LINK.captures_iter(raw).filter_map(|c| c.get(1)).map(|m| m.as_str().to_ascii_lowercase()).collect();
        stems.dedup();
        match (stems.len(), &found) {
            (1, None) => found = stems.pop(),
            // Two paragraphs, or one naming several pages: not clear which is the base.
            _ => return None,
        }
    }
    found.map(|stem| format!("{}{stem}", TypeLink::RESOURCE_PAGE))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::markdown;

    fn base(text: &str) -> Option<String> {
        let ctx = Ctx::new("resources/x.md", text);
        let doc = markdown::parse_all(text, 0);
        from_prose(&ctx, &doc)
    }

    #[test]
    fn the_intro_names_the_base_type() {
        let page = "# aadUserConversationMember resource type\n\nRepresents a member.\n\n\
                    This type inherits from [conversationMember](conversationmember.md).\n\n## Properties\n";
        assert_eq!(base(page).as_deref(), Some("resources/conversationmember"));
        let page = "# x\n\nInherits from [entity](../resources/entity.md).\n";
        assert_eq!(base(page).as_deref(), Some("resources/entity"));
    }

    #[test]
    fn unclear_or_later_prose_names_nothing() {
        // Two pages in the sentence.
        assert_eq!(base("# x\n\nInherits from [a](a.md) and [b](b.md).\n"), None);
        // No phrase: a link in the intro is a related resource.
        assert_eq!(base("# x\n\nRepresents a [user](user.md).\n"), None);
        // After the first section heading.
        assert_eq!(base("# x\n\nText.\n\n## Properties\n\nInherits from [a](a.md).\n"), None);
        // A link to another folder.
        assert_eq!(base("# x\n\nInherits from [a](../api/a.md).\n"), None);
    }
}
