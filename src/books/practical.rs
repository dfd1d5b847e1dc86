//! Donahoo & Calvert, TCP/IP Sockets in C, 2nd edition: the eight helpers
//! that `Practical.h` declares, bound to `sockshim_practical_<Name>`
//! (include/sockshim/practical/Practical.h).  Faithful to the book's helper
//! files: the same lines on the same streams (stdout unflushed), exit status
//! 1, and -1 from the Setup functions when no address worked.  Invisibly
//! better, as SPEC §3 for the 1st edition: names through [`crate::lookup`]
//! (built-in services, port base, loopback-only hosts), SO_REUSEADDR on the
//! server socket, EINTR retried by accept, and an echo with a large buffer
//! that never raises SIGPIPE and ends only the connection a client resets.
//!
//! Every function is [`overridable!`], so a program's own version (in a file
//! that includes Practical.h) is the one used, also by the others here.

use super::overridable;
use crate::endpoint::{self, EchoEnd};
use crate::error::{self, Call, CallError};
use crate::ffi::{self, CText};
use crate::lookup::{self, Query};
use crate::sysdb::Hints;
use crate::{config, fatal, socket, stdio};
use std::ffi::{CStr, c_char, c_int};
use std::net::SocketAddr;
use std::os::fd::{AsRawFd, IntoRawFd, OwnedFd};

/// The listen backlog of the book's server socket (MAXPENDING).
const MAXPENDING: c_int = 5;

/// Runs an entry point's body; a panic (a sockshim bug) ends in
/// DieWithUserMessage("sockshim: internal error", <entry>), exit 1.
fn guard<T>(entry: &CStr, fallback: T, body: impl FnOnce() -> T) -> T {
    ffi::guard_or(body, || {
        die_user(c"sockshim: internal error", entry);
        fallback
    })
}

/// The program's (or our) DieWithUserMessage.
fn die_user(msg: &CStr, detail: &CStr) {
    // SAFETY: both arguments are NUL-terminated strings.
    unsafe { sockshim_practical_DieWithUserMessage(msg.as_ptr(), detail.as_ptr()) };
}

/// The program's (or our) DieWithSystemMessage, with errno set to `error`'s,
/// after SOCKSHIM_EXPLAIN hints for it are staged.
fn die_system(msg: &CStr, failure: &CallError) {
    fatal::report_with_hints(fatal::hints_for_call(failure), || {
        error::set_errno(&failure.error);
        // SAFETY: `msg` is a NUL-terminated string.
        unsafe { sockshim_practical_DieWithSystemMessage(msg.as_ptr()) };
    });
}

/// Looks the names up as the book does (AF_UNSPEC, TCP); on failure calls
/// DieWithUserMessage("getaddrinfo() failed", <gai text>).
fn lookup_tcp(host: CText, service: CText, flags: c_int) -> Option<lookup::Candidates> {
    let query = Query {
        host: host.as_cstr(),
        service: service.as_cstr(),
        hints: Hints {
            flags,
            family: libc::AF_UNSPEC,
            sock_type: libc::SOCK_STREAM,
            protocol: libc::IPPROTO_TCP,
        },
    };
    match lookup::lookup_candidates(&query, config::get().portbase) {
        Ok(found) => Some(found),
        Err(e) => {
            let hints =
                fatal::hints_for_lookup(&e, host.as_str(), !host.is_null(), service.as_str());
            fatal::report_with_hints(hints, || die_user(c"getaddrinfo() failed", e.text()));
            None
        }
    }
}

/// After no address worked: errno is the last attempt's, as the book's loop
/// left it, and SOCKSHIM_EXPLAIN hints wait for the program's own message.
/// Writes `text` on a C stream.
fn put(text: &CStr, stream: *mut libc::FILE) {
    // SAFETY: callers pass a stream the program gave us or the C library's own.
    unsafe { stdio::put(text, stream) };
}

/// Writes what PrintSocketAddress prints for an address: the numeric
/// address and, unless the port is 0, a hyphen and the port.
fn write_address(addr: &SocketAddr, out: &mut stdio::Writer) {
    out.text(socket::ntop_in(&addr.ip(), &mut [0; socket::NTOP_LEN]));
    if addr.port() != 0 {
        out.text("-").decimal(addr.port().into());
    }
}

/// A socket address as a C `sockaddr_storage` for PrintSocketAddress.
fn storage_of(addr: &SocketAddr) -> libc::sockaddr_storage {
    socket::std_to_sockaddr(addr).0
}

overridable! {
    /// Prints "<msg>: <detail>" and a newline on stderr, then exit(1).
    fn sockshim_practical_DieWithUserMessage(msg: *const c_char, detail: *const c_char) {
        ffi::guard_or(
            || {
                // SAFETY: the caller passes NULL or NUL-terminated strings.
                let (msg, detail) = unsafe { (CText::new(msg), CText::new(detail)) };
                let stderr = stdio::c_stderr();
                for part in [msg.for_message(), c": ", detail.for_message(), c"\n"] {
                    // SAFETY: the C library's stderr is a valid stream.
                    unsafe { stdio::put(part, stderr) };
                }
            },
            || (),
        );
        // SAFETY: exit(3) runs the program's exit handlers and never returns.
        unsafe { libc::exit(1) }
    }
}

