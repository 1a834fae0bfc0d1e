//! The doctor on snapshots built in code: every code with its full message, the verdicts,
//! near misses (and that the exact text they name is picked up), the report's text, and the
//! snapshot's JSON form.

mod common;

use proptest::prelude::*;
use wmp_bits::doctor::{
    self, Diagnosis, JobState, JobType, Snapshot, SnapshotFile, SnapshotJob, Verdict,
};
use wmp_bits::validate::{Severity, Subject};
use wmp_bits::{registry, Descriptor, Field};

const JOB: &str =
    "::WMP_JOB:1:987654321:Proseware:Norah Jones:Come Away with Me:3:Cold Cold Heart:218:50";
const STATUS: &str =
    "::WMP_STATUS:1:987654321:Proseware:Norah Jones:Come Away with Me:3:Cold Cold Heart:218:50";
const REMOTE: &str = "https://downloads.proseware.example/t/3.mp3";
const LOCAL: &str = r"C:\Users\Pat\Music\Cold Cold Heart.mp3";

/// A machine where the Player looks, Proseware is installed, and Pat is the user.
fn machine() -> Snapshot {
    let mut s = Snapshot::default();
    s.user = Some(r"PC\Pat".into());
    s.refresh_download = Some(1);
    s.installed_providers = Some(vec!["Proseware".into()]);
    s
}

/// A job as the live snapshot gives it: everything known, one good file.
fn job(id: &str, description: &str) -> SnapshotJob {
    let mut j = SnapshotJob::new(id, description);
    j.display_name = Some("Norah Jones - Cold Cold Heart".into());
    j.job_type = Some(JobType::Download);
    j.state = Some(JobState::Transferring);
    j.owner = Some(r"PC\Pat".into());
    j.files = Some(vec![SnapshotFile::new(REMOTE, LOCAL)]);
    j
}

fn diagnose_one(j: SnapshotJob) -> Diagnosis {
    let mut s = machine();
    s.jobs.push(j);
    doctor::diagnose(&s)
}

/// (severity, subject, code) of every problem of the only job.
fn found(d: &Diagnosis) -> Vec<(Severity, Subject, &'static str)> {
    assert_eq!(d.jobs().len(), 1, "{d}");
    d.jobs()[0]
        .problems()
        .iter()
        .map(|p| (p.severity(), p.subject(), p.code()))
        .collect()
}

fn messages(d: &Diagnosis) -> Vec<&str> {
    d.jobs()[0]
        .problems()
        .iter()
        .map(wmp_bits::validate::Problem::message)
        .collect()
}

// ---------------------------------------------------------------------------
// The machine

#[test]
fn refresh_download_missing_names_the_command_that_sets_it() {
    let mut s = machine();
    s.refresh_download = None;
    let d = doctor::diagnose(&s);
    assert_eq!(d.problems().len(), 1);
    let p = &d.problems()[0];
    // The documentation asks for the value "to ensure" the Player looks: without it, that
    // is not ensured, which is a warning, not "the Player never looks".
    assert_eq!(
        (p.severity(), p.subject(), p.code()),
        (
            Severity::Warning,
            Subject::Machine,
            "refresh_download_missing"
        )
    );
    assert_eq!(
        p.message(),
        "the REG_DWORD value RefreshDownload does not exist under \
         HKEY_CURRENT_USER\\Software\\Microsoft\\MediaPlayer\\Services, so nothing ensures \
         that the Player looks at the BITS queue; expected a nonzero value, which this command \
         sets: reg add \"HKCU\\Software\\Microsoft\\MediaPlayer\\Services\" /v RefreshDownload \
         /t REG_DWORD /d 1 /f"
    );
    assert!(p
        .message()
        .ends_with(registry::refresh_download_command(true)));
    assert_eq!((p.field(), p.span()), (None, None));
    assert!(d.is_ok(), "a warning does not fail the diagnosis");
    // A valid job is still picked up: the value only makes sure of it.
    s.jobs.push(job("{1}", JOB));
    let d = doctor::diagnose(&s);
    assert_eq!(d.jobs()[0].verdict(), Verdict::PickedUp);
}

#[test]
fn refresh_download_zero_is_off() {
    let mut s = machine();
    s.refresh_download = Some(0);
    let d = doctor::diagnose(&s);
    let codes: Vec<_> = d
        .problems()
        .iter()
        .map(wmp_bits::validate::Problem::code)
        .collect();
    assert_eq!(codes, ["refresh_download_off"]);
    assert_eq!(d.problems()[0].subject(), Subject::Machine);
    assert_eq!(
        d.problems()[0].message(),
        "the REG_DWORD value RefreshDownload under \
         HKEY_CURRENT_USER\\Software\\Microsoft\\MediaPlayer\\Services is 0, so the Player \
         does not look at the BITS queue and picks up none of its jobs; expected a nonzero \
         value, which this command sets: reg add \
         \"HKCU\\Software\\Microsoft\\MediaPlayer\\Services\" /v RefreshDownload /t REG_DWORD \
         /d 1 /f"
    );
    assert!(!d.is_ok());
}

#[test]
fn any_nonzero_refresh_download_is_on() {
    for value in [1, 2, u32::MAX] {
        let mut s = machine();
        s.refresh_download = Some(value);
        let d = doctor::diagnose(&s);
        assert!(d.problems().is_empty(), "{value}: {d}");
        assert!(d.is_ok());
    }
}

#[test]
fn with_refresh_download_zero_no_job_reads_as_picked_up() {
    let mut s = machine();
    s.refresh_download = Some(0);
    s.jobs.push(job("{1}", JOB));
    s.jobs.push(job("{2}", STATUS));
    s.jobs.push(job("{3}", "::WMP_JOB:1:0:Proseware::::::"));
    let d = doctor::diagnose(&s);
    let verdicts: Vec<_> = d.jobs().iter().map(doctor::JobDiagnosis::verdict).collect();
    assert_eq!(
        verdicts,
        [Verdict::Unwatched, Verdict::Unwatched, Verdict::Ignored]
    );
    // The jobs themselves are fine: the machine's error says why.
    assert!(d.jobs()[0].problems().is_empty());
    assert!(!d.is_ok(), "the machine's error fails the diagnosis");
    assert!(d
        .to_string()
        .contains("{1} \"Norah Jones - Cold Cold Heart\": unwatched\n"));
}

// ---------------------------------------------------------------------------
// Which jobs are the Player's

#[test]
fn jobs_that_do_not_mention_the_player_are_counted_not_listed() {
    let mut s = machine();
    for (i, description) in [
        "",
        "nightly backup",
        "Windows Update KB5034441",
        "::WMP_",
        "::WMP_JO:1:1:Proseware::::::",
        "wmp-job",
        "WMP JOB",
        "wmp_stat",
        "\u{0}\u{1}",
        // A description that merely mentions the words is another program's.
        "nightly copy of wmp_jobs.csv",
        "wmp_job",
        "my Wmp_Status helper",
        "xWMP_JOBx",
        "é wmp_job",
        "::WMP_JOBS:1:1:Proseware::::::",
        "backup of ::WMP_JOB:1:1:Proseware::::::",
    ]
    .into_iter()
    .enumerate()
    {
        s.jobs.push(job(&format!("{{{i}}}"), description));
    }
    let d = doctor::diagnose(&s);
    assert_eq!(d.other_jobs(), 16, "{d}");
    assert!(d.jobs().is_empty());
    assert!(d.is_ok());
}

#[test]
fn the_players_jobs_are_recognised_by_their_structure() {
    let mut s = machine();
    let players = [
        JOB,
        STATUS,
        "::wMp_sTaTuS:1:1:Proseware::::::",
        "::WMP_JOB",
        " \t::WMP_JOB:1:1:Proseware::::::",
        "\u{FEFF}::wmp_job:2",
        ":: WMP_STATUS :1:1:Proseware::::::",
    ];
    for description in players {
        s.jobs.push(job(description, description));
    }
    let d = doctor::diagnose(&s);
    assert_eq!(d.other_jobs(), 0, "{d}");
    let ids: Vec<_> = d.jobs().iter().map(doctor::JobDiagnosis::id).collect();
    assert_eq!(ids, players);
    let verdicts: Vec<_> = d.jobs().iter().map(doctor::JobDiagnosis::verdict).collect();
    assert_eq!(
        verdicts,
        [
            Verdict::PickedUp,
            Verdict::StatusOnly,
            Verdict::Ignored,
            Verdict::Ignored,
            Verdict::Ignored,
            Verdict::Ignored,
            Verdict::Ignored
        ]
    );
    assert!(!d.is_ok());
}

// ---------------------------------------------------------------------------
// Verdicts

#[test]
fn a_valid_job_is_picked_up_and_a_valid_status_job_is_status_only() {
    let d = diagnose_one(job("{1}", JOB));
    let j = &d.jobs()[0];
    assert_eq!(j.verdict(), Verdict::PickedUp);
    assert!(j.problems().is_empty());
    assert_eq!(j.id(), "{1}");
    assert_eq!(j.display_name(), Some("Norah Jones - Cold Cold Heart"));
    assert_eq!(j.descriptor().map(wmp_bits::Descriptor::as_str), Some(JOB));
    assert!(d.is_ok());

    let d = diagnose_one(job("{2}", STATUS));
    assert_eq!(d.jobs()[0].verdict(), Verdict::StatusOnly);
    assert!(d.jobs()[0].problems().is_empty());
    assert!(d.is_ok());
}

#[test]
fn a_jobs_diagnosis_gives_its_state_as_the_snapshot_does() {
    for state in JobState::ALL {
        let mut j = job("{1}", JOB);
        j.state = Some(state);
        assert_eq!(diagnose_one(j).jobs()[0].state(), Some(state));
    }
    let unknown = diagnose_one(SnapshotJob::new("{1}", JOB));
    assert_eq!(unknown.jobs()[0].state(), None);
}

#[test]
fn verdict_codes_are_stable() {
    assert_eq!(Verdict::PickedUp.code(), "picked_up");
    assert_eq!(Verdict::StatusOnly.code(), "status_only");
    assert_eq!(Verdict::Ignored.code(), "ignored");
    assert_eq!(Verdict::Unwatched.code(), "unwatched");
    assert_eq!(Verdict::Completed.code(), "completed");
    for v in [
        Verdict::PickedUp,
        Verdict::StatusOnly,
        Verdict::Ignored,
        Verdict::Unwatched,
        Verdict::Completed,
    ] {
        assert_eq!(v.to_string(), v.code());
    }
}

#[test]
fn unknown_facts_skip_their_checks() {
    let d = diagnose_one(SnapshotJob::new("{1}", JOB));
    assert_eq!(d.jobs()[0].verdict(), Verdict::PickedUp);
    assert!(d.jobs()[0].problems().is_empty());
    assert_eq!(d.jobs()[0].display_name(), None);

    let mut s = Snapshot::default();
    s.refresh_download = Some(1);
    let mut j = job("{1}", JOB);
    j.owner = Some(r"NT AUTHORITY\SYSTEM".into());
    s.jobs.push(j);
    let d = doctor::diagnose(&s);
    assert!(d.jobs()[0].problems().is_empty(), "no user, no owner check");
    assert!(d.is_ok());
}

// ---------------------------------------------------------------------------
// The job's own codes

