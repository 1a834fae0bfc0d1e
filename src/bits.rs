//! Submitting and inspecting Windows Media Player jobs in the BITS queue
//! (Windows only, feature `bits`).
//!
//! [`Queue`] is a thin, safe handle on the Background Intelligent Transfer
//! Service: it submits a download whose description is a [`Descriptor`], lists
//! the current user's jobs that carry a `::WMP_` description together with the
//! verdict of the strict parser (so a store developer sees why the Player would
//! ignore a job), and completes, cancels or inspects jobs by their [`JobId`].
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
//!         Ok(descriptor) => println!("{} {:?}: {}", job.id, job.state, descriptor.title()),
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
//! use wmp_bits::{Descriptor, Kind, ServiceId};
//!
//! let service_id = ServiceId::new(1_234_567).expect("nonzero");
//! let descriptor = Descriptor::builder(Kind::Job, service_id, "Proseware")
//!     .album_artist("Miles Davis")
//!     .album_title("Kind of Blue")
//!     .track_number(1)
//!     .title("So What")
//!     .duration_secs(562)
//!     .build()?;
//! let queue = Queue::connect()?;
//! let id = queue.submit(
//!     "So What",
//!     "https://downloads.proseware.example/so-what.wma",
//!     r"C:\Users\Public\Music\So What.wma",
//!     &descriptor,
//! )?;
//! println!("queued {id}");
//! # Ok(())
//! # }
//! ```
//!
//! # Threads
//!
//! COM is initialised per thread, so a [`Queue`] is neither `Send` nor `Sync`:
//! connect one on each thread that needs one.

// Every call into COM is `unsafe` in the `windows` crate; each block below says
// why it is sound. No other module of the crate uses `unsafe`.
#![allow(unsafe_code)]
#![deny(missing_docs, clippy::undocumented_unsafe_blocks)]

use core::fmt;
use core::marker::PhantomData;
use core::str::FromStr;

use windows::core::{Error as WinError, GUID, HRESULT, PCWSTR, PWSTR};
use windows::Win32::Foundation::{E_POINTER, RPC_E_CHANGED_MODE};
use windows::Win32::Networking::BackgroundIntelligentTransferService::{
    BackgroundCopyManager, IBackgroundCopyJob, IBackgroundCopyManager, BG_E_INVALID_STATE,
    BG_E_NOT_FOUND, BG_JOB_STATE, BG_JOB_STATE_ACKNOWLEDGED, BG_JOB_STATE_CANCELLED,
    BG_JOB_STATE_CONNECTING, BG_JOB_STATE_ERROR, BG_JOB_STATE_QUEUED, BG_JOB_STATE_SUSPENDED,
    BG_JOB_STATE_TRANSFERRED, BG_JOB_STATE_TRANSFERRING, BG_JOB_STATE_TRANSIENT_ERROR,
    BG_JOB_TYPE_DOWNLOAD,
};
use windows::Win32::System::Com::{
    CoCreateInstance, CoInitializeEx, CoTaskMemFree, CoUninitialize, CLSCTX_LOCAL_SERVER,
    COINIT_MULTITHREADED,
};

pub use crate::doctor::JobState;
use crate::validate::LocalNameError;
use crate::{Descriptor, ParseError};

/// The description prefix shared by `::WMP_JOB` and `::WMP_STATUS`.
const WMP_PREFIX: &str = "::WMP_";

/// `MAKELANGID(LANG_NEUTRAL, SUBLANG_DEFAULT)`: the user's default language.
const USER_DEFAULT_LANGID: u32 = 0x0400;

/// `BG_E_NOT_FOUND`: no job with that id in the caller's queue.
const NOT_FOUND: u32 = bits_of(BG_E_NOT_FOUND);
/// `BG_E_INVALID_STATE`: the job is already cancelled or acknowledged.
const INVALID_STATE: u32 = bits_of(BG_E_INVALID_STATE);

/// The bit pattern of an HRESULT, as Windows documentation writes it (`0x80200021`).
const fn bits_of(hr: i32) -> u32 {
    u32::from_ne_bytes(hr.to_ne_bytes())
}

/// A handle on the current user's BITS queue.
///
/// [`connect`](Queue::connect) initialises COM on the calling thread (in the
/// multithreaded apartment) and creates BITS' `BackgroundCopyManager`; dropping
/// the handle releases the manager and balances that initialisation.
pub struct Queue {
    // Declared before `_com` so that the manager is released before COM is
    // uninitialised.
    manager: IBackgroundCopyManager,
    _com: ComApartment,
}

