"""Hand-worked answers for overlapping windows, same-day order, visibility and pending changes (DESIGN §6).

Every expected value below is worked by hand from DESIGN §6 and §12.5–12.7 (the reasoning is in each test's
comment), not taken from the engine's output. Words in caveats are checked loosely: which act names and date
labels appear, and that no id and no op name does (§6: "never by an internal id or op name").
"""

from __future__ import annotations

import re

import pytest

import lawtimeline as lt

OP_WORDS = re.compile(r"\((insert|set|add|remove|repeal|amend|enactment|implicit)\)")

ORIGINAL = "the original wording"
AMENDED = "the amended wording"


def _ids(tl: lt.Timeline) -> set[str]:
    ids = set(tl.acts) | set(tl.provisions) | set(tl.sources) | set(tl.events)
    ids |= {c.id for c in tl.all_changes()}
    ids |= {e.id for a in tl.acts.values() for e in a.events}
    return ids


def assert_for_people(tl: lt.Timeline, caveats: tuple[str, ...]) -> None:
    """No caveat holds a dataset id or an op name in parentheses."""
    ids = _ids(tl)
    for c in caveats:
        assert not OP_WORDS.search(c), c
        leaked = [i for i in ids if i in c]
        assert not leaked, (leaked, c)


def mentions(caveats: tuple[str, ...], *words: str) -> bool:
    """Some caveat contains every one of ``words``."""
    return any(all(w in c for w in words) for c in caveats)


# -- the example of issue 10 / DESIGN §6 ---------------------------------------------------------------------------
EXAMPLE = f"""
lawtimeline: 1
acts:
  - id: act_base_law
    title: Base Law of 2019
    short_title: Base Law
    events:
      - {{kind: signed, date: 2019-12-01}}
      - {{kind: in_force, date: 2020-01-01}}
  - id: act_amending_2024
    title: Amending Law of July 2024
    short_title: Amending Law 2024
    events:
      - {{kind: signed, date: 2024-07-01}}
  - id: act_repealing_2024
    title: Repealing Law of July 2024
    short_title: Repealing Law 2024
    events:
      - {{kind: signed, date: 2024-07-05}}
provisions:
  - {{id: p_wording, act: act_base_law, kind: text, value: {ORIGINAL}}}
changes:
  - {{act: act_amending_2024, provision: p_wording, op: set, value: {AMENDED}, effective: "2024-08"}}
  - {{act: act_repealing_2024, provision: p_wording, op: repeal, effective: 2024-08-15}}
"""


@pytest.fixture(scope="module")
def example() -> lt.Timeline:
    return lt.loads(EXAMPLE)


def test_example_before_the_windows(example: lt.Timeline) -> None:
    # 31 July 2024: the set (some day in August) and the repeal (15 August) are after the day in every world; only
    # the enactment's insert (1 January 2020, exact) is applied: definite, in force with the inserted value, since
    # 1 January 2020. No caveat of §6's list applies: nothing may or may not have taken effect, no order, no
    # as_of, `since` is one exact day, no uncertain or disputed date, nothing retroactive, nothing pending.
    a = example.value_of("p_wording", "2024-07-31")
    assert (a.status, a.in_force, a.value) == ("definite", True, ORIGINAL)
    assert a.candidates == ((True, ORIGINAL),)
    assert a.since == lt.PartialDate.parse("2020-01-01")
    assert a.change == "p_wording@enacted"
    assert a.caveats == ()


def test_example_inside_the_set_window_before_the_repeal(example: lt.Timeline) -> None:
    # 10 August 2024: the set took effect on day d of August; d <= 10 gives the set value, d > 10 the original.
    # The repeal (15 August) is not yet applied. Two states, both in force: unresolved, in_force True.
    # Rank (§6): the world that applies no undecided change comes first: the original wording, then the set value.
    a = example.value_of("p_wording", "2024-08-10")
    assert a.status == "unresolved"
    assert a.in_force is True and a.value is None and a.since is None and a.change is None
    assert a.candidates == ((True, ORIGINAL), (True, AMENDED))
    # caveat 1: the set may or may not have taken effect by this day, with its window (August 2024)
    assert mentions(a.caveats, "Amending Law 2024", "August 2024")
    assert_for_people(example, a.caveats)


