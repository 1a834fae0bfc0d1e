//! The guesses behind a parse error's advice: what most likely went wrong with a
//! description that is almost a descriptor, and how to mend it.
//!
//! Each guess is made only on the error path (the strict parser never calls into this
//! module while it accepts), and each is checked: a reading is named only when mending the
//! description as it says gives a strictly valid descriptor. Nothing here allocates, so a
//! rejected description still costs no allocation.

use core::fmt;

use super::near_miss::{self, LINE_ENDINGS};
use super::rules::{self, FIELDS, MAX_UTF16, PREFIX};
use super::{Field, Rating};
use crate::text;

/// A mistake at an edge of a description, which a descriptor never holds there.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Hint {
    /// A byte order mark (U+FEFF) before the `::`.
    ByteOrderMark,
    /// White space before the `::`.
    LeadingWhitespace,
    /// A line ending after the rating, alone (`alone`) or with other white space;
    /// `lenient` is whether [`lenient::parse`](super::lenient::parse) reads it.
    LineEnding { alone: bool, lenient: bool },
    /// White space after the rating, and no line ending.
    TrailingWhitespace,
}

impl Hint {
    /// What is wrong at the start of `s`, which does not start with `::`, when removing it
    /// leaves a description that does.
    pub(crate) fn at_start(s: &str) -> Option<Hint> {
        if near_miss::after_byte_order_mark(s).is_some_and(|rest| rest.starts_with(PREFIX)) {
            return Some(Hint::ByteOrderMark);
        }
        let rest = near_miss::after_whitespace(s);
        (rest.len() < s.len() && rest.starts_with(PREFIX)).then_some(Hint::LeadingWhitespace)
    }

    /// What is wrong at the end of `token`, the rating field of a description, when
    /// removing it leaves a valid rating.
    pub(crate) fn at_end(token: &str) -> Option<Hint> {
        let rating = token.trim_end_matches([' ', '\t', '\r', '\n']);
        if rating.len() == token.len() || rules::rating(rating.as_bytes()).is_err() {
            return None;
        }
        let tail = &token[rating.len()..];
        if !tail.contains(LINE_ENDINGS) {
            return Some(Hint::TrailingWhitespace);
        }
        // Lenient parsing reads spaces and tabs after a number, then one line ending.
        let spaces = tail.trim_start_matches([' ', '\t']);
        let lenient = matches!(spaces, "\n" | "\r\n");
        let alone = matches!(tail, "\n" | "\r\n");
        Some(Hint::LineEnding { alone, lenient })
    }
}

/// What lenient parsing does for a description with a mistake it reads.
const OR_LENIENT: &str = ", or read the text with lenient::parse, which does";

impl fmt::Display for Hint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (what, lenient) = match *self {
            Hint::ByteOrderMark => (
                "starts with a byte order mark (U+FEFF), which a descriptor never holds: \
                 remove it",
                true,
            ),
            Hint::LeadingWhitespace => (
                "starts with white space, which a descriptor never holds: remove it",
                false,
            ),
            Hint::LineEnding {
                alone: true,
                lenient,
            } => (
                "ends in a line ending, which a descriptor never holds: remove it",
                lenient,
            ),
            Hint::LineEnding {
                alone: false,
                lenient,
            } => (
                "ends in white space and a line ending, which a descriptor never holds: \
                 remove them",
                lenient,
            ),
            Hint::TrailingWhitespace => (
                "ends in white space, which a descriptor never holds: remove it",
                true,
            ),
        };
        write!(f, "the description {what}")?;
        if lenient {
            f.write_str(OR_LENIENT)?;
        }
        Ok(())
    }
}

/// Which text fields may hold the extra `:` of a description with too many fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum ColonIn {
    /// No text field explains it.
    Nowhere,
    /// The title: the fields before it parse counted from the start, and those after it
    /// counted from the end.
    Title,
    /// The provider, the album artist or the album title: everything from the track number
    /// on parses counted from the end.
    BeforeTrack,
    /// A text field, but which one the numbers around them do not say.
    Unknown,
}

