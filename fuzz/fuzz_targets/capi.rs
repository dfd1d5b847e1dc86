//! The sockshim_* API through its C ABI (the symbols a C program calls):
//! sockshim_connect and sockshim_listen with any host, service, transport
//! (NULL too), timeout and backlog; sockshim_readline, sockshim_readn and
//! sockshim_writen over a socket pair or a pipe holding the fuzzer's bytes,
//! mixed with plain read(2), each result compared with what a reader of
//! those bytes must get.  After every failure errno is set and
//! sockshim_last_error() is a string.
#![no_main]

use libfuzzer_sys::fuzz_target;
// The library is reached through its C symbols only: link it.
use sockshim as _;
use sockshim_fuzz::{Input, close_if_fd, errno, line_length, ptr};
use std::ffi::{CStr, c_char, c_int, c_void};

sockshim_fuzz::offline!();

unsafe extern "C" {
    fn sockshim_connect(
        host: *const c_char,
        service: *const c_char,
        transport: *const c_char,
        timeout_ms: c_int,
    ) -> c_int;
    fn sockshim_listen(
        host: *const c_char,
        service: *const c_char,
        transport: *const c_char,
        qlen: c_int,
    ) -> c_int;
    fn sockshim_local_port(fd: c_int) -> c_int;
    fn sockshim_last_error() -> *const c_char;
    fn sockshim_readn(fd: c_int, buf: *mut c_void, n: usize) -> isize;
    fn sockshim_writen(fd: c_int, buf: *const c_void, n: usize) -> isize;
    fn sockshim_readline(fd: c_int, buf: *mut c_void, maxlen: usize) -> isize;
}

/// After a result of -1: errno says why, and the last error is text.
fn expect_reported(what: &str, result: isize) {
    if result == -1 {
        assert_ne!(errno(), 0, "{what} failed without errno");
    }
    // SAFETY: sockshim_last_error returns a NUL-terminated string.
    let last = unsafe { CStr::from_ptr(sockshim_last_error()) };
    assert!(!last.to_bytes().is_empty(), "{what}: empty last error");
}

fn set_errno(value: c_int) {
    // SAFETY: errno is this thread's.
    unsafe { *libc::__errno_location() = value };
}

/// A connected pair of descriptors (reader, writer): a Unix socket pair or
/// a pipe.
fn pair(pipe: bool) -> (c_int, c_int) {
    let mut fds = [-1; 2];
    // SAFETY: `fds` has room for the two descriptors.
    let rc = unsafe {
        if pipe {
            libc::pipe(fds.as_mut_ptr())
        } else {
            libc::socketpair(libc::AF_UNIX, libc::SOCK_STREAM, 0, fds.as_mut_ptr())
        }
    };
    assert_eq!(rc, 0);
    (fds[0], fds[1])
}

/// Reading `data` back with readline, readn and read in turns.
fn read_back(input: &mut Input, data: &[u8]) {
    let pipe = input.byte() & 1 == 1;
    let (reader, writer) = pair(pipe);
    // Everything fits in the pipe or socket buffer: at most 4 KiB.
    let data = &data[..data.len().min(4096)];
    // SAFETY: `data` holds data.len() readable bytes.
    let wrote = unsafe { sockshim_writen(writer, data.as_ptr().cast(), data.len()) };
    assert_eq!(wrote, data.len() as isize);
    close_if_fd(writer);
    let mut at = 0usize;
    let mut buf = vec![0u8; 4097];
    for _ in 0..64 {
        let op = input.byte();
        let size = usize::from(input.byte()) % 300;
        let rest = &data[at..];
        match op % 3 {
            0 => {
                set_errno(0);
                // SAFETY: `buf` has room for `size` (< 300) bytes.
                let got = unsafe { sockshim_readline(reader, buf.as_mut_ptr().cast(), size) };
                expect_reported("sockshim_readline", got);
                if size < 2 {
                    assert_eq!((got, errno()), (-1, libc::EINVAL));
                    continue;
                }
                // A line: through the first '\n', at most size - 1 bytes.
                let want = line_length(rest, size);
                assert_eq!(got, want as isize, "readline of {size} at {at}");
                assert_eq!(&buf[..want], &rest[..want]);
                assert_eq!(buf[want], 0, "NUL-terminated");
                at += want;
            }
            1 => {
                // SAFETY: `buf` has room for `size` bytes.
                let got = unsafe { sockshim_readn(reader, buf.as_mut_ptr().cast(), size) };
                expect_reported("sockshim_readn", got);
                let want = size.min(rest.len());
                assert_eq!(got, want as isize, "readn of {size} at {at}");
                assert_eq!(&buf[..want], &rest[..want]);
                at += want;
            }
            _ => {
                // A plain read sees exactly what the library left unread.
                let size = size.max(1);
                // SAFETY: `buf` has room for `size` bytes.
                let got = unsafe { libc::read(reader, buf.as_mut_ptr().cast(), size) };
                assert!(got >= 0);
                assert_eq!(&buf[..got as usize], &rest[..got as usize]);
                at += got as usize;
            }
        }
        if at == data.len() {
            break;
        }
    }
    close_if_fd(reader);
}

fuzz_target!(|data: &[u8]| {
    let mut input = Input::new(data);
    match input.byte() % 4 {
        0 => {
            let timeout = c_int::from(input.byte() % 50) + 1;
            let (host, service, transport) = (
                input.text_or_null(),
                input.text_or_null(),
                input.text_or_null(),
            );
            set_errno(0);
            // SAFETY: each argument is NULL or a NUL-terminated string.
            let fd =
                unsafe { sockshim_connect(ptr(&host), ptr(&service), ptr(&transport), timeout) };
            expect_reported("sockshim_connect", fd as isize);
            close_if_fd(fd);
        }
        1 => {
            let qlen = input.int();
            let (host, service, transport) = (
                input.text_or_null(),
                input.text_or_null(),
                input.text_or_null(),
            );
            set_errno(0);
            // SAFETY: each argument is NULL or a NUL-terminated string.
            let fd = unsafe { sockshim_listen(ptr(&host), ptr(&service), ptr(&transport), qlen) };
            expect_reported("sockshim_listen", fd as isize);
            if fd >= 0 {
                // SAFETY: no pointers.
                let port = unsafe { sockshim_local_port(fd) };
                assert!((0..=65535).contains(&port), "port {port}");
            }
            close_if_fd(fd);
        }
        2 => {
            let rest = input.rest().to_vec();
            let mut again = Input::new(&rest);
            let text = again.bytes().to_vec();
            read_back(&mut again, &text);
        }
        _ => {
            // Bad descriptors and NULL buffers fail with errno, never crash.
            let fd = -1 - c_int::from(input.byte() % 8);
            let n = usize::from(input.byte());
            let null = input.byte() & 1 == 1;
            let mut buf = [0u8; 256];
            let p: *mut c_void = if null {
                std::ptr::null_mut()
            } else {
                buf.as_mut_ptr().cast()
            };
            set_errno(0);
            // SAFETY: NULL with n > 0 is refused by the library; `buf` has
            // room for n (< 256) bytes.
            unsafe {
                expect_reported("sockshim_readn", sockshim_readn(fd, p, n));
                expect_reported("sockshim_readline", sockshim_readline(fd, p, n));
                expect_reported("sockshim_writen", sockshim_writen(fd, p, n));
                expect_reported("sockshim_local_port", sockshim_local_port(fd) as isize);
            }
        }
    }
});
