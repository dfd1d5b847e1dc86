//! What went wrong, in one leaf module used by the core and every layer:
//! which call failed, its errno, the address it was about; why names did not
//! resolve; and the C library's wording for errno and resolver codes.

use std::ffi::{CStr, CString, c_char, c_int};
use std::io;
use std::net::SocketAddr;

/// The call that failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Call {
    Socket,
    Connect,
    Bind,
    Listen,
    Accept,
    Recv,
    Send,
}

/// A failed system call, its errno, and the address it was about.
#[derive(Debug)]
pub struct CallError {
    pub call: Call,
    pub error: io::Error,
    pub addr: Option<SocketAddr>,
}

impl CallError {
    /// A closure that records `error` as the failure of `call` at `addr`.
    pub fn at(call: Call, addr: SocketAddr) -> impl FnOnce(io::Error) -> CallError {
        move |error| CallError {
            call,
            error,
            addr: Some(addr),
        }
    }
}

/// Why a socket could not be opened from names.
#[derive(Debug)]
pub enum Failure {
    /// The service is not a known name (`named`) or not a port in 1..=65535.
    Service { named: bool },
    /// The host name is missing, empty, too long or unknown.
    Host,
    /// The transport is missing or not a known protocol.
    Protocol,
    /// A system call failed.
    Call(CallError),
}

impl Failure {
    /// The errno this failure stands for, for callers that report by errno:
    /// ENOENT for a name that is not known, EINVAL for a malformed port or
    /// a bad transport, else the failed call's.
    pub fn errno(&self) -> i32 {
        match self {
            Failure::Call(call) => call.error.raw_os_error().unwrap_or(libc::EIO),
            Failure::Service { named: true } | Failure::Host => libc::ENOENT,
            Failure::Service { named: false } | Failure::Protocol => libc::EINVAL,
        }
    }

    /// The failed call's error, when a call failed.
    pub fn call_error(&self) -> Option<&io::Error> {
        match self {
            Failure::Call(call) => Some(&call.error),
            _ => None,
        }
    }
}

/// A resolver (getaddrinfo) failure: its EAI_* code, and for EAI_SYSTEM the
/// errno that came with it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Eai {
    pub code: c_int,
    pub errno: c_int,
}

impl Eai {
    /// The failure `code`, without errno.
    pub const fn new(code: c_int) -> Eai {
        Eai { code, errno: 0 }
    }

    /// The C library's text for the code, as gai_strerror gives it.
    pub fn text(&self) -> &'static CStr {
        // SAFETY: gai_strerror returns a pointer to a static, NUL-terminated
        // message for every code (also unknown ones).
        unsafe { CStr::from_ptr(libc::gai_strerror(self.code)) }
    }
}

/// This thread's errno.
pub fn errno() -> c_int {
    // SAFETY: __errno_location returns this thread's errno slot.
    unsafe { *libc::__errno_location() }
}

/// Sets this thread's errno to `value`.
pub fn set_errno_value(value: c_int) {
    // SAFETY: __errno_location returns this thread's errno slot.
    unsafe { *libc::__errno_location() = value };
}

/// Puts `errno` back to the failed call's value, so a handler that reads it
/// (perror, strerror(errno)) reports that call, not a later cleanup.
pub fn set_errno(error: &io::Error) {
    if let Some(value) = error.raw_os_error() {
        set_errno_value(value);
    }
}

/// The C library's message for an errno value, as perror and strerror print it.
pub fn strerror_of(errno: c_int) -> CString {
    let mut buf = [0 as c_char; 256];
    // SAFETY: `buf` has room for `buf.len()` bytes; the XSI strerror_r
    // always NUL-terminates what it writes.
    let ok = unsafe { libc::strerror_r(errno, buf.as_mut_ptr(), buf.len()) } == 0;
    if !ok {
        return CString::new(format!("Unknown error {errno}")).unwrap_or_default();
    }
    // SAFETY: strerror_r succeeded, so `buf` holds a NUL-terminated string.
    unsafe { CStr::from_ptr(buf.as_ptr()) }.to_owned()
}

/// The C library's message for an I/O error's errno.
pub fn strerror(error: &io::Error) -> CString {
    strerror_of(error.raw_os_error().unwrap_or(libc::EIO))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strerror_uses_the_c_library_wording() {
        let refused = io::Error::from_raw_os_error(libc::ECONNREFUSED);
        assert_eq!(strerror(&refused).to_str().unwrap(), "Connection refused");
        assert!(!strerror(&refused).to_str().unwrap().contains("os error"));
        assert_eq!(strerror_of(0).to_str().unwrap(), "Success");
    }

    #[test]
    fn set_errno_restores_the_failed_calls_errno() {
        set_errno(&io::Error::from_raw_os_error(libc::EADDRINUSE));
        assert_eq!(errno(), libc::EADDRINUSE);
        assert_eq!(
            io::Error::last_os_error().raw_os_error(),
            Some(libc::EADDRINUSE)
        );
    }

    #[test]
    fn failures_map_to_errno_for_the_non_exiting_api() {
        assert_eq!(Failure::Service { named: false }.errno(), libc::EINVAL);
        assert_eq!(Failure::Service { named: true }.errno(), libc::ENOENT);
        assert_eq!(Failure::Host.errno(), libc::ENOENT);
        assert_eq!(Failure::Protocol.errno(), libc::EINVAL);
    }

    #[test]
    fn resolver_codes_read_as_gai_strerror() {
        assert_eq!(
            Eai::new(libc::EAI_NONAME).text().to_str().unwrap(),
            "Name or service not known"
        );
        assert_eq!(
            Eai::new(libc::EAI_SERVICE).text().to_str().unwrap(),
            "Servname not supported for ai_socktype"
        );
    }
}
