"""The page's "state on a date" control agrees with the library's own answers (``Timeline.in_force``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest

import lawtimeline as lt

if TYPE_CHECKING:
    from conftest import OpenPage  # the fixture's type; conftest is not imported at run time

READ_TABLE = """() => {
  const out = document.querySelector('.lt-state-out');
  const rows = Array.from(out.querySelectorAll('tbody tr')).map(tr => {
    const [value, since, status] = tr.querySelectorAll('td');
    const unresolved = value.querySelector('.lt-unresolved');
    return {
      name: tr.querySelector('th').textContent,
      unresolved: unresolved ? unresolved.textContent : null,
      values: unresolved ? Array.from(value.querySelectorAll('li')).map(li => li.textContent)
                         : [value.querySelector('span').textContent],
      caveats: Array.from(value.querySelectorAll('.lt-cav')).map(d => d.textContent),
      since: since.textContent,
      status: status.textContent,
    };
  });
  const lists = out.querySelectorAll(':scope > ul');
  return {rows: rows, summary: out.querySelector('p').textContent,
          pending: lists.length ? Array.from(lists[lists.length - 1].querySelectorAll('li')).length : 0};
}"""


def expected_rows(tl: lt.Timeline, day: str) -> list[dict[str, Any]]:
    """What the state table must say on ``day``, computed by the library."""
    rows = []
    for pid, answer in tl.in_force(on=day).items():
        p = tl.provisions[pid]
        acts = {c.id: tl.acts[c.act].name for c in tl.amendments_to(pid)}
        if answer.status == "definite":
            values = [p.format(answer.value)]
        else:
            values = [p.format(v) if f else "not in force" for f, v in answer.candidates]
        since = f"{answer.since.label} ({acts[answer.change]})" if answer.since and answer.change else ""
        rows.append({
            "name": p.name + (f" ({p.path})" if p.path else ""),
            "unresolved": None if answer.status == "definite" else f"{answer.status.capitalize()} — one of: ",
            "values": values, "caveats": [*(answer.limits if answer.status == "partial" else ()), *answer.caveats],
            "since": since, "status": answer.status,
        })
    return rows


@pytest.mark.parametrize("day", ["2023-06-01", "2024-08-15", "2025-08-12", "2026-01-02"])
def test_state_on_date_matches_in_force(open_page: OpenPage, flagship: lt.Timeline, flagship_page_html: str,
                                        day: str) -> None:
    """For each day, the table lists exactly the provisions ``in_force(on=day)`` lists, in order, with the same
    value (or the same candidates when unresolved), since-date and act, status and caveats, and the pending
    changes."""
    page, watch = open_page(flagship_page_html)
    page.fill(".lt-state-date", day)
    shown = page.evaluate(READ_TABLE)
    expected = expected_rows(flagship, day)
    assert shown["rows"] == expected
    n = len(expected)
    words = lt.PartialDate.parse(day).label  # the page writes days in words, as everywhere else
    assert shown["summary"] == f"{n} provision{' was' if n == 1 else 's were'} or may have been in force on {words}."
    assert shown["pending"] == len(flagship.in_force(on=day).pending)
    assert watch.problems() == {}


def test_revocation_grounds_are_unresolved_while_the_2024_publication_day_is_unknown(
        open_page: OpenPage, flagship: lt.Timeline, flagship_page_html: str) -> None:
    """On 15 August 2024 (inside the 8–31 August publication window of 281-FZ) the page says the revocation
    grounds are unresolved and offers both sets; on 12 August 2025 it gives one definite set."""
    grounds = flagship.provisions["ru-citizenship-revocation-grounds"]
    row = f"tr:has(th:text-is('{grounds.name} ({grounds.path})'))"
    page, watch = open_page(flagship_page_html)
    page.fill(".lt-state-date", "2024-08-15")
    assert page.text_content(f".lt-state-out {row} td .lt-unresolved") == "Unresolved — one of: "
    assert page.locator(f".lt-state-out {row} td li").count() == 2
    assert flagship.value_of(grounds.id, on="2024-08-15").status == "unresolved"
    page.fill(".lt-state-date", "2025-08-12")
    assert page.locator(f".lt-state-out {row} .lt-unresolved").count() == 0
    assert page.text_content(f".lt-state-out {row} td:nth-of-type(3)") == "definite"
    assert watch.problems() == {}


def test_initial_state_is_shown_for_the_preset_day(open_page: OpenPage, flagship: lt.Timeline,
                                                   flagship_page_html: str) -> None:
    """Before anyone touches it, the control shows the state on the day preset in its input."""
    page, watch = open_page(flagship_page_html)
    day = page.input_value(".lt-state-date")
    iso = next(e.date.earliest.isoformat() for e in reversed(flagship.chronology()) if e.date.exact)
    assert day == lt.PartialDate.parse(iso).label  # the last exact day of the chronology, in words
    assert page.evaluate(READ_TABLE)["rows"] == expected_rows(flagship, iso)
    assert watch.problems() == {}
