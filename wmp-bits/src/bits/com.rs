//! BITS through COM, wrapped: the thread's apartment, BITS' manager, its jobs, their errors
//! and files, the enumerators over jobs and files, and the strings BITS hands over.
//!
//! Each method makes one call to COM, in an `unsafe` block of its own that says why the call
//! is sound; what it returns is safe to use. The rest of `bits` builds on these wrappers and
//! holds no `unsafe` of its own (the Win32 calls outside COM are wrapped in `win32`).
#![allow(unsafe_code)]
#![deny(clippy::multiple_unsafe_ops_per_block)]

use core::marker::PhantomData;

use windows::core::{Error as WinError, GUID, HRESULT, PCWSTR, PWSTR};
use windows::Win32::Foundation::{E_POINTER, RPC_E_CHANGED_MODE};
use windows::Win32::Networking::BackgroundIntelligentTransferService::{
    BackgroundCopyManager, IBackgroundCopyError, IBackgroundCopyFile, IBackgroundCopyJob,
    IBackgroundCopyManager, IEnumBackgroundCopyFiles, IEnumBackgroundCopyJobs, BG_ERROR_CONTEXT,
    BG_FILE_PROGRESS, BG_JOB_PROGRESS, BG_JOB_STATE, BG_JOB_TYPE,
};
use windows::Win32::System::Com::{
    CoCreateInstance, CoInitializeEx, CoTaskMemFree, CoUninitialize, CLSCTX_LOCAL_SERVER,
    COINIT_MULTITHREADED,
};

use super::BitsError;

/// COM initialisation of the current thread, undone on drop when it was ours.
pub(super) struct ComApartment {
    /// `CoInitializeEx` succeeded (`S_OK` or `S_FALSE`), so it must be balanced
    /// by `CoUninitialize` on this same thread.
    initialised: bool,
    /// COM initialisation belongs to a thread: keep the handle on it.
    _not_send: PhantomData<*const ()>,
}

