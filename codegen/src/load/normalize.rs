//! One pass over the parsed tree that brings OpenAPI 3.1 / JSON Schema forms
//! into the OpenAPI 3.0 shape `openapiv3` models, checks the types of the
//! fields it knows (so a user's mistake is reported with pointer and line
//! instead of being dropped or failing deep inside serde), and counts what the
//! model has no place for in [`LoadReport::not_understood`].
//!
//! Rules (in either spec version, since real files mix forms):
//! - `type: [X, "null"]` → `type: X` + `nullable: true`; `type: "null"` and
//!   `{type: "null"}` branches of `anyOf`/`oneOf` → removed, parent
//!   `nullable: true`; `type: [A, B]` → `anyOf` of one schema per type.
//! - `const: v` → `enum: [v]` + `x-const: true` (type inferred when missing).
//! - schema `examples: [..]` → `x-examples`.
//! - numeric `exclusiveMinimum`/`exclusiveMaximum` → bound + boolean.
//! - `$ref` with siblings → `allOf: [{$ref}]` + the siblings.
//! - `$recursiveRef: "#"` → `$ref` to the enclosing component schema.
//! - boolean schemas → `{}` / `{not: {}}`.
//! - integer bounds that are floats or outside i64 → rounded inward, clamped.

use serde_json::{Map, Number, Value};

use super::{push_token, LoadReport, SourceMap};
use crate::Error;

type Res = Result<(), Error>;
type Walk = fn(&mut Normalizer, &mut Value) -> Res;

const TYPES: [&str; 7] = ["string", "number", "integer", "boolean", "array", "object", "null"];

/// Normalizes `doc` in place; adds lines for the nodes it moves to `source`.
pub(super) fn normalize(file: &str, doc: &mut Value, source: SourceMap) -> Result<(SourceMap, LoadReport), Error> {
    let mut n = Normalizer {
        file: file.to_string(),
        source,
        report: LoadReport::default(),
        path: String::new(),
        component: None,
        v31: false,
    };
    n.document(doc)?;
    Ok((n.source, n.report))
}

struct Normalizer {
    file: String,
    source: SourceMap,
    report: LoadReport,
    /// JSON pointer of the node being walked.
    path: String,
    /// Name of the component schema being walked (target of `$recursiveRef`).
    component: Option<String>,
    /// The spec says `openapi: 3.1.x`.
    v31: bool,
}

/// How a known field of a (non-schema) object is checked and walked.
#[derive(Clone, Copy)]
enum F {
    Str,
    Bool,
    Any,
    StrList,
    StrMap,
    Obj(Walk),
    ListOf(Walk),
    MapOf(Walk),
}

struct Obj {
    /// Prefix of `not_understood` keys, e.g. `operation`.
    name: &'static str,
    fields: &'static [(&'static str, F)],
    required: &'static [&'static str],
}

fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "a mapping",
    }
}

fn is_infinite_text(v: &Value) -> bool {
    matches!(v.as_str(), Some(".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" | "-.inf" | "-.Inf" | "-.INF"))
}

impl Normalizer {
    // ----- plumbing -------------------------------------------------------

    fn err(&self, message: impl Into<String>) -> Error {
        Error::new(&self.file, self.path.clone(), message).at_line(self.source.line_of(&self.path))
    }

    fn at<R>(&mut self, token: &str, f: impl FnOnce(&mut Self) -> R) -> R {
        let len = self.path.len();
        push_token(&mut self.path, token);
        let r = f(self);
        self.path.truncate(len);
        r
    }

    fn at_index<R>(&mut self, index: usize, f: impl FnOnce(&mut Self) -> R) -> R {
        let len = self.path.len();
        self.path.push('/');
        self.path.push_str(&index.to_string());
        let r = f(self);
        self.path.truncate(len);
        r
    }

    fn not_understood(&mut self, key: String) {
        let pointer = self.path.clone();
        self.report.not_understood_at.entry(key.clone()).or_insert(pointer);
        *self.report.not_understood.entry(key).or_insert(0) += 1;
    }

    fn rewritten(&mut self, rule: &str) {
        *self.report.rewritten.entry(rule.to_string()).or_insert(0) += 1;
    }

    /// Gives `child` (relative to the current path) the line of `from`.
    fn same_line(&mut self, child: &str, from: &str) {
        let from = format!("{}{from}", self.path);
        if let Some(line) = self.source.line_of(&from) {
            self.source.insert(format!("{}{child}", self.path), line);
        }
    }

