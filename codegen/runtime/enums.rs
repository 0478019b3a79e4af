//! Forward-compatible string enums for the generated models.

use std::fmt;

use serde::de::{self, Deserializer, Visitor};

/// Whether a string-enum value or union tag the API description does not list
/// is an error rather than kept as `Unknown`: the one strict switch,
/// [`strict`](crate::runtime::strict).
pub fn strict_enums() -> bool {
    crate::runtime::strict()
}

/// The one strict switch under its first name: [`set_strict`](crate::runtime::set_strict)
/// (strict enums, and every other deviation from the spec an error).
pub fn set_strict_enums(strict: bool) {
    crate::runtime::set_strict(strict);
}

/// Declares a string enum: the listed variants plus `Unknown(String)`, which
/// keeps any value the API description does not list (an error with the
/// `strict` feature), with the equality and hash derives and the impls of
/// [`string_enum_impl!`](crate::string_enum_impl).
///
/// Invoke as `crate::string_enum!` (or `crate::runtime::string_enum!`); the
/// expansion names only `$crate::runtime` items, so it works from any module.
///
/// ```text
/// crate::string_enum! {
///     /// Status of a batch.
///     pub enum BatchStatus {
///         /// In progress.
///         InProgress = "in_progress",
///         Completed = "completed",
///     }
/// }
/// ```
#[macro_export]
#[doc(hidden)]
macro_rules! string_enum {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident = $value:literal ),* $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Hash)]
        $vis enum $name {
            $( $(#[$vmeta])* $variant, )*
            /// A value this version of the API description does not list.
            Unknown(::std::string::String),
        }

        $crate::string_enum_impl!($name { $( $variant = $value ),* });
    };
}

/// The impls of a string enum declared as plain Rust: unit variants plus
/// `Unknown(String)`, which keeps any value the API description does not list
/// (an error with the `strict` feature). Generates `VALUES`, `as_str`,
/// `Display`, `From<&str>`, `FromStr`, serde as the string, and `Eq`; the
/// non-generic ones `#[inline]`, so they are compiled only where called.
///
/// ```text
/// #[derive(Debug, Clone, PartialEq, Hash)]
/// pub enum BatchStatus {
///     InProgress,
///     Completed,
///     Unknown(String),
/// }
/// crate::string_enum_impl!(BatchStatus { InProgress = "in_progress", Completed = "completed" });
/// ```
#[macro_export]
#[doc(hidden)]
macro_rules! string_enum_impl {
    ($name:ident { $( $variant:ident = $value:literal ),* $(,)? }) => {
        $crate::string_enum_impl!(@impl $name $crate::runtime::strict_enums(), { $( $variant = $value ),* });
    };
    // Open: the spec allows any string beside the listed ones (`anyOf: [string, enum]`),
    // so `Unknown` is a documented value and the `strict` feature does not refuse it.
    ($name:ident open { $( $variant:ident = $value:literal ),* $(,)? }) => {
        $crate::string_enum_impl!(@impl $name false, { $( $variant = $value ),* });
    };
    (@impl $name:ident $strict:expr, { $( $variant:ident = $value:literal ),* }) => {
        impl $name {
            /// The values the API description lists.
            pub const VALUES: &'static [&'static str] = &[$($value),*];

            /// The value as the spec writes it (or as the server sent it).
            #[inline]
            pub fn as_str(&self) -> &str {
                match self {
                    $( Self::$variant => $value, )*
                    Self::Unknown(value) => value.as_str(),
                }
            }

            #[inline]
            fn known(value: &str) -> ::std::option::Option<Self> {
                match value {
                    $( $value => ::std::option::Option::Some(Self::$variant), )*
                    _ => ::std::option::Option::None,
                }
            }
        }

        // Written out, not derived: the derive adds a body (`assert_fields_are_eq`) that rustc
        // checks and compiles for every enum, and a string's equality is total already.
        impl ::std::cmp::Eq for $name {}

        impl $crate::runtime::Filler for $name {
            /// `Unknown("")`: a required value the server did not send.
            #[inline]
            fn filler() -> Self {
                Self::Unknown(::std::string::String::new())
            }
        }

        impl ::std::convert::From<&str> for $name {
            #[inline]
            fn from(value: &str) -> Self {
                Self::known(value).unwrap_or_else(|| Self::Unknown(value.to_owned()))
            }
        }

        impl ::std::convert::From<::std::string::String> for $name {
            #[inline]
            fn from(value: ::std::string::String) -> Self {
                Self::known(&value).unwrap_or(Self::Unknown(value))
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = ::std::convert::Infallible;
            // Not `Self::Err`: a variant named `Err` would make it ambiguous.
            #[inline]
            fn from_str(value: &str) -> ::std::result::Result<Self, ::std::convert::Infallible> {
                ::std::result::Result::Ok(Self::from(value))
            }
        }

        impl ::std::fmt::Display for $name {
            #[inline]
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl $crate::runtime::__serde::Serialize for $name {
            fn serialize<S: $crate::runtime::__serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> $crate::runtime::__serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::runtime::__serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                $crate::runtime::deserialize_string_enum(deserializer, Self::known, Self::Unknown, Self::VALUES, $strict)
            }
        }
    };
}

/// The shared half of a `string_enum!` `Deserialize`, kept out of the macro so
/// each enum adds little code.
#[doc(hidden)]
pub fn deserialize_string_enum<'de, D: Deserializer<'de>, T>(
    deserializer: D,
    known: fn(&str) -> Option<T>,
    unknown: fn(String) -> T,
    values: &'static [&'static str],
    strict: bool,
) -> Result<T, D::Error> {
    deserializer.deserialize_str(EnumVisitor {
        known,
        unknown,
        values,
        strict,
    })
}

struct EnumVisitor<T> {
    known: fn(&str) -> Option<T>,
    unknown: fn(String) -> T,
    values: &'static [&'static str],
    strict: bool,
}

impl<T> EnumVisitor<T> {
    fn other<E: de::Error>(self, value: String) -> Result<T, E> {
        if self.strict {
            Err(E::unknown_variant(&value, self.values))
        } else {
            Ok((self.unknown)(value))
        }
    }
}

impl<T> Visitor<'_> for EnumVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string")
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<T, E> {
        match (self.known)(value) {
            Some(known) => Ok(known),
            None => self.other(value.to_owned()),
        }
    }

    fn visit_string<E: de::Error>(self, value: String) -> Result<T, E> {
        match (self.known)(&value) {
            Some(known) => Ok(known),
            None => self.other(value),
        }
    }
}
