//! Spec descriptions → doc attributes that rustdoc neither tests nor misreads.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use crate::ir::Docs;

/// `#[doc]` lines for a description, inert whatever the spec wrote: every
/// code fence (```` ``` ```` or `~~~`, any length, any info string such as
/// `rust,edition2021` or `should_panic`) opens as a `text` block, so rustdoc
/// never compiles spec text as a doctest (the crate also turns doctests off);
/// indentation is dropped outside fences so it cannot start an indented code
/// block; a bare CR (which a doc comment may not hold) ends a line like LF.
pub fn doc_lines(text: &str) -> Vec<String> {
    // clippy refuses tabs in doc comments (`tabs_in_doc_comments`): four spaces each.
    let text = text.replace("\r\n", "\n").replace('\r', "\n").replace('\t', "    ");
    // Other control characters (ESC, NUL…) are shown, not carried: `\u{1b}`.
    let text =
        if text.contains(|c: char| c.is_control() && c != '\n' && c != '\t') {
            text.chars()
                .map(|c| {
                    if c.is_control() && c != '\n' && c != '\t' {
                        c.escape_default().to_string()
                    } else {
                        c.to_string()
                    }
                })
                .collect()
        } else {
            text
        };
    let defined = defined_labels(&text);
    let escape = |line: &str| escape_inline(line, &defined);
    // The open fence: its character and length (a closing fence repeats it at least as long).
    let mut fence: Option<(char, usize)> = None;
    // Width of the open list item's marker: its continuation lines are indented by it.
    let mut item_indent: Option<usize> = None;
    let mut out = Vec::new();
    for line in text.trim_end().lines() {
        let trimmed = line.trim_start();
        let (quote, body) = split_quote(trimmed);
        if let Some((c, len, info)) = fence_of(body) {
            match fence {
                Some((open_c, open_len)) if c == open_c && len >= open_len && info.is_empty() => {
                    fence = None;
                    out.push(trimmed.to_string());
                }
                Some(_) => out.push(line.to_string()),
                None => {
                    fence = Some((c, len));
                    let marker: String = std::iter::repeat_n(c, len).collect();
                    out.push(format!("{quote}{marker}text"));
                }
            }
        } else if fence.is_some() {
            out.push(line.to_string());
        } else if trimmed.is_empty() {
            item_indent = None;
            out.push(String::new());
        } else if let Some(width) = list_marker_width(trimmed) {
            item_indent = Some(width);
            out.push(escape(trimmed));
        } else if let Some(width) = item_indent {
            out.push(format!("{}{}", " ".repeat(width), escape(trimmed)));
        } else {
            out.push(escape(trimmed));
        }
    }
    if let Some((c, len)) = fence {
        out.push(std::iter::repeat_n(c, len).collect());
    }
    out
}

/// HTML tags spec text uses as HTML; any other `<word>` (`configurations.<field>`,
/// `<model>`) is a placeholder, escaped so rustdoc shows it instead of
/// reading an unclosed tag. Inline code is left alone; so are autolinks (`<https://…>`).
const HTML_TAGS: &[&str] = &[
    "a", "b", "br", "code", "details", "div", "em", "h1", "h2", "h3", "h4", "hr", "i", "img", "li", "ol", "p", "pre",
    "span", "strong", "sub", "summary", "sup", "table", "tbody", "td", "th", "thead", "tr", "u", "ul",
];

