//! Safe local names from metadata: exact results for hostile metadata, folder errors, and
//! properties that hold for any descriptor and any valid folder.

mod common;

use std::collections::BTreeSet;

use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::TestRunner;
use wmp_bits::file_name::{
    check_folder, file_name_for, local_name_for, rip_layout_name_for, Extension, FolderError,
};
use wmp_bits::validate::{self, LocalNameErrorKind};
use wmp_bits::{Descriptor, Field, Job, Kind, ServiceId, TextPolicy};

/// Every name Windows reserves for a device, written out here rather than taken from the
/// crate, so that a name dropped from the crate's list is noticed.
const RESERVED: [&str; 30] = [
    "CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$", "COM1", "COM2", "COM3", "COM4", "COM5",
    "COM6", "COM7", "COM8", "COM9", "COM¹", "COM²", "COM³", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5",
    "LPT6", "LPT7", "LPT8", "LPT9", "LPT¹", "LPT²", "LPT³",
];

/// The device a file or folder name opens, by [`RESERVED`]: its text before the first dot,
/// without trailing spaces, in any ASCII case.
fn device(component: &str) -> Option<&'static str> {
    let stem = component
        .split('.')
        .next()
        .unwrap_or_default()
        .trim_end_matches(' ');
    RESERVED
        .into_iter()
        .find(|name| stem.eq_ignore_ascii_case(name))
}

/// Whether a reader sees nothing of `c`: `Default_Ignorable_Code_Point` characters that stand
/// on their own (`DerivedCoreProperties.txt`, `Grapheme_Cluster_Break` Control or Other).
fn invisible(c: char) -> bool {
    matches!(
        u32::from(c),
        0xAD | 0x61C
            | 0x180E
            | 0x200B
            | 0x200E..=0x200F
            | 0x202A..=0x202E
            | 0x2060..=0x206F
            | 0x3164
            | 0xFEFF
            | 0xFFA0
            | 0xFFF0..=0xFFF8
            | 0x1BCA0..=0x1BCA3
            | 0x1D173..=0x1D17A
            | 0xE0000..=0xE001F
            | 0xE0080..=0xE00FF
            | 0xE01F0..=0xE0FFF
    )
}

