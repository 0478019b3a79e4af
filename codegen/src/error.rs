//! The one error type of the generator: every failure names the spec file,
//! the place in it (JSON pointer, line when known) and what is wrong.

use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    /// The spec file as the user named it (e.g. `specs/openai.yaml`).
    pub file: String,
    /// JSON pointer into the document (`/paths/~1batches/post`); empty for the whole file.
    pub pointer: String,
    /// 1-based line in the file, when the loader knows it.
    pub line: Option<usize>,
    pub message: String,
}

impl Error {
    pub fn new(file: impl Into<String>, pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Error { file: file.into(), pointer: pointer.into(), line: None, message: message.into() }
    }

    pub fn at_line(mut self, line: Option<usize>) -> Self {
        if self.line.is_none() {
            self.line = line;
        }
        self
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        let pointer = if self.pointer.is_empty() { "/" } else { &self.pointer };
        // One line, always: multi-line messages from parsers are folded.
        let message = self.message.split_whitespace().collect::<Vec<_>>().join(" ");
        write!(f, ": at {pointer}: {message}")
    }
}

impl std::error::Error for Error {}

/// Escapes one JSON pointer token (RFC 6901).
pub fn pointer_token(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}
