//! Facts about types that follow from the finished graph, decided once and
//! stored in the IR so that emit and `diff` only read them:
//! - `TypeDef::derives_default`: which types implement `Default` (a greatest
//!   fixpoint, so cycles broken by `Box`/`Option` do not block it);
//! - `Struct::page`: list answers of the `data` / `has_more` / `last_id` shape
//!   and their cursor (`runtime::Page`);
//! - `UnionVariant::keys`: the JSON keys an untagged union matches an object
//!   against, and `Union::filler`: the variant a tolerant read falls back to.
//!
//! Runs after every other pass that changes types (`mark_explicit_nulls`
//! changes which fields are required, `decoded` which unions need a filler).

use super::graph::{greatest_fixpoint, Types};
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
    let unions: Vec<(TypeId, Vec<Option<VariantKeys>>, Option<String>)> = types
        .iter()
        .filter_map(|(id, def)| match &def.kind {
            TypeKind::Union(u) if u.tag.is_none() => {
                let keys = u.variants.iter().map(|v| keys(types, &v.ty)).collect();
                Some((id, keys, filler(def, u, types)))
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

/// The filler of a decoded union: its first variant that is not a struct (so
/// no cycle of fillers), else its first. Only a decoded union needs one; its
/// variants are decoded too, so they have fillers.
fn filler(def: &TypeDef, u: &Union, types: &Types) -> Option<String> {
    let first = u.variants.iter().find(|v| struct_of(types, &v.ty).is_none()).or(u.variants.first());
    first.filter(|_| def.decoded).map(|v| v.rust_name.clone())
}
