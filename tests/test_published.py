"""The published file, after a real run on the bundled data, says what the documents say."""

import csv

import pytest

from orchestration.settings import PROJECT_ROOT

TARGET = """
    select t.target_operator, t.target_value, t.unit
    from fct_target t
    join dim_indicator i using (indicator_code)
    join dim_region r using (region_code)
    where r.name_zh = ? and (i.name_zh = ? or i.indicator_code = ?) and t.year = ? and t.target_tier = ?
"""


@pytest.mark.parametrize(
    "region,indicator,year,tier,expected",
    [
        ("宁波市", "ic_revenue", 2024, "base", ("=", 720.0, "亿元")),  # 附表: 集成电路 (亿元)
        ("宿城区", "千兆宽带用户数", 2024, "base", ("=", 110000.0, "户")),
        ("宁波市", "数字经济增加值", 2026, "base", (">", 10000.0, "亿元")),
        ("宁波市", "5G基站数量", 2026, "base", ("=", 45000.0, "个")),
        ("宿城区", "5G基站数量", 2022, "base", ("=", 1180.0, "个")),
    ],
)
def test_documented_targets(built, region, indicator, year, tier, expected):
    rows = built.query(TARGET, [region, indicator, indicator, year, tier])
    assert rows == [expected]


def test_base_and_stretch_tiers_of_zhejiang_2020(built):
    # 全省数字经济核心产业增加值增长13%，力争15%: one growth-rate indicator, two tiers
    rows = built.query(
        """select t.indicator_code, i.measure_type, t.target_tier, t.target_value
           from fct_target t join dim_indicator i using (indicator_code)
           where t.region_code = '330000' and t.year = 2020 and t.value_text in ('增长13%', '力争15%')
           order by t.target_tier"""
    )
    assert [r[1:] for r in rows] == [("growth_rate", "base", 13.0), ("growth_rate", "stretch", 15.0)]
    assert rows[0][0] == rows[1][0]


def test_units_are_scaled_to_the_canonical_unit(built):
    # 表1: 5G基站数量(万个) 2021 = 1.77 -> 17700 个
    rows = built.query(
        """select a.value, a.unit from fct_actual a join dim_indicator i using (indicator_code)
           where a.region_code = '330200' and i.name_zh = '5G基站数量' and a.year = 2021"""
    )
    assert rows == [(17700.0, "个")]


def test_every_curated_target_is_published(built):
    with (PROJECT_ROOT / "data/plans/targets.csv").open(encoding="utf-8") as handle:
        curated = sum(1 for _ in csv.DictReader(handle))
    (published,) = built.query("select sum(n_sources) from fct_target")[0]
    assert published == curated


def test_regions_carry_gb2260_codes_and_parents(built):
    rows = built.query(
        "select region_code, parent_code from dim_region where name_zh in ('宁波市', '慈溪市', '宿城区') order by 1"
    )
    assert rows == [("321302", "321300"), ("330200", "330000"), ("330282", "330200")]
    (bad,) = built.query("select count(*) from dim_region where not regexp_full_match(region_code, '[1-8][0-9]{5}')")[0]
    assert bad == 0


def test_every_responsible_unit_resolves_to_a_department(built):
    (unresolved,) = built.query("select count(*) from bridge_target_department where department_code is null")[0]
    assert unresolved == 0
    leads = built.query(
        """select d.name_zh from fct_target t
           join dim_indicator i using (indicator_code)
           join bridge_target_department b using (target_key)
           join dim_department d using (department_code)
           where t.region_code = '330200' and i.indicator_code = 'ic_revenue' and t.year = 2024 and b.department_role = 'lead'"""
    )
    assert leads == [("宁波市经济和信息化局",)]


def test_published_file_opens_read_only_and_logs_the_publish(built):
    (n,) = built.query("select count(*) from publish_log")[0]
    assert n == 1
