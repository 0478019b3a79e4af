//! Stage 1: spec text → openapiv3 model (3.1 forms normalized), with source lines.
//!
//! `yaml` parses (the one place that knows the YAML library), `normalize`
//! rewrites 3.1 / JSON Schema forms into the 3.0 shape and checks field types,
//! then serde builds the `openapiv3` model.

mod local_defs;
mod model;
mod normalize;
mod ref_names;
mod source_map;
mod yaml;

#[cfg(test)]
mod tests;
#[cfg(test)]
mod two_thread_tests;

use std::collections::BTreeMap;

pub use source_map::SourceMap;
pub use yaml::{
    parse as parse_yaml, parse_on_one_thread as parse_yaml_on_one_thread, MAX_ALIAS_BYTES, MAX_ALIAS_NODES, MAX_DEPTH,
};

use crate::error::pointer_token;
use crate::Error;
use model::to_model;

/// A spec read and normalized into the one model the IR stage consumes.
pub struct Loaded {
    pub file: String,
    pub doc: openapiv3::OpenAPI,
    pub source: SourceMap,
    pub report: LoadReport,
}

/// What the loader met but could not carry into the model, and what it rewrote.
#[derive(Debug, Default, Clone)]
pub struct LoadReport {
    /// Keyword → number of occurrences the model has no place for. Schema
    /// keywords are bare (`propertyNames`); others are prefixed with their
    /// object (`document.webhooks`, `header.explode`, `reference.description`).
    pub not_understood: BTreeMap<String, usize>,
    /// Keyword → pointer of its first occurrence (same keys as `not_understood`).
    pub not_understood_at: BTreeMap<String, String>,
    /// Normalization rule → number of times applied (e.g. `const → enum + x-const`).
    pub rewritten: BTreeMap<String, usize>,
    /// Pointers of the component schemas whose own `$defs` (referenced as
    /// `#/$defs/Name` from inside) were resolved against the schema itself.
    pub local_defs: Vec<String>,
}

impl Loaded {
    pub fn error(&self, pointer: &str, message: impl Into<String>) -> Error {
        Error::new(&self.file, pointer, message).at_line(self.source.line_of(pointer))
    }
}

/// The spec's bytes as text: a spec must be UTF-8. The error names the line,
/// column and node of the first byte that is not.
pub fn decode(file: &str, bytes: Vec<u8>) -> Result<String, Error> {
    match String::from_utf8(bytes) {
        Ok(text) => Ok(text),
        Err(e) => {
            let offset = e.utf8_error().valid_up_to();
            let bad = e.as_bytes().get(offset).copied().unwrap_or(0);
            let readable = String::from_utf8_lossy(e.as_bytes()).into_owned();
            let problem = format!("byte 0x{bad:02X} is not UTF-8 (a spec must be UTF-8 text)");
            let e = yaml::raw_text_error(&readable, offset, &problem);
            Err(Error::new(file, e.pointer, e.message).at_line(e.line))
        }
    }
}

/// Reads one spec. `file` is only used to name the spec in errors.
pub fn load(file: &str, text: &str) -> Result<Loaded, Error> {
    let (mut value, source) = yaml::parse(text).map_err(|e| Error::new(file, e.pointer, e.message).at_line(e.line))?;
    // Both steps recurse once per nesting level (serde's untagged/flatten
    // buffering takes tens of KB per level in debug builds), so they run on
    // a thread whose stack fits the deepest tree `yaml` accepts.
    on_big_stack(move || {
        ref_names::decode(&mut value);
        let (source, report) = normalize::normalize(file, &mut value, source)?;
        let doc = to_model(file, value, &source)?;
        Ok(Loaded { file: file.to_string(), doc, source, report })
    })
    .unwrap_or_else(|| Err(Error::new(file, "", "internal error while building the model")))
}

/// Stack for the recursive steps: far more than `yaml::MAX_DEPTH` levels need.
pub(super) const STACK_BYTES: usize = 64 << 20;

/// Runs `f` on a thread with a `STACK_BYTES` stack (or here, if no thread can
/// be started). `None` if `f` panicked.
fn on_big_stack<T: Send>(f: impl FnOnce() -> T + Send) -> Option<T> {
    let mut slot = Some(f);
    std::thread::scope(|scope| {
        let spawned = std::thread::Builder::new()
            .name("load".into())
            .stack_size(STACK_BYTES)
            .spawn_scoped(scope, || slot.take().map(|f| f()));
        match spawned {
            Ok(handle) => handle.join().ok().flatten(),
            Err(_) => None,
        }
    })
    .or_else(|| slot.take().map(|f| f()))
}

/// Appends `/token` (RFC 6901-escaped) to a JSON pointer.
fn push_token(path: &mut String, token: &str) {
    path.push('/');
    if token.contains(['~', '/']) {
        path.push_str(&pointer_token(token));
    } else {
        path.push_str(token);
    }
}
