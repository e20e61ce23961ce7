"""How the dashboard shows a progress status: its colour, its names, and whether it is off track.

Judging a status is SQL's job. Names come from the published progress vocabulary
(`dim_progress_vocabulary`, one home of status names and buckets) when the file has it; the table
below gives colours, and names for files without a vocabulary. A status known to neither is shown
in grey under its own name.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

GREEN, LIGHT_GREEN, BLUE, AMBER, RED, GREY = "#1a9850", "#66bd63", "#4575b4", "#f59e0b", "#d73027", "#9ca3af"
BUCKET_COLOURS = {"met": GREEN, "on_track": LIGHT_GREEN, "off_track": RED, "no_data": GREY, "not_assessed": "#d1d5db"}


@dataclass(frozen=True)
class StatusLook:
    colour: str
    zh: str
    en: str
    off_track: bool = False  # listed under "targets missed or off track"
    rank: int = 5  # sort order: worst first


KNOWN: dict[str, StatusLook] = {
    "not_met": StatusLook(RED, "未达标", "not met", True, 0),
    "deterioration": StatusLook(RED, "倒退", "deterioration", True, 0),
    "limited_progress": StatusLook("#f97316", "进展有限", "limited progress", True, 1),
    "needs_acceleration": StatusLook(AMBER, "需加快", "needs acceleration", True, 1),
    "behind_pace": StatusLook(AMBER, "进度滞后", "behind pace", True, 1),
    "in_progress": StatusLook(BLUE, "进行中", "in progress", False, 2),
    "on_pace": StatusLook(LIGHT_GREEN, "进度正常", "on pace", False, 3),
    "on_track": StatusLook(LIGHT_GREEN, "按期可达", "on track", False, 3),
    "target_already_met": StatusLook(GREEN, "已提前达到", "target already met", False, 3),
    "met": StatusLook(GREEN, "已达标", "met", False, 3),
    "no_data": StatusLook(GREY, "无数据", "no data", False, 4),
    "no_data_yet": StatusLook(GREY, "暂无数据", "no data yet", False, 4),
    "insufficient_data": StatusLook(GREY, "数据不足", "insufficient data", False, 4),
    "not_due": StatusLook("#d1d5db", "未到期", "not due", False, 6),
    "no_target_value": StatusLook("#d1d5db", "无目标值", "no target value", False, 6),
}


class StatusLooks:
    """Looks of the statuses in one published file (with its vocabulary, if any)."""

    def __init__(self, vocabulary: list[dict] | None = None) -> None:
        self.looks = dict(KNOWN)
        for row in vocabulary or []:
            if row.get("kind") not in ("year", "pace", "trajectory"):
                continue
            base = self.looks.get(row["code"]) or StatusLook(BUCKET_COLOURS.get(row.get("bucket"), GREY), "", "")
            self.looks[row["code"]] = replace(
                base, zh=row.get("name_zh") or base.zh or row["code"], en=row.get("name_en") or base.en or row["code"],
                off_track=row.get("bucket") == "off_track" or base.off_track,
            )  # fmt: skip

    def __call__(self, status: str | None) -> StatusLook:
        return self.looks.get((status or "").strip()) or StatusLook(GREY, status or "—", status or "—")
