"""The dashboard page: one HTML file with plotly.js, the data and the page script inside it.

Every text exists in Chinese and English (`t()`); CSS shows one language, the switch flips it
and redraws the charts with the figures of the other language.
"""

from __future__ import annotations

import json
from html import escape
from pathlib import Path

from orchestration.dashboard.charts import OPERATORS, _number, figure
from orchestration.dashboard.data import DashboardData, Indicator, Region

ASSETS = Path(__file__).parent
COMPLETENESS = ("mart_submission_completeness_by_department", "mart_submission_completeness")
PENDING = ("尚未发布（随季度报送与质量门上线）", "not published yet (arrives with quarterly submissions and the quality gate)")
TARGET_COLUMNS = [("指标", "Indicator"), ("年份", "Year"), ("目标", "Target"), ("实际", "Actual"),
                  ("状态", "Status"), ("牵头部门", "Lead departments")]  # fmt: skip


def t(zh: str, en: str) -> str:
    return f'<span lang="zh">{escape(zh)}</span><span lang="en">{escape(en)}</span>'


def _departments(pairs: list[tuple[str, str]]) -> str:
    return t("、".join(zh for zh, _ in pairs), "; ".join(en for _, en in pairs)) if pairs else "—"


def _target_text(row: dict, unit: str) -> str:
    if row.get("target_value") is None:
        return escape(str(row.get("value_text") or "—"))
    return f"{OPERATORS.get(row.get('target_operator') or '=', '')}{_number(row['target_value'])} {escape(unit)}"


def _table(rows: list[dict], limit: int = 300) -> str:
    if not rows:
        return f"<p class=muted>{t('无', 'none')}</p>"
    columns = list(rows[0])
    head = "".join(f"<th>{escape(c)}</th>" for c in columns)
    body = "".join(
        "<tr>" + "".join(f"<td>{escape('' if r[c] is None else str(r[c]))}</td>" for c in columns) + "</tr>"
        for r in rows[:limit]
    )
    more = f"<p class=muted>{len(rows) - limit} more rows in the published file</p>" if len(rows) > limit else ""
    return f'<div class="scroll"><table><tr>{head}</tr>{body}</table></div>{more}'


