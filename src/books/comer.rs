//! The Comer & Stevens entry points (Internetworking with TCP/IP vol. III):
//! connectsock and passivesock and their TCP/UDP shorthands.  Each one reads
//! its arguments, calls the shared core in [`crate::endpoint`], and on
//! failure calls `errexit` with the textbook's message.

use crate::endpoint::{self, ClientOptions, Names, ServerOptions};
use crate::error::Failure;
use crate::ffi::{self, CText};
use crate::{config, explain, fatal};
use std::ffi::{c_char, c_int};
use std::os::fd::IntoRawFd;

/// The arguments of one call, as received and as converted.
struct Args<'a> {
    host: CText<'a>,
    service: CText<'a>,
    transport: CText<'a>,
    names: Result<Names<'a>, Failure>,
}

impl<'a> Args<'a> {
    fn new(host: CText<'a>, service: CText<'a>, transport: CText<'a>) -> Args<'a> {
        let names = Names::from_text(host.as_str(), service.as_str(), transport.as_str());
        Args {
            host,
            service,
            transport,
            names,
        }
    }
}

/// Reports a failure through `errexit` exactly as the textbook helpers did
/// (followed by SOCKSHIM_EXPLAIN hints when asked for).
fn report(failure: &Failure, args: &Args, base: u16) -> c_int {
    let Args {
        host,
        service,
        transport,
        ..
    } = *args;
    let hints = if config::get().explain {
        let inputs = explain::Inputs {
            host: host.as_str(),
            service: service.as_str(),
            named: args.names.as_ref().is_ok_and(|n| n.service.is_name()),
            base,
        };
        explain::for_failure(failure, &inputs)
    } else {
        Vec::new()
    };
    let (format, message_args) = fatal::comer_message(
        failure,
        host.for_message(),
        service.for_message(),
        transport.for_message(),
    );
    fatal::errexit(format, &message_args, failure.call_error(), hints)
}

/// Connects to `service` on `host` over `transport`, or exits with errexit.
/// SOCKSHIM_PORTBASE shifts named services; SOCKSHIM_CONNECT_TIMEOUT_MS
/// bounds each attempt.
fn connect(host: CText, service: CText, transport: CText) -> c_int {
    let options = ClientOptions::from_knobs();
    let args = Args::new(host, service, transport);
    match &args.names {
        Ok(names) => match endpoint::connect_named(names, &options) {
            Ok(fd) => fd.into_raw_fd(),
            Err(failure) => report(&failure, &args, options.base),
        },
        Err(failure) => report(failure, &args, options.base),
    }
}

/// Opens a passive socket for `service` over `transport`, or exits with
/// errexit.  The program's own non-zero `portbase` wins over SOCKSHIM_PORTBASE.
fn passive(service: CText, transport: CText, qlen: c_int) -> c_int {
    let options = ServerOptions::from_knobs();
    let args = Args::new(CText::default(), service, transport);
    match &args.names {
        Ok(names) => match endpoint::passive_named(names, qlen, &options) {
            Ok(fd) => fd.into_raw_fd(),
            Err(failure) => report(&failure, &args, options.base),
        },
        Err(failure) => report(failure, &args, options.base),
    }
}

/// Allocates a socket connected to `service` on `host`, using the transport
/// protocol `transport` ("tcp" or "udp").  `service` is a name from the
/// services database or a port number; `host` is a name or an address.
/// Every address of the host is tried, IPv4 first; a named service is
/// shifted by SOCKSHIM_PORTBASE, and SOCKSHIM_CONNECT_TIMEOUT_MS bounds each
/// attempt.  Returns the descriptor;
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
/// every local IPv4 address (IPv6 and IPv4 with SOCKSHIM_DUALSTACK=1).  A
/// named service's port is shifted by `portbase` (or, while that is 0, by
/// SOCKSHIM_PORTBASE); a numeric port is used as given.  Stream sockets get
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
