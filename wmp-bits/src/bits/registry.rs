//! Reading the two registry places the Player reads: the `RefreshDownload` switch and the
//! installed stores' keys (their names are in [`crate::registry`]).

use windows::core::HRESULT;
use windows::Win32::Foundation::{
    ERROR_FILE_NOT_FOUND, ERROR_NO_MORE_ITEMS, ERROR_UNSUPPORTED_TYPE, WIN32_ERROR,
};

use super::win32::{dword_value, Hive, RegistryKey};
use super::BitsError;
use crate::registry::{REFRESH_DOWNLOAD, SERVICES_PATH, SUBSCRIPTIONS_PATH};

/// The registry's limit on a key name, in UTF-16 code units, and its NUL.
const MAX_KEY_NAME: usize = 255 + 1;

fn failed(operation: &'static str, status: WIN32_ERROR) -> BitsError {
    BitsError::system(operation, HRESULT::from_win32(status.0))
}

/// The current user's `RefreshDownload` switch (the `REG_DWORD` value under
/// `HKEY_CURRENT_USER\Software\Microsoft\MediaPlayer\Services`), as the doctor's
/// [`Snapshot::refresh_download`](crate::doctor::Snapshot::refresh_download) holds it:
/// `None` when the value, or its key, does not exist, or is not a `REG_DWORD`.
///
/// ```
/// match wmp_bits::bits::refresh_download()? {
///     Some(0) | None => println!("the Player does not look at the BITS queue"),
///     Some(_) => println!("the Player looks at the BITS queue"),
/// }
/// # Ok::<(), wmp_bits::bits::BitsError>(())
/// ```
///
/// # Errors
///
/// [`BitsErrorKind::System`](super::BitsErrorKind::System) from `RegGetValueW` when the
/// value cannot be read (access denied, say).
pub fn refresh_download() -> Result<Option<u32>, BitsError> {
    match dword_value(Hive::CurrentUser, SERVICES_PATH, REFRESH_DOWNLOAD) {
        Ok(value) => Ok(Some(value)),
        Err(ERROR_FILE_NOT_FOUND | ERROR_UNSUPPORTED_TYPE) => Ok(None),
        Err(status) => Err(failed("RegGetValueW", status)),
    }
}

/// The names of the keys under `HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\MediaPlayer\Subscriptions`
/// (the installed stores), in the registry's order, as the doctor's
/// [`Snapshot::installed_providers`](crate::doctor::Snapshot::installed_providers) holds
/// them; empty when the key does not exist. The key is read in the process's own view of
/// the registry (a 32-bit process on 64-bit Windows sees `WOW6432Node`).
///
/// ```
/// let stores = wmp_bits::bits::installed_providers()?;
/// println!("{} stores installed: {}", stores.len(), stores.join(", "));
/// # Ok::<(), wmp_bits::bits::BitsError>(())
/// ```
///
/// # Errors
///
/// [`BitsErrorKind::System`](super::BitsErrorKind::System) from `RegOpenKeyExW` or
/// `RegEnumKeyExW` when the key cannot be read.
pub fn installed_providers() -> Result<Vec<String>, BitsError> {
    let key = match RegistryKey::open(Hive::LocalMachine, SUBSCRIPTIONS_PATH) {
        Ok(key) => key,
        Err(ERROR_FILE_NOT_FOUND) => return Ok(Vec::new()),
        Err(status) => return Err(failed("RegOpenKeyExW", status)),
    };
    let mut names = Vec::new();
    for index in 0.. {
        let mut name = [0_u16; MAX_KEY_NAME];
        match key.subkey_name(index, &mut name) {
            Ok(len) => names.push(String::from_utf16_lossy(&name[..len])),
            Err(ERROR_NO_MORE_ITEMS) => break,
            Err(status) => return Err(failed("RegEnumKeyExW", status)),
        }
    }
    Ok(names)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bits::account::tests::fresh_handle;

    #[test]
    fn reading_the_registry_leaves_no_key_open() {
        let _serial = crate::bits::tests::serial();
        let before = fresh_handle();
        for _ in 0..300 {
            installed_providers().unwrap();
            refresh_download().unwrap();
        }
        // Handles go four by four; other tests hold a few meanwhile, not 300.
        let after = fresh_handle();
        assert!(after < before + 4 * 100, "{before:#x}, then {after:#x}");
    }
}
