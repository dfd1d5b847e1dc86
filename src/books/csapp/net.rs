//! CS:APP's socket, name and address wrappers, and the client/server helpers
//! `open_clientfd`/`open_listenfd` with their wrappers, in both editions.
//!
//! The helpers are the book's (stream sockets, every address of the name
//! tried in turn, SO_REUSEADDR and backlog LISTENQ on the listening socket,
//! -1 with errno from the last attempt, -2 after a failed lookup with the
//! book's `getaddrinfo failed (...)` line), made over the shared core:
//! [`lookup`] (built-in services, SOCKSHIM_PORTBASE, white space, and no
//! AI_ADDRCONFIG failure on loopback-only hosts) and [`endpoint`] (traced,
//! no CLOEXEC or non-blocking descriptors, IPv4 addresses first so a
//! server's socket stays IPv4).  Named services work too (the book took port
//! numbers only); a port beyond 65535, which the C library would silently
//! wrap, fails the lookup as a junk port does.  The 2nd edition's
//! `open_clientfd(char *, int)` reports a failed lookup through h_errno.

use super::{
    app_error, dns_error, dns_error2, eprint2, fail, gai_error, guard, overridable, set_h_errno,
    unix_error,
};
use crate::endpoint;
use crate::error::{self, CallError, Eai};
use crate::ffi::CText;
use crate::lookup::{self, Candidate, Candidates, Query};
use crate::resolve::{self, Service};
use crate::sysdb::{self, Hints};
use crate::{config, fatal};
use std::cell::RefCell;
use std::ffi::{CStr, CString, c_char, c_int, c_void};
use std::os::fd::IntoRawFd;

/// csapp.h's LISTENQ: open_listenfd's listen backlog.
const LISTENQ: c_int = 1024;

// <netdb.h>'s h_errno values.
const HOST_NOT_FOUND: c_int = 1;
const TRY_AGAIN: c_int = 2;
const NO_RECOVERY: c_int = 3;
const NO_DATA: c_int = 4;

/// glibc's EAI_ADDRFAMILY (not in the libc crate).
const EAI_ADDRFAMILY: c_int = -9;

overridable! {
    /// socket(2); "Socket error".
    fn sockshim_csapp_Socket(domain: c_int, sock_type: c_int, protocol: c_int) -> c_int {
        guard(c"Socket", -1, || {
            // SAFETY: socket(2) takes no pointers.
            let fd = unsafe { libc::socket(domain, sock_type, protocol) };
            if fd < 0 {
                fail(c"Socket error");
            }
            fd
        })
    }
}

overridable! {
    /// setsockopt(2) (int length, as the book); "Setsockopt error".
    fn sockshim_csapp_Setsockopt(s: c_int, level: c_int, optname: c_int, optval: *const c_void, optlen: c_int) {
        guard(c"Setsockopt", (), || {
            // SAFETY: the program's option value of `optlen` bytes; the
            // kernel checks it.
            let rc = unsafe { libc::setsockopt(s, level, optname, optval, optlen as libc::socklen_t) };
            if rc < 0 {
                fail(c"Setsockopt error");
            }
        })
    }
}

overridable! {
    /// bind(2) (int length); "Bind error".
    fn sockshim_csapp_Bind(sockfd: c_int, addr: *mut libc::sockaddr, addrlen: c_int) {
        guard(c"Bind", (), || {
            // SAFETY: the program's address of `addrlen` bytes; the kernel checks it.
            if unsafe { libc::bind(sockfd, addr, addrlen as libc::socklen_t) } < 0 {
                fail(c"Bind error");
            }
        })
    }
}

overridable! {
    /// listen(2); "Listen error".
    fn sockshim_csapp_Listen(s: c_int, backlog: c_int) {
        guard(c"Listen", (), || {
            // SAFETY: listen(2) takes no pointers.
            if unsafe { libc::listen(s, backlog) } < 0 {
                fail(c"Listen error");
            }
        })
    }
}

