"""Exports to other tools: pandas DataFrames, TimelineJS3 JSON, the canonical dataset (JSON/YAML), GraphML and
node-link JSON — each read back by the tool it is for (pandas dtypes, a JSON Schema of TimelineJS3's documented
format, ``networkx.read_graphml`` / ``networkx.node_link_graph``)."""

from __future__ import annotations

import functools
import json
import sys
from pathlib import Path
from typing import Any

import jsonschema
import networkx as nx
import pandas as pd
import pytest
from click.testing import CliRunner, Result

import lawtimeline as lt
from lawtimeline.cli import cli

EXAMPLE = Path(__file__).parent.parent / "examples" / "russia_migrants.yaml"
HOSTILE = Path(__file__).parent / "data" / "hostile.yaml"

#: The boolean columns of each frame; every other column is either a date bound (datetime64) or text.
BOOL_COLUMNS = {
    "changes": {"pending", "implicit", "retroactive"},
    "events": {"lifecycle", "disputed"},
    "versions": {"certain"},
    "provisions": set(),
}

#: Every column of each frame, in order.
COLUMNS = {
    "changes": [
        "id",
        "act",
        "provision",
        "op",
        "value",
        "items",
        "effective",
        "effective_earliest",
        "effective_latest",
        "known",
        "known_earliest",
        "known_latest",
        "pending",
        "implicit",
        "retroactive",
        "sources",
        "stages",
        "lapsed",
        "lapsed_date",
        "subject_to",
    ],
    "events": [
        "id",
        "kind",
        "lifecycle",
        "act",
        "title",
        "by",
        "date",
        "date_earliest",
        "date_latest",
        "disputed",
        "related",
        "sources",
    ],
    "versions": [
        "provision",
        "value",
        "start",
        "start_earliest",
        "start_latest",
        "end",
        "end_earliest",
        "end_latest",
        "change",
        "act",
        "certain",
    ],
    "provisions": ["id", "title", "act", "path", "kind", "unit", "tags", "depends_on", "value", "sources", "extent"],
}


@functools.cache
def load(path: Path) -> lt.Timeline:
    """Each dataset is loaded once for the module (a Timeline is immutable)."""
    return lt.load(path)


@pytest.fixture
def tl() -> lt.Timeline:
    return load(EXAMPLE)


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), prog_name="lawtimeline")


def stamp(d: lt.PartialDate | None, bound: str) -> Any:
    return pd.Timestamp(getattr(d, bound).isoformat()) if d is not None else pd.NaT


def same_stamp(a: Any, b: Any) -> bool:
    return bool(pd.isna(a) and pd.isna(b)) or a == b


# -- pandas --------------------------------------------------------------------------------------------------------


def test_changes_frame_has_one_row_per_change_including_implicit_ones(tl: lt.Timeline) -> None:
    """One row per change of ``tl.all_changes()`` (implicit enactments and repeals included), in that order,
    with the bounds of ``effective`` and ``known`` as timestamps (NaT for a pending change)."""
    frame = tl.to_frame("changes")
    changes = tl.all_changes()
    assert list(frame["id"]) == [c.id for c in changes]
    assert list(frame["implicit"]) == [c.implicit for c in changes]
    assert frame["implicit"].any() and not frame["implicit"].all()
    assert list(frame["pending"]) == [c.pending for c in changes]
    assert list(frame["op"]) == [c.op.value for c in changes]
    for row, c in zip(frame.itertuples(), changes, strict=True):
        assert same_stamp(row.effective_earliest, stamp(c.effective, "earliest"))
        assert same_stamp(row.effective_latest, stamp(c.effective, "latest"))
        assert same_stamp(row.known_latest, stamp(c.known, "latest"))


def test_events_frame_has_one_row_per_life_cycle_and_context_event(tl: lt.Timeline) -> None:
    """One row per life-cycle event of every act (``lifecycle`` True), then one per context event (False)."""
    frame = tl.to_frame("events")
    lifecycle = [e.id for a in tl.acts.values() for e in a.events]
    context = list(tl.events)
    assert list(frame["id"]) == lifecycle + context
    assert list(frame["lifecycle"]) == [True] * len(lifecycle) + [False] * len(context)
    assert context and lifecycle
    assert list(frame["disputed"]) == [e.disputed for a in tl.acts.values() for e in a.events] + [
        e.disputed for e in tl.events.values()
    ]


