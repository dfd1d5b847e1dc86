//! sockshim: the socket helpers of two classic textbooks, with their exact C ABI.
//!
//! Module map:
//! - [`resolve`]  service, host and protocol names to numbers and addresses (pure logic);
//! - [`sysdb`]    the system databases behind `resolve` (reentrant libc lookups);
//! - [`socket`]   thin owned-descriptor wrappers over the libc socket calls;
//! - [`endpoint`] the one core both layers share: open a connected or passive socket;
//! - [`fatal`]    the textbooks' failure paths, through the C library's stdio;
//! - [`ffi`]      the panic boundary and C-string arguments;
//! - [`comer`]    the Comer & Stevens entry points;
//! - [`donahoo`]  the Donahoo & Calvert entry points;
//! - [`api`]      the non-exiting `sockshim_*` functions for new code;
//! - [`config`]   the SOCKSHIM_* environment knobs, read once;
//! - [`trace`]    SOCKSHIM_TRACE lines; [`explain`] SOCKSHIM_EXPLAIN hints.
//!
//! `errexit`, `DieWithError` and `portbase` are defined in `src/c/shim.c`: a
//! C-variadic function and weak symbols cannot be written in stable Rust.
//!
//! FFI rules, for every `extern "C"` entry point:
//! 1. It is thin: read its arguments through [`ffi`], call safe Rust, map the
//!    result to the textbook contract.  All logic lives in safe, tested Rust.
//! 2. It runs inside [`ffi::guard`]: no panic ever unwinds into C.
//! 3. NULL and bad text are input like any other: they produce the textbook
//!    message and exit status 1, never a crash.
//! 4. Failure paths go through `errexit`/`DieWithError` by symbol, so a
//!    program's own definitions are used; errno is the failed call's.
//! 5. Descriptors are created with raw libc calls and no extra flags (no
//!    CLOEXEC, no non-blocking mode), owned until handed to C, and closed on
//!    every error path.

pub mod api;
pub mod comer;
pub mod config;
pub mod donahoo;
pub mod endpoint;
pub mod explain;
pub mod fatal;
pub mod ffi;
pub mod resolve;
pub mod socket;
pub mod sysdb;
pub mod trace;

#[cfg(test)]
mod header_test {
    /// The committed header must be what cbindgen generates from this source.
    #[test]
    fn committed_header_matches_cbindgen() {
        let generated = include_str!(concat!(env!("OUT_DIR"), "/sockshim.h"));
        let committed = include_str!("../include/sockshim.h");
        assert!(
            generated == committed,
            "include/sockshim.h is stale: run `make header` and commit it"
        );
    }
}