overridable! {
    /// accept(2), no retry (as the book) but for a shortage of descriptors
    /// or memory, which is waited out (socket::accept_waiting); "Accept
    /// error".
    fn sockshim_csapp_Accept(s: c_int, addr: *mut libc::sockaddr, addrlen: *mut libc::socklen_t) -> c_int {
        guard(c"Accept", -1, || {
            // SAFETY: NULL or the program's address buffer and its length.
            let fd = unsafe { crate::socket::accept_waiting(s, addr, addrlen) };
            if fd < 0 {
                fail(c"Accept error");
            }
            fd
        })
    }
}

overridable! {
    /// connect(2) (int length); "Connect error".
    fn sockshim_csapp_Connect(sockfd: c_int, addr: *mut libc::sockaddr, addrlen: c_int) {
        guard(c"Connect", (), || {
            // SAFETY: the program's address of `addrlen` bytes; the kernel checks it.
            if unsafe { libc::connect(sockfd, addr, addrlen as libc::socklen_t) } < 0 {
                fail(c"Connect error");
            }
        })
    }
}

/// The hints getaddrinfo uses when the program passes none.
fn default_hints() -> Hints {
    Hints {
        flags: libc::AI_V4MAPPED | libc::AI_ADDRCONFIG,
        family: libc::AF_UNSPEC,
        ..Hints::default()
    }
}

overridable! {
    /// getaddrinfo(3) with sockshim's improvements (built-in services, port
    /// base, white space, no AI_ADDRCONFIG failure on loopback-only hosts);
    /// the list is the C library's, freed with Freeaddrinfo.  Failure:
    /// gai_error(code, "Getaddrinfo error").
    fn sockshim_csapp_Getaddrinfo(
        node: *const c_char,
        service: *const c_char,
        hints: *const libc::addrinfo,
        res: *mut *mut libc::addrinfo,
    ) {
        guard(c"Getaddrinfo", (), || {
            // SAFETY: NULL or NUL-terminated strings, as for getaddrinfo(3).
            let (node, service) = unsafe { (CText::new(node), CText::new(service)) };
            // SAFETY: NULL or the program's hints.
            let hints = match unsafe { hints.as_ref() } {
                Some(h) => Hints {
                    flags: h.ai_flags,
                    family: h.ai_family,
                    sock_type: h.ai_socktype,
                    protocol: h.ai_protocol,
                },
                None => default_hints(),
            };
            let query = Query { host: node.as_cstr(), service: service.as_cstr(), hints };
            match lookup::lookup(&query, config::get().portbase) {
                // SAFETY: `res` points at the program's list pointer.
                Ok(list) if !res.is_null() => unsafe { *res = list.into_raw() },
                Ok(_) => gai_error(libc::EAI_SYSTEM, c"Getaddrinfo error"),
                Err(e) => gai_error(e.code, c"Getaddrinfo error"),
            }
        })
    }
}

overridable! {
    /// getnameinfo(3); gai_error(code, "Getnameinfo error").
    fn sockshim_csapp_Getnameinfo(
        sa: *const libc::sockaddr,
        salen: libc::socklen_t,
        host: *mut c_char,
        hostlen: libc::size_t,
        serv: *mut c_char,
        servlen: libc::size_t,
        flags: c_int,
    ) {
        guard(c"Getnameinfo", (), || {
            if sa.is_null() {
                gai_error(libc::EAI_FAMILY, c"Getnameinfo error");
                return;
            }
            let size = |n: libc::size_t| libc::socklen_t::try_from(n).unwrap_or(libc::socklen_t::MAX);
            // SAFETY: the program's address of `salen` bytes and its
            // buffers of the given sizes (NULL with size 0 where not wanted).
            let rc = unsafe {
                libc::getnameinfo(sa, salen, host, size(hostlen), serv, size(servlen), flags)
            };
            if rc != 0 {
                gai_error(rc, c"Getnameinfo error");
            }
        })
    }
}

overridable! {
    /// freeaddrinfo(3).
    fn sockshim_csapp_Freeaddrinfo(res: *mut libc::addrinfo) {
        guard(c"Freeaddrinfo", (), || {
            if !res.is_null() {
                // SAFETY: a list getaddrinfo (or Getaddrinfo) returned.
                unsafe { libc::freeaddrinfo(res) };
            }
        })
    }
}

