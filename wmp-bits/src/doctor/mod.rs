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
//! # How it reads a job
//!
//! As the Player does. A job is the Player's when its description is a descriptor or a
//! near miss of one *by structure* ([`lenient::classify`](crate::lenient::classify)): after
//! an optional byte order mark or white space, `::` and the kind token in any case, or what
//! lenient parsing reads. A description that merely mentions the words (`nightly copy of
//! wmp_jobs.csv`) is another program's job, and is only counted.
//!
//! What the Player reads decides the verdict: the description, the job's type, state and
//! file count, the one file's local name, the owner's queue, and the machine's
//! `RefreshDownload` and store keys. The display name and the remote name are BITS' concern
//! (BITS took both when the job was made): their problems are warnings at most. A
//! suspended job transfers nothing until it is resumed, and a job in a transient error is
//! retried by BITS: both are named, as warnings. `RefreshDownload` missing is a warning
//! (the documentation asks a store to create it "to ensure" the Player looks; nothing says
//! the Player never looks without it); zero is an error, and then no job reads as one the
//! Player will pick up ([`Verdict::Unwatched`]). A job BITS has acknowledged is
//! [`Completed`](Verdict::Completed). Owners are compared as Windows compares accounts.
//!
//! # Problems
//!
//! Every problem has a severity, a stable code, a subject, the field and span where they
//! apply, and a message that says what to do; with the `serde` feature a [`Diagnosis`]
//! serialises as that data. The description, local name, remote name, display name and
//! provider are checked by [`validate::job`](crate::validate::job), with the same codes
//! ([`ProblemKind::Part`]); the doctor adds these:
//!
//! | code | severity | subject | when |
//! |---|---|---|---|
//! | `refresh_download_missing` | warning | machine | `RefreshDownload` does not exist: nothing ensures that the Player looks at the queue |
//! | `refresh_download_off` | error | machine | `RefreshDownload` is 0: the Player does not look at the queue |
//! | `job_file_count` | error | job | the job does not hold exactly one file |
//! | `job_not_download` | error | job | an upload or upload-reply job |
//! | `job_in_error` | error | job | the job is in BITS' error state (the message quotes BITS) |
//! | `job_transient_error` | warning | job | the job hit an error that BITS retries (the message quotes BITS) |
//! | `job_suspended` | warning | job | the job is suspended: it transfers nothing until it is resumed |
//! | `job_cancelled` | error | job | the job was cancelled (only an exported snapshot can hold one: BITS drops it from the queue) |
//! | `job_owner_other_user` | error | job | the job belongs to another user than the Player's |
//! | `status_job_awaiting_complete` | warning | job | a `WMP_STATUS` job is transferred, and waits for the store to complete it |
//!
//! A near miss (`::wmp_job:…`, a trailing line ending, white space around it) keeps the
//! strict parser's code, and its message is what is wrong and the exact text the Player
//! needs, nothing else; [`JobDiagnosis::exact_description`] gives that text as data.
//!
//! ```
//! use wmp_bits::doctor::{self, Snapshot, SnapshotFile, SnapshotJob, Verdict};
//!
//! let mut job = SnapshotJob::new("{6B2F…}", "::wmp_job:1:42:Proseware::::Intro::");
//! job.files = Some(vec![SnapshotFile::new("https://example.com/1.mp3", r"C:\Music\1.mp3")]);
//! let mut snapshot = Snapshot::default();
//! snapshot.refresh_download = Some(1);
//! snapshot.jobs.push(job);
//! snapshot.jobs.push(SnapshotJob::new("{0C1D…}", "nightly copy of wmp_jobs.csv"));
//!
//! let diagnosis = doctor::diagnose(&snapshot);
//! assert_eq!(diagnosis.other_jobs(), 1);
//! let job = &diagnosis.jobs()[0];
//! assert_eq!(job.verdict(), Verdict::Ignored);
//! assert_eq!(job.problems()[0].code(), "unknown_kind");
//! assert!(job.problems()[0]
//!     .message()
//!     .ends_with("the Player needs exactly this description: ::WMP_JOB:1:42:Proseware::::Intro::"));
//! assert_eq!(job.exact_description().unwrap().as_str(), "::WMP_JOB:1:42:Proseware::::Intro::");
//! assert!(!diagnosis.is_ok());
//! ```

mod diagnose;
mod problem;
mod snapshot;

pub use diagnose::{diagnose, Diagnosis, JobDiagnosis, Verdict};
pub use problem::{Problem, ProblemKind};
pub use snapshot::{JobState, JobType, Progress, Snapshot, SnapshotFile, SnapshotJob};
