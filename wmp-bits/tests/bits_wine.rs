//! The `bits` module against a real BITS service (Windows, or Wine's BITS
//! under `scripts/test-windows`).
//!
//! Downloads come from an HTTP server inside the test, on 127.0.0.1 only. Every
//! job a test creates is cancelled when the test ends, pass or fail. The tests
//! run one at a time: the queue and the registry are shared, and BITS changes
//! its list of jobs (it forgets cancelled ones) when any job is resumed.

#![cfg(all(windows, feature = "bits", feature = "getrandom"))]

mod common;
#[path = "bits_wine/heap.rs"]
mod heap;
#[path = "bits_wine/other.rs"]
mod other;
#[path = "bits_wine/server.rs"]
mod server;
#[path = "bits_wine/spy.rs"]
mod spy;
#[path = "bits_wine/static_com.rs"]
mod static_com;
#[path = "bits_wine/watch.rs"]
mod watch;

use std::net::TcpListener;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, MutexGuard};
use std::thread;
use std::time::{Duration, Instant};

use common::send_sync;
use server::Server;
use windows::Win32::Networking::BackgroundIntelligentTransferService::{
    BG_JOB_ENUM_ALL_USERS, BG_JOB_TYPE, BG_JOB_TYPE_DOWNLOAD, BG_JOB_TYPE_UPLOAD,
};
use wmp_bits::bits::{self, BitsError, BitsErrorKind, JobId, JobState, Queue};
use wmp_bits::doctor::{self, JobType, Progress, Snapshot, SnapshotFile, Verdict};
use wmp_bits::validate::{utf16_len, Problem, MAX_DESCRIPTION_UTF16};
use wmp_bits::{registry, Descriptor, Job, Kind, ServiceId};

/// Held by every test for its whole run, so that the tests run one at a time.
fn serial() -> MutexGuard<'static, ()> {
    static SERIAL: Mutex<()> = Mutex::new(());
    // A test that failed while holding the lock must not fail the others.
    SERIAL
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// `BG_E_STRING_TOO_LONG`.
const STRING_TOO_LONG: u32 = 0x8020_0021;

const VECTORS: &str = include_str!("vectors/descriptors.jsonl");

// ---------------------------------------------------------------------------
// Jobs

/// Cancels the job when dropped, so that no test leaves one in the queue, then
/// removes the job's directory.
struct JobGuard<'q> {
    queue: &'q Queue,
    id: JobId,
    dir: PathBuf,
}

impl Drop for JobGuard<'_> {
    fn drop(&mut self) {
        // A completed job can no longer be cancelled: that error is expected.
        let _ = self.queue.cancel(self.id);
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// A job to hang descriptions on. Its one file points at a loopback port that
/// nothing listens on, so BITS never fetches anything for it.
fn scratch_job(queue: &Queue) -> JobGuard<'_> {
    let descriptor = descriptor(Kind::Status, "scratch");
    let dir = temp_dir();
    let local = dir.join("unused.wma");
    let url = format!("http://127.0.0.1:{}/unused.wma", closed_port());
    let job =
        Job::new(url, local.to_str().unwrap(), descriptor).with_display_name("wmp-bits scratch");
    let id = queue.submit(&job).unwrap();
    JobGuard { queue, id, dir }
}

/// A loopback port that nothing listens on.
fn closed_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn descriptor(kind: Kind, title: &str) -> Descriptor {
    Descriptor::builder(kind, ServiceId::random().unwrap(), "Contoso")
        .album_artist("Test Artist")
        .album_title("Test Album")
        .track_number(1)
        .title(title)
        .duration_secs(60)
        .build()
        .unwrap()
}

