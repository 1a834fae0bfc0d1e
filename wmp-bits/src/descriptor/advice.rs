//! The guesses behind a parse error's advice: what most likely went wrong with a
//! description that is almost a descriptor, and how to mend it.
//!
//! Each guess is made only on the error path (the strict parser never calls into this
//! module while it accepts), and each is checked: a reading is named only when mending the
//! description as it says gives a strictly valid descriptor. Nothing here allocates, so a
//! rejected description still costs no allocation.

use core::cmp::Ordering;
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
        // `s` does not start with `::`: if what follows its white space does, there was some.
        near_miss::after_whitespace(s)
            .starts_with(PREFIX)
            .then_some(Hint::LeadingWhitespace)
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

/// A duration written as a clock, which the format cannot hold: `m:ss` or `h:mm:ss`, kept
/// as its whole seconds (its minutes and seconds below 60 each, the clock is written back
/// from them as it was read).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct Clock {
    seconds: u32,
    hours: bool,
}

impl Clock {
    /// The clock whose `:`-separated parts are `parts` (two or three), read as minutes (or
    /// hours) in decimal, leading zeros allowed, then two digits each below 60, the whole
    /// within `u32` seconds.
    fn of(parts: &[&[u8]]) -> Option<Clock> {
        let (seconds, hours) = match *parts {
            [m, s] => (u64::from(count(m)?) * 60 + u64::from(two_digits(s)?), false),
            [h, m, s] => (
                u64::from(count(h)?) * 3600
                    + u64::from(two_digits(m)?) * 60
                    + u64::from(two_digits(s)?),
                true,
            ),
            _ => return None,
        };
        Some(Clock {
            seconds: u32::try_from(seconds).ok()?,
            hours,
        })
    }

    /// `the duration is [probably ]written as …: write whole seconds, N`.
    fn write(self, f: &mut fmt::Formatter<'_>, probably: &str) -> fmt::Result {
        let total = self.seconds;
        let secs = total % 60;
        f.write_str("the duration is ")?;
        f.write_str(probably)?;
        if self.hours {
            let (hours, minutes) = (total / 3600, total / 60 % 60);
            write!(
                f,
                "written as hours, minutes and seconds, \"{hours}:{minutes:02}:{secs:02}\""
            )?;
        } else {
            let minutes = total / 60;
            write!(f, "written as minutes and seconds, \"{minutes}:{secs:02}\"")?;
        }
        write!(
            f,
            ", which the format cannot hold: write whole seconds, {total}"
        )
    }
}

/// The readings that explain the extra `:` of a description with too many fields: each is
/// named in the `field_count` message, and each, when followed, gives a strictly valid
/// descriptor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct Readings {
    /// This many `:` after the rating, with nothing after them (at most 3,072: the
    /// description is within that many bytes).
    trailing_colons: u16,
    /// The duration written as a clock, `m:ss` and `h:mm:ss` (at most one reading each: the
    /// number of extra `:` decides whether the clock explains them all, or a text field
    /// holds the rest), as its whole seconds, and the text field that holds the rest.
    clocks: [Option<(u32, Option<ColonIn>)>; 2],
    /// A `:` in a text field, the duration as written.
    colon_in: ColonIn,
    /// Whether a stray `:` is likelier than `m:ss` where both explain the description: the
    /// rating before the stray `:` is one the Player itself writes for some number of stars.
    stray_colon_first: bool,
}

