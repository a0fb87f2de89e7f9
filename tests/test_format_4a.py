"""The dataset keys of DESIGN §4a (amend and value-less insert, stages, extent, lapsed, months, subject_to, as_at,
meta), the open-ended date ranges of §3 and the id rule of §4: loading, the model, strict errors and the schema.

``tests/data/bad/4a-*`` holds one small file per misuse; ``CASES`` says where its one problem is and which words its
message holds, as ``test_loading.py`` does for the older files. Expected values below are worked by hand from
DESIGN (the derived effective dates, month arithmetic) or taken from the legislation.gov.uk effects feed of the
Adoption and Children Act 2002 (the dates of Children Act 1989 s. 26A).
"""

from __future__ import annotations

import datetime as dt
import json
import math
from pathlib import Path
from typing import Any, NamedTuple

import pendulum
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

import lawtimeline as lt
from lawtimeline.cli import cli
from lawtimeline.io._read import ReadError, read_yaml
from lawtimeline.io.build import format_path

BAD = Path(__file__).parent / "data" / "bad"
ROOT = Path(__file__).resolve().parent.parent


class Case(NamedTuple):
    line: int
    column: int
    words: tuple[str, ...]  # each must appear in the one problem, printed as ``file:line:col: path: message``
    schema: frozenset[str] | None  # where the JSON Schema reports it; empty: it cannot see it; None: not YAML data


def _at(*paths: str) -> frozenset[str]:
    return frozenset(paths)


#: Where the schema says nothing, the mistake needs more than one object to see (DESIGN §5: left to the loader).
CASES: dict[str, Case] = {
    "4a-amend_with_items.yaml": Case(18, 12, ("changes[0].items", "'amend'", "takes no 'items'", "add/remove"),
                                     _at("changes[0]")),
    "4a-amend_with_value.yaml": Case(18, 12, ("changes[0].value", "'amend'", "takes no 'value'", "use op: set"),
                                     _at("changes[0]")),
    "4a-as_at_not_a_day.yaml": Case(3, 8, ("as_at", "'2024-06' is not one whole day", "YYYY-MM-DD"), _at("as_at")),
    "4a-derived_id_collision.yaml": Case(
        20, 9, ("changes[1].id", "duplicate id 'ru-fz-404-2023/ru-cao-21.5-fine-max/1'",
                "already the id derived for changes[0]"), _at()),
    "4a-effective_and_stages.yaml": Case(13, 5, ("changes[0]", "either 'effective' or 'stages'", "not both"),
                                         _at("changes[0]")),
    "4a-extent_not_a_list.yaml": Case(10, 13, ("provisions[0].extent", "a list of territory codes", "'E+W'"),
                                      _at("provisions[0].extent")),
    "4a-id_too_long.yaml": Case(4, 9, ("acts[0].id", "not a valid id", "301 characters long", "at most 300"),
                                _at("acts[0].id")),
    "4a-id_with_whitespace.yaml": Case(7, 9, ("provisions[0].id", "not a valid id", "whitespace", r"'\xa0'"),
                                       _at("provisions[0].id")),
    "4a-implicit_id_collision.yaml": Case(
        15, 9, ("events[0].id", "duplicate id 'ru-cao-21.5-fine-max@enacted'",
                "the implicit change that enacts 'ru-cao-21.5-fine-max'", "provisions[0].value"), _at()),
    "4a-lapsed_without_reason.yaml": Case(17, 7, ("changes[0].lapsed", "needs a 'reason'"),
                                          _at("changes[0].lapsed")),
    "4a-meta_not_plain.yaml": Case(8, 16, ("acts[0].meta.Extents", "YAML tag", "not allowed"), None),
    "4a-open_range_approximate.yaml": Case(5, 11, ("sources[0].date", "'[..2005-12-29]~'", "open-ended range",
                                                   "not approximate"), _at("sources[0].date")),
    "4a-relative_date_negative_months.yaml": Case(8, 59, ("acts[0].events[1].date.months", "whole number of months",
                                                          "-1 (a number)"), _at("acts[0].events[1].date")),
    "4a-stage_bad_date.yaml": Case(18, 16, ("changes[0].stages[1].date", "'2004-04-31'", "day must be 01..30"),
                                   _at()),  # the pattern allows day 31; calendars are the loader's
    "4a-stage_extent_outside_provision.yaml": Case(
        19, 40, ("changes[0].stages[1].extent[1]", "'S' is outside the extent of 'ukpga/1989/41/section/22' (E, W)"),
        _at()),
    "4a-stages_empty.yaml": Case(16, 13, ("changes[0].stages", "non-empty list of stages", "an empty list"),
                                 _at("changes[0].stages")),
    "4a-subject_to_not_text.yaml": Case(17, 18, ("changes[0].subject_to[0]", "expected text", "139 (a number)"),
                                        _at("changes[0].subject_to[0]")),
}  # fmt: skip


def test_every_4a_bad_file_has_a_case() -> None:
    """The table and the folder agree, and there are at least 12 misuses of the new keys."""
    assert {p.name for p in BAD.glob("4a-*")} == set(CASES)
    assert len(CASES) >= 12


