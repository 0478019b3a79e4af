//! Tolerant decoding: what a server sends that the spec does not describe
//! never fails the answer. The generic half of `object_serde!`: reading one
//! field, filling a required one that could not be read, keeping undeclared
//! keys and writing everything back. Each generated struct only names its
//! fields; the policy lives here, once (a table-driven form can call it too).
//!
//! Policy (tolerant, the default):
//! - a required field that is missing, `null` where the spec forbids it, or
//!   of another JSON type gets a filler ([`Filler`]: `""`, `0`, empty list,
//!   `Unknown`, …) and a [`Deviation`] in the object's [`ObjectMeta`];
//! - a value with a lossless reading is read so, and recorded as
//!   [`DeviationKind::Coerced`] with the raw JSON: a number where a string is
//!   declared (its text), a numeric string where a number is declared, a
//!   base64 string where an array of numbers is declared (little-endian
//!   `f32`s: OpenAI's `encoding_format: base64`);
//! - keys the spec does not declare are kept in the object's meta, in order,
//!   and written back by `Serialize`;
//! - a deviating field is written back as it was read (missing: left out;
//!   `null`; the raw value), so re-encoding gives the server's JSON again.
//!
//! Strict ([`set_strict`]): any deviation is an error naming the JSON path,
//! and undeclared keys are skipped, as the spec's contract tests want.

use std::cell::RefCell;
use std::cell::Cell;
use std::fmt;
use std::marker::PhantomData;
use std::sync::atomic::{AtomicBool, Ordering};

use serde::de::value::{
    BoolDeserializer, BorrowedStrDeserializer, Error as ValueError, F64Deserializer,
    I64Deserializer, SeqDeserializer, StrDeserializer, StringDeserializer, U64Deserializer,
};
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

static STRICT: AtomicBool = AtomicBool::new(cfg!(feature = "strict"));

thread_local! {
    /// Set while the client decodes an answer (see [`client_decode`]).
    static CLIENT_DECODE: Cell<bool> = const { Cell::new(false) };
    /// Set while the client decodes the answer of a `Call::strict` call.
    static STRICT_CALL: Cell<bool> = const { Cell::new(false) };
}

/// Runs `decode` as the client's own decode path: tolerant unless
/// [`set_strict`] is on. Outside it (`serde_json::from_str` on a generated
/// type, say) a struct is read as the spec says — a missing required key, an
/// unexpected `null` or JSON type is an error — while undeclared keys are still
/// kept. So the serde impls stay faithful to the spec and the client forgives
/// what real servers send, as the official SDKs do. Decoding is synchronous,
/// so a thread-local scope is exact. `strict`: this call's answer is read
/// strictly whatever the process is set to (`Call::strict`).
pub(crate) fn client_decode<R>(strict: bool, decode: impl FnOnce() -> R) -> R {
    struct Restore(bool, bool);
    impl Drop for Restore {
        fn drop(&mut self) {
            CLIENT_DECODE.with(|c| c.set(self.0));
            STRICT_CALL.with(|c| c.set(self.1));
        }
    }
    let _restore = Restore(CLIENT_DECODE.with(|c| c.replace(true)), STRICT_CALL.with(|c| c.replace(strict)));
    decode()
}

/// Whether decoding holds servers to the spec (see [`set_strict`]; while the
/// answer of a [`Call::strict`](crate::runtime::Call::strict) call decodes, too).
pub fn strict() -> bool {
    STRICT.load(Ordering::Relaxed) || STRICT_CALL.with(Cell::get)
}

/// Turns strict decoding on or off for the whole process. Strict: a string-enum
/// value or union tag the spec does not list, a missing required field (nullable
/// or not), a `null` the spec does not allow and a value of another JSON type
/// are errors naming the JSON path; undeclared keys are skipped. Off (the
/// default, or without the `strict` feature): on the client's decode path
/// (every answer and stream event a `Call` reads, and [`decode_json`]) all of
/// these decode, and each is recorded where [`ObjectMeta`] and
/// [`collect_deviations`] show it; plain `serde_json` on a generated type
/// still holds it to the spec. For tests
/// that hold the client to the spec; a program talking to real servers keeps
/// the default.
pub fn set_strict(strict: bool) {
    STRICT.store(strict, Ordering::Relaxed);
}

