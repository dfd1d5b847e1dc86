//! Names to sockets (lib/tcp_connect.c, tcp_listen.c, udp_client.c,
//! udp_connect.c, udp_server.c, host_serv.c): getaddrinfo with AF_UNSPEC
//! through the shared [`lookup`] (built-in services, SOCKSHIM_PORTBASE,
//! loopback-only hosts, trace), each address tried in the resolver's order
//! by the shared [`endpoint`] core.  A name that does not resolve is
//! err_quit("<fn> error for <host>, <serv>: <gai_strerror>"); when no
//! address works, err_sys("<fn> error for <host>, <serv>") with the last
//! attempt's errno, as the book's loops left it.  SOCKSHIM_EXPLAIN hints
//! follow the book's line.

use super::wrap::{sockshim_unp_Listen, sockshim_unp_Malloc};
use super::{LISTENQ, Report, guard, report};
use crate::books::overridable;
use crate::error::{CallError, Eai};
use crate::ffi::CText;
use crate::lookup::{self, Candidates, Query};
use crate::sysdb::{AddrInfoList, Hints};
use crate::{config, endpoint, fatal, socket};
use std::ffi::{CStr, c_char, c_int, c_void};
use std::os::fd::{IntoRawFd, RawFd};

/// The two messages of one helper.
struct Messages {
    /// err_quit's, for a lookup failure: host, service, gai_strerror.
    lookup: &'static CStr,
    /// err_sys's, when no address worked: host, service.
    system: &'static CStr,
}

const TCP_CONNECT: Messages = Messages {
    lookup: c"tcp_connect error for %s, %s: %s",
    system: c"tcp_connect error for %s, %s",
};
const TCP_LISTEN: Messages = Messages {
    lookup: c"tcp_listen error for %s, %s: %s",
    system: c"tcp_listen error for %s, %s",
};
const UDP_CLIENT: Messages = Messages {
    lookup: c"udp_client error for %s, %s: %s",
    system: c"udp_client error for %s, %s",
};
const UDP_CONNECT: Messages = Messages {
    lookup: c"udp_connect error for %s, %s: %s",
    system: c"udp_connect error for %s, %s",
};
const UDP_SERVER: Messages = Messages {
    lookup: c"udp_server error for %s, %s: %s",
    system: c"udp_server error for %s, %s",
};

/// A helper's host and service arguments.
#[derive(Clone, Copy)]
struct Names<'a> {
    host: CText<'a>,
    serv: CText<'a>,
}

impl<'a> Names<'a> {
    /// # Safety
    /// Each pointer is NULL or a NUL-terminated string valid for `'a`.
    unsafe fn new(host: *const c_char, serv: *const c_char) -> Names<'a> {
        // SAFETY: the caller's promise.
        unsafe {
            Names {
                host: CText::new(host),
                serv: CText::new(serv),
            }
        }
    }

    /// The getaddrinfo question (host, serv) with these hints.
    fn query(&self, flags: c_int, family: c_int, sock_type: c_int) -> Query<'a> {
        Query {
            host: self.host.as_cstr(),
            service: self.serv.as_cstr(),
            hints: Hints {
                flags,
                family,
                sock_type,
                protocol: 0,
            },
        }
    }

    /// getaddrinfo(host, serv) with these hints, through the shared lookup.
    fn lookup(&self, flags: c_int, family: c_int, sock_type: c_int) -> Result<AddrInfoList, Eai> {
        lookup::lookup(
            &self.query(flags, family, sock_type),
            config::get().portbase,
        )
    }

    /// SOCKSHIM_EXPLAIN hints for a lookup failure.
    fn hints(&self, e: &Eai) -> Vec<String> {
        fatal::hints_for_lookup(
            e,
            self.host.as_str(),
            !self.host.is_null(),
            self.serv.as_str(),
        )
    }

    /// The helper's lookup (AF_UNSPEC); a failure is err_quit with the
    /// resolver's text.
    /// The addresses to try, in the resolver's order (made without the C
    /// library when the answer is known, see lookup::lookup_candidates).
    fn resolve(&self, messages: &Messages, flags: c_int, sock_type: c_int) -> Option<Candidates> {
        let query = self.query(flags, libc::AF_UNSPEC, sock_type);
        match lookup::lookup_candidates(&query, config::get().portbase) {
            Ok(candidates) => Some(candidates),
            Err(e) => {
                fatal::report_with_hints(self.hints(&e), || {
                    let args = [self.host.for_message(), self.serv.for_message(), e.text()];
                    report(Report::Quit, 0, messages.lookup, &args)
                });
                None
            }
        }
    }

    /// err_sys("<fn> error for <host>, <serv>") with the errno of the last
    /// attempt; -1 (if a program's own err_sys returns).
    fn none_worked(&self, messages: &Messages, errors: &[CallError]) -> c_int {
        let last = crate::endpoint::last_attempt_error(errors);
        let errno = last
            .and_then(|e| e.error.raw_os_error())
            .unwrap_or(libc::EIO);
        let hints = last.map(fatal::hints_for_call).unwrap_or_default();
        fatal::report_with_hints(hints, || {
            let args = [self.host.for_message(), self.serv.for_message()];
            report(Report::Sys, errno, messages.system, &args)
        });
        -1
    }

    /// A socket connected to the first address that accepts it.
    fn connect(&self, messages: &Messages, sock_type: c_int) -> c_int {
        let Some(candidates) = self.resolve(messages, 0, sock_type) else {
            return -1;
        };
        match endpoint::connect_first(&candidates, config::get().connect_timeout) {
            Ok(fd) => fd.into_raw_fd(),
            Err(errors) => self.none_worked(messages, &errors),
        }
    }

    /// A socket bound to the first passive address that binds (stream
    /// sockets with SO_REUSEADDR unless SOCKSHIM_REUSEADDR=0); its
    /// address length is stored in `*addrlenp` when that is not NULL.
    fn bind(&self, messages: &Messages, sock_type: c_int, addrlenp: *mut libc::socklen_t) -> c_int {
        let Some(candidates) = self.resolve(messages, libc::AI_PASSIVE, sock_type) else {
            return -1;
        };
        let knobs = config::get();
        let reuse = knobs.reuseaddr && sock_type == libc::SOCK_STREAM;
        match endpoint::passive_first(&candidates, None, reuse, knobs.dualstack) {
            Ok(fd) => {
                let fd = fd.into_raw_fd();
                if !addrlenp.is_null() {
                    // SAFETY: a non-NULL pointer is the caller's socklen_t.
                    unsafe { *addrlenp = address_length(fd) };
                }
                fd
            }
            Err(errors) => self.none_worked(messages, &errors),
        }
    }
}

