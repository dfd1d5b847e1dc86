//! The echo helpers (str_cli, str_echo, dg_cli, dg_echo), connect_nonb and
//! connect_timeo, readable_timeo and writable_timeo, daemon_init, read_fd
//! and write_fd, gf_time, tv_sub, in_cksum, my_addrs, and the pthread
//! wrappers of unpthread.h.

use crate::common::*;
use crate::{echo_lines, expect, expect_fail, one_tcp_client, udp_answerer, unp_run, unp_server};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Shutdown, UdpSocket};
use std::time::{Duration, Instant};

#[test]
fn str_cli_echoes_stdin_through_the_server() {
    for link in BOTH {
        let (port, server) = one_tcp_client(echo_lines);
        let p = port.to_string();
        let out = unp_run(
            link,
            &["str_cli", "127.0.0.1", &p],
            Some(b"hello\nsecond line\n"),
            &[],
        );
        assert_eq!(
            (out.code(), out.stdout.as_str(), out.stderr.as_str()),
            (0, "hello\nsecond line\nstr_cli returned\n", ""),
            "{link:?}"
        );
        server.join().unwrap();
    }
}

#[test]
fn str_cli_quits_when_the_server_goes_away_first() {
    for link in BOTH {
        // The server reads the first line and closes without answering.
        let (port, server) = one_tcp_client(|stream| {
            let mut line = String::new();
            let _ = BufReader::new(stream).read_line(&mut line);
        });
        let p = port.to_string();
        let out = unp_run(
            link,
            &["fail_misc", "str_cli", "127.0.0.1", &p],
            Some(b"one\ntwo\n"),
            &[],
        );
        assert_eq!(
            (out.code(), out.stdout.as_str(), out.stderr.as_str()),
            (1, "", "str_cli: server terminated prematurely\n"),
            "{link:?}"
        );
        server.join().unwrap();
    }
}

#[test]
fn str_echo_sends_back_every_byte_and_returns_at_eof() {
    for link in BOTH {
        let port = free_tcp_port();
        let p = port.to_string();
        let mut server = unp_server(link, &["str_echo", &p], &[]);
        let data = random_bytes(300_000, 9);
        let mut stream = tcp_client(port);
        let mut reader = stream.try_clone().unwrap();
        let reading = std::thread::spawn(move || {
            let mut back = Vec::new();
            reader.read_to_end(&mut back).unwrap();
            back
        });
        stream.write_all(&data).unwrap();
        stream.shutdown(Shutdown::Write).unwrap();
        assert!(reading.join().unwrap() == data, "{link:?}: echo differs");
        assert!(server.wait_exit(Duration::from_secs(20)).success());
        let mut out = String::new();
        server.take_stdout().read_to_string(&mut out).unwrap();
        assert_eq!(out, "str_echo returned\n", "{link:?}");
    }
}

#[test]
fn dg_cli_and_dg_echo_exchange_datagrams() {
    for link in BOTH {
        let (port, answerer) = udp_answerer(2, "");
        let p = port.to_string();
        let out = unp_run(link, &["dg_cli", "127.0.0.1", &p], Some(b"one\ntwo\n"), &[]);
        assert_eq!(
            (out.code(), out.stdout.as_str(), out.stderr.as_str()),
            (0, "one\ntwo\ndg_cli returned\n", ""),
            "{link:?}"
        );
        answerer.join().unwrap();

        let port = free_udp_port();
        let p = port.to_string();
        let _server = unp_server(link, &["dg_echo", &p], &[]);
        let client = UdpSocket::bind("127.0.0.1:0").unwrap();
        client
            .set_read_timeout(Some(Duration::from_secs(20)))
            .unwrap();
        for text in ["first", "second datagram", "3"] {
            client
                .send_to(text.as_bytes(), ("127.0.0.1", port))
                .unwrap();
            let mut buf = [0u8; 100];
            let (n, from) = client.recv_from(&mut buf).unwrap();
            assert_eq!(
                (&buf[..n], from.port()),
                (text.as_bytes(), port),
                "{link:?}"
            );
        }
    }
}

#[test]
fn echo_helpers_fail_with_the_book_messages() {
    for link in BOTH {
        expect_fail(
            link,
            &["fail_misc", "str_echo"],
            "str_echo: read error: Bad file descriptor\n",
        );
        expect_fail(
            link,
            &["fail_misc", "dg_echo"],
            "recvfrom error: Bad file descriptor\n",
        );
        let out = unp_run(link, &["fail_misc", "dg_cli"], Some(b"x\n"), &[]);
        assert_eq!(
            (out.code(), out.stderr.as_str()),
            (1, "sendto error: Bad file descriptor\n"),
            "{link:?}"
        );
    }
}

