"""Worlds (DESIGN §6): every way the dates allow a provision's changes to have taken effect by a day.

A world chooses one day inside the window of every date that changes rest on, and, for a change whose ``known``
date straddles ``as_of``, whether it is visible. Only changes whose windows overlap can be reordered, so a
provision's changes fall into *groups* (windows overlapping, transitively) and the enumeration works group by
group: the groups follow one another in time, and within a group the possible *options* — the sequence of changes
applied by the day, in the order they took effect — are enumerated exactly.

Within a group the changes that rest on one date (one life-cycle event: an enactment's implicit insert and a
``set`` of the same act at its ``in_force``) share a *root*: they take effect on one day, in the same-day order. An
option is built as a sequence of days ("slots"): each slot holds one or more roots, on the earliest day their
windows and the previous slot allow (that greedy choice is exact for windows), and applies their visible changes in
the same-day order. So ties (two roots on one day, the same-day order deciding) and windows that only touch on one
day come out as the dates say.

A world's rank is (how many undecided changes it applies, the canonical positions of its applied changes in the
order applied); a state keeps the smallest rank of the worlds that reach it, and candidates are sorted by it.

Dates counted from one event (``{after: in_force, days: 10}``) move together: where such dates of one base fall in
a group, the enumeration tries each day of the base and fixes their days from it (:func:`_coupled`). Limits
(documented in ``docs/explanation/queries.md``): an event dated some months after another is a date of its own; a
group with more than ``MAX_ORDER_GROUP`` roots, or whose options would exceed ``OPTION_BUDGET``, is not
enumerated (:func:`big_states`): a change certainly in effect by the day is applied in every world, one certainly
not yet in none, and the undecided ones in every subset, in canonical order — or, when those subsets would give
more than ``SUBSET_BUDGET`` states (per state before the group), only none of them, each first few in canonical
order, and all of them. The
answer is then unresolved with a caveat, unless the group's changes commute (additions, or removals, of a set that
no other change of the group takes away or puts back): then their order cannot matter and the states are exact.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import product
from typing import TYPE_CHECKING, Any

from lawtimeline.engine.fold import apply, hashable
from lawtimeline.model import Op, ProvisionKind

if TYPE_CHECKING:
    from lawtimeline.engine.index import ProvisionIndex

#: Groups of more mutually overlapping changes than this (changes that rest on one date count once) are not
#: enumerated (DESIGN §6).
MAX_ORDER_GROUP = 16
#: The most options one group may have before it is treated as too large to enumerate.
OPTION_BUDGET = 20_000
#: The most states the subsets of a group too large to enumerate may give before only its prefixes are listed.
SUBSET_BUDGET = 1024

#: How a group too large to enumerate was answered: "exact" (its changes commute, so the subsets are the states),
#: "subsets" (every subset of its undecided changes in canonical order) or "bounded" (only none, each prefix in
#: canonical order, and all of them).
Mode = str

Option = tuple[int, tuple[int, ...]]  # (undecided changes applied, positions applied in order)
Member = tuple[int, bool, bool]  # (position, time undecided, visibility undecided)
NOTHING: list[Option] = [(0, ())]


class Group:
    """Changes of one provision whose windows overlap, transitively: ``positions`` in canonical order."""

    __slots__ = ("hi", "lo", "positions", "roots")

    def __init__(self, positions: tuple[int, ...], lo: int, hi: int, roots: int) -> None:
        self.positions = positions
        self.lo = lo  # earliest day any of them may take effect
        self.hi = hi  # latest
        self.roots = roots  # how many distinct dates they rest on

    @property
    def ordered(self) -> bool:
        """True when the group's order is fixed (one change, or all resting on one date)."""
        return self.roots == 1

    def __repr__(self) -> str:
        return f"Group({self.positions}, {self.lo}, {self.hi}, roots={self.roots})"


class TooMany(Exception):
    """A group with more options than the budget."""


def members(plan: ProvisionIndex, g: Group, d: int, a: int | None) -> list[Member]:
    """The changes of ``g`` that may have been applied by day ``d`` (as known on ``a``), with what is undecided."""
    eff, known = plan.eff, plan.known
    out = []
    for i in g.positions:
        lo, hi = eff[i]
        if lo > d:
            continue
        vu = False
        if a is not None:
            klo, khi = known[i]
            if klo > a:
                continue
            vu = khi > a
        out.append((i, hi > d, vu))
    return out


