//! Strict parsing and rendering, side by side with what a caller would otherwise write.
//!
//! The references, on the same inputs:
//!
//! - `floor`: find the separators with `memchr`, noting each offset, and copy the bytes into
//!   one `String`: what a parser that keeps an owned copy and its field offsets must do;
//! - `count_floor`: count the separators in one `memchr` pass without noting where they
//!   are, and copy the bytes: less than any parser can do, the hard lower bound;
//! - `hand_split`: `strip_prefix("::")`, `split(':').collect::<Vec<_>>()`, a `String` per
//!   text field and `str::parse` per number, with none of the checks the crate makes;
//! - `string_clone`: copying a `String` as long as the rendered text.
//!
//! The groups: `parse` (the typical 86-byte description and one with a 900-character
//! title, 971 bytes), `reject` (a field count, a rating at the very end, and inputs over
//! 3,072 bytes, refused before they are read), `render`, `per_character` (text that holds
//! the lead byte of U+0080..U+00BF, which the per-character checks look at), and `scale`
//! (64, 256 and 1,024 bytes).
//!
//! Run with `cargo bench --bench parse`; criterion reports time and bytes per second for
//! each, so the ratios can be read off one run.

// The floor and the hand-written baseline are written the way a user would write them:
// offsets kept as u16 (every input here is under 3,072 bytes, as the crate's are) and an
// `Option<Option<_>>` for "empty or a number".
#![allow(clippy::cast_possible_truncation, clippy::option_option)]

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use wmp_bits::Descriptor;

/// The typical description: 86 bytes.
const TYPICAL: &str =
    "::WMP_JOB:1:987654321:Proseware:Norah Jones:Come Away with Me:3:Cold Cold Heart:218:50";

/// `TYPICAL` with a title of `title_len` ASCII characters.
fn with_title_len(title_len: usize) -> String {
    let title: String = "Cold Cold Heart ".chars().cycle().take(title_len).collect();
    format!("::WMP_JOB:1:987654321:Proseware:Norah Jones:Come Away with Me:3:{title}:218:50")
}

/// A valid description of exactly `len` bytes (at least 54), for the scale group.
fn of_len(len: usize) -> String {
    let fixed = "::WMP_JOB:1:987654321:Proseware:Norah Jones::3::218:50".len();
    let title: String = "Cold Cold Heart "
        .chars()
        .cycle()
        .take(len - fixed)
        .collect();
    let s = format!("::WMP_JOB:1:987654321:Proseware:Norah Jones::3:{title}:218:50");
    assert_eq!(s.len(), len);
    s
}

/// The floor: the separators found with `memchr`, the bytes copied into one `String`.
/// (Not inlined, like the crate's own `from_str`, so that a profiler counts each call.)
#[inline(never)]
fn floor(s: &str) -> (String, [u16; 10], usize) {
    let mut seps = [0u16; 10];
    let mut n = 0;
    for p in memchr::memchr_iter(b':', &s.as_bytes()[2..]) {
        seps[n] = (p + 2) as u16;
        n += 1;
        if n == seps.len() {
            break;
        }
    }
    (String::from(s), seps, n)
}

/// The cheaper floor: one counting pass of `memchr` over the separators (without noting
/// where they are), and the copy. No parser can do less and still know the field count.
#[inline(never)]
fn count_floor(s: &str) -> (String, usize) {
    let n = memchr::memchr_iter(b':', &s.as_bytes()[2..]).count();
    (String::from(s), n)
}

/// What a caller writes by hand: no check beyond the field count and what `str::parse`
/// refuses.
#[allow(dead_code)] // read only through black_box
struct HandParsed {
    status: bool,
    service_id: u32,
    provider: String,
    album_artist: String,
    album_title: String,
    track_number: Option<u32>,
    title: String,
    duration_secs: Option<u32>,
    rating: Option<u8>,
}

#[inline(never)]
fn hand_split(s: &str) -> Option<HandParsed> {
    fn opt<T: std::str::FromStr>(t: &str) -> Option<Option<T>> {
        if t.is_empty() {
            Some(None)
        } else {
            t.parse().ok().map(Some)
        }
    }
    let rest = s.strip_prefix("::")?;
    let f: Vec<&str> = rest.split(':').collect();
    if f.len() != 10 || f[1] != "1" {
        return None;
    }
    let status = match f[0] {
        "WMP_JOB" => false,
        "WMP_STATUS" => true,
        _ => return None,
    };
    Some(HandParsed {
        status,
        service_id: f[2].parse().ok()?,
        provider: f[3].to_string(),
        album_artist: f[4].to_string(),
        album_title: f[5].to_string(),
        track_number: opt(f[6])?,
        title: f[7].to_string(),
        duration_secs: opt(f[8])?,
        rating: opt(f[9])?,
    })
}

