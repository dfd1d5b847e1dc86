//! Timeouts, daemons and odds and ends (lib/connect_nonb.c,
//! connect_timeo.c, readable_timeo.c, writable_timeo.c, daemon_init.c,
//! daemon_inetd.c, gf_time.c, tv_sub.c, my_addrs.c; libfree/in_cksum.c).
//! gf_time and my_addrs return storage of the calling thread, valid until
//! its next call, where the book had one static buffer.

use super::signals::sockshim_unp_Signal;
use super::wrap::{sockshim_unp_Fcntl, sockshim_unp_Fork, sockshim_unp_Select};
use super::{Report, guard, report, set_daemon_proc, sys_now};
use crate::books::overridable;
use crate::error::{errno, set_errno_value};
use crate::sysdb;
use std::cell::{RefCell, UnsafeCell};
use std::ffi::{CStr, c_char, c_int, c_uint};
use std::net::SocketAddr;

/// An empty fd_set with `fd` in it, or None (EBADF) when select cannot
/// watch that descriptor.
fn set_of(fd: c_int) -> Option<libc::fd_set> {
    if fd < 0 || fd as usize >= libc::FD_SETSIZE {
        set_errno_value(libc::EBADF);
        return None;
    }
    // SAFETY: all-zero bytes are a valid fd_set; `fd` is in range.
    unsafe {
        let mut set: libc::fd_set = std::mem::zeroed();
        libc::FD_ZERO(&mut set);
        libc::FD_SET(fd, &mut set);
        Some(set)
    }
}

fn is_set(fd: c_int, set: &libc::fd_set) -> bool {
    // SAFETY: `fd` was checked by set_of.
    unsafe { libc::FD_ISSET(fd, set) }
}

fn close(fd: c_int) {
    // SAFETY: close(2) takes no pointers; the descriptor is the caller's,
    // which the book's function closes on failure.
    unsafe { libc::close(fd) };
}

overridable! {
    /// A non-blocking connect that waits at most `nsec` seconds (0: no
    /// limit) with Select; on a timeout or error the socket is closed and
    /// -1 returned with errno set; the socket's flags are restored after a
    /// connect that completed.
    fn sockshim_unp_connect_nonb(sockfd: c_int, saptr: *const libc::sockaddr, salen: libc::socklen_t, nsec: c_int) -> c_int {
        guard(c"connect_nonb", -1, || {
            // SAFETY: Fcntl takes an int argument for these commands.
            let flags = unsafe { sockshim_unp_Fcntl(sockfd, libc::F_GETFL, 0) };
            // SAFETY: as above.
            unsafe { sockshim_unp_Fcntl(sockfd, libc::F_SETFL, flags | libc::O_NONBLOCK) };
            let mut error: c_int = 0;
            // SAFETY: the caller passes an address of `salen` bytes.
            let n = unsafe { libc::connect(sockfd, saptr, salen) };
            if n < 0 && errno() != libc::EINPROGRESS {
                return -1;
            }
            if n != 0 {
                let Some(mut rset) = set_of(sockfd) else { return -1 };
                let mut wset = rset;
                let mut tval = libc::timeval { tv_sec: nsec.into(), tv_usec: 0 };
                let timeout: *mut libc::timeval = if nsec != 0 { &mut tval } else { std::ptr::null_mut() };
                // SAFETY: the sets and the timeout are ours.
                let ready = unsafe {
                    sockshim_unp_Select(sockfd + 1, &mut rset, &mut wset, std::ptr::null_mut(), timeout)
                };
                if ready == 0 {
                    close(sockfd);
                    set_errno_value(libc::ETIMEDOUT);
                    return -1;
                }
                if is_set(sockfd, &rset) || is_set(sockfd, &wset) {
                    let mut len = size_of::<c_int>() as libc::socklen_t;
                    // SAFETY: `error` has room for the option's int.
                    let got = unsafe {
                        libc::getsockopt(sockfd, libc::SOL_SOCKET, libc::SO_ERROR, (&raw mut error).cast(), &mut len)
                    };
                    if got < 0 {
                        return -1;
                    }
                } else {
                    report(Report::Quit, 0, c"select error: sockfd not set", &[]);
                    return -1;
                }
            }
            // SAFETY: as above.
            unsafe { sockshim_unp_Fcntl(sockfd, libc::F_SETFL, flags) };
            if error != 0 {
                close(sockfd);
                set_errno_value(error);
                return -1;
            }
            0
        })
    }
}

/// connect_timeo's SIGALRM handler: it only interrupts connect.
extern "C" fn connect_alarm(_signo: c_int) {}

