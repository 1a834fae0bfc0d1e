//! Lenient parsing, for tools that read descriptions written by others: accepts what strict
//! parsing refuses when its meaning is still unambiguous, and says what it normalised.
//!
//! ```
//! use wmp_bits::lenient;
//!
//! let read = lenient::parse("\u{FEFF}::wmp_job:1:0042:Proseware:Norah Jones:Come Away with Me: 03 :Cold Cold Heart:218:50\r\n")?;
//! assert_eq!(
//!     read.descriptor().as_str(),
//!     "::WMP_JOB:1:42:Proseware:Norah Jones:Come Away with Me:3:Cold Cold Heart:218:50"
//! );
//! let codes: Vec<&str> = read.normalizations().iter().map(|n| n.code()).collect();
//! assert_eq!(
//!     codes,
//!     ["byte_order_mark", "kind_case", "leading_zeros", "whitespace", "leading_zeros", "whitespace", "trailing_newline"]
//! );
//! assert_eq!(
//!     read.normalizations()[2].to_string(),
//!     "removed 2 leading zeros from the service id at bytes 15..17"
//! );
//! # Ok::<(), wmp_bits::ParseError>(())
//! ```
//!
//! # Why it is opt-in
//!
//! Strict parsing ([`str::parse`] into a [`Descriptor`]) is the crate's default because
//! a description is only useful if the Player reads it, and the Player's documentation
//! gives one form and no rules for anything else: a store that writes `wmp_job`, `01` or a
//! trailing newline cannot know whether the Player will pick the download up, and a
//! forgiving parser would hide exactly that mistake. Strict parsing is also canonical
//! (whatever it accepts renders back byte for byte), which lenient parsing by nature cannot
//! be. So a store checks what it writes strictly; a tool that reads the BITS queue, a log
//! or a file calls [`parse`] here by name, gets the canonical [`Descriptor`] that strict
//! parsing would give for the canonical text, and gets the list of [`Normalization`]s,
//! so that it can still warn that the Player might ignore the job as written.
//!
//! # What it accepts
//!
//! Each of these is reported as a [`Normalization`] with its byte span in the input:
//!
//! - a UTF-8 byte order mark (U+FEFF) before the `::` ([`Normalization::ByteOrderMark`]);
//! - the kind in any ASCII case, `wmp_job` or `Wmp_Status`
//!   ([`Normalization::KindCase`]);
//! - zeros before a number's first significant digit, in the version, the service id,
//!   the track number, the duration and the rating: `01`, `0042`, `000` for `0`
//!   ([`Normalization::LeadingZeros`]). Numbers are decimal, as in the canonical form;
//!   a zero-padded track number such as `03` is the usual way to write one;
//! - spaces and tabs before or after any of those numbers, or making up an empty
//!   optional one ([`Normalization::Whitespace`]);
//! - one line ending, `\n` or `\r\n`, after the last field
//!   ([`Normalization::TrailingNewline`]).
//!
//! Nothing else changes. Text fields are taken exactly as written (spaces included), and
//! whatever would still be ambiguous or invalid is refused with the same [`ParseError`] as
//! in strict parsing, with spans in the original input: a `:` inside a field is still a
//! `field_count` error (the format has no escape, so which field it belongs to is a guess),
//! a control character in text is still `control_character`, a rating of `100` (or
//! `0100`) is still `invalid_rating`, a service id of `000` is `zero_service_id`, a track
//! number of `00` is `invalid_track_number`, and a sign, a decimal point, digits separated
//! by a space or non-ASCII digits are still invalid numbers.
//!
//! When several things are wrong, the first failing check in this order is reported:
//! `missing_prefix`, `unknown_kind`, `unsupported_version`, `field_count`, `too_long`,
//! then the fields from left to right. `too_long` concerns the canonical text (the one
//! that would go to BITS), so it is checked once the fields are known; its span is the
//! whole input. For an input with nothing to normalise, the error is exactly the strict
//! parser's, except when the input is both too long and wrong in its structure (strict
//! parsing checks the length first, since it has no canonical text to wait for).

