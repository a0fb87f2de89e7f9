"""The point-in-time engine behind ``value_of``, ``in_force``, ``history``, ``diff`` and ``chronology``.

For each provision the engine keeps its changes in application order and the day boundaries at which any of them
may take effect (the earliest and latest day of each effective date). Between two boundaries every change is
either certainly applied, certainly not applied, or undecided, so the outcome is the same on every day of such a
segment: it is computed once per segment and cached. A query is then a bisect and a dictionary look-up.

Undecided changes (a partial date straddling the query day, or a partial ``known`` date straddling ``as_of``) are
folded by keeping every distinct state reachable by applying or skipping each of them. Two changes undecided on
the same day cannot be certainly ordered (both straddle that day), so every subset of them is possible.
"""

from __future__ import annotations

import bisect
import datetime as _dt
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

import pendulum

from lawtimeline.chronology import KIND_WORDS, build_chronology, change_title, event_caveats
from lawtimeline.dates import PartialDate, to_day
from lawtimeline.errors import DateError, UnknownIdError
from lawtimeline.model import Change, Event, Op, Provision, ProvisionKind
from lawtimeline.results import Answer, Difference, Differences, Entry, History, Outcome, Snapshot, Version

if TYPE_CHECKING:
    from lawtimeline.io.build import Path
    from lawtimeline.timeline import Timeline

_DAYS: dict[object, tuple[pendulum.Date, int]] = {}
_bisect_right = bisect.bisect_right
_new_answer = tuple.__new__
_new_version = tuple.__new__

def query_day(value: object) -> tuple[pendulum.Date, int]:
    """A query date as (day, ordinal); strings and dates are cached so repeated queries cost a dict look-up."""
    if isinstance(value, str | _dt.date) and not isinstance(value, _dt.datetime):
        hit = _DAYS.get(value)
        if hit is None:
            d = to_day(value)
            hit = (d, d.toordinal())
            if len(_DAYS) < 200_000:
                _DAYS[value] = hit
        return hit
    d = to_day(value)
    return d, d.toordinal()


# -- folding ---------------------------------------------------------------------------------------------------


def apply(change: Change, in_force: bool, value: Any, kind: ProvisionKind) -> tuple[bool, Any]:
    """The state ``(in_force, value)`` of a provision after ``change``."""
    op = change.op
    if op is Op.INSERT or op is Op.SET:
        return True, change.value
    if op is Op.REPEAL:
        return False, None
    if kind is ProvisionKind.SET:
        base: frozenset[str] = value if in_force and isinstance(value, frozenset) else frozenset()
        if op is Op.ADD:
            return True, base | frozenset(change.items)
        return in_force, base - frozenset(change.items) if in_force else value
    seq: tuple[Any, ...] = value if in_force and isinstance(value, tuple) else ()
    if op is Op.ADD:
        return True, seq + tuple(dict.fromkeys(i for i in change.items if i not in seq))
    if not in_force:
        return in_force, value
    gone = set(change.items)
    return True, tuple(i for i in seq if i not in gone)


def _hashable(value: Any) -> Any:
    try:
        hash(value)
        return value
    except TypeError:  # pragma: no cover - values are built hashable; be safe with hand-made objects
        return repr(value)


class _Plan:
    """One provision's changes in application order, their boundaries, and cached outcomes per segment."""

    __slots__ = ("bounds", "cache", "changes", "eff", "kbounds", "known", "pending", "plain", "provision",
                 "versions")

    def __init__(self, provision: Provision, changes: list[Change], pending: list[Change]) -> None:
        self.provision = provision
        self.changes = tuple(changes)
        self.pending = tuple(pending)
        self.eff = tuple((c.effective.earliest.toordinal(), c.effective.latest.toordinal())  # type: ignore[union-attr]
                         for c in changes)
        self.known = tuple((c.known.earliest.toordinal(), c.known.latest.toordinal()) if c.known else (0, 0)
                           for c in changes)
        self.bounds = sorted({b for pair in self.eff for b in pair})
        self.kbounds = sorted({b for pair in self.known for b in pair})
        self.cache: dict[Any, Outcome] = {}
        self.versions: dict[Any, History] = {}
        self.plain: tuple[bool, ...] | None = None  # per change: nothing uncertain to say about it (lazy)


