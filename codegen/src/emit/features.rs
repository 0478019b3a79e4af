//! The IR's cargo feature gates → `#[cfg(..)]` attributes, and the
//! `[features]` table of `Cargo.toml`. Prints the IR's sets; decides nothing.

use proc_macro2::{Delimiter, TokenStream, TokenTree};

use crate::ir::Api;

/// `#[cfg(feature = "a")]` or `#[cfg(any(feature = "a", …))]`; nothing for an empty set (always compiled).
pub fn cfg(features: &[String]) -> TokenStream {
    cfg_line(features).map(|line| line.parse().expect("a cfg line lexes")).unwrap_or_default()
}

/// `cfg` as the text of one line; `None` for an empty set.
pub fn cfg_line(features: &[String]) -> Option<String> {
    predicate_text(features).map(|p| format!("#[cfg({p})]"))
}

/// `feature = "a"` or `any(feature = "a", …)` (clippy refuses `any` of one); `None` for an empty set.
pub fn predicate(features: &[String]) -> Option<TokenStream> {
    predicate_text(features).map(|p| p.parse().expect("a cfg predicate lexes"))
}

fn predicate_text(features: &[String]) -> Option<String> {
    let one = |f: &String| format!("feature = {}", super::source::string(f));
    match features {
        [] => None,
        [f] => Some(one(f)),
        many => Some(format!("any({})", many.iter().map(one).collect::<Vec<_>>().join(", "))),
    }
}

/// `items` with `cfg` in front of each item: everything emitted for one type
/// (its declaration, serde impls, builders, conversions) is gated alike. An
/// item ends at a `;` or a `{ … }` (with the `;` after it, if any) at its top level.
pub fn gate(cfg: &TokenStream, items: TokenStream) -> TokenStream {
    if cfg.is_empty() {
        return items;
    }
    let mut out = TokenStream::new();
    let mut item: Vec<TokenTree> = Vec::new();
    let mut tokens = items.into_iter().peekable();
    while let Some(token) = tokens.next() {
        let ends = match &token {
            TokenTree::Punct(p) => p.as_char() == ';',
            TokenTree::Group(g) => g.delimiter() == Delimiter::Brace,
            _ => false,
        };
        let brace = matches!(&token, TokenTree::Group(_));
        item.push(token);
        if ends {
            if brace {
                if let Some(TokenTree::Punct(p)) = tokens.peek() {
                    if p.as_char() == ';' {
                        item.extend(tokens.next());
                    }
                }
            }
            out.extend(cfg.clone());
            out.extend(item.drain(..));
        }
    }
    if !item.is_empty() {
        out.extend(cfg.clone());
        out.extend(item);
    }
    out
}

/// The `[features]` lines of the specs' resources, their umbrellas, `full`
/// and `default`, each with a comment line (after the runtime's own features).
/// `forward` gives what else a feature of the spec at that index turns on
/// (`"crate/feature"` in its type crates, for a split spec).
pub fn cargo_features(apis: &[Api], forward: &dyn Fn(usize, &str) -> Vec<String>) -> String {
    let mut out = String::new();
    let mut umbrellas = Vec::new();
    let mut every = Vec::new();
    for (index, api) in apis.iter().enumerate() {
        let names: Vec<String> = api.features.resources.iter().map(|f| format!("\"{}\"", f.name)).collect();
        let quoted = |feature: &str| forward(index, feature).iter().map(|f| format!("\"{f}\"")).collect::<Vec<_>>();
        for feature in &api.features.resources {
            out.push_str(&format!(
                "# `{}`: `client.{}()` and the types its operations reach.\n{} = [{}]\n",
                api.module,
                feature.accessor.trim_start_matches("r#"),
                feature.name,
                quoted(&feature.name).join(", ")
            ));
        }
        let mut names = names;
        names.extend(quoted(&api.features.all));
        if api.features.all != crate::ir::features::FULL {
            out.push_str(&format!(
                "# Every resource of `{}`, and its types no operation uses.\n{} = [{}]\n",
                api.module,
                api.features.all,
                names.join(", ")
            ));
            umbrellas.push(format!("\"{}\"", api.features.all));
        } else {
            every.extend(names);
        }
    }
    every.extend(umbrellas);
    out.push_str(&format!(
        "# Every resource, and the types no operation uses.\nfull = [{}]\n# All of the API unless `default-features = false`.\ndefault = [\"full\"]\n",
        every.join(", ")
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::quote;

    #[test]
    fn every_item_of_a_type_is_gated() {
        let items = quote! {
            #[doc = " A thing."]
            pub struct Thing { pub a: i64 }
            crate::object_serde!(Thing { "a" => a required });
            impl<const N: usize> From<[&str; N]> for Thing { fn from(_: [&str; N]) -> Self { todo!() } }
            const X: Thing = Thing { a: 1 };
            pub type Alias = Vec<Thing>;
        };
        let gated = gate(&cfg(&["chat".into(), "files".into()]), items).to_string();
        let attr = "# [cfg (any (feature = \"chat\" , feature = \"files\"))]";
        assert_eq!(gated.matches(attr).count(), 5, "{gated}");
        assert!(gated.starts_with(&format!("{attr} # [doc")), "{gated}");
        assert!(gated.contains(&format!("; {attr} pub type Alias")), "{gated}");
        assert!(gated.contains(&format!("Thing {{ a : 1 }} ; {attr} pub type")), "{gated}");
    }

    #[test]
    fn no_features_no_attribute() {
        let items = quote! { pub struct Thing; };
        assert_eq!(gate(&cfg(&[]), items.clone()).to_string(), items.to_string());
        assert_eq!(cfg(&["chat".into()]).to_string(), "# [cfg (feature = \"chat\")]");
    }
}
