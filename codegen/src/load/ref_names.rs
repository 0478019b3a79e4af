//! `$ref`s to components written with escapes, made plain: a reference is a
//! URI fragment holding a JSON pointer, so `#/components/schemas/Pet%2DList`
//! is percent-decoded (RFC 3986) and `a~1b` / `a~0b` unescaped to `a/b` /
//! `a~b` (RFC 6901). The later steps look components up by the name after
//! `#/components/<kind>/`, so they then find them.

use percent_encoding::percent_decode_str;
use serde_json::Value;

/// Rewrites every escaped `$ref` to a component in `value`, in place.
pub fn decode(value: &mut Value) {
    match value {
        Value::Object(map) => {
            for (key, item) in map.iter_mut() {
                match item {
                    Value::String(reference) if key == "$ref" => {
                        if let Some(plain) = decoded(reference) {
                            *reference = plain;
                        }
                    }
                    item => decode(item),
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(decode),
        _ => {}
    }
}

/// `reference` with its component's name unescaped; `None` when it needs
/// nothing, or points deeper than a component (left for the error it gets).
fn decoded(reference: &str) -> Option<String> {
    let (kind, name) = reference.strip_prefix("#/components/")?.split_once('/')?;
    if !name.contains(['~', '%']) {
        return None;
    }
    let name = percent_decode_str(name).decode_utf8().ok()?;
    // A `/` after percent-decoding is a step of the pointer, not part of a name.
    if name.contains('/') {
        return None;
    }
    Some(format!("#/components/{kind}/{}", name.replace("~1", "/").replace("~0", "~")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn escaped_component_names_are_made_plain() {
        let mut doc = json!({"a": {"$ref": "#/components/schemas/Pet%2DList"}, "b": [{"$ref": "#/components/schemas/a~1b~0c"}],
            "c": {"$ref": "#/components/schemas/Plain"}, "d": {"$ref": "#/components/schemas/A%2Fproperties"}});
        decode(&mut doc);
        assert_eq!(doc["a"]["$ref"], "#/components/schemas/Pet-List");
        assert_eq!(doc["b"][0]["$ref"], "#/components/schemas/a/b~c");
        assert_eq!(doc["c"]["$ref"], "#/components/schemas/Plain");
        assert_eq!(doc["d"]["$ref"], "#/components/schemas/A%2Fproperties", "deeper than a component: kept");
    }
}