def group_options(plan: ProvisionIndex, g: Group, d: int, a: int | None) -> list[Option] | None:
    """Every distinct option of group ``g`` on day ``d``; None when the group is too large to enumerate."""
    ms = members(plan, g, d, a)
    if not ms:
        return NOTHING
    if len(ms) == 1:
        i, tu, vu = ms[0]
        return [(0, ()), (1, (i,))] if tu or vu else [(0, (i,))]
    roots: dict[int, list[Member]] = {}
    for m in ms:
        roots.setdefault(plan.root[m[0]], []).append(m)
    if len(roots) == 1:
        return _one_root(ms)
    if len(roots) > MAX_ORDER_GROUP:
        return None
    rs = list(roots.values())
    try:
        if plan.coupled:
            fixed = _coupled(plan, rs)
            if fixed:
                out: set[Option] = set()
                for days in fixed:
                    out.update(_slots(plan, rs, d, days))
                    if len(out) > OPTION_BUDGET:
                        raise TooMany
                return sorted(out)
        return _slots(plan, rs, d)
    except TooMany:
        return None


def _coupled(plan: ProvisionIndex, roots: list[list[Member]]) -> list[dict[int, int]]:
    """For roots whose dates count from one base event (an implicit insert at ``in_force`` and a repeal dated
    ten days after it): every day the base may take, as the day each such root then takes. Empty when none."""
    coupled = plan.coupled
    assert coupled is not None
    by_base: dict[Any, list[tuple[int, int]]] = {}
    for r, ms in enumerate(roots):
        hit = coupled.get(ms[0][0])
        if hit is not None:
            by_base.setdefault(hit[0], []).append((r, hit[1]))
    bases = [(b, rs) for b, rs in by_base.items() if len({o for _r, o in rs}) > 1]
    if not bases:
        return []
    windows = []
    for b, _rs in bases:
        window = plan.eng.base_window(b)
        if window is None:
            return []
        windows.append(range(window[0], window[1] + 1))
    n = 1
    for days in windows:
        n *= len(days)
    if n > 4096:
        return []  # too many days to try: the dates are taken apart (more states, never fewer)
    out = []
    for chosen in product(*windows):
        fixed: dict[int, int] = {}
        for (_b, rs), day in zip(bases, chosen, strict=True):
            for r, offset in rs:
                fixed[r] = day + offset
        out.append(fixed)
    return out


def _one_root(ms: list[Member]) -> list[Option]:
    """Changes resting on one date: applied together in the same-day order, each invisible one optionally left
    out; none of them when the date may be after the day."""
    tu = ms[0][1]
    seqs: list[Option] = [(0, ())]
    for i, _tu, vu in ms:
        seqs = seqs + [(c + 1, (*s, i)) for c, s in seqs] if vu else [(c + tu, (*s, i)) for c, s in seqs]
    out = set(seqs)
    if tu:
        out.add((0, ()))
    return sorted(out)


def _slots(plan: ProvisionIndex, roots: list[list[Member]], d: int, fixed: dict[int, int] | None = None
           ) -> list[Option]:
    eff, sd = plan.eff, plan.sd
    n = len(roots)
    lo = [eff[r[0][0]][0] for r in roots]
    top = [eff[r[0][0]][1] for r in roots]
    if fixed:
        for r, day in fixed.items():
            lo[r] = top[r] = day
    hi = [min(t, d) for t in top]
    # a root may be left out when its day may be after d, or when all its changes may be invisible
    skippable = [top[r] > d or all(m[2] for m in roots[r]) for r in range(n)]
    slot = {m[0]: r for r in range(n) for m in roots[r]}
    memo: dict[tuple[int, int], frozenset[Option]] = {}
    budget = [OPTION_BUDGET]

    def choices(sub: int) -> Iterator[Option]:
        """The changes of the roots in ``sub`` on one day, in the same-day order, each invisible one optional
        (every root keeps at least one visible change: a root of invisible changes is a root left out)."""
        picked = [m for r in range(n) if sub >> r & 1 for m in roots[r]]
        picked.sort(key=lambda m: sd[m[0]])
        optional = [k for k, m in enumerate(picked) if m[2]]
        for bits in product((True, False), repeat=len(optional)):
            keep = [True] * len(picked)
            for k, b in zip(optional, bits, strict=True):
                keep[k] = b
            seen = 0
            seq = []
            cnt = 0
            for k, m in enumerate(picked):
                if keep[k]:
                    seen |= 1 << slot[m[0]]
                    seq.append(m[0])
                    cnt += m[1] or m[2]
            if seen == sub:
                yield cnt, tuple(seq)

    def rec(mask: int, t_prev: int) -> frozenset[Option]:
        key = (mask, t_prev)
        hit = memo.get(key)
        if hit is not None:
            return hit
        out: set[Option] = set()
        if all(skippable[r] for r in range(n) if mask >> r & 1):
            out.add((0, ()))
        sub = mask
        while sub:
            rs = [r for r in range(n) if sub >> r & 1]
            t = max(t_prev + 1, max(lo[r] for r in rs))
            if t <= min(hi[r] for r in rs):
                rest = rec(mask & ~sub, t)
                for cnt, seq in choices(sub):
                    for c2, suf in rest:
                        out.add((cnt + c2, seq + suf))
                if len(out) > budget[0]:
                    raise TooMany
            sub = (sub - 1) & mask
        result = memo[key] = frozenset(out)
        return result

    return sorted(rec((1 << n) - 1, -1))