impl ComApartment {
    /// Enters the multithreaded apartment (`CoInitializeEx`), or stays in the thread's
    /// single-threaded apartment when it already has one.
    pub(super) fn enter() -> Result<Self, BitsError> {
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
            Err(BitsError::call("CoInitializeEx", hr, None))
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

/// A string argument for COM: UTF-16, NUL-terminated, with no NUL before the end (one that
/// would cut the string BITS stores is refused when the value is made).
pub(super) struct Wide(Vec<u16>);

impl Wide {
    /// `s` as NUL-terminated UTF-16; [`BitsError::nul`] naming `argument` when `s` holds a
    /// NUL.
    pub(super) fn new(s: &str, argument: &'static str) -> Result<Self, BitsError> {
        if s.contains('\0') {
            return Err(BitsError::nul(argument));
        }
        Ok(Self(s.encode_utf16().chain(Some(0)).collect()))
    }

    /// The string as COM takes it, valid while `self` lives.
    fn as_pcwstr(&self) -> PCWSTR {
        PCWSTR(self.0.as_ptr())
    }
}

/// A string that COM allocated with `CoTaskMemAlloc` and handed over: freed, once, on drop.
struct TaskString(PWSTR);

impl TaskString {
    /// Takes charge of `text`.
    ///
    /// # Safety
    ///
    /// `text` is null, or a NUL-terminated UTF-16 string allocated with `CoTaskMemAlloc`
    /// that the caller owns and hands over: nothing else frees it or reads it afterwards.
    unsafe fn from_raw(text: PWSTR) -> Self {
        Self(text)
    }

    /// The text, with any unpaired surrogate replaced by U+FFFD.
    fn to_string_lossy(&self) -> String {
        if self.0.is_null() {
            return String::new();
        }
        // SAFETY: a NUL-terminated UTF-16 string (see `from_raw`), which stays allocated
        // until this guard is dropped.
        let units = unsafe { self.0.as_wide() };
        String::from_utf16_lossy(units)
    }
}

impl Drop for TaskString {
    fn drop(&mut self) {
        // SAFETY: the string was allocated with `CoTaskMemAlloc` and is owned by this
        // guard alone (see `from_raw`), which frees it once; null is allowed.
        unsafe { CoTaskMemFree(Some(self.0.as_ptr().cast_const().cast())) };
    }
}

/// The text of a string that a COM call allocated for its caller, freed here.
///
/// # Safety
///
/// As [`TaskString::from_raw`].
unsafe fn handed_over(text: PWSTR) -> String {
    // SAFETY: the caller hands the string over (see above).
    unsafe { TaskString::from_raw(text) }.to_string_lossy()
}

/// How many items one call to an enumerator's `Next` asks for.
const BATCH: usize = 16;

/// Every item of a COM enumerator, whose `Next` fills a slice of empty slots and says how
/// many it filled: asked for in batches until a batch comes back short.
fn drain<T>(
    mut next: impl FnMut(&mut [Option<T>], &mut u32) -> Result<(), WinError>,
) -> Result<Vec<T>, WinError> {
    let mut items = Vec::new();
    loop {
        let mut batch: [Option<T>; BATCH] = Default::default();
        let mut fetched = 0_u32;
        next(&mut batch, &mut fetched)?;
        let fetched = (fetched as usize).min(BATCH);
        items.extend(batch.into_iter().take(fetched).flatten());
        if fetched < BATCH {
            return Ok(items);
        }
    }
}

/// BITS' `IBackgroundCopyManager`: the queue.
pub(super) struct Manager(IBackgroundCopyManager);

impl Manager {
    /// Creates BITS' manager (`CoCreateInstance`). COM must be initialised on this thread
    /// (see [`ComApartment`]); else the call fails with `CO_E_NOTINITIALIZED`.
    pub(super) fn create() -> Result<Self, WinError> {
        // SAFETY: the class id and the interface requested are BITS' own, and no
        // aggregation is asked for; without COM on this thread the call only fails.
        unsafe { CoCreateInstance(&BackgroundCopyManager, None, CLSCTX_LOCAL_SERVER) }.map(Self)
    }

    /// Creates a job (`CreateJob`): its id and the job.
    pub(super) fn create_job(
        &self,
        display_name: &Wide,
        job_type: BG_JOB_TYPE,
    ) -> Result<(GUID, Job), WinError> {
        let mut guid = GUID::zeroed();
        let mut job = None;
        // SAFETY: the display name is NUL-terminated UTF-16 that outlives the call, and
        // both out-pointers point at live locals.
        unsafe {
            self.0.CreateJob(
                display_name.as_pcwstr(),
                job_type,
                &raw mut guid,
                &raw mut job,
            )
        }?;
        match job {
            Some(job) => Ok((guid, Job(job))),
            None => Err(WinError::from_hresult(E_POINTER)),
        }
    }

    /// The jobs of the queue (`EnumJobs`, with the flags as BITS takes them).
    pub(super) fn jobs(&self, flags: u32) -> Result<Jobs, WinError> {
        // SAFETY: a plain method call on the live manager; BITS checks the flags.
        unsafe { self.0.EnumJobs(flags) }.map(Jobs)
    }

    /// The job with this id in the caller's queue (`GetJob`).
    pub(super) fn job(&self, id: &GUID) -> Result<Job, WinError> {
        // SAFETY: the GUID is borrowed for the duration of the call.
        unsafe { self.0.GetJob(id) }.map(Job)
    }

    /// BITS' own text for an `HRESULT`, in the language given (`GetErrorDescription`).
    pub(super) fn error_description(&self, hr: HRESULT, language: u32) -> Result<String, WinError> {
        // SAFETY: a plain method call on the live manager.
        let text = unsafe { self.0.GetErrorDescription(hr, language) }?;
        // SAFETY: BITS allocated the string for its caller, with `CoTaskMemAlloc`.
        Ok(unsafe { handed_over(text) })
    }
}

/// An enumerator over jobs (`IEnumBackgroundCopyJobs`).
pub(super) struct Jobs(IEnumBackgroundCopyJobs);

impl Jobs {
    /// `Next`: fills the first slots of `slots` with the next jobs and says how many.
    fn next(
        &self,
        slots: &mut [Option<IBackgroundCopyJob>],
        fetched: &mut u32,
    ) -> Result<(), WinError> {
        // SAFETY: `slots` is a live slice of slots that BITS fills (at most its length),
        // and `fetched` points at a live u32.
        unsafe { self.0.Next(slots, fetched) }
    }

    /// Every job the enumerator has left, in its order.
    pub(super) fn all(&self) -> Result<Vec<Job>, WinError> {
        let jobs = drain(|slots, fetched| self.next(slots, fetched))?;
        Ok(jobs.into_iter().map(Job).collect())
    }
}

/// A job in the queue (`IBackgroundCopyJob`).
pub(super) struct Job(IBackgroundCopyJob);

impl Job {
    /// `GetId`.
    pub(super) fn id(&self) -> Result<GUID, WinError> {
        // SAFETY: a plain method call on a live job.
        unsafe { self.0.GetId() }
    }

    /// `GetType`.
    pub(super) fn job_type(&self) -> Result<BG_JOB_TYPE, WinError> {
        // SAFETY: a plain method call on a live job.
        unsafe { self.0.GetType() }
    }

    /// `GetState`.
    pub(super) fn state(&self) -> Result<BG_JOB_STATE, WinError> {
        // SAFETY: a plain method call on a live job.
        unsafe { self.0.GetState() }
    }

    /// `GetProgress`: the bytes and files transferred, of how many.
    pub(super) fn progress(&self) -> Result<BG_JOB_PROGRESS, WinError> {
        let mut progress = BG_JOB_PROGRESS::default();
        // SAFETY: the out-pointer points at a live local.
        unsafe { self.0.GetProgress(&raw mut progress) }?;
        Ok(progress)
    }

    /// `GetDisplayName`.
    pub(super) fn display_name(&self) -> Result<String, WinError> {
        // SAFETY: a plain method call on a live job.
        let text = unsafe { self.0.GetDisplayName() }?;
        // SAFETY: BITS allocated the string for its caller, with `CoTaskMemAlloc`.
        Ok(unsafe { handed_over(text) })
    }

    /// `GetDescription`.
    pub(super) fn description(&self) -> Result<String, WinError> {
        // SAFETY: a plain method call on a live job.
        let text = unsafe { self.0.GetDescription() }?;
        // SAFETY: BITS allocated the string for its caller, with `CoTaskMemAlloc`.
        Ok(unsafe { handed_over(text) })
    }

    /// `SetDescription`.
    pub(super) fn set_description(&self, description: &Wide) -> Result<(), WinError> {
        // SAFETY: the description is NUL-terminated UTF-16 that outlives the call.
        unsafe { self.0.SetDescription(description.as_pcwstr()) }
    }

    /// `AddFile`: one more file, from `remote_url` to `local_name`.
    pub(super) fn add_file(&self, remote_url: &Wide, local_name: &Wide) -> Result<(), WinError> {
        // SAFETY: both strings are NUL-terminated UTF-16 that outlives the call.
        unsafe {
            self.0
                .AddFile(remote_url.as_pcwstr(), local_name.as_pcwstr())
        }
    }

    /// `Resume`.
    pub(super) fn resume(&self) -> Result<(), WinError> {
        // SAFETY: a plain method call on a live job.
        unsafe { self.0.Resume() }
    }

    /// `Cancel`.
    pub(super) fn cancel(&self) -> Result<(), WinError> {
        // SAFETY: a plain method call on a live job.
        unsafe { self.0.Cancel() }
    }

    /// `Complete`.
    pub(super) fn complete(&self) -> Result<(), WinError> {
        // SAFETY: a plain method call on a live job.
        unsafe { self.0.Complete() }
    }

    /// `GetOwner`: the owner's SID, as text.
    pub(super) fn owner(&self) -> Result<String, WinError> {
        // SAFETY: a plain method call on a live job.
        let text = unsafe { self.0.GetOwner() }?;
        // SAFETY: BITS allocated the string for its caller, with `CoTaskMemAlloc`.
        Ok(unsafe { handed_over(text) })
    }

    /// `GetError`: what went wrong, for a job in the error or transient error state.
    pub(super) fn error(&self) -> Result<JobError, WinError> {
        // SAFETY: a plain method call on a live job.
        unsafe { self.0.GetError() }.map(JobError)
    }

    /// `EnumFiles`.
    pub(super) fn files(&self) -> Result<Files, WinError> {
        // SAFETY: a plain method call on a live job.
        unsafe { self.0.EnumFiles() }.map(Files)
    }
}

/// What went wrong with a job (`IBackgroundCopyError`).
pub(super) struct JobError(IBackgroundCopyError);

impl JobError {
    /// `GetError`: where the error happened, and its `HRESULT`.
    pub(super) fn error(&self) -> Result<(BG_ERROR_CONTEXT, HRESULT), WinError> {
        let mut context = BG_ERROR_CONTEXT::default();
        let mut hr = HRESULT::default();
        // SAFETY: both out-pointers point at live locals.
        unsafe { self.0.GetError(&raw mut context, &raw mut hr) }?;
        Ok((context, hr))
    }

    /// `GetErrorDescription`: the error's own text, in the language given.
    pub(super) fn description(&self, language: u32) -> Result<String, WinError> {
        // SAFETY: a plain method call on a live error.
        let text = unsafe { self.0.GetErrorDescription(language) }?;
        // SAFETY: BITS allocated the string for its caller, with `CoTaskMemAlloc`.
        Ok(unsafe { handed_over(text) })
    }
}

/// An enumerator over a job's files (`IEnumBackgroundCopyFiles`).
pub(super) struct Files(IEnumBackgroundCopyFiles);

impl Files {
    /// `Next`: fills the first slots of `slots` with the next files and says how many.
    fn next(
        &self,
        slots: &mut [Option<IBackgroundCopyFile>],
        fetched: &mut u32,
    ) -> Result<(), WinError> {
        // SAFETY: `slots` is a live slice of slots that BITS fills (at most its length),
        // and `fetched` points at a live u32.
        unsafe { self.0.Next(slots, fetched) }
    }

    /// Every file the enumerator has left, in its order.
    pub(super) fn all(&self) -> Result<Vec<File>, WinError> {
        let files = drain(|slots, fetched| self.next(slots, fetched))?;
        Ok(files.into_iter().map(File).collect())
    }
}

/// A file of a job (`IBackgroundCopyFile`).
pub(super) struct File(IBackgroundCopyFile);

impl File {
    /// `GetRemoteName`.
    pub(super) fn remote_name(&self) -> Result<String, WinError> {
        // SAFETY: a plain method call on a live file.
        let text = unsafe { self.0.GetRemoteName() }?;
        // SAFETY: BITS allocated the string for its caller, with `CoTaskMemAlloc`.
        Ok(unsafe { handed_over(text) })
    }

    /// `GetProgress`: the bytes transferred, of how many, and whether the file is whole.
    pub(super) fn progress(&self) -> Result<BG_FILE_PROGRESS, WinError> {
        let mut progress = BG_FILE_PROGRESS::default();
        // SAFETY: the out-pointer points at a live local.
        unsafe { self.0.GetProgress(&raw mut progress) }?;
        Ok(progress)
    }

    /// `GetLocalName`.
    pub(super) fn local_name(&self) -> Result<String, WinError> {
        // SAFETY: a plain method call on a live file.
        let text = unsafe { self.0.GetLocalName() }?;
        // SAFETY: BITS allocated the string for its caller, with `CoTaskMemAlloc`.
        Ok(unsafe { handed_over(text) })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use windows::Win32::Foundation::{E_FAIL, S_FALSE, S_OK};
    use windows::Win32::System::Com::{CoTaskMemAlloc, COINIT_APARTMENTTHREADED};

    /// Initialises COM on this thread in a single-threaded apartment, as a GUI thread
    /// would: `S_OK` the first time.
    fn enter_single_threaded() -> HRESULT {
        // SAFETY: no reserved pointer is passed, and the flags are valid.
        unsafe { CoInitializeEx(None, COINIT_APARTMENTTHREADED) }
    }

    /// Balances one successful initialisation of COM on this thread.
    fn leave() {
        // SAFETY: every caller initialised COM on this thread before.
        unsafe { CoUninitialize() };
    }

    #[test]
    fn a_single_threaded_apartment_is_used_as_it_is() {
        let _serial = crate::bits::tests::serial();
        std::thread::spawn(|| {
            assert_eq!(enter_single_threaded(), S_OK);
            let queue = super::super::Queue::connect().expect("BITS from an STA thread");
            queue.scan().unwrap();
            drop(queue);
            // The apartment was not ours to leave: the thread is still in it.
            assert_eq!(enter_single_threaded(), S_FALSE);
            leave();
            leave();
        })
        .join()
        .unwrap();
    }

    #[test]
    fn the_apartment_is_left_when_the_queue_is_dropped() {
        let _serial = crate::bits::tests::serial();
        std::thread::spawn(|| {
            drop(super::super::Queue::connect().unwrap());
            // COM is no longer initialised on this thread: any apartment can be entered.
            assert_eq!(enter_single_threaded(), S_OK);
            leave();
        })
        .join()
        .unwrap();
    }

    #[test]
    fn without_com_the_manager_cannot_be_created() {
        // No other thread of the process is in the multithreaded apartment meanwhile (the
        // tests that enter it wait for this one), so this thread cannot borrow it.
        let _serial = crate::bits::tests::serial();
        std::thread::spawn(|| {
            let err = Manager::create().err().expect("no COM on this thread");
            // CO_E_NOTINITIALIZED
            assert_eq!(super::super::error::bits_of(err.code()), 0x8004_01F0);
        })
        .join()
        .unwrap();
    }

    #[test]
    fn nul_is_refused_before_bits() {
        let err = Wide::new("a\0b", "description").err().unwrap();
        assert_eq!(
            err.to_string(),
            "the description holds a NUL character, which BITS cannot store"
        );
        assert_eq!(Wide::new("", "description").unwrap().0, [0]);
        assert_eq!(
            Wide::new("a🎷", "description").unwrap().0,
            [0x61, 0xD83C, 0xDFB7, 0]
        );
    }

    /// `text` in memory from `CoTaskMemAlloc`, as a COM call hands a string over.
    fn task_memory(text: &[u16]) -> PWSTR {
        let bytes = core::mem::size_of_val(text);
        // SAFETY: a plain allocation; the result is checked for null below.
        let memory = unsafe { CoTaskMemAlloc(bytes) }.cast::<u16>();
        assert!(!memory.is_null());
        // SAFETY: the new block is `bytes` long, u16-aligned (COM's allocator aligns for
        // any type) and no other value overlaps it.
        unsafe { memory.copy_from_nonoverlapping(text.as_ptr(), text.len()) };
        PWSTR(memory)
    }

    #[test]
    fn a_handed_over_string_is_read_whole_and_lossily() {
        let text: Vec<u16> = "So What 🎷".encode_utf16().chain(Some(0)).collect();
        let read = |text: PWSTR| {
            // SAFETY: each string is handed over as COM hands one over (or is null).
            unsafe { handed_over(text) }
        };
        assert_eq!(read(task_memory(&text)), "So What 🎷");
        // An unpaired surrogate, which no Rust string holds, becomes U+FFFD.
        assert_eq!(read(task_memory(&[0x61, 0xD800, 0x62, 0])), "a\u{FFFD}b");
        assert_eq!(read(task_memory(&[0])), "");
        assert_eq!(read(PWSTR::null()), "");
    }

    /// An enumerator over `0..total` that hands out `per_call` at most a call.
    fn counting(
        total: u32,
        per_call: u32,
    ) -> impl FnMut(&mut [Option<u32>], &mut u32) -> Result<(), WinError> {
        let mut next = 0;
        move |slots, fetched| {
            let mut n = 0;
            for slot in slots.iter_mut().take(per_call as usize) {
                if next == total {
                    break;
                }
                *slot = Some(next);
                next += 1;
                n += 1;
            }
            *fetched = n;
            Ok(())
        }
    }

    #[test]
    fn draining_reads_every_batch() {
        for total in [0, 1, 15, 16, 17, 32, 33, 100] {
            let items = drain(counting(total, 16)).unwrap();
            assert_eq!(items, (0..total).collect::<Vec<_>>(), "{total}");
        }
        // An enumerator that hands out less than asked is at its end.
        assert_eq!(drain(counting(40, 5)).unwrap(), [0, 1, 2, 3, 4]);
    }

    #[test]
    fn draining_stops_at_an_error() {
        let mut calls = 0;
        let err = drain::<u32>(|_, _| {
            calls += 1;
            Err(WinError::from_hresult(E_FAIL))
        })
        .unwrap_err();
        assert_eq!(err.code(), E_FAIL);
        assert_eq!(calls, 1);
    }

    #[test]
    fn a_count_beyond_the_batch_is_read_as_a_full_batch() {
        let mut calls = 0;
        let items = drain(|slots: &mut [Option<u8>], fetched| {
            calls += 1;
            if calls == 1 {
                slots.fill(Some(7));
                *fetched = 1000;
            }
            Ok(())
        })
        .unwrap();
        assert_eq!(items, [7; BATCH]);
        assert_eq!(calls, 2);
    }
}
