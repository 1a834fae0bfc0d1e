//! `wmp-bits service-id`: draws the store's service id, the one number a store keeps and
//! writes on every job.
//!
//! ```text
//! wmp-bits service-id                          # prints the id; keep it
//! wmp-bits service-id --write service-id.txt   # keeps it in a file for new-job
//! wmp-bits new-job --service-id-file service-id.txt ...
//! ```
//!
//! The service id names the store's *service*, not the job: the store's pages ask the
//! Player for the service's downloads with it (`DownloadManager.getDownloadCollection`). A
//! store draws it once and writes the same value on every job; a fresh id per job splits
//! the downloads into collections nobody asks for.

use std::fs::OpenOptions;
use std::io::{ErrorKind, Write};
use std::path::{Path, PathBuf};

use wmp_bits::ServiceId;

/// Draws the store's service id (1..=2147483647, from the operating system's random
/// generator): once, to keep in the store's configuration and write on every job.
#[derive(Debug, clap::Args)]
#[command(
    long_about = "Draws the store's service id (1..=2147483647, from the operating system's \
                  random generator): once, to keep in the store's configuration and write on \
                  every job.\n\n\
                  The service id names the store's service, not the job: the store's pages ask \
                  the Player for the service's downloads with it. Draw it once, keep it, and \
                  give the same value to every `wmp-bits new-job` (--service-id N, or \
                  --service-id-file FILE); a fresh id per job splits the downloads into \
                  collections nobody asks for.",
    after_help = "Exit status: 0 when the id was drawn (and written), 2 when it could not be."
)]
pub struct Args {
    /// Also write the id to FILE, which must not exist yet, for `wmp-bits new-job
    /// --service-id-file FILE`
    #[arg(long, value_name = "FILE")]
    write: Option<PathBuf>,
}

/// What the program says beside the id, on standard error.
const KEEP: &str = "this is the store's service id: keep it in the store's configuration and \
                    write the same value on every job (wmp-bits new-job --service-id N); a \
                    fresh id per job splits the downloads into collections nobody asks for";

/// Draws the id, prints it on `out` (the number alone, for scripts) and what to do with it
/// on `err`, and writes it to `--write FILE`; the exit status.
pub fn run(args: &Args, out: &mut impl Write, err: &mut impl Write) -> u8 {
    let id = match ServiceId::random() {
        Ok(id) => id,
        Err(e) => {
            let _ = writeln!(err, "service-id: cannot draw a service id: {e}");
            return 2;
        }
    };
    if let Some(path) = &args.write {
        if let Err(message) = keep(path, id) {
            let _ = writeln!(err, "service-id: {message}");
            return 2;
        }
    }
    if writeln!(out, "{id}").is_err() {
        // Standard output is gone (a closed pipe): nothing more to say.
        return 2;
    }
    let _ = writeln!(err, "{KEEP}");
    if let Some(path) = &args.write {
        let _ = writeln!(
            err,
            "kept in {}: give --service-id-file {} to every wmp-bits new-job",
            path.display(),
            path.display()
        );
    }
    0
}

/// Writes `id` to a new file at `path`; an existing file is never replaced, since it may
/// hold the id the store's jobs already carry.
fn keep(path: &Path, id: ServiceId) -> Result<(), String> {
    let mut file = OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|e| {
            if e.kind() == ErrorKind::AlreadyExists {
                format!(
                    "{} already exists, and a store keeps the service id it drew: give \
                     --service-id-file {} to wmp-bits new-job to use the id it holds, or \
                     remove it first to draw a new one",
                    path.display(),
                    path.display()
                )
            } else {
                format!("cannot create {}: {e}", path.display())
            }
        })?;
    writeln!(file, "{id}").map_err(|e| format!("cannot write {}: {e}", path.display()))
}

