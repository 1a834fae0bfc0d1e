//! The local file name of a download: the name a store gives `IBackgroundCopyJob::AddFile`,
//! where BITS writes the file, and which the Player only takes with one of its extensions.
//!
//! The name is checked here as a *Windows* path on every platform, so that a job built on a
//! Linux or macOS server is refused before it reaches a Windows machine. The checks, in the
//! order in which they are reported (when a name breaks several rules, the error of the
//! first rule in this list is returned, wherever in the name the other offences are):
//!
//! 1. **Absolute** (`local_name_not_absolute`). BITS requires a full path. Accepted
//!    roots are a drive letter followed by a separator (`C:\`, `c:/`) and a UNC root
//!    (`\\server\share\`) with a nonempty server and share name. `\` and `/` both
//!    separate components, so `//server/share/x.mp3` is a UNC path. A drive without a
//!    separator (`C:song.mp3`, relative to that drive's current directory), a rooted path
//!    without a drive (`\Music\song.mp3`) and a plain relative path (`song.mp3`) are
//!    rejected. A name that starts with a verbatim or device prefix counts as absolute
//!    here, so that the next rule can name the real problem.
//! 2. **No verbatim or device prefix** (`local_name_verbatim_prefix`). BITS does not
//!    support `\\?\` names; `\\.\` opens devices rather than files. Both are recognised
//!    with either separator (`//?/`, `\\?/`, `\\.\`), also when the name is only the
//!    prefix (`\\?`). The NT object-manager prefix `\??\` (backslashes only, as Windows
//!    passes it through unchanged) is reported the same way.
//! 3. **No invalid characters** (`local_name_invalid_character`). The wildcards `*` and
//!    `?` (BITS does not expand them), `"`, `<`, `>` and `|` (not allowed in Windows
//!    file names) and the control characters U+0000–U+001F and U+007F–U+009F.
//! 4. **No NTFS stream** (`local_name_stream`). A `:` other than the one after the drive
//!    letter names an NTFS alternate data stream (`song.mp3:hidden`), which BITS does not
//!    support.
//! 5. **No trailing dot or space** (`local_name_trailing_dot_or_space`). Windows strips
//!    trailing dots and spaces from every path component, so `song.mp3.` would name
//!    another file than the one written in the job. The relative components `.` and `..`
//!    are rejected under the same code: BITS wants a canonical full path, and a name
//!    that climbs out of its folder is not one. Empty components (`C:\Music\\song.mp3`)
//!    are accepted, since Windows collapses repeated separators into one and the name
//!    still denotes the same file.
//! 6. **No reserved device name** (`local_name_reserved_name`). A component whose stem
//!    (the part before its first `.`, with trailing spaces removed, as Windows does) is
//!    `CON`, `PRN`, `AUX`, `NUL`, `CONIN$`, `CONOUT$`, `COM1`–`COM9` or `LPT1`–`LPT9`, in
//!    any case, opens the device instead of a file: `CON.mp3`, `con`, `conin$.wma`,
//!    `Lpt9.tar.mp3` and `CON .mp3` are all rejected. Windows also treats the
//!    superscript-digit forms `COM¹`, `COM²`, `COM³`, `LPT¹`, `LPT²` and `LPT³` as device
//!    names, so they are rejected too. `COM0` and `LPT0` are not device names and are
//!    accepted.
//! 7. **Not too long** (`local_name_too_long`). At most 260 UTF-16 code units in all
//!    (`MAX_PATH`, the limit of BITS without long-path support) and at most 255 in any
//!    one component (the NTFS limit). Characters outside the Basic Multilingual Plane,
//!    such as `🎷`, count as two units. When both limits are exceeded, the whole-name
//!    limit is reported.
//! 8. **Playable extension** (`local_name_extension`). Windows Media Player takes only
//!    `.wma`, `.wmv`, `.mp3` and `.asf` (any case) downloads, so the final component must
//!    end in one of them: `song`, `song.wav` and `song.mp3.exe` are rejected. A name
//!    without a file name (`C:\Music\`, `\\server\share`) is rejected under this code as
//!    well, and so is a UNC name without a share (`\\server\song.mp3`, where Windows
//!    reads `song.mp3` as the share), with a message that says so. A file name that is only
//!    the extension (`C:\Music\.mp3`) is accepted.
//!
//! Every component between separators is checked by rules 5 and 7, including the server
//! and share names of a UNC path (a host named `server.` is rejected); rule 6 concerns
//! files and folders only, so the server and share, which name a host and a share, are not
//! checked against the device names (`\\aux\music\a.mp3` is fine: `aux` is a host name).
//!
//! The check is a single pass over the bytes of the name (after a look at its first
//! components for the root), allocates nothing and never panics. The limits, the device
//! names and the extensions come from the crate's one list of Windows path facts, which
//! safe file names ([`file_name`](crate::file_name)) use too.

use core::ops::Range;

use super::windows_path::{
    device_name, device_stem, forbidden_in_name, Extension, DEVICE_NAMES_TEXT, MAX_COMPONENT_UNITS,
    MAX_PATH_UNITS,
};
use crate::text::starts_control;

