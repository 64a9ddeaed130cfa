# Two commands do all the set-up on a fresh machine:
#   make demo   - check examples/draft.md against examples/corpus
#   make test   - run the test suite (everything; CI runs this)
# and, for a quick loop: make test-fast (no PostgreSQL, Neovim, end-to-end or slow tests)
# Each creates .venv and installs what it needs the first time.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test test-fast install bench fuzz e2e-vscode clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	@# exit 1 means "findings", which is what a demo shows
	$(BIN)/factlint check --corpus examples/corpus examples/draft.md || [ $$? -eq 1 ]

test: $(STAMP)
	$(BIN)/python -m pytest -q

test-fast: $(STAMP)
	$(BIN)/python -m pytest -q -m "not pg and not nvim and not e2e and not slow"

# The long random-editing pass against the real language server (tests/lsp/fuzz.py); failing
# sequences are shrunk and saved in tests/lsp/fuzz_regressions/, which `make test` replays.
FUZZ_SEQUENCES ?= 10000
fuzz: $(STAMP)
	FUZZ_SEQUENCES=$(FUZZ_SEQUENCES) $(BIN)/python scripts/fuzz.py

# VS Code end to end: the packaged extension in code-server, driven by headless Chromium.
e2e-vscode: $(STAMP)
	PYTHON=$(abspath $(BIN)/python) bash editors/vscode/e2e/run.sh

clean:
	rm -rf $(VENV) .factlint build *.egg-info server/*.egg-info
