//! Byte-level helpers shared by the parser, the builder and the validators.
//!
//! Everything here works on UTF-8 text that Rust already guarantees to be valid, and is
//! written so that the compiler can vectorise the loops: no early exits inside the hot
//! chunks, only additions and bitwise ors.

// These loops are written for the vectoriser (see `benches/parse.rs`): `|` and `&` between
// booleans keep them free of branches, `#[inline(always)]` keeps the per-block helpers
// inside them, and `b as i8` is the deliberate reinterpretation that sets UTF-8 continuation
// bytes (0x80..=0xBF, negative as i8) apart. Identical match arms spell out the grammar's
// cases one by one.
#![allow(
    clippy::needless_bitwise_bool,
    clippy::inline_always,
    clippy::cast_possible_wrap,
    clippy::match_same_arms
)]

/// The lanes of the counters in [`utf16_len`]: one SSE2 register, which every x86-64 CPU
/// has, so the compiler vectorises the loop without any target flag.
const LANES: usize = 16;

/// The UTF-16 code units that the UTF-8 byte `b` starts: one for a lead or ASCII byte, two
/// for the lead byte of a four-byte sequence (a surrogate pair), none for a continuation.
#[inline(always)]
fn units(b: u8) -> u8 {
    u8::from((b as i8) >= -0x40) + u8::from(b >= 0xF0)
}

/// The number of UTF-16 code units that `s` takes, which is what BITS and the registry
/// count as "characters".
///
/// Every UTF-8 sequence starts with one non-continuation byte (one unit), and the four-byte
/// sequences (U+10000 and above) take a second unit as a surrogate pair. The bytes are
/// counted in 16-lane `u8` accumulators (a lane gains at most 2 a block, so 127 blocks fit)
/// that are summed once per 2,032 bytes.
#[inline]
pub(crate) fn utf16_len(s: &str) -> usize {
    const BLOCKS: usize = 127;
    let mut total = 0usize;
    for span in s.as_bytes().chunks(LANES * BLOCKS) {
        let mut lanes = [0u8; LANES];
        let mut blocks = span.chunks_exact(LANES);
        for block in &mut blocks {
            for (lane, &b) in lanes.iter_mut().zip(block) {
                *lane += units(b);
            }
        }
        total += lanes.iter().map(|&n| usize::from(n)).sum::<usize>();
        total += blocks
            .remainder()
            .iter()
            .map(|&b| usize::from(units(b)))
            .sum::<usize>();
    }
    total
}

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
/// equality tests for DEL and 0xC2.
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
    let min = lanes.min.iter().fold(u8::MAX, |a, &x| a.min(x));
    let hit = lanes.hit.iter().fold(0, |a, &x| a | x);
    Scan {
        seps,
        colons,
        suspicious: min < 0x20 || hit != 0,
    }
}

/// A control character in the sense of Unicode category Cc: U+0000..=U+001F and
/// U+007F..=U+009F.
#[inline]
pub(crate) const fn is_control(c: char) -> bool {
    matches!(c, '\u{0}'..='\u{1F}' | '\u{7F}'..='\u{9F}')
}

/// Whether `bytes` (valid UTF-8) holds a control character, exactly: a byte 0x00..=0x1F or
/// 0x7F, or 0xC2 followed by 0x80..=0x9F. The second pass over a description that
/// [`scan`] flagged, so that text with U+00A0..=U+00BF (a no-break space, `©`, `«`, `¿`)
/// does not need the per-character checks: each byte is paired with the next one, 32
/// pairs at a time, with no branch in the loop.
#[inline(never)]
pub(crate) fn has_control(bytes: &[u8]) -> bool {
    let Some((&last, init)) = bytes.split_last() else {
        return false;
    };
    let next = bytes.get(1..).unwrap_or_default();
    if init.len() < BLOCK {
        return init
            .iter()
            .zip(next)
            .any(|(&x, &y)| x < 0x20 || x == 0x7F || (x == 0xC2 && (0x80..=0x9F).contains(&y)))
            || last < 0x20
            || last == 0x7F;
    }
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
    pairs(
        init.get(start..).unwrap_or_default(),
        next.get(start..).unwrap_or_default(),
    );
    last < 0x20
        || last == 0x7F
        || min.iter().fold(u8::MAX, |a, &x| a.min(x)) < 0x20
        || hit.iter().fold(0, |a, &x| a | x) != 0
}

