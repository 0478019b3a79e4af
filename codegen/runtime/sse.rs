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
use crate::runtime::error::ApiError;
use crate::runtime::Error;

/// Events decoded from `data` fields. Ends at `data: [DONE]` or when the server
/// closes cleanly between events. An API error event, a broken connection, a
/// stream cut mid-event or a silence longer than the timeout yields one `Err`
/// and ends the stream; an event that does not decode yields `Err(Error::Decode)`
/// and the stream goes on.
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
    pub(crate) fn new(response: reqwest::Response, idle_timeout: Duration) -> Self {
        let meta = Meta {
            status: response.status(),
            headers: response.headers().clone(),
        };
        let events = chunks(response, idle_timeout).eventsource().boxed();
        let inner = stream::unfold(
            (events, meta, false),
            |(mut events, meta, finished)| async move {
                if finished {
                    return None;
                }
                let item = match events.next().await? {
                    Ok(event) if event.data == "[DONE]" => return None,
                    Ok(event) => decode_event(&event, &meta),
                    Err(EventStreamError::Transport(e)) => Err(e),
                    Err(EventStreamError::Utf8(e)) => {
                        Err(Error::Stream(format!("invalid UTF-8: {e}")))
                    }
                    Err(EventStreamError::Parser(e)) => {
                        Err(Error::Stream(format!("malformed event: {e}")))
                    }
                };
                let finished = matches!(&item, Err(e) if !matches!(e, Error::Decode(_)));
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
            && serde_json::from_slice::<Value>(data)
                .is_ok_and(|v| v.get("error").is_some_and(|e| !e.is_null())));
    if is_error {
        return Err(Error::Api(Box::new(ApiError::new(
            meta.status,
            meta.headers.clone(),
            data,
        ))));
    }
    decode_slice(data, meta)
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
            Ok(Ok(None)) if framing.pending => Err(Error::Stream(
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
}

impl Default for Framing {
    fn default() -> Self {
        Framing {
            at_line_start: true,
            prev_cr: false,
            pending: false,
        }
    }
}

impl Framing {
    fn feed(&mut self, bytes: &[u8]) {
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
