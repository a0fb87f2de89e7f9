"""Filters, search, keyboard navigation and zoom, used as a person would: real clicks, real keys."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import lawtimeline as lt

if TYPE_CHECKING:
    from conftest import OpenPage  # the fixture's type; conftest is not imported at run time

ENTRIES = """() => {
  const data = JSON.parse(document.querySelector('.lt-state-data').textContent);
  return Array.from(document.querySelectorAll('.lt-entry')).map((e, n) => ({
    id: e.id, act: data.entries[4 * n + 2] >= 0 ? data.acts[data.entries[4 * n + 2]][0] : '',
    tags: data.tagsets[data.entries[4 * n + 3]].map(i => data.tags[i]),
    text: e.textContent, shown: getComputedStyle(e).display !== 'none'}));
}"""
ACTIVE = """() => { const e = document.activeElement;
  if (!e || e === document.body) return 'BODY';
  const cls = Array.from(e.classList).find(c => c.startsWith('lt-') && !c.startsWith('lt-entry-')) || e.tagName;
  return cls === 'lt-entry' ? cls + '#' + e.id : cls; }"""
TICKS = "() => Array.from(document.querySelectorAll('.lt-tick')).map(g => [g.querySelector('text').textContent, " \
        "+g.querySelector('line').getAttribute('x1')])"


def shown(page: Any) -> list[dict[str, Any]]:
    return [e for e in page.evaluate(ENTRIES) if e["shown"]]


def count_text(page: Any) -> str:
    return page.text_content(".lt-count")


# -- filters ----------------------------------------------------------------------------------------------------


def test_act_filter_shows_only_that_acts_entries(open_page: OpenPage, flagship: lt.Timeline,
                                                 flagship_page_html: str) -> None:
    """Choosing an act hides every entry of other acts; the count says how many are shown; 'All acts' restores."""
    page, watch = open_page(flagship_page_html)
    total = len(flagship.chronology())
    act = "ru-fz-281-2024"
    page.select_option(".lt-filter-act", act)
    visible = shown(page)
    assert [e["id"] for e in visible] and all(e["act"] == act for e in visible)
    assert len(visible) == sum(1 for e in flagship.chronology() if e.act == act)
    assert count_text(page) == f"{len(visible)} of {total} events shown"
    page.select_option(".lt-filter-act", "")
    assert len(shown(page)) == total
    assert count_text(page) == f"{total} of {total} events shown"
    assert watch.problems() == {}


def test_tag_filter_shows_only_entries_with_that_tag(open_page: OpenPage, flagship: lt.Timeline,
                                                     flagship_page_html: str) -> None:
    """Choosing a tag hides entries without it (every change to a provision with that tag stays) and updates
    the count."""
    page, watch = open_page(flagship_page_html)
    total = len(flagship.chronology())
    page.select_option(".lt-filter-tag", "revocation")
    visible = shown(page)
    assert 0 < len(visible) < total
    assert all("revocation" in e["tags"] for e in visible)
    hidden = [e for e in page.evaluate(ENTRIES) if not e["shown"]]
    assert all("revocation" not in e["tags"] for e in hidden)
    revocation_changes = [e for e in flagship.chronology() if e.provision == "ru-citizenship-revocation-grounds"]
    assert len(visible) >= len(revocation_changes) >= 3
    assert count_text(page) == f"{len(visible)} of {total} events shown"
    assert watch.problems() == {}


def test_search_filters_entries_by_their_text(open_page: OpenPage, flagship: lt.Timeline,
                                              flagship_page_html: str) -> None:
    """Typed search text (any case) keeps exactly the entries whose text contains it; the count follows;
    clearing the box shows everything again."""
    page, watch = open_page(flagship_page_html)
    total = len(flagship.chronology())
    page.fill(".lt-search", "BASTRYKIN")
    visible = shown(page)
    assert len(visible) == sum(1 for e in flagship.chronology() if "bastrykin" in e.title.lower()) >= 2
    assert all("bastrykin" in e["text"].lower() for e in page.evaluate(ENTRIES) if e["shown"])
    assert not any("bastrykin" in e["text"].lower() for e in page.evaluate(ENTRIES) if not e["shown"])
    assert count_text(page) == f"{len(visible)} of {total} events shown"
    page.fill(".lt-search", "no entry says this")
    assert shown(page) == []
    assert count_text(page) == f"0 of {total} events shown"
    page.fill(".lt-search", "")
    assert count_text(page) == f"{total} of {total} events shown"
    assert watch.problems() == {}


def test_tag_filter_works_for_a_tag_with_spaces(open_page: OpenPage, hostile_page_html: str) -> None:
    """The hostile dataset tags its act and its set provision '<img src=x onerror=alert(1)>' (spaces inside):
    choosing that tag must show their entries."""
    page, watch = open_page(hostile_page_html)
    page.select_option(".lt-filter-tag", "<img src=x onerror=alert(1)>")
    titles = [e["text"] for e in shown(page)]
    assert any("Set provision with hostile items" in t for t in titles), count_text(page)
    assert watch.problems() == {}


# -- keyboard ---------------------------------------------------------------------------------------------------


def test_tab_reaches_each_control_once_then_one_list_entry(open_page: OpenPage, flagship_page_html: str) -> None:
    """From the top of the page Tab visits the act and tag selects, search, the three zoom buttons, the drawing,
    the day input and then one list entry: one stop per control (Chromium's date input steps through its own
    month/day/year fields, counted as one control), and only one of the list's entries is in the Tab order."""
    page, watch = open_page(flagship_page_html)
    stops: list[str] = []
    for _ in range(20):
        page.keyboard.press("Tab")
        here = page.evaluate(ACTIVE)
        if not stops or stops[-1] != here:
            stops.append(here)
        if here.startswith("lt-entry#"):
            break
    first = page.get_attribute(".lt-entry >> nth=0", "id")
    assert stops == ["lt-filter-act", "lt-filter-tag", "lt-search", "lt-zoom-in", "lt-zoom-out", "lt-zoom-all",
                     "lt-drawing", "lt-state-date", f"lt-entry#{first}"]
    assert page.locator(".lt-entry[tabindex='0']").count() == 1
    assert watch.problems() == {}


