"""Quoting for the few SQL statements that cannot take parameters (ATTACH, COPY … TO, DDL).

Values go in as `?` parameters wherever DuckDB accepts them. Where it does not (a path in
`attach`, `copy`, a file name in `read_csv`, a comment in `comment on`), quote through here, never by
pasting into an f-string: a path with an apostrophe in it is a valid path.
"""

from __future__ import annotations

from os import PathLike


def literal(value: str | PathLike) -> str:
    """A SQL string literal: 'it''s'."""
    return "'" + str(value).replace("'", "''") + "'"


def identifier(name: str) -> str:
    """A quoted SQL identifier: "a ""b"" c"."""
    return '"' + name.replace('"', '""') + '"'