#[test]
fn two_files_or_none_are_refused() {
    let mut j = job("{1}", JOB);
    j.files = Some(vec![
        SnapshotFile::new(REMOTE, LOCAL),
        SnapshotFile::new("ftp://other.example/x", r"C:\Music\x.wav"),
    ]);
    let d = diagnose_one(j);
    assert_eq!(
        found(&d),
        [(Severity::Error, Subject::Job, "job_file_count")],
        "the names of several files are not checked one by one"
    );
    assert_eq!(
        messages(&d),
        [
            "the job holds 2 files, and the Player takes a job only with exactly one file; \
          expected one job a file: cancel this one and submit each file as a job of its own"
        ]
    );
    assert_eq!(d.jobs()[0].verdict(), Verdict::Ignored);

    let mut j = job("{1}", JOB);
    j.files = Some(Vec::new());
    let d = diagnose_one(j);
    assert_eq!(
        messages(&d),
        [
            "the job holds no file, and the Player takes a job only with exactly one file; \
             expected one file: add it (IBackgroundCopyJob::AddFile), then resume the job"
        ]
    );
    assert_eq!(d.jobs()[0].verdict(), Verdict::Ignored);
}

#[test]
fn upload_jobs_are_not_the_players() {
    for (job_type, name) in [
        (JobType::Upload, "upload"),
        (JobType::UploadReply, "upload_reply"),
    ] {
        let mut j = job("{1}", JOB);
        j.job_type = Some(job_type);
        let d = diagnose_one(j);
        assert_eq!(
            found(&d),
            [(Severity::Error, Subject::Job, "job_not_download")]
        );
        assert_eq!(
            messages(&d),
            [format!(
                "the job is an {name} job, and the Player takes only download jobs; expected \
                 a download job (BG_JOB_TYPE_DOWNLOAD): cancel this one and create the download"
            )]
        );
        assert_eq!(d.jobs()[0].verdict(), Verdict::Ignored);
    }
}

#[test]
fn a_job_in_error_quotes_bits() {
    let mut j = job("{1}", JOB);
    j.state = Some(JobState::Error);
    j.error = Some("0x80190194: the server answered with HTTP status 404".into());
    let d = diagnose_one(j);
    assert_eq!(found(&d), [(Severity::Error, Subject::Job, "job_in_error")]);
    assert_eq!(
        messages(&d),
        [
            "the job is in BITS' error state, where it stays until its owner acts (BITS says: \
          0x80190194: the server answered with HTTP status 404); expected a job that can \
          transfer: fix the cause, then resume the job (IBackgroundCopyJob::Resume), or cancel \
          it and submit it again"
        ]
    );
    assert_eq!(d.jobs()[0].verdict(), Verdict::Ignored);

    let mut j = job("{1}", JOB);
    j.state = Some(JobState::Error);
    let d = diagnose_one(j);
    assert_eq!(
        messages(&d),
        [
            "the job is in BITS' error state, where it stays until its owner acts (BITS gave no \
          error text); expected a job that can transfer: fix the cause, then resume the job \
          (IBackgroundCopyJob::Resume), or cancel it and submit it again"
        ]
    );
}

#[test]
fn a_cancelled_job_is_never_picked_up() {
    let mut j = job("{1}", JOB);
    j.state = Some(JobState::Cancelled);
    let d = diagnose_one(j);
    assert_eq!(
        found(&d),
        [(Severity::Error, Subject::Job, "job_cancelled")]
    );
    assert_eq!(d.jobs()[0].verdict(), Verdict::Ignored);
}

#[test]
fn states_that_move_on_their_own_are_no_problem_for_a_job() {
    for state in [
        JobState::Queued,
        JobState::Connecting,
        JobState::Transferring,
        JobState::Transferred,
    ] {
        let mut j = job("{1}", JOB);
        j.state = Some(state);
        // An error text outside the error states is not BITS' verdict on the job.
        j.error = Some("0x80072efd: cannot connect".into());
        let d = diagnose_one(j);
        assert!(d.jobs()[0].problems().is_empty(), "{state}: {d}");
        assert_eq!(d.jobs()[0].verdict(), Verdict::PickedUp, "{state}");
    }
}

#[test]
fn a_suspended_job_is_named_not_passed_over() {
    let mut j = job("{1}", JOB);
    j.state = Some(JobState::Suspended);
    let d = diagnose_one(j);
    assert_eq!(
        found(&d),
        [(Severity::Warning, Subject::Job, "job_suspended")]
    );
    assert_eq!(
        messages(&d),
        [
            "the job is suspended and transfers nothing until it is resumed; expected its owner \
          to resume it (IBackgroundCopyJob::Resume) once its file is added"
        ]
    );
    // The Player picks it up once it is resumed and transferred.
    assert_eq!(d.jobs()[0].verdict(), Verdict::PickedUp);
    assert!(d.is_ok());
}

#[test]
fn a_transient_error_is_named_and_quotes_bits() {
    let mut j = job("{1}", JOB);
    j.state = Some(JobState::TransientError);
    j.error = Some("0x80072efd: cannot connect".into());
    let d = diagnose_one(j);
    assert_eq!(
        found(&d),
        [(Severity::Warning, Subject::Job, "job_transient_error")]
    );
    assert_eq!(
        messages(&d),
        [
            "the job hit an error that BITS retries on its own (BITS says: 0x80072efd: cannot \
          connect); it transfers once the cause is gone, and moves to the error state if that \
          takes longer than its no-progress timeout"
        ]
    );
    assert_eq!(d.jobs()[0].verdict(), Verdict::PickedUp);
}

#[test]
fn an_acknowledged_job_is_completed_not_picked_up() {
    for description in [JOB, STATUS] {
        let mut j = job("{1}", description);
        j.state = Some(JobState::Acknowledged);
        let d = diagnose_one(j);
        assert_eq!(d.jobs()[0].verdict(), Verdict::Completed, "{d}");
        assert!(d.jobs()[0].problems().is_empty());
        assert!(d.is_ok());
    }
}

