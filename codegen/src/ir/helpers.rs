//! The helpers the official SDKs write by hand, decided from the spec's
//! shapes, once, here; the emitter prints these records (`emit/helpers.rs`).
//! A spec without the shapes gets none of them.
//!
//! Rules:
//! - **Text of an answer.** A struct `S` with an SDK-only property `P`
//!   (`Struct::sdk_only`, e.g. `Response.output_text`) gets `S::P()` when `S`
//!   has a required list of a tagged union (`output: [OutputItem]`) one of
//!   whose variants holds a required list of a tagged union (`content:
//!   [OutputMessageContent]`) with a variant tagged `P` holding a required
//!   string `text`: the method joins those texts, in order, as the Python and
//!   Node SDKs compute `output_text`. `S::P_parsed::<T>()` reads that text as
//!   JSON into the caller's type.
//! - **Streams of deltas.** An operation that streams event struct `E` and
//!   otherwise returns struct `R`, where `E` and `R` share a list field whose
//!   item structs differ in exactly one field each (`choices[].delta` in the
//!   chunk, `choices[].message` in the completion): an accumulator merging each
//!   event's delta into the item's value (strings joined, lists of objects
//!   merged by their `index`, `runtime::DeltaMerge`) and decoding the result as
//!   `R`. The struct in the item's value field (`ChatCompletionResponseMessage`)
//!   gets `parsed::<T>()` when it has a string `content`, reporting its string
//!   `refusal` when set.
//! - **Streams of snapshots.** An operation that streams a tagged union `E`
//!   and otherwise returns `R`: every variant whose struct holds a required `R`
//!   (`response.created`, `response.completed`, …) replaces the accumulator's
//!   snapshot, the last one is the result; when `R` has a text helper `P`, the
//!   variants tagged `….P.delta` with a string `delta` are joined into its
//!   text so far.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use super::model::*;

/// What `ir/helpers.rs` decided; all empty for a spec without the shapes.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Helpers {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub output_text: Vec<OutputText>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub accumulators: Vec<Accumulator>,
    /// Structs with `parsed::<T>()`: a message whose text is structured output.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub parsed: Vec<ParsedMessage>,
}

impl Helpers {
    /// Fills every helper's `gates` from the feature sets of the types it
    /// names; runs after `features::assign`.
    pub(super) fn gate(&mut self, types: &Types) {
        let gates = |ids: &[TypeId]| -> Vec<Vec<String>> {
            let mut sets: Vec<Vec<String>> = ids
                .iter()
                .filter_map(|&id| types.get(id))
                .map(|d| d.features.clone())
                .filter(|f| !f.is_empty())
                .collect();
            sets.sort();
            sets.dedup();
            sets
        };
        let named = self.named_types();
        for (gate, ids) in self.gates_mut().zip(named) {
            *gate = gates(&ids);
        }
    }

    /// The types each helper names, in the order of [`gates_mut`](Self::gates_mut):
    /// its gates are theirs, and its impls sit beside them, so a split spec
    /// keeps them in one crate (`ir/parts.rs`).
    pub(super) fn named_types(&self) -> Vec<Vec<TypeId>> {
        let texts = self.output_text.iter().map(|h| vec![h.type_name, h.item_union, h.part_union]);
        let accumulators = self.accumulators.iter().map(|h| vec![h.event, h.output]);
        texts.chain(accumulators).chain(self.parsed.iter().map(|h| vec![h.type_name])).collect()
    }

    /// Every helper's `gates`, for `features::for_crate` to rename.
    pub(super) fn gates_mut(&mut self) -> impl Iterator<Item = &mut Vec<Vec<String>>> {
        let texts = self.output_text.iter_mut().map(|h| &mut h.gates);
        let accumulators = self.accumulators.iter_mut().map(|h| &mut h.gates);
        texts.chain(accumulators).chain(self.parsed.iter_mut().map(|h| &mut h.gates))
    }

    pub fn is_empty(&self) -> bool {
        self.output_text.is_empty() && self.accumulators.is_empty() && self.parsed.is_empty()
    }
}

