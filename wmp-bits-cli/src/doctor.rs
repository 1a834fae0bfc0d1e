//! The Player doctor: why Windows Media Player would ignore the downloads in a BITS queue.
//!
//! ```text
//! wmp-bits doctor                                # the live queue (Windows)
//! wmp-bits doctor --snapshot q.json              # an exported queue, anywhere
//! wmp-bits doctor --export > q.json
//! wmp-bits doctor --snapshot q.json --json
//! ```
//!
//! Prints the machine's problems, then each of the Player's jobs with its verdict
//! (`picked_up`, `status_only` or `ignored`) and every problem, or the same as JSON with
//! `--json`; `--export` prints the snapshot itself, to diagnose on another machine. Exits 0
//! when every Player job is picked up or status only and the machine has no error, 1
//! otherwise, 2 on a usage error or a snapshot that cannot be read or taken.

use std::io::Write;
use std::path::{Path, PathBuf};

use serde_json::Value;
use wmp_bits::doctor::{self, Diagnosis, Snapshot};

/// Why Windows Media Player would ignore a download: diagnoses the BITS queue (the live
/// one on Windows, or an exported snapshot anywhere).
#[derive(Debug, clap::Args)]
#[command(after_help = EXIT_STATUS, after_long_help = format!("{SNAPSHOT_FORMAT}\n{EXIT_STATUS}"))]
pub struct Args {
    /// Diagnose this exported snapshot (JSON, as --export writes it) instead of the live
    /// queue
    #[arg(long, value_name = "FILE")]
    snapshot: Option<PathBuf>,
    /// Print the snapshot as JSON instead of diagnosing it
    #[arg(long, conflicts_with = "json")]
    export: bool,
    /// Print the diagnosis as JSON
    #[arg(long)]
    json: bool,
    /// Take every user's jobs from the live queue, not only the current user's (needs an
    /// elevated process)
    #[arg(long, conflicts_with = "snapshot")]
    all_users: bool,
}

/// The exit status for a usage error or a snapshot that cannot be read.
const USAGE: u8 = 2;

const EXIT_STATUS: &str = "Exit status: 0 when every Player job is picked up or status only and \
                           the machine has no error, 1 otherwise, 2 on a usage error or a \
                           snapshot that cannot be read or taken.";

/// The snapshot's JSON, in `--help`: an example with every field, each explained. Without
/// its comments it is a snapshot that `--snapshot` reads (a test makes sure, and that it
/// names every field the library's `Snapshot` has).
const SNAPSHOT_FORMAT: &str = r#"The snapshot (--export writes it, --snapshot reads it) is JSON, in UTF-8 or in UTF-16 with a
byte order mark. A field left out or null is unknown, and the checks that need it are
skipped, but for refresh_download: left out or null, it says that the value does not exist,
which is a warning. A field not shown here is refused.

{
  "user": "PC\\Pat",                  // the user whose Player looks at the queue
  "refresh_download": 1,              // RefreshDownload (REG_DWORD) under
                                      // HKCU\Software\Microsoft\MediaPlayer\Services;
                                      // left out or null: the value does not exist
  "installed_providers": ["Proseware"],
                                      // the key names under
                                      // HKLM\SOFTWARE\Microsoft\MediaPlayer\Subscriptions
  "jobs": [                           // every job of the queue, the Player's and others
    {
      "id": "{6B2F7E6C-3C50-4C6A-9E2B-1D4D8A0C2F11}",
      "display_name": "Norah Jones - Cold Cold Heart",
      "description": "::WMP_JOB:1:987654321:Proseware:Norah Jones:::Cold Cold Heart::",
                                      // exactly as BITS holds it: the text the Player reads
      "type": "download",             // download, upload or upload_reply
      "state": "transferring",        // queued, connecting, transferring, suspended, error,
                                      // transient_error, transferred, acknowledged or
                                      // cancelled
      "owner": "PC\\Pat",             // the account that owns the job
      "error": null,                  // what BITS says of the job's error, with its HRESULT
      "files": [                      // the job's files, each as given to AddFile
        {
          "remote_name": "https://downloads.proseware.example/t/3.mp3",
          "local_name": "C:\\Users\\Pat\\Music\\Cold Cold Heart.mp3"
        }
      ],
      "progress": {                   // how far the transfer is
        "bytes_transferred": 512,
        "bytes_total": 2048           // left out: BITS does not know the size yet
      }
    }
  ]
}
"#;