/// A fresh directory under the temporary folder (a `C:\...` path under Wine).
fn temp_dir() -> PathBuf {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let dir = std::env::temp_dir().join(format!(
        "wmp-bits-{}-{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    ));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The job as the scan reports it.
fn scanned(queue: &Queue, id: JobId) -> Option<wmp_bits::bits::QueuedJob> {
    queue.scan().unwrap().into_iter().find(|job| job.id == id)
}

#[test]
fn values_and_errors_can_cross_threads() {
    fn error<E: std::error::Error + Send + Sync + 'static>() {}
    send_sync::<JobId>();
    send_sync::<JobState>();
    send_sync::<wmp_bits::bits::QueuedJob>();
    send_sync::<BitsErrorKind>();
    error::<wmp_bits::bits::ParseJobIdError>();
    error::<BitsError>();
}

// ---------------------------------------------------------------------------
// The test vectors (one JSON object a line; only the fields used here are read)

struct Vector {
    input: String,
    ok: bool,
    error: Option<String>,
}

fn vectors() -> Vec<Vector> {
    VECTORS
        .lines()
        .filter(|line| !line.trim().is_empty())
        .map(|line| Vector {
            input: json_string(line, "input").expect("every vector has an input"),
            ok: line.contains("\"ok\": true"),
            error: json_string(line, "error"),
        })
        .collect()
}

/// The value of the string field `key` of a one-line JSON object.
fn json_string(line: &str, key: &str) -> Option<String> {
    let start = line.find(&format!("\"{key}\": \""))? + key.len() + 5;
    let mut chars = line[start..].chars();
    let mut out = String::new();
    let mut pending_high = None::<u32>;
    while let Some(c) = chars.next() {
        match c {
            '"' => return Some(out),
            '\\' => {
                let escaped = match chars.next()? {
                    'u' => {
                        let hex: String = chars.by_ref().take(4).collect();
                        let unit = u32::from_str_radix(&hex, 16).ok()?;
                        if (0xD800..0xDC00).contains(&unit) {
                            pending_high = Some(unit);
                            continue;
                        }
                        let code = match pending_high.take() {
                            Some(high) => 0x10000 + ((high - 0xD800) << 10) + (unit - 0xDC00),
                            None => unit,
                        };
                        char::from_u32(code)?
                    }
                    'n' => '\n',
                    't' => '\t',
                    'r' => '\r',
                    'b' => '\u{8}',
                    'f' => '\u{c}',
                    other => other,
                };
                out.push(escaped);
            }
            c => out.push(c),
        }
    }
    None
}

// ---------------------------------------------------------------------------
// The tests

#[test]
fn status_job_downloads_and_is_completed_by_the_store() {
    let _serial = serial();
    let body: Vec<u8> = (0..300_000_u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13).to_le_bytes()[0])
        .collect();
    let server = Server::start(body.clone());
    let queue = Queue::connect().unwrap();
    let dir = temp_dir();
    let local = dir.join("So What.wma");
    let descriptor = descriptor(Kind::Status, "So What");

    let job = Job::new(
        server.url("so-what.wma"),
        local.to_str().unwrap(),
        descriptor.clone(),
    )
    .with_display_name("wmp-bits download");
    let id = queue.submit(&job).unwrap();
    let _guard = JobGuard {
        queue: &queue,
        id,
        dir: dir.clone(),
    };

    let seen = scanned(&queue, id).expect("the scan lists the new job");
    assert_eq!(seen.display_name, "wmp-bits download");
    assert_eq!(seen.description, descriptor.as_str());
    assert_eq!(
        seen.descriptor.as_ref().map(Descriptor::as_str),
        Ok(descriptor.as_str())
    );

    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        match queue.state(id).unwrap() {
            JobState::Transferred => break,
            state @ (JobState::Error | JobState::Cancelled | JobState::Acknowledged) => {
                panic!("job ended in {state:?}; requests: {:?}", server.requests())
            }
            state => assert!(
                Instant::now() < deadline,
                "still {state:?} after 60 s; requests: {:?}",
                server.requests()
            ),
        }
        thread::sleep(Duration::from_millis(100));
    }
    // The snapshot reads the job back as BITS holds it: its name, and every byte of the
    // file transferred, of a total that BITS now knows.
    let snapshot = snapshot_of(&queue, &[id]);
    let seen = &snapshot.jobs[0];
    assert_eq!(seen.display_name.as_deref(), Some("wmp-bits download"));
    let size = u64::try_from(body.len()).unwrap();
    assert_eq!(seen.progress, Some(Progress::new(size, Some(size))));
    queue.complete(id).unwrap();

    let got = std::fs::read(&local).unwrap();
    assert!(
        got == body,
        "downloaded {} bytes, served {}",
        got.len(),
        body.len()
    );
    assert!(
        scanned(&queue, id).is_none(),
        "a completed job leaves the scan"
    );
}

#[test]
fn submit_checks_the_job_before_bits() {
    let _serial = serial();
    let queue = Queue::connect().unwrap();
    let descriptor = descriptor(Kind::Job, "Nope");
    let job = Job::new(
        "http://127.0.0.1:9/x.wma",
        r"C:\music\track.ogg",
        descriptor,
    )
    .with_display_name("wmp-bits refused");
    let err = queue.submit(&job).unwrap_err();
    assert_eq!(err.kind(), BitsErrorKind::Rejected, "{err}");
    assert_eq!(
        err.to_string(),
        "the job breaks a rule of the convention, so nothing reached BITS: local name: local \
         name extension at bytes 14..18 is not one Windows Media Player downloads: expected \
         .wma, .wmv, .mp3 or .asf [local_name_extension]"
    );
    assert_eq!(err.report(), Some(&job.check()));
    assert_eq!((err.hresult(), err.operation()), (None, None));
    assert!(queue
        .scan()
        .unwrap()
        .iter()
        .all(|j| j.display_name != "wmp-bits refused"));
}

/// A job of `kind` whose one file points at a loopback port that nothing listens on.
fn unreachable_job<'q>(queue: &'q Queue, kind: Kind, name: &str) -> JobGuard<'q> {
    let dir = temp_dir();
    let local = dir.join("never.wma");
    let url = format!("http://127.0.0.1:{}/never.wma", closed_port());
    let job = Job::new(url, local.to_str().unwrap(), descriptor(kind, name))
        .with_display_name(format!("wmp-bits {name}"));
    let id = queue.submit(&job).unwrap();
    JobGuard { queue, id, dir }
}

#[test]
fn a_wmp_job_is_left_for_the_player_to_complete() {
    let _serial = serial();
    let queue = Queue::connect().unwrap();
    let job = unreachable_job(&queue, Kind::Job, "player completes");
    let err = queue.complete(job.id).unwrap_err();
    assert_eq!(err.kind(), BitsErrorKind::PlayerCompletes, "{err}");
    assert_eq!(err.job_id(), Some(job.id));
    assert_eq!(
        err.to_string(),
        format!(
            "job {} is a WMP_JOB job, which the Player completes itself: completing it here \
             would move the file without the Player ever adding it to its library; expected \
             Queue::cancel to remove the job, or Queue::force_complete to take the file anyway",
            job.id
        )
    );
    assert!(
        scanned(&queue, job.id).is_some(),
        "the job stays in the queue"
    );

    // A description the Player might read as WMP_JOB is refused too.
    let lowercase = queue
        .description(job.id)
        .unwrap()
        .replace("WMP_JOB", "wmp_job");
    queue.set_description(job.id, &lowercase).unwrap();
    assert_eq!(
        queue.complete(job.id).unwrap_err().kind(),
        BitsErrorKind::PlayerCompletes
    );

    // The named way out works.
    queue.force_complete(job.id).unwrap();
    assert!(scanned(&queue, job.id).is_none());
    assert_eq!(
        queue.force_complete(job.id).unwrap_err().hresult(),
        Some(0x8020_0002),
        "BG_E_INVALID_STATE: already completed"
    );
}

