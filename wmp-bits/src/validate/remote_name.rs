//! The remote name of a job: the URL or UNC path given to `AddFile`.

use alloc::borrow::Cow;
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use core::ops::Range;

use percent_encoding::{utf8_percent_encode, AsciiSet, CONTROLS};

use super::{Problem, ProblemKind, Severity};
use crate::text;

/// BITS' limit on a remote name: 2,200 UTF-16 code units, not counting the NUL.
pub const MAX_REMOTE_NAME_UTF16: usize = 2200;

/// BITS' limit on one segment of a remote name (between two separators): `MAX_PATH`, 260
/// UTF-16 code units.
pub const MAX_REMOTE_SEGMENT_UTF16: usize = 260;

/// The problems of a remote name (the URL given to `AddFile`), in the order of the
/// [table of codes](crate::Job#codes): `remote_name_empty` alone, or else `remote_name_scheme`
/// or `remote_name_drive_letter`, `remote_name_host`, `remote_name_invalid_character`,
/// `remote_name_too_long` and `remote_name_segment_too_long`, each at most once. The
/// subject is [`Subject::RemoteName`](super::Subject::RemoteName) and spans are byte ranges in `url`.
///
/// Accepted forms, as BITS documents them: `http://` and `https://` URLs, `file://` URLs,
/// UNC paths (`\\server\share\...`, both `\` and `/` separating after the leading `\\`) and
/// drive paths (with a warning). A remote UNC path must start with two backslashes, as BITS
/// documents it; the [local name](super::local_name), a Windows path that Windows itself
/// opens, may start with `//` too, which is why the two checks read the start of a name
/// differently. Only `http(s)://` URLs are held to the characters of a URL;
/// a `file://` URL, UNC or drive path may hold spaces and any other text but wildcards and
/// control characters.
///
/// ```
/// use wmp_bits::validate;
///
/// assert!(validate::remote_name("https://cdn.proseware.example/a/06%20Back%20in%20Black.mp3?sig=x").is_empty());
/// assert!(validate::remote_name(r"\\media\store\06 Back in Black.mp3").is_empty());
/// assert!(validate::remote_name("FILE://media/store/06 Back in Black.mp3").is_empty());
///
/// // Every character that BITS cannot take, in one problem, with the URL that works.
/// let p = validate::remote_name("https://cdn.proseware.example/06 Back in Black.mp3");
/// assert_eq!(p.len(), 1);
/// assert_eq!((p[0].code(), p[0].span()), ("remote_name_invalid_character", Some(32..41)));
/// assert_eq!(
///     p[0].message(),
///     "3 characters are not legal in a URL as written, and BITS does no escape processing \
///      or IDNA conversion: ' ' at byte 32 (as %20), ' ' at byte 37 (as %20) and ' ' at byte \
///      40 (as %20); expected the URL as validate::bits_url writes it: \
///      https://cdn.proseware.example/06%20Back%20in%20Black.mp3"
/// );
/// let codes: Vec<&str> = validate::remote_name("https:///x").iter().map(|p| p.code()).collect();
/// assert_eq!(codes, ["remote_name_host"]);
/// ```
#[must_use]
pub fn remote_name(url: &str) -> Vec<Problem> {
    let mut out = Vec::new();
    let problem =
        |kind, span: Range<usize>, message: String| Problem::of(kind, message).with_span(span);
    if url.is_empty() {
        out.push(Problem::of(
            ProblemKind::RemoteNameEmpty,
            "remote name is empty: expected an http://, https:// or file:// URL or a UNC path \
             \\\\server\\share\\file",
        ));
        return out;
    }

    let form = match form(url) {
        Ok(form) => form,
        Err((span, message)) => {
            out.push(problem(ProblemKind::RemoteNameScheme, span, message));
            Form::Other
        }
    };
    if form == Form::Drive {
        out.push(
            Problem::of(
                ProblemKind::RemoteNameDriveLetter,
                "remote name is a drive path, which BITS takes only for a network drive \
                 mapped in the user's session: expected a UNC path \\\\server\\share\\file \
                 or a URL",
            )
            .with_span(0..2),
        );
    }

    if let Some((span, message)) = missing_host(url, form) {
        out.push(problem(ProblemKind::RemoteNameHost, span, message));
    }

    if let Some((span, message)) = invalid_character(url, form) {
        out.push(problem(
            ProblemKind::RemoteNameInvalidCharacter,
            span,
            message,
        ));
    }

    let units = text::utf16_len(url);
    if units > MAX_REMOTE_NAME_UTF16 {
        out.push(problem(
            ProblemKind::RemoteNameTooLong,
            0..url.len(),
            format!(
                "remote name is {units} UTF-16 code units long: expected at most \
                 {MAX_REMOTE_NAME_UTF16} (BITS' limit)"
            ),
        ));
    }

    if let Some((span, units)) = long_segment(url, form) {
        out.push(problem(
            ProblemKind::RemoteNameSegmentTooLong,
            span.clone(),
            format!(
                "remote name segment at bytes {}..{} is {units} UTF-16 code units \
                 long: expected at most {MAX_REMOTE_SEGMENT_UTF16} (MAX_PATH) between two \
                 separators",
                span.start, span.end
            ),
        ));
    }
    out
}

