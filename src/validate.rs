//! Checks of what the Player and BITS require, beyond the grammar: the local file name, caller
//! text for a field, the description's length, the provider against the installed stores, and
//! warnings that are not errors. [`job`] gathers every problem of a job into one [`Report`].
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
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::fmt;
use core::ops::Range;

use crate::error::{BuildError, BuildErrorKind, Detail};
use crate::parse::{MAX_PROVIDER_UTF16, MAX_UTF16};
use crate::{text, Descriptor, Field, ParseError};

pub use crate::local_name::{local_name, LocalNameError, LocalNameErrorKind};

/// BITS' limit on a job description: 1,024 UTF-16 code units, not counting the NUL
/// (a longer one gets `BG_E_STRING_TOO_LONG`, 0x80200021).
pub const MAX_DESCRIPTION_UTF16: usize = MAX_UTF16;

/// The registry's limit on a key name, and so on the provider: 255 UTF-16 code units.
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

/// Whether `s` can be used as the text of `field` in a strict descriptor, and if not, why.
///
/// For [`Field::Provider`]: 1 to 255 UTF-16 code units, no `\`, `:` or control character.
/// For any other field: no `:` (the format cannot escape it) and no control character.
/// The first offending character is reported, with its byte span in `s`. Numbers are not
/// text: for a numeric field this checks only the characters.
///
/// ```
/// use wmp_bits::{validate, Field};
///
/// assert!(validate::text(Field::Title, "Cold Cold Heart").is_ok());
/// let err = validate::text(Field::Title, "Live: Tokyo").unwrap_err();
/// assert_eq!((err.code(), err.span()), ("separator_in_field", 4..5));
/// assert_eq!(validate::text(Field::Provider, r"Con\toso").unwrap_err().code(), "invalid_provider");
/// ```
///
/// # Errors
///
/// `separator_in_field`, `control_character` or `invalid_provider`.
pub fn text(field: Field, s: &str) -> Result<(), BuildError> {
    let provider = field == Field::Provider;
    if provider && s.is_empty() {
        return Err(BuildError::new(
            BuildErrorKind::InvalidProvider,
            Some(field),
            0..0,
            s,
            Detail::None,
        ));
    }
    for (i, c) in s.char_indices() {
        let kind = match c {
            ':' => BuildErrorKind::Separator,
            '\\' if provider => BuildErrorKind::InvalidProvider,
            c if text::is_control(c) => BuildErrorKind::ControlCharacter,
            _ => continue,
        };
        return Err(BuildError::new(
            kind,
            Some(field),
            i..i + c.len_utf8(),
            s,
            Detail::Char(c),
        ));
    }
    if provider && s.len() > MAX_PROVIDER_UTF16 {
        let units = text::utf16_len(s);
        if units > MAX_PROVIDER_UTF16 {
            return Err(BuildError::new(
                BuildErrorKind::InvalidProvider,
                Some(field),
                0..s.len(),
                s,
                Detail::ProviderUnits(units),
            ));
        }
    }
    Ok(())
}

/// `s` made safe for a metadata field: `:` becomes U+FF1A FULLWIDTH COLON (`：`), which the
/// Player displays readably, and each control character becomes a space. Borrows when
/// nothing needs replacing. The UTF-16 length never changes.
///
/// Percent-encoding is deliberately not used: the Player does not decode it and would show
/// `%3A` to the user.
///
/// ```
/// use wmp_bits::{validate, Field};
///
/// assert_eq!(validate::sanitize("AC:DC"), "AC：DC");
/// assert_eq!(validate::sanitize("one\ttwo"), "one two");
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
    fn upper(c: char) -> char {
        let mut up = c.to_uppercase();
        match (up.next(), up.next()) {
            (Some(u), None) => u,
            // A character whose uppercase is several characters (such as 'ß') has no
            // simple mapping, and the registry compares it as it is.
            _ => c,
        }
    }
    provider.len() == key_name.len() && provider == key_name
        || provider.chars().map(upper).eq(key_name.chars().map(upper))
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

/// How serious a [`Problem`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Severity {
    /// Legal, but likely to surprise: the job works, yet something may not show as meant.
    Warning,
    /// The Player or BITS would refuse or ignore the job.
    Error,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Warning => "warning",
            Severity::Error => "error",
        })
    }
}

/// What part of a job a [`Problem`] is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Subject {
    /// The job description (the descriptor).
    Description,
    /// The local file name given to `AddFile`.
    LocalName,
    /// The remote URL given to `AddFile`.
    RemoteName,
    /// The job's display name.
    DisplayName,
}

