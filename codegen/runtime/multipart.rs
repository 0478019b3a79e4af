//! multipart/form-data bodies, kept as owned bytes so a call can be re-sent.

use std::fmt;

use bytes::Bytes;
use serde::Serialize;
use serde_json::Value;

use crate::runtime::file::{capture, captured};
use crate::runtime::{params, FileUpload};

#[derive(Clone)]
struct Part {
    name: String,
    data: Bytes,
    file: Option<(String, String)>,
}

impl fmt::Debug for Part {
    // Sizes, not contents: a part may be a large file.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Part")
            .field("name", &self.name)
            .field("len", &self.data.len())
            .field("file", &self.file)
            .finish()
    }
}

/// A multipart/form-data body.
#[derive(Clone, Debug, Default)]
pub struct Multipart {
    parts: Vec<Part>,
    pub(crate) error: Option<String>,
}

impl Multipart {
    /// A body with no parts yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// A text field.
    pub fn text(mut self, name: impl Into<String>, value: impl ToString) -> Self {
        self.push_text(name.into(), value.to_string());
        self
    }

    /// Any serializable field, sent like the official SDKs do: strings as is,
    /// objects as `name[key]`, arrays as `name[]`, null omitted, `FileUpload`s
    /// as file parts.
    pub fn json(mut self, name: impl Into<String>, value: &impl Serialize) -> Self {
        self.add(Some(name.into()), value);
        self
    }

    /// One field per member of a struct or map, each as [`Multipart::json`] sends it.
    pub fn from_serialize(body: &impl Serialize) -> Self {
        let mut form = Multipart::new();
        form.add(None, body);
        form
    }

    fn add(&mut self, name: Option<String>, value: &impl Serialize) {
        let (value, files) = capture(value);
        let mut pairs = Vec::new();
        match (name, value) {
            (_, Err(e)) => self.fail(format!("multipart body: {e}")),
            (Some(name), Ok(value)) => params::bracket_pairs(name, value, &mut pairs),
            (None, Ok(Value::Object(map))) => map
                .into_iter()
                .for_each(|(k, v)| params::bracket_pairs(k, v, &mut pairs)),
            (None, Ok(Value::Null)) => {}
            (None, Ok(_)) => self.fail("multipart body: expected a struct or map".into()),
        }
        for (name, text) in pairs {
            match captured(&text, &files) {
                Some(file) => self.push_file(name, file.clone()),
                None => self.push_text(name, text),
            }
        }
    }

    fn fail(&mut self, error: String) {
        self.error.get_or_insert(error);
    }

    /// A file field.
    pub fn file(mut self, name: impl Into<String>, file: FileUpload) -> Self {
        self.push_file(name.into(), file);
        self
    }

    fn push_file(&mut self, name: String, file: FileUpload) {
        let content_type = file.content_type.unwrap_or_else(|| {
            mime_guess::from_path(&file.filename)
                .first_or_octet_stream()
                .essence_str()
                .to_owned()
        });
        self.parts.push(Part {
            name,
            data: file.bytes,
            file: Some((file.filename, content_type)),
        });
    }

    fn push_text(&mut self, name: String, value: String) {
        self.parts.push(Part {
            name,
            data: Bytes::from(value),
            file: None,
        });
    }

    /// A fresh reqwest form for one attempt; the bytes are shared, not copied.
    pub(crate) fn to_form(&self) -> Result<reqwest::multipart::Form, String> {
        let mut form = reqwest::multipart::Form::new();
        for part in &self.parts {
            let len = part.data.len() as u64;
            let mut p = reqwest::multipart::Part::stream_with_length(
                reqwest::Body::from(part.data.clone()),
                len,
            );
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
