//! A program that keeps its own errexit, DieWithError, HandleTCPClient and
//! portbase links against both libraries, and the library uses its
//! definitions, also when a library helper fails.

mod common;
use common::*;
use std::net::TcpListener;

#[test]
fn the_programs_own_helpers_win_with_both_libraries() {
    let busy = TcpListener::bind("0.0.0.0:0").unwrap();
    let busy_port = busy.local_addr().unwrap().port().to_string();
    for link in BOTH {
        let prog = build_c("override", &["tests/c/override.c"], link);

        let out = run(&prog, &["dwe", &busy_port], None);
        assert_eq!(
            (out.code(), out.stderr.as_str()),
            (
                3,
                "program DieWithError: bind() failed: Address already in use\n"
            ),
            "{link:?}"
        );

        let out = run(&prog, &["errexit", "80abc"], None);
        assert_eq!(
            (out.code(), out.stderr.as_str()),
            (4, "program errexit: can't get \"80abc\" service entry\n"),
            "{link:?}"
        );

        let port = free_tcp_port();
        let out = run(&prog, &["portbase", &(port - 7).to_string()], None);
        assert_eq!(
            (out.code(), out.stdout.clone()),
            (0, format!("port={port}\n")),
            "{link:?} {out:?}"
        );

        let out = run(&prog, &["handle"], None);
        assert_eq!(out.stdout, "program HandleTCPClient -1\n", "{link:?}");
    }
}
