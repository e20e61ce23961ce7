"""The submission format (docs/submissions.md): columns, their Chinese and English names, bases.

One file per department × region × quarter, long format: one row per indicator.
Header names are matched after NFKC normalisation (full-width letters become ASCII), lower-cased,
with spaces removed; a bilingual header cell such as `数值 / value` or `数值(value)` matches
through either part.
"""

from __future__ import annotations

import re
import unicodedata

COLUMNS = ("department", "region", "year", "quarter", "indicator", "value", "unit", "basis", "note")
REQUIRED = ("department", "region", "year", "quarter", "indicator", "value", "unit", "basis")

# The Chinese header the templates write; any name in HEADER_ALIASES is accepted.
HEADER_ZH = {
    "department": "填报单位",
    "region": "地区",
    "year": "年份",
    "quarter": "季度",
    "indicator": "指标",
    "value": "数值",
    "unit": "单位",
    "basis": "口径",
    "note": "备注",
}

HEADER_ALIASES: dict[str, tuple[str, ...]] = {
    "department": (
        "department",
        "dept",
        "reporting_unit",
        "填报单位",
        "填報單位",
        "报送单位",
        "報送單位",
        "部门",
        "部門",
        "责任单位",
        "責任單位",
        "牵头部门",
        "牽頭部門",
    ),
    "region": ("region", "area", "地区", "地區", "区域", "區域", "行政区划", "行政區劃"),
    "year": ("year", "年份", "年度", "年"),
    "quarter": ("quarter", "period", "季度", "季", "报告期", "報告期"),
    "indicator": ("indicator", "indicator_code", "指标", "指標", "指标名称", "指標名稱", "指标代码", "指標代碼"),
    "value": ("value", "数值", "數值", "值", "本期数", "本期數", "数据", "數據"),
    "unit": ("unit", "单位", "單位", "计量单位", "計量單位"),
    "basis": ("basis", "口径", "口徑", "统计口径", "統計口徑"),
    "note": ("note", "notes", "remark", "备注", "備註", "说明", "說明"),
}


def header_key(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text or "")).lower()


_ALIAS_TO_COLUMN = {header_key(a): column for column, names in HEADER_ALIASES.items() for a in names}


def column_for(header_cell: str) -> str | None:
    """The canonical column a header cell names, or None (an extra column, ignored)."""
    key = header_key(header_cell)
    if key in _ALIAS_TO_COLUMN:
        return _ALIAS_TO_COLUMN[key]
    for part in re.split(r"[/|()（）\[\]【】]", key):
        if part in _ALIAS_TO_COLUMN:
            return _ALIAS_TO_COLUMN[part]
    return None


# Basis as written → ytd (year-to-date cumulative), quarter (the quarter alone), level (end of period).
# Anything containing 累计/累計 (1-6月累计, 1—9月累計) is year-to-date.
BASIS_ALIASES = {
    "ytd": ("ytd", "year-to-date", "cumulative", "累计", "累計", "年初至今", "本年累计", "本年累計"),
    "quarter": ("quarter", "q", "quarterly", "当季", "當季", "本季", "当季度", "當季度", "季度", "单季", "單季"),
    "level": ("level", "end", "end-of-period", "stock", "期末", "期末数", "期末數", "期末值", "时点", "時點", "存量"),
}

QUARTER_WORDS = {"一": 1, "二": 2, "三": 3, "四": 4}

SUFFIXES = (".csv", ".xlsx")


def is_submission_file(name: str) -> bool:
    """Files the landing folder takes: CSV or Excel, not hidden, not Excel's lock files (~$x.xlsx)."""
    return name.lower().endswith(SUFFIXES) and not name.startswith((".", "~$"))
