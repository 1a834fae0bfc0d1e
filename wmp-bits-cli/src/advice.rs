//! What the program adds to the library's advice: the flag that does what a message
//! advises.

/// Whether the library's `message` advises sanitising the text (`…or sanitise the text to
/// write it as U+FF1A '：'`, `…sanitising writes it as…`), which `new-job --sanitize` does.
pub fn advises_sanitising(message: &str) -> bool {
    message.contains("sanitise the text") || message.contains("sanitising writes")
}

/// The help that names the flag, for `new-job`.
pub const SANITIZE: &str =
    "--sanitize writes ':' as '：' (U+FF1A) and control characters as spaces instead of \
     refusing them";

/// The help that names the flag, for descriptions inspected (made elsewhere).
pub const SANITIZE_ELSEWHERE: &str =
    "wmp-bits new-job --sanitize writes ':' as '：' (U+FF1A) in the album artist, album title \
     and title, and control characters as spaces";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_advice_to_sanitise_is_recognised_and_other_messages_are_not() {
        assert!(advises_sanitising(
            "separator ':' at bytes 2..3 of the album artist \"AC:DC\": expected no ':', which \
             the format cannot escape (remove it, or sanitise the text to write it as U+FF1A \
             '：')"
        ));
        assert!(advises_sanitising(
            "too many fields …; the title probably contains ':', which the format cannot \
             escape (sanitising writes it as U+FF1A '：')"
        ));
        assert!(!advises_sanitising(
            "the provider is never sanitised, since it must be the store's key name"
        ));
    }
}
