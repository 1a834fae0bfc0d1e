//! [`BitsError`]: everything that can go wrong between the crate and BITS.

use core::fmt;

use windows::core::HRESULT;

use super::JobId;
use crate::validate::{Problem, Report};

/// `BG_E_NOT_FOUND`: no job with that id in the caller's queue.
const NOT_FOUND: u32 = 0x8020_0001;
/// `BG_E_INVALID_STATE`: the job is already cancelled or acknowledged.
const INVALID_STATE: u32 = 0x8020_0002;

/// The bit pattern of an `HRESULT`, as Windows documentation writes it (`0x80200021`).
pub(super) const fn bits_of(hr: HRESULT) -> u32 {
    u32::from_ne_bytes(hr.0.to_ne_bytes())
}

/// What went wrong in a [`BitsError`]. Each kind has a stable [`code`](Self::code).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum BitsErrorKind {
    /// The job breaks a rule of the convention ([`Job::check`](crate::Job::check) found an
    /// error), so nothing reached BITS (`job_rejected`).
    Rejected,
    /// A string argument holds a NUL character, which would cut the string that BITS
    /// stores; nothing reached BITS (`nul_character`).
    Nul,
    /// The job is a `WMP_JOB` job, which the Player completes itself (`player_completes`).
    PlayerCompletes,
    /// BITS answered with a value that it does not document, such as a tenth job state
    /// (`undocumented_value`).
    Undocumented,
    /// A call to BITS, or to COM to reach it, failed (`bits_call_failed`).
    Call,
    /// A call to Windows outside BITS (the registry, the account of a job's owner)
    /// failed (`windows_call_failed`).
    System,
}

impl BitsErrorKind {
    /// The stable `snake_case` code.
    ///
    /// ```
    /// use wmp_bits::bits::BitsErrorKind;
    /// assert_eq!(BitsErrorKind::PlayerCompletes.code(), "player_completes");
    /// ```
    #[must_use]
    pub const fn code(self) -> &'static str {
        match self {
            BitsErrorKind::Rejected => "job_rejected",
            BitsErrorKind::Nul => "nul_character",
            BitsErrorKind::PlayerCompletes => "player_completes",
            BitsErrorKind::Undocumented => "undocumented_value",
            BitsErrorKind::Call => "bits_call_failed",
            BitsErrorKind::System => "windows_call_failed",
        }
    }
}

impl fmt::Display for BitsErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// An error from [`Queue`](super::Queue) or from reading what the Player reads.
///
/// Its [`kind`](Self::kind) says what went wrong; for a failed call, [`operation`](Self::operation)
/// names the call as Windows names it and [`hresult`](Self::hresult) gives its result, and
/// the message quotes BITS' (or the system's) own text for it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(transparent)]
pub struct BitsError(Reason);

/// The specific problem, with what its message needs; the kind is derived from it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
enum Reason {
    #[error("the job breaks {}, so nothing reached BITS{}", rules(.0), first(.0))]
    Rejected(Report),
    #[error("the {argument} holds a NUL character, which BITS cannot store")]
    Nul { argument: &'static str },
    #[error(
        "job {id} is a WMP_JOB job, which the Player completes itself: completing it here \
         would move the file without the Player ever adding it to its library; expected \
         Queue::cancel to remove the job, or Queue::force_complete to take the file anyway"
    )]
    PlayerCompletes { id: JobId },
    #[error("bits {operation} returned {value}, which is none of the values BITS documents")]
    Undocumented { operation: &'static str, value: i32 },
    #[error("bits {} failed with {:#010x}: {}", .0.operation, .0.hresult, .0.text)]
    Call(Failed),
    #[error("windows {} failed with {:#010x}: {}", .0.operation, .0.hresult, .0.text)]
    System(Failed),
}

/// A failed call: its name, its `HRESULT` and the text for it.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Failed {
    operation: &'static str,
    hresult: u32,
    text: String,
}

fn rules(report: &Report) -> String {
    match report.errors().count() {
        1 => String::from("a rule of the convention"),
        n => format!("{n} rules of the convention"),
    }
}

fn first(report: &Report) -> String {
    let lead = if report.errors().count() == 1 {
        ": "
    } else {
        "; the first: "
    };
    report
        .errors()
        .next()
        .map_or_else(String::new, |p: &Problem| {
            format!("{lead}{}: {} [{}]", p.subject(), p.message(), p.code())
        })
}

