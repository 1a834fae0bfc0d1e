//! [`Report`]: every [`Problem`] of a job, each with its [`Severity`], [`Subject`] and
//! kind ([`ProblemKind`] here; the doctor's own kinds there).

use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::fmt;
use core::ops::Range;

use super::{LocalNameError, LocalNameErrorKind};
use crate::{Descriptor, Error, ErrorKind, ErrorOrigin, Field};

/// How serious a [`Problem`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Severity {
    /// Legal, but likely to surprise: the job works, yet something may not show as meant.
    Warning,
    /// The Player or BITS would refuse or ignore the job.
    Error,
}

impl Severity {
    /// `"warning"` or `"error"`.
    ///
    /// ```
    /// assert_eq!(wmp_bits::validate::Severity::Error.code(), "error");
    /// ```
    #[must_use]
    pub const fn code(self) -> &'static str {
        match self {
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
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
    /// The job as a whole, in the queue: its files, type, state and owner (the doctor's).
    Job,
    /// The machine: the registry switch that makes the Player look at the queue (the
    /// doctor's).
    Machine,
}

impl Subject {
    /// The subject in `snake_case`, as JSON has it: `local_name`.
    ///
    /// ```
    /// use wmp_bits::validate::Subject;
    /// assert_eq!(Subject::RemoteName.code(), "remote_name");
    /// assert_eq!(Subject::RemoteName.to_string(), "remote name");
    /// ```
    #[must_use]
    pub const fn code(self) -> &'static str {
        match self {
            Subject::Description => "description",
            Subject::LocalName => "local_name",
            Subject::RemoteName => "remote_name",
            Subject::DisplayName => "display_name",
            Subject::Job => "job",
            Subject::Machine => "machine",
        }
    }
}

impl fmt::Display for Subject {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Subject::Description => "description",
            Subject::LocalName => "local name",
            Subject::RemoteName => "remote name",
            Subject::DisplayName => "display name",
            Subject::Job => "job",
            Subject::Machine => "machine",
        })
    }
}

/// What a [`Problem`] is, with its stable `snake_case` [`code`](Self::code); each variant is
/// named like its code. A problem of the description or of the local name carries the
/// kind of the error behind it, whose code it shares.
///
/// ```
/// use wmp_bits::validate::{self, LocalNameErrorKind, ProblemKind};
///
/// let report = validate::job("::WMP_JOB:1:3000000000:Contoso::::::")
///     .local_name(r"C:\Music\song.wav")
///     .check();
/// let kinds: Vec<ProblemKind> = report.problems().iter().map(|p| p.kind()).collect();
/// assert_eq!(
///     kinds,
///     [ProblemKind::LargeServiceId, ProblemKind::LocalName(LocalNameErrorKind::Extension)]
/// );
/// assert_eq!(kinds[1].code(), "local_name_extension");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ProblemKind {
    /// The description is not a strict descriptor: the [`ParseError`](crate::ParseError)'s kind and code.
    Description(ErrorKind),
    /// The store's metadata cannot make a descriptor: the [`BuildError`](crate::BuildError)'s kind
    /// and code.
    Metadata(ErrorKind),
    /// The local name breaks a rule of [`local_name`](super::local_name): the
    /// [`LocalNameError`]'s kind and code.
    LocalName(LocalNameErrorKind),
    /// `provider_not_installed`: no store key under
    /// `HKLM\SOFTWARE\Microsoft\MediaPlayer\Subscriptions` matches the provider.
    ProviderNotInstalled,
    /// `large_service_id` (a warning): a service id above 2147483647.
    LargeServiceId,
    /// `bidi_control` (a warning): a bidirectional formatting character in a text field.
    BidiControl,
    /// `remote_name_empty`.
    RemoteNameEmpty,
    /// `remote_name_scheme`.
    RemoteNameScheme,
    /// `remote_name_drive_letter` (a warning).
    RemoteNameDriveLetter,
    /// `remote_name_host`.
    RemoteNameHost,
    /// `remote_name_invalid_character`.
    RemoteNameInvalidCharacter,
    /// `remote_name_too_long`.
    RemoteNameTooLong,
    /// `remote_name_segment_too_long`.
    RemoteNameSegmentTooLong,
    /// `remote_name_extension_mismatch` (a warning): the remote file's name ends in an audio
    /// or video extension of another format than the local name's.
    RemoteNameExtensionMismatch,
    /// `display_name_empty` (a warning).
    DisplayNameEmpty,
    /// `display_name_control_character`.
    DisplayNameControlCharacter,
    /// `display_name_too_long`.
    DisplayNameTooLong,
    /// `display_name_bidi_control` (a warning).
    DisplayNameBidiControl,
    /// A code of the caller's own, for checks that build on this crate's (a store's own
    /// rules, say), so that they can share one [`Report`].
    Other(&'static str),
}

