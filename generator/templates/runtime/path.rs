//! Paths from templates: [`Part`]s joined, parameters percent-encoded, and the traversal guard.

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

use super::Error;

/// One piece of a path template.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part<'a> {
    /// Sent as is.
    Literal(&'a str),
    /// A parameter: its documented name (for errors) and the value, percent-encoded when sent.
    Param(&'a str, &'a str),
    /// A parameter that is a path of folders (`folder/file.txt` in `root:/{item-path}:`, OData's
    /// path addressing): each `/`-separated name percent-encoded, the `/` between them sent as
    /// is, so that the service walks the folders. One leading `/` is dropped (the template has
    /// it already). The traversal guard covers each of its segments.
    PathParam(&'a str, &'a str),
}

// Everything but RFC 3986 unreserved characters, so a value can never add a path segment,
// a query or a fragment.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');

/// Percent-encodes `value` for use inside one path segment.
pub fn encode_segment(value: &str) -> String {
    utf8_percent_encode(value, SEGMENT).to_string()
}

/// Joins `parts`, encoding parameters.
///
/// A segment that a parameter takes part in cannot end up empty, `.` or `..`: URL parsing
/// would drop or resolve it, so the request would reach another resource. The check runs on
/// the joined path, because adjacent parameters (`{a}{b}` with `.` and `.`) or a parameter
/// next to a literal (`.{a}`) make such a segment together. Segments made of literals only
/// are the caller's own and kept as they are.
pub fn build_path(parts: &[Part<'_>]) -> Result<String, Error> {
    let mut path = String::new();
    // Each parameter's name and where its encoded value starts and ends in `path`.
    let mut params = Vec::new();
    for part in parts {
        let start = path.len();
        let name = match *part {
            Part::Literal(text) => {
                path.push_str(text);
                continue;
            }
            Part::Param(name, value) => {
                path.push_str(&encode_segment(value));
                name
            }
            Part::PathParam(name, value) => {
                let value = value.strip_prefix('/').unwrap_or(value);
                let names: Vec<String> = value.split('/').map(encode_segment).collect();
                path.push_str(&names.join("/"));
                name
            }
        };
        params.push((name, start, path.len()));
    }
    let mut start = 0;
    for segment in path.split('/') {
        let end = start + segment.len();
        if matches!(segment, "" | "." | "..") {
            // A parameter whose value touches `start..=end` takes part in this segment (an
            // empty value at `end` closes it).
            let names: Vec<&str> =
                params.iter().filter(|(_, from, to)| *from <= end && start <= *to).map(|(name, _, _)| *name).collect();
            if !names.is_empty() {
                return Err(Error::InvalidParameter { name: names.join(", "), value: segment.to_owned() });
            }
        }
        start = end + 1;
    }
    Ok(path)
}