use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;
use core::ops::Range;

use nom::bytes::complete::{tag, take_till, take_while};
use nom::character::complete::{char, digit0, space0};
use nom::combinator::{all_consuming, opt};
use nom::{IResult, Parser};

use crate::error::{Culprit, Detail};
use crate::validate::{MAX_DESCRIPTION_UTF16, MAX_PROVIDER_LEN};
use crate::{validate, Descriptor, Field, Kind, ParseError, ParseErrorKind};

/// Parses `input` leniently: the canonical [`Descriptor`] it means, and what was normalised
/// to get there. See the [module documentation](self) for what is accepted and why this is
/// not the default.
///
/// The descriptor is exactly the one strict parsing gives for its canonical text, and a
/// strictly valid input comes back unchanged with no normalisations.
///
/// ```
/// use wmp_bits::lenient::{self, Normalization};
/// use wmp_bits::{Descriptor, Field};
///
/// let read = lenient::parse("::WMP_STATUS:01:7:Fabrikam:::1::: 5\n")?;
/// assert_eq!(read.descriptor().as_str(), "::WMP_STATUS:1:7:Fabrikam:::1:::5");
/// assert_eq!(
///     read.normalizations(),
///     [
///         Normalization::LeadingZeros { field: Field::Version, span: 13..14 },
///         Normalization::Whitespace { field: Field::Rating, span: 33..34 },
///         Normalization::TrailingNewline { span: 35..36 },
///     ]
/// );
///
/// // A strictly valid input is returned as it is.
/// let strict = "::WMP_JOB:1:1:Contoso::::::";
/// let read = lenient::parse(strict)?;
/// assert!(read.is_canonical());
/// assert_eq!(read.into_descriptor(), strict.parse::<Descriptor>()?);
/// # Ok::<(), wmp_bits::ParseError>(())
/// ```
///
/// # Errors
///
/// A [`ParseError`] with spans in `input`, for anything that normalising cannot make
/// strictly valid:
///
/// ```
/// use wmp_bits::lenient;
///
/// // A ':' in a field is ambiguous: refused, as in strict parsing.
/// let err = lenient::parse("::WMP_JOB:1:1:Contoso:AC:DC:Back in Black:6::255:").unwrap_err();
/// assert_eq!(err.code(), "field_count");
/// // Leading zeros do not make 100 a rating.
/// let input = "\u{FEFF}::WMP_JOB:1:1:Contoso::::::0100";
/// let err = lenient::parse(input).unwrap_err();
/// assert_eq!(err.code(), "invalid_rating");
/// assert_eq!(&input[err.span()], "0100");
/// assert_eq!(
///     err.to_string(),
///     "invalid rating \"0100\" at bytes 30..34: expected empty or a decimal 0..=99 without leading zeros"
/// );
/// ```
pub fn parse(input: &str) -> Result<Lenient, ParseError> {
    let mut normalizations = Vec::new();
    // A byte order mark, then everything up to one trailing line ending.
    let (rest, bom) = byte_order_mark(input);
    let start = input.len() - rest.len();
    if bom {
        normalizations.push(Normalization::ByteOrderMark { span: 0..start });
    }
    let end = start + rest.len() - line_ending_len(rest);
    let descriptor = parse_body(input, start..end, &mut normalizations)?;
    if end < input.len() {
        normalizations.push(Normalization::TrailingNewline {
            span: end..input.len(),
        });
    }
    Ok(Lenient {
        descriptor,
        normalizations,
    })
}

