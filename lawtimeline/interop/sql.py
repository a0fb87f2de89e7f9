"""Point-in-time queries in SQL over the Parquet tables of ``tl.to_parquet`` (DESIGN §10b).

The same SQL text runs on DuckDB (embedded, the default: :func:`in_force`, :func:`value_of` and :func:`diff` run it
and return rows) and on Spark SQL (distributed; :data:`QUERIES` holds the text, documented and not run here, as
Spark needs a JVM). "What was in force on X" is one range filter over the ``segments`` table::

    s.start <= :on AND (s.`end` IS NULL OR :on < s.`end`)

Two details make one text fit both engines:

- ``end`` is a reserved word in SQL. The queries always write it as ```end``` in backticks, Spark's quoting, which
  DuckDB accepts too (standard double quotes would be a string literal in Spark).
- Parameters are Spark's named markers (``:on``, ``:as_of``, ``:territory``; Spark 3.4 and later,
  ``spark.sql(text, args={...})``).
  :func:`duckdb_text` turns them into DuckDB's ``$on``; nothing is pasted into the text.

Every query filters ``s.as_of IS NOT DISTINCT FROM CAST(:as_of AS DATE)`` and the same for ``territory``: the
segments of an export made with ``to_parquet(directory, as_of=day, where=code)`` carry that day and that code in
their ``as_of`` and ``territory`` columns (null without them), so several exports can sit side by side in one
directory and each query picks the one it asks for. Asking for an export that was never made returns no rows;
:func:`in_force` and :func:`diff` say so rather than answering "nothing".
"""

from __future__ import annotations

import datetime as _dt
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lawtimeline.errors import LawTimelineError

if TYPE_CHECKING:
    import duckdb

__all__ = ["QUERIES", "connect", "diff", "duckdb_text", "in_force", "run", "value_of"]

_RANGE = "s.start <= {d} AND (s.`end` IS NULL OR {d} < s.`end`)"
_AS_OF = ("s.as_of IS NOT DISTINCT FROM CAST(:as_of AS DATE)\n"
          "  AND s.territory IS NOT DISTINCT FROM CAST(:territory AS STRING)")

#: The queries, as Spark SQL and (through :func:`duckdb_text`) DuckDB run them. Tables: ``segments``, ``changes``.
QUERIES: dict[str, str] = {
    # What was, or may have been, in force on :on (in_force true or null), as known on :as_of.
    "in_force": f"""
SELECT s.provision, s.status, s.in_force, s.value, s.candidates, s.change, s.certain
FROM segments AS s
WHERE {_RANGE.format(d=":on")}
  AND (s.in_force OR s.in_force IS NULL)
  AND {_AS_OF}
ORDER BY s.provision
""".strip(),
    # One provision on :on.
    "value_of": f"""
SELECT s.provision, s.status, s.in_force, s.value, s.candidates, s.change, s.certain
FROM segments AS s
WHERE s.provision = :provision
  AND {_RANGE.format(d=":on")}
  AND {_AS_OF}
""".strip(),
    # The provisions whose sets of states differ between :a and :b (states: the candidates sorted), with both sides.
    "diff": f"""
WITH at_a AS (
  SELECT s.provision, s.status, s.in_force, s.value, s.candidates, s.states
  FROM segments AS s
  WHERE {_RANGE.format(d=":a")}
  AND {_AS_OF}
), at_b AS (
  SELECT s.provision, s.status, s.in_force, s.value, s.candidates, s.states
  FROM segments AS s
  WHERE {_RANGE.format(d=":b")}
  AND {_AS_OF}
)
SELECT at_a.provision,
       at_a.status AS status_before, at_a.in_force AS in_force_before, at_a.value AS value_before,
       at_a.candidates AS candidates_before,
       at_b.status AS status_after, at_b.in_force AS in_force_after, at_b.value AS value_after,
       at_b.candidates AS candidates_after
FROM at_a JOIN at_b ON at_a.provision = at_b.provision
WHERE at_a.states <> at_b.states
ORDER BY at_a.provision
""".strip(),
    # The changes whose window of effect meets (:a, :b] and that were knowable on :as_of, by provision.
    "diff_changes": """
SELECT c.provision, c.id, c.act
FROM changes AS c
WHERE c.effective_latest > :a AND c.effective_earliest <= :b
  AND (CAST(:as_of AS DATE) IS NULL OR c.known_earliest IS NULL OR c.known_earliest <= CAST(:as_of AS DATE))
ORDER BY c.provision, c.position
""".strip(),
}

_MARKER = re.compile(r"(?<![:\w]):([A-Za-z_]\w*)")


def duckdb_text(sql: str) -> str:
    """The query with Spark's named parameter markers (``:on``) written as DuckDB's (``$on``).

    >>> duckdb_text("SELECT 1 WHERE :on < s.`end`")
    'SELECT 1 WHERE $on < s.`end`'
    """
    return _MARKER.sub(r"$\1", sql)


def _duckdb() -> Any:
    try:
        import duckdb
    except ImportError:
        raise LawTimelineError(
            "the SQL queries run on DuckDB: pip install 'lawtimeline[parquet]' (or pip install 'duckdb>=1.0')"
        ) from None
    return duckdb


