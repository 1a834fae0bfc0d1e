//! Submitting and inspecting Windows Media Player jobs in the BITS queue
//! (Windows only, feature `bits`).
//!
//! [`Queue`] is a thin, safe handle on the Background Intelligent Transfer
//! Service: it submits a checked [`Job`], lists the current user's jobs whose
//! description is meant for the Player (a descriptor, or a near miss of one by its
//! structure, as [`lenient::classify`](crate::lenient::classify) reads it) together with
//! the verdict of the strict parser (so a store developer sees why the Player would
//! ignore a job), and
//! completes, cancels or inspects jobs by their [`JobId`]. For the doctor, it
//! takes a [`Snapshot`](crate::doctor::Snapshot) of the whole queue
//! ([`Queue::snapshot`]), and reads the two registry places the Player reads
//! ([`refresh_download`], [`installed_providers`]).
//!
//! Every failed call to BITS becomes a [`BitsError`] that names the call, the
//! `HRESULT` and BITS' own text for it.
//!
//! # Example
//!
//! List the Player's jobs in the queue and what is wrong with the broken ones:
//!
//! ```
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! use wmp_bits::bits::Queue;
//!
//! let queue = Queue::connect()?;
//! for job in queue.scan()? {
//!     match &job.descriptor {
//!         Ok(descriptor) => println!("{} {}: {}", job.id, job.state, descriptor.title()),
//!         Err(err) => println!("{} is ignored by the Player: {err}", job.id),
//!     }
//! }
//! # Ok(())
//! # }
//! ```
//!
//! Hand a download to the Player (the Player completes `WMP_JOB` jobs itself):
//!
//! ```no_run
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! use wmp_bits::bits::Queue;
//! use wmp_bits::{Descriptor, Job, Kind, ServiceId};
//!
//! let service_id = ServiceId::new(1_234_567).expect("nonzero");
//! let descriptor = Descriptor::builder(Kind::Job, service_id, "Proseware")
//!     .album_artist("Miles Davis")
//!     .album_title("Kind of Blue")
//!     .track_number(1)
//!     .title("So What")
//!     .duration_secs(562)
//!     .build()?;
//! let job = Job::new(
//!     "https://downloads.proseware.example/so-what.wma",
//!     r"C:\Users\Public\Music\So What.wma",
//!     descriptor,
//! );
//! let queue = Queue::connect()?;
//! let id = queue.submit(&job)?;
//! println!("queued {id}");
//! # Ok(())
//! # }
//! ```
//!
//! # Threads
//!
//! COM is initialised per thread, so a [`Queue`] is neither `Send` nor `Sync`:
//! connect one on each thread that needs one.

// Every call into Windows is `unsafe` in the `windows` crate. Those calls live in `com`
// (COM: BITS itself) and `win32` (the token, accounts, the registry), each behind a safe
// method that makes that one call in an `unsafe` block saying why it is sound. The rest of
// the module is safe code built on them; no other module of the crate uses `unsafe`.
#![deny(missing_docs, clippy::undocumented_unsafe_blocks)]

mod account;
mod com;
mod error;
mod job_id;
mod registry;
mod snapshot;
mod win32;

use core::fmt;

use windows::core::Error as WinError;
use windows::Win32::Networking::BackgroundIntelligentTransferService::{
    BG_JOB_STATE, BG_JOB_STATE_ACKNOWLEDGED, BG_JOB_STATE_CANCELLED, BG_JOB_STATE_CONNECTING,
    BG_JOB_STATE_ERROR, BG_JOB_STATE_QUEUED, BG_JOB_STATE_SUSPENDED, BG_JOB_STATE_TRANSFERRED,
    BG_JOB_STATE_TRANSFERRING, BG_JOB_STATE_TRANSIENT_ERROR, BG_JOB_TYPE_DOWNLOAD,
};

use com::{ComApartment, Job as BitsJob, Manager, Wide};
pub use error::{BitsError, BitsErrorKind};
pub use job_id::{JobId, ParseJobIdError};
pub use registry::{installed_providers, refresh_download};

pub use crate::doctor::JobState;
use crate::lenient::{self, Reading};
use crate::{Descriptor, Job, Kind, ParseError};

