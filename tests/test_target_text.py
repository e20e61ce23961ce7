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
