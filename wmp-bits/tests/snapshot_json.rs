//! The doctor's snapshot as JSON (feature `serde`): the shape a customer exports and a
//! support engineer reads back, and the errors that say what was expected where.
#![cfg(feature = "serde")]

use serde_json::{json, Value};
use wmp_bits::doctor::{self, JobState, JobType, Snapshot, SnapshotFile, SnapshotJob, Verdict};

const EXPORTED: &str = r#"{"user": "PC\\Pat", "refresh_download": 1, "installed_providers": ["Proseware"],
 "jobs": [{"id": "{6B2F7E6C-3C50-4C6A-9E2B-1D4D8A0C2F11}", "display_name": "Norah Jones - Cold Cold Heart",
           "description": "::WMP_JOB:1:987654321:Proseware:Norah Jones:Come Away with Me:3:Cold Cold Heart:218:50",
           "type": "download", "state": "transferring", "owner": "PC\\Pat",
           "error": null,
           "files": [{"remote_name": "https://downloads.proseware.example/t/3.mp3",
                      "local_name": "C:\\Users\\Pat\\Music\\Cold Cold Heart.mp3"}]}]}"#;

fn error(json: &str) -> String {
    serde_json::from_str::<Snapshot>(json)
        .unwrap_err()
        .to_string()
}

#[test]
fn the_documented_shape_reads_back() {
    let s: Snapshot = serde_json::from_str(EXPORTED).unwrap();
    assert_eq!(s.user.as_deref(), Some(r"PC\Pat"));
    assert_eq!(s.refresh_download, Some(1));
    assert_eq!(s.installed_providers, Some(vec!["Proseware".to_owned()]));
    assert_eq!(s.jobs.len(), 1);
    let j = &s.jobs[0];
    assert_eq!(j.id, "{6B2F7E6C-3C50-4C6A-9E2B-1D4D8A0C2F11}");
    assert_eq!(
        j.display_name.as_deref(),
        Some("Norah Jones - Cold Cold Heart")
    );
    assert_eq!(j.job_type, Some(JobType::Download));
    assert_eq!(j.state, Some(JobState::Transferring));
    assert_eq!(j.owner.as_deref(), Some(r"PC\Pat"));
    assert_eq!(j.error, None);
    assert_eq!(
        j.files,
        Some(vec![SnapshotFile::new(
            "https://downloads.proseware.example/t/3.mp3",
            r"C:\Users\Pat\Music\Cold Cold Heart.mp3"
        )])
    );
    let d = doctor::diagnose(&s);
    assert_eq!(d.jobs()[0].verdict(), Verdict::PickedUp);
    assert!(d.is_ok(), "{d}");
}

#[test]
fn unknown_fields_are_left_out_and_everything_else_round_trips() {
    let mut s = Snapshot::default();
    s.refresh_download = Some(0);
    let mut bare = SnapshotJob::new("{1}", "");
    bare.files = Some(Vec::new());
    s.jobs.push(bare);
    assert_eq!(
        serde_json::to_value(&s).unwrap(),
        json!({"refresh_download": 0, "jobs": [{"id": "{1}", "description": "", "files": []}]})
    );
    assert_eq!(
        serde_json::to_string(&Snapshot::default()).unwrap(),
        r#"{"jobs":[]}"#
    );

    let mut s: Snapshot = serde_json::from_str(EXPORTED).unwrap();
    s.installed_providers = Some(Vec::new());
    s.jobs[0].error = Some("0x80190194: the server answered with HTTP status 404".into());
    s.jobs[0].job_type = Some(JobType::UploadReply);
    s.jobs[0].state = Some(JobState::TransientError);
    let text = serde_json::to_string(&s).unwrap();
    assert_eq!(
        text,
        r#"{"user":"PC\\Pat","refresh_download":1,"installed_providers":[],"jobs":[{"id":"{6B2F7E6C-3C50-4C6A-9E2B-1D4D8A0C2F11}","display_name":"Norah Jones - Cold Cold Heart","description":"::WMP_JOB:1:987654321:Proseware:Norah Jones:Come Away with Me:3:Cold Cold Heart:218:50","type":"upload_reply","state":"transient_error","owner":"PC\\Pat","error":"0x80190194: the server answered with HTTP status 404","files":[{"remote_name":"https://downloads.proseware.example/t/3.mp3","local_name":"C:\\Users\\Pat\\Music\\Cold Cold Heart.mp3"}]}]}"#
    );
    assert_eq!(serde_json::from_str::<Snapshot>(&text).unwrap(), s);
}

#[test]
fn states_and_types_are_their_names() {
    for state in JobState::ALL {
        assert_eq!(
            serde_json::to_value(state).unwrap(),
            Value::String(state.as_str().into())
        );
        let back: JobState = serde_json::from_value(json!(state.as_str())).unwrap();
        assert_eq!(back, state);
    }
    for t in [JobType::Download, JobType::Upload, JobType::UploadReply] {
        assert_eq!(
            serde_json::to_value(t).unwrap(),
            Value::String(t.as_str().into())
        );
    }
}

