//! Fork safety, as README and sockshim(7) state it: a child forked while
//! other threads resolve "localhost" and numeric hosts through the library
//! (every layer's path) resolves the same names itself and exits; none
//! hangs on a lock another thread held at the fork.  (Names that reach the
//! C library's resolver are not covered: glibc's own state decides there.)

mod common;
use common::*;

#[test]
fn a_thousand_children_forked_while_four_threads_resolve_all_resolve_and_exit() {
    let program = build_c_with(
        "fork_resolve",
        &["tests/c/fork_resolve.c"],
        Link::Shared,
        &[],
    );
    // A child that has not exited 10 s after its fork is killed by its own
    // alarm and counted as hung.
    let out = run(&program, &["1000", "4", "10"], None);
    assert_eq!(
        (out.code(), out.stdout.as_str(), out.stderr.as_str()),
        (0, "forks=1000 hung=0 failed=0\n", ""),
        "{out:?}"
    );
}
