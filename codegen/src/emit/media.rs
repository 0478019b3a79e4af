//! IR media returns → one enum per operation whose answer comes in several
//! media types, with its `runtime::FromMedia` impl (written into `models.rs`).

use proc_macro2::TokenStream;
use quote::quote;

use super::types::{ident, rust_type};
use crate::ir::*;

pub fn media_enums(api: &Api) -> TokenStream {
    let enums = api.operations.iter().filter_map(|op| match &op.returns {
        Returns::ByContentType(media) => {
            Some(super::features::gate(&super::features::cfg(&op.features), media_enum(&api.types, op, media)))
        }
        _ => None,
    });
    quote! { #(#enums)* }
}

fn media_enum(types: &Types, op: &Operation, media: &MediaReturn) -> TokenStream {
    let name = ident(types.name(media.type_id));
    let doc = format!(
        " The success answer of `{}`, one variant per media type the spec lists, chosen by the response's `Content-Type`.",
        op.id
    );
    let variants = media.variants.iter().map(|v| {
        let variant = ident(&v.rust_name);
        let doc = format!(" `{}`", v.content_type);
        let ty = match &v.shape {
            MediaShape::Json(ty) => rust_type(types, ty, ""),
            MediaShape::Text => quote! { String },
            MediaShape::Bytes => quote! { crate::runtime::Bytes },
        };
        quote! { #[doc = #doc] #variant(#ty), }
    });
    let media_types = media.variants.iter().map(|v| &v.content_type);
    let last = media.variants.len() - 1;
    let arms = media.variants.iter().enumerate().map(|(i, v)| {
        let variant = ident(&v.rust_name);
        let read = match &v.shape {
            MediaShape::Json(_) => quote! { body.json().map(Self::#variant) },
            MediaShape::Text => quote! { Ok(Self::#variant(body.text())) },
            MediaShape::Bytes => quote! { Ok(Self::#variant(body.bytes())) },
        };
        // The last arm takes any index, so the match needs no panic.
        let index = proc_macro2::Literal::usize_unsuffixed(i);
        let pattern = if i == last {
            quote! { _ }
        } else {
            quote! { #index }
        };
        quote! { #pattern => #read, }
    });
    quote! {
        #[doc = #doc]
        #[derive(Debug, Clone, PartialEq)]
        pub enum #name {
            #(#variants)*
        }

        impl crate::runtime::FromMedia for #name {
            const MEDIA_TYPES: &'static [&'static str] = &[#(#media_types),*];

            #[inline]
            fn decode(index: usize, body: &crate::runtime::MediaBody<'_>) -> Result<Self, crate::runtime::Error> {
                match index {
                    #(#arms)*
                }
            }
        }
    }
}