def test_arrow_keys_home_and_end_move_focus_through_the_list(open_page: OpenPage,
                                                             flagship_page_html: str) -> None:
    """ArrowDown/ArrowUp step between entries, End and Home jump to the last and first; the focused entry is the
    list's single Tab stop."""
    page, watch = open_page(flagship_page_html)
    ids = page.eval_on_selector_all(".lt-entry", "es => es.map(e => e.id)")
    page.focus(f"#{ids[0]}")
    steps = [("ArrowDown", 1), ("ArrowDown", 2), ("ArrowUp", 1), ("End", -1), ("ArrowDown", -1), ("ArrowUp", -2),
             ("Home", 0), ("ArrowUp", 0)]
    for key, index in steps:
        page.keyboard.press(key)
        assert page.evaluate(ACTIVE) == f"lt-entry#{ids[index]}", key
    page.keyboard.press("End")
    assert page.eval_on_selector_all(".lt-entry[tabindex='0']", "es => es.map(e => e.id)") == [ids[-1]]
    assert watch.problems() == {}


def test_tabbing_into_the_list_lands_on_the_entry_last_focused(open_page: OpenPage,
                                                               flagship_page_html: str) -> None:
    """Roving tabindex: after moving to the last entry with End and leaving the list, the next Tab from the day
    input goes straight back to that entry (the list is one Tab stop, not one per citation link)."""
    page, watch = open_page(flagship_page_html)
    ids = page.eval_on_selector_all(".lt-entry", "es => es.map(e => e.id)")
    page.focus(f"#{ids[0]}")
    page.keyboard.press("End")
    page.focus(".lt-state-date")
    page.keyboard.press("Tab")
    stops = 0
    while page.evaluate("() => document.activeElement.classList.contains('lt-state-date')") and stops < 5:
        page.keyboard.press("Tab")  # Chromium's date input steps through its own fields first
        stops += 1
    assert page.evaluate(ACTIVE) == f"lt-entry#{ids[-1]}", (
        f"{page.locator('.lt-list a').count()} links inside the list are Tab stops")
    assert watch.problems() == {}


