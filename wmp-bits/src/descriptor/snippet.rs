//! [`Snippet`]: the offending text as an error quotes it, kept inline so that building an
//! error never allocates.

use core::fmt;

/// A short copy of the offending text, kept inline so that building an error never
/// allocates.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct Snippet {
    bytes: [u8; Snippet::CAP],
    len: u8,
    truncated: bool,
}

const _: () = assert!(Snippet::CAP <= u8::MAX as usize);

impl Snippet {
    const CAP: usize = 40;

    /// The first characters of `s` that fit, never splitting a character.
    pub(crate) fn new(s: &str) -> Snippet {
        let mut end = s.len().min(Snippet::CAP);
        while !s.is_char_boundary(end) {
            end -= 1;
        }
        let mut bytes = [0; Snippet::CAP];
        bytes[..end].copy_from_slice(&s.as_bytes()[..end]);
        Snippet {
            bytes,
            #[allow(clippy::cast_possible_truncation)] // at most CAP, see below
            len: end as u8,
            truncated: end < s.len(),
        }
    }

    fn as_str(&self) -> &str {
        let bytes = &self.bytes[..usize::from(self.len)];
        match core::str::from_utf8(bytes) {
            Ok(s) => s,
            // `new` copies a whole-character prefix of a `str`: never reached, and should it
            // be, the valid part is still the best quote there is.
            Err(e) => core::str::from_utf8(&bytes[..e.valid_up_to()]).unwrap_or_default(),
        }
    }
}

impl fmt::Display for Snippet {
    /// Quoted and escaped, with `…` after the closing quote when the text was cut.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}", self.as_str())?;
        if self.truncated {
            f.write_str("…")?;
        }
        Ok(())
    }
}

impl fmt::Debug for Snippet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::ToString;

    #[test]
    fn snippet_never_splits_a_character_and_marks_truncation() {
        let s = "é".repeat(30); // 60 bytes
        let snip = Snippet::new(&s);
        assert_eq!(snip.as_str(), "é".repeat(20));
        assert!(snip.truncated);
        assert_eq!(snip.to_string(), alloc::format!("\"{}\"…", "é".repeat(20)));
        let odd = alloc::format!("a{}", "é".repeat(30)); // boundary at 40 falls inside 'é'
        assert_eq!(Snippet::new(&odd).as_str().len(), 39);
        assert_eq!(Snippet::new("01").to_string(), "\"01\"");
        assert_eq!(Snippet::new("a\tb").to_string(), "\"a\\tb\"");
    }
}
