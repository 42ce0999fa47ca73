# One-command entry points. `make demo` and `make test` work on a fresh machine.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

# Debian packages the tests drive: LibreOffice Calc and Writer (headless) with the UNO bridge,
# poppler's pdftoppm to turn rendered pages into images, and PostgreSQL, the shared history
# store's server (the tests start a throw-away cluster of their own in a temporary folder; the
# package's own service is not used).
SYSTEM_PACKAGES := libreoffice-calc-nogui libreoffice-writer-nogui python3-uno poppler-utils \
                   postgresql
SUDO := $(if $(filter 0,$(shell id -u)),,sudo)

.PHONY: setup system-packages libreoffice postgresql demo test test-newest bench clean broken-plans \
	docs-pictures reference-docx

$(STAMP): setup.cfg pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test]'
	touch $(STAMP)

setup: $(STAMP)

# Installs the packages above that are missing (root or sudo needed the first time).
system-packages:
	@command -v dpkg-query >/dev/null || { \
	  echo "Not a Debian system: install the equivalents of $(SYSTEM_PACKAGES) yourself."; exit 0; }; \
	missing=$$(for p in $(SYSTEM_PACKAGES); do \
	  dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q ' installed$$' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages:" $$missing; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
	    $(SUDO) apt-get install -y -qq --no-install-recommends $$missing; \
	fi

# Earlier names of the step above.
libreoffice postgresql: system-packages

demo: setup
	$(BIN)/toolkit demo --out out/demo

# Tests run in parallel, one worker per core (pytest-xdist, options in setup.cfg).
test: setup system-packages
	NAP_REQUIRE_LIBREOFFICE=1 NAP_REQUIRE_POSTGRES=1 $(BIN)/python -m pytest -q

# The suite without the LibreOffice tests under the newest CPython on the machine (CI runs it).
test-newest:
	.ci/test-newest-python

# Speed at national and regional scale: synthetic corpora of 40, 400 and 1,000 returns (built
# once, cached in bench/.cache/), figures printed and written to bench/results.json.
bench: setup
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) .venv-newest out .pytest_cache .hypothesis

# Rewrite the bundled broken plans (one per kind of problem) from the sample plan.
broken-plans: setup
	PYTHONPATH=. $(BIN)/python tests/broken_plans.py samples/valdoria-nap.xlsx samples/broken

# The README's pictures of the report (docs/report-overview.png, docs/report-document-page.png),
# made from the demo's outputs with LibreOffice and poppler-utils.
docs-pictures: demo
	$(BIN)/python scripts/docs_pictures.py out/demo/2026-H1/report docs

# Rewrite the reference document whose styles the T5 report takes.
reference-docx: setup
	$(BIN)/python scripts/reference_docx.py workbook_templates/report-reference.docx