/// `MAKELANGID(LANG_NEUTRAL, SUBLANG_DEFAULT)`: the user's default language.
const USER_DEFAULT_LANGID: u32 = 0x0400;

/// A handle on the current user's BITS queue.
///
/// [`connect`](Queue::connect) initialises COM on the calling thread (in the
/// multithreaded apartment) and creates BITS' `BackgroundCopyManager`; dropping
/// the handle releases the manager and balances that initialisation.
pub struct Queue {
    // Declared before `_com` so that the manager is released before COM is
    // uninitialised.
    manager: Manager,
    _com: ComApartment,
}

impl fmt::Debug for Queue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Queue").finish_non_exhaustive()
    }
}

impl Queue {
    /// Connects to BITS as the current user.
    ///
    /// # Errors
    ///
    /// [`BitsErrorKind::Call`] when COM cannot be initialised on this thread
    /// (`CoInitializeEx`) or the BITS service cannot be reached
    /// (`CoCreateInstance`).
    pub fn connect() -> Result<Self, BitsError> {
        let com = ComApartment::enter()?;
        let manager = Manager::create()
            .map_err(|err| BitsError::call("CoCreateInstance", err.code(), None))?;
        Ok(Self { manager, _com: com })
    }

    /// Submits a download job that BITS starts at once.
    ///
    /// The job is [checked](Job::check) first: a job with an error (a local name that
    /// breaks a rule, a remote name BITS cannot download, …) is refused before anything
    /// reaches BITS; warnings do not stop it. Then the BITS job is created with the job's
    /// [display name](Job::display_name), given its one file ([remote URL](Job::remote_url)
    /// → [local name](Job::local_name)), described by its [description](Job::description)
    /// and resumed. If any step after the creation fails, the half-made job is cancelled
    /// before the error is returned.
    ///
    /// A `WMP_JOB` job is completed by the Player; a `WMP_STATUS` job must be
    /// completed by the caller with [`complete`](Queue::complete) once it is
    /// [`JobState::Transferred`].
    ///
    /// # Errors
    ///
    /// - [`BitsErrorKind::Rejected`] when the job's check finds an error (no job is
    ///   created; [`BitsError::report`] holds every problem);
    /// - [`BitsErrorKind::Call`] naming the call BITS refused (`CreateJob`,
    ///   `AddFile`, `SetDescription` or `Resume`).
    pub fn submit(&self, job: &Job) -> Result<JobId, BitsError> {
        let report = job.check();
        if !report.is_ok() {
            return Err(BitsError::rejected(report));
        }
        self.create_download(
            job.display_name(),
            job.remote_url(),
            job.local_name(),
            job.description(),
        )
    }

    /// Creates, fills and resumes a download job, as [`submit`](Queue::submit) does, with
    /// whatever it is given; cancels the job when a step after its creation fails.
    fn create_download(
        &self,
        display_name: &str,
        remote_url: &str,
        local_name: &str,
        description: &str,
    ) -> Result<JobId, BitsError> {
        let display_name = Wide::new(display_name, "display name")?;
        let remote_url = Wide::new(remote_url, "remote url")?;
        let local_name = Wide::new(local_name, "local name")?;
        let description = Wide::new(description, "description")?;

        let (guid, job) = self
            .manager
            .create_job(&display_name, BG_JOB_TYPE_DOWNLOAD)
            .map_err(|err| self.error("CreateJob", &err))?;
        let fill = || -> Result<(), BitsError> {
            job.add_file(&remote_url, &local_name)
                .map_err(|err| self.error("AddFile", &err))?;
            job.set_description(&description)
                .map_err(|err| self.error("SetDescription", &err))?;
            job.resume().map_err(|err| self.error("Resume", &err))
        };
        if let Err(err) = fill() {
            // Best effort: the error worth reporting is the first one.
            let _ = job.cancel();
            return Err(err);
        }
        Ok(JobId::from_guid(guid))
    }