@pytest.mark.parametrize("name", sorted(CASES))
def test_4a_bad_file_is_refused_at_its_place(name: str) -> None:
    """lt.load refuses the file with one problem, at its line and column, with the words; so does the CLI."""
    case = CASES[name]
    path = BAD / name
    assert path.stat().st_size < 2_000
    with pytest.raises(lt.DatasetError) as info:
        lt.load(path)
    problems = info.value.problems
    assert len(problems) == 1, "\n".join(map(str, problems))
    (first,) = problems
    assert (first.line, first.column, first.severity) == (case.line, case.column, "error"), str(first)
    for word in case.words:
        assert word in str(first)
    result = CliRunner().invoke(cli, ["validate", str(path)])
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == str(first)
    assert "Traceback" not in result.output


@pytest.mark.parametrize("name", sorted(CASES))
def test_4a_bad_file_schema_agrees(name: str) -> None:
    """The JSON Schema rejects each misuse it can see at the same object, and accepts those only the loader sees."""
    case = CASES[name]
    text = (BAD / name).read_text(encoding="utf-8")
    validator = Draft202012Validator(lt.io.schema())
    if case.schema is None:
        with pytest.raises(ReadError):
            read_yaml(text)
        return
    found = {format_path(tuple(e.absolute_path)) for e in validator.iter_errors(read_yaml(text).value)}
    assert found == set(case.schema)


# -- helpers ------------------------------------------------------------------------------------------------------

HEAD = """lawtimeline: 1
acts:
  - id: ukpga/1989/41
    title: Children Act 1989
    events: [{kind: in_force, date: 1991-10-14}]
  - id: ukpga/2002/38
    title: Adoption and Children Act 2002
    short_title: Adoption and Children Act 2002
    events: [{kind: published, date: 2002-11-07}, {kind: in_force, date: 2005-12-30}]
provisions:
  - {id: s26A, act: ukpga/1989/41, kind: text, extent: [E, W]}
  - {id: s22, act: ukpga/1989/41, kind: text, value: old words}
  - {id: grounds, act: ukpga/1989/41, kind: set, value: [a]}
"""


def _load(changes: str, head: str = HEAD) -> lt.Timeline:
    return lt.loads(head + "changes:\n" + changes)


def _problems(text: str) -> list[tuple[str, str]]:
    try:
        lt.loads(text)
    except lt.DatasetError as e:
        return [(p.path, p.message) for p in e.problems]
    return []


# -- amend and value-less insert: lt.Unrecorded --------------------------------------------------------------------


def test_amend_and_value_less_insert_hold_unrecorded_values_naming_the_change_and_the_act() -> None:
    """The builder stores Unrecorded(change id, act name) as the value; to_dict writes no value back."""
    tl = _load("""
  - {act: ukpga/2002/38, provision: s22, op: amend}
  - {id: k2, act: ukpga/2002/38, provision: s22, op: amend, effective: 2006-01-01}
  - {act: ukpga/2002/38, provision: s26A, op: insert, effective: 2004-04-01}
""")
    first, second, insert = tl.changes.values()
    assert first.op is lt.Op.AMEND
    assert first.value == lt.Unrecorded("ukpga/2002/38/s22/1", "Adoption and Children Act 2002")
    assert second.value == lt.Unrecorded("k2", "Adoption and Children Act 2002")
    assert first.value != second.value and len({first.value, second.value, insert.value}) == 3
    assert insert.value == lt.Unrecorded("ukpga/2002/38/s26A/1", "Adoption and Children Act 2002")
    words = "content changed by Adoption and Children Act 2002; new content not recorded"
    assert str(first.value) == lt.format_value(first.value) == tl.provisions["s22"].format(first.value) == words
    rows = tl.to_dict()["changes"]
    assert all("value" not in row for row in rows)
    assert rows[0] == {"act": "ukpga/2002/38", "provision": "s22", "op": "amend"}


def test_unrecorded_names_the_act_by_its_short_title_else_its_title() -> None:
    """`by` is the act's short title, else its title (the interface between helpers), else its number or id."""
    head = HEAD.replace("    short_title: Adoption and Children Act 2002\n", "")
    tl = _load("  - {act: ukpga/2002/38, provision: s22, op: amend}\n", head)
    assert tl.changes["ukpga/2002/38/s22/1"].value.by == "Adoption and Children Act 2002"
    tl = lt.loads("lawtimeline: 1\nacts: [{id: a, number: 1-FZ}]\nprovisions: [{id: p, act: a, kind: number}]\n"
                  "changes: [{act: a, provision: p, op: amend}]\n")
    assert tl.changes["a/p/1"].value.by == "1-FZ"


def test_an_amend_applies_its_unrecorded_value() -> None:
    """An amend in force puts the provision in force with the change's Unrecorded value (DESIGN §4a)."""
    tl = _load("  - {act: ukpga/2002/38, provision: s22, op: amend}\n")
    a = tl.value_of("s22", on="2006-01-01")
    assert (a.status, a.in_force, a.value) == ("definite", True, tl.changes["ukpga/2002/38/s22/1"].value)
    assert tl.value_of("s22", on="2005-12-29").value == "old words"


def test_amend_is_allowed_on_every_kind() -> None:
    """amend works on text, number, bool, range, set and list provisions alike."""
    kinds = ["text", "number", "bool", "range", "set", "list"]
    text = "lawtimeline: 1\nacts: [{id: a}]\nprovisions:\n" + "".join(
        f"  - {{id: {k}, act: a, kind: {k}}}\n" for k in kinds) + "changes:\n" + "".join(
        f"  - {{act: a, provision: {k}, op: amend, effective: 2020-01-01}}\n" for k in kinds)
    tl = lt.loads(text)
    assert [type(c.value) for c in tl.changes.values()] == [lt.Unrecorded] * 6


