//! The error types: [`ParseError`] for strings, [`BuildError`] for values, and [`Field`].

use core::fmt;
use core::ops::Range;

/// A field of a descriptor, in the order it is written.
///
/// ```
/// use wmp_bits::Field;
/// assert_eq!(Field::TrackNumber.name(), "track number");
/// assert_eq!(Field::TrackNumber.key(), "TrackNumber");
/// assert_eq!(Field::ALL.len(), 10);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Field {
    /// `WMP_JOB` or `WMP_STATUS`.
    Kind,
    /// The convention's version, `1`.
    Version,
    /// `serviceId`.
    ServiceId,
    /// `Provider`: the store's registry key name.
    Provider,
    /// `AlbumArtist`.
    AlbumArtist,
    /// `AlbumTitle`.
    AlbumTitle,
    /// `TrackNumber`.
    TrackNumber,
    /// `Title`.
    Title,
    /// `Duration`, in whole seconds.
    Duration,
    /// `Rating`, the Player's `UserRating`.
    Rating,
}

impl Field {
    /// Every field, in the order a descriptor writes them.
    pub const ALL: [Field; 10] = [
        Field::Kind,
        Field::Version,
        Field::ServiceId,
        Field::Provider,
        Field::AlbumArtist,
        Field::AlbumTitle,
        Field::TrackNumber,
        Field::Title,
        Field::Duration,
        Field::Rating,
    ];

    /// The field's name in messages, lowercase: `"album artist"`.
    ///
    /// ```
    /// # use wmp_bits::Field;
    /// assert_eq!(Field::ServiceId.name(), "service id");
    /// ```
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            Field::Kind => "kind",
            Field::Version => "version",
            Field::ServiceId => "service id",
            Field::Provider => "provider",
            Field::AlbumArtist => "album artist",
            Field::AlbumTitle => "album title",
            Field::TrackNumber => "track number",
            Field::Title => "title",
            Field::Duration => "duration",
            Field::Rating => "rating",
        }
    }

    /// The field's name in the convention's own documentation: `"AlbumArtist"`.
    ///
    /// ```
    /// # use wmp_bits::Field;
    /// assert_eq!(Field::ServiceId.key(), "serviceId");
    /// ```
    #[must_use]
    pub const fn key(self) -> &'static str {
        match self {
            Field::Kind => "Kind",
            Field::Version => "Version",
            Field::ServiceId => "serviceId",
            Field::Provider => "Provider",
            Field::AlbumArtist => "AlbumArtist",
            Field::AlbumTitle => "AlbumTitle",
            Field::TrackNumber => "TrackNumber",
            Field::Title => "Title",
            Field::Duration => "Duration",
            Field::Rating => "Rating",
        }
    }

    /// The field's position among the ten `:`-separated fields after `::` (`0..=9`).
    ///
    /// ```
    /// # use wmp_bits::Field;
    /// assert_eq!(Field::Kind.index(), 0);
    /// assert_eq!(Field::Rating.index(), 9);
    /// ```
    #[must_use]
    pub const fn index(self) -> usize {
        self as usize
    }

    /// Whether the field holds free text (provider, album artist, album title, title).
    ///
    /// ```
    /// # use wmp_bits::Field;
    /// assert!(Field::Title.is_text());
    /// assert!(!Field::Duration.is_text());
    /// ```
    #[must_use]
    pub const fn is_text(self) -> bool {
        matches!(
            self,
            Field::Provider | Field::AlbumArtist | Field::AlbumTitle | Field::Title
        )
    }
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

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

/// A short copy of the offending text, kept inline so that building an error never
/// allocates.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct Snippet {
    bytes: [u8; Snippet::CAP],
    len: u8,
    truncated: bool,
}

impl Snippet {
    const CAP: usize = 40;

