//! Accounts: the user this process runs as, and the name of the account a SID names, in
//! the `DOMAIN\name` form Windows writes (`PC\Pat`, `NT AUTHORITY\SYSTEM`).

use core::ffi::c_void;

use windows::core::{HSTRING, PCWSTR, PWSTR};
use windows::Win32::Foundation::{CloseHandle, LocalFree, HANDLE, HLOCAL};
use windows::Win32::Security::Authorization::{ConvertSidToStringSidW, ConvertStringSidToSidW};
use windows::Win32::Security::{
    GetTokenInformation, LookupAccountSidW, TokenUser, PSID, SID_NAME_USE, TOKEN_QUERY, TOKEN_USER,
};
use windows::Win32::System::Threading::{GetCurrentProcess, OpenProcessToken};

use super::BitsError;
use crate::text::windows_names_equal;

/// The user this process runs as.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Account {
    /// The SID as text (`S-1-5-21-…-1001`).
    pub(super) sid: String,
    /// The account's name (`PC\Pat`), when Windows knows one.
    pub(super) name: Option<String>,
}

impl Account {
    /// The name, or the SID's text for an account without one.
    pub(super) fn display(&self) -> String {
        self.name.clone().unwrap_or_else(|| self.sid.clone())
    }

    /// The owner of a job, as `GetOwner` gives it (a SID as text), the way the snapshot
    /// writes it: this account's own [`display`](Self::display) when it is this account
    /// (so that the two compare equal), else the account's name, else the SID's text.
    pub(super) fn owner(&self, sid: &str) -> String {
        if windows_names_equal(sid, &self.sid) {
            self.display()
        } else {
            account_name(sid).unwrap_or_else(|| sid.to_owned())
        }
    }
}

/// Closes a handle on drop.
struct Handle(HANDLE);

impl Drop for Handle {
    fn drop(&mut self) {
        // SAFETY: the handle was opened for this guard alone and is closed once.
        let _ = unsafe { CloseHandle(self.0) };
    }
}

/// Frees memory that Windows allocated with `LocalAlloc` and handed over, on drop.
struct Local(*mut c_void);

impl Drop for Local {
    fn drop(&mut self) {
        // SAFETY: the memory was allocated by Windows with `LocalAlloc` for this
        // guard alone, and is freed once; null is allowed.
        unsafe { LocalFree(Some(HLOCAL(self.0))) };
    }
}

/// The user this process runs as: the user of its token.
pub(super) fn current_user() -> Result<Account, BitsError> {
    let mut token = HANDLE::default();
    // SAFETY: the pseudo-handle of the current process needs no closing, and the
    // out-pointer points at a live local.
    unsafe { OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, &raw mut token) }
        .map_err(|err| BitsError::system("OpenProcessToken", err.code()))?;
    let token = Handle(token);

    let mut len = 0_u32;
    // SAFETY: asks for the size only (no buffer); `len` is a live local. The call
    // fails with ERROR_INSUFFICIENT_BUFFER by design, having set `len`.
    let _ = unsafe { GetTokenInformation(token.0, TokenUser, None, 0, &raw mut len) };
    // A buffer of u64s, so that the TOKEN_USER at its start is aligned.
    let mut buffer = vec![0_u64; (len as usize).div_ceil(8).max(1)];
    // SAFETY: the buffer is live, at least `len` bytes long and aligned for a
    // TOKEN_USER; `len` is a live local.
    unsafe {
        GetTokenInformation(
            token.0,
            TokenUser,
            Some(buffer.as_mut_ptr().cast()),
            len,
            &raw mut len,
        )
    }
    .map_err(|err| BitsError::system("GetTokenInformation", err.code()))?;
    // SAFETY: GetTokenInformation succeeded, so the buffer starts with a TOKEN_USER
    // whose SID points into the buffer, which outlives its use here.
    let sid = unsafe { (*buffer.as_ptr().cast::<TOKEN_USER>()).User.Sid };

    let mut text = PWSTR::null();
    // SAFETY: the SID is valid (see above) and the out-pointer points at a live local.
    unsafe { ConvertSidToStringSidW(sid, &raw mut text) }
        .map_err(|err| BitsError::system("ConvertSidToStringSidW", err.code()))?;
    let text = Local(text.0.cast());
    // SAFETY: ConvertSidToStringSidW succeeded: a NUL-terminated UTF-16 string that
    // stays allocated until its guard is dropped.
    let sid_text = unsafe { PCWSTR(text.0.cast()).to_string() }.unwrap_or_default();
    Ok(Account {
        sid: sid_text,
        name: lookup(sid),
    })
}

