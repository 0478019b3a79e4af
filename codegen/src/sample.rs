//! Sample values built from the IR: the smallest JSON a server should accept
//! for a type (required fields only, first enum value, one array item, one map
//! entry, formats and bounds met), and the arguments of an operation's call.

use std::collections::HashMap;

use serde_json::{json, Map, Value};

mod pattern;

use crate::ir::*;
use pattern::pattern_sample;

/// Nesting depth past which optional shapes are cut short (empty arrays,
/// `null` where allowed), so recursive types end.
const MAX_DEPTH: usize = 12;

/// A valid value of `ty`.
pub fn value(api: &Api, ty: &Type) -> Value {
    Sampler::new(api).sample(ty, &Constraints::default(), 0).0
}

/// A valid value of `ty` declared with `constraints` (a field's or parameter's).
pub fn constrained(api: &Api, ty: &Type, constraints: &Constraints) -> Value {
    Sampler::new(api).sample(ty, constraints, 0).0
}

/// The arguments of `op`'s plain method, keyed by argument name, in call order.
pub fn operation_args(api: &Api, op: &Operation) -> Map<String, Value> {
    op.method(MethodVariant::Plain).map(|method| call_args(api, op, method)).unwrap_or_default()
}

/// The arguments of a call of `method`, one of `op`'s, keyed by argument name, in call order.
pub fn call_args(api: &Api, op: &Operation, method: &Method) -> Map<String, Value> {
    let mut sampler = Sampler::new(api);
    let mut args = Map::new();
    for arg in &method.args {
        let value = match &arg.place {
            ArgPlace::Path { .. } => sampler.sample(&arg.ty, &arg.constraints, 0).0,
            ArgPlace::Headers { .. } => {
                let mut headers = sampler.sample(&arg.ty, &arg.constraints, 0).0;
                // Optional array and object headers too: Prism 5 crashes on their absence.
                for p in op.header_params.iter().filter(|p| !p.required && is_composite(api, &p.ty)) {
                    headers[&p.name] = sampler.sample(&p.ty, &p.constraints, 0).0;
                }
                headers
            }
            ArgPlace::Body { kind: BodyKind::Bytes | BodyKind::Text, .. } => Value::String("content".into()),
            ArgPlace::Body { kind: BodyKind::Multipart, .. } => multipart(api, &arg.ty),
            ArgPlace::Body { .. } | ArgPlace::Query { .. } => sampler.sample(&arg.ty, &arg.constraints, 0).0,
        };
        args.insert(arg.rust_name.clone(), value);
    }
    args
}

/// A multipart body: files where a union allows them (a part, not `name[key]`
/// fields), and at least one field (an empty form is no body at all).
fn multipart(api: &Api, ty: &Type) -> Value {
    let mut sampler = Sampler { multipart: true, ..Sampler::new(api) };
    let mut value = sampler.sample(ty, &Constraints::default(), 0).0;
    let fields = match ty {
        Type::Named(name) => match api.types.get(*name).map(|d| &d.kind) {
            Some(TypeKind::Struct(s)) => s.fields.as_slice(),
            _ => &[],
        },
        _ => &[],
    };
    if let (Value::Object(object), Some(first)) = (&mut value, fields.iter().find(|f| !f.flatten)) {
        if object.is_empty() {
            object.insert(first.json_name.clone(), sampler.sample(&first.ty, &first.constraints, 1).0);
        }
    }
    value
}

/// An array or object (a map, a struct), seen through aliases.
fn is_composite(api: &Api, ty: &Type) -> bool {
    match ty {
        Type::Array(_) | Type::Map(_) => true,
        Type::Nullable(inner) => is_composite(api, inner),
        Type::Named(name) => match api.types.get(*name).map(|d| &d.kind) {
            Some(TypeKind::Struct(_)) => true,
            Some(TypeKind::Alias(inner)) => is_composite(api, inner),
            _ => false,
        },
        _ => false,
    }
}

/// Whether `value` has the shape of `ty` as the generated code reads it
/// (strict enums, required fields present, unknown fields ignored). Also
/// approximates JSON Schema validity, which picks among union variants.
pub fn matches(api: &Api, ty: &Type, value: &Value) -> bool {
    matches_at(api, ty, value, 0)
}

