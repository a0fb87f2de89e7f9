"""Reading dataset text (YAML or JSON) into plain Python values, keeping where each value stood.

YAML is composed into nodes with a restricted resolver: only ``null``, ``true``/``false``, decimal integers and
floats are typed; everything else (``NO``, ``2025-07``, ``yes``) stays a string. No YAML tag constructs objects,
duplicate keys are errors, and aliases may not expand past a budget. JSON is read by the C decoder; positions
are computed only when a problem needs them.
"""

from __future__ import annotations

import bisect
import json
import re
from collections.abc import Callable
from json.decoder import scanstring  # type: ignore[attr-defined]
from json.scanner import NUMBER_RE
from typing import Any

import yaml

from lawtimeline.errors import Problem

Path = tuple[str | int, ...]
Position = tuple[int, int]

#: How many nodes YAML aliases may add to a document by expansion.
ALIAS_BUDGET = 100_000

class _Resolver(yaml.resolver.BaseResolver):
    """YAML 1.2 core-schema scalars only; dates and yes/no stay strings."""


_Resolver.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
_Resolver.add_implicit_resolver(
    "tag:yaml.org,2002:int", re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$"), list("-+0123456789")
)
_Resolver.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(r"^[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+|[0-9]+(?=[eE]))(?:[eE][-+]?[0-9]+)?$"),
    list("-+.0123456789"),
)
_Resolver.add_implicit_resolver(
    "tag:yaml.org,2002:null", re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""]
)


try:
    from yaml import CParser as _CParser  # type: ignore[attr-defined]

    class _Loader(_CParser, _Resolver):  # type: ignore[misc]
        def __init__(self, stream: str) -> None:
            _CParser.__init__(self, stream)
            _Resolver.__init__(self)

except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml.composer import Composer
    from yaml.parser import Parser
    from yaml.reader import Reader
    from yaml.scanner import Scanner

    class _Loader(Reader, Scanner, Parser, Composer, _Resolver):  # type: ignore[no-redef]
        def __init__(self, stream: str) -> None:
            Reader.__init__(self, stream)
            Scanner.__init__(self)
            Parser.__init__(self)
            Composer.__init__(self)
            _Resolver.__init__(self)


_PLAIN_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
}


def format_path(path: Path) -> str:
    """``('acts', 2, 'events', 0, 'date')`` → ``acts[2].events[0].date``."""
    out = ""
    for p in path:
        if isinstance(p, int):
            out += f"[{p}]"
        else:
            out += f".{p}" if out else p
    return out


class ReadError(Exception):
    """The text could not be read at all; ``problems`` says where."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class Located:
    """A value read from text, with a way to find the line and column of any path inside it."""

    def __init__(
        self,
        value: Any,
        file: str | None,
        positions: Callable[[], tuple[dict[Path, Position], dict[Path, Position]]] | None,
    ) -> None:
        self.value = value
        self.file = file
        self._positions = positions
        self._cache: tuple[dict[Path, Position], dict[Path, Position]] | None = None

    def where(self, path: Path, *, key: bool = False) -> tuple[int | None, int | None]:
        """The (line, column) of the value at ``path`` (of its key, with ``key=True``), or of its nearest parent."""
        if self._positions is None:
            return None, None
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


# -- YAML ------------------------------------------------------------------------------------------------------


def _yaml_problem(file: str | None, exc: yaml.YAMLError, text: str) -> Problem:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    problem = getattr(exc, "problem", None) or str(exc)
    context = getattr(exc, "context", None)
    msg = f"YAML syntax error: {problem}"
    if context:
        msg += f" ({context})"
    line = mark.line + 1 if mark is not None else None
    col = mark.column + 1 if mark is not None else None
    if line is not None:
        src = text.splitlines()[line - 1] if line - 1 < len(text.splitlines()) else ""
        if "{" in src and re.search(r"\d[~?%]|\[\d{4}", src):
            msg += (
                '; inside { } quote a date with a qualifier or a range, e.g. {date: "2019?"} or '
                '{date: "[2015-06-10..2015-06-30]"}'
            )
    return Problem(msg, "", file, line, col)


def read_yaml(text: str, file: str | None = None) -> Located:
    """Parse YAML text into plain values; raises :class:`ReadError` for syntax errors and forbidden constructs."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
    except yaml.YAMLError as exc:
        raise ReadError([_yaml_problem(file, exc, text)]) from None
    finally:
        dispose = getattr(loader, "dispose", None)
        if dispose is not None:
            dispose()
    if node is None:
        raise ReadError([Problem("the file is empty (expected a dataset starting with 'lawtimeline: 1')",
                                 "", file, 1, 1)])
    conv = _NodeConverter(file)
    value = conv.convert(node, ())
    if conv.problems:
        raise ReadError(conv.problems)
    values, keys = conv.values, conv.keys
    return Located(value, file, lambda: (values, keys))


