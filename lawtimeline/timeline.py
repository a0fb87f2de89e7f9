"""The Timeline: every source, act, provision, change and context event of a dataset, and the queries on them."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from lawtimeline.errors import UnknownIdError
from lawtimeline.model import ENDING_KINDS, Act, Change, Event, Op, Provision, Source, plural
from lawtimeline.results import Answer

if TYPE_CHECKING:
    import datetime

    import networkx as nx
    import pandas as pd
    import pendulum

    from lawtimeline.dates import PartialDate
    from lawtimeline.engine import Engine
    from lawtimeline.errors import Problem
    from lawtimeline.model import Meta
    from lawtimeline.results import Differences, Entry, History, Snapshot

    DateLike = str | datetime.date | PartialDate
    from lawtimeline.io._read import Located

T = TypeVar("T")


class IdMap(Mapping[str, T]):
    """A read-only mapping id → object in dataset order; an unknown id raises :class:`UnknownIdError`."""

    __slots__ = ("_data", "_what")

    def __init__(self, what: str, items: Iterable[T]) -> None:
        self._what = what
        self._data: dict[str, T] = {x.id: x for x in items}  # type: ignore[attr-defined]

    def __getitem__(self, key: str) -> T:
        try:
            return self._data[key]
        except KeyError:
            raise UnknownIdError(self._what, key, self._data) from None
        except TypeError:
            raise UnknownIdError(self._what, repr(key), ()) from None

    def __contains__(self, key: object) -> bool:
        try:
            return key in self._data
        except TypeError:
            return False

    def __iter__(self) -> Iterator[str]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __repr__(self) -> str:
        return f"<{len(self)} {self._what}s: {', '.join(list(self._data)[:5])}{', …' if len(self) > 5 else ''}>"


class Timeline:
    """A dataset of acts, provisions and changes, and the questions you can ask of it.

    Load one with :func:`lawtimeline.load`; ``acts``, ``provisions``, ``changes``, ``events`` and ``sources``
    are read-only mappings id → object in dataset order.

    >>> import lawtimeline as lt
    >>> tl = lt.load("examples/russia_migrants.yaml")
    >>> len(tl.acts) >= 7
    True
    """

    def __init__(
        self,
        *,
        title: str | None = None,
        description: str | None = None,
        sources: Iterable[Source] = (),
        acts: Iterable[Act] = (),
        provisions: Iterable[Provision] = (),
        changes: Iterable[Change] = (),
        events: Iterable[Event] = (),
        as_at: pendulum.Date | None = None,
        meta: Meta | None = None,
    ) -> None:
        self.title = title
        self.description = description
        #: The day up to which the data is complete (the dataset's ``as_at``), or ``None``.
        self.as_at = as_at
        #: The dataset's editorial fields (``meta``), kept and written back, never interpreted.
        self.meta = meta
        self.sources: IdMap[Source] = IdMap("source", sources)
        self.acts: IdMap[Act] = IdMap("act", acts)
        self.provisions: IdMap[Provision] = IdMap("provision", provisions)
        self.changes: IdMap[Change] = IdMap("change", changes)
        self.events: IdMap[Event] = IdMap("event", events)
        self._implicit = self._implicit_changes()
        self._cache: dict[str, Any] = {}
        self._located: Located | None = None  # set by the loader, for line numbers in check()
        self._import_warnings: tuple[Problem, ...] = ()  # set by an importer: what it left out (check() lists it)

    # -- derived data ---------------------------------------------------------------------------------------------
    def _implicit_changes(self) -> tuple[Change, ...]:
        """Inserts from provisions' own values and repeals from their acts' ending events (DESIGN §12.5)."""
        out = []
        for p in self.provisions.values():
            act = self.acts._data.get(p.act)
            if p.value is not None:
                out.append(Change(
                    id=f"{p.id}@enacted", act=p.act, provision=p.id, op=Op.INSERT, value=p.value,
                    effective=act.date_of("in_force") if act else None,
                    known=(act.default_known or act.date_of("in_force")) if act else None, sources=p.sources,
                    implicit=True,
                ))
            if act is None:
                continue
            for e in act.events:
                if e.kind in ENDING_KINDS and e.date is not None:
                    out.append(Change(
                        id=f"{p.id}@{e.kind}", act=p.act, provision=p.id, op=Op.REPEAL, effective=e.date,
                        known=e.date, sources=e.sources, implicit=True,
                    ))
        return tuple(out)

    @property
    def implicit_changes(self) -> tuple[Change, ...]:
        """Changes the dataset implies: a provision's own ``value`` (``<id>@enacted``) and repeals by its act."""
        return self._implicit

    def all_changes(self) -> tuple[Change, ...]:
        """Every change, dataset and implicit, in dataset order (implicit inserts first)."""
        cached = self._cache.get("all_changes")
        if cached is None:
            inserts = tuple(c for c in self._implicit if c.op is Op.INSERT)
            repeals = tuple(c for c in self._implicit if c.op is Op.REPEAL)
            cached = self._cache["all_changes"] = inserts + tuple(self.changes._data.values()) + repeals
        result: tuple[Change, ...] = cached
        return result

    def source_ids(self, obj: object) -> tuple[str, ...]:
        """The sources an object cites (for an event, with those of its claims)."""
        if isinstance(obj, Event):
            return obj.all_sources
        return tuple(getattr(obj, "sources", ()))

    # -- equality and serialisation -------------------------------------------------------------------------------
    def _key(self) -> tuple[Any, ...]:
        return (
            self.title, self.description, self.as_at, self.meta, tuple(self.sources.values()),
            tuple(self.acts.values()), tuple(self.provisions.values()), tuple(self.changes.values()),
            tuple(self.events.values()),
        )

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Timeline):
            return NotImplemented
        return self._key() == other._key()

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"<Timeline {self.title!r}: {self.counts()}>"

    def counts(self) -> str:
        """``8 acts, 11 provisions, 16 changes, 9 events, 30 sources``."""
        return ", ".join(plural(len(m), w) for m, w in (
            (self.acts, "act"), (self.provisions, "provision"), (self.changes, "change"), (self.events, "event"),
            (self.sources, "source")))

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Timeline:
        """Build a Timeline from plain data in the dataset format; raises :class:`DatasetError` on problems."""
        from lawtimeline.io.build import build

        return build(data)

    def to_dict(self) -> dict[str, Any]:
        """The dataset as plain data, as it was given (relative dates stay relative, derived ids unwritten)."""
        from lawtimeline.io.write import to_dict

        return to_dict(self)

    def save(self, path: str | os.PathLike[str], *, format: str | None = None) -> None:
        """Write the dataset to ``path`` (YAML or JSON by suffix); ``lt.load`` gives back an equal Timeline."""
        from lawtimeline.io import save

        save(self, path, format=format)

    # -- queries --------------------------------------------------------------------------------------------------
    def _engine(self) -> Engine:
        eng = self._cache.get("engine")
        if eng is None:
            from lawtimeline.engine import engine_of

            eng = engine_of(self)
        return eng

    def value_of(self, provision: str, on: DateLike, *, as_of: DateLike | None = None,
                 where: str | None = None) -> Answer:
        """What ``provision`` said on the day ``on`` — and are we sure? Optionally as known on ``as_of``, and in
        the territory ``where`` (a code such as ``"E"``, DESIGN §4a).

        >>> import lawtimeline as lt
        >>> tl = lt.load("examples/russia_migrants.yaml")
        >>> tl.value_of("ru-citizenship-revocation-grounds", on="2022-01-01").in_force
        False
        """
        eng = self._cache.get("engine")
        if eng is None:
            eng = self._engine()
        return eng.value_of(provision, on, as_of, where)

    def in_force(self, on: DateLike, *, as_of: DateLike | None = None, tags: Iterable[str] | None = None,
                 act: str | None = None, where: str | None = None) -> Snapshot:
        """The provisions that were, or may have been, in force on ``on``, with the changes still pending.

        ``tags`` keeps provisions with any of the tags; ``act`` keeps the provisions of one act; ``where`` answers
        in one territory (DESIGN §4a).

        >>> import lawtimeline as lt
        >>> snap = lt.load("examples/russia_migrants.yaml").in_force("2024-08-15", tags=["citizenship"])
        >>> [a.status for a in snap.values()]
        ['unresolved', 'unresolved', 'unresolved']
        """
        return self._engine().in_force(on, as_of, tags, act, where)

    def history(self, provision: str, *, as_of: DateLike | None = None, where: str | None = None) -> History:
        """The versions of a provision, oldest first; ``end`` is the first day of the next version. A version of a
        period in which the provision is only partly in force holds its ``limits``; ``where`` answers in one
        territory.

        >>> import lawtimeline as lt
        >>> [(v.start.label, len(v.value)) for v in lt.load("examples/russia_migrants.yaml").history(
        ...     "ru-citizenship-revocation-grounds")]
        [('26 October 2023', 9), ('between 8 and 31 August 2024', 10), ('11 August 2025', 19)]
        """
        return self._engine().history(provision, as_of, where)

    def diff(self, a: DateLike, b: DateLike, *, as_of: DateLike | None = None,
             where: str | None = None) -> Differences:
        """The provisions whose answer differs between the days ``a`` and ``b``, with the changes between
        (in the territory ``where``, when given).

        >>> import lawtimeline as lt
        >>> [d.provision for d in lt.load("examples/russia_migrants.yaml").diff("2025-08-01", "2025-08-12")]
        ['ru-citizenship-revocation-grounds']
        """
        return self._engine().diff(a, b, as_of, where)

    def chronology(self, start: DateLike | None = None, end: DateLike | None = None,
                   kinds: Iterable[str] | None = None) -> tuple[Entry, ...]:
        """Every dated thing in one order (the order every renderer uses); ``start``/``end`` keep the entries
        whose dates overlap ``[start, end]``, ``kinds`` keeps those kinds (``"change"`` for changes).

        >>> import lawtimeline as lt
        >>> [e.kind for e in lt.load("examples/russia_migrants.yaml").chronology("2025-07-31", "2025-07-31")]
        ['raid', 'signed']
        """
        return self._engine().chronology(start, end, kinds)

    # -- the dependency graph ---------------------------------------------------------------------------------
    @property
    def graph(self) -> nx.MultiDiGraph:
        """The dependency graph (networkx ``MultiDiGraph``), built on first use and cached; see DESIGN §8."""
        g = self._cache.get("graph")
        if g is None:
            from lawtimeline.graph import build_graph
            from lawtimeline.io import _no_gc

            with _no_gc():  # millions of new objects, no garbage: do not let the collector walk them all
                g = self._cache["graph"] = build_graph(self)
        return g

    def amendments_to(self, provision: str) -> tuple[Change, ...]:
        """The changes that touched a provision, in application order (implicit enactment first, pending last)."""
        from lawtimeline.graph import amendments_to

        return amendments_to(self, provision)

    def affected_by(self, act: str) -> tuple[Provision, ...]:
        """The provisions an act inserted, changed or repealed, in dataset order."""
        from lawtimeline.graph import affected_by

        return affected_by(self, act)

    def dependents(self, provision: str) -> tuple[Provision, ...]:
        """The provisions that depend on ``provision``, directly or transitively, in dataset order.

        >>> import lawtimeline as lt
        >>> tl = lt.load("examples/russia_migrants.yaml")
        >>> "ru-citizenship-revocation-grounds" in [p.id for p in tl.dependents("ru-naturalized-registration-duty")]
        True
        """
        from lawtimeline.graph import dependents

        return dependents(self, provision)

    def depends_on(self, provision: str, *, transitive: bool = False) -> tuple[Provision, ...]:
        """The provisions ``provision`` depends on (with ``transitive=True``, through others too)."""
        from lawtimeline.graph import depends_on

        return depends_on(self, provision, transitive)

    def lineage(self, provision: str, *, on: DateLike | None = None) -> tuple[Change, ...]:
        """The changes that shaped the provision's value (on ``on``, or after every dated change), in order."""
        from lawtimeline.graph import lineage

        return lineage(self, provision, on)

    def to_graphml(self, path: str | os.PathLike[str]) -> None:
        """Write the dependency graph as GraphML (readable by networkx, Gephi and yEd)."""
        from lawtimeline.interop.graphml import write_graphml

        write_graphml(self.graph, path)

    # -- rendering ------------------------------------------------------------------------------------------------
    def to_html(self, full_page: bool = True, *, title: str | None = None, lanes: str = "act",
                start: DateLike | None = None, end: DateLike | None = None) -> str:
        """The timeline as HTML: a standalone page, or with ``full_page=False`` a fragment for notebooks.

        ``lanes`` groups the drawing's lanes by ``"act"``, ``"provision"`` or ``"tag"``; ``start``/``end`` limit the
        days shown. The same Timeline always renders the same bytes; nothing in the page reaches the network.
        """
        from lawtimeline.render.html import render

        return render(self, full_page=full_page, title=title, lanes=lanes, start=start, end=end)

    def save_html(self, path: str | os.PathLike[str], **options: Any) -> None:
        """Write the standalone HTML page to ``path`` (options as for :meth:`to_html`)."""
        from lawtimeline.render.html import save_html

        save_html(self, path, **options)

    def _repr_html_(self) -> str:
        return self.to_html(full_page=False)

    def to_svg(self, *, title: str | None = None, lanes: str = "act", start: DateLike | None = None,
               end: DateLike | None = None, width: int = 1200) -> str:
        """The drawing alone as a standalone, static SVG document, for reports and papers: title, axis, lanes,
        values, marks and a legend; no script, a generic font stack, every text escaped (options as for
        :meth:`to_html`; ``width`` in pixels).

        >>> import lawtimeline as lt
        >>> svg = lt.load("examples/russia_migrants.yaml").to_svg()
        >>> svg.startswith("<svg") and "<script" not in svg
        True
        """
        from lawtimeline.render.svg import to_svg

        return to_svg(self, title=title, lanes=lanes, start=start, end=end, width=width)

    def save_svg(self, path: str | os.PathLike[str], **options: Any) -> None:
        """Write :meth:`to_svg` to ``path`` (UTF-8)."""
        text = self.to_svg(**options)
        with open(os.fspath(path), "w", encoding="utf-8") as f:
            f.write(text)

    def to_text(self, width: int = 80) -> str:
        """The chronology as plain text that fits ``width`` columns (for terminals)."""
        from lawtimeline.render.text import to_text

        return to_text(self, width)

    def to_markdown(self) -> str:
        """The chronology as Markdown, with sources as footnotes (for reports)."""
        from lawtimeline.render.text import to_markdown

        return to_markdown(self)

    # -- exports --------------------------------------------------------------------------------------------------
    def to_frame(self, what: str = "changes", *, as_of: DateLike | None = None, where: str | None = None
                 ) -> pd.DataFrame:
        """A pandas DataFrame, one row per ``"changes"``, ``"events"``, ``"versions"`` or ``"provisions"``,
        or per provision and segment of the engine's index (``"segments"``, as seen on ``as_of``; DESIGN §10b).

        Needs the optional extra: ``pip install 'lawtimeline[pandas]'``.
        """
        if what == "segments":
            from lawtimeline.interop.parquet import segments_frame

            return segments_frame(self, as_of=as_of, where=where)
        from lawtimeline.interop.pandas import to_frame

        return to_frame(self, what)

    def to_parquet(self, directory: str | os.PathLike[str], *, as_of: DateLike | None = None,
                   where: str | None = None) -> dict[str, Any]:
        """Write the ``segments``, ``changes``, ``events``, ``versions`` and ``provisions`` tables as Parquet files
        in ``directory`` (segments and versions as seen on ``as_of``); return their paths by table name.

        Query them with DuckDB or Spark (:mod:`lawtimeline.interop.sql`). Needs the optional extra:
        ``pip install 'lawtimeline[parquet]'``.
        """
        from lawtimeline.interop.parquet import to_parquet

        return to_parquet(self, directory, as_of=as_of, where=where)

    def to_timelinejs(self) -> dict[str, Any]:
        """TimelineJS3 JSON (a dict): a slide per chronology entry with only the known parts of each date."""
        from lawtimeline.interop.timelinejs import to_timelinejs

        return to_timelinejs(self)

    def check(self) -> tuple[Problem, ...]:
        """Warnings about suspicious but legal facts (signed after entry into force, uncited sources, …)."""
        from lawtimeline.checks import check

        return check(self) + self._import_warnings
