//! The non-exiting sockshim_* API, checked by a C program (tests/c/api.c)
//! linked against both libraries: every function, its failure paths (NULL,
//! refused, unknown names, a timeout against a full accept queue, EPIPE
//! without SIGPIPE), and the per-thread last error.

mod common;
use common::*;

#[test]
fn the_sockshim_api_never_prints_never_exits_and_sets_errno() {
    let closed = free_tcp_port().to_string();
    let (_listener, _fillers, full) = full_listener();
    for link in BOTH {
        let prog = build_c("api", &["tests/c/api.c"], link);
        let out = run(&prog, &[&closed, &full.to_string()], None);
        assert_eq!(out.code(), 0, "{link:?}:\n{}{}", out.stdout, out.stderr);
        assert!(
            out.stdout.starts_with("all ") && out.stdout.ends_with(" checks passed\n"),
            "{out:?}"
        );
        assert_eq!(out.stderr, "", "the API never prints");
    }
}

/// The version a C program sees, from the header and from the library, is
/// Cargo.toml's; sockshim-serve --version says the same.
#[test]
fn the_version_is_cargos_in_the_header_the_library_and_sockshim_serve() {
    let version = env!("CARGO_PKG_VERSION");
    for link in BOTH {
        let prog = build_c("version", &["tests/c/version.c"], link);
        let out = run(&prog, &[], None);
        assert_eq!(
            (out.code(), out.stdout.as_str()),
            (0, format!("{version} {version} {version}\n").as_str()),
            "{link:?}"
        );
    }
    let serve = root().join("build/bin/sockshim-serve");
    let out = run(&serve, &["--version"], None);
    assert_eq!(
        (out.code(), out.stdout.as_str(), out.stderr.as_str()),
        (0, format!("sockshim-serve {version}\n").as_str(), "")
    );
}
