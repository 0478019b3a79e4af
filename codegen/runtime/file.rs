//! `FileUpload`, the type of binary fields. Inside `Multipart::from_serialize`
//! a file serializes to a placeholder token that becomes a file part;
//! elsewhere it serializes as its content (lossy UTF-8).

use std::cell::RefCell;
use std::path::Path;

use bytes::Bytes;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A file for a multipart body.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FileUpload {
    /// The name sent with the part (`speech.mp3`); servers read the format from it.
    pub filename: String,
    /// The file's content.
    pub bytes: Bytes,
    /// Guessed from the file name when `None`.
    pub content_type: Option<String>,
}

impl FileUpload {
    /// A file named `filename` holding `bytes` (a `Vec<u8>`, `&'static str`, `Bytes`, …).
    pub fn new(filename: impl Into<String>, bytes: impl Into<Bytes>) -> Self {
        FileUpload {
            filename: filename.into(),
            bytes: bytes.into(),
            content_type: None,
        }
    }

    /// Sets the part's content type instead of guessing it from the name.
    pub fn with_content_type(mut self, content_type: impl Into<String>) -> Self {
        self.content_type = Some(content_type.into());
        self
    }

    /// Reads the whole file; the upload is named after its last path component.
    pub async fn from_path(path: impl AsRef<Path>) -> std::io::Result<Self> {
        let path = path.as_ref();
        let bytes = tokio::fs::read(path).await?;
        let filename = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "file".into());
        Ok(FileUpload::new(filename, bytes))
    }
}

const TOKEN_PREFIX: &str = "\u{0}runtime-file:";

thread_local! {
    /// Files met while serializing a multipart body on this thread.
    static CAPTURED: RefCell<Option<Vec<FileUpload>>> = const { RefCell::new(None) };
}

impl Serialize for FileUpload {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let token = CAPTURED.with(|c| {
            let mut captured = c.borrow_mut();
            let files = captured.as_mut()?;
            files.push(self.clone());
            Some(format!("{TOKEN_PREFIX}{}", files.len() - 1))
        });
        match token {
            Some(token) => serializer.serialize_str(&token),
            None => serializer.serialize_str(&String::from_utf8_lossy(&self.bytes)),
        }
    }
}

/// The content of a file given as a string, e.g. in a JSON example.
impl<'de> Deserialize<'de> for FileUpload {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(|s| FileUpload::new("file", s))
    }
}

/// `value` as JSON with files replaced by tokens, and the files.
pub(crate) fn capture<T: Serialize + ?Sized>(
    value: &T,
) -> (serde_json::Result<serde_json::Value>, Vec<FileUpload>) {
    /// Restores the outer state even if serialization panics.
    struct Restore(Option<Vec<FileUpload>>);
    impl Drop for Restore {
        fn drop(&mut self) {
            CAPTURED.with(|c| *c.borrow_mut() = self.0.take());
        }
    }
    let restore = Restore(CAPTURED.with(|c| c.replace(Some(Vec::new()))));
    let value = serde_json::to_value(value);
    let files = CAPTURED.with(|c| c.borrow_mut().take()).unwrap_or_default();
    drop(restore);
    (value, files)
}

/// The captured file a token stands for.
pub(crate) fn captured<'a>(text: &str, files: &'a [FileUpload]) -> Option<&'a FileUpload> {
    files.get(text.strip_prefix(TOKEN_PREFIX)?.parse::<usize>().ok()?)
}
