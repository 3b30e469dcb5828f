# Two commands a fresh machine needs: `make play` and `make test`.
# Each creates the virtual environment it needs in .venv (never the system Python).

PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp

.PHONY: play test lint format bench bench-cohort clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test]"
	touch $(STAMP)

## Start the game on the built-in default scenario.
play: $(STAMP)
	$(VENV)/bin/offsite play

## Run the whole test suite headless, then the linters (ruff, and vulture for dead code).
test: $(STAMP)
	SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy $(PY) -m pytest
	$(VENV)/bin/ruff check game tests bench
	$(VENV)/bin/ruff format --check game tests bench
	$(VENV)/bin/vulture

## The linters: ruff, and vulture for dead code (settings in pyproject.toml).
lint: $(STAMP)
	$(VENV)/bin/ruff check game tests bench
	$(VENV)/bin/vulture

format: $(STAMP)
	$(VENV)/bin/ruff format game tests bench
	$(VENV)/bin/ruff check --fix game tests bench

## Measure startup, frames, loading, the engine, balance and memory (BENCH_ARGS=--quick, --json).
bench: $(STAMP)
	SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy $(PY) bench/run.py $(BENCH_ARGS)

## The programme view at scale: offsite cohort over 100, 1,000 and 10,000 session files.
bench-cohort: $(STAMP)
	SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy $(PY) bench/cohort.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis
