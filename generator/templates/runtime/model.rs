//! What the generated model types (`v1_0::models`, `beta::models`) are made of.
//!
//! Each model implements `Serialize` and `Deserialize` by hand, as one call to [`write_model`]
//! and [`read_model`] with a table of its fields, instead of `#[derive]`: a few lines per type
//! instead of a few hundred keeps a client with thousands of types quick to compile. The JSON object is read into a map once,
//! each documented property is taken out of it, and whatever is left (properties the docs do
//! not list, OData annotations such as `@odata.type`) stays in the type's `additional_data`, so
//! nothing a newer service returns is lost. Their `Debug` prints that JSON ([`debug_model`]),
//! and their `Clone` copies through it ([`clone_model`]).
//!
//! How Graph's types become Rust types (`Edm` is OData's type system):
//!
//! | Graph | Rust |
//! |---|---|
//! | `String`, `Duration` (ISO 8601, `PT1H30M`) | [`String`] |
//! | `Boolean` | [`bool`] |
//! | `Byte`, `SByte`, `Int16`, `Int32`, `Int64` | [`u8`], [`i8`], [`i16`], [`i32`], [`i64`] |
//! | `Single`, `Double`, `Decimal` | [`f32`], [`f64`], [`f64`] |
//! | `DateTimeOffset` | [`chrono::DateTime`]`<`[`chrono::FixedOffset`]`>` (the offset as sent) |
//! | `Date`, `TimeOfDay` | [`chrono::NaiveDate`], [`chrono::NaiveTime`] |
//! | `Guid` | [`uuid::Uuid`] |
//! | `Binary` | [`Binary`] (base64 in JSON) |
//! | `Json`, `Stream`, a type the docs do not define | [`serde_json::Value`] |
//! | a resource or complex type | its struct, boxed (types refer to each other) |
//! | an enum | its enum, with `Other(String)` for values the docs do not list |
//! | a collection | [`Vec`] |
//! | a value that does not decode into the type above | kept raw in `additional_data` (below) |
//!
//! Every property is an [`Option`]: Graph leaves out what `$select` did not ask for and what
//! is null, and an update sends only what is set.
//!
//! Numbers are read as OData JSON writes them: JSON numbers, and also the strings `"NaN"`,
//! `"INF"` and `"-INF"` for `Single`, `Double` and `Decimal`, and `Int64` and `Decimal` values
//! as strings (`"9007199254740993"`, what a service writes with `IEEE754Compatible=true`).
//!
//! # Values that do not decode: lenient and lossless
//!
//! Decoding a model fails only when its JSON is not an object. A property whose value does not
//! decode into its documented type (`"datetime-value"` where a `DateTimeOffset` belongs, a
//! string where the docs promise a collection) leaves its field `None` and is kept, as sent,
//! in the model's `additional_data` under its JSON name: one odd value neither fails the whole
//! response nor is lost. Serializing the model writes such a kept value back, unless its field
//! has been set since (then the field is written).
//!
//! So that this is never silent, each value kept raw is logged, per thread:
//! [`take_undecoded`] returns what was kept since its last call (the model's type, the
//! property, serde's error) and clears the log. Call it right after the call that decoded the
//! model, before the next `.await` (the task may continue on another thread), for example to
//! log why a field is `None`:
//!
//! ```
//! use graph_client_runtime::model::take_undecoded;
//!
//! // let user = client.v1().users().by_id(id).get().send().await?;
//! for kept in take_undecoded() {
//!     eprintln!("{}.{} kept raw in additional_data: {}", kept.type_name, kept.property, kept.error);
//! }
//! ```
//!
//! The log keeps the first [`MAX_UNDECODED`] entries of a thread between calls, so a program
//! that never reads it does not grow without bound; other tasks that ran on the same thread
//! may have left entries of their own (the type name tells them apart).
//!
//! # Derived types: `{Model}Kind`
//!
//! Graph sends a derived type where the docs declare its base: a group's members are
//! `directoryObject`s, each a `user`, a `group`, a `device`, ..., named by its `@odata.type`.
//! Fields and responses keep the declared type, so the common properties are there without a
//! match, and what the derived type adds lands in `additional_data`. Every model whose resource
//! page other pages name as their `baseType` has a kind enum, `DirectoryObjectKind`, with one
//! variant per derived type the docs list (derived types of derived types too, each variant under
//! its model's features) and `Base` for anything else. `into_kind` decodes a value into the type
//! its `@odata.type` names (see [`derived_type`] for the spellings read); the value is decoded
//! again, so nothing is lost. For a member list, match each item's kind:
//! `for member in page.value { match member.into_kind() { DirectoryObjectKind::User(user) =>
//! println!("{:?}", user.mail), DirectoryObjectKind::Group(group) => ..., _ => ... } }` (the enum
//! is `#[non_exhaustive]`: a newer version of the docs may list more types).
//!
//! The way back, to send a derived type where the API takes the base (`POST
//! /deviceManagement/deviceConfigurations` takes a `deviceConfiguration`, a real call sends a
//! `windows10GeneralConfiguration`): `DeviceConfiguration::from(DeviceConfigurationKind::
//! Windows10GeneralConfiguration(Box::new(config)))` writes the derived type's properties and
//! its `@odata.type` (unless the value has one), which tells the service what it receives.

