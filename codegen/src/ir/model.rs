//! The IR: plain data, the only contract between lowering and emitting.
//! Every Rust identifier the emitter writes is decided here.

use std::collections::BTreeMap;

use serde::Serialize;

fn is_false(b: &bool) -> bool {
    !*b
}

fn is_default_docs(d: &Docs) -> bool {
    d.title.is_none() && d.description.is_none() && !d.deprecated
}

/// One spec, lowered.
#[derive(Debug, Clone, Serialize)]
pub struct Api {
    /// Rust module name (the spec file stem), e.g. `openai`.
    pub module: String,
    pub title: String,
    pub version: String,
    /// Default base URL (the first `servers` entry), if the spec has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub base_url: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub auth: Vec<AuthScheme>,
    /// Type name → type. A `BTreeMap` so output order is deterministic by construction.
    pub types: BTreeMap<String, TypeDef>,
    pub operations: Vec<Operation>,
    /// Resource namespaces, a tree mirroring the URL's literal segments.
    pub resources: Resource,
    /// Every example the spec gives, with the type it illustrates.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub examples: Vec<Example>,
    pub report: Report,
}

/// An example from the spec (`example`, `examples`, media-type examples, `x-oaiMeta`).
#[derive(Debug, Clone, Serialize)]
pub struct Example {
    /// Where it is in the spec.
    pub pointer: String,
    /// The type it illustrates.
    pub ty: Type,
    pub value: ExampleValue,
}

#[derive(Debug, Clone, Serialize)]
pub enum ExampleValue {
    Json(serde_json::Value),
    /// Text meant to be JSON (`x-oaiMeta` responses); it may not parse.
    Text(String),
}

/// What the generator could not type precisely, and why; printed as a summary.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Report {
    /// `(where, reason)` of every fallback to untyped JSON.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub untyped: Vec<(String, String)>,
    /// `(where, what)` of spec inconsistencies the generator worked around.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub spec_issues: Vec<(String, String)>,
    /// Keywords the loader met but the model has no place for, with counts.
    pub not_understood: BTreeMap<String, usize>,
    /// Schemas whose own `$defs` the spec refers to as `#/$defs/Name` (valid
    /// only inside a standalone JSON Schema), resolved against the schema.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub local_defs: Vec<String>,
}

/// A credential the client can send, from `components.securitySchemes`.
#[derive(Debug, Clone, Serialize)]
pub struct AuthScheme {
    /// Name in the spec, e.g. `Portkey-Key`.
    pub spec_name: String,
    /// Builder method, e.g. `api_key`, `virtual_key`.
    pub method: String,
    pub location: AuthLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Required by every security requirement of the spec: `Client::new` takes it.
    #[serde(skip_serializing_if = "is_false")]
    pub primary: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum AuthLocation {
    Bearer,
    Header(String),
    /// An API key sent as this query parameter of every request.
    Query(String),
}

#[derive(Debug, Clone, Serialize)]
pub struct TypeDef {
    pub name: String,
    #[serde(skip_serializing_if = "is_default_docs")]
    pub docs: Docs,
    pub kind: TypeKind,
    /// Validation keywords of the schema itself (an alias of a constrained string, say).
    #[serde(skip_serializing_if = "Constraints::is_empty")]
    pub constraints: Constraints,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Docs {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(skip_serializing_if = "is_false")]
    pub deprecated: bool,
}

#[derive(Debug, Clone, Serialize)]
pub enum TypeKind {
    Struct(Struct),
    /// Open string enum: unknown values are kept, never an error.
    Enum(StringEnum),
    /// A union of alternatives (oneOf/anyOf).
    Union(Union),
    /// A named alias for another type shape (`type Foo = Vec<Bar>`).
    Alias(Type),
}

#[derive(Debug, Clone, Serialize)]
pub struct Struct {
    pub fields: Vec<Field>,
    /// `additionalProperties`: values of the extra keys, kept in a map beside the named fields.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub additional: Option<Type>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Field {
    /// Key in JSON.
    pub json_name: String,
    /// Rust field name (keywords escaped as `r#type`).
    pub rust_name: String,
    pub ty: Type,
    #[serde(skip_serializing_if = "is_false")]
    pub required: bool,
    /// `null` is a value the API sends or accepts.
    #[serde(skip_serializing_if = "is_false")]
    pub nullable: bool,
    /// Optional and nullable in a request: absent and `null` stay distinct.
    #[serde(skip_serializing_if = "is_false")]
    pub explicit_null: bool,
    #[serde(skip_serializing_if = "is_default_docs")]
    pub docs: Docs,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub default: Option<serde_json::Value>,
    /// Breaks a cycle of directly nested types (`Box<T>`).
    #[serde(skip_serializing_if = "is_false")]
    pub boxed: bool,
    /// The value's own fields sit inline in the object (an allOf member that is a union).
    #[serde(skip_serializing_if = "is_false")]
    pub flatten: bool,
    #[serde(skip_serializing_if = "Constraints::is_empty")]
    pub constraints: Constraints,
}

/// Validation keywords beyond the type (format, bounds, lengths), as the spec
/// states them where the value is declared. Used to build valid samples.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Constraints {
    /// String format other than `binary` (`date-time`, `uuid`, `email`, `uri`, …).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub format: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub minimum: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub maximum: Option<f64>,
    #[serde(skip_serializing_if = "is_false")]
    pub exclusive_minimum: bool,
    #[serde(skip_serializing_if = "is_false")]
    pub exclusive_maximum: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_length: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_length: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pattern: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_items: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_items: Option<usize>,
    /// Of an inline array's items or map's values.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub items: Option<Box<Constraints>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_properties: Option<usize>,
    /// An object must have every property of one of these sets
    /// (`anyOf`/`oneOf` branches that only list `required`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub required_any: Vec<Vec<String>>,
}

