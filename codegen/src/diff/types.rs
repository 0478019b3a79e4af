//! Type-level changes: types added, removed, renamed; fields, enum values
//! and union variants added, removed, renamed or retyped.

use super::matching::{rust, rust_with};
use super::report::{ChangeKind as K, Group, Verdict};
use super::wire::{presence_wire, retype_wire, union_note};
use super::Cx;
use crate::ir::{Field, Presence, StringEnum, Struct, Type, TypeDef, TypeId, TypeKind, Types, Union};

/// A schema of `components/schemas`: named by the spec, not hoisted.
pub fn is_component(origin: &str) -> bool {
    origin.strip_prefix("/components/schemas/").is_some_and(|rest| !rest.contains('/'))
}

/// Types matched, removed and added (query and header structs are compared as parameters).
pub fn compare(cx: &mut Cx) {
    let structs = |api: &crate::ir::Api| -> Vec<String> {
        let ids = api.operations.iter().flat_map(|op| op.query_type.iter().chain(&op.header_type));
        ids.map(|&id| api.types.name(id).to_string()).collect()
    };
    let params: std::collections::HashSet<String> = structs(cx.old).into_iter().chain(structs(cx.new)).collect();
    // Pairs first: the fields and variants they add name some new types already.
    for old in cx.old.types.values().filter(|t| !params.contains(t.name.as_str())) {
        if let Some(new) = cx.map.old_to_new.get(&old.name).and_then(|n| cx.new.types.by_name(n)) {
            pair(cx, old, new);
        }
    }
    for old in cx.old.types.values() {
        let gone = !params.contains(old.name.as_str()) && !cx.map.old_to_new.contains_key(&old.name);
        // Hoisted types come and go with the field or variant that names them.
        if gone && is_component(&old.origin) {
            cx.push(
                Group::Type(old.name.clone()),
                format!("type {}", old.name),
                K::TypeRemoved,
                format!("`{}` ({}) removed", old.name, shape(&cx.old.types, old)),
                Verdict::breaking("code naming the type no longer compiles"),
                Verdict::additive("no request or answer changes by itself"),
            );
        }
    }
    for new in cx.new.types.values() {
        if params.contains(new.name.as_str()) || cx.map.new_to_old.contains_key(&new.name) {
            continue;
        }
        if is_component(&new.origin) && !cx.explained.contains(&new.name) {
            cx.push(
                Group::Type(new.name.clone()),
                format!("type {}", new.name),
                K::TypeAdded,
                format!("`{}` ({}) added", new.name, shape(&cx.new.types, new)),
                Verdict::additive("a new type"),
                Verdict::additive("no request or answer changes by itself"),
            );
        }
    }
}

fn shape(types: &Types, def: &TypeDef) -> String {
    match &def.kind {
        TypeKind::Struct(s) => format!("struct, {}", count(s.fields.len(), "field")),
        TypeKind::Enum(e) => format!("enum, {}", count(e.variants.len(), "value")),
        TypeKind::Union(u) => format!("union of {}", count(u.variants.len(), "variant")),
        TypeKind::Alias(t) => format!("alias of `{}`", rust(types, t)),
    }
}

fn count(n: usize, what: &str) -> String {
    format!("{n} {what}{}", if n == 1 { "" } else { "s" })
}

