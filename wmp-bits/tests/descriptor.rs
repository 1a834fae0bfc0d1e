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
    // Every character counts, not the length alone.
    assert!(!validate::provider_matches("Contoso", "Fabrika"));
    assert!(!validate::provider_matches("Proseware", "Proseward"));
    assert!(!validate::provider_matches("Proseware", "Proseware Music"));
    assert!(validate::provider_installed(
        "fabrikam",
        ["Contoso", "Fabrikam"]
    ));
    assert!(!validate::provider_installed(
        "Fabrika",
        ["Contoso", "Fabrikam"]
    ));
}

// ---------------------------------------------------------------------------------------
// The value types: their text, conversions, order and hashing.

const FULL: &str = "::WMP_JOB:1:7:Contoso:A:B:12:T:60:50";

fn hash_of<T: std::hash::Hash + ?Sized>(value: &T) -> u64 {
    use std::hash::{BuildHasher, BuildHasherDefault};
    BuildHasherDefault::<std::collections::hash_map::DefaultHasher>::default().hash_one(value)
}

#[test]
fn a_kind_is_its_token_both_ways_and_a_job_sorts_first() {
    for (kind, token) in [(Kind::Job, "WMP_JOB"), (Kind::Status, "WMP_STATUS")] {
        assert_eq!((kind.as_str(), kind.to_string()), (token, token.to_owned()));
        assert_eq!(token.parse::<Kind>().unwrap(), kind);
    }
    let e = "WMP_JOBS".parse::<Kind>().unwrap_err();
    assert_eq!(
        (e.kind(), e.field(), e.span()),
        (ParseErrorKind::UnknownKind, Some(Field::Kind), 0..8)
    );
    assert!(Kind::Job < Kind::Status);
}

#[test]
fn a_descriptor_gives_its_text_every_way_and_counts_astral_characters_twice() {
    let d: Descriptor = FULL.parse().unwrap();
    assert_eq!(d.as_str(), FULL);
    assert_eq!(d.to_string(), FULL);
    assert_eq!(AsRef::<str>::as_ref(&d), FULL);
    assert_eq!(d.clone().into_string(), FULL);
    assert_eq!(d.utf16_len(), FULL.len());
    let astral: Descriptor = "::WMP_JOB:1:7:Contoso:🎷:::::".parse().unwrap();
    assert_eq!(astral.utf16_len(), 29);
}

#[test]
fn every_field_has_its_span_and_empty_numbers_read_as_none() {
    let d: Descriptor = FULL.parse().unwrap();
    let spans: Vec<std::ops::Range<usize>> = Field::ALL.iter().map(|&f| d.span(f)).collect();
    assert_eq!(
        spans,
        [
            2..9,
            10..11,
            12..13,
            14..21,
            22..23,
            24..25,
            26..28,
            29..30,
            31..33,
            34..36
        ]
    );
    assert_eq!(
        (d.track_number(), d.duration_secs(), d.rating()),
        (Some(12), Some(60), Rating::new(50))
    );
    let empty: Descriptor = "::WMP_STATUS:1:9:P::::::".parse().unwrap();
    assert_eq!(
        (empty.track_number(), empty.duration_secs(), empty.rating()),
        (None, None, None)
    );
    assert_eq!(empty.span(Field::Rating), 24..24);
}

#[test]
fn descriptors_are_equal_and_hash_as_their_text() {
    let a: Descriptor = FULL.parse().unwrap();
    let b: Descriptor = FULL.to_string().try_into().unwrap();
    let c: Descriptor = "::WMP_JOB:1:7:Contoso:A:B:12:T:60:51".parse().unwrap();
    assert_eq!(a, b);
    assert_ne!(a, c);
    assert_eq!(hash_of(&a), hash_of(&b));
    assert_ne!(hash_of(&a), hash_of(&c));
    assert_eq!(hash_of(&a), hash_of(FULL));
}

#[test]
fn every_builder_setter_lands_in_its_field_and_text_is_refused_by_default() {
    let id = ServiceId::new(7).unwrap();
    let d = Descriptor::builder(Kind::Job, id, "Contoso")
        .album_artist("A")
        .album_title("B")
        .track_number(12)
        .title("T")
        .duration_secs(60)
        .rating(Rating::new(50).unwrap())
        .build()
        .unwrap();
    assert_eq!(d.as_str(), FULL);
    let bare = Descriptor::builder(Kind::Status, id, "Contoso")
        .build()
        .unwrap();
    assert_eq!(bare.as_str(), "::WMP_STATUS:1:7:Contoso::::::");
    assert_eq!(TextPolicy::default(), TextPolicy::Reject);
    let e = Descriptor::builder(Kind::Job, id, "P")
        .title("a:b")
        .build()
        .unwrap_err();
    assert_eq!(e.kind(), BuildErrorKind::SeparatorInField);
}

