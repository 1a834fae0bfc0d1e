//! [`Job`]: everything one BITS job of the Player needs (remote URL, local name,
//! description and display name) held in one value and checked together.

use alloc::borrow::Cow;
use alloc::format;
use alloc::string::String;

use crate::text::{self, cut_utf16};
use crate::validate::{JobCheck, Report, MAX_DISPLAY_NAME_UTF16};
use crate::Descriptor;

/// One BITS download for Windows Media Player: the remote URL and the local name given to
/// `IBackgroundCopyJob::AddFile`, the [`Descriptor`] given to `SetDescription`, and the
/// display name given to `IBackgroundCopyManager::CreateJob`.
///
/// Make one with [`new`](Job::new), optionally give it a display name
/// ([`with_display_name`](Job::with_display_name); otherwise one is
/// [derived from the metadata](Job::default_display_name)), then [`check`](Job::check) it:
/// the [`Report`] holds every problem of every part at once. To check the provider against
/// the installed stores too, add their key names to [`checks`](Job::checks).
/// Code that hands the job to BITS then takes every argument from this one value
/// ([`display_name`](Job::display_name), [`remote_url`](Job::remote_url),
/// [`local_name`](Job::local_name), [`description`](Job::description)).
///
/// A `Job` holds its parts as given, valid or not: [`check`](Job::check) says what is
/// wrong with them. It is `Send` and `Sync`.
///
/// # What is checked
///
/// In the order of the report:
///
/// 1. **The description**: the [`validate::warnings`](crate::validate::warnings) of the descriptor (a descriptor is
///    always valid, and is not parsed again), and, when installed key names are given to
///    [`checks`](Job::checks), that the provider is one of them (`provider_not_installed`,
///    [`validate::provider_installed`](crate::validate::provider_installed)).
/// 2. **The local name**: every rule of [`validate::local_name`](crate::validate::local_name) (codes `local_name_*`).
///    Whether its folder exists, which BITS requires, cannot be checked here. The kind
///    makes no difference: with `WMP_JOB` the Player moves the finished file to its
///    ripped-music folder, with `WMP_STATUS` it stays where it is, and the documented rules
///    of the local name are the same for both.
/// 3. **The remote name** ([`validate::remote_name`](crate::validate::remote_name)).
/// 4. **The display name** ([`validate::display_name`](crate::validate::display_name)). A derived display name is made to
///    pass (its invisible and bidirectional formatting characters are removed), so only a
///    given one can have problems here.
///
/// # Codes
///
/// Besides the codes of [`validate::job`](crate::validate::job) (the description's and `local_name_*`), a
/// report can hold these, each with the byte [span](crate::validate::Problem::span) of the offending part
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
/// | `remote_name_extension_mismatch` | warning | the remote file's name ends in an audio or video extension of another format than the local name's (`.m4a`, `.aac`, `.flac`, `.ogg`, `.wav`, `.mp3`, … for a local `.wma`; `.wma`, `.wmv` and `.asf` are one format), so the downloaded file would not play |
/// | `display_name_empty` | warning | the display name is empty or only white space, so the job has no name in BITS' tools |
/// | `display_name_control_character` | error | a control character (U+0000–U+001F, U+007F–U+009F; a NUL would cut the name) |
/// | `display_name_too_long` | error | more than 256 UTF-16 code units |
/// | `display_name_bidi_control` | warning | a bidirectional formatting character (U+202A–U+202E, U+2066–U+2069), which can make the name display as something else |
///
/// Each code appears at most once a part. `remote_name_invalid_character` names every
/// offending character of an `http(s)` URL at once, with the whole URL as
/// [`validate::bits_url`](crate::validate::bits_url) writes it, and spans from the first to
/// the last; the other codes report the first offending character.
///
/// ```
/// use wmp_bits::Job;
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
}

impl Job {
    /// A job that downloads `remote_url` to `local_name`, described by `descriptor`, with
    /// the display name [derived from the metadata](Job::default_display_name).
    ///
    /// ```
    /// use wmp_bits::Job;
    /// let d: wmp_bits::Descriptor = "::WMP_JOB:1:42:Contoso:Björk::2:Jóga::".parse()?;
    /// let job = Job::new("https://contoso.example/2.mp3", r"C:\Music\02 Jóga.mp3", d);
    /// assert_eq!(job.display_name(), "Björk - Jóga");
    /// assert!(job.display_name_is_derived());
    /// # Ok::<(), wmp_bits::ParseError>(())
    /// ```
    #[must_use]
    pub fn new(
        remote_url: impl Into<String>,
        local_name: impl Into<String>,
        descriptor: Descriptor,
    ) -> Job {
        Job {
            remote_url: remote_url.into(),
            local_name: local_name.into(),
            display_name: Job::default_display_name(&descriptor),
            display_name_derived: true,
            descriptor,
        }
    }

    /// The same job with `display_name` instead of the derived one. It is taken as given
    /// and [checked](crate::validate::display_name) by [`check`](Job::check).
    ///
    /// ```
    /// use wmp_bits::Job;
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

    /// The remote URL, for `AddFile`.
    ///
    /// ```
    /// # use wmp_bits::Job;
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
    /// # use wmp_bits::Job;
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
    /// # use wmp_bits::Job;
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
    /// # use wmp_bits::Job;
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
    /// [derived from the metadata](Job::default_display_name).
    ///
    /// ```
    /// # use wmp_bits::Job;
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
    /// # use wmp_bits::Job;
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

