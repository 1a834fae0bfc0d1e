//! The errors of the grammar: [`ParseError`] for strings, [`BuildError`] for values.
//!
//! Both have the design every error of the crate has: an opaque value around a private
//! enum whose variants carry their data (the span, the offending text or character), with
//! the message written once per variant; the public kind and field are derived from the
//! variant.

use core::fmt;
use core::ops::Range;

use super::rules::{self, Control, NotCanonical, ProviderViolation, ServiceIdViolation};
use super::Field;

/// What went wrong in a [`ParseError`]. Each kind has a stable [`code`](Self::code).
///
/// When several things are wrong, the first failing check in this order is reported:
/// `too_long`, `missing_prefix`, `unknown_kind`, `unsupported_version`, `field_count`,
/// then the fields from left to right.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ParseErrorKind {
    /// More than 1,024 UTF-16 code units (`too_long`).
    TooLong,
    /// The input does not start with `::` (`missing_prefix`).
    MissingPrefix,
    /// The token after `::` is not `WMP_JOB` or `WMP_STATUS` (`unknown_kind`).
    UnknownKind,
    /// The version token is not `1` (`unsupported_version`).
    UnsupportedVersion,
    /// Not exactly 10 `:`-separated fields after the leading `::` (`field_count`).
    FieldCount,
    /// The service id is not canonical decimal, or above 4294967295 (`invalid_service_id`).
    InvalidServiceId,
    /// The service id is `0` (`zero_service_id`).
    ZeroServiceId,
    /// The provider is empty, over 255 UTF-16 code units, or holds `\` (`invalid_provider`).
    InvalidProvider,
    /// A control character in a text field (`control_character`).
    ControlCharacter,
    /// The track number is not empty and not canonical decimal 1..=4294967295
    /// (`invalid_track_number`).
    InvalidTrackNumber,
    /// The duration is not empty and not canonical decimal 0..=4294967295
    /// (`invalid_duration`).
    InvalidDuration,
    /// The rating is not empty and not canonical decimal 0..=99 (`invalid_rating`).
    InvalidRating,
}

impl ParseErrorKind {
    /// The stable `snake_case` code of this kind.
    ///
    /// ```
    /// # use wmp_bits::ParseErrorKind;
    /// assert_eq!(ParseErrorKind::FieldCount.code(), "field_count");
    /// ```
    #[must_use]
    pub const fn code(self) -> &'static str {
        match self {
            ParseErrorKind::TooLong => "too_long",
            ParseErrorKind::MissingPrefix => "missing_prefix",
            ParseErrorKind::UnknownKind => "unknown_kind",
            ParseErrorKind::UnsupportedVersion => "unsupported_version",
            ParseErrorKind::FieldCount => "field_count",
            ParseErrorKind::InvalidServiceId => "invalid_service_id",
            ParseErrorKind::ZeroServiceId => "zero_service_id",
            ParseErrorKind::InvalidProvider => "invalid_provider",
            ParseErrorKind::ControlCharacter => "control_character",
            ParseErrorKind::InvalidTrackNumber => "invalid_track_number",
            ParseErrorKind::InvalidDuration => "invalid_duration",
            ParseErrorKind::InvalidRating => "invalid_rating",
        }
    }
}

impl fmt::Display for ParseErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// Why a string is not a strict descriptor.
///
/// Carries a stable [`kind`](Self::kind) with a `snake_case` [`code`](Self::code), the
/// [`field`](Self::field) it concerns (where one does) and the byte [`span`](Self::span) of
/// the offending text in the input. The message is lowercase, specific, and says what was
/// expected. Building one never allocates.
///
/// ```
/// use wmp_bits::{Descriptor, Field, ParseErrorKind};
///
/// let err = "::WMP_JOB:1:1:Contoso:A:B:01:T:1:50".parse::<Descriptor>().unwrap_err();
/// assert_eq!(err.kind(), ParseErrorKind::InvalidTrackNumber);
/// assert_eq!(err.code(), "invalid_track_number");
/// assert_eq!(err.field(), Some(Field::TrackNumber));
/// assert_eq!(err.span(), 26..28);
/// assert_eq!(
///     err.to_string(),
///     "invalid track number \"01\" at bytes 26..28: \
///      expected empty or a decimal 1..=4294967295 without leading zeros"
/// );
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, thiserror::Error)]
#[error(transparent)]
pub struct ParseError(Reason);

