"""The rule that turns a target's text, as the document wrote it, into operator, number, unit and tier.

`>1万` with the table unit `亿元` is "more than 1 万亿元"; `增长15%以上` is "at least 15 %";
`力争15%` is the stretch tier; `——` says there is no value and `/` that the indicator does
not apply. The number is kept as written, with its scale in the unit (`1.77` + `万个`):
scaling to the indicator's canonical unit is the unit rule's job (`data/reference/units.csv`).

Chinese statistical and legal usage counts the stated number in 以上 / 以下 / 不少于
("以上包括本数"), so those are >= / <=, while 超过 / 突破 / `>` exclude it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

NO_VALUE_TEXTS = frozenset({"", "——", "—", "--", "-", "－－", "无", "…"})
NOT_APPLICABLE_TEXTS = frozenset({"/", "／", "不适用"})

# Checked longest first, so 不超过 wins over 超过 and 不低于 over 低于.
PREFIX_OPERATORS: dict[str, str] = {
    ">=": ">=",
    "≥": ">=",
    "不少于": ">=",
    "不低于": ">=",
    "不小于": ">=",
    "至少": ">=",
    "<=": "<=",
    "≤": "<=",
    "不超过": "<=",
    "不高于": "<=",
    "不大于": "<=",
    "控制在": "<=",
    ">": ">",
    "超过": ">",
    "超過": ">",
    "过": ">",
    "過": ">",
    "突破": ">",
    "高于": ">",
    "大于": ">",
    "破": ">",
    "超": ">",
    "<": "<",
    "低于": "<",
    "少于": "<",
    "小于": "<",
}
SUFFIX_OPERATORS: dict[str, str] = {"以上": ">=", "及以上": ">=", "以下": "<=", "以内": "<=", "以內": "<="}
# 800余个 / 200多人: more than the number, written right after it.
MORE_THAN_MARKERS = ("余", "餘", "多")
STRETCH_MARKERS = ("力争", "力爭", "争取", "爭取")
GROWTH_MARKERS = ("增长", "增長", "增速", "增幅", "提高", "提升", "增加")
# Words around a figure that carry no meaning for the comparison.
SUFFIX_NOISE = ("左右", "增速", "增幅", "增长", "增長")
# Set phrases that stand for a figure: 半壁 (江山) is half.
IDIOMS = {"半壁": (50.0, "%")}
FILLER_WORDS = ("达到", "達到", "达", "達", "建成", "实现", "實現", "累计", "累計", "新增", "年均", "总量", "總量")

# A number: digits with optional thousands separators and decimals. A number glued to a single
# Latin letter (5G, 6G, 10G-PON) is part of a name; one followed by a unit word (2780Gbps) is a figure.
NUMBER = re.compile(r"(?<![A-Za-z0-9.])(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(?![0-9])(?![A-Za-z](?![A-Za-z]))")
# Written-out numbers (十, 两百) and a bare scale that means one of it (破万亿元 = more than 1 万亿元).
CN_DIGITS = {"一": 1, "二": 2, "两": 2, "兩": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
CN_UNITS = {"十": 10, "百": 100, "千": 1000}
CN_NUMBER = re.compile(r"[一二两兩三四五六七八九十百千]+|(?=[万萬亿億])")


class TargetTextError(ValueError):
    """The text does not state one figure this rule can read."""


@dataclass(frozen=True)
class ParsedFigure:
    status: str  # "value", "no_value" or "not_applicable"
    operator: str | None = None  # one of = > >= < <=
    number: float | None = None  # as written, before scaling
    unit: str | None = None  # as written, with its scale: 万亿元, 万个, %, 亿元
    tier: str = "base"  # "base" or "stretch" (力争)
    growth_phrase: bool = False  # the text speaks of growth (增长, 增速, 提高…)


def normalise(text: str) -> str:
    """Full-width digits and signs to ASCII (１２３ -> 123, ＞ -> >, ％ -> %), spaces removed."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text or ""))