class Engine:
    """Indexes of one Timeline, built once, answering every point-in-time query."""

    def __init__(self, tl: Timeline) -> None:
        self.tl = tl
        grouped: dict[str, list[Change]] = {pid: [] for pid in tl.provisions}
        for c in tl.all_changes():
            grouped[c.provision].append(c)
        self.plans: dict[str, _Plan] = {}
        for pid, cs in grouped.items():
            dated = [(i, c) for i, c in enumerate(cs) if c.effective is not None]
            dated.sort(key=lambda ic: _order_key(ic[1], ic[0]))
            self.plans[pid] = _Plan(tl.provisions[pid], [c for _, c in dated],
                                    [c for c in cs if c.effective is None])
        self._events_of_change: dict[str, Event | None] = {}
        self.with_dependencies = tuple(pid for pid, p in tl.provisions._data.items() if p.depends_on)
        self._chronology: tuple[Entry, ...] | None = None

    # -- lookups --------------------------------------------------------------------------------------------------
    def plan(self, pid: str) -> _Plan:
        try:
            return self.plans[pid]
        except (KeyError, TypeError):
            raise UnknownIdError("provision", str(pid), self.plans) from None

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

    # -- value_of -------------------------------------------------------------------------------------------------
    def value_of(self, pid: str, on: object, as_of: object = None) -> Answer:
        # The hot path: a dict look-up, a cached day, a bisect, a cached outcome, a tuple.
        try:
            plan = self.plans[pid]
        except (KeyError, TypeError):
            plan = self.plan(pid)  # raises UnknownIdError with suggestions
        try:
            hit = _DAYS.get(on)
        except TypeError:
            hit = None
        if hit is None:
            hit = query_day(on)
        seg = _bisect_right(plan.bounds, hit[1])
        if as_of is None:
            outcome = plan.cache.get(seg)
            if outcome is None:
                outcome = plan.cache[seg] = self._outcome(plan, hit[1], None)
            return _new_answer(Answer, (pid, hit[0], None, outcome))
        as_day, as_ord = query_day(as_of)
        key = (seg, _bisect_right(plan.kbounds, as_ord))
        outcome = plan.cache.get(key)
        if outcome is None:
            outcome = plan.cache[key] = self._outcome(plan, hit[1], as_ord)
        return _new_answer(Answer, (pid, hit[0], as_day, outcome))

    def _plain(self, plan: _Plan) -> tuple[bool, ...]:
        """Per change of the plan: True when its date is one exact day, undisputed, and it is not retroactive."""
        if plan.plain is None:
            flags = []
            for c in plan.changes:
                eff = c.effective
                event = self.event_behind(c)
                flags.append(bool(eff is not None and eff.exact and c.retroactive is False
                                  and (event is None or not event.disputed)))
            plan.plain = tuple(flags)
        return plan.plain

    def _outcome(self, plan: _Plan, on: int, as_of: int | None) -> Outcome:
        kind = plan.provision.kind
        if as_of is None:  # the common case first: when nothing is undecided, fold straight through
            f, v, since, cid, last = False, None, None, None, -1
            eff = plan.eff
            for i, c in enumerate(plan.changes):
                lo, hi = eff[i]
                if lo > on:
                    break
                if hi > on:
                    break  # undecided: the general fold below
                f, v = apply(c, f, v, kind)
                since, cid, last = c.effective, c.id, i
            else:
                hi = on
            if hi <= on or (last + 1 < len(plan.changes) and eff[last + 1][0] > on):
                plain = self._plain(plan)
                if plan.pending or not all(plain[: last + 1]):
                    caveats = self._caveats(plan, [(c, False, False) for c in plan.changes[: last + 1]], None)
                else:
                    caveats = ()
                by = None
                if cid is not None:
                    act = self.tl.acts._data.get(plan.changes[last].act)
                    by = act.name if act else plan.changes[last].act
                return Outcome("definite", f, v, ((f, v),), since, cid, caveats, plan.provision.unit, by,
                               plan.provision.name)
        # state key -> (rank, in_force, value, since, change id); rank = (how many undecided changes were applied,
        # their positions), so that candidates list the fewest undecided changes first, then the earliest.
        Rank = tuple[int, tuple[int, ...]]
        states: dict[Any, tuple[Rank, bool, Any, PartialDate | None, str | None]] = {
            (False, None): ((0, ()), False, None, None, None)
        }
        involved: list[tuple[Change, bool, bool]] = []  # (change, time undecided, visibility undecided)
        for i, c in enumerate(plan.changes):
            lo, hi = plan.eff[i]
            if lo > on:
                break  # changes are ordered by earliest effective day: none of the rest has taken effect
            t_undecided = hi > on
            v_undecided = False
            if as_of is not None:
                klo, khi = plan.known[i]
                if klo > as_of:
                    continue  # not yet knowable on the as-of day
                v_undecided = khi > as_of
            undecided = t_undecided or v_undecided
            involved.append((c, t_undecided, v_undecided))
            new: dict[Any, tuple[Rank, bool, Any, PartialDate | None, str | None]] = {}
            for rank, f, v, since, cid in states.values():
                f2, v2 = apply(c, f, v, kind)
                k2 = (f2, _hashable(v2))
                rank2 = (rank[0] + 1, (*rank[1], i)) if undecided else rank
                if undecided:
                    k1 = (f, _hashable(v))
                    old = new.get(k1)
                    if old is None or old[0] > rank:
                        new[k1] = (rank, f, v, since, cid)
                old = new.get(k2)
                if old is None or old[0] > rank2:
                    new[k2] = (rank2, f2, v2, c.effective, c.id)
            states = new
        ordered = sorted(states.values(), key=lambda s: s[0])
        candidates = tuple((f, v) for _n, f, v, _s, _c in ordered)
        caveats = self._caveats(plan, involved, as_of)
        unit = plan.provision.unit
        if len(ordered) == 1:
            _n, f, v, since, cid = ordered[0]
            by = None
            if cid is not None:
                changed = next(c for c in plan.changes if c.id == cid)
                act = self.tl.acts._data.get(changed.act)
                by = act.name if act else changed.act
            return Outcome("definite", f, v, candidates, since, cid, caveats, unit, by, plan.provision.name)
        forces = {f for f, _v in candidates}
        in_force = forces.pop() if len(forces) == 1 else None
        return Outcome("unresolved", in_force, None, candidates, None, None, caveats, unit, None,
                       plan.provision.name)

    def _caveats(self, plan: _Plan, involved: Iterable[tuple[Change, bool, bool]], as_of: int | None
                 ) -> tuple[str, ...]:
        out: dict[str, None] = {}
        for c, t_und, v_und in involved:
            eff = c.effective
            assert eff is not None
            retro = c.retroactive
            if not (t_und or v_und or retro) and eff.exact:
                event = self.event_behind(c)
                if event is None or not event.disputed:
                    continue  # nothing uncertain about this change: no words to build
            who = self.describe_change(c)
            if t_und:
                out[f"{who} may or may not have taken effect by this day (in effect {eff.label})"] = None
            if v_und and c.known is not None:
                out[f"{who} may or may not have been known by the as-of day (knowable {c.known.label})"] = None
            for text in self.date_caveats(c):
                out[text] = None
            if retro:
                known = c.known.label if c.known else "?"
                out[f"{who} is retroactive: in effect from {eff.label}, knowable only from {known}"] = None
        for c in plan.pending:
            if as_of is not None and c.known is not None and c.known.earliest.toordinal() > as_of:
                continue  # not yet knowable on the as-of day
            out[f"pending: {self.describe_change(c)} has no date of entry into force yet"] = None
        return tuple(out)

    def describe_change(self, c: Change) -> str:
        act = self.tl.acts._data.get(c.act)
        name = act.name if act else c.act
        if c.implicit and c.op is Op.INSERT:
            return f"{name} (enactment)"
        if c.implicit:
            return f"{name} ({c.id.rsplit('@', 1)[1].replace('_', ' ')})"
        return f"{name} ({c.op.value})"

    def date_caveats(self, c: Change) -> list[str]:
        """Words for everything uncertain about the date a change rests on."""
        eff = c.effective
        if eff is None:
            return []
        act = self.tl.acts._data.get(c.act)
        name = act.name if act else c.act
        event = self.event_behind(c)
        if event is not None:
            what = f"{name} {KIND_WORDS.get(event.kind, event.kind)}"
        else:
            what = f"{self.describe_change(c)} takes effect"
        how = f" ({event.relative.label})" if event is not None and event.relative is not None else ""
        out = []
        if event is not None and event.disputed:
            claims = "; ".join(f"{cl.date.label} ({', '.join(cl.sources) or 'no source'})" for cl in event.claims)
            out.append(f"sources disagree on when {what}: {claims}")
        elif eff.is_range or eff.precision != "day":
            out.append(f"{what} {eff.label}{how}: the exact day is not known")
        if eff.approximate:
            out.append(f"{what} on an approximate date ({eff.label})")
        if eff.uncertain:
            out.append(f"the date on which {what} is uncertain ({eff.label})")
        return out

    # -- in_force -------------------------------------------------------------------------------------------------
    def in_force(self, on: object, as_of: object = None, tags: Iterable[str] | None = None,
                 act: str | None = None) -> Snapshot:
        day, _ = query_day(on)
        as_day = query_day(as_of)[0] if as_of is not None else None
        if act is not None and act not in self.tl.acts:
            raise UnknownIdError("act", act, self.tl.acts)
        tagset = set([tags] if isinstance(tags, str) else tags) if tags is not None else None
        answers: dict[str, Answer] = {}
        pending: list[Change] = []
        value_of = self.value_of
        ordinal = day.toordinal()
        filtered = act is not None or tagset is not None
        for pid, plan in self.plans.items():
            if filtered:
                p = plan.provision
                if act is not None and p.act != act:
                    continue
                if tagset is not None and tagset.isdisjoint(p.tags):
                    continue
            if as_day is None:  # inlined value_of: a bisect and a cached outcome
                seg = _bisect_right(plan.bounds, ordinal)
                outcome = plan.cache.get(seg)
                if outcome is None:
                    outcome = plan.cache[seg] = self._outcome(plan, ordinal, None)
                if outcome.in_force is not False:
                    answers[pid] = _new_answer(Answer, (pid, day, None, outcome))
            else:
                a = value_of(pid, day, as_day)
                if a.outcome.in_force is not False:
                    answers[pid] = a
            if plan.pending:
                for c in plan.pending:
                    if as_day is None or c.known is None or c.known.on_or_before(as_day) is not False:
                        pending.append(c)
        missing: dict[str, tuple[str, ...]] = {}
        undecided: set[str] = set()
        for pid in self.with_dependencies:
            if pid not in answers:
                continue
            deps = self.plans[pid].provision.depends_on
            states = {d: value_of(d, day, as_day).outcome.in_force for d in deps}
            lacking = tuple(d for d, f in states.items() if f is not True)
            if lacking:
                missing[pid] = lacking
                if all(states[d] is None for d in lacking):
                    undecided.add(pid)
        return Snapshot(day, as_day, answers, tuple(pending), missing, frozenset(undecided))

    # -- history --------------------------------------------------------------------------------------------------
    def history(self, pid: str, as_of: object = None) -> History:
        plan = self.plan(pid)
        as_ord = query_day(as_of)[1] if as_of is not None else None
        key = as_ord
        hit = plan.versions.get(key)
        if hit is not None:
            return hit
        kind = plan.provision.kind
        versions: list[list[Any]] = []  # [value, start, end, change id, act, certain]
        in_force, value = False, None
        for i, c in enumerate(plan.changes):
            vis_certain = True
            if as_ord is not None:
                klo, khi = plan.known[i]
                if klo > as_ord:
                    continue
                vis_certain = khi <= as_ord
            in_force, value = apply(c, in_force, value, kind)
            eff = c.effective
            assert eff is not None
            if versions and versions[-1][2] is None:
                versions[-1][2] = eff
                versions[-1][5] = versions[-1][5] and eff.exact
            if in_force:
                versions.append([value, eff, None, c.id, c.act, eff.exact and vis_certain])
        result = History(_new_version(Version, row) for row in versions)
        result.provision = plan.provision
        acts = self.tl.acts._data
        result.act_names = {a: (acts[a].name if a in acts else a) for *_x, a, _c in versions}
        if len(plan.versions) < 64:
            plan.versions[key] = result
        return result

    # -- diff -----------------------------------------------------------------------------------------------------
    def diff(self, a: object, b: object, as_of: object = None) -> Differences:
        day_a, ord_a = query_day(a)
        day_b, ord_b = query_day(b)
        if ord_a > ord_b:
            raise DateError(f"diff from {day_a.isoformat()} to {day_b.isoformat()}: the first day is after the "
                            "second")
        as_day = query_day(as_of)[0] if as_of is not None else None
        out = []
        for pid, plan in self.plans.items():
            before = self.value_of(pid, day_a, as_day)
            after = self.value_of(pid, day_b, as_day)
            if before.outcome is after.outcome or set(_cands(before)) == set(_cands(after)):
                continue
            changes = tuple(
                c.id for i, c in enumerate(plan.changes)
                if plan.eff[i][1] > ord_a and plan.eff[i][0] <= ord_b
                and (as_day is None or c.known is None or c.known.on_or_before(as_day) is not False)
            )
            names = []
            for cid in changes:
                c = next(x for x in plan.changes if x.id == cid)
                act = self.tl.acts._data.get(c.act)
                names.append(act.name if act else c.act)
            out.append(Difference(pid, before, after, changes, tuple(dict.fromkeys(names))))
        return Differences(out)

    # -- chronology -----------------------------------------------------------------------------------------------
    def chronology(self, start: object = None, end: object = None, kinds: Iterable[str] | None = None
                   ) -> tuple[Entry, ...]:
        entries = self._chronology
        if entries is None:
            entries = self._chronology = self._build_chronology()
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

    def _build_chronology(self) -> tuple[Entry, ...]:
        return build_chronology(self)

    def event_caveats(self, e: Event) -> tuple[str, ...]:
        return event_caveats(e)

    def change_title(self, c: Change) -> str:
        return change_title(self.tl, c)


