"""Acceptance: mart_progress for Ningbo 2022 shows each annex indicator with its target, the actual,
the status and the numbers behind it — checked against the curated CSVs, not against the marts' SQL."""

from __future__ import annotations

import csv
import re

import pytest

from orchestration.settings import PROJECT_ROOT

PLAN = "ningbo_dex_2022_2026"


def _annex(file: str, year: str) -> dict[str, float | None]:
    """Figures of the 2022-2026 plan's annex (附表) for one year, by indicator, as the CSV writes them."""
    with (PROJECT_ROOT / "data" / "plans" / file).open(encoding="utf-8") as handle:
        rows = [
            r
            for r in csv.DictReader(handle)
            if r["plan_id"] == PLAN and r["source_section"].startswith("附表") and r["year"] == year
        ]
    return {
        r["indicator_code"]: (float(re.sub(r"[^0-9.]", "", r["value_text"])) if re.search(r"\d", r["value_text"]) else None)
        for r in rows
    }


@pytest.fixture(scope="module")
def ningbo_2022(built) -> dict[str, dict]:
    columns = [
        "indicator_code",
        "target_operator",
        "target_value",
        "actual_value",
        "judged_value",
        "status",
        "year_status",
        "baseline_year",
        "baseline_value",
        "required_growth",
        "trajectory_status",
        "trajectory_note",
        "lead_departments_zh",
        "source_text",
    ]
    rows = built.query(
        f"select {', '.join(columns)} from mart_progress where plan_id = ? and region_code = '330200' and year = 2022",
        [PLAN],
    )
    return {r[0]: dict(zip(columns, r)) for r in rows}


def test_every_annex_indicator_has_its_target(ningbo_2022):
    annex = _annex("targets.csv", "2022")
    assert len(annex) >= 14
    assert set(annex) <= set(ningbo_2022)
    for indicator, value in annex.items():
        assert ningbo_2022[indicator]["target_value"] == pytest.approx(value), indicator


def test_a_finished_year_is_met_not_met_or_without_data(ningbo_2022):
    for indicator, row in ningbo_2022.items():
        assert row["year_status"] == row["status"], indicator
        if row["judged_value"] is None:
            assert row["status"] == "no_data", indicator
        else:
            assert row["status"] in ("met", "not_met"), indicator
        assert row["lead_departments_zh"], indicator


def test_the_numbers_behind_the_status_are_shown(ningbo_2022):
    baselines = _annex("actuals.csv", "2021")
    assert len([v for v in baselines.values() if v is not None]) >= 12
    for indicator, baseline in baselines.items():
        row = ningbo_2022[indicator]
        if baseline is None:  # 数字金融 2021 is —— in the annex
            assert row["baseline_value"] is None and row["trajectory_status"] == "insufficient_data", indicator
            assert "no actual before" in row["trajectory_note"]
            continue
        assert (row["baseline_year"], row["baseline_value"]) == (2021, pytest.approx(baseline)), indicator
        # one year from the 2021 baseline to the 2022 target: the required growth is the plain ratio
        assert row["required_growth"] == pytest.approx((row["target_value"] / baseline - 1) * 100), indicator


def test_the_2021_share_target_is_not_met_by_6_9_percent(built):
    # 2020 report: 核心产业增加值占GDP比重达到7%以上 in 2021; the 2022 plan reports 6.9 % for 2021
    rows = built.query(
        """select target_operator, target_value, actual_value, status, lead_departments_zh from mart_progress
           where region_code = '330200' and indicator_code = 'dex_core_value_added_share_gdp' and year = 2021"""
    )
    assert [r[:4] for r in rows] == [(">=", 7.0, 6.9, "not_met")]


def test_labels_in_three_scripts(built):
    rows = built.query(
        """select lang, region_name, indicator_name, status_name from mart_progress_labelled
           where plan_id = ? and indicator_code = 'ic_revenue' and year = 2022 order by lang""",
        [PLAN],
    )
    names = {r[0]: r[1:] for r in rows}
    assert set(names) == {"en", "zh-Hans", "zh-Hant"}
    assert names["zh-Hans"][0] == "宁波市" and names["zh-Hant"][0] == "寧波市" and names["en"][0] == "Ningbo"
    assert names["zh-Hant"][1] == "集成電路營業收入"
    assert {n[2] for n in names.values()} <= {"无数据", "無數據", "No data", "已完成", "未完成", "Met", "Not met"}


