//! What shape a schema has (`Shape`), read once for every decision the
//! lowerer makes, and the facts taken from a schema as it is: enum values,
//! constraints, docs.

use std::collections::HashSet;

use indexmap::IndexMap;
use openapiv3::{
    AdditionalProperties, IntegerFormat, ReferenceOr, Schema, SchemaKind, StringFormat, Type as OaType,
    VariantOrUnknownOrEmpty,
};

use crate::ir::model::*;

/// A schema or a reference to one, whatever box it came in.
#[derive(Clone, Copy)]
pub(in crate::ir) enum RefOr<'s> {
    Ref(&'s str),
    Item(&'s Schema),
}

impl<'s> From<&'s ReferenceOr<Schema>> for RefOr<'s> {
    fn from(r: &'s ReferenceOr<Schema>) -> Self {
        match r {
            ReferenceOr::Reference { reference } => RefOr::Ref(reference),
            ReferenceOr::Item(s) => RefOr::Item(s),
        }
    }
}

impl<'s> From<&'s ReferenceOr<Box<Schema>>> for RefOr<'s> {
    fn from(r: &'s ReferenceOr<Box<Schema>>) -> Self {
        match r {
            ReferenceOr::Reference { reference } => RefOr::Ref(reference),
            ReferenceOr::Item(s) => RefOr::Item(s),
        }
    }
}

/// The shape of a schema, whichever openapiv3 variant carried it.
pub(in crate::ir) enum Shape<'s> {
    Str {
        values: Vec<String>,
        binary: bool,
    },
    Integer,
    Number,
    Boolean,
    Object {
        props: &'s IndexMap<String, ReferenceOr<Box<Schema>>>,
        required: &'s [String],
        additional: Option<&'s AdditionalProperties>,
    },
    Array(Option<&'s ReferenceOr<Box<Schema>>>),
    Union(&'s [ReferenceOr<Schema>]),
    AllOf(&'s [ReferenceOr<Schema>]),
    Any,
}

/// The declared width and sign of an integer schema (`format: uint64` → `u64`).
pub(in crate::ir) fn int_format(schema: &Schema) -> IntFormat {
    let SchemaKind::Type(OaType::Integer(i)) = &schema.schema_kind else { return IntFormat::I64 };
    let format = match &i.format {
        VariantOrUnknownOrEmpty::Item(IntegerFormat::Int32) => "int32",
        VariantOrUnknownOrEmpty::Item(IntegerFormat::Int64) => "int64",
        VariantOrUnknownOrEmpty::Unknown(other) => other.as_str(),
        VariantOrUnknownOrEmpty::Empty => "",
    };
    IntFormat::from_spec(format).unwrap_or(IntFormat::I64)
}

pub(in crate::ir) fn shape(schema: &Schema) -> Shape<'_> {
    match &schema.schema_kind {
        SchemaKind::Type(OaType::String(s)) => Shape::Str {
            values: s.enumeration.iter().flatten().cloned().collect(),
            binary: matches!(s.format, VariantOrUnknownOrEmpty::Item(StringFormat::Binary)),
        },
        SchemaKind::Type(OaType::Integer(_)) => Shape::Integer,
        SchemaKind::Type(OaType::Number(_)) => Shape::Number,
        SchemaKind::Type(OaType::Boolean(_)) => Shape::Boolean,
        SchemaKind::Type(OaType::Object(o)) => {
            Shape::Object { props: &o.properties, required: &o.required, additional: o.additional_properties.as_ref() }
        }
        SchemaKind::Type(OaType::Array(a)) => Shape::Array(a.items.as_ref()),
        SchemaKind::OneOf { one_of: v } | SchemaKind::AnyOf { any_of: v } => Shape::Union(v),
        SchemaKind::AllOf { all_of } => Shape::AllOf(all_of),
        SchemaKind::Not { .. } => Shape::Any,
        SchemaKind::Any(a) => {
            // `oneOf: [{required: [a]}, {required: [b]}]` only validates; the shape is the rest.
            let validates_only = |branches: &[ReferenceOr<Schema>]| branches.iter().all(is_constraint_only);
            if !a.all_of.is_empty() {
                Shape::AllOf(&a.all_of)
            } else if !a.one_of.is_empty() && !validates_only(&a.one_of) {
                Shape::Union(&a.one_of)
            } else if !a.any_of.is_empty() && !validates_only(&a.any_of) {
                Shape::Union(&a.any_of)
            } else if a.typ.as_deref() == Some("object")
                || !a.properties.is_empty()
                || a.additional_properties.is_some()
            {
                Shape::Object {
                    props: &a.properties,
                    required: &a.required,
                    additional: a.additional_properties.as_ref(),
                }
            } else if a.typ.as_deref() == Some("array") || a.items.is_some() {
                Shape::Array(a.items.as_ref())
            } else {
                match a.typ.as_deref() {
                    Some("string") => Shape::Str {
                        values: a.enumeration.iter().filter_map(|v| v.as_str().map(String::from)).collect(),
                        binary: a.format.as_deref() == Some("binary"),
                    },
                    Some("integer") => Shape::Integer,
                    Some("number") => Shape::Number,
                    Some("boolean") => Shape::Boolean,
                    _ => Shape::Any,
                }
            }
        }
    }
}

/// A schema that states no shape: only annotations (description, title,
/// nullable, default) or validation (`required`) over a shape given elsewhere.
pub(in crate::ir) fn is_constraint_only(schema: &ReferenceOr<Schema>) -> bool {
    let ReferenceOr::Item(schema) = schema else { return false };
    match &schema.schema_kind {
        SchemaKind::Any(a) => {
            a.typ.is_none()
                && a.properties.is_empty()
                && a.items.is_none()
                && a.enumeration.is_empty()
                && a.additional_properties.is_none()
                && a.format.is_none()
                && a.one_of.is_empty()
                && a.any_of.is_empty()
                && a.all_of.is_empty()
                && a.not.is_none()
        }
        _ => false,
    }
}

/// allOf members that contribute a shape (annotation-only members are dropped).
pub(in crate::ir) fn substantive(members: &[ReferenceOr<Schema>]) -> Vec<&ReferenceOr<Schema>> {
    members.iter().filter(|m| !is_constraint_only(m)).collect()
}

/// The (values, constant) of a schema that is a closed string enum, as
/// [`SchemaLowerer::define`] would type it.
pub(in crate::ir) fn enum_key(schema: &Schema) -> Option<(Vec<String>, bool)> {
    let Shape::Str { values, binary: false } = shape(schema) else { return None };
    let flag = |key: &str| schema.schema_data.extensions.get(key).and_then(|v| v.as_bool()) == Some(true);
    let constant = values.len() == 1 || flag("x-stainless-const") || flag("x-const");
    (!values.is_empty()).then_some((values, constant))
}

/// The value of the first property that is a one-value string enum (a tag such as `type: text`).
pub(in crate::ir) fn constant_property(props: &IndexMap<String, ReferenceOr<Box<Schema>>>) -> Option<&str> {
    props.values().find_map(|p| match &p.as_item()?.schema_kind {
        SchemaKind::Type(OaType::String(s)) if s.enumeration.len() == 1 => s.enumeration[0].as_deref(),
        SchemaKind::Any(a) if a.enumeration.len() == 1 && a.typ.as_deref() == Some("string") => {
            a.enumeration[0].as_str()
        }
        _ => None,
    })
}

/// Values of a union of one inline string enum and free strings: one open enum keeps both.
pub(in crate::ir) fn open_enum_values(branches: &[ReferenceOr<Schema>]) -> Option<Vec<String>> {
    let mut values = None;
    for branch in branches {
        let ReferenceOr::Item(schema) = branch else { return None };
        match shape(schema) {
            Shape::Str { values: v, binary: false } if v.is_empty() => {}
            Shape::Str { values: v, binary: false } if values.is_none() => values = Some(v),
            _ => return None,
        }
    }
    values
}

pub(in crate::ir) fn combinator(schema: &Schema) -> &'static str {
    match &schema.schema_kind {
        SchemaKind::OneOf { .. } => "oneOf",
        SchemaKind::AllOf { .. } => "allOf",
        SchemaKind::Any(a) if !a.all_of.is_empty() => "allOf",
        SchemaKind::Any(a) if !a.one_of.is_empty() => "oneOf",
        _ => "anyOf",
    }
}

