//! Boundaries of every rule, the order of checks, and the exact messages.

mod common;

use wmp_bits::{
    validate, BuildErrorKind, Descriptor, Field, Kind, ParseError, ParseErrorKind, Rating,
    ServiceId, TextPolicy,
};

fn err(s: &str) -> ParseError {
    s.parse::<Descriptor>().expect_err(s)
}

fn code(s: &str) -> &'static str {
    err(s).code()
}

/// A valid descriptor with `title` as its title.
fn with_title(title: &str) -> String {
    format!("::WMP_JOB:1:1:Contoso:A:B:1:{title}:1:50")
}

#[test]
fn types_are_send_sync_and_the_contract_traits_hold() {
    fn error<E: std::error::Error + Send + Sync + 'static>() {}
    fn borrowed_send_sync<T: Send + Sync>(_: &T) {}
    fn contract<
        T: std::str::FromStr<Err = ParseError>
            + std::fmt::Display
            + Clone
            + std::fmt::Debug
            + PartialEq
            + Eq
            + std::hash::Hash
            + Send
            + Sync,
    >() {
    }
    contract::<Descriptor>();
    common::send_sync::<ParseError>();
    common::send_sync::<wmp_bits::BuildError>();
    common::send_sync::<validate::LocalNameError>();
    common::send_sync::<validate::Report>();
    common::send_sync::<ServiceId>();
    common::send_sync::<Rating>();
    error::<ParseError>();
    error::<wmp_bits::BuildError>();
    error::<validate::LocalNameError>();
    error::<wmp_bits::RatingRangeError>();
    error::<wmp_bits::ZeroServiceIdError>();
    #[cfg(feature = "getrandom")]
    error::<wmp_bits::RandomError>();
    // The small value types and the builder can cross threads too.
    common::send_sync::<Kind>();
    common::send_sync::<Field>();
    common::send_sync::<TextPolicy>();
    common::send_sync::<ParseErrorKind>();
    common::send_sync::<BuildErrorKind>();
    common::send_sync::<validate::LocalNameErrorKind>();
    common::send_sync::<validate::Problem>();
    common::send_sync::<validate::Severity>();
    common::send_sync::<validate::Subject>();
    borrowed_send_sync(&Descriptor::builder(
        Kind::Job,
        ServiceId::MAX_PORTABLE,
        "Contoso",
    ));
}

#[test]
fn length_boundary_counts_utf16_units_with_astral_characters() {
    let base = with_title("");
    let room = 1024 - base.len();
    // 1,024 units exactly, made of astral characters (two units each) and one ASCII byte.
    let at_limit = with_title(&format!(
        "{}{}",
        "🎷".repeat(room / 2),
        "x".repeat(room % 2)
    ));
    assert_eq!(common::units(&at_limit), 1024);
    let d: Descriptor = at_limit.parse().unwrap();
    assert_eq!(d.utf16_len(), 1024);
    assert_eq!(d.to_string(), at_limit);

    let over = with_title(&format!(
        "{}{}",
        "🎷".repeat(room / 2),
        "x".repeat(room % 2 + 1)
    ));
    assert_eq!(common::units(&over), 1025);
    let e = err(&over);
    assert_eq!(e.kind(), ParseErrorKind::TooLong);
    assert_eq!(e.span(), 0..over.len());
    assert_eq!(
        e.to_string(),
        format!(
            "description too long at bytes 0..{}: 1025 UTF-16 code units, expected at most 1024 \
             UTF-16 code units; shorten it by 1 UTF-16 code unit: the longest field is the title \
             (992 UTF-16 code units)",
            over.len()
        )
    );

    // One more astral character instead of the ASCII one: 1,025 or 1,026 units.
    let astral_over = with_title(&"🎷".repeat(room / 2 + 1));
    assert!(common::units(&astral_over) > 1024);
    assert_eq!(code(&astral_over), "too_long");

    // Plain ASCII at the boundary.
    assert!(with_title(&"t".repeat(room)).parse::<Descriptor>().is_ok());
    assert_eq!(code(&with_title(&"t".repeat(room + 1))), "too_long");
}

