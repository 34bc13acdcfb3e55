# Two commands on a fresh machine:  make run  |  make test
# Everything else they need (virtualenv, Python packages, JavaScript from the
# npm registry, Neo4j from Maven Central, Debian's Chromium for browser tests)
# is installed by the targets below.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
VENDOR := registry/static/vendor
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run test install assets browser-deps neo4j-stop bench clean

run: install browser-deps
	$(BIN)/registry neo4j start
	$(BIN)/registry init-db
	$(BIN)/registry demo-data --if-empty
	$(BIN)/registry users ensure-demo-admin
	$(BIN)/registry serve

test: install browser-deps
	$(BIN)/python -m pytest $(PYTEST_ARGS)

install: $(STAMP) assets

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

# Front-end libraries come from the npm registry (versions pinned in
# package-lock.json) and are served by the app from registry/static/vendor.
assets: $(VENDOR)/.stamp

$(VENDOR)/.stamp: package.json package-lock.json
	npm ci --omit=peer --no-audit --no-fund --silent
	mkdir -p $(VENDOR)
	# The "dist" build bundles vis-data like "standalone" but does not inject
	# <style> elements (which the CSP refuses); its CSS is served as a file.
	cp node_modules/vis-network/dist/vis-network.min.js node_modules/vis-network/dist/dist/vis-network.min.css $(VENDOR)/
	# Leaflet draws the Stadtplan (SVG, no WebGL, no tile server needed).
	cp node_modules/leaflet/dist/leaflet.js node_modules/leaflet/dist/leaflet.css $(VENDOR)/
	mkdir -p $(VENDOR)/images && cp node_modules/leaflet/dist/images/*.png $(VENDOR)/images/
	touch $@

# Debian packages: Chromium for the browser tests (no browser download), and
# Pango/HarfBuzz for WeasyPrint, which renders the committee report as PDF
# on the server (also needed by `make run`).
PDF_LIBS := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core
browser-deps:
	@{ command -v chromium >/dev/null 2>&1 && ldconfig -p | grep -q libpangoft2-1.0 \
	   && ldconfig -p | grep -q libharfbuzz-subset; } || { \
	  $(SUDO) apt-get update -qq && \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
	    chromium $(PDF_LIBS) >/dev/null; }

neo4j-stop:
	$(BIN)/registry neo4j stop

bench: install
	$(BIN)/python bench/run_all.py

clean:
	rm -rf $(VENV) node_modules $(VENDOR) build dist *.egg-info
