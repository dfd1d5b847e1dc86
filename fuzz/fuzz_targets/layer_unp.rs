//! The UNP layer's string and address inputs: host_serv(host, serv,
//! family, socktype) with any text or NULL, sock_ntop with any socket
//! address (its text holds the C library's inet_ntop of the address), and
//! readline over a socket pair holding the fuzzer's bytes, read to the end
//! in pieces of any size (the pieces put together are the bytes).
#![no_main]

use libfuzzer_sys::fuzz_target;
// The library is reached through its C symbols only: link it.
use sockshim as _;
use sockshim_fuzz::{Input, close_if_fd, ptr, socket_holding};
use std::ffi::{CStr, c_char, c_int, c_void};

sockshim_fuzz::offline!();

unsafe extern "C" {
    fn sockshim_unp_host_serv(
        host: *const c_char,
        serv: *const c_char,
        family: c_int,
        socktype: c_int,
    ) -> *mut libc::addrinfo;
    fn sockshim_unp_sock_ntop(sa: *const libc::sockaddr, salen: libc::socklen_t) -> *mut c_char;
    fn sockshim_unp_readline(fd: c_int, buf: *mut c_void, maxlen: usize) -> isize;
    fn inet_ntop(
        family: c_int,
        addr: *const c_void,
        dst: *mut c_char,
        size: libc::socklen_t,
    ) -> *const c_char;
}

fn ntop(family: c_int, addr: *const c_void) -> String {
    let mut buf = [0 as c_char; 64];
    // SAFETY: `addr` points at an address of `family`; `buf` has 64 bytes.
    assert!(!unsafe { inet_ntop(family, addr, buf.as_mut_ptr(), 64) }.is_null());
    // SAFETY: inet_ntop wrote a NUL-terminated string.
    unsafe { CStr::from_ptr(buf.as_ptr()) }
        .to_string_lossy()
        .into_owned()
}

fuzz_target!(|data: &[u8]| {
    let mut input = Input::new(data);
    match input.byte() % 3 {
        0 => {
            let family =
                [libc::AF_UNSPEC, libc::AF_INET, libc::AF_INET6][usize::from(input.byte() % 3)];
            let socktype = [0, libc::SOCK_STREAM, libc::SOCK_DGRAM][usize::from(input.byte() % 3)];
            let (host, serv) = (input.text_or_null(), input.text_or_null());
            // SAFETY: NULL or NUL-terminated strings.
            let list = unsafe { sockshim_unp_host_serv(ptr(&host), ptr(&serv), family, socktype) };
            let mut node = list;
            while !node.is_null() {
                // SAFETY: an entry of the list host_serv returned.
                let info = unsafe { &*node };
                if family != libc::AF_UNSPEC {
                    assert_eq!(info.ai_family, family);
                }
                node = info.ai_next;
            }
            if !list.is_null() {
                // SAFETY: the list is the C library's, freed once.
                unsafe { libc::freeaddrinfo(list) };
            }
        }
        1 => {
            // SAFETY: all-zero bytes are a valid sockaddr_storage.
            let mut storage: libc::sockaddr_storage = unsafe { std::mem::zeroed() };
            let family = [libc::AF_INET, libc::AF_INET6][usize::from(input.byte() % 2)];
            // SAFETY: the storage is plain bytes of its own size.
            let bytes = unsafe {
                std::slice::from_raw_parts_mut(
                    (&raw mut storage).cast::<u8>(),
                    size_of_val(&storage),
                )
            };
            for b in bytes.iter_mut() {
                *b = input.byte();
            }
            storage.ss_family = family as libc::sa_family_t;
            let (len, ip) = if family == libc::AF_INET {
                // SAFETY: the storage holds a sockaddr_in.
                let sin = unsafe { &*(&raw const storage).cast::<libc::sockaddr_in>() };
                (
                    size_of::<libc::sockaddr_in>(),
                    ntop(family, (&raw const sin.sin_addr).cast()),
                )
            } else {
                // SAFETY: the storage holds a sockaddr_in6.
                let sin6 = unsafe { &*(&raw const storage).cast::<libc::sockaddr_in6>() };
                (
                    size_of::<libc::sockaddr_in6>(),
                    ntop(family, (&raw const sin6.sin6_addr).cast()),
                )
            };
            // SAFETY: a full socket address of its family's size.
            let text = unsafe {
                sockshim_unp_sock_ntop((&raw const storage).cast(), len as libc::socklen_t)
            };
            assert!(!text.is_null());
            // SAFETY: sock_ntop returns a NUL-terminated string.
            let text = unsafe { CStr::from_ptr(text) }
                .to_string_lossy()
                .into_owned();
            assert!(text.contains(&ip), "{text:?} lacks {ip:?}");
        }
        _ => {
            let data = input.bytes().to_vec();
            let data = &data[..data.len().min(4096)];
            let reader = socket_holding(data);
            let mut got = Vec::new();
            let mut buf = vec![0u8; 300];
            // Read to the end, so no bytes stay in readline's buffer.
            for _ in 0..=data.len() + 1 {
                let maxlen = usize::from(input.byte()) % 298 + 2;
                // SAFETY: `buf` has room for maxlen (< 300) bytes.
                let n = unsafe { sockshim_unp_readline(reader, buf.as_mut_ptr().cast(), maxlen) };
                assert!((0..=maxlen as isize).contains(&n), "readline returned {n}");
                if n == 0 {
                    break;
                }
                if data.contains(&0) {
                    // Text with a NUL in it cannot be told apart by the
                    // caller: only the count is checked.
                    continue;
                }
                let stored = CStr::from_bytes_until_nul(&buf)
                    .expect("NUL-terminated")
                    .to_bytes();
                assert_eq!(stored.len(), (n as usize).min(maxlen - 1));
                got.extend_from_slice(stored);
            }
            close_if_fd(reader);
            if !data.contains(&0) {
                assert_eq!(got, data);
            }
        }
    }
});