def test_set_and_insert_messages_point_to_amend_and_to_leaving_value_out() -> None:
    """`set` without value says to use amend; `insert` with a null value says to leave value out."""
    base = "lawtimeline: 1\nacts: [{id: a}]\nprovisions: [{id: p, act: a, kind: text}]\nchanges: "
    ((path, message),) = _problems(base + "[{act: a, provision: p, op: set}]\n")
    assert path == "changes[0]" and "use op: amend" in message
    ((path, message),) = _problems(base + "[{act: a, provision: p, op: insert, value: null}]\n")
    assert path == "changes[0].value" and "leave 'value' out" in message
    ((path, message),) = _problems(base + "[{act: a, provision: p, op: insert, items: [x]}]\n")
    assert path == "changes[0].items"


# -- stages and extent: the derived effective date ----------------------------------------------------------------


def test_s26a_full_stage_gives_the_effective_date() -> None:
    """Children Act 1989 s. 26A: in force for the purposes of making regulations from 30 January 2004, wholly from
    1 April 2004 (legislation.gov.uk effects feed of the Adoption and Children Act 2002): effective 1 April 2004."""
    tl = _load("""
  - act: ukpga/2002/38
    provision: s26A
    op: insert
    stages:
      - {date: 2004-01-30, purposes: [for the purposes of making regulations], sources: []}
      - {date: 2004-04-01}
""")
    (c,) = tl.changes.values()
    assert c.effective == lt.PartialDate.parse("2004-04-01")
    assert not c.effective_given
    assert [s.full for s in c.stages] == [False, True]
    assert c.stages[0].purposes == ("for the purposes of making regulations",)
    assert c.known == lt.PartialDate.parse("2002-11-07")  # the act's publication, as for any change of it


@pytest.mark.parametrize(("stages", "expected"), [
    # same-day stages for E and W on a provision whose extent is E+W: covered that day
    ("[{date: 2005-12-30, extent: [E]}, {date: 2005-12-30, extent: [W]}]", "2005-12-30"),
    # E first, W later: covered when W comes
    ("[{date: 2005-12-30, extent: [E]}, {date: 2006-04-01, extent: [W]}]", "2006-04-01"),
    # listed out of date order: the stages are taken in date order
    ("[{date: 2006-04-01, extent: [W]}, {date: 2005-12-30, extent: [E]}]", "2006-04-01"),
    # one stage for E and W together
    ("[{date: 2005-12-30, extent: [W, E]}]", "2005-12-30"),
    # E only: never covered, partly in force
    ("[{date: 2005-12-30, extent: [E]}]", None),
    # a purpose-limited stage in E and W does not cover: it is not for every purpose
    ("[{date: 2005-12-30, extent: [E, W], purposes: [for making regulations]}]", None),
    # a full stage before the cover wins
    ("[{date: 2005-12-30, extent: [E]}, {date: 2005-06-01}, {date: 2006-04-01, extent: [W]}]", "2005-06-01"),
    # W known only to the month, after E: covered some day of that month
    ("[{date: 2005-12-30, extent: [E]}, {date: 2006-04, extent: [W]}]", "2006-04"),
    # E known to the year 2006, W on 1 March 2006: covered on the later of the two, between 1 March and 31
    # December 2006 (the year sorts first, but it may end later)
    ("[{date: 2006, extent: [E]}, {date: 2006-03-01, extent: [W]}]", "[2006-03-01..2006-12-31]"),
])  # fmt: skip
def test_territorial_stages_cover_the_provision_extent(stages: str, expected: str | None) -> None:
    """The derived effective date: the first full stage, or when the territorial stages cover the whole extent."""
    tl = _load(f"  - {{act: ukpga/2002/38, provision: s26A, op: amend, stages: {stages}}}\n")
    (c,) = tl.changes.values()
    assert c.effective == (lt.PartialDate.parse(expected) if expected else None)


def test_a_provision_without_extent_is_never_covered() -> None:
    """Territorial stages on a provision with no extent stay partial: no derived effective date (DESIGN §4a)."""
    tl = _load("  - {act: ukpga/2002/38, provision: s22, op: amend,\n"
               "     stages: [{date: 2005-12-30, extent: [E, W, S, NI]}]}\n")
    (c,) = tl.changes.values()
    assert c.effective is None and c.stages[0].extent == ("E", "W", "S", "NI")
    assert c.known == lt.PartialDate.parse("2002-11-07")


def test_a_staged_change_of_an_unpublished_act_is_known_from_its_first_stage() -> None:
    """With no published/signed date and no derived effective date, known falls back to the earliest stage."""
    tl = lt.loads("lawtimeline: 1\nacts: [{id: a}]\nprovisions: [{id: p, act: a, kind: text}]\n"
                  "changes: [{act: a, provision: p, op: amend, stages: [{date: 2005-06, extent: [E]},"
                  " {date: 2005-01-02, purposes: [x]}]}]\n")
    assert tl.changes["a/p/1"].known == lt.PartialDate.parse("2005-01-02")


