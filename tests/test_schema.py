"""The JSON Schema of the dataset format (lawtimeline/io/schema.json) against the loader, which is the truth.

The schema is a necessary condition: everything the loader accepts, the schema accepts, and the structural mistakes
it can see (unknown keys, wrong ops and kinds, bad ids and date strings, value shapes) it rejects where the loader
does. What needs the whole dataset (references between ids, calendar days, cycles, a value's shape against a
provision in another list) is left to the loader.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

import lawtimeline as lt
from lawtimeline.cli import cli
from lawtimeline.io._read import read_yaml
from lawtimeline.io.build import (
    ACT_KEYS,
    CHANGE_KEYS,
    CLAIM_KEYS,
    EVENT_KEYS,
    ID_RE,
    PROVISION_KEYS,
    SOURCE_KEYS,
    TOP_KEYS,
    format_path,
)
from lawtimeline.io.write import to_dict
from lawtimeline.model import LIFECYCLE_KINDS

ROOT = Path(__file__).resolve().parent.parent
SCHEMA_FILE = ROOT / "lawtimeline" / "io" / "schema.json"
FLAGSHIP = ROOT / "examples" / "russia_migrants.yaml"


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    return lt.io.schema()


@pytest.fixture(scope="module")
def validator(schema: dict[str, Any]) -> Draft202012Validator:
    return Draft202012Validator(schema)


def _schema_error_paths(validator: Draft202012Validator, data: Any) -> set[str]:
    return {format_path(tuple(e.absolute_path)) for e in validator.iter_errors(data)}


def _loader_error_paths(text: str) -> list[str]:
    try:
        lt.loads(text, "yaml")
    except lt.DatasetError as e:
        return [p.path for p in e.problems if p.severity == "error"]
    return []


def _subschemas(node: Any, path: tuple[str | int, ...] = ()) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every schema object in ``node`` with its JSON pointer, leaving out ``if`` conditions (they only test)."""
    if not isinstance(node, dict):
        return
    yield "/" + "/".join(str(p) for p in path), node
    for key, sub in node.items():
        if key in ("properties", "$defs"):
            for name, s in sub.items():
                yield from _subschemas(s, (*path, key, name))
        elif key in ("items", "not", "then", "additionalProperties"):
            yield from _subschemas(sub, (*path, key))
        elif key in ("anyOf", "oneOf", "allOf"):
            for i, s in enumerate(sub):
                yield from _subschemas(s, (*path, key, i))


# -- the schema itself ---------------------------------------------------------------------------------------------


def test_schema_is_a_valid_draft_2020_12_schema(schema: dict[str, Any]) -> None:
    """The shipped file declares draft 2020-12 and is a valid schema under its metaschema."""
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(schema)


def test_every_property_and_definition_has_a_title_and_a_description(schema: dict[str, Any]) -> None:
    """Editors show the title and description as help, so no property or definition may lack them."""
    missing = []
    for pointer, node in _subschemas(schema):
        for name, prop in node.get("properties", {}).items():
            if not (prop.get("title") and prop.get("description")):
                missing.append(f"{pointer}/properties/{name}")
    for name, d in schema["$defs"].items():
        if not (d.get("title") and d.get("description")):
            missing.append(f"/$defs/{name}")
    assert missing == []


def test_every_object_forbids_unknown_keys(schema: dict[str, Any]) -> None:
    """A typo must not silently drop data: every object schema has additionalProperties: false — except the
    mappings inside ``meta``, which hold whatever keys the user gives (DESIGN §4a) and are never read."""
    objects = [(p, n) for p, n in _subschemas(schema) if n.get("type") == "object"]
    assert len(objects) >= 10
    free = [p for p, n in objects if n.get("additionalProperties") is not False]
    assert free == ["/$defs/plain/anyOf/2"]
    assert schema["$defs"]["meta"]["additionalProperties"] == {"$ref": "#/$defs/plain"}


@pytest.mark.parametrize(("where", "keys"), [
    ("", TOP_KEYS),
    ("source", SOURCE_KEYS),
    ("act", ACT_KEYS),
    ("lifecycleEvent", EVENT_KEYS),
    ("contextEvent", EVENT_KEYS),
    ("claim", CLAIM_KEYS),
    ("provision", PROVISION_KEYS),
    ("change", CHANGE_KEYS),
])  # fmt: skip
def test_schema_keys_are_the_loaders_keys_in_its_order(
    schema: dict[str, Any], where: str, keys: tuple[str, ...]
) -> None:
    """Each object lists exactly the keys the loader accepts, in the order its messages list them."""
    node = schema["$defs"][where] if where else schema
    assert tuple(node["properties"]) == keys


