# git kvmdigest: build, test, install.
#
#   make               build ./git-kvmdigest
#   make check         install what is missing, then run every test
#   make demo          digest an archive built from samples/
#   make bench         time whole-archive digests (needs ../shared), on the
#                      archive and on copies of it BENCH_SCALE times over
#                      (default 5; BENCH_SCALE=5,10 for more), and reading
#                      objects through lib/pack.c and libgit2
#   make fuzz          run each fuzz target FUZZ_TIME seconds (default 60)
#   make browser-check open the HTML digest in headless Chromium and check it
#   make deb           build the Debian package into build/deb/
#   make SANITIZE=1    ASan + UBSan build under build/san/
#   make V=1           show the commands
#
# PREFIX and DESTDIR work as usual for install and uninstall.
# SKIP_DEPS=1 makes check, demo and bench install nothing (a package build,
# whose Build-Depends are there already, and must not call apt-get).

PREFIX ?= /usr/local
BENCH_SCALE ?= 5
bindir ?= $(PREFIX)/bin
mandir ?= $(PREFIX)/share/man
datadir ?= $(PREFIX)/share/git-kvmdigest
man1dir ?= $(mandir)/man1
# where bash-completion looks for the completion of `git-kvmdigest`, which
# git's own completion asks it to load
bashcompdir ?= $(PREFIX)/share/bash-completion/completions

CC ?= cc
PKG_CONFIG ?= pkg-config
# libdeflate inflates pack entries (lib/pack.c), zlib only what must stop
# early; Debian 12's libdeflate-dev ships libdeflate.pc
PKGS = libgit2 libpcre2-8 yaml-0.1 libdeflate zlib
CFLAGS ?= -O2 -g

KD_CFLAGS = -std=c99 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE \
	-Wall -Wextra -Wno-unused-parameter -Wshadow -Wstrict-prototypes \
	-Wmissing-prototypes -Wformat=2 -Ilib \
	$(shell $(PKG_CONFIG) --cflags $(PKGS) 2>/dev/null)
KD_LIBS = $(shell $(PKG_CONFIG) --libs $(PKGS) 2>/dev/null) -lpthread

ifeq ($(SANITIZE),1)
BUILD = build/san
# found beside the program, as ./kvmdigest.yaml is beside ./git-kvmdigest
DEFAULT_CONFIG = $(BUILD)/kvmdigest.yaml
KD_CFLAGS += -fsanitize=address,undefined -fno-omit-frame-pointer \
	-fno-sanitize-recover=all
KD_LDFLAGS += -fsanitize=address,undefined
PROGRAM = $(BUILD)/git-kvmdigest
else
BUILD = build/std
PROGRAM = git-kvmdigest
endif

ifneq ($(V),1)
Q = @
QUIET_CC = @echo '   ' CC $@;
QUIET_LINK = @echo '   ' LINK $@;
endif

