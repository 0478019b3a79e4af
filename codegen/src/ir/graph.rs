//! The one walker of the type graph. What a type refers to (its fields, extra
//! properties, union variants, alias target; through list items, map values
//! and nullable items) is written here once, and so are the whole-graph
//! algorithms the passes share: reachability from roots, fixpoints over every
//! type, strongly connected components and connected groups. The passes (`ir/passes.rs`,
//! `ir/decoded.rs`, `ir/features.rs`, `ir/aliases.rs`, `ir/conveniences.rs`,
//! `ir/derived.rs`) and `diff` ask this module instead of walking by hand.

use std::collections::{BTreeSet, HashMap, HashSet};

pub use super::arena::Types;
use super::model::{Type, TypeDef, TypeId, TypeKind};

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
    pub fn target(&self) -> Option<(TypeId, bool)> {
        let (name, contained) = named_in(self.ty)?;
        Some((name, contained || self.place == Place::Additional))
    }

    /// The named type held inline, with nothing in between: the references a
    /// cycle of containment goes through (extra properties live in a map).
    pub fn direct(&self) -> Option<TypeId> {
        match (self.place, self.ty) {
            (Place::Additional, _) => None,
            (_, Type::Named(id)) => Some(*id),
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
pub fn named_in(ty: &Type) -> Option<(TypeId, bool)> {
    match ty {
        Type::Named(id) => Some((*id, false)),
        Type::Nullable(inner) => named_in(inner),
        Type::Array(inner) | Type::Map(inner) => named_in(inner).map(|(name, _)| (name, true)),
        _ => None,
    }
}

/// `ty` with aliases replaced by what they name. Bounded: alias rings are
/// refused or untyped (`ir/aliases.rs`) before any pass walks types.
pub fn through_aliases<'t>(types: &'t Types, ty: &'t Type) -> &'t Type {
    let mut ty = ty;
    for _ in 0..super::MAX_ALIAS_DEPTH + 1 {
        match ty {
            Type::Named(id) => match types.get(*id).map(|d| &d.kind) {
                Some(TypeKind::Alias(inner)) => ty = inner,
                _ => return ty,
            },
            _ => return ty,
        }
    }
    ty
}

/// Every type reachable from `roots` (the roots' own named types included)
/// through every reference. Ids no type defines are kept, so a caller sees
/// exactly what the roots mention.
pub fn reachable<'t>(types: &Types, roots: impl IntoIterator<Item = &'t Type>) -> HashSet<TypeId> {
    let mut seen = HashSet::new();
    let mut stack: Vec<TypeId> = roots.into_iter().filter_map(|ty| named_in(ty).map(|(n, _)| n)).collect();
    while let Some(id) = stack.pop() {
        if !seen.insert(id) {
            continue;
        }
        if let Some(def) = types.get(id) {
            stack.extend(refs(def).iter().filter_map(|r| r.target()).map(|(n, _)| n));
        }
    }
    seen
}

/// The largest set of types for which `holds` is true, where `holds` may ask
/// (through its second argument) whether the fact holds of another type:
/// start from every type and drop those it fails for until nothing changes.
/// Cycles do not block the fact (a greatest fixpoint); an undefined type fails.
pub fn greatest_fixpoint(types: &Types, holds: impl Fn(&TypeDef, &dyn Fn(TypeId) -> bool) -> bool) -> BTreeSet<TypeId> {
    let mut has: BTreeSet<TypeId> = types.ids().into_iter().collect();
    loop {
        let mut dropped = Vec::new();
        for (id, def) in types.iter() {
            if has.contains(&id) && !holds(def, &|other| has.contains(&other)) {
                dropped.push(id);
            }
        }
        if dropped.is_empty() {
            return has;
        }
        for id in dropped {
            has.remove(&id);
        }
    }
}

/// The smallest set holding `start` and every type for which `holds` is
/// true, where `holds` may ask whether another type is in the set: add until
/// nothing changes (a least fixpoint). Types are visited by name, each
/// decision seeing those made before it.
pub fn least_fixpoint(
    types: &Types,
    start: BTreeSet<TypeId>,
    holds: impl Fn(&TypeDef, &BTreeSet<TypeId>) -> bool,
) -> BTreeSet<TypeId> {
    least_fixpoint_in_order(types, start, holds).1
}

/// [`least_fixpoint`], with the order in which the types beyond `start`
/// joined the set: each was decided from those before it.
pub fn least_fixpoint_in_order(
    types: &Types,
    start: BTreeSet<TypeId>,
    holds: impl Fn(&TypeDef, &BTreeSet<TypeId>) -> bool,
) -> (Vec<TypeId>, BTreeSet<TypeId>) {
    let mut has = start;
    let mut order = Vec::new();
    loop {
        let joined = order.len();
        for (id, def) in types.iter() {
            if !has.contains(&id) && holds(def, &has) {
                has.insert(id);
                order.push(id);
            }
        }
        if order.len() == joined {
            return (order, has);
        }
    }
}

/// The types `nodes` selects, numbered in name order, with the references
/// `edge` keeps between them (as `(target, contained)`), in declaration order.
pub struct Graph {
    pub ids: Vec<TypeId>,
    pub index: HashMap<TypeId, usize>,
    /// Per node: `(target node, a list or map lies between)`.
    pub edges: Vec<Vec<(usize, bool)>>,
}

impl Graph {
    pub fn new(
        types: &Types,
        nodes: impl Fn(&TypeDef) -> bool,
        edge: impl Fn(&Ref<'_>) -> Option<(TypeId, bool)>,
    ) -> Self {
        let ids: Vec<TypeId> = types.iter().filter(|(_, d)| nodes(d)).map(|(id, _)| id).collect();
        let index: HashMap<TypeId, usize> = ids.iter().enumerate().map(|(i, n)| (*n, i)).collect();
        let edges = ids
            .iter()
            .map(|&id| {
                let refs = refs(&types[id]);
                refs.iter()
                    .filter_map(&edge)
                    .filter_map(|(to, contained)| index.get(&to).map(|&j| (j, contained)))
                    .collect()
            })
            .collect();
        Graph { ids, index, edges }
    }

    /// Tarjan's strongly connected components: one id per node. A component
    /// gets its id after every component it reaches (sinks first).
    pub fn components(&self) -> Vec<usize> {
        let plain: Vec<Vec<usize>> = self.edges.iter().map(|e| e.iter().map(|&(j, _)| j).collect()).collect();
        strongly_connected(&plain)
    }
}

/// The longest chain of types each holding the next (fields, variants,
/// items, values, aliases), a cycle counting all its types: how deep rustc
/// recurses through the types to check what they own (drop check) and
/// which auto traits they have (`Send`, `RefUnwindSafe`).
pub fn nesting_depth(types: &Types) -> usize {
    let graph = Graph::new(types, |_| true, |r| r.target());
    let component = graph.components();
    let count = component.iter().max().map_or(0, |&c| c + 1);
    let mut size = vec![0usize; count];
    let mut next: Vec<Vec<usize>> = vec![Vec::new(); count];
    for (i, &c) in component.iter().enumerate() {
        size[c] += 1;
        next[c].extend(graph.edges[i].iter().map(|&(j, _)| component[j]).filter(|&d| d != c));
    }
    // Components are numbered sinks first: every one a component reaches is below it.
    let mut depth = vec![0usize; count];
    for c in 0..count {
        depth[c] = size[c] + next[c].iter().map(|&d| depth[d]).max().unwrap_or(0);
    }
    depth.into_iter().max().unwrap_or(0)
}

/// The groups of `nodes` that refer to each other, either way, through
/// nodes of `nodes` only (weakly connected components); each group sorted,
/// the groups by their first node. `successors` gives what a node refers to.
pub fn connected_groups(nodes: &[usize], successors: impl Fn(usize) -> Vec<usize>) -> Vec<Vec<usize>> {
    let position: HashMap<usize, usize> = nodes.iter().enumerate().map(|(i, &n)| (n, i)).collect();
    let mut neighbours = vec![Vec::new(); nodes.len()];
    for (i, &node) in nodes.iter().enumerate() {
        for target in successors(node) {
            if let Some(&j) = position.get(&target) {
                neighbours[i].push(j);
                neighbours[j].push(i);
            }
        }
    }
    let mut seen = vec![false; nodes.len()];
    let mut groups = Vec::new();
    for start in 0..nodes.len() {
        if std::mem::replace(&mut seen[start], true) {
            continue;
        }
        let (mut group, mut work) = (Vec::new(), vec![start]);
        while let Some(i) = work.pop() {
            group.push(nodes[i]);
            for &j in &neighbours[i] {
                if !std::mem::replace(&mut seen[j], true) {
                    work.push(j);
                }
            }
        }
        group.sort_unstable();
        groups.push(group);
    }
    groups.sort();
    groups
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

    /// References either way join a group; references to nodes outside do not.
    #[test]
    fn connected_groups_follow_references_either_way() {
        let refs = |n: usize| match n {
            1 => vec![2],
            3 => vec![2],
            4 => vec![9],
            5 => vec![9],
            _ => vec![],
        };
        assert_eq!(connected_groups(&[5, 4, 3, 2, 1, 7], refs), vec![vec![1, 2, 3], vec![4], vec![5], vec![7]]);
    }
    use crate::ir::{Constraints, Docs, Field, Struct, Union, UnionVariant};

    fn def(name: &str, kind: TypeKind) -> TypeDef {
        TypeDef {
            name: name.into(),
            origin: format!("/components/schemas/{name}"),
            docs: Docs::default(),
            kind,
            constraints: Constraints::default(),
            decoded: false,
            features: Vec::new(),
            derives_default: false,
        }
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

    /// A → [B] and extra values F; B = C; C = D | string; D → A (direct); E → an undefined name.
    fn sample() -> Types {
        let mut types = Types::default();
        let variant = UnionVariant::of;
        let union = Union {
            variants: vec![variant(types.named("D")), variant(Type::String)],
            tag: None,
            discriminator: None,
            dispatch: None,
            display: false,
            filler: None,
        };
        let a = strukt(vec![field("b", Type::Array(Box::new(types.named("B"))), true)], Some(types.named("F")));
        let b = TypeKind::Alias(types.named("C"));
        let d = strukt(vec![field("a", types.named("A"), true)], None);
        let e = strukt(vec![field("x", types.named("Missing"), true)], None);
        for def in [
            def("A", a),
            def("B", b),
            def("C", TypeKind::Union(union)),
            def("D", d),
            def("E", e),
            def("F", strukt(vec![], None)),
        ] {
            types.insert(def);
        }
        types
    }

    fn names(types: &Types, ids: impl IntoIterator<Item = TypeId>) -> Vec<&str> {
        let mut names: Vec<&str> = ids.into_iter().map(|id| types.name(id)).collect();
        names.sort();
        names
    }

    #[test]
    fn reachable_follows_every_reference_and_keeps_unknown_names() {
        let types = sample();
        let root = |name: &str| Type::Named(types.id_of(name).unwrap());
        assert_eq!(names(&types, reachable(&types, [&root("A")])), ["A", "B", "C", "D", "F"]);
        let list_of_e = Type::Array(Box::new(root("E")));
        assert_eq!(names(&types, reachable(&types, [&list_of_e])), ["E", "Missing"]);
    }

    #[test]
    fn references_say_where_they_sit_and_what_lies_between() {
        let types = sample();
        let a: Vec<_> = refs(&types["A"]).iter().map(|r| (r.place, r.target(), r.direct())).collect();
        let id = |name: &str| types.id_of(name).unwrap();
        assert_eq!(
            a,
            [(Place::Field(0), Some((id("B"), true)), None), (Place::Additional, Some((id("F"), true)), None)]
        );
        assert!(refs(&types["F"]).is_empty());
    }

    #[test]
    fn components_group_cycles_of_direct_containment_only() {
        let types = sample();
        let direct = Graph::new(&types, |_| true, |r| r.direct().map(|n| (n, false)));
        let c = direct.components();
        let at = |n: &str| c[direct.index[&types.id_of(n).unwrap()]];
        // B = C, C holds D, D holds A; A holds B only through a list: no cycle.
        assert_eq!(c.iter().collect::<BTreeSet<_>>().len(), 6);
        let all = Graph::new(&types, |_| true, |r| r.target());
        let c2 = all.components();
        let at2 = |n: &str| c2[all.index[&types.id_of(n).unwrap()]];
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
            refs(def).iter().filter_map(|r| r.direct()).all(has) && !matches!(def.kind, TypeKind::Union(_))
        });
        assert_eq!(names(&types, greatest), ["A", "D", "F"]);
        let least = least_fixpoint(&types, [types.id_of("F").unwrap()].into(), |def, has| {
            refs(def).iter().filter_map(|r| r.target()).any(|(n, _)| has.contains(&n))
        });
        assert_eq!(names(&types, least), ["A", "B", "C", "D", "F"]);
        let (order, _) = least_fixpoint_in_order(&types, [types.id_of("F").unwrap()].into(), |def, has| {
            refs(def).iter().filter_map(|r| r.target()).any(|(n, _)| has.contains(&n))
        });
        assert_eq!(order.len(), 4, "the start is not in the order");
        assert!(!order.contains(&types.id_of("F").unwrap()));
    }
}
