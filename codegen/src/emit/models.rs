//! IR types → `models.rs`: serde structs, open enums, unions, aliases.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::{doc_literal, docs, type_docs};
use super::features::{cfg, gate};
use super::types::{ident, rust_type};
use crate::ir::*;

/// Types (and, later in the file, builders) per piece of the models file:
/// small enough to spread over the cores, large enough that a piece's parse
/// and print dominate its overhead.
const TYPES_PER_PIECE: usize = 150;

/// The types of `part` of a split spec (`None`: all of them) as pieces
/// emitted, parsed and printed in parallel (`super::format_all`); their
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
            let items = chunk.iter().map(|(_, def)| gate(&cfg(&def.features), type_def(def, &api.types)));
            Ok(quote! { #(#items)* })
        }));
    }
    if part.unwrap_or(parts::SHARED) == parts::SHARED {
        pieces.push(Box::new(move || Ok(constant_markers(api))));
    }
    let listed = types.clone();
    pieces.push(Box::new(move || {
        let pages = listed.iter().filter_map(|(_, def)| Some(gate(&cfg(&def.features), page_impl(&api.types, def)?)));
        Ok(quote! { #(#pages)* })
    }));
    // The builders are as much code as the types: one piece they would keep
    // one core busy long after the other has finished.
    let conveniences: Vec<(TypeId, &TypeDef)> =
        types.iter().copied().filter(|(id, _)| api.conveniences.contains_key(id)).collect();
    for chunk in conveniences.chunks(TYPES_PER_PIECE) {
        let chunk = chunk.to_vec();
        pieces.push(Box::new(move || Ok(super::builders::builders(api, chunk.iter().copied()))));
    }
    pieces.push(Box::new(move || {
        let media = if part.is_none() { super::media::media_enums(api) } else { TokenStream::new() };
        let helpers = super::helpers::helpers(api, &in_part);
        Ok(quote! {
            #media
            #helpers
        })
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
        })
    })]
}

