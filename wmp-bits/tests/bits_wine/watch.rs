//! BITS' manager, watched: a class object registered in this process for BITS' own class
//! (`CoRegisterClassObject`), so that a `Queue` connected on this thread while it is
//! registered reaches BITS through it. It hands every call on to BITS' manager, unchanged,
//! and notes what `EnumJobs` was asked for: which jobs a reading of the queue asked BITS for
//! is not otherwise seen where BITS answers every request alike (Wine's BITS reads no flag).

use std::cell::RefCell;
use std::ffi::c_void;
use std::ptr::null_mut;
use std::rc::Rc;

use windows::core::{IUnknown, IUnknown_Vtbl, Interface, BOOL, GUID, HRESULT, PCWSTR, PWSTR};
use windows::Win32::Foundation::{CLASS_E_NOAGGREGATION, E_UNEXPECTED, S_OK};
use windows::Win32::Networking::BackgroundIntelligentTransferService::{
    BackgroundCopyManager, IBackgroundCopyManager, IBackgroundCopyManager_Vtbl, BG_JOB_TYPE,
};
use windows::Win32::System::Com::{
    CoRegisterClassObject, CoRevokeClassObject, IClassFactory, IClassFactory_Vtbl,
    CLSCTX_LOCAL_SERVER, REGCLS_MULTIPLEUSE,
};

use crate::static_com::{add_ref, query, release};

/// BITS' own manager, and the flags of every `EnumJobs` made through the watch.
struct Watch {
    bits: IBackgroundCopyManager,
    enum_flags: Rc<RefCell<Vec<u32>>>,
}

thread_local! {
    // COM calls an object of this apartment's on the thread that calls it: the thread that
    // registered the watch and connects the queue.
    static WATCH: RefCell<Option<Watch>> = const { RefCell::new(None) };
}

/// Runs `call` with BITS' manager, or answers `E_UNEXPECTED` once the watch has ended.
fn with_bits(call: impl FnOnce(&IBackgroundCopyManager) -> HRESULT) -> HRESULT {
    let bits = WATCH.with_borrow(|watch| watch.as_ref().map(|w| w.bits.clone()));
    bits.map_or(E_UNEXPECTED, |bits| call(&bits))
}

/// Writes `result`'s interface to `out` (null on failure), and gives its `HRESULT`.
///
/// # Safety
///
/// `out` is a valid place for an interface pointer.
unsafe fn hand_out<T: Interface>(
    result: windows::core::Result<T>,
    out: *mut *mut c_void,
) -> HRESULT {
    let (raw, hr) = match result {
        Ok(value) => (value.into_raw(), S_OK),
        Err(err) => (null_mut(), err.code()),
    };
    // SAFETY: as the caller promises.
    unsafe { *out = raw };
    hr
}

// The manager's methods: BITS' own, each noted where it needs to be.

unsafe extern "system" fn manager_query(
    this: *mut c_void,
    iid: *const GUID,
    out: *mut *mut c_void,
) -> HRESULT {
    // SAFETY: COM passes valid pointers.
    unsafe { query(this, IBackgroundCopyManager::IID, iid, out) }
}

unsafe extern "system" fn create_job(
    _: *mut c_void,
    name: PCWSTR,
    job_type: BG_JOB_TYPE,
    id: *mut GUID,
    job: *mut *mut c_void,
) -> HRESULT {
    with_bits(|bits| {
        // SAFETY: the caller's arguments, as it passed them: an interface slot is a pointer.
        unsafe { bits.CreateJob(name, job_type, id, job.cast()) }
            .map_or_else(|e| e.code(), |()| S_OK)
    })
}

unsafe extern "system" fn get_job(
    _: *mut c_void,
    id: *const GUID,
    job: *mut *mut c_void,
) -> HRESULT {
    with_bits(|bits| {
        // SAFETY: the caller's arguments, as it passed them.
        let found = unsafe { bits.GetJob(id) };
        // SAFETY: as above.
        unsafe { hand_out(found, job) }
    })
}

unsafe extern "system" fn enum_jobs(_: *mut c_void, flags: u32, jobs: *mut *mut c_void) -> HRESULT {
    WATCH.with_borrow(|watch| {
        if let Some(watch) = watch {
            watch.enum_flags.borrow_mut().push(flags);
        }
    });
    with_bits(|bits| {
        // SAFETY: a plain method call on BITS' manager.
        let found = unsafe { bits.EnumJobs(flags) };
        // SAFETY: the caller's out-pointer, as it passed it.
        unsafe { hand_out(found, jobs) }
    })
}

