//! Schemas: the 3.1 → 3.0 rewrites listed in `normalize`'s docs.

use serde_json::{Map, Value};

use super::*;

impl Normalizer {
    // ----- schemas ---------------------------------------------------------

    pub(super) fn schema(&mut self, v: &mut Value) -> Res {
        // Boolean schemas (3.1).
        if let Value::Bool(b) = v {
            *v = if *b { Value::Object(Map::new()) } else { serde_json::json!({ "not": {} }) };
            self.rewritten("boolean schema");
            return Ok(());
        }
        let Value::Object(map) = v else {
            return Err(self.err(format!("expected a schema (a mapping), found {}", kind_of(v))));
        };

        // An empty keyword (`description:`) reads as absent; `type:` empty is
        // taken as "null" below, and a null default/example/const is a value.
        map.retain(|key, value| {
            !value.is_null()
                || matches!(key.as_str(), "type" | "default" | "example" | "const")
                || key.starts_with("x-")
        });
        if map.shift_remove("$recursiveAnchor").is_some() {
            self.rewritten("$recursiveAnchor");
        }
        if let Some(target) = map.get("$recursiveRef").cloned() {
            self.recursive_ref(map, &target)?;
        }

        if map.contains_key("$ref") {
            match map.get("$ref") {
                Some(Value::String(_)) => {}
                Some(other) => {
                    return Err(
                        self.at("$ref", |n| n.err(format!("`$ref` must be a string, found {}", kind_of(other))))
                    );
                }
                None => {}
            }
            if map.len() == 1 {
                return Ok(());
            }
            self.wrap_ref(map);
        }

        if let Some(ty) = map.get("type") {
            let ty = ty.clone();
            let split = self.at("type", |n| n.normalize_type(map, ty))?;
            if let Some(types) = split {
                self.split_types(map, &types);
            }
        }
        if let Some(value) = map.shift_remove("const") {
            self.constant(map, value);
        }
        if let Some(examples) = map.shift_remove("examples") {
            if map.contains_key("x-examples") {
                self.at("examples", |n| n.not_understood("examples".into()));
            } else {
                map.insert("x-examples".into(), examples);
                self.rewritten("examples → x-examples");
            }
        }
        for (exclusive, bound) in [("exclusiveMinimum", "minimum"), ("exclusiveMaximum", "maximum")] {
            self.exclusive_bound(map, exclusive, bound)?;
        }

        let mut unknown = Vec::new();
        let mut nullable = false;
        for (key, value) in map.iter_mut() {
            if key.starts_with("x-") {
                continue;
            }
            let len = self.path.len();
            push_token(&mut self.path, key);
            let r = match key.as_str() {
                "properties" => self.schema_map(value),
                "items" => match value {
                    Value::Array(_) => {
                        unknown.push("items (list form)".to_string());
                        Ok(())
                    }
                    _ => self.schema(value),
                },
                "not" => self.schema(value),
                "additionalProperties" => match value {
                    Value::Bool(_) => Ok(()),
                    _ => self.schema(value),
                },
                "allOf" => self.schema_list(value).map(|_| ()),
                "anyOf" | "oneOf" => self.schema_list(value).map(|null| nullable |= null),
                "required" => match value {
                    Value::Array(_) => self.string_list(value),
                    other => Err(self.err(format!(
                        "`required` must be a list of property names, found {}{}",
                        kind_of(other),
                        if other.is_boolean() {
                            " (mark a property required in its parent's `required` list)"
                        } else {
                            ""
                        }
                    ))),
                },
                "enum" => match value {
                    Value::Array(_) => Ok(()),
                    other => Err(self.err(format!("`enum` must be a list, found {}", kind_of(other)))),
                },
                "discriminator" => self.discriminator(value),
                "externalDocs" => self.external_docs(value),
                "nullable" | "readOnly" | "writeOnly" | "deprecated" | "uniqueItems" | "exclusiveMinimum"
                | "exclusiveMaximum" => self.boolean(value),
                "minLength" | "maxLength" | "minItems" | "maxItems" | "minProperties" | "maxProperties" => {
                    self.count(value)
                }
                "minimum" | "maximum" => self.number(value),
                "multipleOf" => match value {
                    Value::Number(n) if n.as_f64().is_some_and(|f| f > 0.0) => Ok(()),
                    other => Err(self.err(format!("`multipleOf` must be a number above 0, found {}", describe(other)))),
                },
                "title" | "description" | "format" | "pattern" => self.string(value),
                "type" | "default" | "example" => Ok(()),
                "$ref" => Ok(()),
                _ => {
                    unknown.push(key.clone());
                    Ok(())
                }
            };
            self.path.truncate(len);
            r?;
        }
        for key in unknown {
            let real = key.strip_suffix(" (list form)").unwrap_or(&key).to_string();
            map.shift_remove(&real);
            self.at(&real, |n| n.not_understood(key));
        }
        if nullable {
            map.insert("nullable".into(), Value::Bool(true));
            // Only null branches: nothing left to choose from.
            for combinator in ["anyOf", "oneOf"] {
                if map.get(combinator).and_then(Value::as_array).is_some_and(Vec::is_empty) {
                    map.shift_remove(combinator);
                }
            }
        }
        // Infinite bounds (`.inf`) bound nothing.
        for bound in ["minimum", "maximum"] {
            if map.get(bound).is_some_and(|v| v.is_string()) {
                map.shift_remove(bound);
                self.rewritten("infinite bound dropped");
            }
        }
        if map.get("type").and_then(Value::as_str) == Some("integer") {
            self.integer_bounds(map);
        }
        Ok(())
    }