overridable! {
    /// inet_ntop(3); "Inet_ntop error".
    fn sockshim_csapp_Inet_ntop(af: c_int, src: *const c_void, dst: *mut c_char, size: libc::socklen_t) {
        // Declared here, not at module level, so that cbindgen leaves it
        // out of sockshim.h.
        unsafe extern "C" {
            fn inet_ntop(af: c_int, src: *const c_void, dst: *mut c_char, size: libc::socklen_t) -> *const c_char;
        }
        guard(c"Inet_ntop", (), || {
            if src.is_null() || dst.is_null() {
                unix_error(c"Inet_ntop error", libc::EFAULT);
                return;
            }
            // SAFETY: an address of family `af` and a buffer of `size` bytes.
            if unsafe { inet_ntop(af, src, dst, size) }.is_null() {
                fail(c"Inet_ntop error");
            }
        })
    }
}

overridable! {
    /// inet_pton(3): text that is no address gives app_error("inet_pton
    /// error: invalid dotted-decimal address"), an unknown family
    /// "Inet_pton error".
    fn sockshim_csapp_Inet_pton(af: c_int, src: *const c_char, dst: *mut c_void) {
        unsafe extern "C" {
            fn inet_pton(af: c_int, src: *const c_char, dst: *mut c_void) -> c_int;
        }
        guard(c"Inet_pton", (), || {
            let rc = if src.is_null() || dst.is_null() {
                0
            } else {
                // SAFETY: a NUL-terminated text and room for an address of `af`.
                unsafe { inet_pton(af, src, dst) }
            };
            if rc == 0 {
                app_error(c"inet_pton error: invalid dotted-decimal address");
            } else if rc < 0 {
                fail(c"Inet_pton error");
            }
        })
    }
}

/// What gethostbyname and gethostbyaddr return, kept per thread: the
/// book's functions return static storage; this is the same, per thread,
/// so threads do not overwrite each other's answer.
struct HostStore {
    entry: libc::hostent,
    buf: Vec<c_char>,
}

thread_local! {
    static HOST: RefCell<Option<Box<HostStore>>> = const { RefCell::new(None) };
}

/// The reentrant lookup `call` (gethostbyname_r or gethostbyaddr_r) into
/// this thread's storage, growing the buffer as asked: the entry, or NULL
/// with h_errno set.
fn host_lookup(
    call: impl Fn(*mut libc::hostent, *mut c_char, usize, *mut *mut libc::hostent, *mut c_int) -> c_int,
) -> *mut libc::hostent {
    HOST.with(|cell| {
        let mut slot = cell.borrow_mut();
        let store = slot.get_or_insert_with(|| {
            Box::new(HostStore {
                // SAFETY: all-zero bytes are a valid (empty) hostent.
                entry: unsafe { std::mem::zeroed() },
                buf: vec![0; 1024],
            })
        });
        let HostStore { entry, buf } = &mut **store;
        loop {
            let mut result: *mut libc::hostent = std::ptr::null_mut();
            let mut herr: c_int = 0;
            let rc = call(entry, buf.as_mut_ptr(), buf.len(), &mut result, &mut herr);
            if rc == libc::ERANGE && buf.len() < 1 << 20 {
                let bigger = buf.len() * 2;
                buf.resize(bigger, 0);
                continue;
            }
            if result.is_null() {
                set_h_errno(if herr == 0 { NO_RECOVERY } else { herr });
            }
            return result;
        }
    })
}

/// gethostbyname, thread-safely; NULL (h_errno set) when it fails.
fn host_by_name(name: *const c_char) -> *mut libc::hostent {
    unsafe extern "C" {
        fn gethostbyname_r(
            name: *const c_char,
            ret: *mut libc::hostent,
            buf: *mut c_char,
            buflen: libc::size_t,
            result: *mut *mut libc::hostent,
            h_errnop: *mut c_int,
        ) -> c_int;
    }
    if name.is_null() {
        set_h_errno(HOST_NOT_FOUND);
        return std::ptr::null_mut();
    }
    // SAFETY: a NUL-terminated name and this thread's storage.
    host_lookup(|ret, buf, len, result, herr| unsafe {
        gethostbyname_r(name, ret, buf, len, result, herr)
    })
}

