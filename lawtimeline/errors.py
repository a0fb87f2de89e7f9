"""The exceptions lawtimeline raises, all rooted at :class:`LawTimelineError`."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from typing import Literal

import attrs

__all__ = [
    "DatasetError",
    "DateError",
    "LawTimelineError",
    "Problem",
    "UnknownIdError",
]

Severity = Literal["error", "warning"]


class LawTimelineError(Exception):
    """The root of every error lawtimeline raises on purpose.

    >>> import lawtimeline as lt
    >>> issubclass(lt.DatasetError, lt.LawTimelineError) and issubclass(lt.DateError, ValueError)
    True
"""


class DateError(LawTimelineError, ValueError):
    """A date that cannot be read, or a partial date where a whole day is needed.

    >>> import lawtimeline as lt
    >>> lt.PartialDate.parse("2025-13-01")
    Traceback (most recent call last):
    ...
    lawtimeline.errors.DateError: '2025-13-01': month must be 01..12
    """


class UnknownIdError(LawTimelineError, KeyError):
    """An id that is not in the dataset; the message names the closest known ids.

    >>> import lawtimeline as lt
    >>> lt.load("examples/russia_migrants.yaml").provisions["ru-cao-fine-sumons"]
    Traceback (most recent call last):
    ...
    lawtimeline.errors.UnknownIdError: unknown provision id 'ru-cao-fine-sumons' (did you mean 'ru-cao-fine-summons'...
"""

    def __init__(self, what: str, key: str, known: Iterable[str] = ()) -> None:
        self.what = what
        self.key = key
        close = difflib.get_close_matches(key, list(known), n=3, cutoff=0.6)
        hint = f" (did you mean {', '.join(repr(c) for c in close)}?)" if close else ""
        self.message = f"unknown {what} id {key!r}{hint}"
        super().__init__(self.message)

    def __str__(self) -> str:  # KeyError would quote the message again
        return self.message


@attrs.frozen
class Problem:
    """One problem found in a dataset: where it is, and what is wrong.

    ``path`` is the place inside the dataset in JSON-path style (``acts[2].events[0].date``);
    ``line`` and ``column`` are 1-based and ``None`` when the dataset did not come from text.

    >>> str(Problem("unknown key 'titel'", "acts[0].titel", "laws.yaml", 5, 5))
    "laws.yaml:5:5: acts[0].titel: unknown key 'titel'"

    """

    message: str
    path: str = ""
    file: str | None = None
    line: int | None = None
    column: int | None = None
    severity: Severity = "error"

    def __str__(self) -> str:
        where = self.file or "<data>"
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        level = "" if self.severity == "error" else "warning: "
        path = f"{self.path}: " if self.path else ""
        return f"{where}: {level}{path}{self.message}"


class DatasetError(LawTimelineError):
    """A dataset that cannot be loaded; ``problems`` lists every problem found, in file order.

    >>> import lawtimeline as lt
    >>> try:
    ...     lt.loads("lawtimeline: 1\\nacts:\\n  - {id: a, titel: A}\\n", name="laws.yaml")
    ... except lt.DatasetError as e:
    ...     print(e.problems[0])
    laws.yaml:3:13: acts[0].titel: unknown key 'titel' (did you mean 'title'? expected one of: id, title, ...)
"""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        super().__init__(self._text())

    def _text(self) -> str:
        errors = [p for p in self.problems if p.severity == "error"]
        head = f"{len(errors)} problem{'s' if len(errors) != 1 else ''} in dataset"
        return "\n".join([head, *(str(p) for p in self.problems)])
