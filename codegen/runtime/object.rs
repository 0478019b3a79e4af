//! The generated structs' serde impls (`object_serde!`): each struct lists
//! its keys and fields; the key lookup ([`field_index`]), the one visitor
//! ([`ObjectVisitor`]), the missing-field check and the writer
//! ([`ObjectWriter`]) live here, once, instead of in a key enum and visitor
//! per struct.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, Deserializer, Visitor};
use serde::ser::{Serialize, SerializeMap, Serializer};

use crate::runtime::{write_as_read, write_extras, write_optional, ObjectMeta};

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
fn write_field<M: SerializeMap, T: Serialize + ?Sized>(
    map: &mut M,
    meta: &ObjectMeta,
    key: &'static str,
    value: &T,
) -> Result<(), M::Error> {
    write_unless_deviated(map, meta, key, |map| map.serialize_entry(key, value))
}

/// Writes an optional field of a tolerant struct: as read if it deviated,
/// else as [`write_optional`] does (absent, or a remembered `null`).
fn write_optional_field<M: SerializeMap, T: Serialize>(
    map: &mut M,
    meta: &ObjectMeta,
    key: &'static str,
    value: &Option<T>,
) -> Result<(), M::Error> {
    write_unless_deviated(map, meta, key, |map| write_optional(map, meta, key, value))
}

/// Writes an optional nullable field (`Option<Option<T>>`) of a tolerant
/// struct: as read if it deviated, else its value when `Some` (`null` for `Some(None)`).
fn write_present_field<M: SerializeMap, T: Serialize>(
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

/// The position of `key` among a struct's declared `keys` (`usize::MAX` when
/// it is not one): `object_serde!` matches on it.
#[doc(hidden)]
pub fn field_index(keys: &[&str], key: &str) -> usize {
    keys.iter().position(|declared| *declared == key).unwrap_or(usize::MAX)
}

/// Writes a struct's fields as a JSON object for `object_serde!`: one call
/// per field and no `Result` to check between them (the first error is kept,
/// nothing is written after it, and [`end`](Self::end) returns it).
#[doc(hidden)]
pub struct ObjectWriter<'a, S: Serializer> {
    map: S::SerializeMap,
    meta: &'a ObjectMeta,
    error: Option<S::Error>,
}

impl<'a, S: Serializer> ObjectWriter<'a, S> {
    /// Starts the object; `meta` is [`ObjectMeta::none`] for a struct without one.
    pub fn new(serializer: S, meta: &'a ObjectMeta) -> Result<Self, S::Error> {
        Ok(ObjectWriter { map: serializer.serialize_map(None)?, meta, error: None })
    }

    fn step(&mut self, write: impl FnOnce(&mut S::SerializeMap, &ObjectMeta) -> Result<(), S::Error>) {
        if self.error.is_none() {
            if let Err(error) = write(&mut self.map, self.meta) {
                self.error = Some(error);
            }
        }
    }

    /// A required (or required nullable) field: see [`write_field`].
    pub fn field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) {
        self.step(|map, meta| write_field(map, meta, key, value));
    }

    /// An optional field: see [`write_optional_field`].
    pub fn optional<T: Serialize>(&mut self, key: &'static str, value: &Option<T>) {
        self.step(|map, meta| write_optional_field(map, meta, key, value));
    }

    /// An optional nullable field (`Option<Option<T>>`): see [`write_present_field`].
    pub fn present<T: Serialize>(&mut self, key: &'static str, value: &Option<T>) {
        self.step(|map, meta| write_present_field(map, meta, key, value));
    }

    /// The undeclared keys kept in `meta`, then the end of the object; or the first error.
    pub fn end(mut self) -> Result<S::Ok, S::Error> {
        if let Some(error) = self.error {
            return Err(error);
        }
        write_extras(&mut self.map, self.meta)?;
        self.map.end()
    }
}