def _files(directory: Path, table: str) -> str | None:
    """``<table>.parquet``, or every ``*.parquet`` below a ``<table>/`` directory (hive partitions allowed)."""
    single = directory / f"{table}.parquet"
    if single.is_file():
        return str(single)
    folder = directory / table
    if folder.is_dir():
        return str(folder / "**" / "*.parquet")
    return None


def connect(directory: str | os.PathLike[str]) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB connection with a view per table found in ``directory`` (``segments`` at least)."""
    db = _duckdb()
    base = Path(directory)
    if _files(base, "segments") is None:
        raise LawTimelineError(f"{base}: no segments.parquet (or segments/ directory) here; write one with "
                               "tl.to_parquet(directory)")
    con: duckdb.DuckDBPyConnection = db.connect()
    for table in ("segments", "changes", "events", "versions", "provisions"):
        where = _files(base, table)
        if where is not None:
            quoted = where.replace("'", "''")
            con.execute(f"CREATE VIEW {table} AS SELECT * FROM read_parquet('{quoted}', union_by_name = true)")
    return con


def _day(value: object, what: str) -> _dt.date | None:
    if value is None:
        return None
    from lawtimeline.engine import query_day

    try:
        return _dt.date.fromordinal(query_day(value)[1])
    except LawTimelineError as e:
        raise LawTimelineError(f"{what}: {e}") from None


def run(source: str | os.PathLike[str] | duckdb.DuckDBPyConnection, query: str, **params: Any
        ) -> list[dict[str, Any]]:
    """Run one of :data:`QUERIES` on DuckDB over an export directory (or an open :func:`connect` connection);
    return the rows as dicts. Parameters left out are null (``as_of``, ``territory``: the export made without)."""
    text = QUERIES[query]
    con = connect(source) if isinstance(source, str | os.PathLike) else source
    used = set(_MARKER.findall(text))
    unknown = set(params) - used
    if unknown:
        raise LawTimelineError(f"the {query} query takes {', '.join(sorted(used))}, not {', '.join(sorted(unknown))}")
    cur = con.execute(duckdb_text(text), {k: params.get(k) for k in used})  # a parameter not given is null
    names = [d[0] for d in cur.description]
    return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]


def _has_export(con: Any, as_of: _dt.date | None, where: str | None) -> bool:
    row = con.execute(duckdb_text("SELECT 1 FROM segments AS s WHERE " + _AS_OF + " LIMIT 1"),
                      {"as_of": as_of, "territory": where}).fetchone()
    return row is not None


def _open(source: Any) -> Any:
    return connect(source) if isinstance(source, str | os.PathLike) else source


def _checked(con: Any, as_day: _dt.date | None, where: str | None) -> None:
    if not _has_export(con, as_day, where):
        which = [f"as_of {as_day.isoformat()}" if as_day else "without as_of"]
        if where is not None:
            which.append(f"where {where!r}")
        raise LawTimelineError(f"no segments exported {' and '.join(which)} here; write them with "
                               "tl.to_parquet(directory, as_of=..., where=...)")


def in_force(source: str | os.PathLike[str] | duckdb.DuckDBPyConnection, on: object, *, as_of: object = None,
             where: str | None = None) -> list[dict[str, Any]]:
    """What was, or may have been, in force on ``on``: one row per provision (``provision, status, in_force,
    value, candidates, change, certain``; ``value`` and ``candidates`` as JSON text), by provision id.

    ``as_of`` and ``where`` select the segments exported with ``to_parquet(directory, as_of=..., where=...)``;
    a directory without such an export is an error, not an empty answer.
    """
    con = _open(source)
    as_day = _day(as_of, "as_of")
    _checked(con, as_day, where)
    return run(con, "in_force", on=_day(on, "on"), as_of=as_day, territory=where)


def value_of(source: str | os.PathLike[str] | duckdb.DuckDBPyConnection, provision: str, on: object, *,
             as_of: object = None, where: str | None = None) -> dict[str, Any] | None:
    """The row of one provision on ``on`` (None when the export has no such provision)."""
    rows = run(_open(source), "value_of", provision=provision, on=_day(on, "on"), as_of=_day(as_of, "as_of"),
               territory=where)
    return rows[0] if rows else None


def diff(source: str | os.PathLike[str] | duckdb.DuckDBPyConnection, a: object, b: object, *,
         as_of: object = None, where: str | None = None) -> list[dict[str, Any]]:
    """The provisions whose sets of possible states differ between the days ``a`` and ``b``: both sides, and
    ``changes``, the ids of the provision's changes whose window of effect meets ``(a, b]`` (needs
    ``changes.parquet``)."""
    con = _open(source)
    day_a, day_b, as_day = _day(a, "a"), _day(b, "b"), _day(as_of, "as_of")
    if day_a is not None and day_b is not None and day_a > day_b:
        raise LawTimelineError(f"diff from {day_a.isoformat()} to {day_b.isoformat()}: the first day is after the "
                               "second")
    _checked(con, as_day, where)
    rows = run(con, "diff", a=day_a, b=day_b, as_of=as_day, territory=where)
    by_provision: dict[str, list[str]] = {}
    for c in run(con, "diff_changes", a=day_a, b=day_b, as_of=as_day):
        by_provision.setdefault(c["provision"], []).append(c["id"])
    for r in rows:
        r["changes"] = by_provision.get(r["provision"], [])
    return rows
