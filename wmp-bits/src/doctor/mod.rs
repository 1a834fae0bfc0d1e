//! The Player doctor: why Windows Media Player would ignore a download, from a snapshot of
//! the BITS queue.
//!
//! A job can sit in the queue and never be picked up, with no error anywhere: the
//! description may be off by one character, the Player may not be looking at the queue at
//! all, the job may hold two files, be an upload, be stuck in BITS' error state, or belong to
//! another user than the one whose Player looks. [`diagnose`] puts every one of those
//! reasons together. It is pure: a [`Snapshot`] in (plain data, which `bits::Queue::snapshot`
//! takes from the live queue on Windows, and which travels as JSON with the `serde`
//! feature), a [`Diagnosis`] out, on any platform.
//!
//! Each job whose description mentions `wmp_job` or `wmp_status` (in any case) gets a
//! [`Verdict`] and its problems; the other jobs are not the Player's, and are only counted.
//! Every problem has a severity, a stable code and a message that says what to do. The
//! description, local name, remote name, display name and provider are checked by
//! [`validate::job`](crate::validate::job), with the same codes; the doctor adds these:
//!
//! | code | severity | subject | when |
//! |---|---|---|---|
//! | `refresh_download_missing` | error | machine | `RefreshDownload` does not exist: the Player never looks at the queue |
//! | `refresh_download_off` | error | machine | `RefreshDownload` is 0: the Player never looks at the queue |
//! | `provider_not_installed` | error | description | no key under `HKLM\SOFTWARE\Microsoft\MediaPlayer\Subscriptions` matches the provider |
//! | `job_file_count` | error | job | the job does not hold exactly one file |
//! | `job_not_download` | error | job | an upload or upload-reply job |
//! | `job_in_error` | error | job | the job is in BITS' error state (the message quotes BITS) |
//! | `job_cancelled` | error | job | the job was cancelled (only an exported snapshot can hold one: BITS drops it from the queue) |
//! | `job_owner_other_user` | error | job | the job belongs to another user than the Player's |
//! | `status_job_awaiting_complete` | warning | job | a `WMP_STATUS` job is transferred, and waits for the store to complete it |
//!
//! A description that the strict parser refuses but that reads as a descriptor once
//! normalised (`::wmp_job:…`, a trailing line ending, a space before the `::`: see
//! [`lenient`](crate::lenient)) is a near miss: its problem keeps the strict code, and its
//! message names the exact text the Player needs.
//!
//! ```
//! use wmp_bits::doctor::{self, Snapshot, SnapshotFile, SnapshotJob, Verdict};
//!
//! let mut job = SnapshotJob::new("{6B2F…}", "::wmp_job:1:42:Proseware::::Intro::");
//! job.files = Some(vec![SnapshotFile::new("https://example.com/1.mp3", r"C:\Music\1.mp3")]);
//! let mut snapshot = Snapshot::default();
//! snapshot.refresh_download = Some(1);
//! snapshot.jobs.push(job);
//! snapshot.jobs.push(SnapshotJob::new("{0C1D…}", "nightly backup"));
//!
//! let diagnosis = doctor::diagnose(&snapshot);
//! assert_eq!(diagnosis.other_jobs(), 1);
//! let job = &diagnosis.jobs()[0];
//! assert_eq!(job.verdict(), Verdict::Ignored);
//! assert_eq!(job.problems()[0].code(), "unknown_kind");
//! assert!(job.problems()[0]
//!     .message()
//!     .ends_with("the Player needs exactly this description: ::WMP_JOB:1:42:Proseware::::Intro::"));
//! assert!(!diagnosis.is_ok());
//! ```

mod diagnose;
mod snapshot;

pub use diagnose::{diagnose, Diagnosis, JobDiagnosis, Verdict};
pub use snapshot::{JobState, JobType, Progress, Snapshot, SnapshotFile, SnapshotJob};
