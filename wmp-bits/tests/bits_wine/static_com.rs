//! The `IUnknown` part of a COM object that lives in a static and is its one interface: the
//! spy on COM's allocator and the watch on BITS' manager are such objects.

use std::ffi::c_void;
use std::ptr::null_mut;

use windows::core::{IUnknown, Interface, GUID, HRESULT};
use windows::Win32::Foundation::{E_NOINTERFACE, S_OK};

/// `QueryInterface` for an object that is its one interface `own` (and `IUnknown`).
///
/// # Safety
///
/// `iid` and `out` are valid, as COM passes them.
pub unsafe fn query(
    this: *mut c_void,
    own: GUID,
    iid: *const GUID,
    out: *mut *mut c_void,
) -> HRESULT {
    // SAFETY: as the caller promises.
    let iid = unsafe { *iid };
    let known = iid == IUnknown::IID || iid == own;
    // SAFETY: as the caller promises.
    unsafe { *out = if known { this } else { null_mut() } };
    if known {
        S_OK
    } else {
        E_NOINTERFACE
    }
}

// The objects are statics: counting references to them would free nothing.

pub unsafe extern "system" fn add_ref(_: *mut c_void) -> u32 {
    2
}

pub unsafe extern "system" fn release(_: *mut c_void) -> u32 {
    1
}