/// Checks that `path` is a local file name Windows Media Player can hand to BITS.
///
/// The name must be a full Windows path (`C:\...`, `C:/...` or `\\server\share\...`)
/// without a `\\?\` or `\\.\` prefix, wildcards, `"`, `<`, `>`, `|`, control characters,
/// NTFS streams, components ending in a dot or space, `.` or `..` components, or reserved
/// device names (`CON`, `PRN`, `AUX`, `NUL`, `CONIN$`, `CONOUT$`, `COM1`–`COM9`,
/// `COM¹`–`COM³`, `LPT1`–`LPT9`, `LPT¹`–`LPT³`). It may be at most 260 UTF-16 code units
/// long, with at most 255 in any component, and must end in `.wma`, `.wmv`, `.mp3` or
/// `.asf` (any case).
///
/// The check runs in linear time, allocates nothing and treats the name as a Windows
/// path whatever the platform.
///
/// # Errors
///
/// Returns a [`LocalNameError`] for the first rule broken, in the order of
/// [`LocalNameErrorKind`]'s variants: not absolute, verbatim prefix, invalid character,
/// stream, trailing dot or space, reserved name, too long, extension. Its
/// [`span`](LocalNameError::span) locates the offending part of `path`.
///
/// # Examples
///
/// ```
/// use wmp_bits::validate;
///
/// assert!(validate::local_name(r"C:\Users\Pat\Music\song.mp3").is_ok());
/// assert!(validate::local_name(r"\\fileserver\media\video.WMV").is_ok());
/// assert_eq!(validate::local_name("song.mp3").unwrap_err().code(), "local_name_not_absolute");
///
/// let err = validate::local_name(r"C:\Music\CON.mp3").unwrap_err();
/// assert_eq!(err.kind(), validate::LocalNameErrorKind::ReservedName);
/// assert_eq!(err.span(), 9..12);
/// assert_eq!(
///     err.to_string(),
///     "local name has a reserved device name \"CON\" at bytes 9..12: expected a file or \
///      folder name that is not CON, PRN, AUX, NUL, CONIN$, CONOUT$, COM1–COM9, COM¹–COM³, \
///      LPT1–LPT9 or LPT¹–LPT³",
/// );
/// ```
pub fn local_name(path: &str) -> Result<(), LocalNameError> {
    let bytes = path.as_bytes();
    let len = bytes.len();
    let root = root(bytes)?;

    // The root is ASCII, one UTF-16 unit per byte.
    let mut units = root.len;
    let mut comp_start = root.len;
    let mut comp_units = 0usize;
    let mut comp_index = 0usize;
    let mut last_dot: Option<usize> = None;

    let mut stream: Option<usize> = None;
    let mut trailing: Option<LocalNameError> = None;
    let mut reserved: Option<LocalNameError> = None;
    let mut comp_too_long: Option<LocalNameError> = None;

    let mut i = root.len;
    loop {
        let byte = bytes.get(i).copied();
        if byte.is_none_or(is_separator) {
            // Components start after a separator (ASCII) or at the root's end, and end at a
            // separator or at the end: all character boundaries.
            let component = &path[comp_start..i];
            if trailing.is_none() {
                trailing = trailing_dot_or_space(component, comp_start);
            }
            // The server and share of a UNC name are a host and a share, not files.
            let names_a_file = !root.unc || comp_index >= 2;
            if reserved.is_none() && names_a_file {
                reserved = device_name(component).map(|name| {
                    let stem = device_stem(component);
                    LocalNameError(Reason::Reserved {
                        span: comp_start..comp_start + stem.len(),
                        name,
                    })
                });
            }
            if comp_too_long.is_none() && comp_units > MAX_COMPONENT_UNITS {
                comp_too_long = Some(LocalNameError(Reason::ComponentTooLong {
                    span: comp_start..i,
                    units: comp_units,
                }));
            }
            if byte.is_none() {
                break;
            }
            units += 1;
            comp_start = i + 1;
            comp_units = 0;
            comp_index += 1;
            last_dot = None;
            i += 1;
            continue;
        }
        let b = byte.unwrap_or_default();
        match b {
            // A ':' past the drive letter's names a stream (rule 4), not a character.
            b':' => {
                stream.get_or_insert(i);
            }
            b'.' => last_dot = Some(i),
            // Every byte that starts a character of its own here: the ASCII ones, and the
            // 0xC2 of a C1 control (U+0080–U+009F, whose code point is the second byte).
            0x00..=0x7F | 0xC2 => {
                let next = bytes.get(i + 1).copied().unwrap_or_default();
                if forbidden_in_name(char::from(b)) || starts_control(b, next) {
                    let (len, c) = if b == 0xC2 { (2, next) } else { (1, b) };
                    return Err(LocalNameError(Reason::Character {
                        span: i..i + len,
                        c: char::from(c),
                    }));
                }
            }
            _ => {}
        }
        // One UTF-16 unit per UTF-8 leading byte, two for a four-byte sequence.
        if b & 0xC0 != 0x80 {
            let n = if b >= 0xF0 { 2 } else { 1 };
            units += n;
            comp_units += n;
        }
        i += 1;
    }

    if let Some(at) = stream {
        return Err(LocalNameError(Reason::Stream { at }));
    }
    if let Some(err) = trailing.or(reserved) {
        return Err(err);
    }
    if units > MAX_PATH_UNITS {
        return Err(LocalNameError(Reason::PathTooLong { len, units }));
    }
    if let Some(err) = comp_too_long {
        return Err(err);
    }
    if comp_start == len {
        return Err(LocalNameError(Reason::NoFileName { at: len }));
    }
    // A UNC name needs a component after the server and the share to name a file. The
    // share of `\\server\song.mp3` is `song.mp3`: what lacks is a share, not a file name.
    if root.unc && comp_index < 2 {
        let share = comp_start..len;
        let looks_like_a_file = last_dot
            .and_then(|dot| path.get(dot + 1..))
            .and_then(Extension::of)
            .is_some();
        return Err(LocalNameError(if looks_like_a_file {
            Reason::NoShare { span: share }
        } else {
            Reason::NoFileName { at: len }
        }));
    }
    extension(path, comp_start, last_dot)
}

/// Rule 8 for the nonempty final component starting at `start`, whose last dot is at
/// `last_dot`.
fn extension(path: &str, start: usize, last_dot: Option<usize>) -> Result<(), LocalNameError> {
    let span = match last_dot {
        None => {
            return Err(LocalNameError(Reason::NoExtension {
                span: start..path.len(),
            }))
        }
        Some(dot) => dot..path.len(),
    };
    // After the dot, an ASCII byte: a character boundary.
    let ext = &path[span.start + 1..];
    match Extension::of(ext) {
        Some(_) => Ok(()),
        None => Err(LocalNameError(Reason::WrongExtension { span })),
    }
}

/// Where the components of an absolute name start, and whether it is a UNC name.
struct Root {
    /// Length in bytes of the root before the first checked component: 3 for `C:\`, 2 for
    /// the `\\` of a UNC name (whose server and share are checked as components).
    len: usize,
    /// Whether the name is a UNC name (`\\server\share\...`).
    unc: bool,
}

fn is_separator(b: u8) -> bool {
    b == b'\\' || b == b'/'
}

/// Rules 1 and 2: finds the root of `bytes`, or says why there is none.
fn root(bytes: &[u8]) -> Result<Root, LocalNameError> {
    let sep_at = |i: usize| bytes.get(i).copied().is_some_and(is_separator);
    match *bytes {
        [b'\\', b'?', b'?', b'\\', ..] => Err(LocalNameError(Reason::Prefix {
            span: 0..4,
            prefix: Prefix::NtObject,
        })),
        [a, b, ..] if is_separator(a) && is_separator(b) => {
            if let Some(&mark @ (b'?' | b'.')) = bytes.get(2) {
                if bytes.len() == 3 || sep_at(3) {
                    let prefix = if mark == b'?' {
                        Prefix::Verbatim
                    } else {
                        Prefix::Device
                    };
                    return Err(LocalNameError(Reason::Prefix {
                        span: 0..bytes.len().min(4),
                        prefix,
                    }));
                }
            }
            // `\\server\share` with both names nonempty.
            let name_end = |start: usize| {
                bytes[start..]
                    .iter()
                    .position(|&b| is_separator(b))
                    .map_or(bytes.len(), |n| start + n)
            };
            let server_end = name_end(2);
            if server_end == 2 || server_end == bytes.len() {
                return Err(LocalNameError(Reason::IncompleteUnc { at: server_end }));
            }
            let share_start = server_end + 1;
            if name_end(share_start) == share_start {
                return Err(LocalNameError(Reason::IncompleteUnc { at: share_start }));
            }
            Ok(Root { len: 2, unc: true })
        }
        [letter, b':', ..] if letter.is_ascii_alphabetic() => {
            if sep_at(2) {
                Ok(Root { len: 3, unc: false })
            } else {
                Err(LocalNameError(Reason::DriveRelative {
                    drive: char::from(letter),
                }))
            }
        }
        [first, ..] if is_separator(first) => Err(LocalNameError(Reason::Rooted)),
        _ => Err(LocalNameError(Reason::Relative)),
    }
}

