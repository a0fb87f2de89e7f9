"""The per-provision index: changes in canonical order, their groups, and the outcome of every segment.

For each provision the index keeps its dated changes in the *canonical order* (effective earliest, latest, then the
same-day order: an enactment's implicit insert, the dataset's changes by ``known``, dataset order, implicit
repeals), each change's window ``[earliest, latest]`` as ordinals (``lo``/``hi``, and ``eff`` as pairs) and its
``known`` window, the groups of overlapping windows (:mod:`lawtimeline.engine.worlds`), and ``bounds``: the sorted
days on which the answer may change — the first and last day of every window, the days just after the earliest
days of a group whose order is unknown (there the number of changes that fit before the query day grows), the
earliest ``known`` day of each pending change (from then on it exists, and is a caveat) and the day after a data
horizon. Between two bounds the set of states is the same on every day, so each *segment*
``[bounds[k-1], bounds[k])`` has one outcome; ``outcomes[k]`` holds it, computed when the index is built. A query
without ``as_of`` is then a bisect and a list look-up; with ``as_of`` it is computed on first use and cached per
(segment, ``known`` segment).

Provisions whose overlapping changes all rest on one date (nearly all) are swept in one pass: the groups before a
segment fold straight into one state, and at most one group straddles it. The others go through the worlds.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from lawtimeline.engine.fold import apply, hashable
from lawtimeline.engine.worlds import Group, Record, states_at, sweep
from lawtimeline.model import Change, Op, Provision
from lawtimeline.results import History, Outcome

if TYPE_CHECKING:
    from lawtimeline.engine import Engine

_new = tuple.__new__

# a row per dated change, as the engine sorts them: (lo, hi, same-day group, known lo or lo, known hi or hi,
# dataset index, change, known lo or 0, known hi or 0)
Row = tuple[int, int, int, int, int, int, Change, int, int]


class ProvisionIndex:
    """One provision's changes, groups, segment bounds and segment outcomes."""

    __slots__ = (
        "_eff",
        "_groups",
        "_kbounds",
        "_known",
        "_root",
        "_sd",
        "bounds",
        "cache",
        "changes",
        "coupled",
        "eng",
        "hi",
        "khi",
        "klo",
        "lapsed",
        "lo",
        "name",
        "order",
        "outcomes",
        "pending",
        "pending_known",
        "provision",
        "simple",
        "unit",
        "versions",
        "words",
    )

    def __init__(self, eng: Engine, provision: Provision, rows: list[Row], pending: list[Change] | None,
                 lapsed: list[Change] | None) -> None:
        self.eng = eng
        self.provision = provision
        self.unit = provision.unit
        self.name = provision.name
        cols = list(zip(*rows, strict=False)) if rows else [()] * 9
        self.changes: tuple[Change, ...] = cols[6]
        lo: tuple[int, ...] = cols[0]
        hi: tuple[int, ...] = cols[1]
        self.lo, self.hi = lo, hi
        self.klo: tuple[int, ...] = cols[7]
        self.khi: tuple[int, ...] = cols[8]
        self.order: tuple[int, ...] = cols[5]  # dataset order (the same-day order's last key)
        self.pending: tuple[Change, ...] = tuple(pending) if pending else ()
        self.lapsed: tuple[Change, ...] = tuple(lapsed) if lapsed else ()
        self.pending_known: tuple[int, ...] = (
            tuple(eng.ordinals(c.known)[0] if c.known is not None else 0 for c in pending) if pending else ())
        self.cache: dict[Any, Outcome] | None = None  # as-of outcomes, made when first asked
        self.versions: dict[Any, History] | None = None
        self.words: dict[Any, tuple[str, ...]] | None = None
        self._eff: tuple[tuple[int, int], ...] | None = None
        self._known: tuple[tuple[int, int], ...] | None = None
        self._groups: tuple[Group, ...] | None = None
        self._sd: tuple[int, ...] | None = None
        self._kbounds: list[int] | None = None
        # which changes share a date (only asked where windows overlap)
        n = len(rows)
        root: tuple[int, ...] | None = None
        simple = True
        coupled: dict[int, tuple[Any, int]] | None = None
        span: list[tuple[int, int]] = []
        disjoint = all(h < nxt for h, nxt in zip(hi, lo[1:], strict=False))  # each ends before the next begins
        if disjoint and lo == hi and not pending and eng.horizon is None:
            # the common case: every change on one exact day, each on a day of its own
            self._root = None
            self.coupled = None
            self.simple = True
            self.bounds: list[int] = list(lo)
            self.outcomes: list[Outcome] = self._exact()
            return
        if not disjoint:
            i = 0
            while i < n:
                top = hi[i]
                j = i + 1
                while j < n and lo[j] <= top:
                    if hi[j] > top:
                        top = hi[j]
                    j += 1
                if j - i > 1:
                    if root is None:
                        root = tuple(range(n))
                    keys: dict[Any, int] = {}
                    r = list(root)
                    for k in range(i, j):
                        r[k] = keys.setdefault(eng.root_key(rows[k][6]), i + len(keys))
                    root = tuple(r)
                    if len(keys) > 1:
                        simple = False
                        bases: dict[Any, int] = {}
                        for base, _offset in keys:
                            bases[base] = bases.get(base, 0) + 1
                        if any(count > 1 for count in bases.values()):  # dates that move together: keep their offsets
                            if coupled is None:
                                coupled = {}
                            for k in range(i, j):
                                base, offset = eng.root_key(rows[k][6])
                                if bases[base] > 1:
                                    coupled[k] = (base, offset)
                            span.append((lo[i], top))
                i = j
        self._root = root
        self.coupled = coupled  # position -> (base, offset) for changes whose dates move together with others
        self.simple = simple
        bounds = set(lo)
        bounds.update(hi)
        if not simple:
            for g in self.groups:
                for m in range(1, g.roots):
                    for k in g.positions:
                        if lo[k] + m <= g.hi:
                            bounds.add(lo[k] + m)
        for first, top in span:  # where dates move together, the answer may change on any day: every day a segment
            if top - first <= 1000:
                bounds.update(range(first, top + 2))
        if pending:
            bounds.update(k for k in self.pending_known if k > 0)
        if eng.horizon is not None:
            bounds.add(eng.horizon)
        self.bounds = sorted(bounds)
        self.outcomes = (self._sweep() if simple else
                         [self.make(records, big, d, None) for records, big, d in sweep(self)])


    # -- derived, when asked ----------------------------------------------------------------------------------------
    @property
    def root(self) -> tuple[int, ...]:
        """Per change, the position of the first change that rests on the same date (its own when none)."""
        if self._root is None:
            self._root = tuple(range(len(self.lo)))
        return self._root

    @property
    def kind(self) -> Any:
        return self.provision.kind

    @property
    def eff(self) -> tuple[tuple[int, int], ...]:
        """Each change's effective window as ordinals ``(earliest, latest)``."""
        if self._eff is None:
            self._eff = tuple(zip(self.lo, self.hi, strict=True))
        return self._eff

    @property
    def known(self) -> tuple[tuple[int, int], ...]:
        """Each change's ``known`` window as ordinals, ``(0, 0)`` when it has none (always visible)."""
        if self._known is None:
            self._known = tuple(zip(self.klo, self.khi, strict=True))
        return self._known

    @property
    def kbounds(self) -> list[int]:
        if self._kbounds is None:
            self._kbounds = sorted({*self.klo, *self.khi, *self.pending_known})
        return self._kbounds

    @property
    def groups(self) -> tuple[Group, ...]:
        """The groups of overlapping windows, in canonical order."""
        if self._groups is None:
            lo, hi, root = self.lo, self.hi, self.root
            out = []
            i, n = 0, len(lo)
            while i < n:
                top = hi[i]
                j = i + 1
                while j < n and lo[j] <= top:
                    top = max(top, hi[j])
                    j += 1
                out.append(Group(tuple(range(i, j)), lo[i], top, len({root[k] for k in range(i, j)})))
                i = j
            self._groups = tuple(out)
        return self._groups

    @property
    def sd(self) -> tuple[int, ...]:
        """Each change's rank in the same-day order (implicit insert, dataset changes by ``known``, dataset order,
        implicit repeals)."""
        if self._sd is None:
            changes = self.changes
            known = self.known
            eff = self.eff
            dataset = self.order
            order = sorted(range(len(changes)), key=lambda k: (
                (0 if changes[k].op.value == "insert" else 2) if changes[k].implicit else 1,
                known[k] if known[k] != (0, 0) else eff[k], dataset[k]))
            sd = [0] * len(changes)
            for rank, k in enumerate(order):
                sd[k] = rank
            self._sd = tuple(sd)
        return self._sd

    def caveats_at(self, d: int, a: int | None) -> tuple[str, ...]:
        """The caveat words of the outcome on day ``d`` as known on ``a`` (worked out once, when first read)."""
        key = (d, a)
        words = self.words
        if words is None:
            words = self.words = {}
        hit = words.get(key)
        if hit is None:
            from lawtimeline.engine.caveats import caveat_words

            hit = words[key] = caveat_words(self, d, a)
        return hit

    # -- segments -------------------------------------------------------------------------------------------------
    def start(self, k: int) -> int:
        """The first day (ordinal) of segment ``k`` (for the first segment: the day before the first bound)."""
        b = self.bounds
        if k:
            return b[k - 1]
        return b[0] - 1 if b else 1

    def _as_of(self, d: int, a: int) -> Outcome | None:
        """The outcome on day ``d`` as known on ``a`` by straight folds, when no change's visibility is undecided
        and the provision's overlapping changes rest on one date (else None: the worlds decide)."""
        klo, khi = self.klo, self.khi
        if not self.simple or any(lo_ <= a < hi_ for lo_, hi_ in zip(klo, khi, strict=True)):
            return None
        if all(hi_ <= a for hi_ in khi):  # every change was known by then: the answer of the day itself
            import bisect

            k = bisect.bisect_right(self.bounds, d)
            return self.outcomes[k]._replace(day=self.start(k), as_of=a)
        changes, kind, lo, hi = self.changes, self.provision.kind, self.lo, self.hi
        f: bool = False
        v: Any = None
        last = -1
        i, n = 0, len(changes)
        while i < n and hi[i] <= d:
            if klo[i] <= a:
                f, v = apply(changes[i], f, v, kind)
                last = i
            i += 1
        records: list[Record] = [((0, ()), f, v, last)]
        f2, v2, seq = f, v, []
        while i < n and lo[i] <= d:  # the group that straddles d: its changes rest on one date
            if klo[i] <= a:
                f2, v2 = apply(changes[i], f2, v2, kind)
                seq.append(i)
            i += 1
        if seq and (f2 != f or hashable(v2) != hashable(v)):
            records.append(((len(seq), tuple(seq)), f2, v2, seq[-1]))
        return self.make(records, False, d, a)

    def outcome(self, d: int, a: int | None) -> Outcome:
        """The outcome on day ``d`` as known on ``a``, worked out over every world (DESIGN §6)."""
        if a is not None:
            quick = self._as_of(d, a)
            if quick is not None:
                return quick
        records, big = states_at(self, d, a)
        return self.make(records, bool(big), d, a)

    def make(self, records: list[Record], big: bool, d: int, a: int | None) -> Outcome:
        if len(records) == 1 and not big:
            _r, f, v, last = records[0]
            return _new(Outcome, ("definite", f, v, None, last, self, d, a, ()))
        candidates = tuple((f, v) for _r, f, v, _l in records)
        forces = {f for f, _v in candidates}
        in_force = forces.pop() if len(forces) == 1 else None
        return _new(Outcome, ("unresolved", in_force, None, candidates, -1, self, d, a, ()))

    def _exact(self) -> list[Outcome]:
        """Outcomes when every change takes effect on one exact day, each on its own day: segment k + 1 starts on
        the day of change k and holds the state after it."""
        kind = self.provision.kind
        insert, set_, repeal = Op.INSERT, Op.SET, Op.REPEAL
        lo = self.lo
        out = [_new(Outcome, ("definite", False, None, None, -1, self, lo[0] - 1 if lo else 1, None, ()))]
        append = out.append
        f: bool = False
        v: Any = None
        for k, c in enumerate(self.changes):
            op = c.op
            if op is insert or op is set_:
                f, v = True, c.value
            elif op is repeal:
                f, v = False, None
            else:
                f, v = apply(c, f, v, kind)
            append(_new(Outcome, ("definite", f, v, None, k, self, lo[k], None, ())))
        return out

    def _sweep(self) -> list[Outcome]:
        """Outcomes of every segment of a provision whose overlapping changes each rest on one date (the common
        case): the groups before the day fold straight through; at most one group straddles the day."""
        changes, kind, bounds = self.changes, self.provision.kind, self.bounds
        lo, hi = self.lo, self.hi
        insert, set_ = Op.INSERT, Op.SET
        out: list[Outcome] = []
        append = out.append
        f: bool = False
        v: Any = None
        last = -1
        i = 0  # the first change not folded into the base state
        n = len(changes)
        for k in range(len(bounds) + 1):
            s = bounds[k - 1] if k else (bounds[0] - 1 if bounds else 1)
            while i < n and hi[i] <= s:  # a group whose window has passed: fold it (it rests on one date)
                c = changes[i]
                op = c.op
                if op is insert or op is set_:
                    f, v = True, c.value
                else:
                    f, v = apply(c, f, v, kind)
                last = i
                i += 1
            if i < n and lo[i] <= s:  # a group straddles s
                j = i
                top = hi[i]
                f2, v2 = f, v
                while j < n and lo[j] <= top:
                    f2, v2 = apply(changes[j], f2, v2, kind)
                    top = max(top, hi[j])
                    j += 1
                base: Record = ((0, ()), f, v, last)
                if f2 == f and hashable(v2) == hashable(v):
                    records = [base]
                else:
                    records = [base, ((j - i, tuple(range(i, j))), f2, v2, j - 1)]
                append(self.make(records, False, s, None))
                continue
            append(_new(Outcome, ("definite", f, v, None, last, self, s, None, ())))
        return out

    def segments(self) -> list[tuple[int, int | None, Outcome]]:
        """``(start, end, outcome)`` per segment (ordinals, ``end`` exclusive; the first starts at 1, the last
        ends with None)."""
        b = self.bounds
        starts = [1, *b]
        ends: list[int | None] = [*b, None]
        return list(zip(starts, ends, self.outcomes, strict=True))
