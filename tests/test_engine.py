"""Focused tests of the point-in-time engine through Timeline.value_of / in_force / history / diff / chronology,
each on a small hand-written dataset."""

from __future__ import annotations

import datetime as dt

import pendulum
import pytest

import lawtimeline as lt

D = lt.PartialDate.parse

RETROACTIVE = """
lawtimeline: 1
acts:
  - id: base
    title: Base law
    events:
      - {kind: in_force, date: 2023-02-01}
  - id: amend
    title: Amending law
    events:
      - {kind: signed, date: 2024-03-20}
      - {kind: published, date: 2024-03-25}
      - {kind: in_force, date: 2024-03-01}
provisions:
  - {id: fine, act: base, kind: number, unit: RUB, value: 1000}
changes:
  - {act: amend, provision: fine, op: set, value: 2000}
"""


def test_retroactive_change_depends_on_as_of() -> None:
    """A change in effect from 1 March but published on 25 March: as known on 15 March the old value holds,
    as known on 25 March (or with no as_of) the new one does, for the same day."""
    tl = lt.loads(RETROACTIVE)
    before = tl.value_of("fine", "2024-03-10", as_of="2024-03-15")
    after = tl.value_of("fine", "2024-03-10", as_of="2024-03-25")
    now = tl.value_of("fine", "2024-03-10")
    assert (before.status, before.value, before.change) == ("definite", 1000, "fine@enacted")
    assert (after.status, after.value, after.change) == ("definite", 2000, "amend/fine/1")
    assert after.since == D("2024-03-01")
    assert now.value == 2000
    assert before.as_of == pendulum.Date(2024, 3, 15)


def test_retroactive_change_has_a_retroactivity_caveat_only_once_visible() -> None:
    tl = lt.loads(RETROACTIVE)
    assert any("retroactive" in c for c in tl.value_of("fine", "2024-03-10").caveats)
    assert not any("retroactive" in c for c in tl.value_of("fine", "2024-03-10", as_of="2024-03-15").caveats)


REPEALED = """
lawtimeline: 1
acts:
  - id: base
    title: Base law
    events:
      - {kind: in_force, date: 2023-02-01}
      - {kind: repealed, date: 2024-06-01}
  - id: amend
    title: Amending law
    events:
      - {kind: in_force, date: 2024-03-01}
  - id: revival
    title: Revival law
    events:
      - {kind: published, date: 2024-09-01}
      - {kind: in_force, date: 2024-10-01}
provisions:
  - {id: fine, act: base, kind: number, unit: RUB, value: 1000}
  - {id: grounds, act: base, kind: set, value: [forgery]}
  - {id: other, act: amend, kind: text, value: kept}
changes:
  - {act: amend, provision: fine, op: set, value: 2000}
  - {act: revival, provision: fine, op: insert, value: 3000}
"""


def test_acts_repealed_event_repeals_its_provisions() -> None:
    """The act's `repealed` event ends every provision of that act still in force, through an implicit change
    `<provision>@repealed`; provisions of other acts stay."""
    tl = lt.loads(REPEALED)
    ans = tl.value_of("grounds", "2024-06-01")
    assert (ans.status, ans.in_force, ans.value, ans.candidates) == ("definite", False, None, ((False, None),))
    assert ans.change == "grounds@repealed"
    assert ans.since == D("2024-06-01")
    assert tl.value_of("grounds", "2024-05-31").value == frozenset({"forgery"})
    assert tl.value_of("fine", "2024-06-01").change == "fine@repealed"
    assert tl.value_of("other", "2024-06-01").value == "kept"
    assert list(tl.in_force("2024-06-01")) == ["other"]
    assert "fine@repealed" not in tl.changes
    assert {c.id for c in tl.implicit_changes if c.op is lt.Op.REPEAL} == {"fine@repealed", "grounds@repealed"}


def test_an_implicit_repeal_comes_after_the_dataset_changes_of_the_same_day() -> None:
    """A `set` effective on the day the act is repealed is applied before the implicit repeal (DESIGN §12.5)."""
    tl = lt.loads(REPEALED.replace("{act: amend, provision: fine, op: set, value: 2000}",
                                   "{act: amend, provision: fine, op: set, value: 2000, effective: 2024-06-01}"))
    ans = tl.value_of("fine", "2024-06-01")
    assert (ans.in_force, ans.change) == (False, "fine@repealed")


