//! Paths and operations → `Operation`s (parameters, bodies, responses).

use openapiv3::{
    Parameter, ParameterSchemaOrContent, PathItem, ReferenceOr, RequestBody as OaRequestBody, Response as OaResponse,
};

use super::media;
use super::method::PathTemplate;
use super::model::*;
use super::names::{camel_ident, reserved, snake_ident, Scope};
use super::naming::Hint;
use super::param_style::style_of;
use super::schema::{constraints_of, RefOr, SchemaLowerer};
use crate::error::pointer_token;
use crate::Error;

pub(super) fn lower_operations(s: &mut SchemaLowerer) -> Result<Vec<Operation>, Error> {
    let doc = &s.loaded.doc;
    let mut operations = Vec::new();
    for (path, item) in &doc.paths.paths {
        let path_pointer = format!("/paths/{}", pointer_token(path));
        let item = match item {
            ReferenceOr::Item(item) => item,
            ReferenceOr::Reference { reference } => {
                return Err(s.loaded.error(&path_pointer, format!("path item $ref `{reference}` is not supported")))
            }
        };
        for (method, op) in item.iter() {
            let pointer = format!("{path_pointer}/{method}");
            operations.push(lower_operation(s, path, item, method, op, &pointer)?);
        }
    }
    Ok(operations)
}

fn http_method(method: &str) -> HttpMethod {
    match method {
        "get" => HttpMethod::Get,
        "put" => HttpMethod::Put,
        "patch" => HttpMethod::Patch,
        "delete" => HttpMethod::Delete,
        "head" => HttpMethod::Head,
        "options" => HttpMethod::Options,
        "trace" => HttpMethod::Trace,
        _ => HttpMethod::Post,
    }
}

/// `post /batches/{batch_id}/cancel` → `postBatchesBatchIdCancel`, for operations without an id.
fn derived_id(method: &str, path: &str) -> String {
    let words: String = path.split(['/', '{', '}', '?', '=', '.', '-', '_']).map(|w| camel_ident(w, "")).collect();
    format!("{method}{words}")
}

