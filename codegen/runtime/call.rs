//! `Call<T>`: one operation's request, built step by step and sent when awaited.

use std::future::{Future, IntoFuture};
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use reqwest::header::{HeaderMap, HeaderValue, ACCEPT};
use reqwest::{Method, StatusCode};
use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::runtime::config::{header, Transport};
use crate::runtime::error::{excerpt, request_id, DecodeError};
use crate::runtime::media::{decode_media, FromMedia};
use crate::runtime::send::{RawBody, Request};
use crate::runtime::sse::EventStream;
use crate::runtime::styles::ParamStyle;
use crate::runtime::{params, Error, Multipart};

/// A request body, owned so every attempt can rebuild the request.
#[derive(Clone, Debug)]
pub(crate) enum Body {
    None,
    Json(Bytes),
    Form(Vec<(String, String)>),
    Multipart(Multipart),
    Raw(Bytes, HeaderValue),
}

/// How a success response becomes `T`: from the whole body, or as a stream.
enum Decode<T> {
    Buffered(fn(Bytes, &Meta) -> Result<T, Error>),
    Stream(fn(reqwest::Response, Duration, bool) -> T),
}

impl<T> Clone for Decode<T> {
    fn clone(&self) -> Self {
        match self {
            Decode::Buffered(f) => Decode::Buffered(*f),
            Decode::Stream(f) => Decode::Stream(*f),
        }
    }
}

/// Status and headers of the response being decoded.
pub(crate) struct Meta {
    pub(crate) status: StatusCode,
    pub(crate) headers: HeaderMap,
    /// Decode strictly whatever the process is set to ([`Call::strict`]).
    pub(crate) strict: bool,
}

/// A request to send; nothing goes out until it is awaited.
#[must_use = "a `Call` sends nothing until it is awaited"]
pub struct Call<T> {
    pub(crate) req: Request,
    decode: Decode<T>,
}

impl<T> Clone for Call<T> {
    fn clone(&self) -> Self {
        Call {
            req: self.req.clone(),
            decode: self.decode.clone(),
        }
    }
}

/// A decoded value with the response's status and headers.
#[derive(Debug, Clone)]
pub struct Response<T> {
    /// The decoded body.
    pub value: T,
    /// The HTTP status.
    pub status: StatusCode,
    /// The response headers.
    pub headers: HeaderMap,
}

impl<T> Response<T> {
    /// The server's `x-request-id`, when it sent one.
    pub fn request_id(&self) -> Option<&str> {
        self.headers
            .get("x-request-id")
            .and_then(|v| v.to_str().ok())
    }
}

// Constructors and request parts are the generated methods' plumbing: hidden
// from the docs, so `Call`'s page shows only what a caller sets (timeout,
// retries, extra headers, query and body) and `send`/`.await`.
impl<T: DeserializeOwned> Call<T> {
    /// A JSON response decoded into `T`.
    #[doc(hidden)]
    pub fn json(transport: &Arc<Transport>, method: Method, path: impl Into<String>) -> Self {
        Call::new(transport, method, path, Decode::Buffered(decode_json::<T>))
            .accept("application/json")
    }
}

impl<T: FromMedia> Call<T> {
    /// A response in one of several media types, decoded by its `Content-Type`.
    #[doc(hidden)]
    pub fn media(transport: &Arc<Transport>, method: Method, path: impl Into<String>) -> Self {
        let mut call = Call::new(transport, method, path, Decode::Buffered(decode_media::<T>));
        if let Ok(accept) = HeaderValue::from_str(&T::MEDIA_TYPES.join(", ")) {
            call.req.headers.insert(ACCEPT, accept);
        }
        call
    }
}

impl Call<Bytes> {
    /// A call whose answer is kept as bytes (file contents, audio); generated methods build it.
    #[doc(hidden)]
    pub fn bytes(transport: &Arc<Transport>, method: Method, path: impl Into<String>) -> Self {
        Call::new(
            transport,
            method,
            path,
            Decode::Buffered(|body, _| Ok(body)),
        )
    }
}

impl Call<String> {
    /// A text response; invalid UTF-8 is replaced, not an error.
    #[doc(hidden)]
    pub fn text(transport: &Arc<Transport>, method: Method, path: impl Into<String>) -> Self {
        Call::new(
            transport,
            method,
            path,
            Decode::Buffered(|body, _| Ok(String::from_utf8_lossy(&body).into_owned())),
        )
    }
}

