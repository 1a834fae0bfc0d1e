//! The strict parser.
//!
//! One pass over the bytes ([`text::scan`], 32 at a time) finds the separators and screens
//! for bytes that may start a control character; the numbers are parsed once, on bytes.
//! Text the screen stops at (U+00A0..=U+00BF share their lead byte with the C1 controls)
//! gets a second, exact pass ([`text::has_control`]); only an input that does hold a
//! control character, or a provider out of the ordinary, is looked at character by
//! character, and error values are built out of line. The caller copies the input into one
//! `String` and keeps the separator offsets, so a successful parse allocates exactly once
//! and a rejected one never.

// `|` between booleans keeps the hot checks free of branches, and `#[inline(always)]`
// keeps the number parser inside the field loop (see `benches/parse.rs`).
#![allow(clippy::needless_bitwise_bool, clippy::inline_always)]

use core::num::NonZeroU32;
use core::ops::Range;

use crate::error::{Culprit, Detail, Field, ParseError, ParseErrorKind};
use crate::text;
use crate::{Kind, Rating, ServiceId};

/// BITS' limit on a job description, in UTF-16 code units (not counting the NUL).
pub(crate) const MAX_UTF16: usize = 1024;
/// No string over this many bytes of UTF-8 can be within [`MAX_UTF16`]: one UTF-16 code
/// unit never takes more than three bytes.
pub(crate) const MAX_BYTES: usize = 3 * MAX_UTF16;
/// The registry's limit on a key name, in UTF-16 code units.
pub(crate) const MAX_PROVIDER_UTF16: usize = 255;

/// The pieces of a strictly valid descriptor, borrowed from the input.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Parsed {
    pub(crate) kind: Kind,
    /// Byte offsets of the nine separators after `::`.
    pub(crate) seps: [u16; 9],
    pub(crate) service_id: ServiceId,
    pub(crate) track_number: Option<NonZeroU32>,
    pub(crate) duration_secs: Option<u32>,
    pub(crate) rating: Option<Rating>,
}

/// The separators of a descriptor: up to ten offsets (one too many is enough to know the
/// count is wrong), and how many `:` follow the prefix in all.
struct Seps {
    at: [usize; 10],
    n: usize,
    colons: usize,
}

impl Seps {
    fn new(scan: &text::Scan) -> Seps {
        Seps {
            at: scan.seps,
            n: scan.colons.min(scan.seps.len()),
            colons: scan.colons,
        }
    }

    /// The byte range of field `i` (`0..=n`).
    #[inline]
    fn range(&self, i: usize, len: usize) -> Range<usize> {
        let start = if i == 0 { 2 } else { self.at[i - 1] + 1 };
        let end = if i < self.n { self.at[i] } else { len };
        start..end
    }
}