    /// Lists the current user's jobs whose description is meant for the Player — a
    /// descriptor, or a near miss of one by its structure, as [`lenient::classify`] reads
    /// it — with the strict parser's verdict on each description.
    ///
    /// Jobs already cancelled or acknowledged (completed) are left out, as are
    /// jobs that disappear while the queue is being read.
    ///
    /// A description that merely mentions the words (`copy of wmp_jobs.csv`) is another
    /// program's, and is left out. The doctor reads the same jobs, from its
    /// [`snapshot`](Queue::snapshot) of the whole queue, and says what the Player does with
    /// each ([`doctor::diagnose`](crate::doctor::diagnose)).
    ///
    /// BITS stores descriptions as UTF-16. A description holding an unpaired
    /// surrogate, which no Rust string can hold, is converted lossily: each
    /// unpaired surrogate becomes U+FFFD before parsing (see
    /// [`QueuedJob::description`]).
    ///
    /// # Errors
    ///
    /// [`BitsErrorKind::Call`] when the queue cannot be enumerated or a job cannot
    /// be read; [`BitsErrorKind::Undocumented`] when BITS gives a job a state it does not
    /// document.
    pub fn scan(&self) -> Result<Vec<QueuedJob>, BitsError> {
        self.read_live_jobs(0, |job, state| {
            let description = self.description_of(job)?;
            let descriptor = match lenient::classify(&description) {
                Reading::Strict(d) => Ok(d),
                Reading::NearMiss(near) => Err(near.error().clone()),
                _ => return Ok(None),
            };
            let guid = job.id().map_err(|err| self.error("GetId", &err))?;
            let display_name = self.display_name_of(job)?;
            Ok(Some(QueuedJob {
                id: JobId::from_guid(guid),
                display_name,
                state,
                description,
                descriptor,
            }))
        })
    }

    /// Reads every job of the queue (`flags` as `EnumJobs` takes them) that is neither
    /// cancelled nor acknowledged, with `read` (see [`read_each`]).
    fn read_live_jobs<T>(
        &self,
        flags: u32,
        read: impl FnMut(&BitsJob, JobState) -> Result<Option<T>, BitsError>,
    ) -> Result<Vec<T>, BitsError> {
        let jobs = self
            .manager
            .jobs(flags)
            .map_err(|err| self.error("EnumJobs", &err))?;
        let jobs = jobs.all().map_err(|err| self.error("Next", &err))?;
        read_each(&jobs, |job| self.job_state(job), read)
    }

    /// The job's current state.
    ///
    /// # Errors
    ///
    /// [`BitsErrorKind::Call`] from `GetJob` when no such job is in the current
    /// user's queue (`BG_E_NOT_FOUND`, 0x80200001), or from `GetState`;
    /// [`BitsErrorKind::Undocumented`] for a state BITS does not document.
    pub fn state(&self, id: JobId) -> Result<JobState, BitsError> {
        let job = self.job(id)?;
        self.job_state(&job)
    }

    /// Completes a `WMP_STATUS` job (or any job that is not the Player's): BITS moves the
    /// downloaded file to its local name and removes the job from the queue.
    ///
    /// This is the store's part for a `WMP_STATUS` job. Call it once the job is
    /// [`JobState::Transferred`]: BITS completes a job that is not finished
    /// too, but keeps only the files already transferred.
    ///
    /// The Player completes a `WMP_JOB` job itself, and adds the file to its library as it
    /// does; a store that completed it would move the file without the Player ever adding
    /// it. So `complete` refuses a job whose description reads as a `WMP_JOB` descriptor,
    /// strictly or as a near miss whose exact text is one ([`lenient::classify`]:
    /// `::wmp_job:…`, which the Player might read too). A broken description the Player
    /// ignores anyway does not stop it. To remove such a job, [`cancel`](Queue::cancel) it; to take
    /// its file anyway, call [`force_complete`](Queue::force_complete).
    ///
    /// # Errors
    ///
    /// - [`BitsErrorKind::PlayerCompletes`] for a `WMP_JOB` job, which stays in the queue;
    /// - [`BitsErrorKind::Call`] from `GetJob` or `Complete` (for instance
    ///   `BG_E_INVALID_STATE`, 0x80200002, when the job was already cancelled or
    ///   completed).
    pub fn complete(&self, id: JobId) -> Result<(), BitsError> {
        let job = self.job(id)?;
        let description = self.description_of(&job)?;
        let players = match lenient::classify(&description) {
            Reading::Strict(d) => Some(d),
            Reading::NearMiss(near) => near.exact().cloned(),
            _ => None,
        };
        if players.is_some_and(|d| d.kind() == Kind::Job) {
            return Err(BitsError::player_completes(id));
        }
        self.complete_job(&job)
    }

