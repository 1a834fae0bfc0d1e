//! [`Job`]: everything one BITS job of the Player needs (remote URL, local name,
//! description and display name) held in one value and checked together.
//!
//! ```
//! use wmp_bits::file_name::{local_name_for, Extension};
//! use wmp_bits::job::Job;
//! use wmp_bits::{Descriptor, Kind, ServiceId};
//!
//! let d = Descriptor::builder(Kind::Job, ServiceId::new(987_654_321).unwrap(), "Proseware")
//!     .album_artist("Norah Jones")
//!     .album_title("Come Away with Me")
//!     .track_number(3)
//!     .title("Cold Cold Heart")
//!     .build()?;
//! let local = local_name_for(r"C:\Users\Pat\Music", &d, Extension::Wma)?;
//! let job = Job::new("https://downloads.proseware.example/t/3.wma", local, d)
//!     .with_installed_providers(["Proseware"]);
//! let report = job.check();
//! assert!(report.problems().is_empty(), "{report}");
//! assert_eq!(job.display_name(), "Norah Jones - Cold Cold Heart");
//! assert_eq!(job.local_name(), r"C:\Users\Pat\Music\03 Cold Cold Heart.wma");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use alloc::borrow::Cow;
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt::Write as _;

use crate::file_name::cut_utf16;
use crate::validate::{self, Problem, Report, Severity, Subject};
use crate::{text, Descriptor};

/// BITS' limit on a remote name: 2,200 UTF-16 code units, not counting the NUL.
pub const MAX_REMOTE_NAME_UTF16: usize = 2200;

/// BITS' limit on one segment of a remote name (between two separators): `MAX_PATH`, 260
/// UTF-16 code units.
pub const MAX_REMOTE_SEGMENT_UTF16: usize = 260;

/// BITS' limit on a job's display name: 256 UTF-16 code units, not counting the NUL.
pub const MAX_DISPLAY_NAME_UTF16: usize = 256;

/// One BITS download for Windows Media Player: the remote URL and the local name given to
/// `IBackgroundCopyJob::AddFile`, the [`Descriptor`] given to `SetDescription`, and the
/// display name given to `IBackgroundCopyManager::CreateJob`.
///
/// Make one with [`new`](Job::new), optionally give it a display name
/// ([`with_display_name`](Job::with_display_name); otherwise one is
/// [derived from the metadata](default_display_name)) and the installed stores' key
/// names ([`with_installed_providers`](Job::with_installed_providers)), then
/// [`check`](Job::check) it: the [`Report`] holds every problem of every part at once.
/// Code that hands the job to BITS then takes every argument from this one value
/// ([`display_name`](Job::display_name), [`remote_url`](Job::remote_url),
/// [`local_name`](Job::local_name), [`description`](Job::description)).
///
/// A `Job` holds its parts as given, valid or not: [`check`](Job::check) says what is
/// wrong with them. It is cheap to clone, `Send` and `Sync`.
///
/// # What is checked
///
/// In the order of the report:
///
/// 1. **The description**: the [`validate::warnings`] of the descriptor (a descriptor is
///    always valid), and, when installed key names are given, that the provider is one of
///    them (`provider_not_installed`, [`validate::provider_installed`]).
/// 2. **The local name**: every rule of [`validate::local_name`] (codes `local_name_*`).
///    Whether its folder exists, which BITS requires, cannot be checked here. The kind
///    makes no difference: with `WMP_JOB` the Player moves the finished file to its
///    ripped-music folder, with `WMP_STATUS` it stays where it is, and the documented rules
///    of the local name are the same for both.
/// 3. **The remote name** ([`check_remote_name`]).
/// 4. **The display name** ([`check_display_name`]). A derived display name is made to
///    pass, and its bidirectional formatting characters (if any) are already reported by
///    the description's `bidi_control`, so only a given one can have problems here.
///
/// # Codes
///
/// Besides the codes of [`validate::job`] (the description's and `local_name_*`), a
/// report can hold these, each with the byte [span](Problem::span) of the offending part
/// in the remote or display name:
///
/// | code | severity | when |
/// |---|---|---|
/// | `remote_name_empty` | error | the remote name is empty (nothing else is checked then) |
/// | `remote_name_scheme` | error | not `http://`, `https://`, `file://` (scheme in any case), a UNC path `\\server\share\...` or a drive path; also `\\?\` and `\\.\` names, and a URL without its scheme (`//host/...`) |
/// | `remote_name_drive_letter` | warning | a drive path such as `Z:\music\song.wma`: BITS takes one only for a network drive mapped in the user's session |
/// | `remote_name_host` | error | an `http(s)://` URL without a host, or a UNC path without a server or share name |
/// | `remote_name_invalid_character` | error | a control character; in an `http(s)://` URL, a character that is not legal in a URL (BITS does no escape processing: a space must be `%20`, non-ASCII text percent-encoded UTF-8) or a `%` not followed by two hex digits; in a UNC, drive or `file://` name, a wildcard `*` or `?` |
/// | `remote_name_too_long` | error | more than 2,200 UTF-16 code units |
/// | `remote_name_segment_too_long` | error | more than 260 UTF-16 code units between two separators (`/`; also `\` in a UNC or drive path) |
/// | `display_name_empty` | warning | the display name is empty or only white space, so the job has no name in BITS' tools |
/// | `display_name_control_character` | error | a control character (U+0000–U+001F, U+007F–U+009F; a NUL would cut the name) |
/// | `display_name_too_long` | error | more than 256 UTF-16 code units |
/// | `display_name_bidi_control` | warning | a bidirectional formatting character (U+202A–U+202E, U+2066–U+2069), which can make the name display as something else |
///
/// Each code appears at most once a part (the first offending character is reported).
///
/// ```
/// use wmp_bits::job::Job;
/// use wmp_bits::Descriptor;
///
/// let d: Descriptor = "::WMP_JOB:1:42:Contoso:Björk:Homogenic:2:Jóga:305:75".parse()?;
/// let job = Job::new("ftp://files.contoso.example/joga.wma", r"C:\Music\Jóga.wav", d)
///     .with_display_name("Jóga\0");
/// let report = job.check();
/// let codes: Vec<&str> = report.problems().iter().map(|p| p.code()).collect();
/// assert_eq!(
///     codes,
///     ["local_name_extension", "remote_name_scheme", "display_name_control_character"]
/// );
/// # Ok::<(), wmp_bits::ParseError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Job {
    remote_url: String,
    local_name: String,
    descriptor: Descriptor,
    display_name: String,
    display_name_derived: bool,
    installed: Option<Vec<String>>,
}