impl fmt::Display for Subject {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Subject::Description => "description",
            Subject::LocalName => "local name",
            Subject::RemoteName => "remote name",
            Subject::DisplayName => "display name",
        })
    }
}

/// One problem of a job: an error or a warning, with a stable code, the part of the job and
/// (for the description) the field it concerns, the byte span in that part, and a message.
///
/// ```
/// use wmp_bits::validate::{self, Severity, Subject};
///
/// let report = validate::job("::WMP_JOB:1:0:Contoso::::::").check();
/// let p = &report.problems()[0];
/// assert_eq!(p.severity(), Severity::Error);
/// assert_eq!(p.code(), "zero_service_id");
/// assert_eq!(p.subject(), Subject::Description);
/// assert_eq!(p.span(), Some(12..13));
/// assert_eq!(p.to_string(), format!("error: description: {} [zero_service_id]", p.message()));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Problem {
    severity: Severity,
    code: &'static str,
    subject: Subject,
    field: Option<Field>,
    span: Option<Range<usize>>,
    message: String,
}

impl Problem {
    /// A problem of the caller's own making: for checks that build on this crate's
    /// (a store's own rules, say), so that they can share one [`Report`].
    ///
    /// ```
    /// use wmp_bits::validate::{Problem, Severity, Subject};
    /// let p = Problem::new(Severity::Warning, "store_rule", Subject::DisplayName, "display name is empty");
    /// assert_eq!(p.to_string(), "warning: display name: display name is empty [store_rule]");
    /// ```
    pub fn new(
        severity: Severity,
        code: &'static str,
        subject: Subject,
        message: impl Into<String>,
    ) -> Problem {
        Problem {
            severity,
            code,
            subject,
            field: None,
            span: None,
            message: message.into(),
        }
    }

    /// The same problem, about `field` of the description.
    ///
    /// ```
    /// # use wmp_bits::{validate::{Problem, Severity, Subject}, Field};
    /// let p = Problem::new(Severity::Error, "x", Subject::Description, "m").with_field(Field::Title);
    /// assert_eq!(p.field(), Some(Field::Title));
    /// ```
    #[must_use]
    pub fn with_field(mut self, field: Field) -> Problem {
        self.field = Some(field);
        self
    }

    /// The same problem, at byte `span` of its subject.
    ///
    /// ```
    /// # use wmp_bits::validate::{Problem, Severity, Subject};
    /// let p = Problem::new(Severity::Error, "x", Subject::LocalName, "m").with_span(3..4);
    /// assert_eq!(p.span(), Some(3..4));
    /// ```
    #[must_use]
    pub fn with_span(mut self, span: Range<usize>) -> Problem {
        self.span = Some(span);
        self
    }

    /// Error or warning.
    ///
    /// ```
    /// # use wmp_bits::validate::{Problem, Severity, Subject};
    /// assert_eq!(Problem::new(Severity::Warning, "x", Subject::LocalName, "m").severity(), Severity::Warning);
    /// ```
    #[must_use]
    pub fn severity(&self) -> Severity {
        self.severity
    }

    /// The stable `snake_case` code: a [`ParseError`] or [`LocalNameError`] code, or
    /// `provider_not_installed`, `large_service_id`, `bidi_control`, or one of a caller's.
    ///
    /// ```
    /// # use wmp_bits::validate::{Problem, Severity, Subject};
    /// assert_eq!(Problem::new(Severity::Error, "x", Subject::LocalName, "m").code(), "x");
    /// ```
    #[must_use]
    pub fn code(&self) -> &'static str {
        self.code
    }

    /// The part of the job.
    ///
    /// ```
    /// # use wmp_bits::validate::{Problem, Severity, Subject};
    /// assert_eq!(Problem::new(Severity::Error, "x", Subject::LocalName, "m").subject(), Subject::LocalName);
    /// ```
    #[must_use]
    pub fn subject(&self) -> Subject {
        self.subject
    }

    /// The descriptor field, for a problem of the description that concerns one.
    ///
    /// ```
    /// # use wmp_bits::validate::{Problem, Severity, Subject};
    /// assert_eq!(Problem::new(Severity::Error, "x", Subject::LocalName, "m").field(), None);
    /// ```
    #[must_use]
    pub fn field(&self) -> Option<Field> {
        self.field
    }

    /// The byte range in the subject's text, where one applies.
    ///
    /// ```
    /// # use wmp_bits::validate::{Problem, Severity, Subject};
    /// assert_eq!(Problem::new(Severity::Error, "x", Subject::LocalName, "m").span(), None);
    /// ```
    #[must_use]
    pub fn span(&self) -> Option<Range<usize>> {
        self.span.clone()
    }

    /// The message: lowercase, specific, and saying what was expected.
    ///
    /// ```
    /// # use wmp_bits::validate::{Problem, Severity, Subject};
    /// assert_eq!(Problem::new(Severity::Error, "x", Subject::LocalName, "m").message(), "m");
    /// ```
    #[must_use]
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for Problem {
    /// `severity: subject: message [code]`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {}: {} [{}]",
            self.severity, self.subject, self.message, self.code
        )
    }
}

