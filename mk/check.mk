# mk/check.mk -- the checks beyond `make test`, included by the top Makefile
# (which provides CARGO, OUT, CURDIR and the `all` target).
#
#   make check-sanitize  the C examples and the C test programs built with
#                        -fsanitize=address,undefined, through the
#                        integration tests; any sanitizer report fails it
#   make check-valgrind  memcheck on the examples (servers and clients) and
#                        helgrind on the threaded servers with concurrent
#                        clients; any error valgrind reports fails it
#   make stress          1000 clients x 1 MiB at once against every
#                        concurrent example server and sockshim-serve
#                        (STRESS_CLIENTS, STRESS_BYTES), a table of results
#   make fuzz            every fuzz target for FUZZ_SECONDS each (fuzz/)
#   make check-msrv      the library built with the oldest Rust that
#                        Cargo.toml's rust-version names, and a program
#                        linked against it
#
# The tests read SHIMTEST_* variables (tests/common/mod.rs) to find the
# instrumented programs and to run programs under valgrind.  Like `make
# test`, every check runs with no SOCKSHIM_* variable from the caller.

.PHONY: check-sanitize check-valgrind stress fuzz check-msrv

UNSET_KNOBS = $$(env | sed -n 's/^\(SOCKSHIM_[A-Za-z0-9_]*\)=.*/-u \1/p')

# --- sanitizers ----------------------------------------------------------
# clang (with Debian's libclang-rt-14-dev) or gcc (libasan, libubsan).
SANITIZE_CC    ?= clang
SANITIZE_FLAGS := -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined \
                  -fno-sanitize-recover=undefined
SANITIZE_OUT   := $(OUT)/sanitize
SANITIZE_LOGS  := $(CURDIR)/$(SANITIZE_OUT)/logs
# The integration scenarios that run C programs: the examples (exact
# output, 100 concurrent clients, faults, bursts) and the test programs
# (not the check that make linked the examples with build/lib's run path:
# these are linked with build/sanitize/lib's; not tests/fork.rs: clang 14's
# ASan allocator is not fork-safe, a child forked while another thread is
# in malloc waits for ever in the allocator, sockshim or not).
SANITIZE_TESTS ?= --test examples --test practical_examples --test faults --test edges \
                  --test comer --test donahoo --test api --test threads \
                  --test knobs --test overrides \
                  --test unp_examples --test unp_readline --test unp_overrides \
                  --test csapp_examples --test csapp --test csapp_rio --test practical \
                  -- --skip make_built_every_example_against_the_shared_library

check-sanitize: all
	rm -rf $(SANITIZE_LOGS)
	mkdir -p $(SANITIZE_LOGS)
	$(MAKE) --no-print-directory examples OUT=$(SANITIZE_OUT) EXAMPLE_CC=$(SANITIZE_CC) \
	  EXAMPLE_CFLAGS="$(SANITIZE_FLAGS) -Wall -Wextra -Werror"
	env $(UNSET_KNOBS) CC=$(SANITIZE_CC) SHIMTEST_FLAVOR=sanitize \
	  SHIMTEST_BIN_DIR=$(CURDIR)/$(SANITIZE_OUT)/bin SHIMTEST_CFLAGS="$(SANITIZE_FLAGS)" \
	  ASAN_OPTIONS=log_path=$(SANITIZE_LOGS)/asan:detect_leaks=1:strict_string_checks=1:allocator_may_return_null=1 \
	  UBSAN_OPTIONS=log_path=$(SANITIZE_LOGS)/ubsan:print_stacktrace=1 \
	  $(CARGO) test --release $(SANITIZE_TESTS); \
	  tests=$$?; \
	  sh mk/report.sh sanitize $(SANITIZE_LOGS) && [ $$tests = 0 ]

