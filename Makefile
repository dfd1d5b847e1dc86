# sockshim -- build, test and demo.
#   make         the library (build/lib), sockshim-serve and every example (build/bin)
#   make test    all tests: Rust unit tests, C programs driven on loopback
#   make demo    servers and clients talking, with a readable transcript
#   make bench   connectTCP and HandleTCPClient against raw C loops
#   make header  regenerate include/sockshim.h with cbindgen

CARGO   ?= cargo
CC      ?= cc
CFLAGS  ?= -O2 -Wall -Wextra -Werror
VERSION := $(shell sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n 1)
SOMAJOR := $(firstword $(subst ., ,$(VERSION)))
RELEASE := target/release
OUT     := build
# What a program linked with the static library also needs
# (`cargo rustc -- --print native-static-libs`).
STATIC_LIBS := -lgcc_s -lutil -lrt -lpthread -lm -ldl -lc

.PHONY: all lib examples test demo bench header clean install uninstall

all: lib examples

# The libraries and sockshim-serve.  In the static library the entry points
# written in Rust are made weak, so a program may define its own; the three
# written in C are weak already, and must stay out of objcopy's list, which
# would also weaken the Rust code's references to them (a weak reference does
# not pull shim.o out of the archive, leaving them at address 0).  cargo decides what to rebuild; the
# copies go through a temporary name so a running program never sees a
# half-written file.
lib:
	$(CARGO) build --release
	mkdir -p $(OUT)/lib $(OUT)/bin
	cp $(RELEASE)/sockshim-serve $(OUT)/bin/.tmp.serve
	mv -f $(OUT)/bin/.tmp.serve $(OUT)/bin/sockshim-serve
	cp $(RELEASE)/libsockshim.so $(OUT)/lib/.tmp.so
	mv -f $(OUT)/lib/.tmp.so $(OUT)/lib/libsockshim.so.$(VERSION)
	ln -sf libsockshim.so.$(VERSION) $(OUT)/lib/libsockshim.so.$(SOMAJOR)
	ln -sf libsockshim.so.$(SOMAJOR) $(OUT)/lib/libsockshim.so
	grep -vxE 'errexit|DieWithError|portbase' src/c/overridable.txt > $(OUT)/lib/.weaken.txt
	objcopy --weaken-symbols=$(OUT)/lib/.weaken.txt $(RELEASE)/libsockshim.a $(OUT)/lib/.tmp.a
	rm -f $(OUT)/lib/.weaken.txt
	mv -f $(OUT)/lib/.tmp.a $(OUT)/lib/libsockshim.a

# Example programs and `demo` (mk/examples.mk), install/uninstall
# (mk/install.mk); those files add prerequisites and recipes to these targets.
examples: lib

-include mk/examples.mk
-include mk/install.mk

header:
	$(CARGO) build --release --lib
	cp "$$(ls -t $(RELEASE)/build/sockshim-*/out/sockshim.h | head -n 1)" include/sockshim.h

# The tests set the SOCKSHIM_* knobs they test themselves; none may leak in
# from the caller's environment.
KNOBS := SOCKSHIM_PORTBASE SOCKSHIM_DUALSTACK SOCKSHIM_CONNECT_TIMEOUT_MS \
         SOCKSHIM_REUSEADDR SOCKSHIM_TRACE SOCKSHIM_EXPLAIN

test: all
	env $(addprefix -u ,$(KNOBS)) $(CARGO) test --release

bench: all
	mkdir -p $(OUT)/bench
	$(CC) $(CFLAGS) -pthread -o $(OUT)/bench/bench bench/bench.c -L$(OUT)/lib -lsockshim -Wl,-rpath,$(CURDIR)/$(OUT)/lib
	$(OUT)/bench/bench

clean:
	$(CARGO) clean
	rm -rf $(OUT)
