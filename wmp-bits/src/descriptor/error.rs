//! The errors of the grammar: one [`ErrorKind`] a rule, and one [`Error`] that says which
//! rule was broken, where ([`ErrorOrigin`]: in a description, or in a store's own value),
//! and what to do about it.
//!
//! A rule has one code, one field and one "expected …" text whichever way it was broken;
//! only the place the message names differs: the bytes of the description, or the bytes of
//! the caller's text for the field.

use core::fmt;
use core::ops::Range;

use super::advice::{Hint, Readings, Shorten};
use super::error_kind::ErrorKind;
use super::rules::{Control, ProviderViolation, ServiceIdViolation, MAX_UTF16};
use super::snippet::Snippet;
use super::Field;
use crate::registry::SUBSCRIPTIONS_PATH;

/// Where an [`Error`] arose.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorOrigin {
    /// In a description: strict or lenient parsing, or `str::parse` of a value. The span
    /// is in the text parsed.
    Description,
    /// In a store's own value for a field: the builder and
    /// [`validate::text`](crate::validate::text). The span is in the caller's text for the
    /// field.
    Value,
}

/// Why a string is not a strict descriptor ([`ParseError`]), or a value cannot go into one
/// ([`BuildError`]).
///
/// Carries a stable [`kind`](Self::kind) with a `snake_case` [`code`](Self::code), the
/// [`field`](Self::field) it concerns (where one does), the byte [`span`](Self::span) of
/// the offending text, and its [`origin`](Self::origin). The message is lowercase,
/// specific, and says what was expected; where the mistake is a common one (a line ending
/// or white space at the end, a byte order mark at the start, a `:` in a text field, a
/// duration written `m:ss`, text too long), it says how to mend it. Building one never
/// allocates.
///
/// ```
/// use wmp_bits::{Descriptor, ErrorKind, ErrorOrigin, Field};
///
/// let err = "::WMP_JOB:1:1:Contoso:A:B:01:T:1:50".parse::<Descriptor>().unwrap_err();
/// assert_eq!(err.kind(), ErrorKind::InvalidTrackNumber);
/// assert_eq!(err.code(), "invalid_track_number");
/// assert_eq!(err.field(), Some(Field::TrackNumber));
/// assert_eq!(err.span(), 26..28);
/// assert_eq!(err.origin(), ErrorOrigin::Description);
/// assert_eq!(
///     err.to_string(),
///     "invalid track number \"01\" at bytes 26..28: \
///      expected empty or a decimal 1..=4294967295 without leading zeros"
/// );
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Error {
    kind: ErrorKind,
    origin: ErrorOrigin,
    field: Option<Field>,
    span: Range<usize>,
    /// The offending text: the token at `span` of a description, or the caller's whole
    /// text for the field.
    text: Snippet,
    detail: Detail,
    advice: Advice,
}

/// An error in a description: from strict and lenient parsing, and from `str::parse` of a
/// [`Kind`](crate::Kind), [`ServiceId`](crate::ServiceId) or [`Rating`](crate::Rating).
pub type ParseError = Error;

/// An error in a store's own value: from
/// [`DescriptorBuilder::build`](crate::DescriptorBuilder::build) and
/// [`validate::text`](crate::validate::text). Its kind is the one a description breaking
/// the same rule gets.
///
/// ```
/// use wmp_bits::{Descriptor, ErrorOrigin, Field, Kind, ServiceId};
///
/// let id = ServiceId::new(5).unwrap();
/// let err = Descriptor::builder(Kind::Job, id, "Contoso").album_artist("AC:DC").build().unwrap_err();
/// assert_eq!((err.code(), err.field(), err.span()), ("separator_in_field", Some(Field::AlbumArtist), 2..3));
/// assert_eq!(err.origin(), ErrorOrigin::Value);
/// assert_eq!(
///     err.to_string(),
///     "separator ':' at bytes 2..3 of the album artist \"AC:DC\": expected no ':', which the \
///      format cannot escape; remove it, or sanitise the text (TextPolicy::Sanitize) to write \
///      it as U+FF1A '：'"
/// );
/// ```
pub type BuildError = Error;