fn matches_at(api: &Api, ty: &Type, value: &Value, depth: usize) -> bool {
    if depth > 4 * MAX_DEPTH {
        return true;
    }
    match ty {
        Type::String | Type::Binary => value.is_string(),
        Type::Integer(format) => {
            let (low, high) = format.range();
            (value.is_i64() || value.is_u64()) && value.as_f64().is_some_and(|v| v >= low && v <= high)
        }
        Type::Number => value.is_number(),
        Type::Boolean => value.is_boolean(),
        Type::Json => true,
        Type::Array(item) => value.as_array().is_some_and(|a| a.iter().all(|v| matches_at(api, item, v, depth + 1))),
        Type::Map(item) => value.as_object().is_some_and(|m| m.values().all(|v| matches_at(api, item, v, depth + 1))),
        Type::Nullable(inner) => value.is_null() || matches_at(api, inner, value, depth),
        Type::Named(name) => match api.types.get(*name).map(|d| &d.kind) {
            None => true,
            Some(TypeKind::Alias(inner)) => matches_at(api, inner, value, depth + 1),
            Some(TypeKind::Enum(e)) => value.as_str().is_some_and(|s| e.variants.iter().any(|v| v.value == s)),
            Some(TypeKind::Union(u)) => u.variants.iter().any(|v| matches_at(api, &v.ty, value, depth + 1)),
            Some(TypeKind::Struct(s)) => {
                let Some(object) = value.as_object() else { return false };
                s.fields.iter().all(|f| {
                    if f.flatten {
                        return matches_at(api, &f.ty, value, depth + 1);
                    }
                    match object.get(&f.json_name) {
                        None => !f.required,
                        Some(Value::Null) => f.nullable || f.explicit_null,
                        Some(v) => matches_at(api, &f.ty, v, depth + 1),
                    }
                })
            }
        },
    }
}

struct Sampler<'a> {
    api: &'a Api,
    /// Samples of named types that did not reach the depth limit.
    done: HashMap<String, Value>,
    /// In a multipart body: a union's file variant comes first.
    multipart: bool,
}

impl<'a> Sampler<'a> {
    fn new(api: &'a Api) -> Self {
        Sampler { api, done: HashMap::new(), multipart: false }
    }

    /// The sample, and whether it was cut short by the depth limit.
    fn sample(&mut self, ty: &Type, c: &Constraints, depth: usize) -> (Value, bool) {
        match ty {
            Type::String => (Value::String(string(c)), false),
            Type::Integer(format) => {
                let (low, high) = format.range();
                let v = number(c, true).clamp(low, high);
                (if low < 0.0 { json!(v as i64) } else { json!(v as u64) }, false)
            }
            Type::Number => (json!(number(c, false)), false),
            Type::Boolean => (Value::Bool(false), false),
            Type::Binary => (Value::String("file content".into()), false),
            Type::Json => (json!({}), false),
            Type::Array(item) => {
                let count = c.min_items.unwrap_or(0).max(1).min(c.max_items.unwrap_or(usize::MAX));
                if depth >= MAX_DEPTH && c.min_items.unwrap_or(0) == 0 {
                    return (json!([]), true);
                }
                let item_c = c.items.as_deref().cloned().unwrap_or_default();
                let (one, cut) = self.sample(item, &item_c, depth + 1);
                (Value::Array(vec![one; count]), cut)
            }
            Type::Map(item) => {
                if depth >= MAX_DEPTH {
                    return (json!({}), true);
                }
                let item_c = c.items.as_deref().cloned().unwrap_or_default();
                let (one, cut) = self.sample(item, &item_c, depth + 1);
                (json!({ "key": one }), cut)
            }
            Type::Nullable(inner) => self.sample(inner, c, depth),
            Type::Named(id) => self.named(*id, c, None, depth),
        }
    }

    /// A named type; `tag` forces a property's value (a tagged union's variant).
    fn named(&mut self, id: TypeId, c: &Constraints, tag: Option<(&str, &str)>, depth: usize) -> (Value, bool) {
        let api = self.api;
        let Some(def) = api.types.get(id) else { return (json!({}), false) };
        let name = def.name.as_str();
        let memo = tag.is_none() && c.is_empty();
        if memo {
            if let Some(v) = self.done.get(name) {
                return (v.clone(), false);
            }
        }
        let (value, cut) = match &def.kind {
            TypeKind::Alias(inner) => {
                let merged = if c.is_empty() { def.constraints.clone() } else { c.clone() };
                self.sample(inner, &merged, depth + 1)
            }
            TypeKind::Enum(e) => (e.variants.first().map(|v| json!(v.value)).unwrap_or(json!("")), false),
            TypeKind::Struct(s) => self.object(s, &def.constraints, tag, depth),
            TypeKind::Union(u) => self.union(u, depth),
        };
        if memo && !cut {
            self.done.insert(name.to_string(), value.clone());
        }
        (value, cut)
    }