    pub(crate) const EMPTY: Snippet = Snippet {
        bytes: [0; Snippet::CAP],
        len: 0,
        truncated: false,
    };

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
            // `end` is at most CAP (40), so it fits.
            len: u8::try_from(end).unwrap_or(0),
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

/// Details that make a message specific; private so that they can grow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Detail {
    None,
    /// The UTF-16 length of an over-long input.
    Units(usize),
    /// An input too long in bytes to be counted.
    Bytes(usize),
    /// The number of fields found, and which field probably holds a `:`.
    Fields {
        found: usize,
        culprit: Culprit,
    },
    /// An offending character.
    Char(char),
    /// The UTF-16 length of an over-long provider.
    ProviderUnits(usize),
}

/// Where the extra `:` of a descriptor with too many fields probably is.
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
#[error("{}", Message(self))]
pub struct ParseError {
    kind: ParseErrorKind,
    field: Option<Field>,
    span: Range<usize>,
    snippet: Snippet,
    detail: Detail,
}

impl ParseError {
    pub(crate) fn new(
        kind: ParseErrorKind,
        field: Option<Field>,
        span: Range<usize>,
        snippet: &str,
        detail: Detail,
    ) -> ParseError {
        ParseError {
            kind,
            field,
            span,
            snippet: Snippet::new(snippet),
            detail,
        }
    }

    /// The error for a numeric field's token that is not its canonical decimal.
    pub(crate) fn invalid_number(field: Field, token: &str, at: usize) -> ParseError {
        let kind = match field {
            Field::ServiceId => ParseErrorKind::InvalidServiceId,
            Field::TrackNumber => ParseErrorKind::InvalidTrackNumber,
            Field::Duration => ParseErrorKind::InvalidDuration,
            _ => ParseErrorKind::InvalidRating,
        };
        ParseError::new(kind, Some(field), at..at + token.len(), token, Detail::None)
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
        self.kind
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
        self.kind.code()
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
        self.field
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
        self.span.clone()
    }
}

/// Writes the message of a [`ParseError`].
struct Message<'a>(&'a ParseError);

impl fmt::Display for Message<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let e = self.0;
        let Range { start, end } = e.span;
        let field = e.field.map_or("", Field::name);
        let snip = &e.snippet;
        match (e.kind, e.detail) {
            (ParseErrorKind::TooLong, Detail::Bytes(n)) => write!(
                f,
                "description too long at bytes {start}..{end}: {n} bytes of UTF-8 are more \
                 than 1024 UTF-16 code units can take, expected at most 1024 UTF-16 code units"
            ),
            (ParseErrorKind::TooLong, Detail::Units(n)) => write!(
                f,
                "description too long at bytes {start}..{end}: {n} UTF-16 code units, \
                 expected at most 1024"
            ),
            (ParseErrorKind::MissingPrefix, _) => write!(
                f,
                "missing \"::\" prefix at bytes {start}..{end}: found {snip}, \
                 expected the description to start with \"::WMP_JOB:\" or \"::WMP_STATUS:\""
            ),
            (ParseErrorKind::UnknownKind, _) => write!(
                f,
                "unknown kind {snip} at bytes {start}..{end}: \
                 expected WMP_JOB or WMP_STATUS (case-sensitive)"
            ),
            (ParseErrorKind::UnsupportedVersion, _) => write!(
                f,
                "unsupported version {snip} at bytes {start}..{end}: expected 1"
            ),
            (ParseErrorKind::FieldCount, Detail::Fields { found, culprit }) => {
                let which = if found < 10 { "too few" } else { "too many" };
                write!(
                    f,
                    "{which} fields at bytes {start}..{end}: found {found} ':'-separated \
                     fields after \"::\", expected 10"
                )?;
                let suspect = match culprit {
                    Culprit::None => return Ok(()),
                    Culprit::Unknown => "a text field",
                    Culprit::Title => "the title",
                    Culprit::BeforeTrack => "the provider, album artist or album title",
                };
                write!(
                    f,
                    "; {suspect} probably contains ':', which the format cannot escape \
                     (sanitising writes it as U+FF1A '：')"
                )
            }
            (ParseErrorKind::InvalidServiceId, _) => write!(
                f,
                "invalid service id {snip} at bytes {start}..{end}: \
                 expected a decimal 1..=4294967295 without sign or leading zeros"
            ),
            (ParseErrorKind::ZeroServiceId, _) => write!(
                f,
                "zero service id at bytes {start}..{end}: \
                 expected a nonzero decimal 1..=4294967295"
            ),
            (ParseErrorKind::InvalidProvider, Detail::Char(c)) => write!(
                f,
                "invalid provider: '{c}' at bytes {start}..{end} is not allowed in a \
                 registry key name, expected any character but '\\', ':' and controls"
            ),
            (ParseErrorKind::InvalidProvider, Detail::ProviderUnits(n)) => write!(
                f,
                "invalid provider {snip} at bytes {start}..{end}: {n} UTF-16 code units, \
                 expected at most 255 (a registry key name)"
            ),
            (ParseErrorKind::InvalidProvider, _) => write!(
                f,
                "empty provider at bytes {start}..{end}: \
                 expected the store's registry key name, 1 to 255 UTF-16 code units"
            ),
            (ParseErrorKind::ControlCharacter, Detail::Char(c)) => write!(
                f,
                "control character U+{:04X} in {field} at bytes {start}..{end}: \
                 expected no control characters (U+0000..U+001F, U+007F..U+009F)",
                u32::from(c)
            ),
            (ParseErrorKind::InvalidTrackNumber, _) => write!(
                f,
                "invalid track number {snip} at bytes {start}..{end}: \
                 expected empty or a decimal 1..=4294967295 without leading zeros"
            ),
            (ParseErrorKind::InvalidDuration, _) => write!(
                f,
                "invalid duration {snip} at bytes {start}..{end}: expected empty or whole \
                 seconds as a decimal 0..=4294967295 without leading zeros"
            ),
            (ParseErrorKind::InvalidRating, _) => write!(
                f,
                "invalid rating {snip} at bytes {start}..{end}: \
                 expected empty or a decimal 0..=99 without leading zeros"
            ),
            // Every constructor pairs these kinds with their details; this arm only keeps
            // the match total without a panic.
            (kind, _) => write!(f, "{kind} at bytes {start}..{end}"),
        }
    }
}

