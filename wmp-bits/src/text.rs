//! Facts about text that every layer uses: its length in UTF-16 code units (what BITS and
//! the registry count), control characters, bidirectional formatting and other invisible
//! characters, the Windows-1252 text that C1 controls stand for, the replacements that
//! sanitising makes, text as a name shows it, and cutting text to a length without
//! splitting a character.
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

use alloc::borrow::Cow;
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
/// the embeddings and overrides U+202A..=U+202E and the isolates U+2066..=U+2069. These are
/// the ones the crate warns about (`bidi_control`, `display_name_bidi_control`); the marks
/// U+200E, U+200F and U+061C, which only nudge the direction of neutral characters and are
/// common in right-to-left text, are not.
#[inline]
pub(crate) const fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// The line and paragraph separators U+2028 and U+2029 (Unicode categories Zl and Zp): a
/// line break in text that should be one line.
#[inline]
pub(crate) const fn is_line_separator(c: char) -> bool {
    matches!(c, '\u{2028}' | '\u{2029}')
}

/// Whether `c` is invisible on its own: a character that Unicode says to show as nothing
/// when it is not supported (`Default_Ignorable_Code_Point`, `DerivedCoreProperties.txt`) and
/// that is not part of a neighbour's user-perceived character (its `Grapheme_Cluster_Break`
/// is Control or Other, not Extend, ZWJ, L or V).
///
/// That is the soft hyphen U+00AD, every `Bidi_Control` character (the Arabic letter mark
/// U+061C, the marks U+200E and U+200F, the embeddings and overrides U+202A..=U+202E and the
/// isolates U+2066..=U+2069), the Mongolian vowel separator U+180E, the zero width space
/// U+200B, the word joiner and invisible operators U+2060..=U+2064, the deprecated format
/// characters U+206A..=U+206F, the zero width no-break space (byte order mark) U+FEFF, the
/// Hangul fillers U+3164 and U+FFA0 that stand alone, the shorthand format controls
/// U+1BCA0..=U+1BCA3, the musical beam and slur controls U+1D173..=U+1D17A, the language tag
/// U+E0001, and the code points reserved as default ignorable (U+2065, U+FFF0..=U+FFF8,
/// U+E0000, U+E0002..=U+E001F, U+E0080..=U+E00FF, U+E01F0..=U+E0FFF).
///
/// The default ignorable characters that belong to a neighbour are kept, since removing
/// them changes what is seen: the zero width joiner U+200D (👩‍💻) and non-joiner U+200C
/// (Persian, Indic scripts), the variation selectors (U+FE00..=U+FE0F,
/// U+E0100..=U+E01EF, the Mongolian U+180B..=U+180D and U+180F), the combining grapheme
/// joiner U+034F, the Khmer inherent vowels U+17B4 and U+17B5, the tag characters
/// U+E0020..=U+E007F of emoji tag sequences (🏴󠁧󠁢󠁳󠁣󠁴󠁿) and the Hangul jamo fillers U+115F
/// and U+1160.
#[inline]
pub(crate) const fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{AD}'
            | '\u{61C}'
            | '\u{180E}'
            | '\u{200B}'
            | '\u{200E}'
            | '\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{206F}'
            | '\u{3164}'
            | '\u{FEFF}'
            | '\u{FFA0}'
            | '\u{FFF0}'..='\u{FFF8}'
            | '\u{1BCA0}'..='\u{1BCA3}'
            | '\u{1D173}'..='\u{1D17A}'
            | '\u{E0000}'..='\u{E001F}'
            | '\u{E0080}'..='\u{E00FF}'
            | '\u{E01F0}'..='\u{E0FFF}'
    )
}

/// What the C1 control `c` (U+0080..=U+009F) stands for when it is a byte of
/// Windows-1252 text that was decoded as Latin-1 by mistake: U+0092 for `’`, U+0096 for
/// `–`, U+0085 for `…`, and so on (the mapping of code page 1252). `None` for any other
/// character, and for the five bytes that code page 1252 leaves unassigned (0x81, 0x8D,
/// 0x8F, 0x90, 0x9D), which stay controls. Every result is one UTF-16 code unit, like the
/// control.
#[inline]
pub(crate) const fn windows_1252(c: char) -> Option<char> {
    /// 0x80..=0x9F in code page 1252; `'\0'` where it assigns nothing.
    const TABLE: [char; 32] = [
        '\u{20AC}', '\0', '\u{201A}', '\u{192}', '\u{201E}', '\u{2026}', '\u{2020}', '\u{2021}',
        '\u{2C6}', '\u{2030}', '\u{160}', '\u{2039}', '\u{152}', '\0', '\u{17D}', '\0', '\0',
        '\u{2018}', '\u{2019}', '\u{201C}', '\u{201D}', '\u{2022}', '\u{2013}', '\u{2014}',
        '\u{2DC}', '\u{2122}', '\u{161}', '\u{203A}', '\u{153}', '\0', '\u{17E}', '\u{178}',
    ];
    match c {
        '\u{80}'..='\u{9F}' => match TABLE[c as usize - 0x80] {
            '\0' => None,
            mapped => Some(mapped),
        },
        _ => None,
    }
}