/// The size of the address a socket is bound to (ai_addrlen for it).
fn address_length(fd: RawFd) -> libc::socklen_t {
    let size = match socket::local_addr(fd) {
        Ok(Some(addr)) if addr.is_ipv6() => size_of::<libc::sockaddr_in6>(),
        _ => size_of::<libc::sockaddr_in>(),
    };
    size as libc::socklen_t
}

overridable! {
    /// A TCP socket connected to `serv` on `host`; exits on failure.
    fn sockshim_unp_tcp_connect(host: *const c_char, serv: *const c_char) -> c_int {
        guard(c"tcp_connect", -1, || {
            // SAFETY: the caller passes NULL or NUL-terminated strings.
            let names = unsafe { Names::new(host, serv) };
            names.connect(&TCP_CONNECT, libc::SOCK_STREAM)
        })
    }
}

overridable! {
    /// tcp_connect(host, serv).
    fn sockshim_unp_Tcp_connect(host: *const c_char, serv: *const c_char) -> c_int {
        // SAFETY: the arguments pass through unchanged.
        guard(c"Tcp_connect", -1, || unsafe { sockshim_unp_tcp_connect(host, serv) })
    }
}

overridable! {
    /// A listening TCP socket for `serv` (host NULL: the wildcard address,
    /// IPv4 first as the resolver orders it): SO_REUSEADDR, bind, then
    /// Listen(fd, LISTENQ), so $LISTENQ applies.  Exits on failure.
    fn sockshim_unp_tcp_listen(host: *const c_char, serv: *const c_char, addrlenp: *mut libc::socklen_t) -> c_int {
        guard(c"tcp_listen", -1, || {
            // SAFETY: the caller passes NULL or NUL-terminated strings.
            let names = unsafe { Names::new(host, serv) };
            let fd = names.bind(&TCP_LISTEN, libc::SOCK_STREAM, addrlenp);
            if fd >= 0 {
                // SAFETY: Listen takes no pointers.
                unsafe { sockshim_unp_Listen(fd, LISTENQ) };
            }
            fd
        })
    }
}

overridable! {
    /// tcp_listen(host, serv, addrlenp).
    fn sockshim_unp_Tcp_listen(host: *const c_char, serv: *const c_char, addrlenp: *mut libc::socklen_t) -> c_int {
        // SAFETY: the arguments pass through unchanged.
        guard(c"Tcp_listen", -1, || unsafe { sockshim_unp_tcp_listen(host, serv, addrlenp) })
    }
}

overridable! {
    /// An unconnected UDP socket for the first address of `host` and `serv`
    /// that gets one; `*saptr` (really an `SA **`) receives a malloc'ed copy
    /// of that address, `*lenp` its size.  Exits on failure.
    fn sockshim_unp_udp_client(host: *const c_char, serv: *const c_char, saptr: *mut c_void, lenp: *mut libc::socklen_t) -> c_int {
        guard(c"udp_client", -1, || {
            // SAFETY: the caller passes NULL or NUL-terminated strings.
            let names = unsafe { Names::new(host, serv) };
            let Some(candidates) = names.resolve(&UDP_CLIENT, 0, libc::SOCK_DGRAM) else {
                return -1;
            };
            let mut errors = Vec::new();
            for candidate in &candidates {
                let family = socket::family_of(&candidate.addr);
                let fd = match socket::open(family, candidate.sock_type, candidate.protocol) {
                    Ok(fd) => fd.into_raw_fd(),
                    Err(error) => {
                        errors.push(CallError { call: crate::error::Call::Socket, error, addr: None });
                        continue;
                    }
                };
                let (address, len) = socket::std_to_sockaddr(&candidate.addr);
                // SAFETY: Malloc takes no pointers.
                let copy = unsafe { sockshim_unp_Malloc(len as usize) };
                // SAFETY: `address` holds `len` bytes of the address (as the
                // C library lays it out) and `copy` has room for as many; the
                // caller's pointers receive the copy.
                unsafe {
                    if !copy.is_null() {
                        let from = (&raw const address).cast::<u8>();
                        std::ptr::copy_nonoverlapping(from, copy.cast::<u8>(), len as usize);
                    }
                    if !saptr.is_null() {
                        *saptr.cast::<*mut c_void>() = copy;
                    }
                    if !lenp.is_null() {
                        *lenp = len;
                    }
                }
                return fd;
            }
            names.none_worked(&UDP_CLIENT, &errors)
        })
    }
}

