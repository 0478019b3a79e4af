//! Sending a request: URL, headers and body resolved once, then attempts with
//! retries, each attempt bounded by the timeout.

use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use reqwest::header::{HeaderMap, HeaderValue, CONTENT_TYPE};
use reqwest::{Method, StatusCode, Url};
use serde_json::Value;

use crate::runtime::body::read_limited;
use crate::runtime::call::Body;
use crate::runtime::config::Transport;
use crate::runtime::error::ApiError;
use crate::runtime::{params, path, redirect, retry, styles, Error};

/// Error bodies are read up to this size (enough for any JSON error), never more.
const ERROR_BODY_LIMIT: usize = 64 * 1024;

/// The untyped part of a call; not generic, so it is compiled once.
#[derive(Clone)]
pub(crate) struct Request {
    pub(crate) transport: Arc<Transport>,
    pub(crate) method: Method,
    pub(crate) path: String,
    /// Percent-encoded `(name, value)` pairs, in order.
    pub(crate) query: Vec<(String, String)>,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Body,
    pub(crate) extra_body: Vec<(String, Value)>,
    pub(crate) timeout: Option<Duration>,
    pub(crate) max_retries: Option<u32>,
    pub(crate) max_response_bytes: Option<u64>,
    /// Decode the answer strictly (`Call::strict`).
    pub(crate) strict: bool,
    /// The first builder error, reported when the call is sent.
    pub(crate) error: Option<String>,
}

/// A success response: its body read whole, or left to stream.
pub(crate) struct Raw {
    pub(crate) status: StatusCode,
    pub(crate) headers: HeaderMap,
    pub(crate) body: RawBody,
}

pub(crate) enum RawBody {
    Bytes(Bytes),
    Stream(reqwest::Response),
}

/// What every attempt sends.
struct Prepared {
    url: Url,
    headers: HeaderMap,
    body: Body,
}

impl Request {
    pub(crate) fn new(transport: Arc<Transport>, method: Method, path: String) -> Self {
        Request {
            transport,
            method,
            path,
            query: Vec::new(),
            headers: HeaderMap::new(),
            body: Body::None,
            extra_body: Vec::new(),
            timeout: None,
            max_retries: None,
            max_response_bytes: None,
            strict: false,
            error: None,
        }
    }

    pub(crate) fn fail(&mut self, error: String) {
        self.error.get_or_insert(error);
    }

    /// Replaces the query parameter `name` (both sides encoded here).
    pub(crate) fn set_query(&mut self, name: &str, value: String) {
        let name = styles::encode_name(name);
        self.query.retain(|(n, _)| *n != name);
        self.query.push((name, styles::encode_value(&value)));
    }

    pub(crate) fn effective_timeout(&self) -> Duration {
        self.timeout.unwrap_or(self.transport.timeout)
    }

    /// Sends with retries. A success body is read within the attempt's timeout
    /// unless `streaming`.
    pub(crate) async fn execute(&self, streaming: bool) -> Result<Raw, Error> {
        if let Some(e) = &self.error {
            return Err(Error::Request(e.clone()));
        }
        let prepared = Prepared {
            url: self.url()?,
            headers: self.final_headers(),
            body: self.final_body()?,
        };
        let timeout = self.effective_timeout();
        let max_retries = self.max_retries.unwrap_or(self.transport.max_retries);
        let mut retries = 0;
        loop {
            let attempt = retries + 1;
            tracing::debug!(method = %self.method, path = %self.path, attempt, "sending request");
            let outcome = tokio::time::timeout(timeout, self.attempt(&prepared, streaming))
                .await
                .unwrap_or_else(|_| Err(Error::Timeout(timeout)))
                .map_err(|e| self.redact(e));
            let error = match outcome {
                Ok(raw) => return Ok(raw),
                Err(error) => error,
            };
            if retries >= max_retries || !error.is_retryable() {
                return Err(error);
            }
            let delay = retry::delay(retries, error.headers());
            tracing::debug!(
                method = %self.method, path = %self.path, attempt, %error, delay_ms = delay.as_millis() as u64,
                "retrying"
            );
            tokio::time::sleep(delay).await;
            retries += 1;
        }
    }

    async fn attempt(&self, prepared: &Prepared, streaming: bool) -> Result<Raw, Error> {
        let mut response = self.send_following_redirects(prepared).await?;
        let status = response.status();
        tracing::debug!(method = %self.method, path = %self.path, status = status.as_u16(), "response");
        if !status.is_success() {
            let body = read_capped(&mut response, ERROR_BODY_LIMIT).await;
            return Err(Error::Api(Box::new(ApiError::new(
                status,
                response.headers().clone(),
                &body,
            ))));
        }
        let headers = response.headers().clone();
        let body = if streaming {
            RawBody::Stream(response)
        } else {
            let limit = self
                .max_response_bytes
                .unwrap_or(self.transport.max_response_bytes);
            RawBody::Bytes(read_limited(&mut response, limit).await?)
        };
        Ok(Raw {
            status,
            headers,
            body,
        })
    }

