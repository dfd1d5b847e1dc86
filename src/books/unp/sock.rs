//! Socket addresses, protocol-independent (lib/sock_*.c, sockfd_to_family.c,
//! family_to_level.c).  The text functions keep the book's contract, "valid
//! until the next call", with a buffer per thread instead of one static
//! buffer for the whole process.  The `salen` arguments are unused but for
//! printing, as in the book; a NULL address gives NULL or -1, not a crash.

use super::{guard, sys_now};
use crate::books::overridable;
use crate::socket;
use std::cell::UnsafeCell;
use std::ffi::{c_char, c_int, c_void};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// The size of the book's static buffers for sock_ntop and sock_ntop_host.
const TEXT_SIZE: usize = 128;

thread_local! {
    /// sock_ntop's "static" buffer, one per thread.
    static NTOP: UnsafeCell<[c_char; TEXT_SIZE]> = const { UnsafeCell::new([0; TEXT_SIZE]) };
    /// sock_ntop_host's, one per thread.
    static NTOP_HOST: UnsafeCell<[c_char; TEXT_SIZE]> = const { UnsafeCell::new([0; TEXT_SIZE]) };
}

/// Copies `bytes` into a thread's buffer (cut to fit, NUL-terminated) and
/// returns the buffer, which stays valid until the thread's next call.
fn store(
    buffer: &'static std::thread::LocalKey<UnsafeCell<[c_char; TEXT_SIZE]>>,
    bytes: &[u8],
) -> *mut c_char {
    buffer.with(|cell| {
        let buf = cell.get();
        let n = bytes.len().min(TEXT_SIZE - 1);
        // SAFETY: the buffer is this thread's own and TEXT_SIZE long; the
        // pointer handed out earlier is documented to be overwritten now.
        unsafe {
            std::ptr::copy_nonoverlapping(bytes.as_ptr(), buf.cast::<u8>(), n);
            (*buf)[n] = 0;
        }
        buf.cast::<c_char>()
    })
}

/// What a C socket address holds, as the book's helpers read it.
enum Address {
    Inet(Ipv4Addr, u16),
    Inet6(Ipv6Addr, u16),
    /// A Unix path's bytes, as the kernel keeps them (any encoding);
    /// empty when none is bound.
    Unix(Vec<u8>),
    Other(c_int),
}

/// Reads the address at `sa` by its family.
///
/// # Safety
/// `sa` is NULL or points at a socket address as large as its family's.
unsafe fn read_address(sa: *const libc::sockaddr) -> Option<Address> {
    // SAFETY: the caller's promise; each read matches the family (unaligned
    // reads: programs may keep addresses in byte buffers).
    unsafe {
        let family = family(sa)?;
        Some(match family {
            libc::AF_INET => {
                let sin = sa.cast::<libc::sockaddr_in>().read_unaligned();
                Address::Inet(
                    Ipv4Addr::from(u32::from_be(sin.sin_addr.s_addr)),
                    u16::from_be(sin.sin_port),
                )
            }
            libc::AF_INET6 => {
                let sin6 = sa.cast::<libc::sockaddr_in6>().read_unaligned();
                Address::Inet6(
                    Ipv6Addr::from(sin6.sin6_addr.s6_addr),
                    u16::from_be(sin6.sin6_port),
                )
            }
            libc::AF_UNIX => {
                let sun = sa.cast::<libc::sockaddr_un>().read_unaligned();
                let path = &sun.sun_path;
                let end = path.iter().position(|&c| c == 0).unwrap_or(path.len());
                Address::Unix(path[..end].iter().map(|&c| c as u8).collect())
            }
            other => Address::Other(other),
        })
    }
}

