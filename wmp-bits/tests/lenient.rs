//! Lenient parsing: what it normalises (exactly, with spans), what it still refuses, and
//! the laws that tie it to strict parsing.

mod common;
mod model;

use std::ops::Range;

use common::{field_text, parts_of, size, sized, valid_provider, Parts};
use model::quoted;
use proptest::prelude::*;
use wmp_bits::lenient::{self, Normalization};
use wmp_bits::{Descriptor, Field, Kind, ParseError, Rating};

fn codes(input: &str) -> Vec<&'static str> {
    lenient::parse(input)
        .unwrap()
        .normalizations()
        .iter()
        .map(Normalization::code)
        .collect()
}

fn lenient_err(input: &str) -> ParseError {
    lenient::parse(input).unwrap_err()
}

// ---------------------------------------------------------------------------------------
// Each normalisation, exactly.

#[test]
fn strictly_valid_input_is_returned_unchanged() {
    for s in [
        "::WMP_JOB:1:1:Contoso::::::",
        "::WMP_STATUS:1:4294967295:Fabrikam:Björk:Homogenic:2:Jóga 🎷:305:0",
        "::WMP_JOB:1:7:P: padded : text ::  :0:99",
    ] {
        let read = lenient::parse(s).unwrap();
        assert!(read.is_canonical(), "{s}");
        assert_eq!(read.descriptor().as_str(), s);
        assert_eq!(*read.descriptor(), s.parse::<Descriptor>().unwrap());
    }
}

#[test]
fn byte_order_mark() {
    let read = lenient::parse("\u{FEFF}::WMP_JOB:1:1:Contoso::::::").unwrap();
    assert_eq!(read.descriptor().as_str(), "::WMP_JOB:1:1:Contoso::::::");
    assert_eq!(
        read.normalizations(),
        [Normalization::ByteOrderMark { span: 0..3 }]
    );
    assert_eq!(
        read.normalizations()[0].to_string(),
        "removed a byte order mark (U+FEFF) at bytes 0..3"
    );
    assert_eq!(read.normalizations()[0].field(), None);
}

#[test]
fn trailing_newline_lf_and_crlf() {
    for (input, span) in [
        ("::WMP_JOB:1:1:Contoso::::::50\n", 29..30),
        ("::WMP_JOB:1:1:Contoso::::::50\r\n", 29..31),
        ("::WMP_JOB:1:1:Contoso::::::\n", 27..28),
    ] {
        let read = lenient::parse(input).unwrap();
        assert_eq!(read.descriptor().as_str(), input.trim_end());
        assert_eq!(
            read.normalizations(),
            [Normalization::TrailingNewline { span: span.clone() }]
        );
        assert_eq!(
            read.normalizations()[0].to_string(),
            format!(
                "removed a trailing line ending at bytes {}..{}",
                span.start, span.end
            )
        );
    }
}

#[test]
fn kind_in_another_case() {
    for (input, kind, canonical) in [
        ("::wmp_job:1:1:C::::::", Kind::Job, "::WMP_JOB:1:1:C::::::"),
        (
            "::Wmp_Status:1:1:C::::::",
            Kind::Status,
            "::WMP_STATUS:1:1:C::::::",
        ),
        ("::WMP_JOb:1:1:C::::::", Kind::Job, "::WMP_JOB:1:1:C::::::"),
    ] {
        let read = lenient::parse(input).unwrap();
        assert_eq!(read.descriptor().as_str(), canonical);
        assert_eq!(read.descriptor().kind(), kind);
        let span = 2..2 + kind.as_str().len();
        assert_eq!(
            read.normalizations(),
            [Normalization::KindCase {
                kind,
                span: span.clone()
            }]
        );
        assert_eq!(read.normalizations()[0].field(), Some(Field::Kind));
        assert_eq!(
            read.normalizations()[0].to_string(),
            format!(
                "read the kind at bytes {}..{} as {kind} (the token is case-sensitive)",
                span.start, span.end
            )
        );
    }
}

#[test]
fn leading_zeros_in_every_number() {
    let input = "::WMP_JOB:01:0042:Contoso:A:B:003:T:00218:050";
    let read = lenient::parse(input).unwrap();
    assert_eq!(
        read.descriptor().as_str(),
        "::WMP_JOB:1:42:Contoso:A:B:3:T:218:50"
    );
    let zeros = |field, start: usize, len: usize| Normalization::LeadingZeros {
        field,
        span: start..start + len,
    };
    assert_eq!(
        read.normalizations(),
        [
            zeros(Field::Version, 10, 1),
            zeros(Field::ServiceId, 13, 2),
            zeros(Field::TrackNumber, 30, 2),
            zeros(Field::Duration, 36, 2),
            zeros(Field::Rating, 42, 1),
        ]
    );
    for n in read.normalizations() {
        assert!(input[n.span()].bytes().all(|b| b == b'0'), "{n}");
    }
    assert_eq!(
        read.normalizations()[1].to_string(),
        "removed 2 leading zeros from the service id at bytes 13..15"
    );
    assert_eq!(
        read.normalizations()[4].to_string(),
        "removed 1 leading zero from the rating at bytes 42..43"
    );
}

