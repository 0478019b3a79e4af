//! The naming pass: every type, field and variant name of a spec's models
//! is chosen here, after the lowerer has built the whole graph. The lowerer
//! names nothing: it gives each type an id and records what name the type
//! wants ([`Wanted`]), by the place it comes from. Names are then claimed in
//! id order (components in spec order first, then the inline schemas in the
//! order they were met) against one scope per namespace that starts with
//! every name the generated code and the runtime use themselves
//! (`names::reserved`), so no spec name can collide with them. The config's
//! type renames are applied by the same scope, and a child's name is built
//! from its parent's final name, so inline types follow a renamed parent.
//!
//! Method, argument and namespace names are decided by `ir/resources.rs` and
//! `ir/operation.rs` in their own scopes (a method's namespace, a call's
//! arguments), which share no names with models.

use std::collections::BTreeMap;

use super::arena::{TypeId, Types};
use super::helpers::accumulator_output;
use super::model::*;
use super::names::{camel_ident, hoisted_type_name, reserved, snake_ident, Scope};

/// What a type's name is made from, recorded by the lowerer as it makes the type.
#[derive(Debug, Clone)]
pub(super) enum Wanted {
    /// A component schema, by its name in the spec.
    Component(String),
    /// An inline schema hoisted from its place (`Parent` + `Field`).
    Hoisted(Hint),
    /// The one type of the inline one-value string enums with one value under
    /// fields named alike (`names::shared_constant_name`).
    Constant(String),
}

/// The place of an inline schema: the type it sits in (none for an
/// operation's parameters, bodies and responses) and the words of the way
/// down to it (`Field`, `Item`, `Value`, a branch's title or constant).
#[derive(Debug, Clone)]
pub(super) struct Hint {
    pub parent: Option<TypeId>,
    pub words: String,
}

impl Hint {
    /// A place no type holds (`CreateChatCompletionRequest` for a request body).
    pub fn root(words: impl Into<String>) -> Self {
        Hint { parent: None, words: words.into() }
    }

    /// The type `parent` itself, before any word is added.
    pub fn of(parent: TypeId) -> Self {
        Hint { parent: Some(parent), words: String::new() }
    }

    /// One step further down (`…Item`, `…Value`, a field's words).
    pub fn plus(&self, words: &str) -> Self {
        Hint { parent: self.parent, words: format!("{}{words}", self.words) }
    }
}

/// Names every id of `types` from `wanted` (one per id, in id order) and
/// returns the config renames that named nothing or clashed, as (key, problem).
pub(super) fn name_types(
    types: &mut Types,
    wanted: &[Wanted],
    renames: &BTreeMap<String, String>,
) -> Vec<(String, String)> {
    let (names, mut problems) = type_names(wanted, renames);
    for (key, problem) in &mut problems {
        // `<Type>Accumulator` is a helper the generator adds, named after its output type.
        let output = accumulator_output(key).filter(|o| names.iter().any(|n| n == o));
        if let (Some(output), true) = (output, problem.starts_with("no type")) {
            *problem = format!(
                "`{key}` is the stream accumulator of `{output}`, a helper the generator adds: \
                 renames cover the spec's types, and the accumulator follows `{output}`'s name"
            );
        }
    }
    types.set_names(names);
    problems
}

/// The name of each id in `wanted`, claimed in id order, and the rename problems.
pub(super) fn type_names(
    wanted: &[Wanted],
    renames: &BTreeMap<String, String>,
) -> (Vec<String>, Vec<(String, String)>) {
    let mut scope = Scope::with_reserved(&reserved::types()).with_renames(renames);
    let mut names: Vec<String> = Vec::with_capacity(wanted.len());
    for w in wanted {
        let name = match w {
            Wanted::Component(spec_name) => scope.claim(&camel_ident(spec_name, "Schema")),
            Wanted::Hoisted(hint) => {
                // A parent always has a smaller id: it is made before what it holds.
                let parent = hint.parent.and_then(|p| names.get(p.index())).map_or("", String::as_str);
                debug_assert!(hint.parent.is_none_or(|p| p.index() < names.len()), "a child named before its parent");
                hoisted(&mut scope, &format!("{parent}{}", hint.words))
            }
            Wanted::Constant(wanted) => {
                // `object: assistant` beside the component `AssistantObject`.
                let free = if scope.is_taken(wanted) { format!("{wanted}Kind") } else { wanted.clone() };
                scope.claim(&free)
            }
        };
        names.push(name);
    }
    let problems = scope.rename_problems();
    (names, problems)
}

