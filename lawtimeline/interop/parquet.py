"""The engine's own index as tables (DESIGN §10b): ``tl.to_frame("segments")`` and ``tl.to_parquet(directory)``.

The ``segments`` table has one row per provision and segment of the engine's index: between two days on which
one of the provision's changes may take effect, every change is certainly applied, certainly not, or undecided,
so the answer is the same on every day of the segment. "What was in force on X" is then a range filter,
``start <= X AND (end IS NULL OR X < end)``, that DuckDB or Spark runs over the Parquet files
(:mod:`lawtimeline.interop.sql`). The rows are read from the engine's index, not recomputed here.

Columns of ``segments``:

- ``provision``: the provision id; ``start``: the first day of the segment (``0001-01-01`` for the first one);
  ``end``: the first day after it (exclusive), null for the last, open segment;
- ``status``, ``in_force``, ``value``, ``candidates``, ``change``: the :class:`~lawtimeline.Answer` on every day of
  the segment, as :class:`~lawtimeline.Answer` has them. ``in_force`` is null when the candidates disagree on it;
  ``value`` and ``change`` are null where the answer's are (an unresolved answer has neither, and ``value`` is
  null when not in force); ``candidates`` lists every possible state ``{"in_force": ..., "value": ...}`` in the
  answer's order (fewest undecided changes first);
- ``states``: the same states as ``candidates``, sorted by their JSON text, so that two rows hold the same set
  of states exactly when their ``states`` are equal (what ``diff`` compares);
- ``certain``: the answer is definite and no caveat could make it otherwise;
- ``as_of``: the as-of day the segments were computed for (null: everything the dataset knows);
- ``territory``: the territory code asked with ``where=`` (null: none asked; DESIGN §4a). ``where`` is itself a
  reserved word in SQL, hence the name.

Values are JSON text (:func:`json_value`): a number as a JSON number, a range as ``{"min": ..., "max": ...}``
(either may be null), a set as a sorted list of strings, a list as a list, a text as a string, a boolean as
``true``/``false``, and content that changed without the new wording being recorded
(:class:`~lawtimeline.model.Unrecorded`) as ``{"unrecorded": "<change id>"}``.

The Parquet files (``to_parquet``) are ``segments``, ``changes``, ``events``, ``versions`` and ``provisions``, with
dates as ``DATE`` (date32), JSON as strings and lists of ids as lists of strings. pyarrow is an optional extra:
``pip install 'lawtimeline[parquet]'``.
"""

from __future__ import annotations

import datetime as _dt
import inspect
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lawtimeline.errors import LawTimelineError
from lawtimeline.model import Range, Unrecorded

if TYPE_CHECKING:
    import pandas as pd

    from lawtimeline.dates import PartialDate
    from lawtimeline.results import Outcome
    from lawtimeline.timeline import Timeline

__all__ = ["SEGMENT_COLUMNS", "TABLES", "json_value", "segment_rows", "segments_frame", "to_parquet"]

#: The columns of ``to_frame("segments")`` and of ``segments.parquet``, in order.
SEGMENT_COLUMNS = ("provision", "start", "end", "status", "in_force", "value", "candidates", "states", "change",
                   "certain", "as_of", "territory")

#: The Parquet files ``to_parquet`` writes (``<name>.parquet``).
TABLES = ("segments", "changes", "events", "versions", "provisions")

_FIRST_DAY = 1  # date.min.toordinal(): the start of every provision's first segment
_EPOCH = _dt.date(1970, 1, 1).toordinal()  # date32 counts days from here
_BATCH = 200_000  # rows per Parquet row group written at a time (bounds the memory of a big export)


# -- values as JSON ---------------------------------------------------------------------------------------------


def plain(value: Any) -> Any:
    """A value as plain JSON data (see the module docstring for each kind)."""
    if isinstance(value, Range):
        return {"min": value.min, "max": value.max}
    if isinstance(value, frozenset):
        return sorted(value)
    if isinstance(value, tuple):
        return [plain(v) for v in value]
    if isinstance(value, Unrecorded):
        return {"unrecorded": value.change}
    return value


_encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode


def json_value(value: Any) -> str:
    """The JSON text of a provision value, as the ``value`` columns hold it.

    >>> from lawtimeline.model import Range
    >>> json_value(Range(10000, 30000)), json_value(frozenset({"b", "a"})), json_value("ä")
    ('{"min":10000,"max":30000}', '["a","b"]', '"ä"')
    """
    return _encode(plain(value))


def candidates_json(candidates: tuple[tuple[bool, Any], ...]) -> tuple[str, str]:
    """``candidates`` and ``states``: the states in the answer's order, and the same sorted by their JSON text."""
    items = [_encode({"in_force": f, "value": plain(v)}) for f, v in candidates]
    ordered = "[" + ",".join(items) + "]"
    return ordered, ("[" + ",".join(sorted(items)) + "]") if len(items) > 1 else ordered


# -- the engine's index -----------------------------------------------------------------------------------------


def _engine_segments(tl: Timeline, pid: str, as_of: object, where: str | None
                     ) -> Iterator[tuple[int | None, int | None, Outcome, bool | None]]:
    """``(start ordinal, end ordinal or None, outcome, certain or None)`` for each segment, from the engine."""
    eng = tl._engine()
    access = getattr(eng, "segments", None)
    if access is not None:
        kwargs: dict[str, Any] = {"as_of": as_of}
        if where is not None:
            kwargs["where"] = where
        for seg in access(pid, **kwargs):
            start, end, outcome = seg[0], seg[1], seg[2]
            certain = seg[3] if len(seg) > 3 else getattr(seg, "certain", None)
            yield start, end, outcome, certain
        return
    # Until the engine names its segment access: its plan's boundaries, each segment answered once (cached).
    plan = eng.plan(pid)
    starts = [b for b in plan.bounds if b > _FIRST_DAY]
    starts.insert(0, _FIRST_DAY)
    for n, start in enumerate(starts):
        end = starts[n + 1] if n + 1 < len(starts) else None
        yield start, end, eng.value_of(pid, _dt.date.fromordinal(start), as_of).outcome, None


def _where_supported(tl: Timeline) -> bool:
    access = getattr(tl._engine(), "segments", None)
    return access is not None and "where" in inspect.signature(access).parameters


def _iso(ordinal: int | None) -> str | None:
    return _dt.date.fromordinal(ordinal).isoformat() if ordinal is not None else None


def _certain(outcome: Outcome, given: bool | None) -> bool:
    if given is not None:
        return bool(given)
    return outcome.status == "definite" and not outcome.caveats


def segment_rows(tl: Timeline, *, as_of: object = None, where: str | None = None
                 ) -> Iterator[tuple[Any, ...]]:
    """The rows of the ``segments`` table, provision by provision in dataset order, each a tuple in
    :data:`SEGMENT_COLUMNS` order with ``start``/``end``/``as_of`` as day ordinals (``end``/``as_of`` may be None).

    ``where`` is passed to the engine's segment access, which must accept it."""
    if where is not None and not _where_supported(tl):
        raise LawTimelineError("segments: where= needs an engine that answers by territory; this one does not")
    from lawtimeline.engine import query_day

    as_ord = query_day(as_of)[1] if as_of is not None else None
    as_day = query_day(as_of)[0] if as_of is not None else None
    for pid in tl.provisions:
        for start, end, outcome, certain in _engine_segments(tl, pid, as_day, where):
            if end is not None and start is not None and end <= start:
                continue  # an empty segment (a window opening on the first day there is): no day to answer
            cands, states = candidates_json(outcome.candidates)
            value = outcome.value
            yield (pid, start if start is not None else _FIRST_DAY, end, outcome.status, outcome.in_force,
                   json_value(value) if value is not None else None, cands, states, outcome.change,
                   _certain(outcome, certain), as_ord, where)


