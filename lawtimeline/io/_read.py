"""Reading dataset text (YAML or JSON) into plain Python values, keeping where each value stood.

Before anything is parsed, the text is checked for characters no dataset may hold (control characters, NUL, lone
surrogates, a byte-order mark in the middle, the non-characters U+FFFE and U+FFFF); each is reported at its line
and column. YAML is then read event by event — by libyaml's parser when PyYAML has it, else by PyYAML's own — and
composed here, without recursion, into plain values: only ``null``, ``true``/``false``, decimal integers and floats
are typed (YAML 1.2 core); everything else (``NO``, ``2025-07``, ``yes``) stays a string. No YAML tag constructs
objects, duplicate keys and merge keys are errors, aliases may not expand past a budget, and nesting deeper than
:data:`MAX_DEPTH` is an error, not a crash. JSON is read by the C decoder; positions are computed (by a small
reader without recursion) only when a problem needs them.
"""

from __future__ import annotations

import bisect
import contextlib
import json
import re
import sys
from collections.abc import Callable
from json.decoder import scanstring  # type: ignore[attr-defined]
from json.scanner import NUMBER_RE
from typing import Any

import yaml
from yaml.events import (
    AliasEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)

from lawtimeline.errors import Problem

Path = tuple[str | int, ...]
Position = tuple[int, int]

#: How many nodes YAML aliases may add to a document by expansion.
ALIAS_BUDGET = 100_000
#: How deeply lists and mappings may nest. A valid dataset needs six levels; this is far above that and far below
#: where a recursive reader (or libyaml's composer) would run out of stack.
MAX_DEPTH = 100
#: Character problems reported one by one before the rest are summed up in one problem.
MAX_CHARACTER_PROBLEMS = 20


class _Resolver(yaml.resolver.BaseResolver):
    """YAML 1.2 core-schema scalars only; dates and yes/no stay strings (used by the writer to decide quoting)."""


_BOOL_RE = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")
_INT_RE = re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$")
_FLOAT_RE = re.compile(r"^[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+|[0-9]+(?=[eE]))(?:[eE][-+]?[0-9]+)?$")
_NULL_RE = re.compile(r"^(?:~|null|Null|NULL|)$")

_Resolver.add_implicit_resolver("tag:yaml.org,2002:bool", _BOOL_RE, list("tTfF"))
_Resolver.add_implicit_resolver("tag:yaml.org,2002:int", _INT_RE, list("-+0123456789"))
_Resolver.add_implicit_resolver("tag:yaml.org,2002:float", _FLOAT_RE, list("-+.0123456789"))
_Resolver.add_implicit_resolver("tag:yaml.org,2002:null", _NULL_RE, ["~", "n", "N", ""])

#: True when YAML is read by libyaml's parser (PyYAML built with libyaml), False for PyYAML's pure-Python one.
LIBYAML = bool(getattr(yaml, "__with_libyaml__", False))

if LIBYAML:
    from yaml._yaml import CParser as _YamlParser  # what yaml.cyaml.CParser is
else:  # pragma: no cover - PyYAML built without libyaml
    from yaml.parser import Parser
    from yaml.reader import Reader
    from yaml.scanner import Scanner

    class _YamlParser(Reader, Scanner, Parser):  # type: ignore[no-redef]
        def __init__(self, stream: str) -> None:
            Reader.__init__(self, stream)
            Scanner.__init__(self)
            Parser.__init__(self)


def yaml_parser(text: str) -> Any:
    """The YAML event parser for ``text``: libyaml's when available (see :data:`LIBYAML`)."""
    return _YamlParser(text)


_STR = "tag:yaml.org,2002:str"
_PLAIN_TAGS = {
    _STR,
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
}
_MERGE = "tag:yaml.org,2002:merge"


def format_path(path: Path) -> str:
    """``('acts', 2, 'events', 0, 'date')`` → ``acts[2].events[0].date``."""
    out = ""
    for p in path:
        if isinstance(p, int):
            out += f"[{p}]"
        else:
            out += f".{p}" if out else p
    return out


def short(text: str, limit: int = 60) -> str:
    """``repr`` of ``text``, cut to about ``limit`` characters (a message never repeats a megabyte of input)."""
    if len(text) <= limit:
        return repr(text)
    return repr(text[:limit]) + f"… ({len(text):,} characters)"


