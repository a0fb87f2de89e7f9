"""Real answers from the flagship dataset (examples/russia_migrants.yaml), pinned.

Each test states the fact from the sources (../shared/research/seed-facts.md) that the answer rests on, and which
answers carry caveats and which carry none (DESIGN §6: only what could change the answer, in words for people).
The expectations are worked from the dataset and the seed facts, not from the engine's output.
"""

from __future__ import annotations

import re
from pathlib import Path

import pendulum
import pytest
from click.testing import CliRunner

import lawtimeline as lt
from lawtimeline.cli import cli

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "russia_migrants.yaml"
GROUNDS = "ru-citizenship-revocation-grounds"
REGISTRATION_GROUND = "failure to complete initial military registration"
LAW_281 = "Naturalized citizens' registration law 2024"  # 281-FZ's short title in the dataset
OP_WORDS = re.compile(r"\((insert|set|add|remove|repeal|amend|enactment|implicit)\)")
#: 404-FZ's fines from 1 October 2023 (seed facts: "Federal Law No. 404-FZ", the fines list)
FINES_2023 = {
    "ru-cao-fine-summons": lt.Range(10000, 30000),
    "ru-cao-fine-trip-abroad": lt.Range(5000, 15000),
    "ru-cao-fine-absence-draft": lt.Range(10000, 20000),
    "ru-cao-fine-medical": lt.Range(15000, 25000),
    "ru-cao-fine-residence-job": lt.Range(1000, 5000),
}


@pytest.fixture(scope="module")
def tl() -> lt.Timeline:
    return lt.load(EXAMPLE)


def test_the_flagship_validates_without_warnings(tl: lt.Timeline) -> None:
    """Every fact cites a source (no 'cites no source' warning), every source is cited, no suspicious date."""
    assert tl.check() == ()


def test_grounds_not_in_force_before_138_fz(tl: lt.Timeline) -> None:
    """138-FZ entered into force on 26 October 2023: the day before, its Art. 22 grounds were not in force."""
    a = tl.value_of(GROUNDS, "2023-10-25")
    assert (a.status, a.in_force, a.value) == ("definite", False, None)


def test_grounds_of_2023_from_26_october_2023(tl: lt.Timeline) -> None:
    """From 26 October 2023 the nine grounds of the 2023 version apply, without the registration ground."""
    a = tl.value_of(GROUNDS, "2023-10-26")
    assert a.status == "definite" and a.in_force is True
    assert len(a.value) == 9 and "forged documents or false information used to obtain citizenship" in a.value
    assert REGISTRATION_GROUND not in a.value
    assert a.since == lt.PartialDate.parse("2023-10-26")


def test_281_fz_window_is_unresolved_and_says_why(tl: lt.Timeline) -> None:
    """281-FZ entered into force on the unknown day of its publication, between its signing on 8 August 2024 and
    the end of that month: inside that window the answer lists both possibilities (without the new ground first:
    it applies no undecided change) and a caveat names the law by its short title, with its window."""
    for day in ("2024-08-08", "2024-08-15", "2024-08-20", "2024-08-30"):
        a = tl.value_of(GROUNDS, day)
        assert a.status == "unresolved", day
        assert a.value is None and a.in_force is True
        assert [REGISTRATION_GROUND in v for _f, v in a.candidates] == [False, True]
        assert any(LAW_281 in c and "between 8 and 31 August 2024" in c for c in a.caveats), a.caveats
        assert_for_people(tl, a.caveats)


def test_281_fz_adds_the_registration_ground(tl: lt.Timeline) -> None:
    """From 31 August 2024 at the latest, failing initial military registration is a ground (10 grounds)."""
    for day in ("2024-08-31", "2025-08-10"):
        a = tl.value_of(GROUNDS, day)
        assert a.status == "definite" and REGISTRATION_GROUND in a.value and len(a.value) == 10, day


def test_law_of_31_july_2025_adds_grounds_from_11_august_2025(tl: lt.Timeline) -> None:
    """The law signed 31 July 2025 entered into force on 11 August 2025 and added the named offences."""
    before = tl.value_of(GROUNDS, "2025-08-10")
    after = tl.value_of(GROUNDS, "2025-08-11")
    assert after.status == "definite" and after.since == lt.PartialDate.parse("2025-08-11")
    added = after.value - before.value
    assert {"murder", "justifying terrorism", "assisting the enemy"} <= added
    assert len(after.value) == 19
    assert after.change is not None and after.change.startswith("ru-law-2025-07-31/")


def test_fines_rise_on_1_october_2023(tl: lt.Timeline) -> None:
    """404-FZ (in force 1 October 2023) raised the fine for not appearing on a summons from 500–3,000 RUB to
    10,000–30,000 RUB."""
    before = tl.value_of("ru-cao-fine-summons", "2023-09-30")
    after = tl.value_of("ru-cao-fine-summons", "2023-10-01")
    assert before.value == lt.Range(500, 3000)
    assert after.value == lt.Range(10000, 30000)
    assert after.change is not None and after.change.startswith("ru-fz-404-2023/")
    assert tl.provisions["ru-cao-fine-summons"].format(after.value) == "10,000–30,000 RUB"