#[test]
fn zeros_only_keep_one_zero() {
    let read = lenient::parse("::WMP_JOB:1:5:Contoso:::::000:00").unwrap();
    assert_eq!(read.descriptor().as_str(), "::WMP_JOB:1:5:Contoso:::::0:0");
    assert_eq!(read.descriptor().duration_secs(), Some(0));
    assert_eq!(read.descriptor().rating().map(Rating::get), Some(0));
    assert_eq!(
        read.normalizations(),
        [
            Normalization::LeadingZeros {
                field: Field::Duration,
                span: 26..28
            },
            Normalization::LeadingZeros {
                field: Field::Rating,
                span: 30..31
            },
        ]
    );
}

#[test]
fn whitespace_around_numbers() {
    let input = "::WMP_JOB: 1\t: 42 :Contoso:A:B:\t3:T:218 : 50 ";
    let read = lenient::parse(input).unwrap();
    assert_eq!(
        read.descriptor().as_str(),
        "::WMP_JOB:1:42:Contoso:A:B:3:T:218:50"
    );
    let ws = |field, span| Normalization::Whitespace { field, span };
    assert_eq!(
        read.normalizations(),
        [
            ws(Field::Version, 10..11),
            ws(Field::Version, 12..13),
            ws(Field::ServiceId, 14..15),
            ws(Field::ServiceId, 17..18),
            ws(Field::TrackNumber, 31..32),
            ws(Field::Duration, 39..40),
            ws(Field::Rating, 41..42),
            ws(Field::Rating, 44..45),
        ]
    );
    for n in read.normalizations() {
        assert!(
            input[n.span()].bytes().all(|b| b == b' ' || b == b'\t'),
            "{n}"
        );
    }
    assert_eq!(
        read.normalizations()[7].to_string(),
        "removed whitespace around the rating at bytes 44..45"
    );
}

#[test]
fn whitespace_only_optional_numbers_are_empty() {
    let read = lenient::parse("::WMP_JOB:1:5:Contoso::: ::\t\t:  ").unwrap();
    assert_eq!(read.descriptor().as_str(), "::WMP_JOB:1:5:Contoso::::::");
    assert_eq!(read.descriptor().track_number(), None);
    assert_eq!(
        read.normalizations(),
        [
            Normalization::Whitespace {
                field: Field::TrackNumber,
                span: 24..25
            },
            Normalization::Whitespace {
                field: Field::Duration,
                span: 27..29
            },
            Normalization::Whitespace {
                field: Field::Rating,
                span: 30..32
            },
        ]
    );
}

#[test]
fn everything_at_once_in_input_order() {
    let input = "\u{FEFF}::wmp_status: 01 :0042:Fabrikam:Björk:Homogenic:02:Jóga:305: 75\r\n";
    let read = lenient::parse(input).unwrap();
    assert_eq!(
        read.descriptor().as_str(),
        "::WMP_STATUS:1:42:Fabrikam:Björk:Homogenic:2:Jóga:305:75"
    );
    assert_eq!(
        codes(input),
        [
            "byte_order_mark",
            "kind_case",
            "whitespace",
            "leading_zeros",
            "whitespace",
            "leading_zeros",
            "leading_zeros",
            "whitespace",
            "trailing_newline",
        ]
    );
    let starts: Vec<usize> = read
        .normalizations()
        .iter()
        .map(|n| n.span().start)
        .collect();
    assert!(starts.windows(2).all(|w| w[0] < w[1]), "{starts:?}");
    let (descriptor, normalizations) = read.clone().into_parts();
    assert_eq!(descriptor, *read.descriptor());
    assert_eq!(normalizations, read.normalizations());
}

#[test]
fn text_fields_are_never_touched() {
    let input = "::WMP_JOB:1:5: Contoso :  0 : 007 ::\u{FEFF}T\u{A0}:: ";
    let read = lenient::parse(input).unwrap();
    assert_eq!(read.descriptor().provider(), " Contoso ");
    assert_eq!(read.descriptor().album_artist(), "  0 ");
    assert_eq!(read.descriptor().album_title(), " 007 ");
    assert_eq!(read.descriptor().title(), "\u{FEFF}T\u{A0}");
    assert_eq!(codes(input), ["whitespace"]);
}

#[test]
fn input_longer_than_bits_allows_is_accepted_when_the_canonical_text_fits() {
    let title = "x".repeat(990);
    let canonical = format!("::WMP_JOB:1:1:Contoso:::1:{title}:1:");
    assert!(canonical.len() <= 1024);
    let padded = format!("::WMP_JOB:1:1:Contoso:::{}1:{title}:1:", "0".repeat(40));
    assert!(padded.len() > 1024);
    assert_eq!(
        lenient::parse(&padded).unwrap().descriptor().as_str(),
        canonical
    );
}

// ---------------------------------------------------------------------------------------
// What stays refused, with spans in the original input.

#[test]
fn a_separator_inside_a_field_is_still_a_field_count_error() {
    let err = lenient_err(
        "\u{FEFF}::WMP_JOB:1:1:Contoso:AC:DC:Back in Black: 06 :Back in Black:255:075\n",
    );
    assert_eq!(err.code(), "field_count");
    assert_eq!(err.span(), 67..71);
    assert_eq!(
        err.to_string(),
        "too many fields at bytes 67..71: found 11 ':'-separated fields after \"::\", \
         expected 10; a text field probably contains ':', which the format cannot escape \
         (sanitising writes it as U+FF1A '：' in the album artist, album title and title; a \
         provider must be a key name without ':')"
    );
    let err = lenient_err("::WMP_JOB:1:1:Contoso:A:B:1:Live: Tokyo: 60 :50");
    assert_eq!(err.code(), "field_count");
    // The duration is read strictly for the guess, as strict parsing reads it.
    assert!(err.to_string().ends_with(
        "; a text field probably contains ':', which the format cannot escape \
         (sanitising writes it as U+FF1A '：' in the album artist, album title and title; a \
         provider must be a key name without ':')"
    ));
    let err = lenient_err("\u{FEFF}::WMP_JOB:1:1:Contoso\r\n");
    assert_eq!(err.span(), 24..24);
    assert_eq!(
        err.to_string(),
        "too few fields at bytes 24..24: found 4 ':'-separated fields after \"::\", expected 10"
    );
}

