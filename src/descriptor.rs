//! [`Descriptor`]: a parsed, canonical job description, its [`Kind`], and the
//! [`DescriptorBuilder`] that makes one from a store's own data.

use alloc::string::String;
use core::fmt::{self, Write as _};
use core::hash::{Hash, Hasher};
use core::num::NonZeroU32;
use core::ops::Range;
use core::str::FromStr;

use crate::error::{BuildError, BuildErrorKind, Detail, Field, ParseError, ParseErrorKind};
use crate::parse::{self, MAX_UTF16};
use crate::{text, validate, Rating, ServiceId};

/// What the Player does with a job.
///
/// ```
/// use wmp_bits::Kind;
/// assert_eq!(Kind::Job.as_str(), "WMP_JOB");
/// assert_eq!("WMP_STATUS".parse::<Kind>().unwrap(), Kind::Status);
/// assert!("wmp_job".parse::<Kind>().is_err()); // case-sensitive
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    /// `WMP_JOB`: the Player completes the job, moves the file to the ripped-music folder
    /// and adds it to the library.
    Job,
    /// `WMP_STATUS`: the Player only shows status; the store's own code completes the job
    /// and organises the file.
    Status,
}

impl Kind {
    /// The token as written in a descriptor: `"WMP_JOB"` or `"WMP_STATUS"`.
    ///
    /// ```
    /// # use wmp_bits::Kind;
    /// assert_eq!(Kind::Status.as_str(), "WMP_STATUS");
    /// ```
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Kind::Job => "WMP_JOB",
            Kind::Status => "WMP_STATUS",
        }
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Parses `WMP_JOB` or `WMP_STATUS`, case-sensitively (the error is `unknown_kind`).
impl FromStr for Kind {
    type Err = ParseError;

    fn from_str(s: &str) -> Result<Kind, ParseError> {
        match s {
            "WMP_JOB" => Ok(Kind::Job),
            "WMP_STATUS" => Ok(Kind::Status),
            _ => Err(ParseError::new(
                ParseErrorKind::UnknownKind,
                Some(Field::Kind),
                0..s.len(),
                s,
                Detail::None,
            )),
        }
    }
}

/// A BITS job description in the Windows Media Player convention, strictly valid and in
/// canonical form:
///
/// ```text
/// ::WMP_JOB:1:serviceId:Provider:AlbumArtist:AlbumTitle:TrackNumber:Title:Duration:Rating
/// ```
///
/// A `Descriptor` is immutable and can only hold values that render into a valid,
/// unambiguous string of at most 1,024 UTF-16 code units, so [`Display`](fmt::Display) is
/// infallible and free: the value keeps its canonical text in one `String`, with the
/// offsets of its fields and its numbers parsed once.
///
/// Strict parsing is canonical: every string that [`FromStr`] accepts renders back byte for
/// byte. Two descriptors are equal exactly when their texts are.
///
/// ```
/// use wmp_bits::{Descriptor, Kind};
///
/// let text = "::WMP_JOB:1:987654321:Proseware:Norah Jones:Come Away with Me:3:Cold Cold Heart:218:50";
/// let d: Descriptor = text.parse()?;
/// assert_eq!(d.kind(), Kind::Job);
/// assert_eq!(d.service_id().get(), 987_654_321);
/// assert_eq!(d.provider(), "Proseware");
/// assert_eq!(d.album_artist(), "Norah Jones");
/// assert_eq!(d.album_title(), "Come Away with Me");
/// assert_eq!(d.track_number(), Some(3));
/// assert_eq!(d.title(), "Cold Cold Heart");
/// assert_eq!(d.duration_secs(), Some(218));
/// assert_eq!(d.rating().map(|r| r.stars()), Some(3));
/// assert_eq!(d.to_string(), text);
/// # Ok::<(), wmp_bits::ParseError>(())
/// ```
#[derive(Clone)]
pub struct Descriptor {
    text: String,
    /// Byte offsets in `text` of the nine separators after `::`.
    seps: [u16; 9],
    kind: Kind,
    service_id: ServiceId,
    track_number: Option<NonZeroU32>,
    duration_secs: Option<u32>,
    rating: Option<Rating>,
}

