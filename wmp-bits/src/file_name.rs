//! A safe local file name for a download, made from its [`Descriptor`].
//!
//! [`local_name_for`] joins a folder and a file name made from the metadata into a full
//! local name that always passes [`validate::local_name`], whatever the metadata holds;
//! [`rip_layout_name_for`] does the same in the Player's own rip layout,
//! `folder\Album Artist\Album\NN Title.ext`; [`file_name_for`] makes the bare file name, and
//! [`check_folder`] checks a download folder once, when a user picks it.
//!
//! Which layout: [`local_name_for`] puts every download in one folder, so that two albums'
//! tracks of the same number and title (`01 Intro.mp3`, `03 Untitled.wma`) get the same
//! name, and the second download overwrites the first (or fails, while the first is still
//! in the queue). [`rip_layout_name_for`] gives each album its own folder, as the Player
//! does when it rips a CD, and is the one to use for a library; the flat layout suits a
//! folder that the Player empties as it moves each finished `WMP_JOB` download to its
//! ripped-music folder, or a store that makes its own folders.
//!
//! ```
//! use wmp_bits::file_name::{local_name_for, Extension};
//! use wmp_bits::{Descriptor, Kind, ServiceId};
//!
//! let d = Descriptor::builder(Kind::Job, ServiceId::new(42).unwrap(), "Proseware")
//!     .album_artist("AC/DC")
//!     .album_title("Back in Black")
//!     .track_number(6)
//!     .title("Back in Black")
//!     .build()?;
//! let name = local_name_for(r"C:\Users\Pat\Music", &d, Extension::Mp3)?;
//! assert_eq!(name, r"C:\Users\Pat\Music\06 Back in Black.mp3");
//! assert!(wmp_bits::validate::local_name(&name).is_ok());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # How the file name is made
//!
//! The file name is `stem.ext`, and the stem is made in these steps:
//!
//! 1. **The name.** The first of the title, the album title and the album artist that is
//!    not empty once cleaned (step 3); when all three are empty, `download <service id>`
//!    (`download 42`).
//! 2. **The track number** (when known) comes first, zero-padded to two digits and
//!    followed by a space: `06 Back in Black`, `123 Coda`.
//! 3. **Cleaning** each text: the characters Windows forbids in a file name, `<`, `>`,
//!    `:`, `"`, `/`, `\`, `|`, `?`, `*` and the control characters, each become `_`
//!    (`AC/DC` → `AC_DC`, `Why?` → `Why_`); the bidirectional formatting characters
//!    U+202A–U+202E and U+2066–U+2069 are removed, since they can make a name display as
//!    something else (`song\u{202E}3pm` would show as `songmp3`); leading white space is
//!    removed, and trailing white space and dots, which Windows strips, are removed too. An
//!    underscore is a plain, portable replacement that every file system and tool shows
//!    as it is; look-alike characters (`∕`, `？`) would hide that the name was changed.
//!    The full-width colon `：` that [`TextPolicy::Sanitize`](crate::TextPolicy) puts in
//!    a descriptor is a legal file-name character and stays.
//! 4. **Length.** The stem is cut to fit both limits of [`validate::local_name`]: 255
//!    UTF-16 code units for the file name (so 251 for the stem, after `.mp3`) and 260 for
//!    the whole local name. It is cut between extended grapheme clusters (Unicode's
//!    user-perceived characters), so that no letter loses its marks (`בָּ`, `कि`, `بَ`), no
//!    flag (🇯🇵) or emoji sequence is split, and no surrogate pair is halved; trailing white
//!    space and dots are removed again after the cut. If nothing is left, the fallback of step 1 is cut
//!    instead (it starts with a letter, so at least one character remains).
//! 5. **Reserved device names.** A stem that Windows would read as a device (`CON`,
//!    `prn.txt`, `COM1 `, `LPT¹`, `CONIN$`; see [`validate::local_name`]) gets a leading `_`
//!    (`_CON.mp3`, `_prn.txt.mp3`), and is cut again if that one more unit does not fit.
//!    A stem that starts with `_` can never be a device name, so this ends there.
//!
//! The extension is one of the four the Player takes, [`Extension`], written in lowercase.

use alloc::format;
use alloc::string::{String, ToString};
use core::ops::Range;

