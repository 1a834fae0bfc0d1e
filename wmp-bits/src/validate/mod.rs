//! The checks on the rest of a job, beyond the grammar: caller text for a field, the
//! local name, the remote name and the display name given to BITS, the provider against the
//! installed stores, and warnings that are not errors. [`job`] gathers every problem of a
//! job into one [`Report`].
//!
//! - [`local_name`], [`remote_name`] and [`display_name`] check one part of a job each,
//!   with the Windows path facts (limits, device names, extensions) that safe file names
//!   use too;
//! - [`text`] checks caller text for one field of a descriptor, by the field's own rule;
//! - [`job`] checks the parts of a job together, into a [`Report`] of [`Problem`]s.
//!
//! ```
//! use wmp_bits::validate;
//!
//! let report = validate::job("::WMP_JOB:1:3000000000:Proseware:A:B:1:T:60:50")
//!     .local_name(r"C:\Users\Pat\Music\song.wav")
//!     .installed_providers(&["Contoso"])
//!     .check();
//! let codes: Vec<&str> = report.problems().iter().map(|p| p.code()).collect();
//! assert_eq!(codes, ["provider_not_installed", "large_service_id", "local_name_extension"]);
//! assert!(!report.is_ok());
//! ```

use alloc::borrow::Cow;
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use crate::descriptor::rules::{self, MAX_UTF16};
use crate::{text, BuildError, Descriptor, Field};

mod display_name;
mod job;
mod local_name;
mod remote_name;
mod report;
pub(crate) mod windows_path;

pub use display_name::{display_name, MAX_DISPLAY_NAME_UTF16};
pub use job::{job, JobCheck};
pub use local_name::{local_name, LocalNameError, LocalNameErrorKind};
pub use remote_name::{bits_url, remote_name, MAX_REMOTE_NAME_UTF16, MAX_REMOTE_SEGMENT_UTF16};
pub use report::{Problem, ProblemCode, ProblemKind, Report, Severity, Subject};

/// BITS' limit on a job description: 1,024 UTF-16 code units, not counting the NUL
/// (a longer one gets `BG_E_STRING_TOO_LONG`, 0x80200021).
pub const MAX_DESCRIPTION_UTF16: usize = MAX_UTF16;

/// The registry's limit on a key name, and so on the provider: 255 UTF-16 code units.
pub const MAX_PROVIDER_UTF16: usize = rules::MAX_PROVIDER_UTF16;

/// The same as [`MAX_PROVIDER_UTF16`], under its former name.
#[deprecated(note = "named MAX_PROVIDER_UTF16, like the crate's other limits")]
pub const MAX_PROVIDER_LEN: usize = MAX_PROVIDER_UTF16;

/// The length of `s` in UTF-16 code units: what BITS and the registry count as
/// characters (a character outside the Basic Multilingual Plane counts twice).
///
/// ```
/// use wmp_bits::validate;
/// assert_eq!(validate::utf16_len("Jóga"), 4);
/// assert_eq!(validate::utf16_len("🎷"), 2);
/// assert!(validate::utf16_len(&"🎷".repeat(512)) <= validate::MAX_DESCRIPTION_UTF16);
/// ```
#[must_use]
pub fn utf16_len(s: &str) -> usize {
    text::utf16_len(s)
}

/// Whether `s` can stand as the text of `field` in a strict descriptor, and if not, why:
/// the field's own rule, the same one the strict parser and the builder apply.
///
/// - [`Field::Provider`]: 1 to 255 UTF-16 code units, no `\`, `:` or control character;
/// - the album artist, album title and title: no `:` (the format cannot escape it) and no
///   control character;
/// - the kind, version and numbers: exactly their canonical text (`WMP_JOB`, `1`, `42`;
///   empty for an unknown track number, duration or rating).
///
/// The first offending character is reported, with its byte span in `s`.
///
/// ```
/// use wmp_bits::{validate, Field};
///
/// assert!(validate::text(Field::Title, "Cold Cold Heart").is_ok());
/// let err = validate::text(Field::Title, "Live: Tokyo").unwrap_err();
/// assert_eq!((err.code(), err.span()), ("separator_in_field", 4..5));
/// assert_eq!(validate::text(Field::Provider, r"Con\toso").unwrap_err().code(), "invalid_provider");
/// assert_eq!(validate::text(Field::Kind, "").unwrap_err().code(), "unknown_kind");
/// assert_eq!(validate::text(Field::Duration, "3:38").unwrap_err().code(), "invalid_duration");
/// assert!(validate::text(Field::TrackNumber, "").is_ok());
/// ```
///
/// # Errors
///
/// `separator_in_field`, `control_character` or `invalid_provider` for text; the code of
/// the field's parse error (`unknown_kind`, `invalid_rating`, …) for the others.
pub fn text(field: Field, s: &str) -> Result<(), BuildError> {
    crate::descriptor::field_text(field, s)
}

