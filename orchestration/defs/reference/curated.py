"""Reading the curated CSV tables of `data/`: shape checks with file, row and column in every error.

What a table means is checked later, in SQL (dbt tests, the quality gate); here we only make
sure a file can be loaded as written, and we parse target texts with the target-text rule.
"""

from __future__ import annotations

import csv
import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from orchestration.rules.target_period import check_period, check_scope
from orchestration.rules.target_text import TargetTextError, parse_figure

if TYPE_CHECKING:  # pandas costs ~2 s to import: not at code-location load
    import pandas as pd

PROVENANCE = [
    "plan_id",
    "seed_file",
    "source_section",
    "source_line",
    "source_text",
    "value_text",
    "restored_text",
    "restoration_note",
    "unit_text",
    "indicator_code",
    "region_code",
    "year",
    "note",
]
# Where a figure is for: the region, an area inside it, or the region with an area (rules/target_period.py).
SCOPE = ["scope", "area_code"]
# Over what time a target runs: one year, a span, each year of a span (rules/target_period.py).
PERIOD = ["period_kind", "period_start"]


@dataclass(frozen=True)
class CuratedTable:
    name: str  # table name in the warehouse's raw schema
    path: str  # relative to the data folder
    columns: list[str]
    required: list[str] = field(default_factory=list)  # must not be blank
    integers: list[str] = field(default_factory=list)
    figures: bool = False  # rows state a figure in value_text: parse it
    optional: list[str] = field(default_factory=list)  # may be missing from the header: read as blank
    description: str = ""


CURATED_TABLES = [
    CuratedTable(
        "plans",
        "plans/plans.csv",
        [
            "plan_id",
            "seed_file",
            "region_code",
            "title_zh",
            "title_en",
            "doc_type",
            "horizon_start",
            "horizon_end",
            "issued_date",
            "issuer_zh",
            "script",
        ],
        required=["plan_id", "seed_file", "region_code", "title_zh", "doc_type"],
        integers=["horizon_start", "horizon_end"],
        description="One row per source document (plan, work points, progress report).",
    ),
    CuratedTable(
        "plan_targets",
        "plans/targets.csv",
        PROVENANCE + SCOPE + PERIOD + ["departments_text", "co_departments_text"],
        required=["plan_id", "seed_file", "source_line", "source_text", "indicator_code", "region_code", "year"],
        integers=["source_line", "year"],
        figures=True,
        optional=SCOPE + PERIOD,
        description="Every target figure of the documents, verbatim, one row per region × indicator × year × tier.",
    ),
    CuratedTable(
        "plan_actuals",
        "plans/actuals.csv",
        PROVENANCE + SCOPE + ["figure_kind"],
        required=["plan_id", "seed_file", "source_line", "source_text", "indicator_code", "region_code", "year", "figure_kind"],
        integers=["source_line", "year"],
        figures=True,
        optional=SCOPE,
        description="Every actual or baseline figure the documents report, verbatim.",
    ),
    CuratedTable(
        "regions",
        "reference/regions.csv",
        ["region_code", "name_zh", "name_zh_hant", "name_en", "level", "parent_code"],
        required=["region_code", "name_zh", "name_en", "level"],
        description="Administrative regions with GB/T 2260 codes and parents.",
    ),
    CuratedTable(
        "areas",
        "reference/areas.csv",
        ["area_code", "name_zh", "name_zh_hant", "name_en", "area_kind", "region_code", "note"],
        required=["area_code", "name_zh", "name_en", "area_kind", "region_code"],
        description="Areas that are not administrative regions (development zones, parks, institutions), "
        "each with the region that contains it.",
    ),
    CuratedTable(
        "region_aliases",
        "reference/region_aliases.csv",
        ["region_code", "alias"],
        required=["region_code", "alias"],
        description="Every name under which a region appears.",
    ),
    CuratedTable(
        "departments",
        "reference/departments.csv",
        ["department_code", "region_code", "name_zh", "name_zh_hant", "name_en", "short_name_zh"],
        required=["department_code", "region_code", "name_zh", "name_en"],
        description="Responsible departments, each at its region level.",
    ),
    CuratedTable(
        "department_aliases",
        "reference/department_aliases.csv",
        ["department_code", "alias"],
        required=["department_code", "alias"],
        description="Every form under which a department appears (short, full, Traditional, truncated).",
    ),
    CuratedTable(
        "indicators",
        "reference/indicators.csv",
        [
            "indicator_code",
            "name_zh",
            "name_zh_hant",
            "name_en",
            "category_zh",
            "category_en",
            "unit",
            "measure_type",
            "direction",
            "parent_code",
            "is_additive_parent",
            "growth_of",
            "definition_note",
        ],
        required=["indicator_code", "name_zh", "name_en", "unit", "measure_type", "direction"],
        description="The indicator catalogue: one code per statistic, canonical unit, measure type.",
    ),
    CuratedTable(
        "indicator_aliases",
        "reference/indicator_aliases.csv",
        ["indicator_code", "alias"],
        required=["indicator_code", "alias"],
        description="Names under which an indicator appears.",
    ),
    CuratedTable(
        "units",
        "reference/units.csv",
        ["unit", "dimension", "factor", "name_en", "sdmx_unit_measure", "sdmx_unit_mult", "note"],
        required=["unit", "dimension", "factor", "sdmx_unit_measure", "sdmx_unit_mult"],
        integers=["sdmx_unit_mult"],
        description="The unit rule: every unit as written, its dimension and its factor to the dimension's base, "
        "its English name (blank: a counter word such as 个, which English leaves out) and its SDMX "
        "UNIT_MEASURE code and UNIT_MULT (power of ten: 亿元 = CNY × 10^8).",
    ),
    CuratedTable(
        "progress_vocabulary",
        "reference/progress_vocabulary.csv",
        ["code", "kind", "min_ratio", "bucket", "sort_order", "name_zh", "name_zh_hant", "name_en", "definition"],
        required=["code", "kind", "name_zh", "name_zh_hant", "name_en"],
        integers=["sort_order"],
        description="The words of the progress marts: statuses with their thresholds (the one home of them), "
        "scorecard buckets, tiers and roles, named in Simplified and Traditional Chinese and English.",
    ),
]


