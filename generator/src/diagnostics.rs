//! Diagnostics: what every stage reports about its input, with a stable code,
//! a severity and a file:line:col, rendered like rustc's by codespan-reporting.

use serde::{Deserialize, Serialize};
use std::ops::Range;

mod grouping;
mod render;
pub use grouping::{count_by_code, group, message_shape, CodeCount, Group};
pub use render::{Detail, SourceMap};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Note,
}

macro_rules! codes {
    ($( $(#[doc = $doc:literal])* $variant:ident = $code:literal, $severity:ident; )*) => {
        /// Stable diagnostic codes. A code never changes meaning; new ones are appended.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code { $( $(#[doc = $doc])* $variant, )* }

        impl Code {
            pub const ALL: &'static [Code] = &[$(Code::$variant),*];

            /// The code as printed, e.g. `G0201`.
            pub fn as_str(self) -> &'static str {
                match self { $( Code::$variant => $code, )* }
            }

            pub fn severity(self) -> Severity {
                match self { $( Code::$variant => Severity::$severity, )* }
            }

            /// What the code means: its doc comment, so the summary of a run and the
            /// documentation cannot drift apart.
            pub fn meaning(self) -> &'static str {
                match self { $( Code::$variant => concat!($($doc),*).trim_ascii_start(), )* }
            }
        }
    };
}

codes! {
    /// The file could not be read.
    Unreadable = "G0001", Error;
    /// The file is not valid UTF-8.
    NotUtf8 = "G0002", Error;
    /// The file is empty or holds only whitespace.
    EmptyFile = "G0003", Error;
    /// The locale is neither in the path nor recognisable from the content.
    UnknownLocale = "G0004", Warning;
    /// The API version is neither in the path nor in an example URL.
    UnknownVersion = "G0005", Error;
    /// The page is not an API page (a resource or concept page); it is skipped.
    NotAnApiPage = "G0006", Note;
    /// The page has no title to identify the operation by.
    NoTitle = "G0007", Error;
    /// The generator itself failed on the page (a bug: please report it).
    InternalError = "G0008", Error;
    /// The folder and the front matter disagree about the kind of page; its content decided.
    PageKindDisagreement = "G0009", Note;

    /// An annotation was not strict JSON and was repaired.
    AnnotationRepaired = "G0101", Warning;
    /// An annotation could not be parsed, even leniently.
    AnnotationInvalid = "G0102", Error;
    /// An annotation has a key this generator does not know.
    AnnotationUnknownKey = "G0103", Warning;
    /// An annotation has a blockType this generator does not know.
    AnnotationUnknownBlockType = "G0104", Warning;
    /// An `[!INCLUDE]` points to a file that does not exist.
    IncludeMissing = "G0105", Error;
    /// An `[!INCLUDE]` points outside the docs root.
    IncludeOutsideRoot = "G0106", Error;

    /// The page has no HTTP request section.
    NoHttpRequest = "G0201", Error;
    /// A line of the HTTP request block is not `METHOD /path`.
    BadRequestLine = "G0202", Warning;
    /// The HTTP request section has no endpoint.
    NoEndpoints = "G0203", Error;
    /// A `METHOD /path` block with no HTTP request heading was read as the request.
    RequestBlockWithoutHeading = "G0204", Warning;
    /// An example ID (a GUID) in a request path was read as a parameter.
    ExampleIdInPath = "G0205", Warning;
    /// A request path elides segments (`...`); it is left out of the client.
    EllipsisInPath = "G0206", Warning;
    /// An example request calls a path the HTTP request section does not list; it is taken as
    /// an endpoint of the operation.
    EndpointFromExample = "G0207", Note;

    /// The page has no permissions section.
    NoPermissions = "G0301", Warning;
    /// A permissions table has no recognisable scheme rows.
    PermissionsTableUnreadable = "G0302", Warning;
    /// A permission name is a near miss of another one seen in the same run.
    PermissionNearMiss = "G0303", Warning;
    /// A permission name was damaged (spaces, stray characters) and repaired.
    PermissionRepaired = "G0304", Warning;
    /// A permission name is translated or not a valid permission name.
    PermissionInvalid = "G0305", Warning;
    /// A permissions row (or column) names no scheme the generator can be sure of; its
    /// permissions are attributed to no scheme.
    PermissionRowUnplaced = "G0306", Warning;
    /// A permissions column states an order the generator does not recognise.
    PermissionOrderUnrecognised = "G0307", Warning;
    /// A permissions table is larger than any real one; only part of it is read.
    PermissionsTableTooLarge = "G0308", Warning;
    /// A phrase repeated alone in scheme cells across the run is read as the edition's "not supported".
    NotSupportedPhraseLearned = "G0309", Note;

    /// The Response prose and the example response disagree on the status.
    StatusDisagreement = "G0401", Warning;
    /// No success status found.
    NoStatus = "G0402", Warning;

    /// Pages in different locales disagree about an operation.
    LocaleDisagreement = "G0501", Warning;
    /// Two pages of the same locale document the same operation.
    DuplicatePage = "G0502", Warning;

    /// A resource page names its type nowhere the generator can read.
    ResourceWithoutName = "G0601", Warning;
    /// A row of a Properties or Relationships table has no readable name or type.
    ResourceRowUnreadable = "G0602", Warning;
    /// An operation's response or request type is not a type of the resource pages.
    TypeLinkUnresolved = "G0603", Note;
    /// A POST page's Request body table does not read as a parameter table (no type column, a row
    /// without a parameter name): no parameters are recorded.
    ParameterTableUnreadable = "G0604", Warning;
    /// A page's example annotation and its Response prose name different types of the run; the
    /// one the example response's keys fit better stands, if most fit it; on a tie the example
    /// object's `@odata.type` or other types' Methods tables may tell (else the annotation).
    ResponseTypeDisagreement = "G0605", Warning;
    /// A Properties, Relationships or Methods row's type cell is a link whose text names one
    /// type of the run and whose page is another's: the row's type is left out.
    TypeLinkTextDisagrees = "G0606", Warning;

    /// Several pages document one endpoint, disagree on its least privileged permissions, and
    /// nothing on them tells which owns it: no page's permissions stand for the endpoint.
    EndpointDocumentedDifferently = "G0801", Warning;
    /// A GET page's response (one object or a collection, its type) contradicts what its path
    /// addresses through the resource pages' relationships; the path decides.
    ResponseContradictsPath = "G0802", Warning;

    /// The file is larger than the page size limit; it is not read.
    PageTooLarge = "G0020", Error;
    /// An `[!INCLUDE]` target is not a regular file (a FIFO, device or folder).
    IncludeNotAFile = "G0107", Error;
    /// An `[!INCLUDE]` target is larger than the include size limit.
    IncludeTooLarge = "G0108", Error;
    /// An `[!INCLUDE]` target exists but cannot be read (permissions, symlink loop, not UTF-8).
    IncludeUnreadable = "G0109", Error;
    /// An annotation is larger than the annotation size limit; it is not checked.
    AnnotationTooLarge = "G0110", Warning;

    /// An example body meant as JSON is not valid JSON.
    ExampleInvalidJson = "G0701", Warning;
    /// A truncated example body is not strict JSON (`...`, comments): checked as far as readable.
    ExampleTruncatedNotJson = "G0702", Note;
    /// An example has a property its type (with its base types) does not list.
    ExampleUnknownProperty = "G0703", Warning;
    /// An example value has a JSON type its property's type does not allow.
    ExampleWrongJsonType = "G0704", Warning;
    /// An example names a type (annotation or `@odata.type`) that no resource page describes.
    ExampleUnknownType = "G0705", Warning;
    /// An example's `@odata.type` names a type that is neither the documented type nor derived from it.
    ExampleTypeNotDerived = "G0706", Warning;
    /// An example value has the right JSON type but not its type's format (a date, GUID, base64, an
    /// integer out of range), so it cannot be decoded.
    ExampleValueFormat = "G0707", Warning;
}