# --- valgrind ------------------------------------------------------------
# Errors go to one log per process (servers are killed, so valgrind's exit
# status cannot carry them); mk/report.sh reads them all.  mk/valgrind.supp
# holds the suppressions, each for something outside sockshim, with why.
VALGRIND_LOGS := $(CURDIR)/$(OUT)/valgrind
VALGRIND      := valgrind -q --suppressions=$(CURDIR)/mk/valgrind.supp --num-callers=30
MEMCHECK      := $(VALGRIND) --tool=memcheck --leak-check=full --show-leak-kinds=definite \
                 --errors-for-leak-kinds=definite --log-file=$(VALGRIND_LOGS)/memcheck.%p.log
HELGRIND      := $(VALGRIND) --tool=helgrind --log-file=$(VALGRIND_LOGS)/helgrind.%p.log
# memcheck: every example server driven by its clients, with exact output
# (not the 100-client runs: helgrind below covers the threaded servers).
MEMCHECK_TESTS  ?= --test examples --test practical_examples --test unp_examples \
                   --test csapp_examples -- --skip concurrent --skip _100_clients \
                   --skip serves_many_clients
# helgrind: the threaded servers (and the select servers) under 100
# concurrent clients.
HELGRIND_TESTS  ?= --test examples --test practical_examples --test unp_examples \
                   --test csapp_examples -- tcpmtechod_serves tcpechoserver_thread_serves \
                   thread_server_serves thread_based_server prethreaded_server \
                   the_threaded_echo_server

check-valgrind: all
	rm -rf $(VALGRIND_LOGS)
	mkdir -p $(VALGRIND_LOGS)
	env $(UNSET_KNOBS) SHIMTEST_WRAPPER="$(MEMCHECK)" $(CARGO) test --release $(MEMCHECK_TESTS); \
	  memcheck=$$?; \
	  env $(UNSET_KNOBS) SHIMTEST_WRAPPER="$(HELGRIND)" $(CARGO) test --release $(HELGRIND_TESTS); \
	  helgrind=$$?; \
	  sh mk/report.sh valgrind $(VALGRIND_LOGS) && [ $$memcheck = 0 ] && [ $$helgrind = 0 ]

# --- load ------------------------------------------------------------------
# examples/stress.rs; CI runs a smaller one (200 clients x 256 KiB).
STRESS_CLIENTS ?= 1000
STRESS_BYTES   ?= 1048576

stress: all
	env $(UNSET_KNOBS) $(CARGO) run --release --quiet --example stress -- \
	  --clients $(STRESS_CLIENTS) --bytes $(STRESS_BYTES)

# --- fuzzing ---------------------------------------------------------------
# fuzz/ is a crate of its own (cargo-fuzz layout), built only here; see
# fuzz/README.md.  CI runs each target for 30 s.
FUZZ_SECONDS ?= 60

fuzz:
	sh fuzz/run.sh $(FUZZ_SECONDS)

# --- the oldest Rust -------------------------------------------------------
# rust-version is a promise (README, `make`'s check): the library builds
# with that toolchain (rustup installs it when missing; its rustc links Rust
# programs with GNU ld, as Rust on other architectures does), in a build and
# target directory of its own, and a program linked against it runs.
MSRV_OUT := $(OUT)/msrv

check-msrv:
	rustup run $(RUST_MIN) cargo --version >/dev/null 2>&1 \
	  || rustup toolchain install $(RUST_MIN) --profile minimal
	env CARGO_TARGET_DIR=$(CURDIR)/$(MSRV_OUT)/target rustup run $(RUST_MIN) \
	  $(MAKE) --no-print-directory lib OUT=$(MSRV_OUT) RELEASE=$(MSRV_OUT)/target/release
	$(CC) $(CFLAGS) -Iinclude -o $(MSRV_OUT)/version tests/c/version.c \
	  -L$(MSRV_OUT)/lib -lsockshim -Wl,-rpath,$(CURDIR)/$(MSRV_OUT)/lib
	$(MSRV_OUT)/version | grep -qx '$(VERSION) $(VERSION) $(VERSION)'
	@echo "check-msrv: the library builds with Rust $(RUST_MIN) and links"