fn lower_operation(
    s: &mut SchemaLowerer,
    path: &str,
    item: &PathItem,
    method: &str,
    op: &openapiv3::Operation,
    pointer: &str,
) -> Result<Operation, Error> {
    let id = op.operation_id.clone().unwrap_or_else(|| derived_id(method, path));
    let op_camel = camel_ident(&id, "Operation");

    // Operation parameters override path-level ones with the same name and location.
    let mut params: Vec<(&Parameter, String)> = Vec::new();
    let sources = [
        (&item.parameters, format!("/paths/{}/parameters", pointer_token(path))),
        (&op.parameters, format!("{pointer}/parameters")),
    ];
    for (list, base) in &sources {
        for (i, p) in list.iter().enumerate() {
            let p_pointer = format!("{base}/{i}");
            let p = resolve_parameter(s, p, &p_pointer)?;
            let key = |q: &Parameter| (q.parameter_data_ref().name.clone(), std::mem::discriminant(q));
            params.retain(|(q, _)| key(q) != key(p));
            params.push((p, p_pointer));
        }
    }

    let mut arg_scope = Scope::with_reserved(reserved::ARGUMENTS);
    let (mut query_scope, mut header_scope) = (Scope::default(), Scope::default());
    let (mut path_params, mut query_params, mut header_params) = (Vec::new(), Vec::new(), Vec::new());
    for (p, p_pointer) in &params {
        let data = p.parameter_data_ref();
        let hint = Hint::root(format!("{op_camel}{}", camel_ident(&data.name, "Param")));
        let (ty, constraints) = match &data.format {
            ParameterSchemaOrContent::Schema(schema) => (
                s.type_of(schema.into(), &hint, &format!("{p_pointer}/schema"))?,
                schema.as_item().map(constraints_of).unwrap_or_default(),
            ),
            ParameterSchemaOrContent::Content(_) => (Type::Json, Constraints::default()),
        };
        let docs = Docs::from_spec(None, data.description.as_ref(), data.deprecated.unwrap_or(false));
        let (style, explode) = style_of(p, &ty, &s.types);
        let mut param = Param {
            name: data.name.clone(),
            rust_name: String::new(),
            ty,
            required: data.required,
            docs,
            constraints,
            style,
            explode,
        };
        match p {
            Parameter::Path { .. } => {
                param.rust_name = arg_scope.claim(&snake_ident(&data.name));
                param.required = true;
                path_params.push(param);
            }
            Parameter::Header { .. } => {
                param.rust_name = header_scope.claim(&snake_ident(&data.name));
                header_params.push(param);
            }
            Parameter::Query { .. } => {
                param.rust_name = query_scope.claim(&snake_ident(&data.name));
                query_params.push(param);
            }
            // A cookie travels in the `Cookie` header: a member of the headers' struct,
            // unless a header parameter already has its name (one struct key each).
            Parameter::Cookie { .. } if header_params.iter().any(|h| h.name.eq_ignore_ascii_case(&data.name)) => {
                let what = "a cookie named as a header parameter of the operation is not sent".into();
                s.report.spec_issues.push((p_pointer.clone(), what))
            }
            Parameter::Cookie { .. } => {
                param.rust_name = header_scope.claim(&snake_ident(&data.name));
                header_params.push(param);
            }
        }
    }
    reconcile_path_params(s, path, &mut path_params, &mut arg_scope, pointer)?;

    let query_type = params_struct(
        s,
        &query_params,
        &format!("{op_camel}Query"),
        &format!("Query parameters of {}.", crate::markdown::code(&id)),
        &format!("{pointer}/parameters/query"),
    );
    let cookies = header_params.iter().any(|p| p.style == ParamStyle::Cookie);
    let header_type = params_struct(
        s,
        &header_params,
        &format!("{op_camel}Headers"),
        &format!("Header {}parameters of {}.", if cookies { "and cookie " } else { "" }, crate::markdown::code(&id)),
        &format!("{pointer}/parameters/header"),
    );

    let body = match &op.request_body {
        None => None,
        Some(body) => Some(lower_body(s, body, &op_camel, &format!("{pointer}/requestBody"))?),
    };

    let mut responses = Vec::new();
    let mut stream = None;
    let all = op
        .responses
        .responses
        .iter()
        .map(|(code, r)| (code.to_string(), r))
        .chain(op.responses.default.iter().map(|r| ("default".to_string(), r)));
    for (status, response) in all {
        let r_pointer = format!("{pointer}/responses/{status}");
        let response = resolve_response(s, response, &r_pointer)?;
        let success = status.starts_with('2');
        let hint = if success {
            format!("{op_camel}Response")
        } else {
            format!("{op_camel}Response{}", camel_ident(&status, ""))
        };
        let mut contents = Vec::new();
        for (content_type, media) in &response.content {
            let m_pointer = format!("{r_pointer}/content/{}", pointer_token(content_type));
            let is_stream = content_type.starts_with("text/event-stream");
            let hint = Hint::root(if is_stream { format!("{op_camel}StreamEvent") } else { hint.clone() });
            let ty = match &media.schema {
                // An answer the schema lets be `null` is `Option<T>`; an event of a stream is never `null`.
                Some(schema) if is_json(content_type) => {
                    s.element_type(schema.into(), &hint, &format!("{m_pointer}/schema"))?
                }
                Some(schema) => s.type_of(schema.into(), &hint, &format!("{m_pointer}/schema"))?,
                None => Type::Json,
            };
            record_media_examples(s, media, &ty, &m_pointer);
            if is_stream && success && stream.is_none() {
                stream = Some(ty.clone());
            }
            contents.push((content_type.clone(), ty));
        }
        responses.push(Response {
            status,
            description: Some(response.description.clone()).filter(|d| !d.is_empty()),
            contents,
        });
    }
    let returns = match media::by_content_type(s, &responses, &op_camel) {
        Some(media) => Returns::ByContentType(media),
        None => returns_of(&responses),
    };
    if let Returns::Json(ty) = &returns {
        record_meta_examples(s, op, ty, pointer);
    }

    let servers = op.servers.iter().chain(&item.servers).map(|srv| srv.url.clone()).collect();
    let security = op.security.iter().flatten().map(|req| req.keys().cloned().collect()).collect();
    Ok(Operation {
        id,
        resource: Vec::new(),
        http_method: http_method(method),
        path: path.to_string(),
        docs: Docs::from_spec(op.summary.as_ref(), op.description.as_ref(), op.deprecated),
        path_params,
        query_params,
        header_params,
        header_type,
        query_type,
        body,
        responses,
        returns,
        stream,
        servers,
        security,
        methods: Vec::new(),
        features: Vec::new(),
    })
}