/// sock_ntop's text: "a.b.c.d:port", "[v6]:port" (no port when it is 0),
/// the Unix path (its bytes as they are) or "(no pathname bound)", or the
/// unknown-family line.
fn ntop_text(address: &Address, salen: libc::socklen_t) -> Vec<u8> {
    match address {
        Address::Inet(ip, 0) => socket::ntop(&IpAddr::V4(*ip)).into_bytes(),
        Address::Inet(ip, port) => {
            format!("{}:{port}", socket::ntop(&IpAddr::V4(*ip))).into_bytes()
        }
        Address::Inet6(ip, 0) => socket::ntop(&IpAddr::V6(*ip)).into_bytes(),
        Address::Inet6(ip, port) => {
            format!("[{}]:{port}", socket::ntop(&IpAddr::V6(*ip))).into_bytes()
        }
        Address::Unix(path) => unix_text(path),
        Address::Other(family) => {
            format!("sock_ntop: unknown AF_xxx: {family}, len {salen}").into_bytes()
        }
    }
}

/// sock_ntop_host's text: the address alone.
fn ntop_host_text(address: &Address, salen: libc::socklen_t) -> Vec<u8> {
    match address {
        Address::Inet(ip, _) => socket::ntop(&IpAddr::V4(*ip)).into_bytes(),
        Address::Inet6(ip, _) => socket::ntop(&IpAddr::V6(*ip)).into_bytes(),
        Address::Unix(path) => unix_text(path),
        Address::Other(family) => {
            format!("sock_ntop_host: unknown AF_xxx: {family}, len {salen}").into_bytes()
        }
    }
}

fn unix_text(path: &[u8]) -> Vec<u8> {
    if path.is_empty() {
        b"(no pathname bound)".to_vec()
    } else {
        path.to_vec()
    }
}

/// The result for a NULL address: NULL, errno EINVAL.
fn null_address() -> *mut c_char {
    crate::error::set_errno_value(libc::EINVAL);
    std::ptr::null_mut()
}

overridable! {
    /// The address as text in this thread's buffer; NULL (EINVAL) for a
    /// NULL address.
    fn sockshim_unp_sock_ntop(sa: *const libc::sockaddr, salen: libc::socklen_t) -> *mut c_char {
        guard(c"sock_ntop", std::ptr::null_mut(), || {
            // SAFETY: the caller passes NULL or a socket address.
            match unsafe { read_address(sa) } {
                Some(address) => store(&NTOP, &ntop_text(&address, salen)),
                None => null_address(),
            }
        })
    }
}

overridable! {
    /// sock_ntop; NULL is "sock_ntop error".
    fn sockshim_unp_Sock_ntop(sa: *const libc::sockaddr, salen: libc::socklen_t) -> *mut c_char {
        guard(c"Sock_ntop", std::ptr::null_mut(), || {
            // SAFETY: the arguments pass through unchanged.
            let text = unsafe { sockshim_unp_sock_ntop(sa, salen) };
            if text.is_null() {
                sys_now(c"sock_ntop error");
            }
            text
        })
    }
}

overridable! {
    /// The address alone as text in this thread's (second) buffer.
    fn sockshim_unp_sock_ntop_host(sa: *const libc::sockaddr, salen: libc::socklen_t) -> *mut c_char {
        guard(c"sock_ntop_host", std::ptr::null_mut(), || {
            // SAFETY: the caller passes NULL or a socket address.
            match unsafe { read_address(sa) } {
                Some(address) => store(&NTOP_HOST, &ntop_host_text(&address, salen)),
                None => null_address(),
            }
        })
    }
}

overridable! {
    /// sock_ntop_host; NULL is "sock_ntop_host error".
    fn sockshim_unp_Sock_ntop_host(sa: *const libc::sockaddr, salen: libc::socklen_t) -> *mut c_char {
        guard(c"Sock_ntop_host", std::ptr::null_mut(), || {
            // SAFETY: the arguments pass through unchanged.
            let text = unsafe { sockshim_unp_sock_ntop_host(sa, salen) };
            if text.is_null() {
                sys_now(c"sock_ntop_host error");
            }
            text
        })
    }
}