#[test]
fn numbers_out_of_range_stay_invalid() {
    let cases = [
        ("::WMP_JOB:1:1:C::::::100", "invalid_rating", "100"),
        ("::WMP_JOB:1:1:C::::::0100", "invalid_rating", "0100"),
        ("::WMP_JOB:1:1:C:::::: 100 ", "invalid_rating", " 100 "),
        ("::WMP_JOB:1:000:C::::::", "zero_service_id", "000"),
        ("::WMP_JOB:1: 0 :C::::::", "zero_service_id", " 0 "),
        ("::WMP_JOB:1:  :C::::::", "invalid_service_id", "  "),
        (
            "::WMP_JOB:1:04294967296:C::::::",
            "invalid_service_id",
            "04294967296",
        ),
        ("::WMP_JOB:1:1:C:::00:::", "invalid_track_number", "00"),
        (
            "::WMP_JOB:1:1:C:::::4294967296:",
            "invalid_duration",
            "4294967296",
        ),
    ];
    for (input, code, token) in cases {
        let err = lenient_err(input);
        assert_eq!(err.code(), code, "{input}");
        assert_eq!(&input[err.span()], token, "{input}");
    }
    assert_eq!(
        lenient_err("::WMP_JOB:1: 000 :C::::::").to_string(),
        "zero service id at bytes 12..17: expected a nonzero decimal 1..=4294967295"
    );
}

#[test]
fn numbers_that_are_not_plain_digits_stay_invalid() {
    for token in [
        "+5",
        "-5",
        "5.0",
        "5 5",
        "0x5",
        "５",
        "٥",
        "\u{A0}5",
        "5\r",
        "5\u{FEFF}",
    ] {
        let input = format!("::WMP_JOB:1:1:C:::::{token}:");
        let err = lenient_err(&input);
        assert_eq!(err.code(), "invalid_duration", "{token:?}");
        assert_eq!(&input[err.span()], token);
    }
}

#[test]
fn control_characters_in_text_stay_errors_with_spans_in_the_input() {
    let input = "\u{FEFF}::WMP_JOB:01:1:Contoso:A\tB::::: 5\n";
    let err = lenient_err(input);
    assert_eq!(err.code(), "control_character");
    assert_eq!(err.field(), Some(Field::AlbumArtist));
    assert_eq!(err.span(), 27..28);
    assert_eq!(
        err.to_string(),
        "control character U+0009 in album artist at bytes 27..28: expected no control \
         characters (U+0000..U+001F, U+007F..U+009F)"
    );
    let err = lenient_err("::WMP_JOB:1:1:Con\\toso::::::");
    assert_eq!((err.code(), err.span()), ("invalid_provider", 17..18));
    assert_eq!(
        lenient_err("::WMP_JOB:1:1:::::::").code(),
        "invalid_provider"
    );
}

#[test]
fn kind_and_version_stay_strict_beyond_case_and_padding() {
    for (input, code, span) in [
        ("::WMP_JOBS:1:1:C::::::", "unknown_kind", 2..10),
        ("::WMP-JOB:1:1:C::::::", "unknown_kind", 2..9),
        ("::ｗmp_job:1:1:C::::::", "unknown_kind", 2..11),
        ("::", "unknown_kind", 2..2),
        ("::wmp_job:2:1:C::::::", "unsupported_version", 10..11),
        ("::WMP_JOB:1.0:1:C::::::", "unsupported_version", 10..13),
        ("::WMP_JOB::1:C::::::", "unsupported_version", 10..10),
        ("::WMP_JOB:00:1:C::::::", "unsupported_version", 10..12),
        ("::WMP_JOB", "field_count", 9..9),
        (" ::WMP_JOB:1:1:C::::::", "missing_prefix", 0..2),
        (
            "\u{FEFF}\u{FEFF}::WMP_JOB:1:1:C::::::",
            "missing_prefix",
            3..7,
        ),
        ("\n", "missing_prefix", 0..0),
    ] {
        let err = lenient_err(input);
        assert_eq!((err.code(), err.span()), (code, span), "{input:?}");
    }
}

#[test]
fn only_one_trailing_line_ending() {
    assert_eq!(
        lenient_err("::WMP_JOB:1:1:C::::::5\n\n").code(),
        "invalid_rating"
    );
    assert_eq!(
        lenient_err("::WMP_JOB:1:1:C::::::5\r").code(),
        "invalid_rating"
    );
    assert_eq!(
        lenient_err("::WMP_JOB:1:1:C::::::5\n\r\n").code(),
        "invalid_rating"
    );
    assert_eq!(
        lenient_err("::WMP_JOB:1:1:C::::T\n::5").code(),
        "control_character"
    );
}