/// What is wrong, with what the message needs; the token snippets are the text at `span`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, thiserror::Error)]
pub(crate) enum Reason {
    #[error(
        "description too long at bytes {}..{}: {bytes} bytes of UTF-8 are more than 1024 \
         UTF-16 code units can take, expected at most 1024 UTF-16 code units",
        .span.start, .span.end
    )]
    TooManyBytes { span: Range<usize>, bytes: usize },
    #[error(
        "description too long at bytes {}..{}: {units} UTF-16 code units, expected at most 1024",
        .span.start, .span.end
    )]
    TooManyUnits { span: Range<usize>, units: usize },
    #[error(
        "missing \"::\" prefix at bytes {}..{}: found {token}, expected the description to \
         start with \"::WMP_JOB:\" or \"::WMP_STATUS:\"",
        .span.start, .span.end
    )]
    MissingPrefix { span: Range<usize>, token: Snippet },
    #[error(
        "unknown kind {token} at bytes {}..{}: expected WMP_JOB or WMP_STATUS (case-sensitive)",
        .span.start, .span.end
    )]
    UnknownKind { span: Range<usize>, token: Snippet },
    #[error("unsupported version {token} at bytes {}..{}: expected 1", .span.start, .span.end)]
    UnsupportedVersion { span: Range<usize>, token: Snippet },
    #[error(
        "{} fields at bytes {}..{}: found {found} ':'-separated fields after \"::\", \
         expected 10{culprit}",
        if *.found < 10 { "too few" } else { "too many" }, .span.start, .span.end
    )]
    FieldCount {
        span: Range<usize>,
        found: usize,
        culprit: Culprit,
    },
    #[error(
        "invalid service id {token} at bytes {}..{}: \
         expected a decimal 1..=4294967295 without sign or leading zeros",
        .span.start, .span.end
    )]
    InvalidServiceId { span: Range<usize>, token: Snippet },
    #[error(
        "zero service id at bytes {}..{}: expected a nonzero decimal 1..=4294967295",
        .span.start, .span.end
    )]
    ZeroServiceId { span: Range<usize> },
    #[error(
        "empty provider at bytes {}..{}: \
         expected the store's registry key name, 1 to 255 UTF-16 code units",
        .span.start, .span.end
    )]
    EmptyProvider { span: Range<usize> },
    #[error(
        "invalid provider: '{c}' at bytes {}..{} is not allowed in a registry key name, \
         expected any character but '\\', ':' and controls",
        .span.start, .span.end
    )]
    ProviderCharacter { span: Range<usize>, c: char },
    #[error(
        "invalid provider {token} at bytes {}..{}: {units} UTF-16 code units, \
         expected at most 255 (a registry key name)",
        .span.start, .span.end
    )]
    ProviderTooLong {
        span: Range<usize>,
        token: Snippet,
        units: usize,
    },
    #[error(
        "control character U+{:04X} in {field} at bytes {}..{}: \
         expected no control characters (U+0000..U+001F, U+007F..U+009F)",
        u32::from(*.c), .span.start, .span.end
    )]
    ControlCharacter {
        span: Range<usize>,
        field: Field,
        c: char,
    },
    #[error(
        "invalid track number {token} at bytes {}..{}: \
         expected empty or a decimal 1..=4294967295 without leading zeros",
        .span.start, .span.end
    )]
    InvalidTrackNumber { span: Range<usize>, token: Snippet },
    #[error(
        "invalid duration {token} at bytes {}..{}: expected empty or whole seconds as a \
         decimal 0..=4294967295 without leading zeros",
        .span.start, .span.end
    )]
    InvalidDuration { span: Range<usize>, token: Snippet },
    #[error(
        "invalid rating {token} at bytes {}..{}: expected {}a decimal 0..=99 without leading \
         zeros{}",
        .span.start, .span.end, .context.empty(), .context.advice()
    )]
    InvalidRating {
        span: Range<usize>,
        token: Snippet,
        context: RatingText,
    },
}

/// Where the text of an invalid rating was read, which decides what its message expects
/// and advises.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum RatingText {
    /// The rating field of a descriptor, which may be empty.
    Field,
    /// The rating field, valid but for one line ending at the end of the description: the
    /// message says to remove it or to read the text leniently.
    FieldWithLineEnding,
    /// A rating on its own (`str::parse::<Rating>`), which is never empty.
    Value,
}

impl RatingText {
    fn empty(self) -> &'static str {
        match self {
            RatingText::Field | RatingText::FieldWithLineEnding => "empty or ",
            RatingText::Value => "",
        }
    }

    fn advice(self) -> &'static str {
        match self {
            RatingText::FieldWithLineEnding => {
                "; the description ends in a line ending, which a descriptor never holds: \
                 remove it, or read the text with lenient::parse, which does"
            }
            RatingText::Field | RatingText::Value => "",
        }
    }
}

/// Where the extra `:` of a descriptor with too many fields probably is: the end of a
/// `field_count` message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Culprit {
    /// Too few fields: no `:` to blame.
    None,
    /// Too many, and the numbers around them do not say where.
    Unknown,
    /// The title, since the fields before and after it parse when the extras are joined.
    Title,
    /// Provider, album artist or album title: the track number and later fields parse
    /// when counted from the end.
    BeforeTrack,
    /// An extra `:` after the rating: the ten fields before it parse.
    TrailingColon,
    /// The duration written as minutes and seconds, `m:ss`: with the two read as one
    /// duration, the fields parse.
    MinutesSeconds { minutes: u32, seconds: u8 },
}

/// What sanitising does where the `:` may be in the provider, which it never touches.
const SANITISED_BUT_THE_PROVIDER: &str = "sanitising writes it as U+FF1A '：' in the album \
     artist, album title and title; a provider must be a key name without ':'";

