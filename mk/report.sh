#!/bin/sh
# mk/report.sh KIND DIR -- the verdict of `make check-sanitize` (KIND
# sanitize: ASan/UBSan/LSan reports, one file per reporting process) or
# `make check-valgrind` (KIND valgrind: one log per process, empty when
# clean).  Prints every report, says how many name sockshim (libsockshim,
# a sockshim_ symbol or a Rust sockshim:: frame), and fails when there is
# any.  A sanitizer file without "ERROR:", "runtime error:" or "SUMMARY:"
# holds only the runtime's own notices (LeakSanitizer's "Unable to get
# registers from thread N" when a thread ends while it stops them, and
# "failed to allocate 0xffffffffffffffff bytes" when a test asks malloc for
# the impossible, which then returns NULL as the C library's would): shown,
# not counted.
kind=$1
dir=$2
logs=$(find "$dir" -type f | wc -l)
errors=0
ours=0
notices=0
for f in $(find "$dir" -type f -size +0 | sort); do
    if [ "$kind" = sanitize ] && ! grep -q -e 'ERROR:' -e 'runtime error:' -e 'SUMMARY:' "$f"; then
        notices=$((notices + 1))
        echo "--- notice, not an error: $f"
        cat "$f"
        continue
    fi
    errors=$((errors + 1))
    echo "=== $f"
    cat "$f"
    if grep -q -e 'libsockshim' -e 'sockshim::' -e 'sockshim_' "$f"; then
        ours=$((ours + 1))
    fi
done
if [ "$kind" = valgrind ]; then
    what="$logs processes run under valgrind"
else
    what="sanitized programs ($notices runtime notices)"
fi
echo "check-$kind: $errors processes with errors, $ours of them in sockshim's code, in $what"
[ "$errors" -eq 0 ]
