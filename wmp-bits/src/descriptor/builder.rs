//! [`DescriptorBuilder`]: a descriptor from a store's own data, and the check of caller
//! text for one field that [`validate::text`](crate::validate::text) exposes.

use alloc::string::String;
use alloc::vec::Vec;
use core::fmt::{self, Write as _};
use core::num::NonZeroU32;
use core::ops::ControlFlow;
use core::time::Duration;

use super::advice::Shorten;
use super::rules::{self, ProviderViolation, MAX_UTF16};
use super::{BuildError, Descriptor, ErrorKind, Field, Kind, Rating, ServiceId};
use crate::text;

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
    /// Write the text as [`validate::sanitize`](crate::validate::sanitize) does: `:` as
    /// U+FF1A FULLWIDTH COLON (`：`), which the Player displays readably, a C1 control that
    /// stands for a Windows-1252 character as that character, and every other control
    /// character, bidirectional formatting character and line or paragraph separator as a
    /// space. Applies to the album artist, album title and title; the provider is never
    /// changed, because it must match a registry key name exactly.
    Sanitize,
}

/// Makes a [`Descriptor`] from a store's own data; from [`Descriptor::builder`].
///
/// Text that cannot be represented is refused (the default) or sanitised
/// ([`TextPolicy`]); a result over 1,024 UTF-16 code units is refused.
/// [`build`](Self::build) reports the first problem, [`errors`](Self::errors) every one.
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
    /// Whole seconds, as given or rounded from a [`Duration`]; checked against `u32` when
    /// built.
    duration_secs: Option<u64>,
    rating: Option<Rating>,
    policy: TextPolicy,
}

