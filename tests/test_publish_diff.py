"""What changed since the last publish (docs/monitoring.md): publish_diff per table, the largest
changes of published progress, `plantrack diff [VERSION]` and the Dagster asset's metadata."""

from __future__ import annotations

import pytest
from monitoring_helpers import story


@pytest.fixture(scope="module")
def told(built, tmp_path_factory):
    return story(built, tmp_path_factory.mktemp("monitoring"))


def _diff(told, step: str) -> dict:
    (version,) = told.query("select max(version) from publish_log", step=step)[0]
    rows = told.query(
        "select table_name, scope, rows_before, rows_after, rows_added, rows_removed, rows_changed "
        "from publish_diff where version = ?",
        [version],
        step=step,
    )
    return {r[0]: r[1:] for r in rows}


def test_an_approval_changes_the_approval_state_of_that_quarter_s_figures_only(told):
    diff = _diff(told, "approve")
    # Q3 of three indicators flips to approved: three rows, nothing added
    scope, before, after, added, removed, changed = diff["fct_actual"]
    assert (scope, added, removed, changed) == ("changed partitions", 0, 0, 3) and before == after
    assert diff["mart_approval_status"][3:] == (0, 0, 1)
    assert diff["mart_approval_audit"][3:] == (1, 0, 0)
    assert diff["dim_region"][3:] == (0, 0, 0) and diff["fct_target"][0] == "whole table"


def test_the_revision_is_among_the_largest_changes(told):
    (version,) = told.query("select max(version) from publish_log")[0]
    changes = told.query(
        """select kind, region_code, indicator_code, year, quarter, before_text, after_text,
            before_value, after_value, change_pct
        from publish_changes where version = ? and kind = 'actual_revised' order by indicator_code, quarter nulls last""",
        [version],
    )
    assert changes == [
        (
            "actual_revised",
            "330200",
            "software_info_services_revenue",
            2026,
            3,
            "ningbo_eitb-330200-2026Q3-v1",
            "ningbo_eitb-330200-2026Q3-v2",
            140.0,
            240.0,
            71.43,
        )
    ]
    # the other two indicators kept their values (not among the changes) but name the new version: changed rows
    assert _diff(told, "revised")["fct_actual"][3:] == (0, 0, 3)


def test_diff_command_prints_the_latest_and_an_earlier_version(told):
    latest = told.results["diff"]
    assert latest.exit_code == 0, latest.output
    assert "| fct_actual |" in latest.output and "actual_revised" in latest.output and "71.43" in latest.output
    (approve_version,) = told.query("select max(version) from publish_log", step="approve")[0]
    earlier = told.cli("diff", str(approve_version))
    assert earlier.exit_code == 0, earlier.output
    assert f"Version {approve_version}:" in earlier.output and "| mart_approval_audit | 0 | 1 | 1 | 0 |" in earlier.output
    missing = told.cli("diff", "9999")
    assert missing.exit_code == 1 and "no diff for version 9999" in missing.output


def test_the_published_asset_shows_the_diff_as_metadata(built):
    from dagster import AssetKey

    materializations = [
        e
        for e in built.result.all_events
        if e.event_type_value == "ASSET_MATERIALIZATION" and e.asset_key == AssetKey(["published", "plantrack"])
    ]
    (event,) = materializations
    metadata = event.event_specific_data.materialization.metadata
    assert "| table | before | after | added | removed | changed | compared |" in metadata["diff"].value
    assert metadata["exports"].value.endswith("v00001")