/// gethostbyaddr, thread-safely; NULL (h_errno set) when it fails.
fn host_by_addr(addr: *const c_char, len: c_int, kind: c_int) -> *mut libc::hostent {
    unsafe extern "C" {
        fn gethostbyaddr_r(
            addr: *const c_void,
            len: libc::socklen_t,
            kind: c_int,
            ret: *mut libc::hostent,
            buf: *mut c_char,
            buflen: libc::size_t,
            result: *mut *mut libc::hostent,
            h_errnop: *mut c_int,
        ) -> c_int;
    }
    let Ok(len) = libc::socklen_t::try_from(len) else {
        set_h_errno(NO_RECOVERY);
        return std::ptr::null_mut();
    };
    if addr.is_null() {
        set_h_errno(HOST_NOT_FOUND);
        return std::ptr::null_mut();
    }
    // SAFETY: an address of `len` bytes and this thread's storage.
    host_lookup(|ret, buf, buflen, result, herr| unsafe {
        gethostbyaddr_r(addr.cast(), len, kind, ret, buf, buflen, result, herr)
    })
}

/// A host entry, or the `dns_error` of the edition (`report`) with `msg`.
fn host_or_dns_error(
    entry: *mut libc::hostent,
    report: fn(&CStr),
    msg: &CStr,
) -> *mut libc::hostent {
    if entry.is_null() {
        report(msg);
    }
    entry
}

overridable! {
    /// gethostbyname(3), per-thread storage; dns_error("Gethostbyname error").
    fn sockshim_csapp_Gethostbyname(name: *const c_char) -> *mut libc::hostent {
        guard(c"Gethostbyname", std::ptr::null_mut(), || {
            host_or_dns_error(host_by_name(name), dns_error, c"Gethostbyname error")
        })
    }
}

overridable! {
    /// gethostbyaddr(3), per-thread storage; dns_error("Gethostbyaddr error").
    fn sockshim_csapp_Gethostbyaddr(addr: *const c_char, len: c_int, kind: c_int) -> *mut libc::hostent {
        guard(c"Gethostbyaddr", std::ptr::null_mut(), || {
            host_or_dns_error(host_by_addr(addr, len, kind), dns_error, c"Gethostbyaddr error")
        })
    }
}

overridable! {
    /// 2nd edition: gethostbyname(3); dns_error("Gethostbyname error"),
    /// which prints h_errno.
    fn sockshim_csapp2_Gethostbyname(name: *const c_char) -> *mut libc::hostent {
        guard(c"Gethostbyname", std::ptr::null_mut(), || {
            host_or_dns_error(host_by_name(name), dns_error2, c"Gethostbyname error")
        })
    }
}

overridable! {
    /// 2nd edition: gethostbyaddr(3); dns_error("Gethostbyaddr error").
    fn sockshim_csapp2_Gethostbyaddr(addr: *const c_char, len: c_int, kind: c_int) -> *mut libc::hostent {
        guard(c"Gethostbyaddr", std::ptr::null_mut(), || {
            host_or_dns_error(host_by_addr(addr, len, kind), dns_error2, c"Gethostbyaddr error")
        })
    }
}

/// Why the book's getaddrinfo call would have failed.
#[derive(Debug)]
struct LookupFailure {
    /// The code the book's call would have returned (its message's text).
    shown: Eai,
    /// Whether the port (not the host) is what failed.
    about_service: bool,
}

/// Whether `port` is a number the C library would silently wrap (beyond
/// 65535): the book's caller gets a port it never asked for.
fn wraps(port: &str) -> bool {
    !port.trim().is_empty()
        && matches!(Service::parse(port), Service::Number(n) if n.is_none_or(|n| n > 65535))
}

