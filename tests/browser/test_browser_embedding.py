"""The notebook fragment inside a host page, and both forms of the timeline without JavaScript (or without CSS)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import pytest

import lawtimeline as lt

if TYPE_CHECKING:
    from conftest import OpenPage  # the fixture's type; conftest is not imported at run time

HOST_CSS = (
    "html{background:rgb(250,240,230)} body{color:rgb(1,2,3);font:13px/1.2 serif;margin:11px}"
    " p{margin:7px} h2,h3{color:rgb(4,5,6);margin:3px} table{border-collapse:separate;border-spacing:3px}"
    " th,td{padding:5px;border:1px solid rgb(9,9,9)} ol,li{margin:2px;padding:1px} a{color:rgb(7,8,9)}"
    " button,select,input{font-size:9px;padding:1px} svg{display:inline} text{fill:rgb(3,3,3)}"
    " time{font-style:normal} section,figure,header{margin:4px}"
)


def host_elements(prefix: str) -> str:
    return (f"<header id='{prefix}-header'><h2 id='{prefix}-h2'>Host heading</h2></header>"
            f"<p id='{prefix}-p'>Host paragraph with <a id='{prefix}-a' href='#nowhere'>a link</a>"
            f" and <time id='{prefix}-time'>today</time>.</p>"
            f"<table id='{prefix}-table'><tr><th id='{prefix}-th'>h</th><td id='{prefix}-td'>d</td></tr></table>"
            f"<ol id='{prefix}-ol'><li id='{prefix}-li'>item</li></ol><h3 id='{prefix}-h3'>Sub</h3>"
            f"<section id='{prefix}-section'><figure id='{prefix}-figure'>f</figure></section>"
            f"<button id='{prefix}-button'>b</button><input id='{prefix}-input'>"
            f"<select id='{prefix}-select'><option>o</option></select>"
            f"<svg id='{prefix}-svg' width='20' height='10'><text id='{prefix}-text' y='8'>t</text></svg>")


def host_page(inner: str) -> str:
    # The tall spacer gives both pages a scrollbar, so layout widths compare equal.
    return ("<!doctype html><html lang='en'><head><meta charset='utf-8'><title>Host notebook</title>"
            f"<style>{HOST_CSS}</style></head><body>{host_elements('before')}{inner}{host_elements('after')}"
            "<div style='height:20000px'></div></body></html>")


STYLES = """() => {
  const out = {};
  for (const el of [document.documentElement, document.body,
                    ...document.querySelectorAll('[id^="before-"], [id^="after-"]')]) {
    const cs = getComputedStyle(el), props = [];
    for (let i = 0; i < cs.length; i++) props.push(cs[i] + '\\u0000' + cs.getPropertyValue(cs[i]));
    out[el.id || el.tagName] = props.join('\\u0001');
  }
  return out;
}"""


def computed_styles(page: Any) -> dict[str, dict[str, str]]:
    """The computed style of the host's html, body and every host element, as {element: {property: value}}."""
    return {el: dict(item.split("\x00", 1) for item in props.split("\x01"))
            for el, props in page.evaluate(STYLES).items()}


# The page's own height grows with the fragment in it, and with it these properties of html and body.
PAGE_SIZE = {"block-size", "height", "perspective-origin", "transform-origin"}


def style_diff(a: dict[str, dict[str, str]], b: dict[str, dict[str, str]]) -> list[str]:
    """Every computed property that differs, as ``#element property: before -> after``."""
    return [f"#{el} {prop}: {a[el].get(prop)!r} -> {b[el].get(prop)!r}"
            for el in sorted(a.keys() | b.keys()) for prop in sorted(a.get(el, {}).keys() | b.get(el, {}).keys())
            if a.get(el, {}).get(prop) != b.get(el, {}).get(prop)
            and not (el in ("HTML", "BODY") and prop in PAGE_SIZE)]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_fragment_leaves_the_host_pages_styles_alone(open_page: OpenPage, flagship: lt.Timeline,
                                                     scheme: str) -> None:
    """Every computed style of the host's own elements (before and after the fragment, of the same tags the
    fragment uses, and the host's html and body) is the same with and without the fragment in the page."""
    alone, _ = open_page(host_page(""), color_scheme=scheme)
    page, watch = open_page(host_page(flagship._repr_html_()), color_scheme=scheme)
    assert page.is_visible(".lt-toolbar")
    without, with_fragment = computed_styles(alone), computed_styles(page)
    assert len(without) == len(with_fragment) > 20
    diff = style_diff(without, with_fragment)
    assert diff == [], "\n".join(diff)
    assert with_fragment["before-p"]["color"] == "rgb(1, 2, 3)"
    assert with_fragment["before-p"]["margin-top"] == "7px"
    assert watch.problems() == {}