overridable! {
    /// connect() bounded by an alarm of `nsec` seconds (SIGALRM handled
    /// without SA_RESTART); a pending alarm gets
    /// err_msg("connect_timeo: alarm was already set").  On failure the
    /// socket is closed (EINTR becomes ETIMEDOUT); then the alarm is
    /// cancelled and the old handler put back.
    fn sockshim_unp_connect_timeo(sockfd: c_int, saptr: *const libc::sockaddr, salen: libc::socklen_t, nsec: c_int) -> c_int {
        guard(c"connect_timeo", -1, || {
            let handler = connect_alarm as extern "C" fn(c_int) as libc::sighandler_t;
            // SAFETY: Signal takes a handler; ours is an extern "C" fn.
            let old = unsafe { sockshim_unp_Signal(libc::SIGALRM, handler) };
            // SAFETY: alarm(2) takes no pointers.
            if unsafe { libc::alarm(nsec as c_uint) } != 0 {
                report(Report::Msg, 0, c"connect_timeo: alarm was already set", &[]);
            }
            // SAFETY: the caller passes an address of `salen` bytes.
            let n = unsafe { libc::connect(sockfd, saptr, salen) };
            let mut e = errno();
            if n < 0 {
                close(sockfd);
                if e == libc::EINTR {
                    e = libc::ETIMEDOUT;
                }
            }
            // SAFETY: alarm(2) takes no pointers; Signal puts back the
            // handler it returned.
            unsafe {
                libc::alarm(0);
                sockshim_unp_Signal(libc::SIGALRM, old);
            }
            if n < 0 {
                set_errno_value(e);
            }
            n
        })
    }
}

overridable! {
    /// connect_timeo; failure is "connect_timeo error".
    fn sockshim_unp_Connect_timeo(sockfd: c_int, saptr: *const libc::sockaddr, salen: libc::socklen_t, nsec: c_int) {
        guard(c"Connect_timeo", (), || {
            // SAFETY: the arguments pass through unchanged.
            if unsafe { sockshim_unp_connect_timeo(sockfd, saptr, salen, nsec) } < 0 {
                sys_now(c"connect_timeo error");
            }
        })
    }
}

/// select() on one descriptor for reading or writing, `sec` seconds at most.
fn wait_for(fd: c_int, sec: c_int, write: bool) -> c_int {
    let Some(mut set) = set_of(fd) else { return -1 };
    let mut tv = libc::timeval {
        tv_sec: sec.into(),
        tv_usec: 0,
    };
    let (r, w): (*mut libc::fd_set, *mut libc::fd_set) = if write {
        (std::ptr::null_mut(), &mut set)
    } else {
        (&mut set, std::ptr::null_mut())
    };
    // SAFETY: the set and the timeout are ours.
    unsafe { libc::select(fd + 1, r, w, std::ptr::null_mut(), &mut tv) }
}

overridable! {
    /// > 0 when `fd` is readable within `sec` seconds, 0 on a timeout, -1.
    fn sockshim_unp_readable_timeo(fd: c_int, sec: c_int) -> c_int {
        guard(c"readable_timeo", -1, || wait_for(fd, sec, false))
    }
}

overridable! {
    /// readable_timeo; -1 is "readable_timeo error".
    fn sockshim_unp_Readable_timeo(fd: c_int, sec: c_int) -> c_int {
        guard(c"Readable_timeo", -1, || {
            // SAFETY: no pointers.
            let n = unsafe { sockshim_unp_readable_timeo(fd, sec) };
            if n < 0 {
                sys_now(c"readable_timeo error");
            }
            n
        })
    }
}

overridable! {
    /// > 0 when `fd` is writable within `sec` seconds, 0 on a timeout, -1.
    fn sockshim_unp_writable_timeo(fd: c_int, sec: c_int) -> c_int {
        guard(c"writable_timeo", -1, || wait_for(fd, sec, true))
    }
}

overridable! {
    /// writable_timeo; -1 is "writable_timeo error".
    fn sockshim_unp_Writable_timeo(fd: c_int, sec: c_int) -> c_int {
        guard(c"Writable_timeo", -1, || {
            // SAFETY: no pointers.
            let n = unsafe { sockshim_unp_writable_timeo(fd, sec) };
            if n < 0 {
                sys_now(c"writable_timeo error");
            }
            n
        })
    }
}

/// The descriptors daemon_init closes (the book's MAXFD).
const MAXFD: c_int = 64;

