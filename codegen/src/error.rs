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
        write!(f, "{}", escape_controls(&self.file))?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        let pointer = if self.pointer.is_empty() { "/" } else { &self.pointer };
        // One line, always: multi-line messages from parsers are folded.
        let message = self.message.split_whitespace().collect::<Vec<_>>().join(" ");
        write!(f, ": at {}: {}", escape_controls(pointer), escape_controls(&message))
    }
}

/// Spec text as it may appear in a terminal line: control characters (ESC,
/// CR, LF, BEL…), line separators and bidirectional overrides are written as
/// Rust escapes (`\u{1b}`, `\r`), so a key cannot recolor the terminal, move
/// the cursor or forge a second `error:` line.
pub fn escape_controls(text: &str) -> String {
    escape_where(text, |c| c.is_control() || is_invisible_mark(c))
}

/// Bidirectional marks, overrides and isolates and the Unicode line
/// separators: they reorder or break what is shown around them (rustc refuses
/// the bidirectional ones in comments: `text_direction_codepoint_in_comment`).
pub(crate) fn is_invisible_mark(c: char) -> bool {
    matches!(c, '\u{200e}' | '\u{200f}' | '\u{2028}' | '\u{2029}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// `text` with every character `unsafe_char` picks written as its Rust escape.
pub(crate) fn escape_where(text: &str, unsafe_char: impl Fn(char) -> bool) -> String {
    if !text.contains(&unsafe_char) {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if unsafe_char(c) {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out
}

impl std::error::Error for Error {}

/// Escapes one JSON pointer token (RFC 6901).
pub fn pointer_token(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spec_text_in_an_error_is_one_inert_line() {
        let key = "X\u{1b}]0;pwned\u{7}\u{1b}[2J\r\nerror: fake.yaml:1: at /: all good\u{202e}";
        let e = Error::new("a\u{1b}.yaml", format!("/components/schemas/{key}"), format!("bad `{key}`\u{1b}[31m"))
            .at_line(Some(3));
        let shown = e.to_string();
        assert_eq!(shown.lines().count(), 1, "{shown}");
        assert!(!shown.contains(|c: char| c.is_control()), "{shown:?}");
        assert!(shown.starts_with("a\\u{1b}.yaml:3: at /components/schemas/X\\u{1b}]0;pwned\\u{7}"), "{shown}");
        assert!(shown.contains("\\r\\nerror: fake.yaml"), "{shown}");
        assert!(shown.contains("\\u{202e}"), "{shown}");
    }
}
