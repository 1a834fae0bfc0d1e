//! Every message that tells the user what to do names something that works: each test reads
//! the message in full, follows its advice, and checks that the result passes.

mod common;

use proptest::prelude::*;
use wmp_bits::file_name::{file_name_for, Extension};
use wmp_bits::validate::{self, Severity};
use wmp_bits::{lenient, BuildErrorKind, Descriptor, Field, Job, Kind, ServiceId, TextPolicy};

const TYPICAL: &str =
    "::WMP_JOB:1:987654321:Proseware:Norah Jones:Come Away with Me:3:Cold Cold Heart:218:50";

fn builder(provider: &str) -> wmp_bits::DescriptorBuilder<'_> {
    Descriptor::builder(Kind::Job, ServiceId::new(987_654_321).unwrap(), provider)
        .title("Cold Cold Heart")
}

#[test]
fn a_provider_with_a_colon_is_never_sanitised_and_the_advice_says_what_to_do_instead() {
    for policy in [TextPolicy::Reject, TextPolicy::Sanitize] {
        let err = builder("Pro:seware")
            .text_policy(policy)
            .build()
            .unwrap_err();
        assert_eq!(err.kind(), BuildErrorKind::SeparatorInField);
        assert_eq!((err.field(), err.span()), (Some(Field::Provider), 3..4));
        assert_eq!(
            err.to_string(),
            "separator ':' at bytes 3..4 of the provider \"Pro:seware\": expected no ':', which \
             the format cannot escape; the provider is never sanitised, since it must be the \
             store's key name under HKLM\\SOFTWARE\\Microsoft\\MediaPlayer\\Subscriptions \
             exactly: register the store under a key name without ':' and give that name"
        );
        // A key name without ':' builds, with either policy.
        assert!(builder("Proseware").text_policy(policy).build().is_ok());
    }
}

#[test]
fn a_provider_with_a_control_character_is_never_sanitised_either() {
    for policy in [TextPolicy::Reject, TextPolicy::Sanitize] {
        let err = builder("Pro\tseware")
            .text_policy(policy)
            .build()
            .unwrap_err();
        assert_eq!(err.kind(), BuildErrorKind::ControlCharacter);
        assert_eq!(
            err.to_string(),
            "control character U+0009 at bytes 3..4 of the provider \"Pro\\tseware\": expected \
             no control characters (U+0000..U+001F, U+007F..U+009F); the provider is never sanitised, since it must be the store's key name \
             under HKLM\\SOFTWARE\\Microsoft\\MediaPlayer\\Subscriptions exactly, and a key name \
             holds no control characters: give the key name as registered"
        );
    }
    // In other text the advice to sanitise stands, and sanitising works.
    let err = builder("Proseware")
        .title("Live:\tTokyo")
        .build()
        .unwrap_err();
    assert!(err.to_string().ends_with(
        "; remove it, or sanitise the text (TextPolicy::Sanitize) to write it as U+FF1A '：'"
    ));
    let sanitised = builder("Proseware")
        .title("Live:\tTokyo")
        .text_policy(TextPolicy::Sanitize)
        .build()
        .unwrap();
    assert_eq!(sanitised.title(), "Live： Tokyo");
}

#[test]
#[cfg(feature = "idna")]
fn a_unicode_host_is_written_in_idna_form_and_the_named_form_passes() {
    let p = validate::remote_name("https://bücher.example/t/1.mp3");
    assert_eq!(
        (p[0].code(), p[0].span()),
        ("remote_name_invalid_character", Some(9..11))
    );
    assert_eq!(
        p[0].message(),
        "character 'ü' at byte 9 is in the host name, which BITS sends as it is: expected the \
         host in its IDNA (punycode) form, as in https://xn--bcher-kva.example/t/1.mp3"
    );
    assert!(validate::remote_name("https://xn--bcher-kva.example/t/1.mp3").is_empty());
    // A host that IDNA cannot write says so rather than naming a form that would not work.
    let p = validate::remote_name("https://\u{300}ü.example/1.mp3");
    assert_eq!(p[0].code(), "remote_name_invalid_character");
    assert!(
        p[0].message()
            .ends_with("expected a host name that IDNA can write in ASCII, which this one is not"),
        "{}",
        p[0].message()
    );
}