def test_schema_enums_are_the_models(schema: dict[str, Any]) -> None:
    """Life-cycle kinds, ops and provision kinds in the schema are those of the model, in the model's order."""
    defs = schema["$defs"]
    assert tuple(defs["lifecycleKind"]["enum"]) == LIFECYCLE_KINDS
    assert defs["contextEvent"]["properties"]["kind"]["not"]["enum"] == list(LIFECYCLE_KINDS)
    assert defs["change"]["properties"]["op"]["enum"] == [o.value for o in lt.Op]
    assert defs["provision"]["properties"]["kind"]["enum"] == [k.value for k in lt.ProvisionKind]
    assert defs["id"]["pattern"] == f"^{ID_RE.pattern}$"


# -- the CLI and the package data -----------------------------------------------------------------------------------


def test_cli_schema_prints_the_shipped_file() -> None:
    """`lawtimeline schema` prints the package's schema.json, byte for byte."""
    result = CliRunner().invoke(cli, ["schema"])
    assert result.exit_code == 0, result.output
    assert result.output == SCHEMA_FILE.read_text(encoding="utf-8")
    assert json.loads(result.output) == lt.io.schema()


# -- valid datasets ---------------------------------------------------------------------------------------------------


def test_flagship_example_validates(validator: Draft202012Validator) -> None:
    """The flagship dataset, read as the loader reads it (dates stay strings), has no schema errors."""
    data = read_yaml(FLAGSHIP.read_text(encoding="utf-8"), str(FLAGSHIP)).value
    assert sorted(_schema_error_paths(validator, data)) == []


def test_what_save_writes_for_the_flagship_validates(validator: Draft202012Validator) -> None:
    """`to_dict` of the loaded flagship (what save() writes) is a valid dataset too."""
    data = json.loads(json.dumps(to_dict(lt.load(FLAGSHIP))))
    assert sorted(_schema_error_paths(validator, data)) == []


VALID = {
    "minimal": "lawtimeline: 1\n",
    "nulls where the loader takes them as absent": """
lawtimeline: 1
title: null
description: null
sources: [{id: s, title: null, publisher: null, url: null, date: null, note: null}]
acts:
  - {id: a, title: null, short_title: null, number: null, jurisdiction: null, kind: null, url: null,
     tags: null, sources: null, events: null, note: null}
provisions: [{id: p, act: a, kind: text, title: null, path: null, unit: null, tags: null,
              depends_on: null, sources: null, note: null}]
changes: [{id: null, act: a, provision: p, op: insert, value: x, effective: null, known: null,
           sources: null, note: null}]
events: null
""",
    "every kind of date": """
lawtimeline: 1
sources:
  - {id: s1, date: 2025}
  - {id: s2, date: "2025?"}
  - {id: s3, date: 2024-07}
  - {id: s4, date: "2025-05~"}
  - {id: s5, date: "2025-05-19%"}
  - {id: s6, date: "[2015-06-10..2015-06-30]"}
  - {id: s7, date: "[2025-04-11..2025-07-10]~"}
  - {id: s8, date: 0001-01-01}
  - {id: s9, date: 9999-12-31}
""",
    "life cycles: relative, disputed, undated, derived ids": """
lawtimeline: 1
sources: [{id: s}, {id: t}]
acts:
  - id: a
    number: 281-FZ
    tags: [citizenship]
    note: An act note.
    events:
      - {kind: adopted, dates: [{date: 2024-07-30, sources: [s]}, {date: "2024-07-31~", sources: [t]}]}
      - {kind: signed, date: 2024-08-08, by: President, related: [p], sources: [s], note: n, title: t}
      - {id: a-pub, kind: published, date: "[2024-08-08..2024-08-31]"}
      - {kind: in_force, date: {same_as: published}}
      - {kind: applies, date: {after: in_force, days: 0}}
      - {kind: repealed, date: {after: signed, days: 3650}}
      - {kind: suspended, date: null}
provisions:
  - {id: p, act: a, kind: set, value: [x], note: A provision note.}
events:
  - {id: e, kind: statement, related: [a, p, a/signed, a-pub, a/p/1], dates: [{date: 2025-05-19}]}
  - {id: f, kind: raid, date: "2025?"}
changes:
  - {act: a, provision: p, op: add, items: [y]}
""",
    "every provision kind and op": """
lawtimeline: 1
acts: [{id: a}]
provisions:
  - {id: t, act: a, kind: text, value: Some text}
  - {id: n, act: a, kind: number, unit: RUB, value: 500}
  - {id: f, act: a, kind: number, unit: "%", value: 12.5}
  - {id: b, act: a, kind: bool, value: false}
  - {id: r, act: a, kind: range, unit: RUB, value: {min: null, max: 20000}}
  - {id: r0, act: a, kind: range, value: {}}
  - {id: s, act: a, kind: set, value: []}
  - {id: l, act: a, kind: list, value: [x, 1, 2.5, true, null]}
  - {id: d, act: a, kind: text, depends_on: [t, n]}
changes:
  - {act: a, provision: d, op: insert, value: New text, effective: 2025-01-01}
  - {act: a, provision: n, op: set, value: 1000, effective: 2025-01-01, known: 2024-12-01}
  - {act: a, provision: r, op: set, value: {min: 10000, max: 20000}, effective: 2025}
  - {act: a, provision: s, op: add, items: [x, y], effective: 2025-02}
  - {act: a, provision: s, op: remove, items: [x], effective: 2025-03}
  - {act: a, provision: l, op: add, items: [3, null], effective: 2025-03}
  - {id: c-rep, act: a, provision: b, op: repeal, effective: "[2025-04-01..2025-04-30]"}
""",
}