/// One finding about the input. Read back from JSON by the no-change shortcut (`cache`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diagnostic {
    #[serde(serialize_with = "serialize_code", deserialize_with = "deserialize_code")]
    pub code: Code,
    pub severity: Severity,
    /// File as given to the run, `/`-separated, relative to the input root.
    pub file: String,
    /// Byte range in the file.
    pub span: Range<usize>,
    /// 1-based line and column (in characters) of `span.start`.
    pub line: u32,
    pub column: u32,
    pub message: String,
    /// Short text under the caret, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

fn serialize_code<S: serde::Serializer>(code: &Code, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(code.as_str())
}

fn deserialize_code<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Code, D::Error> {
    let text = String::deserialize(d)?;
    Code::ALL
        .iter()
        .copied()
        .find(|c| c.as_str() == text)
        .ok_or_else(|| serde::de::Error::custom(format!("unknown diagnostic code {text}")))
}

impl Diagnostic {
    /// A diagnostic at `span` of `text` (the file's contents), with the code's severity.
    pub fn new(code: Code, file: &str, text: &str, span: Range<usize>, message: impl Into<String>) -> Self {
        let (line, column) = line_col(text, span.start);
        Diagnostic {
            code,
            severity: code.severity(),
            file: file.to_owned(),
            span,
            line,
            column,
            message: message.into(),
            label: None,
            notes: Vec::new(),
        }
    }

    pub fn with_label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    pub fn with_note(mut self, note: impl Into<String>) -> Self {
        self.notes.push(note.into());
        self
    }

    fn sort_key(&self) -> (&str, usize, &str, &str) {
        (&self.file, self.span.start, self.code.as_str(), &self.message)
    }
}

/// 1-based line and character column of a byte offset (clamped to the text).
pub fn line_col(text: &str, offset: usize) -> (u32, u32) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    // Byte by byte (a newline is one byte in UTF-8): the compiler vectorizes this count, where
    // `matches('\n')` stops at each line.
    let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = text[line_start..offset].chars().count() + 1;
    (line as u32, column as u32)
}

/// Sorts diagnostics so that output is the same whatever order pages were read in.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    // Stable, like `sort_by`: ties keep the order they were found in.
    use rayon::slice::ParallelSliceMut;
    diagnostics.par_sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
}

/// Counts per severity.
pub fn count(diagnostics: &[Diagnostic], severity: Severity) -> usize {
    diagnostics.iter().filter(|d| d.severity == severity).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_characters_not_bytes() {
        let text = "ab\n权限x\n";
        assert_eq!(line_col(text, 0), (1, 1));
        assert_eq!(line_col(text, 3), (2, 1));
        // "权限" is 6 bytes, 2 characters.
        assert_eq!(line_col(text, 9), (2, 3));
        // Inside a multi-byte character: clamped back to its start.
        assert_eq!(line_col(text, 4), (2, 1));
        assert_eq!(line_col(text, 999), (3, 1));
    }

    #[test]
    fn codes_are_unique() {
        let mut seen = std::collections::BTreeSet::new();
        for code in Code::ALL {
            assert!(seen.insert(code.as_str()), "duplicate code {}", code.as_str());
        }
    }
}