use std::any::Any;
use std::cell::RefCell;
use std::fmt;

use base64::Engine as _;
use serde::de::Error as _;
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;

/// A property value that did not decode into its documented type, and was kept raw in the
/// model's `additional_data` (see [`take_undecoded`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Undecoded {
    /// The model's type as Graph names it (`microsoft.graph.user`).
    pub type_name: String,
    /// The property's JSON name (`createdDateTime`).
    pub property: String,
    /// Why it did not decode: serde's error.
    pub error: String,
}

/// How many [`Undecoded`] entries a thread's log keeps between two [`take_undecoded`] calls;
/// later ones are not logged (their values are still kept in `additional_data`).
pub const MAX_UNDECODED: usize = 1024;

thread_local! {
    static UNDECODED: RefCell<Vec<Undecoded>> = const { RefCell::new(Vec::new()) };
}

/// The property values this thread kept raw since the last call, oldest first; clears the
/// log.
pub fn take_undecoded() -> Vec<Undecoded> {
    UNDECODED.try_with(|log| std::mem::take(&mut *log.borrow_mut())).unwrap_or_default()
}

fn log_undecoded(undecoded: Undecoded) {
    // `try_with`: a model decoded while the thread shuts down is still decoded, just not logged.
    let _ = UNDECODED.try_with(|log| {
        let mut log = log.borrow_mut();
        if log.len() < MAX_UNDECODED {
            log.push(undecoded);
        }
    });
}

/// One property of a model, as [`read_model`] and [`write_model`] see it: the models hand
/// their fields over as a table of `(JSON name, &dyn Field)` rather than making one generic
/// call per field, so a model's `Serialize` and `Deserialize` are a single call each whatever
/// its size (a generic call per field cost the en-2021 client's build ~300 MiB and ~7 s).
/// Implemented for `Option<T>` of every property type.
pub trait Field {
    /// Fills the field from its JSON value; gives the value back with serde's error when it
    /// does not decode into the field's type (and is not a number spelled as OData does).
    fn read(&mut self, value: Value) -> Result<(), (Value, serde_json::Error)>;
    /// The field's JSON value; `None` when unset.
    fn write(&self) -> Option<Result<Value, serde_json::Error>>;
}

// `'static`: the OData number spellings are recognised by type (`dyn Any`).
impl<T: Serialize + serde::de::DeserializeOwned + 'static> Field for Option<T> {
    fn read(&mut self, value: Value) -> Result<(), (Value, serde_json::Error)> {
        // From a reference: the value is kept, as sent, when it does not decode.
        match T::deserialize(&value) {
            Ok(decoded) => {
                *self = Some(decoded);
                Ok(())
            }
            Err(error) => {
                odata_number(&value, self);
                if self.is_some() {
                    Ok(())
                } else {
                    Err((value, error))
                }
            }
        }
    }

    fn write(&self) -> Option<Result<Value, serde_json::Error>> {
        let value = self.as_ref()?;
        Some(odata_special(value).map_or_else(|| serde_json::to_value(value), Ok))
    }
}

/// A model's fields, by JSON name (models' `Deserialize`).
pub type Fields<'f> = [(&'static str, &'f mut dyn Field)];

/// Decodes a model's JSON object (anything else is an error naming `type_name`) into its
/// `fields` and returns what no field took: the model's `additional_data`. A property that is
/// absent or null leaves its field `None`; one that does not decode into the field's type too,
/// and is kept, as sent, in what is returned (and logged, see [`take_undecoded`]).
pub fn read_model<'de, D: Deserializer<'de>>(
    deserializer: D,
    type_name: &str,
    fields: &mut Fields<'_>,
) -> Result<serde_json::Map<String, Value>, D::Error> {
    match Value::deserialize(deserializer)? {
        Value::Object(object) => Ok(read_fields(object, type_name, fields)),
        other => Err(D::Error::custom(format!("{type_name}: expected a JSON object, found {}", kind(&other)))),
    }
}

