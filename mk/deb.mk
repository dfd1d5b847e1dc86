# mk/deb.mk -- `make deb`: Debian packages from the built tree, included by
# the top Makefile (which defines VERSION, SOMAJOR and OUT).
#
#   make deb [DEBDIR=build/deb]     libsockshim0, libsockshim-dev, sockshim-serve
#   make lintian [DEBDIR=...]       lintian on what `make deb` built
#
# Standard tools: dpkg-buildpackage with debian/ and debhelper.  `deb`
# builds the tree as `make` does, then runs dpkg-buildpackage in a staging
# copy of debian/ under DEBDIR (so the .deb files land in DEBDIR, not in
# the directory above the checkout); the package build itself compiles
# nothing: debian/rules runs `make install` (which never builds) from this
# tree.  The staging copy gets what is written nowhere else: a changelog
# entry with Cargo.toml's version, and the symbols file of libsockshim0
# made from tests/data/exported-symbols.txt (the checked list of exports).

DEBDIR     ?= $(OUT)/deb
DEB_STAGE  := $(DEBDIR)/sockshim-$(VERSION)
DEB_MAINTAINER := $(shell sed -n 's/^Maintainer: //p' debian/control)
# The date of the changelog entry (and so of every file in the packages):
# the last commit's, for reproducible packages; now, outside git.
DEB_DATE   := $(shell date -R -d @$$(git log -1 --format=%ct 2>/dev/null || date +%s))

.PHONY: deb lintian

deb: lib
	@for tool in dpkg-buildpackage dh fakeroot; do \
	  command -v $$tool >/dev/null 2>&1 || { \
	    echo "make deb: $$tool not found: apt-get install dpkg-dev debhelper fakeroot" >&2; exit 1; }; \
	done
	rm -rf $(DEB_STAGE)
	mkdir -p $(DEB_STAGE)
	cp -R debian README.md CHANGELOG.md LICENSE course $(DEB_STAGE)/
	printf '%s\n' "sockshim ($(VERSION)) unstable; urgency=medium" "" \
	  "  * sockshim $(VERSION), built by make deb (CHANGELOG.md says what changed)." "" \
	  " -- $(DEB_MAINTAINER)  $(DEB_DATE)" > $(DEB_STAGE)/debian/changelog
	{ echo "libsockshim.so.$(SOMAJOR) libsockshim$(SOMAJOR) #MINVER#"; \
	  echo "* Build-Depends-Package: libsockshim-dev"; \
	  sed 's/^\(.*\)$$/ \1@Base $(VERSION)/' tests/data/exported-symbols.txt; \
	} > $(DEB_STAGE)/debian/libsockshim$(SOMAJOR).symbols
	cd $(DEB_STAGE) && SOCKSHIM_TOP=$(CURDIR) dpkg-buildpackage -b -us -uc
	@ls -1 $(DEBDIR)/*.deb

lintian:
	lintian --info --display-info --pedantic $(DEBDIR)/sockshim_$(VERSION)_*.changes