impl From<&ParseError> for Problem {
    fn from(e: &ParseError) -> Problem {
        Problem {
            severity: Severity::Error,
            code: e.code(),
            subject: Subject::Description,
            field: e.field(),
            span: Some(e.span()),
            message: e.to_string(),
        }
    }
}

impl From<&LocalNameError> for Problem {
    fn from(e: &LocalNameError) -> Problem {
        Problem::new(Severity::Error, e.code(), Subject::LocalName, e.to_string())
            .with_span(e.span())
    }
}

/// Every problem of a job, errors and warnings, in a stable order (description first, then
/// the other parts, each in the order of its checks).
///
/// ```
/// use wmp_bits::validate;
///
/// let report = validate::job("::WMP_JOB:1:42:Contoso::\u{202E}evil::::").check();
/// assert!(report.is_ok()); // warnings only
/// assert_eq!(report.warnings().count(), 1);
/// assert!(report.descriptor().is_some());
/// println!("{report}");
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    descriptor: Option<Descriptor>,
    problems: Vec<Problem>,
}

impl Report {
    /// An empty report, for callers who gather their own problems with [`push`](Self::push).
    ///
    /// ```
    /// # use wmp_bits::validate::Report;
    /// assert!(Report::new().is_ok());
    /// ```
    #[must_use]
    pub fn new() -> Report {
        Report::default()
    }

    /// Adds a problem.
    ///
    /// ```
    /// # use wmp_bits::validate::{Problem, Report, Severity, Subject};
    /// let mut r = Report::new();
    /// r.push(Problem::new(Severity::Error, "x", Subject::RemoteName, "m"));
    /// assert!(!r.is_ok());
    /// ```
    pub fn push(&mut self, problem: Problem) {
        self.problems.push(problem);
    }

    /// True when there is no error (warnings may remain).
    ///
    /// ```
    /// # use wmp_bits::validate;
    /// assert!(validate::job("::WMP_JOB:1:1:Contoso::::::").check().is_ok());
    /// ```
    #[must_use]
    pub fn is_ok(&self) -> bool {
        self.errors().next().is_none()
    }

    /// Every problem, in order.
    ///
    /// ```
    /// # use wmp_bits::validate;
    /// assert!(validate::job("::WMP_JOB:1:1:Contoso::::::").check().problems().is_empty());
    /// ```
    #[must_use]
    pub fn problems(&self) -> &[Problem] {
        &self.problems
    }

    /// The errors.
    ///
    /// ```
    /// # use wmp_bits::validate;
    /// assert_eq!(validate::job("").check().errors().count(), 1);
    /// ```
    pub fn errors(&self) -> impl Iterator<Item = &Problem> {
        self.problems
            .iter()
            .filter(|p| p.severity == Severity::Error)
    }

    /// The warnings.
    ///
    /// ```
    /// # use wmp_bits::validate;
    /// assert_eq!(validate::job("::WMP_JOB:1:4000000000:Contoso::::::").check().warnings().count(), 1);
    /// ```
    pub fn warnings(&self) -> impl Iterator<Item = &Problem> {
        self.problems
            .iter()
            .filter(|p| p.severity == Severity::Warning)
    }

    /// The parsed descriptor, when the description parsed.
    ///
    /// ```
    /// # use wmp_bits::validate;
    /// let r = validate::job("::WMP_JOB:1:1:Contoso::::::").check();
    /// assert_eq!(r.descriptor().unwrap().provider(), "Contoso");
    /// ```
    #[must_use]
    pub fn descriptor(&self) -> Option<&Descriptor> {
        self.descriptor.as_ref()
    }
}

impl fmt::Display for Report {
    /// One problem a line; `no problems` when there are none.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.problems.is_empty() {
            return f.write_str("no problems");
        }
        for (i, p) in self.problems.iter().enumerate() {
            if i > 0 {
                f.write_str("\n")?;
            }
            write!(f, "{p}")?;
        }
        Ok(())
    }
}