#[test]
fn a_status_job_and_a_job_that_is_not_the_players_can_be_completed() {
    let _serial = serial();
    let queue = Queue::connect().unwrap();
    let status = unreachable_job(&queue, Kind::Status, "store completes");
    queue.complete(status.id).unwrap();
    assert!(scanned(&queue, status.id).is_none());

    let other = unreachable_job(&queue, Kind::Job, "no longer the player's");
    queue.set_description(other.id, "nightly backup").unwrap();
    queue.complete(other.id).unwrap();
    assert_eq!(
        queue.complete(other.id).unwrap_err().hresult(),
        Some(0x8020_0002),
        "BG_E_INVALID_STATE: already completed"
    );
}

#[test]
fn unknown_job_is_reported_by_bits() {
    let _serial = serial();
    let queue = Queue::connect().unwrap();
    let id = JobId::from_u128(0x0123_4567_89ab_cdef_0123_4567_89ab_cdef);
    let err = queue.state(id).unwrap_err();
    assert_eq!(err.kind(), BitsErrorKind::Call, "{err}");
    assert_eq!(err.operation(), Some("GetJob"), "{err}");
    // BG_E_NOT_FOUND, and nothing else.
    assert_eq!(err.hresult(), Some(0x8020_0001), "{err}");
    let text = err.text().unwrap();
    assert!(!text.is_empty(), "{err}");
    assert_eq!(
        err.to_string(),
        format!("bits GetJob failed with 0x80200001: {text}")
    );
    // BITS' own text for the error comes first, where BITS has one (Windows; Wine's BITS
    // has none, and the text is then the system's, or the constant's name).
    if let Some(own) = other::bits_text(0x8020_0001) {
        assert_eq!(text, own.trim(), "{err}");
    }
    for err in [
        queue.cancel(id).unwrap_err(),
        queue.complete(id).unwrap_err(),
        queue.force_complete(id).unwrap_err(),
        queue.description(id).unwrap_err(),
        queue.set_description(id, "x").unwrap_err(),
    ] {
        assert_eq!(
            (err.operation(), err.hresult()),
            (Some("GetJob"), Some(0x8020_0001))
        );
    }
}

#[test]
fn valid_vectors_round_trip_through_bits_and_the_scan() {
    let _serial = serial();
    let queue = Queue::connect().unwrap();
    let job = scratch_job(&queue);
    let mut checked = 0;
    for vector in vectors().iter().filter(|v| v.ok) {
        queue.set_description(job.id, &vector.input).unwrap();
        assert_eq!(queue.description(job.id).unwrap(), vector.input);

        let expected: Descriptor = vector.input.parse().unwrap();
        let seen = scanned(&queue, job.id).expect("the scan lists the job");
        assert_eq!(seen.description, vector.input);
        let parsed = seen
            .descriptor
            .unwrap_or_else(|e| panic!("{:?}: {e}", vector.input));
        assert_eq!(parsed, expected);
        assert_eq!(parsed.as_str(), vector.input);
        checked += 1;
    }
    assert!(checked >= 10, "only {checked} valid vectors");
}

#[test]
fn invalid_vectors_show_up_in_the_scan_with_their_error_code() {
    let _serial = serial();
    let queue = Queue::connect().unwrap();
    let job = scratch_job(&queue);
    let mut checked = 0;
    // The vectors the Player reads as its own, by their structure: the scan lists those.
    for vector in vectors()
        .iter()
        .filter(|v| !v.ok && wmp_bits::lenient::classify(&v.input).is_players())
    {
        let code = vector.error.as_deref().unwrap();
        match queue.set_description(job.id, &vector.input) {
            Ok(()) => {}
            Err(err) if err.kind() == BitsErrorKind::Nul => {
                // BITS cannot store it at all; the parser must refuse it too.
                assert!(vector.input.parse::<Descriptor>().is_err());
                continue;
            }
            Err(err) => {
                assert_eq!(
                    err.hresult(),
                    Some(STRING_TOO_LONG),
                    "{:?}: {err}",
                    vector.input
                );
                assert_eq!(code, "too_long", "BITS refused {:?}: {err}", vector.input);
                continue;
            }
        }
        let seen = scanned(&queue, job.id).expect("the scan lists the job");
        assert_eq!(seen.description, vector.input);
        let err = seen.descriptor.expect_err(&vector.input);
        assert_eq!(err.code(), code, "{:?}", vector.input);
        checked += 1;
    }
    assert!(
        checked >= 10,
        "only {checked} invalid vectors went through BITS"
    );
}

#[test]
fn broken_conventions_are_explained_by_the_scan() {
    let _serial = serial();
    let queue = Queue::connect().unwrap();
    let job = scratch_job(&queue);
    for (description, code) in [
        ("::WMP_JOB:1:0:Contoso:A:B:1:T:1:50", "zero_service_id"),
        (
            "::WMP_JOB:1:7:Contoso:A:B:1:Title: with a colon:1:50",
            "field_count",
        ),
        (
            "::WMP_STATUS:2:7:Contoso:A:B:1:T:1:50",
            "unsupported_version",
        ),
        ("::WMP_JOB:1:7:Contoso:A:B:1:T:1:100", "invalid_rating"),
    ] {
        queue.set_description(job.id, description).unwrap();
        let seen = scanned(&queue, job.id).expect("the scan lists the job");
        let err = seen.descriptor.expect_err(description);
        assert_eq!(err.code(), code, "{description:?}: {err}");
    }

    // A near miss of the convention is the Player's: listed, with the strict error.
    queue
        .set_description(job.id, "::wmp_job:1:7:Contoso:A:B:1:T:1:50")
        .unwrap();
    let seen = scanned(&queue, job.id).expect("the scan lists a near miss");
    assert_eq!(seen.descriptor.unwrap_err().code(), "unknown_kind");
    // A description outside the convention is not the Player's, even when it mentions
    // the words: not listed.
    for other in [
        "nightly backup",
        "nightly copy of wmp_jobs.csv",
        "::WMP_JOBS:1",
    ] {
        queue.set_description(job.id, other).unwrap();
        assert!(scanned(&queue, job.id).is_none(), "{other}");
    }
}

