//! What the test files share: the parts of a descriptor and the proptest strategies that
//! draw them, text of an exact length in UTF-16 code units, and small functions. Lengths are
//! counted with `str::encode_utf16`, and descriptors are written out by hand from the
//! grammar: nothing here calls the crate, so that it can serve as an oracle.
#![allow(dead_code)]

use std::ops::RangeInclusive;

use proptest::prelude::*;
use wmp_bits::Kind;

/// Compiles only for a type that can be sent to and shared between threads.
pub fn send_sync<T: Send + Sync + 'static>() {}

/// The UTF-16 code units of `s`, as std counts them.
pub fn units(s: &str) -> usize {
    s.encode_utf16().count()
}

/// A character that is valid in a metadata field: any char but ':' and controls, weighted
/// towards the interesting ones (a digit, multi-byte, astral, a backslash, a byte order
/// mark, a bidirectional override, the fullwidth colon, a no-break space).
pub fn text_char() -> impl Strategy<Value = char> {
    prop_oneof![
        4 => proptest::char::range(' ', '~'),
        1 => Just('0'),
        1 => Just('\\'),
        1 => Just('ö'),
        1 => Just('音'),
        1 => Just('🎷'),
        1 => Just('\u{FEFF}'),
        1 => Just('\u{FF1A}'),
        1 => Just('\u{202E}'),
        1 => Just('\u{A0}'),
        1 => any::<char>(),
    ]
    .prop_filter("no separator or control", |c| *c != ':' && !c.is_control())
}

/// Text that is valid in a metadata field, of fewer than `max` characters.
pub fn field_text(max: usize) -> impl Strategy<Value = String> {
    proptest::collection::vec(text_char(), 0..max).prop_map(|v| v.into_iter().collect())
}

/// A few characters to repeat into a long text.
pub fn pattern() -> impl Strategy<Value = Vec<char>> {
    proptest::collection::vec(text_char(), 1..12)
}

/// Exactly `units` UTF-16 code units of `pattern`, repeated: where an astral character (two
/// units) would overshoot by one, an `x` takes its place.
pub fn text_of_units(pattern: &[char], units: usize) -> String {
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

/// `chars` with every `\` written as `/`: text a provider may hold.
pub fn no_backslash(chars: Vec<char>) -> Vec<char> {
    chars
        .into_iter()
        .map(|c| if c == '\\' { '/' } else { c })
        .collect()
}

/// A provider of `units` UTF-16 code units, drawn as a pattern.
pub fn provider_of_units(units: RangeInclusive<usize>) -> impl Strategy<Value = String> {
    (pattern(), units).prop_map(|(p, units)| text_of_units(&no_backslash(p), units))
}

/// A valid provider: 1 to 39 characters, or 250 to 255 UTF-16 code units (up to its limit).
pub fn valid_provider() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => proptest::collection::vec(text_char(), 1..40)
            .prop_map(|v| no_backslash(v).into_iter().collect()),
        1 => provider_of_units(250..=255),
    ]
}

/// A provider without `\` that may be too long: mostly short, sometimes a few units either
/// side of the 255-unit limit, sometimes anywhere up to 600 units.
pub fn any_length_provider() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => proptest::collection::vec(text_char(), 1..40)
            .prop_map(|v| no_backslash(v).into_iter().collect()),
        1 => provider_of_units(250..=260),
        1 => provider_of_units(1..=600),
    ]
}

/// The kind, either one.
pub fn kind() -> impl Strategy<Value = Kind> {
    prop_oneof![Just(Kind::Job), Just(Kind::Status)]
}

/// The parts of a descriptor, as a store would give them.
#[derive(Debug, Clone)]
pub struct Parts {
    pub kind: Kind,
    pub service_id: u32,
    pub provider: String,
    pub album_artist: String,
    pub album_title: String,
    pub track: Option<u32>,
    pub title: String,
    pub duration: Option<u32>,
    pub rating: Option<u8>,
}

/// An optional number as the grammar writes it: empty when absent.
pub fn number<T: ToString>(n: Option<T>) -> String {
    n.map(|n| n.to_string()).unwrap_or_default()
}

impl Parts {
    /// The ten fields after the `::`, written by hand from the grammar.
    pub fn fields(&self) -> [String; 10] {
        let kind = if self.kind == Kind::Job {
            "WMP_JOB"
        } else {
            "WMP_STATUS"
        };
        [
            kind.into(),
            "1".into(),
            self.service_id.to_string(),
            self.provider.clone(),
            self.album_artist.clone(),
            self.album_title.clone(),
            number(self.track),
            self.title.clone(),
            number(self.duration),
            number(self.rating),
        ]
    }

    /// The descriptor, written by hand from the grammar rather than by the crate.
    pub fn render(&self) -> String {
        format!("::{}", self.fields().join(":"))
    }
}

/// Parts drawn from these strategies for the provider and the three metadata texts, with
/// numbers at and inside their limits.
pub fn parts_of(
    provider: impl Strategy<Value = String>,
    text: impl Strategy<Value = String> + 'static,
) -> impl Strategy<Value = Parts> {
    let text = text.boxed();
    (
        kind(),
        prop_oneof![
            1..=u32::MAX,
            Just(1u32),
            Just(u32::MAX),
            Just(2_147_483_648u32)
        ],
        provider,
        text.clone(),
        text.clone(),
        proptest::option::of(prop_oneof![1..=u32::MAX, Just(1u32), Just(u32::MAX)]),
        text,
        proptest::option::of(prop_oneof![any::<u32>(), Just(0u32)]),
        proptest::option::of(prop_oneof![0..=99u8, Just(0u8), Just(99u8)]),
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

/// How long the whole descriptor is made: as its fields were drawn, or with the title
/// extended so that the whole is `units` UTF-16 code units.
#[derive(Debug, Clone)]
pub enum Size {
    AsDrawn,
    Fill { units: usize, pattern: Vec<char> },
}

/// As drawn, or filled to a length in `units` (two times in five).
pub fn size(units: RangeInclusive<usize>) -> impl Strategy<Value = Size> {
    prop_oneof![
        3 => Just(Size::AsDrawn),
        2 => (units, pattern()).prop_map(|(units, pattern)| Size::Fill { units, pattern }),
    ]
}

/// `p` with its title extended as `size` says (when the rest leaves room).
pub fn sized(mut p: Parts, size: &Size) -> Parts {
    if let Size::Fill {
        units: want,
        pattern,
    } = size
    {
        let now = units(&p.render());
        if now < *want {
            p.title.push_str(&text_of_units(pattern, want - now));
        }
    }
    p
}