fn type_def(def: &TypeDef, types: &Types) -> TokenStream {
    let name = ident(&def.name);
    let doc = type_docs_or_origin(def);
    let none = TokenStream::new();
    match &def.kind {
        TypeKind::Struct(s) => {
            let derive_default = def.derives_default.then(|| quote! { Default, });
            // Plain structs get compact serde impls (see `serde_impls`);
            // flattened members need serde's buffering, so they keep the derives.
            let compact = s.named_only();
            let fields = s.fields.iter().map(|f| field(types, f, !compact));
            let extra = s.additional.as_ref().map(|ty| {
                let ty = rust_type(types, ty, &none);
                quote! {
                    /// Properties beyond the named ones.
                    #[serde(flatten)]
                    pub extra: std::collections::BTreeMap<String, #ty>,
                }
            });
            // Only what servers send is read tolerantly and carries `meta`; request-only structs read strictly.
            let tolerant = has_meta(def, s);
            // `object_serde!` also writes `Debug` and `PartialEq`, through the same walk over the fields.
            let (derives, serde_impls) = if compact {
                (quote! { Clone, #derive_default }, serde_impls(&def.name, s, def.decoded))
            } else {
                // Every struct has a filler: a parent of either form is read into one.
                (
                    quote! { Debug, Clone, PartialEq, #derive_default serde::Serialize, serde::Deserialize },
                    filler_impl(&def.name, s),
                )
            };
            let meta = tolerant.then(|| {
                let meta_doc = META_DOC.map(doc_literal);
                quote! {
                    #(#[doc = #meta_doc])*
                    pub meta: crate::runtime::ObjectMeta,
                }
            });
            let policy = compact.then(|| {
                let gap = (!doc.is_empty()).then(|| quote! { #[doc = ""] });
                let line = doc_literal(if tolerant { TOLERANT_DOC } else { STRICT_DOC });
                quote! { #gap #[doc = #line] }
            });
            quote! {
                #doc
                #policy
                #[derive(#derives)]
                pub struct #name {
                    #(#fields)*
                    #extra
                    #meta
                }
                #serde_impls
            }
        }
        TypeKind::Enum(e) if e.single_value().is_some() => quote! {
            #doc
            pub type #name = crate::runtime::Constant<constants::#name>;
        },
        TypeKind::Enum(e) => {
            // A constant's default is the spec's value: what a new value serializes as.
            let derive_default = e.constant.then(|| quote! { , Default });
            let variants = e.variants.iter().enumerate().map(|(i, v)| {
                let rust = ident(&v.rust_name);
                let default = (e.constant && i == 0).then(|| quote! { #[default] });
                let doc = doc_literal(&format!(" `\"{}\"`", v.value.replace('`', "'")));
                quote! { #[doc = #doc] #default #rust, }
            });
            let mapping = e.variants.iter().map(|v| {
                let rust = ident(&v.rust_name);
                let value = &v.value;
                quote! { #rust = #value }
            });
            let (other_doc, open) = if e.open {
                (" Any other value: the spec allows any string here.", quote! { open })
            } else {
                (" A value this version of the spec does not list.", quote! {})
            };
            let other_doc = doc_literal(other_doc);
            quote! {
                #doc
                #[derive(Debug, Clone, PartialEq, Hash #derive_default)]
                pub enum #name {
                    #(#variants)*
                    #[doc = #other_doc]
                    Unknown(String),
                }
                crate::string_enum_impl!(#name #open { #(#mapping),* });
            }
        }
        TypeKind::Union(u) => union(def, u, types),
        TypeKind::Alias(ty) => {
            let ty = rust_type(types, ty, &none);
            quote! {
                #doc
                pub type #name = #ty;
            }
        }
    }
}

/// The markers of the constants (`runtime::ConstantValue`), in a module of
/// their own so that each can carry its type's name. Not feature-gated: an
/// uninhabited enum with one `const` costs the compiler next to nothing.
fn constant_markers(api: &Api) -> TokenStream {
    let markers = api.types.values().filter_map(|def| {
        let TypeKind::Enum(e) = &def.kind else { return None };
        let value = e.single_value()?;
        let name = ident(&def.name);
        let doc = doc_literal(&format!(" The value of `{}`: `{value:?}`.", def.name));
        Some(quote! {
            #[doc = #doc]
            pub enum #name {}
            impl crate::runtime::ConstantValue for #name {
                const VALUE: &'static str = #value;
            }
        })
    });
    let markers: Vec<TokenStream> = markers.collect();
    if markers.is_empty() {
        return TokenStream::new();
    }
    quote! {
        /// The markers of the constant types (`runtime::Constant<constants::Name>`): one per constant.
        #[doc(hidden)]
        pub mod constants {
            #(#markers)*
        }
    }
}

/// The docs of `meta`, on every struct read tolerantly.
const META_DOC: [&str; 3] = [
    " What the server sent beyond the spec: undeclared keys (written back on serialize) and",
    " required fields it left out, sent as `null` or as another JSON type, which hold a",
    " filler (empty, zero, `Unknown`); see `runtime::ObjectMeta`. Empty when it matched.",
];

/// The decoding policy, on every struct's docs.
const TOLERANT_DOC: &str = " Decoded tolerantly unless `runtime::set_strict(true)`: see `meta`.";
/// The policy of a struct no response reaches (a request body's, say).
const STRICT_DOC: &str = " No response reaches this type: always read strictly (undeclared keys are skipped).";

/// `Filler` for a struct that keeps serde's derives: every field filled.
fn filler_impl(type_name: &str, s: &Struct) -> TokenStream {
    let name = ident(type_name);
    let fields = s.fields.iter().map(|f| ident(&f.rust_name));
    let extra = s.additional.as_ref().map(|_| quote! { extra: Default::default(), });
    let allow_deprecated = s.fields.iter().any(|f| f.docs.deprecated).then(|| quote! { #[allow(deprecated)] });
    quote! {
        #allow_deprecated
        impl crate::runtime::Filler for #name {
            #[inline]
            fn filler() -> Self {
                #name { #(#fields: crate::runtime::Filler::filler(),)* #extra }
            }
        }
    }
}

/// A struct field; `serde_attrs` for the derives (the compact impls need none).
fn field(types: &Types, f: &Field, serde_attrs: bool) -> TokenStream {
    let none = TokenStream::new();
    let name = ident(&f.rust_name);
    let mut ty = rust_type(types, &f.ty, &none);
    if f.boxed {
        ty = quote! { Box<#ty> };
    }
    let doc = if f.docs.title.is_some() || f.docs.description.is_some() {
        docs(&f.docs)
    } else {
        // The spec says nothing: name the JSON key, and the type whose docs say more.
        let deprecated = f.docs.deprecated.then(|| quote! { #[deprecated] });
        let key = f.json_name.replace('`', "'");
        let line = match (&f.ty, f.flatten) {
            (Type::Named(n), true) => format!(" The fields of [`{}`], in the same JSON object.", types.name(*n)),
            (_, true) => " Fields in the same JSON object.".to_string(),
            (Type::Named(n), false) => format!(" The `{key}` key: [`{}`].", types.name(*n)),
            (_, false) => format!(" The `{key}` key."),
        };
        let line = doc_literal(&line);
        quote! { #[doc = #line] #deprecated }
    };
    let default_doc = f.default.as_ref().map(|v| {
        let line = doc_literal(&format!(" Default: `{v}`."));
        quote! { #[doc = ""] #[doc = #line] }
    });
    let access_doc = match (f.read_only, f.write_only) {
        (true, _) => Some(" Read-only: set by the server, never sent in a request."),
        (_, true) => Some(" Write-only: sent in requests, never in an answer (so optional here)."),
        _ => None,
    }
    .map(|line| {
        let line = doc_literal(line);
        quote! { #[doc = ""] #[doc = #line] }
    });
    if f.flatten {
        return quote! {
            #doc
            #[serde(flatten)]
            pub #name: #ty,
        };
    }
    let rename = (f.rust_name.trim_start_matches("r#") != f.json_name).then(|| {
        let json = &f.json_name;
        quote! { #[serde(rename = #json)] }
    });
    let (ty, mut attrs) = match f.presence() {
        Presence::OptionalNullable => (
            quote! { Option<Option<#ty>> },
            quote! { #[serde(default, skip_serializing_if = "Option::is_none", with = "crate::runtime::double_option")] },
        ),
        Presence::Required => (ty, quote! {}),
        // `null` is sent and received as `None`.
        Presence::Nullable => (quote! { Option<#ty> }, quote! {}),
        Presence::Optional => {
            (quote! { Option<#ty> }, quote! { #[serde(default, skip_serializing_if = "Option::is_none")] })
        }
    };
    if f.read_only {
        attrs = match f.presence() {
            Presence::Optional => quote! { #[serde(default, skip_serializing)] },
            _ => quote! { #[serde(skip_serializing)] },
        };
    }
    let serde_attrs = serde_attrs.then(|| quote! { #rename #attrs });
    quote! {
        #doc
        #default_doc
        #access_doc
        #serde_attrs
        pub #name: #ty,
    }
}

/// `Serialize` and `Deserialize` for a struct of named fields through the
/// runtime's `object_serde!`: serde's derives write and read the same, in far
/// more code.
/// `tolerant` for what servers send (`meta`), else the strict form.
fn serde_impls(type_name: &str, s: &Struct, tolerant: bool) -> TokenStream {
    let name = ident(type_name);
    let fields = s.fields.iter().enumerate().map(|(index, f)| {
        let index = proc_macro2::Literal::usize_unsuffixed(index);
        let key = &f.json_name;
        let field = ident(&f.rust_name);
        let kind = match (f.presence(), f.read_only) {
            (Presence::Required, true) => quote! { read_only },
            (_, true) => quote! { read_only_optional },
            (Presence::Required, false) => quote! { required },
            (Presence::Nullable, false) => quote! { nullable },
            (Presence::Optional, false) => quote! { optional },
            (Presence::OptionalNullable, false) => quote! { optional_nullable },
        };
        quote! { #index #key => #field #kind }
    });
    // Building the struct names its deprecated fields; that use is not the caller's (serde's derive does the same).
    let allow_deprecated = s.fields.iter().any(|f| f.docs.deprecated).then(|| quote! { #[allow(deprecated)] });
    let strict = (!tolerant).then(|| quote! { strict });
    quote! {
        crate::object_serde!(#allow_deprecated #strict #name { #(#fields),* });
    }
}

fn union(def: &TypeDef, u: &Union, types: &Types) -> TokenStream {
    let name = ident(&def.name);
    let doc = type_docs_or_origin(def);
    let none = TokenStream::new();
    let variant_ty = |v: &UnionVariant| {
        let ty = rust_type(types, &v.ty, &none);
        if v.boxed {
            quote! { Box<#ty> }
        } else {
            ty
        }
    };
    if let Some(tag) = &u.tag {
        let variants = u.variants.iter().map(|v| {
            let rust = ident(&v.rust_name);
            let ty = variant_ty(v);
            let variant_doc = variant_doc(v, types);
            quote! { #variant_doc #rust(#ty), }
        });
        let mapping = u.variants.iter().map(|v| {
            let rust = ident(&v.rust_name);
            let value = v.tag_value.as_deref().unwrap_or_default();
            quote! { #rust = #value }
        });
        return quote! {
            #doc
            #[derive(Debug, Clone, PartialEq)]
            pub enum #name {
                #(#variants)*
                /// A variant this version of the spec does not list.
                Unknown(serde_json::Value),
            }
            crate::tagged_union_impl!(#name, #tag { #(#mapping),* });
        };
    }
    let variants = u.variants.iter().map(|v| {
        let rust = ident(&v.rust_name);
        let ty = variant_ty(v);
        let variant_doc = variant_doc(v, types);
        quote! { #variant_doc #rust(#ty), }
    });
    let candidates = u.variants.iter().map(|v| {
        let rust = ident(&v.rust_name);
        match (&v.keys, &v.format) {
            (Some(keys), _) => {
                let (fields, required) = (&keys.fields, &keys.required);
                quote! { #rust = [#(#fields),*] / [#(#required),*] }
            }
            (None, Some(format)) => quote! { #rust ~ #format },
            (None, None) => quote! { #rust },
        }
    });
    let candidates = candidates.zip(&u.variants).map(|(candidate, v)| match (&u.dispatch, &v.tag_value) {
        (Some(_), Some(value)) => quote! { #candidate @ #value },
        _ => candidate,
    });
    let dispatch = u.dispatch.as_ref().map(|prop| quote! { , #prop });
    let display = u.display.then(|| {
        let arms = u.variants.iter().map(|v| {
            let rust = ident(&v.rust_name);
            quote! { Self::#rust(value) => std::fmt::Display::fmt(value, f), }
        });
        quote! {
            /// The value as the spec's string (for path and query parameters).
            impl std::fmt::Display for #name {
                #[inline]
                fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                    match self { #(#arms)* }
                }
            }
        }
    });
    let filler = u.filler.as_ref().map(|variant| {
        let rust = ident(variant);
        quote! {
            impl crate::runtime::Filler for #name {
                #[inline]
                fn filler() -> Self {
                    Self::#rust(crate::runtime::Filler::filler())
                }
            }
        }
    });
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, serde::Serialize)]
        #[serde(untagged)]
        pub enum #name { #(#variants)* }
        crate::untagged_union_impl!(#name #dispatch { #(#candidates),* });
        #display
        #filler
    }
}

/// A variant's doc: the title of its type, else what it holds (and its tag value).
fn variant_doc(v: &UnionVariant, types: &Types) -> TokenStream {
    let title = match &v.ty {
        Type::Named(n) => types.get(*n).and_then(|d| d.docs.title.as_deref()),
        _ => None,
    };
    let line = match (title, &v.tag_value) {
        (Some(t), _) => format!(" {}", super::docs::one_line(t)),
        (None, Some(tag)) => format!(" {}, tagged `{}`.", holds(types, &v.ty), tag.replace('`', "'")),
        (None, None) => format!(" {}.", holds(types, &v.ty)),
    };
    let line = doc_literal(&line);
    quote! { #[doc = #line] }
}

/// "A [`Thing`]" for a named type (a link rustdoc resolves in `models`), else its Rust type in code.
fn holds(types: &Types, ty: &Type) -> String {
    match ty {
        Type::Named(n) => format!("A [`{}`]", types.name(*n)),
        other => format!("A `{}`", rust_type(types, other, &TokenStream::new()).to_string().replace(' ', "")),
    }
}

/// A type's docs, or a line naming the schema it comes from when the spec gives none.
fn type_docs_or_origin(def: &TypeDef) -> TokenStream {
    if def.docs.title.is_some() || def.docs.description.is_some() || def.docs.deprecated {
        return type_docs(&def.docs);
    }
    let line =
        doc_literal(&format!(" The schema at `{}` (the spec gives no description).", def.origin.replace('`', "'")));
    quote! { #[doc = #line] }
}

/// `impl runtime::Page` for the list answers the IR marks (`Struct::page`).
fn page_impl(types: &Types, def: &TypeDef) -> Option<TokenStream> {
    let TypeKind::Struct(Struct { page: Some(page), .. }) = &def.kind else { return None };
    let none = TokenStream::new();
    let (name, item_ty, data_name, has_more_name) =
        (ident(&def.name), rust_type(types, &page.item, &none), ident(&page.data), ident(&page.has_more));
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
