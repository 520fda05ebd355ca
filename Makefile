# Two commands matter: `make run` and `make test`. Everything else is what they need.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PO := $(wildcard municipality/locale/*/LC_MESSAGES/*.po */locale/*/LC_MESSAGES/*.po)
MO := $(PO:.po=.mo)
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: run test setup assets lint typecheck unit e2e bench translations extract clean system-deps

run: setup assets system-deps
	mkdir -p var
	$(BIN)/baladiya --ini development.ini demo load
	# The national platforms and payment providers simulators run beside the app and stop
	# with it: the trap covers Ctrl-C and normal ends, --exit-with a killed recipe.
	$(BIN)/baladiya national-sim --host 127.0.0.1 --port 6560 --exit-with $$$$ & sim=$$!; \
	$(BIN)/baladiya payments-sim --host 127.0.0.1 --port 6570 --exit-with $$$$ & pay=$$!; \
	trap 'kill $$sim $$pay 2>/dev/null' EXIT INT TERM; \
	$(BIN)/baladiya serve --ini development.ini --host 127.0.0.1 --port 6543

test: setup assets system-deps lint typecheck
	$(BIN)/python -m pytest -n 2 --dist loadfile -p no:cacheprovider $(PYTEST_ARGS)

setup: $(STAMP) $(MO)

# PyICU (names compared across scripts) builds against the system's ICU.
$(STAMP): pyproject.toml constraints.txt
	@command -v icu-config >/dev/null || pkg-config --exists icu-i18n 2>/dev/null || { apt-get update -qq && apt-get install -y -qq libicu-dev pkg-config >/dev/null; }
	test -x $(BIN)/python || $(shell command -v $(PYTHON) || echo python3) -m venv $(VENV)
	$(BIN)/pip install -q -c constraints.txt pip "setuptools<81" wheel
	$(BIN)/pip install -q -c constraints.txt --config-settings editable_mode=compat -e ".[dev]"
	touch $@

%.mo: %.po $(STAMP)
	$(BIN)/pybabel compile -i $< -o $@ --statistics 2>/dev/null || $(BIN)/pybabel compile -i $< -o $@

# Debian's Chromium drives the browser tests and LibreOffice Calc opens the exported
# workbooks as a supervisor would; nothing is downloaded by a test tool. Issued documents
# are set in Debian's Noto fonts (Naskh Arabic beside Noto Sans and Serif), so a PDF looks
# the same on every machine.
system-deps:
	@command -v chromium >/dev/null || { apt-get update -qq && apt-get install -y -qq chromium >/dev/null; }
	@command -v soffice >/dev/null || { apt-get update -qq && apt-get install -y -qq libreoffice-calc-nogui >/dev/null; }
	@test -d /usr/share/fonts/truetype/noto || { apt-get update -qq && apt-get install -y -qq fonts-noto-core >/dev/null; }

# Front-end files come from npm at build time (never from a CDN at run time): Leaflet is
# copied into municipality/static/vendor, and so is protomaps-leaflet (whose bundle holds the
# PMTiles reader), loaded only when the operator serves a PMTiles basemap; so is qr-scanner
# for the document checker; axe-core stays in
# node_modules for the browser tests.
NODE_STAMP := node_modules/.installed
LEAFLET := municipality/static/vendor/leaflet
PROTOMAPS := municipality/static/vendor/protomaps-leaflet
QRSCANNER := municipality/static/vendor/qr-scanner

assets: $(NODE_STAMP) $(LEAFLET)/leaflet.js $(PROTOMAPS)/protomaps-leaflet.js $(QRSCANNER)/qr-scanner.min.js

$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	touch $@

$(LEAFLET)/leaflet.js: $(NODE_STAMP)
	mkdir -p $(LEAFLET)
	cp -R node_modules/leaflet/dist/leaflet.js node_modules/leaflet/dist/leaflet.css \
		node_modules/leaflet/dist/images $(LEAFLET)/
	touch $@

$(PROTOMAPS)/protomaps-leaflet.js: $(NODE_STAMP)
	mkdir -p $(PROTOMAPS)
	cp node_modules/protomaps-leaflet/dist/protomaps-leaflet.js $(PROTOMAPS)/
	touch $@

# The document checker's camera reader: qr-scanner and its worker, about 60 KB together.
$(QRSCANNER)/qr-scanner.min.js: $(NODE_STAMP)
	mkdir -p $(QRSCANNER)
	cp node_modules/qr-scanner/qr-scanner.min.js node_modules/qr-scanner/qr-scanner-worker.min.js $(QRSCANNER)/
	touch $@

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache

typecheck: $(STAMP)
	$(BIN)/mypy

bench: setup
	@command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; } || echo "wrk unavailable: the Python load generator will be used"
	$(BIN)/python -m bench $(BENCH_ARGS)

# The header declares UTF-8 (some msgids are not ASCII). Values translated at run time
# (roles, workflow states, error titles) cannot be extracted, so this drops their entries
# from the .pot: add them back; tests/municipality/test_i18n.py names any that is missing.
extract: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg -o municipality/locale/baladiya.pot --no-location \
		--project=Baladiya --version=0.1.0 --copyright-holder="Baladiya contributors" .

clean:
	rm -rf $(VENV) var node_modules $(LEAFLET)
