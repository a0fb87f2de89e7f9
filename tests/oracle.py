"""A deliberately naive reference for the query semantics: brute force over worlds (DESIGN §6, §12.5–12.7, §12.9).

Written from DESIGN alone. It imports nothing from the engine package and shares no ordering, folding or caveat
code with the package: it reads only the loaded model (``tl.provisions``, ``tl.changes``, ``tl.all_changes()``,
``tl.acts[..].events`` and their resolved ``PartialDate`` bounds) and enumerates, for one provision, **every world**:

- every *root date* the provision's changes rest on takes each day of its window ``[earliest, latest]``:
  a change with its own ``effective`` is its own root; a change without one, and the provision's implicit insert,
  rest on their act's ``in_force`` event; an implicit repeal rests on the ending event it comes from; a relative
  event is not a root: it takes its base event's day plus its offset (``months`` then ``days``, as pendulum adds
  them), so changes resting on one event, or on events tied by relative dates, move together;
- every change whose ``known`` straddles ``as_of`` is visible in some worlds and invisible in others;
- in a world the visible changes dated on or before ``on`` are applied in day order and, on one day, in the
  same-day order (implicit insert; dataset changes by ``known`` (earliest, latest), then dataset order; implicit
  repeals), folded from "not in force" (§4, §12.6).

The answer's states are the set of the worlds' states: one state is ``definite``, several ``unresolved``.

Readings chosen where DESIGN leaves room (tell the lead when one of them turns out wrong):

1. **Visibility is chosen per change**, independently of the days the world chooses, even when a change's
   ``known`` defaults to the very event its ``effective`` rests on (DESIGN: "for a change whose visibility under
   ``as_of`` is undecided ... the world also chooses whether it is visible").
2. An **act's ``in_force`` event** is its first event of that kind (the one ``Act.date_of`` names).
3. **Candidate rank** (§6): a change is *undecided* for a query when some worlds apply it and others do not; a
   world's rank is ``(number of undecided changes it applies, canonical positions of its applied changes in the
   order it applies them)``, compared as tuples; the canonical order sorts by ``effective`` (earliest, latest),
   then the same-day order. Implicit repeals on one day keep ``tl.all_changes()`` order among themselves.
4. **``since`` / ``change``** of a definite answer: the last change applied in the smallest-rank world (``None``
   when that world applies nothing).
5. **Fold** (§12.6): ``insert``/``set``/``amend`` → in force with the change's value; ``repeal`` → not in force,
   value None; ``add`` on a set → union (on a provision not in force: the items alone, now in force); ``add`` on a
   list → each item appended in turn unless already present; ``remove`` on a set/list in force → every occurrence
   removed; ``remove`` on a provision not in force leaves it not in force.
6. **Pending** (§6 snapshot): a change with no effective date is listed on ``on`` unless its ``known`` is
   certainly after ``on`` (``known.earliest > on``) and, with ``as_of``, unless it is certainly after ``as_of``
   (the same "not certainly after" reading). A change with no ``known`` at all is listed.
7. **Diff** (§12.9): a provision is listed when its two sets of states differ.

§4a (stages, extents, ``where``, lapses, ``amend``):

8. **Scopes.** A query is answered in every *scope* (territory, purpose) the data can tell apart: the territories
   are the provision's ``extent`` (when it has one), else every code a stage of its changes names plus "anywhere
   else"; with ``where=CODE`` only CODE. The purposes are every purpose a stage names plus "any other purpose".
   Each stage is a dated step with its own window; a change applies in a scope from the first day one of its
   stages that covers the scope takes effect (a stage covers a territory when its extent is empty or holds it,
   a purpose when its purposes are empty or hold it). A change without stages covers every scope.
   A provision whose ``extent`` does not hold ``where`` is not in force there, in every world.
9. **Status with scopes.** A world's outcome is its state in each scope. One state over all worlds and scopes:
   ``definite``; several states but every world has the same outcome (the states differ only by purpose or
   territory): ``partial``; otherwise ``unresolved`` (a date, order or visibility is also unknown).
   Candidate rank (reading 3) is computed only when there is a single scope.
10. **Lapsed** changes are in no world. One is pending (still subject to reading 6's existence rule) until its
    lapse has certainly happened (``lapse.date.latest <= on``); with no lapse date it is never pending.
11. ``amend`` and a value-less ``insert`` set the value to the change's ``value`` (the builder's ``Unrecorded``).
    What ``add``/``remove`` do to an unrecorded value is not settled by DESIGN; generated data avoids it.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pendulum

from lawtimeline import Change, Event, Op, ProvisionKind, Timeline

__all__ = [
    "MAX_WORLDS",
    "NOT_IN_FORCE",
    "OracleAnswer",
    "TooManyWorlds",
    "fold",
    "oracle_diff",
    "oracle_diff_changes",
    "oracle_history",
    "oracle_in_force",
    "oracle_pending",
    "oracle_value",
    "windows_overlap",
    "world_count",
]

State = tuple[bool, Any]
#: The state of a provision before any change: not in force, no value.
NOT_IN_FORCE: State = (False, None)
#: The most worlds one query may enumerate before the oracle gives up (tests ``assume`` it does not).
MAX_WORLDS = 20_000


class TooManyWorlds(Exception):
    """The provision's worlds are too many to enumerate (keep generated windows short)."""


