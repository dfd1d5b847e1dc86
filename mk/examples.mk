# mk/examples.mk -- the example programs of c-examples/ and `make demo`.
# Included by the top Makefile, which provides CC, CFLAGS, OUT and CARGO and
# declares `examples: lib` (phony) and `all: lib examples`.
#
# Every c-examples/<dir>/<Name>.c becomes $(OUT)/bin/<Name>, linked against
# the shared library in $(OUT)/lib, whose absolute path is recorded as the
# run path: the programs run from anywhere without LD_LIBRARY_PATH.
#
# The 2nd edition's programs (c-examples/practical, `#include "Practical.h"`)
# are named like the 1st edition's (TCPEchoServer, ...), so they go to
# $(OUT)/bin/practical/<Name>, built with the book's -std=gnu99 and the
# header's directory on the include path, as a course would build them.

EXAMPLE_DIRS := comer donahoo lecture
EXAMPLE_SRCS := $(sort $(wildcard $(EXAMPLE_DIRS:%=c-examples/%/*.c)))
EXAMPLE_BINS := $(addprefix $(OUT)/bin/,$(basename $(notdir $(EXAMPLE_SRCS))))
EXAMPLE_LIB  := $(abspath $(OUT)/lib)
EXAMPLE_LINK := -L$(EXAMPLE_LIB) -lsockshim -Wl,-rpath,$(EXAMPLE_LIB)

PRACTICAL_SRCS := $(sort $(wildcard c-examples/practical/*.c))
PRACTICAL_OBJS := $(PRACTICAL_SRCS:c-examples/practical/%.c=$(OUT)/obj/practical/%.o)
PRACTICAL_HDRS := include/sockshim/practical/Practical.h include/sockshim/label.h

# Only the threaded servers need -pthread.
$(OUT)/bin/TCPmtechod $(OUT)/bin/TCPEchoServer-Thread: EXAMPLE_PTHREAD := -pthread
$(OUT)/obj/practical/TCPEchoServer-Thread.o: EXAMPLE_PTHREAD := -pthread

examples: $(EXAMPLE_BINS) $(PRACTICAL_OBJS)

# `lib` is order-only: it must have run before a program is linked, but a
# rebuilt shared library does not make the programs out of date.  The
# compiler writes to a temporary name first, so a program that is running
# (a test, the demo) never sees a half-written file.
define EXAMPLE_RULE
$(OUT)/bin/%: c-examples/$(1)/%.c include/sockshim.h | lib $(OUT)/bin
	@echo "  CC      $$@"
	@$$(CC) $$(CFLAGS) $$(EXAMPLE_PTHREAD) -Iinclude -o $$@.tmp $$< $$(EXAMPLE_LINK)
	@mv -f $$@.tmp $$@
endef
$(foreach dir,$(EXAMPLE_DIRS),$(eval $(call EXAMPLE_RULE,$(dir))))

# Compiled only, until the library provides the Practical.h layer.
$(OUT)/obj/practical/%.o: c-examples/practical/%.c $(PRACTICAL_HDRS) | $(OUT)/obj/practical
	@echo "  CC      $@"
	@$(CC) $(CFLAGS) -std=gnu99 $(EXAMPLE_PTHREAD) -Iinclude/sockshim/practical -c -o $@.tmp $<
	@mv -f $@.tmp $@

$(OUT)/bin $(OUT)/obj/practical:
	@mkdir -p $@

# The transcript of servers and clients talking (examples/demo.rs): free
# high ports, no root, every server stopped at the end.
demo: all
	@$(CARGO) run --release --quiet --example demo -- $(OUT)/bin
