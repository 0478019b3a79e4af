//! Free-form JSON objects (JSON Schemas, function parameters, metadata maps)
//! written as `serde_json::json!({…})`.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

/// A value that is a JSON object: what setters of free-form object fields take.
///
/// Implemented for `serde_json::Value` (it must be an object), `serde_json::Map`
/// and `BTreeMap<String, Value>`.
pub trait IntoJsonObject {
    /// The object's entries.
    ///
    /// # Panics
    ///
    /// For a `serde_json::Value` that is not an object: the field only holds
    /// objects, and passing another value is a mistake in the calling code.
    fn into_json_object(self) -> BTreeMap<String, Value>;
}

impl IntoJsonObject for Value {
    fn into_json_object(self) -> BTreeMap<String, Value> {
        match self {
            Value::Object(map) => map.into_iter().collect(),
            other => panic!("expected a JSON object, got `{other}`"),
        }
    }
}

impl IntoJsonObject for Map<String, Value> {
    fn into_json_object(self) -> BTreeMap<String, Value> {
        self.into_iter().collect()
    }
}

impl IntoJsonObject for BTreeMap<String, Value> {
    fn into_json_object(self) -> BTreeMap<String, Value> {
        self
    }
}