def test_example_inside_the_set_window_after_the_repeal(example: lt.Timeline) -> None:
    # 20 August 2024: the repeal (15 August) is applied in every world. d <= 15: set then repeal (on d = 15 the
    # same-day order puts the set first: both are dataset changes, the set's act is known earlier and is earlier
    # in the dataset) -> not in force. 16 <= d <= 20: repeal then set -> in force with the set value (a set on a
    # provision not in force brings it into force, §12.6). d > 20: repeal only -> not in force.
    # Rank: "not in force" is reached by a world applying no undecided change (d > 20), so it comes first.
    a = example.value_of("p_wording", "2024-08-20")
    assert a.status == "unresolved" and a.in_force is None
    assert a.candidates == ((False, None), (True, AMENDED))
    assert mentions(a.caveats, "Amending Law 2024")
    assert_for_people(example, a.caveats)


def test_example_after_both_windows_stays_unresolved(example: lt.Timeline) -> None:
    # 10 September 2024: both changes are applied in every world; only their order is unknown (the set's window
    # holds 15 August). Set first -> repealed; repeal first -> in force with the set value. Both worlds apply no
    # undecided change; the canonical order (effective earliest: the set's 1 August before the repeal's 15 August)
    # makes "set, then repeal" the smaller rank: repealed first.
    a = example.value_of("p_wording", "2024-09-10")
    assert a.status == "unresolved" and a.in_force is None and a.value is None
    assert a.candidates == ((False, None), (True, AMENDED))
    # caveat 2: the order of the two changes is unknown and matters; both are named by their acts
    assert mentions(a.caveats, "Amending Law 2024") and mentions(a.caveats, "Repealing Law 2024")
    assert_for_people(example, a.caveats)
    assert "p_wording" in example.in_force("2024-09-10")  # it may be in force


# -- two sets in one month ---------------------------------------------------------------------------------------
TWO_SETS = """
lawtimeline: 1
acts:
  - id: act_base
    title: Fines Code
    events: [{kind: in_force, date: 2020-01-01}]
  - id: act_first
    title: First Fines Law 2024
    events: [{kind: published, date: 2024-07-10}]
  - id: act_second
    title: Second Fines Law 2024
    events: [{kind: published, date: 2024-07-20}]
provisions:
  - {id: p_fine, act: act_base, kind: number, unit: EUR, value: 100}
changes:
  - {act: act_first, provision: p_fine, op: set, value: 200, effective: "2024-08"}
  - {act: act_second, provision: p_fine, op: set, value: 300, effective: "2024-08"}
"""


def test_two_sets_in_one_month_are_unresolved_after_it() -> None:
    # After August both sets are applied; either may be the later one (on the same day the same-day order puts the
    # first law's set first: its known, 10 July, is earlier). First then second -> 300; second then first -> 200.
    # Canonical order: equal effective (August), so the same-day order: insert, first (known 10 July), second.
    # "first, second" has the smaller rank: 300 comes first.
    tl = lt.loads(TWO_SETS)
    a = tl.value_of("p_fine", "2024-09-01")
    assert a.status == "unresolved" and a.in_force is True and a.value is None
    assert a.candidates == ((True, 300), (True, 200))
    assert mentions(a.caveats, "First Fines Law 2024") and mentions(a.caveats, "Second Fines Law 2024")
    assert_for_people(tl, a.caveats)


def test_two_sets_inside_the_month_list_every_state_in_rank_order() -> None:
    # 15 August: each set is applied or not. Neither -> 100 (0 undecided applied); only the first -> 200 (1, its
    # canonical position 1); only the second -> 300 (1, position 2); both -> 200 or 300 with 2 applied (larger).
    # Rank order: 100, 200, 300.
    tl = lt.loads(TWO_SETS)
    a = tl.value_of("p_fine", "2024-08-15")
    assert a.status == "unresolved" and a.in_force is True
    assert a.candidates == ((True, 100), (True, 200), (True, 300))


