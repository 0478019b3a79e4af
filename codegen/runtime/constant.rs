//! Properties whose schema allows one string: a one-value `enum` (`type:
//! [web_search]`, `object: [list]`) or `const`. One generic type,
//! [`Constant`], stands for all of them, so each constant of a spec costs the
//! compiler one marker type and one `const`, not an enum with a dozen impls
//! (see the README's Performance). The official Go SDK does likewise: a
//! zero-sized type per constant (`constant.ChatCompletion`) that marshals itself.

use std::fmt;
use std::hash::{Hash, Hasher};
use std::marker::PhantomData;

use serde::de::{self, Deserializer, Visitor};
use serde::ser::{Serialize, Serializer};

use crate::runtime::{strict, Filler};

/// The value of one constant: implemented by an uninhabited marker per constant of the spec.
pub trait ConstantValue: 'static {
    /// The one string the spec allows.
    const VALUE: &'static str;
}

/// A string property with a single allowed value (`M::VALUE`). `Default`
/// (and every `new`) holds that value and writes it; decoding keeps any other
/// string the server sends (written back unchanged), or refuses it under
/// [`set_strict`](crate::runtime::set_strict), as string enums keep an
/// `Unknown` value.
pub struct Constant<M> {
    /// A value other than `M::VALUE`, as the server sent it.
    unexpected: Option<Box<str>>,
    marker: PhantomData<fn() -> M>,
}

impl<M: ConstantValue> Constant<M> {
    /// The value the spec allows.
    pub const VALUE: &'static str = M::VALUE;
    /// The values the spec lists (one), as string enums list theirs.
    pub const VALUES: &'static [&'static str] = &[M::VALUE];

    /// The spec's value.
    pub fn new() -> Self {
        Constant { unexpected: None, marker: PhantomData }
    }

    /// The value as the spec writes it, or as the server sent it.
    pub fn as_str(&self) -> &str {
        self.unexpected.as_deref().unwrap_or(M::VALUE)
    }

    /// Whether this is the spec's value (not one a server sent instead).
    pub fn is_expected(&self) -> bool {
        self.unexpected.is_none()
    }

    fn from_text(text: &str) -> Self {
        match text == M::VALUE {
            true => Self::new(),
            false => Constant { unexpected: Some(text.into()), marker: PhantomData },
        }
    }
}

impl<M: ConstantValue> Default for Constant<M> {
    fn default() -> Self {
        Self::new()
    }
}

impl<M> Clone for Constant<M> {
    fn clone(&self) -> Self {
        Constant { unexpected: self.unexpected.clone(), marker: PhantomData }
    }
}

impl<M: ConstantValue> fmt::Debug for Constant<M> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl<M: ConstantValue> fmt::Display for Constant<M> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl<M: ConstantValue> PartialEq for Constant<M> {
    fn eq(&self, other: &Self) -> bool {
        self.as_str() == other.as_str()
    }
}

impl<M: ConstantValue> Eq for Constant<M> {}

impl<M: ConstantValue> Hash for Constant<M> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.as_str().hash(state);
    }
}

impl<M: ConstantValue> From<&str> for Constant<M> {
    fn from(text: &str) -> Self {
        Self::from_text(text)
    }
}

impl<M: ConstantValue> From<String> for Constant<M> {
    fn from(text: String) -> Self {
        match text == M::VALUE {
            true => Self::new(),
            false => Constant { unexpected: Some(text.into_boxed_str()), marker: PhantomData },
        }
    }
}

impl<M: ConstantValue> std::str::FromStr for Constant<M> {
    type Err = std::convert::Infallible;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Ok(Self::from_text(text))
    }
}

/// `Constant("")`, as a string enum's filler is `Unknown("")`: a required
/// value the server did not send (recorded in the struct's `meta`).
impl<M: ConstantValue> Filler for Constant<M> {
    fn filler() -> Self {
        Self::from_text("")
    }
}

impl<M: ConstantValue> Serialize for Constant<M> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de, M: ConstantValue> de::Deserialize<'de> for Constant<M> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(ConstantVisitor(PhantomData))
    }
}

struct ConstantVisitor<M>(PhantomData<fn() -> M>);

impl<M: ConstantValue> Visitor<'_> for ConstantVisitor<M> {
    type Value = Constant<M>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the string {:?}", M::VALUE)
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<Constant<M>, E> {
        if text != M::VALUE && strict() {
            return Err(E::unknown_variant(text, Constant::<M>::VALUES));
        }
        Ok(Constant::from_text(text))
    }
}