#[test]
fn too_long_concerns_the_canonical_text() {
    let title = "x".repeat(1000);
    let input = format!("::WMP_JOB:1:1:Contoso:::01:{title}:1:\n");
    let err = lenient_err(&input);
    assert_eq!(err.code(), "too_long");
    assert_eq!(err.span(), 0..input.len());
    assert_eq!(
        err.to_string(),
        format!(
            "description too long at bytes 0..{}: 1029 UTF-16 code units, expected at most 1024 \
             UTF-16 code units; shorten it by 5 UTF-16 code units: the longest field is the title \
             (1000 UTF-16 code units)",
            input.len()
        )
    );
    // Checked first, as strict parsing checks it: before the fields…
    let input = format!("::WMP_JOB:1:0:Contoso::::{title}:1:");
    assert_eq!(lenient_err(&input).code(), "too_long");
    // …and before the structure.
    let input = format!("::WMP_JOB:1:0:Contoso::{title}:1:");
    assert_eq!(lenient_err(&input).code(), "too_long");
    assert_eq!(input.parse::<Descriptor>().unwrap_err().code(), "too_long");
    let huge = format!("::WMP_JOB:1:1:Contoso::::{}::", "é".repeat(2000));
    let message = lenient_err(&huge).to_string();
    assert!(
        message.contains(&format!(": {} bytes of UTF-8 ", huge.len())),
        "{message}"
    );
}

// ---------------------------------------------------------------------------------------
// Properties. The generator writes descriptors by hand from the grammar, then dresses them
// in the variations that lenient parsing undoes, remembering where each one is.

/// Parts within every limit, with short text and a provider up to its 255 units: room
/// for a breakage to lengthen them and still be refused for itself.
fn short_parts() -> impl Strategy<Value = Parts> {
    parts_of(valid_provider(), field_text(30))
}

/// Parts within every limit, and sometimes with a title that makes the canonical text
/// 1,021 to 1,024 UTF-16 code units long, so that dressing it takes the input past the
/// limit that the canonical text keeps to.
fn parts() -> impl Strategy<Value = Parts> {
    (short_parts(), size(1021..=1024)).prop_map(|(p, s)| sized(p, &s))
}

/// Padding for one number: whitespace before, zeros, whitespace after.
#[derive(Debug, Clone)]
struct Pad {
    before: String,
    zeros: usize,
    after: String,
}

fn pad() -> impl Strategy<Value = Pad> {
    let ws = || proptest::collection::vec(prop_oneof![Just(' '), Just('\t')], 0..3);
    (ws(), prop_oneof![3 => Just(0usize), 1 => 1..4usize], ws()).prop_map(
        |(before, zeros, after)| Pad {
            before: before.into_iter().collect(),
            zeros,
            after: after.into_iter().collect(),
        },
    )
}

#[derive(Debug, Clone)]
struct Dress {
    bom: bool,
    /// Which characters of the kind to write in lowercase.
    lower: Vec<bool>,
    /// Padding of the version, service id, track number, duration and rating.
    pads: [Pad; 5],
    newline: &'static str,
}

fn dress() -> impl Strategy<Value = Dress> {
    (
        any::<bool>(),
        prop_oneof![
            2 => Just(vec![]),
            1 => proptest::collection::vec(any::<bool>(), 10),
        ],
        [pad(), pad(), pad(), pad(), pad()],
        prop_oneof![Just(""), Just("\n"), Just("\r\n")],
    )
        .prop_map(|(bom, lower, pads, newline)| Dress {
            bom,
            lower,
            pads,
            newline,
        })
}

/// The dressed input, and the normalisations that undress it, computed from the dress.
fn dressed(p: &Parts, d: &Dress) -> (String, Vec<Normalization>) {
    let layout = lay_out(&p.fields(), d);
    (layout.input, layout.normalizations)
}

/// A dressed input, with where each of its pieces is.
struct Layout {
    input: String,
    /// The byte range of each field's token in the input, its padding included.
    tokens: Vec<Range<usize>>,
    /// Where the first field starts (after the mark and the `::`).
    fields_start: usize,
    /// Where the last field ends (before the line ending).
    fields_end: usize,
    /// The normalisations that undress the input, in input order.
    normalizations: Vec<Normalization>,
}

/// `fields` (the first fields of a descriptor, in order, as text) dressed by `d`: the mark,
/// the kind's case, the padding of the numbers and the line ending.
fn lay_out(fields: &[String], d: &Dress) -> Layout {
    let mut out = String::new();
    let mut expected = Vec::new();
    let mut tokens = Vec::new();
    if d.bom {
        out.push('\u{FEFF}');
        expected.push(Normalization::ByteOrderMark { span: 0..3 });
    }
    out.push_str("::");
    let fields_start = out.len();
    let numbers = [
        Field::Version,
        Field::ServiceId,
        Field::TrackNumber,
        Field::Duration,
        Field::Rating,
    ];
    for (i, text) in fields.iter().enumerate() {
        if i > 0 {
            out.push(':');
        }
        let start = out.len();
        let field = Field::ALL[i];
        if field == Field::Kind {
            let kind: String = text
                .chars()
                .enumerate()
                .map(|(i, c)| {
                    if d.lower.get(i) == Some(&true) {
                        c.to_ascii_lowercase()
                    } else {
                        c
                    }
                })
                .collect();
            out.push_str(&kind);
            if let (true, Ok(kind)) = (kind != *text, text.parse::<Kind>()) {
                expected.push(Normalization::KindCase {
                    kind,
                    span: start..out.len(),
                });
            }
            tokens.push(start..out.len());
            continue;
        }
        let Some(k) = numbers.iter().position(|&f| f == field) else {
            out.push_str(text);
            tokens.push(start..out.len());
            continue;
        };
        push_number(&mut out, &mut expected, field, text, &d.pads[k]);
        tokens.push(start..out.len());
    }
    let fields_end = out.len();
    out.push_str(d.newline);
    if !d.newline.is_empty() {
        expected.push(Normalization::TrailingNewline {
            span: fields_end..out.len(),
        });
    }
    Layout {
        input: out,
        tokens,
        fields_start,
        fields_end,
        normalizations: expected,
    }
}