pub(in crate::ir) fn own_props(schema: &Schema) -> &IndexMap<String, ReferenceOr<Box<Schema>>> {
    static EMPTY: std::sync::OnceLock<IndexMap<String, ReferenceOr<Box<Schema>>>> = std::sync::OnceLock::new();
    match &schema.schema_kind {
        SchemaKind::Any(any) => &any.properties,
        _ => EMPTY.get_or_init(IndexMap::new),
    }
}

/// The outer schema's docs win; the inner ones fill gaps.
pub(in crate::ir) fn merge_docs(outer: Docs, inner: Docs) -> Docs {
    Docs {
        title: outer.title.or(inner.title),
        description: outer.description.or(inner.description),
        deprecated: outer.deprecated || inner.deprecated,
    }
}

/// The schema's own validation keywords (format, bounds, lengths, pattern,
/// and those of inline array items or map values).
pub(in crate::ir) fn constraints_of(schema: &Schema) -> Constraints {
    let mut c = Constraints::default();
    let items = match &schema.schema_kind {
        SchemaKind::Type(OaType::String(s)) => {
            c.format = match &s.format {
                VariantOrUnknownOrEmpty::Item(StringFormat::Date) => Some("date".into()),
                VariantOrUnknownOrEmpty::Item(StringFormat::DateTime) => Some("date-time".into()),
                VariantOrUnknownOrEmpty::Unknown(f) => Some(f.clone()),
                _ => None,
            };
            (c.pattern, c.min_length, c.max_length) = (s.pattern.clone(), s.min_length, s.max_length);
            None
        }
        SchemaKind::Type(OaType::Integer(i)) => {
            (c.minimum, c.maximum) = (i.minimum.map(|v| v as f64), i.maximum.map(|v| v as f64));
            (c.exclusive_minimum, c.exclusive_maximum) = (i.exclusive_minimum, i.exclusive_maximum);
            None
        }
        SchemaKind::Type(OaType::Number(n)) => {
            (c.minimum, c.maximum) = (n.minimum, n.maximum);
            (c.exclusive_minimum, c.exclusive_maximum) = (n.exclusive_minimum, n.exclusive_maximum);
            None
        }
        SchemaKind::Type(OaType::Array(a)) => {
            (c.min_items, c.max_items) = (a.min_items, a.max_items);
            a.items.as_ref().map(RefOr::from)
        }
        SchemaKind::Type(OaType::Object(o)) => {
            c.min_properties = o.min_properties;
            match &o.additional_properties {
                Some(AdditionalProperties::Schema(values)) => Some(RefOr::from(&**values)),
                _ => None,
            }
        }
        SchemaKind::Any(a) => {
            c.format = a.format.clone().filter(|f| f != "binary");
            (c.pattern, c.min_length, c.max_length) = (a.pattern.clone(), a.min_length, a.max_length);
            (c.minimum, c.maximum) = (a.minimum, a.maximum);
            c.exclusive_minimum = a.exclusive_minimum.unwrap_or(false);
            c.exclusive_maximum = a.exclusive_maximum.unwrap_or(false);
            (c.min_items, c.max_items, c.min_properties) = (a.min_items, a.max_items, a.min_properties);
            for branches in [&a.one_of, &a.any_of] {
                if !branches.is_empty() && branches.iter().all(is_constraint_only) {
                    let sets = branches.iter().filter_map(|b| match b.as_item()?.schema_kind {
                        SchemaKind::Any(ref b) if !b.required.is_empty() => Some(b.required.clone()),
                        _ => None,
                    });
                    c.required_any.extend(sets);
                }
            }
            match &a.additional_properties {
                Some(AdditionalProperties::Schema(values)) if a.items.is_none() => Some(RefOr::from(&**values)),
                _ => a.items.as_ref().map(RefOr::from),
            }
        }
        _ => None,
    };
    if let Some(RefOr::Item(item)) = items {
        let item = constraints_of(item);
        c.items = (!item.is_empty()).then(|| Box::new(item));
    }
    c
}

