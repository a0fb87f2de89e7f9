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
from lawtimeline.io._read import format_path, short
from lawtimeline.model import (
    Meta,
    Op,
    is_plain,
)

if TYPE_CHECKING:
    from lawtimeline.io._read import Located

Path = tuple[str | int, ...]

FORMAT_VERSIONS = (1,)
#: Characters an id may not hold: whitespace and control characters (DESIGN §4), spelled out so that the JSON
#: Schema's pattern means the same in every regular-expression dialect.
_NOT_IN_ID = "\\x00-\\x20\\x7f-\\xa0\\u1680\\u2000-\\u200b\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff"
MAX_ID = 300
ID_RE = re.compile(f"[A-Za-z0-9][^{_NOT_IN_ID}]{{0,{MAX_ID - 1}}}")
KIND_RE = re.compile(r"[a-z_]+")
#: A territory code in an extent: text without whitespace or control characters.
CODE_RE = re.compile(f"[^{_NOT_IN_ID}]{{1,{MAX_ID}}}")

TOP_KEYS = ("lawtimeline", "title", "description", "as_at", "sources", "acts", "provisions", "changes", "events",
            "meta")  # fmt: skip
SOURCE_KEYS = ("id", "title", "publisher", "url", "date", "note", "meta")
ACT_KEYS = ("id", "title", "short_title", "number", "jurisdiction", "kind", "url", "tags", "sources", "events",
            "note", "meta")  # fmt: skip
EVENT_KEYS = ("id", "kind", "date", "dates", "title", "by", "related", "sources", "note", "meta")
CLAIM_KEYS = ("date", "sources")
PROVISION_KEYS = ("id", "title", "act", "path", "kind", "unit", "extent", "tags", "depends_on", "sources", "value",
                  "note", "meta")  # fmt: skip
CHANGE_KEYS = ("id", "act", "provision", "op", "value", "items", "effective", "stages", "known", "lapsed",
               "subject_to", "sources", "note", "meta")  # fmt: skip
#: The keys of a change before DESIGN §4a: a change with only these may take the fast path.
PLAIN_CHANGE_KEYS = ("id", "act", "provision", "op", "value", "items", "effective", "known", "sources", "note")
STAGE_KEYS = ("date", "extent", "purposes", "sources", "note", "meta")
LAPSE_KEYS = ("date", "reason", "sources")


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
        return f"{short(value)} (text)"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return repr(value)


def _unknown(what: str, ref: str, known: Iterable[str]) -> str:
    close = difflib.get_close_matches(ref, list(known), n=1) if len(ref) < 300 else []
    hint = f" (did you mean {close[0]!r}?)" if close else ""
    return f"unknown {what} {short(ref, 300)}{hint}"


def _id_problem(value: object) -> str:
    """Why ``value`` is not an id, in words."""
    if not isinstance(value, str):
        return "not text"
    if not value:
        return "it is empty"
    if len(value) > MAX_ID:
        return f"it is {len(value):,} characters long"
    if not re.match(r"[A-Za-z0-9]", value):
        return f"it starts with {value[0]!r}"
    bad = next((ch for ch in value if not re.fullmatch(f"[^{_NOT_IN_ID}]", ch)), " ")
    what = "a space" if bad == " " else ("whitespace" if bad.isspace() else "a control character")
    return f"it holds {what} ({bad!a})"


