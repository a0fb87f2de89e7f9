"""Reading and writing datasets (YAML and JSON), and the JSON Schema of the format."""

from __future__ import annotations

import json
import os
import re
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

import yaml

from lawtimeline._gc import no_gc
from lawtimeline.errors import DatasetError
from lawtimeline.io._read import Located, ReadError, _Resolver, decode, format_of, read_text
from lawtimeline.io.build import build
from lawtimeline.io.write import to_dict

if TYPE_CHECKING:
    from lawtimeline.timeline import Timeline

__all__ = ["dumps", "load", "loads", "save", "schema", "to_dict"]


def load(path: str | os.PathLike[str], *, format: str | None = None) -> Timeline:
    """Load a dataset file (``.yaml``, ``.yml`` or ``.json``) into a :class:`~lawtimeline.Timeline`.

    Loading is strict and complete: every problem is reported at once in a :class:`~lawtimeline.DatasetError`,
    each with ``file:line:column: path: message``; nothing is half-loaded.

    >>> import lawtimeline as lt
    >>> tl = lt.load("examples/russia_migrants.yaml")
    >>> "ru-citizenship-revocation-grounds" in tl.provisions
    True
    """
    name = os.fspath(path)
    with _no_gc():
        try:
            fmt = format or format_of(name)
            with open(name, "rb") as f:
                data = f.read()
            text = decode(data, name)
            del data
            located = read_text(text, fmt, name)
        except ReadError as e:
            raise DatasetError(e.problems) from None
        return _built(located)


_no_gc = no_gc  # its old name here (the importers use it)


def _built(located: Located) -> Timeline:
    tl = build(located.value, located, consume=True)  # the tree is ours: its changes are dropped as they are built
    located.value = None  # the parsed tree is no longer needed: positions are kept for check()
    return tl


def loads(text: str, format: str = "yaml", *, name: str | None = None) -> Timeline:
    """Load a dataset from text in ``format`` (``"yaml"`` or ``"json"``); ``name`` is used in messages.

    >>> import lawtimeline as lt
    >>> tl = lt.loads("lawtimeline: 1\\ntitle: Empty")
    >>> tl.title
    'Empty'
    """
    with _no_gc():
        try:
            located = read_text(text, format, name or f"<{format}>")
        except ReadError as e:
            raise DatasetError(e.problems) from None
        return _built(located)


def dumps(tl: Timeline, format: str = "yaml") -> str:
    """The dataset as text in ``format`` (``"yaml"`` or ``"json"``).

    >>> import lawtimeline as lt
    >>> print(lt.dumps(lt.loads("lawtimeline: 1\\ntitle: Empty"), "json"))
    {
      "lawtimeline": 1,
      "title": "Empty"
    }
    <BLANKLINE>"""
    data = to_dict(tl)
    if format == "json":
        text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
        # Characters the reader refuses raw (DEL, C1 controls, U+FEFF, U+FFFE/U+FFFF, lone surrogates) can only
        # stand inside strings here: write them as escapes.
        return _JSON_RAW.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
    if format == "yaml":
        return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=110,
                         default_flow_style=False)
    raise ValueError(f"format must be 'yaml' or 'json', not {format!r}")


def save(tl: Timeline, path: str | os.PathLike[str], *, format: str | None = None) -> None:
    """Write the dataset to ``path``; the format follows the suffix unless ``format`` is given.

    >>> import lawtimeline as lt, os, tempfile
    >>> tl = lt.load("examples/russia_migrants.yaml")
    >>> path = os.path.join(tempfile.mkdtemp(), "copy.json")
    >>> lt.save(tl, path); lt.load(path) == tl
    True"""
    name = os.fspath(path)
    try:
        fmt = format or format_of(name)
    except ReadError as e:
        raise DatasetError(e.problems) from None
    text = dumps(tl, fmt)
    with open(name, "w", encoding="utf-8") as f:
        f.write(text)


_JSON_RAW = re.compile("[\x7f-\x9f\ud800-\udfff\ufeff\ufffe\uffff]")


class _Dumper(yaml.SafeDumper):
    """Safe YAML that quotes every string a YAML 1.1 or 1.2 reader might take for something else."""


_LINE_BREAKS = ("\x85", "\u2028", "\u2029", "\r")


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    """Strings that our YAML 1.2-core reader would type as something else are quoted; odd line breaks escaped."""
    style: str | None = None
    if any(ch in value for ch in _LINE_BREAKS):
        style = '"'
    elif "\n" in value:
        style = "|"
    elif _READER.resolve(yaml.ScalarNode, value, (True, False)) != "tag:yaml.org,2002:str":  # type: ignore[no-untyped-call]
        style = "'"
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_READER = _Resolver()
_Dumper.add_representer(str, _str)


@cache
def _schema_text() -> str:
    return resources.files("lawtimeline.io").joinpath("schema.json").read_text(encoding="utf-8")


def schema() -> dict[str, Any]:
    """The JSON Schema of the dataset format (also printed by ``lawtimeline schema``)."""
    result: dict[str, Any] = json.loads(_schema_text())
    return result


from lawtimeline.interop import openfisca as openfisca  # noqa: E402  (its old home: users reach it as lt.io.openfisca)