def test_history_has_a_gap_between_repeal_and_reinsertion() -> None:
    """Versions are half-open: each ends on the first day of the next one or of the repeal; the re-insertion
    starts a new version after a gap, and the current version has end None."""
    tl = lt.loads(REPEALED)
    got = [(v.value, v.start, v.end, v.change, v.act, v.certain) for v in tl.history("fine")]
    assert got == [
        (1000, D("2023-02-01"), D("2024-03-01"), "fine@enacted", "base", True),
        (2000, D("2024-03-01"), D("2024-06-01"), "amend/fine/1", "amend", True),
        (3000, D("2024-10-01"), None, "revival/fine/1", "revival", True),
    ]
    assert tl.value_of("fine", "2024-09-30").in_force is False
    assert tl.value_of("fine", "2024-10-01").value == 3000


def test_history_as_of_leaves_out_changes_not_yet_known() -> None:
    tl = lt.loads(REPEALED)
    got = [(v.value, v.end, v.change) for v in tl.history("fine", as_of="2024-08-01")]
    assert got == [(1000, D("2024-03-01"), "fine@enacted"), (2000, D("2024-06-01"), "amend/fine/1")]


MONTH = """
lawtimeline: 1
acts:
  - id: law
    title: The law
    events:
      - {kind: signed, date: 2024-06-20}
      - {kind: in_force, date: 2024-07}
provisions:
  - {id: duty, act: law, kind: bool, value: true}
"""


@pytest.mark.parametrize("day", ["2024-07-01", "2024-07-15", "2024-07-30"])
def test_month_precision_entry_into_force_is_unresolved_inside_the_month(day: str) -> None:
    ans = lt.loads(MONTH).value_of("duty", day)
    assert ans.status == "unresolved"
    assert not ans.definite
    assert ans.candidates == ((False, None), (True, True))
    assert (ans.in_force, ans.value, ans.since, ans.change) == (None, None, None, None)
    assert any("July 2024" in c for c in ans.caveats)
    assert list(lt.loads(MONTH).in_force(day)) == ["duty"]


@pytest.mark.parametrize(("day", "in_force"), [("2024-06-30", False), ("2024-07-31", True), ("2025-01-01", True)])
def test_month_precision_entry_into_force_is_definite_outside_the_month(day: str, in_force: bool) -> None:
    ans = lt.loads(MONTH).value_of("duty", day)
    assert ans.status == "definite"
    assert ans.in_force is in_force
    assert ans.candidates == ((in_force, True if in_force else None),)


def test_a_month_date_relied_on_stays_a_caveat_after_the_month() -> None:
    ans = lt.loads(MONTH).value_of("duty", "2024-08-15")
    assert ans.since == D("2024-07")
    assert any("July 2024" in c for c in ans.caveats)


DISPUTED = """
lawtimeline: 1
sources:
  - {id: s1, title: One outlet}
  - {id: s2, title: Another outlet}
acts:
  - id: law
    title: The law
    events:
      - kind: in_force
        dates:
          - {date: 2024-05-19, sources: [s1]}
          - {date: 2024-05-20, sources: [s2]}
provisions:
  - {id: fine, act: law, kind: range, unit: RUB, value: {min: 10000, max: 30000}}
"""


def test_disputed_entry_into_force_says_sources_disagree() -> None:
    tl = lt.loads(DISPUTED)
    inside = tl.value_of("fine", "2024-05-19")
    after = tl.value_of("fine", "2024-05-21")
    assert inside.status == "unresolved"
    assert after.status == "definite"
    assert after.value == lt.Range(10000, 30000)
    for ans in (inside, after):
        assert any("sources disagree" in c for c in ans.caveats), ans.caveats
    assert not any("sources disagree" in c for c in tl.value_of("fine", "2024-05-18").caveats)


def test_agreeing_claims_are_not_a_dispute() -> None:
    tl = lt.loads(DISPUTED.replace("2024-05-20, sources: [s2]", "2024-05-19, sources: [s2]"))
    ans = tl.value_of("fine", "2024-05-19")
    assert ans.status == "definite"
    assert not any("sources disagree" in c for c in ans.caveats)


def test_an_uncertain_date_gives_a_caveat() -> None:
    tl = lt.loads(MONTH.replace("date: 2024-07}", 'date: "2024-07-01?"}'))
    ans = tl.value_of("duty", "2024-07-01")
    assert (ans.status, ans.value) == ("definite", True)
    assert any("uncertain" in c for c in ans.caveats)


PENDING = """
lawtimeline: 1
acts:
  - id: base
    events:
      - {kind: in_force, date: 2023-02-01}
  - id: tba
    title: Date-to-be-appointed law
    events:
      - {kind: published, date: 2024-05-01}
provisions:
  - {id: grounds, act: base, kind: set, value: [forgery], tags: [citizenship]}
  - {id: fine, act: base, kind: number, value: 5, tags: [military]}
changes:
  - {act: tba, provision: grounds, op: add, items: [draft evasion]}
"""


