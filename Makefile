# Two commands on a fresh machine: `make site` and `make test` (README.md).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
export NO_MKDOCS_2_WARNING := 1
export DISABLE_MKDOCS_2_WARNING := true

.PHONY: venv site serve validate test test-fast test-deps check search-quality bench schema clean

$(STAMP): pyproject.toml requirements.lock
	bash scripts/make-venv.sh $(PYTHON) $(VENV)
	$(BIN)/python -m pip install -q --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install -q --disable-pip-version-check --no-deps -e .
	touch $@

# The Python packages only (CI jobs that list offices need no browser).
venv: $(STAMP)

# The editor at /admin/ is Decap CMS from package-lock.json: npm ci when it is missing (no browser download).
site: $(STAMP)
	@[ -f node_modules/decap-cms/dist/decap-cms.js ] || PUPPETEER_SKIP_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error
	$(BIN)/hrosite build
	$(BIN)/hrosite editor-install
	@echo
	@echo "網站已建置完成：build/site/（內容編輯器：build/site/admin/，見 docs/editor.md）"
	@echo "預覽：make serve（即時預覽，http://127.0.0.1:8000/）"
	@echo "  或：$(BIN)/python -m http.server --bind 127.0.0.1 --directory build/site 8000"

serve: $(STAMP)
	$(BIN)/hrosite serve

validate: $(STAMP)
	$(BIN)/hrosite validate

schema: $(STAMP)
	$(BIN)/hrosite schema

# Chromium and CJK fonts from apt, npm packages from the committed lockfile.
test-deps: $(STAMP)
	bash scripts/install-test-deps.sh

# Everything, two workers (one per core); a test file stays on one worker so its module
# fixtures are built once, and files are handed out longest first (conftest.LONGEST_FIRST;
# without --no-loadscope-reorder xdist orders them by their number of tests instead). Tests use
# the fixture offices in tests/fixtures/, never the live content (docs/testing.md);
# --durations lists the slowest tests for the next speed-up.
test: test-deps
	$(BIN)/python -m pytest -n 2 --dist loadfile --no-loadscope-reorder --durations=15

# In-process tests on small fixtures, before every commit: no whole-site build, no browser;
# two workers, one per core (each test is small, so any test may go to either).
test-fast: $(STAMP)
	$(BIN)/python -m pytest -n 2 -m "not slow and not browser"

check: test-deps site
	$(BIN)/hrosite check

# The office's own search-query file (content/search/queries.yml) on its real site.
search-quality: test-deps site
	$(BIN)/python scripts/search-quality

bench: test-deps
	$(BIN)/python -m tools.bench

clean:
	rm -rf build
