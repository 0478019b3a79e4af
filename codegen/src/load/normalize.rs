//! One pass over the parsed tree that brings OpenAPI 3.1 / JSON Schema forms
//! into the OpenAPI 3.0 shape `openapiv3` models, checks the types of the
//! fields it knows (so a user's mistake is reported with pointer and line
//! instead of being dropped or failing deep inside serde), and counts what the
//! model has no place for in [`LoadReport::not_understood`].
//!
//! Rules (in either spec version, since real files mix forms):
//! - `type: [X, "null"]` → `type: X` + `nullable: true`; `type: "null"` and
//!   `{type: "null"}` branches of `anyOf`/`oneOf` → removed, parent
//!   `nullable: true`; `type: [A, B]` → `anyOf` of one schema per type.
//! - `const: v` → `enum: [v]` + `x-const: true` (type inferred when missing).
//! - schema `examples: [..]` → `x-examples`.
//! - numeric `exclusiveMinimum`/`exclusiveMaximum` → bound + boolean.
//! - `$ref` with siblings → `allOf: [{$ref}]` + the siblings.
//! - `$recursiveRef: "#"` → `$ref` to the enclosing component schema.
//! - boolean schemas → `{}` / `{not: {}}`.
//! - integer bounds that are floats or outside i64 → rounded inward, clamped.

use serde_json::{Number, Value};

mod document;
mod schema;
mod security;

use super::{push_token, LoadReport, SourceMap};
use crate::Error;

type Res = Result<(), Error>;
type Walk = fn(&mut Normalizer, &mut Value) -> Res;

const TYPES: [&str; 7] = ["string", "number", "integer", "boolean", "array", "object", "null"];

/// Normalizes `doc` in place; adds lines for the nodes it moves to `source`.
pub(super) fn normalize(file: &str, doc: &mut Value, source: SourceMap) -> Result<(SourceMap, LoadReport), Error> {
    let mut n = Normalizer {
        file: file.to_string(),
        source,
        report: LoadReport::default(),
        path: String::new(),
        component: None,
        v31: false,
    };
    n.document(doc)?;
    Ok((n.source, n.report))
}

struct Normalizer {
    file: String,
    source: SourceMap,
    report: LoadReport,
    /// JSON pointer of the node being walked.
    path: String,
    /// Name of the component schema being walked (target of `$recursiveRef`).
    component: Option<String>,
    /// The spec says `openapi: 3.1.x`.
    v31: bool,
}

/// How a known field of a (non-schema) object is checked and walked.
#[derive(Clone, Copy)]
enum F {
    Str,
    Bool,
    Any,
    StrList,
    StrMap,
    Obj(Walk),
    ListOf(Walk),
    MapOf(Walk),
}

struct Obj {
    /// Prefix of `not_understood` keys, e.g. `operation`.
    name: &'static str,
    fields: &'static [(&'static str, F)],
    required: &'static [&'static str],
}

fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "a mapping",
    }
}

fn is_infinite_text(v: &Value) -> bool {
    matches!(v.as_str(), Some(".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" | "-.inf" | "-.Inf" | "-.INF"))
}

impl Normalizer {
    // ----- plumbing -------------------------------------------------------

    fn err(&self, message: impl Into<String>) -> Error {
        Error::new(&self.file, self.path.clone(), message).at_line(self.source.line_of(&self.path))
    }

    fn at<R>(&mut self, token: &str, f: impl FnOnce(&mut Self) -> R) -> R {
        let len = self.path.len();
        push_token(&mut self.path, token);
        let r = f(self);
        self.path.truncate(len);
        r
    }

    fn at_index<R>(&mut self, index: usize, f: impl FnOnce(&mut Self) -> R) -> R {
        let len = self.path.len();
        self.path.push('/');
        self.path.push_str(&index.to_string());
        let r = f(self);
        self.path.truncate(len);
        r
    }

    fn not_understood(&mut self, key: String) {
        let pointer = self.path.clone();
        self.report.not_understood_at.entry(key.clone()).or_insert(pointer);
        *self.report.not_understood.entry(key).or_insert(0) += 1;
    }

    fn rewritten(&mut self, rule: &str) {
        *self.report.rewritten.entry(rule.to_string()).or_insert(0) += 1;
    }

    /// Gives `child` (relative to the current path) the line of `from`.
    fn same_line(&mut self, child: &str, from: &str) {
        let from = format!("{}{from}", self.path);
        if let Some(line) = self.source.line_of(&from) {
            self.source.insert(format!("{}{child}", self.path), line);
        }
    }

    // ----- generic objects ------------------------------------------------

    fn object(&mut self, v: &mut Value, o: &Obj) -> Res {
        let Value::Object(map) = v else {
            return Err(self.err(format!("expected a mapping ({}), found {}", o.name, kind_of(v))));
        };
        // An empty value (`description:`) reads as absent, as serde reads
        // it for optional fields.
        map.retain(|key, value| {
            !value.is_null()
                || o.fields.iter().any(|(name, field)| name == key && matches!(field, F::Any))
                || !o.fields.iter().any(|(name, _)| name == key)
        });
        for req in o.required {
            if !map.contains_key(*req) {
                return Err(self.err(format!("{} is missing the required field `{req}`", o.name)));
            }
        }
        let mut unknown = Vec::new();
        for (key, value) in map.iter_mut() {
            if key.starts_with("x-") {
                continue;
            }
            match o.fields.iter().find(|(name, _)| *name == key) {
                Some((_, field)) => {
                    let field = *field;
                    self.at(key, |n| n.field(value, field))?;
                }
                None => unknown.push(key.clone()),
            }
        }
        for key in unknown {
            map.shift_remove(&key);
            let name = format!("{}.{key}", o.name);
            self.at(&key, |n| n.not_understood(name));
        }
        Ok(())
    }

