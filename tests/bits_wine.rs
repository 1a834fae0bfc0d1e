//! The `bits` module against a real BITS service (Windows, or Wine's BITS
//! under `scripts/test-windows`).
//!
//! Downloads come from an HTTP server inside the test, on 127.0.0.1 only. Every
//! job a test creates is cancelled when the test ends, pass or fail.

#![cfg(all(windows, feature = "bits", feature = "getrandom"))]

use std::io::{BufRead, BufReader, ErrorKind, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use wmp_bits::bits::{BitsError, BitsErrorKind, JobId, JobState, Queue};
use wmp_bits::validate::{utf16_len, MAX_DESCRIPTION_UTF16};
use wmp_bits::{Descriptor, Job, Kind, ServiceId};

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

// ---------------------------------------------------------------------------
// A loopback HTTP server

/// Serves one body at every path, answering HEAD and GET (with `Range`),
/// until dropped.
struct Server {
    addr: SocketAddr,
    stop: Arc<AtomicBool>,
    requests: Arc<Mutex<Vec<String>>>,
    thread: Option<JoinHandle<()>>,
}

impl Server {
    fn start(body: Vec<u8>) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let stop = Arc::new(AtomicBool::new(false));
        let requests = Arc::new(Mutex::new(Vec::new()));
        let body = Arc::new(body);
        let thread = {
            let stop = Arc::clone(&stop);
            let requests = Arc::clone(&requests);
            thread::spawn(move || {
                let mut connections = Vec::new();
                for stream in listener.incoming() {
                    if stop.load(Ordering::SeqCst) {
                        break;
                    }
                    let Ok(stream) = stream else { continue };
                    let body = Arc::clone(&body);
                    let requests = Arc::clone(&requests);
                    let stop = Arc::clone(&stop);
                    connections.push(thread::spawn(move || {
                        let _ = serve(stream, &body, &requests, &stop);
                    }));
                }
                for connection in connections {
                    let _ = connection.join();
                }
            })
        };
        Self {
            addr,
            stop,
            requests,
            thread: Some(thread),
        }
    }

    fn url(&self, path: &str) -> String {
        format!("http://{}/{path}", self.addr)
    }

    fn requests(&self) -> Vec<String> {
        self.requests.lock().unwrap().clone()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wake the accept loop so that it sees the flag.
        let _ = TcpStream::connect(self.addr);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// Answers the requests on one connection until the client closes it, the
/// server stops or it has been idle for 10 s; every wait is bounded.
fn serve(
    stream: TcpStream,
    body: &[u8],
    log: &Mutex<Vec<String>>,
    stop: &AtomicBool,
) -> std::io::Result<()> {
    stream.set_write_timeout(Some(Duration::from_secs(10)))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut writer = stream;
    loop {
        // Wait for the next request in short steps, so that a connection the
        // client keeps alive does not hold up the server's shutdown.
        writer.set_read_timeout(Some(Duration::from_millis(100)))?;
        let idle_since = Instant::now();
        loop {
            if stop.load(Ordering::SeqCst) || idle_since.elapsed() > Duration::from_secs(10) {
                return Ok(());
            }
            match reader.fill_buf() {
                Ok([]) => return Ok(()),
                Ok(_) => break,
                Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {}
                Err(e) => return Err(e),
            }
        }
        writer.set_read_timeout(Some(Duration::from_secs(10)))?;

        let mut request_line = String::new();
        if reader.read_line(&mut request_line)? == 0 {
            return Ok(());
        }
        let mut range = None;
        let mut content_length = 0_usize;
        let mut close = false;
        loop {
            let mut line = String::new();
            if reader.read_line(&mut line)? == 0 {
                return Ok(());
            }
            let line = line.trim_end();
            if line.is_empty() {
                break;
            }
            let Some((name, value)) = line.split_once(':') else {
                continue;
            };
            let value = value.trim();
            match name.trim().to_ascii_lowercase().as_str() {
                "range" => range = Some(value.to_owned()),
                "content-length" => content_length = value.parse().unwrap_or(0),
                "connection" => close = value.eq_ignore_ascii_case("close"),
                _ => {}
            }
        }
        // Drain any request body (none is expected).
        std::io::copy(
            &mut (&mut reader).take(content_length as u64),
            &mut std::io::sink(),
        )?;

        let mut parts = request_line.split_whitespace();
        let method = parts.next().unwrap_or("").to_owned();
        log.lock().unwrap().push(match &range {
            Some(range) => format!("{method} {range}"),
            None => method.clone(),
        });

        let total = body.len();
        let (status, slice, content_range) =
            match range.as_deref().and_then(|r| parse_range(r, total)) {
                Some(Ok((first, last))) => (
                    "206 Partial Content",
                    &body[first..=last],
                    Some(format!("bytes {first}-{last}/{total}")),
                ),
                Some(Err(())) => (
                    "416 Range Not Satisfiable",
                    &body[..0],
                    Some(format!("bytes */{total}")),
                ),
                None => ("200 OK", body, None),
            };
        let mut head = format!(
            "HTTP/1.1 {status}\r\nContent-Type: application/octet-stream\r\nAccept-Ranges: bytes\r\n\
             Last-Modified: Mon, 01 Jan 2024 00:00:00 GMT\r\nContent-Length: {}\r\n",
            slice.len()
        );
        if let Some(content_range) = content_range {
            head.push_str("Content-Range: ");
            head.push_str(&content_range);
            head.push_str("\r\n");
        }
        head.push_str(if close {
            "Connection: close\r\n\r\n"
        } else {
            "\r\n"
        });
        writer.write_all(head.as_bytes())?;
        if method != "HEAD" {
            writer.write_all(slice)?;
        }
        writer.flush()?;
        if close {
            let _ = writer.shutdown(Shutdown::Both);
            return Ok(());
        }
    }
}

/// `bytes=a-b`, `bytes=a-` or `bytes=-n` against a body of `total` bytes:
/// `None` when the header is not a single byte range (serve the whole body),
/// `Err` when it is unsatisfiable.
fn parse_range(header: &str, total: usize) -> Option<Result<(usize, usize), ()>> {
    let spec = header.strip_prefix("bytes=")?;
    if spec.contains(',') {
        return None;
    }
    let (first, last) = spec.split_once('-')?;
    let (first, last) = match (first.trim(), last.trim()) {
        ("", suffix) => {
            let n: usize = suffix.parse().ok()?;
            (total.saturating_sub(n), total.checked_sub(1)?)
        }
        (first, "") => (first.parse().ok()?, total.checked_sub(1)?),
        (first, last) => {
            let last: usize = last.parse().ok()?;
            (first.parse().ok()?, last.min(total.checked_sub(1)?))
        }
    };
    Some(if first <= last && last < total {
        Ok((first, last))
    } else {
        Err(())
    })
}

#[test]
fn the_test_server_reads_range_headers() {
    assert_eq!(parse_range("bytes=0-99", 1000), Some(Ok((0, 99))));
    assert_eq!(parse_range("bytes=900-", 1000), Some(Ok((900, 999))));
    assert_eq!(parse_range("bytes=-100", 1000), Some(Ok((900, 999))));
    assert_eq!(parse_range("bytes=990-2000", 1000), Some(Ok((990, 999))));
    assert_eq!(parse_range("bytes=1000-1001", 1000), Some(Err(())));
    assert_eq!(parse_range("bytes=0-1,5-6", 1000), None);
    assert_eq!(parse_range("items=0-1", 1000), None);
}

#[test]
fn values_and_errors_can_cross_threads() {
    fn send_sync<T: Send + Sync + 'static>() {}
    fn error<E: std::error::Error + Send + Sync + 'static>() {}
    send_sync::<JobId>();
    send_sync::<JobState>();
    send_sync::<wmp_bits::bits::QueuedJob>();
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
    let queue = Queue::connect().unwrap();
    let job = scratch_job(&queue);
    let mut checked = 0;
    for vector in vectors()
        .iter()
        .filter(|v| !v.ok && v.input.starts_with("::WMP_"))
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

    // A description outside the convention is not the Player's: not listed.
    queue.set_description(job.id, "nightly backup").unwrap();
    assert!(scanned(&queue, job.id).is_none());
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
