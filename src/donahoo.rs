//! The Donahoo & Calvert entry points (TCP/IP Sockets in C, 1st edition):
//! CreateTCPServerSocket, AcceptTCPConnection and HandleTCPClient.  Thin:
//! the work is done by [`crate::endpoint`]; failures call the program's (or
//! our) `DieWithError` with the textbook's message and the failed call's errno.

use crate::endpoint::{self, EchoEnd, Passive, Step};
use crate::fatal;
use crate::ffi;
use crate::socket;
use std::ffi::{CString, c_int, c_ushort};
use std::os::fd::{FromRawFd, IntoRawFd, OwnedFd};

/// The listen backlog the textbook's server socket uses.
const MAXPENDING: c_int = 5;

/// Creates a TCP server socket bound to `port` on every local IPv4 address,
/// listening with a backlog of 5 (SO_REUSEADDR set, so a restarted server
/// binds at once).  Returns the descriptor; on failure calls
/// DieWithError("socket() failed"), ("bind() failed") or ("listen() failed").
#[unsafe(no_mangle)]
#[allow(non_snake_case)]
pub extern "C" fn CreateTCPServerSocket(port: c_ushort) -> c_int {
    ffi::guard(c"CreateTCPServerSocket", || {
        let spec = Passive {
            addr: socket::any_address(false, port),
            sock_type: libc::SOCK_STREAM,
            protocol: libc::IPPROTO_TCP,
            backlog: Some(MAXPENDING),
            reuse_addr: true,
        };
        match endpoint::open_passive(&spec) {
            Ok(fd) => fd.into_raw_fd(),
            Err(e) => {
                let message = match e.step {
                    Step::Socket => c"socket() failed",
                    Step::Bind | Step::Connect => c"bind() failed",
                    Step::Listen => c"listen() failed",
                };
                fatal::die_with_error(message, &e.error)
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
                let text = CString::new(endpoint::client_text(peer)).unwrap_or_default();
                ffi::print_stdout_line(c"Handling client %s\n", &text);
                fd.into_raw_fd()
            }
            Err(e) => fatal::die_with_error(c"accept() failed", &e),
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
            EchoEnd::Recv(e) => Some((c"recv() failed", e)),
            EchoEnd::Send(e) => Some((c"send() failed", e)),
        };
        match failure {
            None => {
                // SAFETY: the echo ended normally, so `clntSocket` is an open
                // descriptor the caller handed to us to close.
                drop(unsafe { OwnedFd::from_raw_fd(clntSocket) });
                0
            }
            Some((message, error)) => {
                let result = fatal::die_with_error(message, error);
                // The program's own DieWithError returned: still end this
                // connection, as the textbook's loop would have at EOF.
                // SAFETY: close(2) takes no pointers; a bad descriptor gives EBADF.
                unsafe { libc::close(clntSocket) };
                result
            }
        }
    });
}
