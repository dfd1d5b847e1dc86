//! The book's wrappers (lib/wrapsock.c, wrapunix.c, wrapstdio.c,
//! wraplib.c): each calls the function of the same name in lower case and,
//! when that fails, err_sys("<name> error") with the failed call's errno,
//! so the program prints "<name> error: <strerror>" and exits with the
//! status 1.  A program's own err_sys that returns gets the call's result
//! back, as with the book's library.  NULL arguments that would crash the
//! C library (a NULL FILE, a NULL string) fail with EINVAL instead.

use super::{Report, guard, report, sys, sys_now};
use crate::books::overridable;
use crate::error::{errno, set_errno_value};
use crate::ffi::CText;
use std::ffi::{CStr, c_char, c_int, c_long, c_uint, c_ulong, c_void};

unsafe extern "C" {
    // Not in the libc crate for this target.
    fn inet_pton(af: c_int, src: *const c_char, dst: *mut c_void) -> c_int;
    fn inet_ntop(
        af: c_int,
        src: *const c_void,
        dst: *mut c_char,
        size: libc::socklen_t,
    ) -> *const c_char;
    fn sockatmark(fd: c_int) -> c_int;
}

/// Runs a libc `call` for the entry point `entry`; when `failed` says its
/// result is a failure, err_sys(`message`) with the call's errno.
fn checked<T: Copy>(
    entry: &CStr,
    message: &CStr,
    fallback: T,
    failed: impl Fn(T) -> bool,
    call: impl FnOnce() -> T,
) -> T {
    guard(entry, fallback, || {
        let value = call();
        if failed(value) {
            sys_now(message);
        }
        value
    })
}

fn negative<T: Into<i64>>(value: T) -> bool {
    value.into() < 0
}

fn minus_one<T: Into<i64>>(value: T) -> bool {
    value.into() == -1
}

fn null<T>(value: *mut T) -> bool {
    value.is_null()
}

/// err_sys(`message`) with errno EINVAL, for a NULL the C library would
/// crash on; returns `value`.
fn invalid<T>(message: &CStr, value: T) -> T {
    sys(libc::EINVAL, message, &[]);
    value
}

// ---- sockets (wrapsock.c) ------------------------------------------------

overridable! {
    /// accept(2), retried when it fails with ECONNABORTED or EPROTO (a
    /// client that went away), and waiting for a descriptor when the
    /// process is out of them (socket::accept_waiting); any other failure,
    /// EINTR included, is fatal: "accept error".
    fn sockshim_unp_Accept(fd: c_int, sa: *mut libc::sockaddr, salenptr: *mut libc::socklen_t) -> c_int {
        guard(c"Accept", -1, || loop {
            // SAFETY: the caller passes NULL or an address buffer of
            // *salenptr bytes, as accept(2) takes them.
            let n = unsafe { crate::socket::accept_waiting(fd, sa, salenptr) };
            if n >= 0 {
                return n;
            }
            let e = errno();
            if e == libc::EPROTO || e == libc::ECONNABORTED {
                continue;
            }
            sys(e, c"accept error", &[]);
            return n;
        })
    }
}

overridable! {
    /// bind(2); "bind error".
    fn sockshim_unp_Bind(fd: c_int, sa: *const libc::sockaddr, salen: libc::socklen_t) {
        // SAFETY: the caller passes an address of `salen` bytes (the kernel
        // checks the pointer).
        checked(c"Bind", c"bind error", 0, negative, || unsafe { libc::bind(fd, sa, salen) });
    }
}

overridable! {
    /// connect(2); "connect error".
    fn sockshim_unp_Connect(fd: c_int, sa: *const libc::sockaddr, salen: libc::socklen_t) {
        // SAFETY: as for bind.
        checked(c"Connect", c"connect error", 0, negative, || unsafe { libc::connect(fd, sa, salen) });
    }
}

overridable! {
    /// getpeername(2); "getpeername error".
    fn sockshim_unp_Getpeername(fd: c_int, sa: *mut libc::sockaddr, salenptr: *mut libc::socklen_t) {
        // SAFETY: the kernel checks the pointers.
        checked(c"Getpeername", c"getpeername error", 0, negative, || unsafe {
            libc::getpeername(fd, sa, salenptr)
        });
    }
}