impl fmt::Display for Culprit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (suspect, sanitised) = match *self {
            Culprit::None => return Ok(()),
            Culprit::TrailingColon => {
                return f.write_str(
                    "; the description probably ends in an extra ':' after the rating: remove \
                     the last ':', so that it ends with the rating (or an empty rating)",
                )
            }
            Culprit::MinutesSeconds { minutes, seconds } => {
                let secs = u64::from(minutes) * 60 + u64::from(seconds);
                return write!(
                    f,
                    "; the duration is probably written as minutes and seconds, \
                     \"{minutes}:{seconds:02}\", which the format cannot hold: expected whole \
                     seconds, {secs}"
                );
            }
            Culprit::Title => ("the title", "sanitising writes it as U+FF1A '：'"),
            // The provider may be the one: it is never sanitised.
            Culprit::Unknown => ("a text field", SANITISED_BUT_THE_PROVIDER),
            Culprit::BeforeTrack => (
                "the provider, album artist or album title",
                SANITISED_BUT_THE_PROVIDER,
            ),
        };
        write!(
            f,
            "; {suspect} probably contains ':', which the format cannot escape ({sanitised})"
        )
    }
}

impl ParseError {
    #[cold]
    #[inline(never)]
    pub(crate) fn too_many_bytes(span: Range<usize>, bytes: usize) -> ParseError {
        ParseError(Reason::TooManyBytes { span, bytes })
    }

    #[cold]
    #[inline(never)]
    pub(crate) fn too_many_units(span: Range<usize>, units: usize) -> ParseError {
        ParseError(Reason::TooManyUnits { span, units })
    }

    /// `found` is the text at `span`: the input's first two characters.
    #[cold]
    #[inline(never)]
    pub(crate) fn missing_prefix(span: Range<usize>, found: &str) -> ParseError {
        ParseError(Reason::MissingPrefix {
            span,
            token: Snippet::new(found),
        })
    }

    /// `token` is at byte `at` of the input (so are the tokens below).
    #[cold]
    #[inline(never)]
    pub(crate) fn unknown_kind(token: &str, at: usize) -> ParseError {
        ParseError(Reason::UnknownKind {
            span: at..at + token.len(),
            token: Snippet::new(token),
        })
    }

    #[cold]
    #[inline(never)]
    pub(crate) fn unsupported_version(token: &str, at: usize) -> ParseError {
        ParseError(Reason::UnsupportedVersion {
            span: at..at + token.len(),
            token: Snippet::new(token),
        })
    }

    #[cold]
    #[inline(never)]
    pub(crate) fn field_count(span: Range<usize>, found: usize, culprit: Culprit) -> ParseError {
        ParseError(Reason::FieldCount {
            span,
            found,
            culprit,
        })
    }

    #[cold]
    #[inline(never)]
    pub(crate) fn service_id(v: ServiceIdViolation, token: &str, at: usize) -> ParseError {
        let span = at..at + token.len();
        ParseError(match v {
            ServiceIdViolation::NotCanonical => Reason::InvalidServiceId {
                span,
                token: Snippet::new(token),
            },
            ServiceIdViolation::Zero => Reason::ZeroServiceId { span },
        })
    }

    #[cold]
    #[inline(never)]
    pub(crate) fn provider(v: ProviderViolation, token: &str, at: usize) -> ParseError {
        ParseError(match v {
            ProviderViolation::Empty => Reason::EmptyProvider { span: at..at },
            ProviderViolation::Backslash { at: i } => Reason::ProviderCharacter {
                span: at + i..at + i + 1,
                c: '\\',
            },
            ProviderViolation::Control(c) => return ParseError::control(Field::Provider, c, at),
            ProviderViolation::TooLong { units } => Reason::ProviderTooLong {
                span: at..at + token.len(),
                token: Snippet::new(token),
                units,
            },
        })
    }

    /// A control character in the text of `field`, which starts at byte `at`.
    #[cold]
    #[inline(never)]
    pub(crate) fn control(field: Field, Control { at: i, c }: Control, at: usize) -> ParseError {
        ParseError(Reason::ControlCharacter {
            span: at + i..at + i + c.len_utf8(),
            field,
            c,
        })
    }

    #[cold]
    #[inline(never)]
    pub(crate) fn track_number(_: NotCanonical, token: &str, at: usize) -> ParseError {
        ParseError(Reason::InvalidTrackNumber {
            span: at..at + token.len(),
            token: Snippet::new(token),
        })
    }

    #[cold]
    #[inline(never)]
    pub(crate) fn duration(_: NotCanonical, token: &str, at: usize) -> ParseError {
        ParseError(Reason::InvalidDuration {
            span: at..at + token.len(),
            token: Snippet::new(token),
        })
    }

    #[cold]
    #[inline(never)]
    /// An invalid rating field; the message advises removing a line ending at its end when
    /// that is all that is wrong.
    pub(crate) fn rating(_: NotCanonical, token: &str, at: usize) -> ParseError {
        let without = token
            .strip_suffix("\r\n")
            .or_else(|| token.strip_suffix('\n'));
        let context = match without {
            Some(t) if rules::rating(t.as_bytes()).is_ok() => RatingText::FieldWithLineEnding,
            _ => RatingText::Field,
        };
        ParseError(Reason::InvalidRating {
            span: at..at + token.len(),
            token: Snippet::new(token),
            context,
        })
    }

    /// The text of a rating on its own that is not one.
    pub(crate) fn rating_value(token: &str) -> ParseError {
        ParseError(Reason::InvalidRating {
            span: 0..token.len(),
            token: Snippet::new(token),
            context: RatingText::Value,
        })
    }

