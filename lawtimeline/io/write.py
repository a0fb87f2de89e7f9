"""From model objects back to the dataset format: what was given, in the order it was given."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from lawtimeline.model import Act, Change, Event, Lapse, Meta, Provision, Range, Source, Stage, Unrecorded

if TYPE_CHECKING:
    from lawtimeline.timeline import Timeline


def _put(d: dict[str, Any], key: str, value: Any) -> None:
    if value is None or value == ():
        return
    d[key] = list(value) if isinstance(value, tuple) else value


def plain_value(value: Any) -> Any:
    """A provision value in its dataset form: Range → {min, max}, frozenset → sorted list, tuple → list,
    Unrecorded → its words (the dataset itself never holds one: it leaves ``value`` out)."""
    if isinstance(value, Unrecorded):
        return str(value)
    if isinstance(value, Range):
        return {"min": value.min, "max": value.max}
    if isinstance(value, frozenset):
        return sorted(value)
    if isinstance(value, tuple):
        return list(value)
    return value


def source_dict(s: Source) -> dict[str, Any]:
    d: dict[str, Any] = {"id": s.id}
    _put(d, "title", s.title)
    _put(d, "publisher", s.publisher)
    _put(d, "url", s.url)
    _put(d, "date", s.date.edtf if s.date else None)
    _put(d, "note", s.note)
    _meta(d, s.meta)
    return d


def _meta(d: dict[str, Any], meta: Meta | None) -> None:
    if meta is not None:
        d["meta"] = meta.plain()


def stage_dict(s: Stage) -> dict[str, Any]:
    d: dict[str, Any] = {"date": s.date.edtf}
    for key in ("extent", "purposes", "sources", "note"):
        _put(d, key, getattr(s, key))
    _meta(d, s.meta)
    return d


def lapse_dict(lapse: Lapse) -> dict[str, Any]:
    d: dict[str, Any] = {}
    _put(d, "date", lapse.date.edtf if lapse.date is not None else None)
    d["reason"] = lapse.reason
    _put(d, "sources", lapse.sources)
    return d


def event_dict(e: Event) -> dict[str, Any]:
    d: dict[str, Any] = {}
    if e.id_given:
        d["id"] = e.id
    d["kind"] = e.kind
    if e.claims:
        d["dates"] = [
            {"date": c.date.edtf, **({"sources": list(c.sources)} if c.sources else {})} for c in e.claims
        ]
    elif e.relative is not None:
        d["date"] = e.relative.to_dict()
    else:
        d["date"] = e.date.edtf if e.date is not None else None  # null: the event happened, its date is unknown
    _put(d, "title", e.title)
    _put(d, "by", e.by)
    _put(d, "related", e.related)
    _put(d, "sources", e.sources)
    _put(d, "note", e.note)
    _meta(d, e.meta)
    return d


def act_dict(a: Act) -> dict[str, Any]:
    d: dict[str, Any] = {"id": a.id}
    for key in ("title", "short_title", "number", "jurisdiction", "kind", "url", "tags", "sources"):
        _put(d, key, getattr(a, key))
    if a.events:
        d["events"] = [event_dict(e) for e in a.events]
    _put(d, "note", a.note)
    _meta(d, a.meta)
    return d


def provision_dict(p: Provision) -> dict[str, Any]:
    d: dict[str, Any] = {"id": p.id}
    _put(d, "title", p.title)
    d["act"] = p.act
    _put(d, "path", p.path)
    d["kind"] = p.kind.value
    for key in ("unit", "extent", "tags", "depends_on", "sources"):
        _put(d, key, getattr(p, key))
    if p.value is not None:
        d["value"] = plain_value(p.value)
    _put(d, "note", p.note)
    _meta(d, p.meta)
    return d


def change_dict(c: Change) -> dict[str, Any]:
    d: dict[str, Any] = {}
    if c.id_given:
        d["id"] = c.id
    d["act"] = c.act
    d["provision"] = c.provision
    d["op"] = c.op.value
    if c.value is not None and not isinstance(c.value, Unrecorded):  # an Unrecorded value was not written
        d["value"] = plain_value(c.value)
    if c.items:
        d["items"] = list(c.items)
    if c.effective_given and c.effective is not None:
        d["effective"] = c.effective.edtf
    if c.stages:
        d["stages"] = [stage_dict(s) for s in c.stages]
    if c.known_given and c.known is not None:
        d["known"] = c.known.edtf
    if c.lapsed is not None:
        d["lapsed"] = lapse_dict(c.lapsed)
    _put(d, "subject_to", c.subject_to)
    _put(d, "sources", c.sources)
    _put(d, "note", c.note)
    _meta(d, c.meta)
    return d


def to_dict(tl: Timeline) -> dict[str, Any]:
    """The dataset as plain data (the format of ``load``), as it was given."""
    d: dict[str, Any] = {"lawtimeline": 1}
    _put(d, "title", tl.title)
    _put(d, "description", tl.description)
    _put(d, "as_at", tl.as_at.isoformat() if tl.as_at is not None else None)
    sections: dict[str, list[dict[str, Any]]] = {
        "sources": [source_dict(s) for s in tl.sources.values()],
        "acts": [act_dict(a) for a in tl.acts.values()],
        "provisions": [provision_dict(p) for p in tl.provisions.values()],
        "changes": [change_dict(c) for c in tl.changes.values()],
        "events": [event_dict(e) for e in tl.events.values()],
    }
    d.update((key, rows) for key, rows in sections.items() if rows)
    _meta(d, tl.meta)
    return d