def _ordinal(value: object) -> int:
    if isinstance(value, pendulum.Date):
        return value.toordinal()
    return pendulum.parse(str(value)).date().toordinal()  # type: ignore[union-attr]


# -- the fold (§4, §12.6) ------------------------------------------------------------------------------------------
def apply(state: State, c: Change, kind: ProvisionKind) -> State:
    in_force, value = state
    op = str(c.op.value)
    if op == "repeal":
        return NOT_IN_FORCE
    if op in ("insert", "set", "amend"):
        return (True, c.value)
    if op == "add":
        if kind is ProvisionKind.SET:
            return (True, (value if in_force else frozenset()) | frozenset(c.items))
        out = list(value) if in_force else []
        for item in c.items:
            if item not in out:
                out.append(item)
        return (True, tuple(out))
    if op == "remove":
        if not in_force:
            return state
        if kind is ProvisionKind.SET:
            return (True, value - frozenset(c.items))
        return (True, tuple(x for x in value if x not in c.items))
    raise AssertionError(f"op {op!r} not known to the oracle")


def fold(changes: list[Change], kind: ProvisionKind) -> State:
    state = NOT_IN_FORCE
    for c in changes:
        state = apply(state, c, kind)
    return state


# -- what each change rests on ---------------------------------------------------------------------------------------
@dataclass
class _Dated:
    """One non-pending change of the provision and how its day is found in a world."""

    change: Change
    root: tuple[Any, ...]  # the root variable's key
    offset: tuple[tuple[int, int], ...]  # (months, days) steps from the root's day, applied in order
    same_day_key: tuple[Any, ...]
    canonical: int = 0
    #: for one stage of a staged change: the territories and purposes it has effect in (empty: all)
    extent: tuple[str, ...] = ()
    purposes: tuple[str, ...] = ()

    def covers(self, scope: tuple[str | None, str | None]) -> bool:
        territory, purpose = scope
        return ((not self.extent or territory in self.extent)
                and (not self.purposes or purpose in self.purposes))


def _event_root(tl: Timeline, ev: Event, act_id: str) -> tuple[tuple[Any, ...], tuple[tuple[int, int], ...],
                                                               pendulum.Date, pendulum.Date]:
    """The root key of an act event (following relative dates to their base), the steps from it, and the root's
    window."""
    steps: list[tuple[int, int]] = []
    act = tl.acts[act_id]
    seen = 0
    while ev.relative is not None:
        rel = ev.relative
        if not rel.same_as:
            steps.append((int(getattr(rel, "months", 0) or 0), int(rel.days)))
        bases = [e for e in act.events if e.kind == rel.ref]
        assert len(bases) == 1, f"relative date of {ev.id} refers to {rel.ref!r}, which is not unique"
        ev = bases[0]
        seen += 1
        assert seen < 100, "relative-date cycle"
    assert ev.date is not None
    index = act.events.index(ev)
    return ("event", act_id, index), tuple(reversed(steps)), ev.date.earliest, ev.date.latest


def _shift(day: int, steps: tuple[tuple[int, int], ...]) -> int:
    if not steps:
        return day
    d = pendulum.Date.fromordinal(day)
    for months, days in steps:
        if months:
            d = d.add(months=months)
        if days:
            d = d.add(days=days)
    return d.toordinal()


