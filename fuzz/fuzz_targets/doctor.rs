//! Any bytes as a snapshot of the BITS queue, two ways: as JSON (when they parse, the
//! snapshot also goes back to JSON and reads back equal), and as an arbitrary snapshot
//! built from them. The diagnosis never panics, and it is consistent: every job is either
//! the Player's (listed) or not (counted), every code is snake_case and every message says
//! something, a job's verdict follows from its problems and its kind, the machine's errors
//! are exactly the missing or zero `RefreshDownload`, and a near miss names the canonical
//! text that lenient parsing (of the description, or of it without the byte order mark and
//! the white space around it) gives. Which jobs are the Player's is read here plainly from
//! DESIGN.md decision 11, not with the crate's classifier.
#![no_main]

use arbitrary::{Arbitrary, Result, Unstructured};
use libfuzzer_sys::fuzz_target;
use wmp_bits::doctor::{self, JobState, JobType, Snapshot, SnapshotFile, SnapshotJob, Verdict};
use wmp_bits::validate::Severity;
use wmp_bits::{lenient, Kind};
use wmp_bits_fuzz::snake_case;

fuzz_target!(|data: &[u8]| {
    if let Ok(snapshot) = serde_json::from_slice::<Snapshot>(data) {
        check(&snapshot);
        let json = serde_json::to_string(&snapshot).expect("plain data");
        let back: Snapshot = serde_json::from_str(&json).expect("what was written reads back");
        assert_eq!(back, snapshot);
    }
    if let Ok(snapshot) = arbitrary_snapshot(&mut Unstructured::new(data)) {
        check(&snapshot);
    }
});

fn check(snapshot: &Snapshot) {
    let diagnosis = doctor::diagnose(snapshot);
    assert_eq!(
        diagnosis.jobs().len() + diagnosis.other_jobs(),
        snapshot.jobs.len()
    );
    let machine: Vec<&str> = diagnosis.problems().iter().map(|p| p.code()).collect();
    match snapshot.refresh_download {
        None => assert_eq!(machine, ["refresh_download_missing"]),
        Some(0) => assert_eq!(machine, ["refresh_download_off"]),
        Some(_) => assert!(machine.is_empty()),
    }
    let mut players = snapshot.jobs.iter().filter(|j| players(&j.description));
    for job in diagnosis.jobs() {
        let seen = players.next().expect("a listed job is the Player's");
        assert_eq!(job.id(), seen.id);
        assert_eq!(job.display_name(), seen.display_name.as_deref());
        let error = job
            .problems()
            .iter()
            .any(|p| p.severity() == Severity::Error);
        let expected = match (error, job.descriptor().map(|d| d.kind())) {
            _ if seen.state == Some(JobState::Acknowledged) => Verdict::Completed,
            (false, Some(_)) if snapshot.refresh_download == Some(0) => Verdict::Unwatched,
            (false, Some(Kind::Job)) => Verdict::PickedUp,
            (false, Some(Kind::Status)) => Verdict::StatusOnly,
            _ => Verdict::Ignored,
        };
        assert_eq!(job.verdict(), expected, "{job}");
        if seen.state == Some(JobState::Acknowledged) {
            assert!(!error, "a completed job's problems are warnings: {job}");
        } else if job.descriptor().is_none() {
            assert!(
                error,
                "a description that does not parse is an error: {job}"
            );
        }
        for p in job.problems().iter().chain(diagnosis.problems()) {
            assert!(snake_case(p.code()), "{p}");
            assert!(!p.message().is_empty());
        }
        let near_miss = lenient::parse(&seen.description)
            .ok()
            .or_else(|| edges_removed(&seen.description).and_then(|body| lenient::parse(body).ok()))
            .filter(|_| job.descriptor().is_none());
        assert_eq!(
            job.exact_description(),
            near_miss.as_ref().map(|read| read.descriptor()),
            "{job}"
        );
        let advice = job.problems()[0..job.problems().len().min(1)]
            .iter()
            .any(|p| {
                p.message()
                    .contains("; a near miss: the Player needs exactly this description: ")
            });
        assert_eq!(advice, near_miss.is_some(), "{job}");
        if let Some(read) = near_miss {
            let exact = format!(
                "the Player needs exactly this description: {}",
                read.descriptor().as_str()
            );
            assert!(job.problems()[0].message().ends_with(&exact), "{job}");
        }
    }
    assert!(
        players.next().is_none(),
        "every job of the Player's is listed"
    );
    assert!(!diagnosis.to_string().is_empty());
}