def test_versions_frame_has_one_row_per_version_of_every_provision(tl: lt.Timeline) -> None:
    """One row per ``Version`` of ``tl.history(p)`` for each provision, in dataset order; an open version has NaT
    end bounds."""
    frame = tl.to_frame("versions")
    versions = [(pid, v) for pid in tl.provisions for v in tl.history(pid)]
    assert list(zip(frame["provision"], frame["change"], strict=True)) == [(pid, v.change) for pid, v in versions]
    assert list(frame["certain"]) == [v.certain for _pid, v in versions]
    for row, (_pid, v) in zip(frame.itertuples(), versions, strict=True):
        assert same_stamp(row.start_earliest, stamp(v.start, "earliest"))
        assert same_stamp(row.end_latest, stamp(v.end, "latest"))


def test_provisions_frame_has_one_row_per_provision(tl: lt.Timeline) -> None:
    """One row per provision, in dataset order, with its kind and unit."""
    frame = tl.to_frame("provisions")
    assert list(frame["id"]) == list(tl.provisions)
    assert list(frame["kind"]) == [p.kind.value for p in tl.provisions.values()]


@pytest.mark.parametrize("what", ["changes", "events", "versions", "provisions"])
def test_frame_columns_are_typed(tl: lt.Timeline, what: str) -> None:
    """Date bounds (``*_earliest``/``*_latest``) are datetime64, flags are bool, everything else is text (pandas'
    string dtype, missing values as NA)."""
    frame = tl.to_frame(what)
    assert list(frame.columns) == COLUMNS[what]
    for col in frame.columns:
        dtype = frame[col].dtype
        if col.endswith(("_earliest", "_latest")):
            assert pd.api.types.is_datetime64_dtype(dtype), (col, dtype)
        elif col in BOOL_COLUMNS[what]:
            assert dtype == "bool", (col, dtype)
        else:
            assert isinstance(dtype, pd.StringDtype), (col, dtype)


def test_the_default_frame_is_changes(tl: lt.Timeline) -> None:
    """``tl.to_frame()`` is the changes frame."""
    pd.testing.assert_frame_equal(tl.to_frame(), tl.to_frame("changes"))


def test_an_unknown_frame_kind_is_a_value_error_naming_the_choices(tl: lt.Timeline) -> None:
    """``to_frame("acts")`` says which kinds exist."""
    with pytest.raises(ValueError, match="changes, events, versions, provisions, segments, not 'acts'"):
        tl.to_frame("acts")


@pytest.mark.parametrize("what", ["changes", "events", "versions", "provisions"])
def test_an_empty_frame_still_has_its_columns(what: str) -> None:
    """A dataset with nothing in it gives frames with zero rows and the same columns, so code written against the
    columns works on every dataset."""
    frame = lt.loads("lawtimeline: 1").to_frame(what)
    assert len(frame) == 0
    assert list(frame.columns) == COLUMNS[what]


def test_to_frame_without_pandas_names_the_extra_to_install(tl: lt.Timeline, monkeypatch: pytest.MonkeyPatch) -> None:
    """With pandas not importable, ``to_frame`` raises a LawTimelineError that says
    ``pip install 'lawtimeline[pandas]'`` (not a bare ImportError)."""
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(lt.LawTimelineError, match=r"pip install 'lawtimeline\[pandas\]'"):
        tl.to_frame("changes")


# -- TimelineJS3 ---------------------------------------------------------------------------------------------------

