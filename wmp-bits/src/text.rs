//! Facts about text that every layer uses: its length in UTF-16 code units (what BITS and
//! the registry count), control characters, bidirectional formatting characters, the
//! replacements that sanitising makes, and cutting text to a length without splitting a
//! character.
//!
//! The byte loops work on UTF-8 that Rust already guarantees to be valid, and are written
//! for the vectoriser: no early exits inside the hot chunks, only additions and bitwise ors.

// `|` between booleans keeps the loops free of branches, `#[inline(always)]` keeps the
// per-byte helpers inside them, and `b as i8` is the deliberate reinterpretation that sets
// UTF-8 continuation bytes (0x80..=0xBF, negative as i8) apart.
#![allow(
    clippy::needless_bitwise_bool,
    clippy::inline_always,
    clippy::cast_possible_wrap
)]

use alloc::string::String;

use unicode_segmentation::UnicodeSegmentation;

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

/// A control character in the sense of Unicode category Cc: U+0000..=U+001F and
/// U+007F..=U+009F.
#[inline]
pub(crate) const fn is_control(c: char) -> bool {
    matches!(c, '\u{0}'..='\u{1F}' | '\u{7F}'..='\u{9F}')
}

/// Whether the UTF-8 byte `b` may start a control character: a C0 control (below 0x20),
/// DEL (0x7F), or 0xC2, the lead byte of U+0080..=U+00BF, which holds the C1 controls. A
/// screen: text without any such byte holds no control character.
#[inline(always)]
pub(crate) const fn may_start_control(b: u8) -> bool {
    (b < 0x20) | (b == 0x7F) | (b == 0xC2)
}

/// Whether the UTF-8 byte `b`, followed by `next` (any byte that is not a continuation
/// byte, such as 0, at the end of the text), starts a control character: `b` is a C0
/// control or DEL, or `b` is 0xC2 and `next` is 0x80..=0x9F (U+0080..=U+009F). None of
/// these bytes can be part of another character, so this is exact.
#[inline(always)]
pub(crate) const fn starts_control(b: u8, next: u8) -> bool {
    (b < 0x20) | (b == 0x7F) | ((b == 0xC2) & (next & 0xE0 == 0x80))
}

/// The bytes [`find_control`] passes over at a time when none of them may start a control
/// character.
const SKIP: usize = 32;

/// Whether block `b` holds a byte that may start a control character, written lane by lane
/// so that it compiles to a few vector compares and one byte mask. (Kept out of line:
/// inlined into a loop, the compiler spills the lanes to the stack.)
#[inline(never)]
fn block_may_hold_control(b: &[u8; SKIP]) -> bool {
    let mut lanes = [0u8; SKIP];
    for (lane, &x) in lanes.iter_mut().zip(b) {
        *lane = 0u8.wrapping_sub(u8::from(may_start_control(x)));
    }
    lanes.iter().fold(0, |a, &x| a | x) != 0
}

/// The first control character in `s`, with its byte offset.
///
/// Blocks without a byte that [may start one](may_start_control) are passed over 32 bytes
/// at a time; only the block that holds the next such byte is looked at byte by byte.
#[inline]
pub(crate) fn find_control(s: &str) -> Option<(usize, char)> {
    let bytes = s.as_bytes();
    let mut from = 0;
    loop {
        let rest = bytes.get(from..)?;
        let skipped: usize = rest
            .chunks_exact(SKIP)
            .filter_map(|b| <&[u8; SKIP]>::try_from(b).ok())
            .take_while(|b| !block_may_hold_control(b))
            .map(|b| b.len())
            .sum();
        let i = rest
            .get(skipped..)?
            .iter()
            .position(|&x| may_start_control(x))?;
        let at = from + skipped + i;
        let next = bytes.get(at + 1).copied().unwrap_or(0);
        if starts_control(bytes[at], next) {
            return s.get(at..)?.chars().next().map(|c| (at, c));
        }
        // 0xC2 starting U+00A0..=U+00BF (a no-break space, `©`, …): not a control.
        from = at + 1;
    }
}

