//! The rules of the strict grammar: what each field may hold, written once.
//!
//! The strict parser, the builder and [`validate::text`](crate::validate::text) call these
//! functions, and lenient parsing ends in the strict parser, so no two of them can disagree
//! about a field. Each rule says only *whether* a field's text is valid and, if not, what is
//! wrong at which byte of that text; the callers turn that into their own error, with
//! spans in their own input.
//!
//! ```text
//! descriptor   = "::" kind ":" version ":" service-id ":" provider ":"
//!                album-artist ":" album-title ":" track ":" title ":"
//!                duration ":" rating
//! kind         = "WMP_JOB" / "WMP_STATUS"
//! version      = "1"
//! service-id   = nonzero-dec                     ; <= 4294967295
//! provider     = 1*255 (any char but ":" "\" Cc)
//! album-artist = *(any char but ":" Cc)           ; album-title, title alike
//! track        = "" / nonzero-dec                 ; <= 4294967295
//! duration     = "" / "0" / nonzero-dec           ; <= 4294967295
//! rating       = "" / "0" / nonzero-dec           ; <= 99
//! nonzero-dec  = %x31-39 *DIGIT
//! ```

// The number rules run inside the strict parser's field loop (see `benches/parse.rs`).
#![allow(clippy::inline_always)]

use core::num::NonZeroU32;

use super::{Kind, Rating, ServiceId};
use crate::text;

/// BITS' limit on a job description, in UTF-16 code units (not counting the NUL).
pub(crate) const MAX_UTF16: usize = 1024;
/// No string over this many bytes of UTF-8 can be within [`MAX_UTF16`]: one UTF-16 code
/// unit never takes more than three bytes.
pub(crate) const MAX_BYTES: usize = 3 * MAX_UTF16;
/// Every byte offset in a descriptor is below [`MAX_BYTES`], so it fits in a `u16`.
const _: () = assert!(MAX_BYTES <= u16::MAX as usize);

/// `at`, a byte offset in a descriptor, as the `u16` a descriptor keeps.
#[inline]
pub(crate) fn offset(at: usize) -> u16 {
    debug_assert!(at <= MAX_BYTES, "{at}");
    #[allow(clippy::cast_possible_truncation)] // within MAX_BYTES, see above
    let at = at as u16;
    at
}

/// The registry's limit on a key name, and so on the provider, in UTF-16 code units.
pub(crate) const MAX_PROVIDER_UTF16: usize = 255;
/// What a descriptor starts with.
pub(crate) const PREFIX: &str = "::";
/// The one version of the convention.
pub(crate) const VERSION: &str = "1";
/// How many `:`-separated fields follow the prefix.
pub(crate) const FIELDS: usize = 10;

/// The kind token, case-sensitively.
#[inline(always)]
pub(crate) fn kind(token: &[u8]) -> Option<Kind> {
    [Kind::Job, Kind::Status]
        .into_iter()
        .find(|k| k.as_str().as_bytes() == token)
}

/// Whether `token` is the version, `1`.
#[inline(always)]
pub(crate) fn version(token: &[u8]) -> bool {
    token == VERSION.as_bytes()
}

/// A number that is not in its canonical form, or out of its range.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct NotCanonical;

/// Why a service id token is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ServiceIdViolation {
    /// Not a canonical decimal, or above 4294967295.
    NotCanonical,
    /// `0`.
    Zero,
}

/// A canonical unsigned decimal: `0`, or a nonzero digit followed by digits, at most
/// `max`. `None` for anything else (empty, sign, leading zero, other characters, too
/// large).
#[inline(always)]
pub(crate) fn decimal(b: &[u8], max: u32) -> Option<u32> {
    match b {
        [b'0'] => Some(0),
        // Ten digits hold every u32 (in a u64, with room to spare); more never fit.
        [first @ b'1'..=b'9', rest @ ..] if b.len() <= 10 => {
            let mut v = u64::from(first - b'0');
            for &d in rest {
                if !d.is_ascii_digit() {
                    return None;
                }
                v = v * 10 + u64::from(d - b'0');
            }
            u32::try_from(v).ok().filter(|&v| v <= max)
        }
        _ => None,
    }
}

/// `service-id`: a canonical decimal `1..=4294967295`.
#[inline(always)]
pub(crate) fn service_id(token: &[u8]) -> Result<ServiceId, ServiceIdViolation> {
    match decimal(token, u32::MAX) {
        Some(v) => ServiceId::new(v).ok_or(ServiceIdViolation::Zero),
        None => Err(ServiceIdViolation::NotCanonical),
    }
}

/// An optional number: `None` when empty, else `value(token)`.
#[inline(always)]
fn optional<T>(
    token: &[u8],
    value: impl FnOnce(&[u8]) -> Option<T>,
) -> Result<Option<T>, NotCanonical> {
    if token.is_empty() {
        return Ok(None);
    }
    value(token).map(Some).ok_or(NotCanonical)
}

