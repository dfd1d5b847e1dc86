//! The C boundary: the one panic guard every entry point runs in, C-string
//! arguments, and the Comer & Stevens / Donahoo & Calvert symbols this crate
//! uses from C (the program's or ours).

use std::ffi::{CStr, c_char, c_int, c_ushort};
use std::panic::{self, AssertUnwindSafe};

// The three textbook symbols defined in C (src/c/shim.c), declared here so
// that cbindgen puts them in the header and Rust calls them by symbol: a
// program's own definition then wins, also for the library's own failures.
unsafe extern "C" {
    /// Comer & Stevens: prints `format` with its arguments on stderr,
    /// printf-style (no newline is added), then exit(1).  Never returns.
    /// Weak: a program's own errexit replaces it, also when the library
    /// itself fails.
    pub fn errexit(format: *const c_char, ...) -> c_int;

    /// Donahoo & Calvert: perror(errorMessage), then exit(1).  Never
    /// returns.  Weak: a program's own DieWithError replaces it, also when
    /// the library itself fails (e.g. CreateTCPServerSocket's "bind() failed").
    pub fn DieWithError(errorMessage: *mut c_char);

    /// Comer & Stevens' global port base.  cbindgen does not emit extern
    /// statics, so its header declaration is in cbindgen.toml.
    static mut portbase: c_ushort;
}

/// The current value of the C global `portbase`, as the program last set it.
pub fn portbase_value() -> u16 {
    // SAFETY: `portbase` is a plain unsigned short; a volatile read sees the
    // program's latest assignment whichever module defines it.
    unsafe { std::ptr::read_volatile(&raw const portbase) }
}

/// A C string argument as the entry point received it (possibly NULL).
#[derive(Clone, Copy, Default)]
pub struct CText<'a>(Option<&'a CStr>);

impl<'a> CText<'a> {
    /// A fixed argument the library supplies itself (e.g. "tcp").
    pub fn from_static(text: &'static CStr) -> Self {
        CText(Some(text))
    }

    /// Wraps a C string argument.
    ///
    /// # Safety
    /// A non-NULL `text` must point at a NUL-terminated string that stays
    /// valid and unchanged for `'a`.
    pub unsafe fn new(text: *const c_char) -> Self {
        // SAFETY: the caller vouches for a non-NULL pointer; NULL is kept as None.
        CText((!text.is_null()).then(|| unsafe { CStr::from_ptr(text) }))
    }

    /// Whether the argument was NULL.
    pub fn is_null(&self) -> bool {
        self.0.is_none()
    }

    /// The text, or `None` when it is NULL or not UTF-8 (no name is either).
    pub fn as_str(&self) -> Option<&'a str> {
        let bytes = self.0?.to_bytes();
        if bytes.is_ascii() {
            // SAFETY: ASCII is UTF-8 (the check is cheaper than UTF-8
            // validation for the short names programs pass).
            return Some(unsafe { std::str::from_utf8_unchecked(bytes) });
        }
        std::str::from_utf8(bytes).ok()
    }

    /// The text as the C caller gave it, or `None` for NULL.
    pub fn as_cstr(&self) -> Option<&'a CStr> {
        self.0
    }

    /// The bytes to quote in a message: the original text, or "(null)".
    pub fn for_message(&self) -> &'a CStr {
        self.0.unwrap_or(c"(null)")
    }
}

/// Runs a Comer & Stevens or Donahoo & Calvert entry point's body, so that
/// no panic ever unwinds into C: a panic (a sockshim bug) ends in the
/// textbook failure path, errexit's `sockshim: internal error in <entry>`
/// and exit status 1.
pub fn guard(entry: &CStr, body: impl FnOnce() -> c_int) -> c_int {
    guard_or(body, || {
        // SAFETY: the format takes one %s, given as a NUL-terminated string.
        unsafe { errexit(c"sockshim: internal error in %s\n".as_ptr(), entry.as_ptr()) };
        -1
    })
}

/// Runs `body`; if it panics, returns what `on_panic` makes instead.  Every
/// entry point runs inside this, directly or through [`guard`].
pub fn guard_or<T>(body: impl FnOnce() -> T, on_panic: impl FnOnce() -> T) -> T {
    panic::catch_unwind(AssertUnwindSafe(body)).unwrap_or_else(|_| on_panic())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn null_and_bad_text_are_handled() {
        // SAFETY: NULL is allowed; the literals are NUL-terminated statics.
        let (null, bad, good) = unsafe {
            (
                CText::new(std::ptr::null()),
                CText::new(c"\xff".as_ptr()),
                CText::new(c"echo".as_ptr()),
            )
        };
        assert_eq!(null.as_str(), None);
        assert_eq!(null.for_message(), c"(null)");
        assert_eq!(bad.as_str(), None);
        assert_eq!(bad.for_message(), c"\xff");
        assert_eq!(good.as_str(), Some("echo"));
    }

    #[test]
    fn guard_passes_results_through() {
        assert_eq!(guard(c"test", || 42), 42);
    }
}
