//! A loopback HTTP server for the Wine tests: one body at every path, or 404 everywhere.

use std::io::{BufRead, BufReader, ErrorKind, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

/// Serves one body at every path (or 404), answering HEAD and GET (with
/// `Range`), until dropped.
pub struct Server {
    addr: SocketAddr,
    stop: Arc<AtomicBool>,
    requests: Arc<Mutex<Vec<String>>>,
    thread: Option<JoinHandle<()>>,
}

impl Server {
    /// Serves `body` at every path.
    pub fn start(body: Vec<u8>) -> Self {
        Self::serving(Some(body))
    }

    /// Answers 404 Not Found at every path.
    pub fn missing() -> Self {
        Self::serving(None)
    }

    fn serving(body: Option<Vec<u8>>) -> Self {
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
                        let _ = serve(stream, (*body).as_deref(), &requests, &stop);
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

    pub fn url(&self, path: &str) -> String {
        format!("http://{}/{path}", self.addr)
    }

    pub fn requests(&self) -> Vec<String> {
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
    body: Option<&[u8]>,
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

        let Some(body) = body else {
            return not_found(&mut writer);
        };
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

/// Answers 404 Not Found and closes the connection.
fn not_found(writer: &mut TcpStream) -> std::io::Result<()> {
    writer
        .write_all(b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")?;
    writer.flush()?;
    let _ = writer.shutdown(Shutdown::Both);
    Ok(())
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
