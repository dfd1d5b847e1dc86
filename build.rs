//! Build script: compiles the tiny C part, exports its symbols from the cdylib,
//! sets the soname, and generates the C header with cbindgen into OUT_DIR
//! (`make header` has it written to include/ too; a unit test checks that
//! the committed header is what cbindgen generates now).

use std::env;
use std::path::PathBuf;

/// The soname's major version; bump it only with an ABI break.
const SONAME: &str = "libsockshim.so.0";

fn main() {
    let dir = PathBuf::from(env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let out = PathBuf::from(env::var("OUT_DIR").expect("cargo sets OUT_DIR"));

    println!("cargo:rerun-if-changed=src/c/shim.c");
    println!("cargo:rerun-if-changed=src/c/csapp.c");
    println!("cargo:rerun-if-changed=include/sockshim/csapp/csapp.h");
    println!("cargo:rerun-if-changed=include/sockshim/label.h");
    println!("cargo:rerun-if-changed=src/c/unp.c");
    println!("cargo:rerun-if-changed=include/sockshim/unp");
    println!("cargo:rerun-if-changed=src/c/exports.map");
    println!("cargo:rerun-if-changed=cbindgen.toml");
    println!("cargo:rerun-if-changed=src");

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

    let map = dir.join("src/c/exports.map");
    println!(
        "cargo:rustc-cdylib-link-arg=-Wl,--version-script={}",
        map.display()
    );
    println!("cargo:rustc-cdylib-link-arg=-Wl,-soname,{SONAME}");
    // The unwinder that catch_unwind needs, linked in from GCC's static
    // libgcc_eh rather than loaded from libgcc_s.so.1 at start-up (not
    // bundled into libsockshim.a: a static link resolves it from -lgcc_s).
    println!("cargo:rustc-link-lib=static:-bundle=gcc_eh");

    let config =
        cbindgen::Config::from_file(dir.join("cbindgen.toml")).expect("cbindgen.toml is valid");
    let mut generated = Vec::new();
    cbindgen::Builder::new()
        .with_crate(&dir)
        .with_config(config)
        .generate()
        .expect("cbindgen can read the crate")
        .write(&mut generated);
    let header = as_c_documentation(&String::from_utf8(generated).expect("the header is UTF-8"));
    std::fs::write(out.join("sockshim.h"), &header).expect("OUT_DIR is writable");
    // `make header` asks for the committed copy to be rewritten.
    println!("cargo:rerun-if-env-changed=SOCKSHIM_WRITE_HEADER");
    if env::var_os("SOCKSHIM_WRITE_HEADER").is_some() {
        std::fs::write(dir.join("include/sockshim.h"), &header).expect("include/ is writable");
    }
}

/// The header as a C programmer reads it: Rust's `# Safety` headings go
/// (the sentence under each says what the caller must pass).
fn as_c_documentation(header: &str) -> String {
    header
        .lines()
        .filter(|line| line.trim() != "# Safety")
        .map(|line| format!("{line}\n"))
        .collect()
}
