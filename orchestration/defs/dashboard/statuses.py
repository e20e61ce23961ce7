"""How the dashboard shows a progress status: its names, colour, rank, and whether it is off track.

The progress vocabulary is the one home of statuses, their names and their scorecard buckets
(data/reference/progress_vocabulary.csv, published as `dim_progress_vocabulary`). The dashboard
reads it from the published file, or from the reference CSV for a file without it, and adds only
presentation: a colour and a rank per bucket. A status known to neither is shown in grey under
its own name.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass

from orchestration.settings import PROJECT_ROOT

VOCABULARY_CSV = PROJECT_ROOT / "data" / "reference" / "progress_vocabulary.csv"
STATUS_KINDS = ("year", "pace", "trajectory")
GREY = "#9ca3af"
# per scorecard bucket, in the page's order (legend, summary columns): colour, rank (worst first)
BUCKETS = {
    "met": ("#1a9850", 3),
    "on_track": ("#66bd63", 2),
    "off_track": ("#d73027", 0),
    "no_data": (GREY, 4),
    "not_assessed": ("#d1d5db", 6),
}


@dataclass(frozen=True)
class StatusLook:
    colour: str
    zh: str
    en: str
    off_track: bool = False  # listed under "targets missed or off track"
    rank: int = 5  # sort order: worst first


def reference_vocabulary() -> list[dict]:
    with VOCABULARY_CSV.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


class StatusLooks:
    """Looks of the statuses in one published file (with its vocabulary, else the reference one)."""

    def __init__(self, vocabulary: list[dict] | None = None) -> None:
        self.looks: dict[str, StatusLook] = {}
        self.buckets: dict[str, tuple[str, str]] = {b: (b, b) for b in BUCKETS}  # bucket -> (zh, en)
        for row in vocabulary if vocabulary is not None else reference_vocabulary():
            if row.get("kind") == "bucket":
                self.buckets[row["code"]] = (row.get("name_zh") or row["code"], row.get("name_en") or row["code"])
            if row.get("kind") not in STATUS_KINDS:
                continue
            colour, rank = BUCKETS.get(row.get("bucket") or "", (GREY, 5))
            self.looks[row["code"]] = StatusLook(
                colour,
                row.get("name_zh") or row["code"],
                row.get("name_en") or row["code"],
                row.get("bucket") == "off_track",
                rank,
            )

    def bucket(self, code: str) -> StatusLook:
        """A scorecard bucket's look: the colour its statuses share, its names from the vocabulary."""
        colour, rank = BUCKETS.get(code, (GREY, 5))
        zh, en = self.buckets.get(code, (code, code))
        return StatusLook(colour, zh, en, code == "off_track", rank)

    def __call__(self, status: str | None) -> StatusLook:
        return self.looks.get((status or "").strip()) or StatusLook(GREY, status or "—", status or "—")