/// The name of a hoisted type, from its full hint: said once and at most
/// [`super::names::MAX_HOISTED_NAME`] long (`hoisted_type_name`).
fn hoisted(scope: &mut Scope, hint: &str) -> String {
    let plain = camel_ident(hint, "Type");
    let wanted = hoisted_type_name(&plain);
    // `BatchObject` + `object` said once is the parent's own name: `BatchObjectKind`.
    if wanted != plain && wanted.len() < plain.len() && scope.is_taken(&wanted) && plain.len() <= 60 {
        return scope.claim(&format!("{wanted}Kind"));
    }
    scope.claim(&wanted)
}

/// Names the members of every type, once the type names are final and the
/// union pass has decided tags and order: struct fields (a flattened member
/// after its type), string enum variants (after their values) and union
/// variants (after their tag value, else their type). Each type is its own
/// scope, starting with the names the generated code gives members itself
/// (`meta`, `extra`, `Unknown`). Fields already named (a parameter struct's,
/// named with the call's arguments) keep their names.
pub(super) fn name_members(types: &mut Types) {
    let mut named: Vec<(TypeId, Vec<String>)> = Vec::new();
    for (id, def) in types.iter() {
        let names = match &def.kind {
            TypeKind::Struct(s) if s.fields.iter().all(|f| f.rust_name.is_empty()) => field_names(types, s),
            TypeKind::Enum(e) => {
                let mut scope = Scope::with_reserved(&[reserved::UNKNOWN_VARIANT]);
                e.variants.iter().map(|v| scope.claim(&camel_ident(&v.value, "Empty"))).collect()
            }
            TypeKind::Union(u) => {
                let mut scope = Scope::with_reserved(&[reserved::UNKNOWN_VARIANT]);
                u.variants
                    .iter()
                    .map(|v| match (&u.tag, &v.tag_value) {
                        (Some(_), Some(value)) => scope.claim(&camel_ident(value, "Empty")),
                        _ => scope.claim(&variant_name(types, &v.ty, &def.name)),
                    })
                    .collect()
            }
            _ => continue,
        };
        named.push((id, names));
    }
    for (id, names) in named {
        let def = types.get_mut(id).expect("a defined id");
        match &mut def.kind {
            TypeKind::Struct(s) => s.fields.iter_mut().zip(names).for_each(|(f, n)| f.rust_name = n),
            TypeKind::Enum(e) => e.variants.iter_mut().zip(names).for_each(|(v, n)| v.rust_name = n),
            TypeKind::Union(u) => u.variants.iter_mut().zip(names).for_each(|(v, n)| v.rust_name = n),
            TypeKind::Alias(_) => {}
        }
    }
}

/// A struct's field names: `meta` holds what the decoder saw beyond the
/// declared fields, `extra` the additional properties.
fn field_names(types: &Types, s: &Struct) -> Vec<String> {
    let mut scope = if s.additional.is_some() {
        Scope::with_reserved(&[reserved::META_FIELD, reserved::EXTRA_FIELD])
    } else {
        Scope::with_reserved(&[reserved::META_FIELD])
    };
    s.fields
        .iter()
        .map(|f| {
            let base = if f.flatten { types.show(&f.ty) } else { f.json_name.clone() };
            scope.claim(&snake_ident(&base))
        })
        .collect()
}

