"""The progress vocabulary has one home (data/reference/progress_vocabulary.csv): the dashboard's
names and off-track list come from it, and every status the marts produce is in it."""

from __future__ import annotations

import csv

from orchestration.defs.dashboard.statuses import VOCABULARY_CSV, StatusLooks


def _rows():
    with VOCABULARY_CSV.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_the_dashboard_names_every_status_as_the_vocabulary_does():
    looks = StatusLooks()
    statuses = [r for r in _rows() if r["kind"] in ("year", "pace", "trajectory")]
    assert len(statuses) >= 13
    for row in statuses:
        look = looks(row["code"])
        assert (look.zh, look.en, look.off_track) == (row["name_zh"], row["name_en"], row["bucket"] == "off_track"), row
    assert set(looks.looks) == {r["code"] for r in statuses}  # no status the marts cannot produce


def test_every_published_status_is_in_the_vocabulary(built):
    codes = {r["code"] for r in _rows()}
    for column in ("status", "year_status", "trajectory_status"):
        used = {v for (v,) in built.query(f"select distinct {column} from mart_progress where {column} is not null")}
        assert used <= codes, (column, used - codes)
