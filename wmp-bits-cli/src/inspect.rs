//! Inspect Windows Media Player BITS job descriptions.
//!
//! ```text
//! wmp-bits inspect '::WMP_JOB:1:987654321:Proseware:Norah Jones:Come Away with Me:3:Cold Cold Heart:218:50'
//! printf '%s\n' '::WMP_JOB:1:0:Contoso::::::' | wmp-bits inspect --json
//! wmp-bits inspect --lenient '::wmp_job:1:0042:Contoso:::07:Intro: 60 :50'
//! ```
//!
//! Takes descriptions as arguments, or one a line on standard input when there are none.
//! On standard input, a byte order mark at the very start is the file's, not the first
//! description's, and is skipped; blank lines are skipped, and a line that is not UTF-8 is
//! reported as a problem of that line (its number and the offset of the first invalid byte)
//! while the other lines are still inspected.
//!
//! For each description it prints the kind and every field, or the error with its code,
//! field, and a caret under the offending text, placed by display width so that it lines up
//! under wide (CJK, emoji) characters too (at most 64 carets, then `…`, under a long span); control characters are echoed escaped (`\t`,
//! `\u{1b}`), and the caret lines up with the escape. `--lenient` reads with
//! [`wmp_bits::lenient::parse`]: it shows each normalisation under the input, then the
//! canonical descriptor.
//!
//! `--json` prints one JSON object a description instead: `line` (on standard input, the
//! 1-based line number; `null` for an argument), `input`, `ok`, then either the fields
//! (`kind`, `service_id`, `provider`, `album_artist`, `album_title`, `track_number`, `title`,
//! `duration_secs`, `rating`, `utf16_len`, `warnings`; with `--lenient` also `canonical` and
//! `normalizations`: `[{"code", "message", "span": [start, end]}]`), or `error` (the code),
//! `field`, `span` (bytes of the input), `message` and `help` (`null`, or the flag that
//! does what the message advises: `--lenient` only when lenient parsing reads the input). A
//! line that is not UTF-8 has the error `invalid_utf8`, `input` `null`, and the span of the
//! first invalid bytes in the line.
//!
//! Exits 0 when every description is valid (leniently, with `--lenient`), 1 otherwise, 2 on
//! a usage error or when standard input cannot be read.

use std::borrow::Cow;
use std::io::{self, BufRead, Write};
use std::ops::Range;
use std::str::Utf8Error;

use serde_json::{json, Value};
use unicode_width::UnicodeWidthStr;
use wmp_bits::lenient::{self, Lenient, Normalization};
use wmp_bits::{validate, Descriptor, Field, Kind, ParseError};

use crate::{advice, text_file};

/// The command line of `inspect`.
#[derive(Debug, clap::Args)]
#[command(
    about = "Inspect Windows Media Player BITS job descriptions (::WMP_JOB and ::WMP_STATUS)",
    after_help = "Exit status: 0 when every description is valid, 1 when one is not, 2 on a usage error."
)]
pub struct Args {
    /// Print one JSON object a description instead of text
    #[arg(long)]
    json: bool,
    /// Read leniently (a byte order mark, the kind in any case, zeros or spaces around
    /// numbers) and show what was normalised
    #[arg(long)]
    lenient: bool,
    /// Descriptions to inspect [default: one a line from standard input]
    #[arg(value_name = "DESCRIPTION")]
    descriptions: Vec<String>,
}

/// Inspects the descriptions of `args`, or those on standard input; the exit code.
pub fn run(args: &Args, stdin: impl BufRead, out: &mut impl Write, err: &mut impl Write) -> u8 {
    let mut inspector = Inspector {
        args,
        out,
        shown: 0,
        all_ok: true,
    };
    let read = if args.descriptions.is_empty() {
        inspector.lines(stdin)
    } else {
        args.descriptions
            .iter()
            .try_for_each(|d| inspector.description(d, None))
            .map(Ok)
    };
    match read {
        Ok(Ok(())) if inspector.all_ok => 0,
        Ok(Ok(())) => 1,
        Ok(Err(e)) => {
            let _ = writeln!(err, "inspect: cannot read standard input: {e}");
            2
        }
        // Standard output is gone (a closed pipe): nothing more to say.
        Err(_) => 2,
    }
}

