//! The generated structs' serde impls (`object_serde!`): each struct lists
//! its keys and fields; the loop over a JSON object's entries
//! ([`read_fields`]), the one visitor ([`ObjectVisitor`]), the missing-field
//! check and the writer ([`ObjectWriter`]) live here, once, instead of in a
//! key enum and visitor per struct.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, Deserializer, Visitor};
use serde::ser::{Serialize, SerializeMap, Serializer};

use crate::runtime::{write_as_read, write_extras, write_optional, FieldKind, Filler, ObjectMeta, Reader};

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

impl<'de, T: ReadFields> Visitor<'de> for ObjectVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "struct {}", T::NAME)
    }

    fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        read_fields(map)
    }
}

/// A struct `object_serde!` reads: its fields as a table, and one `match`
/// that reads a field into its place; [`read_fields`] runs the loop over the
/// JSON object's entries, once for every struct, and one generic
/// [`ObjectVisitor`] drives it (no visitor type or loop per struct).
#[doc(hidden)]
pub trait ReadFields: Filler {
    /// The Rust type name, for serde's "expected struct …" messages and deviations.
    const NAME: &'static str;
    /// Each field's JSON key and kind, in declaration order (a field's index is its position).
    const FIELDS: &'static [(&'static str, FieldKind)];
    /// Read strictly whatever [`set_strict`](crate::runtime::set_strict) says:
    /// a struct no response reaches, which has no `meta` to record in.
    const ALWAYS_STRICT: bool = false;

    /// Reads the value of the field at `index` of [`FIELDS`](Self::FIELDS) into its place.
    fn read_field<'de, A: de::MapAccess<'de>>(
        &mut self,
        reader: &mut Reader,
        map: &mut A,
        index: usize,
    ) -> Result<(), A::Error>;

    /// Stores what the reader recorded (undeclared keys, deviations); a
    /// struct without `meta` has nothing to store it in.
    fn keep_meta(&mut self, _meta: ObjectMeta) {}
}

