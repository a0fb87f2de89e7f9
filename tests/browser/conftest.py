"""Browser tests: the HTML timeline opened in a real headless Chromium through Playwright.

Needs Debian's Chromium (``/usr/bin/chromium``, or the path in ``LT_CHROMIUM``), Playwright for Python, and, for the
accessibility audit, axe-core installed with ``npm install --no-save --prefix tests/browser/.node axe-core@4``.
When one of them is missing the tests that need it are skipped on a developer's machine, and fail under ``CI=true``:
a skipped browser test must never hide a missing dependency in CI.

Every page is opened through :func:`open_page`, which watches it: any dialog (``alert``), console error, uncaught
page error or request for anything but the page itself is recorded (the request is aborted, so nothing leaves the
machine) and the tests assert that none happened.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

import lawtimeline as lt

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Dialog, Page, Request, Route

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
EXAMPLE = REPO / "examples" / "russia_migrants.yaml"
HOSTILE = REPO / "tests" / "data" / "hostile.yaml"
AXE = HERE / ".node" / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = os.environ.get("LT_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]  # fmt: skip
IN_CI = os.environ.get("CI", "").strip().lower() == "true"


def missing(what: str) -> None:
    """Skip the test for lack of ``what`` — or fail it under CI, where nothing may be skipped silently."""
    if IN_CI:
        pytest.fail(f"{what} (CI=true: browser tests must run, not be skipped)", pytrace=False)
    pytest.skip(what)


# -- the browser ------------------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """One headless Chromium for the whole session (Debian's, never a downloaded build)."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing("Playwright for Python is not installed (pip install playwright; do not run 'playwright install')")
    if not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
        missing(f"Chromium not found at {CHROMIUM} (apt-get install chromium, or set LT_CHROMIUM)")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture(scope="session")
def axe_source() -> str:
    """The axe-core script, to evaluate inside a page."""
    if not AXE.is_file():
        missing(f"axe-core not found at {AXE.relative_to(REPO)} "
                "(npm install --no-save --prefix tests/browser/.node axe-core@4)")
    return AXE.read_text(encoding="utf-8")


# -- watching a page --------------------------------------------------------------------------------------------


@dataclass
class Watch:
    """What a page did that it must not: dialogs, console errors, page errors, requests beyond its own URL."""

    url: str
    dialogs: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)

    def on_route(self, route: Route) -> None:
        if route.request.url == self.url:
            route.continue_()
        else:
            route.abort()

    def on_request(self, request: Request) -> None:
        if request.url != self.url:
            self.requests.append(request.url)

    def on_dialog(self, dialog: Dialog) -> None:
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    def on_console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.console_errors.append(message.text)

    def on_page_error(self, error: Any) -> None:
        self.page_errors.append(str(error))

    def problems(self) -> dict[str, list[str]]:
        """Every recorded problem by kind (empty when the page behaved)."""
        found = {"dialogs": self.dialogs, "console errors": self.console_errors, "page errors": self.page_errors,
                 "requests": self.requests}
        return {k: v for k, v in found.items() if v}


OpenPage = Callable[..., "tuple[Page, Watch]"]
_names = itertools.count()


@pytest.fixture(scope="session")
def pages_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("pages")


@pytest.fixture(scope="session")
def contexts(browser: Browser) -> Iterator[dict[tuple[Any, ...], BrowserContext]]:
    """Browser contexts shared by the session, one per set of options (each test still gets a new page)."""
    made: dict[tuple[Any, ...], BrowserContext] = {}
    yield made
    for context in made.values():
        context.close()


@pytest.fixture
def open_page(browser: Browser, contexts: dict[tuple[Any, ...], BrowserContext],
              pages_dir: Path) -> Iterator[OpenPage]:
    """``open_page(html, js=True, color_scheme="light", width=1280, height=900)`` -> (page, watch).

    The HTML is written to a file and loaded from its ``file://`` URL in a new page, watched from before it loads.
    """
    pages = []

    def _open(html: str, *, js: bool = True, color_scheme: str = "light", width: int = 1280,
              height: int = 900) -> tuple[Page, Watch]:
        path = pages_dir / f"page{next(_names)}.html"
        path.write_text(html, encoding="utf-8")
        url = path.as_uri()
        key = (js, color_scheme, width, height)
        if key not in contexts:
            contexts[key] = browser.new_context(java_script_enabled=js, color_scheme=color_scheme,  # type: ignore[arg-type]
                                                viewport={"width": width, "height": height})
            contexts[key].set_default_timeout(20_000)
        watch = Watch(url)
        page = contexts[key].new_page()
        pages.append(page)
        page.route("**/*", watch.on_route)
        page.on("dialog", watch.on_dialog)
        page.on("console", watch.on_console)
        page.on("pageerror", watch.on_page_error)
        page.on("request", watch.on_request)
        page.goto(url)
        return page, watch

    yield _open
    for page in pages:
        page.close()


# -- the datasets -----------------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def flagship() -> lt.Timeline:
    return lt.load(EXAMPLE)


@pytest.fixture(scope="session")
def flagship_page_html(flagship: lt.Timeline) -> str:
    return flagship.to_html(full_page=True)


@pytest.fixture(scope="session")
def hostile() -> lt.Timeline:
    return lt.load(HOSTILE)


@pytest.fixture(scope="session")
def hostile_page_html(hostile: lt.Timeline) -> str:
    return hostile.to_html(full_page=True)