overridable! {
    /// getsockname(2); "getsockname error".
    fn sockshim_unp_Getsockname(fd: c_int, sa: *mut libc::sockaddr, salenptr: *mut libc::socklen_t) {
        // SAFETY: the kernel checks the pointers.
        checked(c"Getsockname", c"getsockname error", 0, negative, || unsafe {
            libc::getsockname(fd, sa, salenptr)
        });
    }
}

overridable! {
    /// getsockopt(2); "getsockopt error".
    fn sockshim_unp_Getsockopt(fd: c_int, level: c_int, optname: c_int, optval: *mut c_void, optlenptr: *mut libc::socklen_t) {
        // SAFETY: the kernel checks the pointers.
        checked(c"Getsockopt", c"getsockopt error", 0, negative, || unsafe {
            libc::getsockopt(fd, level, optname, optval, optlenptr)
        });
    }
}

/// The backlog Listen uses: atoi($LISTENQ) when set, as the book's does
/// (the user asked for exactly that queue); else the program's, raised to
/// the library's minimum as every layer's listen is (see
/// endpoint::backlog_for, SOCKSHIM_RAISE_BACKLOG).
fn backlog_from_environment(backlog: c_int) -> c_int {
    // SAFETY: getenv takes a NUL-terminated name; a non-NULL result is a
    // NUL-terminated string, which atoi reads.
    unsafe {
        let value = libc::getenv(c"LISTENQ".as_ptr());
        if value.is_null() {
            crate::endpoint::backlog_for(backlog, crate::config::get().raise_backlog)
        } else {
            libc::atoi(value)
        }
    }
}

overridable! {
    /// listen(2) with $LISTENQ, when set, instead of `backlog`; "listen error".
    fn sockshim_unp_Listen(fd: c_int, backlog: c_int) {
        guard(c"Listen", (), || {
            let backlog = backlog_from_environment(backlog);
            // SAFETY: listen(2) takes no pointers.
            if unsafe { libc::listen(fd, backlog) } < 0 {
                sys_now(c"listen error");
            }
        })
    }
}

overridable! {
    /// poll(2); "poll error".
    fn sockshim_unp_Poll(fdarray: *mut libc::pollfd, nfds: c_ulong, timeout: c_int) -> c_int {
        // SAFETY: the kernel checks the array.
        checked(c"Poll", c"poll error", -1, negative, || unsafe {
            libc::poll(fdarray, nfds as libc::nfds_t, timeout)
        })
    }
}

overridable! {
    /// recv(2); "recv error".
    fn sockshim_unp_Recv(fd: c_int, ptr: *mut c_void, nbytes: usize, flags: c_int) -> libc::ssize_t {
        // SAFETY: the kernel checks the buffer.
        checked(c"Recv", c"recv error", -1, |n: isize| n < 0, || unsafe {
            libc::recv(fd, ptr, nbytes, flags)
        })
    }
}

overridable! {
    /// recvfrom(2); "recvfrom error".
    fn sockshim_unp_Recvfrom(fd: c_int, ptr: *mut c_void, nbytes: usize, flags: c_int, sa: *mut libc::sockaddr, salenptr: *mut libc::socklen_t) -> libc::ssize_t {
        // SAFETY: the kernel checks the pointers.
        checked(c"Recvfrom", c"recvfrom error", -1, |n: isize| n < 0, || unsafe {
            libc::recvfrom(fd, ptr, nbytes, flags, sa, salenptr)
        })
    }
}

overridable! {
    /// recvmsg(2); "recvmsg error".
    fn sockshim_unp_Recvmsg(fd: c_int, msg: *mut libc::msghdr, flags: c_int) -> libc::ssize_t {
        // SAFETY: the kernel checks the message.
        checked(c"Recvmsg", c"recvmsg error", -1, |n: isize| n < 0, || unsafe {
            libc::recvmsg(fd, msg, flags)
        })
    }
}