/// The first segment of `url` (between two separators: `/`, and `\` too in a UNC or drive
/// path) over [`MAX_REMOTE_SEGMENT_UTF16`], with its length in UTF-16 code units.
fn long_segment(url: &str, form: Form) -> Option<(Range<usize>, usize)> {
    let backslash = matches!(form, Form::Unc | Form::Drive);
    let mut start = 0;
    for segment in url.split(|c| c == '/' || (backslash && c == '\\')) {
        let units = text::utf16_len(segment);
        if units > MAX_REMOTE_SEGMENT_UTF16 {
            return Some((start..start + segment.len(), units));
        }
        start += segment.len() + 1;
    }
    None
}

/// What kind of remote name a string is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Form {
    /// `http://` or `https://`; the authority starts at this byte.
    Http(usize),
    /// `file://`.
    File,
    /// `\\server\share\...`.
    Unc,
    /// `X:\...` or `X:/...`.
    Drive,
    /// Not a form BITS takes (already reported).
    Other,
}

fn starts_with_ignore_case(s: &str, prefix: &str) -> bool {
    s.len() >= prefix.len() && s.as_bytes()[..prefix.len()].eq_ignore_ascii_case(prefix.as_bytes())
}

/// The form of the nonempty `url`, or the span and message of `remote_name_scheme`.
fn form(url: &str) -> Result<Form, (Range<usize>, String)> {
    const EXPECTED: &str =
        "expected http://, https://, file:// or a UNC path \\\\server\\share\\file";
    for (prefix, form) in [
        ("http://", Form::Http(7)),
        ("https://", Form::Http(8)),
        ("file://", Form::File),
    ] {
        if starts_with_ignore_case(url, prefix) {
            return Ok(form);
        }
    }
    let b = url.as_bytes();
    match *b {
        [b'\\', b'\\', mark @ (b'?' | b'.'), ..]
            if b.len() == 3 || matches!(b[3], b'\\' | b'/') =>
        {
            let what = if mark == b'?' { "verbatim" } else { "device" };
            let end = b.len().min(4);
            Err((
                0..end,
                format!(
                    "remote name starts with the {what} prefix {:?} at bytes 0..{end}: {EXPECTED}",
                    &url[..end]
                ),
            ))
        }
        [b'\\', b'\\', ..] => Ok(Form::Unc),
        [letter, b':', b'\\' | b'/', ..] if letter.is_ascii_alphabetic() => Ok(Form::Drive),
        [b'/', b'/', ..] => Err((
            0..2,
            format!(
                "remote name starts with \"//\" and has no scheme: {EXPECTED} (a UNC path starts \
                 with two backslashes)"
            ),
        )),
        _ => {
            // A scheme: a letter, then letters, digits, '+', '-' or '.', then ':'.
            // (A ':' at byte 0 fails the first test, so no scheme is empty.)
            let scheme_len = url.find(':').filter(|&i| {
                b[0].is_ascii_alphabetic()
                    && b[..i]
                        .iter()
                        .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'+' | b'-' | b'.'))
            });
            Err(match scheme_len {
                Some(i)
                    if ["http", "https", "file"]
                        .iter()
                        .any(|s| url[..i].eq_ignore_ascii_case(s)) =>
                {
                    (
                        0..i + 1,
                        format!(
                            "remote name scheme {:?} at bytes 0..{} is not followed by \"//\": \
                             {EXPECTED}",
                            &url[..=i],
                            i + 1
                        ),
                    )
                }
                Some(i) => (
                    0..i,
                    format!(
                        "remote name scheme {:?} at bytes 0..{i} is not one BITS downloads from: \
                         {EXPECTED}",
                        &url[..i]
                    ),
                ),
                None => (
                    0..url.len(),
                    format!("remote name is neither a URL nor a UNC path: {EXPECTED}"),
                ),
            })
        }
    }
}

/// `remote_name_host` for an `http(s)` URL without a host or a UNC path without a server
/// or share.
fn missing_host(url: &str, form: Form) -> Option<(Range<usize>, String)> {
    let b = url.as_bytes();
    match form {
        Form::Http(start) => {
            let Authority { end, host } = authority(url, start);
            host.is_empty().then(|| {
                (
                    start..end,
                    format!(
                        "remote name has no host at byte {start}: expected {}//host/path",
                        &url[..start - 2]
                    ),
                )
            })
        }
        Form::Unc => {
            let name_end = |from: usize| {
                b[from..]
                    .iter()
                    .position(|&c| c == b'\\' || c == b'/')
                    .map_or(b.len(), |n| from + n)
            };
            let server_end = name_end(2);
            let share_end = if server_end < b.len() {
                name_end(server_end + 1)
            } else {
                server_end
            };
            let missing = if server_end == 2 {
                Some(("server", 2))
            } else if share_end <= server_end + 1 {
                Some(("share", (server_end + 1).min(b.len())))
            } else {
                None
            };
            missing.map(|(what, at)| {
                (
                    0..at,
                    format!(
                        "remote name is a UNC path without a {what} name at byte {at}: expected \
                         \\\\server\\share\\file"
                    ),
                )
            })
        }
        Form::File | Form::Drive | Form::Other => None,
    }
}

/// `remote_name_invalid_character`: the first control character anywhere, else by form.
fn invalid_character(url: &str, form: Form) -> Option<(Range<usize>, String)> {
    if let Some((i, c)) = text::find_control(url) {
        return Some((
            i..i + c.len_utf8(),
            format!(
                "control character U+{:04X} at byte {i} in remote name: expected none (a NUL \
                 would cut the name BITS stores)",
                u32::from(c)
            ),
        ));
    }
    match form {
        Form::Http(start) => http_characters(url, start),
        Form::File | Form::Unc | Form::Drive => url.find(['*', '?']).map(|i| {
            (
                i..i + 1,
                format!(
                    "wildcard {:?} at byte {i} in remote name: expected the name of one file \
                     (BITS takes no wildcards)",
                    &url[i..=i]
                ),
            )
        }),
        Form::Other => None,
    }
}

