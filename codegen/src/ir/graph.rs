//! The one walker of the type graph. What a type refers to (its fields, extra
//! properties, union variants, alias target; through list items, map values
//! and nullable items) is written here once, and so are the whole-graph
//! algorithms the passes share: reachability from roots, fixpoints over every
//! type, and strongly connected components. The passes (`ir/passes.rs`,
//! `ir/decoded.rs`, `ir/features.rs`, `ir/aliases.rs`, `ir/conveniences.rs`,
//! `ir/derived.rs`) and `diff` ask this module instead of walking by hand.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use super::model::{Type, TypeDef, TypeKind};

/// Every type of a spec by name.
pub type Types = BTreeMap<String, TypeDef>;

/// Where a reference sits in the type that holds it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// The struct field at this position.
    Field(usize),
    /// The values of a struct's extra properties (`additionalProperties`).
    Additional,
    /// The union variant at this position.
    Variant(usize),
    /// What an alias names.
    Alias,
}

/// One outgoing reference of a type: the type written at `place`.
#[derive(Debug, Clone, Copy)]
pub struct Ref<'t> {
    pub place: Place,
    pub ty: &'t Type,
}

impl<'t> Ref<'t> {
    /// The named type this reference leads to, through list items, map values
    /// and nullable items, with whether a list or map lies between (a value
    /// held behind a heap pointer). Extra properties are always held in a map.
    pub fn target(&self) -> Option<(&'t str, bool)> {
        let (name, contained) = named_in(self.ty)?;
        Some((name, contained || self.place == Place::Additional))
    }

    /// The named type held inline, with nothing in between: the references a
    /// cycle of containment goes through (extra properties live in a map).
    pub fn direct(&self) -> Option<&'t str> {
        match (self.place, self.ty) {
            (Place::Additional, _) => None,
            (_, Type::Named(name)) => Some(name),
            _ => None,
        }
    }
}

/// Every reference of `def`, in declaration order: fields, then extra
/// properties; variants; an alias's target. Enums refer to nothing.
pub fn refs(def: &TypeDef) -> Vec<Ref<'_>> {
    match &def.kind {
        TypeKind::Struct(s) => {
            let fields = s.fields.iter().enumerate().map(|(i, f)| Ref { place: Place::Field(i), ty: &f.ty });
            fields.chain(s.additional.iter().map(|ty| Ref { place: Place::Additional, ty })).collect()
        }
        TypeKind::Union(u) => {
            u.variants.iter().enumerate().map(|(i, v)| Ref { place: Place::Variant(i), ty: &v.ty }).collect()
        }
        TypeKind::Alias(ty) => vec![Ref { place: Place::Alias, ty }],
        TypeKind::Enum(_) => Vec::new(),
    }
}

/// The named type in `ty` (a `Type` names at most one), through list items,
/// map values and nullable items, and whether a list or map lies between.
pub fn named_in(ty: &Type) -> Option<(&str, bool)> {
    match ty {
        Type::Named(name) => Some((name, false)),
        Type::Nullable(inner) => named_in(inner),
        Type::Array(inner) | Type::Map(inner) => named_in(inner).map(|(name, _)| (name, true)),
        _ => None,
    }
}

/// Names of every type reachable from `roots` (the roots' own named types
/// included) through every reference. Names no type defines are kept, so a
/// caller sees exactly what the roots mention.
pub fn reachable<'t>(types: &'t Types, roots: impl IntoIterator<Item = &'t Type>) -> HashSet<String> {
    let mut seen = HashSet::new();
    let mut stack: Vec<&str> = roots.into_iter().filter_map(|ty| named_in(ty).map(|(n, _)| n)).collect();
    while let Some(name) = stack.pop() {
        if !seen.insert(name.to_string()) {
            continue;
        }
        if let Some(def) = types.get(name) {
            stack.extend(refs(def).iter().filter_map(|r| r.target()).map(|(n, _)| n));
        }
    }
    seen
}

