# legday — the two commands: `make run` and `make test`. Everything they need, they install.

SHELL := /bin/bash
SWIFT ?= swift
BUILD_DIR := .build
CONFIG ?= etc/config.toml
# Debian packages: libsystemd (journal, sd_notify), libcurl (SMTP), cairo (PNG figures), and what the
# tests drive for real: util-linux's unshare, systemd itself, faketime, strace, and chromium, which opens the
# figure gallery (its test skips without it); dpkg-dev and lintian build and check the Debian package.
APT_PACKAGES := libsystemd-dev libcurl4-openssl-dev libcairo2-dev pkg-config systemd util-linux faketime strace curl openssl \
  chromium dpkg-dev lintian binutils
PY_REQUIREMENTS := Tests/integration/requirements.txt
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
LEGDAY := $(BUILD_DIR)/debug/legday
# The example keeps its state inside the build folder, never in the user's home.
DEMO_ENV := XDG_STATE_HOME=$(CURDIR)/$(BUILD_DIR)/demo-state

.PHONY: all deps apt-deps py-deps build run test test-clock test-unit test-integration test-faults bench figures install uninstall clean corpus release man deb test-package

all: build

deps: apt-deps py-deps

apt-deps:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages:$$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing >/dev/null; \
	fi

py-deps:
	@python3 -c 'import aiosmtpd, standardwebhooks, icalendar, pytest, cryptography' 2>/dev/null || \
	  python3 -m pip install -q -r $(PY_REQUIREMENTS)

build: apt-deps
	$(SWIFT) build

# The main job on the bundled example: the coming week's plan, then today's reminder, sent to the
# journal when one is listening, else printed.
run: build
	@$(DEMO_ENV) $(LEGDAY) check --config $(CONFIG)
	@echo
	@$(DEMO_ENV) $(LEGDAY) plan --config $(CONFIG) --days 7
	@echo
	@if [ -S /run/systemd/journal/socket ]; then \
	  $(DEMO_ENV) $(LEGDAY) today --config $(CONFIG) --send && \
	  echo "(sent to the journal: journalctl -t legday -n 20)"; \
	else \
	  $(DEMO_ENV) $(LEGDAY) today --config $(CONFIG); \
	fi

test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build
	LEGDAY=$(CURDIR)/$(LEGDAY) python3 -m pytest -q Tests/integration
	python3 -m pytest -q -p no:cacheprovider Tests/corpus

# The integration tests that involve dates and delivery, again at four instants of a shifted clock (just
# before local midnight, on a DST change day, on 31 December, a year from now): no test may depend on the
# day or the hour it runs. See Tests/integration/clock_instants.py.
test-clock: deps build
	LEGDAY=$(CURDIR)/$(LEGDAY) timeout 2400 python3 Tests/integration/clock_instants.py

# How well legday reads the real calendars in ../shared/calendars and ../calendars (never in the repo),
# against the hand-made labels in Tests/corpus/labels; absent calendars are skipped. See Tests/corpus/README.md.
corpus: build
	python3 Tests/corpus/score.py --legday $(CURDIR)/$(LEGDAY)

test-faults: deps build
	LEGDAY=$(CURDIR)/$(LEGDAY) timeout 1800 python3 -m pytest -q -m faults Tests/integration

# Every fuzz target for FUZZ_SECONDS seconds each (libFuzzer); see docs/robustness.md.
.PHONY: fuzz
fuzz:
	FUZZ_SECONDS=$(or $(FUZZ_SECONDS),30) Tests/Fuzz/run.sh

bench: deps
	$(SWIFT) build -c release
	python3 Tests/bench/run.py --legday $(BUILD_DIR)/release/legday --bench $(BUILD_DIR)/release/legday-bench $(if $(QUICK),--idle-seconds 10)