impl Descriptor {
    /// Starts a descriptor from the store's own data; see [`DescriptorBuilder`].
    ///
    /// ```
    /// use wmp_bits::{Descriptor, Kind, Rating, ServiceId};
    ///
    /// let d = Descriptor::builder(Kind::Job, ServiceId::new(987_654_321).unwrap(), "Proseware")
    ///     .album_artist("Norah Jones")
    ///     .album_title("Come Away with Me")
    ///     .track_number(3)
    ///     .title("Cold Cold Heart")
    ///     .duration_secs(218)
    ///     .rating(Rating::from_stars(3).unwrap())
    ///     .build()?;
    /// assert_eq!(
    ///     d.as_str(),
    ///     "::WMP_JOB:1:987654321:Proseware:Norah Jones:Come Away with Me:3:Cold Cold Heart:218:50"
    /// );
    /// # Ok::<(), wmp_bits::BuildError>(())
    /// ```
    pub fn builder(kind: Kind, service_id: ServiceId, provider: &str) -> DescriptorBuilder<'_> {
        DescriptorBuilder {
            kind,
            service_id,
            provider,
            album_artist: "",
            album_title: "",
            track_number: None,
            title: "",
            duration_secs: None,
            rating: None,
            policy: TextPolicy::Reject,
        }
    }

    fn from_parts(text: String, p: parse::Parsed) -> Descriptor {
        Descriptor {
            text,
            seps: p.seps,
            kind: p.kind,
            service_id: p.service_id,
            track_number: p.track_number,
            duration_secs: p.duration_secs,
            rating: p.rating,
        }
    }

    /// The canonical text, as BITS should store it.
    ///
    /// ```
    /// # use wmp_bits::Descriptor;
    /// let d: Descriptor = "::WMP_STATUS:1:42:Fabrikam::::::".parse()?;
    /// assert_eq!(d.as_str(), "::WMP_STATUS:1:42:Fabrikam::::::");
    /// # Ok::<(), wmp_bits::ParseError>(())
    /// ```
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The canonical text, giving up the descriptor without a copy.
    ///
    /// ```
    /// # use wmp_bits::Descriptor;
    /// let d: Descriptor = "::WMP_JOB:1:1:Contoso::::::".parse()?;
    /// let s: String = d.into_string();
    /// assert_eq!(s, "::WMP_JOB:1:1:Contoso::::::");
    /// # Ok::<(), wmp_bits::ParseError>(())
    /// ```
    #[must_use]
    pub fn into_string(self) -> String {
        self.text
    }

    /// The length of the text in UTF-16 code units, the unit BITS counts (at most 1,024).
    ///
    /// ```
    /// # use wmp_bits::Descriptor;
    /// let d: Descriptor = "::WMP_JOB:1:1:Contoso:🎷:::::".parse()?;
    /// assert_eq!(d.utf16_len(), 29);
    /// assert_eq!(d.as_str().len(), 31);
    /// # Ok::<(), wmp_bits::ParseError>(())
    /// ```
    #[must_use]
    pub fn utf16_len(&self) -> usize {
        text::utf16_len(&self.text)
    }

    /// `WMP_JOB` or `WMP_STATUS`.
    ///
    /// ```
    /// # use wmp_bits::{Descriptor, Kind};
    /// let d: Descriptor = "::WMP_STATUS:1:42:Fabrikam::::::".parse()?;
    /// assert_eq!(d.kind(), Kind::Status);
    /// # Ok::<(), wmp_bits::ParseError>(())
    /// ```
    #[must_use]
    pub fn kind(&self) -> Kind {
        self.kind
    }

    /// The store's download collection id.
    ///
    /// ```
    /// # use wmp_bits::Descriptor;
    /// let d: Descriptor = "::WMP_JOB:1:4294967295:Contoso::::::".parse()?;
    /// assert_eq!(d.service_id().get(), u32::MAX);
    /// # Ok::<(), wmp_bits::ParseError>(())
    /// ```
    #[must_use]
    pub fn service_id(&self) -> ServiceId {
        self.service_id
    }

    /// The store's registry key name, never empty.
    ///
    /// ```
    /// # use wmp_bits::Descriptor;
    /// let d: Descriptor = "::WMP_JOB:1:1:Store Name With Spaces::::::".parse()?;
    /// assert_eq!(d.provider(), "Store Name With Spaces");
    /// # Ok::<(), wmp_bits::ParseError>(())
    /// ```
    #[must_use]
    pub fn provider(&self) -> &str {
        self.field_str(Field::Provider)
    }

    /// The album artist, possibly empty.
    ///
    /// ```
    /// # use wmp_bits::Descriptor;
    /// let d: Descriptor = "::WMP_JOB:1:1:Contoso:Björk:::::".parse()?;
    /// assert_eq!(d.album_artist(), "Björk");
    /// # Ok::<(), wmp_bits::ParseError>(())
    /// ```
    #[must_use]
    pub fn album_artist(&self) -> &str {
        self.field_str(Field::AlbumArtist)
    }

    /// The album title, possibly empty.
    ///
    /// ```
    /// # use wmp_bits::Descriptor;
    /// let d: Descriptor = "::WMP_JOB:1:1:Contoso::Homogenic::::".parse()?;
    /// assert_eq!(d.album_title(), "Homogenic");
    /// # Ok::<(), wmp_bits::ParseError>(())
    /// ```
    #[must_use]
    pub fn album_title(&self) -> &str {
        self.field_str(Field::AlbumTitle)
    }

    /// The track number, `None` when unknown (empty).
    ///
    /// ```
    /// # use wmp_bits::Descriptor;
    /// let d: Descriptor = "::WMP_JOB:1:1:Contoso:::12:::".parse()?;
    /// assert_eq!(d.track_number(), Some(12));
    /// # Ok::<(), wmp_bits::ParseError>(())
    /// ```
    #[must_use]
    pub fn track_number(&self) -> Option<u32> {
        self.track_number.map(NonZeroU32::get)
    }

    /// The title, possibly empty.
    ///
    /// ```
    /// # use wmp_bits::Descriptor;
    /// let d: Descriptor = "::WMP_JOB:1:1:Contoso::::Jóga::".parse()?;
    /// assert_eq!(d.title(), "Jóga");
    /// # Ok::<(), wmp_bits::ParseError>(())
    /// ```
    #[must_use]
    pub fn title(&self) -> &str {
        self.field_str(Field::Title)
    }

    /// The duration in whole seconds, `None` when unknown (empty).
    ///
    /// ```
    /// # use wmp_bits::Descriptor;
    /// let d: Descriptor = "::WMP_JOB:1:1:Contoso:::::0:".parse()?;
    /// assert_eq!(d.duration_secs(), Some(0));
    /// # Ok::<(), wmp_bits::ParseError>(())
    /// ```
    #[must_use]
    pub fn duration_secs(&self) -> Option<u32> {
        self.duration_secs
    }

    /// The user rating, `None` when the field is empty.
    ///
    /// ```
    /// # use wmp_bits::Descriptor;
    /// let d: Descriptor = "::WMP_JOB:1:1:Contoso::::::99".parse()?;
    /// assert_eq!(d.rating().map(|r| r.stars()), Some(5));
    /// # Ok::<(), wmp_bits::ParseError>(())
    /// ```
    #[must_use]
    pub fn rating(&self) -> Option<Rating> {
        self.rating
    }

    /// The byte range of `field` in [`as_str`](Self::as_str).
    ///
    /// ```
    /// # use wmp_bits::{Descriptor, Field};
    /// let d: Descriptor = "::WMP_JOB:1:7:Contoso:A:B:1:T:60:50".parse()?;
    /// assert_eq!(d.span(Field::Kind), 2..9);
    /// assert_eq!(&d.as_str()[d.span(Field::Duration)], "60");
    /// # Ok::<(), wmp_bits::ParseError>(())
    /// ```
    #[must_use]
    pub fn span(&self, field: Field) -> Range<usize> {
        let i = field.index();
        let start = if i == 0 {
            2
        } else {
            usize::from(self.seps[i - 1]) + 1
        };
        let end = self
            .seps
            .get(i)
            .map_or(self.text.len(), |&e| usize::from(e));
        start..end
    }

    /// The text of `field` exactly as written (the empty string for an empty field).
    ///
    /// ```
    /// # use wmp_bits::{Descriptor, Field};
    /// let d: Descriptor = "::WMP_JOB:1:7:Contoso:A:B::T:60:50".parse()?;
    /// assert_eq!(d.field_str(Field::Version), "1");
    /// assert_eq!(d.field_str(Field::TrackNumber), "");
    /// # Ok::<(), wmp_bits::ParseError>(())
    /// ```
    #[must_use]
    pub fn field_str(&self, field: Field) -> &str {
        &self.text[self.span(field)]
    }
}

