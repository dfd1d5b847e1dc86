//! The textbooks' failure paths: errno restored, then the program's (or our)
//! `errexit` or `DieWithError`, which print through the C library's stdio
//! and exit(1).  If a program's own handler returns, so does the entry point,
//! with -1, as the program then evidently wants to go on.  SOCKSHIM_EXPLAIN
//! hints are staged here to print after the textbook line, for every layer.

use crate::error::{Call, CallError, Eai, Failure, set_errno, strerror};
use crate::explain::{self, Inputs};
use crate::{config, ffi, resolve, stdio};
use std::ffi::{CStr, CString, c_char};
use std::io;
use std::sync::atomic::{AtomicBool, AtomicPtr, Ordering};

/// SOCKSHIM_EXPLAIN hints waiting to be printed after the textbook line: a
/// leaked `Box<Vec<String>>`, or null.  Swapped atomically, never locked, so
/// a child forked while another thread stages hints never waits.
static PENDING_HINTS: AtomicPtr<Vec<String>> = AtomicPtr::new(std::ptr::null_mut());
static PRINT_HINTS_AT_EXIT: AtomicBool = AtomicBool::new(false);

/// Puts `hints` (or nothing) in the pending slot; returns what was there.
fn swap_hints(hints: Option<Vec<String>>) -> Vec<String> {
    let new = hints.map_or(std::ptr::null_mut(), |h| Box::into_raw(Box::new(h)));
    let old = PENDING_HINTS.swap(new, Ordering::AcqRel);
    if old.is_null() {
        return Vec::new();
    }
    // SAFETY: a non-null pointer in the slot came from Box::into_raw above
    // and, swapped out, is owned by this call alone.
    *unsafe { Box::from_raw(old) }
}

/// Prints and forgets the staged hints.
fn print_staged_hints() {
    for line in swap_hints(None) {
        stdio::print_stderr(&line);
    }
}

extern "C" fn print_staged_hints_at_exit() {
    let _ = std::panic::catch_unwind(print_staged_hints);
}

/// Keeps `hints` to be printed when the program exits (so they come after
/// the textbook line, whoever's handler prints it, or after the program's
/// own message when a helper returned -1).  The exit hook is registered
/// only the first time there is a hint, so programs without
/// SOCKSHIM_EXPLAIN get none.
pub fn stage_hints(hints: Vec<String>) {
    if hints.is_empty() {
        return;
    }
    if !PRINT_HINTS_AT_EXIT.swap(true, Ordering::AcqRel) {
        // SAFETY: the handler is an extern "C" fn that never unwinds.
        unsafe { libc::atexit(print_staged_hints_at_exit) };
    }
    swap_hints(Some(hints));
}

/// Runs a book's failure handler (which normally prints and exits) with
/// `hints` staged to print after its line; if the handler returns (a
/// program's own that goes on), the hints are printed right then.
pub fn report_with_hints<T>(hints: Vec<String>, handler: impl FnOnce() -> T) -> T {
    stage_hints(hints);
    let result = handler();
    print_staged_hints();
    result
}

/// What a getaddrinfo layer's hints are made from: the host and service
/// as the program gave them, and the port base in effect.
pub fn explain_inputs<'a>(host: Option<&'a str>, service: Option<&'a str>) -> Inputs<'a> {
    Inputs {
        host,
        service,
        named: service.is_some_and(|s| resolve::Service::parse(s).is_name()),
        base: config::get().portbase,
    }
}

/// SOCKSHIM_EXPLAIN hints for a failed system call (none unless asked
/// for), for the layers that report failures their own way.
pub fn hints_for_call(failure: &CallError) -> Vec<String> {
    hints_for_call_with(failure, &Inputs::default())
}

/// [`hints_for_call`], made concrete with what the program asked for.
pub fn hints_for_call_with(failure: &CallError, inputs: &Inputs) -> Vec<String> {
    if !config::get().explain {
        return Vec::new();
    }
    explain::for_call(failure.call, &failure.error, failure.addr, inputs)
}

/// After a getaddrinfo layer's loop found no address that worked: errno is
/// the last attempt's, as the book's loop leaves it (see
/// endpoint::last_attempt_error), and SOCKSHIM_EXPLAIN hints for it wait
/// for the program's own message.  Returns -1.
pub fn no_address_worked(errors: &[CallError], inputs: &Inputs) -> std::ffi::c_int {
    if let Some(last) = crate::endpoint::last_attempt_error(errors) {
        stage_hints(hints_for_call_with(last, inputs));
        set_errno(&last.error);
    }
    -1
}

