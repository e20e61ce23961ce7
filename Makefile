# plantrack — the two commands of the README, and a few more for developers.
# Everything runs in .venv, created with uv from uv.lock (uv itself comes from PyPI if missing).

SHELL := /bin/bash
VENV := .venv
UV := $(shell command -v uv 2>/dev/null || echo "python3 -m uv")
export DAGSTER_HOME ?= $(CURDIR)/.dagster_home
export DO_NOT_TRACK := 1

.PHONY: setup run test ui bench bench-scale clean

# Quiet: one line while installing (uv's own output only on failure, or with V=1).
$(VENV)/.installed: pyproject.toml uv.lock
	@command -v uv >/dev/null 2>&1 || python3 -m uv --version >/dev/null 2>&1 || python3 -m pip install --quiet uv
	@echo "plantrack: installing into $(VENV) (first time only) …"
	@$(UV) sync --frozen --extra dev $(if $(V),,--quiet)
	@touch $@

setup: $(VENV)/.installed
	@mkdir -p $(DAGSTER_HOME)

run: setup  ## set up, then build and publish on the bundled data and the synthetic demo submissions (V=1: every log line)
	@$(VENV)/bin/plantrack run --demo $(if $(V),--verbose,)

test: setup  ## set up, then run the test suite
	$(VENV)/bin/pytest

ui: setup  ## the Dagster UI on http://127.0.0.1:3000 (with the landing sensor and the quarterly schedule)
	@$(VENV)/bin/python -m orchestration.instance
	@VIRTUAL_ENV=$(CURDIR)/$(VENV) PATH="$(CURDIR)/$(VENV)/bin:$$PATH" $(VENV)/bin/dg dev

bench: setup  ## load one million submission rows; prints wall time and peak memory
	$(VENV)/bin/python bench/load_submissions.py

bench-scale: setup  ## the whole pipeline at national scale (182,400 files, 9.1 M rows) against DuckDB alone; ARGS="--regions 320" for ~1 M rows, ARGS="--stage loader" for the loader alone
	$(VENV)/bin/python -m bench.scale $(ARGS)

clean:
	rm -rf data/warehouse data/published dbt_project/target dbt_project/logs $(DAGSTER_HOME)