/// Rule 5 for the component at byte `start` (an empty one breaks no rule).
fn trailing_dot_or_space(component: &str, start: usize) -> Option<LocalNameError> {
    let span = start..start + component.len();
    let reason = match component.as_bytes() {
        b"." | b".." => Reason::DotComponent { span },
        [.., b'.'] => Reason::TrailingDot { span },
        [.., b' '] => Reason::TrailingSpace { span },
        _ => return None,
    };
    Some(LocalNameError(reason))
}

/// Which rule of [`local_name`] a name breaks.
///
/// Each kind has a stable `snake_case` [`code`](LocalNameErrorKind::code). The variants are
/// listed in the order in which the rules are checked: when a name breaks several rules,
/// the first kind in this order is reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum LocalNameErrorKind {
    /// The name is not a full path: neither `C:\...` nor `\\server\share\...`
    /// (`local_name_not_absolute`).
    NotAbsolute,
    /// The name starts with a `\\?\`, `\\.\` or `\??\` prefix (`local_name_verbatim_prefix`).
    VerbatimPrefix,
    /// The name contains a wildcard (`*`, `?`), `"`, `<`, `>`, `|` or a control character
    /// (`local_name_invalid_character`).
    InvalidCharacter,
    /// The name contains a `:` other than the drive letter's, naming an NTFS stream
    /// (`local_name_stream`).
    Stream,
    /// A component ends in a dot or a space, or is `.` or `..`
    /// (`local_name_trailing_dot_or_space`).
    TrailingDotOrSpace,
    /// A component is a reserved device name such as `CON` or `LPT1.mp3`
    /// (`local_name_reserved_name`).
    ReservedName,
    /// The name is longer than 260 UTF-16 code units, or one component is longer than 255
    /// (`local_name_too_long`).
    TooLong,
    /// The name does not end in a file name with the extension `.wma`, `.wmv`, `.mp3` or
    /// `.asf` (`local_name_extension`).
    Extension,
}

impl LocalNameErrorKind {
    /// The stable `snake_case` code of this kind, such as `"local_name_not_absolute"`.
    ///
    /// ```
    /// use wmp_bits::validate::LocalNameErrorKind;
    /// assert_eq!(LocalNameErrorKind::Stream.code(), "local_name_stream");
    /// ```
    #[must_use]
    pub const fn code(self) -> &'static str {
        match self {
            Self::NotAbsolute => "local_name_not_absolute",
            Self::VerbatimPrefix => "local_name_verbatim_prefix",
            Self::InvalidCharacter => "local_name_invalid_character",
            Self::Stream => "local_name_stream",
            Self::TrailingDotOrSpace => "local_name_trailing_dot_or_space",
            Self::ReservedName => "local_name_reserved_name",
            Self::TooLong => "local_name_too_long",
            Self::Extension => "local_name_extension",
        }
    }
}

/// A rejected local file name: which rule was broken ([`kind`](Self::kind),
/// [`code`](Self::code)) and where ([`span`](Self::span)).
///
/// The [`Display`](core::fmt::Display) text is a lowercase sentence that names the
/// problem, its byte position and what was expected. The error holds no copy of the
/// name and never allocates.
///
/// ```
/// use wmp_bits::validate::{self, LocalNameErrorKind};
///
/// let err = validate::local_name(r"C:\Music\song.mp3:hidden").unwrap_err();
/// assert_eq!((err.kind(), err.span()), (LocalNameErrorKind::Stream, 17..18));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, thiserror::Error)]
#[error(transparent)]
pub struct LocalNameError(Reason);

/// The specific problem, with what its message needs; the kind is derived from it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, thiserror::Error)]
enum Reason {
    #[error("local name is a relative path: expected a full path such as {FULL_PATH}")]
    Relative,
    #[error(
        "local name starts with \"{drive}:\" at bytes 0..2 without a separator, which is \
         relative to the current folder of drive {drive}: expected a full path such as \
         {drive}:\\Music\\song.mp3"
    )]
    DriveRelative { drive: char },
    #[error(
        "local name starts with a separator at byte 0 but has no drive letter or UNC \
         server: expected a full path such as {FULL_PATH}"
    )]
    Rooted,
    #[error(
        "local name is a UNC path without a server or share name at byte {at}: \
         expected \\\\server\\share\\ before the file name"
    )]
    IncompleteUnc { at: usize },
    #[error(
        "local name starts with the {} prefix {} at bytes {}..{}: expected a plain full \
         path such as {FULL_PATH}",
        .prefix.what(), .prefix.text(), .span.start, .span.end
    )]
    Prefix { span: Range<usize>, prefix: Prefix },
    #[error(
        "invalid character {c:?} at byte {} in local name: expected no wildcards, \
         '\"', '<', '>', '|' or control characters",
        .span.start
    )]
    Character { span: Range<usize>, c: char },
    #[error(
        "stream separator ':' at byte {at} in local name: expected no ':' other than the \
         drive letter's, since it would name an NTFS alternate data stream"
    )]
    Stream { at: usize },
    #[error(
        "local name component at bytes {}..{} ends in a dot: expected no trailing dots or \
         spaces, which Windows strips",
        .span.start, .span.end
    )]
    TrailingDot { span: Range<usize> },
    #[error(
        "local name component at bytes {}..{} ends in a space: expected no trailing dots or \
         spaces, which Windows strips",
        .span.start, .span.end
    )]
    TrailingSpace { span: Range<usize> },
    #[error(
        "local name has a \"{}\" component at bytes {}..{}: expected a canonical full path \
         without \".\" or \"..\" components",
        if .span.len() == 1 { "." } else { ".." }, .span.start, .span.end
    )]
    DotComponent { span: Range<usize> },
    #[error(
        "local name has a reserved device name \"{name}\" at bytes {}..{}: expected a file \
         or folder name that is not {DEVICE_NAMES_TEXT}",
        .span.start, .span.end
    )]
    Reserved {
        span: Range<usize>,
        name: &'static str,
    },
    #[error(
        "local name is {units} UTF-16 code units long: expected at most {MAX_PATH_UNITS} \
         (MAX_PATH)"
    )]
    PathTooLong { len: usize, units: usize },
    #[error(
        "local name component at bytes {}..{} is {units} UTF-16 code units long: expected \
         at most {MAX_COMPONENT_UNITS} in one file or folder name",
        .span.start, .span.end
    )]
    ComponentTooLong { span: Range<usize>, units: usize },
    #[error(
        "local name ends at byte {at} without a file name: expected a file name ending in {}",
        Extension::ALL_TEXT
    )]
    NoFileName { at: usize },
    #[error(
        "local name is a UNC path without a share: Windows reads the name at bytes {}..{} \
         after the server as the share, so no file is named; expected the file inside a \
         share, as in \\\\server\\share\\song.mp3",
        .span.start, .span.end
    )]
    NoShare { span: Range<usize> },
    #[error(
        "local name file name at bytes {}..{} has no extension: expected {}",
        .span.start, .span.end, Extension::ALL_TEXT
    )]
    NoExtension { span: Range<usize> },
    #[error(
        "local name extension at bytes {}..{} is not one Windows Media Player downloads: \
         expected {}",
        .span.start, .span.end, Extension::ALL_TEXT
    )]
    WrongExtension { span: Range<usize> },
}