    /// The same error at `span` of `input`, with the quoted text taken from there: for
    /// errors found in a rewritten copy of `input` (lenient parsing).
    pub(crate) fn relocated(mut self, span: Range<usize>, input: &str) -> ParseError {
        let text = input.get(span.clone()).unwrap_or_default();
        match &mut self.0 {
            Reason::MissingPrefix { span: s, token }
            | Reason::UnknownKind { span: s, token }
            | Reason::UnsupportedVersion { span: s, token }
            | Reason::InvalidServiceId { span: s, token }
            | Reason::ProviderTooLong { span: s, token, .. }
            | Reason::InvalidTrackNumber { span: s, token }
            | Reason::InvalidDuration { span: s, token } => {
                *s = span;
                *token = Snippet::new(text);
            }
            Reason::InvalidRating {
                span: s,
                token,
                context,
            } => {
                *s = span;
                *token = Snippet::new(text);
                // Lenient parsing has already removed the one line ending it reads.
                *context = RatingText::Field;
            }
            Reason::TooManyBytes { span: s, .. }
            | Reason::TooManyUnits { span: s, .. }
            | Reason::FieldCount { span: s, .. }
            | Reason::ZeroServiceId { span: s }
            | Reason::EmptyProvider { span: s }
            | Reason::ProviderCharacter { span: s, .. }
            | Reason::ControlCharacter { span: s, .. } => *s = span,
        }
        self
    }

    /// What went wrong.
    ///
    /// ```
    /// # use wmp_bits::{Descriptor, ParseErrorKind};
    /// let err = "WMP_JOB:1".parse::<Descriptor>().unwrap_err();
    /// assert_eq!(err.kind(), ParseErrorKind::MissingPrefix);
    /// ```
    #[must_use]
    pub fn kind(&self) -> ParseErrorKind {
        match self.0 {
            Reason::TooManyBytes { .. } | Reason::TooManyUnits { .. } => ParseErrorKind::TooLong,
            Reason::MissingPrefix { .. } => ParseErrorKind::MissingPrefix,
            Reason::UnknownKind { .. } => ParseErrorKind::UnknownKind,
            Reason::UnsupportedVersion { .. } => ParseErrorKind::UnsupportedVersion,
            Reason::FieldCount { .. } => ParseErrorKind::FieldCount,
            Reason::InvalidServiceId { .. } => ParseErrorKind::InvalidServiceId,
            Reason::ZeroServiceId { .. } => ParseErrorKind::ZeroServiceId,
            Reason::EmptyProvider { .. }
            | Reason::ProviderCharacter { .. }
            | Reason::ProviderTooLong { .. } => ParseErrorKind::InvalidProvider,
            Reason::ControlCharacter { .. } => ParseErrorKind::ControlCharacter,
            Reason::InvalidTrackNumber { .. } => ParseErrorKind::InvalidTrackNumber,
            Reason::InvalidDuration { .. } => ParseErrorKind::InvalidDuration,
            Reason::InvalidRating { .. } => ParseErrorKind::InvalidRating,
        }
    }

    /// The stable `snake_case` code of the [`kind`](Self::kind), e.g. `"field_count"`.
    ///
    /// ```
    /// # use wmp_bits::Descriptor;
    /// let err = "::WMP_JOB".parse::<Descriptor>().unwrap_err();
    /// assert_eq!(err.code(), "field_count");
    /// ```
    #[must_use]
    pub fn code(&self) -> &'static str {
        self.kind().code()
    }

    /// The field the error concerns, where one does (`None` for `too_long`,
    /// `missing_prefix` and `field_count`).
    ///
    /// ```
    /// # use wmp_bits::{Descriptor, Field};
    /// let err = "::WMP_JOB:1:1:Contoso:A:B:1:T:1:100".parse::<Descriptor>().unwrap_err();
    /// assert_eq!(err.field(), Some(Field::Rating));
    /// ```
    #[must_use]
    pub fn field(&self) -> Option<Field> {
        match self.0 {
            Reason::TooManyBytes { .. }
            | Reason::TooManyUnits { .. }
            | Reason::MissingPrefix { .. }
            | Reason::FieldCount { .. } => None,
            Reason::UnknownKind { .. } => Some(Field::Kind),
            Reason::UnsupportedVersion { .. } => Some(Field::Version),
            Reason::InvalidServiceId { .. } | Reason::ZeroServiceId { .. } => {
                Some(Field::ServiceId)
            }
            Reason::EmptyProvider { .. }
            | Reason::ProviderCharacter { .. }
            | Reason::ProviderTooLong { .. } => Some(Field::Provider),
            Reason::ControlCharacter { field, .. } => Some(field),
            Reason::InvalidTrackNumber { .. } => Some(Field::TrackNumber),
            Reason::InvalidDuration { .. } => Some(Field::Duration),
            Reason::InvalidRating { .. } => Some(Field::Rating),
        }
    }

    /// The byte range of the offending text in the input (possibly empty, at the place
    /// where something is missing).
    ///
    /// ```
    /// # use wmp_bits::Descriptor;
    /// let input = "::WMP_JOB:1:1:Contoso:A:B:1:T:1:100";
    /// let err = input.parse::<Descriptor>().unwrap_err();
    /// assert_eq!(&input[err.span()], "100");
    /// ```
    #[must_use]
    pub fn span(&self) -> Range<usize> {
        match &self.0 {
            Reason::TooManyBytes { span, .. }
            | Reason::TooManyUnits { span, .. }
            | Reason::MissingPrefix { span, .. }
            | Reason::UnknownKind { span, .. }
            | Reason::UnsupportedVersion { span, .. }
            | Reason::FieldCount { span, .. }
            | Reason::InvalidServiceId { span, .. }
            | Reason::ZeroServiceId { span }
            | Reason::EmptyProvider { span }
            | Reason::ProviderCharacter { span, .. }
            | Reason::ProviderTooLong { span, .. }
            | Reason::ControlCharacter { span, .. }
            | Reason::InvalidTrackNumber { span, .. }
            | Reason::InvalidDuration { span, .. }
            | Reason::InvalidRating { span, .. } => span.clone(),
        }
    }
}