/// The largest set of types for which `holds` is true, where `holds` may ask
/// (through its second argument) whether the fact holds of another type:
/// start from every type and drop those it fails for until nothing changes.
/// Cycles do not block the fact (a greatest fixpoint); an unknown name fails.
pub fn greatest_fixpoint(types: &Types, holds: impl Fn(&TypeDef, &dyn Fn(&str) -> bool) -> bool) -> BTreeSet<String> {
    let mut has: BTreeSet<String> = types.keys().cloned().collect();
    loop {
        let mut dropped = Vec::new();
        for (name, def) in types {
            if has.contains(name) && !holds(def, &|other| has.contains(other)) {
                dropped.push(name.clone());
            }
        }
        if dropped.is_empty() {
            return has;
        }
        for name in dropped {
            has.remove(&name);
        }
    }
}

/// The smallest set holding `start` and every type for which `holds` is
/// true, where `holds` may ask whether another type is in the set: add until
/// nothing changes (a least fixpoint).
pub fn least_fixpoint(
    types: &Types,
    start: BTreeSet<String>,
    holds: impl Fn(&TypeDef, &BTreeSet<String>) -> bool,
) -> BTreeSet<String> {
    let mut has = start;
    loop {
        let mut changed = false;
        for (name, def) in types {
            if !has.contains(name) && holds(def, &has) {
                has.insert(name.clone());
                changed = true;
            }
        }
        if !changed {
            return has;
        }
    }
}

/// The types `nodes` selects, numbered in name order, with the references
/// `edge` keeps between them (as `(target, contained)`), in declaration order.
pub struct Graph<'t> {
    pub names: Vec<&'t str>,
    pub index: HashMap<&'t str, usize>,
    /// Per node: `(target node, a list or map lies between)`.
    pub edges: Vec<Vec<(usize, bool)>>,
}

impl<'t> Graph<'t> {
    pub fn new(
        types: &'t Types,
        nodes: impl Fn(&TypeDef) -> bool,
        edge: impl Fn(&Ref<'t>) -> Option<(&'t str, bool)>,
    ) -> Self {
        let names: Vec<&str> = types.iter().filter(|(_, d)| nodes(d)).map(|(n, _)| n.as_str()).collect();
        let index: HashMap<&str, usize> = names.iter().enumerate().map(|(i, n)| (*n, i)).collect();
        let edges = names
            .iter()
            .map(|n| {
                let refs = refs(&types[*n]);
                refs.iter()
                    .filter_map(&edge)
                    .filter_map(|(to, contained)| index.get(to).map(|&j| (j, contained)))
                    .collect()
            })
            .collect();
        Graph { names, index, edges }
    }

    /// Tarjan's strongly connected components: one id per node. A component
    /// gets its id after every component it reaches (sinks first).
    pub fn components(&self) -> Vec<usize> {
        let plain: Vec<Vec<usize>> = self.edges.iter().map(|e| e.iter().map(|&(j, _)| j).collect()).collect();
        strongly_connected(&plain)
    }
}

