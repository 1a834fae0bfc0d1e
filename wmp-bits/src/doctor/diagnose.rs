//! [`diagnose`]: a [`Snapshot`] in, a [`Diagnosis`] out.

use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::fmt;

use super::problem::{Problem, ProblemKind};
use super::{JobState, JobType, Snapshot, SnapshotJob};
use crate::lenient::{self, NearMiss, Reading};
use crate::registry::{refresh_download_command, REFRESH_DOWNLOAD, SERVICES_KEY};
use crate::validate::{self, JobCheck, Severity, Subject};
use crate::{text, Descriptor, Kind};

/// What the Player does with a job.
///
/// ```
/// use wmp_bits::doctor::Verdict;
/// assert_eq!(Verdict::PickedUp.code(), "picked_up");
/// assert_eq!(Verdict::StatusOnly.to_string(), "status_only");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Verdict {
    /// `picked_up`: a valid `WMP_JOB` job, which the Player completes and adds to its
    /// library.
    PickedUp,
    /// `status_only`: a valid `WMP_STATUS` job, whose status the Player shows; the store
    /// completes it.
    StatusOnly,
    /// `ignored`: the Player skips the job, for the reasons among its errors.
    Ignored,
    /// `unwatched`: nothing is wrong with the job itself, but the Player does not look at
    /// the queue (`RefreshDownload` is 0), so it picks up nothing.
    Unwatched,
    /// `completed`: the job was completed (BITS' acknowledged state): its file is at its
    /// local name, and there is nothing left for the Player to pick up. Its problems, if
    /// any, are warnings: they may say why the Player did not take the file, but nothing in
    /// the queue is left to mend.
    Completed,
}

impl Verdict {
    /// The stable `snake_case` code.
    ///
    /// ```
    /// assert_eq!(wmp_bits::doctor::Verdict::Ignored.code(), "ignored");
    /// ```
    #[must_use]
    pub const fn code(self) -> &'static str {
        match self {
            Verdict::PickedUp => "picked_up",
            Verdict::StatusOnly => "status_only",
            Verdict::Ignored => "ignored",
            Verdict::Unwatched => "unwatched",
            Verdict::Completed => "completed",
        }
    }
}

impl fmt::Display for Verdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// The doctor's findings on one [`Snapshot`]: the machine's problems, each of the Player's
/// jobs with its verdict and problems, and how many jobs are not the Player's.
///
/// Its [`Display`](fmt::Display) is the doctor's report: the machine's problems, then one
/// paragraph a job (id, display name, verdict, then one problem a line), then the count of
/// the other jobs. With the `serde` feature it serialises as the same findings as data:
/// `{"ok", "problems", "jobs", "other_jobs"}` (see [`JobDiagnosis`] and
/// [`validate::Problem`]).
///
/// ```
/// use wmp_bits::doctor::{self, Snapshot, SnapshotJob};
///
/// let mut snapshot = Snapshot::default();
/// snapshot.jobs.push(SnapshotJob::new("{6B2F…}", "::WMP_STATUS:1:42:Proseware::::::"));
/// let diagnosis = doctor::diagnose(&snapshot);
/// assert_eq!(
///     diagnosis.to_string(),
///     "warning: machine: the REG_DWORD value RefreshDownload does not exist under \
///      HKEY_CURRENT_USER\\Software\\Microsoft\\MediaPlayer\\Services, so nothing ensures \
///      that the Player looks at the BITS queue; expected a nonzero value, which this command \
///      sets: reg add \"HKCU\\Software\\Microsoft\\MediaPlayer\\Services\" /v RefreshDownload \
///      /t REG_DWORD /d 1 /f [refresh_download_missing]\n\
///      \n\
///      {6B2F…}: status_only\n"
/// );
/// assert!(diagnosis.is_ok()); // a warning only
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnosis {
    problems: Vec<Problem>,
    jobs: Vec<JobDiagnosis>,
    other_jobs: usize,
}

impl Diagnosis {
    /// The machine's problems: whether the Player looks at the queue at all.
    ///
    /// ```
    /// let d = wmp_bits::doctor::diagnose(&Default::default());
    /// assert_eq!(d.problems()[0].code(), "refresh_download_missing");
    /// ```
    #[must_use]
    pub fn problems(&self) -> &[Problem] {
        &self.problems
    }

