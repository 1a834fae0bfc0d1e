//! The registry switch that makes the Player look at the BITS queue, and where stores'
//! key names live.
//!
//! Windows Media Player inspects the BITS queue for `::WMP_JOB` and `::WMP_STATUS` jobs
//! while it runs; the `REG_DWORD` value `RefreshDownload` under
//! `HKEY_CURRENT_USER\Software\Microsoft\MediaPlayer\Services` decides it: nonzero, the
//! Player must inspect the queue; zero, it will not. The documentation asks a store to create
//! the value "to ensure" the Player checks, and says nothing of a missing value: missing
//! means "not ensured", not "never". A store's installer (or a support script) sets it; this
//! module names the key and value, and renders the two usual ways to set it: a `.reg` file
//! for `regedit` and a `reg add` command line.
//!
//! ```
//! use wmp_bits::registry;
//!
//! assert_eq!(
//!     registry::refresh_download_command(true),
//!     r#"reg add "HKCU\Software\Microsoft\MediaPlayer\Services" /v RefreshDownload /t REG_DWORD /d 1 /f"#
//! );
//! assert!(registry::refresh_download_reg(true).ends_with("\"RefreshDownload\"=dword:00000001\r\n\r\n"));
//! ```
//!
//! # Encoding a `.reg` file
//!
//! [`refresh_download_reg`] returns the text as a `&str`, with the CRLF line endings that
//! `regedit` writes. For the `Windows Registry Editor Version 5.00` format, `regedit` itself
//! writes UTF-16LE with a byte order mark, and it imports that as well as plain ASCII; it
//! refuses UTF-16 without the mark. The text here is pure ASCII, so writing the string's
//! bytes as they are (which is what `std::fs::write` does) gives a file that imports. To
//! produce exactly the encoding `regedit` writes, pass the text through
//! [`to_utf16le_bytes`], which adds the mark:
//!
//! ```no_run
//! use wmp_bits::registry;
//!
//! // Either of these imports with a double click or `regedit /s`:
//! std::fs::write("refresh-download.reg", registry::refresh_download_reg(true))?;
//! std::fs::write(
//!     "refresh-download-utf16.reg",
//!     registry::to_utf16le_bytes(registry::refresh_download_reg(true)),
//! )?;
//! # Ok::<(), std::io::Error>(())
//! ```
//!
//! A value under `HKEY_CURRENT_USER` belongs to the current user: `reg add` sets it without
//! administrator rights. `regedit` asks the user to confirm before importing a `.reg` file,
//! unless it runs as `regedit /s`.

use alloc::vec::Vec;

/// The root key of the Player's services settings: `HKEY_CURRENT_USER` (per user).
///
/// ```
/// assert_eq!(wmp_bits::registry::SERVICES_ROOT, "HKEY_CURRENT_USER");
/// ```
pub const SERVICES_ROOT: &str = "HKEY_CURRENT_USER";

/// The path of the Player's services key under [`SERVICES_ROOT`], as `RegOpenKeyExW` takes
/// it.
///
/// ```
/// assert_eq!(wmp_bits::registry::SERVICES_PATH, r"Software\Microsoft\MediaPlayer\Services");
/// ```
pub const SERVICES_PATH: &str = r"Software\Microsoft\MediaPlayer\Services";

/// The full name of the key that holds [`REFRESH_DOWNLOAD`]: [`SERVICES_ROOT`]`\`
/// [`SERVICES_PATH`], as `regedit` shows it.
///
/// ```
/// use wmp_bits::registry::{SERVICES_KEY, SERVICES_PATH, SERVICES_ROOT};
/// assert_eq!(SERVICES_KEY, format!(r"{SERVICES_ROOT}\{SERVICES_PATH}"));
/// ```
pub const SERVICES_KEY: &str = r"HKEY_CURRENT_USER\Software\Microsoft\MediaPlayer\Services";

/// The name of the value that switches the Player's look at the BITS queue on (nonzero) or
/// off (zero); a missing value leaves it to the Player.
///
/// ```
/// assert_eq!(wmp_bits::registry::REFRESH_DOWNLOAD, "RefreshDownload");
/// ```
pub const REFRESH_DOWNLOAD: &str = "RefreshDownload";

/// The type of [`REFRESH_DOWNLOAD`]: `REG_DWORD`, a 32-bit number (type code 4 in the
/// Windows API).
///
/// ```
/// assert_eq!(wmp_bits::registry::REFRESH_DOWNLOAD_TYPE, "REG_DWORD");
/// ```
pub const REFRESH_DOWNLOAD_TYPE: &str = "REG_DWORD";

/// The root key of the stores' subscription keys: `HKEY_LOCAL_MACHINE` (per machine).
///
/// ```
/// assert_eq!(wmp_bits::registry::SUBSCRIPTIONS_ROOT, "HKEY_LOCAL_MACHINE");
/// ```
pub const SUBSCRIPTIONS_ROOT: &str = "HKEY_LOCAL_MACHINE";

