//! Whole-IR passes run after every type exists: union tags, untagged order, and `Box` for recursive types.

use std::collections::HashMap;

use super::graph::{reachable, refs, Graph, Place, Types};

use super::model::*;

/// The single constant value of a required field typed as a one-value enum.
fn const_value<'t>(types: &'t Types, struct_id: TypeId, field: &str) -> Option<&'t str> {
    let TypeKind::Struct(s) = &types.get(struct_id)?.kind else { return None };
    let f = s.fields.iter().find(|f| f.json_name == field && f.required)?;
    let Type::Named(enum_id) = &f.ty else { return None };
    match &types.get(*enum_id)?.kind {
        TypeKind::Enum(e) if e.variants.len() == 1 => Some(&e.variants[0].value),
        _ => None,
    }
}

fn named(variants: &[UnionVariant]) -> Option<Vec<TypeId>> {
    variants.iter().map(|v| if let Type::Named(n) = &v.ty { Some(*n) } else { None }).collect()
}

/// The property whose value tells the variants apart, with one value per
/// variant, and whether some value is only a schema's name (the property is
/// not constant per variant).
fn find_tag(types: &Types, union: &Union) -> Option<(String, Vec<String>, bool)> {
    let names = named(&union.variants)?;
    let candidates: Vec<String> = match &union.discriminator {
        Some(d) => vec![d.property.clone()],
        None => {
            let TypeKind::Struct(first) = &types.get(names[0])?.kind else { return None };
            first.fields.iter().filter(|f| f.required).map(|f| f.json_name.clone()).collect()
        }
    };
    candidates.into_iter().find_map(|prop| {
        let mut by_name = false;
        let values: Vec<String> = names
            .iter()
            .map(|&n| {
                // The spec's `mapping`, else the property's constant, else the schema's name.
                let discriminator = union.discriminator.as_ref();
                let value_in = |pairs: &[(TypeId, String)]| pairs.iter().find(|(t, _)| *t == n).map(|(_, v)| v.clone());
                let mapped = discriminator.and_then(|d| value_in(&d.mapping));
                mapped.or_else(|| const_value(types, n, &prop).map(String::from)).or_else(|| {
                    by_name = true;
                    discriminator.and_then(|d| value_in(&d.by_name))
                })
            })
            .collect::<Option<_>>()?;
        let mut unique = values.clone();
        unique.sort();
        unique.dedup();
        (unique.len() == values.len()).then_some((prop, values, by_name))
    })
}

fn is_string_like(types: &Types, ty: &Type) -> bool {
    match ty {
        Type::String => true,
        Type::Named(n) => matches!(types.get(*n).map(|t| &t.kind), Some(TypeKind::Enum(_))),
        _ => false,
    }
}

/// A value written as one string: a string, number, boolean or string enum.
fn is_scalar(types: &Types, ty: &Type) -> bool {
    match ty {
        Type::String | Type::Integer(_) | Type::Number | Type::Boolean => true,
        Type::Named(n) => match types.get(*n).map(|t| &t.kind) {
            Some(TypeKind::Enum(_)) => true,
            Some(TypeKind::Alias(inner)) => !matches!(inner, Type::Named(_)) && is_scalar(types, inner),
            _ => false,
        },
        _ => false,
    }
}

/// Rank for untagged unions: the most demanding shapes are tried first.
fn specificity(types: &Types, ty: &Type) -> (u8, usize) {
    match ty {
        Type::Named(n) => match types.get(*n).map(|t| &t.kind) {
            Some(TypeKind::Struct(s)) => (0, usize::MAX - s.fields.iter().filter(|f| f.required).count()),
            Some(TypeKind::Union(_)) => (1, 0),
            Some(TypeKind::Enum(_)) => (6, 0),
            Some(TypeKind::Alias(inner)) => specificity(types, inner),
            None => (9, 0),
        },
        Type::Nullable(inner) => specificity(types, inner),
        Type::Array(_) => (2, 0),
        Type::Map(_) => (3, 0),
        Type::Integer(_) => (4, 0),
        Type::Number => (5, 0),
        Type::Boolean => (5, 1),
        Type::String | Type::Binary => (7, 0),
        Type::Json => (8, 0),
    }
}

