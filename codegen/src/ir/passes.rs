//! Whole-IR passes run after every type exists: union tags and variant
//! names, untagged order, and `Box` for recursive types.

use std::collections::{BTreeMap, HashMap};

use super::model::*;
use super::names::{camel_ident, reserved, Scope};

/// The single constant value of a required field typed as a one-value enum.
fn const_value<'t>(types: &'t BTreeMap<String, TypeDef>, struct_name: &str, field: &str) -> Option<&'t str> {
    let TypeKind::Struct(s) = &types.get(struct_name)?.kind else { return None };
    let f = s.fields.iter().find(|f| f.json_name == field && f.required)?;
    let Type::Named(enum_name) = &f.ty else { return None };
    match &types.get(enum_name)?.kind {
        TypeKind::Enum(e) if e.variants.len() == 1 => Some(&e.variants[0].value),
        _ => None,
    }
}

fn named(variants: &[UnionVariant]) -> Option<Vec<&str>> {
    variants.iter().map(|v| if let Type::Named(n) = &v.ty { Some(n.as_str()) } else { None }).collect()
}

/// The property whose value tells the variants apart, with one value per
/// variant, and whether some value is only a schema's name (the property is
/// not constant per variant).
fn find_tag(types: &BTreeMap<String, TypeDef>, union: &Union) -> Option<(String, Vec<String>, bool)> {
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
            .map(|n| {
                // The spec's `mapping`, else the property's constant, else the schema's name.
                let discriminator = union.discriminator.as_ref();
                let value_in = |pairs: &[(String, String)]| pairs.iter().find(|(t, _)| t == n).map(|(_, v)| v.clone());
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

fn is_string_like(types: &BTreeMap<String, TypeDef>, ty: &Type) -> bool {
    match ty {
        Type::String => true,
        Type::Named(n) => matches!(types.get(n).map(|t| &t.kind), Some(TypeKind::Enum(_))),
        _ => false,
    }
}

/// A value written as one string: a string, number, boolean or string enum.
fn is_scalar(types: &BTreeMap<String, TypeDef>, ty: &Type) -> bool {
    match ty {
        Type::String | Type::Integer(_) | Type::Number | Type::Boolean => true,
        Type::Named(n) => match types.get(n).map(|t| &t.kind) {
            Some(TypeKind::Enum(_)) => true,
            Some(TypeKind::Alias(inner)) => !matches!(inner, Type::Named(_)) && is_scalar(types, inner),
            _ => false,
        },
        _ => false,
    }
}

/// Rank for untagged unions: the most demanding shapes are tried first.
fn specificity(types: &BTreeMap<String, TypeDef>, ty: &Type) -> (u8, usize) {
    match ty {
        Type::Named(n) => match types.get(n).map(|t| &t.kind) {
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

fn variant_name(ty: &Type, union_name: &str) -> String {
    match ty {
        Type::Named(n) => match n.strip_prefix(union_name) {
            Some(rest) if rest.starts_with(|c: char| c.is_ascii_uppercase()) => rest.to_string(),
            _ => n.clone(),
        },
        Type::String => "String".into(),
        Type::Integer(_) => "Integer".into(),
        Type::Number => "Number".into(),
        Type::Boolean => "Boolean".into(),
        Type::Array(inner) => format!("{}Array", variant_name(inner, union_name)),
        Type::Map(_) => "Map".into(),
        Type::Nullable(inner) => variant_name(inner, union_name),
        Type::Binary => "Binary".into(),
        Type::Json => "Json".into(),
    }
}

pub(super) fn unions(types: &mut BTreeMap<String, TypeDef>) {
    let names: Vec<String> = types.keys().cloned().collect();
    for name in names {
        let TypeKind::Union(union) = &types[&name].kind else { continue };
        // A string enum beside a free string: the open enum already keeps any string.
        let string_enums: Vec<&Type> =
            union.variants.iter().map(|v| &v.ty).filter(|t| matches!(t, Type::Named(_))).collect();
        if union.variants.iter().all(|v| is_string_like(types, &v.ty)) && string_enums.len() == 1 {
            let target = string_enums[0].clone();
            types.get_mut(&name).expect("name from keys").kind = TypeKind::Alias(target);
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
        let TypeKind::Union(union) = &mut types.get_mut(&name).expect("name from keys").kind else { continue };
        union.display = display;
        let mut scope = Scope::with_reserved(&[reserved::UNKNOWN_VARIANT]);
        let mut variants: Vec<UnionVariant> = order.iter().map(|&i| union.variants[i].clone()).collect();
        for (i, v) in variants.iter_mut().enumerate() {
            let wanted = match &tag {
                Some((_, values)) => camel_ident(&values[order[i]], "Empty"),
                None => variant_name(&v.ty, &name),
            };
            v.rust_name = scope.claim(&wanted);
            v.tag_value = tag.as_ref().or(dispatch.as_ref()).map(|(_, values)| values[order[i]].clone());
        }
        union.variants = variants;
        union.tag = tag.map(|(prop, _)| prop);
        union.dispatch = dispatch.map(|(prop, _)| prop);
    }
}

/// How many named types deep [`size_bound`] looks; deeper ones count as a
/// pointer, so a spec's chain of types cannot exhaust the stack.
const SIZE_DEPTH: usize = 128;

/// Upper bound of a type's size in bytes, for keeping unions compact.
fn size_bound(ty: &Type, types: &BTreeMap<String, TypeDef>, memo: &mut HashMap<String, usize>) -> usize {
    size_bound_at(ty, types, memo, 0)
}

fn size_bound_at(
    ty: &Type,
    types: &BTreeMap<String, TypeDef>,
    memo: &mut HashMap<String, usize>,
    depth: usize,
) -> usize {
    let size_bound = |ty: &Type, types: &BTreeMap<String, TypeDef>, memo: &mut HashMap<String, usize>| {
        if depth >= SIZE_DEPTH {
            8
        } else {
            size_bound_at(ty, types, memo, depth + 1)
        }
    };
    match ty {
        Type::Boolean => 1,
        Type::Integer(_) | Type::Number => 8,
        Type::String | Type::Array(_) | Type::Map(_) => 24,
        Type::Nullable(inner) => size_bound(inner, types, memo) + 8,
        // `serde_json::Value` with `preserve_order`; a file upload's name, bytes and type.
        Type::Json | Type::Binary => 80,
        Type::Named(name) => {
            if let Some(&known) = memo.get(name) {
                return known;
            }
            memo.insert(name.clone(), 8); // a cycle is boxed somewhere
            let size = match types.get(name).map(|d| &d.kind) {
                Some(TypeKind::Struct(s)) => {
                    let fields: usize =
                        s.fields.iter().map(|f| if f.boxed { 8 } else { size_bound(&f.ty, types, memo) + 8 }).sum();
                    fields + if s.additional.is_some() { 24 } else { 0 }
                }
                Some(TypeKind::Enum(_)) => 32,
                Some(TypeKind::Union(u)) => {
                    8 + u
                        .variants
                        .iter()
                        .map(|v| if v.boxed { 8 } else { size_bound(&v.ty, types, memo) })
                        .max()
                        .unwrap_or(0)
                        .max(80)
                }
                Some(TypeKind::Alias(t)) => size_bound(t, types, memo),
                None => 8,
            };
            memo.insert(name.clone(), size);
            size
        }
    }
}

/// Boxes union variants bigger than `LIMIT`, so that no variant dwarfs the
/// others (clippy's `large_enum_variant`) and unions stay cheap to move.
pub(super) fn box_large_variants(types: &mut BTreeMap<String, TypeDef>) {
    const LIMIT: usize = 192;
    let mut memo = HashMap::new();
    let mut large = Vec::new();
    for (name, def) in types.iter() {
        if let TypeKind::Union(u) = &def.kind {
            for (i, v) in u.variants.iter().enumerate() {
                if !v.boxed && size_bound(&v.ty, types, &mut memo) > LIMIT {
                    large.push((name.clone(), i));
                }
            }
        }
    }
    for (name, i) in large {
        if let Some(TypeKind::Union(u)) = types.get_mut(&name).map(|d| &mut d.kind) {
            u.variants[i].boxed = true;
        }
    }
}

/// Marks the fields and variants that close a cycle of direct containment, to be boxed.
pub(super) fn box_recursion(types: &mut BTreeMap<String, TypeDef>) {
    let names: Vec<&String> = types.keys().collect();
    let index: HashMap<&str, usize> = names.iter().enumerate().map(|(i, n)| (n.as_str(), i)).collect();
    let edges: Vec<Vec<usize>> = names
        .iter()
        .map(|n| {
            let targets: Vec<&Type> = match &types[*n].kind {
                TypeKind::Struct(s) => s.fields.iter().map(|f| &f.ty).collect(),
                TypeKind::Union(u) => u.variants.iter().map(|v| &v.ty).collect(),
                TypeKind::Alias(t) => vec![t],
                TypeKind::Enum(_) => vec![],
            };
            targets
                .into_iter()
                .filter_map(|t| if let Type::Named(m) = t { index.get(m.as_str()).copied() } else { None })
                .collect()
        })
        .collect();
    let component = strongly_connected(&edges);
    let in_cycle = |from: &str, ty: &Type| match ty {
        Type::Named(to) => match (index.get(from), index.get(to.as_str())) {
            (Some(&a), Some(&b)) => component[a] == component[b] && (a != b || edges[a].contains(&a)),
            _ => false,
        },
        _ => false,
    };
    let boxed: Vec<(String, Vec<usize>)> = types
        .iter()
        .filter_map(|(n, def)| {
            let positions: Vec<usize> = match &def.kind {
                TypeKind::Struct(s) => {
                    s.fields.iter().enumerate().filter(|(_, f)| in_cycle(n, &f.ty)).map(|(i, _)| i).collect()
                }
                TypeKind::Union(u) => {
                    u.variants.iter().enumerate().filter(|(_, v)| in_cycle(n, &v.ty)).map(|(i, _)| i).collect()
                }
                _ => vec![],
            };
            (!positions.is_empty()).then(|| (n.clone(), positions))
        })
        .collect();
    for (n, positions) in boxed {
        match &mut types.get_mut(&n).expect("name from keys").kind {
            TypeKind::Struct(s) => positions.iter().for_each(|&i| s.fields[i].boxed = true),
            TypeKind::Union(u) => positions.iter().for_each(|&i| u.variants[i].boxed = true),
            _ => {}
        }
    }
}

/// Tarjan's algorithm, iterative: component id per node.
pub(super) fn strongly_connected(edges: &[Vec<usize>]) -> Vec<usize> {
    let n = edges.len();
    let (mut index, mut low, mut comp) = (vec![usize::MAX; n], vec![0; n], vec![usize::MAX; n]);
    let (mut on_stack, mut stack, mut next, mut next_comp) = (vec![false; n], Vec::new(), 0, 0);
    for start in 0..n {
        if index[start] != usize::MAX {
            continue;
        }
        let mut work = vec![(start, 0usize)];
        while let Some(&mut (v, ref mut child)) = work.last_mut() {
            if *child == 0 && index[v] == usize::MAX {
                index[v] = next;
                low[v] = next;
                next += 1;
                stack.push(v);
                on_stack[v] = true;
            }
            if let Some(&w) = edges[v].get(*child) {
                *child += 1;
                if index[w] == usize::MAX {
                    work.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
                continue;
            }
            work.pop();
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[v]);
            }
            if low[v] == index[v] {
                while let Some(w) = stack.pop() {
                    on_stack[w] = false;
                    comp[w] = next_comp;
                    if w == v {
                        break;
                    }
                }
                next_comp += 1;
            }
        }
    }
    comp
}

/// Marks optional nullable fields of every type a request body can contain:
/// a request must be able to send `null` as well as leave the field out.
pub(super) fn mark_explicit_nulls(types: &mut BTreeMap<String, TypeDef>, operations: &[Operation]) {
    fn named(ty: &Type) -> Option<&str> {
        match ty {
            Type::Named(n) => Some(n),
            Type::Array(inner) | Type::Map(inner) | Type::Nullable(inner) => named(inner),
            _ => None,
        }
    }
    let mut seen = std::collections::HashSet::new();
    let mut stack: Vec<String> = operations
        .iter()
        .flat_map(|op| {
            op.body.iter().flat_map(|b| b.contents.iter().filter_map(|(_, _, ty)| named(ty).map(String::from)))
        })
        .collect();
    while let Some(name) = stack.pop() {
        if !seen.insert(name.clone()) {
            continue;
        }
        let inner: Vec<&Type> = match types.get(&name).map(|d| &d.kind) {
            Some(TypeKind::Struct(s)) => s.fields.iter().map(|f| &f.ty).chain(s.additional.iter()).collect(),
            Some(TypeKind::Union(u)) => u.variants.iter().map(|v| &v.ty).collect(),
            Some(TypeKind::Alias(t)) => vec![t],
            _ => vec![],
        };
        stack.extend(inner.into_iter().filter_map(named).map(String::from));
    }
    for name in seen {
        if let Some(TypeKind::Struct(s)) = types.get_mut(&name).map(|d| &mut d.kind) {
            for f in s.fields.iter_mut().filter(|f| f.nullable && !f.required && !f.read_only) {
                f.explicit_null = true;
            }
        }
    }
}

/// String enums with the same values (hoisted once per use site: OpenAI repeats
/// many) become aliases of one: less code to compile, one type to match on.
/// The shortest name (then the first) is kept, usually the spec's own component.
pub(super) fn alias_duplicate_enums(types: &mut BTreeMap<String, TypeDef>) {
    let mut canonical: HashMap<(Vec<&str>, bool, bool), &str> = HashMap::new();
    let mut aliases = Vec::new();
    let mut by_length: Vec<&TypeDef> = types.values().collect();
    by_length.sort_by_key(|d| d.name.len());
    for def in by_length {
        let TypeKind::Enum(e) = &def.kind else { continue };
        let key = (e.variants.iter().map(|v| v.value.as_str()).collect(), e.constant, e.open);
        match canonical.get(&key) {
            Some(kept) => aliases.push((def.name.clone(), kept.to_string())),
            None => {
                canonical.insert(key, &def.name);
            }
        }
    }
    for (name, kept) in aliases {
        types.get_mut(&name).expect("name from keys").kind = TypeKind::Alias(Type::Named(kept));
    }
}
