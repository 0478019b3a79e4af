//! The generated structs' serde impls (`object_serde!`): each struct matches
//! its keys itself; the key type and the missing-field check live here, once,
//! instead of in a key enum and visitor per struct.

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, Deserializer, Visitor};

/// An object key, borrowed from the input when it can be.
#[doc(hidden)]
pub struct Key<'de>(Cow<'de, str>);

impl Key<'_> {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl<'de> de::Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(KeyVisitor)
    }
}

struct KeyVisitor;

impl<'de> Visitor<'de> for KeyVisitor {
    type Value = Key<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a field name")
    }

    fn visit_borrowed_str<E: de::Error>(self, value: &'de str) -> Result<Key<'de>, E> {
        Ok(Key(Cow::Borrowed(value)))
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<Key<'de>, E> {
        Ok(Key(Cow::Owned(value.to_owned())))
    }

    fn visit_string<E: de::Error>(self, value: String) -> Result<Key<'de>, E> {
        Ok(Key(Cow::Owned(value)))
    }
}

/// The value of a required field, or serde's "missing field" error.
#[doc(hidden)]
pub fn required<T, E: de::Error>(value: Option<T>, field: &'static str) -> Result<T, E> {
    value.ok_or_else(|| E::missing_field(field))
}

/// Writes what a struct's visitor expects, for serde's error messages.
#[doc(hidden)]
pub fn expecting(f: &mut fmt::Formatter<'_>, name: &str) -> fmt::Result {
    write!(f, "struct {name}")
}

/// `Serialize` and `Deserialize` for a generated struct of named fields,
/// written and read as serde's derives do (a JSON object; unknown keys
/// skipped; a missing required field an error) in a fraction of the code: no
/// key enum, no sequence form, no length count. Each field is
/// `"json key" => rust_name kind`, where kind is
/// - `required`: `T`, always written;
/// - `nullable`: `Option<T>`, always written (`None` as `null`), read as `optional`;
/// - `optional`: `Option<T>`, written when `Some`; absent or `null` read as `None`;
/// - `optional_nullable`: `Option<Option<T>>`, written when `Some`; absent read
///   as `None`, `null` as `Some(None)`;
/// - `read_only`: `T` (`readOnly`, set by the server), read as `required`, never written;
/// - `read_only_optional`: `Option<T>`, read as `optional`, never written.
///
/// ```text
/// crate::object_serde!(Batch { "id" => id required, "note" => note optional });
/// ```
#[macro_export]
#[doc(hidden)]
macro_rules! object_serde {
    ($(#[$attr:meta])* $name:ident { $( $key:literal => $field:ident $kind:ident ),* $(,)? }) => {
        $(#[$attr])*
        impl $crate::runtime::__serde::Serialize for $name {
            fn serialize<S: $crate::runtime::__serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                use $crate::runtime::__serde::ser::SerializeMap;
                let mut map = serializer.serialize_map(::std::option::Option::None)?;
                $( $crate::object_serde!(@write map, self.$field, $key, $kind); )*
                map.end()
            }
        }

        $(#[$attr])*
        impl<'de> $crate::runtime::__serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::runtime::__serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                struct __Visitor;
                impl<'de> $crate::runtime::__serde::de::Visitor<'de> for __Visitor {
                    type Value = $name;
                    fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        $crate::runtime::expecting(f, ::std::stringify!($name))
                    }
                    fn visit_map<A: $crate::runtime::__serde::de::MapAccess<'de>>(
                        self,
                        mut map: A,
                    ) -> ::std::result::Result<$name, A::Error> {
                        // Locals named after the fields: macro hygiene keeps them apart from `map` and `key`.
                        $( let mut $field = ::std::option::Option::None; )*
                        while let ::std::option::Option::Some(key) = map.next_key::<$crate::runtime::Key>()? {
                            match key.as_str() {
                                $( $key => $crate::object_serde!(@read map $field $kind), )*
                                _ => {
                                    map.next_value::<$crate::runtime::__serde::de::IgnoredAny>()?;
                                }
                            }
                        }
                        ::std::result::Result::Ok($name {
                            $( $field: $crate::object_serde!(@take $field $key $kind), )*
                        })
                    }
                }
                deserializer.deserialize_map(__Visitor)
            }
        }
    };
    (@write $map:ident, $value:expr, $key:literal, required) => { $map.serialize_entry($key, &$value)? };
    (@write $map:ident, $value:expr, $key:literal, nullable) => { $map.serialize_entry($key, &$value)? };
    (@write $map:ident, $value:expr, $key:literal, read_only) => {};
    (@write $map:ident, $value:expr, $key:literal, read_only_optional) => {};
    (@write $map:ident, $value:expr, $key:literal, $other:ident) => {
        if let ::std::option::Option::Some(value) = &$value {
            $map.serialize_entry($key, value)?;
        }
    };
    (@read $map:ident $field:ident optional) => { $field = $map.next_value()? };
    (@read $map:ident $field:ident nullable) => { $field = $map.next_value()? };
    (@read $map:ident $field:ident read_only_optional) => { $field = $map.next_value()? };
    (@read $map:ident $field:ident $other:ident) => { $field = ::std::option::Option::Some($map.next_value()?) };
    (@take $field:ident $key:literal required) => { $crate::runtime::required($field, $key)? };
    (@take $field:ident $key:literal read_only) => { $crate::runtime::required($field, $key)? };
    (@take $field:ident $key:literal $other:ident) => { $field };
}