/// What went wrong in a [`BuildError`]. Each kind has a stable [`code`](Self::code).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum BuildErrorKind {
    /// A `:` in a text field: the format has no way to escape it (`separator_in_field`).
    Separator,
    /// A control character in a text field (`control_character`).
    ControlCharacter,
    /// An empty or over-long provider, or one holding `\` (`invalid_provider`).
    InvalidProvider,
    /// A track number of zero (`invalid_track_number`).
    InvalidTrackNumber,
    /// The rendered descriptor would be over 1,024 UTF-16 code units (`too_long`).
    TooLong,
}

impl BuildErrorKind {
    /// The stable `snake_case` code of this kind.
    ///
    /// ```
    /// # use wmp_bits::BuildErrorKind;
    /// assert_eq!(BuildErrorKind::Separator.code(), "separator_in_field");
    /// ```
    #[must_use]
    pub const fn code(self) -> &'static str {
        match self {
            BuildErrorKind::Separator => "separator_in_field",
            BuildErrorKind::ControlCharacter => "control_character",
            BuildErrorKind::InvalidProvider => "invalid_provider",
            BuildErrorKind::InvalidTrackNumber => "invalid_track_number",
            BuildErrorKind::TooLong => "too_long",
        }
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
/// [`field`](Self::field) (for `too_long`, in the descriptor that would have been rendered).
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
#[error("{}", BuildMessage(self))]
pub struct BuildError {
    kind: BuildErrorKind,
    field: Option<Field>,
    span: Range<usize>,
    snippet: Snippet,
    /// The offending character, or the UTF-16 length that is too long.
    detail: Detail,
}

impl BuildError {
    pub(crate) fn new(
        kind: BuildErrorKind,
        field: Option<Field>,
        span: Range<usize>,
        text: &str,
        detail: Detail,
    ) -> BuildError {
        BuildError {
            kind,
            field,
            span,
            snippet: if kind == BuildErrorKind::TooLong {
                Snippet::EMPTY
            } else {
                Snippet::new(text)
            },
            detail,
        }
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
        self.kind
    }