def test_pending_change_is_listed_in_snapshot_and_caveats() -> None:
    """A change whose act has no entry into force is pending: it changes no answer, it is in Snapshot.pending,
    and the answers of its provision say so."""
    tl = lt.loads(PENDING)
    snap = tl.in_force("2024-06-01")
    assert [c.id for c in snap.pending] == ["tba/grounds/1"]
    assert snap.pending[0].pending
    assert snap["grounds"].value == frozenset({"forgery"})
    assert snap["grounds"].status == "definite"
    assert any("pending" in c for c in snap["grounds"].caveats)
    assert not any("pending" in c for c in snap["fine"].caveats)


def test_pending_is_filtered_by_as_of_and_by_tags() -> None:
    tl = lt.loads(PENDING)
    assert tl.in_force("2024-06-01", as_of="2024-04-30").pending == ()
    assert [c.id for c in tl.in_force("2024-06-01", as_of="2024-05-01").pending] == ["tba/grounds/1"]
    assert tl.in_force("2024-06-01", tags=["military"]).pending == ()
    assert list(tl.in_force("2024-06-01", tags=["military"])) == ["fine"]
    assert list(tl.in_force("2024-06-01", act="base")) == ["grounds", "fine"]
    assert list(tl.in_force("2024-06-01", act="tba")) == []


def test_pending_caveat_respects_as_of() -> None:
    """As known on 30 April 2024 the pending change (published 1 May) did not exist yet: the answer must not
    mention it, just as Snapshot.pending with the same as_of leaves it out."""
    ans = lt.loads(PENDING).value_of("grounds", "2024-06-01", as_of="2024-04-30")
    assert not any("pending" in c for c in ans.caveats), ans.caveats


def test_diff_lists_changed_provisions_with_the_changes_between() -> None:
    tl = lt.loads(REPEALED)
    diff = tl.diff("2024-01-01", "2024-04-01")
    assert [(d.provision, d.before.value, d.after.value, d.changes) for d in diff] == [
        ("fine", 1000, 2000, ("amend/fine/1",)),
        ("other", None, "kept", ("other@enacted",)),
    ]
    later = tl.diff("2024-04-01", "2024-12-01")
    assert [(d.provision, d.changes) for d in later] == [
        ("fine", ("fine@repealed", "revival/fine/1")),
        ("grounds", ("grounds@repealed",)),
    ]
    assert tl.diff("2024-04-01", "2024-04-01") == ()


def test_diff_with_a_after_b_is_a_date_error() -> None:
    with pytest.raises(lt.DateError, match="2024-02-01"):
        lt.loads(REPEALED).diff("2024-02-01", "2024-01-01")


@pytest.mark.parametrize("day", ["2024-07", "2024", "2024-07-01~", "2024-07-01?", "[2024-07-01..2024-07-02]"])
def test_partial_query_date_is_a_date_error(day: str) -> None:
    tl = lt.loads(MONTH)
    with pytest.raises(lt.DateError, match="one whole day"):
        tl.value_of("duty", day)
    with pytest.raises(lt.DateError, match="one whole day"):
        tl.value_of("duty", "2024-08-01", as_of=day)
    with pytest.raises(lt.DateError, match="one whole day"):
        tl.in_force(day)


def test_query_day_may_be_text_a_date_or_an_exact_partial_date() -> None:
    tl = lt.loads(MONTH)
    answers = {tl.value_of("duty", d) for d in ("2024-08-01", dt.date(2024, 8, 1), pendulum.Date(2024, 8, 1),
                                                 D("2024-08-01"))}
    assert len(answers) == 1


def test_unknown_provision_raises_unknown_id_error_naming_close_ids() -> None:
    tl = lt.loads(REPEALED)
    for query in (lambda: tl.value_of("fin", "2024-01-01"), lambda: tl.history("fin")):
        with pytest.raises(lt.UnknownIdError, match="'fine'") as err:
            query()
        assert isinstance(err.value, KeyError)


CHRONOLOGY = """
lawtimeline: 1
acts:
  - id: law
    title: The law
    events:
      - {kind: in_force, date: 2024-05-01}
      - {kind: published, date: 2024-05-01}
      - {kind: signed, date: 2024-05-01}
      - {kind: adopted, date: 2024-04}
  - id: amend
    title: The amendment
    events:
      - {kind: in_force, date: 2024-09-01}
provisions:
  - {id: duty, act: law, kind: text, value: register}
changes:
  - {act: amend, provision: duty, op: set, value: register twice}
events:
  - {id: raid, kind: raid, title: A raid, date: 2024-05-01}
  - {id: early, kind: statement, title: An early statement, date: 2024-04-30}
  - {id: vague, kind: report, title: A report, date: 2024-05}
"""


