//! CS:APP's process control, signal and sio (async-signal-safe output)
//! functions.  Each wrapper calls the system function and, when it fails,
//! unix_error("<Name> error"); `Signal` installs with an empty mask and
//! SA_RESTART for every signal, as the book's does.  The sio functions
//! allocate nothing and take no lock: they run inside signal handlers.

use super::{fail, guard, overridable};
use crate::error;
use std::ffi::{CStr, c_char, c_int, c_long, c_uint};

overridable! {
    /// fork(2); "Fork error".
    fn sockshim_csapp_Fork() -> libc::pid_t {
        guard(c"Fork", -1, || {
            // SAFETY: fork(2) takes no arguments.
            let pid = unsafe { libc::fork() };
            if pid < 0 {
                fail(c"Fork error");
            }
            pid
        })
    }
}

overridable! {
    /// execve(2); returns only on failure, after "Execve error".
    fn sockshim_csapp_Execve(filename: *const c_char, argv: *const *const c_char, envp: *const *const c_char) {
        guard(c"Execve", (), || {
            // SAFETY: the program passes a path and NULL-terminated vectors,
            // as for execve(2); the kernel checks the pointers.
            if unsafe { libc::execve(filename, argv, envp) } < 0 {
                fail(c"Execve error");
            }
        })
    }
}

overridable! {
    /// wait(2); "Wait error".
    fn sockshim_csapp_Wait(status: *mut c_int) -> libc::pid_t {
        guard(c"Wait", -1, || {
            // SAFETY: `status` is NULL or points at an int (checked by the kernel).
            let pid = unsafe { libc::wait(status) };
            if pid < 0 {
                fail(c"Wait error");
            }
            pid
        })
    }
}

overridable! {
    /// waitpid(2); "Waitpid error".
    fn sockshim_csapp_Waitpid(pid: libc::pid_t, status: *mut c_int, options: c_int) -> libc::pid_t {
        guard(c"Waitpid", -1, || {
            // SAFETY: `status` is NULL or points at an int (checked by the kernel).
            let got = unsafe { libc::waitpid(pid, status, options) };
            if got < 0 {
                fail(c"Waitpid error");
            }
            got
        })
    }
}

overridable! {
    /// kill(2); "Kill error".
    fn sockshim_csapp_Kill(pid: libc::pid_t, sig: c_int) {
        guard(c"Kill", (), || {
            // SAFETY: kill(2) takes no pointers.
            if unsafe { libc::kill(pid, sig) } < 0 {
                fail(c"Kill error");
            }
        })
    }
}

overridable! {
    /// sleep(3): the seconds left (the book's error check can never fire).
    fn sockshim_csapp_Sleep(secs: c_uint) -> c_uint {
        // SAFETY: sleep(3) takes no pointers.
        guard(c"Sleep", 0, || unsafe { libc::sleep(secs) })
    }
}

overridable! {
    /// pause(2), result ignored.
    fn sockshim_csapp_Pause() {
        // SAFETY: pause(2) takes no arguments.
        guard(c"Pause", (), || unsafe {
            libc::pause();
        })
    }
}

overridable! {
    /// alarm(2): the seconds left of the previous alarm.
    fn sockshim_csapp_Alarm(secs: c_uint) -> c_uint {
        // SAFETY: alarm(2) takes no pointers.
        guard(c"Alarm", 0, || unsafe { libc::alarm(secs) })
    }
}

overridable! {
    /// setpgid(2); "Setpgid error".
    fn sockshim_csapp_Setpgid(pid: libc::pid_t, pgid: libc::pid_t) {
        guard(c"Setpgid", (), || {
            // SAFETY: setpgid(2) takes no pointers.
            if unsafe { libc::setpgid(pid, pgid) } < 0 {
                fail(c"Setpgid error");
            }
        })
    }
}

overridable! {
    /// getpgrp(2).
    fn sockshim_csapp_Getpgrp() -> libc::pid_t {
        // SAFETY: getpgrp(2) takes no arguments.
        guard(c"Getpgrp", -1, || unsafe { libc::getpgrp() })
    }
}

