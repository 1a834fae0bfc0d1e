//! [`ErrorKind`]: the rules of the grammar as errors name them — each kind's stable code,
//! the field whose rule it is, and what the rule expects, written once for every message.

use core::fmt;

use super::Field;

/// What went wrong in a [`ParseError`](crate::ParseError) or a [`BuildError`](crate::BuildError): one kind a rule of the grammar,
/// each with a stable `snake_case` [`code`](Self::code) and named like it.
///
/// When several things are wrong with a description, the first failing check in this order
/// is reported: `too_long`, `missing_prefix`, `unknown_kind`, `unsupported_version`,
/// `field_count`, then the fields from left to right. Strict parsing never meets
/// `separator_in_field` (it splits the text at each `:`): only caller text can hold one.
///
/// ```
/// use wmp_bits::{validate, Descriptor, ErrorKind, Field};
///
/// let parsed = "::WMP_JOB:1:1:Contoso::::::100".parse::<Descriptor>().unwrap_err();
/// let built = validate::text(Field::Rating, "100").unwrap_err();
/// assert_eq!(parsed.kind(), ErrorKind::InvalidRating);
/// assert_eq!(built.kind(), parsed.kind());
/// assert_eq!(ErrorKind::InvalidRating.code(), "invalid_rating");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// More than 1,024 UTF-16 code units (`too_long`).
    TooLong,
    /// The input does not start with `::` (`missing_prefix`).
    MissingPrefix,
    /// The token after `::` is not `WMP_JOB` or `WMP_STATUS` (`unknown_kind`).
    UnknownKind,
    /// The version token is not `1` (`unsupported_version`).
    UnsupportedVersion,
    /// Not exactly 10 `:`-separated fields after the leading `::` (`field_count`).
    FieldCount,
    /// The service id is not canonical decimal, or above 4294967295 (`invalid_service_id`).
    InvalidServiceId,
    /// The service id is `0` (`zero_service_id`).
    ZeroServiceId,
    /// The provider is empty, over 255 UTF-16 code units, or holds `\` (`invalid_provider`).
    InvalidProvider,
    /// A control character in a text field (`control_character`).
    ControlCharacter,
    /// A `:` in caller text for a field: the format has no way to escape it
    /// (`separator_in_field`).
    SeparatorInField,
    /// The track number is not empty and not canonical decimal 1..=4294967295
    /// (`invalid_track_number`).
    InvalidTrackNumber,
    /// The duration is not empty and not canonical decimal 0..=4294967295
    /// (`invalid_duration`).
    InvalidDuration,
    /// The rating is not empty and not canonical decimal 0..=99 (`invalid_rating`).
    InvalidRating,
}

/// The kind of a [`ParseError`](crate::ParseError): [`ErrorKind`].
pub type ParseErrorKind = ErrorKind;

/// The kind of a [`BuildError`](crate::BuildError): [`ErrorKind`], the same kinds as a [`ParseError`](crate::ParseError)'s.
pub type BuildErrorKind = ErrorKind;

impl ErrorKind {
    /// Every kind, in the order the checks are made.
    pub const ALL: [ErrorKind; 13] = [
        ErrorKind::TooLong,
        ErrorKind::MissingPrefix,
        ErrorKind::UnknownKind,
        ErrorKind::UnsupportedVersion,
        ErrorKind::FieldCount,
        ErrorKind::InvalidServiceId,
        ErrorKind::ZeroServiceId,
        ErrorKind::InvalidProvider,
        ErrorKind::ControlCharacter,
        ErrorKind::SeparatorInField,
        ErrorKind::InvalidTrackNumber,
        ErrorKind::InvalidDuration,
        ErrorKind::InvalidRating,
    ];