/// The descriptor written in `input[body]`, appending what was normalised to `out` in
/// input order. Spans are in `input`.
fn parse_body(
    input: &str,
    body: Range<usize>,
    out: &mut Vec<Normalization>,
) -> Result<Descriptor, ParseError> {
    let start = body.start;
    let body = &input[body];
    let fields = split(body).ok_or_else(|| missing_prefix(body, start))?;
    let token = |i: usize| {
        let (at, t) = fields.first[i];
        (start + at, t)
    };

    let kind = read_kind(token(0), out)?;
    if fields.found >= 2 {
        read_version(token(1), out)?;
    }
    if fields.found != 10 {
        return Err(field_count(body, start, &fields));
    }

    // The canonical text of every field: numbers as far as they parse (an invalid one is
    // kept as written and refused below), text as written.
    let mut canonical = [""; 10];
    let mut numbers: [Option<Number<'_>>; 10] = [None; 10];
    canonical[0] = kind.as_str();
    canonical[1] = "1";
    for field in Field::ALL.into_iter().skip(2) {
        let i = field.index();
        let (at, t) = token(i);
        canonical[i] = t;
        if !field.is_text() {
            if let Some(n) = Number::parse(t) {
                n.report(field, at, out);
                canonical[i] = n.canonical;
                numbers[i] = Some(n);
            }
        }
    }

    // "::" and nine separators, then the fields.
    let bytes = 11 + canonical.iter().map(|t| t.len()).sum::<usize>();
    if bytes > 3 * MAX_DESCRIPTION_UTF16 {
        return Err(too_long(input, Detail::Bytes(bytes)));
    }
    let units = 11
        + canonical
            .iter()
            .map(|t| validate::utf16_len(t))
            .sum::<usize>();
    if units > MAX_DESCRIPTION_UTF16 {
        return Err(too_long(input, Detail::Units(units)));
    }

    for field in Field::ALL.into_iter().skip(2) {
        let (at, t) = token(field.index());
        if field.is_text() {
            check_text(field, t, at)?;
        } else {
            check_number(field, numbers[field.index()].as_ref(), t, at)?;
        }
    }

    let mut text = String::with_capacity(bytes);
    text.push_str("::");
    for (i, t) in canonical.iter().enumerate() {
        if i > 0 {
            text.push(':');
        }
        text.push_str(t);
    }
    // Every field has passed the strict checks, so this parse succeeds; it is what makes the
    // result exactly the strict parser's descriptor.
    Descriptor::try_from(text)
}

/// The kind token at byte `at`, in any ASCII case.
fn read_kind((at, token): (usize, &str), out: &mut Vec<Normalization>) -> Result<Kind, ParseError> {
    for kind in [Kind::Job, Kind::Status] {
        if token == kind.as_str() {
            return Ok(kind);
        }
    }
    for kind in [Kind::Job, Kind::Status] {
        if token.eq_ignore_ascii_case(kind.as_str()) {
            out.push(Normalization::KindCase {
                kind,
                span: at..at + token.len(),
            });
            return Ok(kind);
        }
    }
    Err(token_error(
        ParseErrorKind::UnknownKind,
        Field::Kind,
        token,
        at,
    ))
}

/// The version token at byte `at`: the number 1, possibly padded.
fn read_version(
    (at, token): (usize, &str),
    out: &mut Vec<Normalization>,
) -> Result<(), ParseError> {
    match Number::parse(token) {
        Some(n) if n.canonical == "1" => {
            n.report(Field::Version, at, out);
            Ok(())
        }
        _ => Err(token_error(
            ParseErrorKind::UnsupportedVersion,
            Field::Version,
            token,
            at,
        )),
    }
}

/// The `missing_prefix` error for a body at byte `start` of the input: its first two
/// characters.
fn missing_prefix(body: &str, start: usize) -> ParseError {
    let cut = body.char_indices().nth(2).map_or(body.len(), |(i, _)| i);
    ParseError::new(
        ParseErrorKind::MissingPrefix,
        None,
        start..start + cut,
        &body[..cut],
        Detail::None,
    )
}

/// The result of [`parse`]: the canonical [`Descriptor`] and the [`Normalization`]s that
/// were applied to the input, in the order they appear in it.
///
/// ```
/// use wmp_bits::lenient;
///
/// let read = lenient::parse("::WMP_JOB:1:42:Contoso:::007:::\n")?;
/// assert!(!read.is_canonical());
/// assert_eq!(read.descriptor().track_number(), Some(7));
/// for n in read.normalizations() {
///     eprintln!("warning: {n}"); // removed 2 leading zeros from the track number at bytes 25..27 …
/// }
/// let (descriptor, normalizations) = read.into_parts();
/// assert_eq!(descriptor.as_str(), "::WMP_JOB:1:42:Contoso:::7:::");
/// assert_eq!(normalizations.len(), 2);
/// # Ok::<(), wmp_bits::ParseError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Lenient {
    descriptor: Descriptor,
    normalizations: Vec<Normalization>,
}