# TimelineJS3's JSON format as documented at https://timeline.knightlab.com/docs/json-format.html: an object with
# ``events`` (slides) and optional ``title`` (a slide without a date), ``eras``, ``scale``; a slide has a required
# ``start_date`` (except the title), optional ``end_date``, ``text`` {headline, text}, ``media``, ``group``,
# ``display_date``, ``background``, ``autolink``, ``unique_id``; a date has a required ``year`` and optional integer
# ``month``, ``day``, ``hour``, ``minute``, ``second``, ``millisecond``, plus ``display_date`` and ``format``.
_DATE = {
    "type": "object",
    "required": ["year"],
    "additionalProperties": False,
    "properties": {
        "year": {"type": "integer"},
        "month": {"type": "integer", "minimum": 1, "maximum": 12},
        "day": {"type": "integer", "minimum": 1, "maximum": 31},
        "hour": {"type": "integer", "minimum": 0, "maximum": 23},
        "minute": {"type": "integer", "minimum": 0, "maximum": 59},
        "second": {"type": "integer", "minimum": 0, "maximum": 59},
        "millisecond": {"type": "integer", "minimum": 0, "maximum": 999},
        "display_date": {"type": "string"},
        "format": {"type": "string"},
    },
    "dependentRequired": {"day": ["month"]},
}
_TEXT = {
    "type": "object",
    "additionalProperties": False,
    "properties": {"headline": {"type": "string"}, "text": {"type": "string"}},
}
_SLIDE_PROPERTIES = {
    "start_date": _DATE,
    "end_date": _DATE,
    "text": _TEXT,
    "media": {"type": "object", "required": ["url"]},
    "group": {"type": "string"},
    "display_date": {"type": "string"},
    "background": {"type": "object"},
    "autolink": {"type": "boolean"},
    "unique_id": {"type": "string", "pattern": r"^\S+$"},
}
TIMELINEJS_SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "required": ["events"],
    "additionalProperties": False,
    "properties": {
        "title": {
            "type": "object",
            "additionalProperties": False,
            "required": ["text"],
            "properties": {**_SLIDE_PROPERTIES, "text": {**_TEXT, "required": ["headline"]}},
        },
        "events": {
            "type": "array",
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["start_date"],
                "properties": _SLIDE_PROPERTIES,
            },
        },
        "eras": {"type": "array"},
        "scale": {"enum": ["human", "cosmological"]},
    },
}


def test_the_schema_written_here_rejects_what_timelinejs_cannot_read() -> None:
    """The schema is not vacuous: a slide with no start year, a month of 13 or a text month is refused."""
    validator = jsonschema.Draft202012Validator(TIMELINEJS_SCHEMA)
    good = {"title": {"text": {"headline": "T"}}, "events": [{"start_date": {"year": 2024, "month": 2}}]}
    validator.validate(good)
    for bad_date in (
        {"month": 2},
        {"year": 2024, "month": 13},
        {"year": 2024, "month": "2"},
        {"year": "2024"},
        {"year": 2024, "day": 3},
    ):
        assert not validator.is_valid({"events": [{"start_date": bad_date}]}), bad_date
    assert not validator.is_valid({"title": {"text": {"text": "no headline"}}, "events": []})


@pytest.mark.parametrize("path", [EXAMPLE, HOSTILE], ids=["flagship", "hostile"])
def test_timelinejs_export_validates_against_the_documented_format(path: Path) -> None:
    """``to_timelinejs()`` is valid TimelineJS3 JSON: one slide per chronology entry, a title headline, and
    unique slide ids."""
    tl = load(path)
    data = tl.to_timelinejs()
    jsonschema.Draft202012Validator(TIMELINEJS_SCHEMA).validate(data)
    assert len(data["events"]) == len(tl.chronology())
    ids = [e["unique_id"] for e in data["events"]]
    assert len(set(ids)) == len(ids)


