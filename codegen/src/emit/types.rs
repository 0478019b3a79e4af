//! IR type references → Rust type tokens.

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use crate::ir::Type;

/// An identifier token for an IR-decided name (raw identifiers included).
pub fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(name, Span::call_site()),
    }
}

/// The Rust type of `ty`; named types are written relative to `models`.
pub fn rust_type(ty: &Type, models: &TokenStream) -> TokenStream {
    match ty {
        Type::Named(name) => {
            let name = ident(name);
            quote! { #models #name }
        }
        Type::String => quote! { String },
        Type::Integer => quote! { i64 },
        Type::Number => quote! { f64 },
        Type::Boolean => quote! { bool },
        Type::Array(inner) => {
            let inner = rust_type(inner, models);
            quote! { Vec<#inner> }
        }
        Type::Map(inner) => {
            let inner = rust_type(inner, models);
            quote! { std::collections::BTreeMap<String, #inner> }
        }
        Type::Nullable(inner) => {
            let inner = rust_type(inner, models);
            quote! { Option<#inner> }
        }
        Type::Binary => quote! { crate::runtime::FileUpload },
        Type::Json => quote! { serde_json::Value },
    }
}