impl ProblemKind {
    /// The stable `snake_case` code.
    ///
    /// ```
    /// use wmp_bits::validate::ProblemKind;
    /// use wmp_bits::ErrorKind;
    /// assert_eq!(ProblemKind::RemoteNameScheme.code(), "remote_name_scheme");
    /// assert_eq!(ProblemKind::Description(ErrorKind::TooLong).code(), "too_long");
    /// assert_eq!(ProblemKind::Other("store_rule").code(), "store_rule");
    /// ```
    #[must_use]
    pub const fn code(self) -> &'static str {
        match self {
            ProblemKind::Description(kind) | ProblemKind::Metadata(kind) => kind.code(),
            ProblemKind::LocalName(kind) => kind.code(),
            ProblemKind::ProviderNotInstalled => "provider_not_installed",
            ProblemKind::LargeServiceId => "large_service_id",
            ProblemKind::BidiControl => "bidi_control",
            ProblemKind::RemoteNameEmpty => "remote_name_empty",
            ProblemKind::RemoteNameScheme => "remote_name_scheme",
            ProblemKind::RemoteNameDriveLetter => "remote_name_drive_letter",
            ProblemKind::RemoteNameHost => "remote_name_host",
            ProblemKind::RemoteNameInvalidCharacter => "remote_name_invalid_character",
            ProblemKind::RemoteNameTooLong => "remote_name_too_long",
            ProblemKind::RemoteNameSegmentTooLong => "remote_name_segment_too_long",
            ProblemKind::RemoteNameExtensionMismatch => "remote_name_extension_mismatch",
            ProblemKind::DisplayNameEmpty => "display_name_empty",
            ProblemKind::DisplayNameControlCharacter => "display_name_control_character",
            ProblemKind::DisplayNameTooLong => "display_name_too_long",
            ProblemKind::DisplayNameBidiControl => "display_name_bidi_control",
            ProblemKind::Other(code) => code,
        }
    }

    /// How serious the crate's own problems of this kind are, and what part of a job they
    /// concern. (A caller gives its own [`Other`](Self::Other) kinds both, with
    /// [`Problem::new`].)
    pub(crate) const fn defaults(self) -> (Severity, Subject) {
        use Severity::{Error, Warning};
        use Subject::{Description, DisplayName, LocalName, RemoteName};
        match self {
            // A caller gives its own kinds a severity and a subject with `Problem::new`.
            ProblemKind::Description(_)
            | ProblemKind::Metadata(_)
            | ProblemKind::ProviderNotInstalled
            | ProblemKind::Other(_) => (Error, Description),
            ProblemKind::LargeServiceId | ProblemKind::BidiControl => (Warning, Description),
            ProblemKind::LocalName(_) => (Error, LocalName),
            ProblemKind::RemoteNameDriveLetter | ProblemKind::RemoteNameExtensionMismatch => {
                (Warning, RemoteName)
            }
            ProblemKind::RemoteNameEmpty
            | ProblemKind::RemoteNameScheme
            | ProblemKind::RemoteNameHost
            | ProblemKind::RemoteNameInvalidCharacter
            | ProblemKind::RemoteNameTooLong
            | ProblemKind::RemoteNameSegmentTooLong => (Error, RemoteName),
            ProblemKind::DisplayNameEmpty | ProblemKind::DisplayNameBidiControl => {
                (Warning, DisplayName)
            }
            ProblemKind::DisplayNameControlCharacter | ProblemKind::DisplayNameTooLong => {
                (Error, DisplayName)
            }
        }
    }
}