    fn field(&mut self, v: &mut Value, f: F) -> Res {
        match f {
            F::Str => self.string(v),
            F::Bool => self.boolean(v),
            F::Any => Ok(()),
            F::StrList => self.string_list(v),
            F::StrMap => {
                let Value::Object(map) = v else {
                    return Err(self.err(format!("expected a mapping of strings, found {}", kind_of(v))));
                };
                for (k, item) in map.iter_mut() {
                    self.at(k, |n| n.string(item))?;
                }
                Ok(())
            }
            F::Obj(walk) => walk(self, v),
            F::ListOf(walk) => {
                let Value::Array(items) = v else {
                    return Err(self.err(format!("expected a list, found {}", kind_of(v))));
                };
                for (i, item) in items.iter_mut().enumerate() {
                    self.at_index(i, |n| walk(n, item))?;
                }
                Ok(())
            }
            F::MapOf(walk) => {
                let Value::Object(map) = v else {
                    return Err(self.err(format!("expected a mapping, found {}", kind_of(v))));
                };
                // Maps of names (content, headers, examples…) take no
                // extensions: `x-request-id` is a header's name.
                for (k, item) in map.iter_mut() {
                    self.at(k, |n| walk(n, item))?;
                }
                Ok(())
            }
        }
    }

    /// Strings; numbers (a YAML `version: 1.0`) are taken as their text.
    fn string(&mut self, v: &mut Value) -> Res {
        match v {
            Value::String(_) => Ok(()),
            Value::Number(num) => {
                *v = Value::String(num.to_string());
                Ok(())
            }
            other => Err(self.err(format!("expected a string, found {}", kind_of(other)))),
        }
    }

    fn boolean(&mut self, v: &mut Value) -> Res {
        match v {
            Value::Bool(_) => Ok(()),
            Value::String(s) => Err(self.err(format!("expected true or false, found the string {s:?}"))),
            other => Err(self.err(format!("expected true or false, found {}", kind_of(other)))),
        }
    }

    fn string_list(&mut self, v: &mut Value) -> Res {
        let Value::Array(items) = v else {
            return Err(self.err(format!("expected a list of strings, found {}", kind_of(v))));
        };
        for (i, item) in items.iter_mut().enumerate() {
            self.at_index(i, |n| n.string(item))?;
        }
        Ok(())
    }

    /// A Reference Object or the item `walk` checks. 3.1 allows `summary` and
    /// `description` beside `$ref` there; the model keeps only `$ref`.
    fn ref_or(&mut self, v: &mut Value, walk: Walk) -> Res {
        let Some(map) = v.as_object_mut().filter(|m| m.contains_key("$ref")) else {
            return walk(self, v);
        };
        let mut dropped = Vec::new();
        for (key, value) in map.iter_mut() {
            if key == "$ref" {
                self.at(key, |n| match value {
                    Value::String(_) => Ok(()),
                    other => Err(n.err(format!("`$ref` must be a string, found {}", kind_of(other)))),
                })?;
            } else if !key.starts_with("x-") {
                dropped.push(key.clone());
            }
        }
        for key in dropped {
            map.shift_remove(&key);
            let name = format!("reference.{key}");
            self.at(&key, |n| n.not_understood(name));
        }
        Ok(())
    }
}

fn describe(v: &Value) -> String {
    match v {
        Value::String(s) => format!("the string {s:?}"),
        Value::Number(n) => n.to_string(),
        other => kind_of(other).to_string(),
    }
}

fn integral(n: &Number) -> Option<i64> {
    if let Some(i) = n.as_i64() {
        return Some(i);
    }
    let f = n.as_f64()?;
    (f.fract() == 0.0 && f >= i64::MIN as f64 && f < i64::MAX as f64).then_some(f as i64)
}

fn value_has_type(v: &Value, t: &str) -> bool {
    match t {
        "string" => v.is_string(),
        "number" => v.is_number(),
        "integer" => v.as_f64().is_some_and(|f| f.fract() == 0.0),
        "boolean" => v.is_boolean(),
        "array" => v.is_array(),
        "object" => v.is_object(),
        _ => false,
    }
}

/// A branch that only says "null": `{type: "null"}` or `{type: ["null"]}`.
fn is_null_schema(v: &Value) -> bool {
    match v.get("type") {
        Some(Value::String(s)) => s == "null",
        Some(Value::Null) => true,
        Some(Value::Array(list)) => !list.is_empty() && list.iter().all(|t| t.is_null() || t.as_str() == Some("null")),
        _ => false,
    }
}

fn is_status_key(code: &str) -> bool {
    if code == "default" {
        return true;
    }
    let b = code.as_bytes();
    if b.len() != 3 || !(b'1'..=b'5').contains(&b[0]) {
        return false;
    }
    b[1..].iter().all(u8::is_ascii_digit) || (b[1..] == *b"XX" || b[1..] == *b"xx")
}