impl fmt::Debug for Queue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Queue").finish_non_exhaustive()
    }
}

/// COM initialisation of the current thread, undone on drop when it was ours.
struct ComApartment {
    /// `CoInitializeEx` succeeded (`S_OK` or `S_FALSE`), so it must be balanced
    /// by `CoUninitialize` on this same thread.
    initialised: bool,
    /// COM initialisation belongs to a thread: keep the handle on it.
    _not_send: PhantomData<*const ()>,
}

impl ComApartment {
    fn enter() -> Result<Self, BitsError> {
        // SAFETY: no reserved pointer is passed, and the flags are valid.
        let hr = unsafe { CoInitializeEx(None, COINIT_MULTITHREADED) };
        if hr == RPC_E_CHANGED_MODE {
            // The thread already lives in a single-threaded apartment, which is
            // just as able to talk to BITS; it was not ours to initialise.
            Ok(Self {
                initialised: false,
                _not_send: PhantomData,
            })
        } else if hr.is_ok() {
            Ok(Self {
                initialised: true,
                _not_send: PhantomData,
            })
        } else {
            Err(BitsError::from_call("CoInitializeEx", hr, None))
        }
    }
}

impl Drop for ComApartment {
    fn drop(&mut self) {
        if self.initialised {
            // SAFETY: balances the successful `CoInitializeEx` made on this
            // thread (the value cannot leave it), after every COM object this
            // handle held has been released.
            unsafe { CoUninitialize() };
        }
    }
}

impl Queue {
    /// Connects to BITS as the current user.
    ///
    /// # Errors
    ///
    /// [`BitsError::Call`] when COM cannot be initialised on this thread
    /// (`CoInitializeEx`) or the BITS service cannot be reached
    /// (`CoCreateInstance`).
    pub fn connect() -> Result<Self, BitsError> {
        let com = ComApartment::enter()?;
        // SAFETY: COM is initialised on this thread; the class id and the
        // interface requested are BITS' own, and no aggregation is asked for.
        let manager: IBackgroundCopyManager =
            unsafe { CoCreateInstance(&BackgroundCopyManager, None, CLSCTX_LOCAL_SERVER) }
                .map_err(|err| BitsError::from_call("CoCreateInstance", err.code(), None))?;
        Ok(Self { manager, _com: com })
    }

    /// Submits a download job that BITS starts at once.
    ///
    /// The local name is checked with [`validate::local_name`](crate::validate::local_name)
    /// before anything reaches BITS. Then the job is created with
    /// `display_name`, given its one file (`remote_url` → `local_name`),
    /// described by `descriptor` and resumed. If any step after the creation
    /// fails, the half-made job is cancelled before the error is returned.
    ///
    /// A `WMP_JOB` job is completed by the Player; a `WMP_STATUS` job must be
    /// completed by the caller with [`complete`](Queue::complete) once it is
    /// [`JobState::Transferred`].
    ///
    /// # Errors
    ///
    /// - [`BitsError::LocalName`] when the local name breaks a rule of the
    ///   convention (no job is created);
    /// - [`BitsError::Nul`] when the display name or the URL holds a NUL;
    /// - [`BitsError::Call`] naming the call BITS refused (`CreateJob`,
    ///   `AddFile`, `SetDescription` or `Resume`).
    pub fn submit(
        &self,
        display_name: &str,
        remote_url: &str,
        local_name: &str,
        descriptor: &Descriptor,
    ) -> Result<JobId, BitsError> {
        crate::validate::local_name(local_name)?;
        let display_name = wide(display_name, "display name")?;
        let remote_url = wide(remote_url, "remote url")?;
        let local_name = wide(local_name, "local name")?;
        let description = wide(descriptor.as_str(), "description")?;

        let mut guid = GUID::zeroed();
        let mut job = None;
        // SAFETY: the display name is a NUL-terminated UTF-16 buffer that
        // outlives the call, and both out-pointers point at live locals.
        unsafe {
            self.manager.CreateJob(
                PCWSTR(display_name.as_ptr()),
                BG_JOB_TYPE_DOWNLOAD,
                &raw mut guid,
                &raw mut job,
            )
        }
        .map_err(|err| self.error("CreateJob", &err))?;
        let Some(job) = job else {
            return Err(self.error("CreateJob", &WinError::from_hresult(E_POINTER)));
        };

        let fill = || -> Result<(), BitsError> {
            // SAFETY: both strings are NUL-terminated UTF-16 buffers that
            // outlive the call.
            unsafe { job.AddFile(PCWSTR(remote_url.as_ptr()), PCWSTR(local_name.as_ptr())) }
                .map_err(|err| self.error("AddFile", &err))?;
            // SAFETY: as above.
            unsafe { job.SetDescription(PCWSTR(description.as_ptr())) }
                .map_err(|err| self.error("SetDescription", &err))?;
            // SAFETY: a plain method call on a live job.
            unsafe { job.Resume() }.map_err(|err| self.error("Resume", &err))
        };
        if let Err(err) = fill() {
            // Best effort: the error worth reporting is the first one.
            // SAFETY: a plain method call on a live job.
            let _ = unsafe { job.Cancel() };
            return Err(err);
        }
        Ok(JobId::from_guid(guid))
    }

