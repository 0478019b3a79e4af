//! IR conveniences → `new(required…)`, setters, `From` impls and role
//! constructors of the request types. Prints `Api::conveniences`; decides nothing.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::doc_literal;
use super::types::{ident, rust_type};
use crate::ir::*;

/// The conveniences of `types` (some of `Api::types`, in name order, as the
/// models file prints types); types without conveniences print nothing.
pub fn builders<'a>(api: &'a Api, types: impl Iterator<Item = (TypeId, &'a TypeDef)>) -> TokenStream {
    let items = types.filter_map(|(id, def)| {
        let conv = api.conveniences.get(&id)?;
        let items = match &def.kind {
            TypeKind::Struct(s) => struct_impl(&api.types, def, s, conv),
            TypeKind::Union(u) => union_impls(&def.name, u, conv, api),
            _ => return None,
        };
        Some(super::features::gate(&super::features::cfg(&def.features), items))
    });
    quote! { #(#items)* }
}

fn field<'s>(s: &'s Struct, rust_name: &str) -> &'s Field {
    s.fields.iter().find(|f| f.rust_name == rust_name).expect("conveniences name fields of their struct")
}

/// The argument's type and the expression turning `arg` into the field's value.
fn arg(types: &Types, f: &Field, kind: ArgKind, arg: &TokenStream) -> (TokenStream, TokenStream) {
    let ty = rust_type(types, &f.ty, "");
    let (arg_ty, mut value) = match kind {
        ArgKind::Into => (quote! { impl Into<#ty> }, quote! { #arg.into() }),
        ArgKind::JsonObject => (
            quote! { impl crate::runtime::IntoJsonObject },
            quote! { crate::runtime::IntoJsonObject::into_json_object(#arg) },
        ),
    };
    if f.boxed {
        value = quote! { Box::new(#value) };
    }
    (arg_ty, value)
}

fn struct_impl(types: &Types, def: &TypeDef, s: &Struct, conv: &Conveniences) -> TokenStream {
    let name = ident(&def.name);
    let ctor = conv.constructor.as_ref().map(|c| {
        let method = ident(&c.method);
        let params = c.params.iter().map(|a| {
            let (ty, _) = arg(types, field(s, &a.field), a.kind, &quote! {});
            let n = ident(&a.field);
            quote! { #n: #ty }
        });
        let inits = s.fields.iter().map(|f| {
            let n = ident(&f.rust_name);
            match c.params.iter().find(|a| a.field == f.rust_name) {
                Some(a) => {
                    let (_, value) = arg(types, f, a.kind, &quote! { #n });
                    quote! { #n: #value, }
                }
                None if f.presence() == Presence::Required => quote! { #n: Default::default(), },
                None => quote! { #n: None, },
            }
        });
        let extra = s.additional.as_ref().map(|_| quote! { extra: Default::default(), });
        // The tolerant decoder's record, on the structs that carry one (see `models::type_def`).
        let meta = super::models::has_meta(def, s).then(|| quote! { meta: Default::default(), });
        let required: Vec<String> = c.params.iter().map(|a| format!("`{}`", field(s, &a.field).json_name)).collect();
        let doc = if required.is_empty() {
            " A value with every optional field left out; set them with the methods below.".to_string()
        } else {
            format!(" A value with the required {}; the optional fields left out.", required.join(", "))
        };
        let doc = doc_literal(&doc);
        // Without arguments, `new` may stand beside no `Default` (a constant field's type has one; clippy cannot see it).
        let allow = c.params.is_empty().then(|| quote! { #[allow(clippy::new_without_default)] });
        quote! {
            #[doc = #doc]
            #allow
            #[inline]
            pub fn #method(#(#params),*) -> Self {
                Self { #(#inits)* #extra #meta }
            }
        }
    });
    let setters = conv.setters.iter().map(|st| {
        let f = field(s, &st.field);
        let n = ident(&f.rust_name);
        let method = ident(&st.method);
        let (ty, value) = arg(types, f, st.kind, &quote! { value });
        let value = match f.presence() {
            Presence::OptionalNullable => quote! { Some(Some(#value)) },
            _ => quote! { Some(#value) },
        };
        let doc = doc_literal(&format!(" Sets `{}`.", f.json_name));
        let null = st.null_method.as_ref().map(|m| {
            let m = ident(m);
            let doc = doc_literal(&format!(" Sends `{}` as an explicit `null`.", f.json_name));
            let allow = st.convention_prefix.then(|| quote! { #[allow(clippy::wrong_self_convention)] });
            quote! {
                #[doc = #doc]
                #allow
                #[inline]
                pub fn #m(mut self) -> Self {
                    self.#n = Some(None);
                    self
                }
            }
        });
        // A setter named after its field (`is_default`) consumes `self` like every setter.
        let allow = st.convention_prefix.then(|| quote! { #[allow(clippy::wrong_self_convention)] });
        quote! {
            #[doc = #doc]
            #allow
            #[inline]
            pub fn #method(mut self, value: #ty) -> Self {
                self.#n = #value;
                self
            }
            #null
        }
    });
    // Setters name deprecated fields; that is the caller's choice, not ours.
    let allow_deprecated = s.fields.iter().any(|f| f.docs.deprecated).then(|| quote! { #[allow(deprecated)] });
    quote! {
        #allow_deprecated
        impl #name {
            #ctor
            #(#setters)*
        }
    }
}

fn union_impls(type_name: &str, u: &Union, conv: &Conveniences, api: &Api) -> TokenStream {
    let types = &api.types;
    let name = ident(type_name);
    let variant = |rust: &str| u.variants.iter().find(|v| v.rust_name == rust).expect("conveniences name variants");
    let wrap = |v: &UnionVariant, value: TokenStream| {
        let rust = ident(&v.rust_name);
        if v.boxed {
            quote! { Self::#rust(Box::new(#value)) }
        } else {
            quote! { Self::#rust(#value) }
        }
    };
    let from_string = conv.from_string.as_ref().map(|v| {
        let from_str = wrap(variant(v), quote! { value.into() });
        let from_string = if conv.from_string_exact { wrap(variant(v), quote! { value }) } else { from_str.clone() };
        quote! {
            impl From<&str> for #name {
                #[inline]
                fn from(value: &str) -> Self {
                    #from_str
                }
            }
            impl From<String> for #name {
                #[inline]
                fn from(value: String) -> Self {
                    #from_string
                }
            }
        }
    });
    let from_str_list = conv.from_str_list.as_ref().map(|v| {
        let value = wrap(variant(v), quote! { value.into_iter().map(String::from).collect() });
        quote! {
            impl<const N: usize> From<[&str; N]> for #name {
                #[inline]
                fn from(value: [&str; N]) -> Self {
                    #value
                }
            }
            impl From<Vec<&str>> for #name {
                #[inline]
                fn from(value: Vec<&str>) -> Self {
                    #value
                }
            }
        }
    });
    let from_variants = conv.from_variants.iter().map(|v| {
        let v = variant(v);
        let ty = rust_type(&api.types, &v.ty, "");
        let value = wrap(v, quote! { value });
        quote! {
            impl From<#ty> for #name {
                #[inline]
                fn from(value: #ty) -> Self {
                    #value
                }
            }
        }
    });
    let roles = conv.roles.iter().filter_map(|r| {
        let holds = types.get(r.struct_name)?;
        let TypeKind::Struct(s) = &holds.kind else { return None };
        let v = variant(&r.variant);
        let method = ident(&r.method);
        let struct_name = ident(&holds.name);
        let (params, args, build) = match &r.text_setter {
            Some(setter) => {
                let setter_def = api.conveniences.get(&r.struct_name)?.setters.iter().find(|s| &s.method == setter)?;
                let (ty, _) = arg(&api.types, field(s, &setter_def.field), setter_def.kind, &quote! {});
                let setter = ident(setter);
                (vec![quote! { text: #ty }], vec![], Some(quote! { .#setter(text) }))
            }
            None => {
                let ctor = api.conveniences.get(&r.struct_name)?.constructor.as_ref()?;
                let params = ctor
                    .params
                    .iter()
                    .map(|a| {
                        let (ty, _) = arg(&api.types, field(s, &a.field), a.kind, &quote! {});
                        let n = ident(&a.field);
                        quote! { #n: #ty }
                    })
                    .collect();
                let args = ctor.params.iter().map(|a| ident(&a.field)).map(|n| quote! { #n }).collect();
                (params, args, None)
            }
        };
        let value = wrap(v, quote! { #struct_name::new(#(#args),*) #build });
        let doc = doc_literal(&format!(" A [`{}`] (`{}`).", holds.name, v.tag_value.as_deref().unwrap_or_default()));
        Some(quote! {
            #[doc = #doc]
            #[inline]
            pub fn #method(#(#params),*) -> Self {
                #value
            }
        })
    });
    let roles: Vec<TokenStream> = roles.collect();
    let roles = (!roles.is_empty()).then(|| quote! { impl #name { #(#roles)* } });
    quote! {
        #from_string
        #from_str_list
        #(#from_variants)*
        #roles
    }
}