fn parse(c: &mut Criterion) {
    let long = with_title_len(900);
    assert_eq!(TYPICAL.len(), 86);
    assert_eq!(long.len(), 971);
    let mut g = c.benchmark_group("parse");
    for input in [TYPICAL, long.as_str()] {
        assert!(input.parse::<Descriptor>().is_ok());
        assert!(hand_split(input).is_some());
        g.throughput(Throughput::Bytes(input.len() as u64));
        g.bench_with_input(BenchmarkId::new("wmp_bits", input.len()), input, |b, s| {
            b.iter(|| black_box(s).parse::<Descriptor>());
        });
        g.bench_with_input(BenchmarkId::new("floor", input.len()), input, |b, s| {
            b.iter(|| floor(black_box(s)));
        });
        g.bench_with_input(
            BenchmarkId::new("hand_split", input.len()),
            input,
            |b, s| b.iter(|| hand_split(black_box(s))),
        );
        g.bench_with_input(
            BenchmarkId::new("count_floor", input.len()),
            input,
            |b, s| b.iter(|| count_floor(black_box(s))),
        );
    }
    g.finish();
}

fn reject(c: &mut Criterion) {
    let extra_colon = TYPICAL.replace("Cold Cold Heart", "Cold: Cold Heart");
    let bad_rating = TYPICAL.replace(":218:50", ":218:5x");
    let over = "x".repeat(3073);
    let far_over = "x".repeat(30_720);
    let mut g = c.benchmark_group("reject");
    for (name, input) in [
        ("field_count", extra_colon.as_str()),
        ("invalid_rating", bad_rating.as_str()),
        ("too_long", over.as_str()),
        ("too_long", far_over.as_str()),
    ] {
        let code = input.parse::<Descriptor>().unwrap_err().code();
        assert_eq!(code, name);
        g.throughput(Throughput::Bytes(input.len() as u64));
        let id = format!("{name}/{}", input.len());
        g.bench_with_input(BenchmarkId::new("wmp_bits", &id), input, |b, s| {
            b.iter(|| black_box(s).parse::<Descriptor>());
        });
        if name != "too_long" {
            assert!(hand_split(input).is_none());
            g.bench_with_input(BenchmarkId::new("hand_split", &id), input, |b, s| {
                b.iter(|| hand_split(black_box(s)));
            });
        }
    }
    g.finish();
}

fn render(c: &mut Criterion) {
    let long = with_title_len(900);
    let mut g = c.benchmark_group("render");
    for input in [TYPICAL, long.as_str()] {
        let d: Descriptor = input.parse().unwrap();
        let copy = String::from(input);
        g.throughput(Throughput::Bytes(input.len() as u64));
        g.bench_with_input(BenchmarkId::new("to_string", input.len()), &d, |b, d| {
            b.iter(|| black_box(d).to_string());
        });
        g.bench_with_input(
            BenchmarkId::new("string_clone", input.len()),
            &copy,
            |b, s| b.iter(|| black_box(s).clone()),
        );
    }
    g.finish();
}

/// A byte that may start a control character (here the 0xC2 of `©`) sends the text fields
/// through the per-character checks: the cost of that path, next to the floor.
fn per_character(c: &mut Criterion) {
    let long = with_title_len(900).replacen("Cold", "©old", 1);
    let short = TYPICAL.replace("Cold Cold Heart", "Cold Cold Heart ©");
    let mut g = c.benchmark_group("per_character");
    for input in [short.as_str(), long.as_str()] {
        assert!(input.parse::<Descriptor>().is_ok());
        g.throughput(Throughput::Bytes(input.len() as u64));
        g.bench_with_input(BenchmarkId::new("wmp_bits", input.len()), input, |b, s| {
            b.iter(|| black_box(s).parse::<Descriptor>());
        });
        g.bench_with_input(BenchmarkId::new("floor", input.len()), input, |b, s| {
            b.iter(|| floor(black_box(s)));
        });
    }
    g.finish();
}

fn scale(c: &mut Criterion) {
    let mut g = c.benchmark_group("scale");
    for len in [64, 256, 1024] {
        let input = of_len(len);
        assert!(input.parse::<Descriptor>().is_ok());
        g.throughput(Throughput::Bytes(len as u64));
        g.bench_with_input(BenchmarkId::new("wmp_bits", len), input.as_str(), |b, s| {
            b.iter(|| black_box(s).parse::<Descriptor>());
        });
        g.bench_with_input(BenchmarkId::new("floor", len), input.as_str(), |b, s| {
            b.iter(|| floor(black_box(s)));
        });
    }
    g.finish();
}

criterion_group!(benches, parse, reject, render, per_character, scale);
criterion_main!(benches);
