//! err_sys, err_quit, err_ret, err_msg, err_dump (src/c/unp.c): the book's
//! format, stream, flush order, exit status, 4095-character limit and the
//! syslog path once a program is a daemon.

use crate::common::*;
use crate::{expect, unp_run};
use std::os::unix::process::ExitStatusExt;

#[test]
fn each_error_function_prints_the_book_line_and_exits_or_returns() {
    for link in BOTH {
        expect(
            link,
            &["err_sys"],
            1,
            "",
            "err_sys 42 text: Connection refused\n",
        );
        expect(link, &["err_quit"], 1, "", "err_quit 7\n");
        expect(link, &["err_ret"], 0, "after\n", "err_ret x: Broken pipe\n");
        expect(link, &["err_msg"], 0, "after\n", "err_msg 100%\n");
        // A NULL format would crash the original; here it is text.
        expect(link, &["err_null"], 0, "after\n", "(null)\n");
    }
}

#[test]
fn err_dump_prints_then_aborts() {
    for link in BOTH {
        let out = unp_run(link, &["err_dump"], None, &[]);
        assert_eq!(
            out.stderr, "err_dump now: Bad file descriptor\n",
            "{link:?}"
        );
        assert_eq!(out.status.signal(), Some(libc::SIGABRT), "{link:?} {out:?}");
    }
}

#[test]
fn stdout_is_flushed_before_the_error_line_and_errno_is_saved_first() {
    for link in BOTH {
        // stdout and stderr on one pipe: the pending stdout line comes first.
        expect(
            link,
            &["err_order"],
            1,
            "stdout first\nthen stderr: No such file or directory\n",
            "",
        );
        // The flush of stdout fails (EBADF) inside err_sys: the message still
        // carries the caller's errno.
        expect(
            link,
            &["err_errno_first"],
            1,
            "",
            "saved: Connection reset by peer\n",
        );
    }
}

#[test]
fn messages_are_cut_at_4095_characters_before_the_newline() {
    let x = |n: usize| "x".repeat(n);
    for link in BOTH {
        expect(
            link,
            &["err_long", "quit", "5000"],
            1,
            "",
            &(x(4095) + "\n"),
        );
        expect(
            link,
            &["err_long", "quit", "4095"],
            1,
            "",
            &(x(4095) + "\n"),
        );
        expect(
            link,
            &["err_long", "quit", "4094"],
            1,
            "",
            &(x(4094) + "\n"),
        );
        // No room left for the errno text at all ...
        expect(link, &["err_long", "sys", "5000"], 1, "", &(x(4095) + "\n"));
        // ... or room for part of it.
        expect(
            link,
            &["err_long", "sys", "4090"],
            1,
            "",
            &(x(4090) + ": Con\n"),
        );
    }
}

#[test]
fn a_daemon_logs_to_syslog_with_the_message_as_text() {
    for link in BOTH {
        // LOG_PERROR makes syslog() copy the message to stderr: "%s %d %n"
        // would crash if the message were used as a format.
        expect(
            link,
            &["syslog_msg"],
            0,
            "daemon_proc=1\n",
            "unpcall: 100%s %d %n done\n",
        );
        expect(
            link,
            &["syslog_sys"],
            1,
            "",
            "unpcall: syslog sys: Broken pipe\n",
        );
        // Without LOG_PERROR nothing reaches stderr.
        expect(link, &["syslog_quiet"], 0, "daemon_proc=1\n", "");
    }
}