/// `type_name::method()`: the text of the parts tagged `method` inside the
/// items of a list, joined.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OutputText {
    pub type_name: TypeId,
    pub method: String,
    /// `method` + `_parsed`: the text read as JSON into the caller's type.
    pub parsed_method: String,
    /// Rust name of the list of items (`output`).
    pub items_field: String,
    pub item_union: TypeId,
    /// Item variants holding parts: (variant, boxed, Rust name of their list of parts).
    pub item_variants: Vec<(String, bool, String)>,
    pub part_union: TypeId,
    /// The part variant tagged `method`, whether it is boxed, and its string field.
    pub part_variant: String,
    pub part_boxed: bool,
    pub text_field: String,
    /// Cargo feature sets that must each hold for the helper to compile: those
    /// of the types it names (`ir/features.rs`); empty: always compiled.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub gates: Vec<Vec<String>>,
}

/// A generated type adding up the events of one streaming operation into
/// what the operation returns without streaming.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Accumulator {
    /// Name of the generated type (`<output>Accumulator`).
    pub name: String,
    pub event: TypeId,
    pub output: TypeId,
    pub kind: AccumulatorKind,
    /// Cargo feature sets that must each hold for the helper to compile: those
    /// of the types it names (`ir/features.rs`); empty: always compiled.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub gates: Vec<Vec<String>>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum AccumulatorKind {
    /// Each event carries deltas: JSON names of the shared list, the event
    /// item's delta field and the output item's field it merges into.
    Deltas { list: String, delta: String, into: String },
    /// Events of a tagged union; some carry a snapshot of the output.
    Snapshots {
        /// (variant, boxed, Rust name of the field holding the output).
        snapshots: Vec<(String, bool, String)>,
        /// (variant, boxed, Rust name of the string field) of text deltas.
        text_deltas: Vec<(String, bool, String)>,
    },
}

/// `type_name::parsed::<T>()`: the string `content` read as JSON; `refusal`
/// (when the struct has such a string field) reported instead when set.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ParsedMessage {
    pub type_name: TypeId,
    pub content: String,
    /// Whether `content` is `Option<String>` rather than `String`.
    pub content_optional: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refusal: Option<String>,
    /// Cargo feature sets that must each hold for the helper to compile: those
    /// of the types it names (`ir/features.rs`); empty: always compiled.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub gates: Vec<Vec<String>>,
}

use super::graph::{through_aliases as resolve, Types};
use super::names::Scope;

pub(super) fn decide(
    types: &Types,
    operations: &[Operation],
    conveniences: &BTreeMap<TypeId, Conveniences>,
) -> Helpers {
    // A helper never shadows a setter or constructor of the same type.
    let free = |ty: TypeId, method: &str| {
        conveniences.get(&ty).is_none_or(|c| {
            c.setters.iter().all(|s| s.method != method && s.null_method.as_deref() != Some(method))
                && c.constructor.as_ref().is_none_or(|k| k.method != method)
        })
    };
    let mut helpers = Helpers::default();
    for (id, def) in types.iter() {
        let TypeKind::Struct(s) = &def.kind else { continue };
        for property in &s.sdk_only {
            let method = super::names::snake_ident(property);
            let parsed_method = format!("{}_parsed", method.trim_start_matches("r#"));
            if method.starts_with("r#") || !free(id, &method) || !free(id, &parsed_method) {
                continue;
            }
            if let Some(found) = output_text(types, id, s, property, method, parsed_method) {
                helpers.output_text.push(found);
            }
        }
    }
    let mut taken = Scope::with_reserved(&types.names().map(String::as_str).collect::<Vec<_>>());
    let mut parsed = BTreeSet::new();
    for op in operations {
        let (Some(Type::Named(event)), Returns::Json(Type::Named(output))) = (&op.stream, &op.returns) else {
            continue;
        };
        let (event, output) = (*event, *output);
        if helpers.accumulators.iter().any(|a| a.event == event && a.output == output) {
            continue;
        }
        let kind =
            deltas(types, event, output, &mut parsed).or_else(|| snapshots(types, event, output, &helpers.output_text));
        let Some(kind) = kind else { continue };
        let name = taken.claim_plain(&accumulator_name(types.name(output)));
        helpers.accumulators.push(Accumulator { name, event, output, kind, gates: Vec::new() });
    }
    // By name, as the models file prints them.
    let mut parsed: Vec<TypeId> = parsed.into_iter().collect();
    parsed.sort_by(|a, b| types.name(*a).cmp(types.name(*b)));
    helpers.parsed =
        parsed.into_iter().filter_map(|id| parsed_message(types, id)).filter(|p| free(p.type_name, "parsed")).collect();
    helpers
}

