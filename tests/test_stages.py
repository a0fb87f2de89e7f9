"""Staged, partial and territorial commencement and lapsed changes in the answers (DESIGN §4a, issue 11).

The hand-worked cases use the dataset of ``tests/test_engine_oracle.py`` (``STAGED_BY_HAND``), which mirrors the
Adoption and Children Act 2002 effects feed: Children Act 1989 s. 26A inserted and in force "for the purposes of
making regulations" from 30 January 2004 (S.I. 2003/3079 art. 2(3)), wholly from 1 April 2004 (art. 2(4)(b));
a provision amended "for E.W." only; one whose extent is E+W amended by same-day stages for E and for W; and an
amendment that lapsed (its amending paragraph was repealed before it came into force). Every expected value below
follows from those facts and DESIGN §4a, worked by hand; the property tests compare the engine with the world
oracle (``tests/oracle.py``) on generated datasets.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import lawtimeline as lt
from lawtimeline.cli import cli
from tests.oracle import oracle_diff, oracle_in_force, oracle_pending, oracle_value
from tests.strategies import overlap_datasets
from tests.test_engine_oracle import STAGED_BY_HAND, _query_days, _small

OLD, NEW = (True, "old words"), (True, "new words")


@pytest.fixture(scope="module")
def tl() -> lt.Timeline:
    return lt.loads(STAGED_BY_HAND)


# -- s. 26A: for a purpose first, wholly later ------------------------------------------------------------------
def test_s26a_is_not_in_force_before_its_first_stage(tl: lt.Timeline) -> None:
    a = tl.value_of("s26a", "2004-01-29")
    assert (a.status, a.candidates, a.limits) == ("definite", ((False, None),), ())


def test_s26a_is_partial_between_its_stages_with_the_purpose_as_its_limit(tl: lt.Timeline) -> None:
    """15 February 2004: in force for the purposes of making regulations only; the first candidate is the state
    with the insertion applied, the second without it; in_force differs between them, so it is None."""
    inserted = (True, tl.changes["aca/s26a/1"].value)
    a = tl.value_of("s26a", "2004-02-15")
    assert a.status == "partial"
    assert a.candidates == (inserted, (False, None))
    assert a.in_force is None and a.value is None and a.since is None and a.change is None
    assert a.limits == ("for the purposes of making regulations only",)
    assert any("only in part" in w and "30 January 2004" in w for w in a.caveats), a.caveats


def test_s26a_is_definite_from_its_full_stage(tl: lt.Timeline) -> None:
    a = tl.value_of("s26a", "2004-04-01")
    assert (a.status, a.in_force, a.limits) == ("definite", True, ())
    assert a.change == "aca/s26a/1" and a.since == lt.PartialDate.parse("2004-04-01")
    assert not any("only in part" in w for w in a.caveats)


def test_a_purpose_stage_stays_partial_in_every_territory(tl: lt.Timeline) -> None:
    assert tl.value_of("s26a", "2004-02-15", where="E").status == "partial"


def test_s26a_history_holds_the_partial_period_with_its_limit(tl: lt.Timeline) -> None:
    versions = tl.history("s26a")
    assert [(str(v.start), str(v.end) if v.end else None, v.limits) for v in versions] == [
        ("2004-01-30", "2004-04-01", ("for the purposes of making regulations only",)),
        ("2004-04-01", None, ())]


def test_each_stage_is_a_chronology_entry_saying_for_what(tl: lt.Timeline) -> None:
    entries = [e for e in tl.chronology() if e.subject == "aca/s26a/1"]
    assert [(str(e.date), e.kind) for e in entries] == [("2004-01-30", "change"), ("2004-04-01", "change")]
    assert entries[0].title.endswith("for the purposes of making regulations")
    assert entries[1].title.endswith("wholly")


# -- territories ----------------------------------------------------------------------------------------------------
def test_a_change_for_e_and_w_only_is_partial_and_where_settles_it(tl: lt.Timeline) -> None:
    """s. 113 has no extent: its E+W stage never covers it, so without where the answer is partial (both states
    in force: in_force True); in England the new words, in Scotland the old."""
    a = tl.value_of("s113", "2003-07-01")
    assert (a.status, a.candidates, a.in_force, a.limits) == ("partial", (NEW, OLD), True,
                                                              ("in England and Wales only",))
    assert a.describe() == "new words (in England and Wales only) | old words"
    e = tl.value_of("s113", "2003-07-01", where="E")
    assert (e.status, e.candidates, e.change) == ("definite", (NEW,), "aca/s113/1")
    s = tl.value_of("s113", "2003-07-01", where="S")
    assert (s.status, s.candidates, s.change) == ("definite", (OLD,), "s113@enacted")
    assert tl.value_of("s113", "2003-05-31").candidates == (OLD,)  # before the stage: the old words everywhere


def test_same_day_stages_covering_the_extent_are_definite_without_a_dispute(tl: lt.Timeline) -> None:
    """s. 40 (extent E+W): stages for E and for W on 1 June 2003 cover it that day: definite, and no caveat
    that sources disagree (they do not: they are two stages)."""
    a = tl.value_of("s40", "2003-06-01")
    assert (a.status, a.candidates) == ("definite", (NEW,))
    assert not any("disagree" in w or "only in part" in w for w in a.caveats), a.caveats
    assert tl.changes["aca/s40/1"].effective == lt.PartialDate.parse("2003-06-01")


def test_a_provision_is_not_in_force_outside_its_extent(tl: lt.Timeline) -> None:
    a = tl.value_of("s40", "2003-06-01", where="S")
    assert (a.status, a.candidates) == ("definite", ((False, None),))
    assert any("does not extend to Scotland" in w for w in a.caveats), a.caveats
    assert "s40" not in tl.in_force("2003-06-01", where="S")
    assert "s40" in tl.in_force("2003-06-01", where="W")
    assert list(tl.history("s40", where="S")) == []


def test_in_force_history_and_diff_take_where(tl: lt.Timeline) -> None:
    assert tl.in_force("2003-07-01", where="E")["s113"].candidates == (NEW,)
    assert tl.in_force("2003-07-01", where="S")["s113"].candidates == (OLD,)
    assert [d.provision for d in tl.diff("2003-05-01", "2003-07-01", where="E")] == ["s113", "s40"]
    assert [d.provision for d in tl.diff("2003-05-01", "2003-07-01", where="S")] == []
    assert [d.changes for d in tl.diff("2003-05-01", "2003-07-01", where="E")] == [("aca/s113/1",), ("aca/s40/1",)]
    assert [v.limits for v in tl.history("s113")] == [(), ("in England and Wales only",)]
    assert [v.change for v in tl.history("s113", where="S")] == ["s113@enacted"]


@pytest.mark.parametrize("where", ["", ["E"], 1])
def test_where_must_be_a_territory_code(tl: lt.Timeline, where: Any) -> None:
    with pytest.raises(lt.LawTimelineError, match="where= takes a territory code"):
        tl.value_of("s113", "2003-07-01", where=where)


def test_segments_take_where(tl: lt.Timeline) -> None:
    """The exporters' segment access answers in the territory asked."""
    from lawtimeline.engine import engine_of

    eng = engine_of(tl)
    last = list(eng.segments("s113", where="S"))[-1][2]
    assert (last.status, last.candidates) == ("definite", (OLD,))
    last = list(eng.segments("s113"))[-1][2]
    assert last.status == "partial"
    assert all(o.in_force is False for _s, _e, o in eng.segments("s40", where="S"))