impl Job {
    /// A job that downloads `remote_url` to `local_name`, described by `descriptor`, with
    /// the display name [derived from the metadata](default_display_name).
    ///
    /// ```
    /// use wmp_bits::job::Job;
    /// let d: wmp_bits::Descriptor = "::WMP_JOB:1:42:Contoso:Björk::2:Jóga::".parse()?;
    /// let job = Job::new("https://contoso.example/2.mp3", r"C:\Music\02 Jóga.mp3", d);
    /// assert_eq!(job.display_name(), "Björk - Jóga");
    /// assert!(job.display_name_is_derived());
    /// # Ok::<(), wmp_bits::ParseError>(())
    /// ```
    pub fn new(
        remote_url: impl Into<String>,
        local_name: impl Into<String>,
        descriptor: Descriptor,
    ) -> Job {
        Job {
            remote_url: remote_url.into(),
            local_name: local_name.into(),
            display_name: default_display_name(&descriptor),
            display_name_derived: true,
            descriptor,
            installed: None,
        }
    }

    /// The same job with `display_name` instead of the derived one. It is taken as given
    /// and [checked](check_display_name) by [`check`](Job::check).
    ///
    /// ```
    /// use wmp_bits::job::Job;
    /// let d: wmp_bits::Descriptor = "::WMP_JOB:1:42:Contoso::::Jóga::".parse()?;
    /// let job = Job::new("https://contoso.example/2.mp3", r"C:\Music\Jóga.mp3", d)
    ///     .with_display_name("Contoso: Jóga");
    /// assert_eq!(job.display_name(), "Contoso: Jóga");
    /// assert!(!job.display_name_is_derived());
    /// # Ok::<(), wmp_bits::ParseError>(())
    /// ```
    #[must_use]
    pub fn with_display_name(mut self, display_name: impl Into<String>) -> Job {
        self.display_name = display_name.into();
        self.display_name_derived = false;
        self
    }

    /// The same job, whose [`check`](Job::check) also requires the provider to be one of
    /// these registry key names (those under
    /// `HKLM\SOFTWARE\Microsoft\MediaPlayer\Subscriptions`, compared case-insensitively as
    /// [`validate::provider_matches`] does). An empty list means no store is installed.
    ///
    /// ```
    /// use wmp_bits::job::Job;
    /// let d: wmp_bits::Descriptor = "::WMP_JOB:1:42:Contoso::::::".parse()?;
    /// let job = Job::new("https://contoso.example/1.mp3", r"C:\Music\1.mp3", d)
    ///     .with_installed_providers(["Proseware", "Fabrikam"]);
    /// assert_eq!(job.check().problems()[0].code(), "provider_not_installed");
    /// assert!(job.with_installed_providers(["CONTOSO"]).check().is_ok());
    /// # Ok::<(), wmp_bits::ParseError>(())
    /// ```
    #[must_use]
    pub fn with_installed_providers<I>(mut self, key_names: I) -> Job
    where
        I: IntoIterator,
        I::Item: Into<String>,
    {
        self.installed = Some(key_names.into_iter().map(Into::into).collect());
        self
    }

