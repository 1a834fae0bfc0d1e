//! Heap allocations, counted and measured: a successful parse allocates exactly once, the
//! input's length in bytes (the one `String` that holds the canonical text, with no spare
//! capacity), a rejected input never, a render or a build once, of the exact length, and
//! the local-name check never. Lenient parsing allocates what its documentation says: the
//! canonical text once, at most the input's length, and the list of normalisations.
//!
//! A counting global allocator wraps the system one, and adds up the bytes each allocation
//! asks for. The tally is per thread, because the test harness runs tests on several
//! threads and allocates on its own; each measured section runs on its test's thread and
//! nothing else allocates there meanwhile.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

use serde_json::Value;
use wmp_bits::lenient::{self, Normalization};
use wmp_bits::{validate, Descriptor, Kind, Rating, ServiceId, TextPolicy};

struct Counting;

thread_local! {
    // Const-initialised and without a destructor, so reading it never allocates.
    static ALLOCATIONS: Cell<usize> = const { Cell::new(0) };
    static BYTES: Cell<usize> = const { Cell::new(0) };
}

/// Counts one allocation of `size` bytes (for a reallocation, the new size).
fn bump(size: usize) {
    // `try_with`: the allocator can be called while the thread's locals are torn down.
    let _ = ALLOCATIONS.try_with(|n| n.set(n.get() + 1));
    let _ = BYTES.try_with(|n| n.set(n.get() + size));
}

// SAFETY: every method forwards its arguments unchanged to `System`, which upholds the
// `GlobalAlloc` contract; the only addition is bumping a thread-local counter, which
// neither allocates nor unwinds.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        bump(layout.size());
        // SAFETY: the caller upholds `alloc`'s contract, which `System.alloc` shares.
        unsafe { System.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        bump(layout.size());
        // SAFETY: as for `alloc`.
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // A reallocation may move the block: it counts as an allocation of the new size.
        bump(new_size);
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

/// What a section of code allocated on this thread.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Allocated {
    /// Allocations and reallocations.
    count: usize,
    /// The bytes they asked for, in all.
    bytes: usize,
}

impl Allocated {
    const NOTHING: Allocated = Allocated { count: 0, bytes: 0 };

    /// One allocation of exactly `bytes`.
    fn once(bytes: usize) -> Allocated {
        Allocated { count: 1, bytes }
    }
}

fn tally() -> Allocated {
    Allocated {
        count: ALLOCATIONS.with(Cell::get),
        bytes: BYTES.with(Cell::get),
    }
}

/// Runs `f` and returns what it returned, with what it allocated on this thread.
fn counted<T>(f: impl FnOnce() -> T) -> (T, Allocated) {
    let before = tally();
    let value = f();
    let after = tally();
    (
        value,
        Allocated {
            count: after.count - before.count,
            bytes: after.bytes - before.bytes,
        },
    )
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
fn a_successful_parse_allocates_the_input_once_and_a_rejected_one_nothing() {
    for (input, ok) in descriptor_inputs() {
        let (result, n) = counted(|| input.parse::<Descriptor>());
        assert_eq!(result.is_ok(), ok, "{input:?}: {result:?}");
        if ok {
            assert_eq!(n, Allocated::once(input.len()), "{input:?}");
            let text = result.unwrap().into_string();
            assert_eq!((text.len(), text.capacity()), (input.len(), input.len()));
        } else {
            // The design refuses before allocating: the error holds its snippet inline.
            assert_eq!(
                n,
                Allocated::NOTHING,
                "{input:?} was rejected after allocating"
            );
        }
        // The same through `TryFrom<&str>`.
        let (result, n) = counted(|| Descriptor::try_from(input.as_str()));
        let want = if ok {
            Allocated::once(input.len())
        } else {
            Allocated::NOTHING
        };
        assert_eq!((result.is_ok(), n), (ok, want), "{input:?}");
        if let Ok(d) = result {
            assert_eq!(d.into_string().capacity(), input.len());
        }
    }
}

#[test]
fn parsing_an_owned_string_keeps_it_without_allocating() {
    for (input, ok) in descriptor_inputs() {
        let mut owned = String::with_capacity(input.len() + 7);
        owned.push_str(&input);
        let (result, n) = counted(move || Descriptor::try_from(owned));
        assert_eq!(result.is_ok(), ok, "{input:?}");
        assert_eq!(n, Allocated::NOTHING, "{input:?}");
        // The caller's own string, spare capacity and all.
        if let Ok(d) = result {
            assert_eq!(d.into_string().capacity(), input.len() + 7);
        }
    }
}

#[test]
fn rendering_allocates_the_text_once_and_reading_never() {
    let valid: Vec<Descriptor> = descriptor_inputs()
        .into_iter()
        .filter(|(_, ok)| *ok)
        .map(|(input, _)| input.parse().unwrap())
        .collect();
    assert!(valid.len() > 10);
    for d in &valid {
        let len = d.as_str().len();
        let (text, n) = counted(|| d.to_string());
        assert_eq!(text, d.as_str());
        assert_eq!(n, Allocated::once(len), "to_string of {text:?}");
        assert_eq!(text.capacity(), len);

        let (copy, n) = counted(|| d.clone());
        assert_eq!((&copy, n), (d, Allocated::once(len)));

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
        assert_eq!(n, Allocated::NOTHING, "reading {d:?}");

        let (text, n) = counted(|| copy.into_string());
        assert_eq!((text.as_str(), n), (d.as_str(), Allocated::NOTHING));
        assert_eq!(text.capacity(), len);
    }
}

#[test]
fn building_allocates_the_rendered_text_once() {
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
            let d = d.unwrap();
            let want = format!(
                "::WMP_JOB:1:987654321:Proseware:Norah Jones:Come Away with Me:3:{title}:218:50"
            );
            assert_eq!(d.as_str(), want);
            assert_eq!(n, Allocated::once(want.len()), "{title:?} under {policy:?}");
            assert_eq!(d.into_string().capacity(), want.len());
        }
    }
    // Sanitising rewrites the text in the same single allocation, sized for the sanitised
    // text (each ':' becomes the three bytes of '：').
    let builder = Descriptor::builder(Kind::Job, id, "Proseware")
        .title("Live: Tokyo\t")
        .text_policy(TextPolicy::Sanitize);
    let (d, n) = counted(|| builder.build());
    let d = d.unwrap();
    let want = "::WMP_JOB:1:987654321:Proseware::::Live： Tokyo ::";
    assert_eq!(d.title(), "Live： Tokyo ");
    assert_eq!(d.as_str(), want);
    assert_eq!(n, Allocated::once(want.len()));
    assert_eq!(d.into_string().capacity(), want.len());
    // A refusal allocates nothing.
    let builder = Descriptor::builder(Kind::Job, id, "Proseware").title("Live: Tokyo");
    let (result, n) = counted(|| builder.build());
    assert_eq!((result.is_err(), n), (true, Allocated::NOTHING));
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
        assert_eq!(n, Allocated::NOTHING, "{path:?}");
    }
}