/// Bidirectional formatting characters that can make text display as something else:
/// the embeddings and overrides U+202A..=U+202E and the isolates U+2066..=U+2069.
#[inline]
pub(crate) const fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// The replacement that sanitising puts in place of `c`, if any: U+FF1A FULLWIDTH COLON
/// for `:`, a space for a control character. Each is one UTF-16 code unit, like what it
/// replaces, so sanitising never changes a UTF-16 length.
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
pub(crate) fn push_sanitized(out: &mut String, s: &str) {
    out.extend(s.chars().map(|c| sanitized(c).unwrap_or(c)));
}

/// Whether Windows takes `a` and `b` for the same name, as it compares registry key names
/// and account names: case-insensitively, by the simple (one-to-one) uppercase mapping of
/// each character. A character whose uppercase is several characters (such as 'ß') has no
/// simple mapping, and is compared as it is.
pub(crate) fn windows_names_equal(a: &str, b: &str) -> bool {
    fn upper(c: char) -> char {
        let mut up = c.to_uppercase();
        match (up.next(), up.next()) {
            (Some(u), None) => u,
            _ => c,
        }
    }
    a.chars().map(upper).eq(b.chars().map(upper))
}

/// Whether two accounts, as Windows writes them, are the same one, compared as Windows
/// compares account names (case-insensitively, [`windows_names_equal`]); `None` when the
/// two forms cannot be compared.
///
/// An account is written as a SID (`S-1-5-21-…-1001`), a name qualified by its domain or
/// machine (`PC\Pat`), a user principal name (`pat@contoso.com`) or a bare name (`Pat`).
/// Two SIDs compare whole, and so do two qualified names; a bare name matches the user part
/// of any name, and a principal name matches a qualified name by its user part (the two
/// spell the domain differently). A SID and a name cannot be compared without asking
/// Windows, so they give `None`: unknown, never "another account".
pub(crate) fn accounts_match(a: &str, b: &str) -> Option<bool> {
    #[derive(Clone, Copy)]
    enum Account<'a> {
        Sid(&'a str),
        Qualified(&'a str, &'a str),
        Principal(&'a str, &'a str),
        Bare(&'a str),
    }
    fn parse(s: &str) -> Account<'_> {
        let sid = s.len() > 4 && s.get(..4).is_some_and(|p| p.eq_ignore_ascii_case("S-1-"));
        if sid {
            Account::Sid(s)
        } else if let Some((domain, user)) = s.rsplit_once('\\') {
            Account::Qualified(domain, user)
        } else if let Some((user, domain)) = s.split_once('@') {
            Account::Principal(user, domain)
        } else {
            Account::Bare(s)
        }
    }
    let eq = windows_names_equal;
    Some(match (parse(a), parse(b)) {
        (Account::Sid(x), Account::Sid(y)) => eq(x, y),
        (Account::Sid(_), _) | (_, Account::Sid(_)) => return None,
        (Account::Qualified(domain, user), Account::Qualified(domain_2, user_2))
        | (Account::Principal(user, domain), Account::Principal(user_2, domain_2)) => {
            eq(domain, domain_2) && eq(user, user_2)
        }
        (
            Account::Qualified(_, user) | Account::Principal(user, _) | Account::Bare(user),
            Account::Qualified(_, user_2) | Account::Principal(user_2, _) | Account::Bare(user_2),
        ) => eq(user, user_2),
    })
}