LIB_SRC = $(sort $(wildcard lib/*.c))
LIB_OBJ = $(LIB_SRC:%.c=$(BUILD)/%.o)
UNIT_SRC = $(sort $(wildcard tests/unit/test-*.c))
UNIT_BIN = $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
T_SCRIPTS = $(sort $(wildcard tests/t[0-9]*.sh))

all: $(PROGRAM) $(DEFAULT_CONFIG)

$(PROGRAM): $(BUILD)/git-kvmdigest.o $(LIB_OBJ)
	$(QUIET_LINK)$(CC) $(KD_LDFLAGS) $(LDFLAGS) -o $@ $^ $(KD_LIBS)

$(BUILD)/kvmdigest.yaml: kvmdigest.yaml
	@mkdir -p $(dir $@)
	cp $< $@

# Only the program needs to know where its default configuration is
# installed; it is rebuilt when that changes (make install PREFIX=...).
$(BUILD)/DATADIR: FORCE
	@mkdir -p $(dir $@)
	@echo '$(datadir)' | cmp -s - $@ || echo '$(datadir)' >$@

$(BUILD)/git-kvmdigest.o: $(BUILD)/DATADIR
$(BUILD)/git-kvmdigest.o: KD_CFLAGS += -DKD_DATADIR='"$(datadir)"'

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(QUIET_CC)$(CC) $(KD_CFLAGS) $(CPPFLAGS) $(CFLAGS) -MMD -MP -c -o $@ $<

$(BUILD)/tests/test-%: $(BUILD)/tests/unit/test-%.o $(LIB_OBJ)
	@mkdir -p $(dir $@)
	$(QUIET_LINK)$(CC) $(KD_LDFLAGS) $(LDFLAGS) -o $@ $^ $(KD_LIBS) -lcmocka

-include $(shell find build -name '*.d' -type f 2>/dev/null)

# The dependencies are installed first, in a make of their own, so that
# pkg-config is asked only once they are there.
deps:
ifneq ($(SKIP_DEPS),1)
	$(Q)./scripts/install-deps
endif

check: deps check-layers
	$(Q)$(MAKE) --no-print-directory unit-tests t-tests

# lib/'s modules include only modules below them: no include cycles.
check-layers:
	$(Q)./scripts/check-layers

unit-tests: $(UNIT_BIN)
	$(Q)set -e; for t in $(UNIT_BIN); do echo "# $$t"; $$t; done

t-tests: $(PROGRAM) $(DEFAULT_CONFIG)
	$(Q)KVMDIGEST="$(CURDIR)/$(PROGRAM)" prove --timer $(T_SCRIPTS)

demo: deps
	$(Q)$(MAKE) --no-print-directory all
	$(Q)./scripts/demo

bench: deps
	$(Q)$(MAKE) --no-print-directory all $(BUILD)/bench/pack-read
	$(Q)./bench/run --scale $(BENCH_SCALE)
	$(Q)./bench/pack-compare --scale 1,5 $(BUILD)/bench/pack-read

# bench/pack-read: objects read through libgit2 and through lib/pack.c
$(BUILD)/bench/pack-read: $(BUILD)/bench/pack-read.o $(LIB_OBJ)
	$(QUIET_LINK)$(CC) $(KD_LDFLAGS) $(LDFLAGS) -o $@ $^ $(KD_LIBS)

# The HTML page in Debian's headless Chromium (tests/browser/check.mjs),
# driven by playwright-core from npm, which downloads no browser of its
# own; the page, its archive and the screenshots go to build/browser/.
# playwright-core is pinned to 1.60.0, which runs on Debian 12's own
# Node.js 18 (installed where the machine has no node) as well as on 20.
BROWSER_DIR = tests/browser

browser-check:
ifneq ($(SKIP_DEPS),1)
	$(Q)./scripts/install-deps --browser
endif
	$(Q)$(MAKE) --no-print-directory all $(BROWSER_DIR)/node_modules/.installed
	$(Q)cd $(BROWSER_DIR) && KVMDIGEST="$(CURDIR)/$(PROGRAM)" \
		BROWSER_OUT="$(CURDIR)/build/browser" node --test check.mjs

$(BROWSER_DIR)/node_modules/.installed: $(BROWSER_DIR)/package.json \
		$(BROWSER_DIR)/package-lock.json
	$(Q)cd $(BROWSER_DIR) && \
		PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund
	@touch $@

# The Debian package (debian/), built by dpkg-buildpackage in a copy of
# the sources, build/deb/git-kvmdigest/, so that the package build's own
# `make clean` leaves this tree alone: the .deb, .changes and .buildinfo
# land in build/deb/, and lintian must find no error and no warning in
# them.  The copy is what git tracks and what it does not ignore, changes
# not committed yet included (outside git: the tree, less what builds make).
DEB_OUT = build/deb

deb:
ifneq ($(SKIP_DEPS),1)
	$(Q)./scripts/install-deps --deb
endif
	$(Q)rm -rf $(DEB_OUT) && mkdir -p $(DEB_OUT)/git-kvmdigest
	$(Q)if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then \
		git ls-files -z --cached --others --exclude-standard | \
		tar --null -T - --ignore-failed-read -cf -; \
	else \
		tar --exclude=./build --exclude=./demo --exclude='./tests/trash*' \
			--exclude=./tests/browser/node_modules \
			--exclude=./git-kvmdigest -cf - .; \
	fi | tar -xf - -C $(DEB_OUT)/git-kvmdigest
	$(Q)cd $(DEB_OUT)/git-kvmdigest && dpkg-buildpackage -us -uc -b -Jauto
	$(Q)lintian --display-info --fail-on error,warning $(DEB_OUT)/*.changes
	@echo "deb: $$(ls $(DEB_OUT)/git-kvmdigest_*.deb)"

# The man page names the default configuration where it is installed.
install: all
	install -d '$(DESTDIR)$(bindir)' '$(DESTDIR)$(datadir)' \
		'$(DESTDIR)$(man1dir)' '$(DESTDIR)$(bashcompdir)'
	install -m 755 $(PROGRAM) '$(DESTDIR)$(bindir)/git-kvmdigest'
	install -m 644 kvmdigest.yaml '$(DESTDIR)$(datadir)/kvmdigest.yaml'
	sed -e 's|^\.ds datadir .*|.ds datadir $(subst -,\\-,$(datadir))|' \
		Documentation/git-kvmdigest.1 >'$(DESTDIR)$(man1dir)/git-kvmdigest.1+'
	chmod 644 '$(DESTDIR)$(man1dir)/git-kvmdigest.1+'
	mv -f '$(DESTDIR)$(man1dir)/git-kvmdigest.1+' '$(DESTDIR)$(man1dir)/git-kvmdigest.1'
	install -m 644 contrib/completion/git-kvmdigest.bash \
		'$(DESTDIR)$(bashcompdir)/git-kvmdigest'

uninstall:
	rm -f '$(DESTDIR)$(bindir)/git-kvmdigest'
	rm -f '$(DESTDIR)$(datadir)/kvmdigest.yaml'
	rm -f '$(DESTDIR)$(man1dir)/git-kvmdigest.1'
	rm -f '$(DESTDIR)$(bashcompdir)/git-kvmdigest'
	-rmdir '$(DESTDIR)$(datadir)' 2>/dev/null

fmt:
	clang-format -i git-kvmdigest.c lib/*.c lib/*.h tests/unit/*.c

# Fuzzing (tests/fuzz/): libFuzzer targets built with clang, ASan and UBSan
# under build/fuzz/, from objects of lib/ of their own; `make fuzz` runs
# each for FUZZ_TIME seconds on its seeds (tests/fuzz/make-seeds) and on
# what earlier runs found (build/fuzz/corpus/), and fails on any finding.
FUZZ_CC ?= clang
FUZZ_TIME ?= 60
FUZZ_BUILD = build/fuzz
FUZZ_TARGETS = message mime subject config patchmeta reply delta
FUZZ_SAN = -fsanitize=address,undefined -fno-sanitize-recover=all \
	-fno-omit-frame-pointer
# clang, unlike gcc, takes kd_buf_vaddf()'s va_list format for a literal
FUZZ_CFLAGS = $(KD_CFLAGS) -Wno-format-nonliteral -g -O1 $(FUZZ_SAN)
FUZZ_LIB_OBJ = $(LIB_SRC:%.c=$(FUZZ_BUILD)/%.o)
FUZZ_OPTS = -max_total_time=$(FUZZ_TIME) -timeout=10 -rss_limit_mb=1024
FUZZ_MAX_LEN_message = 65536
FUZZ_MAX_LEN_mime = 65536
FUZZ_MAX_LEN_subject = 4096
FUZZ_MAX_LEN_config = 32768
FUZZ_MAX_LEN_patchmeta = 65536
FUZZ_MAX_LEN_reply = 16384
FUZZ_MAX_LEN_delta = 8192
FUZZ_DICT_message = message
FUZZ_DICT_mime = message
FUZZ_DICT_subject = subject
FUZZ_DICT_config = config
FUZZ_DICT_patchmeta = patchmeta
FUZZ_DICT_reply = reply
FUZZ_DICT_delta = delta

fuzz: $(FUZZ_TARGETS:%=fuzz-run-%)

fuzz-run-%: $(FUZZ_BUILD)/fuzz-% $(FUZZ_BUILD)/seeds/.made
	$(Q)tests/fuzz/run $(FUZZ_BUILD) $* $(FUZZ_OPTS) \
		-max_len=$(FUZZ_MAX_LEN_$*) \
		-dict=tests/fuzz/$(FUZZ_DICT_$*).dict

$(FUZZ_BUILD)/seeds/.made: tests/fuzz/make-seeds kvmdigest.yaml \
		$(wildcard tests/mail/*.eml samples/*.eml)
	$(Q)tests/fuzz/make-seeds $(FUZZ_BUILD)/seeds
	@touch $@

$(FUZZ_BUILD)/fuzz-%: $(FUZZ_BUILD)/tests/fuzz/fuzz-%.o $(FUZZ_LIB_OBJ)
	$(QUIET_LINK)$(FUZZ_CC) -fsanitize=fuzzer $(FUZZ_SAN) $(LDFLAGS) \
		-o $@ $^ $(KD_LIBS)

$(FUZZ_BUILD)/tests/fuzz/%.o: tests/fuzz/%.c
	@mkdir -p $(dir $@)
	$(QUIET_CC)$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer \
		-MMD -MP -c -o $@ $<

$(FUZZ_BUILD)/lib/%.o: lib/%.c
	@mkdir -p $(dir $@)
	$(QUIET_CC)$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link \
		-MMD -MP -c -o $@ $<

clean:
	rm -rf build git-kvmdigest demo tests/trash* $(BROWSER_DIR)/node_modules

.PHONY: FORCE all deps check check-layers unit-tests t-tests demo bench install uninstall fmt clean
.PHONY: browser-check deb
.PHONY: fuzz
.DELETE_ON_ERROR:
.SECONDARY:
