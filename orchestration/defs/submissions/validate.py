"""Every check of a submission, set-based in DuckDB over all staged rows at once.

Input: the temp tables `stage_files` and `stage_rows` (reader.py) on a warehouse connection whose
core models are built (who leads what comes from core.fct_target + core.bridge_target_department).
Output: temp tables `sub_rows` (rows resolved to codes), `sub_errors` and `sub_warnings`
(file_id, row_no, column_name, value, reason). One error rejects the whole file.
"""

from __future__ import annotations

from orchestration.defs.submissions.format import BASIS_ALIASES, COLUMNS, QUARTER_WORDS, REQUIRED
from orchestration.defs.submissions.reader import insert_rows
from orchestration.rules.calendar import quarter_end_sql
from orchestration.rules.dbt_macros import render

# Names are matched on their key, dbt's macro name_key (dbt_project/macros/name_key.sql, the one home
# of the rule): pt_norm is that macro rendered.


def _quoted(values) -> str:
    return ", ".join("'" + v.replace("'", "''") + "'" for v in values)


def _basis_case() -> str:
    whens = " ".join(f"when pt_norm(s) in ({_quoted(names)}) then '{basis}'" for basis, names in BASIS_ALIASES.items())
    return f"case when pt_norm(s) like '%累计%' or pt_norm(s) like '%累計%' then 'ytd' {whens} end"


# Text cleaning rules: a name's key (dbt macro name_key: full-width to ASCII, no spaces, lower case); numbers without
# thousands separators or a trailing %; quarters as 1-4 from Q2 / 二 / 第二季度.
MACROS = f"""
create or replace temp macro pt_norm(s) as {render("name_key", "s")};
create or replace temp macro pt_num_text(s) as regexp_replace(pt_norm(s), '[,]|%$', '', 'g');
create or replace temp macro pt_number(s) as
    case when isfinite(try_cast(pt_num_text(s) as double)) then try_cast(pt_num_text(s) as double) end;
create or replace temp macro pt_year(s) as try_cast(regexp_replace(pt_norm(s), '年$', '') as integer);
create or replace temp macro pt_q(s) as
    try_cast(translate(regexp_replace(pt_norm(s), '^第|^q|季度$|季$', '', 'g'), '{"".join(QUARTER_WORDS)}', '1234') as integer);
create or replace temp macro pt_quarter(s) as case when pt_q(s) between 1 and 4 then pt_q(s) end;
create or replace temp macro pt_basis(s) as {_basis_case()};
create or replace temp macro pt_spreadsheet_safe(s) as
    case when regexp_matches(s, '^[=+\\-@\t\r]') then '''' || s else s end;
create or replace temp macro pt_blank(s) as coalesce(trim(s, ' \t\u3000'), '') = '';
create or replace temp macro pt_quarter_end(y, q) as
    case when y between 1900 and 2200 and q between 1 and 4
        then {quarter_end_sql("y", "q")} end;
"""

# Names → codes: core.int_name_keys, the one home of the rule (codes, names, short names, Traditional,
# English and aliases, keyed by name_key; a key two codes share is not there: the file must be specific).
LOOKUPS = """
create or replace temp table lk_department as
select name_key as name, code from core.int_name_keys where entity = 'department';
create or replace temp table lk_region as
select name_key as name, code from core.int_name_keys where entity = 'region';
create or replace temp table lk_indicator as
select name_key as name, code from core.int_name_keys where entity = 'indicator';
create or replace temp table lk_unit as
select pt_norm(unit) as name, min(unit) as unit, min(dimension) as dimension
from staging.stg_raw__units group by 1 having count(distinct dimension) = 1 and count(distinct factor) = 1;
-- a value written in `unit` times `scale` is in the indicator's canonical unit (the unit rule's one
-- home, dbt model core.int_unit_conversions); no row: the unit does not convert
create or replace temp table lk_indicator_scale as
select i.indicator_code, c.unit, c.scale
from core.dim_indicator i join core.int_unit_conversions c on c.to_unit = i.unit;
create or replace temp table lk_lead as
select distinct b.department_code, t.region_code, t.indicator_code
from core.fct_target t join core.bridge_target_department b using (target_key) where b.department_role = 'lead';
create or replace temp table lk_years as
with baselines as (
    select plan_id, min(year) as baseline_year from staging.stg_raw__plan_actuals
    where figure_kind = 'baseline' group by 1),
spans as (
    select distinct t.region_code, t.indicator_code,
        least(p.horizon_start, coalesce(b.baseline_year, p.horizon_start)) as first_year, p.horizon_end as last_year
    from core.fct_target t join staging.stg_raw__plans p using (plan_id) left join baselines b using (plan_id))
select region_code, indicator_code,
    string_agg(distinct first_year || '-' || last_year, ', ' order by first_year || '-' || last_year) as spans,
    list(distinct y.year order by y.year) as years
from spans, range(first_year, last_year + 1) as y(year) group by 1, 2;
"""