/// What a decoded object holds beyond its declared fields: the keys the spec
/// does not declare (kept and written back) and the fields that deviated from
/// the spec. Empty (no allocation) for an object that matched the spec.
#[derive(Clone, Default)]
pub struct ObjectMeta(Option<Box<MetaInner>>);

impl PartialEq for ObjectMeta {
    fn eq(&self, other: &Self) -> bool {
        let empty = MetaInner::default();
        self.0.as_deref().unwrap_or(&empty) == other.0.as_deref().unwrap_or(&empty)
    }
}

#[derive(Clone, Default, PartialEq)]
struct MetaInner {
    extra: Map<String, Value>,
    deviations: Vec<Deviation>,
    /// Optional fields sent as `null` (read as `None`), written back as `null`.
    nulls: Vec<&'static str>,
}

/// One field that did not match the spec, and how it was read.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Deviation {
    /// The Rust type of the object holding the field.
    pub object: &'static str,
    /// The field's JSON key.
    pub field: &'static str,
    /// How it deviated.
    pub kind: DeviationKind,
}

/// How a field deviated; the field itself holds a filler unless `Coerced`.
#[derive(Debug, Clone, PartialEq)]
pub enum DeviationKind {
    /// A required key was absent; the field holds a filler (`None` if nullable).
    Missing,
    /// `null` where the spec does not allow it; the field holds a filler.
    Null,
    /// A value of another JSON type, kept as sent; the field holds a filler.
    Invalid(Value),
    /// Read losslessly from another JSON type (this raw value); the field holds the reading.
    Coerced(Value),
}

impl fmt::Display for Deviation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (object, field) = (self.object, self.field);
        match &self.kind {
            DeviationKind::Missing => write!(f, "{object}.{field}: required field missing"),
            DeviationKind::Null => write!(f, "{object}.{field}: null where the spec forbids it"),
            DeviationKind::Invalid(raw) => write!(f, "{object}.{field}: unexpected {}", json_type(raw)),
            DeviationKind::Coerced(raw) => write!(f, "{object}.{field}: read from a {}", json_type(raw)),
        }
    }
}

fn json_type(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// The `meta` of a struct that has none (request-only structs): nothing deviated, nothing extra.
static NO_META: ObjectMeta = ObjectMeta(None);

impl ObjectMeta {
    /// An empty `meta`, for writing a struct that has no `meta` field.
    #[doc(hidden)]
    pub fn none() -> &'static ObjectMeta {
        &NO_META
    }

    /// A key the spec does not declare, as the server sent it.
    pub fn extra(&self, key: &str) -> Option<&Value> {
        self.0.as_ref()?.extra.get(key)
    }

    /// All undeclared keys, in the order they came.
    pub fn extras(&self) -> impl Iterator<Item = (&str, &Value)> {
        self.0.iter().flat_map(|m| m.extra.iter().map(|(k, v)| (k.as_str(), v)))
    }

    /// Adds (or replaces) an undeclared key; it is written when the object is serialized.
    pub fn insert_extra(&mut self, key: impl Into<String>, value: Value) {
        self.inner().extra.insert(key.into(), value);
    }

    /// How the field with JSON key `field` deviated, if it did.
    pub fn deviation(&self, field: &str) -> Option<&DeviationKind> {
        let inner = self.0.as_ref()?;
        inner.deviations.iter().find(|d| d.field == field).map(|d| &d.kind)
    }

    /// Every deviating field of this object (not of the objects inside it).
    pub fn deviations(&self) -> &[Deviation] {
        self.0.as_ref().map(|m| m.deviations.as_slice()).unwrap_or_default()
    }

    /// Forgets a field's deviation, so `Serialize` writes the field's current value.
    pub fn clear_deviation(&mut self, field: &str) {
        if let Some(inner) = &mut self.0 {
            inner.deviations.retain(|d| d.field != field);
        }
    }

    /// Whether the object matched the spec and had no undeclared key.
    pub fn is_empty(&self) -> bool {
        self.0.is_none()
    }

    fn inner(&mut self) -> &mut MetaInner {
        self.0.get_or_insert_with(Default::default)
    }

    fn record(&mut self, object: &'static str, field: &'static str, kind: DeviationKind) {
        let deviation = Deviation { object, field, kind };
        tracing::debug!(%deviation, "tolerated a deviation from the spec");
        SINK.with(|sink| {
            if let Some(all) = sink.borrow_mut().as_mut() {
                all.push(deviation.clone());
            }
        });
        self.inner().deviations.push(deviation);
    }
}

