//! [`diagnose`]: a [`Snapshot`] in, a [`Diagnosis`] out.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;

use super::{JobState, JobType, Snapshot, SnapshotJob};
use crate::registry::{refresh_download_command, REFRESH_DOWNLOAD, SERVICES_KEY};
use crate::validate::{self, Problem, ProblemKind, Report};
use crate::{lenient, text, Descriptor, Kind};

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
/// the other jobs.
///
/// ```
/// use wmp_bits::doctor::{self, Snapshot, SnapshotJob};
///
/// let mut snapshot = Snapshot::default();
/// snapshot.jobs.push(SnapshotJob::new("{6B2F…}", "::WMP_STATUS:1:42:Proseware::::::"));
/// let diagnosis = doctor::diagnose(&snapshot);
/// assert_eq!(
///     diagnosis.to_string(),
///     "error: machine: the Player never looks at the BITS queue: the REG_DWORD value \
///      RefreshDownload does not exist under \
///      HKEY_CURRENT_USER\\Software\\Microsoft\\MediaPlayer\\Services; expected a nonzero \
///      value, which this command sets: reg add \
///      \"HKCU\\Software\\Microsoft\\MediaPlayer\\Services\" /v RefreshDownload /t REG_DWORD \
///      /d 1 /f [refresh_download_missing]\n\
///      \n\
///      {6B2F…}: status_only\n"
/// );
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

    /// The Player's jobs (those whose description mentions `wmp_job` or `wmp_status`, in
    /// any case), in the snapshot's order.
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

    /// How many jobs of the snapshot are not the Player's (their description mentions
    /// neither `wmp_job` nor `wmp_status`, in any case).
    ///
    /// ```
    /// use wmp_bits::doctor::{self, Snapshot, SnapshotJob};
    /// let mut snapshot = Snapshot::default();
    /// snapshot.jobs.push(SnapshotJob::new("{1}", "Windows Update"));
    /// assert_eq!(doctor::diagnose(&snapshot).other_jobs(), 1);
    /// ```
    #[must_use]
    pub fn other_jobs(&self) -> usize {
        self.other_jobs
    }

    /// True when the machine has no error and every one of the Player's jobs is
    /// [`PickedUp`](Verdict::PickedUp) or [`StatusOnly`](Verdict::StatusOnly) (warnings
    /// may remain).
    ///
    /// ```
    /// use wmp_bits::doctor::{self, Snapshot};
    /// let mut snapshot = Snapshot::default();
    /// assert!(!doctor::diagnose(&snapshot).is_ok());
    /// snapshot.refresh_download = Some(1);
    /// assert!(doctor::diagnose(&snapshot).is_ok());
    /// ```
    #[must_use]
    pub fn is_ok(&self) -> bool {
        self.problems
            .iter()
            .all(|p| p.severity() != validate::Severity::Error)
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

/// One of the Player's jobs: its id and display name, the [`Verdict`], and every problem.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JobDiagnosis {
    id: String,
    display_name: Option<String>,
    verdict: Verdict,
    report: Report,
}

impl JobDiagnosis {
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

    /// What the Player does with the job: [`Ignored`](Verdict::Ignored) when any of its
    /// problems is an error, else [`PickedUp`](Verdict::PickedUp) for `WMP_JOB` and
    /// [`StatusOnly`](Verdict::StatusOnly) for `WMP_STATUS`.
    ///
    /// ```
    /// use wmp_bits::doctor::{self, Snapshot, SnapshotJob, Verdict};
    /// let mut snapshot = Snapshot::default();
    /// snapshot.jobs.push(SnapshotJob::new("{1}", "::WMP_JOB:1:7:Proseware::::::"));
    /// assert_eq!(doctor::diagnose(&snapshot).jobs()[0].verdict(), Verdict::PickedUp);
    /// ```
    #[must_use]
    pub fn verdict(&self) -> Verdict {
        self.verdict
    }

    /// Every problem of the job, errors and warnings: first those of
    /// [`validate::job`](crate::validate::job) (the description and provider, the local
    /// name, the remote name, the display name), then the job's own (`job_file_count`,
    /// `job_not_download`, `job_in_error`, `job_cancelled`, `job_owner_other_user`,
    /// `status_job_awaiting_complete`).
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
        self.report.problems()
    }

    /// The description's descriptor, when it is a valid one.
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
        self.report.descriptor()
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
        for p in self.report.problems() {
            writeln!(f, "  {p}")?;
        }
        Ok(())
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
    match snapshot.refresh_download {
        None => problems.push(refresh_download_problem(
            ProblemKind::RefreshDownloadMissing,
            &format!("does not exist under {SERVICES_KEY}"),
        )),
        Some(0) => problems.push(refresh_download_problem(
            ProblemKind::RefreshDownloadOff,
            &format!("under {SERVICES_KEY} is 0"),
        )),
        Some(_) => {}
    }
    let mut jobs = Vec::new();
    let mut other_jobs = 0;
    for job in &snapshot.jobs {
        if is_players(&job.description) {
            jobs.push(diagnose_job(snapshot, job));
        } else {
            other_jobs += 1;
        }
    }
    Diagnosis {
        problems,
        jobs,
        other_jobs,
    }
}