/// An untagged union variant's name: its type's, less the union's own name
/// in front (`ContentText` in `Content` → `Text`), or its shape (`String`, `…Array`).
fn variant_name(types: &Types, ty: &Type, union_name: &str) -> String {
    match ty {
        Type::Named(n) => match types.name(*n).strip_prefix(union_name) {
            Some(rest) if rest.starts_with(|c: char| c.is_ascii_uppercase()) => rest.to_string(),
            _ => types.name(*n).to_string(),
        },
        Type::String => "String".into(),
        Type::Integer(_) => "Integer".into(),
        Type::Number => "Number".into(),
        Type::Boolean => "Boolean".into(),
        Type::Array(inner) => format!("{}Array", variant_name(types, inner, union_name)),
        Type::Map(_) => "Map".into(),
        Type::Nullable(inner) => variant_name(types, inner, union_name),
        Type::Binary => "Binary".into(),
        Type::Json => "Json".into(),
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::super::{documented_streams, operation, schema::SchemaLowerer};
    use super::*;

    const SPEC: &str = r#"
openapi: 3.0.3
info: {title: T, version: "1"}
paths:
  /things:
    get:
      operationId: listThings
      parameters:
        - {name: order, in: query, schema: {type: string, enum: [asc, desc]}}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  data: {type: array, items: {$ref: '#/components/schemas/Thing'}}
components:
  schemas:
    Thing:
      type: object
      properties:
        object: {type: string, enum: [thing]}
        content:
          oneOf:
            - {type: string}
            - {type: array, items: {type: object, properties: {text: {type: string}}}}
    Client: {type: string, enum: [a, b]}
"#;

    fn lowered() -> SchemaLowerer<'static> {
        let loaded = Box::leak(Box::new(crate::load::load("t.yaml", SPEC).unwrap()));
        let mut lowerer = SchemaLowerer::new(loaded);
        lowerer.lower_components().unwrap();
        let mut operations = operation::lower_operations(&mut lowerer).unwrap();
        documented_streams::add(&mut lowerer, &mut operations);
        lowerer
    }

    #[test]
    fn the_lowerer_names_nothing_and_the_pass_names_every_type() {
        let mut lowerer = lowered();
        // Before the pass: ids and what they want, no names (parameter
        // structs' fields are the call's arguments, named with them).
        assert_eq!(lowerer.wanted.len(), lowerer.types.all_ids().count());
        for id in lowerer.types.all_ids() {
            assert_eq!(lowerer.types.name(id), "");
            let Some(def) = lowerer.types.get(id) else { continue };
            assert_eq!(def.name, "");
            match &def.kind {
                TypeKind::Enum(e) => assert!(e.variants.iter().all(|v| v.rust_name.is_empty())),
                TypeKind::Union(u) => assert!(u.variants.iter().all(|v| v.rust_name.is_empty())),
                TypeKind::Struct(s) if !def.origin.ends_with("/parameters/query") => {
                    assert!(s.fields.iter().all(|f| f.rust_name.is_empty()), "{}", def.origin)
                }
                _ => {}
            }
        }
        let problems = name_types(&mut lowerer.types, &lowerer.wanted, &BTreeMap::new());
        assert!(problems.is_empty());
        let mut names: Vec<&str> = lowerer.types.names().map(String::as_str).collect();
        names.sort();
        // `Client` is the crate's own name: the component steps aside. Inline
        // types are named after their parent's final name.
        assert_eq!(
            names,
            [
                "ClientType",
                // A parameter's inline enum: the operation, then the parameter.
                "ListThingsOrder",
                "ListThingsQuery",
                "ListThingsResponse",
                // `object: thing`, shared by every such field: its last word, then the value.
                "ObjectThing",
                "Thing",
                "ThingContent",
                "ThingContentItem",
            ]
        );
    }

    #[test]
    fn inline_types_follow_their_renamed_parent() {
        let mut lowerer = lowered();
        let renames = BTreeMap::from([("Thing".to_string(), "Widget".to_string())]);
        assert!(name_types(&mut lowerer.types, &lowerer.wanted, &renames).is_empty());
        assert!(lowerer.types.contains_name("WidgetContent"));
        assert!(lowerer.types.contains_name("WidgetContentItem"));
        assert!(!lowerer.types.contains_name("Thing"));
    }
}
