"""Accessibility (axe-core) and appearance: light, dark and print, with screenshots kept for people to look at.

Screenshots go to ``tests/browser/screenshots/`` (git-ignored): ``flagship-light.png``, ``flagship-dark.png``,
``flagship-print.png`` and ``hostile-light.png``.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

import lawtimeline as lt

if TYPE_CHECKING:
    from conftest import OpenPage  # the fixture's type; conftest is not imported at run time

SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"

AXE_RUN = """() => axe.run(document, {resultTypes: ['violations']}).then(r => r.violations.map(v => ({
  id: v.id, impact: v.impact, help: v.help,
  nodes: v.nodes.map(n => ({target: n.target.join(' '), html: n.html.slice(0, 160), summary: n.failureSummary}))})))"""


def describe(violations: list[dict[str, Any]]) -> str:
    lines = []
    for v in violations:
        lines.append(f"{v['id']} ({v['impact']}): {v['help']}")
        lines.extend(f"    {n['target']}: {n['html']}\n      {n['summary']}" for n in v["nodes"][:5])
    return "\n".join(lines)


def luminance(css_color: str) -> float:
    r, g, b = (int(x) / 255 for x in re.findall(r"\d+", css_color)[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def shoot(page: Any, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / name
    page.screenshot(path=str(path), full_page=True)
    assert path.stat().st_size > 10_000


@pytest.mark.parametrize(("dataset", "scheme"), [("flagship", "light"), ("flagship", "dark"), ("hostile", "light")])
def test_axe_finds_no_serious_or_critical_violations(open_page: OpenPage, axe_source: str, request: Any,
                                                     dataset: str, scheme: str) -> None:
    """axe-core audits the standalone page (with an unresolved answer showing in the state table) in the light and
    dark colour schemes: no violation of impact serious or critical. The page's CSP stays on: axe is evaluated
    by the test harness, not injected as a page script."""
    tl: lt.Timeline = request.getfixturevalue(dataset)
    page, watch = open_page(tl.to_html(full_page=True), color_scheme=scheme)
    page.fill(".lt-state-date", "2024-08-15")
    background = page.eval_on_selector(".lt-root", "e => getComputedStyle(e).backgroundColor")
    assert (luminance(background) < 0.2) if scheme == "dark" else (luminance(background) > 0.9), background
    shoot(page, f"{dataset}-{scheme}.png")
    page.evaluate(axe_source)
    violations = page.evaluate(AXE_RUN)
    serious = [v for v in violations if v["impact"] in ("serious", "critical")]
    assert serious == [], describe(serious)
    assert watch.problems() == {}


# axe-core leaves the contrast of SVG text "incomplete" (it cannot find the background behind it), so the
# drawing's text is measured here: WCAG 2 contrast of each visible text's fill (with every opacity above it) on
# what is behind it: the value bar for a bar's label, the cluster disc for its count, else both the page and the
# shaded lane background (the worse of the two).
SVG_TEXT_CONTRAST = """() => {
  const parse = c => {
    const m = (c.match(/[\\d.]+/g) || []).map(Number);
    return m.length >= 3 ? [m[0], m[1], m[2], m.length > 3 ? m[3] : 1] : null;
  };
  const lum = c => {
    const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * f(c[0]) + 0.7152 * f(c[1]) + 0.0722 * f(c[2]);
  };
  const ratio = (a, b) => { const x = lum(a), y = lum(b); return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05); };
  const blend = (fg, a, bg) => [0, 1, 2].map(i => a * fg[i] + (1 - a) * bg[i]);
  const root = document.querySelector('.lt-root');
  const rootBg = parse(getComputedStyle(root).backgroundColor);
  const laneRect = document.querySelector('.lt-lane-bg.lt-alt');
  const laneBg = laneRect ? parse(getComputedStyle(laneRect).fill) : rootBg;
  const out = [];
  for (const t of document.querySelectorAll('.lt-svg text')) {
    if (!t.textContent.trim() || t.closest('.lt-dim, .lt-clustered') || !t.getClientRects().length) continue;
    let a = 1;
    for (let e = t; e && e !== root; e = e.parentElement) a *= +getComputedStyle(e).opacity;
    const fill = parse(getComputedStyle(t).fill);
    if (!fill) continue;
    a *= fill[3] * +getComputedStyle(t).fillOpacity;
    const bar = t.closest('.lt-bar'), cluster = t.closest('.lt-cluster');
    const bgs = bar ? [parse(getComputedStyle(bar.querySelector('.lt-bar-body')).fill)]
      : cluster ? [parse(getComputedStyle(cluster.querySelector('circle')).fill)] : [rootBg, laneBg];
    const worst = Math.min(...bgs.map(bg => ratio(blend(fill, a, bg), bg)));
    const kind = t.parentElement.getAttribute('class') + ' > ' + (t.getAttribute('class') || 'text');
    out.push([kind, t.textContent.slice(0, 30), Math.round(worst * 100) / 100]);
  }
  return out;
}"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_drawing_text_has_enough_contrast(open_page: OpenPage, flagship_page_html: str, scheme: str) -> None:
    """Every visible label in the drawing (axis ticks, lane labels, group heads, value labels, cluster counts,
    'pending') has a contrast of at least 4.5:1 against what is behind it, in light and dark."""
    page, watch = open_page(flagship_page_html, color_scheme=scheme)
    measured = page.evaluate(SVG_TEXT_CONTRAST)
    assert len(measured) > 30
    kinds = {m[0].split(" > ")[-1] for m in measured}
    assert {"lt-bar-text", "lt-lane-label lt-lane-label-act", "lt-group-head", "lt-pending-text"} <= kinds, kinds
    low = [m for m in measured if m[2] < 4.5]
    assert low == []
    assert watch.problems() == {}


def test_print_view_shows_every_entry_and_the_source_addresses(open_page: OpenPage, flagship: lt.Timeline,
                                                                flagship_page_html: str) -> None:
    """Printed, the page drops the interactive controls but keeps the drawing and the state-on-date table, writes
    each source link's address after it, and shows every entry even while a filter hides some on screen."""
    page, watch = open_page(flagship_page_html)
    page.emulate_media(media="print")
    assert not page.is_visible(".lt-toolbar")
    assert page.is_visible(".lt-state table")
    assert page.is_visible(".lt-svg") and not page.is_visible(".lt-picture")
    after = page.eval_on_selector(".lt-source-list a", "a => [a.getAttribute('href'), getComputedStyle(a, '::after')"
                                                       ".content]")
    assert after[0] in after[1]
    shoot(page, "flagship-print.png")
    page.emulate_media(media="screen")
    page.select_option(".lt-filter-act", "ru-fz-281-2024")
    assert page.locator(".lt-entry:visible").count() < len(flagship.chronology())
    page.emulate_media(media="print")
    assert page.locator(".lt-entry:visible").count() == len(flagship.chronology())
    assert watch.problems() == {}
