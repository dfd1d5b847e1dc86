//! The Donahoo & Calvert entry points (TCP/IP Sockets in C, 1st edition):
//! CreateTCPServerSocket, AcceptTCPConnection and HandleTCPClient.  Thin:
//! the work is done by [`crate::endpoint`]; failures call the program's (or
//! our) `DieWithError` with the textbook's message and the failed call's errno.

use crate::endpoint::{self, EchoEnd, Passive};
use crate::error::Call;
use crate::{config, explain, fatal, ffi, socket, stdio};
use std::ffi::{c_int, c_ushort};
use std::fmt::Write;
use std::io;
use std::net::{IpAddr, SocketAddr};
use std::os::fd::{FromRawFd, IntoRawFd, OwnedFd};

/// The listen backlog the textbook's server socket uses.
const MAXPENDING: c_int = 5;

/// DieWithError(message) with errno of `error`, and SOCKSHIM_EXPLAIN hints.
fn die(message: &std::ffi::CStr, call: Call, error: &io::Error, addr: Option<SocketAddr>) -> c_int {
    let hints = match config::get().explain {
        // A port number (never moved by the port base, which the hints say).
        true => explain::for_call(
            call,
            error,
            addr,
            &explain::Inputs {
                base: config::get().portbase,
                ..explain::Inputs::default()
            },
        ),
        false => Vec::new(),
    };
    fatal::die_with_error(message, error, hints)
}

/// Creates a TCP server socket bound to `port` on every local IPv4 address
/// (IPv6 and IPv4 with SOCKSHIM_DUALSTACK=1), listening with a backlog of 5
/// (SO_REUSEADDR set, so a restarted server binds at once, unless
/// SOCKSHIM_REUSEADDR=0).  Returns the descriptor; on failure calls
/// DieWithError("socket() failed"), ("bind() failed") or ("listen() failed").
#[unsafe(no_mangle)]
#[allow(non_snake_case)]
pub extern "C" fn CreateTCPServerSocket(port: c_ushort) -> c_int {
    ffi::guard(c"CreateTCPServerSocket", || {
        let knobs = config::get();
        let spec = Passive {
            addr: socket::any_address(knobs.dualstack, port),
            sock_type: libc::SOCK_STREAM,
            protocol: libc::IPPROTO_TCP,
            backlog: Some(MAXPENDING),
            reuse_addr: knobs.reuseaddr,
            v6only: Some(!knobs.dualstack),
        };
        match endpoint::open_passive(&spec) {
            Ok(fd) => fd.into_raw_fd(),
            Err(e) => {
                let message = match e.call {
                    Call::Socket => c"socket() failed",
                    Call::Listen => c"listen() failed",
                    _ => c"bind() failed",
                };
                die(message, e.call, &e.error, e.addr)
            }
        }
    })
}

/// Accepts one connection on the server socket `servSock` (retrying when a
/// signal interrupts the wait), prints `Handling client <address>` on stdout,
/// and returns the new descriptor.  On failure calls
/// DieWithError("accept() failed").
#[unsafe(no_mangle)]
#[allow(non_snake_case)]
pub extern "C" fn AcceptTCPConnection(servSock: c_int) -> c_int {
    ffi::guard(c"AcceptTCPConnection", || {
        match endpoint::accept_client(servSock) {
            Ok((fd, peer)) => {
                // SAFETY: the C library's stdout is a valid stream.
                let mut out = unsafe { stdio::Writer::new(stdio::c_stdout()) };
                out.text("Handling client ");
                match endpoint::client_ip(peer) {
                    ip @ IpAddr::V4(_) => {
                        out.text(socket::ntop_in(&ip, &mut [0; socket::NTOP_LEN]));
                    }
                    // Rust's text, which the C library's differs from for some.
                    IpAddr::V6(ip) => {
                        let _ = write!(out, "{ip}");
                    }
                }
                out.text("\n");
                out.finish();
                stdio::flush_stdout();
                fd.into_raw_fd()
            }
            Err(e) => die(c"accept() failed", Call::Accept, &e, None),
        }
    })
}

/// Echoes every byte received on `clntSocket` back to it until the client
/// closes (or resets) the connection, then closes `clntSocket`.  Never raises
/// SIGPIPE.  On another failure calls DieWithError("recv() failed") or
/// ("send() failed").
#[unsafe(no_mangle)]
#[allow(non_snake_case)]
pub extern "C" fn HandleTCPClient(clntSocket: c_int) {
    ffi::guard(c"HandleTCPClient", || {
        let end = endpoint::echo_until_closed(clntSocket);
        let failure = match &end {
            EchoEnd::PeerGone => None,
            EchoEnd::Recv(e) => Some((c"recv() failed", Call::Recv, e)),
            EchoEnd::Send(e) => Some((c"send() failed", Call::Send, e)),
        };
        match failure {
            None => {
                // SAFETY: the echo ended normally, so `clntSocket` is an open
                // descriptor the caller handed to us to close.
                drop(unsafe { OwnedFd::from_raw_fd(clntSocket) });
                0
            }
            Some((message, call, error)) => {
                let result = die(message, call, error, None);
                // The program's own DieWithError returned: still end this
                // connection, as the textbook's loop would have at EOF.
                // SAFETY: close(2) takes no pointers; a bad descriptor gives EBADF.
                unsafe { libc::close(clntSocket) };
                result
            }
        }
    });
}