#[test]
fn a_unicode_host_without_the_idna_feature_names_the_feature_and_turning_it_on_works() {
    let url = "https://bücher.example/t/1.mp3";
    let p = validate::remote_name(url);
    assert_eq!(
        (p[0].code(), p[0].span()),
        ("remote_name_invalid_character", Some(9..11))
    );
    let converted = validate::bits_url(url);
    if cfg!(feature = "idna") {
        // The advice below, followed.
        assert_eq!(
            converted.as_deref(),
            Ok("https://xn--bcher-kva.example/t/1.mp3")
        );
    } else {
        assert_eq!(
            p[0].message(),
            "character 'ü' at byte 9 is in the host name, which BITS sends as it is: expected \
             the host in its IDNA (punycode) form, which validate::bits_url writes when \
             wmp-bits is built with its `idna` feature"
        );
        let err = converted.unwrap_err();
        assert_eq!((err.code(), err.span()), ("remote_name_host", Some(8..23)));
        assert_eq!(
            err.message(),
            "remote name host \"bücher.example\" at bytes 8..23 is not ASCII, and writing it in \
             IDNA (punycode) form needs the `idna` feature of wmp-bits: expected a host in \
             ASCII, or wmp-bits built with features = [\"idna\"]"
        );
        // An ASCII host converts without it.
        assert_eq!(
            validate::bits_url("https://xn--bcher-kva.example/t/F ü.mp3").as_deref(),
            Ok("https://xn--bcher-kva.example/t/F%20%C3%BC.mp3")
        );
    }
}

#[test]
fn a_path_keeps_its_percent_encoding_advice_and_following_it_passes() {
    let p = validate::remote_name("https://shop.example/Für.mp3");
    assert_eq!(
        p[0].message(),
        "character 'ü' at byte 22 is not legal in a URL, and BITS does no escape processing: \
         expected it percent-encoded as %C3%BC, as in https://shop.example/F%C3%BCr.mp3"
    );
    assert!(validate::remote_name("https://shop.example/F%C3%BCr.mp3").is_empty());
    // Several at once: every one in one problem, and the whole URL that passes.
    let url = "https://shop.example/Für Elise/100%.mp3";
    let p = validate::remote_name(url);
    assert_eq!(p.len(), 1);
    assert_eq!(
        p[0].message(),
        "3 characters are not legal in a URL as written, and BITS does no escape processing \
         or IDNA conversion: 'ü' at byte 22 (as %C3%BC), ' ' at byte 25 (as %20) and '%' at \
         byte 35 without two hexadecimal digits (as %25); expected the URL as \
         validate::bits_url writes it: https://shop.example/F%C3%BCr%20Elise/100%25.mp3"
    );
    assert!(validate::remote_name("https://shop.example/F%C3%BCr%20Elise/100%25.mp3").is_empty());
    assert_eq!(
        validate::bits_url(url).as_deref(),
        Ok("https://shop.example/F%C3%BCr%20Elise/100%25.mp3")
    );
}

