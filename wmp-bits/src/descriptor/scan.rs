//! The one pass over a description's bytes that the strict parser starts with: where the
//! separators are, and whether any byte may start a control character.
//!
//! The loops are written for the vectoriser: no early exits inside the hot blocks, only
//! comparisons, additions and bitwise ors, in plain Rust that compiles to SSE2 on every
//! x86-64 target without target flags or `unsafe`.

// `|` and `&` between booleans keep these loops free of branches, and `#[inline(always)]`
// keeps the per-block helpers inside them (see `benches/parse.rs`).
#![allow(clippy::needless_bitwise_bool, clippy::inline_always)]

#[cfg(doc)]
use crate::text::may_start_control;
use crate::text::starts_control;

/// What the strict parser needs to know about the bytes of a description, from one pass
/// over them:
///
/// - where the separators are: the offsets of the first ten `:` at or after byte 2 (past
///   the `::` prefix; one more than a valid description has is enough to know the count is
///   wrong), and how many there are in all;
/// - whether any byte may start a control character: a C0 control, DEL, or the lead byte
///   0xC2 of U+0080..U+00BF (which holds the C1 controls). When `suspicious` is false no
///   field can hold a control character, and the per-character checks are skipped
///   entirely. (The provider's `\` is looked for in the provider alone.)
#[derive(Debug, Clone, Copy)]
pub(crate) struct Scan {
    pub(crate) seps: [usize; 10],
    pub(crate) colons: usize,
    pub(crate) suspicious: bool,
}

/// The bytes [`scan`] reads at a time: two SSE2 registers (which every x86-64 CPU has, so
/// the compiler vectorises the block without any target flag), enough to pay for the one
/// branch a block takes.
const BLOCK: usize = 32;

/// The state [`scan`] carries from block to block, lane by lane, so that the loop has no
/// reduction in it: the smallest byte seen (a C0 control is below 0x20) and the or of the
/// equality tests for DEL and 0xC2. Together they tell whether any byte [may start a
/// control character](may_start_control), in fewer instructions a block than that test
/// itself: an unsigned minimum is one SSE2 instruction, an unsigned comparison is not.
struct Lanes {
    min: [u8; BLOCK],
    hit: [u8; BLOCK],
}

/// Bit `8 * i + 7` set where byte `i` of the little-endian word `w` is `:`, and no other.
#[inline(always)]
fn colon_bits(w: u64) -> u64 {
    const LOW7: u64 = 0x7F7F_7F7F_7F7F_7F7F;
    let x = w ^ 0x3A3A_3A3A_3A3A_3A3A;
    // The high bit of each byte of `x` that is zero, exactly: adding 0x7F to the low seven
    // bits never carries into the next byte.
    !(((x & LOW7) + LOW7) | x | LOW7)
}

/// One block: folds its bytes into `lanes`, and tells whether it holds a `:` (one compare
/// and one byte mask for the whole block).
#[inline(always)]
fn block(b: &[u8; BLOCK], lanes: &mut Lanes) -> bool {
    let mut any = false;
    for ((min, hit), &x) in lanes.min.iter_mut().zip(&mut lanes.hit).zip(b) {
        *min = (*min).min(x);
        *hit |= 0u8.wrapping_sub(u8::from((x == 0x7F) | (x == 0xC2)));
        any |= x == b':';
    }
    any
}

/// Records the `:` of block `b` (at offset `base` of the input) from byte `from` of the
/// block on: the first ten offsets in `seps`, and the count in `colons`.
#[inline(always)]
fn record(seps: &mut [usize; 10], colons: &mut usize, b: &[u8; BLOCK], base: usize, from: usize) {
    for (w, word) in b.chunks_exact(8).enumerate() {
        let mut bytes = [0u8; 8];
        bytes.copy_from_slice(word);
        let mut bits = colon_bits(u64::from_le_bytes(bytes));
        while bits != 0 {
            let i = w * 8 + (bits.trailing_zeros() / 8) as usize;
            bits &= bits - 1;
            if i >= from {
                if let Some(slot) = seps.get_mut(*colons) {
                    *slot = base + i;
                }
                *colons += 1;
            }
        }
    }
}

