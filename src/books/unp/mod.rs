//! Stevens, Fenner & Rudoff, UNIX Network Programming vol. 1 (3rd ed.): the
//! book's library (`libunp.a`) behind `unp.h` and `unpthread.h`, every name
//! bound to `sockshim_unp_<name>` (include/sockshim/unp/).
//!
//! - [`wrap`]:   the socket, Unix, stdio and inet wrappers (`Socket` ... `Fputs`);
//! - [`names`]:  tcp_connect, tcp_listen, udp_client, udp_connect, udp_server,
//!   host_serv, over [`crate::lookup`] and [`crate::endpoint`];
//! - [`sock`]:   sock_ntop and the other socket-address helpers;
//! - [`io`]:     readn, writen, readline, read_fd, write_fd;
//! - [`echo`]:   str_cli, str_echo, dg_cli, dg_echo;
//! - [`signals`]: Signal, signal_intr;
//! - [`misc`]:   connect_nonb, connect_timeo, the *_timeo helpers, the
//!   daemons, gf_time, tv_sub, my_addrs, in_cksum.
//!
//! In C (src/c/unp.c): the five variadic `err_*` functions, the weak global
//! `daemon_proc`, and the `Pthread_*` wrappers of unpthread.h (cancellation
//! points such as pthread_cond_wait must not unwind through Rust frames).
//!
//! Faithful by default (facts §1.6): every failure goes through the
//! program's (or our) `err_sys`/`err_quit` with the book's format string and
//! errno as the failed call left it; the quirks stay (Accept retries only
//! ECONNABORTED and EPROTO, Select dies on EINTR, Listen reads $LISTENQ,
//! Write/Writen raise SIGPIPE, Signal does not restart after SIGALRM,
//! sock_cmp_port's inverted sense).  Invisibly better: readline keeps no
//! hidden buffer, the "static" results are per thread, the name helpers use
//! the shared lookup (built-in services, port base, loopback-only hosts,
//! trace and explain).
//!
//! Every function is [`overridable!`](super::overridable): the library's own
//! calls to another book function go through its symbol (e.g. str_cli calls
//! `sockshim_unp_Readline`), so a program's own definition is reached.

pub mod echo;
pub mod io;
pub mod misc;
pub mod names;
pub mod signals;
pub mod sock;
pub mod wrap;

use crate::ffi;
use std::ffi::{CStr, c_char, c_int};

// Defined in C (src/c/unp.c), weak, so a program's own error.c wins.
unsafe extern "C" {
    /// err_sys(fmt, ...): the message, ": ", strerror(errno); exit(1).
    pub fn sockshim_unp_err_sys(fmt: *const c_char, ...);
    /// err_quit(fmt, ...): the message; exit(1).
    pub fn sockshim_unp_err_quit(fmt: *const c_char, ...);
    /// err_msg(fmt, ...): the message; returns.
    pub fn sockshim_unp_err_msg(fmt: *const c_char, ...);
    /// Non-zero once daemon_init or daemon_inetd ran (syslog instead of stderr).
    static mut sockshim_unp_daemon_proc: c_int;
}

/// Sets the (program's or our) daemon_proc.
fn set_daemon_proc(value: c_int) {
    // SAFETY: a plain int global; a volatile write reaches whichever module
    // defines it, as the program's own reads expect.
    unsafe { std::ptr::write_volatile(&raw mut sockshim_unp_daemon_proc, value) };
}

/// Which error function reports a failure.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Report {
    /// err_sys: with the errno text, exit(1).
    Sys,
    /// err_quit: without it, exit(1).
    Quit,
    /// err_msg: without it, returns.
    Msg,
}

/// Calls the program's (or our) error function `how` with the book's
/// format and its `%s` arguments, errno set to `errno` first (err_sys
/// appends its text).  Returns if a program's own handler returns.
fn report(how: Report, errno: c_int, fmt: &CStr, args: &[&CStr]) {
    crate::error::set_errno_value(errno);
    let f = match how {
        Report::Sys => sockshim_unp_err_sys,
        Report::Quit => sockshim_unp_err_quit,
        Report::Msg => sockshim_unp_err_msg,
    };
    let fmt = fmt.as_ptr();
    // SAFETY: each format has exactly as many %s as `args` has
    // NUL-terminated strings (callers pass literals written for them).
    unsafe {
        match args {
            [] => f(fmt),
            [a] => f(fmt, a.as_ptr()),
            [a, b] => f(fmt, a.as_ptr(), b.as_ptr()),
            [a, b, c, ..] => f(fmt, a.as_ptr(), b.as_ptr(), c.as_ptr()),
        }
    }
}

/// err_sys(fmt, args...) with errno as the failed call left it.
fn sys(errno: c_int, fmt: &CStr, args: &[&CStr]) {
    report(Report::Sys, errno, fmt, args);
}

/// err_sys(`message`) for the wrapper whose call just failed: the errno of
/// that call, read before anything else runs.
fn sys_now(message: &CStr) {
    sys(crate::error::errno(), message, &[]);
}

/// err_quit(fmt, args...).
fn quit(fmt: &CStr, args: &[&CStr]) {
    report(Report::Quit, 0, fmt, args);
}

/// Runs an entry point's body; a panic (a sockshim bug) ends the book's
/// way, err_quit("sockshim: internal error in <entry>"), exit status 1.
fn guard<T>(entry: &CStr, fallback: T, body: impl FnOnce() -> T) -> T {
    ffi::guard_or(body, || {
        quit(c"sockshim: internal error in %s", &[entry]);
        fallback
    })
}

/// The book's MAXLINE.
const MAXLINE: usize = 4096;

/// The book's LISTENQ, the backlog of tcp_listen (before $LISTENQ).
const LISTENQ: c_int = 1024;
