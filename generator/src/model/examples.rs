//! The docs' own example requests and responses, as the API pages show them.

use super::Source;
use serde::{Deserialize, Serialize};

/// Whether an example is a request or a response.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ExampleKind {
    Request,
    Response,
}

/// One example request or response: its annotation (`<!-- { "blockType": "response", ... } -->`)
/// and the body of the code block that follows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Example {
    pub kind: ExampleKind,
    /// The annotation's `name`; a response without one takes the name of the request before
    /// it (the docs pair them that way).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The annotation's `@odata.type`, qualified (`microsoft.graph.user`), without a
    /// `Collection(...)` wrapper.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub odata_type: Option<String>,
    /// The annotation's `isCollection`, or a `Collection(...)` `@odata.type`.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub is_collection: bool,
    /// The annotation's `truncated`: the body leaves parts out (often with `...`).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub truncated: bool,
    /// A response's status (`HTTP/1.1 201 Created`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
    /// The body exactly as on the page, from its first line; `None` when the block has none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<String>,
    /// Whether the body is meant as JSON (starts with `{` or a JSON array); text, binary
    /// placeholders and multipart bodies are kept but not checked.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub json: bool,
    /// A request's `METHOD /path` (host, version and query dropped, example IDs read as
    /// parameters), when its first line reads as one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request: Option<ExampleRequest>,
    /// The body's first line (the code block's first line when there is no body).
    pub source: Source,
}

/// The call an example request makes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ExampleRequest {
    pub method: super::Method,
    pub path: String,
}
