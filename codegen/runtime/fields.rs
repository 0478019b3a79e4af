//! The fields of a struct `object_serde!` reads, as a type: one kind per
//! field ([`Required`], [`Optional`], …, each over the field's Rust type),
//! chained as `(First, (Second, ()))`. The loop over a JSON object's entries
//! ([`read_fields`]) is written once here, generic over that chain, so a
//! struct's own code is only its chain, its keys and a struct literal: the
//! compiler's front end checks the loop once, not once per struct (see the
//! README's Performance).

use std::marker::PhantomData;

use serde::de::{self, DeserializeOwned, MapAccess};

use crate::runtime::{Filler, Key, NullIs, Reader};

/// How one field is read: its slot while the object's entries are read, and
/// what the slot becomes at the end.
#[doc(hidden)]
pub trait ReadField {
    /// `None` until the field's key is seen.
    type Slot: Default;
    /// The field's Rust type.
    type Value;
    /// Reads the value of the field's key into its slot.
    fn read<'de, A: MapAccess<'de>>(
        reader: &mut Reader,
        map: &mut A,
        slot: &mut Self::Slot,
        key: &'static str,
    ) -> Result<(), A::Error>;
    /// The field's value once every entry was read.
    fn take<E: de::Error>(reader: &mut Reader, slot: Self::Slot, key: &'static str) -> Result<Self::Value, E>;
}

/// A required field `T`: `null` is a deviation; missing, a filler (tolerant) or an error.
#[doc(hidden)]
pub struct Required<T>(PhantomData<T>);

/// A required nullable field `Option<T>`: `null` is `None`; missing, as [`Required`].
#[doc(hidden)]
pub struct Nullable<T>(PhantomData<T>);

/// An optional field `Option<T>`: absent or `null` is `None` (a `null` remembered, to be written back).
#[doc(hidden)]
pub struct Optional<T>(PhantomData<T>);

/// An optional nullable field `Option<Option<T>>`: absent is `None`, `null` is `Some(None)`.
#[doc(hidden)]
pub struct OptionalNullable<T>(PhantomData<T>);

/// A required field `T` of a strict (request-only) struct: missing is serde's
/// "missing field" error, and `T` needs no [`Filler`].
#[doc(hidden)]
pub struct Present<T>(PhantomData<T>);

/// A required nullable field `Option<T>` of a strict struct: as [`Present`].
#[doc(hidden)]
pub struct PresentNullable<T>(PhantomData<T>);

impl<T: DeserializeOwned + Filler> ReadField for Required<T> {
    type Slot = Option<T>;
    type Value = T;
    fn read<'de, A: MapAccess<'de>>(
        r: &mut Reader,
        map: &mut A,
        slot: &mut Option<T>,
        key: &'static str,
    ) -> Result<(), A::Error> {
        r.read_into(map, slot, key, NullIs::Deviation)
    }
    fn take<E: de::Error>(r: &mut Reader, slot: Option<T>, key: &'static str) -> Result<T, E> {
        r.required(slot, key)
    }
}

impl<T: DeserializeOwned> ReadField for Nullable<Option<T>> {
    type Slot = Option<Option<T>>;
    type Value = Option<T>;
    fn read<'de, A: MapAccess<'de>>(
        r: &mut Reader,
        map: &mut A,
        slot: &mut Self::Slot,
        key: &'static str,
    ) -> Result<(), A::Error> {
        r.read_present_into(map, slot, key)
    }
    fn take<E: de::Error>(r: &mut Reader, slot: Self::Slot, key: &'static str) -> Result<Option<T>, E> {
        r.nullable(slot, key)
    }
}

impl<T: DeserializeOwned> ReadField for Optional<Option<T>> {
    type Slot = Option<T>;
    type Value = Option<T>;
    fn read<'de, A: MapAccess<'de>>(
        r: &mut Reader,
        map: &mut A,
        slot: &mut Option<T>,
        key: &'static str,
    ) -> Result<(), A::Error> {
        r.read_into(map, slot, key, NullIs::Remembered)
    }
    fn take<E: de::Error>(_: &mut Reader, slot: Option<T>, _: &'static str) -> Result<Option<T>, E> {
        Ok(slot)
    }
}

impl<T: DeserializeOwned> ReadField for OptionalNullable<Option<Option<T>>> {
    type Slot = Option<Option<T>>;
    type Value = Option<Option<T>>;
    fn read<'de, A: MapAccess<'de>>(
        r: &mut Reader,
        map: &mut A,
        slot: &mut Self::Slot,
        key: &'static str,
    ) -> Result<(), A::Error> {
        r.read_present_into(map, slot, key)
    }
    fn take<E: de::Error>(_: &mut Reader, slot: Self::Slot, _: &'static str) -> Result<Self::Value, E> {
        Ok(slot)
    }
}

impl<T: DeserializeOwned> ReadField for Present<T> {
    type Slot = Option<T>;
    type Value = T;
    fn read<'de, A: MapAccess<'de>>(
        r: &mut Reader,
        map: &mut A,
        slot: &mut Option<T>,
        key: &'static str,
    ) -> Result<(), A::Error> {
        r.read_into(map, slot, key, NullIs::Deviation)
    }
    fn take<E: de::Error>(r: &mut Reader, slot: Option<T>, key: &'static str) -> Result<T, E> {
        r.present(slot, key)
    }
}

impl<T: DeserializeOwned> ReadField for PresentNullable<Option<T>> {
    type Slot = Option<Option<T>>;
    type Value = Option<T>;
    fn read<'de, A: MapAccess<'de>>(
        r: &mut Reader,
        map: &mut A,
        slot: &mut Self::Slot,
        key: &'static str,
    ) -> Result<(), A::Error> {
        r.read_present_into(map, slot, key)
    }
    fn take<E: de::Error>(r: &mut Reader, slot: Self::Slot, key: &'static str) -> Result<Option<T>, E> {
        r.present(slot, key)
    }
}

/// A struct's fields in order, as a chain `(First, (Second, ()))` of
/// [`ReadField`]s; its values come out as the same chain.
#[doc(hidden)]
pub trait ReadFields {
    /// The fields' slots, chained.
    type Slots: Default;
    /// The fields' values, chained.
    type Values;
    /// Reads the value of the field at `index` (from this link on) into its slot.
    fn read<'de, A: MapAccess<'de>>(
        reader: &mut Reader,
        map: &mut A,
        slots: &mut Self::Slots,
        index: usize,
        key: &'static str,
    ) -> Result<(), A::Error>;
    /// Every field's value, in order; `keys` are theirs, from this link on.
    fn take<E: de::Error>(reader: &mut Reader, slots: Self::Slots, keys: &[&'static str]) -> Result<Self::Values, E>;
}

impl ReadFields for () {
    type Slots = ();
    type Values = ();
    fn read<'de, A: MapAccess<'de>>(
        _: &mut Reader,
        _: &mut A,
        _: &mut (),
        _: usize,
        _: &'static str,
    ) -> Result<(), A::Error> {
        Ok(())
    }
    fn take<E: de::Error>(_: &mut Reader, _: (), _: &[&'static str]) -> Result<(), E> {
        Ok(())
    }
}

impl<Head: ReadField, Tail: ReadFields> ReadFields for (Head, Tail) {
    type Slots = (Head::Slot, Tail::Slots);
    type Values = (Head::Value, Tail::Values);
    fn read<'de, A: MapAccess<'de>>(
        reader: &mut Reader,
        map: &mut A,
        slots: &mut Self::Slots,
        index: usize,
        key: &'static str,
    ) -> Result<(), A::Error> {
        match index {
            0 => Head::read(reader, map, &mut slots.0, key),
            _ => Tail::read(reader, map, &mut slots.1, index - 1, key),
        }
    }
    fn take<E: de::Error>(reader: &mut Reader, slots: Self::Slots, keys: &[&'static str]) -> Result<Self::Values, E> {
        let (key, rest) = keys.split_first().map_or(("", keys), |(key, rest)| (*key, rest));
        let head = Head::take(reader, slots.0, key)?;
        Ok((head, Tail::take(reader, slots.1, rest)?))
    }
}

/// Reads a JSON object's entries into the fields `F`, whose JSON keys are
/// `keys` (in the same order): declared keys into their field, any other
/// through [`Reader::extra`]. Then every field's value, in order.
#[doc(hidden)]
pub fn read_fields<'de, A: MapAccess<'de>, F: ReadFields>(
    mut map: A,
    reader: &mut Reader,
    keys: &'static [&'static str],
) -> Result<F::Values, A::Error> {
    let mut slots = F::Slots::default();
    while let Some(key) = map.next_key::<Key>()? {
        match keys.iter().position(|declared| *declared == key.as_str()) {
            Some(index) => F::read(reader, &mut map, &mut slots, index, keys[index])?,
            None => reader.extra(&mut map, key)?,
        }
    }
    F::take(reader, slots, keys)
}