#[test]
fn inputs_over_3072_bytes_are_refused_before_anything_else() {
    let huge = ":".repeat(3073);
    let e = err(&huge);
    assert_eq!(e.code(), "too_long");
    assert_eq!(
        e.to_string(),
        "description too long at bytes 0..3073: 3073 bytes of UTF-8 are more than 1024 \
         UTF-16 code units can take, expected at most 1024 UTF-16 code units; shorten it by at \
         least 1 UTF-16 code unit"
    );
    // 1,024 three-byte characters are exactly 3,072 bytes and 1,024 units: not refused for length.
    let cjk = "音".repeat(1024);
    assert_eq!(code(&cjk), "missing_prefix");
    assert_eq!(code(&format!("{cjk}x")), "too_long");
}

#[test]
fn provider_boundaries() {
    let p255 = "P".repeat(255);
    let d: Descriptor = format!("::WMP_JOB:1:1:{p255}:A:B:1:T:1:50")
        .parse()
        .unwrap();
    assert_eq!(d.provider(), p255);
    let e = err(&format!("::WMP_JOB:1:1:{}:A:B:1:T:1:50", "P".repeat(256)));
    assert_eq!(
        (e.kind(), e.field(), e.span()),
        (
            ParseErrorKind::InvalidProvider,
            Some(Field::Provider),
            14..270
        )
    );
    assert!(e.to_string().starts_with("invalid provider \"PPPP"), "{e}");
    assert_eq!(
        e.to_string(),
        format!("invalid provider \"{}\"… at bytes 14..270: 256 UTF-16 code units, expected the store's registry key name: 1 to 255 UTF-16 code units, any character but '\\', ':' and controls", "P".repeat(40))
    );

    // Astral characters count twice: 127 saxophones and one letter are 255 units.
    let astral = format!("{}x", "🎷".repeat(127));
    assert!(format!("::WMP_JOB:1:1:{astral}:A:B:1:T:1:50")
        .parse::<Descriptor>()
        .is_ok());
    let e = err(&format!("::WMP_JOB:1:1:{}:A:B:1:T:1:50", "🎷".repeat(128)));
    assert_eq!(e.code(), "invalid_provider");
    assert!(
        e.to_string()
            .contains(": 256 UTF-16 code units, expected the store's registry key name: 1 to 255 UTF-16 code units, any character but '\\', ':' and controls"),
        "{e}"
    );

    let e = err("::WMP_JOB:1:1::A:B:1:T:1:50");
    assert_eq!((e.code(), e.span()), ("invalid_provider", 14..14));
    assert_eq!(
        e.to_string(),
        "empty provider at bytes 14..14: expected the store's registry key name: 1 to 255 UTF-16 code units, any character but '\\', ':' and controls"
    );
    let e = err(r"::WMP_JOB:1:1:Con\toso:A:B:1:T:1:50");
    assert_eq!((e.code(), e.span()), ("invalid_provider", 17..18));
    assert_eq!(
        e.to_string(),
        "invalid provider character '\\' at bytes 17..18: expected the store's registry key name: 1 to 255 UTF-16 code units, any character but '\\', ':' and controls"
    );
    // The first offending character decides: a control before a backslash.
    assert_eq!(
        code("::WMP_JOB:1:1:C\u{1}\\:A:B:1:T:1:50"),
        "control_character"
    );
}