/// The readings that explain the extra `:` of a description with too many fields: each is
/// named in the `field_count` message, and each, when followed, gives a strictly valid
/// descriptor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct Readings {
    /// This many `:` after the rating, with nothing after them (at most 3,072: the
    /// description is within that many bytes).
    trailing_colons: u16,
    /// The duration written `m:ss`: minutes and seconds.
    minutes_seconds: Option<(u32, u8)>,
    /// The duration written `h:mm:ss`.
    hours_minutes_seconds: Option<(u32, u8, u8)>,
    colon_in: ColonIn,
    /// Whether a stray `:` is likelier than `m:ss` where both explain the description: the
    /// rating before the stray `:` is one the Player itself writes for some number of stars.
    stray_colon_first: bool,
}

impl Readings {
    /// The readings of `s`, a description with a valid prefix, kind and version, and more
    /// than ten fields.
    pub(crate) fn of(s: &str) -> Readings {
        // One pass over the fields: the first twelve and the last four (every one a reading
        // looks at; with eleven fields or more, each of these exists), how many there are,
        // and whether those after the tenth are all empty.
        let mut start = [&b""[..]; FIELDS + 2];
        let mut last = [&b""[..]; 4];
        let (mut count, mut rest_empty) = (0, true);
        for (i, t) in s[PREFIX.len()..].split(':').enumerate() {
            let t = t.as_bytes();
            if let Some(slot) = start.get_mut(i) {
                *slot = t;
            }
            last[i % 4] = t;
            rest_empty &= i < FIELDS || t.is_empty();
            count = i + 1;
        }
        let from_start = |i: usize| start[i];
        let from_end = |i: usize| last[(count - 1 - i) % 4];
        let track_ok = rules::track_number(from_start(Field::TrackNumber.index())).is_ok();
        let rating_ok = |token: &[u8]| rules::rating(token).is_ok();
        let service_ok = rules::service_id(from_start(Field::ServiceId.index())).is_ok();
        let extra = count - FIELDS;

        // The ten fields as written, then only empty ones.
        let trailing = service_ok
            && track_ok
            && rules::duration(from_start(Field::Duration.index())).is_ok()
            && rating_ok(from_start(Field::Rating.index()))
            && rest_empty;
        let trailing_colons = if trailing {
            u16::try_from(extra).unwrap_or(u16::MAX)
        } else {
            0
        };
        // The duration and the next one or two fields read as one duration.
        let duration = Field::Duration.index();
        let minutes_seconds = (service_ok && track_ok && extra == 1 && rating_ok(from_end(0)))
            .then(|| minutes_seconds(from_start(duration), from_start(duration + 1)))
            .flatten();
        let hours_minutes_seconds =
            (service_ok && track_ok && extra == 2 && rating_ok(from_end(0)))
                .then(|| {
                    let h = from_start(duration);
                    hours_minutes_seconds(h, from_start(duration + 1), from_start(duration + 2))
                })
                .flatten();
        // The last three fields counted from the end: rating, duration, title, and the track
        // number before the title.
        let tail_ok = rating_ok(from_end(0)) && rules::duration(from_end(1)).is_ok();
        let in_title = tail_ok && track_ok;
        let before_track = tail_ok && rules::track_number(from_end(3)).is_ok();
        let colon_in = match (in_title, before_track) {
            (true, false) => ColonIn::Title,
            (false, true) => ColonIn::BeforeTrack,
            (true, true) => ColonIn::Unknown,
            (false, false) => ColonIn::Nowhere,
        };
        let players_rating = matches!(
            rules::rating(from_start(Field::Rating.index())),
            Ok(Some(r)) if Rating::from_stars(r.stars()) == Some(r)
        );
        Readings {
            trailing_colons,
            minutes_seconds,
            hours_minutes_seconds,
            colon_in,
            stray_colon_first: players_rating,
        }
    }