/// Reads every `object_serde!` struct: it starts as its [`Filler`], each
/// declared key's value is read into its field, undeclared keys go to the
/// [`Reader`], and the required fields never seen are checked at the end
/// (recorded as missing, or serde's "missing field" error when strict).
#[doc(hidden)]
pub fn read_fields<'de, T: ReadFields, A: de::MapAccess<'de>>(mut map: A) -> Result<T, A::Error> {
    let mut reader = match T::ALWAYS_STRICT {
        true => Reader::always_strict(T::NAME),
        false => Reader::new(T::NAME),
    };
    let mut value = T::filler();
    while let Some(key) = map.next_key::<Key>()? {
        match T::FIELDS.iter().position(|(declared, _)| *declared == key.as_str()) {
            Some(index) => value.read_field(&mut reader, &mut map, index)?,
            None => reader.extra(&mut map, key)?,
        }
    }
    reader.check_missing(T::FIELDS)?;
    value.keep_meta(reader.finish());
    Ok(value)
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
    pub fn write_field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) {
        self.step(|map, meta| write_field(map, meta, key, value));
    }

    /// An optional field: see [`write_optional_field`].
    pub fn write_optional<T: Serialize>(&mut self, key: &'static str, value: &Option<T>) {
        self.step(|map, meta| write_optional_field(map, meta, key, value));
    }

    /// An optional nullable field (`Option<Option<T>>`): see [`write_present_field`].
    pub fn write_present<T: Serialize>(&mut self, key: &'static str, value: &Option<T>) {
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
/// A kind is also the name of the [`Reader`](crate::runtime::Reader) method that reads the
/// field and of the [`FieldVisitor`](crate::runtime::FieldVisitor) method that walks it.
///
/// What happens when the JSON does not match (a missing required key, an
/// unexpected `null` or JSON type, an undeclared key) is decided by
/// [`Reader`](crate::runtime::Reader): tolerant by default, recorded in `meta`;
/// an error under [`set_strict`](crate::runtime::set_strict).
///
/// The `strict` form (`object_serde!(strict Name { … })`) is for structs the
/// client only sends (no response reaches them): no `meta` field, always read
/// strictly ([`Reader::always_strict`](crate::runtime::Reader::always_strict));
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
        $crate::object_serde!(@common $(#[$attr])* $name [] { $( $key => $field $kind ),* });
        $crate::object_serde!(@read_fields $(#[$attr])* $name [] { $( $index $key => $field $kind ),* });
    };
    ($(#[$attr:meta])* $name:ident { $( $index:literal $key:literal => $field:ident $kind:ident ),* $(,)? }) => {
        $crate::object_serde!(@common $(#[$attr])* $name [meta] { $( $key => $field $kind ),* });
        $crate::object_serde!(@read_fields $(#[$attr])* $name [meta] { $( $index $key => $field $kind ),* });
    };
    // Both forms are read into place, from their filler; `[meta]` when the struct keeps what
    // it read, else it is always read strictly.
    (@read_fields $(#[$attr:meta])* $name:ident [$($meta:ident)?] { $( $index:literal $key:literal => $field:ident $kind:ident ),* }) => {
        $(#[$attr])*
        impl $crate::runtime::ReadFields for $name {
            const NAME: &'static str = ::std::stringify!($name);
            const FIELDS: &'static [(&'static str, $crate::runtime::FieldKind)] =
                &[$( ($key, $crate::runtime::FieldKind::$kind) ),*];
            const ALWAYS_STRICT: bool = $crate::object_serde!(@always_strict $($meta)?);
            fn read_field<'de, A: $crate::runtime::__serde::de::MapAccess<'de>>(
                &mut self,
                reader: &mut $crate::runtime::Reader,
                map: &mut A,
                index: usize,
            ) -> ::std::result::Result<(), A::Error> {
                match index {
                    $( $index => reader.$kind(map, &mut self.$field, $index, $key), )*
                    // Also what uses the arguments of a struct without fields.
                    _ => {
                        let _ = (reader, map);
                        ::std::result::Result::Ok(())
                    }
                }
            }
            $(
                #[inline]
                fn keep_meta(&mut self, meta: $crate::runtime::ObjectMeta) {
                    self.$meta = meta;
                }
            )?
        }

        $(#[$attr])*
        impl $crate::runtime::Filler for $name {
            #[inline]
            fn filler() -> Self {
                $name {
                    $( $field: $crate::runtime::Filler::filler(), )*
                    $( $meta: ::std::default::Default::default(), )?
                }
            }
        }
    };
    (@always_strict) => { true };
    (@always_strict meta) => { false };
    // Every non-generic method here is `#[inline]`: rustc then compiles it only in a crate
    // that calls it, as it does generics, so a build of this crate does not generate machine
    // code for 2,000 structs' `Debug`, `PartialEq` and fillers (see the README's Performance).
    // What both forms share: one walk over the fields, `Serialize`, `Debug` and `PartialEq`
    // through it, and `Deserialize` through the one visitor; `[meta]` when the struct keeps what it read.
    (@common $(#[$attr:meta])* $name:ident [$($meta:ident)?] { $( $key:literal => $field:ident $kind:ident ),* }) => {
        $(#[$attr])*
        impl $crate::runtime::VisitFields for $name {
            fn visit_fields<'a, V: $crate::runtime::FieldVisitor<'a>>(&'a self, visitor: &mut V) {
                // A struct without fields visits none (`let _` binds nothing: no code).
                let _ = visitor;
                $( visitor.$kind(::std::stringify!($field), $key, &self.$field); )*
            }
        }

        impl $crate::runtime::__serde::Serialize for $name {
            fn serialize<S: $crate::runtime::__serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                $crate::runtime::serialize_fields(self, serializer, $crate::object_serde!(@meta self $($meta)?))
            }
        }

        impl<'de> $crate::runtime::__serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::runtime::__serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                deserializer.deserialize_map($crate::runtime::ObjectVisitor::<Self>::new())
            }
        }

        impl ::std::fmt::Debug for $name {
            #[inline]
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                $crate::runtime::debug_fields(self, ::std::stringify!($name), $crate::object_serde!(@meta self $($meta)?), f)
            }
        }

        impl ::std::cmp::PartialEq for $name {
            #[inline]
            fn eq(&self, other: &Self) -> bool {
                $crate::runtime::fields_eq(self, other) $( && self.$meta == other.$meta )?
            }
        }
    };
    (@meta $self:ident) => { ::std::option::Option::None };
    (@meta $self:ident meta) => { ::std::option::Option::Some(&$self.meta) };
}
