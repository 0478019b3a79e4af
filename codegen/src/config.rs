//! The optional generator config beside a spec (`specs/NAME.toml`): what a
//! spec cannot say about its client. Read with the `toml` crate; an invalid
//! config is an error naming file, line and key, like an invalid spec.
//!
//! ```toml
//! # Environment variables: OPENAI_API_KEY, OPENAI_BASE_URL (default: the module name upper-cased).
//! env_prefix = "OPENAI"
//!
//! # Client options sent as a header with every request: a builder method named
//! # after the key, and the variable `Client::from_env` reads it from.
//! [client_headers.organization]
//! header = "OpenAI-Organization"
//! env = "OPENAI_ORG_ID"
//!
//! # Links in spec text starting with `/` are made absolute against this URL.
//! docs_base_url = "https://platform.openai.com"
//!
//! # The package name when `--name` is not given, and the User-Agent sent
//! # (default `<crate>/<version>`).
//! crate_name = "openai"
//! user_agent = "my-app/1.0"
//!
//! # The operation the module docs' quick start calls (default: chosen by rule).
//! quick_start = "createChatCompletion"
//!
//! # Names the generator would choose, replaced: types by their generated
//! # name, methods by the operation's `operationId`.
//! [rename.types]
//! CreateChatCompletionRequest = "ChatRequest"
//! [rename.methods]
//! createChatCompletion = "send"
//! ```

use std::collections::BTreeMap;
use std::ops::Range;

use serde::Deserialize;
use toml_edit::TableLike;

use crate::ir::names::{camel_ident, is_keyword, method_ident, reserved, snake_ident};
use crate::Error;

/// A config file's name for errors and its text.
#[derive(Debug, Clone, Default)]
pub struct ConfigSource {
    pub file: String,
    pub text: String,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GeneratorConfig {
    /// Prefix of the environment variables `Client::from_env` reads (`OPENAI` → `OPENAI_API_KEY`).
    pub env_prefix: Option<String>,
    /// Builder method name → header it sends, in file order of the names (sorted).
    #[serde(default)]
    pub client_headers: BTreeMap<String, ClientHeader>,
    /// Base URL that links in spec text starting with `/` are made absolute
    /// against (`https://platform.openai.com`), so rustdoc can follow them.
    pub docs_base_url: Option<String>,
    /// Package name of the generated crate when the command line gives none
    /// (`cargo xtask generate` without `--name`); every spec of one crate that
    /// sets it must agree.
    pub crate_name: Option<String>,
    /// `User-Agent` header the client sends instead of `<crate>/<version>`.
    pub user_agent: Option<String>,
    /// The operation (by `operationId`) the module docs' quick start calls,
    /// instead of the first one whose request has a constructor.
    pub quick_start: Option<String>,
    /// Type and method names replaced; checked against the spec when it is lowered.
    #[serde(default)]
    pub rename: Renames,
    /// The file the config was read from, for errors found after parsing.
    #[serde(skip)]
    pub source: ConfigSource,
}

/// The `[rename]` tables: generated name → the name the user wants.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Renames {
    /// A type of the `models` module by the name it is generated with
    /// (`CreateChatCompletionRequest`) → its new UpperCamelCase name. Inline
    /// types named after a renamed type follow it (`ChatRequestStop`).
    #[serde(default)]
    pub types: BTreeMap<String, String>,
    /// An operation by its `operationId` → the snake_case name of its method
    /// (its `_stream` and `_multipart` variants follow).
    #[serde(default)]
    pub methods: BTreeMap<String, String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClientHeader {
    /// HTTP header name, e.g. `OpenAI-Organization`.
    pub header: String,
    /// Environment variable `Client::from_env` reads it from, e.g. `OPENAI_ORG_ID`.
    pub env: Option<String>,
}

/// Whether cargo takes `name` as a package name and rustc its library's
/// name without a warning: a lowercase letter, then a-z, 0-9, `-` or `_`
/// (an uppercase letter is rustc's `non_snake_case`), at most 64 bytes, and
/// no Rust keyword or name of a built-in crate, which cargo refuses. Else
/// the message saying so.
pub fn check_crate_name(name: &str) -> Result<(), String> {
    let lib = name.replace('-', "_");
    let shape = name.len() <= 64
        && name.starts_with(|c: char| c.is_ascii_lowercase())
        && name.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_');
    if !shape {
        return Err(format!("`{name}` is not a crate name (a lowercase letter, then a-z, 0-9, - or _)"));
    }
    if is_keyword(&lib) || ["std", "core", "alloc", "test", "proc_macro"].contains(&lib.as_str()) {
        return Err(format!("`{name}` is not a crate name: cargo refuses a Rust keyword or a built-in crate's name"));
    }
    Ok(())
}

/// The config `<stem>.toml` beside the spec at `spec`, when it exists; `file`
/// is how errors name it.
pub fn beside(spec: &std::path::Path) -> std::io::Result<Option<ConfigSource>> {
    let path = spec.with_extension("toml");
    match std::fs::read_to_string(&path) {
        Ok(text) => Ok(Some(ConfigSource { file: path.display().to_string(), text })),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e),
    }
}

