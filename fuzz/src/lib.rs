//! What the fuzz targets share: cutting the fuzzer's bytes into C strings
//! and numbers, C's rules for white space and numbers (the reference the
//! parsers are compared with), and `offline!`, which keeps a target off the
//! network.
//!
//! A target for a new book layer (UNP, CS:APP) is one more file in
//! fuzz_targets/ (see fuzz/README.md): it takes its strings from [`Input`],
//! calls `offline!()`, and overrides the layer's exiting error functions
//! with ones that return.

use std::ffi::{CString, c_char, c_int};

/// The fuzzer's bytes, taken apart piece by piece; running out gives
/// zeros and empty strings, never a panic.
pub struct Input<'a> {
    data: &'a [u8],
}

impl<'a> Input<'a> {
    pub fn new(data: &'a [u8]) -> Input<'a> {
        Input { data }
    }

    /// The next byte (0 when there is none).
    pub fn byte(&mut self) -> u8 {
        match self.data.split_first() {
            Some((&b, rest)) => {
                self.data = rest;
                b
            }
            None => 0,
        }
    }

    /// The next 32-bit number (little-endian, zeros when short).
    pub fn int(&mut self) -> i32 {
        i32::from_le_bytes([self.byte(), self.byte(), self.byte(), self.byte()])
    }

    /// The next piece of bytes: up to the next 0 byte (a C string ends
    /// there), or everything left.
    pub fn bytes(&mut self) -> &'a [u8] {
        let end = self
            .data
            .iter()
            .position(|&b| b == 0)
            .unwrap_or(self.data.len());
        let (piece, rest) = self.data.split_at(end);
        self.data = rest.get(1..).unwrap_or(&[]);
        piece
    }

    /// The next piece as a C string.
    pub fn text(&mut self) -> CString {
        CString::new(self.bytes()).expect("a piece has no 0 byte")
    }

    /// The next piece as a C string, or NULL when the selector byte says so
    /// (one time in eight).
    pub fn text_or_null(&mut self) -> Option<CString> {
        let null = self.byte() & 7 == 0;
        let text = self.text();
        (!null).then_some(text)
    }

    /// Everything not taken yet.
    pub fn rest(&mut self) -> &'a [u8] {
        std::mem::take(&mut self.data)
    }
}

/// A pointer to `text`, or NULL.
pub fn ptr(text: &Option<CString>) -> *const c_char {
    text.as_ref().map_or(std::ptr::null(), |t| t.as_ptr())
}

/// C's isspace() in the C locale, asked of the C library.
pub fn c_isspace(byte: u8) -> bool {
    // SAFETY: isspace takes any unsigned char value.
    unsafe { libc::isspace(c_int::from(byte)) != 0 }
}

/// The reference for a port as the textbooks' C would read it with
/// strtoul: C white space around it, then decimal digits only (no sign),
/// no overflow, nothing else, and a value from 1 to 65535.
pub fn strtoul_port(text: &[u8]) -> Option<u16> {
    strtoul_number(text)
        .filter(|&n| (1..=65535).contains(&n))
        .map(|n| n as u16)
}

/// A whole unsigned decimal number by strtoul, C white space around it
/// tolerated, within u32; `None` for anything else.
pub fn strtoul_number(text: &[u8]) -> Option<u32> {
    let text = CString::new(text).ok()?;
    let bytes = text.as_bytes();
    let start = bytes.iter().position(|&b| !c_isspace(b))?;
    if !bytes[start].is_ascii_digit() {
        return None;
    }
    let mut end: *mut c_char = std::ptr::null_mut();
    // SAFETY: errno is this thread's; the string is NUL-terminated and
    // `end` receives a pointer into it.
    let value = unsafe {
        *libc::__errno_location() = 0;
        libc::strtoul(text.as_ptr().add(start), &mut end, 10)
    };
    // SAFETY: as above.
    if unsafe { *libc::__errno_location() } == libc::ERANGE {
        return None;
    }
    // SAFETY: strtoul left `end` inside the string (at most at its NUL).
    let consumed = unsafe { end.offset_from(text.as_ptr()) } as usize;
    if !bytes[consumed..].iter().all(|&b| c_isspace(b)) {
        return None;
    }
    u32::try_from(value).ok()
}

