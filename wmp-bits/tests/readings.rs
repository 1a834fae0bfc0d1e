//! The advice of the grammar, followed: each reading a `field_count` message names, each
//! edge a hint names, each field a `too_long` message names, and `build_fitted`, give back
//! what the writer meant. Written descriptors come from the grammar by hand; lengths are
//! counted with `encode_utf16`, not with the crate.

use proptest::prelude::*;
use wmp_bits::lenient::{self, Reading};
use wmp_bits::{Descriptor, Field, Kind, ServiceId};

/// A text field's value: letters, digits and spaces, never a ':' of its own.
fn text(max: usize) -> impl Strategy<Value = String> {
    proptest::string::string_regex(&format!("[A-Za-z0-9 éü]{{0,{max}}}")).unwrap()
}

/// The ten fields of a valid descriptor with a known duration, as written.
#[derive(Debug, Clone)]
struct Meant {
    provider: String,
    artist: String,
    album: String,
    track: Option<u32>,
    title: String,
    secs: u32,
    rating: Option<u8>,
}

impl Meant {
    fn render(&self, duration: &str) -> String {
        let opt = |n: Option<u32>| n.map(|n| n.to_string()).unwrap_or_default();
        format!(
            "::WMP_JOB:1:42:{}:{}:{}:{}:{}:{duration}:{}",
            self.provider,
            self.artist,
            self.album,
            opt(self.track),
            self.title,
            opt(self.rating.map(u32::from)),
        )
    }

    fn text(&self) -> String {
        self.render(&self.secs.to_string())
    }
}

fn meant() -> impl Strategy<Value = Meant> {
    (
        "[A-Za-z]{1,12}",
        text(12),
        text(12),
        proptest::option::of(1..=99u32),
        text(20),
        0..=100_000u32,
        proptest::option::of(prop_oneof![
            Just(0u8),
            Just(1),
            Just(25),
            Just(50),
            Just(75),
            Just(99),
            0..=99u8
        ]),
    )
        .prop_map(
            |(provider, artist, album, track, title, secs, rating)| Meant {
                provider,
                artist,
                album,
                track,
                title,
                secs,
                rating,
            },
        )
}

/// The descriptors each reading of a message leads to, made by following the reading's own
/// words on `input`: one for a stray ':' or a duration alone, one for each text field a
/// reading blames for a ':' (with the duration as written, or as the reading rewrites it).
fn followed(input: &str, message: &str) -> Vec<Vec<String>> {
    let fields: Vec<&str> = input[2..].split(':').collect();
    let (_, readings) = message.split_once("expected 10; ").unwrap();
    let readings = readings.strip_prefix("either ").unwrap_or(readings);
    let mut out = Vec::new();
    for reading in readings.split(", or ") {
        if reading.contains("after the rating") {
            out.push(vec![input[..input.len() - 1].to_owned()]);
            continue;
        }
        // How many fields the duration was written in, and the whole seconds to write.
        let (parts, seconds) = match reading.split_once("write whole seconds, ") {
            Some((words, secs)) => {
                let parts = if words.contains("hours, minutes and seconds") {
                    3
                } else {
                    2
                };
                (
                    parts,
                    Some(
                        secs.chars()
                            .take_while(char::is_ascii_digit)
                            .collect::<String>(),
                    ),
                )
            }
            None => (1, None),
        };
        let blamed: &[usize] = if reading.contains("the provider, album artist or album title") {
            &[3, 4, 5]
        } else if reading.contains("the title") && reading.contains("contains ':'") {
            &[7]
        } else if reading.contains("a text field") {
            &[3, 4, 5, 7]
        } else {
            &[]
        };
        // Counted from the end: the rating, then the duration; before them the eight fields
        // from the kind to the title, with the extra ':' in the blamed field.
        let n = fields.len();
        let duration = seconds.unwrap_or_else(|| fields[n - 2].to_owned());
        let head = &fields[..n - 1 - parts];
        let extra = head.len() - 8;
        let write = |at: Option<usize>| {
            let mut f: Vec<String> = Vec::new();
            let mut i = 0;
            while i < head.len() {
                if Some(i) == at {
                    f.push(head[i..=i + extra].join("\u{FF1A}"));
                    i += extra + 1;
                } else {
                    f.push(head[i].to_owned());
                    i += 1;
                }
            }
            f.push(duration.clone());
            f.push(fields[n - 1].to_owned());
            format!("::{}", f.join(":"))
        };
        if blamed.is_empty() {
            assert_eq!(
                extra, 0,
                "{reading} leaves {extra} ':' unexplained in {input}"
            );
            out.push(vec![write(None)]);
        } else {
            out.push(blamed.iter().map(|&k| write(Some(k))).collect());
        }
    }
    out
}

