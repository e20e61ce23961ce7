"""How the dashboard shows a progress status: its colour, its names, and whether it is off track.

Statuses come from `mart_progress.status` (and, once the progress issue lands, its trajectory
statuses). Judging a status is SQL's job; this file only says how each one looks. A status not
listed here is still shown, in grey, under its own name.
"""

from __future__ import annotations

from dataclasses import dataclass

GREEN, BLUE, AMBER, RED, GREY = "#1a9850", "#4575b4", "#f59e0b", "#d73027", "#9ca3af"


@dataclass(frozen=True)
class StatusLook:
    colour: str
    zh: str
    en: str
    off_track: bool = False  # listed under "missing targets"
    rank: int = 5  # sort order: worst first


STATUSES: dict[str, StatusLook] = {
    "not_met": StatusLook(RED, "未达标", "not met", True, 0),
    "deterioration": StatusLook(RED, "倒退", "deterioration", True, 0),
    "off_track": StatusLook(RED, "偏离目标", "off track", True, 0),
    "limited_progress": StatusLook(AMBER, "进展有限", "limited progress", True, 1),
    "needs_acceleration": StatusLook(AMBER, "需加快", "needs acceleration", True, 1),
    "behind_pace": StatusLook(AMBER, "进度落后", "behind pace", True, 1),
    "in_progress": StatusLook(BLUE, "进行中", "in progress", False, 2),
    "on_track": StatusLook(GREEN, "符合进度", "on track", False, 3),
    "target_met": StatusLook(GREEN, "已达目标", "target already met", False, 3),
    "met": StatusLook(GREEN, "已达标", "met", False, 3),
    "no_data": StatusLook(GREY, "无数据", "no data", False, 4),
    "no_data_yet": StatusLook(GREY, "暂无数据", "no data yet", False, 4),
    "insufficient_data": StatusLook(GREY, "数据不足", "insufficient data", False, 4),
    "no_target_value": StatusLook(GREY, "无目标值", "no target value", False, 6),
}


def look(status: str | None) -> StatusLook:
    key = (status or "").strip().lower().replace(" ", "_").replace("-", "_")
    return STATUSES.get(key) or StatusLook(GREY, status or "—", status or "—")
