//! The process's heap, counted: where `LocalAlloc` takes the memory that the account calls
//! (`ConvertSidToStringSidW`, `ConvertStringSidToSidW`) hand over, `CoTaskMemAlloc` the
//! strings that BITS hands over across the process boundary, and Rust's allocator its own.
//! A guard that never frees leaves one more block in use for each call.

use windows::Win32::System::Memory::{
    GetProcessHeap, HeapLock, HeapUnlock, HeapValidate, HeapWalk, HEAP_FLAGS, PROCESS_HEAP_ENTRY,
};

/// `PROCESS_HEAP_ENTRY_BUSY`: the entry is a block in use.
const BUSY: u16 = 0x0004;

/// The blocks in use on the process's heap now.
pub fn blocks_in_use() -> usize {
    // SAFETY: a plain call; the process's heap lives as long as the process.
    let heap = unsafe { GetProcessHeap() }.unwrap();
    // SAFETY: the heap is live. While it is locked this thread allocates nothing (other
    // threads that do wait for the lock), and it is unlocked below.
    unsafe { HeapLock(heap) }.unwrap();
    let mut entry = PROCESS_HEAP_ENTRY::default();
    let mut busy = 0;
    // SAFETY: the heap is live and locked; the entry starts zeroed (a null lpData starts
    // the walk) and only HeapWalk writes it. The walk ends with ERROR_NO_MORE_ITEMS.
    while unsafe { HeapWalk(heap, &raw mut entry) }.is_ok() {
        busy += usize::from(entry.wFlags & BUSY != 0);
    }
    // SAFETY: this thread locked the heap above.
    unsafe { HeapUnlock(heap) }.unwrap();
    busy
}

/// Whether every block of the process's heap is well formed (`HeapValidate`): a block
/// freed twice, or written past its end, can leave one that is not.
pub fn is_valid() -> bool {
    // SAFETY: a plain call; the process's heap lives as long as the process.
    let heap = unsafe { GetProcessHeap() }.unwrap();
    // SAFETY: the heap is live; no block is named, so the whole heap is checked.
    unsafe { HeapValidate(heap, HEAP_FLAGS::default(), None) }.as_bool()
}