# Names, units, periods and bases repeat across rows: each distinct text is normalised and looked
# up once (a million rows have a few thousand distinct texts), then joined back.
RESOLVE = """
create or replace temp table sub_rows as
with rows as (
    select * from stage_rows
    where not ({all_blank})  -- a row with every column of the format blank is no row
),
texts as materialized (
    select distinct department, region, indicator, unit, year, quarter, basis from rows),
departments as (select s.department, d.code from (select distinct department from texts) s
                left join lk_department d on d.name = pt_norm(s.department)),
regions as (select s.region, g.code from (select distinct region from texts) s
            left join lk_region g on g.name = pt_norm(s.region)),
indicators as (select s.indicator, i.code from (select distinct indicator from texts) s
               left join lk_indicator i on i.name = pt_norm(s.indicator)),
units as (select s.unit as text, u.* from (select distinct unit from texts) s left join lk_unit u on u.name = pt_norm(s.unit)),
periods as (select year, quarter, pt_year(year) as year_n, pt_quarter(quarter) as quarter_n
            from (select distinct year, quarter from texts)),
bases as (select basis, pt_basis(basis) as basis_n from (select distinct basis from texts)),
indicator_units as (select ind.indicator_code, ind.unit, ind.measure_type, ind.value_range, cu.dimension
                    from core.dim_indicator ind left join lk_unit cu on cu.name = pt_norm(ind.unit)),
resolved as (
    select rows.*, departments.code as department_code, regions.code as region_code, indicators.code as indicator_code,
        periods.year_n, periods.quarter_n, bases.basis_n,
        -- the normalised text of a value that is not a plain number (3,5 / 12% / 约230), for its rules
        case when try_cast(rows.value as double) is null then pt_norm(rows.value) end as value_norm,
        -- plain numbers as they are; only the others go through the cleaning (full-width, 1,234, %)
        coalesce(regexp_replace(value_norm, '[,]|%$', '', 'g'), trim(rows.value)) as value_text_n,
        units.unit as unit_n, units.dimension
    from rows
    left join departments on departments.department is not distinct from rows.department
    left join regions on regions.region is not distinct from rows.region
    left join indicators on indicators.indicator is not distinct from rows.indicator
    left join units on units.text is not distinct from rows.unit
    left join periods on periods.year is not distinct from rows.year and periods.quarter is not distinct from rows.quarter
    left join bases on bases.basis is not distinct from rows.basis
)
select resolved.*,
    case when isfinite(try_cast(value_text_n as double)) then try_cast(value_text_n as double) end as value_n,
    ind.unit as canonical_unit, ind.measure_type, ind.value_range, ind.dimension as canonical_dimension,
    lead.department_code is not null as is_lead, y.years as allowed_years, y.spans as horizon_spans, sc.scale
from resolved
left join indicator_units ind on ind.indicator_code = resolved.indicator_code
left join lk_indicator_scale sc on sc.indicator_code = resolved.indicator_code and sc.unit = resolved.unit_n
left join lk_lead lead on lead.department_code = resolved.department_code
    and lead.region_code = resolved.region_code and lead.indicator_code = resolved.indicator_code
left join lk_years y on y.region_code = resolved.region_code and y.indicator_code = resolved.indicator_code;

create or replace temp table sub_file_keys as
select distinct on (r.file_id) r.file_id, r.department_code, r.region_code, r.year_n, r.quarter_n,
    r.line_no as first_line, r.department, r.region, r.year, r.quarter, f.received_at
from sub_rows r join stage_files f using (file_id) order by r.file_id, r.line_no;
""".replace("{all_blank}", " and ".join(f"pt_blank({c})" for c in COLUMNS))