    /// Lists the current user's jobs whose description starts with `::WMP_`,
    /// with the strict parser's verdict on each description.
    ///
    /// Jobs already cancelled or acknowledged (completed) are left out, as are
    /// jobs that disappear while the queue is being read.
    ///
    /// BITS stores descriptions as UTF-16. A description holding an unpaired
    /// surrogate, which no Rust string can hold, is converted lossily: each
    /// unpaired surrogate becomes U+FFFD before parsing (see
    /// [`QueuedJob::description`]).
    ///
    /// # Errors
    ///
    /// [`BitsError::Call`] when the queue cannot be enumerated or a job cannot
    /// be read.
    pub fn scan(&self) -> Result<Vec<QueuedJob>, BitsError> {
        // SAFETY: a plain method call on the live manager; flags 0 means the
        // current user's jobs.
        let jobs =
            unsafe { self.manager.EnumJobs(0) }.map_err(|err| self.error("EnumJobs", &err))?;
        let mut found = Vec::new();
        loop {
            let mut batch: [Option<IBackgroundCopyJob>; 16] = Default::default();
            let mut fetched = 0_u32;
            // SAFETY: `batch` is a live slice of empty interface slots that
            // BITS fills, and `fetched` points at a live local.
            unsafe { jobs.Next(&mut batch, &raw mut fetched) }
                .map_err(|err| self.error("Next", &err))?;
            let fetched = (fetched as usize).min(batch.len());
            for job in batch[..fetched].iter().flatten() {
                match self.read_job(job) {
                    Ok(Some(queued)) => found.push(queued),
                    Ok(None) => {}
                    Err(err) if err.job_gone() => {}
                    Err(err) => return Err(err),
                }
            }
            if fetched < batch.len() {
                return Ok(found);
            }
        }
    }

    fn read_job(&self, job: &IBackgroundCopyJob) -> Result<Option<QueuedJob>, BitsError> {
        let state = self.job_state(job)?;
        if matches!(state, JobState::Cancelled | JobState::Acknowledged) {
            return Ok(None);
        }
        // SAFETY: a plain method call on a live job; the string it returns is
        // owned (and freed) by the guard.
        let description = unsafe { job.GetDescription() }
            .map(CoTaskMemString)
            .map_err(|err| self.error("GetDescription", &err))?
            .to_string_lossy();
        if !description.starts_with(WMP_PREFIX) {
            return Ok(None);
        }
        // SAFETY: a plain method call on a live job.
        let guid = unsafe { job.GetId() }.map_err(|err| self.error("GetId", &err))?;
        // SAFETY: as for the description.
        let display_name = unsafe { job.GetDisplayName() }
            .map(CoTaskMemString)
            .map_err(|err| self.error("GetDisplayName", &err))?
            .to_string_lossy();
        let descriptor = description.parse();
        Ok(Some(QueuedJob {
            id: JobId::from_guid(guid),
            display_name,
            state,
            description,
            descriptor,
        }))
    }

    /// The job's current state.
    ///
    /// # Errors
    ///
    /// [`BitsError::Call`] from `GetJob` when no such job is in the current
    /// user's queue (`BG_E_NOT_FOUND`, 0x80200001), or from `GetState`.
    pub fn state(&self, id: JobId) -> Result<JobState, BitsError> {
        let job = self.job(id)?;
        self.job_state(&job)
    }