/// Diagnoses the queue (or exports its snapshot) as `args` say; the exit status.
pub fn run(args: &Args, out: &mut impl Write, err: &mut impl Write) -> u8 {
    let snapshot = match &args.snapshot {
        Some(path) => read_snapshot(path),
        None => live_snapshot(args.all_users),
    };
    let snapshot = match snapshot {
        Ok(snapshot) => snapshot,
        Err((message, status)) => {
            let _ = writeln!(err, "doctor: {message}");
            return status;
        }
    };
    if args.export {
        let text = serde_json::to_string_pretty(&snapshot).expect("a snapshot is plain data");
        return if writeln!(out, "{text}").is_ok() {
            0
        } else {
            USAGE
        };
    }
    let diagnosis = doctor::diagnose(&snapshot);
    let written = if args.json {
        writeln!(out, "{}", diagnosis_json(&diagnosis))
    } else {
        write!(out, "{diagnosis}")
    };
    if written.is_err() {
        // Standard output is gone (a closed pipe): nothing more to say.
        return USAGE;
    }
    u8::from(!diagnosis.is_ok())
}

/// The snapshot in `path`, or what is wrong with it: which file, where, and what was
/// expected.
fn read_snapshot(path: &Path) -> Result<Snapshot, (String, u8)> {
    let text = crate::text_file::read(path).map_err(|e| {
        (
            format!("cannot read the snapshot {}: {e}", path.display()),
            USAGE,
        )
    })?;
    serde_json::from_str(&text).map_err(|e| {
        let location = format!(" at line {} column {}", e.line(), e.column());
        let message = e.to_string();
        let message = message.strip_suffix(&location).unwrap_or(&message);
        (
            format!(
                "{}:{}:{}: not a snapshot of the BITS queue: {message} (expected the JSON \
                 that `wmp-bits doctor --export` writes)",
                path.display(),
                e.line(),
                e.column()
            ),
            USAGE,
        )
    })
}

#[cfg(windows)]
fn live_snapshot(all_users: bool) -> Result<Snapshot, (String, u8)> {
    use wmp_bits::bits::Queue;

    // A queue that cannot be read is a snapshot that cannot be taken: exit 2, as for a
    // file that cannot be read (1 means the diagnosis found problems).
    let queue = Queue::connect().map_err(|e| (e.to_string(), USAGE))?;
    let snapshot = if all_users {
        queue.snapshot_all_users()
    } else {
        queue.snapshot()
    };
    snapshot.map_err(|e| (e.to_string(), USAGE))
}

#[cfg(not(windows))]
fn live_snapshot(_all_users: bool) -> Result<Snapshot, (String, u8)> {
    Err((
        "the live queue needs Windows: pass --snapshot FILE with a snapshot exported by \
         `wmp-bits doctor --export` on the Windows machine"
            .to_owned(),
        USAGE,
    ))
}

