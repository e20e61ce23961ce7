"""The dashboard page: one HTML file with plotly.js, the data and the page script inside it.

Every text exists in Chinese and English (`t()`); CSS shows one language, the switch flips it
and redraws the charts in the other language. The tables (all regions, and per detail region its
off-track targets and completeness) are HTML; the per-indicator cards and charts are drawn by the
page script from compact data (`figures`: indicator names, departments and statuses once, then
per region × indicator its targets and actuals), only for the region on show.
"""

from __future__ import annotations

import json
from html import escape
from pathlib import Path

from orchestration.defs.dashboard import monitoring
from orchestration.defs.dashboard.data import BUCKETS, DETAIL_REGIONS_ENV, Capped, DashboardData, RegionDetail, RegionSummary

ASSETS = Path(__file__).parent
PENDING = ("尚未发布（随季度报送与质量门上线）", "not published yet (arrives with quarterly submissions and the quality gate)")
OPERATORS = {"=": "", ">": ">", ">=": "≥", "<": "<", "<=": "≤"}
TARGET_COLUMNS = [("指标", "Indicator"), ("年份", "Year"), ("目标", "Target"), ("实际", "Actual"),
                  ("状态", "Status"), ("牵头部门", "Lead departments")]  # fmt: skip
BUCKET_NAMES = {"met": ("已达标", "Met"), "on_track": ("按期可达", "On track"), "off_track": ("未达成或偏离", "Missed or off track"),
                "no_data": ("无数据", "No data"), "not_assessed": ("未评估", "Not assessed")}  # fmt: skip
ANY_REGION, WITH_CODE = ". Any region's detail page: ", " (with that region's code)"
NO_TARGETS = "No target of this region's plans is curated yet."
NAV_BUTTONS = 8  # more detail regions than this: a drop-down list instead of buttons
LEGEND = ("met", "on_track", "in_progress", "needs_acceleration", "not_met", "no_data")


def t(zh: str, en: str) -> str:
    return f'<span lang="zh">{escape(zh)}</span><span lang="en">{escape(en)}</span>'


def _number(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}".rstrip("0").rstrip(".")


def _target_text(row: dict, unit: str) -> str:
    if row.get("target_value") is None:
        return escape(str(row.get("value_text") or "—"))
    return f"{OPERATORS.get(row.get('target_operator') or '=', '')}{_number(row['target_value'])} {escape(unit)}"


def _left_out(capped: Capped, where: str) -> str:
    if not capped.left_out:
        return ""
    return (f"<p class=muted>{t(f'另有 {capped.left_out} 行未显示（共 {capped.total} 行），见发布文件的 ', f'{capped.left_out} more rows (of {capped.total}) are not shown: see ')}"
            f"<code>{escape(where)}</code></p>")  # fmt: skip


def _table(capped: Capped, where: str) -> str:
    if not capped.rows:
        return f"<p class=muted>{t('无', 'none')}</p>"
    columns = list(capped.rows[0])
    head = "".join(f"<th>{escape(c)}</th>" for c in columns)
    body = "".join(
        "<tr>" + "".join(f"<td>{escape('' if r[c] is None else str(r[c]))}</td>" for c in columns) + "</tr>"
        for r in capped.rows
    )
    return f'<div class="scroll"><table><tr>{head}</tr>{body}</table></div>{_left_out(capped, where)}'


def _rate(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}%"


