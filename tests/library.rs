//! The library as a C programmer meets it: the committed header works in C
//! and C++ next to the textbooks' own prototypes, the shared library exports
//! exactly the committed symbol list and has a soname.

mod common;
use common::*;
use std::process::Command;

/// Compilers to check the header with: gcc and g++ always, clang and
/// clang++ when installed (.ci/run installs them; required under CI).
fn compilers() -> Vec<(&'static str, &'static [&'static str])> {
    let mut list: Vec<(&str, &[&str])> = vec![
        ("gcc", &["-std=c99", "-std=c11", "-std=gnu11", "-std=c17"]),
        ("g++", &["-std=c++11", "-std=c++17"]),
    ];
    let have_clang = have_clang();
    if have_clang {
        list.push(("clang", &["-std=c99", "-std=c11", "-std=c17"]));
        list.push(("clang++", &["-std=c++11", "-std=c++17"]));
    }
    list
}

/// Compiles `source` with every compiler and standard of [`compilers`]
/// (and `more_c`, for the C compilers) with -Wall -Wextra -Werror -pedantic
/// and `include` as its -I directory, links it with the shared library and
/// runs it: it must exit 0.
fn header_matrix(name: &str, source: &str, include: &std::path::Path, more_c: &[&str]) {
    let out_dir = root().join("target/ctest/header");
    std::fs::create_dir_all(&out_dir).unwrap();
    for (compiler, standards) in compilers() {
        let cpp = compiler.ends_with("++");
        let extra = if cpp { &[][..] } else { more_c };
        for std_flag in standards.iter().chain(extra) {
            let exe = out_dir.join(format!("{name}_{compiler}{std_flag}"));
            let mut cc = Command::new(compiler);
            if cpp {
                cc.args(["-x", "c++"]);
            }
            let out = cc
                .args([*std_flag, "-Wall", "-Wextra", "-Werror", "-pedantic", "-I"])
                .arg(include)
                .arg(root().join(source))
                .arg("-o")
                .arg(&exe)
                .args(shared_link_args())
                .output()
                .unwrap();
            assert!(
                out.status.success(),
                "{name}: {compiler} {std_flag}:\n{}",
                String::from_utf8_lossy(&out.stderr)
            );
            let ran = run(&exe, &[], None);
            assert_eq!(ran.code(), 0, "{name}: {compiler} {std_flag}");
        }
    }
}

#[test]
fn header_and_the_textbooks_prototypes_coexist_in_c_and_cpp() {
    header_matrix(
        "header",
        "tests/c/header_repeat.c",
        &root().join("include"),
        &[],
    );
}

/// Practical.h compiles with the book's own flags (-std=gnu99) and in
/// strict C and C++, found as the book's programs find it.
#[test]
fn practical_header_compiles_in_c_and_cpp_and_binds_the_books_names() {
    header_matrix(
        "practical",
        "tests/c/practical/header.c",
        &root().join("include/sockshim/practical"),
        &["-std=gnu99"],
    );
}

#[test]
fn shared_library_exports_exactly_the_committed_symbols() {
    let so = lib_dir().join("libsockshim.so");
    let mut exported: Vec<String> = defined_symbols(&["-D"], &so)
        .into_iter()
        .map(|(name, _)| name)
        .collect();
    exported.sort();
    let committed =
        std::fs::read_to_string(root().join("tests/data/exported-symbols.txt")).unwrap();
    let committed: Vec<&str> = committed.lines().collect();
    assert_eq!(
        exported, committed,
        "update tests/data/exported-symbols.txt only with an intended ABI change"
    );
}

/// The names a shared object defines (nm -D --defined-only).
fn defined_names(object: &std::path::Path) -> Vec<String> {
    defined_symbols(&["-D"], object)
        .into_iter()
        .map(|(name, _)| name.split('@').next().unwrap_or(&name).to_string())
        .collect()
}

/// The C library the test programs link with (as the compiler finds it).
fn c_library(name: &str) -> std::path::PathBuf {
    let out = Command::new("cc")
        .arg(format!("-print-file-name={name}"))
        .output()
        .unwrap();
    let path = String::from_utf8_lossy(&out.stdout).trim().to_string();
    std::fs::canonicalize(&path).unwrap_or_else(|e| panic!("{name} at {path}: {e}"))
}

#[test]
fn exports_are_textbook_names_or_prefixed_and_never_a_c_library_name() {
    let exported = defined_names(&lib_dir().join("libsockshim.so"));
    let bare = std::fs::read_to_string(root().join("src/c/overridable.txt")).unwrap();
    let bare: Vec<&str> = bare.lines().collect();
    for name in &exported {
        assert!(
            bare.contains(&name.as_str()) || name.starts_with("sockshim_"),
            "{name} is exported bare: book layers export sockshim_<layer>_<Name> only"
        );
    }
    let libc_names: Vec<String> = ["libc.so.6", "libm.so.6", "libpthread.so.0"]
        .iter()
        .flat_map(|lib| defined_names(&c_library(lib)))
        .collect();
    assert!(libc_names.iter().any(|n| n == "inet_pton"), "nm read libc");
    let clashes: Vec<&String> = exported.iter().filter(|n| libc_names.contains(n)).collect();
    assert!(clashes.is_empty(), "C library names exported: {clashes:?}");
}

#[test]
fn shared_library_has_a_soname_and_the_links_make_promises() {
    let lib = lib_dir();
    let out = Command::new("readelf")
        .arg("-d")
        .arg(lib.join("libsockshim.so"))
        .output()
        .unwrap();
    let dynamic = String::from_utf8_lossy(&out.stdout);
    assert!(
        dynamic.contains("Library soname: [libsockshim.so.0]"),
        "{dynamic}"
    );
    assert_eq!(
        std::fs::read_link(lib.join("libsockshim.so"))
            .unwrap()
            .to_str(),
        Some("libsockshim.so.0")
    );
    let version = env!("CARGO_PKG_VERSION");
    assert_eq!(
        std::fs::read_link(lib.join("libsockshim.so.0"))
            .unwrap()
            .to_str(),
        Some(format!("libsockshim.so.{version}").as_str())
    );
}

#[test]
fn static_library_symbols_are_weak_so_programs_can_replace_them() {
    let defined = defined_symbols(&[], &lib_dir().join("libsockshim.a"));
    let overridable = std::fs::read_to_string(root().join("src/c/overridable.txt")).unwrap();
    for name in overridable.lines() {
        let kinds: Vec<char> = defined
            .iter()
            .filter(|(n, _)| n == name)
            .map(|(_, k)| *k)
            .collect();
        assert!(
            !kinds.is_empty() && kinds.iter().all(|k| matches!(*k, 'W' | 'V')),
            "{name}: {kinds:?}"
        );
    }
    // Every book layer's function (sockshim_<layer>_<Name>) is weak too.
    let layer_kinds: Vec<(&str, char)> = defined
        .iter()
        .map(|(name, kind)| (name.as_str(), *kind))
        .filter(|(name, _)| {
            ["practical", "unp", "csapp"]
                .iter()
                .any(|layer| name.starts_with(&format!("sockshim_{layer}_")))
        })
        .collect();
    assert!(
        layer_kinds
            .iter()
            .any(|(n, _)| n.starts_with("sockshim_practical_")),
        "{layer_kinds:?}"
    );
    for (name, kind) in layer_kinds {
        assert!(matches!(kind, 'W' | 'V'), "{name}: {kind}");
    }
}
