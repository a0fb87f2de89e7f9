"""The drawn timeline, laid out in Python: a time scale, ticks, lanes and the marks in them.

Everything here is plain data (dicts of strings and numbers) for the templates; positions are in SVG user units
and every mark also carries its days (``t0``/``t1``, days since 1970-01-01) so the page's script can zoom and pan.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

import pendulum

from lawtimeline.dates import MONTHS, PartialDate
from lawtimeline.model import ENDING_KINDS, Act, Change, Provision

if TYPE_CHECKING:
    from lawtimeline.engine import Engine
    from lawtimeline.timeline import Timeline

EPOCH = pendulum.Date(1970, 1, 1).toordinal()
WIDTH = 1200
LABEL_W = 300
PLOT_X0 = LABEL_W + 10
PLOT_X1 = WIDTH - 20
AXIS_H = 34
LANE_H = 30
HEAD_H = 26

#: Marker shape per life-cycle kind: distinguishable without colour.
SHAPES = {
    "introduced": "circle-open",
    "adopted": "circle",
    "approved": "circle-ring",
    "signed": "diamond",
    "published": "square",
    "in_force": "triangle",
    "applies": "triangle-open",
    "suspended": "bars",
    "struck_down": "cross",
    "repealed": "cross",
    "expired": "cross-open",
    "change": "arrow",
    "context": "star",
}


def day(d: pendulum.Date) -> int:
    """Days since 1970-01-01 (what the page's script uses)."""
    return d.toordinal() - EPOCH


def iso(t: int) -> str:
    return pendulum.Date.fromordinal(t + EPOCH).isoformat()


class Scale:
    """Days ↔ x positions in the plot area."""

    def __init__(self, t0: int, t1: int) -> None:
        if t1 <= t0:
            t1 = t0 + 1
        self.t0, self.t1 = t0, t1
        self.k = (PLOT_X1 - PLOT_X0) / (t1 - t0)

    def x(self, t: float) -> float:
        return round(PLOT_X0 + (t - self.t0) * self.k, 2)


_STEPS = (  # (approximate days, unit, count)
    (1, "day", 1), (7, "day", 7), (30.4, "month", 1), (91.3, "month", 3), (182.6, "month", 6),
    (365.25, "year", 1), (730.5, "year", 2), (1826, "year", 5), (3652, "year", 10), (7305, "year", 20),
    (18262, "year", 50), (36525, "year", 100),
)  # fmt: skip


def ticks(t0: int, t1: int, target: int = 10) -> list[tuple[int, str]]:
    """Tick days and labels for ``[t0, t1]``: days, weeks, months, quarters, years, decades … as the span needs."""
    span = max(1, t1 - t0)
    approx, unit, n = next((s for s in _STEPS if span / s[0] <= target), _STEPS[-1])
    del approx
    start = pendulum.Date.fromordinal(t0 + EPOCH)
    out: list[tuple[int, str]] = []
    if unit == "day":
        d = start
        while day(d) <= t1:
            out.append((day(d), f"{d.day} {MONTHS[d.month - 1][:3]} {d.year}"))
            if d.toordinal() + n > pendulum.Date(9999, 12, 31).toordinal():
                break  # the calendar's last day
            d = d.add(days=n)
        return out
    if unit == "month":
        y, m = start.year, start.month
        m = ((m - 1) // n) * n + 1
        while True:
            d = pendulum.Date(y, m, 1)
            if day(d) > t1:
                return out
            if day(d) >= t0:
                out.append((day(d), f"{MONTHS[m - 1][:3]} {y}" if n < 12 else str(y)))
            m += n
            if m > 12:
                y, m = y + 1, m - 12
    y = (start.year // n) * n
    while True:
        if y < 1:
            y += n
            continue
        if y > 9999:
            return out
        d = pendulum.Date(y, 1, 1)
        if day(d) > t1:
            return out
        if day(d) >= t0:
            out.append((day(d), str(y)))
        y += n


def known_start(d: PartialDate) -> pendulum.Date:
    """The first day of ``d`` that the data knows: an open start (``[..2005-12-29]``, "on or before") counts from
    its one known day, not from the year 1."""
    return d.latest if d.open_start else d.earliest


def known_end(d: PartialDate) -> pendulum.Date:
    """The last day of ``d`` that the data knows: an open end (``[2024-08-08..]``) counts to its known day."""
    return d.earliest if d.open_end else d.latest


def domain(tl: Timeline, eng: Engine) -> tuple[int, int]:
    """The days every dated thing of the timeline covers, padded a little on both sides."""
    lo, hi = None, None
    for e in eng.chronology():
        a, b = day(known_start(e.date)), day(known_end(e.date))
        lo = a if lo is None or a < lo else lo
        hi = b if hi is None or b > hi else hi
    if lo is None or hi is None:
        today = day(pendulum.Date(2000, 1, 1))
        return today, today + 365
    pad = max(15, (hi - lo) // 40)
    return lo - pad, hi + max(60, (hi - lo) // 12)  # room on the right for the values in force now


def focus(tl: Timeline, eng: Engine, dom: tuple[int, int]) -> tuple[int, int]:
    """The initial view: the smallest window holding 90% of the entries, when it is under half the domain."""
    days = sorted(day(known_end(e.date)) for e in eng.chronology())
    if len(days) < 10:
        return dom
    k = max(1, math.ceil(len(days) * 0.9))
    best = min(range(len(days) - k + 1), key=lambda i: days[i + k - 1] - days[i])
    lo, hi = days[best], days[best + k - 1]
    if (hi - lo) * 2 > dom[1] - dom[0]:
        return dom
    pad = max(15, (hi - lo) // 20)
    return max(dom[0], lo - pad), min(dom[1], hi + pad)


def date_mark(d: PartialDate) -> dict[str, Any]:
    """How a date is drawn: a point for one exact day, a band for anything wider, with its style words."""
    t0, t1 = day(d.earliest), day(d.latest)
    style = []
    if t0 != t1:
        style.append("partial")
    if d.approximate:
        style.append("approx")
    if d.uncertain:
        style.append("uncertain")
    return {"t0": t0, "t1": t1 + 1 if t0 != t1 else t0, "style": style}


def lanes_for(tl: Timeline, grouping: str) -> list[tuple[str, list[Act | Provision | str]]]:
    """Groups of lanes: (heading, items), an item being an act, a provision, or ``"context"``."""
    groups: list[tuple[str, list[Act | Provision | str]]] = []
    provisions = list(tl.provisions.values())
    if grouping == "act":
        for a in tl.acts.values():
            own: list[Act | Provision | str] = [a, *(p for p in provisions if p.act == a.id)]
            groups.append((a.name, own))
    elif grouping == "provision":
        groups.append(("Acts", list(tl.acts.values())))
        groups.append(("Provisions", list(provisions)))
    elif grouping == "tag":
        groups.append(("Acts", list(tl.acts.values())))
        tags: dict[str, list[Act | Provision | str]] = {}
        for p in provisions:
            for t in p.tags or ("(untagged)",):
                tags.setdefault(t, []).append(p)
        groups.extend((f"Tag: {t}", items) for t, items in tags.items())
    else:
        raise ValueError(f"lanes must be 'act', 'provision' or 'tag', not {grouping!r}")
    if tl.events:
        groups.append(("Context", ["context"]))
    return groups


def act_span(a: Act, dom_end: int) -> dict[str, Any] | None:
    """The in-force span of an act: from its entry into force to its end (or the edge of the timeline)."""
    start = a.date_of("in_force")
    if start is None:
        return None
    end = next((a.date_of(k) for k in ENDING_KINDS if a.date_of(k) is not None), None)
    return {
        "t0": day(start.earliest), "t0b": day(start.latest),
        "t1": day(end.earliest) if end else dom_end, "t1b": day(end.latest) if end else dom_end,
        "open": end is None,
    }


def changes_by_act(changes: Iterable[Change]) -> dict[str, list[Change]]:
    out: dict[str, list[Change]] = {}
    for c in changes:
        out.setdefault(c.act, []).append(c)
    return out


def text_width(s: str) -> float:
    """A rough width in SVG units of ``s`` at the labels' font size (for truncation only)."""
    return 6.2 * len(s)


def fit(s: str, width: float) -> str:
    """``s`` cut with an ellipsis to fit ``width`` units ('' when nothing useful fits)."""
    if text_width(s) <= width:
        return s
    n = int(width / 6.2) - 1
    return s[:n].rstrip() + "…" if n >= 4 else ""


def stack(items: Sequence[tuple[int, int]]) -> list[int]:
    """Row numbers so that items (t0, t1) on one row never overlap (greedy interval stacking)."""
    ends: list[int] = []
    rows = []
    for t0, t1 in items:
        for r, e in enumerate(ends):
            if t0 > e:
                ends[r] = t1
                rows.append(r)
                break
        else:
            ends.append(t1)
            rows.append(len(ends) - 1)
    return rows