impl fmt::Display for ProblemKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// A kind of [`Problem`]: anything with a stable `snake_case` code. The crate's kinds are
/// [`ProblemKind`] (a job's parts) and the doctor's own; a caller's checks may bring theirs.
///
/// ```
/// use wmp_bits::validate::{Problem, ProblemCode, Severity, Subject};
///
/// #[derive(Debug, Clone, Copy, PartialEq, Eq)]
/// enum StoreRule { CoverMissing }
/// impl ProblemCode for StoreRule {
///     fn code(&self) -> &'static str { "cover_missing" }
/// }
/// let p = Problem::new(Severity::Warning, StoreRule::CoverMissing, Subject::Job, "no cover art");
/// assert_eq!(p.to_string(), "warning: job: no cover art [cover_missing]");
/// ```
pub trait ProblemCode: Copy {
    /// The stable `snake_case` code.
    fn code(&self) -> &'static str;
}

impl ProblemCode for ProblemKind {
    fn code(&self) -> &'static str {
        ProblemKind::code(*self)
    }
}

/// One problem of a job: an error or a warning, with a stable code, the part of the job and
/// (for the description) the field it concerns, the byte span in that part, and a message.
///
/// The kind is a [`ProblemKind`] for the checks of this module, and the doctor's own kind
/// in a diagnosis ([`map_kind`](Self::map_kind) moves a problem from one to the other).
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
pub struct Problem<K = ProblemKind> {
    severity: Severity,
    kind: K,
    subject: Subject,
    field: Option<Field>,
    span: Option<Range<usize>>,
    message: String,
}

impl Problem {
    /// A problem of `kind`, with the severity and subject the crate gives every problem of
    /// that kind.
    pub(crate) fn of(kind: ProblemKind, message: impl Into<String>) -> Problem {
        let (severity, subject) = kind.defaults();
        Problem::new(severity, kind, subject, message)
    }
}

impl<K: Copy> Problem<K> {
    /// A problem of the caller's own making: for checks that build on this crate's (a
    /// store's own rules, say), so that they can share one [`Report`].
    ///
    /// ```
    /// use wmp_bits::validate::{Problem, ProblemKind, Severity, Subject};
    /// let p = Problem::new(
    ///     Severity::Warning,
    ///     ProblemKind::Other("store_rule"),
    ///     Subject::DisplayName,
    ///     "display name is empty",
    /// );
    /// assert_eq!(p.to_string(), "warning: display name: display name is empty [store_rule]");
    /// ```
    pub fn new(severity: Severity, kind: K, subject: Subject, message: impl Into<String>) -> Self {
        Problem {
            severity,
            kind,
            subject,
            field: None,
            span: None,
            message: message.into(),
        }
    }

    /// The same problem, about `field` of the description.
    ///
    /// ```
    /// # use wmp_bits::{validate::{Problem, ProblemKind, Severity, Subject}, Field};
    /// let p = Problem::new(Severity::Error, ProblemKind::Other("x"), Subject::Description, "m")
    ///     .with_field(Field::Title);
    /// assert_eq!(p.field(), Some(Field::Title));
    /// ```
    #[must_use]
    pub fn with_field(mut self, field: Field) -> Self {
        self.field = Some(field);
        self
    }

