"""From plain data (a parsed dataset) to model objects, checking everything and reporting every problem.

The builder walks the whole dataset once. Each problem is recorded with its path inside the dataset; positions in
the file are looked up only for the problems found. Nothing is returned unless the dataset is free of errors.
The work is shared by three modules: ``_build_base`` (keys, problems, generic readers), ``_build_events`` (acts,
life cycles, context events) and ``_build_values`` (provisions, values, changes).
"""

from __future__ import annotations

import ast
import json
import re
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

import networkx as nx

from lawtimeline.errors import DatasetError, Problem
from lawtimeline.io._read import _SURROGATE, format_path
from lawtimeline.model import (
    ENDING_KINDS,
    Act,
    Change,
    Event,
    Provision,
    Source,
)

if TYPE_CHECKING:
    from lawtimeline.io._read import Located
    from lawtimeline.timeline import Timeline

from lawtimeline.io._build_base import (
    ACT_KEYS,
    CHANGE_KEYS,
    CLAIM_KEYS,
    EVENT_KEYS,
    FORMAT_VERSIONS,
    ID_RE,
    PROVISION_KEYS,
    SOURCE_KEYS,
    TOP_KEYS,
    Path,
    _unknown,
    _what,
)
from lawtimeline.io._build_events import EventsBuilder
from lawtimeline.io._build_values import ValuesBuilder

__all__ = [
    "ACT_KEYS",
    "CHANGE_KEYS",
    "CLAIM_KEYS",
    "EVENT_KEYS",
    "FORMAT_VERSIONS",
    "ID_RE",
    "PROVISION_KEYS",
    "SOURCE_KEYS",
    "TOP_KEYS",
    "Builder",
    "Path",
    "build",
    "format_path",
]


#: The words of a reference to an unknown id, as ``_unknown`` writes them (the id is a Python literal).
_UNKNOWN_REF = re.compile(r"unknown (?:act|provision|source|event|change|act, provision or event) "
                          r"('(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\")")


