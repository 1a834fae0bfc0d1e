//! The checks of a store's values and of a whole job: text at its limits, the first
//! offending character, problems and reports, the crate's warnings, and the local-name
//! codes.

use wmp_bits::validate::{
    self, LocalNameErrorKind, Problem, ProblemKind, Report, Severity, Subject,
};
use wmp_bits::{Descriptor, Field};

const FULL: &str = "::WMP_JOB:1:7:Contoso:A:B:12:T:60:50";

#[test]
fn only_the_provider_has_a_length_limit_of_its_own() {
    // Only the provider has a length limit of its own.
    let long = "t".repeat(300);
    assert!(validate::text(Field::Title, &long).is_ok());
    assert!(validate::text(Field::AlbumArtist, &long).is_ok());
    // 255 units fit, in bytes or characters above 255.
    assert!(validate::text(Field::Provider, &"é".repeat(255)).is_ok());
    assert!(validate::text(Field::Provider, &format!("{}x", "🎷".repeat(127))).is_ok());
    let e = validate::text(Field::Provider, &"é".repeat(256)).unwrap_err();
    assert_eq!((e.code(), e.span()), ("invalid_provider", 0..512));
    assert!(e.to_string().contains(": 256 UTF-16 code units"), "{e}");
    let e = validate::text(Field::Duration, "1:2").unwrap_err();
    assert_eq!(
        (e.code(), e.field(), e.span()),
        ("invalid_duration", Some(Field::Duration), 0..3)
    );
    let e = validate::text(Field::Provider, "a\u{9F}").unwrap_err();
    assert_eq!((e.code(), e.span()), ("control_character", 1..3));
    assert_eq!(validate::utf16_len("a🎷é"), 4);
    assert_eq!(validate::MAX_DESCRIPTION_UTF16, 1024);
    assert_eq!(validate::MAX_PROVIDER_UTF16, 255);
}

#[test]
fn a_problem_keeps_what_it_is_given_and_a_report_tells_errors_from_warnings() {
    assert_eq!(Severity::Warning.to_string(), "warning");
    assert_eq!(Severity::Error.to_string(), "error");
    assert!(Severity::Warning < Severity::Error);
    let subjects = [
        (Subject::Description, "description"),
        (Subject::LocalName, "local name"),
        (Subject::RemoteName, "remote name"),
        (Subject::DisplayName, "display name"),
        (Subject::Job, "job"),
        (Subject::Machine, "machine"),
    ];
    for (s, text) in subjects {
        assert_eq!(s.to_string(), text);
    }
    let p = Problem::new(
        Severity::Warning,
        ProblemKind::Other("store_rule"),
        Subject::DisplayName,
        "too short",
    )
    .with_field(Field::Title)
    .with_span(3..5);
    assert_eq!(p.severity(), Severity::Warning);
    assert_eq!(p.code(), "store_rule");
    assert_eq!(p.kind().to_string(), "store_rule");
    assert_eq!(
        wmp_bits::doctor::ProblemKind::JobInError.to_string(),
        "job_in_error"
    );
    assert_eq!(p.subject(), Subject::DisplayName);
    assert_eq!(p.field(), Some(Field::Title));
    assert_eq!(p.span(), Some(3..5));
    assert_eq!(p.message(), "too short");
    assert_eq!(
        p.to_string(),
        "warning: display name: too short [store_rule]"
    );

    let mut r = Report::new();
    assert!(r.is_ok());
    assert_eq!(r.to_string(), "no problems");
    r.push(p.clone());
    assert!(r.is_ok());
    r.push(Problem::new(
        Severity::Error,
        ProblemKind::Other("x"),
        Subject::RemoteName,
        "m",
    ));
    assert!(!r.is_ok());
    assert_eq!(r.problems().len(), 2);
    assert_eq!(r.errors().map(Problem::code).collect::<Vec<_>>(), ["x"]);
    assert_eq!(
        r.warnings().map(Problem::code).collect::<Vec<_>>(),
        ["store_rule"]
    );
    assert_eq!(
        r.to_string(),
        "warning: display name: too short [store_rule]\nerror: remote name: m [x]"
    );
    assert!(r.descriptor().is_none());

    let e = "::WMP_JOB:1:0:P::::::".parse::<Descriptor>().unwrap_err();
    let from_parse = Problem::from(&e);
    assert_eq!(
        (
            from_parse.severity(),
            from_parse.code(),
            from_parse.subject(),
            from_parse.field(),
            from_parse.span()
        ),
        (
            Severity::Error,
            "zero_service_id",
            Subject::Description,
            Some(Field::ServiceId),
            Some(12..13)
        )
    );
    assert_eq!(from_parse.message(), e.to_string());
    let le = validate::local_name(r"C:\a.wav").unwrap_err();
    let from_local = Problem::from(&le);
    assert_eq!(
        (
            from_local.severity(),
            from_local.code(),
            from_local.subject(),
            from_local.field(),
            from_local.span()
        ),
        (
            Severity::Error,
            "local_name_extension",
            Subject::LocalName,
            None,
            Some(4..8)
        )
    );
    assert_eq!(from_local.message(), le.to_string());
}

