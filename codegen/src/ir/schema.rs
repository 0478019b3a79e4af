//! Schemas → type definitions. Inline objects, enums and unions are hoisted
//! into types of their own; each new type gets an id and records the name it
//! wants by its place (`Parent` + `Field`), and `ir/naming.rs` names them all
//! once the graph is built. How a schema's shape is read is in `shape.rs`;
//! how properties and allOf members become one struct's fields, in `merge.rs`.

mod merge;
mod shape;

use std::collections::HashMap;

use indexmap::IndexMap;
use openapiv3::{AdditionalProperties, ReferenceOr, Schema, SchemaKind, Type as OaType};

use super::model::*;
use super::names::{camel_ident, hoisted_type_name, shared_constant_name};
use super::naming::{Hint, Wanted};
use crate::error::pointer_token;
use crate::load::Loaded;
use crate::Error;
pub use merge::MAX_MERGE_DEPTH;
use merge::{MergeChain, ObjectAcc};
use shape::*;
pub(super) use shape::{constraints_of, docs_of, RefOr};

const SCHEMA_PREFIX: &str = "#/components/schemas/";

/// Lowers schemas into the arena of types, giving each new type an id and
/// recording the name it wants (`ir/naming.rs` chooses the names).
pub(super) struct SchemaLowerer<'a> {
    pub loaded: &'a Loaded,
    components: Option<&'a IndexMap<String, ReferenceOr<Schema>>>,
    component_ids: HashMap<&'a str, TypeId>,
    /// (values, constant) of every component that is a string enum → its
    /// type (the first in spec order): an inline enum equal to one is that type.
    component_enums: HashMap<(Vec<String>, bool), TypeId>,
    /// Pointer of an inline schema → the type it was hoisted into, so a schema
    /// reached twice (allOf members, shared parameters) is defined once.
    hoisted: HashMap<String, TypeId>,
    /// (value, wanted name) of the type shared by inline one-value string enums
    /// (OpenAI repeats `type: function` hundreds of times): one type each.
    /// Keyed by the exact value too: `active` and `ACTIVE` want one name but are two types.
    shared_constants: HashMap<(String, String), TypeId>,
    /// Per id, the name it wants (`ir/naming.rs` chooses the names).
    pub wanted: Vec<Wanted>,
    pub types: Types,
    /// By pointer: a schema lowered twice (allOf merges) records its examples once.
    pub examples: IndexMap<String, Example>,
    pub report: Report,
}

impl<'a> SchemaLowerer<'a> {
    pub fn new(loaded: &'a Loaded) -> Self {
        let components = loaded.doc.components.as_ref().map(|c| &c.schemas);
        // Components first: their ids follow spec order, and so do their names.
        let mut types = Types::default();
        let mut wanted = Vec::new();
        let mut component_ids = HashMap::new();
        for (spec_name, _) in components.into_iter().flatten() {
            component_ids.insert(spec_name.as_str(), types.reserve());
            wanted.push(Wanted::Component(spec_name.clone()));
        }
        let mut component_enums = HashMap::new();
        for (spec_name, schema) in components.into_iter().flatten() {
            if let Some(key) = schema.as_item().and_then(enum_key) {
                component_enums.entry(key).or_insert(component_ids[spec_name.as_str()]);
            }
        }
        SchemaLowerer {
            loaded,
            components,
            component_ids,
            component_enums,
            hoisted: HashMap::new(),
            shared_constants: HashMap::new(),
            wanted,
            types,
            examples: IndexMap::new(),
            report: Report::default(),
        }
    }

    /// The `format` of a string schema, through `$ref`s; `None` for other shapes.
    fn string_format(&self, schema: RefOr<'_>, pointer: &str) -> Option<String> {
        let schema = match schema {
            RefOr::Item(s) => s,
            RefOr::Ref(target) => self.resolve(target, pointer).ok()?.1,
        };
        matches!(schema.schema_kind, SchemaKind::Type(OaType::String(_))).then(|| constraints_of(schema).format)?
    }

    /// A new type's id, to be named by `ir/naming.rs` as `wanted` says.
    fn reserve(&mut self, wanted: Wanted) -> TypeId {
        self.wanted.push(wanted);
        self.types.reserve()
    }

    /// A new type hoisted from the place `hint`.
    pub fn reserve_hoisted(&mut self, hint: &Hint) -> TypeId {
        self.reserve(Wanted::Hoisted(hint.clone()))
    }

    /// The name `id` would get were no name taken, from what it wants: its
    /// last word picks the shared constant type of a field under it.
    fn provisional(&self, id: TypeId) -> String {
        match &self.wanted[id.index()] {
            Wanted::Component(spec_name) => camel_ident(spec_name, "Schema"),
            Wanted::Hoisted(hint) => hoisted_type_name(&camel_ident(&self.hint_text(hint), "Type")),
            Wanted::Constant(name) => name.clone(),
        }
    }

    /// A place's hint as text, with its parent's provisional name.
    fn hint_text(&self, hint: &Hint) -> String {
        let parent = hint.parent.map(|p| self.provisional(p)).unwrap_or_default();
        format!("{parent}{}", hint.words)
    }

    /// The values of a union whose every branch (inline or referenced) is a
    /// one-value string enum: one enum of them all, as typify makes.
    fn enum_branch_values(&self, branches: &[ReferenceOr<Schema>], pointer: &str) -> Option<Vec<String>> {
        let mut values = Vec::new();
        for branch in branches {
            let schema = match RefOr::from(branch) {
                RefOr::Item(s) => s,
                RefOr::Ref(target) => self.resolve(target, pointer).ok()?.1,
            };
            match shape(schema) {
                Shape::Str { values: v, binary: false } if v.len() == 1 => values.extend(v),
                _ => return None,
            }
        }
        Some(values)
    }

    /// The name hint of a union's inline branch, from what the spec says of
    /// it: its `title`, its constant (`type: text` → `Text`), its first
    /// property, or its shape; never a position.
    fn branch_hint(&self, union: TypeId, branch: &ReferenceOr<Schema>) -> Hint {
        let ReferenceOr::Item(s) = branch else { return Hint::of(union) };
        if let Some(title) = &s.schema_data.title {
            return Hint::of(union).plus(&camel_ident(title, "Title"));
        }
        let word = match shape(s) {
            Shape::Str { values, .. } if values.len() == 1 => camel_ident(&values[0], "Empty"),
            Shape::Str { .. } => "Enum".into(),
            Shape::Object { props, .. } if props.is_empty() => "Map".into(),
            Shape::Object { props, .. } => match constant_property(props) {
                Some(value) => camel_ident(value, "Empty"),
                None => camel_ident(props.keys().next().map(String::as_str).unwrap_or_default(), "Object"),
            },
            Shape::AllOf(members) => {
                let tagged = members.iter().filter_map(|m| match shape(m.as_item()?) {
                    Shape::Object { props, .. } => constant_property(props),
                    _ => None,
                });
                tagged.map(|v| camel_ident(v, "Empty")).next().unwrap_or_else(|| "Object".into())
            }
            // The items are named `…Item`; the variant is their array.
            Shape::Array(_) => String::new(),
            Shape::Union(_) => "Union".into(),
            Shape::Integer | Shape::Number | Shape::Boolean | Shape::Any => "Value".into(),
        };
        Hint::of(union).plus(&word)
    }