    /// `$recursiveRef: "#"` → `$ref` to the enclosing component schema.
    pub(super) fn recursive_ref(&mut self, map: &mut Map<String, Value>, target: &Value) -> Res {
        map.shift_remove("$recursiveRef");
        if target.as_str() != Some("#") {
            self.at("$recursiveRef", |n| n.not_understood("$recursiveRef".into()));
            return Ok(());
        }
        let Some(component) = self.component.clone() else {
            self.at("$recursiveRef", |n| n.not_understood("$recursiveRef".into()));
            return Ok(());
        };
        if map.contains_key("$ref") {
            return Err(self.err("a schema cannot have both `$ref` and `$recursiveRef`"));
        }
        let reference = format!("#/components/schemas/{}", crate::error::pointer_token(&component));
        map.shift_insert(0, "$ref".into(), Value::String(reference));
        self.same_line("/$ref", "/$recursiveRef");
        self.rewritten("$recursiveRef → $ref");
        Ok(())
    }

    /// `{$ref, siblings…}` → `{allOf: [{$ref}], siblings…}`.
    pub(super) fn wrap_ref(&mut self, map: &mut Map<String, Value>) {
        let Some(index) = map.keys().position(|k| k == "$ref") else {
            return;
        };
        let Some(reference) = map.shift_remove("$ref") else {
            return;
        };
        let mut inner = Map::new();
        inner.insert("$ref".into(), reference);
        if let Some(Value::Array(all_of)) = map.get_mut("allOf") {
            // A `$ref` beside an `allOf` is one more part of it.
            all_of.insert(0, Value::Object(inner));
        } else {
            map.shift_insert(index.min(map.len()), "allOf".into(), Value::Array(vec![Value::Object(inner)]));
            self.same_line("/allOf", "/$ref");
        }
        self.same_line("/allOf/0", "/$ref");
        self.same_line("/allOf/0/$ref", "/$ref");
        self.rewritten("$ref with siblings → allOf");
    }

    /// Checks `type` and folds "null" into `nullable`. Returns the types to
    /// split into an `anyOf` when several remain.
    pub(super) fn normalize_type(
        &mut self,
        map: &mut Map<String, Value>,
        ty: Value,
    ) -> Result<Option<Vec<String>>, Error> {
        let mut types: Vec<String> = Vec::new();
        let check = |n: &Self, t: &Value| -> Result<String, Error> {
            match t.as_str() {
                // `type: null` unquoted is YAML's null; the author meant "null".
                None if t.is_null() => Ok("null".to_string()),
                Some(s) if TYPES.contains(&s) => Ok(s.to_string()),
                Some(s) => Err(n.err(format!("unknown type {s:?} (expected one of {})", TYPES.join(", ")))),
                None => Err(n.err(format!("a type must be a string, found {}", kind_of(t)))),
            }
        };
        match &ty {
            Value::String(_) | Value::Null => {
                let t = check(self, &ty)?;
                if t != "null" {
                    return Ok(None);
                }
                types.push(t);
            }
            Value::Array(list) => {
                for (i, t) in list.iter().enumerate() {
                    let t = self.at_index(i, |n| check(n, t))?;
                    if !types.contains(&t) {
                        types.push(t);
                    }
                }
            }
            other => {
                return Err(self.err(format!("`type` must be a string or a list of strings, found {}", kind_of(other))));
            }
        }
        let had_null = types.iter().any(|t| t == "null");
        types.retain(|t| t != "null");
        if had_null {
            map.insert("nullable".into(), Value::Bool(true));
        }
        match types.as_slice() {
            [] => {
                map.shift_remove("type");
                self.rewritten("type null → nullable");
            }
            [one] => {
                map.insert("type".into(), Value::String(one.clone()));
                self.rewritten(if had_null { "type [X, null] → nullable" } else { "type [X] → X" });
            }
            _ => {
                self.rewritten("type [A, B] → anyOf");
                return Ok(Some(types));
            }
        }
        Ok(None)
    }