def test_stage_keys_are_checked_each_at_its_place() -> None:
    """Unknown keys, relative dates, bad extents and unknown sources inside stages are located errors."""
    text = HEAD + """changes:
  - act: ukpga/2002/38
    provision: s26A
    op: insert
    stages:
      - {date: 2004-01-30, purpose: [typo]}
      - {date: {after: published, days: 1}}
      - {date: 2004-04-01, extent: [E, E], sources: [nowhere]}
      - {extent: [W]}
"""
    assert [p for p, _m in _problems(text)] == [
        "changes[0].stages[0].purpose", "changes[0].stages[1].date", "changes[0].stages[2].extent[1]",
        "changes[0].stages[2].sources[0]", "changes[0].stages[3]",
    ]


def test_extent_codes_are_text_without_spaces() -> None:
    """An extent is a list of codes: text without whitespace, each once."""
    problems = _problems("lawtimeline: 1\nacts: [{id: a}]\nprovisions:\n"
                         "  - {id: p, act: a, kind: text, extent: [E, 'N I', 3, E]}\n")
    assert [p for p, _m in problems] == ["provisions[0].extent[1]", "provisions[0].extent[2]",
                                         "provisions[0].extent[3]"]
    assert "already in this extent" in problems[2][1]


# -- lapsed, subject_to, as_at, months ------------------------------------------------------------------------------


def test_lapsed_keeps_date_reason_and_sources() -> None:
    """lapsed: {date, reason, sources}; the date is optional; a blank reason is an error."""
    head = "lawtimeline: 1\nsources: [{id: feed}]\n" + HEAD.removeprefix("lawtimeline: 1\n")
    tl = _load("""
  - act: ukpga/2002/38
    provision: s22
    op: amend
    lapsed: {date: 2005-12-30, reason: the amending provision was repealed before it came into force,
             sources: [feed]}
  - {act: ukpga/2002/38, provision: s22, op: amend, lapsed: {reason: the words amended were already repealed}}
""", head)
    one, two = tl.changes.values()
    assert one.lapsed == lt.Lapse(lt.PartialDate.parse("2005-12-30"),
                                  "the amending provision was repealed before it came into force", ("feed",))
    assert two.lapsed == lt.Lapse(None, "the words amended were already repealed")
    assert lt.loads(lt.dumps(tl)) == tl


def test_lapsed_with_a_blank_reason_or_unknown_source_is_an_error() -> None:
    head = "lawtimeline: 1\nsources: [{id: feed}]\n" + HEAD.removeprefix("lawtimeline: 1\n")
    problems = _problems(head + "changes:\n  - {act: ukpga/2002/38, provision: s22, op: amend,"
                                " lapsed: {reason: '  '}}\n"
                                "  - {act: ukpga/2002/38, provision: s22, op: amend,"
                                " lapsed: {reason: gone, sources: [fed]}}\n")
    assert [p for p, _m in problems] == ["changes[0].lapsed.reason", "changes[1].lapsed.sources[0]"]
    assert "did you mean 'feed'" in problems[1][1]


def test_subject_to_and_as_at_are_kept() -> None:
    """subject_to is a tuple of words; as_at is a pendulum day on the Timeline."""
    tl = lt.loads(HEAD.replace("lawtimeline: 1\n", "lawtimeline: 1\nas_at: 2024-06-30\n") + """changes:
  - {act: ukpga/2002/38, provision: s22, op: amend, subject_to: [s. 139 and Sch. 4 (transitional provisions)]}
""")
    assert tl.as_at == pendulum.Date(2024, 6, 30)
    assert tl.changes["ukpga/2002/38/s22/1"].subject_to == ("s. 139 and Sch. 4 (transitional provisions)",)
    assert tl.to_dict()["as_at"] == "2024-06-30"


@pytest.mark.parametrize(("published", "relative", "expected"), [
    # calendar months as pendulum adds them: the same day number, clamped to the month's end, then days
    ("2024-01-31", "{after: published, months: 1}", "2024-02-29"),
    ("2023-01-31", "{after: published, months: 1}", "2023-02-28"),
    ("2024-01-31", "{after: published, months: 1, days: 1}", "2024-03-01"),
    ("2024-08-08", "{after: published, months: 12}", "2025-08-08"),
    ("2024-11-15", "{after: published, months: 2, days: 0}", "2025-01-15"),
    ("2024-08-08", "{after: published, months: 0, days: 10}", "2024-08-18"),
    # a month-precision publication: both bounds move (1..31 January → 1..29 February), a day range
    ("2024-01", "{after: published, months: 1}", "[2024-02-01..2024-02-29]"),
    ("2024-01", "{after: published, months: 1, days: 1}", "[2024-02-02..2024-03-01]"),
    # a qualifier stays; an exact-day approximate date stays a day
    ("2024-01-31~", "{after: published, months: 1}", "2024-02-29~"),
    ("[..2024-01-31]", "{after: published, months: 1}", "[..2024-02-29]"),
])  # fmt: skip
def test_months_in_relative_dates(published: str, relative: str, expected: str) -> None:
    """{after: KIND, months: N}, alone or with days (DESIGN §4a, §12.1)."""
    tl = lt.loads(f'lawtimeline: 1\nacts: [{{id: a, events: [{{kind: published, date: "{published}"}},'
                  f" {{kind: in_force, date: {relative}}}]}}]\n")
    assert tl.acts["a"].date_of("in_force") == lt.PartialDate.parse(expected)
    assert lt.loads(lt.dumps(tl)) == tl


