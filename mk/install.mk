# mk/install.mk -- `make install` and `make uninstall`, included by the top
# Makefile (which defines VERSION, SOMAJOR, OUT and STATIC_LIBS_FILE).
#
#   make install [PREFIX=/usr/local] [DESTDIR=/staging/root]
#                [BINDIR=..] [LIBDIR=..] [INCLUDEDIR=..] [MANDIR=..]
#                [PKGCONFIGDIR=..] [LDCONFIG=ldconfig]
#   make uninstall   (same variables: removes exactly what install put there)
#
# The paths are the run-time ones and end up in the .pc files; DESTDIR is
# only prepended while copying (for packages and staging trees).  After a
# real install as root (no DESTDIR) `ldconfig` refreshes the loader's cache,
# so programs find libsockshim.so.$(SOMAJOR) in LIBDIR; LDCONFIG=true skips it.

PREFIX       ?= /usr/local
BINDIR       ?= $(PREFIX)/bin
LIBDIR       ?= $(PREFIX)/lib
INCLUDEDIR   ?= $(PREFIX)/include
MANDIR       ?= $(PREFIX)/share/man
PKGCONFIGDIR ?= $(LIBDIR)/pkgconfig
DESTDIR      ?=
INSTALL      ?= install
LDCONFIG     ?= ldconfig

# What gets installed, by source.  The book layers' headers keep their
# place under include/sockshim/ (sockshim/label.h, sockshim/<layer>/*.h);
# every pkgconfig/*.pc.in becomes a .pc file; man3 takes every page of
# section 3 and its extensions (3practical, ...).
INSTALL_SO      := libsockshim.so.$(VERSION)
INSTALL_HEADERS := include/sockshim.h compat/sockshim-compat.h
BOOK_HEADERS    := $(sort $(wildcard include/sockshim/*.h include/sockshim/*/*.h))
BOOK_HEADER_DIRS := $(sort $(patsubst include/%/,%,$(dir $(BOOK_HEADERS))))
INSTALL_PC      := $(sort $(patsubst pkgconfig/%.pc.in,%,$(wildcard pkgconfig/*.pc.in)))
INSTALL_MAN1    := $(sort $(wildcard man/man1/*.1))
INSTALL_MAN3    := $(sort $(wildcard man/man3/*.3*))
INSTALL_MAN7    := $(sort $(wildcard man/man7/*.7))
# Built by the top Makefile's `lib' rule.
INSTALL_SERVE   := $(OUT)/bin/sockshim-serve

# A path in a .pc file: relative to ${prefix} when it lies under PREFIX, so
# that `pkg-config --define-prefix` and relocated trees work.
pc_path = $(patsubst $(PREFIX)/%,$${prefix}/%,$(1))

# Every directory variable must be absolute: they are written into the .pc
# files and used by programs at run time.
install_check = @for dir in "$(PREFIX)" "$(BINDIR)" "$(LIBDIR)" "$(INCLUDEDIR)" \
	    "$(MANDIR)" "$(PKGCONFIGDIR)"; do \
	  case "$$dir" in /*) ;; *) echo "install: '$$dir' is not an absolute path" >&2; exit 1;; esac; \
	done

# Runs ldconfig after a real (not staged) install or uninstall by root.
run_ldconfig = @if [ -z "$(DESTDIR)" ] && [ "$$(id -u)" = 0 ]; then \
	  echo "$(LDCONFIG)"; $(LDCONFIG) || true; fi

install: all
	$(install_check)
	$(INSTALL) -d "$(DESTDIR)$(BINDIR)" "$(DESTDIR)$(LIBDIR)" "$(DESTDIR)$(INCLUDEDIR)" \
	  "$(DESTDIR)$(PKGCONFIGDIR)" "$(DESTDIR)$(MANDIR)/man1" \
	  "$(DESTDIR)$(MANDIR)/man3" "$(DESTDIR)$(MANDIR)/man7"
	$(INSTALL) -m 755 $(INSTALL_SERVE) "$(DESTDIR)$(BINDIR)/sockshim-serve"
	$(INSTALL) -m 755 $(OUT)/lib/$(INSTALL_SO) "$(DESTDIR)$(LIBDIR)/$(INSTALL_SO)"
	ln -sf $(INSTALL_SO) "$(DESTDIR)$(LIBDIR)/libsockshim.so.$(SOMAJOR)"
	ln -sf libsockshim.so.$(SOMAJOR) "$(DESTDIR)$(LIBDIR)/libsockshim.so"
	$(INSTALL) -m 644 $(OUT)/lib/libsockshim.a "$(DESTDIR)$(LIBDIR)/libsockshim.a"
	$(INSTALL) -m 644 $(INSTALL_HEADERS) "$(DESTDIR)$(INCLUDEDIR)/"
	for dir in $(BOOK_HEADER_DIRS); do \
	  $(INSTALL) -d "$(DESTDIR)$(INCLUDEDIR)/$$dir" || exit 1; done
	for h in $(BOOK_HEADERS); do \
	  $(INSTALL) -m 644 $$h "$(DESTDIR)$(INCLUDEDIR)/$${h#include/}" || exit 1; done
	for pc in $(INSTALL_PC); do \
	  sed -e 's|@PREFIX@|$(PREFIX)|g' \
	      -e 's|@LIBDIR@|$(call pc_path,$(LIBDIR))|g' \
	      -e 's|@INCLUDEDIR@|$(call pc_path,$(INCLUDEDIR))|g' \
	      -e 's|@VERSION@|$(VERSION)|g' \
	      -e "s|@STATIC_LIBS@|$$(cat $(STATIC_LIBS_FILE))|g" \
	      pkgconfig/$$pc.pc.in > "$(DESTDIR)$(PKGCONFIGDIR)/.$$pc.pc.tmp" && \
	  chmod 644 "$(DESTDIR)$(PKGCONFIGDIR)/.$$pc.pc.tmp" && \
	  mv -f "$(DESTDIR)$(PKGCONFIGDIR)/.$$pc.pc.tmp" "$(DESTDIR)$(PKGCONFIGDIR)/$$pc.pc" || exit 1; \
	done
	$(INSTALL) -m 644 $(INSTALL_MAN1) "$(DESTDIR)$(MANDIR)/man1/"
	$(INSTALL) -m 644 $(INSTALL_MAN3) "$(DESTDIR)$(MANDIR)/man3/"
	$(INSTALL) -m 644 $(INSTALL_MAN7) "$(DESTDIR)$(MANDIR)/man7/"
	$(run_ldconfig)

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
	$(run_ldconfig)
