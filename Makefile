# One-command entry points. `make demo` and `make test` work on a fresh machine.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: setup libreoffice postgresql demo test bench clean broken-plans

$(STAMP): setup.cfg pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test]'
	touch $(STAMP)

setup: $(STAMP)

# LibreOffice is the real spreadsheet client the tests drive (headless).
libreoffice:
	@command -v soffice >/dev/null 2>&1 && /usr/bin/python3 -c 'import uno' 2>/dev/null \
	  || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends libreoffice-calc-nogui python3-uno; }

# PostgreSQL is the shared history store's server; the tests start a throw-away cluster of
# their own in a temporary folder (the package's own service is not used).
postgresql:
	@ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 \
	  || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql; }

demo: setup
	$(BIN)/toolkit demo --out out/demo

test: setup libreoffice postgresql
	NAP_REQUIRE_LIBREOFFICE=1 NAP_REQUIRE_POSTGRES=1 $(BIN)/python -m pytest -q

# Speed at national and regional scale: synthetic corpora of 40, 400 and 1,000 returns (built
# once, cached in bench/.cache/), figures printed and written to bench/results.json.
bench: setup
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) out .pytest_cache .hypothesis

# Rewrite the bundled broken plans (one per kind of problem) from the sample plan.
broken-plans: setup
	PYTHONPATH=. $(BIN)/python tests/broken_plans.py samples/valdoria-nap.xlsx samples/broken