/// The struct `ty` is, through aliases, with its id.
fn strukt<'t>(types: &'t Types, ty: &'t Type) -> Option<(TypeId, &'t Struct)> {
    match resolve(types, ty) {
        Type::Named(n) => match &types.get(*n)?.kind {
            TypeKind::Struct(s) => Some((*n, s)),
            _ => None,
        },
        _ => None,
    }
}

/// The struct `id` is, through aliases.
fn struct_of_id(types: &Types, id: TypeId) -> Option<&Struct> {
    match &types.get(id)?.kind {
        TypeKind::Struct(s) => Some(s),
        TypeKind::Alias(ty) => strukt(types, ty).map(|(_, s)| s),
        _ => None,
    }
}

fn required<'s>(s: &'s Struct, json: &str) -> Option<&'s Field> {
    s.fields.iter().find(|f| f.json_name == json && f.presence() == Presence::Required)
}

/// The named tagged union a required list field holds: (field, union name, union).
fn list_of_tagged<'t>(types: &'t Types, f: &'t Field) -> Option<(TypeId, &'t Union)> {
    if f.presence() != Presence::Required {
        return None;
    }
    let Type::Array(item) = resolve(types, &f.ty) else { return None };
    let Type::Named(n) = resolve(types, item) else { return None };
    match &types.get(*n)?.kind {
        TypeKind::Union(u) if u.tag.is_some() => Some((*n, u)),
        _ => None,
    }
}

fn output_text(
    types: &Types,
    type_id: TypeId,
    s: &Struct,
    property: &str,
    method: String,
    parsed_method: String,
) -> Option<OutputText> {
    for items in &s.fields {
        let Some((item_union, items_u)) = list_of_tagged(types, items) else { continue };
        let mut item_variants = Vec::new();
        let mut found: Option<(TypeId, String, bool, String)> = None;
        for v in &items_u.variants {
            let Some((_, vs)) = strukt(types, &v.ty) else { continue };
            for parts in &vs.fields {
                let Some((part_union, parts_u)) = list_of_tagged(types, parts) else { continue };
                let Some(pv) = parts_u.variants.iter().find(|pv| pv.tag_value.as_deref() == Some(property)) else {
                    continue;
                };
                let Some((_, ps)) = strukt(types, &pv.ty) else { continue };
                let Some(text) = required(ps, "text").filter(|t| *resolve(types, &t.ty) == Type::String) else {
                    continue;
                };
                let this = (part_union, pv.rust_name.clone(), pv.boxed, text.rust_name.clone());
                // Every item variant must name the same part type, so one `match` reads them.
                if found.as_ref().is_some_and(|f| f != &this) {
                    continue;
                }
                found = Some(this);
                item_variants.push((v.rust_name.clone(), v.boxed, parts.rust_name.clone()));
                break;
            }
        }
        let Some((part_union, part_variant, part_boxed, text_field)) = found else { continue };
        return Some(OutputText {
            gates: Vec::new(),
            type_name: type_id,
            method,
            parsed_method,
            items_field: items.rust_name.clone(),
            item_union,
            item_variants,
            part_union,
            part_variant,
            part_boxed,
            text_field,
        });
    }
    None
}

/// The item struct of a list field of `s` named `list` (required or optional).
fn list_items<'t>(types: &'t Types, s: &'t Struct, list: &str) -> Option<&'t Struct> {
    let f = s.fields.iter().find(|f| f.json_name == list)?;
    let Type::Array(item) = resolve(types, &f.ty) else { return None };
    strukt(types, item).map(|(_, s)| s)
}