    /// Each reading, the likeliest first: a stray `:` or a duration in minutes and seconds
    /// (the stray `:` first when the rating before it is one the Player writes), hours,
    /// minutes and seconds, and last a `:` in a text field (or, when nothing else explains
    /// the description, in some text field).
    fn each(&self) -> impl Iterator<Item = Reading> + '_ {
        let colon_in = match self.colon_in {
            ColonIn::Nowhere if self.count_others() == 0 => Some(ColonIn::Unknown),
            ColonIn::Nowhere => None,
            other => Some(other),
        };
        let stray =
            (self.trailing_colons > 0).then_some(Reading::TrailingColons(self.trailing_colons));
        let minutes = self
            .minutes_seconds
            .map(|(m, s)| Reading::MinutesSeconds(m, s));
        let (first, second) = if self.stray_colon_first {
            (stray, minutes)
        } else {
            (minutes, stray)
        };
        [
            first,
            second,
            self.hours_minutes_seconds
                .map(|(h, m, s)| Reading::HoursMinutesSeconds(h, m, s)),
            colon_in.map(Reading::Colon),
        ]
        .into_iter()
        .flatten()
    }

    /// How many readings other than a `:` in a text field there are.
    fn count_others(&self) -> usize {
        usize::from(self.trailing_colons > 0)
            + usize::from(self.minutes_seconds.is_some())
            + usize::from(self.hours_minutes_seconds.is_some())
    }
}

/// One reading of extra `:`.
#[derive(Clone, Copy)]
enum Reading {
    TrailingColons(u16),
    MinutesSeconds(u32, u8),
    HoursMinutesSeconds(u32, u8, u8),
    Colon(ColonIn),
}

/// What sanitising does where the `:` may be in the provider, which it never touches.
const SANITISED_BUT_THE_PROVIDER: &str = "sanitising writes it as U+FF1A '：' in the album \
     artist, album title and title; a provider must be a key name without ':'";

impl Reading {
    /// Writes the reading: `{subject} [probably ]{what}`.
    fn write(self, f: &mut fmt::Formatter<'_>, probably: &str) -> fmt::Result {
        match self {
            Reading::TrailingColons(n) => {
                let (colons, them) = if n == 1 {
                    ("an extra ':'", "the last ':'")
                } else {
                    ("extra ':'", "the ':' after the rating")
                };
                write!(
                    f,
                    "the description {probably}ends in {colons} after the rating: remove {them}, \
                     so that it ends with the rating (or an empty rating)"
                )
            }
            Reading::MinutesSeconds(m, s) => write!(
                f,
                "the duration is {probably}written as minutes and seconds, \"{m}:{s:02}\", which \
                 the format cannot hold: write whole seconds, {}",
                u64::from(m) * 60 + u64::from(s)
            ),
            Reading::HoursMinutesSeconds(h, m, s) => write!(
                f,
                "the duration is {probably}written as hours, minutes and seconds, \
                 \"{h}:{m:02}:{s:02}\", which the format cannot hold: write whole seconds, {}",
                u64::from(h) * 3600 + u64::from(m) * 60 + u64::from(s)
            ),
            Reading::Colon(colon_in) => {
                let (suspect, sanitised) = match colon_in {
                    ColonIn::Title => ("the title", "sanitising writes it as U+FF1A '：'"),
                    ColonIn::BeforeTrack => (
                        "the provider, album artist or album title",
                        SANITISED_BUT_THE_PROVIDER,
                    ),
                    ColonIn::Unknown | ColonIn::Nowhere => {
                        ("a text field", SANITISED_BUT_THE_PROVIDER)
                    }
                };
                write!(
                    f,
                    "{suspect} {probably}contains ':', which the format cannot escape ({sanitised})"
                )
            }
        }
    }
}

impl fmt::Display for Readings {
    /// `; {reading}` for one reading, `; either {a}, or {b}` for several.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let several = self.each().nth(1).is_some();
        for (i, reading) in self.each().enumerate() {
            f.write_str(match (i, several) {
                (0, false) => "; ",
                (0, true) => "; either ",
                _ => ", or ",
            })?;
            reading.write(f, if several { "" } else { "probably " })?;
        }
        Ok(())
    }
}

/// `m:ss` read as one duration: a canonical number of minutes, two digits of seconds below
/// 60, and the whole within `u32`.
fn minutes_seconds(minutes: &[u8], seconds: &[u8]) -> Option<(u32, u8)> {
    let m = rules::duration(minutes).ok().flatten()?;
    let s = two_digits(seconds)?;
    u32::try_from(u64::from(m) * 60 + u64::from(s)).ok()?;
    Some((m, s))
}

/// `h:mm:ss` read as one duration.
fn hours_minutes_seconds(hours: &[u8], minutes: &[u8], seconds: &[u8]) -> Option<(u32, u8, u8)> {
    let h = rules::duration(hours).ok().flatten()?;
    let (m, s) = (two_digits(minutes)?, two_digits(seconds)?);
    u32::try_from(u64::from(h) * 3600 + u64::from(m) * 60 + u64::from(s)).ok()?;
    Some((h, m, s))
}