overridable! {
    /// select(2); the number of ready descriptors (0: timeout).  Any
    /// failure, EINTR included, is fatal: "select error".
    fn sockshim_unp_Select(nfds: c_int, readfds: *mut libc::fd_set, writefds: *mut libc::fd_set, exceptfds: *mut libc::fd_set, timeout: *mut libc::timeval) -> c_int {
        // SAFETY: the kernel checks the sets and the timeout.
        checked(c"Select", c"select error", -1, negative, || unsafe {
            libc::select(nfds, readfds, writefds, exceptfds, timeout)
        })
    }
}

overridable! {
    /// send(2); anything but all `nbytes` sent is "send error".
    fn sockshim_unp_Send(fd: c_int, ptr: *const c_void, nbytes: usize, flags: c_int) {
        // SAFETY: the kernel checks the buffer.
        checked(c"Send", c"send error", 0, |n: isize| n != nbytes as isize, || unsafe {
            libc::send(fd, ptr, nbytes, flags)
        });
    }
}

overridable! {
    /// sendmsg(2); anything but the sum of the iovec lengths sent is
    /// "sendmsg error".
    fn sockshim_unp_Sendmsg(fd: c_int, msg: *const libc::msghdr, flags: c_int) {
        guard(c"Sendmsg", (), || {
            let mut nbytes: usize = 0;
            // SAFETY: a non-NULL message points at a msghdr whose msg_iov
            // holds msg_iovlen iovecs, as sendmsg(2) takes it.
            unsafe {
                if let Some(msg) = msg.as_ref().filter(|msg| !msg.msg_iov.is_null()) {
                    for i in 0..msg.msg_iovlen {
                        nbytes = nbytes.wrapping_add((*msg.msg_iov.add(i)).iov_len);
                    }
                }
            }
            // SAFETY: the kernel checks the message.
            let n = unsafe { libc::sendmsg(fd, msg, flags) };
            if n != nbytes as isize {
                sys_now(c"sendmsg error");
            }
        })
    }
}

overridable! {
    /// sendto(2); anything but all `nbytes` sent is "sendto error".
    fn sockshim_unp_Sendto(fd: c_int, ptr: *const c_void, nbytes: usize, flags: c_int, sa: *const libc::sockaddr, salen: libc::socklen_t) {
        // SAFETY: the kernel checks the pointers.
        checked(c"Sendto", c"sendto error", 0, |n: isize| n != nbytes as isize, || unsafe {
            libc::sendto(fd, ptr, nbytes, flags, sa, salen)
        });
    }
}

overridable! {
    /// setsockopt(2); "setsockopt error".
    fn sockshim_unp_Setsockopt(fd: c_int, level: c_int, optname: c_int, optval: *const c_void, optlen: libc::socklen_t) {
        // SAFETY: the kernel checks the pointer.
        checked(c"Setsockopt", c"setsockopt error", 0, negative, || unsafe {
            libc::setsockopt(fd, level, optname, optval, optlen)
        });
    }
}

overridable! {
    /// shutdown(2); "shutdown error".
    fn sockshim_unp_Shutdown(fd: c_int, how: c_int) {
        // SAFETY: shutdown(2) takes no pointers.
        checked(c"Shutdown", c"shutdown error", 0, negative, || unsafe { libc::shutdown(fd, how) });
    }
}

overridable! {
    /// sockatmark(3); "sockatmark error".
    fn sockshim_unp_Sockatmark(fd: c_int) -> c_int {
        // SAFETY: sockatmark takes no pointers.
        checked(c"Sockatmark", c"sockatmark error", -1, negative, || unsafe { sockatmark(fd) })
    }
}

overridable! {
    /// socket(2); "socket error".
    fn sockshim_unp_Socket(family: c_int, sock_type: c_int, protocol: c_int) -> c_int {
        // SAFETY: socket(2) takes no pointers.
        checked(c"Socket", c"socket error", -1, negative, || unsafe {
            libc::socket(family, sock_type, protocol)
        })
    }
}