/// `Serialize`, `Deserialize` and [`Filler`](crate::runtime::Filler) for a
/// generated struct of named fields plus `meta: ObjectMeta`, read and written
/// as a JSON object in a fraction of serde's derive code. Each field is
/// `index "json key" => rust_name kind`, where `index` is the field's
/// position in the list (0, 1, 2, …; the generator numbers them) and kind is
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
/// crate::object_serde!(Batch { 0 "id" => id required, 1 "note" => note optional });
/// crate::object_serde!(strict BatchRequest { 0 "id" => id required });
/// ```
#[macro_export]
#[doc(hidden)]
macro_rules! object_serde {
    ($(#[$attr:meta])* strict $name:ident { $( $index:literal $key:literal => $field:ident $kind:ident ),* $(,)? }) => {
        $(#[$attr])*
        impl $crate::runtime::__serde::Serialize for $name {
            fn serialize<S: $crate::runtime::__serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                let mut writer = $crate::object_try!($crate::runtime::ObjectWriter::new(serializer, $crate::runtime::ObjectMeta::none()));
                $( $crate::object_serde!(@ser writer, self.$field, $key, $kind); )*
                writer.end()
            }
        }

        $crate::object_serde!(@deserialize $(#[$attr])* $name always_strict take_strict [] { $( $index $key => $field $kind ),* });
    };
    ($(#[$attr:meta])* $name:ident { $( $index:literal $key:literal => $field:ident $kind:ident ),* $(,)? }) => {
        $(#[$attr])*
        impl $crate::runtime::__serde::Serialize for $name {
            fn serialize<S: $crate::runtime::__serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                let mut writer = $crate::object_try!($crate::runtime::ObjectWriter::new(serializer, &self.meta));
                $( $crate::object_serde!(@ser writer, self.$field, $key, $kind); )*
                writer.end()
            }
        }

        $crate::object_serde!(@deserialize $(#[$attr])* $name new take [meta] { $( $index $key => $field $kind ),* });

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
    (@deserialize $(#[$attr:meta])* $name:ident $ctor:ident $take:ident [$($meta:ident)?] { $( $index:literal $key:literal => $field:ident $kind:ident ),* }) => {
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
                // The key's position among the declared ones: an integer `match`, and one `Result`
                // check per entry, cost the compiler far less than a `match` on strings with one per field.
                while let ::std::option::Option::Some(key) = $crate::object_try!(map.next_key::<$crate::runtime::Key>()) {
                    let read = match $crate::runtime::field_index(&[$($key),*], key.as_str()) {
                        $( $index => $crate::object_serde!(@read reader map $field $key $kind), )*
                        _ => reader.extra(&mut map, key),
                    };
                    $crate::object_try!(read);
                }
                ::std::result::Result::Ok($name {
                    $( $field: $crate::object_serde!(@$take reader $field $key $kind), )*
                    $( $meta: reader.finish(), )?
                })
            }
        }
    };
    // `readOnly` fields are the server's: never sent, not even as they were read.
    (@ser $writer:ident, $value:expr, $key:literal, read_only) => {};
    (@ser $writer:ident, $value:expr, $key:literal, read_only_optional) => {};
    (@ser $writer:ident, $value:expr, $key:literal, required) => { $writer.field($key, &$value) };
    (@ser $writer:ident, $value:expr, $key:literal, nullable) => { $writer.field($key, &$value) };
    (@ser $writer:ident, $value:expr, $key:literal, optional) => { $writer.optional($key, &$value) };
    (@ser $writer:ident, $value:expr, $key:literal, $other:ident) => { $writer.present($key, &$value) };
    (@read $reader:ident $map:ident $field:ident $key:literal required) => { $reader.read_into(&mut $map, &mut $field, $key, $crate::runtime::NullIs::Deviation) };
    (@read $reader:ident $map:ident $field:ident $key:literal read_only) => { $reader.read_into(&mut $map, &mut $field, $key, $crate::runtime::NullIs::Deviation) };
    (@read $reader:ident $map:ident $field:ident $key:literal read_only_optional) => { $reader.read_into(&mut $map, &mut $field, $key, $crate::runtime::NullIs::Remembered) };
    (@read $reader:ident $map:ident $field:ident $key:literal optional) => { $reader.read_into(&mut $map, &mut $field, $key, $crate::runtime::NullIs::Remembered) };
    (@read $reader:ident $map:ident $field:ident $key:literal $other:ident) => { $reader.read_present_into(&mut $map, &mut $field, $key) };
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
