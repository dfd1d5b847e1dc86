//! The book's echo clients and servers (lib/str_echo.c, str_cli.c,
//! dg_echo.c, dg_cli.c), each calling the other book functions through
//! their symbols, so that a program's own Readline, Writen, Fgets ... are
//! the ones used, as with the book's library.

use super::io::{sockshim_unp_Readline, sockshim_unp_Writen};
use super::wrap::{
    sockshim_unp_Fgets, sockshim_unp_Fputs, sockshim_unp_Recvfrom, sockshim_unp_Sendto,
};
use super::{MAXLINE, Report, guard, report, sys};
use crate::books::overridable;
use crate::error::errno;
use crate::stdio;
use std::ffi::{c_char, c_int, c_void};

overridable! {
    /// Echoes what it reads (MAXLINE bytes at a time, with Writen) until
    /// end of file; EINTR restarts the read; a read error is
    /// "str_echo: read error".
    fn sockshim_unp_str_echo(sockfd: c_int) {
        guard(c"str_echo", (), || {
            // On the stack and not zeroed, as the book's `char buf[MAXLINE]`
            // (zeroing it cost more than the session's own work).
            let mut buf = [std::mem::MaybeUninit::<u8>::uninit(); MAXLINE];
            loop {
                // SAFETY: `buf` has room for MAXLINE bytes, which read fills.
                let n = unsafe { libc::read(sockfd, buf.as_mut_ptr().cast(), MAXLINE) };
                if n > 0 {
                    // SAFETY: read initialised the first `n` bytes of `buf`.
                    unsafe { sockshim_unp_Writen(sockfd, buf.as_mut_ptr().cast(), n as usize) };
                    continue;
                }
                if n == 0 {
                    return;
                }
                let e = errno();
                if e != libc::EINTR {
                    sys(e, c"str_echo: read error", &[]);
                    return;
                }
            }
        })
    }
}

overridable! {
    /// For each line of `fp`: Writen it, Readline the answer, Fputs it on
    /// stdout.  A server that closes first is
    /// err_quit("str_cli: server terminated prematurely").
    fn sockshim_unp_str_cli(fp: *mut libc::FILE, sockfd: c_int) {
        guard(c"str_cli", (), || {
            let mut sendline = vec![0 as c_char; MAXLINE];
            let mut recvline = vec![0 as c_char; MAXLINE];
            // SAFETY: the buffers have MAXLINE bytes; the lines are
            // NUL-terminated by Fgets and Readline.
            unsafe {
                while !sockshim_unp_Fgets(sendline.as_mut_ptr(), MAXLINE as c_int, fp).is_null() {
                    let len = libc::strlen(sendline.as_ptr());
                    sockshim_unp_Writen(sockfd, sendline.as_mut_ptr().cast(), len);
                    let n = sockshim_unp_Readline(sockfd, recvline.as_mut_ptr().cast(), MAXLINE);
                    if n == 0 {
                        report(Report::Quit, 0, c"str_cli: server terminated prematurely", &[]);
                        return;
                    }
                    if n < 0 {
                        return;
                    }
                    sockshim_unp_Fputs(recvline.as_ptr(), stdio::c_stdout());
                }
            }
        })
    }
}

overridable! {
    /// Sends each datagram it receives back to its sender, forever.
    fn sockshim_unp_dg_echo(sockfd: c_int, pcliaddr: *mut libc::sockaddr, clilen: libc::socklen_t) {
        guard(c"dg_echo", (), || {
            let mut mesg = vec![0u8; MAXLINE];
            loop {
                let mut len = clilen;
                // SAFETY: `mesg` has MAXLINE bytes; the caller's address
                // buffer has `clilen`.
                let n = unsafe {
                    sockshim_unp_Recvfrom(sockfd, mesg.as_mut_ptr().cast(), MAXLINE, 0, pcliaddr, &mut len)
                };
                if n < 0 {
                    return;
                }
                // SAFETY: `mesg` holds `n` bytes; the address is the sender's.
                unsafe { sockshim_unp_Sendto(sockfd, mesg.as_ptr().cast(), n as usize, 0, pcliaddr, len) };
            }
        })
    }
}

overridable! {
    /// For each line of `fp`: Sendto the server, Recvfrom the answer (from
    /// anyone, no timeout), Fputs it on stdout.
    fn sockshim_unp_dg_cli(fp: *mut libc::FILE, sockfd: c_int, pservaddr: *const libc::sockaddr, servlen: libc::socklen_t) {
        guard(c"dg_cli", (), || {
            let mut sendline = vec![0 as c_char; MAXLINE];
            let mut recvline = vec![0 as c_char; MAXLINE + 1];
            // SAFETY: the buffers have MAXLINE (+1) bytes; lines are
            // NUL-terminated by Fgets and here.
            unsafe {
                while !sockshim_unp_Fgets(sendline.as_mut_ptr(), MAXLINE as c_int, fp).is_null() {
                    let len = libc::strlen(sendline.as_ptr());
                    sockshim_unp_Sendto(sockfd, sendline.as_ptr().cast::<c_void>(), len, 0, pservaddr, servlen);
                    let n = sockshim_unp_Recvfrom(
                        sockfd,
                        recvline.as_mut_ptr().cast(),
                        MAXLINE,
                        0,
                        std::ptr::null_mut(),
                        std::ptr::null_mut(),
                    );
                    if n < 0 {
                        return;
                    }
                    recvline[n as usize] = 0;
                    sockshim_unp_Fputs(recvline.as_ptr(), stdio::c_stdout());
                }
            }
        })
    }
}
