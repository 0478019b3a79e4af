//! A synthetic spec of N renamed copies of one spec, to check that generation
//! and the generated crate's build grow linearly with the spec (issue 12's
//! scale target: four copies within 4.4 × the time of one).

use serde_json::{Map, Value};

/// Component kinds whose names are copied; security schemes stay one set,
/// as `security` requirements name them.
const SHARED_COMPONENTS: &[&str] = &["securitySchemes"];

/// `n` copies of `spec` in one document: copy `i` (1-based) has every path
/// under `/copy{i}`, every component renamed `{name}Copy{i}` (with every
/// `#/components/…` reference to it) and every `operationId` suffixed `_copy{i}`.
pub fn copies(spec: &Value, n: usize) -> Value {
    let mut out = spec.clone();
    let Some(root) = out.as_object_mut() else { return out };
    let mut paths = Map::new();
    let mut components: Map<String, Value> = Map::new();
    for i in 1..=n {
        let copy = renamed(spec, i);
        if let Some(Value::Object(copy_paths)) = copy.get("paths") {
            for (path, item) in copy_paths {
                paths.insert(format!("/copy{i}{path}"), item.clone());
            }
        }
        if let Some(Value::Object(kinds)) = copy.get("components") {
            for (kind, entries) in kinds {
                let (Value::Object(entries), target) = (entries, components.entry(kind.clone())) else { continue };
                let target = target.or_insert_with(|| Value::Object(Map::new()));
                let Some(target) = target.as_object_mut() else { continue };
                if SHARED_COMPONENTS.contains(&kind.as_str()) && i > 1 {
                    continue;
                }
                target.extend(entries.iter().map(|(k, v)| (k.clone(), v.clone())));
            }
        }
    }
    root.insert("paths".into(), Value::Object(paths));
    if root.contains_key("components") {
        root.insert("components".into(), Value::Object(components));
    }
    out
}

/// Copy `i` of the whole document, names and references renamed.
fn renamed(spec: &Value, i: usize) -> Value {
    let suffix = format!("Copy{i}");
    let mut copy = spec.clone();
    rename_refs(&mut copy, &suffix, i);
    if let Some(Value::Object(kinds)) = copy.get_mut("components") {
        for (kind, entries) in kinds.iter_mut() {
            if SHARED_COMPONENTS.contains(&kind.as_str()) {
                continue;
            }
            if let Value::Object(entries) = entries {
                *entries = std::mem::take(entries).into_iter().map(|(k, v)| (format!("{k}{suffix}"), v)).collect();
            }
        }
    }
    copy
}

/// Renames every `#/components/{kind}/{name}` string (`$ref`s and
/// discriminator mappings alike) and suffixes every `operationId`.
fn rename_refs(value: &mut Value, suffix: &str, i: usize) {
    match value {
        Value::String(s) => {
            if let Some(rest) = s.strip_prefix("#/components/") {
                let mut parts = rest.splitn(3, '/');
                if let (Some(kind), Some(name)) = (parts.next(), parts.next()) {
                    if !SHARED_COMPONENTS.contains(&kind) {
                        let tail = parts.next().map(|t| format!("/{t}")).unwrap_or_default();
                        *s = format!("#/components/{kind}/{name}{suffix}{tail}");
                    }
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|v| rename_refs(v, suffix, i)),
        Value::Object(map) => {
            for (key, v) in map.iter_mut() {
                match v {
                    Value::String(id) if key == "operationId" => *id = format!("{id}_copy{i}"),
                    _ => rename_refs(v, suffix, i),
                }
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn copies_rename_paths_components_refs_and_operation_ids() {
        let spec = json!({
            "openapi": "3.0.0",
            "paths": {"/chat": {"post": {"operationId": "chat", "responses": {"200": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Reply"}}}}}}}},
            "components": {
                "schemas": {"Reply": {"oneOf": [{"$ref": "#/components/schemas/Reply/oneOf/0"}], "discriminator": {"mapping": {"a": "#/components/schemas/Reply"}}}},
                "securitySchemes": {"key": {"type": "http", "scheme": "bearer"}}
            }
        });
        let out = copies(&spec, 2);
        let paths: Vec<&String> = out["paths"].as_object().unwrap().keys().collect();
        assert_eq!(paths, ["/copy1/chat", "/copy2/chat"]);
        assert_eq!(out["paths"]["/copy2/chat"]["post"]["operationId"], "chat_copy2");
        let reply_ref =
            &out["paths"]["/copy2/chat"]["post"]["responses"]["200"]["content"]["application/json"]["schema"];
        assert_eq!(reply_ref["$ref"], "#/components/schemas/ReplyCopy2");
        let schemas: Vec<&String> = out["components"]["schemas"].as_object().unwrap().keys().collect();
        assert_eq!(schemas, ["ReplyCopy1", "ReplyCopy2"]);
        let reply = &out["components"]["schemas"]["ReplyCopy1"];
        assert_eq!(reply["oneOf"][0]["$ref"], "#/components/schemas/ReplyCopy1/oneOf/0");
        assert_eq!(reply["discriminator"]["mapping"]["a"], "#/components/schemas/ReplyCopy1");
        assert_eq!(out["components"]["securitySchemes"].as_object().unwrap().len(), 1);
    }
}
