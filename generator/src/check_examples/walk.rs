//! Walks one parsed example body against its documented type and records each contradiction
//! at the byte offset (in the body) of the key it is about.

use super::types::{Expect, TypeIndex};
use crate::diagnostics::Code;
use crate::model::{ApiVersion, Property, TypeDef};
use jsonc_parser::ast::{Object, ObjectPropName, Value};
use std::collections::BTreeSet;

/// One contradiction: where in the body (the key's offset), which code, what to say.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub code: Code,
    pub at: usize,
    pub message: String,
}

pub struct Walker<'i, 'm> {
    pub index: &'i TypeIndex<'m>,
    pub version: Option<ApiVersion>,
    pub findings: Vec<Finding>,
    /// Type names already reported missing in this example: one diagnostic each.
    missing: BTreeSet<String>,
}

fn key_of<'a>(name: &'a ObjectPropName) -> (&'a str, usize) {
    match name {
        ObjectPropName::String(lit) => (lit.value.as_ref(), lit.range.start),
        ObjectPropName::Word(lit) => (lit.value, lit.range.start),
    }
}

/// How a JSON value is called in messages.
fn json_kind(v: &Value) -> &'static str {
    match v {
        Value::StringLit(_) => "a string",
        Value::NumberLit(n) if is_integer(n.value) => "an integer",
        Value::NumberLit(_) => "a number",
        Value::BooleanLit(_) => "a boolean",
        Value::Object(_) => "an object",
        Value::Array(_) => "an array",
        Value::NullKeyword(_) => "null",
    }
}

fn is_integer(number: &str) -> bool {
    !number.contains(['.', 'e', 'E'])
}

impl<'i, 'm> Walker<'i, 'm> {
    pub fn new(index: &'i TypeIndex<'m>, version: Option<ApiVersion>) -> Self {
        Walker { index, version, findings: Vec::new(), missing: BTreeSet::new() }
    }

    fn report(&mut self, code: Code, at: usize, message: String) {
        self.findings.push(Finding { code, at, message });
    }

    /// Checks a JSON object said to be a `declared`: its own `@odata.type` first (it may name
    /// a derived type, whose members are then the ones allowed), then each property.
    pub fn object(&mut self, object: &Object, declared: &'m TypeDef) {
        let mut ty = declared;
        let named = object.properties.iter().find(|p| key_of(&p.name).0 == "@odata.type");
        if let Some((Value::StringLit(s), at)) = named.map(|p| (&p.value, key_of(&p.name).1)) {
            let name = s.value.trim().trim_start_matches('#');
            match self.index.get(self.version, name) {
                Some(t) => {
                    // Many resource pages state their base type in prose only: a type whose
                    // annotation names no base may still derive from the declared one.
                    let ancestry_known = t.base_type.is_some() && self.index.members(t).is_some_and(|m| m.complete);
                    if ancestry_known && !self.index.derives_from(t, declared) {
                        let message = format!(
                            "`@odata.type` names `{name}`, which is neither `{}` nor derived from it",
                            declared.odata_type()
                        );
                        self.report(Code::ExampleTypeNotDerived, at, message);
                    }
                    ty = t;
                }
                None => {
                    if self.missing.insert(name.to_ascii_lowercase()) {
                        let message = format!("`@odata.type` names `{name}`, which no resource page describes");
                        self.report(Code::ExampleUnknownType, at, message);
                    }
                    // Its members are unknown: whatever it adds would be reported as unknown.
                    return;
                }
            }
        }
        let Some(members) = self.index.members(ty) else { return };
        for p in &object.properties {
            let (key, at) = key_of(&p.name);
            // In OData JSON a name with `@` is an annotation (`@odata.nextLink`,
            // `members@odata.bind`, `@microsoft.graph.downloadUrl`), never a property.
            if key.contains('@') {
                continue;
            }
            match members.by_name.get(key) {
                Some((prop, namespace)) => self.property(&p.value, prop, namespace, key, at),
                None if members.open || !members.complete => {}
                None => {
                    let near = members.by_name.keys().find(|k| k.eq_ignore_ascii_case(key));
                    let hint = near.map_or(String::new(), |k| format!(" (it lists `{k}`)"));
                    let message = format!("`{key}` is not a property of `{}`{hint}", ty.odata_type());
                    self.report(Code::ExampleUnknownProperty, at, message);
                }
            }
        }
    }

    fn property(&mut self, value: &Value, prop: &'m Property, namespace: &str, key: &str, at: usize) {
        match (value, prop.collection) {
            (Value::NullKeyword(_), _) => {}
            (Value::Array(items), true) => {
                for item in &items.elements {
                    let before = self.findings.len();
                    self.single(item, prop, namespace, key, at);
                    // The items of a collection repeat the same mistake: one report per property
                    // (findings inside an item's object are at other keys, and all kept).
                    if self.findings[before..].iter().any(|f| f.at == at) {
                        break;
                    }
                }
            }
            (_, true) => {
                let message = format!(
                    "`{key}` is a collection of `{}`, but the example gives {}",
                    prop.type_name,
                    json_kind(value)
                );
                self.report(Code::ExampleWrongJsonType, at, message);
            }
            (_, false) => self.single(value, prop, namespace, key, at),
        }
    }

    /// One value (or collection item) against the property's type.
    fn single(&mut self, value: &Value, prop: &'m Property, namespace: &str, key: &str, at: usize) {
        let expect = self.index.expect(self.version, &prop.type_name, namespace);
        let fits = match (expect, value) {
            (_, Value::NullKeyword(_)) | (Expect::Anything, _) => true,
            (Expect::String | Expect::Enum, Value::StringLit(_)) => true,
            (Expect::Boolean, Value::BooleanLit(_)) => true,
            (Expect::Integer, Value::NumberLit(n)) => is_integer(n.value),
            (Expect::Number, Value::NumberLit(_)) => true,
            (Expect::Number, Value::StringLit(s)) => matches!(s.value.as_ref(), "NaN" | "INF" | "-INF"),
            (Expect::Object(t), Value::Object(o)) => {
                self.object(o, t);
                true
            }
            _ => false,
        };
        if !fits {
            let what = if prop.collection { "holds items of type" } else { "is of type" };
            let message = format!("`{key}` {what} `{}`, but the example gives {}", prop.type_name, json_kind(value));
            self.report(Code::ExampleWrongJsonType, at, message);
            return;
        }
        let literal = match value {
            Value::StringLit(s) => s.value.as_ref(),
            Value::NumberLit(n) => n.value,
            _ => return,
        };
        if let Some(why) = super::formats::contradiction(&prop.type_name, literal) {
            self.report(Code::ExampleValueFormat, at, format!("`{key}`: {why}"));
        }
    }
}
