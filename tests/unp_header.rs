//! unp.h and unpthread.h as C and C++ programmers meet them: they compile
//! with the book's flags, -std=c99/c11/gnu11, gcc and clang, -Wall -Wextra
//! -Werror, and from C++; they declare the book's exact types (a file may
//! repeat the book's prototypes); every function is bound to a
//! sockshim_unp_ symbol; the configuration and constants are the book's;
//! udp_client takes `(void **) &sa` under -Werror=incompatible-pointer-types;
//! and the libraries export every UNP name prefixed, no bare name, no C
//! library name, and keep the overridable ones weak in the archive.

mod common;
use common::*;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

fn unp_include() -> PathBuf {
    root().join("include/sockshim/unp")
}

fn out_dir() -> PathBuf {
    let dir = root().join("target/ctest/unp-header");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// (compiler, flag sets) to check, clang ones when installed.
fn c_compilers() -> Vec<(&'static str, Vec<Vec<&'static str>>)> {
    let sets = || {
        vec![
            vec!["-g", "-O2", "-D_REENTRANT", "-Wall"], // the book's Make.defines
            vec!["-std=c99", "-pedantic", "-Wall", "-Wextra", "-Werror"],
            vec!["-std=c11", "-pedantic", "-Wall", "-Wextra", "-Werror"],
            vec!["-std=gnu11", "-D_REENTRANT", "-Wall", "-Wextra", "-Werror"],
            // A program that chose strict POSIX itself.
            vec![
                "-std=c99",
                "-D_POSIX_C_SOURCE=200809L",
                "-Wall",
                "-Wextra",
                "-Werror",
            ],
        ]
    };
    let mut list = vec![("gcc", sets())];
    if have_clang() {
        list.push(("clang", sets()));
    }
    list
}

fn cxx_compilers() -> Vec<&'static str> {
    let mut list = vec!["g++"];
    if have_clang() {
        list.push("clang++");
    }
    list
}

/// Compiles `source` to an object file; panics with the diagnostics.
fn compile(compiler: &str, flags: &[&str], source: &Path, object: &Path) {
    let mut cc = Command::new(compiler);
    if compiler.ends_with("++") {
        cc.args(["-x", "c++"]);
    } else {
        // GCC 14's default; both udp_client spellings must pass it.
        cc.arg("-Werror=incompatible-pointer-types");
    }
    let out = cc
        .args(flags)
        .arg("-I")
        .arg(unp_include())
        .arg("-c")
        .arg(source)
        .arg("-o")
        .arg(object)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{compiler} {flags:?} {}:\n{}",
        source.display(),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The symbols an object file refers to without defining them.
fn undefined_symbols(object: &Path) -> BTreeSet<String> {
    let out = Command::new("nm")
        .args(["-u"])
        .arg(object)
        .output()
        .unwrap();
    assert!(out.status.success());
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| l.split_whitespace().last().map(str::to_string))
        .collect()
}

/// Every name unp.h and unpthread.h bind, without the prefix.
fn unp_names() -> BTreeSet<String> {
    std::fs::read_to_string(root().join("tests/data/unp-symbols.txt"))
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect()
}

fn prefixed(names: &BTreeSet<String>) -> BTreeSet<String> {
    names.iter().map(|n| format!("sockshim_unp_{n}")).collect()
}

#[test]
fn the_headers_repeat_the_book_prototypes_and_bind_every_name() {
    let source = root().join("tests/c/unp/header_repeat.c");
    let expected = prefixed(&unp_names());
    for (compiler, sets) in c_compilers() {
        for (i, flags) in sets.iter().enumerate() {
            let object = out_dir().join(format!("repeat-{compiler}-{i}.o"));
            compile(compiler, flags, &source, &object);
            assert_eq!(
                undefined_symbols(&object),
                expected,
                "{compiler} {flags:?}: every call must go to a sockshim_unp_ symbol"
            );
        }
    }
    for compiler in cxx_compilers() {
        for std_flag in ["-std=c++11", "-std=c++17"] {
            let object = out_dir().join(format!("repeat-{compiler}{std_flag}.o"));
            compile(
                compiler,
                &[std_flag, "-Wall", "-Wextra", "-Werror"],
                &source,
                &object,
            );
            assert_eq!(
                undefined_symbols(&object),
                expected,
                "{compiler} {std_flag}"
            );
        }
    }
}

