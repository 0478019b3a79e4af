//! A success response the spec offers in several media types with different
//! shapes (`application/json` and `text/plain`, as OpenAI's transcription
//! endpoints answer depending on `response_format`): one enum, a variant per
//! media type, decoded by the answer's `Content-Type`.

use super::model::*;
use super::names::{camel_ident, Scope};
use super::naming::Hint;
use super::operation::is_json;
use super::schema::SchemaLowerer;

/// The enum for the first success response with a body, when its media types
/// (event streams aside) have more than one shape; `None` otherwise.
pub(super) fn by_content_type(s: &mut SchemaLowerer, responses: &[Response], op_camel: &str) -> Option<MediaReturn> {
    let mut success: Vec<&Response> = responses.iter().filter(|r| r.status.starts_with('2')).collect();
    success.sort_by(|a, b| a.status.cmp(&b.status));
    let contents: Vec<&(String, Type)> = success
        .iter()
        .map(|r| r.contents.iter().filter(|(ct, _)| !ct.starts_with("text/event-stream")).collect::<Vec<_>>())
        .find(|contents| !contents.is_empty())?;
    let shapes: Vec<MediaShape> = contents.iter().map(|(ct, ty)| shape_of(ct, ty)).collect();
    if shapes.iter().all(|shape| *shape == shapes[0]) {
        return None;
    }
    let mut scope = Scope::default();
    let variants = contents
        .iter()
        .zip(shapes)
        .map(|((content_type, _), shape)| MediaVariant {
            content_type: content_type.clone(),
            rust_name: scope.claim(&variant_name(content_type)),
            shape,
        })
        .collect();
    Some(MediaReturn { type_id: s.reserve_hoisted(&Hint::root(format!("{op_camel}Response"))), variants })
}

/// JSON (a bare string in JSON is a file's content, read as bytes, as for a
/// single media type), text for `text/*`, bytes for anything else.
fn shape_of(content_type: &str, ty: &Type) -> MediaShape {
    if is_json(content_type) {
        return match ty {
            Type::String | Type::Binary => MediaShape::Bytes,
            ty => MediaShape::Json(ty.clone()),
        };
    }
    if content_type.starts_with("text/") {
        MediaShape::Text
    } else {
        MediaShape::Bytes
    }
}

/// `application/json` → `Json`, `text/plain` → `Text`, `application/xml` →
/// `Xml`, `image/png` → `ImagePng`, `image/*` → `ImageAny`, `*/*` → `Any`.
fn variant_name(content_type: &str) -> String {
    let essence = content_type.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
    let name = match essence.as_str() {
        "application/json" => "json".to_string(),
        "text/plain" => "text".to_string(),
        "*/*" => "any".to_string(),
        other => other.strip_prefix("application/").unwrap_or(other).replace('*', "any"),
    };
    camel_ident(&name, "Media")
}
