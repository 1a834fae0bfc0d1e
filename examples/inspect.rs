//! Inspect Windows Media Player BITS job descriptions.
//!
//! ```text
//! cargo run --example inspect -- '::WMP_JOB:1:987654321:Proseware:Norah Jones:Come Away with Me:3:Cold Cold Heart:218:50'
//! printf '%s\n' '::WMP_JOB:1:0:Contoso::::::' | cargo run --example inspect -- --json
//! ```
//!
//! Takes descriptions as arguments, or one per line on standard input when there are none.
//! For each it prints the kind and every field, or the error with its code, field, and a caret
//! under the offending bytes; `--json` prints one JSON object per input instead. Exits 0 when
//! every input is valid, 1 otherwise, 2 on a usage error.

use std::io::{self, BufRead, Write};
use std::process::ExitCode;

use serde_json::{json, Value};
use wmp_bits::{validate, Descriptor, Field, Kind, ParseError};

fn main() -> ExitCode {
    let mut json_out = false;
    let mut inputs = Vec::new();
    let mut only_inputs = false;
    for arg in std::env::args().skip(1) {
        match arg.as_str() {
            "--" if !only_inputs => only_inputs = true,
            "--json" if !only_inputs => json_out = true,
            "-h" | "--help" if !only_inputs => {
                println!("usage: inspect [--json] [DESCRIPTION ...]   (reads lines from stdin without DESCRIPTION)");
                return ExitCode::SUCCESS;
            }
            a if a.starts_with("--") && !only_inputs => {
                eprintln!("inspect: unknown option {a} (expected --json, --help or --)");
                return ExitCode::from(2);
            }
            _ => inputs.push(arg),
        }
    }
    if inputs.is_empty() {
        for line in io::stdin().lock().lines() {
            match line {
                Ok(l) => inputs.push(l.strip_suffix('\r').unwrap_or(&l).to_string()),
                Err(e) => {
                    eprintln!("inspect: cannot read standard input: {e}");
                    return ExitCode::from(2);
                }
            }
        }
    }

    let mut all_ok = true;
    let stdout = io::stdout();
    let mut out = stdout.lock();
    for (i, input) in inputs.iter().enumerate() {
        let result = input.parse::<Descriptor>();
        all_ok &= result.is_ok();
        let written = if json_out {
            writeln!(out, "{}", as_json(input, &result))
        } else {
            if i > 0 {
                let _ = writeln!(out);
            }
            write_text(&mut out, input, &result)
        };
        if written.is_err() {
            // Standard output is gone (a closed pipe): nothing more to say.
            return ExitCode::from(2);
        }
    }
    if all_ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

fn kind_name(kind: Kind) -> &'static str {
    match kind {
        Kind::Job => "job",
        Kind::Status => "status",
    }
}

fn write_text(
    out: &mut impl Write,
    input: &str,
    result: &Result<Descriptor, ParseError>,
) -> io::Result<()> {
    match result {
        Ok(d) => {
            let opt = |v: Option<u32>| v.map_or_else(|| "(empty)".to_string(), |v| v.to_string());
            writeln!(out, "{input}")?;
            writeln!(
                out,
                "  kind          {} ({})",
                d.kind(),
                match d.kind() {
                    Kind::Job => "the Player completes the job and adds the file to the library",
                    Kind::Status => "the Player only shows status; the store completes the job",
                }
            )?;
            writeln!(out, "  service id    {}", d.service_id())?;
            writeln!(out, "  provider      {}", d.provider())?;
            writeln!(out, "  album artist  {}", d.album_artist())?;
            writeln!(out, "  album title   {}", d.album_title())?;
            writeln!(out, "  track number  {}", opt(d.track_number()))?;
            writeln!(out, "  title         {}", d.title())?;
            writeln!(
                out,
                "  duration      {}",
                d.duration_secs().map_or_else(
                    || "(empty)".to_string(),
                    |s| format!("{s} s ({}:{:02})", s / 60, s % 60)
                )
            )?;
            writeln!(
                out,
                "  rating        {}",
                d.rating().map_or_else(
                    || "(empty)".to_string(),
                    |r| format!("{} ({} stars)", r.get(), r.stars())
                )
            )?;
            writeln!(
                out,
                "  length        {} of 1024 UTF-16 code units",
                d.utf16_len()
            )?;
            for w in validate::warnings(d) {
                writeln!(out, "  warning: {} [{}]", w.message(), w.code())?;
            }
        }
        Err(e) => {
            writeln!(out, "{}", printable(input))?;
            let span = e.span();
            let pad = printable(&input[..span.start]).chars().count();
            let width = printable(&input[span.clone()]).chars().count().max(1);
            writeln!(out, "{}{}", " ".repeat(pad), "^".repeat(width))?;
            let field = e
                .field()
                .map_or(String::new(), |f: Field| format!(", field {}", f.key()));
            writeln!(out, "error[{}{}]: {}", e.code(), field, e)?;
        }
    }
    Ok(())
}

/// The input as it can be shown on one terminal line: each control character as U+FFFD.
fn printable(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { '�' } else { c })
        .collect()
}

fn as_json(input: &str, result: &Result<Descriptor, ParseError>) -> Value {
    match result {
        Ok(d) => json!({
            "input": input,
            "ok": true,
            "kind": kind_name(d.kind()),
            "service_id": d.service_id().get(),
            "provider": d.provider(),
            "album_artist": d.album_artist(),
            "album_title": d.album_title(),
            "track_number": d.track_number(),
            "title": d.title(),
            "duration_secs": d.duration_secs(),
            "rating": d.rating().map(wmp_bits::Rating::get),
            "utf16_len": d.utf16_len(),
            "warnings": validate::warnings(d).iter().map(|w| json!({"code": w.code(), "message": w.message()})).collect::<Vec<_>>(),
        }),
        Err(e) => json!({
            "input": input,
            "ok": false,
            "error": e.code(),
            "field": e.field().map(Field::key),
            "span": [e.span().start, e.span().end],
            "message": e.to_string(),
        }),
    }
}
