# mk/examples.mk -- the example programs of c-examples/ and `make demo`.
# Included by the top Makefile, which provides CC, CFLAGS, OUT and CARGO and
# declares `examples: lib` (phony) and `all: lib examples`.
#
# Every c-examples/<dir>/<Name>.c becomes $(OUT)/bin/<Name>, linked against
# the shared library in $(OUT)/lib, whose absolute path is recorded as the
# run path: the programs run from anywhere without LD_LIBRARY_PATH.

EXAMPLE_DIRS := comer donahoo lecture unp
EXAMPLE_SRCS := $(sort $(wildcard $(EXAMPLE_DIRS:%=c-examples/%/*.c)))
EXAMPLE_BINS := $(addprefix $(OUT)/bin/,$(basename $(notdir $(EXAMPLE_SRCS))))
EXAMPLE_LIB  := $(abspath $(OUT)/lib)
EXAMPLE_LINK := -L$(EXAMPLE_LIB) -lsockshim -Wl,-rpath,$(EXAMPLE_LIB)

# Only the threaded servers need -pthread.
$(OUT)/bin/TCPmtechod $(OUT)/bin/TCPEchoServer-Thread: EXAMPLE_PTHREAD := -pthread

# Per-directory flags and header prerequisites: the UNP programs include
# "unp.h" (include/sockshim/unp, as pkg-config sockshim-unp gives it) and
# are built as the book builds them, with -D_REENTRANT and the threads library.
EXAMPLE_FLAGS_unp := -Iinclude/sockshim/unp -D_REENTRANT -pthread
EXAMPLE_DEPS_unp  := include/sockshim/label.h include/sockshim/unp/unp.h include/sockshim/unp/unpthread.h

examples: $(EXAMPLE_BINS)

# `lib` is order-only: it must have run before a program is linked, but a
# rebuilt shared library does not make the programs out of date.  The
# compiler writes to a temporary name first, so a program that is running
# (a test, the demo) never sees a half-written file.
define EXAMPLE_RULE
$(OUT)/bin/%: c-examples/$(1)/%.c include/sockshim.h $(EXAMPLE_DEPS_$(1)) | lib $(OUT)/bin
	@echo "  CC      $$@"
	@$$(CC) $$(CFLAGS) $$(EXAMPLE_PTHREAD) $(EXAMPLE_FLAGS_$(1)) -Iinclude -o $$@.tmp $$< $$(EXAMPLE_LINK)
	@mv -f $$@.tmp $$@
endef
$(foreach dir,$(EXAMPLE_DIRS),$(eval $(call EXAMPLE_RULE,$(dir))))

$(OUT)/bin:
	@mkdir -p $@

# The transcript of servers and clients talking (examples/demo.rs): free
# high ports, no root, every server stopped at the end.
demo: all
	@$(CARGO) run --release --quiet --example demo -- $(OUT)/bin
