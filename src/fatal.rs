//! The textbooks' failure paths: errno restored, then the program's (or our)
//! `errexit` or `DieWithError`, which print through the C library's stdio
//! and exit(1).  If a program's own handler returns, so does the entry point,
//! with -1, as the program then evidently wants to go on.

use crate::endpoint::{Failure, Step};
use crate::ffi;
use std::ffi::{CStr, CString, c_char};
use std::io;
use std::sync::{Mutex, Once};

/// SOCKSHIM_EXPLAIN hints waiting to be printed after the textbook line.
static PENDING_HINTS: Mutex<Vec<String>> = Mutex::new(Vec::new());
static PRINT_HINTS_AT_EXIT: Once = Once::new();

/// Prints and forgets the pending hints.
fn print_pending_hints() {
    let hints = std::mem::take(&mut *PENDING_HINTS.lock().unwrap_or_else(|e| e.into_inner()));
    for line in hints {
        ffi::print_stderr(&line);
    }
}

extern "C" fn print_pending_hints_at_exit() {
    let _ = std::panic::catch_unwind(print_pending_hints);
}

/// Keeps `hints` to be printed when errexit/DieWithError exits (so they come
/// after the textbook line, whoever's handler prints it), or right after the
/// handler if it returns.  The exit hook is registered only the first time
/// there is a hint, so programs without SOCKSHIM_EXPLAIN get none.
fn stage_hints(hints: Vec<String>) {
    if hints.is_empty() {
        return;
    }
    PRINT_HINTS_AT_EXIT.call_once(|| {
        // SAFETY: the handler is an extern "C" fn that never unwinds.
        unsafe { libc::atexit(print_pending_hints_at_exit) };
    });
    *PENDING_HINTS.lock().unwrap_or_else(|e| e.into_inner()) = hints;
}

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

/// A Comer & Stevens failure message: the errexit format and its %s
/// arguments, exactly as the textbook helpers printed them.
pub fn comer_message(
    failure: &Failure,
    host: &CStr,
    service: &CStr,
    transport: &CStr,
) -> (&'static CStr, Vec<CString>) {
    let owned = |texts: &[&CStr]| texts.iter().map(|t| (*t).to_owned()).collect();
    match failure {
        Failure::Service => (c"can't get \"%s\" service entry\n", owned(&[service])),
        Failure::Host => (c"can't get \"%s\" host entry\n", owned(&[host])),
        Failure::Protocol => (c"can't get \"%s\" protocol entry\n", owned(&[transport])),
        Failure::Call(call) => {
            let reason = strerror(&call.error);
            match call.step {
                Step::Socket => (c"can't create socket: %s\n", owned(&[&reason])),
                Step::Connect => (
                    c"can't connect to %s.%s: %s\n",
                    owned(&[host, service, &reason]),
                ),
                Step::Bind => (c"can't bind to %s port: %s\n", owned(&[service, &reason])),
                Step::Listen => (c"can't listen on %s port: %s\n", owned(&[service, &reason])),
            }
        }
    }
}

/// A message as errexit would print it, without the final newline.
pub fn render((format, args): &(&CStr, Vec<CString>)) -> String {
    let mut text = String::new();
    let mut args = args.iter();
    for (i, piece) in format.to_string_lossy().split("%s").enumerate() {
        if i > 0 {
            text.push_str(&args.next().map(|a| a.to_string_lossy()).unwrap_or_default());
        }
        text.push_str(piece);
    }
    text.trim_end_matches('\n').to_string()
}

/// Calls errexit(format, args...) with errno set to `error`'s, followed by
/// `hints` (SOCKSHIM_EXPLAIN); -1 if it returns.
pub fn errexit(
    format: &CStr,
    args: &[CString],
    error: Option<&io::Error>,
    hints: Vec<String>,
) -> i32 {
    stage_hints(hints);
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
    print_pending_hints();
    -1
}

/// Calls DieWithError(message) with errno set to `error`'s, followed by
/// `hints` (SOCKSHIM_EXPLAIN); -1 if it returns.
pub fn die_with_error(message: &CStr, error: &io::Error, hints: Vec<String>) -> i32 {
    stage_hints(hints);
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
    print_pending_hints();
    -1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_render_as_errexit_prints_them() {
        let refused = Failure::Call(crate::endpoint::StepError {
            step: Step::Connect,
            error: io::Error::from_raw_os_error(libc::ECONNREFUSED),
            addr: None,
        });
        let message = comer_message(&refused, c"localhost", c"daytime", c"tcp");
        assert_eq!(
            render(&message),
            "can't connect to localhost.daytime: Connection refused"
        );
        let message = comer_message(&Failure::Service, c"h", c"50%s", c"tcp");
        assert_eq!(render(&message), "can't get \"50%s\" service entry");
        let message = comer_message(&refused, c"%s", c"%s", c"tcp");
        assert_eq!(
            render(&message),
            "can't connect to %s.%s: Connection refused"
        );
    }

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