// Not generic: compiled once, not per deserializer.
fn read_fields(
    mut object: serde_json::Map<String, Value>,
    type_name: &str,
    fields: &mut Fields<'_>,
) -> serde_json::Map<String, Value> {
    for (name, field) in fields.iter_mut() {
        let Some(value) = object.remove(*name) else { continue };
        if value.is_null() {
            continue;
        }
        if let Err((value, error)) = field.read(value) {
            log_undecoded(Undecoded {
                type_name: type_name.to_owned(),
                property: (*name).to_owned(),
                error: error.to_string(),
            });
            object.insert((*name).to_owned(), value);
        }
    }
    object
}

/// Fills `slot` (an `Option` of the field's type) when `value` is a number as OData JSON
/// writes it but serde_json does not read it (OData JSON Format 4.01, "Primitive Value"): the
/// strings `NaN`, `INF`, `-INF` for `Single`, `Double`, `Decimal` (`f32`, `f64`), and `Int64`
/// and `Decimal` as strings (`i64`, `f64`); also inside collections of those.
// One `dyn Any` function instead of a generic one: the field types are known here, and each
// `Field` impl stays a single call.
fn odata_number(value: &Value, slot: &mut dyn Any) {
    if let Some(slot) = slot.downcast_mut::<Option<f64>>() {
        *slot = double(value);
    } else if let Some(slot) = slot.downcast_mut::<Option<f32>>() {
        *slot = single(value);
    } else if let Some(slot) = slot.downcast_mut::<Option<i64>>() {
        *slot = int64(value);
    } else if let Some(slot) = slot.downcast_mut::<Option<Vec<f64>>>() {
        *slot = items(value, double);
    } else if let Some(slot) = slot.downcast_mut::<Option<Vec<f32>>>() {
        *slot = items(value, single);
    } else if let Some(slot) = slot.downcast_mut::<Option<Vec<i64>>>() {
        *slot = items(value, int64);
    }
}

fn items<N>(value: &Value, item: fn(&Value) -> Option<N>) -> Option<Vec<N>> {
    value.as_array()?.iter().map(item).collect()
}

/// The IEEE 754 specials OData writes as strings.
fn special(text: &str) -> Option<f64> {
    match text {
        "NaN" => Some(f64::NAN),
        "INF" => Some(f64::INFINITY),
        "-INF" => Some(f64::NEG_INFINITY),
        _ => None,
    }
}

/// A JSON number written as a string: the JSON grammar only (no `+1`, `inf`, spaces).
fn number_text(text: &str) -> Option<serde_json::Number> {
    match serde_json::from_str::<Value>(text) {
        Ok(Value::Number(number)) if text.trim() == text => Some(number),
        _ => None,
    }
}

fn double(value: &Value) -> Option<f64> {
    match value {
        Value::Number(number) => number.as_f64(),
        Value::String(text) => special(text).or_else(|| number_text(text)?.as_f64()),
        _ => None,
    }
}

fn single(value: &Value) -> Option<f32> {
    match value {
        // As serde_json reads an `f32`.
        Value::Number(number) => number.as_f64().map(|n| n as f32),
        Value::String(text) => special(text).map(|n| n as f32),
        _ => None,
    }
}