def _cands(a: Answer) -> Sequence[tuple[bool, Any]]:
    return [(f, _hashable(v)) for f, v in a.outcome.candidates]


def _order_key(c: Change, index: int) -> tuple[Any, ...]:
    eff = c.effective
    assert eff is not None
    group = 0 if c.implicit and c.op is Op.INSERT else (2 if c.implicit else 1)
    known = (c.known.earliest, c.known.latest) if c.known is not None else (eff.earliest, eff.latest)
    return (eff.earliest, eff.latest, group, known, index)


def engine_of(tl: Timeline) -> Engine:
    eng = tl._cache.get("engine")
    if eng is None:
        from lawtimeline.io import _no_gc

        with _no_gc():  # building indexes creates many objects and no garbage
            eng = tl._cache["engine"] = Engine(tl)
    assert isinstance(eng, Engine)
    return eng


def engine_warnings(tl: Timeline) -> list[tuple[Path, str]]:
    """Warnings that need the fold: ``set``/``add``/``remove`` on a provision that is not in force then."""
    eng = engine_of(tl)
    index = {c.id: i for i, c in enumerate(tl.changes.values())}
    out: list[tuple[Path, str]] = []
    for plan in eng.plans.values():
        in_force, value = False, None
        for c in plan.changes:
            if not c.implicit and c.op in (Op.SET, Op.ADD, Op.REMOVE) and not in_force:
                effect = "brings it into force" if c.op is not Op.REMOVE else "does nothing"
                out.append((("changes", index[c.id]),
                            f"'{c.op.value}' on {c.provision!r}, which is not in force when it takes effect "
                            f"({c.effective.label if c.effective else '?'}); this {effect}"))
            in_force, value = apply(c, in_force, value, plan.provision.kind)
    out.sort(key=lambda pm: pm[0])
    return out

