//! What the generated model types (`v1_0::models`, `beta::models`) are made of.
//!
//! Each model implements `Serialize` and `Deserialize` by hand through [`ModelReader`] and
//! [`ModelWriter`] instead of `#[derive]`: a few lines per type instead of a few hundred keeps
//! a client with thousands of types quick to compile. The JSON object is read into a map once,
//! each documented property is taken out of it, and whatever is left (properties the docs do
//! not list, OData annotations such as `@odata.type`) stays in the type's `additional_data`, so
//! nothing a newer service returns is lost.
//!
//! How Graph's types become Rust types (`Edm` is OData's type system):
//!
//! | Graph | Rust |
//! |---|---|
//! | `String`, `Duration` (ISO 8601, `PT1H30M`) | [`String`] |
//! | `Boolean` | [`bool`] |
//! | `Byte`, `SByte`, `Int16`, `Int32`, `Int64` | [`u8`], [`i8`], [`i16`], [`i32`], [`i64`] |
//! | `Single`, `Double`, `Decimal` | [`f32`], [`f64`], [`f64`] (Graph sends decimals as JSON numbers) |
//! | `DateTimeOffset` | [`chrono::DateTime`]`<`[`chrono::FixedOffset`]`>` (the offset as sent) |
//! | `Date`, `TimeOfDay` | [`chrono::NaiveDate`], [`chrono::NaiveTime`] |
//! | `Guid` | [`uuid::Uuid`] |
//! | `Binary` | [`Binary`] (base64 in JSON) |
//! | `Json`, `Stream`, a type the docs do not define | [`serde_json::Value`] |
//! | a resource or complex type | its struct, boxed (types refer to each other) |
//! | an enum | its enum, with `Other(String)` for values the docs do not list |
//! | a collection | [`Vec`] |
//!
//! Every property is an [`Option`]: Graph leaves out what `$select` did not ask for and what
//! is null, and an update sends only what is set.

use std::fmt;

use base64::Engine as _;
use serde::de::Error as _;
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The JSON object of a model being decoded.
///
/// A property that does not decode is remembered and reported by [`finish`](Self::finish):
/// the generated code reads every field without `?`, which keeps it quick to type-check.
pub struct ModelReader {
    object: serde_json::Map<String, serde_json::Value>,
    error: Option<String>,
}

impl ModelReader {
    /// Reads a JSON object (anything else is an error naming `type_name`).
    pub fn new<'de, D: Deserializer<'de>>(deserializer: D, type_name: &str) -> Result<Self, D::Error> {
        match serde_json::Value::deserialize(deserializer)? {
            serde_json::Value::Object(object) => Ok(ModelReader { object, error: None }),
            other => Err(D::Error::custom(format!("{type_name}: expected a JSON object, found {}", kind(&other)))),
        }
    }

    /// Takes property `name` out of the object: `None` when absent or null, or when it does
    /// not decode (then [`finish`](Self::finish) fails).
    // `Deserialize<'static>` rather than `DeserializeOwned` (a higher-ranked bound): the
    // value is owned either way, and the simple bound type-checks faster at thousands of
    // call sites.
    pub fn take<T: Deserialize<'static>>(&mut self, name: &str) -> Option<T> {
        match self.object.remove(name) {
            None | Some(serde_json::Value::Null) => None,
            Some(value) => match T::deserialize(value) {
                Ok(value) => Some(value),
                Err(error) => {
                    self.error.get_or_insert_with(|| format!("`{name}`: {error}"));
                    None
                }
            },
        }
    }

    /// The properties no field took.
    pub fn rest(&mut self) -> serde_json::Map<String, serde_json::Value> {
        std::mem::take(&mut self.object)
    }

    /// `value`, or the first property that did not decode.
    pub fn finish<T, E: serde::de::Error>(self, value: T) -> Result<T, E> {
        match self.error {
            Some(error) => Err(E::custom(error)),
            None => Ok(value),
        }
    }
}

fn kind(value: &serde_json::Value) -> &'static str {
    match value {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "a boolean",
        serde_json::Value::Number(_) => "a number",
        serde_json::Value::String(_) => "a string",
        serde_json::Value::Array(_) => "an array",
        serde_json::Value::Object(_) => "an object",
    }
}

/// The JSON object of a model being encoded: the fields that are set, then
/// `additional_data`. Like [`ModelReader`], it reports the first failure at the end.
#[derive(Default)]
pub struct ModelWriter {
    entries: Vec<(&'static str, serde_json::Value)>,
    error: Option<String>,
}

impl ModelWriter {
    /// Writes property `name` if it is set.
    pub fn field<T: Serialize>(&mut self, name: &'static str, value: &Option<T>) {
        if let Some(value) = value {
            match serde_json::to_value(value) {
                Ok(value) => self.entries.push((name, value)),
                Err(error) => {
                    self.error.get_or_insert_with(|| format!("`{name}`: {error}"));
                }
            }
        }
    }

    /// The object: the fields written, then the additional properties except those a field
    /// already wrote (`known`).
    pub fn end<S: Serializer>(
        self,
        serializer: S,
        additional: &serde_json::Map<String, serde_json::Value>,
        known: &[&str],
    ) -> Result<S::Ok, S::Error> {
        if let Some(error) = self.error {
            return Err(serde::ser::Error::custom(error));
        }
        let mut map = serializer.serialize_map(None)?;
        for (name, value) in &self.entries {
            map.serialize_entry(name, value)?;
        }
        for (name, value) in additional {
            if !known.contains(&name.as_str()) {
                map.serialize_entry(name, value)?;
            }
        }
        map.end()
    }
}

/// Bytes, written as base64 in JSON (Graph's `Edm.Binary`).
#[derive(Clone, Default, PartialEq, Eq, Hash)]
pub struct Binary(pub Vec<u8>);

impl fmt::Debug for Binary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Binary(<{} bytes>)", self.0.len())
    }
}

impl Serialize for Binary {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&base64::engine::general_purpose::STANDARD.encode(&self.0))
    }
}

impl<'de> Deserialize<'de> for Binary {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        base64::engine::general_purpose::STANDARD
            .decode(text.as_bytes())
            .map(Binary)
            .map_err(|e| D::Error::custom(format!("not base64: {e}")))
    }
}