#[test]
fn a_store_url_converts_to_the_form_bits_takes() {
    #[cfg(feature = "idna")]
    let idna = [
        (
            "https://bücher.example/t/1.mp3",
            "https://xn--bcher-kva.example/t/1.mp3",
        ),
        (
            "https://user@MÜNCHEN.example/a%20b%zz/100%",
            "https://user@xn--mnchen-3ya.example/a%20b%25zz/100%25",
        ),
    ];
    #[cfg(not(feature = "idna"))]
    let idna = [];
    let cases = idna.into_iter().chain([
        (
            "http://shop.example:8080/Björk/Jóga 2.mp3?sig=a b",
            "http://shop.example:8080/Bj%C3%B6rk/J%C3%B3ga%202.mp3?sig=a%20b",
        ),
        (
            "https://user@shop.example/a%20b%zz/100%",
            "https://user@shop.example/a%20b%25zz/100%25",
        ),
        ("https://[::1]:8080/a b", "https://[::1]:8080/a%20b"),
        // Only http(s) URLs are converted: the other forms take their text as it is.
        (
            r"\\media\store\06 Back in Black.mp3",
            r"\\media\store\06 Back in Black.mp3",
        ),
        ("file://media/store/a b.mp3", "file://media/store/a b.mp3"),
    ]);
    for (url, want) in cases {
        let got = validate::bits_url(url).unwrap();
        assert_eq!(got, want, "{url}");
        assert!(validate::remote_name(&got)
            .iter()
            .all(|p| p.severity() == Severity::Warning));
    }
}

#[test]
fn a_url_that_cannot_be_converted_says_why() {
    let cases = [
        ("ftp://h/a.mp3", "remote_name_scheme", Some(0..3)),
        ("https:///a.mp3", "remote_name_host", Some(8..8)),
        (
            "https://h/a\u{0}b",
            "remote_name_invalid_character",
            Some(11..12),
        ),
        (r"\\s\h\a*.mp3", "remote_name_invalid_character", Some(7..8)),
        ("https://ü.xn--a.example/x", "remote_name_host", Some(8..24)),
    ];
    for (url, code, span) in cases {
        let err = validate::bits_url(url).unwrap_err();
        assert_eq!((err.code(), err.span()), (code, span), "{url}");
    }
    let err = validate::bits_url("https://ü.xn--a.example/x").unwrap_err();
    #[cfg(feature = "idna")]
    assert_eq!(
        err.message(),
        "remote name host \"ü.xn--a.example\" at bytes 8..24 cannot be written in IDNA \
         (punycode) form: expected a host name"
    );
    #[cfg(not(feature = "idna"))]
    assert!(err
        .message()
        .contains("needs the `idna` feature of wmp-bits"));
    // Percent-encoding makes a name longer: 800 'é' are 1,600 bytes of UTF-8, 4,800 characters
    // once encoded.
    let long = format!("https://h/{}", "é".repeat(800));
    assert!(validate::remote_name(&long)
        .iter()
        .all(|p| p.code() != "remote_name_too_long"));
    let err = validate::bits_url(&long).unwrap_err();
    assert_eq!(err.code(), "remote_name_too_long");
    assert_eq!(
        err.message(),
        "remote name is 4810 UTF-16 code units long: expected at most 2200 (BITS' limit)"
    );
}

proptest! {
    /// Any host of letters (with non-ASCII ones) and any path without control characters
    /// convert, and what they convert to passes the remote-name rules. (Twenty characters
    /// of at most 12 once percent-encoded stay within a segment's 260.)
    #[test]
    fn whatever_converts_passes_the_remote_name_rules(
        host in "[a-zäöüé0-9]{1,12}(\\.[a-zß0-9]{1,8}){0,2}",
        path in proptest::collection::vec(any::<char>().prop_filter("no control", |c| !c.is_control()), 0..20),
        https in any::<bool>(),
    ) {
        let path: String = path.into_iter().collect();
        let url = format!("{}://{host}/{path}", if https { "https" } else { "http" });
        let converted = validate::bits_url(&url);
        if cfg!(not(feature = "idna")) && !host.is_ascii() {
            // Without IDNA, a non-ASCII host is refused, naming the feature that converts it.
            let err = converted.unwrap_err();
            prop_assert_eq!(err.code(), "remote_name_host");
            prop_assert!(err.message().contains("`idna` feature"), "{}", err.message());
            return Ok(());
        }
        prop_assert!(converted.is_ok(), "{url:?}: {converted:?}");
        let converted = converted.unwrap_or_default();
        let errors: Vec<_> = validate::remote_name(&converted)
            .into_iter()
            .filter(|p| p.severity() == Severity::Error)
            .collect();
        prop_assert!(errors.is_empty(), "{url:?} → {converted:?}: {errors:?}");
        prop_assert!(converted.is_ascii());
    }
}

