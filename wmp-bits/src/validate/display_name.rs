//! The display name of a job: the name given to `CreateJob`.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use core::ops::Range;

use super::{Problem, ProblemKind};
use crate::text;

/// BITS' limit on a job's display name: 256 UTF-16 code units, not counting the NUL.
pub const MAX_DISPLAY_NAME_UTF16: usize = 256;

/// The problems of a display name (the name given to `CreateJob`), in this order:
/// `display_name_empty`, `display_name_control_character`, `display_name_too_long`,
/// `display_name_bidi_control`, each at most once (see the [table of codes](crate::Job#codes)).
/// The subject is [`Subject::DisplayName`](super::Subject::DisplayName) and spans are byte ranges in `name`.
///
/// ```
/// use wmp_bits::validate::{self, Severity};
///
/// assert!(validate::display_name("Norah Jones - Cold Cold Heart").is_empty());
/// assert_eq!(validate::display_name(" ")[0].severity(), Severity::Warning);
///
/// let p = validate::display_name(&"🎷".repeat(129));
/// assert_eq!(p[0].code(), "display_name_too_long");
/// assert_eq!(
///     p[0].message(),
///     "display name is 258 UTF-16 code units long: expected at most 256 (BITS' limit)"
/// );
/// let codes: Vec<&str> = validate::display_name("a\u{202E}b\0").iter().map(|p| p.code()).collect();
/// assert_eq!(codes, ["display_name_control_character", "display_name_bidi_control"]);
/// ```
#[must_use]
pub fn display_name(name: &str) -> Vec<Problem> {
    let mut out = Vec::new();
    let problem =
        |kind, span: Range<usize>, message: String| Problem::of(kind, message).with_span(span);
    if name.trim().is_empty() {
        out.push(problem(
            ProblemKind::DisplayNameEmpty,
            0..name.len(),
            String::from(
                "display name is empty: expected a name that tells the user what is being \
                 downloaded, such as \"Artist - Title\"",
            ),
        ));
    }
    if let Some((i, c)) = text::find_control(name) {
        out.push(problem(
            ProblemKind::DisplayNameControlCharacter,
            i..i + c.len_utf8(),
            format!(
                "control character U+{:04X} at byte {i} in display name: expected none (a NUL \
                 would cut the name BITS stores)",
                u32::from(c)
            ),
        ));
    }
    let units = text::utf16_len(name);
    if units > MAX_DISPLAY_NAME_UTF16 {
        out.push(problem(
            ProblemKind::DisplayNameTooLong,
            0..name.len(),
            format!(
                "display name is {units} UTF-16 code units long: expected at most \
                 {MAX_DISPLAY_NAME_UTF16} (BITS' limit)"
            ),
        ));
    }
    if let Some((i, c)) = name.char_indices().find(|&(_, c)| text::is_bidi_control(c)) {
        out.push(problem(
            ProblemKind::DisplayNameBidiControl,
            i..i + c.len_utf8(),
            format!(
                "bidirectional control character U+{:04X} at byte {i} in display name: it \
                 can make the name display as something else; expected none of \
                 U+202A..U+202E, U+2066..U+2069",
                u32::from(c)
            ),
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::display_name;
    use crate::validate::{Severity, Subject};
    use alloc::vec::Vec;

    fn display(name: &str) -> Vec<(&'static str, core::ops::Range<usize>)> {
        display_name(name)
            .iter()
            .map(|p| {
                assert_eq!(p.subject(), Subject::DisplayName);
                (p.code(), p.span().unwrap_or(usize::MAX..usize::MAX))
            })
            .collect()
    }

    #[test]
    fn display_name_problems() {
        assert_eq!(display("Norah Jones - Cold Cold Heart"), []);
        assert_eq!(display(""), [("display_name_empty", 0..0)]);
        assert_eq!(display(" \u{3000}"), [("display_name_empty", 0..4)]);
        assert_eq!(
            display("a\u{7}b"),
            [("display_name_control_character", 1..2)]
        );
        assert_eq!(
            display("a\u{9F}"),
            [("display_name_control_character", 1..3)]
        );
        assert_eq!(display("\0"), [("display_name_control_character", 0..1)]);
        assert_eq!(display(&"a".repeat(256)), []);
        assert_eq!(
            display(&"a".repeat(257)),
            [("display_name_too_long", 0..257)]
        );
        assert_eq!(display(&"🎷".repeat(128)), []);
        assert_eq!(
            display(&alloc::format!("{}a", "🎷".repeat(128))),
            [("display_name_too_long", 0..513)]
        );
        assert_eq!(display("ab\u{2067}"), [("display_name_bidi_control", 2..5)]);
        let p = display_name("a\u{7}");
        assert_eq!(
            p[0].message(),
            "control character U+0007 at byte 1 in display name: expected none (a NUL would \
             cut the name BITS stores)"
        );
        assert_eq!(p[0].severity(), Severity::Error);
        let p = display_name("");
        assert_eq!(p[0].severity(), Severity::Warning);
        assert_eq!(
            p[0].message(),
            "display name is empty: expected a name that tells the user what is being \
             downloaded, such as \"Artist - Title\""
        );
        let p = display_name("\u{202E}");
        assert_eq!(p[0].severity(), Severity::Warning);
        assert_eq!(
            p[0].message(),
            "bidirectional control character U+202E at byte 0 in display name: it can make \
             the name display as something else; expected none of U+202A..U+202E, \
             U+2066..U+2069"
        );
    }
}
