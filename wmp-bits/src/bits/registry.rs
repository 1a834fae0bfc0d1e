//! Reading the two registry places the Player reads: the `RefreshDownload` switch and the
//! installed stores' keys (their names are in [`crate::registry`]).

use core::ffi::c_void;

use windows::core::{HRESULT, HSTRING, PWSTR};
use windows::Win32::Foundation::{
    ERROR_FILE_NOT_FOUND, ERROR_NO_MORE_ITEMS, ERROR_SUCCESS, ERROR_UNSUPPORTED_TYPE, WIN32_ERROR,
};
use windows::Win32::System::Registry::{
    RegCloseKey, RegEnumKeyExW, RegGetValueW, RegOpenKeyExW, HKEY, HKEY_CURRENT_USER,
    HKEY_LOCAL_MACHINE, KEY_READ, RRF_RT_REG_DWORD,
};

use super::BitsError;
use crate::registry::{REFRESH_DOWNLOAD, SERVICES_PATH, SUBSCRIPTIONS_PATH};

/// The registry's limit on a key name, in UTF-16 code units, and its NUL.
const MAX_KEY_NAME: u32 = 255 + 1;

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
    let (path, name) = (
        HSTRING::from(SERVICES_PATH),
        HSTRING::from(REFRESH_DOWNLOAD),
    );
    let mut value = 0_u32;
    let mut size = 4_u32;
    // SAFETY: both names are NUL-terminated UTF-16 strings that outlive the call;
    // the data pointer points at a live u32 whose size `size` gives.
    let status = unsafe {
        RegGetValueW(
            HKEY_CURRENT_USER,
            &path,
            &name,
            RRF_RT_REG_DWORD,
            None,
            Some((&raw mut value).cast::<c_void>()),
            Some(&raw mut size),
        )
    };
    match status {
        ERROR_SUCCESS => Ok(Some(value)),
        ERROR_FILE_NOT_FOUND | ERROR_UNSUPPORTED_TYPE => Ok(None),
        status => Err(failed("RegGetValueW", status)),
    }
}

/// Closes a registry key on drop.
struct Key(HKEY);

impl Drop for Key {
    fn drop(&mut self) {
        // SAFETY: the key was opened for this guard alone and is closed once.
        let _ = unsafe { RegCloseKey(self.0) };
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
    let path = HSTRING::from(SUBSCRIPTIONS_PATH);
    let mut key = HKEY::default();
    // SAFETY: the path is a NUL-terminated UTF-16 string that outlives the call, and
    // the out-pointer points at a live local.
    let status = unsafe { RegOpenKeyExW(HKEY_LOCAL_MACHINE, &path, None, KEY_READ, &raw mut key) };
    match status {
        ERROR_SUCCESS => {}
        ERROR_FILE_NOT_FOUND => return Ok(Vec::new()),
        status => return Err(failed("RegOpenKeyExW", status)),
    }
    let key = Key(key);
    let mut names = Vec::new();
    for index in 0.. {
        let mut name = [0_u16; MAX_KEY_NAME as usize];
        let mut len = MAX_KEY_NAME;
        // SAFETY: the buffer is live and `len` units long; `len` points at a live
        // local; nothing else is asked for.
        let status = unsafe {
            RegEnumKeyExW(
                key.0,
                index,
                Some(PWSTR(name.as_mut_ptr())),
                &raw mut len,
                None,
                None,
                None,
                None,
            )
        };
        match status {
            ERROR_SUCCESS => names.push(String::from_utf16_lossy(&name[..len as usize])),
            ERROR_NO_MORE_ITEMS => break,
            status => return Err(failed("RegEnumKeyExW", status)),
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
