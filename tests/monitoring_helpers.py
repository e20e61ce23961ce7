"""One run of the approval → lock → reopen → revision story through the real CLI and pipeline, shared
by the monitoring test modules (approval, diff, exports, reporting status)."""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
from submission_helpers import write_csv
from typer.testing import CliRunner

from conftest import plantrack_env

EITB = ["市经信局", "宁波市", "2026"]
APPROVER = "统计局张三"


def eitb_rows(quarter, software, terminals, cloud):
    return [
        EITB + [quarter, "软件与信息服务业营业收入", software, "亿元", "累计", ""],
        EITB + [quarter, "数字智能终端营业收入", terminals, "亿元", "当季", ""],
        EITB + [quarter, "累计上云企业", cloud, "家", "期末", ""],
    ]


@dataclass
class Story:
    root: Path
    env: dict
    results: dict = field(default_factory=dict)  # step -> click Result
    snapshots: dict = field(default_factory=dict)  # step -> copy of the published file after it
    exports: dict = field(default_factory=dict)  # step -> copy of exports/latest after it

    @property
    def published(self) -> Path:
        return Path(self.env["PLANTRACK_PUBLISHED"])

    def query(self, sql: str, params=None, step: str | None = None) -> list[tuple]:
        path = self.snapshots[step] if step else self.published
        with duckdb.connect(str(path), read_only=True) as conn:
            return conn.execute(sql, params or []).fetchall()

    def cli(self, *args: str):
        with plantrack_env(**self.env):
            return CliRunner().invoke(self_app(), list(args))


def self_app():
    from orchestration.cli import app

    return app


_STORY: Story | None = None


def story(built, root: Path) -> Story:
    """Submit 2026Q1-Q3 (Q2 late), approve 330200 2026Q3, try a revision (quarantined: locked), reopen it,
    send the revision again (accepted). Run once per session."""
    global _STORY
    if _STORY is not None:
        return _STORY
    shutil.copytree(built.work_dir / "warehouse", root / "warehouse")
    shutil.copytree(built.published.parent, root / "published", symlinks=True)
    env = {
        "PLANTRACK_WORK": str(root / "warehouse"),
        "PLANTRACK_SUBMISSIONS": str(root / "subs"),
        "PLANTRACK_PUBLISHED": str(root / "published" / built.published.name),
        "DAGSTER_HOME": str(root / "dagster"),
        "PLANTRACK_AS_OF_DATE": "2026-12-02",
    }  # judged as of the day these tests were written: 2026Q3 is the latest quarter due
    s = Story(root, env)
    outbox = root / "outbox"
    q1 = write_csv(outbox / "eitb_2026Q1.csv", eitb_rows("Q1", "100", "200", "50010"), received="2026-04-15T10:00")
    q2 = write_csv(outbox / "eitb_2026Q2.csv", eitb_rows("Q2", "360", "260", "50020"), received="2026-08-10T10:00")
    q3 = write_csv(outbox / "eitb_2026Q3.csv", eitb_rows("Q3", "500", "290", "50030"), received="2026-10-15T10:00")
    revised = write_csv(outbox / "eitb_2026Q3_revised.csv", eitb_rows("Q3", "600", "290", "50030"), received="2026-11-10T10:00")
    steps = [
        ("submit", ["submit", str(q1), str(q2), str(q3)]),
        ("approve", ["approve", "330200", "2026Q3", "--by", APPROVER, "--comment", "季度审核通过"]),
        ("locked", ["submit", str(revised)]),
        ("reopen", ["reopen", "宁波市", "2026Q3", "--reason", "市经信局更正软件收入", "--by", APPROVER]),
        ("revised", ["submit", str(revised)]),
        ("diff", ["diff"]),
    ]
    for step, args in steps:
        s.results[step] = s.cli(*args)
        if step != "diff":
            s.snapshots[step] = root / f"after_{step}.duckdb"
            shutil.copy2(s.published, s.snapshots[step])
            s.exports[step] = root / f"exports_after_{step}"
            shutil.copytree((s.published.parent / "exports" / "latest").resolve(), s.exports[step])
    _STORY = s
    return s
