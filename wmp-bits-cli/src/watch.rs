//! `wmp-bits watch`: the Player's jobs in the live queue, refreshed in place (Windows).
//!
//! ```text
//! wmp-bits watch                 # a progress bar a job, on a terminal; plain lines otherwise
//! wmp-bits watch --json          # one JSON object a change
//! ```
//!
//! Reads the current user's queue (`bits::Queue::snapshot`) every `--interval` seconds and
//! shows each of the Player's jobs — its verdict from the doctor, its state, and the bytes
//! transferred — until every one has transferred (or left the queue), or the user stops it
//! (Ctrl-C). What is shown is worked out here, from snapshots, on any platform; only the
//! loop that reads the live queue needs Windows.
//!
//! `--json` writes one object a line for each change: `{"event": "machine", "problems":
//! [...]}` when the machine's problems change (and first), `{"event": "job", "id",
//! "display_name", "verdict", "state", "bytes_transferred", "bytes_total", "problems":
//! [...]}` when a job appears or its verdict, state, progress or problems change, and
//! `{"event": "left", "id"}` when a job leaves the queue. A problem is `{"severity",
//! "code", "message"}`; an unknown state, size or progress is `null`.

use std::borrow::Cow;
use std::io::{self, Write};
use std::time::Duration;

use indicatif::{MultiProgress, ProgressBar, ProgressDrawTarget, ProgressStyle};
use serde_json::{json, Value};
use wmp_bits::doctor::Problem;
use wmp_bits::doctor::{self, JobState, Progress, Snapshot, Verdict};

/// Watches the Player's jobs in the current user's BITS queue until every one has
/// transferred (Windows).
#[derive(Debug, clap::Args)]
#[command(
    long_about = "Watches the Player's jobs in the current user's BITS queue (Windows): each \
                  job's verdict (as the doctor gives it), its state, and a progress bar of the \
                  bytes transferred, refreshed in place until every Player job has transferred \
                  or left the queue, or until stopped with Ctrl-C. Plain lines instead of bars \
                  when the output is not a terminal.",
    after_help = "Exit status: 0 when every Player job has transferred and the doctor finds no \
                  error, 1 when it does, 2 on a usage error, when the queue cannot be read, or \
                  on a system other than Windows."
)]
pub struct Args {
    /// One JSON object a line for each change, instead of progress bars
    #[arg(long)]
    json: bool,
    /// Seconds between two readings of the queue
    #[arg(
        long,
        value_name = "SECS",
        default_value = "1",
        value_parser = interval,
        allow_negative_numbers = true
    )]
    interval: Duration,
}

/// `--interval`: seconds, more than 0 and at most an hour.
fn interval(v: &str) -> Result<Duration, String> {
    v.parse::<f64>()
        .ok()
        .filter(|s| *s > 0.0 && *s <= 3600.0)
        .and_then(|s| Duration::try_from_secs_f64(s).ok())
        .ok_or_else(|| "expected seconds, more than 0 and at most 3600, such as 1 or 0.5".into())
}

/// One problem, as shown: its text, and the whole problem as data for `--json` (severity,
/// code, subject, field, span and message).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Shown {
    severity: String,
    code: &'static str,
    message: String,
    data: Value,
}

impl From<&Problem> for Shown {
    fn from(p: &Problem) -> Shown {
        Shown {
            severity: p.severity().to_string(),
            code: p.code(),
            message: p.message().to_owned(),
            data: serde_json::to_value(p).unwrap_or(Value::Null),
        }
    }
}

impl Shown {
    fn json(problems: &[Shown]) -> Value {
        problems.iter().map(|p| p.data.clone()).collect()
    }
}

/// One of the Player's jobs as `watch` shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Job {
    id: String,
    display_name: Option<String>,
    verdict: Verdict,
    state: Option<JobState>,
    progress: Option<Progress>,
    problems: Vec<Shown>,
}

impl Job {
    /// Whether the job has transferred every byte (or been completed).
    fn transferred(&self) -> bool {
        matches!(
            self.state,
            Some(JobState::Transferred | JobState::Acknowledged)
        )
    }