/// The example the messages give of a full path.
const FULL_PATH: &str = r"C:\Music\song.mp3 or \\server\share\song.mp3";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Prefix {
    Verbatim,
    Device,
    NtObject,
}

impl Prefix {
    fn what(self) -> &'static str {
        match self {
            Prefix::Verbatim => "verbatim",
            Prefix::Device => "device",
            Prefix::NtObject => "NT object",
        }
    }

    fn text(self) -> &'static str {
        match self {
            Prefix::Verbatim => r"\\?\",
            Prefix::Device => r"\\.\",
            Prefix::NtObject => r"\??\",
        }
    }
}

impl LocalNameError {
    /// Which rule the name broke.
    ///
    /// ```
    /// use wmp_bits::validate::{self, LocalNameErrorKind};
    /// let err = validate::local_name(r"C:\Music\a*.mp3").unwrap_err();
    /// assert_eq!(err.kind(), LocalNameErrorKind::InvalidCharacter);
    /// ```
    #[must_use]
    pub fn kind(&self) -> LocalNameErrorKind {
        match self.0 {
            Reason::Relative
            | Reason::DriveRelative { .. }
            | Reason::Rooted
            | Reason::IncompleteUnc { .. } => LocalNameErrorKind::NotAbsolute,
            Reason::Prefix { .. } => LocalNameErrorKind::VerbatimPrefix,
            Reason::Character { .. } => LocalNameErrorKind::InvalidCharacter,
            Reason::Stream { .. } => LocalNameErrorKind::Stream,
            Reason::TrailingDot { .. }
            | Reason::TrailingSpace { .. }
            | Reason::DotComponent { .. } => LocalNameErrorKind::TrailingDotOrSpace,
            Reason::Reserved { .. } => LocalNameErrorKind::ReservedName,
            Reason::PathTooLong { .. } | Reason::ComponentTooLong { .. } => {
                LocalNameErrorKind::TooLong
            }
            Reason::NoFileName { .. }
            | Reason::NoShare { .. }
            | Reason::NoExtension { .. }
            | Reason::WrongExtension { .. } => LocalNameErrorKind::Extension,
        }
    }