    /// The stable `snake_case` code of the [`kind`](Self::kind).
    ///
    /// ```
    /// # use wmp_bits::{validate, Field};
    /// assert_eq!(validate::text(Field::Provider, "").unwrap_err().code(), "invalid_provider");
    /// ```
    #[must_use]
    pub fn code(&self) -> &'static str {
        self.kind.code()
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
        self.field
    }

    /// The byte range of the offending text within the field's text.
    ///
    /// ```
    /// # use wmp_bits::{validate, Field};
    /// let err = validate::text(Field::Title, "ab\u{85}").unwrap_err();
    /// assert_eq!(err.span(), 2..4);
    /// ```
    #[must_use]
    pub fn span(&self) -> Range<usize> {
        self.span.clone()
    }
}

/// Writes the message of a [`BuildError`].
struct BuildMessage<'a>(&'a BuildError);

impl fmt::Display for BuildMessage<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let e = self.0;
        let Range { start, end } = e.span;
        let field = e.field.map_or("", Field::name);
        let snip = &e.snippet;
        match (e.kind, e.detail) {
            (BuildErrorKind::Separator, _) => write!(
                f,
                "separator ':' at bytes {start}..{end} of the {field} {snip}: expected no ':', which the \
                 format cannot escape (remove it, or sanitise the text to write it as U+FF1A '：')"
            ),
            (BuildErrorKind::ControlCharacter, Detail::Char(c)) => write!(
                f,
                "control character U+{:04X} at bytes {start}..{end} of the {field} {snip}: \
                 expected no control characters (remove them, or sanitise the text to write \
                 them as spaces)",
                u32::from(c)
            ),
            (BuildErrorKind::InvalidProvider, Detail::Char(c)) => write!(
                f,
                "invalid provider {snip}: '{c}' at bytes {start}..{end} is not allowed in a \
                 registry key name, expected any character but '\\', ':' and controls"
            ),
            (BuildErrorKind::InvalidProvider, Detail::ProviderUnits(n)) => write!(
                f,
                "invalid provider {snip}: {n} UTF-16 code units, \
                 expected at most 255 (a registry key name)"
            ),
            (BuildErrorKind::InvalidProvider, _) => f.write_str(
                "empty provider: expected the store's registry key name, \
                 1 to 255 UTF-16 code units",
            ),
            (BuildErrorKind::InvalidTrackNumber, _) => f.write_str(
                "invalid track number 0: expected 1..=4294967295 (leave the track number \
                 unset when it is unknown)",
            ),
            (BuildErrorKind::TooLong, Detail::Units(n)) => write!(
                f,
                "descriptor too long: {n} UTF-16 code units, expected at most 1024 \
                 (the BITS limit for a job description)"
            ),
            (kind, _) => write!(f, "{kind} at bytes {start}..{end} of the {field}"),
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

    #[test]
    fn unpaired_details_still_give_a_message() {
        // Every constructor in the crate pairs a kind with its detail; the last arm of each
        // message keeps the match total, and still names the code and the place.
        let e = ParseError::new(ParseErrorKind::TooLong, None, 0..3, "", Detail::None);
        assert_eq!(e.to_string(), "too_long at bytes 0..3");
        let e = BuildError::new(
            BuildErrorKind::TooLong,
            Some(Field::Title),
            1..2,
            "x",
            Detail::None,
        );
        assert_eq!(e.to_string(), "too_long at bytes 1..2 of the title");
    }

    #[test]
    fn field_indices_follow_the_written_order() {
        for (i, f) in Field::ALL.iter().enumerate() {
            assert_eq!(f.index(), i);
            assert_eq!(f.to_string(), f.name());
        }
        let text: alloc::vec::Vec<Field> = Field::ALL.into_iter().filter(|f| f.is_text()).collect();
        assert_eq!(
            text,
            [
                Field::Provider,
                Field::AlbumArtist,
                Field::AlbumTitle,
                Field::Title
            ]
        );
    }
}