def _p(**params: str) -> str:
    """A JSON object of message parameters from SQL expressions."""
    return "json_object(" + ", ".join(f"'{k}', {v}" for k, v in params.items()) + ")"


# (condition on sub_rows r / file key k, column, message key (messages.py), parameters: SQL JSON or null)
SAME_FILE = {"row": "k.first_line"}
ROW_RULES = [
    # every required column's cell but the value's: a blank value is a figure not reported (row skipped)
    *[(f"pt_blank(r.{c})", c, "cell.required", "null") for c in REQUIRED if c != "value"],
    ("not pt_blank(r.department) and r.department_code is null", "department", "department.unknown", "null"),
    ("not pt_blank(r.region) and r.region_code is null", "region", "region.unknown", "null"),
    ("not pt_blank(r.indicator) and r.indicator_code is null", "indicator", "indicator.unknown", "null"),
    ("not pt_blank(r.year) and r.year_n is null", "year", "year.invalid", "null"),
    ("not pt_blank(r.quarter) and r.quarter_n is null", "quarter", "quarter.invalid", "null"),
    (
        "r.line_no > k.first_line and r.department_code <> k.department_code",
        "department",
        "file.mixed_department",
        _p(row="k.first_line", first="k.department"),
    ),
    (
        "r.line_no > k.first_line and r.region_code <> k.region_code",
        "region",
        "file.mixed_region",
        _p(row="k.first_line", first="k.region"),
    ),
    ("r.line_no > k.first_line and r.year_n <> k.year_n", "year", "file.mixed_year", _p(row="k.first_line", first="k.year")),
    (
        "r.line_no > k.first_line and r.quarter_n <> k.quarter_n",
        "quarter",
        "file.mixed_quarter",
        _p(row="k.first_line", first="k.quarter"),
    ),
    (
        "r.department_code is not null and r.region_code is not null and r.indicator_code is not null and not r.is_lead",
        "indicator",
        "indicator.not_lead",
        "null",
    ),
    ("not pt_blank(r.unit) and r.unit_n is null", "unit", "unit.unknown", "null"),
    (
        "r.unit_n is not null and r.canonical_dimension is not null and r.scale is null",
        "unit",
        "unit.not_convertible",
        _p(
            unit="r.unit_n",
            dimension="r.dimension",
            canonical_unit="r.canonical_unit",
            canonical_dimension="r.canonical_dimension",
        ),
    ),
    # a decimal comma (3,5 for 3.5): only 1,234 / 12,345,678.9 are thousands separators
    (
        "regexp_matches(r.value_norm, '^[+-]?[0-9.,]*,[0-9.,]*%?$') "
        "and not regexp_matches(r.value_norm, '^[+-]?[0-9]{1,3}(,[0-9]{3})+([.][0-9]*)?%?$')",
        "value",
        "value.decimal_comma",
        _p(suggestion="replace(r.value_norm, ',', '.')"),
    ),
    ("not pt_blank(r.value) and r.value_n is null", "value", "value.not_a_number", "null"),
    # 12.5% is a share or rate; a % on a count or an amount is a mistake, not a hundredth
    (
        "ends_with(r.value_norm, '%') and r.canonical_dimension is not null and r.canonical_dimension <> 'percent'",
        "value",
        "value.percent_sign",
        _p(unit="r.canonical_unit"),
    ),
    # plausible values: dim_indicator.value_range (the one home of the rule, stg_raw__indicators)
    ("r.value_range = 'non_negative' and r.value_n < 0", "value", "value.negative", "null"),
    ("r.value_range = 'share_0_100' and r.value_n not between 0 and 100", "value", "value.share_range", "null"),
    (
        "r.line_no = k.first_line and pt_quarter_end(r.year_n, r.quarter_n) >= cast(k.received_at as date)",
        "quarter",
        "quarter.not_ended",
        _p(ends="pt_quarter_end(r.year_n, r.quarter_n)", received="strftime(k.received_at, '%Y-%m-%d')"),
    ),
    (
        "r.year_n is not null and r.allowed_years is not null and not list_contains(r.allowed_years, r.year_n)",
        "year",
        "year.outside_horizon",
        _p(spans="r.horizon_spans"),
    ),
    (
        "r.indicator_code is not null and r.line_no > min(r.line_no) over (partition by r.file_id, r.indicator_code)",
        "indicator",
        "indicator.twice",
        _p(row="min(r.line_no) over (partition by r.file_id, r.indicator_code)"),
    ),
    ("not pt_blank(r.basis) and r.basis_n is null", "basis", "basis.unknown", "null"),
    ("r.basis_n = 'level' and r.measure_type = 'flow'", "basis", "basis.flow_as_level", "null"),
    ("r.basis_n = 'quarter' and r.measure_type <> 'flow'", "basis", "basis.level_per_quarter", _p(measure="r.measure_type")),
]

