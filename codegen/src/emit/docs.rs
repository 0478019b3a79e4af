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
    let inline = Inline::of(&text);
    let escape = |line: &str| escape_inline(line, &inline);
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

/// Tags without a closing one.
const VOID_TAGS: &[&str] = &["br", "hr", "img"];

/// What a whole description decides for the escaping of each of its lines.
#[derive(Default)]
struct Inline<'t> {
    /// The labels of its reference definitions (`[label]: url`).
    defined: Vec<&'t str>,
    /// HTML tags it opens and closes a different number of times: rustdoc
    /// warns of each (`rustdoc::invalid_html_tags`), so they are shown as text.
    unbalanced: Vec<String>,
}

impl<'t> Inline<'t> {
    fn of(text: &'t str) -> Inline<'t> {
        let mut count: std::collections::BTreeMap<String, i64> = Default::default();
        for line in text.lines() {
            let mut in_code = false;
            for (i, c) in line.char_indices() {
                match c {
                    '`' => in_code = !in_code,
                    '<' if !in_code => {
                        let rest = &line[i + 1..];
                        let (closing, rest) = rest.strip_prefix('/').map_or((false, rest), |r| (true, r));
                        let name = tag_name(rest).to_ascii_lowercase();
                        if HTML_TAGS.contains(&name.as_str()) && !VOID_TAGS.contains(&name.as_str()) {
                            *count.entry(name).or_default() += if closing { -1 } else { 1 };
                        }
                    }
                    _ => {}
                }
            }
        }
        let unbalanced = count.into_iter().filter(|(_, n)| *n != 0).map(|(name, _)| name).collect();
        Inline { defined: defined_labels(text), unbalanced }
    }
}

/// The tag name at the start of `rest` (after `<` or `</`).
fn tag_name(rest: &str) -> &str {
    let end = rest.find(|c: char| !(c.is_ascii_alphanumeric() || "_-.".contains(c))).unwrap_or(rest.len());
    &rest[..end]
}

/// A line of spec text with what rustdoc would misread escaped, shown the
/// same: a `<word>` not in [`HTML_TAGS`] or not closed in the description
/// (an unclosed tag); a link rustdoc would read as a link to an item and
/// warn that none resolves (`rustdoc::broken_intra_doc_links`): a `[label]`
/// with no `(url)` or `[ref]` after it and no `[label]: url` definition, a
/// `[text][ref]` whose `ref` is not defined, a `[text](Target)` whose target
/// is no URL or path; and a bare URL (`rustdoc::bare_urls`), which becomes
/// an autolink `<https://…>`.
fn escape_inline(line: &str, inline: &Inline) -> String {
    if !line.contains(['<', '[']) && !line.contains("://") {
        return line.to_string();
    }
    let mut out = String::with_capacity(line.len() + 8);
    let mut in_code = false;
    let mut i = 0;
    while let Some(c) = line[i..].chars().next() {
        let escaped = line[..i].ends_with('\\');
        if c == '`' {
            in_code = !in_code;
        } else if !in_code && !escaped {
            let rest = &line[i + 1..];
            if c == '<' && tag_needs_escape(rest, inline) || c == '[' && link_needs_escape(rest, &inline.defined) {
                out.push('\\');
            } else if let Some(len) = bare_url(line, i) {
                out.push('<');
                out.push_str(&line[i..i + len]);
                out.push('>');
                i += len;
                continue;
            }
        }
        out.push(c);
        i += c.len_utf8();
    }
    out
}

/// Whether `<` before `rest` opens a tag rustdoc would warn of.
fn tag_needs_escape(rest: &str, inline: &Inline) -> bool {
    let name = tag_name(rest.trim_start_matches('/'));
    let after = rest.trim_start_matches('/')[name.len()..].chars().next();
    let tag_like = name.chars().next().is_some_and(|c| c.is_ascii_alphabetic()) && after != Some(':');
    let name = name.to_ascii_lowercase();
    tag_like && (!HTML_TAGS.contains(&name.as_str()) || inline.unbalanced.contains(&name))
}

/// Whether `[` before `rest` opens a link rustdoc would try to resolve as
/// an item and fail (see [`escape_inline`]).
fn link_needs_escape(rest: &str, defined: &[&str]) -> bool {
    let Some(end) = rest.find([']', '[']).filter(|&end| rest[end..].starts_with(']')) else { return false };
    let label = &rest[..end];
    let is_defined = |label: &str| defined.iter().any(|d| d.eq_ignore_ascii_case(label));
    let after = &rest[end + 1..];
    if let Some(target) = after.strip_prefix('(') {
        let target = target.split([')', ' ']).next().unwrap_or_default();
        let base = target.split(['#', '?']).next().unwrap_or_default();
        return !base.is_empty() && !base.contains(['/', ':']);
    }
    if let Some(reference) = after.strip_prefix('[') {
        let Some(close) = reference.find(']') else { return false };
        let reference = if close == 0 { label } else { &reference[..close] };
        return !is_defined(reference);
    }
    !after.starts_with(':') && !is_defined(label)
}

/// The length of the bare URL at `i` of `line`, if one starts there: not a
/// link's target or text, not already an autolink. Trailing punctuation is
/// the sentence's.
fn bare_url(line: &str, i: usize) -> Option<usize> {
    let rest = &line[i..];
    if !(rest.starts_with("https://") || rest.starts_with("http://")) {
        return None;
    }
    let before = &line[..i];
    let prev = before.chars().next_back();
    if prev.is_some_and(|p| p.is_alphanumeric() || "<[\"'=/".contains(p))
        || before.ends_with("](")
        || before.ends_with("]: ")
    {
        return None;
    }
    let end = rest.find(|c: char| c.is_whitespace() || "<>()[]\"'`".contains(c)).unwrap_or(rest.len());
    let url = rest[..end].trim_end_matches(['.', ',', ';', ':', '!', '?', '*', '_']);
    (url.len() > "https://".len()).then_some(url.len())
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
    let line = crate::escape_controls(&text.split_whitespace().collect::<Vec<_>>().join(" "));
    escape_inline(&line, &Inline::of(&line))
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

    /// The hostile run's description: each part alone failed `cargo doc -D warnings`.
    #[test]
    fn links_rustdoc_would_resolve_as_items_tags_left_open_and_bare_urls_are_shown_as_text() {
        let text = "See [the guide](Guide), [name][ref], <div>a note, </details> and http://example.com/pets.";
        assert_eq!(
            doc_lines(text),
            ["See \\[the guide](Guide), \\[name]\\[ref], \\<div>a note, \\</details> and <http://example.com/pets>."]
        );
        // Kept: URL and path targets, defined references, balanced tags, autolinks, code, link targets.
        let kept = "[a](https://x/y) [b](/docs/c) [c](#frag) [d][r] <b>e</b> <https://f.g> `http://h.i` \
                    [https://j.k](https://j.k) (https://l.m)\n\n[r]: https://n";
        assert_eq!(
            doc_lines(kept)[0],
            "[a](https://x/y) [b](/docs/c) [c](#frag) [d][r] <b>e</b> <https://f.g> `http://h.i` \
             [https://j.k](https://j.k) (<https://l.m>)"
        );
        assert_eq!(one_line("An <em>open tag"), "An \\<em>open tag");
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