/// The path under [`SUBSCRIPTIONS_ROOT`] whose subkeys are the installed stores: a
/// descriptor's provider must match one of their names (compared case-insensitively, as the
/// registry compares key names; see
/// [`validate::provider_matches`](crate::validate::provider_matches)).
///
/// ```
/// assert_eq!(
///     wmp_bits::registry::SUBSCRIPTIONS_PATH,
///     r"SOFTWARE\Microsoft\MediaPlayer\Subscriptions"
/// );
/// ```
pub const SUBSCRIPTIONS_PATH: &str = r"SOFTWARE\Microsoft\MediaPlayer\Subscriptions";

/// The full name of the subscriptions key: [`SUBSCRIPTIONS_ROOT`]`\`[`SUBSCRIPTIONS_PATH`].
///
/// ```
/// use wmp_bits::registry::{SUBSCRIPTIONS_KEY, SUBSCRIPTIONS_PATH, SUBSCRIPTIONS_ROOT};
/// assert_eq!(SUBSCRIPTIONS_KEY, format!(r"{SUBSCRIPTIONS_ROOT}\{SUBSCRIPTIONS_PATH}"));
/// ```
pub const SUBSCRIPTIONS_KEY: &str =
    r"HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\MediaPlayer\Subscriptions";

const REG_ON: &str = "Windows Registry Editor Version 5.00\r\n\
    \r\n\
    [HKEY_CURRENT_USER\\Software\\Microsoft\\MediaPlayer\\Services]\r\n\
    \"RefreshDownload\"=dword:00000001\r\n\
    \r\n";

const REG_OFF: &str = "Windows Registry Editor Version 5.00\r\n\
    \r\n\
    [HKEY_CURRENT_USER\\Software\\Microsoft\\MediaPlayer\\Services]\r\n\
    \"RefreshDownload\"=dword:00000000\r\n\
    \r\n";

/// A `.reg` file that sets [`REFRESH_DOWNLOAD`] to 1 (`enable`) or 0, in the form `regedit`
/// writes: the `Windows Registry Editor Version 5.00` header, a blank line, the key in
/// brackets, the value, and a blank line, each line ending in CRLF.
///
/// The text is ASCII; see the [module documentation](self#encoding-a-reg-file) for writing
/// it to a file (as it is, or as UTF-16LE with a byte order mark through
/// [`to_utf16le_bytes`]).
///
/// ```
/// use wmp_bits::registry;
///
/// assert_eq!(
///     registry::refresh_download_reg(true),
///     "Windows Registry Editor Version 5.00\r\n\
///      \r\n\
///      [HKEY_CURRENT_USER\\Software\\Microsoft\\MediaPlayer\\Services]\r\n\
///      \"RefreshDownload\"=dword:00000001\r\n\
///      \r\n"
/// );
/// assert!(registry::refresh_download_reg(false).contains("\"RefreshDownload\"=dword:00000000\r\n"));
/// ```
#[must_use]
pub const fn refresh_download_reg(enable: bool) -> &'static str {
    if enable {
        REG_ON
    } else {
        REG_OFF
    }
}

const COMMAND_ON: &str = r#"reg add "HKCU\Software\Microsoft\MediaPlayer\Services" /v RefreshDownload /t REG_DWORD /d 1 /f"#;
const COMMAND_OFF: &str = r#"reg add "HKCU\Software\Microsoft\MediaPlayer\Services" /v RefreshDownload /t REG_DWORD /d 0 /f"#;

/// The `reg add` command line that sets [`REFRESH_DOWNLOAD`] to 1 (`enable`) or 0 for the
/// current user, overwriting any value there (`/f`) without asking. It runs the same in
/// `cmd.exe` and PowerShell, and needs no administrator rights.
///
/// ```
/// use wmp_bits::registry;
///
/// assert_eq!(
///     registry::refresh_download_command(true),
///     r#"reg add "HKCU\Software\Microsoft\MediaPlayer\Services" /v RefreshDownload /t REG_DWORD /d 1 /f"#
/// );
/// assert!(registry::refresh_download_command(false).ends_with(" /d 0 /f"));
/// ```
#[must_use]
pub const fn refresh_download_command(enable: bool) -> &'static str {
    if enable {
        COMMAND_ON
    } else {
        COMMAND_OFF
    }
}

/// `text` as UTF-16LE with a byte order mark (`FF FE`), the encoding `regedit` writes for
/// `Windows Registry Editor Version 5.00` files.
///
/// ```
/// use wmp_bits::registry;
///
/// assert_eq!(registry::to_utf16le_bytes("Wé\r\n"), b"\xFF\xFEW\0\xE9\0\r\0\n\0");
/// assert_eq!(registry::to_utf16le_bytes("🎷"), b"\xFF\xFE\x3C\xD8\xB7\xDF");
/// let file = registry::to_utf16le_bytes(registry::refresh_download_reg(true));
/// assert_eq!(file.len(), 2 + 2 * registry::refresh_download_reg(true).len());
/// ```
#[must_use]
pub fn to_utf16le_bytes(text: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(2 + 2 * text.len());
    out.extend_from_slice(&[0xFF, 0xFE]);
    for unit in text.encode_utf16() {
        out.extend_from_slice(&unit.to_le_bytes());
    }
    out
}
