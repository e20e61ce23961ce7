"""Loading submission files: stage, validate, then one transaction; files moved only after it.

A file with any error is rejected as a whole: copied to quarantine/ with its report, logged with
status `rejected`, nothing from it in raw.submission_values. An accepted file becomes the next
version of its department × region × quarter (`<dept>-<region>-<year>Q<q>-v<n>`), superseding the
previous one; a file whose checksum was already accepted for that department × region × quarter
is a no-op. The accepted copy goes to loaded/ before the commit and the landing file is removed
after it, so a crash at any point leaves either nothing or a re-run that finds a duplicate.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from orchestration.settings import Settings
from orchestration.submissions import reader
from orchestration.submissions.ledger import ensure_ledger, mark_dirty
from orchestration.submissions.report import write_report
from orchestration.submissions.validate import YTD_DROP_WARNINGS, validate

RAW_DDL = """
create schema if not exists raw;
create table if not exists raw.submission_log (
    submission_id varchar, file_name varchar, stored_path varchar, sha256 varchar, received_at timestamp,
    loaded_at timestamp, department_code varchar, region_code varchar, year integer, quarter integer,
    version integer, row_count integer, status varchar, is_synthetic boolean, supersedes varchar,
    encoding varchar, n_errors integer);
create table if not exists raw.submission_values (
    submission_id varchar, row_no integer, indicator_code varchar, indicator_text varchar, value_text varchar,
    original_value varchar, unit varchar, original_unit varchar, basis varchar, note varchar);
create table if not exists raw.submission_rejections (
    submission_id varchar, file_name varchar, sha256 varchar, row_no integer, column_name varchar,
    value varchar, reason varchar);
create table if not exists raw.submission_warnings (
    submission_id varchar, row_no integer, column_name varchar, value varchar, reason varchar);
"""

CLASSIFY = """
create or replace temp table sub_outcome as
with files as (
    select f.*, k.department_code, k.region_code, k.year_n as year, k.quarter_n as quarter,
        (select count(*) from sub_errors e where e.file_id = f.file_id) as n_errors,
        (select count(*) from sub_rows r where r.file_id = f.file_id and not pt_blank(r.value)) as row_count
    from stage_files f left join sub_file_keys k using (file_id)),
flagged as (
    select *, exists (select 1 from raw.submission_log l where l.status = 'accepted' and l.sha256 = files.sha256
            and l.department_code = files.department_code and l.region_code = files.region_code
            and l.year = files.year and l.quarter = files.quarter) as already_loaded,
        row_number() over (partition by department_code, region_code, year, quarter, sha256, n_errors = 0
                           order by received_at, file_name, file_id) as copy_no
    from files),
classified as (
    select *, case when n_errors > 0 then 'rejected' when already_loaded or copy_no > 1 then 'duplicate'
                   else 'accepted' end as status
    from flagged),
versioned as (
    select c.*, case when status = 'accepted' then
            coalesce((select max(l.version) from raw.submission_log l where l.status = 'accepted'
                      and l.department_code = c.department_code and l.region_code = c.region_code
                      and l.year = c.year and l.quarter = c.quarter), 0)
            + row_number() over (partition by status, department_code, region_code, year, quarter
                                 order by received_at, file_name, file_id) end as version
    from classified c)
select *,
    case status when 'rejected' then 'R-' || left(sha256, 16)
        when 'accepted' then department_code || '-' || region_code || '-' || year || 'Q' || quarter || '-v' || version
    end as submission_id,
    case when version > 1 then department_code || '-' || region_code || '-' || year || 'Q' || quarter || '-v' || (version - 1)
    end as supersedes