/// Writes the number `text` of `field` padded by `pad`, noting what was added in
/// `expected`.
fn push_number(
    out: &mut String,
    expected: &mut Vec<Normalization>,
    field: Field,
    text: &str,
    pad: &Pad,
) {
    let start = out.len();
    if text.is_empty() {
        // Zeros in front of an empty field would give it the value 0: none there.
        out.push_str(&pad.before);
        out.push_str(&pad.after);
        if out.len() > start {
            expected.push(Normalization::Whitespace {
                field,
                span: start..out.len(),
            });
        }
        return;
    }
    out.push_str(&pad.before);
    if !pad.before.is_empty() {
        expected.push(Normalization::Whitespace {
            field,
            span: start..out.len(),
        });
    }
    let zeros_at = out.len();
    out.push_str(&"0".repeat(pad.zeros));
    // A zero value padded with zeros keeps its own zero as the canonical digit.
    if pad.zeros > 0 {
        expected.push(Normalization::LeadingZeros {
            field,
            span: zeros_at..out.len(),
        });
    }
    out.push_str(text);
    let after_at = out.len();
    out.push_str(&pad.after);
    if !pad.after.is_empty() {
        expected.push(Normalization::Whitespace {
            field,
            span: after_at..out.len(),
        });
    }
}

/// Undoes the normalisations by hand: removes every span, except the kind's, which is
/// written in capitals.
fn undress(input: &str, normalizations: &[Normalization]) -> String {
    let mut out = String::new();
    let mut at = 0;
    for n in normalizations {
        let span = n.span();
        out.push_str(&input[at..span.start]);
        if let Normalization::KindCase { .. } = n {
            out.push_str(&input[span.clone()].to_ascii_uppercase());
        }
        at = span.end;
    }
    out.push_str(&input[at..]);
    out
}

/// One edit that strict and lenient parsing must refuse alike (nothing in it is something
/// lenient parsing normalises).
#[derive(Debug, Clone)]
enum Breakage {
    Colon {
        field: usize,
        at: usize,
    },
    Control {
        field: usize,
        at: usize,
        c: char,
    },
    Backslash {
        at: usize,
    },
    Replace {
        field: usize,
        with: &'static str,
    },
    Truncate {
        fields: usize,
    },
    NoPrefix,
    /// A title that makes the canonical text `1024 + over` UTF-16 code units long.
    LongTitle {
        over: usize,
    },
}

fn breakage() -> impl Strategy<Value = Breakage> {
    let text_field = prop_oneof![Just(3usize), Just(4), Just(5), Just(7)];
    let control = prop_oneof![
        Just('\0'),
        Just('\t'),
        Just('\n'),
        Just('\r'),
        Just('\u{7F}'),
        Just('\u{85}'),
        Just('\u{9F}'),
    ];
    prop_oneof![
        1 => (text_field.clone(), any::<usize>())
            .prop_map(|(field, at)| Breakage::Colon { field, at }),
        1 => (text_field, any::<usize>(), control)
            .prop_map(|(field, at, c)| Breakage::Control { field, at, c }),
        1 => any::<usize>().prop_map(|at| Breakage::Backslash { at }),
        4 => prop_oneof![
            Just((0usize, "WMP_JOBS")),
            Just((0, "WMP-JOB")),
            Just((0, "")),
            Just((1, "2")),
            Just((1, "")),
            Just((1, "1.0")),
            Just((2, "0")),
            Just((2, "")),
            Just((2, "4294967296")),
            Just((2, "1a")),
            Just((6, "0")),
            Just((6, "+1")),
            Just((8, "-1")),
            Just((8, "99999999999")),
            Just((9, "100")),
            Just((9, "999")),
            Just((9, "5.0")),
        ]
        .prop_map(|(field, with)| Breakage::Replace { field, with }),
        1 => (0..10usize).prop_map(|fields| Breakage::Truncate { fields }),
        1 => Just(Breakage::NoPrefix),
        1 => prop_oneof![Just(1usize), 1..=100usize].prop_map(|over| Breakage::LongTitle { over }),
    ]
}

/// Inserts `what` before character `at` (modulo one more than the length) of `s`, and
/// gives the byte offset where it went.
fn insert_at(s: &mut String, at: usize, what: char) -> usize {
    let chars = s.chars().count();
    let i = s
        .char_indices()
        .nth(at % (chars + 1))
        .map_or(s.len(), |(i, _)| i);
    s.insert(i, what);
    i
}

/// A title of `t`s that makes the canonical text of `p` exactly `1024 + over` UTF-16 code
/// units long.
fn long_title(p: &Parts, over: usize) -> String {
    let rest = Parts {
        title: String::new(),
        ..p.clone()
    };
    "t".repeat(1024 + over - rest.render().encode_utf16().count())
}

