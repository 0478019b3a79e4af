//! How request values are written by hand: which types get `new(required…)`,
//! setters, `From` conversions and role constructors. Decided here, once, by
//! general rules over the types; the emitter only prints these records.
//!
//! Rules, for every type a request can hold (reachable from a request body or
//! a parameter struct):
//! - a struct gets `new` taking its required fields, except those whose type is
//!   a constant (filled with the spec's value) or nullable (start as `null`);
//!   every other field gets a setter named after it taking `impl Into<T>`; an
//!   optional field that may be `null` also gets `<field>_null()`;
//! - a field holding a free-form JSON object (`{string: json}`) takes any
//!   `serde_json::Value` object (`runtime::IntoJsonObject`);
//! - a union gets `From<&str>`/`From<String>` when exactly one variant is a
//!   string, an open enum or a union that takes a string, and `From<T>` for every
//!   other variant type no other variant shares;
//! - a union with exactly one list-of-strings variant also takes `[&str; N]`
//!   and `Vec<&str>`;
//! - a tagged union of structs gets one constructor per tag value (`user`,
//!   `system`, …) taking that struct's `new` arguments, or, when it has none,
//!   its first optional field that takes a string.

use std::collections::{BTreeMap, BTreeSet};

use super::graph::{least_fixpoint, reachable, through_aliases as resolve, Types};
use super::model::*;
use super::names::{method_ident, reserved, snake_ident, Scope};

pub(super) fn decide(types: &Types, operations: &[Operation]) -> BTreeMap<TypeId, Conveniences> {
    let reachable = request_types(types, operations);
    let takes_string = string_takers(types);
    let mut out = BTreeMap::new();
    for &id in &reachable {
        let def = &types[id];
        let conv = match &def.kind {
            TypeKind::Struct(s) => struct_conveniences(s, types, &takes_string),
            TypeKind::Union(u) => union_conveniences(u, types, &takes_string),
            _ => continue,
        };
        out.insert(id, conv);
    }
    // Conversions through a nested union need its own, decided above.
    for &id in &reachable {
        let TypeKind::Union(u) = &types[id].kind else { continue };
        let nested = nested_froms(u, types, &out);
        if let Some(conv) = out.get_mut(&id) {
            conv.from_nested = nested;
        }
    }
    // Role constructors need the variant structs' constructors, decided above.
    for &id in &reachable {
        let TypeKind::Union(u) = &types[id].kind else { continue };
        let roles = role_constructors(u, types, &out);
        if let Some(conv) = out.get_mut(&id) {
            conv.roles = roles;
        }
    }
    out
}

/// Names of every type a request body or parameter struct can hold.
fn request_types(types: &Types, operations: &[Operation]) -> BTreeSet<TypeId> {
    let structs: Vec<Type> =
        operations.iter().flat_map(|op| op.query_type.iter().chain(&op.header_type)).map(|&n| Type::Named(n)).collect();
    let bodies = operations.iter().flat_map(|op| op.body.iter().flat_map(|b| b.contents.iter().map(|(_, _, ty)| ty)));
    reachable(types, structs.iter().chain(bodies)).into_iter().filter(|&n| types.get(n).is_some()).collect()
}

/// Types a `&str` converts into: strings, every enum (`From<&str>`), and unions
/// with exactly one such variant that is a plain string or an open enum. A fixpoint.
fn string_takers(types: &Types) -> BTreeSet<TypeId> {
    let enums = types.iter().filter(|(_, d)| matches!(d.kind, TypeKind::Enum(_))).map(|(n, _)| n).collect();
    // In name order, each decision seeing the ones before it: "exactly one
    // variant" is not monotone, so the order is part of the rule.
    least_fixpoint(types, enums, |def, takers| match &def.kind {
        TypeKind::Alias(ty) => accepts_string(types, takers, ty),
        TypeKind::Union(u) => string_variant(u, types, takers).is_some(),
        _ => false,
    })
}

fn accepts_string(types: &Types, takers: &BTreeSet<TypeId>, ty: &Type) -> bool {
    match resolve(types, ty) {
        Type::String => true,
        Type::Named(n) => takers.contains(n),
        _ => false,
    }
}

/// The one variant a string means: a plain string or an open enum, else the
/// only variant that takes a string at all.
fn string_variant(u: &Union, types: &Types, takers: &BTreeSet<TypeId>) -> Option<usize> {
    let open = |ty: &Type| match resolve(types, ty) {
        Type::String => true,
        Type::Named(n) => match types.get(*n).map(|d| &d.kind) {
            Some(TypeKind::Enum(e)) => e.open,
            Some(TypeKind::Union(_)) => takers.contains(n),
            _ => false,
        },
        _ => false,
    };
    let open_ones: Vec<usize> = (0..u.variants.len()).filter(|&i| open(&u.variants[i].ty)).collect();
    if open_ones.len() == 1 {
        return Some(open_ones[0]);
    }
    if !open_ones.is_empty() {
        return None;
    }
    let any: Vec<usize> = (0..u.variants.len()).filter(|&i| accepts_string(types, takers, &u.variants[i].ty)).collect();
    (any.len() == 1).then(|| any[0])
}

/// How an argument becomes the field's value.
fn arg_kind(types: &Types, ty: &Type) -> ArgKind {
    match resolve(types, ty) {
        Type::Map(value) if **value == Type::Json => ArgKind::JsonObject,
        _ => ArgKind::Into,
    }
}

fn is_constant(types: &Types, ty: &Type) -> bool {
    match resolve(types, ty) {
        Type::Named(n) => matches!(types.get(*n).map(|d| &d.kind), Some(TypeKind::Enum(e)) if e.constant),
        _ => false,
    }
}