use crate::text::{self, cut_utf16};
use crate::validate::windows_path::{
    device_name, forbidden_in_name, MAX_COMPONENT_UNITS, MAX_PATH_UNITS,
};
use crate::validate::{self, LocalNameError, LocalNameErrorKind};
use crate::Descriptor;

pub use crate::validate::windows_path::{Extension, ExtensionError};

/// `.` and a three-letter extension.
const EXTENSION_UNITS: usize = 4;

/// What a folder must have room for, in one of the layouts.
struct Layout {
    /// The shortest name that can stand in for any other of the layout, below the folder.
    probe: &'static str,
    /// What the folder leaves no room for, and what must fit, as a message says them.
    what: &'static str,
    needs: &'static str,
}

/// `folder\NN Title.ext`.
const FLAT: Layout = Layout {
    probe: "_.mp3",
    what: "a file name",
    needs: "a file name of at least one character and its extension",
};

/// `folder\Album Artist\Album\NN Title.ext`.
const RIP: Layout = Layout {
    probe: r"_\_\_.mp3",
    what: "the rip layout",
    needs: "an album artist folder, an album folder and a file name of at least one \
            character each and the extension",
};

/// The Player's own names for an empty album artist and album.
const UNKNOWN_ARTIST: &str = "Unknown Artist";
const UNKNOWN_ALBUM: &str = "Unknown Album";

/// Why a folder cannot hold a download: from [`local_name_for`] and [`check_folder`].
///
/// Either the folder breaks a rule of [`validate::local_name`] itself ([`source`] is that
/// error), or it is so long that no file name fits within 260 UTF-16 code units. The
/// [`kind`](Self::kind) and [`code`](Self::code) are those of [`validate::local_name`]
/// (`local_name_too_long` for a folder that leaves no room), and the
/// [`span`](Self::span) is a byte range in the folder.
///
/// [`source`]: FolderError::local_name_error
///
/// ```
/// use wmp_bits::file_name::{local_name_for, Extension};
/// use wmp_bits::Descriptor;
///
/// let d: Descriptor = "::WMP_JOB:1:42:Proseware::::Song::".parse()?;
/// let err = local_name_for(r"C:\Music\CON", &d, Extension::Mp3).unwrap_err();
/// assert_eq!(err.code(), "local_name_reserved_name");
/// assert_eq!(err.span(), 9..12);
///
/// let long = format!(r"C:\{}", "a".repeat(252));
/// let err = local_name_for(&long, &d, Extension::Mp3).unwrap_err();
/// assert_eq!(err.code(), "local_name_too_long");
/// assert_eq!(
///     err.to_string(),
///     "folder is 255 UTF-16 code units long, which leaves no room for a file name: \
///      expected at most 254, so that the separator, a file name of at least one character \
///      and its extension fit within 260 (MAX_PATH)"
/// );
/// # Ok::<(), wmp_bits::ParseError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, thiserror::Error)]
#[error(transparent)]
pub struct FolderError(Reason);

/// Why, with what the message needs.
#[derive(Debug, Clone, PartialEq, Eq, Hash, thiserror::Error)]
enum Reason {
    /// The folder breaks a rule; spans in the error are in the folder.
    #[error("folder cannot hold a download (byte offsets are in the folder): {0}")]
    Invalid(#[source] LocalNameError),
    /// The folder (of `units` UTF-16 code units, `len` bytes) leaves no room: at most
    /// `max` would.
    #[error(
        "folder is {units} UTF-16 code units long, which leaves no room for {what}: \
         expected at most {max}, so that the separator, {needs} fit within \
         {MAX_PATH_UNITS} (MAX_PATH)"
    )]
    NoRoom {
        units: usize,
        max: usize,
        len: usize,
        what: &'static str,
        needs: &'static str,
    },
}

impl FolderError {
    /// Which rule of [`validate::local_name`] the folder breaks;
    /// [`TooLong`](LocalNameErrorKind::TooLong) when it leaves no room for a file name.
    ///
    /// ```
    /// use wmp_bits::file_name::{local_name_for, Extension};
    /// use wmp_bits::validate::LocalNameErrorKind;
    /// let d: wmp_bits::Descriptor = "::WMP_JOB:1:42:Proseware::::::".parse()?;
    /// let err = local_name_for("Music", &d, Extension::Wma).unwrap_err();
    /// assert_eq!(err.kind(), LocalNameErrorKind::NotAbsolute);
    /// # Ok::<(), wmp_bits::ParseError>(())
    /// ```
    #[must_use]
    pub fn kind(&self) -> LocalNameErrorKind {
        match &self.0 {
            Reason::Invalid(e) => e.kind(),
            Reason::NoRoom { .. } => LocalNameErrorKind::TooLong,
        }
    }

