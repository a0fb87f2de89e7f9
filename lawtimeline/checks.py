"""Warnings: facts that are legal in a dataset but suspicious, listed by ``Timeline.check()``."""

from __future__ import annotations

from typing import TYPE_CHECKING

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
    located = tl._located
    out = []
    for path, message in found:
        line, col = located.where(path) if located is not None else (None, None)
        out.append(Problem(message, format_path(path), located.file if located else None, line, col, "warning"))
    return tuple(out)