@dataclass
class _Provision:
    """The provision's dated changes, its roots and their windows."""

    kind: ProvisionKind
    dated: list[_Dated]
    windows: dict[tuple[Any, ...], range] = field(default_factory=dict)
    extent: tuple[str, ...] = ()


def _analyse(tl: Timeline, pid: str) -> _Provision:
    prov = tl.provisions[pid]
    dataset_index = {cid: i for i, cid in enumerate(tl.changes)}
    ending_seen: dict[str, int] = {}
    dated: list[_Dated] = []
    windows: dict[tuple[Any, ...], range] = {}
    for position, c in enumerate(tl.all_changes()):
        if c.provision != pid:
            continue
        if getattr(c, "lapsed", None) is not None:
            continue  # §4a: a lapsed change belongs to no world
        known = c.known if c.known is not None else c.effective
        stages = getattr(c, "stages", ())
        if stages:
            key = (1, known.earliest, known.latest, dataset_index[c.id]) if known is not None else (
                1, pendulum.Date.min, pendulum.Date.min, dataset_index[c.id])
            for j, stage in enumerate(stages):
                root = ("stage", c.id, j)
                windows[root] = range(stage.date.earliest.toordinal(), stage.date.latest.toordinal() + 1)
                dated.append(_Dated(c, root, (), key, extent=tuple(stage.extent), purposes=tuple(stage.purposes)))
            continue
        if c.effective is None:
            continue  # pending
        if not c.implicit and c.effective_given:
            root: tuple[Any, ...] = ("own", c.id)
            steps: tuple[tuple[int, int], ...] = ()
            lo, hi = c.effective.earliest, c.effective.latest
        else:
            if c.implicit and c.op is Op.INSERT:
                ev = tl.acts[prov.act].event("in_force")
                act_id = prov.act
            elif c.implicit:
                kind = c.id.rsplit("@", 1)[1]
                n = ending_seen.get(kind, 0)
                ending_seen[kind] = n + 1
                act_id = prov.act
                ev = [e for e in tl.acts[act_id].events if e.kind == kind and e.date is not None][n]
            else:
                act_id = c.act
                ev = tl.acts[act_id].event("in_force")
            assert ev is not None and ev.date is not None, c.id
            assert ev.date.earliest == c.effective.earliest and ev.date.latest == c.effective.latest, (
                f"{c.id}: effective {c.effective} is not the date of {ev.id} ({ev.date})")
            root, steps, lo, hi = _event_root(tl, ev, act_id)
        windows[root] = range(lo.toordinal(), hi.toordinal() + 1)
        assert known is not None
        if c.implicit and c.op is Op.INSERT:
            key: tuple[Any, ...] = (0,)
        elif c.implicit:
            key = (2, position)
        else:
            key = (1, known.earliest, known.latest, dataset_index[c.id])
        dated.append(_Dated(c, root, steps, key))
    canonical = sorted(dated, key=_canonical_key)
    for i, d in enumerate(canonical):
        d.canonical = i
    return _Provision(prov.kind, dated, windows, tuple(getattr(prov, "extent", ())))


def _canonical_key(d: _Dated) -> tuple[Any, ...]:
    eff = d.change.effective
    if eff is None:  # a staged change that never takes full effect: by its first stage
        first = min(st.date for st in d.change.stages)  # type: ignore[attr-defined]
        return (first.earliest, first.latest, d.same_day_key)
    return (eff.earliest, eff.latest, d.same_day_key)


OTHER = None  # the scope "anywhere else" / "any other purpose"


def _scopes(p: _Provision, where: str | None) -> list[tuple[str | None, str | None]]:
    if where is not None:
        territories: list[str | None] = [where]
    elif p.extent:
        territories = list(p.extent)
    else:
        named = sorted({t for d in p.dated for t in d.extent})
        territories = [*named, OTHER]
    purposes: list[str | None] = [*sorted({x for d in p.dated for x in d.purposes}), OTHER]
    return [(t, x) for t in territories for x in purposes]


def _visibility(c: Change, as_of: int | None) -> bool | None:
    """Visible (True), invisible (False) or undecided (None) under ``as_of`` (§6, three-valued as in §3)."""
    if as_of is None or c.known is None:
        return True
    if c.known.latest.toordinal() <= as_of:
        return True
    if c.known.earliest.toordinal() > as_of:
        return False
    return None


