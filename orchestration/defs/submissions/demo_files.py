"""Writing one synthetic submission file in an office's habitual style (see demo.py)."""

from __future__ import annotations

import csv
import io
import random
import re
import zipfile
from datetime import datetime
from functools import cache
from pathlib import Path

from orchestration.defs.submissions.format import HEADER_ZH
from orchestration.settings import load_settings

QUARTER_ZH = {1: "一", 2: "二", 3: "三", 4: "四"}
FULL_WIDTH_DIGITS = str.maketrans("0123456789.", "０１２３４５６７８９．")
# A canonical unit and the other unit of its dimension some offices write instead (both in
# units.csv, which gives the factor: the figure is converted by units.csv's factors, see _factor).
SMALL_UNITS = {"亿元": "万元", "个": "万个", "户": "万户", "家": "万家", "人": "万人", "台": "万台", "件": "万件", "项": "万项"}


@cache
def _unit_factors(data_dir: Path) -> dict[str, float]:
    """unit -> factor to its dimension's base, from the reference data (data/reference/units.csv)."""
    from orchestration.defs.reference.curated import CURATED_TABLES, read_curated

    (table,) = [t for t in CURATED_TABLES if t.name == "units"]
    return {r.unit: float(r.factor) for r in read_curated(table, data_dir).itertuples()}


def _factor(canonical: str, written: str) -> float:
    """What a figure in `canonical` is multiplied by to be written in `written` (亿元 → 万元: 10000)."""
    factors = _unit_factors(load_settings().data_dir)
    return factors[canonical] / factors[written]


def _basis_text(basis: str, quarter: int, rng: random.Random, english: bool) -> str:
    if english:
        return basis
    if basis == "ytd":
        return rng.choice(["累计", f"1-{quarter * 3}月累计", "本年累计"]) if quarter > 1 else rng.choice(["累计", "1-3月累计"])
    return {"quarter": "当季", "level": rng.choice(["期末", "期末数"])}[basis]


def _value_and_unit(row: dict, habits: dict) -> tuple[object, str]:
    value, unit = row["value"], row["unit"]
    if not isinstance(value, (int, float)):
        return value, unit  # a planted error: text where a number belongs
    if habits["small_units"] and unit in SMALL_UNITS and (unit == "亿元" or abs(value) >= 10000):
        written = SMALL_UNITS[unit]
        return round(value * _factor(unit, written), 4), written
    if row["integer"] and float(value).is_integer():
        return int(value), unit
    return round(value, 4), unit


def _csv_value(value, unit: str, style: str, rng: random.Random) -> str:
    if not isinstance(value, (int, float)):
        return str(value)
    text = f"{value:,}" if style == "csv_gbk" and abs(value) >= 1000 and rng.random() < 0.5 else str(value)
    if style == "csv_gbk" and rng.random() < 0.3:
        text = text.translate(FULL_WIDTH_DIGITS)
    if unit == "%" and rng.random() < 0.3:
        text += "%"
    return text


def write_submission(stem: Path, habits: dict, texts: dict, rows: list[dict], quarter: int, rng: random.Random) -> Path:
    """Write the file (`stem` + .csv or .xlsx); returns its path."""
    style = habits["style"]
    english = style == "csv_bom_en"
    columns = ["department", "region", "year", "quarter", "indicator", "value", "unit", "basis", "note"]
    header = columns if english else [HEADER_ZH[c] for c in columns]
    body = []
    for row in rows:
        value, unit = _value_and_unit(row, habits)
        body.append(
            [
                texts["department"],
                texts["region"],
                texts["year"],
                texts["quarter"],
                row["indicator"],
                value,
                unit,
                _basis_text(row["basis"], quarter, rng, english),
                "",
            ]
        )
    if style == "xlsx":
        from openpyxl import Workbook

        workbook = Workbook()
        sheet = workbook.active
        sheet.title = "数据"
        sheet.append(header)
        for line in body:
            sheet.append(line)
        path = stem.with_name(stem.name + ".xlsx")
        path.write_bytes(_reproducible(workbook))
        return path
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n" if style == "csv_gbk" else "\n")
    writer.writerow(header)
    for index, line in enumerate(body):
        line[5] = _csv_value(line[5], line[6], style, rng)
        writer.writerow(line)
        if style == "csv_gbk" and index == 1:
            writer.writerow([])  # offices leave blank lines
    encoding = {"csv_bom_en": "utf-8-sig", "csv_gbk": "gb18030"}.get(style, "utf-8")
    path = stem.with_name(stem.name + ".csv")
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def _reproducible(workbook) -> bytes:
    """The .xlsx bytes without the save time (openpyxl stamps it into docProps and the zip entries),
    so the same demo is the same file and loading it again is a no-op."""
    workbook.properties.created = datetime(2024, 1, 1)
    raw = io.BytesIO()
    workbook.save(raw)
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>2024-01-01T00:00:00Z", data)
            target.writestr(
                zipfile.ZipInfo(item.filename, date_time=(2024, 1, 1, 0, 0, 0)), data, compress_type=zipfile.ZIP_DEFLATED
            )
    return out.getvalue()
