"""The point-in-time engine behind ``value_of``, ``in_force``, ``history``, ``diff`` and ``chronology``.

Answers follow DESIGN §6: the set of states over every world the dates allow, computed group by group of
overlapping windows (:mod:`~lawtimeline.engine.worlds`). Each provision has an index
(:mod:`~lawtimeline.engine.index`): its segments between the days on which the answer may change, each with its
outcome, computed when the engine is built (on the first query), so that a query about any provision and day is
a bisect and a look-up. Caveat words (:mod:`~lawtimeline.engine.caveats`) are made only when read. Provisions
with staged or lapsed changes, and questions asked with ``where=``, go through
:mod:`~lawtimeline.engine.stages` (one ordinary index per scope the stages tell apart, joined: DESIGN §4a).

For exporters, :meth:`Engine.segments` yields a provision's segments as ``(start, end, outcome)``: ``start`` and
``end`` are day ordinals (``datetime.date.toordinal``), ``end`` exclusive and None for the last segment, the first
segment starting at ordinal 1; ``outcome`` is an :class:`~lawtimeline.results.Outcome` (status, in_force, value,
candidates, since, change, caveats, limits).
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any

import attrs

from lawtimeline._gc import no_gc
from lawtimeline.chronology import build_chronology, change_title, event_caveats, lapsed_title, pending_title
from lawtimeline.engine.fold import _DAYS, apply, hashable, query_day
from lawtimeline.engine.index import ProvisionIndex
from lawtimeline.engine.stages import StagedIndex, lapsed_pending, territory_plan
from lawtimeline.engine.worlds import MAX_ORDER_GROUP
from lawtimeline.errors import DateError, UnknownIdError
from lawtimeline.model import Change, Event, Op
from lawtimeline.results import Answer, Difference, Differences, Entry, History, Outcome, Snapshot, Version

if TYPE_CHECKING:
    from lawtimeline.dates import PartialDate
    from lawtimeline.timeline import Timeline

__all__ = ["MAX_ORDER_GROUP", "Engine", "apply", "engine_of", "engine_warnings", "query_day"]

Path = tuple[str | int, ...]
_bisect_right = bisect.bisect_right
_new_answer = tuple.__new__
_new_version = tuple.__new__


_HAS_44 = "lapsed" in attrs.fields_dict(Change)  # the §4a fields (lapsed, stages, subject_to) exist

class Engine:
    """Indexes of one Timeline, built once, answering every point-in-time query."""

    def __init__(self, tl: Timeline) -> None:
        self.tl = tl
        acts = tl.acts._data
        self.act_names = {aid: a.name for aid, a in acts.items()}
        self._roots: dict[tuple[str, str], Any] = {}
        self._bases: dict[Any, tuple[int, int]] = {}
        self._disputes: dict[tuple[str, str], bool] = {}
        as_at = getattr(tl, "as_at", None)
        self.horizon = as_at.toordinal() + 1 if as_at is not None else None  # from here on: the data horizon caveat
        ords: dict[int, tuple[int, int, bool]] = {}
        self._exact = ords
        provisions = tl.provisions._data
        rows_of: dict[str, list[Any]] = {pid: [] for pid in provisions}
        pending: dict[str, list[Change]] = {}
        lapsed: dict[str, list[Change]] = {}
        staged: dict[str, list[tuple[int, Change]]] = {}  # §4a: changes in force in steps (engine/stages.py)
        insert = Op.INSERT
        extra = _HAS_44
        for idx, c in enumerate(tl.all_changes()):  # one pass: a sortable row per dated change
            e = c.effective
            if extra and c.lapsed is not None:
                lapsed.setdefault(c.provision, []).append(c)
                continue
            if extra and c.stages:
                staged.setdefault(c.provision, []).append((idx, c))
                continue
            if e is None:
                pending.setdefault(c.provision, []).append(c)
                continue
            o = ords.get(id(e))
            if o is None:
                o = ords[id(e)] = (e.earliest.toordinal(), e.latest.toordinal(), e.exact)
            kn = c.known
            if kn is None:
                rows_of[c.provision].append((o[0], o[1], 1 if not c.implicit else (0 if c.op is insert else 2),
                                             o[0], o[1], idx, c, 0, 0))
            else:
                k = ords.get(id(kn))
                if k is None:
                    k = ords[id(kn)] = (kn.earliest.toordinal(), kn.latest.toordinal(), kn.exact)
                rows_of[c.provision].append((o[0], o[1], 1 if not c.implicit else (0 if c.op is insert else 2),
                                             k[0], k[1], idx, c, k[0], k[1]))
        self.plans: dict[str, ProvisionIndex] = {}
        plans = self.plans
        for pid, rows in rows_of.items():
            rows.sort()
            if pid in staged or pid in lapsed:
                plans[pid] = StagedIndex(self, provisions[pid], rows, pending.get(pid), lapsed.get(pid),  # type: ignore[assignment]
                                         staged.get(pid))
            else:
                plans[pid] = ProvisionIndex(self, provisions[pid], rows, pending.get(pid), lapsed.get(pid))
        self.items = tuple(self.plans.items())
        self.rows = tuple((pid, p.bounds, p.outcomes, p) for pid, p in self.items)
        self.with_dependencies = tuple(pid for pid, p in provisions.items() if p.depends_on)
        self._chronology: tuple[Entry, ...] | None = None

    # -- helpers for the index --------------------------------------------------------------------------------------
    def ordinals(self, d: PartialDate) -> tuple[int, int]:
        o = self._exact.get(id(d))
        if o is None:
            o = self._exact[id(d)] = (d.earliest.toordinal(), d.latest.toordinal(), d.exact)
        return o[0], o[1]

    def _disputed(self, c: Change) -> bool:
        """Whether the life-cycle event a change's date defaults to is disputed between sources."""
        kind = c.id.rsplit("@", 1)[1] if c.implicit and c.op is Op.REPEAL else "in_force"
        key = (c.act, kind)
        hit = self._disputes.get(key)
        if hit is None:
            ev = self.event_behind(c)
            hit = self._disputes[key] = bool(ev is not None and ev.disputed)
        return hit

    def root_key(self, c: Change) -> Any:
        """What a change's day rests on: ``(base, offset)``, the date it follows and how many days after it.

        A change with its own ``effective`` date rests on that (offset 0). Otherwise it rests on the life-cycle
        event its date defaults to, followed through relative dates to the event they count from: an event
        ``{after: published, days: 10}`` rests on the publication, 10 days after it (an offset in months is not
        followed: such an event is a date of its own). Changes with one key take effect on one day; changes with
        one base and different offsets move together (``base_window`` gives the base's window)."""
        if c.effective_given:
            return (("change", c.id), 0)
        kind = c.id.rsplit("@", 1)[1] if c.implicit and c.op is Op.REPEAL else "in_force"
        key = (c.act, kind)
        hit = self._roots.get(key)
        if hit is None:
            act = self.tl.acts._data.get(c.act)
            ev = act.event(kind) if act is not None else None
            if ev is None or ev.date is None:
                hit = (("change", c.id), 0)
            else:
                seen = {ev.id}
                offset = 0
                while ev.relative is not None and not getattr(ev.relative, "months", 0):
                    base = act.event(ev.relative.ref) if act is not None else None
                    if base is None or base.id in seen or base.date is None:
                        break
                    seen.add(base.id)
                    offset += 0 if ev.relative.same_as else ev.relative.days
                    ev = base
                base_key = ("event", c.act, ev.id)
                assert ev.date is not None
                self._bases[base_key] = (ev.date.earliest.toordinal(), ev.date.latest.toordinal())
                hit = (base_key, offset)
            self._roots[key] = hit
        return hit

    def base_window(self, base_key: Any) -> tuple[int, int] | None:
        """The window (ordinals) of a life-cycle event that changes rest on, when relative dates follow it."""
        return self._bases.get(base_key)

    # -- look-ups -------------------------------------------------------------------------------------------------
    def plan(self, pid: str) -> ProvisionIndex:
        try:
            return self.plans[pid]
        except (KeyError, TypeError):
            raise UnknownIdError("provision", str(pid), self.plans) from None

    def where_plan(self, pid: str, where: str | None) -> ProvisionIndex:
        """The index answering about ``pid``, in territory ``where`` when given (DESIGN §4a)."""
        if where is None:
            return self.plan(pid)
        self.plan(pid)  # raises UnknownIdError with suggestions
        return territory_plan(self, pid, where)  # type: ignore[no-any-return]

    def event_behind(self, c: Change) -> Event | None:
        """The life-cycle event a change's effective date comes from, when it was not given."""
        if c.effective_given:
            return None
        act = self.tl.acts._data.get(c.act)
        if act is None:
            return None
        if c.implicit and c.op is Op.REPEAL:
            return act.event(c.id.rsplit("@", 1)[1])
        return act.event("in_force")

    def segments(self, pid: str, as_of: object = None, where: str | None = None
                 ) -> Iterator[tuple[int, int | None, Outcome]]:
        """The provision's segments ``(start, end, outcome)`` (ordinals, ``end`` exclusive, None when open).

        ``where`` (a territory code, DESIGN §4a) gives the segments in that territory."""
        plan = self.where_plan(pid, where)
        if as_of is None:
            yield from plan.segments()
            return
        a = query_day(as_of)[1]
        b = plan.bounds
        for k in range(len(b) + 1):
            start = b[k - 1] if k else 1
            yield start, (b[k] if k < len(b) else None), self._as_of(plan, plan.start(k), k, a)

    # -- value_of -------------------------------------------------------------------------------------------------
    def value_of(self, pid: str, on: object, as_of: object = None, where: str | None = None) -> Answer:
        try:
            plan = self.plans[pid]
        except (KeyError, TypeError):
            plan = self.plan(pid)  # raises UnknownIdError with suggestions
        if where is not None:
            plan = territory_plan(self, pid, where)
        try:
            hit = _DAYS.get(on)
        except TypeError:
            hit = None
        if hit is None:
            hit = query_day(on)
        seg = _bisect_right(plan.bounds, hit[1])
        if as_of is None:
            return _new_answer(Answer, (pid, hit[0], None, plan.outcomes[seg]))
        as_day, as_ord = query_day(as_of)
        return _new_answer(Answer, (pid, hit[0], as_day, self._as_of(plan, hit[1], seg, as_ord)))

    def _as_of(self, plan: ProvisionIndex, d: int, seg: int, a: int) -> Outcome:
        key = (seg, _bisect_right(plan.kbounds, a))
        cache = plan.cache
        if cache is None:
            cache = plan.cache = {}
        outcome = cache.get(key)
        if outcome is None:
            outcome = cache[key] = plan.outcome(d, a)
        return outcome

    def pending_on(self, plan: ProvisionIndex, d: int, a: int | None) -> list[Change]:
        """The provision's pending changes that existed by day ``d`` (``known`` not certainly after it) and, with
        ``a``, were knowable by then."""
        out = []
        for c, k in zip(plan.pending, plan.pending_known, strict=True):
            if k <= d and (a is None or k <= a):
                out.append(c)
        if plan.lapsed:
            out.extend(lapsed_pending(plan, d, a))
        return out

    # -- in_force -------------------------------------------------------------------------------------------------
    def in_force(self, on: object, as_of: object = None, tags: Iterable[str] | None = None,
                 act: str | None = None, where: str | None = None) -> Snapshot:
        day, ordinal = query_day(on)
        as_day, as_ord = query_day(as_of) if as_of is not None else (None, None)
        if act is not None and act not in self.tl.acts:
            raise UnknownIdError("act", act, self.tl.acts)
        tagset = set([tags] if isinstance(tags, str) else tags) if tags is not None else None
        outcomes: dict[str, Outcome] = {}
        pending: list[Change] = []
        filtered = act is not None or tagset is not None
        bis = _bisect_right
        if as_ord is None and not filtered and where is None:  # the common case: a bisect and a look-up each
            for pid, bounds, segs, plan in self.rows:
                o = segs[bis(bounds, ordinal)]
                if o[1] is not False:
                    outcomes[pid] = o
                if plan.pending or plan.lapsed:
                    pending.extend(self.pending_on(plan, ordinal, as_ord))
        else:
            for pid, bounds, segs, plan in (self.rows if where is None else self.where_rows(where)):
                if filtered:
                    p = plan.provision
                    if act is not None and p.act != act:
                        continue
                    if tagset is not None and tagset.isdisjoint(p.tags):
                        continue
                seg = bis(bounds, ordinal)
                o = segs[seg] if as_ord is None else self._as_of(plan, ordinal, seg, as_ord)
                if o[1] is not False:
                    outcomes[pid] = o
                if plan.pending or plan.lapsed:
                    pending.extend(self.pending_on(plan, ordinal, as_ord))
        answers = _Answers(day, as_day, outcomes)
        missing: dict[str, tuple[str, ...]] = {}
        undecided: set[str] = set()
        for pid in self.with_dependencies:
            if pid not in answers:
                continue
            deps = self.plans[pid].provision.depends_on
            states = {d: self.value_of(d, day, as_day, where).outcome.in_force for d in deps}
            lacking = tuple(d for d, f in states.items() if f is not True)
            if lacking:
                missing[pid] = lacking
                if all(states[d] is None for d in lacking):
                    undecided.add(pid)
        return Snapshot(day, as_day, answers, tuple(pending), missing, frozenset(undecided),
                        {c.id: pending_title(self.tl, c) for c in pending} if pending else {})

    def where_rows(self, where: str) -> tuple[Any, ...]:
        """``rows`` (pid, bounds, outcomes, index) in territory ``where``, made once per territory."""
        cache: dict[str, tuple[Any, ...]] = self.__dict__.setdefault("_where_rows", {})
        hit = cache.get(where)
        if hit is None:
            plans = [(pid, territory_plan(self, pid, where)) for pid, _p in self.items]
            hit = cache[where] = tuple((pid, p.bounds, p.outcomes, p) for pid, p in plans)
        return hit

    # -- history --------------------------------------------------------------------------------------------------
    def history(self, pid: str, as_of: object = None, where: str | None = None) -> History:
        """Versions in canonical order, half-open; ``certain`` is False when a bound is not one exact day, the
        change's visibility under ``as_of`` is undecided, or its place depends on an order the data does not fix.
        With staged changes (DESIGN §4a) a version of a partial period holds its ``limits``."""
        plan = self.where_plan(pid, where)
        as_ord = query_day(as_of)[1] if as_of is not None else None
        key = as_ord
        if plan.versions is None:
            plan.versions = {}
        hit = plan.versions.get(key)
        if hit is not None:
            return hit
        kind = plan.provision.kind
        versions: list[list[Any]] = []  # [value, start, end, change id, act, certain, limits]
        in_force, value = False, None
        unordered: set[int] = set()
        staged = not isinstance(plan, ProvisionIndex)
        if staged:
            versions = [list(v) for v in plan.history(as_ord)]  # type: ignore[attr-defined]
        elif not plan.simple:
            for g in plan.groups:
                if not g.ordered:
                    unordered.update(g.positions)
        klo_, khi_ = plan.klo, plan.khi
        for i, c in enumerate(() if staged else plan.changes):
            sure = i not in unordered
            if as_ord is not None:
                if klo_[i] > as_ord:
                    continue
                sure = sure and khi_[i] <= as_ord
            in_force, value = apply(c, in_force, value, kind)
            eff = c.effective
            assert eff is not None
            exact = eff.exact
            if versions and versions[-1][2] is None:
                versions[-1][2] = eff
                versions[-1][5] = versions[-1][5] and exact and sure
            if in_force:
                versions.append([value, eff, None, c.id, c.act, exact and sure, ()])
        result = History(_new_version(Version, row) for row in versions)
        result.provision = plan.provision
        names = self.act_names
        result.act_names = {row[4]: names.get(row[4], row[4]) for row in versions}
        if plan.pending:
            pending = tuple(c for c in plan.pending if as_ord is None or c.known is None
                            or c.known.earliest.toordinal() <= as_ord)
            sources = self.tl.sources._data
            result.pending = pending
            result.pending_words = tuple(pending_title(self.tl, c) for c in pending)
            result.sources = {s: sources[s] for c in pending for s in c.sources if s in sources}
        if plan.lapsed:
            gone = tuple(c for c in plan.lapsed if as_ord is None or c.known is None
                         or c.known.earliest.toordinal() <= as_ord)
            result.lapsed = gone
            result.lapsed_words = tuple(lapsed_title(self.tl, c) for c in gone)
        if len(plan.versions) < 64:
            plan.versions[key] = result
        return result

    # -- diff -----------------------------------------------------------------------------------------------------
    def diff(self, a: object, b: object, as_of: object = None, where: str | None = None) -> Differences:
        day_a, ord_a = query_day(a)
        day_b, ord_b = query_day(b)
        if ord_a > ord_b:
            raise DateError(f"diff from {day_a.isoformat()} to {day_b.isoformat()}: the first day is after the "
                            "second")
        as_day, as_ord = query_day(as_of) if as_of is not None else (None, None)
        out = []
        for pid, plan in (self.items if where is None else ((row[0], row[3]) for row in self.where_rows(where))):
            before = self.value_of(pid, day_a, as_day, where)
            after = self.value_of(pid, day_b, as_day, where)
            if before.outcome is after.outcome or _cands(before) == _cands(after):
                continue
            spans = getattr(plan, "spans", None) or tuple((w,) for w in plan.eff)  # staged: one per stage
            idx = [i for i, ws in enumerate(spans) if any(hi > ord_a and lo <= ord_b for lo, hi in ws)
                   and (as_ord is None or plan.known[i][0] <= as_ord)]
            changes = tuple(plan.changes[i].id for i in idx)
            acts = self.act_names
            names = tuple(dict.fromkeys(acts.get(plan.changes[i].act, plan.changes[i].act) for i in idx))
            out.append(Difference(pid, before, after, changes, names))
        return Differences(out)

    # -- chronology -----------------------------------------------------------------------------------------------
    def chronology(self, start: object = None, end: object = None, kinds: Iterable[str] | None = None
                   ) -> tuple[Entry, ...]:
        entries = self._chronology
        if entries is None:
            entries = self._chronology = build_chronology(self)
        lo = query_day(start)[0] if start is not None else None
        hi = query_day(end)[0] if end is not None else None
        wanted = set([kinds] if isinstance(kinds, str) else kinds) if kinds is not None else None
        if lo is None and hi is None and wanted is None:
            return entries
        return tuple(
            e for e in entries
            if (lo is None or e.date.latest >= lo) and (hi is None or e.date.earliest <= hi)
            and (wanted is None or e.kind in wanted)
        )

    def date_caveats(self, c: Change) -> list[str]:
        """Words for everything uncertain about the date a change rests on (for chronology entries)."""
        from lawtimeline.engine.caveats import date_words

        return date_words(self, c)

    def describe_change(self, c: Change) -> str:
        """A change by what it does, for people (no ids, no op names)."""
        from lawtimeline.engine.caveats import describe

        return describe(self, c)

    def event_caveats(self, e: Event) -> tuple[str, ...]:
        return event_caveats(e, self.tl.sources._data)

    def change_title(self, c: Change) -> str:
        return change_title(self.tl, c)


