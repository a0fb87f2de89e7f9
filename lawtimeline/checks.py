"""Warnings: facts that are legal in a dataset but suspicious, listed by ``Timeline.check()``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from lawtimeline.dates import PartialDate
from lawtimeline.errors import Problem
from lawtimeline.io._read import Path, format_path

if TYPE_CHECKING:
    from lawtimeline.timeline import Timeline

#: Pairs of life-cycle kinds (earlier, later) whose certain reversal deserves a warning.
_ORDER = (
    ("introduced", "adopted"),
    ("adopted", "signed"),
    ("approved", "signed"),
    ("signed", "published"),
    ("signed", "in_force"),
    ("in_force", "repealed"),
)


#: Life-cycle kinds that are known when they happen (an entry into force or a repeal may be known in advance).
_KNOWN_WHEN_DONE = ("introduced", "adopted", "approved", "signed", "published")


def _after_as_at(tl: Timeline) -> list[tuple[Path, str]]:
    """Facts that became known after the dataset's ``as_at``, the day its data is said to be complete to."""
    assert tl.as_at is not None
    as_at = tl.as_at
    horizon = f"after as_at ({PartialDate.day(as_at).label}), the day the data is said to be complete to"
    out: list[tuple[Path, str]] = []
    for si, s in enumerate(tl.sources.values()):
        if s.date is not None and s.date.earliest > as_at:
            out.append((("sources", si), f"source {s.id!r} is dated {s.date.label}, {horizon}"))
    for ai, act in enumerate(tl.acts.values()):
        for ei, e in enumerate(act.events):
            if e.kind in _KNOWN_WHEN_DONE and e.date is not None and e.date.earliest > as_at:
                out.append((("acts", ai, "events", ei),
                            f"the {e.kind} event of {act.id!r} is dated {e.date.label}, {horizon}"))
    for ci, c in enumerate(tl.changes.values()):
        if c.known_given and c.known is not None and c.known.earliest > as_at:
            out.append((("changes", ci, "known"), f"change {c.id!r} is known from {c.known.label}, {horizon}"))
        lapse = c.lapsed.date if c.lapsed is not None else None
        if lapse is not None and lapse.earliest > as_at:
            out.append((("changes", ci, "lapsed", "date"),
                        f"the lapse of change {c.id!r} is dated {lapse.label}, {horizon}"))
    for ei, e in enumerate(tl.events.values()):
        if e.date is not None and e.date.earliest > as_at:
            out.append((("events", ei), f"event {e.id!r} is dated {e.date.label}, {horizon}"))
    return out


def check(tl: Timeline) -> tuple[Problem, ...]:
    """Every warning for ``tl``, in dataset order, with file positions when it was loaded from a file."""
    found: list[tuple[Path, str]] = []
    cited: set[str] = set()

    for ai, act in enumerate(tl.acts.values()):
        path: Path = ("acts", ai)
        cited.update(act.sources)
        if not act.sources and not any(e.all_sources for e in act.events):
            found.append((path, f"act {act.id!r} cites no source"))
        for ei, e in enumerate(act.events):
            cited.update(e.all_sources)
            if not e.all_sources and not act.sources:
                found.append(((*path, "events", ei), f"{e.kind} event of {act.id!r} cites no source"))
        for first, then in _ORDER:
            a, b = act.event(first), act.event(then)
            if a is None or b is None or a.date is None or b.date is None:
                continue
            if b.date.latest < a.date.earliest:
                found.append(((*path, "events", act.events.index(b)),
                              f"{then.replace('_', ' ')} ({b.date.label}) is before {first.replace('_', ' ')} "
                              f"({a.date.label})"))
    for pi, p in enumerate(tl.provisions.values()):
        cited.update(p.sources)
        if not p.sources:
            found.append((("provisions", pi), f"provision {p.id!r} cites no source"))
    for ci, c in enumerate(tl.changes.values()):
        cited.update(c.sources)
        for st in c.stages:
            cited.update(st.sources)
        if c.lapsed is not None:
            cited.update(c.lapsed.sources)
        if not c.sources:
            found.append((("changes", ci), f"change {c.id!r} cites no source"))
    for ei, e in enumerate(tl.events.values()):
        cited.update(e.all_sources)
        if not e.all_sources:
            found.append((("events", ei), f"event {e.id!r} cites no source"))
    for si, s in enumerate(tl.sources.values()):
        if s.id not in cited:
            found.append((("sources", si), f"source {s.id!r} is never cited"))

    from lawtimeline.engine import engine_warnings
    from lawtimeline.graph import graph_warnings

    found.extend(engine_warnings(tl))
    found.extend(graph_warnings(tl))
    if tl.as_at is not None:
        found.extend(_after_as_at(tl))
    located = tl._located
    out = []
    for path, message in found:
        line, col = located.where(path) if located is not None else (None, None)
        out.append(Problem(message, format_path(path), located.file if located else None, line, col, "warning"))
    return tuple(out)