/// The name of the account that `sid` (a SID as text, `S-1-5-18`) names, in the form
/// `DOMAIN\name`, or the name alone for an account without a domain; `None` when the text
/// is not a SID or the SID names no account that Windows knows.
pub(super) fn account_name(sid: &str) -> Option<String> {
    let text = HSTRING::from(sid);
    let mut psid = PSID::default();
    // SAFETY: the text is a NUL-terminated UTF-16 string that outlives the call, and
    // the out-pointer points at a live local.
    unsafe { ConvertStringSidToSidW(&text, &raw mut psid) }.ok()?;
    let _guard = Local(psid.0);
    lookup(psid)
}

/// `DOMAIN\name` (or `name`) for a valid SID.
fn lookup(sid: PSID) -> Option<String> {
    let (mut name_len, mut domain_len) = (0_u32, 0_u32);
    let mut kind = SID_NAME_USE::default();
    // SAFETY: asks for the sizes only (no buffers); every out-pointer points at a
    // live local. The call fails with ERROR_INSUFFICIENT_BUFFER by design.
    let _ = unsafe {
        LookupAccountSidW(
            PCWSTR::null(),
            sid,
            None,
            &raw mut name_len,
            None,
            &raw mut domain_len,
            &raw mut kind,
        )
    };
    let mut name = vec![0_u16; name_len.max(1) as usize];
    let mut domain = vec![0_u16; domain_len.max(1) as usize];
    let (mut name_len, mut domain_len) = (
        u32::try_from(name.len()).ok()?,
        u32::try_from(domain.len()).ok()?,
    );
    // SAFETY: both buffers are live and as long as the lengths given, which point at
    // live locals, as does `kind`.
    unsafe {
        LookupAccountSidW(
            PCWSTR::null(),
            sid,
            Some(PWSTR(name.as_mut_ptr())),
            &raw mut name_len,
            Some(PWSTR(domain.as_mut_ptr())),
            &raw mut domain_len,
            &raw mut kind,
        )
    }
    .ok()?;
    let name = String::from_utf16_lossy(&name[..name_len as usize]);
    let domain = String::from_utf16_lossy(&domain[..domain_len as usize]);
    Some(if domain.is_empty() {
        name
    } else {
        format!("{domain}\\{name}")
    })
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    #[test]
    fn the_current_user_has_a_sid_and_a_name() {
        let user = current_user().unwrap();
        assert!(user.sid.starts_with("S-1-"), "{user:?}");
        let name = user.name.clone().expect("the user has a name");
        assert!(name.contains('\\'), "{name}");
        assert_eq!(account_name(&user.sid).as_deref(), Some(name.as_str()));
        assert_eq!(user.display(), name);
        // Its own SID, in any case, is the user by the very same name.
        assert_eq!(user.owner(&user.sid), name);
        assert_eq!(user.owner(&user.sid.to_ascii_lowercase()), name);
    }

    /// The value of a handle opened now: the lowest free slot of the process's handle
    /// table, which a handle left open keeps taken. (Counting the handles would say more,
    /// but Wine's `GetProcessHandleCount` always answers 0.)
    pub(in crate::bits) fn fresh_handle() -> usize {
        let mut token = HANDLE::default();
        // SAFETY: the pseudo-handle of the current process, and a live out-pointer.
        unsafe { OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, &raw mut token) }.unwrap();
        let value = token.0 as usize;
        drop(Handle(token));
        value
    }

    #[test]
    fn reading_the_user_leaves_no_handle_open() {
        let before = fresh_handle();
        for _ in 0..300 {
            current_user().unwrap();
        }
        // Handles go four by four; other tests hold a few meanwhile, not 300.
        let after = fresh_handle();
        assert!(after < before + 4 * 100, "{before:#x}, then {after:#x}");
    }

    #[test]
    fn well_known_accounts_have_their_names() {
        assert_eq!(
            account_name("S-1-5-18").as_deref(),
            Some(r"NT AUTHORITY\SYSTEM")
        );
        let user = current_user().unwrap();
        assert_eq!(user.owner("S-1-5-18"), r"NT AUTHORITY\SYSTEM");
    }

    #[test]
    fn what_is_not_a_known_sid_stays_as_it_is() {
        assert_eq!(account_name("not a sid"), None);
        let unknown = "S-1-5-21-1-2-3-4242";
        assert_eq!(account_name(unknown), None);
        let user = current_user().unwrap();
        assert_eq!(user.owner(unknown), unknown);
        assert_eq!(user.owner("not a sid"), "not a sid");

        let nameless = Account {
            sid: "S-1-5-21-1-2-3-4243".into(),
            name: None,
        };
        assert_eq!(nameless.display(), "S-1-5-21-1-2-3-4243");
        assert_eq!(nameless.owner("S-1-5-21-1-2-3-4243"), "S-1-5-21-1-2-3-4243");
    }
}
