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

/// Output to a C stream gathered on the stack and handed to fwrite in one
/// piece (more when it is long), buffered as the stream is: no allocation
/// and, for text and numbers, no formatting machinery.
pub struct Writer {
    stream: *mut libc::FILE,
    buf: [u8; 128],
    len: usize,
}

impl Writer {
    /// A writer to `stream`; [`Writer::finish`] writes what is gathered.
    ///
    /// # Safety
    /// `stream` is a valid, open C `FILE` while the writer is used.
    pub unsafe fn new(stream: *mut libc::FILE) -> Writer {
        Writer {
            stream,
            buf: [0; 128],
            len: 0,
        }
    }

    /// Adds `text`.
    pub fn text(&mut self, text: &str) -> &mut Writer {
        for &byte in text.as_bytes() {
            if self.len == self.buf.len() {
                self.flush();
            }
            self.buf[self.len] = byte;
            self.len += 1;
        }
        self
    }

    /// Adds `n` in decimal.
    pub fn decimal(&mut self, n: u32) -> &mut Writer {
        let mut digits = [0; 10];
        self.text(decimal(n, &mut digits))
    }

    /// Writes what is gathered.
    pub fn finish(mut self) {
        self.flush();
    }

    fn flush(&mut self) {
        if self.len > 0 {
            // SAFETY: the first `len` bytes of `buf` are initialised; `new`'s
            // caller vouches for `stream`.
            unsafe { libc::fwrite(self.buf.as_ptr().cast(), 1, self.len, self.stream) };
        }
        self.len = 0;
    }
}

impl std::fmt::Write for Writer {
    fn write_str(&mut self, text: &str) -> std::fmt::Result {
        self.text(text);
        Ok(())
    }
}

/// `n` in decimal, written into `digits`.
pub fn decimal(mut n: u32, digits: &mut [u8; 10]) -> &str {
    let mut start = digits.len();
    loop {
        start -= 1;
        digits[start] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    std::str::from_utf8(&digits[start..]).unwrap_or("")
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

#[cfg(test)]
mod tests {
    #[test]
    fn decimals() {
        let mut digits = [0; 10];
        for n in [0, 7, 10, 65535, u32::MAX] {
            assert_eq!(super::decimal(n, &mut digits), n.to_string());
        }
    }
}
