//! IR type references → Rust type tokens.

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use crate::ir::{Type, Types};

/// An identifier token for an IR-decided name (raw identifiers included).
pub fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(name, Span::call_site()),
    }
}

/// The Rust type of `ty` inside the generated crate; named types are written
/// relative to `models`.
pub fn rust_type(types: &Types, ty: &Type, models: &TokenStream) -> TokenStream {
    rust_type_in(types, ty, models, &quote! { crate::runtime })
}

/// The Rust type of `ty` where the runtime is at the path `runtime` (a test
/// file of the crate names it through the crate's library name).
pub fn rust_type_in(types: &Types, ty: &Type, models: &TokenStream, runtime: &TokenStream) -> TokenStream {
    let inner = |inner: &Type| rust_type_in(types, inner, models, runtime);
    match ty {
        Type::Named(id) => {
            let name = ident(types.name(*id));
            quote! { #models #name }
        }
        Type::String => quote! { String },
        Type::Integer(format) => {
            let t = ident(format.rust_name());
            quote! { #t }
        }
        Type::Number => quote! { f64 },
        Type::Boolean => quote! { bool },
        Type::Array(item) => {
            let item = inner(item);
            quote! { Vec<#item> }
        }
        Type::Map(value) => {
            let value = inner(value);
            quote! { std::collections::BTreeMap<String, #value> }
        }
        Type::Nullable(value) => {
            let value = inner(value);
            quote! { Option<#value> }
        }
        Type::Binary => quote! { #runtime::FileUpload },
        Type::Json => quote! { serde_json::Value },
    }
}

/// Cargo's library name for the package `crate_name` (`-` and the like become `_`).
pub fn lib_ident(crate_name: &str) -> Ident {
    ident(&crate_name.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '_' }).collect::<String>())
}