/// The warnings of a valid descriptor: a service id above 2147483647 (`large_service_id`:
/// the Player's script API takes the id as a signed `long`), and bidirectional formatting
/// characters U+202A..U+202E or U+2066..U+2069 in a text field (`bidi_control`: they can
/// make a title display as something else). Spans are in the descriptor's text.
///
/// ```
/// use wmp_bits::{validate, Descriptor, Field};
///
/// let d: Descriptor = "::WMP_JOB:1:2147483648:Contoso:::::: ".trim_end().parse()?;
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
            Problem::new(
                Severity::Warning,
                "large_service_id",
                Subject::Description,
                alloc::format!(
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
                Problem::new(
                    Severity::Warning,
                    "bidi_control",
                    Subject::Description,
                    alloc::format!(
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

/// Starts checking a whole job from its description; see [`JobCheck`].
///
/// ```
/// use wmp_bits::validate;
/// let report = validate::job("::WMP_STATUS:1:42:Fabrikam:Björk:Homogenic:2:Jóga:305:75")
///     .local_name(r"C:\Users\Pat\Music\Björk - Jóga.mp3")
///     .installed_providers(&["fabrikam"])
///     .check();
/// assert!(report.problems().is_empty(), "{report}");
/// ```
pub fn job(description: &str) -> JobCheck<'_> {
    JobCheck {
        description,
        local_name: None,
        installed: None,
    }
}

/// The parts of one job to check together; from [`job`]. Each part that is given is
/// checked, and every problem is reported, not only the first.
#[derive(Debug, Clone, Copy)]
#[must_use]
pub struct JobCheck<'a> {
    description: &'a str,
    local_name: Option<&'a str>,
    installed: Option<&'a [&'a str]>,
}

impl<'a> JobCheck<'a> {
    /// Also checks the local file name given to `AddFile` ([`local_name`]).
    ///
    /// ```
    /// # use wmp_bits::validate;
    /// let r = validate::job("::WMP_JOB:1:1:Contoso::::::").local_name("song.mp3").check();
    /// assert_eq!(r.problems()[0].code(), "local_name_not_absolute");
    /// ```
    pub fn local_name(mut self, local_name: &'a str) -> Self {
        self.local_name = Some(local_name);
        self
    }

    /// Also checks that the provider is one of these registry key names
    /// ([`provider_installed`]); `provider_not_installed` otherwise.
    ///
    /// ```
    /// # use wmp_bits::validate;
    /// let r = validate::job("::WMP_JOB:1:1:Contoso::::::").installed_providers(&["Proseware"]).check();
    /// assert_eq!(r.problems()[0].code(), "provider_not_installed");
    /// ```
    pub fn installed_providers(mut self, key_names: &'a [&'a str]) -> Self {
        self.installed = Some(key_names);
        self
    }

    /// Runs every check.
    ///
    /// ```
    /// # use wmp_bits::validate;
    /// let r = validate::job("::WMP_JOB:1:1:Contoso:A:B:0:T:1:50").local_name(r"C:\x\CON.mp3").check();
    /// let codes: Vec<_> = r.problems().iter().map(|p| p.code()).collect();
    /// assert_eq!(codes, ["invalid_track_number", "local_name_reserved_name"]);
    /// ```
    #[must_use]
    pub fn check(&self) -> Report {
        let mut report = Report::new();
        match self.description.parse::<Descriptor>() {
            Ok(d) => {
                if let Some(installed) = self.installed {
                    if !provider_installed(d.provider(), installed.iter().copied()) {
                        report.push(
                            Problem::new(
                                Severity::Error,
                                "provider_not_installed",
                                Subject::Description,
                                alloc::format!(
                                    "provider {:?} is not an installed store: expected one of \
                                     the key names under \
                                     HKLM\\SOFTWARE\\Microsoft\\MediaPlayer\\Subscriptions \
                                     ({}), compared case-insensitively",
                                    d.provider(),
                                    if installed.is_empty() {
                                        "none given".to_string()
                                    } else {
                                        installed.join(", ")
                                    }
                                ),
                            )
                            .with_field(Field::Provider)
                            .with_span(d.span(Field::Provider)),
                        );
                    }
                }
                report.problems.extend(warnings(&d));
                report.descriptor = Some(d);
            }
            Err(e) => report.push(Problem::from(&e)),
        }
        if let Some(name) = self.local_name {
            if let Err(e) = local_name(name) {
                report.push(Problem::from(&e));
            }
        }
        report
    }
}