/// One pass over `bytes`, in 32-byte blocks: see [`Scan`]. A block costs a dozen vector
/// instructions and one branch, taken only by the rare block that holds a separator. The
/// last, partial block is read again as the last 32 bytes (the suspicious test does not
/// mind seeing a byte twice, and the separators already recorded are skipped), and an
/// input shorter than a block is padded with a byte that is neither.
#[inline]
pub(crate) fn scan(bytes: &[u8]) -> Scan {
    // The first block starts with the prefix: its first two bytes are not separators.
    const PREFIX: usize = 2;
    let mut seps = [0; 10];
    let mut colons = 0;
    let mut lanes = Lanes {
        min: [u8::MAX; BLOCK],
        hit: [0; BLOCK],
    };
    let len = bytes.len();
    if len >= BLOCK {
        let blocks = bytes.chunks_exact(BLOCK);
        let base = len - blocks.remainder().len();
        for (k, b) in blocks.enumerate() {
            if let Ok(b) = <&[u8; BLOCK]>::try_from(b) {
                if block(b, &mut lanes) {
                    let from = if k == 0 { PREFIX } else { 0 };
                    record(&mut seps, &mut colons, b, k * BLOCK, from);
                }
            }
        }
        if base < len {
            // Starts at least one byte into the last whole block, past the prefix.
            let start = len - BLOCK;
            if let Some(Ok(b)) = bytes.get(start..).map(<&[u8; BLOCK]>::try_from) {
                if block(b, &mut lanes) {
                    record(&mut seps, &mut colons, b, start, base - start);
                }
            }
        }
    } else {
        // 0x80 is a continuation byte: not ':', not below 0x20, not DEL or 0xC2.
        let mut b = [0x80u8; BLOCK];
        b[..len].copy_from_slice(bytes);
        if block(&b, &mut lanes) {
            record(&mut seps, &mut colons, &b, 0, PREFIX);
        }
    }
    Scan {
        seps,
        colons,
        suspicious: lanes.min.iter().fold(u8::MAX, |a, &x| a.min(x)) < 0x20
            || lanes.hit.iter().fold(0, |a, &x| a | x) != 0,
    }
}