#[test]
fn nulls_read_as_unknown() {
    let s: Snapshot = serde_json::from_str(
        r#"{"user": null, "refresh_download": null, "installed_providers": null,
            "jobs": [{"id": "{1}", "description": "x", "display_name": null, "type": null,
                      "state": null, "owner": null, "error": null, "files": null}]}"#,
    )
    .unwrap();
    let mut expected = Snapshot::default();
    expected.jobs.push(SnapshotJob::new("{1}", "x"));
    assert_eq!(s, expected);
}

#[test]
fn errors_say_where_and_what_was_expected() {
    assert_eq!(
        error(r#"{"jobs": [], "refreshDownload": 1}"#),
        "unknown field `refreshDownload`, expected one of `user`, `refresh_download`, \
         `installed_providers`, `jobs` at line 1 column 30"
    );
    assert_eq!(
        error(r#"{"refresh_download": 1}"#),
        "missing field `jobs` at line 1 column 23"
    );
    assert_eq!(
        error("{\"jobs\": [\n  {\"id\": \"{1}\", \"description\": \"\", \"state\": \"running\"}]}"),
        "unknown variant `running`, expected one of `queued`, `connecting`, `transferring`, \
         `suspended`, `error`, `transient_error`, `transferred`, `acknowledged`, `cancelled` \
         at line 2 column 53"
    );
    assert_eq!(
        error(r#"{"jobs": [{"id": "{1}", "description": "", "type": "Download"}]}"#),
        "unknown variant `Download`, expected one of `download`, `upload`, `upload_reply` at \
         line 1 column 61"
    );
    assert_eq!(
        error(r#"{"jobs": [{"id": "{1}"}]}"#),
        "missing field `description` at line 1 column 23"
    );
    assert_eq!(
        error(r#"{"jobs": [], "refresh_download": -1}"#),
        "invalid value: integer `-1`, expected u32 at line 1 column 35"
    );
    assert_eq!(
        error(r#"{"jobs": [{"id": "{1}", "description": "", "files": [{"remote_name": "x"}]}]}"#),
        "missing field `local_name` at line 1 column 73"
    );
    assert_eq!(
        error(r#"{"jobs": [{"id": "{1}", "description": "", "job_type": "upload"}]}"#),
        "unknown field `job_type`, expected one of `id`, `display_name`, `description`, \
         `type`, `state`, `owner`, `error`, `files`, `progress` at line 1 column 53"
    );
}

/// The queue exported from Wine's BITS by `tests/bits_wine.rs` (the README shows the
/// doctor's output on it): read anywhere, it gets the verdicts the live queue got.
#[test]
fn the_queue_exported_from_wine_gets_the_live_verdicts() {
    let text = include_str!("data/wine-queue.json");
    let snapshot: Snapshot = serde_json::from_str(text).unwrap();
    let diagnosis = doctor::diagnose(&snapshot);
    assert!(diagnosis.problems().is_empty(), "{diagnosis}");
    assert_eq!(diagnosis.other_jobs(), 1);
    let verdicts: Vec<(&str, Verdict, Vec<&str>)> = diagnosis
        .jobs()
        .iter()
        .map(|job| {
            let name = job.display_name().unwrap_or_default();
            let codes = job
                .problems()
                .iter()
                .map(wmp_bits::validate::Problem::code)
                .collect();
            (name, job.verdict(), codes)
        })
        .collect();
    let expected = [
        (
            "wmp-bits not installed",
            Verdict::Ignored,
            vec!["provider_not_installed"],
        ),
        (
            "wmp-bits upload",
            Verdict::Ignored,
            vec!["job_not_download"],
        ),
        (
            "wmp-bits trailing newline",
            Verdict::Ignored,
            vec!["invalid_rating"],
        ),
        (
            "wmp-bits lowercase kind",
            Verdict::Ignored,
            vec!["unknown_kind"],
        ),
        (
            "wmp-bits wav",
            Verdict::Ignored,
            vec!["local_name_extension"],
        ),
        (
            "wmp-bits two files",
            Verdict::Ignored,
            vec!["job_file_count"],
        ),
        (
            "Test Artist - Not Found",
            Verdict::Ignored,
            vec!["job_in_error"],
        ),
        (
            "Test Artist - Status Only",
            Verdict::StatusOnly,
            vec!["status_job_awaiting_complete"],
        ),
        ("Test Artist - Picked Up", Verdict::PickedUp, vec![]),
    ];
    assert_eq!(verdicts, expected);
    // The export writes back to the same snapshot.
    let again: Snapshot = serde_json::from_str(&serde_json::to_string(&snapshot).unwrap()).unwrap();
    assert_eq!(again, snapshot);
}
