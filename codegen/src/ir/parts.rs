//! Which crate each type of a big spec is compiled in.
//!
//! rustc checks a crate on one core, so one crate of 3,000 types keeps one
//! core busy while the others wait. A spec of [`SPLIT_MIN_TYPES`] types or
//! more is split into type crates that cargo builds side by side: `a` and `b`
//! (each the types only the resources of one half reach, the resources halved
//! by `ir/halves.rs`), `shared` before them (the types both halves reach, and
//! those without a gate), and `ab` after them (types that name both halves, in
//! practice only a few no operation reaches). A type no operation reaches
//! that names neither half goes to the lighter half: `shared` is what cargo
//! builds on one core while the other waits, so it holds only what must be
//! there. A type's crate can see every type it refers to: the split is closed
//! under references. The crate the user depends on re-exports them all under
//! `models`, so no path changes.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::{Deserialize, Serialize};

use super::helpers::Helpers;
use super::model::{TypeId, Types};
use super::{graph, halves};

/// Specs with fewer types stay one crate: the type crates' fixed cost
/// (about half a second each, measured on OpenAI's spec) is then more than they save.
pub const SPLIT_MIN_TYPES: usize = 1000;

/// The type crates of one spec.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Parts {
    /// The crates, in build order: each uses only crates before it.
    pub parts: Vec<Part>,
    /// The index in `parts` of each type; its conveniences, `Page` impl and
    /// helpers go with it.
    #[serde(with = "super::arena::by_name")]
    pub of_type: BTreeMap<TypeId, usize>,
}

/// One type crate.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Part {
    /// Suffix of the crate's name: `shared`, `a`, `b` or `ab`.
    pub name: String,
    /// Indexes in [`Parts::parts`] of the crates it depends on: every crate
    /// whose types its types may refer to (for `ab`: `shared`, `a` and `b`).
    pub uses: Vec<usize>,
}

impl Parts {
    /// The part of `id` (types the map misses, none in practice, are shared).
    pub fn of(&self, id: TypeId) -> usize {
        self.of_type.get(&id).copied().unwrap_or(SHARED)
    }
}

/// What rustc checks for a type's own impls (`Deserialize`, `Debug`, `Clone`, …),
/// in fields: a `-Z self-profile` of a type crate of OpenAI's spec put them at
/// about 2.3 ms a struct and 0.3 ms a field.
const OWN_WEIGHT: usize = 7;

/// The index of `shared` in [`Parts::parts`]: always there, first (it holds the constant markers).
pub const SHARED: usize = 0;
const BOTH: usize = 3;
const NAMES: [&str; 4] = ["shared", "a", "b", "ab"];

/// The smallest part that sees both: a half and the shared part give the
/// half; the two halves give `ab`.
fn join(one: usize, other: usize) -> usize {
    match (one, other) {
        (x, y) if x == y => x,
        (SHARED, y) => y,
        (x, SHARED) => x,
        _ => BOTH,
    }
}