fn pair(cx: &mut Cx, old: &TypeDef, new: &TypeDef) {
    let group = Group::Type(new.name.clone());
    if old.name != new.name {
        cx.push(
            group.clone(),
            format!("type {}", new.name),
            K::TypeRenamed,
            format!("`{}` renamed to `{}`", old.name, new.name),
            Verdict::breaking("code naming the old name no longer compiles"),
            Verdict::additive("names are not on the wire"),
        );
    }
    if old.docs != new.docs {
        cx.doc(group.clone(), "the type".into(), docs_change(&old.docs, &new.docs));
    }
    let request = cx.in_request(&old.name, &new.name);
    cx.bounds(group.clone(), format!("`{}`", new.name), &old.constraints, &new.constraints, request);
    match (&old.kind, &new.kind) {
        (TypeKind::Struct(a), TypeKind::Struct(b)) => structs(cx, old, new, a, b),
        (TypeKind::Enum(a), TypeKind::Enum(b)) => enums(cx, old, new, a, b),
        (TypeKind::Union(a), TypeKind::Union(b)) => unions(cx, old, new, a, b),
        (TypeKind::Alias(a), TypeKind::Alias(b)) if cx.map.same(a, b) => {}
        _ => {
            let same_values =
                enum_values(cx.old, old) == enum_values(cx.new, new) && enum_values(cx.old, old).is_some();
            let wire = if same_values {
                Verdict::additive("the same values on the wire")
            } else {
                Verdict::breaking("requests and answers take another shape")
            };
            let rust_verdict = match (&old.kind, &new.kind) {
                (_, TypeKind::Alias(_)) if same_values => {
                    Verdict::additive("the name now stands for an enum of the same values; its paths still compile")
                }
                _ => Verdict::breaking("another Rust type behind the same name"),
            };
            cx.push(
                group,
                format!("type {}", new.name),
                K::TypeChanged,
                format!("`{}`: {} → {}", new.name, shape(&cx.old.types, old), shape(&cx.new.types, new)),
                rust_verdict,
                wire,
            );
        }
    }
}

/// The values of an enum, through aliases.
fn enum_values(api: &crate::ir::Api, def: &TypeDef) -> Option<Vec<String>> {
    match &def.kind {
        TypeKind::Enum(e) => Some(e.variants.iter().map(|v| v.value.clone()).collect()),
        TypeKind::Alias(Type::Named(n)) => enum_values(api, api.types.get(*n)?),
        _ => None,
    }
}

/// `now deprecated, description changed`: what differs between two `Docs`.
pub fn docs_change(old: &crate::ir::Docs, new: &crate::ir::Docs) -> String {
    let mut parts = Vec::new();
    if old.deprecated != new.deprecated {
        parts.push(if new.deprecated { "now deprecated" } else { "no longer deprecated" });
    }
    if old.title != new.title {
        parts.push("title changed");
    }
    if old.description != new.description {
        parts.push("description changed");
    }
    parts.join(", ")
}

/// ` (a new type)` when the reference names a type the old API lacks; that
/// type is then not listed again on its own.
fn new_type_note(cx: &mut Cx, ty: &Type) -> &'static str {
    let Type::Named(n) = ty else { return "" };
    let name = cx.new.types.name(*n).to_string();
    let known = cx.map.new_to_old.contains_key(&name);
    cx.explained.insert(name);
    if known {
        ""
    } else {
        " (a new type)"
    }
}

/// The Rust type of a field as the struct declares it.
pub fn field_type(types: &Types, f: &Field) -> String {
    field_type_with(f, &|id| types.name(id).to_string())
}

/// [`field_type`], with `name` writing a named type.
fn field_type_with(f: &Field, name: &dyn Fn(TypeId) -> String) -> String {
    let mut ty = rust_with(&f.ty, name);
    if f.boxed {
        ty = format!("Box<{ty}>");
    }
    match f.presence() {
        Presence::Required => ty,
        Presence::Nullable | Presence::Optional => format!("Option<{ty}>"),
        Presence::OptionalNullable => format!("Option<Option<{ty}>>"),
    }
}

