"""The target-text rule, table-driven: every form the source documents use."""

import pytest

from orchestration.rules.target_text import ParsedFigure, TargetTextError, parse_figure

CASES = [
    # text, unit_text, status, operator, number, unit, tier, growth
    ("6293", "亿元", "value", "=", 6293, "亿元", "base", False),
    (">1万", "亿元", "value", ">", 1, "万亿元", "base", False),
    (">15", "%", "value", ">", 15, "%", "base", False),
    (">15%", "", "value", ">", 15, "%", "base", False),
    ("1.77", "万个", "value", "=", 1.77, "万个", "base", False),
    ("超过1万亿元", "", "value", ">", 1, "万亿元", "base", False),
    ("达到4.5万个", "", "value", "=", 4.5, "万个", "base", False),
    ("增长13%", "", "value", "=", 13, "%", "base", True),
    ("力争15%", "", "value", "=", 15, "%", "stretch", False),
    ("增长15%以上", "", "value", ">=", 15, "%", "base", True),
    ("突破10万台", "", "value", ">", 10, "万台", "base", False),
    ("不少于3000台", "", "value", ">=", 3000, "台", "base", False),
    ("不超过5%", "", "value", "<=", 5, "%", "base", False),
    ("低于2", "%", "value", "<", 2, "%", "base", False),
    ("1000个以上", "", "value", ">=", 1000, "个", "base", False),
    ("破万亿元", "", "value", ">", 1, "万亿元", "base", False),
    ("超15%", "", "value", ">", 15, "%", "base", False),
    ("建成5G基站5万个", "", "value", "=", 5, "万个", "base", False),
    ("１，１８０", "座", "value", "=", 1180, "座", "base", False),
    ("1,180", "座", "value", "=", 1180, "座", "base", False),
    ("８．０％", "", "value", "=", 8.0, "%", "base", False),
    ("≥30", "%", "value", ">=", 30, "%", "base", False),
    ("100个左右", "", "value", "=", 100, "个", "base", False),
    ("十个", "", "value", "=", 10, "个", "base", False),
    ("力爭達到20家", "", "value", "=", 20, "家", "stretch", False),
    ("半壁以上", "", "value", ">=", 50, "%", "base", False),
    ("過億", "", "value", ">", 1, "億", "base", False),
    ("达到2780Gbps", "", "value", "=", 2780, "Gbps", "base", False),
    ("10G-PON端口數達到1萬個", "", "value", "=", 1, "萬個", "base", False),
    ("15%以上增速", "", "value", ">=", 15, "%", "base", False),
    ("800余个", "", "value", ">", 800, "个", "base", False),
    ("200多人", "", "value", ">", 200, "人", "base", False),
    ("提高1.5个百分点", "", "value", "=", 1.5, "个百分点", "base", True),
    ("——", "亿元", "no_value", None, None, None, "base", False),
    ("/", "", "not_applicable", None, None, None, "base", False),
    ("", "", "no_value", None, None, None, "base", False),
]


@pytest.mark.parametrize("text,unit_text,status,operator,number,unit,tier,growth", CASES)
def test_parse_figure(text, unit_text, status, operator, number, unit, tier, growth):
    assert parse_figure(text, unit_text) == ParsedFigure(
        status=status, operator=operator, number=number, unit=unit, tier=tier, growth_phrase=growth
    )


@pytest.mark.parametrize("text", ["1180座，1380座", "翻一番以上", "超过15%以下", "较快增长"])
def test_unreadable_texts_are_refused(text):
    with pytest.raises(TargetTextError):
        parse_figure(text)


# The period rule (orchestration/rules/target_period.py): the wording of each class in the documents.
PERIOD_WORDING = [
    ("每年引进培养领军型人才团队项目400个以上", "per_year"),
    ("每年組織30戶以上企業登錄“兩化融合服務平臺”開展線上自評估", "per_year"),
    ("數字化轉型對服務業企業增加值的貢獻份額年提升3個百分點以上", "per_year"),
    ("力争3年内突破关键核心技术(产品)30项以上", "span"),
    ("2021-2023年累计突破关键核心技术30项", "span"),
    ("２０２１—２０２３年累计30项", "span"),
    ("新增通過“兩化融合”貫標企業10家以上", "span"),
    ("经过5年建设，突破关键技术20项以上", "span"),
    ("累计实施数字经济项目2500个以上", "span"),  # a suggestion: 累计 of a stock is a level (curated)
    ("年度新增工业机器人3000台以上", "year"),  # one year's flow
    ("数字核心制造业营收达到7000亿元", "year"),
    ("全年制(修)订数字经济领域国际标准20项以上", "year"),
]


@pytest.mark.parametrize("text,expected", PERIOD_WORDING)
def test_period_wording(text, expected):
    from orchestration.rules.target_period import period_wording

    assert period_wording(text) == expected


PERIOD_CHECKS = [
    # period_kind, period_start, year, problem (a substring) or None
    ("", "", "2026", None),
    ("year", "", "2026", None),
    ("span", "2022", "2026", None),
    ("per_year", "2022", "2024", None),
    ("span", "", "2026", "period_start: a span target needs the first year"),
    ("per_year", "二〇二二", "2026", "period_start: a per_year target needs the first year"),
    ("span", "2027", "2026", "period_start: 2027 is after the target year 2026"),
    ("year", "2022", "2026", "period_start: '2022' given for a one-year target"),
    ("cumulative", "", "2026", "period_kind: 'cumulative' is not one of year, span, per_year"),
]


@pytest.mark.parametrize("kind,start,year,problem", PERIOD_CHECKS)
def test_check_period(kind, start, year, problem):
    from orchestration.rules.target_period import check_period

    found = check_period(kind, start, year)
    assert (found == []) if problem is None else (len(found) == 1 and problem in found[0]), found


SCOPE_CHECKS = [
    ("", "", None),
    ("region", "", None),
    ("", "xingang_town", None),  # an area code alone says the figure is the area's
    ("region_with_area", "hangzhou_bay_new_area", None),
    ("region", "xingang_town", "area_code: 'xingang_town' given for the region's own figure"),
    ("region_with_area", "", "area_code: scope region_with_area needs the area"),
    ("park", "x", "scope: 'park' is not one of region, area, region_with_area"),
]


@pytest.mark.parametrize("scope,area_code,problem", SCOPE_CHECKS)
def test_check_scope(scope, area_code, problem):
    from orchestration.rules.target_period import check_scope

    found = check_scope(scope, area_code)
    assert (found == []) if problem is None else (len(found) == 1 and problem in found[0]), found