    // ----- generic objects ------------------------------------------------

    fn object(&mut self, v: &mut Value, o: &Obj) -> Res {
        let Value::Object(map) = v else {
            return Err(self.err(format!("expected a mapping ({}), found {}", o.name, kind_of(v))));
        };
        // An empty value (`description:`) reads as absent, as serde reads
        // it for optional fields.
        map.retain(|key, value| {
            !value.is_null()
                || o.fields.iter().any(|(name, field)| name == key && matches!(field, F::Any))
                || !o.fields.iter().any(|(name, _)| name == key)
        });
        for req in o.required {
            if !map.contains_key(*req) {
                return Err(self.err(format!("{} is missing the required field `{req}`", o.name)));
            }
        }
        let mut unknown = Vec::new();
        for (key, value) in map.iter_mut() {
            if key.starts_with("x-") {
                continue;
            }
            match o.fields.iter().find(|(name, _)| *name == key) {
                Some((_, field)) => {
                    let field = *field;
                    self.at(key, |n| n.field(value, field))?;
                }
                None => unknown.push(key.clone()),
            }
        }
        for key in unknown {
            map.shift_remove(&key);
            let name = format!("{}.{key}", o.name);
            self.at(&key, |n| n.not_understood(name));
        }
        Ok(())
    }

    fn field(&mut self, v: &mut Value, f: F) -> Res {
        match f {
            F::Str => self.string(v),
            F::Bool => self.boolean(v),
            F::Any => Ok(()),
            F::StrList => self.string_list(v),
            F::StrMap => {
                let Value::Object(map) = v else {
                    return Err(self.err(format!("expected a mapping of strings, found {}", kind_of(v))));
                };
                for (k, item) in map.iter_mut() {
                    self.at(k, |n| n.string(item))?;
                }
                Ok(())
            }
            F::Obj(walk) => walk(self, v),
            F::ListOf(walk) => {
                let Value::Array(items) = v else {
                    return Err(self.err(format!("expected a list, found {}", kind_of(v))));
                };
                for (i, item) in items.iter_mut().enumerate() {
                    self.at_index(i, |n| walk(n, item))?;
                }
                Ok(())
            }
            F::MapOf(walk) => {
                let Value::Object(map) = v else {
                    return Err(self.err(format!("expected a mapping, found {}", kind_of(v))));
                };
                // Maps of names (content, headers, examples…) take no
                // extensions: `x-request-id` is a header's name.
                for (k, item) in map.iter_mut() {
                    self.at(k, |n| walk(n, item))?;
                }
                Ok(())
            }
        }
    }

    /// Strings; numbers (a YAML `version: 1.0`) are taken as their text.
    fn string(&mut self, v: &mut Value) -> Res {
        match v {
            Value::String(_) => Ok(()),
            Value::Number(num) => {
                *v = Value::String(num.to_string());
                Ok(())
            }
            other => Err(self.err(format!("expected a string, found {}", kind_of(other)))),
        }
    }

    fn boolean(&mut self, v: &mut Value) -> Res {
        match v {
            Value::Bool(_) => Ok(()),
            Value::String(s) => Err(self.err(format!("expected true or false, found the string {s:?}"))),
            other => Err(self.err(format!("expected true or false, found {}", kind_of(other)))),
        }
    }

    fn string_list(&mut self, v: &mut Value) -> Res {
        let Value::Array(items) = v else {
            return Err(self.err(format!("expected a list of strings, found {}", kind_of(v))));
        };
        for (i, item) in items.iter_mut().enumerate() {
            self.at_index(i, |n| n.string(item))?;
        }
        Ok(())
    }

    /// A Reference Object or the item `walk` checks. 3.1 allows `summary` and
    /// `description` beside `$ref` there; the model keeps only `$ref`.
    fn ref_or(&mut self, v: &mut Value, walk: Walk) -> Res {
        let Some(map) = v.as_object_mut().filter(|m| m.contains_key("$ref")) else {
            return walk(self, v);
        };
        let mut dropped = Vec::new();
        for (key, value) in map.iter_mut() {
            if key == "$ref" {
                self.at(key, |n| match value {
                    Value::String(_) => Ok(()),
                    other => Err(n.err(format!("`$ref` must be a string, found {}", kind_of(other)))),
                })?;
            } else if !key.starts_with("x-") {
                dropped.push(key.clone());
            }
        }
        for key in dropped {
            map.shift_remove(&key);
            let name = format!("reference.{key}");
            self.at(&key, |n| n.not_understood(name));
        }
        Ok(())
    }