overridable! {
    /// Installs `handler` for `signum` with sigaction(2), an empty mask and
    /// SA_RESTART (every signal, SIGALRM included); returns the previous
    /// handler.  "Signal error".
    fn sockshim_csapp_Signal(signum: c_int, handler: libc::sighandler_t) -> libc::sighandler_t {
        guard(c"Signal", libc::SIG_ERR, || {
            // SAFETY: all-zero bytes are a valid sigaction; sigemptyset
            // writes the mask it is given.
            let mut action: libc::sigaction = unsafe { std::mem::zeroed() };
            action.sa_sigaction = handler;
            action.sa_flags = libc::SA_RESTART;
            // SAFETY: the mask is part of `action`.
            unsafe { libc::sigemptyset(&mut action.sa_mask) };
            // SAFETY: as above, for the previous action.
            let mut old: libc::sigaction = unsafe { std::mem::zeroed() };
            // SAFETY: both structures are valid; the kernel checks `signum`.
            if unsafe { libc::sigaction(signum, &action, &mut old) } < 0 {
                fail(c"Signal error");
            }
            old.sa_sigaction
        })
    }
}

overridable! {
    /// sigprocmask(2); "Sigprocmask error".
    fn sockshim_csapp_Sigprocmask(how: c_int, set: *const libc::sigset_t, oldset: *mut libc::sigset_t) {
        guard(c"Sigprocmask", (), || {
            // SAFETY: the sets are NULL or valid, as for sigprocmask(2).
            if unsafe { libc::sigprocmask(how, set, oldset) } < 0 {
                fail(c"Sigprocmask error");
            }
        })
    }
}

overridable! {
    /// sigemptyset(3); "Sigemptyset error" (glibc rejects NULL with EINVAL).
    fn sockshim_csapp_Sigemptyset(set: *mut libc::sigset_t) {
        guard(c"Sigemptyset", (), || {
            // SAFETY: glibc checks for NULL; otherwise the program's set.
            if unsafe { libc::sigemptyset(set) } < 0 {
                fail(c"Sigemptyset error");
            }
        })
    }
}

overridable! {
    /// sigfillset(3); "Sigfillset error".
    fn sockshim_csapp_Sigfillset(set: *mut libc::sigset_t) {
        guard(c"Sigfillset", (), || {
            // SAFETY: glibc checks for NULL; otherwise the program's set.
            if unsafe { libc::sigfillset(set) } < 0 {
                fail(c"Sigfillset error");
            }
        })
    }
}

overridable! {
    /// sigaddset(3); "Sigaddset error".
    fn sockshim_csapp_Sigaddset(set: *mut libc::sigset_t, signum: c_int) {
        guard(c"Sigaddset", (), || {
            // SAFETY: glibc checks for NULL and the signal number.
            if unsafe { libc::sigaddset(set, signum) } < 0 {
                fail(c"Sigaddset error");
            }
        })
    }
}

overridable! {
    /// sigdelset(3); "Sigdelset error".
    fn sockshim_csapp_Sigdelset(set: *mut libc::sigset_t, signum: c_int) {
        guard(c"Sigdelset", (), || {
            // SAFETY: glibc checks for NULL and the signal number.
            if unsafe { libc::sigdelset(set, signum) } < 0 {
                fail(c"Sigdelset error");
            }
        })
    }
}

overridable! {
    /// sigismember(3): 1 or 0; "Sigismember error".
    fn sockshim_csapp_Sigismember(set: *const libc::sigset_t, signum: c_int) -> c_int {
        guard(c"Sigismember", -1, || {
            // SAFETY: glibc checks for NULL and the signal number.
            let member = unsafe { libc::sigismember(set, signum) };
            if member < 0 {
                fail(c"Sigismember error");
            }
            member
        })
    }
}

overridable! {
    /// sigsuspend(2): -1; fatal ("Sigsuspend error") only when errno is not
    /// EINTR.
    fn sockshim_csapp_Sigsuspend(set: *const libc::sigset_t) -> c_int {
        guard(c"Sigsuspend", -1, || {
            // SAFETY: the kernel checks the pointer (NULL gives EFAULT).
            let rc = unsafe { libc::sigsuspend(set) };
            if error::errno() != libc::EINTR {
                fail(c"Sigsuspend error");
            }
            rc
        })
    }
}

/// The length of a NUL-terminated string (strlen is async-signal-safe).
///
/// # Safety
/// `s` is NULL or NUL-terminated.
unsafe fn length(s: *const c_char) -> usize {
    if s.is_null() {
        0
    } else {
        // SAFETY: the caller vouches for the terminator.
        unsafe { libc::strlen(s) }
    }
}