class ReadError(Exception):
    """The text could not be read at all; ``problems`` says where."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        self.complete = False  # True when the problems need no second, path-recording pass to be told
        super().__init__("\n".join(str(p) for p in problems))


class Located:
    """A value read from text, with a way to find the line and column of any path inside it."""

    def __init__(
        self,
        value: Any,
        file: str | None,
        positions: Callable[[], tuple[dict[Path, Position], dict[Path, Position]]] | None,
        quick: tuple[dict[Path, Position], dict[Path, Position]] | None = None,
    ) -> None:
        self.value = value
        self.file = file
        self._positions = positions
        self._cache: tuple[dict[Path, Position], dict[Path, Position]] | None = None
        self._quick = quick  # exact positions of a few paths (the root, top-level keys), known without a pass

    def where(self, path: Path, *, key: bool = False) -> tuple[int | None, int | None]:
        """The (line, column) of the value at ``path`` (of its key, with ``key=True``), or of its nearest parent."""
        if self._positions is None:
            return None, None
        if self._quick is not None and self._cache is None:
            quick_values, quick_keys = self._quick
            if key and path in quick_keys:
                return quick_keys[path]
            if not key and path in quick_values:
                return quick_values[path]
        if self._cache is None:
            self._cache = self._positions()
        values, keys = self._cache
        if key and path in keys:
            return keys[path]
        p = path
        while True:
            if p in values:
                return values[p]
            if p in keys:
                return keys[p]
            if not p:
                return None, None
            p = p[:-1]


# -- characters ------------------------------------------------------------------------------------------------

#: What no dataset may hold as a raw character: C0 controls but tab, LF and CR; DEL; C1 controls; lone surrogates;
#: a byte-order mark (anywhere but the very start, where it is dropped); the non-characters U+FFFE and U+FFFF.
_BAD_CHARACTER = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufeff\ufffe\uffff]")
#: A \\u escape of a surrogate (JSON, YAML double quotes) or YAML's \\U form of one: the only way text that passed
#: the character check can still make a lone surrogate.
_SURROGATE_ESCAPE = re.compile(r"\\(?:u[dD][89a-fA-F]|U0000[dD][89a-fA-F])")
_SURROGATE = re.compile("[\ud800-\udfff]")
_ASCII_OK = bytes([0x09, 0x0A, 0x0D, *range(0x20, 0x7F)])
_YAML_BREAK = re.compile("\r\n|[\n\r\x85\u2028\u2029]")
_JSON_BREAK = re.compile("\n")


class _Lines:
    """Line and column (1-based) of an index in text, counting line breaks as the format's parser does."""

    def __init__(self, text: str, fmt: str) -> None:
        self.text = text
        self.fmt = fmt
        self._starts: list[int] | None = None

    def position(self, i: int) -> Position:
        if self._starts is None:
            pattern = _JSON_BREAK if self.fmt == "json" else _YAML_BREAK
            self._starts = [0, *(m.end() for m in pattern.finditer(self.text))]
        line = bisect.bisect_right(self._starts, i)
        return line, i - self._starts[line - 1] + 1


_NAMES = {0x00: "NUL", 0x1B: "ESC", 0x7F: "DEL", 0x85: "NEL", 0x0B: "vertical tab", 0x0C: "form feed"}


def _character_message(ch: str, fmt: str, at_start: bool) -> str:
    cp = ord(ch)
    if 0xD800 <= cp <= 0xDFFF:
        return (f"lone surrogate U+{cp:04X} is not a character (the text was decoded or joined wrongly); "
                "save the file as UTF-8")
    if cp == 0xFEFF:
        return ("byte-order mark (U+FEFF) in the middle of the file is not allowed in a dataset; remove it "
                "(it often comes from joining two files)")
    if cp in (0xFFFE, 0xFFFF):
        return f"U+{cp:04X} is not a character and is not allowed in a dataset; remove it"
    name = _NAMES.get(cp)
    what = f"control character U+{cp:04X}" + (f" ({name})" if name else "")
    escape = f'"\\u{cp:04x}"' if fmt == "json" else f'"\\x{cp:02x}"'
    return (f"{what} is not allowed in a dataset; remove it or write it as an escape in a quoted string "
            f"({escape})" + (" — is this a text file?" if at_start and cp == 0 else ""))


def check_characters(text: str, file: str | None, fmt: str) -> list[Problem]:
    """A problem, at its line and column, for each character no dataset may hold (see :data:`_BAD_CHARACTER`)."""
    if text.isascii() and not text.encode("ascii").translate(None, _ASCII_OK):
        return []  # the common case, checked at memory speed
    m = _BAD_CHARACTER.search(text)
    if m is None:
        return []
    lines = _Lines(text, fmt)
    problems = []
    count = 0
    for bad in _BAD_CHARACTER.finditer(text, m.start()):
        count += 1
        if count <= MAX_CHARACTER_PROBLEMS:
            line, col = lines.position(bad.start())
            problems.append(Problem(_character_message(bad.group(), fmt, bad.start() == 0), "", file, line, col))
    if count > MAX_CHARACTER_PROBLEMS:
        last = problems[-1]
        problems.append(Problem(f"and {count - MAX_CHARACTER_PROBLEMS:,} more characters like these after this "
                                "line (is this a text file?)", "", file, last.line, last.column))
    return problems