overridable! {
    /// udp_client(host, serv, saptr, lenp).
    fn sockshim_unp_Udp_client(host: *const c_char, serv: *const c_char, saptr: *mut c_void, lenptr: *mut libc::socklen_t) -> c_int {
        // SAFETY: the arguments pass through unchanged.
        guard(c"Udp_client", -1, || unsafe { sockshim_unp_udp_client(host, serv, saptr, lenptr) })
    }
}

overridable! {
    /// A UDP socket connected to the first address of `host` and `serv`
    /// that takes it; exits on failure.
    fn sockshim_unp_udp_connect(host: *const c_char, serv: *const c_char) -> c_int {
        guard(c"udp_connect", -1, || {
            // SAFETY: the caller passes NULL or NUL-terminated strings.
            let names = unsafe { Names::new(host, serv) };
            names.connect(&UDP_CONNECT, libc::SOCK_DGRAM)
        })
    }
}

overridable! {
    /// udp_connect(host, serv).
    fn sockshim_unp_Udp_connect(host: *const c_char, serv: *const c_char) -> c_int {
        // SAFETY: the arguments pass through unchanged.
        guard(c"Udp_connect", -1, || unsafe { sockshim_unp_udp_connect(host, serv) })
    }
}

overridable! {
    /// A UDP socket bound to `serv` (host NULL: the wildcard address),
    /// without SO_REUSEADDR; exits on failure.
    fn sockshim_unp_udp_server(host: *const c_char, serv: *const c_char, addrlenp: *mut libc::socklen_t) -> c_int {
        guard(c"udp_server", -1, || {
            // SAFETY: the caller passes NULL or NUL-terminated strings.
            let names = unsafe { Names::new(host, serv) };
            names.bind(&UDP_SERVER, libc::SOCK_DGRAM, addrlenp)
        })
    }
}

overridable! {
    /// udp_server(host, serv, addrlenp).
    fn sockshim_unp_Udp_server(host: *const c_char, serv: *const c_char, addrlenp: *mut libc::socklen_t) -> c_int {
        // SAFETY: the arguments pass through unchanged.
        guard(c"Udp_server", -1, || unsafe { sockshim_unp_udp_server(host, serv, addrlenp) })
    }
}

/// getaddrinfo with AI_CANONNAME for host_serv and Host_serv.
fn host_serv_lookup(names: &Names, family: c_int, socktype: c_int) -> Result<AddrInfoList, Eai> {
    names.lookup(libc::AI_CANONNAME, family, socktype)
}

overridable! {
    /// The C library's addrinfo list for `host` and `serv` (AI_CANONNAME,
    /// `family`, `socktype`), which the program frees with freeaddrinfo;
    /// NULL on failure.
    fn sockshim_unp_host_serv(host: *const c_char, serv: *const c_char, family: c_int, socktype: c_int) -> *mut libc::addrinfo {
        guard(c"host_serv", std::ptr::null_mut(), || {
            // SAFETY: the caller passes NULL or NUL-terminated strings.
            let names = unsafe { Names::new(host, serv) };
            host_serv_lookup(&names, family, socktype).map_or(std::ptr::null_mut(), AddrInfoList::into_raw)
        })
    }
}

overridable! {
    /// host_serv, but a failure is err_quit("host_serv error for <host or
    /// (no hostname)>, <serv or (no service name)>: <gai_strerror>").
    fn sockshim_unp_Host_serv(host: *const c_char, serv: *const c_char, family: c_int, socktype: c_int) -> *mut libc::addrinfo {
        guard(c"Host_serv", std::ptr::null_mut(), || {
            // SAFETY: the caller passes NULL or NUL-terminated strings.
            let names = unsafe { Names::new(host, serv) };
            match host_serv_lookup(&names, family, socktype) {
                Ok(list) => list.into_raw(),
                Err(e) => {
                    let host = names.host.as_cstr().unwrap_or(c"(no hostname)");
                    let serv = names.serv.as_cstr().unwrap_or(c"(no service name)");
                    fatal::report_with_hints(names.hints(&e), || {
                        report(Report::Quit, 0, c"host_serv error for %s, %s: %s", &[host, serv, e.text()])
                    });
                    std::ptr::null_mut()
                }
            }
        })
    }
}