/// Keeps a fuzz target off the network: defines, in the target itself,
/// `getaddrinfo` answering numeric hosts only (the C library's own, asked
/// with AI_NUMERICHOST: no DNS, no /etc/hosts), `connect` that reaches
/// loopback addresses only (others: ENETUNREACH at once), and `bind` to
/// port 0 only (an ephemeral port: no clash with real services).  The
/// library, linked into the target, calls these instead of the C
/// library's.
#[macro_export]
macro_rules! offline {
    () => {
        /// getaddrinfo with AI_NUMERICHOST added (see `offline!`).
        #[unsafe(no_mangle)]
        pub unsafe extern "C" fn getaddrinfo(
            node: *const ::std::ffi::c_char,
            service: *const ::std::ffi::c_char,
            hints: *const ::libc::addrinfo,
            res: *mut *mut ::libc::addrinfo,
        ) -> ::std::ffi::c_int {
            type Real = unsafe extern "C" fn(
                *const ::std::ffi::c_char,
                *const ::std::ffi::c_char,
                *const ::libc::addrinfo,
                *mut *mut ::libc::addrinfo,
            ) -> ::std::ffi::c_int;
            // SAFETY: the C library's getaddrinfo has this type; the
            // arguments are passed on as the caller gave them, with a copy
            // of the hints (all-zero bytes are valid hints).
            unsafe {
                let real = ::libc::dlsym(::libc::RTLD_NEXT, c"getaddrinfo".as_ptr());
                assert!(!real.is_null(), "the C library's getaddrinfo");
                let real: Real = ::std::mem::transmute(real);
                let mut numeric: ::libc::addrinfo = ::std::mem::zeroed();
                if !hints.is_null() {
                    numeric = *hints;
                }
                numeric.ai_flags |= ::libc::AI_NUMERICHOST;
                real(node, service, &numeric, res)
            }
        }

        /// connect to loopback addresses only (see `offline!`).
        #[unsafe(no_mangle)]
        pub unsafe extern "C" fn connect(
            fd: ::std::ffi::c_int,
            addr: *const ::libc::sockaddr,
            len: ::libc::socklen_t,
        ) -> ::std::ffi::c_int {
            // SAFETY: `addr` points at `len` bytes of a socket address.
            unsafe {
                if !$crate::is_loopback(addr, len) {
                    *::libc::__errno_location() = ::libc::ENETUNREACH;
                    return -1;
                }
                ::libc::syscall(::libc::SYS_connect, fd, addr, len) as ::std::ffi::c_int
            }
        }

        /// bind to port 0 only (see `offline!`).
        #[unsafe(no_mangle)]
        pub unsafe extern "C" fn bind(
            fd: ::std::ffi::c_int,
            addr: *const ::libc::sockaddr,
            len: ::libc::socklen_t,
        ) -> ::std::ffi::c_int {
            // SAFETY: `addr` points at `len` bytes of a socket address,
            // copied into storage at least that large before the port is
            // cleared.
            unsafe {
                let mut copy: ::libc::sockaddr_storage = ::std::mem::zeroed();
                let len = len.min(::std::mem::size_of_val(&copy) as ::libc::socklen_t);
                ::std::ptr::copy_nonoverlapping(
                    addr.cast::<u8>(),
                    (&raw mut copy).cast::<u8>(),
                    len as usize,
                );
                $crate::clear_port(&mut copy, len);
                ::libc::syscall(::libc::SYS_bind, fd, &raw const copy, len) as ::std::ffi::c_int
            }
        }
    };
}