/// `s` made safe for a metadata field: `:` becomes U+FF1A FULLWIDTH COLON (`：`), which the
/// Player displays readably; a C1 control that stands for a character of Windows-1252 text
/// decoded as Latin-1 by mistake becomes that character (U+0092 `’`, U+0096 `–`, U+0085
/// `…`, …); every other control character (the C0 controls, DEL and the five bytes code
/// page 1252 leaves unassigned, U+0081, U+008D, U+008F, U+0090 and U+009D) becomes a space,
/// and so do the bidirectional formatting characters that earn the
/// [`warnings`]' `bidi_control` (U+202A–U+202E, U+2066–U+2069) and the line and paragraph
/// separators U+2028 and U+2029. So sanitised text passes [`text`] and earns no warning.
/// Borrows when nothing needs replacing. Each replacement is one UTF-16 code unit, like what
/// it replaces, so the UTF-16 length never changes.
///
/// Percent-encoding is deliberately not used: the Player does not decode it and would show
/// `%3A` to the user.
///
/// ```
/// use wmp_bits::{validate, Field};
///
/// assert_eq!(validate::sanitize("AC:DC"), "AC：DC");
/// assert_eq!(validate::sanitize("one\ttwo"), "one two");
/// assert_eq!(validate::sanitize("Don\u{92}t Stop \u{96} Live"), "Don’t Stop – Live");
/// assert_eq!(validate::sanitize("song\u{202E}3pm"), "song 3pm");
/// assert!(matches!(validate::sanitize("plain"), std::borrow::Cow::Borrowed(_)));
/// assert!(validate::text(Field::Title, &validate::sanitize("a:\u{0}b")).is_ok());
/// ```
#[must_use]
pub fn sanitize(s: &str) -> Cow<'_, str> {
    if s.chars().any(|c| text::sanitized(c).is_some()) {
        let mut out = String::with_capacity(text::sanitized_len(s));
        text::push_sanitized(&mut out, s);
        Cow::Owned(out)
    } else {
        Cow::Borrowed(s)
    }
}

/// Whether `provider` names the registry key `key_name`, comparing as the registry does:
/// case-insensitively, by simple (one-to-one) uppercase mapping of each character.
///
/// ```
/// use wmp_bits::validate;
/// assert!(validate::provider_matches("Proseware", "PROSEWARE"));
/// assert!(validate::provider_matches("Björk Store", "BJÖRK STORE"));
/// assert!(!validate::provider_matches("Proseware", "Proseware Music"));
/// ```
#[must_use]
pub fn provider_matches(provider: &str, key_name: &str) -> bool {
    text::windows_names_equal(provider, key_name)
}

/// Whether `provider` is one of `installed`, the key names under
/// `HKLM\SOFTWARE\Microsoft\MediaPlayer\Subscriptions` (compared as
/// [`provider_matches`] does).
///
/// ```
/// use wmp_bits::validate;
/// assert!(validate::provider_installed("contoso", ["Proseware", "Contoso"]));
/// assert!(!validate::provider_installed("Fabrikam", ["Proseware", "Contoso"]));
/// ```
pub fn provider_installed<'k>(
    provider: &str,
    installed: impl IntoIterator<Item = &'k str>,
) -> bool {
    installed.into_iter().any(|k| provider_matches(provider, k))
}

/// The warnings of a valid descriptor: a service id above 2147483647 (`large_service_id`:
/// the Player's script API takes the id as a signed `long`), and bidirectional formatting
/// characters U+202A..U+202E or U+2066..U+2069 in a text field (`bidi_control`: they can
/// make a title display as something else). Spans are in the descriptor's text.
///
/// ```
/// use wmp_bits::{validate, Descriptor, Field};
///
/// let d: Descriptor = "::WMP_JOB:1:2147483648:Contoso::::::".parse()?;
/// let w = validate::warnings(&d);
/// assert_eq!(w.len(), 1);
/// assert_eq!((w[0].code(), w[0].field()), ("large_service_id", Some(Field::ServiceId)));
/// # Ok::<(), wmp_bits::ParseError>(())
/// ```
#[must_use]
pub fn warnings(d: &Descriptor) -> Vec<Problem> {
    let mut out = Vec::new();
    if !d.service_id().fits_i32() {
        out.push(
            Problem::of(
                ProblemKind::LargeServiceId,
                format!(
                    "service id {} is above 2147483647: the Player's script API takes it as \
                     a signed long and may see a negative number; expected 1..=2147483647 \
                     (what ServiceId::random draws)",
                    d.service_id()
                ),
            )
            .with_field(Field::ServiceId)
            .with_span(d.span(Field::ServiceId)),
        );
    }
    for field in [
        Field::Provider,
        Field::AlbumArtist,
        Field::AlbumTitle,
        Field::Title,
    ] {
        let span = d.span(field);
        if let Some((i, c)) = d
            .field_str(field)
            .char_indices()
            .find(|&(_, c)| text::is_bidi_control(c))
        {
            let at = span.start + i;
            out.push(
                Problem::of(
                    ProblemKind::BidiControl,
                    format!(
                        "bidirectional control character U+{:04X} in {field} at bytes {at}..{}: \
                         it can make the text display as something else; expected none of \
                         U+202A..U+202E, U+2066..U+2069",
                        u32::from(c),
                        at + c.len_utf8()
                    ),
                )
                .with_field(field)
                .with_span(at..at + c.len_utf8()),
            );
        }
    }
    out
}