def world_count(tl: Timeline, pid: str, as_of: object = None) -> int:
    """How many worlds the oracle enumerates for ``pid`` (to keep generated datasets small)."""
    p = _analyse(tl, pid)
    asof = _ordinal(as_of) if as_of is not None else None
    n = 1
    for w in p.windows.values():
        n *= len(w)
    return n * 2 ** len({d.change.id for d in p.dated if _visibility(d.change, asof) is None})


def _worlds(p: _Provision, on: int, as_of: int | None,
            scopes: list[tuple[str | None, str | None]]) -> Iterator[list[tuple[int, ...]]]:
    """For each world, per scope, the changes it applies by ``on`` (as indices into ``p.dated``), in the order it
    applies them (a staged change once, at its first covering stage)."""
    roots = list(p.windows)
    vis_by_change: dict[str, bool | None] = {}
    for d in p.dated:
        vis_by_change[d.change.id] = _visibility(d.change, as_of)
    open_vis = [cid for cid, v in vis_by_change.items() if v is None]
    total = 1
    for r in roots:
        total *= len(p.windows[r])
    total *= 2 ** len(open_vis)
    if total > MAX_WORLDS:
        raise TooManyWorlds(f"{total} worlds")
    covering = [[i for i, d in enumerate(p.dated) if d.covers(scope)] for scope in scopes]
    for days in itertools.product(*(p.windows[r] for r in roots)):
        chosen = dict(zip(roots, days, strict=True))
        day_of = [_shift(chosen[d.root], d.offset) for d in p.dated]
        for flags in itertools.product((True, False), repeat=len(open_vis)):
            visible = dict(vis_by_change)
            visible.update(zip(open_vis, flags, strict=True))
            per_scope = []
            for indices in covering:
                first: dict[str, tuple[int, tuple[Any, ...], int]] = {}
                for i in indices:
                    d = p.dated[i]
                    if day_of[i] > on or not visible[d.change.id]:
                        continue
                    cid = d.change.id
                    if cid not in first or day_of[i] < first[cid][0]:
                        first[cid] = (day_of[i], d.same_day_key, i)
                per_scope.append(tuple(i for _, _, i in sorted(first.values())))
            yield per_scope


# -- value_of --------------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class OracleAnswer:
    """What the oracle says about one provision on one day (as known on ``as_of``)."""

    status: str
    in_force: bool | None
    value: Any
    #: the distinct states, in rank order (reading 3)
    candidates: tuple[State, ...]
    #: for a definite answer: the last change applied in the smallest-rank world (reading 4)
    change: Change | None
    #: changes applied in some worlds and not in others
    undecided: frozenset[str]
    worlds: int

    @property
    def states(self) -> frozenset[State]:
        return frozenset(self.candidates)

    @property
    def may_be_in_force(self) -> bool:
        return any(f for f, _ in self.candidates)


def oracle_value(tl: Timeline, pid: str, on: object, as_of: object = None, where: str | None = None
                 ) -> OracleAnswer:
    """Brute force over every world (and scope): the states of ``pid`` on ``on`` (as known on ``as_of``)."""
    p = _analyse(tl, pid)
    day = _ordinal(on)
    asof = _ordinal(as_of) if as_of is not None else None
    if where is not None and p.extent and where not in p.extent:
        return OracleAnswer("definite", False, None, (NOT_IN_FORCE,), None, frozenset(), 1)
    scopes = _scopes(p, where)
    runs = list(_worlds(p, day, asof, scopes))
    ids_per_world = [frozenset(p.dated[i].change.id for run in scoped for i in run) for scoped in runs]
    every = frozenset.intersection(*ids_per_world) if ids_per_world else frozenset()
    some = frozenset.union(*ids_per_world) if ids_per_world else frozenset()
    undecided = some - every
    outcomes: set[tuple[State, ...]] = set()
    best: dict[State, tuple[tuple[int, tuple[int, ...]], list[_Dated]]] = {}
    order: dict[State, int] = {}
    folded: dict[tuple[int, ...], State] = {}  # the same sequence folds to the same state: fold it once
    for scoped in set(map(tuple, runs)):
        outcome = []
        for run in scoped:
            if run not in folded:
                folded[run] = fold([p.dated[i].change for i in run], p.kind)
            state = folded[run]
            outcome.append(state)
            order.setdefault(state, len(order))
            changes = [p.dated[i] for i in run]
            rank = (sum(1 for d in changes if d.change.id in undecided), tuple(d.canonical for d in changes))
            if len(scopes) > 1:
                rank = (0, (order[state],))
            if state not in best or rank < best[state][0]:
                best[state] = (rank, changes)
        outcomes.add(tuple(outcome))
    candidates = tuple(sorted(best, key=lambda s: best[s][0]))
    forces = {f for f, _ in candidates}
    if len(candidates) == 1:
        status = "definite"
    elif len(outcomes) == 1:
        status = "partial"
    else:
        status = "unresolved"
    definite = status == "definite"
    last = best[candidates[0]][1][-1].change if definite and best[candidates[0]][1] else None
    return OracleAnswer(
        status=status,
        in_force=forces.pop() if len(forces) == 1 else None,
        value=candidates[0][1] if definite else None,
        candidates=candidates,
        change=last if len(scopes) == 1 else None,
        undecided=undecided,
        worlds=len(runs),
    )


