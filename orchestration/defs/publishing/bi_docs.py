"""docs/bi.md, generated: how to connect BI tools, the published tables from the dbt YAML, examples.

The tables and columns come from the dbt YAML of the published models (and, for the few tables
publishing writes itself, from `NON_DBT_TABLES` below), so the document changes when the models
do: `plantrack bi-docs` rewrites it, and a test fails when the committed file is stale.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from orchestration.settings import DBT_PROJECT_DIR, PROJECT_ROOT

BI_DOC = PROJECT_ROOT / "docs" / "bi.md"
TEMPLATE = Path(__file__).with_name("bi_doc_template.md")

NON_DBT_TABLES = {
    "dq_issues": {
        "description": (
            "Every failed expectation of the latest quality gate, one row per offending row (at most 50 per "
            "expectation): warnings, since a critical failure stops publishing; and every submission version "
            "the gate holds back (severity `held`: its department × region × quarter keeps its last good "
            "version). See docs/progress.md."
        ),
        "columns": [
            {"name": "suite", "description": "The Great Expectations suite (expectations/<suite>.json)."},
            {"name": "asset_key", "description": "The asset whose check ran the suite."},
            {"name": "expectation", "description": "The expectation type."},
            {"name": "column_name", "description": "The column it validates (a fact the suite's SQL computes)."},
            {
                "name": "severity",
                "description": "warning (critical failures never reach a published file), or held (a submission version held back).",
            },
            {"name": "description", "description": "What the expectation protects."},
            {"name": "unexpected_count", "description": "How many rows failed it."},
            {"name": "row_label", "description": "Which row: the keys the suite's SQL names it by."},
            {"name": "unexpected_value", "description": "The failing value."},
            {"name": "checked_at", "description": "When the suite ran (UTC)."},
            {"name": "run_id", "description": "The Dagster run."},
            {"name": "data_docs_url", "description": "The validation's Great Expectations Data Docs page."},
        ],
    },
    "publish_log": {
        "description": "One row per publish of this file, earlier ones carried over: version, when, row counts, gate results.",
        "columns": [
            {"name": "version", "description": "Publish number, never reused (also after a rollback)."},
            {"name": "published_at", "description": "When the file was published (UTC)."},
            {"name": "run_id", "description": "The Dagster run that published it."},
            {"name": "row_counts", "description": "Rows per published table at that publish (JSON)."},
            {"name": "suites_passed", "description": "Quality suites with no failed expectation."},
            {"name": "suites_warned", "description": "Suites with failed warnings only (listed in dq_issues)."},
            {"name": "suites_failed", "description": "Suites with a critical failure (empty: those stop publishing)."},
            {"name": "dq_issues", "description": "Rows in dq_issues."},
            {"name": "storage_version", "description": "DuckDB storage format of the file (v1.0.0: DuckDB 1.x reads it)."},
            {
                "name": "submissions_held",
                "description": "Submission versions the quality gate holds back at this publish (in dq_issues with the reason).",
            },
            {
                "name": "publish_mode",
                "description": "patched (the previous file with the changed partitions replaced) or full, with why.",
            },
        ],
    },
    "publish_diff": {
        "description": "Per publish and table, what changed against the previous version (`plantrack diff`; docs/monitoring.md).",
        "columns": [
            {"name": "version", "description": "The publish (publish_log.version)."},
            {"name": "table_name", "description": "The published table."},
            {
                "name": "scope",
                "description": "whole table, changed partitions (a patched publish compares only those) or new table.",
            },
            {"name": "rows_before", "description": "Rows in the previous version."},
            {"name": "rows_after", "description": "Rows in this version."},
            {"name": "rows_added", "description": "Rows whose key is new."},
            {"name": "rows_removed", "description": "Rows whose key is gone."},
            {"name": "rows_changed", "description": "Rows with the same key and other values (null for a table without a key)."},
        ],
    },
    "publish_changes": {
        "description": "Per publish, the largest changes of published progress: targets whose status flipped, actuals revised by more than the threshold.",
        "columns": [
            {"name": "version", "description": "The publish (publish_log.version)."},
            {
                "name": "kind",
                "description": "status_flipped (mart_progress) or actual_revised (fct_actual, beyond PLANTRACK_DIFF_THRESHOLD_PCT, default 10 %).",
            },
            {"name": "region_code", "description": "Region."},
            {"name": "region_name_zh", "description": "Region name."},
            {"name": "indicator_code", "description": "Indicator."},
            {"name": "indicator_name_zh", "description": "Indicator name."},
            {"name": "year", "description": "Year."},
            {"name": "quarter", "description": "Quarter (null: annual, or a target)."},
            {"name": "row_key", "description": "target_key (status_flipped) or actual_key (actual_revised)."},
            {"name": "before_text", "description": "The previous status, or the previous submission version."},
            {"name": "after_text", "description": "The new status, or the new submission version."},
            {"name": "before_value", "description": "The previous value (judged value for a target)."},
            {"name": "after_value", "description": "The new value."},
            {"name": "change_pct", "description": "(after − before) / |before|, percent."},
        ],
    },
}

# (question, SQL): run by the tests through SQLAlchemy, read-only, on the published file
EXAMPLE_QUERIES = [
    (
        "Which Ningbo indicators are off track in 2024, and who leads them?",
        """select p.indicator_name_zh, p.indicator_name_en, p.target_operator, p.target_value, p.unit,
       p.actual_value, p.status, p.lead_departments_zh, p.lead_departments_en
