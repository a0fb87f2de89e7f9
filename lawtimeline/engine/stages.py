"""Staged, partial and territorial commencement, extents and lapsed changes in the worlds (DESIGN §4a).

A change with ``stages`` comes into force in steps. Each stage applies the change in a *scope*: the territories of
its ``extent`` (all, when it has none) and the ``purposes`` it names (all, when it names none). The engine splits
a provision with staged changes into the scopes its stages tell apart — each territory of the provision's
``extent`` (or, for a provision without one, each territory a stage names and "elsewhere"), crossed with each
purpose a stage names and "other purposes" — and, within a scope, a staged change takes effect on the day of the
first stage that covers the scope (its date's window chosen in the world like any date). Scopes that every stage
treats alike are one. Each distinct scope is an ordinary :class:`~lawtimeline.engine.index.ProvisionIndex`, so
the worlds, ranks, segments and caveats of §6 apply in it unchanged; :class:`StagedIndex` joins them:

- every scope definite and in one state: definite (the scope that reached it last gives ``since`` and ``change``);
- every scope definite, in different states: ``"partial"``, the candidates the states of the scopes where more of
  the staged changes have taken effect first, ``limits`` the words for where or for what the first one holds;
- a scope not definite (a date, order or visibility is also unknown): ``"unresolved"``, every state of every scope.

``where=CODE`` keeps only the scopes of that territory (:func:`territory_plan`); a provision whose ``extent`` does
not contain CODE is not in force there, with the caveat "does not extend to …".

A lapsed change is in no scope (never applied) and pending only before its lapse date (:func:`lapsed_pending`).
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

import attrs
import pendulum

from lawtimeline.dates import PartialDate
from lawtimeline.engine.fold import apply, hashable
from lawtimeline.engine.index import ProvisionIndex
from lawtimeline.errors import LawTimelineError
from lawtimeline.model import Change, Op, Provision, Stage
from lawtimeline.results import History, Outcome, Version

if TYPE_CHECKING:
    from lawtimeline.engine import Engine

__all__ = ["StagedIndex", "lapsed_pending", "limit_words", "territory_plan", "territory_words"]

_new = tuple.__new__
_bisect_right = bisect.bisect_right

#: Territory codes in words; any other code is shown as it is written.
TERRITORIES = {"E": "England", "W": "Wales", "S": "Scotland", "NI": "Northern Ireland"}

Scope = tuple[str | None, str | None]  # (territory or None for "elsewhere", purpose or None for "other purposes")


def _join(words: Sequence[str]) -> str:
    if len(words) <= 1:
        return "".join(words)
    return f"{', '.join(words[:-1])} and {words[-1]}"


def territory_words(codes: Iterable[str]) -> str:
    """``["E", "W"]`` → ``"England and Wales"``."""
    return _join([TERRITORIES.get(c, c) for c in dict.fromkeys(codes)])


def _purpose(p: str) -> str:
    return p if p.lower().startswith("for ") else f"for {p}"


def limit_words(scopes: Iterable[Scope], territories: Sequence[str | None], purposes: Sequence[str | None]
                ) -> tuple[str, ...]:
    """Where or for what a state holds, when it holds in ``scopes`` of the ``territories`` × ``purposes`` asked:
    ``("in England and Wales only",)``, ``("for the purposes of making regulations only",)``."""
    held = set(scopes)
    by_territory: dict[str | None, tuple[str | None, ...]] = {}
    for t in territories:
        by_territory[t] = tuple(p for p in purposes if (t, p) in held)
    groups: dict[tuple[str | None, ...], list[str | None]] = {}
    for t, ps in by_territory.items():
        if ps:
            groups.setdefault(ps, []).append(t)
    out: list[str] = []
    for ps, ts in groups.items():
        parts = []
        if len(ts) < len(territories):
            named = [t for t in ts if t is not None]
            if None in ts:
                others = [t for t in territories if t not in ts and t is not None]
                parts.append(f"everywhere except in {territory_words(others)}" if others else "everywhere")
            else:
                parts.append(f"in {territory_words(named)} only")
        if len(ps) < len(purposes):
            named_p = [_purpose(p) for p in ps if p is not None]
            if None in ps:
                others_p = [p for p in purposes if p not in ps and p is not None]
                parts.append("for every purpose except " + _join([_purpose(p).removeprefix("for ") for p in others_p]))
            else:
                parts.append(f"{_join(named_p)} only")
        if parts:
            out.append(", ".join(parts))
    return tuple(out)


def _covers(s: Stage, scope: Scope) -> bool:
    t, p = scope
    if s.extent and (t is None or t not in s.extent):
        return False
    return not (s.purposes and (p is None or p not in s.purposes))


def _first(dates: list[PartialDate]) -> PartialDate | None:
    """The earliest of several stage dates covering one scope: the day the first of them comes."""
    if not dates:
        return None
    if len(dates) == 1:
        return dates[0]
    lo = min(d.earliest for d in dates)
    hi = min(d.latest for d in dates)
    live = [d for d in dates if d.earliest <= hi]  # a stage certainly after another one never comes first
    if len(live) == 1:
        return live[0]
    return PartialDate.between(lo, hi)


def lapse_until(c: Change) -> int:
    """The first day (ordinal) on which a lapsed change is no longer pending (its lapse date; 0 when it has none:
    never pending)."""
    lapse = c.lapsed
    if lapse is None or lapse.date is None:
        return 0
    return lapse.date.earliest.toordinal()


def lapsed_pending(plan: Any, d: int, a: int | None) -> list[Change]:
    """The lapsed changes of ``plan`` that are pending on day ``d`` (as known on ``a``): they existed by then
    (``known`` not certainly after it) and their lapse date has not come."""
    out = []
    for c in plan.lapsed:
        if d >= lapse_until(c):
            continue
        k = c.known.earliest.toordinal() if c.known is not None else 0
        if k <= d and (a is None or k <= a):
            out.append(c)
    return out


def _row(eng: Engine, idx: int, c: Change) -> tuple[Any, ...]:
    """A change's sortable row, as the engine builds them (see ``ProvisionIndex``)."""
    e = c.effective
    assert e is not None
    lo, hi = eng.ordinals(e)
    group = 1 if not c.implicit else (0 if c.op is Op.INSERT else 2)
    kn = c.known
    if kn is None:
        return (lo, hi, group, lo, hi, idx, c, 0, 0)
    klo, khi = eng.ordinals(kn)
    return (lo, hi, group, klo, khi, idx, c, klo, khi)


