//! CS:APP's thread and semaphore wrappers.  The pthread functions return an
//! error number, which goes to posix_error("Pthread_<x> error"); the
//! semaphore functions set errno, which goes to unix_error.  `Pthread_once`
//! ignores errors, as the book's does.  `P` waits on when a signal handler
//! interrupts sem_wait (which never restarts), where the book's exited.
//! `Pthread_exit` is in src/c/csapp.c.

use super::{fail, guard, overridable, posix_error, unix_error};
use crate::error;
use std::ffi::{c_int, c_uint, c_void};

/// Pthread_exit, defined in C (src/c/csapp.c): nothing in Rust calls it, so
/// this reference is what makes the linker take it into libsockshim.so.
/// The declaration sits inside the initialiser so that cbindgen leaves it
/// out of sockshim.h.
#[used]
static KEEP_PTHREAD_EXIT: unsafe extern "C" fn(*mut c_void) = {
    unsafe extern "C" {
        fn sockshim_csapp_Pthread_exit(retval: *mut c_void);
    }
    sockshim_csapp_Pthread_exit
};

/// A thread's start routine, as the program passes it.
type StartRoutine = extern "C" fn(*mut c_void) -> *mut c_void;

overridable! {
    /// pthread_create(3); "Pthread_create error".
    fn sockshim_csapp_Pthread_create(
        tid: *mut libc::pthread_t,
        attr: *mut libc::pthread_attr_t,
        start: Option<StartRoutine>,
        arg: *mut c_void,
    ) {
        guard(c"Pthread_create", (), || {
            let Some(start) = start.filter(|_| !tid.is_null()) else {
                posix_error(libc::EINVAL, c"Pthread_create error");
                return;
            };
            // SAFETY: `tid` points at a pthread_t, `attr` is NULL or the
            // program's attributes, `start` a routine taking `arg`.
            let rc = unsafe { libc::pthread_create(tid, attr, start, arg) };
            if rc != 0 {
                posix_error(rc, c"Pthread_create error");
            }
        })
    }
}

overridable! {
    /// pthread_join(3); "Pthread_join error".
    fn sockshim_csapp_Pthread_join(tid: libc::pthread_t, retval: *mut *mut c_void) {
        guard(c"Pthread_join", (), || {
            // SAFETY: `retval` is NULL or points at a pointer.
            let rc = unsafe { libc::pthread_join(tid, retval) };
            if rc != 0 {
                posix_error(rc, c"Pthread_join error");
            }
        })
    }
}

overridable! {
    /// pthread_cancel(3); "Pthread_cancel error".
    fn sockshim_csapp_Pthread_cancel(tid: libc::pthread_t) {
        guard(c"Pthread_cancel", (), || {
            // SAFETY: pthread_cancel takes a thread id.
            let rc = unsafe { libc::pthread_cancel(tid) };
            if rc != 0 {
                posix_error(rc, c"Pthread_cancel error");
            }
        })
    }
}

overridable! {
    /// pthread_detach(3); "Pthread_detach error".
    fn sockshim_csapp_Pthread_detach(tid: libc::pthread_t) {
        guard(c"Pthread_detach", (), || {
            // SAFETY: pthread_detach takes a thread id.
            let rc = unsafe { libc::pthread_detach(tid) };
            if rc != 0 {
                posix_error(rc, c"Pthread_detach error");
            }
        })
    }
}

overridable! {
    /// pthread_self(3).
    fn sockshim_csapp_Pthread_self() -> libc::pthread_t {
        // SAFETY: pthread_self takes nothing.
        guard(c"Pthread_self", 0, || unsafe { libc::pthread_self() })
    }
}

overridable! {
    /// pthread_once(3), errors ignored (nothing happens for NULL).
    fn sockshim_csapp_Pthread_once(once: *mut libc::pthread_once_t, init: Option<extern "C" fn()>) {
        guard(c"Pthread_once", (), || {
            if let (false, Some(init)) = (once.is_null(), init) {
                // SAFETY: `once` is the program's control variable.
                unsafe { libc::pthread_once(once, init) };
            }
        })
    }
}

overridable! {
    /// sem_init(3); "Sem_init error".
    fn sockshim_csapp_Sem_init(sem: *mut libc::sem_t, pshared: c_int, value: c_uint) {
        guard(c"Sem_init", (), || {
            if sem.is_null() {
                unix_error(c"Sem_init error", libc::EINVAL);
                return;
            }
            // SAFETY: the program's semaphore.
            if unsafe { libc::sem_init(sem, pshared, value) } < 0 {
                fail(c"Sem_init error");
            }
        })
    }
}

overridable! {
    /// sem_wait(3), again after a signal handler interrupted it; "P error".
    fn sockshim_csapp_P(sem: *mut libc::sem_t) {
        guard(c"P", (), || {
            if sem.is_null() {
                unix_error(c"P error", libc::EINVAL);
                return;
            }
            // SAFETY: the program's initialised semaphore.
            while unsafe { libc::sem_wait(sem) } < 0 {
                if error::errno() != libc::EINTR {
                    fail(c"P error");
                    return;
                }
            }
        })
    }
}

overridable! {
    /// sem_post(3); "V error".
    fn sockshim_csapp_V(sem: *mut libc::sem_t) {
        guard(c"V", (), || {
            if sem.is_null() {
                unix_error(c"V error", libc::EINVAL);
                return;
            }
            // SAFETY: the program's initialised semaphore.
            if unsafe { libc::sem_post(sem) } < 0 {
                fail(c"V error");
            }
        })
    }
}