impl FromStr for Descriptor {
    type Err = ParseError;

    /// Strict parsing; see the [crate documentation](crate#strict-grammar).
    fn from_str(s: &str) -> Result<Descriptor, ParseError> {
        let parsed = parse::parse(s)?;
        Ok(Descriptor::from_parts(String::from(s), parsed))
    }
}

impl TryFrom<&str> for Descriptor {
    type Error = ParseError;

    /// The same as [`str::parse`].
    fn try_from(s: &str) -> Result<Descriptor, ParseError> {
        s.parse()
    }
}

impl TryFrom<String> for Descriptor {
    type Error = ParseError;

    /// Strict parsing that keeps the caller's `String` as the descriptor's text, without a
    /// copy.
    ///
    /// ```
    /// # use wmp_bits::Descriptor;
    /// let d = Descriptor::try_from(String::from("::WMP_JOB:1:1:Contoso::::::"))?;
    /// assert_eq!(d.provider(), "Contoso");
    /// # Ok::<(), wmp_bits::ParseError>(())
    /// ```
    fn try_from(s: String) -> Result<Descriptor, ParseError> {
        let parsed = parse::parse(&s)?;
        Ok(Descriptor::from_parts(s, parsed))
    }
}

impl From<Descriptor> for String {
    fn from(d: Descriptor) -> String {
        d.text
    }
}