#[test]
fn connect_nonb_connects_refuses_and_times_out() {
    let (_queue, _fillers, full) = full_listener();
    let full = full.to_string();
    for link in BOTH {
        let (port, server) = one_tcp_client(|_| {});
        let p = port.to_string();
        expect(
            link,
            &["connect_nonb", &p, "5"],
            0,
            "connect_nonb 0 nonblock=0\n",
            "",
        );
        server.join().unwrap();

        let refused = free_tcp_port().to_string();
        let out = unp_run(link, &["connect_nonb", &refused, "5"], None, &[]);
        assert!(
            out.stdout
                .starts_with("connect_nonb -1 errno=Connection refused closed="),
            "{link:?} {out:?}"
        );

        let started = Instant::now();
        expect(
            link,
            &["connect_nonb", &full, "1"],
            0,
            "connect_nonb -1 errno=Connection timed out closed=1\n",
            "",
        );
        assert!(started.elapsed() < Duration::from_secs(30), "{link:?}");
    }
}

#[test]
fn connect_timeo_connects_refuses_times_out_and_restores_sigalrm() {
    let (_queue, _fillers, full) = full_listener();
    let full = full.to_string();
    for link in BOTH {
        let (port, server) = one_tcp_client(|_| {});
        let p = port.to_string();
        expect(
            link,
            &["connect_timeo", &p, "5"],
            0,
            "connect_timeo 0 nonblock=0\nhandler restored=1 alarm left=0\n",
            "",
        );
        server.join().unwrap();

        let refused = free_tcp_port().to_string();
        expect(
            link,
            &["connect_timeo", &refused, "5"],
            0,
            "connect_timeo -1 errno=Connection refused closed=1\n\
             handler restored=1 alarm left=0\n",
            "",
        );
        expect(
            link,
            &["connect_timeo", &full, "1"],
            0,
            "connect_timeo -1 errno=Connection timed out closed=1\n\
             handler restored=1 alarm left=0\n",
            "",
        );
        expect_fail(
            link,
            &["fail_misc", "connect_timeo", &refused],
            "connect_timeo error: Connection refused\n",
        );

        // A pending alarm gets a warning (err_msg), and is cancelled.
        let (port, server) = one_tcp_client(|_| {});
        let p = port.to_string();
        expect(
            link,
            &["connect_timeo_alarm", &p],
            0,
            "connect_timeo 0 alarm left=0\n",
            "connect_timeo: alarm was already set\n",
        );
        server.join().unwrap();
    }
}

#[test]
fn readable_and_writable_timeo_report_what_select_says() {
    for link in BOTH {
        expect(
            link,
            &["timeo"],
            0,
            "readable_timeo empty 0\nreadable_timeo data 1 1\nwritable_timeo 1 1\n",
            "",
        );
        expect_fail(
            link,
            &["fail_misc", "readable_timeo"],
            "readable_timeo error: Bad file descriptor\n",
        );
        expect_fail(
            link,
            &["fail_misc", "writable_timeo"],
            "writable_timeo error: Bad file descriptor\n",
        );
    }
}

#[test]
fn daemon_init_detaches_and_switches_errors_to_syslog() {
    for link in BOTH {
        let dir = root().join("target/ctest");
        std::fs::create_dir_all(&dir).unwrap();
        let report = dir.join(format!("unp-daemon-{link:?}-{}.txt", std::process::id()));
        let _ = std::fs::remove_file(&report);
        let out = unp_run(link, &["daemon", report.to_str().unwrap()], None, &[]);
        // The first parent leaves at once with status 0.
        assert_eq!(
            (out.code(), out.stdout.as_str(), out.stderr.as_str()),
            (0, "before\n", "")
        );
        let deadline = Instant::now() + Duration::from_secs(20);
        let text = loop {
            let text = std::fs::read_to_string(&report).unwrap_or_default();
            if text.ends_with('\n') {
                break text;
            }
            assert!(
                Instant::now() < deadline,
                "{link:?}: the daemon wrote nothing"
            );
            std::thread::sleep(Duration::from_millis(10));
        };
        let _ = std::fs::remove_file(&report);
        assert_eq!(
            text,
            "daemon_proc=1 cwd=/ session_leader=0 group_leader=0 fd20_open=0 \
             fd0=/dev/null fd2=/dev/null\n",
            "{link:?}"
        );
    }
}

