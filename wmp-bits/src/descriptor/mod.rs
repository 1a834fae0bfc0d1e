//! The grammar: [`Descriptor`], a parsed, canonical job description, and everything that
//! makes, reads and checks one.
//!
//! - [`rules`]: what each field may hold, the one definition every other part calls;
//! - [`parse`] and [`scan`]: strict parsing, in one pass over the bytes;
//! - [`builder`]: a descriptor from a store's own data;
//! - [`lenient`]: reading what others wrote, reporting what was normalised;
//! - [`near_miss`]: which descriptions are the Player's, and the grammar of what a careless
//!   writer puts around a descriptor;
//! - [`advice`]: the guesses behind a parse error's advice;
//! - [`error_kind`] and [`error`]: [`ErrorKind`], one a rule, and [`Error`]
//!   ([`ParseError`], [`BuildError`]), with [`snippet`] for the text it quotes;
//! - [`field`], [`rating`], [`service_id`]: the value types;
//! - `serde`: `Serialize`/`Deserialize` (feature `serde`).

use alloc::string::String;
use core::fmt;
use core::hash::{Hash, Hasher};
use core::num::NonZeroU32;
use core::ops::Range;
use core::str::FromStr;

mod advice;
mod builder;
mod error;
mod error_kind;
mod field;
pub mod lenient;
mod near_miss;
mod parse;
mod rating;
pub(crate) mod rules;
mod scan;
#[cfg(feature = "serde")]
mod serde;
mod service_id;
mod snippet;

pub(crate) use builder::field_text;
pub use builder::{Cut, DescriptorBuilder, Fitted, TextPolicy};
pub use error::{BuildError, Error, ErrorOrigin, ParseError};
pub use error_kind::{BuildErrorKind, ErrorKind, ParseErrorKind};
pub use field::Field;
pub use rating::{Rating, RatingRangeError};
#[cfg(feature = "getrandom")]
pub use service_id::RandomError;
pub use service_id::{ServiceId, ZeroServiceIdError};

use crate::text;

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
        rules::kind(s.as_bytes()).ok_or_else(|| ParseError::token(ErrorKind::UnknownKind, s, 0))
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
        DescriptorBuilder::new(kind, service_id, provider)
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