/// The book's getaddrinfo for a stream socket (AI_ADDRCONFIG plus `flags`),
/// through the shared lookup, so that service names work too (the book
/// asked for AI_NUMERICSERV); the candidates IPv4 first.
fn book_lookup(
    host: Option<&CStr>,
    port: CText,
    flags: c_int,
    family: c_int,
) -> Result<Candidates, LookupFailure> {
    if port.as_str().is_some_and(wraps) {
        return Err(LookupFailure {
            shown: Eai::new(libc::EAI_NONAME),
            about_service: true,
        });
    }
    let hints = Hints {
        flags: flags | libc::AI_ADDRCONFIG,
        family,
        sock_type: libc::SOCK_STREAM,
        protocol: 0,
    };
    let query = Query {
        host,
        service: port.as_cstr(),
        hints,
    };
    match lookup::lookup_candidates(&query, config::get().portbase) {
        Ok(mut candidates) => {
            candidates.sort_by_key(|c| c.addr.is_ipv6());
            Ok(candidates)
        }
        Err(e) if e.code == libc::EAI_SERVICE => {
            // What the book's call (AI_NUMERICSERV) said about this port.
            let numeric = Hints {
                flags: hints.flags | libc::AI_NUMERICSERV,
                ..hints
            };
            let shown = sysdb::getaddrinfo(host, port.as_cstr(), &numeric)
                .err()
                .unwrap_or(e);
            Err(LookupFailure {
                shown,
                about_service: true,
            })
        }
        Err(e) => Err(LookupFailure {
            shown: e,
            about_service: false,
        }),
    }
}

/// Stages SOCKSHIM_EXPLAIN hints for a failed lookup (printed at exit,
/// after the program's or the wrapper's message).
fn stage_lookup_hints(failure: &LookupFailure, host: CText, port: CText) {
    let code = match failure.about_service {
        true => Eai::new(libc::EAI_SERVICE),
        false => failure.shown,
    };
    let hints = fatal::hints_for_lookup(&code, host.as_str(), !host.is_null(), port.as_str());
    fatal::stage_hints(hints);
}

/// After no address worked: errno is the last attempt's, as the book's loop
/// leaves it, and SOCKSHIM_EXPLAIN hints wait for the program's message.
fn no_address_worked(errors: &[CallError], host: CText, port: CText) -> c_int {
    fatal::no_address_worked(errors, &fatal::explain_inputs(host.as_str(), port.as_str()))
}

/// Connects to the first candidate that answers.
fn connect(candidates: &[Candidate], host: CText, port: CText) -> c_int {
    match endpoint::connect_first(candidates, config::get().connect_timeout) {
        Ok(fd) => fd.into_raw_fd(),
        Err(errors) => no_address_worked(&errors, host, port),
    }
}

/// Binds and listens (backlog LISTENQ) on the first candidate that works.
fn listen(candidates: &[Candidate], port: CText) -> c_int {
    let knobs = config::get();
    match endpoint::passive_first(candidates, Some(LISTENQ), knobs.reuseaddr, knobs.dualstack) {
        Ok(fd) => fd.into_raw_fd(),
        Err(errors) => no_address_worked(&errors, CText::default(), port),
    }
}

/// open_listenfd's usual case, a plain port on a host with IPv4, without
/// the book's lookup: the socket [`listen`] would make from its first
/// candidate.
fn listen_without_lookup(port: CText) -> Option<std::os::fd::OwnedFd> {
    let port = resolve::plain_port(port.as_cstr()?.to_bytes())?;
    endpoint::listen_on_ipv4_wildcard(port, LISTENQ, config::get().reuseaddr)
}

overridable! {
    /// A stream socket connected to `hostname`:`port`, every address tried,
    /// IPv4 first: the descriptor; -1 with errno set; -2 after printing
    /// "getaddrinfo failed (<host>:<port>): <reason>".
    fn sockshim_csapp_open_clientfd(hostname: *mut c_char, port: *mut c_char) -> c_int {
        guard(c"open_clientfd", -1, || {
            // SAFETY: NULL or NUL-terminated strings.
            let (host, service) = unsafe { (CText::new(hostname), CText::new(port)) };
            match book_lookup(host.as_cstr(), service, 0, libc::AF_UNSPEC) {
                Ok(candidates) => connect(&candidates, host, service),
                Err(failure) => {
                    // SAFETY: two strings (NULL prints "(null)") and a third
                    // through the format's last %s.
                    unsafe {
                        libc::fprintf(
                            crate::stdio::c_stderr(),
                            c"getaddrinfo failed (%s:%s): %s\n".as_ptr(),
                            hostname,
                            port,
                            failure.shown.text().as_ptr(),
                        )
                    };
                    stage_lookup_hints(&failure, host, service);
                    -2
                }
            }
        })
    }
}

