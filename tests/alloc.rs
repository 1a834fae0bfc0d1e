//! Heap allocations, counted: a successful parse allocates exactly once (the one `String`
//! that holds the canonical text), a rejected input never, a render once, and the
//! local-name check never.
//!
//! A counting global allocator wraps the system one. The count is per thread, because the
//! test harness runs tests on several threads and allocates on its own; each measured
//! section runs on its test's thread and nothing else allocates there meanwhile.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

use serde_json::Value;
use wmp_bits::{validate, Descriptor, Kind, Rating, ServiceId, TextPolicy};

struct Counting;

thread_local! {
    // Const-initialised and without a destructor, so reading it never allocates.
    static ALLOCATIONS: Cell<usize> = const { Cell::new(0) };
}

fn bump() {
    // `try_with`: the allocator can be called while the thread's locals are torn down.
    let _ = ALLOCATIONS.try_with(|n| n.set(n.get() + 1));
}

// SAFETY: every method forwards its arguments unchanged to `System`, which upholds the
// `GlobalAlloc` contract; the only addition is bumping a thread-local counter, which
// neither allocates nor unwinds.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        bump();
        // SAFETY: the caller upholds `alloc`'s contract, which `System.alloc` shares.
        unsafe { System.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        bump();
        // SAFETY: as for `alloc`.
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // A reallocation may move the block: it counts as an allocation.
        bump();
        // SAFETY: `ptr` was allocated by this allocator, that is by `System`, with `layout`.
        unsafe { System.realloc(ptr, layout, new_size) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: `ptr` was allocated by this allocator, that is by `System`, with `layout`.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// Runs `f` and returns what it returned, with the heap allocations it made on this thread.
fn counted<T>(f: impl FnOnce() -> T) -> (T, usize) {
    let before = ALLOCATIONS.with(Cell::get);
    let value = f();
    let after = ALLOCATIONS.with(Cell::get);
    (value, after - before)
}

fn cases(text: &str) -> Vec<(String, bool)> {
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let v: Value = serde_json::from_str(l).unwrap_or_else(|e| panic!("{l}: {e}"));
            (
                v["input"].as_str().expect("an input").to_string(),
                v["ok"].as_bool().expect("ok"),
            )
        })
        .collect()
}

/// Inputs beyond the vectors: long, non-ASCII, at every limit, and rejected at every stage
/// (including the per-character checks that run only when the scan flags a byte).
fn more_inputs() -> Vec<(String, bool)> {
    // 21 UTF-16 code units of frame: a title of 1,003 fills the 1,024 exactly.
    let frame = |title: &str| format!("::WMP_JOB:1:1:P::::{title}::");
    vec![
        (frame(&"Cold Cold Heart ".repeat(56)), true),
        (frame(&"x".repeat(1003)), true),
        (frame(&format!("{}x", "🎷".repeat(501))), true),
        (frame(&"音".repeat(1003)), true),
        (frame(&"©".repeat(400)), true),
        (
            format!("::WMP_STATUS:1:4294967295:{}::::::99", "P".repeat(255)),
            true,
        ),
        (frame(&"x".repeat(1004)), false),
        (frame(&"🎷".repeat(502)), false),
        ("x".repeat(3073), false),
        (":".repeat(100_000), false),
        (frame("tab\there"), false),
        (frame(&format!("{}\u{85}", "é".repeat(300))), false),
        (format!("::WMP_JOB:1:1:{}::::::", "P".repeat(256)), false),
        ("::WMP_JOB:1:1:Pro\\seware::::::".to_string(), false),
        (frame("Live: Tokyo"), false),
        ("::WMP_JOB:1:1:P::::T:1:100".to_string(), false),
        ("WMP_JOB:1".to_string(), false),
        (String::new(), false),
    ]
}

fn descriptor_inputs() -> Vec<(String, bool)> {
    let mut all = cases(include_str!("vectors/descriptors.jsonl"));
    assert!(all.len() >= 35, "the vector file lost cases");
    all.extend(more_inputs());
    assert!(all.iter().any(|(_, ok)| *ok) && all.iter().any(|(_, ok)| !*ok));
    all
}