#[test]
fn numeric_boundaries() {
    let ok = |s: &str| {
        s.parse::<Descriptor>()
            .unwrap_or_else(|e| panic!("{s}: {e}"))
    };
    let d = ok("::WMP_JOB:1:4294967295:C:A:B:4294967295:T:4294967295:99");
    assert_eq!(
        (d.service_id().get(), d.track_number(), d.duration_secs()),
        (u32::MAX, Some(u32::MAX), Some(u32::MAX))
    );
    assert_eq!(d.rating(), Some(Rating::MAX));
    assert_eq!(
        code("::WMP_JOB:1:4294967296:C:A:B:1:T:1:99"),
        "invalid_service_id"
    );
    assert_eq!(
        code("::WMP_JOB:1:1:C:A:B:4294967296:T:1:99"),
        "invalid_track_number"
    );
    assert_eq!(
        code("::WMP_JOB:1:1:C:A:B:1:T:4294967296:99"),
        "invalid_duration"
    );
    assert_eq!(code("::WMP_JOB:1:1:C:A:B:1:T:1:100"), "invalid_rating");
    assert_eq!(
        code("::WMP_JOB:1:99999999999:C:A:B:1:T:1:99"),
        "invalid_service_id"
    );
    assert_eq!(code("::WMP_JOB:1::C:A:B:1:T:1:99"), "invalid_service_id");
    assert_eq!(code("::WMP_JOB:1:1:C:A:B:1:T:00:99"), "invalid_duration");
    assert_eq!(code("::WMP_JOB:1:1:C:A:B:1:T:1:00"), "invalid_rating");
    assert_eq!(code("::WMP_JOB:1:1:C:A:B:1:T:1:-0"), "invalid_rating");
    let d = ok("::WMP_JOB:1:1:C:A:B::T:0:0");
    assert_eq!(
        (d.track_number(), d.duration_secs(), d.rating()),
        (None, Some(0), Some(Rating::UNRATED))
    );
}

#[test]
fn check_order_follows_the_contract() {
    // Each input breaks the named rule and every later one.
    let long_and_bad = format!("x{}", "a".repeat(1100));
    assert_eq!(code(&long_and_bad), "too_long");
    assert_eq!(code("WMP_FOO:2"), "missing_prefix");
    assert_eq!(code("::WMP_FOO:2:0"), "unknown_kind");
    assert_eq!(code("::WMP_JOB:2:0"), "unsupported_version");
    assert_eq!(code("::WMP_JOB:1:0:\\"), "field_count");
    assert_eq!(code("::WMP_JOB:1:0::\u{0}:B:0:T:x:100"), "zero_service_id");
    assert_eq!(code("::WMP_JOB:1:1::\u{0}:B:0:T:x:100"), "invalid_provider");
    assert_eq!(
        code("::WMP_JOB:1:1:C:\u{0}:B:0:T:x:100"),
        "control_character"
    );
    assert_eq!(
        code("::WMP_JOB:1:1:C:A:\u{85}:0:T:x:100"),
        "control_character"
    );
    assert_eq!(
        code("::WMP_JOB:1:1:C:A:B:0:\u{7F}:x:100"),
        "invalid_track_number"
    );
    assert_eq!(
        code("::WMP_JOB:1:1:C:A:B:1:\u{7F}:x:100"),
        "control_character"
    );
    assert_eq!(code("::WMP_JOB:1:1:C:A:B:1:T:x:100"), "invalid_duration");
    // Present-but-wrong tokens get their own code; absent ones are a field count.
    assert_eq!(code("::"), "unknown_kind");
    assert_eq!(code("::WMP_JOB"), "field_count");
    assert_eq!(code("::WMP_JOB:"), "unsupported_version");
    assert_eq!(code("::WMP_JOB:1"), "field_count");
    assert_eq!(code(""), "missing_prefix");
    assert_eq!(code(":"), "missing_prefix");
    assert_eq!(code("::WMP_JOBS:1"), "unknown_kind");
    assert_eq!(code("::WMP_Job:1:1:C:A:B:1:T:1:50"), "unknown_kind");
}

