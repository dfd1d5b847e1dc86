# mk/install.mk -- `make install` and `make uninstall`, included by the top
# Makefile (which defines VERSION, SOMAJOR, OUT and STATIC_LIBS_FILE).
#
#   make install [PREFIX=/usr/local] [DESTDIR=/staging/root]
#                [BINDIR=..] [LIBDIR=..] [INCLUDEDIR=..] [MANDIR=..]
#                [PKGCONFIGDIR=..] [DATADIR=..] [LDCONFIG=ldconfig] [MANDB=mandb]
#   make uninstall   (same variables: removes exactly what install put there,
#                     and the directories install created, once empty)
#
# `install` installs what `make` built and never builds (so `sudo make
# install` needs no Rust toolchain for root): when a built file is missing
# it stops with "run make first".
#
# The paths are the run-time ones and end up in the .pc files; DESTDIR is
# only prepended while copying (for packages and staging trees).  After a
# real install or uninstall (no DESTDIR) by root `ldconfig` refreshes the
# loader's cache, so programs find libsockshim.so.$(SOMAJOR) in LIBDIR
# (LDCONFIG=true skips it); after one into a system man directory (one of
# SYSTEM_MANDIRS) `mandb` refreshes the index of whatis/apropos, when it is
# installed (MANDB=true skips it).

PREFIX       ?= /usr/local
BINDIR       ?= $(PREFIX)/bin
LIBDIR       ?= $(PREFIX)/lib
INCLUDEDIR   ?= $(PREFIX)/include
DATADIR      ?= $(PREFIX)/share
MANDIR       ?= $(DATADIR)/man
PKGCONFIGDIR ?= $(LIBDIR)/pkgconfig
DESTDIR      ?=
INSTALL      ?= install
LDCONFIG     ?= ldconfig
MANDB        ?= mandb
SYSTEM_MANDIRS ?= /usr/share/man /usr/local/share/man /usr/local/man
# The directories install created (so uninstall can remove them again),
# one a line; empty: not recorded (packages have their own bookkeeping).
DIRS_RECORD  ?= $(DATADIR)/sockshim/installed-dirs