impl AsRef<str> for Descriptor {
    fn as_ref(&self) -> &str {
        &self.text
    }
}

impl fmt::Display for Descriptor {
    /// The canonical text.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl fmt::Debug for Descriptor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Descriptor").field(&self.text).finish()
    }
}

impl PartialEq for Descriptor {
    fn eq(&self, other: &Descriptor) -> bool {
        // Everything else is derived from the text.
        self.text == other.text
    }
}

impl Eq for Descriptor {}

impl Hash for Descriptor {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.text.hash(state);
    }
}

/// What [`DescriptorBuilder`] does with metadata text that holds a `:` or a control
/// character.
///
/// The convention has no escape syntax, so a `:` inside a field would be read as a
/// separator; a control character (a NUL above all) can cut the string BITS stores.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum TextPolicy {
    /// Refuse it with a [`BuildError`] naming the field and the character's position.
    #[default]
    Reject,
    /// Replace `:` with U+FF1A FULLWIDTH COLON (`：`), which the Player displays readably,
    /// and each control character with a space. Applies to the album artist, album title
    /// and title; the provider is never changed, because it must match a registry key
    /// name exactly.
    Sanitize,
}

/// Makes a [`Descriptor`] from a store's own data; from [`Descriptor::builder`].
///
/// Text that cannot be represented is refused (the default) or sanitised
/// ([`TextPolicy`]); a result over 1,024 UTF-16 code units is refused.
///
/// ```
/// use wmp_bits::{Descriptor, Kind, ServiceId, TextPolicy};
///
/// let id = ServiceId::new(5).unwrap();
/// let strict = Descriptor::builder(Kind::Status, id, "Contoso").title("Live: Tokyo").build();
/// assert_eq!(strict.unwrap_err().code(), "separator_in_field");
///
/// let d = Descriptor::builder(Kind::Status, id, "Contoso")
///     .title("Live: Tokyo")
///     .text_policy(TextPolicy::Sanitize)
///     .build()?;
/// assert_eq!(d.title(), "Live： Tokyo");
/// # Ok::<(), wmp_bits::BuildError>(())
/// ```
#[derive(Debug, Clone)]
#[must_use]
pub struct DescriptorBuilder<'a> {
    kind: Kind,
    service_id: ServiceId,
    provider: &'a str,
    album_artist: &'a str,
    album_title: &'a str,
    track_number: Option<u32>,
    title: &'a str,
    duration_secs: Option<u32>,
    rating: Option<Rating>,
    policy: TextPolicy,
}

impl<'a> DescriptorBuilder<'a> {
    /// Sets the album artist (default: empty).
    ///
    /// ```
    /// # use wmp_bits::{Descriptor, Kind, ServiceId};
    /// let d = Descriptor::builder(Kind::Job, ServiceId::new(1).unwrap(), "Contoso")
    ///     .album_artist("Miles Davis")
    ///     .build()?;
    /// assert_eq!(d.album_artist(), "Miles Davis");
    /// # Ok::<(), wmp_bits::BuildError>(())
    /// ```
    pub fn album_artist(mut self, text: &'a str) -> Self {
        self.album_artist = text;
        self
    }

    /// Sets the album title (default: empty).
    ///
    /// ```
    /// # use wmp_bits::{Descriptor, Kind, ServiceId};
    /// let d = Descriptor::builder(Kind::Job, ServiceId::new(1).unwrap(), "Contoso")
    ///     .album_title("Kind of Blue")
    ///     .build()?;
    /// assert_eq!(d.album_title(), "Kind of Blue");
    /// # Ok::<(), wmp_bits::BuildError>(())
    /// ```
    pub fn album_title(mut self, text: &'a str) -> Self {
        self.album_title = text;
        self
    }

