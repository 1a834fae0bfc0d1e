//! Hostile input: what any program of the user could leave in a BITS queue's descriptions,
//! or hand over as a local file name. Nothing may panic, and every input gets the code the
//! contract gives it. The expected code is worked out by `model` (the grammar written out
//! plainly, independently of the crate) and, for the most telling cases, by hand as well.
//!
//! No test here measures time. That hostile sizes stay cheap is a matter of design: an input
//! over 3,072 bytes cannot be within 1,024 UTF-16 code units and is refused before it is
//! scanned, which the tests observe through the message (it reports bytes, not a count of
//! UTF-16 code units, because no count was made).

mod common;
mod model;

use std::collections::BTreeSet;

use wmp_bits::{validate, Descriptor, Field, Kind, Rating, ServiceId, TextPolicy};

const MIB: usize = 1 << 20;

/// Parses `s`, checks the outcome against the model in every detail the contract fixes, and
/// returns the code (`"ok"` when accepted).
fn agree(s: &str) -> &'static str {
    let parsed = s.parse::<Descriptor>();
    let owned = Descriptor::try_from(s.to_string());
    assert_eq!(parsed, owned, "&str and String parse differently: {s:?}");
    match (model::descriptor(s), parsed) {
        (Ok(want), Ok(d)) => {
            assert_eq!(d.as_str(), s);
            assert_eq!(d.to_string(), s);
            assert_eq!(d.kind().as_str(), want.kind, "{s:?}");
            assert_eq!(d.service_id().get(), want.service_id, "{s:?}");
            assert_eq!(d.provider(), want.provider, "{s:?}");
            assert_eq!(d.album_artist(), want.album_artist, "{s:?}");
            assert_eq!(d.album_title(), want.album_title, "{s:?}");
            assert_eq!(d.track_number(), want.track_number, "{s:?}");
            assert_eq!(d.title(), want.title, "{s:?}");
            assert_eq!(d.duration_secs(), want.duration_secs, "{s:?}");
            assert_eq!(d.rating().map(Rating::get), want.rating, "{s:?}");
            assert_eq!(d.utf16_len(), s.encode_utf16().count());
            "ok"
        }
        (Err(want), Err(e)) => {
            assert_eq!(e.code(), want.code, "{s:?}: {e}");
            assert_eq!(e.kind().code(), want.code);
            assert_eq!(e.field(), want.field, "{s:?}: {e}");
            let span = e.span();
            match want.span {
                Some(w) => assert_eq!(span, w, "{s:?}: {e}"),
                None => assert!(s.get(span.clone()).is_some(), "{s:?}: {span:?}"),
            }
            let message = e.to_string();
            assert!(message.starts_with(char::is_lowercase), "{message}");
            assert!(message.contains("expected"), "{message}");
            want.code
        }
        (Ok(_), Err(e)) => panic!("{s:?} is valid but was refused: {e}"),
        (Err(want), Ok(d)) => panic!("{s:?} should be {want:?} but parsed as {d:?}"),
    }
}

/// Checks a local name against the model and returns its code (`"ok"` when accepted).
fn agree_local(path: &str) -> &'static str {
    let got = validate::local_name(path);
    match (model::local_name(path), &got) {
        (Ok(()), Ok(())) => "ok",
        (Err(want), Err(e)) => {
            assert_eq!(e.code(), want, "{path:?}: {e}");
            assert!(path.get(e.span()).is_some(), "{path:?}: {:?}", e.span());
            assert!(e.to_string().starts_with(char::is_lowercase), "{e}");
            want
        }
        (want, got) => panic!("{path:?}: expected {want:?}, got {got:?}"),
    }
}

#[test]
fn one_mebibyte_of_separators_is_refused_up_front() {
    let s = ":".repeat(MIB);
    let e = s.parse::<Descriptor>().unwrap_err();
    assert_eq!((e.code(), e.field(), e.span()), ("too_long", None, 0..MIB));
    // The message counts bytes: the refusal came before any scan of the text.
    assert_eq!(
        e.to_string(),
        "description too long at bytes 0..1048576: 1048576 bytes of UTF-8 are more than 1024 \
         UTF-16 code units can take, expected at most 1024 UTF-16 code units; shorten it by at \
         least 348502 UTF-16 code units"
    );
    assert_eq!(agree(&s), "too_long");
    let report = validate::job(&s).local_name(&s).check();
    let codes: Vec<&str> = report
        .problems()
        .iter()
        .map(wmp_bits::validate::Problem::code)
        .collect();
    assert_eq!(codes, ["too_long", "local_name_not_absolute"]);
}