#[test]
fn exact_messages() {
    let cases = [
        ("WMP_JOB:1:1:Contoso:A:B:1:T:1:50", "missing \"::\" prefix at bytes 0..2: found \"WM\", expected the description to start with \"::WMP_JOB:\" or \"::WMP_STATUS:\""),
        ("::WMP_FOO:1:1:Contoso:A:B:1:T:1:50", "unknown kind \"WMP_FOO\" at bytes 2..9: expected WMP_JOB or WMP_STATUS (case-sensitive)"),
        ("::WMP_JOB:01:1:Contoso:A:B:1:T:1:50", "unsupported version \"01\" at bytes 10..12: expected 1"),
        ("::WMP_JOB:1:1:Contoso:A:B:1:T:1", "too few fields at bytes 31..31: found 9 ':'-separated fields after \"::\", expected 10"),
        ("::WMP_JOB:1:1:Contoso:AC:DC:Back in Black:6:Back in Black:255:75", "too many fields at bytes 61..64: found 11 ':'-separated fields after \"::\", expected 10; the provider, album artist or album title probably contains ':', which the format cannot escape (sanitising writes it as U+FF1A '：' in the album artist, album title and title; a provider must be a key name without ':')"),
        ("::WMP_JOB:1:1:Contoso:A:B:1:Live: Tokyo:60:50", "too many fields at bytes 42..45: found 11 ':'-separated fields after \"::\", expected 10; the title probably contains ':', which the format cannot escape (sanitising writes it as U+FF1A '：')"),
        ("::WMP_JOB:1:1:C:A:B:1:T:1:50:x:y", "too many fields at bytes 28..32: found 12 ':'-separated fields after \"::\", expected 10; a text field probably contains ':', which the format cannot escape (sanitising writes it as U+FF1A '：' in the album artist, album title and title; a provider must be a key name without ':')"),
        ("::WMP_JOB:1:007:Contoso:A:B:1:T:1:50", "invalid service id \"007\" at bytes 12..15: expected a decimal 1..=4294967295 without sign or leading zeros"),
        ("::WMP_JOB:1:0:Contoso:A:B:1:T:1:50", "zero service id at bytes 12..13: expected a nonzero decimal 1..=4294967295"),
        ("::WMP_JOB:1:1:Contoso:A:B:1:Tab\there:1:50", "control character U+0009 in title at bytes 31..32: expected no control characters (U+0000..U+001F, U+007F..U+009F)"),
        ("::WMP_JOB:1:1:Contoso:A:B:01:T:1:50", "invalid track number \"01\" at bytes 26..28: expected empty or a decimal 1..=4294967295 without leading zeros"),
        ("::WMP_JOB:1:1:Contoso:A:B:1:T:3.5:50", "invalid duration \"3.5\" at bytes 30..33: expected empty or whole seconds as a decimal 0..=4294967295 without leading zeros"),
        ("::WMP_JOB:1:1:Contoso:A:B:1:T:1:5 ", "invalid rating \"5 \" at bytes 32..34: expected empty or a decimal 0..=99 without leading zeros; the description ends in white space, which a descriptor never holds: remove it, or read the text with lenient::parse, which does"),
        ("::WMP_JOB:1:1:Contoso:A:B:1:T:1:5x", "invalid rating \"5x\" at bytes 32..34: expected empty or a decimal 0..=99 without leading zeros"),
    ];
    for (input, want) in cases {
        let e = err(input);
        assert_eq!(e.to_string(), want, "{input:?}");
        let first = e.to_string().chars().next().unwrap();
        assert!(first.is_lowercase(), "{e}");
        assert!(!e.to_string().ends_with('.'));
    }
}

#[test]
fn long_offending_tokens_are_quoted_truncated() {
    let input = format!("::WMP_JOB:1:1:C:A:B:1:T:1:{}", "9".repeat(60));
    let e = err(&input);
    assert_eq!(e.code(), "invalid_rating");
    assert_eq!(e.span(), 26..86);
    assert_eq!(
        e.to_string(),
        format!("invalid rating \"{}\"… at bytes 26..86: expected empty or a decimal 0..=99 without leading zeros", "9".repeat(40))
    );
}