    /// Completes a job: BITS moves the downloaded file to its local name and
    /// removes the job from the queue.
    ///
    /// This is the store's part for a `WMP_STATUS` job; the Player completes
    /// `WMP_JOB` jobs itself. Call it once the job is
    /// [`JobState::Transferred`]: BITS completes a job that is not finished
    /// too, but keeps only the files already transferred.
    ///
    /// # Errors
    ///
    /// [`BitsError::Call`] from `GetJob` or `Complete` (for instance
    /// `BG_E_INVALID_STATE`, 0x80200002, when the job was already cancelled or
    /// completed).
    pub fn complete(&self, id: JobId) -> Result<(), BitsError> {
        let job = self.job(id)?;
        // SAFETY: a plain method call on a live job.
        unsafe { job.Complete() }.map_err(|err| self.error("Complete", &err))
    }

    /// Cancels a job: BITS deletes its temporary files and removes it from the
    /// queue.
    ///
    /// # Errors
    ///
    /// [`BitsError::Call`] from `GetJob` or `Cancel` (for instance
    /// `BG_E_INVALID_STATE`, 0x80200002, when the job was already cancelled or
    /// completed).
    pub fn cancel(&self, id: JobId) -> Result<(), BitsError> {
        let job = self.job(id)?;
        // SAFETY: a plain method call on a live job.
        unsafe { job.Cancel() }.map_err(|err| self.error("Cancel", &err))
    }