    /// The stable code of the [`kind`](Self::kind), such as `"local_name_stream"`.
    ///
    /// ```
    /// use wmp_bits::file_name::{local_name_for, Extension};
    /// let d: wmp_bits::Descriptor = "::WMP_JOB:1:42:Proseware::::::".parse()?;
    /// let err = local_name_for(r"C:\Music:old", &d, Extension::Wma).unwrap_err();
    /// assert_eq!(err.code(), "local_name_stream");
    /// # Ok::<(), wmp_bits::ParseError>(())
    /// ```
    #[must_use]
    pub fn code(&self) -> &'static str {
        self.kind().code()
    }

    /// The byte range of the offending part of the folder; the whole folder when it leaves
    /// no room.
    ///
    /// ```
    /// use wmp_bits::file_name::{local_name_for, Extension};
    /// let d: wmp_bits::Descriptor = "::WMP_JOB:1:42:Proseware::::::".parse()?;
    /// let err = local_name_for(r"C:\Music\Old.\New", &d, Extension::Wma).unwrap_err();
    /// assert_eq!(err.span(), 9..13);
    /// # Ok::<(), wmp_bits::ParseError>(())
    /// ```
    #[must_use]
    pub fn span(&self) -> Range<usize> {
        match &self.0 {
            Reason::Invalid(e) => e.span(),
            Reason::NoRoom { len, .. } => 0..*len,
        }
    }

    /// The [`validate::local_name`] error that the folder itself causes, or `None` when
    /// the folder is valid but leaves no room for a file name.
    ///
    /// ```
    /// use wmp_bits::file_name::{local_name_for, Extension};
    /// let d: wmp_bits::Descriptor = "::WMP_JOB:1:42:Proseware::::::".parse()?;
    /// let err = local_name_for(r"C:\Mu|sic", &d, Extension::Wma).unwrap_err();
    /// assert_eq!(err.local_name_error().map(|e| e.code()), Some("local_name_invalid_character"));
    /// # Ok::<(), wmp_bits::ParseError>(())
    /// ```
    #[must_use]
    pub fn local_name_error(&self) -> Option<&LocalNameError> {
        match &self.0 {
            Reason::Invalid(e) => Some(e),
            Reason::NoRoom { .. } => None,
        }
    }
}

impl From<&FolderError> for validate::Problem {
    /// A problem of the local name, whose span is in the folder.
    fn from(e: &FolderError) -> validate::Problem {
        validate::Problem::of(validate::ProblemKind::LocalName(e.kind()), e.to_string())
            .with_span(e.span())
    }
}

/// The bare file name for a download: `stem.ext`, made from the metadata as the
/// [module documentation](self#how-the-file-name-is-made) describes, at most 255 UTF-16 code
/// units. It is a valid last component of a local name; [`local_name_for`] also keeps the
/// whole name within 260 units, and may cut the stem shorter to do so.
///
/// ```
/// use wmp_bits::file_name::{file_name_for, Extension};
/// use wmp_bits::Descriptor;
///
/// let d: Descriptor = "::WMP_JOB:1:42:Proseware:Norah Jones:Come Away with Me:3:Cold Cold Heart:218:50".parse()?;
/// assert_eq!(file_name_for(&d, Extension::Wma), "03 Cold Cold Heart.wma");
///
/// let d: Descriptor = "::WMP_JOB:1:42:Proseware::::con.txt::".parse()?;
/// assert_eq!(file_name_for(&d, Extension::Mp3), "_con.txt.mp3");
///
/// let d: Descriptor = "::WMP_STATUS:1:42:Proseware::::::".parse()?;
/// assert_eq!(file_name_for(&d, Extension::Asf), "download 42.asf");
/// # Ok::<(), wmp_bits::ParseError>(())
/// ```
#[must_use]
pub fn file_name_for(descriptor: &Descriptor, extension: Extension) -> String {
    let mut name = stem(descriptor, MAX_COMPONENT_UNITS - EXTENSION_UNITS);
    name.push('.');
    name.push_str(extension.as_str());
    name
}