#[test]
fn one_mebibyte_without_a_separator_is_refused_up_front() {
    for unit in ["a", "é", "音", "🎷", "\u{0}"] {
        let s = unit.repeat(MIB / unit.len());
        let e = s.parse::<Descriptor>().unwrap_err();
        assert_eq!(e.code(), "too_long", "{unit:?}");
        assert!(
            e.to_string().contains(" bytes of UTF-8 are more than 1024"),
            "{e}"
        );
        assert_eq!(agree(&s), "too_long");
        // The same text with the prefix in front is no different.
        assert_eq!(agree(&format!("::WMP_JOB:1:1:P:{s}:::::")), "too_long");
    }
}

#[test]
fn a_hundred_thousand_fields_are_too_long() {
    let s = format!("::WMP_JOB:1{}", ":x".repeat(100_000 - 2));
    assert_eq!(s.split(':').count() - 2, 100_000);
    assert_eq!(agree(&s), "too_long");
    let bare = ":".repeat(100_002);
    assert_eq!(agree(&bare), "too_long");
    // 3,000 separators alone are over 1,024 units too.
    assert_eq!(agree(&format!("::{}", ":".repeat(3000))), "too_long");
}

#[test]
fn the_most_fields_that_fit_are_a_field_count_error() {
    // 1,024 units: the kind, the version, and 1,013 more separators.
    let s = format!("::WMP_JOB:1{}", ":".repeat(1024 - 11));
    assert_eq!(s.len(), 1024);
    assert_eq!(agree(&s), "field_count");
    let e = s.parse::<Descriptor>().unwrap_err();
    assert!(
        e.to_string()
            .starts_with("too many fields at bytes 19..1024: found 1015 ':'-separated fields"),
        "{e}"
    );
    // One more is over the limit, and the limit is checked first.
    assert_eq!(agree(&format!("{s}:")), "too_long");
    // 1,022 separators after the prefix: the kind is present and empty.
    let empty_kind = format!("::{}", ":".repeat(1022));
    assert_eq!(agree(&empty_kind), "unknown_kind");
    assert_eq!(empty_kind.parse::<Descriptor>().unwrap_err().span(), 2..2);
}

/// A valid descriptor with multi-byte characters in its text fields.
const VALID: &str = "::WMP_JOB:1:987654321:Prosé:Björk:Homogénic:2:Jóga🎷:305:75";

#[test]
fn every_prefix_of_a_valid_descriptor_gets_its_code() {
    let mut codes = BTreeSet::new();
    for (cut, _) in VALID.char_indices().chain([(VALID.len(), ' ')]) {
        codes.insert(agree(&VALID[..cut]));
    }
    // The cut points named in the contract, by hand.
    let by_hand = [
        ("", "missing_prefix"),
        (":", "missing_prefix"),
        ("::", "unknown_kind"),
        ("::WMP_JO", "unknown_kind"),
        ("::WMP_JOB", "field_count"),
        ("::WMP_JOB:", "unsupported_version"),
        ("::WMP_JOB:1", "field_count"),
        ("::WMP_JOB:1:", "field_count"),
        (
            "::WMP_JOB:1:987654321:Prosé:Björk:Homogénic:2:Jóga🎷:305",
            "field_count",
        ),
        (
            "::WMP_JOB:1:987654321:Prosé:Björk:Homogénic:2:Jóga🎷:305:",
            "ok",
        ),
        (
            "::WMP_JOB:1:987654321:Prosé:Björk:Homogénic:2:Jóga🎷:305:7",
            "ok",
        ),
        (VALID, "ok"),
    ];
    for (s, want) in by_hand {
        assert_eq!(agree(s), want, "{s:?}");
    }
    assert_eq!(
        codes.into_iter().collect::<Vec<_>>(),
        [
            "field_count",
            "missing_prefix",
            "ok",
            "unknown_kind",
            "unsupported_version"
        ]
    );
    // Every suffix too: none of them starts with "::" but the whole.
    for (cut, _) in VALID.char_indices().skip(1) {
        assert_eq!(agree(&VALID[cut..]), "missing_prefix", "{cut}");
    }
}