overridable! {
    /// Binds the wildcard address of `family` with an ephemeral port;
    /// returns that port in network byte order, or -1.
    fn sockshim_unp_sock_bind_wild(sockfd: c_int, family: c_int) -> c_int {
        guard(c"sock_bind_wild", -1, || {
            let any = match family {
                libc::AF_INET => socket::any_address(false, 0),
                libc::AF_INET6 => socket::any_address(true, 0),
                _ => return -1,
            };
            let (storage, len) = socket::std_to_sockaddr(&any);
            // SAFETY: `storage` holds a socket address of `len` bytes.
            if unsafe { libc::bind(sockfd, (&raw const storage).cast(), len) } < 0 {
                return -1;
            }
            match socket::local_addr(sockfd) {
                Ok(Some(addr)) => c_int::from(addr.port().to_be()),
                _ => -1,
            }
        })
    }
}

overridable! {
    /// sock_bind_wild; -1 is "sock_bind_wild error".
    fn sockshim_unp_Sock_bind_wild(sockfd: c_int, family: c_int) -> c_int {
        guard(c"Sock_bind_wild", -1, || {
            // SAFETY: no pointers.
            let port = unsafe { sockshim_unp_sock_bind_wild(sockfd, family) };
            if port < 0 {
                sys_now(c"sock_bind_wild error");
            }
            port
        })
    }
}

/// The address part of an IPv4/IPv6 socket address, for comparing and
/// setting: (offset, length) within the structure.
fn address_field(family: c_int) -> Option<(usize, usize)> {
    match family {
        libc::AF_INET => Some((std::mem::offset_of!(libc::sockaddr_in, sin_addr), 4)),
        libc::AF_INET6 => Some((std::mem::offset_of!(libc::sockaddr_in6, sin6_addr), 16)),
        _ => None,
    }
}

/// The port field's offset (the same for IPv4 and IPv6).
fn port_field(family: c_int) -> Option<usize> {
    match family {
        libc::AF_INET => Some(std::mem::offset_of!(libc::sockaddr_in, sin_port)),
        libc::AF_INET6 => Some(std::mem::offset_of!(libc::sockaddr_in6, sin6_port)),
        _ => None,
    }
}

/// The family of a non-NULL socket address.
///
/// # Safety
/// `sa` is NULL or points at a socket address.
unsafe fn family(sa: *const libc::sockaddr) -> Option<c_int> {
    if sa.is_null() {
        return None;
    }
    // SAFETY: the caller's promise; every socket address starts with its family.
    Some(c_int::from(unsafe {
        std::ptr::addr_of!((*sa).sa_family).read_unaligned()
    }))
}

overridable! {
    /// 0 when both addresses are equal (memcmp of the IPv4/IPv6 addresses,
    /// strcmp of Unix paths; ports ignored), -1 for different families.
    fn sockshim_unp_sock_cmp_addr(sa1: *const libc::sockaddr, sa2: *const libc::sockaddr, salen: libc::socklen_t) -> c_int {
        let _ = salen;
        guard(c"sock_cmp_addr", -1, || {
            // SAFETY: the caller passes socket addresses.
            let (f1, f2) = unsafe { (family(sa1), family(sa2)) };
            let (Some(f1), Some(f2)) = (f1, f2) else { return -1 };
            if f1 != f2 {
                return -1;
            }
            if let Some((offset, len)) = address_field(f1) {
                // SAFETY: both are addresses of this family, `len` bytes at `offset`.
                return unsafe {
                    libc::memcmp(
                        sa1.cast::<u8>().add(offset).cast::<c_void>(),
                        sa2.cast::<u8>().add(offset).cast::<c_void>(),
                        len,
                    )
                };
            }
            if f1 == libc::AF_UNIX {
                let path = std::mem::offset_of!(libc::sockaddr_un, sun_path);
                // SAFETY: both are Unix addresses with NUL-terminated paths.
                return unsafe {
                    libc::strcmp(sa1.cast::<c_char>().add(path), sa2.cast::<c_char>().add(path))
                };
            }
            -1
        })
    }
}