/// A line of spec text with what rustdoc would misread escaped, shown the
/// same: a `<word>` not in [`HTML_TAGS`] (an unclosed tag), and a `[label]`
/// that is no link (no `(url)` or `[ref]` after it, no `[label]: url`
/// definition in `defined`), which rustdoc would read as a link to an item
/// and warn that none resolves (`rustdoc::broken_intra_doc_links`).
fn escape_inline(line: &str, defined: &[&str]) -> String {
    if !line.contains(['<', '[']) {
        return line.to_string();
    }
    let mut out = String::with_capacity(line.len() + 8);
    let mut in_code = false;
    for (i, c) in line.char_indices() {
        let escaped = line[..i].ends_with('\\');
        if c == '`' {
            in_code = !in_code;
        } else if c == '<' && !in_code && !escaped {
            let rest = line[i + 1..].trim_start_matches('/');
            let name: String = rest.chars().take_while(|c| c.is_ascii_alphanumeric() || "_-.".contains(*c)).collect();
            let after = rest[name.len()..].chars().next();
            let tag_like = name.chars().next().is_some_and(|c| c.is_ascii_alphabetic()) && after != Some(':');
            if tag_like && !HTML_TAGS.contains(&name.to_ascii_lowercase().as_str()) {
                out.push('\\');
            }
        } else if c == '[' && !in_code && !escaped && shortcut_link(&line[i + 1..], defined) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Whether `[` before `rest` opens a shortcut reference link (`[label]` and
/// nothing link-like after it) whose label the text does not define.
fn shortcut_link(rest: &str, defined: &[&str]) -> bool {
    let Some(end) = rest.find([']', '[']).filter(|&end| rest[end..].starts_with(']')) else { return false };
    let label = &rest[..end];
    let after = rest[end + 1..].chars().next();
    !matches!(after, Some('(' | '[' | ':')) && !defined.iter().any(|d| d.eq_ignore_ascii_case(label))
}

/// The labels of the reference definitions (`[label]: url`) of `text`.
fn defined_labels(text: &str) -> Vec<&str> {
    text.lines()
        .filter_map(|line| line.trim_start().strip_prefix('['))
        .filter_map(|rest| rest.split_once("]:").map(|(label, _)| label))
        .filter(|label| !label.contains(['[', ']']))
        .collect()
}

/// `> > rest` → (`> > `, `rest`): a fence inside a block quote is a fence too.
fn split_quote(line: &str) -> (&str, &str) {
    let mut rest = line;
    while let Some(after) = rest.strip_prefix('>') {
        rest = after.trim_start();
    }
    (&line[..line.len() - rest.len()], rest)
}

/// A code fence line: its character, length and info string. A backtick
/// fence's info string holds no backtick (else it is inline code).
fn fence_of(line: &str) -> Option<(char, usize, &str)> {
    let c = line.chars().next().filter(|c| matches!(c, '`' | '~'))?;
    let len = line.chars().take_while(|&x| x == c).count();
    let info = line[len..].trim();
    (len >= 3 && !(c == '`' && info.contains('`'))).then_some((c, len, info))
}

/// `- `, `* `, `+ ` or `12. ` at the start of a line: the marker's width.
fn list_marker_width(line: &str) -> Option<usize> {
    if line.starts_with("- ") || line.starts_with("* ") || line.starts_with("+ ") {
        return Some(2);
    }
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    (digits > 0 && line[digits..].starts_with(". ")).then_some(digits + 2)
}

/// Spec text (a title, a version) set inside one doc line: whitespace, line
/// breaks included, folded to single spaces, so it cannot start a code block.
/// Other control characters are shown as escapes, and tags rustdoc does not
/// know and brackets that are no link escaped as in descriptions (`escape_inline`).
pub fn one_line(text: &str) -> String {
    escape_inline(&crate::escape_controls(&text.split_whitespace().collect::<Vec<_>>().join(" ")), &[])
}

pub fn doc_attrs(text: &str) -> TokenStream {
    let lines = spaced_lines(text).into_iter().map(|line| doc_literal(&line));
    quote! { #( #[doc = #lines] )* }
}

/// The doc lines of `text` as `///` holds them (`doc_lines`, each with its leading space).
pub fn spaced_lines(text: &str) -> Vec<String> {
    doc_lines(text).into_iter().map(spaced).collect()
}

/// Inner docs (`//!`) of a module or crate, from lines written by the
/// generator itself (not spec text: its code blocks are kept).
pub fn inner_doc_attrs(lines: Vec<String>) -> TokenStream {
    let lines = lines.into_iter().map(|line| doc_literal(&spaced(line)));
    quote! { #( #![doc = #lines] )* }
}

/// One doc line as a raw string literal (`r#"…"#`): a plain string is
/// escaped character by character when built and unescaped twice when the
/// file is formatted (syn checks it, prettyplease reads its value).
/// prettyplease prints the value as
/// `///…` either way; a line it prints as an attribute instead (one that
/// starts with `/`) stays a plain string, so the output is the same. Line
/// breaks and other controls are escaped first (`comment_safe`).
pub fn doc_literal(line: &str) -> Literal {
    let line = &comment_safe(line);
    if needs_attribute(line) {
        return Literal::string(line);
    }
    // More `#` than follow any `"` inside, so the text cannot close the literal.
    let hashes = line.match_indices('"').map(|(i, _)| line[i + 1..].bytes().take_while(|&b| b == b'#').count() + 1);
    let hashes = "#".repeat(hashes.max().unwrap_or(0));
    format!("r{hashes}\"{line}\"{hashes}").parse().unwrap_or_else(|_| Literal::string(line))
}

/// `line` as a doc comment may hold it: control characters (tab included,
/// which clippy refuses there; `doc_lines` has made a description's tabs
/// spaces) and the bidirectional and line-separator marks
/// (`crate::error::is_invisible_mark`), written as escapes (`\t`, `\u{202e}`). Applied to every doc line the crate gets,
/// spec text or not (an enum value in a variant's doc, say).
pub fn comment_safe(line: &str) -> String {
    crate::error::escape_where(line, |c| c.is_control() || crate::error::is_invisible_mark(c))
}

/// Whether a doc line must be written `#[doc = "…"]`, not `///…`: one
/// starting with `/` would make `////`, a plain comment (prettyplease's rule).
pub fn needs_attribute(line: &str) -> bool {
    line.starts_with('/')
}

/// A doc line as `///` writes it: a space after the marker, none on an empty line.
fn spaced(line: String) -> String {
    if line.is_empty() {
        line
    } else {
        format!(" {line}")
    }
}

/// The docs of a type definition: title, description, and deprecation said
/// in words, because the attribute would warn at every use by the crate's own types.
pub fn type_doc_text(docs: &Docs) -> String {
    let mut text = doc_text(docs);
    if docs.deprecated {
        text.push_str(if text.is_empty() { "**Deprecated** in the spec." } else { "\n\n**Deprecated** in the spec." });
    }
    text
}

/// Title and description, the first line apart when both are given.
pub fn doc_text(docs: &Docs) -> String {
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
        assert_eq!(lines, ["Intro", "", "indented", "```text", "code", "```", "```text", "{}", "```"]);
    }

    #[test]
    fn every_fence_opens_a_text_block() {
        let text =
            "a\n~~~\nrun()\n~~~\n````\nrun()\n````\n```rust,edition2021\nrun()\n```\n```should_panic\nrun()\n```\n\
                    ~~~~no_run\nrun()\n~~~~\n> ```compile_fail\n> run()\n> ```\n``` inline ``` stays";
        let lines = doc_lines(text);
        let opening: Vec<&String> = lines
            .iter()
            .filter(|l| l.trim_start_matches(['>', ' ']).starts_with(['`', '~']) && l.ends_with("text"))
            .collect();
        assert_eq!(opening, ["~~~text", "````text", "```text", "```text", "~~~~text", "> ```text"]);
        assert!(!lines.iter().any(|l| l.contains("rust") || l.contains("should_panic") || l.contains("no_run")));
        assert_eq!(lines.last().map(String::as_str), Some("``` inline ``` stays"));
    }

    #[test]
    fn nested_fences_stay_inside_and_unclosed_ones_are_closed() {
        // A longer fence holds a shorter one: the inner lines are text, not a new block.
        let lines = doc_lines("````text\n```\nrun()\n```\n````\nafter\n~~~rust\nopen");
        assert_eq!(lines, ["````text", "```", "run()", "```", "````", "after", "~~~text", "open", "~~~"]);
    }

    #[test]
    fn a_bare_cr_ends_a_line_and_other_controls_are_shown() {
        assert_eq!(doc_lines("first\rsecond\r\nthird"), ["first", "second", "third"]);
        assert_eq!(doc_lines("a\u{0}b\u{1b}[2J\tc"), ["a\\u{0}b\\u{1b}[2J    c"]);
    }

    #[test]
    fn placeholders_in_angle_brackets_are_escaped() {
        assert_eq!(
            doc_lines("\"configurations.<field>\" or <b>bold</b>, `<code>` and <https://a.b>"),
            ["\"configurations.\\<field>\" or <b>bold</b>, `<code>` and <https://a.b>"]
        );
    }

    #[test]
    fn brackets_that_are_not_links_are_escaped() {
        let text =
            "Ends on `data: [DONE]` or data: [DONE]; see [the guide](https://x), [docs][ref], [key] and [`Foo`].\n\
                    \n[ref]: https://y\n[defined] and \\[escaped] stay\n[defined]: https://z";
        assert_eq!(
            doc_lines(text),
            [
                "Ends on `data: [DONE]` or data: \\[DONE]; see [the guide](https://x), [docs][ref], \\[key] and \\[`Foo`].",
                "",
                "[ref]: https://y",
                "[defined] and \\[escaped] stay",
                "[defined]: https://z",
            ]
        );
        assert_eq!(one_line("A [B] title"), "A \\[B] title");
    }

    #[test]
    fn list_continuations_are_indented_under_their_item() {
        let lines = doc_lines("Values:\n- `auto`: the\nmodel picks\n10. ten\n    more\n\nAfter");
        assert_eq!(lines, ["Values:", "- `auto`: the", "  model picks", "10. ten", "    more", "", "After"]);
    }

    #[test]
    fn raw_doc_lines_print_as_plain_strings_do() {
        let lines = [
            " plain",
            "",
            " quotes \" and \"# and \"## and r#\"x\"#",
            " back\\slash \\n and a tab\there, é ✓ and `\u{1b}`",
            "/ starts with a slash",
            " trailing spaces   ",
        ];
        let print = |lit: Literal| prettyplease::unparse(&syn::parse2(quote! { #[doc = #lit] struct A; }).unwrap());
        for line in lines {
            let raw = doc_literal(line);
            assert_eq!(raw.to_string().starts_with('r'), !line.starts_with('/'), "{line:?} as {raw}");
            assert_eq!(print(raw), print(Literal::string(&comment_safe(line))), "{line:?}");
        }
        // What a comment may not hold is shown as its escape.
        let shown = print(doc_literal(" ESC \u{1b}, RLO \u{202e}, tab\t."));
        assert!(shown.contains(r"ESC \u{1b}, RLO \u{202e}, tab\t."), "{shown}");
        assert_eq!(doc_lines("a\tb"), ["a    b"]);
    }
}
