//! Properties and allOf members → one struct's fields: `$ref` members merged
//! (their fields copied in) up to [`MAX_MERGE_DEPTH`] deep, a union member
//! embedded whole, later properties replacing earlier ones of the same name.

use std::collections::HashSet;

use indexmap::IndexMap;
use openapiv3::{AdditionalProperties, ReferenceOr, Schema, SchemaKind};

use super::shape::*;
use super::SchemaLowerer;
use crate::error::pointer_token;
use crate::ir::model::*;
use crate::ir::names::camel_ident;
use crate::ir::naming::Hint;
use crate::Error;

/// allOf members reached through `$ref` are merged (their fields copied into
/// the type) up to this many references deep; a deeper one is embedded whole
/// as a flattened field. So an inheritance chain of any length costs memory
/// linear in its length, and recursion stays bounded.
pub const MAX_MERGE_DEPTH: usize = 8;

/// The components an allOf merge is inside of (outermost first), and every
/// component merged into the type so far (merged once, however often reached).
#[derive(Default)]
pub(super) struct MergeChain<'a> {
    pub path: Vec<&'a str>,
    pub merged: HashSet<&'a str>,
}

impl<'a> SchemaLowerer<'a> {
    pub(super) fn add_props(
        &mut self,
        acc: &mut ObjectAcc,
        props: &IndexMap<String, ReferenceOr<Box<Schema>>>,
        required: &[String],
        parent: TypeId,
        pointer: &str,
    ) -> Result<(), Error> {
        for (json_name, prop) in props {
            let prop_pointer = format!("{pointer}/properties/{}", pointer_token(json_name));
            if sdk_only(prop.into()) {
                acc.sdk_only.push(json_name.clone());
                continue;
            }
            let hint = Hint::of(parent).plus(&camel_ident(json_name, "Field"));
            let ty = self.type_of(prop.into(), &hint, &prop_pointer)?;
            let nullable = self.nullable(prop.into(), &prop_pointer)?;
            let (docs, default, constraints) = match RefOr::from(prop) {
                RefOr::Item(s) => property_facts(s),
                RefOr::Ref(_) => (Docs::default(), None, Constraints::default()),
            };
            // Both at once says nothing a client can act on: the property is kept both ways.
            let (read_only, write_only) = match RefOr::from(prop) {
                RefOr::Item(s) if s.schema_data.read_only != s.schema_data.write_only => {
                    (s.schema_data.read_only, s.schema_data.write_only)
                }
                _ => (false, false),
            };
            acc.insert(Field {
                json_name: json_name.clone(),
                rust_name: String::new(),
                ty,
                required: required.contains(json_name),
                nullable,
                docs,
                default,
                explicit_null: false,
                boxed: false,
                flatten: false,
                constraints,
                read_only,
                write_only,
            });
        }
        for name in required {
            acc.require(name);
        }
        Ok(())
    }

    /// Adds one allOf member's properties (following refs and nested allOf).
    pub(super) fn merge_member(
        &mut self,
        acc: &mut ObjectAcc,
        chain: &mut MergeChain<'a>,
        member: RefOr<'_>,
        parent: TypeId,
        pointer: &str,
    ) -> Result<(), Error> {
        if let RefOr::Ref(target) = member {
            let (spec_name, _) = self.resolve(target, pointer)?;
            if chain.path.contains(&spec_name) {
                let ring = chain.path.iter().skip_while(|n| **n != spec_name).copied().collect::<Vec<_>>().join(" → ");
                return Err(self.loaded.error(pointer, format!("allOf cycle: {ring} → {spec_name} includes itself")));
            }
            if !chain.merged.insert(spec_name) {
                return Ok(());
            }
            if chain.path.len() >= MAX_MERGE_DEPTH {
                acc.insert(flattened(Type::Named(self.component_ids[spec_name])));
                return Ok(());
            }
            chain.path.push(spec_name);
            let merged = self.merge_resolved(acc, chain, member, parent, pointer);
            chain.path.pop();
            return merged;
        }
        self.merge_resolved(acc, chain, member, parent, pointer)
    }

