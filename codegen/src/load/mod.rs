//! Stage 1: spec text → openapiv3 model (3.1 forms normalized), with source lines.

mod source_map;
mod yaml;

pub use source_map::SourceMap;

use crate::Error;

/// A spec read and normalized into the one model the IR stage consumes.
pub struct Loaded {
    pub file: String,
    pub doc: openapiv3::OpenAPI,
    pub source: SourceMap,
    pub report: LoadReport,
}

/// What the loader met but could not carry into the model.
#[derive(Debug, Default, Clone)]
pub struct LoadReport {
    /// Keyword → number of occurrences the model has no place for.
    pub not_understood: std::collections::BTreeMap<String, usize>,
}

impl Loaded {
    pub fn error(&self, pointer: &str, message: impl Into<String>) -> Error {
        Error::new(&self.file, pointer, message).at_line(self.source.line_of(pointer))
    }
}

/// Reads one spec. `file` is only used to name the spec in errors.
pub fn load(file: &str, text: &str) -> Result<Loaded, Error> {
    let (value, source) = yaml::parse(text).map_err(|e| Error::new(file, "", e.message).at_line(e.line))?;
    let doc: openapiv3::OpenAPI = serde_json::from_value(value)
        .map_err(|e| Error::new(file, "", e.to_string()))?;
    Ok(Loaded { file: file.to_string(), doc, source, report: LoadReport::default() })
}