impl Readings {
    /// The readings of `s`, a description with a valid prefix, kind and version, and more
    /// than ten fields.
    pub(crate) fn of(s: &str) -> Readings {
        // One pass over the fields: the first ten and the last six (every one a reading
        // looks at; with eleven fields or more, each of these exists), how many there are,
        // and whether those after the tenth are all empty.
        let mut start = [&b""[..]; FIELDS];
        let mut last = [&b""[..]; 6];
        let (mut count, mut rest_empty) = (0, true);
        for (i, t) in s[PREFIX.len()..].split(':').enumerate() {
            let t = t.as_bytes();
            if let Some(slot) = start.get_mut(i) {
                *slot = t;
            }
            last[i % 6] = t;
            rest_empty &= i < FIELDS || t.is_empty();
            count = i + 1;
        }
        let from_start = |i: usize| start[i];
        let from_end = |i: usize| last[(count - 1 - i) % 6];
        let track_ok = rules::track_number(from_start(Field::TrackNumber.index())).is_ok();
        let service_ok = rules::service_id(from_start(Field::ServiceId.index())).is_ok();
        let rating_ok = rules::rating(from_end(0)).is_ok();
        let extra = count - FIELDS;

        // The ten fields as written, then only empty ones.
        let trailing = service_ok
            && track_ok
            && rules::duration(from_start(Field::Duration.index())).is_ok()
            && rules::rating(from_start(Field::Rating.index())).is_ok()
            && rest_empty;
        let trailing_colons = if trailing {
            u16::try_from(extra).unwrap_or(u16::MAX)
        } else {
            0
        };

        // Counted from the end: the rating, then the duration written in `parts` tokens,
        // then the title and the track number before it. What is left of the extra `:` once
        // the duration has taken its own is in a text field, or there is none left and the
        // fields from the start line up.
        let colon_in = |parts: usize| {
            let title = parts + 1;
            let in_title = track_ok;
            let before_track = rules::track_number(from_end(title + 1)).is_ok();
            match (in_title, before_track) {
                (true, false) => ColonIn::Title,
                (false, true) => ColonIn::BeforeTrack,
                (true, true) => ColonIn::Unknown,
                (false, false) => ColonIn::Nowhere,
            }
        };
        let clock = |parts: usize| {
            let tokens = [from_end(3), from_end(2), from_end(1)];
            Clock::of(&tokens[3 - parts..]).filter(|_| rating_ok && service_ok)
        };
        let mut clocks = [None; 2];
        for (slot, parts) in clocks.iter_mut().zip([2, 3]) {
            let Some(clock) = clock(parts) else { continue };
            *slot = match extra.cmp(&(parts - 1)) {
                Ordering::Equal if track_ok => Some((clock.seconds, None)),
                Ordering::Greater => Some(colon_in(parts))
                    .filter(|&c| c != ColonIn::Nowhere)
                    .map(|c| (clock.seconds, Some(c))),
                _ => None,
            };
        }
        let plain = rating_ok && rules::duration(from_end(1)).is_ok();
        let players_rating = matches!(
            rules::rating(from_start(Field::Rating.index())),
            Ok(Some(r)) if Rating::from_stars(r.stars()) == Some(r)
        );
        Readings {
            trailing_colons,
            clocks,
            colon_in: if plain { colon_in(1) } else { ColonIn::Nowhere },
            stray_colon_first: players_rating,
        }
    }

    /// Each reading, the likeliest first: a stray `:` or a duration in minutes and seconds
    /// (the stray `:` first when the rating before it is one the Player writes), hours,
    /// minutes and seconds, a `:` in a text field, and a `:` in a text field beside a
    /// duration written as a clock (or, when nothing else explains the description, a `:`
    /// in some text field).
    fn each(&self) -> impl Iterator<Item = Reading> + '_ {
        // A stray ':' never leaves the text fields unexplained: the fields before it parse,
        // so the title may hold the ':' as well. Only a clock can be the one other reading.
        let colon_in = match self.colon_in {
            ColonIn::Nowhere if self.clocks == [None; 2] => Some(ColonIn::Unknown),
            ColonIn::Nowhere => None,
            other => Some(other),
        };
        let stray =
            (self.trailing_colons > 0).then_some(Reading::TrailingColons(self.trailing_colons));
        // Each clock reading alone, or beside a ':' in a text field.
        let [(minutes, with_minutes), (hours, with_hours)] =
            [false, true].map(|hours| match self.clocks[usize::from(hours)] {
                Some((seconds, None)) => (Some(Reading::Clock(Clock { seconds, hours })), None),
                Some((seconds, Some(colon_in))) => (
                    None,
                    Some(Reading::Colon(colon_in, Some(Clock { seconds, hours }))),
                ),
                None => (None, None),
            });
        let (first, second) = if self.stray_colon_first {
            (stray, minutes)
        } else {
            (minutes, stray)
        };
        [
            first,
            second,
            hours,
            colon_in.map(|c| Reading::Colon(c, None)),
            with_minutes,
            with_hours,
        ]
        .into_iter()
        .flatten()
    }
}

/// One reading of extra `:`.
#[derive(Clone, Copy)]
enum Reading {
    TrailingColons(u16),
    Clock(Clock),
    /// A `:` in a text field, and the duration as written or written as a clock.
    Colon(ColonIn, Option<Clock>),
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
            Reading::Clock(clock) => clock.write(f, probably),
            Reading::Colon(colon_in, clock) => {
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
                )?;
                match clock {
                    Some(clock) => {
                        f.write_str(", and ")?;
                        clock.write(f, "")
                    }
                    None => Ok(()),
                }
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

/// A decimal count, leading zeros allowed (`03`), within `u32`.
fn count(token: &[u8]) -> Option<u32> {
    if token.is_empty() {
        return None;
    }
    token.iter().try_fold(0u32, |n, &b| {
        let digit = b.checked_sub(b'0').filter(|d| *d <= 9)?;
        n.checked_mul(10)?.checked_add(u32::from(digit))
    })
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