/// A character of an `http(s)` URL that BITS cannot take as written.
struct Offence {
    /// Where: the character, or a `%` and what was meant as its two digits.
    span: Range<usize>,
    what: Offending,
}

enum Offending {
    /// A character of the host that is not a host name character.
    Host(char),
    /// A `%` not followed by two hexadecimal digits.
    Escape,
    /// A character that a URL cannot hold as it is.
    Char(char),
}

/// The most offences a message lists one by one; it counts the rest.
const LISTED: usize = 8;

/// `remote_name_invalid_character` for an `http(s)` URL whose authority starts at byte
/// `start`: every character BITS cannot take as written, in one problem whose span runs
/// from the first to the last, and whose message names each (up to [`LISTED`]) and the
/// whole URL as [`bits_url`] writes it.
fn http_characters(url: &str, start: usize) -> Option<(Range<usize>, String)> {
    let found = offences(url, start);
    let span = found.first()?.span.start..found.last()?.span.end;
    let advice = Advice::of(url, &found);
    let message = match found.as_slice() {
        [one] => single(one, &advice),
        many => several(many, &advice),
    };
    Some((span, message))
}

/// Every character of the `http(s)` URL `url` (authority at `start`) that BITS cannot take
/// as written, in order.
fn offences(url: &str, start: usize) -> Vec<Offence> {
    let b = url.as_bytes();
    let host = authority(url, start).host;
    let mut found = Vec::new();
    for (i, c) in url.char_indices() {
        let what = if c == '%' {
            if starts_escape(url, i) {
                continue;
            }
            Offending::Escape
        } else if host.contains(&i) && !(c.is_ascii() && is_url_char(c)) {
            Offending::Host(c)
        } else if !is_url_char(c) {
            Offending::Char(c)
        } else {
            continue;
        };
        let end = match what {
            // The '%' and what was meant as its two digits.
            Offending::Escape => {
                i + 1
                    + b[i + 1..]
                        .iter()
                        .take(2)
                        .take_while(|c| c.is_ascii_alphanumeric())
                        .count()
            }
            Offending::Host(c) | Offending::Char(c) => i + c.len_utf8(),
        };
        found.push(Offence { span: i..end, what });
    }
    found
}

/// What the user should write instead of a URL with offending characters.
enum Advice {
    /// The whole URL as [`bits_url`] writes it, which passes.
    Whole(String),
    /// A host with characters that no host name holds (ASCII ones, or any in an IPv6
    /// literal): conversion cannot mend it.
    BadHost,
    /// A host that IDNA cannot write in ASCII.
    NotIdna,
    /// A non-ASCII host, and the crate built without its `idna` feature.
    #[cfg_attr(feature = "idna", allow(dead_code))]
    NeedsIdna,
    /// The converted URL, too long for BITS: the whole, or one of its segments, of this
    /// many UTF-16 code units.
    TooLong { units: usize, segment: bool },
}

impl Advice {
    fn of(url: &str, found: &[Offence]) -> Advice {
        let ascii_host = |o: &Offence| matches!(o.what, Offending::Host(c) if c.is_ascii());
        if found.iter().any(ascii_host) {
            return Advice::BadHost;
        }
        match convert(url) {
            Err(Unconverted::NotIdna(_)) => Advice::NotIdna,
            Err(Unconverted::NeedsIdna(_)) => Advice::NeedsIdna,
            // What conversion leaves as it is (an IPv6 literal's characters) it cannot mend.
            Ok(converted)
                if !offences(&converted, url.find("://").map_or(0, |i| i + 3)).is_empty() =>
            {
                Advice::BadHost
            }
            Ok(converted) => {
                let units = text::utf16_len(&converted);
                if units > MAX_REMOTE_NAME_UTF16 {
                    Advice::TooLong {
                        units,
                        segment: false,
                    }
                } else if let Some((_, units)) = long_segment(&converted, Form::Http(0)) {
                    Advice::TooLong {
                        units,
                        segment: true,
                    }
                } else {
                    Advice::Whole(converted.into_owned())
                }
            }
        }
    }

    /// What a host name character needs, for a message that names one.
    fn host(&self) -> String {
        match self {
            Advice::Whole(whole) => {
                format!("the host in its IDNA (punycode) form, as in {whole}")
            }
            Advice::BadHost => String::from(
                "a host name of letters, digits, '-' and '.', or an IPv6 address in brackets",
            ),
            Advice::NotIdna => {
                String::from("a host name that IDNA can write in ASCII, which this one is not")
            }
            Advice::NeedsIdna => String::from(
                "the host in its IDNA (punycode) form, which validate::bits_url writes when \
                 wmp-bits is built with its `idna` feature",
            ),
            Advice::TooLong { .. } => {
                format!("the host in its IDNA (punycode) form{}", self.tail())
            }
        }
    }

