"""What the drawn timeline shows, in days, before any pixel is placed.

A :class:`Scene` holds the lanes (acts, provisions, context kinds) with their marks, value bars, in-force spans and
pending changes, the amendment arrows between lanes, the domain and the initial view, all as plain data with days
counted from 1970-01-01. Two writers draw it: :mod:`lawtimeline.render.svg` lays it out at a fixed width as a
static SVG (``to_svg()`` and the picture in the HTML fragment), and the page's script lays it out for the width of
its container (from the compact JSON :func:`compact` gives), so labels keep their set size.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import pendulum

from lawtimeline.chronology import KIND_WORDS
from lawtimeline.engine import query_day
from lawtimeline.errors import DateError
from lawtimeline.model import Act, Provision
from lawtimeline.render import layout as L

if TYPE_CHECKING:
    from lawtimeline.engine import Engine
    from lawtimeline.results import Entry
    from lawtimeline.timeline import Timeline

#: Kinds of mark in the order of the legend (and of the compact data's kind table).
MARK_KINDS = ("introduced", "adopted", "approved", "signed", "published", "in_force", "applies", "suspended",
              "struck_down", "repealed", "expired", "context")

#: Height of the extra row a provision lane gets for each pending change.
PENDING_ROW = 13


FIRST_DAY = L.day(pendulum.Date(1, 1, 1))
LAST_DAY = L.day(pendulum.Date(9999, 12, 31))


def _calendar(span: tuple[int, int]) -> tuple[int, int]:
    """``span`` kept within the calendar's days (the padding around a date in 9999 or in year 1 stops there)."""
    lo, hi = max(span[0], FIRST_DAY), min(span[1], LAST_DAY)
    if hi <= lo:
        lo, hi = (hi - 1, hi) if hi > FIRST_DAY else (lo, lo + 1)
    return lo, hi


def window(tl: Timeline, eng: Engine, start: Any, end: Any) -> tuple[tuple[int, int], tuple[int, int]]:
    """The days the rendering covers and its initial view: the window ``start``..``end`` when one is given, else
    the timeline's whole span (padded) with the view on where most entries are."""
    dom = _calendar(L.domain(tl, eng))
    if start is None and end is None:
        return dom, _calendar(L.focus(tl, eng, dom))
    lo = L.day(query_day(start)[0]) if start is not None else dom[0]
    hi = L.day(query_day(end)[0]) if end is not None else dom[1]
    if hi < lo:
        raise DateError(f"start {L.iso(lo)} is after end {L.iso(hi)}")
    if hi == lo:
        hi = lo + 1
    return (lo, hi), (lo, hi)


def entry_key(kind: str, subject: str) -> str:
    return f"{kind}|{subject}"