    /// `{id} "name": verdict, state, bytes` on one line.
    fn line(&self) -> String {
        format!("{}, {}", self.label(), bytes(self.progress))
    }

    /// `{id} "name": verdict, state`: the bar's message.
    fn label(&self) -> String {
        match &self.display_name {
            Some(name) => format!("{} {name:?}: {}", self.id, self.status()),
            None => format!("{}: {}", self.id, self.status()),
        }
    }

    fn status(&self) -> String {
        let state = self.state.map_or(Cow::Borrowed("state unknown"), |s| {
            Cow::Owned(s.to_string())
        });
        format!("{}, {state}", self.verdict)
    }

    fn json(&self) -> Value {
        json!({
            "event": "job",
            "id": self.id,
            "display_name": self.display_name,
            "verdict": self.verdict.code(),
            "state": self.state.map(JobState::as_str),
            "bytes_transferred": self.progress.map(|p| p.bytes_transferred),
            "bytes_total": self.progress.and_then(|p| p.bytes_total),
            "problems": Shown::json(&self.problems),
        })
    }
}

/// `150000 of 300000 bytes (50%)`, or what is known of it.
fn bytes(progress: Option<Progress>) -> String {
    match progress {
        None => "progress unknown".to_owned(),
        Some(Progress {
            bytes_transferred: done,
            bytes_total: None,
            ..
        }) => format!("{done} bytes of an unknown size"),
        Some(Progress {
            bytes_transferred: done,
            bytes_total: Some(total),
            ..
        }) => {
            let percent = if total == 0 {
                100
            } else {
                u128::from(done.min(total)) * 100 / u128::from(total)
            };
            format!("{done} of {total} bytes ({percent}%)")
        }
    }
}

/// What `watch` shows of one snapshot: the machine's problems and the Player's jobs.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Frame {
    machine: Vec<Shown>,
    jobs: Vec<Job>,
    /// Whether the doctor finds no error.
    ok: bool,
}

impl Frame {
    /// The frame of `snapshot`: the doctor's verdicts, with each job's state and progress.
    fn of(snapshot: &Snapshot) -> Frame {
        let diagnosis = doctor::diagnose(snapshot);
        let jobs = diagnosis
            .jobs()
            .iter()
            .map(|d| {
                let job = snapshot.jobs.iter().find(|j| j.id == d.id());
                Job {
                    id: d.id().to_owned(),
                    display_name: d.display_name().map(str::to_owned),
                    verdict: d.verdict(),
                    state: job.and_then(|j| j.state),
                    progress: job.and_then(|j| j.progress),
                    problems: d.problems().iter().map(Shown::from).collect(),
                }
            })
            .collect();
        Frame {
            machine: diagnosis.problems().iter().map(Shown::from).collect(),
            jobs,
            ok: diagnosis.is_ok(),
        }
    }

    /// Whether every Player job has transferred (true of an empty queue).
    fn finished(&self) -> bool {
        self.jobs.iter().all(Job::transferred)
    }

    /// What changed from `before` to `self`, in order: the machine, then each job that is
    /// new or changed, then each job that left.
    fn changes<'a>(&'a self, before: Option<&'a Frame>) -> Vec<Change<'a>> {
        let mut changes = Vec::new();
        if before.is_none_or(|b| b.machine != self.machine) {
            changes.push(Change::Machine(&self.machine));
        }
        for job in &self.jobs {
            let was = before.and_then(|b| b.jobs.iter().find(|j| j.id == job.id));
            if was != Some(job) {
                changes.push(Change::Job {
                    job,
                    problems_changed: was.is_none_or(|w| w.problems != job.problems),
                });
            }
        }
        for was in before.map_or(&[][..], |b| &b.jobs) {
            if !self.jobs.iter().any(|j| j.id == was.id) {
                changes.push(Change::Left(&was.id));
            }
        }
        changes
    }
}

