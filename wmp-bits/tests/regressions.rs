//! Regression guards from fuzzing.
//!
//! Every input a fuzz target (`fuzz/`, run by `scripts/fuzz`) ever crashed on is kept here as
//! an ordinary test, with the exact outcome it must have, so that the bug stays fixed without
//! a nightly toolchain. Long fuzzing runs have not found a crash so far; until one does, this
//! file holds the inputs most likely to break a parser built like this one: cuts of quoted
//! snippets inside multi-byte characters, the 32-byte chunks of the byte scan, the length
//! limit in bytes and in UTF-16 code units, the guess at the culprit of too many fields, and
//! the corners of the local-name root. Each asserts the precise result, not merely that
//! nothing panicked.

use wmp_bits::{validate, Descriptor, Field, Kind, ParseError, ServiceId, TextPolicy};

fn err(s: &str) -> ParseError {
    s.parse::<Descriptor>().expect_err(s)
}

/// A quoted snippet is cut at 40 bytes, or before the character that straddles byte 40.
#[test]
fn snippets_are_cut_on_character_boundaries() {
    // "1" and 30 'é': the 20th 'é' would end at byte 41.
    let token = format!("1{}", "é".repeat(30));
    let input = format!("::WMP_JOB:1:{token}:P::::::");
    let e = err(&input);
    assert_eq!((e.code(), e.span()), ("invalid_service_id", 12..73));
    assert_eq!(
        e.to_string(),
        format!(
            "invalid service id \"1{}\"… at bytes 12..73: expected a decimal 1..=4294967295 \
             without sign or leading zeros",
            "é".repeat(19)
        )
    );
    // A four-byte character over byte 40: "x" and ten saxophones end at 41.
    let token = format!("x{}", "🎷".repeat(10));
    let e = err(&format!("::WMP_JOB:1:1:P::::::{token}"));
    assert_eq!(e.code(), "invalid_rating");
    assert!(
        e.to_string().starts_with(&format!(
            "invalid rating \"x{}\"… at bytes 21..62",
            "🎷".repeat(9)
        )),
        "{e}"
    );
    // Exactly 40 bytes: quoted whole, no ellipsis.
    let e = err(&format!("::WMP_JOB:1:1:P:::{}:::", "🎷".repeat(10)));
    assert_eq!(e.code(), "invalid_track_number");
    assert!(
        e.to_string()
            .starts_with(&format!("invalid track number \"{}\" at", "🎷".repeat(10))),
        "{e}"
    );
}

/// The missing prefix quotes the first two characters, whatever their width.
#[test]
fn missing_prefix_spans_whole_characters() {
    let cases = [
        ("", 0..0, "\"\""),
        ("é", 0..2, "\"é\""),
        ("🎷🎷🎷", 0..8, "\"🎷🎷\""),
        (":🎷:", 0..5, "\":🎷\""),
        ("\u{0}:", 0..2, "\"\\0:\""),
        // An invisible byte-order mark is quoted escaped.
        ("\u{FEFF}::WMP_JOB:1:1:P::::::", 0..4, "\"\\u{feff}:\""),
    ];
    for (input, span, quoted) in cases {
        let e = err(input);
        assert_eq!((e.code(), e.span()), ("missing_prefix", span), "{input:?}");
        assert!(
            e.to_string()
                .contains(&format!("found {quoted}, expected the description")),
            "{e}"
        );
    }
}

