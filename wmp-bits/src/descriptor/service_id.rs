//! [`ServiceId`]: the nonzero 32-bit id of a store's download service.

use core::fmt;
use core::num::NonZeroU32;
use core::str::FromStr;

use super::rules;
use super::ParseError;

/// The `serviceId` of a descriptor: a nonzero 32-bit value that identifies the store's
/// *service*, not the job. The store's pages ask the Player for the service's downloads with
/// it (`DownloadManager.getDownloadCollection(collectionId)`), so a store draws it once,
/// keeps it in its configuration, and writes the same value on every job of that service: a
/// fresh id per job would split its downloads into collections nobody asks for.
///
/// Zero is unrepresentable: the type wraps a [`NonZeroU32`].
///
/// The Player's script API takes the id as a signed `long`, so the crate generates ids in
/// `1..=2147483647` (`ServiceId::random`); a larger id is still legal in a descriptor but
/// earns a validation warning (see [`ServiceId::fits_i32`]).
///
/// ```
/// use wmp_bits::ServiceId;
///
/// let id = ServiceId::new(987_654_321).unwrap();
/// assert_eq!(id.get(), 987_654_321);
/// assert_eq!(id.to_string(), "987654321");
/// assert!(ServiceId::new(0).is_none());
/// assert_eq!("42".parse::<ServiceId>().unwrap().get(), 42);
/// assert_eq!("042".parse::<ServiceId>().unwrap_err().code(), "invalid_service_id");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ServiceId(NonZeroU32);

impl ServiceId {
    /// The largest id that reads the same whether the Player treats it as signed or
    /// unsigned: `2147483647` (`i32::MAX`).
    pub const MAX_PORTABLE: ServiceId =
        ServiceId(NonZeroU32::MIN.saturating_add(i32::MAX.unsigned_abs() - 1));

    /// The id `value`, or `None` for zero.
    ///
    /// ```
    /// # use wmp_bits::ServiceId;
    /// assert_eq!(ServiceId::new(7).map(ServiceId::get), Some(7));
    /// assert_eq!(ServiceId::new(0), None);
    /// ```
    #[must_use]
    pub const fn new(value: u32) -> Option<ServiceId> {
        match NonZeroU32::new(value) {
            Some(v) => Some(ServiceId(v)),
            None => None,
        }
    }

    /// The id from a value that is already known to be nonzero.
    ///
    /// ```
    /// # use wmp_bits::ServiceId;
    /// use core::num::NonZeroU32;
    /// let id = ServiceId::from_non_zero(NonZeroU32::MIN);
    /// assert_eq!(id.get(), 1);
    /// ```
    #[must_use]
    pub const fn from_non_zero(value: NonZeroU32) -> ServiceId {
        ServiceId(value)
    }

    /// The id as a `u32` (never zero).
    ///
    /// ```
    /// # use wmp_bits::ServiceId;
    /// assert_eq!(ServiceId::new(u32::MAX).unwrap().get(), 4_294_967_295);
    /// ```
    #[must_use]
    pub const fn get(self) -> u32 {
        self.0.get()
    }

    /// The id as a [`NonZeroU32`].
    ///
    /// ```
    /// # use wmp_bits::ServiceId;
    /// assert_eq!(ServiceId::new(9).unwrap().as_non_zero().get(), 9);
    /// ```
    #[must_use]
    pub const fn as_non_zero(self) -> NonZeroU32 {
        self.0
    }

    /// Whether the id is at most [`ServiceId::MAX_PORTABLE`], so that the Player's signed
    /// `long` sees the same number. Validation warns about ids for which this is false.
    ///
    /// ```
    /// # use wmp_bits::ServiceId;
    /// assert!(ServiceId::new(2_147_483_647).unwrap().fits_i32());
    /// assert!(!ServiceId::new(2_147_483_648).unwrap().fits_i32());
    /// ```
    #[must_use]
    pub const fn fits_i32(self) -> bool {
        self.0.get() <= i32::MAX as u32
    }

    /// A new random id from the operating system's CSPRNG (the equivalent of the
    /// `CryptGenRandom` that the Player's documentation recommends), in
    /// `1..=2147483647`: 31 random bits, drawn again in the one case in 2³¹ that they are
    /// all zero.
    ///
    /// Draw it once for a service (when the store is set up), keep it, and give the kept id
    /// to every job: this is not a per-job value.
    ///
    /// # Errors
    ///
    /// [`RandomError`] when the operating system cannot provide random bytes.
    ///
    /// ```
    /// # use wmp_bits::ServiceId;
    /// let id = ServiceId::random()?;
    /// assert!(id.fits_i32());
    /// # Ok::<(), wmp_bits::RandomError>(())
    /// ```
    #[cfg(feature = "getrandom")]
    pub fn random() -> Result<ServiceId, RandomError> {
        loop {
            let mut bytes = [0u8; 4];
            getrandom::fill(&mut bytes).map_err(RandomError)?;
            if let Some(id) = Self::from_random_bits(u32::from_le_bytes(bytes)) {
                return Ok(id);
            }
        }
    }

