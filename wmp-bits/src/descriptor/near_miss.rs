//! Which descriptions are the Player's: the strict descriptor, the near miss of one, and
//! the description of some other program — read by structure, with the small grammar of
//! what a careless writer puts around a descriptor.
//!
//! The grammar, one function a rule (a `nom` parser each; `nom` never leaves this crate):
//!
//! ```text
//! structure       = [byte-order-mark] white-space "::" blanks kind-any-case white-space
//!                   (":" / end)
//! byte-order-mark = %xFEFF
//! white-space     = *(SP / HTAB / CR / LF)
//! blanks          = *(SP / HTAB)
//! kind-any-case   = "WMP_JOB" / "WMP_STATUS"        ; in any ASCII case
//! padded-number   = blanks *"0" *DIGIT blanks         ; a number as people write it
//! line-ending     = CRLF / LF
//! ```
//!
//! [`lenient::parse`](super::lenient::parse) reads numbers, kinds, the mark and the line
//! ending with these rules; [`classify`] tells the Player's descriptions from the others
//! with them.

use core::fmt;

use nom::branch::alt;
use nom::bytes::complete::{tag, tag_no_case, take_while};
use nom::character::complete::{char, digit0, space0};
use nom::combinator::{all_consuming, eof, opt, value};
use nom::{IResult, Parser};

use super::{lenient, Descriptor, Kind, ParseError};

/// The characters that end a line.
pub(crate) const LINE_ENDINGS: [char; 2] = ['\r', '\n'];

/// `byte-order-mark`.
fn byte_order_mark(input: &str) -> IResult<&str, char> {
    char('\u{FEFF}').parse(input)
}

/// `white-space`: spaces, tabs and line endings.
fn white_space(input: &str) -> IResult<&str, &str> {
    take_while(|c| matches!(c, ' ' | '\t' | '\r' | '\n')).parse(input)
}

/// `blanks`: spaces and tabs.
fn blanks(input: &str) -> IResult<&str, &str> {
    space0.parse(input)
}

/// `kind-any-case`.
fn kind_any_case(input: &str) -> IResult<&str, Kind> {
    alt((
        value(Kind::Status, tag_no_case(Kind::Status.as_str())),
        value(Kind::Job, tag_no_case(Kind::Job.as_str())),
    ))
    .parse(input)
}

/// `structure`: what makes a description the Player's, whatever else is wrong with it.
fn structure(input: &str) -> IResult<&str, Kind> {
    let (rest, (_, _, _, _, kind, _, _)) = (
        opt(byte_order_mark),
        white_space,
        tag("::"),
        blanks,
        kind_any_case,
        white_space,
        alt((tag(":"), eof)),
    )
        .parse(input)?;
    Ok((rest, kind))
}

/// `line-ending`.
fn line_ending(input: &str) -> IResult<&str, &str> {
    alt((tag("\r\n"), tag("\n"))).parse(input)
}

/// A number as written: the blanks before it, leading zeros, the significant digits and
/// the blanks after it; every part a slice of the token.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Number<'a> {
    pub(crate) leading_space: &'a str,
    pub(crate) zeros: &'a str,
    /// The canonical digits: empty for an empty field, `0` for zeros only.
    pub(crate) canonical: &'a str,
    pub(crate) trailing_space: &'a str,
}

/// `padded-number`.
fn padded_number(input: &str) -> IResult<&str, Number<'_>> {
    let (rest, (leading_space, zeros, digits, trailing_space)) =
        (blanks, take_while(|c| c == '0'), digit0, blanks).parse(input)?;
    let (zeros, canonical) = if digits.is_empty() && !zeros.is_empty() {
        // Keep the last zero: the number is 0.
        zeros.split_at(zeros.len() - 1)
    } else {
        (zeros, digits)
    };
    let number = Number {
        leading_space,
        zeros,
        canonical,
        trailing_space,
    };
    Ok((rest, number))
}

/// `token` as a whole, read as a padded number: `None` unless it is, apart from blanks
/// around it, ASCII digits or nothing.
pub(crate) fn number(token: &str) -> Option<Number<'_>> {
    all_consuming(padded_number)
        .parse(token)
        .ok()
        .map(|(_, n)| n)
}

/// `token` as a whole, read as a kind in any ASCII case.
pub(crate) fn kind(token: &str) -> Option<Kind> {
    all_consuming(kind_any_case)
        .parse(token)
        .ok()
        .map(|(_, k)| k)
}

/// What follows a byte order mark at the start of `s`, if it starts with one.
pub(crate) fn after_byte_order_mark(s: &str) -> Option<&str> {
    byte_order_mark(s).ok().map(|(rest, _)| rest)
}

/// What follows the white space at the start of `s`.
pub(crate) fn after_whitespace(s: &str) -> &str {
    white_space(s).map_or(s, |(rest, _)| rest)
}