    /// The stable `snake_case` code of the [`kind`](Self::kind), such as
    /// `"local_name_reserved_name"`.
    ///
    /// ```
    /// use wmp_bits::validate;
    /// assert_eq!(validate::local_name(r"C:\a.wav").unwrap_err().code(), "local_name_extension");
    /// ```
    #[must_use]
    pub fn code(&self) -> &'static str {
        self.kind().code()
    }

    /// The byte range of the offending part of the name: the character, `:`, prefix,
    /// component, device name or extension; the whole name when it is too long; an empty
    /// range at the start of a relative name and at the end of a name without a file name
    /// or (for a UNC root missing its server or share) ending where the missing name
    /// should start. It always lies on character boundaries of the checked name.
    ///
    /// ```
    /// use wmp_bits::validate;
    /// assert_eq!(validate::local_name(r"C:\Music\a.wav").unwrap_err().span(), 10..14);
    /// ```
    #[must_use]
    pub fn span(&self) -> Range<usize> {
        match self.0 {
            Reason::Relative => 0..0,
            Reason::DriveRelative { .. } => 0..2,
            Reason::Rooted => 0..1,
            Reason::IncompleteUnc { at } => 0..at,
            Reason::Stream { at } => at..at + 1,
            Reason::PathTooLong { len, .. } => 0..len,
            Reason::NoFileName { at } => at..at,
            Reason::Prefix { ref span, .. }
            | Reason::Character { ref span, .. }
            | Reason::TrailingDot { ref span }
            | Reason::TrailingSpace { ref span }
            | Reason::DotComponent { ref span }
            | Reason::Reserved { ref span, .. }
            | Reason::ComponentTooLong { ref span, .. }
            | Reason::NoShare { ref span }
            | Reason::NoExtension { ref span }
            | Reason::WrongExtension { ref span } => span.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{local_name, LocalNameError, LocalNameErrorKind};
    use alloc::string::{String, ToString};

    /// The code of `path`'s error, or `"ok"`.
    fn code(path: &str) -> &'static str {
        match local_name(path) {
            Ok(()) => "ok",
            Err(err) => err.code(),
        }
    }

    fn reject(path: &str) -> LocalNameError {
        local_name(path).expect_err(path)
    }

    /// Each name's error has this span and this message.
    fn assert_messages(cases: &[(&str, core::ops::Range<usize>, &str)]) {
        for (path, span, message) in cases {
            let err = reject(path);
            assert_eq!(
                (err.span(), err.to_string()),
                (span.clone(), String::from(*message)),
                "{path:?}"
            );
        }
    }

    fn assert_codes(cases: &[(&str, &str)]) {
        for &(path, expected) in cases {
            assert_eq!(code(path), expected, "{path:?}");
        }
    }

    const OK: &str = "ok";
    const NOT_ABSOLUTE: &str = "local_name_not_absolute";
    const VERBATIM: &str = "local_name_verbatim_prefix";
    const CHARACTER: &str = "local_name_invalid_character";
    const STREAM: &str = "local_name_stream";
    const TRAILING: &str = "local_name_trailing_dot_or_space";
    const RESERVED: &str = "local_name_reserved_name";
    const TOO_LONG: &str = "local_name_too_long";
    const EXTENSION: &str = "local_name_extension";

    #[test]
    fn vectors() {
        let long = alloc::format!(r"C:\Music\{}.mp3", "a".repeat(300));
        assert_codes(&[
            (r"C:\Users\Pat\Music\Downloads\track01.wma", OK),
            (r"C:\Users\Pat\Music\song.MP3", OK),
            (r"\\fileserver\media\incoming\video.wmv", OK),
            ("D:/Downloads/clip.asf", OK),
            (r"C:\Users\Pat\Music\Björk - Jóga.mp3", OK),
            ("song.mp3", NOT_ABSOLUTE),
            (r"Music\song.mp3", NOT_ABSOLUTE),
            (r"\\?\C:\Music\song.mp3", VERBATIM),
            (r"C:\Music\*.mp3", CHARACTER),
            (r"C:\Music\a|b.mp3", CHARACTER),
            (r"C:\Music\song.mp3:hidden", STREAM),
            (r"C:\Music\song.mp3.", TRAILING),
            (r"C:\Music\CON.mp3", RESERVED),
            (&long, TOO_LONG),
            (r"C:\Music\song.wav", EXTENSION),
            (r"C:\Music\song.mp3.exe", EXTENSION),
            (r"C:\Music\song", EXTENSION),
        ]);
        assert_eq!(long.len(), 313);
    }

    #[test]
    fn every_kind_has_its_code() {
        let kinds = [
            (LocalNameErrorKind::NotAbsolute, NOT_ABSOLUTE, "song.mp3"),
            (
                LocalNameErrorKind::VerbatimPrefix,
                VERBATIM,
                r"\\.\C:\a.mp3",
            ),
            (
                LocalNameErrorKind::InvalidCharacter,
                CHARACTER,
                r"C:\a<b.mp3",
            ),
            (LocalNameErrorKind::Stream, STREAM, r"C:\a:b.mp3"),
            (
                LocalNameErrorKind::TrailingDotOrSpace,
                TRAILING,
                r"C:\a \b.mp3",
            ),
            (LocalNameErrorKind::ReservedName, RESERVED, r"C:\nul\b.mp3"),
            (LocalNameErrorKind::Extension, EXTENSION, r"C:\a\b.txt"),
        ];
        for (kind, code, path) in kinds {
            assert_eq!(kind.code(), code);
            let err = reject(path);
            assert_eq!(err.kind(), kind, "{path:?}");
            assert_eq!(err.code(), code, "{path:?}");
        }
        assert_eq!(LocalNameErrorKind::TooLong.code(), TOO_LONG);
    }

    #[test]
    fn absolute_roots() {
        assert_codes(&[
            (r"C:\a.mp3", OK),
            (r"c:\a.mp3", OK),
            ("z:/a.mp3", OK),
            (r"Z:/Music\a.mp3", OK),
            (r"\\server\share\a.mp3", OK),
            ("//server/share/a.mp3", OK),
            (r"\/server/share\a.mp3", OK),
            (r"\\server\share\folder\a.mp3", OK),
            (r"\\192.168.0.1\media\a.mp3", OK),
            ("", NOT_ABSOLUTE),
            ("song.mp3", NOT_ABSOLUTE),
            (r"Music\song.mp3", NOT_ABSOLUTE),
            ("C:relative.mp3", NOT_ABSOLUTE),
            ("C:", NOT_ABSOLUTE),
            (r"\foo.mp3", NOT_ABSOLUTE),
            ("/foo.mp3", NOT_ABSOLUTE),
            (r"\", NOT_ABSOLUTE),
            (r"1:\a.mp3", NOT_ABSOLUTE),
            (r"é:\a.mp3", NOT_ABSOLUTE),
            (r":\a.mp3", NOT_ABSOLUTE),
            (r"\\", NOT_ABSOLUTE),
            (r"\\server", NOT_ABSOLUTE),
            (r"\\server\", NOT_ABSOLUTE),
            (r"\\server\\share\a.mp3", NOT_ABSOLUTE),
            (r"\\\server\share\a.mp3", NOT_ABSOLUTE),
            (r"\C:\a.mp3", NOT_ABSOLUTE),
        ]);
    }

    #[test]
    fn not_absolute_spans_and_messages() {
        assert_eq!(reject("song.mp3").span(), 0..0);
        assert_eq!(reject("C:song.mp3").span(), 0..2);
        assert_eq!(reject(r"\song.mp3").span(), 0..1);
        assert_eq!(reject(r"\\server").span(), 0..8);
        assert_eq!(reject(r"\\server\").span(), 0..9);
        assert_eq!(reject(r"\\\share\a.mp3").span(), 0..2);
        assert_eq!(
            reject("song.mp3").to_string(),
            r"local name is a relative path: expected a full path such as C:\Music\song.mp3 or \\server\share\song.mp3"
        );
        assert_eq!(
            reject("d:song.mp3").to_string(),
            r#"local name starts with "d:" at bytes 0..2 without a separator, which is relative to the current folder of drive d: expected a full path such as d:\Music\song.mp3"#
        );
        assert_eq!(
            reject(r"\\server").to_string(),
            r"local name is a UNC path without a server or share name at byte 8: expected \\server\share\ before the file name"
        );
    }

    #[test]
    fn verbatim_and_device_prefixes() {
        assert_codes(&[
            (r"\\?\C:\Music\song.mp3", VERBATIM),
            ("//?/C:/Music/song.mp3", VERBATIM),
            (r"\\?/C:\song.mp3", VERBATIM),
            (r"/\?\UNC\server\share\a.mp3", VERBATIM),
            (r"\\.\C:\song.mp3", VERBATIM),
            (r"\\.\COM1", VERBATIM),
            ("//./pipe/x", VERBATIM),
            (r"\\?\", VERBATIM),
            (r"\\?", VERBATIM),
            (r"\\.", VERBATIM),
            (r"\??\C:\song.mp3", VERBATIM),
            // Not prefixes: a server name starting with `?` or `.`, a rooted `/??/`.
            (r"\\?x\share\a.mp3", CHARACTER),
            (r"\\.x\share\a.mp3", OK),
            (r"\\..\share\a.mp3", TRAILING),
            ("/??/C:/a.mp3", NOT_ABSOLUTE),
        ]);
        assert_eq!(reject(r"\\?\C:\a.mp3").span(), 0..4);
        assert_eq!(reject(r"\\?").span(), 0..3);
        assert_eq!(reject(r"\??\C:\a.mp3").span(), 0..4);
        assert_eq!(
            reject("//?/C:/a.mp3").to_string(),
            r"local name starts with the verbatim prefix \\?\ at bytes 0..4: expected a plain full path such as C:\Music\song.mp3 or \\server\share\song.mp3"
        );
        assert_eq!(
            reject(r"\\.\C:\a.mp3").to_string(),
            r"local name starts with the device prefix \\.\ at bytes 0..4: expected a plain full path such as C:\Music\song.mp3 or \\server\share\song.mp3"
        );
    }

    #[test]
    fn invalid_characters() {
        for c in [
            '*', '?', '"', '<', '>', '|', '\0', '\t', '\n', '\u{1f}', '\u{7f}',
        ] {
            let path = alloc::format!(r"C:\Music\a{c}b.mp3");
            let err = reject(&path);
            assert_eq!(err.code(), CHARACTER, "{path:?}");
            assert_eq!(err.span(), 10..11, "{path:?}");
        }
        for c in ['\u{80}', '\u{85}', '\u{9f}'] {
            let path = alloc::format!(r"C:\Music\a{c}b.mp3");
            let err = reject(&path);
            assert_eq!(err.code(), CHARACTER, "{path:?}");
            assert_eq!(err.span(), 10..12, "{path:?}");
            assert!(err
                .to_string()
                .starts_with(&alloc::format!("invalid character {c:?} at byte 10 ")));
        }
        // Neighbours of the forbidden ranges, and other punctuation, are fine.
        assert_codes(&[
            ("C:\\Music\\a\u{20}b.mp3", OK),
            ("C:\\Music\\a\u{7e}b.mp3", OK),
            ("C:\\Music\\a\u{a0}b.mp3", OK),
            ("C:\\Music\\a\u{c2}b.mp3", OK),
            (
                r"C:\Music\a'b#c%d&e(f)g+h,i;j=k@l[m]n{o}p~q!r$s^t`u.mp3",
                OK,
            ),
            ("C:\\Music\\\u{1F3B7} sax.mp3", OK),
        ]);
        // Spans are byte offsets past multibyte characters.
        assert_eq!(reject(r"C:\é🎷*.mp3").span(), 9..10);
        assert_eq!(
            reject(r"C:\Music\*.mp3").to_string(),
            r#"invalid character '*' at byte 9 in local name: expected no wildcards, '"', '<', '>', '|' or control characters"#
        );
        assert_eq!(
            reject("C:\\Music\\\u{1}.mp3").to_string(),
            r#"invalid character '\u{1}' at byte 9 in local name: expected no wildcards, '"', '<', '>', '|' or control characters"#
        );
        // A character in a UNC server name.
        assert_eq!(reject(r"\\ser|ver\share\a.mp3").span(), 5..6);
    }

    #[test]
    fn streams() {
        assert_codes(&[
            (r"C:\Music\song.mp3:hidden", STREAM),
            (r"C:\Music\song.mp3::$DATA", STREAM),
            (r"C:\Mu:sic\song.mp3", STREAM),
            (r"C:\D:\song.mp3", STREAM),
            ("C::/song.mp3", NOT_ABSOLUTE),
            (r"\\server\c:\song.mp3", STREAM),
            (r"\\server:445\share\song.mp3", STREAM),
        ]);
        let err = reject(r"C:\Music\song.mp3:hidden");
        assert_eq!(err.span(), 17..18);
        assert_eq!(
            err.to_string(),
            "stream separator ':' at byte 17 in local name: expected no ':' other than the drive letter's, since it would name an NTFS alternate data stream"
        );
    }

    #[test]
    fn trailing_dots_spaces_and_dot_components() {
        assert_codes(&[
            (r"C:\Music\song.mp3.", TRAILING),
            (r"C:\Music\song.mp3 ", TRAILING),
            (r"C:\Music\song.mp3. . ", TRAILING),
            (r"C:\Music.\song.mp3", TRAILING),
            (r"C:\Music \song.mp3", TRAILING),
            (r"C:\.\song.mp3", TRAILING),
            (r"C:\Music\..\song.mp3", TRAILING),
            (r"C:\Music\.", TRAILING),
            (r"C:\Music\..", TRAILING),
            (r"C:\...\song.mp3", TRAILING),
            (r"\\server.\share\song.mp3", TRAILING),
            (r"\\server\share \song.mp3", TRAILING),
            (r"\\server\.\song.mp3", TRAILING),
            // Dots and spaces elsewhere are fine, and so are empty components.
            (r"C:\ Music\a..b .mp3", OK),
            (r"C:\.hidden\.mp3", OK),
            (r"C:\Music\\song.mp3", OK),
            (r"C:\\Music//song.mp3", OK),
        ]);
        assert_messages(&[
            (
                r"C:\Music\song.mp3.",
                9..18,
                "local name component at bytes 9..18 ends in a dot: expected no trailing dots or spaces, which Windows strips",
            ),
            (
                r"C:\Music \a.mp3",
                3..9,
                "local name component at bytes 3..9 ends in a space: expected no trailing dots or spaces, which Windows strips",
            ),
            (
                r"C:\Music\..\a.mp3",
                9..11,
                r#"local name has a ".." component at bytes 9..11: expected a canonical full path without "." or ".." components"#,
            ),
            (
                r"C:\.\a.mp3",
                3..4,
                r#"local name has a "." component at bytes 3..4: expected a canonical full path without "." or ".." components"#,
            ),
        ]);
    }

    #[test]
    fn reserved_names() {
        for name in [
            "CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$", "con", "pRn", "Aux", "nUl", "conin$",
            "ConOut$",
        ] {
            for path in [
                alloc::format!(r"C:\Music\{name}.mp3"),
                alloc::format!(r"C:\{name}\a.mp3"),
                alloc::format!(r"C:\{name}"),
                alloc::format!(r"C:\{name} .mp3"),
                alloc::format!(r"C:\{name}  .x.mp3"),
            ] {
                assert_eq!(code(&path), RESERVED, "{path:?}");
            }
        }
        for digit in ['1', '2', '3', '4', '5', '6', '7', '8', '9', '¹', '²', '³'] {
            for stem in ["COM", "com", "LPT", "lPt"] {
                let path = alloc::format!(r"C:\Music\{stem}{digit}.mp3");
                let err = reject(&path);
                assert_eq!(err.code(), RESERVED, "{path:?}");
                assert_eq!(err.span(), 9..9 + stem.len() + digit.len_utf8(), "{path:?}");
                let canonical = alloc::format!("\"{}{digit}\"", stem.to_ascii_uppercase());
                assert!(err.to_string().contains(&canonical), "{path:?}");
            }
        }
        assert_codes(&[
            (r"C:\Music\Lpt9.tar.mp3", RESERVED),
            (r"\\server\share\nul.wma", RESERVED),
            (r"\\server\share\aux\a.wma", RESERVED),
            // A UNC server and share name a host and a share, not files.
            (r"\\aux\share\a.wma", OK),
            (r"\\server\aux\a.wma", OK),
            (r"\\con\prn\a.mp3", OK),
            (r"//LPT1/COM¹/a.mp3", OK),
            (r"\\conin$\conout$\a.mp3", OK),
            // Not device names.
            (r"C:\Music\COM0.mp3", OK),
            (r"C:\Music\LPT0.mp3", OK),
            (r"C:\Music\COM10.mp3", OK),
            (r"C:\Music\COM⁴.mp3", OK),
            (r"C:\Music\COM¹¹.mp3", OK),
            (r"C:\Music\CONSOLE.mp3", OK),
            (r"C:\Music\icon.mp3", OK),
            (r"C:\Music\CON_.mp3", OK),
            (r"C:\Music\ CON.mp3", OK),
            (r"C:\Music\CO.mp3", OK),
            (r"C:\Music\COMA.mp3", OK),
            (r"C:\Music\LPT.mp3", OK),
            (r"C:\Music\A.CON.mp3", OK),
            (r"C:\Music\nul1.mp3", OK),
            (r"C:\Music\CONIN.mp3", OK),
            (r"C:\Music\CONOUT.mp3", OK),
            (r"C:\Music\CONIN$$.mp3", OK),
            (r"C:\Music\$CONIN.mp3", OK),
            (r"C:\Music\LPTé.mp3", OK),
        ]);
        assert_eq!(reject(r"C:\Music\CON .mp3").span(), 9..12);
        assert_eq!(
            reject(r"C:\Music\con.mp3").to_string(),
            r#"local name has a reserved device name "CON" at bytes 9..12: expected a file or folder name that is not CON, PRN, AUX, NUL, CONIN$, CONOUT$, COM1–COM9, COM¹–COM³, LPT1–LPT9 or LPT¹–LPT³"#
        );
        assert_eq!(
            reject(r"C:\lpt³\a.mp3").to_string(),
            r#"local name has a reserved device name "LPT³" at bytes 3..8: expected a file or folder name that is not CON, PRN, AUX, NUL, CONIN$, CONOUT$, COM1–COM9, COM¹–COM³, LPT1–LPT9 or LPT¹–LPT³"#
        );
    }

    /// `C:\` + a 200-unit folder + `\` + a file name of `name_units` units in all.
    fn path_of_units(name_units: usize, sax: usize) -> String {
        let mut path = String::from(r"C:\");
        path.push_str(&"d".repeat(200));
        path.push('\\');
        path.push_str(&"🎷".repeat(sax));
        path.push_str(&"b".repeat(name_units - 4 - 2 * sax));
        path.push_str(".mp3");
        path
    }

    #[test]
    fn total_length_boundary() {
        for sax in [0, 1, 20] {
            let at_limit = path_of_units(56, sax);
            assert_eq!(at_limit.encode_utf16().count(), 260);
            assert_eq!(code(&at_limit), OK, "{sax}");
            let over = path_of_units(57, sax);
            assert_eq!(over.encode_utf16().count(), 261);
            let err = reject(&over);
            assert_eq!(err.code(), TOO_LONG, "{sax}");
            assert_eq!(err.span(), 0..over.len());
            assert_eq!(
                err.to_string(),
                "local name is 261 UTF-16 code units long: expected at most 260 (MAX_PATH)"
            );
        }
        // Units count, not bytes or characters: an astral character is two units.
        let mut same_units = path_of_units(56, 0);
        same_units.replace_range(3..5, "🎷");
        assert_eq!((same_units.len(), same_units.chars().count()), (262, 259));
        assert_eq!(code(&same_units), OK);
        let mut astral = path_of_units(56, 0);
        astral.replace_range(3..4, "🎷");
        assert_eq!(astral.chars().count(), 260);
        assert_eq!(code(&astral), TOO_LONG);
        let mut bmp = path_of_units(56, 0);
        bmp.replace_range(3..4, "é");
        assert_eq!(bmp.len(), 261);
        assert_eq!(code(&bmp), OK);
        // Separators and UNC roots count too.
        let unc = alloc::format!(r"\\s\m\{}.mp3", "a".repeat(250));
        assert_eq!(unc.len(), 260);
        assert_eq!(code(&unc), OK);
        assert_eq!(
            code(&alloc::format!(r"\\s\m\\{}.mp3", "a".repeat(250))),
            TOO_LONG
        );
    }

    #[test]
    fn component_length_boundary() {
        for sax in [0, 1, 125] {
            let mut name = "🎷".repeat(sax);
            name.push_str(&"a".repeat(251 - 2 * sax));
            name.push_str(".mp3");
            assert_eq!(name.encode_utf16().count(), 255);
            assert_eq!(code(&alloc::format!(r"C:\{name}")), OK, "{sax}");
            assert_eq!(
                code(&alloc::format!(r"C:\{}", name.replace(".mp3", ".txt"))),
                EXTENSION,
                "{sax}"
            );
            // One more unit. (Only a final component, or a folder followed by nothing, can be
            // too long within 260 units in all.)
            let long = alloc::format!(r"C:\a{name}");
            let err = reject(&long);
            assert_eq!(err.code(), TOO_LONG, "{sax}");
            assert_eq!(err.span(), 3..long.len());
            assert_eq!(
                err.to_string(),
                alloc::format!(
                    "local name component at bytes 3..{} is 256 UTF-16 code units long: expected at most 255 in one file or folder name",
                    long.len()
                )
            );
            assert_eq!(
                reject(&alloc::format!(r"C:\a{name}\")).span(),
                3..long.len()
            );
        }
        // 126 saxophones are 252 units in 504 bytes.
        let sax = alloc::format!(r"C:\{}.mp3", "🎷".repeat(126));
        assert_eq!(code(&sax), TOO_LONG);
        assert_eq!(reject(&sax).span(), 3..sax.len());
        // Over both limits: the whole-name limit is reported.
        let both = alloc::format!(r"C:\Music\{}.mp3", "a".repeat(300));
        assert_eq!(reject(&both).span(), 0..both.len());
    }

    #[test]
    fn extensions() {
        assert_codes(&[
            (r"C:\a.wma", OK),
            (r"C:\a.wmv", OK),
            (r"C:\a.mp3", OK),
            (r"C:\a.asf", OK),
            (r"C:\a.WMA", OK),
            (r"C:\a.Wmv", OK),
            (r"C:\a.mP3", OK),
            (r"C:\a.ASF", OK),
            (r"C:\a.wav.mp3", OK),
            (r"C:\Music\.mp3", OK),
            (r"C:\Music\song", EXTENSION),
            (r"C:\Music\song.wav", EXTENSION),
            (r"C:\Music\song.mp3.exe", EXTENSION),
            (r"C:\Music\song.mp33", EXTENSION),
            (r"C:\Music\song.mp", EXTENSION),
            (r"C:\Music\song.mp3x", EXTENSION),
            (r"C:\Music\songmp3", EXTENSION),
            (r"C:\Music.mp3\song", EXTENSION),
            (r"C:\Music\", EXTENSION),
            (r"C:\Music/", EXTENSION),
            (r"C:\", EXTENSION),
            (r"\\server\share", EXTENSION),
            (r"\\server\share\", EXTENSION),
            (r"\\server\share.mp3", EXTENSION),
            (r"\\server\share\a.mp3", OK),
            (r"C:\Music\song.ｍｐ３", EXTENSION),
        ]);
        assert_eq!(reject(r"C:\Music\song.mp3.exe").span(), 17..21);
        assert_eq!(reject(r"\\server\share").span(), 14..14);
        assert_eq!(reject(r"\\server\share.mp3").span(), 9..18);
        assert_messages(&[
            (
                r"C:\Music\song.wav",
                13..17,
                "local name extension at bytes 13..17 is not one Windows Media Player downloads: expected .wma, .wmv, .mp3 or .asf",
            ),
            (
                r"C:\Music\song",
                9..13,
                "local name file name at bytes 9..13 has no extension: expected .wma, .wmv, .mp3 or .asf",
            ),
            (
                r"C:\Music\",
                9..9,
                "local name ends at byte 9 without a file name: expected a file name ending in .wma, .wmv, .mp3 or .asf",
            ),
            (
                r"\\server\a.mp3",
                9..14,
                r"local name is a UNC path without a share: Windows reads the name at bytes 9..14 after the server as the share, so no file is named; expected the file inside a share, as in \\server\share\song.mp3",
            ),
            (
                r"\\server\music",
                14..14,
                "local name ends at byte 14 without a file name: expected a file name ending in .wma, .wmv, .mp3 or .asf",
            ),
        ]);
        // The advice works.
        assert_eq!(local_name(r"\\server\share\song.mp3"), Ok(()));
    }

    #[test]
    fn check_order_is_by_rule_not_by_position() {
        let long = "a".repeat(300);
        assert_codes(&[
            // not absolute beats everything after it
            ("C:relative*.wav", NOT_ABSOLUTE),
            (r"\CON\a:b.", NOT_ABSOLUTE),
            // verbatim prefix beats characters, streams, ...
            (r"\\?\C:\*.wav", VERBATIM),
            // an invalid character late in the name beats an earlier stream, trailing dot, ...
            (r"C:\a:b\CON.\c*.wav", CHARACTER),
            // a stream beats an earlier trailing dot and reserved name
            (r"C:\CON.\x:y.mp3", STREAM),
            // a trailing dot or space beats an earlier reserved name
            (r"C:\CON\x.\y.mp3", TRAILING),
            (r"C:\con \x.mp3", TRAILING),
            (r"C:\CON.", TRAILING),
            // a reserved name beats a too-long name
            (&alloc::format!(r"C:\{long}\LPT1.mp3"), RESERVED),
            // a too-long name beats a bad extension
            (&alloc::format!(r"C:\{long}.wav"), TOO_LONG),
            (&alloc::format!(r"C:\{long}\"), TOO_LONG),
            (r"C:\song.mp3.", TRAILING),
        ]);
        // The first offence of the winning kind is reported.
        assert_eq!(reject(r"C:\a*\b?.mp3").span(), 4..5);
        assert_eq!(reject(r"C:\a:\b:.mp3").span(), 4..5);
        assert_eq!(reject(r"C:\a.\b .mp3").span(), 3..5);
        assert_eq!(reject(r"C:\aux\nul.mp3").span(), 3..6);
    }

    #[test]
    fn separators_are_interchangeable() {
        for path in [
            r"C:\Music\Album\song.mp3",
            r"C:/Music/Album/song.mp3",
            r"C:\Music/Album\song.mp3",
            r"\\server\share\Album\song.mp3",
            r"//server/share/Album/song.mp3",
        ] {
            assert_eq!(code(path), OK, "{path:?}");
            assert_eq!(code(&path.replace("Album", "CON")), RESERVED, "{path:?}");
            assert_eq!(code(&path.replace("Album", "Album.")), TRAILING, "{path:?}");
            assert_eq!(code(&path.replace("song.mp3", "")), EXTENSION, "{path:?}");
        }
    }

    #[test]
    fn error_traits() {
        let a = reject(r"C:\Music\CON.mp3");
        let b = a.clone();
        assert_eq!(a, b);
        assert_ne!(a, reject(r"C:\Music\PRN.mp3"));
        assert_ne!(a, reject(r"C:\Musics\CON.mp3"));
        let dynamic: &dyn core::error::Error = &a;
        assert!(dynamic.source().is_none());
        assert_eq!(dynamic.to_string(), a.to_string());
        assert!(alloc::format!("{a:?}").contains("LocalNameError"));
    }

    /// Every name up to five tokens long over an alphabet of troublemakers: no panic, the
    /// span lies on character boundaries, and the message starts lowercase.
    #[test]
    fn exhaustive_small_names_never_panic() {
        const TOKENS: [&str; 15] = [
            "C:", "\\", "/", "?", ".", " ", "é", "🎷", "\u{85}", "con", ".mp3", ":", "a", "\\\\",
            "¹",
        ];
        let mut accepted = 0usize;
        let mut path = String::new();
        let mut digits = [0usize; 5];
        for len in 0..=digits.len() {
            let count = TOKENS.len().pow(u32::try_from(len).unwrap_or(0));
            for n in 0..count {
                let mut rest = n;
                path.clear();
                for digit in digits.iter_mut().take(len) {
                    *digit = rest % TOKENS.len();
                    rest /= TOKENS.len();
                    path.push_str(TOKENS[*digit]);
                }
                match local_name(&path) {
                    Ok(()) => {
                        accepted += 1;
                        assert!(path.to_ascii_lowercase().ends_with(".mp3"), "{path:?}");
                    }
                    Err(err) => {
                        let span = err.span();
                        assert!(path.get(span.clone()).is_some(), "{path:?} {span:?}");
                        let message = err.to_string();
                        assert!(message.starts_with(char::is_lowercase), "{message}");
                        assert_eq!(err.code(), err.kind().code());
                    }
                }
            }
        }
        assert!(accepted > 100, "{accepted}");
    }
}