# -- two adds in one month commute ---------------------------------------------------------------------------------
TWO_ADDS = """
lawtimeline: 1
acts:
  - id: act_base
    title: Citizenship Law
    events: [{kind: in_force, date: 2020-01-01}]
  - id: act_first
    title: First Grounds Law 2024
    events: [{kind: published, date: 2024-07-10}]
  - id: act_second
    title: Second Grounds Law 2024
    events: [{kind: published, date: 2024-07-20}]
provisions:
  - {id: p_grounds, act: act_base, kind: set, value: [terrorism offences]}
changes:
  - {act: act_first, provision: p_grounds, op: add, items: [forged documents], effective: "2024-08"}
  - {act: act_second, provision: p_grounds, op: add, items: [armed rebellion], effective: "2024-08"}
"""


def test_two_adds_of_different_items_in_one_month_are_definite_after_it() -> None:
    # After August both adds are applied in every world, and in either order the set is the union of the three
    # grounds: one state, definite. The smallest-rank world applies the first law's add, then the second's
    # (canonical order: equal effective, then known), so `change` is the second law's add and `since` August 2024.
    # Worlds reaching the state through the other last change exist, so a caveat names both (§6); `since` is a
    # month, so a caveat gives it (caveat 4).
    tl = lt.loads(TWO_ADDS)
    a = tl.value_of("p_grounds", "2024-09-01")
    assert a.status == "definite" and a.in_force is True
    assert a.value == frozenset({"terrorism offences", "forged documents", "armed rebellion"})
    assert a.change == "act_second/p_grounds/1"
    assert a.since == lt.PartialDate.parse("2024-08")
    assert mentions(a.caveats, "August 2024")
    joined = " ".join(a.caveats)
    assert "First Grounds Law 2024" in joined and "Second Grounds Law 2024" in joined
    assert_for_people(tl, a.caveats)


def test_two_adds_inside_the_month_are_unresolved() -> None:
    # 15 August: neither, either or both adds applied: four sets of grounds, all in force.
    tl = lt.loads(TWO_ADDS)
    a = tl.value_of("p_grounds", "2024-08-15")
    assert a.status == "unresolved" and a.in_force is True
    assert {v for _, v in a.candidates} == {
        frozenset({"terrorism offences"}),
        frozenset({"terrorism offences", "forged documents"}),
        frozenset({"terrorism offences", "armed rebellion"}),
        frozenset({"terrorism offences", "forged documents", "armed rebellion"}),
    }
    assert a.candidates[0] == (True, frozenset({"terrorism offences"}))  # no undecided change applied


# -- windows that touch on one day -----------------------------------------------------------------------------
def _touching(first_published: str, second_published: str) -> lt.Timeline:
    return lt.loads(f"""
lawtimeline: 1
acts:
  - id: act_base
    title: Rates Act
    events: [{{kind: in_force, date: 2020-01-01}}]
  - id: act_x
    title: Rates Amendment Act X
    events: [{{kind: published, date: {first_published}}}]
  - id: act_y
    title: Rates Amendment Act Y
    events: [{{kind: published, date: {second_published}}}]
provisions:
  - {{id: p_rate, act: act_base, kind: text, value: zero}}
changes:
  - {{act: act_x, provision: p_rate, op: set, value: ex, effective: "[2024-03-01..2024-03-05]"}}
  - {{act: act_y, provision: p_rate, op: set, value: why, effective: "[2024-03-05..2024-03-09]"}}
""")


def test_touching_windows_where_the_same_day_order_keeps_the_date_order() -> None:
    # X takes effect on 1–5 March, Y on 5–9 March: X is never after Y, and when both fall on 5 March the
    # same-day order (dataset changes by known: X's act published 1 February, Y's 10 February) applies X first.
    # So on 10 March every world gives Y's value: definite, since Y's window, by Y; the window is a range,
    # so caveat 4 gives it.
    tl = _touching("2024-02-01", "2024-02-10")
    a = tl.value_of("p_rate", "2024-03-10")
    assert (a.status, a.value) == ("definite", "why")
    assert a.change == "act_y/p_rate/1"
    assert a.since == lt.PartialDate.parse("[2024-03-05..2024-03-09]")
    assert mentions(a.caveats, "9 March 2024")
    assert_for_people(tl, a.caveats)