def _surrogate_escapes(text: str) -> bool:
    return "\\" in text and _SURROGATE_ESCAPE.search(text) is not None  # one character: found at memory speed


def _strip_bom(text: str) -> str:
    return text[1:] if text.startswith("\ufeff") else text


# -- YAML ------------------------------------------------------------------------------------------------------


def _line_text(text: str, line: int) -> str:
    """Line ``line`` (0-based, counting only LF) of ``text``, without scanning the whole text into lines."""
    start = 0
    for _ in range(line):
        start = text.find("\n", start) + 1
        if start == 0:
            return ""
    end = text.find("\n", start)
    return text[start:] if end < 0 else text[start:end]


def _indent(s: str) -> int:
    return len(s) - len(s.lstrip(" "))


def _yaml_problem(file: str | None, exc: yaml.YAMLError, text: str) -> Problem:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    problem = getattr(exc, "problem", None) or str(exc)
    context = getattr(exc, "context", None)
    line = mark.line + 1 if mark is not None else None
    col = mark.column + 1 if mark is not None else None
    src = _line_text(text, line - 1) if line is not None else ""
    at = src[col - 1] if col is not None and 0 < col <= len(src) else ""
    if at == "\t" or "tab" in problem:
        if "\t" in src[: _indent(src) + 1] or src[: (col or 1) - 1].strip(" \t") == "":
            return Problem("YAML syntax error: a tab in the indentation; indent with spaces, not tabs",
                           "", file, line, col)
        return Problem("YAML syntax error: a tab here cannot start a value; use spaces between items, or quote "
                       "the value", "", file, line, col)
    if "invalid Unicode character escape" in problem and mark is not None and col is not None:
        back = text.rfind("\\", 0, mark.index + 1)  # point at the escape's backslash
        if 0 <= mark.index - back < col:
            col -= mark.index - back
        return Problem("YAML syntax error: an escape of a lone surrogate is not a character; write the "
                       "character itself, or \\U0001F600 for one beyond U+FFFF", "", file, line, col)
    msg = f"YAML syntax error: {problem}"
    if context:
        msg += f" ({context})"
    if "mapping values are not allowed" in problem and line is not None:
        above = next((s for s in _lines_above(text, line - 1) if s.strip() and not s.lstrip().startswith("#")), "")
        here, there = _key_indent(src), _key_indent(above)
        if above and here > there and not above.rstrip().endswith(":"):
            msg = (f"YAML syntax error: line {line} is indented more than the line above it ({here} spaces, not "
                   f"{there}), so YAML reads it as part of the value above; indent it with {there} spaces like "
                   "the key above it")
        else:
            msg = (f"YAML syntax error: a ':' YAML cannot read here (mapping values are not allowed here); check "
                   f"the indentation of line {line} against the keys above it, and quote a value that contains "
                   "': '")
    if line is not None and "{" in src and re.search(r"\d[~?%]|\[\d{4}", src):
        msg += ('; inside { } quote a date with a qualifier or a range, e.g. {date: "2019?"} or '
                '{date: "[2015-06-10..2015-06-30]"}')
    return Problem(msg, "", file, line, col)


def _lines_above(text: str, line: int) -> list[str]:
    """The lines before ``line`` (0-based), nearest first (at most 50)."""
    out = []
    for n in range(line - 1, max(-1, line - 51), -1):
        out.append(_line_text(text, n))
    return out


def _key_indent(s: str) -> int:
    """The column (0-based) where the first key of line ``s`` starts (after any ``- `` markers)."""
    i = _indent(s)
    while s.startswith("- ", i):
        i += 2
        while s.startswith(" ", i):
            i += 1
    return i


def read_yaml(text: str, file: str | None = None) -> Located:
    """Parse YAML text into plain values; raises :class:`ReadError` for syntax errors and forbidden constructs.

    The text is composed once without recording where each value stands (the common case: nothing is wrong);
    positions, and problems with their paths, come from a second pass, made only when they are needed.
    """
    text = _strip_bom(text)
    problems = check_characters(text, file, "yaml")
    if problems:
        raise ReadError(problems)
    surrogates = _surrogate_escapes(text)
    try:
        found, value, _composer = _compose(text, file, surrogates, track=False)
    except ReadError as e:
        if not getattr(e, "complete", False):
            _compose(text, file, surrogates, track=True)  # the same problems, with their paths
        raise
    if not found:
        raise ReadError([Problem("the file is empty (expected a dataset starting with 'lawtimeline: 1')",
                                 "", file, 1, 1)])

    def positions() -> tuple[dict[Path, Position], dict[Path, Position]]:
        composer = _compose(text, file, surrogates, track=True)[2]
        return composer.values, composer.keys

    return Located(value, file, positions, quick=(_composer.values, _composer.keys))


