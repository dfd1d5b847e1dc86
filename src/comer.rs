//! The Comer & Stevens entry points (Internetworking with TCP/IP vol. III):
//! connectsock and passivesock and their TCP/UDP shorthands.  Each one reads
//! its arguments, calls the shared core in [`crate::endpoint`], and on
//! failure calls `errexit` with the textbook's message.

use crate::endpoint::{self, Failure, Step};
use crate::fatal;
use crate::ffi::{self, CText};
use std::ffi::{CStr, c_char, c_int};
use std::os::fd::IntoRawFd;

/// Reports a failure through `errexit` exactly as the textbook helpers did.
fn report(failure: &Failure, host: CText, service: CText, transport: CText) -> c_int {
    let (host, service, transport) = (
        host.for_message(),
        service.for_message(),
        transport.for_message(),
    );
    match failure {
        Failure::Service => fatal::errexit(c"can't get \"%s\" service entry\n", &[service], None),
        Failure::Host => fatal::errexit(c"can't get \"%s\" host entry\n", &[host], None),
        Failure::Protocol => {
            fatal::errexit(c"can't get \"%s\" protocol entry\n", &[transport], None)
        }
        Failure::Call(call) => {
            let reason = fatal::strerror(&call.error);
            let (format, args): (&CStr, &[&CStr]) = match call.step {
                Step::Socket => (c"can't create socket: %s\n", &[&reason]),
                Step::Connect => (c"can't connect to %s.%s: %s\n", &[host, service, &reason]),
                Step::Bind => (c"can't bind to %s port: %s\n", &[service, &reason]),
                Step::Listen => (c"can't listen on %s port: %s\n", &[service, &reason]),
            };
            fatal::errexit(format, args, Some(&call.error))
        }
    }
}

/// Connects to `service` on `host` over `transport`, or exits with errexit.
fn connect(host: CText, service: CText, transport: CText) -> c_int {
    match endpoint::connect_named(host.as_str(), service.as_str(), transport.as_str()) {
        Ok(fd) => fd.into_raw_fd(),
        Err(failure) => report(&failure, host, service, transport),
    }
}

/// Opens a passive socket for `service` over `transport`, or exits with errexit.
fn passive(service: CText, transport: CText, qlen: c_int) -> c_int {
    let base = ffi::portbase_value();
    match endpoint::passive_named(service.as_str(), transport.as_str(), qlen, base) {
        Ok(fd) => fd.into_raw_fd(),
        Err(failure) => report(&failure, CText::default(), service, transport),
    }
}

/// Allocates a socket connected to `service` on `host`, using the transport
/// protocol `transport` ("tcp" or "udp").  `service` is a name from the
/// services database or a port number; `host` is a name or an address.
/// Every address of the host is tried, IPv4 first.  Returns the descriptor;
/// on failure prints the reason on stderr through errexit and exits with 1.
///
/// # Safety
/// Each argument is NULL or a NUL-terminated string.
#[unsafe(no_mangle)]
#[allow(non_snake_case)]
pub unsafe extern "C" fn connectsock(
    host: *const c_char,
    service: *const c_char,
    transport: *const c_char,
) -> c_int {
    ffi::guard(c"connectsock", || {
        // SAFETY: the caller passes NULL or NUL-terminated strings.
        let args = unsafe { (CText::new(host), CText::new(service), CText::new(transport)) };
        connect(args.0, args.1, args.2)
    })
}

/// connectsock(host, service, "tcp"): a connected TCP socket.
///
/// # Safety
/// Each argument is NULL or a NUL-terminated string.
#[unsafe(no_mangle)]
#[allow(non_snake_case)]
pub unsafe extern "C" fn connectTCP(host: *const c_char, service: *const c_char) -> c_int {
    ffi::guard(c"connectTCP", || {
        // SAFETY: the caller passes NULL or NUL-terminated strings.
        let args = unsafe { (CText::new(host), CText::new(service)) };
        connect(args.0, args.1, CText::from_static(c"tcp"))
    })
}

/// connectsock(host, service, "udp"): a connected UDP socket (IPv6 only when
/// the host has no IPv4 address).
///
/// # Safety
/// Each argument is NULL or a NUL-terminated string.
#[unsafe(no_mangle)]
#[allow(non_snake_case)]
pub unsafe extern "C" fn connectUDP(host: *const c_char, service: *const c_char) -> c_int {
    ffi::guard(c"connectUDP", || {
        // SAFETY: the caller passes NULL or NUL-terminated strings.
        let args = unsafe { (CText::new(host), CText::new(service)) };
        connect(args.0, args.1, CText::from_static(c"udp"))
    })
}

/// Allocates and binds a server socket for `service` over `transport`, on
/// every local IPv4 address.  A named service's port is shifted by
/// `portbase`; a numeric port is used as given.  Stream sockets get
/// listen(qlen) and SO_REUSEADDR.  Returns the descriptor; on failure prints
/// the reason on stderr through errexit and exits with 1.
///
/// # Safety
/// `service` and `transport` are NULL or NUL-terminated strings.
#[unsafe(no_mangle)]
#[allow(non_snake_case)]
pub unsafe extern "C" fn passivesock(
    service: *const c_char,
    transport: *const c_char,
    qlen: c_int,
) -> c_int {
    ffi::guard(c"passivesock", || {
        // SAFETY: the caller passes NULL or NUL-terminated strings.
        let args = unsafe { (CText::new(service), CText::new(transport)) };
        passive(args.0, args.1, qlen)
    })
}

/// passivesock(service, "tcp", qlen): a listening TCP server socket.
///
/// # Safety
/// `service` is NULL or a NUL-terminated string.
#[unsafe(no_mangle)]
#[allow(non_snake_case)]
pub unsafe extern "C" fn passiveTCP(service: *const c_char, qlen: c_int) -> c_int {
    ffi::guard(c"passiveTCP", || {
        // SAFETY: the caller passes NULL or a NUL-terminated string.
        let service = unsafe { CText::new(service) };
        passive(service, CText::from_static(c"tcp"), qlen)
    })
}

/// passivesock(service, "udp", 0): a bound UDP server socket.
///
/// # Safety
/// `service` is NULL or a NUL-terminated string.
#[unsafe(no_mangle)]
#[allow(non_snake_case)]
pub unsafe extern "C" fn passiveUDP(service: *const c_char) -> c_int {
    ffi::guard(c"passiveUDP", || {
        // SAFETY: the caller passes NULL or a NUL-terminated string.
        let service = unsafe { CText::new(service) };
        passive(service, CText::from_static(c"udp"), 0)
    })
}