#[test]
fn a_successful_parse_allocates_once_and_a_rejected_one_never() {
    for (input, ok) in descriptor_inputs() {
        let (result, n) = counted(|| input.parse::<Descriptor>());
        assert_eq!(result.is_ok(), ok, "{input:?}: {result:?}");
        if ok {
            assert_eq!(n, 1, "{input:?} parsed with {n} allocations");
        } else {
            // The design refuses before allocating: the error holds its snippet inline.
            assert_eq!(n, 0, "{input:?} was rejected after {n} allocations");
        }
        // The same through `TryFrom<&str>`.
        let (result, n) = counted(|| Descriptor::try_from(input.as_str()));
        assert_eq!((result.is_ok(), n), (ok, usize::from(ok)), "{input:?}");
    }
}

#[test]
fn parsing_an_owned_string_keeps_it_without_allocating() {
    for (input, ok) in descriptor_inputs() {
        let owned = input.clone();
        let (result, n) = counted(move || Descriptor::try_from(owned));
        assert_eq!(result.is_ok(), ok, "{input:?}");
        assert_eq!(n, 0, "{input:?}: {n} allocations");
    }
}

#[test]
fn rendering_allocates_once_and_reading_never() {
    let valid: Vec<Descriptor> = descriptor_inputs()
        .into_iter()
        .filter(|(_, ok)| *ok)
        .map(|(input, _)| input.parse().unwrap())
        .collect();
    assert!(valid.len() > 10);
    for d in &valid {
        let (text, n) = counted(|| d.to_string());
        assert_eq!(text, d.as_str());
        assert_eq!(n, 1, "to_string of {text:?}: {n} allocations");

        let (copy, n) = counted(|| d.clone());
        assert_eq!((&copy, n), (d, 1));

        let ((), n) = counted(|| {
            let fields = [
                d.provider(),
                d.album_artist(),
                d.album_title(),
                d.title(),
                d.as_str(),
            ];
            std::hint::black_box((fields, d.track_number(), d.rating(), d.utf16_len()));
        });
        assert_eq!(n, 0, "reading {d:?}: {n} allocations");

        let (text, n) = counted(|| copy.into_string());
        assert_eq!((text.as_str(), n), (d.as_str(), 0));
    }
}

#[test]
fn building_allocates_once() {
    let id = ServiceId::new(987_654_321).unwrap();
    for policy in [TextPolicy::Reject, TextPolicy::Sanitize] {
        for title in ["Cold Cold Heart", "", &"音楽".repeat(400)] {
            let builder = Descriptor::builder(Kind::Job, id, "Proseware")
                .album_artist("Norah Jones")
                .album_title("Come Away with Me")
                .track_number(3)
                .title(title)
                .duration_secs(218)
                .rating(Rating::from_stars(3).unwrap())
                .text_policy(policy);
            let (d, n) = counted(|| builder.build());
            assert_eq!(n, 1, "{title:?} under {policy:?}: {n} allocations");
            assert_eq!(d.unwrap().title(), title);
        }
    }
    // Sanitising rewrites the text in the same single allocation.
    let builder = Descriptor::builder(Kind::Job, id, "Proseware")
        .title("Live: Tokyo\t")
        .text_policy(TextPolicy::Sanitize);
    let (d, n) = counted(|| builder.build());
    assert_eq!((d.unwrap().title(), n), ("Live： Tokyo ", 1));
}

#[test]
fn checking_a_local_name_never_allocates() {
    let mut names = cases(include_str!("vectors/local_names.jsonl"));
    assert!(names.len() >= 17, "the vector file lost cases");
    names.push((format!(r"C:\Music\{}.mp3", "a".repeat(300)), false));
    names.push((format!(r"C:\{}\song.wma", "音".repeat(100)), true));
    for (path, ok) in names {
        let (result, n) = counted(|| validate::local_name(&path));
        assert_eq!(result.is_ok(), ok, "{path:?}: {result:?}");
        assert_eq!(n, 0, "{path:?}: {n} allocations");
    }
}

#[test]
fn the_counter_sees_allocations() {
    // Guards the guard: a counter that never moved would pass every test above.
    let (v, n) = counted(|| std::hint::black_box(vec![1u8; 10]));
    assert_eq!((v.len(), n), (10, 1));
    let (s, n) = counted(|| {
        let mut s = String::with_capacity(1);
        s.push_str("more than one byte");
        s
    });
    assert_eq!((s.len(), n), (18, 2));
}
