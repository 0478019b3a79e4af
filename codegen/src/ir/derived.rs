//! Facts about types that follow from the finished graph, decided once and
//! stored in the IR so that emit and `diff` only read them:
//! - `TypeDef::derives_default`: which types implement `Default` (a greatest
//!   fixpoint, so cycles broken by `Box`/`Option` do not block it);
//! - `Struct::page`: list answers of the `data` / `has_more` / `last_id` shape
//!   and their cursor (`runtime::Page`);
//! - `UnionVariant::keys`: the JSON keys an untagged union matches an object
//!   against, and `Union::filler`: the variant its `Filler` is built from
//!   (every struct is read into a value that starts as its filler).
//!
//! Runs after every other pass that changes types (`mark_explicit_nulls`
//! changes which fields are required).

use std::collections::{BTreeMap, BTreeSet};

use super::graph::{greatest_fixpoint, least_fixpoint_in_order, Types};
use super::model::*;

pub(super) fn derive(types: &mut Types) {
    let defaults = greatest_fixpoint(types, |def, has| {
        let ok = |ty: &Type| match ty {
            Type::Named(n) => has(*n),
            _ => true,
        };
        match &def.kind {
            TypeKind::Struct(s) => s.fields.iter().filter(|f| f.required && !f.nullable).all(|f| ok(&f.ty)),
            TypeKind::Enum(e) => e.constant,
            TypeKind::Alias(ty) => ok(ty),
            TypeKind::Union(_) => false,
        }
    });
    let pages: Vec<(TypeId, Page)> = types
        .iter()
        .filter_map(|(id, def)| match &def.kind {
            TypeKind::Struct(s) => Some((id, page(s, types)?)),
            _ => None,
        })
        .collect();
    let order = filler_order(types);
    let unions: Vec<(TypeId, Vec<Option<VariantKeys>>, Option<String>)> = types
        .iter()
        .filter_map(|(id, def)| match &def.kind {
            TypeKind::Union(u) if u.tag.is_none() => {
                let keys = u.variants.iter().map(|v| keys(types, &v.ty)).collect();
                Some((id, keys, filler(id, u, types, &order)))
            }
            _ => None,
        })
        .collect();
    for (id, def) in types.iter_mut() {
        def.derives_default = defaults.contains(&id);
    }
    for (id, page) in pages {
        if let TypeKind::Struct(s) = &mut types.get_mut(id).expect("a defined id").kind {
            s.page = Some(page);
        }
    }
    for (id, keys, filler) in unions {
        if let TypeKind::Union(u) = &mut types.get_mut(id).expect("a defined id").kind {
            for (v, keys) in u.variants.iter_mut().zip(keys) {
                v.keys = keys;
            }
            u.filler = filler;
        }
    }
}

/// A list answer: a required `data` list and a boolean `has_more`; the
/// cursor is `last_id` when it is a string, else the last item's required `id`.
fn page(s: &Struct, types: &Types) -> Option<Page> {
    let find = |n: &str| s.fields.iter().find(|f| f.json_name == n);
    let data = find("data").filter(|f| f.required)?;
    let Type::Array(item) = &data.ty else { return None };
    let has_more = find("has_more").filter(|f| matches!(f.ty, Type::Boolean))?;
    let cursor = match find("last_id").filter(|f| matches!(f.ty, Type::String)) {
        Some(f) => Cursor::LastId { field: f.rust_name.clone(), always: f.required && !f.nullable },
        None => {
            let Type::Named(item_id) = &**item else { return None };
            let TypeKind::Struct(item_struct) = &types.get(*item_id)?.kind else { return None };
            let id = item_struct
                .fields
                .iter()
                .find(|f| f.json_name == "id" && f.required && !f.nullable && f.ty == Type::String)?;
            Cursor::ItemId { field: id.rust_name.clone() }
        }
    };
    Some(Page {
        data: data.rust_name.clone(),
        item: (**item).clone(),
        has_more: has_more.rust_name.clone(),
        has_more_always: has_more.required && !has_more.nullable,
        cursor,
    })
}

/// The keys of a variant that is a struct of named fields only (through
/// aliases): fields beyond the named ones (a map, a flattened member) make
/// any key known, so such a struct has no keys to match on.
fn keys(types: &Types, ty: &Type) -> Option<VariantKeys> {
    let s = struct_of(types, ty).filter(|s| s.named_only())?;
    Some(VariantKeys {
        fields: s.fields.iter().map(|f| f.json_name.clone()).collect(),
        required: s.fields.iter().filter(|f| f.presence() == Presence::Required).map(|f| f.json_name.clone()).collect(),
    })
}

/// The filler of an untagged union: its first variant whose filler ends
/// before the union's own is needed (see [`filler_order`]) and that is not a
/// struct, else its first such variant, else its first. A tagged union's
/// filler is always its `Unknown`.
fn filler(id: TypeId, u: &Union, types: &Types, order: &BTreeMap<TypeId, usize>) -> Option<String> {
    let own = order.get(&id).copied().unwrap_or(usize::MAX);
    let earlier = |v: &&UnionVariant| filler_rank(&v.ty, order).is_some_and(|rank| rank < own);
    let chosen = (u.variants.iter())
        .filter(earlier)
        .find(|v| struct_of(types, &v.ty).is_none())
        .or_else(|| u.variants.iter().find(earlier))
        .or(u.variants.first());
    chosen.map(|v| v.rust_name.clone())
}

/// The order in which the types' `Filler`s are known to end (a least
/// fixpoint): an enum or a tagged union (`Unknown`) at once, a struct once
/// the fillers of its required fields do, an untagged union once one of its
/// variants' does. A union's filler is taken from a variant ranked before
/// it, so no filler calls itself (a union whose first variant requires the
/// union would recurse forever).
fn filler_order(types: &Types) -> BTreeMap<TypeId, usize> {
    let (order, _) = least_fixpoint_in_order(types, BTreeSet::new(), |def, ends| {
        let ends = |ty: &Type| match ty {
            Type::Named(id) => ends.contains(id),
            _ => true,
        };
        match &def.kind {
            TypeKind::Struct(s) => s.fields.iter().filter(|f| f.presence() == Presence::Required).all(|f| ends(&f.ty)),
            TypeKind::Enum(_) => true,
            TypeKind::Alias(ty) => ends(ty),
            TypeKind::Union(u) => u.tag.is_some() || u.variants.iter().any(|v| ends(&v.ty)),
        }
    });
    order.into_iter().zip(1..).collect()
}

/// When a type's filler is known to end: a named type's rank in `order`
/// (from 1); every other type's filler is a plain value (empty list or map,
/// `None`, zero, `""`), rank 0.
fn filler_rank(ty: &Type, order: &BTreeMap<TypeId, usize>) -> Option<usize> {
    match ty {
        Type::Named(id) => order.get(id).copied(),
        _ => Some(0),
    }
}