fn broken(p: &Parts, b: &Breakage) -> String {
    let mut fields = p.fields();
    match *b {
        Breakage::Colon { field, at } => _ = insert_at(&mut fields[field], at, ':'),
        Breakage::Control { field, at, c } => _ = insert_at(&mut fields[field], at, c),
        Breakage::Backslash { at } => _ = insert_at(&mut fields[3], at, '\\'),
        Breakage::Replace { field, with } => fields[field] = with.into(),
        Breakage::Truncate { fields: n } => return format!("::{}", fields[..n].join(":")),
        Breakage::NoPrefix => return p.render()[1..].to_string(),
        Breakage::LongTitle { over } => fields[7] = long_title(p, over),
    }
    format!("::{}", fields.join(":"))
}

/// `p` broken by `b`, then dressed by `d`: the input, and the span its error must have,
/// worked out from where the dressing put each piece. Text fields are never rewritten, so a
/// character inserted into one is where the dressing put that field's token, plus its
/// offset in the text; a number, kind or version token that is refused is quoted whole,
/// padding included, whether it was rewritten or not.
fn dressed_breakage(p: &Parts, d: &Dress, b: &Breakage) -> (String, Range<usize>) {
    let mut fields = p.fields();
    let mut count = fields.len();
    // The field, byte offset in its text and character of an insertion the error is about.
    let mut culprit = None;
    match *b {
        Breakage::Colon { field, at } => _ = insert_at(&mut fields[field], at, ':'),
        Breakage::Control { field, at, c } => {
            culprit = Some((field, insert_at(&mut fields[field], at, c), c));
        }
        Breakage::Backslash { at } => {
            culprit = Some((3, insert_at(&mut fields[3], at, '\\'), '\\'));
        }
        Breakage::Replace { field, with } => fields[field] = with.into(),
        Breakage::Truncate { fields: n } => count = n,
        Breakage::NoPrefix => {}
        Breakage::LongTitle { over } => fields[7] = long_title(p, over),
    }
    let mut layout = lay_out(&fields[..count], d);
    let span = match *b {
        // Too many fields: from the last separator (before the rating) to the end of the
        // fields. With eleven fields nothing but the kind and version is normalised.
        Breakage::Colon { .. } => layout.tokens[9].start - 1..layout.fields_end,
        Breakage::Control { .. } | Breakage::Backslash { .. } => {
            let (field, offset, c) = culprit.expect("an insertion");
            let at = layout.tokens[field].start + offset;
            at..at + c.len_utf8()
        }
        Breakage::Replace { field, .. } => layout.tokens[field].clone(),
        // `::` alone: the kind is empty, right after it.
        Breakage::Truncate { fields: 0 } => layout.fields_start..layout.fields_start,
        // Too few fields: the place where the next one is missing, before any line ending.
        Breakage::Truncate { .. } => layout.fields_end..layout.fields_end,
        // The first two characters, after any mark.
        Breakage::NoPrefix => {
            let at = layout.fields_start - 2;
            layout.input.remove(at);
            at..at + 2
        }
        // The whole input, mark and line ending included.
        Breakage::LongTitle { .. } => 0..layout.input.len(),
    };
    (layout.input, span)
}

/// Any text at all, built around descriptors so that it gets far into the parser.
fn noise() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just(':'),
        Just(' '),
        Just('\t'),
        Just('0'),
        Just('1'),
        Just('9'),
        Just('\n'),
        Just('\r'),
        Just('\u{FEFF}'),
        Just('\\'),
        Just('\u{85}'),
        Just('j'),
        Just('é'),
        Just('🎷'),
        any::<char>(),
    ];
    (
        parts(),
        dress(),
        proptest::collection::vec((any::<usize>(), piece), 0..4),
        proptest::collection::vec(any::<usize>(), 0..3),
    )
        .prop_map(|(p, d, inserts, removals)| {
            let mut s = dressed(&p, &d).0;
            for at in removals {
                if !s.is_empty() {
                    let chars = s.chars().count();
                    let (i, c) = s.char_indices().nth(at % chars).unwrap_or((0, ' '));
                    if s.is_char_boundary(i) && i + c.len_utf8() <= s.len() {
                        s.replace_range(i..i + c.len_utf8(), "");
                    }
                }
            }
            for (at, c) in inserts {
                insert_at(&mut s, at, c);
            }
            s
        })
}

