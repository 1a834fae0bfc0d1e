//! The Windows calls outside COM that `bits` makes, wrapped: the process's token and the SID
//! of its user, SIDs and their text (memory that `LocalFree` frees), the names of accounts,
//! and the registry.
//!
//! Each function or method makes one call to Windows, in an `unsafe` block of its own that
//! says why the call is sound; what it returns is safe to use. The rest of `bits` builds on
//! these wrappers (and on `com`'s) and holds no `unsafe` of its own.
#![allow(unsafe_code)]
#![deny(clippy::multiple_unsafe_ops_per_block)]

use core::ffi::c_void;
use core::marker::PhantomData;

use windows::core::{Error as WinError, HSTRING, PCWSTR, PWSTR};
use windows::Win32::Foundation::{
    CloseHandle, LocalFree, ERROR_SUCCESS, HANDLE, HLOCAL, WIN32_ERROR,
};
use windows::Win32::Security::Authorization::{ConvertSidToStringSidW, ConvertStringSidToSidW};
use windows::Win32::Security::{
    GetTokenInformation, LookupAccountSidW, TokenUser, PSID, SID_NAME_USE, TOKEN_QUERY, TOKEN_USER,
};
use windows::Win32::System::Registry::{
    RegCloseKey, RegEnumKeyExW, RegGetValueW, RegOpenKeyExW, HKEY, HKEY_CURRENT_USER,
    HKEY_LOCAL_MACHINE, KEY_READ, RRF_RT_REG_DWORD,
};
use windows::Win32::System::Threading::{GetCurrentProcess, OpenProcessToken};

/// An access token, closed on drop.
pub(super) struct Token(HANDLE);

impl Token {
    /// The token of this process, opened to be queried (`OpenProcessToken`).
    pub(super) fn of_this_process() -> Result<Self, WinError> {
        // SAFETY: a plain call; its pseudo-handle needs no closing.
        let process = unsafe { GetCurrentProcess() };
        let mut token = HANDLE::default();
        // SAFETY: the pseudo-handle of this process, and an out-pointer at a live local.
        unsafe { OpenProcessToken(process, TOKEN_QUERY, &raw mut token) }?;
        Ok(Self(token))
    }

    /// The size in bytes that [`user`](Self::user) needs (`GetTokenInformation` without a
    /// buffer); 0 when the token cannot say.
    pub(super) fn user_size(&self) -> u32 {
        let mut size = 0_u32;
        // SAFETY: the token is open; no buffer is given, and `size` is a live local. The call
        // fails with ERROR_INSUFFICIENT_BUFFER by design, having set `size`.
        let _ = unsafe { GetTokenInformation(self.0, TokenUser, None, 0, &raw mut size) };
        size
    }

    /// The token's user (`GetTokenInformation`), read into a buffer of `size` bytes.
    pub(super) fn user(&self, size: u32) -> Result<TokenUserInfo, WinError> {
        // A buffer of u64s, so that the TOKEN_USER at its start is aligned; never empty.
        let mut buffer = vec![0_u64; (size as usize).div_ceil(8).max(1)];
        let len = u32::try_from(buffer.len() * 8).unwrap_or(u32::MAX);
        let mut written = 0_u32;
        // SAFETY: the token is open; the buffer is live, `len` bytes long and aligned for a
        // TOKEN_USER; `written` is a live local.
        unsafe {
            GetTokenInformation(
                self.0,
                TokenUser,
                Some(buffer.as_mut_ptr().cast()),
                len,
                &raw mut written,
            )
        }?;
        Ok(TokenUserInfo(buffer))
    }

    /// The handle's value, as the process's handle table gave it.
    #[cfg(test)]
    pub(super) fn value(&self) -> usize {
        self.0 .0 as usize
    }
}

impl Drop for Token {
    fn drop(&mut self) {
        // SAFETY: the handle was opened for this guard alone and is closed once.
        let _ = unsafe { CloseHandle(self.0) };
    }
}

/// What `GetTokenInformation` wrote for `TokenUser`: a `TOKEN_USER`, and the SID it points
/// at, in one buffer.
pub(super) struct TokenUserInfo(Vec<u64>);

