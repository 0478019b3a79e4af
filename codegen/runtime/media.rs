//! Answers the spec offers in several media types (JSON or plain text, say),
//! decoded by the response's `Content-Type` into the operation's enum.

use bytes::Bytes;
use reqwest::header::CONTENT_TYPE;

use crate::runtime::call::{decode_slice, Meta};
use crate::runtime::Error;

/// An enum with one variant per media type of a response; generated for each
/// such operation.
pub trait FromMedia: Sized {
    /// The media types as the spec lists them; the `Accept` header names them all.
    const MEDIA_TYPES: &'static [&'static str];

    /// Reads `body` as the media type at `index` of [`Self::MEDIA_TYPES`].
    fn decode(index: usize, body: &MediaBody<'_>) -> Result<Self, Error>;
}

/// A success body with its status and headers, for [`FromMedia::decode`].
pub struct MediaBody<'a> {
    bytes: &'a Bytes,
    meta: &'a Meta,
}

impl MediaBody<'_> {
    /// JSON into `T`; a mismatch is [`Error::Decode`] with its JSON path.
    pub fn json<T: serde::de::DeserializeOwned>(&self) -> Result<T, Error> {
        decode_slice(self.bytes, self.meta)
    }

    /// The body as text; invalid UTF-8 is replaced, not an error.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(self.bytes).into_owned()
    }

    /// The body's bytes.
    pub fn bytes(&self) -> Bytes {
        self.bytes.clone()
    }
}

/// The essence of a media type: `Text/Plain; charset=utf-8` → `text/plain`.
fn essence(media_type: &str) -> String {
    media_type.split(';').next().unwrap_or_default().trim().to_ascii_lowercase()
}

fn is_json(essence: &str) -> bool {
    essence == "application/json" || essence.ends_with("+json")
}

/// The listed media type `content_type` is: the same essence, else a listed
/// `type/*` or `*/*`, else (for a JSON answer) a listed JSON type.
fn listed(media_types: &[&str], content_type: &str) -> Option<usize> {
    let answer = essence(content_type);
    let main = answer.split('/').next().unwrap_or_default();
    let listed: Vec<String> = media_types.iter().map(|m| essence(m)).collect();
    let position = |matches: &dyn Fn(&str) -> bool| listed.iter().position(|m| matches(m));
    position(&|m| m == answer)
        .or_else(|| position(&|m| m.strip_suffix("/*") == Some(main)))
        .or_else(|| position(&|m| m == "*/*"))
        .or_else(|| position(&|m| is_json(m) && is_json(&answer)))
}

/// Decodes as the listed media type the answer's `Content-Type` names; without
/// one, or with one the spec does not list, as the first listed type that
/// reads the body (spec order), else with the first one's error.
pub(crate) fn decode_media<T: FromMedia>(bytes: Bytes, meta: &Meta) -> Result<T, Error> {
    let body = MediaBody { bytes: &bytes, meta };
    let content_type = meta.headers.get(CONTENT_TYPE).and_then(|v| v.to_str().ok());
    if let Some(index) = content_type.and_then(|ct| listed(T::MEDIA_TYPES, ct)) {
        return T::decode(index, &body);
    }
    let mut first_error = None;
    for index in 0..T::MEDIA_TYPES.len() {
        match T::decode(index, &body) {
            Ok(value) => return Ok(value),
            Err(e) => {
                first_error.get_or_insert(e);
            }
        }
    }
    Err(first_error.unwrap_or_else(|| Error::Request("the response lists no media type".into())))
}