overridable! {
    /// socketpair(2); "socketpair error".
    fn sockshim_unp_Socketpair(family: c_int, sock_type: c_int, protocol: c_int, fd: *mut c_int) {
        // SAFETY: the kernel checks the pointer.
        checked(c"Socketpair", c"socketpair error", 0, negative, || unsafe {
            libc::socketpair(family, sock_type, protocol, fd)
        });
    }
}

// ---- Unix (wrapunix.c) -----------------------------------------------------

overridable! {
    /// calloc(3); "calloc error".
    fn sockshim_unp_Calloc(n: usize, size: usize) -> *mut c_void {
        // SAFETY: calloc takes no pointers.
        checked(c"Calloc", c"calloc error", std::ptr::null_mut(), null, || unsafe { libc::calloc(n, size) })
    }
}

overridable! {
    /// close(2); "close error".
    fn sockshim_unp_Close(fd: c_int) {
        // SAFETY: close(2) takes no pointers.
        checked(c"Close", c"close error", 0, minus_one, || unsafe { libc::close(fd) });
    }
}

overridable! {
    /// dup2(2); "dup2 error".
    fn sockshim_unp_Dup2(fd1: c_int, fd2: c_int) {
        // SAFETY: dup2(2) takes no pointers.
        checked(c"Dup2", c"dup2 error", 0, minus_one, || unsafe { libc::dup2(fd1, fd2) });
    }
}

overridable! {
    /// fcntl(2) with an int argument; "fcntl error".
    fn sockshim_unp_Fcntl(fd: c_int, cmd: c_int, arg: c_int) -> c_int {
        // SAFETY: the commands the book uses take an int argument.
        checked(c"Fcntl", c"fcntl error", -1, minus_one, || unsafe { libc::fcntl(fd, cmd, arg) })
    }
}

overridable! {
    /// gettimeofday(2); "gettimeofday error".
    fn sockshim_unp_Gettimeofday(tv: *mut libc::timeval, tz: *mut c_void) {
        guard(c"Gettimeofday", (), || {
            // SAFETY: the caller passes a timeval (NULL fails with EFAULT in
            // the kernel, where the vDSO would crash) and NULL or a timezone.
            let n = unsafe {
                if tv.is_null() {
                    set_errno_value(libc::EFAULT);
                    -1
                } else {
                    libc::gettimeofday(tv, tz.cast())
                }
            };
            if n == -1 {
                sys_now(c"gettimeofday error");
            }
        })
    }
}

overridable! {
    /// ioctl(2) with a pointer argument; "ioctl error".
    fn sockshim_unp_Ioctl(fd: c_int, request: c_int, arg: *mut c_void) -> c_int {
        // SAFETY: the kernel checks the argument for the request; an int
        // request widens to unsigned long as a C caller's would.
        checked(c"Ioctl", c"ioctl error", -1, minus_one, || unsafe {
            libc::ioctl(fd, request as c_ulong as _, arg)
        })
    }
}

overridable! {
    /// fork(2); "fork error".
    fn sockshim_unp_Fork() -> libc::pid_t {
        // SAFETY: fork(2) takes no pointers; the child goes on in the
        // program, holding no lock of ours.
        checked(c"Fork", c"fork error", -1, minus_one, || unsafe { libc::fork() })
    }
}

overridable! {
    /// malloc(3); "malloc error".
    fn sockshim_unp_Malloc(size: usize) -> *mut c_void {
        // SAFETY: malloc takes no pointers.
        checked(c"Malloc", c"malloc error", std::ptr::null_mut(), null, || unsafe { libc::malloc(size) })
    }
}

overridable! {
    /// mkstemp(3); a failure is err_quit("mkstemp error"), without errno.
    fn sockshim_unp_Mkstemp(template: *mut c_char) -> c_int {
        guard(c"Mkstemp", -1, || {
            let fd = if template.is_null() {
                -1
            } else {
                // SAFETY: the caller passes a writable, NUL-terminated template.
                unsafe { libc::mkstemp(template) }
            };
            if fd < 0 {
                report(Report::Quit, 0, c"mkstemp error", &[]);
            }
            fd
        })
    }
}

