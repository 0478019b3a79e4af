//! Markdown written around spec text in generated docs.

/// `text` as a Markdown code span (CommonMark 6.1): one backtick each side,
/// or, when `text` holds backticks, a run longer than any inside, spaced, so
/// a backtick from the spec cannot end the span early and let what follows
/// (`<model>`, `[link]`) be read as HTML or a link.
pub fn code(text: &str) -> String {
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    if longest == 0 {
        return format!("`{text}`");
    }
    let fence = "`".repeat(longest + 1);
    format!("{fence} {text} {fence}")
}

#[cfg(test)]
mod tests {
    use super::code;

    #[test]
    fn a_backtick_inside_cannot_close_the_span() {
        assert_eq!(code("plain"), "`plain`");
        assert_eq!(code("x`<div>"), "`` x`<div> ``");
        assert_eq!(code("``a`"), "``` ``a` ```");
    }
}
