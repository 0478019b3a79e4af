//! Redirects, followed by the runtime rather than by reqwest: reqwest drops only
//! `Authorization` and cookies when a redirect leaves the host, but the clients
//! also send credentials in other headers (`x-portkey-api-key`, …) and in the
//! query. Here every credential is dropped when a redirect changes the origin
//! (scheme, host or port), and stays dropped for the rest of the chain.

use reqwest::header::{
    HeaderMap, AUTHORIZATION, CONTENT_LENGTH, CONTENT_TYPE, COOKIE, LOCATION, PROXY_AUTHORIZATION,
};
use reqwest::{Method, StatusCode, Url};

use crate::runtime::config::Transport;

/// As reqwest's default policy and the official SDKs' HTTP clients.
pub(crate) const MAX_REDIRECTS: usize = 10;

/// Where a redirect response sends the request next.
pub(crate) struct Hop {
    pub(crate) url: Url,
    pub(crate) method: Method,
    /// 303, and 301/302 after a POST, repeat the request as a GET without body.
    pub(crate) drops_body: bool,
}

/// The next request for a 301, 302, 303, 307 or 308 with a usable `Location`;
/// `None` for any other response (which is then returned as it is).
pub(crate) fn next_hop(status: StatusCode, headers: &HeaderMap, url: &Url, method: &Method) -> Option<Hop> {
    let code = status.as_u16();
    if !matches!(code, 301 | 302 | 303 | 307 | 308) {
        return None;
    }
    let location = headers.get(LOCATION)?.to_str().ok()?;
    let next = url.join(location).ok()?;
    if !matches!(next.scheme(), "http" | "https") {
        return None;
    }
    let to_get = code == 303 && *method != Method::HEAD || matches!(code, 301 | 302) && *method == Method::POST;
    Some(Hop {
        url: next,
        method: if to_get { Method::GET } else { method.clone() },
        drops_body: to_get,
    })
}

/// Whether `a` and `b` share scheme, host and port.
pub(crate) fn same_origin(a: &Url, b: &Url) -> bool {
    a.origin() == b.origin()
}

/// Removes every credential from a request leaving its origin: the
/// configured credential headers, `Authorization`, cookies, every header
/// marked sensitive (names with `key`, `token` or `secret`), and query
/// parameters named like a query credential.
pub(crate) fn strip_credentials(headers: &mut HeaderMap, url: &mut Url, transport: &Transport) {
    for name in &transport.credential_headers {
        headers.remove(name);
    }
    for name in [AUTHORIZATION, COOKIE, PROXY_AUTHORIZATION] {
        headers.remove(name);
    }
    headers.remove("cookie2");
    let sensitive: Vec<_> = headers
        .iter()
        .filter(|(_, value)| value.is_sensitive())
        .map(|(name, _)| name.clone())
        .collect();
    for name in sensitive {
        headers.remove(name);
    }
    if transport.query_credentials.is_empty() || url.query().is_none() {
        return;
    }
    let is_credential = |name: &str| transport.query_credentials.iter().any(|(n, _)| n == name);
    let kept: Vec<(String, String)> = url
        .query_pairs()
        .filter(|(name, _)| !is_credential(name))
        .map(|(n, v)| (n.into_owned(), v.into_owned()))
        .collect();
    url.set_query(None);
    if !kept.is_empty() {
        url.query_pairs_mut().extend_pairs(kept);
    }
}

/// A request repeated as a GET carries no body, so no body headers either.
pub(crate) fn drop_body_headers(headers: &mut HeaderMap) {
    headers.remove(CONTENT_TYPE);
    headers.remove(CONTENT_LENGTH);
}

/// The URL with the values of query credentials replaced by `***`, for errors.
pub(crate) fn redacted(url: &Url, transport: &Transport) -> Url {
    if transport.query_credentials.is_empty() || url.query().is_none() {
        return url.clone();
    }
    let is_credential = |name: &str| transport.query_credentials.iter().any(|(n, _)| n == name);
    let pairs: Vec<(String, String)> = url
        .query_pairs()
        .map(|(n, v)| {
            let v = if is_credential(&n) { "***".into() } else { v.into_owned() };
            (n.into_owned(), v)
        })
        .collect();
    let mut url = url.clone();
    url.query_pairs_mut().clear().extend_pairs(pairs);
    url
}
