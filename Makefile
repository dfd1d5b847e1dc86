# sockshim -- build, test and demo.
#   make         the library (build/lib) and every example program (build/bin)
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

.PHONY: all lib examples test demo bench header clean

all: lib examples

# cargo decides what to rebuild; the copies go through a temporary name so a
# running program never sees a half-written library.
lib:
	$(CARGO) build --release --lib
	mkdir -p $(OUT)/lib
	cp $(RELEASE)/libsockshim.so $(OUT)/lib/.tmp.so
	mv -f $(OUT)/lib/.tmp.so $(OUT)/lib/libsockshim.so.$(VERSION)
	ln -sf libsockshim.so.$(VERSION) $(OUT)/lib/libsockshim.so.$(SOMAJOR)
	ln -sf libsockshim.so.$(SOMAJOR) $(OUT)/lib/libsockshim.so
	objcopy --weaken-symbols=src/c/overridable.txt $(RELEASE)/libsockshim.a $(OUT)/lib/.tmp.a
	mv -f $(OUT)/lib/.tmp.a $(OUT)/lib/libsockshim.a

examples: lib

header:
	$(CARGO) build --release --lib
	cp "$$(ls -t $(RELEASE)/build/sockshim-*/out/sockshim.h | head -n 1)" include/sockshim.h

test: all
	$(CARGO) test --release

bench: all
	mkdir -p $(OUT)/bench
	$(CC) $(CFLAGS) -pthread -o $(OUT)/bench/bench bench/bench.c -L$(OUT)/lib -lsockshim -Wl,-rpath,$(CURDIR)/$(OUT)/lib
	$(OUT)/bench/bench

clean:
	$(CARGO) clean
	rm -rf $(OUT)