/// A full local name for a download: `folder`, a `\` unless the folder already ends in a
/// separator, and a file name made from the metadata (see [`file_name_for`] and the
/// [module documentation](self#how-the-file-name-is-made)), cut short where the folder
/// leaves less room. The result always passes [`validate::local_name`] and always starts
/// with `folder` exactly.
///
/// **Names can collide.** Every download lands in `folder` itself, and the name holds only
/// the track number and title: the first tracks of two albums that both start with
/// `Intro` are both `01 Intro.mp3`, and the second download overwrites the first. For
/// downloads that stay where they are, use [`rip_layout_name_for`], which puts each album
/// in its own folder, as the Player does.
///
/// The folder is taken as written: it is checked, never changed. A drive root (`C:\`), a
/// folder (`C:\Users\Pat\Music`, with or without a trailing separator) and a UNC share
/// (`\\server\share`) are all fine. Whether the folder exists is not checked (BITS
/// requires it to).
///
/// ```
/// use wmp_bits::file_name::{local_name_for, Extension};
/// use wmp_bits::Descriptor;
///
/// let d: Descriptor = "::WMP_JOB:1:42:Proseware:AC：DC:Back in Black:6:What Do You Do for Money Honey?::".parse()?;
/// assert_eq!(
///     local_name_for(r"\\media\music\", &d, Extension::Mp3)?,
///     r"\\media\music\06 What Do You Do for Money Honey_.mp3"
/// );
///
/// // A folder near the limit leaves room for a shorter stem only.
/// let folder = format!(r"C:\{}", "m".repeat(241));
/// let name = local_name_for(&folder, &d, Extension::Mp3)?;
/// assert_eq!(&name[folder.len()..], r"\06 What Do.mp3");
/// assert_eq!(wmp_bits::validate::utf16_len(&name), 259);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
///
/// A [`FolderError`] when the folder cannot hold any valid local name: it breaks a rule
/// of [`validate::local_name`] itself (it is relative, has a forbidden character, a
/// component that is a device name or ends in a dot, …), or it is so long that not even a
/// one-character file name fits within 260 UTF-16 code units.
pub fn local_name_for(
    folder: &str,
    descriptor: &Descriptor,
    extension: Extension,
) -> Result<String, FolderError> {
    let budget = (room(folder, &FLAT)? - EXTENSION_UNITS).min(MAX_STEM_UNITS);
    let mut file = stem(descriptor, budget);
    file.push('.');
    file.push_str(extension.as_str());
    Ok(join(folder, needs_separator(folder), &file))
}

/// Checks that `folder` can hold a download: exactly when [`local_name_for`] succeeds with
/// it, whatever the metadata. For checking a download folder once, when a user picks it,
/// rather than at each download.
///
/// ```
/// use wmp_bits::file_name::check_folder;
///
/// assert!(check_folder(r"C:\Users\Pat\Music").is_ok());
/// assert!(check_folder(r"\\media\music\").is_ok());
/// assert_eq!(check_folder(r"Music").unwrap_err().code(), "local_name_not_absolute");
/// assert_eq!(check_folder(r"C:\Music\LPT1").unwrap_err().code(), "local_name_reserved_name");
/// ```
///
/// # Errors
///
/// The [`FolderError`] that [`local_name_for`] would return.
pub fn check_folder(folder: &str) -> Result<(), FolderError> {
    room(folder, &FLAT).map(drop)
}