impl Lenient {
    /// The canonical descriptor.
    ///
    /// ```
    /// # use wmp_bits::lenient;
    /// let read = lenient::parse("::Wmp_Status:1:9:Contoso::::::")?;
    /// assert_eq!(read.descriptor().to_string(), "::WMP_STATUS:1:9:Contoso::::::");
    /// # Ok::<(), wmp_bits::ParseError>(())
    /// ```
    #[must_use]
    pub fn descriptor(&self) -> &Descriptor {
        &self.descriptor
    }

    /// What was normalised, in the order it appears in the input; empty when the input was
    /// strictly valid.
    ///
    /// ```
    /// # use wmp_bits::lenient::{self, Normalization};
    /// # use wmp_bits::Field;
    /// let read = lenient::parse("::WMP_JOB:1:9:Contoso:::::\t:")?;
    /// assert_eq!(
    ///     read.normalizations(),
    ///     [Normalization::Whitespace { field: Field::Duration, span: 26..27 }]
    /// );
    /// # Ok::<(), wmp_bits::ParseError>(())
    /// ```
    #[must_use]
    pub fn normalizations(&self) -> &[Normalization] {
        &self.normalizations
    }

    /// Whether the input was already the canonical text (strictly valid), so that nothing
    /// was normalised.
    ///
    /// ```
    /// # use wmp_bits::lenient;
    /// assert!(lenient::parse("::WMP_JOB:1:9:Contoso::::::")?.is_canonical());
    /// assert!(!lenient::parse("::WMP_JOB:1:9:Contoso::::::\n")?.is_canonical());
    /// # Ok::<(), wmp_bits::ParseError>(())
    /// ```
    #[must_use]
    pub fn is_canonical(&self) -> bool {
        self.normalizations.is_empty()
    }

    /// The descriptor, dropping the list of normalisations.
    ///
    /// ```
    /// # use wmp_bits::{lenient, Descriptor};
    /// let d: Descriptor = lenient::parse("::WMP_JOB:1:9:Contoso:::::: 0")?.into_descriptor();
    /// assert_eq!(d.rating().map(|r| r.get()), Some(0));
    /// # Ok::<(), wmp_bits::ParseError>(())
    /// ```
    #[must_use]
    pub fn into_descriptor(self) -> Descriptor {
        self.descriptor
    }

    /// The descriptor and the normalisations, without a copy.
    ///
    /// ```
    /// # use wmp_bits::lenient;
    /// let (d, normalizations) = lenient::parse("::WMP_JOB:1:09:Contoso::::::")?.into_parts();
    /// assert_eq!(d.service_id().get(), 9);
    /// assert_eq!(normalizations[0].span(), 12..13);
    /// # Ok::<(), wmp_bits::ParseError>(())
    /// ```
    #[must_use]
    pub fn into_parts(self) -> (Descriptor, Vec<Normalization>) {
        (self.descriptor, self.normalizations)
    }
}

