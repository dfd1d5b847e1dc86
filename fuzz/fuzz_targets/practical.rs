//! The Practical.h layer (Donahoo & Calvert 2nd edition) with the string
//! and address inputs a program gives it: SetupTCPClientSocket(host,
//! service) and SetupTCPServerSocket(service) with any text or NULL (the
//! book's DieWith... functions replaced by ones that return, so a failure
//! is a -1, not an exit), PrintSocketAddress compared with the C library's
//! inet_ntop, and SockAddrsEqual with the book's rule.
#![no_main]

use libfuzzer_sys::fuzz_target;
// The library is reached through its C symbols only: link it.
use sockshim as _;
use sockshim_fuzz::{Input, close_if_fd, ptr};
use std::ffi::{CStr, c_char, c_int};
use std::net::{Ipv4Addr, Ipv6Addr};

sockshim_fuzz::offline!();

unsafe extern "C" {
    fn sockshim_practical_SetupTCPClientSocket(
        host: *const c_char,
        service: *const c_char,
    ) -> c_int;
    fn sockshim_practical_SetupTCPServerSocket(service: *const c_char) -> c_int;
    fn sockshim_practical_PrintSocketAddress(
        address: *const libc::sockaddr,
        stream: *mut libc::FILE,
    );
    fn sockshim_practical_SockAddrsEqual(
        a: *const libc::sockaddr,
        b: *const libc::sockaddr,
    ) -> bool;
    // The C library's, which the libc crate does not declare.
    fn inet_ntop(
        family: c_int,
        addr: *const libc::c_void,
        dst: *mut c_char,
        size: libc::socklen_t,
    ) -> *const c_char;
}

/// The program's own DieWithUserMessage, as a program may define it: this
/// one returns (the library then returns -1).
#[unsafe(no_mangle)]
extern "C" fn sockshim_practical_DieWithUserMessage(msg: *const c_char, detail: *const c_char) {
    for text in [msg, detail] {
        if !text.is_null() {
            // SAFETY: the library passes NUL-terminated strings.
            let _ = unsafe { CStr::from_ptr(text) }.to_bytes().len();
        }
    }
}

/// The program's own DieWithSystemMessage: returns too.
#[unsafe(no_mangle)]
extern "C" fn sockshim_practical_DieWithSystemMessage(msg: *const c_char) {
    if !msg.is_null() {
        // SAFETY: the library passes a NUL-terminated string.
        let _ = unsafe { CStr::from_ptr(msg) }.to_bytes().len();
    }
}

/// A socket address of `family` made of the fuzzer's bytes.
fn address(input: &mut Input) -> libc::sockaddr_storage {
    // SAFETY: all-zero bytes are a valid sockaddr_storage.
    let mut storage: libc::sockaddr_storage = unsafe { std::mem::zeroed() };
    // SAFETY: the storage is plain bytes of its own size.
    let bytes = unsafe {
        std::slice::from_raw_parts_mut(
            (&raw mut storage).cast::<u8>(),
            size_of::<libc::sockaddr_storage>(),
        )
    };
    for b in bytes.iter_mut() {
        *b = input.byte();
    }
    storage.ss_family = match bytes[0] % 3 {
        0 => libc::AF_INET as libc::sa_family_t,
        1 => libc::AF_INET6 as libc::sa_family_t,
        _ => storage.ss_family,
    };
    storage
}

/// What PrintSocketAddress must print for `storage`, by the C library's
/// inet_ntop.
fn expected_text(storage: &libc::sockaddr_storage) -> String {
    let family = c_int::from(storage.ss_family);
    let (ip, port) = if family == libc::AF_INET {
        // SAFETY: the storage holds a sockaddr_in.
        let sin =
            unsafe { &*(storage as *const libc::sockaddr_storage).cast::<libc::sockaddr_in>() };
        (
            ntop(family, (&raw const sin.sin_addr).cast()),
            u16::from_be(sin.sin_port),
        )
    } else if family == libc::AF_INET6 {
        // SAFETY: the storage holds a sockaddr_in6.
        let sin6 =
            unsafe { &*(storage as *const libc::sockaddr_storage).cast::<libc::sockaddr_in6>() };
        (
            ntop(family, (&raw const sin6.sin6_addr).cast()),
            u16::from_be(sin6.sin6_port),
        )
    } else {
        return "[unknown type]".into();
    };
    if port == 0 {
        ip
    } else {
        format!("{ip}-{port}")
    }
}

