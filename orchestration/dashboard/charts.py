"""One chart per region × indicator: the target path and the actuals over time, as Plotly figures.

Figures are plain Plotly JSON (data + layout), one per language; the page draws them with the
plotly.js bundled in the plotly package, so nothing is fetched from a network.
"""

from __future__ import annotations

from collections import defaultdict
from html import escape

from orchestration.dashboard.data import Indicator
from orchestration.dashboard.statuses import StatusLooks

OPERATORS = {"=": "", ">": ">", ">=": "≥", "<": "<", "<=": "≤"}
WORDS = {
    "target": ("目标", "Target"), "stretch": ("力争", "stretch"), "actual": ("实际", "Actual"),
    "baseline": ("基期", "baseline"), "quarterly": ("季度（年初至今）", "Quarterly (year to date)"),
    "year": ("年份", "Year"), "status": ("状态", "Status"), "text": ("原文", "Source text"),
    "synthetic": ("模拟数据", "synthetic"),
}  # fmt: skip


def _w(key: str, lang: str) -> str:
    zh, en = WORDS[key]
    return zh if lang == "zh" else en


def _number(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}".rstrip("0").rstrip(".")


def _target_traces(indicator: Indicator, plans: dict[str, dict], lang: str, look: StatusLooks) -> list[dict]:
    groups: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for row in indicator.targets:
        if row.get("target_value") is not None:
            groups[(row["plan_id"], row.get("target_tier") or "base")].append(row)
    several_plans = len({plan for plan, _ in groups}) > 1
    traces = []
    for (plan_id, tier), rows in sorted(groups.items(), key=lambda item: (plans.get(item[0][0], {}).get("horizon_start") or 0, item[0])):
        name = _w("target", lang) + (f" · {_w('stretch', lang)}" if tier == "stretch" else "")
        if several_plans:
            plan = plans.get(plan_id, {})
            name += f" ({plan.get('horizon_start')}–{plan.get('horizon_end')})"
        hover = []
        for r in rows:
            status = look(r.get("status"))
            hover.append(
                f"{r['year']} · {escape(name)}: {OPERATORS.get(r.get('target_operator') or '=', '')}"
                f"{_number(r['target_value'])} {escape(indicator.unit)}<br>"
                f"{_w('status', lang)}: {status.zh if lang == 'zh' else status.en}"
                f"<br>{_w('text', lang)}: {escape(str(r.get('value_text') or ''))}"
            )
        traces.append({
            "type": "scatter", "mode": "lines+markers", "name": name,
            "x": [r["year"] for r in rows], "y": [r["target_value"] for r in rows],
            "line": {"color": "#6b7280", "dash": "dot" if tier == "stretch" else "dash", "width": 1.5},
            "marker": {"symbol": "diamond", "size": 12, "color": [look(r.get("status")).colour for r in rows],
                       "line": {"color": "#374151", "width": 1}},
            "hovertext": hover, "hoverinfo": "text",
        })  # fmt: skip
    return traces


def _actual_traces(indicator: Indicator, lang: str) -> list[dict]:
    traces = []
    annual = [a for a in indicator.actuals if a.get("quarter") is None and a.get("value") is not None]
    if annual:
        traces.append({
            "type": "scatter", "mode": "lines+markers", "name": _w("actual", lang),
            "x": [a["year"] for a in annual], "y": [a["value"] for a in annual],
            "line": {"color": "#111827", "width": 2.5},
            "marker": {"size": 8, "color": "#111827",
                       "symbol": ["circle-open" if a.get("figure_kind") == "baseline" else "circle" for a in annual]},
            "hovertext": [
                f"{a['year']} · {_w('actual', lang)}: {_number(a['value'])} {escape(indicator.unit)}"
                + (f" ({_w('baseline', lang)})" if a.get("figure_kind") == "baseline" else "")
                + (f" · {_w('synthetic', lang)}" if a.get("is_synthetic") else "")
                for a in annual
            ],
            "hoverinfo": "text",
        })  # fmt: skip
    quarterly = [a for a in indicator.actuals if a.get("quarter") is not None]
    if quarterly:
        # a year-to-date figure is plotted at the end of its quarter: Q4 lands on the year itself
        value = [a.get("ytd_value") if a.get("ytd_value") is not None else a.get("value") for a in quarterly]
        traces.append({
            "type": "scatter", "mode": "markers", "name": _w("quarterly", lang),
            "x": [a["year"] - 1 + a["quarter"] / 4 for a in quarterly], "y": value,
            "marker": {"size": 6, "color": "#2563eb", "symbol": "circle"},
            "hovertext": [f"{a['year']}Q{a['quarter']}: {_number(v)} {escape(indicator.unit)}"
                          + (f" · {_w('synthetic', lang)}" if a.get("is_synthetic") else "")
                          for a, v in zip(quarterly, value)],
            "hoverinfo": "text",
        })  # fmt: skip
    return traces


def figure(indicator: Indicator, plans: dict[str, dict], lang: str, look: StatusLooks) -> dict:
    data = _target_traces(indicator, plans, lang, look) + _actual_traces(indicator, lang)
    return {
        "data": data,
        "layout": {
            "height": 270, "margin": {"l": 60, "r": 12, "t": 8, "b": 36},
            "xaxis": {"dtick": 1, "tickformat": "d", "title": {"text": ""}, "gridcolor": "#eef0f3"},
            "yaxis": {"title": {"text": indicator.unit}, "gridcolor": "#eef0f3", "rangemode": "tozero"},
            "legend": {"orientation": "h", "y": -0.18, "font": {"size": 11}},
            "hovermode": "closest", "paper_bgcolor": "white", "plot_bgcolor": "white",
            "font": {"family": "'Noto Sans CJK SC', 'Microsoft YaHei', 'PingFang SC', sans-serif", "size": 12},
        },
    }  # fmt: skip