/// The length of the one line ending (`\r\n` or `\n`) that `s` ends with, or 0.
pub(crate) fn line_ending_len(s: &str) -> usize {
    // The last two bytes, or the last one: a line ending is ASCII.
    let tail = |n: usize| s.len().checked_sub(n).and_then(|at| s.get(at..));
    [2, 1]
        .into_iter()
        .filter_map(tail)
        .find(|t| all_consuming(line_ending).parse(t).is_ok())
        .map_or(0, str::len)
}

/// What a description is to the Player; from [`classify`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Reading {
    /// A strict descriptor: the Player reads it.
    Strict(Descriptor),
    /// Meant for the Player, by its structure, but not a strict descriptor: the Player
    /// ignores it as written.
    NearMiss(NearMiss),
    /// Another program's description.
    Other,
}

impl Reading {
    /// Whether the description is meant for the Player (strict or a near miss).
    ///
    /// ```
    /// use wmp_bits::lenient;
    /// assert!(lenient::classify("::wmp_job:1:7:Contoso::::::").is_players());
    /// assert!(!lenient::classify("nightly copy of wmp_jobs.csv").is_players());
    /// ```
    #[must_use]
    pub fn is_players(&self) -> bool {
        !matches!(self, Reading::Other)
    }

    /// The kind the description was written for: the strict descriptor's, or the near
    /// miss's kind token read in any case.
    ///
    /// ```
    /// use wmp_bits::{lenient, Kind};
    /// assert_eq!(lenient::classify("::wmp_status:1:0:Contoso::::::").kind(), Some(Kind::Status));
    /// assert_eq!(lenient::classify("backup").kind(), None);
    /// ```
    #[must_use]
    pub fn kind(&self) -> Option<Kind> {
        match self {
            Reading::Strict(d) => Some(d.kind()),
            Reading::NearMiss(near) => Some(near.kind),
            Reading::Other => None,
        }
    }
}

/// A description meant for the Player that the Player ignores as written: the strict
/// parser's error, and — when it reads as a descriptor once normalised (the kind in another
/// case, a byte order mark, white space or a line ending around it, numbers padded with
/// zeros or spaces) — the exact text the Player needs.
///
/// Its [`Display`](fmt::Display) is what a tool tells the store: for a near miss with an
/// exact text, what is wrong and that text, as it is (not quoted: a descriptor holds no
/// control character, so it runs to the end of the line, ready to copy); otherwise the
/// strict parser's whole message.
///
/// ```
/// use wmp_bits::lenient::{self, Reading};
///
/// let Reading::NearMiss(near) = lenient::classify(" ::WMP_JOB:1:42:Proseware::::Intro::\r\n") else {
///     panic!("a near miss");
/// };
/// assert_eq!(near.error().code(), "missing_prefix");
/// assert_eq!(near.exact().unwrap().as_str(), "::WMP_JOB:1:42:Proseware::::Intro::");
/// assert!(near
///     .to_string()
///     .ends_with("; a near miss: the Player needs exactly this description: ::WMP_JOB:1:42:Proseware::::Intro::"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NearMiss {
    error: ParseError,
    exact: Option<Descriptor>,
    kind: Kind,
}

impl NearMiss {
    /// Why the strict parser refuses the description as written.
    ///
    /// ```
    /// use wmp_bits::lenient::{self, Reading};
    /// let Reading::NearMiss(near) = lenient::classify("::WMP_JOB:1:0:Contoso::::::") else { panic!() };
    /// assert_eq!(near.error().code(), "zero_service_id");
    /// ```
    #[must_use]
    pub fn error(&self) -> &ParseError {
        &self.error
    }

    /// The descriptor the Player needs, when normalising the description gives one:
    /// its [`as_str`](Descriptor::as_str) is the exact text to write instead.
    ///
    /// ```
    /// use wmp_bits::lenient::{self, Reading};
    /// let Reading::NearMiss(near) = lenient::classify("::Wmp_Job:1:042:Contoso::::::") else { panic!() };
    /// assert_eq!(near.exact().map(|d| d.as_str()), Some("::WMP_JOB:1:42:Contoso::::::"));
    /// let Reading::NearMiss(near) = lenient::classify("::WMP_JOB:1:0:Contoso::::::") else { panic!() };
    /// assert_eq!(near.exact(), None); // a zero service id has no normal form
    /// ```
    #[must_use]
    pub fn exact(&self) -> Option<&Descriptor> {
        self.exact.as_ref()
    }

    /// The kind the description was written for.
    ///
    /// ```
    /// use wmp_bits::{lenient::{self, Reading}, Kind};
    /// let Reading::NearMiss(near) = lenient::classify("::wmp_status:2:1:C::::::") else { panic!() };
    /// assert_eq!(near.kind(), Kind::Status);
    /// ```
    #[must_use]
    pub fn kind(&self) -> Kind {
        self.kind
    }
}

