//! Rust identifiers from spec strings. The IR calls these once per name;
//! the emitter never invents a name.

use std::collections::HashSet;

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Keywords usable as raw identifiers (`r#type`).
const RAW_KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "do", "dyn", "else", "enum",
    "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "macro", "match", "mod", "move",
    "mut", "override", "priv", "pub", "ref", "return", "static", "struct", "trait", "true", "try", "type", "typeof",
    "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Keywords that cannot be raw identifiers.
const NON_RAW_KEYWORDS: &[&str] = &["crate", "self", "super", "Self", "_"];

/// Type names the generated code relies on from the prelude or its own runtime.
const RESERVED_TYPES: &[&str] = &["Option", "Vec", "String", "Box", "Result", "Self", "Client", "ClientBuilder"];

/// A Rust value identifier (field, method, module) for a spec string.
pub fn snake_ident(raw: &str) -> String {
    let mut s = raw.to_snake_case();
    if s.is_empty() {
        s = "value".into();
    }
    if s.starts_with(|c: char| c.is_ascii_digit()) {
        s = format!("n{s}");
    }
    if NON_RAW_KEYWORDS.contains(&s.as_str()) {
        s.push('_');
    } else if RAW_KEYWORDS.contains(&s.as_str()) {
        s = format!("r#{s}");
    }
    s
}

/// A Rust type or variant name for a spec string; `fallback` when nothing usable remains.
pub fn camel_ident(raw: &str, fallback: &str) -> String {
    let mut s = raw.to_upper_camel_case();
    if s.is_empty() {
        s = fallback.to_upper_camel_case();
    }
    if s.starts_with(|c: char| c.is_ascii_digit()) {
        s = format!("V{s}");
    }
    if RESERVED_TYPES.contains(&s.as_str()) {
        s.push_str("Type");
    }
    s
}

/// Hands out unique names within one scope, suffixing `2`, `3`, … on collision.
#[derive(Debug, Default, Clone)]
pub struct Scope {
    taken: HashSet<String>,
}

impl Scope {
    pub fn with_reserved(reserved: &[&str]) -> Self {
        Scope { taken: reserved.iter().map(|s| s.to_string()).collect() }
    }

    pub fn is_taken(&self, name: &str) -> bool {
        self.taken.contains(name)
    }

    /// `name` if free, else the first free `name2`, `name3`, … (`name_2` for snake case).
    pub fn claim(&mut self, name: &str) -> String {
        if self.taken.insert(name.to_string()) {
            return name.to_string();
        }
        let sep = if name.contains('_') || name.starts_with(|c: char| c.is_ascii_lowercase()) { "_" } else { "" };
        let base = name.strip_prefix("r#").unwrap_or(name);
        (2..)
            .map(|n| format!("{base}{sep}{n}"))
            .find(|candidate| self.taken.insert(candidate.clone()))
            .expect("an unbounded range always yields a free name")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keywords_and_odd_strings_become_identifiers() {
        assert_eq!(snake_ident("type"), "r#type");
        assert_eq!(snake_ident("self"), "self_");
        assert_eq!(snake_ident("fileCounts"), "file_counts");
        assert_eq!(snake_ident("include[]"), "include");
        assert_eq!(snake_ident("2fa"), "n2fa");
        assert_eq!(camel_ident("vector_store.files_batch", "v"), "VectorStoreFilesBatch");
        assert_eq!(camel_ident("Error-2", "v"), "Error2");
        assert_eq!(camel_ident("RL.SampleBody", "v"), "RlSampleBody");
        assert_eq!(camel_ident("4o", "v"), "V4o");
        assert_eq!(camel_ident("+", "plus"), "Plus");
        assert_eq!(camel_ident("option", "v"), "OptionType");
    }

    #[test]
    fn scope_suffixes_collisions() {
        let mut scope = Scope::default();
        assert_eq!(scope.claim("Foo"), "Foo");
        assert_eq!(scope.claim("Foo"), "Foo2");
        assert_eq!(scope.claim("foo_bar"), "foo_bar");
        assert_eq!(scope.claim("foo_bar"), "foo_bar_2");
    }
}