/// What exactly broke the rule, with the data its message needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Detail {
    /// The text is wrong as a whole, and the message quotes it.
    Text,
    /// A value on its own, not a field of a description (`str::parse::<Rating>`): wrong as
    /// a whole, and never empty.
    Alone,
    /// Nothing to quote: the field is empty, or `0` (which the headline says).
    Nothing,
    /// One character is wrong.
    Char(char),
    /// A description this many bytes long, too many for 1,024 UTF-16 code units.
    Bytes(usize),
    /// Text this many UTF-16 code units long, over its limit.
    Units(usize),
    /// This many `:`-separated fields after `::`.
    Fields(usize),
    /// A track number of zero, given to the builder.
    Zero,
    /// A duration of this many seconds, given to the builder: more than `u32` holds.
    Seconds(u64),
}

/// What the message advises, beyond what is expected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Advice {
    None,
    /// A mistake at the edge of a description (see [`Hint`]).
    Hint(Hint),
    /// The readings that explain extra `:`.
    Readings(Readings),
    /// What to cut from a description that is too long.
    Shorten(Shorten),
}

impl Error {
    fn new(kind: ErrorKind, origin: ErrorOrigin, span: Range<usize>, text: &str) -> Error {
        Error {
            kind,
            origin,
            field: kind.field(),
            span,
            text: Snippet::new(text),
            detail: Detail::Text,
            advice: Advice::None,
        }
    }

    fn detail(mut self, detail: Detail) -> Error {
        self.detail = detail;
        self
    }

    fn advice(mut self, advice: Advice) -> Error {
        self.advice = advice;
        self
    }

    fn in_field(mut self, field: Field) -> Error {
        self.field = Some(field);
        self
    }

    // --- In a description ---------------------------------------------------------

    /// A description of `bytes` bytes, more than 1,024 UTF-16 code units can take.
    #[cold]
    #[inline(never)]
    pub(crate) fn too_many_bytes(bytes: usize) -> Error {
        Error::new(ErrorKind::TooLong, ErrorOrigin::Description, 0..bytes, "")
            .detail(Detail::Bytes(bytes))
            .advice(Advice::Shorten(Shorten::at_least(bytes)))
    }

    /// The description `s`, of `units` UTF-16 code units.
    #[cold]
    #[inline(never)]
    pub(crate) fn too_many_units(s: &str, units: usize) -> Error {
        Error::new(ErrorKind::TooLong, ErrorOrigin::Description, 0..s.len(), "")
            .detail(Detail::Units(units))
            .advice(Advice::Shorten(Shorten::description(s, units)))
    }

    /// `s` does not start with `::`; the message quotes its first two characters.
    #[cold]
    #[inline(never)]
    pub(crate) fn missing_prefix(s: &str) -> Error {
        let end = s.char_indices().nth(2).map_or(s.len(), |(i, _)| i);
        let e = Error::new(
            ErrorKind::MissingPrefix,
            ErrorOrigin::Description,
            0..end,
            &s[..end],
        );
        match Hint::at_start(s) {
            Some(hint) => e.advice(Advice::Hint(hint)),
            None => e,
        }
    }

    /// The token `t` at byte `at` of a description breaks the rule of `kind`, the rule of
    /// one field. A rating, the last field, gets a hint about white space or a line ending
    /// after it.
    #[cold]
    #[inline(never)]
    pub(crate) fn token(kind: ErrorKind, t: &str, at: usize) -> Error {
        let e = Error::new(kind, ErrorOrigin::Description, at..at + t.len(), t);
        match kind {
            ErrorKind::ZeroServiceId => e.detail(Detail::Nothing),
            ErrorKind::InvalidRating => match Hint::at_end(t) {
                Some(hint) => e.advice(Advice::Hint(hint)),
                None => e,
            },
            _ => e,
        }
    }

    /// The token of the service id, `t` at byte `at`.
    pub(crate) fn service_id(v: ServiceIdViolation, t: &str, at: usize) -> Error {
        Error::token(v.kind(), t, at)
    }

