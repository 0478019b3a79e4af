//! `$ref` chains among components: a `$ref` to a component that is itself a
//! `$ref` is followed to the end, iteratively, and a ring is an error.

use indexmap::IndexMap;
use openapiv3::ReferenceOr;

/// The item `first` names, following `$ref`s into `components` (whose
/// references start with `prefix`, e.g. `#/components/parameters/`). `what`
/// names the kind in errors ("a parameter").
pub(super) fn follow<'d, T>(
    components: Option<&'d IndexMap<String, ReferenceOr<T>>>,
    prefix: &str,
    first: &'d ReferenceOr<T>,
    what: &str,
) -> Result<&'d T, String> {
    let mut seen: Vec<&str> = Vec::new();
    let mut at = first;
    loop {
        let reference = match at {
            ReferenceOr::Item(item) => return Ok(item),
            ReferenceOr::Reference { reference } => reference.as_str(),
        };
        if seen.len() >= super::MAX_ALIAS_DEPTH {
            return Err(format!(
                "$ref chain longer than {} components ({} → …): each is only a $ref to the next",
                super::MAX_ALIAS_DEPTH,
                seen[..3].join(" → ")
            ));
        }
        if seen.contains(&reference) {
            seen.push(reference);
            return Err(format!("$ref cycle that never reaches {what}: {}", seen.join(" → ")));
        }
        seen.push(reference);
        at = match reference.strip_prefix(prefix).and_then(|name| components?.get(name)) {
            Some(next) => next,
            None if seen.len() == 1 => return Err(format!("$ref `{reference}` does not resolve to {what}")),
            None => return Err(format!("$ref `{reference}` (reached through {}) does not resolve to {what}", seen[0])),
        };
    }
}
