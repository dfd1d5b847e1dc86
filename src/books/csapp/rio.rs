//! Rio, CS:APP's robust I/O package.  `rio_readn`/`rio_writen` loop until
//! the count is done (or end of file), retrying after EINTR; the buffered
//! `rio_readnb`/`rio_readlineb` read through the program's own `rio_t`,
//! whose layout is the book's (programs allocate it), so all state is the
//! caller's and each `rio_t` serves one thread at a time.  Semantics are the
//! book's to the byte: a line stops after its newline or at maxlen-1 bytes
//! and is NUL-terminated; end of file with nothing read returns 0 and leaves
//! the buffer alone; maxlen 1 (or 0) stores just the NUL.  The wrappers exit
//! through unix_error("Rio_<x> error"), and reach the lower-case functions
//! through their symbols, so a program's own versions are used.
//!
//! Invisibly better on sockets, as SPEC §3 for the Donahoo & Calvert echo:
//! a client that closes or resets its connection ends that connection, not
//! the server.  Writes to it raise no SIGPIPE and are dropped (the peer can
//! no longer read them), and a reset reads as end of file.  Pipes and other
//! descriptors behave as write(2) and read(2) do (SIGPIPE included).

use super::{fail, guard, overridable};
use crate::{endpoint, error, socket};
use std::ffi::{c_char, c_int, c_void};

/// RIO_BUFSIZE of csapp.h.
const RIO_BUFSIZE: usize = 8192;

/// csapp.h's `rio_t`, field for field.
#[repr(C)]
pub struct RioT {
    /// The descriptor this buffer reads from.
    pub rio_fd: c_int,
    /// Bytes in `rio_buf` not handed out yet (the last read's -1 after an
    /// error, as the book leaves it).
    pub rio_cnt: c_int,
    /// The first of them.
    pub rio_bufptr: *mut c_char,
    /// What the last read returned.
    pub rio_buf: [c_char; RIO_BUFSIZE],
}

/// read(2) into the buffer when it is empty, retrying after EINTR; then
/// copies up to `n` buffered bytes to `dst` (`None`: none, only refill).
/// Returns the bytes available/copied, 0 at end of file, -1 on error.
///
/// # Safety
/// `rp` is the program's `rio_t`, initialised by rio_readinitb.
unsafe fn refill(rp: &mut RioT) -> isize {
    if rp.rio_cnt <= 0 {
        // SAFETY: c_char and u8 have the same size and alignment.
        let buf = unsafe { &mut *(&raw mut rp.rio_buf).cast::<[u8; RIO_BUFSIZE]>() };
        match socket::read_once(rp.rio_fd, buf) {
            Ok(got) => {
                rp.rio_cnt = got as c_int;
                rp.rio_bufptr = rp.rio_buf.as_mut_ptr();
            }
            Err(e) if endpoint::peer_gone(&e) => rp.rio_cnt = 0,
            Err(e) => {
                rp.rio_cnt = -1;
                error::set_errno(&e);
                return -1;
            }
        }
    }
    rp.rio_cnt as isize
}

/// The program's buffer of `n` bytes as a slice (empty for n = 0); a NULL
/// buffer for bytes is EFAULT, as the kernel would answer.
///
/// # Safety
/// A non-NULL `buf` points at `n` bytes the caller may write.
unsafe fn bytes_mut<'a>(buf: *mut c_void, n: libc::size_t) -> std::io::Result<&'a mut [u8]> {
    if n == 0 {
        return Ok(&mut []);
    }
    if buf.is_null() {
        return Err(std::io::Error::from_raw_os_error(libc::EFAULT));
    }
    // SAFETY: the caller vouches for `n` writable bytes.
    Ok(unsafe { std::slice::from_raw_parts_mut(buf.cast(), n) })
}

/// A count, or -1 with errno set from the error.
fn count(result: std::io::Result<usize>) -> libc::ssize_t {
    match result {
        Ok(n) => n as libc::ssize_t,
        Err(e) => {
            error::set_errno(&e);
            -1
        }
    }
}

/// The buffered bytes of `rp`, as a slice.
///
/// # Safety
/// `rp.rio_bufptr` points at `rp.rio_cnt` (> 0) readable bytes, as
/// `refill` and the book's code leave it.
unsafe fn buffered(rp: &RioT) -> &[u8] {
    // SAFETY: the caller vouches for the pointer and the count.
    unsafe { std::slice::from_raw_parts(rp.rio_bufptr.cast(), rp.rio_cnt as usize) }
}