overridable! {
    /// Becomes a daemon: fork (the parent exits 0), setsid, SIGHUP ignored,
    /// fork again, daemon_proc = 1, chdir("/"), descriptors 0-63 closed and
    /// /dev/null opened as 0, 1 and 2, openlog(pname, LOG_PID, facility).
    /// 0, or -1 when a step failed.
    fn sockshim_unp_daemon_init(pname: *const c_char, facility: c_int) -> c_int {
        guard(c"daemon_init", -1, || {
            for step in 0..2 {
                // SAFETY: Fork takes no pointers.
                let pid = unsafe { sockshim_unp_Fork() };
                if pid < 0 {
                    return -1;
                }
                if pid > 0 {
                    // SAFETY: the parent leaves at once, as the book's does.
                    unsafe { libc::_exit(0) };
                }
                if step == 0 {
                    // SAFETY: setsid(2) takes no pointers; Signal takes SIG_IGN.
                    unsafe {
                        if libc::setsid() < 0 {
                            return -1;
                        }
                        sockshim_unp_Signal(libc::SIGHUP, libc::SIG_IGN);
                    }
                }
            }
            set_daemon_proc(1);
            // SAFETY: literal paths; close, open and openlog as the book
            // calls them (openlog keeps the program's `pname`).
            unsafe {
                libc::chdir(c"/".as_ptr());
                for fd in 0..MAXFD {
                    libc::close(fd);
                }
                libc::open(c"/dev/null".as_ptr(), libc::O_RDONLY);
                libc::open(c"/dev/null".as_ptr(), libc::O_RDWR);
                libc::open(c"/dev/null".as_ptr(), libc::O_RDWR);
                libc::openlog(pname, libc::LOG_PID, facility);
            }
            0
        })
    }
}

overridable! {
    /// A daemon started by inetd: daemon_proc = 1, openlog(pname, LOG_PID,
    /// facility).
    fn sockshim_unp_daemon_inetd(pname: *const c_char, facility: c_int) {
        guard(c"daemon_inetd", (), || {
            set_daemon_proc(1);
            // SAFETY: openlog keeps the program's `pname`, as the book's does.
            unsafe { libc::openlog(pname, libc::LOG_PID, facility) };
        })
    }
}

thread_local! {
    /// gf_time's "static" buffer (30 bytes in the book), one per thread.
    static GF_TIME: UnsafeCell<[c_char; 30]> = const { UnsafeCell::new([0; 30]) };
    /// my_addrs' result: the addresses and the NULL-terminated list of
    /// pointers to them, one per thread.
    static MY_ADDRS: RefCell<(Vec<[u8; 4]>, Vec<*mut c_char>)> = const { RefCell::new((Vec::new(), Vec::new())) };
}

/// "HH:MM:SS.uuuuuu" for a time: ctime's clock part and the microseconds.
fn clock_text(ctime: &str, usec: libc::suseconds_t) -> String {
    let clock = ctime.get(11..19).unwrap_or("??:??:??");
    format!("{clock}.{usec:06}")
}

overridable! {
    /// The time of day as "HH:MM:SS.uuuuuu", in this thread's buffer.
    fn sockshim_unp_gf_time() -> *mut c_char {
        guard(c"gf_time", std::ptr::null_mut(), || {
            // SAFETY: all-zero bytes are a valid timeval.
            let mut tv: libc::timeval = unsafe { std::mem::zeroed() };
            // SAFETY: `tv` is ours.
            if unsafe { libc::gettimeofday(&mut tv, std::ptr::null_mut()) } < 0 {
                sys_now(c"gettimeofday error");
            }
            let mut buf = [0 as c_char; 64];
            let t = tv.tv_sec;
            // SAFETY: ctime_r writes at most 26 bytes into `buf`.
            if unsafe { libc::ctime_r(&t, buf.as_mut_ptr()) }.is_null() {
                sys_now(c"ctime error");
                return std::ptr::null_mut();
            }
            // SAFETY: ctime_r NUL-terminated `buf`.
            let ctime = unsafe { CStr::from_ptr(buf.as_ptr()) }.to_string_lossy();
            let text = clock_text(&ctime, tv.tv_usec);
            GF_TIME.with(|cell| {
                let out = cell.get();
                let bytes = text.as_bytes();
                let n = bytes.len().min(29);
                // SAFETY: this thread's own 30-byte buffer.
                unsafe {
                    std::ptr::copy_nonoverlapping(bytes.as_ptr(), out.cast::<u8>(), n);
                    (*out)[n] = 0;
                }
                out.cast::<c_char>()
            })
        })
    }
}

