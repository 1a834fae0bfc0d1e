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

/// Whether the library's `message` advises letting `DescriptorBuilder::build_fitted` cut
/// the text fields (`…or let DescriptorBuilder::build_fitted cut the longest text fields`),
/// which `new-job --fit` does.
fn advises_fitting(message: &str) -> bool {
    message.contains("build_fitted")
}

/// The help that names the flag, for `new-job`.
pub const FIT: &str =
    "wmp-bits new-job --fit cuts the longest of the album artist, album title and title, each \
     ending in '…', until the description fits";

/// The help for `new-job` that names the flag doing what `message` advises, if any.
pub fn for_new_job(message: &str) -> Option<&'static str> {
    if advises_sanitising(message) {
        Some(SANITIZE)
    } else if advises_fitting(message) {
        Some(FIT)
    } else {
        None
    }
}

/// Whether the library's `message` advises lenient parsing (`…or read the text with
/// lenient::parse, which does`), which `inspect --lenient` does.
pub fn advises_lenient(message: &str) -> bool {
    message.contains("lenient::parse")
}

/// The help that names the flag, for `inspect`: only for input that lenient parsing reads.
pub const LENIENT: &str = "wmp-bits inspect --lenient reads it, and shows what it normalised";

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

    #[test]
    fn the_advice_to_fit_is_recognised_and_names_the_flag() {
        let too_long = "description too long: 1107 UTF-16 code units, expected at most 1024 \
                        UTF-16 code units; shorten it by 83 UTF-16 code units: the longest field \
                        is the album title (1080 UTF-16 code units), or let \
                        DescriptorBuilder::build_fitted cut the longest text fields";
        assert_eq!(for_new_job(too_long), Some(FIT));
        assert!(FIT.starts_with("wmp-bits new-job --fit "));
        // A description read (not built) that is too long is not the builder's to fit.
        assert_eq!(
            for_new_job(
                "description too long: 1107 UTF-16 code units, expected at most 1024 UTF-16 \
                 code units"
            ),
            None
        );
    }
}