/// The characters tried in every field: every value of one byte as a character
/// (U+0000..=U+00FF, which covers ASCII, the C1 controls and Latin-1), and a few longer ones
/// that the parser treats with care.
fn hostile_chars() -> Vec<char> {
    let mut chars: Vec<char> = (0u8..=0xFF).map(char::from).collect();
    chars.extend([
        '\u{2028}',
        '\u{202E}',
        '\u{FEFF}',
        '\u{FF1A}',
        '\u{FFFD}',
        '音',
        '🎷',
        '\u{10FFFF}',
    ]);
    chars
}

/// `VALID` split into its ten fields after the `::`.
fn valid_fields() -> Vec<&'static str> {
    VALID[2..].split(':').collect()
}

fn join(fields: &[String]) -> String {
    format!("::{}", fields.join(":"))
}

#[test]
fn every_character_in_every_field_position_gets_its_code() {
    let base: Vec<String> = valid_fields().into_iter().map(String::from).collect();
    let mut codes = BTreeSet::new();
    for field in 0..10 {
        for c in hostile_chars() {
            let variants = [
                c.to_string(),
                format!("{}{c}", base[field]),
                format!("{c}{}", base[field]),
            ];
            for v in variants {
                let mut fields = base.clone();
                fields[field] = v;
                codes.insert(agree(&join(&fields)));
            }
        }
    }
    // Every field-level code of the table came up, so the oracle was really exercised.
    let want = [
        "control_character",
        "field_count",
        "invalid_duration",
        "invalid_provider",
        "invalid_rating",
        "invalid_service_id",
        "invalid_track_number",
        "ok",
        "unknown_kind",
        "unsupported_version",
        "zero_service_id",
    ];
    assert_eq!(codes.into_iter().collect::<Vec<_>>(), want);

    // A few by hand: the characters that mean something to the grammar.
    let one = |field: usize, text: &str| {
        let mut fields = base.clone();
        fields[field] = text.to_string();
        agree(&join(&fields))
    };
    assert_eq!(one(2, "0"), "zero_service_id");
    assert_eq!(one(2, "\u{0}"), "invalid_service_id");
    assert_eq!(one(3, "\\"), "invalid_provider");
    assert_eq!(one(3, "\u{85}"), "control_character");
    assert_eq!(one(3, "\u{A0}"), "ok");
    assert_eq!(one(4, "\\"), "ok");
    assert_eq!(one(4, "\u{7F}"), "control_character");
    assert_eq!(one(4, ":"), "field_count");
    assert_eq!(one(5, "\u{9F}"), "control_character");
    assert_eq!(one(6, "0"), "invalid_track_number");
    assert_eq!(one(7, "\u{1F}"), "control_character");
    assert_eq!(one(8, "0"), "ok");
    assert_eq!(one(9, "9"), "ok");
    assert_eq!(one(9, "٣"), "invalid_rating");
    assert_eq!(one(0, ""), "unknown_kind");
    assert_eq!(one(1, ""), "unsupported_version");
}

/// Pairs of wrong fields: the leftmost one is reported, whatever the other.
#[test]
fn two_wrong_fields_report_the_first_in_order() {
    let candidates: [&[&str]; 10] = [
        &["WMP_JOB", "WMP_STATUS", "wmp_job", ""],
        &["1", "01", "2", ""],
        &["1", "0", "01", "4294967296", ""],
        &["P", "", "a\\b", "\u{0}", "x\u{9F}"],
        &["", "A", "\u{7}"],
        &["", "B", "\u{85}"],
        &["", "1", "0", "+1"],
        &["", "T", "\u{1B}"],
        &["", "0", "4294967295", "00", "4294967296"],
        &["", "0", "99", "100", "-1"],
    ];
    let base: Vec<String> = valid_fields().into_iter().map(String::from).collect();
    let mut seen = 0;
    for i in 0..10 {
        for j in i + 1..10 {
            for a in candidates[i] {
                for b in candidates[j] {
                    let mut fields = base.clone();
                    fields[i] = (*a).to_string();
                    fields[j] = (*b).to_string();
                    agree(&join(&fields));
                    seen += 1;
                }
            }
        }
    }
    assert!(seen > 700, "{seen}");
}