    // ----- the document -----------------------------------------------------

    fn document(&mut self, v: &mut Value) -> Res {
        let Value::Object(map) = v else {
            return Err(self.err(format!("a spec must be a mapping at the top, found {}", kind_of(v))));
        };
        if map.contains_key("swagger") {
            return Err(self.err("Swagger 2.0 specs are not supported; convert to OpenAPI 3 first"));
        }
        let Some(version) = map.get_mut("openapi") else {
            return Err(self.err("not an OpenAPI spec: the field `openapi` is missing"));
        };
        self.at("openapi", |n| n.string(version))?;
        let version = version.as_str().unwrap_or_default().to_string();
        if !version.starts_with("3.") {
            return Err(self.at("openapi", |n| n.err(format!("OpenAPI {version} is not supported (only 3.0 and 3.1)"))));
        }
        self.v31 = !version.starts_with("3.0");
        if self.v31 && !map.contains_key("paths") {
            map.insert("paths".into(), Value::Object(Map::new()));
        }
        const DOC: Obj = Obj {
            name: "document",
            fields: &[
                ("openapi", F::Str),
                ("info", F::Obj(Normalizer::info)),
                ("servers", F::ListOf(Normalizer::server)),
                ("paths", F::Obj(Normalizer::paths)),
                ("components", F::Obj(Normalizer::components)),
                ("security", F::ListOf(Normalizer::security_requirement)),
                ("tags", F::ListOf(Normalizer::tag)),
                ("externalDocs", F::Obj(Normalizer::external_docs)),
            ],
            required: &["info", "paths"],
        };
        self.object(v, &DOC)
    }

    fn info(&mut self, v: &mut Value) -> Res {
        const INFO: Obj = Obj {
            name: "info",
            fields: &[
                ("title", F::Str),
                ("description", F::Str),
                ("termsOfService", F::Str),
                ("contact", F::Obj(Normalizer::contact)),
                ("license", F::Obj(Normalizer::license)),
                ("version", F::Str),
            ],
            required: &["title", "version"],
        };
        self.object(v, &INFO)
    }

    fn contact(&mut self, v: &mut Value) -> Res {
        const CONTACT: Obj =
            Obj { name: "contact", fields: &[("name", F::Str), ("url", F::Str), ("email", F::Str)], required: &[] };
        self.object(v, &CONTACT)
    }

    fn license(&mut self, v: &mut Value) -> Res {
        const LICENSE: Obj = Obj { name: "license", fields: &[("name", F::Str), ("url", F::Str)], required: &["name"] };
        self.object(v, &LICENSE)
    }

    fn server(&mut self, v: &mut Value) -> Res {
        const SERVER: Obj = Obj {
            name: "server",
            fields: &[("url", F::Str), ("description", F::Str), ("variables", F::MapOf(Normalizer::server_variable))],
            required: &["url"],
        };
        self.object(v, &SERVER)
    }

    fn server_variable(&mut self, v: &mut Value) -> Res {
        const VAR: Obj = Obj {
            name: "serverVariable",
            fields: &[("enum", F::StrList), ("default", F::Str), ("description", F::Str)],
            required: &["default"],
        };
        self.object(v, &VAR)
    }

    fn external_docs(&mut self, v: &mut Value) -> Res {
        const DOCS: Obj =
            Obj { name: "externalDocs", fields: &[("description", F::Str), ("url", F::Str)], required: &["url"] };
        self.object(v, &DOCS)
    }

    fn tag(&mut self, v: &mut Value) -> Res {
        const TAG: Obj = Obj {
            name: "tag",
            fields: &[("name", F::Str), ("description", F::Str), ("externalDocs", F::Obj(Normalizer::external_docs))],
            required: &["name"],
        };
        self.object(v, &TAG)
    }

    fn security_requirement(&mut self, v: &mut Value) -> Res {
        let Value::Object(map) = v else {
            return Err(self
                .err(format!("expected a security requirement (a mapping of scheme → scopes), found {}", kind_of(v))));
        };
        for (k, scopes) in map.iter_mut() {
            self.at(k, |n| n.string_list(scopes))?;
        }
        Ok(())
    }

