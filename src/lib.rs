//! sockshim: the socket helpers of the classic textbooks, with their exact C ABI.
//!
//! Module map, the core first (each depends only on modules above it):
//! - [`error`]    what failed: the call, its errno, resolver codes (a leaf);
//! - [`stdio`]    output through the C library's own stdout/stderr;
//! - [`config`]   the SOCKSHIM_* environment knobs, read once;
//! - [`trace`]    SOCKSHIM_TRACE lines;
//! - [`resolve`]  service, host and protocol names to numbers and addresses (pure);
//! - [`socket`]   thin owned-descriptor wrappers over the libc socket calls;
//! - [`filecache`] answers from a system file, kept while the file is unchanged;
//! - [`sysdb`]    the system databases behind `resolve` (reentrant libc
//!   lookups, /etc/services and /etc/hosts answers cached per process);
//! - [`lookup`]   getaddrinfo with sockshim's improvements, for the getaddrinfo books;
//! - [`ffi`]      the panic boundary, C-string arguments, the C symbols we call;
//! - [`endpoint`] the one core every layer shares: connect, passive, accept, echo;
//! - [`explain`]  SOCKSHIM_EXPLAIN hints (pure);
//! - [`fatal`]    the failure paths through the books' handlers, with hints;
//! - [`books`]    one thin module per book layer (see its documentation);
//! - [`api`]      the non-exiting `sockshim_*` functions (no book module);
//! - `header`     (tests only) include/sockshim.h checked against cbindgen.
//!
//! The little C that Rust cannot express (C-variadic functions such as
//! `errexit`, weak data such as `portbase`) is in `src/c/`.
//!
//! FFI rules, for every `extern "C"` entry point:
//! 1. It is thin: read its arguments (NULL checked, text converted once, at
//!    the boundary), call safe Rust, map the result to its book's contract.
//!    All logic lives in safe, tested Rust.
//! 2. It runs inside [`ffi::guard_or`] (or [`ffi::guard`]): no panic ever
//!    unwinds into C.
//! 3. NULL and bad text are input like any other: they produce the book's
//!    message and exit status, never a crash.
//! 4. Failure paths go through the books' handlers (`errexit`,
//!    `DieWithError`, ...) by symbol, so a program's own definitions are
//!    used; errno is the failed call's.
//! 5. Descriptors are created with raw libc calls and no extra flags (no
//!    CLOEXEC, no non-blocking mode), owned until handed to C, and closed on
//!    every error path.

pub mod api;
pub mod books;
pub mod config;
pub mod endpoint;
pub mod error;
pub mod explain;
pub mod fatal;
pub mod ffi;
pub mod filecache;
pub mod lookup;
pub mod resolve;
pub mod socket;
pub mod stdio;
pub mod sysdb;
pub mod trace;

#[cfg(test)]
mod header;