class Scene:
    """The drawing of one Timeline (see the module docstring). ``entries`` maps an entry key to its index in the
    rendered chronology (marks and bars point at the entries that say the same thing in words)."""

    def __init__(self, tl: Timeline, eng: Engine, *, lanes: str = "act", start: Any = None, end: Any = None,
                 entries: dict[str, int] | None = None) -> None:
        if lanes not in ("act", "provision", "tag"):
            raise ValueError(f"lanes must be 'act', 'provision' or 'tag', not {lanes!r}")
        self.tl, self.eng = tl, eng
        self.domain, self.view = window(tl, eng, start, end)
        self.entries = entries if entries is not None else {}
        self.lanes: list[dict[str, Any]] = []
        self.groups: list[tuple[str, list[int]]] = []
        self.arrows: list[dict[str, Any]] = []
        self._build(lanes)

    # -- lanes ----------------------------------------------------------------------------------------------------
    def _entry(self, kind: str, subject: str) -> int:
        return self.entries.get(entry_key(kind, subject), -1)

    def _build(self, grouping: str) -> None:
        tl = self.tl
        lane_of: dict[str, int] = {}
        for heading, items in L.lanes_for(tl, grouping):
            members: list[int] = []
            for item in items:
                if isinstance(item, Act):
                    key, lane = "a:" + item.id, self._act_lane(item)
                elif isinstance(item, Provision):
                    key, lane = "p:" + item.id, self._provision_lane(item)
                else:
                    for ctx in self._context_lanes():
                        members.append(len(self.lanes))
                        self.lanes.append(ctx)
                    continue
                lane_of.setdefault(key, len(self.lanes))
                members.append(len(self.lanes))
                self.lanes.append(lane)
            self.groups.append((heading, members))
        for c in tl.all_changes():
            a, p = lane_of.get("a:" + c.act), lane_of.get("p:" + c.provision)
            if a is None or p is None or c.effective is None or c.implicit:
                continue
            self.arrows.append({
                "t": L.day(c.effective.earliest), "from": a, "to": p, "entry": self._entry("change", c.id),
                "label": f"{self.eng.change_title(c)} ({c.effective.label})",
            })

    def _mark(self, date: Any, kind: str, label: str, entry: int, disputed: bool) -> dict[str, Any]:
        m = L.date_mark(date)
        style = list(m["style"]) + (["disputed"] if disputed else [])
        return {"t0": m["t0"], "t1": m["t1"], "kind": kind, "shape": L.SHAPES.get(kind, "circle"),
                "style": style, "label": label, "entry": entry}

    def _act_lane(self, a: Act) -> dict[str, Any]:
        marks = []
        for e in a.events:
            if e.date is None:
                continue
            text = f"{a.name} {KIND_WORDS.get(e.kind, e.kind)}: {e.date.label}"
            if e.disputed:
                text += " (sources disagree)"
            marks.append(self._mark(e.date, e.kind, text, self._entry(e.kind, e.id), e.disputed))
        return {"type": "act", "id": a.id, "label": a.name, "full": a.title or a.name, "act": a.id,
                "tags": list(a.tags), "marks": marks, "span": L.act_span(a, self.domain[1]), "h": L.LANE_H}

    def _provision_lane(self, p: Provision) -> dict[str, Any]:
        bars = []
        last = None
        for v in self.tl.history(p.id):
            if v.start is None:
                continue
            t0, t0b = L.day(v.start.earliest), L.day(v.start.latest)
            last = t0b if last is None else max(last, t0b)
            text = p.format(v.value)
            act = self.tl.acts._data.get(v.act)
            who = act.name if act else v.act
            limits = list(v.limits)  # non-empty for a period in force for some purposes or places only
            bars.append({
                "t0": t0, "t0b": t0b,
                "t1": L.day(v.end.earliest) if v.end else self.domain[1],
                "value": text,
                "label": f"{text} — from {v.start.label} ({who})" + (f" until {v.end.label}" if v.end else "")
                         + ("" if v.certain else "; dates uncertain") + partial_words(limits),
                "limits": limits,
                "uncertain": bool((v.start and v.start.uncertain) or (v.end and v.end.uncertain)),
                "open": v.end is None, "certain": v.certain, "act": v.act, "who": who,
                "entry": self._entry("change", v.change) if v.change else -1,
            })
        pending = []
        for c in self.eng.plan(p.id).pending:
            act = self.tl.acts._data.get(c.act)
            # The pending change is drawn from the latest day anything is known about it or its provision: never
            # before a later change of the provision, never before its own act's latest life-cycle date.
            known = [last] if last is not None else []
            if act is not None:
                known += [L.day(e.date.latest) for e in act.events if e.date is not None]
            t = max(known) if known else self.view[1]
            pending.append({"t": t, "label": f"pending: {self.eng.change_title(c)} — no date of entry into force yet",
                            "act": act.name if act else c.act})
        return {"type": "provision", "id": p.id, "label": p.name, "full": p.name + (f" ({p.path})" if p.path else ""),
                "act": p.act, "tags": list(p.tags), "bars": bars, "pending": pending, "path": p.path or "",
                "h": L.LANE_H + PENDING_ROW * len(pending)}

    def _context_lanes(self) -> list[dict[str, Any]]:
        kinds: dict[str, list[Any]] = {}
        for e in self.tl.events.values():
            if e.date is not None:
                kinds.setdefault(e.kind, []).append(e)
        out = []
        for kind, events in kinds.items():
            marks = []
            for e in events:
                text = f"{(e.title or kind)}: {e.date.label}" + (" (sources disagree)" if e.disputed else "")
                mk = self._mark(e.date, "context", text, self._entry(e.kind, e.id), e.disputed)
                marks.append(mk)
            label = kind.replace("_", " ").capitalize() + ("s" if not kind.endswith("s") else "")
            out.append({"type": "context", "id": f"context:{kind}", "label": label, "full": label, "act": "",
                        "tags": [], "marks": marks, "h": L.LANE_H})
        return out


def entry_index(entries: list[Entry]) -> dict[str, int]:
    return {entry_key(e.kind, e.subject): i for i, e in enumerate(entries)}


STYLE_BITS = {"partial": 1, "approx": 2, "uncertain": 4, "disputed": 8}


def mark_words(lane_label: str, kind: str, day_label: str, disputed: bool) -> str:
    """A life-cycle mark's tooltip as the page's script rebuilds it (so the data need not carry it)."""
    return f"{lane_label} {KIND_WORDS.get(kind, kind)}: {day_label}" + (" (sources disagree)" if disputed else "")


def partial_words(limits: list[str]) -> str:
    """What a partial period's tooltip adds: where or for what it is in force (empty for a whole period)."""
    return "; in force " + ", ".join(limits) if limits else ""


def bar_words(value: str, start: str, who: str, end: str | None, certain: bool) -> str:
    """A value bar's tooltip as the page's script rebuilds it."""
    return f"{value} — from {start} ({who})" + (f" until {end}" if end is not None else "") \
        + ("" if certain else "; dates uncertain")