# Every exercise's figures at 480 px a panel, as PNG and SVG, and figures/index.html, the gallery of them all.
figures: build
	$(LEGDAY) exercise --all --format png --size 480 --out figures
	$(LEGDAY) exercise --all --format svg --size 480 --out figures
	@echo "figures written to ./figures; the gallery is ./figures/index.html"

# The release: one binary with the Swift runtime and Foundation linked in, stripped; only Debian's own
# libraries stay dynamic. Foundation finds its ICU-backed time zones, calendars and locales by name at run
# time; nothing names them at link time, so a static link drops them and every zone but GMT vanishes. The -u
# flags keep them. Its own build folder, so `make bench`'s release build keeps its flags. See
# docs/packaging.md.
VERSION := $(shell cat VERSION)
COMMIT := $(shell git rev-parse --short=12 HEAD 2>/dev/null || echo unknown)
STATIC_BUILD_DIR := .build-static
STATIC_FLAGS = --static-swift-stdlib \
  -Xlinker -u -Xlinker '$$s30FoundationInternationalization12_TimeZoneICUCMa' \
  -Xlinker -u -Xlinker '$$s30FoundationInternationalization12_CalendarICUCMa' \
  -Xlinker -u -Xlinker '$$s30FoundationInternationalization10_LocaleICUCMa'
DIST := $(BUILD_DIR)/dist

release: apt-deps
	LEGDAY_GIT_COMMIT=$(COMMIT) $(SWIFT) build -c release --product legday --scratch-path $(STATIC_BUILD_DIR) $(STATIC_FLAGS)
	rm -rf $(DIST) && mkdir -p $(DIST)
	strip -o $(DIST)/legday $(STATIC_BUILD_DIR)/release/legday
	mkdir -p $(DIST)/completions $(DIST)/man
	$(DIST)/legday --generate-completion-script bash > $(DIST)/completions/legday.bash
	$(DIST)/legday --generate-completion-script zsh > $(DIST)/completions/_legday
	$(DIST)/legday --generate-completion-script fish > $(DIST)/completions/legday.fish
	$(MAKE) --no-print-directory man MAN_DIR=$(DIST)/man
	@ls -l $(DIST)/legday

# Man pages: legday(1) and a page per subcommand from the command definitions (swift-argument-parser's
# generate-manual plugin), and legday.toml(5) from docs/configuration.md, so each has one source.
MAN_DIR ?= $(BUILD_DIR)/man
man: build
	mkdir -p $(MAN_DIR)
	$(SWIFT) package plugin generate-manual --multi-page --configuration debug >/dev/null
	cp $(BUILD_DIR)/plugins/GenerateManual/outputs/legday/legday*.1 $(MAN_DIR)/
	python3 packaging/md2man.py docs/configuration.md VERSION > $(MAN_DIR)/legday.toml.5

# make install: PREFIX defaults to ~/.local for a user and /usr/local for root; DESTDIR is honoured.
# make uninstall removes exactly what install put there (the list install writes).
PREFIX ?= $(if $(filter 0,$(shell id -u)),/usr/local,$(HOME)/.local)
install: release
	PREFIX=$(PREFIX) DESTDIR=$(DESTDIR) packaging/install.sh $(DIST)

uninstall:
	PREFIX=$(PREFIX) DESTDIR=$(DESTDIR) packaging/install.sh --uninstall

# legday_<version>_<arch>.deb with dpkg-deb; see packaging/deb.sh and docs/packaging.md.
deb: release
	packaging/deb.sh $(DIST) $(VERSION)

# The release binary, make install and the Debian package, tested for real (ldd, the toolchain hidden,
# lintian, an install into a throw-away root, systemd-analyze verify). CI runs this after make test.
test-package: deps deb
	LEGDAY_DIST=$(CURDIR)/$(DIST) LEGDAY_DEB=$$(ls $(CURDIR)/$(BUILD_DIR)/legday_$(VERSION)_*.deb) \
	  python3 -m pytest -q -p no:cacheprovider Tests/package

clean:
	rm -rf $(BUILD_DIR) $(STATIC_BUILD_DIR) figures