fn structs(cx: &mut Cx, old: &TypeDef, new: &TypeDef, a: &Struct, b: &Struct) {
    let group = Group::Type(new.name.clone());
    let builds = cx.old_use.built_by_user(&old.name);
    let request = cx.in_request(&old.name, &new.name);
    let response = cx.in_response(&old.name, &new.name);
    let keeps_default = cx.has_default(&old.name, &new.name);
    let key = |f: &Field| if f.flatten { format!("flatten {}", f.rust_name) } else { f.json_name.clone() };
    for f in &a.fields {
        let Some(g) = b.fields.iter().find(|g| key(g) == key(f)) else {
            let wire = if request {
                Verdict::breaking("a client of the old spec sends a field the API no longer takes")
            } else if f.presence() == Presence::Required {
                Verdict::breaking("the old client requires a field the API no longer sends")
            } else {
                Verdict::additive("the old client reads its absence as `None`")
            };
            cx.push(
                group.clone(),
                format!("field {}", f.rust_name),
                K::FieldRemoved,
                format!("`{}.{}: {}` removed", new.name, f.rust_name, field_type(&cx.old.types, f)),
                Verdict::breaking("code reading or setting the field no longer compiles"),
                wire,
            );
            continue;
        };
        field_pair(cx, &group, &new.name, f, g, request, response);
    }
    for g in b.fields.iter().filter(|g| !a.fields.iter().any(|f| key(f) == key(g))) {
        let required = g.presence() == Presence::Required;
        let rust_verdict = if !builds {
            Verdict::additive("the struct is only decoded from answers; no user code builds it")
        } else if keeps_default && !required {
            Verdict::additive("the struct has `Default`: literals ending in `..Default::default()` still compile")
        } else if required {
            Verdict::breaking("a required field in a struct a user builds: every struct literal must now set it")
        } else {
            Verdict::breaking(
                "a field added to a struct a user builds, without `Default`: struct literals no longer compile",
            )
        };
        let wire = if request && required {
            Verdict::breaking("a client of the old spec does not send this required field")
        } else if request {
            Verdict::additive("optional in requests")
        } else {
            Verdict::additive("the old client ignores fields it does not know")
        };
        let note = new_type_note(cx, &g.ty);
        cx.push(
            group.clone(),
            format!("field {}", g.rust_name),
            K::FieldAdded,
            format!("`{}.{}: {}` added{note}", new.name, g.rust_name, field_type(&cx.new.types, g)),
            rust_verdict,
            wire,
        );
    }
    match (&a.additional, &b.additional) {
        (None, Some(t)) => cx.push(
            group.clone(),
            "field extra".into(),
            K::FieldAdded,
            format!(
                "`{}.extra: BTreeMap<String, {}>` added (properties beyond the named ones)",
                new.name,
                rust(&cx.new.types, t)
            ),
            if builds && !keeps_default {
                Verdict::breaking("a field added to a struct a user builds, without `Default`")
            } else {
                Verdict::additive("the struct is only decoded, or has `Default`")
            },
            Verdict::additive("more keys are accepted"),
        ),
        (Some(t), None) => cx.push(
            group.clone(),
            "field extra".into(),
            K::FieldRemoved,
            format!("`{}.extra: BTreeMap<String, {}>` removed", new.name, rust(&cx.old.types, t)),
            Verdict::breaking("code reading or setting `extra` no longer compiles"),
            if request {
                Verdict::breaking("extra keys the old client sends are no longer taken")
            } else {
                Verdict::additive("the old client keeps reading extra keys")
            },
        ),
        (Some(s), Some(t)) if !cx.map.same(s, t) => cx.push(
            group,
            "field extra".into(),
            K::FieldChanged,
            format!("`{}.extra` values: `{}` → `{}`", new.name, rust(&cx.old.types, s), rust(&cx.new.types, t)),
            Verdict::breaking("the field's type changes"),
            Verdict::breaking("extra values take another shape"),
        ),
        _ => {}
    }
}

fn field_pair(cx: &mut Cx, group: &Group, owner: &str, f: &Field, g: &Field, request: bool, response: bool) {
    let subject = format!("field {}", g.rust_name);
    if f.rust_name != g.rust_name {
        cx.push(
            group.clone(),
            subject.clone(),
            K::FieldRenamed,
            format!("`{owner}.{}` renamed to `{}` (JSON `{}`)", f.rust_name, g.rust_name, g.json_name),
            Verdict::breaking("code naming the old field no longer compiles"),
            Verdict::additive("the JSON key is the same"),
        );
    }
    let same_ty = cx.map.same(&f.ty, &g.ty);
    let (old_rust, new_rust) = (mapped_field_type(cx, f), field_type(&cx.new.types, g));
    if !same_ty || old_rust != new_rust {
        let wire = if same_ty {
            presence_wire(f.presence(), g.presence(), request, response)
        } else {
            retype_wire(cx, &f.ty, &g.ty, request, response)
        };
        let note = union_note(cx, &f.ty, &g.ty);
        let rust_verdict = if old_rust == new_rust {
            Verdict::additive("the Rust type is the same")
        } else {
            Verdict::breaking("the field's Rust type changes")
        };
        cx.push(
            group.clone(),
            subject.clone(),
            K::FieldChanged,
            format!("`{owner}.{}`: `{}` → `{new_rust}`{note}", g.rust_name, field_type(&cx.old.types, f)),
            rust_verdict,
            wire,
        );
    }
    if f.docs != g.docs {
        cx.doc(group.clone(), subject.clone(), docs_change(&f.docs, &g.docs));
    }
    if f.default != g.default {
        cx.doc(group.clone(), subject.clone(), "default value changed".into());
    }
    cx.bounds(group.clone(), format!("`{owner}.{}`", g.rust_name), &f.constraints, &g.constraints, request);
}

