//! Attribute values in inline HTML tags (`<a name="http-request">`).

/// The value of `name="..."` (or `'...'`) in a tag.
pub fn attribute<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let mut rest = tag;
    while let Some(i) = rest.find(name) {
        let after = rest[i + name.len()..].trim_start();
        let before_ok = rest[..i].ends_with(|c: char| c.is_whitespace());
        if let (true, Some(v)) = (before_ok, after.strip_prefix('=')) {
            let v = v.trim_start();
            let quote = v.chars().next()?;
            if quote == '"' || quote == '\'' {
                let v = &v[1..];
                return v.find(quote).map(|e| &v[..e]);
            }
        }
        rest = &rest[i + name.len()..];
    }
    None
}

#[cfg(test)]
mod tests {
    use super::attribute;

    #[test]
    fn reads_quoted_attributes() {
        assert_eq!(attribute("<a name=\"x-y\"></a>", "name"), Some("x-y"));
        assert_eq!(attribute("<a id='z'>", "id"), Some("z"));
        assert_eq!(attribute("<a rename=\"no\">", "name"), None);
        assert_eq!(attribute("<a name=x>", "name"), None);
    }
}
