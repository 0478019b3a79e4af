//! Renames must move no other name: the types are named a second time
//! without the config's type renames and each type must have the name it
//! had there, its new name, or the name its renamed parent gives it, never
//! that name with a number added; and no type may take the name of an SDK
//! helper (`RunAccumulator`).

use std::collections::BTreeMap;

use super::arena::Types;
use super::helpers::accumulator_name;
use super::naming::{type_names, Wanted};
use super::Helpers;

/// (rename key, problem) when a rename pushed another type's name to a
/// numbered one (`ThingQuery` → `ThingQuery2`).
pub(super) fn moved_names(
    wanted: &[Wanted],
    renames: &BTreeMap<String, String>,
    renamed: &Types,
) -> Option<(String, String)> {
    if renames.is_empty() {
        return None;
    }
    let (before, _) = type_names(wanted, &BTreeMap::new());
    for (id, def) in renamed.iter() {
        let old = before[id.index()].as_str();
        // Its own new name, or its renamed parent's new name with the rest of its old name.
        let expected = renames.get(old).cloned().unwrap_or_else(|| {
            let parent =
                renames.iter().filter(|(key, _)| old.starts_with(key.as_str())).max_by_key(|(key, _)| key.len());
            parent.map(|(key, new)| format!("{new}{}", &old[key.len()..])).unwrap_or_else(|| old.to_string())
        });
        let numbered = def
            .name
            .strip_prefix(expected.as_str())
            .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
        if numbered {
            let (key, _) = renames
                .iter()
                .filter(|(_, new)| expected.starts_with(new.as_str()))
                .max_by_key(|(_, new)| new.len())
                .or_else(|| renames.iter().next())
                .expect("renames is not empty");
            let problem = format!(
                "the renames give `{expected}` to another type, so the schema at {} would become `{}`",
                def.origin, def.name
            );
            return Some((key.clone(), problem));
        }
    }
    None
}

/// (rename key, problem) when a type renamed to `<Output>Accumulator` pushed
/// that stream accumulator to a numbered name.
pub(super) fn moved_helpers(
    helpers: &Helpers,
    types: &Types,
    renames: &BTreeMap<String, String>,
) -> Option<(String, String)> {
    helpers.accumulators.iter().find_map(|acc| {
        let wanted = accumulator_name(types.name(acc.output));
        let (key, _) = renames.iter().find(|(_, new)| acc.name != wanted && **new == wanted)?;
        Some((key.clone(), format!("`{wanted}` is the name of the stream accumulator of `{}`", types.name(acc.output))))
    })
}
