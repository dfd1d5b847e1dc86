//! The non-exiting `sockshim_*` API for new code: the same core as the
//! textbook functions, but failures return -1 with errno set and a readable
//! message in `sockshim_last_error()`; nothing is printed, nothing exits.

use crate::endpoint::{self, ClientOptions, Names, ServerOptions};
use crate::error::{self, Failure};
use crate::ffi::{self, CText};
use crate::{config, fatal, socket};
use libc::{size_t, ssize_t};
use std::cell::RefCell;
use std::ffi::{CString, c_char, c_int, c_void};
use std::io;
use std::os::fd::{IntoRawFd, OwnedFd};
use std::time::Duration;

thread_local! {
    /// This thread's last failure, for sockshim_last_error.
    static LAST_ERROR: RefCell<CString> = RefCell::new(c"no error".to_owned());
}

/// Records a failure for this thread, sets errno, and returns -1.
fn fail<T: From<i8>>(errno: i32, message: String) -> T {
    let text = CString::new(message).unwrap_or_else(|_| c"sockshim: failure".to_owned());
    LAST_ERROR.with(|last| *last.borrow_mut() = text);
    error::set_errno_value(errno);
    T::from(-1)
}

/// Runs an API body; a panic (a sockshim bug) becomes -1 with EIO.
fn guard<T: From<i8>>(entry: &str, body: impl FnOnce() -> T) -> T {
    ffi::guard_or(body, || {
        fail(libc::EIO, format!("sockshim: internal error in {entry}"))
    })
}

/// The failure's message in the textbook wording, without the newline.
fn describe(failure: &Failure, host: CText, service: CText, transport: CText) -> String {
    fatal::render(&fatal::comer_message(
        failure,
        host.for_message(),
        service.for_message(),
        transport.for_message(),
    ))
}

/// The descriptor, or -1 with errno and the last error set from the failure.
fn descriptor_or_fail(
    opened: Result<OwnedFd, Failure>,
    host: CText,
    service: CText,
    transport: CText,
) -> c_int {
    match opened {
        Ok(fd) => fd.into_raw_fd(),
        Err(f) => fail(f.errno(), describe(&f, host, service, transport)),
    }
}

/// Opens a socket connected to `service` on `host` over `transport` ("tcp"
/// or "udp"), trying every address of the host, IPv4 first, each attempt
/// bounded by `timeout_ms` (<= 0: no bound).  A named service is shifted by
/// SOCKSHIM_PORTBASE.  Returns the descriptor (blocking, no options set), or
/// -1 with errno set (EINVAL for NULL or malformed arguments, ENOENT for an
/// unknown service or host name, else the failed call's errno, ETIMEDOUT on
/// expiry); sockshim_last_error() then says what failed.  Never prints,
/// never exits.
///
/// # Safety
/// Each argument is NULL or a NUL-terminated string.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sockshim_connect(
    host: *const c_char,
    service: *const c_char,
    transport: *const c_char,
    timeout_ms: c_int,
) -> c_int {
    guard("sockshim_connect", || {
        // SAFETY: the caller passes NULL or NUL-terminated strings.
        let (host, service, transport) =
            unsafe { (CText::new(host), CText::new(service), CText::new(transport)) };
        if host.as_str().is_none() || service.as_str().is_none() || transport.as_str().is_none() {
            return fail(
                libc::EINVAL,
                "sockshim_connect: host, service and transport must be text, not NULL".into(),
            );
        }
        let timeout = u64::try_from(timeout_ms)
            .ok()
            .filter(|&ms| ms > 0)
            .map(Duration::from_millis);
        let options = ClientOptions {
            base: config::get().portbase,
            timeout,
        };
        let opened = Names::from_text(host.as_str(), service.as_str(), transport.as_str())
            .and_then(|names| endpoint::connect_named(&names, &options));
        descriptor_or_fail(opened, host, service, transport)
    })
}

/// Opens a passive socket for `service` over `transport` ("tcp" or "udp"),
/// bound to `host` (NULL: every local address: IPv4, or IPv6 and IPv4 with
/// SOCKSHIM_DUALSTACK=1).  Service "0" asks for an ephemeral port (see
/// sockshim_local_port).  TCP sockets get SO_REUSEADDR (unless
/// SOCKSHIM_REUSEADDR=0) and listen(qlen).  A named service is shifted as by
/// passivesock.  Returns the descriptor, or -1 with errno set as
/// sockshim_connect does.  Never prints, never exits.
///
/// # Safety
/// Each argument is NULL (`host` only) or a NUL-terminated string.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sockshim_listen(
    host: *const c_char,
    service: *const c_char,
    transport: *const c_char,
    qlen: c_int,
) -> c_int {
    guard("sockshim_listen", || {
        // SAFETY: the caller passes NULL or NUL-terminated strings.
        let (host, service, transport) =
            unsafe { (CText::new(host), CText::new(service), CText::new(transport)) };
        if service.as_str().is_none()
            || transport.as_str().is_none()
            || (!host.is_null() && host.as_str().is_none())
        {
            return fail(
                libc::EINVAL,
                "sockshim_listen: service and transport must be text, not NULL".into(),
            );
        }
        let options = ServerOptions {
            allow_port_zero: true,
            ..ServerOptions::from_knobs()
        };
        let opened = Names::from_text(host.as_str(), service.as_str(), transport.as_str())
            .and_then(|names| endpoint::passive_named(&names, qlen, &options));
        descriptor_or_fail(opened, host, service, transport)
    })
}