    /// Sets the track number, `1..=4294967295` (default: unknown). Zero is refused by
    /// [`build`](Self::build) with `invalid_track_number`.
    ///
    /// ```
    /// # use wmp_bits::{Descriptor, Kind, ServiceId};
    /// let b = Descriptor::builder(Kind::Job, ServiceId::new(1).unwrap(), "Contoso");
    /// assert_eq!(b.clone().track_number(6).build()?.track_number(), Some(6));
    /// assert_eq!(b.track_number(0).build().unwrap_err().code(), "invalid_track_number");
    /// # Ok::<(), wmp_bits::BuildError>(())
    /// ```
    pub fn track_number(mut self, number: u32) -> Self {
        self.track_number = Some(number);
        self
    }

    /// Sets the title (default: empty).
    ///
    /// ```
    /// # use wmp_bits::{Descriptor, Kind, ServiceId};
    /// let d = Descriptor::builder(Kind::Job, ServiceId::new(1).unwrap(), "Contoso")
    ///     .title("So What")
    ///     .build()?;
    /// assert_eq!(d.title(), "So What");
    /// # Ok::<(), wmp_bits::BuildError>(())
    /// ```
    pub fn title(mut self, text: &'a str) -> Self {
        self.title = text;
        self
    }

    /// Sets the duration in whole seconds (default: unknown).
    ///
    /// ```
    /// # use wmp_bits::{Descriptor, Kind, ServiceId};
    /// let d = Descriptor::builder(Kind::Job, ServiceId::new(1).unwrap(), "Contoso")
    ///     .duration_secs(562)
    ///     .build()?;
    /// assert_eq!(d.duration_secs(), Some(562));
    /// # Ok::<(), wmp_bits::BuildError>(())
    /// ```
    pub fn duration_secs(mut self, secs: u32) -> Self {
        self.duration_secs = Some(secs);
        self
    }

    /// Sets the user rating (default: empty).
    ///
    /// ```
    /// # use wmp_bits::{Descriptor, Kind, Rating, ServiceId};
    /// let d = Descriptor::builder(Kind::Job, ServiceId::new(1).unwrap(), "Contoso")
    ///     .rating(Rating::from_stars(5).unwrap())
    ///     .build()?;
    /// assert!(d.as_str().ends_with(":99"));
    /// # Ok::<(), wmp_bits::BuildError>(())
    /// ```
    pub fn rating(mut self, rating: Rating) -> Self {
        self.rating = Some(rating);
        self
    }

    /// Chooses what to do with `:` and control characters in the album artist, album
    /// title and title (default: [`TextPolicy::Reject`]).
    ///
    /// ```
    /// # use wmp_bits::{Descriptor, Kind, ServiceId, TextPolicy};
    /// let d = Descriptor::builder(Kind::Job, ServiceId::new(1).unwrap(), "Contoso")
    ///     .album_artist("AC:DC\t")
    ///     .text_policy(TextPolicy::Sanitize)
    ///     .build()?;
    /// assert_eq!(d.album_artist(), "AC：DC ");
    /// # Ok::<(), wmp_bits::BuildError>(())
    /// ```
    pub fn text_policy(mut self, policy: TextPolicy) -> Self {
        self.policy = policy;
        self
    }

    /// Checks everything and renders the descriptor (one allocation).
    ///
    /// # Errors
    ///
    /// A [`BuildError`] for the first problem, fields from left to right:
    /// `invalid_provider` (empty, over 255 UTF-16 code units, `\`), `separator_in_field`
    /// or `control_character` (in the provider always; in other text only under
    /// [`TextPolicy::Reject`]), `invalid_track_number` (zero), and `too_long` when the
    /// whole would exceed 1,024 UTF-16 code units.
    ///
    /// ```
    /// # use wmp_bits::{Descriptor, Kind, ServiceId};
    /// let err = Descriptor::builder(Kind::Job, ServiceId::new(1).unwrap(), "Contoso")
    ///     .title(&"x".repeat(1000))
    ///     .build()
    ///     .unwrap_err();
    /// assert_eq!(err.code(), "too_long");
    /// ```
    pub fn build(&self) -> Result<Descriptor, BuildError> {
        let track_number = self.check_fields()?;
        // Sanitising never changes a UTF-16 length (':' and U+FF1A are one unit each, and so
        // is every control character and the space replacing it), so the length is known
        // before anything is written.
        let units = self.fixed_len()
            + text::utf16_len(self.provider)
            + self
                .texts()
                .iter()
                .map(|(_, t)| text::utf16_len(t))
                .sum::<usize>();
        if units > MAX_UTF16 {
            return Err(BuildError::new(
                BuildErrorKind::TooLong,
                None,
                0..0,
                "",
                Detail::Units(units),
            ));
        }
        let (text, seps) = self.render();
        Ok(Descriptor {
            text,
            seps,
            kind: self.kind,
            service_id: self.service_id,
            track_number,
            duration_secs: self.duration_secs,
            rating: self.rating,
        })
    }