/// Hands out `k` buffered bytes.
fn consume(rp: &mut RioT, k: usize) {
    rp.rio_bufptr = rp.rio_bufptr.wrapping_add(k);
    rp.rio_cnt -= k as c_int;
}

/// The program's rio_t, or None for NULL.
///
/// # Safety
/// A non-NULL `rp` is a valid rio_t that no one else uses during the call.
unsafe fn rio<'a>(rp: *mut RioT) -> Option<&'a mut RioT> {
    // SAFETY: the caller vouches for a non-NULL pointer.
    unsafe { rp.as_mut() }
}

overridable! {
    /// Reads `n` bytes (fewer at end of file) from `fd`, unbuffered,
    /// retrying after EINTR: the count, or -1.
    fn sockshim_csapp_rio_readn(fd: c_int, usrbuf: *mut c_void, n: libc::size_t) -> libc::ssize_t {
        guard(c"rio_readn", -1, || {
            // SAFETY: the program's buffer of `n` bytes.
            let buf = unsafe { bytes_mut(usrbuf, n) };
            count(buf.and_then(|buf| socket::read_full_ending(fd, buf, endpoint::peer_gone)))
        })
    }
}

overridable! {
    /// Writes all `n` bytes to `fd`, retrying after EINTR: `n`, or -1.
    fn sockshim_csapp_rio_writen(fd: c_int, usrbuf: *mut c_void, n: libc::size_t) -> libc::ssize_t {
        guard(c"rio_writen", -1, || {
            // SAFETY: the program's buffer of `n` bytes.
            let written = unsafe { bytes_mut(usrbuf, n) }.and_then(|buf| {
                match socket::send_all(fd, buf) {
                    Err(e) if e.raw_os_error() == Some(libc::ENOTSOCK) => {
                        socket::write_all_plain(fd, buf)
                    }
                    // The peer is gone: this connection is over and the rest
                    // can never be read; the program goes on to its end.
                    Err(e) if endpoint::peer_gone(&e) => Ok(()),
                    other => other,
                }
            });
            count(written.map(|()| n))
        })
    }
}

overridable! {
    /// Makes `rp` read from `fd`, with an empty buffer.
    fn sockshim_csapp_rio_readinitb(rp: *mut RioT, fd: c_int) {
        guard(c"rio_readinitb", (), || {
            // SAFETY: the program's rio_t (or NULL: nothing to do).
            if let Some(rp) = unsafe { rio(rp) } {
                rp.rio_fd = fd;
                rp.rio_cnt = 0;
                rp.rio_bufptr = rp.rio_buf.as_mut_ptr();
            }
        })
    }
}

overridable! {
    /// Reads `n` bytes (fewer at end of file) through `rp`: the count, or -1.
    fn sockshim_csapp_rio_readnb(rp: *mut RioT, usrbuf: *mut c_void, n: libc::size_t) -> libc::ssize_t {
        guard(c"rio_readnb", -1, || {
            // SAFETY: the program's rio_t.
            let Some(rp) = (unsafe { rio(rp) }) else {
                error::set_errno_value(libc::EINVAL);
                return -1;
            };
            let mut done = 0;
            while done < n {
                // SAFETY: `rp` was initialised by rio_readinitb.
                match unsafe { refill(rp) } {
                    -1 => return -1,
                    0 => break,
                    _ => {}
                }
                // SAFETY: refill left rio_cnt > 0 bytes at rio_bufptr.
                let available = unsafe { buffered(rp) };
                let k = available.len().min(n - done);
                // SAFETY: the program's buffer has room for `n` bytes.
                unsafe {
                    std::ptr::copy_nonoverlapping(available.as_ptr(), usrbuf.cast::<u8>().add(done), k)
                };
                consume(rp, k);
                done += k;
            }
            done as libc::ssize_t
        })
    }
}

