//! Unions told apart by a tag property (OpenAPI `discriminator`), decoded by
//! reading the input once and looking the tag up.

use serde::de::{self, DeserializeOwned, Deserializer};
use serde::Deserialize;
use serde_json::Value;

use crate::runtime::strict_enums;

/// The impls of a tagged union declared as plain Rust: one newtype variant per
/// tag value (its type holds the tag property itself, so serializing it as is
/// writes the tag) plus `Unknown(serde_json::Value)`, which keeps an object
/// whose tag is missing or not listed (an error with the `strict` feature).
/// Generates `TAG`, `TAGS`, `tag()`, `Serialize` and `Deserialize`.
///
/// A variant several tag values select lists them as `Variant = "a" | "b"`.
///
/// ```text
/// #[derive(Debug, Clone, PartialEq)]
/// pub enum Part {
///     Text(TextPart),
///     ImageUrl(Box<ImagePart>),
///     Unknown(serde_json::Value),
/// }
/// crate::tagged_union_impl!(Part, "type" { Text = "text", ImageUrl = "image_url" });
/// ```
#[macro_export]
#[doc(hidden)]
macro_rules! tagged_union_impl {
    (
        $name:ident, $tag:literal {
            $( $variant:ident = $value:literal $(| $alias:literal)* $([$add_tag:ident])? ),* $(,)?
        }
    ) => {
        impl $name {
            /// The property whose value selects the variant.
            pub const TAG: &'static str = $tag;
            /// The tag values the API description lists.
            pub const TAGS: &'static [&'static str] = &[$( $value, $($alias,)* )*];

            /// The tag value: the (first) listed one of a known variant, or an
            /// unknown value's own tag if it is a string.
            #[inline]
            pub fn tag(&self) -> ::std::option::Option<&str> {
                match self {
                    $( Self::$variant(_) => ::std::option::Option::Some($value), )*
                    Self::Unknown(value) => value.get($tag).and_then(|tag| tag.as_str()),
                }
            }
        }

        impl $crate::runtime::Filler for $name {
            /// `Unknown(null)`: a required value the server did not send.
            #[inline]
            fn filler() -> Self {
                Self::Unknown($crate::runtime::__serde_json::Value::Null)
            }
        }

        impl $crate::runtime::__serde::Serialize for $name {
            fn serialize<S: $crate::runtime::__serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                match self {
                    $( Self::$variant(value) => {
                        $crate::tagged_union_impl!(@serialize value serializer $tag $value $($add_tag)?)
                    } )*
                    Self::Unknown(value) => $crate::runtime::__serde::Serialize::serialize(value, serializer),
                }
            }
        }

        impl<'de> $crate::runtime::__serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::runtime::__serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                $crate::runtime::deserialize_tagged_union(deserializer, $tag, Self::TAGS, |tag, value| match tag {
                    $( ::std::option::Option::Some($value $(| $alias)*) => {
                        $crate::runtime::decode_variant(value).map(Self::$variant)
                    } )*
                    _ => ::std::result::Result::Ok(Self::Unknown(value)),
                })
            }
        }
    };
    // A variant whose schema declares the tag writes it itself; `[add_tag]` marks one that does not.
    (@serialize $v:ident $s:ident $tag:literal $value:literal) => {
        $crate::runtime::__serde::Serialize::serialize($v, $s)
    };
    (@serialize $v:ident $s:ident $tag:literal $value:literal add_tag) => {
        $crate::runtime::serialize_adding_tag($v, $tag, $value, $s)
    };
}

/// Serializes `value`, a variant whose schema does not declare the union's
/// tag property, with `tag: tag_value` added (kept if the value already
/// holds the key, say from the keys it was read with): the server reads the
/// tag to tell the variants apart (OpenAPI's Discriminator Object).
#[doc(hidden)]
pub fn serialize_adding_tag<T: serde::Serialize, S: serde::Serializer>(
    value: &T,
    tag: &str,
    tag_value: &str,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    let mut json = serde_json::to_value(value).map_err(serde::ser::Error::custom)?;
    if let Value::Object(map) = &mut json {
        map.entry(tag).or_insert_with(|| Value::String(tag_value.to_string()));
    }
    serde::Serialize::serialize(&json, serializer)
}

/// Why a listed variant failed to decode, with the path inside the variant.
#[doc(hidden)]
pub type VariantError = serde_path_to_error::Error<serde_json::Error>;

/// Decodes one variant of a tagged union from the buffered input. Path
/// tracking costs no more code than `from_value` and keeps the failing
/// member's place, which the outer decoder cannot see through the buffer.
#[doc(hidden)]
pub fn decode_variant<V: DeserializeOwned>(value: Value) -> Result<V, VariantError> {
    serde_path_to_error::deserialize(value)
}

/// The shared half of a `tagged_union_impl!` `Deserialize`: reads the input
/// once, finds the listed tag value, then lets `decode` build the variant
/// (`None`: keep the value as `Unknown`).
#[doc(hidden)]
pub fn deserialize_tagged_union<'de, D: Deserializer<'de>, T>(
    deserializer: D,
    tag: &'static str,
    tags: &'static [&'static str],
    decode: fn(Option<&'static str>, Value) -> Result<T, VariantError>,
) -> Result<T, D::Error> {
    let value = Value::deserialize(deserializer)?;
    let known = known_tag(&value, tag, tags).map_err(de::Error::custom)?;
    decode(known, value).map_err(|e| de::Error::custom(variant_error(tag, known, e)))
}

/// The listed tag value `value` carries, or `None` if it is to be kept as
/// `Unknown`. A non-object is an error even when lenient: a future variant is
/// still an object, and the error lets an enclosing untagged union try on.
fn known_tag(
    value: &Value,
    tag: &str,
    tags: &'static [&'static str],
) -> Result<Option<&'static str>, String> {
    let Value::Object(map) = value else {
        return Err(format!(
            "expected an object with a `{tag}` member, found {}",
            kind(value)
        ));
    };
    let text;
    let found = match map.get(tag) {
        Some(Value::String(found)) => found,
        // An integer or boolean tag (`v: 1`): the mapping's keys are its JSON text.
        Some(value @ (Value::Number(_) | Value::Bool(_))) => {
            text = value.to_string();
            &text
        }
        _ if !strict_enums() => return Ok(None),
        None => return Err(format!("missing field `{tag}`")),
        Some(other) => return Err(format!("`{tag}` is {}, not a string", kind(other))),
    };
    match tags.iter().find(|t| **t == found) {
        Some(known) => Ok(Some(known)),
        None if !strict_enums() => Ok(None),
        None => Err(format!(
            "unknown `{tag}` value `{found}`, expected {}",
            one_of(tags)
        )),
    }
}

fn variant_error(tag: &str, known: Option<&str>, error: VariantError) -> String {
    format!("{tag} `{}`: {error}", known.unwrap_or_default())
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// Worded as serde words the expected variants of an enum.
fn one_of(tags: &[&str]) -> String {
    match tags {
        [] => "no value (none is listed)".to_owned(),
        [only] => format!("`{only}`"),
        [first, second] => format!("`{first}` or `{second}`"),
        _ => {
            let quoted: Vec<String> = tags.iter().map(|t| format!("`{t}`")).collect();
            format!("one of {}", quoted.join(", "))
        }
    }
}