def _not_plain(value: Any, path: Path) -> Iterable[tuple[Path, Any]]:
    """The places in ``value`` that are not plain data."""
    if isinstance(value, dict):
        for k, v in value.items():
            if not isinstance(k, str):
                yield (*path, str(k)), k
            else:
                yield from _not_plain(v, (*path, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _not_plain(v, (*path, i))
    elif not is_plain(value):
        yield path, value


def _plain_what(value: Any) -> str:
    if isinstance(value, float):
        return f"{value!r} (not a finite number)"
    if isinstance(value, int | str | bool):
        return f"the key {value!r} (not text)"
    if isinstance(value, _dt.datetime):
        return f"a date and time ({value.isoformat()}); write it as text"
    if isinstance(value, _dt.date):
        return f"a date object ({value.isoformat()}); write it as text: {value.isoformat()!r}"
    return f"a {type(value).__name__} ({value!r:.60})"


class BuilderBase:
    """Records problems with their paths, and reads the generic pieces of a dataset."""

    def __init__(self, located: Located | None = None, file: str | None = None) -> None:
        self.located = located
        self.file = file if file is not None else (located.file if located is not None else None)
        self.problems: list[tuple[Path, str, bool, str]] = []  # (path, message, at_key, severity)
        self.ids: dict[str, Path] = {}  # id -> path of the object that has it
        #: the ids in ``ids`` that were derived, not given, each with the words for whose it is ("" for the usual)
        self.derived: dict[str, str] = {}
        #: source ids cited inside changes (stages, lapses), with the path of their list, checked with the rest
        self.cites: list[tuple[Path, tuple[str, ...]]] = []

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
                close = difflib.get_close_matches(str(k), allowed, n=1) if len(str(k)) < 100 else []
                hint = f"did you mean {close[0]!r}? " if close else ""
                self.error((*path, k), f"unknown key {short(str(k))} ({hint}expected one of: {', '.join(allowed)})",
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
            shown = value[:40] + "…" if isinstance(value, str) and len(value) > 60 else value
            self.error(path, f"{_what(shown)} is not a valid id: {_id_problem(value)} (an id starts with a letter "
                             f"or digit and has no whitespace or control characters, at most {MAX_ID} in all)")
            return None
        return value

    def register(self, ident: str, path: Path, *, given: bool = True, what: str = "", implicit: str = "") -> None:
        """Record the object at ``path`` under ``ident``; a second object with the same id is an error.

        ``given`` is False for a derived id (``what`` says whose: "this change", "this life-cycle event"; for the
        id of an implicit change, ``implicit`` says which): derived ids look like any other id, so a clash with one
        is an error too, never an overwrite."""
        first = self.ids.get(ident)
        if first is None:
            self.ids[ident] = path
            if not given:
                self.derived[ident] = implicit
            return
        where = (*path, "id") if given else path
        before = format_path(first)
        if not given:
            self.error(where, f"the id {ident!r} derived for {what or 'this object'} is already used at {before}; "
                              "give one of them an id of its own")
        elif ident in self.derived:
            whose = self.derived[ident]
            self.error(where, f"duplicate id {ident!r} (already the id of {whose} at {before}; choose another)"
                       if whose else f"duplicate id {ident!r} (already the id derived for {before}; give that one "
                                     "an id of its own, or choose another)")
        else:
            self.error(where, f"duplicate id {ident!r} (already used at {before})")

    def meta(self, d: Mapping[str, Any], path: Path) -> Meta | None:
        """The ``meta`` mapping of ``d``: plain values only, kept exactly as given."""
        v = d.get("meta")
        if v is None:
            return None
        mpath = (*path, "meta")
        if not isinstance(v, dict):
            self.error(mpath, f"expected a mapping of plain values, found {_what(v)}")
            return None
        bad = list(_not_plain(v, mpath))
        for p, value in bad:
            self.error(p, f"meta holds plain values only (text, numbers, true/false, null, lists, mappings with "
                          f"text keys), found {_plain_what(value)}")
        return None if bad else Meta(v)

    def codes(self, d: Mapping[str, Any], key: str, path: Path) -> tuple[str, ...]:
        """A list of territory codes (``extent``): text without spaces, each once."""
        v = d.get(key)
        if v is None:
            return ()
        if not isinstance(v, list):
            self.error((*path, key), f"expected a list of territory codes such as [E, W], found {_what(v)}")
            return ()
        out: list[str] = []
        for i, item in enumerate(v):
            if not isinstance(item, str) or not CODE_RE.fullmatch(item):
                self.error((*path, key, i), f"expected a territory code (text without spaces, such as E or NI), "
                                            f"found {_what(item)}")
            elif item in out:
                self.error((*path, key, i), f"{item!r} is already in this extent")
            else:
                out.append(item)
        return tuple(out)

    def day(self, value: Any, path: Path) -> PartialDate | None:
        """A date that must be one whole day (``as_at``)."""
        if value is None:
            return None
        date = self.date(value, path)
        if date is not None and not (date.exact and not date.is_range and date.precision.value == "day"):
            self.error(path, f"{date.edtf!r} is not one whole day; give the day as YYYY-MM-DD")
            return None
        return date

    def date(self, value: Any, path: Path) -> PartialDate | None:
        if value is None:
            return None
        if isinstance(value, list):
            hint = ""
            if len(value) == 1 and isinstance(value[0], str) and ".." in value[0]:
                hint = f'; to write a day range, quote it: "[{value[0]}]"'
            self.error(path, f"expected a date, found a list{hint}")
            return None
        if isinstance(value, dict) and value.keys() & {"after", "same_as"}:
            self.error(path, "expected a date, found a mapping; relative dates ({after: …}, {same_as: …}) are "
                             "allowed only on an act's life-cycle events")
            return None
        if isinstance(value, bool) or not isinstance(value, str | int | _dt.date):
            self.error(path, f"expected a date, found {_what(value)}")
            return None
        try:
            return PartialDate.parse(value)
        except DateError as e:
            self.error(path, str(e))
            return None