/// Each reading named in a `field_count` message, followed, gives a strict descriptor.
fn each_reading_parses(readings: &[&str]) {
    for fixed in readings {
        assert!(fixed.parse::<Descriptor>().is_ok(), "{fixed}");
    }
}

#[test]
fn a_trailing_colon_is_named_first_when_the_rating_is_the_players() {
    let input = format!("{TYPICAL}:");
    let err = input.parse::<Descriptor>().unwrap_err();
    assert_eq!(
        err.to_string(),
        "too many fields at bytes 86..87: found 11 ':'-separated fields after \"::\", expected \
         10; either the description ends in an extra ':' after the rating: remove the last \
         ':', so that it ends with the rating (or an empty rating), or the duration is written \
         as minutes and seconds, \"218:50\", which the format cannot hold: write whole \
         seconds, 13130, or the title contains ':', which the format cannot escape \
         (sanitising writes it as U+FF1A '：')"
    );
    each_reading_parses(&[
        &input[..input.len() - 1],
        &input.replace(":218:50:", ":13130:"),
        &input.replace("Heart:218", "Heart：218"),
    ]);
    // Text after the last ':' is no stray ':' after the rating.
    let input = "::WMP_JOB:1:1:Contoso:A:B:1:T:60:5:x";
    let message = input.parse::<Descriptor>().unwrap_err().to_string();
    assert!(message.starts_with("too many fields"), "{message}");
    assert!(!message.contains("after the rating"), "{message}");
    // An empty rating followed by the extra ':' too.
    let input = "::WMP_JOB:1:1:Contoso:A:B:1:T:60::";
    assert!(input
        .parse::<Descriptor>()
        .unwrap_err()
        .to_string()
        .contains("ends in an extra ':' after the rating"));
    assert!(input[..input.len() - 1].parse::<Descriptor>().is_ok());
}

#[test]
fn a_duration_in_minutes_and_seconds_is_named_with_its_seconds() {
    let input = TYPICAL.replace(":218:", ":3:38:");
    let err = input.parse::<Descriptor>().unwrap_err();
    assert_eq!(
        err.to_string(),
        "too many fields at bytes 84..87: found 11 ':'-separated fields after \"::\", expected \
         10; either the duration is written as minutes and seconds, \"3:38\", which the \
         format cannot hold: write whole seconds, 218, or the title contains ':', which the \
         format cannot escape (sanitising writes it as U+FF1A '：')"
    );
    each_reading_parses(&[TYPICAL, &input.replace("Heart:3", "Heart：3")]);
    let long = TYPICAL.replace(":218:", ":72:05:");
    assert!(long
        .parse::<Descriptor>()
        .unwrap_err()
        .to_string()
        .contains("\"72:05\", which the format cannot hold: write whole seconds, 4325"));
    // The longest duration that m:ss can stand for is u32::MAX seconds.
    let at_limit = TYPICAL.replace(":218:", ":71582788:15:");
    assert!(at_limit
        .parse::<Descriptor>()
        .unwrap_err()
        .to_string()
        .contains(
            "\"71582788:15\", which the format cannot hold: write whole seconds, 4294967295"
        ));
    let past = TYPICAL.replace(":218:", ":71582788:16:");
    let message = past.parse::<Descriptor>().unwrap_err().to_string();
    assert!(!message.contains("minutes and seconds"), "{message}");
    // Only where the track number before it is valid too.
    let bad_track = TYPICAL.replace(":3:Cold Cold Heart:218:", ":x:Cold Cold Heart:3:38:");
    let message = bad_track.parse::<Descriptor>().unwrap_err().to_string();
    assert!(!message.contains("minutes and seconds"), "{message}");
    // Seconds of 60 and more are no m:ss; a ':' in the title is still the title's.
    let not_seconds = TYPICAL.replace(":218:", ":3:60:");
    assert!(!not_seconds
        .parse::<Descriptor>()
        .unwrap_err()
        .to_string()
        .contains("minutes"));
    let title = TYPICAL.replace("Cold Cold Heart", "Cold: Cold Heart");
    assert!(title
        .parse::<Descriptor>()
        .unwrap_err()
        .to_string()
        .ends_with("; the title probably contains ':', which the format cannot escape (sanitising writes it as U+FF1A '：')"));
}

