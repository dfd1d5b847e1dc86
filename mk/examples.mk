# mk/examples.mk -- the example programs of c-examples/ and `make demo`.
# Included by the top Makefile, which provides CC, CFLAGS, OUT and CARGO and
# declares `examples: lib` (phony) and `all: lib examples`.
#
# Every c-examples/<dir>/<Name>.c becomes $(OUT)/bin/<Name>, linked against
# the shared library in $(OUT)/lib, whose absolute path is recorded as the
# run path: the programs run from anywhere without LD_LIBRARY_PATH.

EXAMPLE_DIRS := comer donahoo lecture csapp
EXAMPLE_SRCS := $(sort $(wildcard $(EXAMPLE_DIRS:%=c-examples/%/*.c)))
EXAMPLE_BINS := $(addprefix $(OUT)/bin/,$(basename $(notdir $(EXAMPLE_SRCS))))
EXAMPLE_LIB  := $(abspath $(OUT)/lib)
EXAMPLE_LINK := -L$(EXAMPLE_LIB) -lsockshim -Wl,-rpath,$(EXAMPLE_LIB)

# A book layer's programs include its header ("csapp.h") from its directory.
EXAMPLE_INC_csapp := -Iinclude/sockshim/csapp
EXAMPLE_DEPS_csapp := include/sockshim/csapp/csapp.h include/sockshim/label.h

# Only the threaded servers need -pthread.
$(OUT)/bin/TCPmtechod $(OUT)/bin/TCPEchoServer-Thread: EXAMPLE_PTHREAD := -pthread

examples: $(EXAMPLE_BINS)

# `lib` is order-only: it must have run before a program is linked, but a
# rebuilt shared library does not make the programs out of date.  The
# compiler writes to a temporary name first, so a program that is running
# (a test, the demo) never sees a half-written file.
define EXAMPLE_RULE
$(OUT)/bin/%: c-examples/$(1)/%.c include/sockshim.h $$(EXAMPLE_DEPS_$(1)) | lib $(OUT)/bin
	@echo "  CC      $$@"
	@$$(CC) $$(CFLAGS) $$(EXAMPLE_PTHREAD) -Iinclude $$(EXAMPLE_INC_$(1)) -o $$@.tmp $$< $$(EXAMPLE_LINK)
	@mv -f $$@.tmp $$@
endef
$(foreach dir,$(EXAMPLE_DIRS),$(eval $(call EXAMPLE_RULE,$(dir))))

$(OUT)/bin:
	@mkdir -p $@

# The transcript of servers and clients talking (examples/demo.rs): free
# high ports, no root, every server stopped at the end.
demo: all
	@$(CARGO) run --release --quiet --example demo -- $(OUT)/bin
