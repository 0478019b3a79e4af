//! The generated structs' serde impls (`object_serde!`): each struct matches
//! its keys itself; the key type, the one visitor ([`ObjectVisitor`]), the
//! missing-field check and the per-field writers live here, once, instead of
//! in a key enum and visitor per struct.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, Deserializer, Visitor};
use serde::ser::{Serialize, SerializeMap};

use crate::runtime::{write_as_read, write_optional, ObjectMeta};

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

/// A struct `object_serde!` reads: its name and its fields' loop over the
/// JSON object's entries. One generic [`ObjectVisitor`] drives every struct,
/// instead of a visitor type and impl per struct.
#[doc(hidden)]
pub trait ReadObject: Sized {
    /// The Rust type name, for serde's "expected struct …" messages.
    const NAME: &'static str;

    /// Reads the struct from the entries of a JSON object.
    fn read_object<'de, A: de::MapAccess<'de>>(map: A) -> Result<Self, A::Error>;
}

/// The serde visitor of every `object_serde!` struct: accepts a map only.
#[doc(hidden)]
pub struct ObjectVisitor<T>(PhantomData<T>);

impl<T> ObjectVisitor<T> {
    pub fn new() -> Self {
        ObjectVisitor(PhantomData)
    }
}

impl<T> Default for ObjectVisitor<T> {
    fn default() -> Self {
        Self::new()
    }
}

impl<'de, T: ReadObject> Visitor<'de> for ObjectVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "struct {}", T::NAME)
    }

    fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        T::read_object(map)
    }
}

/// Writes `key` as it was read if it deviated (see [`write_as_read`]), else through `write`.
fn write_unless_deviated<M: SerializeMap>(
    map: &mut M,
    meta: &ObjectMeta,
    key: &'static str,
    write: impl FnOnce(&mut M) -> Result<(), M::Error>,
) -> Result<(), M::Error> {
    if write_as_read(map, meta, key)? {
        Ok(())
    } else {
        write(map)
    }
}

/// Writes a required (or required nullable) field of a tolerant struct: as
/// it was read if it deviated, else its value.
#[doc(hidden)]
pub fn write_field<M: SerializeMap, T: Serialize + ?Sized>(
    map: &mut M,
    meta: &ObjectMeta,
    key: &'static str,
    value: &T,
) -> Result<(), M::Error> {
    write_unless_deviated(map, meta, key, |map| map.serialize_entry(key, value))
}

/// Writes an optional field of a tolerant struct: as read if it deviated,
/// else as [`write_optional`] does (absent, or a remembered `null`).
#[doc(hidden)]
pub fn write_optional_field<M: SerializeMap, T: Serialize>(
    map: &mut M,
    meta: &ObjectMeta,
    key: &'static str,
    value: &Option<T>,
) -> Result<(), M::Error> {
    write_unless_deviated(map, meta, key, |map| write_optional(map, meta, key, value))
}