impl Call<()> {
    /// A response whose body is ignored.
    #[doc(hidden)]
    pub fn empty(transport: &Arc<Transport>, method: Method, path: impl Into<String>) -> Self {
        Call::new(transport, method, path, Decode::Buffered(|_, _| Ok(())))
    }
}

impl<E: DeserializeOwned + Send + 'static> Call<EventStream<E>> {
    /// A server-sent event stream whose `data` fields decode into `E`.
    #[doc(hidden)]
    pub fn sse(transport: &Arc<Transport>, method: Method, path: impl Into<String>) -> Self {
        Call::new(transport, method, path, Decode::Stream(EventStream::new))
            .accept("text/event-stream")
    }
}

fn decode_json<T: DeserializeOwned>(body: Bytes, meta: &Meta) -> Result<T, Error> {
    decode_slice(&body, meta)
}

/// JSON decoding that reports where in the document it failed.
pub(crate) fn decode_slice<T: DeserializeOwned>(body: &[u8], meta: &Meta) -> Result<T, Error> {
    let mut de = serde_json::Deserializer::from_slice(body);
    let decoded = crate::runtime::tolerant::client_decode(meta.strict, || {
        serde_path_to_error::deserialize::<_, T>(&mut de)
    });
    let (path, source) = match decoded {
        Ok(value) => match de.end() {
            Ok(()) => return Ok(value),
            Err(e) => (".".to_owned(), e),
        },
        Err(e) => (e.path().to_string(), e.into_inner()),
    };
    Err(Error::Decode(Box::new(DecodeError {
        status: meta.status,
        request_id: request_id(&meta.headers),
        path,
        source,
        body_excerpt: excerpt(body),
    })))
}

impl<T> Call<T> {
    fn new(
        transport: &Arc<Transport>,
        method: Method,
        path: impl Into<String>,
        decode: Decode<T>,
    ) -> Self {
        Call {
            req: Request::new(Arc::clone(transport), method, path.into()),
            decode,
        }
    }

    fn accept(mut self, value: &'static str) -> Self {
        self.req
            .headers
            .insert(ACCEPT, HeaderValue::from_static(value));
        self
    }

    /// Query parameters from a struct of `Option` fields, each in OpenAPI's
    /// default style (`form`, exploded; see `params::query_pairs`).
    #[doc(hidden)]
    pub fn query(self, params: &impl Serialize) -> Self {
        self.query_styled(params, &[])
    }

    /// Query parameters, those listed in `styles` in their own style and explode.
    #[doc(hidden)]
    pub fn query_styled(mut self, params: &impl Serialize, styles: &[ParamStyle]) -> Self {
        match params::query_pairs(params, styles) {
            Ok(pairs) => self.req.query.extend(pairs),
            Err(e) => self.req.fail(e),
        }
        self
    }

    /// A header parameter of the operation.
    #[doc(hidden)]
    pub fn header_param(mut self, name: &str, value: impl ToString) -> Self {
        match header(name, &value.to_string(), false) {
            Ok((name, value)) => {
                self.req.headers.insert(name, value);
            }
            Err(e) => self.req.fail(e),
        }
        self
    }

    /// Header parameters from a struct of fields, in OpenAPI's `simple` style:
    /// arrays and objects as comma-separated lists.
    #[doc(hidden)]
    pub fn header_params(self, params: &impl Serialize) -> Self {
        self.header_params_styled(params, &[])
    }

    /// Header parameters, those listed in `styles` exploded or as JSON text.
    #[doc(hidden)]
    pub fn header_params_styled(mut self, params: &impl Serialize, styles: &[ParamStyle]) -> Self {
        match params::header_pairs(params, styles) {
            Ok(pairs) => {
                for (name, value) in pairs {
                    self = self.header_param(&name, value);
                }
            }
            Err(e) => self.req.fail(e),
        }
        self
    }

    /// An optional header parameter: `None` sends nothing.
    #[doc(hidden)]
    pub fn optional_header_param(self, name: &str, value: Option<impl ToString>) -> Self {
        match value {
            Some(value) => self.header_param(name, value),
            None => self,
        }
    }

