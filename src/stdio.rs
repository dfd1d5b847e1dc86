//! Output through the C library's own stdio streams: the same `FILE`
//! objects the program's printf uses, so buffering and interleaving with the
//! program's output are what they were with the textbook helpers (SPEC §2.1).

use std::ffi::{CStr, CString};

unsafe extern "C" {
    /// The C library's stdout stream, the one the program's printf uses.
    static mut stdout: *mut libc::FILE;
    /// The C library's stderr stream.
    static mut stderr: *mut libc::FILE;
}

/// The C library's `stdout`.
pub fn c_stdout() -> *mut libc::FILE {
    // SAFETY: `stdout` is the C library's stream pointer, read by value.
    unsafe { std::ptr::read(&raw const stdout) }
}

/// The C library's `stderr`.
pub fn c_stderr() -> *mut libc::FILE {
    // SAFETY: `stderr` is the C library's stream pointer, read by value.
    unsafe { std::ptr::read(&raw const stderr) }
}

/// Writes `text` on `stream` with fputs (buffered as the stream is).
///
/// # Safety
/// `stream` is a valid, open C `FILE`.
pub unsafe fn put(text: &CStr, stream: *mut libc::FILE) {
    // SAFETY: `text` is NUL-terminated; the caller vouches for `stream`.
    unsafe { libc::fputs(text.as_ptr(), stream) };
}

/// Prints `line` and a newline on the C library's stderr (unbuffered), so
/// sockshim's own lines interleave correctly with the program's and with
/// the textbook messages.
pub fn print_stderr(line: &str) {
    let text = CString::new(format!("{line}\n")).unwrap_or_default();
    // SAFETY: the C library's stderr is always a valid stream.
    unsafe { put(&text, c_stderr()) };
}

/// Prints `text` on the C library's stdout, buffered as the program's own
/// output is (no flush).
pub fn print_stdout(text: &CStr) {
    // SAFETY: the C library's stdout is always a valid stream.
    unsafe { put(text, c_stdout()) };
}

/// Flushes the C library's stdout.
pub fn flush_stdout() {
    // SAFETY: the C library's stdout is always a valid stream.
    unsafe { libc::fflush(c_stdout()) };
}
