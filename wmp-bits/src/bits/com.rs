//! What talking to COM needs: the thread's apartment, strings that BITS allocates and hands
//! over, NUL-terminated UTF-16 arguments, and draining an enumerator.

use core::marker::PhantomData;

use windows::core::{Error as WinError, PWSTR};
use windows::Win32::Foundation::RPC_E_CHANGED_MODE;
use windows::Win32::System::Com::{
    CoInitializeEx, CoTaskMemFree, CoUninitialize, COINIT_MULTITHREADED,
};

use super::BitsError;

/// COM initialisation of the current thread, undone on drop when it was ours.
pub(super) struct ComApartment {
    /// `CoInitializeEx` succeeded (`S_OK` or `S_FALSE`), so it must be balanced
    /// by `CoUninitialize` on this same thread.
    initialised: bool,
    /// COM initialisation belongs to a thread: keep the handle on it.
    _not_send: PhantomData<*const ()>,
}

impl ComApartment {
    pub(super) fn enter() -> Result<Self, BitsError> {
        // SAFETY: no reserved pointer is passed, and the flags are valid.
        let hr = unsafe { CoInitializeEx(None, COINIT_MULTITHREADED) };
        if hr == RPC_E_CHANGED_MODE {
            // The thread already lives in a single-threaded apartment, which is
            // just as able to talk to BITS; it was not ours to initialise.
            Ok(Self {
                initialised: false,
                _not_send: PhantomData,
            })
        } else if hr.is_ok() {
            Ok(Self {
                initialised: true,
                _not_send: PhantomData,
            })
        } else {
            Err(BitsError::call("CoInitializeEx", hr, None))
        }
    }
}

impl Drop for ComApartment {
    fn drop(&mut self) {
        if self.initialised {
            // SAFETY: balances the successful `CoInitializeEx` made on this
            // thread (the value cannot leave it), after every COM object this
            // handle held has been released.
            unsafe { CoUninitialize() };
        }
    }
}

/// `s` as NUL-terminated UTF-16, refusing an interior NUL that would cut it.
pub(super) fn wide(s: &str, argument: &'static str) -> Result<Vec<u16>, BitsError> {
    if s.contains('\0') {
        return Err(BitsError::nul(argument));
    }
    Ok(s.encode_utf16().chain(Some(0)).collect())
}

/// A string that BITS allocated with `CoTaskMemAlloc` and handed over to us.
pub(super) struct CoTaskMemString(pub(super) PWSTR);

impl CoTaskMemString {
    /// The text, with any unpaired surrogate replaced by U+FFFD.
    pub(super) fn to_string_lossy(&self) -> String {
        if self.0.is_null() {
            return String::new();
        }
        // SAFETY: BITS returned a NUL-terminated UTF-16 string, which stays
        // allocated until this guard is dropped.
        let units = unsafe { self.0.as_wide() };
        String::from_utf16_lossy(units)
    }
}

impl Drop for CoTaskMemString {
    fn drop(&mut self) {
        // SAFETY: the string was allocated by BITS with `CoTaskMemAlloc`, is
        // owned by this guard alone and is freed once; null is allowed.
        unsafe { CoTaskMemFree(Some(self.0.as_ptr() as *const core::ffi::c_void)) };
    }
}

/// How many items one call to an enumerator's `Next` asks for.
const BATCH: usize = 16;