impl<'a> DescriptorBuilder<'a> {
    pub(super) fn new(kind: Kind, service_id: ServiceId, provider: &'a str) -> Self {
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

    /// Sets the track number, `1..=4294967295`, or `None` for unknown (the default). Zero
    /// is refused by [`build`](Self::build) with `invalid_track_number`.
    ///
    /// ```
    /// # use wmp_bits::{Descriptor, Kind, ServiceId};
    /// let b = Descriptor::builder(Kind::Job, ServiceId::new(1).unwrap(), "Contoso");
    /// assert_eq!(b.clone().track_number(6).build()?.track_number(), Some(6));
    /// let from_catalogue: Option<u32> = None;
    /// assert_eq!(b.clone().track_number(from_catalogue).build()?.track_number(), None);
    /// assert_eq!(b.track_number(0).build().unwrap_err().code(), "invalid_track_number");
    /// # Ok::<(), wmp_bits::BuildError>(())
    /// ```
    pub fn track_number(mut self, number: impl Into<Option<u32>>) -> Self {
        self.track_number = number.into();
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

    /// Sets the duration in whole seconds, or `None` for unknown (the default).
    ///
    /// ```
    /// # use wmp_bits::{Descriptor, Kind, ServiceId};
    /// let d = Descriptor::builder(Kind::Job, ServiceId::new(1).unwrap(), "Contoso")
    ///     .duration_secs(562)
    ///     .build()?;
    /// assert_eq!(d.duration_secs(), Some(562));
    /// # Ok::<(), wmp_bits::BuildError>(())
    /// ```
    pub fn duration_secs(mut self, secs: impl Into<Option<u32>>) -> Self {
        self.duration_secs = secs.into().map(u64::from);
        self
    }

    /// Sets the duration from a [`Duration`], or `None` for unknown (the default). The
    /// Player's `Duration` is in whole seconds, so the value is rounded to the nearest
    /// second, half a second up: 218.4 s is written `218`, 218.5 s `219`. A duration that
    /// rounds to more than 4,294,967,295 seconds is refused by [`build`](Self::build) with
    /// `invalid_duration`.
    ///
    /// ```
    /// # use wmp_bits::{Descriptor, Kind, ServiceId};
    /// use std::time::Duration;
    /// let b = Descriptor::builder(Kind::Job, ServiceId::new(1).unwrap(), "Contoso");
    /// let d = b.clone().duration(Duration::from_millis(218_500)).build()?;
    /// assert_eq!(d.duration_secs(), Some(219));
    /// let d = b.duration(Duration::from_millis(218_499)).build()?;
    /// assert_eq!(d.duration_secs(), Some(218));
    /// # Ok::<(), wmp_bits::BuildError>(())
    /// ```
    pub fn duration(mut self, duration: impl Into<Option<Duration>>) -> Self {
        self.duration_secs = duration.into().map(|d| {
            let half_up = u64::from(d.subsec_millis() >= 500);
            d.as_secs().saturating_add(half_up)
        });
        self
    }

    /// Sets the user rating, or `None` to leave it empty (the default).
    ///
    /// ```
    /// # use wmp_bits::{Descriptor, Kind, Rating, ServiceId};
    /// let b = Descriptor::builder(Kind::Job, ServiceId::new(1).unwrap(), "Contoso");
    /// let d = b.clone().rating(Rating::from_stars(5).unwrap()).build()?;
    /// assert!(d.as_str().ends_with(":99"));
    /// let unrated: Option<Rating> = None;
    /// assert!(b.rating(unrated).build()?.as_str().ends_with(":"));
    /// # Ok::<(), wmp_bits::BuildError>(())
    /// ```
    pub fn rating(mut self, rating: impl Into<Option<Rating>>) -> Self {
        self.rating = rating.into();
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
    /// [`TextPolicy::Reject`]), `invalid_track_number` (zero), `invalid_duration` (over
    /// 4294967295 seconds), and `too_long` when the whole would exceed 1,024 UTF-16 code
    /// units. [`errors`](Self::errors) lists them all.
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
        self.first_error(Length::Checked)?;
        Ok(self.descriptor(self.texts().map(|(_, text)| Piece::whole(text))))
    }

    /// Like [`build`](Self::build), but a description that would be over 1,024 UTF-16 code
    /// units is made to fit instead of refused: the longest of the album artist, album
    /// title and title are cut to a common length, between grapheme clusters (so no letter
    /// loses its marks and no emoji is split), each ending in `…` (U+2026), until the whole
    /// fits. The provider is never cut: it must match a registry key name exactly.
    /// [`Fitted::cuts`] says what was cut.
    ///
    /// ```
    /// use wmp_bits::{Descriptor, Field, Kind, ServiceId};
    ///
    /// let liner_notes = "A very long box-set title. ".repeat(40); // 1,080 characters
    /// let fitted = Descriptor::builder(Kind::Job, ServiceId::new(42).unwrap(), "Proseware")
    ///     .album_title(&liner_notes)
    ///     .title("Disc 1, Track 1")
    ///     .build_fitted()?;
    /// let d = fitted.descriptor();
    /// assert_eq!(d.utf16_len(), 1024);
    /// assert!(d.album_title().ends_with('…'));
    /// assert_eq!(d.title(), "Disc 1, Track 1");
    /// let cut = &fitted.cuts()[0];
    /// assert_eq!((cut.field(), cut.before()), (Field::AlbumTitle, 1080));
    /// assert_eq!(cut.after(), d.album_title().chars().count());
    /// # Ok::<(), wmp_bits::BuildError>(())
    /// ```
    ///
    /// # Errors
    ///
    /// The first of the errors [`build`](Self::build) gives, but never `too_long`.
    pub fn build_fitted(&self) -> Result<Fitted, BuildError> {
        self.first_error(Length::Unchecked)?;
        let texts = self.texts();
        let units = texts.map(|(_, t)| text::utf16_len(t));
        let budget = MAX_UTF16 - (self.fixed_len() + text::utf16_len(self.provider));
        // The largest common length the cut fields may keep: the whole fits at 0, where
        // every text is cut to nothing.
        let whole: usize = units.iter().sum();
        let cap = if whole <= budget {
            usize::MAX
        } else {
            let cost = |cap: usize| -> usize {
                texts
                    .iter()
                    .zip(units)
                    .map(|(&(_, t), n)| Piece::within(t, n, cap).units(n))
                    .sum()
            };
            let (mut fits, mut over) = (0, units.iter().copied().max().unwrap_or(0));
            while over - fits > 1 {
                let mid = fits + (over - fits) / 2;
                if cost(mid) <= budget {
                    fits = mid;
                } else {
                    over = mid;
                }
            }
            fits
        };
        let pieces = [0, 1, 2].map(|i| Piece::within(texts[i].1, units[i], cap));
        let cuts = (0..3)
            .filter(|&i| pieces[i].ellipsis || pieces[i].text.len() < texts[i].1.len())
            .map(|i| Cut {
                field: texts[i].0,
                before: units[i],
                after: pieces[i].units(units[i]),
            })
            .collect();
        Ok(Fitted {
            descriptor: self.descriptor(pieces),
            cuts,
        })
    }

    /// The first problem, if any; the length is checked only when asked.
    fn first_error(&self, length: Length) -> Result<(), BuildError> {
        let mut first = None;
        self.check(length, |e| {
            first = Some(e);
            ControlFlow::Break(())
        });
        first.map_or(Ok(()), Err)
    }

    /// The descriptor of checked inputs, with these pieces of the metadata text fields.
    fn descriptor(&self, pieces: [Piece<'_>; 3]) -> Descriptor {
        let (text, seps) = self.render(pieces);
        Descriptor {
            text,
            seps,
            kind: self.kind,
            service_id: self.service_id,
            track_number: self.track_number.and_then(NonZeroU32::new),
            duration_secs: self.duration_u32().ok().flatten(),
            rating: self.rating,
        }
    }

    /// Every problem with the builder's inputs, in the order [`build`](Self::build) checks
    /// them, each with its [`field`](BuildError::field) (at most one a field, and `too_long`
    /// last): empty exactly when `build` succeeds. For a catalogue import that wants to
    /// report all that is wrong with a track at once.
    ///
    /// ```
    /// use wmp_bits::{Descriptor, Field, Kind, ServiceId};
    ///
    /// let b = Descriptor::builder(Kind::Job, ServiceId::new(1).unwrap(), r"Con\toso")
    ///     .album_artist("AC:DC")
    ///     .title("Live\tin Tokyo")
    ///     .track_number(0);
    /// let found: Vec<(&str, Option<Field>)> =
    ///     b.errors().iter().map(|e| (e.code(), e.field())).collect();
    /// assert_eq!(
    ///     found,
    ///     [
    ///         ("invalid_provider", Some(Field::Provider)),
    ///         ("separator_in_field", Some(Field::AlbumArtist)),
    ///         ("invalid_track_number", Some(Field::TrackNumber)),
    ///         ("control_character", Some(Field::Title)),
    ///     ]
    /// );
    /// assert_eq!(b.build().unwrap_err(), b.errors()[0]);
    /// ```
    #[must_use]
    pub fn errors(&self) -> Vec<BuildError> {
        let mut all = Vec::new();
        self.check(Length::Checked, |e| {
            all.push(e);
            ControlFlow::Continue(())
        });
        all
    }

    /// Hands each problem, in order, to `found`, until it breaks.
    fn check(&self, length: Length, mut found: impl FnMut(BuildError) -> ControlFlow<()>) {
        let mut report = |r: Result<(), BuildError>| match r {
            Ok(()) => ControlFlow::Continue(()),
            Err(e) => found(e),
        };
        let text = |field, t| {
            if self.policy == TextPolicy::Reject {
                field_text(field, t)
            } else {
                Ok(())
            }
        };
        let track = match self.track_number {
            Some(0) => Err(BuildError::track_number_zero()),
            _ => Ok(()),
        };
        // The fields in the order they are written, as the strict parser reads them.
        let checks = [
            field_text(Field::Provider, self.provider),
            text(Field::AlbumArtist, self.album_artist),
            text(Field::AlbumTitle, self.album_title),
            track,
            text(Field::Title, self.title),
            self.duration_u32().map(drop),
        ];
        for r in checks {
            if report(r).is_break() {
                return;
            }
        }
        if length == Length::Unchecked {
            return;
        }
        // Sanitising never changes a UTF-16 length (':' and U+FF1A are one unit each, and
        // so is every control character and the space replacing it), so the length is
        // known before anything is written.
        let texts = self.texts().map(|(field, t)| (field, text::utf16_len(t)));
        let units = self.fixed_len()
            + text::utf16_len(self.provider)
            + texts.iter().map(|(_, n)| n).sum::<usize>();
        if units > MAX_UTF16 {
            let _ = report(Err(BuildError::too_long(units, Shorten::of(units, &texts))));
        }
    }

    /// The duration in whole seconds, if it fits.
    fn duration_u32(&self) -> Result<Option<u32>, BuildError> {
        self.duration_secs
            .map(|s| u32::try_from(s).map_err(|_| BuildError::duration_too_long(s)))
            .transpose()
    }

    /// The metadata text fields, in the order they are written.
    fn texts(&self) -> [(Field, &'a str); 3] {
        [
            (Field::AlbumArtist, self.album_artist),
            (Field::AlbumTitle, self.album_title),
            (Field::Title, self.title),
        ]
    }

    /// The numbers, in the order they are written (a duration too long for `u32` is never
    /// rendered: it is refused first).
    fn numbers(&self) -> [Option<u64>; 4] {
        [
            Some(u64::from(self.service_id.get())),
            self.track_number.map(u64::from),
            self.duration_secs,
            self.rating.map(|r| u64::from(r.get())),
        ]
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
        rules::PREFIX.len() + self.kind.as_str().len() + 1 + rules::VERSION.len() + 8 + digits
    }

    /// Writes the descriptor into one allocation of the exact size, noting the separators.
    fn render(&self, pieces: [Piece<'_>; 3]) -> (String, [u16; 9]) {
        let sanitize = self.policy == TextPolicy::Sanitize;
        let bytes = self.fixed_len()
            + self.provider.len()
            + pieces
                .iter()
                .map(|p| {
                    let text = if sanitize {
                        text::sanitized_len(p.text)
                    } else {
                        p.text.len()
                    };
                    text + usize::from(p.ellipsis) * ELLIPSIS.len_utf8()
                })
                .sum::<usize>();
        let mut out = String::with_capacity(bytes);
        let mut seps = [0u16; 9];
        let [service_id, track, duration, rating] = self.numbers();
        let push_number = |out: &mut String, n: Option<u64>| {
            if let Some(n) = n {
                // Writing to a String cannot fail.
                let _ = write!(out, "{n}");
            }
        };
        let push_text = |out: &mut String, p: &Piece<'_>| {
            if sanitize {
                text::push_sanitized(out, p.text);
            } else {
                out.push_str(p.text);
            }
            if p.ellipsis {
                out.push(ELLIPSIS);
            }
        };
        let mut separator = |out: &mut String, i: usize| {
            seps[i] = rules::offset(out.len());
            out.push(':');
        };
        let [album_artist, album_title, title] = pieces;
        out.push_str(rules::PREFIX);
        out.push_str(self.kind.as_str());
        separator(&mut out, 0);
        out.push_str(rules::VERSION);
        separator(&mut out, 1);
        push_number(&mut out, service_id);
        separator(&mut out, 2);
        out.push_str(self.provider);
        separator(&mut out, 3);
        push_text(&mut out, &album_artist);
        separator(&mut out, 4);
        push_text(&mut out, &album_title);
        separator(&mut out, 5);
        push_number(&mut out, track);
        separator(&mut out, 6);
        push_text(&mut out, &title);
        separator(&mut out, 7);
        push_number(&mut out, duration);
        separator(&mut out, 8);
        push_number(&mut out, rating);
        debug_assert_eq!(out.len(), bytes);
        (out, seps)
    }
}

/// Whether [`DescriptorBuilder::check`] checks the length of the whole.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Length {
    Checked,
    Unchecked,
}

/// What ends a text field that [`DescriptorBuilder::build_fitted`] cut.
const ELLIPSIS: char = '\u{2026}';

/// A metadata text field as it is written: the caller's text or a prefix of it, and
/// whether an ellipsis follows.
#[derive(Clone, Copy)]
struct Piece<'a> {
    text: &'a str,
    ellipsis: bool,
}

impl<'a> Piece<'a> {
    fn whole(text: &'a str) -> Piece<'a> {
        Piece {
            text,
            ellipsis: false,
        }
    }

    /// `text` (of `units` UTF-16 code units) within `cap` units: whole if it fits, else
    /// cut between grapheme clusters to leave room for the ellipsis (nothing at all when
    /// `cap` is 0).
    fn within(text: &'a str, units: usize, cap: usize) -> Piece<'a> {
        if units <= cap {
            return Piece::whole(text);
        }
        match cap.checked_sub(ELLIPSIS.len_utf16()) {
            Some(room) => Piece {
                text: text::cut_utf16(text, room),
                ellipsis: true,
            },
            None => Piece::whole(""),
        }
    }

    /// The length in UTF-16 code units, for a piece of a text of `whole` units.
    fn units(&self, whole: usize) -> usize {
        if self.ellipsis || self.text.is_empty() {
            text::utf16_len(self.text) + usize::from(self.ellipsis)
        } else {
            whole
        }
    }
}

/// A descriptor made to fit, and what was cut to make it fit; from
/// [`DescriptorBuilder::build_fitted`].
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Fitted {
    descriptor: Descriptor,
    cuts: Vec<Cut>,
}

impl Fitted {
    /// The descriptor, at most 1,024 UTF-16 code units long.
    ///
    /// ```
    /// # use wmp_bits::{Descriptor, Kind, ServiceId};
    /// let b = Descriptor::builder(Kind::Job, ServiceId::new(1).unwrap(), "Contoso").title("Intro");
    /// assert_eq!(b.build_fitted()?.descriptor(), &b.build()?);
    /// # Ok::<(), wmp_bits::BuildError>(())
    /// ```
    #[must_use]
    pub fn descriptor(&self) -> &Descriptor {
        &self.descriptor
    }

    /// The text fields that were cut, in the order they are written; empty when everything
    /// fitted.
    ///
    /// ```
    /// # use wmp_bits::{Descriptor, Kind, ServiceId};
    /// let b = Descriptor::builder(Kind::Job, ServiceId::new(1).unwrap(), "Contoso").title("Intro");
    /// assert!(b.build_fitted()?.cuts().is_empty());
    /// # Ok::<(), wmp_bits::BuildError>(())
    /// ```
    #[must_use]
    pub fn cuts(&self) -> &[Cut] {
        &self.cuts
    }

    /// The descriptor, giving up the list of cuts.
    ///
    /// ```
    /// # use wmp_bits::{Descriptor, Kind, ServiceId};
    /// let b = Descriptor::builder(Kind::Job, ServiceId::new(1).unwrap(), "Contoso");
    /// assert_eq!(b.build_fitted()?.into_descriptor().provider(), "Contoso");
    /// # Ok::<(), wmp_bits::BuildError>(())
    /// ```
    #[must_use]
    pub fn into_descriptor(self) -> Descriptor {
        self.descriptor
    }
}

/// One text field that [`DescriptorBuilder::build_fitted`] cut, with its length before and
/// after, in UTF-16 code units (the ellipsis included).
///
/// ```
/// use wmp_bits::{Descriptor, Field, Kind, ServiceId};
/// let fitted = Descriptor::builder(Kind::Job, ServiceId::new(1).unwrap(), "Contoso")
///     .title(&"ab".repeat(600))
///     .build_fitted()?;
/// let cut = fitted.cuts()[0];
/// assert_eq!(cut.field(), Field::Title);
/// assert_eq!(cut.before() - cut.after(), 1200 - fitted.descriptor().title().chars().count());
/// assert_eq!(cut.to_string(), format!("cut the title from 1200 to {} UTF-16 code units", cut.after()));
/// # Ok::<(), wmp_bits::BuildError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Cut {
    field: Field,
    before: usize,
    after: usize,
}

impl Cut {
    /// The album artist, the album title or the title.
    #[must_use]
    pub fn field(&self) -> Field {
        self.field
    }

    /// The field's length as given.
    #[must_use]
    pub fn before(&self) -> usize {
        self.before
    }

    /// The field's length as written, the ellipsis included.
    #[must_use]
    pub fn after(&self) -> usize {
        self.after
    }
}

impl fmt::Display for Cut {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "cut the {} from {} to {} UTF-16 code units",
            self.field, self.before, self.after
        )
    }
}

/// Whether caller text `s` can stand as the text of `field` in a strict descriptor: the
/// field's rule, and no `:` in text (the format cannot escape it). The first offending
/// character is reported; see [`validate::text`](crate::validate::text).
pub(crate) fn field_text(field: Field, s: &str) -> Result<(), BuildError> {
    let b = s.as_bytes();
    let canonical = |ok: bool, kind: ErrorKind| {
        if ok {
            Ok(())
        } else {
            Err(BuildError::value(kind, field, s))
        }
    };
    match field {
        Field::Kind => canonical(rules::kind(b).is_some(), ErrorKind::UnknownKind),
        Field::Version => canonical(rules::version(b), ErrorKind::UnsupportedVersion),
        Field::ServiceId => rules::service_id(b)
            .map(drop)
            .map_err(|v| BuildError::value(v.kind(), field, s)),
        Field::TrackNumber => canonical(
            rules::track_number(b).is_ok(),
            ErrorKind::InvalidTrackNumber,
        ),
        Field::Duration => canonical(rules::duration(b).is_ok(), ErrorKind::InvalidDuration),
        Field::Rating => canonical(rules::rating(b).is_ok(), ErrorKind::InvalidRating),
        // The first offending character wins: one the field's rule refuses before the first
        // ':', or else that ':'. A provider's emptiness and length, which concern no one
        // character, count only where there is no ':'.
        Field::Provider => {
            let Some(sep) = rules::separator(s) else {
                return rules::provider(s).map_err(|v| BuildError::value_provider(v, s));
            };
            match rules::provider(&s[..sep]) {
                Err(v @ (ProviderViolation::Backslash { .. } | ProviderViolation::Control(_))) => {
                    Err(BuildError::value_provider(v, s))
                }
                _ => Err(BuildError::separator(field, sep, s)),
            }
        }
        Field::AlbumArtist | Field::AlbumTitle | Field::Title => {
            let sep = rules::separator(s);
            rules::text(&s[..sep.unwrap_or(s.len())])
                .map_err(|c| BuildError::value_control(field, c, s))?;
            sep.map_or(Ok(()), |sep| Err(BuildError::separator(field, sep, s)))
        }
    }
}

/// The number of decimal digits of `n`.
fn decimal_len(n: u64) -> usize {
    n.checked_ilog10().map_or(1, |l| l as usize + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimal_len_matches_formatting() {
        for n in [
            0,
            1,
            9,
            10,
            99,
            100,
            999_999_999,
            1_000_000_000,
            u64::from(u32::MAX),
        ] {
            assert_eq!(decimal_len(n), alloc::format!("{n}").len(), "{n}");
        }
    }
}