impl fmt::Display for NearMiss {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.exact {
            Some(exact) => write!(
                f,
                "{}; a near miss: the Player needs exactly this description: {exact}",
                self.error.without_advice()
            ),
            None => write!(f, "{}", self.error),
        }
    }
}

/// What `description` is to the Player: a [strict descriptor](Reading::Strict), a
/// [near miss](Reading::NearMiss) of one, or [another program's](Reading::Other).
///
/// A description is the Player's when the strict parser accepts it; when, after an optional
/// byte order mark and white space, it starts with `::` and the kind token in any case
/// (followed by `:` or nothing); or when [`lenient::parse`] reads it, with or without the
/// white space around it. A description that merely mentions the words — `nightly copy of
/// wmp_jobs.csv` — is another program's.
///
/// ```
/// use wmp_bits::lenient::{self, Reading};
///
/// assert!(matches!(lenient::classify("::WMP_JOB:1:7:Contoso::::::"), Reading::Strict(_)));
/// assert!(matches!(lenient::classify("::WMP_JOB:1:7:Contoso::::::\n"), Reading::NearMiss(_)));
/// assert!(matches!(lenient::classify("\u{FEFF}::wmp_job"), Reading::NearMiss(_)));
/// assert!(matches!(lenient::classify("copy wmp_job.log"), Reading::Other));
/// assert!(matches!(lenient::classify("::WMP_JOBS:1"), Reading::Other));
/// ```
#[must_use]
pub fn classify(description: &str) -> Reading {
    let error = match description.parse::<Descriptor>() {
        Ok(d) => return Reading::Strict(d),
        Err(e) => e,
    };
    let exact = lenient::parse(description)
        .ok()
        .or_else(|| edges_removed(description).and_then(|body| lenient::parse(body).ok()))
        .map(lenient::Lenient::into_descriptor);
    let kind = exact
        .as_ref()
        .map(Descriptor::kind)
        .or_else(|| structure(description).ok().map(|(_, kind)| kind));
    match kind {
        Some(kind) => Reading::NearMiss(NearMiss { error, exact, kind }),
        None => Reading::Other,
    }
}

/// `description` without its one optional byte order mark and the white space around it;
/// `None` when a byte order mark is still left at the start (the structure allows one).
fn edges_removed(description: &str) -> Option<&str> {
    let s = after_byte_order_mark(description).unwrap_or(description);
    let body = after_whitespace(s).trim_end_matches([' ', '\t', '\r', '\n']);
    after_byte_order_mark(body).is_none().then_some(body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_split_into_their_parts() {
        let parts =
            |t| number(t).map(|n| (n.leading_space, n.zeros, n.canonical, n.trailing_space));
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
    fn kinds_are_read_in_any_ascii_case_and_nothing_else() {
        assert_eq!(kind("WMP_JOB"), Some(Kind::Job));
        assert_eq!(kind("wmp_Status"), Some(Kind::Status));
        for bad in [
            "",
            "WMP_JOBS",
            "WMP_JOB ",
            "WMP-JOB",
            "wmp_ｊob",
            "WMP_STAT",
        ] {
            assert_eq!(kind(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn the_structure_needs_the_prefix_and_a_whole_kind_token() {
        let players = |s: &str| structure(s).ok().map(|(_, k)| k);
        assert_eq!(players("::WMP_JOB"), Some(Kind::Job));
        assert_eq!(players("\u{FEFF} \r\n::wmp_status :x"), Some(Kind::Status));
        assert_eq!(players("::\tWmp_Job\t:"), Some(Kind::Job));
        for other in [
            "",
            "::",
            "WMP_JOB:1",
            "::WMP_JOBS:1",
            "::WMP_JOB.csv",
            ":: WMP_JOB_2:",
            "x::WMP_JOB:",
            "nightly copy of wmp_jobs.csv",
            "\u{A0}::WMP_JOB:",
        ] {
            assert_eq!(players(other), None, "{other:?}");
        }
    }

    #[test]
    fn one_byte_order_mark_is_an_edge_and_a_second_is_not() {
        let valid = "::WMP_JOB:1:7:Contoso::::::";
        assert!(matches!(
            classify(&format!("\u{FEFF} {valid}\n")),
            Reading::NearMiss(_)
        ));
        for other in [
            format!("\u{FEFF}\u{FEFF}{valid}"),
            format!("\u{FEFF} \u{FEFF}{valid}"),
            format!(" \u{FEFF}{valid}"),
        ] {
            assert_eq!(classify(&other), Reading::Other, "{other:?}");
        }
    }

    #[test]
    fn line_endings_are_found_at_the_very_end_only() {
        assert_eq!(line_ending_len("a\r\n"), 2);
        assert_eq!(line_ending_len("a\n"), 1);
        assert_eq!(line_ending_len("\n"), 1);
        assert_eq!(line_ending_len("a\r"), 0);
        assert_eq!(line_ending_len("a\n "), 0);
        assert_eq!(line_ending_len("é"), 0);
        assert_eq!(line_ending_len(""), 0);
    }
}
