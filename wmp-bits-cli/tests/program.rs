//! The installed program, run as a user runs it: its arguments, standard input and output,
//! and exit status (0 fine, 1 problems found, 2 usage or unreadable input).

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

/// Runs `wmp-bits` with `args` and `stdin`.
fn wmp_bits(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_wmp-bits"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the program starts");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin)
        .expect("the program reads its standard input");
    child.wait_with_output().unwrap()
}

fn status(output: &Output) -> i32 {
    output.status.code().expect("the program exits")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).expect("UTF-8 output")
}

/// The library's sample snapshot `name`.
fn sample(name: &str) -> String {
    let path: PathBuf = [
        env!("CARGO_MANIFEST_DIR"),
        "..",
        "wmp-bits",
        "tests",
        "data",
        name,
    ]
    .iter()
    .collect();
    path.to_str().unwrap().to_owned()
}

/// A file in the temporary folder that nothing uses yet, removed when dropped.
struct TempFile(PathBuf);

impl TempFile {
    fn new(name: &str) -> TempFile {
        let path =
            std::env::temp_dir().join(format!("wmp-bits-program-{}-{name}", std::process::id()));
        let _ = std::fs::remove_file(&path);
        TempFile(path)
    }

    fn arg(&self) -> &str {
        self.0.to_str().unwrap()
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

#[test]
fn help_lists_every_subcommand_and_each_has_its_own() {
    let out = wmp_bits(&["--help"], b"");
    assert_eq!(status(&out), 0);
    let help = text(&out.stdout);
    for name in ["inspect", "new-job", "doctor", "service-id", "watch"] {
        assert!(help.contains(&format!("\n  {name} ")), "{name}: {help}");
        let own = wmp_bits(&[name, "--help"], b"");
        assert_eq!(status(&own), 0, "{name}");
        assert!(
            text(&own.stdout).contains(&format!(
                "Usage: wmp-bits{} {name}",
                std::env::consts::EXE_SUFFIX
            )),
            "{name}: {}",
            text(&own.stdout)
        );
    }
}

#[test]
fn inspect_reads_a_dump_on_standard_input_and_exits_by_what_it_found() {
    let dump = b"\xEF\xBB\xBF::WMP_JOB:1:987654321:Proseware:Norah Jones:Come Away with Me:3:Cold Cold Heart:218:50\r\n\r\n";
    let out = wmp_bits(&["inspect"], dump);
    assert_eq!(status(&out), 0, "{}", text(&out.stdout));
    assert!(text(&out.stdout).contains("  title         Cold Cold Heart"));

    let out = wmp_bits(&["inspect", "--json"], b"::WMP_JOB:1:0:Contoso::::::\n");
    assert_eq!(status(&out), 1);
    let value: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(value["error"], "zero_service_id");

    let out = wmp_bits(&["inspect", "--jsn"], b"");
    assert_eq!(status(&out), 2);
    assert!(text(&out.stderr).starts_with("error: unexpected argument '--jsn' found"));
}

#[test]
fn new_job_without_a_service_id_says_how_to_draw_one_and_the_advice_works() {
    let job = [
        "--provider",
        "Proseware",
        "--artist",
        "Norah Jones",
        "--track",
        "3",
        "--title",
        "Cold Cold Heart",
        "--folder",
        r"C:\Users\Pat\Music",
        "--url",
        "https://downloads.proseware.example/t/3.wma",
    ];
    let out = wmp_bits(&[&["new-job"][..], &job].concat(), b"");
    assert_eq!(status(&out), 2);
    let message = text(&out.stderr);
    assert!(
        message.contains("run `wmp-bits service-id --write FILE` once, then give --service-id-file FILE to every new-job"),
        "{message}"
    );

    // As the message says: draw the id once, keep it, give it to every job.
    let kept = TempFile::new("service-id.txt");
    let out = wmp_bits(&["service-id", "--write", kept.arg()], b"");
    assert_eq!(status(&out), 0, "{}", text(&out.stderr));
    let id = text(&out.stdout).trim_end().to_owned();
    for track in ["3", "4"] {
        let mut args = [&["new-job", "--service-id-file", kept.arg()][..], &job].concat();
        args[8] = track;
        let out = wmp_bits(&args, b"");
        assert_eq!(status(&out), 0, "{}", text(&out.stderr));
        assert!(
            text(&out.stdout)
                .contains(&format!("::WMP_JOB:1:{id}:Proseware:Norah Jones::{track}:")),
            "{}",
            text(&out.stdout)
        );
    }
    // The kept id is never replaced.
    let out = wmp_bits(&["service-id", "--write", kept.arg()], b"");
    assert_eq!(status(&out), 2);
    assert_eq!(std::fs::read_to_string(&kept.0).unwrap().trim_end(), id);
}

#[test]
fn new_job_refuses_numbers_out_of_range_as_usage_errors() {
    let base = [
        "new-job",
        "--service-id",
        "1",
        "--provider",
        "P",
        "--local-name",
        r"C:\M\a.wma",
        "--url",
        "https://x/a.wma",
    ];
    for (flag, value) in [
        ("--service-id", "0"),
        ("--track", "0"),
        ("--track", "-1"),
        ("--duration", "-5"),
        ("--stars", "-1"),
    ] {
        let out = wmp_bits(&[&base[..], &[flag, value]].concat(), b"");
        assert_eq!(status(&out), 2, "{flag} {value}");
        assert!(
            text(&out.stderr).starts_with(&format!("error: invalid value '{value}' for '{flag} ")),
            "{flag} {value}: {}",
            text(&out.stderr)
        );
    }
}

#[test]
fn new_job_names_the_flag_that_sanitises_and_the_flag_works() {
    let args = [
        "new-job",
        "--service-id",
        "1",
        "--provider",
        "P",
        "--artist",
        "AC:DC",
        "--local-name",
        r"C:\M\a.wma",
        "--url",
        "https://x/a.wma",
    ];
    let out = wmp_bits(&args, b"");
    assert_eq!(status(&out), 1);
    assert!(
        text(&out.stderr).contains("\nhelp: --sanitize writes ':' as '："),
        "{}",
        text(&out.stderr)
    );
    let out = wmp_bits(&[&args[..], &["--sanitize"]].concat(), b"");
    assert_eq!(status(&out), 0, "{}", text(&out.stderr));
}

#[test]
fn doctor_diagnoses_the_sample_snapshots() {
    let out = wmp_bits(&["doctor", "--snapshot", &sample("wine-queue.json")], b"");
    assert_eq!(status(&out), 1);
    assert!(
        text(&out.stdout).contains("\": ignored\n"),
        "{}",
        text(&out.stdout)
    );

    let out = wmp_bits(
        &["doctor", "--snapshot", &sample("healthy-queue.json")],
        b"",
    );
    assert_eq!(status(&out), 0, "{}", text(&out.stdout));

    let missing = sample("no-such-file.json");
    let out = wmp_bits(&["doctor", "--snapshot", &missing], b"");
    assert_eq!(status(&out), 2);
    assert!(
        text(&out.stderr).starts_with(&format!("doctor: cannot read the snapshot {missing}: ")),
        "{}",
        text(&out.stderr)
    );
}

#[cfg(not(windows))]
#[test]
fn watch_needs_windows_elsewhere() {
    let out = wmp_bits(&["watch"], b"");
    assert_eq!(status(&out), 2);
    assert!(text(&out.stdout).is_empty());
    assert!(text(&out.stderr).starts_with("watch: the live queue needs Windows"));
}