class CuratedDataError(ValueError):
    """A curated file cannot be loaded; the message lists every problem with file, row and column."""


def file_checksum(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def read_curated(table: CuratedTable, data_dir: Path) -> pd.DataFrame:
    """Read one curated CSV as text columns, plus `source_row` (the line in the CSV file)."""
    path = data_dir / table.path
    if not path.exists():
        raise CuratedDataError(f"{path}: file is missing")
    import pandas as pd

    problems: list[str] = []
    rows: list[dict[str, str]] = []
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in table.columns if c not in (reader.fieldnames or []) and c not in table.optional]
        if missing:
            raise CuratedDataError(f"{path}, row 1 (header): missing column(s) {', '.join(missing)}")
        for record in reader:
            if not any((v or "").strip() for v in record.values()):
                continue  # blank line
            row = {c: (record.get(c) or "").strip() for c in table.columns}
            problems += _row_problems(table, path, reader.line_num, row)
            rows.append({**row, "source_row": reader.line_num})
    frame = pd.DataFrame(rows, columns=[*table.columns, "source_row"])
    frame = frame.astype({c: "string" for c in table.columns} | {"source_row": "int64"})
    if table.figures:
        problems += _add_parsed_figures(frame, path)
    if problems:
        raise CuratedDataError(f"{len(problems)} problem(s) in {path}:\n" + "\n".join(problems))
    return frame


def _row_problems(table: CuratedTable, path: Path, line: int, row: dict[str, str]) -> list[str]:
    out = [f"{path}, row {line}, column {c}: value is required" for c in table.required if not row[c]]
    for column in table.integers:
        if row[column] and not row[column].isdigit():
            out.append(f"{path}, row {line}, column {column}: {row[column]!r} is not a whole number")
    problems = []
    if "scope" in table.columns:
        problems += check_scope(row["scope"], row["area_code"])
        row["scope"] = row["scope"] or ("area" if row["area_code"] else "region")
    if "period_kind" in table.columns:
        problems += check_period(row["period_kind"], row["period_start"], row["year"])
        row["period_kind"] = row["period_kind"] or "year"
    return out + [f"{path}, row {line}, column {problem}" for problem in problems]


def _add_parsed_figures(frame: pd.DataFrame, path: Path) -> list[str]:
    """Parse each row's figure text (restored text where the extraction lost characters)."""
    import pandas as pd

    problems, parsed = [], []
    for row in frame.itertuples():
        text_column = "restored_text" if row.restored_text else "value_text"
        try:
            parsed.append(parse_figure(getattr(row, text_column), row.unit_text))
        except TargetTextError as error:
            problems.append(f"{path}, row {row.source_row}, column {text_column}: {error}")
            parsed.append(None)
    columns = {
        "parsed_status": ("status", "string"),
        "parsed_operator": ("operator", "string"),
        "parsed_number": ("number", "Float64"),
        "parsed_unit": ("unit", "string"),
        "parsed_tier": ("tier", "string"),
        "growth_phrase": ("growth_phrase", "boolean"),
    }
    for column, (attribute, dtype) in columns.items():
        frame[column] = pd.Series([getattr(p, attribute) if p else None for p in parsed], dtype=dtype)
    return problems


def read_source_lines(sources_dir: Path) -> pd.DataFrame:
    """Every line of every source document, so provenance can be checked in SQL."""
    import pandas as pd

    rows = [
        {"seed_file": path.name, "line_no": number, "line_text": text}
        for path in sorted(sources_dir.glob("*.txt"))
        for number, text in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
    ]
    if not rows:
        raise CuratedDataError(f"{sources_dir}: no source documents (*.txt)")
    return pd.DataFrame(rows)