/// The bidirectional formatting characters that earn `bidi_control`.
fn bidi(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// A descriptor with this title, album, artist and track, text sanitised.
fn desc(title: &str, album: &str, artist: &str, track: Option<u32>) -> Descriptor {
    let mut b = Descriptor::builder(Kind::Job, ServiceId::new(42).unwrap(), "Proseware")
        .album_artist(artist)
        .album_title(album)
        .title(title)
        .text_policy(TextPolicy::Sanitize);
    if let Some(n) = track {
        b = b.track_number(n);
    }
    b.build().unwrap()
}

fn titled(title: &str) -> Descriptor {
    desc(title, "", "", None)
}

fn mp3(d: &Descriptor) -> String {
    file_name_for(d, Extension::Mp3)
}

fn folder_err(folder: &str) -> FolderError {
    local_name_for(folder, &titled("Song"), Extension::Mp3).unwrap_err()
}

#[test]
fn track_number_prefix_is_two_digits_at_least() {
    assert_eq!(
        mp3(&desc("Back in Black", "", "", Some(6))),
        "06 Back in Black.mp3"
    );
    assert_eq!(
        mp3(&desc("Hells Bells", "", "", Some(1))),
        "01 Hells Bells.mp3"
    );
    assert_eq!(mp3(&desc("Coda", "", "", Some(10))), "10 Coda.mp3");
    assert_eq!(mp3(&desc("Coda", "", "", Some(123))), "123 Coda.mp3");
    assert_eq!(mp3(&desc("X", "", "", Some(u32::MAX))), "4294967295 X.mp3");
    assert_eq!(mp3(&titled("Back in Black")), "Back in Black.mp3");
}

#[test]
fn every_extension_is_written_in_lowercase() {
    let d = titled("Song");
    let names: Vec<String> = Extension::ALL
        .iter()
        .map(|&e| file_name_for(&d, e))
        .collect();
    assert_eq!(names, ["Song.wma", "Song.wmv", "Song.mp3", "Song.asf"]);
}

#[test]
fn extension_parses_in_any_case_with_or_without_dot() {
    for (text, ext) in [
        ("wma", Extension::Wma),
        ("WMV", Extension::Wmv),
        ("Mp3", Extension::Mp3),
        (".ASF", Extension::Asf),
        (".mp3", Extension::Mp3),
    ] {
        assert_eq!(text.parse::<Extension>(), Ok(ext), "{text}");
    }
    for bad in ["", ".", "..mp3", "mp3.", "wav", "mp4", " mp3", "mp3 ", "mp"] {
        assert!(bad.parse::<Extension>().is_err(), "{bad:?}");
    }
    for e in Extension::ALL {
        assert_eq!(e.to_string().parse::<Extension>(), Ok(e));
        assert_eq!(e.as_str(), e.to_string());
    }
}

#[test]
fn forbidden_characters_become_underscores() {
    assert_eq!(
        mp3(&titled(r#"AC/DC "Live" <1991> | Why? *"#)),
        "AC_DC _Live_ _1991_ _ Why_ _.mp3"
    );
    assert_eq!(mp3(&titled(r"Back\Slash")), r"Back_Slash.mp3");
    // `:` and controls are sanitised by the builder (to `：` and a space); `：` is legal.
    assert_eq!(mp3(&titled("Live: Tokyo")), "Live： Tokyo.mp3");
    assert_eq!(mp3(&titled("tab\there")), "tab here.mp3");
}

#[test]
fn bidi_controls_are_removed() {
    // As given (a strict descriptor may hold them); sanitising would make them spaces.
    let raw = |title: &str| {
        Descriptor::builder(Kind::Job, ServiceId::new(42).unwrap(), "Proseware")
            .title(title)
            .build()
            .unwrap()
    };
    assert_eq!(mp3(&raw("song\u{202E}3pm.exe")), "song3pm.exe.mp3");
    assert_eq!(mp3(&raw("\u{2066}a\u{2069}b\u{202A}")), "ab.mp3");
    assert_eq!(mp3(&titled("song\u{202E}3pm.exe")), "song 3pm.exe.mp3");
}

#[test]
fn white_space_and_trailing_dots_are_trimmed() {
    assert_eq!(mp3(&titled("  Title  ")), "Title.mp3");
    assert_eq!(mp3(&titled("Title...")), "Title.mp3");
    assert_eq!(mp3(&titled("Title . . .")), "Title.mp3");
    assert_eq!(mp3(&titled("\u{3000}Title\u{A0}")), "Title.mp3");
    // Leading dots are part of the name.
    assert_eq!(
        mp3(&titled("...And Justice for All")),
        "...And Justice for All.mp3"
    );
    assert_eq!(
        mp3(&desc("...And Justice for All", "", "", Some(1))),
        "01 ...And Justice for All.mp3"
    );
}

#[test]
fn empty_names_fall_back_in_order() {
    assert_eq!(
        mp3(&desc("...", "Back in Black", "AC/DC", None)),
        "Back in Black.mp3"
    );
    assert_eq!(mp3(&desc("   ", " . ", "AC/DC", None)), "AC_DC.mp3");
    assert_eq!(mp3(&desc("", "", "", None)), "download 42.mp3");
    assert_eq!(mp3(&desc(". . .", "", "  ", Some(7))), "07 download 42.mp3");
    assert_eq!(mp3(&desc("?", "", "", None)), "_.mp3");
}

#[test]
fn device_names_get_a_leading_underscore() {
    assert_eq!(mp3(&titled("CON")), "_CON.mp3");
    assert_eq!(mp3(&titled("con")), "_con.mp3");
    assert_eq!(mp3(&titled("con.txt")), "_con.txt.mp3");
    assert_eq!(mp3(&titled("Lpt9 .log")), "_Lpt9 .log.mp3");
    assert_eq!(mp3(&titled("COM\u{B9}")), "_COM\u{B9}.mp3");
    assert_eq!(mp3(&titled("NUL...")), "_NUL.mp3");
    // Not device names, or not at the start of the name.
    assert_eq!(mp3(&titled("CONSOLE")), "CONSOLE.mp3");
    assert_eq!(mp3(&titled("COM0")), "COM0.mp3");
    assert_eq!(mp3(&desc("CON", "", "", Some(3))), "03 CON.mp3");
    assert_eq!(mp3(&desc("", "AUX", "", None)), "_AUX.mp3");
    for d in [titled("CON"), titled("con.txt"), titled("Lpt9 .log")] {
        let name = local_name_for(r"C:\Music", &d, Extension::Mp3).unwrap();
        assert_eq!(validate::local_name(&name), Ok(()), "{name}");
    }
}

#[test]
fn long_names_are_cut_to_the_component_limit() {
    let name = mp3(&titled(&"a".repeat(300)));
    assert_eq!(name, format!("{}.mp3", "a".repeat(251)));
    assert_eq!(common::units(&name), 255);
    // In a short folder, the component limit is the one that binds: in a drive root, where
    // the whole name would leave room for 253 units, the stem still takes 251.
    for folder in [r"C:\M\", r"C:\M", r"C:\"] {
        let local = local_name_for(folder, &titled(&"a".repeat(300)), Extension::Mp3);
        let sep = if folder.ends_with('\\') { "" } else { "\\" };
        assert_eq!(local, Ok(format!("{folder}{sep}{name}")), "{folder}");
    }

    // An astral character takes two units and is never split.
    let name = mp3(&titled(&"🎷".repeat(200)));
    assert_eq!(name, format!("{}.mp3", "🎷".repeat(125)));
    assert_eq!(common::units(&name), 254);

    // A combining mark stays with its letter.
    let title = format!("{}e\u{301}", "a".repeat(250));
    assert_eq!(mp3(&titled(&title)), format!("{}.mp3", "a".repeat(250)));

    // The cut is trimmed again.
    let title = format!("{} . b", "a".repeat(248));
    assert_eq!(mp3(&titled(&title)), format!("{}.mp3", "a".repeat(248)));
}

#[test]
fn local_name_joins_folder_and_file_name() {
    let d = desc("Back in Black", "", "", Some(6));
    for (folder, expected) in [
        (
            r"C:\Users\Pat\Music",
            r"C:\Users\Pat\Music\06 Back in Black.mp3",
        ),
        (
            r"C:\Users\Pat\Music\",
            r"C:\Users\Pat\Music\06 Back in Black.mp3",
        ),
        ("D:/Music/", "D:/Music/06 Back in Black.mp3"),
        (r"C:\", r"C:\06 Back in Black.mp3"),
        (r"\\media\share", r"\\media\share\06 Back in Black.mp3"),
    ] {
        assert_eq!(
            local_name_for(folder, &d, Extension::Mp3).as_deref(),
            Ok(expected)
        );
    }
}

#[test]
fn a_folder_near_the_limit_leaves_a_shorter_stem() {
    let d = desc("Back in Black", "", "", Some(6));
    // 3 + n + 1 (separator) + stem + 4 <= 260.
    let at = |n: usize| local_name_for(&format!(r"C:\{}", "a".repeat(n)), &d, Extension::Mp3);
    let folder = |n: usize| format!(r"C:\{}", "a".repeat(n));
    assert_eq!(
        at(240).unwrap(),
        format!(r"{}\06 Back in B.mp3", folder(240))
    );
    assert_eq!(at(241).unwrap(), format!(r"{}\06 Back in.mp3", folder(241))); // "06 Back in " trimmed
    assert_eq!(at(244).unwrap(), format!(r"{}\06 Back.mp3", folder(244))); // "06 Back " trimmed
    assert_eq!(at(250).unwrap(), format!(r"{}\06.mp3", folder(250)));
    assert_eq!(at(251).unwrap(), format!(r"{}\0.mp3", folder(251)));
    assert_eq!(common::units(&at(251).unwrap()), 260);
    let err = at(252).unwrap_err();
    assert_eq!(err.kind(), LocalNameErrorKind::TooLong);
    assert_eq!(err.code(), "local_name_too_long");
    assert_eq!(err.span(), 0..255);
    assert!(err.local_name_error().is_none());
    assert_eq!(
        err.to_string(),
        "folder is 255 UTF-16 code units long, which leaves no room for a file name: expected \
         at most 254, so that the separator, a file name of at least one character and its \
         extension fit within 260 (MAX_PATH)"
    );
    // With its own separator, the folder may be one unit longer.
    let with_separator = |n: usize| format!(r"{}\", folder(n));
    assert_eq!(
        local_name_for(&with_separator(251), &d, Extension::Mp3).unwrap(),
        format!(r"{}\0.mp3", folder(251))
    );
    let err = local_name_for(&with_separator(252), &d, Extension::Mp3).unwrap_err();
    assert_eq!(err.span(), 0..256);
    assert!(err.to_string().starts_with(
        "folder is 256 UTF-16 code units long, which leaves no room for a file \
                      name: expected at most 255,"
    ));
    // A stem cut to a device name is made safe again.
    let console = titled("CONSOLE");
    let name = local_name_for(&folder(248), &console, Extension::Wma).unwrap();
    assert_eq!(name, format!(r"{}\CONS.wma", folder(248)));
    let name = local_name_for(&folder(249), &console, Extension::Wma).unwrap();
    assert_eq!(name, format!(r"{}\_CO.wma", folder(249)));
    // A trailing separator is not added again.
    let name = local_name_for(&format!(r"{}\", folder(250)), &d, Extension::Mp3).unwrap();
    assert_eq!(name, at(250).unwrap());
}

#[test]
fn folders_that_cannot_hold_a_file_are_refused_with_the_folder_span() {
    for (folder, code, span) in [
        ("", "local_name_not_absolute", 0..0),
        ("Music", "local_name_not_absolute", 0..0),
        ("C:", "local_name_not_absolute", 0..2),
        (r"\Music", "local_name_not_absolute", 0..1),
        (r"\\server", "local_name_not_absolute", 0..8),
        (r"\\server\", "local_name_not_absolute", 0..9),
        (r"\\?\C:\Music", "local_name_verbatim_prefix", 0..4),
        (r"C:\Mu*sic", "local_name_invalid_character", 5..6),
        (r"C:\Music:x", "local_name_stream", 8..9),
        (r"C:\Music.", "local_name_trailing_dot_or_space", 3..9),
        (r"C:\Music \x", "local_name_trailing_dot_or_space", 3..9),
        (r"C:\Music\..", "local_name_trailing_dot_or_space", 9..11),
        (r"C:\AUX\x", "local_name_reserved_name", 3..6),
    ] {
        let err = folder_err(folder);
        assert_eq!((err.code(), err.span()), (code, span), "{folder:?}");
        assert_eq!(check_folder(folder), Err(err.clone()));
        assert_eq!(
            err.local_name_error().map(validate::LocalNameError::code),
            Some(code)
        );
    }
    let err = folder_err(r"C:\AUX\x");
    assert_eq!(
        err.to_string(),
        "folder cannot hold a download (byte offsets are in the folder): local name has a \
         reserved device name \"AUX\" at bytes 3..6: expected a file or folder name that is not \
         CON, PRN, AUX, NUL, CONIN$, CONOUT$, COM1–COM9, COM¹–COM³, LPT1–LPT9 or LPT¹–LPT³"
    );
    let source = std::error::Error::source(&err).map(ToString::to_string);
    assert_eq!(source, err.local_name_error().map(ToString::to_string));
}

#[test]
fn types_are_send_sync_and_comparable() {
    common::send_sync::<Extension>();
    common::send_sync::<FolderError>();
    common::send_sync::<wmp_bits::file_name::ExtensionError>();
    common::send_sync::<Job>();
    assert_eq!(folder_err("C:"), folder_err("C:"));
    assert_ne!(folder_err("C:"), folder_err("D:"));
}

// ---- properties ----------------------------------------------------------------------

/// Titles meant to break file names.
fn hostile() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        "[.]{1,300}",
        "[ ]{1,300}",
        "[ .]{1,40}",
        reserved_name(),
        Just("con.txt".to_string()),
        "[a-z ]{250,300}",
        "[a. ]{240,300}",
        "[🎷𝄞😀é]{1,300}",
        "[<>:\"/\\\\|?*a. ]{1,40}",
        "[a\u{202A}-\u{202E}\u{2066}-\u{2069}b]{1,20}",
        "(e\u{301}|👍\u{1F3FD}|👩\u{200D}💻| ){1,120}",
        "[\u{0}-\u{1F}\u{7F}-\u{9F}a]{1,20}",
        "\\PC{0,80}",
        any::<String>().prop_map(|s| s.chars().take(100).collect()),
    ]
}

/// A device name from [`RESERVED`] in any ASCII case, maybe followed by spaces and
/// extensions, which Windows reads as the device too (`con .txt`, `Lpt¹.tar.gz`); or one
/// that only looks like it (`COM0`, `CONSOLE`).
fn reserved_name() -> impl Strategy<Value = String> {
    let cased = (prop::sample::select(RESERVED.to_vec()), any::<u64>()).prop_map(|(name, bits)| {
        name.chars()
            .enumerate()
            .map(|(i, c)| {
                if bits >> i & 1 == 1 {
                    c.to_ascii_lowercase()
                } else {
                    c
                }
            })
            .collect::<String>()
    });
    (
        prop_oneof![4 => cased, 1 => "(COM0|LPT0|COM10|CONSOLE|CONIN|nul1)"],
        "( {0,2})",
        "(\\.[a-z]{0,3}){0,2}",
    )
        .prop_map(|(name, spaces, ext)| format!("{name}{spaces}{ext}"))
}

#[test]
fn the_title_generator_reaches_every_reserved_name() {
    let mut runner = TestRunner::deterministic();
    let strategy = hostile();
    let mut reached = BTreeSet::new();
    for _ in 0..20_000 {
        let title = strategy.new_tree(&mut runner).unwrap().current();
        if let Some(name) = device(&title) {
            reached.insert(name);
        }
    }
    let all: BTreeSet<&str> = RESERVED.into_iter().collect();
    assert_eq!(reached, all, "missing {:?}", all.difference(&reached));
}

#[test]
fn every_reserved_name_is_made_safe_in_every_case_and_layout() {
    for name in RESERVED {
        for text in [
            name.to_string(),
            name.to_ascii_lowercase(),
            format!("{name} .log"),
            format!("{}.txt", name.to_ascii_lowercase()),
        ] {
            let d = desc(&text, &text, &text, None);
            let file = mp3(&d);
            assert_eq!(file, format!("_{text}.mp3"), "{text:?}");
            let rip = rip_layout_name_for(r"C:\Music", &d, Extension::Wma).unwrap();
            assert_eq!(
                rip,
                format!(r"C:\Music\_{text}\_{text}\_{text}.wma"),
                "{text:?}"
            );
            assert_eq!(validate::local_name(&rip), Ok(()));
        }
    }
}

/// Shorter text for the album and the artist, so the description stays within 1,024 units.
fn hostile_short() -> impl Strategy<Value = String> {
    hostile().prop_map(|s| s.chars().take(60).collect())
}

fn descriptor() -> impl Strategy<Value = Descriptor> {
    (
        prop_oneof![Just(Kind::Job), Just(Kind::Status)],
        1..=u32::MAX,
        hostile(),
        hostile_short(),
        hostile_short(),
        proptest::option::of(prop_oneof![1..=99u32, 1..=u32::MAX]),
    )
        .prop_filter_map(
            "fits in a description",
            |(kind, id, title, album, artist, track)| {
                let mut b = Descriptor::builder(kind, ServiceId::new(id)?, "Proseware")
                    .title(&title)
                    .album_title(&album)
                    .album_artist(&artist)
                    .text_policy(TextPolicy::Sanitize);
                if let Some(n) = track {
                    b = b.track_number(n);
                }
                b.build().ok()
            },
        )
}

/// Folders that are valid as written, of every length up to the limit and past it.
fn folder() -> impl Strategy<Value = String> {
    let component = "[A-Za-z0-9_(][A-Za-z0-9 _.()'éü音🎷-]{0,40}[A-Za-z0-9_)éü音🎷]";
    prop_oneof![
        prop::sample::select(vec![
            r"C:\",
            r"c:/",
            r"C:\Users\Pat\Music",
            r"C:\Users\Pat\Music\",
            "D:/Music/",
            r"\\server\share",
            r"\\server\share\Store Downloads\",
            r"C:\Users\Zoë\Musique\音楽",
            r"C:\🎷\Jazz",
        ])
        .prop_map(String::from),
        (
            prop_oneof![Just(r"C:\"), Just(r"\\media\music\")],
            prop::collection::vec(component, 0..8)
        )
            .prop_map(|(root, parts)| format!("{root}{}", parts.join(r"\"))),
        (200usize..=255, prop::bool::ANY).prop_map(|(n, sep)| {
            format!(r"C:\{}{}", "m".repeat(n), if sep { r"\" } else { "" })
        }),
    ]
}

fn extension() -> impl Strategy<Value = Extension> {
    prop::sample::select(Extension::ALL.to_vec())
}

proptest! {
    #[test]
    fn file_name_is_always_a_valid_component(d in descriptor(), ext in extension()) {
        let name = file_name_for(&d, ext);
        let path = format!(r"C:\{name}");
        prop_assert_eq!(validate::local_name(&path), Ok(()), "{}", path);
        prop_assert!(common::units(&name) <= 255);
        let ext_suffix = format!(".{ext}");
        prop_assert!(name.ends_with(&ext_suffix));
        let stem = &name[..name.len() - 4];
        prop_assert!(!stem.is_empty());
        prop_assert!(!stem.contains(['<', '>', ':', '"', '/', '\\', '|', '?', '*']));
        let invisible = |c: char| {
            c.is_control() || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
        };
        prop_assert!(!stem.chars().any(invisible), "{:?}", stem);
        prop_assert!(!stem.starts_with(char::is_whitespace));
        prop_assert!(!stem.ends_with(|c: char| c == '.' || c.is_whitespace()));
        if let Some(n) = d.track_number() {
            let prefix = format!("{n:02} ");
            prop_assert!(name.starts_with(&prefix), "{} lacks {}", name, prefix);
        }
    }

    #[test]
    fn local_name_always_validates_and_keeps_the_folder(
        d in descriptor(),
        folder in folder(),
        ext in extension(),
    ) {
        let separator = !folder.ends_with(['\\', '/']);
        let folder_units = common::units(&folder) + usize::from(separator);
        let result = local_name_for(&folder, &d, ext);
        prop_assert_eq!(check_folder(&folder), result.as_ref().map(drop).map_err(Clone::clone));
        match result {
            Ok(name) => {
                prop_assert_eq!(validate::local_name(&name), Ok(()), "{}", name);
                prop_assert!(name.starts_with(&folder));
                let rest = &name[folder.len()..];
                let file = if separator {
                    rest.strip_prefix('\\').expect("a separator after the folder")
                } else {
                    rest
                };
                prop_assert!(!file.contains(['\\', '/']), "{}", file);
                prop_assert!(file.len() > 4);
                // Nothing is cut that did not have to be.
                let whole = file_name_for(&d, ext);
                if folder_units + common::units(&whole) <= 260 {
                    prop_assert_eq!(file, whole.as_str());
                } else {
                    // A cut: the stem is a prefix of the whole stem, after the `_` that
                    // keeps a cut device name safe, or else of the fallback name.
                    let cut = &file[..file.len() - 4];
                    let whole_stem = &whole[..whole.len() - 4];
                    let fallback = format!("download {}", d.service_id());
                    let whole_bare = whole_stem.strip_prefix('_').unwrap_or(whole_stem);
                    let cut_bare = cut.strip_prefix('_').unwrap_or(cut);
                    prop_assert!(
                        whole_stem.starts_with(cut)
                            || whole_bare.starts_with(cut_bare)
                            || fallback.starts_with(cut),
                        "{} is not a cut of {}", cut, whole_stem
                    );
                }
            }
            Err(e) => {
                // Only a folder without room for `x.ext` is refused: every folder here is
                // valid as written.
                prop_assert!(folder_units + 5 > 260, "{:?} refused: {}", folder, e);
                prop_assert_eq!(e.code(), "local_name_too_long");
                prop_assert_eq!(e.span(), 0..folder.len());
            }
        }
    }

    #[test]
    fn a_whole_job_from_metadata_checks_clean(d in descriptor(), ext in extension()) {
        let local = local_name_for(r"C:\Users\Pat\Music", &d, ext).unwrap();
        let remote = format!("https://downloads.proseware.example/t/1.{ext}");
        let job = Job::new(remote, local, d.clone());
        let report = job.checks().installed_providers(&["PROSEWARE"]).check();
        prop_assert!(report.is_ok(), "{}", report);
        // Only the descriptor's own warnings remain: a service id over i32::MAX, and a
        // bidirectional formatting character in a text field, read here from the fields.
        let mut expected = Vec::new();
        if d.service_id().get() > 2_147_483_647 {
            expected.push(("large_service_id", Some(Field::ServiceId)));
        }
        for (field, text) in [
            (Field::Provider, d.provider()),
            (Field::AlbumArtist, d.album_artist()),
            (Field::AlbumTitle, d.album_title()),
            (Field::Title, d.title()),
        ] {
            if text.chars().any(bidi) {
                expected.push(("bidi_control", Some(field)));
            }
        }
        let got: Vec<_> = report.problems().iter().map(|p| (p.code(), p.field())).collect();
        prop_assert_eq!(got, expected);

        // The display name, by its documented rules.
        let name = job.display_name();
        let whole = expected_display_name(&d);
        if whole.encode_utf16().count() <= 256 {
            prop_assert_eq!(name, whole.as_str());
        } else {
            let cut = name.strip_suffix('…').expect("a cut name ends in …");
            prop_assert!(whole.starts_with(cut), "{:?} is not a cut of {:?}", cut, whole);
            prop_assert!(!cut.ends_with(char::is_whitespace));
            prop_assert!(name.encode_utf16().count() <= 256);
            prop_assert!(name.encode_utf16().count() >= 256 - 12, "{}", name);
        }
        prop_assert!(!name.is_empty());
        prop_assert!(!name.chars().any(|c| c.is_control() || invisible(c)), "{:?}", name);
        prop_assert_eq!(validate::display_name(name), []);
    }

    #[test]
    fn rip_layout_always_validates_and_keeps_the_folder(
        d in descriptor(),
        folder in folder(),
        ext in extension(),
    ) {
        let separator = !folder.ends_with(['\\', '/']);
        let folder_units = common::units(&folder) + usize::from(separator);
        match rip_layout_name_for(&folder, &d, ext) {
            Ok(name) => {
                prop_assert_eq!(validate::local_name(&name), Ok(()), "{}", name);
                prop_assert!(common::units(&name) <= 260);
                prop_assert!(name.starts_with(&folder));
                let rest = &name[folder.len() + usize::from(separator)..];
                let parts: Vec<&str> = rest.split('\\').collect();
                prop_assert_eq!(parts.len(), 3, "{}", rest);
                for part in &parts {
                    prop_assert!(!part.is_empty());
                    prop_assert_eq!(device(part), None, "{}", part);
                    prop_assert!(!part.ends_with(|c: char| c == '.' || c.is_whitespace()));
                    prop_assert!(!part.starts_with(char::is_whitespace));
                    prop_assert!(!part.chars().any(|c| invisible(c) || c.is_control()), "{:?}", part);
                    prop_assert!(!part.contains(['<', '>', ':', '"', '/', '|', '?', '*']));
                }
                let ext_suffix = format!(".{ext}");
                prop_assert!(parts[2].ends_with(&ext_suffix));
                // The file name is the flat layout's, or a cut of it (after the `_` that
                // keeps a cut device name safe, or else of the fallback name).
                let whole = file_name_for(&d, ext);
                let (cut, whole_stem) = (&parts[2][..parts[2].len() - 4], &whole[..whole.len() - 4]);
                let fallback = format!("download {}", d.service_id());
                let bare = |s: &str| s.strip_prefix('_').unwrap_or(s).to_string();
                prop_assert!(
                    whole_stem.starts_with(cut)
                        || bare(whole_stem).starts_with(&bare(cut))
                        || fallback.starts_with(cut),
                    "{} is not a cut of {}", cut, whole_stem
                );

            }
            Err(e) => {
                // Only a folder without room for `a\b\c.ext` is refused.
                prop_assert!(folder_units + 9 > 260, "{:?} refused: {}", folder, e);
                prop_assert_eq!(e.code(), "local_name_too_long");
                prop_assert_eq!(e.span(), 0..folder.len());
            }
        }
    }
}

/// What a text field shows in a name: line and paragraph separators as spaces, invisible
/// characters dropped, trimmed.
fn shown(s: &str) -> String {
    let s: String = s
        .chars()
        .filter(|&c| !invisible(c))
        .map(|c| {
            if matches!(c, '\u{2028}' | '\u{2029}') {
                ' '
            } else {
                c
            }
        })
        .collect();
    s.trim().to_string()
}

/// The display name `Job::default_display_name` documents, before any cut.
fn expected_display_name(d: &Descriptor) -> String {
    let (artist, title, album) = (
        shown(d.album_artist()),
        shown(d.title()),
        shown(d.album_title()),
    );
    let main = match (title.is_empty(), album.is_empty(), d.track_number()) {
        (false, _, _) => title,
        (true, false, Some(n)) => format!("{album}, track {n}"),
        (true, false, None) => album,
        (true, true, Some(n)) => format!("track {n}"),
        (true, true, None) => String::new(),
    };
    match (artist.is_empty(), main.is_empty()) {
        (false, false) => format!("{artist} - {main}"),
        (true, false) => main,
        (false, true) => artist,
        (true, true) => match shown(d.provider()).as_str() {
            "" => format!("download {}", d.service_id()),
            provider => format!("{provider} download {}", d.service_id()),
        },
    }
}

// ---- the rip layout ------------------------------------------------------------------

fn rip(d: &Descriptor) -> String {
    rip_layout_name_for(r"C:\Music", d, Extension::Mp3).unwrap()
}

#[test]
fn two_albums_with_the_same_first_track_are_two_files_in_the_rip_layout() {
    let intro_a = desc("Intro", "Album One", "Artist", Some(1));
    let intro_b = desc("Intro", "Album Two", "Artist", Some(1));
    // The flat layout gives both the same name.
    assert_eq!(
        local_name_for(r"C:\Music", &intro_a, Extension::Mp3),
        local_name_for(r"C:\Music", &intro_b, Extension::Mp3)
    );
    assert_eq!(rip(&intro_a), r"C:\Music\Artist\Album One\01 Intro.mp3");
    assert_eq!(rip(&intro_b), r"C:\Music\Artist\Album Two\01 Intro.mp3");
}

#[test]
fn each_rip_folder_is_one_safe_component() {
    let d = desc("Radio Free Europe", "Murmur", "R.E.M.", Some(1));
    assert_eq!(rip(&d), r"C:\Music\R.E.M\Murmur\01 Radio Free Europe.mp3");
    let d = desc("Hells Bells", "Back in Black", "AC/DC", Some(1));
    assert_eq!(rip(&d), r"C:\Music\AC_DC\Back in Black\01 Hells Bells.mp3");
    let d = desc("Why?", "Who: What <When>", " \u{200B}Björk\u{202E} ", None);
    assert_eq!(rip(&d), r"C:\Music\Björk\Who： What _When_\Why_.mp3");
    let d = desc("Song", "AUX", "nul.txt", Some(2));
    assert_eq!(rip(&d), r"C:\Music\_nul.txt\_AUX\02 Song.mp3");
    // Separators already there are kept, and a UNC share named like a device is a share.
    let d = desc("Song", "Album", "Artist", None);
    for (folder, expected) in [
        (r"C:\Music\", r"C:\Music\Artist\Album\Song.wma"),
        ("D:/Music/", r"D:/Music/Artist\Album\Song.wma"),
        (r"\\aux\music", r"\\aux\music\Artist\Album\Song.wma"),
    ] {
        assert_eq!(
            rip_layout_name_for(folder, &d, Extension::Wma).as_deref(),
            Ok(expected)
        );
    }
    assert_eq!(check_folder(r"\\aux\music"), Ok(()));
}

#[test]
fn an_empty_artist_or_album_is_unknown_as_the_player_names_it() {
    assert_eq!(
        rip(&desc("Song", "", "", Some(3))),
        r"C:\Music\Unknown Artist\Unknown Album\03 Song.mp3"
    );
    assert_eq!(
        rip(&desc("Song", " . . ", "\u{FEFF}", None)),
        r"C:\Music\Unknown Artist\Unknown Album\Song.mp3"
    );
    assert_eq!(
        rip(&desc("", "", "", None)),
        r"C:\Music\Unknown Artist\Unknown Album\download 42.mp3"
    );
}

#[test]
fn the_longest_rip_parts_are_cut_to_one_length_between_clusters() {
    let long = "a".repeat(300);
    // 243 units of folder and its separator leave 16: two separators and `.mp3` take 6,
    // so 10 are shared: "A" whole, and the two longest cut to one length, 4.
    let folder = format!(r"C:\{}", "m".repeat(240));
    let d = desc(&long, &long, "A", None);
    let name = rip_layout_name_for(&folder, &d, Extension::Mp3).unwrap();
    assert_eq!(&name[folder.len()..], r"\A\aaaa\aaaa.mp3");
    assert_eq!(common::units(&name), 259);
    // The whole when it fits: a short folder leaves every part whole, up to 255 units.
    let d = desc(&"t".repeat(60), &"b".repeat(60), &"a".repeat(60), None);
    let name = rip(&d);
    assert_eq!(
        name,
        format!(
            r"C:\Music\{}\{}\{}.mp3",
            "a".repeat(60),
            "b".repeat(60),
            "t".repeat(60)
        )
    );
    // Parts longer than the room are cut to one length: 260 - 8 - 1 - 6 = 245 for three.
    let d = desc(&long, &long, &long, None);
    let name = rip(&d);
    assert_eq!(common::units(&name), 260 - 2);
    assert_eq!(
        name,
        format!(
            r"C:\Music\{}\{}\{}.mp3",
            "a".repeat(81),
            "a".repeat(81),
            "a".repeat(81)
        )
    );
    // A flag and a letter with its marks are never split.
    let flags = "🇯🇵".repeat(60);
    let d = desc(&flags, "בָּ".repeat(100).as_str(), &flags, None);
    let name = rip(&d);
    assert_eq!(validate::local_name(&name), Ok(()));
    let rest = &name[r"C:\Music\".len()..];
    let parts: Vec<&str> = rest.split('\\').collect();
    assert!(parts[0].chars().count() % 2 == 0, "{}", parts[0]);
    assert!(parts[1].chars().count() % 3 == 0, "{}", parts[1]);
    assert_eq!(
        (parts[0].chars().count(), parts[1].chars().count()),
        (40, 81)
    );
}

#[test]
fn a_folder_without_room_for_the_rip_layout_says_so() {
    let folder = |n: usize| format!(r"C:\{}", "m".repeat(n));
    let d = desc("Song", "Album", "Artist", Some(1));
    // 3 + 247 + 1 + "a\b\c.mp3" (9) = 260.
    let name = rip_layout_name_for(&folder(247), &d, Extension::Mp3).unwrap();
    assert_eq!(&name[250..], r"\A\A\0.mp3");
    let err = rip_layout_name_for(&folder(248), &d, Extension::Mp3).unwrap_err();
    assert_eq!((err.code(), err.span()), ("local_name_too_long", 0..251));
    assert_eq!(
        err.to_string(),
        "folder is 251 UTF-16 code units long, which leaves no room for the rip layout: \
         expected at most 250, so that the separator, an album artist folder, an album folder \
         and a file name of at least one character each and the extension fit within 260 \
         (MAX_PATH)"
    );
    // The flat layout still fits there.
    assert!(local_name_for(&folder(248), &d, Extension::Mp3).is_ok());
    // A folder that breaks a rule is refused as by the flat layout.
    assert_eq!(
        rip_layout_name_for(r"C:\Music\CON", &d, Extension::Mp3),
        local_name_for(r"C:\Music\CON", &d, Extension::Mp3)
    );
}
