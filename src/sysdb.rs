//! The system databases behind [`crate::resolve`]: /etc/services,
//! /etc/protocols and the host resolver, through reentrant libc calls only
//! (no getservbyname, gethostbyname or other shared static buffers).

use crate::error::Eai;
use crate::filecache::FileCache;
use crate::resolve::{self, HostsTable};
use crate::socket::sockaddr_to_std;
use std::ffi::{CStr, CString, c_char, c_int};
use std::net::SocketAddr;
use std::ptr;
use std::sync::Arc;
use std::sync::atomic::{AtomicU8, Ordering};

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

/// Answers from /etc/services, per (name, transport), for its current version.
static SERVICES: FileCache<Vec<(String, String, Option<u16>)>> = FileCache::new(c"/etc/services");

/// The parsed /etc/hosts, for its current version.
static HOSTS: FileCache<Option<Arc<HostsTable>>> = FileCache::new(c"/etc/hosts");

/// The port of service `name` for `transport` in the services database,
/// cached per process while /etc/services does not change.
pub fn service_port(name: &str, transport: &str) -> Option<u16> {
    let Some(stamp) = SERVICES.stamp() else {
        return service_port_uncached(name, transport);
    };
    let cached = SERVICES.with(stamp, |answers| {
        answers
            .iter()
            .find(|(n, t, _)| n == name && t == transport)
            .map(|&(_, _, port)| port)
    });
    if let Some(Some(port)) = cached {
        return port;
    }
    let port = service_port_uncached(name, transport);
    SERVICES.with(stamp, |answers| {
        answers.push((name.to_string(), transport.to_string(), port))
    });
    port
}

/// The port of service `name` for `transport`, read from the database now.
fn service_port_uncached(name: &str, transport: &str) -> Option<u16> {
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

/// The hints of a getaddrinfo call.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Hints {
    pub flags: c_int,
    pub family: c_int,
    pub sock_type: c_int,
    pub protocol: c_int,
}

/// A list that getaddrinfo returned, freed when dropped (or handed to C).
pub struct AddrInfoList(*mut libc::addrinfo);

impl AddrInfoList {
    /// The entries, in resolver order.
    pub fn iter(&self) -> impl Iterator<Item = &libc::addrinfo> {
        let mut node = self.0;
        std::iter::from_fn(move || {
            // SAFETY: `node` is null or an element of the list getaddrinfo
            // returned, which lives as long as `self`.
            let info = unsafe { node.as_ref()? };
            node = info.ai_next;
            Some(info)
        })
    }

    /// Keeps only the entries for which `keep` is true (each entry is its
    /// own allocation in the C library's list, freed here when dropped).
    pub fn retain(&mut self, mut keep: impl FnMut(&libc::addrinfo) -> bool) {
        let mut link: *mut *mut libc::addrinfo = &mut self.0;
        // SAFETY: `link` always points at the list head or at the ai_next of
        // an entry still in the list; every entry came from getaddrinfo.
        unsafe {
            while !(*link).is_null() {
                let node = *link;
                if keep(&*node) {
                    link = &raw mut (*node).ai_next;
                } else {
                    *link = (*node).ai_next;
                    (*node).ai_next = ptr::null_mut();
                    libc::freeaddrinfo(node);
                }
            }
        }
    }

    /// Appends `other`'s entries (each entry is its own allocation in the C
    /// library's lists, so one freeaddrinfo frees the joined list).
    pub fn append(&mut self, other: AddrInfoList) {
        let mut link: *mut *mut libc::addrinfo = &mut self.0;
        // SAFETY: `link` walks the ai_next links of this list to its end.
        unsafe {
            while !(*link).is_null() {
                link = &raw mut (**link).ai_next;
            }
            *link = other.into_raw();
        }
    }

    /// Sets every entry's ai_flags (the C library copies the caller's
    /// flags into each entry).
    pub fn set_flags(&mut self, flags: c_int) {
        let mut node = self.0;
        // SAFETY: `node` walks the entries of the list, which `self` owns.
        while let Some(info) = unsafe { node.as_mut() } {
            info.ai_flags = flags;
            node = info.ai_next;
        }
    }

    /// Gives the list to a C caller, who frees it with freeaddrinfo.
    pub fn into_raw(self) -> *mut libc::addrinfo {
        let list = self.0;
        std::mem::forget(self);
        list
    }
}

