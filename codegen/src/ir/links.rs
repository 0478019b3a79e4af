//! Relative links in spec text (`[guide](/docs/guides/text)`), which rustdoc
//! cannot follow, made absolute against the generator config's
//! `docs_base_url` (`https://platform.openai.com/docs/guides/text`). Without
//! that key the text is left as the spec wrote it.

use super::model::*;

/// Rewrites every description and title of `api` against `base` (no trailing `/`).
pub(super) fn absolutize(api: &mut Api, base: &str) {
    let fix = |text: &mut String| {
        if text.contains("](/") || text.contains("]: /") || text.contains("href=\"/") {
            *text = absolute(text, base);
        }
    };
    let docs = |d: &mut Docs| {
        d.title.iter_mut().chain(d.description.iter_mut()).for_each(fix);
    };
    for def in api.types.values_mut() {
        docs(&mut def.docs);
        if let TypeKind::Struct(s) = &mut def.kind {
            s.fields.iter_mut().for_each(|f| docs(&mut f.docs));
        }
    }
    for op in &mut api.operations {
        docs(&mut op.docs);
        for p in op.path_params.iter_mut().chain(&mut op.query_params).chain(&mut op.header_params) {
            docs(&mut p.docs);
        }
        op.responses.iter_mut().filter_map(|r| r.description.as_mut()).for_each(fix);
    }
    api.auth.iter_mut().filter_map(|a| a.description.as_mut()).for_each(fix);
}

/// `text` with each link target starting with `/` (Markdown inline and
/// reference links, HTML `href`) prefixed by `base`; `//host` links are left alone.
fn absolute(text: &str, base: &str) -> String {
    let mut out = text.to_string();
    for opener in ["](", "]: ", "href=\""] {
        let mut result = String::with_capacity(out.len());
        let mut rest = out.as_str();
        while let Some(at) = rest.find(opener) {
            let (head, tail) = rest.split_at(at + opener.len());
            result.push_str(head);
            if tail.starts_with('/') && !tail.starts_with("//") {
                result.push_str(base);
            }
            rest = tail;
        }
        result.push_str(rest);
        out = result;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::absolute;

    #[test]
    fn relative_targets_get_the_base() {
        let base = "https://platform.openai.com";
        assert_eq!(
            absolute("See [text](/docs/guides/text) and [x](https://a.b/c).", base),
            "See [text](https://platform.openai.com/docs/guides/text) and [x](https://a.b/c)."
        );
        assert_eq!(
            absolute("[a]: /docs/a\n<a href=\"/docs/b\">b</a>", base),
            "[a]: https://platform.openai.com/docs/a\n<a href=\"https://platform.openai.com/docs/b\">b</a>"
        );
        assert_eq!(absolute("[p](//cdn.example/x) [q](#anchor)", base), "[p](//cdn.example/x) [q](#anchor)");
    }
}