# Issue 9: the published tables say what the documents say. Expected values are read off the
# documents (the verbatim text is the assertion), not off the models' SQL.
SUCHENG = "sucheng_dex_2022_2024"
OPERATOR_CASES = [
    # plan, region, indicator, year, published operator, value, published text, the table's bare figure
    (PLAN, "330200", "digital_products_internet_trade_revenue", 2026, ">", 2000, "突破2000亿元", "2000"),
    (PLAN, "330200", "dex_core_services_revenue", 2026, ">", 4000, "超过4000亿元", "4000"),
    (PLAN, "330200", "city_digital_workshops", 2026, ">=", 1000, "1000个以上", "1000"),
    (SUCHENG, "321302", "fiveg_base_stations", 2024, ">=", 1500, "1500座以上", "1500"),
    (SUCHENG, "321302", "identifier_node_enterprises", 2024, ">", 60, "超60家", "60"),
]


@pytest.mark.parametrize("plan,region,indicator,year,operator,value,text,table_text", OPERATOR_CASES)
def test_the_most_specific_statement_is_published_and_every_statement_kept(
    built, plan, region, indicator, year, operator, value, text, table_text
):
    rows = built.query(
        """select target_key, target_operator, target_value, value_text, sources_disagree, operators_disagree
           from fct_target where plan_id = ? and region_code = ? and indicator_code = ? and year = ? and area_code is null""",
        [plan, region, indicator, year],
    )
    assert [r[1:] for r in rows] == [(operator, value, text, True, True)]
    sources = built.query(
        "select value_text, operator, statement_kind, is_published from fct_target_source where target_key = ?", [rows[0][0]]
    )
    assert (table_text, "=", "table", False) in sources and (text, operator, "text", True) in sources


def test_sources_disagree_compares_operators_across_all_targets(built):
    """Class: every target whose statements carry different operators is flagged, and no other."""
    rows = built.query(
        """select t.target_key, t.sources_disagree, count(distinct s.operator), count(distinct round(s.value, 6))
           from fct_target t join fct_target_source s using (target_key) group by all"""
    )
    assert all(flag == (ops > 1 or values > 1) for _, flag, ops, values in rows)
    assert sum(flag for _, flag, _, _ in rows) >= 5
    # every curated statement is kept, exactly one of each target's published
    assert built.query("select count(*) from fct_target_source") == built.query("select sum(n_sources) from fct_target")
    assert (
        built.query("select target_key from fct_target_source group by 1 having count(*) filter (where is_published) <> 1") == []
    )


def test_a_lone_stretch_wording_is_the_base_target(built):
    # 003 line 23: 全省网络零售额力争突破2万亿元, no base figure beside it
    assert built.query(
        """select target_tier, stated_tier, target_operator, target_value from fct_target
           where region_code = '330000' and indicator_code = 'online_retail_sales' and year = 2020"""
    ) == [("base", "stretch", ">", 20000.0)]
    # class: a stretch target always has its base beside it (增长13%，力争15%)
    assert (
        built.query(
            """select s.target_key from fct_target s where s.target_tier = 'stretch' and not exists (
               select 1 from fct_target b where b.target_tier = 'base' and b.plan_id = s.plan_id
               and b.region_code = s.region_code and b.indicator_code = s.indicator_code and b.year = s.year)"""
        )
        == []
    )


def test_cixi_figures_with_hangzhou_bay_are_not_cixis_own(built):
    # 002 lines 12, 14: 71.73亿元 (88.17亿元, 含杭州湾); 2475件 (4213件, 含杭州湾); 软件业务收入 142.2亿元 only 含杭州湾
    rows = built.query(
        """select indicator_code, value from fct_actual where region_code = '330282' and year = 2020 and source_type = 'document'
           and indicator_code in ('dex_core_manufacturing_value_added', 'valid_invention_patents', 'software_business_revenue')
           order by 1"""
    )
    assert rows == [("dex_core_manufacturing_value_added", 71.73), ("valid_invention_patents", 2475.0)]


