//! Signals (lib/signal.c, signal_intr.c).  The book's library replaced the
//! C library's signal() for the whole program; sockshim does not (it never
//! exports a C library name): its own `signal` is private and reached only
//! through Signal.  Handlers get an empty mask and SA_RESTART for every
//! signal but SIGALRM, so that an alarm interrupts a blocking call, as the
//! book's timeout programs need; signal_intr never restarts.

use super::{guard, sys_now};
use crate::books::overridable;
use std::ffi::c_int;

/// The historical "interrupt" flag the book sets where it exists (glibc
/// defines it; the kernel ignores it).
const SA_INTERRUPT: c_int = 0x2000_0000;

/// sigaction with an empty mask; returns the old handler, or SIG_ERR.
fn install(signo: c_int, func: libc::sighandler_t, restart: bool) -> libc::sighandler_t {
    // SAFETY: all-zero bytes are a valid sigaction; sigemptyset and
    // sigaction get valid pointers.
    unsafe {
        let mut act: libc::sigaction = std::mem::zeroed();
        let mut old: libc::sigaction = std::mem::zeroed();
        act.sa_sigaction = func;
        libc::sigemptyset(&mut act.sa_mask);
        act.sa_flags = if restart {
            libc::SA_RESTART
        } else {
            SA_INTERRUPT
        };
        if libc::sigaction(signo, &act, &mut old) < 0 {
            return libc::SIG_ERR;
        }
        old.sa_sigaction
    }
}

/// The book's signal(): SA_RESTART except for SIGALRM.
fn book_signal(signo: c_int, func: libc::sighandler_t) -> libc::sighandler_t {
    install(signo, func, signo != libc::SIGALRM)
}

overridable! {
    /// The book's signal() (restarting every signal but SIGALRM); SIG_ERR
    /// is "signal error".
    fn sockshim_unp_Signal(signo: c_int, func: libc::sighandler_t) -> libc::sighandler_t {
        guard(c"Signal", libc::SIG_ERR, || {
            let old = book_signal(signo, func);
            if old == libc::SIG_ERR {
                sys_now(c"signal error");
            }
            old
        })
    }
}

overridable! {
    /// Installs `func` without SA_RESTART: the signal interrupts blocking
    /// calls.  Returns the old handler or SIG_ERR.
    fn sockshim_unp_signal_intr(signo: c_int, func: libc::sighandler_t) -> libc::sighandler_t {
        guard(c"signal_intr", libc::SIG_ERR, || install(signo, func, false))
    }
}

overridable! {
    /// signal_intr; SIG_ERR is "signal_intr error".
    fn sockshim_unp_Signal_intr(signo: c_int, func: libc::sighandler_t) -> libc::sighandler_t {
        guard(c"Signal_intr", libc::SIG_ERR, || {
            // SAFETY: the arguments pass through unchanged.
            let old = unsafe { sockshim_unp_signal_intr(signo, func) };
            if old == libc::SIG_ERR {
                sys_now(c"signal_intr error");
            }
            old
        })
    }
}