/// A descriptor of exactly `units` UTF-16 code units, its title made of `fill`
/// (padded with ASCII where `fill` is two units wide and the parity is odd).
fn descriptor_of_length(units: usize, fill: char) -> String {
    let head = "::WMP_JOB:1:7:Contoso:A:B:1:";
    let tail = ":1:50";
    let room = units - utf16_len(head) - utf16_len(tail);
    let width = fill.len_utf16();
    let mut title: String = std::iter::repeat_n(fill, room / width).collect();
    title.extend(std::iter::repeat_n('x', room % width));
    let text = format!("{head}{title}{tail}");
    assert_eq!(utf16_len(&text), units);
    text
}

#[test]
fn bits_and_the_crate_agree_on_the_length_limit() {
    let _serial = serial();
    let queue = Queue::connect().unwrap();
    let job = scratch_job(&queue);

    assert_eq!(MAX_DESCRIPTION_UTF16, 1024);
    let mut cases: Vec<(String, bool)> = Vec::new();
    for units in [1023, 1024, 1025, 1026] {
        for fill in ['x', 'é', '音', '🎷'] {
            cases.push((descriptor_of_length(units, fill), true));
        }
    }
    for n in [511, 512, 513] {
        cases.push(("🎷".repeat(n), false));
        cases.push(("x".repeat(2 * n), false));
        cases.push(("x".repeat(2 * n + 1), false));
    }

    for (text, is_descriptor) in &cases {
        let units = utf16_len(text);
        let crate_fits = units <= MAX_DESCRIPTION_UTF16;
        let bits = queue.set_description(job.id, text);
        let bits_fits = match &bits {
            Ok(()) => true,
            Err(err) => {
                assert_eq!(err.hresult(), Some(STRING_TOO_LONG), "{units} units: {err}");
                assert_eq!(err.operation(), Some("SetDescription"));
                assert!(
                    err.to_string()
                        .starts_with("bits SetDescription failed with 0x80200021: "),
                    "{err}"
                );
                false
            }
        };
        assert_eq!(
            crate_fits,
            bits_fits,
            "{units} units ({} chars)",
            text.chars().count()
        );
        if bits_fits {
            assert_eq!(&queue.description(job.id).unwrap(), text, "{units} units");
        }
        if *is_descriptor {
            match text.parse::<Descriptor>() {
                Ok(parsed) => {
                    assert!(
                        bits_fits,
                        "the crate accepts {units} units that BITS refuses"
                    );
                    assert_eq!(parsed.as_str(), text);
                }
                Err(err) => {
                    assert!(
                        !bits_fits,
                        "the crate refuses {units} units that BITS stores: {err}"
                    );
                    assert_eq!(err.code(), "too_long");
                }
            }
        }
    }
}

// ---------------------------------------------------------------------------
// The doctor against the live queue and registry

const SERVICES: &str = r"HKCU\Software\Microsoft\MediaPlayer\Services";
const CONTOSO_KEY: &str = r"HKLM\SOFTWARE\Microsoft\MediaPlayer\Subscriptions\Contoso";

fn set_refresh_download(value: Option<&str>) {
    match value {
        Some(value) => {
            other::run_ok(
                "reg",
                &[
                    "add",
                    SERVICES,
                    "/v",
                    "RefreshDownload",
                    "/t",
                    "REG_DWORD",
                    "/d",
                    value,
                    "/f",
                ],
            );
        }
        None => {
            // Fails when there is no such value, which is what is wanted.
            other::run("reg", &["delete", SERVICES, "/v", "RefreshDownload", "/f"]);
        }
    }
}

fn set_contoso_installed(installed: bool) {
    if installed {
        other::run_ok("reg", &["add", CONTOSO_KEY, "/f"]);
    } else {
        other::run("reg", &["delete", CONTOSO_KEY, "/f"]);
    }
}

/// The live snapshot, with only these jobs.
fn snapshot_of(queue: &Queue, ids: &[JobId]) -> Snapshot {
    let mut snapshot = queue.snapshot().unwrap();
    let ids: Vec<String> = ids.iter().map(ToString::to_string).collect();
    snapshot.jobs.retain(|job| ids.contains(&job.id));
    snapshot
}

/// A job as another program makes it, never resumed, with one file (a `.wma` that nothing
/// serves unless `files` says otherwise).
fn held_job<'q>(
    queue: &'q Queue,
    name: &str,
    job_type: BG_JOB_TYPE,
    description: &str,
    files: usize,
    extension: &str,
) -> JobGuard<'q> {
    let dir = temp_dir();
    let url = format!("http://127.0.0.1:{}/held.wma", closed_port());
    let locals: Vec<String> = (0..files)
        .map(|i| {
            dir.join(format!("{i}.{extension}"))
                .to_str()
                .unwrap()
                .to_owned()
        })
        .collect();
    let files: Vec<(&str, &str)> = locals.iter().map(|l| (url.as_str(), l.as_str())).collect();
    let id = other::create_job(
        &format!("wmp-bits {name}"),
        job_type,
        &files,
        Some(description),
        false,
    );
    JobGuard { queue, id, dir }
}