/// Whether block `b` holds a byte that may start a control character (see [`Scan`]),
/// written lane by lane so that it compiles to a few vector compares and one byte mask.
/// (Kept out of line: inlined into a loop, the compiler spills the lanes to the stack.)
#[inline(never)]
fn block_may_hold_control(b: &[u8; BLOCK]) -> bool {
    let mut lanes = [0u8; BLOCK];
    for (lane, &x) in lanes.iter_mut().zip(b) {
        *lane = 0u8.wrapping_sub(u8::from((x < 0x20) | (x == 0x7F) | (x == 0xC2)));
    }
    lanes.iter().fold(0, |a, &x| a | x) != 0
}

/// The first control character in `s`, with its byte offset.
///
/// In UTF-8 a control character is a single byte 0x00..=0x1F or 0x7F, or 0xC2 followed by
/// 0x80..=0x9F, and none of those lead bytes can be part of another character, so the
/// search works on bytes: blocks without any of them are passed over 32 bytes at a time,
/// and only the block that holds the next one is looked at byte by byte.
#[inline]
pub(crate) fn find_control(s: &str) -> Option<(usize, char)> {
    let bytes = s.as_bytes();
    let mut from = 0;
    loop {
        let rest = bytes.get(from..)?;
        let mut skipped = 0;
        for b in rest.chunks_exact(BLOCK) {
            match <&[u8; BLOCK]>::try_from(b) {
                Ok(b) if !block_may_hold_control(b) => skipped += BLOCK,
                _ => break,
            }
        }
        let i = rest
            .get(skipped..)?
            .iter()
            .position(|&x| x < 0x20 || x == 0x7F || x == 0xC2)?;
        let at = from + skipped + i;
        match bytes.get(at..) {
            Some([0x00..=0x1F | 0x7F, ..] | [0xC2, 0x80..=0x9F, ..]) => {
                return s.get(at..)?.chars().next().map(|c| (at, c));
            }
            // 0xC2 starting U+00A0..=U+00BF (a no-break space, `©`, …): not a control.
            _ => from = at + 1,
        }
    }
}

/// The replacement that sanitising puts in place of `c`, if any.
#[inline]
pub(crate) const fn sanitized(c: char) -> Option<char> {
    if c == ':' {
        Some('\u{FF1A}')
    } else if is_control(c) {
        Some(' ')
    } else {
        None
    }
}

/// Length in bytes of `s` once sanitised (':' grows from one byte to three, a C1 control
/// shrinks from two bytes to one).
#[inline]
pub(crate) fn sanitized_len(s: &str) -> usize {
    s.chars()
        .map(|c| sanitized(c).unwrap_or(c).len_utf8())
        .sum()
}

/// Appends `s` to `out`, sanitised.
pub(crate) fn push_sanitized(out: &mut alloc::string::String, s: &str) {
    let mut rest = s;
    while let Some(i) = rest.find(|c: char| sanitized(c).is_some()) {
        out.push_str(&rest[..i]);
        let c = rest[i..].chars().next().unwrap_or(' ');
        out.push(sanitized(c).unwrap_or(c));
        rest = &rest[i + c.len_utf8()..];
    }
    out.push_str(rest);
}

/// Bidirectional formatting characters that can make text display as something else:
/// the embeddings and overrides U+202A..=U+202E and the isolates U+2066..=U+2069.
#[inline]
pub(crate) const fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// A canonical unsigned decimal: `0`, or a nonzero digit followed by digits, at most
/// `max`. Returns `None` for anything else (empty, sign, leading zero, other characters,
/// too large).
#[inline]
pub(crate) fn canonical_decimal(s: &str, max: u32) -> Option<u32> {
    decimal(s.as_bytes(), max)
}

