//! Make everything a store hands to BITS for one download, from the track's metadata.
//!
//! ```text
//! cargo run --example new_job -- --provider Proseware --artist 'Norah Jones' \
//!     --album 'Come Away with Me' --track 3 --title 'Cold Cold Heart' --duration 3:38 \
//!     --stars 3 --folder 'C:\Users\Pat\Music' --url https://downloads.proseware.example/t/3.wma
//! ```
//!
//! Builds the description, a safe local name in `--folder` and the display name, checks
//! them together with the remote URL ([`Job::check`]), and prints the four arguments for
//! `CreateJob`, `AddFile` and `SetDescription` (`--json`: one JSON object). Warnings are
//! printed and do not fail; any error is printed with every other problem found, and the
//! exit code is 1. A usage error (an unknown flag, a value that is not a number) exits 2.

use std::process::ExitCode;

use serde_json::{json, Value};
use wmp_bits::file_name::{check_folder, local_name_for, Extension, FolderError};
use wmp_bits::validate::{self, Problem, Report};
use wmp_bits::Job;
use wmp_bits::{Descriptor, Field, Kind, Rating, ServiceId, TextPolicy};

const USAGE: &str = "\
usage: new_job --provider NAME --url URL (--folder FOLDER | --local-name PATH) [options]

metadata:
  --kind job|status       WMP_JOB (the Player completes the job; default) or WMP_STATUS
  --service-id N          1..=4294967295 (default: random, 1..=2147483647)
  --artist TEXT           album artist
  --album TEXT            album title
  --track N               track number, 1 or more
  --title TEXT            title
  --duration SECS|M:SS    duration, in seconds or minutes:seconds (or h:mm:ss)
  --stars 0-5             rating in stars, or
  --rating 0-99           rating on the Player's scale
  --sanitize              turn ':' into '：' and control characters into spaces
                          instead of refusing them
