//! Errors of a call: what the server said, or why we could not hear it.

use std::fmt;
use std::time::Duration;

use reqwest::header::HeaderMap;
use reqwest::StatusCode;
use serde_json::Value;

/// How much of a body an error keeps, so a huge body never lands in an error.
pub(crate) const EXCERPT_LIMIT: usize = 1024;

/// Everything a call can fail with. Display is one line.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The server answered with a non-success status (or an SSE `error` event).
    #[error("{0}")]
    Api(Box<ApiError>),
    /// Connecting, sending or reading failed (refused, reset, TLS, …).
    #[error("transport error: {}", chain(.0))]
    Transport(#[source] reqwest::Error),
    /// An attempt took longer than its timeout (SSE: no bytes for that long).
    #[error("request timed out after {0:?}")]
    Timeout(Duration),
    /// A success body did not match the expected type.
    #[error("{0}")]
    Decode(Box<DecodeError>),
    /// An event stream broke: cut mid-event, bad UTF-8 or framing.
    #[error("event stream error: {0}")]
    Stream(String),
    /// `Config::build` rejected a setting.
    #[error("invalid configuration: {0}")]
    Config(String),
    /// A request part could not be encoded (body serialization, header value).
    #[error("cannot build request: {0}")]
    Request(String),
    /// A success body read into memory would exceed `limit` bytes (the
    /// `max_response_bytes` of the client or call); reading stopped there.
    #[error("response body of status {status} is larger than the limit of {limit} bytes (raise `max_response_bytes`, or stream it with `bytes_stream`)")]
    BodyTooLarge {
        /// The limit, in bytes.
        limit: u64,
        /// The HTTP status of the answer.
        status: StatusCode,
        /// The server's `x-request-id`, when it sent one.
        request_id: Option<String>,
    },
    /// Writing a streamed body to the caller's writer failed (`Call::write_to`).
    #[error("writing the response body failed: {0}")]
    Io(#[source] std::io::Error),
}

impl Error {
    /// HTTP status, when the server answered.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Api(e) => Some(e.status),
            Error::Decode(e) => Some(e.status),
            Error::BodyTooLarge { status, .. } => Some(*status),
            Error::Transport(e) => e.status(),
            _ => None,
        }
    }

    /// The server's `x-request-id`, when it answered with one.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Error::Api(e) => e.request_id.as_deref(),
            Error::Decode(e) => e.request_id.as_deref(),
            Error::BodyTooLarge { request_id, .. } => request_id.as_deref(),
            _ => None,
        }
    }

    /// The API error, if this is one.
    pub fn as_api(&self) -> Option<&ApiError> {
        match self {
            Error::Api(e) => Some(e),
            _ => None,
        }
    }

    /// Whether the official SDKs would retry this: 408, 409, 429, 5xx, connection
    /// failures and timeouts; the server's `x-should-retry` header wins.
    pub fn is_retryable(&self) -> bool {
        match self {
            Error::Api(e) => {
                match e
                    .headers
                    .get("x-should-retry")
                    .and_then(|v| v.to_str().ok())
                {
                    Some("true") => return true,
                    Some("false") => return false,
                    _ => {}
                }
                matches!(e.status.as_u16(), 408 | 409 | 429) || e.status.is_server_error()
            }
            Error::Transport(e) => !(e.is_builder() || e.is_redirect() || e.is_status()),
            Error::Timeout(_) => true,
            _ => false,
        }
    }

    /// Whether this is a timeout, ours or the HTTP client's.
    pub fn is_timeout(&self) -> bool {
        match self {
            Error::Timeout(_) => true,
            Error::Transport(e) => e.is_timeout(),
            _ => false,
        }
    }

    pub(crate) fn headers(&self) -> Option<&HeaderMap> {
        self.as_api().map(|e| &e.headers)
    }
}

impl From<reqwest::Error> for Error {
    fn from(e: reqwest::Error) -> Self {
        Error::Transport(e)
    }
}

/// A non-success answer from the server.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct ApiError {
    /// The HTTP status (200 for an error event inside a stream).
    pub status: StatusCode,
    /// The server's `x-request-id`, when it sent one.
    pub request_id: Option<String>,
    /// The response headers.
    pub headers: HeaderMap,
    /// The OpenAI-style `{"error": {...}}` body (or a bare `{"message": ...}`), when it parses.
    pub error: Option<ApiErrorBody>,
    /// The first ~1 KiB of the body, cut on a UTF-8 boundary.
    pub body_excerpt: String,
}

/// The `error` object of an OpenAI-style error body.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ApiErrorBody {
    /// What went wrong, in the server's words.
    pub message: String,
    /// The error's kind (`invalid_request_error`, …).
    pub r#type: Option<String>,
    /// The request parameter at fault, when the server names one.
    pub param: Option<String>,
    /// A string or number in the wild; numbers are kept as their text.
    pub code: Option<String>,
}