/// `v` in decimal, NUL-terminated, in `buf`; returns where the text starts.
/// Negative numbers (LONG_MIN included) get a minus sign.
fn decimal(v: c_long, buf: &mut [u8; 24]) -> usize {
    let mut at = buf.len() - 1;
    buf[at] = 0;
    let mut magnitude = v.unsigned_abs();
    loop {
        at -= 1;
        buf[at] = b'0' + (magnitude % 10) as u8;
        magnitude /= 10;
        if magnitude == 0 {
            break;
        }
    }
    if v < 0 {
        at -= 1;
        buf[at] = b'-';
    }
    at
}

/// sio_error's message as a writable, NUL-terminated stack copy (no
/// allocation in a signal handler).
fn sio_fail(text: &CStr) {
    let mut copy = [0 as c_char; 32];
    for (slot, &byte) in copy.iter_mut().zip(text.to_bytes()) {
        *slot = byte as c_char;
    }
    // SAFETY: `copy` is NUL-terminated (the messages are shorter than it).
    unsafe { sockshim_csapp_sio_error(copy.as_mut_ptr()) };
}

overridable! {
    /// write(1, s, strlen(s)): the count written, or -1.
    fn sockshim_csapp_sio_puts(s: *mut c_char) -> libc::ssize_t {
        guard(c"sio_puts", -1, || {
            // SAFETY: `s` is NULL (nothing written) or NUL-terminated.
            let len = unsafe { length(s) };
            // SAFETY: `s` has `len` readable bytes.
            unsafe { libc::write(1, s.cast(), len) }
        })
    }
}

overridable! {
    /// `v` in decimal on stdout (write(2)): the count written, or -1.
    fn sockshim_csapp_sio_putl(v: c_long) -> libc::ssize_t {
        guard(c"sio_putl", -1, || {
            let mut buf = [0u8; 24];
            let start = decimal(v, &mut buf);
            // SAFETY: the text from `start` is NUL-terminated and writable.
            unsafe { sockshim_csapp_sio_puts(buf[start..].as_mut_ptr().cast()) }
        })
    }
}

overridable! {
    /// sio_puts(s), then _exit(1).
    fn sockshim_csapp_sio_error(s: *mut c_char) {
        guard(c"sio_error", (), || {
            // SAFETY: `s` is passed on as the program gave it.
            unsafe { sockshim_csapp_sio_puts(s) };
        });
        // SAFETY: _exit(2) never returns.
        unsafe { libc::_exit(1) }
    }
}

overridable! {
    /// sio_puts(s); sio_error("Sio_puts error") when it fails.
    fn sockshim_csapp_Sio_puts(s: *mut c_char) -> libc::ssize_t {
        guard(c"Sio_puts", -1, || {
            // SAFETY: `s` is passed on as the program gave it.
            let n = unsafe { sockshim_csapp_sio_puts(s) };
            if n < 0 {
                sio_fail(c"Sio_puts error");
            }
            n
        })
    }
}

overridable! {
    /// sio_putl(v); sio_error("Sio_putl error") when it fails.
    fn sockshim_csapp_Sio_putl(v: c_long) -> libc::ssize_t {
        guard(c"Sio_putl", -1, || {
            // SAFETY: sio_putl takes a number.
            let n = unsafe { sockshim_csapp_sio_putl(v) };
            if n < 0 {
                sio_fail(c"Sio_putl error");
            }
            n
        })
    }
}

overridable! {
    /// sio_error(s).
    fn sockshim_csapp_Sio_error(s: *mut c_char) {
        // SAFETY: `s` is passed on as the program gave it.
        guard(c"Sio_error", (), || unsafe { sockshim_csapp_sio_error(s) })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(v: c_long) -> String {
        let mut buf = [0u8; 24];
        let start = decimal(v, &mut buf);
        CStr::from_bytes_until_nul(&buf[start..])
            .unwrap()
            .to_str()
            .unwrap()
            .to_owned()
    }

    #[test]
    fn decimal_handles_zero_negatives_and_the_extremes() {
        assert_eq!(text(0), "0");
        assert_eq!(text(7), "7");
        assert_eq!(text(-1234567890), "-1234567890");
        assert_eq!(text(c_long::MAX), c_long::MAX.to_string());
        assert_eq!(text(c_long::MIN), c_long::MIN.to_string());
    }
}
