//! Make everything a store hands to BITS for one download, from the track's metadata.
//!
//! ```text
//! wmp-bits new-job --service-id-file service-id.txt --provider Proseware --artist 'Norah Jones' \
//!     --album 'Come Away with Me' --track 3 --title 'Cold Cold Heart' --duration 3:38 \
//!     --stars 3 --folder 'C:\Users\Pat\Music' --url https://downloads.proseware.example/t/3.wma
//! ```
//!
//! The service id is the store's, drawn once by `wmp-bits service-id` and the same on every
//! job: `--service-id N` or `--service-id-file FILE` gives it, and without either the
//! program says how to draw one (exit 2).
//!
//! Builds the description, a safe local name in `--folder` (`--layout flat`, the default:
//! `FOLDER\NN Title.ext`, where two albums' tracks of one number and title collide; or
//! `--layout rip`: `FOLDER\Album Artist\Album\NN Title.ext`) and the display name, checks
//! them together with the remote URL ([`Job::checks`]), and prints the four arguments for
//! `CreateJob`, `AddFile` and `SetDescription` (`--json`: one JSON object). Warnings are
//! printed and do not fail; any error is printed with every other problem found (every
//! problem of the metadata at once, each with its field), and the exit code is 1. A usage
//! error (an unknown flag, a value that is not a number) exits 2.
//!
//! A description over 1,024 UTF-16 code units is refused, unless `--fit` cuts the longest
//! text fields to fit ([`DescriptorBuilder::build_fitted`](wmp_bits::DescriptorBuilder::build_fitted));
//! what it cut is printed (`fitted: cut the album title from 1080 to 997 UTF-16 code
//! units`; in JSON, `cuts`: `[{"field", "before", "after", "message"}]`).

use std::io::{self, Write};
use std::path::PathBuf;

use clap::error::ErrorKind;
use clap::{ArgAction, ArgGroup, ValueEnum};
use serde_json::{json, Value};

use crate::advice;
use wmp_bits::file_name::{check_folder, local_name_for, rip_layout_name_for, Extension};
use wmp_bits::validate::{self, Problem, Report};
use wmp_bits::Job;
use wmp_bits::{Cut, Descriptor, Kind, Rating, ServiceId, TextPolicy};

/// The command line. Every option that takes text takes the next argument whatever it
/// starts with (an artist may be called `-M-`), and a repeated option keeps its last value.
#[derive(Debug, clap::Args)]
#[command(
    about = "Make what a store hands to BITS for one Windows Media Player download",
    args_override_self = true,
    disable_help_flag = true,
    group(ArgGroup::new("destination").required(true).args(["folder", "local_name"])),
    after_help = "Exit status: 0 when the job is ready (warnings may remain), 1 when it has an error, 2 on a usage error."
)]
pub struct Args {
    #[command(flatten, next_help_heading = "Metadata")]
    metadata: Metadata,
    #[command(flatten, next_help_heading = "The job")]
    job: JobArgs,
    /// One JSON object instead of text
    #[arg(long, help_heading = "Output")]
    json: bool,
    /// Print help
    #[arg(short, long, action = ArgAction::Help, help_heading = "Output")]
    help: Option<bool>,
}

/// What goes into the description.
// The doc comments of the fields are the `--help` text, not Markdown.
#[allow(clippy::doc_markdown)]
#[derive(Debug, clap::Args)]
struct Metadata {
    /// WMP_JOB (the Player completes the job) or WMP_STATUS
    #[arg(long, value_enum, ignore_case = true, default_value_t = KindArg::Job)]
    kind: KindArg,
    /// The store's service id, 1..=4294967295: the same on every job (drawn once by
    /// `wmp-bits service-id`)
    #[arg(long, value_name = "N", value_parser = service_id, allow_negative_numbers = true)]
    service_id: Option<ServiceId>,
    /// Read the store's service id from FILE (as `wmp-bits service-id --write FILE` writes
    /// it) instead of --service-id
    #[arg(long, value_name = "FILE", conflicts_with = "service_id")]
    service_id_file: Option<PathBuf>,
    /// The store's key name under HKLM\SOFTWARE\Microsoft\MediaPlayer\Subscriptions
    #[arg(long, value_name = "NAME", allow_hyphen_values = true)]
    provider: String,
    /// Album artist
    #[arg(long, value_name = "TEXT", allow_hyphen_values = true)]
    artist: Option<String>,
    /// Album title
    #[arg(long, value_name = "TEXT", allow_hyphen_values = true)]
    album: Option<String>,
    /// Track number, 1 or more
    #[arg(long, value_name = "N", value_parser = track, allow_negative_numbers = true)]
    track: Option<u32>,
    /// Title
    #[arg(long, value_name = "TEXT", allow_hyphen_values = true)]
    title: Option<String>,
    /// Duration, in seconds, m:ss or h:mm:ss
    #[arg(
        long,
        value_name = "SECS|M:SS",
        value_parser = duration,
        allow_negative_numbers = true
    )]
    duration: Option<u32>,
    /// Rating in stars (or --rating)
    #[arg(
        long,
        value_name = "0-5",
        value_parser = stars,
        conflicts_with = "rating",
        allow_negative_numbers = true
    )]
    stars: Option<Rating>,
    /// Rating on the Player's scale (or --stars)
    #[arg(long, value_name = "0-99", value_parser = rating, allow_negative_numbers = true)]
    rating: Option<Rating>,
    /// Turn ':' into '：' and control characters into spaces instead of refusing them
    #[arg(long)]
    sanitize: bool,
    /// Cut the longest of the album artist, album title and title, each ending in '…', when
    /// the description would be over 1,024 UTF-16 code units, instead of refusing it
    #[arg(long)]
    fit: bool,
}