#[test]
fn the_configuration_constants_and_bsd_names_are_the_books() {
    let cpu_vendor_os = if cfg!(all(
        target_arch = "x86_64",
        target_os = "linux",
        target_env = "gnu"
    )) {
        "x86_64-pc-linux-gnu"
    } else if cfg!(all(
        target_arch = "aarch64",
        target_os = "linux",
        target_env = "gnu"
    )) {
        "aarch64-unknown-linux-gnu"
    } else {
        eprintln!("skipped CPU_VENDOR_OS: no expectation for this target");
        ""
    };
    let source = root().join("tests/c/unp/header_values.c");
    for (compiler, sets) in c_compilers() {
        // The strict-POSIX set is for the header only: this file uses BSD names.
        for (i, flags) in sets.iter().enumerate().take(4) {
            let exe = out_dir().join(format!("values-{compiler}-{i}"));
            let out = Command::new(compiler)
                .args(flags)
                .arg("-I")
                .arg(unp_include())
                .arg(&source)
                .arg("-o")
                .arg(&exe)
                .output()
                .unwrap();
            assert!(
                out.status.success(),
                "{compiler} {flags:?}:\n{}",
                String::from_utf8_lossy(&out.stderr)
            );
            let ran = run(&exe, &[], None);
            let mut lines: Vec<&str> = ran.stdout.lines().collect();
            assert_eq!(ran.code(), 0);
            let first = lines.remove(0);
            if !cpu_vendor_os.is_empty() {
                assert_eq!(first, format!("CPU_VENDOR_OS={cpu_vendor_os}"));
            }
            assert_eq!(
                lines.join("\n"),
                "LISTENQ=1024 MAXLINE=4096 BUFFSIZE=8192 SERV_PORT=9877 SERV_PORT_STR=9877\n\
                 UNIXSTR_PATH=/tmp/unix.str UNIXDG_PATH=/tmp/unix.dg\n\
                 FILE_MODE=0644 DIR_MODE=0755\n\
                 min=2 max=5 macro i=5 j=4\n\
                 INFTIM=-1 INADDR_NONE=ffffffff SHUT_WR=1\n\
                 sizeof unp_in_pktinfo=8 SUN_LEN=8 u_char=200 u_int=7\n\
                 SA=1 Sigfunc=1",
                "{compiler} {flags:?}"
            );
        }
    }
}

#[test]
fn void_pointer_pointers_to_udp_client_compile_where_the_books_prototype_fails() {
    // header_repeat.c passes both (SA **) &sa and (void **) &sa to
    // udp_client and Udp_client, compiled above under
    // -Werror=incompatible-pointer-types.  This checks that the flag bites:
    // with the book's own `SA **` parameter the (void **) call is an error.
    let source = out_dir().join("book_udp_client.c");
    std::fs::write(
        &source,
        "#include <sys/socket.h>\n\
         int book_udp_client(const char *, const char *, struct sockaddr **, socklen_t *);\n\
         int f(void) { struct sockaddr *sa; socklen_t len;\n\
         return book_udp_client(\"h\", \"s\", (void **) &sa, &len); }\n",
    )
    .unwrap();
    for (compiler, _) in c_compilers() {
        let out = Command::new(compiler)
            .args(["-Werror=incompatible-pointer-types", "-c", "-o"])
            .arg(out_dir().join("book_udp_client.o"))
            .arg(&source)
            .output()
            .unwrap();
        assert!(
            !out.status.success(),
            "{compiler} accepted void ** for SA **"
        );
    }
}