#[test]
fn a_completed_job_says_what_was_wrong_with_it_as_warnings_only() {
    // Completed, yet with errors the Player would have refused it for: nothing in the queue
    // is left to mend, so they are warnings, and the diagnosis is fine.
    let mut j = job("{1}", &JOB.replace("Proseware", "Fabrikam"));
    j.job_type = Some(JobType::Upload);
    let open = diagnose_one(j.clone());
    j.state = Some(JobState::Acknowledged);
    let done = diagnose_one(j);
    assert_eq!(done.jobs()[0].verdict(), Verdict::Completed, "{done}");
    assert!(done.is_ok(), "{done}");
    let expected: Vec<_> = found(&open)
        .into_iter()
        .map(|(_, subject, code)| (Severity::Warning, subject, code))
        .collect();
    assert_eq!(expected.len(), 2, "{open}");
    assert_eq!(found(&done), expected);
    assert!(!done.to_string().contains("error:"), "{done}");
}

#[test]
fn a_job_of_another_user_is_never_seen() {
    let mut j = job("{1}", JOB);
    j.owner = Some(r"NT AUTHORITY\SYSTEM".into());
    let d = diagnose_one(j);
    assert_eq!(
        found(&d),
        [(Severity::Error, Subject::Job, "job_owner_other_user")]
    );
    assert_eq!(
        messages(&d),
        [
            "the job belongs to NT AUTHORITY\\SYSTEM, and the Player of PC\\Pat looks only at the \
          jobs of PC\\Pat; expected a job created by PC\\Pat (a store service that runs as \
          another account must create it while impersonating PC\\Pat)"
        ]
    );
    assert_eq!(d.jobs()[0].verdict(), Verdict::Ignored);
}

#[test]
fn account_names_compare_as_windows_compares_them() {
    // The same account, however Windows writes it; a SID cannot be compared with a name
    // without Windows, so it is not called another user's.
    for owner in [
        r"PC\Pat",
        r"pc\pat",
        r"PC\PAT",
        "Pat",
        "pat@pc.example",
        "S-1-5-21-7-1001",
    ] {
        let mut j = job("{1}", JOB);
        j.owner = Some(owner.into());
        assert!(diagnose_one(j).is_ok(), "{owner}");
    }
    for owner in [
        r"PC\Pa",
        r"PC\Pat ",
        r"OTHER\Pat",
        "Sam",
        "sam@pc.example",
        "",
    ] {
        let mut j = job("{1}", JOB);
        j.owner = Some(owner.into());
        let d = diagnose_one(j);
        assert_eq!(
            found(&d),
            [(Severity::Error, Subject::Job, "job_owner_other_user")],
            "{owner:?}"
        );
    }
}

#[test]
fn a_transferred_status_job_waits_for_the_store() {
    let mut j = job("{1}", STATUS);
    j.state = Some(JobState::Transferred);
    let d = diagnose_one(j);
    assert_eq!(
        found(&d),
        [(
            Severity::Warning,
            Subject::Job,
            "status_job_awaiting_complete"
        )]
    );
    assert_eq!(
        messages(&d),
        [
            "the WMP_STATUS job is transferred and waits for the store: the Player only shows \
          its status; expected the store to complete it (IBackgroundCopyJob::Complete, \
          bits::Queue::complete), which moves the file to its local name"
        ]
    );
    assert_eq!(d.jobs()[0].verdict(), Verdict::StatusOnly);
    assert!(d.is_ok(), "a warning does not fail the diagnosis");

    // The Player completes a transferred WMP_JOB job itself.
    let mut j = job("{1}", JOB);
    j.state = Some(JobState::Transferred);
    assert!(diagnose_one(j).jobs()[0].problems().is_empty());
    // Before it is transferred there is nothing to wait for.
    let mut j = job("{1}", STATUS);
    j.state = Some(JobState::Transferring);
    assert!(diagnose_one(j).jobs()[0].problems().is_empty());
}

// ---------------------------------------------------------------------------
// The checks of validate::job

#[test]
fn the_provider_must_be_installed_when_the_stores_are_known() {
    let mut s = machine();
    s.installed_providers = Some(vec!["Contoso".into(), "Fabrikam".into()]);
    s.jobs.push(job("{1}", JOB));
    let d = doctor::diagnose(&s);
    assert_eq!(
        found(&d),
        [(
            Severity::Error,
            Subject::Description,
            "provider_not_installed"
        )]
    );
    assert_eq!(
        messages(&d),
        [
            "provider \"Proseware\" is not an installed store: expected one of the key names \
          under HKLM\\SOFTWARE\\Microsoft\\MediaPlayer\\Subscriptions (Contoso, Fabrikam), \
          compared case-insensitively; the store's installer creates the key \
          HKLM\\SOFTWARE\\Microsoft\\MediaPlayer\\Subscriptions\\Proseware"
        ]
    );
    assert_eq!(d.jobs()[0].problems()[0].field(), Some(Field::Provider));
    assert_eq!(d.jobs()[0].verdict(), Verdict::Ignored);

    s.installed_providers = Some(Vec::new());
    let d = doctor::diagnose(&s);
    assert!(messages(&d)[0].contains("Subscriptions (none installed), compared"));

    s.installed_providers = Some(vec!["PROSEWARE".into()]);
    assert!(doctor::diagnose(&s).is_ok());
    s.installed_providers = None;
    assert!(doctor::diagnose(&s).is_ok(), "unknown stores: not checked");
}