#[test]
fn fields_have_names_keys_and_an_order() {
    let rows: Vec<(&str, &str, usize, bool)> = Field::ALL
        .iter()
        .map(|f| (f.name(), f.key(), f.index(), f.is_text()))
        .collect();
    assert_eq!(
        rows,
        [
            ("kind", "Kind", 0, false),
            ("version", "Version", 1, false),
            ("service id", "serviceId", 2, false),
            ("provider", "Provider", 3, true),
            ("album artist", "AlbumArtist", 4, true),
            ("album title", "AlbumTitle", 5, true),
            ("track number", "TrackNumber", 6, false),
            ("title", "Title", 7, true),
            ("duration", "Duration", 8, false),
            ("rating", "Rating", 9, false),
        ]
    );
    for f in Field::ALL {
        assert_eq!(f.to_string(), f.name());
    }
}

#[test]
fn ratings_map_to_stars_as_the_player_does() {
    let values: Vec<u8> = (0..=5)
        .map(|s| Rating::from_stars(s).unwrap().get())
        .collect();
    assert_eq!(values, [0, 1, 25, 50, 75, 99]);
    assert_eq!(Rating::from_stars(6), None);
    let stars: Vec<u8> = [0, 1, 12, 13, 37, 38, 62, 63, 86, 87, 99]
        .into_iter()
        .map(|v| Rating::new(v).unwrap().stars())
        .collect();
    assert_eq!(stars, [0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5]);
    assert_eq!(Rating::try_from(99u8), Ok(Rating::MAX));
    assert_eq!(
        Rating::try_from(100u8),
        Err(wmp_bits::RatingRangeError(100))
    );
    assert_eq!(
        wmp_bits::RatingRangeError(100).to_string(),
        "rating 100 is out of range: expected 0..=99"
    );
    assert_eq!(u8::from(Rating::new(42).unwrap()), 42);
    assert_eq!(Rating::new(7).unwrap().to_string(), "7");
    assert_eq!("42".parse::<Rating>().unwrap().get(), 42);
    assert_eq!(Rating::default(), Rating::UNRATED);
}

#[test]
fn a_service_id_converts_to_and_from_its_number() {
    use std::num::NonZeroU32;
    let id = ServiceId::new(2_147_483_648).unwrap();
    assert_eq!(id.get(), 2_147_483_648);
    assert_eq!(id.to_string(), "2147483648");
    assert_eq!(u32::from(id), 2_147_483_648);
    assert_eq!(NonZeroU32::from(id).get(), 2_147_483_648);
    assert_eq!(id.as_non_zero().get(), 2_147_483_648);
    let nz = NonZeroU32::new(77).unwrap();
    assert_eq!(ServiceId::from_non_zero(nz).get(), 77);
    assert_eq!(ServiceId::from(nz).get(), 77);
    assert_eq!(ServiceId::try_from(78u32).unwrap().get(), 78);
    assert_eq!(ServiceId::try_from(0u32), Err(wmp_bits::ZeroServiceIdError));
    assert_eq!(
        wmp_bits::ZeroServiceIdError.to_string(),
        "a service id cannot be zero: expected 1..=4294967295"
    );
    // Above 2147483647 a signed reading of the id is negative.
    assert!(ServiceId::MAX_PORTABLE.fits_i32());
    assert_eq!(ServiceId::MAX_PORTABLE.get(), 2_147_483_647);
    assert!(!id.fits_i32());
    assert!(ServiceId::new(1).unwrap().fits_i32());
    assert_eq!("79".parse::<ServiceId>().unwrap().get(), 79);
    let e = "0".parse::<ServiceId>().unwrap_err();
    assert_eq!((e.code(), e.span()), ("zero_service_id", 0..1));
}

#[cfg(feature = "getrandom")]
#[test]
fn random_service_ids_are_portable_and_differ() {
    let ids: Vec<u32> = (0..32)
        .map(|_| ServiceId::random().unwrap().get())
        .collect();
    assert!(ids.iter().all(|&id| (1..=2_147_483_647).contains(&id)));
    assert!(ids.iter().any(|&id| id != ids[0]));
}

