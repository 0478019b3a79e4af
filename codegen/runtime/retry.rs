//! How long to wait before a retry, like the official SDKs.

use std::time::{Duration, SystemTime};

use reqwest::header::HeaderMap;

const INITIAL_DELAY_SECS: f64 = 0.5;
const MAX_DELAY_SECS: f64 = 8.0;
/// A server's `retry-after` beyond this is ignored in favour of our backoff.
const MAX_RETRY_AFTER_SECS: f64 = 60.0;

/// The server's `retry-after-ms` / `retry-after` when sane, else exponential
/// backoff with up to 25 % jitter (so clients that failed together spread out).
pub(crate) fn delay(retries_done: u32, headers: Option<&HeaderMap>) -> Duration {
    if let Some(secs) = headers.and_then(retry_after_secs) {
        if (0.0..=MAX_RETRY_AFTER_SECS).contains(&secs) {
            return Duration::from_secs_f64(secs);
        }
    }
    let exponent = retries_done.min(16) as i32;
    let backoff = (INITIAL_DELAY_SECS * 2f64.powi(exponent)).min(MAX_DELAY_SECS);
    Duration::from_secs_f64(backoff * (1.0 - 0.25 * fastrand::f64()))
}

fn retry_after_secs(headers: &HeaderMap) -> Option<f64> {
    let get = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::trim)
    };
    if let Some(ms) = get("retry-after-ms").and_then(|v| v.parse::<f64>().ok()) {
        return Some(ms / 1000.0);
    }
    let value = get("retry-after")?;
    if let Ok(secs) = value.parse::<f64>() {
        return Some(secs);
    }
    let at = httpdate::parse_http_date(value).ok()?;
    Some(
        at.duration_since(SystemTime::now())
            .unwrap_or(Duration::ZERO)
            .as_secs_f64(),
    )
}