/// The service id kept in the file at `path`, as `service-id --write` writes it: one
/// number 1..=4294967295, white space around it allowed, in UTF-8 or UTF-16 (see
/// [`text_file::read`](crate::text_file::read)).
///
/// # Errors
///
/// What is wrong, naming the file: it cannot be read, or does not hold one service id.
pub fn read(path: &Path) -> Result<ServiceId, String> {
    let text = crate::text_file::read(path)
        .map_err(|e| format!("cannot read the service id file {}: {e}", path.display()))?;
    let number = text.trim();
    number.parse().map_err(|_| {
        format!(
            "{} does not hold a service id: expected one number 1..=4294967295, as `wmp-bits \
             service-id --write {}` writes it",
            path.display(),
            path.display()
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tests::{wmp_bits, TempPath};

    #[test]
    fn the_id_alone_is_on_standard_output_and_what_to_do_with_it_on_standard_error() {
        let (code, out, err) = wmp_bits(&["service-id"], b"");
        assert_eq!(code, 0);
        let id: ServiceId = out.strip_suffix('\n').unwrap().parse().unwrap();
        assert!(id.fits_i32(), "{id}");
        assert_eq!(err, format!("{KEEP}\n"));
        assert!(err.contains("write the same value on every job"), "{err}");
    }

    #[test]
    fn each_run_draws_afresh() {
        // Two draws of 31 random bits agree once in 2^31 runs; three never in practice.
        let ids: Vec<String> = (0..3).map(|_| wmp_bits(&["service-id"], b"").1).collect();
        assert!(ids[0] != ids[1] || ids[1] != ids[2], "{ids:?}");
    }

    #[test]
    fn write_keeps_the_id_in_a_file_that_read_gives_back() {
        let file = TempPath::new("service-id.txt");
        let (code, out, err) = wmp_bits(&["service-id", "--write", file.arg()], b"");
        assert_eq!(code, 0, "{err}");
        let written = std::fs::read_to_string(&file.0).unwrap();
        assert_eq!(written, out);
        assert_eq!(read(&file.0).unwrap().to_string(), out.trim_end());
        assert!(
            err.ends_with(&format!(
                "kept in {0}: give --service-id-file {0} to every wmp-bits new-job\n",
                file.arg()
            )),
            "{err}"
        );
    }

    #[test]
    fn write_never_replaces_a_kept_id() {
        let file = TempPath::new("kept.txt");
        std::fs::write(&file.0, "987654321\n").unwrap();
        let (code, out, err) = wmp_bits(&["service-id", "--write", file.arg()], b"");
        assert_eq!((code, out.as_str()), (2, ""));
        assert_eq!(
            err,
            format!(
                "service-id: {0} already exists, and a store keeps the service id it drew: \
                 give --service-id-file {0} to wmp-bits new-job to use the id it holds, or \
                 remove it first to draw a new one\n",
                file.arg()
            )
        );
        assert_eq!(std::fs::read_to_string(&file.0).unwrap(), "987654321\n");
    }

    #[test]
    fn read_takes_white_space_and_a_byte_order_mark_around_the_number() {
        let file = TempPath::new("padded.txt");
        std::fs::write(&file.0, "\u{FEFF}  4294967295\r\n").unwrap();
        assert_eq!(read(&file.0).unwrap().get(), 4_294_967_295);
    }

    #[test]
    fn read_takes_the_file_in_utf16_as_windows_powershell_writes_it() {
        let file = TempPath::new("utf16.txt");
        let bytes: Vec<u8> = "\u{FEFF}987654321\r\n"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        std::fs::write(&file.0, bytes).unwrap();
        assert_eq!(read(&file.0).unwrap().get(), 987_654_321);
    }

    #[test]
    fn read_refuses_what_is_not_one_service_id() {
        for text in ["0\n", "", "12 13\n", "0042\n", "4294967296\n", "-1\n"] {
            let file = TempPath::new("bad.txt");
            std::fs::write(&file.0, text).unwrap();
            assert_eq!(
                read(&file.0).unwrap_err(),
                format!(
                    "{0} does not hold a service id: expected one number 1..=4294967295, as \
                     `wmp-bits service-id --write {0}` writes it",
                    file.arg()
                ),
                "{text:?}"
            );
        }
        let missing = TempPath::new("missing.txt");
        let message = read(&missing.0).unwrap_err();
        assert!(
            message.starts_with(&format!(
                "cannot read the service id file {}: ",
                missing.arg()
            )),
            "{message}"
        );
    }

    #[test]
    fn help_says_the_id_is_the_services_and_kept() {
        let (code, out, _) = wmp_bits(&["service-id", "--help"], b"");
        assert_eq!(code, 0);
        assert!(
            out.contains("names the store's service, not the job"),
            "{out}"
        );
        assert!(
            out.contains("a fresh id per job splits the downloads"),
            "{out}"
        );
        let (_, short, _) = wmp_bits(&["service-id", "-h"], b"");
        assert!(short.starts_with("Draws the store's service id"), "{short}");
    }
}
