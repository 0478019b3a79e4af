//! Rust identifiers from spec strings. The IR calls these once per name;
//! the emitter never invents a name.

use std::collections::{BTreeMap, BTreeSet, HashSet};

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

/// Words that become `…Type` wherever a camel-case name is made (types,
/// variants, namespace words), older than [`reserved`] and kept so names stay stable.
const RESERVED_TYPES: &[&str] = &["Option", "Vec", "String", "Box", "Result", "Self", "Client", "ClientBuilder"];

/// The registry of every name the generated code and its runtime use
/// themselves, by the scope a spec name lands in. Every naming decision of
/// the IR claims spec names in a [`Scope`] that starts with these taken, so
/// a spec name can never shadow or clash with one (a schema `D`, a path
/// `/default`, an operation `clone`). The `cases` test of the `tests` crate
/// (`reserved_names_spec`) generates a spec made of every name here and
/// builds it with clippy.
pub mod reserved {
    /// The Rust 2021 prelude and the std and runtime names the emitted code
    /// writes unqualified; a glob-imported item with such a name would shadow it.
    const PRELUDE: &[&str] = &[
        "Copy",
        "Send",
        "Sized",
        "Sync",
        "Unpin",
        "Drop",
        "Fn",
        "FnMut",
        "FnOnce",
        "drop",
        "Box",
        "ToOwned",
        "Clone",
        "PartialEq",
        "PartialOrd",
        "Eq",
        "Ord",
        "AsRef",
        "AsMut",
        "Into",
        "From",
        "Default",
        "Iterator",
        "Extend",
        "IntoIterator",
        "DoubleEndedIterator",
        "ExactSizeIterator",
        "Option",
        "Some",
        "None",
        "Result",
        "Ok",
        "Err",
        "String",
        "ToString",
        "Vec",
        "TryFrom",
        "TryInto",
        "FromIterator",
        "Debug",
        "Hash",
        "Self",
    ];

    /// Type names in a spec's `models` module: the prelude, and the type
    /// parameters and local types of the runtime's serde macros
    /// (`object_serde!`, `string_enum_impl!`, `tagged_union_impl!`,
    /// `untagged_union_impl!`), which resolve where the macro is called.
    pub const MODEL_TYPES: &[&str] = &["A", "D", "S", "__Visitor"];

    /// Type names in a spec's module (`mod.rs` and `resources.rs`, whose
    /// namespace structs `mod.rs` glob-imports): its own items and imports.
    pub const MODULE_TYPES: &[&str] = &["Client", "ClientBuilder", "Operations", "Duration"];

    /// Methods of every request struct besides its setters: a field named
    /// `new` gets the setter `new_2`, never the constructor's name.
    pub const STRUCT_METHODS: &[&str] = &["new", "default", "clone", "from", "into"];

    /// Methods of `Operations` (what `Client` derefs to) and of the
    /// namespace structs: the methods of the traits they implement, which a
    /// spec method of the same name would shadow (`client.clone()`), and
    /// `new`, which clippy expects to return `Self`.
    pub const METHODS: &[&str] = &[
        "clone",
        "clone_from",
        "clone_into",
        "fmt",
        "into",
        "from",
        "try_into",
        "try_from",
        "to_owned",
        "borrow",
        "borrow_mut",
        "type_id",
        "deref",
        "eq",
        "ne",
        "new",
    ];

    /// Setter names clippy's `should_implement_trait` takes for an operator
    /// trait's method (`fn add(self, value) -> Self`, the setter's shape):
    /// they get [`METHOD_PREFIX`] (`api_add`).
    pub const SETTER_TRAIT_METHODS: &[&str] =
        &["add", "sub", "mul", "div", "rem", "bitand", "bitor", "bitxor", "shl", "shr"];

    /// Role constructor names `should_implement_trait` takes for a trait's
    /// constructor (`fn from_str(text) -> Self`).
    pub const ROLE_TRAIT_METHODS: &[&str] = &["from_str", "from_iter"];

    /// Name prefixes of `&self` methods that clippy's `wrong_self_convention`
    /// reserves for other receivers.
    pub const METHOD_LINT_PREFIXES: &[&str] = &["from_", "into_"];