// One function, read from top to bottom in the order the checks are reported.
#[allow(clippy::too_many_lines)]
pub(crate) fn parse(s: &str) -> Result<Parsed, ParseError> {
    let bytes = s.as_bytes();
    if bytes.len() > MAX_BYTES {
        return Err(ParseError::new(
            ParseErrorKind::TooLong,
            None,
            0..bytes.len(),
            "",
            Detail::Bytes(bytes.len()),
        ));
    }
    // A string of at most 1,024 bytes is at most 1,024 UTF-16 code units (a code unit takes
    // at least one byte), so only a longer one needs counting.
    if bytes.len() > MAX_UTF16 {
        let units = text::utf16_len(s);
        if units > MAX_UTF16 {
            return Err(ParseError::new(
                ParseErrorKind::TooLong,
                None,
                0..bytes.len(),
                "",
                Detail::Units(units),
            ));
        }
    }
    if !bytes.starts_with(b"::") {
        let end = s.char_indices().nth(2).map_or(s.len(), |(i, _)| i);
        return Err(ParseError::new(
            ParseErrorKind::MissingPrefix,
            None,
            0..end,
            &s[..end],
            Detail::None,
        ));
    }

    let scan = text::scan(bytes);
    let seps = Seps::new(&scan);

    // The kind, the version and the count, checked on bytes; the errors are built out of
    // line, from the text.
    let kind_range = seps.range(0, s.len());
    let kind = match bytes.get(kind_range.clone()) {
        Some(b"WMP_JOB") => Kind::Job,
        Some(b"WMP_STATUS") => Kind::Status,
        _ => {
            return Err(token_error_at(
                ParseErrorKind::UnknownKind,
                Field::Kind,
                s,
                kind_range,
            ))
        }
    };
    if seps.n >= 1 {
        let r = seps.range(1, s.len());
        if bytes.get(r.clone()) != Some(b"1") {
            return Err(token_error_at(
                ParseErrorKind::UnsupportedVersion,
                Field::Version,
                s,
                r,
            ));
        }
    }
    if seps.n != 9 {
        return Err(field_count(s, &seps));
    }

    // Exactly nine separators: field `i` runs from `bounds[i] + 1` to `bounds[i + 1]`.
    let [a0, a1, a2, a3, a4, a5, a6, a7, a8, _] = seps.at;
    let bounds = [1, a0, a1, a2, a3, a4, a5, a6, a7, a8, s.len()];
    let field = |i: usize| bounds[i] + 1..bounds[i + 1];
    let number = |r: &Range<usize>, max: u32| number(bytes, r, max);

    let r = field(2);
    let Some(Some(service_id)) = number(&r, u32::MAX).map(ServiceId::new) else {
        return Err(service_id_error(s, r));
    };
    // The scan's screen also stops at text with U+00A0..=U+00BF; a second pass settles
    // whether there is a control character at all, and only then are the text fields
    // looked at one by one to report it.
    let control = scan.suspicious && text::has_control(bytes);
    check_provider(s, field(3), control)?;
    if control {
        check_text(Field::AlbumArtist, s, field(4))?;
        check_text(Field::AlbumTitle, s, field(5))?;
    }
    let track_number = optional(Field::TrackNumber, s, field(6), |r| {
        number(r, u32::MAX).and_then(NonZeroU32::new)
    })?;
    if control {
        check_text(Field::Title, s, field(7))?;
    }
    let duration_secs = optional(Field::Duration, s, field(8), |r| number(r, u32::MAX))?;
    let rating = optional(Field::Rating, s, field(9), |r| {
        number(r, 99)
            .and_then(|v| u8::try_from(v).ok())
            .and_then(Rating::new)
    })?;

    let mut offsets = [0u16; 9];
    for (o, &a) in offsets.iter_mut().zip(&seps.at) {
        // Every offset is below MAX_BYTES (3072), so it fits in a u16.
        *o = u16::try_from(a).unwrap_or(u16::MAX);
    }
    Ok(Parsed {
        kind,
        seps: offsets,
        service_id,
        track_number,
        duration_secs,
        rating,
    })
}

/// The canonical decimal at `r` of `bytes`, at most `max`.
#[inline(always)]
fn number(bytes: &[u8], r: &Range<usize>, max: u32) -> Option<u32> {
    bytes.get(r.clone()).and_then(|t| text::decimal(t, max))
}

/// An optional number field at `r` of `s`: `None` when empty, else `value(r)` or the
/// field's `invalid_number` error.
#[inline(always)]
fn optional<T>(
    field: Field,
    s: &str,
    r: Range<usize>,
    value: impl FnOnce(&Range<usize>) -> Option<T>,
) -> Result<Option<T>, ParseError> {
    if r.is_empty() {
        return Ok(None);
    }
    match value(&r) {
        Some(v) => Ok(Some(v)),
        None => Err(number_error(field, s, r)),
    }
}

/// The text of `r` in `s`, for an error message (`r` is always a field between separators,
/// so it falls on character boundaries).
fn token(s: &str, r: Range<usize>) -> (&str, usize) {
    (s.get(r.clone()).unwrap_or(""), r.start)
}

#[cold]
#[inline(never)]
fn token_error_at(kind: ParseErrorKind, field: Field, s: &str, r: Range<usize>) -> ParseError {
    let (t, at) = token(s, r);
    token_error(kind, field, t, at)
}

#[cold]
#[inline(never)]
fn number_error(field: Field, s: &str, r: Range<usize>) -> ParseError {
    let (t, at) = token(s, r);
    ParseError::invalid_number(field, t, at)
}

#[cold]
#[inline(never)]
fn service_id_error(s: &str, r: Range<usize>) -> ParseError {
    let (t, at) = token(s, r);
    match service_id(t, at) {
        Err(e) => e,
        // Not reached: the token was refused above, and `service_id` refuses it the same way.
        Ok(_) => ParseError::invalid_number(Field::ServiceId, t, at),
    }
}

fn token_error(kind: ParseErrorKind, field: Field, token: &str, at: usize) -> ParseError {
    ParseError::new(kind, Some(field), at..at + token.len(), token, Detail::None)
}

/// A service id token at byte `at` of the input.
pub(crate) fn service_id(token: &str, at: usize) -> Result<ServiceId, ParseError> {
    match text::canonical_decimal(token, u32::MAX) {
        Some(0) => Err(token_error(
            ParseErrorKind::ZeroServiceId,
            Field::ServiceId,
            token,
            at,
        )),
        Some(v) => {
            ServiceId::new(v).ok_or_else(|| ParseError::invalid_number(Field::ServiceId, token, at))
        }
        None => Err(ParseError::invalid_number(Field::ServiceId, token, at)),
    }
}

