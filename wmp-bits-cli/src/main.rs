//! The `wmp-bits` command: inspect Windows Media Player BITS job descriptions, make what a
//! store hands to BITS for one download, and say why the Player would ignore a download.
//!
//! ```text
//! wmp-bits inspect '::WMP_JOB:1:987654321:Proseware:Norah Jones:Come Away with Me:3:Cold Cold Heart:218:50'
//! wmp-bits new-job --service-id 987654321 --provider Proseware --title 'Cold Cold Heart' \
//!     --folder 'C:\Users\Pat\Music' --url https://downloads.proseware.example/t/3.wma
//! wmp-bits doctor --snapshot queue.json
//! ```
//!
//! Every subcommand exits 0 when all is well, 1 when it found problems, and 2 on a usage
//! error or input it cannot read.

mod advice;
mod doctor;
mod inspect;
mod new_job;
mod service_id;
mod text_file;
mod watch;

use std::ffi::OsString;
use std::io::{self, BufRead, Write};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// The command line.
#[derive(Debug, Parser)]
#[command(
    name = "wmp-bits",
    version,
    about = "Windows Media Player downloads through BITS: inspect job descriptions, make new \
             jobs, and find out why the Player ignores a download",
    after_help = "Exit status: 0 when all is well, 1 when problems were found, 2 on a usage \
                  error or input that cannot be read."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    Inspect(inspect::Args),
    NewJob(Box<new_job::Args>),
    Doctor(doctor::Args),
    ServiceId(service_id::Args),
    Watch(watch::Args),
}

fn main() -> ExitCode {
    ExitCode::from(run(
        std::env::args_os(),
        io::stdin().lock(),
        &mut io::stdout().lock(),
        &mut io::stderr().lock(),
    ))
}

/// The whole program: `args` (the program's name first), standard input, standard output
/// and standard error in, the exit code out.
fn run(
    args: impl IntoIterator<Item = impl Into<OsString> + Clone>,
    stdin: impl BufRead,
    out: &mut impl Write,
    err: &mut impl Write,
) -> u8 {
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => return usage(&e, out, err),
    };
    match cli.command {
        Command::Inspect(args) => inspect::run(&args, stdin, out, err),
        Command::NewJob(args) => match new_job::run(&args, out, err) {
            Ok(code) => code,
            Err(e) => usage(&e, out, err),
        },
        Command::Doctor(args) => doctor::run(&args, out, err),
        Command::ServiceId(args) => service_id::run(&args, out, err),
        Command::Watch(args) => watch::run(&args, out, err),
    }
}

/// Writes a clap error and gives its exit code: `--help` and `--version` on standard output
/// with exit code 0, a usage error on standard error with exit code 2.
fn usage(e: &clap::Error, out: &mut impl Write, err: &mut impl Write) -> u8 {
    let message = e.render().to_string();
    let _ = if e.use_stderr() {
        err.write_all(message.as_bytes())
    } else {
        out.write_all(message.as_bytes())
    };
    u8::try_from(e.exit_code()).unwrap_or(2)
}

/// A usage error of the subcommand `name`, with its usage line, as clap writes its own.
fn usage_error(
    name: &str,
    kind: clap::error::ErrorKind,
    message: impl std::fmt::Display,
) -> clap::Error {
    use clap::CommandFactory;
    let mut cli = Cli::command();
    cli.build();
    let sub = cli
        .find_subcommand_mut(name)
        .expect("the subcommand exists");
    clap::Error::raw(kind, message).format(sub)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Runs the program with `args` after its name and `stdin`: the exit code, standard
    /// output and standard error.
    pub(crate) fn wmp_bits(args: &[&str], stdin: &[u8]) -> (u8, String, String) {
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let args = std::iter::once("wmp-bits").chain(args.iter().copied());
        let code = run(args, stdin, &mut out, &mut err);
        let text = |b: Vec<u8>| String::from_utf8(b).expect("the output is UTF-8");
        (code, text(out), text(err))
    }

    /// A path in the temporary folder that nothing uses yet, removed when dropped.
    pub(crate) struct TempPath(pub std::path::PathBuf);

    impl TempPath {
        pub(crate) fn new(name: &str) -> TempPath {
            use std::sync::atomic::{AtomicUsize, Ordering};
            static NEXT: AtomicUsize = AtomicUsize::new(0);
            let path = std::env::temp_dir().join(format!(
                "wmp-bits-cli-{}-{}-{name}",
                std::process::id(),
                NEXT.fetch_add(1, Ordering::Relaxed)
            ));
            let _ = std::fs::remove_file(&path);
            TempPath(path)
        }

        pub(crate) fn arg(&self) -> &str {
            self.0.to_str().expect("a UTF-8 temporary path")
        }
    }

    impl Drop for TempPath {
        fn drop(&mut self) {
            let _ = std::fs::remove_file(&self.0);
        }
    }

    #[test]
    fn help_lists_every_subcommand() {
        let (code, out, err) = wmp_bits(&["--help"], b"");
        assert_eq!((code, err.as_str()), (0, ""));
        for name in ["inspect", "new-job", "doctor", "service-id", "watch"] {
            assert!(out.contains(&format!("\n  {name} ")), "{name}: {out}");
        }
    }

    #[test]
    fn no_subcommand_is_a_usage_error() {
        let (code, out, err) = wmp_bits(&[], b"");
        assert_eq!((code, out.as_str()), (2, ""));
        assert!(err.starts_with("Windows Media Player downloads"), "{err}");
    }
}
