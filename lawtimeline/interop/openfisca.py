"""Import an OpenFisca parameter tree (a directory of YAML files) as a Timeline, with OpenFisca's own rules.

No OpenFisca code is imported. The rules followed (those of ``openfisca_core.parameters``):

- the dotted name of a parameter is its directory path, file stem and inline keys (``taxes.housing_tax.rate``);
  ``index.yaml`` describes its folder and is not a parameter; files other than ``.yaml``/``.yml`` are ignored;
- a mapping with ``values`` is a parameter, one with ``brackets`` a scale (each bracket field becomes the provision
  ``<scale>[<i>].<field>``), a mapping whose keys are all dates is a parameter in short form, any other mapping a node;
- YAML is read as OpenFisca reads it (YAML 1.1, dates kept as strings, duplicate keys are errors);
- ``expected`` entries are skipped; ``value: null`` ends the parameter on that date (the first day it is not in
  force) and a later value inserts it again; values keep their type (int stays int, lists stay lists);
- ``metadata.reference`` (a text, a list, or a mapping by date) becomes sources; ``official_journal_date`` becomes
  the change's ``known`` date; ``unit`` (or ``threshold_unit``/``rate_unit``/``amount_unit`` for scales) is kept.
"""

from __future__ import annotations

import hashlib
import math
import os
import re
from collections.abc import Iterator
from typing import Any

import yaml

from lawtimeline.errors import DatasetError, Problem
from lawtimeline.timeline import Timeline

__all__ = ["load", "read_tree"]

INSTANT = re.compile(r"^\d{4}(-(0[1-9]|1[012]))?(-(0[1-9]|1[012])-(0[1-9]|[12][0-9]|3[01]))?$")
COMMON_KEYS = {"description", "metadata", "unit", "reference", "documentation"}
BRACKET_FIELDS = ("threshold", "amount", "rate", "average_rate")
ACT_ID = "openfisca"

_BaseLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_BaseLoader):  # type: ignore[misc]
    """OpenFisca's YAML: YAML 1.1 scalars, timestamps kept as their text, duplicate keys refused."""


def _timestamp(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    return node.value


def _mapping(loader: yaml.SafeLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    mapping = loader.construct_mapping(node, deep=True)
    if len(mapping) != len(node.value):  # keys collapsed: find the first duplicate, to report it
        seen: dict[Any, int] = {}
        for key_node, _value in node.value:
            key = loader.construct_object(key_node)
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"duplicate key {key!r} (first given on line {seen[key]})", key_node.start_mark)
            seen[key] = key_node.start_mark.line + 1
    return mapping


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp)
_Loader.add_constructor("tag:yaml.org,2002:map", _mapping)


def _read(path: str, problems: list[Problem]) -> Any:
    try:
        with open(path, encoding="utf-8") as f:
            return yaml.load(f, Loader=_Loader)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        problems.append(Problem(f"YAML error: {getattr(e, 'problem', None) or e}", "", path,
                                mark.line + 1 if mark else None, mark.column + 1 if mark else None))
    except UnicodeDecodeError as e:
        problems.append(Problem(f"not UTF-8 text: {e.reason}", "", path, None, None))
    return None


def read_tree(directory: str | os.PathLike[str]) -> Iterator[tuple[str, dict[str, Any], str, dict[str, Any]]]:
    """Yield ``(dotted name, parameter data, file, inherited metadata)`` for every parameter of the tree, in
    directory order (names sorted), scales expanded into their bracket fields."""
    problems: list[Problem] = []
    root = os.fspath(directory)
    if not os.path.isdir(root):
        raise DatasetError([Problem("not a directory of OpenFisca parameters", "", root, None, None)])
    yield from _walk_dir(root, "", problems)
    if problems:
        raise DatasetError(problems)


def _walk_dir(path: str, name: str, problems: list[Problem]) -> Iterator[tuple[str, dict[str, Any], str,
                                                                                   dict[str, Any]]]:
    for entry in sorted(os.listdir(path)):
        child = os.path.join(path, entry)
        if os.path.isfile(child):
            stem, ext = os.path.splitext(entry)
            if ext not in (".yaml", ".yml") or stem == "index":
                continue
            data = _read(child, problems)
            if data is None:
                continue
            yield from _walk(data, _join(name, stem), child, problems, {})
        elif os.path.isdir(child):
            yield from _walk_dir(child, _join(name, entry), problems)


def _join(path: str, child: str) -> str:
    return f"{path}.{child}" if path else child