def test_the_july_2025_fine_is_pending(tl: lt.Timeline) -> None:
    """The law signed 7 July 2025 has no known date of entry into force: its new fine is pending, not in force."""
    snap = tl.in_force("2025-08-12")
    assert "ru-cao-fine-move-3-months" not in snap
    assert [c.provision for c in snap.pending] == ["ru-cao-fine-move-3-months"]
    assert tl.value_of("ru-cao-fine-move-3-months", "2026-06-01").in_force is False


def test_the_december_2025_law_ends_the_draft_only_limit(tl: lt.Timeline) -> None:
    """The law signed 15 December 2025, in force 1 January 2026, removed the "during a draft only" limit."""
    assert tl.value_of("ru-cao-draft-only-limit", "2025-12-31").in_force is True
    assert tl.value_of("ru-cao-draft-only-limit", "2026-01-01").in_force is False


def test_the_bastrykin_statement_keeps_both_dates(tl: lt.Timeline) -> None:
    """The seed dates Bastrykin's statement 19 May 2025, the Kyiv Independent 20 May: both claims are kept."""
    e = tl.events["bastrykin-2025-05"]
    assert e.disputed
    assert [c.date.edtf for c in e.claims] == ["2025-05-19", "2025-05-20"]
    assert e.date == lt.PartialDate.parse("[2025-05-19..2025-05-20]")
    entry = next(x for x in tl.chronology() if x.subject == "bastrykin-2025-05")
    assert any(c.startswith("sources disagree") for c in entry.caveats)


def test_as_of_before_281_fz_was_published_does_not_see_it(tl: lt.Timeline) -> None:
    """As known on 7 August 2024 (before 281-FZ was even signed), the grounds on 1 September 2024 are those of
    2023; as known later, the registration ground is there."""
    early = tl.value_of(GROUNDS, "2024-09-01", as_of="2024-08-07")
    late = tl.value_of(GROUNDS, "2024-09-01", as_of="2024-09-01")
    assert early.status == "definite" and REGISTRATION_GROUND not in early.value
    assert late.status == "definite" and REGISTRATION_GROUND in late.value


def test_diff_names_the_acts(tl: lt.Timeline) -> None:
    """Between 1 January 2024 and 1 September 2025 the grounds changed by 281-FZ and the law of 31 July 2025."""
    d = next(x for x in tl.diff("2024-01-01", "2025-09-01") if x.provision == GROUNDS)
    assert {c.split("/")[0] for c in d.changes} == {"ru-fz-281-2024", "ru-law-2025-07-31"}


def test_in_force_table_reads_for_people() -> None:
    """The CLI table on 12 August 2025 names the provisions, values in RUB, since when and by which act."""
    result = CliRunner().invoke(cli, ["in-force", str(EXAMPLE), "--on", "2025-08-12"])
    assert result.exit_code == 0, result.output
    out = result.output
    assert out.startswith("In force on 12 August 2025")
    assert "10,000–30,000 RUB" in out and "Pending (no date of entry into force yet):" in out
    for phrase in ("Grounds for revoking acquired citizenship", "1 October 2023", "Military registration fines 2023"):
        assert all(word in out for word in phrase.split()), phrase  # table cells wrap, words stay whole


# -- which answers carry caveats -----------------------------------------------------------------------------------
def _ids(tl: lt.Timeline) -> set[str]:
    ids = set(tl.acts) | set(tl.provisions) | set(tl.sources) | set(tl.events)
    ids |= {c.id for c in tl.all_changes()}
    ids |= {e.id for a in tl.acts.values() for e in a.events}
    return ids


def assert_for_people(tl: lt.Timeline, caveats: tuple[str, ...]) -> None:
    """No caveat holds an id of the dataset or an op name in parentheses."""
    ids = _ids(tl)
    for c in caveats:
        assert not OP_WORDS.search(c), c
        leaked = sorted(i for i in ids if i in c)
        assert not leaked, (leaked, c)


def _horizon(tl: lt.Timeline, day: str) -> bool:
    """The day is not after the dataset's data horizon (after it, every answer carries the §4a caveat)."""
    as_at = getattr(tl, "as_at", None)
    return as_at is None or pendulum.parse(day).date() <= as_at


def test_fines_after_1_october_2023_are_definite_without_caveat(tl: lt.Timeline) -> None:
    """From 1 October 2023 each fine is 404-FZ's (in force that exact day), which fully supersedes the older
    500–3,000 RUB fine whose start is unknown: definite, since 1 October 2023, and nothing could change the answer
    (no open window, no order, no pending change of these provisions): no caveat (DESIGN §6)."""
    for day in ("2023-10-01", "2024-01-01", "2024-08-20", "2025-08-12", "2026-06-01"):
        if not _horizon(tl, day):
            continue
        for pid, fine in FINES_2023.items():
            a = tl.value_of(pid, day)
            assert (a.status, a.in_force, a.value) == ("definite", True, fine), (pid, day)
            assert a.since == lt.PartialDate.parse("2023-10-01"), (pid, day)
            assert a.caveats == (), (pid, day, a.caveats)