overridable! {
    /// perror(msg), then exit(1).
    fn sockshim_practical_DieWithSystemMessage(msg: *const c_char) {
        // SAFETY: perror accepts NULL or a NUL-terminated string; exit(3)
        // never returns.
        unsafe {
            libc::perror(msg);
            libc::exit(1)
        }
    }
}

overridable! {
    /// Prints an IPv4 or IPv6 address as "<address>-<port>" (no port when
    /// it is 0) on `stream`; "[unknown type]" for another family; nothing
    /// when either argument is NULL.
    fn sockshim_practical_PrintSocketAddress(address: *const libc::sockaddr, stream: *mut libc::FILE) {
        guard(c"PrintSocketAddress", (), || {
            if address.is_null() || stream.is_null() {
                return;
            }
            // SAFETY: a non-NULL address points at a socket address of its
            // family's size, as the book's callers pass.
            match unsafe { socket::sockaddr_at(address) } {
                Ok(addr) => {
                    // SAFETY: the stream is the caller's, non-NULL.
                    let mut out = unsafe { stdio::Writer::new(stream) };
                    write_address(&addr, &mut out);
                    out.finish();
                }
                Err(_) => put(c"[unknown type]", stream),
            }
        })
    }
}

/// The book's equality of two socket addresses (see SockAddrsEqual).
fn addresses_equal(a: Result<SocketAddr, c_int>, b: Result<SocketAddr, c_int>) -> bool {
    match (a, b) {
        (Ok(SocketAddr::V4(a)), Ok(SocketAddr::V4(b))) => a == b,
        (Ok(SocketAddr::V6(a)), Ok(SocketAddr::V6(b))) => a.ip() == b.ip() && a.port() == b.port(),
        _ => false,
    }
}

overridable! {
    /// Whether two socket addresses are equal: both NULL, or both IPv4 (or
    /// both IPv6) with the same address and port (scope ids not compared).
    fn sockshim_practical_SockAddrsEqual(addr1: *const libc::sockaddr, addr2: *const libc::sockaddr) -> bool {
        guard(c"SockAddrsEqual", false, || match (addr1.is_null(), addr2.is_null()) {
            (true, true) => true,
            (false, false) => {
                // SAFETY: non-NULL addresses point at socket addresses of
                // their family's size, as the book's callers pass.
                let (a, b) = unsafe { (socket::sockaddr_at(addr1), socket::sockaddr_at(addr2)) };
                addresses_equal(a, b)
            }
            _ => false,
        })
    }
}

overridable! {
    /// A TCP socket connected to `service` on `host`, trying each address
    /// in the resolver's order; -1 when none answered.  A lookup failure
    /// calls DieWithUserMessage("getaddrinfo() failed", <reason>).
    fn sockshim_practical_SetupTCPClientSocket(host: *const c_char, service: *const c_char) -> c_int {
        guard(c"SetupTCPClientSocket", -1, || {
            // SAFETY: the caller passes NULL or NUL-terminated strings.
            let (host, service) = unsafe { (CText::new(host), CText::new(service)) };
            let Some(candidates) = lookup_tcp(host, service, 0) else {
                return -1;
            };
            let timeout = config::get().connect_timeout;
            match endpoint::connect_first(&candidates, timeout) {
                Ok(fd) => fd.into_raw_fd(),
                Err(errors) => fatal::no_address_worked(&errors, &fatal::explain_inputs(host.as_str(), service.as_str())),
            }
        })
    }
}

/// Prints "Binding to <local address>" on stdout for a new server socket.
fn print_binding(fd: &OwnedFd) -> Result<(), CallError> {
    let local = socket::local_addr(fd.as_raw_fd()).map_err(|error| CallError {
        call: Call::Bind,
        error,
        addr: None,
    })?;
    put(c"Binding to ", stdio::c_stdout());
    if let Some(addr) = local {
        let storage = storage_of(&addr);
        // SAFETY: `storage` holds the socket address; stdout is valid.
        unsafe {
            sockshim_practical_PrintSocketAddress((&raw const storage).cast(), stdio::c_stdout())
        };
    }
    put(c"\n", stdio::c_stdout());
    Ok(())
}