/// The longest prefix of `s` of at most `max` UTF-16 code units that ends between two
/// extended grapheme clusters (Unicode's user-perceived characters, UAX #29), so that a
/// letter keeps its combining marks (`בָּ`, `कि`, `بَ`), a flag keeps both of its regional
/// indicators (🇯🇵) and an emoji sequence keeps its modifiers and joiners. When even the
/// first cluster is longer than `max` (a letter followed by hundreds of marks), the cut is
/// made at the last whole code point instead, so that something is left.
pub(crate) fn cut_utf16(s: &str, max: usize) -> &str {
    let mut units = 0;
    let mut end = 0;
    for g in s.graphemes(true) {
        units += utf16_len(g);
        if units > max {
            break;
        }
        end += g.len();
    }
    if end == 0 {
        units = 0;
        for c in s.chars() {
            units += c.len_utf16();
            if units > max {
                break;
            }
            end += c.len_utf8();
        }
    }
    &s[..end]
}

#[cfg(test)]
mod tests {

    #[test]
    fn accounts_compare_as_windows_compares_them() {
        assert_eq!(accounts_match(r"PC\Pat", r"pc\PAT"), Some(true));
        assert_eq!(accounts_match(r"PC\Pat", r"PC\Sam"), Some(false));
        assert_eq!(accounts_match(r"PC\Pat", r"OTHER\Pat"), Some(false));
        assert_eq!(accounts_match(r"PC\Pat", "pat"), Some(true));
        assert_eq!(
            accounts_match("pat@contoso.com", r"CONTOSO\Pat"),
            Some(true)
        );
        assert_eq!(
            accounts_match("pat@contoso.com", "sam@contoso.com"),
            Some(false)
        );
        assert_eq!(
            accounts_match("S-1-5-21-1-2-3-1001", "s-1-5-21-1-2-3-1001"),
            Some(true)
        );
        assert_eq!(
            accounts_match("S-1-5-21-1-2-3-1001", "S-1-5-21-1-2-3-1002"),
            Some(false)
        );
        assert_eq!(accounts_match("S-1-5-21-1-2-3-1001", r"PC\Pat"), None);
        assert_eq!(accounts_match(r"PC\Björn", r"pc\BJÖRN"), Some(true));
    }

    use super::*;
    use alloc::string::String;
    use alloc::vec::Vec;

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
    fn cutting_keeps_whole_grapheme_clusters() {
        assert_eq!(cut_utf16("abc", 3), "abc");
        assert_eq!(cut_utf16("abc", 2), "ab");
        assert_eq!(cut_utf16("a🎷", 2), "a"); // never half a surrogate pair
        assert_eq!(cut_utf16("a🎷", 3), "a🎷");
        assert_eq!(cut_utf16("xe\u{301}", 2), "x"); // é as e + combining acute
        assert_eq!(cut_utf16("x👍\u{1F3FD}", 3), "x"); // thumbs up + skin tone
        assert_eq!(cut_utf16("x👩\u{200D}💻", 3), "x"); // woman technologist, cut at the ZWJ
        assert_eq!(cut_utf16("x👩\u{200D}💻", 4), "x");
        // Hebrew bet with dagesh and qamats, Devanagari ka with the vowel sign i, Arabic
        // beh with fatha, and a flag: each one cluster of several code points.
        assert_eq!(cut_utf16("aבָּ", 3), "a");
        assert_eq!(cut_utf16("aבָּ", 4), "aבָּ");
        assert_eq!(cut_utf16("aकि", 2), "a");
        assert_eq!(cut_utf16("aبَ", 2), "a");
        assert_eq!(cut_utf16("a🇯🇵", 4), "a");
        assert_eq!(cut_utf16("a🇯🇵", 5), "a🇯🇵");
        // A cluster longer than the limit on its own is cut at a code point.
        assert_eq!(cut_utf16("e\u{301}\u{301}\u{301}", 2), "e\u{301}");
        assert_eq!(cut_utf16("\u{301}\u{301}\u{301}", 2), "\u{301}\u{301}");
        assert_eq!(cut_utf16("🎷", 1), "");
        assert_eq!(cut_utf16("", 0), "");
        assert_eq!(cut_utf16("ab", 0), "");
    }
}
