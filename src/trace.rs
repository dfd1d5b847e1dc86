//! SOCKSHIM_TRACE: one stderr line per resolution result and per
//! socket/connect/bind/listen attempt, with its outcome.  Names a program
//! passed are quoted with Rust's escapes (`{:?}`), so a newline or other
//! control character in a host name cannot forge a trace line.

use crate::{config, error, stdio};
use std::io;
use std::net::SocketAddr;

/// Whether tracing is on (SOCKSHIM_TRACE=1).
#[inline]
pub fn enabled() -> bool {
    config::get().trace
}

/// Prints `sockshim: <line>` on stderr when tracing is on; `line` is only
/// built then.  Inlined, so that with tracing off a call costs one test
/// and no call: the paths it sits on are a few hundred instructions long.
#[inline]
pub fn line(line: impl FnOnce() -> String) {
    if enabled() {
        print(line());
    }
}

#[cold]
#[inline(never)]
fn print(line: String) {
    stdio::print_stderr(&format!("sockshim: {line}"));
}

/// "ok" or the C library's text for the error.
pub fn outcome<T>(result: &io::Result<T>) -> String {
    match result {
        Ok(_) => "ok".to_string(),
        Err(e) => error::strerror(e).to_string_lossy().into_owned(),
    }
}

/// A list of addresses for a trace line: "127.0.0.1, ::1".
pub fn addresses(addrs: &[SocketAddr]) -> String {
    join(addrs.iter().map(|a| a.ip().to_string()))
}

/// A list of socket addresses for a trace line: "127.0.0.1:7, [::1]:7".
pub fn socket_addresses(addrs: &[SocketAddr]) -> String {
    join(addrs.iter().map(SocketAddr::to_string))
}

fn join(texts: impl Iterator<Item = String>) -> String {
    texts.collect::<Vec<_>>().join(", ")
}

/// The name of a socket type, for trace lines.
pub fn type_name(sock_type: i32) -> &'static str {
    match sock_type {
        libc::SOCK_STREAM => "SOCK_STREAM",
        libc::SOCK_DGRAM => "SOCK_DGRAM",
        _ => "SOCK_?",
    }
}

/// The name of an address family, for trace lines.
pub fn family_name(family: i32) -> &'static str {
    match family {
        libc::AF_INET => "AF_INET",
        libc::AF_INET6 => "AF_INET6",
        _ => "AF_?",
    }
}