class _Answers(Mapping[str, Answer]):
    """A snapshot's answers: provision id -> Answer, made when looked up (the outcomes are already there)."""

    __slots__ = ("_as_of", "_day", "_outcomes")

    def __init__(self, day: Any, as_of: Any, outcomes: dict[str, Outcome]) -> None:
        self._day, self._as_of, self._outcomes = day, as_of, outcomes

    def __getitem__(self, pid: str) -> Answer:
        return _new_answer(Answer, (pid, self._day, self._as_of, self._outcomes[pid]))

    def __contains__(self, pid: object) -> bool:
        return pid in self._outcomes

    def __iter__(self) -> Iterator[str]:
        return iter(self._outcomes)

    def __len__(self) -> int:
        return len(self._outcomes)

    def __repr__(self) -> str:
        return repr(dict(self))


def _cands(a: Answer) -> frozenset[tuple[bool, Any]]:
    return frozenset((f, hashable(v)) for f, v in a.outcome.candidates)


def engine_of(tl: Timeline) -> Engine:
    """The Timeline's engine, built on first use (the collector paused: many objects, no garbage)."""
    eng = tl._cache.get("engine")
    if eng is None:
        with no_gc():
            eng = tl._cache["engine"] = Engine(tl)
    assert isinstance(eng, Engine)
    return eng


def _first_day(c: Change) -> str:
    """When a change first takes effect, as a label (a staged change: its first stage)."""
    if c.effective is not None and not c.stages:
        return c.effective.label
    if c.stages:
        return min((s.date for s in c.stages), key=lambda d: (d.earliest, d.latest)).label
    return "?"


def engine_warnings(tl: Timeline) -> list[tuple[Path, str]]:
    """Warnings that need the fold: ``set``/``amend``/``add``/``remove`` on a provision that is not in force then."""
    eng = engine_of(tl)
    index = {c.id: i for i, c in enumerate(tl.changes.values())}
    out: list[tuple[Path, str]] = []
    for plan in eng.plans.values():
        in_force, value = False, None
        for c in plan.changes:
            if not c.implicit and c.op in (Op.SET, Op.AMEND, Op.ADD, Op.REMOVE) and not in_force:
                effect = "brings it into force" if c.op is not Op.REMOVE else "does nothing"
                out.append((("changes", index[c.id]),
                            f"'{c.op.value}' on {c.provision!r}, which is not in force when it takes effect "
                            f"({_first_day(c)}); this {effect}"))
            in_force, value = apply(c, in_force, value, plan.provision.kind)
    out.sort(key=lambda pm: pm[0])
    return out
