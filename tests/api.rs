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
