"""The per-provision index: changes in canonical order, their groups, and the outcome of every segment.

For each provision the index keeps its dated changes in the *canonical order* (effective earliest, latest, then the
same-day order: an enactment's implicit insert, the dataset's changes by ``known``, dataset order, implicit
repeals), each change's window ``[earliest, latest]`` as ordinals (``eff``) and its ``known`` window, the groups of
overlapping windows (:mod:`lawtimeline.engine.worlds`), and ``bounds``: the sorted days on which the answer may
change — the first and last day of every window, the days just after the earliest days of a group whose order is
unknown (there the number of changes that fit before the query day grows), and the earliest ``known`` day of each
pending change (from then on it exists, and is a caveat). Between two bounds the set of states is the same on
every day, so each *segment* ``[bounds[k-1], bounds[k])`` has one outcome; ``outcomes[k]`` holds it, computed when
the index is built. A query without ``as_of`` is then a bisect and a list look-up; with ``as_of`` it is computed
on first use and cached per (segment, ``known`` segment).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from lawtimeline.engine.fold import apply, hashable
from lawtimeline.engine.worlds import Group, Record, states_at
from lawtimeline.model import Change, Op, Provision
from lawtimeline.results import History, LazyWords, Outcome

if TYPE_CHECKING:
    from lawtimeline.engine import Engine


class ProvisionIndex:
    """One provision's changes, groups, segment bounds and segment outcomes."""

    __slots__ = ("bounds", "by", "cache", "changes", "eff", "eng", "groups", "kbounds", "kind", "known",
                 "lapsed", "name", "outcomes", "pending", "pending_known", "plain", "provision", "root", "sd",
                 "simple", "unit", "versions")

    def __init__(self, eng: Engine, provision: Provision, changes: list[Change], eff: list[tuple[int, int]],
                 known: list[tuple[int, int]], pending: list[Change], lapsed: list[Change]) -> None:
        self.eng = eng
        self.provision = provision
        self.kind = provision.kind
        self.unit = provision.unit
        self.name = provision.name
        self.changes = tuple(changes)
        self.eff = tuple(eff)
        self.known = tuple(known)
        self.pending = tuple(pending)
        self.lapsed = tuple(lapsed)
        self.pending_known = tuple(eng.ordinals(c.known)[0] if c.known is not None else 0 for c in pending)
        self.cache: dict[Any, Outcome] = {}
        self.versions: dict[Any, History] = {}
        acts = eng.act_names
        self.by = tuple(acts.get(c.act, c.act) for c in changes)
        # groups of overlapping windows, in canonical order
        groups: list[Group] = []
        n = len(changes)
        root: list[int] = list(range(n))
        i = 0
        simple = True
        while i < n:
            lo, hi = eff[i]
            j = i + 1
            while j < n and eff[j][0] <= hi:
                if eff[j][1] > hi:
                    hi = eff[j][1]
                j += 1
            roots = 1
            if j - i > 1:
                keys: dict[Any, int] = {}
                for k in range(i, j):
                    root[k] = keys.setdefault(eng.root_key(changes[k]), i + len(keys))
                roots = len(keys)
                if roots > 1:
                    simple = False
            groups.append(Group(tuple(range(i, j)), lo, hi, roots))
            i = j
        self.groups = tuple(groups)
        self.root = tuple(root)
        self.simple = simple
        self.sd: tuple[int, ...] = ()
        if not simple:
            order = sorted(range(n), key=lambda k: (_same_day_group(changes[k]), known_or_eff(known[k], eff[k]),
                                                   k))
            sd = [0] * n
            for rank, k in enumerate(order):
                sd[k] = rank
            self.sd = tuple(sd)
        bounds = {b for pair in eff for b in pair}
        for g in groups:
            for m in range(1, g.roots):
                for k in g.positions:
                    if eff[k][0] + m <= g.hi:
                        bounds.add(eff[k][0] + m)
        bounds.update(k for k in self.pending_known if k > 0)
        if eng.horizon is not None:
            bounds.add(eng.horizon)
        self.bounds = sorted(bounds)
        self.kbounds = sorted({b for pair in known for b in pair} | set(self.pending_known))
        self.plain = (not pending and simple and all(eng.plain(c) for c in changes))
        self.outcomes = self._sweep() if simple else [self.outcome(self.start(k), None)
                                                      for k in range(len(self.bounds) + 1)]

    # -- segments -------------------------------------------------------------------------------------------------
    def start(self, k: int) -> int:
        """The first day (ordinal) of segment ``k`` (for the first segment: the day before the first bound)."""
        b = self.bounds
        if k:
            return b[k - 1]
        return b[0] - 1 if b else 1

    def outcome(self, d: int, a: int | None) -> Outcome:
        """The outcome on day ``d`` as known on ``a``, worked out over every world (DESIGN §6)."""
        records, big = states_at(self, d, a)
        return self.make(records, bool(big), d, a)

    def make(self, records: list[Record], big: bool, d: int, a: int | None) -> Outcome:
        words: tuple[str, ...] | LazyWords
        if self.plain and a is None:
            words = ()
        else:
            from lawtimeline.engine.caveats import caveat_words

            words = LazyWords(caveat_words, self, d, a)
        if len(records) == 1 and not big:
            _r, f, v, last = records[0]
            if last < 0:
                return Outcome("definite", f, v, ((f, v),), None, None, words, self.unit, None, self.name)
            c = self.changes[last]
            return Outcome("definite", f, v, ((f, v),), c.effective, c.id, words, self.unit, self.by[last],
                           self.name)
        candidates = tuple((f, v) for _r, f, v, _l in records)
        forces = {f for f, _v in candidates}
        in_force = forces.pop() if len(forces) == 1 else None
        return Outcome("unresolved", in_force, None, candidates, None, None, words, self.unit, None, self.name)

    def _sweep(self) -> list[Outcome]:
        """Outcomes of every segment of a provision whose groups each rest on one date (the common case): the
        groups before the day fold straight through; at most one group straddles the day."""
        changes, kind, groups, bounds = self.changes, self.kind, self.groups, self.bounds
        plain = self.plain
        unit, name, by = self.unit, self.name, self.by
        out: list[Outcome] = []
        f: bool = False
        v: Any = None
        last = -1
        gi = 0
        ng = len(groups)
        prev: Outcome | None = None
        for k in range(len(bounds) + 1):
            s = bounds[k - 1] if k else (bounds[0] - 1 if bounds else 1)
            moved = False
            while gi < ng and groups[gi].hi <= s:
                for i in groups[gi].positions:
                    f, v = apply(changes[i], f, v, kind)
                    last = i
                gi += 1
                moved = True
            active = groups[gi] if gi < ng and groups[gi].lo <= s else None
            if active is None:
                if plain and prev is not None and not moved and prev.status == "definite":
                    out.append(prev)
                    continue
                if plain:
                    words: tuple[str, ...] | LazyWords = ()
                else:
                    from lawtimeline.engine.caveats import caveat_words

                    words = LazyWords(caveat_words, self, s, None)
                if last < 0:
                    prev = Outcome("definite", f, v, ((f, v),), None, None, words, unit, None, name)
                else:
                    c = changes[last]
                    prev = Outcome("definite", f, v, ((f, v),), c.effective, c.id, words, unit, by[last], name)
                out.append(prev)
                continue
            f2, v2 = f, v
            n_applied = 0
            for i in active.positions:
                if changes[i].effective is not None:
                    f2, v2 = apply(changes[i], f2, v2, kind)
                    n_applied += 1
            base: Record = ((0, ()), f, v, last)
            if (f2, hashable(v2)) == (f, hashable(v)):
                records = [base]
            else:
                records = [base, ((n_applied, active.positions), f2, v2, active.positions[-1])]
            prev = self.make(records, False, s, None)
            out.append(prev)
        return out

    def segments(self) -> list[tuple[int, int | None, Outcome]]:
        """``(start, end, outcome)`` per segment (ordinals, ``end`` exclusive; the first starts at 1, the last
        ends with None)."""
        b = self.bounds
        starts = [1, *b]
        ends: list[int | None] = [*b, None]
        return list(zip(starts, ends, self.outcomes, strict=True))


def _same_day_group(c: Change) -> int:
    if c.implicit:
        return 0 if c.op is Op.INSERT else 2
    return 1


def known_or_eff(known: tuple[int, int], eff: tuple[int, int]) -> tuple[int, int]:
    return known if known != (0, 0) else eff