impl TokenUserInfo {
    /// The user's SID, which lives in the buffer.
    pub(super) fn sid(&self) -> Sid<'_> {
        // SAFETY: only `Token::user` makes this value, once GetTokenInformation succeeded:
        // the buffer starts with an aligned TOKEN_USER, whose SID points into the buffer.
        let sid = unsafe { (*self.0.as_ptr().cast::<TOKEN_USER>()).User.Sid };
        Sid {
            psid: sid,
            _owner: PhantomData,
        }
    }
}

/// A valid SID, borrowed from where Windows wrote it.
#[derive(Clone, Copy)]
pub(super) struct Sid<'a> {
    psid: PSID,
    _owner: PhantomData<&'a ()>,
}

impl Sid<'_> {
    /// The SID as text, `S-1-5-21-…` (`ConvertSidToStringSidW`).
    pub(super) fn to_text(self) -> Result<String, WinError> {
        let mut text = PWSTR::null();
        // SAFETY: the SID is valid while `self` lives, and the out-pointer points at a live
        // local.
        unsafe { ConvertSidToStringSidW(self.psid, &raw mut text) }?;
        // SAFETY: ConvertSidToStringSidW allocated the text with LocalAlloc for its caller.
        let text = unsafe { LocalString::from_raw(text) };
        Ok(text.to_string_lossy())
    }

    /// `LookupAccountSidW` on this machine: the account's name and its domain, written into
    /// `name` and `domain` (none asked for when a buffer is empty). Gives the call's result
    /// and the two lengths as Windows left them, in UTF-16 code units: on success the
    /// lengths written (no NUL); when a buffer is too short, the lengths needed (NUL
    /// included).
    pub(super) fn lookup_account(
        self,
        name: &mut [u16],
        domain: &mut [u16],
    ) -> (Result<(), WinError>, u32, u32) {
        let buffer = |units: &mut [u16]| (!units.is_empty()).then_some(PWSTR(units.as_mut_ptr()));
        let mut name_len = u32::try_from(name.len()).unwrap_or(u32::MAX);
        let mut domain_len = u32::try_from(domain.len()).unwrap_or(u32::MAX);
        let mut kind = SID_NAME_USE::default();
        // SAFETY: the SID is valid while `self` lives; each buffer is live and as long as
        // the length given with it (or absent, with length 0); every out-pointer points at
        // a live local.
        let result = unsafe {
            LookupAccountSidW(
                PCWSTR::null(),
                self.psid,
                buffer(name),
                &raw mut name_len,
                buffer(domain),
                &raw mut domain_len,
                &raw mut kind,
            )
        };
        (result, name_len, domain_len)
    }
}

/// Memory that Windows allocated with `LocalAlloc` and handed over: freed, once, on drop.
struct Local(*mut c_void);

impl Local {
    /// Takes charge of `memory`.
    ///
    /// # Safety
    ///
    /// `memory` is null, or was allocated with `LocalAlloc` for the caller, who hands it
    /// over: nothing else frees it or uses it afterwards.
    unsafe fn from_raw(memory: *mut c_void) -> Self {
        Self(memory)
    }
}

impl Drop for Local {
    fn drop(&mut self) {
        // SAFETY: the memory was allocated with LocalAlloc for this guard alone (see
        // `from_raw`), and is freed once; null is allowed.
        unsafe { LocalFree(Some(HLOCAL(self.0))) };
    }
}

/// A string that Windows allocated with `LocalAlloc` and handed over, freed on drop.
struct LocalString(Local);

impl LocalString {
    /// Takes charge of `text`.
    ///
    /// # Safety
    ///
    /// `text` is null, or a NUL-terminated UTF-16 string allocated with `LocalAlloc` for
    /// the caller, who hands it over: nothing else frees it or uses it afterwards.
    unsafe fn from_raw(text: PWSTR) -> Self {
        // SAFETY: as the caller promises.
        Self(unsafe { Local::from_raw(text.0.cast()) })
    }

    /// The text, with any unpaired surrogate replaced by U+FFFD; empty for null.
    fn to_string_lossy(&self) -> String {
        if self.0 .0.is_null() {
            return String::new();
        }
        let text = PCWSTR(self.0 .0.cast());
        // SAFETY: a NUL-terminated UTF-16 string (see `from_raw`), which stays allocated
        // until this guard is dropped.
        let units = unsafe { text.as_wide() };
        String::from_utf16_lossy(units)
    }
}

/// A SID that `ConvertStringSidToSidW` made, freed on drop.
pub(super) struct LocalSid(Local);