#[test]
fn warnings_name_the_character_and_its_place() {
    type Seen<'a> = (&'a str, Option<Field>, Option<std::ops::Range<usize>>);
    let d: Descriptor = "::WMP_JOB:1:4294967295:P\u{2066}:\u{202A}:::é\u{202E}::"
        .parse()
        .unwrap();
    let w = validate::warnings(&d);
    let got: Vec<Seen<'_>> = w.iter().map(|p| (p.code(), p.field(), p.span())).collect();
    assert_eq!(
        got,
        [
            ("large_service_id", Some(Field::ServiceId), Some(12..22)),
            ("bidi_control", Some(Field::Provider), Some(24..27)),
            ("bidi_control", Some(Field::AlbumArtist), Some(28..31)),
            ("bidi_control", Some(Field::Title), Some(36..39)),
        ]
    );
    assert!(w.iter().all(|p| p.severity() == Severity::Warning));
    assert_eq!(
        w[3].message(),
        "bidirectional control character U+202E in title at bytes 36..39: it can make the \
         text display as something else; expected none of U+202A..U+202E, U+2066..U+2069"
    );
    assert_eq!(
        w[0].message(),
        "service id 4294967295 is above 2147483647: the Player's script API takes it as a \
         signed long and may see a negative number; expected 1..=2147483647 (what \
         ServiceId::random draws)"
    );
    let portable: Descriptor = "::WMP_JOB:1:2147483647:P::::::".parse().unwrap();
    assert!(validate::warnings(&portable).is_empty());
}

#[test]
fn a_job_is_checked_in_every_part_given() {
    let r = validate::job(FULL).check();
    assert!(r.is_ok() && r.problems().is_empty());
    assert_eq!(r.descriptor().map(Descriptor::as_str), Some(FULL));
    let none: &[&str] = &[];
    let r = validate::job(FULL).installed_providers(none).check();
    assert_eq!(
        r.problems()[0].message(),
        "provider \"Contoso\" is not an installed store: expected one of the key names \
         under HKLM\\SOFTWARE\\Microsoft\\MediaPlayer\\Subscriptions (none installed), \
         compared case-insensitively; the store's installer creates the key \
         HKLM\\SOFTWARE\\Microsoft\\MediaPlayer\\Subscriptions\\Contoso"
    );
    assert_eq!(r.problems()[0].span(), Some(14..21));
    assert!(validate::job(FULL)
        .installed_providers(&["contoso"])
        .check()
        .is_ok());
    let r = validate::job(FULL).local_name(r"C:\Music\a.mp3").check();
    assert!(r.problems().is_empty());
    let r = validate::job(FULL).local_name(r"C:\Music\CON.mp3").check();
    assert_eq!(r.problems().len(), 1);
    assert_eq!(r.problems()[0].code(), "local_name_reserved_name");
    assert!(r.descriptor().is_some());
}