def test_relative_date_labels_and_plain_form() -> None:
    rel = lt.RelativeDate("published", 1, months=1)
    assert (rel.label, rel.to_dict()) == ("1 month and 1 day after published", {"after": "published", "months": 1,
                                                                                 "days": 1})
    assert lt.RelativeDate("published", 0, months=2).to_dict() == {"after": "published", "months": 2}
    assert lt.RelativeDate("published", 0).to_dict() == {"after": "published", "days": 0}


def test_relative_date_needs_days_or_months() -> None:
    ((path, message),) = _problems("lawtimeline: 1\nacts: [{id: a, events: [{kind: published, date: 2024},"
                                   " {kind: in_force, date: {after: published}}]}]\n")
    assert path == "acts[0].events[1].date" and "'days' (or 'months')" in message


def test_check_warns_about_facts_known_after_as_at() -> None:
    """check() lists sources, knowable life-cycle events, changes' known dates, lapses and context events dated
    after as_at; an entry into force after it is not a warning (it may be known in advance)."""
    tl = lt.loads("""lawtimeline: 1
as_at: 2024-06-30
sources: [{id: old, date: 2024-06-30}, {id: new, date: 2024-07}]
acts:
  - id: a
    sources: [old, new]
    events: [{kind: published, date: 2024-06-01}, {kind: in_force, date: 2025-01-01}, {kind: signed, date: 2024-07-01}]
provisions: [{id: p, act: a, kind: text, sources: [old]}]
changes:
  - {act: a, provision: p, op: amend, known: 2024-07-02, sources: [old]}
  - {act: a, provision: p, op: amend, lapsed: {date: 2024-08-01, reason: repealed first}, sources: [old]}
events: [{id: e, kind: report, date: 2024-06-30, sources: [old]}, {id: f, kind: report, date: 2025, sources: [old]}]
""")
    late = [(p.path, p.message) for p in tl.check() if "after as_at" in p.message]
    assert [p for p, _m in late] == ["sources[1]", "acts[0].events[2]", "changes[0].known",
                                     "changes[1].lapsed.date", "events[1]"]
    assert late[0][1].startswith("source 'new' is dated July 2024, after as_at (30 June 2024)")


# -- meta ----------------------------------------------------------------------------------------------------------

META_DATASET = """lawtimeline: 1
meta: {feed: changes-affecting-ukpga-2002-38, page: 1}
sources: [{id: feed, meta: {updated: "2024-06-30T12:00:00Z"}}]
acts:
  - id: ukpga/2002/38
    meta: {z: 1, a: [true, null, 1.5, {nested: [x]}]}
    events: [{kind: in_force, date: 2005-12-30, meta: {note: "x"}}]
provisions: [{id: p, act: ukpga/2002/38, kind: text, meta: {Extent: E+W}}]
changes:
  - act: ukpga/2002/38
    provision: p
    op: insert
    meta: {EffectId: key-2a8b, Applied: false, Modified: "2024-05-01"}
    stages: [{date: 2005-12-30, meta: {CommencingInstrument: uksi/2005/2213}}]
events: [{id: e, kind: report, date: 2024, meta: {}}]
"""


def test_meta_is_kept_everywhere_and_written_back_exactly() -> None:
    """meta on the dataset, sources, acts, events, provisions, changes and stages comes back as given, key order
    included, and is part of equality."""
    tl = lt.loads(META_DATASET)
    assert tl.meta == lt.Meta({"feed": "changes-affecting-ukpga-2002-38", "page": 1})
    assert tl.acts["ukpga/2002/38"].meta["a"] == (True, None, 1.5, lt.Meta({"nested": ["x"]}))
    assert tl.changes["ukpga/2002/38/p/1"].stages[0].meta == lt.Meta({"CommencingInstrument": "uksi/2005/2213"})
    assert tl.events["e"].meta == lt.Meta({})
    written = tl.to_dict()
    assert written["acts"][0]["meta"] == {"z": 1, "a": [True, None, 1.5, {"nested": ["x"]}]}
    assert list(written["acts"][0]["meta"]) == ["z", "a"]
    assert written["changes"][0]["meta"] == {"EffectId": "key-2a8b", "Applied": False, "Modified": "2024-05-01"}
    assert written["events"][0]["meta"] == {}
    assert lt.loads(lt.dumps(tl)) == tl and lt.loads(lt.dumps(tl, "json"), "json") == tl
    assert lt.loads(META_DATASET.replace("page: 1", "page: 2")) != tl


def test_meta_is_hashable_and_tells_types_apart() -> None:
    """Meta hashes; 1, 1.0 and true are different values in it (Python's == would call them equal)."""
    assert len({lt.Meta({"x": 1}), lt.Meta({"x": 1.0}), lt.Meta({"x": True}), lt.Meta({"x": 1})}) == 3
    assert lt.Meta({"a": 1, "b": 2}) == lt.Meta({"b": 2, "a": 1})
    assert hash(lt.Meta({"a": [1, {"b": None}]})) == hash(lt.Meta({"a": (1, lt.Meta({"b": None}))}))


