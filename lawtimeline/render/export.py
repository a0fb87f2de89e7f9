"""PNG and PDF through Chromium, for reports: the drawing (``to_svg``) as a PNG, the page (its print stylesheet:
drawing, state-on-date table, acts, chronology, sources) as a PDF on A4 or Letter.

Chromium is found at ``$LT_CHROMIUM``, else as ``chromium``, ``chromium-browser``, ``google-chrome`` or
``google-chrome-stable`` on the ``PATH``. It is driven through Playwright when that is installed (never a browser
Playwright downloads), else by its own command line (``--headless --screenshot`` / ``--print-to-pdf``). Nothing is
fetched: the files are self-contained, and Playwright aborts any request but the file's own.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lawtimeline.errors import LawTimelineError

if TYPE_CHECKING:
    from lawtimeline.timeline import Timeline

NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--no-first-run"]
#: The printable width of each paper at 96 px per inch, 12 mm margins left and right: the page is laid out for it.
PAPER_PX = {"a4": 703, "letter": 725}


class ChromiumMissing(LawTimelineError):
    """PNG or PDF was asked for and no Chromium was found."""


def find_chromium() -> str | None:
    """The Chromium to use, or ``None``."""
    env = os.environ.get("LT_CHROMIUM")
    if env:
        return env if os.path.isfile(env) and os.access(env, os.X_OK) else None
    for name in NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


def _chromium(what: str) -> str:
    exe = find_chromium()
    if exe is None:
        raise ChromiumMissing(
            f"{what} is drawn by Chromium, which was not found. Install it (Debian or Ubuntu: "
            "'apt-get install chromium'; macOS: 'brew install --cask chromium'; Windows: install Chrome) or set "
            "LT_CHROMIUM to its path. '--format svg' and '--format html' need nothing.")
    return exe


def _playwright() -> Any:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None
    return sync_playwright


def save_png(tl: Timeline, path: str | os.PathLike[str], *, scale: int = 2, **options: Any) -> None:
    """The drawing (as :meth:`Timeline.to_svg` gives it) as a PNG at ``scale`` device pixels per pixel."""
    exe = _chromium("PNG")
    svg = tl.to_svg(**options)
    m = re.search(r'width="(\d+)" height="(\d+)"', svg)
    assert m is not None
    width, height = int(m.group(1)), int(m.group(2))
    out = Path(os.fspath(path)).resolve()
    with tempfile.TemporaryDirectory(prefix="lawtimeline-") as tmp:
        src = Path(tmp) / "timeline.svg"
        src.write_text(svg, encoding="utf-8")
        pw = _playwright()
        if pw is not None:
            with pw() as p:
                browser = p.chromium.launch(executable_path=exe, args=FLAGS)
                try:
                    page = browser.new_page(viewport={"width": width, "height": height}, device_scale_factor=scale)
                    page.route("**/*", lambda r: r.continue_() if r.request.url == src.as_uri() else r.abort())
                    page.goto(src.as_uri())
                    page.screenshot(path=str(out), clip={"x": 0, "y": 0, "width": width, "height": height})
                finally:
                    browser.close()
            return
        _run([exe, "--headless", *FLAGS, f"--force-device-scale-factor={scale}", f"--window-size={width},{height}",
              "--hide-scrollbars", f"--screenshot={out}", src.as_uri()], out)


def save_pdf(tl: Timeline, path: str | os.PathLike[str], *, paper: str = "a4", **options: Any) -> None:
    """The standalone page printed (its print stylesheet) on ``paper`` ("a4" or "letter")."""
    if paper not in PAPER_PX:
        raise ValueError(f"paper must be 'a4' or 'letter', not {paper!r}")
    exe = _chromium("PDF")
    from lawtimeline.render.html import render

    html = render(tl, full_page=True, paper=paper, **options)
    out = Path(os.fspath(path)).resolve()
    with tempfile.TemporaryDirectory(prefix="lawtimeline-") as tmp:
        src = Path(tmp) / "timeline.html"
        src.write_text(html, encoding="utf-8")
        pw = _playwright()
        if pw is not None:
            with pw() as p:
                browser = p.chromium.launch(executable_path=exe, args=FLAGS)
                try:
                    page = browser.new_page(viewport={"width": PAPER_PX[paper], "height": 1000})
                    page.route("**/*", lambda r: r.continue_() if r.request.url == src.as_uri() else r.abort())
                    page.goto(src.as_uri())
                    page.wait_for_selector("[data-lt-ready] .lt-state-out")
                    page.emulate_media(media="print")
                    page.pdf(path=str(out), prefer_css_page_size=True, print_background=True)
                finally:
                    browser.close()
            return
        _run([exe, "--headless", *FLAGS, f"--window-size={PAPER_PX[paper]},1000", "--no-pdf-header-footer",
              f"--print-to-pdf={out}", src.as_uri()], out)


def _run(cmd: list[str], out: Path) -> None:
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=120, check=False)
    except (OSError, subprocess.TimeoutExpired) as e:
        raise LawTimelineError(f"Chromium ({cmd[0]}) could not run: {e}") from None
    if done.returncode != 0 or not out.is_file():
        tail = (done.stderr or "").strip().splitlines()[-3:]
        raise LawTimelineError(f"Chromium ({cmd[0]}) did not write {out}: " + " ".join(tail))