/// The old field's Rust type with old names replaced by their new matches,
/// so a renamed type alone does not count as a retyped field.
fn mapped_field_type(cx: &Cx, f: &Field) -> String {
    field_type_with(f, &|id| {
        let old = cx.old.types.name(id);
        cx.map.old_to_new.get(old).cloned().unwrap_or_else(|| old.to_string())
    })
}

fn enums(cx: &mut Cx, old: &TypeDef, new: &TypeDef, a: &StringEnum, b: &StringEnum) {
    let group = Group::Type(new.name.clone());
    let request = cx.in_request(&old.name, &new.name);
    // A one-value constant is `runtime::Constant`, not an enum: it has no variants to name.
    let change = match (a.single_value(), b.single_value()) {
        (None, None) => None,
        (Some(x), Some(y)) if x == y => return,
        (Some(x), Some(y)) => Some((
            format!("constant `{}` now `\"{y}\"` (was `\"{x}\"`)", new.name),
            Verdict::additive("the type is the same `runtime::Constant`; only its value changed"),
            match request {
                true => Verdict::breaking("the old client sends a value the API no longer takes"),
                false => Verdict::additive("the old client keeps the new value (`is_expected()` is false)"),
            },
        )),
        (Some(x), None) => Some((
            format!("`{}` is now an enum, not the constant `\"{x}\"` (`runtime::Constant`)", new.name),
            Verdict::breaking("`runtime::Constant` and an enum have different methods and no variants in common"),
            Verdict::additive("the old client keeps any value it reads"),
        )),
        (None, Some(y)) => Some((
            format!("`{}` is now the constant `\"{y}\"` (`runtime::Constant`), not an enum", new.name),
            Verdict::breaking("`runtime::Constant` and an enum have different methods and no variants in common"),
            match request {
                true => Verdict::breaking("the old client may send a value the API no longer takes"),
                false => Verdict::additive("the old client keeps any value it reads"),
            },
        )),
    };
    if let Some((detail, rust, wire)) = change {
        return cx.push(group, "the type".into(), K::TypeChanged, detail, rust, wire);
    }
    for v in &a.variants {
        match b.variants.iter().find(|w| w.value == v.value) {
            None => cx.push(
                group.clone(),
                format!("value {}", v.value),
                K::EnumValueRemoved,
                format!("`{}::{}` (`\"{}\"`) removed", new.name, v.rust_name, v.value),
                Verdict::breaking("code naming the variant no longer compiles"),
                if request {
                    Verdict::breaking("the old client may send a value the API no longer takes")
                } else {
                    Verdict::additive("the old client still reads every value the API sends")
                },
            ),
            Some(w) if w.rust_name != v.rust_name => cx.push(
                group.clone(),
                format!("value {}", v.value),
                K::VariantRenamed,
                format!("`{}::{}` renamed to `{}` (`\"{}\"`)", new.name, v.rust_name, w.rust_name, v.value),
                Verdict::breaking("code naming the old variant no longer compiles"),
                Verdict::additive("the value is the same"),
            ),
            Some(_) => {}
        }
    }
    for w in b.variants.iter().filter(|w| !a.variants.iter().any(|v| v.value == w.value)) {
        cx.push(
            group.clone(),
            format!("value {}", w.value),
            K::EnumValueAdded,
            format!("`{}::{}` (`\"{}\"`) added", new.name, w.rust_name, w.value),
            Verdict::additive(
                "the enum is open: the value was read as `Unknown(\"…\")` before (a `match` naming every variant without `_` needs a new arm)",
            ),
            Verdict::additive("the old client reads the new value as `Unknown`"),
        );
    }
    if a.constant != b.constant || a.open != b.open {
        cx.doc(group, "the type".into(), "constant or open-enum flag changed".into());
    }
}

