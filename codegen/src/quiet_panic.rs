//! Panics the generator expects from a dependency (libyaml-safer on some
//! malformed YAML, an `expect` in openapiv3) are caught and turned into
//! errors; [`install_hook`] keeps the panic hook from printing them, so a
//! user sees only the one `error:` line.

use std::cell::Cell;
use std::panic::{catch_unwind, AssertUnwindSafe};

thread_local! {
    /// Set while this thread runs code whose panic is caught and reported.
    static CAUGHT_HERE: Cell<bool> = const { Cell::new(false) };
}

/// Runs `f`, catching a panic; `Err` if it panicked.
pub(crate) fn catch<R>(f: impl FnOnce() -> R) -> std::thread::Result<R> {
    let outer = CAUGHT_HERE.with(|c| c.replace(true));
    let result = catch_unwind(AssertUnwindSafe(f));
    CAUGHT_HERE.with(|c| c.set(outer));
    result
}

/// Wraps the current panic hook so that panics caught by the generator
/// itself (and reported as errors) print nothing; any other panic is printed
/// as before. For programs that call the generator (xtask, tests).
pub fn install_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if !CAUGHT_HERE.with(Cell::get) {
            previous(info);
        }
    }));
}