def test_arrow_keys_skip_entries_hidden_by_a_filter(open_page: OpenPage, flagship_page_html: str) -> None:
    """With an act chosen, Home, ArrowDown and End move only among that act's entries."""
    page, watch = open_page(flagship_page_html)
    page.select_option(".lt-filter-act", "ru-fz-138-2023")
    ids = [e["id"] for e in shown(page)]
    assert len(ids) >= 3
    page.focus(f"#{ids[1]}")
    for key, index in [("Home", 0), ("ArrowDown", 1), ("ArrowDown", 2), ("End", -1)]:
        page.keyboard.press(key)
        assert page.evaluate(ACTIVE) == f"lt-entry#{ids[index]}", key
    assert watch.problems() == {}


HIGHLIGHTED = """id => ({
  all: Array.from(document.querySelectorAll('.lt-svg [data-entry]'))
    .filter(e => e.getAttribute('data-entry') === id).length,
  hl: Array.from(document.querySelectorAll('.lt-svg .lt-hl')).map(e => e.getAttribute('data-entry')),
})"""


def test_focusing_an_entry_highlights_its_marks_in_the_drawing(open_page: OpenPage,
                                                               flagship_page_html: str) -> None:
    """Moving through the list with the keyboard highlights (class lt-hl, a thicker outline) exactly the marks
    and bars of the focused entry, and scrolls the drawing so the mark is in view."""
    page, watch = open_page(flagship_page_html)
    ids = page.eval_on_selector_all(".lt-entry", "es => es.map(e => e.id)")
    drawn = [i for i in ids if page.evaluate(HIGHLIGHTED, i)["all"] > 0]
    assert len(drawn) > len(ids) // 2
    page.focus(f"#{ids[0]}")
    page.keyboard.press("Home")
    for step in range(6):
        here = ids[step]
        state = page.evaluate(HIGHLIGHTED, here)
        assert state["hl"] == [here] * state["all"], here
        if state["all"]:
            mark = page.locator(f".lt-svg [data-entry='{here}'].lt-hl").first
            assert mark.is_visible()
        page.keyboard.press("ArrowDown")
    target = page.evaluate("() => Array.from(document.querySelectorAll('.lt-svg .lt-mark, .lt-svg .lt-bar'))"
                           ".map(e => e.getAttribute('data-entry')).filter(Boolean).sort().pop()")
    page.focus(f"#{target}")
    state = page.evaluate(HIGHLIGHTED, target)
    assert state["hl"] == [target] * state["all"]
    symbol = page.locator(f".lt-svg .lt-mark[data-entry='{target}'] .lt-sym > *, "
                          f".lt-svg .lt-bar[data-entry='{target}'] .lt-bar-body").first
    assert symbol.evaluate("e => getComputedStyle(e).strokeWidth") == "3px"
    box, plot = symbol.bounding_box(), page.locator(".lt-svg").bounding_box()
    assert box is not None and plot is not None
    assert plot["x"] <= box["x"] <= plot["x"] + plot["width"]
    assert watch.problems() == {}


def test_plus_and_minus_on_the_drawing_zoom_and_arrows_pan(open_page: OpenPage, flagship_page_html: str) -> None:
    """With the drawing focused, + zooms in (the axis labels change to a finer scale), − zooms back out to the
    same labels, and the right arrow pans (the ticks move)."""
    page, watch = open_page(flagship_page_html)
    page.focus(".lt-drawing")
    before = page.evaluate(TICKS)
    page.keyboard.press("+")
    page.keyboard.press("+")
    zoomed = page.evaluate(TICKS)
    assert [t[0] for t in zoomed] != [t[0] for t in before]
    page.keyboard.press("-")
    page.keyboard.press("-")
    assert page.evaluate(TICKS) == before
    page.keyboard.press("+")
    once = page.evaluate(TICKS)
    page.keyboard.press("ArrowRight")
    panned = page.evaluate(TICKS)
    assert panned != once
    page.keyboard.press("ArrowLeft")
    assert page.evaluate(TICKS) == once
    assert watch.problems() == {}