impl fmt::Debug for ObjectMeta {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            None => f.write_str("ObjectMeta"),
            Some(m) => f
                .debug_struct("ObjectMeta")
                .field("extra", &m.extra)
                .field("deviations", &m.deviations)
                .finish(),
        }
    }
}

thread_local! {
    static SINK: RefCell<Option<Vec<Deviation>>> = const { RefCell::new(None) };
}

/// Runs `decode` and returns, beside its result, every deviation recorded on
/// this thread meanwhile, in every object of the answer however deep: the
/// whole-answer view of what each object's [`ObjectMeta`] holds.
pub fn collect_deviations<R>(decode: impl FnOnce() -> R) -> (R, Vec<Deviation>) {
    let outer = SINK.with(|sink| sink.borrow_mut().replace(Vec::new()));
    let result = decode();
    let mut found = SINK.with(|sink| std::mem::replace(&mut *sink.borrow_mut(), outer));
    let found = found.take().unwrap_or_default();
    SINK.with(|sink| {
        if let Some(outer) = sink.borrow_mut().as_mut() {
            outer.extend(found.iter().cloned());
        }
    });
    (result, found)
}

/// A value standing in for a required field the server did not send or sent
/// unreadably: empty, zero, `false`, `Unknown`, a struct of fillers.
pub trait Filler {
    /// The stand-in value.
    fn filler() -> Self;
}

macro_rules! filler_default {
    ($($ty:ty),*) => { $( impl Filler for $ty { fn filler() -> Self { Default::default() } } )* };
}
// Every integer width an `integer` `format` can declare (`int8` … `uint64`).
filler_default!(String, i8, i16, i32, i64, u8, u16, u32, u64, f64, bool, Value, crate::runtime::FileUpload);

impl<T> Filler for Option<T> {
    fn filler() -> Self {
        None
    }
}

impl<T> Filler for Vec<T> {
    fn filler() -> Self {
        Vec::new()
    }
}

impl<T> Filler for std::collections::BTreeMap<String, T> {
    fn filler() -> Self {
        Default::default()
    }
}

impl<T: Filler> Filler for Box<T> {
    fn filler() -> Self {
        Box::new(T::filler())
    }
}

/// What a field's `null` means.
#[doc(hidden)]
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum NullIs {
    /// Not allowed: a required, non-nullable field.
    Deviation,
    /// A value the field holds (`None` of a nullable field).
    Value,
    /// Read as `None` (an optional field) and remembered, to be written back.
    Remembered,
}

/// The decoding state of one object: the mode and what it recorded.
#[doc(hidden)]
pub struct Reader {
    /// Deviations are errors: under [`set_strict`], outside the client's decode path, or always (request-only structs).
    strict: bool,
    /// Undeclared keys are kept in `meta` (everywhere but under [`set_strict`]).
    keep_extra: bool,
    object: &'static str,
    meta: ObjectMeta,
    /// The indices of the required fields read so far.
    seen: Seen,
}

/// A set of field indices: a bit per field up to 128, a list beyond (no
/// allocation for the structs real specs have).
#[derive(Default)]
struct Seen {
    bits: u128,
    more: Vec<usize>,
}

impl Seen {
    /// The bit of `index` in `bits`; `None` from 128 on.
    fn bit(index: usize) -> Option<u128> {
        u32::try_from(index).ok().and_then(|shift| 1u128.checked_shl(shift))
    }

