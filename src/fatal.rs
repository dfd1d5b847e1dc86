//! The textbooks' failure paths: errno restored, then the program's (or our)
//! `errexit` or `DieWithError`, which print through the C library's stdio
//! and exit(1).  If a program's own handler returns, so does the entry point,
//! with -1, as the program then evidently wants to go on.

use crate::ffi;
use std::ffi::{CStr, CString, c_char};
use std::io;

/// Puts `errno` back to the failed call's value, so a handler that reads it
/// (perror in DieWithError) reports that call, not a later cleanup.
pub fn set_errno(error: &io::Error) {
    if let Some(errno) = error.raw_os_error() {
        // SAFETY: __errno_location returns this thread's errno slot.
        unsafe { *libc::__errno_location() = errno };
    }
}

/// The C library's message for an errno value, as perror and strerror print it.
pub fn strerror(error: &io::Error) -> CString {
    let errno = error.raw_os_error().unwrap_or(libc::EIO);
    let mut buf = [0 as c_char; 256];
    // SAFETY: `buf` has room for `buf.len()` bytes; the XSI strerror_r
    // always NUL-terminates what it writes.
    let ok = unsafe { libc::strerror_r(errno, buf.as_mut_ptr(), buf.len()) } == 0;
    if !ok {
        return CString::new(format!("Unknown error {errno}")).unwrap_or_default();
    }
    // SAFETY: strerror_r succeeded, so `buf` holds a NUL-terminated string.
    unsafe { CStr::from_ptr(buf.as_ptr()) }.to_owned()
}

/// Calls errexit(format, args...) with errno set to `error`'s; -1 if it returns.
pub fn errexit(format: &CStr, args: &[&CStr], error: Option<&io::Error>) -> i32 {
    if let Some(error) = error {
        set_errno(error);
    }
    let format = format.as_ptr();
    // SAFETY: each format takes exactly as many %s as `args` has
    // NUL-terminated strings (callers pass literals written for them).
    unsafe {
        match args {
            [] => ffi::errexit(format),
            [a] => ffi::errexit(format, a.as_ptr()),
            [a, b] => ffi::errexit(format, a.as_ptr(), b.as_ptr()),
            [a, b, c, ..] => ffi::errexit(format, a.as_ptr(), b.as_ptr(), c.as_ptr()),
        }
    };
    -1
}

/// Calls DieWithError(message) with errno set to `error`'s; -1 if it returns.
pub fn die_with_error(message: &CStr, error: &io::Error) -> i32 {
    // A writable copy: DieWithError takes `char *`, and a program's own
    // version may legally write to it.
    let mut text: Vec<c_char> = message
        .to_bytes_with_nul()
        .iter()
        .map(|&b| b as c_char)
        .collect();
    set_errno(error);
    // SAFETY: `text` is a NUL-terminated, writable string.
    unsafe { ffi::DieWithError(text.as_mut_ptr()) };
    -1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strerror_uses_the_c_library_wording() {
        let refused = io::Error::from_raw_os_error(libc::ECONNREFUSED);
        assert_eq!(strerror(&refused).to_str().unwrap(), "Connection refused");
        assert!(!strerror(&refused).to_str().unwrap().contains("os error"));
    }

    #[test]
    fn set_errno_restores_the_failed_calls_errno() {
        set_errno(&io::Error::from_raw_os_error(libc::EADDRINUSE));
        assert_eq!(
            io::Error::last_os_error().raw_os_error(),
            Some(libc::EADDRINUSE)
        );
    }
}
