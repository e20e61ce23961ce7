"""Loading submission files: stage, validate, then one transaction per chunk of files; files moved
only after it.

A file with any error is rejected as a whole: copied to quarantine/ with its report, logged with
status `rejected`, nothing from it in raw.submission_values. An accepted file becomes the next
version of its department × region × quarter (`<dept>-<region>-<year>Q<q>-v<n>`), superseding the
previous one; a file whose checksum was already accepted for that department × region × quarter
is a no-op. The accepted copy goes to loaded/ before the commit and the landing file is removed
after it, so a crash at any point leaves either nothing or a re-run that finds a duplicate.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from orchestration.defs.approval.locks import reject_locked
from orchestration.settings import Settings
from orchestration.defs.submissions import reader
from orchestration.defs.submissions.ledger import ensure_ledger, mark_dirty
from orchestration.defs.submissions.report import write_report
from orchestration.defs.submissions.validate import OUTLIER_WARNINGS, YTD_DROP_WARNINGS, prepare_lookups, validate

# The raw tables are created and changed by the warehouse migrations (ensure_ledger → migrate).

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
    ensure_ledger(conn)


# Files per stage → validate → commit round: memory stays flat however many files one call gets,
# and a crash loses at most one chunk (a re-run skips what was committed: the checksums).
CHUNK_FILES = 4000


def load_files(
    conn,
    paths: list[Path],
    settings: Settings,
    received_at: datetime | None = None,
    synthetic: bool | None = None,
    chunk_files: int = CHUNK_FILES,
) -> list[FileOutcome]:
    """Validate and load `paths` on a warehouse connection whose core models are built.

    More than `chunk_files` files are loaded in chunks, each its own transaction, in the order they
    were received (then name), so versions number as in one load. Outcomes: the files already
    accepted byte for byte first, then the others, each in the order of `paths`."""
    ensure_tables(conn)
    paths = list(paths)
    if not paths:
        return []
    stamps = [received_at or datetime.fromtimestamp(os.stat(p).st_mtime) for p in paths]
    order = list(range(len(paths)))
    if len(paths) > chunk_files:
        order.sort(key=lambda i: (stamps[i], paths[i].name, i))
    landing = os.path.realpath(settings.landing_dir) + os.sep
    prepare_lookups(conn)
    known: list[tuple[int, FileOutcome]] = []
    loaded: list[tuple[int, FileOutcome]] = []
    for start in range(0, len(order), chunk_files):
        chunk = order[start : start + chunk_files]
        _load_chunk(conn, [(i, paths[i], stamps[i]) for i in chunk], settings, synthetic, landing, known, loaded)
    return [o for _, o in sorted(known, key=lambda t: t[0])] + [o for _, o in sorted(loaded, key=lambda t: t[0])]


def _load_chunk(
    conn,
    items: list[tuple[int, Path, datetime]],
    settings: Settings,
    synthetic: bool | None,
    landing: str,
    known_out: list,
    loaded_out: list,
) -> None:
    """Stage, validate and commit one chunk of files; file_id = the file's index in the call + 1."""
    # a link in landing/ to a file elsewhere is refused unread (its target is not the sender's to give)
    links = {i for i, path, _ in items if _link_out_of_landing(path, settings, landing)}
    contents = {i: path.read_bytes() for i, path, _ in items if i not in links}
    checksums = {i: hashlib.sha256(data).hexdigest() for i, data in contents.items()}
    # a file already accepted byte for byte is the same department × region × quarter: not read again
    known = dict(
        conn.execute(
            "select sha256, min(submission_id) from raw.submission_log where status = 'accepted' "
            "and sha256 in (select unnest(?)) group by 1",
            [list(set(checksums.values()))],
        ).fetchall()
    )
    todo = []
    for i, path, stamp in items:
        if i not in links and checksums[i] in known:
            known_out.append((i, FileOutcome(path, "duplicate", known[checksums[i]], None, None, None, None, 0)))
            if _in_landing(path, landing):
                path.unlink(missing_ok=True)
        else:
            todo.append((i, path, stamp))
    if not todo:
        return
    limits = reader.load_limits(settings.data_dir)
    with tempfile.TemporaryDirectory(prefix="plantrack-stage-") as scratch:
        staged = [
            reader.refused(path, i + 1, stamp, "file.link_outside_landing", {"target": os.path.realpath(path)})
            if i in links
            else reader.prepare(path, i + 1, Path(scratch), stamp, synthetic, data=contents.pop(i), limits=limits)
            for i, path, stamp in todo
        ]
        contents.clear()
        reader.stage(conn, staged)
        validate(
            conn,
            [(f.file_id, *p) for f in staged for p in f.problems],
            [(f.file_id, *n) for f in staged for n in f.notices],
            lookups=False,
        )
        reject_locked(conn)  # an approved (locked) department × region × quarter: quarantined, the lock named
    conn.execute(CLASSIFY)
    by_id = {f.file_id: f for f in staged}
    outcomes = {}
    for file_id, status, sid, dept, region, year, quarter, version, rows in conn.execute(
        "select file_id, status, submission_id, department_code, region_code, year, quarter, version, row_count "
        "from sub_outcome order by file_id"
    ).fetchall():
        period = f"{year}Q{quarter}" if year and quarter else None
        outcomes[file_id] = FileOutcome(by_id[file_id].path, status, sid, dept, region, period, version, rows)
    for table, attribute in (("sub_errors", "problems"), ("sub_warnings", "warnings")):
        for file_id, *problem in conn.execute(
            f"select file_id, row_no, column_name, value, reason, indicator from {table} order by file_id, row_no nulls first"
        ).fetchall():
            outcome = outcomes[file_id]
            if getattr(outcome, attribute) is None:
                setattr(outcome, attribute, [])
            getattr(outcome, attribute).append(tuple(problem))
    _store_copies(outcomes, by_id, settings, landing)
    _commit(conn, outcomes, limits)
    for file_id, outcome in outcomes.items():
        staged_file = by_id[file_id]
        if outcome.status == "accepted" and outcome.warnings:  # shown to the sender too, not only recorded
            outcome.report = write_report(
                outcome.stored,
                staged_file.file_name,
                staged_file.header_names,
                [],
                staged_file.received_at,
                staged_file.sha256,
                outcome.warnings,
                outcome.submission_id,
            )
    for outcome in outcomes.values():  # the warehouse has them: clear the landing folder
        if _in_landing(outcome.path, landing) or _link_out_of_landing(outcome.path, settings, landing):
            outcome.path.unlink(missing_ok=True)
    loaded_out.extend((file_id - 1, outcome) for file_id, outcome in outcomes.items())