@pytest.mark.parametrize("name", list(VALID))
def test_what_the_loader_accepts_the_schema_accepts(validator: Draft202012Validator, name: str) -> None:
    """Datasets the loader takes (nulls, every date form, relative and disputed dates, all kinds and ops)."""
    text = VALID[name]
    assert _loader_error_paths(text) == []
    assert sorted(_schema_error_paths(validator, read_yaml(text).value)) == []


# -- invalid datasets: rejected by both, at the same place -----------------------------------------------------------

# (YAML text, where the schema reports it, where the loader reports it); each text has exactly one mistake.
INVALID = {
    "unknown key": ("lawtimeline: 1\nacts: [{id: a, titel: Citizenship law}]\n", "acts[0]", "acts[0].titel"),
    "unknown top-level key": ("lawtimeline: 1\nprovision: []\n", "", "provision"),
    "wrong op": (
        "lawtimeline: 1\nacts: [{id: a}]\nprovisions: [{id: p, act: a, kind: text}]\n"
        "changes: [{act: a, provision: p, op: replace, value: x}]\n",
        "changes[0].op", "changes[0].op",
    ),
    "bad id": ("lawtimeline: 1\nsources: [{id: -bad id}]\n", "sources[0].id", "sources[0].id"),
    "bad id on a change": (
        "lawtimeline: 1\nacts: [{id: a}]\nprovisions: [{id: p, act: a, kind: text}]\n"
        "changes: [{id: c 1, act: a, provision: p, op: repeal}]\n",
        "changes[0].id", "changes[0].id",
    ),
    "month 13": ("lawtimeline: 1\nsources: [{id: s, date: 2025-13-01}]\n", "sources[0].date", "sources[0].date"),
    "one-digit month": ("lawtimeline: 1\nsources: [{id: s, date: 2025-7}]\n", "sources[0].date", "sources[0].date"),
    "two qualifiers": (
        "lawtimeline: 1\nevents: [{id: e, kind: statement, date: 2025-05-19~~}]\n",
        "events[0].date", "events[0].date",
    ),
    "year 0": ("lawtimeline: 1\nsources: [{id: s, date: 0}]\n", "sources[0].date", "sources[0].date"),
    "a time of day": (
        "lawtimeline: 1\nsources: [{id: s, date: 2025-05-19T10:00}]\n", "sources[0].date", "sources[0].date",
    ),
    "set value not a list": (
        "lawtimeline: 1\nacts: [{id: a}]\nprovisions: [{id: p, act: a, kind: set, value: forged documents}]\n",
        "provisions[0].value", "provisions[0].value",
    ),
    "range value with a stray key": (
        "lawtimeline: 1\nacts: [{id: a}]\nprovisions: [{id: p, act: a, kind: range, value: {min: 1, mx: 2}}]\n",
        "provisions[0].value", "provisions[0].value.mx",
    ),
    "number value as text": (
        "lawtimeline: 1\nacts: [{id: a}]\nprovisions: [{id: p, act: a, kind: number, value: '500'}]\n",
        "provisions[0].value", "provisions[0].value",
    ),
    "unknown provision kind": (
        "lawtimeline: 1\nacts: [{id: a}]\nprovisions: [{id: p, act: a, kind: money}]\n",
        "provisions[0].kind", "provisions[0].kind",
    ),
    "null initial value": (
        "lawtimeline: 1\nacts: [{id: a}]\nprovisions: [{id: p, act: a, kind: text, value: null}]\n",
        "provisions[0].value", "provisions[0].value",
    ),
    "add without items": (
        "lawtimeline: 1\nacts: [{id: a}]\nprovisions: [{id: p, act: a, kind: set}]\n"
        "changes: [{act: a, provision: p, op: add}]\n",
        "changes[0]", "changes[0]",
    ),
    "set with items": (
        "lawtimeline: 1\nacts: [{id: a}]\nprovisions: [{id: p, act: a, kind: set}]\n"
        "changes: [{act: a, provision: p, op: set, value: [x], items: [y]}]\n",
        "changes[0]", "changes[0].items",
    ),
    "repeal with a value": (
        "lawtimeline: 1\nacts: [{id: a}]\nprovisions: [{id: p, act: a, kind: text}]\n"
        "changes: [{act: a, provision: p, op: repeal, value: x}]\n",
        "changes[0]", "changes[0].value",
    ),
    "format version 2": ("lawtimeline: 2\n", "lawtimeline", "lawtimeline"),
    "no format version": ("title: Untitled\n", "", ""),
    "life-cycle kind as a context event": (
        "lawtimeline: 1\nevents: [{id: e, kind: signed, date: 2025}]\n", "events[0].kind", "events[0].kind",
    ),
    "context kind in an act's life cycle": (
        "lawtimeline: 1\nacts: [{id: a, events: [{kind: statement, date: 2025}]}]\n",
        "acts[0].events[0].kind", "acts[0].events[0].kind",
    ),
    "both date and dates": (
        "lawtimeline: 1\nevents: [{id: e, kind: report, date: 2025, dates: [{date: 2024}]}]\n",
        "events[0]", "events[0]",
    ),
    "no date at all": ("lawtimeline: 1\nevents: [{id: e, kind: report}]\n", "events[0]", "events[0]"),
    "empty list of claims": (
        "lawtimeline: 1\nevents: [{id: e, kind: report, dates: []}]\n", "events[0].dates", "events[0].dates",
    ),
    "relative date on a context event": (
        "lawtimeline: 1\nevents: [{id: e, kind: report, date: {after: published, days: 1}}]\n",
        "events[0].date", "events[0].date",
    ),
    "relative date on a change": (
        "lawtimeline: 1\nacts: [{id: a}]\nprovisions: [{id: p, act: a, kind: text}]\n"
        "changes: [{act: a, provision: p, op: repeal, effective: {same_as: signed}}]\n",
        "changes[0].effective", "changes[0].effective",
    ),
    "relative date with negative days": (
        "lawtimeline: 1\nacts: [{id: a, events: [{kind: signed, date: 2025-01-01},"
        " {kind: in_force, date: {after: signed, days: -1}}]}]\n",
        "acts[0].events[1].date", "acts[0].events[1].date.days",
    ),
    "relative date after an unknown kind": (
        "lawtimeline: 1\nacts: [{id: a, events: [{kind: signed, date: 2025-01-01},"
        " {kind: in_force, date: {after: signing, days: 10}}]}]\n",
        "acts[0].events[1].date", "acts[0].events[1].date.after",
    ),
    "number as text field": ("lawtimeline: 1\nacts: [{id: a, number: 138}]\n", "acts[0].number", "acts[0].number"),
    "tags not a list": ("lawtimeline: 1\nacts: [{id: a, tags: fines}]\n", "acts[0].tags", "acts[0].tags"),
    "sources not a list": ("lawtimeline: 1\nsources: {id: s}\n", "sources", "sources"),
    "missing provision act": (
        "lawtimeline: 1\nprovisions: [{id: p, kind: text}]\n", "provisions[0]", "provisions[0]",
    ),
    # kinds written as a mapping or a list (once a TypeError in the loader; issue [2.5])
    "life-cycle kind as a mapping": (
        "lawtimeline: 1\nacts: [{id: a, events: [{kind: {signed: 2025}, date: 2025}]}]\n",
        "acts[0].events[0].kind", "acts[0].events[0].kind",
    ),
    "context kind as a list": (
        "lawtimeline: 1\nevents: [{id: e, kind: [report], date: 2025}]\n", "events[0].kind", "events[0].kind",
    ),
    "relative date on a change, with after": (
        "lawtimeline: 1\nacts: [{id: a}]\nprovisions: [{id: p, act: a, kind: text}]\n"
        "changes: [{act: a, provision: p, op: repeal, effective: {after: signed, days: 1}}]\n",
        "changes[0].effective", "changes[0].effective",
    ),
}  # fmt: skip