fn ntop(family: c_int, addr: *const libc::c_void) -> String {
    let mut buf = [0 as c_char; 64];
    // SAFETY: `addr` points at an address of `family`; `buf` has 64 bytes.
    let text = unsafe { inet_ntop(family, addr, buf.as_mut_ptr(), 64) };
    assert!(!text.is_null());
    // SAFETY: inet_ntop wrote a NUL-terminated string into `buf`.
    unsafe { CStr::from_ptr(buf.as_ptr()) }
        .to_string_lossy()
        .into_owned()
}

/// What SockAddrsEqual must say: same family (IPv4 or IPv6), address and
/// port; scope ids are not compared.
fn expected_equal(a: &libc::sockaddr_storage, b: &libc::sockaddr_storage) -> bool {
    let family = c_int::from(a.ss_family);
    if family != c_int::from(b.ss_family) {
        return false;
    }
    if family == libc::AF_INET {
        // SAFETY: both hold a sockaddr_in.
        let (x, y) = unsafe {
            (
                &*(a as *const libc::sockaddr_storage).cast::<libc::sockaddr_in>(),
                &*(b as *const libc::sockaddr_storage).cast::<libc::sockaddr_in>(),
            )
        };
        Ipv4Addr::from(u32::from_be(x.sin_addr.s_addr))
            == Ipv4Addr::from(u32::from_be(y.sin_addr.s_addr))
            && x.sin_port == y.sin_port
    } else if family == libc::AF_INET6 {
        // SAFETY: both hold a sockaddr_in6.
        let (x, y) = unsafe {
            (
                &*(a as *const libc::sockaddr_storage).cast::<libc::sockaddr_in6>(),
                &*(b as *const libc::sockaddr_storage).cast::<libc::sockaddr_in6>(),
            )
        };
        Ipv6Addr::from(x.sin6_addr.s6_addr) == Ipv6Addr::from(y.sin6_addr.s6_addr)
            && x.sin6_port == y.sin6_port
    } else {
        false
    }
}

/// Sends what the library prints on stdout ("Binding to ...") nowhere.
fn quiet_stdout() {
    static DONE: std::sync::Once = std::sync::Once::new();
    DONE.call_once(|| {
        // SAFETY: plain descriptor calls on our own standard output.
        unsafe {
            let null = libc::open(c"/dev/null".as_ptr(), libc::O_WRONLY);
            assert!(null >= 0);
            libc::dup2(null, 1);
            libc::close(null);
        }
    });
}

fuzz_target!(|data: &[u8]| {
    quiet_stdout();
    let mut input = Input::new(data);
    match input.byte() % 4 {
        0 => {
            let (host, service) = (input.text_or_null(), input.text_or_null());
            // SAFETY: NULL or NUL-terminated strings.
            let fd = unsafe { sockshim_practical_SetupTCPClientSocket(ptr(&host), ptr(&service)) };
            assert!(fd >= -1);
            close_if_fd(fd);
        }
        1 => {
            let service = input.text_or_null();
            // SAFETY: NULL or a NUL-terminated string.
            let fd = unsafe { sockshim_practical_SetupTCPServerSocket(ptr(&service)) };
            assert!(fd >= -1);
            close_if_fd(fd);
        }
        2 => {
            let storage = address(&mut input);
            let mut buf = [0u8; 256];
            // SAFETY: fmemopen writes into `buf`, which outlives the stream.
            let stream =
                unsafe { libc::fmemopen(buf.as_mut_ptr().cast(), buf.len(), c"w".as_ptr()) };
            assert!(!stream.is_null());
            // SAFETY: a full sockaddr_storage and an open stream.
            unsafe {
                sockshim_practical_PrintSocketAddress((&raw const storage).cast(), stream);
                libc::fclose(stream);
            }
            let printed = CStr::from_bytes_until_nul(&buf).expect("fmemopen NUL-terminates");
            assert_eq!(printed.to_string_lossy(), expected_text(&storage));
        }
        _ => {
            let (a, b) = (address(&mut input), address(&mut input));
            let same = input.byte() & 1 == 1;
            let b = if same { a } else { b };
            // SAFETY: two full sockaddr_storage values.
            let equal = unsafe {
                sockshim_practical_SockAddrsEqual((&raw const a).cast(), (&raw const b).cast())
            };
            assert_eq!(equal, expected_equal(&a, &b));
            if same {
                assert_eq!(
                    equal,
                    matches!(c_int::from(a.ss_family), libc::AF_INET | libc::AF_INET6)
                );
            }
        }
    }
});