#[test]
fn field_spans_and_accessors_agree() {
    let s = "::WMP_STATUS:1:42:Fabrikam:Björk:Homogenic:2:Jóga:305:75";
    let d: Descriptor = s.parse().unwrap();
    for f in Field::ALL {
        assert_eq!(&s[d.span(f)], d.field_str(f), "{f}");
    }
    let joined: Vec<&str> = Field::ALL.iter().map(|&f| d.field_str(f)).collect();
    assert_eq!(format!("::{}", joined.join(":")), s);
    assert_eq!(d.field_str(Field::Kind), "WMP_STATUS");
    assert_eq!(Descriptor::try_from(s.to_string()).unwrap(), d);
    assert_eq!(Descriptor::try_from(s).unwrap(), d);
    assert_eq!(String::from(d.clone()), s);
    assert_eq!(format!("{d:?}"), format!("Descriptor({s:?})"));
}

#[test]
fn builder_rejects_or_sanitises_text() {
    let id = ServiceId::new(5).unwrap();
    let b = || Descriptor::builder(Kind::Job, id, "Contoso");

    let e = b().title("Live: Tokyo").build().unwrap_err();
    assert_eq!(
        (e.kind(), e.field(), e.span()),
        (BuildErrorKind::SeparatorInField, Some(Field::Title), 4..5)
    );
    let e = b().album_title("a\u{0}b").build().unwrap_err();
    assert_eq!(e.to_string(), "control character U+0000 at bytes 1..2 of the album title \"a\\0b\": expected no control characters (U+0000..U+001F, U+007F..U+009F); remove them, or sanitise the text (TextPolicy::Sanitize) to write them as spaces");
    let e = b().track_number(0).build().unwrap_err();
    assert_eq!(e.to_string(), "invalid track number 0: expected empty or a decimal 1..=4294967295 without leading zeros; leave the track number unset when it is unknown");

    // The provider is never sanitised: it must match a registry key name exactly.
    for (p, want) in [
        ("Con:toso", "separator_in_field"),
        ("Con\\toso", "invalid_provider"),
        ("", "invalid_provider"),
        ("C\u{7}", "control_character"),
    ] {
        let e = Descriptor::builder(Kind::Job, id, p)
            .text_policy(TextPolicy::Sanitize)
            .build()
            .unwrap_err();
        assert_eq!(e.code(), want, "{p:?}");
        assert_eq!(e.field(), Some(Field::Provider));
    }
    let e = Descriptor::builder(Kind::Job, id, &"🎷".repeat(128))
        .build()
        .unwrap_err();
    assert_eq!(e.to_string(), format!("invalid provider \"{}\"…: 256 UTF-16 code units, expected the store's registry key name: 1 to 255 UTF-16 code units, any character but '\\', ':' and controls", "🎷".repeat(10)));

    let d = b()
        .album_artist("AC:DC")
        .album_title("x\u{85}y")
        .title("a\u{0}:b")
        .text_policy(TextPolicy::Sanitize)
        .build()
        .unwrap();
    // U+0085 is the byte of `…` in Windows-1252 text read as Latin-1.
    assert_eq!(d.as_str(), "::WMP_JOB:1:5:Contoso:AC：DC:x…y::a ：b::");
    assert_eq!(d.as_str().parse::<Descriptor>().unwrap(), d);
}

#[test]
fn builder_length_boundary_matches_the_parser() {
    let id = ServiceId::new(1).unwrap();
    let base = Descriptor::builder(Kind::Job, id, "C").build().unwrap();
    let room = 1024 - base.utf16_len();
    let at = "🎷".repeat(room / 2) + &"x".repeat(room % 2);
    let d = Descriptor::builder(Kind::Job, id, "C")
        .title(&at)
        .build()
        .unwrap();
    assert_eq!(d.utf16_len(), 1024);
    let over = at.clone() + "x";
    let e = Descriptor::builder(Kind::Job, id, "C")
        .title(&over)
        .build()
        .unwrap_err();
    assert_eq!((e.code(), e.field()), ("too_long", None));
    assert_eq!(e.to_string(), "description too long: 1025 UTF-16 code units, expected at most 1024 UTF-16 code units; shorten it by 1 UTF-16 code unit: the longest field is the title (1004 UTF-16 code units), or let DescriptorBuilder::build_fitted cut the longest text fields");
    // Sanitising keeps the UTF-16 length, so a title of colons at the limit still fits.
    let colons = ":".repeat(room);
    let d = Descriptor::builder(Kind::Job, id, "C")
        .title(&colons)
        .text_policy(TextPolicy::Sanitize)
        .build()
        .unwrap();
    assert_eq!(d.utf16_len(), 1024);
    assert_eq!(d.title(), "：".repeat(room));
}