/// The rest of the job.
// The doc comments of the fields are the `--help` text, not Markdown.
#[allow(clippy::doc_markdown)]
#[derive(Debug, clap::Args)]
struct JobArgs {
    /// The remote name given to AddFile
    #[arg(long, value_name = "URL", allow_hyphen_values = true)]
    url: String,
    /// The folder of the download; the local name in it is made from the metadata, as
    /// --layout says
    #[arg(long, value_name = "FOLDER", allow_hyphen_values = true)]
    folder: Option<String>,
    /// How the local name is made in --folder: flat is FOLDER\NN Title.ext, where the tracks
    /// of two albums with the same number and title are the same file, and the second
    /// download overwrites the first; rip is FOLDER\Album Artist\Album\NN Title.ext, as the
    /// Player rips (create its folders before AddFile)
    #[arg(
        long,
        value_enum,
        value_name = "flat|rip",
        default_value_t = Layout::Flat,
        hide_possible_values = true,
        conflicts_with = "local_name"
    )]
    layout: Layout,
    /// The whole local name instead of --folder
    #[arg(long, value_name = "PATH", allow_hyphen_values = true)]
    local_name: Option<String>,
    /// The extension [default: the URL's, when it is one of these]
    #[arg(long, value_name = "wma|wmv|mp3|asf", value_parser = extension)]
    ext: Option<Extension>,
    /// The job's display name [default: made from the metadata]
    #[arg(long, value_name = "TEXT", allow_hyphen_values = true)]
    display_name: Option<String>,
    /// An installed store's key name (repeatable): the provider must match one
    #[arg(long, value_name = "KEY", allow_hyphen_values = true)]
    installed: Option<Vec<String>>,
}

/// `--layout`: how the local name is made in `--folder`.
#[derive(Debug, Clone, Copy, ValueEnum)]
enum Layout {
    /// `FOLDER\NN Title.ext` ([`local_name_for`]).
    Flat,
    /// `FOLDER\Album Artist\Album\NN Title.ext` ([`rip_layout_name_for`]).
    Rip,
}

/// `--kind`, in any case.
#[derive(Debug, Clone, Copy, ValueEnum)]
enum KindArg {
    #[value(alias = "wmp_job")]
    Job,
    #[value(alias = "wmp_status")]
    Status,
}

impl From<KindArg> for Kind {
    fn from(kind: KindArg) -> Kind {
        match kind {
            KindArg::Job => Kind::Job,
            KindArg::Status => Kind::Status,
        }
    }
}

fn service_id(v: &str) -> Result<ServiceId, String> {
    v.parse::<u32>()
        .ok()
        .and_then(ServiceId::new)
        .ok_or_else(|| "expected 1..=4294967295".into())
}

fn track(v: &str) -> Result<u32, String> {
    match v.parse() {
        Ok(0) => Err(
            "expected 1..=4294967295 (leave --track out when the track number is \
                      unknown)"
                .into(),
        ),
        Ok(n) => Ok(n),
        Err(_) => Err("expected a number, 1..=4294967295".into()),
    }
}

/// Seconds, `m:ss` or `h:mm:ss`.
fn duration(v: &str) -> Result<u32, String> {
    let bad = || "expected seconds, m:ss or h:mm:ss".to_string();
    let mut secs: u32 = 0;
    for (i, part) in v.split(':').enumerate() {
        if i > 2 || part.is_empty() || !part.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        let n: u32 = part.parse().map_err(|_| bad())?;
        if i > 0 && n >= 60 {
            return Err(bad());
        }
        secs = secs
            .checked_mul(60)
            .and_then(|s| s.checked_add(n))
            .ok_or_else(bad)?;
    }
    Ok(secs)
}

fn stars(v: &str) -> Result<Rating, String> {
    v.parse()
        .ok()
        .and_then(Rating::from_stars)
        .ok_or_else(|| "expected 0..=5".into())
}

fn rating(v: &str) -> Result<Rating, String> {
    v.parse()
        .ok()
        .and_then(Rating::new)
        .ok_or_else(|| "expected 0..=99".into())
}

fn extension(v: &str) -> Result<Extension, String> {
    v.parse().map_err(|e| format!("{e}"))
}

/// Makes and checks the job of `args`, and writes it: the exit code, or a usage error when
/// the job cannot be made from these arguments.
pub fn run(args: &Args, out: &mut impl Write, err: &mut impl Write) -> Result<u8, clap::Error> {
    let outcome = make(args)?;
    let written = if args.json {
        writeln!(out, "{}", outcome.to_json()).map(|()| outcome.report.is_ok())
    } else {
        outcome.write(out, err)
    };
    Ok(match written {
        Ok(true) => 0,
        Ok(false) => 1,
        // Standard output is gone (a closed pipe): nothing more to say.
        Err(_) => 2,
    })
}

/// The extension of the URL's last path segment, when it is one the Player takes.
fn extension_of(url: &str) -> Option<Extension> {
    let path = url.split(['?', '#']).next().unwrap_or(url);
    let last = path.rsplit(['/', '\\']).next()?;
    last.rsplit_once('.')?.1.parse().ok()
}

struct Outcome {
    descriptor: Option<Descriptor>,
    /// What `--fit` cut to make the description fit.
    cuts: Vec<Cut>,
    local_name: Option<String>,
    display_name: Option<String>,
    display_name_derived: bool,
    remote_url: String,
    report: Report,
}

/// Makes and checks the job; a usage error when it cannot be made from these arguments.
fn make(cli: &Args) -> Result<Outcome, clap::Error> {
    let a = &cli.job;
    let mut report = Report::new();
    let (descriptor, cuts) = match describe(&cli.metadata, &mut report)? {
        Some((d, cuts)) => (Some(d), cuts),
        None => (None, Vec::new()),
    };
    let local_name = local_name(a, descriptor.as_ref(), &mut report)?;

    let mut outcome = Outcome {
        descriptor: descriptor.clone(),
        cuts,
        local_name: local_name.clone(),
        display_name: a.display_name.clone(),
        display_name_derived: a.display_name.is_none(),
        remote_url: a.url.clone(),
        report,
    };
    if let (Some(d), Some(local)) = (descriptor, local_name) {
        // Everything is there: the job checks all of it.
        let mut job = Job::new(a.url.clone(), local, d);
        if let Some(name) = &a.display_name {
            job = job.with_display_name(name.clone());
        }
        outcome.display_name = Some(job.display_name().to_string());
        let checks = job.checks();
        outcome.report = match &a.installed {
            Some(keys) => checks.installed_providers(keys).check(),
            None => checks.check(),
        };
    } else {
        // Something could not be made: still report every other part.
        for p in validate::remote_name(&a.url) {
            outcome.report.push(p);
        }
        if let Some(name) = &a.display_name {
            for p in validate::display_name(name) {
                outcome.report.push(p);
            }
        }
    }
    Ok(outcome)
}

