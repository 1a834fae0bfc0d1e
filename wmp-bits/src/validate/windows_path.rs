//! Facts about Windows paths and the Player's files, in one place: the length limits, the
//! reserved device names and the extensions the Player downloads. The local-name rules
//! ([`local_name`](super::local_name)), safe file names ([`file_name`](crate::file_name))
//! and the whole-job checks all take them from here.

use core::fmt;
use core::str::FromStr;

/// `MAX_PATH`: the most UTF-16 code units of a whole local name (BITS without long-path
/// support).
pub(crate) const MAX_PATH_UNITS: usize = 260;

/// The most UTF-16 code units of one file or folder name (NTFS).
pub(crate) const MAX_COMPONENT_UNITS: usize = 255;

/// Whether Windows refuses `c` in a file or folder name: `<`, `>`, `:`, `"`, `/`, `\`, `|`,
/// `?` and `*` (the characters its documentation reserves), and the control characters.
/// In a full path, `/` and `\` separate names and a `:` after the drive letter is the
/// drive's; anywhere else each of these is refused.
pub(crate) fn forbidden_in_name(c: char) -> bool {
    matches!(c, '<' | '>' | ':' | '"' | '/' | '\\' | '|' | '?' | '*') || crate::text::is_control(c)
}

/// The device names Windows reserves, in the case Windows writes them: a file or folder
/// whose [stem](device_stem) is one of these, in any ASCII case, opens the device instead.
/// The superscript digits one to three count as digits for `COM` and `LPT`.
const DEVICE_NAMES: [&str; 30] = [
    "CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$", "COM1", "COM2", "COM3", "COM4", "COM5",
    "COM6", "COM7", "COM8", "COM9", "COM¹", "COM²", "COM³", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5",
    "LPT6", "LPT7", "LPT8", "LPT9", "LPT¹", "LPT²", "LPT³",
];

/// [`DEVICE_NAMES`] as a message names them.
pub(crate) const DEVICE_NAMES_TEXT: &str =
    "CON, PRN, AUX, NUL, CONIN$, CONOUT$, COM1–COM9, COM¹–COM³, LPT1–LPT9 or LPT¹–LPT³";

/// The part of a file or folder name that Windows compares with the device names: the text
/// before the first `.`, without the spaces at its end (`CON .mp3` names `CON`).
pub(crate) fn device_stem(component: &str) -> &str {
    let stem = component.split('.').next().unwrap_or_default();
    stem.trim_end_matches(' ')
}

/// The device that a file or folder name opens instead of a file, if any, as Windows
/// writes its name (`con.txt` → `CON`).
pub(crate) fn device_name(component: &str) -> Option<&'static str> {
    let stem = device_stem(component);
    DEVICE_NAMES
        .into_iter()
        .find(|name| stem.eq_ignore_ascii_case(name))
}

/// A file extension that Windows Media Player takes for a download: exactly these four.
///
/// ```
/// use wmp_bits::file_name::Extension;
///
/// assert_eq!(Extension::Wma.as_str(), "wma");
/// assert_eq!("MP3".parse::<Extension>(), Ok(Extension::Mp3));
/// assert_eq!(".asf".parse::<Extension>(), Ok(Extension::Asf));
/// assert!("wav".parse::<Extension>().is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Extension {
    /// `.wma`, Windows Media Audio.
    Wma,
    /// `.wmv`, Windows Media Video.
    Wmv,
    /// `.mp3`, MPEG-1 Audio Layer III.
    Mp3,
    /// `.asf`, Advanced Systems Format.
    Asf,
}

impl Extension {
    /// All four, in the order the Player's documentation lists them.
    ///
    /// ```
    /// use wmp_bits::file_name::Extension;
    /// let all: Vec<&str> = Extension::ALL.iter().map(|e| e.as_str()).collect();
    /// assert_eq!(all, ["wma", "wmv", "mp3", "asf"]);
    /// ```
    pub const ALL: [Extension; 4] = [
        Extension::Wma,
        Extension::Wmv,
        Extension::Mp3,
        Extension::Asf,
    ];

    /// The extensions as a message names them.
    pub(crate) const ALL_TEXT: &'static str = ".wma, .wmv, .mp3 or .asf";

    /// The extension in lowercase, without the dot: `"wma"`, `"wmv"`, `"mp3"` or `"asf"`.
    ///
    /// ```
    /// use wmp_bits::file_name::Extension;
    /// assert_eq!(Extension::Asf.as_str(), "asf");
    /// assert_eq!(Extension::Wmv.to_string(), "wmv");
    /// ```
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Extension::Wma => "wma",
            Extension::Wmv => "wmv",
            Extension::Mp3 => "mp3",
            Extension::Asf => "asf",
        }
    }

    /// The extension whose text, without the dot, is `ext` in any ASCII case.
    pub(crate) fn of(ext: &str) -> Option<Extension> {
        Extension::ALL
            .into_iter()
            .find(|e| ext.eq_ignore_ascii_case(e.as_str()))
    }
}