/// Whether `bytes` (valid UTF-8) holds a control character, exactly
/// ([`starts_control`] at some byte). The second pass over a description that [`scan`]
/// flagged, so that text with U+00A0..=U+00BF (a no-break space, `©`, `«`, `¿`) does not
/// need the per-character checks: each byte is paired with the next one, 32 pairs at a
/// time, with no branch in the loop.
#[inline(never)]
pub(crate) fn has_control(bytes: &[u8]) -> bool {
    let Some((&last, init)) = bytes.split_last() else {
        return false;
    };
    // The last byte has no next one: nothing after it can make it a C1 control.
    let at_end = starts_control(last, 0);
    let next = &bytes[1..];
    if init.len() < BLOCK {
        return at_end || init.iter().zip(next).any(|(&x, &y)| starts_control(x, y));
    }
    // In the vector loop the test of `starts_control` is split, as in `scan`, into a
    // minimum (a C0 control is below 0x20, one SSE2 instruction) and the equality tests.
    let mut min = [u8::MAX; BLOCK];
    let mut hit = [0u8; BLOCK];
    let mut pairs = |xs: &[u8], ys: &[u8]| {
        for (((min, hit), &x), &y) in min.iter_mut().zip(&mut hit).zip(xs).zip(ys) {
            *min = (*min).min(x);
            let c1 = (x == 0xC2) & (y & 0xE0 == 0x80);
            *hit |= 0u8.wrapping_sub(u8::from((x == 0x7F) | c1));
        }
    };
    for (xs, ys) in init.chunks_exact(BLOCK).zip(next.chunks_exact(BLOCK)) {
        pairs(xs, ys);
    }
    // The last pairs again, as one whole block ending at the end (seeing a pair twice does
    // not matter).
    let start = init.len() - BLOCK;
    pairs(&init[start..], &next[start..]);
    at_end
        || min.iter().fold(u8::MAX, |a, &x| a.min(x)) < 0x20
        || hit.iter().fold(0, |a, &x| a | x) != 0
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec::Vec;

    /// The scan written the slow way, from its contract alone: the `:` at or after byte 2,
    /// and whether any byte is a C0 control, DEL or 0xC2.
    fn naive_scan(bytes: &[u8]) -> (Vec<usize>, usize, bool) {
        let colons: Vec<usize> = (2..bytes.len()).filter(|&i| bytes[i] == b':').collect();
        let suspicious = bytes.iter().any(|&b| b < 0x20 || b == 0x7F || b == 0xC2);
        let n = colons.len();
        (colons.into_iter().take(10).collect(), n, suspicious)
    }

    fn check_scan(bytes: &[u8]) {
        let got = scan(bytes);
        let (seps, colons, suspicious) = naive_scan(bytes);
        assert_eq!(got.colons, colons, "{bytes:?}");
        assert_eq!(&got.seps[..seps.len()], &seps[..], "{bytes:?}");
        assert_eq!(got.suspicious, suspicious, "{bytes:?}");
    }

    #[test]
    fn scan_finds_every_separator_at_every_offset() {
        // A ':' or another interesting byte at every position of every length up to three
        // and a half blocks: whole blocks, the overlapping last block, the padded short input.
        for len in 0..=112 {
            let base = vec![b'a'; len];
            check_scan(&base);
            for i in 0..len {
                for special in [b':', b'\\', 0x00, 0x1F, 0x7F, 0xC2, 0x20, 0x7E, 0x80, 0xFF] {
                    let mut v = base.clone();
                    v[i] = special;
                    check_scan(&v);
                }
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn scan_agrees_with_the_slow_way(
            bytes in proptest::collection::vec(
                proptest::sample::select(vec![b':', b'a', 0x00, 0x1F, 0x20, 0x7F, 0xC2, 0x80, b'\\']),
                0..200,
            )
        ) {
            check_scan(&bytes);
        }
    }

    #[test]
    fn scan_counts_all_separators_and_keeps_the_first_ten() {
        for s in [
            "::WMP_JOB:1:987654321:Proseware:Norah Jones:Come Away with Me:3:Cold Cold Heart:218:50",
            "::::::::::::::::::::::::::::::::::::::::::::::",
            ":x:y",
            "::",
            ":",
            "",
            "::WMP_JOB:1:1:Contoso:A:B:1:T:1:50:extra:and:more",
        ] {
            check_scan(s.as_bytes());
        }
        let long = format!("::WMP_JOB:1:1:Contoso:A:B:1:{}:1:50", "t:".repeat(1_000));
        check_scan(long.as_bytes());
        assert_eq!(scan(long.as_bytes()).colons, 1_009);
    }

    #[test]
    fn scan_flags_controls_and_latin1_supplement() {
        let long = "a".repeat(70);
        for (s, want) in [
            ("plain text", false),
            ("tab\there", true),
            ("del\u{7F}", true),
            ("c1\u{85}", true),
            ("copyright ©", true),
            ("back\\slash", false),
            ("Björk", false),
            ("🎷", false),
        ] {
            assert_eq!(scan(s.as_bytes()).suspicious, want, "{s:?}");
            let padded = format!("{long}{s}{long}");
            assert_eq!(scan(padded.as_bytes()).suspicious, want, "{padded:?}");
        }
    }

    #[test]
    fn has_control_agrees_with_a_search_by_character() {
        let slow = |s: &str| s.chars().any(char::is_control);
        let fillers = ["a", "©", "\u{A0}", "é", "🎷"];
        let specials = [
            '\u{0}', '\u{1F}', ' ', '~', '\u{7F}', '\u{80}', '\u{85}', '\u{9F}', '\u{A0}',
            '\u{BF}', '\u{C0}', '\u{100}',
        ];
        for filler in fillers {
            for len in [0, 1, 2, 30, 31, 32, 33, 34, 64, 65, 100] {
                let base = filler.repeat(len);
                assert!(!has_control(base.as_bytes()), "{base:?}");
                let cut: Vec<usize> = base
                    .char_indices()
                    .map(|(i, _)| i)
                    .chain([base.len()])
                    .collect();
                for &at in &cut {
                    for c in specials {
                        let mut s = base.clone();
                        s.insert(at, c);
                        assert_eq!(has_control(s.as_bytes()), slow(&s), "{s:?}");
                    }
                }
            }
        }
    }
}
