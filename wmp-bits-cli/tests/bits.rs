//! The Windows program against a real BITS service and registry (Windows, or Wine's BITS
//! under `scripts/test-windows`): the doctor on the live registry, and watch over a real
//! download from a loopback HTTP server.
//!
//! Elsewhere these tests are listed as ignored, with the reason. They run one at a time
//! (the queue and the registry are shared), cancel every job they make, and put back the
//! registry values they change.

#[test]
#[cfg_attr(
    not(windows),
    ignore = "needs Windows and its BITS service: scripts/test-windows runs it under Wine"
)]
fn doctor_names_the_command_that_turns_refresh_download_on_and_the_command_works() {
    #[cfg(windows)]
    live::doctor_names_the_command_that_turns_refresh_download_on_and_the_command_works();
}

#[test]
#[cfg_attr(
    not(windows),
    ignore = "needs Windows and its BITS service: scripts/test-windows runs it under Wine"
)]
fn watch_follows_a_real_download_until_it_has_transferred() {
    #[cfg(windows)]
    live::watch_follows_a_real_download_until_it_has_transferred();
}

// The library's Wine tests' loopback server, of which these tests use a part.
#[cfg(windows)]
#[allow(dead_code)]
#[path = "../../wmp-bits/tests/bits_wine/server.rs"]
mod server;

#[cfg(windows)]
mod live {
    use std::io::{BufRead, BufReader};
    use std::os::windows::process::CommandExt;
    use std::path::PathBuf;
    use std::process::{Command, Output, Stdio};
    use std::sync::mpsc;
    use std::sync::{Mutex, MutexGuard};
    use std::time::Duration;

    use serde_json::Value;
    use wmp_bits::bits::{JobId, Queue};
    use wmp_bits::{Descriptor, Job, Kind, ServiceId};

    use super::server::Server;

    const SERVICES: &str = r"HKCU\Software\Microsoft\MediaPlayer\Services";
    const CONTOSO: &str = r"HKLM\SOFTWARE\Microsoft\MediaPlayer\Subscriptions\Contoso";

    /// Held by every test for its whole run, so that the tests run one at a time.
    fn serial() -> MutexGuard<'static, ()> {
        static SERIAL: Mutex<()> = Mutex::new(());
        SERIAL
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Runs `wmp-bits` with `args`.
    fn wmp_bits(args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_wmp-bits"))
            .args(args)
            .stdin(Stdio::null())
            .output()
            .expect("the program starts")
    }

    /// Runs `reg` with `args`.
    fn reg(args: &[&str]) -> Output {
        Command::new("reg").args(args).output().unwrap()
    }

    /// Runs one command line exactly as written, as `cmd.exe /c` runs it (what a user does
    /// who pastes it into a console).
    fn cmd(line: &str) {
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

    /// The registry value `RefreshDownload` as `reg add` sets it again (`None`: missing),
    /// put back when dropped.
    struct RefreshDownload(Option<String>);

    impl RefreshDownload {
        fn save() -> RefreshDownload {
            let out = reg(&["query", SERVICES, "/v", "RefreshDownload"]);
            let text = String::from_utf8_lossy(&out.stdout);
            let saved = text.lines().find_map(|line| {
                let mut words = line.split_whitespace();
                (words.next() == Some("RefreshDownload") && words.next() == Some("REG_DWORD"))
                    .then(|| words.next().map(str::to_owned))
                    .flatten()
            });
            RefreshDownload(saved)
        }

        fn delete() {
            // Fails when there is no such value, which is what is wanted.
            reg(&["delete", SERVICES, "/v", "RefreshDownload", "/f"]);
        }

        fn set(value: &str) {
            let out = reg(&[
                "add",
                SERVICES,
                "/v",
                "RefreshDownload",
                "/t",
                "REG_DWORD",
                "/d",
                value,
                "/f",
            ]);
            assert!(out.status.success(), "reg add: {}", out.status);
        }
    }

    impl Drop for RefreshDownload {
        fn drop(&mut self) {
            match &self.0 {
                Some(value) => {
                    // `reg query` writes 0x1; `reg add /d` takes decimal.
                    let value = u32::from_str_radix(value.trim_start_matches("0x"), 16)
                        .map_or_else(|_| value.clone(), |v| v.to_string());
                    RefreshDownload::set(&value);
                }
                None => RefreshDownload::delete(),
            }
        }
    }

    /// The store key `Contoso`, created for the test and removed afterwards if it was not
    /// there before.
    struct Installed(bool);

    impl Installed {
        fn contoso() -> Installed {
            let existed = reg(&["query", CONTOSO]).status.success();
            assert!(reg(&["add", CONTOSO, "/f"]).status.success());
            Installed(existed)
        }
    }

    impl Drop for Installed {
        fn drop(&mut self) {
            if !self.0 {
                reg(&["delete", CONTOSO, "/f"]);
            }
        }
    }

    /// The doctor's JSON diagnosis of the live queue, and its exit status.
    fn diagnose() -> (i32, Value) {
        let out = wmp_bits(&["doctor", "--json"]);
        let value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
            panic!(
                "doctor --json: {e}\n{}\n{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            )
        });
        (out.status.code().unwrap(), value)
    }