impl BitsError {
    /// What went wrong.
    ///
    /// ```
    /// use wmp_bits::bits::BitsErrorKind;
    /// # fn check(err: &wmp_bits::bits::BitsError) {
    /// if err.kind() == BitsErrorKind::PlayerCompletes {
    ///     // leave the job to the Player
    /// }
    /// # }
    /// ```
    #[must_use]
    pub fn kind(&self) -> BitsErrorKind {
        match &self.0 {
            Reason::Rejected(_) => BitsErrorKind::Rejected,
            Reason::Nul { .. } => BitsErrorKind::Nul,
            Reason::PlayerCompletes { .. } => BitsErrorKind::PlayerCompletes,
            Reason::Undocumented { .. } => BitsErrorKind::Undocumented,
            Reason::Call(_) => BitsErrorKind::Call,
            Reason::System(_) => BitsErrorKind::System,
        }
    }

    /// The stable `snake_case` code of the [`kind`](Self::kind).
    #[must_use]
    pub fn code(&self) -> &'static str {
        self.kind().code()
    }

    /// The `HRESULT` of a failed call, as an unsigned number (0x80200021 for
    /// `BG_E_STRING_TOO_LONG`); `None` for the other kinds.
    #[must_use]
    pub fn hresult(&self) -> Option<u32> {
        self.failed().map(|f| f.hresult)
    }

    /// The call that failed (`"SetDescription"`, `"RegGetValueW"`), or that returned an
    /// undocumented value (`"GetState"`); `None` for the other kinds.
    #[must_use]
    pub fn operation(&self) -> Option<&'static str> {
        match &self.0 {
            Reason::Undocumented { operation, .. } => Some(operation),
            _ => self.failed().map(|f| f.operation),
        }
    }

    /// What the failed call's result means: BITS' own text (`GetErrorDescription`) when BITS
    /// has one, else the system's, else the constant's name for a BITS error, else
    /// `no description available`; `None` for the other kinds.
    #[must_use]
    pub fn text(&self) -> Option<&str> {
        self.failed().map(|f| f.text.as_str())
    }

    /// The report of a [`Rejected`](BitsErrorKind::Rejected) job: every problem, warnings
    /// included.
    #[must_use]
    pub fn report(&self) -> Option<&Report> {
        match &self.0 {
            Reason::Rejected(report) => Some(report),
            _ => None,
        }
    }

    /// The job that [`complete`](super::Queue::complete) refused to complete.
    #[must_use]
    pub fn job_id(&self) -> Option<JobId> {
        match &self.0 {
            Reason::PlayerCompletes { id } => Some(*id),
            _ => None,
        }
    }

    fn failed(&self) -> Option<&Failed> {
        match &self.0 {
            Reason::Call(failed) | Reason::System(failed) => Some(failed),
            _ => None,
        }
    }

    pub(super) fn rejected(report: Report) -> Self {
        Self(Reason::Rejected(report))
    }

    pub(super) fn nul(argument: &'static str) -> Self {
        Self(Reason::Nul { argument })
    }

    pub(super) fn player_completes(id: JobId) -> Self {
        Self(Reason::PlayerCompletes { id })
    }

    pub(super) fn undocumented(operation: &'static str, value: i32) -> Self {
        Self(Reason::Undocumented { operation, value })
    }

    /// A failed call to BITS or COM, described by BITS' own text when there is one.
    pub(super) fn call(operation: &'static str, hr: HRESULT, bits_text: Option<String>) -> Self {
        Self(Reason::Call(Failed {
            operation,
            hresult: bits_of(hr),
            text: describe(hr, bits_text),
        }))
    }

    /// A failed call to Windows outside BITS.
    pub(super) fn system(operation: &'static str, hr: HRESULT) -> Self {
        Self(Reason::System(Failed {
            operation,
            hresult: bits_of(hr),
            text: describe(hr, None),
        }))
    }

    /// The job vanished (cancelled or completed by someone else) while it was being read.
    pub(super) fn job_gone(&self) -> bool {
        self.kind() == BitsErrorKind::Call
            && matches!(self.hresult(), Some(NOT_FOUND | INVALID_STATE))
    }
}

/// What `hr` means: the first of BITS' own text, the system's text and the constant's name
/// that there is, without surrounding white space.
pub(super) fn describe(hr: HRESULT, bits_text: Option<String>) -> String {
    [bits_text, Some(hr.message())]
        .into_iter()
        .flatten()
        .map(|text| text.trim().to_owned())
        .find(|text| !text.is_empty())
        .or_else(|| bits_error_name(bits_of(hr)))
        .unwrap_or_else(|| "no description available".to_owned())
}