def _compose(text: str, file: str | None, surrogates: bool, *, track: bool) -> tuple[bool, Any, _Composer]:
    composer = _Composer(file, surrogates, track)
    composer.text = text
    parser = None
    try:
        parser = yaml_parser(text)
        found, value = composer.compose(parser.get_event)
    except yaml.YAMLError as exc:
        error = ReadError([*composer.problems, _yaml_problem(file, exc, text)])
        error.complete = not composer.problems  # a syntax error alone needs no path
        raise error from None
    finally:
        dispose = getattr(parser, "dispose", None) if parser is not None else None
        if dispose is not None:
            dispose()
    if composer.problems:
        raise ReadError(composer.problems)
    return found, value, composer


_NO_KEY = object()
_SKIP = object()  # the key of a mapping entry whose value is read but not kept (after a problem with its key)

# The fields of a frame of the composer's stack (a list, for speed).
_VALUE, _PATH, _IS_MAP, _KEY, _FIRST, _ANCHOR, _COUNT, _DROP, _MARK, _FLOW = range(10)


class _Composer:
    """Plain values from YAML events, without recursion. With ``track``, it records the position of every value
    and key, and gives each problem its path."""

    def __init__(self, file: str | None, check_surrogates: bool, track: bool) -> None:
        self.file = file
        self.check_surrogates = check_surrogates
        self.track = track
        self.text = ""
        self.problems: list[Problem] = []
        self.values: dict[Path, Position] = {}
        self.keys: dict[Path, Position] = {}
        self.anchors: dict[str, tuple[Any, int, Any]] = {}  # anchor -> (value, how many values it holds, mark)
        self.anchor_lines: dict[str, int] = {}
        self.open_anchors: set[str] = set()
        self.count = 0  # values produced, aliases expanded
        self.extra = 0  # of which by aliases

    def _problem(self, mark: Any, msg: str, path: Path | None = ()) -> None:
        self.problems.append(Problem(msg, format_path(path or ()), self.file, mark.line + 1, mark.column + 1))

    def compose(self, get_event: Callable[[], Any]) -> tuple[bool, Any]:
        """Read one document; ``(False, None)`` for a stream with none."""
        get_event()  # StreamStartEvent
        ev = get_event()
        if type(ev) is StreamEndEvent:
            return False, None
        value = self._document(get_event)
        get_event()  # DocumentEndEvent
        ev = get_event()
        if type(ev) is not StreamEndEvent:
            self._problem(ev.start_mark, "a second YAML document ('---') in the file; a dataset file holds one")
        return True, value

    def _document(self, get_event: Callable[[], Any]) -> Any:
        values, keys, track = self.values, self.keys, self.track
        stack: list[list[Any]] = []
        top: list[Any] | None = None
        while True:
            ev = get_event()
            t = type(ev)
            # -- a mapping waiting for a key -----------------------------------------------------------------
            if top is not None and top[_IS_MAP] and top[_KEY] is _NO_KEY and t is not MappingEndEvent:
                if t is ScalarEvent:
                    key = ev.value
                    tag = ev.tag
                    if tag is None and key != "<<" and key not in top[_VALUE]:
                        top[_KEY] = key
                        if top[_PATH] is not None:  # always at the top level, everywhere when tracking
                            m = ev.start_mark
                            top[_FIRST][key] = m.line + 1
                            keys[(*top[_PATH], key)] = (m.line + 1, m.column + 1)
                        continue
                    self._key(ev, top)
                    continue
                self._problem(ev.start_mark, "a mapping key must be plain text", top[_PATH])
                top[_KEY] = _SKIP  # the key itself is read below (and dropped), then its value
                top = [None, None, False, _NO_KEY, None, None, 0, True, None, False]  # drops one value
                stack.append(top)
            # -- the path of the value this event starts (only when tracking) ---------------------------------
            path: Path | None
            if top is None:
                path = ()  # the root's place is recorded even without tracking (it is where most top problems are)
            elif not track or top[_PATH] is None:
                path = None
            elif top[_IS_MAP]:
                key = top[_KEY]
                path = None if key is _SKIP else (*top[_PATH], key)
            else:
                path = (*top[_PATH], len(top[_VALUE])) if top[_VALUE] is not None else None
            # -- the event -----------------------------------------------------------------------------------
            if t is ScalarEvent:
                self.count += 1
                tag = ev.tag
                if tag is None and (not ev.implicit[0] or (ev.value and ev.value[0] not in _TYPED_FIRST)):
                    value = ev.value  # quoted, or plain text no core-schema type starts with: the commonest case
                else:
                    value = self._scalar(ev, path)
                if top is not None and top[_FLOW] and not ev.style and "?" in ev.value:
                    self._question_mark(ev, path)
                if self.check_surrogates and type(value) is str:
                    self._surrogate(ev, value, path)
                if path is not None:
                    m = ev.start_mark
                    values[path] = (m.line + 1, m.column + 1)
                if ev.anchor is not None:
                    self._anchor_start(ev)
                    self.anchors[ev.anchor] = (value, 1, ev.start_mark)
            elif t is MappingStartEvent or t is SequenceStartEvent:
                m = ev.start_mark
                if len(stack) >= MAX_DEPTH:
                    self._problem(m, f"lists and mappings nested more than {MAX_DEPTH} deep; a dataset needs no "
                                     "more than six levels (is a bracket left open?)", None)
                    raise ReadError(self.problems)
                mapping = t is MappingStartEvent
                tag = ev.tag
                if tag is not None and tag != "!" and tag != (
                        "tag:yaml.org,2002:map" if mapping else "tag:yaml.org,2002:seq"):
                    self._problem(m, f"YAML tag {tag!r} is not allowed in a dataset", path)
                if path is not None:
                    values[path] = (m.line + 1, m.column + 1)
                if ev.anchor is not None:
                    self._anchor_start(ev)
                    self.open_anchors.add(ev.anchor)
                self.count += 1
                top = [{} if mapping else [], path, mapping, _NO_KEY, {} if mapping else None, ev.anchor,
                       self.count, False, m, bool(ev.flow_style)]
                stack.append(top)
                continue
            elif t is MappingEndEvent or t is SequenceEndEvent:
                frame = stack.pop()
                value = frame[_VALUE]
                if frame[_ANCHOR] is not None:
                    self.open_anchors.discard(frame[_ANCHOR])
                    self.anchors[frame[_ANCHOR]] = (value, self.count - frame[_COUNT] + 1, frame[_MARK])
            elif t is AliasEvent:
                value = self._alias(ev, path)
            else:  # pragma: no cover - the parser gives no other event inside a document
                raise AssertionError(f"unexpected YAML event {ev!r}")
            # -- a value is complete: put it in its parent ---------------------------------------------------
            if not stack:
                return value
            top = stack[-1]
            if top[_DROP]:  # a dropped key: its value follows
                stack.pop()
                top = stack[-1]
            elif top[_IS_MAP]:
                key = top[_KEY]
                if key is not _SKIP:
                    top[_VALUE][key] = value
                top[_KEY] = _NO_KEY
            else:
                top[_VALUE].append(value)

    def _key(self, ev: Any, top: list[Any]) -> None:
        """A key that is not plain untagged new text: a merge key, a tagged key or a duplicate."""
        key, tag, m, path = ev.value, ev.tag, ev.start_mark, top[_PATH]
        if tag == _MERGE or (key == "<<" and not ev.style and tag is None):
            self._problem(m, "YAML merge keys (<<) are not supported in a dataset", path)
            top[_KEY] = _SKIP
            return
        if tag is not None and tag != "!" and tag not in _PLAIN_TAGS:
            self._problem(m, f"YAML tag {tag!r} is not allowed in a dataset", path)
        if key in top[_VALUE]:
            first = top[_FIRST].get(key)
            self._problem(m, f"duplicate key {short(key)}" + (f" (first given on line {first})" if first else ""),
                          None if path is None else (*path, key))
            top[_KEY] = _SKIP
            return
        top[_KEY] = key
        if self.track and path is not None:
            top[_FIRST][key] = m.line + 1
            self.keys[(*path, key)] = (m.line + 1, m.column + 1)

    def _scalar(self, ev: Any, path: Path | None) -> Any:
        tag, text = ev.tag, ev.value
        if tag is None or tag == "!":
            if not ev.implicit[0]:
                return text
            if not text:
                return None
            c = text[0]
            if c in "tTfF":
                return c in "tT" if _BOOL_RE.match(text) else text
            if c in "-+0123456789.":
                if _INT_RE.match(text):
                    return self._int(ev, text, path)
                return float(text) if _FLOAT_RE.match(text) else text
            if c in "~nN" and _NULL_RE.match(text):
                return None
            return text
        if tag not in _PLAIN_TAGS:
            self._problem(ev.start_mark, f"YAML tag {tag!r} is not allowed in a dataset (no objects are "
                                         "constructed)", path)
            return text
        if tag == _STR:
            return text
        kind = tag.rsplit(":", 1)[1]
        pattern = {"int": _INT_RE, "float": _FLOAT_RE, "bool": _BOOL_RE, "null": _NULL_RE}[kind]
        if not pattern.match(text) and not (kind == "float" and _INT_RE.match(text)):
            self._problem(ev.start_mark, f"{short(text)} is not a valid {kind}", path)
            return text
        if kind == "int":
            return self._int(ev, text, path)
        if kind == "float":
            return float(text)
        return text[:1] in ("t", "T") if kind == "bool" else None

    def _int(self, ev: Any, text: str, path: Path | None) -> Any:
        try:
            return int(text)
        except ValueError:
            self._problem(ev.start_mark, _long_number(len(text.lstrip("+-"))), path)
            return text

    def _surrogate(self, ev: Any, value: str, _path: Path | None) -> None:
        """PyYAML's own parser turns ``"\\ud800"`` into a lone surrogate (libyaml refuses it as a syntax error):
        the same words, at the escape's backslash."""
        if _SURROGATE.search(value):
            m = ev.start_mark
            escape = _SURROGATE_ESCAPE.search(self.text, m.index)
            line, col = (m.line + 1, m.column + 1) if escape is None else _Lines(self.text, "yaml").position(
                escape.start())
            self.problems.append(Problem("YAML syntax error: an escape of a lone surrogate is not a character; "
                                         "write the character itself, or \\U0001F600 for one beyond U+FFFF",
                                         "", self.file, line, col))

    def _question_mark(self, ev: Any, path: Path | None) -> None:
        """libyaml reads ``{date: 2019?}`` as the text ``2019?``; PyYAML's own parser refuses it. Both refuse it
        here, so a dataset loads the same with and without libyaml (and the docs say: quote it)."""
        m = ev.start_mark
        col = m.column + ev.value.index("?") if ev.end_mark.line == m.line else m.column
        self.problems.append(Problem(
            f"YAML syntax error: an unquoted {short(ev.value)} inside {{ }} or [ ] holds '?', which is YAML syntax "
            'there; inside { } quote a date with a qualifier or a range, e.g. {date: "2019?"} or '
            '{date: "[2015-06-10..2015-06-30]"}', format_path(path or ()), self.file, m.line + 1, col + 1))

    def _anchor_start(self, ev: Any) -> None:
        name = ev.anchor
        previous = self.anchor_lines.get(name)
        if previous is not None:
            self._problem(ev.start_mark, f"anchor &{name} is defined twice (first on line {previous}); give "
                                         "each anchor its own name")
        self.anchor_lines[name] = ev.start_mark.line + 1

    def _alias(self, ev: Any, path: Path | None) -> Any:
        m = ev.start_mark
        name = ev.anchor
        if path is not None:
            self.values[path] = (m.line + 1, m.column + 1)
        if name in self.open_anchors:
            self._problem(m, f"alias *{name} is used inside the value it names (a loop)", path)
            raise ReadError(self.problems)
        found = self.anchors.get(name)
        if found is None:
            self._problem(m, f"alias *{name} has no anchor &{name} before it", path)
            return None
        value, size, anchor_mark = found
        self.extra += size
        self.count += size
        if self.extra > ALIAS_BUDGET:
            self._problem(anchor_mark, f"YAML aliases expand to more than {ALIAS_BUDGET:,} extra values (here, "
                                       f"&{name} by *{name} on line {m.line + 1}); write the data out instead of "
                                       "nesting aliases")
            raise ReadError(self.problems)
        return value