impl LocalSid {
    /// The SID that `text` (`S-1-5-18`) spells (`ConvertStringSidToSidW`).
    pub(super) fn from_text(text: &str) -> Result<Self, WinError> {
        let text = HSTRING::from(text);
        let mut sid = PSID::default();
        // SAFETY: the text is NUL-terminated UTF-16 that outlives the call, and the
        // out-pointer points at a live local.
        unsafe { ConvertStringSidToSidW(&text, &raw mut sid) }?;
        // SAFETY: ConvertStringSidToSidW allocated the SID with LocalAlloc for its caller.
        Ok(Self(unsafe { Local::from_raw(sid.0) }))
    }

    /// The SID, valid while `self` lives.
    pub(super) fn sid(&self) -> Sid<'_> {
        Sid {
            psid: PSID(self.0 .0),
            _owner: PhantomData,
        }
    }
}

/// A root key of the registry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Hive {
    /// `HKEY_CURRENT_USER`.
    CurrentUser,
    /// `HKEY_LOCAL_MACHINE`.
    LocalMachine,
}

impl Hive {
    fn key(self) -> HKEY {
        match self {
            Hive::CurrentUser => HKEY_CURRENT_USER,
            Hive::LocalMachine => HKEY_LOCAL_MACHINE,
        }
    }
}

/// The `REG_DWORD` value `name` of the key `path` under `hive` (`RegGetValueW`), or the
/// registry's status: `ERROR_FILE_NOT_FOUND` when the key or the value does not exist,
/// `ERROR_UNSUPPORTED_TYPE` when the value is not a `REG_DWORD`.
pub(super) fn dword_value(hive: Hive, path: &str, name: &str) -> Result<u32, WIN32_ERROR> {
    let (path, name) = (HSTRING::from(path), HSTRING::from(name));
    let mut value = 0_u32;
    let mut size = 4_u32;
    // SAFETY: both names are NUL-terminated UTF-16 that outlives the call; the data pointer
    // points at a live u32, whose size `size` gives.
    let status = unsafe {
        RegGetValueW(
            hive.key(),
            &path,
            &name,
            RRF_RT_REG_DWORD,
            None,
            Some((&raw mut value).cast::<c_void>()),
            Some(&raw mut size),
        )
    };
    if status == ERROR_SUCCESS {
        Ok(value)
    } else {
        Err(status)
    }
}

/// An open registry key, closed on drop.
pub(super) struct RegistryKey(HKEY);

impl RegistryKey {
    /// Opens the key `path` under `hive` to be read (`RegOpenKeyExW`), in the process's own
    /// view of the registry; else the registry's status (`ERROR_FILE_NOT_FOUND` when there
    /// is no such key).
    pub(super) fn open(hive: Hive, path: &str) -> Result<Self, WIN32_ERROR> {
        let path = HSTRING::from(path);
        let mut key = HKEY::default();
        // SAFETY: the path is NUL-terminated UTF-16 that outlives the call, and the
        // out-pointer points at a live local.
        let status = unsafe { RegOpenKeyExW(hive.key(), &path, None, KEY_READ, &raw mut key) };
        if status == ERROR_SUCCESS {
            Ok(Self(key))
        } else {
            Err(status)
        }
    }

    /// The name of the subkey at `index` (`RegEnumKeyExW`), written into `name`: its length
    /// in UTF-16 code units (no NUL); else the registry's status (`ERROR_NO_MORE_ITEMS` past
    /// the last subkey, `ERROR_MORE_DATA` when `name` is too short).
    pub(super) fn subkey_name(&self, index: u32, name: &mut [u16]) -> Result<usize, WIN32_ERROR> {
        let mut len = u32::try_from(name.len()).unwrap_or(u32::MAX);
        // SAFETY: the key is open; the buffer is live and `len` units long; `len` is a live
        // local; nothing else is asked for.
        let status = unsafe {
            RegEnumKeyExW(
                self.0,
                index,
                Some(PWSTR(name.as_mut_ptr())),
                &raw mut len,
                None,
                None,
                None,
                None,
            )
        };
        if status == ERROR_SUCCESS {
            Ok((len as usize).min(name.len()))
        } else {
            Err(status)
        }
    }
}

impl Drop for RegistryKey {
    fn drop(&mut self) {
        // SAFETY: the key was opened for this guard alone and is closed once.
        let _ = unsafe { RegCloseKey(self.0) };
    }
}
