"""Names to codes, one rule: core.int_name_keys (dbt) keys every reference name with dbt's macro
name_key (full-width to ASCII, no whitespace, lower case); a key two codes share matches nothing.
Each case is held through every consumer on the built warehouse:
  - the loader (lk_department / lk_region / lk_indicator joined on pt_norm, the macro rendered), the
    CLI's --department / --region (templates.resolve_*) and `plantrack approve / reopen REGION`,
  - dbt itself: the key dbt renders for the text (`dbt show`) finds the expected row of int_name_keys,
  - a plan document's 责任单位 cell (int_target_departments' SQL on a cell of our own), which also
    splits a trailing 等 off and tiles names a lost separator ran together.
"""

from __future__ import annotations

import json
import shutil

import duckdb
import pytest
from conftest import run_dbt


# (text, entity, the code the loader and int_name_keys give (None: no match),
#  for departments: the codes a plan's 责任单位 cell with this text gives)
CASES = [
    ("宁波市经济和信息化局", "department", "ningbo_eitb", {"ningbo_eitb"}),  # the name
    ("寧波市經濟和信息化局", "department", "ningbo_eitb", {"ningbo_eitb"}),  # Traditional
    # English (a plan's cell is split at spaces, so not there)
    ("Ningbo Municipal Bureau of Economy and Information Technology", "department", "ningbo_eitb", set()),
    ("NINGBO municipal bureau of economy and information  technology", "department", "ningbo_eitb", set()),
    ("市经信局", "department", "ningbo_eitb", {"ningbo_eitb"}),  # short name
    ("宁波市经信局", "department", "ningbo_eitb", {"ningbo_eitb"}),  # an alias only
    ("市\u3000经信局", "department", "ningbo_eitb", {"ningbo_eitb"}),  # an ideographic space
    ("ｎｉｎｇｂｏ＿ｅｉｔｂ", "department", "ningbo_eitb", {"ningbo_eitb"}),  # the code, full-width
    ("People＇s Bank of China Ningbo Central Sub－branch", "department", "ningbo_pbc", set()),  # ＇ → '
    ("中国人民银行宁波市中心支行", "department", "ningbo_pbc", {"ningbo_pbc"}),
    ("市发改委市数字经济局", "department", None, {"ningbo_drc", "ningbo_deb"}),  # run together (a plan's cell)
    ("市经信局等", "department", None, {"ningbo_eitb"}),  # "and others": a plan's cell only
    ("市不存在局", "department", None, set()),
    ("宁波", "region", "330200", None),
    ("寧波市", "region", "330200", None),
    ("ＮＩＮＧＢＯ", "region", "330200", None),
    ("330200", "region", "330200", None),
    ("999999", "region", None, None),
    ("软件与信息服务业营业收入", "indicator", "software_info_services_revenue", None),
    ("软件与信息服务业营收", "indicator", "software_info_services_revenue", None),  # an alias
    ("Software and information services REVENUE", "indicator", "software_info_services_revenue", None),
    # the name of dex_core_mfg_rd_expense and an alias of dex_core_mfg_rd_expense_growth: neither
    ("数字经济核心制造业企业研发费用", "indicator", None, None),
]
NAMED = [pytest.param(*case, id=f"{case[1]}:{case[0]}") for case in CASES]


@pytest.fixture(scope="module")
def warehouse(built):
    conn = duckdb.connect(str(built.work_dir / "warehouse" / "plantrack.duckdb"), read_only=True)
    yield conn
    conn.close()


@pytest.fixture(scope="module")
def loader(warehouse):
    from orchestration.defs.submissions.validate import prepare_lookups

    prepare_lookups(warehouse)
    return warehouse


