//! Unions with no tag: the input is read once, then the variants are tried in
//! the order that fits it best, so an object goes to the struct whose fields
//! it names, not to the first struct that happens to accept it.

use serde::de::{self, Deserializer};
use serde::Deserialize;
use serde_json::Value;

use crate::runtime::VariantError;

/// The impls of an untagged union declared as plain Rust (one newtype variant
/// per shape): `Deserialize` through [`deserialize_untagged`]. A struct
/// variant lists its JSON field names and its required ones; other variants
/// (strings, arrays, maps, nested unions) list nothing and are tried in order;
/// a string variant of a `format` names it after `~` and takes only strings
/// of that format (see [`matches_format`]). With a dispatch property after
/// the name, a variant lists its value after `@`, and an object whose
/// property has that value tries that variant first.
/// `Serialize` is serde's `#[serde(untagged)]` derive.
///
/// ```text
/// crate::untagged_union_impl!(Operand { Operation = ["operator", "operands"] / [], Value = ["value"] / ["value"], Number });
/// crate::untagged_union_impl!(UserRef { Id ~ "uuid", Name });
/// crate::untagged_union_impl!(Pet, "petType" { Dog = ["petType"] / ["petType"] @ "dog", Cat = ["petType"] / ["petType"] @ "Cat" });
/// ```
#[macro_export]
#[doc(hidden)]
macro_rules! untagged_union_impl {
    ($name:ident $(, $dispatch:literal)? { $( $variant:ident $( = [$($field:literal),*] / [$($required:literal),*] )? $( ~ $format:literal )? $( @ $tag:literal )? ),* $(,)? }) => {
        impl<'de> $crate::runtime::__serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::runtime::__serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                let dispatch: ::std::option::Option<&str> = $crate::untagged_union_impl!(@option $( $dispatch )?);
                $crate::runtime::deserialize_untagged(deserializer, ::std::stringify!($name), dispatch, &[
                    $( $crate::runtime::Candidate {
                        fields: $crate::untagged_union_impl!(@fields $( [$($field),*] / [$($required),*] )?),
                        format: $crate::untagged_union_impl!(@option $( $format )?),
                        tag: $crate::untagged_union_impl!(@option $( $tag )?),
                        decode: |value| $crate::runtime::decode_variant_ref(value).map(Self::$variant),
                    }, )*
                ])
            }
        }
    };
    (@fields) => { ::std::option::Option::None };
    (@option) => { ::std::option::Option::None };
    (@option $format:literal) => { ::std::option::Option::Some($format) };
    (@fields [$($field:literal),*] / [$($required:literal),*]) => {
        ::std::option::Option::Some((&[$($field),*], &[$($required),*]))
    };
}

/// One variant of an untagged union, for [`deserialize_untagged`].
#[doc(hidden)]
pub struct Candidate<T> {
    /// A struct variant's field names and required fields; `None` for other shapes.
    pub fields: Option<(&'static [&'static str], &'static [&'static str])>,
    /// A string variant's `format`: only strings of that format are tried.
    pub format: Option<&'static str>,
    /// The value of the union's dispatch property that names this variant.
    pub tag: Option<&'static str>,
    pub decode: fn(&Value) -> Result<T, VariantError>,
}

/// Decodes one variant from the buffered input (see `decode_variant`).
#[doc(hidden)]
pub fn decode_variant_ref<V: serde::de::DeserializeOwned>(value: &Value) -> Result<V, VariantError> {
    serde_path_to_error::deserialize(value)
}

/// The shared half of an `untagged_union_impl!` `Deserialize`. For an
/// object, struct variants whose required fields are all present come first,
/// those naming fewer of its keys as unknown before others, then more matched
/// keys; then the variants of other shapes; structs missing a required field
/// last. A struct that names none of a non-empty object's keys is not tried:
/// it would take the object by ignoring all of it. Ties, and inputs that are
/// not objects, keep the declared order (most demanding first). The first
/// variant that decodes wins.
#[doc(hidden)]
pub fn deserialize_untagged<'de, D: Deserializer<'de>, T>(
    deserializer: D,
    name: &str,
    dispatch: Option<&str>,
    candidates: &[Candidate<T>],
) -> Result<T, D::Error> {
    let value = Value::deserialize(deserializer)?;
    let mut order: Vec<usize> = (0..candidates.len()).collect();
    if let Value::String(text) = &value {
        order.retain(|&i| candidates[i].format.is_none_or(|format| matches_format(format, text)));
    }
    if let Value::Object(object) = &value {
        let known = |fields: &[&str]| object.keys().filter(|k| fields.contains(&k.as_str())).count();
        order.retain(|&i| candidates[i].fields.is_none_or(|(fields, _)| object.is_empty() || known(fields) > 0));
        order.sort_by_key(|&i| match candidates[i].fields {
            Some((fields, required)) => {
                let complete = required.iter().all(|r| object.contains_key(*r));
                let known = known(fields);
                (if complete { 0 } else { 2 }, object.len() - known, usize::MAX - known, i)
            }
            None => (1, 0, 0, i),
        });
    }
    // The variant the dispatch property names goes first; an unlisted value keeps the order above.
    let named = dispatch.and_then(|property| value.get(property)).and_then(Value::as_str);
    if let Some(named) = named {
        order.sort_by_key(|&i| candidates[i].tag != Some(named));
    }
    let mut first_error = None;
    for i in order {
        match (candidates[i].decode)(&value) {
            Ok(decoded) => return Ok(decoded),
            Err(error) => {
                first_error.get_or_insert(error);
            }
        }
    }
    let why = first_error.map(|e| format!(": {e}")).unwrap_or_default();
    Err(de::Error::custom(format!("no variant of {name} matches{why}")))
}

/// Whether `text` has the string `format` of OpenAPI / JSON Schema:
/// `uuid`, `date`, `date-time` (RFC 3339), `ipv4`, `ipv6` and `email` are
/// checked by their shape; any other format accepts every string.
#[doc(hidden)]
pub fn matches_format(format: &str, text: &str) -> bool {
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let date = |s: &str| s.len() == 10 && s.split('-').map(|p| digits(p) as usize * p.len()).eq([4, 2, 2]);
    match format {
        "uuid" => {
            text.len() == 36
                && text.char_indices().all(|(i, c)| if [8, 13, 18, 23].contains(&i) { c == '-' } else { c.is_ascii_hexdigit() })
        }
        "date" => date(text),
        "date-time" => {
            let (Some(day), Some(time)) = (text.get(..10), text.get(10..)) else { return false };
            let clock = time.strip_prefix(['T', 't', ' ']).and_then(|t| t.get(..8)).unwrap_or("");
            date(day) && clock.split(':').map(|p| digits(p) as usize * p.len()).eq([2, 2, 2])
        }
        "ipv4" => text.parse::<std::net::Ipv4Addr>().is_ok(),
        "ipv6" => text.parse::<std::net::Ipv6Addr>().is_ok(),
        "email" => text.split_once('@').is_some_and(|(user, host)| !user.is_empty() && host.contains('.')),
        _ => true,
    }
}