def _walk(data: Any, name: str, file: str, problems: list[Problem], inherited: dict[str, Any]
          ) -> Iterator[tuple[str, dict[str, Any], str, dict[str, Any]]]:
    if not isinstance(data, dict):
        problems.append(Problem(f"{name}: expected a mapping, found {type(data).__name__}", name, file, None, None))
        return
    meta = dict(inherited)
    meta.update(_metadata(data))
    if "values" in data:
        yield name, data, file, meta
    elif "brackets" in data:
        brackets = data["brackets"]
        if not isinstance(brackets, list):
            problems.append(Problem(f"{name}: 'brackets' must be a list", name, file, None, None))
            return
        for i, bracket in enumerate(brackets):
            if not isinstance(bracket, dict):
                problems.append(Problem(f"{name}[{i}]: a bracket must be a mapping", name, file, None, None))
                continue
            for field, values in bracket.items():
                if field not in BRACKET_FIELDS:
                    problems.append(Problem(f"{name}[{i}]: unknown bracket field {field!r}", name, file, None, None))
                    continue
                fmeta = dict(meta)
                unit = meta.get(f"{field}_unit")
                if unit is not None:
                    fmeta["unit"] = unit
                yield from _walk(values if isinstance(values, dict) and "values" in values else {"values": values},
                                 f"{name}[{i}].{field}", file, problems, fmeta)
    elif data and all(INSTANT.match(str(k)) for k in data):
        yield name, {"values": data}, file, meta
    else:
        for key, child in data.items():
            if key in COMMON_KEYS:
                continue
            yield from _walk(child, _join(name, str(key)), file, problems, {})


def _metadata(data: dict[str, Any]) -> dict[str, Any]:
    meta: dict[str, Any] = {}
    for key in ("unit", "reference"):
        if data.get(key) is not None:
            meta[key] = data[key]
    if isinstance(data.get("metadata"), dict):
        meta.update(data["metadata"])
    return meta


def _kind(values: list[Any]) -> str | None:
    kinds = set()
    for v in values:
        if isinstance(v, bool):
            kinds.add("bool")
        elif isinstance(v, int | float):
            kinds.add("number")
        elif isinstance(v, str):
            kinds.add("text")
        elif isinstance(v, list):
            kinds.add("list")
        else:
            kinds.add(type(v).__name__)
    if len(kinds) == 1:
        return kinds.pop()
    return None if kinds else "number"


class _Sources:
    """References turned into dataset sources, each once, with stable ids."""

    def __init__(self) -> None:
        self.items: dict[str, dict[str, Any]] = {}
        self._ids: dict[tuple[str | None, str | None], str] = {}

    def ids(self, ref: Any) -> list[str]:
        out: list[str] = []
        for title, url in _references(ref):
            sid = self._ids.get((title, url))
            if sid is None:
                key = f"{title}\0{url}"
                sid = self._ids[(title, url)] = "ref:" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:12]
            if sid not in self.items:
                src: dict[str, Any] = {"id": sid, "title": title or url}
                if url:
                    src["url"] = url
                self.items[sid] = src
            if sid not in out:
                out.append(sid)
        return out


def _references(ref: Any) -> Iterator[tuple[str | None, str | None]]:
    if ref is None:
        return
    if isinstance(ref, str):
        text = ref.strip()
        yield (None, text) if text.startswith(("http://", "https://")) else (text, None)
    elif isinstance(ref, list):
        for r in ref:
            yield from _references(r)
    elif isinstance(ref, dict):
        if "href" in ref or "title" in ref:
            title, href = ref.get("title"), ref.get("href")
            yield (str(title) if title is not None else None, str(href) if href is not None else None)
        else:  # by date
            for _date, r in sorted(ref.items(), key=lambda kv: str(kv[0])):
                yield from _references(r)


def _dated_references(ref: Any) -> dict[str, Any]:
    """References given as a mapping by date: {date: reference}."""
    if isinstance(ref, dict) and ref and all(INSTANT.match(str(k)) for k in ref):
        return {str(k): v for k, v in ref.items()}
    return {}


