//! IR types → `models.rs`: serde structs, open enums, unions, aliases.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::{doc_text, spaced_lines, type_doc_text};
use super::features::{cfg, cfg_line, gate};
use super::source::{string, Source};
use super::types::{ident, model_type, rust_type};
use super::Code;
use crate::ir::*;
use crate::markdown::code;

/// Types (and, later in the file, builders) per piece of the models file:
/// small enough to spread over the cores, large enough that a piece's work
/// dominates its overhead.
const TYPES_PER_PIECE: usize = 150;

/// The types of `part` of a split spec (`None`: all of them) as pieces
/// built in parallel (`super::format_all`): the declarations and builders
/// written as text, pages and helpers as tokens to format; their
/// texts, joined in order after the caller's head, are the file. A type's
/// builders, `Page` impl and helpers go with it; the constant markers go
/// with the shared part; the media enums (which only operations name) are
/// the caller's.
pub fn model_pieces(api: &Api, part: Option<usize>) -> Vec<super::Piece<'_>> {
    let in_part = move |id: TypeId| match (part, &api.parts) {
        (Some(part), Some(parts)) => parts.of(id) == part,
        _ => true,
    };
    let types: Vec<(TypeId, &TypeDef)> = api.types.iter().filter(|(id, _)| in_part(*id)).collect();
    let mut pieces: Vec<super::Piece<'_>> = Vec::new();
    for chunk in types.chunks(TYPES_PER_PIECE) {
        let chunk = chunk.to_vec();
        pieces.push(Box::new(move || {
            let mut out = Source::default();
            for (_, def) in &chunk {
                type_def(&mut out, def, &api.types);
            }
            Ok(Code::Text(out.finish()))
        }));
    }
    if part.unwrap_or(parts::SHARED) == parts::SHARED {
        pieces.push(Box::new(move || {
            let mut out = Source::default();
            constant_markers(&mut out, api);
            Ok(Code::Text(out.finish()))
        }));
    }
    let listed = types.clone();
    pieces.push(Box::new(move || {
        let pages = listed.iter().filter_map(|(_, def)| Some(gate(&cfg(&def.features), page_impl(&api.types, def)?)));
        Ok(quote! { #(#pages)* }.into())
    }));
    // The builders are as much code as the types: one piece they would keep
    // one core busy long after the other has finished.
    let conveniences: Vec<(TypeId, &TypeDef)> =
        types.iter().copied().filter(|(id, _)| api.conveniences.contains_key(id)).collect();
    for chunk in conveniences.chunks(TYPES_PER_PIECE) {
        let chunk = chunk.to_vec();
        pieces.push(Box::new(move || {
            let mut out = Source::default();
            super::builders::builders(&mut out, api, chunk.iter().copied());
            Ok(Code::Text(out.finish()))
        }));
    }
    pieces.push(Box::new(move || {
        let media = if part.is_none() { super::media::media_enums(api) } else { TokenStream::new() };
        let helpers = super::helpers::helpers(api, &in_part);
        Ok(quote! {
            #media
            #helpers
        }
        .into())
    }));
    pieces
}

/// The models module of a split spec: every type crate re-exported, then
/// the media enums (`crates` are the type crates, in build order).
pub fn reexports<'a>(api: &'a Api, crates: &'a [super::crates::SideCrate]) -> Vec<super::Piece<'a>> {
    vec![Box::new(move || {
        let crates = crates.iter().map(|c| ident(&c.lib));
        let media = super::media::media_enums(api);
        Ok(quote! {
            //! Types of the API's schemas, requests and responses, compiled in
            //! type crates cargo builds side by side, and re-exported here.
            #(pub use #crates::*;)*
            #media
        }
        .into())
    })]
}

/// The declaration of `def` and its serde impls, each item behind the type's
/// features.
fn type_def(out: &mut Source, def: &TypeDef, types: &Types) {
    let cfg = cfg_line(&def.features);
    let cfg = cfg.as_deref();
    let name = def.name.as_str();
    let doc = type_docs_or_origin(def);
    out.cfg(cfg);
    out.docs(&doc);
    match &def.kind {
        TypeKind::Struct(s) => {
            // Plain structs get compact serde impls (see `serde_impls`);
            // flattened members need serde's buffering, so they keep the derives.
            let compact = s.named_only();
            // Only what servers send is read tolerantly and carries `meta`; request-only structs read strictly.
            let tolerant = has_meta(def, s);
            let default = if def.derives_default { "Default, " } else { "" };
            if compact {
                if !doc.is_empty() {
                    out.doc("");
                }
                for line in if tolerant { &TOLERANT_DOC[..] } else { &STRICT_DOC[..] } {
                    out.doc(line);
                }
                // `object_serde!` also writes `Debug` and `PartialEq`, through the same walk over the fields.
                out.line(if def.derives_default { "#[derive(Clone, Default)]" } else { "#[derive(Clone)]" });
            } else {
                out.line(format!("#[derive(Debug, Clone, PartialEq, {default}serde::Serialize, serde::Deserialize)]"));
            }
            out.block(format!("pub struct {name}"), "", |out| {
                for f in &s.fields {
                    field(out, types, f, !compact);
                }
                if let Some(ty) = &s.additional {
                    out.doc(" Properties beyond the named ones.");
                    out.line("#[serde(flatten)]");
                    out.line(format!("pub extra: std::collections::BTreeMap<String, {}>,", model_type(types, ty)));
                }
                if tolerant {
                    for line in META_DOC {
                        out.doc(line);
                    }
                    out.line("pub meta: crate::runtime::ObjectMeta,");
                }
            });
            out.cfg(cfg);
            if compact {
                serde_impls(out, name, s, def.decoded);
            } else {
                // Every struct has a filler: a parent of either form is read into one.
                filler_impl(out, name, s);
            }
        }
        TypeKind::Enum(e) if e.single_value().is_some() => {
            out.line(format!("pub type {name} = crate::runtime::Constant<constants::{name}>;"));
        }
        TypeKind::Enum(e) => {
            // A constant's default is the spec's value: what a new value serializes as.
            let default = if e.constant { ", Default" } else { "" };
            out.line(format!("#[derive(Debug, Clone, PartialEq, Hash{default})]"));
            out.block(format!("pub enum {name}"), "", |out| {
                for (i, v) in e.variants.iter().enumerate() {
                    out.doc(&format!(" `\"{}\"`", v.value.replace('`', "'")));
                    if e.constant && i == 0 {
                        out.line("#[default]");
                    }
                    out.line(format!("{},", v.rust_name));
                }
                out.doc(if e.open {
                    " Any other value: the spec allows any string here."
                } else {
                    " A value this version of the spec does not list."
                });
                out.line("Unknown(String),");
            });
            let mapping: Vec<String> =
                e.variants.iter().map(|v| format!("{} = {}", v.rust_name, string(&v.value))).collect();
            out.cfg(cfg);
            out.macro_call(
                "crate::string_enum_impl",
                &format!("{name}{}", if e.open { " open" } else { "" }),
                &mapping,
            );
        }
        TypeKind::Union(u) => union(out, name, u, types, cfg),
        TypeKind::Alias(ty) => out.line(format!("pub type {name} = {};", model_type(types, ty))),
    }
}

/// The markers of the constants (`runtime::ConstantValue`), in a module of
/// their own so that each can carry its type's name. Not feature-gated: an
/// uninhabited enum with one `const` costs the compiler next to nothing.
fn constant_markers(out: &mut Source, api: &Api) {
    let constants: Vec<(&str, &str)> = api
        .types
        .values()
        .filter_map(|def| match &def.kind {
            TypeKind::Enum(e) => Some((def.name.as_str(), e.single_value()?)),
            _ => None,
        })
        .collect();
    if constants.is_empty() {
        return;
    }
    out.doc(" The markers of the constant types (`runtime::Constant<constants::Name>`): one per constant.");
    out.line("#[doc(hidden)]");
    out.block("pub mod constants", "", |out| {
        for (name, value) in constants {
            out.doc(&format!(" The value of `{name}`: {}.", code(&format!("{value:?}"))));
            out.line(format!("pub enum {name} {{}}"));
            out.block(format!("impl crate::runtime::ConstantValue for {name}"), "", |out| {
                out.line(format!("const VALUE: &'static str = {};", string(value)));
            });
        }
    });
}

/// The docs of `meta`, on every struct read tolerantly.
const META_DOC: [&str; 3] = [
    " What the server sent beyond the spec: undeclared keys (written back on serialize) and",
    " required fields it left out, sent as `null` or as another JSON type, which hold a",
    " filler (empty, zero, `Unknown`); see `runtime::ObjectMeta`. Empty when it matched.",
];

/// What the two layers of an optional, nullable field's `Option<Option<T>>` mean.
const OPTIONAL_NULLABLE_DOC: &str =
    " `None`: the key is absent; `Some(None)`: it is `null`; `Some(Some(value))`: a value.";

/// The decoding policy, on every struct's docs: the client's reading
/// (`runtime::client_decode`) is tolerant, a plain serde one follows the spec.
const TOLERANT_DOC: [&str; 3] = [
    " The client decodes it tolerantly unless `runtime::set_strict(true)`: see `meta`.",
    " `serde_json::from_*` reads it as the spec says (a required key missing, `null` or of",
    " another JSON type is an error); `runtime::decode_json` reads it as the client does.",
];
/// The policy of a struct no response reaches (a request body's, say).
const STRICT_DOC: [&str; 1] = [" No response reaches this type: always read strictly (undeclared keys are skipped)."];

/// `Filler` for a struct that keeps serde's derives: every field filled.
fn filler_impl(out: &mut Source, name: &str, s: &Struct) {
    if s.fields.iter().any(|f| f.docs.deprecated) {
        out.line("#[allow(deprecated)]");
    }
    filler_head(out, name, |out| {
        out.block(name, "", |out| {
            for f in &s.fields {
                out.line(format!("{}: crate::runtime::Filler::filler(),", f.rust_name));
            }
            if s.additional.is_some() {
                out.line("extra: Default::default(),");
            }
        });
    });
}

/// `impl Filler for name` whose `filler()` body `body` writes.
fn filler_head(out: &mut Source, name: &str, body: impl FnOnce(&mut Source)) {
    out.block(format!("impl crate::runtime::Filler for {name}"), "", |out| {
        out.line("#[inline]");
        out.block("fn filler() -> Self", "", body);
    });
}

/// A struct field; `serde_attrs` for the derives (the compact impls need none).
fn field(out: &mut Source, types: &Types, f: &Field, serde_attrs: bool) {
    let mut ty = model_type(types, &f.ty);
    if f.boxed {
        ty = format!("Box<{ty}>");
    }
    if f.docs.title.is_some() || f.docs.description.is_some() {
        out.docs(&spaced_lines(&doc_text(&f.docs)));
    } else {
        // The spec says nothing: name the JSON key, and the type whose docs say more.
        let key = f.json_name.replace('`', "'");
        out.doc(&match (&f.ty, f.flatten) {
            (Type::Named(n), true) => format!(" The fields of [`{}`], in the same JSON object.", types.name(*n)),
            (_, true) => " Fields in the same JSON object.".to_string(),
            (Type::Named(n), false) => format!(" The `{key}` key: [`{}`].", types.name(*n)),
            (_, false) => format!(" The `{key}` key."),
        });
    }
    if f.docs.deprecated {
        out.line("#[deprecated]");
    }
    if f.flatten {
        out.line("#[serde(flatten)]");
        out.line(format!("pub {}: {ty},", f.rust_name));
        return;
    }
    if let Some(value) = &f.default {
        out.doc("");
        out.doc(&format!(" Default: {}.", code(&value.to_string())));
    }
    let access = match (f.read_only, f.write_only) {
        (true, _) => Some(" Read-only: set by the server, never sent in a request."),
        (_, true) => Some(" Write-only: sent in requests, never in an answer (so optional here)."),
        _ => None,
    };
    if let Some(line) = access {
        out.doc("");
        out.doc(line);
    }
    let presence = f.presence();
    if presence == Presence::OptionalNullable {
        out.doc("");
        out.doc(OPTIONAL_NULLABLE_DOC);
    }
    let (ty, attrs) = match presence {
        Presence::OptionalNullable => (
            format!("Option<Option<{ty}>>"),
            r#"default, skip_serializing_if = "Option::is_none", with = "crate::runtime::double_option""#,
        ),
        Presence::Required => (ty, ""),
        // `null` is sent and received as `None`.
        Presence::Nullable => (format!("Option<{ty}>"), ""),
        Presence::Optional => (format!("Option<{ty}>"), r#"default, skip_serializing_if = "Option::is_none""#),
    };
    let attrs = match (f.read_only, presence) {
        (true, Presence::Optional) => "default, skip_serializing",
        (true, _) => "skip_serializing",
        (false, _) => attrs,
    };
    if serde_attrs {
        if f.rust_name.trim_start_matches("r#") != f.json_name {
            out.line(format!("#[serde(rename = {})]", string(&f.json_name)));
        }
        if !attrs.is_empty() {
            out.line(format!("#[serde({attrs})]"));
        }
    }
    out.line(format!("pub {}: {ty},", f.rust_name));
}

/// `Serialize` and `Deserialize` for a struct of named fields through the
/// runtime's `object_serde!`: serde's derives write and read the same, in far
/// more code.
/// `tolerant` for what servers send (`meta`), else the strict form.
fn serde_impls(out: &mut Source, name: &str, s: &Struct, tolerant: bool) {
    let fields: Vec<String> = s
        .fields
        .iter()
        .enumerate()
        .map(|(index, f)| {
            let kind = match (f.presence(), f.read_only) {
                (Presence::Required, true) => "read_only",
                (_, true) => "read_only_optional",
                (Presence::Required, false) => "required",
                (Presence::Nullable, false) => "nullable",
                (Presence::Optional, false) => "optional",
                (Presence::OptionalNullable, false) => "optional_nullable",
            };
            format!("{index} {} => {} {kind}", string(&f.json_name), f.rust_name)
        })
        .collect();
    // Building the struct names its deprecated fields; that use is not the caller's (serde's derive does the same).
    let allow_deprecated = if s.fields.iter().any(|f| f.docs.deprecated) { "#[allow(deprecated)] " } else { "" };
    let strict = if tolerant { "" } else { "strict " };
    out.macro_call("crate::object_serde", &format!("{allow_deprecated}{strict}{name}"), &fields);
}

fn union(out: &mut Source, name: &str, u: &Union, types: &Types, cfg: Option<&str>) {
    let variant = |out: &mut Source, v: &UnionVariant| {
        let ty = model_type(types, &v.ty);
        out.doc(&variant_doc(v, types));
        if v.boxed {
            out.line(format!("{}(Box<{ty}>),", v.rust_name));
        } else {
            out.line(format!("{}({ty}),", v.rust_name));
        }
    };
    if let Some(tag) = &u.tag {
        out.line("#[derive(Debug, Clone, PartialEq)]");
        out.block(format!("pub enum {name}"), "", |out| {
            for v in &u.variants {
                variant(out, v);
            }
            out.doc(" A variant this version of the spec does not list.");
            out.line("Unknown(serde_json::Value),");
        });
        let mapping: Vec<String> = u
            .variants
            .iter()
            .map(|v| {
                let aliases: String = v.tag_aliases.iter().map(|a| format!(" | {}", string(a))).collect();
                let add = if v.adds_tag { " [add_tag]" } else { "" };
                format!("{} = {}{aliases}{add}", v.rust_name, string(v.tag_value.as_deref().unwrap_or_default()))
            })
            .collect();
        out.cfg(cfg);
        out.macro_call("crate::tagged_union_impl", &format!("{name}, {}", string(tag)), &mapping);
        return;
    }
    out.line("#[derive(Debug, Clone, PartialEq, serde::Serialize)]");
    out.line("#[serde(untagged)]");
    out.block(format!("pub enum {name}"), "", |out| {
        for v in &u.variants {
            variant(out, v);
        }
    });
    let strings = |values: &[String]| values.iter().map(|v| string(v)).collect::<Vec<_>>().join(", ");
    let candidates: Vec<String> = u
        .variants
        .iter()
        .map(|v| {
            let candidate = match (&v.keys, &v.format) {
                (Some(keys), _) => {
                    format!("{} = [{}] / [{}]", v.rust_name, strings(&keys.fields), strings(&keys.required))
                }
                (None, Some(format)) => format!("{} ~ {}", v.rust_name, string(format)),
                (None, None) => v.rust_name.clone(),
            };
            match (&u.dispatch, &v.tag_value) {
                (Some(_), Some(value)) => format!("{candidate} @ {}", string(value)),
                _ => candidate,
            }
        })
        .collect();
    let head = match &u.dispatch {
        Some(prop) => format!("{name}, {}", string(prop)),
        None => name.to_string(),
    };
    out.cfg(cfg);
    out.macro_call("crate::untagged_union_impl", &head, &candidates);
    if u.display {
        out.cfg(cfg);
        out.doc(" The value as the spec's string (for path and query parameters).");
        out.block(format!("impl std::fmt::Display for {name}"), "", |out| {
            out.line("#[inline]");
            out.block("fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result", "", |out| {
                out.block("match self", "", |out| {
                    for v in &u.variants {
                        out.line(format!("Self::{}(value) => std::fmt::Display::fmt(value, f),", v.rust_name));
                    }
                });
            });
        });
    }
    if let Some(variant) = &u.filler {
        out.cfg(cfg);
        filler_head(out, name, |out| out.line(format!("Self::{variant}(crate::runtime::Filler::filler())")));
    }
}

/// A variant's doc line: the title of its type, else what it holds (and its tag value).
fn variant_doc(v: &UnionVariant, types: &Types) -> String {
    let title = match &v.ty {
        Type::Named(n) => types.get(*n).and_then(|d| d.docs.title.as_deref()),
        _ => None,
    };
    match (title, &v.tag_value) {
        (Some(t), _) => format!(" {}", super::docs::one_line(t)),
        (None, Some(tag)) => format!(" {}, tagged `{}`.", holds(types, &v.ty), tag.replace('`', "'")),
        (None, None) => format!(" {}.", holds(types, &v.ty)),
    }
}

/// "A [`Thing`]" for a named type (a link rustdoc resolves in `models`), else its Rust type in code.
fn holds(types: &Types, ty: &Type) -> String {
    match ty {
        Type::Named(n) => format!("A [`{}`]", types.name(*n)),
        other => format!("A `{}`", model_type(types, other).replace(' ', "")),
    }
}

/// A type's doc lines, or a line naming the schema it comes from when the spec gives none.
fn type_docs_or_origin(def: &TypeDef) -> Vec<String> {
    if def.docs.title.is_some() || def.docs.description.is_some() || def.docs.deprecated {
        return spaced_lines(&type_doc_text(&def.docs));
    }
    vec![format!(" The schema at `{}` (the spec gives no description).", def.origin.replace('`', "'"))]
}

/// `impl runtime::Page` for the list answers the IR marks (`Struct::page`).
fn page_impl(types: &Types, def: &TypeDef) -> Option<TokenStream> {
    let TypeKind::Struct(Struct { page: Some(page), .. }) = &def.kind else { return None };
    let (name, item_ty, data_name, has_more_name) =
        (ident(&def.name), rust_type(types, &page.item, ""), ident(&page.data), ident(&page.has_more));
    let has_more_expr = if page.has_more_always {
        quote! { self.#has_more_name }
    } else {
        quote! { self.#has_more_name.unwrap_or(false) }
    };
    let next = match &page.cursor {
        Cursor::LastId { field, always: true } => {
            let n = ident(field);
            quote! { Some(self.#n.clone()) }
        }
        Cursor::LastId { field, always: false } => {
            let n = ident(field);
            quote! { self.#n.clone() }
        }
        Cursor::ItemId { field } => {
            let id = ident(field);
            quote! { self.#data_name.last().map(|item| item.#id.clone()) }
        }
    };
    Some(quote! {
        impl crate::runtime::Page for #name {
            type Item = #item_ty;
            #[inline]
            fn into_items(self) -> Vec<Self::Item> {
                self.#data_name
            }
            #[inline]
            fn has_more(&self) -> bool {
                #has_more_expr
            }
            #[inline]
            fn next_after(&self) -> Option<String> {
                #next
            }
        }
    })
}

/// Whether the struct carries the `meta` field: decoded from servers (the
/// IR's `decoded`) and read by the compact, tolerant serde impls.
pub(super) fn has_meta(def: &TypeDef, s: &Struct) -> bool {
    s.named_only() && def.decoded
}