impl Api {
    /// What `cargo xtask generate` prints for the spec: one line of counts,
    /// then with `details` one line per untyped fallback, worked-around spec
    /// issue and keyword not understood.
    pub fn summary(&self, details: bool) -> String {
        let not_understood: usize = self.report.not_understood.values().sum();
        let mut out = format!(
            "{}: {} operations, {} types, {} untyped fallbacks, {} keywords not understood",
            self.module,
            self.operations.len(),
            self.types.len(),
            self.report.untyped.len(),
            not_understood
        );
        if !self.report.local_defs.is_empty() {
            out.push_str(&format!(
                "; relied on schema-local `$defs` (`#/$defs/…`) in {} schemas, resolved against each schema",
                self.report.local_defs.len()
            ));
        }
        if details {
            for place in &self.report.local_defs {
                out.push_str(&format!("\n  local $defs resolved in {place}"));
            }
            for (place, reason) in &self.report.untyped {
                out.push_str(&format!("\n  untyped {place}: {reason}"));
            }
            for (place, what) in &self.report.spec_issues {
                out.push_str(&format!("\n  spec issue {place}: {what}"));
            }
            for (keyword, count) in &self.report.not_understood {
                out.push_str(&format!("\n  not understood `{keyword}`: {count}"));
            }
        }
        out
    }
}

/// How a field is present in the JSON: what its Rust type and serde handling follow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Presence {
    /// Always there, never `null`: `T`.
    Required,
    /// Always there, may be `null`: `Option<T>`, written as `null` when `None`.
    Nullable,
    /// May be left out (or `null` in an answer): `Option<T>`, left out when `None`.
    Optional,
    /// May be left out or be `null`, and a request must tell them apart: `Option<Option<T>>`.
    OptionalNullable,
}

impl Field {
    pub fn presence(&self) -> Presence {
        match (self.explicit_null, self.required, self.nullable) {
            (true, _, _) => Presence::OptionalNullable,
            (false, true, false) => Presence::Required,
            (false, true, true) => Presence::Nullable,
            (false, false, _) => Presence::Optional,
        }
    }
}

impl Struct {
    /// Only named fields: no map of extra properties, no flattened member.
    pub fn named_only(&self) -> bool {
        self.additional.is_none() && !self.fields.iter().any(|f| f.flatten)
    }
}

/// The struct `ty` names, through aliases.
pub fn struct_of<'t>(types: &'t BTreeMap<String, TypeDef>, ty: &Type) -> Option<&'t Struct> {
    let Type::Named(name) = ty else { return None };
    match &types.get(name)?.kind {
        TypeKind::Struct(s) => Some(s),
        TypeKind::Alias(inner) => struct_of(types, inner),
        _ => None,
    }
}

impl Operation {
    /// The body the main method sends: JSON when offered, else the first content.
    pub fn main_body(&self) -> Option<&(String, BodyKind, Type)> {
        let contents = self.body.as_ref().map(|b| b.contents.as_slice()).unwrap_or_default();
        contents.iter().find(|(_, k, _)| *k == BodyKind::Json).or(contents.first())
    }

    /// The body the `multipart_method` variant sends, when there is one.
    pub fn multipart_body(&self) -> Option<&(String, BodyKind, Type)> {
        let contents = self.body.as_ref().map(|b| b.contents.as_slice()).unwrap_or_default();
        self.multipart_method.as_ref().and(contents.iter().find(|(_, k, _)| *k == BodyKind::Multipart))
    }
}

