"""The dashboard: built by the pipeline, offline, and drawn by a real headless Chromium."""

import importlib.util
import json
import re
import shutil
from html import escape

import duckdb
import pytest
from chromium import chromium_binary, dump_dom, without_cjk_fonts
from typer.testing import CliRunner

from orchestration.cli import app
from orchestration.defs.dashboard import build_dashboard, dashboard_path
from orchestration.settings import PROJECT_ROOT


@pytest.fixture(scope="session")
def chromium():
    return chromium_binary()


@pytest.fixture(scope="session")
def page(built):
    path = dashboard_path(built.published)
    assert path.exists(), "the pipeline's dashboard asset writes it beside the published file"
    return path


def _body(dom: str) -> dict[str, str]:
    tag = re.search(r"<body([^>]*)>", dom).group(1)
    return dict(re.findall(r'([\w-]+)="([^"]*)"', tag))


def test_page_needs_no_network(page):
    html = page.read_text(encoding="utf-8")
    assert not re.search(r"""<(script|link|img)[^>]+(src|href)=["']?(https?:)?//""", html), "no CDN or remote asset"
    assert "plotly.js" in html and "Plotly.react" in html, "plotly.js is embedded"


def test_charts_draw_in_headless_chromium(chromium, page, built):
    dom = dump_dom(chromium, page)
    body = _body(dom)
    expected = int(body["data-charts-expected"])
    assert expected > 0
    assert int(body["data-charts-drawn"]) == expected, "every chart of the shown region has an SVG"
    # each drawn chart has plotted traces: scatter layers with points
    assert dom.count('class="main-svg"') >= expected
    assert len(re.findall(r'class="point"', dom)) >= expected
    (first_region,) = built.query(
        "select region_code from mart_progress group by 1 order by count(distinct indicator_code) desc, 1 limit 1"
    )[0]
    assert re.search(rf'id="region-{first_region}"(?![^>]*hidden)', dom), "the region with most indicators is shown first"


def test_language_switch_redraws_charts_in_english(chromium, page):
    (region,) = re.findall(r'data-region="(\d{6})"', page.read_text(encoding="utf-8"))[-1:]
    dom = dump_dom(chromium, page, f"?lang=en#region-{region}")
    body = _body(dom)
    assert body["class"] == "en"
    assert int(body["data-charts-drawn"]) == int(body["data-charts-expected"]) > 0
    assert re.search(rf'id="region-{region}"(?![^>]*hidden)', dom)
    legend = " ".join(re.findall(r'class="legendtext"[^>]*>([^<]*)<', dom))
    assert "Target" in legend and "目标" not in legend


def test_off_track_targets_name_their_lead_departments(built, page):
    rows = built.query(
        "select indicator_name_zh, lead_departments_zh from mart_progress where status = 'not_met' and lead_departments_zh is not null"
    )
    html = page.read_text(encoding="utf-8")
    for indicator, leads in rows:
        table = html[html.index('class="offtrack"') :]
        assert indicator in table and leads in table


def test_tables_of_later_issues_appear_once_published(built, tmp_path):
    """Completeness, data-quality issues and the progress vocabulary are shown when the file has them."""
    published = tmp_path / "plantrack.duckdb"
    shutil.copy(built.published, published)
    (region, key) = built.query("select region_code, target_key from mart_progress order by region_code, target_key limit 1")[0]
    with duckdb.connect(str(published)) as conn:
        conn.execute("create or replace table dq_issues as select 'warning' as severity, 'ytd_decreasing_zz' as expectation")
        conn.execute(
            "create or replace table mart_submission_completeness_by_department as select ? as region_code, 'dept_zz' as department_code, 12 as n_expected, 9 as n_received",
            [region],
        )
        conn.execute(
            "create or replace table dim_progress_vocabulary as select 'slipping_zz' as code, 'trajectory' as kind, 'off_track' as bucket, '下滑ZZ' as name_zh, 'Slipping ZZ' as name_en"
        )
        conn.execute("update mart_progress set status = 'slipping_zz' where target_key = ?", [key])
    html = build_dashboard(published, tmp_path / "dash.html").path.read_text(encoding="utf-8")
    section = html.split(f'id="region-{region}"')[1].split("</section>")[0]
    assert "dept_zz" in section and "尚未发布" not in section
    assert "ytd_decreasing_zz" in html.split('class="quality"')[1]
    missed = section.split('class="offtrack"')[1].split("</table>")[0]
    assert "下滑ZZ" in missed and "Slipping ZZ" in missed, "a vocabulary status in the off_track bucket is listed as missed"