/// The constant's name for the BITS errors a caller of this module is likely to
/// meet, for systems that have no text for them.
fn bits_error_name(hresult: u32) -> Option<String> {
    use windows::Win32::Networking::BackgroundIntelligentTransferService as b;
    // Each constant with its own name, written once.
    macro_rules! names {
        ($($name:ident),* $(,)?) => {
            &[$((HRESULT(b::$name), stringify!($name))),*]
        };
    }
    const NAMES: &[(HRESULT, &str)] = names![
        BG_E_NOT_FOUND,
        BG_E_INVALID_STATE,
        BG_E_EMPTY,
        BG_E_FILE_NOT_AVAILABLE,
        BG_E_PROTOCOL_NOT_AVAILABLE,
        BG_E_DESTINATION_LOCKED,
        BG_E_VOLUME_CHANGED,
        BG_E_NETWORK_DISCONNECTED,
        BG_E_MISSING_FILE_SIZE,
        BG_E_INSUFFICIENT_HTTP_SUPPORT,
        BG_E_INSUFFICIENT_RANGE_SUPPORT,
        BG_E_REMOTE_NOT_SUPPORTED,
        BG_E_INVALID_SERVER_RESPONSE,
        BG_E_TOO_MANY_FILES,
        BG_E_LOCAL_FILE_CHANGED,
        BG_E_TOO_LARGE,
        BG_E_STRING_TOO_LONG,
        BG_E_NO_PROGRESS,
        BG_E_FILE_NOT_FOUND,
        BG_E_CONNECT_FAILURE,
        BG_E_CONNECTION_CLOSED,
        BG_E_BLOCKED_BY_POLICY,
        BG_E_TOO_MANY_JOBS_PER_USER,
        BG_E_READ_ONLY_PROPERTY_AFTER_ADDFILE,
        BG_E_READ_ONLY_PROPERTY_AFTER_RESUME,
        BG_E_REMOTE_FILE_CHANGED,
        BG_E_ERROR_INFORMATION_UNAVAILABLE,
    ];
    // BG_E_HTTP_ERROR_nnn: the server answered with HTTP status nnn.
    if hresult & 0xffff_0000 == 0x8019_0000 {
        return Some(format!(
            "the server answered with HTTP status {}",
            hresult & 0xffff
        ));
    }
    NAMES
        .iter()
        .find(|(code, _)| bits_of(*code) == hresult)
        .map(|(_, name)| (*name).to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validate::{ProblemKind, Severity, Subject};

    fn hr(bits: u32) -> HRESULT {
        HRESULT(i32::from_ne_bytes(bits.to_ne_bytes()))
    }

    #[test]
    fn call_errors_read_well() {
        let err = BitsError::call(
            "SetDescription",
            hr(0x8020_0021),
            Some("The string is too long.\r\n".to_owned()),
        );
        assert_eq!(
            err.to_string(),
            "bits SetDescription failed with 0x80200021: The string is too long."
        );
        assert_eq!(err.kind(), BitsErrorKind::Call);
        assert_eq!(err.code(), "bits_call_failed");
        assert_eq!(err.hresult(), Some(0x8020_0021));
        assert_eq!(err.operation(), Some("SetDescription"));
        assert_eq!(err.text(), Some("The string is too long."));
        assert_eq!((err.report(), err.job_id()), (None, None));
    }

    #[test]
    fn without_any_text_the_constant_is_named() {
        // 0x80200021 has no system text anywhere: BITS' own text is its only one.
        let err = BitsError::call("SetDescription", hr(0x8020_0021), None);
        assert_eq!(
            err.to_string(),
            "bits SetDescription failed with 0x80200021: BG_E_STRING_TOO_LONG"
        );
        let err = BitsError::call("GetJob", hr(0x8020_0001), Some("  \r\n".to_owned()));
        assert_eq!(err.text(), Some("BG_E_NOT_FOUND"));
        assert_eq!(
            describe(hr(0x8019_0194), None),
            "the server answered with HTTP status 404"
        );
        assert_eq!(
            describe(hr(0x8019_01F4), None),
            "the server answered with HTTP status 500"
        );
        assert_eq!(
            describe(hr(0x8020_000F), None),
            "BG_E_ERROR_INFORMATION_UNAVAILABLE"
        );
        assert_eq!(describe(hr(0x8020_FFFF), None), "no description available");
        assert_eq!(bits_error_name(0x8018_0194), None);
        assert_eq!(bits_error_name(0x8119_0194), None);
        assert_eq!(bits_error_name(0x0019_0194), None);
    }

    #[test]
    fn system_errors_say_windows() {
        // ERROR_ACCESS_DENIED as an HRESULT, whose text every system has.
        let err = BitsError::system("RegOpenKeyExW", hr(0x8007_0005));
        assert_eq!(err.kind(), BitsErrorKind::System);
        assert_eq!(err.code(), "windows_call_failed");
        assert_eq!(err.hresult(), Some(0x8007_0005));
        assert_eq!(err.operation(), Some("RegOpenKeyExW"));
        let text = err.text().unwrap();
        assert!(!text.is_empty() && text == text.trim(), "{text:?}");
        assert_eq!(
            err.to_string(),
            format!("windows RegOpenKeyExW failed with 0x80070005: {text}")
        );
        assert!(!err.job_gone());
    }

    #[test]
    fn gone_jobs_are_told_apart() {
        assert!(BitsError::call("GetState", hr(0x8020_0001), None).job_gone());
        assert!(BitsError::call("GetState", hr(0x8020_0002), None).job_gone());
        assert!(!BitsError::call("GetState", hr(0x8020_0003), None).job_gone());
        assert!(!BitsError::call("GetState", hr(0x8007_0005), None).job_gone());
        assert!(!BitsError::system("RegGetValueW", hr(0x8020_0001)).job_gone());
        assert!(!BitsError::undocumented("GetState", 9).job_gone());
    }

    #[test]
    fn other_errors_in_full() {
        let err = BitsError::nul("display name");
        assert_eq!(
            err.to_string(),
            "the display name holds a NUL character, which BITS cannot store"
        );
        assert_eq!(
            (err.kind(), err.code()),
            (BitsErrorKind::Nul, "nul_character")
        );
        assert_eq!(
            (err.hresult(), err.operation(), err.text()),
            (None, None, None)
        );

        let err = BitsError::undocumented("GetState", 9);
        assert_eq!(
            err.to_string(),
            "bits GetState returned 9, which is none of the values BITS documents"
        );
        assert_eq!(err.kind(), BitsErrorKind::Undocumented);
        assert_eq!(err.code(), "undocumented_value");
        assert_eq!((err.operation(), err.hresult()), (Some("GetState"), None));

        let id = JobId::from_u128(0x0123_4567_89ab_cdef_0011_2233_4455_6677);
        let err = BitsError::player_completes(id);
        assert_eq!(
            err.to_string(),
            "job {01234567-89AB-CDEF-0011-223344556677} is a WMP_JOB job, which the Player \
             completes itself: completing it here would move the file without the Player ever \
             adding it to its library; expected Queue::cancel to remove the job, or \
             Queue::force_complete to take the file anyway"
        );
        assert_eq!(err.kind(), BitsErrorKind::PlayerCompletes);
        assert_eq!(err.code(), "player_completes");
        assert_eq!(err.job_id(), Some(id));
        assert_eq!((err.report(), err.operation()), (None, None));
    }

    #[test]
    fn a_rejected_job_names_its_first_error() {
        let problem = |code, subject, message| {
            Problem::new(Severity::Error, ProblemKind::Other(code), subject, message)
        };
        let mut report = Report::new();
        report.push(Problem::new(
            Severity::Warning,
            ProblemKind::Other("w"),
            Subject::Description,
            "a warning",
        ));
        report.push(problem("x", Subject::LocalName, "bad name"));
        let err = BitsError::rejected(report.clone());
        assert_eq!(
            err.to_string(),
            "the job breaks a rule of the convention, so nothing reached BITS: local name: \
             bad name [x]"
        );
        assert_eq!(
            (err.kind(), err.code()),
            (BitsErrorKind::Rejected, "job_rejected")
        );
        assert_eq!(err.report(), Some(&report));

        report.push(problem("y", Subject::RemoteName, "bad url"));
        assert_eq!(
            BitsError::rejected(report).to_string(),
            "the job breaks 2 rules of the convention, so nothing reached BITS; the first: \
             local name: bad name [x]"
        );
    }

    #[test]
    fn kinds_have_distinct_snake_case_codes() {
        let kinds = [
            BitsErrorKind::Rejected,
            BitsErrorKind::Nul,
            BitsErrorKind::PlayerCompletes,
            BitsErrorKind::Undocumented,
            BitsErrorKind::Call,
            BitsErrorKind::System,
        ];
        for (i, a) in kinds.iter().enumerate() {
            assert_eq!(a.to_string(), a.code());
            assert!(a
                .code()
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b == b'_'));
            for b in &kinds[i + 1..] {
                assert_ne!(a.code(), b.code());
            }
        }
    }
}
