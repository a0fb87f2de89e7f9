"""Escaping and isolation in a real browser: hostile dataset text shows as text, runs nothing, fetches nothing.

``tests/data/hostile.yaml`` is a valid dataset whose free text is markup, script, jinja2 syntax, dangerous URLs,
bidirectional-override marks and very long words. Every page is watched (see ``conftest.py``): a dialog, a console
error, a page error or a request for anything but the page itself fails the test.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from click.testing import CliRunner

import lawtimeline as lt
from lawtimeline.cli import cli

if TYPE_CHECKING:
    from conftest import OpenPage  # the fixture's type; conftest is not imported at run time

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "russia_migrants.yaml"

HOSTILE_BITS = (
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '"><svg onload=alert(1)>',
    "{{ 7*7 }}",
    "{% raw %}",
    "</script><script>alert(1)</script>",
    "javascript:alert(1)",
)

# Elements and attributes that hostile text must never turn into.
INJECTED = """() => {
  const out = [];
  // the page's own static picture: one <img class="lt-picture"> per timeline, an SVG data URI (an <img> runs no
  // script and loads nothing); anything else with a data: URL, or any other <img>, was injected
  const own = el => el.tagName === 'IMG' && el.classList.contains('lt-picture') && el.parentElement
    && el.parentElement.classList.contains('lt-figure')
    && /^data:image\\/svg\\+xml;base64,[A-Za-z0-9+\\/=]+$/.test(el.getAttribute('src'));
  for (const el of document.querySelectorAll('*')) {
    if (own(el)) continue;
    for (const a of el.attributes) {
      if (/^on/i.test(a.name)) out.push(el.tagName + '[' + a.name + ']');
      if (/^(href|src|xlink:href|action|formaction)$/i.test(a.name)
          && /^\\s*(javascript|data|vbscript):/i.test(a.value))
        out.push(el.tagName + '[' + a.name + '=' + a.value + ']');
    }
  }
  for (const sel of ['img', 'iframe', 'object', 'embed', 'b', 'i', 'foreignObject', 'base', 'form',
                     'meta[http-equiv=refresh]'])
    for (const el of document.querySelectorAll(sel)) if (!own(el)) out.push('<' + el.tagName + '>');
  return out;
}"""


EXERCISE = """bits => {
  const root = document.querySelector('.lt-root');
  const fire = (el, type) => el.dispatchEvent(new Event(type, {bubbles: true}));
  for (const sel of root.querySelectorAll('.lt-filter-act, .lt-filter-tag')) {
    for (const o of sel.options) { sel.value = o.value; fire(sel, 'change'); }
    sel.value = ''; fire(sel, 'change');
  }
  const search = root.querySelector('.lt-search');
  for (const b of bits) { search.value = b; fire(search, 'input'); }
  search.value = ''; fire(search, 'input');
  const day = root.querySelector('.lt-state-date');
  for (const d of ['2024-03-15', '2024-06-01', 'not a day', '']) { day.value = d; fire(day, 'input'); }
  for (const b of root.querySelectorAll('.lt-zoom button')) b.click();
  for (const li of root.querySelectorAll('.lt-entry')) li.focus();
  return root.querySelectorAll('.lt-filter-act option, .lt-filter-tag option').length;
}"""


def exercise(page) -> None:  # type: ignore[no-untyped-def]
    """Use every control through the page's own event handlers: every act and tag option, hostile search text,
    days, the zoom buttons, and focus on every list entry (which highlights its marks)."""
    assert page.evaluate(EXERCISE, list(HOSTILE_BITS)) > 2


def test_the_watch_catches_dialogs_errors_and_requests(open_page: OpenPage) -> None:
    """The guards themselves work: a page that alerts, throws and fetches is caught on every count, and the
    scan for injected markup finds an event handler, a javascript: link and an image."""
    page, watch = open_page(
        "<!doctype html><title>canary</title><script>alert('canary')</script>"
        "<img src='https://example.org/canary.png' alt=''><script>console.error('canary'); nosuchfunction()</script>"
        "<a href=' JavaScript:void(0)'>x</a><svg onload='void 0'></svg>"
    )
    problems = watch.problems()
    assert problems["dialogs"] == ["alert: canary"]
    assert problems["requests"] == ["https://example.org/canary.png"]
    assert "canary" in problems["console errors"]
    assert any("nosuchfunction" in e for e in problems["page errors"])
    assert page.evaluate(INJECTED) == ["A[href= JavaScript:void(0)]", "svg[onload]", "<IMG>"]


@pytest.mark.parametrize("options", [{}, {"lanes": "provision"}, {"lanes": "tag", "start": "2024-01-01",
                                                                     "end": "2025-12-31", "title": "<i>Window</i>"}])
def test_flagship_page_runs_cleanly_and_its_script_starts(open_page: OpenPage, flagship: lt.Timeline,
                                                         options: dict[str, str]) -> None:
    """The flagship page, in each lane grouping and in a window of days, loads with no dialog, error or request,
    its script shows the controls and counts the entries, and using every control keeps it clean."""
    page, watch = open_page(flagship.to_html(full_page=True, **options))
    assert page.is_visible(".lt-toolbar")
    n = page.locator(".lt-entry").count()
    assert 0 < n <= len(flagship.chronology())
    assert page.text_content(".lt-count") == f"{n} of {n} events shown"
    exercise(page)
    assert watch.problems() == {}


def test_page_written_by_the_cli_runs_cleanly(open_page: OpenPage, flagship: lt.Timeline, tmp_path: Path) -> None:
    """``lawtimeline render FILE -o OUT.html`` writes the same page as ``to_html``, and it runs cleanly."""
    out = tmp_path / "timeline.html"
    result = CliRunner().invoke(cli, ["render", str(EXAMPLE), "-o", str(out)])
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert html == flagship.to_html(full_page=True)
    page, watch = open_page(html)
    assert page.is_visible(".lt-toolbar")
    assert watch.problems() == {}


@pytest.mark.parametrize("lanes", ["act", "provision", "tag"])
def test_hostile_page_runs_nothing_and_fetches_nothing(open_page: OpenPage, hostile: lt.Timeline,
                                                       lanes: str) -> None:
    """Hostile text in every field, in every lane grouping: after using every control, nothing ran and nothing
    was fetched, no element carries an event handler or a dangerous URL, and the only scripts are the page's two."""
    page, watch = open_page(hostile.to_html(full_page=True, lanes=lanes))
    exercise(page)
    assert watch.problems() == {}
    assert page.evaluate(INJECTED) == []
    assert page.eval_on_selector_all("script", "ss => ss.map(s => s.type || 'js')") == ["application/json", "js"]