    /// What follows the advice on the rest: the whole URL, or why it cannot be given.
    fn tail(&self) -> String {
        match self {
            Advice::Whole(whole) => format!(", as in {whole}"),
            Advice::TooLong {
                units,
                segment: false,
            } => format!(
                ", and a shorter URL: written so, the remote name is {units} UTF-16 code units \
                 long, over BITS' limit of {MAX_REMOTE_NAME_UTF16}"
            ),
            Advice::TooLong {
                units,
                segment: true,
            } => format!(
                ", and a shorter URL: written so, a segment is {units} UTF-16 code units long, \
                 over the limit of {MAX_REMOTE_SEGMENT_UTF16} between two separators"
            ),
            Advice::BadHost | Advice::NotIdna | Advice::NeedsIdna => String::new(),
        }
    }
}

/// `c` percent-encoded as UTF-8.
fn encoded(c: char) -> String {
    let mut buf = [0u8; 4];
    utf8_percent_encode(c.encode_utf8(&mut buf), NOT_IN_URL).collect()
}

/// The message for a URL with one offending character.
fn single(offence: &Offence, advice: &Advice) -> String {
    let i = offence.span.start;
    match offence.what {
        Offending::Host(c) => format!(
            "character {c:?} at byte {i} is in the host name, which BITS sends as it is: \
             expected {}",
            advice.host()
        ),
        Offending::Escape => format!(
            "'%' at byte {i} in remote name is not followed by two hexadecimal digits: \
             expected %XX, or %25 for a '%' itself{}",
            advice.tail()
        ),
        Offending::Char(c) => format!(
            "character {c:?} at byte {i} is not legal in a URL, and BITS does no escape \
             processing: expected it percent-encoded as {}{}",
            encoded(c),
            advice.tail()
        ),
    }
}

/// The message for a URL with several offending characters: each (up to [`LISTED`]), then
/// the whole URL as it should be.
fn several(found: &[Offence], advice: &Advice) -> String {
    let mut items: Vec<String> = found
        .iter()
        .take(LISTED)
        .map(|o| {
            let i = o.span.start;
            match o.what {
                Offending::Host(c) => format!("{c:?} at byte {i} in the host name"),
                Offending::Escape => {
                    format!("'%' at byte {i} without two hexadecimal digits (as %25)")
                }
                Offending::Char(c) => format!("{c:?} at byte {i} (as {})", encoded(c)),
            }
        })
        .collect();
    if found.len() > LISTED {
        items.push(format!("{} more", found.len() - LISTED));
    }
    let list = match items.split_last() {
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
        None => String::new(),
    };
    let host = found.iter().any(|o| matches!(o.what, Offending::Host(_)));
    let rest = found.iter().any(|o| !matches!(o.what, Offending::Host(_)));
    let expected = match advice {
        Advice::Whole(whole) => format!("the URL as validate::bits_url writes it: {whole}"),
        _ if host && rest => format!("{}, and the rest percent-encoded as listed", advice.host()),
        _ if host => advice.host(),
        _ => format!("them percent-encoded as listed{}", advice.tail()),
    };
    format!(
        "{} characters are not legal in a URL as written, and BITS does no escape processing \
         or IDNA conversion: {list}; expected {expected}",
        found.len()
    )
}

/// What must be percent-encoded in an `http(s)` URL for BITS, which does no escape
/// processing: control characters, the space and the ASCII characters RFC 3986 allows
/// nowhere in a URL (`"`, `<`, `>`, `\`, `^`, `` ` ``, `{`, `|`, `}`); every non-ASCII
/// character is encoded as its UTF-8 bytes too. (`%` itself is legal when it starts an
/// escape, and is checked apart.)
const NOT_IN_URL: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'<')
    .add(b'>')
    .add(b'\\')
    .add(b'^')
    .add(b'`')
    .add(b'{')
    .add(b'|')
    .add(b'}');

/// Whether `c` may stand in an `http(s)` URL as it is (`%` is checked apart): encoding it
/// leaves it as it is.
fn is_url_char(c: char) -> bool {
    let mut buf = [0u8; 4];
    let c = &*c.encode_utf8(&mut buf);
    utf8_percent_encode(c, NOT_IN_URL).next() == Some(c)
}

/// Where the authority of an `http(s)` URL ends, and where its host is (without the user
/// information and the port; an IPv6 literal keeps its brackets).
struct Authority {
    end: usize,
    host: Range<usize>,
}

/// The authority of `url`, which starts at byte `start` (after `//`).
fn authority(url: &str, start: usize) -> Authority {
    let end = url[start..]
        .find(['/', '?', '#'])
        .map_or(url.len(), |n| start + n);
    let host_start = url[start..end].rfind('@').map_or(start, |i| start + i + 1);
    let host_end = match url[host_start..end].rfind(':') {
        Some(i) if !url[host_start + i..end].contains(']') => host_start + i,
        _ => end,
    };
    Authority {
        end,
        host: host_start..host_end,
    }
}