    /// The Player's jobs (see [`lenient::classify`]), in the snapshot's order.
    ///
    /// ```
    /// use wmp_bits::doctor::{self, Snapshot, SnapshotJob};
    /// let mut snapshot = Snapshot::default();
    /// snapshot.jobs.push(SnapshotJob::new("{1}", "::WMP_JOB:1:0:Proseware::::::"));
    /// assert_eq!(doctor::diagnose(&snapshot).jobs()[0].id(), "{1}");
    /// ```
    #[must_use]
    pub fn jobs(&self) -> &[JobDiagnosis] {
        &self.jobs
    }

    /// How many jobs of the snapshot are not the Player's.
    ///
    /// ```
    /// use wmp_bits::doctor::{self, Snapshot, SnapshotJob};
    /// let mut snapshot = Snapshot::default();
    /// snapshot.jobs.push(SnapshotJob::new("{1}", "Windows Update"));
    /// snapshot.jobs.push(SnapshotJob::new("{2}", "nightly copy of wmp_jobs.csv"));
    /// assert_eq!(doctor::diagnose(&snapshot).other_jobs(), 2);
    /// ```
    #[must_use]
    pub fn other_jobs(&self) -> usize {
        self.other_jobs
    }

    /// True when the machine has no error and no job of the Player is
    /// [`Ignored`](Verdict::Ignored) (warnings may remain).
    ///
    /// ```
    /// use wmp_bits::doctor::{self, Snapshot};
    /// let mut snapshot = Snapshot::default();
    /// snapshot.refresh_download = Some(0);
    /// assert!(!doctor::diagnose(&snapshot).is_ok());
    /// snapshot.refresh_download = Some(1);
    /// assert!(doctor::diagnose(&snapshot).is_ok());
    /// ```
    #[must_use]
    pub fn is_ok(&self) -> bool {
        self.problems
            .iter()
            .all(|p| p.severity() != Severity::Error)
            && self.jobs.iter().all(|j| j.verdict != Verdict::Ignored)
    }
}

impl fmt::Display for Diagnosis {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut paragraphs = 0;
        let mut paragraph = |f: &mut fmt::Formatter<'_>| {
            paragraphs += 1;
            if paragraphs > 1 {
                f.write_str("\n")
            } else {
                Ok(())
            }
        };
        if !self.problems.is_empty() {
            paragraph(f)?;
            for p in &self.problems {
                writeln!(f, "{p}")?;
            }
        }
        for job in &self.jobs {
            paragraph(f)?;
            write!(f, "{job}")?;
        }
        if self.jobs.is_empty() {
            paragraph(f)?;
            f.write_str("no job of the Player in the queue\n")?;
        }
        if self.other_jobs > 0 {
            paragraph(f)?;
            let (jobs, are) = if self.other_jobs == 1 {
                ("job", "is")
            } else {
                ("jobs", "are")
            };
            writeln!(f, "{} other {jobs} {are} not the Player's", self.other_jobs)?;
        }
        Ok(())
    }
}

/// One of the Player's jobs: where it is in the snapshot, its id, display name and state,
/// the [`Verdict`], every problem, and the descriptor it holds or, for a near miss, the
/// exact one the Player needs.
///
/// With the `serde` feature it serialises as `{"index", "id", "display_name", "state",
/// "verdict", "descriptor", "exact_description", "problems"}` (`null` for what is unknown
/// or absent).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JobDiagnosis {
    index: usize,
    id: String,
    display_name: Option<String>,
    state: Option<JobState>,
    verdict: Verdict,
    descriptor: Option<Descriptor>,
    exact: Option<Descriptor>,
    problems: Vec<Problem>,
}

impl JobDiagnosis {
    /// The job's position in [`Snapshot::jobs`], which ties the diagnosis to the job.
    ///
    /// ```
    /// use wmp_bits::doctor::{self, Snapshot, SnapshotJob};
    /// let mut snapshot = Snapshot::default();
    /// snapshot.jobs.push(SnapshotJob::new("{0}", "backup"));
    /// snapshot.jobs.push(SnapshotJob::new("{1}", "::WMP_JOB:1:7:Proseware::::::"));
    /// let diagnosis = doctor::diagnose(&snapshot);
    /// let job = &diagnosis.jobs()[0];
    /// assert_eq!(snapshot.jobs[job.index()].id, job.id());
    /// ```
    #[must_use]
    pub fn index(&self) -> usize {
        self.index
    }