class Builder(EventsBuilder, ValuesBuilder):
    """Builds a Timeline from plain data, collecting problems with their paths."""

    # -- the dataset ----------------------------------------------------------------------------------------------
    def build(self, data: Any, *, consume: bool = False) -> Timeline:
        """The Timeline of ``data``; with ``consume`` (data the loader parsed itself, used by nothing else), the
        items of its changes list are dropped as they are built, which lowers the peak memory of a large load."""
        from lawtimeline.timeline import Timeline

        top = self.mapping(data, (), TOP_KEYS, what="a dataset")
        if top is None:
            raise DatasetError(self.located_problems())
        version = top.get("lawtimeline")
        if "lawtimeline" not in top:
            self.error((), "missing required key 'lawtimeline' (the format version: lawtimeline: 1)")
        elif version not in FORMAT_VERSIONS or isinstance(version, bool):
            known = ", ".join(str(v) for v in FORMAT_VERSIONS)
            self.error(("lawtimeline",), f"unsupported format version {version!r}; this lawtimeline reads "
                                         f"version {known}")
            raise DatasetError(self.located_problems())
        title = self.text(top, "title", ())
        description = self.text(top, "description", ())
        as_at = self.day(top.get("as_at"), ("as_at",))
        meta = self.meta(top, ()) if "meta" in top else None

        sources = [s for i, v in enumerate(self.items(top, "sources")) if (s := self.source(v, ("sources", i)))]
        acts = [a for i, v in enumerate(self.items(top, "acts")) if (a := self.act(v, ("acts", i)))]
        provisions = [p for i, v in enumerate(self.items(top, "provisions"))
                      if (p := self.provision(v, ("provisions", i)))]
        acts_by_id = {a.id: a for a in acts}
        prov_by_id = {p.id: p for p in provisions}
        self.register_implicit(acts, provisions)  # before the changes and events that might reuse those ids
        changes = self.changes(self.items(top, "changes"), acts_by_id, prov_by_id, consume=consume)
        events = [e for i, v in enumerate(self.items(top, "events")) if (e := self.context_event(v, ("events", i)))]

        self.check_references(sources, acts, provisions, changes, events)
        self.check_dependency_cycles(provisions)
        if any(sev == "error" for *_, sev in self.problems):
            built = {o.id for objects in (sources, acts, provisions, changes, events) for o in objects}
            built.update(e.id for a in acts for e in a.events)
            self.drop_cascades(top, built)
            raise DatasetError(self.located_problems())
        tl = Timeline(title=title, description=description, sources=sources, acts=acts,
                      provisions=provisions, changes=changes, events=events,
                      as_at=as_at.earliest if as_at is not None else None, meta=meta)
        tl._located = self.located
        return tl

    def drop_cascades(self, top: Mapping[str, Any], built: set[str]) -> None:
        """One mistake, one problem: a reference to an id that is in the file is not also reported as unknown
        when the object holding that id was not built because of a problem of its own (``kind: lst`` on a
        provision), or when it sits under a misspelt top-level key (``provisons:``, reported as an unknown key)."""
        present = {i for i in self.ids if i not in built}
        for key, value in top.items():
            if key not in TOP_KEYS and isinstance(value, list):
                present.update(v["id"] for v in value if isinstance(v, dict) and isinstance(v.get("id"), str))
        if not present:
            return
        keep = []
        for problem in self.problems:
            m = _UNKNOWN_REF.match(problem[1])
            if m and problem[3] == "error" and ast.literal_eval(m.group(1)) in present:
                continue
            keep.append(problem)
        self.problems = keep

    def items(self, top: Mapping[str, Any], key: str) -> list[Any]:
        v = top.get(key)
        if v is None:
            return []
        if not isinstance(v, list):
            self.error((key,), f"expected a list, found {_what(v)}")
            return []
        return v

    def source(self, value: Any, path: Path) -> Source | None:
        d = self.mapping(value, path, SOURCE_KEYS, ("id",), what="a source")
        if d is None:
            return None
        ident = self.new_id(d.get("id"), (*path, "id"))
        if ident:
            self.register(ident, path)
        url = self.text(d, "url", path)
        return Source(
            id=ident or "", title=self.text(d, "title", path), publisher=self.text(d, "publisher", path),
            url=url, date=self.date(d.get("date"), (*path, "date")), note=self.text(d, "note", path),
            meta=self.meta(d, path) if "meta" in d else None,
        ) if ident else None

    def register_implicit(self, acts: list[Act], provisions: list[Provision]) -> None:
        """Reserve the ids of the implicit changes (DESIGN §12.5), ``<provision>@enacted`` and
        ``<provision>@<kind>``: they look like any other id, so one given elsewhere is an error."""
        ending = {a.id: [(e, self.ids.get(e.id)) for e in a.events if e.kind in ENDING_KINDS and e.date is not None]
                  for a in acts}
        for p in provisions:
            pp = self.ids.get(p.id)
            if pp is None:
                continue
            if p.value is not None:
                self.register(f"{p.id}@enacted", (*pp, "value"), given=False,
                              what=f"the enactment of {p.id!r} by its initial value",
                              implicit=f"the implicit change that enacts {p.id!r} with its initial value")
            seen = set()
            for e, ep in ending.get(p.act, ()):
                ident = f"{p.id}@{e.kind}"
                if ident not in seen and ep is not None:  # a repeated kind makes the same implicit change id
                    seen.add(ident)
                    self.register(ident, ep, given=False, what=f"the end of {p.id!r} by this {e.kind} event",
                                  implicit=f"the implicit change that ends {p.id!r} by its act's {e.kind} event")

    # -- cross references ---------------------------------------------------------------------------------------
    def check_references(self, sources: list[Source], acts: list[Act],
                         provisions: list[Provision], changes: list[Change], events: list[Event]) -> None:
        source_ids = {s.id: s for s in sources}
        act_ids = {a.id: a for a in acts}
        prov_ids = {p.id: p for p in provisions}

        def cited(ids: Iterable[str], path: Path) -> None:
            for j, s in enumerate(ids):
                if s not in source_ids:
                    self.error((*path, j), _unknown("source", s, source_ids))

        def related(ids: Iterable[str], path: Path) -> None:
            for j, r in enumerate(ids):
                if r not in self.ids:
                    self.error((*path, j), _unknown("act, provision or event", r, self.ids))

        for a in acts:
            cited(a.sources, (*self.ids[a.id], "sources"))
            for e in a.events:
                ep = self.ids[e.id]
                cited(e.sources, (*ep, "sources"))
                related(e.related, (*ep, "related"))
                for k, claim in enumerate(e.claims):
                    cited(claim.sources, (*ep, "dates", k, "sources"))
        for p in provisions:
            pp = self.ids[p.id]
            if p.act not in act_ids:
                self.error((*pp, "act"), _unknown("act", p.act, act_ids))
            cited(p.sources, (*pp, "sources"))
            for j, dep in enumerate(p.depends_on):
                if dep not in prov_ids:
                    self.error((*pp, "depends_on", j), _unknown("provision", dep, prov_ids))
        known_sources = source_ids.keys()
        for c in changes:
            if c.sources and not known_sources >= set(c.sources):  # build the path only for a problem
                cited(c.sources, (*self.ids[c.id], "sources"))
        for path, ids in self.cites:  # stages and lapses, each at its place in the dataset
            cited(ids, path)
        for e in events:
            ep = self.ids[e.id]
            cited(e.sources, (*ep, "sources"))
            related(e.related, (*ep, "related"))
            for k, cl in enumerate(e.claims):
                cited(cl.sources, (*ep, "dates", k, "sources"))

    def check_dependency_cycles(self, provisions: list[Provision]) -> None:
        graph = nx.DiGraph()
        index = {p.id: i for i, p in enumerate(provisions)}
        paths = {p.id: self.ids.get(p.id, ("provisions", i)) for i, p in enumerate(provisions)}
        for p in provisions:
            graph.add_edges_from((p.id, d) for d in p.depends_on if d in index)
        cycles: dict[frozenset[str], list[str]] = {}
        for cycle in nx.simple_cycles(graph):
            key = frozenset(cycle)
            if key not in cycles:
                start = min(range(len(cycle)), key=lambda k: index[cycle[k]])
                cycles[key] = cycle[start:] + cycle[:start]  # begin at the provision first in the file
            if len(cycles) >= 20:
                break
        for cycle in sorted(cycles.values(), key=lambda c: [index[n] for n in c]):
            names = " → ".join([*cycle, cycle[0]])
            first = cycle[0]
            j = provisions[index[first]].depends_on.index(cycle[1] if len(cycle) > 1 else first)
            self.error((*paths[first], "depends_on", j), f"dependency cycle: {names}")