impl Constraints {
    pub fn is_empty(&self) -> bool {
        *self == Constraints::default()
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct StringEnum {
    pub variants: Vec<EnumVariant>,
    /// `x-stainless-const` or a single-value enum: the spec's value is the default.
    #[serde(skip_serializing_if = "is_false")]
    pub constant: bool,
    /// The spec also allows any other string (`anyOf: [string, enum]`, e.g. model ids).
    #[serde(skip_serializing_if = "is_false")]
    pub open: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct EnumVariant {
    pub value: String,
    pub rust_name: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Union {
    pub variants: Vec<UnionVariant>,
    /// Property whose constant value names the variant, when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tag: Option<String>,
    /// The spec's `discriminator`, when it gives one: property and (type name, value) pairs.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub discriminator: Option<Discriminator>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Discriminator {
    pub property: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub mapping: Vec<(String, String)>,
}

#[derive(Debug, Clone, Serialize)]
pub struct UnionVariant {
    pub rust_name: String,
    pub ty: Type,
    /// The tag value for this variant, when the union is tagged.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tag_value: Option<String>,
    #[serde(skip_serializing_if = "is_false")]
    pub boxed: bool,
}

/// A reference to a type, as it appears in a field, parameter or response.
/// Serialized as its compact display form (`[Thing]`, `{string: integer}`) for snapshots.
#[derive(Debug, Clone, PartialEq, serde_with::SerializeDisplay)]
pub enum Type {
    Named(String),
    String,
    Integer,
    Number,
    Boolean,
    Array(Box<Type>),
    Map(Box<Type>),
    /// An array item or map value that may be `null`: `Option<T>`.
    Nullable(Box<Type>),
    /// Raw bytes (`format: binary`) — file uploads and downloads.
    Binary,
    /// Any JSON value: the spec gives no definite shape.
    Json,
}

#[derive(Debug, Clone, Serialize)]
pub struct Operation {
    /// operationId, or a name derived from method and path.
    pub id: String,
    /// Resource namespace path, e.g. `["vector_stores", "file_batches"]`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub resource: Vec<String>,
    /// Rust method name, e.g. `cancel`.
    pub method_name: String,
    /// Method that sets `stream: true` and returns the event stream, when the operation streams.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stream_method: Option<String>,
    /// Method sending the body as multipart, when JSON and multipart are both offered.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub multipart_method: Option<String>,
    pub http_method: HttpMethod,
    /// Path template as in the spec, e.g. `/batches/{batch_id}/cancel`.
    pub path: String,
    #[serde(skip_serializing_if = "is_default_docs")]
    pub docs: Docs,
    pub path_params: Vec<Param>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub query_params: Vec<Param>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub header_params: Vec<Param>,
    /// Name of the generated header struct, when there are header parameters.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub header_type: Option<String>,
    /// Name of the generated query struct, when there are query parameters.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub query_type: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub body: Option<RequestBody>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub responses: Vec<Response>,
    /// What a successful call returns.
    pub returns: Returns,
    /// Event type of a `text/event-stream` success response, when the operation can stream.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stream: Option<Type>,
    /// Servers declared on the path or operation (overrides of the spec default).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub servers: Vec<String>,
    /// Alternatives of required credentials, by scheme name; empty = the spec default.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub security: Vec<Vec<String>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
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

#[derive(Debug, Clone, Serialize)]
pub struct Param {
    pub name: String,
    pub rust_name: String,
    pub ty: Type,
    #[serde(skip_serializing_if = "is_false")]
    pub required: bool,
    #[serde(skip_serializing_if = "is_default_docs")]
    pub docs: Docs,
    #[serde(skip_serializing_if = "Constraints::is_empty")]
    pub constraints: Constraints,
    /// How the value is written: the spec's `style` (see `ir/param_style.rs`).
    pub style: ParamStyle,
    /// The spec's `explode`, or its default for the style.
    pub explode: bool,
}

/// OpenAPI's parameter styles, plus `Json`: the value as JSON text (a
/// parameter given as `content`, or a header holding an object).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum ParamStyle {
    Form,
    SpaceDelimited,
    PipeDelimited,
    DeepObject,
    Simple,
    Label,
    Matrix,
    Json,
}

#[derive(Debug, Clone, Serialize)]
pub struct RequestBody {
    #[serde(skip_serializing_if = "is_false")]
    pub required: bool,
    /// Content type → body type, in spec order.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub contents: Vec<(String, BodyKind, Type)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum BodyKind {
    Json,
    Multipart,
    Form,
    Bytes,
    Text,
}

#[derive(Debug, Clone, Serialize)]
pub struct Response {
    /// `200`, `4XX`, `default`.
    pub status: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Content type → type.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub contents: Vec<(String, Type)>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
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
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MediaReturn {
    /// Rust name of the enum, in `models`.
    pub type_name: String,
    /// One per media type, in spec order.
    pub variants: Vec<MediaVariant>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MediaVariant {
    /// As the spec writes it, e.g. `application/json`.
    pub content_type: String,
    pub rust_name: String,
    pub shape: MediaShape,
}

/// How a body of one media type is read.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum MediaShape {
    Json(Type),
    /// Text (invalid UTF-8 replaced).
    Text,
    Bytes,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Resource {
    /// Accessor name (`vector_stores`); empty at the root.
    pub accessor: String,
    /// Rust type of the namespace struct (`VectorStores`).
    pub type_name: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub children: Vec<Resource>,
    /// Indices into `Api::operations`.
    pub operations: Vec<usize>,
}

impl std::fmt::Display for Type {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Type::Named(name) => f.write_str(name),
            Type::String => f.write_str("string"),
            Type::Integer => f.write_str("integer"),
            Type::Number => f.write_str("number"),
            Type::Boolean => f.write_str("boolean"),
            Type::Array(inner) => write!(f, "[{inner}]"),
            Type::Map(inner) => write!(f, "{{string: {inner}}}"),
            Type::Nullable(inner) => write!(f, "{inner}?"),
            Type::Binary => f.write_str("binary"),
            Type::Json => f.write_str("json"),
        }
    }
}