def test_two_different_timelines_in_one_host_page_work_independently(open_page: OpenPage, flagship: lt.Timeline,
                                                                     hostile: lt.Timeline) -> None:
    """Two fragments of different timelines in one notebook: each has its own controls, and a filter in one
    leaves the other's list alone."""
    page, watch = open_page(host_page(flagship._repr_html_() + hostile._repr_html_()))
    roots = page.locator(".lt-root")
    assert roots.count() == 2
    first, second = roots.nth(0), roots.nth(1)
    assert first.locator(".lt-toolbar").is_visible() and second.locator(".lt-toolbar").is_visible()
    n_first, n_second = len(flagship.chronology()), len(hostile.chronology())
    second.locator(".lt-search").fill("statement")
    assert second.locator(".lt-count").text_content() != f"{n_second} of {n_second} events shown"
    assert first.locator(".lt-count").text_content() == f"{n_first} of {n_first} events shown"
    assert watch.problems() == {}


def test_the_same_timeline_shown_twice_works_twice(open_page: OpenPage, flagship: lt.Timeline) -> None:
    """A notebook that displays the same Timeline in two cells: both outputs get working controls."""
    fragment = flagship._repr_html_()
    page, watch = open_page(host_page(fragment + "<p>another cell</p>" + fragment))
    second = page.locator(".lt-root").nth(1)
    assert second.locator(".lt-toolbar").is_visible()
    assert second.locator(".lt-state").is_visible()
    assert watch.problems() == {}


# -- without JavaScript ------------------------------------------------------------------------------------------

DATETIME = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")

LIST = """() => Array.from(document.querySelectorAll('.lt-list > li')).map(li => {
  const t = li.querySelector('time');
  const r = li.getBoundingClientRect();
  return {datetime: t && t.getAttribute('datetime'), label: t && t.textContent,
          title: li.querySelector(':scope > bdi') ? li.querySelector(':scope > bdi').textContent
            : Array.from(li.childNodes).filter(n => n.nodeType === 3).map(n => n.data).join('').trim(),
          height: r.height,
          visible: getComputedStyle(li).display !== 'none' && getComputedStyle(li).visibility !== 'hidden'};
})"""


def assert_list_readable(page: Any, tl: lt.Timeline) -> None:
    entries = page.evaluate(LIST)
    chronology = tl.chronology()
    assert [e["title"] for e in entries] == [e.title for e in chronology]
    assert [e["label"] for e in entries] == [e.date.label for e in chronology]
    for shown, entry in zip(entries, chronology, strict=True):
        assert shown["visible"] and shown["height"] > 0, shown
        assert shown["datetime"] and DATETIME.fullmatch(shown["datetime"]), shown
        assert shown["datetime"][:4] == f"{entry.date.earliest.year:04d}", shown
    assert page.is_visible(".lt-list")
    assert page.is_visible(".lt-source-list")
    cited = {s for e in chronology for s in e.sources}
    sources = page.inner_text(".lt-source-list")
    for sid in cited:
        assert (tl.sources[sid].title or sid) in sources


def test_without_javascript_the_list_and_sources_read_and_controls_are_hidden(open_page: OpenPage,
                                                                              flagship: lt.Timeline,
                                                                              flagship_page_html: str) -> None:
    """With JavaScript off, the static picture of the drawing, the chronological list (every entry, each with a
    <time datetime>) and the sources are visible, and no control exists (the script creates them)."""
    page, watch = open_page(flagship_page_html, js=False)
    assert page.locator(".lt-toolbar, .lt-state, input, select, button").count() == 0
    assert page.is_visible(".lt-picture")
    assert page.eval_on_selector(".lt-picture", "i => i.complete && i.naturalWidth") > 0
    assert_list_readable(page, flagship)
    assert watch.problems() == {}


def test_fragment_stripped_of_style_and_script_still_reads(open_page: OpenPage, flagship: lt.Timeline) -> None:
    """A hostile notebook host that strips <style> and <script>: the list and sources still read, in order, and
    the controls stay hidden."""
    fragment = re.sub(r"<(style|script)\b[^>]*>.*?</\1>", "", flagship._repr_html_(), flags=re.S)
    assert "<style" not in fragment and "<script" not in fragment
    page, watch = open_page(f"<!doctype html><html lang='en'><title>stripped</title><body>{fragment}</body></html>")
    assert page.locator(".lt-toolbar, .lt-state, input, select, button").count() == 0
    assert page.eval_on_selector(".lt-picture", "i => i.complete && i.naturalWidth") > 0
    assert_list_readable(page, flagship)
    assert watch.problems() == {}