class _Scoped:
    """One distinct scope of a staged provision: which scopes it stands for, its index, and per staged change the
    date it takes effect there (None: not in this scope)."""

    __slots__ = ("dates", "plan", "scopes")

    def __init__(self, scopes: list[Scope], plan: ProvisionIndex, dates: tuple[PartialDate | None, ...]) -> None:
        self.scopes = scopes
        self.plan = plan
        self.dates = dates


class StagedIndex:
    """The index of a provision with staged or lapsed changes (or asked about one territory): the scopes its
    stages tell apart, each an ordinary index, joined segment by segment (module docstring)."""

    __slots__ = (
        "_groups",
        "bounds",
        "cache",
        "changes",
        "eff",
        "eng",
        "kbounds",
        "khi",
        "klo",
        "known",
        "lapsed",
        "name",
        "order",
        "outcomes",
        "pending",
        "pending_known",
        "provision",
        "purposes",
        "rows",
        "scoped",
        "simple",
        "spans",
        "staged",
        "territories",
        "unit",
        "versions",
        "where",
        "words",
    )

    def __init__(self, eng: Engine, provision: Provision, rows: list[Any], pending: list[Change] | None,
                 lapsed: list[Change] | None, staged: list[tuple[int, Change]] | None, where: str | None = None
                 ) -> None:
        self.eng = eng
        self.provision = provision
        self.unit = provision.unit
        self.name = provision.name
        self.where = where
        self.pending: tuple[Change, ...] = tuple(pending) if pending else ()
        self.pending_known: tuple[int, ...] = tuple(
            eng.ordinals(c.known)[0] if c.known is not None else 0 for c in self.pending)
        self.lapsed: tuple[Change, ...] = tuple(lapsed) if lapsed else ()
        self.staged: tuple[tuple[int, Change], ...] = tuple(staged) if staged else ()
        self.cache: dict[Any, Outcome] | None = None
        self.versions: dict[Any, History] | None = None
        self.words: dict[Any, tuple[str, ...]] | None = None
        self._groups: tuple[Any, ...] | None = None
        self.simple = False
        # the scopes the stages tell apart
        stages = [s for _i, c in self.staged for s in c.stages]
        if where is not None:
            territories: list[str | None] = [where]
        elif provision.extent:
            territories = list(provision.extent)
        else:
            named = dict.fromkeys(t for s in stages for t in s.extent)
            territories = [*named, None] if named else [None]
        purposes: list[str | None] = [*dict.fromkeys(p for s in stages for p in s.purposes), None]
        self.territories, self.purposes = tuple(territories), tuple(purposes)
        by_dates: dict[tuple[Any, ...], list[Scope]] = {}
        for t in territories:
            for p in purposes:
                scope = (t, p)
                dates = tuple(_first([s.date for s in c.stages if _covers(s, scope)]) for _i, c in self.staged)
                key = tuple((d.earliest, d.latest, d.qualifier) if d is not None else None for d in dates)
                by_dates.setdefault(key, []).append(scope)
        scoped: list[_Scoped] = []
        base = self.rows = list(rows)
        for scopes in by_dates.values():
            dates = tuple(_first([s.date for s in c.stages if _covers(s, scopes[0])]) for _i, c in self.staged)
            extra = [_row(eng, i, attrs.evolve(c, effective=d, effective_given=True))
                     for (i, c), d in zip(self.staged, dates, strict=True) if d is not None]
            scope_rows = sorted(base + extra) if extra else list(base)
            plan = ProvisionIndex(eng, provision, scope_rows, pending, lapsed)
            scoped.append(_Scoped(scopes, plan, dates))
        self.scoped = tuple(scoped)
        # the provision's changes as people see them: dated ones in canonical order, a staged one at its first stage
        firsts = []
        for i, c in self.staged:
            first = min(c.stages, key=lambda s: (s.date.earliest, s.date.latest)).date
            firsts.append((*_row(eng, i, attrs.evolve(c, effective=first))[:6], c))
        every = sorted([(*r[:6], r[6]) for r in base] + firsts, key=lambda r: r[:6])
        self.changes: tuple[Change, ...] = tuple(r[6] for r in every)
        self.eff: tuple[tuple[int, int], ...] = tuple((r[0], r[1]) for r in every)
        self.order: tuple[int, ...] = tuple(r[5] for r in every)
        #: per change, the windows on which it may take effect (one per stage for a staged change), for diff
        self.spans: tuple[tuple[tuple[int, int], ...], ...] = tuple(
            tuple(eng.ordinals(st.date) for st in c.stages) if c.stages else ((lo, hi),)
            for c, (lo, hi) in zip(self.changes, self.eff, strict=True))
        known = []
        for c in self.changes:
            known.append(eng.ordinals(c.known) if c.known is not None else (0, 0))
        self.known: tuple[tuple[int, int], ...] = tuple(known)
        self.klo: tuple[int, ...] = tuple(k[0] for k in known)
        self.khi: tuple[int, ...] = tuple(k[1] for k in known)
        bounds: set[int] = set()
        kb: set[int] = set()
        for s in scoped:
            bounds.update(s.plan.bounds)
            kb.update(s.plan.kbounds)
        for c in self.lapsed:
            until = lapse_until(c)
            if until:
                bounds.add(until)
            if c.known is not None:
                k = eng.ordinals(c.known)[0]
                bounds.add(k)
                kb.add(k)
        self.bounds: list[int] = sorted(bounds)
        self.kbounds: list[int] = sorted(kb)
        self.outcomes: list[Outcome] = [self.outcome(self.start(k), None) for k in range(len(self.bounds) + 1)]

    # -- the interface of ProvisionIndex the engine and exporters use -------------------------------------------
    @property
    def kind(self) -> Any:
        return self.provision.kind

    @property
    def groups(self) -> tuple[Any, ...]:
        if self._groups is None:
            self._groups = tuple(g for s in self.scoped for g in s.plan.groups)
        return self._groups

    def start(self, k: int) -> int:
        b = self.bounds
        if k:
            return b[k - 1]
        return b[0] - 1 if b else 1

    def segments(self) -> list[tuple[int, int | None, Outcome]]:
        b = self.bounds
        starts = [1, *b]
        ends: list[int | None] = [*b, None]
        return list(zip(starts, ends, self.outcomes, strict=True))

    def caveats_at(self, d: int, a: int | None) -> tuple[str, ...]:
        key = (d, a)
        words = self.words
        if words is None:
            words = self.words = {}
        hit = words.get(key)
        if hit is None:
            hit = words[key] = self._caveats(d, a)
        return hit

    # -- outcomes -------------------------------------------------------------------------------------------------
    def _scope_outcome(self, s: _Scoped, d: int, a: int | None) -> Outcome:
        p = s.plan
        if a is None:
            return p.outcomes[_bisect_right(p.bounds, d)]
        return p.outcome(d, a)

    def _applied(self, s: _Scoped, d: int) -> int:
        """How many staged changes may have taken effect by day ``d`` in scope ``s`` (ranks the candidates)."""
        return sum(1 for x in s.dates if x is not None and x.earliest.toordinal() <= d)

    def outcome(self, d: int, a: int | None) -> Outcome:
        outs = [self._scope_outcome(s, d, a) for s in self.scoped]
        if len(outs) == 1 or all(o is outs[0] for o in outs):
            o = outs[0]
            return _new(Outcome, (o.status, o.in_force, o.value, o.cands, o.last, o.index, d, a, ()))
        ranked = sorted(range(len(outs)), key=lambda n: -self._applied(self.scoped[n], d))
        if all(o.status == "definite" for o in outs):
            keys = [(o.in_force, hashable(o.value)) for o in outs]
            if len(set(keys)) == 1:
                best = max(range(len(outs)), key=lambda n: _since_key(outs[n]))
                o = outs[best]
                return _new(Outcome, ("definite", o.in_force, o.value, None, o.last, o.index, d, a, ()))
            cands: dict[Any, tuple[bool, Any]] = {}
            for n in ranked:
                cands.setdefault(keys[n], (bool(outs[n].in_force), outs[n].value))
            first = next(iter(cands))
            held = [sc for n in range(len(outs)) if keys[n] == first for sc in self.scoped[n].scopes]
            limits = limit_words(held, self.territories, self.purposes)
            return self._joined("partial", tuple(cands.values()), d, a, limits)
        every: dict[Any, tuple[bool, Any]] = {}
        for n in ranked:
            for f, v in outs[n].candidates:
                every.setdefault((f, hashable(v)), (f, v))
        return self._joined("unresolved", tuple(every.values()), d, a, ())

    def _joined(self, status: str, cands: tuple[tuple[bool, Any], ...], d: int, a: int | None,
                limits: tuple[str, ...]) -> Outcome:
        forces = {f for f, _v in cands}
        in_force = forces.pop() if len(forces) == 1 else None
        return _new(Outcome, (status, in_force, None, cands, -1, self, d, a, limits))

    def _caveats(self, d: int, a: int | None) -> tuple[str, ...]:
        from lawtimeline.engine.caveats import describe

        eng = self.eng
        out: dict[str, None] = {}
        for s in self.scoped:
            out.update(dict.fromkeys(s.plan.caveats_at(d, a)))
        for n, (_i, c) in enumerate(self.staged):
            if a is not None and c.known is not None and c.known.earliest.toordinal() > a:
                continue
            reached = [s.scopes for s in self.scoped
                       if s.dates[n] is not None and s.dates[n].earliest.toordinal() <= d]  # type: ignore[union-attr]
            everywhere = sum(len(s.scopes) for s in self.scoped)
            held = [sc for scopes in reached for sc in scopes]
            if not held or len(held) == everywhere:
                continue
            steps = "; ".join(f"{self._stage_words(st)} from {st.date.label}"
                              for st in c.stages if st.date.earliest.toordinal() <= d)
            out[f"{describe(eng, c)} has taken effect only in part: {steps}"] = None
        return tuple(out)

    def _stage_words(self, st: Stage) -> str:
        scopes = _stage_scopes(st, self.territories, self.purposes)
        return ", ".join(limit_words(scopes, self.territories, self.purposes)) or "wholly"

    # -- history ----------------------------------------------------------------------------------------------------
    def history(self, a: int | None) -> list[Version]:
        """Versions in canonical order, half-open; a partial period is a version of the state where more of the
        staged changes have taken effect, with ``limits`` saying where or for what it holds."""
        kind = self.provision.kind
        folds: list[list[tuple[tuple[int, int], Any, Change, bool]]] = []
        days: dict[tuple[int, int], PartialDate] = {}
        for s in self.scoped:
            p = s.plan
            unordered: set[int] = set()
            for g in p.groups:
                if not g.ordered:
                    unordered.update(g.positions)
            f: bool = False
            v: Any = None
            steps = []
            for i, c in enumerate(p.changes):
                sure = i not in unordered
                if a is not None:
                    if p.klo[i] > a:
                        continue
                    sure = sure and p.khi[i] <= a
                f, v = apply(c, f, v, kind)
                eff = c.effective
                assert eff is not None
                key = (p.lo[i], p.hi[i])
                days.setdefault(key, eff)
                steps.append((key, (f, v), c, sure and eff.exact))
            folds.append(steps)
        versions: list[list[Any]] = []
        ptr = [0] * len(folds)
        state: list[Any] = [((False, None), None, True)] * len(folds)
        for key in sorted(days):
            sure = True
            for n, steps in enumerate(folds):
                while ptr[n] < len(steps) and steps[ptr[n]][0] <= key:
                    _k, st, made, ok = steps[ptr[n]]
                    state[n] = (st, made, ok)
                    ptr[n] += 1
                    sure = sure and ok
            vector = [(st[0], hashable(st[1])) for st, _c, _ok in state]
            eff = days[key]
            who: Change | None
            if len(set(vector)) == 1:
                f, v = state[0][0]
                last = max(range(len(state)), key=lambda n: _key_of(state[n][1]))
                who = state[last][1]
                limits: tuple[str, ...] = ()
            else:
                d = key[0]
                ranked = sorted(range(len(state)), key=lambda n: -self._applied(self.scoped[n], d))
                pick = next((n for n in ranked if state[n][0][0]), None)
                if pick is None:
                    f, v, who, limits = False, None, None, ()
                else:
                    (f, v), who, _ok = state[pick]
                    held = [sc for n in range(len(state)) if vector[n] == vector[pick] for sc in self.scoped[n].scopes]
                    limits = limit_words(held, self.territories, self.purposes)
            desc = (f, hashable(v), limits)
            if versions and versions[-1][2] is None and versions[-1][7] == desc:
                continue
            if versions and versions[-1][2] is None:
                versions[-1][2] = eff
                versions[-1][5] = versions[-1][5] and sure
            if f and who is not None:
                versions.append([v, eff, None, who.id, who.act, sure, limits, desc])
        return [_new(Version, tuple(row[:7])) for row in versions]


