//! Bryant & O'Hallaron, Computer Systems: A Programmer's Perspective: the 91
//! functions of the 3rd edition's `csapp.c`, bound to `sockshim_csapp_<name>`
//! (include/sockshim/csapp/csapp.h), and the 2nd edition's own seven
//! (`sockshim_csapp2_<name>`, chosen with `-DCSAPP_EDITION=2`).
//!
//! - [`mod@self`]  the error functions and the failure paths every wrapper takes;
//! - [`process`]  processes, signals, the async-signal-safe sio functions;
//! - [`io`]       Unix I/O, directories, memory mapping, memory, standard I/O;
//! - [`net`]      sockets, names and addresses, `open_clientfd`/`open_listenfd`;
//! - [`threads`]  threads and semaphores;
//! - [`rio`]      Rio, over the program's own `rio_t`.
//!
//! Faithful to the book: every wrapper calls its function and, when it
//! fails, the error function the book's calls, which prints one line on
//! stderr (stdout not flushed first) and exits with status 0.  Every
//! function is [`overridable!`](super::overridable), and the library's own
//! calls go through the symbols, so a program's own `unix_error`,
//! `Rio_writen`, `rio_readlineb`, ... is used everywhere, and one that
//! returns (students' versions often do) makes the wrapper return the
//! failed call's value to the program.
//!
//! Invisibly better: `open_clientfd`/`open_listenfd` through
//! [`crate::lookup`] and [`crate::endpoint`] (loopback-only hosts, no
//! /etc/services, IPv4 first, SOCKSHIM_PORTBASE/TRACE/EXPLAIN); `P` waits
//! on after a signal; `Gethostbyname` is thread-safe.
//!
//! `Pthread_exit` is C (src/c/csapp.c): pthread_exit's forced unwinding must
//! not start in a Rust frame.

pub mod io;
pub mod net;
pub mod process;
pub mod rio;
pub mod threads;

use super::overridable;
use crate::error;
use crate::ffi;
use crate::stdio;
use std::ffi::{CStr, c_char, c_int};

/// Runs an entry point's body; a panic (a sockshim bug) ends in the book's
/// failure path, app_error("sockshim: internal error in <entry>").
fn guard<T>(entry: &CStr, fallback: T, body: impl FnOnce() -> T) -> T {
    ffi::guard_or(body, || {
        let mut text = b"sockshim: internal error in ".to_vec();
        text.extend_from_slice(entry.to_bytes());
        text.push(0);
        // SAFETY: `text` is a NUL-terminated, writable string.
        unsafe { sockshim_csapp_app_error(text.as_mut_ptr().cast()) };
        fallback
    })
}

/// A writable, NUL-terminated copy of a message (the error functions take
/// `char *`, and a program's own version may write to it).
fn writable(msg: &CStr) -> Vec<c_char> {
    crate::fatal::writable(msg)
}

/// The program's (or our) unix_error(msg), with errno set to `errno`.
fn unix_error(msg: &CStr, errno: c_int) {
    let mut text = writable(msg);
    error::set_errno_value(errno);
    // SAFETY: `text` is a NUL-terminated, writable string.
    unsafe { sockshim_csapp_unix_error(text.as_mut_ptr()) };
}

/// The program's (or our) unix_error(msg) for the call that just failed:
/// errno is still its value.
fn fail(msg: &CStr) {
    unix_error(msg, error::errno());
}

/// The program's (or our) posix_error(code, msg).
fn posix_error(code: c_int, msg: &CStr) {
    let mut text = writable(msg);
    // SAFETY: `text` is a NUL-terminated, writable string.
    unsafe { sockshim_csapp_posix_error(code, text.as_mut_ptr()) };
}

/// The program's (or our) gai_error(code, msg).
fn gai_error(code: c_int, msg: &CStr) {
    let mut text = writable(msg);
    // SAFETY: `text` is a NUL-terminated, writable string.
    unsafe { sockshim_csapp_gai_error(code, text.as_mut_ptr()) };
}

/// The program's (or our) app_error(msg).
fn app_error(msg: &CStr) {
    let mut text = writable(msg);
    // SAFETY: `text` is a NUL-terminated, writable string.
    unsafe { sockshim_csapp_app_error(text.as_mut_ptr()) };
}

/// The program's (or our) 3rd-edition dns_error(msg).
fn dns_error(msg: &CStr) {
    let mut text = writable(msg);
    // SAFETY: `text` is a NUL-terminated, writable string.
    unsafe { sockshim_csapp_dns_error(text.as_mut_ptr()) };
}