def test_chronology_orders_same_day_by_life_cycle_then_changes_then_context() -> None:
    got = [(str(e.date), e.kind, e.subject) for e in lt.loads(CHRONOLOGY).chronology()]
    assert got == [
        ("2024-04", "adopted", "law/adopted"),
        ("2024-04-30", "statement", "early"),
        ("2024-05-01", "signed", "law/signed"),
        ("2024-05-01", "published", "law/published"),
        ("2024-05-01", "in_force", "law/in_force"),
        ("2024-05-01", "change", "duty@enacted"),
        ("2024-05-01", "raid", "raid"),
        ("2024-05", "report", "vague"),
        ("2024-09-01", "in_force", "amend/in_force"),
        ("2024-09-01", "change", "amend/duty/1"),
    ]


def test_chronology_start_end_keep_overlapping_entries() -> None:
    tl = lt.loads(CHRONOLOGY)
    assert [e.subject for e in tl.chronology(start="2024-05-02", end="2024-08-31")] == ["vague"]
    assert [e.subject for e in tl.chronology(start="2024-09-01")] == ["amend/in_force", "amend/duty/1"]
    assert [e.subject for e in tl.chronology(end="2024-04-01")] == ["law/adopted"]


def test_chronology_kinds_filter() -> None:
    tl = lt.loads(CHRONOLOGY)
    assert [e.subject for e in tl.chronology(kinds=["change"])] == ["duty@enacted", "amend/duty/1"]
    assert [e.subject for e in tl.chronology(kinds=["raid", "signed"])] == ["law/signed", "raid"]
    change = tl.chronology(kinds=["change"])[1]
    assert (change.act, change.provision, change.date) == ("amend", "duty", D("2024-09-01"))


def test_answer_repr_is_one_line_with_value_status_and_caveats() -> None:
    tl = lt.loads(DISPUTED)
    text = repr(tl.value_of("fine", "2024-06-01"))
    assert "\n" not in text
    assert "10,000–30,000 RUB" in text
    assert "definite" in text
    assert "sources disagree" in text
    unresolved = repr(tl.value_of("fine", "2024-05-19"))
    assert "unresolved" in unresolved and "not in force" in unresolved and "10,000–30,000 RUB" in unresolved


def test_answer_repr_is_one_line_for_multi_line_text() -> None:
    """Provision texts are often written as YAML block scalars; the repr must still be one line."""
    tl = lt.loads(MONTH.replace("kind: bool, value: true", 'kind: text, value: "first\\nsecond"'))
    assert "\n" not in repr(tl.value_of("duty", "2024-08-01"))


CHRONOLOGICAL_CANDIDATES = """
lawtimeline: 1
acts:
  - id: law
    events:
      - {kind: in_force, date: 2024-02}
provisions:
  - {id: fine, act: law, kind: number}
changes:
  - {act: law, provision: fine, op: insert, value: 1}
  - {act: law, provision: fine, op: set, value: 2, effective: 2024-02}
"""


def test_candidates_with_equal_undecided_count_follow_application_order() -> None:
    """Insert 1, then set 2, both some day in February: the outcomes are 'not in force' (neither), 1 (the insert
    only) or 2 (the set, with or without the insert). Both 1 and 2 need one undecided change; in chronological
    order (DESIGN §12.7) 1, reached by the earlier change, comes before 2. The engine lists 2 before 1, which
    reads as if the value went from 2 to 1."""
    ans = lt.loads(CHRONOLOGICAL_CANDIDATES).value_of("fine", "2024-02-10")
    assert ans.candidates == ((False, None), (True, 1), (True, 2))


# -- worlds (DESIGN §6): every order the dates allow ----------------------------------------------------------------
# Each expected answer below is worked by hand from DESIGN §6 (windows, same-day order, rank order of candidates).

ISSUE_EXAMPLE = """
lawtimeline: 1
acts:
  - {id: base, title: Base law, events: [{kind: in_force, date: 2020-01-01}]}
  - {id: a, title: Amending law, short_title: Law A, events: [{kind: in_force, date: 2024-08}]}
  - {id: b, title: Repealing law, events: [{kind: in_force, date: 2024-08-15}]}
provisions:
  - {id: p, act: base, kind: number, value: 1, title: Fine}
changes:
  - {act: a, provision: p, op: set, value: 2}
  - {act: b, provision: p, op: repeal}
"""