/// What a `Vec` of these normalisations allocates when they are pushed one at a time, as
/// lenient parsing pushes them.
fn list_of(normalizations: &[Normalization]) -> Allocated {
    let (list, n) = counted(|| {
        let mut list = Vec::new();
        for x in normalizations {
            list.push(x.clone());
        }
        list
    });
    assert_eq!(list, normalizations);
    n
}

#[test]
fn lenient_parsing_allocates_the_canonical_text_once_and_the_list_of_normalisations() {
    let mut inputs: Vec<String> = descriptor_inputs()
        .into_iter()
        .filter(|(_, ok)| *ok)
        .map(|(input, _)| input)
        .collect();
    let title = "Cold Cold Heart ".repeat(60);
    inputs.extend([
        "\u{FEFF}::wmp_job:01:0042:Proseware:Norah Jones:Come Away with Me: 03 :Cold:218:50\r\n"
            .to_string(),
        "::Wmp_Status:1:7:Fabrikam:::0001::  000 :\t99\t\n".to_string(),
        "::WMP_JOB:1:  9:Contoso::::::".to_string(),
        // Padding takes the input past 1,024 units; the canonical text is within them.
        format!(
            "\u{FEFF}::WMP_JOB:001:{}1:P::: 07 :{title}: 0218 :050\r\n",
            "0".repeat(40)
        ),
    ]);
    let mut normalised = 0;
    for input in &inputs {
        let (read, n) = counted(|| lenient::parse(input));
        let read = read.unwrap_or_else(|e| panic!("{input:?}: {e}"));
        let canonical = read.descriptor().as_str().len();
        let list = list_of(read.normalizations());
        normalised += read.normalizations().len();
        // One allocation for the text beside the list's own, of at most the input's
        // length and at least the text's; the descriptor keeps that allocation.
        assert_eq!(n.count, list.count + 1, "{input:?}");
        let text = n.bytes - list.bytes;
        assert!(
            canonical <= text && text <= input.len(),
            "{input:?}: {text} bytes for {canonical} of canonical text"
        );
        let (descriptor, _) = read.into_parts();
        assert_eq!(descriptor.into_string().capacity(), text, "{input:?}");
        // Strictly valid input: the one allocation of strict parsing, nothing else.
        if input.parse::<Descriptor>().is_ok() {
            assert_eq!(n, Allocated::once(input.len()), "{input:?}");
        }
    }
    assert!(
        normalised > 20,
        "the inputs normalise too little: {normalised}"
    );
}

#[test]
fn a_lenient_refusal_allocates_at_most_the_canonical_text() {
    const MIB: usize = 1 << 20;
    // Nothing in these is normalised: the only allocation is the text, the input's length.
    for input in [
        ":".repeat(MIB),
        format!("::WMP_JOB:1:1:P:::::{}:", "x".repeat(MIB)),
        "x".repeat(MIB),
        "::WMP_JOB:1:1:Contoso:AC:DC:Back in Black:6::255:".to_string(),
        "::WMP_JOB:1:0:Contoso::::::".to_string(),
        "::WMP_JOBS:1:1:Contoso::::::".to_string(),
        "WMP_JOB:1".to_string(),
    ] {
        let (result, n) = counted(|| lenient::parse(&input));
        assert!(result.is_err(), "{input:?}");
        assert_eq!(n, Allocated::once(input.len()), "{:?}…", &input[..20]);
    }
    // An empty input has nothing to copy.
    let (result, n) = counted(|| lenient::parse(""));
    assert_eq!((result.is_err(), n), (true, Allocated::NOTHING));
}

#[test]
fn the_counter_sees_allocations_and_their_size() {
    // Guards the guard: a counter that never moved would pass every test above.
    let (v, n) = counted(|| std::hint::black_box(vec![1u8; 10]));
    assert_eq!((v.len(), n), (10, Allocated::once(10)));
    let (v, n) = counted(|| std::hint::black_box(vec![0u32; 10]));
    assert_eq!((v.len(), n), (10, Allocated::once(40)));
    let (s, n) = counted(|| {
        let mut s = String::with_capacity(1);
        s.reserve_exact(18);
        s.push_str("more than one byte");
        s
    });
    assert_eq!(
        (s.len(), n),
        (
            18,
            Allocated {
                count: 2,
                bytes: 1 + 18
            }
        )
    );
}