    fn paths(&mut self, v: &mut Value) -> Res {
        let Value::Object(map) = v else {
            return Err(self.err(format!("`paths` must be a mapping, found {}", kind_of(v))));
        };
        for (path, item) in map.iter_mut() {
            if path.starts_with("x-") {
                continue;
            }
            self.at(path, |n| {
                if !path.starts_with('/') {
                    return Err(n.err(format!("path {path:?} must start with `/`")));
                }
                n.ref_or(item, Normalizer::path_item)
            })?;
        }
        Ok(())
    }

    fn path_item(&mut self, v: &mut Value) -> Res {
        const ITEM: Obj = Obj {
            name: "pathItem",
            fields: &[
                ("summary", F::Str),
                ("description", F::Str),
                ("get", F::Obj(Normalizer::operation)),
                ("put", F::Obj(Normalizer::operation)),
                ("post", F::Obj(Normalizer::operation)),
                ("delete", F::Obj(Normalizer::operation)),
                ("options", F::Obj(Normalizer::operation)),
                ("head", F::Obj(Normalizer::operation)),
                ("patch", F::Obj(Normalizer::operation)),
                ("trace", F::Obj(Normalizer::operation)),
                ("servers", F::ListOf(Normalizer::server)),
                ("parameters", F::ListOf(Normalizer::parameter_or_ref)),
            ],
            required: &[],
        };
        self.object(v, &ITEM)
    }

    fn operation(&mut self, v: &mut Value) -> Res {
        if let Value::Object(map) = v {
            // 3.1 made `responses` optional; the model needs it.
            if self.v31 && !map.contains_key("responses") {
                map.insert("responses".into(), Value::Object(Map::new()));
            }
        }
        const OPERATION: Obj = Obj {
            name: "operation",
            fields: &[
                ("tags", F::StrList),
                ("summary", F::Str),
                ("description", F::Str),
                ("externalDocs", F::Obj(Normalizer::external_docs)),
                ("operationId", F::Str),
                ("parameters", F::ListOf(Normalizer::parameter_or_ref)),
                ("requestBody", F::Obj(Normalizer::request_body_or_ref)),
                ("responses", F::Obj(Normalizer::responses)),
                ("callbacks", F::Obj(Normalizer::operation_callbacks)),
                ("deprecated", F::Bool),
                ("security", F::ListOf(Normalizer::security_requirement)),
                ("servers", F::ListOf(Normalizer::server)),
            ],
            required: &["responses"],
        };
        self.object(v, &OPERATION)
    }

    fn parameter_or_ref(&mut self, v: &mut Value) -> Res {
        self.ref_or(v, Normalizer::parameter)
    }

    fn parameter(&mut self, v: &mut Value) -> Res {
        let Value::Object(map) = v else {
            return Err(self.err(format!("expected a parameter (a mapping), found {}", kind_of(v))));
        };
        let location = match map.get("in") {
            Some(Value::String(s)) => s.clone(),
            Some(other) => {
                return Err(self.at("in", |n| n.err(format!("`in` must be a string, found {}", kind_of(other)))))
            }
            None => return Err(self.err("parameter is missing the required field `in`")),
        };
        let styles: &[&str] = match location.as_str() {
            "query" => &["form", "spaceDelimited", "pipeDelimited", "deepObject"],
            "path" => &["matrix", "label", "simple"],
            "header" => &["simple"],
            "cookie" => &["form"],
            other => {
                return Err(self.at("in", |n| {
                    n.err(format!("unknown parameter location {other:?} (expected one of query, path, header, cookie)"))
                }))
            }
        };
        self.schema_or_content(map, "parameter")?;
        if let Some(style) = map.get("style") {
            let ok = style.as_str().is_some_and(|s| styles.contains(&s));
            if !ok {
                let shown = style.as_str().map_or_else(|| kind_of(style).to_string(), |s| format!("{s:?}"));
                return Err(self.at("style", |n| {
                    n.err(format!(
                        "style {shown} is not allowed for a {location} parameter (expected one of {})",
                        styles.join(", ")
                    ))
                }));
            }
        }
        const QUERY: Obj = Obj {
            name: "parameter",
            fields: &[
                ("name", F::Str),
                ("in", F::Str),
                ("description", F::Str),
                ("required", F::Bool),
                ("deprecated", F::Bool),
                ("allowEmptyValue", F::Bool),
                ("style", F::Str),
                ("explode", F::Bool),
                ("allowReserved", F::Bool),
                ("schema", F::Obj(Normalizer::schema)),
                ("example", F::Any),
                ("examples", F::MapOf(Normalizer::example_or_ref)),
                ("content", F::MapOf(Normalizer::media_type)),
            ],
            required: &["name"],
        };
        const OTHER: Obj = Obj {
            name: "parameter",
            fields: &[
                ("name", F::Str),
                ("in", F::Str),
                ("description", F::Str),
                ("required", F::Bool),
                ("deprecated", F::Bool),
                ("style", F::Str),
                ("explode", F::Bool),
                ("schema", F::Obj(Normalizer::schema)),
                ("example", F::Any),
                ("examples", F::MapOf(Normalizer::example_or_ref)),
                ("content", F::MapOf(Normalizer::media_type)),
            ],
            required: &["name"],
        };
        self.object(v, if location == "query" { &QUERY } else { &OTHER })
    }