    fn insert(&mut self, index: usize) {
        match Self::bit(index) {
            Some(bit) => self.bits |= bit,
            None => self.more.push(index),
        }
    }

    fn contains(&self, index: usize) -> bool {
        match Self::bit(index) {
            Some(bit) => self.bits & bit != 0,
            None => self.more.contains(&index),
        }
    }
}

/// How `object_serde!` reads and writes a field (see its docs for each kind).
#[doc(hidden)]
#[allow(non_camel_case_types)] // the macro's own kind words, spelled as in the generated code
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum FieldKind {
    required,
    nullable,
    optional,
    optional_nullable,
    read_only,
    read_only_optional,
}

impl FieldKind {
    /// The key must be present (tolerant: recorded as missing when it is not).
    fn is_required(self) -> bool {
        matches!(self, FieldKind::required | FieldKind::nullable | FieldKind::read_only)
    }
}

impl Reader {
    pub fn new(object: &'static str) -> Reader {
        let in_client = CLIENT_DECODE.with(Cell::get);
        Reader { strict: strict() || !in_client, keep_extra: !strict(), object, meta: ObjectMeta::default(), seen: Seen::default() }
    }

    /// A reader that is strict whatever [`set_strict`] says: for structs the
    /// client only sends (request bodies), which have no `meta` to record in.
    pub fn always_strict(object: &'static str) -> Reader {
        Reader { strict: true, keep_extra: false, object, meta: ObjectMeta::default(), seen: Seen::default() }
    }

    pub fn finish(self) -> ObjectMeta {
        self.meta
    }