overridable! {
    /// A listening stream socket on `port` (every local address; IPv4 by
    /// default), SO_REUSEADDR, backlog LISTENQ: the descriptor; -1 with
    /// errno set; -2 after "getaddrinfo failed (port <port>): <reason>".
    fn sockshim_csapp_open_listenfd(port: *mut c_char) -> c_int {
        guard(c"open_listenfd", -1, || {
            // SAFETY: NULL or a NUL-terminated string.
            let service = unsafe { CText::new(port) };
            if let Some(fd) = listen_without_lookup(service) {
                return fd.into_raw_fd();
            }
            match book_lookup(None, service, libc::AI_PASSIVE, libc::AF_UNSPEC) {
                Ok(candidates) => listen(&candidates, service),
                Err(failure) => {
                    // SAFETY: two strings for the two %s.
                    unsafe {
                        eprint2(
                            c"getaddrinfo failed (port %s): %s\n",
                            port,
                            failure.shown.text().as_ptr(),
                        )
                    };
                    stage_lookup_hints(&failure, CText::default(), service);
                    -2
                }
            }
        })
    }
}

overridable! {
    /// open_clientfd; on failure unix_error("Open_clientfd error") with
    /// errno as open_clientfd left it: after a failed lookup (-2) not the
    /// lookup's, so the book's line ends in "Success" when nothing set it.
    fn sockshim_csapp_Open_clientfd(hostname: *mut c_char, port: *mut c_char) -> c_int {
        guard(c"Open_clientfd", -1, || {
            // SAFETY: passed on as the program gave them.
            let rc = unsafe { sockshim_csapp_open_clientfd(hostname, port) };
            if rc < 0 {
                fail(c"Open_clientfd error");
            }
            rc
        })
    }
}

overridable! {
    /// open_listenfd; on failure unix_error("Open_listenfd error"), errno
    /// as for Open_clientfd.
    fn sockshim_csapp_Open_listenfd(port: *mut c_char) -> c_int {
        guard(c"Open_listenfd", -1, || {
            // SAFETY: passed on as the program gave it.
            let rc = unsafe { sockshim_csapp_open_listenfd(port) };
            if rc < 0 {
                fail(c"Open_listenfd error");
            }
            rc
        })
    }
}

/// The h_errno that gethostbyname would have set for a lookup failure.
fn h_errno_for(code: c_int) -> c_int {
    match code {
        libc::EAI_AGAIN => TRY_AGAIN,
        libc::EAI_FAIL | libc::EAI_MEMORY | libc::EAI_SYSTEM => NO_RECOVERY,
        libc::EAI_NODATA | EAI_ADDRFAMILY => NO_DATA,
        _ => HOST_NOT_FOUND,
    }
}

/// A 2nd-edition port number as text, or None (errno EINVAL) when it is no
/// port at all.
fn port_text(port: c_int) -> Option<CString> {
    match u16::try_from(port) {
        Ok(port) => CString::new(port.to_string()).ok(),
        Err(_) => {
            error::set_errno_value(libc::EINVAL);
            None
        }
    }
}

overridable! {
    /// 2nd edition: a stream socket connected to `hostname`:`port`: the
    /// descriptor; -1 with errno set; -2 with h_errno set when the name
    /// does not resolve.
    fn sockshim_csapp2_open_clientfd(hostname: *mut c_char, port: c_int) -> c_int {
        guard(c"open_clientfd", -1, || {
            let Some(text) = port_text(port) else {
                return -1;
            };
            // SAFETY: NULL or a NUL-terminated string; `text` outlives its use.
            let (host, service) = unsafe { (CText::new(hostname), CText::new(text.as_ptr())) };
            match book_lookup(host.as_cstr(), service, 0, libc::AF_UNSPEC) {
                Ok(candidates) => connect(&candidates, host, service),
                Err(failure) => {
                    stage_lookup_hints(&failure, host, service);
                    set_h_errno(h_errno_for(failure.shown.code));
                    -2
                }
            }
        })
    }
}

