//! Client configuration and the `Transport` it builds: base URL, default headers,
//! credentials, timeout and retry budget, shared by every call.

use std::fmt;
use std::time::Duration;

use reqwest::header::{HeaderMap, HeaderName, HeaderValue, AUTHORIZATION};

use crate::runtime::Error;

/// Like the official OpenAI SDKs.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(600);
/// Like the official OpenAI SDKs.
pub const DEFAULT_MAX_RETRIES: u32 = 2;
/// Largest success body read into memory (JSON, text, or bytes awaited whole):
/// 32 MiB. Larger answers fail with [`Error::BodyTooLarge`]; raise it with
/// `max_response_bytes`, or stream binary answers (`Call::bytes_stream`).
pub const DEFAULT_MAX_RESPONSE_BYTES: u64 = 32 * 1024 * 1024;

/// A credential. Debug prints `***`, so it never reaches logs by accident.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps a credential so it never shows in `Debug` output or traces.
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }

    /// The secret itself; call only where it is sent.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Self {
        Secret(value)
    }
}

impl From<&str> for Secret {
    fn from(value: &str) -> Self {
        Secret(value.to_owned())
    }
}

/// Builder of a [`Transport`].
#[derive(Clone)]
pub struct Config {
    base_url: String,
    headers: Vec<(String, String)>,
    credentials: Vec<(String, Secret)>,
    query_credentials: Vec<(String, Secret)>,
    timeout: Duration,
    max_retries: u32,
    max_response_bytes: u64,
    client: Option<reqwest::Client>,
}

impl Config {
    /// Settings for a client of the API at `base_url`, every other setting at its default.
    pub fn new(base_url: impl Into<String>) -> Self {
        Config {
            base_url: base_url.into(),
            headers: Vec::new(),
            credentials: Vec::new(),
            query_credentials: Vec::new(),
            timeout: DEFAULT_TIMEOUT,
            max_retries: DEFAULT_MAX_RETRIES,
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
            client: None,
        }
    }

    /// Replaces the base URL (a trailing slash is fine).
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = url.into();
        self
    }

    /// A header sent with every request.
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// Timeout of one attempt, from sending to the last body byte.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Retries after the first attempt.
    pub fn max_retries(mut self, max_retries: u32) -> Self {
        self.max_retries = max_retries;
        self
    }

    /// Largest success body read into memory, in bytes (default
    /// [`DEFAULT_MAX_RESPONSE_BYTES`]); each call can override it.
    pub fn max_response_bytes(mut self, limit: u64) -> Self {
        self.max_response_bytes = limit;
        self
    }

    /// Sends through this client instead of a default one.
    ///
    /// Build it with `redirect(reqwest::redirect::Policy::none())`: the runtime
    /// then follows redirects itself and drops every credential when one leaves
    /// the origin. A client that follows redirects on its own removes only
    /// `Authorization` and cookies, so other credential headers would reach the
    /// other host.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.client = Some(client);
        self
    }

    /// `Authorization: Bearer <secret>`.
    pub fn bearer_auth(self, secret: impl Into<String>) -> Self {
        let value = format!("Bearer {}", secret.into());
        self.api_key_header(AUTHORIZATION.as_str(), value)
    }

    /// `Authorization: Basic <base64 of user:password>` (RFC 7617), from
    /// `user:password` as one string.
    pub fn basic_auth(self, user_password: impl Into<String>) -> Self {
        use base64::Engine;
        let encoded = base64::engine::general_purpose::STANDARD.encode(user_password.into());
        self.api_key_header(AUTHORIZATION.as_str(), format!("Basic {encoded}"))
    }

    /// A credential in a named header, like `x-portkey-api-key`.
    pub fn api_key_header(mut self, name: impl Into<String>, secret: impl Into<String>) -> Self {
        let name = name.into();
        self.credentials
            .retain(|(n, _)| !n.eq_ignore_ascii_case(&name));
        self.credentials.push((name, Secret::new(secret)));
        self
    }

    /// A credential sent as a query parameter of every request, like `?key=…`.
    pub fn api_key_query(mut self, name: impl Into<String>, secret: impl Into<String>) -> Self {
        let name = name.into();
        self.query_credentials.retain(|(n, _)| *n != name);
        self.query_credentials.push((name, Secret::new(secret)));
        self
    }

    /// The transport these settings describe; `Error::Config` for a base URL
    /// that does not parse or a header value HTTP cannot carry.
    pub fn build(self) -> Result<Transport, Error> {
        let base_url = self.base_url.trim_end_matches('/').to_owned();
        let parsed = reqwest::Url::parse(&base_url)
            .map_err(|e| Error::Config(format!("base URL {base_url:?}: {e}")))?;
        if !matches!(parsed.scheme(), "http" | "https") {
            return Err(Error::Config(format!("base URL {base_url:?}: not http(s)")));
        }
        let mut headers = HeaderMap::new();
        let mut credential_headers = Vec::new();
        for (name, value) in &self.headers {
            let (name, value) = header(name, value, false).map_err(Error::Config)?;
            headers.insert(name, value);
        }
        for (name, secret) in &self.credentials {
            // The message names the header only, never the value.
            let (name, value) = header(name, secret.expose(), true).map_err(Error::Config)?;
            credential_headers.push(name.clone());
            headers.insert(name, value);
        }
        let client = match self.client {
            Some(client) => client,
            // Redirects are followed in `send`, which knows every credential.
            None => reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .map_err(|e| Error::Config(format!("HTTP client: {e}")))?,
        };
        Ok(Transport {
            client,
            base: parsed,
            base_url,
            headers,
            credential_headers,
            query_credentials: self.query_credentials,
            timeout: self.timeout,
            max_retries: self.max_retries,
            max_response_bytes: self.max_response_bytes,
        })
    }
}

impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Names only: a credential may have been passed as a plain header.
        let names: Vec<&str> = self.headers.iter().map(|(n, _)| n.as_str()).collect();
        let credentials: Vec<&str> = self
            .credentials
            .iter()
            .chain(&self.query_credentials)
            .map(|(n, _)| n.as_str())
            .collect();
        f.debug_struct("Config")
            .field("base_url", &self.base_url)
            .field("headers", &names)
            .field("credentials", &credentials)
            .field("timeout", &self.timeout)
            .field("max_retries", &self.max_retries)
            .field("max_response_bytes", &self.max_response_bytes)
            .field("custom_client", &self.client.is_some())
            .finish()
    }
}

/// A validated header; sensitive values are flagged so HTTP-level debug output hides them.
pub(crate) fn header(
    name: &str,
    value: &str,
    sensitive: bool,
) -> Result<(HeaderName, HeaderValue), String> {
    let name = HeaderName::from_bytes(name.as_bytes())
        .map_err(|_| format!("invalid header name {name:?}"))?;
    let mut value =
        HeaderValue::from_str(value).map_err(|_| format!("invalid value for header {name}"))?;
    value.set_sensitive(sensitive || looks_secret(name.as_str()));
    Ok((name, value))
}

fn looks_secret(name: &str) -> bool {
    name == "authorization" || ["key", "token", "secret"].iter().any(|w| name.contains(w))
}

/// What every call shares: the HTTP client and the resolved defaults.
pub struct Transport {
    pub(crate) client: reqwest::Client,
    pub(crate) base: reqwest::Url,
    pub(crate) base_url: String,
    pub(crate) headers: HeaderMap,
    /// Names of the credential headers among `headers`.
    pub(crate) credential_headers: Vec<HeaderName>,
    /// Credentials added to every query.
    pub(crate) query_credentials: Vec<(String, Secret)>,
    pub(crate) timeout: Duration,
    pub(crate) max_retries: u32,
    pub(crate) max_response_bytes: u64,
}

impl Transport {
    /// Without a trailing slash.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// Longest wait for one attempt (for event streams: for one read).
    pub fn timeout(&self) -> Duration {
        self.timeout
    }

    /// Retries after the first attempt.
    pub fn max_retries(&self) -> u32 {
        self.max_retries
    }

    /// Largest success body read into memory, in bytes.
    pub fn max_response_bytes(&self) -> u64 {
        self.max_response_bytes
    }

    /// The reqwest client requests go through.
    pub fn http_client(&self) -> &reqwest::Client {
        &self.client
    }
}

impl fmt::Debug for Transport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Header names only: values may be credentials.
        let names: Vec<&str> = self.headers.keys().map(HeaderName::as_str).collect();
        f.debug_struct("Transport")
            .field("base_url", &self.base_url)
            .field("headers", &names)
            .field("timeout", &self.timeout)
            .field("max_retries", &self.max_retries)
            .field("max_response_bytes", &self.max_response_bytes)
            .finish_non_exhaustive()
    }
}