    /// Checks every part of the job and reports every problem, errors and warnings, in the
    /// order described [above](Job#what-is-checked). The report's
    /// [`descriptor`](Report::descriptor) is this job's descriptor.
    ///
    /// ```
    /// use wmp_bits::Job;
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
        self.checks().check()
    }

    /// The checks of [`check`](Job::check), to add to before running them: the installed
    /// stores' key names ([`JobCheck::installed_providers`]), so that the report also says
    /// whether the provider is one of them.
    ///
    /// ```
    /// use wmp_bits::{Descriptor, Job};
    ///
    /// let d: Descriptor = "::WMP_JOB:1:42:Contoso::::::".parse()?;
    /// let job = Job::new("https://contoso.example/1.mp3", r"C:\Music\1.mp3", d);
    /// let report = job.checks().installed_providers(&["Proseware", "Fabrikam"]).check();
    /// assert_eq!(report.problems()[0].code(), "provider_not_installed");
    /// assert!(job.checks().installed_providers(&["CONTOSO"]).check().is_ok());
    /// # Ok::<(), wmp_bits::ParseError>(())
    /// ```
    pub fn checks(&self) -> JobCheck<'_> {
        JobCheck::parsed(&self.descriptor)
            .local_name(&self.local_name)
            .remote_name(&self.remote_url)
            .display_name(&self.display_name)
    }

    /// The display name for a job described by `d`, when the caller gives none.
    ///
    /// With the album artist, title and album title, each as it shows: a C1 control that
    /// stands for Windows-1252 text (U+0092 for `’`) as that text, a line or paragraph
    /// separator as a space, the characters that are invisible on their own (zero width
    /// spaces, byte order marks, bidirectional formatting characters and the like) removed,
    /// and without leading and trailing white space:
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
    /// (U+2026), cut between characters as [`file_name`](crate::file_name) cuts a stem (between
    /// extended grapheme clusters: never inside a surrogate pair, never between a letter and
    /// its marks), without white space before the `…`. The result is never empty and holds
    /// no control character and no bidirectional formatting character, so it always passes
    /// [`validate::display_name`](crate::validate::display_name) without a problem, even for a
    /// description whose fields earn the `bidi_control` warning.
    ///
    /// ```
    /// use wmp_bits::{Descriptor, Job};
    ///
    /// let name = |s: &str| Job::default_display_name(&s.parse::<Descriptor>().unwrap());
    /// assert_eq!(name("::WMP_JOB:1:42:Proseware:Norah Jones:Come Away with Me:3:Cold Cold Heart::"), "Norah Jones - Cold Cold Heart");
    /// assert_eq!(name("::WMP_JOB:1:42:Proseware:Norah Jones:Come Away with Me:3:::"), "Norah Jones - Come Away with Me, track 3");
    /// assert_eq!(name("::WMP_JOB:1:42:Proseware: ::: Cold Cold Heart ::"), "Cold Cold Heart");
    /// assert_eq!(name("::WMP_JOB:1:42:Proseware:Norah Jones:::::"), "Norah Jones");
    /// assert_eq!(name("::WMP_JOB:1:42:Proseware::::::"), "Proseware download 42");
    /// assert_eq!(name("::WMP_JOB:1:42:Proseware:\u{FEFF}Björk:::\u{202E}Jóga\u{200B}::"), "Björk - Jóga");
    ///
    /// let long = format!("::WMP_JOB:1:42:Proseware::::{}::", "la ".repeat(100));
    /// let cut = name(&long);
    /// assert_eq!(wmp_bits::validate::utf16_len(&cut), 255);
    /// assert!(cut.ends_with("la la…"));
    /// ```
    #[must_use]
    pub fn default_display_name(d: &Descriptor) -> String {
        let artist = text::visible(d.album_artist());
        let title = text::visible(d.title());
        let album = text::visible(d.album_title());
        let provider = text::visible(d.provider());
        let (artist, title, album) = (artist.trim(), title.trim(), album.trim());
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
            (true, true) => match provider.trim() {
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
}

#[cfg(test)]
mod tests {
    use super::Job;
    use crate::validate::{Problem, Severity, Subject};
    use crate::Descriptor;
    use alloc::vec::Vec;

    fn d(s: &str) -> Descriptor {
        s.parse().unwrap()
    }

    #[test]
    fn derived_display_names() {
        let name = |s: &str| Job::default_display_name(&d(s));
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
        .with_display_name("");
        let none: [&str; 0] = [];
        let r = j.checks().installed_providers(&none).check();
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
            r.problems()[0].message().contains("(none installed)"),
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
        );
        let r = j.checks().installed_providers(&["proseware"]).check();
        assert!(r.problems().is_empty(), "{r}");
        assert_eq!(j.remote_url(), "https://h/3.wma");
        assert_eq!(j.local_name(), r"C:\Music\03 Cold Cold Heart.wma");
        assert_eq!(
            j.description(),
            "::WMP_STATUS:1:42:Proseware:Norah Jones:Come Away with Me:3:Cold Cold Heart:218:50"
        );
        assert_eq!(j.display_name(), "Norah Jones - Cold Cold Heart");
    }

    #[test]
    fn bidi_is_reported_once_for_a_derived_name_and_for_a_given_one() {
        let desc = "::WMP_JOB:1:42:P:A:::\u{202E}T::";
        let codes = |j: &Job| -> Vec<&'static str> {
            j.check().problems().iter().map(Problem::code).collect()
        };
        let derived = job("https://h/a", r"C:\a.mp3", desc);
        assert!(derived.display_name_is_derived());
        assert_eq!(derived.display_name(), "A - T");
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
