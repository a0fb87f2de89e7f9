"""Property tests: the engine (through Timeline.value_of / in_force / history / diff) agrees with the naive oracle.

The datasets come from a focused strategy in this file: a few acts whose life cycles use exact, month, approximate,
uncertain, range, relative and disputed dates (and sometimes an ending event), a few provisions of every kind,
and a few changes with given or defaulted effective and known dates — so retroactive, pending and undecided
changes all occur. Query days are drawn around the dates the changes rest on, inside partial-date windows too.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pendulum
from hypothesis import HealthCheck, assume, given, note, settings
from hypothesis import strategies as st

import lawtimeline as lt
from tests import strategies as shared
from tests.oracle import (
    application_order,
    oracle_diff,
    oracle_history,
    oracle_in_force,
    oracle_value,
    pending_changes,
)

BASE = dt.date(2024, 1, 1)
SPAN = 120  # days: January to April 2024
SETTINGS = {"deadline": None, "suppress_health_check": [HealthCheck.too_slow]}


def _iso(offset: int) -> str:
    return (BASE + dt.timedelta(days=offset)).isoformat()


# -- dates -------------------------------------------------------------------------------------------------------------
offsets = st.integers(0, SPAN)
exact_days = offsets.map(_iso)
months = st.sampled_from(["2024-01", "2024-02", "2024-03", "2024-04"])
approximate = st.one_of(exact_days.map(lambda d: d + "~"), months.map(lambda m: m + "~"))
uncertain = exact_days.map(lambda d: d + "?")
ranges = st.tuples(offsets, st.integers(1, 20), st.sampled_from(["", "", "~"])).map(
    lambda t: f"[{_iso(t[0])}..{_iso(t[0] + t[1])}]{t[2]}")
#: mostly exact days, so that most changes are decided and the undecided ones stay few
dates = st.one_of(exact_days, exact_days, exact_days, months, approximate, uncertain, ranges,
                  st.just("2024"))


# -- acts ----------------------------------------------------------------------------------------------------------
@st.composite
def acts(draw: st.DrawFn, ident: str) -> dict[str, Any]:
    events: list[dict[str, Any]] = []
    published = draw(st.booleans())
    if draw(st.integers(0, 3)) == 0:
        events.append({"kind": "signed", "date": draw(dates)})
    if published:
        events.append({"kind": "published", "date": draw(dates)})
    how = draw(st.sampled_from(["date", "date", "relative", "same", "disputed", "none"]))
    if how == "relative" and published:
        events.append({"kind": "in_force", "date": {"after": "published", "days": draw(st.integers(0, 10))}})
    elif how == "same" and published:
        events.append({"kind": "in_force", "date": {"same_as": "published"}})
    elif how == "disputed":
        claims = draw(st.lists(exact_days, min_size=2, max_size=3))
        events.append({"kind": "in_force", "dates": [{"date": d} for d in claims]})
    elif how != "none":
        events.append({"kind": "in_force", "date": draw(dates)})
    if draw(st.integers(0, 3)) == 0:
        for ending in draw(st.lists(st.sampled_from(["repealed", "struck_down", "expired"]), min_size=1,
                                    max_size=2, unique=True)):
            events.append({"kind": ending, "date": draw(dates)})
    return {"id": ident, "events": events}


KINDS = ["number", "text", "bool", "range", "set", "list"]
ITEMS = ["a", "b", "c"]


def values(kind: str) -> st.SearchStrategy[Any]:
    if kind == "number":
        return st.sampled_from([1, 2, 3, 2.5])
    if kind == "text":
        return st.sampled_from(["x", "y", "z"])
    if kind == "bool":
        return st.booleans()
    if kind == "range":
        return st.tuples(st.sampled_from([None, 1, 2]), st.sampled_from([None, 3, 4])).map(
            lambda t: {"min": t[0], "max": t[1]})
    return st.lists(st.sampled_from(ITEMS), max_size=3)


@st.composite
def datasets(draw: st.DrawFn) -> dict[str, Any]:
    n_acts = draw(st.integers(1, 3))
    act_ids = [f"A{i}" for i in range(n_acts)]
    act_list = [draw(acts(a)) for a in act_ids]
    provisions = []
    for i in range(draw(st.integers(1, 3))):
        kind = draw(st.sampled_from(KINDS))
        p: dict[str, Any] = {"id": f"P{i}", "act": draw(st.sampled_from(act_ids)), "kind": kind}
        if draw(st.booleans()):
            p["value"] = draw(values(kind))
        provisions.append(p)
    changes = []
    for _ in range(draw(st.integers(0, 5))):
        p = draw(st.sampled_from(provisions))
        ops = ["insert", "set", "repeal"] + (["add", "add", "remove"] if p["kind"] in ("set", "list") else [])
        op = draw(st.sampled_from(ops))
        c: dict[str, Any] = {"act": draw(st.sampled_from(act_ids)), "provision": p["id"], "op": op}
        if op in ("insert", "set"):
            c["value"] = draw(values(p["kind"]))
        elif op in ("add", "remove"):
            c["items"] = draw(st.lists(st.sampled_from(ITEMS), min_size=1, max_size=3))
        if draw(st.booleans()):
            c["effective"] = draw(dates)
        if draw(st.integers(0, 2)) == 0:
            c["known"] = draw(dates)
        changes.append(c)
    return {"lawtimeline": 1, "acts": act_list, "provisions": provisions, "changes": changes}


def _timeline(data: dict[str, Any]) -> lt.Timeline:
    tl = lt.Timeline.from_dict(data)
    note(lt.dumps(tl))
    return tl


def _interesting_days(tl: lt.Timeline) -> list[pendulum.Date]:
    """Days around every bound the changes rest on, and inside their windows."""
    days: set[pendulum.Date] = set()
    for c in tl.all_changes():
        for d in (c.effective, c.known):
            if d is None:
                continue
            mid = d.earliest.add(days=(d.latest - d.earliest).days // 2)
            days.update({d.earliest.subtract(days=1), d.earliest, mid, d.latest, d.latest.add(days=1)})
    days.add(pendulum.Date(2023, 12, 1))
    return sorted(days)


def query_days(tl: lt.Timeline) -> st.SearchStrategy[pendulum.Date]:
    window = st.integers(-10, SPAN + 40).map(lambda o: pendulum.Date(2024, 1, 1).add(days=o))
    return st.one_of(st.sampled_from(_interesting_days(tl)), window)


def maybe_as_of(tl: lt.Timeline) -> st.SearchStrategy[pendulum.Date | None]:
    return st.one_of(st.none(), query_days(tl))


# -- the properties ------------------------------------------------------------------------------------------------
def _check_answer(tl: lt.Timeline, pid: str, on: pendulum.Date, as_of: pendulum.Date | None) -> None:
    got = tl.value_of(pid, on, as_of=as_of)
    want = oracle_value(tl, pid, on, as_of)
    where = f"{pid} on {on} as of {as_of}: engine {got!r}; oracle {want.candidates} " \
            f"(undecided: {[c.id for c in want.undecided]})"
    assert got.status == want.status, where
    assert len(got.candidates) == len(set(got.candidates)), where
    assert set(got.candidates) == set(want.candidates), where
    assert got.in_force == want.in_force, where
    if want.status == "definite":
        assert got.value == want.value, where
        assert type(got.value) is type(want.value), where
    else:
        assert (got.value, got.since, got.change) == (None, None, None), where
    ranks = [want.rank[o] for o in got.candidates]
    assert ranks == sorted(ranks), f"candidates not ordered by fewest undecided changes: {where}"
    if not want.undecided:
        last = want.last_applied
        assert got.since == (last.effective if last else None), where
        assert got.change == (last.id if last else None), where
    if want.undecided:
        assert got.caveats, f"undecided changes but no caveat: {where}"
    relied = (*want.applied, *want.undecided)
    partial = any(not c.effective.exact or (as_of is not None and c.known is not None and not c.known.exact)
                  for c in relied)
    if not partial and not want.undecided and not pending_changes(tl, pid):
        unexpected = [c for c in got.caveats if "retroactive" not in c]
        assert unexpected == [], f"caveats from nothing uncertain: {where}"
    if any(not c.effective.exact for c in want.applied):
        assert got.caveats, f"an applied change with a partial date but no caveat: {where}"


@settings(max_examples=200, **SETTINGS)
@given(data=datasets(), draws=st.data())
def test_value_of_agrees_with_the_oracle(data: dict[str, Any], draws: st.DataObject) -> None:
    """Status, the set of candidates, in_force, value (definite), candidate order, since/change and the presence
    of caveats equal the oracle's, for random days and as_of around the changes' dates."""
    tl = _timeline(data)
    for _ in range(4):
        on = draws.draw(query_days(tl), label="on")
        as_of = draws.draw(maybe_as_of(tl), label="as_of")
        for pid in tl.provisions:
            _check_answer(tl, pid, on, as_of)


@settings(max_examples=80, **SETTINGS)
@given(data=shared.datasets(max_acts=3, max_provisions=3, max_changes=6, years=(2024, 2025)), draws=st.data())
def test_value_of_agrees_with_the_oracle_on_shared_datasets(data: dict[str, Any], draws: st.DataObject) -> None:
    """The same agreement on the suite's shared dataset strategy (tricky texts, repeated life-cycle kinds,
    context events, ids given or derived)."""
    tl = _timeline(data)
    assume(all(len(application_order(tl, pid)) <= 9 for pid in tl.provisions))
    for _ in range(3):
        on = draws.draw(query_days(tl), label="on")
        as_of = draws.draw(maybe_as_of(tl), label="as_of")
        for pid in tl.provisions:
            _check_answer(tl, pid, on, as_of)


@settings(max_examples=120, **SETTINGS)
@given(data=datasets(), draws=st.data())
def test_in_force_lists_what_may_be_in_force(data: dict[str, Any], draws: st.DataObject) -> None:
    """in_force(on) holds exactly the provisions whose oracle outcome may be in force, in dataset order, each
    with the same answer as value_of; .pending holds the undated changes (without as_of: all of them)."""
    tl = _timeline(data)
    on = draws.draw(query_days(tl), label="on")
    as_of = draws.draw(maybe_as_of(tl), label="as_of")
    snap = tl.in_force(on, as_of=as_of)
    assert list(snap) == oracle_in_force(tl, on, as_of)
    for pid, answer in snap.items():
        assert answer == tl.value_of(pid, on, as_of=as_of)
    if as_of is None:
        assert [c.id for c in snap.pending] == [c.id for c in pending_changes(tl)]
    else:
        assert {c.id for c in snap.pending} <= {c.id for c in pending_changes(tl)}


@settings(max_examples=120, **SETTINGS)
@given(data=datasets(), draws=st.data())
def test_diff_lists_provisions_whose_candidates_differ(data: dict[str, Any], draws: st.DataObject) -> None:
    """diff(a, b) lists exactly the provisions whose candidate sets differ, in dataset order, with the changes
    whose effective dates may fall in (a, b]."""
    tl = _timeline(data)
    a, b = sorted([draws.draw(query_days(tl), label="a"), draws.draw(query_days(tl), label="b")])
    as_of = draws.draw(maybe_as_of(tl), label="as_of")
    got = tl.diff(a, b, as_of=as_of)
    want = oracle_diff(tl, a, b, as_of)
    assert [d.provision for d in got] == [w[0] for w in want]
    for d, (pid, before, after, between) in zip(got, want, strict=True):
        assert frozenset(d.before.candidates) == before, pid
        assert frozenset(d.after.candidates) == after, pid
        assert list(d.changes) == between, pid


def _visibility_decided(tl: lt.Timeline, as_of: pendulum.Date) -> bool:
    return all(c.known is None or c.known.latest <= as_of or c.known.earliest > as_of
               for c in tl.all_changes())


@settings(max_examples=100, **SETTINGS)
@given(data=datasets(), draws=st.data())
def test_history_agrees_with_the_oracle(data: dict[str, Any], draws: st.DataObject) -> None:
    """history(id) gives the oracle's versions: value, start, end, change, act and certain."""
    tl = _timeline(data)
    as_of = draws.draw(maybe_as_of(tl), label="as_of")
    if as_of is not None and not _visibility_decided(tl, as_of):
        as_of = None
    for pid in tl.provisions:
        got = [(v.value, v.start, v.end, v.change, v.act, v.certain)
               for v in tl.history(pid, as_of=as_of)]
        want = [(v.value, v.start, v.end, v.change, v.act, v.certain)
                for v in oracle_history(tl, pid, as_of)]
        assert got == want, f"{pid} as of {as_of}: {[c.id for c in application_order(tl, pid)]}"
