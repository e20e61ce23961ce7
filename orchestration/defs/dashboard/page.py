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
from orchestration.defs.dashboard.font import FONT_STACK, font_face_css
from orchestration.sql import literal
from orchestration.defs.dashboard.data import BUCKETS, DETAIL_REGIONS_ENV, Capped, DashboardData, RegionDetail, RegionSummary

ASSETS = Path(__file__).parent
PENDING = ("尚未发布（随季度报送与质量门上线）", "not published yet (arrives with quarterly submissions and the quality gate)")
OPERATORS = {"=": "", ">": ">", ">=": "≥", "<": "<", "<=": "≤"}
TARGET_COLUMNS = [
    ("指标", "Indicator"),
    ("年份", "Year"),
    ("目标", "Target"),
    ("实际", "Actual"),
    ("差距", "Gap"),
    ("完成度", "% of target"),
    ("状态", "Status"),
    ("牵头部门", "Lead departments"),
    ("原文", "Source"),
]
# Column names of the tables shown as they are published (completeness, data-quality issues)
COLUMN_NAMES = {
    "department_code": ("部门代码", "Department code"),
    "department_name_zh": ("部门", "Department"),
    "department_name_en": ("部门（英文）", "Department"),
    "region_code": ("地区代码", "Region code"),
    "region_name_zh": ("地区", "Region"),
    "n_expected": ("应报", "Expected"),
    "n_received": ("已报", "Received"),
    "n_on_time": ("按时", "On time"),
    "n_late": ("逾期", "Late"),
    "n_missing": ("缺报", "Missing"),
    "n_revised": ("修订", "Revised"),
    "reporting_rate_pct": ("报送率 %", "Reporting rate %"),
    "on_time_rate_pct": ("按时率 %", "On-time rate %"),
    "includes_synthetic": ("含模拟数据", "Includes synthetic"),
    "suite": ("检查套件", "Suite"),
    "asset_key": ("资产", "Asset"),
    "expectation": ("检查项", "Expectation"),
    "column_name": ("字段", "Column"),
    "severity": ("级别", "Severity"),
    "description": ("说明", "Description"),
    "unexpected_count": ("不符行数", "Failing rows"),
    "row_label": ("行", "Row"),
    "unexpected_value": ("不符值", "Failing value"),
    "checked_at": ("检查时间", "Checked at"),
    "run_id": ("运行", "Run"),
    "data_docs_url": ("报告", "Data Docs"),
}
SYNTHETIC = ("模拟", "synthetic")
ANY_REGION, WITH_CODE = ". Any region's detail page: ", " (with that region's code)"
NO_TARGETS = "No target of this region's plans is curated yet."
NAV_BUTTONS = 8  # more detail regions than this: a drop-down list instead of buttons


def t(zh: str, en: str) -> str:
    return f'<span lang="zh">{escape(zh)}</span><span lang="en">{escape(en)}</span>'


def _number(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}".rstrip("0").rstrip(".")


def unit_text(unit: str, units: dict[str, tuple[str, bool]]) -> str:
    """The unit in both languages (Chinese; English where it has a name: data.unit_names); a
    count's counter word (个) has an empty English name."""
    english = units[unit][0] if unit in units else unit
    return t(unit, english) if english != unit else escape(unit)


def _target_text(row: dict, unit: str, units: dict[str, tuple[str, bool]]) -> str:
    if row.get("target_value") is None:
        return escape(str(row.get("value_text") or "—"))
    return f"{OPERATORS.get(row.get('target_operator') or '=', '')}{_number(row['target_value'])} {unit_text(unit, units)}"


def _signed(value: float | None) -> str:
    if value is None:
        return "—"
    return ("+" if value > 0 else "−" if value < 0 else "±") + _number(abs(round(value, 2)))


def synthetic_badge() -> str:
    return f'<span class="synthetic" title="模拟数据 / synthetic demo figure (is_synthetic)">{t(*SYNTHETIC)}</span>'


def _left_out(capped: Capped, where: str) -> str:
    if not capped.left_out:
        return ""
    return (
        f"<p class=muted>{t(f'另有 {capped.left_out} 行未显示（共 {capped.total} 行），见发布文件的 ', f'{capped.left_out} more rows (of {capped.total}) are not shown: see ')}"
        f"<code>{escape(where)}</code></p>"
    )


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, tuple):  # (Chinese, English)
        zh, en = value
        return t(zh or "", en or zh or "")
    if isinstance(value, bool):
        return t("是", "yes") if value else t("否", "no")
    return escape(str(value))