/// What a successful call returns: the first 2xx response with a body; with
/// no 2xx response, the `default` one (it then stands for every status,
/// success included).
fn returns_of(responses: &[Response]) -> Returns {
    let mut success: Vec<&Response> = responses.iter().filter(|r| r.status.starts_with('2')).collect();
    if success.is_empty() {
        success.extend(responses.iter().filter(|r| r.status == "default"));
    }
    success.sort_by(|a, b| a.status.cmp(&b.status));
    for r in success {
        if let Some((_, ty)) = r.contents.iter().find(|(ct, _)| is_json(ct)) {
            // "JSON" that is a bare string is a file's content in every such
            // operation (`downloadFile`, video and skill content): the server
            // sends the raw bytes, as the official SDKs read them.
            if matches!(ty, Type::String | Type::Binary) {
                return Returns::Bytes;
            }
            return Returns::Json(ty.clone());
        }
        if let Some((ct, _)) = r.contents.iter().find(|(ct, _)| !ct.starts_with("text/event-stream")) {
            return if ct.starts_with("text/") { Returns::Text } else { Returns::Bytes };
        }
    }
    Returns::Empty
}

pub(super) fn is_json(content_type: &str) -> bool {
    let base = content_type.split(';').next().unwrap_or_default().trim();
    base == "application/json" || base.ends_with("+json")
}

fn body_kind(content_type: &str) -> BodyKind {
    let base = content_type.split(';').next().unwrap_or_default().trim();
    match base {
        _ if is_json(base) => BodyKind::Json,
        "multipart/form-data" => BodyKind::Multipart,
        "application/x-www-form-urlencoded" => BodyKind::Form,
        _ if base.starts_with("text/") => BodyKind::Text,
        _ => BodyKind::Bytes,
    }
}

fn lower_body(
    s: &mut SchemaLowerer,
    body: &ReferenceOr<OaRequestBody>,
    op_camel: &str,
    pointer: &str,
) -> Result<RequestBody, Error> {
    let components = s.loaded.doc.components.as_ref().map(|c| &c.request_bodies);
    let body = super::refs::follow(components, "#/components/requestBodies/", body, "a request body")
        .map_err(|message| s.loaded.error(pointer, message))?;
    let mut contents = Vec::new();
    for (content_type, media) in &body.content {
        let kind = body_kind(content_type);
        let m_pointer = format!("{pointer}/content/{}", pointer_token(content_type));
        let ty = match &media.schema {
            Some(schema) => s.type_of(
                RefOr::from(schema),
                &Hint::root(format!("{op_camel}Request")),
                &format!("{m_pointer}/schema"),
            )?,
            None if kind == BodyKind::Bytes => Type::Binary,
            None => Type::Json,
        };
        record_media_examples(s, media, &ty, &m_pointer);
        contents.push((content_type.clone(), kind, ty));
    }
    Ok(RequestBody { required: body.required, contents })
}

fn resolve_parameter<'d>(
    s: &SchemaLowerer<'d>,
    p: &'d ReferenceOr<Parameter>,
    pointer: &str,
) -> Result<&'d Parameter, Error> {
    let components = s.loaded.doc.components.as_ref().map(|c| &c.parameters);
    super::refs::follow(components, "#/components/parameters/", p, "a parameter")
        .map_err(|message| s.loaded.error(pointer, message))
}

fn resolve_response<'d>(
    s: &SchemaLowerer<'d>,
    r: &'d ReferenceOr<OaResponse>,
    pointer: &str,
) -> Result<&'d OaResponse, Error> {
    let components = s.loaded.doc.components.as_ref().map(|c| &c.responses);
    super::refs::follow(components, "#/components/responses/", r, "a response")
        .map_err(|message| s.loaded.error(pointer, message))
}

