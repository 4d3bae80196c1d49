//! The YAML front matter between `---` lines, read line by line for the few keys we need.

/// A front matter value and the byte offset of its line.
#[derive(Debug, Clone)]
pub struct Value {
    pub text: String,
    pub offset: usize,
}

#[derive(Debug, Default)]
pub struct FrontMatter {
    pub title: Option<Value>,
    pub description: Option<Value>,
    pub doc_type: Option<Value>,
    pub content_locale: Option<Value>,
    /// Byte offset just after the closing `---` line (0 without front matter).
    pub end: usize,
}

pub fn read(text: &str) -> FrontMatter {
    let mut fm = FrontMatter::default();
    let mut lines = line_offsets(text);
    match lines.next() {
        Some((_, first)) if first.trim_end() == "---" => {}
        _ => return fm,
    }
    let mut found = FrontMatter::default();
    for (offset, line) in lines {
        if line.trim_end() == "---" {
            found.end = (offset + line.len() + 1).min(text.len());
            return found;
        }
        let Some((key, value)) = line.split_once(':') else { continue };
        let slot = match key.trim() {
            "title" => &mut found.title,
            "description" => &mut found.description,
            "doc_type" => &mut found.doc_type,
            "ms.contentlocale" => &mut found.content_locale,
            _ => continue,
        };
        let text = unquote(value.trim());
        if !text.is_empty() {
            *slot = Some(Value { text: text.to_owned(), offset });
        }
    }
    // No closing line: not front matter after all.
    fm.end = 0;
    fm
}

fn unquote(v: &str) -> &str {
    for q in ['"', '\''] {
        if let Some(inner) = v.strip_prefix(q).and_then(|r| r.strip_suffix(q)) {
            return inner;
        }
    }
    v
}

/// Lines without their `\n` (and `\r`), with their byte offsets.
fn line_offsets(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut offset = 0;
    text.split('\n').map(move |line| {
        let at = offset;
        offset += line.len() + 1;
        (at, line.strip_suffix('\r').unwrap_or(line))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_quoted_values() {
        let text = "---\ntitle: \"a: b\"\ndoc_type: 'apiPageType'\nms.contentlocale: pt-BR\n---\n# x\n";
        let fm = read(text);
        assert_eq!(fm.title.map(|v| v.text).as_deref(), Some("a: b"));
        assert_eq!(fm.doc_type.map(|v| v.text).as_deref(), Some("apiPageType"));
        assert_eq!(fm.content_locale.map(|v| v.text).as_deref(), Some("pt-BR"));
        assert_eq!(&text[fm.end..], "# x\n");
    }

    #[test]
    fn unclosed_front_matter_is_ignored() {
        let fm = read("---\ntitle: x\n");
        assert!(fm.title.is_none());
        assert_eq!(fm.end, 0);
    }
}
