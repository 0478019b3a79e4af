//! The IR's operations: parameters, request bodies, responses, what a call
//! returns, and the methods that call it.

use serde::{Deserialize, Serialize};

use super::{is_default_docs, is_false, Constraints, Docs, Type, TypeId};
use crate::ir::method::{Method, MethodVariant};

impl Operation {
    /// The body the main method sends: JSON when offered, else the first content.
    pub fn main_body(&self) -> Option<&(String, BodyKind, Type)> {
        let contents = self.body.as_ref().map(|b| b.contents.as_slice()).unwrap_or_default();
        contents.iter().find(|(_, k, _)| *k == BodyKind::Json).or(contents.first())
    }

    /// Rust name of the plain method, e.g. `cancel`.
    pub fn method_name(&self) -> &str {
        self.method(MethodVariant::Plain).map(|m| m.name.as_str()).unwrap_or_default()
    }

    /// The method of `variant`, when the operation has one.
    pub fn method(&self, variant: MethodVariant) -> Option<&Method> {
        self.methods.iter().find(|m| m.variant == variant)
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Operation {
    /// operationId, or a name derived from method and path.
    pub id: String,
    /// Resource namespace path, e.g. `["vector_stores", "file_batches"]`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub resource: Vec<String>,
    pub http_method: HttpMethod,
    /// Path template as in the spec, e.g. `/batches/{batch_id}/cancel`.
    pub path: String,
    #[serde(default, skip_serializing_if = "is_default_docs")]
    pub docs: Docs,
    pub path_params: Vec<Param>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub query_params: Vec<Param>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub header_params: Vec<Param>,
    /// Name of the generated header struct, when there are header parameters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub header_type: Option<TypeId>,
    /// Name of the generated query struct, when there are query parameters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub query_type: Option<TypeId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<RequestBody>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub responses: Vec<Response>,
    /// What a successful call returns.
    pub returns: Returns,
    /// Event type of a `text/event-stream` success response, when the operation can stream.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stream: Option<Type>,
    /// Servers declared on the path or operation (overrides of the spec default).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub servers: Vec<String>,
    /// Alternatives of required credentials, by scheme name; empty = the spec default.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub security: Vec<Vec<String>>,
    /// The client's methods for this operation, final (`ir/method.rs`): the
    /// plain one first, then the streaming and multipart variants.
    pub methods: Vec<Method>,
    /// Cargo features any of which compiles this operation (its root
    /// namespace's, `ir/features.rs`). Empty: always compiled.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub features: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum HttpMethod {
    Get,
    Post,
    Put,
    Patch,
    Delete,
    Head,
    Options,
    Trace,
}

impl HttpMethod {
    /// The operation's key under its path item (`get`, `post`, …).
    pub fn key(self) -> &'static str {
        match self {
            HttpMethod::Get => "get",
            HttpMethod::Post => "post",
            HttpMethod::Put => "put",
            HttpMethod::Patch => "patch",
            HttpMethod::Delete => "delete",
            HttpMethod::Head => "head",
            HttpMethod::Options => "options",
            HttpMethod::Trace => "trace",
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Param {
    pub name: String,
    pub rust_name: String,
    pub ty: Type,
    #[serde(default, skip_serializing_if = "is_false")]
    pub required: bool,
    #[serde(default, skip_serializing_if = "is_default_docs")]
    pub docs: Docs,
    #[serde(default, skip_serializing_if = "Constraints::is_empty")]
    pub constraints: Constraints,
    /// How the value is written: the spec's `style` (see `ir/param_style.rs`).
    pub style: ParamStyle,
    /// The spec's `explode`, or its default for the style.
    pub explode: bool,
}

/// OpenAPI's parameter styles, plus `Json`: the value as JSON text (a
/// parameter given as `content`, or a header holding an object).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ParamStyle {
    Form,
    SpaceDelimited,
    PipeDelimited,
    DeepObject,
    Simple,
    Label,
    Matrix,
    Json,
    /// A cookie: `name=value`, with the operation's other cookies, in the one `Cookie` header.
    Cookie,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RequestBody {
    #[serde(default, skip_serializing_if = "is_false")]
    pub required: bool,
    /// Content type → body type, in spec order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub contents: Vec<(String, BodyKind, Type)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum BodyKind {
    Json,
    Multipart,
    Form,
    Bytes,
    Text,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Response {
    /// `200`, `4XX`, `default`.
    pub status: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Content type → type.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub contents: Vec<(String, Type)>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Returns {
    Json(Type),
    Bytes,
    Text,
    Empty,
    /// Several media types with different shapes: an enum decoded by the
    /// answer's `Content-Type` (`ir/media.rs`).
    ByContentType(MediaReturn),
}

/// The enum a call returns when its success response comes in several media types.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MediaReturn {
    /// The enum, in `models`: a name in the arena with no `TypeDef` (emit
    /// prints it from the variants), serialized as its name.
    #[serde(rename = "type_name")]
    pub type_id: TypeId,
    /// One per media type, in spec order.
    pub variants: Vec<MediaVariant>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MediaVariant {
    /// As the spec writes it, e.g. `application/json`.
    pub content_type: String,
    pub rust_name: String,
    pub shape: MediaShape,
}

/// How a body of one media type is read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum MediaShape {
    Json(Type),
    /// Text (invalid UTF-8 replaced).
    Text,
    Bytes,
}
