//! Small, exact assertions on every corner of the public API: conversions, accessors,
//! codes, messages, spans and orders that a plausible slip in the code would change. (The
//! documentation examples show the same behaviours; these state them as tests.)

use std::collections::hash_map::DefaultHasher;
use std::fmt::{self, Write as _};
use std::hash::{Hash, Hasher};
use std::num::NonZeroU32;

use wmp_bits::validate::{
    self, LocalNameErrorKind, Problem, ProblemKind, Report, Severity, Subject,
};
use wmp_bits::{
    BuildErrorKind, Descriptor, Field, Kind, ParseErrorKind, Rating, RatingRangeError, ServiceId,
    TextPolicy, ZeroServiceIdError,
};

fn hash_of<T: Hash + ?Sized>(value: &T) -> u64 {
    let mut h = DefaultHasher::new();
    value.hash(&mut h);
    h.finish()
}

const FULL: &str = "::WMP_JOB:1:7:Contoso:A:B:12:T:60:50";

#[test]
fn kind_tokens_both_ways() {
    assert_eq!(Kind::Job.as_str(), "WMP_JOB");
    assert_eq!(Kind::Status.as_str(), "WMP_STATUS");
    assert_eq!(Kind::Job.to_string(), "WMP_JOB");
    assert_eq!(Kind::Status.to_string(), "WMP_STATUS");
    assert_eq!("WMP_JOB".parse::<Kind>().unwrap(), Kind::Job);
    assert_eq!("WMP_STATUS".parse::<Kind>().unwrap(), Kind::Status);
    let e = "WMP_JOBS".parse::<Kind>().unwrap_err();
    assert_eq!(
        (e.kind(), e.field(), e.span()),
        (ParseErrorKind::UnknownKind, Some(Field::Kind), 0..8)
    );
    assert!(Kind::Job < Kind::Status);
}

#[test]
fn descriptor_text_and_conversions() {
    let d: Descriptor = FULL.parse().unwrap();
    assert_eq!(d.as_str(), FULL);
    assert_eq!(d.to_string(), FULL);
    assert_eq!(AsRef::<str>::as_ref(&d), FULL);
    assert_eq!(String::from(d.clone()), FULL);
    assert_eq!(d.clone().into_string(), FULL);
    assert_eq!(Descriptor::try_from(FULL).unwrap(), d);
    assert_eq!(d.utf16_len(), FULL.len());
    let astral: Descriptor = "::WMP_JOB:1:7:Contoso:🎷:::::".parse().unwrap();
    assert_eq!(astral.utf16_len(), 29);
}

#[test]
fn descriptor_fields_and_spans() {
    let d: Descriptor = FULL.parse().unwrap();
    assert_eq!(d.kind(), Kind::Job);
    assert_eq!(d.service_id().get(), 7);
    assert_eq!(d.provider(), "Contoso");
    assert_eq!(d.album_artist(), "A");
    assert_eq!(d.album_title(), "B");
    assert_eq!(d.track_number(), Some(12));
    assert_eq!(d.title(), "T");
    assert_eq!(d.duration_secs(), Some(60));
    assert_eq!(d.rating(), Rating::new(50));
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
    let texts: Vec<&str> = Field::ALL.iter().map(|&f| d.field_str(f)).collect();
    assert_eq!(
        texts,
        ["WMP_JOB", "1", "7", "Contoso", "A", "B", "12", "T", "60", "50"]
    );
    let empty: Descriptor = "::WMP_STATUS:1:9:P::::::".parse().unwrap();
    assert_eq!(empty.kind(), Kind::Status);
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
    assert_eq!(format!("{a:?}"), format!("Descriptor({FULL:?})"));
}

