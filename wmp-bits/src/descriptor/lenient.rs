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
//! # How it works
//!
//! Lenient parsing only normalises; the strict parser decides. The input is rewritten into
//! its canonical text (the mark and the line ending dropped, the kind in capitals, the
//! numbers without padding), which is handed to the strict parser; an error is mapped back
//! onto the input, so that its span and the text it quotes are the input's. So the error
//! is always the one strict parsing gives for the canonical text, in the same order:
//! `too_long` (of the canonical text, the one that would go to BITS; its span is the whole
//! input), `missing_prefix`, `unknown_kind`, `unsupported_version`, `field_count`, then the
//! fields from left to right. For an input with nothing to normalise, it is exactly the
//! strict parser's error.
//!
//! Lenient parsing reads input of any size: it makes the canonical text (one allocation of
//! at most the input's length) before the strict parser refuses anything too long, since
//! padding may make a long input short.
//!
//! The numbers are normalised only when the input has the ten fields of a descriptor, so
//! that which token is a number is known; the kind and the version, which come first, are
//! normalised whatever follows them.
//!
//! A padded number, a kind in any case, the byte order mark and the line ending are read by
//! the rules of the small grammar [`classify`] is written in: each recognises a whole token
//! and yields its canonical form and the parts it dropped, or fails, and a token that fails
//! is left as written, for the strict parser to refuse with the field's own error.
//!
//! # Whose description it is
//!
//! [`classify`] tells the Player's descriptions from other programs' by their structure, and
//! for a near miss gives the exact text the Player needs ([`NearMiss`]); the doctor and the
//! `bits` module read the queue with it.

use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;
use core::ops::Range;

use super::near_miss::{self, Number};
use super::rules;
use super::{Descriptor, Field, Kind, ParseError, ParseErrorKind};

pub use super::near_miss::{classify, NearMiss, Reading};

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
    let rest = near_miss::after_byte_order_mark(input).unwrap_or(input);
    let start = input.len() - rest.len();
    if start > 0 {
        normalizations.push(Normalization::ByteOrderMark { span: 0..start });
    }
    let end = start + rest.len() - near_miss::line_ending_len(rest);
    let body = &input[start..end];
    let canonical = canonical(body, start, &mut normalizations);
    let parsed =
        super::parse::parse(&canonical).map_err(|e| relocate(e, &canonical, body, start, input))?;
    let descriptor = Descriptor::from_parts(canonical, parsed);
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

/// The canonical text of `body` (at byte `at` of the input), appending what was
/// normalised to `out` in input order. Normalising never adds or removes a `:`, so the
/// `:`-separated tokens of the result are those of `body`, one for one.
fn canonical(body: &str, at: usize, out: &mut Vec<Normalization>) -> String {
    let Some(fields) = body.strip_prefix(rules::PREFIX) else {
        return String::from(body);
    };
    let numbers = fields.split(':').count() == rules::FIELDS;
    let mut text = String::with_capacity(body.len());
    text.push_str(rules::PREFIX);
    let mut token_at = at + rules::PREFIX.len();
    for (i, token) in fields.split(':').enumerate() {
        if i > 0 {
            text.push(':');
        }
        let field = Field::ALL.get(i).copied();
        let canonical =
            match field {
                Some(Field::Kind) => near_miss::kind(token).map(|kind| {
                    if kind.as_str() != token {
                        out.push(Normalization::KindCase {
                            kind,
                            span: token_at..token_at + token.len(),
                        });
                    }
                    kind.as_str()
                }),
                Some(Field::Version) => near_miss::number(token)
                    .filter(|n| n.canonical == rules::VERSION)
                    .map(|n| report(&n, Field::Version, token_at, out)),
                Some(
                    f @ (Field::ServiceId | Field::TrackNumber | Field::Duration | Field::Rating),
                ) if numbers => near_miss::number(token).map(|n| report(&n, f, token_at, out)),
                _ => None,
            };
        text.push_str(canonical.unwrap_or(token));
        token_at += token.len() + 1;
    }
    text
}

/// `e`, an error of the strict parser in `canonical` (the canonical text of `body`, which
/// is at byte `start` of `input`), with its span moved onto `input`.
#[cold]
fn relocate(e: ParseError, canonical: &str, body: &str, start: usize, input: &str) -> ParseError {
    if e.kind() == ParseErrorKind::TooLong {
        return e.relocated(0..input.len(), input);
    }
    let rewritten = |(c, b): &(Range<usize>, Range<usize>)| canonical[c.clone()] != body[b.clone()];
    // An error about a field whose token was rewritten quotes the token as written, whole.
    // (The tokens of `::` and the fields are "", "" and then the fields in order.)
    let token = |field: Field| tokens(canonical).zip(tokens(body)).nth(field.index() + 2);
    if let Some((_, b)) = e.field().and_then(token).filter(rewritten) {
        return e.relocated(start + b.start..start + b.end, input);
    }
    // Elsewhere, a position in `canonical` is in the last token that starts at or before it
    // (a separator counts as the end of the token before it): in a token left as written it
    // maps one for one, and at the edge of a rewritten one to the same edge.
    let map = |p: usize| {
        let pair = tokens(canonical)
            .zip(tokens(body))
            .take_while(|(c, _)| c.start <= p)
            .fold((0..0, 0..0), |_, pair| pair);
        let (c, b) = &pair;
        if !rewritten(&pair) {
            b.start + (p - c.start)
        } else if p == c.start {
            b.start
        } else {
            b.end
        }
    };
    let span = e.span();
    e.relocated(start + map(span.start)..start + map(span.end), input)
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

/// Records what was removed from `n`, the number token at byte `at` of the input, and
/// gives its canonical digits.
fn report<'a>(n: &Number<'a>, field: Field, at: usize, out: &mut Vec<Normalization>) -> &'a str {
    let zeros_at = at + n.leading_space.len();
    let trailing_at = zeros_at + n.zeros.len() + n.canonical.len();
    if !n.leading_space.is_empty() {
        out.push(Normalization::Whitespace {
            field,
            span: at..zeros_at,
        });
    }
    if !n.zeros.is_empty() {
        out.push(Normalization::LeadingZeros {
            field,
            span: zeros_at..zeros_at + n.zeros.len(),
        });
    }
    if !n.trailing_space.is_empty() {
        out.push(Normalization::Whitespace {
            field,
            span: trailing_at..trailing_at + n.trailing_space.len(),
        });
    }
    n.canonical
}

/// The `:`-separated tokens of `s`, as byte ranges.
fn tokens(s: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    s.split(':').scan(0, |at, t| {
        let range = *at..*at + t.len();
        *at = range.end + 1;
        Some(range)
    })
}