    /// Completes any job, a `WMP_JOB` job included: BITS moves the files transferred so
    /// far to their local names and removes the job from the queue. For cleaning up; the
    /// Player never adds to its library the file of a `WMP_JOB` job completed here (see
    /// [`complete`](Queue::complete)).
    ///
    /// # Errors
    ///
    /// [`BitsErrorKind::Call`] from `GetJob` or `Complete`.
    pub fn force_complete(&self, id: JobId) -> Result<(), BitsError> {
        let job = self.job(id)?;
        self.complete_job(&job)
    }

    fn complete_job(&self, job: &BitsJob) -> Result<(), BitsError> {
        job.complete().map_err(|err| self.error("Complete", &err))
    }

    /// Cancels a job: BITS deletes its temporary files and removes it from the
    /// queue.
    ///
    /// # Errors
    ///
    /// [`BitsErrorKind::Call`] from `GetJob` or `Cancel` (for instance
    /// `BG_E_INVALID_STATE`, 0x80200002, when the job was already cancelled or
    /// completed).
    pub fn cancel(&self, id: JobId) -> Result<(), BitsError> {
        let job = self.job(id)?;
        job.cancel().map_err(|err| self.error("Cancel", &err))
    }

    /// The job's description, exactly as BITS stores it.
    ///
    /// An unpaired surrogate in the stored UTF-16, which no Rust string can
    /// hold, comes back as U+FFFD; every other description comes back
    /// unchanged.
    ///
    /// # Errors
    ///
    /// [`BitsErrorKind::Call`] from `GetJob` or `GetDescription`.
    pub fn description(&self, id: JobId) -> Result<String, BitsError> {
        let job = self.job(id)?;
        job.description()
            .map_err(|err| self.error("GetDescription", &err))
    }

    /// Sets any description on a job, checked by nobody but BITS.
    ///
    /// This is the low-level call behind [`submit`](Queue::submit), for tools
    /// and tests: BITS refuses a description over 1,024 UTF-16 code units with
    /// `BG_E_STRING_TOO_LONG` (0x80200021), which is the limit the crate's
    /// parser enforces too.
    ///
    /// # Errors
    ///
    /// [`BitsErrorKind::Nul`] when `description` holds a NUL (BITS would keep only
    /// what comes before it), else [`BitsErrorKind::Call`] from `GetJob` or
    /// `SetDescription`.
    pub fn set_description(&self, id: JobId, description: &str) -> Result<(), BitsError> {
        let description = Wide::new(description, "description")?;
        let job = self.job(id)?;
        job.set_description(&description)
            .map_err(|err| self.error("SetDescription", &err))
    }

    /// Reads a job's state.
    fn job_state(&self, job: &BitsJob) -> Result<JobState, BitsError> {
        let state = job.state().map_err(|err| self.error("GetState", &err))?;
        state_from_bits(state).ok_or_else(|| BitsError::undocumented("GetState", state.0))
    }

    /// A job's description as the Player reads it: a description that BITS cannot return
    /// reads as empty (Wine, for one, fails `GetDescription` on a job whose description
    /// was never set, where Windows returns an empty one).
    fn description_of(&self, job: &BitsJob) -> Result<String, BitsError> {
        match job.description() {
            Ok(text) => Ok(text),
            Err(err) => {
                let err = self.error("GetDescription", &err);
                if err.job_gone() {
                    Err(err)
                } else {
                    Ok(String::new())
                }
            }
        }
    }

    fn display_name_of(&self, job: &BitsJob) -> Result<String, BitsError> {
        job.display_name()
            .map_err(|err| self.error("GetDisplayName", &err))
    }

    fn job(&self, id: JobId) -> Result<BitsJob, BitsError> {
        self.manager
            .job(&id.to_guid())
            .map_err(|err| self.error("GetJob", &err))
    }

