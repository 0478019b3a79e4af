//! multipart/form-data bodies, kept as owned bytes so a call can be re-sent.

use std::path::Path;

use bytes::Bytes;
use serde::Serialize;

use crate::runtime::params;

/// A file for a multipart body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileUpload {
    pub filename: String,
    pub bytes: Bytes,
    /// Guessed from the file name when `None`.
    pub content_type: Option<String>,
}

impl FileUpload {
    pub fn new(filename: impl Into<String>, bytes: impl Into<Bytes>) -> Self {
        FileUpload { filename: filename.into(), bytes: bytes.into(), content_type: None }
    }

    pub fn with_content_type(mut self, content_type: impl Into<String>) -> Self {
        self.content_type = Some(content_type.into());
        self
    }

    /// Reads the whole file; the upload is named after its last path component.
    pub async fn from_path(path: impl AsRef<Path>) -> std::io::Result<Self> {
        let path = path.as_ref();
        let bytes = tokio::fs::read(path).await?;
        let filename = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "file".into());
        Ok(FileUpload::new(filename, bytes))
    }
}

#[derive(Clone, Debug)]
struct Part {
    name: String,
    data: Bytes,
    file: Option<(String, String)>,
}

/// A multipart/form-data body.
#[derive(Clone, Debug, Default)]
pub struct Multipart {
    parts: Vec<Part>,
    pub(crate) error: Option<String>,
}

impl Multipart {
    pub fn new() -> Self {
        Self::default()
    }

    /// A text field.
    pub fn text(mut self, name: impl Into<String>, value: impl ToString) -> Self {
        self.push_text(name.into(), value.to_string());
        self
    }

    /// Any serializable field, sent like the official SDKs do: strings as is,
    /// objects as `name[key]`, arrays as `name[]`, null omitted.
    pub fn json(mut self, name: impl Into<String>, value: &impl Serialize) -> Self {
        match serde_json::to_value(value) {
            Ok(value) => {
                let mut pairs = Vec::new();
                params::bracket_pairs(name.into(), value, &mut pairs);
                pairs.into_iter().for_each(|(n, v)| self.push_text(n, v));
            }
            Err(e) => {
                self.error.get_or_insert_with(|| format!("multipart field: {e}"));
            }
        }
        self
    }

    /// A file field.
    pub fn file(mut self, name: impl Into<String>, file: FileUpload) -> Self {
        let content_type = file.content_type.unwrap_or_else(|| {
            mime_guess::from_path(&file.filename).first_or_octet_stream().essence_str().to_owned()
        });
        self.parts.push(Part { name: name.into(), data: file.bytes, file: Some((file.filename, content_type)) });
        self
    }

    pub(crate) fn push_text(&mut self, name: String, value: String) {
        self.parts.push(Part { name, data: Bytes::from(value), file: None });
    }

    /// A fresh reqwest form for one attempt; the bytes are shared, not copied.
    pub(crate) fn to_form(&self) -> Result<reqwest::multipart::Form, String> {
        let mut form = reqwest::multipart::Form::new();
        for part in &self.parts {
            let len = part.data.len() as u64;
            let mut p = reqwest::multipart::Part::stream_with_length(reqwest::Body::from(part.data.clone()), len);
            if let Some((filename, content_type)) = &part.file {
                p = p
                    .file_name(filename.clone())
                    .mime_str(content_type)
                    .map_err(|e| format!("content type of {filename}: {e}"))?;
            }
            form = form.part(part.name.clone(), p);
        }
        Ok(form)
    }
}
