//! How a changed value fares on the wire: a client built from the old spec
//! against a server of the new one.

use super::matching::rust;
use super::report::Verdict;
use super::Cx;
use crate::ir::{Presence, Type, TypeKind, Union};

/// How a change of presence (required, nullable) fares for what the old client sends and reads.
pub fn presence_wire(old: Presence, new: Presence, request: bool, response: bool) -> Verdict {
    let was_required = matches!(old, Presence::Required | Presence::Nullable);
    let is_required = matches!(new, Presence::Required | Presence::Nullable);
    let was_null = matches!(old, Presence::Nullable | Presence::OptionalNullable) || !was_required;
    let is_null = matches!(new, Presence::Nullable | Presence::OptionalNullable) || !is_required;
    if request && is_required && !was_required {
        Verdict::breaking("now required: the old client may leave it out")
    } else if response && ((was_required && !is_required) || (!was_null && is_null)) {
        Verdict::breaking("the answer may now lack it or hold `null`, which the old client rejects")
    } else {
        Verdict::additive("what the old client sends and reads is still valid")
    }
}

/// The union `ty` names, through aliases.
fn union_of<'a>(api: &'a crate::ir::Api, ty: &Type) -> Option<&'a Union> {
    let Type::Named(n) = ty else { return None };
    match &api.types.get(*n)?.kind {
        TypeKind::Union(u) => Some(u),
        TypeKind::Alias(t) => union_of(api, t),
        _ => None,
    }
}

/// `Some(true)` for a free string, `Some(false)` for a string enum (through aliases).
fn string_like(api: &crate::ir::Api, ty: &Type) -> Option<bool> {
    match ty {
        Type::String => Some(true),
        Type::Named(n) => match &api.types.get(*n)?.kind {
            TypeKind::Enum(e) => Some(e.open),
            TypeKind::Alias(t) => string_like(api, t),
            _ => None,
        },
        _ => None,
    }
}

/// How a retyped value fares on the wire; a union narrowed to one of its
/// variants, or widened from one, is told apart from any other change.
pub fn retype_wire(cx: &Cx, old: &Type, new: &Type, request: bool, response: bool) -> Verdict {
    let (was_string, is_string) = (string_like(cx.old, old), string_like(cx.new, new));
    if was_string.is_some() && is_string.is_some() {
        // A free string became an enum, or the reverse: strings on the wire either way.
        return match (was_string, is_string) {
            (Some(true), Some(false)) if request => {
                Verdict::breaking("the API now takes only listed values; the old client may send others")
            }
            _ => Verdict::additive("strings on the wire either way; the old client reads any (enums are open)"),
        };
    }
    let narrowed = union_of(cx.old, old).is_some_and(|u| u.variants.iter().any(|v| cx.map.same(&v.ty, new)));
    let widened = union_of(cx.new, new).is_some_and(|u| u.variants.iter().any(|v| cx.map.same(old, &v.ty)));
    match (narrowed, widened) {
        (true, _) if request => Verdict::breaking("the old client may send a variant the API no longer takes"),
        (true, _) => Verdict::additive("the answer's shapes are among those the old client reads"),
        (_, true) if response => Verdict::breaking("the answer may take a shape the old client cannot read"),
        (_, true) => Verdict::additive("what the old client sends is still one of the accepted shapes"),
        _ if request && response => Verdict::breaking("requests and answers take another shape"),
        _ if request => Verdict::breaking("the request takes another shape"),
        _ => Verdict::breaking("the answer takes another shape"),
    }
}

/// ` (union `X` lost `String`)` when a union became one of its variants.
pub fn union_note(cx: &Cx, old: &Type, new: &Type) -> String {
    let Some(u) = union_of(cx.old, old) else { return String::new() };
    if !u.variants.iter().any(|v| cx.map.same(&v.ty, new)) {
        return String::new();
    }
    let lost: Vec<String> =
        u.variants.iter().filter(|v| !cx.map.same(&v.ty, new)).map(|v| format!("`{}`", v.rust_name)).collect();
    format!(" (the union `{}` lost {}; the remaining variant is the type)", rust(&cx.old.types, old), lost.join(", "))
}