#[test]
fn report_gathers_every_problem() {
    use validate::Severity::{Error, Warning};
    let r = validate::job("::WMP_JOB:1:3000000000:Proseware:\u{202E}A:B:1:T\u{2066}:60:50")
        .local_name("song.mp3")
        .installed_providers(&["Contoso", "Fabrikam"])
        .check();
    let got: Vec<(&str, validate::Severity, Option<Field>)> = r
        .problems()
        .iter()
        .map(|p| (p.code(), p.severity(), p.field()))
        .collect();
    assert_eq!(
        got,
        [
            ("provider_not_installed", Error, Some(Field::Provider)),
            ("large_service_id", Warning, Some(Field::ServiceId)),
            ("bidi_control", Warning, Some(Field::AlbumArtist)),
            ("bidi_control", Warning, Some(Field::Title)),
            ("local_name_not_absolute", Error, None),
        ]
    );
    assert!(!r.is_ok());
    assert_eq!(r.errors().count(), 2);
    assert_eq!(r.warnings().count(), 3);
    assert_eq!(r.problems()[0].message(), "provider \"Proseware\" is not an installed store: expected one of the key names under HKLM\\SOFTWARE\\Microsoft\\MediaPlayer\\Subscriptions (Contoso, Fabrikam), compared case-insensitively; the store's installer creates the key HKLM\\SOFTWARE\\Microsoft\\MediaPlayer\\Subscriptions\\Proseware");
    let text = r.descriptor().unwrap().as_str();
    assert_eq!(&text[r.problems()[2].span().unwrap()], "\u{202E}");
    assert_eq!(r.to_string().lines().count(), 5);

    let clean = validate::job("::WMP_JOB:1:2147483647:Contoso::::::")
        .installed_providers(&["CONTOSO"])
        .check();
    assert!(clean.is_ok() && clean.problems().is_empty(), "{clean}");
    assert_eq!(clean.to_string(), "no problems");

    let broken = validate::job("::WMP_JOB:1:1:Contoso:A:B:1:T:1")
        .local_name(r"C:\a.mp3")
        .check();
    assert_eq!(broken.problems().len(), 1);
    assert_eq!(broken.problems()[0].code(), "field_count");
    assert!(broken.descriptor().is_none());
}

#[test]
fn text_check_and_sanitize() {
    assert!(validate::text(Field::AlbumArtist, "").is_ok());
    assert!(validate::text(Field::AlbumArtist, "a\\b").is_ok());
    assert_eq!(
        validate::text(Field::Provider, "a\\b").unwrap_err().span(),
        1..2
    );
    assert_eq!(validate::text(Field::Title, "é:").unwrap_err().span(), 2..3);
    assert!(validate::text(Field::Provider, &"p".repeat(255)).is_ok());
    assert_eq!(
        validate::text(Field::Provider, &"p".repeat(256))
            .unwrap_err()
            .code(),
        "invalid_provider"
    );
    assert_eq!(validate::sanitize("a:b\u{9F}\u{7F}\u{9D}"), "a：bŸ  ");
    assert!(matches!(
        validate::sanitize("Björk"),
        std::borrow::Cow::Borrowed("Björk")
    ));
}

#[test]
fn provider_matching_is_case_insensitive_like_the_registry() {
    assert!(validate::provider_matches("contoso", "CONTOSO"));
    assert!(validate::provider_matches("Ärzte", "äRZTE"));
    assert!(!validate::provider_matches("Straße", "STRASSE"));
    assert!(validate::provider_matches("Straße", "STRAßE"));
    assert!(!validate::provider_matches("Contoso", "Contoso "));
    assert!(!validate::provider_installed("Contoso", []));
}
