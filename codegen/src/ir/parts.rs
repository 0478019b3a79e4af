//! Which crate each type of a big spec is compiled in.
//!
//! rustc checks a crate on one core, so one crate of 3,000 types keeps one
//! core busy while the others wait. A spec of [`SPLIT_MIN_TYPES`] types or
//! more is split into type crates that cargo builds side by side: `shared`
//! (the types more than one resource reaches, and those nothing reaches that
//! need no more), `a` and `b` (each the types of one half of the resources,
//! halved by weight), and `ab` (types that need both halves, in practice only
//! a few no operation reaches). A type's crate can see every type it refers
//! to: the split is closed under references. The crate the user depends on
//! re-exports them all under `models`, so no path changes.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::graph;
use super::helpers::Helpers;
use super::model::{TypeId, Types};

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
    let resources: std::collections::HashSet<&str> = resources.iter().map(String::as_str).collect();
    // Each type's references, once: the fixpoint below walks them many times.
    let mut edges: Vec<(TypeId, Vec<usize>)> = Vec::with_capacity(types.len());
    // A type's weight is what rustc checks for it, about: itself and its references.
    let mut weight: BTreeMap<&str, usize> = BTreeMap::new();
    for (id, def) in types.iter() {
        let refs = graph::refs(def);
        if let [feature] = def.features.as_slice() {
            if resources.contains(feature.as_str()) {
                *weight.entry(feature.as_str()).or_default() += 1 + refs.len();
            }
        }
        edges.push((id, refs.iter().filter_map(|r| r.target()).map(|(t, _)| t.index()).collect()));
    }
    if weight.len() < 2 {
        return None;
    }
    // Heaviest first, each to the lighter half (ties by name, so the split is stable).
    let mut by_weight: Vec<(&str, usize)> = weight.into_iter().collect();
    by_weight.sort_by(|x, y| y.1.cmp(&x.1).then(x.0.cmp(y.0)));
    let mut half_of: BTreeMap<&str, usize> = BTreeMap::new();
    let mut load = [0usize; 2];
    for (feature, w) in by_weight {
        let half = if load[0] <= load[1] { 0 } else { 1 };
        load[half] += w;
        half_of.insert(feature, half + 1);
    }
    // By `TypeId::index`; a slot no type holds stays shared.
    let slots = types.iter().map(|(id, _)| id.index() + 1).max().unwrap_or(0);
    let mut part = vec![SHARED; slots];
    for (id, def) in types.iter() {
        if let [feature] = def.features.as_slice() {
            part[id.index()] = half_of.get(feature.as_str()).copied().unwrap_or(SHARED);
        }
    }
    // Raise each type to the part of what it refers to, and the types a
    // helper names to one part (its impls sit beside each), until nothing moves.
    // Parts only rise, three steps at most, so this ends.
    let helper_groups = helpers.named_types();
    let at = |part: &[usize], index: usize| part.get(index).copied().unwrap_or(SHARED);
    loop {
        let mut moved = false;
        for (id, refs) in &edges {
            let raised = refs.iter().fold(part[id.index()], |p, &target| join(p, at(&part, target)));
            if raised != part[id.index()] {
                part[id.index()] = raised;
                moved = true;
            }
        }
        for group in &helper_groups {
            let p = group.iter().fold(SHARED, |p, id| join(p, at(&part, id.index())));
            for id in group {
                if at(&part, id.index()) != p && id.index() < part.len() {
                    part[id.index()] = p;
                    moved = true;
                }
            }
        }
        if !moved {
            break;
        }
    }
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
    /// crate, and the halves are of a size.
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
            let count = |i: usize| parts.of_type.values().filter(|&&p| p == i).count();
            let (a, b) = (count(1), count(2));
            assert!(a.min(b) * 3 > a.max(b), "{name}: halves of {a} and {b} types");
            assert!(count(0) < api.types.len() / 2, "{name}: {} of {} types shared", count(0), api.types.len());
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