/// The byte scan works in 32-byte chunks and a remainder: a control character is found at
/// every offset of both, and so is one that only its second byte makes a control (C1).
#[test]
fn controls_are_found_at_every_offset_of_the_scan() {
    let title = "t".repeat(100);
    let frame_len = "::WMP_JOB:1:1:Contoso:A:B:1:".len();
    for at in 0..=title.len() {
        for c in ['\u{0}', '\u{1F}', '\u{7F}', '\u{80}', '\u{85}', '\u{9F}'] {
            let mut t = title.clone();
            t.insert(at, c);
            let input = format!("::WMP_JOB:1:1:Contoso:A:B:1:{t}:1:50");
            let e = err(&input);
            let start = frame_len + at;
            assert_eq!(
                (e.code(), e.field(), e.span()),
                (
                    "control_character",
                    Some(Field::Title),
                    start..start + c.len_utf8()
                ),
                "{c:?} at {at}"
            );
        }
        // Neighbours of the controls that are not controls: U+00A0 (lead byte 0xC2 too),
        // U+00FF, a backslash outside the provider.
        for c in ['\u{A0}', '\u{BF}', '\u{FF}', '\\', '~'] {
            let mut t = title.clone();
            t.insert(at, c);
            let input = format!("::WMP_JOB:1:1:Contoso:A:B:1:{t}:1:50");
            let d: Descriptor = input.parse().unwrap_or_else(|e| panic!("{c:?}: {e}"));
            assert_eq!(d.title(), t);
        }
    }
    // A backslash in the provider at every offset, also after a harmless 0xC2 character.
    for at in 0..=40 {
        let mut provider = format!("\u{A0}{}", "p".repeat(40));
        let at = at + 2; // after the U+00A0
        provider.insert(at, '\\');
        let e = err(&format!("::WMP_JOB:1:1:{provider}::::::"));
        assert_eq!((e.code(), e.span()), ("invalid_provider", 14 + at..15 + at));
    }
}

/// The UTF-16 count is right wherever a four-byte character falls among the chunks.
#[test]
fn length_limit_holds_wherever_the_astral_character_falls() {
    // 21 units of frame; a title of 1,003 units fills 1,024.
    for at in 0..100 {
        let fits = format!("{}🎷{}", "x".repeat(at), "y".repeat(1001 - at));
        let input = format!("::WMP_JOB:1:1:P::::{fits}::");
        let d: Descriptor = input.parse().unwrap_or_else(|e| panic!("{at}: {e}"));
        assert_eq!(d.utf16_len(), 1024);
        let over = format!("::WMP_JOB:1:1:P::::{fits}y::");
        let e = err(&over);
        assert_eq!(e.code(), "too_long");
        assert!(e.to_string().contains(": 1025 UTF-16 code units"), "{e}");
    }
}

/// At 3,072 bytes the input is counted; one byte more and it is refused for its size.
#[test]
fn the_byte_cut_off_is_exact() {
    let at = ":".repeat(3072);
    assert_eq!(
        err(&at).to_string(),
        "description too long at bytes 0..3072: 3072 UTF-16 code units, expected at most 1024 \
         UTF-16 code units; shorten it by 2048 UTF-16 code units"
    );
    let over = ":".repeat(3073);
    assert_eq!(
        err(&over).to_string(),
        "description too long at bytes 0..3073: 3073 bytes of UTF-8 are more than 1024 UTF-16 \
         code units can take, expected at most 1024 UTF-16 code units; shorten it by at least 1 \
         UTF-16 code unit"
    );
    // 1,024 three-byte characters are 3,072 bytes and exactly at the limit.
    let cjk = format!("::{}", "音".repeat(1022));
    assert_eq!(cjk.len(), 3068);
    assert_eq!(err(&cjk).code(), "unknown_kind");
}