# -- the fold over groups ----------------------------------------------------------------------------------------

Rank = tuple[int, tuple[int, ...]]
# state key -> (rank, in_force, value, position of the last change applied or -1)
Record = tuple[Rank, bool, Any, int]


START: dict[Any, Record] = {(False, None): ((0, ()), False, None, -1)}


def states_at(plan: ProvisionIndex, d: int, a: int | None) -> tuple[list[Record], list[tuple[Group, Mode]]]:
    """Every state of the provision on day ``d`` (as known on ``a``), smallest rank first, with the groups that
    were too large to enumerate and whose answer is not exact, each with how it was answered."""
    states = START
    big: list[tuple[Group, Mode]] = []
    for g in plan.groups:
        if g.lo > d:
            break
        states = step(plan, g, d, a, states, big)
    return sorted(states.values(), key=lambda r: r[0]), big


def sweep(plan: ProvisionIndex) -> list[tuple[list[Record], bool, int]]:
    """The states of every segment without ``as_of``, in one pass: a group whose window has passed gives the
    same options on every later day, so the states after it are carried from segment to segment and only the
    group that straddles a segment's first day is enumerated there."""
    groups = plan.groups
    out = []
    base = START
    big: list[tuple[Group, Mode]] = []
    gi = 0
    for k in range(len(plan.bounds) + 1):
        s = plan.start(k)
        while gi < len(groups) and groups[gi].hi <= s:
            base = step(plan, groups[gi], s, None, base, big)
            gi += 1
        states = base
        active_big: list[tuple[Group, Mode]] = []
        if gi < len(groups) and groups[gi].lo <= s:
            states = step(plan, groups[gi], s, None, base, active_big)
        out.append((sorted(states.values(), key=lambda r: r[0]), bool(big or active_big), s))
    return out


def step(plan: ProvisionIndex, g: Group, d: int, a: int | None, states: dict[Any, Record],
         big: list[tuple[Group, Mode]]) -> dict[Any, Record]:
    """The states after group ``g`` on day ``d``, from the states before it (keeping each state's best rank)."""
    opts = group_options(plan, g, d, a)
    if opts is None:
        states, mode = big_states(plan, g, d, a, states)
        if mode != "exact":
            big.append((g, mode))
        return states
    if opts is NOTHING:
        return states
    kind = plan.kind
    changes = plan.changes
    new: dict[Any, Record] = {}
    for rank, f, v, last in states.values():
        for cnt, seq in opts:
            f2, v2 = f, v
            for i in seq:
                f2, v2 = apply(changes[i], f2, v2, kind)
            r2 = (rank[0] + cnt, rank[1] + seq)
            k2 = (f2, hashable(v2))
            old = new.get(k2)
            if old is None or r2 < old[0]:
                new[k2] = (r2, f2, v2, seq[-1] if seq else last)
    return new


def commutes(plan: ProvisionIndex, g: Group) -> bool:
    """True when the order of the group's changes cannot matter: all of them add to or remove from a set, and no
    item one of them adds is removed by another (or all of them remove from a list)."""
    changes = plan.changes
    ops = {changes[i].op for i in g.positions}
    if not ops <= {Op.ADD, Op.REMOVE}:
        return False
    if plan.kind is not ProvisionKind.SET:
        return ops == {Op.REMOVE}
    added: set[Any] = set()
    removed: set[Any] = set()
    for i in g.positions:
        c = changes[i]
        (added if c.op is Op.ADD else removed).update(hashable(x) for x in c.items)
    return not added & removed


def _independent(plan: ProvisionIndex, ms: list[Member]) -> bool:
    """True when each undecided change may be applied or not whatever the others do: none of them shares its date
    with another change of the group, and no date of the group counts from another's."""
    undecided = [m for m in ms if m[1] or m[2]]
    if not undecided:
        return True
    if plan.coupled and any(m[0] in plan.coupled for m in ms):
        return False
    roots = [plan.root[m[0]] for m in ms]
    return all(roots.count(plan.root[m[0]]) == 1 for m in undecided)


def exact_big(plan: ProvisionIndex, g: Group, ms: list[Member]) -> bool:
    """True when a group too large to enumerate is answered exactly by the subsets of its undecided changes."""
    return commutes(plan, g) and _independent(plan, ms)