#[test]
fn the_one_file_is_checked_by_the_rules_of_local_and_remote_names() {
    let mut j = job("{1}", JOB);
    j.files = Some(vec![SnapshotFile::new(
        "ftp://downloads.proseware.example/3.wav",
        r"C:\Users\Pat\Music\Cold Cold Heart.wav",
    )]);
    let d = diagnose_one(j);
    assert_eq!(
        found(&d),
        [
            (Severity::Error, Subject::LocalName, "local_name_extension"),
            // BITS took the remote name when the job was made; the Player never reads it.
            (Severity::Warning, Subject::RemoteName, "remote_name_scheme"),
        ]
    );
    assert_eq!(d.jobs()[0].verdict(), Verdict::Ignored);
    let mut j = job("{1}", JOB);
    j.files = Some(vec![SnapshotFile::new(
        "ftp://downloads.proseware.example/3.mp3",
        LOCAL,
    )]);
    assert_eq!(diagnose_one(j).jobs()[0].verdict(), Verdict::PickedUp);
}

#[test]
fn the_display_name_is_checked_when_known() {
    let mut j = job("{1}", JOB);
    j.display_name = Some(String::new());
    let d = diagnose_one(j);
    assert_eq!(
        found(&d),
        [(
            Severity::Warning,
            Subject::DisplayName,
            "display_name_empty"
        )]
    );
    assert_eq!(d.jobs()[0].verdict(), Verdict::PickedUp);
    assert_eq!(d.jobs()[0].display_name(), Some(""));
}

/// The Player reads the description, not the display name: a display name that BITS took
/// is at most a warning, whatever is wrong with it.
#[test]
fn a_display_name_never_stops_the_player() {
    for name in ["a\u{0}b", "\u{7}", &"x".repeat(300)] {
        let mut j = job("{1}", JOB);
        j.display_name = Some(name.to_owned());
        let d = diagnose_one(j);
        let found = found(&d);
        assert!(!found.is_empty());
        assert!(
            found
                .iter()
                .all(|&(severity, subject, _)| severity == Severity::Warning
                    && subject == Subject::DisplayName),
            "{d}"
        );
        assert_eq!(d.jobs()[0].verdict(), Verdict::PickedUp, "{d}");
    }
}

#[test]
fn description_errors_keep_their_codes_and_warnings_stay_warnings() {
    let d = diagnose_one(job("{1}", "::WMP_JOB:1:0:Proseware::::::"));
    assert_eq!(
        found(&d),
        [(Severity::Error, Subject::Description, "zero_service_id")]
    );
    assert_eq!(
        messages(&d)[0],
        "::WMP_JOB:1:0:Proseware::::::"
            .parse::<wmp_bits::Descriptor>()
            .unwrap_err()
            .to_string(),
        "not a near miss: the parser's message as it is"
    );
    assert_eq!(d.jobs()[0].problems()[0].span(), Some(12..13));

    let d = diagnose_one(job("{1}", "::WMP_JOB:1:3000000000:Proseware::::::"));
    assert_eq!(
        found(&d),
        [(Severity::Warning, Subject::Description, "large_service_id")]
    );
    assert_eq!(d.jobs()[0].verdict(), Verdict::PickedUp);
}

#[test]
fn problems_come_in_a_stable_order() {
    let mut s = machine();
    s.installed_providers = Some(vec!["Contoso".into()]);
    let mut j = job("{1}", "::WMP_STATUS:1:3000000000:Proseware::::::");
    j.display_name = Some(" ".into());
    j.job_type = Some(JobType::Upload);
    j.state = Some(JobState::Transferred);
    j.owner = Some(r"PC\Sam".into());
    j.files = Some(vec![SnapshotFile::new("ftp://h/a.wav", r"C:\a.wav")]);
    s.jobs.push(j);
    let d = doctor::diagnose(&s);
    let codes: Vec<_> = d.jobs()[0]
        .problems()
        .iter()
        .map(wmp_bits::validate::Problem::code)
        .collect();
    assert_eq!(
        codes,
        [
            "provider_not_installed",
            "large_service_id",
            "local_name_extension",
            "remote_name_scheme",
            "display_name_empty",
            "job_not_download",
            "job_owner_other_user",
            "status_job_awaiting_complete",
        ]
    );
}

// ---------------------------------------------------------------------------
// Near misses

/// The description's problem of a near miss, and the exact text it names.
fn near_miss(description: &str) -> (&'static str, String, String) {
    let d = diagnose_one(job("{1}", description));
    let j = &d.jobs()[0];
    assert_eq!(j.verdict(), Verdict::Ignored);
    assert_eq!(j.problems().len(), 1, "{d}");
    let p = &j.problems()[0];
    assert_eq!(p.subject(), Subject::Description);
    let strict = description.parse::<wmp_bits::Descriptor>().unwrap_err();
    assert_eq!(p.code(), strict.code());
    assert_eq!(p.span(), Some(strict.span()));
    assert_eq!(p.field(), strict.field());
    let (head, exact) = p
        .message()
        .split_once("; a near miss: the Player needs exactly this description: ")
        .unwrap_or_else(|| panic!("no advice in {:?}", p.message()));
    // What is wrong, as the strict parser says it, and no other advice than the text.
    assert!(strict.to_string().starts_with(head), "{head}");
    assert!(!head.contains("lenient"), "{head}");
    assert_eq!(
        j.exact_description().map(wmp_bits::Descriptor::as_str),
        Some(exact)
    );
    (p.code(), p.message().to_owned(), exact.to_owned())
}