    fn object(&mut self, s: &Struct, c: &Constraints, tag: Option<(&str, &str)>, depth: usize) -> (Value, bool) {
        let mut object = Map::new();
        let mut cut = false;
        // Properties that `anyOf: [{required: [..]}, ..]` asks for: the first set.
        let also: &[String] = c.required_any.first().map(Vec::as_slice).unwrap_or_default();
        for f in &s.fields {
            if let Some((prop, value)) = tag.filter(|(prop, _)| *prop == f.json_name) {
                object.insert(prop.to_string(), json!(value));
                continue;
            }
            if f.flatten {
                let (inner, c) = self.sample(&f.ty, &f.constraints, depth + 1);
                cut |= c;
                if let Value::Object(inner) = inner {
                    object.extend(inner);
                }
                continue;
            }
            if !f.required && !also.contains(&f.json_name) {
                continue;
            }
            if depth >= MAX_DEPTH && f.nullable {
                object.insert(f.json_name.clone(), Value::Null);
                cut = true;
                continue;
            }
            let (v, c) = self.sample(&f.ty, &f.constraints, depth + 1);
            cut |= c;
            object.insert(f.json_name.clone(), v);
        }
        if let Some((prop, value)) = tag.filter(|(prop, _)| !object.contains_key(*prop)) {
            object.insert(prop.to_string(), json!(value));
        }
        // `minProperties`: optional fields, in order, until there are enough.
        for f in s.fields.iter().filter(|f| !f.flatten) {
            if object.len() >= c.min_properties.unwrap_or(0) {
                break;
            }
            if !object.contains_key(&f.json_name) {
                let (v, c) = self.sample(&f.ty, &f.constraints, depth + 1);
                cut |= c;
                object.insert(f.json_name.clone(), v);
            }
        }
        (Value::Object(object), cut)
    }

    /// The first variant whose sample no other variant accepts (valid under
    /// `oneOf`, decoded as itself); else the first one decoded as itself.
    fn union(&mut self, u: &Union, depth: usize) -> (Value, bool) {
        let api = self.api;
        if self.multipart && u.variants.iter().any(|v| v.ty == Type::Binary) {
            return self.sample(&Type::Binary, &Constraints::default(), depth + 1);
        }
        let mut samples = Vec::with_capacity(u.variants.len());
        for (i, variant) in u.variants.iter().enumerate() {
            let (value, cut) = match (&u.tag, &variant.tag_value, &variant.ty) {
                (Some(prop), Some(tag), Type::Named(name)) => {
                    self.named(*name, &Constraints::default(), Some((prop, tag)), depth + 1)
                }
                _ => self.sample(&variant.ty, &Constraints::default(), depth + 1),
            };
            let accepted_by = |j: usize| matches(api, &u.variants[j].ty, &value);
            if (0..u.variants.len()).all(|j| j == i || !accepted_by(j)) {
                return (value, cut);
            }
            samples.push((value, cut));
        }
        let first_own = (0..samples.len()).find(|&i| (0..i).all(|j| !matches(api, &u.variants[j].ty, &samples[i].0)));
        match first_own {
            Some(i) => samples.swap_remove(i),
            None => samples.into_iter().next().unwrap_or((json!({}), false)),
        }
    }
}

/// A string meeting the format, pattern and length bounds.
fn string(c: &Constraints) -> String {
    let by_format = match c.format.as_deref().map(str::to_ascii_lowercase).as_deref() {
        Some("date-time") => Some("2024-01-01T00:00:00Z"),
        Some("date") => Some("2024-01-01"),
        Some("time") => Some("00:00:00Z"),
        Some("uri" | "url" | "uri-reference" | "iri") => Some("https://example.com/"),
        Some("email" | "idn-email") => Some("user@example.com"),
        Some("uuid") => Some("3fa85f64-5717-4562-b3fc-2c963f66afa6"),
        Some("ipv4") => Some("127.0.0.1"),
        Some("ipv6") => Some("::1"),
        Some("hostname" | "idn-hostname") => Some("example.com"),
        _ => None,
    };
    let mut s = match (by_format, c.pattern.as_deref().and_then(pattern_sample)) {
        (Some(f), _) => f.to_string(),
        (None, Some(p)) => p,
        (None, None) => "string".to_string(),
    };
    let min = c.min_length.unwrap_or(0);
    while s.chars().count() < min {
        s.push('x');
    }
    if let Some(max) = c.max_length {
        s = s.chars().take(max).collect();
    }
    s
}

/// A number within the bounds: 1 when allowed, else the nearest allowed value.
fn number(c: &Constraints, integer: bool) -> f64 {
    let step = if integer { 1.0 } else { 0.5 };
    let mut v: f64 = 1.0;
    if let Some(min) = c.minimum {
        let low = if c.exclusive_minimum { min + step } else { min };
        if v < low {
            v = if integer { low.ceil() } else { low };
        }
    }
    if let Some(max) = c.maximum {
        let high = if c.exclusive_maximum { max - step } else { max };
        if v > high {
            v = if integer { high.floor() } else { high };
        }
        // Both bounds exclusive and close together: their midpoint.
        if !integer && c.minimum.is_some_and(|min| v <= min && c.exclusive_minimum) {
            v = (c.minimum.unwrap_or(max) + max) / 2.0;
        }
    }
    v
}

#[cfg(test)]
mod tests;