/// With too many fields the parser guesses where the extra `:` is; the guess reads the
/// fields from both ends, which must not go wrong when they overlap or are all empty.
#[test]
fn too_many_fields_never_confuse_the_guess() {
    let cases = [
        ("::WMP_JOB:1:::::::::", 11, "a text field"),
        // Two ':' after an empty rating, or a ':' in some text field: both are named.
        ("::WMP_JOB:1:1:P::::::::", 12, "a text field"),
        ("::WMP_JOB:1:1:P:A:B:1:x:y:1:50", 11, "the title"),
        (
            "::WMP_JOB:1:1:P:A:x:B:1:T:1:50",
            11,
            "the provider, album artist or album title",
        ),
        ("::WMP_JOB:1:1:P:A:B:0:T:1:50:z", 11, "a text field"),
        // A bad number after the title: neither place explains the extra ':'.
        ("::WMP_JOB:1:1:P:A:B:1:x:y:1:abc", 11, "a text field"),
        ("::WMP_JOB:1:1:P:A:B:1:x:y:abc:1", 11, "a text field"),
        ("::WMP_JOB:1:1:P:A:x:B:1:T:1:100", 11, "a text field"),
    ];
    for (input, found, suspect) in cases {
        let e = err(input);
        assert_eq!(e.code(), "field_count", "{input}");
        let message = e.to_string();
        assert!(
            message.starts_with(&format!(
                "too many fields at bytes {}..{}: found {found} ':'-separated",
                e.span().start,
                input.len()
            )),
            "{message}"
        );
        assert!(
            message.contains(&format!("; {suspect} probably contains ':'"))
                || message.contains(&format!(", or {suspect} contains ':'")),
            "{input}: {message}"
        );
    }
    // One ':' too many after a rating the Player writes is named first, before the other
    // readings that explain it.
    let message = err("::WMP_JOB:1:1:P:A:B:1:T:1:50:").to_string();
    assert!(
        message.contains("; either the description ends in an extra ':' after the rating: remove the last ':', so that it ends with the rating (or an empty rating), or "),
        "{message}"
    );
}

/// Sanitising changes byte lengths (':' grows to three bytes, a C1 control that code page
/// 1252 leaves unassigned shrinks to one, one that it assigns grows to three) but never
/// UTF-16 lengths: the builder's length check and its buffer must both hold.
#[test]
fn sanitised_text_at_the_limit() {
    let id = ServiceId::new(1).unwrap();
    // The frame "::WMP_JOB:1:1:P::::" and ":::" is 21 units; 1,003 units of title fit.
    for (fill, bytes_each) in [(':', 3), ('\u{81}', 1), ('\u{85}', 3), ('\u{0}', 1)] {
        let title = fill.to_string().repeat(1003);
        let d = Descriptor::builder(Kind::Job, id, "P")
            .title(&title)
            .text_policy(TextPolicy::Sanitize)
            .build()
            .unwrap_or_else(|e| panic!("{fill:?}: {e}"));
        assert_eq!(d.utf16_len(), 1024);
        assert_eq!(d.title().len(), 1003 * bytes_each);
        assert_eq!(d.as_str().parse::<Descriptor>().unwrap(), d);
        let over = fill.to_string().repeat(1004);
        let e = Descriptor::builder(Kind::Job, id, "P")
            .title(&over)
            .text_policy(TextPolicy::Sanitize)
            .build()
            .unwrap_err();
        assert_eq!(
            e.to_string(),
            "description too long: 1025 UTF-16 code units, expected at most 1024 UTF-16 code \
             units; shorten it by 1 UTF-16 code unit: the longest field is the title (1004 UTF-16 \
             code units), or let DescriptorBuilder::build_fitted cut the longest text fields"
        );
    }
}

