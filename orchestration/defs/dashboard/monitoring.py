"""Dashboard sections for monitoring (docs/monitoring.md): reporting status per region and
department, which quarters are approved, and what changed in the latest publish.

`load` reads them from the published file (each only when its table is there); `render` writes the
HTML sections, in both languages like the rest of the page.
"""

from __future__ import annotations

from dataclasses import dataclass

ROW_CAP = 200


@dataclass
class Monitoring:
    reporting: object | None = None  # Capped rows of mart_reporting_status
    approvals: object | None = None  # Capped rows of mart_approval_status (approved quarters first)
    n_approved: int = 0
    diff_tables: object | None = None  # Capped rows of publish_diff (the latest version, changed tables)
    diff_changes: object | None = None  # Capped rows of publish_changes (the latest version)
    diff_version: int | None = None


def _capped(conn, sql: str, params=None):
    from orchestration.defs.dashboard.data import Capped

    cursor = conn.execute(f"select * from ({sql}) limit {ROW_CAP + 1}", params or [])
    columns = [d[0] for d in cursor.description]
    rows = [dict(zip(columns, r)) for r in cursor.fetchall()]
    total = conn.execute(f"select count(*) from ({sql})", params or []).fetchone()[0] if len(rows) > ROW_CAP else len(rows)
    return Capped(rows[:ROW_CAP], total)


def load(conn, tables: set[str]) -> Monitoring:
    found = Monitoring()
    if "mart_reporting_status" in tables:
        found.reporting = _capped(
            conn,
            """
            select level as "层级 level", code as "代码 code", name_zh as "名称 name", latest_quarter as "最新季度 latest",
                n_indicators_with_targets as "有目标指标 with targets", n_with_data_latest as "最新季度有数据 with data",
                n_expected_latest as "最新季度应报 expected", n_approved_latest as "已审核 approved",
                on_time_rate_pct as "按时率% on time", late_rate_pct as "迟报率% late"
            from mart_reporting_status order by level desc, n_indicators_with_targets desc, code""",
        )
    if "mart_approval_status" in tables:
        found.n_approved = conn.execute(
            "select count(*) from mart_approval_status where approval_status = 'approved'"
        ).fetchone()[0]
        found.approvals = _capped(
            conn,
            """
            select region_code as "地区 region", region_name_zh as "名称 name", quarter_key as "季度 quarter",
                approval_status as "状态 status", strftime(approved_at, '%Y-%m-%d %H:%M') as "审核时间 approved at",
                approved_by as "审核人 by", n_departments_submitted || '/' || n_departments_expected as "已报部门 departments",
                last_reopen_reason as "最近解锁原因 last reopened because"
            from mart_approval_status
            order by approval_status = 'approved' desc, year desc, quarter desc, region_code""",
        )
    if "publish_diff" in tables:
        (found.diff_version,) = conn.execute("select max(version) from publish_diff").fetchone()
        found.diff_tables = _capped(
            conn,
            """
            select table_name as "表 table", rows_before as "之前 before", rows_after as "之后 after",
                rows_added as "新增 added", rows_removed as "删除 removed", rows_changed as "变更 changed",
                scope as "比较范围 compared"
            from publish_diff where version = ? and (rows_added > 0 or rows_removed > 0 or rows_changed > 0)
            order by table_name""",
            [found.diff_version],
        )
        if "publish_changes" in tables:
            found.diff_changes = _capped(
                conn,
                """
                select kind as "类型 kind", region_code || ' ' || coalesce(region_name_zh, '') as "地区 region",
                    coalesce(indicator_name_zh, indicator_code) as "指标 indicator", year as "年 year",
                    quarter as "季 quarter",
                    case when kind = 'status_flipped' then before_text else cast(round(before_value, 4) as varchar) end as "之前 before",
                    case when kind = 'status_flipped' then after_text else cast(round(after_value, 4) as varchar) end as "之后 after",
                    change_pct as "变化% change"
                from publish_changes where version = ?
                order by kind desc, abs(change_pct) desc nulls last, region_code, indicator_code""",
                [found.diff_version],
            )
    return found


def render(found: Monitoring | None) -> str:
    """The monitoring sections (empty when the published file has none of their tables)."""
    from orchestration.defs.dashboard.page import _table, t

    if found is None:
        return ""
    parts = []
    if found.reporting is not None:
        parts.append(
            f'<section class="reporting-status" id="reporting-status"><h2>{t("报送状态", "Reporting status")}</h2>'
            f"<p class=muted>{t('按地区与部门：有目标的指标、最新季度有数据与已审核的指标、按时与迟报率', 'Per region and department: indicators with targets, with data and approved for the latest quarter, on-time and late rates')} "
            f"<code>mart_reporting_status</code></p>{_table(found.reporting, 'mart_reporting_status')}</section>"
        )
    if found.approvals is not None:
        parts.append(
            f'<section class="approvals" id="approvals"><h2>{t("季度审核", "Approved quarters")}</h2>'
            f"<p class=muted>{t(f'已审核（锁定）的地区季度：{found.n_approved} 个', f'Region × quarters approved (locked): {found.n_approved}')} "
            f"<code>mart_approval_status</code>, <code>mart_approval_audit</code></p>"
            f"{_table(found.approvals, 'mart_approval_status')}</section>"
        )
    if found.diff_tables is not None:
        changes = (
            ""
            if found.diff_changes is None
            else (
                f"<h3>{t('已发布进展的最大变化', 'Largest changes of published progress')}</h3>{_table(found.diff_changes, 'publish_changes')}"
            )
        )
        parts.append(
            f'<section class="publish-diff" id="publish-diff"><h2>{t(f"本次发布的变化（版本 {found.diff_version}）", f"What changed in this publish (version {found.diff_version})")}</h2>'
            f"<p class=muted><code>plantrack diff</code>, <code>publish_diff</code></p>{_table(found.diff_tables, 'publish_diff')}{changes}</section>"
        )
    return "".join(parts)
