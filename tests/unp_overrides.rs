//! A UNP program that keeps its own copies of the overridable book
//! functions (err_*, readline, Readline, str_cli, dg_cli, str_echo, dg_echo,
//! tv_sub, my_addrs, daemon_proc) in a file that includes unp.h links with
//! the shared and the static library, and the library's own calls reach the
//! program's copies (tests/c/unp/override_a.c, override_b.c).

mod common;
use common::*;
use std::io::{BufRead, BufReader, Write};

fn build(name: &str, link: Link) -> std::path::PathBuf {
    let inc = root().join("include/sockshim/unp");
    build_c_with(
        name,
        &[&format!("tests/c/unp/{name}.c")],
        link,
        &["-I", inc.to_str().unwrap()],
    )
}

#[track_caller]
fn expect(
    program: &std::path::Path,
    args: &[&str],
    stdin: Option<&[u8]>,
    code: i32,
    stdout: &str,
    stderr: &str,
) {
    let out = run(program, args, stdin);
    assert_eq!(
        (out.code(), out.stdout.as_str(), out.stderr.as_str()),
        (code, stdout, stderr),
        "{} {args:?}",
        program.display()
    );
}

/// A loopback listener serving one connection on a thread with `serve`.
fn one_client(serve: fn(std::net::TcpStream)) -> (u16, std::thread::JoinHandle<()>) {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let handle = std::thread::spawn(move || {
        // The program connects first in every case that starts this.
        let (stream, _) = listener.accept().unwrap();
        stream
            .set_read_timeout(Some(std::time::Duration::from_secs(20)))
            .unwrap();
        serve(stream);
    });
    (port, handle)
}

fn echo(stream: std::net::TcpStream) {
    let mut writer = stream.try_clone().unwrap();
    for line in BufReader::new(stream).lines() {
        let Ok(line) = line else { return };
        let _ = writer.write_all(format!("{line}\n").as_bytes());
    }
}

#[test]
fn a_programs_own_error_functions_readline_and_my_addrs_are_used_by_the_library() {
    for link in BOTH {
        let prog = build("override_a", link);
        let refused = free_tcp_port().to_string();
        expect(
            &prog,
            &["tcp_connect", &refused],
            None,
            11,
            "",
            &format!(
                "program err_sys: tcp_connect error for 127.0.0.1, {refused}: Connection refused\n"
            ),
        );
        expect(
            &prog,
            &["close"],
            None,
            11,
            "",
            "program err_sys: close error: Bad file descriptor\n",
        );
        expect(
            &prog,
            &["inet_pton"],
            None,
            12,
            "",
            "program err_quit: inet_pton error for 1.2.3.x\n",
        );

        let (port, server) = one_client(|_| {});
        expect(
            &prog,
            &["connect_timeo", &port.to_string()],
            None,
            0,
            "connect_timeo 0\n",
            "program err_msg: connect_timeo: alarm was already set\n",
        );
        server.join().unwrap();

        // The library's str_cli reads the echo with the program's Readline.
        let (port, server) = one_client(echo);
        expect(
            &prog,
            &["str_cli", &port.to_string()],
            Some(b"hello\nworld\n"),
            0,
            "HELLO\nWORLD\n",
            "",
        );
        server.join().unwrap();

        expect(&prog, &["my_addrs"], None, 0, "10.0.0.1\n", "");
        // daemon_inetd sets the program's daemon_proc; its err_msg ignores it.
        expect(&prog, &["daemon_proc"], None, 0, "daemon_proc=1\n", "");
        expect(
            &prog,
            &["own"],
            None,
            13,
            "tv_sub 4242\nprogram dg_echo 3 16\n",
            "program err_ret: own err_ret: Broken pipe\nprogram err_dump: own err_dump: Broken pipe\n",
        );
    }
}

#[test]
fn a_programs_own_readline_str_cli_dg_cli_and_str_echo_are_used() {
    for link in BOTH {
        let prog = build("override_b", link);
        // The library's Readline calls the program's readline.
        expect(
            &prog,
            &["Readline"],
            None,
            0,
            "23 [program readline] abc\n",
            "",
        );
        expect(
            &prog,
            &["own"],
            None,
            0,
            "program str_cli 5\nprogram dg_cli 6 16\nprogram str_echo 7\n",
            "",
        );
    }
}