/// A short copy of the offending text, kept inline so that building an error never
/// allocates.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct Snippet {
    bytes: [u8; Snippet::CAP],
    len: u8,
    truncated: bool,
}

const _: () = assert!(Snippet::CAP <= u8::MAX as usize);

impl Snippet {
    const CAP: usize = 40;

    /// The first characters of `s` that fit, never splitting a character.
    pub(crate) fn new(s: &str) -> Snippet {
        let mut end = s.len().min(Snippet::CAP);
        while !s.is_char_boundary(end) {
            end -= 1;
        }
        let mut bytes = [0; Snippet::CAP];
        bytes[..end].copy_from_slice(&s.as_bytes()[..end]);
        Snippet {
            bytes,
            #[allow(clippy::cast_possible_truncation)] // at most CAP, see below
            len: end as u8,
            truncated: end < s.len(),
        }
    }

    fn as_str(&self) -> &str {
        // Always a whole-character prefix of a `str`, so this cannot fail.
        core::str::from_utf8(&self.bytes[..usize::from(self.len)]).unwrap_or("")
    }
}

impl fmt::Display for Snippet {
    /// Quoted and escaped, with `…` after the closing quote when the text was cut.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}", self.as_str())?;
        if self.truncated {
            f.write_str("…")?;
        }
        Ok(())
    }
}

impl fmt::Debug for Snippet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

/// What went wrong in a [`BuildError`]. Each kind has a stable [`code`](Self::code), and
/// is named like it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum BuildErrorKind {
    /// A `:` in a text field: the format has no way to escape it (`separator_in_field`).
    SeparatorInField,
    /// A control character in a text field (`control_character`).
    ControlCharacter,
    /// An empty or over-long provider, or one holding `\` (`invalid_provider`).
    InvalidProvider,
    /// A track number of zero, or track number text that is not canonical decimal
    /// `1..=4294967295` (`invalid_track_number`).
    InvalidTrackNumber,
    /// The rendered descriptor would be over 1,024 UTF-16 code units (`too_long`).
    TooLong,
    /// Kind text other than `WMP_JOB` or `WMP_STATUS` (`unknown_kind`; from
    /// [`validate::text`](crate::validate::text) only).
    UnknownKind,
    /// Version text other than `1` (`unsupported_version`; from
    /// [`validate::text`](crate::validate::text) only).
    UnsupportedVersion,
    /// Service id text that is not canonical decimal `1..=4294967295`
    /// (`invalid_service_id`; from [`validate::text`](crate::validate::text) only).
    InvalidServiceId,
    /// Service id text `0` (`zero_service_id`; from [`validate::text`](crate::validate::text)
    /// only).
    ZeroServiceId,
    /// Duration text that is not empty or canonical decimal `0..=4294967295`, or a
    /// duration given to the builder that is over 4294967295 seconds (`invalid_duration`).
    InvalidDuration,
    /// Rating text that is not empty or canonical decimal `0..=99` (`invalid_rating`; from
    /// [`validate::text`](crate::validate::text) only).
    InvalidRating,
}

impl BuildErrorKind {
    /// The stable `snake_case` code of this kind.
    ///
    /// ```
    /// # use wmp_bits::BuildErrorKind;
    /// assert_eq!(BuildErrorKind::SeparatorInField.code(), "separator_in_field");
    /// ```
    #[must_use]
    pub const fn code(self) -> &'static str {
        match self.parse_kind() {
            Some(kind) => kind.code(),
            None => "separator_in_field",
        }
    }

    /// The kind of [`ParseError`] with the same code: every kind but `separator_in_field`,
    /// which strict parsing never meets (it splits the text at each `:`).
    const fn parse_kind(self) -> Option<ParseErrorKind> {
        Some(match self {
            BuildErrorKind::SeparatorInField => return None,
            BuildErrorKind::ControlCharacter => ParseErrorKind::ControlCharacter,
            BuildErrorKind::InvalidProvider => ParseErrorKind::InvalidProvider,
            BuildErrorKind::InvalidTrackNumber => ParseErrorKind::InvalidTrackNumber,
            BuildErrorKind::TooLong => ParseErrorKind::TooLong,
            BuildErrorKind::UnknownKind => ParseErrorKind::UnknownKind,
            BuildErrorKind::UnsupportedVersion => ParseErrorKind::UnsupportedVersion,
            BuildErrorKind::InvalidServiceId => ParseErrorKind::InvalidServiceId,
            BuildErrorKind::ZeroServiceId => ParseErrorKind::ZeroServiceId,
            BuildErrorKind::InvalidDuration => ParseErrorKind::InvalidDuration,
            BuildErrorKind::InvalidRating => ParseErrorKind::InvalidRating,
        })
    }
}