class _NodeConverter:
    def __init__(self, file: str | None) -> None:
        self.file = file
        self.problems: list[Problem] = []
        self.values: dict[Path, Position] = {}
        self.keys: dict[Path, Position] = {}
        self.memo: dict[int, tuple[Any, int]] = {}
        self.count = 0  # values produced, aliases expanded
        self.extra = 0  # of which by aliases

    def _problem(self, node: yaml.Node, msg: str, path: Path = ()) -> None:
        m = node.start_mark
        self.problems.append(Problem(msg, format_path(path), self.file, m.line + 1, m.column + 1))

    def convert(self, node: yaml.Node, path: Path) -> Any:
        memo = self.memo.get(id(node))
        if memo is not None:  # an alias: the same node again
            value, size = memo
            self.extra += size
            self.count += size
            if self.extra > ALIAS_BUDGET:
                self._problem(node, f"YAML aliases expand to more than {ALIAS_BUDGET:,} extra values; "
                                    "write the data out instead of nesting aliases")
                raise ReadError(self.problems)
            return value
        m = node.start_mark
        self.values[path] = (m.line + 1, m.column + 1)
        before = self.count
        self.count += 1
        if isinstance(node, yaml.ScalarNode):
            value = self._scalar(node, path)
        elif isinstance(node, yaml.SequenceNode):
            if node.tag != "tag:yaml.org,2002:seq":
                self._problem(node, f"YAML tag {node.tag!r} is not allowed in a dataset", path)
            value = [self.convert(child, (*path, i)) for i, child in enumerate(node.value)]
        elif isinstance(node, yaml.MappingNode):
            if node.tag != "tag:yaml.org,2002:map":
                self._problem(node, f"YAML tag {node.tag!r} is not allowed in a dataset", path)
            value = self._mapping(node, path)
        else:  # pragma: no cover
            value = None
        self.memo[id(node)] = (value, self.count - before)
        return value

    def _scalar(self, node: yaml.ScalarNode, path: Path) -> Any:
        tag, text = node.tag, node.value
        if tag not in _PLAIN_TAGS:
            self._problem(node, f"YAML tag {tag!r} is not allowed in a dataset (no objects are constructed)", path)
            return text
        if tag.endswith(":str"):
            return text
        if tag.endswith(":null"):
            return None
        if tag.endswith(":bool"):
            return text.lower() == "true"
        try:
            return int(text) if tag.endswith(":int") else float(text)
        except ValueError:
            self._problem(node, f"{text!r} is not a valid {tag.rsplit(':', 1)[1]}")
            return text

    def _mapping(self, node: yaml.MappingNode, path: Path) -> dict[str, Any]:
        out: dict[str, Any] = {}
        first: dict[str, int] = {}
        for knode, vnode in node.value:
            if knode.tag == "tag:yaml.org,2002:merge" or (
                    isinstance(knode, yaml.ScalarNode) and knode.value == "<<" and knode.style is None):
                self._problem(knode, "YAML merge keys (<<) are not supported in a dataset", path)
                continue
            if not isinstance(knode, yaml.ScalarNode):
                self._problem(knode, "a mapping key must be plain text")
                continue
            key = knode.value
            if key in first:
                self._problem(knode, f"duplicate key {key!r} (first given on line {first[key]})", (*path, key))
                continue
            first[key] = knode.start_mark.line + 1
            self.keys[(*path, key)] = (knode.start_mark.line + 1, knode.start_mark.column + 1)
            out[key] = self.convert(vnode, (*path, key))
        return out


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
    if not text.strip():
        raise ReadError([Problem("the file is empty (expected a JSON object with \"lawtimeline\": 1)",
                                 "", file, 1, 1)])
    try:
        value = json.loads(text, object_pairs_hook=_no_duplicates, parse_constant=_no_constant)
    except (json.JSONDecodeError, _Duplicate, ValueError):
        parser = _JsonPositions(text, file)
        parser.parse()  # raises ReadError with every duplicate, or the syntax error
        raise AssertionError("unreachable: the positional JSON parser accepted what json.loads refused") from None
    return Located(value, file, lambda: _JsonPositions(text, file).parse()[1:])


_WS = re.compile(r"[ \t\n\r]*")