#[test]
fn every_builder_setter_lands_in_its_field() {
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
    assert_eq!(d, FULL.parse().unwrap());
    for field in Field::ALL {
        assert_eq!(
            d.span(field),
            FULL.parse::<Descriptor>().unwrap().span(field)
        );
    }
    assert_eq!(
        (d.track_number(), d.duration_secs(), d.rating()),
        (Some(12), Some(60), Rating::new(50))
    );
    let bare = Descriptor::builder(Kind::Status, id, "Contoso")
        .build()
        .unwrap();
    assert_eq!(bare.as_str(), "::WMP_STATUS:1:7:Contoso::::::");
    // The policy only matters when there is something to sanitise.
    let strict = Descriptor::builder(Kind::Job, id, "P")
        .title("a:b")
        .text_policy(TextPolicy::Reject)
        .build();
    assert_eq!(strict.unwrap_err().kind(), BuildErrorKind::SeparatorInField);
    assert_eq!(TextPolicy::default(), TextPolicy::Reject);
    let zero = Descriptor::builder(Kind::Job, id, "P")
        .track_number(0)
        .build()
        .unwrap_err();
    assert_eq!(
        (zero.kind(), zero.field()),
        (BuildErrorKind::InvalidTrackNumber, Some(Field::TrackNumber))
    );
}

#[test]
fn field_names_keys_and_order() {
    let names: Vec<&str> = Field::ALL.iter().map(|f| f.name()).collect();
    assert_eq!(
        names,
        [
            "kind",
            "version",
            "service id",
            "provider",
            "album artist",
            "album title",
            "track number",
            "title",
            "duration",
            "rating"
        ]
    );
    let keys: Vec<&str> = Field::ALL.iter().map(|f| f.key()).collect();
    assert_eq!(
        keys,
        [
            "Kind",
            "Version",
            "serviceId",
            "Provider",
            "AlbumArtist",
            "AlbumTitle",
            "TrackNumber",
            "Title",
            "Duration",
            "Rating"
        ]
    );
    let displayed: Vec<String> = Field::ALL.iter().map(Field::to_string).collect();
    assert_eq!(displayed, names);
    let indices: Vec<usize> = Field::ALL.iter().map(|f| f.index()).collect();
    assert_eq!(indices, (0..10).collect::<Vec<_>>());
    let text: Vec<bool> = Field::ALL.iter().map(|f| f.is_text()).collect();
    assert_eq!(
        text,
        [false, false, false, true, true, true, false, true, false, false]
    );
}

#[test]
fn every_parse_error_kind_has_its_code() {
    let cases = [
        ("x".repeat(1100), ParseErrorKind::TooLong, "too_long"),
        (
            "x".to_string(),
            ParseErrorKind::MissingPrefix,
            "missing_prefix",
        ),
        (
            "::X".to_string(),
            ParseErrorKind::UnknownKind,
            "unknown_kind",
        ),
        (
            "::WMP_JOB:2".to_string(),
            ParseErrorKind::UnsupportedVersion,
            "unsupported_version",
        ),
        (
            "::WMP_JOB:1".to_string(),
            ParseErrorKind::FieldCount,
            "field_count",
        ),
        (
            "::WMP_JOB:1:x:P::::::".to_string(),
            ParseErrorKind::InvalidServiceId,
            "invalid_service_id",
        ),
        (
            "::WMP_JOB:1:0:P::::::".to_string(),
            ParseErrorKind::ZeroServiceId,
            "zero_service_id",
        ),
        (
            "::WMP_JOB:1:1:::::::".to_string(),
            ParseErrorKind::InvalidProvider,
            "invalid_provider",
        ),
        (
            "::WMP_JOB:1:1:P:\t:::::".to_string(),
            ParseErrorKind::ControlCharacter,
            "control_character",
        ),
        (
            "::WMP_JOB:1:1:P:::0:::".to_string(),
            ParseErrorKind::InvalidTrackNumber,
            "invalid_track_number",
        ),
        (
            "::WMP_JOB:1:1:P:::::x:".to_string(),
            ParseErrorKind::InvalidDuration,
            "invalid_duration",
        ),
        (
            "::WMP_JOB:1:1:P::::::x".to_string(),
            ParseErrorKind::InvalidRating,
            "invalid_rating",
        ),
    ];
    for (input, kind, code) in cases {
        let e = input.parse::<Descriptor>().unwrap_err();
        assert_eq!(e.kind(), kind, "{input}");
        assert_eq!(e.code(), code);
        assert_eq!(kind.code(), code);
        assert_eq!(kind.to_string(), code);
    }
    // The snippet shows in Debug, quoted as in the message.
    let e = "::WMP_JOB:01".parse::<Descriptor>().unwrap_err();
    let debug = format!("{e:?}");
    assert!(debug.contains("text: \"01\""), "{debug}");
}

