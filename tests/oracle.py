"""A deliberately naive reference implementation of the query semantics (DESIGN §6 and §12, rules 5–9).

Written from the DESIGN text alone, not from ``lawtimeline/engine.py``: for one provision it collects every change
(dataset and implicit), decides for each one by brute force whether it certainly took effect by the query day,
certainly did not, or may have, and then folds *every* subset of the undecided changes. The distinct outcomes are
the answer. It is slow on purpose (2^k folds for k undecided changes) and only meant for small generated datasets.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any

import pendulum

from lawtimeline import Change, Op, PartialDate, ProvisionKind, Timeline

__all__ = [
    "NOT_IN_FORCE",
    "OracleAnswer",
    "OracleVersion",
    "application_order",
    "apply_change",
    "decide",
    "oracle_diff",
    "oracle_history",
    "oracle_in_force",
    "oracle_value",
]

Outcome = tuple[bool, Any]
#: The state of a provision before any change: not in force, no value.
NOT_IN_FORCE: Outcome = (False, None)


def _day(value: object) -> pendulum.Date:
    """Test helper: ``YYYY-MM-DD`` or a date as a pendulum day."""
    if isinstance(value, pendulum.Date):
        return value
    return pendulum.parse(str(value)).date()  # type: ignore[union-attr]


# -- order -----------------------------------------------------------------------------------------------------------
def _group(c: Change) -> int:
    """§12.5: on the same effective bounds, implicit inserts, then dataset changes, then implicit repeals."""
    if c.implicit and c.op is Op.INSERT:
        return 0
    if c.implicit:
        return 2
    return 1


def application_order(tl: Timeline, provision: str) -> list[Change]:
    """The dated changes of ``provision`` in the order they are applied (§6 and §12.5).

    Effective (earliest, latest), then implicit insert < dataset change < implicit repeal, then known
    (earliest, latest), then position in ``tl.all_changes()`` (dataset order).
    """
    keyed = []
    for index, c in enumerate(tl.all_changes()):
        if c.provision != provision or c.effective is None:
            continue
        known = c.known if c.known is not None else c.effective
        keyed.append(((c.effective.earliest, c.effective.latest, _group(c),
                       known.earliest, known.latest, index), c))
    keyed.sort(key=lambda kc: kc[0])
    return [c for _, c in keyed]


def pending_changes(tl: Timeline, provision: str | None = None) -> list[Change]:
    """Changes with no effective date, by provision in dataset order, then in ``tl.all_changes()`` order.

    (DESIGN does not fix the order of ``Snapshot.pending``; grouping by provision is the engine's choice.)
    """
    position = {pid: i for i, pid in enumerate(tl.provisions)}
    found = [c for c in tl.all_changes()
             if c.effective is None and (provision is None or c.provision == provision)]
    return sorted(found, key=lambda c: position[c.provision])


# -- deciding one change ---------------------------------------------------------------------------------------------
def decide(c: Change, on: pendulum.Date, as_of: pendulum.Date | None) -> bool | None:
    """Has ``c`` taken effect by ``on`` (as known on ``as_of``)? True, False, or None (undecided)."""
    if c.effective is None:
        return False
    if c.effective.earliest > on:
        return False
    if as_of is not None and c.known is not None and c.known.earliest > as_of:
        return False
    certain = c.effective.latest <= on
    if as_of is not None and c.known is not None:
        certain = certain and c.known.latest <= as_of
    return True if certain else None


# -- folding ---------------------------------------------------------------------------------------------------------
def apply_change(state: Outcome, c: Change, kind: ProvisionKind) -> Outcome:
    """One change applied to ``(in_force, value)`` (§4, §12.6)."""
    in_force, value = state
    if c.op is Op.REPEAL:
        return NOT_IN_FORCE
    if c.op in (Op.INSERT, Op.SET):
        return (True, c.value)
    if c.op is Op.ADD:
        if kind is ProvisionKind.SET:
            base = value if in_force else frozenset()
            return (True, frozenset(base) | frozenset(c.items))
        items = list(value) if in_force else []
        for item in c.items:
            if item not in items:
                items.append(item)
        return (True, tuple(items))
    if c.op is Op.REMOVE:
        if not in_force:
            return state
        if kind is ProvisionKind.SET:
            return (True, frozenset(value) - frozenset(c.items))
        return (True, tuple(x for x in value if x not in c.items))
    raise AssertionError(f"unknown op {c.op!r}")


def fold(changes: list[Change], kind: ProvisionKind) -> Outcome:
    state = NOT_IN_FORCE
    for c in changes:
        state = apply_change(state, c, kind)
    return state


# -- value_of ----------------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class OracleAnswer:
    """What the oracle says about one provision on one day."""

    status: str
    in_force: bool | None
    value: Any
    #: distinct outcomes, ordered by the fewest undecided changes that produce them
    candidates: tuple[Outcome, ...]
    #: outcome -> the fewest undecided changes applied to reach it
    rank: dict[Outcome, int]
    applied: tuple[Change, ...]
    undecided: tuple[Change, ...]
    ordered: tuple[Change, ...]

    @property
    def may_be_in_force(self) -> bool:
        return any(f for f, _ in self.candidates)

    @property
    def last_applied(self) -> Change | None:
        """With no undecided change: the last change applied (its date is the answer's ``since``)."""
        return self.applied[-1] if self.applied else None


def oracle_value(tl: Timeline, provision: str, on: object, as_of: object = None) -> OracleAnswer:
    """Brute force: fold every subset of the undecided changes and collect the distinct outcomes."""
    day = _day(on)
    asof = _day(as_of) if as_of is not None else None
    kind = tl.provisions[provision].kind
    ordered = application_order(tl, provision)
    verdict = [decide(c, day, asof) for c in ordered]
    undecided_idx = [i for i, v in enumerate(verdict) if v is None]
    rank: dict[Outcome, int] = {}
    first_seen: dict[Outcome, int] = {}
    for size in range(len(undecided_idx) + 1):
        for subset in itertools.combinations(undecided_idx, size):
            chosen = set(subset)
            applied = [c for i, c in enumerate(ordered) if verdict[i] is True or i in chosen]
            outcome = fold(applied, kind)
            if outcome not in rank:
                rank[outcome] = size
                first_seen[outcome] = len(first_seen)
    candidates = tuple(sorted(rank, key=lambda o: (rank[o], first_seen[o])))
    definite = len(candidates) == 1
    forces = {f for f, _ in candidates}
    return OracleAnswer(
        status="definite" if definite else "unresolved",
        in_force=forces.pop() if len(forces) == 1 else None,
        value=candidates[0][1] if definite else None,
        candidates=candidates,
        rank=rank,
        applied=tuple(c for i, c in enumerate(ordered) if verdict[i] is True),
        undecided=tuple(ordered[i] for i in undecided_idx),
        ordered=tuple(ordered),
    )


def oracle_in_force(tl: Timeline, on: object, as_of: object = None) -> list[str]:
    """The provisions that are or may be in force on ``on``, in dataset order."""
    return [pid for pid in tl.provisions if oracle_value(tl, pid, on, as_of).may_be_in_force]


# -- diff --------------------------------------------------------------------------------------------------------------
def _possibly_visible(c: Change, as_of: pendulum.Date | None) -> bool:
    return as_of is None or c.known is None or c.known.earliest <= as_of


def oracle_diff(tl: Timeline, a: object, b: object, as_of: object = None
                ) -> list[tuple[str, frozenset[Outcome], frozenset[Outcome], list[str]]]:
    """``(provision, candidates on a, candidates on b, ids of changes that may take effect in (a, b])`` for each
    provision whose candidate sets differ, in dataset order; the changes in application order."""
    da, db = _day(a), _day(b)
    asof = _day(as_of) if as_of is not None else None
    out = []
    for pid in tl.provisions:
        before = frozenset(oracle_value(tl, pid, da, asof).candidates)
        after = frozenset(oracle_value(tl, pid, db, asof).candidates)
        if before == after:
            continue
        between = [c.id for c in application_order(tl, pid)
                   if c.effective.latest > da and c.effective.earliest <= db  # type: ignore[union-attr]
                   and _possibly_visible(c, asof)]
        out.append((pid, before, after, between))
    return out


# -- history -----------------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class OracleVersion:
    value: Any
    start: PartialDate
    end: PartialDate | None
    change: str
    act: str

    @property
    def certain(self) -> bool:
        return self.start.exact and (self.end is None or self.end.exact)


def oracle_history(tl: Timeline, provision: str, as_of: object = None) -> list[OracleVersion]:
    """The versions of a provision: fold the visible changes in application order; every change that leaves the
    provision in force starts a version (even when the value stays the same: each version is one change's
    doing), which the next such change or a repeal ends. A change on a provision not in force that leaves it
    not in force (a remove, a second repeal) does nothing.

    With ``as_of``, a change is visible when its ``known`` is on or before ``as_of``; callers only use this when
    every change's visibility is decided.
    """
    asof = _day(as_of) if as_of is not None else None
    kind = tl.provisions[provision].kind
    versions: list[OracleVersion] = []
    state = NOT_IN_FORCE
    for c in application_order(tl, provision):
        if asof is not None and c.known is not None and c.known.latest > asof:
            continue
        new = apply_change(state, c, kind)
        if not state[0] and not new[0]:
            continue
        if versions and versions[-1].end is None and state[0]:
            last = versions[-1]
            versions[-1] = OracleVersion(last.value, last.start, c.effective, last.change, last.act)
        if new[0]:
            versions.append(OracleVersion(new[1], c.effective, None, c.id, c.act))  # type: ignore[arg-type]
        state = new
    return versions