/// A clock is named only where every other field would then parse, and only when its
/// seconds fit a duration; where nothing but a ':' in some text field explains the fields,
/// that is named.
#[test]
fn a_clock_is_named_only_where_following_it_parses() {
    let message = |input: &str| input.parse::<Descriptor>().unwrap_err().to_string();
    for input in [
        // A service id, or a rating, that does not parse.
        "::WMP_JOB:1:01:Contoso:A:B:1:T:3:38:50",
        "::WMP_JOB:1:1:Contoso:A:B:1:T:3:38:5x",
        // Minutes beyond any count, or whose seconds overflow a duration.
        "::WMP_JOB:1:1:Contoso:A:B:1:T:99999999999999999999:38:50",
        "::WMP_JOB:1:1:Contoso:A:B:1:T:71582789:00:50",
    ] {
        let message = message(input);
        assert!(
            !message.contains("minutes and seconds"),
            "{input}: {message}"
        );
    }
    // The largest clock that fits: 71582788:15 is 4294967295 seconds.
    assert!(message("::WMP_JOB:1:1:Contoso:A:B:1:T:71582788:15:50")
        .contains("write whole seconds, 4294967295"));
    // Neither track number parses, from the start or before the title counted from the
    // end: some text field holds the ':'.
    assert!(message("::WMP_JOB:1:1:Contoso:A:B:x:T:y:60:50").ends_with(
        "; a text field probably contains ':', which the format cannot escape (sanitising \
         writes it as U+FF1A '：' in the album artist, album title and title; a provider must \
         be a key name without ':')"
    ));
    // White space that does not lead to "::" gets no hint.
    let spaced = message("  WMP_JOB:1:1:Contoso::::::");
    assert!(!spaced.contains("white space"), "{spaced}");
}

/// `h:mm:ss` is named first; the one other reading that explains two extra ':' (the title
/// holds one, and the duration is `mm:ss`) is named after it, never a ':' in a text field
/// with the duration as written, which would not parse.
#[test]
fn hours_minutes_and_seconds_come_before_a_colon_in_the_title() {
    let input = TYPICAL.replace(":218:", ":1:02:03:");
    let err = input.parse::<Descriptor>().unwrap_err();
    assert_eq!(
        err.to_string(),
        "too many fields at bytes 84..90: found 12 ':'-separated fields after \"::\", expected \
         10; either the duration is written as hours, minutes and seconds, \"1:02:03\", \
         which the format cannot hold: write whole seconds, 3723, or the title contains ':', \
         which the format cannot escape (sanitising writes it as U+FF1A '：'), and the \
         duration is written as minutes and seconds, \"2:03\", which the format cannot hold: \
         write whole seconds, 123"
    );
    each_reading_parses(&[
        &input.replace(":1:02:03:", ":3723:"),
        &input.replace("Heart:1:02:03:", "Heart\u{FF1A}1:123:"),
    ]);
}