@pytest.mark.parametrize(("value", "words"), [
    (dt.date(2024, 6, 30), "a date object (2024-06-30); write it as text"),
    ({"a", "b"}, "a set"),
    (math.nan, "not a finite number"),
    ((1, 2), "a tuple"),
    ({1: "x"}, "the key 1 (not text)"),
])
def test_meta_with_a_non_plain_value_is_a_located_error(value: Any, words: str) -> None:
    """A value that is not plain data (from Python: a date, a set, NaN, a tuple, a non-text key) is refused with its
    path inside the dataset, never kept and never written back differently."""
    data = {"lawtimeline": 1, "acts": [{"id": "a", "meta": {"ok": [1], "bad": value}}]}
    with pytest.raises(lt.DatasetError) as info:
        lt.Timeline.from_dict(data)
    (problem,) = info.value.problems
    assert problem.path.startswith("acts[0].meta.bad")
    assert words in problem.message


def test_meta_not_a_mapping_is_an_error() -> None:
    ((path, message),) = _problems("lawtimeline: 1\nmeta: [a, b]\n")
    assert path == "meta" and "expected a mapping of plain values" in message


# -- ids ----------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("ident", [
    "ukpga/1989/41/section/26A",
    "ukpga/2002/38/section/139/1",
    "eli/bund/bgbl-1/1964/s593/art-z20_abs-z1",
    "art-z20_abs-z1_inhalt-n1",
    "za-wc013/act/by-law/1998/shop-trolleys-piketberg",
    "key-2a8b#fragment?x=1&y=(2),'3'",
    "9" + "x" * 299,
])  # fmt: skip
def test_official_identifiers_are_ids_as_they_are(ident: str) -> None:
    """DESIGN §4: an id starts with a letter or digit, holds no whitespace or control character, ≤ 300 characters."""
    data = {"lawtimeline": 1, "acts": [{"id": ident}],
            "provisions": [{"id": ident[:290] + "/p", "act": ident, "kind": "text"}]}
    tl = lt.Timeline.from_dict(data)
    assert ident in tl.acts
    assert lt.loads(lt.dumps(tl)) == tl
    assert Draft202012Validator(lt.io.schema()).is_valid(data)


@pytest.mark.parametrize(("ident", "words"), [
    ("/za-wc013/act/by-law/1998", "it starts with '/'"),
    ("Статья-22", "it starts with 'С'"),
    ("a\tb", "whitespace"),
    ("a\u2003b", "whitespace"),
    ("a\x07b", "a control character"),
    ("a\u200bb", "a control character"),
    ("", "it is empty"),
    ("x" * 301, "301 characters long"),
])
def test_ids_that_break_the_rule_are_refused_by_loader_and_schema(ident: str, words: str) -> None:
    data = {"lawtimeline": 1, "sources": [{"id": ident}]}
    with pytest.raises(lt.DatasetError) as info:
        lt.Timeline.from_dict(data)
    (problem,) = info.value.problems
    assert problem.path == "sources[0].id" and words in problem.message
    assert not Draft202012Validator(lt.io.schema()).is_valid(data)


@pytest.mark.parametrize(("text", "path", "words"), [
    # a source whose id is a change's derived id: the change is refused, not the source silently replaced
    ("sources: [{id: a/p/1}]\nacts: [{id: a}]\nprovisions: [{id: p, act: a, kind: text}]\n"
     "changes: [{act: a, provision: p, op: amend}]\n",
     "changes[0]", "the id 'a/p/1' derived for this change is already used at sources[0]"),
    # a change given the derived id of a life-cycle event
    ("acts: [{id: a, events: [{kind: signed, date: 2020}]}]\nprovisions: [{id: p, act: a, kind: text}]\n"
     "changes: [{id: a/signed, act: a, provision: p, op: amend}]\n",
     "changes[0].id", "already the id derived for acts[0].events[0]"),
    # two derived change ids that meet: act 'a/b' on provision 'c' and act 'a' on provision 'b/c'
    ("acts: [{id: a}, {id: a/b}]\nprovisions: [{id: c, act: a, kind: text}, {id: b/c, act: a, kind: text}]\n"
     "changes: [{act: a/b, provision: c, op: amend}, {act: a, provision: b/c, op: amend}]\n",
     "changes[1]", "the id 'a/b/c/1' derived for this change is already used at changes[0]"),
    # the implicit repeal of a provision by its act's repealed event
    ("acts: [{id: a, events: [{kind: repealed, date: 2020}]}]\nprovisions: [{id: p, act: a, kind: text}]\n"
     "events: [{id: p@repealed, kind: report, date: 2020}]\n",
     "events[0].id", "the implicit change that ends 'p' by its act's repealed event"),
    # a derived life-cycle id met by a given provision id
    ("acts: [{id: a, events: [{kind: signed, date: 2020}]}]\nprovisions: [{id: a/signed, act: a, kind: text}]\n",
     "provisions[0].id", "already the id derived for acts[0].events[0]"),
])  # fmt: skip
def test_a_derived_id_that_meets_another_id_is_an_error(text: str, path: str, words: str) -> None:
    """Derived ids cannot be told apart from given ones by their shape, so a clash is a located error."""
    problems = _problems("lawtimeline: 1\n" + text)
    assert len(problems) == 1, problems
    assert problems[0][0] == path and words in problems[0][1]


def test_a_repeated_ending_kind_is_not_a_clash_with_itself() -> None:
    """An act with two repealed events (a re-enactment in between) still loads, as it did before."""
    tl = lt.loads("lawtimeline: 1\nacts: [{id: a, events: [{kind: in_force, date: 2019}, {kind: repealed, date: 2020},"
                  " {kind: repealed, date: 2021}]}]\nprovisions: [{id: p, act: a, kind: text, value: x}]\n")
    assert tl.value_of("p", on="2022-01-01").in_force is False