    /// Sends, following up to `MAX_REDIRECTS` redirects; credentials are
    /// dropped once the chain leaves the original origin (`redirect.rs`).
    /// The last redirect of a longer chain is returned as it is.
    async fn send_following_redirects(&self, prepared: &Prepared) -> Result<reqwest::Response, Error> {
        let mut url = prepared.url.clone();
        let mut method = self.method.clone();
        let mut headers = prepared.headers.clone();
        let mut body = Some(&prepared.body);
        let mut hops = 0;
        loop {
            let response = self.send_once(&method, &url, &headers, body).await?;
            if hops == redirect::MAX_REDIRECTS {
                return Ok(response);
            }
            let next = redirect::next_hop(response.status(), response.headers(), &url, &method);
            let Some(mut hop) = next else { return Ok(response) };
            if !redirect::same_origin(&url, &hop.url) {
                redirect::strip_credentials(&mut headers, &mut hop.url, &self.transport);
            }
            if hop.drops_body {
                body = None;
                redirect::drop_body_headers(&mut headers);
            }
            tracing::debug!(method = %self.method, path = %self.path, status = response.status().as_u16(), "following a redirect");
            (url, method) = (hop.url, hop.method);
            hops += 1;
        }
    }

    async fn send_once(
        &self,
        method: &Method,
        url: &Url,
        headers: &HeaderMap,
        body: Option<&Body>,
    ) -> Result<reqwest::Response, Error> {
        let builder = self.transport.client.request(method.clone(), url.clone());
        let builder = builder.headers(headers.clone());
        let builder = match body {
            None | Some(Body::None) => builder,
            Some(Body::Json(bytes) | Body::Raw(bytes, _)) => builder.body(bytes.clone()),
            Some(Body::Form(pairs)) => builder.form(pairs),
            Some(Body::Multipart(form)) => builder.multipart(form.to_form().map_err(Error::Request)?),
        };
        Ok(builder.send().await?)
    }

    /// A transport error's URL without the values of query credentials.
    pub(crate) fn redact(&self, error: Error) -> Error {
        match error {
            Error::Transport(e) if !self.transport.query_credentials.is_empty() => {
                let url = e.url().map(|url| redirect::redacted(url, &self.transport));
                Error::Transport(match url {
                    Some(url) => e.with_url(url),
                    None => e,
                })
            }
            other => other,
        }
    }

    /// Base URL (its own query kept) + path + query pairs.
    fn url(&self) -> Result<Url, Error> {
        path::check_path(&self.path).map_err(Error::Request)?;
        let mut url = self.transport.base.clone();
        let path = format!(
            "{}/{}",
            url.path().trim_end_matches('/'),
            self.path.trim_start_matches('/')
        );
        url.set_path(&path);
        // Pairs arrive encoded, their delimiters as their style writes them.
        let credentials = self.transport.query_credentials.iter().map(|(name, secret)| {
            (styles::encode_name(name), styles::encode_value(secret.expose()))
        });
        let pairs: Vec<String> = url
            .query()
            .into_iter()
            .filter(|q| !q.is_empty())
            .map(str::to_owned)
            .chain(self.query.iter().cloned().chain(credentials).map(|(n, v)| format!("{n}={v}")))
            .collect();
        if !pairs.is_empty() {
            url.set_query(Some(&pairs.join("&")));
        }
        Ok(url)
    }

    /// Transport defaults, overridden by this call's headers.
    fn final_headers(&self) -> HeaderMap {
        let mut headers = self.transport.headers.clone();
        for (name, value) in &self.headers {
            headers.insert(name.clone(), value.clone());
        }
        let content_type = match &self.body {
            Body::Json(_) => Some(HeaderValue::from_static("application/json")),
            Body::Raw(_, content_type) => Some(content_type.clone()),
            _ => None,
        };
        if let Some(content_type) = content_type {
            headers.entry(CONTENT_TYPE).or_insert(content_type);
        }
        headers
    }

    /// The body with `extra_body` members merged in.
    fn final_body(&self) -> Result<Body, Error> {
        if self.extra_body.is_empty() {
            return Ok(self.body.clone());
        }
        let extras = self.extra_body.iter().cloned();
        let encode = |value: &Value| serde_json::to_vec(value).map(|v| Body::Json(v.into()));
        let body = match &self.body {
            Body::None => encode(&Value::Object(extras.collect())),
            Body::Json(bytes) => match serde_json::from_slice(bytes) {
                Ok(Value::Object(mut map)) => {
                    map.extend(extras);
                    encode(&Value::Object(map))
                }
                _ => return Err(Error::Request("extra_body needs a JSON object body".into())),
            },
            Body::Form(pairs) => {
                let mut pairs = pairs.clone();
                extras.for_each(|(name, value)| params::bracket_pairs(name, value, &mut pairs));
                Ok(Body::Form(pairs))
            }
            Body::Multipart(form) => Ok(Body::Multipart(
                extras.fold(form.clone(), |f, (n, v)| f.json(n, &v)),
            )),
            Body::Raw(..) => {
                return Err(Error::Request(
                    "extra_body needs a JSON, form or multipart body".into(),
                ))
            }
        };
        body.map_err(|e| Error::Request(format!("JSON body: {e}")))
    }
}

/// Up to `limit` bytes of the body; a read failure keeps what arrived.
async fn read_capped(response: &mut reqwest::Response, limit: usize) -> Vec<u8> {
    let mut body = Vec::new();
    while body.len() < limit {
        match response.chunk().await {
            Ok(Some(chunk)) => body.extend_from_slice(&chunk),
            _ => break,
        }
    }
    body.truncate(limit);
    body
}
