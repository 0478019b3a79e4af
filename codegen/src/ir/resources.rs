//! Resource namespaces and method names, in the shape of the official SDKs:
//! `/vector_stores/{id}/file_batches/{batch_id}/cancel` → `vector_stores().file_batches().cancel(..)`.

use std::collections::{BTreeMap, HashMap};

use super::method::{MethodNames, PathTemplate};
use super::model::*;
use super::names::{camel_ident, method_ident, reserved, snake_ident, Scope};

fn method_scope() -> Scope {
    Scope::with_reserved(reserved::METHODS)
}

/// A method of `Operations` or a namespace struct, clear of the registry.
fn namespace_method(wanted: &str) -> String {
    method_ident(wanted, reserved::METHODS, reserved::METHOD_LINT_PREFIXES)
}

/// Decides `resource` and the method names of every operation and builds the
/// namespace tree. `renames` (operationId → method name, from the config) wins
/// over the rules; one that names no operation or takes a name another method
/// or namespace of its resource has is an error: (key, problem).
pub(super) fn assign(
    operations: &mut [Operation],
    renames: &BTreeMap<String, String>,
) -> Result<(Resource, Vec<MethodNames>), (String, String)> {
    if let Some(key) = renames.keys().find(|k| !operations.iter().any(|op| &op.id == *k)) {
        return Err((key.clone(), format!("no operation has the operationId `{key}`")));
    }
    let templates: Vec<PathTemplate> = operations.iter().map(|op| PathTemplate::parse(&op.path)).collect();
    let paths: Vec<String> = templates.iter().map(PathTemplate::without_query).collect();
    let mut methods_per_path: HashMap<&str, usize> = HashMap::new();
    for op in operations.iter() {
        *methods_per_path.entry(op.path.as_str()).or_default() += 1;
    }

    let mut proposed = Vec::with_capacity(operations.len());
    for ((op, path), template) in operations.iter().zip(&paths).zip(&templates) {
        let segs = template.segments();
        // `/responses?beta=true` lives beside `/responses`: it goes under `beta()`.
        let flags = template.query().iter().filter(|(_, value)| value == "true");
        let mut literals: Vec<String> = flags.map(|(key, _)| snake_ident(key)).collect();
        literals.extend(segs.iter().filter(|s| !s.is_param).map(|s| snake_ident(&s.text)));
        // A namespace accessor is a method too: clear of the registry (`/clone` → `clone_2()`).
        for literal in &mut literals {
            *literal = namespace_method(literal);
        }
        let ends_in_param = segs.last().is_some_and(|s| s.is_param);
        let has_children = paths.iter().any(|other| {
            other.len() > path.len() && other.starts_with(path.as_str()) && other.as_bytes()[path.len()] == b'/'
        });
        // `/batches/{id}/cancel`: a literal after a parameter, nothing below it, one method.
        let is_action = !ends_in_param
            && segs.len() >= 2
            && segs[segs.len() - 2].is_param
            && !has_children
            && methods_per_path[op.path.as_str()] == 1
            && literals.len() >= 2;
        let (resource, name) = if is_action {
            (literals[..literals.len() - 1].to_vec(), literals[literals.len() - 1].clone())
        } else {
            let verb = match (op.http_method, ends_in_param) {
                (HttpMethod::Get, true) => "retrieve",
                (HttpMethod::Get, false) => "list",
                (HttpMethod::Post, false) => "create",
                (HttpMethod::Post | HttpMethod::Put | HttpMethod::Patch, true) => "update",
                (HttpMethod::Put | HttpMethod::Patch, false) => "update",
                (HttpMethod::Delete, _) => "delete",
                _ => "",
            };
            let name = if verb.is_empty() { namespace_method(&snake_ident(&op.id)) } else { verb.to_string() };
            (literals, name)
        };
        proposed.push((resource, name));
    }

    // A name used twice in one namespace, or clashing with a child namespace, falls back to the operationId.
    let mut count: HashMap<(&[String], &str), usize> = HashMap::new();
    for (resource, name) in &proposed {
        *count.entry((resource.as_slice(), name.as_str())).or_default() += 1;
    }
    let child_names: std::collections::HashSet<(&[String], &str)> =
        proposed.iter().flat_map(|(r, _)| (0..r.len()).map(move |i| (&r[..i], r[i].as_str()))).collect();
    let mut scopes: BTreeMap<Vec<String>, Scope> = BTreeMap::new();
    let wanted: Vec<String> = proposed
        .iter()
        .zip(operations.iter())
        .map(|((resource, name), op)| {
            let key = (resource.as_slice(), name.as_str());
            let clash = count[&key] > 1 || child_names.contains(&key);
            if clash {
                namespace_method(&snake_ident(&op.id))
            } else {
                name.clone()
            }
        })
        .collect();
    let mut final_names = Vec::with_capacity(operations.len());
    for (i, ((resource, _), op)) in proposed.iter().zip(operations.iter()).enumerate() {
        let Some(new) = renames.get(&op.id) else {
            final_names.push(wanted[i].clone());
            continue;
        };
        let name_of = |j: usize| renames.get(&operations[j].id).unwrap_or(&wanted[j]);
        // Another method of the namespace, or its `_stream` / `_multipart` variant.
        let names_of = |j: usize| {
            let base = name_of(j).trim_start_matches("r#");
            let (streams, multipart) = variant_kinds(&operations[j]);
            let variants = [streams.then(|| format!("{base}_stream")), multipart.then(|| format!("{base}_multipart"))];
            std::iter::once(name_of(j).clone()).chain(variants.into_iter().flatten())
        };
        let taken_by_method =
            (0..proposed.len()).any(|j| j != i && proposed[j].0 == *resource && names_of(j).any(|n| n == *new));
        if taken_by_method || child_names.contains(&(resource.as_slice(), new.as_str())) {
            let place =
                if resource.is_empty() { "the client".to_string() } else { format!("`{}()`", resource.join("().")) };
            return Err((op.id.clone(), format!("`{new}` is already a method or namespace of {place}")));
        }
        final_names.push(new.clone());
    }
    let final_names: Vec<String> = final_names
        .iter()
        .zip(&proposed)
        .map(|(name, (resource, _))| scopes.entry(resource.clone()).or_insert_with(method_scope).claim(name))
        .collect();
    // Variant methods are claimed after every main name, so they never take one.
    let variants: Vec<(Option<String>, Option<String>)> = operations
        .iter()
        .zip(&proposed)
        .zip(&final_names)
        .map(|((op, (resource, _)), name)| {
            let scope = scopes.entry(resource.clone()).or_insert_with(method_scope);
            let base = name.trim_start_matches("r#");
            let (streams, both) = variant_kinds(op);
            (
                streams.then(|| scope.claim(&format!("{base}_stream"))),
                both.then(|| scope.claim(&format!("{base}_multipart"))),
            )
        })
        .collect();

    let mut root = Resource::default();
    let mut type_scope = Scope::with_reserved(&reserved::types());
    let named = proposed.into_iter().zip(final_names).zip(variants);
    let mut names = Vec::with_capacity(operations.len());
    for (i, (op, (((resource, _), plain), (stream, multipart)))) in operations.iter_mut().zip(named).enumerate() {
        let mut node = &mut root;
        for (depth, accessor) in resource.iter().enumerate() {
            let pos = match node.children.iter().position(|c| &c.accessor == accessor) {
                Some(pos) => pos,
                None => {
                    let words: String = resource[..=depth].iter().map(|w| camel_ident(w, "Resource")).collect();
                    node.children.push(Resource {
                        accessor: accessor.clone(),
                        type_name: type_scope.claim(&words),
                        children: Vec::new(),
                        operations: Vec::new(),
                        features: Vec::new(),
                    });
                    node.children.len() - 1
                }
            };
            node = &mut node.children[pos];
        }
        node.operations.push(i);
        op.resource = resource;
        names.push(MethodNames { plain, stream, multipart });
    }
    Ok((root, names))
}

/// Whether `op` has a streaming variant, and a multipart one beside JSON.
fn variant_kinds(op: &Operation) -> (bool, bool) {
    let streams = op.stream.is_some() && op.body.is_some();
    let kinds: Vec<BodyKind> = op.body.iter().flat_map(|b| b.contents.iter().map(|(_, k, _)| *k)).collect();
    (streams, kinds.contains(&BodyKind::Json) && kinds.contains(&BodyKind::Multipart))
}