/// Drops each union variant that is the union itself (through aliases, or
/// `null` besides): it adds no value the others do not take, and decoding
/// it would try the union again, without end, on an input no other variant
/// takes. Returns the unions dropped that way, each with whether no variant
/// is left (a schema that only names itself, an error for the caller).
pub(super) fn drop_self_variants(types: &mut Types) -> Vec<(TypeId, bool)> {
    let mut dropped = Vec::new();
    for id in types.ids() {
        let TypeKind::Union(union) = &types[id].kind else { continue };
        let is_self = |ty: &Type| {
            let inner = match ty {
                Type::Nullable(inner) => inner,
                other => other,
            };
            *super::graph::through_aliases(types, inner) == Type::Named(id)
        };
        let keep: Vec<bool> = union.variants.iter().map(|v| !is_self(&v.ty)).collect();
        if keep.iter().all(|&k| k) {
            continue;
        }
        let TypeKind::Union(union) = &mut types.get_mut(id).expect("a defined id").kind else { continue };
        let mut keep = keep.into_iter();
        union.variants.retain(|_| keep.next().unwrap_or(true));
        dropped.push((id, union.variants.is_empty()));
    }
    dropped
}

pub(super) fn unions(types: &mut Types) {
    for id in types.ids() {
        let TypeKind::Union(union) = &types[id].kind else { continue };
        // A string enum beside a free string: the open enum already keeps any string.
        let string_enums: Vec<&Type> =
            union.variants.iter().map(|v| &v.ty).filter(|t| matches!(t, Type::Named(_))).collect();
        if union.variants.iter().all(|v| is_string_like(types, &v.ty)) && string_enums.len() == 1 {
            let target = string_enums[0].clone();
            types.get_mut(id).expect("a defined id").kind = TypeKind::Alias(target);
            continue;
        }
        // A tag some variants do not hold as a constant (their schemas share an
        // enum property): the union stays untagged, with exactly the spec's
        // variants, and the tag's value picks which is tried first.
        let (tag, dispatch) = match find_tag(types, union) {
            Some((prop, values, true)) => (None, Some((prop, values))),
            found => (found.map(|(prop, values, _)| (prop, values)), None),
        };
        let mut order: Vec<usize> = (0..union.variants.len()).collect();
        if tag.is_none() {
            // Among equals, a string of a given format before any string.
            order.sort_by_key(|&i| (specificity(types, &union.variants[i].ty), union.variants[i].format.is_none()));
        }
        let display = union.variants.iter().all(|v| is_scalar(types, &v.ty));
        // A struct variant that does not declare the tag has it added when written.
        let adds_tag: Vec<bool> = union
            .variants
            .iter()
            .map(|v| match (&tag, struct_of(types, &v.ty)) {
                (Some((prop, _)), Some(s)) => !s.fields.iter().any(|f| f.json_name == *prop),
                _ => false,
            })
            .collect();
        let TypeKind::Union(union) = &mut types.get_mut(id).expect("a defined id").kind else { continue };
        union.display = display;
        // Named by `naming::name_members`: after the tag value, else the type.
        let mut variants: Vec<UnionVariant> = order.iter().map(|&i| union.variants[i].clone()).collect();
        for (i, v) in variants.iter_mut().enumerate() {
            v.tag_value = tag.as_ref().or(dispatch.as_ref()).map(|(_, values)| values[order[i]].clone());
            v.adds_tag = adds_tag[order[i]];
            // The mapping's other keys for the same schema select it too.
            if let (Some(_), Some(d), Type::Named(n)) = (&tag, &union.discriminator, &v.ty) {
                let first = v.tag_value.clone();
                v.tag_aliases = d
                    .mapping
                    .iter()
                    .filter(|(t, value)| t == n && Some(value) != first.as_ref())
                    .map(|(_, value)| value.clone())
                    .collect();
            }
        }
        union.variants = variants;
        union.tag = tag.map(|(prop, _)| prop);
        union.dispatch = dispatch.map(|(prop, _)| prop);
    }
}

