"""Every example in the package's docstrings runs and prints what it says (from the repository root)."""

from __future__ import annotations

import doctest
import importlib
import pkgutil
from pathlib import Path

import pytest

import lawtimeline as lt

ROOT = Path(__file__).resolve().parent.parent
MODULES = sorted(m.name for m in pkgutil.walk_packages(lt.__path__, "lawtimeline."))


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples_run(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """The examples of one module pass as doctests (they load examples/russia_migrants.yaml by relative path)."""
    monkeypatch.chdir(ROOT)
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE, verbose=False)
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples failed in {name}"


def test_every_public_name_has_an_example() -> None:
    """Each name in lawtimeline.__all__ (but the version string) documents itself with a runnable example."""
    missing = [n for n in lt.__all__ if n != "__version__" and ">>>" not in (getattr(lt, n).__doc__ or "")]
    assert missing == []