/// A job submitted through the queue, whose file `server` serves (or not).
fn served_job<'q>(queue: &'q Queue, kind: Kind, title: &str, server: &Server) -> JobGuard<'q> {
    let dir = temp_dir();
    let job = Job::new(
        server.url("song.wma"),
        dir.join(format!("{title}.wma")).to_str().unwrap(),
        descriptor(kind, title),
    );
    let id = queue.submit(&job).unwrap();
    JobGuard { queue, id, dir }
}

/// Waits until the job leaves the states on its way (queued, connecting, transferring).
fn settled(queue: &Queue, id: JobId) -> JobState {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let state = queue.state(id).unwrap();
        if !matches!(
            state,
            JobState::Queued | JobState::Connecting | JobState::Transferring
        ) {
            return state;
        }
        assert!(Instant::now() < deadline, "still {state} after 60 s");
        thread::sleep(Duration::from_millis(100));
    }
}

fn codes(job: &doctor::JobDiagnosis) -> Vec<&'static str> {
    job.problems().iter().map(Problem::code).collect()
}

#[test]
fn the_snapshot_reads_back_what_the_job_was_given() {
    let _serial = serial();
    let queue = Queue::connect().unwrap();
    // Text beyond ASCII, and beyond the Basic Multilingual Plane, comes back whole.
    let name = "wmp-bits read back: Café 🎷";
    let description = format!("{} — Café 🎷", descriptor(Kind::Status, "read back"));
    let dir = temp_dir();
    let remote = format!("http://127.0.0.1:{}/read%20back.wma", closed_port());
    let local = dir.join("Café 🎷.wma").to_str().unwrap().to_owned();
    let id = other::create_job(
        name,
        BG_JOB_TYPE_DOWNLOAD,
        &[(&remote, &local)],
        Some(&description),
        false,
    );
    let _guard = JobGuard {
        queue: &queue,
        id,
        dir,
    };

    let snapshot = snapshot_of(&queue, &[id]);
    let [seen] = snapshot.jobs.as_slice() else {
        panic!("{id} is not in the snapshot once: {snapshot:#?}");
    };
    assert_eq!(seen.id, id.to_string());
    assert_eq!(seen.display_name.as_deref(), Some(name));
    assert_eq!(seen.description, description);
    assert_eq!(seen.job_type, Some(JobType::Download));
    assert_eq!(seen.state, Some(JobState::Suspended));
    assert_eq!(seen.error, None);
    assert_eq!(seen.files, Some(vec![SnapshotFile::new(remote, local)]));
    // Never resumed: nothing transferred, of a size BITS does not know yet.
    assert_eq!(seen.progress, Some(Progress::new(0, None)));
}

#[test]
fn a_held_job_is_suspended_and_a_cancelled_one_leaves_the_scan_and_the_snapshot() {
    let _serial = serial();
    let queue = Queue::connect().unwrap();
    let description = descriptor(Kind::Status, "held").to_string();
    let job = held_job(&queue, "held", BG_JOB_TYPE_DOWNLOAD, &description, 1, "wma");
    assert_eq!(queue.state(job.id).unwrap(), JobState::Suspended);
    assert_eq!(scanned(&queue, job.id).unwrap().state, JobState::Suspended);
    assert_eq!(
        snapshot_of(&queue, &[job.id]).jobs[0].state,
        Some(JobState::Suspended)
    );

    queue.cancel(job.id).unwrap();
    // BITS answers for a cancelled job until it forgets it (Wine keeps it until a job is
    // resumed), and lists it meanwhile; neither the scan nor the snapshot shows it.
    match queue.state(job.id) {
        Ok(state) => assert_eq!(state, JobState::Cancelled),
        Err(err) => assert_eq!(err.hresult(), Some(0x8020_0001), "{err}"),
    }
    assert!(scanned(&queue, job.id).is_none());
    assert!(snapshot_of(&queue, &[job.id]).jobs.is_empty());
    let again = queue.cancel(job.id).unwrap_err();
    assert!(
        matches!(again.hresult(), Some(0x8020_0001 | 0x8020_0002)),
        "{again}"
    );
}

#[test]
fn every_job_and_every_file_is_read_past_the_first_batch() {
    let _serial = serial();
    let queue = Queue::connect().unwrap();
    let description = descriptor(Kind::Status, "many").to_string();
    let jobs: Vec<JobGuard> = (0..20)
        .map(|i| {
            held_job(
                &queue,
                &format!("many {i}"),
                BG_JOB_TYPE_DOWNLOAD,
                &description,
                1,
                "wma",
            )
        })
        .collect();
    let ids: Vec<JobId> = jobs.iter().map(|j| j.id).collect();
    let scan = queue.scan().unwrap();
    for id in &ids {
        assert!(
            scan.iter().any(|j| j.id == *id),
            "{id} missing from the scan"
        );
    }
    assert_eq!(snapshot_of(&queue, &ids).jobs.len(), 20);

    let many = held_job(
        &queue,
        "many files",
        BG_JOB_TYPE_DOWNLOAD,
        &description,
        20,
        "wma",
    );
    let snapshot = snapshot_of(&queue, &[many.id]);
    let mut locals: Vec<String> = snapshot.jobs[0]
        .files
        .as_ref()
        .unwrap()
        .iter()
        .map(|f| f.local_name.clone())
        .collect();
    locals.sort();
    let mut expected: Vec<String> = (0..20)
        .map(|i| {
            many.dir
                .join(format!("{i}.wma"))
                .to_str()
                .unwrap()
                .to_owned()
        })
        .collect();
    expected.sort();
    assert_eq!(locals, expected);
}