/// The replacement that sanitising puts in place of `c`, if any: U+FF1A FULLWIDTH COLON
/// for `:`; what a C1 control stands for in Windows-1252 text ([`windows_1252`]); a space
/// for any other control character, for a bidirectional formatting character the crate
/// warns about ([`is_bidi_control`]) and for a line or paragraph separator. Each is one
/// UTF-16 code unit, like what it replaces, so sanitising never changes a UTF-16 length
/// (the builder counts the length before it writes).
#[inline]
pub(crate) const fn sanitized(c: char) -> Option<char> {
    if c == ':' {
        Some('\u{FF1A}')
    } else if let Some(mapped) = windows_1252(c) {
        Some(mapped)
    } else if is_control(c) || is_bidi_control(c) || is_line_separator(c) {
        Some(' ')
    } else {
        None
    }
}

/// Length in bytes of `s` once sanitised (':' grows from one byte to three, a C1 control
/// shrinks from two bytes to one or grows to three, a bidirectional formatting character
/// or a separator shrinks from three to one).
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

/// `s` as a name made from it should show it: each C1 control that stands for a
/// Windows-1252 character as that character ([`windows_1252`]), each line or paragraph
/// separator as a space, and the [invisible](is_invisible) characters removed. Borrows when
/// nothing changes.
pub(crate) fn visible(s: &str) -> Cow<'_, str> {
    let changes = |c: char| windows_1252(c).is_some() || is_line_separator(c) || is_invisible(c);
    if !s.chars().any(changes) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if let Some(mapped) = windows_1252(c) {
            out.push(mapped);
        } else if is_line_separator(c) {
            out.push(' ');
        } else if !is_invisible(c) {
            out.push(c);
        }
    }
    Cow::Owned(out)
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
        let s = "AC:DC\t\u{85}x\u{0}\u{81}\u{202E}\u{2028}\u{200B}";
        let mut out = String::new();
        push_sanitized(&mut out, s);
        // The zero width space earns no warning and is kept; the override does.
        assert_eq!(out, "AC\u{FF1A}DC \u{2026}x    \u{200B}");
        assert_eq!(out.len(), sanitized_len(s));
        assert_eq!(utf16_len(&out), utf16_len(s));
    }

    /// Code page 1252 at 0x80..=0x9F, from Unicode's mapping table
    /// (MAPPINGS/VENDORS/MICSFT/WINDOWS/CP1252.TXT); the five bytes it leaves out are absent.
    const CP1252: [(u32, u32); 27] = [
        (0x80, 0x20AC),
        (0x82, 0x201A),
        (0x83, 0x0192),
        (0x84, 0x201E),
        (0x85, 0x2026),
        (0x86, 0x2020),
        (0x87, 0x2021),
        (0x88, 0x02C6),
        (0x89, 0x2030),
        (0x8A, 0x0160),
        (0x8B, 0x2039),
        (0x8C, 0x0152),
        (0x8E, 0x017D),
        (0x91, 0x2018),
        (0x92, 0x2019),
        (0x93, 0x201C),
        (0x94, 0x201D),
        (0x95, 0x2022),
        (0x96, 0x2013),
        (0x97, 0x2014),
        (0x98, 0x02DC),
        (0x99, 0x2122),
        (0x9A, 0x0161),
        (0x9B, 0x203A),
        (0x9C, 0x0153),
        (0x9E, 0x017E),
        (0x9F, 0x0178),
    ];

    #[test]
    fn c1_controls_map_as_code_page_1252_and_its_gaps_stay_controls() {
        for c in (0u32..0x3000).filter_map(char::from_u32) {
            let expected = CP1252
                .iter()
                .find(|&&(byte, _)| byte == u32::from(c))
                .and_then(|&(_, to)| char::from_u32(to));
            assert_eq!(windows_1252(c), expected, "{c:?}");
        }
        for gap in ['\u{81}', '\u{8D}', '\u{8F}', '\u{90}', '\u{9D}'] {
            assert_eq!(sanitized(gap), Some(' '), "{gap:?}");
        }
        assert_eq!(sanitized('\u{92}'), Some('\u{2019}'));
        assert_eq!(sanitized('\u{96}'), Some('\u{2013}'));
        assert_eq!(sanitized('\u{85}'), Some('\u{2026}'));
        // Every mapped character is one UTF-16 unit, so sanitising keeps the length.
        assert!(CP1252.iter().all(|&(_, to)| to < 0x1_0000));
    }

    /// `Default_Ignorable_Code_Point` (`DerivedCoreProperties.txt`), each range with its
    /// `Grapheme_Cluster_Break` (`GraphemeBreakProperty.txt`).
    const DEFAULT_IGNORABLE: [(u32, u32, &str); 32] = [
        (0x00AD, 0x00AD, "Control"),
        (0x034F, 0x034F, "Extend"),
        (0x061C, 0x061C, "Control"),
        (0x115F, 0x115F, "L"),
        (0x1160, 0x1160, "V"),
        (0x17B4, 0x17B5, "Extend"),
        (0x180B, 0x180D, "Extend"),
        (0x180E, 0x180E, "Control"),
        (0x180F, 0x180F, "Extend"),
        (0x200B, 0x200B, "Control"),
        (0x200C, 0x200C, "Extend"),
        (0x200D, 0x200D, "ZWJ"),
        (0x200E, 0x200F, "Control"),
        (0x202A, 0x202E, "Control"),
        (0x2060, 0x2064, "Control"),
        (0x2065, 0x2065, "Control"),
        (0x2066, 0x2069, "Control"),
        (0x206A, 0x206F, "Control"),
        (0x3164, 0x3164, "Other"),
        (0xFE00, 0xFE0F, "Extend"),
        (0xFEFF, 0xFEFF, "Control"),
        (0xFFA0, 0xFFA0, "Other"),
        (0xFFF0, 0xFFF8, "Control"),
        (0x1BCA0, 0x1BCA3, "Control"),
        (0x1D173, 0x1D17A, "Control"),
        (0xE0000, 0xE0000, "Control"),
        (0xE0001, 0xE0001, "Control"),
        (0xE0002, 0xE001F, "Control"),
        (0xE0020, 0xE007F, "Extend"),
        (0xE0080, 0xE00FF, "Control"),
        (0xE0100, 0xE01EF, "Extend"),
        (0xE01F0, 0xE0FFF, "Control"),
    ];

    #[test]
    fn invisible_is_default_ignorable_and_standing_alone() {
        for code in 0..=0x10_FFFFu32 {
            let Some(c) = char::from_u32(code) else {
                continue;
            };
            let expected = DEFAULT_IGNORABLE
                .iter()
                .find(|&&(from, to, _)| (from..=to).contains(&code))
                .is_some_and(|&(_, _, gcb)| matches!(gcb, "Control" | "Other"));
            assert_eq!(is_invisible(c), expected, "U+{code:04X}");
        }
        // Every Bidi_Control character (PropList.txt) is among them.
        for c in "\u{61C}\u{200E}\u{200F}\u{202A}\u{202B}\u{202C}\u{202D}\u{202E}\u{2066}\u{2067}\u{2068}\u{2069}".chars() {
            assert!(is_invisible(c), "{c:?}");
        }
    }

    #[test]
    fn visible_text_maps_c1_spaces_separators_and_drops_the_invisible() {
        assert!(matches!(visible("Björk 👩\u{200D}💻"), Cow::Borrowed(_)));
        assert_eq!(visible("don\u{92}t\u{85}"), "don\u{2019}t\u{2026}");
        assert_eq!(visible("a\u{2028}b\u{2029}c"), "a b c");
        assert_eq!(
            visible("\u{FEFF}so\u{202E}ng\u{200B}\u{AD}\u{2066}"),
            "song"
        );
        // Unassigned bytes of code page 1252 stay as they are: a name treats them as controls.
        assert_eq!(visible("a\u{81}"), "a\u{81}");
        // Joiners and selectors belong to their neighbours and stay.
        assert_eq!(
            visible("\u{2764}\u{FE0F}\u{200C}"),
            "\u{2764}\u{FE0F}\u{200C}"
        );
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