from mart_progress p
join dim_region r using (region_code)
where r.name_zh = '宁波市' and p.year = 2024 and p.scorecard_bucket = 'off_track'
order by p.status, p.indicator_code""",
    ),
    (
        "What did each document promise for 5G base stations, and what has been reported since?",
        """select t.plan_id, t.region_code, t.year, t.target_operator, t.target_value, t.unit, t.value_text,
       a.value as actual_value
from fct_target t
join dim_indicator i using (indicator_code)
left join fct_actual a
  on a.region_code = t.region_code and a.indicator_code = t.indicator_code
  and a.year = t.year and a.quarter is null
where i.name_zh = '5G基站数量'
order by t.region_code, t.year""",
    ),
    (
        "Which departments lead the most targets, and how many of them are met or off track?",
        """select d.name_zh, d.name_en, count(*) as targets_led,
       count(*) filter (where p.scorecard_bucket = 'met') as met,
       count(*) filter (where p.scorecard_bucket = 'off_track') as off_track
from bridge_target_department b
join dim_department d using (department_code)
join mart_progress p using (target_key)
where b.department_role = 'lead'
group by all
order by targets_led desc, d.name_zh
limit 20""",
    ),
    (
        "How do the targets of each region and year stand, by status?",
        """select r.name_zh as region, p.year, p.status, count(*) as targets
from mart_progress p
join dim_region r using (region_code)
group by all
order by region, p.year, p.status""",
    ),
    (
        "Where does a target come from? The document, line and verbatim text behind each figure.",
        """select t.region_code, i.name_zh as indicator, t.year, t.target_value, t.unit,
       t.value_text, t.source_text, t.seed_file, t.source_line
from fct_target t
join dim_indicator i using (indicator_code)
where t.value_status = 'value'
order by t.seed_file, t.source_line
limit 20""",
    ),
]


def dbt_models() -> dict[str, dict]:
    """Every model documented in the dbt YAML, by name."""
    models: dict[str, dict] = {}
    for path in sorted((DBT_PROJECT_DIR / "models").rglob("*.yml")):
        for model in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("models", []):
            models[model["name"]] = model
    return models


def published_tables() -> list[str]:
    from orchestration.defs.publishing.publish import PUBLISHED_TABLES

    return [*PUBLISHED_TABLES, *(t for t in NON_DBT_TABLES if t not in PUBLISHED_TABLES)]


def _one_line(text: str | None) -> str:
    return " ".join((text or "").split()).replace("|", "\\|")


def _test_text(test) -> str:
    if isinstance(test, str):
        return test.replace("_", " ")
    ((name, spec),) = test.items()
    args = (spec or {}).get("arguments", spec) or {}
    if name == "accepted_values":
        return "one of " + ", ".join(f"`{v}`" for v in args.get("values", []))
    if name == "relationships":
        target = str(args.get("to", "")).removeprefix("ref('").removesuffix("')")
        return f"→ `{target}.{args.get('field')}`"
    if name == "unique_combination":
        return "unique per (" + ", ".join(args.get("columns", [])) + ")"
    return name.replace("_", " ")


def table_section(name: str, model: dict) -> str:
    lines = [f"### `{name}`", "", _one_line(model.get("description"))]
    model_tests = [_test_text(t) for t in model.get("data_tests", []) if _test_text(t).startswith("unique per")]
    if model_tests:
        lines += ["", "Keys: " + "; ".join(model_tests) + "."]
    lines += ["", "| column | description | checked |", "|---|---|---|"]
    for column in model.get("columns", []):
        checks = ", ".join(_test_text(t) for t in column.get("data_tests", []))
        lines.append(f"| `{column['name']}` | {_one_line(column.get('description'))} | {checks} |")
    return "\n".join(lines)


def render_bi_doc() -> str:
    models = {**dbt_models(), **NON_DBT_TABLES}
    sections = [
        table_section(name, models.get(name, {"description": "(not documented in the dbt YAML)"})) for name in published_tables()
    ]
    queries = "\n\n".join(
        f"{n}. **{question}**\n\n```sql\n{sql}\n```" for n, (question, sql) in enumerate(EXAMPLE_QUERIES, start=1)
    )
    template = TEMPLATE.read_text(encoding="utf-8")
    return template.replace("{{tables}}", "\n\n".join(sections)).replace("{{queries}}", queries)