#[test]
fn the_unp_examples_compile_with_the_books_flags_and_strict_warnings() {
    let mut sources: Vec<PathBuf> = std::fs::read_dir(root().join("c-examples/unp"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "c"))
        .collect();
    sources.sort();
    assert_eq!(sources.len(), 8, "{sources:?}");
    for (compiler, _) in c_compilers() {
        for flags in [
            &["-g", "-O2", "-D_REENTRANT", "-Wall", "-Werror"][..],
            &["-std=c11", "-Wall", "-Wextra", "-Werror"][..],
        ] {
            for source in &sources {
                let out = Command::new(compiler)
                    .args(flags)
                    .arg("-I")
                    .arg(unp_include())
                    .args(["-fsyntax-only"])
                    .arg(source)
                    .output()
                    .unwrap();
                assert!(
                    out.status.success(),
                    "{compiler} {flags:?} {}:\n{}",
                    source.display(),
                    String::from_utf8_lossy(&out.stderr)
                );
            }
        }
    }
}

/// C library and other generic names that must never come from sockshim.
const NEVER_EXPORTED: &[&str] = &[
    "signal",
    "inet_pton",
    "inet_ntop",
    "inet_aton",
    "getaddrinfo",
    "readline",
    "readn",
    "writen",
    "Signal",
    "Socket",
    "Accept",
    "Write",
    "Read",
    "err_sys",
    "err_quit",
    "err_msg",
    "err_ret",
    "err_dump",
    "daemon_proc",
    "str_cli",
    "str_echo",
    "dg_cli",
    "dg_echo",
    "tcp_connect",
    "tcp_listen",
    "sock_ntop",
    "my_addrs",
    "gf_time",
    "tv_sub",
    "in_cksum",
    "readlinebuf",
    "Pthread_create",
];

#[test]
fn the_shared_library_exports_every_unp_name_prefixed_and_nothing_bare() {
    let so = lib_dir().join("libsockshim.so");
    let exported: BTreeSet<String> = defined_symbols(&["-D"], &so)
        .into_iter()
        .map(|(name, _)| name)
        .collect();
    let names = unp_names();
    let unp: BTreeSet<String> = exported
        .iter()
        .filter(|s| s.starts_with("sockshim_unp_"))
        .cloned()
        .collect();
    assert_eq!(
        unp,
        prefixed(&names),
        "exactly the header's names, prefixed"
    );
    for name in names
        .iter()
        .map(String::as_str)
        .chain(NEVER_EXPORTED.iter().copied())
    {
        assert!(!exported.contains(name), "{name} is exported bare");
    }
}

#[test]
fn the_static_library_defines_every_unp_name_with_the_overridable_ones_weak() {
    let archive = lib_dir().join("libsockshim.a");
    let defined = defined_symbols(&[], &archive);
    let names = unp_names();
    for name in prefixed(&names) {
        let kinds: Vec<char> = defined
            .iter()
            .filter(|(s, _)| *s == name)
            .map(|(_, k)| *k)
            .collect();
        assert_eq!(kinds.len(), 1, "{name} defined {kinds:?} in libsockshim.a");
    }
    for name in [
        "err_sys",
        "err_quit",
        "err_ret",
        "err_msg",
        "err_dump",
        "daemon_proc",
        "str_cli",
        "str_echo",
        "dg_cli",
        "dg_echo",
        "readline",
        "Readline",
        "tv_sub",
        "my_addrs",
    ] {
        let symbol = format!("sockshim_unp_{name}");
        let kind = defined.iter().find(|(s, _)| *s == symbol).map(|(_, k)| *k);
        assert!(
            matches!(kind, Some('W') | Some('V')),
            "{symbol} must be weak in libsockshim.a, is {kind:?}"
        );
    }
    for name in NEVER_EXPORTED {
        assert!(
            !defined
                .iter()
                .any(|(s, k)| s == name && k.is_ascii_uppercase()),
            "{name} is a global symbol of libsockshim.a"
        );
    }
}
