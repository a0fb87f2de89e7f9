"""Escaping and isolation in a real browser: hostile dataset text shows as text, runs nothing, fetches nothing.

``tests/data/hostile.yaml`` is a valid dataset whose free text is markup, script, jinja2 syntax, dangerous URLs,
bidirectional-override marks and very long words. Every page is watched (see ``conftest.py``): a dialog, a console
error, a page error or a request for anything but the page itself fails the test.
"""

from __future__ import annotations

import pytest
from conftest import OpenPage

import lawtimeline as lt

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
  for (const el of document.querySelectorAll('*')) {
    for (const a of el.attributes) {
      if (/^on/i.test(a.name)) out.push(el.tagName + '[' + a.name + ']');
      if (/^(href|src|xlink:href|action|formaction)$/i.test(a.name) && /^\\s*(javascript|data|vbscript):/i.test(a.value))
        out.push(el.tagName + '[' + a.name + '=' + a.value + ']');
    }
  }
  for (const sel of ['img', 'iframe', 'object', 'embed', 'b', 'i', 'foreignObject', 'base', 'form', 'meta[http-equiv=refresh]'])
    for (const el of document.querySelectorAll(sel)) out.push('<' + el.tagName + '>');
  return out;
}"""


def exercise(page) -> None:  # type: ignore[no-untyped-def]
    """Use every control once with hostile input: each act and tag, hostile search text, a date, zoom, the list."""
    for sel in (".lt-filter-act", ".lt-filter-tag"):
        for value in page.eval_on_selector_all(f"{sel} option", "os => os.map(o => o.value)"):
            page.select_option(sel, value=value)
        page.select_option(sel, value="")
    for text in HOSTILE_BITS:
        page.fill(".lt-search", text)
    page.fill(".lt-search", "")
    page.fill(".lt-state-date", "2024-03-15")
    page.click(".lt-zoom-in")
    page.click(".lt-zoom-out")
    page.focus(".lt-entry")
    for _ in range(3):
        page.keyboard.press("ArrowDown")
    page.keyboard.press("End")


def test_the_watch_catches_dialogs_errors_and_requests(open_page: OpenPage) -> None:
    """The guards themselves work: a page that alerts, throws and fetches is caught on every count."""
    page, watch = open_page(
        "<!doctype html><title>canary</title><script>alert('canary')</script>"
        "<img src='https://example.org/canary.png' alt=''><script>console.error('canary'); nosuchfunction()</script>"
    )
    problems = watch.problems()
    assert problems["dialogs"] == ["alert: canary"]
    assert problems["requests"] == ["https://example.org/canary.png"]
    assert problems["console errors"] == ["canary"]
    assert any("nosuchfunction" in e for e in problems["page errors"])


def test_flagship_page_runs_cleanly_and_its_script_starts(open_page: OpenPage, flagship_page_html: str,
                                                         flagship: lt.Timeline) -> None:
    """The flagship page loads with no dialog, error or request, and its script shows the controls."""
    page, watch = open_page(flagship_page_html)
    assert page.is_visible(".lt-toolbar")
    n = len(flagship.chronology())
    assert page.text_content(".lt-count") == f"{n} of {n} events shown"
    exercise(page)
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
    titles = page.eval_on_selector_all(".lt-entry-title", "es => es.map(e => e.textContent)")
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
        assert source.url is not None
        if source.url.lower().startswith(("http://", "https://")):
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
