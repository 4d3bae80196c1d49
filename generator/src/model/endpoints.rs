//! Endpoints documented by several operations: the one each call is bound to.
//!
//! Several pages often document one `METHOD /path`: the owner's page, a page that documents a
//! variant of the call (`GET /users?$expand=manager`), a page of a derived type, Intune's copies
//! of the directory pages. The merge decides once which operation owns the endpoint, with the
//! rule that decided it; the client, the permission lookup and permissions.json all read that
//! decision.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{ApiVersion, Method, Source};

/// One endpoint and the operations documenting it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SharedEndpoint {
    pub version: ApiVersion,
    pub method: Method,
    /// The template as the primary operation writes it.
    pub path: String,
    /// The key of the operation the endpoint's call is bound to.
    pub primary: String,
    pub resolution: Resolution,
    /// The other operations documenting the endpoint, by key.
    pub variants: Vec<EndpointVariant>,
}

/// How sure the merge is of the primary operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Resolution {
    /// A rule told the primary from the others (each variant says which).
    Decided,
    /// No rule told them apart, but the pages agree on the permissions and the type: any of
    /// them answers for the endpoint.
    Agreed,
    /// The pages disagree and nothing on them decides: no page's permissions stand for the
    /// endpoint, and its response is not typed unless they all give the same type.
    Undecided,
}

/// Another operation documenting the endpoint, and why it is not the primary.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EndpointVariant {
    pub key: String,
    pub rule: VariantRule,
    /// The variant's request line for the endpoint.
    pub source: Source,
}

/// What made an operation a variant of an endpoint rather than its owner.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum VariantRule {
    /// Its request line adds a query string (`GET /users?$expand=manager`): a variant of
    /// the call another page documents plainly.
    QueryString,
    /// The path reaches a type (through the resource pages' relationships) that another
    /// operation returns or takes, and this one does not (a derived type, another resource).
    PathType,
    /// Another operation documenting the endpoint returns or takes a base type of this one's
    /// (`countryNamedLocation` beside `namedLocation`): a derived type's page documents a kind
    /// of what the endpoint addresses.
    BaseType,
    /// Another page is named after the endpoint's type (`message-update.md` for
    /// `PATCH /me/messages/{id}`) and this one is not.
    TypePage,
    /// Its page belongs to a family of pages that mostly re-document endpoints that pages
    /// outside the family also document (Intune's copies of the directory pages).
    CopyFamily,
    /// The pages agree on the permissions and the type: nothing to decide.
    SameFacts,
    /// The pages disagree and no rule decided (see [`Resolution::Undecided`]).
    Undecided,
}

impl VariantRule {
    pub fn as_str(self) -> &'static str {
        match self {
            VariantRule::QueryString => "queryString",
            VariantRule::PathType => "pathType",
            VariantRule::BaseType => "baseType",
            VariantRule::TypePage => "typePage",
            VariantRule::CopyFamily => "copyFamily",
            VariantRule::SameFacts => "sameFacts",
            VariantRule::Undecided => "undecided",
        }
    }
}

/// The shared endpoints by (version, method, path shape): the shape is the template with
/// parameter names erased and literals lower-cased, as Graph matches paths.
#[derive(Debug, Default)]
pub struct EndpointIndex<'m> {
    by_shape: BTreeMap<(ApiVersion, Method, String), &'m SharedEndpoint>,
}

impl<'m> EndpointIndex<'m> {
    pub fn new(shared: &'m [SharedEndpoint]) -> Self {
        let by_shape = shared.iter().map(|e| ((e.version, e.method, shape_key(&e.path)), e)).collect();
        EndpointIndex { by_shape }
    }

    /// The shared endpoint `method path` of `version`, if several operations document it.
    pub fn get(&self, version: ApiVersion, method: Method, path: &str) -> Option<&'m SharedEndpoint> {
        self.by_shape.get(&(version, method, shape_key(path))).copied()
    }

    /// Whether `key` is the operation the endpoint is bound to: the primary of a shared
    /// endpoint, or any operation of an endpoint only it documents.
    pub fn owns(&self, version: ApiVersion, method: Method, path: &str, key: &str) -> bool {
        self.get(version, method, path).is_none_or(|shared| shared.primary == key)
    }
}

/// `path` with parameter names erased and literal text lower-cased: `/users/{}/messages`.
pub fn shape_key(path: &str) -> String {
    // Called for every lookup of an endpoint: one pass, one allocation, splitting as
    // [`PathPart::split`] does (a `{` never closed is text) and lower-casing each literal
    // part on its own.
    fn literal(key: &mut String, text: &str) {
        if text.is_ascii() {
            key.extend(text.bytes().map(|b| char::from(b.to_ascii_lowercase())));
        } else {
            key.push_str(&text.to_lowercase());
        }
    }
    let mut key = String::with_capacity(path.len());
    let mut rest = path;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}').map(|c| open + c) else { break };
        literal(&mut key, &rest[..open]);
        key.push_str("{}");
        rest = &rest[close + 1..];
    }
    literal(&mut key, rest);
    key
}

#[cfg(test)]
mod tests {
    use super::shape_key;
    use crate::model::PathPart;
    use proptest::prelude::*;

    /// The key as it is defined: the parts of [`PathPart::split`], each literal lower-cased
    /// and each parameter `{}`.
    fn by_parts(path: &str) -> String {
        PathPart::split(path)
            .iter()
            .map(|p| match p {
                PathPart::Literal(text) => text.to_lowercase(),
                PathPart::Param(_) => "{}".to_owned(),
            })
            .collect()
    }

    #[test]
    fn parameters_lose_their_names_and_text_its_case() {
        assert_eq!(shape_key("/Users/{user-id}/mailFolders('{id}')/x"), "/users/{}/mailfolders('{}')/x");
        assert_eq!(shape_key("/a/{unclosed"), "/a/{unclosed");
        assert_eq!(shape_key("/ΣΑΣ/{x}ΑΣ"), by_parts("/ΣΑΣ/{x}ΑΣ"));
    }

    proptest! {
        #[test]
        fn one_pass_is_the_parts_key(path in "[/a-zA-Z{}()'ΣΑé=-]{0,24}") {
            prop_assert_eq!(shape_key(&path), by_parts(&path));
        }
    }
}
