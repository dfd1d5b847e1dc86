//! Donahoo & Calvert entry points, driven from C programs linked against the
//! shared and the static library: the echo server path end to end, output
//! ordering, the DieWithError messages, and robustness of the echo loop.

mod common;
use common::*;
use std::io::Read;
use std::net::TcpListener;
use std::time::Duration;

#[test]
fn iterative_echo_server_echoes_8_mib_intact_and_prints_each_client() {
    for link in BOTH {
        let server_prog = build_c("tcp_echod", &["tests/c/tcp_echod.c"], link);
        let port = free_tcp_port();
        let mut server = Server::start(&server_prog, &[&port.to_string(), "2"]);
        let mut stdout = server.take_stdout();
        let data = random_bytes(8 << 20, 42);
        assert!(
            echo_back(tcp_client(port), &data) == data,
            "{link:?}: 8 MiB echo differs"
        );
        assert_eq!(echo_back(tcp_client(port), b"second"), b"second");
        assert!(server.wait_exit(Duration::from_secs(20)).success());
        let mut printed = String::new();
        stdout.read_to_string(&mut printed).unwrap();
        assert_eq!(
            printed,
            "Handling client 127.0.0.1\nHandling client 127.0.0.1\n"
        );
    }
}

#[test]
fn a_client_reset_mid_stream_ends_only_that_connection() {
    for link in BOTH {
        let server_prog = build_c("tcp_echod", &["tests/c/tcp_echod.c"], link);
        let port = free_tcp_port();
        let mut server = Server::start(&server_prog, &[&port.to_string(), "3"]);
        reset_mid_stream(port);
        assert_eq!(
            echo_back(tcp_client(port), b"still serving"),
            b"still serving",
            "{link:?}"
        );
        let status = server.wait_exit(Duration::from_secs(20));
        assert_eq!(
            status.code(),
            Some(0),
            "{link:?}: server ended by {status:?}"
        );
        assert!(
            server.stderr_line(Duration::from_millis(100)).is_none(),
            "no error printed"
        );
    }
}

#[test]
fn handling_client_line_follows_the_programs_unflushed_output() {
    for link in BOTH {
        let prog = build_c("accept_order", &["tests/c/accept_order.c"], link);
        let port = free_tcp_port();
        let mut server = Server::start(&prog, &[&port.to_string()]);
        let mut stdout = server.take_stdout();
        drop(tcp_client(port));
        assert!(server.wait_exit(Duration::from_secs(20)).success());
        let mut printed = String::new();
        stdout.read_to_string(&mut printed).unwrap();
        assert_eq!(
            printed, "before accept\nHandling client 127.0.0.1\nafter accept\n",
            "{link:?}"
        );
    }
}

#[test]
fn create_tcp_server_socket_is_a_listening_ipv4_socket() {
    for link in BOTH {
        let port = free_tcp_port().to_string();
        let out = run(&call(link), &["CreateTCPServerSocket", &port], None);
        assert_eq!(
            out.stdout,
            format!(
                "ok family=AF_INET type=SOCK_STREAM port={port} peer=0 reuseaddr=1 cloexec=0 nonblock=0\n"
            )
        );
    }
}

#[test]
fn die_with_error_messages_carry_the_failed_calls_errno() {
    let busy = TcpListener::bind("0.0.0.0:0").unwrap();
    let busy_port = busy.local_addr().unwrap().port().to_string();
    for link in BOTH {
        expect_failure(
            link,
            &["CreateTCPServerSocket", &busy_port],
            "bind() failed: Address already in use\n",
        );
        expect_failure(
            link,
            &["-n", "3", "CreateTCPServerSocket", "0"],
            "socket() failed: Too many open files\n",
        );
        expect_failure(
            link,
            &["AcceptTCPConnection", "99"],
            "accept() failed: Bad file descriptor\n",
        );
        expect_failure(
            link,
            &["AcceptTCPConnection", "-1"],
            "accept() failed: Bad file descriptor\n",
        );
        expect_failure(
            link,
            &["AcceptTCPConnection", "0"],
            "accept() failed: Socket operation on non-socket\n",
        );
        expect_failure(
            link,
            &["HandleTCPClient", "99"],
            "recv() failed: Bad file descriptor\n",
        );
        expect_failure(
            link,
            &["HandleTCPClient", "-1"],
            "recv() failed: Bad file descriptor\n",
        );
        expect_failure(
            link,
            &["DieWithError", "my message"],
            "my message: Success\n",
        );
        expect_failure(link, &["DieWithError", "NULL"], "Success\n");
    }
}