def big_states(plan: ProvisionIndex, g: Group, d: int, a: int | None, states: dict[Any, Record]
               ) -> tuple[dict[Any, Record], Mode]:
    """A group too large to enumerate (DESIGN §6): a change certainly in effect by ``d`` is applied in every
    world, one not yet in effect in none, and the undecided ones in every subset, in canonical order; when those
    subsets would give more than ``SUBSET_BUDGET`` states per state before the group, only none of them, each
    prefix in canonical order and all of them. Returns the states and how they were found (:data:`Mode`)."""
    ms = members(plan, g, d, a)
    # the subsets are folded change by change, keeping distinct states only: cheap while they stay few (17 sets
    # give 18 states), and cut off before they grow to 2 ** N (17 additions of different items)
    out = _subsets(plan, ms, states, SUBSET_BUDGET * max(1, len(states)))
    if out is None:
        return _prefixes(plan, ms, states), "bounded"
    return out, "exact" if exact_big(plan, g, ms) else "subsets"


def _fold_into(new: dict[Any, Record], rank: Rank, f: bool, v: Any, last: int) -> None:
    k = (f, hashable(v))
    old = new.get(k)
    if old is None or rank < old[0]:
        new[k] = (rank, f, v, last)


def _subsets(plan: ProvisionIndex, ms: list[Member], states: dict[Any, Record], budget: int
             ) -> dict[Any, Record] | None:
    """Every subset of the undecided changes ``ms``, with the certain ones, applied in canonical order; None when
    the states would exceed ``budget``."""
    kind = plan.kind
    for i, tu, vu in ms:
        c = plan.changes[i]
        optional = tu or vu
        new: dict[Any, Record] = dict(states) if optional else {}
        for rank, f, v, _last in states.values():
            f2, v2 = apply(c, f, v, kind)
            _fold_into(new, (rank[0] + optional, (*rank[1], i)), f2, v2, i)
        if len(new) > budget:
            return None
        states = new
    return states


def _prefixes(plan: ProvisionIndex, ms: list[Member], states: dict[Any, Record]) -> dict[Any, Record]:
    """The bounded answer of a group whose undecided changes are too many: applied in canonical order, the certain
    ones always, the undecided ones none, each first few, or all."""
    kind = plan.kind
    undecided = [m[0] for m in ms if m[1] or m[2]]
    out: dict[Any, Record] = {}
    for k in range(len(undecided) + 1):
        chosen = set(undecided[:k])
        for rank, f, v, last in states.values():
            seq = [m[0] for m in ms if not (m[1] or m[2]) or m[0] in chosen]
            for i in seq:
                f, v = apply(plan.changes[i], f, v, kind)
            _fold_into(out, (rank[0] + k, (*rank[1], *seq)), f, v, seq[-1] if seq else last)
    return out


def big_options(plan: ProvisionIndex, g: Group, d: int, a: int | None, cap: int) -> list[Option] | None:
    """The worlds of a group too large to enumerate whose answer is exact (its changes commute): every subset of
    its undecided changes, with the certain ones, in canonical order; None when not exact or more than ``cap``."""
    ms = members(plan, g, d, a)
    if not ms:
        return NOTHING
    if not exact_big(plan, g, ms):
        return None
    undecided = [m for m in ms if m[1] or m[2]]
    if 2 ** len(undecided) > cap:
        return None
    out: list[Option] = []
    for bits in product((False, True), repeat=len(undecided)):
        chosen = {m[0] for m, b in zip(undecided, bits, strict=True) if b}
        out.append((len(chosen), tuple(m[0] for m in ms if not (m[1] or m[2]) or m[0] in chosen)))
    return sorted(out)


# -- explicit worlds (for caveats, worked out only when read) ----------------------------------------------------

WORLD_CAP = 4096


def worlds(plan: ProvisionIndex, d: int, a: int | None) -> list[tuple[int, tuple[int, ...]]] | None:
    """Every distinct world on day ``d``: (undecided changes applied, positions applied in order); None when
    there are more than ``WORLD_CAP`` of them or a group is too large."""
    out: list[tuple[int, tuple[int, ...]]] = [(0, ())]
    for g in plan.groups:
        if g.lo > d:
            break
        opts = group_options(plan, g, d, a)
        if opts is None:
            opts = big_options(plan, g, d, a, min(WORLD_CAP, SUBSET_BUDGET) // len(out))
            if opts is None:
                return None
        if opts is NOTHING:
            continue
        if len(opts) == 1:
            c1, s1 = opts[0]
            out = [(c + c1, s + s1) for c, s in out]
            continue
        if len(out) * len(opts) > WORLD_CAP:
            return None
        out = [(c + c1, s + s1) for c, s in out for c1, s1 in opts]
    return out