/// Upper bound of each type's size in bytes, for keeping unions compact.
/// Computed bottom-up over what each type holds inline: after
/// `box_recursion` that graph has no cycle but through boxed places, which
/// count as a pointer; so every other type held is sized before its holder.
fn size_bounds(types: &Types) -> HashMap<TypeId, usize> {
    let graph = Graph::new(types, |_| true, |r| r.target().filter(|&(_, behind_pointer)| !behind_pointer));
    let component = graph.components();
    // Components are numbered sinks first: what a type holds comes before it.
    let mut order: Vec<usize> = (0..graph.ids.len()).collect();
    order.sort_by_key(|&i| component[i]);
    let mut sizes = HashMap::with_capacity(order.len());
    for i in order {
        let id = graph.ids[i];
        let held = |ty: &Type| inline_size(ty, &sizes);
        let size = match &types[id].kind {
            TypeKind::Struct(s) => {
                let fields: usize = s.fields.iter().map(|f| if f.boxed { 8 } else { held(&f.ty) + 8 }).sum();
                fields + if s.additional.is_some() { 24 } else { 0 }
            }
            TypeKind::Enum(_) => 32,
            TypeKind::Union(u) => {
                8 + u.variants.iter().map(|v| if v.boxed { 8 } else { held(&v.ty) }).max().unwrap_or(0).max(80)
            }
            TypeKind::Alias(t) => held(t),
        };
        sizes.insert(id, size);
    }
    sizes
}

/// The size of a value of `ty` held inline, given the sizes of the named
/// types decided so far (a type not sized yet is behind a pointer: 8).
fn inline_size(ty: &Type, sizes: &HashMap<TypeId, usize>) -> usize {
    match ty {
        Type::Boolean => 1,
        Type::Integer(_) | Type::Number => 8,
        Type::String | Type::Array(_) | Type::Map(_) => 24,
        Type::Nullable(inner) => inline_size(inner, sizes) + 8,
        // `serde_json::Value` with `preserve_order`; a file upload's name, bytes and type.
        Type::Json | Type::Binary => 80,
        Type::Named(id) => sizes.get(id).copied().unwrap_or(8),
    }
}

/// Boxes union variants bigger than `LIMIT`, so that no variant dwarfs the
/// others (clippy's `large_enum_variant`) and unions stay cheap to move.
pub(super) fn box_large_variants(types: &mut Types) {
    const LIMIT: usize = 192;
    let sizes = size_bounds(types);
    let mut large = Vec::new();
    for (id, def) in types.iter() {
        if let TypeKind::Union(u) = &def.kind {
            for (i, v) in u.variants.iter().enumerate() {
                if !v.boxed && inline_size(&v.ty, &sizes) > LIMIT {
                    large.push((id, i));
                }
            }
        }
    }
    for (id, i) in large {
        if let Some(TypeKind::Union(u)) = types.get_mut(id).map(|d| &mut d.kind) {
            u.variants[i].boxed = true;
        }
    }
}