overridable! {
    /// mmap(2); "mmap error".
    fn sockshim_unp_Mmap(addr: *mut c_void, len: usize, prot: c_int, flags: c_int, fd: c_int, offset: libc::off_t) -> *mut c_void {
        // SAFETY: mmap creates a new mapping; it touches no memory of ours
        // unless the caller asks for MAP_FIXED, as with the C function.
        checked(c"Mmap", c"mmap error", libc::MAP_FAILED, |p| p == libc::MAP_FAILED, || unsafe {
            libc::mmap(addr, len, prot, flags, fd, offset)
        })
    }
}

overridable! {
    /// open(2); "open error for <pathname>".
    fn sockshim_unp_Open(pathname: *const c_char, oflag: c_int, mode: libc::mode_t) -> c_int {
        guard(c"Open", -1, || {
            // SAFETY: the kernel checks the path (NULL is EFAULT).
            let fd = unsafe { libc::open(pathname, oflag, mode as c_uint) };
            if fd == -1 {
                let e = errno();
                // SAFETY: a non-NULL path is NUL-terminated, as open read it.
                let path = unsafe { CText::new(pathname) };
                sys(e, c"open error for %s", &[path.for_message()]);
            }
            fd
        })
    }
}

overridable! {
    /// pipe(2); "pipe error".
    fn sockshim_unp_Pipe(fds: *mut c_int) {
        // SAFETY: the kernel checks the pointer.
        checked(c"Pipe", c"pipe error", 0, negative, || unsafe { libc::pipe(fds) });
    }
}

overridable! {
    /// read(2); "read error".
    fn sockshim_unp_Read(fd: c_int, ptr: *mut c_void, nbytes: usize) -> libc::ssize_t {
        // SAFETY: the kernel checks the buffer.
        checked(c"Read", c"read error", -1, |n: isize| n == -1, || unsafe { libc::read(fd, ptr, nbytes) })
    }
}

overridable! {
    /// sigaddset(3); "sigaddset error".
    fn sockshim_unp_Sigaddset(set: *mut libc::sigset_t, signo: c_int) {
        // SAFETY: the C library checks for NULL and the signal number.
        checked(c"Sigaddset", c"sigaddset error", 0, minus_one, || unsafe { libc::sigaddset(set, signo) });
    }
}

overridable! {
    /// sigdelset(3); "sigdelset error".
    fn sockshim_unp_Sigdelset(set: *mut libc::sigset_t, signo: c_int) {
        // SAFETY: as for sigaddset.
        checked(c"Sigdelset", c"sigdelset error", 0, minus_one, || unsafe { libc::sigdelset(set, signo) });
    }
}

overridable! {
    /// sigemptyset(3); "sigemptyset error".
    fn sockshim_unp_Sigemptyset(set: *mut libc::sigset_t) {
        // SAFETY: as for sigaddset.
        checked(c"Sigemptyset", c"sigemptyset error", 0, minus_one, || unsafe { libc::sigemptyset(set) });
    }
}

overridable! {
    /// sigfillset(3); "sigfillset error".
    fn sockshim_unp_Sigfillset(set: *mut libc::sigset_t) {
        // SAFETY: as for sigaddset.
        checked(c"Sigfillset", c"sigfillset error", 0, minus_one, || unsafe { libc::sigfillset(set) });
    }
}

overridable! {
    /// sigismember(3); "sigismember error".
    fn sockshim_unp_Sigismember(set: *const libc::sigset_t, signo: c_int) -> c_int {
        // SAFETY: as for sigaddset.
        checked(c"Sigismember", c"sigismember error", -1, minus_one, || unsafe {
            libc::sigismember(set, signo)
        })
    }
}

overridable! {
    /// sigpending(2); "sigpending error".
    fn sockshim_unp_Sigpending(set: *mut libc::sigset_t) {
        // SAFETY: the kernel checks the pointer.
        checked(c"Sigpending", c"sigpending error", 0, minus_one, || unsafe { libc::sigpending(set) });
    }
}

