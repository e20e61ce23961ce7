"""A critical failure stops publishing; the published file stays the previous one."""

import csv
import hashlib

from conftest import copy_data, run_into


def _digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_untraceable_target_blocks_publishing(built, tmp_path):
    published = tmp_path / "published" / "plantrack.duckdb"
    published.parent.mkdir()
    published.write_bytes(built.published.read_bytes())
    before = _digest(published)

    data = copy_data(tmp_path / "data")
    targets = data / "plans" / "targets.csv"
    rows = list(csv.DictReader(targets.open(encoding="utf-8")))
    rows[0]["source_text"] = rows[0]["source_text"] + "（篡改）"  # no longer the document's words
    rows[0]["value_text"] = rows[0]["value_text"]
    with targets.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)

    run = run_into(tmp_path / "work", data_dir=data, published=published)

    assert not run.success
    assert "plan_figures_stand_verbatim_in_their_documents" in run.summary  # the dbt test of provenance
    assert _digest(published) == before
