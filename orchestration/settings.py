"""Where plantrack reads and writes. One place, overridable by environment variables.

PLANTRACK_HOME       project root (default: the checkout this file lives in)
PLANTRACK_DATA       curated inputs (default: $PLANTRACK_HOME/data)
PLANTRACK_WORK       working files: warehouse, Data Docs (default: $PLANTRACK_HOME/data/warehouse)
PLANTRACK_PUBLISHED  the file BI tools open (default: $PLANTRACK_HOME/data/published/plantrack.duckdb)
PLANTRACK_SUBMISSIONS  departments' statistics: landing/, loaded/, quarantine/ (default: $PLANTRACK_HOME/data)
PLANTRACK_DUCKDB_MEMORY  DuckDB's memory limit for the warehouse, beyond which it spills to disk (default 1500MB)
"""

from __future__ import annotations

import contextlib

import os
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DBT_PROJECT_DIR = PROJECT_ROOT / "dbt_project"
EXPECTATIONS_DIR = PROJECT_ROOT / "expectations"


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    work_dir: Path
    published_path: Path
    submissions_dir: Path
    duckdb_memory: str = "1500MB"  # PLANTRACK_DUCKDB_MEMORY: DuckDB spills to disk beyond it (dbt's profile reads it too)

    @property
    def warehouse_path(self) -> Path:
        return self.work_dir / "plantrack.duckdb"

    @property
    def gx_docs_dir(self) -> Path:
        return self.work_dir / "gx_docs"

    @property
    def landing_dir(self) -> Path:
        """Where departments' submission files are dropped (watched by the landing sensor)."""
        return self.submissions_dir / "landing"

    @property
    def loaded_dir(self) -> Path:
        """Accepted submission files, kept as received (the archive the warehouse can be reloaded from)."""
        return self.submissions_dir / "loaded"

    @property
    def quarantine_dir(self) -> Path:
        """Rejected submission files, each beside a report naming file, row, column and reason."""
        return self.submissions_dir / "quarantine"


def load_settings() -> Settings:
    home = Path(os.environ.get("PLANTRACK_HOME", PROJECT_ROOT))
    data_dir = Path(os.environ.get("PLANTRACK_DATA", home / "data"))
    work_dir = Path(os.environ.get("PLANTRACK_WORK", home / "data" / "warehouse"))
    published = Path(os.environ.get("PLANTRACK_PUBLISHED", home / "data" / "published" / "plantrack.duckdb"))
    submissions = Path(os.environ.get("PLANTRACK_SUBMISSIONS", home / "data"))
    return Settings(
        data_dir=data_dir,
        work_dir=work_dir,
        published_path=published,
        submissions_dir=submissions,
        duckdb_memory=os.environ.get("PLANTRACK_DUCKDB_MEMORY", "1500MB"),
    )


@contextlib.contextmanager
def temporary_environment(values: dict[str, str]):
    """`values` in os.environ for the block, then the previous values (or their absence) back."""
    saved = {key: os.environ.get(key) for key in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for key, old in saved.items():
            if old is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = old