def test_touching_windows_where_the_same_day_order_reverses_them() -> None:
    # Same windows, but Y's act is published first (1 February) and X's later (10 February): on 5 March the
    # same-day order applies Y, then X. Worlds: X before 5 March, or Y after it -> why; both on 5 March -> ex.
    # Unresolved on 10 March. Rank: both worlds apply no undecided change; canonical order is X (effective from
    # 1 March) then Y, so the world "X, Y" (-> why) has the smaller rank.
    tl = _touching("2024-02-10", "2024-02-01")
    a = tl.value_of("p_rate", "2024-03-10")
    assert a.status == "unresolved" and a.in_force is True
    assert a.candidates == ((True, "why"), (True, "ex"))
    assert_for_people(tl, a.caveats)


# -- as_of straddling a change's known -------------------------------------------------------------------------
AS_OF = """
lawtimeline: 1
acts:
  - id: act_base
    title: Benefits Act
    events: [{kind: in_force, date: 2020-01-01}]
  - id: act_rate_2024
    title: Benefit Rates Order 2024
    events: [{kind: in_force, date: 2024-03-25}]
provisions:
  - {id: p_rate, act: act_base, kind: number, unit: EUR, value: 10}
changes:
  - {act: act_rate_2024, provision: p_rate, op: set, value: 12, known: "[2024-03-10..2024-03-20]"}
"""


def test_as_of_straddling_known_is_unresolved() -> None:
    # The order took effect on 25 March (exact); it became knowable some day 10–20 March. As known on 15 March its
    # visibility is undecided (§6): worlds where it is visible give 12 on 1 April, the others 10. Unresolved;
    # the world applying no undecided change ranks first (10). Caveat 3 names it by its act.
    tl = lt.loads(AS_OF)
    a = tl.value_of("p_rate", "2024-04-01", as_of="2024-03-15")
    assert a.status == "unresolved" and a.in_force is True
    assert a.candidates == ((True, 10), (True, 12))
    assert mentions(a.caveats, "Benefit Rates Order 2024")
    assert_for_people(tl, a.caveats)


def test_as_of_before_and_after_known_is_definite() -> None:
    # Before 10 March the order is invisible (10), after 20 March visible (12); both definite. As of 21 March:
    # `since` is 25 March exactly, nothing uncertain, not retroactive (effective after known): no caveat.
    tl = lt.loads(AS_OF)
    early = tl.value_of("p_rate", "2024-04-01", as_of="2024-03-09")
    late = tl.value_of("p_rate", "2024-04-01", as_of="2024-03-21")
    assert (early.status, early.value) == ("definite", 10)
    assert (late.status, late.value) == ("definite", 12)
    assert late.since == lt.PartialDate.parse("2024-03-25") and late.caveats == ()


# -- pending changes of a law signed later ---------------------------------------------------------------------
PENDING = """
lawtimeline: 1
acts:
  - id: act_base
    title: Registration Code
    events: [{kind: in_force, date: 2020-01-01}]
  - id: act_fines_2025
    title: Registration Fines Law 2025
    events: [{kind: signed, date: 2025-03-10}]
provisions:
  - {id: p_fine, act: act_base, kind: number, unit: RUB, value: 5000}
changes:
  - {act: act_fines_2025, provision: p_fine, op: set, value: 20000}
"""


def test_a_law_signed_in_2025_is_not_pending_in_2024() -> None:
    # The 2025 law has no in_force date: its change is pending. Its known is its signing, 10 March 2025. On
    # 1 January 2024 that is certainly after the day: the change did not exist, so it is not pending (§6
    # Snapshot) and adds no caveat 7 to the answer. On 1 June 2025 it existed: pending, and caveat 7 names it.
    tl = lt.loads(PENDING)
    early = tl.in_force(on="2024-01-01")
    assert [c.id for c in early.pending] == []
    assert early["p_fine"].caveats == ()
    late = tl.in_force(on="2025-06-01")
    assert [c.id for c in late.pending] == ["act_fines_2025/p_fine/1"]
    answer = tl.value_of("p_fine", "2025-06-01")
    assert (answer.status, answer.value) == ("definite", 5000)
    assert mentions(answer.caveats, "Registration Fines Law 2025")
    assert_for_people(tl, answer.caveats)
    # as known on 31 December 2024 the 2025 law did not exist yet
    assert [c.id for c in tl.in_force(on="2025-06-01", as_of="2024-12-31").pending] == []