# A cell a spreadsheet would execute (=, +, -, @, tab or CR first) in any text column; a number with
# a sign in the value column is a number. The note is stored neutralised (load.py): a warning.
FORMULA_LIKE = "regexp_matches(coalesce({0}, ''), '^[=+\\-@\t\r]')"
WARNING_RULES = [
    ("pt_blank(r.value)", "value", "value.empty", "null"),
    *[
        (FORMULA_LIKE.format("r." + c) + (" and r.value_n is null" if c == "value" else ""), c, "cell.formula_like", "null")
        for c in COLUMNS
    ],
]


def _rule_select(condition: str, column: str, key: str, params: str) -> str:
    """The rows a rule hits; its parameters (JSON) are computed for those rows only (a CASE)."""
    return (
        "select file_id, row_no, column_name, value, msg_key, msg_params from ("
        f"select r.file_id, r.line_no as row_no, '{column}' as column_name, r.{column} as value, "
        f"'{key}' as msg_key, {condition} as hit, "
        f"case when hit then cast({params} as varchar) end as msg_params "
        "from sub_rows r join sub_file_keys k using (file_id)) where hit"
    )


PROBLEMS_DDL = """
create or replace temp table {0} (
    file_id integer, row_no integer, column_name varchar, value varchar, msg_key varchar, msg_params varchar)
"""

ERRORS = (
    "insert into sub_errors_raw\n"
    + "\nunion all ".join(_rule_select(*rule) for rule in ROW_RULES)
    + """
union all select f.file_id, f.header_line, null, null, 'file.no_rows', null
from stage_files f where f.readable and f.file_id not in (select file_id from sub_rows)
"""
)

WARNINGS = "insert into sub_warnings_raw\n" + "\nunion all ".join(_rule_select(*rule) for rule in WARNING_RULES)

# Reasons rendered through the catalogue (messages.py), with the indicator of the row as written
# (as the template shows it), so a report can say which indicator a problem is about.
RENDER = """
create or replace temp table {0} as
select p.file_id, p.row_no, p.column_name, p.value, pt_msg(p.msg_key, p.msg_params) as reason, p.msg_key,
    p.msg_params, r.indicator
from {0}_raw p left join sub_rows r on r.file_id = p.file_id and r.line_no = p.row_no
"""


def prepare_lookups(conn) -> None:
    """The macros, the message catalogue and the name → code lookups (temp tables), once per load,
    before `validate`."""
    from orchestration.defs.submissions.messages import load_catalogue

    conn.execute(MACROS)
    load_catalogue(conn)
    conn.execute(LOOKUPS)


def validate(conn, file_problems: list[tuple], file_notices: list[tuple], lookups: bool = True) -> None:
    """Build sub_rows, sub_errors and sub_warnings; the reader's problems (file_id, row, column,
    value, message key, parameters) join the SQL checks. `lookups=False`: prepare_lookups already
    ran on this connection (a load in chunks)."""
    import json

    if lookups:
        prepare_lookups(conn)
    conn.execute(RESOLVE)
    for table in ("sub_errors_raw", "sub_warnings_raw"):
        conn.execute(PROBLEMS_DDL.format(table))
    conn.execute(ERRORS)
    conn.execute(WARNINGS)
    as_rows = [lambda ps: [(*p[:5], json.dumps(p[5], ensure_ascii=False, default=str) if p[5] else None) for p in ps]]
    insert_rows(conn, "sub_errors_raw", as_rows[0](file_problems), 6)
    insert_rows(conn, "sub_warnings_raw", as_rows[0](file_notices), 6)
    conn.execute(RENDER.format("sub_errors"))
    conn.execute(RENDER.format("sub_warnings"))