/// [`canonical_decimal`] on bytes.
#[inline(always)]
pub(crate) fn decimal(b: &[u8], max: u32) -> Option<u32> {
    match b {
        [] => None,
        [b'0'] => Some(0),
        [first @ b'1'..=b'9', rest @ ..] if rest.len() < 10 => {
            let mut v = u64::from(first - b'0');
            for &d in rest {
                if !d.is_ascii_digit() {
                    return None;
                }
                v = v * 10 + u64::from(d - b'0');
            }
            u32::try_from(v).ok().filter(|&v| v <= max)
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::String;

    #[test]
    fn utf16_len_counts_surrogate_pairs() {
        assert_eq!(utf16_len(""), 0);
        assert_eq!(utf16_len("abc"), 3);
        assert_eq!(utf16_len("ö"), 1);
        assert_eq!(utf16_len("音"), 1);
        assert_eq!(utf16_len("🎷"), 2);
        assert_eq!(utf16_len("a🎷ö音"), 5);
        for s in ["", "x", "Björk 🎷 音楽図鑑 \u{10FFFF}", &"🎷é".repeat(40)] {
            assert_eq!(utf16_len(s), s.encode_utf16().count(), "{s:?}");
        }
    }

    #[test]
    fn utf16_len_is_exact_across_blocks_and_lane_flushes() {
        // Every tail length, and spans long enough to flush the u8 lanes (2,032 bytes) with
        // every lane at its maximum (four-byte sequences count two units each).
        let mixed = "a🎷ö音";
        for n in 0..=80 {
            let s: String = mixed.chars().cycle().take(n).collect();
            assert_eq!(utf16_len(&s), s.encode_utf16().count(), "{s:?}");
        }
        for s in ["🎷".repeat(1_100), "x".repeat(5_000), mixed.repeat(700)] {
            assert_eq!(utf16_len(&s), s.encode_utf16().count(), "{}", s.len());
        }
    }

    /// What `scan` must find, the slow way.
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
    fn find_control_agrees_with_a_search_by_character() {
        let slow = |s: &str| s.char_indices().find(|&(_, c)| c.is_control());
        // The fillers include characters whose lead byte is 0xC2 but which are not controls.
        let fillers = ["a", "©", "é", "音", "🎷", "\u{A0}"];
        let mut specials: Vec<char> = (0u32..=0x20)
            .chain(0x7E..=0xA1)
            .filter_map(char::from_u32)
            .collect();
        specials.extend([
            '\u{A9}',
            '\u{FF}',
            '\u{100}',
            '\u{2028}',
            '\u{FEFF}',
            '\u{10FFFF}',
        ]);
        for filler in fillers {
            for len in [0, 1, 31, 32, 33, 65] {
                let base = filler.repeat(len);
                assert_eq!(find_control(&base), None, "{base:?}");
                let cut: Vec<usize> = base.char_indices().map(|(i, _)| i).collect();
                for &at in cut.iter().step_by(4).chain(cut.last()) {
                    for &c in &specials {
                        let mut s = base.clone();
                        s.insert(at, c);
                        assert_eq!(find_control(&s), slow(&s), "{s:?}");
                        s.push('\u{85}');
                        assert_eq!(find_control(&s), slow(&s), "{s:?}");
                    }
                }
            }
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

    #[test]
    fn control_characters_are_exactly_category_cc() {
        for c in (0u32..0x300).filter_map(char::from_u32) {
            assert_eq!(is_control(c), c.is_control(), "{c:?}");
        }
    }

    #[test]
    fn sanitizing_replaces_colons_and_controls_and_keeps_utf16_length() {
        let s = "AC:DC\t\u{85}x\u{0}";
        let mut out = String::new();
        push_sanitized(&mut out, s);
        assert_eq!(out, "AC\u{FF1A}DC  x ");
        assert_eq!(out.len(), sanitized_len(s));
        assert_eq!(utf16_len(&out), utf16_len(s));
    }

    #[test]
    fn canonical_decimal_accepts_only_the_canonical_form() {
        assert_eq!(canonical_decimal("0", 99), Some(0));
        assert_eq!(canonical_decimal("99", 99), Some(99));
        assert_eq!(canonical_decimal("100", 99), None);
        assert_eq!(canonical_decimal("4294967295", u32::MAX), Some(u32::MAX));
        assert_eq!(canonical_decimal("4294967296", u32::MAX), None);
        assert_eq!(canonical_decimal("9999999999", u32::MAX), None);
        assert_eq!(canonical_decimal("10000000000", u32::MAX), None);
        for bad in ["", "00", "01", "+1", "-1", " 1", "1 ", "1.0", "0x1", "١"] {
            assert_eq!(canonical_decimal(bad, u32::MAX), None, "{bad:?}");
        }
    }
}
