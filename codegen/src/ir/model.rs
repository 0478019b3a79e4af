//! The IR: plain data, the only contract between lowering and emitting.
//! Every Rust identifier the emitter writes is decided here. The spec as a
//! whole is here; its types are in `model/type_defs.rs`, its operations in
//! `model/operations.rs`.

mod operations;
mod type_defs;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

pub use super::arena::{TypeId, Types};
pub use super::quick_start::{QuickStart, Sample};
pub use operations::*;
pub use type_defs::*;

use super::helpers::Helpers;
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
    /// `<crate>/<version>` of the generated crate).
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
    /// The `#![recursion_limit]` its types need, when above rustc's 128:
    /// eight of rustc's steps for each type of the longest chain of types
    /// each holding the next (`graph::nesting_depth`). At 128, a chain of 60
    /// structs checked and one of 80 did not; a ring of 20 documented and
    /// one of 30 did not (auto traits).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recursion_limit: Option<usize>,
    /// The type crates of a big spec (`ir/parts.rs`); `None`: its types are one module.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parts: Option<super::parts::Parts>,
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
    /// HTTP basic credentials (RFC 7617): the value is `user:password`, sent
    /// base64-encoded as `Authorization: Basic …`.
    Basic,
    Header(String),
    /// An API key sent as this query parameter of every request.
    Query(String),
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