/// Parses and checks a config; errors name the file, the line and the key.
pub fn parse(source: &ConfigSource) -> Result<GeneratorConfig, Error> {
    let config: GeneratorConfig = toml::from_str(&source.text).map_err(|e| {
        let start = e.span().map(|s| s.start).unwrap_or(0).min(source.text.len());
        let key = key_at(&source.text, start);
        Error::new(&source.file, key, e.message().trim().replace('\n', " ")).at_line(Some(line_at(&source.text, start)))
    })?;
    let config = GeneratorConfig { source: source.clone(), ..config };
    let fail = |key: &str, message: String| Err(config.error(key, message));
    if let Some(prefix) = &config.env_prefix {
        if !is_env_name(prefix) {
            return fail("env_prefix", format!("`{prefix}` is not an environment variable prefix (A-Z, 0-9, _)"));
        }
    }
    if let Some(url) = &config.docs_base_url {
        let host = url.strip_prefix("https://").or_else(|| url.strip_prefix("http://")).unwrap_or_default();
        if host.is_empty() || host.starts_with('/') || url.contains(|c: char| c.is_whitespace() || c.is_control()) {
            return fail("docs_base_url", format!("`{url}` is not an http(s) URL"));
        }
    }
    if let Some(name) = &config.crate_name {
        if let Err(message) = check_crate_name(name) {
            return fail("crate_name", message);
        }
    }
    if let Some(agent) = &config.user_agent {
        if agent.trim().is_empty() || !agent.bytes().all(|b| (b' '..=b'~').contains(&b)) {
            return fail("user_agent", format!("`{agent}` is not a User-Agent value (printable ASCII)"));
        }
    }
    for (from, to) in &config.rename.types {
        // ASCII only: other letters can look like the crate's own names (`Α`, `A`), which rustc warns of.
        let ascii = to.starts_with(|c: char| c.is_ascii_uppercase()) && to.bytes().all(|b| b.is_ascii_alphanumeric());
        let valid = ascii && camel_ident(to, "") == *to && !reserved::types().contains(&to.as_str());
        if !valid {
            let message =
                format!("`{to}` is not a type name the crate can use (ASCII UpperCamelCase, not a name of its own)");
            return fail(&format!("rename/types/{from}"), message);
        }
    }
    for (from, to) in &config.rename.methods {
        let ascii = to.starts_with(|c: char| c.is_ascii_lowercase())
            && to.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
        if !ascii
            || snake_ident(to) != *to
            || method_ident(to, reserved::METHODS, reserved::METHOD_LINT_PREFIXES) != *to
        {
            let message =
                format!("`{to}` is not a method name the crate can use (ASCII snake_case, not a name of its own)");
            return fail(&format!("rename/methods/{from}"), message);
        }
    }
    for (method, h) in &config.client_headers {
        let key = format!("client_headers/{method}");
        if snake_ident(method) != *method {
            return fail(&key, format!("`{method}` is not a snake_case method name"));
        }
        if h.header.is_empty() || !h.header.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_".contains(&b)) {
            return fail(&format!("{key}/header"), format!("`{}` is not an HTTP header name", h.header));
        }
        if let Some(env) = h.env.as_deref().filter(|e| !is_env_name(e)) {
            let message = format!("`{env}` is not an environment variable name (A-Z, 0-9, _)");
            return fail(&format!("{key}/env"), message);
        }
    }
    Ok(config)
}

impl GeneratorConfig {
    /// An error about `key` (a `/`-separated path, `rename/types/Foo`), at the
    /// line where the file writes that key.
    pub fn error(&self, key: &str, message: String) -> Error {
        Error::new(&self.source.file, format!("/{key}"), message).at_line(line_of_key(&self.source.text, key))
    }
}

/// The line (1-based) where `key` (`rename/types/Pet`) is written, however
/// the file writes it: under a `[rename.types]` header, as a dotted key or
/// in an inline table.
fn line_of_key(text: &str, key: &str) -> Option<usize> {
    let (_, span) = key_spans(text)?.into_iter().find(|(path, _)| path == key)?;
    Some(line_at(text, span.start))
}

/// The line (1-based) of byte `at`.
fn line_at(text: &str, at: usize) -> usize {
    text[..at.min(text.len())].matches('\n').count() + 1
}

/// Every key the file writes, as its path (`rename/types/Pet`) with the
/// bytes from the key to the end of its value (spans of `toml_edit`);
/// `None` when the text is not TOML.
fn key_spans(text: &str) -> Option<Vec<(String, Range<usize>)>> {
    fn walk(table: &dyn TableLike, prefix: &str, out: &mut Vec<(String, Range<usize>)>) {
        for (name, _) in table.iter() {
            let Some((key, item)) = table.get_key_value(name) else { continue };
            let path = if prefix.is_empty() { name.to_string() } else { format!("{prefix}/{name}") };
            if let Some(at) = key.span() {
                let end = item.span().map_or(at.end, |value| value.end.max(at.end));
                out.push((path.clone(), at.start..end));
            }
            if let Some(inner) = item.as_table_like() {
                walk(inner, &path, out);
            }
        }
    }
    let doc = toml_edit::ImDocument::parse(text).ok()?;
    let mut out = Vec::new();
    walk(doc.as_table(), "", &mut out);
    Some(out)
}

