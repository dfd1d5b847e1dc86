//! The CS:APP layer's string inputs: open_clientfd(hostname, port) and
//! open_listenfd(port) with any text (a descriptor, -1 or -2, never a
//! crash), and Rio: rio_readlineb and rio_readnb over a socket pair holding
//! the fuzzer's bytes, in pieces of any size, compared with those bytes.
#![no_main]

use libfuzzer_sys::fuzz_target;
// The library is reached through its C symbols only: link it.
use sockshim as _;
use sockshim_fuzz::{Input, close_if_fd, line_length, socket_holding};
use std::ffi::{c_char, c_int, c_void};

sockshim_fuzz::offline!();

/// csapp.h's rio_t (part of the ABI: programs allocate it).
#[repr(C)]
struct Rio {
    fd: c_int,
    cnt: isize,
    bufptr: *mut c_char,
    buf: [c_char; 8192],
}

unsafe extern "C" {
    fn sockshim_csapp_open_clientfd(hostname: *mut c_char, port: *mut c_char) -> c_int;
    fn sockshim_csapp_open_listenfd(port: *mut c_char) -> c_int;
    fn sockshim_csapp_rio_readinitb(rp: *mut Rio, fd: c_int);
    fn sockshim_csapp_rio_readlineb(rp: *mut Rio, buf: *mut c_void, maxlen: usize) -> isize;
    fn sockshim_csapp_rio_readnb(rp: *mut Rio, buf: *mut c_void, n: usize) -> isize;
}

fuzz_target!(|data: &[u8]| {
    let mut input = Input::new(data);
    match input.byte() % 3 {
        0 => {
            let (host, port) = (input.text(), input.text());
            let (mut host, mut port) = (host.into_bytes_with_nul(), port.into_bytes_with_nul());
            // SAFETY: NUL-terminated strings (the book's prototype is not const).
            let fd = unsafe {
                sockshim_csapp_open_clientfd(host.as_mut_ptr().cast(), port.as_mut_ptr().cast())
            };
            assert!(fd >= -2, "open_clientfd returned {fd}");
            close_if_fd(fd);
        }
        1 => {
            let mut port = input.text().into_bytes_with_nul();
            // SAFETY: a NUL-terminated string.
            let fd = unsafe { sockshim_csapp_open_listenfd(port.as_mut_ptr().cast()) };
            assert!(fd >= -2, "open_listenfd returned {fd}");
            close_if_fd(fd);
        }
        _ => {
            let data = input.bytes().to_vec();
            let data = &data[..data.len().min(4096)];
            let reader = socket_holding(data);
            let mut rio: Box<Rio> = Box::new(Rio {
                fd: -1,
                cnt: 0,
                bufptr: std::ptr::null_mut(),
                buf: [0; 8192],
            });
            // SAFETY: a rio_t to initialise and an open descriptor.
            unsafe { sockshim_csapp_rio_readinitb(&mut *rio, reader) };
            let mut at = 0usize;
            let mut buf = vec![0u8; 300];
            for _ in 0..=data.len() + 1 {
                let rest = &data[at..];
                let size = usize::from(input.byte()) % 298 + 2;
                if input.byte() & 1 == 0 {
                    // SAFETY: `buf` has room for `size` (< 300) bytes.
                    let n = unsafe {
                        sockshim_csapp_rio_readlineb(&mut *rio, buf.as_mut_ptr().cast(), size)
                    };
                    let want = line_length(rest, size);
                    assert_eq!(n, want as isize, "rio_readlineb({size}) at {at}");
                    assert_eq!(&buf[..want], &rest[..want]);
                    if want > 0 {
                        assert_eq!(buf[want], 0, "NUL-terminated");
                    }
                    at += want;
                } else {
                    // SAFETY: `buf` has room for `size` bytes.
                    let n = unsafe {
                        sockshim_csapp_rio_readnb(&mut *rio, buf.as_mut_ptr().cast(), size)
                    };
                    let want = size.min(rest.len());
                    assert_eq!(n, want as isize, "rio_readnb({size}) at {at}");
                    assert_eq!(&buf[..want], &rest[..want]);
                    at += want;
                }
                if at == data.len() {
                    break;
                }
            }
            close_if_fd(reader);
        }
    }
});