the job:
  --url URL               the remote name given to AddFile
  --folder FOLDER         the folder of the download; the file name is made from the metadata
  --local-name PATH       the whole local name instead of --folder
  --ext wma|wmv|mp3|asf   the extension (default: the URL's, when it is one of these)
  --display-name TEXT     the job's display name (default: made from the metadata)
  --installed KEY         an installed store's key name (repeatable): the provider must match one
output:
  --json                  one JSON object instead of text
  -h, --help              this text";

#[derive(Debug, Default)]
struct Args {
    provider: Option<String>,
    url: Option<String>,
    folder: Option<String>,
    local_name: Option<String>,
    kind: Option<Kind>,
    service_id: Option<ServiceId>,
    artist: String,
    album: String,
    track: Option<u32>,
    title: String,
    duration: Option<u32>,
    rating: Option<Rating>,
    sanitize: bool,
    ext: Option<Extension>,
    display_name: Option<String>,
    installed: Option<Vec<String>>,
    json: bool,
}

fn main() -> ExitCode {
    let args = match parse(std::env::args().skip(1)) {
        Ok(Some(args)) => args,
        Ok(None) => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(message) => {
            eprintln!("new_job: {message}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    match run(&args) {
        Ok(outcome) => {
            let ok = outcome.report.is_ok();
            if args.json {
                println!("{}", outcome.to_json());
            } else {
                outcome.print();
            }
            if ok {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            }
        }
        Err(message) => {
            eprintln!("new_job: {message}");
            ExitCode::from(2)
        }
    }
}

/// The flags, or `None` for `--help`.
fn parse(mut it: impl Iterator<Item = String>) -> Result<Option<Args>, String> {
    let mut a = Args::default();
    while let Some(flag) = it.next() {
        let mut value = || it.next().ok_or_else(|| format!("{flag} needs a value"));
        match flag.as_str() {
            "-h" | "--help" => return Ok(None),
            "--json" => a.json = true,
            "--sanitize" => a.sanitize = true,
            "--provider" => a.provider = Some(value()?),
            "--url" => a.url = Some(value()?),
            "--folder" => a.folder = Some(value()?),
            "--local-name" => a.local_name = Some(value()?),
            "--artist" => a.artist = value()?,
            "--album" => a.album = value()?,
            "--title" => a.title = value()?,
            "--display-name" => a.display_name = Some(value()?),
            "--installed" => a.installed.get_or_insert_with(Vec::new).push(value()?),
            "--kind" => {
                a.kind = Some(match value()?.to_ascii_lowercase().as_str() {
                    "job" | "wmp_job" => Kind::Job,
                    "status" | "wmp_status" => Kind::Status,
                    other => return Err(format!("--kind {other:?}: expected job or status")),
                });
            }
            "--service-id" => {
                let v = value()?;
                a.service_id = Some(
                    v.parse::<u32>()
                        .ok()
                        .and_then(ServiceId::new)
                        .ok_or_else(|| format!("--service-id {v:?}: expected 1..=4294967295"))?,
                );
            }
            "--track" => a.track = Some(number(&flag, &value()?, "1..=4294967295")?),
            "--duration" => a.duration = Some(duration(&value()?)?),
            "--stars" | "--rating" => {
                if a.rating.is_some() {
                    return Err("give --stars or --rating, not both".into());
                }
                let v = value()?;
                let n: u8 = number(&flag, &v, "a small number")?;
                a.rating = Some(if flag == "--stars" {
                    Rating::from_stars(n).ok_or_else(|| format!("--stars {v}: expected 0..=5"))?
                } else {
                    Rating::new(n).ok_or_else(|| format!("--rating {v}: expected 0..=99"))?
                });
            }
            "--ext" => {
                let v = value()?;
                a.ext = Some(v.parse().map_err(|e| format!("--ext {v:?}: {e}"))?);
            }
            other => return Err(format!("unknown flag {other:?}")),
        }
    }
    if a.provider.is_none() {
        return Err("--provider is required".into());
    }
    if a.url.is_none() {
        return Err("--url is required".into());
    }
    match (&a.folder, &a.local_name) {
        (None, None) => return Err("give --folder or --local-name".into()),
        (Some(_), Some(_)) => return Err("give --folder or --local-name, not both".into()),
        _ => {}
    }
    Ok(Some(a))
}

fn number<T: std::str::FromStr>(flag: &str, v: &str, expected: &str) -> Result<T, String> {
    v.parse()
        .map_err(|_| format!("{flag} {v:?}: expected a number, {expected}"))
}

/// Seconds, `m:ss` or `h:mm:ss`.
fn duration(v: &str) -> Result<u32, String> {
    let bad = || format!("--duration {v:?}: expected seconds, m:ss or h:mm:ss");
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

/// The extension of the URL's last path segment, when it is one the Player takes.
fn extension_of(url: &str) -> Option<Extension> {
    let path = url.split(['?', '#']).next().unwrap_or(url);
    let last = path.rsplit(['/', '\\']).next()?;
    last.rsplit_once('.')?.1.parse().ok()
}

struct Outcome {
    descriptor: Option<Descriptor>,
    local_name: Option<String>,
    display_name: Option<String>,
    display_name_derived: bool,
    remote_url: String,
    report: Report,
}

fn run(a: &Args) -> Result<Outcome, String> {
    let url = a.url.clone().unwrap_or_default();
    let mut report = Report::new();
    let descriptor = match describe(a)? {
        Ok(d) => Some(d),
        Err(problem) => {
            report.push(problem);
            None
        }
    };
    let local_name = match local_name(a, &url, descriptor.as_ref())? {
        Ok(name) => name,
        Err(problem) => {
            report.push(problem);
            None
        }
    };

    let mut outcome = Outcome {
        descriptor: descriptor.clone(),
        local_name: local_name.clone(),
        display_name: a.display_name.clone(),
        display_name_derived: a.display_name.is_none(),
        remote_url: url.clone(),
        report,
    };
    if let (Some(d), Some(local)) = (descriptor, local_name) {
        // Everything is there: the job checks all of it.
        let mut job = Job::new(url, local, d);
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
        for p in validate::remote_name(&url) {
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

/// The descriptor, or the problem that kept the builder from making one.
fn describe(a: &Args) -> Result<Result<Descriptor, Problem>, String> {
    let service_id = match a.service_id {
        Some(id) => id,
        None => random_id()?,
    };
    let provider = a.provider.as_deref().unwrap_or_default();
    let mut builder = Descriptor::builder(a.kind.unwrap_or(Kind::Job), service_id, provider)
        .album_artist(&a.artist)
        .album_title(&a.album)
        .title(&a.title);
    if let Some(n) = a.track {
        builder = builder.track_number(n);
    }
    if let Some(s) = a.duration {
        builder = builder.duration_secs(s);
    }
    if let Some(r) = a.rating {
        builder = builder.rating(r);
    }
    if a.sanitize {
        builder = builder.text_policy(TextPolicy::Sanitize);
    }
    Ok(builder.build().map_err(|e| Problem::from(&e)))
}

/// The local name: given, or made in the folder from the descriptor (`None` without one,
/// after checking the folder alone).
fn local_name(
    a: &Args,
    url: &str,
    descriptor: Option<&Descriptor>,
) -> Result<Result<Option<String>, Problem>, String> {
    let folder_problem = |e: FolderError| Problem::from(&e);
    let (Some(folder), None) = (&a.folder, &a.local_name) else {
        return Ok(Ok(a.local_name.clone()));
    };
    let Some(d) = descriptor else {
        return Ok(check_folder(folder).map(|()| None).map_err(folder_problem));
    };
    let Some(ext) = a.ext.or_else(|| extension_of(url)) else {
        return Err("--ext is needed: the URL does not end in .wma, .wmv, .mp3 or .asf".into());
    };
    Ok(local_name_for(folder, d, ext)
        .map(Some)
        .map_err(folder_problem))
}

#[cfg(feature = "getrandom")]
fn random_id() -> Result<ServiceId, String> {
    ServiceId::random().map_err(|e| e.to_string())
}

#[cfg(not(feature = "getrandom"))]
fn random_id() -> Result<ServiceId, String> {
    Err("--service-id is needed: this build has no random source (feature getrandom)".into())
}

impl Outcome {
    fn print(&self) {
        let show = |v: Option<&str>| v.map_or_else(|| "(none)".to_string(), printable);
        println!(
            "{}",
            if self.report.is_ok() {
                "ready for BITS"
            } else {
                "not ready for BITS"
            }
        );
        let derived = if self.display_name_derived && self.display_name.is_some() {
            "   (made from the metadata)"
        } else {
            ""
        };
        println!(
            "  CreateJob       display name  {}{derived}",
            show(self.display_name.as_deref())
        );
        println!(
            "  AddFile         remote name   {}",
            printable(&self.remote_url)
        );
        println!(
            "                  local name    {}",
            show(self.local_name.as_deref())
        );
        println!(
            "  SetDescription  description   {}",
            show(self.descriptor.as_ref().map(Descriptor::as_str))
        );
        // The whole report in its order: on standard error when it holds an error.
        for p in self.report.problems() {
            let line = printable(&p.to_string());
            if self.report.is_ok() {
                println!("{line}");
            } else {
                eprintln!("{line}");
            }
        }
    }

    fn to_json(&self) -> Value {
        let problems: Vec<Value> = self
            .report
            .problems()
            .iter()
            .map(|p| {
                json!({
                    "severity": p.severity().to_string(),
                    "code": p.code(),
                    "subject": p.subject().to_string(),
                    "field": p.field().map(Field::key),
                    "span": p.span().map(|s| [s.start, s.end]),
                    "message": p.message(),
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
