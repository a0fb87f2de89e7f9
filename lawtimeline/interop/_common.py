"""What the official-source importers share: collecting what they leave out, and building the Timeline.

Each importer builds the library's own dataset dict and hands it to :func:`finish`, which builds it with the one
builder (``Timeline.from_dict``, so validation, ids and the round trip are a hand-written dataset's) and attaches
the importer's warnings, which ``tl.check()`` and ``lawtimeline import`` then list after the dataset's own.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from lawtimeline.errors import Problem

if TYPE_CHECKING:
    from lawtimeline.timeline import Timeline

__all__ = ["Report", "finish", "id_part", "words"]

_SPACE = re.compile(r"\s+")


class Report:
    """The warnings of one import: every element left out, with its file and line."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def left_out(self, file: str, line: int | None, element: str, why: str) -> None:
        """Record that ``element`` (as the source writes it, e.g. ``<ukm:Effect EffectId="…">``) was left out."""
        self.problems.append(Problem(f"{element} left out: {why}", file=file, line=line, severity="warning"))

    def note(self, file: str, line: int | None, message: str) -> None:
        self.problems.append(Problem(message, file=file, line=line, severity="warning"))

    def extend(self, problems: Iterable[Problem]) -> None:
        self.problems.extend(problems)


def finish(data: Mapping[str, Any], report: Report) -> Timeline:
    """Build ``data`` with the dataset builder and attach the report's warnings (``tl.check()`` lists them)."""
    from lawtimeline.io import _no_gc
    from lawtimeline.timeline import Timeline

    with _no_gc():
        tl = Timeline.from_dict(data)
    tl._import_warnings = tuple(report.problems)
    return tl


def words(text: str | None) -> str:
    """Text with its runs of whitespace made one space, trimmed."""
    return _SPACE.sub(" ", text or "").strip()


def id_part(text: str) -> str:
    """Text made fit for an id: whitespace and control characters become ``-``."""
    return re.sub(r"[\s\x00-\x1f\x7f]+", "-", text.strip())