    /// The remote URL, for `AddFile`.
    ///
    /// ```
    /// # use wmp_bits::job::Job;
    /// # let d: wmp_bits::Descriptor = "::WMP_JOB:1:42:Contoso::::::".parse()?;
    /// let job = Job::new("https://contoso.example/1.mp3", r"C:\Music\1.mp3", d);
    /// assert_eq!(job.remote_url(), "https://contoso.example/1.mp3");
    /// # Ok::<(), wmp_bits::ParseError>(())
    /// ```
    #[must_use]
    pub fn remote_url(&self) -> &str {
        &self.remote_url
    }

    /// The local name, for `AddFile`.
    ///
    /// ```
    /// # use wmp_bits::job::Job;
    /// # let d: wmp_bits::Descriptor = "::WMP_JOB:1:42:Contoso::::::".parse()?;
    /// let job = Job::new("https://contoso.example/1.mp3", r"C:\Music\1.mp3", d);
    /// assert_eq!(job.local_name(), r"C:\Music\1.mp3");
    /// # Ok::<(), wmp_bits::ParseError>(())
    /// ```
    #[must_use]
    pub fn local_name(&self) -> &str {
        &self.local_name
    }

    /// The descriptor.
    ///
    /// ```
    /// # use wmp_bits::job::Job;
    /// let d: wmp_bits::Descriptor = "::WMP_STATUS:1:42:Contoso::::::".parse()?;
    /// let job = Job::new("https://contoso.example/1.mp3", r"C:\Music\1.mp3", d.clone());
    /// assert_eq!(job.descriptor(), &d);
    /// # Ok::<(), wmp_bits::ParseError>(())
    /// ```
    #[must_use]
    pub fn descriptor(&self) -> &Descriptor {
        &self.descriptor
    }

    /// The description, for `SetDescription`: the descriptor's canonical text.
    ///
    /// ```
    /// # use wmp_bits::job::Job;
    /// let d: wmp_bits::Descriptor = "::WMP_STATUS:1:42:Contoso::::::".parse()?;
    /// let job = Job::new("https://contoso.example/1.mp3", r"C:\Music\1.mp3", d);
    /// assert_eq!(job.description(), "::WMP_STATUS:1:42:Contoso::::::");
    /// # Ok::<(), wmp_bits::ParseError>(())
    /// ```
    #[must_use]
    pub fn description(&self) -> &str {
        self.descriptor.as_str()
    }

    /// The display name, for `CreateJob`: the one given with
    /// [`with_display_name`](Job::with_display_name), or else the one
    /// [derived from the metadata](default_display_name).
    ///
    /// ```
    /// # use wmp_bits::job::Job;
    /// let d: wmp_bits::Descriptor = "::WMP_JOB:1:42:Contoso:Norah Jones:::Cold Cold Heart::".parse()?;
    /// let job = Job::new("https://contoso.example/1.mp3", r"C:\Music\1.mp3", d);
    /// assert_eq!(job.display_name(), "Norah Jones - Cold Cold Heart");
    /// # Ok::<(), wmp_bits::ParseError>(())
    /// ```
    #[must_use]
    pub fn display_name(&self) -> &str {
        &self.display_name
    }

    /// Whether the display name was derived from the metadata (no
    /// [`with_display_name`](Job::with_display_name)).
    ///
    /// ```
    /// # use wmp_bits::job::Job;
    /// # let d: wmp_bits::Descriptor = "::WMP_JOB:1:42:Contoso::::::".parse()?;
    /// let job = Job::new("https://contoso.example/1.mp3", r"C:\Music\1.mp3", d);
    /// assert!(job.display_name_is_derived());
    /// assert!(!job.with_display_name("Song").display_name_is_derived());
    /// # Ok::<(), wmp_bits::ParseError>(())
    /// ```
    #[must_use]
    pub fn display_name_is_derived(&self) -> bool {
        self.display_name_derived
    }

    /// The installed stores' key names given with
    /// [`with_installed_providers`](Job::with_installed_providers), if any were.
    ///
    /// ```
    /// # use wmp_bits::job::Job;
    /// # let d: wmp_bits::Descriptor = "::WMP_JOB:1:42:Contoso::::::".parse()?;
    /// let job = Job::new("https://contoso.example/1.mp3", r"C:\Music\1.mp3", d);
    /// assert_eq!(job.installed_providers(), None);
    /// let job = job.with_installed_providers(["Contoso"]);
    /// assert_eq!(job.installed_providers(), Some(&[String::from("Contoso")][..]));
    /// # Ok::<(), wmp_bits::ParseError>(())
    /// ```
    #[must_use]
    pub fn installed_providers(&self) -> Option<&[String]> {
        self.installed.as_deref()
    }