class Page:
    def __init__(self, data: DashboardData) -> None:
        self.data, self.look = data, data.looks
        self.used_statuses: set[str] = set(LEGEND)

    def chip(self, status: str | None) -> str:
        s = self.look(status)
        return f'<span class="chip" style="background:{s.colour}">{t(s.zh, s.en)}</span>'

    def target_table(self, region: RegionDetail, rows: list[dict], css: str) -> str:
        header = "".join(f"<th>{t(zh, en)}</th>" for zh, en in TARGET_COLUMNS)
        body = "".join(
            f"<tr><td><a href='#chart-{region.code}-{escape(r['indicator_code'])}'>{t(r['indicator_name_zh'], r['indicator_name_en'])}</a></td>"
            f"<td>{r['year']}{'·' + t('力争', 'stretch') if r.get('target_tier') == 'stretch' else ''}</td>"
            f"<td>{_target_text(r, r['unit'])}</td><td>{_number(r.get('actual_value'))}</td><td>{self.chip(r.get('status'))}</td>"
            f"<td>{t(r.get('lead_departments_zh') or '—', r.get('lead_departments_en') or '—')}</td></tr>"
            for r in rows
        )
        return f'<table class="{css}"><tr>{header}</tr>{body}</table>'

    def missed(self, region: RegionDetail) -> str:
        where = f"mart_progress where region_code = '{region.code}'"
        out = (self.target_table(region, region.off_track.rows, "offtrack") + _left_out(region.off_track, where)) if region.off_track.total else (
            f"<p class=muted>{t('当前没有未达成或偏离进度的目标。', 'No target is currently missed or off track.')}</p>")  # fmt: skip
        silent = region.no_data
        if silent.total:
            out += (
                f"<details><summary>{t(f'已结束年份但没有实际值的目标：{silent.total} 个', f'Targets of finished years without an actual: {silent.total}')}"
                f"</summary>{self.target_table(region, silent.rows, 'nodata')}{_left_out(silent, where + ' and status = ' + chr(39) + 'no_data' + chr(39))}</details>"
            )
        return out

    def tiles(self, region: RegionDetail) -> str:
        return "".join(
            f'<div class="tile" style="border-color:{self.look(s).colour}"><b>{n}</b>{t(self.look(s).zh, self.look(s).en)}</div>'
            for s, n in region.statuses
        )

    def completeness(self, region: RegionDetail) -> str:
        title = f"<h3>{t('报送完整性', 'Submission completeness')}</h3>"
        if region.completeness is None:
            return f"{title}<p class=muted>{t(*PENDING)} <code>mart_submission_completeness</code></p>"
        table = self.data.completeness_table
        return f"{title}<p class=muted><code>{table}</code></p>{_table(region.completeness, f'{table} where region_code = {region.code!r}')}"

    def quality(self) -> str:
        title = f"<h2>{t('未关闭的数据质量警告', 'Open data-quality warnings')}</h2>"
        if self.data.dq_issues is None:
            return f'<section class="quality">{title}<p class=muted>{t(*PENDING)} <code>dq_issues</code></p></section>'
        return f'<section class="quality">{title}{_table(self.data.dq_issues, "dq_issues")}</section>'

    def section(self, region: RegionDetail) -> str:
        s = region.summary
        self.used_statuses.update(row[5] for c in region.charts for row in c.targets if row[5])
        plan_list = "".join(
            f"<li>{t(p['title_zh'], p.get('title_en') or p['title_zh'])} ({p.get('horizon_start')}–{p.get('horizon_end')})</li>"
            for p in region.plans
        )
        head = (f'<section class="region" id="region-{s.code}" hidden><h2>{t(s.name_zh, s.name_en)} '
                f"<small>{escape(s.code)}</small></h2><ul class=plans>{plan_list}</ul>")  # fmt: skip
        if not s.n_targets:
            return (f"{head}<p class=muted>{t('该地区的规划尚无已整理的目标。', NO_TARGETS)}</p>"
                    f"{self.completeness(region)}</section>")  # fmt: skip
        return (
            f"{head}<div class=tiles>{self.tiles(region)}</div>"
            f"<h3>{t('未达成或偏离进度的目标及牵头部门', 'Targets missed or off track, and who leads them')}</h3>{self.missed(region)}"
            f"{self.completeness(region)}"
            f"<h3>{t('各指标：目标路径与实际值', 'Each indicator: target path and actuals')}</h3>"
            f'<div class="grid" data-cards="{s.code}"></div></section>'
        )

    def overview(self) -> str:
        data = self.data
        n, shown, rest = len(data.summaries), len(data.details), data.summarised_only
        if data.asked:
            why = t(f"本页按要求显示 {shown} 个地区的详情", f"This page shows the detail of the {shown} region{'' if shown == 1 else 's'} asked for")
        else:
            why = t(f"详情显示目标最多的 {shown} 个地区（上限 {data.detail_cap}，环境变量 {DETAIL_REGIONS_ENV}）",
                    f"Detail is shown for the {shown} regions with the most targets (at most {data.detail_cap}: {DETAIL_REGIONS_ENV})")  # fmt: skip
        empty = sum(1 for s in data.summaries if not s.detail and not s.n_targets)
        are = "region is" if rest == 1 else "regions are"
        without = t(f"（其中 {empty} 个尚无目标）", f" ({empty} without targets yet)") if empty else ""
        note = (
            f'<p class="summarised">{t(f"共 {n} 个地区。", f"{n} regions. ")}{why}{t("；", "; ")}'
            f'<b class="rest" data-summarised-only="{rest}">{t(f"其余 {rest} 个地区仅显示汇总", f"{rest} {are} summarised only")}</b>{without}'
            f"{t('。任何地区的详情页：', ANY_REGION)}<code>plantrack dashboard --region 330282</code>"
            f"{t('（换成该地区的代码）', WITH_CODE)}</p>"
        )  # fmt: skip
        header = "".join(f"<th>{t(zh, en)}</th>" for zh, en in (
            ("地区", "Region"), ("代码", "Code"), ("规划", "Plans"), ("指标", "Indicators"), ("目标", "Targets"),
            *(BUCKET_NAMES[b] for b in BUCKETS), ("报送率", "Reporting rate"), ("按时率", "On time")))  # fmt: skip
        rows = "".join(self.summary_row(s) for s in data.summaries)
        search = '<input type="search" id="region-filter" placeholder="搜索地区 / search regions">' if n > 12 else ""
        return (
            f'<section class="overview"><h2>{t("各地区概览", "All regions at a glance")}</h2>{note}{search}'
            f'<div class="scroll"><table class="summary"><tr>{header}</tr>{rows}</table></div></section>'
        )

    def summary_row(self, s: RegionSummary) -> str:
        name = t(s.name_zh, s.name_en)
        link = f"<a href='#region-{s.code}'>{name}</a>" if s.detail else name
        counts = "".join(
            f"<td class=n{' style=color:#d73027;font-weight:bold' if b == 'off_track' and s.buckets[b] else ''}>{s.buckets[b]}</td>"
            for b in BUCKETS
        )
        return (
            f'<tr data-code="{s.code}" data-name="{escape(s.name_zh)} {escape(s.name_en.lower())}"'
            f'{"" if s.detail else f" class=only title={chr(39)}plantrack dashboard --region {s.code}{chr(39)}"}>'
            f"<td>{link}</td><td>{s.code}</td><td class=n>{s.n_plans}</td><td class=n>{s.n_indicators}</td><td class=n>{s.n_targets}</td>{counts}"
            f"<td class=n>{_rate(s.reporting_rate_pct)}</td><td class=n>{_rate(s.on_time_rate_pct)}</td></tr>"
        )

    def payload(self) -> dict:
        data = self.data
        statuses = {code: [self.look(code).colour, self.look(code).zh, self.look(code).en] for code in sorted(self.used_statuses)}
        return {
            "statuses": statuses, "indicators": data.indicators, "departments": data.departments, "plans": data.plans,
            "charts": {
                r.code: [[c.indicator, c.leads, c.co, c.targets, c.annual, c.quarterly] for c in r.charts]
                for r in data.details
            },
        }  # fmt: skip