def _cn_value(word: str) -> float:
    """一 .. 九千九百九十九; the empty match before a bare 万/亿 is one."""
    if not word:
        return 1.0
    total, digit = 0, 0
    for char in word:
        if char in CN_DIGITS:
            digit = CN_DIGITS[char]
        else:
            total += (digit or 1) * CN_UNITS[char]
            digit = 0
    return float(total + digit)


def _find_number(cleaned: str, text: str) -> tuple[float, int, int]:
    """The one figure in the text: its value and where it stands."""
    numbers = list(NUMBER.finditer(cleaned))
    if len(numbers) > 1:
        raise TargetTextError(f"more than one figure in {text!r}; curate one figure per row")
    if numbers:
        m = numbers[0]
        return float(m.group(0).replace(",", "")), m.start(), m.end()
    # No Arabic digits: a written-out number, preceded by nothing but operator words.
    for m in CN_NUMBER.finditer(cleaned):
        if _only_qualifiers(cleaned[: m.start()]):
            return _cn_value(m.group(0)), m.start(), m.end()
    raise TargetTextError(f"no figure in {text!r}")


def _only_qualifiers(prefix: str) -> bool:
    words = sorted((*PREFIX_OPERATORS, *STRETCH_MARKERS, *GROWTH_MARKERS, *FILLER_WORDS), key=len, reverse=True)
    for word in words:
        prefix = prefix.replace(word, "")
    return prefix == ""


def _operator_in(prefix: str) -> str | None:
    for word in sorted(PREFIX_OPERATORS, key=len, reverse=True):
        if word in prefix:
            return PREFIX_OPERATORS[word]
    return None


def _split_suffix(suffix: str) -> tuple[str, str | None]:
    """Unit text, and the operator a following 以上/以下 or 余 implies."""
    for noise in SUFFIX_NOISE:
        suffix = suffix.replace(noise, "")
    if suffix[:1] in MORE_THAN_MARKERS:
        return suffix[1:], ">"
    for word in sorted(SUFFIX_OPERATORS, key=len, reverse=True):
        if word in suffix:
            return suffix.replace(word, ""), SUFFIX_OPERATORS[word]
    return suffix, None


def _unit(suffix_unit: str, unit_text: str) -> str | None:
    """The text's own unit wins; a bare scale (`>1万`) borrows the column unit (`亿元`)."""
    unit_text = normalise(unit_text)
    if suffix_unit in ("", None):
        return unit_text or None
    if suffix_unit in ("万", "亿", "千", "百", "萬", "億") and unit_text:
        return suffix_unit + unit_text
    return suffix_unit


def parse_figure(text: str, unit_text: str = "") -> ParsedFigure:
    """Parse one figure's text (a table cell or the figure phrase of a sentence)."""
    cleaned = normalise(text)
    tier = "stretch" if any(m in cleaned for m in STRETCH_MARKERS) else "base"
    if cleaned in NO_VALUE_TEXTS:
        return ParsedFigure(status="no_value", tier=tier)
    if cleaned in NOT_APPLICABLE_TEXTS:
        return ParsedFigure(status="not_applicable", tier=tier)

    idiom = next((i for i in IDIOMS if i in cleaned), None)
    if idiom and not NUMBER.search(cleaned):
        start = cleaned.index(idiom)
        number, unit_text = IDIOMS[idiom][0], IDIOMS[idiom][1]
        end = start + len(idiom)
    else:
        number, start, end = _find_number(cleaned, text)
    prefix, suffix = cleaned[:start], cleaned[end:]

    prefix_op = _operator_in(prefix)
    suffix_unit, suffix_op = _split_suffix(suffix)
    if prefix_op and suffix_op and prefix_op != suffix_op:
        raise TargetTextError(f"conflicting operators {prefix_op!r} and {suffix_op!r} in {text!r}")
    return ParsedFigure(
        status="value",
        operator=prefix_op or suffix_op or "=",
        number=number,
        unit=_unit(suffix_unit, unit_text),
        tier=tier,
        growth_phrase=any(m in prefix for m in GROWTH_MARKERS),
    )