class Page:
    def __init__(self, data: DashboardData) -> None:
        self.data, self.look, self.figures = data, data.looks, {}

    def chip(self, status: str | None) -> str:
        s = self.look(status)
        return f'<span class="chip" style="background:{s.colour}">{t(s.zh, s.en)}</span>'

    def off_track(self, row: dict) -> bool:
        return self.look(row.get("status")).off_track or row.get("scorecard_bucket") == "off_track"

    def target_table(self, region: Region, rows: list[tuple[Indicator, dict]], css: str) -> str:
        header = "".join(f"<th>{t(zh, en)}</th>" for zh, en in TARGET_COLUMNS)
        body = "".join(
            f"<tr><td><a href='#chart-{region.code}-{escape(i.code)}'>{t(i.name_zh, i.name_en)}</a></td><td>{r['year']}</td>"
            f"<td>{_target_text(r, i.unit)}</td><td>{_number(r.get('actual_value'))}</td><td>{self.chip(r.get('status'))}</td>"
            f"<td>{t(r.get('lead_departments_zh') or '—', r.get('lead_departments_en') or '—')}</td></tr>"
            for i, r in rows
        )
        return f'<table class="{css}"><tr>{header}</tr>{body}</table>'

    def missed(self, region: Region) -> str:
        rows = [(i, r) for i in region.indicators for r in i.targets if self.off_track(r)]
        rows.sort(key=lambda ir: (self.look(ir[1].get("status")).rank, ir[1]["year"], ir[0].code))
        out = self.target_table(region, rows, "offtrack") if rows else (
            f"<p class=muted>{t('当前没有未达成或偏离进度的目标。', 'No target is currently missed or off track.')}</p>")
        silent = sorted(((i, r) for i in region.indicators for r in i.targets if r.get("status") == "no_data"),
                        key=lambda ir: (ir[1]["year"], ir[0].code))  # fmt: skip
        if silent:
            out += (
                f"<details><summary>{t(f'已结束年份但没有实际值的目标：{len(silent)} 个', f'Targets of finished years without an actual: {len(silent)}')}"
                f"</summary>{self.target_table(region, silent, 'nodata')}</details>"
            )
        return out

    def tiles(self, region: Region) -> str:
        counts: dict[str, int] = {}
        for row in (r for i in region.indicators for r in i.targets):
            counts[row.get("status") or ""] = counts.get(row.get("status") or "", 0) + 1
        return "".join(
            f'<div class="tile" style="border-color:{self.look(s).colour}"><b>{n}</b>{t(self.look(s).zh, self.look(s).en)}</div>'
            for s, n in sorted(counts.items(), key=lambda sn: (self.look(sn[0]).rank, sn[0]))
        )

    def card(self, region: Region, indicator: Indicator, chart_id: str) -> str:
        chips = " ".join(
            f"<span class=year>{r['year']}{'·力争' if r.get('target_tier') == 'stretch' else ''}</span>{self.chip(r.get('status'))}"
            for r in indicator.targets if r.get("target_value") is not None
        )  # fmt: skip
        co = f"<div>{t('配合单位', 'Co-operating')}: {_departments(indicator.co)}</div>" if indicator.co else ""
        return (
            f'<div class="card" id="chart-{region.code}-{escape(indicator.code)}"><h3>{t(indicator.name_zh, indicator.name_en)}</h3>'
            f'<div class="muted">{t(indicator.category_zh, indicator.category_en)} · {escape(indicator.unit)} · <code>{escape(indicator.code)}</code></div>'
            f"<div>{t('牵头部门', 'Lead')}: {_departments(indicator.leads)}</div>{co}<div class=chips>{chips}</div>"
            f'<div class="chart" id="{chart_id}"></div></div>'
        )

    def completeness(self, region: Region) -> str:
        title = f"<h3>{t('报送完整性', 'Submission completeness')}</h3>"
        table = next((name for name in COMPLETENESS if name in self.data.optional), None)
        if table is None:
            return f"{title}<p class=muted>{t(*PENDING)} <code>mart_submission_completeness</code></p>"
        rows = self.data.optional[table]
        mine = [r for r in rows if r.get("region_code") == region.code] if rows and "region_code" in rows[0] else rows
        return f"{title}<p class=muted><code>{table}</code></p>{_table(mine)}"

    def quality(self) -> str:
        title = f"<h2>{t('未关闭的数据质量警告', 'Open data-quality warnings')}</h2>"
        if "dq_issues" not in self.data.optional:
            return f'<section class="quality">{title}<p class=muted>{t(*PENDING)} <code>dq_issues</code></p></section>'
        return f'<section class="quality">{title}{_table(self.data.optional["dq_issues"])}</section>'

    def section(self, region: Region) -> str:
        plans = {p["plan_id"]: p for p in region.plans}
        charted = [i for i in region.indicators if any(r.get("target_value") is not None for r in i.targets) or i.actuals]
        charted.sort(key=lambda i: (min((self.look(r.get("status")).rank for r in i.targets), default=9), i.category_en, i.code))
        cards = []
        for indicator in charted:
            chart_id = f"fig-{region.code}-{indicator.code}"
            self.figures[chart_id] = {lang: figure(indicator, plans, lang, self.look) for lang in ("zh", "en")}
            cards.append(self.card(region, indicator, chart_id))
        plan_list = "".join(
            f"<li>{t(p['title_zh'], p.get('title_en') or p['title_zh'])} ({p.get('horizon_start')}–{p.get('horizon_end')})</li>"
            for p in region.plans
        )
        return (
            f'<section class="region" id="region-{region.code}" hidden><h2>{t(region.name_zh, region.name_en)} '
            f"<small>{escape(region.code)}</small></h2><ul class=plans>{plan_list}</ul><div class=tiles>{self.tiles(region)}</div>"
            f"<h3>{t('未达成或偏离进度的目标及牵头部门', 'Targets missed or off track, and who leads them')}</h3>{self.missed(region)}"
            f"{self.completeness(region)}"
            f"<h3>{t('各指标：目标路径与实际值', 'Each indicator: target path and actuals')}</h3>"
            f'<div class="grid">{"".join(cards)}</div></section>'
        )


def render(data: DashboardData, plotly_js: str) -> str:
    page = Page(data)
    sections = "".join(page.section(r) for r in data.regions) + page.quality()
    nav = "".join(f'<button data-region="{r.code}">{t(r.name_zh, r.name_en)}</button>' for r in data.regions)
    payload = json.dumps(page.figures, ensure_ascii=False, default=str).replace("</", "<\\/")
    published = f"{t('发布于', 'Published')} {escape(data.published_at)} UTC" if data.published_at else ""
    return (ASSETS / "page.html").read_text(encoding="utf-8").format(
        css=(ASSETS / "page.css").read_text(encoding="utf-8"),
        plotly_js=plotly_js.replace("</script", "<\\/script"),
        script=(ASSETS / "page.js").read_text(encoding="utf-8"),
        title=t("数字经济规划进展", "Digital-economy plan progress"),
        published=published, nav=nav, sections=sections, figures=payload,
        legend="".join(page.chip(s) for s in ("met", "on_track", "in_progress", "needs_acceleration", "not_met", "no_data")),
    )  # fmt: skip