overridable! {
    /// 1 when both ports are equal, 0 when not (the opposite sense of
    /// sock_cmp_addr, as in the book), -1 for different or other families.
    fn sockshim_unp_sock_cmp_port(sa1: *const libc::sockaddr, sa2: *const libc::sockaddr, salen: libc::socklen_t) -> c_int {
        let _ = salen;
        guard(c"sock_cmp_port", -1, || {
            // SAFETY: the caller passes socket addresses.
            let (f1, f2) = unsafe { (family(sa1), family(sa2)) };
            let (Some(f1), Some(f2)) = (f1, f2) else { return -1 };
            match (f1 == f2, port_field(f1)) {
                (true, Some(offset)) => {
                    // SAFETY: both are addresses of this family, with a port at `offset`.
                    let (p1, p2) = unsafe {
                        (
                            sa1.cast::<u8>().add(offset).cast::<u16>().read_unaligned(),
                            sa2.cast::<u8>().add(offset).cast::<u16>().read_unaligned(),
                        )
                    };
                    c_int::from(p1 == p2)
                }
                _ => -1,
            }
        })
    }
}

overridable! {
    /// The port as stored (network byte order), or -1 for another family.
    fn sockshim_unp_sock_get_port(sa: *const libc::sockaddr, salen: libc::socklen_t) -> c_int {
        let _ = salen;
        guard(c"sock_get_port", -1, || {
            // SAFETY: the caller passes a socket address.
            let Some(offset) = unsafe { family(sa) }.and_then(port_field) else { return -1 };
            // SAFETY: an address of this family, with a port at `offset`.
            c_int::from(unsafe { sa.cast::<u8>().add(offset).cast::<u16>().read_unaligned() })
        })
    }
}

overridable! {
    /// Copies an in_addr or in6_addr (by the address's family) into it.
    fn sockshim_unp_sock_set_addr(sa: *mut libc::sockaddr, salen: libc::socklen_t, addr: *const c_void) {
        let _ = salen;
        guard(c"sock_set_addr", (), || {
            // SAFETY: the caller passes a socket address.
            let Some((offset, len)) = unsafe { family(sa) }.and_then(address_field) else { return };
            if addr.is_null() {
                return;
            }
            // SAFETY: `addr` holds an address of the family, `len` bytes.
            unsafe { std::ptr::copy(addr.cast::<u8>(), sa.cast::<u8>().add(offset), len) };
        })
    }
}

overridable! {
    /// Stores `port` as given (the caller passes network byte order).
    fn sockshim_unp_sock_set_port(sa: *mut libc::sockaddr, salen: libc::socklen_t, port: c_int) {
        let _ = salen;
        guard(c"sock_set_port", (), || {
            // SAFETY: the caller passes a socket address.
            let Some(offset) = unsafe { family(sa) }.and_then(port_field) else { return };
            // SAFETY: an address of this family, with a port at `offset`.
            unsafe { sa.cast::<u8>().add(offset).cast::<u16>().write_unaligned(port as u16) };
        })
    }
}

overridable! {
    /// The wildcard address (INADDR_ANY or in6addr_any) of its family.
    fn sockshim_unp_sock_set_wild(sa: *mut libc::sockaddr, salen: libc::socklen_t) {
        let _ = salen;
        guard(c"sock_set_wild", (), || {
            // SAFETY: the caller passes a socket address.
            let Some((offset, len)) = unsafe { family(sa) }.and_then(address_field) else { return };
            // SAFETY: an address of this family, `len` address bytes at `offset`.
            unsafe { std::ptr::write_bytes(sa.cast::<u8>().add(offset), 0, len) };
        })
    }
}