    /// `type: [A, B]` → `anyOf: [{type: A, …A's keywords}, {type: B, …}]`.
    pub(super) fn split_types(&mut self, map: &mut Map<String, Value>, types: &[String]) {
        map.shift_remove("type");
        let applies = |key: &str, t: &str| -> bool {
            match key {
                "format" => matches!(t, "string" | "number" | "integer"),
                "pattern" | "minLength" | "maxLength" => t == "string",
                "minimum" | "maximum" | "exclusiveMinimum" | "exclusiveMaximum" | "multipleOf" => {
                    matches!(t, "number" | "integer")
                }
                "items" | "minItems" | "maxItems" | "uniqueItems" => t == "array",
                "properties" | "required" | "additionalProperties" | "minProperties" | "maxProperties" => t == "object",
                _ => false,
            }
        };
        let specific: Vec<String> = map.keys().filter(|k| types.iter().any(|t| applies(k, t))).cloned().collect();
        let enumeration = map.shift_remove("enum");
        let mut branches = Vec::new();
        for t in types {
            let mut branch = Map::new();
            branch.insert("type".into(), Value::String(t.clone()));
            for key in &specific {
                if applies(key, t) {
                    if let Some(v) = map.get(key) {
                        branch.insert(key.clone(), v.clone());
                    }
                }
            }
            if let Some(Value::Array(values)) = &enumeration {
                let mine: Vec<Value> = values.iter().filter(|v| value_has_type(v, t)).cloned().collect();
                if !mine.is_empty() {
                    branch.insert("enum".into(), Value::Array(mine));
                }
            }
            branches.push(Value::Object(branch));
        }
        for key in &specific {
            map.shift_remove(key);
        }
        // Where the branches land, and their lines: the `type` line, and
        // for moved keywords the keyword's own.
        let prefix = if map.contains_key("anyOf") {
            let n = map.get("allOf").and_then(Value::as_array).map_or(0, Vec::len);
            format!("/allOf/{n}/anyOf")
        } else {
            "/anyOf".to_string()
        };
        for (i, branch) in branches.iter().enumerate() {
            self.same_line(&format!("{prefix}/{i}"), "/type");
            for key in branch.as_object().into_iter().flat_map(Map::keys) {
                if key != "type" {
                    self.same_line(&format!("{prefix}/{i}/{key}"), &format!("/{key}"));
                }
            }
        }
        let any_of = Value::Array(branches);
        if map.contains_key("anyOf") {
            let mut part = Map::new();
            part.insert("anyOf".into(), any_of);
            match map.get_mut("allOf") {
                Some(Value::Array(all_of)) => all_of.push(Value::Object(part)),
                _ => {
                    map.insert("allOf".into(), Value::Array(vec![Value::Object(part)]));
                }
            }
        } else {
            map.insert("anyOf".into(), any_of);
        }
    }

    /// `const: v` → `enum: [v]` + `x-const: true`.
    pub(super) fn constant(&mut self, map: &mut Map<String, Value>, value: Value) {
        if !map.contains_key("type") {
            let inferred = match &value {
                Value::String(_) => Some("string"),
                Value::Bool(_) => Some("boolean"),
                Value::Number(n) if n.is_f64() => Some("number"),
                Value::Number(_) => Some("integer"),
                Value::Array(_) => Some("array"),
                Value::Object(_) => Some("object"),
                Value::Null => None,
            };
            if let Some(t) = inferred {
                map.insert("type".into(), Value::String(t.into()));
            } else {
                map.insert("nullable".into(), Value::Bool(true));
            }
        }
        map.insert("enum".into(), Value::Array(vec![value]));
        map.insert("x-const".into(), Value::Bool(true));
        self.rewritten("const → enum + x-const");
    }