/// Whether a description is the Player's (DESIGN.md decision 11): a strict descriptor, or,
/// after an optional byte order mark and white space, `::` and the kind token in any case
/// followed by `:` or the end (white space allowed around the kind), or what lenient parsing
/// reads.
fn players(description: &str) -> bool {
    if description.parse::<wmp_bits::Descriptor>().is_ok()
        || lenient::parse(description).is_ok()
        || edges_removed(description).is_some_and(|body| lenient::parse(body).is_ok())
    {
        return true;
    }
    let s = description.strip_prefix('\u{FEFF}').unwrap_or(description);
    let Some(s) = s
        .trim_start_matches([' ', '\t', '\r', '\n'])
        .strip_prefix("::")
    else {
        return false;
    };
    let s = s.trim_start_matches([' ', '\t']);
    ["WMP_JOB", "WMP_STATUS"].iter().any(|kind| {
        s.get(..kind.len())
            .is_some_and(|token| token.eq_ignore_ascii_case(kind))
            && {
                let rest = s[kind.len()..].trim_start_matches([' ', '\t', '\r', '\n']);
                rest.is_empty() || rest.starts_with(':')
            }
    })
}

/// The description without its one optional byte order mark and the white space around it;
/// `None` when another byte order mark follows (the structure allows one).
fn edges_removed(description: &str) -> Option<&str> {
    let s = description.strip_prefix('\u{FEFF}').unwrap_or(description);
    let body = s.trim_matches([' ', '\t', '\r', '\n']);
    (!body.starts_with('\u{FEFF}')).then_some(body)
}

/// Text that is often a description, or almost one.
fn description(u: &mut Unstructured) -> Result<String> {
    Ok(match u.int_in_range(0..=3)? {
        0 => String::arbitrary(u)?,
        1 => {
            let kind =
                *u.choose(&["WMP_JOB", "WMP_STATUS", "wmp_job", "Wmp_Status", "WMP_JOBS"])?;
            let mut text = format!(
                "::{kind}:1:{}:{}",
                u.int_in_range(0_u64..=5_000_000_000)?,
                String::arbitrary(u)?
            );
            for _ in 0..u.int_in_range(0..=9)? {
                text.push(':');
                text.push_str(&String::arbitrary(u)?);
            }
            text
        }
        _ => {
            let around = *u.choose(&["", " ", "\t", "\r\n", "\n", "\u{FEFF}"])?;
            let end = *u.choose(&["", " ", "\r\n", "\n", "\n\n"])?;
            let kind = *u.choose(&["WMP_JOB", "WMP_STATUS", "wmp_job", "wMp_StAtUs"])?;
            let numbers = *u.choose(&["42", "042", " 42", "0", "4294967296"])?;
            format!(
                "{around}::{kind}:1:{numbers}:{}:A:B:{}:T:{}:{}{end}",
                *u.choose(&["Proseware", "Contoso", "", "a\\b"])?,
                *u.choose(&["", "3", "03", "0"])?,
                *u.choose(&["", "218", "0218"])?,
                *u.choose(&["", "50", "99", "100", " 5"])?,
            )
        }
    })
}

fn arbitrary_snapshot(u: &mut Unstructured) -> Result<Snapshot> {
    let mut snapshot = Snapshot::default();
    snapshot.user = match u.int_in_range(0..=2)? {
        0 => None,
        1 => Some(r"PC\Pat".to_owned()),
        _ => Some(String::arbitrary(u)?),
    };
    snapshot.refresh_download = Option::<u32>::arbitrary(u)?;
    snapshot.installed_providers = if bool::arbitrary(u)? {
        let mut names = vec!["Proseware".to_owned()];
        names.extend(Vec::<String>::arbitrary(u)?);
        Some(names)
    } else {
        Option::<Vec<String>>::arbitrary(u)?
    };
    for _ in 0..u.int_in_range(0..=6)? {
        let mut job = SnapshotJob::new(String::arbitrary(u)?, description(u)?);
        job.display_name = Option::<String>::arbitrary(u)?;
        job.job_type = match u.int_in_range(0..=3)? {
            0 => None,
            1 => Some(JobType::Download),
            2 => Some(JobType::Upload),
            _ => Some(JobType::UploadReply),
        };
        job.state = if bool::arbitrary(u)? {
            Some(*u.choose(&JobState::ALL)?)
        } else {
            None
        };
        job.owner = match u.int_in_range(0..=2)? {
            0 => None,
            1 => Some(r"pc\PAT".to_owned()),
            _ => Some(String::arbitrary(u)?),
        };
        job.error = Option::<String>::arbitrary(u)?;
        job.files = if bool::arbitrary(u)? {
            let mut files = Vec::new();
            for _ in 0..u.int_in_range(0..=3)? {
                let remote = if bool::arbitrary(u)? {
                    "https://downloads.proseware.example/3.mp3".to_owned()
                } else {
                    String::arbitrary(u)?
                };
                let local = if bool::arbitrary(u)? {
                    r"C:\Users\Pat\Music\3.mp3".to_owned()
                } else {
                    String::arbitrary(u)?
                };
                files.push(SnapshotFile::new(remote, local));
            }
            Some(files)
        } else {
            None
        };
        snapshot.jobs.push(job);
    }
    Ok(snapshot)
}
