//! Accounts: the user this process runs as, and the name of the account a SID names, in
//! the `DOMAIN\name` form Windows writes (`PC\Pat`, `NT AUTHORITY\SYSTEM`).

use super::win32::{LocalSid, Sid, Token};
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

/// The user this process runs as: the user of its token.
pub(super) fn current_user() -> Result<Account, BitsError> {
    let token = Token::of_this_process()
        .map_err(|err| BitsError::system("OpenProcessToken", err.code()))?;
    let user = token
        .user(token.user_size())
        .map_err(|err| BitsError::system("GetTokenInformation", err.code()))?;
    let sid = user
        .sid()
        .to_text()
        .map_err(|err| BitsError::system("ConvertSidToStringSidW", err.code()))?;
    Ok(Account {
        sid,
        name: lookup(user.sid()),
    })
}

/// The name of the account that `sid` (a SID as text, `S-1-5-18`) names, in the form
/// `DOMAIN\name`, or the name alone for an account without a domain; `None` when the text
/// is not a SID or the SID names no account that Windows knows.
pub(super) fn account_name(sid: &str) -> Option<String> {
    let sid = LocalSid::from_text(sid).ok()?;
    lookup(sid.sid())
}

/// `DOMAIN\name` (or `name`) for a SID.
fn lookup(sid: Sid<'_>) -> Option<String> {
    // Asked for the sizes only, the call fails (ERROR_INSUFFICIENT_BUFFER) by design.
    let (_, name_len, domain_len) = sid.lookup_account(&mut [], &mut []);
    let mut name = vec![0_u16; name_len.max(1) as usize];
    let mut domain = vec![0_u16; domain_len.max(1) as usize];
    let (found, name_len, domain_len) = sid.lookup_account(&mut name, &mut domain);
    found.ok()?;
    let name = String::from_utf16_lossy(name.get(..name_len as usize)?);
    let domain = String::from_utf16_lossy(domain.get(..domain_len as usize)?);
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
        let _serial = crate::bits::tests::serial();
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
        Token::of_this_process().unwrap().value()
    }

    #[test]
    fn reading_the_user_leaves_no_handle_open() {
        let _serial = crate::bits::tests::serial();
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
        let _serial = crate::bits::tests::serial();
        assert_eq!(
            account_name("S-1-5-18").as_deref(),
            Some(r"NT AUTHORITY\SYSTEM")
        );
        let user = current_user().unwrap();
        assert_eq!(user.owner("S-1-5-18"), r"NT AUTHORITY\SYSTEM");
    }

    #[test]
    fn what_is_not_a_known_sid_stays_as_it_is() {
        let _serial = crate::bits::tests::serial();
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