    pub fn lower_components(&mut self) -> Result<(), Error> {
        let Some(components) = self.components else { return Ok(()) };
        for (spec_name, schema) in components {
            let id = self.component_ids[spec_name.as_str()];
            let pointer = format!("/components/schemas/{}", pointer_token(spec_name));
            let def = match RefOr::from(schema) {
                RefOr::Ref(target) => TypeDef {
                    name: String::new(),
                    origin: pointer.clone(),
                    docs: Docs::default(),
                    kind: TypeKind::Alias(self.reference(target, &pointer)?),
                    constraints: Constraints::default(),
                    decoded: false,
                    features: Vec::new(),
                    derives_default: false,
                },
                RefOr::Item(schema) => {
                    self.record_examples(schema, &Type::Named(id), &pointer);
                    self.define(id, schema, &pointer)?
                }
            };
            self.types.define(id, def);
        }
        Ok(())
    }

    /// Resolves a schema `$ref` to the component schema it names, following
    /// a component that is itself a `$ref`; a ring of them is an error.
    pub fn resolve(&self, target: &str, pointer: &str) -> Result<(&'a str, &'a Schema), Error> {
        let mut seen: Vec<&str> = Vec::new();
        let mut current = target;
        loop {
            let found = current
                .strip_prefix(SCHEMA_PREFIX)
                .and_then(|name| self.components?.get_key_value(name))
                .ok_or_else(|| {
                    self.loaded
                        .error(pointer, format!("$ref `{current}` does not resolve to a schema in components/schemas"))
                })?;
            seen.push(found.0.as_str());
            if seen.len() > super::MAX_ALIAS_DEPTH {
                let message = format!(
                    "$ref chain longer than {} components ({} → …): each is only a $ref to the next",
                    super::MAX_ALIAS_DEPTH,
                    seen[..3].join(" → ")
                );
                return Err(self.loaded.error(pointer, message));
            }
            match found.1 {
                ReferenceOr::Item(schema) => return Ok((found.0.as_str(), schema)),
                ReferenceOr::Reference { reference } => {
                    let next = reference.strip_prefix(SCHEMA_PREFIX).unwrap_or(reference);
                    if seen.contains(&next) {
                        seen.push(next);
                        return Err(self
                            .loaded
                            .error(pointer, format!("$ref cycle with no schema in it: {}", seen.join(" → "))));
                    }
                    current = reference;
                }
            }
        }
    }

    /// The spec pointer a type was lowered from: its component or the inline
    /// schema it was hoisted from (for errors found after lowering).
    pub fn pointer_of(&self, type_name: &str) -> Option<String> {
        let id = self.types.id_of(type_name)?;
        let component = self.component_ids.iter().find(|(_, &c)| c == id);
        match component {
            Some((spec_name, _)) => Some(format!("/components/schemas/{}", pointer_token(spec_name))),
            None => self.hoisted.iter().find(|(_, &h)| h == id).map(|(pointer, _)| pointer.clone()),
        }
    }

    /// The name a spec gives the type (its component's name), for messages;
    /// the Rust name for a hoisted inline schema.
    pub fn spec_name_of<'n>(&'n self, type_name: &'n str) -> &'n str {
        let id = self.types.id_of(type_name);
        let component = self.component_ids.iter().find(|(_, &c)| Some(c) == id);
        component.map_or(type_name, |(spec_name, _)| spec_name)
    }

    /// The type of the component schema named `spec_name`, if there is one.
    pub fn component_type(&self, spec_name: &str) -> Option<Type> {
        self.component_ids.get(spec_name).copied().map(Type::Named)
    }

    fn reference(&self, target: &str, pointer: &str) -> Result<Type, Error> {
        let (spec_name, _) = self.resolve(target, pointer)?;
        Ok(Type::Named(self.component_ids[spec_name]))
    }

    /// The type of a schema used in place (field, item, parameter, body);
    /// shapes that need a definition are hoisted under a name from `hint`.
    pub fn type_of(&mut self, schema: RefOr<'_>, hint: &Hint, pointer: &str) -> Result<Type, Error> {
        let schema = match schema {
            RefOr::Ref(target) => return self.reference(target, pointer),
            RefOr::Item(schema) => schema,
        };
        let ty = self.shape_type(schema, hint, pointer)?;
        self.record_examples(schema, &ty, pointer);
        Ok(ty)
    }

