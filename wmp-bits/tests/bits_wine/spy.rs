//! COM's task allocator, watched: an `IMallocSpy` (`CoRegisterMallocSpy`) sees every
//! `CoTaskMemAlloc` and `CoTaskMemFree` of the process, the strings that BITS hands over
//! included, and tells a block freed twice from one freed once.
//!
//! A block freed twice is not freed the second time (the spy hands COM a null pointer to
//! free instead), so that the test that finds it fails with a message rather than with a
//! heap that someone else's block was taken from.

use std::collections::HashSet;
use std::ffi::c_void;
use std::mem::ManuallyDrop;
use std::sync::{Mutex, MutexGuard, PoisonError};

use windows::core::{IUnknown_Vtbl, Interface, BOOL, GUID, HRESULT};
use windows::Win32::Foundation::CO_E_OBJISREG;
use windows::Win32::System::Com::{
    CoRegisterMallocSpy, CoRevokeMallocSpy, IMallocSpy, IMallocSpy_Vtbl,
};

use crate::static_com::{add_ref, query, release};

/// What the spy has seen since [`watch`] began.
#[derive(Debug, Default)]
struct Seen {
    /// Blocks allocated and not freed since.
    live: HashSet<usize>,
    /// Blocks freed, and not allocated again since.
    freed: HashSet<usize>,
    /// How many blocks were freed (once).
    frees: usize,
    /// The blocks freed a second time.
    twice: Vec<usize>,
}

static SEEN: Mutex<Option<Seen>> = Mutex::new(None);

fn seen() -> MutexGuard<'static, Option<Seen>> {
    SEEN.lock().unwrap_or_else(PoisonError::into_inner)
}

// The methods of the spy. COM calls them with its allocator's lock held, one at a time.

unsafe extern "system" fn query_interface(
    this: *mut c_void,
    iid: *const GUID,
    out: *mut *mut c_void,
) -> HRESULT {
    // SAFETY: COM passes a valid IID and a valid out-pointer.
    unsafe { query(this, IMallocSpy::IID, iid, out) }
}

unsafe extern "system" fn pre_alloc(_: *mut c_void, size: usize) -> usize {
    size
}

/// A block handed out, new or moved.
fn allocated(actual: *const c_void) -> *mut c_void {
    if let Some(seen) = seen().as_mut() {
        seen.live.insert(actual as usize);
        seen.freed.remove(&(actual as usize));
    }
    actual.cast_mut()
}

unsafe extern "system" fn post_alloc(_: *mut c_void, actual: *const c_void) -> *mut c_void {
    allocated(actual)
}

unsafe extern "system" fn pre_free(_: *mut c_void, request: *const c_void, _: BOOL) -> *mut c_void {
    let address = request as usize;
    if let Some(seen) = seen().as_mut() {
        if seen.freed.contains(&address) {
            seen.twice.push(address);
            // Not again: COM frees a null pointer instead, which does nothing.
            return std::ptr::null_mut();
        }
        seen.live.remove(&address);
        seen.freed.insert(address);
        seen.frees += 1;
    }
    request.cast_mut()
}

unsafe extern "system" fn post_free(_: *mut c_void, _: BOOL) {}

unsafe extern "system" fn pre_realloc(
    _: *mut c_void,
    request: *const c_void,
    size: usize,
    new_request: *mut *mut c_void,
    _: BOOL,
) -> usize {
    if let Some(seen) = seen().as_mut() {
        seen.live.remove(&(request as usize));
    }
    // SAFETY: COM passes a valid out-pointer.
    unsafe { *new_request = request.cast_mut() };
    size
}

unsafe extern "system" fn post_realloc(
    _: *mut c_void,
    actual: *const c_void,
    _: BOOL,
) -> *mut c_void {
    allocated(actual)
}

unsafe extern "system" fn pre_get_size(
    _: *mut c_void,
    request: *const c_void,
    _: BOOL,
) -> *mut c_void {
    request.cast_mut()
}

unsafe extern "system" fn post_get_size(_: *mut c_void, actual: usize, _: BOOL) -> usize {
    actual
}

unsafe extern "system" fn pre_did_alloc(
    _: *mut c_void,
    request: *const c_void,
    _: BOOL,
) -> *mut c_void {
    request.cast_mut()
}

unsafe extern "system" fn post_did_alloc(
    _: *mut c_void,
    _: *const c_void,
    _: BOOL,
    actual: i32,
) -> i32 {
    actual
}

unsafe extern "system" fn heap_minimize(_: *mut c_void) {}

static VTABLE: IMallocSpy_Vtbl = IMallocSpy_Vtbl {
    base__: IUnknown_Vtbl {
        QueryInterface: query_interface,
        AddRef: add_ref,
        Release: release,
    },
    PreAlloc: pre_alloc,
    PostAlloc: post_alloc,
    PreFree: pre_free,
    PostFree: post_free,
    PreRealloc: pre_realloc,
    PostRealloc: post_realloc,
    PreGetSize: pre_get_size,
    PostGetSize: post_get_size,
    PreDidAlloc: pre_did_alloc,
    PostDidAlloc: post_did_alloc,
    PreHeapMinimize: heap_minimize,
    PostHeapMinimize: heap_minimize,
};

/// The spy object: a COM object is a pointer to its table of methods.
#[repr(C)]
// COM reads the field, through the object's address; Rust never does.
#[allow(dead_code)]
struct Object(&'static IMallocSpy_Vtbl);

static OBJECT: Object = Object(&VTABLE);

/// What COM's allocator did while [`watch`] ran `read`.
#[derive(Debug)]
pub struct Frees {
    /// How many blocks were freed once.
    pub once: usize,
    /// The addresses of the blocks freed a second time.
    pub twice: Vec<usize>,
}

/// Runs `read` with the spy watching COM's allocator, and says what it freed.
pub fn watch(read: impl FnOnce()) -> Frees {
    *seen() = Some(Seen::default());
    // SAFETY: OBJECT lives as long as the process and starts with the pointer to a table
    // of IMallocSpy's methods. ManuallyDrop: the reference it stands for is not ours to
    // release.
    let spy = ManuallyDrop::new(unsafe {
        IMallocSpy::from_raw(std::ptr::from_ref(&OBJECT).cast_mut().cast())
    });
    // SAFETY: the spy is a valid IMallocSpy (above), which COM keeps as long as it likes.
    match unsafe { CoRegisterMallocSpy(&*spy) } {
        // CO_E_OBJISREG: the spy of an earlier test is still registered (COM keeps it until
        // the blocks allocated under it are freed); it is this same one.
        Err(err) if err.code() != CO_E_OBJISREG => panic!("CoRegisterMallocSpy: {err}"),
        _ => {}
    }
    read();
    // E_ACCESSDENIED while blocks allocated under the spy live on (COM's own caches): COM
    // revokes it once they are freed. Either way it no longer counts.
    // SAFETY: a plain call.
    let _ = unsafe { CoRevokeMallocSpy() };
    let seen = seen().take().unwrap_or_default();
    Frees {
        once: seen.frees,
        twice: seen.twice,
    }
}