@pytest.mark.parametrize(("day", "status", "candidates"), [
    # before both windows: only the 2020 insert
    ("2024-07-31", "definite", ((True, 1),)),
    # inside August, before the 15th: the set may or may not have come; the repeal has not
    ("2024-08-10", "unresolved", ((True, 1), (True, 2))),
    # on the 15th: the set came before the repeal (an earlier day, or the same day with the earlier `known`,
    # 1 August against 15 August), or comes later: repealed in every world
    ("2024-08-15", "definite", ((False, None),)),
    # after the 15th: the set on the 16th-31st comes after the repeal (in force, 2), or it came before (repealed),
    # or has not come yet (repealed); "repealed" is reached without applying the undecided set: it ranks first
    ("2024-08-20", "unresolved", ((False, None), (True, 2))),
    # after the month: both applied; the canonical order (set, repeal) gives "repealed", so it ranks first
    ("2024-09-10", "unresolved", ((False, None), (True, 2))),
])
def test_overlapping_set_and_repeal_stay_unresolved_after_both_windows(day: str, status: str,
                                                                       candidates: tuple) -> None:
    a = lt.loads(ISSUE_EXAMPLE).value_of("p", day)
    assert (a.status, a.candidates) == (status, candidates)
    if status == "unresolved":
        assert (a.value, a.since, a.change) == (None, None, None)
        forces = {f for f, _v in candidates}
        assert a.in_force == (forces.pop() if len(forces) == 1 else None)


def test_the_issue_example_says_the_order_is_unknown_in_words() -> None:
    a = lt.loads(ISSUE_EXAMPLE).value_of("p", "2024-09-10")
    (cav,) = a.caveats
    assert "order" in cav and "Law A" in cav and "Repealing law" in cav and "August 2024" in cav
    assert "a/p/1" not in cav and "(set)" not in cav and "(repeal)" not in cav


TWO_IN_A_MONTH = """
lawtimeline: 1
acts:
  - {id: base, title: Base law, events: [{kind: in_force, date: 2020-01-01}]}
  - {id: x, title: Law X, events: [{kind: in_force, date: 2024-08}]}
  - {id: y, title: Law Y, events: [{kind: in_force, date: 2024-08}]}
provisions:
  - {id: n, act: base, kind: number, value: 1, title: Fine}
  - {id: s, act: base, kind: set, value: [a], title: Grounds}
changes:
  - {act: x, provision: n, op: set, value: 2}
  - {act: y, provision: n, op: set, value: 3}
  - {act: x, provision: s, op: add, items: [b]}
  - {act: y, provision: s, op: add, items: [c]}
"""


def test_two_sets_in_one_month_are_unresolved_after_the_month() -> None:
    """X's set (2) and Y's set (3) both some day in August: either may have come last. Canonical order is X then
    Y (same window, same `known`, dataset order), so 3 (X then Y) ranks before 2 (Y then X)."""
    a = lt.loads(TWO_IN_A_MONTH).value_of("n", "2024-09-10")
    assert a.status == "unresolved"
    assert a.candidates == ((True, 3), (True, 2))
    assert a.in_force is True


def test_two_adds_of_different_items_in_one_month_are_definite_after_it() -> None:
    """Adding b and c commutes: after August every world gives {a, b, c}. `since` comes from the smallest-rank
    world (X then Y: Y's add is last); a caveat says the day the value dates from depends on the order."""
    a = lt.loads(TWO_IN_A_MONTH).value_of("s", "2024-09-10")
    assert a.status == "definite"
    assert a.value == frozenset({"a", "b", "c"})
    assert a.change == "y/s/1"
    assert any("not known" in c and "'b'" in c and "'c'" in c for c in a.caveats), a.caveats
    inside = lt.loads(TWO_IN_A_MONTH).value_of("s", "2024-08-20")
    assert {v for _f, v in inside.candidates} == {frozenset("a"), frozenset("ab"), frozenset("ac"),
                                                 frozenset("abc")}


TOUCHING = """
lawtimeline: 1
acts:
  - {id: base, title: Base law, events: [{kind: in_force, date: 2020-01-01}]}
  - id: early
    title: Early law
    events: [{kind: published, date: "2024-07-01"}, {kind: in_force, date: "[2024-08-01..2024-08-15]"}]
  - id: late
    title: Late law
    events: [{kind: published, date: "2024-09-01"}, {kind: in_force, date: "[2024-08-01..2024-08-15]"}]
  - id: rep
    title: Repealing law
    events: [{kind: published, date: "2024-08-10"}, {kind: in_force, date: 2024-08-15}]
provisions:
  - {id: p1, act: base, kind: number, value: 1}
  - {id: p2, act: base, kind: number, value: 1}
changes:
  - {act: early, provision: p1, op: set, value: 2}
  - {act: rep, provision: p1, op: repeal}
  - {act: late, provision: p2, op: set, value: 2}
  - {act: rep, provision: p2, op: repeal}
"""


def test_windows_that_touch_on_one_day_are_ordered_by_the_same_day_order() -> None:
    """A set some day 1-15 August and a repeal on 15 August share one possible day. On that day the same-day order
    puts the change with the earlier `known` first: Early law (published 1 July) before the repeal (10 August), so
    p1 is repealed in every world; Late law (published 1 September) after it, so p2 may be in force with 2."""
    tl = lt.loads(TOUCHING)
    a1 = tl.value_of("p1", "2024-08-16")
    assert (a1.status, a1.candidates) == ("definite", ((False, None),))
    a2 = tl.value_of("p2", "2024-08-16")
    assert a2.status == "unresolved"
    assert set(a2.candidates) == {(False, None), (True, 2)}


ONE_EVENT = """
lawtimeline: 1
acts:
  - id: law
    title: The law
    events: [{kind: in_force, date: 2024-08}]
provisions:
  - {id: p, act: law, kind: number, value: 1}
changes:
  - {act: law, provision: p, op: set, value: 2}
"""


def test_changes_resting_on_one_event_share_its_day() -> None:
    """The enactment's implicit insert (1) and a set (2) of the same act both rest on its in_force (August): they
    take effect on one day, insert first. So inside August the provision is not in force or 2, never 1."""
    tl = lt.loads(ONE_EVENT)
    assert tl.value_of("p", "2024-08-10").candidates == ((False, None), (True, 2))
    after = tl.value_of("p", "2024-09-01")
    assert (after.status, after.value, after.change) == ("definite", 2, "law/p/1")


def test_a_superseded_uncertain_date_is_no_caveat() -> None:
    """An insert some day between 2001 and 2023, then a set on 1 October 2023: from then on the answer carries no
    caveat about the older date (DESIGN §6)."""
    tl = lt.loads("""
lawtimeline: 1
acts:
  - {id: code, title: The code, events: [{kind: signed, date: 2001-12-30}]}
  - {id: amend, title: Amending law, events: [{kind: in_force, date: 2023-10-01}]}
provisions:
  - {id: fine, act: code, kind: number}
changes:
  - {act: code, provision: fine, op: insert, value: 500, effective: "[2001-12-30..2023-09-30]"}
  - {act: amend, provision: fine, op: set, value: 10000}
""")
    assert tl.value_of("fine", "2024-01-01").caveats == ()
    before = tl.value_of("fine", "2023-09-30")
    assert before.status == "definite" and any("not known exactly" in c for c in before.caveats)


def test_pending_lists_only_changes_whose_act_existed_by_the_day() -> None:
    """A change of a law signed in 2025, with no entry into force: not pending on 1 January 2024, pending on
    1 June 2025 (DESIGN §6, snapshot)."""
    tl = lt.loads("""
lawtimeline: 1
acts:
  - {id: base, title: Base law, events: [{kind: in_force, date: 2020-01-01}]}
  - {id: draft, title: Later law, events: [{kind: signed, date: 2025-03-01}]}
provisions:
  - {id: p, act: base, kind: number, value: 1}
changes:
  - {act: draft, provision: p, op: set, value: 2}
""")
    assert tl.in_force(on="2024-01-01").pending == ()
    assert not any("pending" in c for c in tl.value_of("p", "2024-01-01").caveats)
    assert [c.id for c in tl.in_force(on="2025-06-01").pending] == ["draft/p/1"]
    assert any("pending" in c for c in tl.value_of("p", "2025-06-01").caveats)


def _big_group(op: str, n: int = lt.MAX_ORDER_GROUP + 1, wide: int = 0) -> lt.Timeline:
    """A provision in force since 2020 and ``n`` changes of one act, each by its own effective date "2024-08" (the
    last ``wide`` of them some day between 1 August and 30 September): one group of ``n`` overlapping changes."""
    def eff(i: int) -> str:
        return '"[2024-08-01..2024-09-30]"' if i >= n - wide else "2024-08"

    if op == "add":
        prov = "{id: p, act: base, kind: set, value: [a]}"
        rows = [f"  - {{act: amend, provision: p, op: add, items: [item{i}], effective: {eff(i)}}}" for i in range(n)]
    else:
        prov = "{id: p, act: base, kind: number, value: 1}"
        rows = [f"  - {{act: amend, provision: p, op: set, value: {i + 2}, effective: {eff(i)}}}" for i in range(n)]
    changes = "\n".join(rows)
    return lt.loads(f"""
lawtimeline: 1
acts:
  - {{id: base, title: Base law, events: [{{kind: in_force, date: 2020-01-01}}]}}
  - {{id: amend, title: Amending law, events: [{{kind: signed, date: 2024-07-01}}]}}
provisions:
  - {prov}
changes:
{changes}
""")