@pytest.mark.parametrize("name", list(INVALID))
def test_structural_mistakes_are_rejected_by_the_schema_and_the_loader(
    validator: Draft202012Validator, name: str
) -> None:
    """Each mistake is reported by the loader (as its only problem) and by the schema, at the same object."""
    text, schema_path, loader_path = INVALID[name]
    assert _loader_error_paths(text) == [loader_path]
    assert _schema_error_paths(validator, read_yaml(text).value) == {schema_path}


# -- dates: the schema's patterns against PartialDate.parse ------------------------------------------------------------

_YEARS = st.sampled_from(["2024", "0000", "0001", "1998", "9999", "202", "20245"]) | st.integers(0, 9999).map(
    lambda y: f"{y:04d}"
)
_MONTHS = st.integers(0, 13).map(lambda m: f"{m:02d}") | st.sampled_from(["7", "123"])
_DAYS = st.integers(0, 32).map(lambda d: f"{d:02d}") | st.sampled_from(["5", "100"])
_QUALIFIERS = st.sampled_from(["", "", "~", "?", "%", "~~", "~?", " ", "x"])


@st.composite
def _date_texts(draw: st.DrawFn) -> str:
    def one() -> str:
        parts = [draw(_YEARS)]
        for unit in (_MONTHS, _DAYS)[: draw(st.integers(0, 2))]:
            parts.append(draw(unit))
        return "-".join(parts)

    if draw(st.booleans()):
        return one() + draw(_QUALIFIERS)
    return f"[{one()}..{one()}]" + draw(_QUALIFIERS)