    /// Parameters and headers need exactly one of `schema` and `content`.
    fn schema_or_content(&mut self, map: &Map<String, Value>, what: &str) -> Res {
        match (map.contains_key("schema"), map.contains_key("content")) {
            (true, true) => Err(self.err(format!("a {what} has both `schema` and `content`; keep one"))),
            (false, false) => Err(self.err(format!("a {what} needs `schema` or `content`"))),
            _ => Ok(()),
        }
    }

    fn header_or_ref(&mut self, v: &mut Value) -> Res {
        self.ref_or(v, Normalizer::header)
    }

    fn header(&mut self, v: &mut Value) -> Res {
        if let Value::Object(map) = v {
            self.schema_or_content(map, "header")?;
            if let Some(style) = map.get("style") {
                if style.as_str() != Some("simple") {
                    return Err(self.at("style", |n| n.err("a header's style can only be \"simple\"")));
                }
            }
        }
        const HEADER: Obj = Obj {
            name: "header",
            fields: &[
                ("description", F::Str),
                ("style", F::Str),
                ("required", F::Bool),
                ("deprecated", F::Bool),
                ("schema", F::Obj(Normalizer::schema)),
                ("example", F::Any),
                ("examples", F::MapOf(Normalizer::example_or_ref)),
                ("content", F::MapOf(Normalizer::media_type)),
            ],
            required: &[],
        };
        self.object(v, &HEADER)
    }

    fn request_body_or_ref(&mut self, v: &mut Value) -> Res {
        self.ref_or(v, Normalizer::request_body)
    }

    fn request_body(&mut self, v: &mut Value) -> Res {
        const BODY: Obj = Obj {
            name: "requestBody",
            fields: &[("description", F::Str), ("content", F::MapOf(Normalizer::media_type)), ("required", F::Bool)],
            required: &[],
        };
        self.object(v, &BODY)
    }

    fn media_type(&mut self, v: &mut Value) -> Res {
        const MEDIA: Obj = Obj {
            name: "mediaType",
            fields: &[
                ("schema", F::Obj(Normalizer::schema)),
                ("example", F::Any),
                ("examples", F::MapOf(Normalizer::example_or_ref)),
                ("encoding", F::MapOf(Normalizer::encoding)),
            ],
            required: &[],
        };
        self.object(v, &MEDIA)
    }

    fn encoding(&mut self, v: &mut Value) -> Res {
        if let Some(style) = v.get("style") {
            let ok = matches!(style.as_str(), Some("form" | "spaceDelimited" | "pipeDelimited" | "deepObject"));
            if !ok {
                return Err(self.at("style", |n| {
                    n.err("an encoding's style must be one of form, spaceDelimited, pipeDelimited, deepObject")
                }));
            }
        }
        const ENCODING: Obj = Obj {
            name: "encoding",
            fields: &[
                ("contentType", F::Str),
                ("headers", F::MapOf(Normalizer::header_or_ref)),
                ("style", F::Str),
                ("explode", F::Bool),
                ("allowReserved", F::Bool),
            ],
            required: &[],
        };
        self.object(v, &ENCODING)
    }

    fn example_or_ref(&mut self, v: &mut Value) -> Res {
        self.ref_or(v, Normalizer::example)
    }

    fn example(&mut self, v: &mut Value) -> Res {
        const EXAMPLE: Obj = Obj {
            name: "example",
            fields: &[("summary", F::Str), ("description", F::Str), ("value", F::Any), ("externalValue", F::Str)],
            required: &[],
        };
        self.object(v, &EXAMPLE)
    }