overridable! {
    /// out -= in, microseconds normalised.
    fn sockshim_unp_tv_sub(out: *mut libc::timeval, r#in: *mut libc::timeval) {
        guard(c"tv_sub", (), || {
            // SAFETY: the caller passes two timevals (NULL: nothing to do).
            let (Some(out), Some(sub)) = (unsafe { out.as_mut() }, unsafe { r#in.as_ref() }) else {
                return;
            };
            out.tv_usec -= sub.tv_usec;
            if out.tv_usec < 0 {
                out.tv_sec -= 1;
                out.tv_usec += 1_000_000;
            }
            out.tv_sec -= sub.tv_sec;
        })
    }
}

/// This host's name, as uname(2) gives it.
fn node_name() -> Option<String> {
    // SAFETY: all-zero bytes are a valid utsname; uname fills it.
    let mut name: libc::utsname = unsafe { std::mem::zeroed() };
    // SAFETY: `name` is ours.
    if unsafe { libc::uname(&mut name) } < 0 {
        return None;
    }
    // SAFETY: uname NUL-terminates nodename.
    let node = unsafe { CStr::from_ptr(name.nodename.as_ptr()) };
    node.to_str().ok().map(str::to_string)
}

/// This host's IPv4 addresses, in the resolver's order, each once.
fn host_ipv4_addresses() -> Option<Vec<[u8; 4]>> {
    let found = sysdb::host_addresses(&node_name()?)?;
    let mut list: Vec<[u8; 4]> = Vec::new();
    for addr in found {
        if let SocketAddr::V4(v4) = addr {
            let octets = v4.ip().octets();
            if !list.contains(&octets) {
                list.push(octets);
            }
        }
    }
    (!list.is_empty()).then_some(list)
}

overridable! {
    /// The IPv4 addresses of this host's name (uname), as a NULL-terminated
    /// list of pointers to 4-byte addresses in this thread's storage, with
    /// AF_INET in `*addrtype`; NULL when the name does not resolve.
    fn sockshim_unp_my_addrs(addrtype: *mut c_int) -> *mut *mut c_char {
        guard(c"my_addrs", std::ptr::null_mut(), || {
            let Some(addresses) = host_ipv4_addresses() else {
                return std::ptr::null_mut();
            };
            if !addrtype.is_null() {
                // SAFETY: a non-NULL pointer is the caller's int.
                unsafe { *addrtype = libc::AF_INET };
            }
            MY_ADDRS.with(|cell| {
                let mut stored = cell.borrow_mut();
                let (addrs, pointers) = &mut *stored;
                *addrs = addresses;
                *pointers = addrs.iter_mut().map(|a| a.as_mut_ptr().cast::<c_char>()).collect();
                pointers.push(std::ptr::null_mut());
                pointers.as_mut_ptr()
            })
        })
    }
}

overridable! {
    /// my_addrs; NULL is "my_addrs error".
    fn sockshim_unp_My_addrs(addrtype: *mut c_int) -> *mut *mut c_char {
        guard(c"My_addrs", std::ptr::null_mut(), || {
            // SAFETY: the argument passes through unchanged.
            let list = unsafe { sockshim_unp_my_addrs(addrtype) };
            if list.is_null() {
                sys_now(c"my_addrs error");
            }
            list
        })
    }
}

overridable! {
    /// The Internet checksum of `len` bytes at `addr` (16-bit words in
    /// memory order, an odd last byte as the low-addressed byte of a word).
    fn sockshim_unp_in_cksum(addr: *mut u16, len: c_int) -> u16 {
        guard(c"in_cksum", 0, || {
            let mut sum: u32 = 0;
            let mut left = len.max(0) as usize;
            let mut w = addr.cast::<u8>();
            if w.is_null() {
                left = 0;
            }
            // SAFETY: the caller passes `len` readable bytes.
            unsafe {
                while left > 1 {
                    sum = sum.wrapping_add(u32::from(w.cast::<u16>().read_unaligned()));
                    w = w.add(2);
                    left -= 2;
                }
                if left == 1 {
                    let mut last = [0u8; 2];
                    last[0] = *w;
                    sum = sum.wrapping_add(u32::from(u16::from_ne_bytes(last)));
                }
            }
            sum = (sum >> 16) + (sum & 0xffff);
            sum += sum >> 16;
            !(sum as u16)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gf_time_text_is_the_clock_and_microseconds() {
        assert_eq!(
            clock_text("Fri Sep 13 00:00:07 1986\n", 42),
            "00:00:07.000042"
        );
    }

    #[test]
    fn in_cksum_of_a_known_header() {
        let mut header: [u8; 20] = [
            0x45, 0x00, 0x00, 0x73, 0x00, 0x00, 0x40, 0x00, 0x40, 0x11, 0x00, 0x00, 0xc0, 0xa8,
            0x00, 0x01, 0xc0, 0xa8, 0x00, 0xc7,
        ];
        // SAFETY: 20 readable bytes.
        let sum = unsafe { sockshim_unp_in_cksum::body(header.as_mut_ptr().cast(), 20) };
        assert_eq!(sum.to_ne_bytes(), [0xb8, 0x61]);
    }
}