def test_timelinejs_dates_keep_only_the_known_parts() -> None:
    """A day gives year, month, day; a month gives year and month (no day); a year gives the year only; an
    approximate month keeps its own month (not its widened bounds); a day range gives its first and last days
    as start and end, with the range said in words."""
    tl = lt.loads(
        "lawtimeline: 1\n"
        "events:\n"
        "  - {id: d, kind: report, title: A day, date: 2024-05-01}\n"
        "  - {id: m, kind: report, title: A month, date: 2024-07}\n"
        "  - {id: y, kind: report, title: A year, date: '2023'}\n"
        "  - {id: a, kind: report, title: About May, date: '2025-05~'}\n"
        "  - {id: r, kind: report, title: Some day in August, date: '[2024-08-08..2024-08-31]'}\n",
        name="dates.yaml",
    )
    slides = {s["unique_id"]: s for s in tl.to_timelinejs()["events"]}
    assert slides["d"]["start_date"] == {"year": 2024, "month": 5, "day": 1, "display_date": "1 May 2024"}
    assert slides["m"]["start_date"] == {"year": 2024, "month": 7, "display_date": "July 2024"}
    assert slides["y"]["start_date"] == {"year": 2023, "display_date": "2023"}
    assert slides["a"]["start_date"] == {"year": 2025, "month": 5, "display_date": "c. May 2025"}
    assert slides["r"]["start_date"] == {
        "year": 2024,
        "month": 8,
        "day": 8,
        "display_date": "between 8 and 31 August 2024",
    }
    assert slides["r"]["end_date"] == {
        "year": 2024,
        "month": 8,
        "day": 31,
        "display_date": "between 8 and 31 August 2024",
    }
    assert slides["r"]["display_date"] == "between 8 and 31 August 2024"
    assert not any("end_date" in slides[k] for k in "dmya")


def test_timelinejs_flagship_dates_match_their_precision(tl: lt.Timeline) -> None:
    """In the flagship, every slide's start date has a day exactly when the entry's date is a day (or a range),
    a month exactly when it is not a year."""
    for entry, slide in zip(tl.chronology(), tl.to_timelinejs()["events"], strict=True):
        d, start = entry.date, slide["start_date"]
        assert ("day" in start) == (d.is_range or d.precision.value == "day"), (entry.subject, start)
        assert ("month" in start) == (d.precision.value != "year"), (entry.subject, start)
        assert start["display_date"] == d.label


def test_timelinejs_escapes_dataset_text_in_headlines_and_texts() -> None:
    """Titles, descriptions and source titles are HTML-escaped in the fields TimelineJS renders as HTML: a
    ``<script>`` title comes out as ``&lt;script&gt;``."""
    data = load(HOSTILE).to_timelinejs()
    assert data["title"]["text"]["headline"].startswith("&lt;script&gt;alert(1)&lt;/script&gt; Hostile")
    assert "&lt;img src=x onerror=alert(1)&gt;" in data["title"]["text"]["text"]
    fields = [data["title"]["text"]["headline"], data["title"]["text"]["text"]]
    fields += [s["text"][k] for s in data["events"] for k in ("headline", "text")]
    for text in fields:
        for tag in ("<script", "<img", "<svg", "</script"):
            assert tag not in text, text
    assert any("&lt;script&gt;" in s["text"]["headline"] for s in data["events"])


def test_timelinejs_escapes_the_group_label() -> None:
    """The group label is HTML for TimelineJS too: an act named ``<script>…`` is grouped as ``&lt;script&gt;…``."""
    data = load(HOSTILE).to_timelinejs()
    groups = {s["group"] for s in data["events"]}
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Evil Act" in groups
    assert not [g for g in groups if "<" in g]


def test_timelinejs_unique_ids_stay_unique_when_ids_contain_dashes() -> None:
    """Every slide id is unique even when a context event's id equals another entry's id with '/' turned to '-'."""
    tl = lt.loads(
        "lawtimeline: 1\n"
        "acts:\n"
        "  - {id: law, title: A law, events: [{kind: signed, date: 2024-05-01}]}\n"
        "events:\n"
        "  - {id: law-signed, kind: statement, title: Someone says the law was signed, date: 2024-05}\n",
        name="ids.yaml",
    )
    ids = [s["unique_id"] for s in tl.to_timelinejs()["events"]]
    assert len(ids) == 2
    assert len(set(ids)) == 2, ids


