//! The IR's types: one `TypeDef` per type of the spec (struct, string enum,
//! union, alias), their fields and variants, and how request types are
//! written by hand (`Conveniences`).

use serde::{Deserialize, Serialize};

use super::{is_default_docs, is_false, Type, TypeId, Types};

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

impl Docs {
    /// Docs from spec text; a title or description that is only whitespace
    /// (line separators included) is none, so the generated line naming the
    /// item takes its place (an empty doc is `missing_docs` and `clippy::empty_docs`).
    pub fn from_spec(title: Option<&String>, description: Option<&String>, deprecated: bool) -> Docs {
        let text = |t: Option<&String>| t.filter(|t| !t.trim().is_empty()).cloned();
        Docs { title: text(title), description: text(description), deprecated }
    }
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
    let Type::Named(id) = crate::ir::graph::through_aliases(types, ty) else { return None };
    match &types.get(*id)?.kind {
        TypeKind::Struct(s) => Some(s),
        _ => None,
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

impl StringEnum {
    /// The value of a constant of one value (a one-value `enum`, or `const`):
    /// such a type is one generic `runtime::Constant` over a marker, not an
    /// enum of its own (the compiler checks one marker instead of a dozen impls).
    pub fn single_value(&self) -> Option<&str> {
        match self.variants.as_slice() {
            [only] if self.constant && !self.open => Some(&only.value),
            _ => None,
        }
    }
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
    /// Untagged: the variant (Rust name) of the union's `Filler`, what a
    /// tolerant read fills in when nothing fits (`ir/derived.rs`).
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
    /// More tag values that select this variant (a `mapping` with several
    /// keys for one schema); `tag_value` is the first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tag_aliases: Vec<String>,
    /// In a tagged union, a variant whose struct does not declare the tag
    /// property: serializing it adds the tag.
    #[serde(default, skip_serializing_if = "is_false")]
    pub adds_tag: bool,
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

impl UnionVariant {
    /// A variant holding `ty`, unnamed (the naming pass names it) and with
    /// nothing decided yet: no tag, not boxed, no format, no keys.
    pub fn of(ty: Type) -> Self {
        UnionVariant {
            rust_name: String::new(),
            ty,
            tag_value: None,
            tag_aliases: Vec::new(),
            adds_tag: false,
            boxed: false,
            format: None,
            keys: None,
        }
    }
}

/// The JSON keys of a struct variant: every field's, and the required ones'.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct VariantKeys {
    pub fields: Vec<String>,
    pub required: Vec<String>,
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
    /// A type one step further in: the variant of this union that is itself a
    /// union, and the type of that union's variant (`From<T>` through both,
    /// `InputItem::from(item_param)` for `InputItem::Item(Item::…)`), where no
    /// other path or variant takes the type.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub from_nested: Vec<(String, Type)>,
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