def _key_of(c: Change | None) -> tuple[Any, ...]:
    if c is None or c.effective is None:
        return (pendulum.Date.min, pendulum.Date.min)
    return (c.effective.latest, c.effective.earliest)


def _since_key(o: Outcome) -> tuple[Any, ...]:
    s = o.since
    if s is None:
        return (pendulum.Date.min, pendulum.Date.min)
    return (s.latest, s.earliest)


def _stage_scopes(st: Stage, territories: Sequence[str | None], purposes: Sequence[str | None]) -> list[Scope]:
    return [(t, p) for t in territories for p in purposes if _covers(st, (t, p))]


class _NotHere:
    """The index of a provision asked about a territory its ``extent`` does not contain: not in force there."""

    __slots__ = ("bounds", "cache", "changes", "eff", "eng", "kbounds", "khi", "klo", "known", "lapsed", "name",
                 "outcomes", "pending", "pending_known", "provision", "simple", "unit", "versions", "where", "words")

    def __init__(self, eng: Engine, base: Any, where: str) -> None:
        self.eng = eng
        self.provision = base.provision
        self.unit = base.unit
        self.name = base.name
        self.where = where
        self.pending = base.pending
        self.pending_known = base.pending_known
        self.lapsed = base.lapsed
        self.changes: tuple[Change, ...] = ()
        self.eff: tuple[tuple[int, int], ...] = ()
        self.known: tuple[tuple[int, int], ...] = ()
        self.klo: tuple[int, ...] = ()
        self.khi: tuple[int, ...] = ()
        self.simple = True
        self.bounds: list[int] = []
        self.kbounds: list[int] = []
        self.cache: dict[Any, Outcome] | None = None
        self.versions: dict[Any, History] | None = None
        self.words: dict[Any, tuple[str, ...]] | None = None
        self.outcomes = [self.outcome(1, None)]

    @property
    def groups(self) -> tuple[Any, ...]:
        return ()

    def start(self, k: int) -> int:
        return 1

    def segments(self) -> list[tuple[int, int | None, Outcome]]:
        return [(1, None, self.outcomes[0])]

    def outcome(self, d: int, a: int | None) -> Outcome:
        return _new(Outcome, ("definite", False, None, None, -1, self, d, a, ()))

    def caveats_at(self, d: int, a: int | None) -> tuple[str, ...]:
        from lawtimeline.engine.caveats import provision_words

        p = self.provision
        return (f"{provision_words(self.eng, p.id)} does not extend to {territory_words([self.where])}: it is part "
                "of the law of "
                f"{territory_words(p.extent)} only",)

    def history(self, a: int | None) -> list[Version]:
        return []


def territory_plan(eng: Engine, pid: str, where: str) -> Any:
    """The index that answers about provision ``pid`` in territory ``where`` (cached on the engine)."""
    if not isinstance(where, str) or not where.strip():
        raise LawTimelineError(f"where= takes a territory code such as 'E' (compared exactly with the provisions' "
                               f"extent), not {where!r}")
    cache: dict[tuple[str, str], Any] = eng.__dict__.setdefault("_where_plans", {})
    key = (pid, where)
    hit = cache.get(key)
    if hit is not None:
        return hit
    base = eng.plan(pid)
    p = base.provision
    if p.extent and where not in p.extent:
        hit = _NotHere(eng, base, where)
    elif isinstance(base, StagedIndex) and base.staged:
        hit = StagedIndex(eng, p, base.rows, list(base.pending), list(base.lapsed), list(base.staged), where)
    else:
        hit = base
    cache[key] = hit
    return hit