#[test]
fn numbers_far_too_large_are_invalid_not_wrapped() {
    let huge = [
        "4294967296",
        "4294967297",
        "9999999999",
        "18446744073709551616",
        "99999999999999999999",
        "340282366920938463463374607431768211456",
    ];
    let thousand_digits = format!("1{}", "0".repeat(999));
    let thousand_zeros = "0".repeat(1000);
    // The smallest valid descriptor leaves room for a thousand digits in any one field.
    let base = ["WMP_JOB", "1", "1", "P", "", "", "", "", "", ""];
    let numeric = [
        (2, "invalid_service_id"),
        (6, "invalid_track_number"),
        (8, "invalid_duration"),
        (9, "invalid_rating"),
    ];
    for (field, code) in numeric {
        for token in huge
            .iter()
            .copied()
            .chain([thousand_digits.as_str(), thousand_zeros.as_str()])
        {
            let mut fields: Vec<String> =
                base.iter().map(std::string::ToString::to_string).collect();
            fields[field] = token.to_string();
            let s = join(&fields);
            assert!(s.len() <= 1024, "{}", s.len());
            assert_eq!(agree(&s), code, "{token}");
            let e = s.parse::<Descriptor>().unwrap_err();
            assert_eq!(&s[e.span()], token);
            // A long token is quoted cut short, never whole.
            assert!(e.to_string().len() < 300, "{e}");
        }
        // The largest value that fits is accepted (rating: 99).
        let mut fields: Vec<String> = base.iter().map(std::string::ToString::to_string).collect();
        fields[field] = if field == 9 { "99" } else { "4294967295" }.to_string();
        assert_eq!(agree(&join(&fields)), "ok");
    }
    let d: Descriptor = "::WMP_JOB:1:4294967295:P:::4294967295::4294967295:99"
        .parse()
        .unwrap();
    assert_eq!(d.service_id().get(), u32::MAX);
    assert_eq!(d.track_number(), Some(u32::MAX));
    assert_eq!(d.duration_secs(), Some(u32::MAX));
}

#[test]
fn deep_combining_marks_count_one_unit_each() {
    let marks = |n: usize| format!("e{}", "\u{301}".repeat(n));
    // Title: 21 units of frame, so up to 1,003 units of title.
    assert_eq!("::WMP_JOB:1:1:P::::::".len(), 21);
    let fits = format!("::WMP_JOB:1:1:P::::{}::", marks(1002));
    assert_eq!(fits.encode_utf16().count(), 1024);
    assert_eq!(agree(&fits), "ok");
    let d: Descriptor = fits.parse().unwrap();
    assert_eq!(d.title().chars().count(), 1003);
    assert_eq!(
        agree(&format!("::WMP_JOB:1:1:P::::{}::", marks(1003))),
        "too_long"
    );
    // A thousand marks on one letter, anywhere text goes.
    for field in [4, 5, 7] {
        let mut fields: Vec<String> = ["WMP_JOB", "1", "1", "P", "", "", "", "", "", ""]
            .iter()
            .map(std::string::ToString::to_string)
            .collect();
        fields[field] = marks(1000);
        assert_eq!(agree(&join(&fields)), "ok");
    }
    // The provider: 255 units at most, marks included.
    assert_eq!(agree(&format!("::WMP_JOB:1:1:{}::::::", marks(254))), "ok");
    let over = format!("::WMP_JOB:1:1:{}::::::", marks(255));
    assert_eq!(agree(&over), "invalid_provider");
    assert_eq!(
        over.parse::<Descriptor>().unwrap_err().span(),
        14..over.len() - 6
    );
    // Marks with nothing to combine with, and in numbers.
    assert_eq!(agree("::WMP_JOB:1:1:\u{301}::::::"), "ok");
    assert_eq!(agree("::WMP_JOB:1:1\u{301}:P::::::"), "invalid_service_id");
}

#[test]
fn astral_characters_at_the_1024_boundary() {
    // The minimal frame holds 21 units, so a title of 1,003 units fills 1,024 exactly.
    let with_title = |t: &str| format!("::WMP_JOB:1:1:P::::{t}::");
    let sax = "🎷";
    // 501 saxophones (1,002 units) and one letter: exactly 1,024.
    let exact = with_title(&format!("{}x", sax.repeat(501)));
    assert_eq!(exact.encode_utf16().count(), 1024);
    assert_eq!(agree(&exact), "ok");
    // 1,025 units, either by one letter more or by a saxophone straddling the boundary.
    let over = with_title(&format!("{}xy", sax.repeat(501)));
    assert_eq!(agree(&over), "too_long");
    let straddling = with_title(&sax.repeat(502));
    assert_eq!(straddling.encode_utf16().count(), 1025);
    assert_eq!(agree(&straddling), "too_long");
    let e = straddling.parse::<Descriptor>().unwrap_err();
    assert!(e.to_string().contains(": 1025 UTF-16 code units"), "{e}");
    // The same saxophones one letter earlier: 1,023 + 2 = 1,025, still too long; 1,022 + 2 fits.
    let letters = |n: usize| with_title(&format!("{}{sax}", "x".repeat(n)));
    assert_eq!(agree(&letters(1002)), "too_long");
    assert_eq!(agree(&letters(1001)), "ok");
    // Four-byte characters in every text field at once.
    assert_eq!(
        agree(&format!("::WMP_STATUS:1:1:{sax}:{sax}:{sax}::{sax}::")),
        "ok"
    );
}