#: First characters of plain scalars that a core-schema type (bool, number, null) may start with.
_TYPED_FIRST = frozenset("tTfF-+0123456789.~nN")


def _long_number(digits: int) -> str:
    limit = sys.get_int_max_str_digits() if hasattr(sys, "get_int_max_str_digits") else 4300
    return (f"a number of {digits:,} digits is longer than a dataset can hold (at most {limit:,} digits); "
            "quote it to keep it as text")


# -- JSON ------------------------------------------------------------------------------------------------------


class _Duplicate(Exception):
    pass


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out = dict(pairs)
    if len(out) != len(pairs):
        raise _Duplicate
    return out


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number a dataset can hold")


def read_json(text: str, file: str | None = None) -> Located:
    """Parse JSON text into plain values; raises :class:`ReadError` for syntax errors and duplicate keys."""
    text = _strip_bom(text)
    problems = check_characters(text, file, "json")
    if problems:
        raise ReadError(problems)
    if not text.strip():
        raise ReadError([Problem("the file is empty (expected a JSON object with \"lawtimeline\": 1)",
                                 "", file, 1, 1)])
    try:
        value = json.loads(text, object_pairs_hook=_no_duplicates, parse_constant=_no_constant)
    except (json.JSONDecodeError, _Duplicate, ValueError, RecursionError):
        parser = _JsonPositions(text, file)
        parser.parse()  # raises ReadError with every duplicate, or the syntax error
        raise AssertionError("unreachable: the positional JSON parser accepted what json.loads refused") from None
    located = Located(value, file, lambda: _JsonPositions(text, file).positions())
    if not _shallow(value):
        _JsonPositions(text, file).parse()  # raises ReadError: nested past MAX_DEPTH
    if _surrogate_escapes(text):
        _json_surrogates(value, located)
    return located