@pytest.fixture(scope="module")
def dbt_keys(built, tmp_path_factory) -> dict[str, str]:
    """Each case's text → the key dbt renders for it (macro name_key, through `dbt show`)."""
    work = tmp_path_factory.mktemp("dbt_show")
    copy = work / "warehouse.duckdb"
    shutil.copy(built.work_dir / "warehouse" / "plantrack.duckdb", copy)
    values = ", ".join("('" + text.replace("'", "''") + "')" for text, *_ in CASES)
    inline = f"select s, {{{{ name_key('s') }}}} as k from (values {values}) as t(s)"
    shown = run_dbt(["show", "--inline", inline, "--output", "json", "--limit", "-1", "--quiet"], copy, work)
    assert shown.returncode == 0, shown.stdout[-3000:] + shown.stderr[-3000:]
    rows = json.loads(shown.stdout[shown.stdout.index("{") :])["show"]
    return {row["s"]: row["k"] for row in rows}


@pytest.mark.parametrize(("text", "entity", "code", "document"), NAMED)
def test_the_loader_matches(loader, text, entity, code, document):
    found = loader.execute(f"select code from lk_{entity} where name = pt_norm(?)", [text]).fetchall()
    assert found == ([(code,)] if code else []), text


@pytest.mark.parametrize(("text", "entity", "code", "document"), [p for p in NAMED if p.values[1] != "indicator"])
def test_the_cli_matches(warehouse, text, entity, code, document):
    from orchestration.defs.submissions import templates

    resolve = templates.resolve_department if entity == "department" else templates.resolve_region
    if code is None:
        with pytest.raises(templates.TemplateError):
            resolve(warehouse, text)
    else:
        assert resolve(warehouse, text) == code


@pytest.mark.parametrize(("text", "entity", "code", "document"), [p for p in NAMED if p.values[1] == "region"])
def test_approvals_match(warehouse, text, entity, code, document):
    from orchestration.defs.approval.locks import ApprovalError, resolve_region

    if code is None:
        with pytest.raises(ApprovalError):
            resolve_region(warehouse, text)
    else:
        assert resolve_region(warehouse, text)[0] == code


@pytest.mark.parametrize(("text", "entity", "code", "document"), NAMED)
def test_dbt_keys_the_text_as_int_name_keys_does(warehouse, dbt_keys, text, entity, code, document):
    found = warehouse.execute(
        "select code from core.int_name_keys where entity = ? and name_key = ?", [entity, dbt_keys[text]]
    ).fetchall()
    assert found == ([(code,)] if code else []), (text, dbt_keys[text])


def test_plan_documents_match_their_cells(warehouse):
    """int_target_departments' own SQL (rendered as dbt does) on one 责任单位 cell per case."""
    from orchestration.rules.dbt_macros import model_sql

    cells = [(text, document) for text, entity, _, document in CASES if entity == "department"]
    warehouse.execute(
        "create or replace temp table cells (target_key varchar, statement_kind varchar, "
        "source_line integer, departments_text varchar, co_departments_text varchar)"
    )
    warehouse.executemany("insert into cells values (?, 'table', 1, ?, null)", [[str(i), t] for i, (t, _) in enumerate(cells)])
    sql = model_sql("int_target_departments", {"int_target_statements": "cells", "int_name_keys": "core.int_name_keys"})
    rows = warehouse.execute(f"select target_key, department_code from ({sql})").fetchall()
    for i, (text, document) in enumerate(cells):
        assert {c for key, c in rows if key == str(i) and c} == document, text
    unknown = str([text for text, _ in cells].index("市不存在局"))
    assert (unknown, None) in rows, "a piece nothing matches stays, without a code"


def test_the_loader_renders_the_key_from_dbt(loader):
    """Every full-width form and the quote survive the rendering into the loader's SQL."""
    from orchestration.rules.dbt_macros import render

    full_width = "".join(chr(c) for c in range(0xFF01, 0xFF5F)) + "\u3000\u2212\u2014"
    ascii_ = "".join(chr(c) for c in range(0x21, 0x7F)).lower() + "--"
    assert loader.execute("select pt_norm(?)", [full_width]).fetchone()[0] == ascii_
    assert loader.execute(f"select {render('name_key', '?')}", [" A\tb\u3000C "]).fetchone()[0] == "abc"
