//! Property tests: strict parsing is canonical, in both directions, and nothing panics.

mod model;
use model::quoted;
use proptest::prelude::*;
use wmp_bits::{validate, Descriptor, Field, Kind, Rating, ServiceId, TextPolicy};

/// A character that is valid in a metadata field: any char but ':' and controls, weighted
/// towards the interesting ones (multi-byte, astral, backslash, bidi, fullwidth colon).
fn text_char() -> impl Strategy<Value = char> {
    prop_oneof![
        4 => proptest::char::range(' ', '~'),
        1 => Just('\\'),
        1 => Just('ö'),
        1 => Just('音'),
        1 => Just('🎷'),
        1 => Just('\u{FF1A}'),
        1 => Just('\u{202E}'),
        1 => Just('\u{A0}'),
        1 => any::<char>(),
    ]
    .prop_filter("no separator or control", |c| *c != ':' && !c.is_control())
}

/// Text that is valid in a metadata field, of up to `max` characters.
fn field_text(max: usize) -> impl Strategy<Value = String> {
    proptest::collection::vec(text_char(), 0..max).prop_map(|v| v.into_iter().collect())
}

/// A few characters to repeat into a long text.
fn pattern() -> impl Strategy<Value = Vec<char>> {
    proptest::collection::vec(text_char(), 1..12)
}

/// Exactly `units` UTF-16 code units of `pattern`, repeated: where an astral character (two
/// units) would overshoot by one, an `x` takes its place.
fn text_of_units(pattern: &[char], units: usize) -> String {
    let mut text = String::new();
    let mut left = units;
    for &c in pattern.iter().cycle() {
        if left == 0 {
            break;
        }
        let c = if c.len_utf16() > left { 'x' } else { c };
        text.push(c);
        left -= c.len_utf16();
    }
    text
}

/// Metadata text: mostly short, sometimes long enough on its own to pass the 1,024-unit
/// limit of the whole.
fn metadata_text() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => field_text(30),
        1 => (pattern(), 0..=1100usize).prop_map(|(p, units)| text_of_units(&p, units)),
    ]
}

/// A provider without `\`: mostly short, sometimes a few units either side of the 255-unit
/// limit, sometimes anywhere up to 600 units.
fn provider() -> impl Strategy<Value = String> {
    let no_backslash = |v: Vec<char>| -> Vec<char> {
        v.into_iter()
            .map(|c| if c == '\\' { '/' } else { c })
            .collect()
    };
    prop_oneof![
        4 => proptest::collection::vec(text_char(), 1..40)
            .prop_map(move |v| no_backslash(v).into_iter().collect()),
        1 => (pattern(), 250..=260usize)
            .prop_map(move |(p, units)| text_of_units(&no_backslash(p), units)),
        1 => (pattern(), 1..=600usize)
            .prop_map(move |(p, units)| text_of_units(&no_backslash(p), units)),
    ]
}

/// How long the whole descriptor is made: as its fields were drawn, or with the title
/// extended so that the whole is `units` UTF-16 code units, a few either side of 1,024.
#[derive(Debug, Clone)]
enum Size {
    AsDrawn,
    Fill { units: usize, pattern: Vec<char> },
}

fn size() -> impl Strategy<Value = Size> {
    prop_oneof![
        3 => Just(Size::AsDrawn),
        2 => (1021..=1027usize, pattern()).prop_map(|(units, pattern)| Size::Fill { units, pattern }),
    ]
}

/// `p` with its title extended as `size` says (when the rest leaves room).
fn sized(mut p: Parts, size: &Size) -> Parts {
    if let Size::Fill { units, pattern } = size {
        let now = validate::utf16_len(&render_by_hand(&p));
        if now < *units {
            p.title.push_str(&text_of_units(pattern, units - now));
        }
    }
    p
}

#[derive(Debug, Clone)]
struct Parts {
    kind: Kind,
    service_id: u32,
    provider: String,
    album_artist: String,
    album_title: String,
    track: Option<u32>,
    title: String,
    duration: Option<u32>,
    rating: Option<u8>,
}

/// The parts as drawn: any of the text fields may be long, the provider over its limit.
fn drawn_parts() -> impl Strategy<Value = Parts> {
    (
        prop_oneof![Just(Kind::Job), Just(Kind::Status)],
        prop_oneof![
            1..=u32::MAX,
            Just(1u32),
            Just(u32::MAX),
            Just(2_147_483_648u32)
        ],
        provider(),
        metadata_text(),
        metadata_text(),
        proptest::option::of(prop_oneof![1..=u32::MAX, Just(u32::MAX)]),
        metadata_text(),
        proptest::option::of(prop_oneof![any::<u32>(), Just(0u32)]),
        proptest::option::of(0..=99u8),
    )
        .prop_map(
            |(
                kind,
                service_id,
                provider,
                album_artist,
                album_title,
                track,
                title,
                duration,
                rating,
            )| Parts {
                kind,
                service_id,
                provider,
                album_artist,
                album_title,
                track,
                title,
                duration,
                rating,
            },
        )
}