fn unions(cx: &mut Cx, old: &TypeDef, new: &TypeDef, a: &Union, b: &Union) {
    let group = Group::Type(new.name.clone());
    let request = cx.in_request(&old.name, &new.name);
    let response = cx.in_response(&old.name, &new.name);
    let tagged = a.tag.is_some() && b.tag.is_some();
    if a.tag != b.tag {
        let rust_verdict = if a.tag.is_some() == b.tag.is_some() {
            Verdict::additive("the Rust variants are the same (compared below)")
        } else {
            Verdict::breaking("the enum gains or loses its `Unknown` variant")
        };
        cx.push(
            group.clone(),
            format!("type {}", new.name),
            K::TypeChanged,
            format!("`{}` tag: {:?} → {:?}", new.name, a.tag, b.tag),
            rust_verdict,
            Verdict::breaking("the union is told apart by another property"),
        );
    }
    let same = |v: &crate::ir::UnionVariant, w: &crate::ir::UnionVariant| match (&v.tag_value, &w.tag_value) {
        (Some(x), Some(y)) if tagged => x == y,
        _ => cx.map.same(&v.ty, &w.ty),
    };
    let matched: Vec<Option<usize>> = a.variants.iter().map(|v| b.variants.iter().position(|w| same(v, w))).collect();
    let added: Vec<&crate::ir::UnionVariant> =
        b.variants.iter().filter(|w| !a.variants.iter().any(|v| same(v, w))).collect();
    for (v, found) in a.variants.iter().zip(matched) {
        match found {
            None => cx.push(
                group.clone(),
                format!("variant {}", v.rust_name),
                K::VariantRemoved,
                format!("`{}::{}({})` removed", new.name, v.rust_name, rust(&cx.old.types, &v.ty)),
                Verdict::breaking("code naming the variant no longer compiles"),
                if request {
                    Verdict::breaking("the old client may send a variant the API no longer takes")
                } else {
                    Verdict::additive("the old client still reads every variant the API sends")
                },
            ),
            Some(i) => {
                let w = &b.variants[i];
                if w.rust_name != v.rust_name {
                    cx.push(
                        group.clone(),
                        format!("variant {}", w.rust_name),
                        K::VariantRenamed,
                        format!("`{}::{}` renamed to `{}`", new.name, v.rust_name, w.rust_name),
                        Verdict::breaking("code naming the old variant no longer compiles"),
                        Verdict::additive("the shape is the same"),
                    );
                }
                if !cx.map.same(&v.ty, &w.ty) || v.boxed != w.boxed {
                    let show = |v: &crate::ir::UnionVariant, types: &Types| {
                        if v.boxed {
                            format!("Box<{}>", rust(types, &v.ty))
                        } else {
                            rust(types, &v.ty)
                        }
                    };
                    let wire = if cx.map.same(&v.ty, &w.ty) {
                        Verdict::additive("boxing is not on the wire")
                    } else {
                        retype_wire(cx, &v.ty, &w.ty, request, response)
                    };
                    cx.push(
                        group.clone(),
                        format!("variant {}", w.rust_name),
                        K::VariantChanged,
                        format!(
                            "`{}::{}`: `{}` → `{}`",
                            new.name,
                            w.rust_name,
                            show(v, &cx.old.types),
                            show(w, &cx.new.types)
                        ),
                        Verdict::breaking("the variant holds another Rust type"),
                        wire,
                    );
                }
            }
        }
    }
    for w in added {
        let rust_verdict = if tagged {
            Verdict::additive("a tagged union is open: the variant was read as `Unknown` before")
        } else if !response {
            Verdict::additive("the union is only built by users: one more way to build it")
        } else {
            Verdict::breaking("a variant added to an enum the client decodes: exhaustive matches no longer compile")
        };
        let wire = if !response {
            Verdict::additive("only sent: the old client never reads it")
        } else if tagged {
            Verdict::additive("the old client reads it as `Unknown`")
        } else {
            Verdict::breaking("the answer may take a shape the old client cannot read")
        };
        let note = new_type_note(cx, &w.ty);
        cx.push(
            group.clone(),
            format!("variant {}", w.rust_name),
            K::VariantAdded,
            format!("`{}::{}({})` added{note}", new.name, w.rust_name, rust(&cx.new.types, &w.ty)),
            rust_verdict,
            wire,
        );
    }
}