def _in_landing(path: Path, landing: str) -> bool:
    """`landing`: the landing folder's real path with a trailing separator."""
    return os.path.realpath(path).startswith(landing)


def _link_out_of_landing(path: Path, settings: Settings, landing: str) -> bool:
    """A path under landing/ (as written) whose real file is elsewhere: a symbolic link out of it."""
    written = os.path.abspath(path)
    root = os.path.abspath(settings.landing_dir) + os.sep
    return (written.startswith(root) or written.startswith(landing)) and not _in_landing(path, landing)


def _store_copies(outcomes: dict[int, FileOutcome], by_id: dict, settings: Settings, landing: str) -> None:
    """Accepted files to loaded/, rejected ones to quarantine/ with their report. A landing file is
    hard-linked (it is removed from landing/ after the commit; same bytes, same modification time),
    any other file copied."""
    made: set[Path] = set()
    for file_id, outcome in outcomes.items():
        if outcome.status not in ("accepted", "rejected"):
            continue
        staged = by_id[file_id]
        folder = settings.loaded_dir if outcome.status == "accepted" else settings.quarantine_dir
        if folder not in made:
            folder.mkdir(parents=True, exist_ok=True)
            made.add(folder)
        outcome.stored = folder / f"{outcome.submission_id}__{staged.file_name}"
        if _link_out_of_landing(staged.path, settings, landing):  # the link itself, not what it points to
            outcome.stored.unlink(missing_ok=True)
            shutil.copy2(staged.path, outcome.stored, follow_symlinks=False)
        else:
            _copy(staged.path, outcome.stored, _in_landing(staged.path, landing))
        if outcome.status == "rejected":
            outcome.report = write_report(
                outcome.stored,
                staged.file_name,
                staged.header_names,
                outcome.problems or [],
                staged.received_at,
                staged.sha256,
                outcome.warnings or [],
            )


