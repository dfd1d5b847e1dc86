# sockshim -- build, test and demo.
#   make         the library (build/lib), sockshim-serve and every example (build/bin)
#   make test    all tests: Rust unit tests, C programs driven on loopback
#   make demo    servers and clients talking, with a readable transcript
#   make bench   every call form against raw system calls and the textbook helpers
#   make header  regenerate include/sockshim.h with cbindgen
#   make install / uninstall   (mk/install.mk; install never builds)
#   make deb     Debian packages from the built tree (mk/deb.mk)
#   make check-sanitize, check-valgrind, stress, fuzz, check-msrv   see mk/check.mk

CARGO   ?= cargo
CC      ?= cc
CFLAGS  ?= -O2 -Wall -Wextra -Werror
VERSION := $(shell sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n 1)
SOMAJOR := $(firstword $(subst ., ,$(VERSION)))
RELEASE := target/release
OUT     := build
RUSTC   ?= rustc
# What a program linked with the static library also needs: what rustc
# reports for a static library of the standard library (sockshim's own C
# is inside the archive).  Written by `lib`, read by install and the tests.
STATIC_LIBS_FILE := $(OUT)/lib/static-libs.txt
# The oldest Rust that builds sockshim: Cargo.toml's rust-version.
RUST_MIN := $(shell sed -n 's/^rust-version = "\(.*\)"/\1/p' Cargo.toml)
# Said when cargo or rustc is missing or too old (README says the same;
# no single quote in it: the recipe quotes it with them).
TOOLCHAIN_ADVICE := sockshim needs Rust $(RUST_MIN) or newer (cargo and rustc; the Rust packages of Debian 12 are 1.63): install the current stable toolchain with rustup (https://rustup.rs), or update it with `rustup update stable`.

.PHONY: all lib examples test demo bench header clean install uninstall toolchain pkgconfig

all: lib examples pkgconfig

# Fails early, with advice, when cargo or rustc is missing or older than
# RUST_MIN (an old cargo would stop at "edition 2024" in Cargo.toml).
toolchain:
	@for tool in "$(CARGO)" "$(RUSTC)"; do \
	  found=$$($$tool --version 2>/dev/null | sed -n 's/^[a-z]* \([0-9][0-9.]*\).*/\1/p'); \
	  if [ -z "$$found" ]; then \
	    printf 'make: %s not found. %s\n' "$$tool" '$(TOOLCHAIN_ADVICE)' >&2; exit 1; fi; \
	  oldest=$$(printf '%s\n%s\n' "$(RUST_MIN)" "$$found" | sort -V | head -n 1); \
	  if [ "$$oldest" != "$(RUST_MIN)" ]; then \
	    printf 'make: %s is %s. %s\n' "$$tool" "$$found" '$(TOOLCHAIN_ADVICE)' >&2; exit 1; fi; \
	done

# libsockshim.so: every object of the static library, of which the linker
# keeps what the exports of src/c/exports.map reach; the unwinder from GCC's
# static libgcc_eh (as build.rs gives sockshim-serve), so that no
# libgcc_s.so.1 loads at start-up; full RELRO, as rustc links.  Linked here
# rather than by cargo as a cdylib: GNU ld refuses the second version script
# a cdylib would need (rustc writes one of its own), and GNU ld is the
# linker of Rust before 1.90, and of Rust on other architectures.
SHARED_LDFLAGS := -shared -Wl,-soname,libsockshim.so.$(SOMAJOR) \
  -Wl,--version-script=src/c/exports.map -Wl,--gc-sections -Wl,-O1 \
  -Wl,-z,relro,-z,now -Wl,-z,noexecstack -Wl,--eh-frame-hdr -Wl,--strip-debug

# The libraries and sockshim-serve.  The static library carries no debug
# information (it would only make every static link slower).  In it the entry points
# of src/c/overridable.txt that Rust defines (strong, `T`) are made weak, so a
# program may define its own; those written in C are weak already and must
# stay out of objcopy's list, which would also weaken the Rust code's
# references to them (a weak reference does not pull shim.o out of the
# archive, leaving them at address 0).  The book layers' symbols are weak
# trampolines from the start (src/books/mod.rs).  cargo decides what to
# rebuild; the copies go through a temporary name so a running program never
# sees a half-written file.
lib: toolchain
	$(CARGO) build --release
	mkdir -p $(OUT)/lib $(OUT)/bin
	cp $(RELEASE)/sockshim-serve $(OUT)/bin/.tmp.serve
	mv -f $(OUT)/bin/.tmp.serve $(OUT)/bin/sockshim-serve
	echo '' | $(RUSTC) --crate-type staticlib --crate-name probe --print native-static-libs \
	  -o $(OUT)/lib/.probe.a - 2>&1 | sed -n 's/^note: native-static-libs: //p' > $(STATIC_LIBS_FILE).tmp
	rm -f $(OUT)/lib/.probe.a
	test -s $(STATIC_LIBS_FILE).tmp && mv -f $(STATIC_LIBS_FILE).tmp $(STATIC_LIBS_FILE)
	$(CC) $(SHARED_LDFLAGS) -o $(OUT)/lib/.tmp.so \
	  -Wl,--whole-archive $(RELEASE)/libsockshim.a -Wl,--no-whole-archive \
	  -Wl,--as-needed -Wl,-Bstatic -lgcc_eh -Wl,-Bdynamic $$(cat $(STATIC_LIBS_FILE))
	mv -f $(OUT)/lib/.tmp.so $(OUT)/lib/libsockshim.so.$(VERSION)
	ln -sf libsockshim.so.$(VERSION) $(OUT)/lib/libsockshim.so.$(SOMAJOR)
	ln -sf libsockshim.so.$(SOMAJOR) $(OUT)/lib/libsockshim.so
	nm --defined-only $(RELEASE)/libsockshim.a 2>/dev/null | awk '$$2 == "T" { print $$3 }' \
	  | grep -xFf src/c/overridable.txt > $(OUT)/lib/.weaken.txt
	objcopy --strip-debug --weaken-symbols=$(OUT)/lib/.weaken.txt $(RELEASE)/libsockshim.a $(OUT)/lib/.tmp.a
	rm -f $(OUT)/lib/.weaken.txt
	mv -f $(OUT)/lib/.tmp.a $(OUT)/lib/libsockshim.a

# Example programs and `demo` (mk/examples.mk), install/uninstall
# (mk/install.mk); those files add prerequisites and recipes to these targets.
examples: lib

-include mk/examples.mk
-include mk/install.mk
-include mk/deb.mk
-include mk/check.mk

# pkg-config files for the uninstalled tree, as pkg-config defines them:
# build/pkgconfig/<name>-uninstalled.pc for every pkgconfig/<name>.pc.in,
# found before an installed <name>.pc, so that in a checkout
#   PKG_CONFIG_PATH=build/pkgconfig pkg-config --cflags --libs sockshim
# gives -I.../include -L.../build/lib -lsockshim, with the build tree's
# library directory as run path (programs run without LD_LIBRARY_PATH).
UNINSTALLED_PC := $(patsubst pkgconfig/%.pc.in,$(OUT)/pkgconfig/%-uninstalled.pc,$(wildcard pkgconfig/*.pc.in))

pkgconfig: $(UNINSTALLED_PC)

$(OUT)/pkgconfig/%-uninstalled.pc: pkgconfig/%.pc.in Cargo.toml $(wildcard $(STATIC_LIBS_FILE)) | lib
	@mkdir -p $(@D)
	@$(call pc_subst,$(CURDIR),$(CURDIR)/$(OUT)/lib,$(CURDIR)/include) \
	  -e 's|^\(Libs:.*\)$$|\1 -Wl,-rpath,$${libdir}|' $< > $@.tmp
	@mv -f $@.tmp $@

# The header test rewrites include/sockshim.h (cbindgen is a dev-dependency).
header: toolchain
	SOCKSHIM_WRITE_HEADER=1 $(CARGO) test --release --lib header::

# The tests set the SOCKSHIM_* knobs they test themselves; none may leak in
# from the caller's environment, so every SOCKSHIM_* variable is unset.
test: all
	env $$(env | sed -n 's/^\(SOCKSHIM_[A-Za-z0-9_]*\)=.*/-u \1/p') $(CARGO) test --release

# The bench's C programs (bench/*.c), then the harness that runs them and
# prints the README's table (examples/bench.rs).  Each program is linked
# with libsockshim.so or, as its "-o" twin, with the plain-C stand-ins for
# the textbook helper .o files (bench/textbook.c); trivial-static is the
# static link that pkg-config --static describes, stripped.  trivial-installed
# loads libsockshim.so by its path, as an installed library is loaded from
# ld.so.cache: its DT_NEEDED is the path, the soname of a stand-in linked
# against (by-path.so); trivial-so finds it through -rpath, which makes
# glibc probe its hardware-capability subdirectories first.
BENCH      := $(OUT)/bench
BENCH_LINK := -L$(OUT)/lib -lsockshim -Wl,-rpath,$(CURDIR)/$(OUT)/lib
bench: all
	mkdir -p $(BENCH)
	$(CC) $(CFLAGS) -o $(BENCH)/forms bench/forms.c $(BENCH_LINK)
	$(CC) $(CFLAGS) -pthread -o $(BENCH)/programs bench/programs.c $(BENCH_LINK)
	$(CC) $(CFLAGS) -c -o $(BENCH)/textbook.o bench/textbook.c
	$(CC) $(CFLAGS) -o $(BENCH)/trivial-so bench/trivial.c $(BENCH_LINK)
	$(CC) $(CFLAGS) -shared -fPIC -o $(BENCH)/by-path.so bench/textbook.c \
	  -Wl,-soname,$(CURDIR)/$(OUT)/lib/libsockshim.so.$(SOMAJOR)
	$(CC) $(CFLAGS) -o $(BENCH)/trivial-installed bench/trivial.c $(BENCH)/by-path.so
	$(CC) $(CFLAGS) -o $(BENCH)/trivial-o bench/trivial.c $(BENCH)/textbook.o
	$(CC) $(CFLAGS) -o $(BENCH)/forkecho-so bench/forkecho.c $(BENCH_LINK)
	$(CC) $(CFLAGS) -o $(BENCH)/forkecho-o bench/forkecho.c $(BENCH)/textbook.o
	$(CC) $(CFLAGS) -s -o $(BENCH)/trivial-static bench/trivial.c $(OUT)/lib/libsockshim.a \
	  -Wl,--gc-sections $$(cat $(STATIC_LIBS_FILE))
	strip -o $(BENCH)/trivial-o.stripped $(BENCH)/trivial-o
	$(CARGO) run --release --quiet --example bench -- $(BENCH)

clean:
	$(CARGO) clean
	rm -rf $(OUT)
