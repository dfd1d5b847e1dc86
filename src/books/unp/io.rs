//! Reading and writing (lib/readn.c, writen.c, readline.c, read_fd.c,
//! write_fd.c).  readline keeps the book's return values (the newline
//! kept, a line cut at maxlen-1 bytes returns maxlen, maxlen 1 returns 1,
//! 0 at end of file) but no hidden buffer: the shared core's line reader
//! peeks at a socket and reads exactly through the newline (elsewhere a
//! byte at a time), so descriptors and threads never get each other's
//! bytes and read() after readline loses nothing.  writen leaves SIGPIPE
//! alone, as the book's programs expect.

use super::{Report, guard, report, sys_now};
use crate::books::overridable;
use crate::error::set_errno;
use crate::socket;
use std::ffi::{c_int, c_void};
use std::io;

/// A result as the book's functions return it: the count, or -1 with errno.
fn count(result: io::Result<usize>) -> libc::ssize_t {
    match result {
        Ok(n) => n as libc::ssize_t,
        Err(e) => {
            set_errno(&e);
            -1
        }
    }
}

/// The caller's buffer of `len` bytes, or EFAULT for NULL.
///
/// # Safety
/// A non-NULL `ptr` points at `len` bytes the caller lets us use.
unsafe fn buffer<'a>(ptr: *mut c_void, len: usize) -> io::Result<&'a mut [u8]> {
    if ptr.is_null() {
        return Err(io::Error::from_raw_os_error(libc::EFAULT));
    }
    // SAFETY: the caller's promise.
    Ok(unsafe { std::slice::from_raw_parts_mut(ptr.cast::<u8>(), len) })
}

overridable! {
    /// Reads until `n` bytes, end of file (a short count) or an error (-1);
    /// EINTR is retried.
    fn sockshim_unp_readn(fd: c_int, vptr: *mut c_void, n: usize) -> libc::ssize_t {
        guard(c"readn", -1, || {
            // SAFETY: the caller passes a buffer of `n` bytes.
            count(unsafe { buffer(vptr, n) }.and_then(|buf| socket::read_full(fd, buf)))
        })
    }
}

overridable! {
    /// readn; -1 is "readn error".
    fn sockshim_unp_Readn(fd: c_int, ptr: *mut c_void, nbytes: usize) -> libc::ssize_t {
        guard(c"Readn", -1, || {
            // SAFETY: the arguments pass through unchanged.
            let n = unsafe { sockshim_unp_readn(fd, ptr, nbytes) };
            if n < 0 {
                sys_now(c"readn error");
            }
            n
        })
    }
}

overridable! {
    /// Writes all `n` bytes (EINTR retried) and returns `n`, or -1.  A
    /// write to a closed connection raises SIGPIPE, as in the book.
    fn sockshim_unp_writen(fd: c_int, vptr: *const c_void, n: usize) -> libc::ssize_t {
        guard(c"writen", -1, || {
            // SAFETY: the caller passes `n` readable bytes.
            let written = unsafe { buffer(vptr.cast_mut(), n) }
                .and_then(|buf| socket::write_all_plain(fd, buf))
                .map(|()| n);
            count(written)
        })
    }
}

overridable! {
    /// writen; anything but all bytes written is "writen error".
    fn sockshim_unp_Writen(fd: c_int, ptr: *mut c_void, nbytes: usize) {
        guard(c"Writen", (), || {
            // SAFETY: the arguments pass through unchanged.
            if unsafe { sockshim_unp_writen(fd, ptr, nbytes) } != nbytes as libc::ssize_t {
                sys_now(c"writen error");
            }
        })
    }
}

/// The book's readline result for `got` bytes stored out of `maxlen`
/// (stored = at most maxlen - 1): `maxlen` when the line was cut short.
fn readline_result(line: &[u8], maxlen: usize) -> libc::ssize_t {
    let got = line.len();
    if got == maxlen - 1 && got > 0 && line[got - 1] != b'\n' {
        maxlen as libc::ssize_t
    } else {
        got as libc::ssize_t
    }
}

overridable! {
    /// One line through its newline (kept), at most maxlen-1 bytes, NUL
    /// terminated: the count stored (maxlen when the line was cut), 0 at
    /// end of file, -1 on an error.
    fn sockshim_unp_readline(fd: c_int, vptr: *mut c_void, maxlen: usize) -> libc::ssize_t {
        guard(c"readline", -1, || {
            if maxlen <= 1 {
                // The book stores only the NUL and returns 1.
                if maxlen == 1 && !vptr.is_null() {
                    // SAFETY: the caller's buffer has one byte.
                    unsafe { *vptr.cast::<u8>() = 0 };
                }
                return 1;
            }
            // SAFETY: the caller passes a buffer of `maxlen` bytes.
            let buf = match unsafe { buffer(vptr, maxlen) } {
                Ok(buf) => buf,
                Err(e) => return count(Err(e)),
            };
            match socket::read_line(fd, &mut buf[..maxlen - 1]) {
                Ok(got) => {
                    buf[got] = 0;
                    readline_result(&buf[..got], maxlen)
                }
                Err(e) => count(Err(e)),
            }
        })
    }
}

overridable! {
    /// readline; -1 is "readline error".
    fn sockshim_unp_Readline(fd: c_int, ptr: *mut c_void, maxlen: usize) -> libc::ssize_t {
        guard(c"Readline", -1, || {
            // SAFETY: the arguments pass through unchanged.
            let n = unsafe { sockshim_unp_readline(fd, ptr, maxlen) };
            if n < 0 {
                sys_now(c"readline error");
            }
            n
        })
    }
}

