//! Text that does not show as it is: characters that are invisible on their own, and C1
//! controls that are Windows-1252 text decoded as Latin-1 by mistake. Generated file and
//! display names show what a reader sees, and sanitised text earns none of the crate's own
//! warnings. The expectations are written out by hand, not taken from the crate.

mod common;

use wmp_bits::file_name::{file_name_for, local_name_for, Extension};
use wmp_bits::validate::{self, Problem};
use wmp_bits::{Descriptor, Job, Kind, ServiceId, TextPolicy};

/// Characters a reader does not see, one of each kind the crate removes from names.
const INVISIBLE: [char; 24] = [
    '\u{AD}',    // soft hyphen
    '\u{61C}',   // Arabic letter mark
    '\u{180E}',  // Mongolian vowel separator
    '\u{200B}',  // zero width space
    '\u{200E}',  // left-to-right mark
    '\u{200F}',  // right-to-left mark
    '\u{202A}',  // left-to-right embedding
    '\u{202B}',  // right-to-left embedding
    '\u{202C}',  // pop directional formatting
    '\u{202D}',  // left-to-right override
    '\u{202E}',  // right-to-left override
    '\u{2060}',  // word joiner
    '\u{2063}',  // invisible separator
    '\u{2066}',  // left-to-right isolate
    '\u{2067}',  // right-to-left isolate
    '\u{2068}',  // first strong isolate
    '\u{2069}',  // pop directional isolate
    '\u{206F}',  // nominal digit shapes
    '\u{3164}',  // Hangul filler
    '\u{FEFF}',  // zero width no-break space (byte order mark)
    '\u{FFA0}',  // halfwidth Hangul filler
    '\u{1D173}', // musical symbol begin beam
    '\u{E0001}', // language tag
    '\u{E0FFF}', // reserved default ignorable
];

fn descriptor(artist: &str, album: &str, title: &str) -> Descriptor {
    Descriptor::builder(Kind::Job, ServiceId::new(42).unwrap(), "Proseware")
        .album_artist(artist)
        .album_title(album)
        .title(title)
        .build()
        .unwrap()
}

fn sanitised(artist: &str, album: &str, title: &str) -> Descriptor {
    Descriptor::builder(Kind::Job, ServiceId::new(42).unwrap(), "Proseware")
        .album_artist(artist)
        .album_title(album)
        .title(title)
        .text_policy(TextPolicy::Sanitize)
        .build()
        .unwrap()
}

fn codes(problems: &[Problem]) -> Vec<&'static str> {
    problems.iter().map(Problem::code).collect()
}

#[test]
fn invisible_characters_never_reach_a_file_name() {
    for c in INVISIBLE {
        let d = descriptor(&format!("A{c}B"), "", &format!("{c}So{c}ng{c}"));
        assert_eq!(
            file_name_for(&d, Extension::Mp3),
            "Song.mp3",
            "U+{:04X}",
            u32::from(c)
        );
        let local = local_name_for(r"C:\Music", &d, Extension::Wma).unwrap();
        assert_eq!(local, r"C:\Music\Song.wma", "U+{:04X}", u32::from(c));
    }
    // A title of nothing but invisible characters falls back as an empty one does.
    let d = descriptor("", "", "\u{200B}\u{FEFF}\u{2066}");
    assert_eq!(file_name_for(&d, Extension::Mp3), "download 42.mp3");
}

#[test]
fn invisible_characters_never_reach_a_derived_display_name() {
    for c in INVISIBLE {
        let d = descriptor(&format!("{c}Björk{c}"), "", &format!("J{c}óga{c}"));
        assert_eq!(
            Job::default_display_name(&d),
            "Björk - Jóga",
            "U+{:04X}",
            u32::from(c)
        );
        let job = Job::new("https://h.example/1.mp3", r"C:\Music\1.mp3", d);
        assert_eq!(validate::display_name(job.display_name()), []);
    }
    let d = descriptor("\u{FEFF}", "", "\u{200B}");
    assert_eq!(Job::default_display_name(&d), "Proseware download 42");
}

#[test]
fn separators_between_lines_become_spaces_in_names() {
    let d = descriptor("Simon\u{2028}Garfunkel", "", "The Boxer\u{2029}Live");
    assert_eq!(
        Job::default_display_name(&d),
        "Simon Garfunkel - The Boxer Live"
    );
    assert_eq!(file_name_for(&d, Extension::Mp3), "The Boxer Live.mp3");
}

