"""The dashboard: built by the pipeline, offline, and drawn by a real headless Chromium."""

import re
import shutil

import duckdb
import pytest
from chromium import chromium_binary, dump_dom

from orchestration.dashboard import build_dashboard, dashboard_path


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