/// The split of a spec's types, or `None` when it stays one crate: fewer than
/// [`SPLIT_MIN_TYPES`] types, or fewer than two resources to halve.
/// `resources` are the resource features' names.
pub fn decide(types: &Types, helpers: &Helpers, resources: &[String]) -> Option<Parts> {
    if types.len() < SPLIT_MIN_TYPES {
        return None;
    }
    if resources.len() < 2 {
        return None;
    }
    let index_of: HashMap<&str, usize> = resources.iter().enumerate().map(|(i, r)| (r.as_str(), i)).collect();
    // Each type's references, once: the fixpoint below walks them many times.
    let mut edges: Vec<(TypeId, Vec<usize>)> = Vec::with_capacity(types.len());
    let mut reach = Vec::with_capacity(types.len());
    let mut unreached_rows = Vec::new();
    for (id, def) in types.iter() {
        let refs = graph::refs(def);
        let resources: Vec<usize> = def.features.iter().filter_map(|f| index_of.get(f.as_str()).copied()).collect();
        // A type without a gate (every resource, or an operation that always
        // compiles, reaches it) is shared however the resources are halved:
        // it weighs nothing in the halving.
        let weight = if def.features.is_empty() { 0 } else { OWN_WEIGHT + refs.len() };
        if resources.is_empty() && weight > 0 {
            unreached_rows.push(edges.len());
        }
        reach.push(halves::Reach { weight, resources });
        edges.push((id, refs.iter().filter_map(|r| r.target()).map(|(t, _)| t.index()).collect()));
    }
    // A type no operation reaches must be built where all it names is: as
    // the halving sees it, the resources of what it names reach it.
    let position: HashMap<usize, usize> = edges.iter().enumerate().map(|(i, (id, _))| (id.index(), i)).collect();
    loop {
        let mut grew = false;
        for &i in &unreached_rows {
            let mut named: BTreeSet<usize> = reach[i].resources.iter().copied().collect();
            for target in &edges[i].1 {
                named.extend(position.get(target).map(|&t| reach[t].resources.clone()).unwrap_or_default());
            }
            if named.len() > reach[i].resources.len() {
                reach[i].resources = named.into_iter().collect();
                grew = true;
            }
        }
        if !grew {
            break;
        }
    }
    let side = halves::halve(resources.len(), &reach);
    let half_of: HashMap<&str, usize> = resources.iter().zip(&side).map(|(r, &s)| (r.as_str(), s + 1)).collect();
    // By `TypeId::index`; a slot no type holds stays shared. A type all of
    // whose resources sit in one half goes to that half; one reached from
    // both halves, or by none, starts shared.
    let slots = types.iter().map(|(id, _)| id.index() + 1).max().unwrap_or(0);
    let mut part = vec![SHARED; slots];
    for (id, def) in types.iter() {
        let halves: BTreeSet<Option<usize>> = def.features.iter().map(|f| half_of.get(f.as_str()).copied()).collect();
        if let [Some(half)] = halves.into_iter().collect::<Vec<_>>().as_slice() {
            part[id.index()] = *half;
        }
    }
    let helper_groups = helpers.named_types();
    raise(&mut part, &edges, &helper_groups);
    // Types no operation reaches that are still shared name nothing of
    // either half: they go off the build's critical path, into the lighter
    // half, a group of such types that name each other at a time, heaviest first.
    let weight = |slot: usize| position.get(&slot).map_or(0, |&row| reach[row].weight);
    let mut load = [0usize; 3];
    for (slot, &p) in part.iter().enumerate() {
        if p == 1 || p == 2 {
            load[p] += weight(slot);
        }
    }
    let free: Vec<usize> =
        unreached_rows.iter().map(|&row| edges[row].0.index()).filter(|&slot| part[slot] == SHARED).collect();
    let mut groups: Vec<(usize, Vec<usize>)> =
        graph::connected_groups(&free, |slot| position.get(&slot).map(|&row| edges[row].1.clone()).unwrap_or_default())
            .into_iter()
            .map(|group| (group.iter().map(|&slot| weight(slot)).sum(), group))
            .collect();
    groups.sort_by(|x, y| y.0.cmp(&x.0).then(x.1.cmp(&y.1)));
    for (weight, group) in groups {
        let half = if load[1] <= load[2] { 1 } else { 2 };
        load[half] += weight;
        for slot in group {
            part[slot] = half;
        }
    }
    raise(&mut part, &edges, &helper_groups);
    // Only the parts that hold a type become crates (`shared` always: it holds the constants).
    let used: Vec<usize> =
        (0..NAMES.len()).filter(|&i| i == SHARED || edges.iter().any(|(id, _)| part[id.index()] == i)).collect();
    let index = |slot: usize| used.iter().position(|&u| u == slot);
    let parts = used
        .iter()
        .map(|&slot| Part {
            name: NAMES[slot].to_string(),
            uses: used.iter().filter(|&&u| u != slot && join(u, slot) == slot).filter_map(|&u| index(u)).collect(),
        })
        .collect();
    let of_type = edges.iter().map(|(id, _)| (*id, index(part[id.index()]).unwrap_or(SHARED))).collect();
    Some(Parts { parts, of_type })
}

