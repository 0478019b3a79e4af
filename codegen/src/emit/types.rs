//! IR type references → Rust types, as text (`type_text`) and as the tokens it lexes to.

use proc_macro2::{Ident, Span, TokenStream};

use crate::ir::{Type, Types};

/// An identifier token for an IR-decided name (raw identifiers included).
pub fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(name, Span::call_site()),
    }
}

/// The Rust type of `ty` inside the generated crate; named types are written
/// relative to `models` (a path ending in `::`, or nothing).
pub fn rust_type(types: &Types, ty: &Type, models: &str) -> TokenStream {
    rust_type_in(types, ty, models, "crate::runtime")
}

/// The Rust type of `ty` where the runtime is at the path `runtime` (a test
/// file of the crate names it through the crate's library name).
pub fn rust_type_in(types: &Types, ty: &Type, models: &str, runtime: &str) -> TokenStream {
    type_text(types, ty, models, runtime).parse().expect("a Rust type lexes")
}

/// The Rust type of `ty` as the models files write it (named types bare,
/// the runtime at `crate::runtime`).
pub fn model_type(types: &Types, ty: &Type) -> String {
    type_text(types, ty, "", "crate::runtime")
}

/// `rust_type_in` as text, as prettyplease would print it (`Vec<Option<String>>`).
pub fn type_text(types: &Types, ty: &Type, models: &str, runtime: &str) -> String {
    let mut out = String::new();
    write_type(&mut out, types, ty, models, runtime);
    out
}

fn write_type(out: &mut String, types: &Types, ty: &Type, models: &str, runtime: &str) {
    let (open, inner) = match ty {
        Type::Named(id) => {
            out.push_str(models);
            out.push_str(types.name(*id));
            return;
        }
        Type::String => return out.push_str("String"),
        Type::Integer(format) => return out.push_str(format.rust_name()),
        Type::Number => return out.push_str("f64"),
        Type::Boolean => return out.push_str("bool"),
        Type::Binary => {
            out.push_str(runtime);
            return out.push_str("::FileUpload");
        }
        Type::Json => return out.push_str("serde_json::Value"),
        Type::Array(item) => ("Vec<", item),
        Type::Map(value) => ("std::collections::BTreeMap<String, ", value),
        Type::Nullable(value) => ("Option<", value),
    };
    out.push_str(open);
    write_type(out, types, inner, models, runtime);
    out.push('>');
}

/// Cargo's library name for the package `crate_name` (`-` and the like become `_`).
pub fn lib_ident(crate_name: &str) -> Ident {
    ident(&crate_name.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '_' }).collect::<String>())
}