/// A formatter's error is passed on, not swallowed or turned into a panic.
#[test]
fn messages_pass_on_a_formatter_error() {
    use std::fmt::{self, Write as _};
    struct Refuse;
    impl fmt::Write for Refuse {
        fn write_str(&mut self, _: &str) -> fmt::Result {
            Err(fmt::Error)
        }
    }
    let too_many = err("::WMP_JOB:1:1:P:A:x:B:1:T:1:50");
    assert!(write!(Refuse, "{too_many}").is_err());
    let zero = err("::WMP_JOB:1:0:P::::::");
    assert!(write!(Refuse, "{zero}").is_err());
    let colon = validate::text(Field::Title, "a:b").unwrap_err();
    assert!(write!(Refuse, "{colon}").is_err());
    let local = validate::local_name("a.mp3").unwrap_err();
    assert!(write!(Refuse, "{local}").is_err());
}

#[test]
fn builder_numbers_take_options_and_durations_round_half_a_second_up() {
    use std::time::Duration;
    let b = Descriptor::builder(Kind::Job, ServiceId::new(1).unwrap(), "Contoso");
    let none: Option<u32> = None;
    let d = b
        .clone()
        .track_number(none)
        .duration_secs(none)
        .build()
        .unwrap();
    assert_eq!((d.track_number(), d.duration_secs()), (None, None));
    let d = b
        .clone()
        .track_number(Some(3))
        .duration_secs(Some(0))
        .build()
        .unwrap();
    assert_eq!((d.track_number(), d.duration_secs()), (Some(3), Some(0)));
    for (millis, secs) in [(0, 0), (499, 0), (500, 1), (218_499, 218), (218_500, 219)] {
        let d = b
            .clone()
            .duration(Duration::from_millis(millis))
            .build()
            .unwrap();
        assert_eq!(d.duration_secs(), Some(secs), "{millis} ms");
    }
    let unknown: Option<Duration> = None;
    assert_eq!(
        b.clone().duration(unknown).build().unwrap().duration_secs(),
        None
    );
    // Past 4294967295 seconds there is no duration to write.
    let e = b
        .clone()
        .duration(Duration::from_secs(u64::from(u32::MAX) + 1))
        .build()
        .unwrap_err();
    assert_eq!(
        (e.code(), e.field(), e.span()),
        ("invalid_duration", Some(Field::Duration), 0..0)
    );
    assert_eq!(
        e.to_string(),
        "invalid duration: 4294967296 seconds, expected empty or whole seconds as a decimal \
         0..=4294967295 without leading zeros (the Player's duration is a 32-bit number)"
    );
    let max = b.duration(Duration::from_millis(u64::from(u32::MAX) * 1000 + 499));
    assert_eq!(max.build().unwrap().duration_secs(), Some(u32::MAX));
}

#[test]
fn builder_errors_lists_every_problem_in_field_order() {
    let title = "t:".repeat(600);
    let b = Descriptor::builder(Kind::Job, ServiceId::new(1).unwrap(), "")
        .album_title("a\u{0}")
        .track_number(0)
        .title(&title)
        .duration(std::time::Duration::from_secs(1 << 40));
    let found: Vec<(&str, Option<Field>)> =
        b.errors().iter().map(|e| (e.code(), e.field())).collect();
    assert_eq!(
        found,
        [
            ("invalid_provider", Some(Field::Provider)),
            ("control_character", Some(Field::AlbumTitle)),
            ("invalid_track_number", Some(Field::TrackNumber)),
            ("separator_in_field", Some(Field::Title)),
            ("invalid_duration", Some(Field::Duration)),
            ("too_long", None),
        ]
    );
    assert_eq!(b.build().unwrap_err(), b.errors()[0]);
    let ok = Descriptor::builder(Kind::Job, ServiceId::new(1).unwrap(), "Contoso");
    assert!(ok.errors().is_empty());
}

// ---------------------------------------------------------------------------------------
// Where an error arose, and the field it names.