fn struct_conveniences(s: &Struct, types: &Types, takes_string: &BTreeSet<TypeId>) -> Conveniences {
    let mut scope = Scope::with_reserved(reserved::STRUCT_METHODS);
    let mut params = Vec::new();
    let mut setters = Vec::new();
    for f in &s.fields {
        let kind = arg_kind(types, &f.ty);
        let takes_str = accepts_string(types, takes_string, &f.ty);
        match f.presence() {
            Presence::Required if is_constant(types, &f.ty) => {}
            Presence::Required => params.push(Arg { field: f.rust_name.clone(), kind }),
            presence => {
                let method = scope.claim(&method_ident(&f.rust_name, reserved::SETTER_TRAIT_METHODS, &[]));
                let null_method = (presence == Presence::OptionalNullable)
                    .then(|| scope.claim(&snake_ident(&format!("{}_null", f.rust_name.trim_start_matches("r#")))));
                let convention_prefix = ["is_", "as_", "to_", "into_", "from_"].iter().any(|p| method.starts_with(p));
                setters.push(Setter {
                    field: f.rust_name.clone(),
                    method,
                    null_method,
                    kind,
                    takes_string: takes_str,
                    convention_prefix,
                });
            }
        }
    }
    let rank = |arg: &Arg| {
        let json = &s.fields.iter().find(|f| f.rust_name == arg.field).map(|f| &f.json_name);
        s.required_order.iter().position(|n| Some(n) == json.as_ref().copied()).unwrap_or(usize::MAX)
    };
    params.sort_by_key(rank);
    Conveniences { constructor: Some(Constructor { method: "new".into(), params }), setters, ..Default::default() }
}

fn union_conveniences(u: &Union, types: &Types, takes_string: &BTreeSet<TypeId>) -> Conveniences {
    let string_at = string_variant(u, types, takes_string);
    let from_string = string_at.map(|i| u.variants[i].rust_name.clone());
    let from_string_exact = string_at.is_some_and(|i| *resolve(types, &u.variants[i].ty) == Type::String);
    let canonical: Vec<&Type> = u.variants.iter().map(|v| resolve(types, &v.ty)).collect();
    let from_variants = u
        .variants
        .iter()
        .enumerate()
        .filter(|(i, _)| canonical.iter().filter(|t| **t == canonical[*i]).count() == 1)
        // `From<String>` is already the string's; a string alias would repeat it.
        .filter(|(i, _)| !(from_string.is_some() && *canonical[*i] == Type::String))
        .filter(|(_, v)| !matches!(v.ty, Type::Nullable(_)))
        .map(|(_, v)| v.rust_name.clone())
        .collect();
    let string_list = Type::Array(Box::new(Type::String));
    let lists: Vec<usize> = (0..u.variants.len()).filter(|&i| *canonical[i] == string_list).collect();
    let from_str_list = (lists.len() == 1).then(|| u.variants[lists[0]].rust_name.clone());
    Conveniences { from_string, from_string_exact, from_str_list, from_variants, ..Default::default() }
}

/// `From<T>` through a variant that is a union with `From<T>` itself: the
/// types no variant of `u` holds, each reached through one variant only.
fn nested_froms(u: &Union, types: &Types, decided: &BTreeMap<TypeId, Conveniences>) -> Vec<(String, Type)> {
    let direct: Vec<&Type> = u.variants.iter().map(|v| resolve(types, &v.ty)).collect();
    let mut found: BTreeMap<TypeId, Vec<&str>> = BTreeMap::new();
    for v in &u.variants {
        let Type::Named(inner) = resolve(types, &v.ty) else { continue };
        let (Some(TypeKind::Union(w)), Some(conv)) = (types.get(*inner).map(|d| &d.kind), decided.get(inner)) else {
            continue;
        };
        for x in w.variants.iter().filter(|x| conv.from_variants.contains(&x.rust_name)) {
            // Only named types: a string or list would clash with the union's own `From<&str>`-like impls.
            if let Type::Named(x_id) = x.ty {
                if !direct.contains(&resolve(types, &x.ty)) {
                    found.entry(x_id).or_default().push(&v.rust_name);
                }
            }
        }
    }
    found.into_iter().filter(|(_, via)| via.len() == 1).map(|(id, via)| (via[0].to_string(), Type::Named(id))).collect()
}

fn role_constructors(u: &Union, types: &Types, decided: &BTreeMap<TypeId, Conveniences>) -> Vec<RoleConstructor> {
    if u.tag.is_none() {
        return Vec::new();
    }
    let mut scope = Scope::default();
    let mut out = Vec::new();
    for v in &u.variants {
        let (Some(tag), Type::Named(struct_id)) = (&v.tag_value, resolve(types, &v.ty)) else { continue };
        let Some(conv) = decided.get(struct_id) else { continue };
        let Some(ctor) = &conv.constructor else { continue };
        let method = method_ident(&snake_ident(tag), reserved::ROLE_TRAIT_METHODS, &[]);
        if method.starts_with("r#") || scope.is_taken(&method) {
            continue;
        }
        // A deprecated field is no text to build a value around: its setter warns.
        let deprecated = |field: &str| match types.get(*struct_id).map(|def| &def.kind) {
            Some(TypeKind::Struct(s)) => s.fields.iter().any(|f| f.rust_name == field && f.docs.deprecated),
            _ => false,
        };
        let text_setter = if ctor.params.is_empty() {
            match conv.setters.iter().find(|s| s.takes_string && !deprecated(&s.field)) {
                Some(s) => Some(s.method.clone()),
                None => continue,
            }
        } else {
            None
        };
        out.push(RoleConstructor {
            method: scope.claim(&method),
            variant: v.rust_name.clone(),
            struct_name: *struct_id,
            text_setter,
        });
    }
    out
}
