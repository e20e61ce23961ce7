# plantrack — the two commands of the README, and a few more for developers.
# Everything runs in .venv, created with uv from uv.lock (uv itself comes from PyPI if missing).

SHELL := /bin/bash
VENV := .venv
UV := $(shell command -v uv 2>/dev/null || echo "python3 -m uv")
export DAGSTER_HOME ?= $(CURDIR)/.dagster_home
export DO_NOT_TRACK := 1

.PHONY: setup run test lint format ui bench bench-scale clean

# dbt's manifest, which the code location reads (dagster-dbt's public preparer: `dbt parse`), redone
# when a dbt file changed; `dagster dev` re-parses by itself on every load.
MANIFEST := dbt_project/target/manifest.json
DBT_SOURCES := dbt_project/dbt_project.yml dbt_project/profiles.yml $(shell find dbt_project/models dbt_project/macros dbt_project/tests -type f 2>/dev/null)

# Quiet: one line while installing (uv's own output only on failure, or with V=1).
$(VENV)/.installed: pyproject.toml uv.lock
	@command -v uv >/dev/null 2>&1 || python3 -m uv --version >/dev/null 2>&1 || python3 -m pip install --quiet uv
	@echo "plantrack: installing into $(VENV) (first time only) …"
	@$(UV) sync --frozen --extra dev --compile-bytecode $(if $(V),,--quiet)
	@touch $@

$(MANIFEST): $(VENV)/.installed $(DBT_SOURCES)
	@echo "plantrack: parsing the dbt project (after a change to it) …"
	@mkdir -p $(@D)
	@PATH="$(CURDIR)/$(VENV)/bin:$$PATH" $(VENV)/bin/dagster-dbt project prepare-and-package \
		--file orchestration/defs/warehouse/project.py $(if $(V),,> $(@D)/prepare.log 2>&1 || { cat $(@D)/prepare.log; exit 1; })
	@touch $@

setup: $(VENV)/.installed $(MANIFEST)
	@mkdir -p $(DAGSTER_HOME)

run: setup  ## set up, then build and publish on the bundled data and the synthetic demo submissions (V=1: every log line)
	@$(VENV)/bin/plantrack run --demo $(if $(V),--verbose,)

test: setup  ## set up, lint (ruff, sqlfluff), then run the test suite
	$(MAKE) --no-print-directory lint
	$(VENV)/bin/pytest

lint: setup  ## ruff on the Python (pyproject.toml [tool.ruff]), sqlfluff on the dbt models (.sqlfluff)
	$(VENV)/bin/ruff check orchestration tests bench
	$(VENV)/bin/ruff format --check orchestration tests bench
	$(VENV)/bin/sqlfluff lint dbt_project/models --processes 1 --disable-progress-bar

format: setup  ## ruff format on the Python, sqlfluff fix on the dbt models
	$(VENV)/bin/ruff format orchestration tests bench
	$(VENV)/bin/sqlfluff fix dbt_project/models --processes 1 --disable-progress-bar

ui: setup  ## the Dagster UI on http://127.0.0.1:3000 (with the landing sensor and the quarterly schedule)
	@$(VENV)/bin/python -m orchestration.instance
	@VIRTUAL_ENV=$(CURDIR)/$(VENV) PATH="$(CURDIR)/$(VENV)/bin:$$PATH" $(VENV)/bin/dg dev

bench: setup  ## load one million submission rows; prints wall time and peak memory
	$(VENV)/bin/python bench/load_submissions.py

bench-scale: setup  ## the whole pipeline at national scale (182,400 files, 9.1 M rows) against DuckDB alone; ARGS="--regions 320" for ~1 M rows, ARGS="--stage loader" for the loader alone
	$(VENV)/bin/python -m bench.scale $(ARGS)

clean:
	rm -rf data/warehouse data/published dbt_project/target dbt_project/logs $(DAGSTER_HOME)