/// One change that [`parse`] made to its input to reach the canonical text, with the byte
/// span it concerns in the input. Each has a stable [`code`](Self::code).
///
/// ```
/// use wmp_bits::lenient::{self, Normalization};
/// use wmp_bits::Field;
///
/// let read = lenient::parse("::WMP_JOB:1:42:Contoso:::  07:::")?;
/// let n = &read.normalizations()[1];
/// assert_eq!(*n, Normalization::LeadingZeros { field: Field::TrackNumber, span: 27..28 });
/// assert_eq!((n.code(), n.field(), n.span()), ("leading_zeros", Some(Field::TrackNumber), 27..28));
/// assert_eq!(n.to_string(), "removed 1 leading zero from the track number at bytes 27..28");
/// # Ok::<(), wmp_bits::ParseError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Normalization {
    /// A UTF-8 byte order mark (U+FEFF) before the `::`, removed (`byte_order_mark`).
    ByteOrderMark {
        /// Where the mark is (`0..3`).
        span: Range<usize>,
    },
    /// The kind in another case, such as `wmp_job`, written in capitals (`kind_case`).
    KindCase {
        /// The kind it was read as.
        kind: Kind,
        /// Where the kind token is.
        span: Range<usize>,
    },
    /// Zeros before the first significant digit of a number, removed (`leading_zeros`).
    /// A number of zeros only keeps its last one.
    LeadingZeros {
        /// The version, service id, track number, duration or rating.
        field: Field,
        /// Where the removed zeros are.
        span: Range<usize>,
    },
    /// Spaces or tabs before or after a number, or making up an empty optional number,
    /// removed (`whitespace`). Before and after are two normalisations.
    Whitespace {
        /// The version, service id, track number, duration or rating.
        field: Field,
        /// Where the removed whitespace is.
        span: Range<usize>,
    },
    /// A line ending (`\n` or `\r\n`) after the last field, removed (`trailing_newline`).
    TrailingNewline {
        /// Where the line ending is.
        span: Range<usize>,
    },
}

impl Normalization {
    /// The stable code: `byte_order_mark`, `kind_case`, `leading_zeros`,
    /// `whitespace` or `trailing_newline`.
    ///
    /// ```
    /// # use wmp_bits::lenient::Normalization;
    /// assert_eq!(Normalization::TrailingNewline { span: 30..31 }.code(), "trailing_newline");
    /// ```
    #[must_use]
    pub fn code(&self) -> &'static str {
        match self {
            Normalization::ByteOrderMark { .. } => "byte_order_mark",
            Normalization::KindCase { .. } => "kind_case",
            Normalization::LeadingZeros { .. } => "leading_zeros",
            Normalization::Whitespace { .. } => "whitespace",
            Normalization::TrailingNewline { .. } => "trailing_newline",
        }
    }

    /// The field concerned: `None` for the byte order mark and the line ending, which
    /// belong to no field.
    ///
    /// ```
    /// # use wmp_bits::lenient::Normalization;
    /// # use wmp_bits::{Field, Kind};
    /// assert_eq!(Normalization::KindCase { kind: Kind::Job, span: 2..9 }.field(), Some(Field::Kind));
    /// assert_eq!(Normalization::ByteOrderMark { span: 0..3 }.field(), None);
    /// ```
    #[must_use]
    pub fn field(&self) -> Option<Field> {
        match self {
            Normalization::KindCase { .. } => Some(Field::Kind),
            Normalization::LeadingZeros { field, .. } | Normalization::Whitespace { field, .. } => {
                Some(*field)
            }
            Normalization::ByteOrderMark { .. } | Normalization::TrailingNewline { .. } => None,
        }
    }

    /// The byte range in the input of the text that was removed or rewritten.
    ///
    /// ```
    /// # use wmp_bits::lenient;
    /// let input = "::WMP_JOB:1:42:Contoso::::::5\r\n";
    /// let read = lenient::parse(input)?;
    /// assert_eq!(&input[read.normalizations()[0].span()], "\r\n");
    /// # Ok::<(), wmp_bits::ParseError>(())
    /// ```
    #[must_use]
    pub fn span(&self) -> Range<usize> {
        match self {
            Normalization::ByteOrderMark { span }
            | Normalization::KindCase { span, .. }
            | Normalization::LeadingZeros { span, .. }
            | Normalization::Whitespace { span, .. }
            | Normalization::TrailingNewline { span } => span.clone(),
        }
    }
}

