//! Rio, the CS:APP robust I/O package, with the shared and the static
//! library: the rio_t the program allocates (size, offsets, the library
//! filling it), rio_readlineb and rio_readnb over a pipe and over a socket
//! (lines longer than the buffer, truncation, maxlen 1, end of file in the
//! middle of a line, line and block reads interleaved on one rio_t), the
//! unbuffered functions, EINTR, and the wrappers' failures.  The expected
//! results come from a model of the book's semantics, which do not depend on
//! how the bytes arrive.  Driver: tests/c/csapp/csapp_rio.c.

mod common;
mod csapp_util;
use common::*;
use csapp_util::*;
use std::io::Write;
use std::net::TcpListener;
use std::os::unix::process::ExitStatusExt;
use std::time::Duration;

/// The driver's rendering of bytes: \n, \\ and non-printable bytes escaped.
fn shown(bytes: &[u8]) -> String {
    let mut text = String::from("\"");
    for &b in bytes {
        match b {
            b'\n' => text.push_str("\\n"),
            b'\\' => text.push_str("\\\\"),
            32..=126 => text.push(b as char),
            _ => text.push_str(&format!("\\x{b:02x}")),
        }
    }
    text.push('"');
    text
}

/// What the driver prints for `ops` applied to `input` through one rio_t,
/// by the book's rules: lN stores up to N-1 bytes through the first
/// newline and NUL-terminates (0 and nothing stored at end of file; N = 1
/// stores just the NUL); bN returns min(N, what is left).
fn expected(input: &[u8], ops: &[String]) -> String {
    let mut pos = 0;
    let mut out = String::new();
    for op in ops {
        let size: usize = op[1..].parse().unwrap();
        let rest = &input[pos..];
        if op.starts_with('l') {
            assert!(size >= 1);
            let limit = (size - 1).min(rest.len());
            let take = rest[..limit]
                .iter()
                .position(|&b| b == b'\n')
                .map_or(limit, |i| i + 1);
            let at_eof = rest.is_empty() && size > 1;
            out.push_str(&format!(
                "{op} {take} {} nul={}\n",
                shown(&rest[..take]),
                u8::from(!at_eof)
            ));
            pos += take;
        } else {
            let take = size.min(rest.len());
            out.push_str(&format!("{op} {take} {}\n", shown(&rest[..take])));
            pos += take;
        }
    }
    out
}

/// Runs the ops on `input` through a pipe (stdin) and through a socket
/// (written in uneven pieces), with both libraries.
fn check_ops(input: &[u8], ops: &[String]) {
    let want = expected(input, ops);
    for link in BOTH {
        let mut args = vec!["ops", "-"];
        args.extend(ops.iter().map(String::as_str));
        let out = run(&csapp_rio(link), &args, Some(input));
        expect_success(&out, &want, &format!("{link:?} pipe {ops:?}"));

        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port().to_string();
        let data = input.to_vec();
        let writer = std::thread::spawn(move || {
            let (mut stream, _) = listener.accept().unwrap();
            let mut rest = &data[..];
            for size in [1, 7, 8191, 2, 8193, 100, 5000].iter().cycle() {
                if rest.is_empty() {
                    break;
                }
                let n = (*size).min(rest.len());
                // The driver may stop reading before the end (its ops are
                // done): what it printed is what the test checks.
                if stream.write_all(&rest[..n]).is_err() {
                    break;
                }
                rest = &rest[n..];
                std::thread::sleep(Duration::from_millis(1));
            }
        });
        args[1] = &port;
        let out = run(&csapp_rio(link), &args, None);
        writer.join().unwrap();
        expect_success(&out, &want, &format!("{link:?} socket {ops:?}"));
    }
}