impl std::fmt::Debug for AddrInfoList {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list()
            .entries(self.iter().map(entry_address))
            .finish()
    }
}

impl Drop for AddrInfoList {
    fn drop(&mut self) {
        if !self.0.is_null() {
            // SAFETY: the list came from getaddrinfo and is freed exactly once.
            unsafe { libc::freeaddrinfo(self.0) };
        }
    }
}

/// The socket address of a getaddrinfo entry, for IPv4 and IPv6.
pub fn entry_address(info: &libc::addrinfo) -> Option<SocketAddr> {
    // SAFETY: ai_addr points at ai_addrlen bytes of the family's sockaddr.
    unsafe { sockaddr_to_std(info.ai_addr.cast(), info.ai_addrlen) }
}

/// getaddrinfo(3): the C library's answer, or its EAI_* code (with errno
/// for EAI_SYSTEM).
pub fn getaddrinfo(
    host: Option<&CStr>,
    service: Option<&CStr>,
    hints: &Hints,
) -> Result<AddrInfoList, Eai> {
    // SAFETY: all-zero bytes are a valid addrinfo hints value.
    let mut raw: libc::addrinfo = unsafe { std::mem::zeroed() };
    raw.ai_flags = hints.flags;
    raw.ai_family = hints.family;
    raw.ai_socktype = hints.sock_type;
    raw.ai_protocol = hints.protocol;
    let mut list: *mut libc::addrinfo = ptr::null_mut();
    let text = |arg: Option<&CStr>| arg.map_or(ptr::null(), CStr::as_ptr);
    // SAFETY: the strings are NULL or NUL-terminated, `raw` is initialised
    // and `list` receives the result.
    let code = unsafe { libc::getaddrinfo(text(host), text(service), &raw, &mut list) };
    match code {
        0 => Ok(AddrInfoList(list)),
        code => Err(Eai {
            code,
            errno: crate::error::errno(),
        }),
    }
}

/// Whether the C library reads /etc/hosts before asking DNS (nsswitch.conf's
/// "hosts:" line starts with "files"), read once per process as the C
/// library does.  No lock: threads that ask before the answer is kept each
/// read the file, so a child forked meanwhile never waits for a thread it
/// does not have.
fn hosts_file_first() -> bool {
    const UNKNOWN: u8 = 0;
    const FIRST: u8 = 1;
    const NOT_FIRST: u8 = 2;
    static ANSWER: AtomicU8 = AtomicU8::new(UNKNOWN);
    match ANSWER.load(Ordering::Acquire) {
        FIRST => true,
        NOT_FIRST => false,
        _ => {
            let first = std::fs::read_to_string("/etc/nsswitch.conf")
                .is_ok_and(|text| resolve::hosts_file_first(&text));
            ANSWER.store(if first { FIRST } else { NOT_FIRST }, Ordering::Release);
            first
        }
    }
}

/// The addresses /etc/hosts gives `name`, from the cached parse of its
/// current version; `None` when it does not name it (or cannot be used).
fn hosts_file_addresses(name: &str) -> Option<Vec<SocketAddr>> {
    if !hosts_file_first() {
        return None;
    }
    let stamp = HOSTS.stamp()?;
    let table = match HOSTS.with(stamp, |table| table.clone())? {
        Some(table) => table,
        None => {
            let text = std::fs::read_to_string("/etc/hosts").unwrap_or_default();
            let table = Arc::new(HostsTable::parse(&text));
            HOSTS.with(stamp, |kept| *kept = Some(Arc::clone(&table)));
            table
        }
    };
    let found = table.addresses(name)?;
    Some(found.into_iter().map(|ip| SocketAddr::new(ip, 0)).collect())
}

/// Every address of host `name` (port 0): from /etc/hosts when the C
/// library would read it first and it names the host, else from the
/// resolver, in its order; `None` when unknown.
pub fn host_addresses(name: &str) -> Option<Vec<SocketAddr>> {
    if let Some(found) = hosts_file_addresses(name) {
        return Some(found);
    }
    let name = CString::new(name).ok()?;
    let hints = Hints {
        family: libc::AF_UNSPEC,
        sock_type: libc::SOCK_STREAM, // one entry per address
        ..Hints::default()
    };
    let list = getaddrinfo(Some(&name), None, &hints).ok()?;
    Some(list.iter().filter_map(entry_address).collect())
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
