//! Byte-level helpers shared by the parser, the builder and the validators.
//!
//! Everything here works on UTF-8 text that Rust already guarantees to be valid, and is
//! written so that the compiler can vectorise the loops: no early exits inside the hot
//! chunks, only additions and bitwise ors.

/// The number of UTF-16 code units that `s` takes, which is what BITS and the registry
/// count as "characters".
///
/// Every UTF-8 sequence starts with one non-continuation byte (one unit), and the four-byte
/// sequences (U+10000 and above) take a second unit as a surrogate pair.
#[inline]
pub(crate) fn utf16_len(s: &str) -> usize {
    s.as_bytes()
        .iter()
        .map(|&b| usize::from((b as i8) >= -0x40) + usize::from(b >= 0xF0))
        .sum()
}

/// One pass over the input: its UTF-16 length, and whether it holds any byte that needs a
/// closer look by the strict checks (a C0 control, DEL, the lead byte 0xC2 of U+0080..U+00BF,
/// which holds the C1 controls, or `\`).
///
/// When `suspicious` is false no field can hold a control character or a backslash, so the
/// per-character checks can be skipped entirely.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Scan {
    pub(crate) utf16_len: usize,
    pub(crate) suspicious: bool,
}

#[inline]
pub(crate) fn scan(bytes: &[u8]) -> Scan {
    const CHUNK: usize = 32;
    let mut units = 0usize;
    let mut flag = 0u8;
    let mut chunks = bytes.chunks_exact(CHUNK);
    for chunk in &mut chunks {
        // u8 counters cannot overflow within a 32-byte chunk (at most 2 per byte).
        let mut n = 0u8;
        for &b in chunk {
            n += u8::from((b as i8) >= -0x40) + u8::from(b >= 0xF0);
            flag |= u8::from(b < 0x20)
                | u8::from(b == 0x7F)
                | u8::from(b == 0xC2)
                | u8::from(b == b'\\');
        }
        units += usize::from(n);
    }
    for &b in chunks.remainder() {
        units += usize::from((b as i8) >= -0x40) + usize::from(b >= 0xF0);
        flag |=
            u8::from(b < 0x20) | u8::from(b == 0x7F) | u8::from(b == 0xC2) | u8::from(b == b'\\');
    }
    Scan {
        utf16_len: units,
        suspicious: flag != 0,
    }
}

/// A control character in the sense of Unicode category Cc: U+0000..=U+001F and
/// U+007F..=U+009F.
#[inline]
pub(crate) const fn is_control(c: char) -> bool {
    matches!(c, '\u{0}'..='\u{1F}' | '\u{7F}'..='\u{9F}')
}

/// The first control character in `s`, with its byte offset.
#[inline]
pub(crate) fn find_control(s: &str) -> Option<(usize, char)> {
    s.char_indices().find(|&(_, c)| is_control(c))
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
    let b = s.as_bytes();
    match b {
        [] => None,
        [b'0'] => Some(0),
        [b'1'..=b'9', rest @ ..] if rest.len() < 10 => {
            let mut v = u64::from(b[0] - b'0');
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
            assert_eq!(
                scan(s.as_bytes()).utf16_len,
                s.encode_utf16().count(),
                "{s:?}"
            );
        }
    }

    #[test]
    fn scan_flags_controls_backslash_and_latin1_supplement() {
        let long = "a".repeat(70);
        for (s, want) in [
            ("plain text", false),
            ("tab\there", true),
            ("del\u{7F}", true),
            ("c1\u{85}", true),
            ("copyright ©", true),
            ("back\\slash", true),
            ("Björk", false),
            ("🎷", false),
        ] {
            assert_eq!(scan(s.as_bytes()).suspicious, want, "{s:?}");
            let padded = format!("{long}{s}{long}");
            assert_eq!(scan(padded.as_bytes()).suspicious, want, "{padded:?}");
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