/// A full local name for a download in the Player's own rip layout:
/// `folder\Album Artist\Album\NN Title.ext`. Each track has its album's folder, so that
/// tracks of two albums with the same number and title (two `01 Intro.mp3`) are two files,
/// as they are when the Player rips a CD.
///
/// - The album artist and the album title are each one folder, cleaned as the
///   [module documentation](self#how-the-file-name-is-made) describes for the file name: the
///   characters Windows forbids become `_` (`AC/DC` is one folder, `AC_DC`, not two),
///   invisible characters are removed, and trailing dots and white space are trimmed
///   (`R.E.M.` is `R.E.M`, since Windows would strip the dot); a device name gets a leading
///   `_`. An empty one (or one with nothing left once cleaned) is `Unknown Artist` or
///   `Unknown Album`, as the Player names them.
/// - The file name is [`file_name_for`]'s.
/// - When the whole would be over 260 UTF-16 code units, the longest of the three parts are
///   cut to the same length, as long as the shorter ones are left whole, each between
///   extended grapheme clusters and trimmed again.
///
/// The result always passes [`validate::local_name`] and always starts with `folder`
/// exactly. The folders below `folder` may not exist yet: create them before handing the
/// name to BITS, which requires its folder to exist.
///
/// ```
/// use wmp_bits::file_name::{rip_layout_name_for, Extension};
/// use wmp_bits::{Descriptor, Kind, ServiceId};
///
/// let d = Descriptor::builder(Kind::Job, ServiceId::new(42).unwrap(), "Proseware")
///     .album_artist("AC/DC")
///     .album_title("Back in Black")
///     .track_number(1)
///     .title("Hells Bells")
///     .build()?;
/// let name = rip_layout_name_for(r"C:\Users\Pat\Music", &d, Extension::Mp3)?;
/// assert_eq!(name, r"C:\Users\Pat\Music\AC_DC\Back in Black\01 Hells Bells.mp3");
///
/// let d: Descriptor = "::WMP_JOB:1:42:Proseware:R.E.M.::1:Radio Free Europe::".parse()?;
/// assert_eq!(
///     rip_layout_name_for(r"\\media\music\", &d, Extension::Wma)?,
///     r"\\media\music\R.E.M\Unknown Album\01 Radio Free Europe.wma"
/// );
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
///
/// A [`FolderError`] when the folder cannot hold any valid local name in this layout: it
/// breaks a rule of [`validate::local_name`] itself, as for [`local_name_for`], or it is so
/// long that two one-character folders and a one-character file name do not fit within 260
/// UTF-16 code units (4 units less room than [`check_folder`] asks for).
pub fn rip_layout_name_for(
    folder: &str,
    descriptor: &Descriptor,
    extension: Extension,
) -> Result<String, FolderError> {
    // Two separators and the extension after the folder's own separator.
    let budget = room(folder, &RIP)? - 2 - EXTENSION_UNITS;
    let d = descriptor;
    let artist = |max| component(d.album_artist(), UNKNOWN_ARTIST, max);
    let album = |max| component(d.album_title(), UNKNOWN_ALBUM, max);
    let whole = [
        text::utf16_len(&artist(MAX_COMPONENT_UNITS)),
        text::utf16_len(&album(MAX_COMPONENT_UNITS)),
        text::utf16_len(&stem(d, MAX_STEM_UNITS)),
    ];
    let [a, b, s] = shares(whole, budget);
    let mut file = String::new();
    for part in [artist(a), album(b)] {
        file.push_str(&part);
        file.push('\\');
    }
    file.push_str(&stem(d, s));
    file.push('.');
    file.push_str(extension.as_str());
    Ok(join(folder, needs_separator(folder), &file))
}

/// How many UTF-16 code units each of parts of `whole` units may take so that together
/// they take at most `budget` (at least one each): the longest are cut to one length, as
/// long as the shorter ones are left whole.
fn shares(whole: [usize; 3], budget: usize) -> [usize; 3] {
    let total = |cap: usize| whole.iter().map(|&n| n.min(cap)).sum::<usize>();
    // The largest cap that fits; at least 1, since the budget holds three units.
    let mut cap = whole.iter().copied().max().unwrap_or(1);
    while cap > 1 && total(cap) > budget {
        cap -= 1;
    }
    whole.map(|n| n.min(cap).max(1))
}

/// A folder named after `s`, [cleaned](clean), at most `budget` (at least 1) UTF-16 code
/// units: `fallback` when nothing is left, with a leading `_` when it is a device name.
fn component(s: &str, fallback: &str, budget: usize) -> String {
    let cleaned = clean(s);
    let mut name = fit(
        if cleaned.is_empty() {
            fallback
        } else {
            &cleaned
        },
        budget,
    );
    if name.is_empty() {
        name = fit(fallback, budget);
    }
    if device_name(&name).is_some() {
        name = fit(&format!("_{name}"), budget);
    }
    name
}

fn needs_separator(folder: &str) -> bool {
    !folder.ends_with(['\\', '/'])
}

/// The most UTF-16 code units of a file name, less its extension.
const MAX_STEM_UNITS: usize = MAX_COMPONENT_UNITS - EXTENSION_UNITS;