fn is_env_name(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_')
}

/// The key whose text holds byte `at`, as a pointer (`/rename/types/Pet`):
/// the innermost one; `/` when there is none or the text is not TOML.
fn key_at(text: &str, at: usize) -> String {
    let spans = key_spans(text).unwrap_or_default();
    let holding = spans.into_iter().filter(|(_, span)| span.contains(&at) || span.start == at);
    let innermost = holding.max_by_key(|(path, _)| path.matches('/').count());
    format!("/{}", innermost.map(|(path, _)| path).unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_text(text: &str) -> Result<GeneratorConfig, String> {
        parse(&ConfigSource { file: "specs/x.toml".into(), text: text.into() }).map_err(|e| e.to_string())
    }

    #[test]
    fn reads_prefix_and_headers() {
        let c = parse_text("env_prefix = \"OPENAI\"\n[client_headers.organization]\nheader = \"OpenAI-Organization\"\nenv = \"OPENAI_ORG_ID\"\n").unwrap();
        assert_eq!(c.env_prefix.as_deref(), Some("OPENAI"));
        assert_eq!(c.client_headers["organization"].header, "OpenAI-Organization");
    }

    #[test]
    fn errors_name_file_line_and_key() {
        let e = parse_text("env_prefix = \"OPENAI\"\nenv_prefx = \"X\"\n").unwrap_err();
        assert!(e.starts_with("specs/x.toml:2:") && e.contains("/env_prefx") && e.contains("unknown field"), "{e}");
        let e = parse_text("env_prefix = 3\n").unwrap_err();
        assert!(e.starts_with("specs/x.toml:1:") && e.contains("/env_prefix"), "{e}");
        let e = parse_text("env_prefix = \"open ai\"\n").unwrap_err();
        assert!(e.starts_with("specs/x.toml:1:") && e.contains("not an environment variable prefix"), "{e}");
        let e = parse_text("\n[client_headers.organization]\nheader = \"Bad Header\"\n").unwrap_err();
        assert!(e.starts_with("specs/x.toml:3:") && e.contains("/client_headers/organization"), "{e}");
        let e = parse_text("[client_headers.Org]\nheader = \"X-Org\"\n").unwrap_err();
        assert!(e.contains("not a snake_case method name"), "{e}");
        let e = parse_text("env_prefix = \"OPENAI\"\ndocs_base_url = \"platform.openai.com\"\n").unwrap_err();
        assert!(
            e.starts_with("specs/x.toml:2:") && e.contains("/docs_base_url") && e.contains("not an http(s) URL"),
            "{e}"
        );
        let c = parse_text("crate_name = \"openai\"\nuser_agent = \"my-app/1.0 (x)\"\n").unwrap();
        assert_eq!((c.crate_name.as_deref(), c.user_agent.as_deref()), (Some("openai"), Some("my-app/1.0 (x)")));
        let e = parse_text("env_prefix = \"OPENAI\"\ncrate_name = \"open ai\"\n").unwrap_err();
        assert!(e.starts_with("specs/x.toml:2:") && e.contains("/crate_name") && e.contains("not a crate name"), "{e}");
        let e = parse_text("crate_name = \"1openai\"\n").unwrap_err();
        assert!(e.contains("not a crate name"), "{e}");
        let e = parse_text("\nuser_agent = \"caf\u{e9}\"\n").unwrap_err();
        assert!(e.starts_with("specs/x.toml:2:") && e.contains("/user_agent") && e.contains("printable ASCII"), "{e}");
        let e = parse_text("env_prefix = \n").unwrap_err();
        assert!(e.starts_with("specs/x.toml:1:"), "{e}");
    }

    #[test]
    fn errors_find_keys_however_the_file_writes_them() {
        // A dotted key, an inline table, and a key whose name is also another
        // key's value; the comment names them first, so a text search would stop there.
        let e = parse_text("# Pet and Owner get new names.\n\nrename.types.Pet = \"pet\"\n").unwrap_err();
        assert!(e.starts_with("specs/x.toml:3:") && e.contains("/rename/types/Pet"), "{e}");
        let e = parse_text("# Pet and Owner get new names.\n[rename]\ntypes = { Pet = \"Animal\", Owner = \"9\" }\n")
            .unwrap_err();
        assert!(e.starts_with("specs/x.toml:3:") && e.contains("/rename/types/Owner"), "{e}");
        let e = parse_text("[rename.types]\nPet = \"Owner\"\nOwner = \"Pet!\"\n").unwrap_err();
        assert!(e.starts_with("specs/x.toml:3:") && e.contains("/rename/types/Owner"), "{e}");
        // A TOML error inside an inline table names the innermost key.
        let e = parse_text("[client_headers]\norganization = { header = \"X-Org\", env = 7 }\n").unwrap_err();
        assert!(e.starts_with("specs/x.toml:2:") && e.contains("/client_headers/organization/env"), "{e}");
    }
}