overridable! {
    /// The address family of a socket (getsockname), or -1.
    fn sockshim_unp_sockfd_to_family(sockfd: c_int) -> c_int {
        guard(c"sockfd_to_family", -1, || {
            // SAFETY: all-zero bytes are a valid sockaddr_storage.
            let mut ss: libc::sockaddr_storage = unsafe { std::mem::zeroed() };
            let mut len = size_of::<libc::sockaddr_storage>() as libc::socklen_t;
            // SAFETY: `ss` has room for `len` bytes.
            if unsafe { libc::getsockname(sockfd, (&raw mut ss).cast(), &mut len) } < 0 {
                return -1;
            }
            c_int::from(ss.ss_family)
        })
    }
}

overridable! {
    /// sockfd_to_family; -1 is "sockfd_to_family error".
    fn sockshim_unp_Sockfd_to_family(sockfd: c_int) -> c_int {
        guard(c"Sockfd_to_family", -1, || {
            // SAFETY: no pointers.
            let family = unsafe { sockshim_unp_sockfd_to_family(sockfd) };
            if family < 0 {
                sys_now(c"sockfd_to_family error");
            }
            family
        })
    }
}

overridable! {
    /// IPPROTO_IP for AF_INET, IPPROTO_IPV6 for AF_INET6, else -1 (errno
    /// untouched).
    fn sockshim_unp_family_to_level(family: c_int) -> c_int {
        match family {
            libc::AF_INET => libc::IPPROTO_IP,
            libc::AF_INET6 => libc::IPPROTO_IPV6,
            _ => -1,
        }
    }
}

overridable! {
    /// family_to_level; -1 is "family_to_level error" (with whatever errno is).
    fn sockshim_unp_Family_to_level(family: c_int) -> c_int {
        guard(c"Family_to_level", -1, || {
            // SAFETY: no pointers.
            let level = unsafe { sockshim_unp_family_to_level(family) };
            if level < 0 {
                sys_now(c"family_to_level error");
            }
            level
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ffi::CStr;

    #[test]
    fn texts_are_the_books() {
        let v4 = Address::Inet("192.0.2.7".parse().unwrap(), 80);
        assert_eq!(ntop_text(&v4, 16), b"192.0.2.7:80");
        assert_eq!(ntop_host_text(&v4, 16), b"192.0.2.7");
        let v4 = Address::Inet("192.0.2.7".parse().unwrap(), 0);
        assert_eq!(ntop_text(&v4, 16), b"192.0.2.7");
        let v6 = Address::Inet6("2001:db8::7".parse().unwrap(), 443);
        assert_eq!(ntop_text(&v6, 28), b"[2001:db8::7]:443");
        assert_eq!(ntop_host_text(&v6, 28), b"2001:db8::7");
        let v6 = Address::Inet6("::1".parse().unwrap(), 0);
        assert_eq!(ntop_text(&v6, 28), b"::1");
        assert_eq!(
            ntop_text(&Address::Unix(Vec::new()), 2),
            b"(no pathname bound)"
        );
        assert_eq!(
            ntop_text(&Address::Unix(b"/tmp/s".to_vec()), 110),
            b"/tmp/s"
        );
        assert_eq!(
            ntop_text(&Address::Other(99), 16),
            b"sock_ntop: unknown AF_xxx: 99, len 16"
        );
        assert_eq!(
            ntop_host_text(&Address::Other(99), 20),
            b"sock_ntop_host: unknown AF_xxx: 99, len 20"
        );
        // A path in another encoding comes back byte for byte.
        let latin1 = Address::Unix(b"/tmp/caf\xe9.sock".to_vec());
        assert_eq!(ntop_text(&latin1, 110), b"/tmp/caf\xe9.sock");
        assert_eq!(ntop_host_text(&latin1, 110), b"/tmp/caf\xe9.sock");
    }

    #[test]
    fn each_thread_has_its_own_buffer() {
        let here = store(&NTOP, b"main") as usize;
        let there = std::thread::spawn(|| store(&NTOP, b"other") as usize)
            .join()
            .unwrap();
        assert_ne!(here, there);
        // SAFETY: `here` is this thread's buffer, NUL-terminated by store.
        assert_eq!(unsafe { CStr::from_ptr(here as *const c_char) }, c"main");
    }
}
