//! `Serialize` and `Deserialize` (the `serde` feature).
//!
//! A [`Descriptor`] travels as its canonical string and comes back through the strict
//! parser, so a deserialised descriptor is exactly as valid as a parsed one; [`ServiceId`]
//! and [`Rating`] travel as numbers, refused when out of range; [`Kind`] as its token,
//! `"WMP_JOB"` or `"WMP_STATUS"`.

use alloc::string::String;
use core::fmt;

use ::serde::de::{self, Deserialize, Deserializer, Unexpected, Visitor};
use ::serde::ser::{Serialize, Serializer};

use super::{rules, Descriptor, Kind, Rating, ServiceId};

/// As the canonical string ([`Descriptor::as_str`]).
///
/// ```
/// # use wmp_bits::Descriptor;
/// let d: Descriptor = "::WMP_JOB:1:42:Contoso::::::".parse()?;
/// assert_eq!(serde_json::to_string(&d)?, r#""::WMP_JOB:1:42:Contoso::::::""#);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[cfg_attr(docsrs, doc(cfg(feature = "serde")))]
impl Serialize for Descriptor {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// Through strict parsing ([`FromStr`](core::str::FromStr)); the error message is the
/// [`ParseError`](crate::ParseError)'s. An owned string becomes the descriptor's text without
/// a copy.
///
/// ```
/// # use wmp_bits::Descriptor;
/// let d: Descriptor = serde_json::from_str(r#""::WMP_JOB:1:42:Contoso::::::""#)?;
/// assert_eq!(d.provider(), "Contoso");
/// let err = serde_json::from_str::<Descriptor>(r#""::WMP_JOB:1:42:Contoso:::::""#).unwrap_err();
/// assert!(err.to_string().starts_with("too few fields"));
/// # Ok::<(), serde_json::Error>(())
/// ```
#[cfg_attr(docsrs, doc(cfg(feature = "serde")))]
impl<'de> Deserialize<'de> for Descriptor {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Descriptor, D::Error> {
        deserializer.deserialize_string(DescriptorVisitor)
    }
}

struct DescriptorVisitor;

impl Visitor<'_> for DescriptorVisitor {
    type Value = Descriptor;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a Windows Media Player job description string (\"::WMP_JOB:1:…\")")
    }

    fn visit_str<E: de::Error>(self, s: &str) -> Result<Descriptor, E> {
        s.parse().map_err(E::custom)
    }

    fn visit_string<E: de::Error>(self, s: String) -> Result<Descriptor, E> {
        Descriptor::try_from(s).map_err(E::custom)
    }
}

/// As a `u32`.
///
/// ```
/// # use wmp_bits::ServiceId;
/// assert_eq!(serde_json::to_string(&ServiceId::new(42).unwrap())?, "42");
/// # Ok::<(), serde_json::Error>(())
/// ```
#[cfg_attr(docsrs, doc(cfg(feature = "serde")))]
impl Serialize for ServiceId {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_u32(self.get())
    }
}

/// From an integer `1..=4294967295`; zero, negative, larger and non-integer values are
/// refused.
///
/// ```
/// # use wmp_bits::ServiceId;
/// assert_eq!(serde_json::from_str::<ServiceId>("42")?.get(), 42);
/// assert!(serde_json::from_str::<ServiceId>("0").is_err());
/// # Ok::<(), serde_json::Error>(())
/// ```
#[cfg_attr(docsrs, doc(cfg(feature = "serde")))]
impl<'de> Deserialize<'de> for ServiceId {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<ServiceId, D::Error> {
        deserializer.deserialize_u32(ServiceIdVisitor)
    }
}

struct ServiceIdVisitor;

impl Visitor<'_> for ServiceIdVisitor {
    type Value = ServiceId;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a nonzero service id 1..=4294967295")
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<ServiceId, E> {
        u32::try_from(v)
            .ok()
            .and_then(ServiceId::new)
            .ok_or_else(|| E::invalid_value(Unexpected::Unsigned(v), &self))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<ServiceId, E> {
        match u64::try_from(v) {
            Ok(v) => self.visit_u64(v),
            Err(_) => Err(E::invalid_value(Unexpected::Signed(v), &self)),
        }
    }
}

/// As a `u8`, `0..=99`.
///
/// ```
/// # use wmp_bits::Rating;
/// assert_eq!(serde_json::to_string(&Rating::from_stars(4).unwrap())?, "75");
/// # Ok::<(), serde_json::Error>(())
/// ```
#[cfg_attr(docsrs, doc(cfg(feature = "serde")))]
impl Serialize for Rating {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_u8(self.get())
    }
}

/// From an integer `0..=99`; negative, larger and non-integer values are refused.
///
/// ```
/// # use wmp_bits::Rating;
/// assert_eq!(serde_json::from_str::<Rating>("99")?, Rating::MAX);
/// assert!(serde_json::from_str::<Rating>("100").is_err());
/// # Ok::<(), serde_json::Error>(())
/// ```
#[cfg_attr(docsrs, doc(cfg(feature = "serde")))]
impl<'de> Deserialize<'de> for Rating {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Rating, D::Error> {
        deserializer.deserialize_u8(RatingVisitor)
    }
}

struct RatingVisitor;

impl Visitor<'_> for RatingVisitor {
    type Value = Rating;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a rating 0..=99 (the Player's UserRating scale)")
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Rating, E> {
        u8::try_from(v)
            .ok()
            .and_then(Rating::new)
            .ok_or_else(|| E::invalid_value(Unexpected::Unsigned(v), &self))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Rating, E> {
        match u64::try_from(v) {
            Ok(v) => self.visit_u64(v),
            Err(_) => Err(E::invalid_value(Unexpected::Signed(v), &self)),
        }
    }
}

/// As its token, `"WMP_JOB"` or `"WMP_STATUS"`.
///
/// ```
/// # use wmp_bits::Kind;
/// assert_eq!(serde_json::to_string(&Kind::Status)?, r#""WMP_STATUS""#);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[cfg_attr(docsrs, doc(cfg(feature = "serde")))]
impl Serialize for Kind {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// From the token `"WMP_JOB"` or `"WMP_STATUS"`, case-sensitively (as in a descriptor).
///
/// ```
/// # use wmp_bits::Kind;
/// assert_eq!(serde_json::from_str::<Kind>(r#""WMP_JOB""#)?, Kind::Job);
/// assert!(serde_json::from_str::<Kind>(r#""wmp_job""#).is_err());
/// # Ok::<(), serde_json::Error>(())
/// ```
#[cfg_attr(docsrs, doc(cfg(feature = "serde")))]
impl<'de> Deserialize<'de> for Kind {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Kind, D::Error> {
        deserializer.deserialize_str(KindVisitor)
    }
}

struct KindVisitor;

impl Visitor<'_> for KindVisitor {
    type Value = Kind;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("\"WMP_JOB\" or \"WMP_STATUS\" (case-sensitive)")
    }

    fn visit_str<E: de::Error>(self, s: &str) -> Result<Kind, E> {
        rules::kind(s.as_bytes()).ok_or_else(|| E::invalid_value(Unexpected::Str(s), &self))
    }
}