    /// `found` fields in `s`, the extra ones (if any) from `span`.
    #[cold]
    #[inline(never)]
    pub(crate) fn field_count(s: &str, span: Range<usize>, found: usize) -> Error {
        let e = Error::new(ErrorKind::FieldCount, ErrorOrigin::Description, span, "")
            .detail(Detail::Fields(found));
        if found > 10 {
            e.advice(Advice::Readings(Readings::of(s)))
        } else {
            e
        }
    }

    /// The provider `t`, at byte `at` of a description.
    #[cold]
    #[inline(never)]
    pub(crate) fn provider(v: ProviderViolation, t: &str, at: usize) -> Error {
        let e = Error::token(ErrorKind::InvalidProvider, t, at);
        match v {
            ProviderViolation::Empty => e.detail(Detail::Nothing),
            ProviderViolation::Backslash { at: i } => Error {
                span: at + i..at + i + 1,
                ..e.detail(Detail::Char('\\'))
            },
            ProviderViolation::Control(c) => Error::control(Field::Provider, c, at),
            ProviderViolation::TooLong { units } => e.detail(Detail::Units(units)),
        }
    }

    /// A control character in the text of `field`, which starts at byte `at`.
    #[cold]
    #[inline(never)]
    pub(crate) fn control(field: Field, Control { at: i, c }: Control, at: usize) -> Error {
        let span = at + i..at + i + c.len_utf8();
        Error::new(
            ErrorKind::ControlCharacter,
            ErrorOrigin::Description,
            span,
            "",
        )
        .in_field(field)
        .detail(Detail::Char(c))
    }

    /// The text of a rating on its own that is not one.
    pub(crate) fn rating_value(t: &str) -> Error {
        Error::new(
            ErrorKind::InvalidRating,
            ErrorOrigin::Description,
            0..t.len(),
            t,
        )
        .detail(Detail::Alone)
    }

    /// The same error at `span` of `input`, with the quoted text taken from there and no
    /// hint about the edges of the text: for errors found in the canonical text that
    /// lenient parsing made of `input`, whose edges it has already read.
    pub(crate) fn relocated(mut self, span: Range<usize>, input: &str) -> Error {
        let quoted = self.kind.quotes_text() || self.kind == ErrorKind::MissingPrefix;
        if quoted && matches!(self.detail, Detail::Text | Detail::Alone | Detail::Units(_)) {
            self.text = Snippet::new(&input[span.clone()]);
        }
        if matches!(self.advice, Advice::Hint(_)) {
            self.advice = Advice::None;
        }
        self.span = span;
        self
    }

    // --- In a store's value -------------------------------------------------------

    /// A `:` at byte `at` of the caller's `text` for `field`.
    pub(crate) fn separator(field: Field, at: usize, text: &str) -> Error {
        Error::new(
            ErrorKind::SeparatorInField,
            ErrorOrigin::Value,
            at..at + 1,
            text,
        )
        .in_field(field)
        .detail(Detail::Char(':'))
    }

    /// A control character in the caller's `text` for `field`.
    pub(crate) fn value_control(field: Field, Control { at, c }: Control, text: &str) -> Error {
        let span = at..at + c.len_utf8();
        Error::new(ErrorKind::ControlCharacter, ErrorOrigin::Value, span, text)
            .in_field(field)
            .detail(Detail::Char(c))
    }

    /// The caller's `text` for `field` (the kind, the version or a number) is not the
    /// field's canonical text: the `kind` of the field's parse error.
    pub(crate) fn value(kind: ErrorKind, field: Field, text: &str) -> Error {
        let e = Error::new(kind, ErrorOrigin::Value, 0..text.len(), text).in_field(field);
        if kind == ErrorKind::ZeroServiceId {
            e.detail(Detail::Nothing)
        } else {
            e
        }
    }

    /// The caller's provider `text` breaks the provider's rule.
    pub(crate) fn value_provider(v: ProviderViolation, text: &str) -> Error {
        let e = Error::value(ErrorKind::InvalidProvider, Field::Provider, text);
        match v {
            ProviderViolation::Empty => e.detail(Detail::Nothing),
            ProviderViolation::Backslash { at } => Error {
                span: at..at + 1,
                ..e.detail(Detail::Char('\\'))
            },
            ProviderViolation::Control(c) => Error::value_control(Field::Provider, c, text),
            ProviderViolation::TooLong { units } => e.detail(Detail::Units(units)),
        }
    }