def test_a_group_of_sets_larger_than_max_order_group_is_not_enumerated() -> None:
    """17 sets (values 2..18) each dated "2024-08": more than lt.MAX_ORDER_GROUP (16) changes whose order is unknown
    (DESIGN §6). Worked by hand: inside August each set may or may not have taken effect, and the subsets applied in
    canonical order (here dataset order) end in the last set applied, so the states are 1 (none) and 2..18, ranked
    by how many undecided changes reach them (none, then one each, in canonical order). On 10 September all 17 have
    certainly taken effect: the only subset is all of them, in canonical order, ending at 18; the order of sets
    matters, so the answer stays unresolved with the caveat."""
    assert lt.MAX_ORDER_GROUP == 16
    tl = _big_group("set")
    inside = tl.value_of("p", "2024-08-15")
    assert inside.status == "unresolved"
    assert inside.candidates == tuple((True, v) for v in range(1, 19))
    assert any("order of 17 changes" in c and "could not be enumerated" in c for c in inside.caveats), inside.caveats
    after = tl.value_of("p", "2024-09-10")
    assert after.status == "unresolved"
    assert after.candidates == ((True, 18),)
    assert any("order of 17 changes" in c and "could not be enumerated" in c for c in after.caveats), after.caveats
    assert not any("p@" in c or "amend/" in c for c in after.caveats + inside.caveats)


def test_a_group_of_additions_larger_than_max_order_group_is_cheap_and_definite_after_it() -> None:
    """17 additions of different items to a set, each dated "2024-08" (the oracle's F5: the engine listed all
    2 ** 17 subsets on 1 September and took minutes). Additions commute, so once every one has certainly taken
    effect the order cannot matter: on 1 September the answer is definite, the base item and all 17. Inside August
    all 17 may or may not have taken effect, and their 2 ** 17 subsets are not listed: the answer is unresolved with
    only the states of none, each first few in canonical order (item0, item1, ...), and all of them — 18 — and a
    caveat saying so."""
    tl = _big_group("add")
    every = frozenset({"a", *(f"item{i}" for i in range(17))})
    after = tl.value_of("p", "2024-09-01")
    assert after.status == "definite" and after.in_force is True
    assert after.value == every
    assert len(after.candidates or ()) <= 18
    assert not any("could not be enumerated" in c for c in after.caveats), after.caveats
    inside = tl.value_of("p", "2024-08-15")
    assert inside.status == "unresolved" and inside.in_force is True
    prefixes = tuple((True, frozenset({"a", *(f"item{i}" for i in range(k))})) for k in range(18))
    assert inside.candidates == prefixes
    assert (True, every) in inside.candidates
    assert any("could not be enumerated" in c and "17 changes" in c for c in inside.caveats), inside.caveats
    assert not any("p@" in c or "amend/" in c for c in inside.caveats)


def test_a_large_group_of_additions_lists_every_subset_of_the_few_still_undecided() -> None:
    """17 additions in one group: item0..item11 dated "2024-08", item12..item16 some day between 1 August and
    30 September. On 10 September the first 12 have certainly taken effect and 5 may or may not have: the states
    are exactly the base and the 12 with any of the 5 (2 ** 5 = 32), none of them first. The additions commute, so
    the order is no caveat; each of the 5 is."""
    from itertools import combinations

    tl = _big_group("add", wide=5)
    a = tl.value_of("p", "2024-09-10")
    assert a.status == "unresolved"
    sure = {"a", *(f"item{i}" for i in range(12))}
    late = [f"item{i}" for i in range(12, 17)]
    expected = {(True, frozenset(sure | set(c))) for k in range(6) for c in combinations(late, k)}
    assert len(a.candidates or ()) == 32
    assert set(a.candidates or ()) == expected
    assert (a.candidates or ())[0] == (True, frozenset(sure))
    assert not any("could not be enumerated" in c or "order" in c for c in a.caveats), a.caveats
    assert any("addition of 'item12' may or may not have taken effect" in c for c in a.caveats), a.caveats