def _bench():
    spec = importlib.util.spec_from_file_location("bench_dashboard", PROJECT_ROOT / "bench" / "dashboard.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_many_regions_are_summarised_and_only_a_capped_set_in_detail(built, tmp_path, monkeypatch):
    """Every region is a row of the all-regions table; detail (tables, charts) only for the capped set."""
    published = tmp_path / "plantrack.duckdb"
    _bench().build_published(published, built.published, regions=300, indicators=4, years=2, dq_issues=500)
    with duckdb.connect(str(published), read_only=True) as conn:
        regions = sorted(code for (code,) in conn.execute("select region_code from dim_region").fetchall())
    monkeypatch.setenv("PLANTRACK_DASHBOARD_DETAIL_REGIONS", "12")
    built_page = build_dashboard(published, tmp_path / "index.html")
    html = built_page.path.read_text(encoding="utf-8")
    assert (built_page.regions, built_page.detail_regions, built_page.summarised_only) == (300, 12, 288)

    summary = html.split('class="summary"')[1].split("</table>")[0]
    assert sorted(re.findall(r'<tr data-code="(\d{6})"', summary)) == regions, "every region is summarised"
    detail = re.findall(r'<section class="region" id="region-(\d{6})"', html)
    assert detail == regions[:12], "detail for the 12 regions with most targets (ties by code)"
    assert re.findall(r'data-region="(\d{6})"', html) == detail, "the region buttons are the detail regions"
    figures = json.loads(html.split('<script id="figures" type="application/json">')[1].split("</script>")[0])
    assert sorted(figures["charts"]) == detail and all(len(charts) == 4 for charts in figures["charts"].values())
    note = html.split('class="summarised"')[1].split("</p>")[0]
    assert (
        'data-summarised-only="288"' in note and "其余 288 个地区仅显示汇总" in note and "288 regions are summarised only" in note
    )
    assert "plantrack dashboard --region" in note and "PLANTRACK_DASHBOARD_DETAIL_REGIONS" in note
    quality = html.split('class="quality"')[1]
    assert quality.count("<tr>") == 301 and "200 more rows (of 500)" in quality, (
        "dq_issues: the first 300 rows, and how many more"
    )

    # any region's detail on demand: its own page, every region still summarised
    wanted = regions[-1]
    result = CliRunner().invoke(app, ["dashboard", "--published", str(published), "--region", wanted])
    assert result.exit_code == 0, result.output
    assert "300 regions, 1 in detail, 299 summarised only" in result.output
    page = (tmp_path / "dashboard" / f"region-{wanted}.html").read_text(encoding="utf-8")
    assert re.findall(r'<section class="region" id="region-(\d{6})"', page) == [wanted]
    assert len(re.findall(r'<tr data-code="', page)) == 300
    unknown = CliRunner().invoke(app, ["dashboard", "--published", str(published), "--region", "999999"])
    assert unknown.exit_code == 1 and "999999" in unknown.output


def test_chinese_reads_in_a_browser_without_cjk_fonts(chromium, page, tmp_path):
    """Fontconfig sees DejaVu only: the page's own CJK font draws the Chinese text (a glyph one em
    wide; a missing-glyph box is about a third of that)."""
    dom = dump_dom(chromium, page, env=without_cjk_fonts(tmp_path / "fonts"))
    assert float(_body(dom)["data-cjk-glyph-width"]) >= 0.95
    assert int(_body(dom)["data-charts-drawn"]) == int(_body(dom)["data-charts-expected"]) > 0


def _figures(html: str) -> dict:
    return json.loads(html.split('<script id="figures" type="application/json">')[1].split("</script>")[0])


def test_synthetic_figures_are_marked_on_the_page_and_per_figure(built, tmp_path):
    published = tmp_path / "plantrack.duckdb"
    shutil.copy(built.published, published)
    with duckdb.connect(str(published)) as conn:
        (region,) = conn.execute(
            "select region_code from mart_progress where status = 'not_met' group by 1 order by count(*) desc limit 1"
        ).fetchone()
        conn.execute("update mart_progress set actual_is_synthetic = (status = 'not_met') where region_code = ?", [region])
        (synthetic,) = conn.execute("select count(*) from mart_progress where actual_is_synthetic").fetchone()
        (not_met,) = conn.execute(
            "select count(*) from mart_progress where region_code = ? and status = 'not_met'", [region]
        ).fetchone()
        conn.execute("update fct_actual set is_synthetic = true where region_code = ?", [region])
    html = build_dashboard(published, tmp_path / "dash.html").path.read_text(encoding="utf-8")
    overview = html.split('class="overview"')[1].split("</section>")[0]
    assert f"{synthetic} targets are judged" in overview and f"{synthetic} 个目标" in overview
    row = overview.split(f'data-code="{region}"')[1].split("</tr>")[0]
    assert f"synthetic {synthetic}" in row, "the region's row says how many of its targets rest on synthetic figures"
    section = html.split(f'id="region-{region}"')[1].split("</section>")[0]
    assert f"{synthetic} of this region" in section
    missed = section.split('class="offtrack"')[1].split("</table>")[0]
    marked = [r for r in missed.split("<tr>")[2:] if 'class="synthetic"' in r]
    assert len(marked) == min(not_met, 100) > 0, "each synthetic actual (the not-met ones here) carries the mark, no other"
    assert all(c[4] and all(a[3] for a in c[4]) for c in _figures(html)["charts"][region] if c[4]), (
        "charts know which actuals are synthetic"
    )


def _cells(row: str) -> list[str]:
    return re.findall(r"<td[^>]*>(.*?)</td>", row)


def test_off_track_table_gives_gap_percent_and_units_sorted_by_how_far_off(built, page):
    html = page.read_text(encoding="utf-8")
    rows = built.query(
        """select region_code from mart_progress where status = 'not_met' and actual_value is not null group by 1 order by count(*) desc limit 1"""
    )
    (region,) = rows[0]
    section = html.split(f'id="region-{region}"')[1].split("</section>")[0]
    table = section.split('class="offtrack"')[1].split("</table>")[0]
    header = table.split("</tr>")[0]
    assert "% of target" in header and "Gap" in header and "Source" in header
    expected = built.query(
        """
        select abs(actual_value / target_value - 1) as off, round(100.0 * actual_value / target_value, 1), actual_value - target_value, unit
        from mart_progress where region_code = ? and status = 'not_met' and actual_value is not null and target_value <> 0
        order by off desc""",
        [region],
    )
    shares = [float(m) for m in re.findall(r"<td class=n>([\d.]+)%</td>", table)]
    assert shares and shares == sorted(shares, key=lambda v: -abs(v - 100)), "largest miss first"
    assert {float(e[1]) for e in expected} <= set(shares), "the percent of target is the actual's share of it"
    units = {e[3] for e in expected}
    if "亿元" in units:
        assert '<span lang="en">100 million yuan</span>' in table, "actuals and gaps carry their unit, in English too"


def test_english_view_translates_units_and_column_names(built, tmp_path):
    published = tmp_path / "plantrack.duckdb"
    shutil.copy(built.published, published)
    (region,) = built.query("select region_code from mart_progress group by 1 order by count(*) desc limit 1")[0]
    with duckdb.connect(str(published)) as conn:
        conn.execute(
            """create or replace table mart_submission_completeness_by_department as
                        select department_code, name_zh as department_name_zh, ? as region_code, '某地' as region_name_zh,
                               12 as n_expected, 9 as n_received, 75.0 as reporting_rate_pct
                        from dim_department limit 1""",
            [region],
        )
        (dept_en,) = conn.execute("select name_en from dim_department limit 1").fetchone()
    html = build_dashboard(published, tmp_path / "dash.html").path.read_text(encoding="utf-8")
    table = html.split(f'id="region-{region}"')[1].split('data-csv="completeness-')[1].split("</table>")[0]
    for english in ("Expected", "Received", "Reporting rate %", "Department"):
        assert f'<span lang="en">{english}</span>' in table
    assert ">n_expected<" not in table and ">reporting_rate_pct<" not in table, "raw column names only as a tooltip"
    assert f'<span lang="en">{escape(dept_en)}</span>' in table, "department names in English from dim_department"


def test_every_table_downloads_as_csv_and_count_axes_have_whole_ticks(chromium, page):
    dom = dump_dom(chromium, page, "?lang=en")
    tables = len(re.findall(r"<table[^>]*data-csv=", dom))
    assert tables >= 3 and dom.count('class="csv"') == tables, "a CSV button per table"
    figures = _figures(page.read_text(encoding="utf-8"))
    counts = set(figures["countUnits"])
    drawn = [card for card in dom.split('<div class="card"')[1:] if re.search(r'id="fig-\d{6}-([^"]+)"', card)]
    assert drawn
    for card in drawn:
        code = re.search(r'id="fig-\d{6}-([^"]+)"', card).group(1)
        ticks = re.findall(r'class="ytick"[^>]*>.*?<text[^>]*>([^<]*)</text>', card)
        if figures["indicators"][code][4] in counts and ticks:
            assert all(re.fullmatch(r"[\d,]+", t.replace("\u2212", "")) for t in ticks), (code, ticks)
        assert "Unit: " in card, "the unit is written above the axis, not rotated beside it"