    /// Methods of `ClientBuilder` besides the credentials.
    pub const BUILDER_METHODS: &[&str] = &[
        "base_url",
        "header",
        "timeout",
        "max_retries",
        "max_response_bytes",
        "http_client",
        "build",
        "clone",
        "clone_from",
        "fmt",
    ];

    /// Name prefixes of `self` methods (the builder's) that clippy's
    /// `wrong_self_convention` reserves for other receivers.
    pub const BUILDER_LINT_PREFIXES: &[&str] = &["from_", "to_", "as_", "is_"];

    /// What goes in front of a spec method name the registry keeps out (`into` → `api_into`).
    pub const METHOD_PREFIX: &str = "api_";

    /// The argument holding the header parameters' struct.
    pub const HEADERS_ARG: &str = "headers";
    /// The argument holding the request body.
    pub const BODY_ARG: &str = "body";
    /// The argument holding the query parameters' struct.
    pub const QUERY_ARG: &str = "query";

    /// Names a path parameter's argument may not take: the other arguments
    /// of an operation method, `self_`, and the locals the contract
    /// harness's `call!` writes beside the arguments (`client`, `suite`).
    pub const ARGUMENTS: &[&str] = &[BODY_ARG, QUERY_ARG, HEADERS_ARG, "self_", "client", "suite"];

    /// The variant of an open enum or union holding a value the spec does not list.
    pub const UNKNOWN_VARIANT: &str = "Unknown";

    /// The field holding what the tolerant decoder saw (`runtime::ObjectMeta`).
    pub const META_FIELD: &str = "meta";

    /// The field holding a struct's `additionalProperties`.
    pub const EXTRA_FIELD: &str = "extra";

    /// Module names at the crate root (one per spec) and inside a spec's module:
    /// `lib` and `main` are the crate's own files (`src/lib.rs`, and a
    /// `main.rs` module is rustc's `special_module_name`), `src/bin/` holds
    /// cargo's binaries.
    pub const MODULES: &[&str] = &[
        "lib",
        "main",
        "bin",
        "runtime",
        "models",
        "resources",
        "std",
        "core",
        "alloc",
        "serde",
        "serde_json",
        "reqwest",
        "bytes",
        "futures",
        "tokio",
        "tracing",
        "thiserror",
    ];

    /// Every type name a spec type or namespace struct may not take.
    pub fn types() -> Vec<&'static str> {
        PRELUDE.iter().chain(MODEL_TYPES).chain(MODULE_TYPES).copied().collect()
    }
}

/// A module name for a spec file stem: snake case, clear of [`reserved::MODULES`].
pub fn module_ident(stem: &str) -> String {
    // A module is also a directory (`src/<module>/`): `type_`, not `r#type`.
    let name = snake_ident(stem);
    let name = name.strip_prefix("r#").map(|raw| format!("{raw}_")).unwrap_or(name);
    Scope::with_reserved(reserved::MODULES).claim(&name)
}

/// A method name for the snake-case `wanted`, clear of `reserved` names and
/// of `lint_prefixes`: [`reserved::METHOD_PREFIX`] goes in front
/// (`clone` → `api_clone`, `from_file` → `api_from_file`), since a suffix
/// would keep the prefix clippy objects to.
pub fn method_ident(wanted: &str, reserved: &[&str], lint_prefixes: &[&str]) -> String {
    let bare = wanted.strip_prefix("r#").unwrap_or(wanted);
    if reserved.contains(&bare) || lint_prefixes.iter().any(|p| bare.starts_with(p)) {
        format!("{}{bare}", reserved::METHOD_PREFIX)
    } else {
        wanted.to_string()
    }
}

/// Spec text as the ASCII words of an identifier: transliterated
/// (`deunicode`: `m²` → `m2`, `가` → `ga`, `ℌ` → `H`), then every character
/// but a letter, digit or `_` made a word break. ASCII identifiers keep rustc's
/// Unicode lints quiet (`uncommon_codepoints`, `confusable_idents`,
/// `mixed_script_confusables`), need no case Unicode lacks (`ĸ` has no upper
/// case), and two spellings of one name (NFC and not) stay one name, as rustc
/// compares identifiers after NFC. The JSON key is kept in the serde mapping.
fn identifier_words(raw: &str) -> String {
    let ascii = if raw.is_ascii() {
        raw.to_string()
    } else {
        // Breaks first: a mark that transliterates to nothing (U+202E) still parts two words.
        let broken: String = raw.chars().map(|c| if c.is_alphanumeric() { c } else { ' ' }).collect();
        deunicode::deunicode_with_tofu(&broken, " ")
    };
    ascii.chars().map(|c| if c.is_ascii_alphanumeric() || c == '_' { c } else { ' ' }).collect()
}