    fn machine_codes(diagnosis: &Value) -> Vec<String> {
        diagnosis["problems"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["code"].as_str().unwrap().to_owned())
            .collect()
    }

    pub fn doctor_names_the_command_that_turns_refresh_download_on_and_the_command_works() {
        let _serial = serial();
        let _saved = RefreshDownload::save();
        RefreshDownload::delete();

        let (status, diagnosis) = diagnose();
        assert_eq!(machine_codes(&diagnosis), ["refresh_download_missing"]);
        // A missing value is a warning (nothing ensures the Player looks): it fails the
        // diagnosis only through the jobs.
        assert_eq!(diagnosis["problems"][0]["severity"], "warning");
        if diagnosis["jobs"].as_array().unwrap().is_empty() {
            assert_eq!(status, 0, "{diagnosis}");
        }
        let message = diagnosis["problems"][0]["message"].as_str().unwrap();
        let (_, command) = message
            .split_once("which this command sets: ")
            .unwrap_or_else(|| panic!("no command in {message:?}"));

        // The command, exactly as printed, as a user pastes it into a console.
        cmd(command);
        let (status, diagnosis) = diagnose();
        assert_eq!(machine_codes(&diagnosis), Vec::<String>::new());
        if diagnosis["jobs"].as_array().unwrap().is_empty() {
            assert_eq!(status, 0, "{diagnosis}");
        }

        // The text output says the same.
        RefreshDownload::delete();
        let out = wmp_bits(&["doctor"]);
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(
            text.starts_with(
                "warning: machine: the REG_DWORD value RefreshDownload does not exist under"
            ),
            "{text}"
        );
        assert!(text.contains(command), "{text}");
    }

    /// Cancels the job when dropped, and removes its folder.
    struct JobGuard {
        queue: Queue,
        id: JobId,
        dir: PathBuf,
    }

    impl Drop for JobGuard {
        fn drop(&mut self) {
            let _ = self.queue.cancel(self.id);
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }

    pub fn watch_follows_a_real_download_until_it_has_transferred() {
        let _serial = serial();
        let _saved = RefreshDownload::save();
        RefreshDownload::set("1");
        let _installed = Installed::contoso();

        let body: Vec<u8> = (0..300_000_u32)
            .map(|i| (i.wrapping_mul(2_654_435_761) >> 13).to_le_bytes()[0])
            .collect();
        let server = Server::start(body.clone());
        let dir = std::env::temp_dir().join(format!("wmp-bits-watch-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let descriptor =
            Descriptor::builder(Kind::Job, ServiceId::new(1_234_567).unwrap(), "Contoso")
                .album_artist("Test Artist")
                .title("Watched")
                .build()
                .unwrap();
        let job = Job::new(
            server.url("watched.wma"),
            dir.join("watched.wma").to_str().unwrap(),
            descriptor,
        )
        .with_display_name("wmp-bits watch");
        let queue = Queue::connect().unwrap();
        let id = queue.submit(&job).unwrap();
        let guard = JobGuard { queue, id, dir };

        let mut child = Command::new(env!("CARGO_BIN_EXE_wmp-bits"))
            .args(["watch", "--json", "--interval", "0.25"])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the program starts");
        // Read its lines on another thread, so that a watch that never ends is stopped.
        let stdout = child.stdout.take().unwrap();
        let (lines, received) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if lines.send(line).is_err() {
                    break;
                }
            }
        });
        let mut events: Vec<Value> = Vec::new();
        loop {
            match received.recv_timeout(Duration::from_secs(120)) {
                Ok(line) => events
                    .push(serde_json::from_str(&line).unwrap_or_else(|e| panic!("{e}: {line:?}"))),
                Err(mpsc::RecvTimeoutError::Disconnected) => break,
                Err(mpsc::RecvTimeoutError::Timeout) => {
                    let _ = child.kill();
                    panic!("watch did not end within 120 s of its last change: {events:#?}");
                }
            }
        }
        let out = child.wait_with_output().unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}\n{events:#?}",
            String::from_utf8_lossy(&out.stderr)
        );

        assert_eq!(events[0]["event"], "machine", "{events:#?}");
        assert_eq!(events[0]["problems"], serde_json::json!([]));
        let ours: Vec<&Value> = events
            .iter()
            .filter(|e| e["event"] == "job" && e["id"] == id.to_string())
            .collect();
        let last = ours
            .last()
            .unwrap_or_else(|| panic!("no event of {id}: {events:#?}"));
        assert_eq!(last["state"], "transferred", "{events:#?}");
        assert_eq!(last["verdict"], "picked_up", "{events:#?}");
        assert_eq!(last["display_name"], "wmp-bits watch");
        for event in &ours {
            // Before the transfer starts BITS may not know the size; once it does, it is
            // the body's.
            if !event["bytes_total"].is_null() {
                assert_eq!(event["bytes_total"], body.len(), "{event}");
            }
        }
        // The job has transferred: watch reports every byte of the body, of a known size.
        assert_eq!(last["bytes_transferred"], body.len(), "{last}");
        assert_eq!(last["bytes_total"], body.len(), "{last}");
        assert!(
            server.requests().iter().any(|r| r.starts_with("GET")),
            "{:?}",
            server.requests()
        );
        drop(guard);
    }
}
