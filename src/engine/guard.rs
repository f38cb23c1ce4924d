//! Panics the engine catches where they happen (a parser tripping on a crafted file, a
//! writer failing on a full disk) and turns into typed errors. A process-wide panic hook
//! asks [`is_caught`] so that it prints nothing for those: the error says it better.

use std::cell::Cell;
use std::panic::AssertUnwindSafe;

thread_local! {
    static CAUGHT: Cell<u32> = const { Cell::new(0) };
}

/// A panic of `work`, caught.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Panicked;

/// Runs `work`, catching a panic.
pub fn catching<T>(work: impl FnOnce() -> T) -> Result<T, Panicked> {
    CAUGHT.with(|c| c.set(c.get() + 1));
    let result = std::panic::catch_unwind(AssertUnwindSafe(work));
    CAUGHT.with(|c| c.set(c.get() - 1));
    result.map_err(|_| Panicked)
}

/// Whether the calling thread is inside [`catching`].
pub fn is_caught() -> bool {
    CAUGHT.with(|c| c.get() > 0)
}