    /// The same problem, at byte `span` of its subject.
    ///
    /// ```
    /// # use wmp_bits::validate::{Problem, ProblemKind, Severity, Subject};
    /// let p = Problem::new(Severity::Error, ProblemKind::Other("x"), Subject::LocalName, "m")
    ///     .with_span(3..4);
    /// assert_eq!(p.span(), Some(3..4));
    /// ```
    #[must_use]
    pub fn with_span(mut self, span: Range<usize>) -> Self {
        self.span = Some(span);
        self
    }

    /// The same problem, with another severity (a check that weighs a part of a job less
    /// than this module does, say).
    ///
    /// ```
    /// # use wmp_bits::validate::{self, Severity};
    /// let report = validate::job("::WMP_JOB:1:1:Contoso::::::").display_name("a\0b").check();
    /// let p = report.problems()[0].clone().with_severity(Severity::Warning);
    /// assert_eq!((p.severity(), p.code()), (Severity::Warning, "display_name_control_character"));
    /// ```
    #[must_use]
    pub fn with_severity(mut self, severity: Severity) -> Self {
        self.severity = severity;
        self
    }

    /// The same problem, with its kind mapped by `f`: to carry it among kinds of another
    /// type (the doctor's own, or a caller's).
    ///
    /// ```
    /// # use wmp_bits::validate::{self, ProblemKind};
    /// let report = validate::job("::WMP_JOB:1:0:Contoso::::::").check();
    /// let p = report.problems()[0].clone().map_kind(Some);
    /// assert_eq!(p.kind().map(ProblemKind::code), Some("zero_service_id"));
    /// ```
    #[must_use]
    pub fn map_kind<L>(self, f: impl FnOnce(K) -> L) -> Problem<L> {
        Problem {
            severity: self.severity,
            kind: f(self.kind),
            subject: self.subject,
            field: self.field,
            span: self.span,
            message: self.message,
        }
    }

    /// Error or warning.
    ///
    /// ```
    /// # use wmp_bits::validate::{self, Severity};
    /// let report = validate::job("::WMP_JOB:1:4000000000:Contoso::::::").check();
    /// assert_eq!(report.problems()[0].severity(), Severity::Warning);
    /// ```
    #[must_use]
    pub fn severity(&self) -> Severity {
        self.severity
    }

    /// What the problem is.
    ///
    /// ```
    /// # use wmp_bits::validate::{self, ProblemKind};
    /// let report = validate::job("::WMP_JOB:1:4000000000:Contoso::::::").check();
    /// assert_eq!(report.problems()[0].kind(), ProblemKind::LargeServiceId);
    /// ```
    #[must_use]
    pub fn kind(&self) -> K {
        self.kind
    }

    /// The part of the job.
    ///
    /// ```
    /// # use wmp_bits::validate::{self, Subject};
    /// let report = validate::job("::WMP_JOB:1:1:Contoso::::::").local_name("a.mp3").check();
    /// assert_eq!(report.problems()[0].subject(), Subject::LocalName);
    /// ```
    #[must_use]
    pub fn subject(&self) -> Subject {
        self.subject
    }

    /// The descriptor field, for a problem of the description that concerns one.
    ///
    /// ```
    /// # use wmp_bits::{validate, Field};
    /// let report = validate::job("::WMP_JOB:1:1:Contoso::::::100").check();
    /// assert_eq!(report.problems()[0].field(), Some(Field::Rating));
    /// ```
    #[must_use]
    pub fn field(&self) -> Option<Field> {
        self.field
    }

    /// The byte range in the subject's text, where one applies.
    ///
    /// ```
    /// # use wmp_bits::validate;
    /// let report = validate::job("::WMP_JOB:1:1:Contoso::::::100").check();
    /// assert_eq!(report.problems()[0].span(), Some(27..30));
    /// ```
    #[must_use]
    pub fn span(&self) -> Option<Range<usize>> {
        self.span.clone()
    }