def _calendar_ok(text: str) -> bool:
    """Whether every YYYY-MM-DD in ``text`` is a real day and a range's ends are in order."""
    days = []
    for y, m, d in re.findall(r"(\d{4})-(\d{2})-(\d{2})", text):
        try:
            days.append(dt.date(int(y), int(m), int(d)))
        except ValueError:
            return False
    return days == sorted(days)


def _parses(value: object) -> bool:
    try:
        lt.PartialDate.parse(value)
    except lt.DateError:
        return False
    return True


@settings(max_examples=400, deadline=None)
@given(st.one_of(_date_texts(), st.integers(-2, 10001)))
def test_date_pattern_agrees_with_partial_date_parse(schema: dict[str, Any], value: str | int) -> None:
    """What PartialDate.parse accepts the schema accepts; what the schema accepts parses unless it names a day
    that does not exist (2023-02-30) or a range that ends before it starts, which a pattern cannot see."""
    accepted = Draft202012Validator(schema["$defs"]["date"]).is_valid(value)
    parsed = _parses(value)
    if parsed:
        assert accepted
    if accepted and (isinstance(value, int) or _calendar_ok(value)):
        assert parsed


# -- bugs found while writing the schema -------------------------------------------------------------------------------


def test_a_date_in_non_ascii_digits_is_rejected_by_the_loader_as_by_the_schema(validator: Draft202012Validator) -> None:
    """'٢٠٢٥' (Arabic-Indic digits) is not YYYY: the schema rejects it, and so must the loader."""
    text = 'lawtimeline: 1\nsources: [{id: s, date: "٢٠٢٥"}]\n'
    assert _schema_error_paths(validator, read_yaml(text).value) == {"sources[0].date"}
    assert _loader_error_paths(text) == ["sources[0].date"]


def test_an_undated_event_saves_to_a_valid_dataset(validator: Draft202012Validator) -> None:
    """`date: null` (no date known) is accepted on load; what save() writes must stay valid and load again."""
    text = (
        "lawtimeline: 1\nacts: [{id: a, events: [{kind: in_force, date: null}]}]\n"
        "events: [{id: e, kind: report, date: null}]\n"
    )
    data = to_dict(lt.loads(text))
    assert sorted(_schema_error_paths(validator, data)) == []
    assert lt.loads(lt.dumps(lt.loads(text))) == lt.loads(text)


def test_a_null_life_cycle_id_is_not_written_back() -> None:
    """`id: null` on a life-cycle event means 'derive it'; derived ids are not written (DESIGN §12.14)."""
    tl = lt.loads("lawtimeline: 1\nacts: [{id: a, events: [{id: null, kind: signed, date: 2020}]}]\n")
    assert tl.acts["a"].events[0].id == "a/signed"
    assert "id" not in to_dict(tl)["acts"][0]["events"][0]