/// Writes what it finds about each description and remembers whether all were valid.
struct Inspector<'a, W> {
    args: &'a Args,
    out: &'a mut W,
    /// How many descriptions have been shown (text output separates them by a blank line).
    shown: usize,
    all_ok: bool,
}

/// A description read, strictly or leniently: the descriptor and what was normalised to get
/// it (nothing, when read strictly).
type Reading = Result<(Descriptor, Vec<Normalization>), ParseError>;

impl<W: Write> Inspector<'_, W> {
    /// Inspects every line of `input`. The outer error is one of writing, the inner one of
    /// reading.
    fn lines(&mut self, mut input: impl BufRead) -> io::Result<io::Result<()>> {
        let mut line = Vec::new();
        let mut number = 0;
        loop {
            line.clear();
            match input.read_until(b'\n', &mut line) {
                Ok(0) => return Ok(Ok(())),
                Ok(_) => number += 1,
                Err(e) => return Ok(Err(e)),
            }
            // The line without its ending, `\n` or `\r\n`; each line is decoded on its own,
            // so that one that is not UTF-8 stops nothing but itself. A byte order mark that
            // starts the input is the file's.
            let bytes = line.strip_suffix(b"\n").unwrap_or(&line);
            let bytes = match bytes.strip_prefix(b"\xEF\xBB\xBF") {
                Some(rest) if number == 1 => rest,
                _ => bytes,
            };
            let bytes = bytes.strip_suffix(b"\r").unwrap_or(bytes);
            match std::str::from_utf8(bytes) {
                Ok(text) if text.trim().is_empty() => {}
                Ok(text) => self.description(text, Some(number))?,
                Err(e) => self.not_utf8(bytes, e, number)?,
            }
        }
    }

    /// Inspects one description; `line` is its line number on standard input.
    fn description(&mut self, input: &str, line: Option<usize>) -> io::Result<()> {
        let reading: Reading = if self.args.lenient {
            lenient::parse(input).map(Lenient::into_parts)
        } else {
            input.parse().map(|d| (d, Vec::new()))
        };
        self.all_ok &= reading.is_ok();
        if self.args.json {
            let value = as_json(input, line, &reading, self.args.lenient);
            return writeln!(self.out, "{value}");
        }
        self.separate()?;
        match &reading {
            Ok((d, normalizations)) => {
                writeln!(self.out, "{}", printable(input))?;
                for n in normalizations {
                    writeln!(self.out, "{} {} [{}]", carets(input, n.span()), n, n.code())?;
                }
                if self.args.lenient {
                    writeln!(self.out, "  canonical     {d}")?;
                }
                write_fields(self.out, d)
            }
            Err(e) => {
                let message = e.to_string();
                write_error(
                    self.out,
                    &printable(input),
                    &carets(input, e.span()),
                    e.code(),
                    e.field(),
                    line,
                    &message,
                )?;
                match help(input, &message) {
                    Some(help) => writeln!(self.out, "help: {help}"),
                    None => Ok(()),
                }
            }
        }
    }

    /// Reports line `line`, whose `bytes` are not UTF-8: the first invalid bytes, at byte
    /// `e.valid_up_to()`.
    fn not_utf8(&mut self, bytes: &[u8], e: Utf8Error, line: usize) -> io::Result<()> {
        self.all_ok = false;
        let (bad, found) = text_file::invalid_utf8(bytes, e, 0);
        let (start, end) = (bad.start, bad.end);
        let message = format!("{found}: expected the description as UTF-8 text");
        if self.args.json {
            let value = json!({
                "line": line,
                "input": null,
                "ok": false,
                "error": "invalid_utf8",
                "field": null,
                "span": [start, end],
                "message": message,
                "help": null,
            });
            return writeln!(self.out, "{value}");
        }
        self.separate()?;
        // The valid text before the bytes, then one U+FFFD for them, as the caret shows.
        let valid = std::str::from_utf8(&bytes[..start]).unwrap_or_default();
        let marked = format!("{valid}\u{FFFD}");
        let rest = String::from_utf8_lossy(&bytes[end..]);
        let shown = format!("{}{}", printable(&marked), printable(&rest));
        let carets = carets(&marked, valid.len()..marked.len());
        write_error(
            self.out,
            &shown,
            &carets,
            "invalid_utf8",
            None,
            Some(line),
            &message,
        )
    }

    /// A blank line between two descriptions shown as text.
    fn separate(&mut self) -> io::Result<()> {
        if self.shown > 0 {
            writeln!(self.out)?;
        }
        self.shown += 1;
        Ok(())
    }
}