# -- open-ended ranges in the schema --------------------------------------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(st.dates(dt.date(1, 1, 1), dt.date(9999, 12, 31)), st.sampled_from(["", "?", "~", "%"]), st.booleans())
def test_open_range_pattern_agrees_with_parse(day: dt.date, qualifier: str, before: bool) -> None:
    """The schema's open-range patterns accept exactly what PartialDate.parse accepts."""
    text = (f"[..{day.isoformat()}]" if before else f"[{day.isoformat()}..]") + qualifier
    accepted = Draft202012Validator(lt.io.schema()["$defs"]["date"]).is_valid(text)
    try:
        lt.PartialDate.parse(text)
        parsed = True
    except lt.DateError:
        parsed = False
    assert accepted == parsed == (qualifier in ("", "?"))


def test_the_schema_lists_every_new_key_with_help() -> None:
    """Every §4a key is in the schema with a title and a description (editors show them)."""
    schema = lt.io.schema()
    defs = schema["$defs"]
    for where, keys in [(schema, ("as_at", "meta")), (defs["change"], ("stages", "lapsed", "subject_to", "meta")),
                        (defs["provision"], ("extent", "meta")), (defs["stage"], ("date", "extent", "purposes")),
                        (defs["lapse"], ("date", "reason", "sources"))]:
        for key in keys:
            prop = where["properties"][key]
            assert prop.get("title") and prop.get("description"), key
    assert json.dumps(schema, ensure_ascii=False)  # plain JSON


# -- where the new keys show: graph, frames, TimelineJS, pages ------------------------------------------------------

EXCERPT = ROOT / "examples" / "uk-staged-excerpt.yaml"


@pytest.fixture(scope="module")
def excerpt() -> lt.Timeline:
    return lt.load(EXCERPT)


def test_the_excerpt_loads_cleanly_and_round_trips(excerpt: lt.Timeline) -> None:
    """examples/uk-staged-excerpt.yaml: no warning, valid under the schema, save → load equal."""
    assert excerpt.check() == ()
    assert lt.loads(lt.dumps(excerpt)) == excerpt
    data = read_yaml(EXCERPT.read_text(encoding="utf-8")).value
    assert list(Draft202012Validator(lt.io.schema()).iter_errors(data)) == []


def test_the_excerpt_says_what_the_feed_says(excerpt: lt.Timeline) -> None:
    """Facts of the effects feed (changes-affecting-ukpga-2002-38): s. 26A in force for the purposes of making
    regulations from 30 January 2004 (S.I. 2003/3079 art. 2(3)) and wholly from 1 April 2004 (art. 2(4)(b));
    s. 113(3A) (extent E+W+S+NI) for E.W. from 1 June 2003 (S.I. 2003/366 art. 2(5)(b)); s. 40(2)(a) lapsed on
    6 April 2011."""
    s26a = excerpt.changes["key-d2356a829350dc20ed191a8b1ad19225"]
    assert [(s.date.edtf, s.purposes, s.sources) for s in s26a.stages] == [
        ("2004-01-30", ("for the purposes of making regulations",), ("uksi/2003/3079/article/2/3",)),
        ("2004-04-01", (), ("uksi/2003/3079/article/2/4/b",))]
    assert s26a.effective == lt.PartialDate.parse("2004-04-01")
    assert excerpt.value_of("ukpga/1989/41/section/26A", on="2004-01-29").in_force is False
    on_1_april = excerpt.value_of("ukpga/1989/41/section/26A", on="2004-04-01")
    assert (on_1_april.status, on_1_april.in_force, on_1_april.value) == ("definite", True, s26a.value)
    police = excerpt.changes["key-7486a47a5e759d4d0842fd00332f5135"]
    assert excerpt.provisions[police.provision].extent == ("E", "W", "S", "NI")
    assert [(s.date.edtf, s.extent) for s in police.stages] == [("2003-06-01", ("E", "W"))]
    assert police.effective is None  # Scotland and Northern Ireland are never reached
    lapse = excerpt.changes["key-f8a14d148bc95532f76e9a2aee1ff93c"].lapsed
    assert lapse is not None and lapse.date == lt.PartialDate.parse("2011-04-06")
    assert lapse.reason.startswith("Sch. 3 para. 44 repealed (6.4.2011) without ever having been brought into force")
    assert excerpt.as_at == pendulum.Date(2022, 4, 1)


def test_graph_change_edges_carry_stages_lapse_savings_and_unrecorded(excerpt: lt.Timeline) -> None:
    edges = {k: d for _a, _b, k, d in excerpt.graph.edges(keys=True, data=True) if d["rel"] == "changes"}
    s26a = edges["key-d2356a829350dc20ed191a8b1ad19225"]
    assert s26a["stages"] == ("2004-01-30", "2004-04-01")
    assert s26a["stage_limits"] == ("for the purposes of making regulations", "")
    assert s26a["subject_to"] == ("Sch. 4 paras. 6-8",) and s26a["unrecorded"] is True
    assert edges["key-7486a47a5e759d4d0842fd00332f5135"]["stage_limits"] == ("E, W",)
    lapsed = edges["key-f8a14d148bc95532f76e9a2aee1ff93c"]
    assert lapsed["lapsed_date"] == "2011-04-06" and lapsed["lapsed"].startswith("Sch. 3 para. 44 repealed")
    assert excerpt.graph.nodes["ukpga/1997/50/section/113/3A"]["extent"] == ("E", "W", "S", "NI")
    from lawtimeline.interop.graphml import export_graph

    exported = export_graph(excerpt.graph)
    data = exported.edges["ukpga/2002/38", "ukpga/1989/41/section/26A", "key-d2356a829350dc20ed191a8b1ad19225"]
    assert json.loads(data["stages"]) == ["2004-01-30", "2004-04-01"]  # tuples as JSON text (DESIGN §12.12)


