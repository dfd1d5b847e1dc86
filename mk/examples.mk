# mk/examples.mk -- the example programs of c-examples/ and `make demo`.
# Included by the top Makefile, which provides CC, CFLAGS, OUT and CARGO and
# declares `examples: lib` (phony) and `all: lib examples`.
#
# Every c-examples/<dir>/<Name>.c becomes $(OUT)/bin/<Name>, linked against
# the shared library in $(OUT)/lib, whose absolute path is recorded as the
# run path: the programs run from anywhere without LD_LIBRARY_PATH.
#
# A book whose programs are named like another book's (the 2nd edition of
# Donahoo & Calvert has a TCPEchoServer too) is listed in EXAMPLE_OWN_DIRS
# and built into $(OUT)/bin/<dir>/<Name>.  EXAMPLE_FLAGS_<dir> adds a book's
# own flags and the directory of its header (the programs keep
# `#include "Practical.h"`), as a course would build them.

EXAMPLE_DIRS     := comer donahoo lecture practical unp csapp
EXAMPLE_OWN_DIRS := practical
EXAMPLE_FLAGS_practical := -std=gnu99 -Iinclude/sockshim/practical
EXAMPLE_FLAGS_csapp := -Iinclude/sockshim/csapp

example_dir  = $(OUT)/bin$(if $(filter $(1),$(EXAMPLE_OWN_DIRS)),/$(1))
EXAMPLE_BINS := $(foreach dir,$(EXAMPLE_DIRS),\
    $(patsubst c-examples/$(dir)/%.c,$(call example_dir,$(dir))/%,\
        $(sort $(wildcard c-examples/$(dir)/*.c))))
EXAMPLE_LIB  := $(abspath $(OUT)/lib)
EXAMPLE_LINK := -L$(EXAMPLE_LIB) -lsockshim -Wl,-rpath,$(EXAMPLE_LIB)

# Only the threaded servers need -pthread.
$(OUT)/bin/TCPmtechod $(OUT)/bin/TCPEchoServer-Thread: EXAMPLE_PTHREAD := -pthread
$(OUT)/bin/practical/TCPEchoServer-Thread: EXAMPLE_PTHREAD := -pthread

# The UNP programs include "unp.h" (include/sockshim/unp, as pkg-config
# sockshim-unp gives it) and are built as the book builds them, with
# -D_REENTRANT and the threads library.
EXAMPLE_FLAGS_unp := -Iinclude/sockshim/unp -D_REENTRANT -pthread

examples: $(EXAMPLE_BINS)

# `lib` is order-only: it must have run before a program is linked, but a
# rebuilt shared library does not make the programs out of date.  The
# compiler writes to a temporary name first, so a program that is running
# (a test, the demo) never sees a half-written file.
define EXAMPLE_RULE
$(call example_dir,$(1))/%: c-examples/$(1)/%.c include/sockshim.h include/sockshim/label.h $(wildcard include/sockshim/$(1)/*.h) | lib $(call example_dir,$(1))
	@echo "  CC      $$@"
	@$$(CC) $$(CFLAGS) $$(EXAMPLE_FLAGS_$(1)) $$(EXAMPLE_PTHREAD) -Iinclude -o $$@.tmp $$< $$(EXAMPLE_LINK)
	@mv -f $$@.tmp $$@
endef
$(foreach dir,$(EXAMPLE_DIRS),$(eval $(call EXAMPLE_RULE,$(dir))))

$(sort $(foreach dir,$(EXAMPLE_DIRS),$(call example_dir,$(dir)))):
	@mkdir -p $@

# The transcript of servers and clients talking (examples/demo.rs): free
# high ports, no root, every server stopped at the end.
demo: all
	@$(CARGO) run --release --quiet --example demo -- $(OUT)/bin
