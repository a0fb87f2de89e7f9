"""Real answers from the flagship dataset (examples/russia_migrants.yaml), pinned.

Each test states the fact from the sources (../shared/research/seed-facts.md) that the answer rests on.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

import lawtimeline as lt
from lawtimeline.cli import cli

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "russia_migrants.yaml"
GROUNDS = "ru-citizenship-revocation-grounds"
REGISTRATION_GROUND = "failure to complete initial military registration"


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
    the end of that month: inside that window the answer lists both possibilities and says why."""
    for day in ("2024-08-08", "2024-08-15", "2024-08-30"):
        a = tl.value_of(GROUNDS, day)
        assert a.status == "unresolved", day
        assert a.value is None and a.in_force is True
        assert [REGISTRATION_GROUND in v for _f, v in a.candidates] == [False, True]
        assert any("may or may not have taken effect" in c for c in a.caveats)
        assert any("between 8 and 31 August 2024" in c for c in a.caveats)


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
