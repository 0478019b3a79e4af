//! IR helpers → the SDK helpers: `output_text()` and its `_parsed`, stream
//! accumulators, `parsed::<T>()` on messages. Prints `Api::helpers`; the
//! rules that pick the types are in `ir/helpers.rs`.

use proc_macro2::TokenStream;
use quote::quote;

use super::types::ident;
use crate::ir::*;

/// Every method here is `#[inline]`: rustc then compiles it (and the `Clone`
/// of the whole answer a snapshot accumulator makes) only in a crate that calls it.
/// Only the helpers of the types `keep` takes: a split spec's crate has those of its own types.
pub fn helpers(api: &Api, keep: &dyn Fn(TypeId) -> bool) -> TokenStream {
    let texts = api.helpers.output_text.iter().filter(|h| keep(h.type_name));
    let texts = texts.map(|h| gated(&h.gates, output_text(&api.types, h)));
    let accumulators = api.helpers.accumulators.iter().filter(|h| keep(h.event));
    let accumulators = accumulators.map(|h| gated(&h.gates, accumulator(&api.types, h)));
    let messages = api.helpers.parsed.iter().filter(|h| keep(h.type_name));
    let parsed = messages.map(|h| gated(&h.gates, parsed(&api.types, h)));
    quote! {
        #(#texts)*
        #(#accumulators)*
        #(#parsed)*
    }
}

/// Every item of `items` behind each of `gates` (all must hold).
fn gated(gates: &[Vec<String>], items: TokenStream) -> TokenStream {
    gates.iter().fold(items, |items, set| super::features::gate(&super::features::cfg(set), items))
}

/// `Enum::Variant(x)` as a pattern binding `x`; a boxed variant binds the box,
/// which field access reads through.
fn pattern(union: &str, variant: &str, binding: &TokenStream) -> TokenStream {
    let (union, variant) = (ident(union), ident(variant));
    quote! { #union::#variant(#binding) }
}

fn output_text(types: &Types, h: &OutputText) -> TokenStream {
    let ty = ident(types.name(h.type_name));
    let method = ident(&h.method);
    let parsed = ident(&h.parsed_method);
    let items = ident(&h.items_field);
    let part = pattern(types.name(h.part_union), &h.part_variant, &quote! { part });
    let text = ident(&h.text_field);
    let arms = h.item_variants.iter().map(|(variant, _, parts)| {
        let item = pattern(types.name(h.item_union), variant, &quote! { item });
        let parts = ident(parts);
        quote! { #item => &item.#parts, }
    });
    let doc = format!(
        " The text of every `{}` part of `{}`, joined in order (empty when there is none): what \
         the official SDKs compute as `{}`, which the server never sends.",
        h.method, h.items_field, h.method
    );
    let parsed_doc = format!(
        " [`Self::{}`] read as JSON into `T` (structured output); [`crate::runtime::ParseError`] \
         names why not.",
        h.method
    );
    quote! {
        impl #ty {
            #[doc = #doc]
            #[inline]
            pub fn #method(&self) -> String {
                let mut text = String::new();
                for item in &self.#items {
                    let parts = match item {
                        #(#arms)*
                        _ => continue,
                    };
                    for part in parts {
                        if let #part = part {
                            text.push_str(&part.#text);
                        }
                    }
                }
                text
            }

            #[doc = #parsed_doc]
            pub fn #parsed<T: serde::de::DeserializeOwned>(&self) -> Result<T, crate::runtime::ParseError> {
                let text = self.#method();
                if text.is_empty() {
                    return Err(crate::runtime::ParseError::NoContent);
                }
                crate::runtime::parse_json(&text)
            }
        }
    }
}