/// SOCKSHIM_EXPLAIN hints for names getaddrinfo did not resolve (none
/// unless asked for): an unknown service, or an unknown host when one was
/// given; other resolver failures get none.
pub fn hints_for_lookup(
    e: &Eai,
    host: Option<&str>,
    host_given: bool,
    service: Option<&str>,
) -> Vec<String> {
    if !config::get().explain {
        return Vec::new();
    }
    let inputs = explain_inputs(host, service);
    let failure = match e.code {
        libc::EAI_SERVICE => Failure::Service {
            named: inputs.named,
        },
        libc::EAI_NONAME if host_given => Failure::Host,
        _ => return Vec::new(),
    };
    explain::for_failure(&failure, &inputs)
}

/// A failure of the connect/passive helpers in Comer & Stevens' wording:
/// the errexit format and its %s arguments, exactly as the textbook helpers
/// printed them.  The sockshim_* API and sockshim-serve say it the same way.
pub fn comer_message(
    failure: &Failure,
    host: &CStr,
    service: &CStr,
    transport: &CStr,
) -> (&'static CStr, Vec<CString>) {
    let owned = |texts: &[&CStr]| texts.iter().map(|t| (*t).to_owned()).collect();
    match failure {
        Failure::Service { .. } => (c"can't get \"%s\" service entry\n", owned(&[service])),
        Failure::Host => (c"can't get \"%s\" host entry\n", owned(&[host])),
        Failure::Protocol => (c"can't get \"%s\" protocol entry\n", owned(&[transport])),
        Failure::Call(call) => {
            let reason = strerror(&call.error);
            match call.call {
                Call::Socket => (c"can't create socket: %s\n", owned(&[&reason])),
                Call::Connect => (
                    c"can't connect to %s.%s: %s\n",
                    owned(&[host, service, &reason]),
                ),
                Call::Bind => (c"can't bind to %s port: %s\n", owned(&[service, &reason])),
                Call::Listen => (c"can't listen on %s port: %s\n", owned(&[service, &reason])),
                Call::Accept | Call::Recv | Call::Send => (c"%s\n", owned(&[&reason])),
            }
        }
    }
}

/// A message as errexit would print it, without the final newline.
pub fn render((format, args): &(&CStr, Vec<CString>)) -> String {
    let mut text = String::new();
    let mut args = args.iter();
    for (i, piece) in format.to_string_lossy().split("%s").enumerate() {
        if i > 0 {
            text.push_str(&args.next().map(|a| a.to_string_lossy()).unwrap_or_default());
        }
        text.push_str(piece);
    }
    text.trim_end_matches('\n').to_string()
}

/// Calls errexit(format, args...) with errno set to `error`'s, followed by
/// `hints` (SOCKSHIM_EXPLAIN); -1 if it returns.
pub fn errexit(
    format: &CStr,
    args: &[CString],
    error: Option<&io::Error>,
    hints: Vec<String>,
) -> i32 {
    report_with_hints(hints, || {
        if let Some(error) = error {
            set_errno(error);
        }
        let format = format.as_ptr();
        // SAFETY: each format takes exactly as many %s as `args` has
        // NUL-terminated strings (callers pass literals written for them).
        unsafe {
            match args {
                [] => ffi::errexit(format),
                [a] => ffi::errexit(format, a.as_ptr()),
                [a, b] => ffi::errexit(format, a.as_ptr(), b.as_ptr()),
                [a, b, c, ..] => ffi::errexit(format, a.as_ptr(), b.as_ptr(), c.as_ptr()),
            }
        };
    });
    -1
}

/// Calls DieWithError(message) with errno set to `error`'s, followed by
/// `hints` (SOCKSHIM_EXPLAIN); -1 if it returns.
pub fn die_with_error(message: &CStr, error: &io::Error, hints: Vec<String>) -> i32 {
    // A writable copy: DieWithError takes `char *`, and a program's own
    // version may legally write to it.
    let mut text = writable(message);
    report_with_hints(hints, || {
        set_errno(error);
        // SAFETY: `text` is a NUL-terminated, writable string.
        unsafe { ffi::DieWithError(text.as_mut_ptr()) };
    });
    -1
}

/// A writable, NUL-terminated copy of `text`, for C handlers that take
/// `char *` (a program's own version may write to it).
pub fn writable(text: &CStr) -> Vec<c_char> {
    text.to_bytes_with_nul()
        .iter()
        .map(|&b| b as c_char)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_render_as_errexit_prints_them() {
        let refused = Failure::Call(crate::error::CallError {
            call: Call::Connect,
            error: io::Error::from_raw_os_error(libc::ECONNREFUSED),
            addr: None,
        });
        let message = comer_message(&refused, c"localhost", c"daytime", c"tcp");
        assert_eq!(
            render(&message),
            "can't connect to localhost.daytime: Connection refused"
        );
        let message = comer_message(&Failure::Service { named: true }, c"h", c"50%s", c"tcp");
        assert_eq!(render(&message), "can't get \"50%s\" service entry");
        let message = comer_message(&refused, c"%s", c"%s", c"tcp");
        assert_eq!(
            render(&message),
            "can't connect to %s.%s: Connection refused"
        );
    }
}
