//! Serde for optional nullable request fields, `Option<Option<T>>`: absent
//! (`None`), JSON `null` (`Some(None)`, e.g. to clear a value) or a value.
//! Use with `#[serde(default, skip_serializing_if = "Option::is_none", with = "...")]`.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Writes `Some(None)` as `null` and `Some(Some(v))` as `v` (`None` is skipped by the attribute).
pub fn serialize<T: Serialize, S: Serializer>(value: &Option<Option<T>>, serializer: S) -> Result<S::Ok, S::Error> {
    match value {
        Some(inner) => inner.serialize(serializer),
        None => serializer.serialize_none(),
    }
}

/// Present in the input: `null` becomes `Some(None)`; absence is `default`'s `None`.
pub fn deserialize<'de, T: Deserialize<'de>, D: Deserializer<'de>>(deserializer: D) -> Result<Option<Option<T>>, D::Error> {
    Option::<T>::deserialize(deserializer).map(Some)
}