def test_after_the_data_horizon_answers_say_so(tl: lt.Timeline) -> None:
    """The flagship's data ends with its latest source (its ``as_at``, 1 January 2026): a definite answer about a
    later day carries exactly one caveat, the data horizon (DESIGN §4a), with that day's label."""
    assert tl.as_at == pendulum.Date(2026, 1, 1)
    a = tl.value_of("ru-cao-fine-summons", "2026-06-01")
    assert (a.status, a.value) == ("definite", lt.Range(10000, 30000))
    assert len(a.caveats) == 1 and "1 January 2026" in a.caveats[0], a.caveats
    assert_for_people(tl, a.caveats)


def test_fines_before_1_october_2023_say_their_start_is_unknown(tl: lt.Timeline) -> None:
    """Before 1 October 2023 the 500–3,000 RUB fine began some day between the Code's date (30 December 2001) and
    30 September 2023: in 2010 it may or may not be in force, and the caveat says so with that window, naming the
    Code by its short title."""
    a = tl.value_of("ru-cao-fine-summons", "2010-01-01")
    assert a.status == "unresolved" and a.candidates == ((False, None), (True, lt.Range(500, 3000)))
    assert any("Code of Administrative Offences" in c and "30 September 2023" in c for c in a.caveats), a.caveats
    assert_for_people(tl, a.caveats)


def test_grounds_after_11_august_2025_are_definite_without_caveat(tl: lt.Timeline) -> None:
    """From 11 August 2025 (an exact day) the grounds are the law of 31 July 2025's; 281-FZ's addition is still
    part of the state, but its date is a range, not uncertain or disputed (caveat 5 of DESIGN §6 does not apply)
    and its window is long past: definite, no caveat."""
    for day in ("2025-08-11", "2025-10-01", "2026-01-01", "2026-06-01"):
        if not _horizon(tl, day):
            continue
        a = tl.value_of(GROUNDS, day)
        assert a.status == "definite" and len(a.value) == 19 and REGISTRATION_GROUND in a.value, day
        assert a.since == lt.PartialDate.parse("2025-08-11"), day
        assert a.caveats == (), (day, a.caveats)


def test_grounds_between_the_laws_rest_on_281_fz_s_unknown_day(tl: lt.Timeline) -> None:
    """From 1 September 2024 to 10 August 2025 the grounds are definite (281-FZ has certainly taken effect), but
    the state rests on its entry into force, some day between 8 and 31 August 2024: one caveat gives that day
    (caveat 4), naming the law by its short title."""
    a = tl.value_of(GROUNDS, "2025-01-01")
    assert a.status == "definite" and len(a.value) == 10
    assert a.since == lt.PartialDate.parse("[2024-08-08..2024-08-31]")
    assert a.change is not None and a.change.startswith("ru-fz-281-2024/")
    assert any(LAW_281 in c and "31 August 2024" in c for c in a.caveats), a.caveats
    assert_for_people(tl, a.caveats)


def test_the_pending_fine_is_named_only_once_its_law_exists(tl: lt.Timeline) -> None:
    """The law signed 7 July 2025 has no date of entry into force: its fine is pending from its signing on, and
    the answer about that provision says so, naming the law; on 1 January 2024 the law did not exist yet: not
    pending, and no caveat."""
    pid = "ru-cao-fine-move-3-months"
    early = tl.in_force("2024-01-01")
    assert [c.provision for c in early.pending] == []
    assert tl.value_of(pid, "2024-01-01").caveats == ()
    late = tl.value_of(pid, "2025-08-12")
    assert (late.status, late.in_force) == ("definite", False)
    assert any("Registration fines law (July 2025)" in c for c in late.caveats), late.caveats
    assert_for_people(tl, late.caveats)


def _days(tl: lt.Timeline) -> list[str]:
    days = {f"{y}-{m:02d}-01" for y in range(2001, 2027) for m in range(1, 13)}
    for c in tl.all_changes():
        for d in (c.effective, c.known):
            if d is not None:
                for day in (d.earliest.subtract(days=1), d.earliest, d.latest, d.latest.add(days=1)):
                    days.add(day.isoformat())
    return sorted(days)


def test_no_caveat_anywhere_names_an_id_or_an_op(tl: lt.Timeline) -> None:
    """Every provision on the first of every month 2001–2026 and around every change's dates, also as known on a
    few days and in every snapshot: no caveat holds a dataset id (act, provision, change, event or source) or an
    op name in parentheses."""
    seen: set[str] = set()
    for day in _days(tl):
        for pid in tl.provisions:
            seen.update(tl.value_of(pid, day).caveats)
        for answer in tl.in_force(day).values():
            seen.update(answer.caveats)
    for as_of in ("2023-06-01", "2024-08-20", "2025-08-01"):
        for day in ("2024-08-20", "2025-09-01"):
            for pid in tl.provisions:
                seen.update(tl.value_of(pid, day, as_of=as_of).caveats)
    assert seen, "the flagship has uncertain answers, so some caveat must exist"
    assert_for_people(tl, tuple(sorted(seen)))