# -- lapsed ---------------------------------------------------------------------------------------------------------
def test_a_lapsed_amendment_is_never_applied_and_pending_only_until_it_lapses(tl: lt.Timeline) -> None:
    """s. 41: a set effective 2003-01-01 that lapsed on 2005-01-01: never applied (the old words throughout),
    pending on 1 June 2004, not on 1 June 2005 nor on the lapse day itself."""
    for day in ("2002-06-01", "2003-01-01", "2004-06-01", "2006-01-01"):
        assert tl.value_of("s41", day).candidates == (OLD,), day
    pending = lambda day: [c.id for c in tl.in_force(day).pending]  # noqa: E731
    assert "aca/s41/1" in pending("2004-06-01")
    assert "aca/s41/1" in pending("2004-12-31")
    assert "aca/s41/1" not in pending("2005-01-01")
    assert "aca/s41/1" not in pending("2005-06-01")


def test_history_and_chronology_say_lapsed_with_the_reason(tl: lt.Timeline) -> None:
    h = tl.history("s41")
    assert [v.change for v in h] == ["s41@enacted"]
    assert [c.id for c in h.lapsed] == ["aca/s41/1"]
    assert "lapsed: the amending paragraph was repealed before it came into force" in h.lapsed_words[0]
    (entry,) = [e for e in tl.chronology() if e.subject == "aca/s41/1"]
    assert (str(entry.date), entry.kind) == ("2005-01-01", "lapsed")
    assert entry.title.endswith("lapsed: the amending paragraph was repealed before it came into force")
    assert "lapsed" in tl.history("s41")._repr_html_()


def test_amend_on_a_provision_not_in_force_names_its_first_stage() -> None:
    tl = lt.loads("lawtimeline: 1\nacts: [{id: a}]\nprovisions: [{id: p, act: a, kind: text}]\n"
                  "changes: [{act: a, provision: p, op: amend, stages: [{date: 2020-01-01, extent: [E]}]}]\n")
    assert [w.message for w in tl.check() if "not in force" in w.message] == [
        "'amend' on 'p', which is not in force when it takes effect (1 January 2020); this brings it into force"]


# -- the command line -------------------------------------------------------------------------------------------
def test_cli_where(tmp_path: Any) -> None:
    path = tmp_path / "staged.yaml"
    path.write_text(STAGED_BY_HAND, encoding="utf-8")
    run = CliRunner().invoke
    result = run(cli, ["in-force", str(path), "--on", "2003-07-01", "--where", "S", "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = {r["provision"]: r for r in json.loads(result.output)["provisions"]}
    assert rows["s113"]["status"] == "definite" and "s40" not in rows
    result = run(cli, ["history", str(path), "s113", "--format", "json"])
    assert [v.get("limits", []) for v in json.loads(result.output)["versions"]] == [[], ["in England and Wales only"]]
    result = run(cli, ["diff", str(path), "2003-05-01", "2003-07-01", "--where", "S"])
    assert result.exit_code == 0, result.output
    assert "s. 113" not in result.output and "s113" not in result.output


# -- against the world oracle, with where and as_of -----------------------------------------------------------------
@settings(max_examples=60, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(data=overlap_datasets(staged=True), draws=st.data(), territory=st.sampled_from((None, "E", "W", "S")))
def test_staged_in_force_diff_and_pending_agree_with_the_oracle(data: dict[str, Any], draws: st.DataObject,
                                                               territory: str | None) -> None:
    """``in_force`` (which provisions), ``.pending`` and ``diff`` (which provisions) equal the oracle's, with and
    without ``where`` and ``as_of``; ``value_of`` in every territory too; history and caveats do not fail."""
    tl = lt.Timeline.from_dict(data)
    assume(_small(tl))
    as_of = draws.draw(st.one_of(st.none(), _query_days(tl)), label="as_of")
    assume(_small(tl, as_of))
    days = draws.draw(st.lists(_query_days(tl), min_size=2, max_size=2), label="days")
    for on in days:
        snap = tl.in_force(on, as_of=as_of, where=territory)
        assert list(snap) == oracle_in_force(tl, on, as_of, territory)
        assert sorted(c.id for c in snap.pending) == sorted(oracle_pending(tl, on, as_of))
        for pid in tl.provisions:
            got = tl.value_of(pid, on, as_of=as_of, where=territory)
            want = oracle_value(tl, pid, on, as_of, territory)
            assert (set(got.candidates), got.status) == (want.states, want.status), (pid, on)
            assert isinstance(got.caveats, tuple)
    a, b = sorted(days)
    assert [d.provision for d in tl.diff(a, b, as_of=as_of, where=territory)] == oracle_diff(tl, a, b, as_of,
                                                                                              territory)
    for pid in tl.provisions:
        for v in tl.history(pid, as_of=as_of, where=territory):
            assert v.start is not None and isinstance(v.limits, tuple)


def test_the_changes_table_calls_no_staged_or_lapsed_change_pending(tl: lt.Timeline) -> None:
    """A change with stages but no full stage is partly in force, and a lapsed one will never apply: neither is
    "date to be appointed" in the changes table (only a change with neither a date nor a stage is)."""
    pytest.importorskip("pandas")
    frame = tl.to_frame("changes").set_index("id")
    for c in tl.changes.values():
        expected = c.effective is None and not c.stages and c.lapsed is None
        assert bool(frame.loc[c.id, "pending"]) is expected, c.id
    partly = [c for c in tl.changes.values() if c.stages and c.effective is None]
    assert partly, "the dataset has a partly commenced change"
