//! Spec descriptions → doc attributes that rustdoc neither tests nor misreads.

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::Docs;

/// `#[doc]` lines for a description: bare code fences become `text` so they are
/// never compiled as doctests, and indentation is dropped outside fences so
/// it cannot start an (executable) indented code block.
pub fn doc_lines(text: &str) -> Vec<String> {
    let mut in_fence = false;
    // Width of the open list item's marker: its continuation lines are indented by it.
    let mut item_indent: Option<usize> = None;
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
        } else if trimmed.is_empty() {
            item_indent = None;
            out.push(String::new());
        } else if let Some(width) = list_marker_width(trimmed) {
            item_indent = Some(width);
            out.push(trimmed.to_string());
        } else if let Some(width) = item_indent {
            out.push(format!("{}{trimmed}", " ".repeat(width)));
        } else {
            out.push(trimmed.to_string());
        }
    }
    if in_fence {
        out.push("```".to_string());
    }
    out
}

/// `- `, `* `, `+ ` or `12. ` at the start of a line: the marker's width.
fn list_marker_width(line: &str) -> Option<usize> {
    if line.starts_with("- ") || line.starts_with("* ") || line.starts_with("+ ") {
        return Some(2);
    }
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    (digits > 0 && line[digits..].starts_with(". ")).then_some(digits + 2)
}

pub fn doc_attrs(text: &str) -> TokenStream {
    let lines = doc_lines(text).into_iter().map(|l| if l.is_empty() { l } else { format!(" {l}") });
    quote! { #( #[doc = #lines] )* }
}

/// Title and description, and `#[deprecated]` when the spec says so
/// (for fields and methods, which nothing in the crate itself uses).
pub fn docs(docs: &Docs) -> TokenStream {
    let attrs = doc_attrs(&doc_text(docs));
    let deprecated = docs.deprecated.then(|| quote! { #[deprecated] });
    quote! { #attrs #deprecated }
}

/// Docs of a type definition: deprecation is said in words, because the
/// attribute would warn at every use by the crate's own types.
pub fn type_docs(docs: &Docs) -> TokenStream {
    let mut text = doc_text(docs);
    if docs.deprecated {
        text.push_str(if text.is_empty() { "**Deprecated** in the spec." } else { "\n\n**Deprecated** in the spec." });
    }
    doc_attrs(&text)
}

fn doc_text(docs: &Docs) -> String {
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
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fences_become_text_and_indentation_is_dropped() {
        let lines = doc_lines("Intro\n\n    indented\n```\ncode\n```\n```json\n{}\n```");
        assert_eq!(lines, ["Intro", "", "indented", "```text", "code", "```", "```json", "{}", "```"]);
    }

    #[test]
    fn list_continuations_are_indented_under_their_item() {
        let lines = doc_lines("Values:\n- `auto`: the\nmodel picks\n10. ten\n    more\n\nAfter");
        assert_eq!(lines, ["Values:", "- `auto`: the", "  model picks", "10. ten", "    more", "", "After"]);
    }
}