def to_dataset(directory: str | os.PathLike[str], title: str | None = None) -> dict[str, Any]:
    """The dataset (plain data) for an OpenFisca parameter directory."""
    sources = _Sources()
    provisions: list[dict[str, Any]] = []
    changes: list[dict[str, Any]] = []
    problems: list[Problem] = []
    for name, data, file, meta in read_tree(directory):
        values = data.get("values")
        if not isinstance(values, dict):
            problems.append(Problem(f"{name}: 'values' must be a mapping of dates to values", name, file, None,
                                    None))
            continue
        entries = []
        for key, info in values.items():
            instant = str(key)
            if not INSTANT.match(instant):
                problems.append(Problem(f"{name}: {instant!r} is not a YYYY-MM-DD date", name, file, None, None))
                continue
            if info == "expected" or (isinstance(info, dict) and info.get("expected")):
                continue
            if isinstance(info, dict):
                if "value" not in info:
                    problems.append(Problem(f"{name}: the value of {instant} has no 'value'", name, file, None,
                                            None))
                    continue
                entries.append((instant, info["value"], info))
            else:
                entries.append((instant, info, {}))
        entries.sort(key=lambda e: e[0])
        kind = _kind([v for _i, v, _info in entries if v is not None])
        if kind is None or kind not in ("bool", "number", "text", "list"):
            found = sorted({type(v).__name__ for _i, v, _info in entries if v is not None})
            problems.append(Problem(f"values of several types ({', '.join(found)}); a provision holds one kind",
                                    name, file, None, None))
            continue
        infinite = [i for i, v, _info in entries if isinstance(v, float) and not math.isfinite(v)]
        if infinite:
            problems.append(Problem(f"the value of {infinite[0]} is not a finite number; a dataset cannot hold "
                                    "infinity or NaN", name, file, None, None))
            continue
        dated_refs = _dated_references(meta.get("reference"))
        journal = meta.get("official_journal_date")
        journal_dates = {str(k): v for k, v in journal.items()} if isinstance(journal, dict) else {}
        prov: dict[str, Any] = {"id": name, "act": ACT_ID, "kind": kind}
        if isinstance(data.get("description"), str):
            prov["title"] = data["description"]
        unit = meta.get("unit")
        if isinstance(unit, str):
            prov["unit"] = unit
        value_days = {i for i, _v, _info in entries}
        if not dated_refs:
            refs = sources.ids(meta.get("reference"))
        else:  # references dated on a day with no value of their own belong to the parameter as a whole
            refs = [r for day, ref in sorted(dated_refs.items()) if day not in value_days for r in sources.ids(ref)]
        if refs:
            prov["sources"] = list(dict.fromkeys(refs))
        prov["note"] = os.path.relpath(file, os.fspath(directory))
        provisions.append(prov)
        in_force = False
        for instant, value, info in entries:
            change: dict[str, Any] = {"act": ACT_ID, "provision": name}
            if value is None:
                if not in_force:
                    continue
                change["op"] = "repeal"
                in_force = False
            else:
                change["op"] = "set" if in_force else "insert"
                change["value"] = value
                in_force = True
            change["effective"] = _day(instant)
            vmeta = info.get("metadata") if isinstance(info.get("metadata"), dict) else {}
            ojd = vmeta.get("official_journal_date") if vmeta else None
            if ojd is None:
                ojd = journal_dates.get(instant)
            if ojd is not None and INSTANT.match(str(ojd)):
                change["known"] = _day(str(ojd))
            refs = sources.ids(vmeta.get("reference") if vmeta else None) + sources.ids(info.get("reference"))
            if instant in dated_refs:
                refs += sources.ids(dated_refs[instant])
            if refs:
                change["sources"] = list(dict.fromkeys(refs))
            changes.append(change)
    if problems:
        raise DatasetError(problems)
    base = os.path.basename(os.path.normpath(os.fspath(directory)))
    return {
        "lawtimeline": 1,
        "title": title or f"OpenFisca parameters: {base}",
        "sources": list(sources.items.values()),
        "acts": [{"id": ACT_ID, "title": f"OpenFisca parameter tree {base}", "kind": "parameters",
                  "note": "Stands for the legislation behind every parameter: OpenFisca trees do not name acts."}],
        "provisions": provisions,
        "changes": changes,
    }


def _day(instant: str) -> str:
    """OpenFisca instants may be YYYY or YYYY-MM: they mean the first day."""
    parts = instant.split("-")
    while len(parts) < 3:
        parts.append("01")
    return "-".join(parts[:3])


def load(directory: str | os.PathLike[str], *, title: str | None = None) -> Timeline:
    """Load an OpenFisca parameter directory as a Timeline (one provision per parameter or bracket field).

    Raises :class:`~lawtimeline.DatasetError` listing every problem (file and parameter name).
    """
    from lawtimeline.io import _no_gc

    with _no_gc():  # many new objects and no garbage: keep the cyclic collector out, as lt.load does
        return Timeline.from_dict(to_dataset(directory, title))