/// A store's URL in the form BITS takes: an `http(s)` URL with its host in IDNA (punycode)
/// form and every character that a URL cannot hold percent-encoded as UTF-8 (`%` itself as
/// `%25` where it does not start an escape); any other remote name as it is. Then checked
/// by [`remote_name`]: the result has no error.
///
/// Writing a non-ASCII host in IDNA form needs the crate's `idna` feature (off by default,
/// since the `idna` crate can bring ten more crates into a dependent's build). Without it,
/// an ASCII host is taken as it is and a non-ASCII one is refused with a
/// `remote_name_host` error that names the feature.
///
/// ```
/// use wmp_bits::validate;
///
/// assert_eq!(
///     validate::bits_url("https://downloads.proseware.example/t/Für Elise 100%.mp3?q=ü")?,
///     "https://downloads.proseware.example/t/F%C3%BCr%20Elise%20100%25.mp3?q=%C3%BC"
/// );
/// #[cfg(feature = "idna")]
/// assert_eq!(
///     validate::bits_url("https://bücher.example/t/1.mp3")?,
///     "https://xn--bcher-kva.example/t/1.mp3"
/// );
/// #[cfg(not(feature = "idna"))]
/// assert!(validate::bits_url("https://bücher.example/t/1.mp3")
///     .unwrap_err()
///     .message()
///     .contains("needs the `idna` feature of wmp-bits"));
/// // Already in the form BITS takes: borrowed as it is.
/// let url = "https://downloads.proseware.example/t/3.wma";
/// assert!(matches!(validate::bits_url(url)?, std::borrow::Cow::Borrowed(u) if u == url));
///
/// // What conversion cannot mend is an error of the original text.
/// let err = validate::bits_url("ftp://files.proseware.example/t/3.wma").unwrap_err();
/// assert_eq!((err.code(), err.span()), ("remote_name_scheme", Some(0..3)));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
///
/// The first error that conversion cannot mend, as [`remote_name`] reports it, with its span
/// in `url`: a scheme BITS does not take, a missing host, a control character, a wildcard
/// outside a URL, a host that IDNA cannot write in ASCII or, without the `idna` feature, a
/// host that is not ASCII (`remote_name_host`); or a name
/// too long once converted (`remote_name_too_long`, `remote_name_segment_too_long`), whose
/// message gives the converted length and whose span is in the converted text.
pub fn bits_url(url: &str) -> Result<Cow<'_, str>, Problem> {
    let converted = convert(url).map_err(|e| e.problem(url))?;
    // Conversion mends the characters of an http(s) URL (but for control characters) and
    // changes its length; anything else is an error of the original, with its spans.
    let mended = |p: &Problem| match p.kind() {
        ProblemKind::RemoteNameInvalidCharacter => text::find_control(url).is_none(),
        ProblemKind::RemoteNameTooLong | ProblemKind::RemoteNameSegmentTooLong => true,
        _ => false,
    };
    let error = |p: &Problem| p.severity() == Severity::Error;
    if let Some(p) = remote_name(url)
        .into_iter()
        .find(|p| error(p) && !mended(p))
    {
        return Err(p);
    }
    match remote_name(&converted).into_iter().find(error) {
        None => Ok(converted),
        Some(p) => Err(p),
    }
}

/// Why a URL cannot be converted: its host, at this byte range.
enum Unconverted {
    /// IDNA cannot write the host in ASCII.
    #[cfg_attr(not(feature = "idna"), allow(dead_code))]
    NotIdna(Range<usize>),
    /// The host is not ASCII, and the crate is built without its `idna` feature.
    #[cfg_attr(feature = "idna", allow(dead_code))]
    NeedsIdna(Range<usize>),
}

impl Unconverted {
    /// The `remote_name_host` problem that [`bits_url`] returns.
    fn problem(&self, url: &str) -> Problem {
        let (Unconverted::NotIdna(host) | Unconverted::NeedsIdna(host)) = self;
        let (start, end) = (host.start, host.end);
        let message = match self {
            Unconverted::NotIdna(_) => format!(
                "remote name host {:?} at bytes {start}..{end} cannot be written in IDNA \
                 (punycode) form: expected a host name",
                &url[host.clone()]
            ),
            Unconverted::NeedsIdna(_) => format!(
                "remote name host {:?} at bytes {start}..{end} is not ASCII, and writing it in \
                 IDNA (punycode) form needs the `idna` feature of wmp-bits: expected a host \
                 in ASCII, or wmp-bits built with features = [\"idna\"]",
                &url[host.clone()]
            ),
        };
        Problem::of(ProblemKind::RemoteNameHost, message).with_span(host.clone())
    }
}

/// The host `host` of an `http(s)` URL in IDNA (punycode) form.
#[cfg(feature = "idna")]
fn idna_host(host: &str) -> Result<Cow<'_, str>, ()> {
    idna::domain_to_ascii_cow(host.as_bytes(), idna::AsciiDenyList::URL).map_err(drop)
}

/// [`bits_url`] without the final check: the host of an `http(s)` URL in IDNA form and the
/// rest percent-encoded; anything else as it is. Without the `idna` feature, an ASCII host
/// is taken as it is and any other is refused.
fn convert(url: &str) -> Result<Cow<'_, str>, Unconverted> {
    let Ok(Form::Http(start)) = form(url) else {
        return Ok(Cow::Borrowed(url));
    };
    let Authority { host, .. } = authority(url, start);
    let text = &url[host.clone()];
    let ascii_host = if text.starts_with('[') {
        Cow::Borrowed(text)
    } else {
        #[cfg(feature = "idna")]
        {
            idna_host(text).map_err(|()| Unconverted::NotIdna(host.clone()))?
        }
        #[cfg(not(feature = "idna"))]
        {
            if !text.is_ascii() {
                return Err(Unconverted::NeedsIdna(host));
            }
            Cow::Borrowed(text)
        }
    };
    let mut out = String::with_capacity(url.len());
    encode(&mut out, &url[..host.start]);
    out.push_str(&ascii_host);
    encode(&mut out, &url[host.end..]);
    Ok(if out == url {
        Cow::Borrowed(url)
    } else {
        Cow::Owned(out)
    })
}

