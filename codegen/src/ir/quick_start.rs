//! The quick start of a spec's module docs: the client set up as the official
//! SDKs do (`Client::from_env()`) and one call written with the request's
//! constructor, chosen by rule among the spec's operations (or named by the
//! config's `quick_start`). Emit prints it; the docs test compiles it against
//! the full OpenAI and Portkey crates.

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};

use super::model::*;
use super::{ArgPlace, BodyKind, Decoder, MethodVariant, Pass};

/// One call, as the module docs show it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QuickStart {
    /// The operation called, by `operationId`.
    pub operation: String,
    /// Namespace accessors from the client to the method (`chat`, `completions`).
    pub namespaces: Vec<String>,
    pub method: String,
    /// The method's arguments in call order.
    pub args: Vec<Sample>,
    /// The call answers a value to print (not `()`).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub answers: bool,
}

/// A value written in the quick start.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Sample {
    /// A string literal.
    Text(String),
    /// `&Default::default()`: a parameter struct whose members are all optional.
    DefaultRef,
    /// `&models::T::new(args…)`, or `models::T::new(args…)` inside another.
    New {
        /// Serialized as its name, as everywhere in the IR.
        #[serde(rename = "type_name")]
        type_id: TypeId,
        args: Vec<Sample>,
    },
    /// `[models::U::role("text")]`: a list of a union built by a role constructor.
    RoleList {
        #[serde(rename = "type_name")]
        type_id: TypeId,
        role: String,
        text: String,
    },
}

/// The quick start: the config's `operation_id` if given (an error when it
/// names no operation or one whose arguments cannot be written by rule), else
/// the first operation in spec order whose JSON body has a constructor taking
/// at least one value, else the first whose arguments can all be written.
pub(super) fn decide(
    types: &Types,
    conveniences: &BTreeMap<TypeId, Conveniences>,
    operations: &[Operation],
    examples: &[Example],
    operation_id: Option<&str>,
) -> Result<Option<QuickStart>, String> {
    let examples: HashMap<&str, &str> = examples
        .iter()
        .filter_map(|e| match &e.value {
            ExampleValue::Json(serde_json::Value::String(s)) => Some((e.pointer.as_str(), s.as_str())),
            _ => None,
        })
        .collect();
    let writer = Writer { types, conveniences, examples };
    let candidates = operations.iter().filter_map(|op| Some((op, writer.call(op)?)));
    if let Some(id) = operation_id {
        if !operations.iter().any(|op| op.id == id) {
            return Err(format!("no operation has the operationId `{id}`"));
        }
        let mut named = candidates.filter(|(op, _)| op.id == id);
        return match named.next() {
            Some((_, quick)) => Ok(Some(quick)),
            None => Err(format!(
                "the arguments of `{id}` cannot be written by rule (text, all-optional parameters, constructors of text)"
            )),
        };
    }
    let all: Vec<(&Operation, QuickStart)> = candidates.collect();
    // A constructor that takes something shows the most of how requests are written.
    let built = |q: &QuickStart| q.args.iter().any(|a| matches!(a, Sample::New { args, .. } if !args.is_empty()));
    let with_constructor = all.iter().find(|(_, q)| built(q));
    Ok(with_constructor.or(all.first()).map(|(_, q)| q.clone()))
}

struct Writer<'a> {
    types: &'a Types,
    conveniences: &'a BTreeMap<TypeId, Conveniences>,
    /// String examples by pointer.
    examples: HashMap<&'a str, &'a str>,
}

impl Writer<'_> {
    fn call(&self, op: &Operation) -> Option<QuickStart> {
        let method = op.method(MethodVariant::Plain)?;
        let mut args = Vec::new();
        for arg in &method.args {
            let sample = match &arg.place {
                ArgPlace::Path { name, .. } if arg.pass == Pass::Str => Sample::Text(name.clone()),
                ArgPlace::Query { .. } if op.query_params.iter().all(|p| !p.required) => Sample::DefaultRef,
                ArgPlace::Headers { .. } if op.header_params.iter().all(|p| !p.required) => Sample::DefaultRef,
                ArgPlace::Body { kind: BodyKind::Json, .. } => self.new_of(&arg.ty)?,
                _ => return None,
            };
            args.push(sample);
        }
        Some(QuickStart {
            operation: op.id.clone(),
            namespaces: op.resource.clone(),
            method: method.name.clone(),
            args,
            answers: method.decoder != Decoder::Empty,
        })
    }

    /// `T::new(…)` of a struct whose constructor takes only text-like values.
    fn new_of(&self, ty: &Type) -> Option<Sample> {
        let Type::Named(id) = ty else { return None };
        let def = self.types.get(*id)?;
        let TypeKind::Struct(s) = &def.kind else { return None };
        let ctor = self.conveniences.get(id)?.constructor.as_ref()?;
        let mut args = Vec::new();
        for param in &ctor.params {
            let field = s.fields.iter().find(|f| f.rust_name == param.field)?;
            args.push(self.field_value(def, field)?);
        }
        Some(Sample::New { type_id: *id, args })
    }

    fn field_value(&self, owner: &TypeDef, field: &Field) -> Option<Sample> {
        let text = || self.text_of(owner, field);
        match &field.ty {
            Type::String => Some(Sample::Text(text())),
            // Every string enum converts from `&str` (`runtime::string_enum_impl!`).
            Type::Named(id) => match &self.types.get(*id)?.kind {
                TypeKind::Enum(_) => Some(Sample::Text(text())),
                _ => self.conveniences.get(id)?.from_string.as_ref().map(|_| Sample::Text(text())),
            },
            Type::Array(item) => {
                let Type::Named(union) = item.as_ref() else { return None };
                let roles = &self.conveniences.get(union)?.roles;
                // The role people write first (`user`), else the first that takes text.
                let texts = roles.iter().filter(|r| r.text_setter.is_some() || self.takes_one_text(r.struct_name));
                let role = texts.clone().find(|r| r.method == "user").or(texts.clone().next())?;
                Some(Sample::RoleList { type_id: *union, role: role.method.clone(), text: "Hello!".into() })
            }
            _ => None,
        }
    }

    /// The struct's constructor takes one text value (a role message's content).
    fn takes_one_text(&self, struct_id: TypeId) -> bool {
        let built = self.new_of(&Type::Named(struct_id));
        matches!(built, Some(Sample::New { args, .. }) if matches!(args.as_slice(), [Sample::Text(_)]))
    }

    /// The field's default or example (its own, else its type's) when it is
    /// text, else its enum's first value, else its JSON name.
    fn text_of(&self, owner: &TypeDef, field: &Field) -> String {
        if let Some(serde_json::Value::String(s)) = &field.default {
            return s.clone();
        }
        let own = format!("{}/properties/{}/example", owner.origin, crate::error::pointer_token(&field.json_name));
        let of_type = match &field.ty {
            Type::Named(id) => self.types.get(*id),
            _ => None,
        };
        let type_example = of_type.map(|d| format!("{}/example", d.origin));
        let found =
            self.examples.get(own.as_str()).or_else(|| type_example.and_then(|p| self.examples.get(p.as_str())));
        let first_value = || match &of_type?.kind {
            TypeKind::Enum(e) => e.variants.first().map(|v| v.value.clone()),
            _ => None,
        };
        found.map(|s| s.to_string()).or_else(first_value).unwrap_or_else(|| field.json_name.clone())
    }
}
