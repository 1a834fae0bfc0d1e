//! Property tests: strict parsing is canonical, in both directions, and nothing panics.

use proptest::prelude::*;
use wmp_bits::{validate, Descriptor, Field, Kind, Rating, ServiceId, TextPolicy};

/// Text that is valid in a metadata field: any char but ':' and controls, weighted towards
/// the interesting ones (multi-byte, astral, backslash, bidi, fullwidth colon).
fn field_text(max: usize) -> impl Strategy<Value = String> {
    let ch = prop_oneof![
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
    .prop_filter("no separator or control", |c| *c != ':' && !c.is_control());
    proptest::collection::vec(ch, 0..max).prop_map(|v| v.into_iter().collect())
}

fn provider() -> impl Strategy<Value = String> {
    field_text(40).prop_filter("provider rules", |p| {
        !p.is_empty() && !p.contains('\\') && validate::utf16_len(p) <= 255
    })
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

fn parts() -> impl Strategy<Value = Parts> {
    (
        prop_oneof![Just(Kind::Job), Just(Kind::Status)],
        prop_oneof![
            1..=u32::MAX,
            Just(1u32),
            Just(u32::MAX),
            Just(2_147_483_648u32)
        ],
        provider(),
        field_text(30),
        field_text(30),
        proptest::option::of(prop_oneof![1..=u32::MAX, Just(u32::MAX)]),
        field_text(60),
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
/// its reject paths are all exercised.
fn near_descriptor() -> impl Strategy<Value = String> {
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
        ]
        .boxed()
    }
    let prefix = prop_oneof![8 => Just("::"), 1 => Just(":"), 1 => Just("")];
    let kind = prop_oneof![4 => Just("WMP_JOB"), 4 => Just("WMP_STATUS"), 1 => Just("wmp_job"), 1 => Just("")];
    let version = prop_oneof![8 => Just("1"), 1 => Just("01"), 1 => Just("")];
    let fields = (
        number(u32::MAX),
        text(),
        text(),
        text(),
        number(u32::MAX),
        text(),
        number(u32::MAX),
        number(99),
    );
    let count = prop_oneof![8 => Just(10usize), 2 => 0usize..14];
    (prefix, kind, version, fields, count).prop_map(
        |(
            prefix,
            kind,
            version,
            (sid, provider, artist, album, track, title, duration, rating),
            count,
        )| {
            let tokens = [
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
            format!("{prefix}{}", tokens[..count].join(":"))
        },
    )
}

proptest! {
    // 256 cases by default; PROPTEST_CASES raises it (CI runs more).

    /// typed value → string → value is the identity.
    #[test]
    fn value_to_string_to_value(p in parts()) {
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
                prop_assert!(back.utf16_len() <= 1024);
            }
            Err(e) => {
                // Only the length can stop valid parts; the hand-rendered string agrees.
                prop_assert_eq!(e.code(), "too_long");
                prop_assert!(validate::utf16_len(&render_by_hand(&p)) > 1024);
            }
        }
    }

    /// string → value → string is the identity for every string the parser accepts, and
    /// parsing never panics, with an error span inside the input.
    #[test]
    fn accepted_strings_render_back_byte_for_byte(s in near_descriptor()) {
        match s.parse::<Descriptor>() {
            Ok(d) => {
                prop_assert_eq!(d.as_str(), s.as_str());
                prop_assert_eq!(d.to_string(), s.clone());
                let again: Descriptor = d.to_string().parse().unwrap();
                prop_assert_eq!(again, d);
            }
            Err(e) => {
                let span = e.span();
                prop_assert!(span.start <= span.end && span.end <= s.len());
                prop_assert!(s.is_char_boundary(span.start) && s.is_char_boundary(span.end));
                prop_assert!(!e.to_string().is_empty());
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

    /// Sanitised text always builds (unless the whole is too long), and the result holds
    /// exactly the sanitised text.
    #[test]
    fn sanitised_text_always_builds(p in parts(), raw in any::<String>(), raw2 in "[a-z:\t\u{0}\u{85}]{0,20}") {
        let parts = Parts { album_artist: raw.clone(), title: raw2.clone(), ..p };
        match build(&parts, TextPolicy::Sanitize) {
            Ok(d) => {
                let (artist, title) = (validate::sanitize(&raw), validate::sanitize(&raw2));
                prop_assert_eq!(d.album_artist(), artist.as_ref());
                prop_assert_eq!(d.title(), title.as_ref());
                prop_assert!(validate::text(Field::AlbumArtist, d.album_artist()).is_ok());
                let back: Descriptor = d.as_str().parse().unwrap();
                prop_assert_eq!(back, d);
            }
            Err(e) => prop_assert_eq!(e.code(), "too_long"),
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
