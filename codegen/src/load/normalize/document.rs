//! The document's objects, from the top down to components: each field checked and walked.

use serde_json::{Map, Value};

use super::*;

impl Normalizer {
    // ----- the document -----------------------------------------------------

    pub(super) fn document(&mut self, v: &mut Value) -> Res {
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

    pub(super) fn info(&mut self, v: &mut Value) -> Res {
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

    pub(super) fn contact(&mut self, v: &mut Value) -> Res {
        const CONTACT: Obj =
            Obj { name: "contact", fields: &[("name", F::Str), ("url", F::Str), ("email", F::Str)], required: &[] };
        self.object(v, &CONTACT)
    }

    pub(super) fn license(&mut self, v: &mut Value) -> Res {
        const LICENSE: Obj = Obj { name: "license", fields: &[("name", F::Str), ("url", F::Str)], required: &["name"] };
        self.object(v, &LICENSE)
    }

    pub(super) fn server(&mut self, v: &mut Value) -> Res {
        const SERVER: Obj = Obj {
            name: "server",
            fields: &[("url", F::Str), ("description", F::Str), ("variables", F::MapOf(Normalizer::server_variable))],
            required: &["url"],
        };
        self.object(v, &SERVER)
    }

    pub(super) fn server_variable(&mut self, v: &mut Value) -> Res {
        const VAR: Obj = Obj {
            name: "serverVariable",
            fields: &[("enum", F::StrList), ("default", F::Str), ("description", F::Str)],
            required: &["default"],
        };
        self.object(v, &VAR)
    }

    pub(super) fn external_docs(&mut self, v: &mut Value) -> Res {
        const DOCS: Obj =
            Obj { name: "externalDocs", fields: &[("description", F::Str), ("url", F::Str)], required: &["url"] };
        self.object(v, &DOCS)
    }

    pub(super) fn tag(&mut self, v: &mut Value) -> Res {
        const TAG: Obj = Obj {
            name: "tag",
            fields: &[("name", F::Str), ("description", F::Str), ("externalDocs", F::Obj(Normalizer::external_docs))],
            required: &["name"],
        };
        self.object(v, &TAG)
    }

    pub(super) fn security_requirement(&mut self, v: &mut Value) -> Res {
        let Value::Object(map) = v else {
            return Err(self
                .err(format!("expected a security requirement (a mapping of scheme → scopes), found {}", kind_of(v))));
        };
        for (k, scopes) in map.iter_mut() {
            self.at(k, |n| n.string_list(scopes))?;
        }
        Ok(())
    }

    pub(super) fn paths(&mut self, v: &mut Value) -> Res {
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

    pub(super) fn path_item(&mut self, v: &mut Value) -> Res {
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

    pub(super) fn operation(&mut self, v: &mut Value) -> Res {
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

    pub(super) fn parameter_or_ref(&mut self, v: &mut Value) -> Res {
        self.ref_or(v, Normalizer::parameter)
    }

    pub(super) fn parameter(&mut self, v: &mut Value) -> Res {
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
    pub(super) fn schema_or_content(&mut self, map: &Map<String, Value>, what: &str) -> Res {
        match (map.contains_key("schema"), map.contains_key("content")) {
            (true, true) => Err(self.err(format!("a {what} has both `schema` and `content`; keep one"))),
            (false, false) => Err(self.err(format!("a {what} needs `schema` or `content`"))),
            _ => Ok(()),
        }
    }

    pub(super) fn header_or_ref(&mut self, v: &mut Value) -> Res {
        self.ref_or(v, Normalizer::header)
    }

    pub(super) fn header(&mut self, v: &mut Value) -> Res {
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

    pub(super) fn request_body_or_ref(&mut self, v: &mut Value) -> Res {
        self.ref_or(v, Normalizer::request_body)
    }

    pub(super) fn request_body(&mut self, v: &mut Value) -> Res {
        const BODY: Obj = Obj {
            name: "requestBody",
            fields: &[("description", F::Str), ("content", F::MapOf(Normalizer::media_type)), ("required", F::Bool)],
            required: &[],
        };
        self.object(v, &BODY)
    }

    pub(super) fn media_type(&mut self, v: &mut Value) -> Res {
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

    pub(super) fn encoding(&mut self, v: &mut Value) -> Res {
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

    pub(super) fn example_or_ref(&mut self, v: &mut Value) -> Res {
        self.ref_or(v, Normalizer::example)
    }

    pub(super) fn example(&mut self, v: &mut Value) -> Res {
        const EXAMPLE: Obj = Obj {
            name: "example",
            fields: &[("summary", F::Str), ("description", F::Str), ("value", F::Any), ("externalValue", F::Str)],
            required: &[],
        };
        self.object(v, &EXAMPLE)
    }

    pub(super) fn responses(&mut self, v: &mut Value) -> Res {
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

    pub(super) fn response_or_ref(&mut self, v: &mut Value) -> Res {
        self.ref_or(v, Normalizer::response)
    }

    pub(super) fn response(&mut self, v: &mut Value) -> Res {
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

    pub(super) fn link_or_ref(&mut self, v: &mut Value) -> Res {
        self.ref_or(v, Normalizer::link)
    }

    pub(super) fn link(&mut self, v: &mut Value) -> Res {
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
    pub(super) fn operation_callbacks(&mut self, v: &mut Value) -> Res {
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

    pub(super) fn callback_or_ref(&mut self, v: &mut Value) -> Res {
        self.ref_or(v, Normalizer::callback)
    }

    /// A Callback Object: expression → path item. The model has no place
    /// for its extensions.
    pub(super) fn callback(&mut self, v: &mut Value) -> Res {
        if let Value::Object(map) = v {
            let extensions: Vec<String> = map.keys().filter(|k| k.starts_with("x-")).cloned().collect();
            for key in extensions {
                map.shift_remove(&key);
                self.at(&key, |n| n.not_understood("callback.extension".into()));
            }
        }
        self.field(v, F::MapOf(Normalizer::path_item))
    }

    pub(super) fn components(&mut self, v: &mut Value) -> Res {
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

    pub(super) fn component_schemas(&mut self, v: &mut Value) -> Res {
        let Value::Object(map) = v else {
            return Err(self.err(format!("`schemas` must be a mapping, found {}", kind_of(v))));
        };
        let relied = crate::load::local_defs::hoist(map, &mut self.source);
        self.report.local_defs.extend(relied);
        for (name, schema) in map.iter_mut() {
            self.component = Some(name.clone());
            self.at(name, |n| n.schema(schema))?;
        }
        self.component = None;
        Ok(())
    }
}