/// The shortest names at the corners of the root rules.
#[test]
fn local_name_roots_at_their_shortest() {
    type Outcome = Result<(), (&'static str, std::ops::Range<usize>)>;
    let cases: [(&str, Outcome); 19] = [
        ("", Err(("local_name_not_absolute", 0..0))),
        ("C", Err(("local_name_not_absolute", 0..0))),
        ("C:", Err(("local_name_not_absolute", 0..2))),
        (r"C:\", Err(("local_name_extension", 3..3))),
        ("\\", Err(("local_name_not_absolute", 0..1))),
        (r"\\", Err(("local_name_not_absolute", 0..2))),
        (r"\\\", Err(("local_name_not_absolute", 0..2))),
        (r"\\?", Err(("local_name_verbatim_prefix", 0..3))),
        (r"\\.", Err(("local_name_verbatim_prefix", 0..3))),
        (r"//?/", Err(("local_name_verbatim_prefix", 0..4))),
        (r"\??\", Err(("local_name_verbatim_prefix", 0..4))),
        (r"/??/a.mp3", Err(("local_name_not_absolute", 0..1))),
        (r"\\s", Err(("local_name_not_absolute", 0..3))),
        (r"\\s\", Err(("local_name_not_absolute", 0..4))),
        (r"\\s\m", Err(("local_name_extension", 5..5))),
        (r"\\s\m\", Err(("local_name_extension", 6..6))),
        (r"\\s\m\.mp3", Ok(())),
        (r"\\?x\m\a.mp3", Err(("local_name_invalid_character", 2..3))),
        ("é:\\a.mp3", Err(("local_name_not_absolute", 0..0))),
    ];
    for (path, want) in cases {
        let got = validate::local_name(path).map_err(|e| (e.code(), e.span()));
        assert_eq!(got, want, "{path:?}");
    }
}

/// Every backslash in the provider counts, an even number of them too, wherever they are
/// and whatever the provider's length.
#[test]
fn backslashes_in_the_provider_in_any_number() {
    for n in 1..=4 {
        let run = "\\".repeat(n);
        let spread = vec!["\\"; n].join("x");
        for (provider, first) in [
            (format!("{run}Contoso"), 0),
            (format!("Con{run}toso"), 3),
            (format!("Contoso{run}"), 7),
            (format!("C{spread}o"), 1),
            (format!("{}{run}", "p".repeat(255 - n)), 255 - n),
        ] {
            let input = format!("::WMP_JOB:1:1:{provider}:A:B:1:T:1:50");
            let e = err(&input);
            let at = 14 + first;
            assert_eq!(
                (e.code(), e.field(), e.span()),
                ("invalid_provider", Some(Field::Provider), at..at + 1),
                "{provider:?}"
            );
            assert_eq!(
                validate::text(Field::Provider, &provider).map_err(|e| (e.code(), e.span())),
                Err(("invalid_provider", first..first + 1)),
                "{provider:?}"
            );
        }
    }
}

/// Several bytes that need a closer look, in any lanes of the scan: none hides another.
#[test]
fn suspicious_bytes_never_cancel_out() {
    for (title, at, c) in [
        ("\u{7F}\u{7F}", 0, '\u{7F}'),
        ("\u{85}\u{85}", 0, '\u{85}'),
        ("\u{A0}\u{85}", 2, '\u{85}'),
        ("\u{A0}\u{A0}\u{A0}\u{7F}", 6, '\u{7F}'),
        ("©\u{9F}", 2, '\u{9F}'),
    ] {
        for pad in [0, 1, 31, 32, 33] {
            let title = format!("{}{title}", "t".repeat(pad));
            let input = format!("::WMP_JOB:1:1:Contoso:A:B:1:{title}:1:50");
            let start = "::WMP_JOB:1:1:Contoso:A:B:1:".len() + pad + at;
            let e = err(&input);
            assert_eq!(
                (e.code(), e.field(), e.span()),
                (
                    "control_character",
                    Some(Field::Title),
                    start..start + c.len_utf8()
                ),
                "{title:?}"
            );
        }
    }
}

/// The second pass reads the last 32 pairs of bytes again as one block: a control character
/// there is seen twice, in two lanes, and must not cancel itself out.
#[test]
fn a_control_seen_twice_by_the_last_block_is_still_found() {
    // 45 bytes: the DEL at byte 19 is in the first block and again in the last one.
    let input = format!("::WMP_JOB:1:1:P::::\u{7F}{}::", "t".repeat(23));
    assert_eq!(input.len(), 45);
    let e = err(&input);
    assert_eq!(
        (e.code(), e.field(), e.span()),
        ("control_character", Some(Field::Title), 19..20)
    );
    // Titles of every length up to three blocks (so every overlap of the last block with
    // the one before), with the control at every position.
    for len in 1..=96 {
        for at in 0..len {
            let mut title = "t".repeat(len);
            title.replace_range(at..=at, "\u{7F}");
            let input = format!("::WMP_JOB:1:1:P::::{title}::");
            let start = "::WMP_JOB:1:1:P::::".len() + at;
            assert_eq!(err(&input).span(), start..start + 1, "{input:?}");
        }
    }
}