    pub(super) fn merge_resolved(
        &mut self,
        acc: &mut ObjectAcc,
        chain: &mut MergeChain<'a>,
        member: RefOr<'_>,
        parent: TypeId,
        pointer: &str,
    ) -> Result<(), Error> {
        // A referenced member's inline parts keep the names its own definition gives them.
        let (schema, pointer, parent) = match member {
            RefOr::Ref(target) => {
                let (spec_name, schema) = self.resolve(target, pointer)?;
                (schema, format!("/components/schemas/{}", pointer_token(spec_name)), self.component_ids[spec_name])
            }
            RefOr::Item(schema) => (schema, pointer.to_string(), parent),
        };
        match shape(schema) {
            Shape::Object { props, required, additional } => {
                self.add_props(acc, props, required, parent, &pointer)?;
                if let Some(additional) = additional.filter(|a| !matches!(a, AdditionalProperties::Any(false))) {
                    acc.additional = Some(self.map_values(Some(additional), &Hint::of(parent), &pointer)?);
                }
            }
            Shape::AllOf(members) => {
                for (i, m) in members.iter().enumerate() {
                    self.merge_member(acc, chain, m.into(), parent, &format!("{pointer}/allOf/{i}"))?;
                }
                if let SchemaKind::Any(any) = &schema.schema_kind {
                    self.add_props(acc, &any.properties, &any.required, parent, &pointer)?;
                }
            }
            Shape::Any => {}
            // A union among the members: its variant's fields sit beside the others.
            Shape::Union(_) => {
                let hint = match &schema.schema_data.title {
                    Some(title) => Hint::of(parent).plus(&camel_ident(title, "Title")),
                    None => Hint::of(parent).plus("Union"),
                };
                let ty = self.type_of(member, &hint, &pointer)?;
                acc.insert(flattened(ty));
            }
            _ => self.untyped(&pointer, "allOf member is not an object; its constraints are not merged"),
        }
        Ok(())
    }
}

/// A member embedded whole: its fields sit beside the others (`#[serde(flatten)]`).
pub(super) fn flattened(ty: Type) -> Field {
    Field {
        json_name: String::new(),
        rust_name: String::new(),
        ty,
        required: true,
        nullable: false,
        docs: Docs::default(),
        default: None,
        explicit_null: false,
        boxed: false,
        flatten: true,
        constraints: Constraints::default(),
        read_only: false,
        write_only: false,
    }
}

/// Fields gathered from properties (and allOf members), in spec order.
#[derive(Default)]
pub(super) struct ObjectAcc {
    fields: Vec<Field>,
    pub additional: Option<Type>,
    /// JSON names in the order the spec's `required` lists give them.
    required_order: Vec<String>,
    /// Properties left out as SDK-only (see [`sdk_only`]).
    sdk_only: Vec<String>,
}

impl ObjectAcc {
    pub(super) fn insert(&mut self, field: Field) {
        // Flattened members have no JSON name: two of them are one only when of one type.
        let same = |f: &Field| f.json_name == field.json_name && (!field.flatten || f.ty == field.ty);
        match self.fields.iter_mut().find(|f| same(f)) {
            Some(existing) => {
                let required = existing.required || field.required;
                *existing = Field { required, ..field };
            }
            None => self.fields.push(field),
        }
    }

    pub(super) fn require(&mut self, json_name: &str) {
        if let Some(f) = self.fields.iter_mut().find(|f| f.json_name == json_name) {
            f.required = true;
            if !self.required_order.iter().any(|n| n == json_name) {
                self.required_order.push(json_name.to_string());
            }
        }
    }

    /// The struct; its fields are named by `ir/naming.rs`.
    pub(super) fn finish(mut self) -> Struct {
        self.sdk_only.dedup();
        let sdk_only = self.sdk_only.into_iter().filter(|n| !self.fields.iter().any(|f| &f.json_name == n)).collect();
        Struct {
            fields: self.fields,
            additional: self.additional,
            required_order: self.required_order,
            sdk_only,
            page: None,
        }
    }
}