def test_cli_export_timelinejs_prints_the_same_json(tl: lt.Timeline, tmp_path: Path) -> None:
    """``lawtimeline export FILE --format timelinejs`` prints (or writes with -o) ``tl.to_timelinejs()``."""
    result = run("export", str(EXAMPLE), "--format", "timelinejs")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == tl.to_timelinejs()
    out = tmp_path / "timeline.json"
    assert run("export", str(EXAMPLE), "--format", "timelinejs", "-o", str(out)).exit_code == 0
    assert out.read_text(encoding="utf-8") == result.stdout


# -- canonical dataset --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["json", "yaml"])
def test_cli_export_canonical_dataset_equals_dumps(tl: lt.Timeline, fmt: str, tmp_path: Path) -> None:
    """``lawtimeline export FILE --format json|yaml`` is exactly ``lt.dumps(tl, fmt)``, on stdout or with -o, and
    loads back to an equal Timeline."""
    result = run("export", str(EXAMPLE), "--format", fmt)
    assert result.exit_code == 0, result.output
    assert result.stdout == lt.dumps(tl, fmt)
    out = tmp_path / f"copy.{fmt}"
    assert run("export", str(EXAMPLE), "--format", fmt, "-o", str(out)).exit_code == 0
    assert out.read_text(encoding="utf-8") == lt.dumps(tl, fmt)
    assert lt.load(out) == tl


def test_canonical_json_is_the_dataset_dict(tl: lt.Timeline) -> None:
    """The JSON export is ``tl.to_dict()`` as JSON (the dataset format, nothing added)."""
    assert json.loads(lt.dumps(tl, "json")) == tl.to_dict()


# -- graph exports ------------------------------------------------------------------------------------------------


def edge_keys(g: nx.MultiDiGraph) -> set[tuple[str, str, str]]:
    return set(g.edges(keys=True))


@pytest.mark.parametrize("path", [EXAMPLE, HOSTILE], ids=["flagship", "hostile"])
def test_graphml_from_the_cli_loads_with_every_node_and_edge(path: Path, tmp_path: Path) -> None:
    """``lawtimeline graph FILE --format graphml -o OUT`` is read by ``networkx.read_graphml`` with the same nodes,
    the same number of edges, and (read as a multigraph) the same edge keys and attributes as ``tl.graph``."""
    tl = load(path)
    out = tmp_path / "graph.graphml"
    result = run("graph", str(path), "--format", "graphml", "-o", str(out))
    assert result.exit_code == 0, result.output
    g = tl.graph
    assert result.stdout == f"{out}: {g.number_of_nodes()} nodes, {g.number_of_edges()} edges\n"
    read = nx.read_graphml(out)
    assert set(read.nodes) == set(g.nodes)
    assert read.number_of_edges() == g.number_of_edges()
    multi = nx.read_graphml(out, force_multigraph=True)
    assert edge_keys(multi) == edge_keys(g)
    for a, b, k, data in g.edges(keys=True, data=True):
        assert {n: v for n, v in multi.edges[a, b, k].items() if n != "id"} == {
            n: v for n, v in data.items() if v is not None
        }
    for n, data in g.nodes(data=True):
        assert multi.nodes[n]["kind"] == data["kind"]


@pytest.mark.parametrize("path", [EXAMPLE, HOSTILE], ids=["flagship", "hostile"])
def test_node_link_json_from_the_cli_loads_with_every_node_and_edge(path: Path, tmp_path: Path) -> None:
    """``lawtimeline graph FILE --format json -o OUT`` is read by ``networkx.node_link_graph(..., edges="edges")``
    as a MultiDiGraph with the same nodes and edge keys as ``tl.graph``."""
    tl = load(path)
    out = tmp_path / "graph.json"
    assert run("graph", str(path), "--format", "json", "-o", str(out)).exit_code == 0
    read = nx.node_link_graph(json.loads(out.read_text(encoding="utf-8")), edges="edges")
    assert isinstance(read, nx.MultiDiGraph)
    assert set(read.nodes) == set(tl.graph.nodes)
    assert read.number_of_edges() == tl.graph.number_of_edges()
    assert edge_keys(read) == edge_keys(tl.graph)
    assert {n: d["kind"] for n, d in read.nodes(data=True)} == {n: d["kind"] for n, d in tl.graph.nodes(data=True)}
