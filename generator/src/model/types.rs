//! Types read from the resource pages: what a Graph type is, before any Rust is emitted.

use super::{ApiVersion, Source};
use serde::{Deserialize, Serialize};

/// A resource or complex type (`user`, `assignedLicense`), from its resource page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TypeDef {
    /// The type's name as Graph spells it (`user`, `windowsWifiEnterpriseEAPConfiguration`).
    pub name: String,
    /// `microsoft.graph` unless the page says otherwise.
    pub namespace: String,
    pub version: Option<ApiVersion>,
    /// `microsoft.graph.directoryObject` for `user`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    /// Whether instances may carry properties the page does not list.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub open_type: bool,
    pub properties: Vec<Property>,
    pub relationships: Vec<Property>,
    /// The page the type comes from (its title line).
    pub source: Source,
    /// The page's locale.
    pub locale: String,
}

impl TypeDef {
    /// `microsoft.graph.user`: what `@odata.type` says for this type.
    pub fn odata_type(&self) -> String {
        format!("{}.{}", self.namespace, self.name)
    }
}

/// One property or relationship of a type.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Property {
    pub name: String,
    /// The type as the page names it, without the collection wrapper: `String`,
    /// `Int32`, `assignedLicense`, `microsoft.graph.identitySet`.
    pub type_name: String,
    /// `String collection`, `[assignedLicense](...) collection`, `Collection(String)`.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub collection: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    pub source: Source,
}

/// An enum type and its members, from an `enums*.md` page or an enum section of a resource page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EnumDef {
    pub name: String,
    pub namespace: String,
    pub version: Option<ApiVersion>,
    pub members: Vec<EnumMember>,
    pub source: Source,
    pub locale: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EnumMember {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    pub source: Source,
}

/// An operation's link to the type its response carries or its request takes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TypeLink {
    /// The qualified type (`microsoft.graph.user`); before the merge resolves it, a link
    /// may still read `resources/user` (the resource page it points to).
    pub type_name: String,
    /// Whether it is a collection, where the page says (`None`: not said).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub collection: Option<bool>,
    pub source: Source,
}

impl TypeLink {
    /// How a link to a resource page is written (`resources/user`) until the merge resolves it.
    pub const RESOURCE_PAGE: &'static str = "resources/";
}

/// Graph's primitive (Edm) types, however a page spells them: `String`, `string`,
/// `Edm.Int32`, `GUID`, and the `bool`, `int`, `integer` some pages use. One reading for
/// every stage, so that the emitted models and the check of examples agree on what a
/// type name means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edm {
    String,
    Boolean,
    Byte,
    SByte,
    Int16,
    Int32,
    Int64,
    Single,
    Double,
    Decimal,
    DateTimeOffset,
    Date,
    TimeOfDay,
    Duration,
    Guid,
    Binary,
    Stream,
    /// Any JSON value (`microsoft.graph.Json`).
    Json,
}

impl Edm {
    /// The primitive a type name names, namespace (`Edm.`, `microsoft.graph.`) and case aside.
    pub fn parse(type_name: &str) -> Option<Edm> {
        let name = type_name.trim();
        let name = name.rsplit('.').next().unwrap_or(name);
        Some(match name.to_ascii_lowercase().as_str() {
            "string" => Edm::String,
            "boolean" | "bool" => Edm::Boolean,
            "byte" => Edm::Byte,
            "sbyte" => Edm::SByte,
            "int16" => Edm::Int16,
            "int32" | "int" | "integer" => Edm::Int32,
            "int64" => Edm::Int64,
            "single" => Edm::Single,
            "double" => Edm::Double,
            "decimal" => Edm::Decimal,
            "datetimeoffset" => Edm::DateTimeOffset,
            "date" => Edm::Date,
            "timeofday" => Edm::TimeOfDay,
            "duration" => Edm::Duration,
            "guid" => Edm::Guid,
            "binary" => Edm::Binary,
            "stream" => Edm::Stream,
            "json" => Edm::Json,
            _ => return None,
        })
    }
}
