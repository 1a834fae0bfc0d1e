//! The remote name of a job: every character BITS cannot take is reported at once, with the
//! URL that works; and a remote file of another format than its local name earns a warning
//! in the whole-job check.

use wmp_bits::validate::{self, Problem, Severity, Subject};
use wmp_bits::{Descriptor, Job};

fn codes(problems: &[Problem]) -> Vec<&'static str> {
    problems.iter().map(Problem::code).collect()
}

#[test]
fn several_bad_characters_are_one_problem_and_one_round() {
    let url = "https://downloads.proseware.example/t/AC DC/Back in Black [Live].mp3";
    let problems = validate::remote_name(url);
    assert_eq!(codes(&problems), ["remote_name_invalid_character"]);
    let p = &problems[0];
    // From the first space to the last one.
    assert_eq!(p.span(), Some(40..58));
    let fixed = "https://downloads.proseware.example/t/AC%20DC/Back%20in%20Black%20[Live].mp3";
    assert!(p
        .message()
        .starts_with("4 characters are not legal in a URL"));
    assert!(p.message().ends_with(&format!(
        "expected the URL as validate::bits_url writes it: {fixed}"
    )));
    assert_eq!(validate::bits_url(url).as_deref(), Ok(fixed));
    // One round: the named URL has no problem left.
    assert_eq!(validate::remote_name(fixed), []);
}

fn mismatch(local: &str, remote: &str) -> Vec<(Severity, Subject, &'static str)> {
    validate::job("::WMP_JOB:1:42:Proseware::::Song::")
        .local_name(local)
        .remote_name(remote)
        .check()
        .problems()
        .iter()
        .map(|p| (p.severity(), p.subject(), p.code()))
        .collect()
}

const WARNING: (Severity, Subject, &str) = (
    Severity::Warning,
    Subject::RemoteName,
    "remote_name_extension_mismatch",
);

#[test]
fn a_download_of_another_audio_format_than_its_local_name_is_a_warning() {
    for remote in [
        "https://h.example/t/1.m4a",
        "https://h.example/t/1.AAC",
        "https://h.example/t/1.flac?sig=abc",
        "https://h.example/t/1.ogg#t=0",
        "https://h.example/t/1.wav",
        "https://h.example/t/1.mp3",
        r"\\media\store\1.m4a",
        "file://media/store/1.opus",
    ] {
        assert_eq!(mismatch(r"C:\Music\1.wma", remote), [WARNING], "{remote}");
    }
    assert_eq!(
        mismatch(r"C:\Music\1.mp3", "https://h.example/t/1.wma"),
        [WARNING]
    );
}

#[test]
fn the_mismatch_names_both_formats_and_advice_that_works() {
    let report = validate::job("::WMP_JOB:1:42:Proseware::::Song::")
        .local_name(r"C:\Music\1.wma")
        .remote_name("https://h.example/t/1.mp3?sig=a.b")
        .check();
    let p = &report.problems()[0];
    assert_eq!(p.span(), Some(21..25));
    assert_eq!(
        p.message(),
        "remote name ends in .mp3 (MP3) at bytes 21..25, but the local name ends in .wma \
         (ASF): BITS copies the file as it is and the Player reads it by its local extension, \
         so it would not play; expected a local name ending in .mp3, or a remote file in the \
         ASF format of .wma"
    );
    // Following the advice: a local name ending in .mp3.
    assert_eq!(
        mismatch(r"C:\Music\1.mp3", "https://h.example/t/1.mp3?sig=a.b"),
        []
    );
}

#[test]
fn the_same_format_or_no_known_extension_is_no_warning() {
    for (local, remote) in [
        (r"C:\Music\1.wma", "https://h.example/t/1.wma"),
        (r"C:\Music\1.WMA", "https://h.example/t/1.wma"),
        // .wma, .wmv and .asf are all ASF.
        (r"C:\Music\1.wma", "https://h.example/t/1.asf"),
        (r"C:\Music\1.asf", "https://h.example/t/1.wmv"),
        // No extension, or one that names no audio or video format.
        (r"C:\Music\1.wma", "https://h.example/t/download?id=7"),
        (r"C:\Music\1.wma", "https://h.example/t/1.php"),
        (r"C:\Music\1.wma", "https://h.example/t/1"),
        // The host is no file name, nor the query.
        (r"C:\Music\1.wma", "https://cdn.mp3"),
        (r"C:\Music\1.wma", "https://h.example/t/1?f=x.m4a"),
        (r"C:\Music\1.wma", "https://h.example/get.aspx?f=x.m4a"),
    ] {
        assert_eq!(mismatch(local, remote), [], "{local} {remote}");
    }
    // A local name without a Player extension gets its own error, and no mismatch.
    assert_eq!(
        codes(
            validate::job("::WMP_JOB:1:42:Proseware::::Song::")
                .local_name(r"C:\Music\1.m4a")
                .remote_name("https://h.example/t/1.mp3")
                .check()
                .problems()
        ),
        ["local_name_extension"]
    );
}

#[test]
fn a_job_gets_the_mismatch_warning_and_stays_ok() {
    let d: Descriptor = "::WMP_JOB:1:42:Proseware:Norah Jones::3:Cold Cold Heart::"
        .parse()
        .unwrap();
    let job = Job::new(
        "https://downloads.proseware.example/t/3.m4a",
        r"C:\Music\03 Cold Cold Heart.wma",
        d,
    );
    let report = job.check();
    assert!(report.is_ok());
    assert_eq!(codes(report.problems()), ["remote_name_extension_mismatch"]);
    assert!(report.problems()[0].message().ends_with(
        "expected a remote file in the ASF format of .wma (the Player takes no MPEG-4 \
         download: only .wma, .wmv, .mp3 or .asf)"
    ));
    // The warning comes after the remote name's own problems and before the display name's.
    let codes_in_order: Vec<&str> = validate::job("::WMP_JOB:1:42:Proseware::::Song::")
        .local_name(r"C:\Music\1.wma")
        .remote_name("https://h.example/t/a b.m4a")
        .display_name("")
        .check()
        .problems()
        .iter()
        .map(Problem::code)
        .collect();
    assert_eq!(
        codes_in_order,
        [
            "remote_name_invalid_character",
            "remote_name_extension_mismatch",
            "display_name_empty"
        ]
    );
}