/// Whether `s` may begin an identifier as it is (not a digit).
fn starts_an_identifier(s: &str) -> bool {
    s.starts_with(|c: char| c == '_' || c.is_ascii_alphabetic())
}

/// Whether `s` is a Rust keyword, strict or reserved (`type`, `self`, `gen`).
pub fn is_keyword(s: &str) -> bool {
    RAW_KEYWORDS.contains(&s) || NON_RAW_KEYWORDS.contains(&s)
}

/// A Rust value identifier (field, method, module) for a spec string.
pub fn snake_ident(raw: &str) -> String {
    let mut s = identifier_words(raw).to_snake_case();
    if s.is_empty() {
        s = "value".into();
    }
    if !starts_an_identifier(&s) {
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
    let mut s = identifier_words(raw).to_upper_camel_case();
    if s.is_empty() {
        s = fallback.to_upper_camel_case();
    }
    // Empty stays empty: callers join words (`operation.rs`) and give `""` as the fallback.
    if !s.is_empty() && !starts_an_identifier(&s) {
        s = format!("V{s}");
    }
    if RESERVED_TYPES.contains(&s.as_str()) {
        s.push_str("Type");
    }
    s
}

/// Longest name given to a hoisted inline schema, in characters.
pub const MAX_HOISTED_NAME: usize = 60;

/// The words of a camel-case name (`FileBatchObject` → `File`, `Batch`, `Object`);
/// digits stay with the word before them.
fn camel_words(name: &str) -> Vec<&str> {
    let mut starts: Vec<usize> = name.char_indices().filter(|(_, c)| c.is_ascii_uppercase()).map(|(i, _)| i).collect();
    if starts.first() != Some(&0) {
        starts.insert(0, 0);
    }
    starts.iter().zip(starts.iter().skip(1).chain([&name.len()])).map(|(&a, &b)| &name[a..b]).collect()
}

/// The name of the one type shared by every inline one-value string enum
/// with this value under a field named alike: the hint's last word, then the
/// value (`function` under `…ToolCallType` → `TypeFunction`, `list` under
/// `…ListObject` → `ObjectList`). It depends on nothing else, so it stays the
/// same as the spec changes around it; word first, it rarely meets the
/// `ParentField` names of other hoisted types.
pub fn shared_constant_name(value: &str, hint: &str) -> String {
    let last = camel_words(hint).last().copied().unwrap_or("Type");
    hoisted_type_name(&format!("{last}{}", camel_ident(value, "Empty")))
}

/// A hoisted type's name from its hint (`Parent` + `Field`): a run of words
/// said twice in a row is said once (`BatchObjectObject` → `BatchObject`),
/// and a name longer than [`MAX_HOISTED_NAME`] keeps its first words (the
/// component it sits in) and its last (what it is), dropping the middle.
pub fn hoisted_type_name(hint: &str) -> String {
    let mut words = camel_words(hint);
    let mut i = 0;
    while i < words.len() {
        let repeat = (1..=3).find(|&k| i + 2 * k <= words.len() && words[i..i + k] == words[i + k..i + 2 * k]);
        match repeat {
            Some(k) => drop(words.drain(i + k..i + 2 * k)),
            None => i += 1,
        }
    }
    let name: String = words.concat();
    if name.len() <= MAX_HOISTED_NAME {
        return name;
    }
    let mut head = 0;
    let mut head_len = 0;
    while head < words.len() && head_len + words[head].len() <= MAX_HOISTED_NAME * 2 / 5 {
        head_len += words[head].len();
        head += 1;
    }
    let mut tail = words.len();
    let mut tail_len = 0;
    while tail > head && head_len + tail_len + words[tail - 1].len() <= MAX_HOISTED_NAME {
        tail_len += words[tail - 1].len();
        tail -= 1;
    }
    let mut out: String = words[..head].concat();
    if tail == words.len() {
        // The last word alone is over the budget (words split only at
        // capitals): as much of it as fits, never an empty name.
        out.extend(words[words.len() - 1].chars().take(MAX_HOISTED_NAME - head_len));
    } else {
        out.push_str(&words[tail..].concat());
    }
    out
}

/// Hands out unique names within one scope, suffixing `2`, `3`, … on collision.
#[derive(Debug, Default, Clone)]
pub struct Scope {
    taken: HashSet<String>,
    renames: Option<ScopeRenames>,
}

/// The config's renames applied as names are claimed (`[rename.types]`).
#[derive(Debug, Default, Clone)]
struct ScopeRenames {
    to: BTreeMap<String, String>,
    used: BTreeSet<String>,
    /// (key, problem) found while claiming.
    clashes: Vec<(String, String)>,
}

impl Scope {
    /// A scope where `reserved` (see [`reserved`]) are already taken.
    pub fn with_reserved(reserved: &[&str]) -> Self {
        Scope { taken: reserved.iter().map(|s| s.to_string()).collect(), renames: None }
    }

    pub fn is_taken(&self, name: &str) -> bool {
        self.taken.contains(name)
    }

    /// A scope that hands out `to[name]` where it would hand out `name`.
    /// The old name stays taken, so a rename never moves another name.
    pub fn with_renames(mut self, to: &BTreeMap<String, String>) -> Self {
        self.renames = (!to.is_empty()).then(|| ScopeRenames { to: to.clone(), ..ScopeRenames::default() });
        self
    }

    /// The renames whose new name was taken or was wanted by another name,
    /// then those that named nothing: (key, problem).
    pub fn rename_problems(&self) -> Vec<(String, String)> {
        let Some(r) = &self.renames else { return Vec::new() };
        let unused = r.to.keys().filter(|k| !r.used.contains(*k)).map(|k| {
            // An inline type named after a renamed one has the new name's words.
            let parent = r.to.iter().filter(|(p, _)| *p != k && k.starts_with(p.as_str())).max_by_key(|(p, _)| p.len());
            let problem = match parent {
                Some((p, new)) => format!(
                    "no type `{k}` is generated: it is named after `{p}`, renamed to `{new}`, so its key is `{new}{}`",
                    &k[p.len()..]
                ),
                None => {
                    format!("no type `{k}` is generated from this spec (keys are names as generated without renames)")
                }
            };
            (k.clone(), problem)
        });
        // A clash explains an "unused" key it caused (a swap `A → B`, `B → A`): clashes first.
        r.clashes.iter().cloned().chain(unused).collect()
    }

    /// [`Scope::claim_plain`], then the config's rename of the result, if any.
    pub fn claim(&mut self, name: &str) -> String {
        let claimed = self.claim_plain(name);
        let Some(r) = &mut self.renames else { return claimed };
        if let Some(new) = r.to.get(&claimed).cloned() {
            r.used.insert(claimed.clone());
            if new == claimed {
                return claimed;
            }
            if !self.taken.insert(new.clone()) {
                r.clashes.push((claimed, format!("`{new}` is already the name of another type")));
            }
            return new;
        }
        if claimed != name {
            if let Some((key, _)) = r.to.iter().find(|(_, new)| *new == name) {
                r.clashes.push((key.clone(), format!("`{name}` is also a name the spec wants for another type")));
            }
        }
        claimed
    }

    /// `name` if free, else the first free `name2`, `name3`, … (`name_2` for snake case).
    pub fn claim_plain(&mut self, name: &str) -> String {
        if self.taken.insert(name.to_string()) {
            return name.to_string();
        }
        let sep = if name.contains('_') || name.starts_with(|c: char| c.is_ascii_lowercase()) { "_" } else { "" };
        // `self_` (an escaped keyword) becomes `self_2`, not the non-snake-case `self__2`.
        let base = name.strip_prefix("r#").unwrap_or(name);
        let (base, sep) = match base.strip_suffix('_') {
            Some(trimmed) if !trimmed.is_empty() => (trimmed, "_"),
            _ => (base, sep),
        };
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
    fn hoisted_names_say_a_word_once_and_stay_short() {
        assert_eq!(hoisted_type_name("VectorStoreFileBatchObjectObject"), "VectorStoreFileBatchObject");
        assert_eq!(hoisted_type_name("ResponseTextText"), "ResponseText");
        assert_eq!(hoisted_type_name("ChunkingStrategyChunkingStrategyStatic"), "ChunkingStrategyStatic");
        let long =
            "CreateAssistantRequestToolResourcesFileSearchVectorStoresItemChunkingStrategyStaticChunkingStrategyStatic";
        let short = hoisted_type_name(long);
        assert!(short.len() <= MAX_HOISTED_NAME, "{short}");
        assert!(short.starts_with("CreateAssistantRequest") && short.ends_with("StrategyStatic"), "{short}");
        assert_eq!(hoisted_type_name("Gpt4oAudio"), "Gpt4oAudio");
        // No word fits: the name is cut, never emptied.
        let one_word = format!("Thing{}", "e".repeat(100));
        assert_eq!(hoisted_type_name(&one_word), one_word[..MAX_HOISTED_NAME]);
        let long_last = format!("Unit{one_word}");
        assert_eq!(hoisted_type_name(&long_last), long_last[..MAX_HOISTED_NAME]);
    }

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
    fn identifiers_are_ascii_words_of_the_spec_text() {
        assert_eq!(camel_ident("m²", "v"), "M2");
        assert_eq!(camel_ident("½ price", "v"), "V12Price");
        assert_eq!(snake_ident("x³y"), "x3y");
        assert_eq!(snake_ident("가"), "ga");
        // NFC and decomposed spellings of one name give one identifier.
        assert_eq!(snake_ident("\u{1100}\u{1161}"), snake_ident("가"));
        assert_eq!(snake_ident("٣d"), "n3d");
        assert_eq!(camel_ident("é", "v"), "E");
        // `ĸ` has no upper case; its transliteration does.
        assert!(camel_ident("ĸa", "v").starts_with(|c: char| c.is_ascii_uppercase()));
        for raw in ["m²", "½ price", "x³y", "①", "٣d", "é", "Ⅻ", "ǅx", "a\u{200d}b", "а", "ϒx", "𝔸bc", "😀"]
        {
            for name in [snake_ident(raw), camel_ident(raw, "v")] {
                assert!(name.is_ascii(), "{raw:?} → {name:?}");
                let bare = name.trim_start_matches("r#");
                assert!(syn::parse_str::<syn::Ident>(bare).is_ok(), "{raw:?} → {name:?}");
            }
        }
    }

    #[test]
    fn registry_names_move_aside() {
        let methods = |name| method_ident(name, reserved::METHODS, reserved::METHOD_LINT_PREFIXES);
        assert_eq!(methods("clone"), "api_clone");
        assert_eq!(methods("new"), "api_new");
        assert_eq!(methods("from_file"), "api_from_file");
        assert_eq!(methods("into_list"), "api_into_list");
        assert_eq!(methods("files"), "files");
        assert_eq!(methods("r#type"), "r#type");
        let builder = |name| method_ident(name, &[], reserved::BUILDER_LINT_PREFIXES);
        assert_eq!(builder("is_admin"), "api_is_admin");
        assert_eq!(builder("virtual_key"), "virtual_key");
        assert_eq!(module_ident("runtime"), "runtime_2");
        assert_eq!(module_ident("open-ai"), "open_ai");
        let mut types = Scope::with_reserved(&reserved::types());
        assert_eq!(types.claim("D"), "D2");
        assert_eq!(types.claim("Default"), "Default2");
        assert_eq!(types.claim("Pet"), "Pet");
    }

    #[test]
    fn scope_suffixes_collisions() {
        let mut scope = Scope::default();
        assert_eq!(scope.claim("Foo"), "Foo");
        assert_eq!(scope.claim("Foo"), "Foo2");
        assert_eq!(scope.claim("foo_bar"), "foo_bar");
        assert_eq!(scope.claim("foo_bar"), "foo_bar_2");
        assert_eq!(scope.claim("self_"), "self_");
        assert_eq!(scope.claim("self_"), "self_2");
    }
}