/// Two extra ':' read three ways: `h:mm:ss`, a ':' in the title beside `m:ss` written with
/// a leading zero, or two in the title; each is named, and each, followed, parses.
#[test]
fn a_verse_in_the_title_beside_minutes_and_seconds_is_named_with_hours() {
    let input = "::WMP_JOB:1:7:Contoso:A:B:3:Psalm 1:2:03:04:";
    let message = input.parse::<Descriptor>().unwrap_err().to_string();
    assert!(
        message
            .contains("either the duration is written as hours, minutes and seconds, \"2:03:04\""),
        "{message}"
    );
    assert!(
        message.contains(
            ", or the title contains ':', which the format cannot escape (sanitising writes it \
             as U+FF1A '：'), and the duration is written as minutes and seconds, \"3:04\", \
             which the format cannot hold: write whole seconds, 184"
        ),
        "{message}"
    );
    each_reading_parses(&[
        "::WMP_JOB:1:7:Contoso:A:B:3:Psalm 1:7384:",
        "::WMP_JOB:1:7:Contoso:A:B:3:Psalm 1\u{FF1A}2:184:",
    ]);
    // Minutes written with a leading zero are still minutes.
    let padded = "::WMP_JOB:1:7:Contoso:A:B:3:Intro:03:04:";
    let message = padded.parse::<Descriptor>().unwrap_err().to_string();
    assert!(
        message.contains("written as minutes and seconds, \"3:04\", which the format cannot hold: write whole seconds, 184"),
        "{message}"
    );
    each_reading_parses(&["::WMP_JOB:1:7:Contoso:A:B:3:Intro:184:"]);
}

/// A title that holds a time or a verse (`3:16`) reads as a duration in minutes and seconds
/// too: both readings are named, and the title's, followed, keeps the title whole.
#[test]
fn a_time_in_the_title_is_named_beside_minutes_and_seconds() {
    let input = TYPICAL.replace("Cold Cold Heart:218:50", "Psalm 3:16:45:");
    let message = input.parse::<Descriptor>().unwrap_err().to_string();
    assert!(message.contains("\"16:45\""), "{message}");
    assert!(message.contains("the title contains ':'"), "{message}");
    let meant = input.replace("Psalm 3:16", "Psalm 3：16");
    let d: Descriptor = meant.parse().unwrap();
    assert_eq!(
        (d.title(), d.duration_secs(), d.rating()),
        ("Psalm 3：16", Some(45), None)
    );
}

#[test]
fn a_trailing_line_ending_points_at_lenient_parsing() {
    for ending in ["\n", "\r\n"] {
        let input = format!("{TYPICAL}{ending}");
        let err = input.parse::<Descriptor>().unwrap_err();
        assert_eq!(err.code(), "invalid_rating");
        assert_eq!(
            err.to_string(),
            format!(
                "invalid rating {:?} at bytes 84..{}: expected empty or a decimal 0..=99 \
                 without leading zeros; the description ends in a line ending, which a \
                 descriptor never holds: remove it, or read the text with lenient::parse, \
                 which does",
                format!("50{ending}"),
                input.len()
            )
        );
        // Both pieces of advice work.
        assert_eq!(
            lenient::parse(&input).unwrap().descriptor().as_str(),
            TYPICAL
        );
        assert!(input.trim_end().parse::<Descriptor>().is_ok());
    }
    // Lenient parsing removes one line ending; a second is refused without the advice.
    let err = lenient::parse(&format!("{TYPICAL}\n\n")).unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid rating \"50\\n\" at bytes 84..87: expected empty or a decimal 0..=99 without \
         leading zeros"
    );
}

#[test]
fn superscript_device_names_are_named_in_the_message() {
    let err = validate::local_name(r"C:\Music\COM¹.mp3").unwrap_err();
    assert_eq!(
        err.to_string(),
        "local name has a reserved device name \"COM¹\" at bytes 9..14: expected a file or \
         folder name that is not CON, PRN, AUX, NUL, CONIN$, CONOUT$, COM1–COM9, COM¹–COM³, \
         LPT1–LPT9 or LPT¹–LPT³"
    );
    let err = validate::local_name(r"C:\Music\conout$.wma").unwrap_err();
    assert_eq!(
        (err.code(), err.span()),
        ("local_name_reserved_name", 9..16)
    );
}