overridable! {
    /// 2nd edition: a listening IPv4 stream socket on `port` (IPv6 and
    /// IPv4 with SOCKSHIM_DUALSTACK=1), SO_REUSEADDR, backlog LISTENQ: the
    /// descriptor, or -1 with errno set.
    fn sockshim_csapp2_open_listenfd(port: c_int) -> c_int {
        guard(c"open_listenfd", -1, || {
            let Some(text) = port_text(port) else {
                return -1;
            };
            // SAFETY: `text` is NUL-terminated and outlives its use.
            let service = unsafe { CText::new(text.as_ptr()) };
            let family = if config::get().dualstack {
                libc::AF_UNSPEC
            } else {
                libc::AF_INET
            };
            match book_lookup(None, service, libc::AI_PASSIVE, family) {
                Ok(candidates) => listen(&candidates, service),
                Err(_) => {
                    error::set_errno_value(libc::EADDRNOTAVAIL);
                    -1
                }
            }
        })
    }
}

overridable! {
    /// 2nd edition: open_clientfd; unix_error("Open_clientfd Unix error")
    /// for -1, dns_error("Open_clientfd DNS error") for -2.
    fn sockshim_csapp2_Open_clientfd(hostname: *mut c_char, port: c_int) -> c_int {
        guard(c"Open_clientfd", -1, || {
            // SAFETY: passed on as the program gave them.
            let rc = unsafe { sockshim_csapp2_open_clientfd(hostname, port) };
            match rc {
                -1 => fail(c"Open_clientfd Unix error"),
                -2 => dns_error2(c"Open_clientfd DNS error"),
                _ => {}
            }
            rc
        })
    }
}

overridable! {
    /// 2nd edition: open_listenfd; unix_error("Open_listenfd error").
    fn sockshim_csapp2_Open_listenfd(port: c_int) -> c_int {
        guard(c"Open_listenfd", -1, || {
            // SAFETY: passed on as the program gave it.
            let rc = unsafe { sockshim_csapp2_open_listenfd(port) };
            if rc < 0 {
                fail(c"Open_listenfd error");
            }
            rc
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ports_the_c_library_would_wrap_are_refused() {
        assert!(wraps("65536"));
        assert!(wraps("99999999999"));
        assert!(wraps(" 70000\n"));
        assert!(!wraps("65535"));
        assert!(!wraps("0"));
        assert!(!wraps(""));
        assert!(!wraps("http"));
        assert!(!wraps("-1"));
    }

    #[test]
    fn lookup_failures_map_to_gethostbynames_h_errno() {
        assert_eq!(h_errno_for(libc::EAI_NONAME), HOST_NOT_FOUND);
        assert_eq!(h_errno_for(libc::EAI_AGAIN), TRY_AGAIN);
        assert_eq!(h_errno_for(libc::EAI_FAIL), NO_RECOVERY);
        assert_eq!(h_errno_for(libc::EAI_NODATA), NO_DATA);
    }

    #[test]
    fn the_books_lookup_says_what_the_books_call_said() {
        let port = |p: &'static CStr| CText::from_static(p);
        let failed = |p| book_lookup(Some(c"127.0.0.1"), port(p), 0, libc::AF_UNSPEC).err();
        let bad = failed(c"notaport").unwrap();
        assert_eq!(bad.shown.code, libc::EAI_NONAME);
        assert!(bad.about_service);
        assert_eq!(failed(c"65536").unwrap().shown.code, libc::EAI_NONAME);
        assert!(failed(c"7").is_none());
        let found = book_lookup(None, port(c"5000"), libc::AI_PASSIVE, libc::AF_UNSPEC).unwrap();
        assert!(found[0].addr.is_ipv4(), "{found:?}");
        let named = book_lookup(Some(c"127.0.0.1"), port(c"echo"), 0, libc::AF_UNSPEC).unwrap();
        assert_eq!(named[0].addr.port(), 7);
    }
}