    /// Reads the value of `field`: `None` when it is `null` (see [`NullIs`])
    /// or could not be read (tolerant: recorded, raw kept).
    pub fn read<'de, A: MapAccess<'de>, T: Deserialize<'de>>(
        &mut self,
        map: &mut A,
        field: &'static str,
        null: NullIs,
    ) -> Result<Option<T>, A::Error> {
        if self.strict {
            return match null {
                NullIs::Deviation => map.next_value().map(Some),
                NullIs::Value => map.next_value(),
                NullIs::Remembered => {
                    let value: Option<T> = map.next_value()?;
                    // A `null` the spec allows is kept, so it is written back (lossless) where `meta` exists.
                    if value.is_none() && self.keep_extra {
                        self.meta.inner().nulls.push(field);
                    }
                    Ok(value)
                }
            };
        }
        let kind = match map.next_value_seed(SlotSeed::<T>(PhantomData))? {
            Slot::Value(value) => return Ok(Some(value)),
            Slot::Null if null == NullIs::Value => return Ok(None),
            Slot::Null if null == NullIs::Remembered => {
                self.meta.inner().nulls.push(field);
                return Ok(None);
            }
            Slot::Null => DeviationKind::Null,
            Slot::Invalid(raw) => DeviationKind::Invalid(raw),
            Slot::Coerced(value, raw) => {
                self.meta.record(self.object, field, DeviationKind::Coerced(raw));
                return Ok(Some(value));
            }
        };
        self.meta.record(self.object, field, kind);
        Ok(None)
    }

    /// A key the spec does not declare: kept (tolerant) or skipped (strict).
    pub fn extra<'de, A: MapAccess<'de>>(&mut self, map: &mut A, key: crate::runtime::Key<'de>) -> Result<(), A::Error> {
        if !self.keep_extra {
            map.next_value::<de::IgnoredAny>()?;
        } else {
            let value = map.next_value::<Value>()?;
            self.meta.inner().extra.insert(key.into_string(), value);
        }
        Ok(())
    }

    // One method per field kind of `object_serde!`, named after the kind and
    // with one signature, so that the macro calls `reader.$kind(…)` with no
    // rule of its own per field (less macro expansion for the compiler).

    /// A required field (`T`), read into its place: left as the filler when
    /// the value deviates (recorded in `meta`; an error when strict).
    pub fn required<'de, A: MapAccess<'de>, T: Deserialize<'de>>(
        &mut self,
        map: &mut A,
        slot: &mut T,
        index: usize,
        field: &'static str,
    ) -> Result<(), A::Error> {
        self.seen.insert(index);
        if let Some(value) = self.read(map, field, NullIs::Deviation)? {
            *slot = value;
        }
        Ok(())
    }

    /// A `readOnly` required field: read as [`required`](Self::required).
    #[inline]
    pub fn read_only<'de, A: MapAccess<'de>, T: Deserialize<'de>>(
        &mut self,
        map: &mut A,
        slot: &mut T,
        index: usize,
        field: &'static str,
    ) -> Result<(), A::Error> {
        self.required(map, slot, index, field)
    }

    /// A required nullable field (`Option<T>`): `null` is `None`.
    pub fn nullable<'de, A: MapAccess<'de>, T: Deserialize<'de>>(
        &mut self,
        map: &mut A,
        slot: &mut Option<T>,
        index: usize,
        field: &'static str,
    ) -> Result<(), A::Error> {
        self.seen.insert(index);
        *slot = self.read(map, field, NullIs::Value)?;
        Ok(())
    }

    /// An optional field (`Option<T>`): absent or `null` is `None`, a `null`
    /// remembered so that it is written back.
    pub fn optional<'de, A: MapAccess<'de>, T: Deserialize<'de>>(
        &mut self,
        map: &mut A,
        slot: &mut Option<T>,
        _index: usize,
        field: &'static str,
    ) -> Result<(), A::Error> {
        *slot = self.read(map, field, NullIs::Remembered)?;
        Ok(())
    }

    /// A `readOnly` optional field: read as [`optional`](Self::optional).
    #[inline]
    pub fn read_only_optional<'de, A: MapAccess<'de>, T: Deserialize<'de>>(
        &mut self,
        map: &mut A,
        slot: &mut Option<T>,
        index: usize,
        field: &'static str,
    ) -> Result<(), A::Error> {
        self.optional(map, slot, index, field)
    }

    /// An optional nullable field (`Option<Option<T>>`): present, `null` read as `Some(None)`.
    pub fn optional_nullable<'de, A: MapAccess<'de>, T: Deserialize<'de>>(
        &mut self,
        map: &mut A,
        slot: &mut Option<Option<T>>,
        _index: usize,
        field: &'static str,
    ) -> Result<(), A::Error> {
        *slot = Some(self.read(map, field, NullIs::Value)?);
        Ok(())
    }

    /// After the last entry: each required field whose key never came keeps
    /// its filler and is recorded as missing; strict: serde's "missing field"
    /// error for the first in declaration order.
    pub fn check_missing<E: de::Error>(&mut self, fields: &[(&'static str, FieldKind)]) -> Result<(), E> {
        for (index, (field, kind)) in fields.iter().enumerate() {
            if kind.is_required() && !self.seen.contains(index) {
                self.fill(field)?;
            }
        }
        Ok(())
    }

    fn fill<E: de::Error>(&mut self, field: &'static str) -> Result<(), E> {
        if self.strict {
            return Err(E::missing_field(field));
        }
        if self.meta.deviation(field).is_none() {
            self.meta.record(self.object, field, DeviationKind::Missing);
        }
        Ok(())
    }
}

/// Writes a deviating field as it was read; `false` when the field has no
/// deviation and the caller writes its value.
#[doc(hidden)]
pub fn write_as_read<M: SerializeMap>(map: &mut M, meta: &ObjectMeta, key: &'static str) -> Result<bool, M::Error> {
    if meta.0.is_none() {
        return Ok(false);
    }
    match meta.deviation(key) {
        None => Ok(false),
        Some(DeviationKind::Missing) => Ok(true),
        Some(DeviationKind::Null) => map.serialize_entry(key, &()).map(|()| true),
        Some(DeviationKind::Invalid(raw) | DeviationKind::Coerced(raw)) => map.serialize_entry(key, raw).map(|()| true),
    }
}

/// Writes an optional field: its value when `Some`, `null` when `None` and the
/// server sent `null` for it.
#[doc(hidden)]
pub fn write_optional<M: SerializeMap, T: Serialize>(
    map: &mut M,
    meta: &ObjectMeta,
    key: &'static str,
    value: &Option<T>,
) -> Result<(), M::Error> {
    match value {
        Some(value) => map.serialize_entry(key, value),
        None if meta.0.as_ref().is_some_and(|m| m.nulls.contains(&key)) => map.serialize_entry(key, &()),
        None => Ok(()),
    }
}

/// Writes the undeclared keys after the declared ones.
#[doc(hidden)]
pub fn write_extras<M: SerializeMap>(map: &mut M, meta: &ObjectMeta) -> Result<(), M::Error> {
    for (key, value) in meta.extras() {
        map.serialize_entry(key, value)?;
    }
    Ok(())
}

/// How one field's value was read in tolerant mode.
enum Slot<T> {
    Value(T),
    Null,
    Invalid(Value),
    Coerced(T, Value),
}

/// Reads any JSON value and hands it to `T`; what `T` refuses is kept raw
/// instead of failing the whole answer. Objects and arrays are handed over
/// without buffering; one `T` refuses without reading is drained into a `Value`.
struct SlotSeed<T>(PhantomData<T>);

impl<'de, T: Deserialize<'de>> DeserializeSeed<'de> for SlotSeed<T> {
    type Value = Slot<T>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Slot<T>, D::Error> {
        deserializer.deserialize_any(SlotVisitor(PhantomData))
    }
}