    /// Checks every part of the job and reports every problem, errors and warnings, in the
    /// order described [above](Job#what-is-checked). The report's
    /// [`descriptor`](Report::descriptor) is this job's descriptor.
    ///
    /// ```
    /// use wmp_bits::job::Job;
    /// use wmp_bits::validate::{Severity, Subject};
    ///
    /// let d: wmp_bits::Descriptor = "::WMP_JOB:1:3000000000:Contoso::::Song::".parse()?;
    /// let job = Job::new(r"Z:\store\song.mp3", r"C:\Music\Song.mp3", d);
    /// let report = job.check();
    /// assert!(report.is_ok()); // warnings only
    /// let found: Vec<(Severity, Subject, &str)> = report
    ///     .problems()
    ///     .iter()
    ///     .map(|p| (p.severity(), p.subject(), p.code()))
    ///     .collect();
    /// assert_eq!(
    ///     found,
    ///     [
    ///         (Severity::Warning, Subject::Description, "large_service_id"),
    ///         (Severity::Warning, Subject::RemoteName, "remote_name_drive_letter"),
    ///     ]
    /// );
    /// # Ok::<(), wmp_bits::ParseError>(())
    /// ```
    #[must_use]
    pub fn check(&self) -> Report {
        let keys: Option<Vec<&str>> = self
            .installed
            .as_ref()
            .map(|k| k.iter().map(String::as_str).collect());
        let check = validate::job(self.descriptor.as_str()).local_name(&self.local_name);
        let mut report = match &keys {
            Some(keys) => check.installed_providers(keys).check(),
            None => check.check(),
        };
        for p in check_remote_name(&self.remote_url) {
            report.push(p);
        }
        for p in display_name_problems(&self.display_name, !self.display_name_derived) {
            report.push(p);
        }
        report
    }
}

/// The display name for a job described by `d`, when the caller gives none.
///
/// With the album artist, title and album title (each without leading and trailing white
/// space):
///
/// 1. `Artist - Title` (`Norah Jones - Cold Cold Heart`);
/// 2. without a title, the album stands in for it, followed by the track number when it is
///    known (`Norah Jones - Come Away with Me, track 3`), or `track 3` alone without an
///    album;
/// 3. without an artist, the part after ` - ` alone (`Cold Cold Heart`); without both, the
///    artist alone;
/// 4. with none of these, `<provider> download <service id>` (`Proseware download 42`), or
///    `download 42` when the provider is only white space.
///
/// A result over 256 UTF-16 code units (BITS' limit) is cut to 255 and ends in `…`
/// (U+2026), cut between characters as [`file_name`](crate::file_name) cuts a stem (never
/// inside a surrogate pair, never between a character and its combining mark), without
/// white space before the `…`. The result is never empty and holds no control character,
/// so it always passes [`check_display_name`] but for the `display_name_bidi_control`
/// warning (the description's `bidi_control` already reports such characters).
///
/// ```
/// use wmp_bits::job::default_display_name;
/// use wmp_bits::Descriptor;
///
/// let name = |s: &str| default_display_name(&s.parse::<Descriptor>().unwrap());
/// assert_eq!(name("::WMP_JOB:1:42:Proseware:Norah Jones:Come Away with Me:3:Cold Cold Heart::"), "Norah Jones - Cold Cold Heart");
/// assert_eq!(name("::WMP_JOB:1:42:Proseware:Norah Jones:Come Away with Me:3:::"), "Norah Jones - Come Away with Me, track 3");
/// assert_eq!(name("::WMP_JOB:1:42:Proseware: ::: Cold Cold Heart ::"), "Cold Cold Heart");
/// assert_eq!(name("::WMP_JOB:1:42:Proseware:Norah Jones:::::"), "Norah Jones");
/// assert_eq!(name("::WMP_JOB:1:42:Proseware::::::"), "Proseware download 42");
///
/// let long = format!("::WMP_JOB:1:42:Proseware::::{}::", "la ".repeat(100));
/// let cut = name(&long);
/// assert_eq!(wmp_bits::validate::utf16_len(&cut), 255);
/// assert!(cut.ends_with("la la…"));
/// ```
#[must_use]
pub fn default_display_name(d: &Descriptor) -> String {
    let artist = d.album_artist().trim();
    let title = d.title().trim();
    let album = d.album_title().trim();
    let main: Cow<'_, str> = match (title.is_empty(), album.is_empty(), d.track_number()) {
        (false, _, _) => Cow::Borrowed(title),
        (true, false, Some(n)) => Cow::Owned(format!("{album}, track {n}")),
        (true, false, None) => Cow::Borrowed(album),
        (true, true, Some(n)) => Cow::Owned(format!("track {n}")),
        (true, true, None) => Cow::Borrowed(""),
    };
    let whole = match (artist.is_empty(), main.is_empty()) {
        (false, false) => format!("{artist} - {main}"),
        (true, false) => main.into_owned(),
        (false, true) => String::from(artist),
        (true, true) => match d.provider().trim() {
            "" => format!("download {}", d.service_id()),
            provider => format!("{provider} download {}", d.service_id()),
        },
    };
    if text::utf16_len(&whole) <= MAX_DISPLAY_NAME_UTF16 {
        return whole;
    }
    let mut cut = String::from(cut_utf16(&whole, MAX_DISPLAY_NAME_UTF16 - 1).trim_end());
    cut.push('\u{2026}');
    cut
}