# -- since / change and which caveats a definite answer carries --------------------------------------------------
SUPERSEDED = """
lawtimeline: 1
acts:
  - id: act_code
    title: Code of Offences
    short_title: Offences Code
    events: [{kind: signed, date: 2001-12-30}]
  - id: act_fines_2023
    title: Fines Law 2023
    events: [{kind: signed, date: 2023-07-31}, {kind: in_force, date: 2023-10-01}]
  - id: act_may_2024
    title: Fines Order May 2024
    events: [{kind: signed, date: 2024-04-01}]
provisions:
  - {id: p_fine, act: act_code, kind: range, unit: RUB}
  - {id: p_other, act: act_code, kind: number, unit: RUB, value: 7}
changes:
  - {act: act_code, provision: p_fine, op: insert, value: {min: 500, max: 3000},
     effective: "[2001-12-30..2023-09-30]"}
  - {act: act_fines_2023, provision: p_fine, op: set, value: {min: 10000, max: 30000}}
  - {act: act_may_2024, provision: p_other, op: set, value: 9, effective: "2024-05"}
"""


def test_a_certain_later_change_supersedes_an_uncertain_one_without_caveat() -> None:
    # On 1 October 2023 the insert (some day up to 30 September 2023) and the set (1 October 2023, exact) are
    # applied in every world, in that order: definite 10,000–30,000 since 1 October 2023 by the 2023 law. The
    # unknown start of the older fine could not change this answer: no caveat (§6, the fine example).
    tl = lt.loads(SUPERSEDED)
    a = tl.value_of("p_fine", "2023-10-01")
    assert (a.status, a.value) == ("definite", lt.Range(10000, 30000))
    assert a.since == lt.PartialDate.parse("2023-10-01") and a.change == "act_fines_2023/p_fine/1"
    assert a.caveats == ()
    # On 15 September 2023 the insert may or may not have taken effect: unresolved, caveat 1 with its window.
    b = tl.value_of("p_fine", "2023-09-15")
    assert b.status == "unresolved" and b.candidates == ((False, None), (True, lt.Range(500, 3000)))
    assert mentions(b.caveats, "Offences Code", "30 September 2023")
    assert_for_people(tl, b.caveats)


def test_a_state_resting_on_a_month_carries_a_caveat() -> None:
    # On 1 June 2024 the May 2024 order has certainly taken effect: definite 9, since "May 2024" (a month, not one
    # exact day): caveat 4 gives that day, naming the act and "May 2024".
    tl = lt.loads(SUPERSEDED)
    a = tl.value_of("p_other", "2024-06-01")
    assert (a.status, a.value) == ("definite", 9)
    assert a.since == lt.PartialDate.parse("2024-05") and a.change == "act_may_2024/p_other/1"
    assert mentions(a.caveats, "May 2024")
    assert mentions(a.caveats, "Fines Order May 2024")
    assert_for_people(tl, a.caveats)


# -- DESIGN §4a: staged, territorial and lapsed commencement (issue 11) -----------------------------------------
STAGED = """
lawtimeline: 1
acts:
  - id: act_aca
    title: Adoption and Children Act 2002
  - id: act_ca
    title: Children Act 1989
    events: [{kind: in_force, date: 1991-10-14}]
  - id: act_pa
    title: Police Act 1997
    events: [{kind: in_force, date: 1998-01-01}]
provisions:
  - {id: p_s26a, act: act_ca, path: s. 26A, kind: text}
  - {id: p_s113, act: act_pa, path: s. 113(3A), kind: text, value: old words}
  - {id: p_s40, act: act_pa, path: s. 40(2)(a), kind: text, extent: [E, W], value: old words}
  - {id: p_s41, act: act_pa, path: s. 41, kind: text, value: old words}
changes:
  - act: act_aca
    provision: p_s26a
    op: insert
    stages:
      - {date: 2004-01-30, purposes: [for the purposes of making regulations]}
      - {date: 2004-04-01}
  - {act: act_aca, provision: p_s113, op: set, value: new words, stages: [{date: 2003-06-01, extent: [E, W]}]}
  - act: act_aca
    provision: p_s40
    op: set
    value: new words
    stages: [{date: 2003-06-01, extent: [E]}, {date: 2003-06-01, extent: [W]}]
  - act: act_aca
    provision: p_s41
    op: set
    value: new words
    effective: 2003-01-01
    lapsed: {date: 2005-01-01, reason: the amending paragraph was repealed before it came into force}
"""


