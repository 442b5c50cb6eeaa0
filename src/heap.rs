//! Handing freed memory back to the system between the phases of a large
//! load. glibc keeps what threads free in their arenas for reuse, so a
//! phase that frees many blocks (thousands of files read and split, a
//! million passages' mentions gathered in runs) leaves its holes under
//! the next phase's peak: at a million passages, 60 to 90 MB of it.

/// Returns the heap's free pages to the system (glibc's `malloc_trim`:
/// a few milliseconds); elsewhere, nothing.
pub fn give_back() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim takes no pointers; it walks the allocator's own
    // free lists under their locks.
    unsafe {
        libc::malloc_trim(0);
    }
}