    /// Numeric `exclusiveMinimum: n` → `minimum: n` + `exclusiveMinimum: true`.
    pub(super) fn exclusive_bound(&mut self, map: &mut Map<String, Value>, exclusive: &str, bound: &str) -> Res {
        let Some(value) = map.get(exclusive) else {
            return Ok(());
        };
        let limit = match value {
            Value::Bool(_) => return Ok(()),
            Value::Number(n) => n.clone(),
            other if is_infinite_text(other) => {
                map.shift_remove(exclusive);
                self.rewritten("infinite bound dropped");
                return Ok(());
            }
            other => {
                let message = format!("`{exclusive}` must be a number or a boolean, found {}", kind_of(other));
                return Err(self.at(exclusive, |n| n.err(message)));
            }
        };
        let lower = bound == "minimum";
        let keep_inclusive = match map.get(bound).and_then(Value::as_f64) {
            // Both apply; keep the stricter one.
            Some(inclusive) => {
                let l = limit.as_f64().unwrap_or(0.0);
                if lower {
                    inclusive > l
                } else {
                    inclusive < l
                }
            }
            None => false,
        };
        if keep_inclusive {
            map.shift_remove(exclusive);
        } else {
            map.insert(bound.into(), Value::Number(limit));
            map.insert(exclusive.into(), Value::Bool(true));
            self.same_line(&format!("/{bound}"), &format!("/{exclusive}"));
        }
        self.rewritten("numeric exclusive bound → bound + boolean");
        Ok(())
    }

    /// Integer schemas: bounds, `multipleOf` and `enum` as i64.
    pub(super) fn integer_bounds(&mut self, map: &mut Map<String, Value>) {
        for (key, lower) in [("minimum", true), ("maximum", false)] {
            let Some(Value::Number(n)) = map.get(key) else {
                continue;
            };
            if n.is_i64() {
                continue;
            }
            let fixed: i64 = if n.is_u64() {
                i64::MAX
            } else {
                let f = n.as_f64().unwrap_or(0.0);
                // Rounded inward; `as` saturates at the i64 range.
                if lower {
                    f.ceil() as i64
                } else {
                    f.floor() as i64
                }
            };
            map.insert(key.into(), Value::Number(fixed.into()));
            self.rewritten("integer bound made i64");
        }
        if let Some(Value::Number(n)) = map.get("multipleOf") {
            if let Some(i) = integral(n) {
                map.insert("multipleOf".into(), Value::Number(i.into()));
            }
        }
        if let Some(Value::Array(values)) = map.get_mut("enum") {
            for v in values.iter_mut() {
                if let Value::Number(n) = v {
                    if let Some(i) = integral(n) {
                        *v = Value::Number(i.into());
                    }
                }
            }
        }
    }

    pub(super) fn schema_map(&mut self, v: &mut Value) -> Res {
        let Value::Object(map) = v else {
            return Err(self.err(format!("`properties` must be a mapping of schemas, found {}", kind_of(v))));
        };
        for (name, schema) in map.iter_mut() {
            self.at(name, |n| n.schema(schema))?;
        }
        Ok(())
    }

    /// `allOf`/`anyOf`/`oneOf`. Removes `{type: "null"}` branches; returns
    /// true when it did (the parent becomes nullable).
    pub(super) fn schema_list(&mut self, v: &mut Value) -> Result<bool, Error> {
        let Value::Array(items) = v else {
            return Err(self.err(format!("expected a list of schemas, found {}", kind_of(v))));
        };
        let combinator = self.path.rsplit('/').next().unwrap_or_default().to_string();
        if items.is_empty() {
            // JSON Schema asks for one schema at least; none gives the value no shape to take.
            return Err(self.err(format!("`{combinator}` is an empty list: it needs at least one schema")));
        }
        let null_branch: Vec<bool> = items.iter().map(is_null_schema).collect();
        let removes_null = combinator != "allOf" && null_branch.iter().any(|b| *b);
        for (i, item) in items.iter_mut().enumerate() {
            if removes_null && null_branch[i] {
                continue;
            }
            self.at_index(i, |n| n.schema(item))?;
        }
        if !removes_null {
            return Ok(false);
        }
        let mut index = 0;
        let mut kept = 0;
        items.retain(|_| {
            let keep = !null_branch[index];
            if keep && kept != index {
                // Keep lines right for the branches that move up.
                let base = self.path.clone();
                if let Some(line) = self.source.line_of(&format!("{base}/{index}")) {
                    self.source.insert(format!("{base}/{kept}"), line);
                }
            }
            if keep {
                kept += 1;
            }
            index += 1;
            keep
        });
        self.rewritten("null branch → nullable");
        Ok(true)
    }

    pub(super) fn count(&mut self, v: &mut Value) -> Res {
        if let Value::Number(n) = v {
            if n.is_u64() {
                return Ok(());
            }
            if let Some(i) = integral(n).filter(|i| *i >= 0) {
                *v = Value::Number(i.into());
                return Ok(());
            }
        }
        Err(self.err(format!("expected a non-negative integer, found {}", describe(v))))
    }

    pub(super) fn number(&mut self, v: &mut Value) -> Res {
        if v.is_number() || is_infinite_text(v) {
            return Ok(());
        }
        Err(self.err(format!("expected a number, found {}", describe(v))))
    }
}