    fn sanitizing(&self) -> bool {
        self.policy == TextPolicy::Sanitize
    }

    /// The metadata text fields, in the order they are written.
    fn texts(&self) -> [(Field, &'a str); 3] {
        [
            (Field::AlbumArtist, self.album_artist),
            (Field::AlbumTitle, self.album_title),
            (Field::Title, self.title),
        ]
    }

    /// The numbers, in the order they are written.
    fn numbers(&self) -> [Option<u32>; 4] {
        [
            Some(self.service_id.get()),
            self.track_number,
            self.duration_secs,
            self.rating.map(|r| u32::from(r.get())),
        ]
    }

    /// Checks the provider, the text (unless sanitising) and the track number, left to right.
    fn check_fields(&self) -> Result<Option<NonZeroU32>, BuildError> {
        validate::text(Field::Provider, self.provider)?;
        if !self.sanitizing() {
            for (field, t) in self.texts() {
                validate::text(field, t)?;
            }
        }
        match self.track_number {
            None => Ok(None),
            Some(n) => NonZeroU32::new(n).map(Some).ok_or_else(|| {
                BuildError::new(
                    BuildErrorKind::InvalidTrackNumber,
                    Some(Field::TrackNumber),
                    0..0,
                    "",
                    Detail::None,
                )
            }),
        }
    }

    /// The length of everything but the text fields, in bytes and UTF-16 code units alike
    /// (it is all ASCII): `::`, the kind, `:1`, eight more separators and the digits.
    fn fixed_len(&self) -> usize {
        let digits: usize = self
            .numbers()
            .iter()
            .flatten()
            .map(|&n| decimal_len(n))
            .sum();
        2 + self.kind.as_str().len() + 2 + 8 + digits
    }

    /// Writes the descriptor into one allocation of the exact size, noting the separators.
    fn render(&self) -> (String, [u16; 9]) {
        let sanitize = self.sanitizing();
        let bytes = self.fixed_len()
            + self.provider.len()
            + self
                .texts()
                .iter()
                .map(|(_, t)| {
                    if sanitize {
                        text::sanitized_len(t)
                    } else {
                        t.len()
                    }
                })
                .sum::<usize>();
        let mut out = String::with_capacity(bytes);
        let mut seps = [0u16; 9];
        let [service_id, track, duration, rating] = self.numbers();
        let push_number = |out: &mut String, n: Option<u32>| {
            if let Some(n) = n {
                // Writing to a String cannot fail.
                let _ = write!(out, "{n}");
            }
        };
        out.push_str("::");
        out.push_str(self.kind.as_str());
        for (i, sep) in seps.iter_mut().enumerate() {
            // At most 3 * 1024 bytes, so every offset fits in a u16.
            *sep = u16::try_from(out.len()).unwrap_or(u16::MAX);
            out.push(':');
            match i {
                0 => out.push('1'),
                1 => push_number(&mut out, service_id),
                2 => out.push_str(self.provider),
                3 | 4 | 6 => {
                    let t = match i {
                        3 => self.album_artist,
                        4 => self.album_title,
                        _ => self.title,
                    };
                    if sanitize {
                        text::push_sanitized(&mut out, t);
                    } else {
                        out.push_str(t);
                    }
                }
                5 => push_number(&mut out, track),
                7 => push_number(&mut out, duration),
                _ => push_number(&mut out, rating),
            }
        }
        debug_assert_eq!(out.len(), bytes);
        (out, seps)
    }
}

/// The number of decimal digits of `n`.
fn decimal_len(n: u32) -> usize {
    n.checked_ilog10().map_or(1, |l| l as usize + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimal_len_matches_formatting() {
        for n in [0, 1, 9, 10, 99, 100, 999_999_999, 1_000_000_000, u32::MAX] {
            assert_eq!(decimal_len(n), alloc::format!("{n}").len(), "{n}");
        }
    }
}
