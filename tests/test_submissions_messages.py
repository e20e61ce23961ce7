"""Messages for the people who fill in the templates: one catalogue, Chinese first, English by
setting; `status` and `template` know the same departments and say so in Chinese."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from submission_helpers import write_csv
from typer.testing import CliRunner

from conftest import plantrack_env
from orchestration.cli import app
from orchestration.defs.submissions import messages, validate

SOURCES = Path(messages.__file__).parent


def test_both_catalogues_have_every_key_the_code_uses():
    zh, en = (set(messages.catalogue(lang)) for lang in ("zh", "en"))
    assert zh == en
    used = set()
    for path in SOURCES.glob("*.py"):
        text = path.read_text(encoding="utf-8")
        used |= set(re.findall(r'\bt\(\s*"([a-z_]+\.[a-z_.]+)"', text))
        used |= set(re.findall(r'"([a-z]+\.[a-z_]+)", [{(]', text))  # reader problems: key, params
    used |= {key for *_, key, _ in validate.ROW_RULES + validate.WARNING_RULES}
    used |= {"value.ytd_lower", "value.outlier", "file.no_rows", "file.link_outside_landing"}
    assert used - zh == set()
    assert all(re.search(r"[\u4e00-\u9fff]", messages.catalogue("zh")[k]) for k in used - {"report.line"}), "Chinese first"


def test_placeholders_match_between_languages():
    zh, en = messages.catalogue("zh"), messages.catalogue("en")
    for key in zh:
        assert set(re.findall(r"{(\w+)}", zh[key])) == set(re.findall(r"{(\w+)}", en[key])), key


@pytest.fixture()
def built_env(built):
    with plantrack_env(
        PLANTRACK_WORK=str(built.work_dir / "warehouse"),
        PLANTRACK_PUBLISHED=str(built.published),
        PLANTRACK_SUBMISSIONS=str(built.work_dir / "submissions"),
    ):
        yield built


def test_status_for_an_unknown_department_is_a_chinese_error_like_the_template(built_env):
    status = CliRunner().invoke(app, ["status", "--department", "不存在局"])
    template = CliRunner().invoke(app, ["template", "--department", "不存在局", "--year", "2024", "--quarter", "2"])
    assert status.exit_code == 1 and template.exit_code == 1
    assert "未知的填报单位「不存在局」" in status.output and "未知的填报单位「不存在局」" in template.output
    with plantrack_env(PLANTRACK_LANG="zh"):  # --lang sets PLANTRACK_LANG for the process: restored after
        english = CliRunner().invoke(app, ["status", "--department", "不存在局", "--lang", "en"])
    assert english.exit_code == 1 and "unknown department 不存在局: not a code" in english.output


def test_status_matches_departments_as_the_template_does_and_shows_names(built_env):
    for name in ("市经信局", "宁波市经济和信息化局", "ningbo_eitb", "寧波市經濟和信息化局"):
        result = CliRunner().invoke(app, ["status", "--department", name])
        assert result.exit_code == 0, (name, result.output)
        assert "填报单位" in result.output and "应报" in result.output
        assert "宁波市经济和信息化局" in result.output


def test_a_rejection_in_english_by_setting(private_warehouse):
    row = ["市经信局", "宁波市", "2023", "Q2", "累计上云企业", "3l67.8", "家", "期末", ""]
    with plantrack_env(PLANTRACK_LANG="en"):
        (outcome,) = private_warehouse.load(write_csv(private_warehouse.landing / "english.csv", [row]))
    lines = outcome.report.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "File: english.csv"
    assert "- row 2, column 数值, indicator 累计上云企业 (value '3l67.8'): not a number" in lines