def build(data: Any, located: Located | None = None, file: str | None = None, *, consume: bool = False
          ) -> Timeline:
    """Build a Timeline from plain data; raises :class:`DatasetError` listing every problem.

    ``consume=True`` lets the builder empty the changes list of ``data`` as it goes: only for a tree nobody else
    holds (the loader's)."""
    if located is None:  # not read from text (Timeline.from_dict): the reader's character check has not run
        _no_lone_surrogates(data, file)
    return Builder(located, file).build(data, consume=consume)


def _no_lone_surrogates(data: Any, file: str | None) -> None:
    """A lone surrogate is not a character: no file or page could hold it, so it is refused where it stands."""
    try:  # found at C speed first; the walk below (to say where) runs only when there is one
        text = json.dumps(data, ensure_ascii=False, default=str, check_circular=False)
    except (TypeError, ValueError, RecursionError):
        text = "\ud800"  # not plain data (the builder will say so): walk to be sure
    if not _SURROGATE.search(text):
        return
    problems: list[Problem] = []
    todo: list[tuple[Any, Path]] = [(data, ())]
    while todo and len(problems) < 20:
        value, path = todo.pop()
        if isinstance(value, str):
            if _SURROGATE.search(value):
                problems.append(Problem("holds a lone surrogate, which is not a character (text decoded or joined "
                                        "wrongly)", format_path(path), file))
        elif isinstance(value, Mapping):
            for k, v in value.items():
                todo.append((v, (*path, str(k))))
                if isinstance(k, str) and _SURROGATE.search(k):
                    problems.append(Problem("a key holds a lone surrogate, which is not a character",
                                            format_path(path), file))
        elif isinstance(value, list | tuple):
            todo.extend((v, (*path, i)) for i, v in enumerate(value))
    if problems:
        raise DatasetError(sorted(problems, key=lambda p: p.path))
