//! Property tests: strict parsing is canonical, in both directions, and nothing panics.

mod common;
mod model;

use common::{
    any_length_provider, field_text, parts_of, pattern, size, sized, text_of_units, Parts,
};
use model::quoted;
use proptest::prelude::*;
use wmp_bits::{validate, Descriptor, Field, Rating, ServiceId, TextPolicy};

/// Metadata text: mostly short, sometimes long enough on its own to pass the 1,024-unit
/// limit of the whole.
fn metadata_text() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => field_text(30),
        1 => (pattern(), 0..=1100usize).prop_map(|(p, units)| text_of_units(&p, units)),
    ]
}

/// The parts as drawn: any of the text fields may be long, the provider over its limit.
fn drawn_parts() -> impl Strategy<Value = Parts> {
    parts_of(any_length_provider(), metadata_text())
}

/// Parts that break no rule but perhaps a length limit: short, long, right at the 1,024-unit
/// limit of the whole, and with a provider sometimes over its 255.
fn parts() -> impl Strategy<Value = Parts> {
    (drawn_parts(), size(1021..=1027)).prop_map(|(p, s)| sized(p, &s))
}

fn build(p: &Parts, policy: TextPolicy) -> Result<Descriptor, wmp_bits::BuildError> {
    let mut b = Descriptor::builder(p.kind, ServiceId::new(p.service_id).unwrap(), &p.provider)
        .album_artist(&p.album_artist)
        .album_title(&p.album_title)
        .title(&p.title)
        .text_policy(policy);
    if let Some(t) = p.track {
        b = b.track_number(t);
    }
    if let Some(d) = p.duration {
        b = b.duration_secs(d);
    }
    if let Some(r) = p.rating {
        b = b.rating(Rating::new(r).unwrap());
    }
    b.build()
}

/// Strings near the grammar: each position draws from tokens that are right for it, wrong
/// for it but right elsewhere, or arbitrary, so that the parser's accept paths and each of
/// its reject paths (and each piece of advice its messages give) are all exercised; and, a
/// third of the time, [`parts`] of every size written out by hand, so that both length
/// limits are often met with nothing else wrong.
fn near_descriptor() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => near_grammar(),
        2 => parts().prop_map(|p| p.render()),
        1 => (parts_of(common::valid_provider(), field_text(20)), mistake())
            .prop_map(|(p, m)| m.made_in(&p)),
    ]
}