def _shallow(value: Any) -> bool:
    """Whether ``value`` nests lists and mappings at most :data:`MAX_DEPTH` deep (the C decoder goes further)."""
    if type(value) is not dict and type(value) is not list:
        return True
    todo = [(value, 1)]
    pop, push = todo.pop, todo.append
    while todo:
        v, depth = pop()
        if depth > MAX_DEPTH:
            return False
        for x in v.values() if type(v) is dict else v:
            tx = type(x)
            if tx is dict or tx is list:
                push((x, depth + 1))
    return True


def _json_surrogates(value: Any, located: Located) -> None:
    """A problem for each string (or key) holding a lone surrogate, which only a \\u escape can make."""
    problems: list[Problem] = []
    todo: list[tuple[Any, Path]] = [(value, ())]
    while todo and len(problems) < MAX_CHARACTER_PROBLEMS:
        v, path = todo.pop()
        if isinstance(v, str):
            m = _SURROGATE.search(v)
            if m:
                line, col = located.where(path)
                problems.append(Problem(f"the escape of the lone surrogate U+{ord(m.group()):04X} is not a "
                                        "character; write the character itself, or a pair of escapes such as "
                                        "\\ud83d\\ude00", format_path(path), located.file, line, col))
        elif isinstance(v, list):
            todo.extend((item, (*path, i)) for i, item in enumerate(v))
        elif isinstance(v, dict):
            for k, item in v.items():
                if _SURROGATE.search(k):
                    line, col = located.where((*path, k), key=True)
                    problems.append(Problem("a key holds the escape of a lone surrogate, which is not a character",
                                            format_path(path), located.file, line, col))
                todo.append((item, (*path, k)))
    if problems:
        problems.sort(key=lambda p: (p.line or 0, p.column or 0))
        raise ReadError(problems)