/// Parts that break no rule but perhaps a length limit: short, long, right at the 1,024-unit
/// limit of the whole, and with a provider sometimes over its 255.
fn parts() -> impl Strategy<Value = Parts> {
    (drawn_parts(), size()).prop_map(|(p, s)| sized(p, &s))
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

/// The same descriptor, written by hand from the grammar rather than by the crate.
fn render_by_hand(p: &Parts) -> String {
    let num = |n: Option<u32>| n.map(|n| n.to_string()).unwrap_or_default();
    format!(
        "::{}:1:{}:{}:{}:{}:{}:{}:{}:{}",
        if p.kind == Kind::Job {
            "WMP_JOB"
        } else {
            "WMP_STATUS"
        },
        p.service_id,
        p.provider,
        p.album_artist,
        p.album_title,
        num(p.track),
        p.title,
        num(p.duration),
        num(p.rating.map(u32::from)),
    )
}

/// Strings near the grammar: each position draws from tokens that are right for it, wrong
/// for it but right elsewhere, or arbitrary, so that the parser's accept paths and each of
/// its reject paths are all exercised; and, a third of the time, [`parts`] of every size
/// written out by hand, so that both length limits are often met with nothing else wrong.
fn near_descriptor() -> impl Strategy<Value = String> {
    prop_oneof![
        2 => near_grammar(),
        1 => parts().prop_map(|p| render_by_hand(&p)),
    ]
}

fn near_grammar() -> impl Strategy<Value = String> {
    fn number(max: u32) -> BoxedStrategy<String> {
        prop_oneof![
            2 => Just(String::new()),
            6 => (0..=max).prop_map(|n| n.to_string()),
            1 => prop_oneof![
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
            1 => prop_oneof![Just("a\\b"), Just("\u{0}"), Just("x\u{85}"), Just("\t"), Just("a:b")]
                .prop_map(String::from),
            1 => any::<String>(),
            1 => (pattern(), 0..=900usize).prop_map(|(p, units)| text_of_units(&p, units)),
        ]
        .boxed()
    }
    // A provider a few units either side of its 255-unit limit (a `\` in it is refused
    // before its length, so none here).
    let provider = prop_oneof![
        3 => text(),
        1 => (pattern(), 250..=260usize).prop_map(|(p, units)| {
            let p: Vec<char> = p.into_iter().map(|c| if c == '\\' { '/' } else { c }).collect();
            text_of_units(&p, units)
        }),
    ];
    let prefix = prop_oneof![8 => Just("::"), 1 => Just(":"), 1 => Just("")];
    let kind = prop_oneof![4 => Just("WMP_JOB"), 4 => Just("WMP_STATUS"), 1 => Just("wmp_job"), 1 => Just("")];
    let version = prop_oneof![8 => Just("1"), 1 => Just("01"), 1 => Just("")];
    let fields = (
        number(u32::MAX),
        provider,
        text(),
        text(),
        number(u32::MAX),
        text(),
        number(u32::MAX),
        number(99),
    );
    let count = prop_oneof![8 => Just(10usize), 2 => 0usize..14];
    // Sometimes the title is extended so that the whole is a few units either side of
    // 1,024, as in `sized`.
    let fill = proptest::option::weighted(0.4, (1021..=1027usize, pattern()));
    (prefix, kind, version, fields, count, fill).prop_map(
        |(
            prefix,
            kind,
            version,
            (sid, provider, artist, album, track, title, duration, rating),
            count,
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
            let join = |tokens: &[String]| format!("{prefix}{}", tokens[..count].join(":"));
            let now = validate::utf16_len(&join(&tokens));
            if let Some((units, pattern)) = fill {
                if count > 7 && now < units {
                    tokens[7].push_str(&text_of_units(&pattern, units - now));
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
        let provider_units = validate::utf16_len(&p.provider);
        let units = validate::utf16_len(&render_by_hand(&p));
        match build(&p, TextPolicy::Reject) {
            Ok(d) => {
                let text = d.to_string();
                prop_assert_eq!(&text, &render_by_hand(&p));
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
        let units = validate::utf16_len(&s);
        match s.parse::<Descriptor>() {
            Ok(d) => {
                prop_assert_eq!(d.as_str(), s.as_str());
                prop_assert_eq!(d.to_string(), s.clone());
                let again: Descriptor = d.to_string().parse().unwrap();
                prop_assert_eq!(&again, &d);
                prop_assert!(units <= 1024);
                prop_assert!(validate::utf16_len(d.provider()) <= 255);
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
                    let provider_units = validate::utf16_len(token);
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
        size in size(),
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
        let units = validate::utf16_len(&render_by_hand(&clean));
        let provider_units = validate::utf16_len(&parts.provider);
        match build(&parts, TextPolicy::Sanitize) {
            Ok(d) => {
                prop_assert_eq!(d.album_artist(), artist.as_ref());
                prop_assert_eq!(d.title(), title.as_ref());
                prop_assert_eq!(d.as_str(), render_by_hand(&clean));
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
        prop_assert_eq!(validate::utf16_len(&once), validate::utf16_len(&raw));
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
        let whole = render_by_hand(&p);
        seen.insert(("parts", validate::utf16_len(&whole), astral(&p.title)));
        seen.insert((
            "provider",
            validate::utf16_len(&p.provider),
            astral(&p.provider),
        ));
        let s = strings.new_tree(&mut runner).unwrap().current();
        seen.insert(("string", validate::utf16_len(&s), astral(&s)));
        if wanted.iter().all(|w| seen.contains(w)) {
            return;
        }
    }
    let missing: Vec<_> = wanted.iter().filter(|w| !seen.contains(w)).collect();
    panic!("never generated {missing:?}");
}
