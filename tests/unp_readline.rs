//! readline and Readline of the UNP layer (tests/c/unp/readline.c): the
//! book's return values, but no hidden buffer shared between descriptors or
//! threads, so descriptors do not mix, read() after readline loses nothing,
//! and 8 threads each read their own lines at once.

mod common;
use common::*;

fn readline_driver(link: Link) -> std::path::PathBuf {
    let inc = root().join("include/sockshim/unp");
    build_c_with(
        "unp_readline",
        &["tests/c/unp/readline.c"],
        link,
        &["-I", inc.to_str().unwrap()],
    )
}

/// Runs every case of the driver for `link` and checks each output.
#[test]
fn readline_keeps_the_book_return_values_without_a_shared_buffer() {
    let cases: &[(&str, &str)] = &[
        (
            "book",
            "n=4 [one\\n]\nn=4 [two\\n]\nn=1 [\\n]\nn=7 [partial]\nn=0 []\n\
             n=4 [abc]\nn=1 []\nn=6 [defgh\\n]\nn=3 [ab\\n]\nn=4 [xyz]\nn=1 [\\n]\nn=0 []\n",
        ),
        // The book's single buffer would hand "a2" to the read of b.
        (
            "interleave",
            "n=3 [a1\\n]\nn=3 [b1\\n]\nn=3 [a2\\n]\nn=3 [b2\\n]\n",
        ),
        // Nothing is held back: read() gets the rest, readlinebuf has nothing.
        (
            "mixed",
            "n=6 [line1\\n]\nreadlinebuf 0\nn=16 [rest of the data]\n",
        ),
        // A descriptor number reused after close starts afresh.
        ("reuse", "n=3 [x1\\n]\nsame number=1\nn=3 [y1\\n]\n"),
        ("pipe", "n=3 [p1\\n]\nn=2 [p2]\nn=0 []\n"),
        ("eintr", "n=17 [after the signal\\n]\n"),
        ("error", "n=-1 errno=Bad file descriptor\n"),
        ("threads", "8 threads, 2000 lines each, 0 bad\n"),
    ];
    for link in BOTH {
        let driver = readline_driver(link);
        for (case, expected) in cases {
            let out = run(&driver, &[case], None);
            assert_eq!(
                (out.code(), out.stdout.as_str(), out.stderr.as_str()),
                (0, *expected, ""),
                "{link:?} readline {case}"
            );
        }
    }
}
