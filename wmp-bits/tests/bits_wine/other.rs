//! What other programs do, for the Wine tests: jobs made with BITS' own calls (two files,
//! an upload, a `.wav` local name, a job never resumed: what `bits::Queue` itself never
//! makes), a job of another account's (Windows only), the registry set with `reg`,
//! `regedit` and `cmd`, and what the system says of the process.

use std::io::Write;
use std::os::windows::process::CommandExt;
use std::process::{Command, Output};

use windows::core::{GUID, HRESULT, HSTRING};
use windows::Win32::Foundation::{CloseHandle, HANDLE};
use windows::Win32::Networking::BackgroundIntelligentTransferService::{
    BackgroundCopyManager, IBackgroundCopyFile, IBackgroundCopyJob, IBackgroundCopyManager,
    IEnumBackgroundCopyFiles, IEnumBackgroundCopyJobs, BG_JOB_TYPE,
};
use windows::Win32::Security::{GetTokenInformation, TokenElevation, TOKEN_ELEVATION, TOKEN_QUERY};
use windows::Win32::System::Com::{CoCreateInstance, CoTaskMemFree, CLSCTX_LOCAL_SERVER};
use windows::Win32::System::LibraryLoader::{GetModuleHandleW, GetProcAddress};
use windows::Win32::System::Threading::{GetCurrentProcess, OpenProcessToken};
use wmp_bits::bits::JobId;

/// BITS' manager, as another program reaches it. COM must be initialised on the calling
/// thread (connect a `Queue` first).
pub fn manager() -> IBackgroundCopyManager {
    // SAFETY: COM is initialised on this thread (see above); BITS' own class and
    // interface.
    unsafe { CoCreateInstance(&BackgroundCopyManager, None, CLSCTX_LOCAL_SERVER) }.unwrap()
}

/// A job made as another program might make it: of any type, with any files (remote,
/// local), with a description or none, resumed or left suspended. COM must be initialised
/// on the calling thread (connect a `Queue` first).
pub fn create_job(
    display_name: &str,
    job_type: BG_JOB_TYPE,
    files: &[(&str, &str)],
    description: Option<&str>,
    resume: bool,
) -> JobId {
    let manager = manager();
    let mut guid = GUID::zeroed();
    let mut job: Option<IBackgroundCopyJob> = None;
    // SAFETY: the name outlives the call; both out-pointers point at live locals.
    unsafe {
        manager.CreateJob(
            &HSTRING::from(display_name),
            job_type,
            &raw mut guid,
            &raw mut job,
        )
    }
    .unwrap();
    let job = job.unwrap();
    for (remote, local) in files {
        // SAFETY: both strings outlive the call.
        unsafe { job.AddFile(&HSTRING::from(*remote), &HSTRING::from(*local)) }.unwrap();
    }
    if let Some(description) = description {
        // SAFETY: the string outlives the call.
        unsafe { job.SetDescription(&HSTRING::from(description)) }.unwrap();
    }
    if resume {
        // SAFETY: a plain method call on a live job.
        unsafe { job.Resume() }.unwrap();
    }
    JobId::from_u128(guid.to_u128())
}

/// One of each interface through which a reading of the queue reaches a job: an
/// enumerator of jobs, the job, its enumerator of files and its first file.
///
/// BITS runs in a process of its own, which keeps a stub for each interface a caller
/// holds, and unregisters an interface when the last of its stubs goes. Wine's COM can hang
/// for good in that step when it comes many times in a row (`RpcServerUnregisterIf`,
/// waiting for a call that has already returned). While one of each is held, reading the
/// queue in a loop never takes an interface down.
pub struct Held {
    _jobs: IEnumBackgroundCopyJobs,
    _job: IBackgroundCopyJob,
    _files: IEnumBackgroundCopyFiles,
    _file: IBackgroundCopyFile,
}

/// Holds the interfaces of [`Held`] for the job `id`, which has at least one file. COM must
/// be initialised on the calling thread (connect a `Queue` first).
pub fn hold(id: JobId) -> Held {
    let manager = manager();
    // SAFETY: a plain method call on the live manager.
    let jobs = unsafe { manager.EnumJobs(0) }.unwrap();
    let guid = GUID::from_u128(id.to_u128());
    // SAFETY: the GUID is a live local for the duration of the call.
    let job = unsafe { manager.GetJob(&raw const guid) }.unwrap();
    // SAFETY: a plain method call on a live job.
    let files = unsafe { job.EnumFiles() }.unwrap();
    let mut file = [None];
    let mut fetched = 0;
    // SAFETY: one empty slot for BITS to fill, and a live local for the count.
    unsafe { files.Next(&mut file, &raw mut fetched) }.unwrap();
    let [Some(file)] = file else {
        panic!("job {id} has no file");
    };
    Held {
        _jobs: jobs,
        _job: job,
        _files: files,
        _file: file,
    }
}

