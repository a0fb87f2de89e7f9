"""Browser benchmark of the HTML timeline: load-to-interactive and one zoom step, flagship vs the 10,000-entry page.

    python benchmarks/render_browser_bench.py              # 5 loads and 9 zoom steps per page
    python benchmarks/render_browser_bench.py --loads 3 --zooms 5 --entries 10000

Both pages are rendered by this script (the synthetic timeline of ``render_bench.py``), written to a temporary
directory and opened from ``file://`` in headless Chromium (``/usr/bin/chromium`` through Playwright, launched with
the browser tests' flags). Nothing reaches the network.

What is measured (``performance.now()`` in the page; time 0 is the navigation start):

- **script done** — when the page's own script has finished its first ``layout()`` (and filters and the
  state-on-date table): an init script installs a ``MutationObserver`` on ``data-lt-ready``, which the page script
  sets first thing; observers run at the microtask checkpoint right after the script returns, so the callback's
  ``performance.now()`` is the script's end. This is the load-to-interactive figure held to the target.
- **first frame** — the next animation frame after that, plus a task: style, layout and paint of the whole page
  are done and the user sees it.
- **zoom step** — in one ``page.evaluate``: ``performance.now()``, a synchronous ``click()`` on ``.lt-zoom-in``
  (the handler re-lays out every mark, bar, arrow and tick), ``performance.now()``; then a forced style and layout
  (``getBoundingClientRect`` + ``offsetHeight``), ``performance.now()``; then the next frame. Steps alternate zoom
  in and zoom out (so the view stays put); zoom-in steps are reported.

Targets (DESIGN §9): script done ≤ 1.5 s, zoom step (handler) ≤ 50 ms. The table gives medians and PASS/MISS.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
from pathlib import Path
from typing import Any

from playwright.sync_api import Browser, sync_playwright

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import render_bench  # the sibling benchmark: the synthetic timeline

import lawtimeline as lt

CHROMIUM = os.environ.get("LT_CHROMIUM", "/usr/bin/chromium")  # as in tests/browser/conftest.py
FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run"]
TARGETS = {"load_ms": 1500.0, "zoom_ms": 50.0}

INIT = """
(() => {
  window.__ltBench = {};
  const obs = new MutationObserver(() => {
    if (window.__ltBench.scriptDone !== undefined) { return; }
    if (!document.querySelector("[data-lt-ready]")) { return; }
    window.__ltBench.scriptDone = performance.now();
    obs.disconnect();
    requestAnimationFrame(() => setTimeout(() => { window.__ltBench.firstFrame = performance.now(); }, 0));
  });
  obs.observe(document, {subtree: true, attributes: true, attributeFilter: ["data-lt-ready"]});
})();
"""

ZOOM = """
async (which) => {
  const root = document.querySelector(".lt-root");
  const button = root.querySelector(which === "in" ? ".lt-zoom-in" : ".lt-zoom-out");
  const svg = root.querySelector(".lt-svg");
  const before = svg.getAttribute("data-view");
  const t0 = performance.now();
  button.click();
  const t1 = performance.now();
  svg.getBoundingClientRect();
  void document.body.offsetHeight;
  const t2 = performance.now();
  await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
  const t3 = performance.now();
  const ticks = Array.prototype.map.call(root.querySelectorAll(".lt-tick text"), (t) => t.textContent).join("|");
  return {handler: t1 - t0, layout: t2 - t0, frame: t3 - t0, ticks: ticks};
}
"""


def load_once(browser: Browser, url: str) -> dict[str, float]:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.add_init_script(INIT)
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(url, wait_until="load", timeout=180_000)
    page.wait_for_function("window.__ltBench && window.__ltBench.firstFrame !== undefined", timeout=180_000)
    marks = page.evaluate("""() => {
      const nav = performance.getEntriesByType("navigation")[0];
      return {nodes: document.getElementsByTagName("*").length,
              scriptDone: window.__ltBench.scriptDone, firstFrame: window.__ltBench.firstFrame,
              domInteractive: nav.domInteractive, load: nav.loadEventEnd, responseEnd: nav.responseEnd};
    }""")
    page.close()
    if errors:
        raise RuntimeError(f"{url}: page errors: {errors[:3]}")
    return dict(marks)


def zoom_steps(browser: Browser, url: str, steps: int) -> dict[str, list[float]]:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(url, wait_until="load", timeout=180_000)
    page.wait_for_selector("[data-lt-ready]", state="attached", timeout=180_000)
    out: dict[str, list[float]] = {"handler": [], "layout": [], "frame": []}
    ticks = page.evaluate("""() => Array.prototype.map.call(document.querySelectorAll(".lt-tick text"),
                                                             (t) => t.textContent).join("|")""")
    for i in range(2 * steps):
        r: dict[str, Any] = page.evaluate(ZOOM, "in" if i % 2 == 0 else "out")
        # the step really zoomed: the axis changed on zoom in and came back on zoom out
        assert (r["ticks"] != ticks) if i % 2 == 0 else (r["ticks"] == ticks), (url, i)
        if i % 2 == 0:
            for k in out:
                out[k].append(r[k])
    page.close()
    return out


def _self_times(profile: dict[str, Any]) -> list[tuple[float, str]]:
    """(self ms, function) from a V8 CPU profile, largest first."""
    nodes = {n["id"]: n for n in profile["nodes"]}
    ms: dict[str, float] = {}
    for node_id, delta in zip(profile["samples"], profile["timeDeltas"], strict=True):
        f = nodes[node_id]["callFrame"]
        where = f" (line {f['lineNumber'] + 1})" if f.get("url") else ""
        name = (f["functionName"] or "(anonymous)") + where
        ms[name] = ms.get(name, 0.0) + delta / 1000
    return sorted(((v, k) for k, v in ms.items()), reverse=True)


def profile(browser: Browser, url: str, top: int = 15) -> None:
    """Where the time of one load and one zoom step goes: Chromium's own counters and a V8 CPU profile."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    cdp = page.context.new_cdp_session(page)
    cdp.send("Performance.enable")
    cdp.send("Profiler.enable")
    cdp.send("Profiler.setSamplingInterval", {"interval": 200})
    cdp.send("Profiler.start")
    page.goto(url, wait_until="load", timeout=180_000)
    page.wait_for_selector("[data-lt-ready]", state="attached", timeout=180_000)
    page.evaluate("() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)))")
    prof = cdp.send("Profiler.stop")["profile"]
    metrics = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
    print(f"\n--- profile of one load of {url.rsplit('/', 1)[-1]} ---")
    print(f"DOM nodes {metrics.get('Nodes', 0):,.0f}, JS heap {metrics.get('JSHeapUsedSize', 0) / 2**20:.0f} MB")
    for k in ("TaskDuration", "ScriptDuration", "RecalcStyleDuration", "LayoutDuration"):
        print(f"{k:22s} {metrics.get(k, 0) * 1000:8.0f} ms")
    print("JS self time, top functions:")
    for ms, name in _self_times(prof)[:top]:
        print(f"  {ms:8.1f} ms  {name}")
    before = {k: metrics.get(k, 0.0) for k in ("ScriptDuration", "RecalcStyleDuration", "LayoutDuration")}
    cdp.send("Profiler.start")
    r = page.evaluate(ZOOM, "in")
    prof = cdp.send("Profiler.stop")["profile"]
    metrics = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
    print(f"--- one zoom-in step: handler {r['handler']:.0f} ms, with style/layout {r['layout']:.0f} ms, "
          f"to next frame {r['frame']:.0f} ms ---")
    for k, v in before.items():
        print(f"{k:22s} {(metrics.get(k, 0) - v) * 1000:8.0f} ms")
    print("JS self time, top functions:")
    for ms, name in _self_times(prof)[:top]:
        print(f"  {ms:8.1f} ms  {name}")
    page.close()