proptest! {
    /// Every strictly valid string comes back as it is, with nothing normalised.
    #[test]
    fn strict_input_comes_back_unchanged(p in parts()) {
        let s = p.render();
        let strict: Descriptor = s.parse().unwrap();
        let read = lenient::parse(&s).unwrap();
        prop_assert!(read.is_canonical(), "{:?}", read.normalizations());
        prop_assert_eq!(read.into_descriptor(), strict);
    }

    /// A dressed-up descriptor parses to the canonical one, which strict parsing gives for
    /// its own rendering, with exactly the normalisations the dress put in.
    #[test]
    fn dressed_input_gives_the_canonical_descriptor(p in parts(), d in dress()) {
        let (input, expected) = dressed(&p, &d);
        let read = lenient::parse(&input).unwrap();
        prop_assert_eq!(read.descriptor().as_str(), p.render());
        let again: Descriptor = read.descriptor().to_string().parse().unwrap();
        prop_assert_eq!(&again, read.descriptor());
        prop_assert_eq!(read.normalizations(), &expected[..]);
        prop_assert_eq!(undress(&input, read.normalizations()), p.render());
        prop_assert_eq!(read.is_canonical(), input == p.render());
    }

    /// What lenient parsing has nothing to normalise in, it refuses exactly as strict
    /// parsing does: same kind, field, span and message.
    #[test]
    fn breakage_is_refused_as_strictly(p in short_parts(), b in breakage()) {
        let input = broken(&p, &b);
        let strict = input.parse::<Descriptor>().unwrap_err();
        let lenient = lenient::parse(&input).unwrap_err();
        prop_assert_eq!(&lenient, &strict, "{}", input);
        prop_assert_eq!(lenient.to_string(), strict.to_string());
    }

    /// Whatever is broken inside a dressed-up input is still refused, with the code and
    /// field that strict parsing gives the undressed input, and the span and message moved
    /// onto the broken part as the dressing placed it.
    #[test]
    fn dressed_breakage_is_still_refused(p in short_parts(), d in dress(), b in breakage()) {
        let undressed = broken(&p, &b);
        let strict = undressed.parse::<Descriptor>().unwrap_err();
        let (input, span) = dressed_breakage(&p, &d, &b);
        let err = lenient::parse(&input).unwrap_err();
        prop_assert_eq!(err.code(), strict.code(), "{:?}", input);
        prop_assert_eq!(err.field(), strict.field(), "{:?}", input);
        prop_assert_eq!(err.span(), span.clone(), "{:?}: {}", input, err);
        // The message is strict parsing's, with the span (and the token it quotes) moved.
        let quotes = matches!(
            err.code(),
            "missing_prefix"
                | "unknown_kind"
                | "unsupported_version"
                | "invalid_service_id"
                | "invalid_track_number"
                | "invalid_duration"
                | "invalid_rating"
        );
        let mut want = strict.to_string();
        let mut moves = vec![(
            format!("at bytes {}..{}", strict.span().start, strict.span().end),
            format!("at bytes {}..{}", span.start, span.end),
        )];
        if quotes {
            moves.push((quoted(&undressed[strict.span()]), quoted(&input[span])));
        }
        for (from, to) in moves {
            prop_assert_eq!(want.matches(&from).count(), 1, "{:?} in {}", from, want);
            want = want.replace(&from, &to);
        }
        if err.code() == "field_count" {
            // Where the extra ':' probably is can read differently with padded numbers.
            let cut = |m: &str| m.split_once("expected 10").map(|(a, _)| a.to_string());
            prop_assert_eq!(cut(&err.to_string()), cut(&want));
        } else {
            prop_assert_eq!(err.to_string(), want);
        }
    }

    /// Whatever the input: no panic; every span lies on character boundaries in the input;
    /// normalisations come in input order without overlapping; and a success is the
    /// strict descriptor of its canonical text, which strict parsing also gives when it
    /// accepts the input itself.
    #[test]
    fn any_input_is_handled(s in noise()) {
        match lenient::parse(&s) {
            Ok(read) => {
                let strict: Descriptor = read.descriptor().as_str().parse().unwrap();
                prop_assert_eq!(&strict, read.descriptor());
                let mut end = 0;
                for n in read.normalizations() {
                    let span = n.span();
                    prop_assert!(span.start >= end && span.start < span.end, "{:?}", read.normalizations());
                    prop_assert!(s.get(span.clone()).is_some());
                    end = span.end;
                }
                prop_assert_eq!(undress(&s, read.normalizations()), read.descriptor().as_str());
                if let Ok(d) = s.parse::<Descriptor>() {
                    prop_assert!(read.is_canonical());
                    prop_assert_eq!(&d, read.descriptor());
                }
            }
            Err(err) => {
                prop_assert!(s.get(err.span()).is_some(), "{:?} {:?}", s, err.span());
                prop_assert!(s.parse::<Descriptor>().is_err(), "lenient refused strict input {:?}", s);
                prop_assert!(!err.to_string().is_empty());
            }
        }
    }
}

#[test]
fn results_can_cross_threads() {
    common::send_sync::<lenient::Lenient>();
    common::send_sync::<Normalization>();
}

/// The generators reach every normalisation, every refusal, and both sides of the length
/// limit within a thousand draws, so that the properties over them (256 cases by default)
/// see them all: a dressed input past 1,024 UTF-16 code units whose canonical text is
/// exactly 1,024 (accepted), and a canonical text of exactly 1,025 (refused).
#[test]
fn the_generators_reach_every_normalisation_refusal_and_the_length_limit() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let all = [
        "byte_order_mark",
        "kind_case",
        "leading_zeros",
        "whitespace",
        "trailing_newline",
        "canonical text of 1024 units, input longer",
        "canonical text of 1025 units, refused",
        "too_long",
        "missing_prefix",
        "unknown_kind",
        "unsupported_version",
        "field_count",
        "invalid_service_id",
        "zero_service_id",
        "invalid_provider",
        "control_character",
        "invalid_track_number",
        "invalid_duration",
        "invalid_rating",
    ];
    let mut runner = TestRunner::deterministic();
    let (parts, short_parts) = (parts(), short_parts());
    let (dress, breakage) = (dress(), breakage());
    let mut count = std::collections::BTreeMap::new();
    let mut reach = |case: &'static str| *count.entry(case).or_insert(0usize) += 1;
    for _ in 0..1000 {
        let p = parts.new_tree(&mut runner).unwrap().current();
        let d = dress.new_tree(&mut runner).unwrap().current();
        let b = breakage.new_tree(&mut runner).unwrap().current();
        let (input, _) = dressed(&p, &d);
        let read = lenient::parse(&input).unwrap();
        for n in read.normalizations() {
            reach(n.code());
        }
        if common::units(&p.render()) == 1024 && common::units(&input) > 1024 {
            reach("canonical text of 1024 units, input longer");
        }
        let p = short_parts.new_tree(&mut runner).unwrap().current();
        let (input, _) = dressed_breakage(&p, &d, &b);
        let err = lenient::parse(&input).unwrap_err();
        reach(err.code());
        if common::units(&broken(&p, &b)) == 1025 && err.code() == "too_long" {
            reach("canonical text of 1025 units, refused");
        }
    }
    let missing: Vec<&str> = all
        .iter()
        .copied()
        .filter(|c| !count.contains_key(c))
        .collect();
    assert!(missing.is_empty(), "never reached {missing:?} in {count:?}");
    assert!(count.keys().all(|c| all.contains(c)), "{count:?}");
}

