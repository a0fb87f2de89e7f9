"""What a reader sees: marks, colours, layout with long words, and right-to-left text, measured in the browser."""

from __future__ import annotations

from typing import TYPE_CHECKING

import lawtimeline as lt

if TYPE_CHECKING:
    from conftest import OpenPage  # the fixture's type; conftest is not imported at run time

EFFECTIVE_OPACITY = """() => Array.from(document.querySelectorAll('.lt-svg .lt-mark')).map(g => {
  let o = 1;
  for (let e = g.querySelector('.lt-sym'); e && !e.classList.contains('lt-svg'); e = e.parentElement)
    o *= +getComputedStyle(e).opacity;
  return [g.querySelector('title').textContent, Math.round(o * 100) / 100];
})"""


def test_marks_of_partial_dates_are_drawn_at_full_strength(open_page: OpenPage, flagship_page_html: str) -> None:
    """A date known only to the month, a range or an approximate day is drawn as a band *behind* a normal
    symbol: every mark's symbol is fully opaque, whatever its precision (the legend shows them so)."""
    page, watch = open_page(flagship_page_html)
    marks = page.evaluate(EFFECTIVE_OPACITY)
    assert len(marks) > 20
    faint = [m for m in marks if m[1] < 0.99]
    assert faint == []
    assert watch.problems() == {}


GRADIENT_COLOURS = """() => {
  const svg = document.querySelector('.lt-svg'), rid = document.querySelector('.lt-root').id;
  const stop = id => getComputedStyle(document.getElementById(rid + '-' + id).querySelector('stop')).stopColor;
  const colour = sel => getComputedStyle(svg.querySelector(sel)).color;
  const style = sel => getComputedStyle(svg.querySelector(sel));
  return {fade: stop('fadein'), bar: colour('.lt-bar'), trail: style('.lt-pending-trail').stroke,
          pending: colour('.lt-pending'), words: style('.lt-pending-text').fill};
}"""


def test_fades_and_pending_trails_use_their_marks_colour(open_page: OpenPage, flagship_page_html: str) -> None:
    """The 'approximate or unknown start (fades in)' gradient is drawn in the value bars' colour and the pending
    trail in the pending colour, as the legend shows them."""
    page, watch = open_page(flagship_page_html)
    colours = page.evaluate(GRADIENT_COLOURS)
    assert colours["fade"] == colours["bar"], colours
    assert colours["trail"] == colours["pending"] == colours["words"], colours
    assert watch.problems() == {}


OVERFLOW = """() => {
  const root = document.querySelector('.lt-root').getBoundingClientRect();
  const out = [];
  for (const el of document.querySelectorAll('.lt-root *')) {
    if (el.closest('.lt-drawing, .lt-table-box')) continue;  // these scroll inside their own boxes by design
    const r = el.getBoundingClientRect();
    if (r.width && r.right > root.right + 1) out.push(el.tagName.toLowerCase() + '.' + el.className + ' right=' +
                                                       Math.round(r.right));
  }
  return {page: [document.documentElement.scrollWidth, document.documentElement.clientWidth],
          overflowing: out.slice(0, 8)};
}"""


def test_flagship_fits_the_window_width(open_page: OpenPage, flagship_page_html: str) -> None:
    """At a laptop width nothing but the drawing's own scroll box is wider than the timeline: no sideways
    scrolling of the page."""
    page, watch = open_page(flagship_page_html, width=1280)
    found = page.evaluate(OVERFLOW)
    assert found["overflowing"] == []
    assert found["page"][0] <= found["page"][1]
    assert watch.problems() == {}


def test_very_long_words_wrap_inside_the_timeline(open_page: OpenPage, hostile_page_html: str) -> None:
    """A 170-letter word in a provision's value and a very long title wrap inside the list and the state
    table instead of pushing them past the edge of the timeline."""
    page, watch = open_page(hostile_page_html, width=1280)
    found = page.evaluate(OVERFLOW)
    assert found["overflowing"] == [], found
    assert found["page"][0] <= found["page"][1]
    assert watch.problems() == {}


CITE_AFTER_TITLE = """title => {
  // the title is a <bdi> when it holds right-to-left text, else a text node of the item
  const node = li => li.querySelector(':scope > bdi')
    || Array.from(li.childNodes).find(n => n.nodeType === 3 && n.data.trim() === title);
  const li = Array.from(document.querySelectorAll('.lt-entry'))
    .find(li => node(li) && node(li).textContent.trim() === title);
  const range = document.createRange();
  range.selectNodeContents(node(li));
  const rects = Array.from(range.getClientRects());
  return {lines: new Set(rects.map(r => Math.round(r.top))).size, titleRight: Math.max(...rects.map(r => r.right)),
          citeLeft: li.querySelector(':scope > a').getBoundingClientRect().left};
}"""


def test_right_to_left_titles_keep_their_citation_after_them(open_page: OpenPage, hostile: lt.Timeline,
                                                             hostile_page_html: str) -> None:
    """A Hebrew title, and a title ending in a closed right-to-left override, are followed on screen by their
    citation mark, as every other entry is."""
    page, watch = open_page(hostile_page_html, width=1280)
    titles = [e.title for e in hostile.chronology() if e.sources and ("\u05d7" in e.title or "\u202e" in e.title)]
    assert len(titles) >= 2
    for title in titles:
        where = page.evaluate(CITE_AFTER_TITLE, title)
        assert where["lines"] == 1
        assert where["citeLeft"] >= where["titleRight"] - 1, (title, where)
    assert watch.problems() == {}


def test_left_to_right_titles_keep_their_citation_after_them(open_page: OpenPage, hostile: lt.Timeline,
                                                             hostile_page_html: str) -> None:
    """The measure used above holds for ordinary one-line titles (so the right-to-left test measures bidi, not
    layout)."""
    page, watch = open_page(hostile_page_html, width=1280)
    checked = 0
    for entry in hostile.chronology():
        if not entry.sources or "\u05d7" in entry.title or "\u202e" in entry.title:
            continue
        where = page.evaluate(CITE_AFTER_TITLE, entry.title)
        if where["lines"] == 1:
            assert where["citeLeft"] >= where["titleRight"] - 1, (entry.title, where)
            checked += 1
    assert checked >= 4
    assert watch.problems() == {}