/// The input as printed, the carets under the offending part, and
/// `error[code, field F, line N]: message`.
fn write_error(
    out: &mut impl Write,
    shown: &str,
    carets: &str,
    code: &str,
    field: Option<Field>,
    line: Option<usize>,
    message: &str,
) -> io::Result<()> {
    writeln!(out, "{shown}")?;
    writeln!(out, "{carets}")?;
    write!(out, "error[{code}")?;
    if let Some(field) = field {
        write!(out, ", field {}", field.key())?;
    }
    if let Some(line) = line {
        write!(out, ", line {line}")?;
    }
    writeln!(out, "]: {message}")
}

/// What does what `message`, the error of `input`, advises: `new-job --sanitize` for the
/// text, or `inspect --lenient` when lenient parsing reads `input` (and only then).
fn help(input: &str, message: &str) -> Option<&'static str> {
    if advice::advises_sanitising(message) {
        Some(advice::SANITIZE_ELSEWHERE)
    } else if advice::advises_lenient(message) && lenient::parse(input).is_ok() {
        Some(advice::LENIENT)
    } else {
        None
    }
}

/// The most carets shown under one span; a wider span gets these and `…`.
const MAX_CARETS: usize = 64;

/// The kind, every field, the length and the warnings of a valid descriptor.
fn write_fields(out: &mut impl Write, d: &Descriptor) -> io::Result<()> {
    let empty = || "(empty)".to_string();
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
    writeln!(
        out,
        "  track number  {}",
        d.track_number().map_or_else(empty, |n| n.to_string())
    )?;
    writeln!(out, "  title         {}", d.title())?;
    writeln!(
        out,
        "  duration      {}",
        d.duration_secs()
            .map_or_else(empty, |s| format!("{s} s ({}:{:02})", s / 60, s % 60))
    )?;
    writeln!(
        out,
        "  rating        {}",
        d.rating()
            .map_or_else(empty, |r| format!("{} ({} stars)", r.get(), r.stars()))
    )?;
    writeln!(
        out,
        "  length        {} of 1024 UTF-16 code units",
        d.utf16_len()
    )?;
    for w in validate::warnings(d) {
        writeln!(out, "  warning: {} [{}]", w.message(), w.code())?;
    }
    Ok(())
}

/// `text` as it can be shown on one terminal line: each control character escaped (`\t`,
/// `\u{1b}`), and so is a byte order mark (U+FEFF), which would show as nothing at all.
fn printable(text: &str) -> Cow<'_, str> {
    let hidden = |c: char| c.is_control() || c == '\u{FEFF}';
    if !text.contains(hidden) {
        return Cow::Borrowed(text);
    }
    let mut shown = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if hidden(c) {
            shown.extend(c.escape_default());
        } else {
            shown.push(c);
        }
    }
    Cow::Owned(shown)
}

/// The carets under the bytes `span` of `text` as [`printable`] shows it: they start at the
/// display width of what is shown before the span and are as wide as what is shown for it
/// (at least one column, for an empty span, and at most [`MAX_CARETS`], then `…`).
fn carets(text: &str, span: Range<usize>) -> String {
    let before = text.get(..span.start).unwrap_or(text);
    let inside = text.get(span).unwrap_or_default();
    let pad = printable(before).width();
    let width = printable(inside).width().max(1);
    let more = if width > MAX_CARETS { "…" } else { "" };
    format!(
        "{}{}{more}",
        " ".repeat(pad),
        "^".repeat(width.min(MAX_CARETS))
    )
}

fn kind_name(kind: Kind) -> &'static str {
    match kind {
        Kind::Job => "job",
        Kind::Status => "status",
    }
}

