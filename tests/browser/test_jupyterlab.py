"""The notebook display in a real JupyterLab (and in nbconvert's HTML export), opened in Debian's Chromium.

One JupyterLab server for the module (127.0.0.1, a free port, a token, no browser, every Jupyter directory in a
temporary one) serves an executed notebook that displays the flagship ``tl``, saved twice: unsigned (untrusted:
JupyterLab's sanitizer strips script, style, SVG, ids and ``hidden``) and signed with ``jupyter trust``. Each is
opened in JupyterLab's light and dark theme (the theme setting written to a temporary ``JUPYTERLAB_SETTINGS_DIR``
before the page loads) on a light and a dark system colour scheme (Playwright's ``color_scheme``), and the tests
assert: no dead control and no raw markup in any pairing, the static picture when untrusted, the state on a date
working when trusted, and a contrast of at least 4.5:1 for the value labels (from computed styles) everywhere.

Missing JupyterLab, nbclient, ipykernel, Playwright or Chromium skips these tests on a developer's machine and
fails them under ``CI=true`` (``missing`` in ``conftest.py``). ``LT_DOCS_IMAGES=1`` also writes the screenshots of
the four theme pairings and of the untrusted view into ``docs/images/``.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from conftest import EXAMPLE, REPO, missing

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

THEMES = {"light": "JupyterLab Light", "dark": "JupyterLab Dark"}
DOCS_IMAGES = REPO / "docs" / "images"
WRITE_IMAGES = os.environ.get("LT_DOCS_IMAGES", "") == "1"


@pytest.fixture(scope="module")
def lab_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("lab")


def _env(root: Path) -> dict[str, str]:
    env = dict(os.environ)
    for name, sub in (("JUPYTER_CONFIG_DIR", "config"), ("JUPYTER_DATA_DIR", "data"),
                      ("JUPYTER_RUNTIME_DIR", "runtime"), ("JUPYTERLAB_SETTINGS_DIR", "settings"),
                      ("JUPYTERLAB_WORKSPACES_DIR", "workspaces"), ("IPYTHONDIR", "ipython")):
        (root / sub).mkdir(exist_ok=True)
        env[name] = str(root / sub)
    env["PYTHONPATH"] = str(REPO) + os.pathsep + env.get("PYTHONPATH", "")
    return env


@pytest.fixture(scope="module")
def notebooks(lab_root: Path) -> dict[str, Path]:
    """The executed notebook, unsigned and signed (``jupyter trust``)."""
    try:
        import nbformat
        from nbclient import NotebookClient
    except ImportError:
        missing("nbformat and nbclient are not installed (pip install -e '.[test]')")
    try:
        import ipykernel  # noqa: F401
    except ImportError:
        missing("ipykernel is not installed (pip install -e '.[test]')")
    env = _env(lab_root)
    work = lab_root / "work"
    work.mkdir(exist_ok=True)
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(f"import lawtimeline as lt\ntl = lt.load({str(EXAMPLE)!r})\ntl")]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    old = dict(os.environ)
    os.environ.update(env)
    try:
        NotebookClient(nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(work)}}).execute()
    finally:
        os.environ.clear()
        os.environ.update(old)
    html = next(o for o in nb.cells[0].outputs if o.get("output_type") == "execute_result")["data"]["text/html"]
    assert 'class="lt-root"' in html
    paths = {"untrusted": work / "untrusted.ipynb", "trusted": work / "trusted.ipynb"}
    for name, p in paths.items():
        nb.metadata["lawtimeline_test"] = name  # signatures are of the content: the two must differ
        nbformat.write(nb, p)
    subprocess.run([sys.executable, "-m", "jupyter", "trust", str(paths["trusted"])], env=env, check=True,
                   capture_output=True)
    return paths


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def lab(lab_root: Path, notebooks: dict[str, Path]) -> Iterator[dict[str, Any]]:
    """A JupyterLab server for the module: its base URL, token, environment and settings directory."""
    try:
        import jupyterlab  # noqa: F401
    except ImportError:
        missing("JupyterLab is not installed (pip install -e '.[test]' installs jupyterlab>=4)")
    env = _env(lab_root)
    settings = Path(env["JUPYTERLAB_SETTINGS_DIR"])
    _write_settings(settings, "light")
    port, token = _free_port(), "lt-test-" + os.urandom(8).hex()
    log = open(lab_root / "lab.log", "w")  # noqa: SIM115 - closed below
    proc = subprocess.Popen(
        [sys.executable, "-m", "jupyterlab", "--no-browser", "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}",
         "--ServerApp.port_retries=0", f"--IdentityProvider.token={token}",
         f"--ServerApp.root_dir={notebooks['untrusted'].parent}",
         *(["--allow-root"] if hasattr(os, "geteuid") and os.geteuid() == 0 else [])],
        env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                log.flush()
                pytest.fail("JupyterLab did not start:\n" + (lab_root / "lab.log").read_text()[-3000:])
            time.sleep(0.3)
        yield {"base": base, "token": token, "settings": settings, "env": env}
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


def _write_settings(settings: Path, theme: str) -> None:
    apputils = settings / "@jupyterlab" / "apputils-extension"
    apputils.mkdir(parents=True, exist_ok=True)
    (apputils / "themes.jupyterlab-settings").write_text(json.dumps({"theme": THEMES[theme]}))
    (apputils / "notification.jupyterlab-settings").write_text(json.dumps({"fetchNews": "false",
                                                                          "checkForUpdates": False}))


# -- what every view is checked for ------------------------------------------------------------------------------

CHECK = """(out) => {
  const root = out.querySelector('.lt-root') || out;
  const controls = Array.from(out.querySelectorAll('input, select, button, textarea'));
  const text = out.innerText;
  const lum = c => { const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
                     return 0.2126 * f(c[0]) + 0.7152 * f(c[1]) + 0.0722 * f(c[2]); };
  const parse = s => { const m = /rgba?\\(([\\d.]+)[, ]+([\\d.]+)[, ]+([\\d.]+)(?:[,/ ]+([\\d.]+))?/.exec(s || '');
                       return m ? [+m[1], +m[2], +m[3], m[4] === undefined ? 1 : +m[4]] : null; };
  const over = (top, under) => [0, 1, 2].map(i => top[3] * top[i] + (1 - top[3]) * under[i]).concat([1]);
  const backdrop = el => {  // the opaque colour behind an element: its ancestors' backgrounds composited
    const layers = [];
    for (let e = el; e; e = e.parentElement) {
      const c = parse(getComputedStyle(e).backgroundColor);
      if (c && c[3] > 0) { layers.push(c); if (c[3] >= 1) break; }
    }
    let c = [255, 255, 255, 1];
    for (let i = layers.length - 1; i >= 0; i--) c = over(layers[i], c);
    return c;
  };
  const ratio = (a, b) => { const x = lum(a), y = lum(b); return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05); };
  const values = Array.from(out.querySelectorAll('.lt-bar-text')).filter(t => t.textContent.trim()).map(t => {
    const body = parse(getComputedStyle(t.closest('.lt-bar').querySelector('.lt-bar-body')).fill);
    const under = over(body, backdrop(t.closest('svg')));
    let fill = parse(getComputedStyle(t).fill);
    fill = over([fill[0], fill[1], fill[2], fill[3] * +getComputedStyle(t).fillOpacity], under);
    return [t.textContent, Math.round(ratio(fill, under) * 100) / 100];
  });
  const picture = out.querySelector('img.lt-picture');
  return {
    ready: !!out.querySelector('[data-lt-ready]'),
    controls: controls.map(c => c.tagName.toLowerCase() + '.' + c.className
                                + (c.closest('[data-lt-ready]') ? '' : ' (no script)')),
    raw: ['</text>', '<svg', '<g ', '<rect', '<style', '<script', 'class="lt-'].filter(s => text.includes(s))
      .concat((text.match(/\\blt-[a-z]+(-[a-z]+)*\\b/g) || []).slice(0, 5)),
    picture: picture ? {shown: picture.getClientRects().length > 0 && getComputedStyle(picture).display !== 'none',
                        width: picture.naturalWidth, src: (picture.getAttribute('src') || '').slice(0, 26)} : null,
    liveSvg: !!out.querySelector('svg.lt-svg'),
    values: values,
    text: text.slice(0, 200),
  };
}"""

PICTURE_CONTRAST = """async (src) => {
  const text = atob(src.slice(src.indexOf(',') + 1));
  const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
  const host = document.createElement('div');
  host.style.cssText = 'position:fixed;left:0;top:0;width:1000px;height:10px;overflow:hidden';
  host.appendChild(document.importNode(doc.documentElement, true));
  document.body.appendChild(host);
  const parse = s => { const m = /rgba?\\(([\\d.]+)[, ]+([\\d.]+)[, ]+([\\d.]+)/.exec(s || '');
                       return m ? [+m[1], +m[2], +m[3]] : null; };
  const lum = c => { const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
                     return 0.2126 * f(c[0]) + 0.7152 * f(c[1]) + 0.0722 * f(c[2]); };
  const out = Array.from(host.querySelectorAll('.lt-bar')).map(g => {
    const t = g.querySelector('text'), r = g.querySelector('rect.bar:last-of-type');
    if (!t) return null;
    const a = parse(getComputedStyle(t).fill), b = parse(getComputedStyle(r).fill);
    const x = lum(a), y = lum(b);
    return [t.textContent, Math.round((Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05) * 100) / 100];
  }).filter(Boolean);
  host.remove();
  return out;
}"""


def _assert_no_dead_control_no_raw_markup(found: dict[str, Any], where: str) -> None:
    assert found["raw"] == [], (where, found["raw"], found["text"])
    if found["ready"]:
        assert found["controls"] and all("(no script)" not in c for c in found["controls"]), (where, found)
    else:
        assert found["controls"] == [], (where, found["controls"])


def _assert_values_readable(page: Page, found: dict[str, Any], where: str) -> None:
    if found["ready"]:
        values = found["values"]
    else:
        src = page.eval_on_selector("img.lt-picture", "i => i.getAttribute('src')")
        values = page.evaluate(PICTURE_CONTRAST, src)
    assert len(values) >= 5, (where, values)
    low = [v for v in values if v[1] < 4.5]
    assert low == [], (where, low)


_workspaces = iter(range(1_000_000))


def _open_lab(browser: Browser, lab: dict[str, Any], which: str, jl: str) -> Page:
    """The notebook in a fresh workspace (nothing else open), JupyterLab in theme ``jl``."""
    _write_settings(lab["settings"], jl)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(60_000)
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(lab["base"])
                  else route.abort())
    page = context.new_page()
    page.goto(f"{lab['base']}/lab/workspaces/lt{next(_workspaces)}/tree/{which}.ipynb?reset&token={lab['token']}")
    # JupyterLab may render an output more than once while the notebook opens (its trust and kernel settle):
    # wait for it to stay put
    ready = f"{OUTPUT} [data-lt-ready] .lt-state-out table" if which == "trusted" else f"{OUTPUT} img.lt-picture"
    page.wait_for_selector(ready, state="visible")
    page.wait_for_timeout(1000)
    page.wait_for_selector(ready, state="visible")
    page.wait_for_function("t => document.body.getAttribute('data-jp-theme-light') === t",
                           arg="true" if jl == "light" else "false")
    return page


OUTPUT = ".jp-NotebookPanel:not(.lm-mod-hidden) .jp-OutputArea-output"


def _shoot(page: Page, name: str) -> None:
    if not WRITE_IMAGES:
        return
    out = page.locator(OUTPUT).first
    out.scroll_into_view_if_needed()
    box = out.bounding_box()
    assert box is not None
    page.screenshot(path=str(DOCS_IMAGES / name), clip={"x": box["x"], "y": box["y"], "width": min(box["width"], 1000),
                                                         "height": min(box["height"], 620)})


@pytest.mark.parametrize("jl", ["light", "dark"])
def test_untrusted_notebook_shows_the_picture_and_no_dead_control(browser: Browser, lab: dict[str, Any],
                                                                  jl: str) -> None:
    """Untrusted (as every downloaded notebook opens), in JupyterLab's light and dark theme, on a light and a dark
    system scheme: the sanitizer has removed script, style and SVG; the reader sees the static picture (loaded),
    the acts, the chronology and the sources, no control at all, no markup as text, and the value labels in the
    picture keep 4.5:1."""
    page = _open_lab(browser, lab, "untrusted", jl)
    try:
        for os_scheme in ("light", "dark"):
            page.emulate_media(color_scheme=os_scheme)  # type: ignore[arg-type]
            out = page.locator(OUTPUT).first
            found = out.evaluate(CHECK)
            where = f"untrusted, JupyterLab {jl}, system {os_scheme}"
            assert not found["ready"] and not found["liveSvg"], where
            assert found["picture"] and found["picture"]["shown"] and found["picture"]["width"] > 0, (where, found)
            assert found["picture"]["src"].startswith("data:image/svg+xml"), where
            assert "Chronology" in out.inner_text() and "Acts" in out.inner_text()
            _assert_no_dead_control_no_raw_markup(found, where)
            _assert_values_readable(page, found, where)
            if jl == "light" and os_scheme == "light":
                _shoot(page, "jupyterlab-untrusted.png")
    finally:
        page.context.close()


@pytest.mark.parametrize("jl", ["light", "dark"])
def test_trusted_notebook_works_in_every_theme_pairing(browser: Browser, lab: dict[str, Any], jl: str) -> None:
    """Trusted, in JupyterLab's light and dark theme, each on a light and a dark system scheme: the script has
    run (the live drawing, the controls), the colours follow JupyterLab's theme whatever the system scheme, value
    labels keep 4.5:1, labels are at their set size (the drawing is laid out for the output's width: its SVG is as
    wide as it is drawn), and the state on a date, zoom and search answer."""
    page = _open_lab(browser, lab, "trusted", jl)
    try:
        for os_scheme in ("light", "dark"):
            page.emulate_media(color_scheme=os_scheme)  # type: ignore[arg-type]
            out = page.locator(OUTPUT).first
            found = out.evaluate(CHECK)
            where = f"trusted, JupyterLab {jl}, system {os_scheme}"
            assert found["ready"] and found["liveSvg"], (where, found)
            assert found["picture"] and not found["picture"]["shown"], where
            _assert_no_dead_control_no_raw_markup(found, where)
            _assert_values_readable(page, found, where)
            assert out.locator(".lt-root").get_attribute("data-lt-theme") == jl, where
            scale = out.locator("svg.lt-svg").evaluate(
                "s => s.getBoundingClientRect().width / s.viewBox.baseVal.width")
            assert abs(scale - 1) < 0.01, (where, scale)
            font = out.locator(".lt-bar-text").first.evaluate("t => parseFloat(getComputedStyle(t).fontSize)")
            assert font >= 10.5, (where, font)
            _shoot(page, f"jupyterlab-{jl}-on-{os_scheme}-system.png")
        out.locator(".lt-state-date").fill("2024-08-15")
        summary = out.locator(".lt-state-out p").first.inner_text()
        assert summary.endswith("in force on 15 August 2024."), (jl, summary)
        assert out.locator(".lt-state-out tbody tr").count() >= 5
        before = out.locator("svg.lt-svg").get_attribute("data-view")
        out.locator(".lt-zoom-in").click()
        assert out.locator("svg.lt-svg").get_attribute("data-view") != before, jl
        total = out.locator(".lt-list > li").count()
        out.locator(".lt-search").fill("Bastrykin")
        shown = int(out.locator(".lt-count").inner_text().split()[0])
        assert 0 < shown < total, jl
    finally:
        page.context.close()


@pytest.fixture(scope="module")
def exported(lab_root: Path, notebooks: dict[str, Path]) -> dict[str, Path]:
    """nbconvert's HTML export of the executed notebook, light and dark."""
    try:
        import nbformat
        from nbconvert import HTMLExporter
    except ImportError:
        missing("nbconvert is not installed (pip install -e '.[test]' installs it with jupyterlab)")
    nb = nbformat.read(notebooks["untrusted"], as_version=4)
    out = {}
    for theme in ("light", "dark"):  # as `jupyter nbconvert --to html --theme=THEME` writes it
        body, _ = HTMLExporter(theme=theme).from_notebook_node(nb)
        target = lab_root / f"export-{theme}.html"
        target.write_text(body, encoding="utf-8")
        out[theme] = target
    return out


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_nbconvert_export_works_in_every_theme_pairing(browser: Browser, exported: dict[str, Path],
                                                       theme: str) -> None:
    """nbconvert's HTML (opened as a file: the script runs), light and dark, on a light and a dark system scheme,
    is checked the same way: the live drawing, no dead control, no markup as text, colours from the export's
    theme, value labels at 4.5:1, and the state on a date."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:") else route.abort())
    page = context.new_page()
    try:
        page.goto(exported[theme].as_uri())
        page.wait_for_selector("[data-lt-ready] .lt-state-out table")
        out = page.locator(".jp-OutputArea-output").first
        for os_scheme in ("light", "dark"):
            page.emulate_media(color_scheme=os_scheme)  # type: ignore[arg-type]
            found = out.evaluate(CHECK)
            where = f"nbconvert {theme}, system {os_scheme}"
            assert found["ready"] and found["liveSvg"], (where, found)
            _assert_no_dead_control_no_raw_markup(found, where)
            _assert_values_readable(page, found, where)
            assert out.locator(".lt-root").get_attribute("data-lt-theme") == theme, where
        out.locator(".lt-state-date").fill("2025-08-12")
        assert out.locator(".lt-state-out p").first.inner_text().endswith("in force on 12 August 2025.")
    finally:
        context.close()