/// The diagnosis as data: see `Diagnosis`'s JSON form.
fn diagnosis_json(diagnosis: &Diagnosis) -> Value {
    serde_json::to_value(diagnosis).unwrap_or(Value::Null)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const GOOD: &str = r#"{"user": "PC\\Pat", "refresh_download": 1, "installed_providers": ["Proseware"],
  "jobs": [{"id": "{6B2F7E6C-3C50-4C6A-9E2B-1D4D8A0C2F11}", "display_name": "Norah Jones - Cold Cold Heart",
            "description": "::WMP_JOB:1:987654321:Proseware:Norah Jones:Come Away with Me:3:Cold Cold Heart:218:50",
            "type": "download", "state": "transferring", "owner": "PC\\Pat",
            "files": [{"remote_name": "https://downloads.proseware.example/t/3.mp3",
                       "local_name": "C:\\Users\\Pat\\Music\\Cold Cold Heart.mp3"}]},
           {"id": "{0C1D}", "description": "nightly backup"}]}"#;

    /// A snapshot file with this text, removed when dropped.
    struct File(PathBuf);

    impl File {
        fn new(name: &str, text: impl AsRef<[u8]>) -> File {
            let path = std::env::temp_dir().join(format!(
                "wmp-bits-doctor-{}-{name}.json",
                std::process::id()
            ));
            std::fs::write(&path, text).unwrap();
            File(path)
        }

        fn arg(&self) -> String {
            self.0.to_str().unwrap().to_owned()
        }
    }

    impl Drop for File {
        fn drop(&mut self) {
            let _ = std::fs::remove_file(&self.0);
        }
    }

    /// (status, standard output, standard error).
    fn doctor(args: &[&str]) -> (u8, String, String) {
        let args: Vec<&str> = std::iter::once("doctor")
            .chain(args.iter().copied())
            .collect();
        crate::tests::wmp_bits(&args, b"")
    }

    #[test]
    fn a_healthy_queue_exits_0() {
        let file = File::new("good", GOOD);
        let (status, out, err) = doctor(&["--snapshot", &file.arg()]);
        assert_eq!((status, err.as_str()), (0, ""));
        assert_eq!(
            out,
            "{6B2F7E6C-3C50-4C6A-9E2B-1D4D8A0C2F11} \"Norah Jones - Cold Cold Heart\": \
             picked_up\n\n1 other job is not the Player's\n"
        );
    }

    #[test]
    fn a_broken_queue_exits_1_and_says_why() {
        let broken = GOOD
            .replace("::WMP_JOB:1:", "::wmp_job:1:")
            .replace(r#""refresh_download": 1, "#, "");
        let file = File::new("broken", &broken);
        let (status, out, err) = doctor(&["--snapshot", &file.arg()]);
        assert_eq!((status, err.as_str()), (1, ""));
        assert_eq!(
            out,
            "warning: machine: the REG_DWORD value RefreshDownload does not exist under \
             HKEY_CURRENT_USER\\Software\\Microsoft\\MediaPlayer\\Services, so nothing \
             ensures that the Player looks at the BITS queue; expected a nonzero value, which \
             this command sets: reg add \"HKCU\\Software\\Microsoft\\MediaPlayer\\Services\" \
             /v RefreshDownload /t REG_DWORD /d 1 /f [refresh_download_missing]\n\
             \n\
             {6B2F7E6C-3C50-4C6A-9E2B-1D4D8A0C2F11} \"Norah Jones - Cold Cold Heart\": \
             ignored\n  \
             error: description: unknown kind \"wmp_job\" at bytes 2..9: expected WMP_JOB or \
             WMP_STATUS (case-sensitive); a near miss: the Player needs exactly this description: \
             ::WMP_JOB:1:987654321:Proseware:Norah Jones:Come Away with Me:3:Cold Cold \
             Heart:218:50 [unknown_kind]\n\
             \n\
             1 other job is not the Player's\n"
        );
    }

    #[test]
    fn json_has_the_machine_problems_on_top_and_a_verdict_a_job() {
        let broken = GOOD.replace(r#""refresh_download": 1"#, r#""refresh_download": 0"#);
        let file = File::new("json", &broken);
        let (status, out, _) = doctor(&["--snapshot", &file.arg(), "--json"]);
        assert_eq!(status, 1);
        let value: Value = serde_json::from_str(&out).unwrap();
        let machine = doctor::diagnose(&serde_json::from_str(&broken).unwrap()).problems()[0]
            .message()
            .to_owned();
        assert_eq!(
            value,
            json!({
                "ok": false,
                "problems": [{"severity": "error", "code": "refresh_download_off",
                              "subject": "machine", "field": null, "span": null,
                              "message": machine}],
                "jobs": [{"index": 0, "id": "{6B2F7E6C-3C50-4C6A-9E2B-1D4D8A0C2F11}",
                          "display_name": "Norah Jones - Cold Cold Heart",
                          "state": "transferring", "verdict": "unwatched",
                          "descriptor": "::WMP_JOB:1:987654321:Proseware:Norah Jones:Come Away with Me:3:Cold Cold Heart:218:50",
                          "exact_description": null, "problems": []}],
                "other_jobs": 1,
            })
        );
        assert!(out.ends_with("}\n"));

        let mut job = doctor::SnapshotJob::new("{1}", "::WMP_STATUS:1:0:Proseware::::::");
        job.state = Some(doctor::JobState::Transferred);
        let mut snapshot = Snapshot::default();
        snapshot.refresh_download = Some(1);
        snapshot.jobs.push(job);
        let diagnosis = doctor::diagnose(&snapshot);
        let value = diagnosis_json(&diagnosis);
        assert_eq!(value["jobs"][0]["display_name"], Value::Null);
        assert_eq!(value["jobs"][0]["verdict"], "ignored");
        assert_eq!(value["jobs"][0]["problems"][0]["severity"], "error");
        assert_eq!(value["jobs"][0]["problems"][0]["code"], "zero_service_id");
        assert_eq!(value["other_jobs"], 0);
    }

    #[test]
    fn export_writes_the_snapshot_back() {
        let file = File::new("export", GOOD);
        let (status, out, err) = doctor(&["--snapshot", &file.arg(), "--export"]);
        assert_eq!((status, err.as_str()), (0, ""));
        let exported: Snapshot = serde_json::from_str(&out).unwrap();
        assert_eq!(exported, serde_json::from_str::<Snapshot>(GOOD).unwrap());
        assert!(out.starts_with("{\n  \"user\": \"PC\\\\Pat\",\n"), "{out}");
        // Exporting a broken queue is no failure: nothing was diagnosed.
        let broken = File::new("export-broken", r#"{"jobs": []}"#);
        assert_eq!(doctor(&["--snapshot", &broken.arg(), "--export"]).0, 0);
    }

    /// `text` in UTF-16 after its byte order mark, in the byte order of `bytes`.
    fn utf16(text: &str, bytes: fn(u16) -> [u8; 2]) -> Vec<u8> {
        std::iter::once(0xFEFF)
            .chain(text.encode_utf16())
            .flat_map(bytes)
            .collect()
    }

    #[test]
    fn a_snapshot_is_read_in_utf8_with_a_byte_order_mark_and_in_utf16() {
        let healthy = doctor(&["--snapshot", &File::new("utf8", GOOD).arg()]);
        assert_eq!(healthy.0, 0);
        let encodings = [
            ("utf8-bom", [b"\xEF\xBB\xBF", GOOD.as_bytes()].concat()),
            ("utf16le", utf16(GOOD, u16::to_le_bytes)),
            ("utf16be", utf16(GOOD, u16::to_be_bytes)),
        ];
        for (name, bytes) in encodings {
            let file = File::new(name, bytes);
            assert_eq!(doctor(&["--snapshot", &file.arg()]), healthy, "{name}");
        }
    }

    #[test]
    fn an_export_redirected_by_windows_powershell_is_read_back() {
        let (_, exported, _) = doctor(&["--snapshot", &File::new("ps-in", GOOD).arg(), "--export"]);
        // Windows PowerShell 5.1's `>` writes UTF-16LE with a byte order mark, and CRLF.
        let redirected = utf16(&exported.replace('\n', "\r\n"), u16::to_le_bytes);
        assert_eq!(&redirected[..2], b"\xFF\xFE");
        let file = File::new("ps-out", redirected);
        let (status, out, err) = doctor(&["--snapshot", &file.arg(), "--export"]);
        assert_eq!((status, err.as_str()), (0, ""));
        assert_eq!(out, exported);
    }

    #[test]
    fn a_snapshot_in_another_encoding_names_the_file_and_the_encodings_read() {
        // Latin-1, as an old editor writes "Zoë".
        let file = File::new("latin1", b"{\"user\": \"Zo\xEB\", \"jobs\": []}");
        let (status, out, err) = doctor(&["--snapshot", &file.arg()]);
        assert_eq!((status, out.as_str()), (2, ""));
        assert_eq!(
            err,
            format!(
                "doctor: cannot read the snapshot {}: invalid UTF-8 at byte 12 (0xEB): expected \
                 text in UTF-8 (with or without a byte order mark), or in UTF-16LE or UTF-16BE \
                 with a byte order mark\n",
                file.arg()
            )
        );
    }

    #[test]
    fn an_unreadable_snapshot_says_where_and_what_was_expected() {
        let file = File::new("typo", "{\"jobs\": [],\n \"refreshDownload\": 1}");
        let (status, out, err) = doctor(&["--snapshot", &file.arg()]);
        assert_eq!((status, out.as_str()), (2, ""));
        assert_eq!(
            err,
            format!(
                "doctor: {}:2:18: not a snapshot of the BITS queue: unknown field \
                 `refreshDownload`, expected one of `user`, `refresh_download`, \
                 `installed_providers`, `jobs` (expected the JSON that `wmp-bits doctor --export` \
                 writes)\n",
                file.arg()
            )
        );

        let file = File::new("cut", "{\"jobs\": [");
        let (status, _, err) = doctor(&["--snapshot", &file.arg()]);
        assert_eq!(status, 2);
        assert_eq!(
            err,
            format!(
                "doctor: {}:1:10: not a snapshot of the BITS queue: EOF while parsing a list \
                 (expected the JSON that `wmp-bits doctor --export` writes)\n",
                file.arg()
            )
        );

        let missing = std::env::temp_dir().join("wmp-bits-doctor-no-such-file.json");
        let (status, _, err) = doctor(&["--snapshot", missing.to_str().unwrap()]);
        assert_eq!(status, 2);
        assert!(
            err.starts_with(&format!(
                "doctor: cannot read the snapshot {}: ",
                missing.display()
            )),
            "{err}"
        );
    }

    /// The names of a JSON object's fields that serde lists when it refuses an unknown one
    /// in `json` (where `"?"` stands for the unknown field).
    fn fields_serde_expects(json: &str) -> Vec<String> {
        let message = serde_json::from_str::<Snapshot>(json)
            .unwrap_err()
            .to_string();
        let (_, expected) = message.split_once("expected").expect(&message);
        expected
            .split('`')
            .skip(1)
            .step_by(2)
            .map(str::to_owned)
            .collect()
    }

    /// The names of the fields of every object in `value`, by the name of the field that
    /// holds the object (`""` for the top).
    fn fields_shown(value: &Value, under: &str, found: &mut Vec<(String, Vec<String>)>) {
        match value {
            Value::Object(map) => {
                found.push((under.to_owned(), map.keys().cloned().collect()));
                for (key, v) in map {
                    fields_shown(v, key, found);
                }
            }
            Value::Array(items) => {
                for v in items {
                    fields_shown(v, under, found);
                }
            }
            _ => {}
        }
    }

    #[test]
    fn help_documents_the_snapshot_with_every_field_the_library_reads() {
        let (code, out, _) = doctor(&["--help"]);
        assert_eq!(code, 0);
        assert!(out.contains(SNAPSHOT_FORMAT), "{out}");

        // Without its comments, the example is a snapshot that the library reads.
        let json: String = SNAPSHOT_FORMAT
            .lines()
            .skip_while(|line| *line != "{")
            .map(|line| line.split(" //").next().unwrap())
            .collect::<Vec<_>>()
            .join("\n");
        let snapshot: Snapshot = serde_json::from_str(&json).expect("the example reads");
        assert_eq!(snapshot.jobs.len(), 1);

        // It shows every field of every part, as serde names them.
        let mut shown = Vec::new();
        fields_shown(&serde_json::from_str(&json).unwrap(), "", &mut shown);
        let sorted = |mut v: Vec<String>| {
            v.sort();
            v
        };
        let shown: Vec<(String, Vec<String>)> =
            shown.into_iter().map(|(k, v)| (k, sorted(v))).collect();
        let expected = [
            ("", r#"{"?": 0}"#),
            ("jobs", r#"{"jobs": [{"?": 0}]}"#),
            ("files", r#"{"jobs": [{"files": [{"?": 0}]}]}"#),
            ("progress", r#"{"jobs": [{"progress": {"?": 0}}]}"#),
        ];
        for (under, probe) in expected {
            let fields = sorted(fields_serde_expects(probe));
            assert!(
                shown.contains(&(under.to_owned(), fields.clone())),
                "{under}: the library reads {fields:?}, the help shows {shown:?}"
            );
        }
        assert_eq!(shown.len(), expected.len(), "{shown:?}");

        // And every value of the type and the state.
        let comments: String = SNAPSHOT_FORMAT
            .lines()
            .filter_map(|line| line.split_once(" //").map(|(_, c)| c))
            .collect::<Vec<_>>()
            .join(" ");
        for probe in [
            r#"{"jobs": [{"type": "?"}]}"#,
            r#"{"jobs": [{"state": "?"}]}"#,
        ] {
            for value in fields_serde_expects(probe) {
                assert!(comments.contains(&value), "{value} is not in the help");
            }
        }
        assert_eq!(
            fields_serde_expects(r#"{"jobs": [{"state": "?"}]}"#).len(),
            9
        );
    }

    #[test]
    fn help_says_what_a_field_left_out_means_as_the_doctor_reads_it() {
        let (_, help, _) = doctor(&["--help"]);
        let said = |text: &str| {
            help.split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .contains(text)
        };
        assert!(said(
            "A field left out or null is unknown, and the checks that need it are skipped"
        ));
        assert!(said("but for refresh_download: left out or null, it says that the value does not exist, which is a warning"));
        let codes = |snapshot: &str| -> Vec<(String, String)> {
            let file = File::new("left-out", snapshot);
            let (_, out, _) = doctor(&["--snapshot", &file.arg(), "--json"]);
            let value: Value = serde_json::from_str(&out).unwrap();
            value["problems"]
                .as_array()
                .unwrap()
                .iter()
                .chain(value["jobs"][0]["problems"].as_array().unwrap())
                .map(|p| {
                    (
                        p["severity"].as_str().unwrap().to_owned(),
                        p["code"].as_str().unwrap().to_owned(),
                    )
                })
                .collect()
        };
        assert_eq!(codes(GOOD), []);
        // The provider is checked against the installed stores, and not without them.
        let other_store = GOOD.replace(r#"["Proseware"]"#, r#"["Contoso"]"#);
        assert_eq!(
            codes(&other_store),
            [("error".to_owned(), "provider_not_installed".to_owned())]
        );
        let unknown_stores = GOOD.replace(r#""installed_providers": ["Proseware"],"#, "");
        assert_ne!(unknown_stores, GOOD);
        assert_eq!(codes(&unknown_stores), []);
        // Without RefreshDownload, the value does not exist.
        for missing in [
            GOOD.replace(r#""refresh_download": 1, "#, ""),
            GOOD.replace(r#""refresh_download": 1"#, r#""refresh_download": null"#),
        ] {
            assert_eq!(
                codes(&missing),
                [("warning".to_owned(), "refresh_download_missing".to_owned())]
            );
        }
    }

    #[test]
    fn usage_errors_exit_2_and_help_exits_0() {
        let (status, out, err) = doctor(&["--help"]);
        assert_eq!((status, err.as_str()), (0, ""));
        assert!(
            out.starts_with("Why Windows Media Player would ignore a download"),
            "{out}"
        );
        assert!(out.contains("--snapshot <FILE>"), "{out}");

        let (status, out, err) = doctor(&["--frobnicate"]);
        assert_eq!((status, out.as_str()), (2, ""));
        assert!(
            err.starts_with("error: unexpected argument '--frobnicate' found"),
            "{err}"
        );

        let file = File::new("both", GOOD);
        let (status, _, err) = doctor(&["--snapshot", &file.arg(), "--export", "--json"]);
        assert_eq!(status, 2);
        assert!(err.contains("cannot be used with"), "{err}");
        let (status, _, _) = doctor(&["--snapshot", &file.arg(), "--all-users"]);
        assert_eq!(status, 2);
    }

    #[cfg(not(windows))]
    #[test]
    fn without_windows_a_snapshot_is_needed() {
        let (status, out, err) = doctor(&[]);
        assert_eq!((status, out.as_str()), (2, ""));
        assert_eq!(
            err,
            "doctor: the live queue needs Windows: pass --snapshot FILE with a snapshot \
             exported by `wmp-bits doctor --export` on the Windows machine\n"
        );
    }
}