impl fmt::Display for BuildErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// Why a value cannot go into a descriptor: from
/// [`DescriptorBuilder::build`](crate::DescriptorBuilder::build) and
/// [`validate::text`](crate::validate::text).
///
/// The [`span`](Self::span) is a byte range in the caller's text for that
/// [`field`](Self::field); see there for the kinds that concern no text.
///
/// ```
/// use wmp_bits::{Descriptor, Field, Kind, ServiceId};
///
/// let id = ServiceId::new(5).unwrap();
/// let err = Descriptor::builder(Kind::Job, id, "Contoso").album_artist("AC:DC").build().unwrap_err();
/// assert_eq!(err.code(), "separator_in_field");
/// assert_eq!(err.field(), Some(Field::AlbumArtist));
/// assert_eq!(err.span(), 2..3);
/// assert_eq!(
///     err.to_string(),
///     "separator ':' at bytes 2..3 of the album artist \"AC:DC\": expected no ':', which the format \
///      cannot escape (remove it, or sanitise the text to write it as U+FF1A '：')"
/// );
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, thiserror::Error)]
#[error(transparent)]
pub struct BuildError(BuildReason);

/// What is wrong, with what the message needs; `text` is the caller's whole text for the
/// field, `span` the offending part of it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, thiserror::Error)]
enum BuildReason {
    #[error(
        "separator ':' at bytes {}..{} of the {field} {text}: expected no ':', which the \
         format cannot escape (remove it, or sanitise the text to write it as U+FF1A '：')",
        .span.start, .span.end
    )]
    Separator {
        field: Field,
        span: Range<usize>,
        text: Snippet,
    },
    #[error(
        "control character U+{:04X} at bytes {}..{} of the {field} {text}: expected no \
         control characters (remove them, or sanitise the text to write them as spaces)",
        u32::from(*.c), .span.start, .span.end
    )]
    Control {
        field: Field,
        span: Range<usize>,
        c: char,
        text: Snippet,
    },
    #[error(
        "separator ':' at bytes {}..{} of the provider {text}: expected no ':', which the \
         format cannot escape; the provider is never sanitised, since it must be the store's \
         key name under HKLM\\{} exactly: register the store under a key name without ':' \
         and give that name",
        .span.start, .span.end, crate::registry::SUBSCRIPTIONS_PATH
    )]
    ProviderSeparator { span: Range<usize>, text: Snippet },
    #[error(
        "control character U+{:04X} at bytes {}..{} of the provider {text}: expected none; \
         the provider is never sanitised, since it must be the store's key name under \
         HKLM\\{} exactly, and a key name holds no control characters: give the key name \
         as registered",
        u32::from(*.c), .span.start, .span.end, crate::registry::SUBSCRIPTIONS_PATH
    )]
    ProviderControl {
        span: Range<usize>,
        c: char,
        text: Snippet,
    },
    #[error("empty provider: expected the store's registry key name, 1 to 255 UTF-16 code units")]
    EmptyProvider,
    #[error(
        "invalid provider {text}: '{c}' at bytes {}..{} is not allowed in a registry key \
         name, expected any character but '\\', ':' and controls",
        .span.start, .span.end
    )]
    ProviderCharacter {
        span: Range<usize>,
        c: char,
        text: Snippet,
    },
    #[error(
        "invalid provider {text}: {units} UTF-16 code units, \
         expected at most 255 (a registry key name)"
    )]
    ProviderTooLong {
        span: Range<usize>,
        units: usize,
        text: Snippet,
    },
    #[error(
        "invalid track number 0: expected 1..=4294967295 (leave the track number unset when \
         it is unknown)"
    )]
    TrackNumberZero,
    #[error(
        "invalid duration of {secs} seconds: expected at most 4294967295 seconds (the \
         Player's duration is a 32-bit number)"
    )]
    DurationTooLong { secs: u64 },
    #[error(
        "descriptor too long: {units} UTF-16 code units, expected at most 1024 \
         (the BITS limit for a job description)"
    )]
    TooLong { units: usize },
    #[error("unknown kind {text}: expected WMP_JOB or WMP_STATUS (case-sensitive)")]
    UnknownKind { text: Snippet, len: usize },
    #[error("unsupported version {text}: expected 1")]
    UnsupportedVersion { text: Snippet, len: usize },
    #[error(
        "invalid service id {text}: expected a decimal 1..=4294967295 without sign or \
         leading zeros"
    )]
    InvalidServiceId { text: Snippet, len: usize },
    #[error("zero service id: expected a nonzero decimal 1..=4294967295")]
    ZeroServiceId { len: usize },
    #[error(
        "invalid track number {text}: expected empty or a decimal 1..=4294967295 without \
         leading zeros"
    )]
    InvalidTrackNumber { text: Snippet, len: usize },
    #[error(
        "invalid duration {text}: expected empty or whole seconds as a decimal \
         0..=4294967295 without leading zeros"
    )]
    InvalidDuration { text: Snippet, len: usize },
    #[error("invalid rating {text}: expected empty or a decimal 0..=99 without leading zeros")]
    InvalidRating { text: Snippet, len: usize },
}

