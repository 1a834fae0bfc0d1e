//! [`Rating`]: the Player's 0..=99 user rating.

use core::fmt;
use core::str::FromStr;

use super::rules;
use super::ParseError;

/// A user rating on the Player's `UserRating` scale, `0..=99`.
///
/// `0` means unrated. Stars map to the values the Player itself writes (1→1, 2→25, 3→50,
/// 4→75, 5→99) and read back through the Player's ranges (1–12→1, 13–37→2, 38–62→3,
/// 63–86→4, 87–99→5), so a rating set from stars always reads back as the same stars.
///
/// ```
/// use wmp_bits::Rating;
///
/// let r = Rating::from_stars(4).unwrap();
/// assert_eq!(r.get(), 75);
/// assert_eq!(r.stars(), 4);
/// assert_eq!(Rating::new(60).unwrap().stars(), 3);
/// assert!(Rating::new(100).is_none());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Rating(u8);

impl Rating {
    /// Unrated (`0`).
    pub const UNRATED: Rating = Rating(0);
    /// The highest rating, `99` (five stars).
    pub const MAX: Rating = Rating(99);

    /// The rating `value`, or `None` above 99.
    ///
    /// ```
    /// # use wmp_bits::Rating;
    /// assert_eq!(Rating::new(99), Some(Rating::MAX));
    /// assert_eq!(Rating::new(100), None);
    /// ```
    #[must_use]
    pub const fn new(value: u8) -> Option<Rating> {
        if value <= 99 {
            Some(Rating(value))
        } else {
            None
        }
    }

    /// The rating the Player writes for `stars` (`0..=5`), or `None` above 5.
    ///
    /// ```
    /// # use wmp_bits::Rating;
    /// let values: Vec<u8> = (0..=5).map(|s| Rating::from_stars(s).unwrap().get()).collect();
    /// assert_eq!(values, [0, 1, 25, 50, 75, 99]);
    /// assert_eq!(Rating::from_stars(6), None);
    /// ```
    #[must_use]
    pub const fn from_stars(stars: u8) -> Option<Rating> {
        match stars {
            0 => Some(Rating(0)),
            1 => Some(Rating(1)),
            2 => Some(Rating(25)),
            3 => Some(Rating(50)),
            4 => Some(Rating(75)),
            5 => Some(Rating(99)),
            _ => None,
        }
    }

    /// The value, `0..=99`.
    ///
    /// ```
    /// # use wmp_bits::Rating;
    /// assert_eq!(Rating::MAX.get(), 99);
    /// ```
    #[must_use]
    pub const fn get(self) -> u8 {
        self.0
    }

    /// The stars the Player shows for this rating: `0` (unrated) to `5`.
    ///
    /// ```
    /// # use wmp_bits::Rating;
    /// let stars: Vec<u8> = [0, 1, 12, 13, 37, 38, 62, 63, 86, 87, 99]
    ///     .into_iter()
    ///     .map(|v| Rating::new(v).unwrap().stars())
    ///     .collect();
    /// assert_eq!(stars, [0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5]);
    /// ```
    #[must_use]
    pub const fn stars(self) -> u8 {
        match self.0 {
            0 => 0,
            1..=12 => 1,
            13..=37 => 2,
            38..=62 => 3,
            63..=86 => 4,
            _ => 5,
        }
    }
}

/// The error of `Rating::try_from(n)` for `n` above 99.
///
/// ```
/// # use wmp_bits::{Rating, RatingRangeError};
/// assert_eq!(Rating::try_from(100u8), Err(RatingRangeError(100)));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, thiserror::Error)]
#[error("rating {0} is out of range: expected 0..=99")]
pub struct RatingRangeError(pub u8);

impl TryFrom<u8> for Rating {
    type Error = RatingRangeError;

    fn try_from(value: u8) -> Result<Rating, RatingRangeError> {
        Rating::new(value).ok_or(RatingRangeError(value))
    }
}

impl From<Rating> for u8 {
    fn from(r: Rating) -> u8 {
        r.0
    }
}

impl fmt::Display for Rating {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

/// Parses the canonical form a descriptor holds: decimal `0..=99` without leading zeros.
impl FromStr for Rating {
    type Err = ParseError;

    fn from_str(s: &str) -> Result<Rating, ParseError> {
        // The rule of the field allows it to be empty; a `Rating` is never empty.
        match rules::rating(s.as_bytes()) {
            Ok(Some(r)) => Ok(r),
            Ok(None) | Err(_) => Err(ParseError::rating_value(s)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stars_round_trip_and_change_exactly_at_the_players_thresholds() {
        for s in 0..=5 {
            assert_eq!(Rating::from_stars(s).unwrap().stars(), s);
        }
        // The first value of each star in the Player's ranges: a value has as many stars
        // as there are thresholds at or below it.
        let thresholds = [1, 13, 38, 63, 87];
        for v in 0..=99u8 {
            let want = thresholds.iter().filter(|&&t| t <= v).count();
            assert_eq!(usize::from(Rating::new(v).unwrap().stars()), want, "{v}");
        }
        assert_eq!(Rating::new(100), None);
        assert_eq!(Rating::new(255), None);
    }

    #[test]
    fn parse_boundaries() {
        assert_eq!("99".parse::<Rating>().unwrap(), Rating::MAX);
        assert_eq!("0".parse::<Rating>().unwrap(), Rating::UNRATED);
        for bad in ["100", "", "05", " 5", "5 ", "-1"] {
            assert_eq!(
                bad.parse::<Rating>().unwrap_err().code(),
                "invalid_rating",
                "{bad:?}"
            );
        }
    }
}
