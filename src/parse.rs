//! The strict parser.
//!
//! One bounded, branch-light pass over the bytes ([`text::scan`]) measures the UTF-16
//! length and notes whether any byte needs a per-character look; `memchr` finds the
//! separators; the numbers are parsed once. The caller copies the input into one `String`
//! and keeps the separator offsets, so a successful parse allocates exactly once and a
//! rejected one never.

use core::num::NonZeroU32;
use core::ops::Range;

use nom::bytes::complete::tag;
use nom::Parser;

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
/// count is wrong).
struct Seps {
    at: [usize; 10],
    n: usize,
}

impl Seps {
    fn find(s: &str) -> Seps {
        let mut at = [0usize; 10];
        let mut n = 0;
        for p in memchr::memchr_iter(b':', &s.as_bytes()[2..]) {
            at[n] = p + 2;
            n += 1;
            if n == at.len() {
                break;
            }
        }
        Seps { at, n }
    }

    /// The byte range of field `i` (`0..=n`).
    fn range(&self, i: usize, len: usize) -> Range<usize> {
        let start = if i == 0 { 2 } else { self.at[i - 1] + 1 };
        let end = if i < self.n { self.at[i] } else { len };
        start..end
    }
}

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
    let scan = text::scan(bytes);
    if scan.utf16_len > MAX_UTF16 {
        return Err(ParseError::new(
            ParseErrorKind::TooLong,
            None,
            0..bytes.len(),
            "",
            Detail::Units(scan.utf16_len),
        ));
    }
    if tag::<_, _, ()>("::").parse(s).is_err() {
        let end = s.char_indices().nth(2).map_or(s.len(), |(i, _)| i);
        return Err(ParseError::new(
            ParseErrorKind::MissingPrefix,
            None,
            0..end,
            &s[..end],
            Detail::None,
        ));
    }

    let seps = Seps::find(s);
    let token = |i: usize| {
        let r = seps.range(i, s.len());
        (&s[r.clone()], r.start)
    };

    let (kind_token, at) = token(0);
    let kind = match kind_token {
        "WMP_JOB" => Kind::Job,
        "WMP_STATUS" => Kind::Status,
        _ => {
            return Err(token_error(
                ParseErrorKind::UnknownKind,
                Field::Kind,
                kind_token,
                at,
            ))
        }
    };
    if seps.n >= 1 {
        let (version, at) = token(1);
        if version != "1" {
            return Err(token_error(
                ParseErrorKind::UnsupportedVersion,
                Field::Version,
                version,
                at,
            ));
        }
    }
    if seps.n != 9 {
        return Err(field_count(s, &seps));
    }

    let (sid, at) = token(2);
    let service_id = service_id(sid, at)?;
    let (provider, at) = token(3);
    check_provider(provider, at, scan.suspicious)?;
    for (field, i) in [(Field::AlbumArtist, 4), (Field::AlbumTitle, 5)] {
        let (t, at) = token(i);
        check_text(field, t, at, scan.suspicious)?;
    }
    let (track, at) = token(6);
    let track_number = optional(track, || {
        text::canonical_decimal(track, u32::MAX)
            .and_then(NonZeroU32::new)
            .ok_or_else(|| ParseError::invalid_number(Field::TrackNumber, track, at))
    })?;
    let (title, at) = token(7);
    check_text(Field::Title, title, at, scan.suspicious)?;
    let (duration, at) = token(8);
    let duration_secs = optional(duration, || {
        text::canonical_decimal(duration, u32::MAX)
            .ok_or_else(|| ParseError::invalid_number(Field::Duration, duration, at))
    })?;
    let (rating, at) = token(9);
    let rating = optional(rating, || {
        text::canonical_decimal(rating, 99)
            .and_then(|v| u8::try_from(v).ok())
            .and_then(Rating::new)
            .ok_or_else(|| ParseError::invalid_number(Field::Rating, rating, at))
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

fn optional<T>(
    token: &str,
    parse: impl FnOnce() -> Result<T, ParseError>,
) -> Result<Option<T>, ParseError> {
    if token.is_empty() {
        Ok(None)
    } else {
        parse().map(Some)
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

fn check_provider(provider: &str, at: usize, suspicious: bool) -> Result<(), ParseError> {
    if provider.is_empty() {
        return Err(ParseError::new(
            ParseErrorKind::InvalidProvider,
            Some(Field::Provider),
            at..at,
            "",
            Detail::None,
        ));
    }
    if suspicious {
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

fn check_text(field: Field, t: &str, at: usize, suspicious: bool) -> Result<(), ParseError> {
    if suspicious {
        if let Some((i, c)) = text::find_control(t) {
            return Err(char_error(
                ParseErrorKind::ControlCharacter,
                field,
                at + i,
                c,
            ));
        }
    }
    Ok(())
}

/// The `field_count` error, with a guess at which text field holds the extra `:`.
fn field_count(s: &str, seps: &Seps) -> ParseError {
    let (found, span, culprit) = if seps.n < 9 {
        (seps.n + 1, s.len()..s.len(), Culprit::None)
    } else {
        let colons = memchr::memchr_iter(b':', &s.as_bytes()[2..]).count();
        (colons + 1, seps.at[9]..s.len(), guess_culprit(s, seps))
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
    let number_ok = |t: &str, max: u32, nonzero: bool| {
        t.is_empty() || text::canonical_decimal(t, max).is_some_and(|v| !nonzero || v != 0)
    };
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
    let tail_ok = number_ok(duration, u32::MAX, false) && number_ok(rating, 99, false);
    let (track_from_start, _) = {
        let r = seps.range(6, s.len());
        (&s[r.clone()], r.start)
    };
    let in_title = tail_ok && number_ok(track_from_start, u32::MAX, true);
    let before_track = tail_ok && number_ok(track_from_end, u32::MAX, true);
    match (in_title, before_track) {
        (true, false) => Culprit::Title,
        (false, true) => Culprit::BeforeTrack,
        _ => Culprit::Unknown,
    }
}
