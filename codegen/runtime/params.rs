//! Flattening serializable values into name/value pairs for queries, forms and
//! multipart fields.

use serde::Serialize;
use serde_json::Value;

/// Query pairs of a struct or map: `None` omitted, bools `true`/`false`, arrays
/// repeat the key, objects become `name[key]=value` pairs as the official SDKs
/// send them (e.g. `metadata[key1]=value1`, the form the OpenAI spec documents).
pub(crate) fn query_pairs(params: &impl Serialize) -> Result<Vec<(String, String)>, String> {
    let mut out = Vec::new();
    for (key, value) in top_level(params, "query")? {
        match value {
            Value::Object(_) => bracket_pairs(key, value, &mut out),
            other => flat_pairs(key, other, &mut out),
        }
    }
    Ok(out)
}

/// Header pairs of a struct or map: like [`query_pairs`], but an object is one
/// value, its JSON text (as `x-portkey-metadata: {"key":"value"}`).
pub(crate) fn header_pairs(params: &impl Serialize) -> Result<Vec<(String, String)>, String> {
    let mut out = Vec::new();
    for (key, value) in top_level(params, "headers")? {
        flat_pairs(key, value, &mut out);
    }
    Ok(out)
}

/// `None` omitted, bools `true`/`false`, arrays repeat the key, objects as JSON text.
fn flat_pairs(key: String, value: Value, out: &mut Vec<(String, String)>) {
    match value {
        Value::Array(items) => out.extend(
            items
                .into_iter()
                .filter_map(scalar)
                .map(|v| (key.clone(), v)),
        ),
        other => out.extend(scalar(other).map(|v| (key, v))),
    }
}

/// The members of a serialized struct or map; none for `None`.
fn top_level(
    params: &impl Serialize,
    what: &str,
) -> Result<serde_json::Map<String, Value>, String> {
    match serde_json::to_value(params).map_err(|e| format!("{what}: {e}"))? {
        Value::Object(map) => Ok(map),
        Value::Null => Ok(serde_json::Map::new()),
        other => Err(format!("{what}: expected a struct or map, got {other}")),
    }
}

/// The text of one value; `None` for null.
pub(crate) fn scalar(value: Value) -> Option<String> {
    match value {
        Value::Null => None,
        Value::String(s) => Some(s),
        other => Some(other.to_string()),
    }
}

/// Form fields the way the official SDKs send them: `name[key]` for object
/// members, `name[]` for array items, nulls omitted.
pub(crate) fn bracket_pairs(name: String, value: Value, out: &mut Vec<(String, String)>) {
    match value {
        Value::Null => {}
        Value::Object(map) => {
            for (key, value) in map {
                bracket_pairs(format!("{name}[{key}]"), value, out);
            }
        }
        Value::Array(items) => {
            for value in items {
                bracket_pairs(format!("{name}[]"), value, out);
            }
        }
        other => out.extend(scalar(other).map(|v| (name, v))),
    }
}

/// Bracket pairs of every member of a struct or map.
pub(crate) fn form_pairs(params: &impl Serialize) -> Result<Vec<(String, String)>, String> {
    let mut out = Vec::new();
    match serde_json::to_value(params).map_err(|e| format!("form body: {e}"))? {
        Value::Object(map) => map
            .into_iter()
            .for_each(|(k, v)| bracket_pairs(k, v, &mut out)),
        Value::Null => {}
        other => return Err(format!("form body: expected a struct or map, got {other}")),
    }
    Ok(out)
}