#[test]
fn an_error_says_whether_it_arose_in_a_description_or_in_a_stores_value() {
    use wmp_bits::{lenient, ErrorOrigin};
    let in_descriptions = [
        err("::WMP_JOB:1:0:P::::::"),
        err("::WMP_JOB:1:1:P::::\t::"),
        err(&"x".repeat(4000)),
        lenient::parse("::wmp_job:1:0:P::::::\n").unwrap_err(),
        "WMP_JOBS".parse::<Kind>().unwrap_err(),
        "0".parse::<ServiceId>().unwrap_err(),
        "100".parse::<Rating>().unwrap_err(),
    ];
    for e in &in_descriptions {
        assert_eq!(e.origin(), ErrorOrigin::Description, "{e}");
    }
    let id = ServiceId::new(1).unwrap();
    let b = || Descriptor::builder(Kind::Job, id, "P");
    let in_values = [
        b().title("a:b").build().unwrap_err(),
        b().album_artist("\t").build().unwrap_err(),
        b().track_number(0).build().unwrap_err(),
        b().title(&"x".repeat(1100)).build().unwrap_err(),
        Descriptor::builder(Kind::Job, id, "").build().unwrap_err(),
        validate::text(Field::Rating, "100").unwrap_err(),
        validate::text(Field::Kind, "wmp_job").unwrap_err(),
    ];
    for e in &in_values {
        assert_eq!(e.origin(), ErrorOrigin::Value, "{e}");
    }
    // The same rule broken either way is the same kind, with the same code and field.
    assert_eq!(
        (in_descriptions[6].kind(), in_descriptions[6].field()),
        (in_values[5].kind(), in_values[5].field())
    );
}

#[test]
fn a_build_error_names_the_field_of_the_value_at_fault() {
    let id = ServiceId::new(1).unwrap();
    let with_provider = |p: &str| Descriptor::builder(Kind::Job, id, p).build().unwrap_err();
    let b = || Descriptor::builder(Kind::Job, id, "P");
    let cases = [
        (with_provider(""), "invalid_provider", Some(Field::Provider)),
        (
            with_provider("a\\b"),
            "invalid_provider",
            Some(Field::Provider),
        ),
        (
            with_provider("a:b"),
            "separator_in_field",
            Some(Field::Provider),
        ),
        (
            with_provider("a\u{1}"),
            "control_character",
            Some(Field::Provider),
        ),
        (
            with_provider(&"p".repeat(256)),
            "invalid_provider",
            Some(Field::Provider),
        ),
        (
            b().album_artist("a:b").build().unwrap_err(),
            "separator_in_field",
            Some(Field::AlbumArtist),
        ),
        (
            b().album_artist("\u{85}").build().unwrap_err(),
            "control_character",
            Some(Field::AlbumArtist),
        ),
        (
            b().album_title(":").build().unwrap_err(),
            "separator_in_field",
            Some(Field::AlbumTitle),
        ),
        (
            b().album_title("\u{7F}").build().unwrap_err(),
            "control_character",
            Some(Field::AlbumTitle),
        ),
        (
            b().title(":").build().unwrap_err(),
            "separator_in_field",
            Some(Field::Title),
        ),
        (
            b().title("\u{0}").build().unwrap_err(),
            "control_character",
            Some(Field::Title),
        ),
        (
            b().track_number(0).build().unwrap_err(),
            "invalid_track_number",
            Some(Field::TrackNumber),
        ),
        (
            b().duration(std::time::Duration::from_secs(1 << 33))
                .build()
                .unwrap_err(),
            "invalid_duration",
            Some(Field::Duration),
        ),
        // The whole is too long: no one field is at fault.
        (
            b().title(&"x".repeat(1100)).build().unwrap_err(),
            "too_long",
            None,
        ),
    ];
    for (e, code, field) in &cases {
        assert_eq!((e.code(), e.field()), (*code, *field), "{e}");
    }
    // `validate::text` names the field it was given, whichever rule the text breaks.
    for (field, text, code) in [
        (Field::Kind, "wmp_job", "unknown_kind"),
        (Field::Version, "2", "unsupported_version"),
        (Field::ServiceId, "0", "zero_service_id"),
        (Field::ServiceId, "01", "invalid_service_id"),
        (Field::TrackNumber, "0", "invalid_track_number"),
        (Field::Duration, "1:00", "invalid_duration"),
        (Field::Rating, "100", "invalid_rating"),
        (Field::AlbumTitle, "a:b", "separator_in_field"),
        (Field::Title, "\t", "control_character"),
    ] {
        let e = validate::text(field, text).unwrap_err();
        assert_eq!((e.code(), e.field()), (code, Some(field)), "{e}");
    }
}