def test_flat_changes_keep_their_small_edges() -> None:
    """A change without the new keys keeps exactly the edge attributes it had (rel, op, effective)."""
    tl = lt.load(ROOT / "examples" / "russia_migrants.yaml")
    for _a, _b, _k, d in tl.graph.edges(keys=True, data=True):
        if d["rel"] == "changes":
            assert set(d) == {"rel", "op", "effective"}


def test_frames_carry_stages_lapses_savings_extent_and_unrecorded_words(excerpt: lt.Timeline) -> None:
    pytest.importorskip("pandas")
    changes = excerpt.to_frame("changes").set_index("id")
    row = changes.loc["key-d2356a829350dc20ed191a8b1ad19225"]
    assert row["value"] == "content changed by Adoption and Children Act 2002; new content not recorded"
    assert json.loads(row["stages"]) == [
        {"date": "2004-01-30", "purposes": ["for the purposes of making regulations"],
         "sources": ["uksi/2003/3079/article/2/3"]},
        {"date": "2004-04-01", "sources": ["uksi/2003/3079/article/2/4/b"]}]
    assert row["subject_to"] == "Sch. 4 paras. 6-8"
    lapsed = changes.loc["key-f8a14d148bc95532f76e9a2aee1ff93c"]
    assert lapsed["lapsed_date"] == "2011-04-06" and lapsed["lapsed"].startswith("Sch. 3 para. 44")
    provisions = excerpt.to_frame("provisions").set_index("id")
    assert provisions.loc["ukpga/1997/50/section/113/3A", "extent"] == "E, W, S, NI"


def test_timelinejs_puts_an_open_ended_date_on_its_known_day(excerpt: lt.Timeline) -> None:
    """"On or before 31 May 2003" is a slide on 31 May 2003, not a span from the year 1."""
    slides = [s for s in excerpt.to_timelinejs()["events"] if "inserts s. 113(3A)" in s["text"]["headline"]]
    (slide,) = slides
    assert (slide["start_date"]["year"], slide["start_date"]["month"], slide["start_date"]["day"]) == (2003, 5, 31)
    assert "end_date" not in slide and slide["display_date"] == "on or before 31 May 2003"


def test_pages_and_text_show_unrecorded_content_in_words(excerpt: lt.Timeline) -> None:
    """The page, the text and Markdown chronologies and the pending list say what an amend did, in words."""
    words = "new content not recorded"
    page = excerpt.to_html()
    assert words in page and "Unrecorded(" not in page
    text = excerpt.to_text(width=200)
    assert "Police Act 1997 inserts s. 113(3A) (new content not recorded)" in text
    # the amendment has a stage (E and W from 1 June 2003), so it is an entry, not pending (DESIGN §4a)
    assert "amends s. 113(3A) (new content not recorded), in England and Wales" in text
    assert words in excerpt.to_markdown()


def test_an_open_ended_date_does_not_stretch_the_page_to_the_year_1() -> None:
    """The page's time axis starts near the known day of "on or before 31 May 2003", not at 0001-01-01."""
    from lawtimeline.engine import engine_of
    from lawtimeline.render.layout import EPOCH, domain

    tl = lt.load(EXCERPT)
    lo, hi = domain(tl, engine_of(tl))
    assert pendulum.Date.fromordinal(lo + EPOCH).year >= 2002
    assert pendulum.Date.fromordinal(hi + EPOCH).year <= 2011  # the last entry: the lapse on 6 April 2011


def test_amend_on_a_provision_not_in_force_is_a_warning() -> None:
    tl = lt.loads("lawtimeline: 1\nsources: [{id: s}]\nacts: [{id: a, sources: [s]}]\n"
                  "provisions: [{id: p, act: a, kind: text, sources: [s]}]\n"
                  "changes: [{act: a, provision: p, op: amend, effective: 2020-01-01, sources: [s]}]\n")
    assert [(w.path, "'amend' on 'p', which is not in force" in w.message) for w in tl.check()] == [
        ("changes[0]", True)]


def test_sources_cited_only_by_stages_or_lapses_count_as_cited() -> None:
    """check() does not call a source "never cited" when only a stage or a lapse cites it."""
    tl = lt.loads("""lawtimeline: 1
sources: [{id: act-src}, {id: si}, {id: note}]
acts: [{id: a, sources: [act-src]}]
provisions: [{id: p, act: a, kind: text, sources: [act-src]}]
changes:
  - {act: a, provision: p, op: insert, stages: [{date: 2004-04-01, sources: [si]}], sources: [act-src]}
  - {act: a, provision: p, op: amend, lapsed: {reason: repealed first, sources: [note]}, sources: [act-src]}
""")
    assert [w.message for w in tl.check() if "never cited" in w.message] == []
