//! Build script: compiles the tiny C part.  The shared library is linked
//! by the Makefile, from the static library, with src/c/exports.map.  The
//! C header is not generated here: include/sockshim.h is committed, and a
//! unit test (src/header.rs) checks that it is what cbindgen generates from
//! the source now (`make header` rewrites it), so a plain build needs no
//! cbindgen.

use std::env;
use std::path::PathBuf;

fn main() {
    let dir = PathBuf::from(env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));

    println!("cargo:rerun-if-changed=src/c/shim.c");
    println!("cargo:rerun-if-changed=src/c/csapp.c");
    println!("cargo:rerun-if-changed=include/sockshim/csapp/csapp.h");
    println!("cargo:rerun-if-changed=include/sockshim/label.h");
    println!("cargo:rerun-if-changed=src/c/unp.c");
    println!("cargo:rerun-if-changed=include/sockshim/unp");

    let mut c = cc::Build::new();
    c.file(dir.join("src/c/shim.c"))
        .file(dir.join("src/c/csapp.c"))
        .file(dir.join("src/c/unp.c"))
        .flag("-Wall")
        .flag("-Wextra")
        .flag("-Werror")
        .flag("-fstack-protector-strong");
    // glibc's checked string and stdio functions; they need optimisation.
    if env::var("OPT_LEVEL").is_ok_and(|level| level != "0") {
        c.define("_FORTIFY_SOURCE", "2");
    }
    c.compile("sockshim_c");

    // The unwinder that catch_unwind needs, linked into sockshim-serve from
    // GCC's static libgcc_eh rather than loaded from libgcc_s.so.1 at
    // start-up (the Makefile links libsockshim.so the same way).  Not
    // bundled into libsockshim.a: a static link resolves it from -lgcc_s.
    println!("cargo:rustc-link-lib=static:-bundle=gcc_eh");
}