#[test]
fn build_errors_without_text_at_fault_have_an_empty_span() {
    let zero = builder("Proseware").track_number(0).build().unwrap_err();
    assert_eq!(
        (zero.code(), zero.field(), zero.span()),
        ("invalid_track_number", Some(Field::TrackNumber), 0..0)
    );
    let long = "x".repeat(1000);
    let too_long = builder("Proseware").album_title(&long).build().unwrap_err();
    assert_eq!(
        (too_long.code(), too_long.field(), too_long.span()),
        ("too_long", None, 0..0)
    );
    let empty = builder("").build().unwrap_err();
    assert_eq!((empty.code(), empty.span()), ("invalid_provider", 0..0));
}

/// 250 `a` and one more user-perceived character of several code points, which must be kept
/// whole or left out, never cut.
#[test]
fn file_names_and_display_names_are_cut_between_grapheme_clusters() {
    for (tail, units) in [
        ("בָּ", 3),  // bet, dagesh, qamats
        ("कि", 2), // ka, vowel sign i
        ("بَ", 2),  // beh, fatha
        ("🇯🇵", 4), // a flag: two regional indicators
        ("👩\u{200D}💻", 5),
        ("e\u{301}", 2),
    ] {
        let title = format!("{}{tail}", "a".repeat(250));
        assert_eq!(common::units(&title), 250 + units);
        let d = builder("Proseware").title(&title).build().unwrap();
        // The stem may take 251 units: the cluster does not fit, and is left out whole.
        assert_eq!(
            file_name_for(&d, Extension::Mp3),
            format!("{}.mp3", "a".repeat(250)),
            "{tail}"
        );
        // The display name is cut to 255 units when over 256, and ends in '…'.
        let title = format!("{}{tail}", "a".repeat(255));
        let d = builder("Proseware").title(&title).build().unwrap();
        let name = Job::default_display_name(&d);
        assert_eq!(name, format!("{}\u{2026}", "a".repeat(255)), "{tail}");
    }
    // A cluster that fits is kept whole.
    let d = builder("Proseware").title("Jóga בָּ").build().unwrap();
    assert_eq!(file_name_for(&d, Extension::Wma), "Jóga בָּ.wma");
}

#[test]
fn advice_is_left_out_where_following_it_would_not_work() {
    // A line ending after a rating that is wrong anyway: no advice to remove it.
    let input = "::WMP_JOB:1:1:Contoso::::::100\n";
    let message = input.parse::<Descriptor>().unwrap_err().to_string();
    assert!(message.ends_with("without leading zeros"), "{message}");
    // Two line endings: removing them works, lenient parsing (which reads one) would not.
    let input = "::WMP_JOB:1:1:Contoso::::::50\n\n";
    let message = input.parse::<Descriptor>().unwrap_err().to_string();
    assert!(
        message.ends_with(
            "; the description ends in white space and a line ending, which a descriptor never \
             holds: remove them"
        ),
        "{message}"
    );
    assert!(lenient::parse(input).is_err());
    assert!(input.trim_end().parse::<Descriptor>().is_ok());
    // A rating on its own is never empty, and has no line ending to speak of.
    let err = "".parse::<wmp_bits::Rating>().unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid rating \"\" at bytes 0..0: expected a decimal 0..=99 without leading zeros"
    );
    let err = "5\n".parse::<wmp_bits::Rating>().unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid rating \"5\\n\" at bytes 0..2: expected a decimal 0..=99 without leading zeros"
    );
    // Minutes and seconds that make more than 4294967295 seconds are no duration to name.
    let input = "::WMP_JOB:1:1:Contoso::::T:4294967295:59:50";
    let message = input.parse::<Descriptor>().unwrap_err().to_string();
    assert!(!message.contains("minutes and seconds"), "{message}");
    // A ':' in the host is no character to percent-encode, and neither is a space.
    for (url, at) in [("https://ho st/a.mp3", 10), (r"https://h\a.mp3", 9)] {
        let p = validate::remote_name(url);
        assert_eq!(p[0].code(), "remote_name_invalid_character");
        assert!(
            p[0].message().ends_with(&format!(
                "at byte {at} is in the host name, which BITS sends as it is: expected a host \
                 name of letters, digits, '-' and '.', or an IPv6 address in brackets"
            )),
            "{}",
            p[0].message()
        );
    }
    // Nor does an IPv6 literal have an IDNA form to name.
    let p = validate::remote_name("https://[::1é]/a.mp3");
    assert!(
        p[0].message().ends_with("or an IPv6 address in brackets"),
        "{}",
        p[0].message()
    );
    // A ':' that may be in the provider is not to be sanitised there.
    let message = "::WMP_JOB:1:1:Con:toso:A:B:1:T:60:50"
        .parse::<Descriptor>()
        .unwrap_err()
        .to_string();
    assert!(
        message.ends_with(
            "; the provider, album artist or album title probably contains ':', which the \
             format cannot escape (sanitising writes it as U+FF1A '：' in the album artist, \
             album title and title; a provider must be a key name without ':')"
        ),
        "{message}"
    );
}

