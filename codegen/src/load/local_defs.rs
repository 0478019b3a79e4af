//! Component schemas that carry their own definitions (`$defs`, or
//! `definitions` in older JSON Schema) and refer to them as `#/$defs/Name`
//! from inside: the form pydantic and many JSON Schema tools emit, pasted into
//! an OpenAPI document. In the document, `#` is the OpenAPI root, so those
//! references would dangle; they are resolved against the enclosing schema,
//! as their author meant: each definition becomes a component schema (named
//! after it, or `<Schema><Name>` when that name is taken by a different
//! schema), and the references inside the schema point there.

use std::collections::HashMap;

use serde_json::{Map, Value};

use super::SourceMap;
use crate::error::pointer_token;

const KEYWORDS: [&str; 2] = ["$defs", "definitions"];

/// Hoists the local definitions of every component schema in `schemas`
/// (the `components/schemas` mapping). Returns the pointers of the schemas
/// whose definitions were resolved this way.
pub(super) fn hoist(schemas: &mut Map<String, Value>, source: &mut SourceMap) -> Vec<String> {
    let owners: Vec<String> = schemas
        .iter()
        .filter(|(_, s)| KEYWORDS.iter().any(|k| s.get(k).is_some_and(Value::is_object)))
        .map(|(name, _)| name.clone())
        .collect();
    let mut relied = Vec::new();
    // (owner, keyword, definition) → the component it became.
    let mut moved: HashMap<(String, &str, String), String> = HashMap::new();
    for owner in owners {
        let owner_pointer = format!("/components/schemas/{}", pointer_token(&owner));
        let mut targets: HashMap<String, String> = HashMap::new();
        let mut hoisted = Vec::new();
        for keyword in KEYWORDS {
            let Some(Value::Object(defs)) =
                schemas.get_mut(&owner).and_then(|s| s.as_object_mut()?.shift_remove(keyword))
            else {
                continue;
            };
            for (def_name, def) in defs {
                let target = free_name(schemas, &hoisted, &owner, &def_name, &def);
                let old_prefix = format!("{owner_pointer}/{keyword}/{}", pointer_token(&def_name));
                for form in [format!("#/{keyword}/{def_name}"), format!("#{old_prefix}")] {
                    targets.insert(form, target.clone());
                }
                moved.insert((owner.clone(), keyword, def_name), target.clone());
                hoisted.push((target, def));
            }
        }
        let mut local = Vec::new();
        if let Some(schema) = schemas.get_mut(&owner) {
            local.push(schema);
        }
        for (_, def) in hoisted.iter_mut() {
            local.push(def);
        }
        for value in local {
            rewrite_refs(value, &targets);
        }
        for (target, def) in hoisted {
            // The same definition pasted into several schemas is one component.
            if schemas.get(&target).is_none_or(|existing| *existing == def) {
                schemas.insert(target, def);
            }
        }
        relied.push(owner_pointer);
    }
    // Lines: the nodes of a moved definition keep theirs under the new pointer.
    source.remap(|pointer| {
        let rest = pointer.strip_prefix("/components/schemas/")?;
        let (owner, rest) = rest.split_once('/')?;
        let (keyword, rest) = rest.split_once('/')?;
        let keyword = KEYWORDS.into_iter().find(|k| *k == keyword)?;
        let (def, tail) = rest.split_once('/').map_or((rest, ""), |(d, t)| (d, t));
        let unescape = |t: &str| t.replace("~1", "/").replace("~0", "~");
        let target = moved.get(&(unescape(owner), keyword, unescape(def)))?;
        let tail = if tail.is_empty() { String::new() } else { format!("/{tail}") };
        Some(format!("/components/schemas/{}{tail}", pointer_token(target)))
    });
    relied
}

/// The component name for definition `def_name` of `owner`: its own name when
/// free (or held by an identical schema), else `<owner><def_name>`, numbered.
fn free_name(
    schemas: &Map<String, Value>,
    hoisted: &[(String, Value)],
    owner: &str,
    def_name: &str,
    def: &Value,
) -> String {
    let taken = |name: &str| {
        schemas.get(name).is_some_and(|existing| existing != def) || hoisted.iter().any(|(n, _)| n == name)
    };
    if !taken(def_name) {
        return def_name.to_string();
    }
    let base = format!("{owner}{def_name}");
    let mut name = base.clone();
    let mut n = 2;
    while taken(&name) {
        name = format!("{base}{n}");
        n += 1;
    }
    name
}

/// Points every `$ref` in `value` found in `targets` at its component.
fn rewrite_refs(value: &mut Value, targets: &HashMap<String, String>) {
    // Iterative: nesting is bounded by the parser, but there is no need to recurse.
    let mut pending = vec![value];
    while let Some(v) = pending.pop() {
        match v {
            Value::Object(map) => {
                if let Some(Value::String(reference)) = map.get_mut("$ref") {
                    if let Some(target) = targets.get(reference.as_str()) {
                        *reference = format!("#/components/schemas/{}", pointer_token(target));
                    }
                }
                pending.extend(map.values_mut());
            }
            Value::Array(items) => pending.extend(items.iter_mut()),
            _ => {}
        }
    }
}
