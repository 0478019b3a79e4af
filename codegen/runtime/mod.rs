//! The client runtime shared by every generated API module: configuration and
//! transport, calls with retries, errors, server-sent events, pagination,
//! multipart bodies, string enums and constants, tagged unions, path encoding, and what the
//! generated SDK helpers share (stream accumulators, structured output).

mod body;
mod call;
mod config;
mod constant;
pub mod double_option;
mod enums;
mod error;
mod fields;
mod file;
mod helpers;
mod json_object;
mod media;
mod multipart;
mod object;
mod pagination;
mod params;
mod path;
mod redirect;
mod retry;
mod send;
mod sse;
mod styles;
mod tagged;
mod tolerant;
mod untagged;

pub use body::ByteStream;
pub use call::{Call, Response};
pub use config::{
    Config, Secret, Transport, DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT,
};
#[doc(hidden)]
pub use enums::deserialize_string_enum;
pub use constant::{Constant, ConstantValue};
pub use enums::{set_strict_enums, strict_enums};
pub use error::{ApiError, ApiErrorBody, DecodeError, Error};
pub use file::FileUpload;
pub use helpers::{merge_delta, parse_json, Accumulate, DeltaMerge, ParseError, StreamEvent};
pub use json_object::IntoJsonObject;
pub use media::{FromMedia, MediaBody};
pub use multipart::Multipart;
#[doc(hidden)]
pub use fields::{debug_fields, fields_eq, serialize_fields, FieldValue, FieldVisitor, VisitFields};
#[doc(hidden)]
pub use object::{read_fields, Key, ObjectVisitor, ObjectWriter, ReadFields};
pub use tolerant::{
    collect_deviations, decode_json, set_strict, strict, Deviation, DeviationKind, Filler, ObjectMeta,
};
#[doc(hidden)]
pub use tolerant::{write_as_read, write_extras, write_optional, FieldKind, NullIs, Reader};
pub use pagination::Page;
pub use path::encode_path;
pub use sse::EventStream;
pub use styles::{path_param, ParamStyle, Style};
#[doc(hidden)]
pub use tagged::{decode_variant, deserialize_tagged_union, serialize_adding_tag, VariantError};
#[doc(hidden)]
pub use untagged::{decode_variant_ref, deserialize_untagged, matches_format, Candidate};

pub use bytes::Bytes;
pub use reqwest::header::HeaderMap;
pub use reqwest::{Method, StatusCode};

pub use crate::{object_serde, string_enum, string_enum_impl, tagged_union_impl, untagged_union_impl};

/// For the macros' expansions, which must not assume the caller names serde.
/// Modules, not `pub use serde as …`: rustdoc drops `#[doc(hidden)]` from a
/// `use` when the split crate re-exports the runtime from another crate.
#[doc(hidden)]
pub mod __serde {
    pub use serde::*;
}
#[doc(hidden)]
pub mod __serde_json {
    pub use serde_json::*;
}
