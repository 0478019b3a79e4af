//! Server-sent event streams of typed events.

use std::fmt;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use eventsource_stream::{Event, EventStreamError, Eventsource};
use futures::stream::{self, BoxStream, Stream, StreamExt};
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::runtime::call::{decode_slice, Meta};
use crate::runtime::error::{ApiError, ApiErrorBody};
use crate::runtime::Error;

/// Events decoded from `data` fields (tolerant unless `runtime::set_strict`).
/// Ends at `data: [DONE]` or when the server closes between events, with or
/// without `[DONE]`; comment lines are skipped and `event:` lines accepted.
/// An in-band error (an `error` event, an event whose `type` is `error`, or an
/// `error` object inside an ordinary chunk, in whatever shape) yields
/// `Err(Error::Api)` carrying the server's message, and the stream goes on
/// as long as the server sends. A broken connection, a stream cut mid-event
/// or a silence longer than the timeout yields one `Err` and ends the stream;
/// an event that does not decode yields `Err(Error::Decode)` and the stream
/// goes on. An event the spec does not list decodes as the event type's
/// `Unknown` variant.
pub struct EventStream<E> {
    inner: BoxStream<'static, Result<E, Error>>,
}

impl<E> fmt::Debug for EventStream<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("EventStream")
    }
}

impl<E> Stream for EventStream<E> {
    type Item = Result<E, Error>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.inner.as_mut().poll_next(cx)
    }
}

impl<E: DeserializeOwned + Send + 'static> EventStream<E> {
    pub(crate) fn new(response: reqwest::Response, idle_timeout: Duration, strict: bool) -> Self {
        let meta = Meta {
            status: response.status(),
            headers: response.headers().clone(),
            strict,
        };
        Self::from_chunks(chunks(response, idle_timeout), meta)
    }

    /// The events of a whole recorded body, decoded as a live stream's are
    /// (status 200, no headers): for replaying what a server sent.
    pub fn from_bytes(body: impl Into<Bytes>) -> Self {
        let body = body.into();
        let mut framing = Framing::default();
        framing.feed(&body);
        let cut = framing.cut().then(|| {
            Err(Error::Stream(
                "connection closed in the middle of an event".into(),
            ))
        });
        let chunks = stream::iter(std::iter::once(Ok(body)).chain(cut));
        let meta = Meta {
            status: reqwest::StatusCode::OK,
            headers: reqwest::header::HeaderMap::new(),
            strict: false,
        };
        Self::from_chunks(chunks, meta)
    }

    fn from_chunks(
        chunks: impl Stream<Item = Result<Bytes, Error>> + Send + 'static,
        meta: Meta,
    ) -> Self {
        let events = chunks.eventsource().boxed();
        let inner = stream::unfold(
            (events, meta, false),
            |(mut events, meta, finished)| async move {
                if finished {
                    return None;
                }
                let item = loop {
                    break match events.next().await? {
                        Ok(event) if event.data.trim() == "[DONE]" => return None,
                        // An empty `data:` (a keep-alive some servers send) carries no event.
                        Ok(event) if event.data.trim().is_empty() => continue,
                        Ok(event) => decode_event(&event, &meta),
                        Err(EventStreamError::Transport(e)) => Err(e),
                        Err(EventStreamError::Utf8(e)) => {
                            Err(Error::Stream(format!("invalid UTF-8: {e}")))
                        }
                        Err(EventStreamError::Parser(e)) => {
                            Err(Error::Stream(format!("malformed event: {e}")))
                        }
                    };
                };
                // In-band API errors and undecodable events leave the stream open.
                let finished =
                    matches!(&item, Err(e) if !matches!(e, Error::Decode(_) | Error::Api(_)));
                Some((item, (events, meta, finished)))
            },
        );
        EventStream {
            inner: inner.boxed(),
        }
    }
}

fn decode_event<E: DeserializeOwned>(event: &Event, meta: &Meta) -> Result<E, Error> {
    let data = event.data.as_bytes();
    // Cheap substring test first: parsing every event twice would cost.
    let is_error = event.event == "error"
        || (event.data.contains("\"error\"")
            && serde_json::from_slice::<Value>(data).is_ok_and(|v| is_error_event(&v)));
    if is_error {
        let mut error = ApiError::new(meta.status, meta.headers.clone(), data);
        if error.error.is_none() && !event.data.trim().is_empty() {
            // An `error` event whose data is plain text: that text is the message.
            error.error = Some(ApiErrorBody::text(event.data.trim()));
        }
        return Err(Error::Api(Box::new(error)));
    }
    decode_slice(data, meta)
}

/// `{"error": {...}}` (any non-null `error`) or `{"type": "error", ...}`.
fn is_error_event(value: &Value) -> bool {
    value.get("error").is_some_and(|e| !e.is_null())
        || value.get("type").and_then(Value::as_str) == Some("error")
}

/// Body chunks; each read bounded by `idle_timeout`. A clean close in the
/// middle of an event becomes an error, since the event parser would drop it
/// silently.
fn chunks(
    response: reqwest::Response,
    idle_timeout: Duration,
) -> impl Stream<Item = Result<Bytes, Error>> + Send {
    let state = Some((response, Framing::default()));
    stream::unfold(state, move |state| async move {
        let (mut response, mut framing) = state?;
        let item = match tokio::time::timeout(idle_timeout, response.chunk()).await {
            Ok(Ok(Some(chunk))) => {
                framing.feed(&chunk);
                return Some((Ok(chunk), Some((response, framing))));
            }
            Ok(Ok(None)) if framing.cut() => Err(Error::Stream(
                "connection closed in the middle of an event".into(),
            )),
            Ok(Ok(None)) => return None,
            Ok(Err(e)) => Err(Error::Transport(e)),
            Err(_) => Err(Error::Timeout(idle_timeout)),
        };
        Some((item, None))
    })
}

/// Tracks whether bytes of an undispatched event are buffered (SSE framing:
/// lines end in CR, LF or CRLF; a blank line dispatches; `:` starts a comment).
struct Framing {
    at_line_start: bool,
    prev_cr: bool,
    pending: bool,
    /// The last bytes seen, to tell a final `data: [DONE]` without its newline.
    tail: Vec<u8>,
}

impl Default for Framing {
    fn default() -> Self {
        Framing {
            at_line_start: true,
            prev_cr: false,
            pending: false,
            tail: Vec::new(),
        }
    }
}

impl Framing {
    /// Whether the body ended inside an event. A last `data: [DONE]` whose
    /// newline never came is an end, not a cut: servers send it so.
    fn cut(&self) -> bool {
        self.pending && !self.tail.trim_ascii_end().ends_with(b"[DONE]")
    }

    fn feed(&mut self, bytes: &[u8]) {
        const TAIL: usize = 16;
        self.tail.extend_from_slice(&bytes[bytes.len().saturating_sub(TAIL)..]);
        let excess = self.tail.len().saturating_sub(TAIL);
        self.tail.drain(..excess);
        for &b in bytes {
            let lf_after_cr = b == b'\n' && self.prev_cr;
            self.prev_cr = b == b'\r';
            if lf_after_cr {
                continue;
            }
            if b == b'\n' || b == b'\r' {
                if self.at_line_start {
                    self.pending = false;
                }
                self.at_line_start = true;
            } else if self.at_line_start {
                self.at_line_start = false;
                self.pending |= b != b':';
            }
        }
    }
}