/// Marks the fields and variants that close a cycle of direct containment, to be boxed.
pub(super) fn box_recursion(types: &mut Types) {
    let graph = Graph::new(types, |_| true, |r| r.direct().map(|n| (n, false)));
    let component = graph.components();
    // An edge closes a cycle when both ends share a component (a self-edge too).
    let boxed: Vec<(TypeId, Vec<Place>)> = graph
        .ids
        .iter()
        .enumerate()
        .filter_map(|(i, &id)| {
            let places: Vec<Place> = refs(&types[id])
                .iter()
                .filter(|r| {
                    r.direct().and_then(|to| graph.index.get(&to)).is_some_and(|&j| component[j] == component[i])
                })
                .map(|r| r.place)
                .collect();
            (!places.is_empty()).then_some((id, places))
        })
        .collect();
    for (id, places) in boxed {
        match &mut types.get_mut(id).expect("a defined id").kind {
            TypeKind::Struct(s) => places.iter().for_each(|p| {
                if let Place::Field(i) = *p {
                    s.fields[i].boxed = true
                }
            }),
            TypeKind::Union(u) => places.iter().for_each(|p| {
                if let Place::Variant(i) = *p {
                    u.variants[i].boxed = true
                }
            }),
            _ => {}
        }
    }
}

/// Most types held inline one in the next before one is boxed.
const MAX_INLINE_DEPTH: usize = 32;

/// Boxes the field or variant where a chain of types held inline, one in the
/// next, would pass [`MAX_INLINE_DEPTH`]: rustc computes a type's layout
/// through all it holds inline, in every crate that uses the type, and stops
/// at its recursion limit (at 128, a chain of about 70 structs). Runs after
/// `box_recursion`, so what is held inline has no cycle.
pub(super) fn box_deep_chains(types: &mut Types) {
    let inline = |ty: &Type| match ty {
        Type::Named(id) => Some(*id),
        Type::Nullable(inner) => match &**inner {
            Type::Named(id) => Some(*id),
            _ => None,
        },
        _ => None,
    };
    let graph = Graph::new(
        types,
        |_| true,
        |r| (r.place != Place::Additional).then(|| inline(r.ty)).flatten().map(|n| (n, false)),
    );
    let component = graph.components();
    let mut order: Vec<usize> = (0..graph.ids.len()).collect();
    // Sinks first: what a type holds is measured before it.
    order.sort_by_key(|&i| component[i]);
    let mut depth = vec![1usize; graph.ids.len()];
    let mut boxed: Vec<(TypeId, Place)> = Vec::new();
    for i in order {
        let id = graph.ids[i];
        let mut deepest = 0;
        for r in refs(&types[id]) {
            let held = match (r.place, &types[id].kind) {
                (Place::Field(f), TypeKind::Struct(s)) => !s.fields[f].boxed,
                (Place::Variant(v), TypeKind::Union(u)) => !u.variants[v].boxed,
                (Place::Alias, _) => true,
                _ => false,
            };
            let Some(&j) = inline(r.ty).filter(|_| held).and_then(|to| graph.index.get(&to)) else { continue };
            if component[j] == component[i] {
                continue;
            }
            if depth[j] >= MAX_INLINE_DEPTH && r.place != Place::Alias {
                boxed.push((id, r.place));
            } else {
                deepest = deepest.max(depth[j]);
            }
        }
        depth[i] = 1 + deepest;
    }
    for (id, place) in boxed {
        match (&mut types.get_mut(id).expect("a defined id").kind, place) {
            (TypeKind::Struct(s), Place::Field(f)) => s.fields[f].boxed = true,
            (TypeKind::Union(u), Place::Variant(v)) => u.variants[v].boxed = true,
            _ => {}
        }
    }
}

/// Marks optional nullable fields of every type a request body can contain:
/// a request must be able to send `null` as well as leave the field out.
pub(super) fn mark_explicit_nulls(types: &mut Types, operations: &[Operation]) {
    let bodies = operations.iter().flat_map(|op| op.body.iter().flat_map(|b| b.contents.iter().map(|(_, _, ty)| ty)));
    for id in reachable(types, bodies) {
        if let Some(TypeKind::Struct(s)) = types.get_mut(id).map(|d| &mut d.kind) {
            for f in s.fields.iter_mut().filter(|f| f.nullable && !f.required && !f.read_only) {
                f.explicit_null = true;
            }
        }
    }
}