/// The local name: given, or made in the folder from the descriptor; `None` with the
/// problem in `report` when it cannot be made, or without a descriptor to name the file
/// after (the folder alone is checked then).
fn local_name(
    a: &JobArgs,
    descriptor: Option<&Descriptor>,
    report: &mut Report,
) -> Result<Option<String>, clap::Error> {
    let Some(folder) = &a.folder else {
        // clap makes sure that --local-name is given instead.
        return Ok(a.local_name.clone());
    };
    let Some(d) = descriptor else {
        if let Err(e) = check_folder(folder) {
            report.push(Problem::from(&e));
        }
        return Ok(None);
    };
    let Some(ext) = a.ext.or_else(|| extension_of(&a.url)) else {
        return Err(crate::usage_error(
            "new-job",
            ErrorKind::MissingRequiredArgument,
            "--ext is needed: the URL does not end in .wma, .wmv, .mp3 or .asf",
        ));
    };
    let name = match a.layout {
        Layout::Flat => local_name_for(folder, d, ext),
        Layout::Rip => rip_layout_name_for(folder, d, ext),
    };
    match name {
        Ok(name) => Ok(Some(name)),
        Err(e) => {
            report.push(Problem::from(&e));
            Ok(None)
        }
    }
}

/// The descriptor and what `--fit` cut to make it, or `None` with every problem of the
/// metadata in `report`.
fn describe(
    m: &Metadata,
    report: &mut Report,
) -> Result<Option<(Descriptor, Vec<Cut>)>, clap::Error> {
    let service_id = service_id_of(m)?;
    let builder = Descriptor::builder(m.kind.into(), service_id, &m.provider)
        .album_artist(m.artist.as_deref().unwrap_or_default())
        .album_title(m.album.as_deref().unwrap_or_default())
        .track_number(m.track)
        .title(m.title.as_deref().unwrap_or_default())
        .duration_secs(m.duration)
        .rating(m.stars.or(m.rating))
        .text_policy(if m.sanitize {
            TextPolicy::Sanitize
        } else {
            TextPolicy::Reject
        });
    let built = if m.fit {
        builder
            .build_fitted()
            .map(|fitted| (fitted.descriptor().clone(), fitted.cuts().to_vec()))
    } else {
        builder.build().map(|d| (d, Vec::new()))
    };
    if let Ok(built) = built {
        return Ok(Some(built));
    }
    // `build` stops at the first problem; `errors` lists every one, each with its field
    // (and the length, which `--fit` mends).
    for e in builder.errors() {
        if !(m.fit && e.kind() == wmp_bits::ErrorKind::TooLong) {
            report.push(Problem::from(&e));
        }
    }
    Ok(None)
}

/// The store's service id, from `--service-id` or `--service-id-file`; a usage error that
/// says how to draw one when neither is given.
fn service_id_of(m: &Metadata) -> Result<ServiceId, clap::Error> {
    if let Some(id) = m.service_id {
        return Ok(id);
    }
    let Some(path) = &m.service_id_file else {
        return Err(crate::usage_error(
            "new-job",
            ErrorKind::MissingRequiredArgument,
            "the store's service id is needed: give --service-id N or --service-id-file FILE. \
             A store draws its service id once and writes the same one on every job: run \
             `wmp-bits service-id --write FILE` once, then give --service-id-file FILE to \
             every new-job",
        ));
    };
    crate::service_id::read(path)
        .map_err(|message| crate::usage_error("new-job", ErrorKind::ValueValidation, message))
}

impl Outcome {
    /// The four arguments on `out`, then the report: on `err` when it holds an error, on
    /// `out` otherwise. Whether the job is ready.
    fn write(&self, out: &mut impl Write, err: &mut impl Write) -> io::Result<bool> {
        let show = |v: Option<&str>| v.map_or_else(|| "(none)".to_string(), printable);
        let ok = self.report.is_ok();
        writeln!(
            out,
            "{}",
            if ok {
                "ready for BITS"
            } else {
                "not ready for BITS"
            }
        )?;
        let derived = if self.display_name_derived && self.display_name.is_some() {
            "   (made from the metadata)"
        } else {
            ""
        };
        writeln!(
            out,
            "  CreateJob       display name  {}{derived}",
            show(self.display_name.as_deref())
        )?;
        writeln!(
            out,
            "  AddFile         remote name   {}",
            printable(&self.remote_url)
        )?;
        writeln!(
            out,
            "                  local name    {}",
            show(self.local_name.as_deref())
        )?;
        writeln!(
            out,
            "  SetDescription  description   {}",
            show(self.descriptor.as_ref().map(Descriptor::as_str))
        )?;
        for cut in &self.cuts {
            writeln!(out, "fitted: {cut}")?;
        }
        out.flush()?;
        // The whole report in its order: on standard error when it holds an error.
        let to: &mut dyn Write = if ok { out } else { err };
        for p in self.report.problems() {
            writeln!(to, "{}", printable(&p.to_string()))?;
        }
        // Each flag that does what a problem advises, once, in the problems' order.
        let mut helps: Vec<&str> = Vec::new();
        for help in self
            .report
            .problems()
            .iter()
            .filter_map(|p| advice::for_new_job(p.message()))
        {
            if !helps.contains(&help) {
                writeln!(to, "help: {help}")?;
                helps.push(help);
            }
        }
        Ok(ok)
    }

    fn to_json(&self) -> Value {
        let problems: Vec<Value> = self
            .report
            .problems()
            .iter()
            .map(|p| {
                // The library's own form of a problem (as the doctor writes it), and the
                // flag that does what its message advises.
                let mut problem = serde_json::to_value(p).expect("a problem is plain data");
                problem["help"] = json!(advice::for_new_job(p.message()));
                problem
            })
            .collect();
        let cuts: Vec<Value> = self
            .cuts
            .iter()
            .map(|cut| {
                json!({
                    "field": cut.field().key(),
                    "before": cut.before(),
                    "after": cut.after(),
                    "message": cut.to_string(),
                })
            })
            .collect();
        json!({
            "ok": self.report.is_ok(),
            "display_name": self.display_name,
            "display_name_derived": self.display_name_derived,
            "remote_url": self.remote_url,
            "local_name": self.local_name,
            "description": self.descriptor.as_ref().map(Descriptor::as_str),
            "cuts": cuts,
            "problems": problems,
        })
    }
}

