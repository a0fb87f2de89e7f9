"""What issue 13 found in the page, checked in the browser: labels at their set size, a way back from "Show all",
the state table keeping its words whole, one date format, lane labels readable without hovering, the pending
marker never covering other labels, colours from the host's theme in every pairing with the system's scheme, and
the PNG and PDF exports through Chromium."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from conftest import EXAMPLE, IN_CI

import lawtimeline as lt

if TYPE_CHECKING:
    from conftest import OpenPage


def test_drawing_is_laid_out_for_its_container_so_labels_keep_their_size(open_page: OpenPage,
                                                                          flagship_page_html: str) -> None:
    """At 1280, 900 and 700 pixels wide, the drawing's SVG is drawn at its own size (viewBox width = rendered
    width: nothing is scaled down) and its labels render at their set 11 px (value labels 10.5 px)."""
    for width in (1280, 900, 700):
        page, watch = open_page(flagship_page_html, width=width)
        got = page.eval_on_selector(".lt-svg", """s => ({
            scale: s.getBoundingClientRect().width / s.viewBox.baseVal.width,
            label: s.querySelector('.lt-lane-label').getBoundingClientRect().height,
            font: parseFloat(getComputedStyle(s.querySelector('.lt-lane-label')).fontSize),
            value: parseFloat(getComputedStyle(s.querySelector('.lt-bar-text')).fontSize)})""")
        assert abs(got["scale"] - 1) < 0.01, (width, got)
        assert got["font"] == 11 and got["value"] == 10.5, (width, got)
        assert watch.problems() == {}


def test_show_all_has_a_way_back(open_page: OpenPage, flagship_page_html: str) -> None:
    """After "Show all" the same button offers "Back to first view", which restores the first view exactly; when
    the whole timeline is the first view and nothing is zoomed, there is no such button to press in vain."""
    page, watch = open_page(flagship_page_html)
    first = page.get_attribute(".lt-svg", "data-view")
    button = page.locator(".lt-zoom-all")
    assert button.inner_text() == "Show all"
    button.click()
    assert page.get_attribute(".lt-svg", "data-view") != first
    assert button.inner_text() == "Back to first view"
    button.click()
    assert page.get_attribute(".lt-svg", "data-view") == first
    assert button.inner_text() == "Show all"
    small = lt.Timeline.from_dict({"lawtimeline": 1, "acts": [
        {"id": "a", "title": "A", "events": [{"kind": "adopted", "date": "2024-01-01"},
                                             {"kind": "in_force", "date": "2024-03-01"}]}]})
    page2, watch2 = open_page(small.to_html())
    assert not page2.is_visible(".lt-zoom-all")
    page2.click(".lt-zoom-in")
    assert page2.is_visible(".lt-zoom-all") and page2.inner_text(".lt-zoom-all") == "Show all"
    assert watch.problems() == {} and watch2.problems() == {}


BROKEN_WORDS = """() => {
  const out = [];
  for (const cell of document.querySelectorAll('.lt-state-out th, .lt-state-out td')) {
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const re = /[^\\s-]+-?/g;  // a line may break after a hyphen ("call-/up"), never inside a word
      let m;
      while ((m = re.exec(n.data))) {
        const r = document.createRange();
        r.setStart(n, m.index); r.setEnd(n, m.index + m[0].length);
        const lines = new Set(Array.from(r.getClientRects()).filter(x => x.width > 0).map(x => Math.round(x.top)));
        if (lines.size > 1) out.push(m[0]);
      }
    }
  }
  return out;
}"""


@pytest.mark.parametrize("width", [1280, 640, 420])
def test_state_table_never_breaks_a_word(open_page: OpenPage, flagship_page_html: str, width: int) -> None:
    """Issue 13, point 11: however narrow the page, no word of the state table ("Status", "definite", a date) is
    split across lines: the columns keep their words whole and the table scrolls sideways in its own box."""
    page, watch = open_page(flagship_page_html, width=width)
    page.fill(".lt-state-date", "2024-08-15")
    assert page.locator(".lt-state-out tbody tr").count() >= 5
    assert page.evaluate(BROKEN_WORDS) == []
    assert watch.problems() == {}


def test_the_day_is_written_one_way(open_page: OpenPage, flagship_page_html: str) -> None:
    """Issue 13, point 11: the day control is a text field showing the day as the rest of the page writes days
    ("15 August 2024"), not the browser's locale format; a day typed as 2024-08-15 is accepted and rewritten in
    words, and the sentence under it uses the same words."""
    page, watch = open_page(flagship_page_html)
    assert page.get_attribute(".lt-state-date", "type") == "text"
    page.fill(".lt-state-date", "2024-08-15")
    page.dispatch_event(".lt-state-date", "change")
    assert page.input_value(".lt-state-date") == "15 August 2024"
    assert page.inner_text(".lt-state-out p").endswith("in force on 15 August 2024.")
    page.fill(".lt-state-date", "3 March 2025")
    assert page.inner_text(".lt-state-out p").endswith("in force on 3 March 2025.")
    page.fill(".lt-state-date", "31 February 2025")
    assert page.inner_text(".lt-state-out p").startswith("Write a day such as")
    assert watch.problems() == {}


def test_cut_lane_labels_can_be_read_without_hovering(open_page: OpenPage, flagship: lt.Timeline,
                                                      flagship_page_html: str) -> None:
    """Issue 13, point 11: a lane label is wrapped onto two lines; one that still does not fit ends with "…", and
    then its full text is in the page where no hover is needed (the acts list)."""
    page, watch = open_page(flagship_page_html, width=700)
    labels = page.eval_on_selector_all(".lt-lane-label", "ls => ls.map(l => [l.getAttribute('data-id'), "
                                       "Array.from(l.childNodes).filter(n => n.nodeName !== 'title')"
                                       ".map(n => n.textContent).join(' ')])")
    acts_text = page.inner_text(".lt-acts")
    cut = [(i, t) for i, t in labels if t.endswith("…")]
    assert cut, "at 700 px some provision names must be cut (the test would prove nothing)"
    for lane_id, _ in cut:
        full = flagship.provisions[lane_id].name if lane_id in flagship.provisions else flagship.acts[lane_id].title
        assert full and full in acts_text, lane_id
    assert watch.problems() == {}


OVERLAPS = """() => {
  const boxes = sel => Array.from(document.querySelectorAll(sel)).filter(t => t.textContent.trim())
    .map(t => [t.textContent, t.getBoundingClientRect()]);
  const pend = boxes('.lt-pending-text'), others = boxes('.lt-bar-text, .lt-lane-label, .lt-group-head');
  const hit = (a, b) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
  const out = [];
  for (const [pt, pb] of pend) for (const [ot, ob] of others) if (hit(pb, ob)) out.push([pt, ot]);
  const trails = Array.from(document.querySelectorAll('.lt-pending-trail')).map(t => t.getBoundingClientRect());
  for (const [ot, ob] of boxes('.lt-bar-text')) for (const tb of trails) if (hit(tb, ob)) out.push(['trail', ot]);
  return {pending: pend.length, overlaps: out};
}"""


def test_pending_marker_covers_no_label_zoomed_or_not(open_page: OpenPage, flagship_page_html: str) -> None:
    """Issue 13, point 2: neither the pending marker's words nor its trail overlap a value label, a lane label or
    a group heading, in the first view and after each of three zoom steps into it."""
    page, watch = open_page(flagship_page_html)
    seen = 0
    for step in range(4):
        found = page.evaluate(OVERLAPS)
        assert found["overlaps"] == [], (step, found)
        seen += found["pending"]
        page.click(".lt-zoom-in")
    assert seen >= 1
    assert watch.problems() == {}


THEME = """() => {
  const r = document.querySelector('.lt-root');
  return {theme: r.getAttribute('data-lt-theme'), bg: getComputedStyle(r).backgroundColor,
          value: getComputedStyle(document.querySelector('.lt-bar-body')).fill,
          text: getComputedStyle(document.querySelector('.lt-bar-text')).fill};
}"""


@pytest.mark.parametrize("host", ["jupyterlab", "vscode"])
def test_colours_follow_the_host_theme_not_the_system_scheme(open_page: OpenPage, flagship: lt.Timeline,
                                                             host: str) -> None:
    """A host page that says its theme (JupyterLab's body[data-jp-theme-light], VS Code's body.vscode-dark /
    vscode-light) decides the palette in all four pairings with the system scheme: the same theme gives the
    same colours whatever the system says, and the two themes give different ones."""
    fragment = flagship._repr_html_()
    seen: dict[str, Any] = {}
    for theme in ("light", "dark"):
        body = (f'data-jp-theme-light="{"true" if theme == "light" else "false"}"' if host == "jupyterlab"
                else f'class="vscode-{theme}"')
        bg = "#ffffff" if theme == "light" else "#1e1e1e"
        html = (f"<!doctype html><html lang='en'><title>host</title><body {body} style='background:{bg}'>"
                f"{fragment}</body></html>")
        for scheme in ("light", "dark"):
            page, watch = open_page(html, color_scheme=scheme)
            got = page.evaluate(THEME)
            assert got["theme"] == theme, (host, theme, scheme, got)
            seen.setdefault(theme, got)
            assert got == seen[theme], (host, theme, scheme)
            assert watch.problems() == {}
    assert seen["light"]["value"] != seen["dark"]["value"]


def _need_chromium() -> None:
    from lawtimeline.render.export import find_chromium

    if find_chromium() is None:
        if IN_CI:
            pytest.fail("Chromium not found (CI=true: export tests must run)", pytrace=False)
        pytest.skip("Chromium not found")


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_cli_pdf_prints_the_page_on_its_paper(tmp_path: Path, paper: str) -> None:
    """`lawtimeline render FILE --format pdf --paper a4|letter` writes a PDF whose pages have that paper's size
    (A4 595×842 pt, Letter 612×792 pt), through the page's print stylesheet."""
    _need_chromium()
    out = tmp_path / "t.pdf"
    done = subprocess.run([sys.executable, "-m", "lawtimeline.cli", "render", str(EXAMPLE), "--format", "pdf",
                           "--paper", paper, "-o", str(out)], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    data = out.read_bytes()
    assert data.startswith(b"%PDF-")
    boxes = {tuple(round(float(x)) for x in m.groups()) for m in
             re.finditer(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", data)}
    assert boxes == ({(595, 842)} if paper == "a4" else {(612, 792)}), boxes


def test_cli_png_is_the_drawing(tmp_path: Path, flagship: lt.Timeline) -> None:
    """`lawtimeline render FILE -o t.png` writes a PNG of the drawing at twice its size (to_svg's 1200 px wide)."""
    _need_chromium()
    out = tmp_path / "t.png"
    done = subprocess.run([sys.executable, "-m", "lawtimeline.cli", "render", str(EXAMPLE), "-o", str(out)],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    data = out.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    m = re.search(r'width="(\d+)" height="(\d+)"', flagship.to_svg())
    assert m is not None
    assert (width, height) == (2 * int(m.group(1)), 2 * int(m.group(2)))


def _many_lanes(n: int) -> lt.Timeline:
    acts = [{"id": f"a{i}", "title": f"Law {i} of 2020",
             "events": [{"kind": "in_force", "date": f"2020-{1 + i % 12:02d}-01"}]} for i in range(n // 4)]
    provisions = [{"id": f"p{i}", "act": f"a{i % (n // 4)}", "title": f"Fine number {i}", "kind": "number",
                   "unit": "EUR"} for i in range(n)]
    changes = [{"id": f"c{i}", "act": f"a{i % (n // 4)}", "provision": f"p{i}", "op": "insert", "value": 100 + i,
                "effective": f"2020-{1 + (i // 4) % 12:02d}-01"} for i in range(n)]
    return lt.Timeline.from_dict({"lawtimeline": 1, "acts": acts, "provisions": provisions, "changes": changes})


def test_a_large_drawing_draws_the_lanes_in_view_and_all_of_them_in_print(open_page: OpenPage) -> None:
    """Above 120 lanes the drawing scrolls in its own box and only the lanes near the view exist; scrolling
    brings the others, zoom still works, and printing draws every lane."""
    tl = _many_lanes(200)
    total = len(tl.acts) + len(tl.provisions)
    assert total > 120
    page, watch = open_page(tl.to_html())
    assert page.locator(".lt-drawing.lt-virtual").count() == 1
    first = page.eval_on_selector_all(".lt-svg .lt-lane", "ls => ls.map(l => l.getAttribute('data-id'))")
    assert 0 < len(first) < total
    page.eval_on_selector(".lt-lanes-box", "b => { b.scrollTop = b.scrollHeight; }")
    page.wait_for_function("first => !document.querySelector(`.lt-svg .lt-lane[data-id='${first}']`)", arg=first[0])
    last = page.eval_on_selector_all(".lt-svg .lt-lane", "ls => ls.map(l => l.getAttribute('data-id'))")
    assert "p199" in last and first[0] not in last
    before = page.get_attribute(".lt-svg", "data-view")
    page.click(".lt-zoom-in")
    assert page.get_attribute(".lt-svg", "data-view") != before
    page.emulate_media(media="print")
    page.wait_for_function(f"() => document.querySelectorAll('.lt-svg .lt-lane').length === {total}")
    assert watch.problems() == {}


PARTIAL = """() => {
  const lum = c => {
    const v = c.match(/[\\d.]+/g).slice(0, 3).map(x => {
      x /= 255; return x <= 0.03928 ? x / 12.92 : Math.pow((x + 0.055) / 1.055, 2.4);
    });
    return 0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2];
  };
  const ratio = (a, b) => { const x = lum(a), y = lum(b); return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05); };
  const bars = Array.from(document.querySelectorAll('.lt-svg .lt-lane')).map(l => ({
    id: l.getAttribute('data-id'),
    bars: Array.from(l.querySelectorAll('.lt-bar')).map(b => ({
      partial: b.classList.contains('lt-partial'), fill: getComputedStyle(b.querySelector('.lt-bar-body')).fill,
      tip: b.querySelector('title').textContent}))}));
  const stripe = document.querySelector('.lt-svg pattern .lt-hatch-stripe');
  const ground = document.querySelector('.lt-svg pattern .lt-hatch-bg');
  const text = document.querySelector('.lt-bar-text');
  const legend = Array.from(document.querySelectorAll('.lt-legend-item')).map(i => i.textContent);
  return {bars, legend, pattern: stripe ? stripe.parentNode.id : null,
          contrast: stripe ? [ratio(getComputedStyle(text).fill, getComputedStyle(stripe).fill),
                              ratio(getComputedStyle(text).fill, getComputedStyle(ground).fill)] : null};
}"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_partial_period_is_hatched_in_the_live_drawing(open_page: OpenPage, flagship_page_html: str,
                                                         scheme: str) -> None:
    """Children Act 1989 s. 26A, in force for the purposes of making regulations from 30 January 2004 and wholly
    from 1 April 2004 (the UK excerpt): the live drawing fills its first bar with the hatch pattern (not the
    plain bar colour the whole period gets), its tooltip says the purpose, the legend names the hatching, the
    bar's text keeps AA contrast (4.5:1) on both the stripes and the ground, in both schemes; on 15 February
    2004 the state table calls it partial and gives the purpose. The flagship, with no partial period, has no
    such legend entry."""
    tl = lt.load(Path(__file__).parent.parent.parent / "examples" / "uk-staged-excerpt.yaml")
    page, watch = open_page(tl.to_html(), color_scheme=scheme)
    got = page.evaluate(PARTIAL)
    lanes = {lane["id"]: lane["bars"] for lane in got["bars"]}
    first, whole = lanes["ukpga/1989/41/section/26A"]
    assert first["partial"] and not whole["partial"]
    assert got["pattern"] and first["fill"] == f'url("#{got["pattern"]}")' and whole["fill"].startswith("rgb")
    assert first["tip"].endswith("; in force for the purposes of making regulations only")
    assert [b["partial"] for b in lanes["ukpga/1997/50/section/113/3A"]] == [False, True]
    assert "in force for some purposes or places only (hatched)" in got["legend"]
    assert min(got["contrast"]) >= 4.5, got["contrast"]
    page.fill(".lt-state-date", "15 February 2004")
    row = page.locator(".lt-state-out tr", has_text="s. 26A")
    assert row.locator("td").last.inner_text() == "partial"
    assert "for the purposes of making regulations only" in row.inner_text()
    assert watch.problems() == {}
    flag, watch2 = open_page(flagship_page_html, color_scheme=scheme)
    assert not [i for i in flag.evaluate(PARTIAL)["legend"] if "hatched" in i]
    assert watch2.problems() == {}
