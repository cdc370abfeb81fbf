# bilat — the two entry points of the README: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
VENDOR := src/bilat/web/static/vendor
ASSETS := $(VENDOR)/.built
DEMO_DB := $(CURDIR)/build/demo.db

.PHONY: demo test install assets lint clean eval-real real-cache

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP) $(ASSETS)

# Front-end libraries from the npm registry, copied into the package: the UI never uses a CDN.
$(ASSETS): web/package.json web/package-lock.json
	cd web && npm ci --no-audit --no-fund --loglevel=error
	mkdir -p $(VENDOR)
	cp web/node_modules/vis-timeline/standalone/umd/vis-timeline-graph2d.min.js $(VENDOR)/
	cp web/node_modules/vis-timeline/styles/vis-timeline-graph2d.min.css $(VENDOR)/
	cp web/node_modules/cytoscape/dist/cytoscape.min.js $(VENDOR)/
	cp web/node_modules/swagger-ui-dist/swagger-ui-bundle.js $(VENDOR)/
	cp web/node_modules/swagger-ui-dist/swagger-ui.css $(VENDOR)/
	touch $(ASSETS)

assets: $(ASSETS)

demo: $(STAMP) $(ASSETS)
	@mkdir -p build
	$(BIN)/bilat ingest examples/corpus --db sqlite:///$(DEMO_DB)
	$(BIN)/bilat dossier FR IN --db sqlite:///$(DEMO_DB)

test: $(STAMP) $(ASSETS)
	$(BIN)/python -m pytest -q

# Guard rails CI runs before the tests: lint, formatting, types, and the layers' import contracts.
lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/mypy
	$(BIN)/lint-imports

# The real-article development set (tests/data/real): its texts live in a cache outside the
# work tree ($$BILAT_REAL_CACHE, default ~/.cache/bilat/real); CI does not need them.
eval-real: $(STAMP)
	$(BIN)/python -m bilat.evaluation.real score --split dev $(if $(V),--verbose)

real-cache: $(STAMP)
	$(BIN)/python -m bilat.evaluation.real check --split all

clean:
	rm -rf build $(VENV) web/node_modules $(VENDOR)
