//! Build script: compiles the tiny C part, exports its symbols from the
//! cdylib and sets the soname.  The C header is not generated here:
//! include/sockshim.h is committed, and a unit test (src/header.rs) checks
//! that it is what cbindgen generates from the source now (`make header`
//! rewrites it), so a plain build needs no cbindgen.

use std::env;
use std::path::PathBuf;

/// The soname's major version; bump it only with an ABI break.
const SONAME: &str = "libsockshim.so.0";

fn main() {
    let dir = PathBuf::from(env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));

    println!("cargo:rerun-if-changed=src/c/shim.c");
    println!("cargo:rerun-if-changed=src/c/exports.map");

    cc::Build::new()
        .file(dir.join("src/c/shim.c"))
        .flag("-Wall")
        .flag("-Wextra")
        .flag("-Werror")
        .compile("sockshim_c");

    let map = dir.join("src/c/exports.map");
    println!(
        "cargo:rustc-cdylib-link-arg=-Wl,--version-script={}",
        map.display()
    );
    println!("cargo:rustc-cdylib-link-arg=-Wl,-soname,{SONAME}");
}