/// Writes an optional nullable field (`Option<Option<T>>`) of a tolerant
/// struct: as read if it deviated, else its value when `Some` (`null` for `Some(None)`).
#[doc(hidden)]
pub fn write_present_field<M: SerializeMap, T: Serialize>(
    map: &mut M,
    meta: &ObjectMeta,
    key: &'static str,
    value: &Option<T>,
) -> Result<(), M::Error> {
    write_unless_deviated(map, meta, key, |map| match value {
        Some(value) => map.serialize_entry(key, value),
        None => Ok(()),
    })
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
                let mut map = $crate::object_try!(serializer.serialize_map(::std::option::Option::None));
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
                let mut map = $crate::object_try!(serializer.serialize_map(::std::option::Option::None));
                $( $crate::object_serde!(@ser map, self.$field, self.meta, $key, $kind); )*
                $crate::object_try!($crate::runtime::write_extras(&mut map, &self.meta));
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
                deserializer.deserialize_map($crate::runtime::ObjectVisitor::<Self>::new())
            }
        }

        $(#[$attr])*
        impl $crate::runtime::ReadObject for $name {
            const NAME: &'static str = ::std::stringify!($name);
            fn read_object<'de, A: $crate::runtime::__serde::de::MapAccess<'de>>(
                mut map: A,
            ) -> ::std::result::Result<Self, A::Error> {
                let mut reader = $crate::runtime::Reader::$ctor(::std::stringify!($name));
                // Locals named after the fields: macro hygiene keeps them apart from `map` and `key`.
                $( let mut $field = ::std::option::Option::None; )*
                while let ::std::option::Option::Some(key) = $crate::object_try!(map.next_key::<$crate::runtime::Key>()) {
                    match key.as_str() {
                        $( $key => $crate::object_serde!(@read reader map $field $key $kind), )*
                        _ => $crate::object_try!(reader.extra(&mut map, key)),
                    }
                }
                ::std::result::Result::Ok($name {
                    $( $field: $crate::object_serde!(@$take reader $field $key $kind), )*
                    $( $meta: reader.finish(), )?
                })
            }
        }
    };
    // `readOnly` fields are the server's: never sent, not even as they were read.
    (@ser $map:ident, $value:expr, $meta:expr, $key:literal, read_only) => {};
    (@ser $map:ident, $value:expr, $meta:expr, $key:literal, read_only_optional) => {};
    // One runtime call per field: a deviating field is written as it was read, else its value.
    (@ser $map:ident, $value:expr, $meta:expr, $key:literal, required) => {
        $crate::object_try!($crate::runtime::write_field(&mut $map, &$meta, $key, &$value))
    };
    (@ser $map:ident, $value:expr, $meta:expr, $key:literal, nullable) => {
        $crate::object_try!($crate::runtime::write_field(&mut $map, &$meta, $key, &$value))
    };
    (@ser $map:ident, $value:expr, $meta:expr, $key:literal, optional) => {
        $crate::object_try!($crate::runtime::write_optional_field(&mut $map, &$meta, $key, &$value))
    };
    (@ser $map:ident, $value:expr, $meta:expr, $key:literal, $other:ident) => {
        $crate::object_try!($crate::runtime::write_present_field(&mut $map, &$meta, $key, &$value))
    };
    (@read $reader:ident $map:ident $field:ident $key:literal required) => { $field = $crate::object_try!($reader.read(&mut $map, $key, $crate::runtime::NullIs::Deviation)) };
    (@read $reader:ident $map:ident $field:ident $key:literal read_only) => { $field = $crate::object_try!($reader.read(&mut $map, $key, $crate::runtime::NullIs::Deviation)) };
    (@read $reader:ident $map:ident $field:ident $key:literal read_only_optional) => { $field = $crate::object_try!($reader.read(&mut $map, $key, $crate::runtime::NullIs::Remembered)) };
    (@read $reader:ident $map:ident $field:ident $key:literal optional) => { $field = $crate::object_try!($reader.read(&mut $map, $key, $crate::runtime::NullIs::Remembered)) };
    (@read $reader:ident $map:ident $field:ident $key:literal $other:ident) => {
        $field = ::std::option::Option::Some($crate::object_try!($reader.read(&mut $map, $key, $crate::runtime::NullIs::Value)))
    };
    (@ser_strict $map:ident, $value:expr, $key:literal, read_only) => {};
    (@ser_strict $map:ident, $value:expr, $key:literal, read_only_optional) => {};
    (@ser_strict $map:ident, $value:expr, $key:literal, required) => { $crate::object_try!($map.serialize_entry($key, &$value)) };
    (@ser_strict $map:ident, $value:expr, $key:literal, nullable) => { $crate::object_try!($map.serialize_entry($key, &$value)) };
    (@ser_strict $map:ident, $value:expr, $key:literal, $other:ident) => {
        if let ::std::option::Option::Some(value) = &$value {
            $crate::object_try!($map.serialize_entry($key, value));
        }
    };
    (@take_strict $reader:ident $field:ident $key:literal required) => { $crate::object_try!($reader.present($field, $key)) };
    (@take_strict $reader:ident $field:ident $key:literal read_only) => { $crate::object_try!($reader.present($field, $key)) };
    (@take_strict $reader:ident $field:ident $key:literal nullable) => { $crate::object_try!($reader.present($field, $key)) };
    (@take_strict $reader:ident $field:ident $key:literal $other:ident) => { $field };
    (@take $reader:ident $field:ident $key:literal required) => { $crate::object_try!($reader.required($field, $key)) };
    (@take $reader:ident $field:ident $key:literal read_only) => { $crate::object_try!($reader.required($field, $key)) };
    (@take $reader:ident $field:ident $key:literal nullable) => { $crate::object_try!($reader.nullable($field, $key)) };
    (@take $reader:ident $field:ident $key:literal $other:ident) => { $field };
}

/// `?` without its `From` conversion, for the code of `object_serde!`: the
/// error types there already match, and resolving `From` for a serde error
/// type (an associated type) costs the type checker a search of every `From`
/// impl in scope, once per field (measured: see the README's Performance).
#[macro_export]
#[doc(hidden)]
macro_rules! object_try {
    ($result:expr) => {
        match $result {
            ::std::result::Result::Ok(value) => value,
            ::std::result::Result::Err(error) => return ::std::result::Result::Err(error),
        }
    };
}