/// The program's (or our) 2nd-edition dns_error(msg).
fn dns_error2(msg: &CStr) {
    let mut text = writable(msg);
    // SAFETY: `text` is a NUL-terminated, writable string.
    unsafe { sockshim_csapp2_dns_error(text.as_mut_ptr()) };
}

/// This thread's h_errno (glibc keeps it per thread).
fn h_errno_slot() -> *mut c_int {
    // Declared here, not at module level, so that cbindgen leaves it out of
    // sockshim.h.
    unsafe extern "C" {
        fn __h_errno_location() -> *mut c_int;
    }
    // SAFETY: __h_errno_location takes nothing and returns this thread's slot.
    unsafe { __h_errno_location() }
}

fn h_errno() -> c_int {
    // SAFETY: the slot is this thread's, valid for its lifetime.
    unsafe { *h_errno_slot() }
}

fn set_h_errno(value: c_int) {
    // SAFETY: the slot is this thread's, valid for its lifetime.
    unsafe { *h_errno_slot() = value };
}

/// Prints `format` with up to two `%s`/`%d` arguments on the C library's
/// stderr, as the book's fprintf calls do (a NULL string prints "(null)").
///
/// # Safety
/// The format's conversions match the arguments.
unsafe fn eprint2(format: &CStr, a: *const c_char, b: *const c_char) {
    // SAFETY: the caller matches the conversions; stderr is valid.
    unsafe { libc::fprintf(stdio::c_stderr(), format.as_ptr(), a, b) };
}

overridable! {
    /// "<msg>: <strerror(errno)>" on stderr, then exit(0).
    fn sockshim_csapp_unix_error(msg: *mut c_char) {
        let errno = error::errno();
        ffi::guard_or(
            || {
                let reason = error::strerror_of(errno);
                // SAFETY: "%s: %s\n" takes two strings; `msg` is NULL or
                // NUL-terminated (printf prints NULL as "(null)").
                unsafe { eprint2(c"%s: %s\n", msg, reason.as_ptr()) };
            },
            || (),
        );
        // SAFETY: exit(3) flushes stdio, runs the exit handlers, never returns.
        unsafe { libc::exit(0) }
    }
}

overridable! {
    /// "<msg>: <strerror(code)>" on stderr, then exit(0).
    fn sockshim_csapp_posix_error(code: c_int, msg: *mut c_char) {
        ffi::guard_or(
            || {
                let reason = error::strerror_of(code);
                // SAFETY: two strings for "%s: %s\n".
                unsafe { eprint2(c"%s: %s\n", msg, reason.as_ptr()) };
            },
            || (),
        );
        // SAFETY: exit(3) never returns.
        unsafe { libc::exit(0) }
    }
}

overridable! {
    /// "<msg>: <gai_strerror(code)>" on stderr, then exit(0).
    fn sockshim_csapp_gai_error(code: c_int, msg: *mut c_char) {
        let reason = error::Eai::new(code).text();
        // SAFETY: two strings for "%s: %s\n"; exit(3) never returns.
        unsafe {
            eprint2(c"%s: %s\n", msg, reason.as_ptr());
            libc::exit(0)
        }
    }
}

overridable! {
    /// "<msg>" on stderr, then exit(0).
    fn sockshim_csapp_app_error(msg: *mut c_char) {
        // SAFETY: one string for "%s\n"; exit(3) never returns.
        unsafe {
            eprint2(c"%s\n", msg, std::ptr::null());
            libc::exit(0)
        }
    }
}

overridable! {
    /// 3rd edition: "<msg>" on stderr, then exit(0).
    fn sockshim_csapp_dns_error(msg: *mut c_char) {
        // SAFETY: one string for "%s\n"; exit(3) never returns.
        unsafe {
            eprint2(c"%s\n", msg, std::ptr::null());
            libc::exit(0)
        }
    }
}

overridable! {
    /// 2nd edition: "<msg>: DNS error <h_errno>" on stderr, then exit(0).
    fn sockshim_csapp2_dns_error(msg: *mut c_char) {
        let code = h_errno();
        // SAFETY: a string and an int for "%s: DNS error %d\n"; exit(3)
        // never returns.
        unsafe {
            libc::fprintf(stdio::c_stderr(), c"%s: DNS error %d\n".as_ptr(), msg, code);
            libc::exit(0)
        }
    }
}