/// The problems of a remote name (the URL given to `AddFile`), in the order of the
/// [table of codes](Job#codes): `remote_name_empty` alone, or else `remote_name_scheme`
/// or `remote_name_drive_letter`, `remote_name_host`, `remote_name_invalid_character`,
/// `remote_name_too_long` and `remote_name_segment_too_long`, each at most once. The
/// subject is [`Subject::RemoteName`] and spans are byte ranges in `url`.
///
/// Accepted forms, as BITS documents them: `http://` and `https://` URLs, `file://` URLs,
/// UNC paths (`\\server\share\...`, both `\` and `/` separating after the leading `\\`) and
/// drive paths (with a warning). Only `http(s)://` URLs are held to the characters of a URL;
/// a `file://` URL, UNC or drive path may hold spaces and any other text but wildcards and
/// control characters.
///
/// ```
/// use wmp_bits::job::check_remote_name;
///
/// assert!(check_remote_name("https://cdn.proseware.example/a/06%20Back%20in%20Black.mp3?sig=x").is_empty());
/// assert!(check_remote_name(r"\\media\store\06 Back in Black.mp3").is_empty());
/// assert!(check_remote_name("FILE://media/store/06 Back in Black.mp3").is_empty());
///
/// let p = check_remote_name("https://cdn.proseware.example/06 Back in Black.mp3");
/// assert_eq!((p[0].code(), p[0].span()), ("remote_name_invalid_character", Some(32..33)));
/// assert_eq!(
///     p[0].message(),
///     "character ' ' at byte 32 is not legal in a URL, and BITS does no escape \
///      processing: expected it percent-encoded as %20"
/// );
/// let codes: Vec<&str> = check_remote_name("https:///x").iter().map(|p| p.code()).collect();
/// assert_eq!(codes, ["remote_name_host"]);
/// ```
#[must_use]
pub fn check_remote_name(url: &str) -> Vec<Problem> {
    let mut out = Vec::new();
    let problem = |code, span: core::ops::Range<usize>, message: String| {
        Problem::new(Severity::Error, code, Subject::RemoteName, message).with_span(span)
    };
    if url.is_empty() {
        out.push(Problem::new(
            Severity::Error,
            "remote_name_empty",
            Subject::RemoteName,
            "remote name is empty: expected an http://, https:// or file:// URL or a UNC path \
             \\\\server\\share\\file",
        ));
        return out;
    }

    let form = match form(url) {
        Ok(form) => form,
        Err((span, message)) => {
            out.push(problem("remote_name_scheme", span, message));
            Form::Other
        }
    };
    if form == Form::Drive {
        out.push(
            Problem::new(
                Severity::Warning,
                "remote_name_drive_letter",
                Subject::RemoteName,
                "remote name is a drive path, which BITS takes only for a network drive \
                 mapped in the user's session: expected a UNC path \\\\server\\share\\file \
                 or a URL",
            )
            .with_span(0..2),
        );
    }

    if let Some((span, message)) = missing_host(url, form) {
        out.push(problem("remote_name_host", span, message));
    }

    if let Some((span, message)) = invalid_character(url, form) {
        out.push(problem("remote_name_invalid_character", span, message));
    }

    let units = text::utf16_len(url);
    if units > MAX_REMOTE_NAME_UTF16 {
        out.push(problem(
            "remote_name_too_long",
            0..url.len(),
            format!(
                "remote name is {units} UTF-16 code units long: expected at most \
                 {MAX_REMOTE_NAME_UTF16} (BITS' limit)"
            ),
        ));
    }

    let backslash = matches!(form, Form::Unc | Form::Drive);
    let mut start = 0;
    for segment in url.split(|c| c == '/' || (backslash && c == '\\')) {
        let units = text::utf16_len(segment);
        if units > MAX_REMOTE_SEGMENT_UTF16 {
            out.push(problem(
                "remote_name_segment_too_long",
                start..start + segment.len(),
                format!(
                    "remote name segment at bytes {start}..{} is {units} UTF-16 code units \
                     long: expected at most {MAX_REMOTE_SEGMENT_UTF16} (MAX_PATH) between two \
                     separators",
                    start + segment.len()
                ),
            ));
            break;
        }
        start += segment.len() + 1;
    }
    out
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
fn form(url: &str) -> Result<Form, (core::ops::Range<usize>, String)> {
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
fn missing_host(url: &str, form: Form) -> Option<(core::ops::Range<usize>, String)> {
    let b = url.as_bytes();
    match form {
        Form::Http(start) => {
            let end = b[start..]
                .iter()
                .position(|c| matches!(c, b'/' | b'?' | b'#'))
                .map_or(b.len(), |n| start + n);
            let authority = &url[start..end];
            let host = authority.rsplit('@').next().unwrap_or_default();
            // Without a port (the host of an IPv6 literal keeps its brackets).
            let host = match host.rfind(':') {
                Some(i) if !host[i..].contains(']') => &host[..i],
                _ => host,
            };
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
fn invalid_character(url: &str, form: Form) -> Option<(core::ops::Range<usize>, String)> {
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
        Form::Http(_) => {
            let b = url.as_bytes();
            for (i, c) in url.char_indices() {
                if c == '%' {
                    let hex = |j: usize| b.get(j).is_some_and(u8::is_ascii_hexdigit);
                    if !(hex(i + 1) && hex(i + 2)) {
                        // The '%' and what was meant as its two digits.
                        let digits = b[i + 1..]
                            .iter()
                            .take(2)
                            .take_while(|c| c.is_ascii_alphanumeric())
                            .count();
                        let end = i + 1 + digits;
                        return Some((
                            i..end,
                            format!(
                                "'%' at byte {i} in remote name is not followed by two \
                                 hexadecimal digits: expected %XX, or %25 for a '%' itself"
                            ),
                        ));
                    }
                } else if !is_url_char(c) {
                    let mut encoded = String::new();
                    let mut buf = [0u8; 4];
                    for byte in c.encode_utf8(&mut buf).bytes() {
                        let _ = write!(encoded, "%{byte:02X}");
                    }
                    return Some((
                        i..i + c.len_utf8(),
                        format!(
                            "character {c:?} at byte {i} is not legal in a URL, and BITS does no \
                             escape processing: expected it percent-encoded as {encoded}"
                        ),
                    ));
                }
            }
            None
        }
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

/// The characters RFC 3986 allows in a URL (unreserved and reserved); `%` is checked
/// apart.
fn is_url_char(c: char) -> bool {
    c.is_ascii_alphanumeric()
        || matches!(
            c,
            '-' | '.'
                | '_'
                | '~'
                | ':'
                | '/'
                | '?'
                | '#'
                | '['
                | ']'
                | '@'
                | '!'
                | '$'
                | '&'
                | '\''
                | '('
                | ')'
                | '*'
                | '+'
                | ','
                | ';'
                | '='
        )
}

/// The problems of a display name (the name given to `CreateJob`), in this order:
/// `display_name_empty`, `display_name_control_character`, `display_name_too_long`,
/// `display_name_bidi_control`, each at most once (see the [table of codes](Job#codes)).
/// The subject is [`Subject::DisplayName`] and spans are byte ranges in `name`.
///
/// ```
/// use wmp_bits::job::check_display_name;
/// use wmp_bits::validate::Severity;
///
/// assert!(check_display_name("Norah Jones - Cold Cold Heart").is_empty());
/// assert_eq!(check_display_name(" ")[0].severity(), Severity::Warning);
///
/// let p = check_display_name(&"🎷".repeat(129));
/// assert_eq!(p[0].code(), "display_name_too_long");
/// assert_eq!(
///     p[0].message(),
///     "display name is 258 UTF-16 code units long: expected at most 256 (BITS' limit)"
/// );
/// let codes: Vec<&str> = check_display_name("a\u{202E}b\0").iter().map(|p| p.code()).collect();
/// assert_eq!(codes, ["display_name_control_character", "display_name_bidi_control"]);
/// ```
#[must_use]
pub fn check_display_name(name: &str) -> Vec<Problem> {
    display_name_problems(name, true)
}

fn display_name_problems(name: &str, bidi: bool) -> Vec<Problem> {
    let mut out = Vec::new();
    let problem = |severity, code, span: core::ops::Range<usize>, message: String| {
        Problem::new(severity, code, Subject::DisplayName, message).with_span(span)
    };
    if name.trim().is_empty() {
        out.push(problem(
            Severity::Warning,
            "display_name_empty",
            0..name.len(),
            String::from(
                "display name is empty: expected a name that tells the user what is being \
                 downloaded, such as \"Artist - Title\"",
            ),
        ));
    }
    if let Some((i, c)) = text::find_control(name) {
        out.push(problem(
            Severity::Error,
            "display_name_control_character",
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
            Severity::Error,
            "display_name_too_long",
            0..name.len(),
            format!(
                "display name is {units} UTF-16 code units long: expected at most \
                 {MAX_DISPLAY_NAME_UTF16} (BITS' limit)"
            ),
        ));
    }
    if bidi {
        if let Some((i, c)) = name.char_indices().find(|&(_, c)| text::is_bidi_control(c)) {
            out.push(problem(
                Severity::Warning,
                "display_name_bidi_control",
                i..i + c.len_utf8(),
                format!(
                    "bidirectional control character U+{:04X} at byte {i} in display name: it \
                     can make the name display as something else; expected none of \
                     U+202A..U+202E, U+2066..U+2069",
                    u32::from(c)
                ),
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{check_display_name, check_remote_name, default_display_name, Job};
    use crate::validate::{Problem, Severity, Subject};
    use crate::Descriptor;
    use alloc::string::{String, ToString};
    use alloc::vec::Vec;

    fn d(s: &str) -> Descriptor {
        s.parse().unwrap()
    }

    /// `(code, span)` of each problem of a remote name.
    fn remote(url: &str) -> Vec<(&'static str, core::ops::Range<usize>)> {
        check_remote_name(url)
            .iter()
            .map(|p| {
                assert_eq!(p.subject(), Subject::RemoteName);
                (p.code(), p.span().unwrap_or(usize::MAX..usize::MAX))
            })
            .collect()
    }

    fn display(name: &str) -> Vec<(&'static str, core::ops::Range<usize>)> {
        check_display_name(name)
            .iter()
            .map(|p| {
                assert_eq!(p.subject(), Subject::DisplayName);
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
        let p = check_remote_name("");
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
        let p = check_remote_name("ftp://h/a.mp3");
        assert_eq!(
            p[0].message(),
            r#"remote name scheme "ftp" at bytes 0..3 is not one BITS downloads from: expected http://, https://, file:// or a UNC path \\server\share\file"#
        );
        let p = check_remote_name("https:/h");
        assert_eq!(
            p[0].message(),
            r#"remote name scheme "https:" at bytes 0..6 is not followed by "//": expected http://, https://, file:// or a UNC path \\server\share\file"#
        );
        let p = check_remote_name(r"\\?\C:\a.mp3");
        assert_eq!(
            p[0].message(),
            r#"remote name starts with the verbatim prefix "\\\\?\\" at bytes 0..4: expected http://, https://, file:// or a UNC path \\server\share\file"#
        );
    }

    #[test]
    fn remote_drive_path_is_a_warning() {
        let p = check_remote_name(r"Z:\store\a.mp3");
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
        let p = check_remote_name("https:///a.mp3");
        assert_eq!(
            p[0].message(),
            "remote name has no host at byte 8: expected https://host/path"
        );
        let p = check_remote_name(r"\\server");
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
        assert_eq!(
            remote("https://h/a%é"),
            [("remote_name_invalid_character", 11..12)]
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
        let msg = |url: &str| check_remote_name(url)[0].message().to_string();
        assert_eq!(
            msg("https://h/音"),
            "character '音' at byte 10 is not legal in a URL, and BITS does no escape \
             processing: expected it percent-encoded as %E9%9F%B3"
        );
        assert_eq!(
            msg("https://h/%G1"),
            "'%' at byte 10 in remote name is not followed by two hexadecimal digits: \
             expected %XX, or %25 for a '%' itself"
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
            check_remote_name(&url(2201))[0].message(),
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
            check_remote_name(&seg(&"a".repeat(261)))[0].message(),
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
        let p = check_display_name("a\u{7}");
        assert_eq!(
            p[0].message(),
            "control character U+0007 at byte 1 in display name: expected none (a NUL would \
             cut the name BITS stores)"
        );
        assert_eq!(p[0].severity(), Severity::Error);
        let p = check_display_name("");
        assert_eq!(p[0].severity(), Severity::Warning);
        assert_eq!(
            p[0].message(),
            "display name is empty: expected a name that tells the user what is being \
             downloaded, such as \"Artist - Title\""
        );
        let p = check_display_name("\u{202E}");
        assert_eq!(p[0].severity(), Severity::Warning);
        assert_eq!(
            p[0].message(),
            "bidirectional control character U+202E at byte 0 in display name: it can make \
             the name display as something else; expected none of U+202A..U+202E, \
             U+2066..U+2069"
        );
    }

    #[test]
    fn derived_display_names() {
        let name = |s: &str| default_display_name(&d(s));
        assert_eq!(name("::WMP_JOB:1:42:P:A:B:3:T::"), "A - T");
        assert_eq!(name("::WMP_JOB:1:42:P:A:B:3:::"), "A - B, track 3");
        assert_eq!(name("::WMP_JOB:1:42:P:A:B::::"), "A - B");
        assert_eq!(name("::WMP_JOB:1:42:P:A::3:::"), "A - track 3");
        assert_eq!(name("::WMP_JOB:1:42:P::B:3:::"), "B, track 3");
        assert_eq!(name("::WMP_JOB:1:42:P:::3:::"), "track 3");
        assert_eq!(name("::WMP_JOB:1:42:P::B::T::"), "T");
        assert_eq!(name("::WMP_JOB:1:42:P:A:::::"), "A");
        assert_eq!(
            name("::WMP_STATUS:1:4294967295:Proseware:  : \u{A0} :: \u{2003} ::"),
            "Proseware download 4294967295"
        );
        // Cut: 255 units and the ellipsis, never inside a surrogate pair.
        let long = alloc::format!("::WMP_JOB:1:42:P::::a{}::", "🎷".repeat(200));
        let cut = name(&long);
        assert_eq!(cut, alloc::format!("a{}\u{2026}", "🎷".repeat(127)));
        assert_eq!(crate::validate::utf16_len(&cut), 256);
        let long = alloc::format!("::WMP_JOB:1:42:P::::{}::", "🎷".repeat(200));
        assert_eq!(name(&long), alloc::format!("{}\u{2026}", "🎷".repeat(127)));
        // Exactly 256 units are kept as they are.
        let exact = alloc::format!("::WMP_JOB:1:42:P::::{}::", "x".repeat(256));
        assert_eq!(name(&exact), "x".repeat(256));
        assert_eq!(name("::WMP_JOB:1:42: \u{A0} ::::::"), "download 42");
        assert_eq!(name("::WMP_JOB:1:42: P ::::::"), "P download 42");
        // A long provider with nothing else.
        let p = "p".repeat(255);
        let cut = name(&alloc::format!("::WMP_JOB:1:42:{p}::::::"));
        assert_eq!(cut, alloc::format!("{p}\u{2026}"));
    }

    fn job(url: &str, local: &str, desc: &str) -> Job {
        Job::new(url, local, d(desc))
    }

    #[test]
    fn check_reports_every_part_in_order() {
        let j = job(
            "https://h/a b",
            r"C:\Music\CON.mp3",
            "::WMP_JOB:1:3000000000:Contoso:A:B:1:T::",
        )
        .with_display_name("")
        .with_installed_providers(Vec::<String>::new());
        let r = j.check();
        let got: Vec<_> = r
            .problems()
            .iter()
            .map(|p| (p.severity(), p.subject(), p.code()))
            .collect();
        assert_eq!(
            got,
            [
                (
                    Severity::Error,
                    Subject::Description,
                    "provider_not_installed"
                ),
                (Severity::Warning, Subject::Description, "large_service_id"),
                (
                    Severity::Error,
                    Subject::LocalName,
                    "local_name_reserved_name"
                ),
                (
                    Severity::Error,
                    Subject::RemoteName,
                    "remote_name_invalid_character"
                ),
                (
                    Severity::Warning,
                    Subject::DisplayName,
                    "display_name_empty"
                ),
            ]
        );
        assert!(!r.is_ok());
        assert_eq!(r.descriptor(), Some(j.descriptor()));
        assert!(
            r.problems()[0].message().contains("(none given)"),
            "{}",
            r.problems()[0]
        );
    }

    #[test]
    fn a_clean_job_has_no_problems_and_gives_every_argument() {
        let j = job(
            "https://h/3.wma",
            r"C:\Music\03 Cold Cold Heart.wma",
            "::WMP_STATUS:1:42:Proseware:Norah Jones:Come Away with Me:3:Cold Cold Heart:218:50",
        )
        .with_installed_providers(["proseware"]);
        assert!(j.check().problems().is_empty(), "{}", j.check());
        assert_eq!(j.remote_url(), "https://h/3.wma");
        assert_eq!(j.local_name(), r"C:\Music\03 Cold Cold Heart.wma");
        assert_eq!(
            j.description(),
            "::WMP_STATUS:1:42:Proseware:Norah Jones:Come Away with Me:3:Cold Cold Heart:218:50"
        );
        assert_eq!(j.display_name(), "Norah Jones - Cold Cold Heart");
        assert_eq!(
            j.installed_providers(),
            Some(&[String::from("proseware")][..])
        );
    }

    #[test]
    fn bidi_is_reported_once_for_a_derived_name_and_for_a_given_one() {
        let desc = "::WMP_JOB:1:42:P:A:::\u{202E}T::";
        let codes = |j: &Job| -> Vec<&'static str> {
            j.check().problems().iter().map(Problem::code).collect()
        };
        let derived = job("https://h/a", r"C:\a.mp3", desc);
        assert!(derived.display_name_is_derived());
        assert_eq!(derived.display_name(), "A - \u{202E}T");
        assert_eq!(codes(&derived), ["bidi_control"]);
        let given = derived.clone().with_display_name("\u{2066}T");
        assert_eq!(codes(&given), ["bidi_control", "display_name_bidi_control"]);
    }

    #[test]
    fn a_given_display_name_replaces_the_derived_one_and_is_checked() {
        let j = job("https://h/a", r"C:\a.mp3", "::WMP_JOB:1:42:P::::T::")
            .with_display_name("x".repeat(257));
        assert!(!j.display_name_is_derived());
        let r = j.check();
        assert_eq!(r.problems().len(), 1);
        assert_eq!(r.problems()[0].code(), "display_name_too_long");
        assert_eq!(r.problems()[0].span(), Some(0..257));
    }
}