/// Makes the path parameters match the template, one per `{name}`, in template
/// order. A real spec names `cert_id` for `{certificate_id}`: when exactly one
/// declared parameter and one template name are unmatched they are paired (and
/// reported); any other mismatch is an error.
fn reconcile_path_params(
    s: &mut SchemaLowerer,
    path: &str,
    params: &mut Vec<Param>,
    scope: &mut Scope,
    pointer: &str,
) -> Result<(), Error> {
    let template = PathTemplate::parse(path);
    let vars: Vec<&str> = template.params().collect();
    let unmatched_vars: Vec<&str> = vars.iter().copied().filter(|v| !params.iter().any(|p| p.name == *v)).collect();
    let unmatched_params: Vec<usize> =
        (0..params.len()).filter(|&i| !vars.contains(&params[i].name.as_str())).collect();
    match (unmatched_vars.as_slice(), unmatched_params.as_slice()) {
        ([], []) => {}
        ([var], [i]) => {
            s.report.spec_issues.push((
                pointer.to_string(),
                format!("path parameter `{}` is `{{{var}}}` in the template", params[*i].name),
            ));
            params[*i].name = var.to_string();
        }
        ([], [i, ..]) => {
            return Err(s.loaded.error(
                pointer,
                format!("path parameter `{}` does not appear in the path template `{path}`", params[*i].name),
            ))
        }
        (vars, _) => {
            // Undeclared template names become string parameters.
            for var in vars {
                let rust_name = scope.claim(&snake_ident(var));
                params.push(Param {
                    name: var.to_string(),
                    rust_name,
                    ty: Type::String,
                    required: true,
                    docs: Docs::default(),
                    constraints: Constraints::default(),
                    style: ParamStyle::Simple,
                    explode: false,
                });
            }
            if let Some(&i) = unmatched_params.first() {
                return Err(s.loaded.error(
                    pointer,
                    format!("path parameter `{}` does not appear in the path template `{path}`", params[i].name),
                ));
            }
        }
    }
    params.sort_by_key(|p| vars.iter().position(|v| *v == p.name));
    Ok(())
}

fn record_media_examples(s: &mut SchemaLowerer, media: &openapiv3::MediaType, ty: &Type, pointer: &str) {
    if let Some(value) = &media.example {
        s.push_example(format!("{pointer}/example"), ty, ExampleValue::Json(value.clone()));
    }
    for (name, example) in &media.examples {
        if let Some(value) = example.as_item().and_then(|e| e.value.as_ref()) {
            s.push_example(
                format!("{pointer}/examples/{}/value", pointer_token(name)),
                ty,
                ExampleValue::Json(value.clone()),
            );
        }
    }
}

/// `x-oaiMeta.examples[*].response`: the documented answer of the operation, as JSON text.
fn record_meta_examples(s: &mut SchemaLowerer, op: &openapiv3::Operation, ty: &Type, pointer: &str) {
    let Some(examples) = op.extensions.get("x-oaiMeta").and_then(|m| m.get("examples")) else { return };
    let list: Vec<(String, &serde_json::Value)> = match examples {
        serde_json::Value::Array(items) => items.iter().enumerate().map(|(i, e)| (format!("/{i}"), e)).collect(),
        single => vec![(String::new(), single)],
    };
    for (suffix, example) in list {
        if let Some(serde_json::Value::String(text)) = example.get("response") {
            let at = format!("{pointer}/x-oaiMeta/examples{suffix}/response");
            s.push_example(at, ty, ExampleValue::Text(text.clone()));
        }
    }
}

/// A struct of the query (or header) parameters, so calls take one value
/// that can grow with the spec, whatever the number of parameters.
fn params_struct(s: &mut SchemaLowerer, params: &[Param], hint: &str, doc: &str, origin: &str) -> Option<TypeId> {
    if params.is_empty() {
        return None;
    }
    let id = s.reserve_hoisted(&Hint::root(hint));
    let fields = params
        .iter()
        .map(|p| Field {
            json_name: p.name.clone(),
            rust_name: p.rust_name.clone(),
            ty: p.ty.clone(),
            required: p.required,
            nullable: false,
            docs: p.docs.clone(),
            default: None,
            explicit_null: false,
            boxed: false,
            flatten: false,
            constraints: p.constraints.clone(),
            read_only: false,
            write_only: false,
        })
        .collect();
    let docs = Docs { title: None, description: Some(doc.to_string()), deprecated: false };
    s.types.define(
        id,
        TypeDef {
            name: String::new(),
            origin: origin.to_string(),
            docs,
            kind: TypeKind::Struct(Struct {
                fields,
                additional: None,
                required_order: Vec::new(),
                sdk_only: Vec::new(),
                page: None,
            }),
            constraints: Constraints::default(),
            decoded: false,
            features: Vec::new(),
            derives_default: false,
        },
    );
    Some(id)
}