struct SlotVisitor<T>(PhantomData<T>);

fn scalar<'de, T: Deserialize<'de>>(read: Result<T, ValueError>, raw: impl FnOnce() -> Value) -> Slot<T> {
    match read {
        Ok(value) => Slot::Value(value),
        Err(_) => Slot::Invalid(raw()),
    }
}

/// A number `T` refuses, read from its text (a string where one is declared).
fn number<'de, T: Deserialize<'de>>(read: Result<T, ValueError>, raw: Value) -> Slot<T> {
    match read {
        Ok(value) => Slot::Value(value),
        Err(_) => match T::deserialize(StringDeserializer::<ValueError>::new(raw.to_string())) {
            Ok(value) => Slot::Coerced(value, raw),
            Err(_) => Slot::Invalid(raw),
        },
    }
}

/// A string `T` refuses: a number in text, or base64 floats, when `T` takes those.
fn text<'de, T: Deserialize<'de>>(read: Result<T, ValueError>, s: &str) -> Slot<T> {
    if let Ok(value) = read {
        return Slot::Value(value);
    }
    let raw = || Value::String(s.to_owned());
    if let Ok(n) = s.trim().parse::<serde_json::Number>() {
        if let Ok(value) = T::deserialize(n) {
            return Slot::Coerced(value, raw());
        }
    }
    if let Some(floats) = base64_f32(s) {
        if let Ok(value) = T::deserialize(SeqDeserializer::<_, ValueError>::new(floats.into_iter())) {
            return Slot::Coerced(value, raw());
        }
    }
    Slot::Invalid(raw())
}

/// Little-endian `f32`s in base64 (OpenAI embeddings with `encoding_format: base64`), widened to `f64`.
fn base64_f32(s: &str) -> Option<Vec<f64>> {
    use base64::Engine;
    if s.is_empty() || !s.len().is_multiple_of(4) {
        return None;
    }
    let bytes = base64::engine::general_purpose::STANDARD.decode(s).ok()?;
    if !bytes.len().is_multiple_of(4) {
        return None;
    }
    Some(bytes.chunks_exact(4).map(|b| f64::from(f32::from_le_bytes([b[0], b[1], b[2], b[3]]))).collect())
}

