//! Aliases that Rust cannot write: a type alias may not name itself, however
//! indirectly (`pub type A = A;`, `pub type A = Vec<A>;`). Checked once all
//! types exist and before any pass walks them, so every later walk through
//! aliases ends, within [`MAX_ALIAS_DEPTH`] steps.

use std::collections::BTreeMap;

use super::graph::Graph;
use super::model::*;

/// Longest chain of aliases (a schema that is only a `$ref`, or an allOf /
/// anyOf / oneOf of one member, naming another such schema) accepted.
pub const MAX_ALIAS_DEPTH: usize = 64;

/// A problem found, with the type it is about; `ring` (type names, the
/// first again at the end) when the problem is a cycle.
pub(super) struct AliasError {
    pub type_name: String,
    pub message: String,
    pub ring: Vec<String>,
}

impl AliasError {
    /// The message, the cycle named by `name` (the spec's names, not the Rust ones).
    pub fn message_with<'n>(&'n self, name: impl Fn(&'n str) -> &'n str) -> String {
        let ring: Vec<&str> = self.ring.iter().map(|n| name(n)).collect();
        self.message.replace("{ring}", &ring.join(" → "))
    }
}

/// Alias cycles with no data (`A` is only `B`, `B` only `A`) are errors: the
/// spec gives such a schema no shape. A cycle through a list or map (`A` is a
/// list of `A`) is JSON data of any depth: its aliases become
/// `serde_json::Value`, each with a report entry. Chains deeper than
/// [`MAX_ALIAS_DEPTH`] are errors. Returns the names of the aliases turned untyped.
pub(super) fn check(types: &mut Types) -> Result<Vec<String>, AliasError> {
    // Edges to other aliases, each with whether it passes through a list or map.
    let (names, edges, component) = {
        let graph = Graph::new(types, |d| matches!(d.kind, TypeKind::Alias(_)), |r| r.target());
        let component = graph.components();
        let names: Vec<String> = graph.ids.iter().map(|&id| types.name(id).to_string()).collect();
        (names, graph.edges, component)
    };
    let mut members: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (i, &c) in component.iter().enumerate() {
        members.entry(c).or_default().push(i);
    }
    let cyclic = |group: &[usize]| group.len() > 1 || edges[group[0]].iter().any(|&(j, _)| j == group[0]);
    let mut groups: Vec<&Vec<usize>> = members.values().filter(|g| cyclic(g)).collect();
    groups.sort_by_key(|g| g[0]);
    for group in &groups {
        let inside = |j: usize| component[j] == component[group[0]];
        let through_data = group.iter().any(|&i| edges[i].iter().any(|&(j, contained)| contained && inside(j)));
        if !through_data {
            let mut ring = vec![group[0]];
            while let Some(&(next, _)) = edges[*ring.last().unwrap_or(&group[0])].iter().find(|&&(j, _)| inside(j)) {
                ring.push(next);
                if next == group[0] || ring.len() > group.len() {
                    break;
                }
            }
            return Err(AliasError {
                type_name: names[group[0]].clone(),
                message: "schema is only a reference to itself ({ring}): it gives no shape to type; give it properties or a type"
                    .into(),
                ring: ring.iter().map(|&i| names[i].clone()).collect(),
            });
        }
    }
    let mut untyped = Vec::new();
    for group in groups {
        for &i in group {
            if let Some(def) = types.by_name_mut(&names[i]) {
                def.kind = TypeKind::Alias(Type::Json);
            }
            untyped.push(names[i].clone());
        }
    }
    // Longest chain, sinks first: Tarjan numbers a component after every one it reaches.
    let mut order: Vec<usize> = (0..names.len()).collect();
    order.sort_by_key(|&i| component[i]);
    let mut depth = vec![1usize; names.len()];
    let mut next_in_chain: Vec<Option<usize>> = vec![None; names.len()];
    for &i in &order {
        for &(j, _) in &edges[i] {
            if component[j] != component[i] && depth[j] + 1 > depth[i] {
                depth[i] = depth[j] + 1;
                next_in_chain[i] = Some(j);
            }
        }
        if depth[i] > MAX_ALIAS_DEPTH {
            let mut chain = vec![names[i].as_str()];
            let mut at = next_in_chain[i];
            while let (Some(j), true) = (at, chain.len() < 4) {
                chain.push(names[j].as_str());
                at = next_in_chain[j];
            }
            return Err(AliasError {
                type_name: names[i].clone(),
                message: format!(
                    "aliases nest deeper than {MAX_ALIAS_DEPTH} levels ({{ring}} → …): each names the next as its only member"
                ),
                ring: chain.iter().map(|n| n.to_string()).collect(),
            });
        }
    }
    Ok(untyped)
}
