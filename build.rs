//! Build script: compiles the tiny C part, exports its symbols from the cdylib,
//! sets the soname, and generates the C header with cbindgen into OUT_DIR
//! (`make header` copies it to include/; a unit test checks they match).

use std::env;
use std::path::PathBuf;

/// The soname's major version; bump it only with an ABI break.
const SONAME: &str = "libsockshim.so.0";

fn main() {
    let dir = PathBuf::from(env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let out = PathBuf::from(env::var("OUT_DIR").expect("cargo sets OUT_DIR"));

    println!("cargo:rerun-if-changed=src/c/shim.c");
    println!("cargo:rerun-if-changed=src/c/exports.map");
    println!("cargo:rerun-if-changed=cbindgen.toml");
    println!("cargo:rerun-if-changed=src");

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

    let config =
        cbindgen::Config::from_file(dir.join("cbindgen.toml")).expect("cbindgen.toml is valid");
    cbindgen::Builder::new()
        .with_crate(&dir)
        .with_config(config)
        .generate()
        .expect("cbindgen can read the crate")
        .write_to_file(out.join("sockshim.h"));
}