proptest! {
    /// A duration written `m:ss`, `mm:ss` or `h:mm:ss`, a stray ':' after the rating, a ':'
    /// in the title, or a ':' in the title and the duration in `m:ss`: the message names a
    /// reading that, followed, gives the meant descriptor, and every reading it names gives
    /// a strict one.
    #[test]
    fn the_meant_descriptor_is_among_the_readings(m in meant(), mistake in 0..6u8, at in 0..20usize) {
        let meant_text = m.text();
        prop_assume!(meant_text.parse::<Descriptor>().is_ok());
        let (input, meant) = match mistake {
            0 => {
                let d = m.secs;
                (m.render(&format!("{}:{:02}", d / 60, d % 60)), meant_text.clone())
            }
            1 => {
                let d = m.secs;
                (m.render(&format!("{}:{:02}:{:02}", d / 3600, d / 60 % 60, d % 60)), meant_text.clone())
            }
            2 => (format!("{meant_text}:"), meant_text.clone()),
            4 => {
                // Minutes written with two digits, as a clock shows them.
                let d = m.secs;
                (m.render(&format!("{:02}:{:02}", d / 60, d % 60)), meant_text.clone())
            }
            _ => {
                let cut = at.min(m.title.len());
                prop_assume!(m.title.is_char_boundary(cut));
                let mut with_colon = m.clone();
                with_colon.title = format!("{}:{}", &m.title[..cut], &m.title[cut..]);
                let mut sanitised = m.clone();
                sanitised.title = format!("{}\u{FF1A}{}", &m.title[..cut], &m.title[cut..]);
                let duration = if mistake == 5 {
                    // And the duration in minutes and seconds too.
                    format!("{}:{:02}", m.secs / 60, m.secs % 60)
                } else {
                    m.secs.to_string()
                };
                (with_colon.render(&duration), sanitised.text())
            }
        };
        let err = input.parse::<Descriptor>().unwrap_err();
        prop_assert_eq!(err.code(), "field_count");
        let message = err.to_string();
        let readings = followed(&input, &message);
        prop_assert!(
            readings.iter().flatten().any(|r| *r == meant),
            "{input}\n{message}\n{readings:?}"
        );
        for candidates in &readings {
            prop_assert!(
                candidates.iter().any(|r| r.parse::<Descriptor>().is_ok()),
                "{candidates:?} from {message}"
            );
        }
    }

    /// A description too long: shortening the field the message names by as many UTF-16
    /// code units as it says gives a description within the limit.
    #[test]
    fn the_too_long_advice_names_enough_to_cut(m in meant(), long in 900..1200usize, which in 0..3u8) {
        let mut m = m;
        let fill = "x".repeat(long);
        match which {
            0 => m.artist = fill,
            1 => m.album = fill,
            _ => m.title = fill,
        }
        let input = m.text();
        let units = input.encode_utf16().count();
        prop_assume!(units > 1024);
        let message = input.parse::<Descriptor>().unwrap_err().to_string();
        let by = format!("shorten it by {} UTF-16 code unit", units - 1024);
        prop_assert!(message.contains(&by), "{message}");
        let named = ["album artist", "album title", "title"][usize::from(which)];
        prop_assert!(
            message.contains(&format!("the longest field is the {named} ({long} UTF-16 code units)")),
            "{message}"
        );
        let shorter = input.replacen(&"x".repeat(long), &"x".repeat(long - (units - 1024)), 1);
        prop_assert!(shorter.parse::<Descriptor>().is_ok(), "{shorter}");
    }

    /// `build_fitted` makes any metadata fit: never over 1,024 units, the provider and the
    /// fields that fit left whole, a cut field a prefix of the given one (between
    /// characters) ending in '…', and nothing cut when the whole fits.
    #[test]
    fn build_fitted_fits_and_cuts_only_what_it_must(
        artist in text(700), album in text(700), title in text(700), provider in "[A-Za-z]{1,255}",
    ) {
        let id = ServiceId::new(42).unwrap();
        let b = Descriptor::builder(Kind::Job, id, &provider)
            .album_artist(&artist)
            .album_title(&album)
            .title(&title);
        let fitted = b.build_fitted().unwrap();
        let d = fitted.descriptor();
        prop_assert!(d.as_str().encode_utf16().count() <= 1024);
        prop_assert_eq!(d.provider(), provider.as_str());
        prop_assert_eq!(&d.as_str().parse::<Descriptor>().unwrap(), d);
        match b.build() {
            Ok(whole) => {
                prop_assert_eq!(&whole, d);
                prop_assert!(fitted.cuts().is_empty());
            }
            Err(e) => {
                prop_assert_eq!(e.code(), "too_long");
                prop_assert!(!fitted.cuts().is_empty());
            }
        }
        for (field, given, written) in [
            (Field::AlbumArtist, &artist, d.album_artist()),
            (Field::AlbumTitle, &album, d.album_title()),
            (Field::Title, &title, d.title()),
        ] {
            let cut = fitted.cuts().iter().find(|c| c.field() == field);
            match cut {
                None => prop_assert_eq!(written, given.as_str()),
                Some(cut) => {
                    let kept = written.strip_suffix('…').unwrap_or("");
                    prop_assert!(given.starts_with(kept));
                    prop_assert!(written.is_empty() || written.ends_with('…'));
                    prop_assert_eq!(cut.before(), given.encode_utf16().count());
                    prop_assert_eq!(cut.after(), written.encode_utf16().count());
                    // Only fields at least as long as every field left whole are cut.
                    for (other, other_given) in [(Field::AlbumArtist, &artist), (Field::AlbumTitle, &album), (Field::Title, &title)] {
                        if fitted.cuts().iter().all(|c| c.field() != other) {
                            prop_assert!(other_given.encode_utf16().count() <= cut.before());
                        }
                    }
                }
            }
        }
    }
}

