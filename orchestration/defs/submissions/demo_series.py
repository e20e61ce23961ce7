"""Synthetic figures for the demo: annual series through the documents' numbers, split into quarters.

Anchors are the documented actuals and baselines (kept exactly) and the plans' base-tier targets
(reached with noise). Between anchors, flows and stocks grow geometrically, shares and rates move
linearly; outside them they continue at the nearest trend (8 % a year when one anchor is all there
is). Quarters: a flow's year-to-date value with a seasonal profile whose Q4 is the annual figure; a
stock moves from last year's level to this year's; a share or rate wanders around its annual level.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass

SEASON = (0.22, 0.24, 0.25, 0.29)  # share of a year's flow in each quarter
DEFAULT_GROWTH = 1.08


@dataclass(frozen=True)
class Series:
    measure_type: str  # flow / stock / share / growth_rate / ratio
    integer: bool  # counts are whole numbers
    annual: dict[int, float]  # year → annual figure (flow total, year-end level, rate)
    documented: frozenset[int]  # years whose figure is a documented actual (kept exactly)


def _is_level_like(measure_type: str) -> bool:
    return measure_type in ("share", "growth_rate", "ratio")


def _between(y: int, y0: int, v0: float, y1: int, v1: float, linear: bool) -> float:
    t = (y - y0) / (y1 - y0)
    if linear or v0 <= 0 or v1 <= 0:
        return v0 + (v1 - v0) * t
    return v0 * math.exp(math.log(v1 / v0) * t)


def annual_series(
    measure_type: str, integer: bool, actuals: dict[int, float], targets: dict[int, float], years: list[int], rng: random.Random
) -> Series:
    """Annual figures for `years` through the anchors (actuals win over targets of the same year)."""
    anchors = {**targets, **actuals}
    linear = _is_level_like(measure_type)
    points = sorted(anchors.items())
    values = {}
    for year in years:
        if year in anchors:
            value = anchors[year]
        elif len(points) == 1:
            ((y0, v0),) = points
            value = v0 + (year - y0) * 0.3 if linear else v0 * DEFAULT_GROWTH ** (year - y0)
        else:
            before = [p for p in points if p[0] < year]
            after = [p for p in points if p[0] > year]
            if before and after:
                (y0, v0), (y1, v1) = before[-1], after[0]
            elif after:  # before the first anchor: the trend of the first two
                (y0, v0), (y1, v1) = points[0], points[1]
            else:
                (y0, v0), (y1, v1) = points[-2], points[-1]
            value = _between(year, y0, v0, y1, v1, linear)
        if year not in actuals:
            value *= 1 + rng.uniform(-0.04, 0.04)
        if measure_type == "share":
            value = min(max(value, 0.1), 99.0)
        if measure_type in ("flow", "stock"):
            value = max(value, 1.0 if integer else 0.01)
        values[year] = _round(value, integer)
    return Series(measure_type, integer, values, frozenset(y for y in years if y in actuals))


def _round(value: float, integer: bool) -> float:
    return float(round(value)) if integer else round(value, 2)


def quarter_figures(series: Series, year: int, rng: random.Random) -> list[float]:
    """The four quarterly figures of `year` as a department reports them: a flow's year-to-date
    values (Q4 = the annual figure), a stock's end-of-quarter levels, a rate's level."""
    annual = series.annual[year]
    if series.measure_type == "flow":
        weights = [w * (1 + rng.uniform(-0.06, 0.06)) for w in SEASON]
        total = sum(weights)
        running, ytd = 0.0, []
        for weight in weights[:3]:
            running += weight / total
            ytd.append(_round(annual * running, series.integer))
        return ytd + [annual]
    if series.measure_type == "stock":
        previous = series.annual.get(year - 1, annual / DEFAULT_GROWTH)
        levels = [
            _round(previous + (annual - previous) * q / 4 * (1 + rng.uniform(-0.03, 0.03)), series.integer) for q in (1, 2, 3)
        ]
        return [max(v, 0.0) for v in levels] + [annual]
    rates = [_round(annual * (1 + rng.uniform(-0.05, 0.05)), False) for _ in range(3)]
    if series.measure_type == "share":
        rates = [min(max(r, 0.0), 100.0) for r in rates]
    return rates + [annual]


def quarter_only(ytd: list[float], integer: bool) -> list[float]:
    """A flow's quarter-alone values from its year-to-date values."""
    return [_round(v - (ytd[i - 1] if i else 0.0), integer) for i, v in enumerate(ytd)]