def test_an_untitled_provision_is_named_in_words_not_by_its_id() -> None:
    """The oracle's F6: a provision with neither title nor path, asked where it does not extend, is "this
    provision" with its act's title, never its id (DESIGN §6: words without the dataset's ids)."""
    tl = lt.loads("""
lawtimeline: 1
acts:
  - {id: act_pa, title: Public Order Act 2023, events: [{kind: in_force, date: 2020-01-01}]}
  - {id: act_x, events: [{kind: in_force, date: 2020-01-01}]}
provisions:
  - {id: p_s40, act: act_pa, kind: text, value: x, extent: [E, W]}
  - {id: p_s41, act: act_x, kind: text, value: x, extent: [E, W]}
""")
    a = tl.value_of("p_s40", "2024-01-01", where="S")
    assert a.caveats == ("this provision (Public Order Act 2023) does not extend to Scotland: it is part of the law "
                         "of England and Wales only",)
    b = tl.value_of("p_s41", "2024-01-01", where="S")
    assert b.caveats == ("this provision does not extend to Scotland: it is part of the law of England and Wales "
                         "only",)
    assert not any("p_s4" in c or "act_" in c for c in a.caveats + b.caveats)


# -- the index: every segment's outcome computed once; caveats when read ---------------------------------------------


def test_every_day_of_a_segment_has_the_segment_outcome() -> None:
    """Engine.segments (the exporters' view of the index) agrees with value_of on every day around the windows."""
    from lawtimeline.engine import engine_of

    tl = lt.loads(ISSUE_EXAMPLE)
    segs = list(engine_of(tl).segments("p"))
    assert segs[0][0] == 1 and segs[-1][1] is None
    for start, end, outcome in segs:
        last = (end or start + 40) - 1
        for o in range(max(start, dt.date(2024, 7, 1).toordinal()), min(last, start + 40) + 1):
            assert tl.value_of("p", dt.date.fromordinal(o)).outcome is outcome


def test_caveats_are_built_only_when_read() -> None:
    """An answer's caveats are worked out on first read (and once per segment): before that the outcome only
    points at its provision's index."""
    from lawtimeline.engine import engine_of

    tl = lt.loads(ISSUE_EXAMPLE)
    plan = engine_of(tl).plan("p")
    a = tl.value_of("p", "2024-09-10")
    assert not plan.words
    words = a.caveats
    assert words and len(plan.words) == 1
    assert tl.value_of("p", "2024-10-01").caveats is words


def test_no_caveat_of_the_flagship_names_an_id_or_an_op() -> None:
    """Every provision of the flagship, every third day 1997-2027: no caveat contains an id of the dataset or an op
    name (DESIGN §6: acts by title, changes by what they do)."""
    import re

    tl = lt.load("examples/russia_migrants.yaml")
    ids = (set(tl.acts) | set(tl.provisions) | set(tl.events) | set(tl.sources)
           | {c.id for c in tl.all_changes()})
    ops = re.compile(r"\((insert|set|add|remove|repeal|amend|enactment)\)|\b(insert|repeal|amend|enactment)\b")
    start = dt.date(1997, 1, 1)
    seen: set[str] = set()
    for pid in tl.provisions:
        for k in range(0, 31 * 365, 3):
            seen.update(tl.value_of(pid, start + dt.timedelta(days=k)).caveats)
    assert seen
    for c in seen:
        assert not any(i in c for i in ids), c
        assert not ops.search(c), c


def test_a_relative_event_moves_with_its_base() -> None:
    """Act A enters into force some day in August 2024 (day t) and is repealed 10 days after it (t + 10): its
    provision's implicit insert (1) and repeal move together. Act B sets the provision to 2 on 20 August. Worked by
    hand for 15 September: t < 10 gives insert, repeal, then B's set (in force, 2); t = 10 puts the repeal on the
    20th after B's set (implicit repeals come last on a day): not in force; t > 10 repeals after the set: not in
    force. A repeal before the insert (in force, 1) would need the two dates apart, which the data rules out."""
    tl = lt.loads("""
lawtimeline: 1
acts:
  - id: a
    title: Act A
    events: [{kind: in_force, date: 2024-08}, {kind: repealed, date: {after: in_force, days: 10}}]
  - {id: b, title: Act B, events: [{kind: in_force, date: 2024-08-20}]}
provisions:
  - {id: p, act: a, kind: number, value: 1}
changes:
  - {act: b, provision: p, op: set, value: 2}
""")
    a = tl.value_of("p", "2024-09-15")
    assert a.status == "unresolved"
    assert set(a.candidates) == {(False, None), (True, 2)}