/// The name a stream accumulator wants: its output type's, then `Accumulator`
/// (a type of the spec with that name pushes it to `…Accumulator2`).
pub(super) fn accumulator_name(output: &str) -> String {
    format!("{output}{ACCUMULATOR}")
}

/// The output type an accumulator's name is made from (`ResponseAccumulator` → `Response`).
pub(super) fn accumulator_output(name: &str) -> Option<&str> {
    name.strip_suffix(ACCUMULATOR)
}

const ACCUMULATOR: &str = "Accumulator";

fn deltas(types: &Types, event: TypeId, output: TypeId, parsed: &mut BTreeSet<TypeId>) -> Option<AccumulatorKind> {
    let e = struct_of_id(types, event)?;
    let r = struct_of_id(types, output)?;
    for f in &e.fields {
        let (Some(ei), Some(ri)) = (list_items(types, e, &f.json_name), list_items(types, r, &f.json_name)) else {
            continue;
        };
        let only = |a: &Struct, b: &Struct| -> Vec<String> {
            a.fields
                .iter()
                .filter(|x| !b.fields.iter().any(|y| y.json_name == x.json_name))
                .map(|x| x.json_name.clone())
                .collect()
        };
        let (de, dr) = (only(ei, ri), only(ri, ei));
        if de.len() != 1 || dr.len() != 1 {
            continue;
        }
        let into = ri.fields.iter().find(|x| x.json_name == dr[0])?;
        if let Some((message, _)) = strukt(types, &into.ty) {
            parsed.insert(message);
        }
        return Some(AccumulatorKind::Deltas { list: f.json_name.clone(), delta: de[0].clone(), into: dr[0].clone() });
    }
    None
}

fn snapshots(types: &Types, event: TypeId, output: TypeId, texts: &[OutputText]) -> Option<AccumulatorKind> {
    let TypeKind::Union(u) = &types.get(event)?.kind else { return None };
    u.tag.as_ref()?;
    let text_tag = texts.iter().find(|t| t.type_name == output).map(|t| format!(".{}.delta", t.method));
    let mut snapshots = Vec::new();
    let mut text_deltas = Vec::new();
    for v in &u.variants {
        let Some((_, s)) = strukt(types, &v.ty) else { continue };
        let holds = s.fields.iter().find(|f| {
            f.presence() == Presence::Required && matches!(resolve(types, &f.ty), Type::Named(n) if *n == output)
        });
        if let Some(f) = holds {
            snapshots.push((v.rust_name.clone(), v.boxed, f.rust_name.clone()));
        }
        let is_text =
            text_tag.as_ref().is_some_and(|t| v.tag_value.as_ref().is_some_and(|tag| tag.ends_with(t.as_str())));
        if let Some(delta) = required(s, "delta").filter(|d| is_text && *resolve(types, &d.ty) == Type::String) {
            text_deltas.push((v.rust_name.clone(), v.boxed, delta.rust_name.clone()));
        }
    }
    (!snapshots.is_empty()).then_some(AccumulatorKind::Snapshots { snapshots, text_deltas })
}

fn parsed_message(types: &Types, id: TypeId) -> Option<ParsedMessage> {
    let s = struct_of_id(types, id)?;
    let string = |json: &str| {
        s.fields.iter().find(|f| f.json_name == json && *resolve(types, &f.ty) == Type::String && !f.flatten)
    };
    let content = string("content")?;
    let optional = |f: &Field| match f.presence() {
        Presence::Required => Some(false),
        Presence::Nullable | Presence::Optional => Some(true),
        Presence::OptionalNullable => None,
    };
    let refusal = match string("refusal") {
        Some(f) if optional(f) == Some(true) => Some(f.rust_name.clone()),
        _ => None,
    };
    Some(ParsedMessage {
        gates: Vec::new(),
        type_name: id,
        content: content.rust_name.clone(),
        content_optional: optional(content)?,
        refusal,
    })
}