// ---------------------------------------------------------------------------------------
// Whose description it is.

#[test]
fn a_strict_descriptor_is_read_as_it_is() {
    use lenient::Reading;
    for s in [
        "::WMP_JOB:1:7:Contoso::::::",
        "::WMP_STATUS:1:4294967295:Fabrikam:Björk:Homogenic:2:Jóga:305:0",
    ] {
        let reading = lenient::classify(s);
        let Reading::Strict(d) = &reading else {
            panic!("{s:?} read as {reading:?}");
        };
        assert_eq!(*d, s.parse::<Descriptor>().unwrap());
        assert!(reading.is_players());
        assert_eq!(reading.kind(), Some(d.kind()));
    }
}

/// A near miss by structure: after an optional byte order mark and white space, `::`, blanks,
/// the kind token in any case, white space, then `:` or the end; or whatever lenient parsing
/// reads, with or without the white space around it. The error is strict parsing's, and the
/// exact text is given where normalising the description gives one.
#[test]
fn the_players_near_misses_are_known_by_their_structure() {
    use lenient::Reading;
    let exact = "::WMP_JOB:1:7:Contoso::::::";
    for (input, kind, mended) in [
        ("::wmp_job:1:7:Contoso::::::", Kind::Job, Some(exact)),
        ("::WMP_JOB:01:007:Contoso::::::", Kind::Job, Some(exact)),
        (
            "\u{FEFF}::WMP_JOB:1:7:Contoso::::::",
            Kind::Job,
            Some(exact),
        ),
        (" \t\r\n::WMP_JOB:1:7:Contoso::::::", Kind::Job, Some(exact)),
        ("::WMP_JOB:1:7:Contoso::::::\r\n", Kind::Job, Some(exact)),
        ("::WMP_JOB:1:7:Contoso:::::: \t\n\n", Kind::Job, Some(exact)),
        (
            "\u{FEFF}\n::Wmp_Status:1:7:Contoso:::::: ",
            Kind::Status,
            Some("::WMP_STATUS:1:7:Contoso::::::"),
        ),
        // By structure alone: nothing normalising can mend.
        ("::WMP_JOB:1:0:Contoso::::::", Kind::Job, None),
        ("::WMP_JOB", Kind::Job, None),
        ("::wMp_StAtUs:", Kind::Status, None),
        ("::WMP_STATUS:2:1:Contoso::::::", Kind::Status, None),
        (":: \tWMP_JOB \t:1:1:Contoso::::::", Kind::Job, None),
        ("::WMP_JOB \r\n", Kind::Job, None),
        ("\u{FEFF} \n::wmp_job:1:1:AC:DC::::::", Kind::Job, None),
    ] {
        let strict = input.parse::<Descriptor>().unwrap_err();
        let reading = lenient::classify(input);
        let Reading::NearMiss(near) = &reading else {
            panic!("{input:?} read as {reading:?}");
        };
        assert!(reading.is_players());
        assert_eq!(
            (reading.kind(), near.kind()),
            (Some(kind), kind),
            "{input:?}"
        );
        assert_eq!(*near.error(), strict, "{input:?}");
        assert_eq!(near.exact().map(Descriptor::as_str), mended, "{input:?}");
        let message = near.to_string();
        match mended {
            Some(text) => {
                let advice =
                    format!("; a near miss: the Player needs exactly this description: {text}");
                let (head, tail) = message.split_at(message.len() - advice.len());
                assert_eq!(tail, advice, "{input:?}");
                // What is wrong, as strict parsing says it, without its own advice.
                assert!(strict.to_string().starts_with(head), "{input:?}: {head}");
            }
            None => assert_eq!(message, strict.to_string(), "{input:?}"),
        }
    }
}

#[test]
fn a_mention_of_the_words_elsewhere_is_another_programs() {
    use lenient::Reading;
    for input in [
        "",
        "::",
        "nightly copy of wmp_jobs.csv",
        "wmp_job",
        "WMP_JOB:1:7:Contoso::::::",
        ":WMP_JOB:1:7:Contoso::::::",
        "x::WMP_JOB:1:7:Contoso::::::",
        "backup of ::WMP_JOB:1:1:Contoso::::::",
        "::WMP_JOBS:1:7:Contoso::::::",
        "::WMP_JOB_2:1",
        "::WMP_JOB.csv",
        "::WMP_JOB x:1",
        "::\nWMP_JOB:1",
        "::WMP_",
        "\u{A0}::WMP_JOB:1:7:Contoso::::::",
    ] {
        let reading = lenient::classify(input);
        assert_eq!(reading, Reading::Other, "{input:?}");
        assert!(!reading.is_players());
        assert_eq!(reading.kind(), None);
    }
}