unsafe extern "system" fn error_description(
    _: *mut c_void,
    hr: HRESULT,
    language: u32,
    text: *mut PWSTR,
) -> HRESULT {
    with_bits(|bits| {
        // SAFETY: a plain method call on BITS' manager.
        let (found, code) = match unsafe { bits.GetErrorDescription(hr, language) } {
            Ok(found) => (found, S_OK),
            Err(err) => (PWSTR::null(), err.code()),
        };
        // SAFETY: the caller's out-pointer, as it passed it; the string is handed on.
        unsafe { *text = found };
        code
    })
}

static MANAGER_VTABLE: IBackgroundCopyManager_Vtbl = IBackgroundCopyManager_Vtbl {
    base__: IUnknown_Vtbl {
        QueryInterface: manager_query,
        AddRef: add_ref,
        Release: release,
    },
    CreateJob: create_job,
    GetJob: get_job,
    EnumJobs: enum_jobs,
    GetErrorDescription: error_description,
};

// The class object's methods: it makes the one manager.

unsafe extern "system" fn factory_query(
    this: *mut c_void,
    iid: *const GUID,
    out: *mut *mut c_void,
) -> HRESULT {
    // SAFETY: COM passes valid pointers.
    unsafe { query(this, IClassFactory::IID, iid, out) }
}

unsafe extern "system" fn create_instance(
    _: *mut c_void,
    outer: *mut c_void,
    iid: *const GUID,
    out: *mut *mut c_void,
) -> HRESULT {
    if !outer.is_null() {
        return CLASS_E_NOAGGREGATION;
    }
    // SAFETY: COM passes valid pointers; MANAGER is the manager object.
    unsafe { manager_query(MANAGER.address(), iid, out) }
}

unsafe extern "system" fn lock_server(_: *mut c_void, _: BOOL) -> HRESULT {
    S_OK
}

static FACTORY_VTABLE: IClassFactory_Vtbl = IClassFactory_Vtbl {
    base__: IUnknown_Vtbl {
        QueryInterface: factory_query,
        AddRef: add_ref,
        Release: release,
    },
    CreateInstance: create_instance,
    LockServer: lock_server,
};

/// A COM object: a pointer to its table of methods.
#[repr(C)]
// COM reads the field, through the object's address; Rust never does.
#[allow(dead_code)]
struct Object<V: 'static>(&'static V);

impl<V> Object<V> {
    fn address(&'static self) -> *mut c_void {
        std::ptr::from_ref(self).cast_mut().cast()
    }
}

static MANAGER: Object<IBackgroundCopyManager_Vtbl> = Object(&MANAGER_VTABLE);
static FACTORY: Object<IClassFactory_Vtbl> = Object(&FACTORY_VTABLE);

/// The watch on this thread's connections to BITS, from [`watch`] until dropped.
pub struct Watched {
    cookie: u32,
    enum_flags: Rc<RefCell<Vec<u32>>>,
}

/// Registers the watch: a `Queue` connected on this thread from now on, until the watch is
/// dropped, reaches BITS through it. COM must be initialised on this thread (connect a
/// `Queue` first).
pub fn watch() -> Watched {
    let bits = super::other::manager();
    let enum_flags = Rc::default();
    WATCH.set(Some(Watch {
        bits,
        enum_flags: Rc::clone(&enum_flags),
    }));
    // SAFETY: FACTORY lives as long as the process, and starts with the pointer to a table
    // of IClassFactory's methods. ManuallyDrop: the reference it stands for is not ours.
    let factory = std::mem::ManuallyDrop::new(unsafe { IUnknown::from_raw(FACTORY.address()) });
    // SAFETY: BITS' class id, and a valid class object that COM keeps until revoked.
    let cookie = unsafe {
        CoRegisterClassObject(
            &BackgroundCopyManager,
            &*factory,
            CLSCTX_LOCAL_SERVER,
            REGCLS_MULTIPLEUSE,
        )
    }
    .unwrap();
    Watched { cookie, enum_flags }
}

impl Watched {
    /// The flags of every `EnumJobs` made through the watch so far, in order.
    pub fn enum_flags(&self) -> Vec<u32> {
        self.enum_flags.borrow().clone()
    }
}

impl Drop for Watched {
    fn drop(&mut self) {
        // SAFETY: the cookie of the registration made in `watch`, revoked once.
        let _ = unsafe { CoRevokeClassObject(self.cookie) };
        WATCH.set(None);
    }
}