def segments_frame(tl: Timeline, *, as_of: object = None, where: str | None = None) -> pd.DataFrame:
    """``tl.to_frame("segments")``: the segments table as a DataFrame, days as ISO text (needs pandas)."""
    try:
        import pandas as pd
    except ImportError:
        raise LawTimelineError(
            "to_frame needs pandas: pip install 'lawtimeline[pandas]' (or pip install pandas)") from None
    rows = [(r[0], _iso(r[1]), _iso(r[2]), *r[3:10], _iso(r[10]), r[11]) for r in segment_rows(tl, as_of=as_of,
                                                                                        where=where)]
    frame = pd.DataFrame(rows, columns=list(SEGMENT_COLUMNS))
    for col in ("provision", "start", "end", "status", "value", "candidates", "states", "change", "as_of",
                "territory"):
        frame[col] = frame[col].astype("string")
    frame["in_force"] = frame["in_force"].astype("boolean")
    frame["certain"] = frame["certain"].astype(bool)
    return frame


# -- Parquet ----------------------------------------------------------------------------------------------------


def _pyarrow() -> tuple[Any, Any]:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise LawTimelineError(
            "to_parquet needs pyarrow: pip install 'lawtimeline[parquet]' (or pip install 'pyarrow>=14')") from None
    return pa, pq


def schemas() -> dict[str, Any]:
    """The pyarrow schema of each table (needs pyarrow)."""
    pa, _ = _pyarrow()
    s, d, b, i = pa.string(), pa.date32(), pa.bool_(), pa.int64()
    ids = pa.list_(pa.string())

    def f(name: str, typ: Any, nullable: bool = True) -> Any:
        return pa.field(name, typ, nullable=nullable)

    def dated(name: str) -> list[Any]:
        return [f(name, s), f(f"{name}_earliest", d), f(f"{name}_latest", d)]

    return {
        "segments": pa.schema([f("provision", s, False), f("start", d, False), f("end", d), f("status", s, False),
                               f("in_force", b), f("value", s), f("candidates", s, False), f("states", s, False),
                               f("change", s), f("certain", b, False), f("as_of", d), f("territory", s)]),
        "changes": pa.schema([f("id", s, False), f("act", s, False), f("provision", s, False), f("op", s, False),
                              f("value", s), f("items", s), *dated("effective"), *dated("known"),
                              f("pending", b, False), f("implicit", b, False), f("retroactive", b),
                              f("sources", ids, False), f("position", i, False)]),
        "events": pa.schema([f("id", s, False), f("kind", s, False), f("lifecycle", b, False), f("act", s),
                             f("title", s), f("by", s), *dated("date"), f("disputed", b, False),
                             f("related", ids, False), f("sources", ids, False)]),
        "versions": pa.schema([f("provision", s, False), f("value", s), *dated("start"), *dated("end"),
                               f("change", s, False), f("act", s, False), f("certain", b, False),
                               f("as_of", d)]),
        "provisions": pa.schema([f("id", s, False), f("position", i, False), f("title", s), f("act", s, False),
                                 f("path", s), f("kind", s, False), f("unit", s), f("tags", ids, False),
                                 f("depends_on", ids, False), f("value", s), f("sources", ids, False)]),
    }


def _days(ordinal: int | None) -> int | None:
    return ordinal - _EPOCH if ordinal is not None else None


def _dated(d: PartialDate | None) -> tuple[str | None, int | None, int | None]:
    if d is None:
        return None, None, None
    return d.edtf, d.earliest.toordinal() - _EPOCH, d.latest.toordinal() - _EPOCH


def _change_rows(tl: Timeline) -> Iterator[tuple[Any, ...]]:
    for n, c in enumerate(tl.all_changes()):
        retro = c.retroactive
        yield (c.id, c.act, c.provision, c.op.value,
               json_value(c.value) if c.value is not None else None,
               json_value(c.items) if c.items else None,
               *_dated(c.effective), *_dated(c.known), c.pending, c.implicit, retro,
               list(c.sources), n)


