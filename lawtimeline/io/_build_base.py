"""The shared part of the dataset builder: the format's keys, how problems are recorded, and readers for the
generic pieces (mappings, text, lists of ids, dates)."""

from __future__ import annotations

import datetime as _dt
import difflib
import re
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from lawtimeline.dates import PartialDate
from lawtimeline.errors import DateError, Problem
from lawtimeline.io._read import format_path
from lawtimeline.model import (
    Op,
)

if TYPE_CHECKING:
    from lawtimeline.io._read import Located

Path = tuple[str | int, ...]

FORMAT_VERSIONS = (1,)
ID_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:/\[\]-]*")
KIND_RE = re.compile(r"[a-z_]+")

TOP_KEYS = ("lawtimeline", "title", "description", "sources", "acts", "provisions", "changes", "events")
SOURCE_KEYS = ("id", "title", "publisher", "url", "date", "note")
ACT_KEYS = ("id", "title", "short_title", "number", "jurisdiction", "kind", "url", "tags", "sources", "events",
            "note")  # fmt: skip
EVENT_KEYS = ("id", "kind", "date", "dates", "title", "by", "related", "sources", "note")
CLAIM_KEYS = ("date", "sources")
PROVISION_KEYS = ("id", "title", "act", "path", "kind", "unit", "tags", "depends_on", "sources", "value", "note")
CHANGE_KEYS = ("id", "act", "provision", "op", "value", "items", "effective", "known", "sources", "note")


_KEYSETS: dict[tuple[str, ...], frozenset[str]] = {}
_OPS = {o.value: o for o in Op}


def _what(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return f"{str(value).lower()} (a boolean)"
    if isinstance(value, int | float):
        return f"{value!r} (a number)"
    if isinstance(value, str):
        return f"{value!r} (text)"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return repr(value)


def _unknown(what: str, ref: str, known: Iterable[str]) -> str:
    close = difflib.get_close_matches(ref, list(known), n=1)
    hint = f" (did you mean {close[0]!r}?)" if close else ""
    return f"unknown {what} {ref!r}{hint}"


class BuilderBase:
    """Records problems with their paths, and reads the generic pieces of a dataset."""

    def __init__(self, located: Located | None = None, file: str | None = None) -> None:
        self.located = located
        self.file = file if file is not None else (located.file if located is not None else None)
        self.problems: list[tuple[Path, str, bool, str]] = []  # (path, message, at_key, severity)
        self.ids: dict[str, Path] = {}  # id -> path of the object that has it

    # -- recording ------------------------------------------------------------------------------------------------
    def error(self, path: Path, message: str, *, at_key: bool = False) -> None:
        self.problems.append((path, message, at_key, "error"))

    def located_problems(self) -> list[Problem]:
        out = []
        for path, msg, at_key, severity in self.problems:
            line, col = self.located.where(path, key=at_key) if self.located is not None else (None, None)
            out.append(Problem(msg, format_path(path), self.file, line, col, severity))  # type: ignore[arg-type]
        out.sort(key=lambda p: (p.line or 0, p.column or 0))
        return out

    # -- generic readers ------------------------------------------------------------------------------------------
    def mapping(self, value: Any, path: Path, keys: Iterable[str], required: Iterable[str] = (),
                what: str = "") -> dict[str, Any] | None:
        if not isinstance(value, dict):
            self.error(path, f"expected a mapping{' (' + what + ')' if what else ''}, found {_what(value)}")
            return None
        allowed = tuple(keys)
        known = _KEYSETS.get(allowed)
        if known is None:
            known = _KEYSETS[allowed] = frozenset(allowed)
        if known.issuperset(value):  # the common case: no unknown key
            for k in required:
                if value.get(k) is None:
                    self.error(path, f"missing required key {k!r}")
            return value
        for k in value:
            if k not in allowed:
                close = difflib.get_close_matches(str(k), allowed, n=1)
                hint = f"did you mean {close[0]!r}? " if close else ""
                self.error((*path, k), f"unknown key {k!r} ({hint}expected one of: {', '.join(allowed)})",
                           at_key=True)
        for k in required:
            if k not in value or value[k] is None:
                self.error(path, f"missing required key {k!r}")
        return value

    def text(self, d: Mapping[str, Any], key: str, path: Path) -> str | None:
        v = d.get(key)
        if v is None:
            return None
        if not isinstance(v, str):
            self.error((*path, key), f"expected text, found {_what(v)}; quote it to keep it as text")
            return None
        return v

    def strings(self, d: Mapping[str, Any], key: str, path: Path) -> tuple[str, ...]:
        v = d.get(key)
        if v is None:
            return ()
        if not isinstance(v, list):
            self.error((*path, key), f"expected a list of text, found {_what(v)}")
            return ()
        out = []
        for i, item in enumerate(v):
            if isinstance(item, str):
                out.append(item)
            else:
                self.error((*path, key, i), f"expected text, found {_what(item)}")
        return tuple(out)

    def new_id(self, value: Any, path: Path) -> str | None:
        if value is None:
            return None
        if not isinstance(value, str) or not ID_RE.fullmatch(value):
            self.error(path, f"{_what(value)} is not a valid id (letters, digits and . _ : / [ ] -, "
                             "starting with a letter or digit)")
            return None
        return value

    def register(self, ident: str, path: Path, *, given: bool = True) -> None:
        """Record the object at ``path`` under ``ident``; a second object with the same id is an error."""
        if ident in self.ids:
            where = (*path, "id") if given else path
            self.error(where, f"duplicate id {ident!r} (already used at {format_path(self.ids[ident])})")
        else:
            self.ids[ident] = path

    def date(self, value: Any, path: Path) -> PartialDate | None:
        if value is None:
            return None
        if isinstance(value, list):
            hint = ""
            if len(value) == 1 and isinstance(value[0], str) and ".." in value[0]:
                hint = f'; to write a day range, quote it: "[{value[0]}]"'
            self.error(path, f"expected a date, found a list{hint}")
            return None
        if isinstance(value, bool) or not isinstance(value, str | int | _dt.date):
            self.error(path, f"expected a date, found {_what(value)}")
            return None
        try:
            return PartialDate.parse(value)
        except DateError as e:
            self.error(path, str(e))
            return None
