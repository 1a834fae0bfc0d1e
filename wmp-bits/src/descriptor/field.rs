//! [`Field`]: the ten `:`-separated fields of a descriptor, in the order they are written.

use core::fmt;

/// A field of a descriptor, in the order it is written.
///
/// ```
/// use wmp_bits::Field;
/// assert_eq!(Field::TrackNumber.name(), "track number");
/// assert_eq!(Field::TrackNumber.key(), "TrackNumber");
/// assert_eq!(Field::ALL.len(), 10);
/// ```
///
/// Version 1 of the convention has exactly these ten fields (a later version would be
/// another convention), so the enum is exhaustive and [`Field::ALL`] lists them all.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Field {
    /// `WMP_JOB` or `WMP_STATUS`.
    Kind,
    /// The convention's version, `1`.
    Version,
    /// `serviceId`.
    ServiceId,
    /// `Provider`: the store's registry key name.
    Provider,
    /// `AlbumArtist`.
    AlbumArtist,
    /// `AlbumTitle`.
    AlbumTitle,
    /// `TrackNumber`.
    TrackNumber,
    /// `Title`.
    Title,
    /// `Duration`, in whole seconds.
    Duration,
    /// `Rating`, the Player's `UserRating`.
    Rating,
}

impl Field {
    /// Every field, in the order a descriptor writes them.
    pub const ALL: [Field; 10] = [
        Field::Kind,
        Field::Version,
        Field::ServiceId,
        Field::Provider,
        Field::AlbumArtist,
        Field::AlbumTitle,
        Field::TrackNumber,
        Field::Title,
        Field::Duration,
        Field::Rating,
    ];

    /// The field's name in messages, lowercase: `"album artist"`.
    ///
    /// ```
    /// # use wmp_bits::Field;
    /// assert_eq!(Field::ServiceId.name(), "service id");
    /// ```
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            Field::Kind => "kind",
            Field::Version => "version",
            Field::ServiceId => "service id",
            Field::Provider => "provider",
            Field::AlbumArtist => "album artist",
            Field::AlbumTitle => "album title",
            Field::TrackNumber => "track number",
            Field::Title => "title",
            Field::Duration => "duration",
            Field::Rating => "rating",
        }
    }

    /// The field's name in the convention's own documentation: `"AlbumArtist"`.
    ///
    /// ```
    /// # use wmp_bits::Field;
    /// assert_eq!(Field::ServiceId.key(), "serviceId");
    /// ```
    #[must_use]
    pub const fn key(self) -> &'static str {
        match self {
            Field::Kind => "Kind",
            Field::Version => "Version",
            Field::ServiceId => "serviceId",
            Field::Provider => "Provider",
            Field::AlbumArtist => "AlbumArtist",
            Field::AlbumTitle => "AlbumTitle",
            Field::TrackNumber => "TrackNumber",
            Field::Title => "Title",
            Field::Duration => "Duration",
            Field::Rating => "Rating",
        }
    }

    /// The field's position among the ten `:`-separated fields after `::` (`0..=9`).
    ///
    /// ```
    /// # use wmp_bits::Field;
    /// assert_eq!(Field::Kind.index(), 0);
    /// assert_eq!(Field::Rating.index(), 9);
    /// ```
    #[must_use]
    pub const fn index(self) -> usize {
        self as usize
    }

    /// Whether the field holds free text (provider, album artist, album title, title).
    ///
    /// ```
    /// # use wmp_bits::Field;
    /// assert!(Field::Title.is_text());
    /// assert!(!Field::Duration.is_text());
    /// ```
    #[must_use]
    pub const fn is_text(self) -> bool {
        matches!(
            self,
            Field::Provider | Field::AlbumArtist | Field::AlbumTitle | Field::Title
        )
    }
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::Field;
    use alloc::string::ToString;
    use alloc::vec::Vec;

    #[test]
    fn fields_are_numbered_in_the_written_order() {
        for (i, f) in Field::ALL.iter().enumerate() {
            assert_eq!(f.index(), i);
            assert_eq!(f.to_string(), f.name());
        }
        let text: Vec<Field> = Field::ALL.into_iter().filter(|f| f.is_text()).collect();
        assert_eq!(
            text,
            [
                Field::Provider,
                Field::AlbumArtist,
                Field::AlbumTitle,
                Field::Title
            ]
        );
    }
}