def compact(scene: Scene, entries: list[Entry] | None = None, string: Callable[[str], int] | None = None,
            tagset: Callable[[list[str]], int] | None = None) -> dict[str, Any]:
    """The scene as small JSON for the page's script: lanes with their marks and bars as arrays of numbers. A
    tooltip travels only when the script cannot rebuild it from the entry the mark points at (its date label is
    the entry's ``<time>`` text), so a large timeline does not carry every sentence twice."""
    entries = entries or []
    intern: Callable[[str], Any] = string if string is not None else (lambda x: x)
    acts = {a: i for i, a in enumerate(scene.tl.acts)}
    act_titles = {a.id: a.title or a.name for a in scene.tl.acts.values()}
    entry_acts = [acts.get(e.act, -1) if e.act else -1 for e in entries]
    labels = [e.date.label for e in entries]
    days = [L.day(e.date.earliest) for e in entries]
    titles = [e.title for e in entries]
    act_lane = {lane["id"]: i for i, lane in enumerate(scene.lanes) if lane["type"] == "act"}
    implied = {(i, b["entry"], b["t0"], act_lane.get(b["act"], -1)) for i, lane in enumerate(scene.lanes)
               if lane["type"] == "provision" for b in lane["bars"] if b["entry"] >= 0}
    drawn = {(a["to"], a["entry"], a["t"], a["from"]) for a in scene.arrows}
    lanes: list[dict[str, Any]] = []
    for lane in scene.lanes:
        out: dict[str, Any] = {"k": lane["type"][0], "id": lane["id"], "l": lane["label"]}
        # the full label: an act's title is in the page's acts list, a provision's is its name and path
        path = lane.get("path")
        if lane["type"] == "provision" and path and lane["full"] == f"{lane['label']} ({path})":
            out["q"] = path
        elif lane["full"] != lane["label"] and not (lane["type"] == "act" and lane["full"] == act_titles[lane["id"]]):
            out["f"] = lane["full"]
        if lane["act"] and not (lane["type"] == "act" and lane["act"] == lane["id"]):
            out["a"] = acts.get(lane["act"], lane["act"])
        if lane["tags"]:
            out["g"] = tagset(lane["tags"]) if tagset else lane["tags"]
        if lane["type"] in ("act", "context"):
            ms = []
            for m in lane["marks"]:
                bits = sum(STYLE_BITS[s] for s in m["style"])
                e = m["entry"]
                # days count from the day of the entry the mark points at (0 mostly), else from 1970-01-01
                row: list[Any] = [m["t0"] - (days[e] if e >= 0 else 0), m["t1"] - m["t0"],
                                  MARK_KINDS.index(m["kind"]), bits, e]
                if e < 0:
                    row.append(m["label"])
                elif lane["type"] == "act":
                    if m["label"] != mark_words(lane["label"], m["kind"], labels[e], bool(bits & 8)):
                        row.append(m["label"])
                elif m["label"] != f"{titles[e]}: {labels[e]}" + (" (sources disagree)" if bits & 8 else ""):
                    row.append(m["label"])
                ms.append(row)
            out["m"] = ms
            span = lane.get("span")
            if span:
                out["s"] = [span["t0"], span["t0b"], span["t1"], 1 if span["open"] else 0]
        else:
            bs = []
            bars = lane["bars"]
            for i, b in enumerate(bars):
                flags = (1 if b["uncertain"] else 0) | (2 if b["open"] else 0) | (0 if b["certain"] else 4) \
                    | (16 if b["limits"] else 0)  # 16: in force for some purposes or places only
                if (len(lanes), b["entry"], b["t0"], act_lane.get(b["act"], -1)) not in drawn:
                    flags |= 8  # no amendment arrow for this bar
                row = [b["t0"] - (days[b["entry"]] if b["entry"] >= 0 else 0), b["t0b"] - b["t0"], b["t1"] - b["t0"],
                       intern(b["value"]), flags, b["entry"], acts.get(b["act"], -1)]
                nxt = bars[i + 1]["entry"] if i + 1 < len(bars) else -1
                derived = None
                if b["entry"] >= 0 and row[6] >= 0 and (b["open"] or nxt >= 0):
                    derived = bar_words(b["value"], labels[b["entry"]], b["who"], None if b["open"] else labels[nxt],
                                        b["certain"])
                if b["label"] != derived:
                    row.append(b["label"])
                elif b["entry"] >= 0 and row[6] == entry_acts[b["entry"]]:
                    row.pop()  # the act is the entry's
                bs.append(row)
            out["b"] = bs
            if lane["pending"]:
                out["p"] = [[p["t"], p["label"]] for p in lane["pending"]]
        lanes.append(out)
    return {
        "view": list(scene.view), "domain": list(scene.domain), "lanes": lanes,
        "groups": [[h, m] for h, m in scene.groups],
        # an arrow is drawn on the day of its entry (the change taking effect), or on the day it carries; the
        # arrow of a value bar (from its act's lane to the bar's, on the bar's first day) is implied by the bar
        "arrows": [[a["from"], a["to"], a["entry"]] + ([] if a["entry"] >= 0 and days[a["entry"]] == a["t"]
                                                      else [a["t"]]) for a in scene.arrows
                   if (a["to"], a["entry"], a["t"], a["from"]) not in implied],
        "kinds": list(MARK_KINDS), "words": [KIND_WORDS.get(k, k) for k in MARK_KINDS],
    }


def dumps(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


__all__ = ["MARK_KINDS", "PENDING_ROW", "Scene", "compact", "entry_index"]