overridable! {
    /// Reads a line through `rp`: bytes up to and including a newline, at
    /// most `maxlen`-1, then a NUL.  The count; 0 at end of file (nothing
    /// stored, not even the NUL); -1 on error.
    fn sockshim_csapp_rio_readlineb(rp: *mut RioT, usrbuf: *mut c_void, maxlen: libc::size_t) -> libc::ssize_t {
        guard(c"rio_readlineb", -1, || {
            // SAFETY: the program's rio_t.
            let Some(rp) = (unsafe { rio(rp) }) else {
                error::set_errno_value(libc::EINVAL);
                return -1;
            };
            let out = usrbuf.cast::<u8>();
            let limit = maxlen.saturating_sub(1);
            let mut done = 0;
            while done < limit {
                // SAFETY: `rp` was initialised by rio_readinitb.
                match unsafe { refill(rp) } {
                    -1 => return -1,
                    0 if done == 0 => return 0,
                    0 => break,
                    _ => {}
                }
                // SAFETY: refill left rio_cnt > 0 bytes at rio_bufptr.
                let available = unsafe { buffered(rp) };
                let room = available.len().min(limit - done);
                let (k, ends) = match available[..room].iter().position(|&b| b == b'\n') {
                    Some(at) => (at + 1, true),
                    None => (room, false),
                };
                // SAFETY: the program's buffer has room for `maxlen` bytes.
                unsafe { std::ptr::copy_nonoverlapping(available.as_ptr(), out.add(done), k) };
                consume(rp, k);
                done += k;
                if ends {
                    break;
                }
            }
            // SAFETY: done < maxlen (or done == 0), inside the buffer.
            unsafe { *out.add(done) = 0 };
            done as libc::ssize_t
        })
    }
}

overridable! {
    /// rio_readn; "Rio_readn error".
    fn sockshim_csapp_Rio_readn(fd: c_int, usrbuf: *mut c_void, n: libc::size_t) -> libc::ssize_t {
        guard(c"Rio_readn", -1, || {
            // SAFETY: passed on as the program gave them.
            let got = unsafe { sockshim_csapp_rio_readn(fd, usrbuf, n) };
            if got < 0 {
                fail(c"Rio_readn error");
            }
            got
        })
    }
}

overridable! {
    /// rio_writen; "Rio_writen error" unless all `n` bytes were written.
    fn sockshim_csapp_Rio_writen(fd: c_int, usrbuf: *mut c_void, n: libc::size_t) {
        guard(c"Rio_writen", (), || {
            // SAFETY: passed on as the program gave them.
            if unsafe { sockshim_csapp_rio_writen(fd, usrbuf, n) } != n as libc::ssize_t {
                fail(c"Rio_writen error");
            }
        })
    }
}

overridable! {
    /// rio_readinitb.
    fn sockshim_csapp_Rio_readinitb(rp: *mut RioT, fd: c_int) {
        // SAFETY: passed on as the program gave them.
        guard(c"Rio_readinitb", (), || unsafe { sockshim_csapp_rio_readinitb(rp, fd) })
    }
}

overridable! {
    /// rio_readnb; "Rio_readnb error".
    fn sockshim_csapp_Rio_readnb(rp: *mut RioT, usrbuf: *mut c_void, n: libc::size_t) -> libc::ssize_t {
        guard(c"Rio_readnb", -1, || {
            // SAFETY: passed on as the program gave them.
            let got = unsafe { sockshim_csapp_rio_readnb(rp, usrbuf, n) };
            if got < 0 {
                fail(c"Rio_readnb error");
            }
            got
        })
    }
}

overridable! {
    /// rio_readlineb; "Rio_readlineb error".
    fn sockshim_csapp_Rio_readlineb(rp: *mut RioT, usrbuf: *mut c_void, maxlen: libc::size_t) -> libc::ssize_t {
        guard(c"Rio_readlineb", -1, || {
            // SAFETY: passed on as the program gave them.
            let got = unsafe { sockshim_csapp_rio_readlineb(rp, usrbuf, maxlen) };
            if got < 0 {
                fail(c"Rio_readlineb error");
            }
            got
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rio_t_has_the_books_layout() {
        let pointer = size_of::<*mut c_char>();
        assert_eq!(std::mem::offset_of!(RioT, rio_fd), 0);
        assert_eq!(std::mem::offset_of!(RioT, rio_cnt), 4);
        assert_eq!(std::mem::offset_of!(RioT, rio_bufptr), 8);
        assert_eq!(std::mem::offset_of!(RioT, rio_buf), 8 + pointer);
        assert_eq!(
            size_of::<RioT>(),
            (8 + pointer + RIO_BUFSIZE).next_multiple_of(pointer)
        );
    }
}