/// Whether this process runs under Wine (whose `ntdll.dll` exports `wine_get_version`).
pub fn under_wine() -> bool {
    // SAFETY: ntdll.dll is loaded in every process; both names are static and
    // NUL-terminated.
    unsafe {
        GetModuleHandleW(windows::core::w!("ntdll.dll")).is_ok_and(|ntdll| {
            GetProcAddress(ntdll, windows::core::s!("wine_get_version")).is_some()
        })
    }
}

/// BITS' own text for an `HRESULT` (`GetErrorDescription`), as another program reads it;
/// `None` when BITS has none (Wine's BITS does not implement the call). COM must be
/// initialised on the calling thread (connect a `Queue` first).
pub fn bits_text(hresult: u32) -> Option<String> {
    let hr = HRESULT(i32::from_ne_bytes(hresult.to_ne_bytes()));
    // SAFETY: a plain method call on the live manager, in the user's default language.
    let text = unsafe { manager().GetErrorDescription(hr, 0x0400) }.ok()?;
    // SAFETY: BITS allocated the string for its caller; it is read, then freed once.
    let read = unsafe { text.to_string() };
    // SAFETY: as above.
    unsafe { CoTaskMemFree(Some(text.as_ptr().cast_const().cast())) };
    read.ok()
}

/// Whether this process runs elevated (as an administrator, on Windows with UAC), which
/// BITS asks of a program that reads every user's jobs.
pub fn elevated() -> bool {
    let mut token = HANDLE::default();
    // SAFETY: the pseudo-handle of this process, and an out-pointer at a live local.
    unsafe { OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, &raw mut token) }.unwrap();
    let mut elevation = TOKEN_ELEVATION::default();
    let mut written = 0;
    // SAFETY: the token is open; the buffer is a live TOKEN_ELEVATION of the size given.
    let read = unsafe {
        GetTokenInformation(
            token,
            TokenElevation,
            Some((&raw mut elevation).cast()),
            u32::try_from(std::mem::size_of::<TOKEN_ELEVATION>()).unwrap(),
            &raw mut written,
        )
    };
    // SAFETY: the token was opened above, and is closed once.
    let _ = unsafe { CloseHandle(token) };
    read.is_ok() && elevation.TokenIsElevated != 0
}

/// The display name of the job that [`create_job_of_another_account`] makes (no spaces, so
/// that it passes through the Task Scheduler's command line as it is).
pub const ANOTHER_ACCOUNTS_JOB: &str = "wmp-bits-another-account";

/// Runs `command` once as the SYSTEM account, through the Task Scheduler (which an elevated
/// process may ask to), and waits for the task to be gone.
fn run_as_system(command: &str) {
    let task = "wmp-bits-as-system";
    run_ok(
        "schtasks",
        &[
            "/create", "/f", "/tn", task, "/ru", "SYSTEM", "/sc", "once", "/st", "00:00", "/tr",
            command,
        ],
    );
    run_ok("schtasks", &["/run", "/tn", task]);
    // The task runs on its own: give it the time a command takes, then take it away.
    std::thread::sleep(std::time::Duration::from_secs(5));
    run_ok("schtasks", &["/delete", "/f", "/tn", task]);
}

/// A download job of the SYSTEM account's, named [`ANOTHER_ACCOUNTS_JOB`], made with
/// `bitsadmin` run as SYSTEM, and cancelled (the same way) when the value is dropped. Needs
/// an elevated process on Windows; Wine's BITS has no accounts.
pub struct JobOfAnotherAccount(());

/// Makes the [`JobOfAnotherAccount`]; it may take BITS a few seconds more to list it.
pub fn create_job_of_another_account() -> JobOfAnotherAccount {
    run_as_system(&format!(
        "bitsadmin /create /download {ANOTHER_ACCOUNTS_JOB}"
    ));
    JobOfAnotherAccount(())
}

impl Drop for JobOfAnotherAccount {
    fn drop(&mut self) {
        run_as_system(&format!("bitsadmin /cancel {ANOTHER_ACCOUNTS_JOB}"));
    }
}

/// Says, on the test binary's standard error (which the test harness does not hold back),
/// that a check could not be made here and why; `scripts/windows/run-wine` counts these
/// lines, and `scripts/test-windows` lists them at the end of its run.
pub fn not_checked(test: &str, why: &str) {
    let line = format!("bits_wine: not checked: {test}: {why}\n");
    std::io::stderr().write_all(line.as_bytes()).unwrap();
}

/// Runs a program of the system (`reg`, `regedit`) with these arguments.
pub fn run(program: &str, args: &[&str]) -> Output {
    Command::new(program).args(args).output().unwrap()
}

/// Runs `program` and returns its standard output, failing the test if it fails.
pub fn run_ok(program: &str, args: &[&str]) -> String {
    let out = run(program, args);
    assert!(
        out.status.success(),
        "{program} {args:?}: {}\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Runs one command line exactly as written, as `cmd.exe /c` runs it (what a user does
/// who pastes it into a console).
pub fn cmd(line: &str) {
    let out = Command::new("cmd.exe")
        .arg("/c")
        .raw_arg(line)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{line}: {}\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
}
