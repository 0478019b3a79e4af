//! A reference to a type (`Type`): what a field, parameter, body or answer
//! holds. Named types are ids of the spec's arena (`ir/arena.rs`); the
//! display form (`[Thing]`, `{string: integer}`, `Thing?`) writes them by name.

use serde::{Deserialize, Serialize};

use super::arena::TypeId;

/// A reference to a type, as it appears in a field, parameter or response.
/// Serialized as its compact display form with names (`[Thing]`, `{string:
/// integer}`) for snapshots, and read back from it, so a saved IR can be
/// diffed; the names are those of the `Api` being (de)serialized (`ir/arena.rs`).
#[derive(Debug, Clone, PartialEq)]
pub enum Type {
    /// A type of the spec's arena (`Api::types`).
    Named(TypeId),
    String,
    /// An integer of the width and sign its `format` declares (`i64` without one).
    Integer(IntFormat),
    Number,
    Boolean,
    Array(Box<Type>),
    Map(Box<Type>),
    /// An array item or map value that may be `null`: `Option<T>`.
    Nullable(Box<Type>),
    /// Raw bytes (`format: binary`) — file uploads and downloads.
    Binary,
    /// Any JSON value: the spec gives no definite shape.
    Json,
}

/// The Rust integer type of an integer schema, from its `format`: `int8` …
/// `int64`, `uint8` … `uint64` as declared; no or another format is `i64`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum IntFormat {
    I8,
    I16,
    I32,
    I64,
    U8,
    U16,
    U32,
    U64,
}

impl IntFormat {
    /// The format named in a spec; `None` for no or an unknown format.
    pub fn from_spec(format: &str) -> Option<IntFormat> {
        Some(match format {
            "int8" => IntFormat::I8,
            "int16" => IntFormat::I16,
            "int32" => IntFormat::I32,
            "int64" => IntFormat::I64,
            "uint8" => IntFormat::U8,
            "uint16" => IntFormat::U16,
            "uint32" => IntFormat::U32,
            "uint64" => IntFormat::U64,
            _ => return None,
        })
    }

    /// The Rust primitive, e.g. `u64`.
    pub fn rust_name(self) -> &'static str {
        match self {
            IntFormat::I8 => "i8",
            IntFormat::I16 => "i16",
            IntFormat::I32 => "i32",
            IntFormat::I64 => "i64",
            IntFormat::U8 => "u8",
            IntFormat::U16 => "u16",
            IntFormat::U32 => "u32",
            IntFormat::U64 => "u64",
        }
    }

    /// The smallest and largest value, as `f64` (for samples within range).
    pub fn range(self) -> (f64, f64) {
        match self {
            IntFormat::I8 => (i8::MIN as f64, i8::MAX as f64),
            IntFormat::I16 => (i16::MIN as f64, i16::MAX as f64),
            IntFormat::I32 => (i32::MIN as f64, i32::MAX as f64),
            IntFormat::I64 => (i64::MIN as f64, i64::MAX as f64),
            IntFormat::U8 => (0.0, u8::MAX as f64),
            IntFormat::U16 => (0.0, u16::MAX as f64),
            IntFormat::U32 => (0.0, u32::MAX as f64),
            IntFormat::U64 => (0.0, u64::MAX as f64),
        }
    }
}

impl Type {
    /// The display form, with `name` writing a named type.
    pub fn display_with(&self, name: &dyn Fn(TypeId) -> String) -> String {
        match self {
            Type::Named(id) => name(*id),
            Type::String => "string".into(),
            Type::Integer(IntFormat::I64) => "integer".into(),
            Type::Integer(format) => format!("integer({})", format.rust_name()),
            Type::Number => "number".into(),
            Type::Boolean => "boolean".into(),
            Type::Array(inner) => format!("[{}]", inner.display_with(name)),
            Type::Map(inner) => format!("{{string: {}}}", inner.display_with(name)),
            Type::Nullable(inner) => format!("{}?", inner.display_with(name)),
            Type::Binary => "binary".into(),
            Type::Json => "json".into(),
        }
    }
}

impl Serialize for Type {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let missing = std::cell::Cell::new(None);
        let text = self.display_with(&|id| {
            super::arena::name_in_scope(id).unwrap_or_else(|| {
                missing.set(Some(id));
                String::new()
            })
        });
        match missing.get() {
            Some(id) => Err(serde::ser::Error::custom(format!("type id {id:?} serialized outside its `Api`"))),
            None => s.serialize_str(&text),
        }
    }
}

impl<'de> Deserialize<'de> for Type {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        Type::parse(&text, &mut |name| {
            super::arena::intern(name).ok_or_else(|| format!("type `{name}` read outside an `Api`"))
        })
        .map_err(serde::de::Error::custom)
    }
}

impl Type {
    /// Parses the display form: `[T]`, `{string: T}`, `T?`, the primitive
    /// names, else a type name, whose id `id` gives.
    pub fn parse(s: &str, id: &mut dyn FnMut(&str) -> Result<TypeId, String>) -> Result<Self, String> {
        let s = s.trim();
        if let Some(inner) = s.strip_suffix('?') {
            return Ok(Type::Nullable(Box::new(Type::parse(inner, id)?)));
        }
        if let Some(inner) = s.strip_prefix('[').and_then(|r| r.strip_suffix(']')) {
            return Ok(Type::Array(Box::new(Type::parse(inner, id)?)));
        }
        if let Some(format) = s.strip_prefix("integer(").and_then(|r| r.strip_suffix(')')) {
            use IntFormat::*;
            return [I8, I16, I32, I64, U8, U16, U32, U64]
                .into_iter()
                .find(|f| f.rust_name() == format)
                .map(Type::Integer)
                .ok_or_else(|| format!("unknown integer type `{format}`"));
        }
        if let Some(inner) = s.strip_prefix("{string:").and_then(|r| r.strip_suffix('}')) {
            return Ok(Type::Map(Box::new(Type::parse(inner, id)?)));
        }
        Ok(match s {
            "string" => Type::String,
            "integer" => Type::Integer(IntFormat::I64),
            "number" => Type::Number,
            "boolean" => Type::Boolean,
            "binary" => Type::Binary,
            "json" => Type::Json,
            "" => return Err("an empty type".into()),
            name => Type::Named(id(name)?),
        })
    }
}