impl fmt::Display for Normalization {
    /// A lowercase sentence saying what was changed and where.
    ///
    /// ```
    /// # use wmp_bits::lenient::Normalization;
    /// # use wmp_bits::{Field, Kind};
    /// assert_eq!(
    ///     Normalization::KindCase { kind: Kind::Status, span: 2..12 }.to_string(),
    ///     "read the kind at bytes 2..12 as WMP_STATUS (the token is case-sensitive)"
    /// );
    /// ```
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Range { start, end } = self.span();
        match self {
            Normalization::ByteOrderMark { .. } => write!(
                f,
                "removed a byte order mark (U+FEFF) at bytes {start}..{end}"
            ),
            Normalization::KindCase { kind, .. } => write!(
                f,
                "read the kind at bytes {start}..{end} as {kind} (the token is case-sensitive)"
            ),
            Normalization::LeadingZeros { field, .. } => {
                let n = end - start;
                let zeros = if n == 1 { "zero" } else { "zeros" };
                write!(
                    f,
                    "removed {n} leading {zeros} from the {field} at bytes {start}..{end}"
                )
            }
            Normalization::Whitespace { field, .. } => write!(
                f,
                "removed whitespace around the {field} at bytes {start}..{end}"
            ),
            Normalization::TrailingNewline { .. } => {
                write!(f, "removed a trailing line ending at bytes {start}..{end}")
            }
        }
    }
}

/// Strips a leading U+FEFF; says whether there was one.
fn byte_order_mark(input: &str) -> (&str, bool) {
    let parsed: IResult<&str, Option<&str>, ()> = opt(tag("\u{FEFF}")).parse(input);
    match parsed {
        Ok((rest, bom)) => (rest, bom.is_some()),
        Err(_) => (input, false),
    }
}

/// The length of the one line ending (`\r\n` or `\n`) that `s` ends with, or 0.
fn line_ending_len(s: &str) -> usize {
    if s.ends_with("\r\n") {
        2
    } else {
        usize::from(s.ends_with('\n'))
    }
}

/// The `:`-separated fields after the leading `::`.
struct Fields<'a> {
    /// The first ten fields: byte offset in the body, and text.
    first: [(usize, &'a str); 10],
    /// How many fields there are in all.
    found: usize,
    /// The byte offset in the body of the tenth separator, if there is one (too many
    /// fields).
    tenth_separator: Option<usize>,
    /// The last four fields (track number, title, duration, rating when the extra
    /// separators are in a text field before them).
    last: [&'a str; 4],
}

/// Splits `body` after its `::`; `None` when it does not start with `::`. Offsets are
/// `body.len() - rest.len()`.
fn split(body: &str) -> Option<Fields<'_>> {
    let prefixed: IResult<&str, &str, ()> = tag("::").parse(body);
    let mut rest = prefixed.ok()?.0;
    let mut fields = Fields {
        first: [(0, ""); 10],
        found: 0,
        tenth_separator: None,
        last: [""; 4],
    };
    loop {
        let at = body.len() - rest.len();
        let taken: IResult<&str, &str, ()> = take_till(|c| c == ':').parse(rest);
        let (after, text) = taken.unwrap_or(("", rest));
        if let Some(slot) = fields.first.get_mut(fields.found) {
            *slot = (at, text);
        }
        fields.last.rotate_left(1);
        fields.last[3] = text;
        fields.found += 1;
        let separator: IResult<&str, char, ()> = char(':').parse(after);
        match separator {
            Ok((next, _)) => {
                if fields.found == 10 {
                    fields.tenth_separator = Some(body.len() - after.len());
                }
                rest = next;
            }
            Err(_) => return Some(fields),
        }
    }
}

/// A number field as written: spaces and tabs, leading zeros, the significant digits,
/// spaces and tabs; every part a slice of the token.
#[derive(Clone, Copy)]
struct Number<'a> {
    leading_space: &'a str,
    zeros: &'a str,
    /// The canonical digits: empty for an empty field, `0` for zeros only.
    canonical: &'a str,
    trailing_space: &'a str,
}