    /// A JSON body. (Not `json`: that name is the JSON-response constructor.)
    #[doc(hidden)]
    pub fn json_body(mut self, body: &impl Serialize) -> Self {
        match serde_json::to_vec(body) {
            Ok(bytes) => self.req.body = Body::Json(bytes.into()),
            Err(e) => self.req.fail(format!("JSON body: {e}")),
        }
        self
    }

    /// An application/x-www-form-urlencoded body.
    #[doc(hidden)]
    pub fn form(mut self, body: &impl Serialize) -> Self {
        match params::form_pairs(body) {
            Ok(pairs) => self.req.body = Body::Form(pairs),
            Err(e) => self.req.fail(e),
        }
        self
    }

    /// A multipart/form-data body.
    #[doc(hidden)]
    pub fn multipart(mut self, form: Multipart) -> Self {
        if let Some(e) = &form.error {
            self.req.fail(e.clone());
        }
        self.req.body = Body::Multipart(form);
        self
    }

    /// A raw body with its content type.
    #[doc(hidden)]
    pub fn body(mut self, bytes: Bytes, content_type: &str) -> Self {
        match HeaderValue::from_str(content_type) {
            Ok(ct) => self.req.body = Body::Raw(bytes, ct),
            Err(_) => self
                .req
                .fail(format!("invalid content type {content_type:?}")),
        }
        self
    }

    /// Timeout of each attempt of this call.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.req.timeout = Some(timeout);
        self
    }

    /// Largest success body this call reads into memory, in bytes,
    /// overriding the client's `max_response_bytes`.
    pub fn max_response_bytes(mut self, limit: u64) -> Self {
        self.req.max_response_bytes = Some(limit);
        self
    }

    /// Decodes this call's answer (every event, for a stream) strictly, as
    /// [`set_strict`](crate::runtime::set_strict) does for the whole process:
    /// a value the spec does not allow is an error naming its JSON path
    /// instead of a filler recorded in `meta`. For the one call whose answer
    /// a program cannot take half-filled; the process stays tolerant.
    pub fn strict(mut self) -> Self {
        self.req.strict = true;
        self
    }

    /// Retries of this call, overriding the transport's.
    pub fn max_retries(mut self, max_retries: u32) -> Self {
        self.req.max_retries = Some(max_retries);
        self
    }

    /// A header the spec does not list; replaces any default of that name.
    pub fn extra_header(self, name: &str, value: impl ToString) -> Self {
        self.header_param(name, value)
    }

    /// A query parameter the spec does not list; replaces one of that name.
    pub fn extra_query(mut self, name: &str, value: impl ToString) -> Self {
        self.req.set_query(name, value.to_string());
        self
    }

    /// A body member the spec does not list, merged into the JSON object body
    /// (or added as a field of a form or multipart body).
    pub fn extra_body(mut self, name: &str, value: serde_json::Value) -> Self {
        self.req.extra_body.push((name.to_owned(), value));
        self
    }

    /// The HTTP method the call sends.
    pub fn method(&self) -> &Method {
        &self.req.method
    }

    /// The path relative to the base URL, as given.
    pub fn path(&self) -> &str {
        &self.req.path
    }

    /// Sends (with retries) and decodes the response.
    pub async fn send(self) -> Result<T, Error> {
        self.send_with_response().await.map(|r| r.value)
    }

    /// Like [`Call::send`], keeping the status and headers.
    pub async fn send_with_response(self) -> Result<Response<T>, Error> {
        let streaming = matches!(self.decode, Decode::Stream(_));
        let raw = self.req.execute(streaming).await?;
        let meta = Meta {
            status: raw.status,
            headers: raw.headers,
            strict: self.req.strict,
        };
        let value = match (self.decode, raw.body) {
            (Decode::Buffered(decode), RawBody::Bytes(bytes)) => decode(bytes, &meta)?,
            (Decode::Stream(decode), RawBody::Stream(response)) => {
                decode(response, self.req.effective_timeout(), self.req.strict)
            }
            _ => unreachable!("execute buffers the body exactly when the decoder is buffered"),
        };
        Ok(Response {
            value,
            status: meta.status,
            headers: meta.headers,
        })
    }
}

impl<T: Send + 'static> IntoFuture for Call<T> {
    type Output = Result<T, Error>;
    type IntoFuture = Pin<Box<dyn Future<Output = Result<T, Error>> + Send>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.send())
    }
}
