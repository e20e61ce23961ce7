"""The rule that says over what time a target runs, and for which place: a year, a span, each year;
the region itself, an area inside it, or the region together with an area.

A target is for one year unless its text says otherwise:

- `每年引进400个` / `年提升3个百分点`: **per_year**, the figure holds for every year of the span
  (the plan's years): each year is judged on its own.
- `2021-2023年累计30项`, `3年内突破30项`, `到2024年新增20个`, `经过5年建设…引进300名`: **span**,
  the figure is the total of the span (flows summed over its years, or the rise of a level).
- everything else (`2026年达到7000亿元`, `年度新增3000台`): **year**.

The period is curated (`period_kind`, `period_start` in `data/plans/targets.csv`); this rule reads
the wording, so a test can hold the curated rows to it (a 每年 row curated as one year is an error).
`累计` of a stock (累计上云企业) is a level, not a span: that needs the indicator's measure type,
which is why the wording only *suggests* a span (`span_wording`) and the curated row decides.

Scope: `region` (the region's own figure, as its statistics count it), `area` (a development zone,
park or institution of `data/reference/areas.csv`, inside the region), `region_with_area` (the
region's figure including such an area: 慈溪 `含杭州湾`).
"""

from __future__ import annotations

import re

from orchestration.rules.target_text import normalise

PERIOD_KINDS = ("year", "span", "per_year")
SCOPES = ("region", "area", "region_with_area")

# 每年 / 每年度 / 年提升 / 年增长 as a rate per year; not 年度新增 (one year's flow) nor 年均 (average growth).
PER_YEAR = re.compile(r"每年|每一年|逐年|年提升|年提高")
# An explicit span of years, "within N years", "after N years of building", cumulative or new over the plan.
SPAN = re.compile(
    r"(\d{4})[-–—~至到](\d{4})年|[0-9一二三四五六七八九十两]+年内|经过[0-9一二三四五六七八九十]+年|經過[0-9一二三四五六七八九十]+年|累计|累計|(?<!年度)新增"
)


class TargetPeriodError(ValueError):
    """A curated period or scope that cannot stand."""


def period_wording(text: str) -> str:
    """`per_year`, `span` or `year`, as the text's wording suggests (`span` only suggests: see above)."""
    cleaned = normalise(text)
    if PER_YEAR.search(cleaned):
        return "per_year"
    if SPAN.search(cleaned):
        return "span"
    return "year"


def check_period(period_kind: str, period_start: str, year: str) -> list[str]:
    """Problems with a curated period: (column, message) pairs as text, empty when it stands."""
    kind = period_kind or "year"
    if kind not in PERIOD_KINDS:
        return [f"period_kind: {period_kind!r} is not one of {', '.join(PERIOD_KINDS)}"]
    if kind == "year":
        return [f"period_start: {period_start!r} given for a one-year target (period_kind year)"] if period_start else []
    if not period_start.isdigit():
        return [f"period_start: a {kind} target needs the first year of its span, got {period_start!r}"]
    if year.isdigit() and int(period_start) > int(year):
        return [f"period_start: {period_start} is after the target year {year}"]
    return []


def check_scope(scope: str, area_code: str) -> list[str]:
    kind = scope or ("area" if area_code else "region")
    if kind not in SCOPES:
        return [f"scope: {scope!r} is not one of {', '.join(SCOPES)}"]
    if kind == "region" and area_code:
        return [f"area_code: {area_code!r} given for the region's own figure (scope region)"]
    if kind != "region" and not area_code:
        return [f"area_code: scope {kind} needs the area (data/reference/areas.csv)"]
    return []