/// Appends `s` to `out` with what a URL cannot hold percent-encoded, and each `%` that does
/// not start an escape written `%25`.
fn encode(out: &mut String, s: &str) {
    let mut from = 0;
    for (i, _) in s.match_indices('%') {
        out.extend(utf8_percent_encode(&s[from..i], NOT_IN_URL));
        out.push_str(if starts_escape(s, i) { "%" } else { "%25" });
        from = i + 1;
    }
    out.extend(utf8_percent_encode(&s[from..], NOT_IN_URL));
}

/// Whether the `%` at byte `i` of `s` starts an escape: two hexadecimal digits follow.
fn starts_escape(s: &str, i: usize) -> bool {
    let hex = |j: usize| s.as_bytes().get(j).is_some_and(u8::is_ascii_hexdigit);
    hex(i + 1) && hex(i + 2)
}

#[cfg(test)]
mod tests {
    use super::remote_name;
    use crate::validate::{Severity, Subject};
    use alloc::string::{String, ToString};
    use alloc::vec::Vec;

    fn remote(url: &str) -> Vec<(&'static str, core::ops::Range<usize>)> {
        remote_name(url)
            .iter()
            .map(|p| {
                assert_eq!(p.subject(), Subject::RemoteName);
                (p.code(), p.span().unwrap_or(usize::MAX..usize::MAX))
            })
            .collect()
    }

    #[test]
    fn remote_forms_that_bits_takes() {
        for url in [
            "http://h/a.mp3",
            "https://downloads.proseware.example/a/b.wma?sig=a%2Fb&x=1#frag",
            "HTTPS://H/A.MP3",
            "HtTp://user:pw@h:8080/a.mp3",
            "https://[2001:db8::1]:443/a.mp3",
            "https://[2001:db8::1]/a.mp3",
            "https://h",
            "file://server/share/My Song.mp3",
            "FILE:///C:/Music/song.mp3",
            r"\\server\share\My Song.mp3",
            r"\\server/share/song.mp3",
            "https://h/~user/(1)!$&'*+,;=:@-._[]",
        ] {
            assert_eq!(remote(url), [], "{url}");
        }
    }

    #[test]
    fn remote_empty_is_reported_alone() {
        let p = remote_name("");
        assert_eq!(p.len(), 1);
        assert_eq!((p[0].code(), p[0].span()), ("remote_name_empty", None));
        assert_eq!(p[0].severity(), Severity::Error);
        assert_eq!(
            p[0].message(),
            r"remote name is empty: expected an http://, https:// or file:// URL or a UNC path \\server\share\file"
        );
    }

    #[test]
    fn remote_scheme_problems() {
        assert_eq!(remote("ftp://h/a.mp3"), [("remote_name_scheme", 0..3)]);
        assert_eq!(remote("mailto:x"), [("remote_name_scheme", 0..6)]);
        assert_eq!(remote("https:/h/a.mp3"), [("remote_name_scheme", 0..6)]);
        assert_eq!(remote("HTTP:h"), [("remote_name_scheme", 0..5)]);
        assert_eq!(
            remote("//cdn.example/a.mp3"),
            [("remote_name_scheme", 0..2)]
        );
        assert_eq!(remote("song.mp3"), [("remote_name_scheme", 0..8)]);
        assert_eq!(remote(" https://h/a"), [("remote_name_scheme", 0..12)]);
        assert_eq!(remote(r"\\?\C:\a.mp3"), [("remote_name_scheme", 0..4)]);
        assert_eq!(remote(r"\\.\pipe\x"), [("remote_name_scheme", 0..4)]);
        assert_eq!(remote(r"\\?"), [("remote_name_scheme", 0..3)]);
        // Only `\\?\` and `\\.\` are prefixes: a server name may start with a dot.
        assert!(remote(r"\\.media\store\a.mp3").is_empty());
        // A scheme starts with a letter and holds only letters, digits, '+', '-' and '.'.
        assert_eq!(remote(":x"), [("remote_name_scheme", 0..2)]);
        assert_eq!(remote("1a:x"), [("remote_name_scheme", 0..4)]);
        assert_eq!(remote("ab cd:x"), [("remote_name_scheme", 0..7)]);
        assert_eq!(remote("a+b-c.d:x"), [("remote_name_scheme", 0..7)]);
        let p = remote_name("ftp://h/a.mp3");
        assert_eq!(
            p[0].message(),
            r#"remote name scheme "ftp" at bytes 0..3 is not one BITS downloads from: expected http://, https://, file:// or a UNC path \\server\share\file"#
        );
        let p = remote_name("https:/h");
        assert_eq!(
            p[0].message(),
            r#"remote name scheme "https:" at bytes 0..6 is not followed by "//": expected http://, https://, file:// or a UNC path \\server\share\file"#
        );
        let p = remote_name(r"\\?\C:\a.mp3");
        assert_eq!(
            p[0].message(),
            r#"remote name starts with the verbatim prefix "\\\\?\\" at bytes 0..4: expected http://, https://, file:// or a UNC path \\server\share\file"#
        );
    }