    /// The job's id, as the snapshot gives it.
    ///
    /// ```
    /// use wmp_bits::doctor::{self, Snapshot, SnapshotJob};
    /// let mut snapshot = Snapshot::default();
    /// snapshot.jobs.push(SnapshotJob::new("{6B2F…}", "::WMP_JOB:1:7:Proseware::::::"));
    /// assert_eq!(doctor::diagnose(&snapshot).jobs()[0].id(), "{6B2F…}");
    /// ```
    #[must_use]
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The job's display name, when the snapshot gives one.
    ///
    /// ```
    /// use wmp_bits::doctor::{self, Snapshot, SnapshotJob};
    /// let mut job = SnapshotJob::new("{1}", "::WMP_JOB:1:7:Proseware::::::");
    /// job.display_name = Some("Intro".into());
    /// let mut snapshot = Snapshot::default();
    /// snapshot.jobs.push(job);
    /// assert_eq!(doctor::diagnose(&snapshot).jobs()[0].display_name(), Some("Intro"));
    /// ```
    #[must_use]
    pub fn display_name(&self) -> Option<&str> {
        self.display_name.as_deref()
    }

    /// The job's state, when the snapshot gives it.
    ///
    /// ```
    /// use wmp_bits::doctor::{self, JobState, Snapshot, SnapshotJob};
    /// let mut job = SnapshotJob::new("{1}", "::WMP_JOB:1:7:Proseware::::::");
    /// job.state = Some(JobState::Queued);
    /// let mut snapshot = Snapshot::default();
    /// snapshot.jobs.push(job);
    /// assert_eq!(doctor::diagnose(&snapshot).jobs()[0].state(), Some(JobState::Queued));
    /// ```
    #[must_use]
    pub fn state(&self) -> Option<JobState> {
        self.state
    }

    /// What the Player does with the job: [`Completed`](Verdict::Completed) for a job in
    /// BITS' acknowledged state; else [`Ignored`](Verdict::Ignored) when any of its
    /// problems is an error; else [`Unwatched`](Verdict::Unwatched) when the Player does
    /// not look at the queue; else [`PickedUp`](Verdict::PickedUp) for `WMP_JOB` and
    /// [`StatusOnly`](Verdict::StatusOnly) for `WMP_STATUS`.
    ///
    /// ```
    /// use wmp_bits::doctor::{self, Snapshot, SnapshotJob, Verdict};
    /// let mut snapshot = Snapshot::default();
    /// snapshot.jobs.push(SnapshotJob::new("{1}", "::WMP_JOB:1:7:Proseware::::::"));
    /// assert_eq!(doctor::diagnose(&snapshot).jobs()[0].verdict(), Verdict::PickedUp);
    /// snapshot.refresh_download = Some(0);
    /// assert_eq!(doctor::diagnose(&snapshot).jobs()[0].verdict(), Verdict::Unwatched);
    /// ```
    #[must_use]
    pub fn verdict(&self) -> Verdict {
        self.verdict
    }

    /// Every problem of the job, errors and warnings: first those of the job's parts, as
    /// [`validate::job`](crate::validate::job) finds them (the description and provider, the
    /// local name, the remote name, the display name — the last two as warnings at most,
    /// since the Player reads neither), then the job's own (`job_file_count`,
    /// `job_not_download`, `job_in_error`, `job_transient_error`, `job_suspended`,
    /// `job_cancelled`, `job_owner_other_user`, `status_job_awaiting_complete`).
    ///
    /// ```
    /// use wmp_bits::doctor::{self, JobType, Snapshot, SnapshotJob};
    /// let mut job = SnapshotJob::new("{1}", "::WMP_JOB:1:0:Proseware::::::");
    /// job.job_type = Some(JobType::Upload);
    /// let mut snapshot = Snapshot::default();
    /// snapshot.jobs.push(job);
    /// let codes: Vec<&str> = doctor::diagnose(&snapshot).jobs()[0]
    ///     .problems()
    ///     .iter()
    ///     .map(|p| p.code())
    ///     .collect();
    /// assert_eq!(codes, ["zero_service_id", "job_not_download"]);
    /// ```
    #[must_use]
    pub fn problems(&self) -> &[Problem] {
        &self.problems
    }

