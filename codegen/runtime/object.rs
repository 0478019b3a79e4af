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

    pub fn into_string(self) -> String {
        self.0.into_owned()
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

/// Writes what a struct's visitor expects, for serde's error messages.
#[doc(hidden)]
pub fn expecting(f: &mut fmt::Formatter<'_>, name: &str) -> fmt::Result {
    write!(f, "struct {name}")
}

/// `Serialize`, `Deserialize` and [`Filler`](crate::runtime::Filler) for a
/// generated struct of named fields plus `meta: ObjectMeta`, read and written
/// as a JSON object in a fraction of serde's derive code. Each field is
/// `"json key" => rust_name kind`, where kind is
/// - `required`: `T`, always written;
/// - `nullable`: `Option<T>`, always written (`None` as `null`), the key required;
/// - `optional`: `Option<T>`, written when `Some`; absent or `null` read as `None`;
/// - `optional_nullable`: `Option<Option<T>>`, written when `Some`; absent read
///   as `None`, `null` as `Some(None)`;
/// - `read_only`: `T` (`readOnly`, set by the server), read as `required`, never written;
/// - `read_only_optional`: `Option<T>`, read as `optional`, never written.
///
/// What happens when the JSON does not match (a missing required key, an
/// unexpected `null` or JSON type, an undeclared key) is decided by
/// [`Reader`](crate::runtime::Reader): tolerant by default, recorded in `meta`;
/// an error under [`set_strict`](crate::runtime::set_strict).
///
/// The `strict` form (`object_serde!(strict Name { … })`) is for structs the
/// client only sends (no response reaches them): no `meta` field, no `Filler`,
/// always read strictly ([`Reader::always_strict`](crate::runtime::Reader::always_strict));
/// undeclared keys are skipped, as serde's derive does.
///
/// ```text
/// crate::object_serde!(Batch { "id" => id required, "note" => note optional });
/// crate::object_serde!(strict BatchRequest { "id" => id required });
/// ```
#[macro_export]
#[doc(hidden)]
macro_rules! object_serde {
    ($(#[$attr:meta])* strict $name:ident { $( $key:literal => $field:ident $kind:ident ),* $(,)? }) => {
        $(#[$attr])*
        impl $crate::runtime::__serde::Serialize for $name {
            fn serialize<S: $crate::runtime::__serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                use $crate::runtime::__serde::ser::SerializeMap;
                let mut map = serializer.serialize_map(::std::option::Option::None)?;
                $( $crate::object_serde!(@ser_strict map, self.$field, $key, $kind); )*
                map.end()
            }
        }

        $crate::object_serde!(@deserialize $(#[$attr])* $name always_strict take_strict [] { $( $key => $field $kind ),* });
    };
    ($(#[$attr:meta])* $name:ident { $( $key:literal => $field:ident $kind:ident ),* $(,)? }) => {
        $(#[$attr])*
        impl $crate::runtime::__serde::Serialize for $name {
            fn serialize<S: $crate::runtime::__serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                use $crate::runtime::__serde::ser::SerializeMap;
                let mut map = serializer.serialize_map(::std::option::Option::None)?;
                $( $crate::object_serde!(@ser map, self.$field, self.meta, $key, $kind); )*
                $crate::runtime::write_extras(&mut map, &self.meta)?;
                map.end()
            }
        }

        $crate::object_serde!(@deserialize $(#[$attr])* $name new take [meta] { $( $key => $field $kind ),* });

        $(#[$attr])*
        impl $crate::runtime::Filler for $name {
            fn filler() -> Self {
                $name {
                    $( $field: $crate::runtime::Filler::filler(), )*
                    meta: ::std::default::Default::default(),
                }
            }
        }
    };
    // The one `Deserialize` of both forms: `ctor` makes the `Reader`, `take` ends each field,
    // `[meta]` (tolerant only) keeps what the reader recorded.
    (@deserialize $(#[$attr:meta])* $name:ident $ctor:ident $take:ident [$($meta:ident)?] { $( $key:literal => $field:ident $kind:ident ),* }) => {
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
                        let mut reader = $crate::runtime::Reader::$ctor(::std::stringify!($name));
                        // Locals named after the fields: macro hygiene keeps them apart from `map` and `key`.
                        $( let mut $field = ::std::option::Option::None; )*
                        while let ::std::option::Option::Some(key) = map.next_key::<$crate::runtime::Key>()? {
                            match key.as_str() {
                                $( $key => $crate::object_serde!(@read reader map $field $key $kind), )*
                                _ => reader.extra(&mut map, key)?,
                            }
                        }
                        ::std::result::Result::Ok($name {
                            $( $field: $crate::object_serde!(@$take reader $field $key $kind), )*
                            $( $meta: reader.finish(), )?
                        })
                    }
                }
                deserializer.deserialize_map(__Visitor)
            }
        }
    };
    // `readOnly` fields are the server's: never sent, not even as they were read.
    (@ser $map:ident, $value:expr, $meta:expr, $key:literal, read_only) => {};
    (@ser $map:ident, $value:expr, $meta:expr, $key:literal, read_only_optional) => {};
    (@ser $map:ident, $value:expr, $meta:expr, $key:literal, $kind:ident) => {
        if !$crate::runtime::write_as_read(&mut $map, &$meta, $key)? {
            $crate::object_serde!(@write $map, $value, $meta, $key, $kind);
        }
    };
    (@write $map:ident, $value:expr, $meta:expr, $key:literal, required) => { $map.serialize_entry($key, &$value)? };
    (@write $map:ident, $value:expr, $meta:expr, $key:literal, nullable) => { $map.serialize_entry($key, &$value)? };
    (@write $map:ident, $value:expr, $meta:expr, $key:literal, optional) => {
        $crate::runtime::write_optional(&mut $map, &$meta, $key, &$value)?
    };
    (@write $map:ident, $value:expr, $meta:expr, $key:literal, $other:ident) => {
        if let ::std::option::Option::Some(value) = &$value {
            $map.serialize_entry($key, value)?;
        }
    };
    (@read $reader:ident $map:ident $field:ident $key:literal required) => { $field = $reader.read(&mut $map, $key, $crate::runtime::NullIs::Deviation)? };
    (@read $reader:ident $map:ident $field:ident $key:literal read_only) => { $field = $reader.read(&mut $map, $key, $crate::runtime::NullIs::Deviation)? };
    (@read $reader:ident $map:ident $field:ident $key:literal read_only_optional) => { $field = $reader.read(&mut $map, $key, $crate::runtime::NullIs::Remembered)? };
    (@read $reader:ident $map:ident $field:ident $key:literal optional) => { $field = $reader.read(&mut $map, $key, $crate::runtime::NullIs::Remembered)? };
    (@read $reader:ident $map:ident $field:ident $key:literal $other:ident) => {
        $field = ::std::option::Option::Some($reader.read(&mut $map, $key, $crate::runtime::NullIs::Value)?)
    };
    (@ser_strict $map:ident, $value:expr, $key:literal, read_only) => {};
    (@ser_strict $map:ident, $value:expr, $key:literal, read_only_optional) => {};
    (@ser_strict $map:ident, $value:expr, $key:literal, required) => { $map.serialize_entry($key, &$value)? };
    (@ser_strict $map:ident, $value:expr, $key:literal, nullable) => { $map.serialize_entry($key, &$value)? };
    (@ser_strict $map:ident, $value:expr, $key:literal, $other:ident) => {
        if let ::std::option::Option::Some(value) = &$value {
            $map.serialize_entry($key, value)?;
        }
    };
    (@take_strict $reader:ident $field:ident $key:literal required) => { $reader.present($field, $key)? };
    (@take_strict $reader:ident $field:ident $key:literal read_only) => { $reader.present($field, $key)? };
    (@take_strict $reader:ident $field:ident $key:literal nullable) => { $reader.present($field, $key)? };
    (@take_strict $reader:ident $field:ident $key:literal $other:ident) => { $field };
    (@take $reader:ident $field:ident $key:literal required) => { $reader.required($field, $key)? };
    (@take $reader:ident $field:ident $key:literal read_only) => { $reader.required($field, $key)? };
    (@take $reader:ident $field:ident $key:literal nullable) => { $reader.nullable($field, $key)? };
    (@take $reader:ident $field:ident $key:literal $other:ident) => { $field };
}