    #[test]
    fn remote_drive_path_is_a_warning() {
        let p = remote_name(r"Z:\store\a.mp3");
        assert_eq!(p.len(), 1);
        assert_eq!(
            (p[0].severity(), p[0].code(), p[0].span()),
            (Severity::Warning, "remote_name_drive_letter", Some(0..2))
        );
        assert_eq!(
            remote("z:/store/a.mp3"),
            [("remote_name_drive_letter", 0..2)]
        );
        // Without a separator it is a scheme ("Z") BITS does not know.
        assert_eq!(remote("Z:a.mp3"), [("remote_name_scheme", 0..1)]);
        // A drive is a letter; anything else before the colon is no scheme at all.
        assert_eq!(remote(r"1:\store\a.mp3"), [("remote_name_scheme", 0..14)]);
    }

    #[test]
    fn remote_host_problems() {
        assert_eq!(remote("https://"), [("remote_name_host", 8..8)]);
        assert_eq!(remote("https:///a.mp3"), [("remote_name_host", 8..8)]);
        assert_eq!(remote("http://user@/a"), [("remote_name_host", 7..12)]);
        assert_eq!(remote("http://:80/a"), [("remote_name_host", 7..10)]);
        // A ':' before a ']' belongs to an IPv6 literal, not to a port: the host here is
        // ":]", odd but not missing.
        assert!(remote("http://:]/a").is_empty());
        assert_eq!(remote(r"\\"), [("remote_name_host", 0..2)]);
        assert_eq!(remote(r"\\\share\a.mp3"), [("remote_name_host", 0..2)]);
        assert_eq!(remote(r"\\server"), [("remote_name_host", 0..8)]);
        assert_eq!(remote(r"\\server\"), [("remote_name_host", 0..9)]);
        assert_eq!(remote(r"\\server\\a.mp3"), [("remote_name_host", 0..9)]);
        let p = remote_name("https:///a.mp3");
        assert_eq!(
            p[0].message(),
            "remote name has no host at byte 8: expected https://host/path"
        );
        let p = remote_name(r"\\server");
        assert_eq!(
            p[0].message(),
            r"remote name is a UNC path without a share name at byte 8: expected \\server\share\file"
        );
    }

    #[test]
    fn remote_characters() {
        assert_eq!(
            remote("https://h/a b"),
            [("remote_name_invalid_character", 11..12)]
        );
        assert_eq!(
            remote("https://h/é"),
            [("remote_name_invalid_character", 10..12)]
        );
        assert_eq!(
            remote("https://h/a%2"),
            [("remote_name_invalid_character", 11..13)]
        );
        assert_eq!(
            remote("https://h/ab%2g"),
            [("remote_name_invalid_character", 12..15)]
        );
        assert_eq!(
            remote("https://h/a%g1"),
            [("remote_name_invalid_character", 11..14)]
        );
        assert_eq!(
            remote("https://h/a%zz"),
            [("remote_name_invalid_character", 11..14)]
        );
        assert_eq!(
            remote("https://h/a%"),
            [("remote_name_invalid_character", 11..12)]
        );
        // The '%' and the 'é' after it, in one problem.
        assert_eq!(
            remote("https://h/a%é"),
            [("remote_name_invalid_character", 11..14)]
        );
        assert_eq!(remote("https://h/a%e9"), []);
        assert_eq!(
            remote(r"https://h\a"),
            [("remote_name_invalid_character", 9..10)]
        );
        for c in ['"', '<', '>', '^', '`', '{', '|', '}'] {
            let url = alloc::format!("https://h/{c}");
            assert_eq!(
                remote(&url),
                [("remote_name_invalid_character", 10..11)],
                "{url}"
            );
        }
        assert_eq!(
            remote("https://h/a\0"),
            [("remote_name_invalid_character", 11..12)]
        );
        assert_eq!(
            remote(r"\\s\h\a*.mp3"),
            [("remote_name_invalid_character", 7..8)]
        );
        assert_eq!(
            remote("file://s/h/a?.mp3"),
            [("remote_name_invalid_character", 12..13)]
        );
        assert_eq!(
            remote(r"Z:\a?.mp3")[1],
            ("remote_name_invalid_character", 4..5)
        );
        assert_eq!(
            remote("ftp://h/\u{85}")[1],
            ("remote_name_invalid_character", 8..10)
        );
        let msg = |url: &str| remote_name(url)[0].message().to_string();
        assert_eq!(
            msg("https://h/音"),
            "character '音' at byte 10 is not legal in a URL, and BITS does no escape \
             processing: expected it percent-encoded as %E9%9F%B3, as in https://h/%E9%9F%B3"
        );
        assert_eq!(
            msg("https://h/%G1"),
            "'%' at byte 10 in remote name is not followed by two hexadecimal digits: \
             expected %XX, or %25 for a '%' itself, as in https://h/%25G1"
        );
        assert_eq!(
            msg("https://h/\0"),
            "control character U+0000 at byte 10 in remote name: expected none (a NUL would \
             cut the name BITS stores)"
        );
        assert_eq!(
            msg(r"\\s\h\*"),
            "wildcard \"*\" at byte 6 in remote name: expected the name of one file (BITS \
             takes no wildcards)"
        );
    }

    #[test]
    fn every_offending_character_is_in_one_problem_with_the_whole_url() {
        let url = "https://h/a b\"c%zz/d e?q=<1>";
        let p = remote_name(url);
        assert_eq!(p.len(), 1);
        assert_eq!(p[0].span(), Some(11..28));
        assert_eq!(
            p[0].message(),
            "6 characters are not legal in a URL as written, and BITS does no escape \
             processing or IDNA conversion: ' ' at byte 11 (as %20), '\"' at byte 13 (as %22), \
             '%' at byte 15 without two hexadecimal digits (as %25), ' ' at byte 20 (as %20), \
             '<' at byte 25 (as %3C) and '>' at byte 27 (as %3E); expected the URL as \
             validate::bits_url writes it: https://h/a%20b%22c%25zz/d%20e?q=%3C1%3E"
        );
        // Following the advice passes.
        assert_eq!(remote("https://h/a%20b%22c%25zz/d%20e?q=%3C1%3E"), []);
        // Past eight, the rest are counted.
        let spaces = alloc::format!("https://h/{}", " x".repeat(10));
        let message = remote_name(&spaces)[0].message().to_string();
        assert!(
            message.starts_with("10 characters are not legal"),
            "{message}"
        );
        assert!(
            message.contains(
                "' ' at byte 24 (as %20) and 2 more; expected the URL as \
                 validate::bits_url writes it: https://h/%20x%20x"
            ),
            "{message}"
        );
        assert_eq!(remote_name(&spaces)[0].span(), Some(10..29));
    }

    #[test]
    fn a_host_that_no_conversion_mends_is_named_with_the_rest() {
        let p = remote_name("https://a^b/c d");
        assert_eq!(p.len(), 1);
        assert_eq!(
            p[0].message(),
            "2 characters are not legal in a URL as written, and BITS does no escape \
             processing or IDNA conversion: '^' at byte 9 in the host name and ' ' at byte 13 \
             (as %20); expected a host name of letters, digits, '-' and '.', or an IPv6 \
             address in brackets, and the rest percent-encoded as listed"
        );
        let p = remote_name("https://a^b/");
        assert_eq!(
            p[0].message(),
            "character '^' at byte 9 is in the host name, which BITS sends as it is: expected \
             a host name of letters, digits, '-' and '.', or an IPv6 address in brackets"
        );
    }

    #[test]
    fn an_encoding_that_makes_the_url_too_long_asks_for_a_shorter_one() {
        // 760 units, 3,760 once encoded.
        let long = alloc::format!("https://h/{}", "éééé/".repeat(150));
        let p = remote_name(&long);
        assert_eq!(p.len(), 1);
        assert!(
            p[0].message().ends_with(
                "(as %C3%A9) and 592 more; expected them percent-encoded as listed, and a \
                 shorter URL: written so, the remote name is 3760 UTF-16 code units long, over \
                 BITS' limit of 2200"
            ),
            "{}",
            p[0].message()
        );
        let segment = alloc::format!("https://h/{}", "é".repeat(50));
        assert!(remote_name(&segment)[0].message().ends_with(
            "and a shorter URL: written so, a segment is 300 UTF-16 code units long, over the \
             limit of 260 between two separators"
        ));
        let one = alloc::format!("https://h/é/{}", "a/".repeat(1092));
        assert_eq!(crate::text::utf16_len(&one), 2196);
        assert_eq!(
            remote_name(&one)[0].message(),
            "character 'é' at byte 10 is not legal in a URL, and BITS does no escape \
             processing: expected it percent-encoded as %C3%A9, and a shorter URL: written \
             so, the remote name is 2201 UTF-16 code units long, over BITS' limit of 2200"
        );
    }

    #[test]
    fn remote_length_boundaries() {
        // Segments of 100, to stay within the segment limit.
        let url = |units: usize| {
            let mut s = String::from("https://h");
            while s.len() + 101 <= units {
                s.push('/');
                s.push_str(&"a".repeat(100));
            }
            s.push('/');
            s.push_str(&"b".repeat(units - s.len()));
            s
        };
        assert_eq!(url(2200).len(), 2200);
        assert_eq!(remote(&url(2200)), []);
        assert_eq!(remote(&url(2201)), [("remote_name_too_long", 0..2201)]);
        assert_eq!(
            remote_name(&url(2201))[0].message(),
            "remote name is 2201 UTF-16 code units long: expected at most 2200 (BITS' limit)"
        );
        // Segments: 260 units fit, 261 do not; an astral character counts twice.
        let seg = |s: &str| alloc::format!("https://h/{s}/x");
        assert_eq!(remote(&seg(&"a".repeat(260))), []);
        assert_eq!(
            remote(&seg(&"a".repeat(261))),
            [("remote_name_segment_too_long", 10..271)]
        );
        let unc = alloc::format!(r"\\s\h\{}\x", "🎷".repeat(131));
        assert_eq!(remote(&unc), [("remote_name_segment_too_long", 6..530)]);
        let unc = alloc::format!(r"\\s\h\{}\x", "🎷".repeat(130));
        assert_eq!(remote(&unc), []);
        assert_eq!(
            remote_name(&seg(&"a".repeat(261)))[0].message(),
            "remote name segment at bytes 10..271 is 261 UTF-16 code units long: expected at \
             most 260 (MAX_PATH) between two separators"
        );
        // An http URL's backslash is a character, not a separator.
        let p = remote(&alloc::format!(
            r"https://h/{}\{}",
            "a".repeat(200),
            "a".repeat(100)
        ));
        assert_eq!(p.last().map(|p| p.0), Some("remote_name_segment_too_long"));
        // Every problem at once.
        let mut all = String::from("ftp://h/ ");
        all.push_str(&"a".repeat(2300));
        let codes: Vec<_> = remote(&all).into_iter().map(|p| p.0).collect();
        assert_eq!(
            codes,
            [
                "remote_name_scheme",
                "remote_name_too_long",
                "remote_name_segment_too_long"
            ]
        );
    }
}