    fn responses(&mut self, v: &mut Value) -> Res {
        let Value::Object(map) = v else {
            return Err(self.err(format!("`responses` must be a mapping, found {}", kind_of(v))));
        };
        for (code, response) in map.iter_mut() {
            if code.starts_with("x-") {
                continue;
            }
            self.at(code, |n| {
                if !is_status_key(code) {
                    return Err(
                        n.err(format!("{code:?} is not a status code (expected 100–599, 1XX–5XX or `default`)"))
                    );
                }
                n.ref_or(response, Normalizer::response)
            })?;
        }
        Ok(())
    }

    fn response_or_ref(&mut self, v: &mut Value) -> Res {
        self.ref_or(v, Normalizer::response)
    }

    fn response(&mut self, v: &mut Value) -> Res {
        if let Value::Object(map) = v {
            // Required by the spec and the model, often left out: say nothing.
            if !map.contains_key("description") {
                map.insert("description".into(), Value::String(String::new()));
            }
        }
        const RESPONSE: Obj = Obj {
            name: "response",
            fields: &[
                ("description", F::Str),
                ("headers", F::MapOf(Normalizer::header_or_ref)),
                ("content", F::MapOf(Normalizer::media_type)),
                ("links", F::MapOf(Normalizer::link_or_ref)),
            ],
            required: &[],
        };
        self.object(v, &RESPONSE)
    }

    fn link_or_ref(&mut self, v: &mut Value) -> Res {
        self.ref_or(v, Normalizer::link)
    }

    fn link(&mut self, v: &mut Value) -> Res {
        if let Value::Object(map) = v {
            if !map.contains_key("operationId") && !map.contains_key("operationRef") {
                return Err(self.err("a link needs `operationId` or `operationRef`"));
            }
        }
        const LINK: Obj = Obj {
            name: "link",
            fields: &[
                ("operationRef", F::Str),
                ("operationId", F::Str),
                ("parameters", F::MapOf(|_, _| Ok(()))),
                ("requestBody", F::Any),
                ("description", F::Str),
                ("server", F::Obj(Normalizer::server)),
            ],
            required: &[],
        };
        self.object(v, &LINK)
    }

    /// `callbacks` of an operation: the model has no Reference Object there.
    fn operation_callbacks(&mut self, v: &mut Value) -> Res {
        let Value::Object(map) = v else {
            return Err(self.err(format!("`callbacks` must be a mapping, found {}", kind_of(v))));
        };
        let mut refs = Vec::new();
        for (name, callback) in map.iter_mut() {
            if callback.get("$ref").is_some() {
                refs.push(name.clone());
                continue;
            }
            self.at(name, |n| n.callback(callback))?;
        }
        for name in refs {
            map.shift_remove(&name);
            self.at(&name, |n| n.not_understood("operation.callbacks.$ref".into()));
        }
        Ok(())
    }

    fn callback_or_ref(&mut self, v: &mut Value) -> Res {
        self.ref_or(v, Normalizer::callback)
    }

    /// A Callback Object: expression → path item. The model has no place
    /// for its extensions.
    fn callback(&mut self, v: &mut Value) -> Res {
        if let Value::Object(map) = v {
            let extensions: Vec<String> = map.keys().filter(|k| k.starts_with("x-")).cloned().collect();
            for key in extensions {
                map.shift_remove(&key);
                self.at(&key, |n| n.not_understood("callback.extension".into()));
            }
        }
        self.field(v, F::MapOf(Normalizer::path_item))
    }

    fn components(&mut self, v: &mut Value) -> Res {
        const COMPONENTS: Obj = Obj {
            name: "components",
            fields: &[
                ("schemas", F::Obj(Normalizer::component_schemas)),
                ("responses", F::MapOf(Normalizer::response_or_ref)),
                ("parameters", F::MapOf(Normalizer::parameter_or_ref)),
                ("examples", F::MapOf(Normalizer::example_or_ref)),
                ("requestBodies", F::MapOf(Normalizer::request_body_or_ref)),
                ("headers", F::MapOf(Normalizer::header_or_ref)),
                ("securitySchemes", F::Obj(Normalizer::security_schemes)),
                ("links", F::MapOf(Normalizer::link_or_ref)),
                ("callbacks", F::MapOf(Normalizer::callback_or_ref)),
            ],
            required: &[],
        };
        self.object(v, &COMPONENTS)
    }

