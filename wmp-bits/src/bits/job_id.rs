//! [`JobId`]: the GUID that BITS gives a job, as text.

use core::fmt;
use core::str::FromStr;

use windows::core::GUID;

/// The id BITS gives a job: a GUID.
///
/// Displayed, and parsed, in the registry form `{XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX}`
/// (upper-case on output; either case, braces optional, on input).
///
/// ```
/// use wmp_bits::bits::JobId;
///
/// let id: JobId = "{4991d34b-80a1-4291-83b6-3328366b9097}".parse()?;
/// assert_eq!(id.to_string(), "{4991D34B-80A1-4291-83B6-3328366B9097}");
/// assert_eq!(id.to_u128(), 0x4991d34b_80a1_4291_83b6_3328366b9097);
/// # Ok::<(), wmp_bits::bits::ParseJobIdError>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct JobId(u128);

impl JobId {
    /// The id whose textual form is the 32 hex digits of `value`, in order.
    #[must_use]
    pub const fn from_u128(value: u128) -> Self {
        Self(value)
    }

    /// The 32 hex digits of the textual form, as a number.
    #[must_use]
    pub const fn to_u128(self) -> u128 {
        self.0
    }

    pub(super) fn from_guid(guid: GUID) -> Self {
        Self(guid.to_u128())
    }

    pub(super) fn to_guid(self) -> GUID {
        GUID::from_u128(self.0)
    }
}

impl fmt::Display for JobId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let v = self.0;
        write!(
            f,
            "{{{:08X}-{:04X}-{:04X}-{:04X}-{:012X}}}",
            v >> 96,
            (v >> 80) & 0xffff,
            (v >> 64) & 0xffff,
            (v >> 48) & 0xffff,
            v & 0xffff_ffff_ffff
        )
    }
}

impl fmt::Debug for JobId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "JobId({self})")
    }
}

impl FromStr for JobId {
    type Err = ParseJobIdError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let inner = match s.strip_prefix('{') {
            Some(rest) => rest.strip_suffix('}').ok_or(ParseJobIdError(()))?,
            None => s,
        };
        let bytes = inner.as_bytes();
        if bytes.len() != 36 {
            return Err(ParseJobIdError(()));
        }
        let mut value = 0_u128;
        for (i, &b) in bytes.iter().enumerate() {
            if matches!(i, 8 | 13 | 18 | 23) {
                if b != b'-' {
                    return Err(ParseJobIdError(()));
                }
                continue;
            }
            let digit = char::from(b).to_digit(16).ok_or(ParseJobIdError(()))?;
            value = value << 4 | u128::from(digit);
        }
        Ok(Self(value))
    }
}

/// The error from parsing a [`JobId`]: the text is not a GUID in the form
/// `{XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX}` (braces optional).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid BITS job id: expected {{XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX}}")]
pub struct ParseJobIdError(());

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn job_id_round_trips_through_text() {
        let id = JobId::from_u128(0x0123_4567_89ab_cdef_0011_2233_4455_6677);
        assert_eq!(id.to_u128(), 0x0123_4567_89ab_cdef_0011_2233_4455_6677);
        let text = id.to_string();
        assert_eq!(text, "{01234567-89AB-CDEF-0011-223344556677}");
        assert_eq!(text.parse::<JobId>(), Ok(id));
        assert_eq!(text[1..37].to_ascii_lowercase().parse::<JobId>(), Ok(id));
        assert_eq!(
            format!("{id:?}"),
            "JobId({01234567-89AB-CDEF-0011-223344556677})"
        );
        assert_eq!(JobId::from_guid(id.to_guid()), id);
    }

    #[test]
    fn job_id_refuses_other_text() {
        for bad in [
            "",
            "{}",
            "{01234567-89AB-CDEF-0011-223344556677",
            "01234567-89AB-CDEF-0011-223344556677}",
            "0123456789ABCDEF0011223344556677",
            "{01234567-89AB-CDEF-0011-22334455667G}",
            "{01234567-89AB-CDEF-0011+223344556677}",
            "{+1234567-89AB-CDEF-0011-223344556677}",
        ] {
            assert!(bad.parse::<JobId>().is_err(), "{bad:?}");
        }
    }
}
