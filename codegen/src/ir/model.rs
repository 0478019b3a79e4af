//! The IR: plain data, the only contract between lowering and emitting.
//! Every Rust identifier the emitter writes is decided here.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

pub use super::arena::{TypeId, Types};
pub use super::quick_start::{QuickStart, Sample};

use super::helpers::Helpers;
use super::method::{Method, MethodVariant};
pub use super::type_ref::{IntFormat, Type};

fn is_false(b: &bool) -> bool {
    !*b
}

fn is_default_docs(d: &Docs) -> bool {
    d.title.is_none() && d.description.is_none() && !d.deprecated
}

/// One spec, lowered. Its serde impls name the arena's ids (`ir/arena.rs`).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(remote = "Self")]
pub struct Api {
    /// Rust module name (the spec file stem), e.g. `openai`.
    pub module: String,
    pub title: String,
    pub version: String,
    /// Default base URL (the first `servers` entry), if the spec has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base_url: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub auth: Vec<AuthScheme>,
    /// Headers the client builder sets by name (the generator config's `client_headers`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub client_options: Vec<ClientOption>,
    /// Environment variables `Client::from_env` reads.
    #[serde(default)]
    pub env: ClientEnv,
    /// The `User-Agent` the client sends, from the generator config (else the
    /// runtime's `<crate>/<version>`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_agent: Option<String>,
    /// Every type, by id; iterated by name (`ir/arena.rs`).
    pub types: Types,
    /// Constructors, setters and conversions of the types a request holds,
    /// by type; serialized by type name, in name order.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty", with = "super::arena::by_name")]
    pub conveniences: BTreeMap<TypeId, Conveniences>,
    /// The helpers of the official SDKs this spec's shapes allow (`ir/helpers.rs`).
    #[serde(default, skip_serializing_if = "Helpers::is_empty")]
    pub helpers: Helpers,
    /// The call the module docs' quick start shows (`ir/quick_start.rs`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quick_start: Option<QuickStart>,
    pub operations: Vec<Operation>,
    /// Resource namespaces, a tree mirroring the URL's literal segments.
    pub resources: Resource,
    /// The generated crate's cargo features of this spec: one per root namespace (`ir/features.rs`).
    #[serde(default)]
    pub features: CargoFeatures,
    /// Every example the spec gives, with the type it illustrates.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub examples: Vec<Example>,
    pub report: Report,
}

impl Serialize for Api {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let _names = self.types.naming();
        Api::serialize(self, s)
    }
}

impl<'de> Deserialize<'de> for Api {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        super::arena::interning();
        let api = Api::deserialize(d);
        let names = super::arena::take_interned();
        let mut api = api?;
        api.types = std::mem::take(&mut api.types).adopt(names);
        Ok(api)
    }
}

/// An example from the spec (`example`, `examples`, media-type examples, `x-oaiMeta`).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Example {
    /// Where it is in the spec.
    pub pointer: String,
    /// The type it illustrates.
    pub ty: Type,
    pub value: ExampleValue,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum ExampleValue {
    Json(serde_json::Value),
    /// Text meant to be JSON (`x-oaiMeta` responses); it may not parse.
    Text(String),
}

/// What the generator could not type precisely, and why; printed as a summary.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Report {
    /// `(where, reason)` of every fallback to untyped JSON.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub untyped: Vec<(String, String)>,
    /// `(where, what)` of spec inconsistencies the generator worked around.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub spec_issues: Vec<(String, String)>,
    /// Keywords the loader met but the model has no place for, with counts.
    pub not_understood: BTreeMap<String, usize>,
    /// Schemas whose own `$defs` the spec refers to as `#/$defs/Name` (valid
    /// only inside a standalone JSON Schema), resolved against the schema.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub local_defs: Vec<String>,
}