class _JsonPositions:
    """A small JSON reader that records the position of every value and key (used only when needed)."""

    def __init__(self, text: str, file: str | None) -> None:
        self.text = text
        self.file = file
        self.lines = [0] + [m.end() for m in re.finditer("\n", text)]
        self.values: dict[Path, Position] = {}
        self.keys: dict[Path, Position] = {}
        self.problems: list[Problem] = []

    def pos(self, i: int) -> Position:
        line = bisect.bisect_right(self.lines, i)
        return line, i - self.lines[line - 1] + 1

    def fail(self, i: int, msg: str) -> ReadError:
        line, col = self.pos(i)
        self.problems.append(Problem(f"JSON syntax error: {msg}", "", self.file, line, col))
        return ReadError(self.problems)

    def parse(self) -> tuple[Any, dict[Path, Position], dict[Path, Position]]:
        i = _WS.match(self.text, 0).end()  # type: ignore[union-attr]
        value, i = self.value(i, ())
        i = _WS.match(self.text, i).end()  # type: ignore[union-attr]
        if i != len(self.text):
            raise self.fail(i, "extra data after the end of the document")
        if self.problems:
            raise ReadError(self.problems)
        return value, self.values, self.keys

    def value(self, i: int, path: Path) -> tuple[Any, int]:
        t = self.text
        self.values[path] = self.pos(i)
        c = t[i : i + 1]
        if c == "{":
            return self.obj(i + 1, path)
        if c == "[":
            return self.arr(i + 1, path)
        if c == '"':
            try:
                return scanstring(t, i + 1, True)  # type: ignore[no-any-return]
            except json.JSONDecodeError as e:
                raise self.fail(e.pos, e.msg) from None
        for word, val in (("true", True), ("false", False), ("null", None)):
            if t.startswith(word, i):
                return val, i + len(word)
        m = NUMBER_RE.match(t, i)
        if m and m.group(0):
            integer, frac, exp = m.groups()
            num: int | float = float(integer + (frac or "") + (exp or "")) if frac or exp else int(integer)
            return num, m.end()
        if t.startswith(("NaN", "Infinity", "-Infinity"), i):
            raise self.fail(i, "NaN and Infinity are not numbers a dataset can hold")
        raise self.fail(i, "expected a value" if c else "unexpected end of file")

    def obj(self, i: int, path: Path) -> tuple[dict[str, Any], int]:
        t = self.text
        out: dict[str, Any] = {}
        first: dict[str, int] = {}
        i = _WS.match(t, i).end()  # type: ignore[union-attr]
        if t[i : i + 1] == "}":
            return out, i + 1
        while True:
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
            if key in first:
                line, col = self.pos(kpos)
                self.problems.append(Problem(f"duplicate key {key!r} (first given on line {first[key]})",
                                             "", self.file, line, col))
                _, i = self.value(i, (*path, f"\0dup{kpos}"))
            else:
                first[key] = self.pos(kpos)[0]
                self.keys[(*path, key)] = self.pos(kpos)
                out[key], i = self.value(i, (*path, key))
            i = _WS.match(t, i).end()  # type: ignore[union-attr]
            c = t[i : i + 1]
            if c == "}":
                return out, i + 1
            if c != ",":
                raise self.fail(i, "expected ',' or '}'")
            comma = i
            i = _WS.match(t, i + 1).end()  # type: ignore[union-attr]
            if t[i : i + 1] == "}":
                raise self.fail(comma, "trailing comma before '}' (JSON allows none)")

    def arr(self, i: int, path: Path) -> tuple[list[Any], int]:
        t = self.text
        out: list[Any] = []
        i = _WS.match(t, i).end()  # type: ignore[union-attr]
        if t[i : i + 1] == "]":
            return out, i + 1
        while True:
            v, i = self.value(i, (*path, len(out)))
            out.append(v)
            i = _WS.match(t, i).end()  # type: ignore[union-attr]
            c = t[i : i + 1]
            if c == "]":
                return out, i + 1
            if c != ",":
                raise self.fail(i, "expected ',' or ']'")
            comma = i
            i = _WS.match(t, i + 1).end()  # type: ignore[union-attr]
            if t[i : i + 1] == "]":
                raise self.fail(comma, "trailing comma before ']' (JSON allows none)")


# -- files -----------------------------------------------------------------------------------------------------


def decode(data: bytes, file: str | None) -> str:
    """Bytes to text: UTF-8 (a BOM is allowed); anything else is a problem that says where."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        line = data.count(b"\n", 0, e.start) + 1
        col = e.start - (data.rfind(b"\n", 0, e.start) + 1) + 1
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