#[test]
fn build_fitted_keeps_user_perceived_characters_whole() {
    let id = ServiceId::new(42).unwrap();
    // Flags are two regional indicators, four UTF-16 units: a cut never splits one.
    let title = "🇯🇵".repeat(300);
    let fitted = Descriptor::builder(Kind::Job, id, "Proseware")
        .title(&title)
        .build_fitted()
        .unwrap();
    let kept = fitted.descriptor().title().strip_suffix('…').unwrap();
    assert!(kept.chars().count() % 2 == 0, "a flag was split: {kept}");
    assert!(fitted.descriptor().utf16_len() <= 1024);
    assert!(fitted.descriptor().utf16_len() > 1024 - 4);
}

/// The edges: a byte order mark and white space at the start, white space and line endings
/// at the end. Following the hint (removing it) gives the descriptor; where the hint also
/// names lenient parsing, lenient parsing reads it.
#[test]
fn hints_at_the_edges_work_when_followed() {
    let meant = "::WMP_JOB:1:42:Proseware::::Intro:60:50";
    for (input, hint, lenient_reads) in [
        (
            format!("\u{FEFF}{meant}"),
            "starts with a byte order mark (U+FEFF)",
            true,
        ),
        (format!("  {meant}"), "starts with white space", false),
        (format!("\t\r\n{meant}"), "starts with white space", false),
        (format!("{meant} "), "ends in white space", true),
        (format!("{meant}\t "), "ends in white space", true),
        (format!("{meant}\n"), "ends in a line ending", true),
        (format!("{meant}\r\n"), "ends in a line ending", true),
        (
            format!("{meant} \r\n"),
            "ends in white space and a line ending",
            true,
        ),
        (
            format!("{meant}\n "),
            "ends in white space and a line ending",
            false,
        ),
        (
            format!("{meant}\r\n\r\n"),
            "ends in white space and a line ending",
            false,
        ),
    ] {
        let message = input.parse::<Descriptor>().unwrap_err().to_string();
        // What the hint names is what there is to remove: one thing, or several.
        let them = if hint.contains(" and ") { "them" } else { "it" };
        assert!(
            message.contains(&format!(
                "; the description {hint}, which a descriptor never holds: remove {them}"
            )),
            "{input:?}: {message}"
        );
        assert_eq!(
            message.contains("lenient::parse"),
            lenient_reads,
            "{message}"
        );
        let removed = input.trim_start_matches('\u{FEFF}').trim();
        assert_eq!(removed, meant);
        if lenient_reads {
            assert_eq!(
                lenient::parse(&input).unwrap().descriptor().as_str(),
                meant,
                "{input:?}"
            );
        } else {
            assert!(lenient::parse(&input).is_err(), "{input:?}");
        }
        // Whichever it is, the Player's job is a near miss whose exact text is the meant one.
        let Reading::NearMiss(near) = lenient::classify(&input) else {
            panic!("{input:?} is no near miss");
        };
        assert_eq!(near.exact().map(Descriptor::as_str), Some(meant));
    }
    // No hint where removing the edge would not help.
    let message = "\u{FEFF}WMP_JOB"
        .parse::<Descriptor>()
        .unwrap_err()
        .to_string();
    assert!(!message.contains("byte order mark"), "{message}");
    let message = format!("{meant}x ")
        .parse::<Descriptor>()
        .unwrap_err()
        .to_string();
    assert!(!message.contains("white space"), "{message}");
}