fn ops(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

#[test]
fn rio_t_is_the_books_layout_and_the_library_fills_the_programs_own() {
    if cfg!(not(target_pointer_width = "64")) {
        return;
    }
    for link in BOTH {
        let out = run(&csapp_rio(link), &["layout"], Some(b"ab\ncd\n"));
        expect_success(
            &out,
            "sizeof=8208 rio_fd=0 rio_cnt=4 rio_bufptr=8 rio_buf=16\n\
             line 3 cnt=3 next=3 buffered=\"ab\\ncd\\n\"\n\
             embedded guard=feedf00d cnt=8191\n",
            &format!("{link:?}"),
        );
    }
}

#[test]
fn line_and_block_reads_interleave_on_one_rio_t() {
    check_ops(
        b"line1\nBLOCKDATAline2\nabc",
        &ops(&["l100", "b9", "l8", "l3", "l1", "b10", "l10", "b4"]),
    );
}

#[test]
fn lines_longer_than_the_buffer_and_than_maxlen() {
    let mut input = vec![b'x'; 20000];
    input.push(b'\n');
    input.extend(std::iter::repeat_n(b'y', 9000));
    input.push(b'\n');
    input.extend_from_slice(b"end\n");
    check_ops(
        &input,
        &ops(&["l30000", "l4096", "l8192", "l8192", "l2", "l2", "l2", "l10"]),
    );
}

#[test]
fn end_of_file_in_the_middle_of_a_line() {
    check_ops(
        b"first\npartial line without newline",
        &ops(&["l100", "l100", "l100", "b5"]),
    );
    check_ops(b"abcdef", &ops(&["b4", "l100", "l100"]));
}

#[test]
fn mixed_reads_of_binary_data_match_the_model() {
    // Random bytes (NULs included) with a newline every ~40 bytes.
    let mut input = random_bytes(60000, 7);
    for (i, b) in input.iter_mut().enumerate() {
        if i % 41 == 40 {
            *b = b'\n';
        }
    }
    let sizes = [3, 100, 1, 8192, 64, 9000, 2, 40, 41, 42, 20000];
    let list: Vec<String> = (0..40)
        .map(|i| {
            let kind = if i % 3 == 1 { 'b' } else { 'l' };
            format!("{kind}{}", sizes[i % sizes.len()])
        })
        .collect();
    check_ops(&input, &list);
}

#[test]
fn unbuffered_readn_and_writen() {
    for link in BOTH {
        let out = run(&csapp_rio(link), &["readn", "10"], Some(b"0123456789abc"));
        expect_success(
            &out,
            "rio_readn 5 \"01234\" Rio_readn 5 \"56789\"\n",
            "readn",
        );
        let out = run(&csapp_rio(link), &["readn", "10"], Some(b"abc"));
        expect_success(&out, "rio_readn 3 \"abc\" Rio_readn 0 \"\"\n", "short");

        let out = run(&csapp_rio(link), &["writen", "1000000"], None);
        assert_eq!((out.code(), out.stderr.as_str()), (0, ""), "{link:?}");
        let want: String = (0..1_000_000u32)
            .map(|i| (b'a' + (i % 26) as u8) as char)
            .collect();
        assert!(out.stdout == want, "{link:?}: writen output differs");
    }
}

#[test]
fn a_read_interrupted_by_a_signal_is_retried() {
    for link in BOTH {
        let out = run(&csapp_rio(link), &["eintr"], None);
        expect_success(
            &out,
            "eintr 17 \"after the signal\\n\"\n",
            &format!("{link:?}"),
        );
    }
}

#[test]
fn failures_return_minus_1_or_print_the_wrappers_message() {
    for link in BOTH {
        let out = run(&csapp_rio(link), &["lower-fail"], None);
        expect_success(
            &out,
            "rio_readn -1 rio_writen -1 rio_readnb -1 rio_readlineb -1\n",
            "lower-case",
        );
        for func in ["Rio_readn", "Rio_writen", "Rio_readnb", "Rio_readlineb"] {
            let out = run(&csapp_rio(link), &[&format!("{func}-fail")], None);
            expect_book_failure(
                &out,
                &format!("{func} error: Bad file descriptor\n"),
                &format!("{link:?} {func}"),
            );
        }
        // A socket whose peer is gone ends that connection, not the
        // program: no SIGPIPE, no "Rio_writen error", the program goes on
        // (the book's csapp.c died of SIGPIPE, or exited on EPIPE).
        for how in ["epipe", "sigpipe"] {
            let out = run(&csapp_rio(link), &[how], None);
            assert_eq!(
                (out.code(), out.stdout.as_str(), out.stderr.as_str()),
                (9, "returned\n", ""),
                "{link:?} {how}"
            );
        }
        // A pipe nobody reads behaves as write(2) does, as in the book.
        let out = run(&csapp_rio(link), &["pipe-epipe"], None);
        expect_book_failure(&out, "Rio_writen error: Broken pipe\n", "pipe EPIPE");
        let out = run(&csapp_rio(link), &["pipe-sigpipe"], None);
        assert_eq!(out.status.signal(), Some(libc::SIGPIPE), "{link:?} {out:?}");
    }
}