    /// A track number of zero, given to the builder.
    pub(crate) fn track_number_zero() -> Error {
        Error::value(ErrorKind::InvalidTrackNumber, Field::TrackNumber, "").detail(Detail::Zero)
    }

    /// A duration of `secs` seconds, given to the builder.
    pub(crate) fn duration_too_long(secs: u64) -> Error {
        Error::value(ErrorKind::InvalidDuration, Field::Duration, "").detail(Detail::Seconds(secs))
    }

    /// The whole would be `units` UTF-16 code units long; `shorten` says what to cut.
    pub(crate) fn too_long(units: usize, shorten: Shorten) -> Error {
        Error::new(ErrorKind::TooLong, ErrorOrigin::Value, 0..0, "")
            .detail(Detail::Units(units))
            .advice(Advice::Shorten(shorten))
    }

    // --- What it says -------------------------------------------------------------

    /// What went wrong.
    ///
    /// ```
    /// # use wmp_bits::{Descriptor, ErrorKind};
    /// let err = "WMP_JOB:1".parse::<Descriptor>().unwrap_err();
    /// assert_eq!(err.kind(), ErrorKind::MissingPrefix);
    /// ```
    #[must_use]
    pub fn kind(&self) -> ErrorKind {
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

    /// Whether the error arose in a description or in a store's value.
    ///
    /// ```
    /// # use wmp_bits::{validate, ErrorOrigin, Field};
    /// assert_eq!(validate::text(Field::Title, "a:b").unwrap_err().origin(), ErrorOrigin::Value);
    /// ```
    #[must_use]
    pub fn origin(&self) -> ErrorOrigin {
        self.origin
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

    /// The byte range of the offending text: in the description, possibly empty where
    /// something is missing; in a store's value, the character for `separator_in_field`,
    /// `control_character` and a provider holding `\`, the whole text for a provider that
    /// is too long and for the text of a kind, version or number, and `0..0` where no text
    /// of the caller's is at fault (an empty provider, a number given to the builder, and
    /// `too_long`, which concerns the whole).
    ///
    /// ```
    /// # use wmp_bits::{validate, Descriptor, Field};
    /// let input = "::WMP_JOB:1:1:Contoso:A:B:1:T:1:100";
    /// let err = input.parse::<Descriptor>().unwrap_err();
    /// assert_eq!(&input[err.span()], "100");
    /// assert_eq!(validate::text(Field::Title, "ab\u{85}").unwrap_err().span(), 2..4);
    /// ```
    #[must_use]
    pub fn span(&self) -> Range<usize> {
        self.span.clone()
    }

    /// The message without its advice: what is wrong and what was expected, for a caller
    /// that gives advice of its own.
    pub(crate) fn without_advice(&self) -> impl fmt::Display + '_ {
        Plain(self)
    }

    /// The message: `headline[ text][ place]: [found, ]expected …[; advice]`.
    fn write(&self, f: &mut fmt::Formatter<'_>, advice: bool) -> fmt::Result {
        let Range { start, end } = self.span;
        let field = self.field.map_or("", Field::name);
        match (self.kind, self.detail) {
            (ErrorKind::InvalidProvider, Detail::Nothing) => f.write_str("empty provider")?,
            (ErrorKind::InvalidProvider, Detail::Char(c)) => {
                write!(f, "invalid provider character '{c}'")?;
            }
            (ErrorKind::ControlCharacter, Detail::Char(c)) => {
                write!(f, "control character U+{:04X}", u32::from(c))?;
            }
            (kind, Detail::Char(c)) => write!(f, "{} '{c}'", kind.headline())?,
            (ErrorKind::FieldCount, Detail::Fields(n)) => {
                f.write_str(if n < 10 {
                    "too few fields"
                } else {
                    "too many fields"
                })?;
            }
            (kind, Detail::Text | Detail::Alone | Detail::Units(_)) if kind.quotes_text() => {
                write!(f, "{} {}", kind.headline(), self.text)?;
            }
            (kind, Detail::Zero) => write!(f, "{} 0", kind.headline())?,
            (kind, _) => f.write_str(kind.headline())?,
        }
        let one_character = matches!(self.detail, Detail::Char(_));
        match self.origin {
            ErrorOrigin::Description if self.kind == ErrorKind::ControlCharacter => {
                write!(f, " in {field} at bytes {start}..{end}")?;
            }
            ErrorOrigin::Description => write!(f, " at bytes {start}..{end}")?,
            ErrorOrigin::Value if one_character => {
                write!(f, " at bytes {start}..{end} of the {field} {}", self.text)?;
            }
            ErrorOrigin::Value => {}
        }
        f.write_str(": ")?;
        match self.detail {
            Detail::Bytes(bytes) => write!(
                f,
                "{bytes} bytes of UTF-8 are more than {MAX_UTF16} UTF-16 code units can take, "
            )?,
            Detail::Units(units) => write!(f, "{units} UTF-16 code units, ")?,
            Detail::Fields(n) => write!(f, "found {n} ':'-separated fields after \"::\", ")?,
            Detail::Seconds(secs) => write!(f, "{secs} seconds, ")?,
            Detail::Text if self.kind == ErrorKind::MissingPrefix => {
                write!(f, "found {}, ", self.text)?;
            }
            _ => {}
        }
        let expected = self.kind.expected();
        // A value on its own is never empty.
        let expected = match self.detail {
            Detail::Alone => expected.strip_prefix("empty or ").unwrap_or(expected),
            _ => expected,
        };
        write!(f, "expected {expected}")?;
        if !advice {
            return Ok(());
        }
        match self.advice {
            Advice::Hint(hint) => write!(f, "; {hint}"),
            Advice::Readings(readings) => write!(f, "{readings}"),
            Advice::Shorten(shorten) => {
                write!(f, "; {shorten}")?;
                if self.origin == ErrorOrigin::Value {
                    f.write_str(
                        ", or let DescriptorBuilder::build_fitted cut the longest text fields",
                    )?;
                }
                Ok(())
            }
            Advice::None if self.origin == ErrorOrigin::Value => self.value_advice(f),
            Advice::None => Ok(()),
        }
    }

    /// What to do about caller text the builder refuses.
    fn value_advice(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let provider = self.field == Some(Field::Provider);
        let never = "; the provider is never sanitised, since it must be the store's key name \
                     under HKLM\\";
        match self.kind {
            ErrorKind::SeparatorInField if provider => write!(
                f,
                "{never}{SUBSCRIPTIONS_PATH} exactly: register the store under a key name \
                 without ':' and give that name"
            ),
            ErrorKind::ControlCharacter if provider => write!(
                f,
                "{never}{SUBSCRIPTIONS_PATH} exactly, and a key name holds no control \
                 characters: give the key name as registered"
            ),
            ErrorKind::SeparatorInField => f.write_str(
                "; remove it, or sanitise the text (TextPolicy::Sanitize) to write it as \
                 U+FF1A '：'",
            ),
            ErrorKind::ControlCharacter => f.write_str(
                "; remove them, or sanitise the text (TextPolicy::Sanitize) to write them as \
                 spaces",
            ),
            ErrorKind::InvalidTrackNumber if self.detail == Detail::Zero => {
                f.write_str("; leave the track number unset when it is unknown")
            }
            ErrorKind::InvalidDuration if matches!(self.detail, Detail::Seconds(_)) => {
                f.write_str(" (the Player's duration is a 32-bit number)")
            }
            _ => Ok(()),
        }
    }
}

/// An [`Error`]'s message without its advice.
struct Plain<'a>(&'a Error);

impl fmt::Display for Plain<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.write(f, false)
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.write(f, true)
    }
}

impl core::error::Error for Error {}

impl ServiceIdViolation {
    /// The kind of the error that a service id breaking the rule this way gets.
    pub(crate) const fn kind(self) -> ErrorKind {
        match self {
            ServiceIdViolation::NotCanonical => ErrorKind::InvalidServiceId,
            ServiceIdViolation::Zero => ErrorKind::ZeroServiceId,
        }
    }
}