    /// The message: lowercase, specific, and saying what was expected.
    ///
    /// ```
    /// # use wmp_bits::validate;
    /// let report = validate::job("::WMP_JOB:1:1:Contoso::::::100").check();
    /// assert!(report.problems()[0].message().starts_with("invalid rating \"100\""));
    /// ```
    #[must_use]
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl<K: ProblemCode> Problem<K> {
    /// The stable `snake_case` code of the [`kind`](Self::kind): an [`Error`] or
    /// [`LocalNameError`] code, one of the codes of [`ProblemKind`], or one of a caller's.
    ///
    /// ```
    /// # use wmp_bits::validate;
    /// let report = validate::job("::WMP_JOB:1:4000000000:Contoso::::::").check();
    /// assert_eq!(report.problems()[0].code(), "large_service_id");
    /// ```
    #[must_use]
    pub fn code(&self) -> &'static str {
        self.kind.code()
    }
}

impl<K: ProblemCode> fmt::Display for Problem<K> {
    /// `severity: subject: message [code]`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {}: {} [{}]",
            self.severity,
            self.subject,
            self.message,
            self.code()
        )
    }
}

/// A problem as JSON (feature `serde`): `{"severity", "code", "subject", "field", "span",
/// "message"}`, the severity and subject in `snake_case` ([`Severity::code`],
/// [`Subject::code`]), the field by its key in the convention ([`Field::key`], `null` when
/// none) and the span as `[start, end]` (`null` when none).
///
/// ```
/// # #[cfg(feature = "serde")] {
/// use wmp_bits::validate;
/// let report = validate::job("::WMP_JOB:1:0:Contoso::::::").check();
/// assert_eq!(
///     serde_json::to_value(&report.problems()[0]).unwrap(),
///     serde_json::json!({
///         "severity": "error", "code": "zero_service_id", "subject": "description",
///         "field": "serviceId", "span": [12, 13], "message": report.problems()[0].message(),
///     })
/// );
/// # }
/// ```
#[cfg(feature = "serde")]
impl<K: ProblemCode> serde::Serialize for Problem<K> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct as _;
        let mut s = serializer.serialize_struct("Problem", 6)?;
        s.serialize_field("severity", self.severity.code())?;
        s.serialize_field("code", self.code())?;
        s.serialize_field("subject", self.subject.code())?;
        s.serialize_field("field", &self.field.map(Field::key))?;
        s.serialize_field("span", &self.span.as_ref().map(|r| [r.start, r.end]))?;
        s.serialize_field("message", &self.message)?;
        s.end()
    }
}

/// A problem is also an error, for calls that give one problem as their error
/// ([`bits_url`](super::bits_url)).
impl<K: ProblemCode + fmt::Debug> core::error::Error for Problem<K> {}

impl From<&Error> for Problem {
    /// A problem of the description: `Description` for an error in a description's text,
    /// `Metadata` for one in a store's value (whose span is in the caller's text for the
    /// field).
    fn from(e: &Error) -> Problem {
        let kind = match e.origin() {
            ErrorOrigin::Description => ProblemKind::Description(e.kind()),
            ErrorOrigin::Value => ProblemKind::Metadata(e.kind()),
        };
        let p = Problem::of(kind, e.to_string()).with_span(e.span());
        match e.field() {
            Some(field) => p.with_field(field),
            None => p,
        }
    }
}

impl From<&LocalNameError> for Problem {
    fn from(e: &LocalNameError) -> Problem {
        Problem::of(ProblemKind::LocalName(e.kind()), e.to_string()).with_span(e.span())
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
    pub(super) descriptor: Option<Descriptor>,
    pub(super) problems: Vec<Problem>,
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
    /// # use wmp_bits::validate::{Problem, ProblemKind, Report, Severity, Subject};
    /// let mut r = Report::new();
    /// r.push(Problem::new(Severity::Error, ProblemKind::Other("x"), Subject::RemoteName, "m"));
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