fn as_json(input: &str, line: Option<usize>, reading: &Reading, lenient: bool) -> Value {
    match reading {
        Ok((d, normalizations)) => {
            let mut value = json!({
                "line": line,
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
                "warnings": validate::warnings(d)
                    .iter()
                    .map(|w| json!({"code": w.code(), "message": w.message()}))
                    .collect::<Vec<_>>(),
            });
            if lenient {
                value["canonical"] = json!(d.as_str());
                value["normalizations"] = normalizations
                    .iter()
                    .map(|n| {
                        let span = n.span();
                        json!({"code": n.code(), "message": n.to_string(), "span": [span.start, span.end]})
                    })
                    .collect();
            }
            value
        }
        Err(e) => json!({
            "line": line,
            "input": input,
            "ok": false,
            "error": e.code(),
            "field": e.field().map(Field::key),
            "span": [e.span().start, e.span().end],
            "message": e.to_string(),
            "help": help(input, &e.to_string()),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Runs the program with `args` after its name and `stdin`: the exit code, standard
    /// output and standard error.
    fn inspect(args: &[&str], stdin: &[u8]) -> (u8, String, String) {
        let args: Vec<&str> = std::iter::once("inspect")
            .chain(args.iter().copied())
            .collect();
        crate::tests::wmp_bits(&args, stdin)
    }

    const GOOD: &str =
        "::WMP_JOB:1:987654321:Proseware:Norah Jones:Come Away with Me:3:Cold Cold Heart:218:50";

    #[test]
    fn a_valid_description_shows_every_field_and_exits_0() {
        let (code, out, err) = inspect(&[GOOD], b"");
        assert_eq!(code, 0);
        assert_eq!(
            out,
            format!(
                "{GOOD}
  kind          WMP_JOB (the Player completes the job and adds the file to the library)
  service id    987654321
  provider      Proseware
  album artist  Norah Jones
  album title   Come Away with Me
  track number  3
  title         Cold Cold Heart
  duration      218 s (3:38)
  rating        50 (3 stars)
  length        86 of 1024 UTF-16 code units
"
            )
        );
        assert_eq!(err, "");
    }

    #[test]
    fn an_invalid_description_shows_the_error_and_exits_1() {
        let (code, out, err) = inspect(&["::WMP_JOB:1:0:Contoso::::::"], b"");
        assert_eq!(code, 1);
        assert_eq!(
            out,
            "::WMP_JOB:1:0:Contoso::::::
            ^
error[zero_service_id, field serviceId]: zero service id at bytes 12..13: expected a nonzero decimal 1..=4294967295
"
        );
        assert_eq!(err, "");
    }

    #[test]
    fn blank_lines_on_standard_input_are_skipped() {
        let stdin =
            b"::WMP_JOB:1:1:Contoso::::::\n\n \t\r\n\r\n::WMP_STATUS:1:2:Fabrikam::::::\n\n";
        let (code, out, err) = inspect(&["--json"], stdin);
        assert_eq!(code, 0);
        assert_eq!(
            out,
            r#"{"album_artist":"","album_title":"","duration_secs":null,"input":"::WMP_JOB:1:1:Contoso::::::","kind":"job","line":1,"ok":true,"provider":"Contoso","rating":null,"service_id":1,"title":"","track_number":null,"utf16_len":27,"warnings":[]}
{"album_artist":"","album_title":"","duration_secs":null,"input":"::WMP_STATUS:1:2:Fabrikam::::::","kind":"status","line":5,"ok":true,"provider":"Fabrikam","rating":null,"service_id":2,"title":"","track_number":null,"utf16_len":31,"warnings":[]}
"#
        );
        assert_eq!(err, "");
    }

    #[test]
    fn a_line_that_is_not_utf8_is_reported_and_the_others_are_still_inspected() {
        let stdin = b"::WMP_JOB:1:1:Con\xFFtoso::::::\r\n::WMP_JOB:1:2:Contoso::::::\n::WMP_JOB:1:0:Contoso::::::\n";
        let (code, out, err) = inspect(&[], stdin);
        assert_eq!(code, 1);
        assert_eq!(
            out,
            "::WMP_JOB:1:1:Con\u{FFFD}toso::::::
                 ^
error[invalid_utf8, line 1]: invalid UTF-8 at byte 17 (0xFF): expected the description as UTF-8 text

::WMP_JOB:1:2:Contoso::::::
  kind          WMP_JOB (the Player completes the job and adds the file to the library)
  service id    2
  provider      Contoso
  album artist  
  album title   
  track number  (empty)
  title         
  duration      (empty)
  rating        (empty)
  length        27 of 1024 UTF-16 code units

::WMP_JOB:1:0:Contoso::::::
            ^
error[zero_service_id, field serviceId, line 3]: zero service id at bytes 12..13: expected a nonzero decimal 1..=4294967295
"
        );
        assert_eq!(err, "");
    }

    #[test]
    fn a_line_that_is_not_utf8_is_a_problem_of_that_line_in_json() {
        // A sequence cut short by the end of the line: both of its bytes are named.
        let stdin = b"::WMP_JOB:1:2:Contoso::::::\n::WMP_JOB:1:1:Contoso:\xE6\x97\n";
        let (code, out, err) = inspect(&["--json"], stdin);
        assert_eq!(code, 1);
        assert_eq!(
            out,
            r#"{"album_artist":"","album_title":"","duration_secs":null,"input":"::WMP_JOB:1:2:Contoso::::::","kind":"job","line":1,"ok":true,"provider":"Contoso","rating":null,"service_id":2,"title":"","track_number":null,"utf16_len":27,"warnings":[]}
{"error":"invalid_utf8","field":null,"help":null,"input":null,"line":2,"message":"invalid UTF-8 at byte 22 (0xE6 0x97): expected the description as UTF-8 text","ok":false,"span":[22,24]}
"#
        );
        assert_eq!(err, "");
    }

    #[test]
    fn a_line_that_is_only_not_utf8_is_not_blank() {
        let (code, out, _) = inspect(&[], b"\n\xC0\n");
        assert_eq!(code, 1);
        assert_eq!(
            out,
            "\u{FFFD}
^
error[invalid_utf8, line 2]: invalid UTF-8 at byte 0 (0xC0): expected the description as UTF-8 text
"
        );
    }

    #[test]
    fn the_caret_is_placed_by_display_width_after_cjk_text() {
        // Each of the five characters of the album title takes two columns.
        let (code, out, _) = inspect(&["::WMP_JOB:1:1:Contoso::日本語の歌:::x:"], b"");
        assert_eq!(code, 1);
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(
            lines,
            [
                "::WMP_JOB:1:1:Contoso::日本語の歌:::x:",
                "                                    ^",
                "error[invalid_duration, field Duration]: invalid duration \"x\" at bytes 41..42: expected empty or whole seconds as a decimal 0..=4294967295 without leading zeros",
            ]
        );
    }

    #[test]
    fn the_caret_is_as_wide_as_the_span_is_shown() {
        // A wide digit (two columns) and an emoji (two columns) before it.
        let (_, out, _) = inspect(&["::WMP_JOB:1:1:Contoso:🎷::三:::"], b"");
        let lines: Vec<&str> = out.lines().take(2).collect();
        assert_eq!(
            lines,
            [
                "::WMP_JOB:1:1:Contoso:🎷::三:::",
                "                          ^^",
            ]
        );
    }

    #[test]
    fn control_characters_are_echoed_escaped_and_the_caret_is_under_the_escape() {
        let (code, out, _) = inspect(&["::WMP_JOB:1:1:Contoso:歌\tb:c:x:::"], b"");
        assert_eq!(code, 1);
        assert_eq!(
            out,
            "::WMP_JOB:1:1:Contoso:歌\\tb:c:x:::
                        ^^
error[control_character, field AlbumArtist]: control character U+0009 in album artist at bytes 25..26: expected no control characters (U+0000..U+001F, U+007F..U+009F)
"
        );
    }

    #[test]
    fn an_empty_span_gets_one_caret() {
        let (_, out, _) = inspect(&[""], b"");
        assert_eq!(
            out,
            "
^
error[missing_prefix]: missing \"::\" prefix at bytes 0..0: found \"\", expected the description to start with \"::WMP_JOB:\" or \"::WMP_STATUS:\"
"
        );
    }

    #[test]
    fn a_byte_order_mark_that_starts_standard_input_is_skipped() {
        let stdin = b"\xEF\xBB\xBF::WMP_JOB:1:1:Contoso::::::\r\n::WMP_JOB:1:2:Contoso::::::\r\n";
        let (code, out, err) = inspect(&["--json"], stdin);
        assert_eq!((code, err.as_str()), (0, ""));
        let inputs: Vec<String> = out
            .lines()
            .map(|l| serde_json::from_str::<Value>(l).unwrap()["input"].to_string())
            .collect();
        assert_eq!(
            inputs,
            [
                r#""::WMP_JOB:1:1:Contoso::::::""#,
                r#""::WMP_JOB:1:2:Contoso::::::""#
            ]
        );
        // Leniently too: the mark is the file's, not a normalisation of the description.
        let (code, out, _) = inspect(&["--lenient", "--json"], stdin);
        assert_eq!(code, 0);
        assert!(out.contains(r#""normalizations":[]"#), "{out}");
        // Only at the very start: a mark on a later line is the description's.
        let (code, out, _) = inspect(
            &[],
            b"::WMP_JOB:1:1:Contoso::::::\n\xEF\xBB\xBF::WMP_JOB:1:2:C::::::\n",
        );
        assert_eq!(code, 1);
        assert!(out.contains("error[missing_prefix, line 2]"), "{out}");
    }

    #[test]
    fn a_long_span_gets_a_capped_run_of_carets() {
        let long = format!("::WMP_JOB:1:1:Contoso::{}::::", "a".repeat(1100));
        let (code, out, _) = inspect(&[&long], b"");
        assert_eq!(code, 1);
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines[1], format!("{}…", "^".repeat(MAX_CARETS)));
        assert_eq!(
            lines[2],
            "error[too_long]: description too long at bytes 0..1127: 1127 UTF-16 code units, \
             expected at most 1024 UTF-16 code units; shorten it by 103 UTF-16 code units: the \
             longest field is the album title (1100 UTF-16 code units)"
        );
        // A span just as wide as the cap is shown whole.
        assert_eq!(
            carets(&"x".repeat(70), 2..66),
            format!("  {}", "^".repeat(64))
        );
    }

    #[test]
    fn the_advice_to_sanitise_names_the_flag_that_does_it() {
        let (code, out, _) = inspect(&["::WMP_JOB:1:1:Contoso:AC:DC:Back in Black:6::255:"], b"");
        assert_eq!(code, 1);
        let last = out.lines().last().unwrap();
        assert_eq!(last, format!("help: {}", advice::SANITIZE_ELSEWHERE));
        let (_, out, _) = inspect(
            &[
                "--json",
                "::WMP_JOB:1:1:Contoso:AC:DC:Back in Black:6::255:",
            ],
            b"",
        );
        let value: Value = serde_json::from_str(&out).unwrap();
        assert_eq!(value["help"], advice::SANITIZE_ELSEWHERE);
        // Following it: new-job --sanitize makes a description that reads back whole.
        let (code, made, _) = crate::tests::wmp_bits(
            &[
                "new-job",
                "--json",
                "--sanitize",
                "--service-id",
                "1",
                "--provider",
                "Contoso",
                "--artist",
                "AC:DC",
                "--album",
                "Back in Black",
                "--track",
                "6",
                "--duration",
                "255",
                "--local-name",
                r"C:\M\a.mp3",
                "--url",
                "https://x/a.mp3",
            ],
            b"",
        );
        assert_eq!(code, 0);
        let made: Value = serde_json::from_str(&made).unwrap();
        let (code, out, _) = inspect(&[made["description"].as_str().unwrap()], b"");
        assert_eq!(code, 0);
        assert!(out.contains("  album artist  AC：DC\n"), "{out}");
    }

    const LOOSE: &str = "\u{FEFF}::wmp_job:1:0042:Contoso:::07:Intro: 60 :50";

    #[test]
    fn lenient_shows_each_normalisation_under_the_input_and_the_canonical_descriptor() {
        let (code, out, err) = inspect(&["--lenient", LOOSE], b"");
        assert_eq!(code, 0);
        assert_eq!(
            out,
            r"\u{feff}::wmp_job:1:0042:Contoso:::07:Intro: 60 :50
^^^^^^^^ removed a byte order mark (U+FEFF) at bytes 0..3 [byte_order_mark]
          ^^^^^^^ read the kind at bytes 5..12 as WMP_JOB (the token is case-sensitive) [kind_case]
                    ^^ removed 2 leading zeros from the service id at bytes 15..17 [leading_zeros]
                                   ^ removed 1 leading zero from the track number at bytes 30..31 [leading_zeros]
                                            ^ removed whitespace around the duration at bytes 39..40 [whitespace]
                                               ^ removed whitespace around the duration at bytes 42..43 [whitespace]
  canonical     ::WMP_JOB:1:42:Contoso:::7:Intro:60:50
  kind          WMP_JOB (the Player completes the job and adds the file to the library)
  service id    42
  provider      Contoso
  album artist  
  album title   
  track number  7
  title         Intro
  duration      60 s (1:00)
  rating        50 (3 stars)
  length        38 of 1024 UTF-16 code units
"
        );
        assert_eq!(err, "");
    }

    #[test]
    fn lenient_json_lists_the_normalisations_and_the_canonical_descriptor() {
        let (code, out, _) = inspect(
            &["--lenient", "--json"],
            b"::Wmp_Status:01:7:Fabrikam:::1::: 5\r\n",
        );
        assert_eq!(code, 0);
        assert_eq!(
            out,
            r#"{"album_artist":"","album_title":"","canonical":"::WMP_STATUS:1:7:Fabrikam:::1:::5","duration_secs":null,"input":"::Wmp_Status:01:7:Fabrikam:::1::: 5","kind":"status","line":1,"normalizations":[{"code":"kind_case","message":"read the kind at bytes 2..12 as WMP_STATUS (the token is case-sensitive)","span":[2,12]},{"code":"leading_zeros","message":"removed 1 leading zero from the version at bytes 13..14","span":[13,14]},{"code":"whitespace","message":"removed whitespace around the rating at bytes 33..34","span":[33,34]}],"ok":true,"provider":"Fabrikam","rating":5,"service_id":7,"title":"","track_number":1,"utf16_len":33,"warnings":[]}
"#
        );
    }

    #[test]
    fn lenient_json_of_a_canonical_description_has_no_normalisations() {
        let (code, out, _) = inspect(&["--json", "--lenient", "::WMP_JOB:1:1:Contoso::::::"], b"");
        assert_eq!(code, 0);
        assert_eq!(
            out,
            r#"{"album_artist":"","album_title":"","canonical":"::WMP_JOB:1:1:Contoso::::::","duration_secs":null,"input":"::WMP_JOB:1:1:Contoso::::::","kind":"job","line":null,"normalizations":[],"ok":true,"provider":"Contoso","rating":null,"service_id":1,"title":"","track_number":null,"utf16_len":27,"warnings":[]}
"#
        );
    }

    #[test]
    fn without_lenient_the_same_input_is_an_error_with_the_help_to_read_it_leniently() {
        let (code, out, _) = inspect(&[LOOSE], b"");
        assert_eq!(code, 1);
        assert_eq!(
            out,
            r#"\u{feff}::wmp_job:1:0042:Contoso:::07:Intro: 60 :50
^^^^^^^^^
error[missing_prefix]: missing "::" prefix at bytes 0..4: found "\u{feff}:", expected the description to start with "::WMP_JOB:" or "::WMP_STATUS:"; the description starts with a byte order mark (U+FEFF), which a descriptor never holds: remove it, or read the text with lenient::parse, which does
help: wmp-bits inspect --lenient reads it, and shows what it normalised
"#
        );
    }

    #[test]
    fn the_help_to_read_leniently_is_given_where_lenient_reading_succeeds() {
        for input in [
            "\u{feff}::WMP_JOB:1:1:Contoso::::::",
            "::WMP_JOB:1:1:Contoso::::::0 ",
            "::WMP_JOB:1:1:Contoso::::::0\r\n",
        ] {
            let (code, out, _) = inspect(&[input], b"");
            assert_eq!(code, 1, "{input:?}");
            assert!(out.contains("which does\n"), "{out}");
            assert!(
                out.ends_with(&format!("\nhelp: {}\n", advice::LENIENT)),
                "{out}"
            );
            let (_, out, _) = inspect(&["--json", input], b"");
            let value: Value = serde_json::from_str(&out).unwrap();
            assert_eq!(value["help"], advice::LENIENT, "{input:?}");
            // Following the help reads it.
            let (code, out, err) = inspect(&["--lenient", input], b"");
            assert_eq!((code, err.as_str()), (0, ""), "{input:?}");
            assert!(
                out.contains("\n  canonical     ::WMP_JOB:1:1:Contoso::::::"),
                "{out}"
            );
        }
    }

    #[test]
    fn the_help_to_read_leniently_is_not_given_where_lenient_reading_fails() {
        // The library's message mentions lenient parsing for the byte order mark, but the
        // service id 0 is refused either way.
        let input = "\u{feff}::WMP_JOB:1:0:Contoso::::::";
        let (code, out, _) = inspect(&[input], b"");
        assert_eq!(code, 1);
        assert!(out.contains("read the text with lenient::parse"), "{out}");
        assert!(!out.contains("help:"), "{out}");
        assert_eq!(inspect(&["--lenient", input], b"").0, 1);
        let (_, out, _) = inspect(&["--json", input], b"");
        let value: Value = serde_json::from_str(&out).unwrap();
        assert_eq!(value["help"], Value::Null);
    }

    #[test]
    fn lenient_still_refuses_what_normalising_cannot_mend_and_exits_1() {
        let (code, out, _) = inspect(&["--lenient", "::wmp_job:1:1:Contoso:::: 7 ::0100"], b"");
        assert_eq!(code, 1);
        assert_eq!(
            out,
            r#"::wmp_job:1:1:Contoso:::: 7 ::0100
                              ^^^^
error[invalid_rating, field Rating]: invalid rating "0100" at bytes 30..34: expected empty or a decimal 0..=99 without leading zeros
"#
        );
    }

    #[test]
    fn help_comes_from_clap_and_exits_0() {
        let (code, out, err) = inspect(&["--help"], b"");
        assert_eq!(code, 0);
        assert_eq!(
            out,
            "Inspect Windows Media Player BITS job descriptions (::WMP_JOB and ::WMP_STATUS)

Usage: wmp-bits inspect [OPTIONS] [DESCRIPTION]...

Arguments:
  [DESCRIPTION]...  Descriptions to inspect [default: one a line from standard input]

Options:
      --json     Print one JSON object a description instead of text
      --lenient  Read leniently (a byte order mark, the kind in any case, zeros or spaces around numbers) and show what was normalised
  -h, --help     Print help

Exit status: 0 when every description is valid, 1 when one is not, 2 on a usage error.
"
        );
        assert_eq!(err, "");
        assert_eq!(inspect(&["-h"], b"").0, 0);
    }

    #[test]
    fn an_unknown_option_is_a_usage_error_with_exit_code_2() {
        let (code, out, err) = inspect(&["--jsn", GOOD], b"");
        assert_eq!(code, 2);
        assert_eq!(out, "");
        assert_eq!(
            err,
            "error: unexpected argument '--jsn' found

  tip: a similar argument exists: '--json'

Usage: wmp-bits inspect --json [DESCRIPTION]...

For more information, try '--help'.
"
        );
    }

    #[test]
    fn after_a_double_dash_everything_is_a_description() {
        let (code, out, _) = inspect(&["--json", "--", "--lenient"], b"");
        assert_eq!(code, 1);
        assert!(out.starts_with(r#"{"error":"missing_prefix","#), "{out}");
    }

    /// Standard input that fails after its first line.
    struct Broken(&'static [u8]);

    impl io::Read for Broken {
        fn read(&mut self, _: &mut [u8]) -> io::Result<usize> {
            Err(io::Error::other("the device is gone"))
        }
    }

    impl BufRead for Broken {
        fn fill_buf(&mut self) -> io::Result<&[u8]> {
            if self.0.is_empty() {
                Err(io::Error::other("the device is gone"))
            } else {
                Ok(self.0)
            }
        }
        fn consume(&mut self, n: usize) {
            self.0 = &self.0[n..];
        }
    }

    #[test]
    fn standard_input_that_cannot_be_read_exits_2() {
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let stdin = Broken(b"::WMP_JOB:1:1:Contoso::::::\n");
        let code = crate::run(["wmp-bits", "inspect", "--json"], stdin, &mut out, &mut err);
        assert_eq!(code, 2);
        assert_eq!(
            String::from_utf8(out).unwrap(),
            r#"{"album_artist":"","album_title":"","duration_secs":null,"input":"::WMP_JOB:1:1:Contoso::::::","kind":"job","line":1,"ok":true,"provider":"Contoso","rating":null,"service_id":1,"title":"","track_number":null,"utf16_len":27,"warnings":[]}
"#
        );
        assert_eq!(
            String::from_utf8(err).unwrap(),
            "inspect: cannot read standard input: the device is gone\n"
        );
    }
}