pub(in crate::ir) fn docs_of(schema: &Schema) -> Docs {
    let data = &schema.schema_data;
    Docs::from_spec(data.title.as_ref(), data.description.as_ref(), data.deprecated)
}

/// A property's docs, default and constraints: its own, and where it has
/// none, those of the one inline branch of its union of one: what a nullable
/// property written `anyOf: [{…}, {type: "null"}]` (OpenAI's spec has
/// hundreds) leaves once loading took the null branch out, as a type
/// defined so takes its branch's docs (`SchemaLowerer::define`).
pub(in crate::ir) fn property_facts(schema: &Schema) -> (Docs, Option<serde_json::Value>, Constraints) {
    let (docs, default, constraints) = (docs_of(schema), schema.schema_data.default.clone(), constraints_of(schema));
    let Shape::Union([ReferenceOr::Item(member)]) = shape(schema) else { return (docs, default, constraints) };
    let constraints = if constraints.is_empty() { constraints_of(member) } else { constraints };
    (merge_docs(docs, docs_of(member)), default.or_else(|| member.schema_data.default.clone()), constraints)
}

/// A string enum of `values` (each once); its variants are named by `ir/naming.rs`.
pub(in crate::ir) fn string_enum(values: &[String], constant: bool, open: bool) -> StringEnum {
    let mut seen = HashSet::new();
    let variants = values
        .iter()
        .filter(|v| seen.insert(v.as_str()))
        .map(|value| EnumVariant { value: value.clone(), rust_name: String::new() })
        .collect();
    StringEnum { variants, constant, open }
}

/// A property the spec marks as computed by its SDKs (`x-oaiSupportedSDKs`,
/// on the schema or on a member of its `anyOf`/`oneOf`): servers never send
/// it, so it gets no field (a generated method may compute it, `ir::helpers`).
pub(in crate::ir) fn sdk_only(prop: RefOr<'_>) -> bool {
    let RefOr::Item(schema) = prop else { return false };
    let marked = |s: &Schema| s.schema_data.extensions.contains_key("x-oaiSupportedSDKs");
    let members = match &schema.schema_kind {
        SchemaKind::AnyOf { any_of: m } | SchemaKind::OneOf { one_of: m } => m.as_slice(),
        _ => &[],
    };
    marked(schema) || members.iter().any(|m| matches!(m, ReferenceOr::Item(s) if marked(s)))
}