    /// The description's descriptor, when it is a strict one.
    ///
    /// ```
    /// use wmp_bits::doctor::{self, Snapshot, SnapshotJob};
    /// let mut snapshot = Snapshot::default();
    /// snapshot.jobs.push(SnapshotJob::new("{1}", "::WMP_JOB:1:7:Proseware::::::"));
    /// let d = doctor::diagnose(&snapshot);
    /// assert_eq!(d.jobs()[0].descriptor().unwrap().provider(), "Proseware");
    /// ```
    #[must_use]
    pub fn descriptor(&self) -> Option<&Descriptor> {
        self.descriptor.as_ref()
    }

    /// For a near miss, the descriptor the Player needs instead: its text is the exact
    /// description to write (see [`lenient::NearMiss::exact`]).
    ///
    /// ```
    /// use wmp_bits::doctor::{self, Snapshot, SnapshotJob};
    /// let mut snapshot = Snapshot::default();
    /// snapshot.jobs.push(SnapshotJob::new("{1}", "::wmp_job:1:7:Proseware::::::\r\n"));
    /// let diagnosis = doctor::diagnose(&snapshot);
    /// let job = &diagnosis.jobs()[0];
    /// assert_eq!(job.descriptor(), None);
    /// assert_eq!(job.exact_description().unwrap().as_str(), "::WMP_JOB:1:7:Proseware::::::");
    /// ```
    #[must_use]
    pub fn exact_description(&self) -> Option<&Descriptor> {
        self.exact.as_ref()
    }
}

impl fmt::Display for JobDiagnosis {
    /// `id "display name": verdict`, then one problem a line, indented.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.id)?;
        if let Some(name) = &self.display_name {
            write!(f, " {name:?}")?;
        }
        writeln!(f, ": {}", self.verdict)?;
        for p in &self.problems {
            writeln!(f, "  {p}")?;
        }
        Ok(())
    }
}

#[cfg(feature = "serde")]
mod json {
    use serde::ser::{Serialize, SerializeStruct as _, Serializer};

    use super::{Diagnosis, JobDiagnosis, Verdict};

    impl Serialize for Verdict {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            serializer.serialize_str(self.code())
        }
    }

    impl Serialize for Diagnosis {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            let mut s = serializer.serialize_struct("Diagnosis", 4)?;
            s.serialize_field("ok", &self.is_ok())?;
            s.serialize_field("problems", &self.problems)?;
            s.serialize_field("jobs", &self.jobs)?;
            s.serialize_field("other_jobs", &self.other_jobs)?;
            s.end()
        }
    }

    impl Serialize for JobDiagnosis {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            let mut s = serializer.serialize_struct("JobDiagnosis", 8)?;
            s.serialize_field("index", &self.index)?;
            s.serialize_field("id", &self.id)?;
            s.serialize_field("display_name", &self.display_name)?;
            s.serialize_field("state", &self.state)?;
            s.serialize_field("verdict", &self.verdict)?;
            s.serialize_field("descriptor", &self.descriptor)?;
            s.serialize_field("exact_description", &self.exact)?;
            s.serialize_field("problems", &self.problems)?;
            s.end()
        }
    }
}

/// Diagnoses a snapshot: the machine's problems, then every one of the Player's jobs.
/// See the [module documentation](super) for what is checked.
///
/// Never panics, whatever the snapshot holds.
///
/// ```
/// use wmp_bits::doctor::{self, JobState, Snapshot, SnapshotFile, SnapshotJob, Verdict};
///
/// let mut job = SnapshotJob::new("{1}", "::WMP_JOB:1:42:Proseware::::Intro::");
/// job.state = Some(JobState::Error);
/// job.error = Some("0x80190194: the server answered with HTTP status 404".into());
/// job.files = Some(vec![
///     SnapshotFile::new("https://example.com/1.mp3", r"C:\Music\1.mp3"),
///     SnapshotFile::new("https://example.com/2.mp3", r"C:\Music\2.mp3"),
/// ]);
/// let mut snapshot = Snapshot::default();
/// snapshot.refresh_download = Some(1);
/// snapshot.jobs.push(job);
///
/// let d = doctor::diagnose(&snapshot);
/// let job = &d.jobs()[0];
/// assert_eq!(job.verdict(), Verdict::Ignored);
/// let codes: Vec<&str> = job.problems().iter().map(|p| p.code()).collect();
/// assert_eq!(codes, ["job_file_count", "job_in_error"]);
/// assert!(job.problems()[1].message().contains("HTTP status 404"));
/// ```
#[must_use]
pub fn diagnose(snapshot: &Snapshot) -> Diagnosis {
    let mut problems = Vec::new();
    let looking = match snapshot.refresh_download {
        None => {
            problems.push(ProblemKind::RefreshDownloadMissing.problem(format!(
                "the REG_DWORD value {REFRESH_DOWNLOAD} does not exist under {SERVICES_KEY}, so \
                 nothing ensures that the Player looks at the BITS queue; expected a nonzero \
                 value, which this command sets: {}",
                refresh_download_command(true)
            )));
            true
        }
        Some(0) => {
            problems.push(ProblemKind::RefreshDownloadOff.problem(format!(
                "the REG_DWORD value {REFRESH_DOWNLOAD} under {SERVICES_KEY} is 0, so the \
                 Player does not look at the BITS queue and picks up none of its jobs; \
                 expected a nonzero value, which this command sets: {}",
                refresh_download_command(true)
            )));
            false
        }
        Some(_) => true,
    };
    let mut jobs = Vec::new();
    let mut other_jobs = 0;
    for (index, job) in snapshot.jobs.iter().enumerate() {
        match lenient::classify(&job.description) {
            Reading::Other => other_jobs += 1,
            reading => jobs.push(diagnose_job(snapshot, index, job, reading, looking)),
        }
    }
    Diagnosis {
        problems,
        jobs,
        other_jobs,
    }
}

