"""Excel templates: one sheet per department and quarter, pre-filled with exactly the regions and
indicators the department leads in a plan whose horizon covers the year, units fixed.

Only the value, basis and note cells can be edited (the sheet is protected without a password);
value cells accept numbers only (a share 0-100, a count or amount not negative), basis cells offer
a drop-down of the bases the indicator allows. A filled template is a valid submission as it is.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from orchestration.defs.submissions.format import COLUMNS, HEADER_ZH
from orchestration.defs.submissions.messages import t
from orchestration.defs.submissions.validate import LOOKUPS, MACROS

ROWS = """
select d.name_zh as department, r.name_zh as region, i.indicator_code, i.name_zh, i.unit, i.measure_type,
    i.value_range,
    case when (select count(*) from lk_indicator k where k.name = pt_norm(i.name_zh)) = 1
         then i.name_zh else i.indicator_code end as indicator_text
from lk_lead l
join core.dim_department d using (department_code)
join core.dim_region r on r.region_code = l.region_code
join core.dim_indicator i on i.indicator_code = l.indicator_code
join lk_years y on y.region_code = l.region_code and y.indicator_code = l.indicator_code
where l.department_code = ? and list_contains(y.years, ?)
order by r.region_code, i.indicator_code
"""

BASES = {"flow": ("累计", "当季"), "other": ("期末",)}
EDITABLE = Protection(locked=False)
INPUT_FILL = PatternFill("solid", fgColor="FFF2CC")
WIDTHS = {"department": 26, "region": 10, "year": 8, "quarter": 8, "indicator": 36, "unit": 8, "basis": 10, "note": 24}


class TemplateError(ValueError):
    """The department is unknown or leads nothing in that year."""


def _lookup(conn, table: str, name: str) -> str | None:
    conn.execute(MACROS)
    conn.execute(LOOKUPS)
    row = conn.execute(f"select code from {table} where name = pt_norm(?)", [name]).fetchone()
    return row[0] if row else None


def resolve_department(conn, name: str) -> str:
    """The loader's matcher (lk_department, from core.int_name_keys, the one home of name matching):
    codes, names, short names, Traditional, English, aliases, on their key (full-width, spaces, case)."""
    code = _lookup(conn, "lk_department", name)
    if code is None:
        raise TemplateError(t("template.unknown_department", department=name))
    return code


def resolve_region(conn, name: str) -> str:
    """The loader's matcher (lk_region, from core.int_name_keys)."""
    code = _lookup(conn, "lk_region", name)
    if code is None:
        raise TemplateError(t("status.unknown_region", region=name))
    return code


def write_template(conn, department: str, year: int, quarter: int, out: Path) -> tuple[Path, int]:
    """Write the template; returns its path and the number of indicator rows."""
    code = resolve_department(conn, department)
    rows = conn.execute(ROWS, [code, year]).fetchall()
    if not rows:
        raise TemplateError(t("template.leads_nothing", department=department, code=code, year=year))
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = f"{year}Q{quarter}"
    sheet.append([f"{HEADER_ZH[c]} / {c}" for c in COLUMNS])
    letter = {column: get_column_letter(i) for i, column in enumerate(COLUMNS, start=1)}
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    validations = {
        "any": DataValidation(type="decimal", operator="between", formula1="-1E+15", formula2="1E+15"),
        "non_negative": DataValidation(type="decimal", operator="between", formula1="0", formula2="1E+15"),
        "share": DataValidation(type="decimal", operator="between", formula1="0", formula2="100"),
        "flow": DataValidation(type="list", formula1='"' + ",".join(BASES["flow"]) + '"'),
        "other": DataValidation(type="list", formula1='"' + ",".join(BASES["other"]) + '"'),
    }
    for validation in validations.values():
        validation.error = "请填写数字 / numbers only" if validation.type == "decimal" else "请从列表选择 / pick from the list"
        validation.showErrorMessage = True
        sheet.add_data_validation(validation)
    cell_rule = {"share_0_100": "share", "non_negative": "non_negative"}  # dim_indicator.value_range -> the cell's validation
    for number, (dept_name, region, _code, _name, unit, measure, value_range, indicator) in enumerate(rows, start=2):
        kind = "flow" if measure == "flow" else "other"
        prefilled = {
            "department": dept_name,
            "region": region,
            "year": year,
            "quarter": f"Q{quarter}",
            "indicator": indicator,
            "unit": unit,
            "basis": BASES[kind][0],
        }
        sheet.append([prefilled.get(column) for column in COLUMNS])
        validations[cell_rule.get(value_range, "any")].add(f"{letter['value']}{number}")
        validations[kind].add(f"{letter['basis']}{number}")
        for column in COLUMNS:  # what the department fills in: the value, the basis and any other column
            if column == "basis" or column not in prefilled:
                sheet[f"{letter[column]}{number}"].protection = EDITABLE
        sheet[f"{letter['value']}{number}"].fill = INPUT_FILL
        sheet[f"{letter['value']}{number}"].number_format = "0.####"
    for column in COLUMNS:
        sheet.column_dimensions[letter[column]].width = WIDTHS.get(column, 14)
    sheet.protection.sheet = True  # structure and fixed cells locked; no password
    sheet.freeze_panes = "A2"
    notes = workbook.create_sheet("说明 notes")
    for line in (
        "填写黄色的数值列；流量指标口径可选 累计(1-N月累计) 或 当季；存量、比重、增速为期末值。",
        "Fill in the yellow value cells; flows: 累计 (year-to-date) or 当季 (quarter alone); others: 期末 (level).",
        "Do not add, remove or reorder rows or columns; an empty value means not reported.",
        f"Department {code}; indicators: {', '.join(r[2] for r in rows)}",
    ):
        notes.append([line])
    out.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(out)
    return out, len(rows)
