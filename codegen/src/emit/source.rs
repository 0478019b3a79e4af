//! Rust source written as text, already laid out, for the regular bulk of a
//! models file: type declarations, their serde macro calls, and the request
//! types' constructors and setters. Going through tokens, syn and
//! prettyplease cost most of generation's time for this code, whose shapes
//! never vary; the rest of the crate (the clients' method bodies, helpers)
//! is still formatted by prettyplease.
//!
//! The layout is prettyplease's where it is one line wide (`///` docs, four
//! spaces, items back to back). It differs on purpose in two places: a
//! declaration's line is never wrapped, and a list that is (a macro's
//! entries, a constructor's parameters and fields) is written one entry per
//! line, so a field added in the spec is a one-line diff instead of a
//! reflowed paragraph.

/// The widest `head(items)tail` `parens_block` writes on one line (columns,
/// indentation included, the ` {` after it not); a wider one gets one item per line.
const WIDTH: usize = 100;

/// A file's text as it is built; every method ends on a line break.
#[derive(Default)]
pub struct Source {
    text: String,
    indent: usize,
}

impl Source {
    /// The text written so far.
    pub fn finish(self) -> String {
        self.text
    }

    /// One line at the current indentation.
    pub fn line(&mut self, line: impl AsRef<str>) {
        let line = line.as_ref();
        if !line.is_empty() {
            self.pad();
            self.text.push_str(line);
        }
        self.text.push('\n');
    }

    /// `head {`, then what `body` writes indented, then `}` and `tail`.
    pub fn block(&mut self, head: impl AsRef<str>, tail: &str, body: impl FnOnce(&mut Self)) {
        self.line(format!("{} {{", head.as_ref()));
        self.indent += 1;
        let before = self.text.len();
        body(self);
        self.indent -= 1;
        if self.text.len() == before {
            // prettyplease's empty body: `pub struct A {}`.
            self.text.truncate(before - 1);
            self.text.push('}');
            self.text.push_str(tail);
            self.text.push('\n');
        } else {
            self.line(format!("}}{tail}"));
        }
    }

    /// One doc line (text after `///`, with its leading space, as
    /// `docs::spaced_lines` gives it), made safe for a comment
    /// (`docs::comment_safe`); one `///` cannot hold (starting with `/`) is
    /// written `#[doc = "…"]`, as prettyplease writes it.
    pub fn doc(&mut self, line: &str) {
        let line = super::docs::comment_safe(line);
        if super::docs::needs_attribute(&line) {
            self.line(format!("#[doc = {}]", string(&line)));
        } else {
            self.line(format!("///{}", line.trim_end_matches(' ')));
        }
    }

    /// `cfg` (a `#[cfg(..)]` line, `features::cfg_line`) when there is one.
    pub fn cfg(&mut self, cfg: Option<&str>) {
        if let Some(cfg) = cfg {
            self.line(cfg);
        }
    }

    /// Every line of `lines` as a doc line.
    pub fn docs(&mut self, lines: &[String]) {
        for line in lines {
            self.doc(line);
        }
    }

    /// `name!(head { entries });`: on one line with at most one entry, else
    /// one entry per line with a trailing comma (every list macro of the
    /// runtime takes one).
    pub fn macro_call(&mut self, name: &str, head: &str, entries: &[String]) {
        self.braces(&format!("{name}!({head}"), entries, ");");
    }

    /// `{head}({items}){tail} {`, the list on one line when it fits in
    /// `WIDTH` columns, else one item per line; then `body` and `}`.
    pub fn parens_block(&mut self, head: &str, items: &[String], tail: &str, body: impl FnOnce(&mut Self)) {
        let one_line = format!("{head}({}){tail}", items.join(", "));
        if self.fits(&one_line) {
            return self.block(one_line, "", body);
        }
        self.line(format!("{head}("));
        self.indented(items, ",");
        self.block(format!("){tail}"), "", body);
    }

    /// `{head} { items }{tail}` (a struct expression, or a macro's list):
    /// on one line with at most one item, else one item per line, as
    /// prettyplease writes a struct expression.
    pub fn braces(&mut self, head: &str, items: &[String], tail: &str) {
        match items {
            [] => self.line(format!("{head} {{}}{tail}")),
            [one] => self.line(format!("{head} {{ {one} }}{tail}")),
            many => {
                self.line(format!("{head} {{"));
                self.indented(many, ",");
                self.line(format!("}}{tail}"));
            }
        }
    }

    fn fits(&self, line: &str) -> bool {
        self.indent * 4 + line.chars().count() <= WIDTH
    }

    fn indented(&mut self, items: &[String], end: &str) {
        self.indent += 1;
        for item in items {
            self.line(format!("{item}{end}"));
        }
        self.indent -= 1;
    }

    fn pad(&mut self) {
        for _ in 0..self.indent {
            self.text.push_str("    ");
        }
    }
}

/// A Rust string literal holding `value` (escaped as `{:?}` does: quotes,
/// backslashes and control characters).
pub fn string(value: &str) -> String {
    format!("{value:?}")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What prettyplease prints for `tokens`, to compare layouts with.
    fn pretty(tokens: &str) -> String {
        prettyplease::unparse(&syn::parse_file(tokens).unwrap())
    }

    #[test]
    fn one_line_items_are_laid_out_as_prettyplease_lays_them_out() {
        let mut source = Source::default();
        source.line("#[cfg(feature = \"chat\")]");
        source.doc(" A type.");
        source.doc("");
        source.doc(" trailing  ");
        source.doc("/ slash");
        source.line("#[derive(Clone)]");
        source.block("pub struct A", "", |s| {
            s.doc(" A field.");
            s.line("pub b: Option<Vec<String>>,");
        });
        source.block("pub struct Empty", "", |_| {});
        source.block("impl Trait for A", "", |s| {
            s.line("#[inline]");
            s.block("fn f() -> Self", "", |s| s.line("A { b: None }"));
        });
        source.line("pub type C = crate::runtime::Constant<constants::C>;");
        let text = source.finish();
        assert_eq!(text, pretty(&text));
    }

    #[test]
    fn a_macro_list_is_one_line_or_one_entry_per_line() {
        let mut source = Source::default();
        source.macro_call("m", "A", &["x".into()]);
        source.macro_call("m", "B", &["x = \"1\"".into(), "y = \"2\"".into()]);
        assert_eq!(source.finish(), "m!(A { x });\nm!(B {\n    x = \"1\",\n    y = \"2\",\n});\n");
    }

    #[test]
    fn strings_and_awkward_doc_lines_stay_rust() {
        let mut source = Source::default();
        for line in [" quote \" back\\slash", "/ slash", " bare\rcr", " tab\tand \u{1b} and é", " rtl \u{202e} mark"] {
            source.doc(line);
        }
        source.line(format!("const S: &str = {};", string("a\"b\\c\n\u{0}")));
        let text = source.finish();
        let file = syn::parse_file(&text).expect("the text parses");
        assert_eq!(file.attrs.len() + file.items.len(), 1, "{text}");
        assert!(text.contains("#[doc = \"/ slash\"]"), "{text}");
        assert!(text.contains("/// bare\\rcr") && text.contains("/// rtl \\u{202e} mark"), "{text}");
    }
}
