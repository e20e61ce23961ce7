"""Bad curated input gets an error naming file, row and column."""

import pytest

from orchestration.defs.reference.curated import CURATED_TABLES, CuratedDataError, read_curated

TARGETS = next(t for t in CURATED_TABLES if t.name == "plan_targets")
HEADER = ",".join(TARGETS.columns)


def _write(tmp_path, *rows):
    path = tmp_path / TARGETS.path
    path.parent.mkdir(parents=True)
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return path


def _row(**values):
    base = dict.fromkeys(TARGETS.columns, "")
    base.update(plan_id="p", seed_file="f.txt", source_line="3", source_text="x 1180 y",
                value_text="1180", indicator_code="i", region_code="321302", year="2022")  # fmt: skip
    base.update(values)
    return ",".join(base[c] for c in TARGETS.columns)


def test_reads_rows_and_parses_figures(tmp_path):
    _write(tmp_path, _row(), "", _row(value_text=">1", restored_text=">1万", unit_text="亿元"))
    frame = read_curated(TARGETS, tmp_path)
    assert list(frame["source_row"]) == [2, 4]
    assert frame["parsed_unit"].isna().tolist() == [True, False] and frame["parsed_unit"][1] == "万亿元"
    assert list(frame["parsed_operator"]) == ["=", ">"]


def test_every_problem_is_reported_with_file_row_and_column(tmp_path):
    path = _write(tmp_path, _row(), _row(year="二〇二二"), _row(value_text="1180座，1380座"), _row(region_code=""))
    with pytest.raises(CuratedDataError) as error:
        read_curated(TARGETS, tmp_path)
    message = str(error.value)
    assert f"{path}, row 3, column year" in message
    assert f"{path}, row 4, column value_text: more than one figure" in message
    assert f"{path}, row 5, column region_code: value is required" in message


def test_missing_column_is_named(tmp_path):
    path = tmp_path / TARGETS.path
    path.parent.mkdir(parents=True)
    path.write_text("plan_id,seed_file\np,f\n", encoding="utf-8")
    with pytest.raises(CuratedDataError, match="row 1 \\(header\\): missing column"):
        read_curated(TARGETS, tmp_path)
