//! Helpers for the CS:APP layer's tests (tests/csapp*.rs): building programs
//! against include/sockshim/csapp/csapp.h, the test drivers, expectations
//! on a finished run.  The book-style servers (which print no "ready"
//! line) run as tests/example_harness's Example::start_program.
#![allow(dead_code)]

use crate::common::*;
use std::path::PathBuf;
use std::sync::OnceLock;

/// The directory of our csapp.h.
pub fn include_dir() -> String {
    root()
        .join("include/sockshim/csapp")
        .to_string_lossy()
        .into_owned()
}

/// Builds a program of `sources` against csapp.h and `link`.
pub fn build(name: &str, sources: &[&str], link: Link) -> PathBuf {
    build_with(name, sources, link, &[])
}

pub fn build_with(name: &str, sources: &[&str], link: Link, extra: &[&str]) -> PathBuf {
    let inc = include_dir();
    let mut flags = vec!["-I", inc.as_str()];
    flags.extend_from_slice(extra);
    build_c_with(&format!("csapp_{name}"), sources, link, &flags)
}

/// Builds `source` once per test process and link.
fn cached(cell: &'static [OnceLock<PathBuf>; 2], name: &str, source: &str, link: Link) -> PathBuf {
    let slot = &cell[usize::from(link == Link::Static)];
    slot.get_or_init(|| build(name, &[source], link)).clone()
}

/// tests/c/csapp/csapp_call.c: one sub-command per group of functions.
pub fn csapp_call(link: Link) -> PathBuf {
    static CELL: [OnceLock<PathBuf>; 2] = [OnceLock::new(), OnceLock::new()];
    cached(&CELL, "call", "tests/c/csapp/csapp_call.c", link)
}

/// tests/c/csapp/csapp_rio.c: the Rio driver.
pub fn csapp_rio(link: Link) -> PathBuf {
    static CELL: [OnceLock<PathBuf>; 2] = [OnceLock::new(), OnceLock::new()];
    cached(&CELL, "rio", "tests/c/csapp/csapp_rio.c", link)
}

/// An example program of c-examples/csapp, built against the shared library.
pub fn example(name: &str) -> PathBuf {
    build(
        &format!("example_{name}"),
        &[&format!("c-examples/csapp/{name}.c")],
        Link::Shared,
    )
}

/// Expects exactly this exit code, stdout and stderr.
#[track_caller]
pub fn expect(out: &Run, code: i32, stdout: &str, stderr: &str, what: &str) {
    assert_eq!(
        (out.code(), out.stdout.as_str(), out.stderr.as_str()),
        (code, stdout, stderr),
        "{what}"
    );
}

/// Expects a book failure: `stderr` exactly, nothing on stdout, status 0.
#[track_caller]
pub fn expect_book_failure(out: &Run, stderr: &str, what: &str) {
    expect(out, 0, "", stderr, what);
}

/// Expects a success: `stdout` exactly, nothing on stderr, status 0.
#[track_caller]
pub fn expect_success(out: &Run, stdout: &str, what: &str) {
    expect(out, 0, stdout, "", what);
}