impl BuildError {
    /// A `:` at byte `at` of the caller's `text` for `field`. (The provider's own message
    /// says why it is never sanitised.)
    pub(crate) fn separator(field: Field, at: usize, text: &str) -> BuildError {
        let span = at..at + 1;
        let text = Snippet::new(text);
        BuildError(match field {
            Field::Provider => BuildReason::ProviderSeparator { span, text },
            _ => BuildReason::Separator { field, span, text },
        })
    }

    /// A control character in the caller's `text` for `field`.
    pub(crate) fn control(field: Field, Control { at, c }: Control, text: &str) -> BuildError {
        let span = at..at + c.len_utf8();
        let text = Snippet::new(text);
        BuildError(match field {
            Field::Provider => BuildReason::ProviderControl { span, c, text },
            _ => BuildReason::Control {
                field,
                span,
                c,
                text,
            },
        })
    }

    /// The caller's provider `text` breaks the provider's rule.
    pub(crate) fn provider(v: ProviderViolation, text: &str) -> BuildError {
        let snippet = Snippet::new(text);
        BuildError(match v {
            ProviderViolation::Empty => BuildReason::EmptyProvider,
            ProviderViolation::Backslash { at } => BuildReason::ProviderCharacter {
                span: at..at + 1,
                c: '\\',
                text: snippet,
            },
            ProviderViolation::Control(c) => return BuildError::control(Field::Provider, c, text),
            ProviderViolation::TooLong { units } => BuildReason::ProviderTooLong {
                span: 0..text.len(),
                units,
                text: snippet,
            },
        })
    }

    pub(crate) fn track_number_zero() -> BuildError {
        BuildError(BuildReason::TrackNumberZero)
    }

    pub(crate) fn duration_too_long(secs: u64) -> BuildError {
        BuildError(BuildReason::DurationTooLong { secs })
    }

    pub(crate) fn too_long(units: usize) -> BuildError {
        BuildError(BuildReason::TooLong { units })
    }

    pub(crate) fn unknown_kind(text: &str) -> BuildError {
        BuildError(BuildReason::UnknownKind {
            text: Snippet::new(text),
            len: text.len(),
        })
    }

    pub(crate) fn unsupported_version(text: &str) -> BuildError {
        BuildError(BuildReason::UnsupportedVersion {
            text: Snippet::new(text),
            len: text.len(),
        })
    }

    pub(crate) fn service_id(v: ServiceIdViolation, text: &str) -> BuildError {
        BuildError(match v {
            ServiceIdViolation::NotCanonical => BuildReason::InvalidServiceId {
                text: Snippet::new(text),
                len: text.len(),
            },
            ServiceIdViolation::Zero => BuildReason::ZeroServiceId { len: text.len() },
        })
    }

    pub(crate) fn track_number(_: NotCanonical, text: &str) -> BuildError {
        BuildError(BuildReason::InvalidTrackNumber {
            text: Snippet::new(text),
            len: text.len(),
        })
    }

    pub(crate) fn duration(_: NotCanonical, text: &str) -> BuildError {
        BuildError(BuildReason::InvalidDuration {
            text: Snippet::new(text),
            len: text.len(),
        })
    }

    pub(crate) fn rating(_: NotCanonical, text: &str) -> BuildError {
        BuildError(BuildReason::InvalidRating {
            text: Snippet::new(text),
            len: text.len(),
        })
    }

    /// What went wrong.
    ///
    /// ```
    /// # use wmp_bits::{validate, BuildErrorKind, Field};
    /// let err = validate::text(Field::Title, "a\tb").unwrap_err();
    /// assert_eq!(err.kind(), BuildErrorKind::ControlCharacter);
    /// ```
    #[must_use]
    pub fn kind(&self) -> BuildErrorKind {
        match self.0 {
            BuildReason::Separator { .. } | BuildReason::ProviderSeparator { .. } => {
                BuildErrorKind::SeparatorInField
            }
            BuildReason::Control { .. } | BuildReason::ProviderControl { .. } => {
                BuildErrorKind::ControlCharacter
            }
            BuildReason::EmptyProvider
            | BuildReason::ProviderCharacter { .. }
            | BuildReason::ProviderTooLong { .. } => BuildErrorKind::InvalidProvider,
            BuildReason::TrackNumberZero | BuildReason::InvalidTrackNumber { .. } => {
                BuildErrorKind::InvalidTrackNumber
            }
            BuildReason::TooLong { .. } => BuildErrorKind::TooLong,
            BuildReason::UnknownKind { .. } => BuildErrorKind::UnknownKind,
            BuildReason::UnsupportedVersion { .. } => BuildErrorKind::UnsupportedVersion,
            BuildReason::InvalidServiceId { .. } => BuildErrorKind::InvalidServiceId,
            BuildReason::ZeroServiceId { .. } => BuildErrorKind::ZeroServiceId,
            BuildReason::InvalidDuration { .. } | BuildReason::DurationTooLong { .. } => {
                BuildErrorKind::InvalidDuration
            }
            BuildReason::InvalidRating { .. } => BuildErrorKind::InvalidRating,
        }
    }

