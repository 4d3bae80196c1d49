//! The top level of a JSON object in the docs' example and representation blocks, scanned
//! rather than parsed: those blocks are often not JSON (`...` where a body is cut, `"String"`
//! standing for a type, comments), yet their top-level keys still tell what the page means.

/// The top-level entries of an object's text.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct TopLevel<'b> {
    /// Each key with the text after its colon (to the end of the body).
    pub entries: Vec<(&'b str, &'b str)>,
    /// Whether the object's closing brace was reached: if not, keys may be missing.
    pub closed: bool,
}

/// The top-level keys of `body`, an object (`None` when it does not start as one).
pub fn top_level(body: &str) -> Option<TopLevel<'_>> {
    let body = body.trim_start();
    if !body.starts_with('{') {
        return None;
    }
    let mut out = TopLevel::default();
    let (mut depth, mut in_string, mut escaped) = (0usize, false, false);
    let mut string_start = 0;
    // The last string closed at depth 1, until something other than a colon follows it.
    let mut last_string: Option<&str> = None;
    for (i, c) in body.char_indices() {
        if in_string {
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => {
                    in_string = false;
                    if depth == 1 {
                        last_string = Some(&body[string_start..i]);
                    }
                }
                _ => {}
            }
            continue;
        }
        match c {
            '"' => {
                in_string = true;
                string_start = i + 1;
            }
            ':' if depth == 1 => {
                if let Some(key) = last_string.take() {
                    out.entries.push((key, &body[i + 1..]));
                }
            }
            '{' | '[' => depth += 1,
            '}' | ']' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    out.closed = true;
                    return Some(out);
                }
            }
            c if c.is_whitespace() => {}
            _ => last_string = None,
        }
    }
    Some(out)
}

/// The `@odata.type` a value names, without its `#`: the value an object
/// (`{"@odata.type": "#microsoft.graph.user", ...}`) or an array of them (its first item's).
pub fn odata_type(value: &str) -> Option<&str> {
    let value = value.trim_start();
    let object = top_level(value.strip_prefix('[').unwrap_or(value))?;
    let (_, rest) = object.entries.iter().find(|(key, _)| *key == "@odata.type")?;
    let text = rest.trim_start().strip_prefix('"')?;
    let name = text[..text.find('"')?].trim().trim_start_matches('#');
    (!name.is_empty()).then_some(name)
}

#[cfg(test)]
mod tests {
    use super::{odata_type, top_level};

    #[test]
    fn the_type_a_value_names() {
        assert_eq!(
            odata_type(r##"{"@odata.type": "#microsoft.graph.user", "id": "1"}"##),
            Some("microsoft.graph.user")
        );
        assert_eq!(
            odata_type(r#" [{"id": "1", "@odata.type": "microsoft.graph.room"}]"#),
            Some("microsoft.graph.room")
        );
        assert_eq!(odata_type(r#"{"id": "1"}"#), None);
        assert_eq!(odata_type(r#""String""#), None);
    }

    fn keys(body: &str) -> (Vec<&str>, bool) {
        let t = top_level(body).expect("an object");
        (t.entries.iter().map(|(k, _)| *k).collect(), t.closed)
    }

    #[test]
    fn keys_of_objects_that_are_not_quite_json() {
        assert_eq!(keys(r#"{"a": "String", "b": {"c": 1}, "d": [{"e": 2}]}"#), (vec!["a", "b", "d"], true));
        // Type placeholders, a comment, a cut: the keys before the cut still count.
        assert_eq!(
            keys("{\n  \"name\": \"String\", // the name\n  \"size\": 1,\n  ...\n"),
            (vec!["name", "size"], false)
        );
        // A string value with a colon inside, escaped quotes, a value that looks like a key.
        assert_eq!(keys(r#"{"a": "x: \"y\"", "b": "c", "d": 1}"#), (vec!["a", "b", "d"], true));
        assert_eq!(keys("{}"), (vec![], true));
        assert!(top_level("[1]").is_none());
        assert!(top_level("String").is_none());
    }

    #[test]
    fn each_key_comes_with_the_text_after_its_colon() {
        let t = top_level(r#"{"value": [1], "n": 2}"#).unwrap();
        assert_eq!(t.entries[0].1.trim_start().chars().next(), Some('['));
        assert_eq!(t.entries[1].1.trim_start().chars().next(), Some('2'));
    }
}
