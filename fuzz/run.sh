#!/bin/sh
# fuzz/run.sh [SECONDS] [TARGET...] -- builds the fuzz targets as cargo fuzz
# would (libFuzzer, AddressSanitizer, coverage instrumentation; stable rustc
# with RUSTC_BOOTSTRAP=1) and runs each for SECONDS (default 60).  Without
# TARGET names, every [[bin]] of fuzz/Cargo.toml.  Each run starts from
# fuzz/seeds/<target> and keeps what it finds in fuzz/corpus/<target>; a
# crash leaves its input in fuzz/artifacts/<target>/ and fails the run.
# `cargo fuzz run <target>` works on the same layout too.
set -eu
cd "$(dirname "$0")"
seconds=${1:-60}
[ $# -gt 0 ] && shift
targets=${*:-$(sed -n 's/^name = "\(.*\)"/\1/p' Cargo.toml | grep -v '^sockshim-fuzz$')}
host=$(rustc -vV | sed -n 's/^host: //p')

RUSTC_BOOTSTRAP=1 RUSTFLAGS="-Cpasses=sancov-module \
 -Cllvm-args=-sanitizer-coverage-level=4 \
 -Cllvm-args=-sanitizer-coverage-inline-8bit-counters \
 -Cllvm-args=-sanitizer-coverage-pc-table \
 -Cllvm-args=-sanitizer-coverage-trace-compares \
 --cfg fuzzing -Zsanitizer=address -Cdebug-assertions -Coverflow-checks" \
    cargo build --release --target "$host" --bins

total=0
for target in $targets; do
    mkdir -p "corpus/$target" "artifacts/$target" "seeds/$target"
    log="artifacts/$target/run.log"
    echo "fuzz: $target for ${seconds}s"
    if ! ASAN_OPTIONS=detect_odr_violation=0:detect_leaks=1 \
        "target/$host/release/$target" -max_total_time="$seconds" -print_final_stats=1 \
        -artifact_prefix="artifacts/$target/" "corpus/$target" "seeds/$target" >"$log" 2>&1; then
        tail -50 "$log"
        echo "fuzz: $target FAILED (input in fuzz/artifacts/$target/)"
        exit 1
    fi
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    echo "fuzz: $target ok: ${runs:-?} executions, $(ls "corpus/$target" | wc -l) corpus entries"
    total=$((total + ${runs:-0}))
done
echo "fuzz: $total executions in all, no crash"
