//! [`JobCheck`]: the parts of one BITS job, checked together into one [`Report`].

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use core::ops::Range;

use super::windows_path::{media_format, Extension};
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
/// and then, when both names are given, the `remote_name_extension_mismatch` warning (the
/// remote file's extension names an audio or video format other than the local name's:
/// `.m4a`, `.aac`, `.flac`, `.ogg`, `.wav`, … or `.mp3` for a local `.wma`; `.wma`, `.wmv`
/// and `.asf` are one format, ASF), and the display name
/// ([`display_name`](super::display_name)).
///
/// ```
/// use wmp_bits::validate::{self, Severity};
///
/// let report = validate::job("::WMP_JOB:1:42:Fabrikam::::Jóga::")
///     .local_name(r"C:\Music\Jóga.wma")
///     .remote_name("https://downloads.fabrikam.example/t/2.m4a?sig=x")
///     .check();
/// let p = &report.problems()[0];
/// assert_eq!((p.severity(), p.code(), p.span()), (Severity::Warning, "remote_name_extension_mismatch", Some(38..42)));
/// assert_eq!(
///     p.message(),
///     "remote name ends in .m4a (MPEG-4) at bytes 38..42, but the local name ends in .wma \
///      (ASF): BITS copies the file as it is and the Player reads it by its local extension, \
///      so it would not play; expected a remote file in the ASF format of .wma (the Player \
///      takes no MPEG-4 download: only .wma, .wmv, .mp3 or .asf)"
/// );
/// ```
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
            if let Some(p) = self
                .local_name
                .and_then(|local| extension_mismatch(local, url))
            {
                report.push(p);
            }
        }
        if let Some(name) = self.display_name {
            report.problems.extend(display_name(name));
        }
        report
    }
}

/// The extension of the file that `remote` names, with its byte range (the dot included):
/// after the last `.` of the last segment of its path (without a URL's query or fragment).
fn remote_extension(remote: &str) -> Option<(Range<usize>, &str)> {
    let (path_start, path_end) = match remote.find("://") {
        // A URL's path starts after its authority (a host is no file name).
        Some(i) => {
            let authority = i + 3;
            let start = authority + remote[authority..].find('/')?;
            let end = start
                + remote[start..]
                    .find(['?', '#'])
                    .unwrap_or(remote.len() - start);
            (start, end)
        }
        None => (0, remote.len()),
    };
    let path = &remote[..path_end];
    let segment_start = path_start + path[path_start..].rfind(['/', '\\']).map_or(0, |i| i + 1);
    let dot = segment_start + path[segment_start..].rfind('.')?;
    Some((dot..path_end, &path[dot + 1..]))
}

/// `remote_name_extension_mismatch`: the remote file's extension names an audio or video
/// format other than the one the local name's extension names. The Player reads a file by
/// its local extension, and BITS copies the bytes as they are, so an AAC download saved as
/// `.wma` would not play.
fn extension_mismatch(local: &str, remote: &str) -> Option<Problem> {
    let local_ext = local.rsplit(['\\', '/']).next()?.rsplit_once('.')?.1;
    let local_format = Extension::of(local_ext).and_then(|e| media_format(e.as_str()))?;
    let (span, remote_ext) = remote_extension(remote)?;
    let remote_format = media_format(remote_ext)?;
    if remote_format == local_format {
        return None;
    }
    let (local_ext, remote_ext) = (
        local_ext.to_ascii_lowercase(),
        remote_ext.to_ascii_lowercase(),
    );
    let expected = match Extension::of(&remote_ext) {
        Some(_) => format!(
            "expected a local name ending in .{remote_ext}, or a remote file in the \
             {local_format} format of .{local_ext}"
        ),
        None => format!(
            "expected a remote file in the {local_format} format of .{local_ext} (the Player \
             takes no {remote_format} download: only {})",
            Extension::ALL_TEXT
        ),
    };
    Some(
        Problem::of(
            ProblemKind::RemoteNameExtensionMismatch,
            format!(
                "remote name ends in .{remote_ext} ({remote_format}) at bytes {}..{}, but the \
                 local name ends in .{local_ext} ({local_format}): BITS copies the file as it \
                 is and the Player reads it by its local extension, so it would not play; \
                 {expected}",
                span.start, span.end
            ),
        )
        .with_span(span),
    )
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