#[test]
fn a_nul_at_every_position_gets_the_code_of_its_field() {
    let by_field = [
        "unknown_kind",
        "unsupported_version",
        "invalid_service_id",
        "control_character",
        "control_character",
        "control_character",
        "invalid_track_number",
        "control_character",
        "invalid_duration",
        "invalid_rating",
    ];
    for (at, _) in VALID.char_indices().chain([(VALID.len(), ' ')]) {
        let mut s = VALID.to_string();
        s.insert(at, '\u{0}');
        let want = if at < 2 {
            "missing_prefix"
        } else {
            by_field[VALID[2..at].matches(':').count()]
        };
        assert_eq!(agree(&s), want, "NUL at {at}");
        let e = s.parse::<Descriptor>().unwrap_err();
        if want == "control_character" {
            assert_eq!(e.span(), at..at + 1, "NUL at {at}");
            assert!(e.to_string().contains("U+0000"), "{e}");
        }
        // In place of the character there, too.
        let mut replaced = VALID.to_string();
        let c = VALID[at..].chars().next();
        if let Some(c) = c {
            replaced.replace_range(at..at + c.len_utf8(), "\u{0}");
            agree(&replaced);
        }
    }
}

#[test]
fn every_character_in_a_local_name_gets_its_code() {
    let valid = r"C:\Music\Björk\Jóga.mp3";
    // A one-letter server, which a '?' or '.' turns into a prefix; stems one character
    // short of device names; and a name of exactly 260 units.
    let unc = r"\\s\share\Jóga.wma";
    let near_devices = r"C:\CO\LPT.mp3";
    let full = format!(r"C:\{}\{}.mp3", "d".repeat(200), "b".repeat(52));
    for path in [valid, unc, near_devices, full.as_str()] {
        assert_eq!(agree_local(path), "ok", "{path:?}");
    }
    assert_eq!(full.encode_utf16().count(), 260);
    let mut codes = BTreeSet::new();
    for path in [valid, unc, near_devices, full.as_str()] {
        for (at, _) in path.char_indices().chain([(path.len(), ' ')]) {
            for c in hostile_chars() {
                let mut inserted = path.to_string();
                inserted.insert(at, c);
                codes.insert(agree_local(&inserted));
                if let Some(old) = path[at..].chars().next() {
                    let mut replaced = path.to_string();
                    replaced.replace_range(at..at + old.len_utf8(), &c.to_string());
                    codes.insert(agree_local(&replaced));
                }
            }
            codes.insert(agree_local(&path[..at]));
        }
    }
    // Every code came up, and so did acceptance.
    assert_eq!(codes.len(), 9, "{codes:?}");
    // A NUL is an invalid character wherever the root is intact.
    for at in 3..=valid.len() {
        if valid.is_char_boundary(at) {
            let mut s = valid.to_string();
            s.insert(at, '\u{0}');
            assert_eq!(agree_local(&s), model::CHARACTER, "{at}");
        }
    }
}

#[test]
fn local_names_of_hostile_size() {
    let long = format!(r"C:\{}.mp3", "a".repeat(MIB));
    assert_eq!(agree_local(&long), model::TOO_LONG);
    assert_eq!(
        validate::local_name(&long).unwrap_err().span(),
        0..long.len()
    );
    let separators = format!(r"C:{}a.mp3", "\\".repeat(MIB));
    assert_eq!(agree_local(&separators), model::TOO_LONG);
    let dots = format!(r"C:\{}", ".".repeat(MIB));
    assert_eq!(agree_local(&dots), model::TRAILING);
    let components = format!(r"C:{}\a.mp3", r"\a".repeat(MIB / 2));
    assert_eq!(agree_local(&components), model::TOO_LONG);
    let unc = format!(r"\\{}", "s".repeat(MIB));
    assert_eq!(agree_local(&unc), model::NOT_ABSOLUTE);
    let late_star = format!(r"C:\{}*", "a".repeat(MIB));
    assert_eq!(agree_local(&late_star), model::CHARACTER);
    assert_eq!(
        validate::local_name(&late_star).unwrap_err().span(),
        late_star.len() - 1..late_star.len()
    );
}