fn diagnose_job(
    snapshot: &Snapshot,
    index: usize,
    job: &SnapshotJob,
    reading: Reading,
    looking: bool,
) -> JobDiagnosis {
    let (descriptor, near) = match reading {
        Reading::Strict(d) => (Some(d), None),
        Reading::NearMiss(near) => (None, Some(near)),
        Reading::Other => (None, None),
    };
    let mut problems = part_problems(snapshot, job, descriptor.as_ref(), near.as_ref());
    let kind = descriptor.as_ref().map(Descriptor::kind);
    job_problems(snapshot, job, kind, &mut problems);

    let error = problems.iter().any(|p| p.severity() == Severity::Error);
    let verdict = match (job.state, error, looking, kind) {
        (Some(JobState::Acknowledged), ..) => Verdict::Completed,
        (_, true, _, _) | (_, _, _, None) => Verdict::Ignored,
        (_, false, false, Some(_)) => Verdict::Unwatched,
        (_, false, true, Some(Kind::Job)) => Verdict::PickedUp,
        (_, false, true, Some(Kind::Status)) => Verdict::StatusOnly,
    };
    if verdict == Verdict::Completed {
        problems = problems
            .into_iter()
            .map(|p| p.with_severity(Severity::Warning))
            .collect();
    }
    JobDiagnosis {
        index,
        id: job.id.clone(),
        display_name: job.display_name.clone(),
        state: job.state,
        verdict,
        descriptor,
        exact: near.and_then(|near| near.exact().cloned()),
        problems,
    }
}

/// The problems of the job's parts, as [`validate::job`] finds them, weighed as the Player
/// weighs them.
///
/// A near miss with an exact text is checked as that text: the near miss first, then what
/// the Player would still refuse once the description is mended (a store that is not
/// installed), so that following the advice leaves no surprise. Those problems have no span,
/// since they are found in the exact text, not in the description as written.
fn part_problems(
    snapshot: &Snapshot,
    job: &SnapshotJob,
    descriptor: Option<&Descriptor>,
    near: Option<&NearMiss>,
) -> Vec<Problem> {
    let exact = near.and_then(|near| Some((near, near.exact()?)));
    let mut check = match (descriptor, exact) {
        (Some(d), _) | (None, Some((_, d))) => JobCheck::parsed(d),
        (None, None) => validate::job(&job.description),
    };
    if let Some([file]) = job.files.as_deref() {
        check = check
            .local_name(&file.local_name)
            .remote_name(&file.remote_name);
    }
    if let Some(name) = &job.display_name {
        check = check.display_name(name);
    }
    if let Some(installed) = &snapshot.installed_providers {
        check = check.installed_providers(installed);
    }
    let report = check.check();
    // A near miss without an exact text keeps the strict parser's problem, as any
    // description does (its message is the near miss's).
    let found = report.problems().iter().map(|p| match exact {
        Some(_) if p.subject() == Subject::Description => without_span(p),
        _ => p.clone(),
    });
    exact
        .map(|(near, _)| near_miss_problem(&near.error().into(), near))
        .into_iter()
        .chain(found)
        .map(|p| {
            // The Player reads neither the display name nor the remote name (BITS took
            // both when the job was made): their problems are warnings at most.
            let p = match p.subject() {
                Subject::DisplayName | Subject::RemoteName => p.with_severity(Severity::Warning),
                _ => p,
            };
            p.map_kind(ProblemKind::Part)
        })
        .collect()
}