/// `track`: empty, or a canonical decimal `1..=4294967295`.
#[inline(always)]
pub(crate) fn track_number(token: &[u8]) -> Result<Option<NonZeroU32>, NotCanonical> {
    optional(token, |t| decimal(t, u32::MAX).and_then(NonZeroU32::new))
}

/// `duration`: empty, or a canonical decimal `0..=4294967295` (whole seconds).
#[inline(always)]
pub(crate) fn duration(token: &[u8]) -> Result<Option<u32>, NotCanonical> {
    optional(token, |t| decimal(t, u32::MAX))
}

/// `rating`: empty, or a canonical decimal `0..=99`.
#[inline(always)]
pub(crate) fn rating(token: &[u8]) -> Result<Option<Rating>, NotCanonical> {
    optional(token, |t| {
        decimal(t, u32::from(Rating::MAX.get()))
            .and_then(|v| u8::try_from(v).ok())
            .and_then(Rating::new)
    })
}

/// A control character at byte `at` of a field's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Control {
    pub(crate) at: usize,
    pub(crate) c: char,
}

/// The metadata text fields (album artist, album title, title): no control character.
/// (A `:` cannot be in a field of a descriptor, where it separates; in caller text it is
/// found by [`separator`].)
#[inline]
pub(crate) fn text(s: &str) -> Result<(), Control> {
    match text::find_control(s) {
        Some((at, c)) => Err(Control { at, c }),
        None => Ok(()),
    }
}

/// Why a provider is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ProviderViolation {
    /// The provider is empty.
    Empty,
    /// A `\` at this byte, which no registry key name holds.
    Backslash { at: usize },
    /// A control character.
    Control(Control),
    /// The provider is this many UTF-16 code units long, over 255.
    TooLong { units: usize },
}

/// `provider`: a registry key name, 1 to 255 UTF-16 code units, with no `\` and no control
/// character. The first offending character is reported before the length.
pub(crate) fn provider(s: &str) -> Result<(), ProviderViolation> {
    if s.is_empty() {
        return Err(ProviderViolation::Empty);
    }
    for (at, c) in s.char_indices() {
        if c == '\\' {
            return Err(ProviderViolation::Backslash { at });
        }
        if text::is_control(c) {
            return Err(ProviderViolation::Control(Control { at, c }));
        }
    }
    let units = text::utf16_len(s);
    if units > MAX_PROVIDER_UTF16 {
        return Err(ProviderViolation::TooLong { units });
    }
    Ok(())
}

/// The first `:` in caller text, which the format has no way to escape.
#[inline]
pub(crate) fn separator(s: &str) -> Option<usize> {
    s.find(':')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_are_accepted_only_in_canonical_form() {
        assert_eq!(decimal(b"0", 99), Some(0));
        assert_eq!(decimal(b"99", 99), Some(99));
        assert_eq!(decimal(b"100", 99), None);
        assert_eq!(decimal(b"4294967295", u32::MAX), Some(u32::MAX));
        assert_eq!(decimal(b"4294967296", u32::MAX), None);
        assert_eq!(decimal(b"9999999999", u32::MAX), None);
        assert_eq!(decimal(b"10000000000", u32::MAX), None);
        let bad: [&[u8]; 10] = [
            b"",
            b"00",
            b"01",
            b"+1",
            b"-1",
            b" 1",
            b"1 ",
            b"1.0",
            b"0x1",
            "١".as_bytes(),
        ];
        for b in bad {
            assert_eq!(decimal(b, u32::MAX), None, "{b:?}");
        }
    }

    #[test]
    fn optional_numbers_are_empty_or_in_range() {
        assert_eq!(track_number(b""), Ok(None));
        assert_eq!(track_number(b"0"), Err(NotCanonical));
        assert_eq!(track_number(b"7"), Ok(NonZeroU32::new(7)));
        assert_eq!(duration(b"0"), Ok(Some(0)));
        assert_eq!(duration(b"4294967295"), Ok(Some(u32::MAX)));
        assert_eq!(rating(b"99"), Ok(Rating::new(99)));
        assert_eq!(rating(b"100"), Err(NotCanonical));
        assert_eq!(service_id(b"0"), Err(ServiceIdViolation::Zero));
        assert_eq!(service_id(b""), Err(ServiceIdViolation::NotCanonical));
        assert_eq!(service_id(b"01"), Err(ServiceIdViolation::NotCanonical));
    }

    #[test]
    fn the_provider_reports_its_first_offending_character_before_its_length() {
        assert_eq!(provider(""), Err(ProviderViolation::Empty));
        let long = alloc::format!("{}\\", "a".repeat(300));
        assert_eq!(
            provider(&long),
            Err(ProviderViolation::Backslash { at: 300 })
        );
        assert_eq!(
            provider("a\u{85}\\"),
            Err(ProviderViolation::Control(Control { at: 1, c: '\u{85}' }))
        );
        assert_eq!(
            provider(&"é".repeat(256)),
            Err(ProviderViolation::TooLong { units: 256 })
        );
        assert_eq!(provider(&"é".repeat(255)), Ok(()));
        assert_eq!(provider(&alloc::format!("{}x", "🎷".repeat(127))), Ok(()));
    }
}