/// Tarjan's algorithm, iterative: component id per node.
fn strongly_connected(edges: &[Vec<usize>]) -> Vec<usize> {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::{Constraints, Docs, Field, Struct, Union, UnionVariant};

    fn def(name: &str, kind: TypeKind) -> (String, TypeDef) {
        let def = TypeDef {
            name: name.into(),
            origin: format!("/components/schemas/{name}"),
            docs: Docs::default(),
            kind,
            constraints: Constraints::default(),
            decoded: false,
            features: Vec::new(),
            derives_default: false,
        };
        (name.into(), def)
    }

    fn field(name: &str, ty: Type, required: bool) -> Field {
        Field {
            json_name: name.into(),
            rust_name: name.into(),
            ty,
            required,
            nullable: false,
            explicit_null: false,
            docs: Docs::default(),
            default: None,
            boxed: false,
            flatten: false,
            constraints: Constraints::default(),
            read_only: false,
            write_only: false,
        }
    }

    fn strukt(fields: Vec<Field>, additional: Option<Type>) -> TypeKind {
        TypeKind::Struct(Struct { fields, additional, required_order: vec![], sdk_only: vec![], page: None })
    }

    fn named(n: &str) -> Type {
        Type::Named(n.into())
    }

    /// A → [B] and extra values F; B = C; C = D | string; D → A (direct); E alone.
    fn sample() -> Types {
        let variant =
            |ty| UnionVariant { rust_name: String::new(), ty, tag_value: None, boxed: false, format: None, keys: None };
        let union = Union {
            variants: vec![variant(named("D")), variant(Type::String)],
            tag: None,
            discriminator: None,
            dispatch: None,
            display: false,
            filler: None,
        };
        [
            def("A", strukt(vec![field("b", Type::Array(Box::new(named("B"))), true)], Some(named("F")))),
            def("B", TypeKind::Alias(named("C"))),
            def("C", TypeKind::Union(union)),
            def("D", strukt(vec![field("a", named("A"), true)], None)),
            def("E", strukt(vec![field("x", named("Missing"), true)], None)),
            def("F", strukt(vec![], None)),
        ]
        .into_iter()
        .collect()
    }

    #[test]
    fn reachable_follows_every_reference_and_keeps_unknown_names() {
        let types = sample();
        let mut from_a: Vec<String> = reachable(&types, [&named("A")]).into_iter().collect();
        from_a.sort();
        assert_eq!(from_a, ["A", "B", "C", "D", "F"]);
        let mut from_e: Vec<String> = reachable(&types, [&Type::Array(Box::new(named("E")))]).into_iter().collect();
        from_e.sort();
        assert_eq!(from_e, ["E", "Missing"]);
    }

    #[test]
    fn references_say_where_they_sit_and_what_lies_between() {
        let types = sample();
        let a: Vec<_> = refs(&types["A"]).iter().map(|r| (r.place, r.target(), r.direct())).collect();
        assert_eq!(a, [(Place::Field(0), Some(("B", true)), None), (Place::Additional, Some(("F", true)), None)]);
        assert!(refs(&types["F"]).is_empty());
    }

    #[test]
    fn components_group_cycles_of_direct_containment_only() {
        let types = sample();
        let direct = Graph::new(&types, |_| true, |r| r.direct().map(|n| (n, false)));
        let c = direct.components();
        let at = |n: &str| c[direct.index[n]];
        // B = C, C holds D, D holds A; A holds B only through a list: no cycle.
        assert_eq!(c.iter().collect::<BTreeSet<_>>().len(), 6);
        let all = Graph::new(&types, |_| true, |r| r.target());
        let c2 = all.components();
        let at2 = |n: &str| c2[all.index[n]];
        assert!(at2("A") == at2("B") && at2("B") == at2("C") && at2("C") == at2("D"));
        assert_ne!(at2("A"), at2("F"));
        assert_ne!(at("A"), at("D"));
        // Sinks first: F (reached from A's component) is numbered before it.
        assert!(at2("F") < at2("A"));
    }

    #[test]
    fn fixpoints_greatest_through_cycles_least_from_the_start() {
        let types = sample();
        // "Every type held directly has it, and no union": B holds the union C; E an unknown type.
        let greatest = greatest_fixpoint(&types, |def, has| {
            refs(def).iter().filter_map(|r| r.direct()).all(|n| has(n)) && !matches!(def.kind, TypeKind::Union(_))
        });
        assert_eq!(greatest.into_iter().collect::<Vec<_>>(), ["A", "D", "F"]);
        let least = least_fixpoint(&types, ["F".to_string()].into(), |def, has| {
            refs(def).iter().filter_map(|r| r.target()).any(|(n, _)| has.contains(n))
        });
        assert_eq!(least.into_iter().collect::<Vec<_>>(), ["A", "B", "C", "D", "F"]);
    }
}
