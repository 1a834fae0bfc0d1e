//! The strict parser.
//!
//! One pass over the bytes ([`scan`], 32 at a time) finds the separators and screens for
//! bytes that may start a control character; each field is then checked by its rule in
//! [`rules`], on bytes, and the numbers are read once. Text the screen stops at
//! (U+00A0..=U+00BF share their lead byte with the C1 controls) gets a second, exact pass
//! ([`has_control`]); only an input that does hold a control character, or a provider out
//! of the ordinary, has its text fields read character by character, and error values are
//! built out of line. The caller copies the input into one `String` and keeps the separator
//! offsets, so a successful parse allocates exactly once and a rejected one never.

// `|` between booleans keeps the hot checks free of branches (see `benches/parse.rs`).
#![allow(clippy::needless_bitwise_bool)]

use core::num::NonZeroU32;
use core::ops::Range;

use super::rules::{self, MAX_BYTES, MAX_PROVIDER_UTF16, MAX_UTF16};
use super::scan::{has_control, scan, Scan};
use super::{ErrorKind, Field, Kind, ParseError, Rating, ServiceId};
use crate::text;

/// The pieces of a strictly valid descriptor.
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
    fn new(scan: &Scan) -> Seps {
        Seps {
            at: scan.seps,
            n: scan.colons.min(scan.seps.len()),
            colons: scan.colons,
        }
    }

    /// The byte range of field `i` (`0..=n`).
    #[inline]
    fn range(&self, i: usize, len: usize) -> Range<usize> {
        let start = if i == 0 {
            rules::PREFIX.len()
        } else {
            self.at[i - 1] + 1
        };
        let end = if i < self.n { self.at[i] } else { len };
        start..end
    }
}

/// Strict parsing, checks in the order errors are reported.
pub(crate) fn parse(s: &str) -> Result<Parsed, ParseError> {
    let bytes = s.as_bytes();
    if bytes.len() > MAX_BYTES {
        return Err(ParseError::too_many_bytes(bytes.len()));
    }
    if may_be_too_long(bytes.len()) {
        let units = text::utf16_len(s);
        if units > MAX_UTF16 {
            return Err(ParseError::too_many_units(s, units));
        }
    }
    if !s.starts_with(rules::PREFIX) {
        return Err(ParseError::missing_prefix(s));
    }

    let scan = scan(bytes);
    let seps = Seps::new(&scan);
    // Every range below is between separators or the ends: on character boundaries.
    let token = |r: Range<usize>| (&s[r.clone()], r.start);

    let kind_range = seps.range(0, s.len());
    let Some(kind) = bytes.get(kind_range.clone()).and_then(rules::kind) else {
        let (t, at) = token(kind_range);
        return Err(ParseError::token(ErrorKind::UnknownKind, t, at));
    };
    if seps.n >= 1 {
        let r = seps.range(1, s.len());
        if !bytes.get(r.clone()).is_some_and(rules::version) {
            let (t, at) = token(r);
            return Err(ParseError::token(ErrorKind::UnsupportedVersion, t, at));
        }
    }
    if seps.n != rules::FIELDS - 1 {
        return Err(field_count(s, &seps));
    }

    // Exactly nine separators: field `i` runs from `bounds[i] + 1` to `bounds[i + 1]`.
    let [a0, a1, a2, a3, a4, a5, a6, a7, a8, _] = seps.at;
    let bounds = [1, a0, a1, a2, a3, a4, a5, a6, a7, a8, s.len()];
    let field = |f: Field| bounds[f.index()] + 1..bounds[f.index() + 1];
    let b = |r: &Range<usize>| &bytes[r.clone()];

    let r = field(Field::ServiceId);
    let service_id = rules::service_id(b(&r)).map_err(|v| {
        let (t, at) = token(r);
        ParseError::service_id(v, t, at)
    })?;
    // The scan's screen also stops at text with U+00A0..=U+00BF; a second pass settles
    // whether there is a control character at all, and only then are the text fields read
    // one by one to report it.
    let control = scan.suspicious && has_control(bytes);
    check_provider(s, field(Field::Provider), control)?;
    if control {
        check_text(s, Field::AlbumArtist, field(Field::AlbumArtist))?;
        check_text(s, Field::AlbumTitle, field(Field::AlbumTitle))?;
    }
    let r = field(Field::TrackNumber);
    let track_number = rules::track_number(b(&r)).map_err(|_| {
        let (t, at) = token(r);
        ParseError::token(ErrorKind::InvalidTrackNumber, t, at)
    })?;
    if control {
        check_text(s, Field::Title, field(Field::Title))?;
    }
    let r = field(Field::Duration);
    let duration_secs = rules::duration(b(&r)).map_err(|_| {
        let (t, at) = token(r);
        ParseError::token(ErrorKind::InvalidDuration, t, at)
    })?;
    let r = field(Field::Rating);
    let rating = rules::rating(b(&r)).map_err(|_| {
        let (t, at) = token(r);
        ParseError::token(ErrorKind::InvalidRating, t, at)
    })?;

    let mut offsets = [0u16; 9];
    for (o, &a) in offsets.iter_mut().zip(&seps.at) {
        *o = rules::offset(a);
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

/// Whether a string of `len` bytes may be over 1,024 UTF-16 code units, so that its units
/// must be counted: a string of at most 1,024 bytes cannot be (a code unit takes at least
/// one byte).
#[inline]
fn may_be_too_long(len: usize) -> bool {
    len > MAX_UTF16
}

/// The provider at `r` of `s`. The common case (nonempty, at most 255 bytes, no `\`, and no
/// control character anywhere in the input) cannot break the provider's rule, and is
/// settled on bytes; anything else goes to the rule itself, out of line.
#[inline]
fn check_provider(s: &str, r: Range<usize>, control: bool) -> Result<(), ParseError> {
    let b = &s.as_bytes()[r.clone()];
    let ordinary = !b.is_empty()
        & !control
        & (b.len() <= MAX_PROVIDER_UTF16)
        & !b.iter().fold(false, |found, &x| found | (x == b'\\'));
    if ordinary {
        Ok(())
    } else {
        provider_rule(s, r)
    }
}

#[cold]
#[inline(never)]
fn provider_rule(s: &str, r: Range<usize>) -> Result<(), ParseError> {
    let provider = &s[r.clone()];
    rules::provider(provider).map_err(|v| ParseError::provider(v, provider, r.start))
}

/// A text field at `r` of `s`, when the input holds a control character somewhere.
#[cold]
#[inline(never)]
fn check_text(s: &str, field: Field, r: Range<usize>) -> Result<(), ParseError> {
    let t = &s[r.clone()];
    rules::text(t).map_err(|c| ParseError::control(field, c, r.start))
}

/// The `field_count` error: at the end of the input when fields are missing, else over
/// the extra fields (whose likely readings the error names).
#[cold]
#[inline(never)]
fn field_count(s: &str, seps: &Seps) -> ParseError {
    if seps.n < rules::FIELDS - 1 {
        return ParseError::field_count(s, s.len()..s.len(), seps.n + 1);
    }
    ParseError::field_count(s, seps.at[9]..s.len(), seps.colons + 1)
}