    /// The stable `snake_case` code of the [`kind`](Self::kind).
    ///
    /// ```
    /// # use wmp_bits::{validate, Field};
    /// assert_eq!(validate::text(Field::Provider, "").unwrap_err().code(), "invalid_provider");
    /// ```
    #[must_use]
    pub fn code(&self) -> &'static str {
        self.kind().code()
    }

    /// The field the error concerns (`None` for `too_long`, which concerns the whole).
    ///
    /// ```
    /// # use wmp_bits::{validate, Field};
    /// let err = validate::text(Field::AlbumTitle, "x:y").unwrap_err();
    /// assert_eq!(err.field(), Some(Field::AlbumTitle));
    /// ```
    #[must_use]
    pub fn field(&self) -> Option<Field> {
        match self.0 {
            BuildReason::Separator { field, .. } | BuildReason::Control { field, .. } => {
                Some(field)
            }
            BuildReason::EmptyProvider
            | BuildReason::ProviderSeparator { .. }
            | BuildReason::ProviderControl { .. }
            | BuildReason::ProviderCharacter { .. }
            | BuildReason::ProviderTooLong { .. } => Some(Field::Provider),
            BuildReason::TrackNumberZero | BuildReason::InvalidTrackNumber { .. } => {
                Some(Field::TrackNumber)
            }
            BuildReason::TooLong { .. } => None,
            BuildReason::UnknownKind { .. } => Some(Field::Kind),
            BuildReason::UnsupportedVersion { .. } => Some(Field::Version),
            BuildReason::InvalidServiceId { .. } | BuildReason::ZeroServiceId { .. } => {
                Some(Field::ServiceId)
            }
            BuildReason::InvalidDuration { .. } | BuildReason::DurationTooLong { .. } => {
                Some(Field::Duration)
            }
            BuildReason::InvalidRating { .. } => Some(Field::Rating),
        }
    }

    /// The byte range of the offending text within the caller's text for the
    /// [`field`](Self::field):
    ///
    /// - the character, for `separator_in_field`, `control_character` and a provider
    ///   holding `\`;
    /// - the whole text, for a provider that is too long and for the text of a kind,
    ///   version or number that [`validate::text`](crate::validate::text) refuses;
    /// - the empty range `0..0` where no text of the caller's is at fault: an empty
    ///   provider, a number given to the builder (a track number of zero, a duration too
    ///   long), and `too_long`, which concerns the whole descriptor.
    ///
    /// ```
    /// # use wmp_bits::{validate, Field};
    /// let err = validate::text(Field::Title, "ab\u{85}").unwrap_err();
    /// assert_eq!(err.span(), 2..4);
    /// ```
    #[must_use]
    pub fn span(&self) -> Range<usize> {
        match &self.0 {
            BuildReason::Separator { span, .. }
            | BuildReason::Control { span, .. }
            | BuildReason::ProviderSeparator { span, .. }
            | BuildReason::ProviderControl { span, .. }
            | BuildReason::ProviderCharacter { span, .. }
            | BuildReason::ProviderTooLong { span, .. } => span.clone(),
            BuildReason::UnknownKind { len, .. }
            | BuildReason::UnsupportedVersion { len, .. }
            | BuildReason::InvalidServiceId { len, .. }
            | BuildReason::ZeroServiceId { len }
            | BuildReason::InvalidTrackNumber { len, .. }
            | BuildReason::InvalidDuration { len, .. }
            | BuildReason::InvalidRating { len, .. } => 0..*len,
            BuildReason::EmptyProvider
            | BuildReason::TrackNumberZero
            | BuildReason::DurationTooLong { .. }
            | BuildReason::TooLong { .. } => 0..0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::ToString;

    #[test]
    fn snippet_never_splits_a_character_and_marks_truncation() {
        let s = "é".repeat(30); // 60 bytes
        let snip = Snippet::new(&s);
        assert_eq!(snip.as_str(), "é".repeat(20));
        assert!(snip.truncated);
        assert_eq!(snip.to_string(), alloc::format!("\"{}\"…", "é".repeat(20)));
        let odd = alloc::format!("a{}", "é".repeat(30)); // boundary at 40 falls inside 'é'
        assert_eq!(Snippet::new(&odd).as_str().len(), 39);
        assert_eq!(Snippet::new("01").to_string(), "\"01\"");
        assert_eq!(Snippet::new("a\tb").to_string(), "\"a\\tb\"");
    }

    #[test]
    fn codes_are_distinct_and_snake_case() {
        let kinds = [
            ParseErrorKind::TooLong,
            ParseErrorKind::MissingPrefix,
            ParseErrorKind::UnknownKind,
            ParseErrorKind::UnsupportedVersion,
            ParseErrorKind::FieldCount,
            ParseErrorKind::InvalidServiceId,
            ParseErrorKind::ZeroServiceId,
            ParseErrorKind::InvalidProvider,
            ParseErrorKind::ControlCharacter,
            ParseErrorKind::InvalidTrackNumber,
            ParseErrorKind::InvalidDuration,
            ParseErrorKind::InvalidRating,
        ];
        let codes: alloc::collections::BTreeSet<&str> = kinds.iter().map(|k| k.code()).collect();
        assert_eq!(codes.len(), kinds.len());
        for c in codes {
            assert!(
                c.bytes().all(|b| b.is_ascii_lowercase() || b == b'_'),
                "{c}"
            );
            assert_eq!(kinds.iter().find(|k| k.code() == c).unwrap().to_string(), c);
        }
    }
}