    fn component_schemas(&mut self, v: &mut Value) -> Res {
        let Value::Object(map) = v else {
            return Err(self.err(format!("`schemas` must be a mapping, found {}", kind_of(v))));
        };
        let relied = super::local_defs::hoist(map, &mut self.source);
        self.report.local_defs.extend(relied);
        for (name, schema) in map.iter_mut() {
            self.component = Some(name.clone());
            self.at(name, |n| n.schema(schema))?;
        }
        self.component = None;
        Ok(())
    }

    fn security_schemes(&mut self, v: &mut Value) -> Res {
        let Value::Object(map) = v else {
            return Err(self.err(format!("`securitySchemes` must be a mapping, found {}", kind_of(v))));
        };
        let mut unsupported = Vec::new();
        for (name, scheme) in map.iter_mut() {
            let keep = self.at(name, |n| n.ref_or_security_scheme(scheme))?;
            if !keep {
                unsupported.push(name.clone());
            }
        }
        for name in unsupported {
            map.shift_remove(&name);
        }
        Ok(())
    }

    /// Returns false for a scheme the model cannot hold (3.1 `mutualTLS`).
    fn ref_or_security_scheme(&mut self, v: &mut Value) -> Result<bool, Error> {
        if v.get("$ref").is_some() {
            self.ref_or(v, |_, _| Ok(()))?;
            return Ok(true);
        }
        let Value::Object(map) = v else {
            return Err(self.err(format!("expected a security scheme (a mapping), found {}", kind_of(v))));
        };
        let kind = match map.get("type") {
            Some(Value::String(s)) => s.clone(),
            Some(other) => {
                return Err(self.at("type", |n| n.err(format!("`type` must be a string, found {}", kind_of(other)))))
            }
            None => return Err(self.err("security scheme is missing the required field `type`")),
        };
        const API_KEY: Obj = Obj {
            name: "securityScheme",
            fields: &[("type", F::Str), ("description", F::Str), ("name", F::Str), ("in", F::Str)],
            required: &["name", "in"],
        };
        const HTTP: Obj = Obj {
            name: "securityScheme",
            fields: &[("type", F::Str), ("description", F::Str), ("scheme", F::Str), ("bearerFormat", F::Str)],
            required: &["scheme"],
        };
        const OAUTH2: Obj = Obj {
            name: "securityScheme",
            fields: &[("type", F::Str), ("description", F::Str), ("flows", F::Obj(Normalizer::oauth_flows))],
            required: &["flows"],
        };
        const OPENID: Obj = Obj {
            name: "securityScheme",
            fields: &[("type", F::Str), ("description", F::Str), ("openIdConnectUrl", F::Str)],
            required: &["openIdConnectUrl"],
        };
        match kind.as_str() {
            "apiKey" => {
                if let Some(place) = map.get("in") {
                    if !matches!(place.as_str(), Some("query" | "header" | "cookie")) {
                        return Err(self.at("in", |n| n.err("an apiKey's `in` must be one of query, header, cookie")));
                    }
                }
                self.object(v, &API_KEY)?;
            }
            "http" => self.object(v, &HTTP)?,
            "oauth2" => self.object(v, &OAUTH2)?,
            "openIdConnect" => self.object(v, &OPENID)?,
            "mutualTLS" => {
                self.not_understood("securityScheme.mutualTLS".into());
                return Ok(false);
            }
            other => {
                return Err(self.at("type", |n| {
                    n.err(format!(
                        "unknown security scheme type {other:?} (expected one of apiKey, http, oauth2, openIdConnect)"
                    ))
                }))
            }
        }
        Ok(true)
    }

    fn oauth_flows(&mut self, v: &mut Value) -> Res {
        const FLOWS: Obj = Obj {
            name: "oauthFlows",
            fields: &[
                ("implicit", F::Obj(Normalizer::oauth_flow)),
                ("password", F::Obj(Normalizer::oauth_flow)),
                ("clientCredentials", F::Obj(Normalizer::oauth_flow)),
                ("authorizationCode", F::Obj(Normalizer::oauth_flow)),
            ],
            required: &[],
        };
        self.object(v, &FLOWS)?;
        // Which URLs a flow needs depends on the flow.
        if let Value::Object(map) = v {
            for (flow, needs) in [
                ("implicit", &["authorizationUrl"][..]),
                ("password", &["tokenUrl"][..]),
                ("clientCredentials", &["tokenUrl"][..]),
                ("authorizationCode", &["authorizationUrl", "tokenUrl"][..]),
            ] {
                if let Some(Value::Object(f)) = map.get(flow) {
                    if let Some(missing) = needs.iter().find(|k| !f.contains_key(**k)) {
                        return Err(self.at(flow, |n| {
                            n.err(format!("the {flow} flow is missing the required field `{missing}`"))
                        }));
                    }
                }
            }
        }
        Ok(())
    }