# What gets installed, by source.  include/ is laid out as INCLUDEDIR is:
# sockshim.h, sockshim-compat.h, and the book layers' headers under
# sockshim/ (sockshim/label.h, sockshim/<layer>/*.h); every pkgconfig/*.pc.in
# becomes a .pc file; man3 takes every page of section 3 and its
# extensions (3practical, ...).
INSTALL_SO      := libsockshim.so.$(VERSION)
INSTALL_HEADERS := include/sockshim.h include/sockshim-compat.h
BOOK_HEADERS    := $(sort $(wildcard include/sockshim/*.h include/sockshim/*/*.h))
BOOK_HEADER_DIRS := $(sort $(patsubst include/%/,%,$(dir $(BOOK_HEADERS))))
INSTALL_PC      := $(sort $(patsubst pkgconfig/%.pc.in,%,$(wildcard pkgconfig/*.pc.in)))
INSTALL_MAN1    := $(sort $(wildcard man/man1/*.1))
INSTALL_MAN3    := $(sort $(wildcard man/man3/*.3*))
INSTALL_MAN7    := $(sort $(wildcard man/man7/*.7))
# Built by the top Makefile's `lib' rule; install checks that they exist.
INSTALL_SERVE   := $(OUT)/bin/sockshim-serve
INSTALL_BUILT   := $(INSTALL_SERVE) $(OUT)/lib/$(INSTALL_SO) $(OUT)/lib/libsockshim.a $(STATIC_LIBS_FILE)

# The directories install fills (the book header directories under INCLUDEDIR).
INSTALL_DIRS = $(BINDIR) $(LIBDIR) $(INCLUDEDIR) $(PKGCONFIGDIR) \
	$(MANDIR)/man1 $(MANDIR)/man3 $(MANDIR)/man7 \
	$(addprefix $(INCLUDEDIR)/,$(BOOK_HEADER_DIRS)) $(if $(DIRS_RECORD),$(patsubst %/,%,$(dir $(DIRS_RECORD))))

# A path in a .pc file: relative to ${prefix} when it lies under PREFIX, so
# that `pkg-config --define-prefix` and relocated trees work.
pc_path = $(patsubst $(PREFIX)/%,$${prefix}/%,$(1))

# sed turning a pkgconfig/*.pc.in on stdin or $< into a .pc file, for
# $(1) prefix, $(2) libdir, $(3) includedir (also used by the top Makefile
# for the uninstalled .pc files).
pc_subst = sed -e 's|@PREFIX@|$(1)|g' \
	-e 's|@LIBDIR@|$(2)|g' \
	-e 's|@INCLUDEDIR@|$(3)|g' \
	-e 's|@VERSION@|$(VERSION)|g' \
	-e "s|@STATIC_LIBS@|$$(cat $(STATIC_LIBS_FILE))|g"

# A man page's .TH line gets the version in its footer: the source field
# `sockshim` becomes "sockshim $(VERSION)" (the version is written once, in
# Cargo.toml).
man_subst = sed -e '/^\.TH /s/ "\{0,1\}sockshim"\{0,1\} / "sockshim $(VERSION)" /'

# Every directory variable must be absolute: they are written into the .pc
# files and used by programs at run time.
install_check = @for dir in "$(PREFIX)" "$(BINDIR)" "$(LIBDIR)" "$(INCLUDEDIR)" \
	    "$(DATADIR)" "$(MANDIR)" "$(PKGCONFIGDIR)"; do \
	  case "$$dir" in /*) ;; *) echo "install: '$$dir' is not an absolute path" >&2; exit 1;; esac; \
	done

# Runs ldconfig after a real (not staged) install or uninstall by root, and
# mandb after one into a system man directory.
run_ldconfig = @if [ -z "$(DESTDIR)" ] && [ "$$(id -u)" = 0 ]; then \
	  echo "$(LDCONFIG)"; $(LDCONFIG) || true; fi
run_mandb = @if [ -z "$(DESTDIR)" ] && [ -n "$(filter $(MANDIR),$(SYSTEM_MANDIRS))" ] && \
	    command -v $(firstword $(MANDB)) >/dev/null 2>&1; then \
	  echo "$(MANDB) -q $(MANDIR)"; $(MANDB) -q "$(MANDIR)" || true; fi

install:
	$(install_check)
	@missing=; for f in $(INSTALL_BUILT); do [ -e "$$f" ] || missing="$$missing $$f"; done; \
	if [ -n "$$missing" ]; then \
	  echo "install: not built:$$missing" >&2; \
	  echo "install: run make first (make install installs what make built; it never builds)" >&2; \
	  exit 1; fi
	@# Record every directory about to be created (with its missing parents).
	@if [ -n "$(DIRS_RECORD)" ]; then \
	  record="$(DESTDIR)$(DIRS_RECORD)"; new=; \
	  for dir in $(INSTALL_DIRS); do \
	    while [ "$$dir" != / ] && [ ! -d "$(DESTDIR)$$dir" ]; do new="$$new$$dir\n"; dir=$$(dirname "$$dir"); done; \
	  done; \
	  $(INSTALL) -d "$$(dirname "$$record")" && \
	  { cat "$$record" 2>/dev/null; printf '%b' "$$new"; } | LC_ALL=C sort -u > "$$record.tmp" && \
	  mv -f "$$record.tmp" "$$record"; \
	fi
	$(INSTALL) -d $(foreach dir,$(INSTALL_DIRS),"$(DESTDIR)$(dir)")
	$(INSTALL) -m 755 $(INSTALL_SERVE) "$(DESTDIR)$(BINDIR)/sockshim-serve"
	$(INSTALL) -m 755 $(OUT)/lib/$(INSTALL_SO) "$(DESTDIR)$(LIBDIR)/$(INSTALL_SO)"
	ln -sf $(INSTALL_SO) "$(DESTDIR)$(LIBDIR)/libsockshim.so.$(SOMAJOR)"
	ln -sf libsockshim.so.$(SOMAJOR) "$(DESTDIR)$(LIBDIR)/libsockshim.so"
	$(INSTALL) -m 644 $(OUT)/lib/libsockshim.a "$(DESTDIR)$(LIBDIR)/libsockshim.a"
	$(INSTALL) -m 644 $(INSTALL_HEADERS) "$(DESTDIR)$(INCLUDEDIR)/"
	for h in $(BOOK_HEADERS); do \
	  $(INSTALL) -m 644 $$h "$(DESTDIR)$(INCLUDEDIR)/$${h#include/}" || exit 1; done
	for pc in $(INSTALL_PC); do \
	  $(call pc_subst,$(PREFIX),$(call pc_path,$(LIBDIR)),$(call pc_path,$(INCLUDEDIR))) \
	      pkgconfig/$$pc.pc.in > "$(DESTDIR)$(PKGCONFIGDIR)/.$$pc.pc.tmp" && \
	  chmod 644 "$(DESTDIR)$(PKGCONFIGDIR)/.$$pc.pc.tmp" && \
	  mv -f "$(DESTDIR)$(PKGCONFIGDIR)/.$$pc.pc.tmp" "$(DESTDIR)$(PKGCONFIGDIR)/$$pc.pc" || exit 1; \
	done
	for page in $(INSTALL_MAN1) $(INSTALL_MAN3) $(INSTALL_MAN7); do \
	  dest="$(DESTDIR)$(MANDIR)/$${page#man/}"; \
	  $(man_subst) $$page > "$$dest.tmp" && chmod 644 "$$dest.tmp" && mv -f "$$dest.tmp" "$$dest" || exit 1; \
	done
	$(run_ldconfig)
	$(run_mandb)

uninstall:
	$(install_check)
	rm -f "$(DESTDIR)$(LIBDIR)/$(INSTALL_SO)" \
	  "$(DESTDIR)$(LIBDIR)/libsockshim.so.$(SOMAJOR)" \
	  "$(DESTDIR)$(LIBDIR)/libsockshim.so" \
	  "$(DESTDIR)$(LIBDIR)/libsockshim.a"
	rm -f $(foreach h,$(notdir $(INSTALL_HEADERS)),"$(DESTDIR)$(INCLUDEDIR)/$(h)")
	rm -f $(foreach h,$(BOOK_HEADERS),"$(DESTDIR)$(INCLUDEDIR)/$(h:include/%=%)")
	for dir in $(sort $(BOOK_HEADER_DIRS)); do \
	  rmdir "$(DESTDIR)$(INCLUDEDIR)/$$dir" 2>/dev/null || true; done
	rmdir "$(DESTDIR)$(INCLUDEDIR)/sockshim" 2>/dev/null || true
	rm -f $(foreach pc,$(INSTALL_PC),"$(DESTDIR)$(PKGCONFIGDIR)/$(pc).pc")
	rm -f "$(DESTDIR)$(BINDIR)/sockshim-serve"
	rm -f $(foreach m,$(INSTALL_MAN1) $(INSTALL_MAN3) $(INSTALL_MAN7),\
	  "$(DESTDIR)$(MANDIR)/$(patsubst man/%,%,$(m))")
	@# The directories install created, deepest first, where now empty.
	@if [ -n "$(DIRS_RECORD)" ] && [ -f "$(DESTDIR)$(DIRS_RECORD)" ]; then \
	  dirs=$$(LC_ALL=C sort -r "$(DESTDIR)$(DIRS_RECORD)"); \
	  rm -f "$(DESTDIR)$(DIRS_RECORD)"; \
	  for dir in $$dirs; do rmdir "$(DESTDIR)$$dir" 2>/dev/null || true; done; \
	fi
	$(run_ldconfig)
	$(run_mandb)