    /// Keeps 31 of 32 random bits; `None` when those are all zero.
    #[cfg(any(feature = "getrandom", test))]
    const fn from_random_bits(bits: u32) -> Option<ServiceId> {
        ServiceId::new(bits & (i32::MAX as u32))
    }
}

impl From<NonZeroU32> for ServiceId {
    fn from(value: NonZeroU32) -> ServiceId {
        ServiceId(value)
    }
}

impl From<ServiceId> for u32 {
    fn from(id: ServiceId) -> u32 {
        id.get()
    }
}

impl From<ServiceId> for NonZeroU32 {
    fn from(id: ServiceId) -> NonZeroU32 {
        id.0
    }
}

/// The error of `ServiceId::try_from(0)`.
///
/// ```
/// # use wmp_bits::{ServiceId, ZeroServiceIdError};
/// assert_eq!(ServiceId::try_from(0u32), Err(ZeroServiceIdError));
/// assert_eq!(ServiceId::try_from(5u32).unwrap().get(), 5);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, thiserror::Error)]
#[error("a service id cannot be zero: expected 1..=4294967295")]
pub struct ZeroServiceIdError;

impl TryFrom<u32> for ServiceId {
    type Error = ZeroServiceIdError;

    fn try_from(value: u32) -> Result<ServiceId, ZeroServiceIdError> {
        ServiceId::new(value).ok_or(ZeroServiceIdError)
    }
}

impl fmt::Display for ServiceId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

/// Parses the canonical form that a descriptor holds: unsigned decimal, no sign, no
/// leading zeros, `1..=4294967295`. The error is the one the descriptor parser would give,
/// with spans relative to the parsed string.
impl FromStr for ServiceId {
    type Err = ParseError;

    fn from_str(s: &str) -> Result<ServiceId, ParseError> {
        rules::service_id(s.as_bytes()).map_err(|v| ParseError::service_id(v, s, 0))
    }
}

/// The operating system could not provide random bytes for [`ServiceId::random`]. Its
/// message names the operating system's own error.
///
/// ```
/// use wmp_bits::ServiceId;
///
/// match ServiceId::random() {
///     Ok(id) => assert!(id.fits_i32()),
///     Err(e) => assert!(e
///         .to_string()
///         .starts_with("the operating system's random number generator failed: ")),
/// }
/// ```
#[cfg(feature = "getrandom")]
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the operating system's random number generator failed: {0}")]
pub struct RandomError(getrandom::Error);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zero_is_unrepresentable() {
        assert_eq!(ServiceId::new(0), None);
        assert_eq!(ServiceId::try_from(0), Err(ZeroServiceIdError));
        assert_eq!(u32::from(ServiceId::new(1).unwrap()), 1);
        assert_eq!(ServiceId::MAX_PORTABLE.get(), 2_147_483_647);
    }

    #[test]
    fn random_bits_keep_31_bits_and_refuse_zero() {
        assert_eq!(ServiceId::from_random_bits(0), None);
        assert_eq!(ServiceId::from_random_bits(0x8000_0000), None);
        assert_eq!(
            ServiceId::from_random_bits(u32::MAX),
            Some(ServiceId::MAX_PORTABLE)
        );
        assert_eq!(
            ServiceId::from_random_bits(0x8000_0001).map(ServiceId::get),
            Some(1)
        );
    }

    #[cfg(feature = "getrandom")]
    #[test]
    fn random_ids_are_portable_and_vary() {
        let ids: alloc::vec::Vec<u32> = (0..64)
            .map(|_| ServiceId::random().unwrap().get())
            .collect();
        assert!(ids.iter().all(|&id| (1..=2_147_483_647).contains(&id)));
        let first = ids[0];
        assert!(
            ids.iter().any(|&id| id != first),
            "64 draws were all {first}"
        );
        // 31 random bits: over 64 draws the top bit of the 31 is set in some and clear in others.
        assert!(ids.iter().any(|&id| id >= 1 << 30));
        assert!(ids.iter().any(|&id| id < 1 << 30));
    }

    #[test]
    fn parses_only_canonical_decimal() {
        assert_eq!("1".parse::<ServiceId>().unwrap().get(), 1);
        assert_eq!("4294967295".parse::<ServiceId>().unwrap().get(), u32::MAX);
        assert_eq!(
            "4294967296".parse::<ServiceId>().unwrap_err().code(),
            "invalid_service_id"
        );
        assert_eq!(
            "0".parse::<ServiceId>().unwrap_err().code(),
            "zero_service_id"
        );
        assert_eq!(
            "".parse::<ServiceId>().unwrap_err().code(),
            "invalid_service_id"
        );
    }
}