_WS = re.compile(r"[ \t\n\r]*")


class _JsonPositions:
    """A small JSON reader, without recursion, that records the position of every value and key (used only when
    needed: to say where a problem is, or to find every problem in text the C decoder refused)."""

    def __init__(self, text: str, file: str | None) -> None:
        self.text = text
        self.file = file
        self.lines = _Lines(text, "json")
        self.values: dict[Path, Position] = {}
        self.keys: dict[Path, Position] = {}
        self.problems: list[Problem] = []

    def pos(self, i: int) -> Position:
        return self.lines.position(i)

    def fail(self, i: int, msg: str, *, syntax: bool = True) -> ReadError:
        line, col = self.pos(i)
        self.problems.append(Problem(f"JSON syntax error: {msg}" if syntax else msg, "", self.file, line, col))
        return ReadError(self.problems)

    def positions(self) -> tuple[dict[Path, Position], dict[Path, Position]]:
        """The positions of every value and key of text the C decoder accepted."""
        with contextlib.suppress(ReadError):  # nested past MAX_DEPTH: the positions read so far serve
            self.parse()
        return self.values, self.keys

    def parse(self) -> tuple[Any, dict[Path, Position], dict[Path, Position]]:
        t = self.text
        ws = _WS.match
        values, keys = self.values, self.keys
        # A frame: [container, path, is_object, first line of each key, path of the pending value]
        stack: list[list[Any]] = []
        i = ws(t, 0).end()  # type: ignore[union-attr]
        path: Path = ()
        while True:
            # -- a value starts at i, for ``path`` -----------------------------------------------------------
            values[path] = self.pos(i)
            c = t[i : i + 1]
            if c == "{" or c == "[":
                if len(stack) >= MAX_DEPTH:
                    raise self.fail(i, f"lists and objects nested more than {MAX_DEPTH} deep; a dataset needs no "
                                       "more than six levels (is a bracket left open?)", syntax=False)
                obj = c == "{"
                frame: list[Any] = [{} if obj else [], path, obj, {} if obj else None, None]
                stack.append(frame)
                i = ws(t, i + 1).end()  # type: ignore[union-attr]
                close = "}" if obj else "]"
                if t[i : i + 1] == close:
                    stack.pop()
                    value: Any = frame[0]
                    i += 1
                else:
                    i, path = self._next_value_path(frame, i, first=True)
                    continue
            elif c == '"':
                try:
                    value, i = scanstring(t, i + 1, True)
                except json.JSONDecodeError as e:
                    raise self.fail(e.pos, e.msg) from None
            else:
                value, i = self._scalar(i, c)
            # -- the value is complete: put it in its parent, and find the next -------------------------------
            while True:
                if not stack:
                    i = ws(t, i).end()  # type: ignore[union-attr]
                    if i != len(t):
                        raise self.fail(i, "extra data after the end of the document")
                    if self.problems:
                        raise ReadError(self.problems)
                    return value, values, keys
                frame = stack[-1]
                if frame[2]:
                    if frame[4] is not None:
                        frame[0][frame[4][-1]] = value
                else:
                    frame[0].append(value)
                i = ws(t, i).end()  # type: ignore[union-attr]
                c = t[i : i + 1]
                close = "}" if frame[2] else "]"
                if c == close:
                    stack.pop()
                    value = frame[0]
                    i += 1
                    continue
                if c != ",":
                    raise self.fail(i, f"expected ',' or '{close}'")
                comma = i
                i = ws(t, i + 1).end()  # type: ignore[union-attr]
                if t[i : i + 1] == close:
                    raise self.fail(comma, f"trailing comma before '{close}' (JSON allows none)")
                i, path = self._next_value_path(frame, i, first=False)
                break

    def _next_value_path(self, frame: list[Any], i: int, *, first: bool) -> tuple[int, Path]:
        """Past the key of an object's next entry (or nothing, in an array): where its value starts, and its path."""
        t = self.text
        base: Path = frame[1]
        if not frame[2]:
            return i, (*base, len(frame[0]))
        if t[i : i + 1] != '"':
            raise self.fail(i, "expected a key in double quotes")
        kpos = i
        try:
            key, i = scanstring(t, i + 1, True)
        except json.JSONDecodeError as e:
            raise self.fail(e.pos, e.msg) from None
        i = _WS.match(t, i).end()  # type: ignore[union-attr]
        if t[i : i + 1] != ":":
            raise self.fail(i, "expected ':' after a key")
        i = _WS.match(t, i + 1).end()  # type: ignore[union-attr]
        first_lines = frame[3]
        if key in first_lines:
            line, col = self.pos(kpos)
            self.problems.append(Problem(f"duplicate key {short(key)} (first given on line {first_lines[key]})",
                                         "", self.file, line, col))
            frame[4] = None
            return i, (*base, f"\0dup{kpos}")
        first_lines[key] = self.pos(kpos)[0]
        self.keys[(*base, key)] = self.pos(kpos)
        frame[4] = (key,)
        return i, (*base, key)

    def _scalar(self, i: int, c: str) -> tuple[Any, int]:
        t = self.text
        for word, val in (("true", True), ("false", False), ("null", None)):
            if t.startswith(word, i):
                return val, i + len(word)
        m = NUMBER_RE.match(t, i)
        if m and m.group(0):
            integer, frac, exp = m.groups()
            if frac or exp:
                return float(integer + (frac or "") + (exp or "")), m.end()
            try:
                return int(integer), m.end()
            except ValueError:
                raise self.fail(i, _long_number(len(integer.lstrip("-"))), syntax=False) from None
        if t.startswith(("NaN", "Infinity", "-Infinity"), i):
            raise self.fail(i, "NaN and Infinity are not numbers a dataset can hold")
        raise self.fail(i, "expected a value" if c else "unexpected end of file")


# -- files -----------------------------------------------------------------------------------------------------


def decode(data: bytes, file: str | None) -> str:
    """Bytes to text: UTF-8 (a BOM is allowed); anything else is a problem that says where."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        line = data.count(b"\n", 0, e.start) + 1
        col = len(data[data.rfind(b"\n", 0, e.start) + 1 : e.start].decode("utf-8", "replace")) + 1
        raise ReadError([Problem(f"not UTF-8 text (byte 0x{data[e.start]:02x}); save the file as UTF-8",
                                 "", file, line, col)]) from None


def format_of(file: str) -> str:
    lower = file.lower()
    if lower.endswith(".json"):
        return "json"
    if lower.endswith((".yaml", ".yml")):
        return "yaml"
    raise ReadError([Problem("unknown file type; name the file *.yaml, *.yml or *.json", "", file, None, None)])


def read_text(text: str, fmt: str, file: str | None = None) -> Located:
    if fmt == "json":
        return read_json(text, file)
    if fmt == "yaml":
        return read_yaml(text, file)
    raise ValueError(f"format must be 'yaml' or 'json', not {fmt!r}")