/// The local port `fd` is bound to, or -1 with errno set (EBADF, ENOTSOCK,
/// or EINVAL for a socket that is not IPv4 or IPv6).
#[unsafe(no_mangle)]
pub extern "C" fn sockshim_local_port(fd: c_int) -> c_int {
    guard("sockshim_local_port", || match socket::local_addr(fd) {
        Ok(Some(addr)) => c_int::from(addr.port()),
        Ok(None) => fail(
            libc::EINVAL,
            format!("sockshim_local_port: descriptor {fd} is not an IP socket"),
        ),
        Err(e) => fail(
            e.raw_os_error().unwrap_or(libc::EIO),
            format!("sockshim_local_port: descriptor {fd}: {}", reason(&e)),
        ),
    })
}

/// This thread's last failure in a sockshim_* function, as readable text
/// naming the input (e.g. `can't connect to localhost.7: Connection
/// refused`); "no error" before any.  The string stays valid until the next
/// sockshim_* failure in the same thread.
#[unsafe(no_mangle)]
pub extern "C" fn sockshim_last_error() -> *const c_char {
    ffi::guard_or(
        || LAST_ERROR.with(|last| last.borrow().as_ptr()),
        || c"sockshim: internal error".as_ptr(),
    )
}

/// The library's version, e.g. "0.1.0" (Cargo.toml's, as in
/// SOCKSHIM_VERSION_STRING): a static string, never NULL.  Compare it with
/// SOCKSHIM_VERSION_STRING to see which library a program runs with, as
/// opposed to the header it was compiled against.
#[unsafe(no_mangle)]
pub extern "C" fn sockshim_version() -> *const c_char {
    VERSION.as_ptr()
}

/// Cargo.toml's version as a C string.
pub const VERSION: &std::ffi::CStr = match std::ffi::CStr::from_bytes_with_nul(
    concat!(env!("CARGO_PKG_VERSION"), "\0").as_bytes(),
) {
    Ok(version) => version,
    Err(_) => panic!("the version has no NUL byte"),
};

fn reason(error: &io::Error) -> String {
    error::strerror(error).to_string_lossy().into_owned()
}

/// Fails with EINVAL when a buffer pointer is NULL but bytes are wanted.
fn check_buffer<T: From<i8>>(entry: &str, null: bool, n: size_t) -> Option<T> {
    (null && n > 0).then(|| fail(libc::EINVAL, format!("{entry}: NULL buffer")))
}

/// Reads until `n` bytes are in `buf`, end of file, or an error; EINTR is
/// retried.  Returns the number of bytes read (less than `n` only at end of
/// file), or -1 with errno set.
///
/// # Safety
/// `buf` has room for `n` bytes (it may be NULL when `n` is 0).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sockshim_readn(fd: c_int, buf: *mut c_void, n: size_t) -> ssize_t {
    guard("sockshim_readn", || {
        if let Some(err) = check_buffer("sockshim_readn", buf.is_null(), n) {
            return err;
        }
        if n == 0 {
            return 0;
        }
        // SAFETY: the caller vouches for `n` writable bytes at `buf`.
        let bytes = unsafe { std::slice::from_raw_parts_mut(buf.cast::<u8>(), n) };
        match socket::read_full(fd, bytes) {
            Ok(got) => got as ssize_t,
            Err(e) => fail(
                e.raw_os_error().unwrap_or(libc::EIO),
                format!("sockshim_readn: {}", reason(&e)),
            ),
        }
    })
}

/// Writes all `n` bytes of `buf`, retrying short writes and EINTR.  Never
/// raises SIGPIPE (a closed peer gives -1 with EPIPE).  Returns `n`, or -1
/// with errno set.
///
/// # Safety
/// `buf` holds `n` readable bytes (it may be NULL when `n` is 0).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sockshim_writen(fd: c_int, buf: *const c_void, n: size_t) -> ssize_t {
    guard("sockshim_writen", || {
        if let Some(err) = check_buffer("sockshim_writen", buf.is_null(), n) {
            return err;
        }
        if n == 0 {
            return 0;
        }
        // SAFETY: the caller vouches for `n` readable bytes at `buf`.
        let bytes = unsafe { std::slice::from_raw_parts(buf.cast::<u8>(), n) };
        match socket::write_full(fd, bytes) {
            Ok(()) => n as ssize_t,
            Err(e) => fail(
                e.raw_os_error().unwrap_or(libc::EIO),
                format!("sockshim_writen: {}", reason(&e)),
            ),
        }
    })
}

/// Reads one line, through its '\n', into `buf` and NUL-terminates it; at
/// most `maxlen` - 1 bytes are read (a longer line comes in pieces).
/// Returns the number of bytes stored (not counting the NUL), 0 at end of
/// file, or -1 with errno set (EINVAL when `maxlen` < 2).  Keeps no hidden
/// per-descriptor state: it never reads past the '\n' (sockets are peeked,
/// other descriptors read a byte at a time), so it mixes freely with read().
///
/// # Safety
/// `buf` has room for `maxlen` bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sockshim_readline(fd: c_int, buf: *mut c_void, maxlen: size_t) -> ssize_t {
    guard("sockshim_readline", || {
        if buf.is_null() || maxlen < 2 {
            return fail(
                libc::EINVAL,
                "sockshim_readline: need a buffer of at least 2 bytes".into(),
            );
        }
        // SAFETY: the caller vouches for `maxlen` writable bytes at `buf`.
        let bytes = unsafe { std::slice::from_raw_parts_mut(buf.cast::<u8>(), maxlen) };
        match socket::read_line(fd, &mut bytes[..maxlen - 1]) {
            Ok(got) => {
                bytes[got] = 0;
                got as ssize_t
            }
            Err(e) => fail(
                e.raw_os_error().unwrap_or(libc::EIO),
                format!("sockshim_readline: {}", reason(&e)),
            ),
        }
    })
}