#[test]
fn near_misses_name_the_exact_text_the_player_needs() {
    for (description, code) in [
        (
            "::wmp_job:1:987654321:Proseware:Norah Jones:Come Away with Me:3:Cold Cold Heart:218:50",
            "unknown_kind",
        ),
        (
            " ::WMP_JOB:1:987654321:Proseware:Norah Jones:Come Away with Me:3:Cold Cold Heart:218:50",
            "missing_prefix",
        ),
        (
            "::WMP_JOB:1:987654321:Proseware:Norah Jones:Come Away with Me:3:Cold Cold Heart:218:50\r\n",
            "invalid_rating",
        ),
        (
            "::WMP_JOB:1:987654321:Proseware:Norah Jones:Come Away with Me:3:Cold Cold Heart:218:50\n",
            "invalid_rating",
        ),
        (
            "\t::Wmp_Job:01:987654321:Proseware:Norah Jones:Come Away with Me:03:Cold Cold Heart:218:50 \r\n",
            "missing_prefix",
        ),
        (
            "\u{FEFF}::WMP_JOB:1:0987654321:Proseware:Norah Jones:Come Away with Me:3:Cold Cold Heart:218:50",
            "missing_prefix",
        ),
    ] {
        let (got, message, exact) = near_miss(description);
        assert_eq!(got, code, "{description:?}: {message}");
        assert_eq!(exact, JOB, "{description:?}");
        // The advice works: the named text is picked up.
        let d = diagnose_one(job("{1}", &exact));
        assert_eq!(d.jobs()[0].verdict(), Verdict::PickedUp, "{d}");
        assert!(d.jobs()[0].problems().is_empty(), "{d}");
    }
}

#[test]
fn the_exact_text_is_given_as_it_is_with_backslashes_quotes_and_format_characters() {
    // Text that Rust's or JSON's quoting would escape: the advice must be the text itself.
    let exact = "::WMP_JOB:1:42:Proseware:AC\\DC:12\" Mix:1:Caf\u{e9}\u{301} \u{200e}:60:";
    assert!(exact.parse::<wmp_bits::Descriptor>().is_ok());
    let (code, message, named) = near_miss(&exact.replacen("WMP_JOB", "wmp_job", 1));
    assert_eq!(code, "unknown_kind");
    assert_eq!(named, exact, "{message}");
    let d = diagnose_one(job("{1}", &named));
    assert_eq!(d.jobs()[0].verdict(), Verdict::PickedUp, "{d}");
}

#[test]
fn a_near_miss_message_in_full() {
    let (_, message, _) = near_miss("::wmp_status:1:42:Proseware::::Intro::\n");
    assert_eq!(
        message,
        "unknown kind \"wmp_status\" at bytes 2..12: expected WMP_JOB or WMP_STATUS (case-sensitive); a near \
         miss: the Player needs exactly this description: ::WMP_STATUS:1:42:Proseware::::Intro::"
    );
    let exact = "::WMP_STATUS:1:42:Proseware::::Intro::";
    let mut j = job("{1}", exact);
    j.files = Some(vec![SnapshotFile::new(REMOTE, LOCAL)]);
    assert_eq!(diagnose_one(j).jobs()[0].verdict(), Verdict::StatusOnly);
}

#[test]
fn a_near_miss_leaves_the_other_parts_problems_as_they_are() {
    let wav = r"C:\Users\Pat\Music\Intro.wav";
    let with = |description: &str| {
        let mut j = job("{1}", description);
        j.files = Some(vec![SnapshotFile::new(REMOTE, wav)]);
        diagnose_one(j)
    };
    let near = with("::wmp_job:1:42:Proseware::::Intro::");
    let strict = with("::WMP_JOB:1:42:Proseware::::Intro::");
    let (near, strict) = (near.jobs()[0].problems(), strict.jobs()[0].problems());
    let codes: Vec<&str> = near.iter().map(wmp_bits::validate::Problem::code).collect();
    assert_eq!(codes, ["unknown_kind", "local_name_extension"]);
    assert!(near[0].message().contains("; a near miss: "), "{}", near[0]);
    // The local name's problem is the one a strict description gets: its own message.
    assert_eq!(near[1], strict[0]);
    assert!(
        near[1].message().starts_with("local name"),
        "{}",
        near[1].message()
    );
}

#[test]
fn a_near_miss_is_checked_as_its_exact_text_and_the_advice_leaves_no_surprise() {
    // The exact text names a store that is not installed, and a service id above 2^31: the
    // Player would still refuse the first, and the second earns its warning.
    let near = diagnose_one(job("{1}", "::wmp_job:1:3000000000:Fabrikam::::Intro::"));
    let codes = |d: &Diagnosis| {
        found(d)
            .into_iter()
            .map(|(s, _, c)| (s, c))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        codes(&near),
        [
            (Severity::Error, "unknown_kind"),
            (Severity::Error, "provider_not_installed"),
            (Severity::Warning, "large_service_id"),
        ],
        "{near}"
    );
    let problems = near.jobs()[0].problems();
    // Found in the exact text, not in the description as written: a field, no span.
    assert_eq!(problems[0].span(), Some(2..9));
    for p in &problems[1..] {
        assert_eq!(p.span(), None, "{p}");
    }
    assert_eq!(problems[1].field(), Some(Field::Provider));
    assert_eq!(problems[2].field(), Some(Field::ServiceId));

    // Following the advice: the exact text gets exactly the problems named beside the near
    // miss, nothing new.
    let exact = near.jobs()[0]
        .exact_description()
        .unwrap()
        .as_str()
        .to_owned();
    assert_eq!(exact, "::WMP_JOB:1:3000000000:Fabrikam::::Intro::");
    let mended = diagnose_one(job("{1}", &exact));
    assert_eq!(codes(&mended), codes(&near)[1..]);
    for (m, n) in mended.jobs()[0].problems().iter().zip(&problems[1..]) {
        assert_eq!(m.message(), n.message());
    }
}

#[test]
fn what_normalising_cannot_mend_gets_no_advice() {
    for description in [
        "::WMP_JOB:1:1:Proseware:AC:DC:Back in Black:6::255:",
        "::wmp_job:1:0:Proseware::::::",
        " ::WMP_JOB:1:1:Proseware::::::100",
        "::WMP_JOB:2:1:Proseware::::::",
        "::WMP_JOB",
    ] {
        let mut j = job("{1}", description);
        j.files = Some(vec![SnapshotFile::new(
            REMOTE,
            r"C:\Users\Pat\Music\Intro.wav",
        )]);
        let d = diagnose_one(j);
        let problems = d.jobs()[0].problems();
        let p = &problems[0];
        assert!(!p.message().contains("near miss"), "{description:?}: {p}");
        // The strict parser's own problem, and the other parts' problems as they are.
        assert_eq!(
            p.message(),
            description.parse::<Descriptor>().unwrap_err().to_string()
        );
        let last = problems.last().unwrap();
        assert_eq!(last.code(), "local_name_extension", "{d}");
        assert!(last.message().starts_with("local name"), "{last}");
        assert_eq!(d.jobs()[0].verdict(), Verdict::Ignored);
    }
}