overridable! {
    /// A TCP server socket for `service`, listening with the book's backlog
    /// on the first local address that binds (0.0.0.0 on Linux; IPv6 and
    /// IPv4 with SOCKSHIM_DUALSTACK=1); prints "Binding to <address>-<port>"
    /// on stdout.  -1 when no address worked.
    fn sockshim_practical_SetupTCPServerSocket(service: *const c_char) -> c_int {
        guard(c"SetupTCPServerSocket", -1, || {
            // SAFETY: the caller passes NULL or a NUL-terminated string.
            let service = unsafe { CText::new(service) };
            let Some(candidates) = lookup_tcp(CText::default(), service, libc::AI_PASSIVE) else {
                return -1;
            };
            let knobs = config::get();
            let opened = endpoint::passive_first(
                &candidates,
                Some(MAXPENDING),
                knobs.reuseaddr,
                knobs.dualstack,
            );
            match opened {
                Ok(fd) => match print_binding(&fd) {
                    Ok(()) => fd.into_raw_fd(),
                    Err(e) => {
                        die_system(c"getsockname() failed", &e);
                        -1
                    }
                },
                Err(errors) => fatal::no_address_worked(&errors, &fatal::explain_inputs(None, service.as_str())),
            }
        })
    }
}

overridable! {
    /// Accepts a client on `servSock` (retrying when a signal interrupts),
    /// prints "Handling client <address>-<port>" on stdout, and returns the
    /// client's socket.  Failure: DieWithSystemMessage("accept() failed").
    fn sockshim_practical_AcceptTCPConnection(servSock: c_int) -> c_int {
        guard(c"AcceptTCPConnection", -1, || match socket::accept_raw(servSock) {
            Ok((fd, mut peer, _)) => {
                if config::get().dualstack {
                    // SAFETY: `peer` is the socket address accept wrote.
                    if let Ok(addr) = unsafe { socket::sockaddr_at((&raw const peer).cast()) } {
                        peer = storage_of(&endpoint::unmapped(addr));
                    }
                }
                put(c"Handling client ", stdio::c_stdout());
                // SAFETY: `peer` holds the client's address; stdout is valid.
                unsafe {
                    sockshim_practical_PrintSocketAddress((&raw const peer).cast(), stdio::c_stdout())
                };
                put(c"\n", stdio::c_stdout());
                fd.into_raw_fd()
            }
            Err(error) => {
                let failure = CallError { call: Call::Accept, error, addr: None };
                die_system(c"accept() failed", &failure);
                -1
            }
        })
    }
}

overridable! {
    /// Echoes everything received on `clntSocket` back to it until the
    /// client closes (or resets) the connection, then closes the socket.
    /// Never raises SIGPIPE.  Failure: DieWithSystemMessage("recv() failed")
    /// or ("send() failed").
    fn sockshim_practical_HandleTCPClient(clntSocket: c_int) {
        guard(c"HandleTCPClient", (), || {
            let failure = match endpoint::echo_until_closed(clntSocket) {
                EchoEnd::PeerGone => None,
                EchoEnd::Recv(error) => Some((c"recv() failed", Call::Recv, error)),
                EchoEnd::Send(error) => Some((c"send() failed", Call::Send, error)),
            };
            if let Some((message, call, error)) = failure {
                die_system(message, &CallError { call, error, addr: None });
            }
            // SAFETY: close(2) takes no pointers; the descriptor is the
            // caller's, handed to us to close at the end of the session.
            unsafe { libc::close(clntSocket) };
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_print_with_a_hyphen_and_no_port_zero() {
        let text = |s: &str| {
            let (mut text, mut size) = (std::ptr::null_mut(), 0);
            // SAFETY: open_memstream gets valid places for its pointer and size.
            let stream = unsafe { libc::open_memstream(&mut text, &mut size) };
            assert!(!stream.is_null());
            // SAFETY: `stream` is open until the fclose below.
            let mut out = unsafe { stdio::Writer::new(stream) };
            write_address(&s.parse().unwrap(), &mut out);
            out.finish();
            // SAFETY: fclose leaves `text` a NUL-terminated string of the
            // output, which this test owns and frees.
            unsafe {
                libc::fclose(stream);
                let owned = CStr::from_ptr(text).to_str().unwrap().to_string();
                libc::free(text.cast());
                owned
            }
        };
        assert_eq!(text("127.0.0.1:54321"), "127.0.0.1-54321");
        assert_eq!(text("0.0.0.0:5000"), "0.0.0.0-5000");
        assert_eq!(text("[::1]:54321"), "::1-54321");
        assert_eq!(text("10.0.0.1:0"), "10.0.0.1");
        assert_eq!(text("[fe80::1%2]:7"), "fe80::1-7");
    }

    #[test]
    fn equality_is_the_books() {
        let addr = |s: &str| Ok(s.parse::<SocketAddr>().unwrap());
        assert!(addresses_equal(addr("1.2.3.4:5"), addr("1.2.3.4:5")));
        assert!(!addresses_equal(addr("1.2.3.4:5"), addr("1.2.3.4:6")));
        assert!(!addresses_equal(
            addr("1.2.3.4:5"),
            addr("[::ffff:1.2.3.4]:5")
        ));
        assert!(addresses_equal(
            addr("[fe80::1%1]:5"),
            addr("[fe80::1%2]:5")
        ));
        assert!(!addresses_equal(Err(libc::AF_UNIX), Err(libc::AF_UNIX)));
    }
}
