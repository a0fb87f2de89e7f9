"""Rich notebook displays (``_repr_html_``) for the objects users hold: answers, snapshots, histories,
differences, acts and provisions. Escaped by jinja2, scoped under their own id, no script."""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING, Any

from lawtimeline.model import format_value
from lawtimeline.render.html import environment, safe_url, static

if TYPE_CHECKING:
    from lawtimeline.model import Act, Provision
    from lawtimeline.results import Answer, Differences, History, Snapshot


def _render(kind: str, **ctx: Any) -> str:
    key = repr((kind, sorted((k, repr(v)) for k, v in ctx.items()))).encode("utf-8")
    rid = "lt-o" + hashlib.sha256(key).hexdigest()[:10]
    css = static("objects.css").replace("#LTROOT", f"#{rid}")
    return environment().get_template("objects.html.j2").render(kind=kind, rid=rid, css=css, **ctx)


def _answer_row(a: Answer) -> dict[str, Any]:
    o = a.outcome
    if o.status == "definite":
        value = format_value(o.value, o.unit) if o.in_force else "not in force"
        candidates: list[str] = []
    else:
        value = o.status
        candidates = [format_value(v, o.unit) if f else "not in force" for f, v in o.candidates]
        if o.status == "partial" and candidates:  # the first holds where or for what its limits say (DESIGN §4a)
            candidates[0] += f" ({'; '.join(o.limits)})" if o.limits else ""
            candidates[1:] = [f"otherwise: {c}" for c in candidates[1:]]
    return {
        "provision": a.provision, "name": o.name or a.provision, "value": value, "status": o.status,
        "in_force": {True: "yes", False: "no", None: "undecided"}[o.in_force],
        "since": o.since.label if o.since else "", "by": o.by or "", "change": o.change or "",
        "candidates": candidates, "caveats": list(o.caveats),
    }


def answer_html(a: Answer) -> str:
    when = a.on.format("D MMMM YYYY") + (f", as known on {a.as_of.format('D MMMM YYYY')}" if a.as_of else "")
    return _render("answer", row=_answer_row(a), when=when)


def snapshot_html(s: Snapshot) -> str:
    when = s.on.format("D MMMM YYYY") + (f", as known on {s.as_of.format('D MMMM YYYY')}" if s.as_of else "")
    rows = [_answer_row(a) for a in s.values()]
    for r in rows:
        r["missing"] = list(s.missing.get(r["provision"], ()))
    pending = [s.pending_words.get(c.id, "a change with no date of entry into force yet") for c in s.pending]
    return _render("snapshot", rows=rows, when=when, pending=pending)


def history_html(h: History) -> str:
    p = h.provision
    rows = []
    starts = [v.start.earliest.toordinal() for v in h if v.start is not None]
    ends = [v.end.latest.toordinal() for v in h if v.end is not None]
    lo = min(starts) if starts else 0
    hi = max(starts + ends) if starts else 1
    hi = hi + max(30, (hi - lo) // 8)
    span = max(1, hi - lo)
    for v in h:
        s0 = v.start.earliest.toordinal() if v.start else lo
        s1 = v.end.earliest.toordinal() if v.end else hi
        rows.append({
            "value": format_value(v.value, p.unit if p else None)
                     + (f" ({'; '.join(v.limits)})" if v.limits else ""),
            "start": v.start.label if v.start else "?", "end": v.end.label if v.end else "(current)",
            "by": h.act_names.get(v.act, v.act), "change": v.change, "certain": v.certain,
            "x": round(100 * (s0 - lo) / span, 2), "w": round(max(0.6, 100 * (s1 - s0) / span), 2),
        })
    name = (p.name if p else "")
    pending = []
    for words, c in zip(h.pending_words, h.pending, strict=False):
        cites = []
        for sid in c.sources:
            src = h.sources.get(sid)
            if src is not None:
                cites.append({"title": src.title or src.id, "url": safe_url(src.url)})
        pending.append({"words": words, "sources": cites})
    return _render("history", rows=rows, name=name, pending=pending, lapsed=h.lapsed_words)


def differences_html(d: Differences) -> str:
    rows = [{"provision": x.provision, "name": x.before.outcome.name or x.provision,
             "before": _answer_row(x.before)["value"] if x.before.outcome.status == "definite"
             else " | ".join(_answer_row(x.before)["candidates"]),
             "after": _answer_row(x.after)["value"] if x.after.outcome.status == "definite"
             else " | ".join(_answer_row(x.after)["candidates"]),
             "acts": ", ".join(x.acts)} for x in d]
    span = f"{d[0].before.on.format('D MMMM YYYY')} → {d[0].after.on.format('D MMMM YYYY')}" if d else ""
    return _render("differences", rows=rows, span=span)


def act_html(a: Act) -> str:
    events = [{"kind": e.kind.replace("_", " "), "date": e.date.label if e.date else "unknown",
               "disputed": e.disputed, "by": e.by or ""} for e in a.events]
    return _render("act", act={"id": a.id, "title": a.title or a.name, "number": a.number or "",
                               "jurisdiction": a.jurisdiction or "", "tags": ", ".join(a.tags),
                               "note": a.note or ""}, events=events)


def provision_html(p: Provision) -> str:
    return _render("provision", p={"id": p.id, "title": p.name, "act": p.act, "path": p.path or "",
                                   "kind": p.kind.value, "unit": p.unit or "",
                                   "value": format_value(p.value, p.unit) if p.value is not None else "",
                                   "depends_on": ", ".join(p.depends_on), "tags": ", ".join(p.tags),
                                   "note": p.note or ""})
