//! [`JobCheck`]: the parts of one BITS job, checked together into one [`Report`].

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use super::{display_name, local_name, provider_installed, remote_name, warnings};
use super::{Problem, ProblemKind, Report};
use crate::registry::SUBSCRIPTIONS_PATH;
use crate::{Descriptor, Field};

/// Starts checking a whole job from its description, as text (from a queue, a log, a
/// file); see [`JobCheck`]. A [`Job`](crate::Job) checks its own parts with
/// [`Job::check`](crate::Job::check) and [`Job::checks`](crate::Job::checks).
///
/// ```
/// use wmp_bits::validate;
/// let report = validate::job("::WMP_STATUS:1:42:Fabrikam:Björk:Homogenic:2:Jóga:305:75")
///     .local_name(r"C:\Users\Pat\Music\Björk - Jóga.mp3")
///     .remote_name("https://downloads.fabrikam.example/t/2.mp3")
///     .display_name("Björk - Jóga")
///     .installed_providers(&["fabrikam"])
///     .check();
/// assert!(report.problems().is_empty(), "{report}");
/// ```
pub fn job(description: &str) -> JobCheck<'_> {
    JobCheck::new(Description::Text(description))
}

/// The parts of one job to check together; from [`job`] or
/// [`Job::checks`](crate::Job::checks). Each part that is given is checked, and every
/// problem is reported, not only the first, in this order: the description (its parse
/// error, or `provider_not_installed` and its [warnings](super::warnings)), the local name
/// ([`local_name`](super::local_name)), the remote name ([`remote_name`](super::remote_name))
/// and the display name ([`display_name`](super::display_name)).
#[derive(Debug, Clone)]
#[must_use]
pub struct JobCheck<'a> {
    description: Description<'a>,
    local_name: Option<&'a str>,
    remote_name: Option<&'a str>,
    display_name: Option<&'a str>,
    installed: Option<Vec<&'a str>>,
}

/// The description, as text to parse or already parsed.
#[derive(Debug, Clone, Copy)]
enum Description<'a> {
    Text(&'a str),
    Parsed(&'a Descriptor),
}

impl<'a> JobCheck<'a> {
    fn new(description: Description<'a>) -> Self {
        JobCheck {
            description,
            local_name: None,
            remote_name: None,
            display_name: None,
            installed: None,
        }
    }

    /// The check of a job whose descriptor is already parsed (and so valid).
    pub(crate) fn parsed(descriptor: &'a Descriptor) -> Self {
        JobCheck::new(Description::Parsed(descriptor))
    }

    /// Also checks the local file name given to `AddFile` ([`local_name`](super::local_name)).
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

    /// Also checks the remote name given to `AddFile` ([`remote_name`](super::remote_name)).
    ///
    /// ```
    /// # use wmp_bits::validate;
    /// let r = validate::job("::WMP_JOB:1:1:Contoso::::::").remote_name("ftp://h/a.mp3").check();
    /// assert_eq!(r.problems()[0].code(), "remote_name_scheme");
    /// ```
    pub fn remote_name(mut self, remote_name: &'a str) -> Self {
        self.remote_name = Some(remote_name);
        self
    }

    /// Also checks the display name given to `CreateJob`
    /// ([`display_name`](super::display_name)).
    ///
    /// ```
    /// # use wmp_bits::validate;
    /// let r = validate::job("::WMP_JOB:1:1:Contoso::::::").display_name("a\0b").check();
    /// assert_eq!(r.problems()[0].code(), "display_name_control_character");
    /// ```
    pub fn display_name(mut self, display_name: &'a str) -> Self {
        self.display_name = Some(display_name);
        self
    }

    /// Also checks that the provider is one of these registry key names, the keys under
    /// `HKLM\SOFTWARE\Microsoft\MediaPlayer\Subscriptions` ([`provider_installed`]);
    /// `provider_not_installed` otherwise. An empty list means no store is installed.
    /// Takes a slice or array of `&str` or `String` (or a reference to a `Vec` of either).
    ///
    /// ```
    /// # use wmp_bits::validate;
    /// let r = validate::job("::WMP_JOB:1:1:Contoso::::::").installed_providers(&["Proseware"]).check();
    /// assert_eq!(r.problems()[0].code(), "provider_not_installed");
    ///
    /// let from_registry: Vec<String> = vec!["CONTOSO".into()];
    /// let r = validate::job("::WMP_JOB:1:1:Contoso::::::").installed_providers(&from_registry).check();
    /// assert!(r.is_ok());
    /// ```
    pub fn installed_providers<I, S>(mut self, key_names: I) -> Self
    where
        I: IntoIterator<Item = &'a S>,
        S: AsRef<str> + ?Sized + 'a,
    {
        self.installed = Some(key_names.into_iter().map(AsRef::as_ref).collect());
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
        let descriptor = match self.description {
            Description::Parsed(d) => Some(d.clone()),
            Description::Text(text) => match text.parse::<Descriptor>() {
                Ok(d) => Some(d),
                Err(e) => {
                    report.push(Problem::from(&e));
                    None
                }
            },
        };
        if let Some(d) = &descriptor {
            if let Some(installed) = &self.installed {
                if !provider_installed(d.provider(), installed.iter().copied()) {
                    report.push(not_installed(d, installed));
                }
            }
            report.problems.extend(warnings(d));
        }
        report.descriptor = descriptor;
        if let Some(name) = self.local_name {
            if let Err(e) = local_name(name) {
                report.push(Problem::from(&e));
            }
        }
        if let Some(url) = self.remote_name {
            report.problems.extend(remote_name(url));
        }
        if let Some(name) = self.display_name {
            report.problems.extend(display_name(name));
        }
        report
    }
}

/// `provider_not_installed`, naming the key names that were given.
fn not_installed(d: &Descriptor, installed: &[&str]) -> Problem {
    let given = if installed.is_empty() {
        String::from("none installed")
    } else {
        installed.join(", ")
    };
    Problem::of(
        ProblemKind::ProviderNotInstalled,
        format!(
            "provider {provider:?} is not an installed store: expected one of the key names \
             under HKLM\\{SUBSCRIPTIONS_PATH} ({given}), compared case-insensitively; the \
             store's installer creates the key HKLM\\{SUBSCRIPTIONS_PATH}\\{provider}",
            provider = d.provider(),
        ),
    )
    .with_field(Field::Provider)
    .with_span(d.span(Field::Provider))
}