/// Two digits `00` to `59`.
fn two_digits(token: &[u8]) -> Option<u8> {
    match *token {
        [tens @ b'0'..=b'5', units @ b'0'..=b'9'] => Some((tens - b'0') * 10 + (units - b'0')),
        _ => None,
    }
}

/// What to cut from a description that is too long: how many UTF-16 code units must go,
/// and the two longest text fields. (Lengths are kept as `u32`, so that an error stays
/// small; a field of more than 4,294,967,295 units reads as that many.)
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct Shorten {
    /// UTF-16 code units over the limit.
    excess: u32,
    /// Whether `excess` is only a lower bound (the text was not counted).
    at_least: bool,
    /// The longest text fields, longest first, with their lengths in UTF-16 code units.
    longest: [Option<(Field, u32)>; 2],
}

/// `n`, or `u32::MAX` if it is more.
fn saturate(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

impl Shorten {
    /// A description of `bytes` bytes of UTF-8, too long to count: it is at least
    /// `bytes / 3` UTF-16 code units long.
    pub(crate) fn at_least(bytes: usize) -> Shorten {
        Shorten {
            excess: saturate(bytes.div_ceil(3).saturating_sub(MAX_UTF16)),
            at_least: true,
            longest: [None; 2],
        }
    }

    /// The description `s`, of `units` UTF-16 code units; its fields are named when it has
    /// exactly ten.
    pub(crate) fn description(s: &str, units: usize) -> Shorten {
        let mut tokens = [""; FIELDS];
        let fields = s
            .strip_prefix(PREFIX)
            .filter(|f| f.split(':').count() == FIELDS);
        for (slot, t) in tokens
            .iter_mut()
            .zip(fields.into_iter().flat_map(|f| f.split(':')))
        {
            *slot = t;
        }
        let text = |field: Field| (field, text::utf16_len(tokens[field.index()]));
        let texts = [
            text(Field::AlbumArtist),
            text(Field::AlbumTitle),
            text(Field::Title),
        ];
        // Without ten fields, which text is which field is not known: none is named.
        let named = if fields.is_some() { &texts[..] } else { &[] };
        Shorten::of(units, named)
    }

    /// A whole of `units` UTF-16 code units, with these metadata text fields (the album
    /// artist, album title and title: the provider is a key name, never to shorten) and
    /// their lengths.
    pub(crate) fn of(units: usize, texts: &[(Field, usize)]) -> Shorten {
        let mut longest: [Option<(Field, u32)>; 2] = [None; 2];
        for (field, len) in texts
            .iter()
            .map(|&(f, n)| (f, saturate(n)))
            .filter(|(_, n)| *n > 0)
        {
            // Longer than the slot's field, or the slot is empty; of two fields as long, the
            // first written stays first.
            let longer = |slot: Option<(Field, u32)>| slot.is_none_or(|(_, l)| len > l);
            if longer(longest[0]) {
                longest = [Some((field, len)), longest[0]];
            } else if longer(longest[1]) {
                longest[1] = Some((field, len));
            }
        }
        let excess = saturate(units.saturating_sub(MAX_UTF16));
        // The second is named only when cutting the first cannot be enough.
        if longest[0].is_some_and(|(_, first)| first >= excess) {
            longest[1] = None;
        }
        Shorten {
            excess,
            at_least: false,
            longest,
        }
    }
}

impl fmt::Display for Shorten {
    /// `shorten it by N UTF-16 code units: the longest fields are the title (N) and …`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let at_least = if self.at_least { "at least " } else { "" };
        let units = if self.excess == 1 { "unit" } else { "units" };
        write!(
            f,
            "shorten it by {at_least}{} UTF-16 code {units}",
            self.excess
        )?;
        match self.longest {
            [Some((first, units)), Some((second, units_2))] => write!(
                f,
                ": the longest fields are the {first} ({units} UTF-16 code units) and the \
                 {second} ({units_2})"
            ),
            [Some((first, units)), None] => write!(
                f,
                ": the longest field is the {first} ({units} UTF-16 code units)"
            ),
            _ => Ok(()),
        }
    }
}