/// Raises each type to the part of what it refers to, and the types a helper
/// names to one part (its impls sit beside each), until nothing moves. Parts
/// only rise, three steps at most, so this ends.
fn raise(part: &mut [usize], edges: &[(TypeId, Vec<usize>)], helper_groups: &[Vec<TypeId>]) {
    let at = |part: &[usize], index: usize| part.get(index).copied().unwrap_or(SHARED);
    loop {
        let mut moved = false;
        for (id, refs) in edges {
            let raised = refs.iter().fold(part[id.index()], |p, &target| join(p, at(part, target)));
            if raised != part[id.index()] {
                part[id.index()] = raised;
                moved = true;
            }
        }
        for group in helper_groups {
            let p = group.iter().fold(SHARED, |p, id| join(p, at(part, id.index())));
            for id in group {
                if at(part, id.index()) != p && id.index() < part.len() {
                    part[id.index()] = p;
                    moved = true;
                }
            }
        }
        if !moved {
            break;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::Api;

    fn lowered(name: &str) -> Option<Api> {
        let path = format!("{}/../../shared/specs/{name}.yaml", env!("CARGO_MANIFEST_DIR"));
        let Ok(text) = std::fs::read_to_string(&path) else {
            eprintln!("skipped: {path} is absent");
            return None;
        };
        let source = crate::SpecSource { file: path, module: name.replace(['-', '.'], "_"), text, config: None };
        Some(crate::lower(&source).unwrap_or_else(|e| panic!("{e}")))
    }

    /// Every type's crate sees what it refers to, a helper's types share a
    /// crate, `shared` holds only what both halves need, and the halves are of a size.
    #[test]
    fn big_specs_split_closed_under_references() {
        for name in ["openai", "openai-3.0", "portkey"] {
            let Some(api) = lowered(name) else { continue };
            let parts = api.parts.as_ref().unwrap_or_else(|| panic!("{name} ({} types) is not split", api.types.len()));
            let names: Vec<&str> = parts.parts.iter().map(|p| p.name.as_str()).collect();
            assert_eq!(names[..3], ["shared", "a", "b"], "{name}");
            for (id, def) in api.types.iter() {
                let part = parts.of(id);
                for target in graph::refs(def).iter().filter_map(|r| r.target()) {
                    let used = parts.of(target.0);
                    assert!(
                        used == part || parts.parts[part].uses.contains(&used),
                        "{name}: {} ({}) refers to {} ({})",
                        def.name,
                        names[part],
                        api.types.name(target.0),
                        names[used]
                    );
                }
            }
            for group in api.helpers.named_types() {
                let first = parts.of(group[0]);
                assert!(group.iter().all(|&id| parts.of(id) == first), "{name}: a helper's types are split");
            }
            // The half of each resource, as the types only it reaches say.
            let resources: BTreeSet<&str> = api.features.resources.iter().map(|f| f.name.as_str()).collect();
            let mut half_of = BTreeMap::new();
            for (id, def) in api.types.iter() {
                if let ([feature], part @ (1 | 2)) = (def.features.as_slice(), parts.of(id)) {
                    if !resources.contains(feature.as_str()) {
                        continue;
                    }
                    assert_eq!(*half_of.entry(feature.clone()).or_insert(part), part, "{name}: {feature} is split");
                }
            }
            for (id, def) in api.types.iter().filter(|&(id, _)| parts.of(id) == SHARED) {
                let halves: BTreeSet<Option<&usize>> = def.features.iter().map(|f| half_of.get(f)).collect();
                assert!(
                    def.features.is_empty() || halves.len() > 1,
                    "{name}: {} is shared, but only {:?} reach it",
                    api.types.name(id),
                    def.features
                );
            }
            let count = |i: usize| parts.of_type.values().filter(|&&p| p == i).count();
            let (a, b) = (count(1), count(2));
            assert!(a.min(b) * 5 > a.max(b) * 4, "{name}: halves of {a} and {b} types");
            assert!(count(0) < api.types.len() / 10, "{name}: {} of {} types shared", count(0), api.types.len());
        }
    }

    #[test]
    fn small_specs_stay_one_crate() {
        let Some(api) = lowered("portkey-2024") else { return };
        assert!(api.types.len() < SPLIT_MIN_TYPES);
        assert_eq!(api.parts, None);
    }

    #[test]
    fn join_is_the_smallest_part_that_sees_both() {
        assert_eq!(join(SHARED, 1), 1);
        assert_eq!(join(2, SHARED), 2);
        assert_eq!(join(1, 1), 1);
        assert_eq!(join(1, 2), BOTH);
        assert_eq!(join(BOTH, 1), BOTH);
        assert_eq!(join(SHARED, SHARED), SHARED);
    }
}
