"""The quickstart notebook runs from top to bottom, shows lawtimeline objects as HTML, stays small, and is kept
in git without outputs.

Cells that display a lawtimeline object carry the metadata ``{"lawtimeline": {"displays": "<class name>"}}``;
when that class has a ``_repr_html_``, the cell must produce a ``text/html`` output.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
from pathlib import Path
from typing import Any

import pytest

import lawtimeline as lt
import lawtimeline.results

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "examples" / "quickstart.ipynb"
MAX_OUTPUT = 1_000_000  # bytes, for any one output of any cell

_missing = [m for m in ("nbformat", "nbclient", "ipykernel") if importlib.util.find_spec(m) is None]
if _missing:
    if os.environ.get("CI") == "true":
        raise RuntimeError(f"{', '.join(_missing)} not installed: pip install -e '.[test]'")
    pytest.skip(f"{', '.join(_missing)} not installed (pip install -e '.[test]')", allow_module_level=True)

import nbformat  # noqa: E402
from nbclient import NotebookClient  # noqa: E402


def _read() -> Any:
    return nbformat.read(NOTEBOOK, as_version=4)


@pytest.fixture(scope="module")
def executed() -> Any:
    """The notebook, executed once with the python3 kernel from the repository root."""
    nb = _read()
    NotebookClient(
        nb, timeout=120, kernel_name="python3", allow_errors=False, resources={"metadata": {"path": str(ROOT)}}
    ).execute()
    return nb


def _class(name: str) -> type:
    cls = getattr(lt, name, None) or getattr(lawtimeline.results, name, None)
    assert isinstance(cls, type), f"the notebook displays {name!r}, which lawtimeline does not define"
    return cls


def test_notebook_is_stored_without_outputs() -> None:
    """The committed notebook is valid and stripped: no outputs, no execution counts."""
    nb = _read()
    nbformat.validate(nb)
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, cell.source[:60]


def test_notebook_covers_the_quickstart_story() -> None:
    """From ``import lawtimeline`` to the timeline, a point-in-time answer, an unresolved one, a diff, the graph,
    a chart of a fine and ``to_frame``."""
    code = "\n".join(c.source for c in _read().cells if c.cell_type == "code")
    for needle in (
        "import lawtimeline as lt",
        "lt.load(",
        "\ntl\n",
        ".value_of(",
        ".candidates",
        ".caveats",
        ".diff(",
        ".dependents(",
        "SVG(",
        ".to_frame(",
    ):
        assert needle in code + "\n", f"the notebook does not use {needle!r}"


def test_notebook_runs_without_errors(executed: Any) -> None:
    """Every code cell runs, and nothing is written to stderr (a failing _repr_html_ would be)."""
    for cell in executed.cells:
        if cell.cell_type != "code":
            continue
        assert cell.execution_count is not None
        for out in cell.outputs:
            assert out.output_type != "error", cell.source[:60]
            assert not (out.output_type == "stream" and out.name == "stderr"), f"{cell.source[:60]}: {out.text}"


def test_displayed_lawtimeline_objects_render_as_html(executed: Any) -> None:
    """Each cell marked as displaying a lawtimeline object gives text/html when that class has _repr_html_."""
    marked = [c for c in executed.cells if c.metadata.get("lawtimeline", {}).get("displays")]
    assert {c.metadata["lawtimeline"]["displays"] for c in marked} >= {"Timeline", "Answer", "Snapshot"}
    for cell in marked:
        name = cell.metadata["lawtimeline"]["displays"]
        if not hasattr(_class(name), "_repr_html_"):
            continue
        html = [
            o.data["text/html"] for o in cell.outputs if o.output_type == "execute_result" and "text/html" in o.data
        ]
        assert html, f"{name}: no text/html output"
        assert 'id="lt-' in html[0], f"{name}: not lawtimeline's HTML"


def test_timeline_cell_shows_the_flagship_timeline(executed: Any) -> None:
    """The first display is the flagship timeline's fragment, with its title."""
    cell = next(c for c in executed.cells if c.metadata.get("lawtimeline", {}).get("displays") == "Timeline")
    html = next(o.data["text/html"] for o in cell.outputs if "text/html" in o.get("data", {}))
    assert "citizenship revocation and military registration" in html
    assert not html.lstrip().lower().startswith("<!doctype")