fn char_error(kind: ParseErrorKind, field: Field, at: usize, c: char) -> ParseError {
    ParseError::new(
        kind,
        Some(field),
        at..at + c.len_utf8(),
        "",
        Detail::Char(c),
    )
}

/// The provider at `r` of `s`: the common case (short, no `\`, and no control character
/// anywhere in the input) is settled on bytes; anything else is looked at character by
/// character, out of line.
#[inline]
fn check_provider(s: &str, r: Range<usize>, control: bool) -> Result<(), ParseError> {
    let b = s.as_bytes().get(r.clone()).unwrap_or_default();
    if b.is_empty()
        || control
        || b.len() > MAX_PROVIDER_UTF16
        || b.iter().fold(false, |found, &x| found | (x == b'\\'))
    {
        let (provider, at) = token(s, r);
        return check_provider_chars(provider, at);
    }
    Ok(())
}

#[cold]
#[inline(never)]
fn check_provider_chars(provider: &str, at: usize) -> Result<(), ParseError> {
    if provider.is_empty() {
        return Err(ParseError::new(
            ParseErrorKind::InvalidProvider,
            Some(Field::Provider),
            at..at,
            "",
            Detail::None,
        ));
    }
    for (i, c) in provider.char_indices() {
        if c == '\\' {
            return Err(char_error(
                ParseErrorKind::InvalidProvider,
                Field::Provider,
                at + i,
                c,
            ));
        }
        if text::is_control(c) {
            return Err(char_error(
                ParseErrorKind::ControlCharacter,
                Field::Provider,
                at + i,
                c,
            ));
        }
    }
    if provider.len() > MAX_PROVIDER_UTF16 {
        let units = text::utf16_len(provider);
        if units > MAX_PROVIDER_UTF16 {
            return Err(ParseError::new(
                ParseErrorKind::InvalidProvider,
                Some(Field::Provider),
                at..at + provider.len(),
                provider,
                Detail::ProviderUnits(units),
            ));
        }
    }
    Ok(())
}

/// A text field at `r` of `s`, when the input holds a control character somewhere.
#[cold]
#[inline(never)]
fn check_text(field: Field, s: &str, r: Range<usize>) -> Result<(), ParseError> {
    let (t, at) = token(s, r);
    if let Some((i, c)) = text::find_control(t) {
        return Err(char_error(
            ParseErrorKind::ControlCharacter,
            field,
            at + i,
            c,
        ));
    }
    Ok(())
}

/// The `field_count` error, with a guess at which text field holds the extra `:`.
fn field_count(s: &str, seps: &Seps) -> ParseError {
    let (found, span, culprit) = if seps.n < 9 {
        (seps.n + 1, s.len()..s.len(), Culprit::None)
    } else {
        (seps.colons + 1, seps.at[9]..s.len(), guess_culprit(s, seps))
    };
    ParseError::new(
        ParseErrorKind::FieldCount,
        None,
        span,
        "",
        Detail::Fields { found, culprit },
    )
}

/// With too many fields, tries the two likely places for the extra separators: inside the
/// title (the fields after it still parse counted from the end, and the track number counted
/// from the start), or before the track number (everything from the track number on parses
/// counted from the end).
fn guess_culprit(s: &str, seps: &Seps) -> Culprit {
    // The last four fields, counted from the end: track, title, duration, rating.
    let mut tail = [""; 4];
    let mut end = s.len();
    for (slot, p) in tail
        .iter_mut()
        .rev()
        .zip(memchr::memrchr_iter(b':', s.as_bytes()))
    {
        *slot = &s[p + 1..end];
        end = p;
    }
    let [track_from_end, _title, duration, rating] = tail;
    culprit(&s[seps.range(6, s.len())], track_from_end, duration, rating)
}

/// The guess itself, from the track number counted from the start and the track number,
/// duration and rating counted from the end; shared with lenient parsing so that a
/// `field_count` error reads the same whichever parser gives it.
pub(crate) fn culprit(
    track_from_start: &str,
    track_from_end: &str,
    duration: &str,
    rating: &str,
) -> Culprit {
    let number_ok = |t: &str, max: u32, nonzero: bool| {
        t.is_empty() || text::canonical_decimal(t, max).is_some_and(|v| !nonzero || v != 0)
    };
    let tail_ok = number_ok(duration, u32::MAX, false) && number_ok(rating, 99, false);
    let in_title = tail_ok && number_ok(track_from_start, u32::MAX, true);
    let before_track = tail_ok && number_ok(track_from_end, u32::MAX, true);
    match (in_title, before_track) {
        (true, false) => Culprit::Title,
        (false, true) => Culprit::BeforeTrack,
        _ => Culprit::Unknown,
    }
}