# A year-to-date value below the previous quarter's, same department × region × indicator × year,
# compared in the indicator's canonical unit (lk_indicator_scale), against that quarter's latest version.
# Only the department × region × indicator × year of the new submissions are read (their accepted
# versions, old and new), so the cost follows what changed, not the size of raw.submission_values.
# Input: temp table new_submissions (submission_id, file_id, department_code, region_code, year) of
# the accepted files in sub_rows, already inserted into the raw tables.
YTD_DROP_WARNINGS = """
with new_values as (
    select distinct n.department_code, n.region_code, n.year, r.indicator_code
    from new_submissions n join sub_rows r using (file_id) where r.basis_n = 'ytd' and not pt_blank(r.value)),
related as (
    select l.submission_id, l.department_code, l.region_code, l.year, l.quarter, l.version
    from raw.submission_log l
    semi join (select distinct department_code, region_code, year from new_values) k
        on k.department_code = l.department_code and k.region_code = l.region_code and k.year = l.year
    where l.status = 'accepted'),
vals as (
    select l.*, v.row_no, v.indicator_code, v.original_value, try_cast(v.value_text as double) * sc.scale as value
    from related l join raw.submission_values v using (submission_id)
    semi join new_values k on k.department_code = l.department_code and k.region_code = l.region_code
        and k.year = l.year and k.indicator_code = v.indicator_code
    left join lk_indicator_scale sc on sc.indicator_code = v.indicator_code and sc.unit = v.unit
    where v.basis = 'ytd'),
prev as (
    select * from vals
    qualify row_number() over (partition by department_code, region_code, indicator_code, year, quarter
                               order by version desc) = 1)
select cur.submission_id, cur.row_no, 'value', cur.original_value,
    pt_msg('value.ytd_lower', cast(json_object('previous', prev.original_value, 'submission', prev.submission_id) as varchar))
from vals cur join prev
    on prev.department_code = cur.department_code and prev.region_code = cur.region_code
    and prev.indicator_code = cur.indicator_code and prev.year = cur.year and prev.quarter = cur.quarter - 1
where cur.submission_id in (select submission_id from new_submissions) and cur.value < prev.value
"""


# History-aware check (DHIS2's outlier / min-max rules, as a ratio): a new value more than
# `outlier_ratio` (data/reference/submission_limits.csv, the `$limit` parameter) times, or less than
# 1/outlier_ratio of, the same department's latest earlier figure for the indicator in the region
# (its latest accepted version of the latest earlier quarter), both in the indicator's canonical unit
# (lk_indicator_scale): a 万元/亿元 slip is 10,000. Reads only the department × region × indicator of the new submissions.
OUTLIER_WARNINGS = """
with new_keys as (
    select distinct n.department_code, n.region_code, r.indicator_code
    from new_submissions n join sub_rows r using (file_id) where not pt_blank(r.value)),
vals as (
    select l.submission_id, l.department_code, l.region_code, l.year, l.quarter, l.version, v.row_no,
        v.indicator_code, v.original_value, v.original_unit, try_cast(v.value_text as double) * sc.scale as value
    from raw.submission_log l join raw.submission_values v using (submission_id)
    semi join new_keys k on k.department_code = l.department_code and k.region_code = l.region_code
        and k.indicator_code = v.indicator_code
    left join lk_indicator_scale sc on sc.indicator_code = v.indicator_code and sc.unit = v.unit  -- as stored: units.csv
    where l.status = 'accepted'),
latest as (  -- the version that counts of each quarter, with the latest earlier quarter's figure beside it
    select *, lag(value) over w as prev_value, lag(original_value) over w as previous,
        lag(original_unit) over w as previous_unit, lag(year || 'Q' || quarter) over w as period
    from (select * from vals qualify row_number() over (partition by department_code, region_code, indicator_code,
                                                                      year, quarter order by version desc) = 1)
    window w as (partition by department_code, region_code, indicator_code order by year, quarter)),
compared as (
    select submission_id, row_no, original_value, value / prev_value as ratio, previous, previous_unit, period
    from latest
    where submission_id in (select submission_id from new_submissions) and value > 0 and prev_value > 0)
select submission_id, row_no, 'value', original_value,
    pt_msg('value.outlier', cast(json_object(
        'ratio', case when ratio >= 1 then format('{:,.0f}', ratio) else '1/' || format('{:,.0f}', 1 / ratio) end,
        'previous', previous, 'previous_unit', previous_unit, 'period', period,
        'limit', cast($limit as bigint)) as varchar))
from compared where ratio >= $limit or ratio <= 1 / $limit
"""