/// One change between two frames.
#[derive(Debug, PartialEq, Eq)]
enum Change<'a> {
    /// The machine's problems (the first frame's, or new ones).
    Machine(&'a [Shown]),
    /// A job that appeared or changed; whether its problems are new.
    Job {
        job: &'a Job,
        problems_changed: bool,
    },
    /// The id of a job that left the queue.
    Left(&'a str),
}

/// How the changes are shown.
trait View {
    /// Shows the changes; the error is one of writing.
    fn show(&mut self, changes: &[Change<'_>]) -> io::Result<()>;
    /// Says how it ended.
    fn finish(&mut self, last: &Frame) -> io::Result<()>;
}

/// One JSON object a line for each change.
struct Json<W>(W);

impl<W: Write> View for Json<W> {
    fn show(&mut self, changes: &[Change<'_>]) -> io::Result<()> {
        for change in changes {
            let value = match change {
                Change::Machine(problems) => {
                    json!({"event": "machine", "problems": Shown::json(problems)})
                }
                Change::Job { job, .. } => job.json(),
                Change::Left(id) => json!({"event": "left", "id": id}),
            };
            writeln!(self.0, "{value}")?;
        }
        self.0.flush()
    }

    fn finish(&mut self, _: &Frame) -> io::Result<()> {
        Ok(())
    }
}

/// Plain lines, for output that is not a terminal: a line for each change, and a job's
/// problems (indented) when they are new.
struct Lines<W>(W);

/// The problems, one a line, with `indent` before each.
fn problem_lines(problems: &[Shown], indent: &str) -> Vec<String> {
    problems
        .iter()
        .map(|p| format!("{indent}{}: {} [{}]", p.severity, p.message, p.code))
        .collect()
}

/// How a watch that ended says so.
fn ending(last: &Frame) -> &'static str {
    if last.jobs.is_empty() {
        "no job of the Player in the queue"
    } else {
        "every job of the Player has transferred"
    }
}

impl<W: Write> View for Lines<W> {
    fn show(&mut self, changes: &[Change<'_>]) -> io::Result<()> {
        for change in changes {
            match change {
                Change::Machine(problems) => {
                    for line in problem_lines(problems, "machine: ") {
                        writeln!(self.0, "{line}")?;
                    }
                }
                Change::Job {
                    job,
                    problems_changed,
                } => {
                    writeln!(self.0, "{}", job.line())?;
                    if *problems_changed {
                        for line in problem_lines(&job.problems, "  ") {
                            writeln!(self.0, "{line}")?;
                        }
                    }
                }
                Change::Left(id) => writeln!(self.0, "{id}: left the queue")?,
            }
        }
        self.0.flush()
    }

    fn finish(&mut self, last: &Frame) -> io::Result<()> {
        writeln!(self.0, "{}", ending(last))
    }
}

/// A progress bar a job, refreshed in place; problems are printed above the bars.
struct Bars {
    multi: MultiProgress,
    bars: Vec<(String, ProgressBar)>,
}

/// The bar of a job whose size is known, and of one whose size is not.
const SIZED: &str = "{msg}\n  [{bar:40}] {bytes}/{total_bytes}";
const UNSIZED: &str = "{msg}\n  {bytes}";

impl Bars {
    fn new(target: ProgressDrawTarget) -> Bars {
        Bars {
            multi: MultiProgress::with_draw_target(target),
            bars: Vec::new(),
        }
    }

    fn bar(&mut self, id: &str) -> &ProgressBar {
        let at = self
            .bars
            .iter()
            .position(|(i, _)| i == id)
            .unwrap_or_else(|| {
                let bar = self.multi.add(ProgressBar::no_length());
                self.bars.push((id.to_owned(), bar));
                self.bars.len() - 1
            });
        &self.bars[at].1
    }
}

/// Sets `bar` to what is known of the job.
fn update(bar: &ProgressBar, job: &Job) {
    let sized = job.progress.and_then(|p| p.bytes_total);
    let template = if sized.is_some() { SIZED } else { UNSIZED };
    bar.set_style(ProgressStyle::with_template(template).expect("a valid template"));
    match sized {
        Some(total) => bar.set_length(total),
        None => bar.unset_length(),
    }
    bar.set_position(job.progress.map_or(0, |p| p.bytes_transferred));
    bar.set_message(job.label());
}

impl View for Bars {
    fn show(&mut self, changes: &[Change<'_>]) -> io::Result<()> {
        for change in changes {
            match change {
                Change::Machine(problems) => {
                    for line in problem_lines(problems, "machine: ") {
                        self.multi.println(line)?;
                    }
                }
                Change::Job {
                    job,
                    problems_changed,
                } => {
                    if *problems_changed {
                        for line in problem_lines(&job.problems, &format!("{}: ", job.id)) {
                            self.multi.println(line)?;
                        }
                    }
                    update(self.bar(&job.id), job);
                }
                Change::Left(id) => {
                    if let Some(at) = self.bars.iter().position(|(i, _)| i == id) {
                        let (_, bar) = self.bars.remove(at);
                        bar.finish_with_message(format!("{id}: left the queue"));
                    }
                }
            }
        }
        Ok(())
    }

    fn finish(&mut self, last: &Frame) -> io::Result<()> {
        for (_, bar) in &self.bars {
            bar.finish();
        }
        self.multi.println(ending(last))
    }
}

/// Watches the live queue as `args` say; the exit status.
pub fn run(args: &Args, out: &mut impl Write, err: &mut impl Write) -> u8 {
    use std::io::IsTerminal;

    let read = match reader() {
        Ok(read) => read,
        Err(e) => {
            let _ = writeln!(err, "watch: {e}");
            return 2;
        }
    };
    let mut view: Box<dyn View + '_> = if args.json {
        Box::new(Json(out))
    } else if io::stdout().is_terminal() {
        Box::new(Bars::new(ProgressDrawTarget::stdout()))
    } else {
        Box::new(Lines(out))
    };
    watch(read, view.as_mut(), args.interval, err)
}

/// What reads the live queue: a snapshot of it each time it is called.
#[cfg(windows)]
fn reader() -> Result<impl FnMut() -> Result<Snapshot, String>, String> {
    let queue = wmp_bits::bits::Queue::connect().map_err(|e| e.to_string())?;
    Ok(move || queue.snapshot().map_err(|e| e.to_string()))
}

/// The live queue is Windows': elsewhere there is none to read.
#[cfg(not(windows))]
fn reader() -> Result<fn() -> Result<Snapshot, String>, String> {
    Err(
        "the live queue needs Windows: run wmp-bits watch on the Windows machine (or export \
         its queue there with `wmp-bits doctor --export` and diagnose it here with `wmp-bits \
         doctor --snapshot FILE`)"
            .to_owned(),
    )
}

/// Reads snapshots with `read` every `interval` and shows what changed, until every Player
/// job has transferred; the exit status.
fn watch(
    mut read: impl FnMut() -> Result<Snapshot, String>,
    view: &mut dyn View,
    interval: Duration,
    err: &mut impl Write,
) -> u8 {
    let mut shown: Option<Frame> = None;
    loop {
        let frame = match read() {
            Ok(snapshot) => Frame::of(&snapshot),
            Err(e) => {
                let _ = writeln!(err, "watch: {e}");
                return 2;
            }
        };
        if view.show(&frame.changes(shown.as_ref())).is_err() {
            // Standard output is gone (a closed pipe): nothing more to say.
            return 2;
        }
        if frame.finished() {
            return match view.finish(&frame) {
                Ok(()) => u8::from(!frame.ok),
                Err(_) => 2,
            };
        }
        shown = Some(frame);
        std::thread::sleep(interval);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tests::wmp_bits;
    use wmp_bits::doctor::{SnapshotFile, SnapshotJob};

    const ID: &str = "{6B2F7E6C-3C50-4C6A-9E2B-1D4D8A0C2F11}";

    /// A queue with one Player job in `state`, `done` of 300000 bytes transferred (`None`:
    /// progress unknown), and another program's job.
    fn queue(state: JobState, done: Option<u64>) -> Snapshot {
        let mut job = SnapshotJob::new(
            ID,
            "::WMP_JOB:1:987654321:Proseware:Norah Jones:Come Away with Me:3:Cold Cold Heart:218:50",
        );
        job.display_name = Some("Norah Jones - Cold Cold Heart".into());
        job.state = Some(state);
        job.files = Some(vec![SnapshotFile::new(
            "https://downloads.proseware.example/t/3.mp3",
            r"C:\Users\Pat\Music\03 Cold Cold Heart.mp3",
        )]);
        job.progress = done.map(|d| Progress::new(d, Some(300_000)));
        let mut snapshot = Snapshot::default();
        snapshot.refresh_download = Some(1);
        snapshot.jobs.push(job);
        snapshot
            .jobs
            .push(SnapshotJob::new("{0C1D}", "nightly backup"));
        snapshot
    }

    /// Runs the loop over `snapshots` (then a failure to read, should it ask for more)
    /// with `view`: the exit status and standard error.
    fn watch_over(snapshots: Vec<Snapshot>, view: &mut dyn View) -> (u8, String) {
        let mut snapshots = snapshots.into_iter();
        let mut err = Vec::new();
        let status = watch(
            || {
                snapshots
                    .next()
                    .ok_or_else(|| "no more snapshots".to_owned())
            },
            view,
            Duration::ZERO,
            &mut err,
        );
        (status, String::from_utf8(err).unwrap())
    }

    #[test]
    fn a_frame_has_the_doctors_verdicts_with_each_jobs_state_and_progress() {
        let mut snapshot = queue(JobState::Transferring, Some(150_000));
        snapshot.refresh_download = None;
        let frame = Frame::of(&snapshot);
        assert_eq!(
            frame.machine.iter().map(|p| p.code).collect::<Vec<_>>(),
            ["refresh_download_missing"]
        );
        assert_eq!(frame.jobs.len(), 1, "the other program's job is not shown");
        let job = &frame.jobs[0];
        assert_eq!(
            (job.id.as_str(), job.verdict, job.state),
            (ID, Verdict::PickedUp, Some(JobState::Transferring))
        );
        assert_eq!(job.progress, Some(Progress::new(150_000, Some(300_000))));
        assert_eq!(
            job.line(),
            format!(
                "{ID} \"Norah Jones - Cold Cold Heart\": picked_up, transferring, 150000 of \
                 300000 bytes (50%)"
            )
        );
        assert!(!frame.finished());
        assert!(Frame::of(&queue(JobState::Transferred, None)).finished());
        assert!(Frame::of(&Snapshot::default()).finished());
    }

    #[test]
    fn bytes_say_what_is_known() {
        assert_eq!(bytes(None), "progress unknown");
        assert_eq!(
            bytes(Some(Progress::new(512, None))),
            "512 bytes of an unknown size"
        );
        assert_eq!(bytes(Some(Progress::new(1, Some(3)))), "1 of 3 bytes (33%)");
        assert_eq!(
            bytes(Some(Progress::new(0, Some(0)))),
            "0 of 0 bytes (100%)"
        );
        assert_eq!(
            bytes(Some(Progress::new(u64::MAX, Some(u64::MAX)))),
            format!("{0} of {0} bytes (100%)", u64::MAX)
        );
    }

    #[test]
    fn only_what_changed_is_a_change() {
        let first = Frame::of(&queue(JobState::Transferring, Some(1_000)));
        let changes = first.changes(None);
        assert_eq!(
            changes,
            [
                Change::Machine(&[]),
                Change::Job {
                    job: &first.jobs[0],
                    problems_changed: true
                }
            ]
        );
        assert_eq!(first.changes(Some(&first)), []);

        let more = Frame::of(&queue(JobState::Transferring, Some(2_000)));
        assert_eq!(
            more.changes(Some(&first)),
            [Change::Job {
                job: &more.jobs[0],
                problems_changed: false
            }]
        );

        let mut off = queue(JobState::Transferring, Some(2_000));
        off.refresh_download = Some(0);
        let off = Frame::of(&off);
        let changes = off.changes(Some(&more));
        // The machine's error, and the job the Player no longer looks at.
        assert!(
            matches!(
                changes[..],
                [Change::Machine([ref p]), Change::Job { job, .. }]
                    if p.code == "refresh_download_off" && job.verdict == Verdict::Unwatched
            ),
            "{changes:?}"
        );

        let mut broken = queue(JobState::Transferring, Some(2_000));
        broken.jobs[0].description.push_str("\r\n");
        let broken = Frame::of(&broken);
        assert_eq!(
            broken.changes(Some(&more)),
            [Change::Job {
                job: &broken.jobs[0],
                problems_changed: true
            }]
        );
        assert_eq!(broken.jobs[0].verdict, Verdict::Ignored);

        let mut gone = queue(JobState::Transferred, None);
        gone.jobs.clear();
        let gone = Frame::of(&gone);
        assert_eq!(gone.changes(Some(&more)), [Change::Left(ID)]);
    }

    #[test]
    fn plain_lines_show_each_change_until_every_job_has_transferred() {
        let mut out = Vec::new();
        let (status, err) = watch_over(
            vec![
                queue(JobState::Queued, None),
                queue(JobState::Transferring, Some(100_000)),
                queue(JobState::Transferring, Some(100_000)),
                queue(JobState::Transferring, Some(300_000)),
                queue(JobState::Transferred, Some(300_000)),
            ],
            &mut Lines(&mut out),
        );
        assert_eq!((status, err.as_str()), (0, ""));
        assert_eq!(
            String::from_utf8(out).unwrap(),
            format!(
                "{ID} \"Norah Jones - Cold Cold Heart\": picked_up, queued, progress unknown
{ID} \"Norah Jones - Cold Cold Heart\": picked_up, transferring, 100000 of 300000 bytes (33%)
{ID} \"Norah Jones - Cold Cold Heart\": picked_up, transferring, 300000 of 300000 bytes (100%)
{ID} \"Norah Jones - Cold Cold Heart\": picked_up, transferred, 300000 of 300000 bytes (100%)
every job of the Player has transferred
"
            )
        );
    }

    #[test]
    fn a_job_the_player_ignores_shows_its_problems_and_exits_1() {
        let broken = |state| {
            let mut q = queue(state, None);
            q.jobs[0].description = q.jobs[0].description.replace("::WMP_JOB", "::wmp_job");
            q.refresh_download = None;
            q
        };
        let mut out = Vec::new();
        let (status, _) = watch_over(
            vec![
                broken(JobState::Transferring),
                broken(JobState::Transferred),
            ],
            &mut Lines(&mut out),
        );
        assert_eq!(status, 1);
        let out = String::from_utf8(out).unwrap();
        let lines: Vec<&str> = out.lines().collect();
        assert!(
            lines[0].starts_with(
                "machine: warning: the REG_DWORD value RefreshDownload does not exist"
            ),
            "{out}"
        );
        assert!(lines[0].ends_with(" [refresh_download_missing]"), "{out}");
        assert_eq!(
            lines[1],
            format!(
                "{ID} \"Norah Jones - Cold Cold Heart\": ignored, transferring, progress unknown"
            )
        );
        assert!(
            lines[2].starts_with("  error: unknown kind \"wmp_job\""),
            "{out}"
        );
        assert!(lines[2].ends_with(" [unknown_kind]"), "{out}");
        // The problems are not repeated while they stay the same.
        assert_eq!(
            lines[3..],
            [
                format!("{ID} \"Norah Jones - Cold Cold Heart\": ignored, transferred, progress unknown"),
                "every job of the Player has transferred".to_owned(),
            ]
        );
    }

    #[test]
    fn json_writes_one_object_a_change() {
        let mut out = Vec::new();
        let (status, _) = watch_over(
            vec![
                queue(JobState::Transferring, Some(100_000)),
                queue(JobState::Transferring, Some(100_000)),
                {
                    let mut empty = queue(JobState::Transferred, None);
                    empty.jobs.clear();
                    empty
                },
            ],
            &mut Json(&mut out),
        );
        assert_eq!(status, 0);
        let values: Vec<Value> = String::from_utf8(out)
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(
            values,
            [
                json!({"event": "machine", "problems": []}),
                json!({"event": "job", "id": ID, "display_name": "Norah Jones - Cold Cold Heart",
                       "verdict": "picked_up", "state": "transferring",
                       "bytes_transferred": 100_000, "bytes_total": 300_000, "problems": []}),
                json!({"event": "left", "id": ID}),
            ]
        );
    }

    #[test]
    fn json_has_nulls_for_what_is_unknown() {
        let mut q = queue(JobState::Queued, None);
        q.jobs[0].state = None;
        q.jobs[0].display_name = None;
        let frame = Frame::of(&q);
        assert_eq!(
            frame.jobs[0].json(),
            json!({"event": "job", "id": ID, "display_name": null, "verdict": "picked_up",
                   "state": null, "bytes_transferred": null, "bytes_total": null,
                   "problems": []})
        );
        assert_eq!(
            frame.jobs[0].label(),
            format!("{ID}: picked_up, state unknown")
        );
    }

    #[test]
    fn a_queue_that_cannot_be_read_stops_the_watch_with_exit_2() {
        let mut out = Vec::new();
        let (status, err) = watch_over(
            vec![queue(JobState::Transferring, Some(1))],
            &mut Json(&mut out),
        );
        assert_eq!((status, err.as_str()), (2, "watch: no more snapshots\n"));
    }

    #[test]
    fn bars_follow_each_jobs_bytes() {
        let mut bars = Bars::new(ProgressDrawTarget::hidden());
        let (status, _) = watch_over(
            vec![
                queue(JobState::Connecting, None),
                queue(JobState::Transferring, Some(120_000)),
            ],
            &mut bars,
        );
        assert_eq!(status, 2, "the second reading fails");
        let (id, bar) = &bars.bars[0];
        assert_eq!(id, ID);
        assert_eq!((bar.position(), bar.length()), (120_000, Some(300_000)));
        assert_eq!(
            bar.message(),
            format!("{ID} \"Norah Jones - Cold Cold Heart\": picked_up, transferring")
        );

        let mut bars = Bars::new(ProgressDrawTarget::hidden());
        let mut size_unknown = queue(JobState::Transferring, None);
        size_unknown.jobs[0].progress = Some(Progress::new(4_096, None));
        let mut empty = queue(JobState::Transferred, None);
        empty.jobs.clear();
        let (status, _) = watch_over(vec![size_unknown, empty], &mut bars);
        assert_eq!(status, 0);
        assert!(bars.bars.is_empty(), "the job left the queue");
    }

    #[test]
    fn the_interval_is_seconds_more_than_0() {
        assert_eq!(interval("0.5"), Ok(Duration::from_millis(500)));
        assert_eq!(interval("2"), Ok(Duration::from_secs(2)));
        for bad in ["0", "-1", "x", "NaN", "inf", "3601"] {
            let (code, out, err) = wmp_bits(&["watch", "--interval", bad], b"");
            assert_eq!((code, out.as_str()), (2, ""), "{bad}");
            assert!(
                err.contains("expected seconds, more than 0 and at most 3600, such as 1 or 0.5"),
                "{bad}: {err}"
            );
        }
    }

    #[cfg(not(windows))]
    #[test]
    fn elsewhere_than_windows_watch_says_it_needs_windows() {
        let (code, out, err) = wmp_bits(&["watch"], b"");
        assert_eq!((code, out.as_str()), (2, ""));
        assert_eq!(
            err,
            "watch: the live queue needs Windows: run wmp-bits watch on the Windows machine (or \
             export its queue there with `wmp-bits doctor --export` and diagnose it here with \
             `wmp-bits doctor --snapshot FILE`)\n"
        );
    }
}