#[test]
fn every_build_error_kind_has_its_code_and_message() {
    let id = ServiceId::new(1).unwrap();
    let cases = [
        (BuildErrorKind::SeparatorInField, "separator_in_field"),
        (BuildErrorKind::ControlCharacter, "control_character"),
        (BuildErrorKind::InvalidProvider, "invalid_provider"),
        (BuildErrorKind::InvalidTrackNumber, "invalid_track_number"),
        (BuildErrorKind::TooLong, "too_long"),
    ];
    for (kind, code) in cases {
        assert_eq!(kind.code(), code);
        assert_eq!(kind.to_string(), code);
    }
    let e = validate::text(Field::Provider, "a\\b").unwrap_err();
    assert_eq!(
        e.to_string(),
        "invalid provider character '\\' at bytes 1..2 of the provider \"a\\\\b\": expected the store's registry key name: 1 to 255 UTF-16 code units, any character but '\\', ':' and controls"
    );
    let e = validate::text(Field::Provider, "").unwrap_err();
    assert_eq!(
        e.to_string(),
        "empty provider: expected the store's registry key name: 1 to 255 UTF-16 code units, any character but '\\', ':' and controls"
    );
    let e = Descriptor::builder(Kind::Job, id, "P")
        .title(&"x".repeat(1004))
        .build()
        .unwrap_err();
    assert_eq!(
        (e.kind(), e.code(), e.field(), e.span()),
        (BuildErrorKind::TooLong, "too_long", None, 0..0)
    );
}

#[test]
fn ratings_from_stars_values_and_text() {
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
    assert_eq!(Rating::try_from(100u8), Err(RatingRangeError(100)));
    assert_eq!(
        RatingRangeError(100).to_string(),
        "rating 100 is out of range: expected 0..=99"
    );
    assert_eq!(u8::from(Rating::new(42).unwrap()), 42);
    assert_eq!(Rating::new(7).unwrap().to_string(), "7");
    assert_eq!("42".parse::<Rating>().unwrap().get(), 42);
    assert_eq!(Rating::default(), Rating::UNRATED);
}

#[test]
fn service_ids_in_every_form() {
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
    assert_eq!(ServiceId::try_from(0u32), Err(ZeroServiceIdError));
    assert_eq!(
        ZeroServiceIdError.to_string(),
        "a service id cannot be zero: expected 1..=4294967295"
    );
    assert!(ServiceId::MAX_PORTABLE.fits_i32());
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

#[test]
fn text_checks_at_their_limits() {
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
fn provider_matching_compares_every_character() {
    // Same length, different text.
    assert!(!validate::provider_matches("Contoso", "Fabrika"));
    assert!(!validate::provider_matches("Proseware", "Proseward"));
    assert!(validate::provider_matches("Proseware", "Proseware"));
    assert!(validate::provider_matches("proseware", "PROSEWARE"));
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

#[test]
fn problems_and_reports_in_detail() {
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
fn job_checks_every_part_given() {
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
fn every_local_name_error_kind_has_its_code() {
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

/// A formatter's error is passed on, not swallowed or turned into a panic.
#[test]
fn messages_pass_on_a_formatter_error() {
    struct Refuse;
    impl fmt::Write for Refuse {
        fn write_str(&mut self, _: &str) -> fmt::Result {
            Err(fmt::Error)
        }
    }
    let too_many = "::WMP_JOB:1:1:P:A:x:B:1:T:1:50"
        .parse::<Descriptor>()
        .unwrap_err();
    assert!(write!(Refuse, "{too_many}").is_err());
    let zero = "::WMP_JOB:1:0:P::::::".parse::<Descriptor>().unwrap_err();
    assert!(write!(Refuse, "{zero}").is_err());
    let colon = validate::text(Field::Title, "a:b").unwrap_err();
    assert!(write!(Refuse, "{colon}").is_err());
    let local = validate::local_name("a.mp3").unwrap_err();
    assert!(write!(Refuse, "{local}").is_err());
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
    let err = b
        .clone()
        .duration(Duration::from_secs(u64::from(u32::MAX) + 1))
        .build()
        .unwrap_err();
    assert_eq!(
        (err.code(), err.field(), err.span()),
        ("invalid_duration", Some(Field::Duration), 0..0)
    );
    assert_eq!(
        err.to_string(),
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