#[test]
fn joiners_and_variation_selectors_belong_to_their_letters_and_stay() {
    // Woman technologist (a ZWJ sequence), a red heart with its emoji selector, the flag of
    // Scotland (tag characters), and Persian with a zero width non-joiner.
    let title = "👩\u{200D}💻 \u{2764}\u{FE0F} 🏴\u{E0067}\u{E0062}\u{E0073}\u{E0063}\u{E0074}\u{E007F} می\u{200C}خواهم";
    let d = descriptor("", "", title);
    assert_eq!(file_name_for(&d, Extension::Mp3), format!("{title}.mp3"));
    assert_eq!(Job::default_display_name(&d), title);
}

#[test]
fn sanitised_text_earns_none_of_the_crates_own_warnings() {
    let hostile =
        "a\u{202A}b\u{202B}c\u{202C}d\u{202D}e\u{202E}f\u{2066}g\u{2067}h\u{2068}i\u{2069}j";
    // As given, the text earns the warning in the description and in a display name.
    let raw = descriptor("", "", hostile);
    assert_eq!(codes(&validate::warnings(&raw)), ["bidi_control"]);
    assert_eq!(
        codes(&validate::display_name(hostile)),
        ["display_name_bidi_control"]
    );
    // Sanitised, it earns neither.
    let clean = validate::sanitize(hostile);
    assert_eq!(clean, "a b c d e f g h i j");
    assert_eq!(validate::display_name(&clean), []);
    let d = sanitised(hostile, hostile, hostile);
    assert_eq!(validate::warnings(&d), []);
    assert_eq!(d.title(), "a b c d e f g h i j");
    let job = Job::new("https://h.example/1.mp3", r"C:\Music\1.mp3", d)
        .with_display_name(validate::sanitize(hostile));
    assert_eq!(job.check().problems(), []);
    // The line and paragraph separators become spaces too, and the UTF-16 length stays.
    assert_eq!(validate::sanitize("a\u{2028}b\u{2029}"), "a b ");
    assert_eq!(common::units(&clean), common::units(hostile));
}

#[test]
fn c1_controls_that_are_windows_1252_text_become_that_text() {
    // The bytes of Windows-1252 text read as Latin-1: each C1 control is what code page
    // 1252 puts at that byte.
    let pairs = [
        ('\u{80}', '€'),
        ('\u{82}', '‚'),
        ('\u{83}', 'ƒ'),
        ('\u{84}', '„'),
        ('\u{85}', '…'),
        ('\u{86}', '†'),
        ('\u{87}', '‡'),
        ('\u{88}', 'ˆ'),
        ('\u{89}', '‰'),
        ('\u{8A}', 'Š'),
        ('\u{8B}', '‹'),
        ('\u{8C}', 'Œ'),
        ('\u{8E}', 'Ž'),
        ('\u{91}', '‘'),
        ('\u{92}', '’'),
        ('\u{93}', '“'),
        ('\u{94}', '”'),
        ('\u{95}', '•'),
        ('\u{96}', '–'),
        ('\u{97}', '—'),
        ('\u{98}', '˜'),
        ('\u{99}', '™'),
        ('\u{9A}', 'š'),
        ('\u{9B}', '›'),
        ('\u{9C}', 'œ'),
        ('\u{9E}', 'ž'),
        ('\u{9F}', 'Ÿ'),
    ];
    for (control, meant) in pairs {
        let s = format!("a{control}b");
        assert_eq!(validate::sanitize(&s), format!("a{meant}b"), "{control:?}");
    }
    // The five bytes code page 1252 leaves unassigned stay controls, and become spaces.
    for control in ['\u{81}', '\u{8D}', '\u{8F}', '\u{90}', '\u{9D}'] {
        assert_eq!(validate::sanitize(&format!("a{control}b")), "a b");
    }

    let d = sanitised(
        "Guns N\u{92} Roses",
        "Appetite for Destruction",
        "Sweet Child O\u{92} Mine \u{96} Live\u{85}",
    );
    assert_eq!(d.album_artist(), "Guns N’ Roses");
    assert_eq!(d.title(), "Sweet Child O’ Mine – Live…");
    assert_eq!(
        file_name_for(&d, Extension::Mp3),
        "Sweet Child O’ Mine – Live….mp3"
    );
    assert_eq!(
        Job::default_display_name(&d),
        "Guns N’ Roses - Sweet Child O’ Mine – Live…"
    );
}