impl<'de, T: Deserialize<'de>> Visitor<'de> for SlotVisitor<T> {
    type Value = Slot<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_unit<E: de::Error>(self) -> Result<Slot<T>, E> {
        // `T` may take `null` itself (a JSON value, an `Option`).
        Ok(T::deserialize(serde::de::value::UnitDeserializer::<ValueError>::new()).map_or(Slot::Null, Slot::Value))
    }

    fn visit_none<E: de::Error>(self) -> Result<Slot<T>, E> {
        self.visit_unit()
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Slot<T>, E> {
        Ok(scalar(T::deserialize(BoolDeserializer::new(v)), || Value::Bool(v)))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Slot<T>, E> {
        Ok(number(T::deserialize(I64Deserializer::new(v)), Value::from(v)))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Slot<T>, E> {
        Ok(number(T::deserialize(U64Deserializer::new(v)), Value::from(v)))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Slot<T>, E> {
        let slot = number(T::deserialize(F64Deserializer::new(v)), Value::from(v));
        // A whole number written as a float (`1.7e9`) where an integer is declared.
        let whole = v.fract() == 0.0 && v.abs() < 9.0e15;
        if let (Slot::Invalid(raw), true) = (&slot, whole) {
            if let Ok(value) = T::deserialize(I64Deserializer::<ValueError>::new(v as i64)) {
                return Ok(Slot::Coerced(value, raw.clone()));
            }
        }
        Ok(slot)
    }

    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Slot<T>, E> {
        Ok(text(T::deserialize(BorrowedStrDeserializer::new(v)), v))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Slot<T>, E> {
        Ok(text(T::deserialize(StrDeserializer::new(v)), v))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Slot<T>, E> {
        match T::deserialize(StringDeserializer::<ValueError>::new(v.clone())) {
            Ok(value) => Ok(Slot::Value(value)),
            Err(e) => Ok(text(Err(e), &v)),
        }
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Slot<T>, A::Error> {
        let mut tracked = Tracked { inner: seq, touched: false };
        match T::deserialize(de::value::SeqAccessDeserializer::new(&mut tracked)) {
            Ok(value) => Ok(Slot::Value(value)),
            Err(e) if tracked.touched => Err(e),
            Err(_) => {
                let mut items = Vec::new();
                while let Some(item) = tracked.inner.next_element::<Value>()? {
                    items.push(item);
                }
                Ok(Slot::Invalid(Value::Array(items)))
            }
        }
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Slot<T>, A::Error> {
        let mut tracked = Tracked { inner: map, touched: false };
        match T::deserialize(de::value::MapAccessDeserializer::new(&mut tracked)) {
            Ok(value) => Ok(Slot::Value(value)),
            Err(e) if tracked.touched => Err(e),
            Err(_) => {
                let mut object = Map::new();
                while let Some((key, value)) = tracked.inner.next_entry::<String, Value>()? {
                    object.insert(key, value);
                }
                Ok(Slot::Invalid(Value::Object(object)))
            }
        }
    }
}

/// A sequence or map access that notes whether the type reading it took anything.
struct Tracked<A> {
    inner: A,
    touched: bool,
}

impl<'de, A: SeqAccess<'de>> SeqAccess<'de> for Tracked<A> {
    type Error = A::Error;

    fn next_element_seed<S: DeserializeSeed<'de>>(&mut self, seed: S) -> Result<Option<S::Value>, A::Error> {
        self.touched = true;
        self.inner.next_element_seed(seed)
    }

    fn size_hint(&self) -> Option<usize> {
        self.inner.size_hint()
    }
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for Tracked<A> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, A::Error> {
        self.touched = true;
        self.inner.next_key_seed(seed)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, A::Error> {
        self.inner.next_value_seed(seed)
    }

    fn size_hint(&self) -> Option<usize> {
        self.inner.size_hint()
    }
}

/// Decodes a JSON body as a call does (tolerant unless [`set_strict`]), with
/// the JSON path of a failure: for answers recorded or received another way.
pub fn decode_json<T: serde::de::DeserializeOwned>(body: &[u8]) -> Result<T, crate::runtime::Error> {
    let meta = crate::runtime::call::Meta {
        status: reqwest::StatusCode::OK,
        headers: reqwest::header::HeaderMap::new(),
        strict: false,
    };
    crate::runtime::call::decode_slice(body, &meta)
}

impl Serialize for ObjectMeta {
    /// The undeclared keys, as an object.
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        write_extras(&mut map, self)?;
        map.end()
    }
}
