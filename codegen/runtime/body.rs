//! Success bodies: read into memory up to a limit, or handed out as they arrive
//! (`Call::bytes_stream`, `Call::write_to`) for file contents and audio.

use std::fmt;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::{Bytes, BytesMut};
use futures::stream::{self, BoxStream, Stream, StreamExt};
use reqwest::header::HeaderMap;
use reqwest::StatusCode;
use tokio::io::{AsyncWrite, AsyncWriteExt};

use crate::runtime::error::request_id;
use crate::runtime::send::{RawBody, Request};
use crate::runtime::{Call, Error};

/// The whole body, failing with [`Error::BodyTooLarge`] as soon as it is known
/// to exceed `limit` bytes (from `Content-Length`, or while reading), so no
/// more than `limit` bytes are ever held.
pub(crate) async fn read_limited(response: &mut reqwest::Response, limit: u64) -> Result<Bytes, Error> {
    let too_large = |response: &reqwest::Response| Error::BodyTooLarge {
        limit,
        status: response.status(),
        request_id: request_id(response.headers()),
    };
    let declared = response.content_length();
    if declared.is_some_and(|len| len > limit) {
        return Err(too_large(response));
    }
    let capacity = declared.unwrap_or(0).min(limit);
    let mut body = BytesMut::with_capacity(usize::try_from(capacity).unwrap_or(0));
    while let Some(chunk) = response.chunk().await? {
        if (body.len() + chunk.len()) as u64 > limit {
            return Err(too_large(response));
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body.freeze())
}

/// A success body handed out chunk by chunk as it arrives, never held whole.
/// Each read waits at most the call's timeout; a broken connection or a
/// silence that long yields one `Err` and ends the stream.
pub struct ByteStream {
    status: StatusCode,
    headers: HeaderMap,
    inner: BoxStream<'static, Result<Bytes, Error>>,
}

impl ByteStream {
    /// `request` only redacts query credentials from errors.
    fn new(response: reqwest::Response, idle_timeout: Duration, request: Request) -> Self {
        let (status, headers) = (response.status(), response.headers().clone());
        let state = Some((response, request));
        let inner = stream::unfold(state, move |state| async move {
            let (mut response, request) = state?;
            match tokio::time::timeout(idle_timeout, response.chunk()).await {
                Ok(Ok(Some(chunk))) => Some((Ok(chunk), Some((response, request)))),
                Ok(Ok(None)) => None,
                Ok(Err(e)) => Some((Err(request.redact(Error::Transport(e))), None)),
                Err(_) => Some((Err(Error::Timeout(idle_timeout)), None)),
            }
        });
        ByteStream {
            status,
            headers,
            inner: inner.boxed(),
        }
    }

    /// The response's HTTP status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The response headers (`content-type`, `content-length`, …).
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }
}

impl fmt::Debug for ByteStream {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ByteStream")
            .field("status", &self.status)
            .finish_non_exhaustive()
    }
}

impl Stream for ByteStream {
    type Item = Result<Bytes, Error>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.inner.as_mut().poll_next(cx)
    }
}

impl Call<Bytes> {
    /// Sends (with retries, as `send`) and hands the success body out in chunks
    /// as it arrives, with no size limit: for file contents and audio.
    pub async fn bytes_stream(self) -> Result<ByteStream, Error> {
        let idle_timeout = self.req.effective_timeout();
        let request = self.req.clone();
        match self.req.execute(true).await?.body {
            RawBody::Stream(response) => Ok(ByteStream::new(response, idle_timeout, request)),
            RawBody::Bytes(_) => unreachable!("execute(true) leaves the body to stream"),
        }
    }

    /// Sends and copies the success body into `writer` as it arrives (a file,
    /// a socket); the number of bytes written. The writer is flushed at the end.
    pub async fn write_to<W: AsyncWrite + Unpin + ?Sized>(self, writer: &mut W) -> Result<u64, Error> {
        let mut chunks = self.bytes_stream().await?;
        let mut written = 0u64;
        while let Some(chunk) = chunks.next().await {
            let chunk = chunk?;
            writer.write_all(&chunk).await.map_err(Error::Io)?;
            written += chunk.len() as u64;
        }
        writer.flush().await.map_err(Error::Io)?;
        Ok(written)
    }
}
