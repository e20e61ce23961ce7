"""The dashboard: built by the pipeline, offline, and drawn by a real headless Chromium."""

import importlib.util
import json
import re
import shutil

import duckdb
import pytest
from chromium import chromium_binary, dump_dom
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
    (first_region,) = built.query("select region_code from mart_progress group by 1 order by count(distinct indicator_code) desc, 1 limit 1")[0]
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
    rows = built.query("select indicator_name_zh, lead_departments_zh from mart_progress where status = 'not_met' and lead_departments_zh is not null")
    html = page.read_text(encoding="utf-8")
    for indicator, leads in rows:
        table = html[html.index('class="offtrack"'):]
        assert indicator in table and leads in table


def test_tables_of_later_issues_appear_once_published(built, tmp_path):
    """Completeness, data-quality issues and the progress vocabulary are shown when the file has them."""
    published = tmp_path / "plantrack.duckdb"
    shutil.copy(built.published, published)
    (region, key) = built.query("select region_code, target_key from mart_progress order by region_code, target_key limit 1")[0]
    with duckdb.connect(str(published)) as conn:
        conn.execute("create or replace table dq_issues as select 'warning' as severity, 'ytd_decreasing_zz' as expectation")
        conn.execute("create or replace table mart_submission_completeness_by_department as select ? as region_code, 'dept_zz' as department_code, 12 as n_expected, 9 as n_received", [region])
        conn.execute("create or replace table dim_progress_vocabulary as select 'slipping_zz' as code, 'trajectory' as kind, 'off_track' as bucket, '下滑ZZ' as name_zh, 'Slipping ZZ' as name_en")
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
    assert 'data-summarised-only="288"' in note and "其余 288 个地区仅显示汇总" in note and "288 regions are summarised only" in note
    assert "plantrack dashboard --region" in note and "PLANTRACK_DASHBOARD_DETAIL_REGIONS" in note
    quality = html.split('class="quality"')[1]
    assert quality.count("<tr>") == 301 and "200 more rows (of 500)" in quality, "dq_issues: the first 300 rows, and how many more"

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