impl<'a> Number<'a> {
    /// `None` unless the token is, apart from spaces and tabs around it, ASCII digits or
    /// nothing.
    fn parse(token: &'a str) -> Option<Number<'a>> {
        let parsed: IResult<&str, (&str, &str, &str, &str), ()> =
            all_consuming((space0, take_while(|c| c == '0'), digit0, space0)).parse(token);
        let (_, (leading_space, zeros, digits, trailing_space)) = parsed.ok()?;
        let (zeros, canonical) = if digits.is_empty() && !zeros.is_empty() {
            // Keep the last zero: the number is 0.
            zeros.split_at(zeros.len() - 1)
        } else {
            (zeros, digits)
        };
        Some(Number {
            leading_space,
            zeros,
            canonical,
            trailing_space,
        })
    }

    /// Records what was removed, for the token at byte `at` of the input.
    fn report(&self, field: Field, at: usize, out: &mut Vec<Normalization>) {
        let zeros_at = at + self.leading_space.len();
        let trailing_at = zeros_at + self.zeros.len() + self.canonical.len();
        if !self.leading_space.is_empty() {
            out.push(Normalization::Whitespace {
                field,
                span: at..zeros_at,
            });
        }
        if !self.zeros.is_empty() {
            out.push(Normalization::LeadingZeros {
                field,
                span: zeros_at..zeros_at + self.zeros.len(),
            });
        }
        if !self.trailing_space.is_empty() {
            out.push(Normalization::Whitespace {
                field,
                span: trailing_at..trailing_at + self.trailing_space.len(),
            });
        }
    }

    /// The value, if the canonical digits hold one no greater than `max`.
    fn value(&self, max: u32) -> Option<u32> {
        self.canonical.parse::<u32>().ok().filter(|&v| v <= max)
    }
}

fn check_number(
    field: Field,
    number: Option<&Number<'_>>,
    token: &str,
    at: usize,
) -> Result<(), ParseError> {
    let invalid = || ParseError::invalid_number(field, token, at);
    let Some(n) = number else {
        return Err(invalid());
    };
    let (max, optional) = match field {
        Field::ServiceId => (u32::MAX, false),
        Field::Rating => (99, true),
        _ => (u32::MAX, true),
    };
    if n.canonical.is_empty() {
        return if optional { Ok(()) } else { Err(invalid()) };
    }
    match n.value(max) {
        Some(0) if field == Field::ServiceId => {
            Err(token_error(ParseErrorKind::ZeroServiceId, field, token, at))
        }
        Some(0) if field == Field::TrackNumber => Err(invalid()),
        Some(_) => Ok(()),
        None => Err(invalid()),
    }
}

/// The strict checks of a text field at byte `at` of the input: the provider is not empty,
/// holds no `\`, and is at most 255 UTF-16 code units; no text field holds a control
/// character. The first offending character is reported before the length.
fn check_text(field: Field, text: &str, at: usize) -> Result<(), ParseError> {
    let provider = field == Field::Provider;
    if provider && text.is_empty() {
        return Err(ParseError::new(
            ParseErrorKind::InvalidProvider,
            Some(field),
            at..at,
            "",
            Detail::None,
        ));
    }
    for (i, c) in text.char_indices() {
        let kind = match c {
            '\\' if provider => ParseErrorKind::InvalidProvider,
            // `char::is_control` is exactly Unicode category Cc.
            c if c.is_control() => ParseErrorKind::ControlCharacter,
            _ => continue,
        };
        let at = at + i;
        return Err(ParseError::new(
            kind,
            Some(field),
            at..at + c.len_utf8(),
            "",
            Detail::Char(c),
        ));
    }
    if provider {
        let units = validate::utf16_len(text);
        if units > MAX_PROVIDER_LEN {
            return Err(ParseError::new(
                ParseErrorKind::InvalidProvider,
                Some(field),
                at..at + text.len(),
                text,
                Detail::ProviderUnits(units),
            ));
        }
    }
    Ok(())
}

fn token_error(kind: ParseErrorKind, field: Field, token: &str, at: usize) -> ParseError {
    ParseError::new(kind, Some(field), at..at + token.len(), token, Detail::None)
}

fn too_long(input: &str, detail: Detail) -> ParseError {
    ParseError::new(ParseErrorKind::TooLong, None, 0..input.len(), "", detail)
}

/// The `field_count` error for a body at byte `start` of the input, with a guess at which
/// text field holds the extra `:` (the same guess strict parsing makes).
fn field_count(body: &str, start: usize, fields: &Fields<'_>) -> ParseError {
    let (span, culprit) = match fields.tenth_separator {
        None => (body.len()..body.len(), Culprit::None),
        Some(at) => (at..body.len(), guess_culprit(fields)),
    };
    ParseError::new(
        ParseErrorKind::FieldCount,
        None,
        start + span.start..start + span.end,
        "",
        Detail::Fields {
            found: fields.found,
            culprit,
        },
    )
}

/// With too many fields: the extra separators are in the title when the fields after it
/// parse counted from the end and the track number counted from the start; before the
/// track number when everything from the track number on parses counted from the end.
fn guess_culprit(fields: &Fields<'_>) -> Culprit {
    let [track_from_end, _title, duration, rating] = fields.last;
    let track_from_start = fields.first[Field::TrackNumber.index()].1;
    crate::parse::culprit(track_from_start, track_from_end, duration, rating)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_split_into_their_parts() {
        let parts =
            |t| Number::parse(t).map(|n| (n.leading_space, n.zeros, n.canonical, n.trailing_space));
        assert_eq!(parts(""), Some(("", "", "", "")));
        assert_eq!(parts("7"), Some(("", "", "7", "")));
        assert_eq!(parts(" \t0070 "), Some((" \t", "00", "70", " ")));
        assert_eq!(parts("000"), Some(("", "00", "0", "")));
        assert_eq!(parts("0"), Some(("", "", "0", "")));
        assert_eq!(parts("  "), Some(("  ", "", "", "")));
        for bad in ["1 2", "+1", "-1", "1.0", "0x1", "١", "１", "1\n", "\u{A0}1"] {
            assert_eq!(parts(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn values_respect_the_maximum() {
        let value = |t, max| Number::parse(t).and_then(|n| n.value(max));
        assert_eq!(value("099", 99), Some(99));
        assert_eq!(value("0100", 99), None);
        assert_eq!(value("0004294967295", u32::MAX), Some(u32::MAX));
        assert_eq!(value("4294967296", u32::MAX), None);
        assert_eq!(value("99999999999999999999", u32::MAX), None);
        assert_eq!(value("", u32::MAX), None);
    }

    #[test]
    fn split_counts_every_field_and_keeps_the_last_four() {
        let f = split("::a:b:c:d:e:f:g:h:i:j:k:l").unwrap();
        assert_eq!(f.found, 12);
        assert_eq!(f.first[9], (20, "j"));
        assert_eq!(f.tenth_separator, Some(21));
        assert_eq!(f.last, ["i", "j", "k", "l"]);
        let f = split("::").unwrap();
        assert_eq!((f.found, f.first[0], f.tenth_separator), (1, (2, ""), None));
        assert!(split(":x").is_none());
    }
}
