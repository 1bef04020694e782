# The two commands a newcomer runs: `make demo` and `make test`. Both set up .venv first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: demo test lint format bench constraints clean

demo: $(STAMP) ## open the demo meeting
	$(BIN)/debrief demo

test: $(STAMP) ## run the whole test suite
	$(BIN)/python -m pytest

lint: $(STAMP) ## ruff lint and format check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP) ## format the code with ruff
	$(BIN)/ruff format .

bench: $(STAMP) ## time load, save, export, start-up and checks against their baselines
	status=0; \
	  for script in bench/bench_store.py bench/bench_startup.py bench/bench_checks.py; do \
	    $(BIN)/python $$script || status=1; \
	  done; exit $$status

constraints: $(STAMP) ## re-pin the exact versions the tests run on
	$(BIN)/python -m pip install --upgrade -e '.[test]' hatchling
	{ echo "# Exact versions the test suite runs on, and the build backend; 'make' passes them to pip"; \
	  echo "# (PIP_CONSTRAINT also reaches the isolated build). Refresh with: make constraints"; \
	  $(BIN)/python -m pip freeze --exclude-editable; } > constraints.txt

$(STAMP): pyproject.toml constraints.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else \
	  "debrief needs Python 3.11 or newer; set PYTHON=python3.11 or newer")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	PIP_CONSTRAINT=constraints.txt $(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

clean: ## remove the virtual environment and caches
	rm -rf $(VENV) .pytest_cache .hypothesis build dist
