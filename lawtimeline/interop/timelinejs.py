"""TimelineJS3 JSON of a Timeline (``tl.to_timelinejs``): a slide per chronology entry, text escaped as HTML."""

from __future__ import annotations

import html
import re
from typing import TYPE_CHECKING, Any

from lawtimeline.dates import PartialDate

if TYPE_CHECKING:
    from lawtimeline.timeline import Timeline

__all__ = ["to_timelinejs"]


def _tl_date(d: PartialDate, *, end: bool = False) -> dict[str, Any]:
    """A TimelineJS date with only the known parts; ranges give their start (or end) day, and an open-ended range
    (``[..2005-12-29]``, ``[2024-08-08..]``) its one known day, not the year 1 or 9999."""
    day = d.latest if end or d.open_start else d.earliest
    out: dict[str, Any] = {"year": day.year}
    if d.is_range or d.precision.value == "day":
        out.update(month=day.month, day=day.day)
    elif d.precision.value == "month":
        out["month"] = int(d.edtf[5:7])
    if d.precision.value == "year" and not d.is_range:
        out["year"] = int(d.edtf[:4])
    if d.precision.value == "month" and not d.is_range:
        out["year"] = int(d.edtf[:4])
    out["display_date"] = d.label
    return out


def to_timelinejs(tl: Timeline) -> dict[str, Any]:
    """TimelineJS3 JSON: one slide per chronology entry, grouped by act (or "Context"), text escaped as HTML."""
    esc = html.escape
    events = []
    used: dict[str, int] = {}
    for e in tl.chronology():
        act = tl.acts._data.get(e.act) if e.act else None
        group = act.name if act else "Context"
        text = ""
        if e.caveats:
            text += "<ul>" + "".join(f"<li>{esc(c)}</li>" for c in e.caveats) + "</ul>"
        cited = [tl.sources._data[s] for s in e.sources if s in tl.sources]
        if cited:
            text += "<p>Sources: " + "; ".join(esc(s.title or s.id) for s in cited) + "</p>"
        uid = re.sub(r"[^A-Za-z0-9_-]", "-", e.subject)
        used[uid] = used.get(uid, 0) + 1
        if used[uid] > 1:
            uid = f"{uid}-{used[uid]}"
        slide: dict[str, Any] = {
            "unique_id": uid,
            "start_date": _tl_date(e.date),
            "text": {"headline": esc(e.title), "text": text},
            "group": esc(group),
        }
        if e.date.is_range:
            if not (e.date.open_start or e.date.open_end):
                slide["end_date"] = _tl_date(e.date, end=True)
            slide["display_date"] = e.date.label
        events.append(slide)
    return {"title": {"text": {"headline": esc(tl.title or "Legal timeline"),
                               "text": esc(tl.description or "")}},
            "events": events}