def test_hostile_text_shows_as_literal_text(open_page: OpenPage, hostile: lt.Timeline,
                                            hostile_page_html: str) -> None:
    """Titles, descriptions, entries, tags and sources show the hostile strings verbatim; ``{{ 7*7 }}`` stays
    literal (no 49 anywhere)."""
    page, watch = open_page(hostile_page_html)
    assert page.title() == hostile.title
    assert page.text_content(".lt-title") == hostile.title
    assert hostile.description is not None
    assert page.text_content(".lt-desc") == hostile.description
    titles = page.eval_on_selector_all(".lt-entry", "es => es.map(e => e.querySelector(':scope > bdi') ? "
                                       "e.querySelector(':scope > bdi').textContent : Array.from(e.childNodes)"
                                       ".filter(n => n.nodeType === 3).map(n => n.data).join('').trim())")
    assert titles == [e.title for e in hostile.chronology()]
    tag_options = page.eval_on_selector_all(".lt-filter-tag option", "os => os.map(o => o.textContent)")
    assert "<script>alert(1)</script>" in tag_options
    assert "<img src=x onerror=alert(1)>" in tag_options
    text = page.inner_text("body")
    for bit in HOSTILE_BITS:
        assert bit in text, bit
    assert "49" not in text
    assert page.is_visible(".lt-title")
    assert watch.problems() == {}


def test_hostile_values_show_as_text_in_the_state_on_date_table(open_page: OpenPage,
                                                                hostile_page_html: str) -> None:
    """A value holding ``</script><script>…`` (embedded in the page's JSON) comes back as text in the state table."""
    page, watch = open_page(hostile_page_html)
    page.fill(".lt-state-date", "2024-03-15")
    out = page.inner_text(".lt-state-out")
    assert "</script><script>alert(1)</script> value {{ 7*7 }}" in out
    assert "<img src=x onerror=alert(1)>; {{ 7*7 }}" in out
    assert "1,000 <b>RUB</b>" in out
    page.fill(".lt-state-date", "2024-06-01")
    out = page.inner_text(".lt-state-out")
    assert '"><svg onload=alert(1)> second value' in out
    assert "</script><script>alert(1)</script>; <img src=x onerror=alert(1)>; javascript:alert(1); {{ 7*7 }}" in out
    assert page.evaluate(INJECTED) == []
    assert watch.problems() == {}


def test_only_http_and_https_sources_become_links(open_page: OpenPage, hostile: lt.Timeline,
                                                  hostile_page_html: str) -> None:
    """javascript: (any case, or split by a tab) and data: URLs are shown as plain text, never as a link;
    http(s) sources are links to their URL with the source's title as text."""
    page, watch = open_page(hostile_page_html)
    items = page.eval_on_selector_all(
        ".lt-source-list > li",
        "lis => lis.map(li => ({text: li.textContent, links: Array.from(li.querySelectorAll('a'))"
        ".map(a => [a.getAttribute('href'), a.textContent])}))")
    by_title = {s.title: s for s in hostile.sources.values()}
    seen = set()
    for item in items:
        source = next(s for t, s in by_title.items() if t and t in item["text"])
        seen.add(source.id)
        if source.url is None:
            assert item["links"] == []
        elif source.url.lower().startswith(("http://", "https://")):
            assert item["links"] == [[source.url, source.title]]
        else:
            assert item["links"] == [], source.id
            assert source.url in item["text"], source.id
    assert {"src-js", "src-js-mixed-case", "src-data", "src-js-tab", "src-http", "src-https"} <= seen
    hrefs = page.eval_on_selector_all("a[href]", "as => as.map(a => a.getAttribute('href'))")
    assert all(h.startswith("#") or h.startswith(("http://", "https://", "mailto:")) for h in hrefs), hrefs
    assert watch.problems() == {}


def test_hostile_fragment_in_a_host_page_without_csp_runs_nothing(open_page: OpenPage,
                                                                  hostile: lt.Timeline) -> None:
    """The notebook fragment has no Content-Security-Policy to hide behind: in a plain host page its escaping
    alone keeps every hostile string inert, while its own script still runs."""
    host = ("<!doctype html><html lang='en'><head><meta charset='utf-8'><title>host</title></head><body>"
            f"<p>before</p>{hostile._repr_html_()}<p>after</p></body></html>")
    page, watch = open_page(host)
    assert page.is_visible(".lt-toolbar")
    exercise(page)
    assert watch.problems() == {}
    assert page.evaluate(INJECTED) == []
    assert page.text_content(".lt-title") == hostile.title