#[test]
fn a_job_in_error_is_seen_with_what_bits_says() {
    let _serial = serial();
    set_contoso_installed(true);
    let server = Server::missing();
    let queue = Queue::connect().unwrap();
    let dir = temp_dir();
    let job = Job::new(
        server.url("gone.wma"),
        dir.join("gone.wma").to_str().unwrap(),
        descriptor(Kind::Job, "gone"),
    );
    let id = queue.submit(&job).unwrap();
    let _guard = JobGuard {
        queue: &queue,
        id,
        dir,
    };
    // 404 is final: BITS does not retry it.
    assert_eq!(settled(&queue, id), JobState::Error);
    assert_eq!(scanned(&queue, id).unwrap().state, JobState::Error);

    let snapshot = snapshot_of(&queue, &[id]);
    let seen = &snapshot.jobs[0];
    assert_eq!(seen.state, Some(JobState::Error));
    let error = seen.error.clone().expect("BITS says what went wrong");
    if other::under_wine() {
        // Wine's BITS has no texts of its own (GetErrorDescription is not implemented),
        // so the text is the crate's for BG_E_HTTP_ERROR_404.
        assert_eq!(
            error,
            "0x80190194: the server answered with HTTP status 404"
        );
    } else {
        assert!(
            error.starts_with("0x80190194: ") && error.len() > 12,
            "{error}"
        );
    }

    let diagnosis = doctor::diagnose(&snapshot);
    let job = &diagnosis.jobs()[0];
    assert_eq!(job.verdict(), Verdict::Ignored);
    assert_eq!(codes(job), ["job_in_error"]);
    assert!(
        job.problems()[0]
            .message()
            .contains(&format!("(BITS says: {error})")),
        "{diagnosis}"
    );
}

/// The job's verdict and the codes of its problems are these; the display name is
/// BITS', and the owner (when BITS names one) is the snapshot's user.
fn assert_verdict(
    snapshot: &Snapshot,
    diagnosis: &doctor::Diagnosis,
    id: JobId,
    verdict: Verdict,
    problems: &[&str],
) {
    let id = id.to_string();
    let job = diagnosis
        .jobs()
        .iter()
        .find(|j| j.id() == id)
        .unwrap_or_else(|| panic!("{id} not diagnosed"));
    let seen = snapshot.jobs.iter().find(|j| j.id == id).unwrap();
    assert_eq!(
        (job.verdict(), codes(job).as_slice()),
        (verdict, problems),
        "{:?}:\n{job}",
        job.display_name()
    );
    assert_eq!(job.display_name(), seen.display_name.as_deref());
    if let Some(owner) = &seen.owner {
        // Windows names the owner; Wine's BITS does not implement GetOwner.
        assert_eq!(Some(owner), snapshot.user.as_ref());
    }
}

/// Every verdict on real jobs of Wine's BITS; the held jobs, never resumed, are named as
/// suspended too.
#[test]
fn the_doctor_gives_each_job_its_verdict() {
    let _serial = serial();
    set_refresh_download(Some("1"));
    set_contoso_installed(true);
    let body = vec![7_u8; 50_000];
    let server = Server::start(body);
    let missing = Server::missing();
    let queue = Queue::connect().unwrap();

    let valid = descriptor(Kind::Job, "held").to_string();
    let picked_up = served_job(&queue, Kind::Job, "Picked Up", &server);
    let status = served_job(&queue, Kind::Status, "Status Only", &server);
    let in_error = served_job(&queue, Kind::Job, "Not Found", &missing);
    let two_files = held_job(&queue, "two files", BG_JOB_TYPE_DOWNLOAD, &valid, 2, "wma");
    let wav = held_job(&queue, "wav", BG_JOB_TYPE_DOWNLOAD, &valid, 1, "wav");
    let lowercase = held_job(
        &queue,
        "lowercase kind",
        BG_JOB_TYPE_DOWNLOAD,
        &valid.replace("WMP_JOB", "wmp_job"),
        1,
        "wma",
    );
    let newline = held_job(
        &queue,
        "trailing newline",
        BG_JOB_TYPE_DOWNLOAD,
        &format!("{valid}\r\n"),
        1,
        "wma",
    );
    let upload = held_job(&queue, "upload", BG_JOB_TYPE_UPLOAD, &valid, 1, "wma");
    let fabrikam = held_job(
        &queue,
        "not installed",
        BG_JOB_TYPE_DOWNLOAD,
        &valid.replace(":Contoso:", ":Fabrikam:"),
        1,
        "wma",
    );
    let backup = held_job(
        &queue,
        "backup",
        BG_JOB_TYPE_DOWNLOAD,
        "nightly backup",
        1,
        "wma",
    );
    for job in [&picked_up, &status] {
        assert_eq!(settled(&queue, job.id), JobState::Transferred);
    }
    assert_eq!(settled(&queue, in_error.id), JobState::Error);

    let held = |code| vec![code, "job_suspended"];
    let expected = [
        (&picked_up, Verdict::PickedUp, vec![]),
        (
            &status,
            Verdict::StatusOnly,
            vec!["status_job_awaiting_complete"],
        ),
        (&in_error, Verdict::Ignored, vec!["job_in_error"]),
        (&two_files, Verdict::Ignored, held("job_file_count")),
        (&wav, Verdict::Ignored, held("local_name_extension")),
        (&lowercase, Verdict::Ignored, held("unknown_kind")),
        (&newline, Verdict::Ignored, held("invalid_rating")),
        (&upload, Verdict::Ignored, held("job_not_download")),
        (&fabrikam, Verdict::Ignored, held("provider_not_installed")),
    ];
    let mut ids: Vec<JobId> = expected.iter().map(|(job, ..)| job.id).collect();
    ids.push(backup.id);
    let snapshot = snapshot_of(&queue, &ids);
    assert_eq!(snapshot.refresh_download, Some(1));
    assert!(snapshot
        .installed_providers
        .as_ref()
        .unwrap()
        .iter()
        .any(|k| k.eq_ignore_ascii_case("Contoso")));
    let diagnosis = doctor::diagnose(&snapshot);
    // What the README shows (`--nocapture`): the snapshot, as `doctor --export` writes it,
    // and the diagnosis.
    #[cfg(feature = "serde")]
    println!("{}", serde_json::to_string_pretty(&snapshot).unwrap());
    println!("{diagnosis}");
    assert!(diagnosis.problems().is_empty(), "{diagnosis}");
    assert_eq!(diagnosis.other_jobs(), 1);
    assert_eq!(diagnosis.jobs().len(), expected.len());
    for (guard, verdict, problems) in expected {
        assert_verdict(&snapshot, &diagnosis, guard.id, verdict, &problems);
    }
    // The near misses name the exact text the Player needs.
    for guard in [&lowercase, &newline] {
        let job = diagnosis
            .jobs()
            .iter()
            .find(|j| j.id() == guard.id.to_string())
            .unwrap();
        assert!(
            job.problems()[0].message().ends_with(&format!(
                "the Player needs exactly this description: {valid}"
            )),
            "{job}"
        );
    }
}