/// A credential the client can send, from `components.securitySchemes`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AuthScheme {
    /// Name in the spec, e.g. `Portkey-Key`.
    pub spec_name: String,
    /// Builder method, e.g. `api_key`, `virtual_key`.
    pub method: String,
    pub location: AuthLocation,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Required by every security requirement of the spec: `Client::new` takes it.
    #[serde(default, skip_serializing_if = "is_false")]
    pub primary: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum AuthLocation {
    Bearer,
    Header(String),
    /// An API key sent as this query parameter of every request.
    Query(String),
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TypeDef {
    pub name: String,
    /// Where the type comes from: the JSON pointer of its schema
    /// (`/components/schemas/Model`, `/components/schemas/Model/properties/owner`),
    /// or of the operation plus `/parameters/query` (`/header`) for a parameter
    /// struct. Stable when names shift, so a diff can match types across versions.
    pub origin: String,
    #[serde(default, skip_serializing_if = "is_default_docs")]
    pub docs: Docs,
    pub kind: TypeKind,
    /// Validation keywords of the schema itself (an alias of a constrained string, say).
    #[serde(default, skip_serializing_if = "Constraints::is_empty")]
    pub constraints: Constraints,
    /// Whether the client decodes values of this type from what a server
    /// sends: reachable from a response body (any status, any media type) or a
    /// stream event (set by `ir::decoded`). Decoded structs read tolerantly and
    /// carry `meta`; the others (request-only) read strictly, without `meta`.
    #[serde(default)]
    pub decoded: bool,
    /// Cargo features any of which compiles this type: those of the resources
    /// whose operations reach it (`ir/features.rs`). Empty: always compiled.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub features: Vec<String>,
    /// The type implements `Default`: a struct whose required non-null
    /// fields all do, a constant, an alias of such a type (`ir/derived.rs`).
    /// A struct with `Default` can be built with `..Default::default()`.
    #[serde(default, skip_serializing_if = "is_false")]
    pub derives_default: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Docs {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "is_false")]
    pub deprecated: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum TypeKind {
    Struct(Struct),
    /// Open string enum: unknown values are kept, never an error.
    Enum(StringEnum),
    /// A union of alternatives (oneOf/anyOf).
    Union(Union),
    /// A named alias for another type shape (`type Foo = Vec<Bar>`).
    Alias(Type),
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Struct {
    pub fields: Vec<Field>,
    /// `additionalProperties`: values of the extra keys, kept in a map beside the named fields.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub additional: Option<Type>,
    /// JSON names of the required fields in the order the spec lists them
    /// (`new` takes them so: `model` before `messages`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub required_order: Vec<String>,
    /// JSON names of properties the spec marks as computed by its SDKs
    /// (`x-oaiSupportedSDKs`): no field, since servers never send them; a
    /// method computes the one `ir::helpers` recognizes (`Response::output_text()`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sdk_only: Vec<String>,
    /// A list answer the runtime pages through (`runtime::Page`), when the
    /// struct has that shape (`ir/derived.rs`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page: Option<Page>,
}

/// How a list answer pages: `data` holds the items, `has_more` says whether
/// another page follows, the cursor is the `after` of the next request.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Page {
    /// Rust name of the required list field (`data`).
    pub data: String,
    /// The list's item type.
    pub item: Type,
    /// Rust name of the boolean `has_more` field.
    pub has_more: String,
    /// `has_more` is required and not nullable (else absent or `null` is `false`).
    #[serde(default, skip_serializing_if = "is_false")]
    pub has_more_always: bool,
    pub cursor: Cursor,
}

/// Where the next page's cursor comes from.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum Cursor {
    /// The string field `last_id` (Rust name), `always` there and not `null`, or not.
    LastId { field: String, always: bool },
    /// The last item's required string `id` field (Rust name).
    ItemId { field: String },
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Field {
    /// Key in JSON.
    pub json_name: String,
    /// Rust field name (keywords escaped as `r#type`).
    pub rust_name: String,
    pub ty: Type,
    #[serde(default, skip_serializing_if = "is_false")]
    pub required: bool,
    /// `null` is a value the API sends or accepts.
    #[serde(default, skip_serializing_if = "is_false")]
    pub nullable: bool,
    /// Optional and nullable in a request: absent and `null` stay distinct.
    #[serde(default, skip_serializing_if = "is_false")]
    pub explicit_null: bool,
    #[serde(default, skip_serializing_if = "is_default_docs")]
    pub docs: Docs,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<serde_json::Value>,
    /// Breaks a cycle of directly nested types (`Box<T>`).
    #[serde(default, skip_serializing_if = "is_false")]
    pub boxed: bool,
    /// The value's own fields sit inline in the object (an allOf member that is a union).
    #[serde(default, skip_serializing_if = "is_false")]
    pub flatten: bool,
    #[serde(default, skip_serializing_if = "Constraints::is_empty")]
    pub constraints: Constraints,
    /// `readOnly`: set by the server. Read as declared (a required one is
    /// `T`), never written: a request built from the same type leaves it out.
    #[serde(default, skip_serializing_if = "is_false")]
    pub read_only: bool,
    /// `writeOnly`: sent, never answered. Optional even when required, since
    /// an answer decoded into the same type leaves it out.
    #[serde(default, skip_serializing_if = "is_false")]
    pub write_only: bool,
}

/// Validation keywords beyond the type (format, bounds, lengths), as the spec
/// states them where the value is declared. Used to build valid samples.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Constraints {
    /// String format other than `binary` (`date-time`, `uuid`, `email`, `uri`, …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub format: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub minimum: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub maximum: Option<f64>,
    #[serde(default, skip_serializing_if = "is_false")]
    pub exclusive_minimum: bool,
    #[serde(default, skip_serializing_if = "is_false")]
    pub exclusive_maximum: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_length: Option<usize>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_length: Option<usize>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pattern: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_items: Option<usize>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_items: Option<usize>,
    /// Of an inline array's items or map's values.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub items: Option<Box<Constraints>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_properties: Option<usize>,
    /// An object must have every property of one of these sets
    /// (`anyOf`/`oneOf` branches that only list `required`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
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
        let names = self.name_stats();
        out.push_str(&format!(
            "; names: {} aliases, {} Variant-numbered, {} numeric-suffixed, longest {} ({}), mean {:.1}",
            names.aliases,
            names.variant_numbered,
            names.numeric_suffixed,
            names.longest.len(),
            names.longest,
            names.mean_length
        ));
        if !self.report.local_defs.is_empty() {
            out.push_str(&format!(
                "; relied on schema-local `$defs` (`#/$defs/…`) in {} schemas, resolved against each schema",
                self.report.local_defs.len()
            ));
        }
        let sdk_only: Vec<String> = self
            .types
            .values()
            .filter_map(|d| match &d.kind {
                TypeKind::Struct(s) => Some(s.sdk_only.iter().map(move |p| format!("{}.{p}", d.name))),
                _ => None,
            })
            .flatten()
            .collect();
        if !sdk_only.is_empty() {
            out.push_str(&format!(
                "; {} SDK-only properties left out ({} computed by helper methods)",
                sdk_only.len(),
                self.helpers.output_text.len()
            ));
        }
        if details {
            for place in &sdk_only {
                out.push_str(&format!("\n  SDK-only property left out: {place}"));
            }
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
        match (self.explicit_null, self.required && !self.write_only, self.nullable) {
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
pub fn struct_of<'t>(types: &'t Types, ty: &'t Type) -> Option<&'t Struct> {
    let Type::Named(id) = super::graph::through_aliases(types, ty) else { return None };
    match &types.get(*id)?.kind {
        TypeKind::Struct(s) => Some(s),
        _ => None,
    }
}

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

impl Constraints {
    pub fn is_empty(&self) -> bool {
        *self == Constraints::default()
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct StringEnum {
    pub variants: Vec<EnumVariant>,
    /// `x-stainless-const` or a single-value enum: the spec's value is the default.
    #[serde(default, skip_serializing_if = "is_false")]
    pub constant: bool,
    /// The spec also allows any other string (`anyOf: [string, enum]`, e.g. model ids).
    #[serde(default, skip_serializing_if = "is_false")]
    pub open: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct EnumVariant {
    pub value: String,
    pub rust_name: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Union {
    pub variants: Vec<UnionVariant>,
    /// Property whose constant value names the variant, when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tag: Option<String>,
    /// The spec's `discriminator`, when it gives one: property and (type name, value) pairs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub discriminator: Option<Discriminator>,
    /// Untagged, but this property's value (each variant's `tag_value`)
    /// names the variant tried first: a `discriminator` over a property the
    /// variants share, whose values map by `mapping` or schema name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dispatch: Option<String>,
    /// Every variant is a scalar (string, number, boolean, string enum):
    /// the union has `Display`, writing the value, so it can be a path or
    /// query parameter.
    #[serde(default, skip_serializing_if = "is_false")]
    pub display: bool,
    /// Untagged and decoded: the variant (Rust name) a tolerant read fills
    /// in when nothing fits (`ir/derived.rs`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub filler: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Discriminator {
    pub property: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub mapping: Vec<(TypeId, String)>,
    /// (type, schema name in the spec) of each referenced variant: the
    /// value of a variant neither `mapping` nor a constant property names.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub by_name: Vec<(TypeId, String)>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct UnionVariant {
    pub rust_name: String,
    pub ty: Type,
    /// The tag value for this variant, when the union is tagged or dispatched.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tag_value: Option<String>,
    #[serde(default, skip_serializing_if = "is_false")]
    pub boxed: bool,
    /// A string variant's `format` (`uuid`, `date-time`, …): an untagged
    /// union takes a string for this variant only when it has that format.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub format: Option<String>,
    /// In an untagged union, a variant that is a struct of named fields
    /// only: the JSON keys an object is matched against (`ir/derived.rs`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub keys: Option<VariantKeys>,
}

/// The JSON keys of a struct variant: every field's, and the required ones'.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct VariantKeys {
    pub fields: Vec<String>,
    pub required: Vec<String>,
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

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Resource {
    /// Accessor name (`vector_stores`); empty at the root.
    pub accessor: String,
    /// Rust type of the namespace struct (`VectorStores`).
    pub type_name: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub children: Vec<Resource>,
    /// Indices into `Api::operations`.
    pub operations: Vec<usize>,
    /// Cargo features any of which compiles this namespace (its root
    /// namespace's). At the root: the features under which some operation
    /// uses the client's transport. Empty: always compiled (`ir/features.rs`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub features: Vec<String>,
}

/// The cargo features of one spec in the generated crate (`ir/features.rs` states the rules).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct CargoFeatures {
    /// One per root namespace, in namespace order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub resources: Vec<CargoFeature>,
    /// The feature that enables every resource feature of this spec and
    /// compiles the types no operation reaches: `full` in a crate of one
    /// spec, the spec's module (`openai`) in a crate of several.
    pub all: String,
}

/// A cargo feature that compiles one root namespace and the types its operations reach.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CargoFeature {
    /// The feature's name (`vector-stores`; `openai-vector-stores` in a crate of several specs).
    pub name: String,
    /// The namespace's accessor (`vector_stores`).
    pub accessor: String,
}

/// How a type is written by hand (`ir/conveniences.rs` states the rules).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Conveniences {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub constructor: Option<Constructor>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub setters: Vec<Setter>,
    /// Union variant that `From<&str>` and `From<String>` build.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from_string: Option<String>,
    /// That variant holds a `String` itself (no conversion of a `String`).
    #[serde(default, skip_serializing_if = "is_false")]
    pub from_string_exact: bool,
    /// Union variant that is a list of strings: `From<[&str; N]>` and `From<Vec<&str>>` build it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from_str_list: Option<String>,
    /// Union variants whose value converts into the union (`From<T>`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub from_variants: Vec<String>,
    /// Constructors of a tagged union named after the tag values (`user`, `system`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub roles: Vec<RoleConstructor>,
}

/// `new(required…)`: the fields it takes in order; the others start absent,
/// `null`, or at the spec's constant.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Constructor {
    pub method: String,
    pub params: Vec<Arg>,
}

/// A constructor or setter argument: the field it fills and how.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Arg {
    pub field: String,
    #[serde(default, skip_serializing_if = "ArgKind::is_into")]
    pub kind: ArgKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum ArgKind {
    /// `impl Into<T>`.
    #[default]
    Into,
    /// A free-form JSON object: `impl runtime::IntoJsonObject` (a `serde_json::Value` object).
    JsonObject,
}

impl ArgKind {
    pub fn is_into(&self) -> bool {
        *self == ArgKind::Into
    }
}

/// A chainable setter of an optional field.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Setter {
    pub field: String,
    pub method: String,
    /// Sets an explicit `null` (the field may be sent as `null`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub null_method: Option<String>,
    #[serde(default, skip_serializing_if = "ArgKind::is_into")]
    pub kind: ArgKind,
    /// A `&str` converts into the field's type.
    #[serde(default, skip_serializing_if = "is_false")]
    pub takes_string: bool,
    /// The field's name starts like a conversion or predicate (`is_default`),
    /// which Rust's naming conventions reserve for methods that borrow `self`.
    #[serde(default, skip_serializing_if = "is_false")]
    pub convention_prefix: bool,
}

/// `Union::user(content)`: the variant `variant` holding `struct_name::new(…)`,
/// or, when that takes nothing, `struct_name::new().<text_setter>(text)`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RoleConstructor {
    pub method: String,
    pub variant: String,
    /// The struct the variant holds (serialized by its name).
    pub struct_name: TypeId,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text_setter: Option<String>,
}

/// Environment variables of `Client::from_env`, as the official SDKs name them.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct ClientEnv {
    /// The primary credential (`OPENAI_API_KEY`), when the spec has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub api_key: Option<String>,
    /// Another server (`OPENAI_BASE_URL`).
    pub base_url: String,
}

/// A client option sent as a header with every request (`organization()` →
/// `OpenAI-Organization`), from the generator config.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ClientOption {
    /// Builder method.
    pub method: String,
    pub header: String,
    /// Variable `Client::from_env` reads it from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub env: Option<String>,
}