#[test]
fn a_stray_colon_and_minutes_and_seconds_are_ordered_by_the_rating() {
    // `…:3:38:` reads both ways; 38 is no rating the Player writes, so m:ss comes first.
    let input = TYPICAL.replace(":218:50", ":3:38:");
    let message = input.parse::<Descriptor>().unwrap_err().to_string();
    let m_ss = message.find("minutes and seconds").unwrap();
    let stray = message.find("an extra ':' after the rating").unwrap();
    assert!(m_ss < stray, "{message}");
    each_reading_parses(&[&input.replace(":3:38:", ":218:"), &input[..input.len() - 1]]);
    // `…:218:50:` ends in a rating the Player writes (three stars): the stray ':' first.
    let input = format!("{TYPICAL}:");
    let message = input.parse::<Descriptor>().unwrap_err().to_string();
    let m_ss = message.find("minutes and seconds").unwrap();
    let stray = message.find("an extra ':' after the rating").unwrap();
    assert!(stray < m_ss, "{message}");
}

/// `validate::text` gives the kind, the version and the numbers their whole rule, with the
/// same messages as the strict parser, spanning the caller's text.
#[test]
fn validate_text_gives_every_field_its_whole_rule() {
    let cases = [
        (Field::Kind, "", "unknown_kind", "unknown kind \"\": expected WMP_JOB or WMP_STATUS (case-sensitive)"),
        (Field::Kind, "wmp_job", "unknown_kind", "unknown kind \"wmp_job\": expected WMP_JOB or WMP_STATUS (case-sensitive)"),
        (Field::Version, "2", "unsupported_version", "unsupported version \"2\": expected 1"),
        (Field::ServiceId, "0", "zero_service_id", "zero service id: expected a nonzero decimal 1..=4294967295"),
        (Field::ServiceId, "01", "invalid_service_id", "invalid service id \"01\": expected a decimal 1..=4294967295 without sign or leading zeros"),
        (Field::TrackNumber, "0", "invalid_track_number", "invalid track number \"0\": expected empty or a decimal 1..=4294967295 without leading zeros"),
        (Field::Duration, "3:38", "invalid_duration", "invalid duration \"3:38\": expected empty or whole seconds as a decimal 0..=4294967295 without leading zeros"),
        (Field::Rating, "100", "invalid_rating", "invalid rating \"100\": expected empty or a decimal 0..=99 without leading zeros"),
    ];
    for (field, text, code, message) in cases {
        let err = validate::text(field, text).unwrap_err();
        assert_eq!(
            (
                err.code(),
                err.field(),
                err.span(),
                err.to_string().as_str()
            ),
            (code, Some(field), 0..text.len(), message),
            "{field:?} {text:?}"
        );
    }
    for (field, text) in [
        (Field::Kind, "WMP_JOB"),
        (Field::Kind, "WMP_STATUS"),
        (Field::Version, "1"),
        (Field::ServiceId, "42"),
        (Field::TrackNumber, "7"),
        (Field::TrackNumber, ""),
        (Field::Duration, ""),
        (Field::Rating, "50"),
    ] {
        assert!(validate::text(field, text).is_ok(), "{field:?} {text:?}");
    }
}