overridable! {
    /// sigprocmask(2); "sigprocmask error".
    fn sockshim_unp_Sigprocmask(how: c_int, set: *const libc::sigset_t, oset: *mut libc::sigset_t) {
        // SAFETY: the kernel checks the pointers.
        checked(c"Sigprocmask", c"sigprocmask error", 0, minus_one, || unsafe {
            libc::sigprocmask(how, set, oset)
        });
    }
}

overridable! {
    /// strdup(3); "strdup error".
    fn sockshim_unp_Strdup(str: *const c_char) -> *mut c_char {
        guard(c"Strdup", std::ptr::null_mut(), || {
            if str.is_null() {
                return invalid(c"strdup error", std::ptr::null_mut());
            }
            // SAFETY: a non-NULL argument is a NUL-terminated string.
            let copy = unsafe { libc::strdup(str) };
            if copy.is_null() {
                sys_now(c"strdup error");
            }
            copy
        })
    }
}

overridable! {
    /// sysconf(3) with errno cleared first; any -1 is fatal, also "no
    /// limit" (then the message ends in ": Success"): "sysconf error".
    fn sockshim_unp_Sysconf(name: c_int) -> c_long {
        guard(c"Sysconf", -1, || {
            set_errno_value(0);
            // SAFETY: sysconf takes no pointers.
            let value = unsafe { libc::sysconf(name) };
            if value == -1 {
                sys_now(c"sysconf error");
            }
            value
        })
    }
}

overridable! {
    /// unlink(2); "unlink error for <pathname>".
    fn sockshim_unp_Unlink(pathname: *const c_char) {
        guard(c"Unlink", (), || {
            // SAFETY: the kernel checks the path (NULL is EFAULT).
            if unsafe { libc::unlink(pathname) } == -1 {
                let e = errno();
                // SAFETY: a non-NULL path is NUL-terminated, as unlink read it.
                let path = unsafe { CText::new(pathname) };
                sys(e, c"unlink error for %s", &[path.for_message()]);
            }
        })
    }
}

overridable! {
    /// wait(2); "wait error".
    fn sockshim_unp_Wait(iptr: *mut c_int) -> libc::pid_t {
        // SAFETY: the kernel checks the pointer.
        checked(c"Wait", c"wait error", -1, minus_one, || unsafe { libc::wait(iptr) })
    }
}

overridable! {
    /// waitpid(2); "waitpid error".
    fn sockshim_unp_Waitpid(pid: libc::pid_t, iptr: *mut c_int, options: c_int) -> libc::pid_t {
        // SAFETY: the kernel checks the pointer.
        checked(c"Waitpid", c"waitpid error", -1, minus_one, || unsafe {
            libc::waitpid(pid, iptr, options)
        })
    }
}

overridable! {
    /// write(2); anything but all `nbytes` written is "write error".
    /// SIGPIPE is left alone: a write to a closed connection raises it.
    fn sockshim_unp_Write(fd: c_int, ptr: *mut c_void, nbytes: usize) {
        // SAFETY: the kernel checks the buffer.
        checked(c"Write", c"write error", 0, |n: isize| n != nbytes as isize, || unsafe {
            libc::write(fd, ptr, nbytes)
        });
    }
}

// ---- standard I/O (wrapstdio.c) --------------------------------------------

overridable! {
    /// fclose(3); "fclose error".
    fn sockshim_unp_Fclose(fp: *mut libc::FILE) {
        guard(c"Fclose", (), || {
            if fp.is_null() {
                return invalid(c"fclose error", ());
            }
            // SAFETY: a non-NULL stream is the program's open FILE.
            if unsafe { libc::fclose(fp) } != 0 {
                sys_now(c"fclose error");
            }
        })
    }
}

overridable! {
    /// fdopen(3); "fdopen error".
    fn sockshim_unp_Fdopen(fd: c_int, mode: *const c_char) -> *mut libc::FILE {
        guard(c"Fdopen", std::ptr::null_mut(), || {
            if mode.is_null() {
                return invalid(c"fdopen error", std::ptr::null_mut());
            }
            // SAFETY: a non-NULL mode is a NUL-terminated string.
            let fp = unsafe { libc::fdopen(fd, mode) };
            if fp.is_null() {
                sys_now(c"fdopen error");
            }
            fp
        })
    }
}