def med(xs: list[float]) -> float:
    return statistics.median(xs)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--entries", type=int, default=10_000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--loads", type=int, default=5)
    ap.add_argument("--zooms", type=int, default=9)
    ap.add_argument("--profile", action="store_true", help="also profile one load and one zoom of each page")
    ap.add_argument("--keep", metavar="DIR", help="write the pages to DIR instead of a temporary directory")
    args = ap.parse_args(argv)

    flag = lt.load(render_bench.EXAMPLE)
    big = render_bench.synthetic_timeline(args.entries, args.seed)
    pages = {"flagship": flag.to_html(), "synthetic": big.to_html()}
    counts = {"flagship": len(flag.chronology()), "synthetic": len(big.chronology())}

    tmp = tempfile.TemporaryDirectory() if not args.keep else None
    where = Path(args.keep or (tmp.name if tmp else "."))
    where.mkdir(parents=True, exist_ok=True)
    urls = {}
    for name, html in pages.items():
        path = where / f"{name}.html"
        path.write_text(html, encoding="utf-8")
        urls[name] = path.resolve().as_uri()

    results: dict[str, dict[str, Any]] = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
        version = browser.version
        for name, url in urls.items():
            loads = [load_once(browser, url) for _ in range(args.loads)]
            zooms = zoom_steps(browser, url, args.zooms)
            results[name] = {"loads": loads, "zooms": zooms}
        if args.profile:
            for url in urls.values():
                profile(browser, url)
        browser.close()
    if tmp:
        tmp.cleanup()

    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"chromium {version}, {os.cpu_count()} cpus, load average {load:.1f}; medians of {args.loads} loads and "
          f"{args.zooms} zoom-in steps")
    print(f"pages: flagship {counts['flagship']:,} entries, {len(pages['flagship'].encode()) / 1024:.0f} KB; "
          f"synthetic {counts['synthetic']:,} entries, {len(pages['synthetic'].encode()) / 2**20:.2f} MB")
    print()

    def col(name: str, key: str) -> float:
        return med([r[key] for r in results[name]["loads"]])

    def zcol(name: str, key: str) -> float:
        return med(results[name]["zooms"][key])

    rows = [("ms (median)", "flagship", "synthetic", "target", ""),
            ("elements in the page", f"{col('flagship', 'nodes'):,.0f}", f"{col('synthetic', 'nodes'):,.0f}", "", "")]
    for label, key in (("response end", "responseEnd"), ("DOM interactive", "domInteractive"),
                       ("script done (interactive)", "scriptDone"), ("first frame", "firstFrame"),
                       ("load event end", "load")):
        target, verdict = "", ""
        if key == "scriptDone":
            target = f"≤ {TARGETS['load_ms']:.0f}"
            verdict = "PASS" if col("synthetic", key) <= TARGETS["load_ms"] else "MISS"
        rows.append((label, f"{col('flagship', key):.0f}", f"{col('synthetic', key):.0f}", target, verdict))
    for label, key in (("zoom step: handler", "handler"), ("zoom step: + style/layout", "layout"),
                       ("zoom step: to next frame", "frame")):
        target, verdict = "", ""
        if key == "handler":
            target = f"≤ {TARGETS['zoom_ms']:.0f}"
            verdict = "PASS" if zcol("synthetic", key) <= TARGETS["zoom_ms"] else "MISS"
        rows.append((label, f"{zcol('flagship', key):.1f}", f"{zcol('synthetic', key):.1f}", target, verdict))
    widths = [max(len(r[i]) for r in rows) for i in range(5)]
    for r in rows:
        print("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip())
    flag_ok = col("flagship", "scriptDone") <= TARGETS["load_ms"] and zcol("flagship", "handler") <= TARGETS["zoom_ms"]
    big_ok = col("synthetic", "scriptDone") <= TARGETS["load_ms"] and zcol("synthetic", "handler") <= TARGETS["zoom_ms"]
    print(f"\nflagship: {'PASS' if flag_ok else 'MISS'}; synthetic: {'PASS' if big_ok else 'MISS'}")
    return 0 if flag_ok and big_ok else 1


if __name__ == "__main__":
    sys.exit(main())
