//! Behaviour the book's text and programs depend on, kept on purpose.  Each
//! test would fail if the quirk were "fixed".

use crate::common::*;
use crate::{expect, expect_fail, unp_run, unp_server};
use std::net::TcpStream;
use std::os::unix::process::ExitStatusExt;
use std::time::Duration;

#[test]
fn signal_restarts_every_signal_but_sigalrm_and_signal_intr_none() {
    for link in BOTH {
        expect(
            link,
            &["signal_flags"],
            0,
            "Signal returns old: 1 1\n\
             SA_RESTART: SIGUSR2=1 SIGCHLD=1 SIGALRM=0 Signal_intr(SIGUSR1)=0\n\
             mask empty=1 handler=1\n\
             signal_intr returns old: 1\n",
            "",
        );
        // What that means for a read() that is blocked when the signal comes.
        for sig in ["USR1", "CHLD"] {
            expect(
                link,
                &["signal_restart", sig],
                0,
                "read restarted, got data, handler ran=1\n",
                "",
            );
        }
        expect(
            link,
            &["signal_restart", "ALRM"],
            0,
            "read interrupted, handler ran=1\n",
            "",
        );
        expect(
            link,
            &["signal_intr_restart"],
            0,
            "read interrupted, handler ran=1\n",
            "",
        );
    }
}

#[test]
fn select_and_accept_die_when_a_signal_interrupts_them() {
    for link in BOTH {
        // (Were EINTR retried, the driver would say so after 3 alarms.)
        expect_fail(
            link,
            &["select_eintr"],
            "select error: Interrupted system call\n",
        );
        expect_fail(
            link,
            &["accept_eintr"],
            "accept error: Interrupted system call\n",
        );
    }
}

#[test]
fn accept_retries_econnaborted_and_eproto_only() {
    for link in BOTH {
        // The driver's own accept() fails with these first (see call_misc.c).
        expect(
            link,
            &["accept_retry", "ECONNABORTED", "EPROTO", "ECONNABORTED"],
            0,
            "accepted=1 after 4 accept() calls\n",
            "",
        );
        expect(
            link,
            &["accept_retry"],
            0,
            "accepted=1 after 1 accept() calls\n",
            "",
        );
        expect_fail(
            link,
            &["accept_retry", "EINTR"],
            "accept error: Interrupted system call\n",
        );
        expect_fail(
            link,
            &["accept_retry", "ECONNRESET"],
            "accept error: Connection reset by peer\n",
        );
    }
}

#[test]
fn write_and_writen_still_raise_sigpipe() {
    for link in BOTH {
        // With a handler: the handler runs, then the write fails with EPIPE.
        expect(
            link,
            &["sigpipe", "Write", "handler"],
            1,
            "SIGPIPE received\n",
            "write error: Broken pipe\n",
        );
        expect(
            link,
            &["sigpipe", "Writen", "handler"],
            1,
            "SIGPIPE received\n",
            "writen error: Broken pipe\n",
        );
        // Without one, SIGPIPE kills the program, as in the book.
        for wrapper in ["Write", "Writen"] {
            let out = unp_run(link, &["sigpipe", wrapper, "default"], None, &[]);
            assert_eq!(
                out.status.signal(),
                Some(libc::SIGPIPE),
                "{link:?} {wrapper} {out:?}"
            );
        }
    }
}

/// How many connections a listener that never accepts takes before SYNs
/// are dropped (each attempt bounded; at most 8 tried).
fn queue_capacity(port: u16) -> usize {
    let mut kept = Vec::new();
    for _ in 0..8 {
        match TcpStream::connect_timeout(&([127, 0, 0, 1], port).into(), Duration::from_millis(500))
        {
            Ok(stream) => kept.push(stream),
            Err(_) => break,
        }
    }
    kept.len()
}

#[test]
fn listenq_in_the_environment_replaces_the_backlog() {
    for link in BOTH {
        for how in ["listen", "tcp_listen"] {
            // LISTEN(fd, LISTENQ) with LISTENQ=1: two pending connections fit
            // (the kernel takes backlog + 1), the third SYN is dropped.
            let port = free_tcp_port();
            let p = port.to_string();
            let server = unp_server(link, &["backlog", how, &p], &[("LISTENQ", "1")]);
            let small = queue_capacity(port);
            drop(server);
            assert!(small <= 3, "{link:?} {how}: {small} connections queued");

            // Without it, the backlog (1024) takes all 8.
            let port = free_tcp_port();
            let p = port.to_string();
            let server = unp_server(link, &["backlog", how, &p], &[]);
            let large = queue_capacity(port);
            drop(server);
            assert_eq!(large, 8, "{link:?} {how}");
        }
    }
}