fn int64(value: &Value) -> Option<i64> {
    match value {
        Value::Number(number) => number.as_i64(),
        Value::String(text) => number_text(text)?.as_i64(),
        _ => None,
    }
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// Encodes a model (models' and request bodies' `Serialize`): the fields that are set, in
/// order, then the properties of `additional` no field wrote. A documented property in
/// `additional` (a value kept raw because it did not decode) is written back when its field
/// is unset. A field that does not serialize is an error naming it.
pub fn write_model<S: Serializer>(
    serializer: S,
    fields: &[(&'static str, &dyn Field)],
    additional: &serde_json::Map<String, Value>,
) -> Result<S::Ok, S::Error> {
    let entries = write_fields(fields).map_err(serde::ser::Error::custom)?;
    let mut map = serializer.serialize_map(None)?;
    for (name, value) in &entries {
        map.serialize_entry(name, value)?;
    }
    for (name, value) in additional {
        if !entries.iter().any(|(written, _)| *written == name.as_str()) {
            map.serialize_entry(name, value)?;
        }
    }
    map.end()
}

// Not generic: compiled once, not per serializer.
fn write_fields(fields: &[(&'static str, &dyn Field)]) -> Result<Vec<(&'static str, Value)>, String> {
    let mut entries = Vec::with_capacity(fields.len());
    for (name, field) in fields {
        match field.write() {
            Some(Ok(value)) => entries.push((*name, value)),
            Some(Err(error)) => return Err(format!("`{name}`: {error}")),
            None => {}
        }
    }
    Ok(entries)
}

/// The models' `Debug`: the type's name and the JSON the model serializes into (the fields
/// that are set, then `additional_data`), such as `User {"displayName":"Ann","id":"1"}`; `{:#?}`
/// prints the JSON indented. Written out, one call per model, rather than derived: the derive's
/// code for thousands of models cost the crate's build about 200 MB of memory, which the kind
/// enums of the derived types needed.
pub fn debug_model(name: &str, json: Result<Value, serde_json::Error>, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    match json {
        Ok(value) if f.alternate() => write!(f, "{name} {value:#}"),
        Ok(value) => write!(f, "{name} {value}"),
        Err(error) => write!(f, "{name} <does not serialize: {error}>"),
    }
}

/// The derived type a value's `@odata.type` names, as the kind enums match it: lower-cased,
/// without the leading `#`, and with the namespace alias `graph.` spelled out
/// (`#graph.user` → `microsoft.graph.user`); `None` when absent or not a string.
pub fn derived_type(additional: &serde_json::Map<String, Value>) -> Option<String> {
    let name = additional.get("@odata.type")?.as_str()?.trim();
    let name = name.strip_prefix('#').unwrap_or(name).to_ascii_lowercase();
    Some(match name.strip_prefix("graph.") {
        Some(rest) => format!("microsoft.graph.{rest}"),
        None => name,
    })
}

/// `from` decoded again as `T` (a derived model, for `into_kind`): the same JSON, so nothing
/// is lost (what `T` does not list lands in its `additional_data`). `None` only when `from`
/// does not serialize into a JSON object, which a model always does.
pub fn recast<F: Serialize, T: Deserialize<'static>>(from: &F) -> Option<Box<T>> {
    match serde_json::to_value(from) {
        Ok(value @ Value::Object(_)) => T::deserialize(value).ok().map(Box::new),
        _ => None,
    }
}

/// `from` (a derived model) decoded again as the base model `T`, with `@odata.type` set to
/// `odata_type` (`#microsoft.graph.user`) unless it has one: what the base does not list stays
/// in its `additional_data`, so the service receives every property.
pub fn upcast<F: Serialize, T: Deserialize<'static> + Default>(from: &F, odata_type: &str) -> T {
    let object = match serde_json::to_value(from) {
        Ok(Value::Object(object)) => object,
        // A model always serializes into an object; otherwise only the type is sent.
        _ => serde_json::Map::new(),
    };
    T::deserialize(Value::Object(with_odata_type(object, odata_type))).unwrap_or_default()
}

fn with_odata_type(mut object: serde_json::Map<String, Value>, odata_type: &str) -> serde_json::Map<String, Value> {
    object.entry("@odata.type").or_insert_with(|| Value::String(odata_type.to_owned()));
    object
}

/// A `Single`, `Double` or `Decimal` value (or a collection of them) holding NaN or an
/// infinity, as OData JSON writes it: `"NaN"`, `"INF"`, `"-INF"` (serde_json would write
/// `null`, which reads back as no value). `None` for anything else.
fn odata_special(value: &dyn Any) -> Option<Value> {
    let special = |n: f64| match n {
        n if n.is_nan() => Some("NaN"),
        n if n == f64::INFINITY => Some("INF"),
        n if n == f64::NEG_INFINITY => Some("-INF"),
        _ => None,
    };
    let number = |n: f64| {
        special(n).map_or_else(
            || serde_json::Number::from_f64(n).map_or(Value::Null, Value::Number),
            |s| Value::String(s.to_owned()),
        )
    };
    let numbers: Option<Vec<f64>> = if let Some(n) = value.downcast_ref::<f64>() {
        return special(*n).map(|s| Value::String(s.to_owned()));
    } else if let Some(n) = value.downcast_ref::<f32>() {
        return special(f64::from(*n)).map(|s| Value::String(s.to_owned()));
    } else if let Some(items) = value.downcast_ref::<Vec<f64>>() {
        Some(items.clone())
    } else {
        value.downcast_ref::<Vec<f32>>().map(|items| items.iter().map(|n| f64::from(*n)).collect())
    };
    let numbers = numbers?;
    numbers.iter().any(|n| !n.is_finite()).then(|| Value::Array(numbers.into_iter().map(number).collect()))
}

/// A copy of a model made through its JSON: models' `Clone`. The copy serializes exactly as
/// the original (every field, `additional_data`, NaN and infinities as OData writes them).
/// Written out, one call per model, rather than derived: a derived `Clone` for 3,000 models
/// cost the crate's build ~150 MiB of memory and ~1.5 s.
pub fn clone_model<T: Serialize + Deserialize<'static>>(value: &T) -> T {
    let json =
        serde_json::to_value(value).expect("a model serializes: its fields are JSON values, models and primitives");
    T::deserialize(json).expect("a model decodes from the JSON object it serializes into")
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