from versioned
"""


@dataclass
class FileOutcome:
    path: Path
    status: str  # accepted / duplicate / rejected
    submission_id: str | None
    department_code: str | None
    region_code: str | None
    period: str | None  # 2023Q2
    version: int | None
    row_count: int
    stored: Path | None = None  # copy in loaded/ or quarantine/
    report: Path | None = None  # quarantine report (.txt)
    problems: list[tuple] | None = None
    warnings: list[tuple] | None = None


def ensure_tables(conn) -> None:
    conn.execute(RAW_DDL)
    ensure_ledger(conn)


def load_files(conn, paths: list[Path], settings: Settings, received_at: datetime | None = None,
               synthetic: bool | None = None) -> list[FileOutcome]:  # fmt: skip
    """Validate and load `paths` on a warehouse connection whose core models are built."""
    ensure_tables(conn)
    # a file already accepted byte for byte is the same department × region × quarter: not read again
    checksums = {path: reader.sha256_of(path) for path in paths}
    conn.execute("create or replace temp table sub_checksums (sha256 varchar)")
    conn.executemany("insert into sub_checksums values (?)", [[c] for c in set(checksums.values())] or [[None]])
    known = dict(conn.execute("select sha256, min(submission_id) from raw.submission_log where status = 'accepted' "
                              "and sha256 in (select sha256 from sub_checksums) group by 1").fetchall())  # fmt: skip
    duplicates = [FileOutcome(p, "duplicate", known[checksums[p]], None, None, None, None, 0)
                  for p in paths if checksums[p] in known]  # fmt: skip
    paths = [p for p in paths if checksums[p] not in known]
    for outcome in duplicates:
        if _in_landing(outcome.path, settings):
            outcome.path.unlink()
    if not paths:
        return duplicates
    with tempfile.TemporaryDirectory(prefix="plantrack-stage-") as scratch:
        staged = [reader.prepare(p, i, Path(scratch), received_at, synthetic) for i, p in enumerate(paths, 1)]
        reader.stage(conn, staged)
        validate(conn, [(f.file_id, *p) for f in staged for p in f.problems],
                 [(f.file_id, *n) for f in staged for n in f.notices])  # fmt: skip
    conn.execute(CLASSIFY)
    by_id = {f.file_id: f for f in staged}
    outcomes = {}
    for file_id, status, sid, dept, region, year, quarter, version, rows in conn.execute(
        "select file_id, status, submission_id, department_code, region_code, year, quarter, version, row_count "
        "from sub_outcome order by file_id"
    ).fetchall():
        period = f"{year}Q{quarter}" if year and quarter else None
        outcomes[file_id] = FileOutcome(by_id[file_id].path, status, sid, dept, region, period, version, rows)
    for file_id, row, column, value, reason in conn.execute("select * from sub_errors order by 1, 2").fetchall():
        outcomes[file_id].problems = (outcomes[file_id].problems or []) + [(row, column, value, reason)]
    _store_copies(outcomes, by_id, settings)
    _commit(conn, outcomes)
    for outcome in outcomes.values():  # the warehouse has them: clear the landing folder
        if _in_landing(outcome.path, settings) and outcome.path.exists():
            outcome.path.unlink()
    return duplicates + list(outcomes.values())


def _in_landing(path: Path, settings: Settings) -> bool:
    return path.resolve().is_relative_to(settings.landing_dir.resolve())


def _store_copies(outcomes: dict[int, FileOutcome], by_id: dict, settings: Settings) -> None:
    for file_id, outcome in outcomes.items():
        staged = by_id[file_id]
        if outcome.status == "accepted":
            settings.loaded_dir.mkdir(parents=True, exist_ok=True)
            outcome.stored = settings.loaded_dir / f"{outcome.submission_id}__{staged.file_name}"
            shutil.copy2(staged.path, outcome.stored)
        elif outcome.status == "rejected":
            settings.quarantine_dir.mkdir(parents=True, exist_ok=True)
            outcome.stored = settings.quarantine_dir / f"{outcome.submission_id}__{staged.file_name}"
            shutil.copy2(staged.path, outcome.stored)
            outcome.report = write_report(outcome.stored, staged.file_name, staged.header_names,
                                          outcome.problems or [], staged.received_at, staged.sha256)  # fmt: skip


def _commit(conn, outcomes: dict[int, FileOutcome]) -> None:
    conn.execute("create or replace temp table sub_stored (file_id integer, stored_path varchar)")
    stored = [(i, str(o.stored)) for i, o in outcomes.items() if o.stored]
    if stored:
        conn.executemany("insert into sub_stored values (?, ?)", stored)
    conn.execute("begin transaction")
    try:
        conn.execute(INSERTS)
        conn.execute("create or replace temp table new_submissions as "
                     "select submission_id from sub_outcome where status = 'accepted'")  # fmt: skip
        conn.execute(f"insert into raw.submission_warnings {YTD_DROP_WARNINGS}")
        mark_dirty(conn, "l.submission_id in (select submission_id from new_submissions)", "loaded")
        conn.execute("commit")
    except Exception:
        conn.execute("rollback")
        raise
    warnings = conn.execute(
        "select w.submission_id, w.row_no, w.column_name, w.value, w.reason from raw.submission_warnings w "
        "join new_submissions using (submission_id) order by 1, 2"
    ).fetchall()
    for outcome in outcomes.values():
        outcome.warnings = [w[1:] for w in warnings if w[0] == outcome.submission_id] or None


INSERTS = """
insert into raw.submission_log
select o.submission_id, o.file_name, s.stored_path, o.sha256, o.received_at, now()::timestamp, o.department_code,
    o.region_code, o.year, o.quarter, o.version, o.row_count, o.status, o.is_synthetic, o.supersedes, o.encoding,
    o.n_errors
from sub_outcome o left join sub_stored s using (file_id)
where o.status = 'accepted'
    or (o.status = 'rejected' and o.submission_id not in (select submission_id from raw.submission_log))
qualify row_number() over (partition by o.submission_id order by o.file_id) = 1;

insert into raw.submission_values
select o.submission_id, r.line_no, r.indicator_code, r.indicator, r.value_text_n, r.value, r.unit_n, r.unit,
    r.basis_n, nullif(trim(r.note), '')
from sub_rows r join sub_outcome o using (file_id)
where o.status = 'accepted' and not pt_blank(r.value);

insert into raw.submission_rejections
select o.submission_id, o.file_name, o.sha256, e.row_no, e.column_name, e.value, e.reason
from sub_errors e join sub_outcome o using (file_id)
where o.status = 'rejected' and o.submission_id not in (select submission_id from raw.submission_rejections)
qualify dense_rank() over (partition by o.submission_id order by o.file_id) = 1;

insert into raw.submission_warnings
select o.submission_id, w.row_no, w.column_name, w.value, w.reason
from sub_warnings w join sub_outcome o using (file_id) where o.status = 'accepted';
"""