#[test]
fn refresh_download_is_read_as_the_player_reads_it() {
    let _serial = serial();
    let queue = Queue::connect().unwrap();
    let machine = |queue: &Queue| -> Vec<&'static str> {
        let snapshot = snapshot_of(queue, &[]);
        doctor::diagnose(&snapshot)
            .problems()
            .iter()
            .map(Problem::code)
            .collect()
    };

    set_refresh_download(None);
    assert_eq!(bits::refresh_download().unwrap(), None);
    assert_eq!(machine(&queue), ["refresh_download_missing"]);

    set_refresh_download(Some("0"));
    assert_eq!(bits::refresh_download().unwrap(), Some(0));
    assert_eq!(machine(&queue), ["refresh_download_off"]);

    set_refresh_download(Some("7"));
    assert_eq!(bits::refresh_download().unwrap(), Some(7));
    assert!(machine(&queue).is_empty());

    // Not a REG_DWORD: not the switch the Player reads.
    other::run_ok(
        "reg",
        &[
            "add",
            SERVICES,
            "/v",
            "RefreshDownload",
            "/t",
            "REG_SZ",
            "/d",
            "1",
            "/f",
        ],
    );
    assert_eq!(bits::refresh_download().unwrap(), None);

    // The command the doctor names, run as a user would paste it, turns the switch on.
    set_refresh_download(None);
    let snapshot = snapshot_of(&queue, &[]);
    let diagnosis = doctor::diagnose(&snapshot);
    let (_, command) = diagnosis.problems()[0]
        .message()
        .split_once("which this command sets: ")
        .unwrap();
    assert_eq!(command, registry::refresh_download_command(true));
    other::cmd(command);
    assert_eq!(bits::refresh_download().unwrap(), Some(1));
    assert!(machine(&queue).is_empty());
}