// ---------------------------------------------------------------------------
// The report's text

#[test]
fn the_report_reads_as_a_paragraph_a_job() {
    let mut s = machine();
    s.refresh_download = None;
    let mut broken = job("{6B2F}", "::wmp_job:1:42:Proseware::::Intro::");
    broken.files = Some(vec![
        SnapshotFile::new(REMOTE, LOCAL),
        SnapshotFile::new(REMOTE, LOCAL),
    ]);
    s.jobs.push(broken);
    s.jobs.push(SnapshotJob::new("{0C1D}", "backup"));
    let mut fine = job("{9A8B}", JOB);
    fine.display_name = None;
    s.jobs.push(fine);
    s.jobs.push(SnapshotJob::new("{0C1E}", "backup"));
    assert_eq!(
        doctor::diagnose(&s).to_string(),
        "warning: machine: the REG_DWORD value RefreshDownload does not exist under \
         HKEY_CURRENT_USER\\Software\\Microsoft\\MediaPlayer\\Services, so nothing ensures \
         that the Player looks at the BITS queue; expected a nonzero value, which this command \
         sets: reg add \"HKCU\\Software\\Microsoft\\MediaPlayer\\Services\" /v RefreshDownload \
         /t REG_DWORD /d 1 /f [refresh_download_missing]\n\
         \n\
         {6B2F} \"Norah Jones - Cold Cold Heart\": ignored\n  \
         error: description: unknown kind \"wmp_job\" at bytes 2..9: expected WMP_JOB or \
         WMP_STATUS (case-sensitive); a near miss: the Player needs exactly this description: \
         ::WMP_JOB:1:42:Proseware::::Intro:: [unknown_kind]\n  \
         error: job: the job holds 2 files, and the Player takes a job only with exactly one \
         file; expected one job a file: cancel this one and submit each file as a job of its \
         own [job_file_count]\n\
         \n\
         {9A8B}: picked_up\n\
         \n\
         2 other jobs are not the Player's\n"
    );
}

#[test]
fn an_empty_queue_says_so() {
    let s = machine();
    assert_eq!(
        doctor::diagnose(&s).to_string(),
        "no job of the Player in the queue\n"
    );
    let mut s = machine();
    s.jobs.push(SnapshotJob::new("{1}", "backup"));
    assert_eq!(
        doctor::diagnose(&s).to_string(),
        "no job of the Player in the queue\n\n1 other job is not the Player's\n"
    );
}

// ---------------------------------------------------------------------------
// Types

#[test]
fn names_of_states_and_types() {
    let names: Vec<_> = JobState::ALL.iter().map(|s| s.as_str()).collect();
    assert_eq!(
        names,
        [
            "queued",
            "connecting",
            "transferring",
            "suspended",
            "error",
            "transient_error",
            "transferred",
            "acknowledged",
            "cancelled"
        ]
    );
    for s in JobState::ALL {
        assert_eq!(s.to_string(), s.as_str());
    }
    for (t, name) in [
        (JobType::Download, "download"),
        (JobType::Upload, "upload"),
        (JobType::UploadReply, "upload_reply"),
    ] {
        assert_eq!((t.as_str(), t.to_string()), (name, name.to_owned()));
    }
}

#[test]
fn values_can_cross_threads() {
    common::send_sync::<Snapshot>();
    common::send_sync::<SnapshotJob>();
    common::send_sync::<SnapshotFile>();
    common::send_sync::<JobState>();
    common::send_sync::<JobType>();
    common::send_sync::<Diagnosis>();
    common::send_sync::<doctor::JobDiagnosis>();
    common::send_sync::<Verdict>();
}

// ---------------------------------------------------------------------------
// Any snapshot

fn any_text() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(JOB.to_owned()),
        Just(STATUS.to_owned()),
        "(::)?(WMP|wmp)_(JOB|STATUS|job)(:[0-9a-zA-Z ]{0,3}){0,11}\r?\n?",
        ".{0,40}",
    ]
}

fn any_job() -> impl Strategy<Value = SnapshotJob> {
    (
        any_text(),
        proptest::option::of(".{0,10}"),
        proptest::option::of(prop_oneof![
            Just(JobType::Download),
            Just(JobType::Upload),
            Just(JobType::UploadReply)
        ]),
        proptest::option::of(proptest::sample::select(JobState::ALL.to_vec())),
        proptest::option::of(prop_oneof![Just(r"PC\Pat".to_owned()), ".{0,8}"]),
        proptest::option::of(".{0,20}"),
        proptest::option::of(proptest::collection::vec(
            (
                prop_oneof![Just(REMOTE.to_owned()), ".{0,20}"],
                prop_oneof![Just(LOCAL.to_owned()), ".{0,20}"],
            ),
            0..3,
        )),
    )
        .prop_map(
            |(description, display_name, job_type, state, owner, error, files)| {
                let mut j = SnapshotJob::new("{x}", description);
                j.display_name = display_name;
                j.job_type = job_type;
                j.state = state;
                j.owner = owner;
                j.error = error;
                j.files = files.map(|files| {
                    files
                        .into_iter()
                        .map(|(r, l)| SnapshotFile::new(r, l))
                        .collect()
                });
                j
            },
        )
}