def _event_rows(tl: Timeline) -> Iterator[tuple[Any, ...]]:
    for a in tl.acts.values():
        for e in a.events:
            yield (e.id, e.kind, True, e.act, e.title, e.by, *_dated(e.date), e.disputed, list(e.related),
                   list(e.all_sources))
    for e in tl.events.values():
        yield (e.id, e.kind, False, e.act, e.title, e.by, *_dated(e.date), e.disputed, list(e.related),
               list(e.all_sources))


def _version_rows(tl: Timeline, as_of: object) -> Iterator[tuple[Any, ...]]:
    from lawtimeline.engine import query_day

    as_days = _days(query_day(as_of)[1]) if as_of is not None else None
    for pid in tl.provisions:
        for v in tl.history(pid, as_of=as_of):  # type: ignore[arg-type]
            yield (pid, json_value(v.value) if v.value is not None else None, *_dated(v.start), *_dated(v.end),
                   v.change, v.act, v.certain, as_days)


def _provision_rows(tl: Timeline) -> Iterator[tuple[Any, ...]]:
    for n, p in enumerate(tl.provisions.values()):
        yield (p.id, n, p.title, p.act, p.path, p.kind.value, p.unit, list(p.tags), list(p.depends_on),
               json_value(p.value) if p.value is not None else None, list(p.sources))


def _segment_parquet_rows(tl: Timeline, as_of: object, where: str | None) -> Iterator[tuple[Any, ...]]:
    for r in segment_rows(tl, as_of=as_of, where=where):
        yield (*r[:1], r[1] - _EPOCH, _days(r[2]), *r[3:10], _days(r[10]), r[11])


def _write(path: Path, schema: Any, rows: Iterator[tuple[Any, ...]]) -> int:
    """Write rows (tuples in schema order) in batches; return how many."""
    pa, pq = _pyarrow()
    names = schema.names
    count = 0
    with pq.ParquetWriter(path, schema, compression="zstd") as writer:
        batch: list[tuple[Any, ...]] = []
        for row in rows:
            batch.append(row)
            if len(batch) >= _BATCH:
                writer.write_table(_table(pa, schema, names, batch))
                count += len(batch)
                batch = []
        if batch or count == 0:
            writer.write_table(_table(pa, schema, names, batch))
            count += len(batch)
    return count


def _table(pa: Any, schema: Any, names: list[str], rows: list[tuple[Any, ...]]) -> Any:
    columns = list(zip(*rows, strict=True)) if rows else [() for _ in names]
    arrays = [pa.array(list(col), type=field.type) for col, field in zip(columns, schema, strict=True)]
    return pa.Table.from_arrays(arrays, schema=schema)


def to_parquet(tl: Timeline, directory: str | os.PathLike[str], *, as_of: object = None,
               where: str | None = None) -> dict[str, Path]:
    """Write ``segments``, ``changes``, ``events``, ``versions`` and ``provisions`` as ``<name>.parquet`` files
    in ``directory`` (created if missing); return the paths by table name.

    With ``as_of``, the segments and versions are those seen on that day (and their ``as_of`` column says so);
    with ``where``, the segments are those of that territory (their ``territory`` column says so). The changes,
    events and provisions tables are the same for every ``as_of`` and ``where``.
    """
    _pyarrow()
    out = Path(directory)
    if out.exists() and not out.is_dir():
        raise LawTimelineError(f"{out}: not a directory")
    out.mkdir(parents=True, exist_ok=True)
    sch = schemas()
    producers: dict[str, Iterator[tuple[Any, ...]]] = {
        "segments": _segment_parquet_rows(tl, as_of, where),
        "changes": _change_rows(tl),
        "events": _event_rows(tl),
        "versions": _version_rows(tl, as_of),
        "provisions": _provision_rows(tl),
    }
    paths = {}
    for name in TABLES:
        path = out / f"{name}.parquet"
        _write(path, sch[name], producers[name])
        paths[name] = path
    return paths