    /// Whether the schema, or the component it refers to, allows `null`:
    /// a nullable component stays nullable where it is used.
    fn nullable(&self, schema: RefOr<'_>, pointer: &str) -> Result<bool, Error> {
        Ok(match schema {
            RefOr::Item(s) => s.schema_data.nullable,
            RefOr::Ref(target) => self.resolve(target, pointer)?.1.schema_data.nullable,
        })
    }

    /// The type of an array item or map value: `Nullable` when it may be `null`.
    pub(super) fn element_type(&mut self, schema: RefOr<'_>, hint: &Hint, pointer: &str) -> Result<Type, Error> {
        let nullable = self.nullable(schema, pointer)?;
        let ty = self.type_of(schema, hint, pointer)?;
        // `serde_json::Value` holds `null` itself.
        Ok(if nullable && ty != Type::Json { Type::Nullable(Box::new(ty)) } else { ty })
    }

    /// Records the schema's `example`, `examples` (3.1) and `x-oaiMeta.example` as examples of `ty`.
    pub fn record_examples(&mut self, schema: &Schema, ty: &Type, pointer: &str) {
        let data = &schema.schema_data;
        if let Some(value) = &data.example {
            self.push_example(format!("{pointer}/example"), ty, ExampleValue::Json(value.clone()));
        }
        if let Some(serde_json::Value::Array(list)) = data.extensions.get("x-examples") {
            for (i, value) in list.iter().enumerate() {
                self.push_example(format!("{pointer}/examples/{i}"), ty, ExampleValue::Json(value.clone()));
            }
        }
        if let Some(example) = data.extensions.get("x-oaiMeta").and_then(|m| m.get("example")) {
            let value = match example {
                serde_json::Value::String(text) => ExampleValue::Text(text.clone()),
                other => ExampleValue::Json(other.clone()),
            };
            self.push_example(format!("{pointer}/x-oaiMeta/example"), ty, value);
        }
    }

    pub fn push_example(&mut self, pointer: String, ty: &Type, value: ExampleValue) {
        if let indexmap::map::Entry::Vacant(entry) = self.examples.entry(pointer) {
            let pointer = entry.key().clone();
            entry.insert(Example { pointer, ty: ty.clone(), value });
        }
    }