/// The UTF-16 code units that `folder` leaves for what follows its separator (at least the
/// layout's probe), or why there is no room.
fn room(folder: &str, layout: &Layout) -> Result<usize, FolderError> {
    let separator = needs_separator(folder);
    // The root rules concern the folder alone (`C:` must not become `C:\` by the join).
    if let Err(e) = validate::local_name(folder) {
        if matches!(
            e.kind(),
            LocalNameErrorKind::NotAbsolute | LocalNameErrorKind::VerbatimPrefix
        ) {
            return Err(FolderError(Reason::Invalid(e)));
        }
    }
    // Every other rule: a folder that fails with the shortest clean names fails with any,
    // and its errors all lie within the folder, since the probe adds nothing wrong.
    let probe = join(folder, separator, layout.probe);
    let used = text::utf16_len(folder) + usize::from(separator);
    if let Err(e) = validate::local_name(&probe) {
        // `TooLong` here is always the 260-unit limit of the whole path: a component over
        // 255 units makes the path longer than 260, and that is reported first.
        let reason = if e.kind() == LocalNameErrorKind::TooLong {
            Reason::NoRoom {
                units: text::utf16_len(folder),
                max: MAX_PATH_UNITS - layout.probe.len() - usize::from(separator),
                len: folder.len(),
                what: layout.what,
                needs: layout.needs,
            }
        } else {
            Reason::Invalid(e)
        };
        return Err(FolderError(reason));
    }
    // At least the probe's length, since the probe fit.
    Ok(MAX_PATH_UNITS - used)
}

fn join(folder: &str, separator: bool, file: &str) -> String {
    let mut out = String::with_capacity(folder.len() + 1 + file.len());
    out.push_str(folder);
    if separator {
        out.push('\\');
    }
    out.push_str(file);
    out
}

/// The stem for `d`, at most `budget` (at least 1) UTF-16 code units.
fn stem(d: &Descriptor, budget: usize) -> String {
    let fallback = || format!("download {}", d.service_id());
    let name = [d.title(), d.album_title(), d.album_artist()]
        .into_iter()
        .map(clean)
        .find(|s| !s.is_empty())
        .unwrap_or_else(fallback);
    let full = match d.track_number() {
        Some(n) => format!("{n:02} {name}"),
        None => name,
    };
    let mut stem = fit(&full, budget);
    if stem.is_empty() {
        stem = fit(&fallback(), budget);
    }
    if device_name(&stem).is_some() {
        stem = fit(&format!("_{stem}"), budget);
    }
    stem
}

/// `s` cut to at most `budget` UTF-16 code units (see [`cut_utf16`]), without trailing
/// white space or dots.
fn fit(s: &str, budget: usize) -> String {
    String::from(cut_utf16(s, budget).trim_end_matches(|c: char| c == '.' || c.is_whitespace()))
}

/// `s` as it [shows](text::visible) (Windows-1252 text for C1 controls, a space for a line
/// or paragraph separator, invisible characters removed), with the characters Windows
/// forbids in a file name replaced by `_`, without leading white space or trailing white
/// space and dots.
fn clean(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in text::visible(s).chars() {
        out.push(if forbidden_in_name(c) { '_' } else { c });
    }
    let end = out
        .trim_end_matches(|c: char| c == '.' || c.is_whitespace())
        .len();
    out.truncate(end);
    let start = out.len() - out.trim_start().len();
    out.drain(..start);
    out
}

#[cfg(test)]
mod tests {
    use super::clean;

    #[test]
    fn clean_replaces_removes_and_trims() {
        assert_eq!(clean(r#"a<b>c:d"e/f\g|h?i*j"#), "a_b_c_d_e_f_g_h_i_j");
        assert_eq!(clean("  \u{3000}Title . . "), "Title");
        assert_eq!(clean("so\u{202E}ng\u{2066}"), "song");
        assert_eq!(clean("...And Justice for All"), "...And Justice for All");
        assert_eq!(clean(" ... "), "");
        assert_eq!(clean("\u{FEFF}\u{200B}Intro\u{200E}\u{2029}"), "Intro");
        // A descriptor holds no control characters, but the function stands on its own: a
        // C1 control that stands for Windows-1252 text becomes that text.
        assert_eq!(clean("a\u{7}b\u{85}c\u{7F}\u{81}"), "a_b\u{2026}c__");
    }
}