    /// BITS' own text for an `HRESULT`, when it has one.
    fn bits_text(&self, hr: windows::core::HRESULT) -> Option<String> {
        self.manager.error_description(hr, USER_DEFAULT_LANGID).ok()
    }

    /// Builds the error for a failed call, with BITS' own text for it.
    fn error(&self, operation: &'static str, err: &WinError) -> BitsError {
        BitsError::call(operation, err.code(), self.bits_text(err.code()))
    }
}

/// A job in the BITS queue that carries a `::WMP_` description.
///
/// Returned by [`Queue::scan`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct QueuedJob {
    /// The job's id.
    pub id: JobId,
    /// The job's display name, as set by whoever created it (converted like
    /// the description).
    pub display_name: String,
    /// The job's state when it was read.
    pub state: JobState,
    /// The description, exactly as BITS returned it, except that an unpaired
    /// surrogate (which no Rust string can hold) became U+FFFD.
    pub description: String,
    /// The strict parser's verdict on the description: the descriptor, or the
    /// reason the Player would not accept it.
    pub descriptor: Result<Descriptor, ParseError>,
}

/// What `read` makes of each job whose `state` is neither cancelled nor acknowledged (BITS
/// lists a cancelled job for a while), in order, leaving out the jobs it returns `None` for
/// and those that vanish (cancelled or completed by someone else) while they are read;
/// any other error stops the reading.
fn read_each<J, T>(
    jobs: &[J],
    mut state: impl FnMut(&J) -> Result<JobState, BitsError>,
    mut read: impl FnMut(&J, JobState) -> Result<Option<T>, BitsError>,
) -> Result<Vec<T>, BitsError> {
    let mut found = Vec::new();
    for job in jobs {
        let item = state(job).and_then(|state| match state {
            JobState::Cancelled | JobState::Acknowledged => Ok(None),
            state => read(job, state),
        });
        match item {
            Ok(Some(item)) => found.push(item),
            Ok(None) => {}
            Err(err) if err.job_gone() => {}
            Err(err) => return Err(err),
        }
    }
    Ok(found)
}