    /// The stable `snake_case` code of this kind.
    ///
    /// ```
    /// # use wmp_bits::ErrorKind;
    /// assert_eq!(ErrorKind::FieldCount.code(), "field_count");
    /// assert_eq!(ErrorKind::SeparatorInField.code(), "separator_in_field");
    /// ```
    #[must_use]
    pub const fn code(self) -> &'static str {
        match self {
            ErrorKind::TooLong => "too_long",
            ErrorKind::MissingPrefix => "missing_prefix",
            ErrorKind::UnknownKind => "unknown_kind",
            ErrorKind::UnsupportedVersion => "unsupported_version",
            ErrorKind::FieldCount => "field_count",
            ErrorKind::InvalidServiceId => "invalid_service_id",
            ErrorKind::ZeroServiceId => "zero_service_id",
            ErrorKind::InvalidProvider => "invalid_provider",
            ErrorKind::ControlCharacter => "control_character",
            ErrorKind::SeparatorInField => "separator_in_field",
            ErrorKind::InvalidTrackNumber => "invalid_track_number",
            ErrorKind::InvalidDuration => "invalid_duration",
            ErrorKind::InvalidRating => "invalid_rating",
        }
    }

    /// What the rule expects, as every message of this kind says it.
    pub(super) const fn expected(self) -> &'static str {
        match self {
            ErrorKind::TooLong => "at most 1024 UTF-16 code units",
            ErrorKind::MissingPrefix => {
                "the description to start with \"::WMP_JOB:\" or \"::WMP_STATUS:\""
            }
            ErrorKind::UnknownKind => "WMP_JOB or WMP_STATUS (case-sensitive)",
            ErrorKind::UnsupportedVersion => "1",
            ErrorKind::FieldCount => "10",
            ErrorKind::InvalidServiceId => "a decimal 1..=4294967295 without sign or leading zeros",
            ErrorKind::ZeroServiceId => "a nonzero decimal 1..=4294967295",
            ErrorKind::InvalidProvider => {
                "the store's registry key name: 1 to 255 UTF-16 code units, any character \
                 but '\\', ':' and controls"
            }
            ErrorKind::ControlCharacter => "no control characters (U+0000..U+001F, U+007F..U+009F)",
            ErrorKind::SeparatorInField => "no ':', which the format cannot escape",
            ErrorKind::InvalidTrackNumber => {
                "empty or a decimal 1..=4294967295 without leading zeros"
            }
            ErrorKind::InvalidDuration => {
                "empty or whole seconds as a decimal 0..=4294967295 without leading zeros"
            }
            ErrorKind::InvalidRating => "empty or a decimal 0..=99 without leading zeros",
        }
    }

    /// The field whose rule this kind is, where one field's is (`None` for the kinds of the
    /// whole and for those of every text field).
    pub(super) const fn field(self) -> Option<Field> {
        match self {
            ErrorKind::UnknownKind => Some(Field::Kind),
            ErrorKind::UnsupportedVersion => Some(Field::Version),
            ErrorKind::InvalidServiceId | ErrorKind::ZeroServiceId => Some(Field::ServiceId),
            ErrorKind::InvalidProvider => Some(Field::Provider),
            ErrorKind::InvalidTrackNumber => Some(Field::TrackNumber),
            ErrorKind::InvalidDuration => Some(Field::Duration),
            ErrorKind::InvalidRating => Some(Field::Rating),
            ErrorKind::TooLong
            | ErrorKind::MissingPrefix
            | ErrorKind::FieldCount
            | ErrorKind::ControlCharacter
            | ErrorKind::SeparatorInField => None,
        }
    }

    /// Whether a message of this kind quotes the offending text after its headline.
    pub(super) const fn quotes_text(self) -> bool {
        matches!(
            self,
            ErrorKind::UnknownKind
                | ErrorKind::UnsupportedVersion
                | ErrorKind::InvalidServiceId
                | ErrorKind::InvalidProvider
                | ErrorKind::InvalidTrackNumber
                | ErrorKind::InvalidDuration
                | ErrorKind::InvalidRating
        )
    }

    /// How a message of this kind starts (before the offending text, if it quotes one).
    pub(super) const fn headline(self) -> &'static str {
        match self {
            ErrorKind::TooLong => "description too long",
            ErrorKind::MissingPrefix => "missing \"::\" prefix",
            ErrorKind::UnknownKind => "unknown kind",
            ErrorKind::UnsupportedVersion => "unsupported version",
            ErrorKind::FieldCount => "wrong number of fields",
            ErrorKind::InvalidServiceId => "invalid service id",
            ErrorKind::ZeroServiceId => "zero service id",
            ErrorKind::InvalidProvider => "invalid provider",
            ErrorKind::ControlCharacter => "control character",
            ErrorKind::SeparatorInField => "separator",
            ErrorKind::InvalidTrackNumber => "invalid track number",
            ErrorKind::InvalidDuration => "invalid duration",
            ErrorKind::InvalidRating => "invalid rating",
        }
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::ToString;

    #[test]
    fn codes_are_distinct_and_snake_case() {
        let codes: alloc::collections::BTreeSet<&str> =
            ErrorKind::ALL.iter().map(|k| k.code()).collect();
        assert_eq!(codes.len(), ErrorKind::ALL.len());
        for c in codes {
            assert!(
                c.bytes().all(|b| b.is_ascii_lowercase() || b == b'_'),
                "{c}"
            );
        }
        for k in ErrorKind::ALL {
            assert_eq!(k.to_string(), k.code());
        }
    }
}