#[test]
fn each_local_name_rule_has_its_kind_and_code() {
    let cases = [
        (
            "song.mp3",
            LocalNameErrorKind::NotAbsolute,
            "local_name_not_absolute",
        ),
        (
            r"\\?\C:\a.mp3",
            LocalNameErrorKind::VerbatimPrefix,
            "local_name_verbatim_prefix",
        ),
        (
            r"C:\a*.mp3",
            LocalNameErrorKind::InvalidCharacter,
            "local_name_invalid_character",
        ),
        (
            r"C:\a.mp3:s",
            LocalNameErrorKind::Stream,
            "local_name_stream",
        ),
        (
            r"C:\a.\b.mp3",
            LocalNameErrorKind::TrailingDotOrSpace,
            "local_name_trailing_dot_or_space",
        ),
        (
            r"C:\nul.mp3",
            LocalNameErrorKind::ReservedName,
            "local_name_reserved_name",
        ),
        (
            &format!(r"C:\{}.mp3", "a".repeat(300)),
            LocalNameErrorKind::TooLong,
            "local_name_too_long",
        ),
        (
            r"C:\a.ogg",
            LocalNameErrorKind::Extension,
            "local_name_extension",
        ),
    ];
    for (path, kind, code) in cases {
        let e = validate::local_name(path).unwrap_err();
        assert_eq!(e.kind(), kind, "{path}");
        assert_eq!(e.code(), code);
        assert_eq!(kind.code(), code);
    }
}

#[test]
fn a_separator_in_caller_text_is_explained() {
    let e = validate::text(Field::AlbumTitle, "Live: Tokyo").unwrap_err();
    assert_eq!(
        e.to_string(),
        "separator ':' at bytes 4..5 of the album title \"Live: Tokyo\": expected no ':', which the \
         format cannot escape; remove it, or sanitise the text (TextPolicy::Sanitize) to write \
         it as U+FF1A '：'"
    );
    let e = validate::text(Field::Title, "a\u{1}").unwrap_err();
    assert_eq!(
        e.to_string(),
        "control character U+0001 at bytes 1..2 of the title \"a\\u{1}\": expected no \
         control characters (U+0000..U+001F, U+007F..U+009F); remove them, or sanitise the text \
         (TextPolicy::Sanitize) to write them as spaces"
    );
}

#[test]
fn caller_text_reports_its_first_offending_character() {
    let found = |field, s: &str| {
        let e = validate::text(field, s).unwrap_err();
        (e.code(), e.span())
    };
    // A control character before the ':' comes first, and after it, the ':'.
    assert_eq!(found(Field::Title, "a\t:b"), ("control_character", 1..2));
    assert_eq!(found(Field::Title, "a:\tb"), ("separator_in_field", 1..2));
    assert_eq!(
        found(Field::AlbumArtist, ":\u{85}"),
        ("separator_in_field", 0..1)
    );
    // In the provider, a '\' or a control before the ':' too; its emptiness and length
    // never hide a ':'.
    assert_eq!(found(Field::Provider, "a\\:b"), ("invalid_provider", 1..2));
    assert_eq!(
        found(Field::Provider, "a\u{1}:b"),
        ("control_character", 1..2)
    );
    assert_eq!(
        found(Field::Provider, "a:\\b"),
        ("separator_in_field", 1..2)
    );
    assert_eq!(found(Field::Provider, ":a"), ("separator_in_field", 0..1));
    let long = format!("{}:", "p".repeat(300));
    assert_eq!(
        found(Field::Provider, &long),
        ("separator_in_field", 300..301)
    );
    assert_eq!(
        found(Field::Provider, &"p".repeat(300)),
        ("invalid_provider", 0..300)
    );
}

#[test]
fn a_provider_the_builder_refuses_is_named_with_its_place() {
    let e = validate::text(Field::Provider, "a\\b").unwrap_err();
    assert_eq!(
        e.to_string(),
        "invalid provider character '\\' at bytes 1..2 of the provider \"a\\\\b\": expected the \
         store's registry key name: 1 to 255 UTF-16 code units, any character but '\\', ':' \
         and controls"
    );
    let e = validate::text(Field::Provider, "").unwrap_err();
    assert_eq!(
        (e.span(), e.to_string().as_str()),
        (
            0..0,
            "empty provider: expected the store's registry key name: 1 to 255 UTF-16 code \
             units, any character but '\\', ':' and controls"
        )
    );
}