def _column_head(column: str) -> str:
    zh, en = COLUMN_NAMES.get(column, (column, column))
    return f'<th title="{escape(column)}">{t(zh, en)}</th>'


def _table(capped: Capped, where: str, name: str = "table") -> str:
    if not capped.rows:
        return f"<p class=muted>{t('无', 'none')}</p>"
    rows = [dict(r) for r in capped.rows]
    columns = list(rows[0])
    for kind in ("department", "region"):  # one name column, in the page's language
        zh, en = f"{kind}_name_zh", f"{kind}_name_en"
        if zh in columns and en in columns:
            for row in rows:
                row[zh] = (row[zh], row.pop(en))
            columns.remove(en)
    head = "".join(_column_head(c) for c in columns)
    body = "".join("<tr>" + "".join(f"<td>{_cell(r[c])}</td>" for c in columns) + "</tr>" for r in rows)
    return f'<div class="scroll"><table data-csv="{escape(name)}"><tr>{head}</tr>{body}</table></div>{_left_out(capped, where)}'


def _rate(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}%"


class Page:
    def __init__(self, data: DashboardData) -> None:
        self.data, self.look = data, data.looks
        self.used_statuses: set[str] = set()

    def chip(self, status: str | None, bucket: bool = False) -> str:
        s = self.look.bucket(status) if bucket else self.look(status)
        return f'<span class="chip" style="background:{s.colour}">{t(s.zh, s.en)}</span>'

    def target_table(self, region: RegionDetail, rows: list[dict], css: str) -> str:
        header = "".join(f"<th>{t(zh, en)}</th>" for zh, en in TARGET_COLUMNS)
        body = "".join(self.target_row(region, r) for r in rows)
        return (
            f'<div class="scroll tall"><table class="{css}" data-csv="{css}-{region.code}"><tr>{header}</tr>{body}</table></div>'
        )

    def target_row(self, region: RegionDetail, r: dict) -> str:
        unit, units = r["unit"], self.data.units
        actual = "—" if r.get("actual_value") is None else f"{_number(r['actual_value'])} {unit_text(unit, units)}"
        if r.get("actual_is_synthetic"):
            actual += " " + synthetic_badge()
        gap = "—" if r.get("gap") is None else f"{_signed(r['gap'])} {unit_text(unit, units)}"
        share = "—" if r.get("pct_of_target") is None else f"{r['pct_of_target']:.1f}%"
        where = f"{r.get('seed_file') or ''}:{r.get('source_line') or ''}".strip(":")
        source = escape(str(r.get("source_text") or r.get("value_text") or "—"))
        return (
            f"<tr><td><a href='#chart-{region.code}-{escape(r['indicator_code'])}'>{t(r['indicator_name_zh'], r['indicator_name_en'])}</a></td>"
            f"<td>{r['year']}{'·' + t('力争', 'stretch') if r.get('target_tier') == 'stretch' else ''}</td>"
            f"<td class=n>{_target_text(r, unit, units)}</td><td class=n>{actual}</td><td class=n>{gap}</td><td class=n>{share}</td>"
            f"<td>{self.chip(r.get('status'))}</td>"
            f"<td>{t(r.get('lead_departments_zh') or '—', r.get('lead_departments_en') or '—')}</td>"
            f'<td class=source title="{escape(where)}">{source}</td></tr>'
        )

    def missed(self, region: RegionDetail) -> str:
        where = f"mart_progress where region_code = {literal(region.code)}"
        out = (
            (self.target_table(region, region.off_track.rows, "offtrack") + _left_out(region.off_track, where))
            if region.off_track.total
            else (f"<p class=muted>{t('当前没有未达成或偏离进度的目标。', 'No target is currently missed or off track.')}</p>")
        )
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
        return f"{title}<p class=muted><code>{table}</code></p>{_table(region.completeness, f'{table} where region_code = {literal(region.code)}', f'completeness-{region.code}')}"

    def quality(self) -> str:
        title = f"<h2>{t('未关闭的数据质量警告', 'Open data-quality warnings')}</h2>"
        if self.data.dq_issues is None:
            return f'<section class="quality">{title}<p class=muted>{t(*PENDING)} <code>dq_issues</code></p></section>'
        return f'<section class="quality">{title}{_table(self.data.dq_issues, "dq_issues", "dq_issues")}</section>'

    def section(self, region: RegionDetail) -> str:
        s = region.summary
        self.used_statuses.update(row[5] for c in region.charts for row in c.targets if row[5])
        plan_list = "".join(
            f"<li>{t(p['title_zh'], p.get('title_en') or p['title_zh'])} ({p.get('horizon_start')}–{p.get('horizon_end')})</li>"
            for p in region.plans
        )
        head = (
            f'<section class="region" id="region-{s.code}" hidden><h2>{t(s.name_zh, s.name_en)} '
            f"<small>{escape(s.code)}</small></h2><ul class=plans>{plan_list}</ul>"
        )
        if not s.n_targets:
            return (
                f"{head}<p class=muted>{t('该地区的规划尚无已整理的目标。', NO_TARGETS)}</p>{self.completeness(region)}</section>"
            )
        warn = ""
        if s.n_synthetic:
            zh = f"本地区 {s.n_targets} 个目标中有 {s.n_synthetic} 个是对照模拟数据（演示用，非真实统计）判断的：标有“模拟”的实际值都是编造的。"
            en = (
                f"{s.n_synthetic} of this region’s {s.n_targets} targets are judged against synthetic demo figures, "
                "not real statistics: every actual marked “synthetic” is made up."
            )
            warn = f'<p class="synthetic-note">{synthetic_badge()} {t(zh, en)}</p>'
        return (
            f"{head}{warn}<div class=tiles>{self.tiles(region)}</div>"
            f"<h3>{t('未达成或偏离进度的目标及牵头部门', 'Targets missed or off track, and who leads them')}</h3>"
            f"<p class=muted>{t('按偏离目标的程度排序（实际值与目标之差占目标的比例，最大的在前）。', 'Sorted by how far off: the gap between actual and target as a share of the target, largest first.')}</p>"
            f"{self.missed(region)}"
            f"{self.completeness(region)}"
            f"<h3>{t('各指标：目标路径与实际值', 'Each indicator: target path and actuals')}</h3>"
            f'<div class="grid" data-cards="{s.code}"></div></section>'
        )

    def overview(self) -> str:
        data = self.data
        n, shown, rest = len(data.summaries), len(data.details), data.summarised_only
        if data.asked:
            why = t(
                f"本页按要求显示 {shown} 个地区的详情",
                f"This page shows the detail of the {shown} region{'' if shown == 1 else 's'} asked for",
            )
        else:
            why = t(
                f"详情显示目标最多的 {shown} 个地区（上限 {data.detail_cap}，环境变量 {DETAIL_REGIONS_ENV}）",
                f"Detail is shown for the {shown} regions with the most targets (at most {data.detail_cap}: {DETAIL_REGIONS_ENV})",
            )
        empty = sum(1 for s in data.summaries if not s.detail and not s.n_targets)
        are = "region is" if rest == 1 else "regions are"
        without = t(f"（其中 {empty} 个尚无目标）", f" ({empty} without targets yet)") if empty else ""
        note = (
            f'<p class="summarised">{t(f"共 {n} 个地区。", f"{n} regions. ")}{why}{t("；", "; ")}'
            f'<b class="rest" data-summarised-only="{rest}">{t(f"其余 {rest} 个地区仅显示汇总", f"{rest} {are} summarised only")}</b>{without}'
            f"{t('。任何地区的详情页：', ANY_REGION)}<code>plantrack dashboard --region 330282</code>"
            f"{t('（换成该地区的代码）', WITH_CODE)}</p>"
        )
        header = "".join(
            f"<th>{t(zh, en)}</th>"
            for zh, en in (
                ("地区", "Region"),
                ("代码", "Code"),
                ("规划", "Plans"),
                ("指标", "Indicators"),
                ("目标", "Targets"),
                *(self.look.buckets[b] for b in BUCKETS),
                ("报送率", "Reporting rate"),
                ("按时率", "On time"),
            )
        )
        rows = "".join(self.summary_row(s) for s in data.summaries)
        synthetic = sum(s.n_synthetic for s in data.summaries)
        if synthetic:
            zh = f"注意：{synthetic} 个目标的“已完成/未完成”等判断依据的是模拟数据（演示用，非真实统计），见各行的“模拟”标记。"
            en = (
                f"Note: {synthetic} targets are judged (met, not met …) against synthetic demo figures, "
                "not real statistics; see the “synthetic” marks."
            )
            note = f'<p class="synthetic-note">{synthetic_badge()} {t(zh, en)}</p>' + note
        search = '<input type="search" id="region-filter" placeholder="搜索地区 / search regions">' if n > 12 else ""
        return (
            f'<section class="overview"><h2>{t("各地区概览", "All regions at a glance")}</h2>{note}{search}'
            f'<div class="scroll"><table class="summary" data-csv="all-regions"><tr>{header}</tr>{rows}</table></div></section>'
        )

    def summary_row(self, s: RegionSummary) -> str:
        name = t(s.name_zh, s.name_en)
        link = f"<a href='#region-{s.code}'>{name}</a>" if s.detail else name
        if s.n_synthetic:
            link += f' <span class="synthetic" title="{s.n_synthetic} 个目标基于模拟数据 / {s.n_synthetic} targets judged on synthetic figures">{t(f"模拟 {s.n_synthetic}", f"synthetic {s.n_synthetic}")}</span>'
        counts = "".join(
            f"<td class=n{' style=color:#d73027;font-weight:bold' if b == 'off_track' and s.buckets[b] else ''}>{s.buckets[b]}</td>"
            for b in BUCKETS
        )
        return (
            f'<tr data-code="{s.code}" data-name="{escape(s.name_zh)} {escape(s.name_en.lower())}"'
            f"{'' if s.detail else f' class=only title={chr(39)}plantrack dashboard --region {s.code}{chr(39)}'}>"
            f"<td>{link}</td><td>{s.code}</td><td class=n>{s.n_plans}</td><td class=n>{s.n_indicators}</td><td class=n>{s.n_targets}</td>{counts}"
            f"<td class=n>{_rate(s.reporting_rate_pct)}</td><td class=n>{_rate(s.on_time_rate_pct)}</td></tr>"
        )

    def payload(self) -> dict:
        data = self.data
        statuses = {code: [self.look(code).colour, self.look(code).zh, self.look(code).en] for code in sorted(self.used_statuses)}
        return {
            "statuses": statuses,
            "indicators": data.indicators,
            "unitsEn": {u: en for u, (en, _) in sorted(data.units.items())},
            "countUnits": sorted(u for u, (_, count) in data.units.items() if count),
            "departments": data.departments,
            "plans": data.plans,
            "charts": {
                r.code: [[c.indicator, c.leads, c.co, c.targets, c.annual, c.quarterly] for c in r.charts] for r in data.details
            },
        }


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
    sections = (
        page.overview() + "".join(page.section(r) for r in data.details) + page.quality() + monitoring.render(data.monitoring)
    )
    nav = _nav(data)
    payload = json.dumps(page.payload(), ensure_ascii=False, separators=(",", ":"), default=str).replace("</", "<\\/")
    published = f"{t('发布于', 'Published')} {escape(data.published_at)} UTC" if data.published_at else ""
    script = (ASSETS / "page.js").read_text(encoding="utf-8")
    css = (ASSETS / "page.css").read_text(encoding="utf-8").replace("$FONTS", FONT_STACK)
    fonts = font_face_css(
        sections,
        nav,
        payload,
        script,
        published,
        (ASSETS / "page.html").read_text(encoding="utf-8"),
        "".join(page.chip(b, bucket=True) for b in BUCKETS),
        t("数字经济规划进展", ""),
    )
    return (
        (ASSETS / "page.html")
        .read_text(encoding="utf-8")
        .format(
            css=fonts + css,
            plotly_js=plotly_js.replace("</script", "<\\/script"),
            script=script,
            title=t("数字经济规划进展", "Digital-economy plan progress"),
            published=published,
            nav=nav,
            sections=sections,
            figures=payload,
            legend="".join(page.chip(b, bucket=True) for b in BUCKETS),  # statuses take their bucket's colour
        )
    )
