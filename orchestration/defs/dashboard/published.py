"""Reading the published file: query rows as dicts, and which columns a table of this file has
(an older file may lack one; the dashboard then leaves that part out)."""

from __future__ import annotations


def rows(conn, sql: str, params=None) -> list[dict]:
    cursor = conn.execute(sql, params or [])
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]


def columns(conn, table: str) -> set[str]:
    found = conn.execute("select column_name from information_schema.columns where table_name = ?", [table])
    return {c for (c,) in found.fetchall()}
