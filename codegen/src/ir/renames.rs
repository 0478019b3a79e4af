//! Renames must move no other name: the schemas are lowered a second time
//! without the config's type renames and each type, found by the pointer it
//! comes from, must have the name it had there, its new name, or the name
//! its renamed parent gives it, never that name with a number added; and no
//! type may take the name of an SDK helper (`RunAccumulator`).

use std::collections::{BTreeMap, HashMap};

use super::schema::SchemaLowerer;
use super::{documented_streams, operation};
use crate::load::Loaded;
use crate::Error;

use super::arena::Types;
use super::Helpers;

/// (rename key, problem) when a rename pushed another type's name to a
/// numbered one (`ThingQuery` → `ThingQuery2`).
pub(super) fn moved_names(
    loaded: &Loaded,
    renames: &BTreeMap<String, String>,
    renamed: &Types,
) -> Result<Option<(String, String)>, Error> {
    if renames.is_empty() {
        return Ok(None);
    }
    let mut plain = SchemaLowerer::new(loaded, &BTreeMap::new());
    plain.lower_components()?;
    let mut operations = operation::lower_operations(&mut plain)?;
    documented_streams::add(&mut plain, &mut operations);
    let before: HashMap<&str, &str> = plain.types.values().map(|d| (d.origin.as_str(), d.name.as_str())).collect();
    for def in renamed.values() {
        let Some(&old) = before.get(def.origin.as_str()) else { continue };
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
            return Ok(Some((key.clone(), problem)));
        }
    }
    Ok(None)
}

/// (rename key, problem) when a type renamed to `<Output>Accumulator` pushed
/// that stream accumulator to a numbered name.
pub(super) fn moved_helpers(
    helpers: &Helpers,
    types: &Types,
    renames: &BTreeMap<String, String>,
) -> Option<(String, String)> {
    helpers.accumulators.iter().find_map(|acc| {
        let wanted = format!("{}Accumulator", types.name(acc.output));
        let (key, _) = renames.iter().find(|(_, new)| acc.name != wanted && **new == wanted)?;
        Some((key.clone(), format!("`{wanted}` is the name of the stream accumulator of `{}`", types.name(acc.output))))
    })
}