#[test]
fn the_reg_file_imports_with_regedit() {
    let _serial = serial();
    let dir = temp_dir();
    let query = || other::run_ok("reg", &["query", SERVICES, "/v", "RefreshDownload"]);

    let off = dir.join("off.reg");
    std::fs::write(&off, registry::refresh_download_reg(false)).unwrap();
    other::run_ok("regedit", &["/s", off.to_str().unwrap()]);
    let shown = query();
    assert!(
        shown.contains("RefreshDownload") && shown.contains("REG_DWORD") && shown.contains("0x0"),
        "{shown}"
    );
    assert_eq!(bits::refresh_download().unwrap(), Some(0));

    // As regedit writes it: UTF-16LE with a byte order mark.
    let on = dir.join("on.reg");
    std::fs::write(
        &on,
        registry::to_utf16le_bytes(registry::refresh_download_reg(true)),
    )
    .unwrap();
    other::run_ok("regedit", &["/s", on.to_str().unwrap()]);
    let shown = query();
    assert!(
        shown.contains("REG_DWORD") && shown.contains("0x1"),
        "{shown}"
    );
    assert_eq!(bits::refresh_download().unwrap(), Some(1));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_key_the_doctor_names_installs_the_store() {
    let _serial = serial();
    set_refresh_download(Some("1"));
    set_contoso_installed(false);
    let queue = Queue::connect().unwrap();
    assert!(!bits::installed_providers()
        .unwrap()
        .iter()
        .any(|k| k.eq_ignore_ascii_case("Contoso")));
    let valid = descriptor(Kind::Job, "installed").to_string();
    let job = held_job(&queue, "installed", BG_JOB_TYPE_DOWNLOAD, &valid, 1, "wma");

    let diagnosis = doctor::diagnose(&snapshot_of(&queue, &[job.id]));
    let seen = &diagnosis.jobs()[0];
    // The job is held (never resumed): suspended, a warning beside the error.
    assert_eq!(codes(seen), ["provider_not_installed", "job_suspended"]);
    let (_, key) = seen.problems()[0]
        .message()
        .split_once("the store's installer creates the key ")
        .unwrap();
    assert_eq!(key, CONTOSO_KEY);
    other::run_ok("reg", &["add", key, "/f"]);

    assert!(bits::installed_providers()
        .unwrap()
        .iter()
        .any(|k| k == "Contoso"));
    let diagnosis = doctor::diagnose(&snapshot_of(&queue, &[job.id]));
    assert_eq!(
        diagnosis.jobs()[0].verdict(),
        Verdict::PickedUp,
        "{diagnosis}"
    );
    assert!(diagnosis.is_ok());
}

#[test]
fn a_store_key_name_of_the_registrys_longest_is_read_whole() {
    let _serial = serial();
    let longest = "S".repeat(255);
    let key = format!(r"HKLM\SOFTWARE\Microsoft\MediaPlayer\Subscriptions\{longest}");
    other::run_ok("reg", &["add", &key, "/f"]);
    let installed = bits::installed_providers();
    other::run_ok("reg", &["delete", &key, "/f"]);
    assert!(installed.unwrap().contains(&longest));
}

#[test]
fn every_users_snapshot_holds_another_accounts_job() {
    const TEST: &str = "every_users_snapshot_holds_another_accounts_job";
    let _serial = serial();
    let queue = Queue::connect().unwrap();
    let valid = descriptor(Kind::Job, "all users").to_string();
    let mine = held_job(&queue, "all users", BG_JOB_TYPE_DOWNLOAD, &valid, 1, "wma");
    let holds = |snapshot: &Snapshot, id: &str| snapshot.jobs.iter().any(|j| j.id == id);

    if other::under_wine() {
        // Wine's BITS keeps one list of jobs for every account, with no owners (GetOwner is
        // not implemented), and its EnumJobs reads no flag: no job can be another
        // account's, and every user's snapshot reads as the user's own. What the snapshots
        // ask BITS for is seen through the watch.
        let watched = watch::watch();
        let through_watch = Queue::connect().unwrap();
        let snapshot = through_watch.snapshot_all_users().unwrap();
        assert!(holds(&snapshot, &mine.id.to_string()));
        assert!(holds(
            &through_watch.snapshot().unwrap(),
            &mine.id.to_string()
        ));
        drop(through_watch);
        assert_eq!(
            watched.enum_flags(),
            [BG_JOB_ENUM_ALL_USERS, 0],
            "every user's snapshot, then the user's"
        );
        drop(watched);
        other::not_checked(
            TEST,
            "Wine's BITS has no accounts (no GetOwner) and reads no BG_JOB_ENUM_ALL_USERS, so \
             no job of another account's can be made (the flag was checked on the way to BITS \
             instead)",
        );
        return;
    }
    if !other::elevated() {
        // BITS shows every user's jobs to an administrator only.
        let err = queue.snapshot_all_users().unwrap_err();
        assert_eq!(
            (err.operation(), err.hresult()),
            (Some("EnumJobs"), Some(0x8007_0005)),
            "{err}"
        );
        other::not_checked(
            TEST,
            "this process is not elevated, so BITS refuses every user's jobs (as checked); \
             run the tests as an administrator to read another account's job",
        );
        return;
    }

    let _system_job = other::create_job_of_another_account();
    let is_theirs =
        |j: &&doctor::SnapshotJob| j.display_name.as_deref() == Some(other::ANOTHER_ACCOUNTS_JOB);
    let deadline = Instant::now() + Duration::from_secs(60);
    let snapshot = loop {
        let snapshot = queue.snapshot_all_users().unwrap();
        if snapshot.jobs.iter().any(|j| is_theirs(&j)) {
            break snapshot;
        }
        assert!(
            Instant::now() < deadline,
            "no job of SYSTEM's after 60 s: {snapshot:#?}"
        );
        thread::sleep(Duration::from_millis(500));
    };
    let theirs = snapshot.jobs.iter().find(is_theirs).unwrap();
    assert_eq!(theirs.owner.as_deref(), Some(r"NT AUTHORITY\SYSTEM"));
    assert!(holds(&snapshot, &mine.id.to_string()));
    // The user's own snapshot holds the user's job, not SYSTEM's.
    let own = queue.snapshot().unwrap();
    assert!(holds(&own, &mine.id.to_string()) && !holds(&own, &theirs.id));
}

// ---------------------------------------------------------------------------
// Memory that Windows hands over

#[test]
fn reading_the_queue_frees_what_windows_hands_over() {
    let _serial = serial();
    let queue = Queue::connect().unwrap();
    let valid = descriptor(Kind::Job, "memory").to_string();
    // Suspended, so that it never has an error to read.
    let job = held_job(&queue, "memory", BG_JOB_TYPE_DOWNLOAD, &valid, 1, "wma");
    let _held = other::hold(job.id);
    // The first reading sets up what COM and the system keep for the rest of the process.
    queue.snapshot().unwrap();
    queue.description(job.id).unwrap();

    let before = heap::blocks_in_use();
    let frees = spy::watch(|| {
        for _ in 0..100 {
            // The user's SID as text (LocalAlloc); the job's names and description, its
            // file's names (CoTaskMemAlloc).
            queue.snapshot().unwrap();
            queue.description(job.id).unwrap();
        }
    });
    let after = heap::blocks_in_use();
    // Every string BITS handed over is freed once, never twice: five a reading of the job
    // alone (its name, its description twice, its file's two names).
    assert!(
        frees.twice.is_empty(),
        "{} blocks of COM's freed twice, the first at {:#x}",
        frees.twice.len(),
        frees.twice[0]
    );
    assert!(
        frees.once >= 500,
        "only {} blocks of COM's freed",
        frees.once
    );
    assert!(heap::is_valid(), "the process's heap is damaged");
    // A guard that did not free would keep a block for each reading, 100 at least; the
    // other tests wait for this one, so the count holds still otherwise.
    assert!(
        after < before + 50,
        "{before} blocks in use before 100 readings, {after} after"
    );
}