def _copy(source: Path, target: Path, may_link: bool) -> None:
    if may_link:
        try:
            if target.exists():
                target.unlink()
            os.link(source, target)
            return
        except OSError:  # another file system, or links not allowed: copy
            pass
    shutil.copy2(source, target)


def _commit(conn, outcomes: dict[int, FileOutcome], limits: reader.Limits) -> None:
    conn.execute("create or replace temp table sub_stored (file_id integer, stored_path varchar)")
    reader.insert_rows(conn, "sub_stored", [(i, str(o.stored)) for i, o in outcomes.items() if o.stored], 2)
    conn.execute("begin transaction")
    try:
        conn.execute(INSERTS)
        conn.execute(
            "create or replace temp table new_submissions as select submission_id, file_id, department_code, "
            "region_code, year from sub_outcome where status = 'accepted'"
        )
        conn.execute(
            f"insert into raw.submission_warnings (submission_id, row_no, column_name, value, reason) {YTD_DROP_WARNINGS}"
        )
        conn.execute(
            f"insert into raw.submission_warnings (submission_id, row_no, column_name, value, reason) {OUTLIER_WARNINGS}",
            {"limit": limits.outlier_ratio},
        )
        mark_dirty(conn, "l.submission_id in (select submission_id from new_submissions)", "loaded")
        conn.execute("commit")
    except Exception:
        conn.execute("rollback")
        raise
    warnings: dict[str, list[tuple]] = {}
    for submission_id, *warning in conn.execute(
        "select w.submission_id, w.row_no, w.column_name, w.value, w.reason, v.indicator_text "
        "from raw.submission_warnings w left join raw.submission_values v using (submission_id, row_no) "
        "where w.submission_id in (select submission_id from new_submissions) order by 1, 2 nulls first"
    ).fetchall():
        warnings.setdefault(submission_id, []).append(tuple(warning))
    for outcome in outcomes.values():
        outcome.warnings = warnings.get(outcome.submission_id) if outcome.submission_id else None


INSERTS = """
insert into raw.submission_log (submission_id, file_name, stored_path, sha256, received_at, loaded_at,
    department_code, region_code, year, quarter, version, row_count, status, is_synthetic, supersedes, encoding,
    n_errors)
select o.submission_id, o.file_name, s.stored_path, o.sha256, o.received_at, now()::timestamp, o.department_code,
    o.region_code, o.year, o.quarter, o.version, o.row_count, o.status, o.is_synthetic, o.supersedes, o.encoding,
    o.n_errors
from sub_outcome o left join sub_stored s using (file_id)
where o.status = 'accepted'
    or (o.status = 'rejected' and o.submission_id not in (select submission_id from raw.submission_log))
qualify row_number() over (partition by o.submission_id order by o.file_id) = 1;

insert into raw.submission_values (submission_id, row_no, indicator_code, indicator_text, value_text,
    original_value, unit, original_unit, basis, note)
select o.submission_id, r.line_no, r.indicator_code, r.indicator, r.value_text_n, r.value, r.unit_n, r.unit,
    r.basis_n, pt_spreadsheet_safe(nullif(trim(r.note), ''))
from sub_rows r join sub_outcome o using (file_id)
where o.status = 'accepted' and not pt_blank(r.value);

insert into raw.submission_rejections (submission_id, file_name, sha256, row_no, column_name, value, reason)
select o.submission_id, o.file_name, o.sha256, e.row_no, e.column_name, e.value, e.reason
from sub_errors e join sub_outcome o using (file_id)
where o.status = 'rejected' and o.submission_id not in (select submission_id from raw.submission_rejections)
qualify dense_rank() over (partition by o.submission_id order by o.file_id) = 1;

insert into raw.submission_warnings (submission_id, row_no, column_name, value, reason)
select o.submission_id, w.row_no, w.column_name, w.value, w.reason
from sub_warnings w join sub_outcome o using (file_id) where o.status = 'accepted';
"""