    fn shape_type(&mut self, schema: &Schema, hint: &Hint, pointer: &str) -> Result<Type, Error> {
        let ty = match shape(schema) {
            Shape::Str { values, binary } if values.is_empty() => {
                if binary
                    || schema.schema_data.extensions.get("x-oaiTypeLabel").and_then(|v| v.as_str()) == Some("file")
                {
                    Type::Binary
                } else {
                    Type::String
                }
            }
            Shape::Integer => Type::Integer(int_format(schema)),
            Shape::Number => Type::Number,
            Shape::Boolean => Type::Boolean,
            Shape::Array(items) => match items {
                Some(items) => Type::Array(Box::new(self.element_type(
                    items.into(),
                    &hint.plus("Item"),
                    &format!("{pointer}/items"),
                )?)),
                // No `items`: the elements have no shape to type.
                None => Type::Array(Box::new(Type::Json)),
            },
            Shape::Object { props, additional, .. } if props.is_empty() => {
                Type::Map(Box::new(self.map_values(additional, hint, pointer)?))
            }
            Shape::Union(branches) if branches.len() == 1 => {
                self.type_of((&branches[0]).into(), hint, &format!("{pointer}/{}/0", combinator(schema)))?
            }
            Shape::AllOf(members) if substantive(members).len() == 1 && own_props(schema).is_empty() => {
                let member = substantive(members)[0];
                let i = members.iter().position(|m| std::ptr::eq(m, member)).unwrap_or(0);
                self.type_of(member.into(), hint, &format!("{pointer}/allOf/{i}"))?
            }
            Shape::Any => {
                if let SchemaKind::Not { .. } = schema.schema_kind {
                    self.untyped(pointer, "`not` has no Rust type");
                }
                Type::Json
            }
            Shape::Str { .. } if self.component_enums.contains_key(&enum_key(schema).unwrap_or_default()) => {
                Type::Named(self.component_enums[&enum_key(schema).unwrap_or_default()])
            }
            Shape::Str { values, binary: false } if values.len() == 1 => {
                if let Some(&id) = self.hoisted.get(pointer) {
                    return Ok(Type::Named(id));
                }
                let wanted = shared_constant_name(&values[0], &camel_ident(&self.hint_text(hint), "Type"));
                let key = (values[0].clone(), wanted.clone());
                let id = match self.shared_constants.get(&key) {
                    Some(&id) => id,
                    None => {
                        let id = self.reserve(Wanted::Constant(wanted.clone()));
                        let mut def = self.define(id, schema, pointer)?;
                        // Shared by many fields: the field's own words stay on the field.
                        def.docs =
                            Docs { description: Some(format!("The constant `{}`.", values[0])), ..Docs::default() };
                        self.types.define(id, def);
                        self.shared_constants.insert(key, id);
                        id
                    }
                };
                self.hoisted.insert(pointer.to_string(), id);
                Type::Named(id)
            }
            Shape::Str { .. } | Shape::Object { .. } | Shape::Union(_) | Shape::AllOf(_) => {
                if let Some(&id) = self.hoisted.get(pointer) {
                    return Ok(Type::Named(id));
                }
                let id = self.reserve_hoisted(hint);
                self.hoisted.insert(pointer.to_string(), id);
                let def = self.define(id, schema, pointer)?;
                self.types.define(id, def);
                Type::Named(id)
            }
        };
        Ok(ty)
    }

    fn map_values(
        &mut self,
        additional: Option<&AdditionalProperties>,
        hint: &Hint,
        pointer: &str,
    ) -> Result<Type, Error> {
        Ok(match additional {
            Some(AdditionalProperties::Schema(schema)) => {
                self.element_type((&**schema).into(), &hint.plus("Value"), &format!("{pointer}/additionalProperties"))?
            }
            _ => Type::Json,
        })
    }

    fn untyped(&mut self, pointer: &str, reason: &str) {
        self.report.untyped.push((pointer.to_string(), reason.to_string()));
    }