/// Whether a description is meant for the Player: it mentions `wmp_job` or `wmp_status`,
/// in any ASCII case.
fn is_players(description: &str) -> bool {
    let mentions = |word: &[u8]| {
        description
            .as_bytes()
            .windows(word.len())
            .any(|w| w.eq_ignore_ascii_case(word))
    };
    mentions(b"wmp_job") || mentions(b"wmp_status")
}

fn refresh_download_problem(kind: ProblemKind, what: &str) -> Problem {
    Problem::of(
        kind,
        format!(
            "the Player never looks at the BITS queue: the REG_DWORD value {REFRESH_DOWNLOAD} \
             {what}; expected a nonzero value, which this command sets: {}",
            refresh_download_command(true)
        ),
    )
}

fn diagnose_job(snapshot: &Snapshot, job: &SnapshotJob) -> JobDiagnosis {
    let mut check = validate::job(&job.description);
    let files = job.files.as_deref();
    if let Some([file]) = files {
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
    let mut report = check.check();
    if report.descriptor().is_none() {
        if let Some(exact) = near_miss(&job.description) {
            advise_exact_text(&mut report, &exact);
        }
    }

    if let Some(files) = files {
        if files.len() != 1 {
            report.push(file_count(files.len()));
        }
    }
    if let Some(job_type @ (JobType::Upload | JobType::UploadReply)) = job.job_type {
        report.push(Problem::of(
            ProblemKind::JobNotDownload,
            format!(
                "the job is an {job_type} job, and the Player takes only download jobs; \
                 expected a download job (BG_JOB_TYPE_DOWNLOAD): cancel this one and create \
                 the download"
            ),
        ));
    }
    if job.state == Some(JobState::Error) {
        let bits_says = match &job.error {
            Some(error) => format!("BITS says: {error}"),
            None => String::from("BITS gave no error text"),
        };
        report.push(Problem::of(
            ProblemKind::JobInError,
            format!(
                "the job is in BITS' error state, where it stays until its owner acts \
                 ({bits_says}); expected a job that can transfer: fix the cause, then resume \
                 the job (IBackgroundCopyJob::Resume), or cancel it and submit it again"
            ),
        ));
    }
    if job.state == Some(JobState::Cancelled) {
        report.push(Problem::of(
            ProblemKind::JobCancelled,
            "the job was cancelled, and BITS never transfers a cancelled job (it leaves the \
             queue); expected a job that can transfer: submit the download again",
        ));
    }
    if let (Some(owner), Some(user)) = (&job.owner, &snapshot.user) {
        if !text::windows_names_equal(owner, user) {
            report.push(Problem::of(
                ProblemKind::JobOwnerOtherUser,
                format!(
                    "the job belongs to {owner}, and the Player of {user} looks only at the \
                     jobs of {user}; expected a job created by {user} (a store service that \
                     runs as another account must create it while impersonating {user})"
                ),
            ));
        }
    }
    let kind = report.descriptor().map(Descriptor::kind);
    if kind == Some(Kind::Status) && job.state == Some(JobState::Transferred) {
        report.push(Problem::of(
            ProblemKind::StatusJobAwaitingComplete,
            "the WMP_STATUS job is transferred and waits for the store: the Player only shows \
             its status; expected the store to complete it (IBackgroundCopyJob::Complete, \
             bits::Queue::complete), which moves the file to its local name",
        ));
    }

    let verdict = match (report.is_ok(), kind) {
        (true, Some(Kind::Job)) => Verdict::PickedUp,
        (true, Some(Kind::Status)) => Verdict::StatusOnly,
        _ => Verdict::Ignored,
    };
    JobDiagnosis {
        id: job.id.clone(),
        display_name: job.display_name.clone(),
        verdict,
        report,
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
    Problem::of(ProblemKind::JobFileCount, message)
}

/// The descriptor a description that strict parsing refuses would be, normalised as
/// [`lenient::parse`] does, or with white space around it removed.
fn near_miss(description: &str) -> Option<Descriptor> {
    lenient::parse(description)
        .or_else(|_| lenient::parse(description.trim()))
        .ok()
        .map(lenient::Lenient::into_descriptor)
}

/// Adds to the description's problem (the strict parser's error, always the first) the
/// exact text that the Player would read, as it is (not quoted or escaped: a descriptor
/// holds no control character, so it runs to the end of the message on one line).
fn advise_exact_text(report: &mut Report, exact: &Descriptor) {
    if let Some(first) = report.problems_mut().first_mut() {
        first.extend_message("; a near miss: the Player needs exactly this description: ");
        first.extend_message(exact.as_str());
    }
}