fn accumulator(types: &Types, a: &Accumulator) -> TokenStream {
    let name = ident(&a.name);
    let event = ident(types.name(a.event));
    let output = ident(types.name(a.output));
    let doc = format!(
        " Adds up the events of a streamed [`{}`] into the [`{}`] the same request returns without \
         streaming: `push` each event as it arrives, `finish` at the end (or \
         `EventStream::final_output`).",
        types.name(a.event),
        types.name(a.output)
    );
    let (fields, default, push, finish, text) = match &a.kind {
        AccumulatorKind::Deltas { list, delta, into } => {
            let doc = format!(
                " Merges each chunk: top-level values replaced, `{list}` items matched by `index`, \
                 their `{delta}` merged into `{into}` (text and tool-call arguments joined)."
            );
            (
                quote! { merged: crate::runtime::DeltaMerge<#output>, },
                Some(quote! { merged: crate::runtime::DeltaMerge::new(#list, #delta, #into), }),
                quote! {
                    #[doc = #doc]
                    #[inline]
                    pub fn push(&mut self, event: &#event) -> Result<(), crate::runtime::Error> {
                        self.merged.push(event)
                    }
                },
                quote! {
                    /// The merged chunks as the final answer (decoded tolerantly, as
                    /// an answer is); `Error::Stream` when no chunk came.
                    #[inline]
                    pub fn finish(self) -> Result<#output, crate::runtime::Error> {
                        self.merged.finish()
                    }
                },
                None,
            )
        }
        AccumulatorKind::Snapshots { snapshots, text_deltas } => {
            let snapshot_arms = snapshots.iter().map(|(variant, _, field)| {
                let field = ident(field);
                (pattern(types.name(a.event), variant, &quote! { e }), quote! { self.last = Some(e.#field.clone()) })
            });
            let text_arms = text_deltas.iter().map(|(variant, _, field)| {
                let field = ident(field);
                (pattern(types.name(a.event), variant, &quote! { e }), quote! { self.text.push_str(&e.#field) })
            });
            let arms: Vec<(TokenStream, TokenStream)> = snapshot_arms.chain(text_arms).collect();
            // One arm is an `if let` (clippy's `single_match`).
            let dispatch = match arms.as_slice() {
                [(p, action)] => quote! { if let #p = event { #action; } },
                _ => {
                    let arms = arms.iter().map(|(p, action)| quote! { #p => #action, });
                    quote! {
                        match event {
                            #(#arms)*
                            _ => {}
                        }
                    }
                }
            };
            let text = (!text_deltas.is_empty()).then(|| {
                quote! {
                    /// The text deltas received so far, joined.
                    #[inline]
                    pub fn text(&self) -> &str {
                        &self.text
                    }
                }
            });
            let text_field = (!text_deltas.is_empty()).then(|| quote! { text: String, });
            let finish_doc = format!(
                " The last [`{}`] an event carried (the completed one after a full stream); \
                 `Error::Stream` when none did.",
                types.name(a.output)
            );
            (
                quote! { last: Option<#output>, #text_field },
                None,
                quote! {
                    /// Takes the next event: a snapshot of the answer replaces the
                    /// last one, a text delta is added to the text.
                    #[inline]
                    pub fn push(&mut self, event: &#event) {
                        #dispatch
                    }
                },
                quote! {
                    #[doc = #finish_doc]
                    #[inline]
                    pub fn finish(self) -> Result<#output, crate::runtime::Error> {
                        self.last.ok_or_else(|| crate::runtime::Error::Stream("no event carried the answer".into()))
                    }
                },
                text,
            )
        }
    };
    let push_event = match &a.kind {
        AccumulatorKind::Deltas { .. } => quote! { self.push(event) },
        AccumulatorKind::Snapshots { .. } => quote! { self.push(event); Ok(()) },
    };
    // `DeltaMerge` has no `Default` (it needs its field names); the others derive it.
    let (derive_default, default_impl) = match default {
        Some(default) => (
            None,
            Some(quote! {
                impl Default for #name {
                    #[inline]
                    fn default() -> Self {
                        Self { #default }
                    }
                }
            }),
        ),
        None => (Some(quote! { Default, }), None),
    };
    quote! {
        #[doc = #doc]
        #[derive(Debug, Clone, #derive_default)]
        pub struct #name {
            #fields
        }

        #default_impl

        impl #name {
            #push
            #text
            #finish
        }

        impl crate::runtime::Accumulate for #name {
            type Event = #event;
            type Output = #output;
            #[inline]
            fn push_event(&mut self, event: &#event) -> Result<(), crate::runtime::Error> {
                #push_event
            }
            #[inline]
            fn finish_output(self) -> Result<#output, crate::runtime::Error> {
                self.finish()
            }
        }

        impl crate::runtime::StreamEvent for #event {
            type Accumulator = #name;
        }
    }
}

fn parsed(types: &Types, p: &ParsedMessage) -> TokenStream {
    let ty = ident(types.name(p.type_name));
    let content = ident(&p.content);
    let text = if p.content_optional {
        quote! { self.#content.as_deref().ok_or(crate::runtime::ParseError::NoContent)? }
    } else {
        quote! { self.#content.as_str() }
    };
    let refusal = p.refusal.as_ref().map(|r| {
        let r = ident(r);
        quote! {
            if let Some(refusal) = &self.#r {
                return Err(crate::runtime::ParseError::Refusal(refusal.clone()));
            }
        }
    });
    let doc = format!(
        " `{}` read as JSON into `T` (structured output); [`crate::runtime::ParseError`] names why \
         not{}.",
        p.content,
        if p.refusal.is_some() { ": a refusal, no content, or the JSON path of a mismatch" } else { "" }
    );
    quote! {
        impl #ty {
            #[doc = #doc]
            pub fn parsed<T: serde::de::DeserializeOwned>(&self) -> Result<T, crate::runtime::ParseError> {
                #refusal
                crate::runtime::parse_json(#text)
            }
        }
    }
}
