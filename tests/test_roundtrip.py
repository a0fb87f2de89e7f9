"""Round trips: ``loads(dumps(tl)) == tl`` in YAML and JSON, ``to_dict()`` writes the dataset as it was given,
``save()`` then ``load()`` gives back an equal Timeline, and the flagship example survives all of them."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator
from strategies import datasets, edtf_texts, texts

import lawtimeline as lt

EXAMPLE = Path(__file__).parent.parent / "examples" / "russia_migrants.yaml"
FORMATS = ("yaml", "json")
SECTIONS = ("sources", "acts", "provisions", "changes", "events")

PROPERTY = settings(max_examples=200, deadline=None)
P = lt.PartialDate.parse


def _ids_in_order(data: dict[str, Any], section: str) -> list[str]:
    return [x["id"] for x in data.get(section, []) if "id" in x]


# -- properties over generated datasets -----------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
@PROPERTY
@given(data=datasets())
def test_loads_of_dumps_gives_an_equal_timeline(fmt: str, data: dict[str, Any]) -> None:
    """Text written by ``dumps`` loads back to an equal Timeline, and writing that again gives the same text
    (so nothing changes type on the way: an int stays an int, a string that looks like a date stays a string)."""
    tl = lt.Timeline.from_dict(data)
    text = lt.dumps(tl, fmt)
    again = lt.loads(text, fmt)
    assert again == tl
    assert lt.dumps(again, fmt) == text
    assert again.to_dict() == data


@PROPERTY
@given(data=datasets())
def test_to_dict_writes_the_dataset_as_it_was_given(data: dict[str, Any]) -> None:
    """``datasets()`` are in canonical form, so ``to_dict`` gives them back exactly: relative dates stay relative,
    defaults (effective, known) are not filled in, derived ids and implicit changes are not written, order is kept.
    Loading the same dataset from JSON text gives the same Timeline as ``from_dict``."""
    tl = lt.Timeline.from_dict(data)
    assert tl.to_dict() == data
    for section in ("sources", "acts", "provisions", "events"):
        assert list(getattr(tl, section)) == _ids_in_order(data, section)
    assert [c.id for c in tl.changes.values() if c.id_given] == _ids_in_order(data, "changes")
    assert len(tl.changes) == len(data.get("changes", []))
    # (escaped: a dataset may hold DEL, C1 controls or U+FEFF only as escapes; lt.dumps writes them so)
    assert lt.loads(json.dumps(data), "json") == tl


@settings(PROPERTY, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=datasets(), suffix=st.sampled_from((".yaml", ".yml", ".json")))
def test_save_then_load_gives_an_equal_timeline(tmp_path: Path, data: dict[str, Any], suffix: str) -> None:
    tl = lt.Timeline.from_dict(data)
    path = tmp_path / f"dataset{suffix}"
    tl.save(path)
    assert lt.load(path) == tl


def test_save_takes_a_string_path_and_a_format_that_overrides_the_suffix(tmp_path: Path) -> None:
    tl = lt.Timeline.from_dict({"lawtimeline": 1, "title": "NO", "acts": [{"id": "a"}]})
    lt.save(tl, str(tmp_path / "a.yaml"))
    assert lt.load(str(tmp_path / "a.yaml")) == tl
    tl.save(tmp_path / "b.txt", format="json")
    text = (tmp_path / "b.txt").read_text(encoding="utf-8")
    assert json.loads(text) == tl.to_dict()
    assert lt.load(tmp_path / "b.txt", format="json") == tl


# -- to_dict writes what was given ----------------------------------------------------------------------------------

ACT = {"id": "ru-fz-1", "title": "A law"}


def test_relative_dates_are_resolved_but_written_back_relative() -> None:
    data = {
        "lawtimeline": 1,
        "acts": [{**ACT, "events": [
            {"kind": "signed", "date": "2025-05-19"},
            {"kind": "published", "date": "2025-05"},
            {"kind": "in_force", "date": {"after": "published", "days": 10}},
            {"kind": "applies", "date": {"same_as": "in_force"}},
            {"kind": "adopted", "date": {"after": "signed", "days": 0}},
        ]}],
    }
    tl = lt.Timeline.from_dict(data)
    act = tl.acts["ru-fz-1"]
    assert act.date_of("in_force") == P("[2025-05-11..2025-06-10]")
    assert act.date_of("applies") == P("[2025-05-11..2025-06-10]")
    assert act.date_of("adopted") == P("2025-05-19")
    assert act.event("in_force").relative == lt.RelativeDate("published", 10)  # type: ignore[union-attr]
    assert tl.to_dict() == data
    for fmt in FORMATS:
        assert lt.loads(lt.dumps(tl, fmt), fmt).to_dict() == data


def test_derived_ids_are_used_but_not_written() -> None:
    data = {
        "lawtimeline": 1,
        "acts": [{**ACT, "events": [
            {"kind": "signed", "date": "2025-05-19"},
            {"kind": "signed", "date": "2025-05-20"},
            {"id": "ru-fz-1-in-force", "kind": "in_force", "date": "2025-06"},
        ]}],
        "provisions": [{"id": "fine", "act": "ru-fz-1", "kind": "number"}],
        "changes": [
            {"act": "ru-fz-1", "provision": "fine", "op": "insert", "value": 10},
            {"id": "raise", "act": "ru-fz-1", "provision": "fine", "op": "set", "value": 20},
            {"act": "ru-fz-1", "provision": "fine", "op": "set", "value": 30.0},
        ],
    }
    tl = lt.Timeline.from_dict(data)
    assert [e.id for e in tl.acts["ru-fz-1"].events] == ["ru-fz-1/signed", "ru-fz-1/signed-2", "ru-fz-1-in-force"]
    assert list(tl.changes) == ["ru-fz-1/fine/1", "raise", "ru-fz-1/fine/3"]
    assert tl.to_dict() == data


def test_defaults_are_filled_in_the_model_but_not_written() -> None:
    data = {
        "lawtimeline": 1,
        "acts": [{**ACT, "events": [{"kind": "published", "date": "2025-05-19"},
                                    {"kind": "in_force", "date": "2025-06-01"}]}],
        "provisions": [{"id": "fine", "act": "ru-fz-1", "kind": "number"}],
        "changes": [{"act": "ru-fz-1", "provision": "fine", "op": "insert", "value": 10}],
    }
    tl = lt.Timeline.from_dict(data)
    change = tl.changes["ru-fz-1/fine/1"]
    assert (change.effective, change.known) == (P("2025-06-01"), P("2025-05-19"))
    assert tl.to_dict() == data


def test_implicit_changes_are_used_but_not_written() -> None:
    data = {
        "lawtimeline": 1,
        "acts": [{**ACT, "events": [{"kind": "in_force", "date": "2024-01-01"},
                                    {"kind": "repealed", "date": "2025-01-01"}]}],
        "provisions": [{"id": "grounds", "act": "ru-fz-1", "kind": "set", "value": ["a", "b"]}],
    }
    tl = lt.Timeline.from_dict(data)
    assert [c.id for c in tl.implicit_changes] == ["grounds@enacted", "grounds@repealed"]
    assert len(tl.changes) == 0
    assert tl.to_dict() == data
    assert "changes" not in tl.to_dict()


def test_order_is_kept_not_sorted() -> None:
    data = {
        "lawtimeline": 1,
        "sources": [{"id": "z"}, {"id": "a"}, {"id": "m"}],
        "acts": [{"id": "act-b", "sources": ["z", "a"], "events": [
            {"kind": "in_force", "date": "2025"}, {"kind": "introduced", "date": "2024"}]}, {"id": "act-a"}],
        "provisions": [{"id": "p2", "act": "act-a", "kind": "list", "value": ["z", 1, None, True, "a"]},
                       {"id": "p1", "act": "act-b", "kind": "text", "depends_on": ["p2"]}],
        "events": [{"id": "e2", "kind": "report", "date": "2025-01"},
                   {"id": "e1", "kind": "statement", "dates": [{"date": "2025-05-20", "sources": ["m"]},
                                                               {"date": "2025-05-19", "sources": ["z", "a"]}]}],
    }
    tl = lt.Timeline.from_dict(data)
    assert tl.to_dict() == data
    assert list(tl.to_dict()) == ["lawtimeline", "sources", "acts", "provisions", "events"]


def test_given_values_are_written_in_canonical_form() -> None:
    """What the writer normalises: an int year becomes its EDTF text, a set is sorted without repeats, a range
    gets both ends, an empty list or a null optional field is left out."""
    data = {
        "lawtimeline": 1,
        "title": None,
        "sources": [{"id": "s", "date": 2025, "note": None}],
        "acts": [{"id": "a", "tags": []}],
        "provisions": [
            {"id": "grounds", "act": "a", "kind": "set", "value": ["b", "a", "b"]},
            {"id": "fine", "act": "a", "kind": "range", "value": {"max": 20000}},
        ],
        "changes": [{"act": "a", "provision": "fine", "op": "repeal", "effective": None, "sources": []}],
    }
    assert lt.Timeline.from_dict(data).to_dict() == {
        "lawtimeline": 1,
        "sources": [{"id": "s", "date": "2025"}],
        "acts": [{"id": "a"}],
        "provisions": [
            {"id": "grounds", "act": "a", "kind": "set", "value": ["a", "b"]},
            {"id": "fine", "act": "a", "kind": "range", "value": {"min": None, "max": 20000}},
        ],
        "changes": [{"act": "a", "provision": "fine", "op": "repeal"}],
    }


def test_numbers_keep_their_type_through_yaml_and_json() -> None:
    data = {
        "lawtimeline": 1,
        "acts": [{"id": "a"}],
        "provisions": [
            {"id": "n1", "act": "a", "kind": "number", "value": 20000},
            {"id": "n2", "act": "a", "kind": "number", "value": 20000.0},
            {"id": "n3", "act": "a", "kind": "number", "value": 2**70},
            {"id": "n4", "act": "a", "kind": "number", "value": 1e-7},
            {"id": "l1", "act": "a", "kind": "list", "value": [1, 1.0, True, None, "1", "true", "null"]},
        ],
    }
    for fmt in FORMATS:
        values = [p.value for p in lt.loads(lt.dumps(lt.Timeline.from_dict(data), fmt), fmt).provisions.values()]
        assert [type(v) for v in values[:4]] == [int, float, int, float]
        assert values[:4] == [20000, 20000.0, 2**70, 1e-7]
        assert [type(v) for v in values[4]] == [int, float, bool, type(None), str, str, str]


@pytest.mark.parametrize("fmt", FORMATS)
def test_event_with_a_null_date_round_trips(fmt: str) -> None:
    """``date: null`` (the event happened, its date is unknown) is written back as null, not left out (which
    would not load: 'missing required key date')."""
    data = {
        "lawtimeline": 1,
        "acts": [{"id": "a", "events": [{"kind": "signed", "date": None}]}],
        "events": [{"id": "e", "kind": "statement", "date": None}],
    }
    tl = lt.Timeline.from_dict(data)
    assert tl.acts["a"].events[0].date is None
    assert tl.to_dict() == data
    assert lt.loads(lt.dumps(tl, fmt), fmt) == tl


def test_null_event_id_is_treated_as_left_out() -> None:
    """The schema says ``id: null`` is the same as leaving the key out, so the derived id is not written back."""
    data = {"lawtimeline": 1, "acts": [{"id": "a", "events": [{"id": None, "kind": "signed", "date": "2025"}]}],
            "changes": []}
    tl = lt.Timeline.from_dict(data)
    assert tl.acts["a"].events[0].id == "a/signed"
    assert tl.to_dict() == {"lawtimeline": 1, "acts": [{"id": "a", "events": [{"kind": "signed", "date": "2025"}]}]}


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize(
    "text",
    ["NO", "yes", "2025-07", "2025-07-31", "a: b", "# x", "  lead", "a\nb\n", "{{ x }}", "'\"", "Ж 😀", "1_000",
     "0x1F", "+1", "~", "", "null", ".inf", "\x00", "\u2028", "\ufeff"],
)
def test_tricky_text_round_trips(fmt: str, text: str) -> None:
    data = {"lawtimeline": 1, "title": text, "acts": [{"id": "a", "tags": [text]}],
            "provisions": [{"id": "p", "act": "a", "kind": "text", "value": text}]}
    assert lt.loads(lt.dumps(lt.Timeline.from_dict(data), fmt), fmt).to_dict() == data


# -- the flagship example -------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def example() -> lt.Timeline:
    return lt.load(EXAMPLE)


@pytest.mark.parametrize("fmt", FORMATS)
def test_example_round_trips_through_text(example: lt.Timeline, fmt: str) -> None:
    text = lt.dumps(example, fmt)
    again = lt.loads(text, fmt)
    assert again == example
    assert lt.dumps(again, fmt) == text
    assert again.to_dict() == example.to_dict()


@pytest.mark.parametrize("suffix", [".yaml", ".json"])
def test_example_round_trips_through_a_file(example: lt.Timeline, tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"copy{suffix}"
    example.save(path)
    assert lt.load(path) == example


def test_example_keeps_its_relative_and_disputed_dates_when_written(example: lt.Timeline) -> None:
    written = example.to_dict()
    life_cycle = [e for a in written["acts"] for e in a.get("events", [])]
    relative = [e for e in life_cycle if isinstance(e.get("date"), dict)]
    assert relative, "the example has a relative date ({same_as: published})"
    assert all(set(e["date"]) <= {"after", "days", "same_as"} for e in relative)
    assert any("dates" in e for e in [*life_cycle, *written.get("events", [])])
    assert not any("@" in c.get("id", "") for c in written.get("changes", []))


def test_example_to_dict_has_every_section_in_dataset_order(example: lt.Timeline) -> None:
    written = example.to_dict()
    for section in ("sources", "acts", "provisions", "events"):
        assert [x["id"] for x in written[section]] == list(getattr(example, section))
    assert len(written["changes"]) == len(example.changes)


# -- regressions: bugs found by these tests and fixed ----------------------------------------


@pytest.mark.parametrize("text", ["1e5", "1E5", "2e-3", "1e+5", "1.5e3", ".5e3", "+.5", "0e0"])
def test_text_that_looks_like_an_exponent_round_trips_through_yaml(text: str) -> None:
    data = {"lawtimeline": 1, "title": text}
    assert lt.loads(lt.dumps(lt.Timeline.from_dict(data), "yaml"), "yaml").title == text


def test_list_items_that_look_like_exponents_stay_text_through_yaml() -> None:
    """No error warns about this one: the list ['1e5', '+.5'] loads back as (100000.0, 0.5)."""
    data = {"lawtimeline": 1, "acts": [{"id": "a"}],
            "provisions": [{"id": "p", "act": "a", "kind": "list", "value": ["1e5", "+.5"]}]}
    again = lt.loads(lt.dumps(lt.Timeline.from_dict(data), "yaml"), "yaml")
    assert again.provisions["p"].value == ("1e5", "+.5")


@pytest.mark.parametrize("text", ["a\x85b", "\x85", "a\x85b\nc"])
def test_text_with_next_line_character_round_trips_through_yaml(text: str) -> None:
    data = {"lawtimeline": 1, "title": text}
    assert lt.loads(lt.dumps(lt.Timeline.from_dict(data), "yaml"), "yaml").title == text


def test_relative_date_on_an_undated_event_is_not_silently_dropped() -> None:
    data = {"lawtimeline": 1, "acts": [{"id": "a", "events": [
        {"kind": "published", "date": None}, {"kind": "in_force", "date": {"after": "published", "days": 10}}]}]}
    try:
        tl = lt.Timeline.from_dict(data)
    except lt.DatasetError:
        return  # reporting it is a fix too
    assert [e.kind for e in tl.acts["a"].events] == ["published", "in_force"]


@pytest.mark.parametrize(("date", "days"), [("9999-12-31", 1), ("2025-01-01", 10**7), ("2025-01-01", 10**30)])
def test_relative_date_past_the_last_day_is_a_dataset_error(date: str, days: int) -> None:
    data = {"lawtimeline": 1, "acts": [{"id": "a", "events": [
        {"kind": "published", "date": date}, {"kind": "in_force", "date": {"after": "published", "days": days}}]}]}
    with pytest.raises(lt.DatasetError):
        lt.Timeline.from_dict(data)


# -- DESIGN §4a: every new key round-trips ----------------------------------------------------------------------------
# The strategy below is local to this file (tests/strategies.py holds the oracle's generators). It draws datasets in
# the canonical form ``to_dict`` writes: keys in its order, optional keys left out rather than null.

_CODES = ("E", "W", "S", "NI")


def _plain() -> st.SearchStrategy[Any]:
    scalars = st.one_of(st.none(), st.booleans(), st.integers(-(10**12), 10**12),
                        st.floats(allow_nan=False, allow_infinity=False), texts(6))
    return st.recursive(scalars, lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(texts(6), inner, max_size=3)), max_leaves=6)


def _meta() -> st.SearchStrategy[dict[str, Any]]:
    return st.dictionaries(texts(6), _plain(), max_size=3)


def _dates() -> st.SearchStrategy[str]:
    day = st.dates(dt.date(1, 1, 1), dt.date(9999, 12, 31)).map(dt.date.isoformat)
    opened = st.one_of(day.map(lambda d: f"[..{d}]"), day.map(lambda d: f"[{d}..]"))
    return st.one_of(edtf_texts(), opened, opened.map(lambda t: t + "?"))


def _opt(d: dict[str, Any], draw: st.DrawFn, key: str, strategy: st.SearchStrategy[Any]) -> None:
    if draw(st.booleans()):
        d[key] = draw(strategy)


@st.composite
def datasets_4a(draw: st.DrawFn) -> dict[str, Any]:
    """Datasets that use stages, extents, lapsed, amend, value-less insert, months, subject_to, as_at and meta."""
    data: dict[str, Any] = {"lawtimeline": 1}
    _opt(data, draw, "as_at", st.dates(dt.date(1, 1, 1), dt.date(9999, 12, 31)).map(dt.date.isoformat))
    source_ids = [f"s{i}" for i in range(draw(st.integers(0, 2)))]
    sources = []
    for sid in source_ids:
        s: dict[str, Any] = {"id": sid}
        _opt(s, draw, "date", _dates())
        _opt(s, draw, "meta", _meta())
        sources.append(s)
    cite = st.lists(st.sampled_from(source_ids), min_size=1, max_size=2) if source_ids else st.nothing()
    acts = []
    for i in range(draw(st.integers(1, 2))):
        a: dict[str, Any] = {"id": f"ukpga/200{i}/{i + 1}"}
        _opt(a, draw, "short_title", texts(6))
        events: list[dict[str, Any]] = [{"kind": "published", "date": draw(edtf_texts(1800, 2200))}]
        rel = draw(st.sampled_from(["none", "days", "months", "both"]))
        if rel != "none":
            shift: dict[str, Any] = {"after": "published"}
            if rel in ("months", "both"):
                shift["months"] = draw(st.integers(0, 24))
            if rel in ("days", "both"):
                shift["days"] = draw(st.integers(0 if rel == "days" else 1, 400))
            event: dict[str, Any] = {"kind": "in_force", "date": shift}
            _opt(event, draw, "meta", _meta())
            events.append(event)
        a["events"] = events
        _opt(a, draw, "meta", _meta())
        acts.append(a)
    act_ids = [a["id"] for a in acts]
    provisions = []
    for i in range(draw(st.integers(1, 3))):
        p: dict[str, Any] = {"id": f"{act_ids[0]}/section/{i}A", "act": draw(st.sampled_from(act_ids)),
                             "kind": draw(st.sampled_from(["text", "set"]))}
        _opt(p, draw, "extent", st.lists(st.sampled_from(_CODES), min_size=1, max_size=4, unique=True))
        _opt(p, draw, "meta", _meta())
        provisions.append(p)
    changes = []
    for _ in range(draw(st.integers(0, 5))):
        p = draw(st.sampled_from(provisions))
        c: dict[str, Any] = {"act": draw(st.sampled_from(act_ids)), "provision": p["id"]}
        ops = ["insert", "set", "amend", "repeal"] + (["add", "remove"] if p["kind"] == "set" else [])
        c["op"] = draw(st.sampled_from(ops))
        value = st.lists(texts(6), unique=True, max_size=3).map(sorted) if p["kind"] == "set" else texts(6)
        if c["op"] == "set" or (c["op"] == "insert" and draw(st.booleans())):
            c["value"] = draw(value)
        if c["op"] in ("add", "remove"):
            c["items"] = draw(st.lists(texts(6), min_size=1, max_size=2))
        timing = draw(st.sampled_from(["default", "effective", "stages"]))
        if timing == "effective":
            c["effective"] = draw(_dates())
        elif timing == "stages":
            stages = []
            for _ in range(draw(st.integers(1, 3))):
                stage: dict[str, Any] = {"date": draw(_dates())}
                _opt(stage, draw, "extent", st.lists(st.sampled_from(p.get("extent", _CODES)), min_size=1,
                                                     unique=True))
                _opt(stage, draw, "purposes", st.lists(texts(6), min_size=1, max_size=2))
                _opt(stage, draw, "sources", cite)
                _opt(stage, draw, "note", texts(6))
                _opt(stage, draw, "meta", _meta())
                stages.append(stage)
            c["stages"] = stages
        _opt(c, draw, "known", _dates())
        if draw(st.booleans()):
            lapse: dict[str, Any] = {}
            _opt(lapse, draw, "date", _dates())
            lapse["reason"] = draw(texts(6).filter(lambda t: bool(t.strip())))
            _opt(lapse, draw, "sources", cite)
            c["lapsed"] = lapse
        _opt(c, draw, "subject_to", st.lists(texts(6), min_size=1, max_size=2))
        _opt(c, draw, "sources", cite)
        _opt(c, draw, "meta", _meta())
        changes.append(c)
    events = [{"id": "e1", "kind": "report", "date": draw(_dates()), "meta": draw(_meta())}] if draw(
        st.booleans()) else []
    for key, rows in (("sources", sources), ("acts", acts), ("provisions", provisions), ("changes", changes),
                      ("events", events)):
        if rows:
            data[key] = rows
    _opt(data, draw, "meta", _meta())
    return data


@pytest.mark.parametrize("fmt", FORMATS)
@settings(max_examples=80, deadline=None)
@given(data=datasets_4a())
def test_every_4a_key_round_trips(fmt: str, data: dict[str, Any]) -> None:
    """to_dict gives the dataset back as given; dumps → loads gives an equal Timeline in YAML and JSON, and the text
    written again is the same; the JSON Schema accepts what was written."""
    tl = lt.Timeline.from_dict(data)
    assert tl.to_dict() == data
    text = lt.dumps(tl, fmt)
    again = lt.loads(text, fmt)
    assert again == tl
    assert lt.dumps(again, fmt) == text
    assert again.to_dict() == data
    assert Draft202012Validator(lt.io.schema()).is_valid(json.loads(json.dumps(data)))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=datasets_4a(), suffix=st.sampled_from((".yaml", ".json")))
def test_every_4a_key_survives_save_and_load(tmp_path: Path, data: dict[str, Any], suffix: str) -> None:
    tl = lt.Timeline.from_dict(data)
    path = tmp_path / f"data{suffix}"
    tl.save(path)
    assert lt.load(path) == tl