/// One mistake a store makes in a descriptor that is otherwise valid: each is refused,
/// and those that the message explains are the ones its advice names.
#[derive(Debug, Clone)]
enum Mistake {
    /// A field replaced by this token.
    Token(usize, &'static str),
    /// The duration in minutes and seconds.
    MinutesSeconds,
    /// The duration in hours, minutes and seconds.
    HoursMinutesSeconds,
    /// This many `:` after the rating.
    StrayColons(usize),
    /// A `:` in this text field.
    Colon(usize),
    /// A control character in this text field.
    Control(usize, char),
    /// Text before the `::`.
    Before(&'static str),
    /// Text after the rating.
    After(&'static str),
}

fn mistake() -> impl Strategy<Value = Mistake> {
    let text_field = prop_oneof![Just(3usize), Just(4), Just(5), Just(7)];
    prop_oneof![
        prop_oneof![
            Just((2usize, "0")),
            Just((2, "01")),
            Just((3, "")),
            Just((3, "a\\b")),
            Just((6, "0")),
            Just((8, "1.5")),
            Just((9, "100")),
        ]
        .prop_map(|(field, token)| Mistake::Token(field, token)),
        Just(Mistake::MinutesSeconds),
        Just(Mistake::HoursMinutesSeconds),
        (1..=3usize).prop_map(Mistake::StrayColons),
        text_field.clone().prop_map(Mistake::Colon),
        (
            text_field,
            prop_oneof![Just('\u{0}'), Just('\t'), Just('\u{7F}'), Just('\u{85}')]
        )
            .prop_map(|(field, c)| Mistake::Control(field, c)),
        prop_oneof![Just("\u{FEFF}"), Just(" "), Just("\r\n")].prop_map(Mistake::Before),
        prop_oneof![Just("\n"), Just(" \r\n"), Just(" "), Just("\t")].prop_map(Mistake::After),
    ]
}

impl Mistake {
    /// The descriptor of `p`, written out by hand with the mistake in it.
    fn made_in(&self, p: &Parts) -> String {
        let mut fields = p.fields();
        let (mut before, mut after) = ("", String::new());
        match *self {
            Mistake::Token(field, token) => fields[field] = token.to_string(),
            Mistake::MinutesSeconds => {
                let secs = p.duration.unwrap_or(218);
                fields[8] = format!("{}:{:02}", secs / 60, secs % 60);
            }
            Mistake::HoursMinutesSeconds => {
                let secs = p.duration.unwrap_or(3725);
                fields[8] = format!("{}:{:02}:{:02}", secs / 3600, secs / 60 % 60, secs % 60);
            }
            Mistake::StrayColons(n) => after = ":".repeat(n),
            Mistake::Colon(field) => {
                let text = &fields[field];
                let half = text.chars().count() / 2;
                let at = text.char_indices().nth(half).map_or(text.len(), |(i, _)| i);
                fields[field].insert(at, ':');
            }
            Mistake::Control(field, c) => fields[field].push(c),
            Mistake::Before(text) => before = text,
            Mistake::After(text) => after = text.to_string(),
        }
        let fields: Vec<&str> = fields.iter().map(String::as_str).collect();
        format!("{before}::{}{after}", fields.join(":"))
    }
}

fn near_grammar() -> impl Strategy<Value = String> {
    fn number(max: u32) -> BoxedStrategy<String> {
        prop_oneof![
            2 => Just(String::new()),
            6 => (0..=max).prop_map(|n| n.to_string()),
            2 => prop_oneof![
                Just("0"), Just("01"), Just("100"), Just("4294967296"), Just("99999999999"),
                Just("+1"), Just(" 1"), Just("1.5"),
            ]
            .prop_map(String::from),
        ]
        .boxed()
    }
    fn text() -> BoxedStrategy<String> {
        prop_oneof![
            12 => field_text(12),
            2 => prop_oneof![Just("a\\b"), Just("\u{0}"), Just("x\u{85}"), Just("\t"), Just("a:b")]
                .prop_map(String::from),
            1 => any::<String>(),
            1 => (pattern(), 0..=900usize).prop_map(|(p, units)| text_of_units(&p, units)),
        ]
        .boxed()
    }
    // A provider a few units either side of its 255-unit limit (a `\` in it is refused
    // before its length, so none here), or empty.
    let provider = prop_oneof![
        6 => text(),
        2 => common::provider_of_units(250..=260),
        1 => Just(String::new()),
    ];
    // Zero is the service id's own error.
    let service_id = prop_oneof![8 => number(u32::MAX), 1 => Just("0".to_string())];
    // The duration as people write it, in minutes and seconds or with hours: one or two
    // `:` more, which the message reads back.
    let duration = prop_oneof![
        4 => number(u32::MAX),
        1 => (0..=2000u32, 0..60u32).prop_map(|(m, s)| format!("{m}:{s:02}")),
        1 => (0..=200u32, 0..60u32, 0..60u32).prop_map(|(h, m, s)| format!("{h}:{m:02}:{s:02}")),
    ];
    // What a careless writer leaves before the `::` and after the rating.
    let prefix = prop_oneof![
        16 => Just("::"),
        2 => Just(":"),
        2 => Just(""),
        1 => Just("\u{FEFF}::"),
        1 => Just(" \t::"),
    ];
    let suffix = prop_oneof![
        10 => Just(""),
        1 => Just(":"),
        1 => Just("::"),
        1 => Just("\n"),
        1 => Just(" \r\n"),
        1 => Just(" "),
    ];
    let kind = prop_oneof![4 => Just("WMP_JOB"), 4 => Just("WMP_STATUS"), 1 => Just("wmp_job"), 1 => Just("")];
    let version = prop_oneof![8 => Just("1"), 1 => Just("01"), 1 => Just("")];
    let fields = (
        service_id,
        provider,
        text(),
        text(),
        number(u32::MAX),
        text(),
        duration,
        number(99),
    );
    let count = prop_oneof![8 => Just(10usize), 2 => 0usize..14];
    // Sometimes the title is extended so that the whole is a few units either side of
    // 1,024, as in `sized`.
    let fill = proptest::option::weighted(0.25, (1021..=1027usize, pattern()));
    (prefix, kind, version, fields, count, suffix, fill).prop_map(
        |(
            prefix,
            kind,
            version,
            (sid, provider, artist, album, track, title, duration, rating),
            count,
            suffix,
            fill,
        )| {
            let mut tokens = [
                kind.to_string(),
                version.to_string(),
                sid,
                provider,
                artist,
                album,
                track,
                title,
                duration,
                rating,
                "x".to_string(),
                "y".to_string(),
                "z".to_string(),
                "w".to_string(),
            ];
            let join = |tokens: &[String]| format!("{prefix}{}{suffix}", tokens[..count].join(":"));
            let now = common::units(&join(&tokens));
            if let Some((want, pattern)) = fill {
                if count > 7 && now < want {
                    tokens[7].push_str(&text_of_units(&pattern, want - now));
                }
            }
            join(&tokens)
        },
    )
}

proptest! {
    // 256 cases by default; PROPTEST_CASES raises it (CI runs more).

    /// typed value → string → value is the identity; only a provider over 255 UTF-16 code
    /// units or a whole over 1,024 stops valid parts, and then the length is really over.
    #[test]
    fn value_to_string_to_value(p in parts()) {
        let provider_units = common::units(&p.provider);
        let units = common::units(&p.render());
        match build(&p, TextPolicy::Reject) {
            Ok(d) => {
                let text = d.to_string();
                prop_assert_eq!(&text, &p.render());
                let back: Descriptor = text.parse().unwrap();
                prop_assert_eq!(&back, &d);
                prop_assert_eq!(back.kind(), p.kind);
                prop_assert_eq!(back.service_id().get(), p.service_id);
                prop_assert_eq!(back.provider(), p.provider.as_str());
                prop_assert_eq!(back.album_artist(), p.album_artist.as_str());
                prop_assert_eq!(back.album_title(), p.album_title.as_str());
                prop_assert_eq!(back.track_number(), p.track);
                prop_assert_eq!(back.title(), p.title.as_str());
                prop_assert_eq!(back.duration_secs(), p.duration);
                prop_assert_eq!(back.rating().map(Rating::get), p.rating);
                prop_assert_eq!(back.utf16_len(), units);
                prop_assert!(units <= 1024 && provider_units <= 255);
            }
            Err(e) if e.code() == "invalid_provider" => {
                // The provider is checked first, and only its length can be wrong here.
                prop_assert!(provider_units > 255, "{} units: {}", provider_units, e);
                prop_assert_eq!(e.field(), Some(Field::Provider));
                prop_assert_eq!(e.span(), 0..p.provider.len());
                prop_assert_eq!(
                    e.to_string(),
                    format!(
                        "invalid provider {}: {provider_units} UTF-16 code units, \
                         expected the store's registry key name: 1 to 255 UTF-16 code units, \
                         any character but '\\', ':' and controls",
                        quoted(&p.provider)
                    )
                );
            }
            Err(e) => {
                prop_assert_eq!(e.code(), "too_long");
                prop_assert!(provider_units <= 255);
                prop_assert!(units > 1024, "{} units: {}", units, e);
                prop_assert_eq!(e.field(), None);
                let message = e.to_string();
                prop_assert!(
                    message.starts_with(&format!(
                        "description too long: {units} UTF-16 code units, expected at most 1024 \
                         UTF-16 code units; shorten it by {} UTF-16 code unit",
                        units - 1024
                    )),
                    "{}",
                    message
                );
            }
        }
    }

    /// string → value → string is the identity for every string the parser accepts, and
    /// parsing never panics, with an error span inside the input; a string refused for its
    /// length, or for its provider's, is really over that length.
    #[test]
    fn accepted_strings_render_back_byte_for_byte(s in near_descriptor()) {
        let units = common::units(&s);
        match s.parse::<Descriptor>() {
            Ok(d) => {
                prop_assert_eq!(d.as_str(), s.as_str());
                prop_assert_eq!(d.to_string(), s.clone());
                let again: Descriptor = d.to_string().parse().unwrap();
                prop_assert_eq!(&again, &d);
                prop_assert!(units <= 1024);
                prop_assert!(common::units(d.provider()) <= 255);
            }
            Err(e) if e.code() == "too_long" => {
                prop_assert!(units > 1024, "{} units: {}", units, e);
                prop_assert_eq!(e.span(), 0..s.len());
                let why = if s.len() > 3072 {
                    format!(
                        "{} bytes of UTF-8 are more than 1024 UTF-16 code units can take, \
                         expected at most 1024 UTF-16 code units; shorten it by at least {} \
                         UTF-16 code unit",
                        s.len(),
                        s.len().div_ceil(3) - 1024
                    )
                } else {
                    format!(
                        "{units} UTF-16 code units, expected at most 1024 UTF-16 code units; \
                         shorten it by {} UTF-16 code unit",
                        units - 1024
                    )
                };
                let message = e.to_string();
                prop_assert!(
                    message.starts_with(&format!("description too long at bytes 0..{}: {why}", s.len())),
                    "{}",
                    message
                );
            }
            Err(e) => {
                prop_assert!(units <= 1024, "{} units: {}", units, e);
                let span = e.span();
                prop_assert!(span.start <= span.end && span.end <= s.len());
                prop_assert!(s.is_char_boundary(span.start) && s.is_char_boundary(span.end));
                prop_assert!(!e.to_string().is_empty());
                // An invalid provider that is neither empty nor a `\` is too long: its span
                // is the whole provider, and that is over 255 units.
                let token = &s[span.clone()];
                if e.code() == "invalid_provider" && !token.is_empty() && token != "\\" {
                    let provider_units = common::units(token);
                    prop_assert!(provider_units > 255, "{} units: {}", provider_units, e);
                    prop_assert_eq!(
                        e.to_string(),
                        format!(
                            "invalid provider {} at bytes {}..{}: {provider_units} UTF-16 code \
                             units, expected the store's registry key name: 1 to 255 UTF-16 code units, \
                         any character but '\\', ':' and controls",
                            quoted(token), span.start, span.end
                        )
                    );
                }
            }
        }
    }

    /// Arbitrary strings never panic the parser, and anything accepted is canonical.
    #[test]
    fn arbitrary_strings_never_panic(s in any::<String>()) {
        if let Ok(d) = s.parse::<Descriptor>() {
            prop_assert_eq!(d.as_str(), s.as_str());
        }
        let _ = validate::local_name(&s);
        let _ = validate::job(&s).local_name(&s).check();
    }

    /// Sanitised text always builds (unless the provider or the whole is too long, which
    /// it then really is), and the result holds exactly the sanitised text.
    #[test]
    fn sanitised_text_always_builds(
        p in drawn_parts(),
        size in size(1021..=1027),
        raw in any::<String>(),
        raw2 in "[a-z:\t\u{0}\u{85}]{0,20}",
    ) {
        // The title is the hostile text, extended as `size` says.
        let parts = sized(Parts { album_artist: raw.clone(), title: raw2, ..p }, &size);
        let (artist, title) = (validate::sanitize(&parts.album_artist), validate::sanitize(&parts.title));
        // The album title is valid field text, but sanitising still changes what earns a
        // warning (a bidirectional override becomes a space).
        let album = validate::sanitize(&parts.album_title).to_string();
        let clean = Parts { album_artist: artist.to_string(), album_title: album, title: title.to_string(), ..parts.clone() };
        let units = common::units(&clean.render());
        let provider_units = common::units(&parts.provider);
        match build(&parts, TextPolicy::Sanitize) {
            Ok(d) => {
                prop_assert_eq!(d.album_artist(), artist.as_ref());
                prop_assert_eq!(d.title(), title.as_ref());
                prop_assert_eq!(d.as_str(), clean.render());
                prop_assert!(validate::text(Field::AlbumArtist, d.album_artist()).is_ok());
                prop_assert!(validate::text(Field::Title, d.title()).is_ok());
                let back: Descriptor = d.as_str().parse().unwrap();
                prop_assert_eq!(back, d);
                prop_assert!(units <= 1024 && provider_units <= 255);
            }
            Err(e) if e.code() == "invalid_provider" => {
                prop_assert!(provider_units > 255, "{} units: {}", provider_units, e);
            }
            Err(e) => {
                prop_assert_eq!(e.code(), "too_long");
                prop_assert!(provider_units <= 255);
                prop_assert!(units > 1024, "{} units: {}", units, e);
                let message = e.to_string();
                prop_assert!(
                    message.starts_with(&format!(
                        "description too long: {units} UTF-16 code units, expected at most 1024 \
                         UTF-16 code units; shorten it by {} UTF-16 code unit",
                        units - 1024
                    )),
                    "{}",
                    message
                );
            }
        }
        let once = validate::sanitize(&raw);
        prop_assert_eq!(validate::sanitize(&once), once.clone());
        prop_assert_eq!(common::units(&once), common::units(&raw));
    }
}

/// The generator above must reach the accept path often, or the string → value → string
/// property would hold vacuously.
#[test]
fn near_descriptor_generator_reaches_valid_strings() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::deterministic();
    let strategy = near_descriptor();
    let accepted = (0..2000)
        .filter(|_| {
            let s = strategy.new_tree(&mut runner).unwrap().current();
            s.parse::<Descriptor>().is_ok()
        })
        .count();
    assert!(
        accepted >= 100,
        "only {accepted} of 2000 generated strings were valid"
    );
}

/// The generators reach both length limits exactly, astral characters included: parts and
/// strings of 1,024 and 1,025 UTF-16 code units, and providers of 255 and 256, each also
/// with a character outside the Basic Multilingual Plane in the text that reaches the limit.
#[test]
fn the_generators_reach_both_length_limits_exactly() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let astral = |s: &str| s.chars().any(|c| c.len_utf16() == 2);
    let mut runner = TestRunner::deterministic();
    let (parts, strings) = (parts(), near_descriptor());
    let wanted = [
        ("parts", 1024, true),
        ("parts", 1025, true),
        ("provider", 255, true),
        ("provider", 256, true),
        ("string", 1024, true),
        ("string", 1025, true),
    ];
    let mut seen = std::collections::BTreeSet::new();
    for _ in 0..5000 {
        let p = parts.new_tree(&mut runner).unwrap().current();
        let whole = p.render();
        seen.insert(("parts", common::units(&whole), astral(&p.title)));
        seen.insert(("provider", common::units(&p.provider), astral(&p.provider)));
        let s = strings.new_tree(&mut runner).unwrap().current();
        seen.insert(("string", common::units(&s), astral(&s)));
        if wanted.iter().all(|w| seen.contains(w)) {
            return;
        }
    }
    let missing: Vec<_> = wanted.iter().filter(|w| !seen.contains(w)).collect();
    panic!("never generated {missing:?}");
}

/// What a generated string exercises: whether it is accepted, or its error's code, with the
/// branch of the code that has several (a provider empty, holding `\` or too long; too few
/// or too many fields; a length counted or known from the bytes alone), and each reading
/// and edge hint its message names.
fn cases_of(s: &str) -> Vec<&'static str> {
    let Err(e) = s.parse::<Descriptor>() else {
        return vec!["accepted"];
    };
    let message = e.to_string();
    let mut cases = vec![e.code()];
    cases.extend(match e.code() {
        "invalid_provider" if e.span().is_empty() => Some("empty provider"),
        "invalid_provider" if &s[e.span()] == "\\" => Some("provider with \\"),
        "invalid_provider" => Some("provider too long"),
        "field_count" if message.starts_with("too few") => Some("too few fields"),
        "field_count" => Some("too many fields"),
        "too_long" if message.contains("bytes of UTF-8") => Some("too long in bytes"),
        "too_long" => Some("too long in units"),
        _ => None,
    });
    for (words, case) in [
        ("ends in an extra ':' after the rating", "a stray ':'"),
        ("ends in extra ':' after the rating", "stray ':'s"),
        ("written as minutes and seconds", "m:ss"),
        ("written as hours, minutes and seconds", "h:mm:ss"),
        ("the title probably contains ':'", "':' in the title"),
        ("the title contains ':'", "':' in the title"),
        ("album title probably contains ':'", "':' before the track"),
        ("album title contains ':'", "':' before the track"),
        (
            "a text field probably contains ':'",
            "':' in some text field",
        ),
        ("a text field contains ':'", "':' in some text field"),
        ("), and the duration is written as", "':' beside a clock"),
        ("starts with a byte order mark", "byte order mark"),
        ("starts with white space", "leading white space"),
        ("ends in a line ending", "line ending"),
        (
            "ends in white space and a line ending",
            "white space and a line ending",
        ),
        ("ends in white space,", "trailing white space"),
    ] {
        if message.contains(words) {
            cases.push(case);
        }
    }
    cases
}