/// Every item of a COM enumerator, whose `Next` fills a slice of empty slots and says how
/// many it filled: asked for in batches until a batch comes back short.
pub(super) fn drain<T>(
    mut next: impl FnMut(&mut [Option<T>], &mut u32) -> Result<(), WinError>,
) -> Result<Vec<T>, WinError> {
    let mut items = Vec::new();
    loop {
        let mut batch: [Option<T>; BATCH] = Default::default();
        let mut fetched = 0_u32;
        next(&mut batch, &mut fetched)?;
        let fetched = (fetched as usize).min(BATCH);
        items.extend(batch.into_iter().take(fetched).flatten());
        if fetched < BATCH {
            return Ok(items);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Initialises COM on this thread in a single-threaded apartment, as a GUI thread
    /// would: `S_OK` the first time.
    fn enter_single_threaded() -> windows::core::HRESULT {
        // SAFETY: no reserved pointer is passed, and the flags are valid.
        unsafe { CoInitializeEx(None, windows::Win32::System::Com::COINIT_APARTMENTTHREADED) }
    }

    #[test]
    fn a_single_threaded_apartment_is_used_as_it_is() {
        std::thread::spawn(|| {
            assert_eq!(enter_single_threaded(), windows::Win32::Foundation::S_OK);
            let queue = super::super::Queue::connect().expect("BITS from an STA thread");
            queue.scan().unwrap();
            drop(queue);
            // The apartment was not ours to leave: the thread is still in it.
            assert_eq!(enter_single_threaded(), windows::Win32::Foundation::S_FALSE);
            // SAFETY: balances the two successful initialisations above.
            unsafe {
                CoUninitialize();
                CoUninitialize();
            }
        })
        .join()
        .unwrap();
    }

    #[test]
    fn the_apartment_is_left_when_the_queue_is_dropped() {
        std::thread::spawn(|| {
            drop(super::super::Queue::connect().unwrap());
            // COM is no longer initialised on this thread: any apartment can be entered.
            assert_eq!(enter_single_threaded(), windows::Win32::Foundation::S_OK);
            // SAFETY: balances the successful initialisation above.
            unsafe { CoUninitialize() };
        })
        .join()
        .unwrap();
    }

    #[test]
    fn nul_is_refused_before_bits() {
        let err = wide("a\0b", "description").unwrap_err();
        assert_eq!(
            err.to_string(),
            "the description holds a NUL character, which BITS cannot store"
        );
        assert_eq!(wide("", "description").unwrap(), [0]);
        assert_eq!(
            wide("a🎷", "description").unwrap(),
            [0x61, 0xD83C, 0xDFB7, 0]
        );
    }

    /// An enumerator over `0..total` that hands out `per_call` at most a call.
    fn counting(
        total: u32,
        per_call: u32,
    ) -> impl FnMut(&mut [Option<u32>], &mut u32) -> Result<(), WinError> {
        let mut next = 0;
        move |slots, fetched| {
            let mut n = 0;
            for slot in slots.iter_mut().take(per_call as usize) {
                if next == total {
                    break;
                }
                *slot = Some(next);
                next += 1;
                n += 1;
            }
            *fetched = n;
            Ok(())
        }
    }

    #[test]
    fn draining_reads_every_batch() {
        for total in [0, 1, 15, 16, 17, 32, 33, 100] {
            let items = drain(counting(total, 16)).unwrap();
            assert_eq!(items, (0..total).collect::<Vec<_>>(), "{total}");
        }
        // An enumerator that hands out less than asked is at its end.
        assert_eq!(drain(counting(40, 5)).unwrap(), [0, 1, 2, 3, 4]);
    }

    #[test]
    fn draining_stops_at_an_error() {
        let mut calls = 0;
        let err = drain::<u32>(|_, _| {
            calls += 1;
            Err(WinError::from_hresult(windows::Win32::Foundation::E_FAIL))
        })
        .unwrap_err();
        assert_eq!(err.code(), windows::Win32::Foundation::E_FAIL);
        assert_eq!(calls, 1);
    }

    #[test]
    fn a_count_beyond_the_batch_is_read_as_a_full_batch() {
        let mut calls = 0;
        let items = drain(|slots: &mut [Option<u8>], fetched| {
            calls += 1;
            if calls == 1 {
                slots.fill(Some(7));
                *fetched = 1000;
            }
            Ok(())
        })
        .unwrap();
        assert_eq!(items, [7; BATCH]);
        assert_eq!(calls, 2);
    }
}