proptest! {
    #[test]
    fn every_verdict_agrees_with_its_problems(
        jobs in proptest::collection::vec(any_job(), 0..6),
        refresh in proptest::option::of(0_u32..3),
        installed in proptest::option::of(proptest::collection::vec(
            prop_oneof![Just("Proseware".to_owned()), ".{0,6}"], 0..3)),
        user in proptest::option::of(prop_oneof![Just(r"PC\Pat".to_owned()), ".{0,8}"]),
    ) {
        let mut s = Snapshot::default();
        s.refresh_download = refresh;
        s.installed_providers = installed;
        s.user = user;
        s.jobs = jobs;
        let d = doctor::diagnose(&s);
        prop_assert_eq!(d.jobs().len() + d.other_jobs(), s.jobs.len());
        for j in d.jobs() {
            let error = j.problems().iter().any(|p| p.severity() == Severity::Error);
            let acknowledged = s.jobs[j.index()].state == Some(JobState::Acknowledged);
            let expected = match (error, j.descriptor().map(wmp_bits::Descriptor::kind)) {
                _ if acknowledged => Verdict::Completed,
                (false, Some(_)) if refresh == Some(0) => Verdict::Unwatched,
                (false, Some(wmp_bits::Kind::Job)) => Verdict::PickedUp,
                (false, Some(wmp_bits::Kind::Status)) => Verdict::StatusOnly,
                _ => Verdict::Ignored,
            };
            prop_assert_eq!(j.verdict(), expected);
            prop_assert_eq!(s.jobs[j.index()].id.as_str(), j.id());
            // The display name and the remote name never make an error.
            prop_assert!(j.problems().iter().all(|p| p.severity() == Severity::Warning
                || !matches!(p.subject(), Subject::DisplayName | Subject::RemoteName)));
            for p in j.problems() {
                prop_assert!(p.code().bytes().all(|b| b.is_ascii_lowercase() || b == b'_'));
                prop_assert!(!p.message().is_empty());
            }
        }
        let machine_ok = d.problems().iter().all(|p| p.severity() != Severity::Error);
        prop_assert_eq!(machine_ok, refresh != Some(0));
        prop_assert_eq!(
            d.is_ok(),
            machine_ok && d.jobs().iter().all(|j| j.verdict() != Verdict::Ignored)
        );
        let _ = d.to_string();
    }
}

// ---------------------------------------------------------------------------
// The doctor's kinds of problem

/// Each kind of problem the doctor adds has the code, severity and subject of the table in
/// the module's documentation; a problem of a job's part keeps the part's.
#[test]
fn every_kind_of_problem_has_its_code_severity_and_subject() {
    use doctor::ProblemKind as K;
    use wmp_bits::validate::ProblemKind as Part;
    use Severity::{Error, Warning};
    let table = [
        (
            K::RefreshDownloadMissing,
            "refresh_download_missing",
            Warning,
            Subject::Machine,
        ),
        (
            K::RefreshDownloadOff,
            "refresh_download_off",
            Error,
            Subject::Machine,
        ),
        (K::JobFileCount, "job_file_count", Error, Subject::Job),
        (K::JobNotDownload, "job_not_download", Error, Subject::Job),
        (K::JobInError, "job_in_error", Error, Subject::Job),
        (
            K::JobTransientError,
            "job_transient_error",
            Warning,
            Subject::Job,
        ),
        (K::JobSuspended, "job_suspended", Warning, Subject::Job),
        (K::JobCancelled, "job_cancelled", Error, Subject::Job),
        (
            K::JobOwnerOtherUser,
            "job_owner_other_user",
            Error,
            Subject::Job,
        ),
        (
            K::StatusJobAwaitingComplete,
            "status_job_awaiting_complete",
            Warning,
            Subject::Job,
        ),
        (
            K::Part(Part::ProviderNotInstalled),
            "provider_not_installed",
            Error,
            Subject::Description,
        ),
        (
            K::Part(Part::LocalName(
                wmp_bits::validate::LocalNameErrorKind::Extension,
            )),
            "local_name_extension",
            Error,
            Subject::LocalName,
        ),
    ];
    for (kind, code, _, _) in table {
        assert_eq!((kind.code(), kind.to_string()), (code, code.to_owned()));
    }
    // A queue that shows every one of them, on two machines.
    let with = |edit: &dyn Fn(&mut SnapshotJob)| {
        let mut j = job("{x}", JOB);
        edit(&mut j);
        j
    };
    let mut s = machine();
    s.refresh_download = None;
    s.installed_providers = Some(vec!["Contoso".into()]);
    s.jobs = vec![
        with(&|j| j.files = Some(vec![])),
        with(&|j| j.job_type = Some(JobType::Upload)),
        with(&|j| j.state = Some(JobState::Error)),
        with(&|j| j.state = Some(JobState::TransientError)),
        with(&|j| j.state = Some(JobState::Suspended)),
        with(&|j| j.state = Some(JobState::Cancelled)),
        with(&|j| j.owner = Some(r"PC\Sam".into())),
        with(&|j| j.files = Some(vec![SnapshotFile::new(REMOTE, r"C:\a.wav")])),
        {
            let mut j = job("{x}", STATUS);
            j.state = Some(JobState::Transferred);
            j
        },
    ];
    let mut off = machine();
    off.refresh_download = Some(0);
    let (d, d_off) = (doctor::diagnose(&s), doctor::diagnose(&off));
    let problems: Vec<&doctor::Problem> = d
        .problems()
        .iter()
        .chain(d_off.problems())
        .chain(d.jobs().iter().flat_map(doctor::JobDiagnosis::problems))
        .collect();
    for (kind, code, severity, subject) in table {
        let p = problems
            .iter()
            .find(|p| p.kind() == kind)
            .unwrap_or_else(|| panic!("no {code} in {d}"));
        assert_eq!(
            (p.code(), p.severity(), p.subject()),
            (code, severity, subject)
        );
    }
}
