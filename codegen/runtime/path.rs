//! Percent-encoding of path parameters.

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

/// Everything but RFC 3986 unreserved characters.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// One path segment, encoded so that `/`, `?`, `#` and `%` in a value can never
/// change which resource the request addresses.
pub fn encode_path(segment: &str) -> String {
    utf8_percent_encode(segment, SEGMENT).to_string()
}

/// Refuses a path with a segment that URL normalization would drop or resolve
/// (`""`, `"."`, `".."` or their `%2e` forms): a path parameter such as `..`
/// would otherwise address another resource. `encode_path` cannot prevent it,
/// since dots are unreserved and `%2E` is normalized too.
pub(crate) fn check_path(path: &str) -> Result<(), String> {
    let relative = path.strip_prefix('/').unwrap_or(path);
    // The URL parser treats `\` as `/` in http(s) URLs.
    let bad = relative.split(['/', '\\']).find(|segment| {
        segment.is_empty()
            || [".", "..", "%2e", ".%2e", "%2e.", "%2e%2e"]
                .iter()
                .any(|dots| segment.eq_ignore_ascii_case(dots))
    });
    match bad {
        Some(segment) => Err(format!(
            "path {path:?} has the segment {segment:?}, which would change the addressed resource"
        )),
        None => Ok(()),
    }
}