overridable! {
    /// What readline holds for the descriptor this thread read last:
    /// nothing, ever (it reads no further than the newline), so 0.
    fn sockshim_unp_readlinebuf(vptrptr: *mut *mut c_void) -> libc::ssize_t {
        let _ = vptrptr;
        0
    }
}

/// Room for one control message carrying one descriptor, aligned for cmsghdr.
#[repr(C)]
struct FdControl {
    _align: [libc::cmsghdr; 0],
    bytes: [u8; 32],
}

impl FdControl {
    fn new() -> FdControl {
        FdControl {
            _align: [],
            bytes: [0; 32],
        }
    }
}

/// CMSG_SPACE and CMSG_LEN for one int.
fn fd_space() -> usize {
    // SAFETY: pure arithmetic.
    unsafe { libc::CMSG_SPACE(size_of::<c_int>() as u32) as usize }
}

fn fd_len() -> usize {
    // SAFETY: pure arithmetic.
    unsafe { libc::CMSG_LEN(size_of::<c_int>() as u32) as usize }
}

overridable! {
    /// recvmsg of up to `nbytes` and of one descriptor (SCM_RIGHTS) into
    /// `*recvfd`, -1 there when none came; returns recvmsg's count.
    fn sockshim_unp_read_fd(fd: c_int, ptr: *mut c_void, nbytes: usize, recvfd: *mut c_int) -> libc::ssize_t {
        guard(c"read_fd", -1, || {
            let mut control = FdControl::new();
            let mut iov = libc::iovec { iov_base: ptr, iov_len: nbytes };
            // SAFETY: all-zero bytes are a valid msghdr.
            let mut msg: libc::msghdr = unsafe { std::mem::zeroed() };
            msg.msg_iov = &mut iov;
            msg.msg_iovlen = 1;
            msg.msg_control = control.bytes.as_mut_ptr().cast();
            msg.msg_controllen = fd_space();
            // SAFETY: the message points at our control buffer and the
            // caller's data buffer of `nbytes` bytes.
            let n = unsafe { libc::recvmsg(fd, &mut msg, 0) };
            if n <= 0 {
                return n;
            }
            // SAFETY: recvmsg filled `msg`; a header it returns lies in `control`.
            let received = unsafe {
                let cmsg = libc::CMSG_FIRSTHDR(&msg);
                match cmsg.as_ref() {
                    Some(c) if c.cmsg_len == fd_len() => {
                        if c.cmsg_level != libc::SOL_SOCKET {
                            report(Report::Quit, 0, c"control level != SOL_SOCKET", &[]);
                        }
                        if c.cmsg_type != libc::SCM_RIGHTS {
                            report(Report::Quit, 0, c"control type != SCM_RIGHTS", &[]);
                        }
                        libc::CMSG_DATA(cmsg).cast::<c_int>().read_unaligned()
                    }
                    _ => -1,
                }
            };
            if !recvfd.is_null() {
                // SAFETY: a non-NULL pointer is the caller's int.
                unsafe { *recvfd = received };
            }
            n
        })
    }
}

overridable! {
    /// read_fd; -1 is "read_fd error".
    fn sockshim_unp_Read_fd(fd: c_int, ptr: *mut c_void, nbytes: usize, recvfd: *mut c_int) -> libc::ssize_t {
        guard(c"Read_fd", -1, || {
            // SAFETY: the arguments pass through unchanged.
            let n = unsafe { sockshim_unp_read_fd(fd, ptr, nbytes, recvfd) };
            if n < 0 {
                sys_now(c"read_fd error");
            }
            n
        })
    }
}

overridable! {
    /// sendmsg of `nbytes` with the descriptor `sendfd` (SCM_RIGHTS).
    fn sockshim_unp_write_fd(fd: c_int, ptr: *mut c_void, nbytes: usize, sendfd: c_int) -> libc::ssize_t {
        guard(c"write_fd", -1, || {
            let mut control = FdControl::new();
            let mut iov = libc::iovec { iov_base: ptr, iov_len: nbytes };
            // SAFETY: all-zero bytes are a valid msghdr.
            let mut msg: libc::msghdr = unsafe { std::mem::zeroed() };
            msg.msg_iov = &mut iov;
            msg.msg_iovlen = 1;
            msg.msg_control = control.bytes.as_mut_ptr().cast();
            msg.msg_controllen = fd_space();
            // SAFETY: the control buffer has room for one header and one int.
            unsafe {
                let cmsg = libc::CMSG_FIRSTHDR(&msg);
                (*cmsg).cmsg_len = fd_len() as _;
                (*cmsg).cmsg_level = libc::SOL_SOCKET;
                (*cmsg).cmsg_type = libc::SCM_RIGHTS;
                libc::CMSG_DATA(cmsg).cast::<c_int>().write_unaligned(sendfd);
            }
            // SAFETY: the message points at our control buffer and the
            // caller's `nbytes` bytes.
            unsafe { libc::sendmsg(fd, &msg, 0) }
        })
    }
}

overridable! {
    /// write_fd; -1 is "write_fd error".
    fn sockshim_unp_Write_fd(fd: c_int, ptr: *mut c_void, nbytes: usize, sendfd: c_int) -> libc::ssize_t {
        guard(c"Write_fd", -1, || {
            // SAFETY: the arguments pass through unchanged.
            let n = unsafe { sockshim_unp_write_fd(fd, ptr, nbytes, sendfd) };
            if n < 0 {
                sys_now(c"write_fd error");
            }
            n
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn readline_returns_the_books_values() {
        assert_eq!(readline_result(b"one\n", 100), 4);
        assert_eq!(readline_result(b"abc", 4), 4); // cut: maxlen
        assert_eq!(readline_result(b"ab\n", 4), 3);
        assert_eq!(readline_result(b"partial", 100), 7); // end of file
        assert_eq!(readline_result(b"", 100), 0);
    }
}