    /// The job's description, exactly as BITS stores it.
    ///
    /// An unpaired surrogate in the stored UTF-16, which no Rust string can
    /// hold, comes back as U+FFFD; every other description comes back
    /// unchanged.
    ///
    /// # Errors
    ///
    /// [`BitsError::Call`] from `GetJob` or `GetDescription`.
    pub fn description(&self, id: JobId) -> Result<String, BitsError> {
        let job = self.job(id)?;
        // SAFETY: a plain method call on a live job; the string it returns is
        // owned (and freed) by the guard.
        let text = unsafe { job.GetDescription() }
            .map(CoTaskMemString)
            .map_err(|err| self.error("GetDescription", &err))?;
        Ok(text.to_string_lossy())
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
    /// [`BitsError::Nul`] when `description` holds a NUL (BITS would keep only
    /// what comes before it), else [`BitsError::Call`] from `GetJob` or
    /// `SetDescription`.
    pub fn set_description(&self, id: JobId, description: &str) -> Result<(), BitsError> {
        let description = wide(description, "description")?;
        let job = self.job(id)?;
        // SAFETY: the description is a NUL-terminated UTF-16 buffer that
        // outlives the call.
        unsafe { job.SetDescription(PCWSTR(description.as_ptr())) }
            .map_err(|err| self.error("SetDescription", &err))
    }

    /// Reads a job's state.
    fn job_state(&self, job: &IBackgroundCopyJob) -> Result<JobState, BitsError> {
        // SAFETY: a plain method call on a live job.
        let state = unsafe { job.GetState() }.map_err(|err| self.error("GetState", &err))?;
        state_from_bits(state).ok_or(BitsError::Undocumented {
            operation: "GetState",
            value: state.0,
        })
    }

    fn job(&self, id: JobId) -> Result<IBackgroundCopyJob, BitsError> {
        let guid = id.to_guid();
        // SAFETY: the GUID is a live local for the duration of the call.
        unsafe { self.manager.GetJob(&raw const guid) }.map_err(|err| self.error("GetJob", &err))
    }

    /// Builds the error for a failed call, with BITS' own text for it.
    fn error(&self, operation: &'static str, err: &WinError) -> BitsError {
        let hr = err.code();
        // SAFETY: a plain method call on the live manager; the string it
        // returns is owned (and freed) by the guard.
        let bits_text = unsafe { self.manager.GetErrorDescription(hr, USER_DEFAULT_LANGID) }
            .ok()
            .map(|text| CoTaskMemString(text).to_string_lossy());
        BitsError::from_call(operation, hr, bits_text)
    }
}

/// `s` as NUL-terminated UTF-16, refusing an interior NUL that would cut it.
fn wide(s: &str, argument: &'static str) -> Result<Vec<u16>, BitsError> {
    if s.contains('\0') {
        return Err(BitsError::Nul { argument });
    }
    Ok(s.encode_utf16().chain(Some(0)).collect())
}

/// A string that BITS allocated with `CoTaskMemAlloc` and handed over to us.
struct CoTaskMemString(PWSTR);

impl CoTaskMemString {
    /// The text, with any unpaired surrogate replaced by U+FFFD.
    fn to_string_lossy(&self) -> String {
        if self.0.is_null() {
            return String::new();
        }
        // SAFETY: BITS returned a NUL-terminated UTF-16 string, which stays
        // allocated until this guard is dropped.
        let units = unsafe { self.0.as_wide() };
        String::from_utf16_lossy(units)
    }
}

impl Drop for CoTaskMemString {
    fn drop(&mut self) {
        // SAFETY: the string was allocated by BITS with `CoTaskMemAlloc`, is
        // owned by this guard alone and is freed once; null is allowed.
        unsafe { CoTaskMemFree(Some(self.0.as_ptr() as *const core::ffi::c_void)) };
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

    fn from_guid(guid: GUID) -> Self {
        Self(guid.to_u128())
    }

    fn to_guid(self) -> GUID {
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

/// An error from [`Queue`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum BitsError {
    /// The local file name breaks a rule of the convention; nothing reached
    /// BITS.
    #[error(transparent)]
    LocalName(#[from] LocalNameError),
    /// A string argument holds a NUL character, which would cut the string
    /// that BITS stores; nothing reached BITS.
    #[error("the {argument} holds a NUL character, which BITS cannot store")]
    Nul {
        /// Which argument: `"display name"`, `"remote url"`, `"local name"`
        /// or `"description"`.
        argument: &'static str,
    },
    /// BITS answered with a value it does not document (a job state beyond the nine, say).
    #[error("bits {operation} returned {value}, which is none of the values BITS documents")]
    Undocumented {
        /// The method that returned it: for instance `"GetState"`.
        operation: &'static str,
        /// The value.
        value: i32,
    },
    /// A call to BITS (or to COM, to reach it) failed.
    #[error("bits {operation} failed with {hresult:#010x}: {text}")]
    Call {
        /// The method or function that failed, as Windows names it: for
        /// instance `"SetDescription"`.
        operation: &'static str,
        /// The `HRESULT` it returned, as an unsigned number (0x80200021 is
        /// `BG_E_STRING_TOO_LONG`).
        hresult: u32,
        /// What it means: BITS' own text (`GetErrorDescription`) when BITS
        /// has one, else the system's, else the constant's name for a BITS
        /// error, else `"no description available"`.
        text: String,
    },
}

impl BitsError {
    /// The `HRESULT` of a failed call, as an unsigned number (0x80200021 for
    /// `BG_E_STRING_TOO_LONG`); `None` when nothing reached BITS.
    #[must_use]
    pub fn hresult(&self) -> Option<u32> {
        match self {
            Self::Call { hresult, .. } => Some(*hresult),
            _ => None,
        }
    }

    /// The name of the call that failed (`"SetDescription"`, …); `None` when
    /// nothing reached BITS.
    #[must_use]
    pub fn operation(&self) -> Option<&'static str> {
        match self {
            Self::Call { operation, .. } => Some(operation),
            _ => None,
        }
    }

    fn from_call(operation: &'static str, hr: HRESULT, bits_text: Option<String>) -> Self {
        let hresult = bits_of(hr.0);
        let text = [bits_text, Some(hr.message())]
            .into_iter()
            .flatten()
            .map(|text| text.trim().to_owned())
            .find(|text| !text.is_empty())
            .or_else(|| bits_error_name(hresult))
            .unwrap_or_else(|| "no description available".to_owned());
        Self::Call {
            operation,
            hresult,
            text,
        }
    }

    /// The job vanished (cancelled or completed by someone else) while the
    /// queue was being read.
    fn job_gone(&self) -> bool {
        matches!(self.hresult(), Some(NOT_FOUND | INVALID_STATE))
    }
}

/// The constant's name for the BITS errors a caller of this module is likely to
/// meet, for systems that have no text for them.
fn bits_error_name(hresult: u32) -> Option<String> {
    use windows::Win32::Networking::BackgroundIntelligentTransferService as b;
    const NAMES: &[(i32, &str)] = &[
        (b::BG_E_NOT_FOUND, "BG_E_NOT_FOUND"),
        (b::BG_E_INVALID_STATE, "BG_E_INVALID_STATE"),
        (b::BG_E_EMPTY, "BG_E_EMPTY"),
        (b::BG_E_FILE_NOT_AVAILABLE, "BG_E_FILE_NOT_AVAILABLE"),
        (
            b::BG_E_PROTOCOL_NOT_AVAILABLE,
            "BG_E_PROTOCOL_NOT_AVAILABLE",
        ),
        (b::BG_E_DESTINATION_LOCKED, "BG_E_DESTINATION_LOCKED"),
        (b::BG_E_VOLUME_CHANGED, "BG_E_VOLUME_CHANGED"),
        (b::BG_E_NETWORK_DISCONNECTED, "BG_E_NETWORK_DISCONNECTED"),
        (b::BG_E_MISSING_FILE_SIZE, "BG_E_MISSING_FILE_SIZE"),
        (
            b::BG_E_INSUFFICIENT_HTTP_SUPPORT,
            "BG_E_INSUFFICIENT_HTTP_SUPPORT",
        ),
        (
            b::BG_E_INSUFFICIENT_RANGE_SUPPORT,
            "BG_E_INSUFFICIENT_RANGE_SUPPORT",
        ),
        (b::BG_E_REMOTE_NOT_SUPPORTED, "BG_E_REMOTE_NOT_SUPPORTED"),
        (
            b::BG_E_INVALID_SERVER_RESPONSE,
            "BG_E_INVALID_SERVER_RESPONSE",
        ),
        (b::BG_E_TOO_MANY_FILES, "BG_E_TOO_MANY_FILES"),
        (b::BG_E_LOCAL_FILE_CHANGED, "BG_E_LOCAL_FILE_CHANGED"),
        (b::BG_E_TOO_LARGE, "BG_E_TOO_LARGE"),
        (b::BG_E_STRING_TOO_LONG, "BG_E_STRING_TOO_LONG"),
        (b::BG_E_NO_PROGRESS, "BG_E_NO_PROGRESS"),
        (b::BG_E_FILE_NOT_FOUND, "BG_E_FILE_NOT_FOUND"),
        (b::BG_E_CONNECT_FAILURE, "BG_E_CONNECT_FAILURE"),
        (b::BG_E_CONNECTION_CLOSED, "BG_E_CONNECTION_CLOSED"),
        (b::BG_E_BLOCKED_BY_POLICY, "BG_E_BLOCKED_BY_POLICY"),
        (
            b::BG_E_TOO_MANY_JOBS_PER_USER,
            "BG_E_TOO_MANY_JOBS_PER_USER",
        ),
        (
            b::BG_E_READ_ONLY_PROPERTY_AFTER_ADDFILE,
            "BG_E_READ_ONLY_PROPERTY_AFTER_ADDFILE",
        ),
        (
            b::BG_E_READ_ONLY_PROPERTY_AFTER_RESUME,
            "BG_E_READ_ONLY_PROPERTY_AFTER_RESUME",
        ),
        (b::BG_E_REMOTE_FILE_CHANGED, "BG_E_REMOTE_FILE_CHANGED"),
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

    #[test]
    fn job_id_round_trips_through_text() {
        let id = JobId::from_u128(0x0123_4567_89ab_cdef_0011_2233_4455_6677);
        let text = id.to_string();
        assert_eq!(text, "{01234567-89AB-CDEF-0011-223344556677}");
        assert_eq!(text.parse::<JobId>(), Ok(id));
        assert_eq!(text[1..37].to_ascii_lowercase().parse::<JobId>(), Ok(id));
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

    #[test]
    fn call_errors_read_well() {
        let err = BitsError::from_call(
            "SetDescription",
            HRESULT(i32::from_ne_bytes(0x8020_0021_u32.to_ne_bytes())),
            Some("The string is too long.\r\n".to_owned()),
        );
        assert_eq!(
            err.to_string(),
            "bits SetDescription failed with 0x80200021: The string is too long."
        );
        assert_eq!(err.hresult(), Some(0x8020_0021));
        assert_eq!(err.operation(), Some("SetDescription"));

        let err = BitsError::from_call(
            "SetDescription",
            HRESULT(i32::from_ne_bytes(0x8020_0021_u32.to_ne_bytes())),
            None,
        );
        assert_eq!(err.hresult(), Some(0x8020_0021));
        assert!(!err.to_string().ends_with(": "), "{err}");
    }

    #[test]
    fn every_documented_state_has_its_name() {
        for (number, state) in (0..).zip(JobState::ALL) {
            assert_eq!(state_from_bits(BG_JOB_STATE(number)), Some(state));
        }
        assert_eq!(state_from_bits(BG_JOB_STATE(9)), None);
        assert_eq!(state_from_bits(BG_JOB_STATE(-1)), None);
    }

    #[test]
    fn nul_is_refused_before_bits() {
        assert!(matches!(
            wide("a\0b", "description"),
            Err(BitsError::Nul {
                argument: "description"
            })
        ));
        assert_eq!(
            wide("a🎷", "description").unwrap(),
            [0x61, 0xD83C, 0xDFB7, 0]
        );
    }
}