/// The audio and video formats a download's file name can name, by extension (lowercase,
/// without the dot), each with the format it stands for: the Player's own (`.wma`, `.wmv`
/// and `.asf` are all the Advanced Systems Format; `.mp3`) and the common ones it does not
/// download (AAC and MPEG-4, FLAC, Ogg, WAV, AIFF, Matroska and `WebM`, Monkey's Audio,
/// `WavPack`, MPEG-1 Layer II, AC-3, AMR, DSD, MIDI).
const MEDIA_FORMATS: [(&str, &str); 32] = [
    ("wma", "ASF"),
    ("wmv", "ASF"),
    ("asf", "ASF"),
    ("mp3", "MP3"),
    ("aac", "AAC"),
    ("m4a", "MPEG-4"),
    ("m4b", "MPEG-4"),
    ("m4p", "MPEG-4"),
    ("m4v", "MPEG-4"),
    ("mp4", "MPEG-4"),
    ("3gp", "MPEG-4"),
    ("flac", "FLAC"),
    ("ogg", "Ogg"),
    ("oga", "Ogg"),
    ("opus", "Ogg"),
    ("wav", "WAV"),
    ("aif", "AIFF"),
    ("aiff", "AIFF"),
    ("aifc", "AIFF"),
    ("mka", "Matroska"),
    ("mkv", "Matroska"),
    ("webm", "WebM"),
    ("ape", "Monkey's Audio"),
    ("wv", "WavPack"),
    ("mp2", "MPEG-1 Layer II"),
    ("mpa", "MPEG-1 Layer II"),
    ("ac3", "AC-3"),
    ("amr", "AMR"),
    ("dsf", "DSD"),
    ("dff", "DSD"),
    ("mid", "MIDI"),
    ("midi", "MIDI"),
];

/// The audio or video format that a file extension (without the dot, any ASCII case) names,
/// if it is one of [`MEDIA_FORMATS`].
pub(crate) fn media_format(ext: &str) -> Option<&'static str> {
    MEDIA_FORMATS
        .into_iter()
        .find(|(e, _)| ext.eq_ignore_ascii_case(e))
        .map(|(_, format)| format)
}

impl fmt::Display for Extension {
    /// The same as [`as_str`](Extension::as_str).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Parses `wma`, `wmv`, `mp3` or `asf` in any case, with or without a leading dot (so
/// that both `Path::extension` and a user's `.MP3` parse).
impl FromStr for Extension {
    type Err = ExtensionError;

    fn from_str(s: &str) -> Result<Extension, ExtensionError> {
        Extension::of(s.strip_prefix('.').unwrap_or(s)).ok_or(ExtensionError(()))
    }
}

/// The error of parsing an [`Extension`] that is not one of the four the Player takes.
///
/// ```
/// use wmp_bits::file_name::Extension;
/// let err = "flac".parse::<Extension>().unwrap_err();
/// assert_eq!(
///     err.to_string(),
///     "unknown extension: expected wma, wmv, mp3 or asf (any case, with or without a leading dot)"
/// );
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, thiserror::Error)]
#[error(
    "unknown extension: expected wma, wmv, mp3 or asf (any case, with or without a leading dot)"
)]
pub struct ExtensionError(());

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::format;
    use alloc::string::{String, ToString};
    use alloc::vec::Vec;

    #[test]
    fn device_names_are_read_from_the_stem_in_any_ascii_case() {
        for (component, device) in [
            ("CON", Some("CON")),
            ("con.txt", Some("CON")),
            ("Con .x.mp3", Some("CON")),
            ("conin$", Some("CONIN$")),
            ("CONOUT$.wma", Some("CONOUT$")),
            ("lpt9", Some("LPT9")),
            ("com²", Some("COM²")),
            ("Lpt³.mp3", Some("LPT³")),
            ("CONSOLE", None),
            ("COM0", None),
            ("COM10", None),
            ("COM⁴", None),
            ("LPT", None),
            (" CON", None),
            ("_CON", None),
            ("CONIN", None),
            ("CONIN$$", None),
            ("A.CON", None),
        ] {
            assert_eq!(device_name(component), device, "{component:?}");
        }
        assert_eq!(device_stem("CON  .a.b"), "CON");
        assert_eq!(device_stem(".mp3"), "");
    }

    #[test]
    fn the_messages_name_exactly_the_device_names_and_extensions() {
        // Expand the message's ranges ("COM1–COM9") and compare with the list.
        let mut named: Vec<String> = Vec::new();
        for item in DEVICE_NAMES_TEXT.split(", ").flat_map(|s| s.split(" or ")) {
            match item.split_once('–') {
                Some((first, last)) => {
                    let (family, from) = first.split_at(3);
                    let (_, to) = last.split_at(3);
                    let digits = ["1", "2", "3", "4", "5", "6", "7", "8", "9"];
                    let superscripts = ["¹", "²", "³"];
                    let set: &[&str] = if from == "1" { &digits } else { &superscripts };
                    let end = set.iter().position(|d| *d == to).map_or(0, |i| i + 1);
                    named.extend(set[..end].iter().map(|d| format!("{family}{d}")));
                }
                None => named.push(String::from(item)),
            }
        }
        let mut listed: Vec<String> = DEVICE_NAMES.iter().map(|s| String::from(*s)).collect();
        named.sort();
        listed.sort();
        assert_eq!(named, listed);

        let dotted: Vec<String> = Extension::ALL.iter().map(|e| format!(".{e}")).collect();
        assert_eq!(
            Extension::ALL_TEXT,
            format!("{} or {}", dotted[..3].join(", "), dotted[3])
        );
        let message = ExtensionError(()).to_string();
        let plain: Vec<&str> = Extension::ALL.iter().map(|e| e.as_str()).collect();
        assert!(
            message.contains(&format!("{} or {}", plain[..3].join(", "), plain[3])),
            "{message}"
        );
    }
}
