//! The system databases behind [`crate::resolve`]: /etc/services,
//! /etc/protocols and the host resolver, through reentrant libc calls only
//! (no getservbyname, gethostbyname or other shared static buffers).

use crate::socket::sockaddr_to_std;
use std::ffi::{CString, c_char, c_int};
use std::net::SocketAddr;
use std::ptr;

unsafe extern "C" {
    fn getservbyname_r(
        name: *const c_char,
        proto: *const c_char,
        result_buf: *mut libc::servent,
        buf: *mut c_char,
        buflen: libc::size_t,
        result: *mut *mut libc::servent,
    ) -> c_int;
    fn getprotobyname_r(
        name: *const c_char,
        result_buf: *mut libc::protoent,
        buf: *mut c_char,
        buflen: libc::size_t,
        result: *mut *mut libc::protoent,
    ) -> c_int;
}

/// Largest scratch buffer offered to a `*_r` lookup before giving up.
const MAX_LOOKUP_BUF: usize = 1 << 20;

/// Runs a glibc `*_r` lookup, growing its scratch buffer on ERANGE.
/// `lookup(buf, len, found)` returns the call's status and whether it found an entry.
fn with_growing_buffer<T>(
    mut lookup: impl FnMut(*mut c_char, usize) -> (c_int, Option<T>),
) -> Option<T> {
    let mut size = 1024;
    loop {
        let mut buf = vec![0 as c_char; size];
        match lookup(buf.as_mut_ptr(), size) {
            (libc::ERANGE, _) if size < MAX_LOOKUP_BUF => size *= 4,
            (_, found) => return found,
        }
    }
}

/// The port of service `name` for `transport` in the services database.
pub fn service_port(name: &str, transport: &str) -> Option<u16> {
    let (name, transport) = (CString::new(name).ok()?, CString::new(transport).ok()?);
    with_growing_buffer(|buf, len| {
        // SAFETY: all-zero bytes are a valid servent (null pointers, zero port).
        let mut entry: libc::servent = unsafe { std::mem::zeroed() };
        let mut found: *mut libc::servent = ptr::null_mut();
        // SAFETY: the strings are NUL-terminated and `buf` holds `len` writable bytes.
        let status = unsafe {
            getservbyname_r(
                name.as_ptr(),
                transport.as_ptr(),
                &mut entry,
                buf,
                len,
                &mut found,
            )
        };
        let port = (!found.is_null()).then(|| u16::from_be(entry.s_port as u16));
        (status, port)
    })
}

/// The number of protocol `name` in the protocols database.
pub fn protocol_number(name: &str) -> Option<i32> {
    let name = CString::new(name).ok()?;
    with_growing_buffer(|buf, len| {
        // SAFETY: all-zero bytes are a valid protoent.
        let mut entry: libc::protoent = unsafe { std::mem::zeroed() };
        let mut found: *mut libc::protoent = ptr::null_mut();
        // SAFETY: the string is NUL-terminated and `buf` holds `len` writable bytes.
        let status = unsafe { getprotobyname_r(name.as_ptr(), &mut entry, buf, len, &mut found) };
        (status, (!found.is_null()).then_some(entry.p_proto))
    })
}

/// Every address of host `name`, in resolver order (port 0), or `None`.
pub fn host_addresses(name: &str) -> Option<Vec<SocketAddr>> {
    let name = CString::new(name).ok()?;
    // SAFETY: all-zero bytes are a valid addrinfo hints value.
    let mut hints: libc::addrinfo = unsafe { std::mem::zeroed() };
    hints.ai_family = libc::AF_UNSPEC;
    hints.ai_socktype = libc::SOCK_STREAM; // one entry per address
    let mut list: *mut libc::addrinfo = ptr::null_mut();
    // SAFETY: `name` is NUL-terminated, `hints` is initialised, `list` receives the result.
    if unsafe { libc::getaddrinfo(name.as_ptr(), ptr::null(), &hints, &mut list) } != 0 {
        return None;
    }
    let mut found = Vec::new();
    let mut node = list;
    while !node.is_null() {
        // SAFETY: `node` is an element of the list getaddrinfo returned, not yet freed.
        let info = unsafe { &*node };
        // SAFETY: ai_addr points at ai_addrlen bytes of the family's sockaddr.
        if let Some(addr) = unsafe { sockaddr_to_std(info.ai_addr.cast(), info.ai_addrlen) } {
            found.push(addr);
        }
        node = info.ai_next;
    }
    // SAFETY: `list` came from getaddrinfo and is freed exactly once.
    unsafe { libc::freeaddrinfo(list) };
    Some(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_real_databases() {
        // /etc/services and /etc/protocols exist on the test machines; the
        // built-in fallbacks are tested in resolve and end to end.
        if std::path::Path::new("/etc/services").exists() {
            assert_eq!(service_port("echo", "tcp"), Some(7));
            assert_eq!(service_port("nosuchservice", "tcp"), None);
        }
        if std::path::Path::new("/etc/protocols").exists() {
            assert_eq!(protocol_number("udp"), Some(17));
        }
        assert_eq!(protocol_number("nosuchproto"), None);
    }

    #[test]
    fn resolves_localhost_and_rejects_unknown_names() {
        let found = host_addresses("localhost").expect("localhost resolves");
        assert!(found.iter().all(|a| a.ip().is_loopback()), "{found:?}");
        assert_eq!(host_addresses("no-such-host.invalid"), None);
        assert_eq!(host_addresses("bad\0name"), None);
    }
}