def test_fine_chart_is_an_svg(executed: Any) -> None:
    """The chart of a fine over time is inline SVG (no plotting library), with the fine's values as labels."""
    cell = next(c for c in executed.cells if c.cell_type == "code" and "fine_chart(tl" in c.source)
    svg = next(o.data["image/svg+xml"] for o in cell.outputs if "image/svg+xml" in o.get("data", {}))
    assert "<svg" in svg and "10,000–30,000 RUB" in svg and "500–3,000 RUB" in svg


def test_no_output_is_larger_than_a_megabyte(executed: Any) -> None:
    """Every output stays under ~1 MB, so the notebook stays light in browsers and in git diffs of outputs."""
    for cell in executed.cells:
        for out in cell.get("outputs", []):
            size = len(json.dumps(out).encode("utf-8"))
            assert size < MAX_OUTPUT, f"{cell.source[:60]}: output of {size} bytes"


# -- a plain install: no pandas (issue 13) -------------------------------------------------------------------------

#: A package named ``pandas`` that fails to import as a missing one does: put first on the kernel's PYTHONPATH, it
#: makes the kernel behave as a plain ``pip install lawtimeline`` without the pandas extra.
NO_PANDAS = 'raise ModuleNotFoundError("No module named \'pandas\'", name="pandas")\n'


@pytest.fixture(scope="module")
def executed_without_pandas(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """The notebook, executed in a kernel where ``import pandas`` fails."""
    shim = tmp_path_factory.mktemp("no-pandas")
    (shim / "pandas").mkdir()
    (shim / "pandas" / "__init__.py").write_text(NO_PANDAS, encoding="utf-8")
    path = os.pathsep.join([str(shim), *filter(None, [os.environ.get("PYTHONPATH")])])
    nb = _read()
    NotebookClient(
        nb, timeout=120, kernel_name="python3", allow_errors=True, resources={"metadata": {"path": str(ROOT)}}
    ).execute(env={**os.environ, "PYTHONPATH": path})
    return nb


def _text(cell: Any) -> str:
    return "".join(o.get("text", "") for o in cell.outputs if o.output_type == "stream")


def test_notebook_runs_without_pandas(executed_without_pandas: Any) -> None:
    """Without pandas no cell fails and nothing goes to stderr; each cell that needs pandas says so, names the
    extra to install, and is skipped."""
    cells = [c for c in executed_without_pandas.cells if c.cell_type == "code"]
    probe = next(c for c in cells if "import pandas" in c.source or "to_frame(" in c.source)
    assert probe is not None
    for cell in cells:
        for out in cell.outputs:
            assert out.output_type != "error", f"{cell.source[:60]}: {out.get('ename')}: {out.get('evalue')}"
            assert not (out.output_type == "stream" and out.name == "stderr"), f"{cell.source[:60]}: {out.text}"
    needs = [c for c in cells if "to_frame(" in c.source]
    assert len(needs) >= 2
    for cell in needs:
        said = _text(cell)
        assert "pandas" in said and "lawtimeline[pandas]" in said and "skipped" in said.lower(), cell.source[:60]


def test_notebook_with_pandas_shows_the_frames(executed: Any) -> None:
    """With pandas (the test extra has it), the cells that need it show their tables and say nothing is
    skipped."""
    needs = [c for c in executed.cells if c.cell_type == "code" and "to_frame(" in c.source]
    for cell in needs:
        assert "skipped" not in _text(cell).lower()
        shown = _text(cell) + "".join(o.get("data", {}).get("text/plain", "") for o in cell.outputs)
        assert "ru-" in shown, cell.source[:60]


def test_notebook_installs_nothing() -> None:
    """No cell installs a package (no %pip, !pip, conda or subprocess): the notebook runs on what is installed."""
    for cell in _read().cells:
        if cell.cell_type == "code":
            assert not re.search(r"^\s*[%!]\s*(pip|conda|mamba|uv)\b", cell.source, re.M), cell.source[:60]
            assert "subprocess" not in cell.source and "os.system" not in cell.source, cell.source[:60]
