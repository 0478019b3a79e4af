//! Spec descriptions → doc attributes that rustdoc neither tests nor misreads.

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::Docs;

/// `#[doc]` lines for a description: bare code fences become `text` so they are
/// never compiled as doctests, and indentation is dropped outside fences so
/// it cannot start an (executable) indented code block.
pub fn doc_lines(text: &str) -> Vec<String> {
    let mut in_fence = false;
    let mut out = Vec::new();
    for line in text.trim_end().lines() {
        let trimmed = line.trim_start();
        if let Some(rest) = trimmed.strip_prefix("```") {
            let opening = !in_fence;
            in_fence = !in_fence;
            let lang = rest.trim();
            out.push(if opening && (lang.is_empty() || lang == "rust") {
                "```text".to_string()
            } else {
                trimmed.to_string()
            });
        } else if in_fence {
            out.push(line.to_string());
        } else {
            out.push(trimmed.to_string());
        }
    }
    if in_fence {
        out.push("```".to_string());
    }
    out
}

pub fn doc_attrs(text: &str) -> TokenStream {
    let lines = doc_lines(text).into_iter().map(|l| if l.is_empty() { l } else { format!(" {l}") });
    quote! { #( #[doc = #lines] )* }
}

/// Title and description, and `#[deprecated]` when the spec says so.
pub fn docs(docs: &Docs) -> TokenStream {
    let mut text = String::new();
    if let Some(title) = &docs.title {
        text.push_str(title);
    }
    if let Some(description) = &docs.description {
        if !text.is_empty() && description.trim() != text.trim() {
            text.push_str("\n\n");
            text.push_str(description);
        } else if text.is_empty() {
            text.push_str(description);
        }
    }
    let attrs = doc_attrs(&text);
    let deprecated = docs.deprecated.then(|| quote! { #[deprecated] });
    quote! { #attrs #deprecated }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fences_become_text_and_indentation_is_dropped() {
        let lines = doc_lines("Intro\n\n    indented\n```\ncode\n```\n```json\n{}\n```");
        assert_eq!(lines, ["Intro", "", "indented", "```text", "code", "```", "```json", "{}", "```"]);
    }
}