def test_inserted_for_a_purpose_first_and_wholly_later() -> None:
    # s. 26A: inserted (content not recorded) for the purposes of making regulations from 30 January 2004, wholly
    # from 1 April 2004. 29 January: no stage yet -> not in force, definite. 15 February: in the purpose "making
    # regulations" it is in force, for every other purpose not: the states differ only by purpose -> partial,
    # the state with the change applied first, then without it, limits naming the purpose. 1 April: the full
    # stage -> in force everywhere, definite.
    tl = lt.loads(STAGED)
    inserted = tl.changes["act_aca/p_s26a/1"].value
    assert isinstance(inserted, lt.Unrecorded)
    before = tl.value_of("p_s26a", "2004-01-29")
    assert (before.status, before.in_force) == ("definite", False)
    partly = tl.value_of("p_s26a", "2004-02-15")
    assert partly.status == "partial" and partly.in_force is None
    assert partly.candidates == ((True, inserted), (False, None))
    assert any("for the purposes of making regulations" in w for w in partly.limits), partly.limits
    assert_for_people(tl, partly.caveats)
    wholly = tl.value_of("p_s26a", "2004-04-01")
    assert (wholly.status, wholly.in_force, wholly.value) == ("definite", True, inserted)


def test_commenced_in_england_and_wales_only() -> None:
    # s. 113 has no extent: its E+W stage never covers it. Without where: in E and W new words, elsewhere old:
    # partial (new first). where="E": definite new; where="S": definite old.
    tl = lt.loads(STAGED)
    a = tl.value_of("p_s113", "2003-07-01")
    assert a.status == "partial" and a.in_force is True
    assert a.candidates == ((True, "new words"), (True, "old words"))
    assert a.limits
    assert tl.value_of("p_s113", "2003-07-01", where="E").candidates == ((True, "new words"),)
    assert tl.value_of("p_s113", "2003-07-01", where="S").candidates == ((True, "old words"),)


def test_same_day_stages_covering_the_extent_are_definite() -> None:
    # s. 40 (extent E+W): a stage for E and one for W, both on 1 June 2003, together cover its extent: from that
    # day the change has effect in the whole extent: definite, since 1 June 2003, no "sources disagree" caveat
    # (nothing is disputed) and no caveat at all (exact day, nothing open).
    tl = lt.loads(STAGED)
    a = tl.value_of("p_s40", "2003-06-01")
    assert (a.status, a.value) == ("definite", "new words")
    assert a.since == lt.PartialDate.parse("2003-06-01")
    assert not any("disagree" in c for c in a.caveats) and a.caveats == ()
    # outside its extent it is not in force (and a caveat says it does not extend there)
    s = tl.value_of("p_s40", "2003-06-01", where="S")
    assert (s.status, s.in_force) == ("definite", False)
    assert_for_people(tl, s.caveats)


def test_a_lapsed_amendment_is_never_applied_and_pending_only_before_it_lapsed() -> None:
    # s. 41: the amendment carries an effective date (1 January 2003) but lapsed on 1 January 2005: it is in no
    # world, so the old words stay in force throughout; it is pending before 1 January 2005 and not after.
    tl = lt.loads(STAGED)
    for day in ("2003-06-01", "2004-06-01", "2006-01-01"):
        a = tl.value_of("p_s41", day)
        assert (a.status, a.value) == ("definite", "old words"), day
    assert "act_aca/p_s41/1" in {c.id for c in tl.in_force("2004-06-01").pending}
    assert "act_aca/p_s41/1" not in {c.id for c in tl.in_force("2005-06-01").pending}
