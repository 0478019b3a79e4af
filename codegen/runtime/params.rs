//! Flattening serializable values into name/value pairs for queries, headers,
//! forms and multipart fields. Query and header parameters follow OpenAPI's
//! `style` and `explode` (the table in `styles`), forms and multipart the
//! bracket form of the official SDKs.

use serde::Serialize;
use serde_json::Value;

use crate::runtime::styles::{self, ParamStyle, Style};

/// Query pairs of a struct or map, already percent-encoded: `None` omitted,
/// bools `true`/`false`; each member as its entry in `table` says, or with
/// OpenAPI's default (`form`, exploded: arrays repeat the key, an object's
/// members become parameters of their own).
pub(crate) fn query_pairs(
    params: &impl Serialize,
    table: &[ParamStyle],
) -> Result<Vec<(String, String)>, String> {
    let mut out = Vec::new();
    for (key, value) in top_level(params, "query")? {
        let (style, explode) = styles::lookup(table, &key, Style::Form, true);
        styles::query(&key, value, style, explode, &mut out);
    }
    Ok(out)
}

/// Header pairs of a struct or map: each member as its entry in `table` says,
/// or with OpenAPI's default (`simple`, not exploded: arrays and objects as
/// comma-separated lists).
pub(crate) fn header_pairs(
    params: &impl Serialize,
    table: &[ParamStyle],
) -> Result<Vec<(String, String)>, String> {
    let mut out = Vec::new();
    let mut cookies = Vec::new();
    for (key, value) in top_level(params, "headers")? {
        let (style, explode) = styles::lookup(table, &key, Style::Simple, false);
        match styles::simple(value, style, explode) {
            // RFC 6265: `name=value` pairs joined by `; `; the value percent-encoded, as cookies hold no `;`, `,` or space.
            Some(text) if style == Style::Cookie => {
                cookies.push(format!("{}={}", styles::encode_value(&key), styles::encode_value(&text)))
            }
            Some(text) => out.push((key, text)),
            None => {}
        }
    }
    if !cookies.is_empty() {
        out.push(("Cookie".to_owned(), cookies.join("; ")));
    }
    Ok(out)
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