#[test]
fn read_fd_and_write_fd_pass_a_descriptor() {
    for link in BOTH {
        expect(
            link,
            &["fdpass"],
            0,
            "write_fd 1\nread_fd 1 F passed=1 read 7\nread_fd 1 N recvfd=-1\n\
             write_fd lower 1\nread_fd lower 1 G passed=1\n",
            "",
        );
        expect_fail(
            link,
            &["fail_misc", "read_fd"],
            "read_fd error: Bad file descriptor\n",
        );
        expect_fail(
            link,
            &["fail_misc", "write_fd"],
            "write_fd error: Bad file descriptor\n",
        );
    }
}

#[test]
fn gf_time_tv_sub_and_in_cksum() {
    for link in BOTH {
        expect(
            link,
            &["misc"],
            0,
            "gf_time format=1\ntv_sub 1 999900\ntv_sub 2 100\n\
             in_cksum b8 61\nin_cksum verify 0\nin_cksum odd fe ff\n",
            "",
        );
        // "Valid until the next call", per thread.
        expect(
            link,
            &["gf_time_threads"],
            0,
            "gf_time ok=1,1 own buffers=1\n",
            "",
        );
    }
}

/// This host's IPv4 addresses, as the resolver gives them for its name.
fn host_ipv4_addresses() -> Vec<String> {
    let mut name = [0u8; 256];
    // SAFETY: `name` has room for 256 bytes, gethostname NUL-terminates within.
    let got = unsafe { libc::gethostname(name.as_mut_ptr().cast(), name.len()) };
    assert_eq!(got, 0);
    let end = name.iter().position(|&b| b == 0).unwrap();
    let host = std::str::from_utf8(&name[..end]).unwrap();
    let mut found: Vec<String> = std::net::ToSocketAddrs::to_socket_addrs(&(host, 0))
        .unwrap()
        .filter(|a| a.is_ipv4())
        .map(|a| a.ip().to_string())
        .collect();
    found.sort();
    found.dedup();
    found
}

#[test]
fn my_addrs_lists_the_addresses_of_this_host() {
    let expected = host_ipv4_addresses();
    for link in BOTH {
        let out = unp_run(link, &["my_addrs"], None, &[]);
        assert_eq!(out.code(), 0, "{link:?} {out:?}");
        let mut lines: Vec<&str> = out.stdout.lines().collect();
        assert_eq!(lines.remove(0), "family=AF_INET", "{link:?}");
        let mut got: Vec<String> = lines.iter().map(|s| s.to_string()).collect();
        got.sort();
        got.dedup();
        assert_eq!(got, expected, "{link:?}");
    }
}

#[test]
fn pthread_wrappers_work_and_fail_with_errno_set_to_the_result() {
    let failures = [
        (
            "create",
            "pthread_create error: Resource temporarily unavailable\n",
        ),
        ("join", "pthread_join error: Resource deadlock avoided\n"),
        ("detach", "pthread_detach error: Invalid argument\n"),
        ("kill", "pthread_kill error: Invalid argument\n"),
        (
            "mutexattr_setpshared",
            "pthread_mutexattr_setpshared error: Invalid argument\n",
        ),
        (
            "mutex_lock",
            "pthread_mutex_lock error: Resource deadlock avoided\n",
        ),
        (
            "mutex_unlock",
            "pthread_mutex_unlock error: Operation not permitted\n",
        ),
        (
            "cond_wait",
            "pthread_cond_wait error: Operation not permitted\n",
        ),
        (
            "cond_timedwait",
            "pthread_cond_timedwait error: Connection timed out\n",
        ),
        (
            "key_create",
            "pthread_key_create error: Resource temporarily unavailable\n",
        ),
        (
            "setspecific",
            "pthread_setspecific error: Invalid argument\n",
        ),
        // NULL objects: EINVAL instead of a crash.
        (
            "mutexattr_init",
            "pthread_mutexattr_init error: Invalid argument\n",
        ),
        ("mutex_init", "pthread_mutex_init error: Invalid argument\n"),
        (
            "cond_signal",
            "pthread_cond_signal error: Invalid argument\n",
        ),
        (
            "cond_broadcast",
            "pthread_cond_broadcast error: Invalid argument\n",
        ),
        ("once", "pthread_once error: Invalid argument\n"),
    ];
    for link in BOTH {
        expect(
            link,
            &["pthreads"],
            0,
            "joined 1\njoined 2\njoined 3\nonce=1 destructors=3\nkill detach ok\n",
            "",
        );
        for (name, message) in failures {
            expect_fail(link, &["pthread_fail", name], message);
        }
    }
}

#[test]
fn signal_and_signal_intr_fail_for_sigkill() {
    for link in BOTH {
        expect_fail(
            link,
            &["fail_misc", "signal"],
            "signal error: Invalid argument\n",
        );
        expect_fail(
            link,
            &["fail_misc", "signal_intr"],
            "signal_intr error: Invalid argument\n",
        );
    }
}
