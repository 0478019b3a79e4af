//! OpenAPI parameter styles: how the value of a query, header or path
//! parameter is written (`style` and `explode`, OpenAPI 3.1 §4.8.12.4).
//!
//! Query values are percent-encoded (all but RFC 3986 unreserved characters);
//! the delimiters stay as OpenAPI's style table writes them: `,` and `|` as
//! they are, a space as `%20`, and deepObject's brackets as they are. So
//! `ids: [1, 2]` is `ids=1&ids=2` (form, exploded), `ids=1,2` (form),
//! `ids=1%202` (spaceDelimited), `ids=1|2` (pipeDelimited); an object
//! `{R: 100, G: 200}` is `R=100&G=200` (form, exploded), `color=R,100,G,200`
//! (form), `color[R]=100&color[G]=200` (deepObject).

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use serde_json::Value;

use crate::runtime::path::encode_path;

/// A parameter's OpenAPI `style`, plus `Json` for parameters whose spec gives a
/// `content` type of JSON (or headers holding an object): objects and arrays
/// are sent as JSON text, strings, numbers and booleans as they are.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    /// `ids=1&ids=2` exploded, `ids=1,2` not.
    Form,
    /// `ids=1%202`.
    SpaceDelimited,
    /// `ids=1|2`.
    PipeDelimited,
    /// `color[R]=100`.
    DeepObject,
    /// `1,2` (headers, paths).
    Simple,
    /// `.1.2` (paths).
    Label,
    /// `;ids=1,2` (paths).
    Matrix,
    /// JSON text (a parameter given as `content`).
    Json,
    /// A cookie: `name=value` in the `Cookie` header, with the call's other cookies.
    Cookie,
}

/// How one member of a query or header struct is sent, when it is not
/// OpenAPI's default for its location (query: `form`, exploded; header:
/// `simple`, not exploded).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ParamStyle {
    /// The parameter's name in the spec (the struct member's serialized name).
    pub name: &'static str,
    /// How the value is written.
    pub style: Style,
    /// OpenAPI's `explode`: a list or object as several parameters.
    pub explode: bool,
}

/// Everything but RFC 3986 unreserved characters.
const VALUE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// As `VALUE`, keeping brackets (`event_types[]`, deepObject's `color[R]`).
const NAME: &AsciiSet = &VALUE.remove(b'[').remove(b']');

pub(crate) fn encode_value(text: &str) -> String {
    utf8_percent_encode(text, VALUE).to_string()
}

pub(crate) fn encode_name(text: &str) -> String {
    utf8_percent_encode(text, NAME).to_string()
}

/// The style of `name` in `table`, or the location's default.
pub(crate) fn lookup(table: &[ParamStyle], name: &str, style: Style, explode: bool) -> (Style, bool) {
    table
        .iter()
        .find(|entry| entry.name == name)
        .map_or((style, explode), |entry| (entry.style, entry.explode))
}

/// The text of a member of an array or object: scalars as they are, nested
/// arrays and objects (which no style defines) as JSON text; `None` for null.
fn text(value: Value) -> Option<String> {
    match value {
        Value::Null => None,
        Value::String(s) => Some(s),
        other => Some(other.to_string()),
    }
}

/// Appends the encoded `(name, value)` pairs of one query parameter.
pub(crate) fn query(name: &str, value: Value, style: Style, explode: bool, out: &mut Vec<(String, String)>) {
    let encoded_name = encode_name(name);
    let joined = |parts: Vec<String>, delimiter: &str| {
        let parts: Vec<String> = parts.iter().map(|p| encode_value(p)).collect();
        parts.join(delimiter)
    };
    let delimiter = match style {
        Style::SpaceDelimited => "%20",
        Style::PipeDelimited => "|",
        _ => ",",
    };
    match value {
        Value::Null => {}
        Value::Array(_) | Value::Object(_) if style == Style::Json => {
            out.push((encoded_name, encode_value(&value.to_string())));
        }
        Value::Array(items) => {
            let items: Vec<String> = items.into_iter().filter_map(text).collect();
            if explode || matches!(style, Style::DeepObject) {
                out.extend(items.iter().map(|item| (encoded_name.clone(), encode_value(item))));
            } else if !items.is_empty() {
                out.push((encoded_name, joined(items, delimiter)));
            }
        }
        Value::Object(map) => match (style, explode) {
            (Style::DeepObject, _) => deep_object(name.to_owned(), Value::Object(map), out),
            (Style::Form, true) => {
                for (key, member) in map {
                    query(&key, member, Style::Form, true, out);
                }
            }
            (_, explode) => {
                let mut parts = Vec::new();
                for (key, member) in map {
                    let Some(member) = text(member) else { continue };
                    if explode {
                        parts.push(format!("{}={}", encode_value(&key), encode_value(&member)));
                    } else {
                        parts.push(encode_value(&key));
                        parts.push(encode_value(&member));
                    }
                }
                if !parts.is_empty() {
                    out.push((encoded_name, parts.join(delimiter)));
                }
            }
        },
        scalar => out.extend(text(scalar).map(|v| (encoded_name, encode_value(&v)))),
    }
}

/// `name[key]=value` for every member, nested objects as `name[a][b]`, arrays
/// inside as `name[key][]` (the form the official SDKs send).
fn deep_object(name: String, value: Value, out: &mut Vec<(String, String)>) {
    match value {
        Value::Null => {}
        Value::Object(map) => {
            for (key, member) in map {
                deep_object(format!("{name}[{key}]"), member, out);
            }
        }
        Value::Array(items) => {
            for item in items {
                deep_object(format!("{name}[]"), item, out);
            }
        }
        scalar => out.extend(text(scalar).map(|v| (encode_name(&name), encode_value(&v)))),
    }
}

/// The `simple` style of a header (or path) value, not percent-encoded:
/// arrays `a,b`; objects `k,v,k2,v2`, exploded `k=v,k2=v2`; `Json` style
/// objects and arrays as JSON text. `None` for null.
pub(crate) fn simple(value: Value, style: Style, explode: bool) -> Option<String> {
    match value {
        Value::Null => None,
        Value::Array(_) | Value::Object(_) if style == Style::Json => Some(value.to_string()),
        Value::Array(items) => Some(items.into_iter().filter_map(text).collect::<Vec<_>>().join(",")),
        Value::Object(map) => {
            let parts: Vec<String> = map
                .into_iter()
                .filter_map(|(key, member)| {
                    let member = text(member)?;
                    Some(if explode { format!("{key}={member}") } else { format!("{key},{member}") })
                })
                .collect();
            Some(parts.join(","))
        }
        scalar => text(scalar),
    }
}

/// One path parameter as its style writes it: `simple` `5`, `label` `.5`,
/// `matrix` `;id=5`; the value percent-encoded as one segment.
pub fn path_param(name: &str, value: &str, style: Style) -> String {
    match style {
        Style::Label => format!(".{}", encode_path(value)),
        Style::Matrix => format!(";{}={}", encode_path(name), encode_path(value)),
        _ => encode_path(value),
    }
}
