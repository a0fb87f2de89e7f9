"""pandas DataFrames of a Timeline (``tl.to_frame``): one row per change, event, version or provision.

pandas is an optional extra (``pip install 'lawtimeline[pandas]'``); it is imported only when a frame is made.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from lawtimeline.dates import PartialDate
from lawtimeline.errors import LawTimelineError
from lawtimeline.io.write import plain_value, stage_dict

if TYPE_CHECKING:
    import pandas as pd

    from lawtimeline.timeline import Timeline

__all__ = ["COLUMNS", "FRAMES", "frame_rows", "to_frame"]

FRAMES = ("changes", "events", "versions", "provisions", "segments")  # segments: interop.parquet.segments_frame


def _dated(*names: str) -> tuple[str, ...]:
    return tuple(c for n in names for c in (n, f"{n}_earliest", f"{n}_latest"))


#: The columns of each frame, also when it has no rows.
COLUMNS: dict[str, tuple[str, ...]] = {
    "changes": ("id", "act", "provision", "op", "value", "items", *_dated("effective", "known"), "pending",
                "implicit", "retroactive", "sources", "stages", "lapsed", "lapsed_date", "subject_to"),
    "events": ("id", "kind", "lifecycle", "act", "title", "by", *_dated("date"), "disputed", "related", "sources"),
    "versions": ("provision", "value", *_dated("start", "end"), "change", "act", "certain"),
    "provisions": ("id", "title", "act", "path", "kind", "unit", "tags", "depends_on", "value", "sources",
                   "extent"),
}


def _bounds(prefix: str, d: PartialDate | None) -> dict[str, Any]:
    return {
        prefix: d.edtf if d else None,
        f"{prefix}_earliest": d.earliest.isoformat() if d else None,
        f"{prefix}_latest": d.latest.isoformat() if d else None,
    }


def _json(value: Any) -> Any:
    v = plain_value(value)
    return json.dumps(v, ensure_ascii=False) if isinstance(v, dict | list) else v


def frame_rows(tl: Timeline, what: str) -> tuple[list[dict[str, Any]], list[str]]:
    """The rows of ``to_frame(what)`` as dicts, and the names of the date columns."""
    rows: list[dict[str, Any]] = []
    if what == "changes":
        for c in tl.all_changes():
            rows.append({"id": c.id, "act": c.act, "provision": c.provision, "op": c.op.value,
                         "value": _json(c.value), "items": _json(c.items) if c.items else None,
                         **_bounds("effective", c.effective), **_bounds("known", c.known),
                         "pending": c.pending, "implicit": c.implicit, "retroactive": c.retroactive is True,
                         "sources": ", ".join(c.sources),
                         # DESIGN §4a: the steps (JSON, as written in the dataset), why it lapsed, its savings
                         "stages": json.dumps([stage_dict(s) for s in c.stages], ensure_ascii=False)
                         if c.stages else None,
                         "lapsed": c.lapsed.reason if c.lapsed else None,
                         "lapsed_date": c.lapsed.date.edtf if c.lapsed and c.lapsed.date else None,
                         "subject_to": "; ".join(c.subject_to) if c.subject_to else None})
        dates = ["effective", "known"]
    elif what == "events":
        for a in tl.acts.values():
            for e in a.events:
                rows.append(_event_row(e, True))
        for e in tl.events.values():
            rows.append(_event_row(e, False))
        dates = ["date"]
    elif what == "versions":
        for pid in tl.provisions:
            for v in tl.history(pid):
                rows.append({"provision": pid, "value": _json(v.value), **_bounds("start", v.start),
                             **_bounds("end", v.end), "change": v.change, "act": v.act, "certain": v.certain})
        dates = ["start", "end"]
    elif what == "provisions":
        for p in tl.provisions.values():
            rows.append({"id": p.id, "title": p.title, "act": p.act, "path": p.path, "kind": p.kind.value,
                         "unit": p.unit, "tags": ", ".join(p.tags), "depends_on": ", ".join(p.depends_on),
                         "value": _json(p.value), "sources": ", ".join(p.sources),
                         "extent": ", ".join(p.extent) if p.extent else None})
        dates = []
    else:
        raise ValueError(f"to_frame takes one of {', '.join(FRAMES)}, not {what!r}")
    return rows, dates


def _event_row(e: Any, lifecycle: bool) -> dict[str, Any]:
    return {"id": e.id, "kind": e.kind, "lifecycle": lifecycle, "act": e.act, "title": e.title, "by": e.by,
            **_bounds("date", e.date), "disputed": e.disputed, "related": ", ".join(e.related),
            "sources": ", ".join(e.all_sources)}


def to_frame(tl: Timeline, what: str = "changes") -> pd.DataFrame:
    """A pandas DataFrame with one row per change, event, version or provision (pandas is an optional extra)."""
    try:
        import pandas as pd
    except ImportError:
        raise LawTimelineError(
            "to_frame needs pandas: pip install 'lawtimeline[pandas]' (or pip install pandas)") from None
    if what == "segments":
        from lawtimeline.interop.parquet import segments_frame

        return segments_frame(tl)
    rows, dates = frame_rows(tl, what)
    frame = pd.DataFrame(rows, columns=list(COLUMNS[what]))
    for d in dates:
        for col in (f"{d}_earliest", f"{d}_latest"):
            frame[col] = pd.to_datetime(frame[col], format="%Y-%m-%d", errors="coerce")
    for col in frame.columns:
        if frame.empty:
            break
        if frame[col].dtype == object and all(isinstance(v, str) or v is None for v in frame[col]):
            frame[col] = frame[col].astype("string")
        elif frame[col].dtype == object and all(isinstance(v, bool) for v in frame[col]):
            frame[col] = frame[col].astype(bool)
    return frame