def test_area_targets_are_the_areas_not_the_citys(built):
    with (PROJECT_ROOT / "data" / "plans" / "targets.csv").open(encoding="utf-8") as handle:
        curated = [r for r in csv.DictReader(handle) if r["scope"] == "area"]
    assert {r["area_code"] for r in curated} >= {"qianwan_dex_park", "yongjiang_univ", "digital_twin_institute"}
    published = built.query(
        """select indicator_code, area_code, area_name_zh, region_code from fct_target where area_code is not null"""
    )
    assert sorted((r[0], r[1]) for r in published) == sorted((r["indicator_code"], r["area_code"]) for r in curated)
    assert ("qianwan_dex_park_output_value", "qianwan_dex_park", "前湾新区数字经济产业园", "330200") in published
    # the city's own figures are the city's: no area target among them, and none judged by the city's actuals
    assert built.query(
        "select count(*) from mart_progress where area_code is not null and (actual_value is not null or scope = 'region')"
    ) == [(0,)]


PERIOD_CASES = [
    # plan, indicator, year, period, first year, kind
    ("ningbo_report_2020", "key_core_tech_breakthroughs", 2023, "span", 2021, "span_total"),  # 力争3年内…30项
    (PLAN, "dex_talent_team_projects_annual", 2026, "per_year", 2022, "annual_flow"),  # 每年…400个以上
    (SUCHENG, "city_smart_mfg_demo_workshops_new", 2024, "span", 2022, "span_total"),  # 到2024年…新增…20个
    (SUCHENG, "new_cross_border_livestream_entities", 2024, "per_year", 2022, "annual_flow"),  # 每年新培育
    ("ningbo_report_2020", "new_industrial_robots", 2021, "year", 2021, "annual_flow"),  # 年度新增: one year
]


@pytest.mark.parametrize("plan,indicator,year,period,start,kind", PERIOD_CASES)
def test_period_targets_are_typed_and_judged_over_their_span(built, plan, indicator, year, period, start, kind):
    rows = built.query(
        """select t.target_period, t.period_start_year, t.period_end_year, t.target_kind, p.period_years
           from fct_target t join mart_progress p using (target_key)
           where t.plan_id = ? and t.indicator_code = ? and t.year = ?""",
        [plan, indicator, year],
    )
    span_years = year - start + 1 if period != "year" else None
    assert rows == [(period, start, year, kind, span_years)]


LEAD_CASES = [
    # indicator (Ningbo 2026), the leads 表1 names (the row's own 责任单位), the paragraph names more
    ("digital_content_revenue", {"ningbo_propaganda", "ningbo_cultour", "ningbo_amr"}),
    ("future_farms", {"ningbo_agri"}),
]


@pytest.mark.parametrize("indicator,leads", LEAD_CASES)
def test_a_table_rows_own_departments_win_and_the_difference_is_flagged(built, indicator, leads):
    key, flagged = built.query(
        f"select target_key, leads_disagree from fct_target where plan_id = '{PLAN}' and indicator_code = ? "
        "and year = 2026 and area_code is null",
        [indicator],
    )[0]
    bridge = built.query(
        "select department_code, department_source from bridge_target_department where target_key = ? and department_role = 'lead'",
        [key],
    )
    assert {d for d, _ in bridge} == leads and {s for _, s in bridge} == {"table"} and flagged
    # the paragraph's list is kept with its line
    texts = built.query("select departments_text from fct_target_source where target_key = ? and statement_kind = 'text'", [key])
    assert any(len(t.split("、")) > len(leads) for (t,) in texts)


def test_the_rd_share_over_main_revenue_and_over_operating_revenue_are_two_series(built):
    notes = dict(
        built.query(
            """select indicator_code, definition_note from dim_indicator
           where indicator_code in ('dex_core_mfg_rd_share_revenue', 'dex_core_mfg_rd_share_main_revenue')"""
        )
    )
    assert all("series of its own" in note and "营业收入" in note for note in notes.values()) and len(notes) == 2
    # the 2026 target (4.3 %, over 营业收入) is judged from the plan's own 2021 baseline 3.3, not 2020's 3.5
    assert built.query(
        """select baseline_year, baseline_value from mart_progress
           where indicator_code = 'dex_core_mfg_rd_share_revenue' and year = 2026"""
    ) == [(2021, 3.3)]
