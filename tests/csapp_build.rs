//! csapp.h and the library as a CS:APP student meets them: the header under
//! the book's flags, -std=c99/c11/gnu11, gcc and clang, C++, with the book's
//! prototypes repeated; the 2nd-edition mode (int ports, its own symbols,
//! no 3rd-edition names); no -lpthread needed; a program's own unix_error,
//! Rio_writen, rio_readlineb and Signal winning with both libraries; and
//! the symbols: every csapp name exported only with its prefix, weak in the
//! static library.

mod common;
mod csapp_util;
use common::*;
use csapp_util::*;
use std::collections::BTreeSet;
use std::net::TcpListener;
use std::path::PathBuf;
use std::process::Command;

/// What tests/c/csapp/csapp_header.c prints.
const HEADER_OUTPUT: &str = "MAXLINE=8192 MAXBUF=8192 LISTENQ=1024 RIO_BUFSIZE=8192 mode=666 umask=22\n\
     sizeof(rio_t)=8208 rio_buf=16 environ=1 h_errno=1\n\
     Getpgrp=1 once=1 sqrt=128\n";

/// Compiles and links `args` (sources included) with `compiler` against the
/// shared library (and -lm: csapp.h includes <math.h>, and a program that
/// uses it links the math library); returns the program, or panics with the
/// diagnostics.
fn compile(compiler: &str, args: &[&str], exe: &str) -> PathBuf {
    let dir = root().join("target/ctest/csapp-header");
    std::fs::create_dir_all(&dir).unwrap();
    let exe = dir.join(exe);
    let out = Command::new(compiler)
        .args(args)
        .arg("-I")
        .arg(include_dir())
        .arg("-o")
        .arg(&exe)
        .args(shared_link_args())
        .arg("-lm")
        .output()
        .unwrap_or_else(|e| panic!("{compiler}: {e}"));
    assert!(
        out.status.success(),
        "{compiler} {args:?}:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    exe
}

#[test]
fn the_header_compiles_under_the_books_flags_strict_standards_and_cpp() {
    let src = root().join("tests/c/csapp/csapp_header.c");
    let src = src.to_str().unwrap();
    // The book: gcc -O2 prog.c csapp.c -lpthread (csapp.c now in the library).
    let mut builds: Vec<(&str, Vec<&str>)> = vec![("gcc", vec!["-O2", src, "-lpthread"])];
    let strict = ["-Wall", "-Wextra", "-Werror"];
    let mut compilers = vec!["gcc"];
    if have_clang() {
        compilers.push("clang");
    }
    for cc in &compilers {
        for std_flag in ["-std=c99", "-std=c11", "-std=gnu11"] {
            let mut args = vec![std_flag];
            args.extend(strict);
            args.push(src);
            builds.push((cc, args));
        }
    }
    let mut cxx = vec!["g++"];
    if have_clang() {
        cxx.push("clang++");
    }
    for cc in cxx {
        for std_flag in ["-std=c++11", "-std=c++17"] {
            let mut args = vec!["-x", "c++", std_flag];
            args.extend(strict);
            args.extend([src, "-x", "none"]);
            builds.push((cc, args));
        }
    }
    for (i, (cc, args)) in builds.iter().enumerate() {
        let exe = compile(cc, args, &format!("header{i}"));
        let out = run(&exe, &[], None);
        expect_success(&out, HEADER_OUTPUT, &format!("{cc} {args:?}"));
    }
}

#[test]
fn threaded_programs_need_no_pthread_flag() {
    // cc prog.c -lsockshim: nothing else, as the issue promises.
    let src = root().join("c-examples/csapp/echoservert_pre.c");
    let exe = compile("cc", &[src.to_str().unwrap()], "no_pthread_flag");
    let out = run(&exe, &[], None);
    assert_eq!(out.code(), 0, "{out:?}");
    assert!(out.stderr.starts_with("usage: "), "{out:?}");
}

#[test]
fn second_edition_programs_use_int_ports_and_their_own_symbols() {
    let busy = TcpListener::bind("0.0.0.0:0").unwrap();
    let busy_port = busy.local_addr().unwrap().port().to_string();
    let closed = free_tcp_port().to_string();
    for link in BOTH {
        let prog = build("csapp2", &["tests/c/csapp/csapp2.c"], link);
        let port = free_tcp_port().to_string();
        let out = run(&prog, &["echo", &port], None);
        expect_success(&out, "2e echo second edition\n", "echo");

        let out = run(&prog, &["open_clientfd", "127.0.0.1", &closed], None);
        expect_success(
            &out,
            "open_clientfd -1 errno=Connection refused\n",
            "refused",
        );
        let out = run(&prog, &["open_clientfd", "nosuchhost.invalid", "9"], None);
        expect_success(&out, "open_clientfd -2 h_errno=1\n", "name");
        let out = run(&prog, &["Open_clientfd", "127.0.0.1", &closed], None);
        expect_book_failure(
            &out,
            "Open_clientfd Unix error: Connection refused\n",
            "Unix",
        );
        let out = run(&prog, &["Open_clientfd", "nosuchhost.invalid", "9"], None);
        expect_book_failure(&out, "Open_clientfd DNS error: DNS error 1\n", "DNS");

        let out = run(&prog, &["open_listenfd", &busy_port], None);
        expect_success(
            &out,
            "open_listenfd -1 errno=Address already in use\n",
            "busy",
        );
        let out = run(&prog, &["Open_listenfd", &busy_port], None);
        expect_book_failure(
            &out,
            "Open_listenfd error: Address already in use\n",
            "busy",
        );
        let free = free_tcp_port().to_string();
        let out = run(&prog, &["open_listenfd", &free], None);
        expect_success(&out, "open_listenfd ok\n", "listen");

        let out = run(&prog, &["dns_error"], None);
        expect_book_failure(&out, "dns_error test: DNS error 2\n", "dns_error");
        let out = run(&prog, &["Gethostbyname-fail"], None);
        expect_book_failure(&out, "Gethostbyname error: DNS error 1\n", "Gethostbyname");
    }
}

#[test]
fn second_edition_mode_declares_no_third_edition_names() {
    let dir = root().join("target/ctest/csapp-header");
    std::fs::create_dir_all(&dir).unwrap();
    let cases = [
        ("int f(void) { return (int)Sio_puts(\"x\"); }", "Sio_puts"),
        ("int f(void) { Opendir(\".\"); return 0; }", "Opendir"),
        (
            "int f(void) { gai_error(1, \"x\"); return 0; }",
            "gai_error",
        ),
        (
            "int f(void) { return open_listenfd(\"80\"); }",
            "char * port",
        ),
    ];
    for (i, (body, what)) in cases.iter().enumerate() {
        let src = dir.join(format!("edition2_{i}.c"));
        std::fs::write(&src, format!("#include \"csapp.h\"\n{body}\n")).unwrap();
        for (edition, ok) in [("-DCSAPP_EDITION=2", false), ("-DCSAPP_EDITION=3", true)] {
            let out = Command::new("gcc")
                .args(["-c", "-Wall", "-Werror", "-std=c11", edition, "-I"])
                .arg(include_dir())
                .arg(&src)
                .arg("-o")
                .arg(dir.join(format!("edition2_{i}.o")))
                .output()
                .unwrap();
            assert_eq!(
                out.status.success(),
                ok,
                "{what} with {edition}:\n{}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
    }
}

#[test]
fn the_programs_own_functions_win_with_both_libraries() {
    let closed = free_tcp_port().to_string();
    for link in BOTH {
        let prog = build("override", &["tests/c/csapp/csapp_override.c"], link);
        let what = |cmd: &str| format!("{link:?} {cmd}");

        let out = run(&prog, &["connect", &closed], None);
        expect(
            &out,
            3,
            "",
            "program unix_error: Open_clientfd error\n",
            &what("connect"),
        );
        // Students' unix_error that returns: the error comes back to them.
        let out = run(&prog, &["connect-return", &closed], None);
        expect(
            &out,
            0,
            "Open_clientfd returned -1\n",
            "program unix_error: Open_clientfd error\n",
            &what("connect-return"),
        );
        let out = run(&prog, &["name-return"], None);
        expect(
            &out,
            0,
            "Open_clientfd returned -2\n",
            "getaddrinfo failed (nosuchhost.invalid:9): Name or service not known\n\
             program unix_error: Open_clientfd error\n",
            &what("name-return"),
        );
        let out = run(&prog, &["readn"], None);
        expect(
            &out,
            3,
            "",
            "program unix_error: Rio_readn error\n",
            &what("readn"),
        );
        let out = run(&prog, &["writen"], None);
        expect(&out, 0, "abc\n", "program Rio_writen 4\n", &what("writen"));
        let out = run(&prog, &["readline"], None);
        expect_success(
            &out,
            "33 from the program's rio_readlineb\n",
            &what("readline"),
        );
        let out = run(&prog, &["signal"], None);
        expect(
            &out,
            0,
            "handler=1 restart=0\n",
            "program Signal 10\n",
            &what("signal"),
        );
        // What the program does not define still comes from the library.
        let out = run(&prog, &["posix"], None);
        expect_book_failure(
            &out,
            "Pthread_join error: Resource deadlock avoided\n",
            &what("posix"),
        );
    }
}

/// Every name csapp.h binds, as (layer, name): ("csapp", "P"), ("csapp2", ...).
fn header_names() -> Vec<(String, String)> {
    let header = std::fs::read_to_string(root().join("include/sockshim/csapp/csapp.h")).unwrap();
    let mut names = Vec::new();
    for piece in header.split("SOCKSHIM_LABEL(").skip(1) {
        let inside = &piece[..piece.find(')').unwrap()];
        let (layer, name) = inside.split_once(',').unwrap();
        names.push((layer.trim().to_owned(), name.trim().to_owned()));
    }
    names
}

#[test]
fn the_header_binds_all_91_functions_and_the_2nd_editions_own() {
    let names = header_names();
    let third: BTreeSet<&str> = names
        .iter()
        .filter(|(l, _)| l == "csapp")
        .map(|(_, n)| n.as_str())
        .collect();
    let second: BTreeSet<&str> = names
        .iter()
        .filter(|(l, _)| l == "csapp2")
        .map(|(_, n)| n.as_str())
        .collect();
    assert_eq!(third.len(), 91, "{third:?}");
    assert_eq!(
        second,
        BTreeSet::from([
            "Gethostbyaddr",
            "Gethostbyname",
            "Open_clientfd",
            "Open_listenfd",
            "dns_error",
            "open_clientfd",
            "open_listenfd",
        ])
    );
}

/// C library names the layer wraps: none may be defined by sockshim.
const LIBC_NAMES: &[&str] = &[
    "signal",
    "sigaction",
    "inet_pton",
    "inet_ntop",
    "getaddrinfo",
    "getnameinfo",
    "gai_strerror",
    "gethostbyname",
    "socket",
    "accept",
    "connect",
    "bind",
    "listen",
    "read",
    "write",
    "open",
    "close",
    "select",
    "fork",
    "execve",
    "wait",
    "waitpid",
    "kill",
    "sleep",
    "pause",
    "alarm",
    "malloc",
    "free",
    "calloc",
    "realloc",
    "mmap",
    "munmap",
    "fopen",
    "fclose",
    "fgets",
    "fputs",
    "pthread_create",
    "pthread_exit",
    "pthread_once",
    "sem_init",
    "sem_wait",
    "sem_post",
    "opendir",
    "readdir",
    "stat",
];

#[test]
fn csapp_symbols_are_exported_only_with_their_prefix() {
    let names = header_names();
    let expected: BTreeSet<String> = names
        .iter()
        .map(|(layer, name)| format!("sockshim_{layer}_{name}"))
        .collect();
    let so = lib_dir().join("libsockshim.so");
    let exported: BTreeSet<String> = defined_symbols(&["-D"], &so)
        .into_iter()
        .map(|(name, _)| name)
        .collect();
    let csapp: BTreeSet<String> = exported
        .iter()
        .filter(|n| n.starts_with("sockshim_csapp"))
        .cloned()
        .collect();
    assert_eq!(csapp, expected, "the shared library's csapp symbols");
    for (_, bare) in &names {
        assert!(
            !exported.contains(bare),
            "libsockshim.so exports the bare name {bare}"
        );
    }
    for libc_name in LIBC_NAMES {
        assert!(
            !exported.contains(*libc_name),
            "libsockshim.so defines the C library's {libc_name}"
        );
    }

    // In the static library each is weak, so a program may define its own.
    let archive = lib_dir().join("libsockshim.a");
    let kinds = defined_symbols(&[], &archive);
    for symbol in &expected {
        let found: Vec<char> = kinds
            .iter()
            .filter(|(n, _)| n == symbol)
            .map(|(_, k)| *k)
            .collect();
        assert!(
            !found.is_empty() && found.iter().all(|k| *k == 'W'),
            "{symbol} in libsockshim.a: {found:?}"
        );
    }
    for (_, bare) in &names {
        assert!(
            !kinds.iter().any(|(n, k)| n == bare && *k != 'U'),
            "libsockshim.a defines the bare name {bare}"
        );
    }
}
