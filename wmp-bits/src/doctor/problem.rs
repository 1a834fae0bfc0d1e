//! The doctor's own kinds of problem, beside those of a job's parts.

use core::fmt;

use crate::validate::{self, ProblemCode, Severity, Subject};

/// A problem of a diagnosis: a [`validate::Problem`] whose kind is the doctor's
/// [`ProblemKind`].
pub type Problem = validate::Problem<ProblemKind>;

/// What a problem of a diagnosis is, with its stable `snake_case` [`code`](Self::code):
/// a problem of the job's parts, found by [`validate::job`](crate::validate::job), or one
/// that only the queue and the machine show.
///
/// ```
/// use wmp_bits::doctor::ProblemKind;
/// use wmp_bits::validate;
///
/// assert_eq!(ProblemKind::JobSuspended.code(), "job_suspended");
/// let part = ProblemKind::Part(validate::ProblemKind::ProviderNotInstalled);
/// assert_eq!(part.code(), "provider_not_installed");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ProblemKind {
    /// A problem of the description, the local or remote name or the display name.
    Part(validate::ProblemKind),
    /// `refresh_download_missing` (a warning): the `RefreshDownload` value does not
    /// exist, so nothing ensures that the Player looks at the BITS queue.
    RefreshDownloadMissing,
    /// `refresh_download_off`: `RefreshDownload` is 0, so the Player does not look at the
    /// BITS queue.
    RefreshDownloadOff,
    /// `job_file_count`: the job does not hold exactly one file.
    JobFileCount,
    /// `job_not_download`: an upload or upload-reply job.
    JobNotDownload,
    /// `job_in_error`: the job is in BITS' error state, where it stays until its owner acts.
    JobInError,
    /// `job_transient_error` (a warning): the job hit an error that BITS retries on its own.
    JobTransientError,
    /// `job_suspended` (a warning): the job transfers nothing until it is resumed.
    JobSuspended,
    /// `job_cancelled`: the job was cancelled, and BITS will never transfer it.
    JobCancelled,
    /// `job_owner_other_user`: the job belongs to another user than the one whose Player
    /// looks at the queue.
    JobOwnerOtherUser,
    /// `status_job_awaiting_complete` (a warning): a `WMP_STATUS` job is transferred and
    /// waits for the store to complete it.
    StatusJobAwaitingComplete,
}

impl ProblemKind {
    /// The stable `snake_case` code.
    ///
    /// ```
    /// use wmp_bits::doctor::ProblemKind;
    /// assert_eq!(ProblemKind::RefreshDownloadOff.code(), "refresh_download_off");
    /// ```
    #[must_use]
    pub const fn code(self) -> &'static str {
        match self {
            ProblemKind::Part(kind) => kind.code(),
            ProblemKind::RefreshDownloadMissing => "refresh_download_missing",
            ProblemKind::RefreshDownloadOff => "refresh_download_off",
            ProblemKind::JobFileCount => "job_file_count",
            ProblemKind::JobNotDownload => "job_not_download",
            ProblemKind::JobInError => "job_in_error",
            ProblemKind::JobTransientError => "job_transient_error",
            ProblemKind::JobSuspended => "job_suspended",
            ProblemKind::JobCancelled => "job_cancelled",
            ProblemKind::JobOwnerOtherUser => "job_owner_other_user",
            ProblemKind::StatusJobAwaitingComplete => "status_job_awaiting_complete",
        }
    }

    /// How serious a problem of this kind is, and what it concerns.
    pub(super) const fn defaults(self) -> (Severity, Subject) {
        use Severity::{Error, Warning};
        match self {
            ProblemKind::Part(kind) => kind.defaults(),
            ProblemKind::RefreshDownloadMissing => (Warning, Subject::Machine),
            ProblemKind::RefreshDownloadOff => (Error, Subject::Machine),
            ProblemKind::JobFileCount
            | ProblemKind::JobNotDownload
            | ProblemKind::JobInError
            | ProblemKind::JobCancelled
            | ProblemKind::JobOwnerOtherUser => (Error, Subject::Job),
            ProblemKind::JobTransientError
            | ProblemKind::JobSuspended
            | ProblemKind::StatusJobAwaitingComplete => (Warning, Subject::Job),
        }
    }

    /// A problem of this kind, with its severity and subject.
    pub(super) fn problem(self, message: impl Into<alloc::string::String>) -> Problem {
        let (severity, subject) = self.defaults();
        Problem::new(severity, self, subject, message)
    }
}

impl ProblemCode for ProblemKind {
    fn code(&self) -> &'static str {
        ProblemKind::code(*self)
    }
}

impl fmt::Display for ProblemKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}
