//! The smaller defects of issue 12, end to end through unchanged example
//! programs: a vertical tab around a port (C's isspace), a newline in a
//! host name escaped in SOCKSHIM_TRACE, a huge invalid knob value cut in
//! its warning, one warning for dual-stack UDP sockets, the program's own
//! backlog with SOCKSHIM_RAISE_BACKLOG=0, knobs ignored in set-user-ID
//! programs (secure_getenv), and the library's C built with _FORTIFY_SOURCE.

mod common;
mod example_harness;
use common::*;
use example_harness::*;
use std::process::Command;

#[test]
fn a_port_with_a_vertical_tab_or_form_feed_around_it_is_accepted() {
    // Comer & Stevens: passiveTCP and connectTCP.
    let port = free_tcp_port();
    let server = Example::start(
        "TCPdaytimed",
        &[&format!("\x0b{port}\x0b")],
        Proto::Tcp,
        port,
    );
    let out = run(
        &bin("TCPdaytime"),
        &["127.0.0.1", &format!("{port}\x0c\x0b")],
        None,
    );
    assert_eq!((out.code(), out.stdout.len()), (0, 25), "{out:?}");
    server.stop_quietly();

    // Donahoo & Calvert 2nd edition: the service string through getaddrinfo.
    let port = free_tcp_port();
    let server = Example::start(
        "practical/TCPEchoServer",
        &[&format!("\x0b{port}\n")],
        Proto::Tcp,
        port,
    );
    let out = run(
        &bin("practical/TCPEchoClient"),
        &["127.0.0.1", "tab", &format!("\x0b{port}\x0b")],
        None,
    );
    expect_output(&out, "Received: tab\n", "practical/TCPEchoClient");
    drop(server);
}

#[test]
fn a_newline_in_a_host_name_cannot_forge_a_trace_line() {
    let forged = "sockshim: connect to 10.0.0.1:13 -> ok";
    let host = format!("evil\n{forged}");
    let env = [("SOCKSHIM_TRACE", "1")];
    let out = run_env(&bin("TCPdaytime"), &[&host, "13"], None, &env);
    // Every trace line quotes the name with its newline escaped; the only
    // raw newline is in the textbook's own message, which prints the name
    // as the program gave it.
    assert_eq!(
        (out.code(), out.stderr.as_str()),
        (
            1,
            format!(
                "sockshim: service \"13\"/tcp -> port 13 (port base 0)\n\
                 sockshim: host \"evil\\n{forged}\" -> not found\n\
                 can't get \"evil\n{forged}\" host entry\n"
            )
            .as_str()
        ),
        "{out:?}"
    );
    // The getaddrinfo path (2nd edition) quotes it the same way.
    let out = run_env(
        &bin("practical/TCPEchoClient"),
        &[&host, "x", "7"],
        None,
        &env,
    );
    assert_eq!(out.code(), 1, "{out:?}");
    let lines: Vec<&str> = out.stderr.lines().collect();
    assert!(
        lines[0].starts_with(&format!(
            "sockshim: getaddrinfo(\"evil\\n{forged}\", \"7\") -> "
        )),
        "{out:?}"
    );
    assert_eq!(lines.len(), 2, "{out:?}");
    assert!(lines[1].starts_with("getaddrinfo() failed: "), "{out:?}");
}

#[test]
fn a_huge_invalid_knob_value_is_quoted_only_in_part() {
    // Close to the largest single environment string Linux passes (128 KiB).
    let huge = "x".repeat(120_000);
    let port = free_tcp_port().to_string();
    let out = run_env(
        &bin("TCPdaytime"),
        &["127.0.0.1", &port],
        None,
        &[("SOCKSHIM_TRACE", &huge)],
    );
    assert_eq!(
        (out.code(), out.stderr.as_str()),
        (
            1,
            format!(
                "sockshim: ignoring SOCKSHIM_TRACE=\"{}\"...: expected 1 or 0\n\
                 can't connect to 127.0.0.1.{port}: Connection refused\n",
                "x".repeat(64)
            )
            .as_str()
        )
    );
}