/// Every path of the parser and every piece of advice is reached within a thousand strings
/// of the generator, so that the properties over it (256 cases by default) see them all.
#[test]
fn the_near_grammar_reaches_every_error_and_every_reading() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let all = [
        "accepted",
        "too_long",
        "too long in bytes",
        "too long in units",
        "missing_prefix",
        "unknown_kind",
        "unsupported_version",
        "field_count",
        "too few fields",
        "too many fields",
        "invalid_service_id",
        "zero_service_id",
        "invalid_provider",
        "empty provider",
        "provider with \\",
        "provider too long",
        "control_character",
        "invalid_track_number",
        "invalid_duration",
        "invalid_rating",
        "a stray ':'",
        "stray ':'s",
        "m:ss",
        "h:mm:ss",
        "':' in the title",
        "':' before the track",
        "':' in some text field",
        "':' beside a clock",
        "byte order mark",
        "leading white space",
        "line ending",
        "white space and a line ending",
        "trailing white space",
    ];
    let mut runner = TestRunner::deterministic();
    let strategy = near_descriptor();
    let mut count = std::collections::BTreeMap::new();
    for _ in 0..1000 {
        let s = strategy.new_tree(&mut runner).unwrap().current();
        for case in cases_of(&s) {
            *count.entry(case).or_insert(0usize) += 1;
        }
    }
    let missing: Vec<&str> = all
        .iter()
        .copied()
        .filter(|c| !count.contains_key(c))
        .collect();
    assert!(missing.is_empty(), "never reached {missing:?} in {count:?}");
    // Nothing reached that the list above does not name.
    assert!(count.keys().all(|c| all.contains(c)), "{count:?}");
}