def _nav(data: DashboardData) -> str:
    """A button per detail region; a drop-down list (with the same data-region codes) when there are many."""
    if len(data.details) <= NAV_BUTTONS:
        return "".join(f'<button data-region="{r.code}">{t(r.summary.name_zh, r.summary.name_en)}</button>' for r in data.details)
    options = "".join(
        f'<option value="{r.code}" data-region="{r.code}">{escape(r.summary.name_zh)} · {escape(r.summary.name_en)} · {r.code}</option>'
        for r in data.details
    )
    label = t(f"详情地区（{len(data.details)} 个）", f"Regions in detail ({len(data.details)})")
    return f'<label class="pick">{label} <select id="region-pick">{options}</select></label>'


def render(data: DashboardData, plotly_js: str) -> str:
    page = Page(data)
    sections = page.overview() + "".join(page.section(r) for r in data.details) + page.quality() + monitoring.render(data.monitoring)
    nav = _nav(data)
    payload = json.dumps(page.payload(), ensure_ascii=False, separators=(",", ":"), default=str).replace("</", "<\\/")
    published = f"{t('发布于', 'Published')} {escape(data.published_at)} UTC" if data.published_at else ""
    return (ASSETS / "page.html").read_text(encoding="utf-8").format(
        css=(ASSETS / "page.css").read_text(encoding="utf-8"),
        plotly_js=plotly_js.replace("</script", "<\\/script"),
        script=(ASSETS / "page.js").read_text(encoding="utf-8"),
        title=t("数字经济规划进展", "Digital-economy plan progress"),
        published=published, nav=nav, sections=sections, figures=payload,
        legend="".join(page.chip(s) for s in LEGEND),
    )  # fmt: skip