/// Every short name over an alphabet of the pieces the rules care about.
#[test]
fn short_local_names_agree_with_the_model() {
    const PIECES: [&str; 14] = [
        "C:", "\\", "/", "?", ".", " ", "a", "con", ".mp3", ":", "\u{85}", "🎷", "lpt¹", "*",
    ];
    let mut path = String::new();
    let mut accepted = 0;
    for len in 0..=5u32 {
        for n in 0..PIECES.len().pow(len) {
            path.clear();
            let mut rest = n;
            for _ in 0..len {
                path.push_str(PIECES[rest % PIECES.len()]);
                rest /= PIECES.len();
            }
            if agree_local(&path) == "ok" {
                accepted += 1;
            }
        }
    }
    assert!(accepted > 50, "{accepted}");
}

#[test]
fn sanitising_hostile_text() {
    let colons = ":".repeat(MIB);
    let clean = validate::sanitize(&colons);
    assert_eq!(clean.len(), 3 * MIB);
    assert!(clean.chars().all(|c| c == '\u{FF1A}'));
    assert_eq!(common::units(&clean), MIB);
    assert!(validate::text(Field::Title, &clean).is_ok());

    let mixed: String = (0u8..=0xFF).map(char::from).cycle().take(MIB).collect();
    let clean = validate::sanitize(&mixed);
    assert_eq!(clean, model::sanitize(&mixed));
    assert_eq!(common::units(&clean), common::units(&mixed));
    assert!(validate::text(Field::AlbumTitle, &clean).is_ok());
    assert_eq!(validate::sanitize(&clean), clean);

    // Every character that needs replacing, one at a time and all together.
    for c in hostile_chars() {
        let s = format!("a{c}b");
        let clean = validate::sanitize(&s);
        assert_eq!(clean, model::sanitize(&s), "{c:?}");
        assert_eq!(
            validate::text(Field::Title, &s).map_err(|e| (e.code(), e.span())),
            model::text(Field::Title, &s).map_or(Ok(()), Err),
            "{c:?}"
        );
        assert_eq!(
            validate::text(Field::Provider, &s).map_err(|e| (e.code(), e.span())),
            model::text(Field::Provider, &s).map_or(Ok(()), Err),
            "{c:?}"
        );
    }
}

#[test]
fn building_from_hostile_values() {
    let id = ServiceId::new(u32::MAX).unwrap();
    let big = "x".repeat(MIB);
    let colons = ":".repeat(MIB);
    let b = || Descriptor::builder(Kind::Job, id, "P");
    assert_eq!(
        Descriptor::builder(Kind::Job, id, &big)
            .build()
            .unwrap_err()
            .code(),
        "invalid_provider"
    );
    assert_eq!(b().title(&big).build().unwrap_err().code(), "too_long");
    assert_eq!(
        b().title(&colons).build().unwrap_err().code(),
        "separator_in_field"
    );
    let e = b()
        .title(&colons)
        .text_policy(TextPolicy::Sanitize)
        .build()
        .unwrap_err();
    assert_eq!(e.code(), "too_long");
    let units = model::render("WMP_JOB", u32::MAX, "P", "", "", None, &colons, None, None)
        .encode_utf16()
        .count();
    assert!(
        e.to_string()
            .contains(&format!("description too long: {units} UTF-16 code units")),
        "{e}"
    );
    assert_eq!(
        b().track_number(0).build().unwrap_err().code(),
        "invalid_track_number"
    );

    // Sanitised C1 controls shrink and colons grow in bytes; the length in units is the same.
    let c1: String = ('\u{80}'..='\u{9F}').chain([':', '\u{0}', 'é']).collect();
    let d = b()
        .album_artist(&c1)
        .album_title(&c1)
        .title(&c1)
        .track_number(u32::MAX)
        .duration_secs(u32::MAX)
        .rating(Rating::MAX)
        .text_policy(TextPolicy::Sanitize)
        .build()
        .unwrap();
    let clean = model::sanitize(&c1);
    assert_eq!(
        d.as_str(),
        model::render(
            "WMP_JOB",
            u32::MAX,
            "P",
            &clean,
            &clean,
            Some(u32::MAX),
            &clean,
            Some(u32::MAX),
            Some(99)
        )
    );
    assert_eq!(agree(d.as_str()), "ok");
}