    fn oauth_flow(&mut self, v: &mut Value) -> Res {
        const FLOW: Obj = Obj {
            name: "oauthFlow",
            fields: &[
                ("authorizationUrl", F::Str),
                ("tokenUrl", F::Str),
                ("refreshUrl", F::Str),
                ("scopes", F::StrMap),
            ],
            required: &["scopes"],
        };
        self.object(v, &FLOW)
    }

    fn discriminator(&mut self, v: &mut Value) -> Res {
        const DISCRIMINATOR: Obj = Obj {
            name: "discriminator",
            fields: &[("propertyName", F::Str), ("mapping", F::StrMap)],
            required: &["propertyName"],
        };
        self.object(v, &DISCRIMINATOR)
    }

    // ----- schemas ---------------------------------------------------------

    fn schema(&mut self, v: &mut Value) -> Res {
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
    fn recursive_ref(&mut self, map: &mut Map<String, Value>, target: &Value) -> Res {
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
    fn wrap_ref(&mut self, map: &mut Map<String, Value>) {
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
    fn normalize_type(&mut self, map: &mut Map<String, Value>, ty: Value) -> Result<Option<Vec<String>>, Error> {
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
    fn split_types(&mut self, map: &mut Map<String, Value>, types: &[String]) {
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
    fn constant(&mut self, map: &mut Map<String, Value>, value: Value) {
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
    fn exclusive_bound(&mut self, map: &mut Map<String, Value>, exclusive: &str, bound: &str) -> Res {
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
    fn integer_bounds(&mut self, map: &mut Map<String, Value>) {
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

    fn schema_map(&mut self, v: &mut Value) -> Res {
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
    fn schema_list(&mut self, v: &mut Value) -> Result<bool, Error> {
        let Value::Array(items) = v else {
            return Err(self.err(format!("expected a list of schemas, found {}", kind_of(v))));
        };
        let null_branch: Vec<bool> = items.iter().map(is_null_schema).collect();
        let combinator = self.path.rsplit('/').next().unwrap_or_default().to_string();
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

    fn count(&mut self, v: &mut Value) -> Res {
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

    fn number(&mut self, v: &mut Value) -> Res {
        if v.is_number() || is_infinite_text(v) {
            return Ok(());
        }
        Err(self.err(format!("expected a number, found {}", describe(v))))
    }
}

fn describe(v: &Value) -> String {
    match v {
        Value::String(s) => format!("the string {s:?}"),
        Value::Number(n) => n.to_string(),
        other => kind_of(other).to_string(),
    }
}

fn integral(n: &Number) -> Option<i64> {
    if let Some(i) = n.as_i64() {
        return Some(i);
    }
    let f = n.as_f64()?;
    (f.fract() == 0.0 && f >= i64::MIN as f64 && f < i64::MAX as f64).then_some(f as i64)
}

fn value_has_type(v: &Value, t: &str) -> bool {
    match t {
        "string" => v.is_string(),
        "number" => v.is_number(),
        "integer" => v.as_f64().is_some_and(|f| f.fract() == 0.0),
        "boolean" => v.is_boolean(),
        "array" => v.is_array(),
        "object" => v.is_object(),
        _ => false,
    }
}

/// A branch that only says "null": `{type: "null"}` or `{type: ["null"]}`.
fn is_null_schema(v: &Value) -> bool {
    match v.get("type") {
        Some(Value::String(s)) => s == "null",
        Some(Value::Null) => true,
        Some(Value::Array(list)) => !list.is_empty() && list.iter().all(|t| t.is_null() || t.as_str() == Some("null")),
        _ => false,
    }
}

fn is_status_key(code: &str) -> bool {
    if code == "default" {
        return true;
    }
    let b = code.as_bytes();
    if b.len() != 3 || !(b'1'..=b'5').contains(&b[0]) {
        return false;
    }
    b[1..].iter().all(u8::is_ascii_digit) || (b[1..] == *b"XX" || b[1..] == *b"xx")
}