/// The state BITS reports for `state`, or `None` for a number that BITS does not document.
fn state_from_bits(state: BG_JOB_STATE) -> Option<JobState> {
    Some(match state {
        BG_JOB_STATE_QUEUED => JobState::Queued,
        BG_JOB_STATE_CONNECTING => JobState::Connecting,
        BG_JOB_STATE_TRANSFERRING => JobState::Transferring,
        BG_JOB_STATE_SUSPENDED => JobState::Suspended,
        BG_JOB_STATE_ERROR => JobState::Error,
        BG_JOB_STATE_TRANSIENT_ERROR => JobState::TransientError,
        BG_JOB_STATE_TRANSFERRED => JobState::Transferred,
        BG_JOB_STATE_ACKNOWLEDGED => JobState::Acknowledged,
        BG_JOB_STATE_CANCELLED => JobState::Cancelled,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use std::sync::{Mutex, MutexGuard};

    use super::*;

    /// Held for its whole run by every test of this module that reaches BITS, COM, the
    /// registry or the process's handles, so that they run one at a time, as the tests
    /// against BITS in `tests/bits_wine.rs` do: they share the one queue, the registry and
    /// the handle table, and each expects the others to hold still.
    pub(super) fn serial() -> MutexGuard<'static, ()> {
        static SERIAL: Mutex<()> = Mutex::new(());
        // A test that failed while holding the lock must not fail the others.
        SERIAL
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    #[test]
    fn every_documented_state_has_its_name() {
        for (number, state) in (0..).zip(JobState::ALL) {
            assert_eq!(state_from_bits(BG_JOB_STATE(number)), Some(state));
        }
        assert_eq!(state_from_bits(BG_JOB_STATE(9)), None);
        assert_eq!(state_from_bits(BG_JOB_STATE(-1)), None);
    }

    fn hr(bits: u32) -> windows::core::HRESULT {
        windows::core::HRESULT(i32::from_ne_bytes(bits.to_ne_bytes()))
    }

    #[test]
    fn reading_leaves_out_finished_and_vanished_jobs() {
        use JobState::{Acknowledged, Cancelled, Error, Queued, Suspended};
        let gone = || BitsError::call("GetDescription", hr(0x8020_0001), None);
        let jobs = [
            (1, Ok(Queued)),
            (2, Ok(Cancelled)),
            (3, Ok(Acknowledged)),
            (4, Err(BitsError::call("GetState", hr(0x8020_0002), None))),
            (5, Ok(Error)),
            (6, Ok(Suspended)),
            (7, Ok(Queued)),
        ];
        let read = read_each(
            &jobs,
            |(_, state)| state.clone(),
            |(n, _), state| match n {
                5 => Err(gone()),
                6 => Ok(None),
                n => Ok(Some((*n, state))),
            },
        )
        .unwrap();
        assert_eq!(read, [(1, Queued), (7, Queued)]);

        // Any other error stops the reading, whether from the state or from `read`.
        let failing = [
            (1, Ok(Queued)),
            (2, Err(BitsError::undocumented("GetState", 9))),
        ];
        let err = read_each(&failing, |(_, s)| s.clone(), |(n, _), _| Ok(Some(*n))).unwrap_err();
        assert_eq!(err.kind(), BitsErrorKind::Undocumented);
        let err = read_each(
            &[(1, Ok(Queued))],
            |(_, s): &(i32, Result<JobState, BitsError>)| s.clone(),
            |_, _| -> Result<Option<i32>, BitsError> {
                Err(BitsError::call("GetId", hr(0x8007_0005), None))
            },
        )
        .unwrap_err();
        assert_eq!(err.hresult(), Some(0x8007_0005));
    }

    #[test]
    fn a_queue_shows_nothing_of_itself() {
        let _serial = serial();
        let queue = Queue::connect().unwrap();
        assert_eq!(format!("{queue:?}"), "Queue { .. }");
    }

    /// Every job of the current user's queue with this display name, cancelled ones
    /// included, with its state.
    fn jobs_named(queue: &Queue, name: &str) -> Vec<JobState> {
        queue
            .manager
            .jobs(0)
            .unwrap()
            .all()
            .unwrap()
            .iter()
            .filter(|job| queue.display_name_of(job).is_ok_and(|n| n == name))
            .filter_map(|job| queue.job_state(job).ok())
            .collect()
    }

    #[test]
    fn a_job_that_fails_after_its_creation_is_cancelled() {
        let _serial = serial();
        let queue = Queue::connect().unwrap();
        let name = format!("wmp-bits half-made {}", std::process::id());
        // Refused by SetDescription, the step after CreateJob and AddFile.
        let too_long = "x".repeat(1025);
        let err = queue
            .create_download(
                &name,
                "http://127.0.0.1:9/a.wma",
                r"C:\half\a.wma",
                &too_long,
            )
            .unwrap_err();
        assert_eq!(err.operation(), Some("SetDescription"), "{err}");
        assert_eq!(err.hresult(), Some(0x8020_0021), "{err}");
        // BITS may keep a cancelled job in its list for a while; Wine does.
        let states = jobs_named(&queue, &name);
        assert!(
            states.iter().all(|s| *s == JobState::Cancelled),
            "{states:?}"
        );
        assert!(queue.scan().unwrap().iter().all(|j| j.display_name != name));
    }

    #[test]
    fn nothing_reaches_bits_with_a_nul() {
        let _serial = serial();
        let queue = Queue::connect().unwrap();
        let name = format!("wmp-bits nul {}", std::process::id());
        for (args, argument) in [
            (["a\0", "u", "l", "d"], "display name"),
            (["n", "u\0", "l", "d"], "remote url"),
            (["n", "u", "l\0", "d"], "local name"),
            (["n", "u", "l", "d\0"], "description"),
        ] {
            let [display, url, local, description] = args;
            let display = display.replace('n', &name);
            let err = queue
                .create_download(&display, url, local, description)
                .unwrap_err();
            assert_eq!(
                err.to_string(),
                format!("the {argument} holds a NUL character, which BITS cannot store")
            );
        }
        assert!(jobs_named(&queue, &name).is_empty());
    }
}