#[test]
fn a_dual_stack_udp_socket_warns_once_per_process() {
    let warning = "sockshim: SOCKSHIM_DUALSTACK=1 makes this UDP socket IPv6: a program that \
                   receives into a struct sockaddr_in cannot reply to its clients (unset it for \
                   UDP servers)";
    // UDPtimed: one UDP socket, one warning.
    let port = free_udp_port();
    let env = [("SOCKSHIM_DUALSTACK", "1")];
    let server = Example::start_env("UDPtimed", &[&port.to_string()], &env, Proto::Udp, port);
    let (_, stderr) = server.stop();
    assert_eq!(stderr, format!("{warning}\n"));
    // sockshim-serve: two UDP sockets (and two TCP ones), one warning.
    let base = (0..50)
        .map(|_| free_udp_port().saturating_sub(37))
        .find(|&base| {
            base > 1024
                && [7, 37].iter().all(|p| {
                    std::net::TcpListener::bind(("0.0.0.0", base + p)).is_ok()
                        && std::net::UdpSocket::bind(("0.0.0.0", base + p)).is_ok()
                })
        })
        .expect("a free port base");
    let server = Example::start_env(
        "sockshim-serve",
        &["--portbase", &base.to_string(), "--only", "echo,time"],
        &env,
        Proto::Udp,
        base + 37,
    );
    let (_, stderr) = server.stop();
    assert_eq!(
        stderr.lines().filter(|l| *l == warning).count(),
        1,
        "{stderr:?}"
    );
    // Without the knob, or for TCP: no warning.
    let port = free_udp_port();
    let server = Example::start("UDPtimed", &[&port.to_string()], Proto::Udp, port);
    server.stop_quietly();
    let port = free_tcp_port();
    let server = Example::start_env("TCPdaytimed", &[&port.to_string()], &env, Proto::Tcp, port);
    server.stop_quietly();
}

#[test]
fn raise_backlog_0_keeps_the_programs_backlog() {
    let port = free_tcp_port().to_string();
    let call = call(Link::Shared);
    let trace = |raise: Option<&str>| {
        let mut env = vec![("SOCKSHIM_TRACE", "1")];
        env.extend(raise.map(|v| ("SOCKSHIM_RAISE_BACKLOG", v)));
        let out = run_env(&call, &["passiveTCP", &port, "5"], None, &env);
        assert_eq!(out.code(), 0, "{out:?}");
        out.stderr
    };
    assert!(trace(None).contains(&format!(
        "sockshim: listen backlog 5 (raised to {}) -> ok\n",
        libc::SOMAXCONN
    )));
    assert!(trace(Some("0")).contains("sockshim: listen backlog 5 -> ok\n"));
}

#[test]
fn knobs_are_ignored_in_a_set_user_id_program() {
    // A set-user-ID program runs with its caller's environment, which must
    // not steer it: the knobs are read with secure_getenv.  Provoking that
    // takes root (to make a set-user-ID root copy and run it as another user).
    if !is_root() {
        eprintln!("SKIPPED: a set-user-ID test program needs root to be made and run");
        return;
    }
    let call = call(Link::Shared);
    let dir = root().join("target/ctest/setuid");
    std::fs::create_dir_all(&dir).unwrap();
    let copy = dir.join(format!("call-{}", std::process::id()));
    std::fs::copy(&call, &copy).unwrap();
    let port = free_tcp_port().to_string();
    let env = [("SOCKSHIM_TRACE", "1")];
    let run_as_user = |program: &std::path::Path| {
        let mut cmd = Command::new(program);
        cmd.args(["passiveTCP", &port, "5"]).envs(env);
        let uid = unused_uid();
        as_user_with_task_limit(&mut cmd, uid, 1000);
        let out = cmd.output().unwrap();
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&copy, std::fs::Permissions::from_mode(0o755)).unwrap();
    let (code, plain) = run_as_user(&copy);
    assert_eq!(code, Some(0), "{plain}");
    assert!(
        plain.contains("sockshim: listen backlog"),
        "traced: {plain:?}"
    );
    std::fs::set_permissions(&copy, std::fs::Permissions::from_mode(0o4755)).unwrap();
    let (code, setuid) = run_as_user(&copy);
    let _ = std::fs::remove_file(&copy);
    assert_eq!(code, Some(0), "{setuid}");
    assert_eq!(setuid, "", "a set-user-ID program is not traced");
}

#[test]
fn the_librarys_c_is_built_with_fortify_source() {
    // _FORTIFY_SOURCE=2 turns errexit's vfprintf into the checked
    // __vfprintf_chk.
    let out = Command::new("nm")
        .args(["-D", "--undefined-only"])
        .arg(root().join("build/lib/libsockshim.so"))
        .output()
        .expect("nm (binutils) is installed");
    let symbols = String::from_utf8_lossy(&out.stdout);
    assert!(symbols.contains("__vfprintf_chk"), "{symbols}");
}