/// The problems only the queue shows: the job's files, type, state and owner.
fn job_problems(
    snapshot: &Snapshot,
    job: &SnapshotJob,
    kind: Option<Kind>,
    problems: &mut Vec<Problem>,
) {
    if let Some(files) = &job.files {
        if files.len() != 1 {
            problems.push(file_count(files.len()));
        }
    }
    if let Some(job_type @ (JobType::Upload | JobType::UploadReply)) = job.job_type {
        problems.push(ProblemKind::JobNotDownload.problem(format!(
            "the job is an {job_type} job, and the Player takes only download jobs; expected a \
             download job (BG_JOB_TYPE_DOWNLOAD): cancel this one and create the download"
        )));
    }
    let bits_says = || match &job.error {
        Some(error) => format!("BITS says: {error}"),
        None => String::from("BITS gave no error text"),
    };
    match job.state {
        Some(JobState::Error) => problems.push(ProblemKind::JobInError.problem(format!(
            "the job is in BITS' error state, where it stays until its owner acts ({}); \
             expected a job that can transfer: fix the cause, then resume the job \
             (IBackgroundCopyJob::Resume), or cancel it and submit it again",
            bits_says()
        ))),
        Some(JobState::TransientError) => {
            problems.push(ProblemKind::JobTransientError.problem(format!(
                "the job hit an error that BITS retries on its own ({}); it transfers once the \
                 cause is gone, and moves to the error state if that takes longer than its \
                 no-progress timeout",
                bits_says()
            )));
        }
        Some(JobState::Suspended) => problems.push(ProblemKind::JobSuspended.problem(
            "the job is suspended and transfers nothing until it is resumed; expected its \
             owner to resume it (IBackgroundCopyJob::Resume) once its file is added",
        )),
        Some(JobState::Cancelled) => problems.push(ProblemKind::JobCancelled.problem(
            "the job was cancelled, and BITS never transfers a cancelled job (it leaves the \
             queue); expected a job that can transfer: submit the download again",
        )),
        _ => {}
    }
    if let (Some(owner), Some(user)) = (&job.owner, &snapshot.user) {
        if text::accounts_match(owner, user) == Some(false) {
            problems.push(ProblemKind::JobOwnerOtherUser.problem(format!(
                "the job belongs to {owner}, and the Player of {user} looks only at the jobs \
                 of {user}; expected a job created by {user} (a store service that runs as \
                 another account must create it while impersonating {user})"
            )));
        }
    }
    if kind == Some(Kind::Status) && job.state == Some(JobState::Transferred) {
        problems.push(ProblemKind::StatusJobAwaitingComplete.problem(
            "the WMP_STATUS job is transferred and waits for the store: the Player only shows \
             its status; expected the store to complete it (IBackgroundCopyJob::Complete, \
             bits::Queue::complete), which moves the file to its local name",
        ));
    }
}

/// The description's problem `p` with the near miss's message: what is wrong, and the
/// exact text the Player needs.
fn near_miss_problem(p: &validate::Problem, near: &NearMiss) -> validate::Problem {
    let mut q = validate::Problem::new(p.severity(), p.kind(), p.subject(), near.to_string());
    if let Some(span) = p.span() {
        q = q.with_span(span);
    }
    if let Some(field) = p.field() {
        q = q.with_field(field);
    }
    q
}

/// `p` without its span (kept: its field, severity, kind, subject and message).
fn without_span(p: &validate::Problem) -> validate::Problem {
    let q = validate::Problem::new(p.severity(), p.kind(), p.subject(), p.message());
    match p.field() {
        Some(field) => q.with_field(field),
        None => q,
    }
}

fn file_count(n: usize) -> Problem {
    let message = match n {
        0 => String::from(
            "the job holds no file, and the Player takes a job only with exactly one file; \
             expected one file: add it (IBackgroundCopyJob::AddFile), then resume the job",
        ),
        n => format!(
            "the job holds {n} files, and the Player takes a job only with exactly one file; \
             expected one job a file: cancel this one and submit each file as a job of its own"
        ),
    };
    ProblemKind::JobFileCount.problem(message)
}