/// `s` as it can be shown on one terminal line: each control character as U+FFFD.
fn printable(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { '\u{FFFD}' } else { c })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tests::TempPath;

    /// Runs the program with `args` after its name: the exit code, standard output and
    /// standard error.
    fn new_job(args: &[&str]) -> (u8, String, String) {
        let args: Vec<&str> = std::iter::once("new-job")
            .chain(args.iter().copied())
            .collect();
        crate::tests::wmp_bits(&args, b"")
    }

    /// Runs the program with `--json` and `args`: the exit code and the object printed.
    fn new_job_json(args: &[&str]) -> (u8, Value) {
        let args: Vec<&str> = ["--json"].iter().chain(args).copied().collect();
        let (code, out, err) = new_job(&args);
        assert_eq!(err, "");
        let value = serde_json::from_str(&out).expect("one JSON object");
        (code, value)
    }

    /// The codes of the problems in a JSON outcome.
    fn codes(outcome: &Value) -> Vec<&str> {
        outcome["problems"]
            .as_array()
            .expect("a list of problems")
            .iter()
            .map(|p| p["code"].as_str().expect("a code"))
            .collect()
    }

    const GOOD: [&str; 20] = [
        "--provider",
        "Proseware",
        "--artist",
        "Norah Jones",
        "--album",
        "Come Away with Me",
        "--track",
        "3",
        "--title",
        "Cold Cold Heart",
        "--duration",
        "3:38",
        "--stars",
        "3",
        "--service-id",
        "987654321",
        "--folder",
        r"C:\Users\Pat\Music",
        "--url",
        "https://downloads.proseware.example/t/3.wma",
    ];

    #[test]
    fn a_good_job_prints_the_four_arguments_and_exits_0() {
        let (code, out, err) = new_job(&GOOD);
        assert_eq!(code, 0);
        assert_eq!(
            out,
            r"ready for BITS
  CreateJob       display name  Norah Jones - Cold Cold Heart   (made from the metadata)
  AddFile         remote name   https://downloads.proseware.example/t/3.wma
                  local name    C:\Users\Pat\Music\03 Cold Cold Heart.wma
  SetDescription  description   ::WMP_JOB:1:987654321:Proseware:Norah Jones:Come Away with Me:3:Cold Cold Heart:218:50
"
        );
        assert_eq!(err, "");
    }

    #[test]
    fn a_good_job_as_json() {
        let (code, out, err) = new_job(&[&GOOD[..], &["--json"]].concat());
        assert_eq!(code, 0);
        assert_eq!(
            out,
            r#"{"cuts":[],"description":"::WMP_JOB:1:987654321:Proseware:Norah Jones:Come Away with Me:3:Cold Cold Heart:218:50","display_name":"Norah Jones - Cold Cold Heart","display_name_derived":true,"local_name":"C:\\Users\\Pat\\Music\\03 Cold Cold Heart.wma","ok":true,"problems":[],"remote_url":"https://downloads.proseware.example/t/3.wma"}
"#
        );
        assert_eq!(err, "");
    }

    #[test]
    fn a_broken_job_reports_every_part_on_standard_error_and_exits_1() {
        let args = [
            "--provider",
            "Proseware",
            "--title",
            "x",
            "--service-id",
            "1",
            "--folder",
            r"C:\Music\CON",
            "--url",
            "ftp://x/y.mp3",
        ];
        let (code, out, err) = new_job(&args);
        assert_eq!(code, 1);
        assert_eq!(
            out,
            "not ready for BITS
  CreateJob       display name  (none)
  AddFile         remote name   ftp://x/y.mp3
                  local name    (none)
  SetDescription  description   ::WMP_JOB:1:1:Proseware::::x::
"
        );
        let lines: Vec<&str> = err.lines().collect();
        assert_eq!(lines.len(), 2, "{err}");
        assert_eq!(
            lines[0],
            "error: local name: folder cannot hold a download (byte offsets are in the folder): \
             local name has a reserved device name \"CON\" at bytes 9..12: expected a file or \
             folder name that is not CON, PRN, AUX, NUL, CONIN$, CONOUT$, COM1–COM9, COM¹–COM³, \
             LPT1–LPT9 or LPT¹–LPT³ [local_name_reserved_name]"
        );
        assert!(lines[1].starts_with("error: remote name: "), "{}", lines[1]);
        assert!(lines[1].ends_with(" [remote_name_scheme]"), "{}", lines[1]);
    }

    #[test]
    fn every_problem_of_the_metadata_is_reported_with_its_field() {
        let (code, outcome) = new_job_json(&[
            "--provider",
            r"Pro\seware",
            "--artist",
            "AC:DC",
            "--title",
            "Live\tin Tokyo",
            "--service-id",
            "1",
            "--folder",
            r"C:\Music",
            "--url",
            "https://x/y.mp3",
        ]);
        assert_eq!(code, 1);
        let found: Vec<(&str, &str, &Value)> = outcome["problems"]
            .as_array()
            .expect("a list of problems")
            .iter()
            .map(|p| {
                (
                    p["code"].as_str().unwrap(),
                    p["field"].as_str().unwrap(),
                    &p["span"],
                )
            })
            .collect();
        assert_eq!(
            found,
            [
                ("invalid_provider", "Provider", &json!([3, 4])),
                ("separator_in_field", "AlbumArtist", &json!([2, 3])),
                ("control_character", "Title", &json!([4, 5])),
            ]
        );
        let messages: Vec<&str> = outcome["problems"]
            .as_array()
            .unwrap()
            .iter()
            .skip(1)
            .map(|p| p["message"].as_str().unwrap())
            .collect();
        assert_eq!(
            messages,
            [
                "separator ':' at bytes 2..3 of the album artist \"AC:DC\": expected no ':', \
                 which the format cannot escape; remove it, or sanitise the text \
                 (TextPolicy::Sanitize) to write it as U+FF1A '：'",
                "control character U+0009 at bytes 4..5 of the title \"Live\\tin Tokyo\": \
                 expected no control characters (U+0000..U+001F, U+007F..U+009F); remove them, or \
                 sanitise the text (TextPolicy::Sanitize) to write them as spaces",
            ]
        );
        // The advice to sanitise names the flag that does it; the provider's problem is
        // not mended by sanitising, and has no such help.
        let helps: Vec<&Value> = outcome["problems"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| &p["help"])
            .collect();
        let sanitize = json!(advice::SANITIZE);
        assert_eq!(helps, [&Value::Null, &sanitize, &sanitize]);
        assert_eq!(outcome["description"], Value::Null);
        assert_eq!(outcome["local_name"], Value::Null);
    }

    #[test]
    fn json_spells_each_subject_as_the_doctor_and_the_library_do() {
        let (code, outcome) = new_job_json(&[
            "--provider",
            "Proseware",
            "--artist",
            "AC:DC",
            "--service-id",
            "1",
            "--folder",
            r"C:\Music\CON",
            "--url",
            "ftp://x/y.mp3",
            "--display-name",
            "",
        ]);
        assert_eq!(code, 1);
        let subjects: Vec<(&str, &str)> = outcome["problems"]
            .as_array()
            .expect("a list of problems")
            .iter()
            .map(|p| (p["code"].as_str().unwrap(), p["subject"].as_str().unwrap()))
            .collect();
        assert_eq!(
            subjects,
            [
                ("separator_in_field", "description"),
                ("local_name_reserved_name", "local_name"),
                ("remote_name_scheme", "remote_name"),
                ("display_name_empty", "display_name"),
            ]
        );
    }

    #[test]
    fn every_problem_of_the_metadata_is_printed_as_text_too() {
        let args = [
            "--provider",
            "Proseware",
            "--artist",
            "AC:DC",
            "--title",
            "a:b",
            "--service-id",
            "1",
            "--local-name",
            r"C:\Music\x.mp3",
            "--url",
            "https://x/y.mp3",
        ];
        let (code, out, err) = new_job(&args);
        assert_eq!(code, 1);
        assert_eq!(
            out,
            r"not ready for BITS
  CreateJob       display name  (none)
  AddFile         remote name   https://x/y.mp3
                  local name    C:\Music\x.mp3
  SetDescription  description   (none)
"
        );
        assert_eq!(
            err,
            "error: description: separator ':' at bytes 2..3 of the album artist \"AC:DC\": expected no ':', which the format cannot escape; remove it, or sanitise the text (TextPolicy::Sanitize) to write it as U+FF1A '：' [separator_in_field]
error: description: separator ':' at bytes 1..2 of the title \"a:b\": expected no ':', which the format cannot escape; remove it, or sanitise the text (TextPolicy::Sanitize) to write it as U+FF1A '：' [separator_in_field]
help: --sanitize writes ':' as '：' (U+FF1A) and control characters as spaces instead of refusing them
"
        );
        // Following the help makes the job.
        let (code, out, err) = new_job(&[&args[..], &["--sanitize"]].concat());
        assert_eq!((code, err.as_str()), (0, ""));
        assert!(
            out.ends_with("description   ::WMP_JOB:1:1:Proseware:AC：DC:::a：b::\n"),
            "{out}"
        );
    }

    #[test]
    fn a_url_with_a_non_ascii_host_is_refused_with_the_url_bits_takes() {
        let args = |url| {
            [
                "--service-id",
                "5",
                "--provider",
                "Proseware",
                "--title",
                "x",
                "--folder",
                r"C:\Music",
                "--url",
                url,
            ]
        };
        let (code, outcome) = new_job_json(&args("https://bücher.example/t/3.wma"));
        assert_eq!(code, 1);
        assert_eq!(codes(&outcome), ["remote_name_invalid_character"]);
        let message = outcome["problems"][0]["message"].as_str().unwrap();
        let (_, advised) = message
            .rsplit_once(", as in ")
            .expect("the message gives the whole URL");
        assert_eq!(advised, "https://xn--bcher-kva.example/t/3.wma");
        // Following the advice makes the job.
        let (code, outcome) = new_job_json(&args(advised));
        assert_eq!(code, 0);
        assert_eq!(outcome["remote_url"], advised);
    }

    /// An album title of 1,080 UTF-16 code units.
    fn long_album() -> String {
        "A very long box-set title. ".repeat(40)
    }

    /// A job with `album`, whose description would be 1,107 UTF-16 code units with
    /// [`long_album`], and `more` arguments.
    fn too_long<'a>(album: &'a str, more: &[&'a str]) -> Vec<&'a str> {
        let args = [
            "--service-id",
            "1",
            "--provider",
            "P",
            "--album",
            album,
            "--title",
            "Disc 1",
            "--folder",
            r"C:\M",
            "--url",
            "https://x/1.wma",
        ];
        [&args[..], more].concat()
    }

    #[test]
    fn a_description_too_long_is_refused_with_the_help_to_fit_it_and_fit_does() {
        let album = long_album();
        let (code, _, err) = new_job(&too_long(&album, &[]));
        assert_eq!(code, 1);
        assert_eq!(
            err,
            "error: description: description too long: 1107 UTF-16 code units, expected at \
             most 1024 UTF-16 code units; shorten it by 83 UTF-16 code units: the longest \
             field is the album title (1080 UTF-16 code units), or let \
             DescriptorBuilder::build_fitted cut the longest text fields [too_long]
help: wmp-bits new-job --fit cuts the longest of the album artist, album title and title, each ending in '…', until the description fits
"
        );
        let (_, outcome) = new_job_json(&too_long(&album, &[]));
        assert_eq!(outcome["problems"][0]["help"], advice::FIT);

        // Following the help makes the job, and says what was cut.
        let (code, outcome) = new_job_json(&too_long(&album, &["--fit"]));
        assert_eq!(code, 0);
        let description = outcome["description"].as_str().unwrap();
        assert!(description.encode_utf16().count() <= 1024, "{description}");
        let fitted: Descriptor = description.parse().unwrap();
        assert!(fitted.album_title().ends_with('…'));
        assert_eq!(fitted.title(), "Disc 1");
        let after = fitted.album_title().encode_utf16().count();
        assert_eq!(
            outcome["cuts"],
            json!([{
                "field": "AlbumTitle",
                "before": 1080,
                "after": after,
                "message": format!("cut the album title from 1080 to {after} UTF-16 code units"),
            }])
        );
        let (code, out, err) = new_job(&too_long(&album, &["--fit"]));
        assert_eq!((code, err.as_str()), (0, ""));
        assert!(
            out.ends_with(&format!(
                "\nfitted: cut the album title from 1080 to {after} UTF-16 code units\n"
            )),
            "{out}"
        );
    }

    #[test]
    fn fit_mends_the_length_and_nothing_else() {
        let album = long_album();
        let (code, outcome) = new_job_json(&too_long(&album, &["--fit", "--artist", "AC:DC"]));
        assert_eq!(code, 1);
        assert_eq!(codes(&outcome), ["separator_in_field"]);
        assert_eq!(outcome["cuts"], json!([]));
        // A description that fits is not cut.
        let (code, outcome) = with(&["--fit", "--title", "Intro"]);
        assert_eq!(code, 0);
        assert_eq!(outcome["description"], "::WMP_JOB:1:7:Proseware::::Intro::");
        assert_eq!(outcome["cuts"], json!([]));
    }

    #[test]
    fn sanitize_writes_separators_and_controls_readably() {
        let (code, out, err) = new_job(&[
            "--provider",
            "Proseware",
            "--artist",
            "AC:DC",
            "--title",
            "Live\tin: Tokyo",
            "--sanitize",
            "--service-id",
            "1",
            "--local-name",
            r"C:\Music\x.mp3",
            "--url",
            "https://x/y",
        ]);
        assert_eq!(code, 0);
        assert_eq!(
            out,
            r"ready for BITS
  CreateJob       display name  AC：DC - Live in： Tokyo   (made from the metadata)
  AddFile         remote name   https://x/y
                  local name    C:\Music\x.mp3
  SetDescription  description   ::WMP_JOB:1:1:Proseware:AC：DC:::Live in： Tokyo::
"
        );
        assert_eq!(err, "");
    }

    /// A job with a given local name and `args` besides.
    fn with(args: &[&str]) -> (u8, Value) {
        let base = [
            "--provider",
            "Proseware",
            "--service-id",
            "7",
            "--local-name",
            r"C:\Music\x.wma",
            "--url",
            "https://x/y.wma",
        ];
        new_job_json(&[&base[..], args].concat())
    }

    #[test]
    fn durations_are_seconds_m_ss_or_h_mm_ss() {
        for (given, secs) in [
            ("218", "218"),
            ("3:38", "218"),
            ("1:02:03", "3723"),
            ("0", "0"),
        ] {
            let (code, outcome) = with(&["--duration", given]);
            assert_eq!(code, 0);
            assert_eq!(
                outcome["description"],
                format!("::WMP_JOB:1:7:Proseware:::::{secs}:"),
                "{given}"
            );
        }
    }

    #[test]
    fn stars_and_rating_are_the_players_scale() {
        let (_, outcome) = with(&["--stars", "4"]);
        assert_eq!(outcome["description"], "::WMP_JOB:1:7:Proseware::::::75");
        let (_, outcome) = with(&["--rating", "12"]);
        assert_eq!(outcome["description"], "::WMP_JOB:1:7:Proseware::::::12");
    }

    #[test]
    fn the_kind_is_read_in_any_case() {
        for kind in ["status", "WMP_Status", "STATUS"] {
            let (code, outcome) = with(&["--kind", kind]);
            assert_eq!(code, 0);
            assert_eq!(
                outcome["description"], "::WMP_STATUS:1:7:Proseware::::::",
                "{kind}"
            );
        }
        let (_, outcome) = with(&["--kind", "wmp_job"]);
        assert_eq!(outcome["description"], "::WMP_JOB:1:7:Proseware::::::");
    }

    #[test]
    fn the_extension_comes_from_ext_or_from_the_url() {
        let args = [
            "--provider",
            "P",
            "--service-id",
            "1",
            "--track",
            "7",
            "--title",
            "T",
        ];
        let (_, outcome) = new_job_json(
            &[
                &args[..],
                &["--folder", r"C:\M", "--url", "https://x/a", "--ext", ".MP3"],
            ]
            .concat(),
        );
        assert_eq!(outcome["local_name"], r"C:\M\07 T.mp3");
        let (_, outcome) = new_job_json(
            &[
                &args[..],
                &["--folder", r"C:\M", "--url", "https://x/a.asf?x=1"],
            ]
            .concat(),
        );
        assert_eq!(outcome["local_name"], r"C:\M\07 T.asf");
    }

    /// The local name new-job makes in `C:\Music` for track 1, "Intro", of `album` by
    /// `artist`, with `layout` (none: the default).
    fn local_name_of(artist: &str, album: &str, layout: Option<&str>) -> String {
        let mut args = vec![
            "--provider",
            "P",
            "--service-id",
            "1",
            "--artist",
            artist,
            "--album",
            album,
            "--track",
            "1",
            "--title",
            "Intro",
            "--folder",
            r"C:\Music",
            "--url",
            "https://x/1.mp3",
        ];
        if let Some(layout) = layout {
            args.extend(["--layout", layout]);
        }
        let (code, outcome) = new_job_json(&args);
        assert_eq!(code, 0);
        outcome["local_name"].as_str().unwrap().to_owned()
    }

    #[test]
    fn the_rip_layout_puts_each_album_in_its_own_folder_as_the_player_does() {
        assert_eq!(
            local_name_of("AC/DC", "Back in Black", Some("rip")),
            r"C:\Music\AC_DC\Back in Black\01 Intro.mp3"
        );
        // Two albums that both start with "Intro": one file in the flat layout (the
        // default), two in the rip layout.
        let flat = local_name_of("Muse", "Drones", None);
        assert_eq!(flat, r"C:\Music\01 Intro.mp3");
        assert_eq!(local_name_of("The xx", "xx", Some("flat")), flat);
        assert_ne!(
            local_name_of("Muse", "Drones", Some("rip")),
            local_name_of("The xx", "xx", Some("rip"))
        );
    }

    #[test]
    fn a_layout_is_for_a_folder_not_a_whole_local_name() {
        let (code, out, err) = new_job(&[&NEEDED[..], &["--layout", "rip"]].concat());
        assert_eq!((code, out.as_str()), (2, ""));
        assert!(
            err.starts_with(
                "error: the argument '--local-name <PATH>' cannot be used with '--layout \
                 <flat|rip>'"
            ),
            "{err}"
        );
    }

    #[test]
    fn a_display_name_given_is_used_and_checked() {
        let (code, out, _) = new_job(&[
            "--provider",
            "P",
            "--service-id",
            "1",
            "--local-name",
            r"C:\M\a.wma",
            "--url",
            "https://x/y.wma",
            "--kind",
            "status",
            "--display-name",
            "My job",
        ]);
        assert_eq!(code, 0);
        assert_eq!(
            out,
            r"ready for BITS
  CreateJob       display name  My job
  AddFile         remote name   https://x/y.wma
                  local name    C:\M\a.wma
  SetDescription  description   ::WMP_STATUS:1:1:P::::::
"
        );
        let too_long = "a".repeat(257);
        let (code, outcome) = with(&["--display-name", &too_long]);
        assert_eq!(code, 1);
        assert_eq!(codes(&outcome), ["display_name_too_long"]);
    }

    #[test]
    fn warnings_are_printed_on_standard_output_and_do_not_fail() {
        let (code, out, err) = new_job(&[&NEEDED[..], &["--display-name", ""]].concat());
        assert_eq!(code, 0);
        assert_eq!(
            out,
            r#"ready for BITS
  CreateJob       display name  
  AddFile         remote name   https://x/y.wma
                  local name    C:\M\a.wma
  SetDescription  description   ::WMP_JOB:1:1:P::::::
warning: display name: display name is empty: expected a name that tells the user what is being downloaded, such as "Artist - Title" [display_name_empty]
"#
        );
        assert_eq!(err, "");
    }

    #[test]
    fn the_provider_must_be_one_of_the_installed_stores() {
        let (code, outcome) = with(&["--installed", "Contoso", "--installed", "PROSEWARE"]);
        assert_eq!(code, 0);
        assert_eq!(codes(&outcome), Vec::<&str>::new());
        let (code, outcome) = with(&["--installed", "Contoso"]);
        assert_eq!(code, 1);
        assert_eq!(codes(&outcome), ["provider_not_installed"]);
    }

    #[test]
    fn text_values_may_start_with_a_hyphen() {
        let (code, outcome) = with(&["--artist", "-M-", "--title", "--json"]);
        assert_eq!(code, 0);
        assert_eq!(
            outcome["description"],
            "::WMP_JOB:1:7:Proseware:-M-:::--json::"
        );
    }

    #[test]
    fn a_repeated_option_keeps_its_last_value() {
        let (code, outcome) = with(&["--provider", "Contoso", "--json"]);
        assert_eq!(code, 0);
        assert_eq!(outcome["description"], "::WMP_JOB:1:7:Contoso::::::");
    }

    /// The job's arguments but the service id.
    const NO_SERVICE_ID: [&str; 6] = [
        "--provider",
        "P",
        "--local-name",
        r"C:\M\a.wma",
        "--url",
        "https://x/y.wma",
    ];

    #[test]
    fn without_a_service_id_the_program_says_how_to_draw_one_and_keep_it() {
        usage_error(
            &NO_SERVICE_ID,
            "error: the store's service id is needed: give --service-id N or --service-id-file \
             FILE. A store draws its service id once and writes the same one on every job: run \
             `wmp-bits service-id --write FILE` once, then give --service-id-file FILE to every \
             new-job

Usage: wmp-bits new-job [OPTIONS] --provider <NAME> --url <URL> <--folder <FOLDER>|--local-name <PATH>>

For more information, try '--help'.
",
        );
        // Following the advice: one id, drawn once, on every job.
        let file = TempPath::new("service-id.txt");
        let (code, drawn, _) = crate::tests::wmp_bits(&["service-id", "--write", file.arg()], b"");
        assert_eq!(code, 0);
        for _ in 0..2 {
            let (code, outcome) =
                new_job_json(&[&NO_SERVICE_ID[..], &["--service-id-file", file.arg()]].concat());
            assert_eq!(code, 0);
            assert_eq!(
                outcome["description"],
                format!("::WMP_JOB:1:{}:P::::::", drawn.trim_end())
            );
        }
    }

    #[test]
    fn a_service_id_file_that_does_not_hold_one_is_a_usage_error() {
        let file = TempPath::new("not-an-id.txt");
        std::fs::write(&file.0, "Proseware\n").unwrap();
        usage_error(
            &[&NO_SERVICE_ID[..], &["--service-id-file", file.arg()]].concat(),
            &format!(
                "error: {0} does not hold a service id: expected one number 1..=4294967295, as \
                 `wmp-bits service-id --write {0}` writes it

Usage: wmp-bits new-job [OPTIONS] --provider <NAME> --url <URL> <--folder <FOLDER>|--local-name <PATH>>

For more information, try '--help'.
",
                file.arg()
            ),
        );
        let (code, out, err) = new_job(&[&NEEDED[..], &["--service-id-file", file.arg()]].concat());
        assert_eq!((code, out.as_str()), (2, ""));
        assert!(
            err.starts_with(
                "error: the argument '--service-id <N>' cannot be used with \
                 '--service-id-file <FILE>'"
            ),
            "{err}"
        );
    }

    /// Asserts that `args` are a usage error: exit code 2, nothing on standard output and
    /// `message` on standard error.
    fn usage_error(args: &[&str], message: &str) {
        let (code, out, err) = new_job(args);
        assert_eq!(code, 2, "{args:?}");
        assert_eq!(out, "", "{args:?}");
        assert_eq!(err, message, "{args:?}");
    }

    const NEEDED: [&str; 8] = [
        "--provider",
        "P",
        "--service-id",
        "1",
        "--url",
        "https://x/y.wma",
        "--local-name",
        r"C:\M\a.wma",
    ];

    #[test]
    fn values_that_are_not_numbers_are_usage_errors() {
        let cases = [
            ("--service-id", "0", "expected 1..=4294967295"),
            ("--service-id", "4294967296", "expected 1..=4294967295"),
            ("--service-id", "-1", "expected 1..=4294967295"),
            ("--track", "x", "expected a number, 1..=4294967295"),
            ("--track", "-1", "expected a number, 1..=4294967295"),
            (
                "--track",
                "0",
                "expected 1..=4294967295 (leave --track out when the track number is unknown)",
            ),
            ("--duration", "-5", "expected seconds, m:ss or h:mm:ss"),
            ("--stars", "-1", "expected 0..=5"),
            ("--rating", "-1", "expected 0..=99"),
            ("--duration", "1:60", "expected seconds, m:ss or h:mm:ss"),
            (
                "--duration",
                "4294967296",
                "expected seconds, m:ss or h:mm:ss",
            ),
            ("--duration", "1:2:3:4", "expected seconds, m:ss or h:mm:ss"),
            ("--stars", "6", "expected 0..=5"),
            ("--rating", "100", "expected 0..=99"),
        ];
        for (flag, value, expected) in cases {
            let value_name = match flag {
                "--service-id" | "--track" => "N",
                "--duration" => "SECS|M:SS",
                "--stars" => "0-5",
                _ => "0-99",
            };
            usage_error(
                &[&NEEDED[..], &[flag, value]].concat(),
                &format!(
                    "error: invalid value '{value}' for '{flag} <{value_name}>': {expected}\n\n\
                     For more information, try '--help'.\n"
                ),
            );
        }
        usage_error(
            &[&NEEDED[..], &["--ext", "flac"]].concat(),
            "error: invalid value 'flac' for '--ext <wma|wmv|mp3|asf>': unknown extension: \
             expected wma, wmv, mp3 or asf (any case, with or without a leading dot)\n\n\
             For more information, try '--help'.\n",
        );
        usage_error(
            &[&NEEDED[..], &["--kind", "stat"]].concat(),
            "error: invalid value 'stat' for '--kind <KIND>'
  [possible values: job, status]

  tip: a similar value exists: 'status'

For more information, try '--help'.
",
        );
    }

    #[test]
    fn an_unknown_flag_is_a_usage_error() {
        usage_error(
            &[&NEEDED[..], &["--titel", "x"]].concat(),
            "error: unexpected argument '--titel' found

  tip: a similar argument exists: '--title'

Usage: wmp-bits new-job --provider <NAME> --url <URL> --service-id <N> --title <TEXT> <--folder <FOLDER>|--local-name <PATH>>

For more information, try '--help'.
",
        );
    }

    #[test]
    fn stars_and_rating_together_are_a_usage_error() {
        usage_error(
            &[&NEEDED[..], &["--stars", "1", "--rating", "50"]].concat(),
            "error: the argument '--stars <0-5>' cannot be used with '--rating <0-99>'

Usage: wmp-bits new-job --provider <NAME> --url <URL> --service-id <N> --stars <0-5> <--folder <FOLDER>|--local-name <PATH>>

For more information, try '--help'.
",
        );
    }

    #[test]
    fn the_provider_the_url_and_one_destination_are_required() {
        usage_error(
            &["--url", "https://x/y.wma", "--local-name", r"C:\M\a.wma"],
            "error: the following required arguments were not provided:
  --provider <NAME>

Usage: wmp-bits new-job --provider <NAME> --url <URL> <--folder <FOLDER>|--local-name <PATH>>

For more information, try '--help'.
",
        );
        usage_error(
            &["--provider", "P", "--url", "https://x/y.wma"],
            "error: the following required arguments were not provided:
  <--folder <FOLDER>|--local-name <PATH>>

Usage: wmp-bits new-job --provider <NAME> --url <URL> <--folder <FOLDER>|--local-name <PATH>>

For more information, try '--help'.
",
        );
        usage_error(
            &[&NEEDED[..], &["--folder", r"C:\M"]].concat(),
            "error: the argument '--local-name <PATH>' cannot be used with '--folder <FOLDER>'

Usage: wmp-bits new-job --provider <NAME> --url <URL> --service-id <N> <--folder <FOLDER>|--local-name <PATH>>

For more information, try '--help'.
",
        );
    }

    #[test]
    fn a_folder_and_a_url_without_an_extension_need_ext() {
        usage_error(
            &[
                "--provider",
                "P",
                "--service-id",
                "1",
                "--url",
                "https://x/y",
                "--folder",
                r"C:\M",
            ],
            "error: --ext is needed: the URL does not end in .wma, .wmv, .mp3 or .asf

Usage: wmp-bits new-job [OPTIONS] --provider <NAME> --url <URL> <--folder <FOLDER>|--local-name <PATH>>

For more information, try '--help'.
",
        );
    }

    #[test]
    fn help_comes_from_clap_and_exits_0() {
        let (code, out, err) = new_job(&["--help"]);
        assert_eq!(code, 0);
        assert_eq!(
            out,
            r"Make what a store hands to BITS for one Windows Media Player download

Usage: wmp-bits new-job [OPTIONS] --provider <NAME> --url <URL> <--folder <FOLDER>|--local-name <PATH>>

Metadata:
      --kind <KIND>             WMP_JOB (the Player completes the job) or WMP_STATUS [default: job] [possible values: job, status]
      --service-id <N>          The store's service id, 1..=4294967295: the same on every job (drawn once by `wmp-bits service-id`)
      --service-id-file <FILE>  Read the store's service id from FILE (as `wmp-bits service-id --write FILE` writes it) instead of --service-id
      --provider <NAME>         The store's key name under HKLM\SOFTWARE\Microsoft\MediaPlayer\Subscriptions
      --artist <TEXT>           Album artist
      --album <TEXT>            Album title
      --track <N>               Track number, 1 or more
      --title <TEXT>            Title
      --duration <SECS|M:SS>    Duration, in seconds, m:ss or h:mm:ss
      --stars <0-5>             Rating in stars (or --rating)
      --rating <0-99>           Rating on the Player's scale (or --stars)
      --sanitize                Turn ':' into '：' and control characters into spaces instead of refusing them
      --fit                     Cut the longest of the album artist, album title and title, each ending in '…', when the description would be over 1,024 UTF-16 code units, instead of refusing it

The job:
      --url <URL>              The remote name given to AddFile
      --folder <FOLDER>        The folder of the download; the local name in it is made from the metadata, as --layout says
      --layout <flat|rip>      How the local name is made in --folder: flat is FOLDER\NN Title.ext, where the tracks of two albums with the same number and title are the same file, and the second download overwrites the first; rip is FOLDER\Album Artist\Album\NN Title.ext, as the Player rips (create its folders before AddFile) [default: flat]
      --local-name <PATH>      The whole local name instead of --folder
      --ext <wma|wmv|mp3|asf>  The extension [default: the URL's, when it is one of these]
      --display-name <TEXT>    The job's display name [default: made from the metadata]
      --installed <KEY>        An installed store's key name (repeatable): the provider must match one

Output:
      --json  One JSON object instead of text
  -h, --help  Print help

Exit status: 0 when the job is ready (warnings may remain), 1 when it has an error, 2 on a usage error.
"
        );
        assert_eq!(err, "");
        assert_eq!(new_job(&["-h"]).0, 0);
    }
}
