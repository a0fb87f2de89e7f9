"""The dependency graph: acts, provisions and context events as a networkx ``MultiDiGraph``, and its questions.

Nodes carry ``kind`` (``act``, ``provision``, ``event``) and the object's fields as plain attributes (text,
numbers, EDTF dates; the object's own kind as ``act_kind`` / ``provision_kind`` / ``event_kind``). Edges carry
``rel``: ``changes`` (act → provision, one per change, keyed by the change id, with ``op`` and ``effective``, and
``stages``, ``stage_limits``, ``lapsed``, ``lapsed_date``, ``subject_to``, ``unrecorded`` where they apply),
``part_of`` (provision → act), ``depends_on`` (provision → provision), ``concerns`` (event → anything it is related
to) and ``amends`` (act → act, when an act changes a provision of another act).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import networkx as nx

from lawtimeline.errors import UnknownIdError
from lawtimeline.interop.graphml import export_graph as export_graph  # the exports live in interop.graphml
from lawtimeline.interop.graphml import graphml_text as graphml_text
from lawtimeline.interop.graphml import node_link_json as node_link_json
from lawtimeline.interop.graphml import write_graphml as write_graphml
from lawtimeline.io.write import plain_value
from lawtimeline.model import Act, Change, Event, Op, Provision, Unrecorded

if TYPE_CHECKING:
    from lawtimeline.io.build import Path
    from lawtimeline.timeline import Timeline


def _edtf(d: Any) -> str | None:
    return d.edtf if d is not None else None


def act_attrs(a: Act) -> dict[str, Any]:
    attrs: dict[str, Any] = {
        "kind": "act", "title": a.title, "short_title": a.short_title, "number": a.number,
        "jurisdiction": a.jurisdiction, "act_kind": a.kind, "url": a.url, "tags": a.tags, "sources": a.sources,
        "note": a.note, "name": a.name,
    }
    for e in a.events:
        attrs.setdefault(e.kind, _edtf(e.date))
    return attrs


def provision_attrs(p: Provision) -> dict[str, Any]:
    return {
        "kind": "provision", "title": p.title, "act": p.act, "path": p.path, "provision_kind": p.kind.value,
        "unit": p.unit, "extent": p.extent, "tags": p.tags, "depends_on": p.depends_on, "sources": p.sources,
        "value": json.dumps(plain_value(p.value), ensure_ascii=False) if p.value is not None else None,
        "note": p.note, "name": p.name,
    }


def event_attrs(e: Event) -> dict[str, Any]:
    return {
        "kind": "event", "event_kind": e.kind, "date": _edtf(e.date), "title": e.title, "by": e.by,
        "related": e.related, "sources": e.all_sources, "note": e.note, "disputed": e.disputed,
    }


def change_attrs(c: Change) -> dict[str, Any]:
    """The attributes of a change edge: ``rel``, ``op``, ``effective`` (EDTF), and, where the change has them
    (DESIGN §4a), ``stages`` (the stages' EDTF dates, in dataset order), ``stage_limits`` (for each stage, where or
    for what it holds: "E, W", "for the purposes of making regulations", "" for a full stage), ``lapsed`` (the
    reason), ``lapsed_date`` (EDTF), ``subject_to`` and ``unrecorded`` (True when the new content is not recorded).
    """
    out: dict[str, Any] = {"rel": "changes", "op": c.op.value, "effective": _edtf(c.effective)}
    if c.stages:
        out["stages"] = tuple(s.date.edtf for s in c.stages)
        out["stage_limits"] = tuple("; ".join((*([", ".join(s.extent)] if s.extent else []), *s.purposes))
                                    for s in c.stages)
    if c.lapsed is not None:
        out["lapsed"] = c.lapsed.reason
        out["lapsed_date"] = _edtf(c.lapsed.date)
    if c.subject_to:
        out["subject_to"] = c.subject_to
    if isinstance(c.value, Unrecorded):
        out["unrecorded"] = True
    return out


def build_graph(tl: Timeline) -> nx.MultiDiGraph:
    """The graph of ``tl`` (see the module docstring for its shape)."""
    g = nx.MultiDiGraph(title=tl.title)
    g.add_nodes_from((a.id, act_attrs(a)) for a in tl.acts.values())
    g.add_nodes_from((p.id, provision_attrs(p)) for p in tl.provisions.values())
    g.add_nodes_from((e.id, event_attrs(e)) for e in tl.events.values())
    g.add_edges_from((p.id, p.act, "part_of", {"rel": "part_of"}) for p in tl.provisions.values())
    g.add_edges_from(
        (p.id, d, "depends_on", {"rel": "depends_on"}) for p in tl.provisions.values() for d in p.depends_on
    )
    g.add_edges_from(
        (c.act, c.provision, c.id, change_attrs(c) if c.stages or c.lapsed or c.subject_to
         or type(c.value) is Unrecorded else {"rel": "changes", "op": c.op.value, "effective": _edtf(c.effective)})
        for c in tl.all_changes()
    )
    owner = {p.id: p.act for p in tl.provisions.values()}
    amends = {(c.act, owner[c.provision]) for c in tl.all_changes() if owner[c.provision] != c.act}
    g.add_edges_from((a, b, "amends", {"rel": "amends"}) for a, b in sorted(amends))
    g.add_edges_from(
        (e.id, r, "concerns", {"rel": "concerns"}) for e in tl.events.values() for r in e.related if r in g
    )
    # A life-cycle event is not a node: what it relates to is drawn from its act.
    g.add_edges_from(
        (a.id, r, "concerns", {"rel": "concerns"})
        for a in tl.acts.values() for ev in a.events for r in ev.related if r in g and r != a.id
    )
    return g


def _dependency_graph(tl: Timeline) -> nx.DiGraph:
    cached = tl._cache.get("depgraph")
    if cached is None:
        cached = nx.DiGraph()
        cached.add_nodes_from(tl.provisions)
        cached.add_edges_from((p.id, d) for p in tl.provisions.values() for d in p.depends_on)
        tl._cache["depgraph"] = cached
    return cached


def _provision(tl: Timeline, pid: str) -> Provision:
    return tl.provisions[pid]  # raises UnknownIdError


def amendments_to(tl: Timeline, pid: str) -> tuple[Change, ...]:
    """The changes that touched a provision, in application order (the implicit enactment first), then the
    pending ones."""
    _provision(tl, pid)
    plan = tl._engine().plan(pid)
    return plan.changes + plan.pending


def affected_by(tl: Timeline, act_id: str) -> tuple[Provision, ...]:
    """The provisions an act inserted, changed or repealed (its own provisions included), in dataset order."""
    if act_id not in tl.acts:
        raise UnknownIdError("act", act_id, tl.acts)
    touched = {c.provision for c in tl.all_changes() if c.act == act_id}
    return tuple(p for p in tl.provisions.values() if p.id in touched)


def dependents(tl: Timeline, pid: str) -> tuple[Provision, ...]:
    """The provisions that depend on ``pid``, directly or through others, in dataset order."""
    _provision(tl, pid)
    found = nx.ancestors(_dependency_graph(tl), pid)
    return _in_order(tl, found)


def depends_on(tl: Timeline, pid: str, transitive: bool = False) -> tuple[Provision, ...]:
    """The provisions ``pid`` depends on: directly, or with ``transitive=True`` through others too."""
    p = _provision(tl, pid)
    if not transitive:
        return tuple(tl.provisions[d] for d in p.depends_on)
    return _in_order(tl, nx.descendants(_dependency_graph(tl), pid))


def _in_order(tl: Timeline, ids: Iterable[str]) -> tuple[Provision, ...]:
    wanted = set(ids)
    if len(wanted) * 8 < len(tl.provisions):
        index = tl._cache.get("provision_index")
        if index is None:
            index = tl._cache["provision_index"] = {pid: i for i, pid in enumerate(tl.provisions)}
        return tuple(tl.provisions[i] for i in sorted(wanted, key=index.__getitem__))
    return tuple(p for p in tl.provisions.values() if p.id in wanted)


def lineage(tl: Timeline, pid: str, on: Any = None) -> tuple[Change, ...]:
    """The changes that shaped the provision's value (on the day ``on``, or after every dated change): from the
    change that last brought it into force to the last one applied, in order. Empty when it is not in force."""
    _provision(tl, pid)
    plan = tl._engine().plan(pid)
    if on is None:
        applied = list(plan.changes)
    else:
        from lawtimeline.engine import query_day

        _day, ordinal = query_day(on)
        applied = [c for i, c in enumerate(plan.changes) if plan.eff[i][1] <= ordinal]
    out: list[Change] = []
    for c in applied:
        if c.op is Op.REPEAL:
            out = []
        elif c.op in (Op.INSERT, Op.SET, Op.ADD) and not out:
            out = [c]
        elif out:
            out.append(c)
    return tuple(out)


# -- dependency-aware checks -----------------------------------------------------------------------------------


def graph_warnings(tl: Timeline) -> list[tuple[Path, str]]:
    """Warnings that need the graph or the engine's dates (see ``Timeline.check``)."""
    out: list[tuple[Path, str]] = []
    pindex = {pid: i for i, pid in enumerate(tl.provisions)}
    for pid, p in tl.provisions.items():
        if not p.depends_on:
            continue
        starts = [v.start.latest for v in tl.history(pid) if v.start is not None]
        for dep in p.depends_on:
            dep_versions = tl.history(dep)
            if not dep_versions or dep_versions[0].start is None:
                continue
            basis_from = dep_versions[0].start.latest  # check only once the basis has existed: "lost its basis"
            days = {d for d in starts if d > basis_from}
            days.update(v.end.latest for v in dep_versions if v.end is not None)
            for day in sorted(days):
                if tl.value_of(pid, day).in_force is True and tl.value_of(dep, day).in_force is False:
                    out.append((("provisions", pindex[pid], "depends_on", p.depends_on.index(dep)),
                                f"{pid!r} is in force on {day.isoformat()} while {dep!r}, which it depends on, "
                                "is no longer in force"))
                    break
    cindex = {cid: i for i, cid in enumerate(tl.changes)}
    for c in tl.changes.values():
        act = tl.acts._data.get(c.act)
        if act is None or c.effective is None:
            continue
        for kind in ("repealed", "struck_down", "expired"):
            end = act.date_of(kind)
            if end is not None and c.effective.earliest > end.latest:
                out.append((("changes", cindex[c.id]),
                            f"change {c.id!r} takes effect ({c.effective.label}) after its act was "
                            f"{kind.replace('_', ' ')} ({end.label})"))
        signed = act.date_of("signed")
        if signed is not None and c.effective.latest < signed.earliest:
            known_later = c.known_given and c.known is not None and c.known.earliest > c.effective.latest
            if not known_later:
                out.append((("changes", cindex[c.id]),
                            f"change {c.id!r} takes effect ({c.effective.label}) before its act was signed "
                            f"({signed.label}); if it is retroactive, say when it became known with 'known:'"))
    return out