overridable! {
    /// fgets(3): NULL at end of file; fatal only when the stream has an
    /// error: "fgets error".
    fn sockshim_unp_Fgets(ptr: *mut c_char, n: c_int, stream: *mut libc::FILE) -> *mut c_char {
        guard(c"Fgets", std::ptr::null_mut(), || {
            if ptr.is_null() || stream.is_null() {
                return invalid(c"fgets error", std::ptr::null_mut());
            }
            // SAFETY: the caller passes a buffer of `n` bytes and an open FILE.
            let line = unsafe { libc::fgets(ptr, n, stream) };
            // SAFETY: `stream` is the caller's open FILE.
            if line.is_null() && unsafe { libc::ferror(stream) } != 0 {
                sys_now(c"fgets error");
            }
            line
        })
    }
}

overridable! {
    /// fopen(3); "fopen error" (no file name, as in the book).
    fn sockshim_unp_Fopen(pathname: *const c_char, mode: *const c_char) -> *mut libc::FILE {
        guard(c"Fopen", std::ptr::null_mut(), || {
            if pathname.is_null() || mode.is_null() {
                return invalid(c"fopen error", std::ptr::null_mut());
            }
            // SAFETY: both are NUL-terminated strings.
            let fp = unsafe { libc::fopen(pathname, mode) };
            if fp.is_null() {
                sys_now(c"fopen error");
            }
            fp
        })
    }
}

overridable! {
    /// fputs(3); "fputs error".
    fn sockshim_unp_Fputs(ptr: *const c_char, stream: *mut libc::FILE) {
        guard(c"Fputs", (), || {
            if ptr.is_null() || stream.is_null() {
                return invalid(c"fputs error", ());
            }
            // SAFETY: a NUL-terminated string and an open FILE.
            if unsafe { libc::fputs(ptr, stream) } == libc::EOF {
                sys_now(c"fputs error");
            }
        })
    }
}

// ---- addresses in text (wraplib.c) -------------------------------------------

overridable! {
    /// inet_ntop(3) into the caller's buffer; a NULL buffer is
    /// err_quit("NULL 3rd argument to inet_ntop"), a failure "inet_ntop error".
    fn sockshim_unp_Inet_ntop(family: c_int, addrptr: *const c_void, strptr: *mut c_char, len: usize) -> *const c_char {
        guard(c"Inet_ntop", std::ptr::null(), || {
            if strptr.is_null() {
                report(Report::Quit, 0, c"NULL 3rd argument to inet_ntop", &[]);
                return std::ptr::null();
            }
            if addrptr.is_null() {
                return invalid(c"inet_ntop error", std::ptr::null());
            }
            let size = libc::socklen_t::try_from(len).unwrap_or(libc::socklen_t::MAX);
            // SAFETY: an address of `family` and a buffer of `len` bytes.
            let text = unsafe { inet_ntop(family, addrptr, strptr, size) };
            if text.is_null() {
                sys_now(c"inet_ntop error");
            }
            text
        })
    }
}

overridable! {
    /// inet_pton(3): text that is not an address is err_quit("inet_pton
    /// error for <text>"); an error (a bad family) err_sys, the same words.
    fn sockshim_unp_Inet_pton(family: c_int, strptr: *const c_char, addrptr: *mut c_void) {
        guard(c"Inet_pton", (), || {
            // SAFETY: a non-NULL text is NUL-terminated.
            let text = unsafe { CText::new(strptr) };
            if strptr.is_null() || addrptr.is_null() {
                sys(libc::EINVAL, c"inet_pton error for %s", &[text.for_message()]);
                return;
            }
            // SAFETY: a NUL-terminated text and room for an address of `family`.
            let n = unsafe { inet_pton(family, strptr, addrptr) };
            if n < 0 {
                sys(errno(), c"inet_pton error for %s", &[text.for_message()]);
            } else if n == 0 {
                report(Report::Quit, 0, c"inet_pton error for %s", &[text.for_message()]);
            }
        })
    }
}