    /// Builds the definition of the type `id` (named later, by `ir/naming.rs`).
    pub fn define(&mut self, id: TypeId, schema: &Schema, pointer: &str) -> Result<TypeDef, Error> {
        let data = &schema.schema_data;
        let docs = docs_of(schema);
        let kind = match shape(schema) {
            Shape::Str { values, .. } if !values.is_empty() => {
                let constant = values.len() == 1
                    || data.extensions.get("x-stainless-const").and_then(|v| v.as_bool()) == Some(true)
                    || data.extensions.get("x-const").and_then(|v| v.as_bool()) == Some(true);
                TypeKind::Enum(string_enum(&values, constant, false))
            }
            Shape::Object { props, required, additional } if !props.is_empty() => {
                let mut acc = ObjectAcc::default();
                self.add_props(&mut acc, props, required, id, pointer)?;
                if let Some(additional) = additional {
                    if !matches!(additional, AdditionalProperties::Any(false)) {
                        acc.additional = Some(self.map_values(Some(additional), &Hint::of(id), pointer)?);
                    }
                }
                TypeKind::Struct(acc.finish())
            }
            Shape::AllOf(members) if substantive(members).len() == 1 && own_props(schema).is_empty() => {
                let member = substantive(members)[0];
                let i = members.iter().position(|m| std::ptr::eq(m, member)).unwrap_or(0);
                let member_pointer = format!("{pointer}/allOf/{i}");
                match member {
                    ReferenceOr::Item(inner) => {
                        let def = self.define(id, inner, &member_pointer)?;
                        return Ok(TypeDef { docs: merge_docs(docs, def.docs), origin: pointer.to_string(), ..def });
                    }
                    ReferenceOr::Reference { reference } => {
                        TypeKind::Alias(self.reference(reference, &member_pointer)?)
                    }
                }
            }
            Shape::AllOf(members) if members.len() > 1 || !own_props(schema).is_empty() => {
                let mut acc = ObjectAcc::default();
                let mut chain = MergeChain::default();
                for (i, member) in members.iter().enumerate() {
                    self.merge_member(&mut acc, &mut chain, member.into(), id, &format!("{pointer}/allOf/{i}"))?;
                }
                if let SchemaKind::Any(any) = &schema.schema_kind {
                    self.add_props(&mut acc, &any.properties, &any.required, id, pointer)?;
                }
                TypeKind::Struct(acc.finish())
            }
            Shape::Union(branches) if branches.len() > 1 && open_enum_values(branches).is_some() => {
                TypeKind::Enum(string_enum(&open_enum_values(branches).unwrap_or_default(), false, true))
            }
            Shape::Union(branches) if branches.len() > 1 && self.enum_branch_values(branches, pointer).is_some() => {
                let values = self.enum_branch_values(branches, pointer).unwrap_or_default();
                TypeKind::Enum(string_enum(&values, false, false))
            }
            Shape::Union(branches) if branches.len() > 1 => {
                let key = combinator(schema);
                let mut variants = Vec::new();
                for (i, branch) in branches.iter().enumerate() {
                    let hint = self.branch_hint(id, branch);
                    let ty = self.type_of(branch.into(), &hint, &format!("{pointer}/{key}/{i}"))?;
                    let format = self.string_format(branch.into(), pointer);
                    variants.push(UnionVariant { format, ..UnionVariant::of(ty) });
                }
                let discriminator = data.discriminator.as_ref().map(|d| {
                    // A mapping value is a reference, or a schema's bare name (OpenAPI 3.x, Discriminator Object).
                    let mapping = d.mapping.iter().filter_map(|(value, target)| {
                        let spec_name = match target.strip_prefix(SCHEMA_PREFIX) {
                            Some(name) => name,
                            None if !target.contains(['#', '/']) => target.as_str(),
                            None => return None,
                        };
                        Some((*self.component_ids.get(spec_name)?, value.clone()))
                    });
                    // Without a `mapping` entry, a referenced schema's value is its name in the spec.
                    let by_name = branches.iter().filter_map(|branch| {
                        let ReferenceOr::Reference { reference } = branch else { return None };
                        let spec_name = reference.strip_prefix(SCHEMA_PREFIX)?;
                        Some((*self.component_ids.get(spec_name)?, spec_name.to_string()))
                    });
                    Discriminator {
                        property: d.property_name.clone(),
                        mapping: mapping.collect(),
                        by_name: by_name.collect(),
                    }
                });
                TypeKind::Union(Union {
                    variants,
                    tag: None,
                    discriminator,
                    dispatch: None,
                    display: false,
                    filler: None,
                })
            }
            // A union of one inline branch (what is left of `anyOf: [X, null]`) is that branch.
            Shape::Union([ReferenceOr::Item(inner)]) => {
                let def = self.define(id, inner, &format!("{pointer}/{}/0", combinator(schema)))?;
                return Ok(TypeDef { docs: merge_docs(docs, def.docs), ..def });
            }
            // An array's items are `NameItem`; other shapes hoisted here `NameInner`.
            Shape::Array(_) => TypeKind::Alias(self.type_of(RefOr::Item(schema), &Hint::of(id), pointer)?),
            _ => TypeKind::Alias(self.type_of(RefOr::Item(schema), &Hint::of(id).plus("Inner"), pointer)?),
        };
        Ok(TypeDef {
            name: String::new(),
            origin: pointer.to_string(),
            docs,
            kind,
            constraints: constraints_of(schema),
            decoded: false,
            features: Vec::new(),
            derives_default: false,
        })
    }
}