/// Whether a socket address is a loopback address (127/8, ::1, or an
/// IPv4-mapped 127/8).
///
/// # Safety
/// `addr` points at `len` readable bytes (or is NULL).
pub unsafe fn is_loopback(addr: *const libc::sockaddr, len: libc::socklen_t) -> bool {
    if addr.is_null() || (len as usize) < size_of::<libc::sa_family_t>() {
        return false;
    }
    // SAFETY: the family field is within the `len` bytes.
    let family = c_int::from(unsafe { (*addr).sa_family });
    if family == libc::AF_INET && len as usize >= size_of::<libc::sockaddr_in>() {
        // SAFETY: a sockaddr_in of at least its size.
        let sin = unsafe { &*addr.cast::<libc::sockaddr_in>() };
        return u32::from_be(sin.sin_addr.s_addr) >> 24 == 127;
    }
    if family == libc::AF_INET6 && len as usize >= size_of::<libc::sockaddr_in6>() {
        // SAFETY: a sockaddr_in6 of at least its size.
        let sin6 = unsafe { &*addr.cast::<libc::sockaddr_in6>() };
        let ip = std::net::Ipv6Addr::from(sin6.sin6_addr.s6_addr);
        return ip.is_loopback() || ip.to_ipv4_mapped().is_some_and(|v4| v4.is_loopback());
    }
    false
}

/// Sets the port of an IPv4 or IPv6 address of `len` bytes to 0.
pub fn clear_port(addr: &mut libc::sockaddr_storage, len: libc::socklen_t) {
    let family = c_int::from(addr.ss_family);
    if family == libc::AF_INET && len as usize >= size_of::<libc::sockaddr_in>() {
        // SAFETY: the storage holds a sockaddr_in (family and length say so)
        // and is aligned for any socket address.
        unsafe {
            (*(addr as *mut libc::sockaddr_storage).cast::<libc::sockaddr_in>()).sin_port = 0
        };
    } else if family == libc::AF_INET6 && len as usize >= size_of::<libc::sockaddr_in6>() {
        // SAFETY: as above, for a sockaddr_in6.
        unsafe {
            (*(addr as *mut libc::sockaddr_storage).cast::<libc::sockaddr_in6>()).sin6_port = 0
        };
    }
}

/// Closes `fd` if it is a descriptor (a function under test returned it).
pub fn close_if_fd(fd: c_int) {
    if fd >= 0 {
        // SAFETY: the descriptor was just handed to us by the library.
        unsafe { libc::close(fd) };
    }
}

/// The reading end of a Unix socket pair that holds `data` (at most the
/// 4 KiB a pair's buffer surely takes) and whose writer is closed, so a
/// reader meets end of file after the data.
pub fn socket_holding(data: &[u8]) -> c_int {
    assert!(data.len() <= 4096, "{} bytes may not fit", data.len());
    let mut fds = [-1; 2];
    // SAFETY: `fds` has room for two descriptors.
    let rc = unsafe { libc::socketpair(libc::AF_UNIX, libc::SOCK_STREAM, 0, fds.as_mut_ptr()) };
    assert_eq!(rc, 0);
    // SAFETY: `data` holds data.len() bytes.
    let wrote = unsafe { libc::write(fds[1], data.as_ptr().cast(), data.len()) };
    assert_eq!(wrote, data.len() as isize);
    close_if_fd(fds[1]);
    fds[0]
}

/// How many bytes a line reader with a buffer of `size` (at least 2)
/// takes from `rest`: through the first newline, at most `size - 1`.
pub fn line_length(rest: &[u8], size: usize) -> usize {
    let end = rest
        .iter()
        .position(|&b| b == b'\n')
        .map_or(rest.len(), |i| i + 1);
    end.min(size - 1)
}

/// The C library's errno.
pub fn errno() -> c_int {
    // SAFETY: errno is this thread's.
    unsafe { *libc::__errno_location() }
}