# -- snapshot, pending, diff ---------------------------------------------------------------------------------------
def oracle_in_force(tl: Timeline, on: object, as_of: object = None, where: str | None = None) -> list[str]:
    """The provisions that are or may be in force on ``on`` (partly, for a partial answer), in dataset order."""
    return [pid for pid in tl.provisions if oracle_value(tl, pid, on, as_of, where).may_be_in_force]


def oracle_pending(tl: Timeline, on: object, as_of: object = None) -> list[str]:
    """Ids of the pending changes that existed by ``on`` (and, with ``as_of``, by then): reading 6."""
    day = _ordinal(on)
    limit = min(day, _ordinal(as_of)) if as_of is not None else day
    out = []
    for c in tl.all_changes():
        lapse = getattr(c, "lapsed", None)
        if lapse is not None:
            if lapse.date is None or lapse.date.latest.toordinal() <= day:
                continue  # reading 10: pending only until it has certainly lapsed
        elif c.effective is not None or getattr(c, "stages", ()):
            continue
        if c.known is not None and c.known.earliest.toordinal() > limit:
            continue
        out.append(c.id)
    return out


def oracle_diff(tl: Timeline, a: object, b: object, as_of: object = None, where: str | None = None) -> list[str]:
    """The provisions whose sets of states differ between ``a`` and ``b``, in dataset order."""
    return [pid for pid in tl.provisions
            if oracle_value(tl, pid, a, as_of, where).states != oracle_value(tl, pid, b, as_of, where).states]


def oracle_diff_changes(tl: Timeline, pid: str, a: object, b: object) -> set[str]:
    """Ids of the provision's changes whose effective window meets ``(a, b]`` (§12.9), for datasets without
    stages or lapses."""
    da, db = _ordinal(a), _ordinal(b)
    return {c.id for c in tl.all_changes() if c.provision == pid and c.effective is not None
            and c.effective.latest.toordinal() > da and c.effective.earliest.toordinal() <= db}


# -- history (only where no two windows of the provision overlap) ------------------------------------------------
def windows_overlap(tl: Timeline, pid: str) -> bool:
    """True when two dated changes of ``pid`` have windows that share a day (their order may then be open)."""
    spans = sorted((c.effective.earliest, c.effective.latest) for c in tl.all_changes()
                   if c.provision == pid and c.effective is not None and getattr(c, "lapsed", None) is None
                   and not getattr(c, "stages", ()))
    return any(b[0] <= a[1] for a, b in itertools.pairwise(spans))


def oracle_history(tl: Timeline, pid: str) -> list[tuple[Any, Any, Any, str, str, bool]]:
    """``(value, start, end, change, act, certain)`` of each version, for a provision none of whose windows
    overlap (so the canonical order is the only order): fold in that order; every change that leaves the
    provision in force starts a version (one change's doing each), which the next such change or a repeal ends;
    a change that leaves a provision not in force as it was makes none. ``certain``: start and end are exact
    days."""
    p = _analyse(tl, pid)
    order = sorted(p.dated, key=lambda d: d.canonical)
    versions: list[list[Any]] = []
    state = NOT_IN_FORCE
    for d in order:
        c = d.change
        new = apply(state, c, p.kind)
        if not state[0] and not new[0]:
            continue
        if versions and versions[-1][2] is None and state[0]:
            versions[-1][2] = c.effective
        if new[0]:
            versions.append([new[1], c.effective, None, c.id, c.act])
        state = new
    return [(v, s, e, cid, act, s.exact and (e is None or e.exact)) for v, s, e, cid, act in versions]