impl ApiError {
    pub(crate) fn new(status: StatusCode, headers: HeaderMap, body: &[u8]) -> Self {
        ApiError {
            status,
            request_id: request_id(&headers),
            error: ApiErrorBody::parse(body),
            body_excerpt: excerpt(body),
            headers,
        }
    }

    /// The server's message, if the body had one.
    pub fn message(&self) -> Option<&str> {
        self.error.as_ref().map(|e| e.message.as_str())
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // A success status with an error: an error event inside an event stream.
        match self.status.is_success() {
            true => write!(f, "API error in the event stream")?,
            false => write!(f, "API error {}", self.status)?,
        }
        if let Some(id) = &self.request_id {
            write!(f, " (request id {id})")?;
        }
        match &self.error {
            Some(e) => {
                write!(f, ": {}", e.message)?;
                let extra = [("type", &e.r#type), ("code", &e.code), ("param", &e.param)];
                for (name, value) in extra {
                    if let Some(v) = value {
                        write!(f, " [{name}: {v}]")?;
                    }
                }
                Ok(())
            }
            None if self.body_excerpt.is_empty() => Ok(()),
            None => write!(f, ": {}", one_line(&self.body_excerpt, 200)),
        }
    }
}

impl ApiErrorBody {
    /// A message alone.
    pub(crate) fn text(message: &str) -> Self {
        ApiErrorBody {
            message: message.to_owned(),
            r#type: None,
            param: None,
            code: None,
        }
    }

    pub(crate) fn parse(body: &[u8]) -> Option<Self> {
        Self::from_value(&serde_json::from_slice(body).ok()?)
    }

    /// `{"error": {...}}`, `{"error": "text"}`, or an error object itself;
    /// failing those, the first message-like entry anywhere in the body
    /// (`message`, `detail`, `msg`, `error_description`, …). Values of any
    /// JSON type are kept as their text.
    pub(crate) fn from_value(value: &Value) -> Option<Self> {
        let obj = match value.get("error") {
            Some(Value::Object(_)) => &value["error"],
            _ => value,
        };
        let text = |key: &str| match obj.get(key)? {
            Value::String(s) => Some(s.clone()),
            Value::Null => None,
            other => Some(other.to_string()),
        };
        let message = text("message").or_else(|| find_message(value, 0))?;
        Some(ApiErrorBody {
            message,
            r#type: text("type"),
            param: text("param"),
            code: text("code"),
        })
    }
}

/// Keys that hold a human-readable message in the error bodies of
/// OpenAI-compatible servers and frameworks, in order of preference.
const MESSAGE_KEYS: [&str; 6] = [
    "message",
    "error",
    "detail",
    "msg",
    "error_description",
    "title",
];

/// The first message-like text in `value`, searched breadth first a few levels deep.
fn find_message(value: &Value, depth: usize) -> Option<String> {
    if depth > 4 {
        return None;
    }
    match value {
        Value::Object(map) => {
            let direct = MESSAGE_KEYS.iter().find_map(|k| match map.get(*k)? {
                Value::String(s) if !s.is_empty() => Some(s.clone()),
                Value::Number(n) => Some(n.to_string()),
                _ => None,
            });
            direct.or_else(|| map.values().find_map(|v| find_message(v, depth + 1)))
        }
        Value::Array(items) => items.iter().find_map(|v| find_message(v, depth + 1)),
        _ => None,
    }
}

/// A success body that did not decode.
#[derive(Debug)]
#[non_exhaustive]
pub struct DecodeError {
    /// The HTTP status of the answer.
    pub status: StatusCode,
    /// The server's `x-request-id`, when it sent one.
    pub request_id: Option<String>,
    /// Where in the document decoding failed, like `data[2].created_at`.
    pub path: String,
    /// serde's error.
    pub source: serde_json::Error,
    /// The first ~1 KiB of the body (or SSE event data), cut on a UTF-8 boundary.
    pub body_excerpt: String,
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "cannot decode response (status {}", self.status.as_u16())?;
        if let Some(id) = &self.request_id {
            write!(f, ", request id {id}")?;
        }
        write!(f, ") at `{}`: {}", self.path, self.source)
    }
}

impl std::error::Error for DecodeError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.source)
    }
}

pub(crate) fn request_id(headers: &HeaderMap) -> Option<String> {
    headers
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
}

/// The first `EXCERPT_LIMIT` bytes as text, never splitting a character.
pub(crate) fn excerpt(body: &[u8]) -> String {
    let mut cut = &body[..body.len().min(EXCERPT_LIMIT)];
    if let Err(e) = std::str::from_utf8(cut) {
        if e.error_len().is_none() {
            cut = &cut[..e.valid_up_to()];
        }
    }
    String::from_utf8_lossy(cut).into_owned()
}

fn one_line(text: &str, max_chars: usize) -> String {
    let mut out: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if let Some((i, _)) = out.char_indices().nth(max_chars) {
        out.truncate(i);
        out.push('…');
    }
    out
}

fn chain(e: &dyn std::error::Error) -> String {
    let mut out = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        out.push_str(": ");
        out.push_str(&s.to_string());
        source = s.source();
    }
    out
}
