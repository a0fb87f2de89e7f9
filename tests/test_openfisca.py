"""OpenFisca parameter trees (``lt.io.openfisca``): every answer equals OpenFisca's own, value and type.

OpenFisca is the oracle: each tree is loaded twice, by ``lawtimeline.io.openfisca.load`` and by
``openfisca_core.parameters.ParameterNode``, and every parameter (scale brackets included, as
``<scale>[<i>].<field>``) is asked for its value on a grid of days: each change day, the day before, a day before
the first value, and a far-future day. lawtimeline's answer is ``v.value if v.in_force else None``; it must equal
``param.get_at_instant(day)`` and have the same type (int stays int, float stays float, bool stays bool; an
OpenFisca list is a lawtimeline ``list`` provision, whose Python value is a tuple — DESIGN.md §12.6).

``tests/data/openfisca/`` holds one small hand-written tree per rule of DESIGN.md §10.
"""

from __future__ import annotations

import datetime as dt
import math
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openfisca_country_template
import pytest
from click.testing import CliRunner

import lawtimeline as lt
from lawtimeline.cli import cli

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # openfisca-core warns about optional dependencies on import
    from openfisca_core import periods
    from openfisca_core.errors import ParameterParsingError
    from openfisca_core.parameters import Parameter, ParameterNode, ParameterScale

TEMPLATE = Path(openfisca_country_template.__file__).parent / "parameters"
DATA = Path(__file__).parent / "data" / "openfisca"

#: Days far from every change: before any value, and far in the future.
FAR_DAYS = ("1000-01-01", "1900-01-01", "2999-12-31")


# -- the oracle ---------------------------------------------------------------------------------------------------


def openfisca_tree(directory: Path) -> ParameterNode:
    return ParameterNode("", directory_path=str(directory))


def openfisca_parameters(node: ParameterNode) -> Iterator[Parameter]:
    """Every OpenFisca parameter under ``node``, scale brackets' fields included (``scale[i].field``)."""
    for child in node.children.values():
        if isinstance(child, Parameter):
            yield child
        elif isinstance(child, ParameterScale):
            for bracket in child.brackets:
                yield from openfisca_parameters(bracket)
        else:
            yield from openfisca_parameters(child)


def iso(instant: str) -> str:
    return str(periods.instant(instant))


def day_grid(params: list[Parameter]) -> list[str]:
    """Each change day of every parameter, the days before and after it, the middle of every year between the
    first and the last change, and the far days."""
    days = set(FAR_DAYS)
    for p in params:
        for v in p.values_list:
            day = dt.date.fromisoformat(iso(v.instant_str))
            days.update(d.isoformat() for d in (day - dt.timedelta(days=1), day, day + dt.timedelta(days=1)))
    years = [int(d[:4]) for d in days - set(FAR_DAYS)]
    if years:
        days.update(f"{y:04d}-07-15" for y in range(min(years), max(years) + 1))
    return sorted(days)


def same(ours: Any, theirs: Any) -> bool:
    """Equal value and type; an OpenFisca list is a tuple here; NaN equals NaN."""
    if isinstance(theirs, list):
        return type(ours) is tuple and len(ours) == len(theirs) and all(map(same, ours, theirs))
    if type(ours) is not type(theirs):
        return False
    if isinstance(theirs, float) and math.isnan(theirs):
        return math.isnan(ours)
    return bool(ours == theirs)


def ours(tl: lt.Timeline, name: str, day: str) -> Any:
    v = tl.value_of(name, day)
    return v.value if v.in_force else None


def compare(tl: lt.Timeline, node: ParameterNode) -> tuple[int, list[str]]:
    """``(number of agreeing answers, the disagreements)`` over every parameter and the day grid."""
    params = list(openfisca_parameters(node))
    days = day_grid(params)
    agree, disagree = 0, []
    for p in params:
        for day in days:
            mine, theirs = ours(tl, p.name, day), p.get_at_instant(day)
            if same(mine, theirs):
                agree += 1
            else:
                disagree.append(f"{p.name} on {day}: lawtimeline {mine!r}, OpenFisca {theirs!r}")
    return agree, disagree


def assert_agrees(directory: Path) -> lt.Timeline:
    """Load ``directory`` both ways: the same parameter names, and the same answer on every day of the grid."""
    tl = lt.io.openfisca.load(directory)
    node = openfisca_tree(directory)
    assert sorted(tl.provisions) == sorted(p.name for p in openfisca_parameters(node))
    agree, disagree = compare(tl, node)
    assert disagree == []
    assert agree == len(tl.provisions) * len(day_grid(list(openfisca_parameters(node))))
    return tl


def answer(tl: lt.Timeline, name: str, day: str, as_of: str | None = None) -> tuple[bool | None, Any]:
    v = tl.value_of(name, day, as_of=as_of)
    return v.in_force, v.value


# -- the country template, every parameter ------------------------------------------------------------------------


def test_every_country_template_parameter_answers_as_openfisca_on_every_day_of_the_grid() -> None:
    """All parameters of openfisca-country-template (scale brackets included) × each change day, the day before,
    before the first value, after a null and far in the future: same value, same type as OpenFisca's."""
    tl = lt.io.openfisca.load(TEMPLATE)
    node = openfisca_tree(TEMPLATE)
    params = list(openfisca_parameters(node))
    assert sorted(tl.provisions) == sorted(p.name for p in params)
    assert any("[" in p.name for p in params)  # scales are covered
    agree, disagree = compare(tl, node)
    assert disagree == []
    assert agree == len(params) * len(day_grid(params)) > 1000


def test_country_template_grid_covers_nulls_and_days_before_the_first_value() -> None:
    """The grid is not vacuous: it holds answers that are None (not yet in force, ended by a null) and values."""
    tl = lt.io.openfisca.load(TEMPLATE)
    assert answer(tl, "benefits.housing_allowance", "2016-11-30") == (True, 0.25)
    assert answer(tl, "benefits.housing_allowance", "2016-12-01") == (False, None)
    assert answer(tl, "general.age_of_majority", "1900-01-01") == (False, None)
    assert answer(tl, "taxes.social_security_contribution[1].threshold", "2016-12-31") == (True, 12300.0)


# -- names --------------------------------------------------------------------------------------------------------


def test_names_are_directories_then_file_stem_then_inline_keys() -> None:
    """``taxes/housing.yaml`` holding ``rate`` and ``local: {surcharge}`` gives ``taxes.housing.rate`` and
    ``taxes.housing.local.surcharge``; a ``.yml`` file is read like a ``.yaml`` one."""
    tl = assert_agrees(DATA / "names")
    assert set(tl.provisions) == {"benefits.family.allowance", "taxes.housing.rate", "taxes.housing.local.surcharge"}
    assert answer(tl, "taxes.housing.local.surcharge", "2012-01-01") == (True, 0.5)


def test_index_yaml_describes_its_folder_and_is_not_a_parameter() -> None:
    """``index.yaml`` (description, metadata of its folder) makes no provision and no source, as in OpenFisca."""
    tl = lt.io.openfisca.load(DATA / "names")
    assert not [p for p in tl.provisions if "index" in p]
    assert [s.url for s in tl.sources.values()] == []  # its reference https://law.example/taxes is not a source
    node = openfisca_tree(DATA / "names")
    assert node.taxes.description == "Taxes"
    assert "index" not in node.taxes.children


def test_files_that_are_not_yaml_are_ignored() -> None:
    """README.md, notes.txt (not even valid YAML) and data.json next to the parameters are not read."""
    tl = lt.io.openfisca.load(DATA / "names")
    assert not [p for p in tl.provisions if p.split(".")[-1] in ("README", "notes", "data")]


def test_a_path_that_is_not_a_directory_is_a_dataset_error() -> None:
    """Loading a file (not a directory) is refused with a DatasetError naming the path."""
    path = DATA / "life" / "unordered.yaml"
    with pytest.raises(lt.DatasetError) as e:
        lt.io.openfisca.load(path)
    assert [p.file for p in e.value.problems] == [str(path)]
    assert "not a directory" in e.value.problems[0].message


# -- the forms of a parameter --------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["long", "short", "short_value", "inline.amount"])
def test_values_form_and_short_forms_give_the_same_parameter(name: str) -> None:
    """``values: {2015-01-01: {value: 550}}``, a file of ``2015-01-01: 550``, one of ``2015-01-01: {value: 550}``
    and an inline short form all mean: not in force before 2015, 550 from 2015-01-01, 600 from 2016-01-01."""
    tl = assert_agrees(DATA / "forms")
    assert answer(tl, name, "2014-12-31") == (False, None)
    assert answer(tl, name, "2015-01-01") == (True, 550)
    assert answer(tl, name, "2015-12-31") == (True, 550)
    assert answer(tl, name, "2016-01-01") == (True, 600)
    assert [(c.op, c.value, c.effective.edtf) for c in tl.amendments_to(name)] == [
        (lt.Op.INSERT, 550, "2015-01-01"),
        (lt.Op.SET, 600, "2016-01-01"),
    ]


def test_scale_brackets_become_indexed_field_provisions() -> None:
    """A scale's bracket fields become ``<scale>[<i>].<field>`` provisions (field in ``values:`` or short form,
    a null inside a bracket ends that field), with the scale's ``<field>_unit`` as their unit."""
    tl = assert_agrees(DATA / "forms")
    scale = [p for p in tl.provisions if p.startswith("scale[")]
    assert scale == ["scale[0].threshold", "scale[0].rate", "scale[1].threshold", "scale[1].rate"]
    assert {p: tl.provisions[p].unit for p in scale} == {
        "scale[0].threshold": "currency-EUR",
        "scale[0].rate": "/1",
        "scale[1].threshold": "currency-EUR",
        "scale[1].rate": "/1",
    }
    assert answer(tl, "scale[0].rate", "2015-01-01") == (True, 0.04)
    assert answer(tl, "scale[1].rate", "2016-06-01") == (False, None)
    assert answer(tl, "scale[1].rate", "2017-01-01") == (True, 0.06)
    assert answer(tl, "scale[1].threshold", "2017-01-01") == (True, 6000)
    assert tl.provisions["amounts[1].amount"].unit == "currency-EUR"
    assert answer(tl, "amounts[1].amount", "2017-01-01") == (True, 1.5)


# -- types --------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "day", "value"),
    [
        ("count", "2015-01-01", 3),
        ("count", "2016-01-01", 4),
        ("ratio", "2015-01-01", 0.5),
        ("ratio", "2016-01-01", 1.0),
        ("ratio", "2017-01-01", 1e-05),
        ("mixed_number", "2015-01-01", 10),
        ("mixed_number", "2016-01-01", 10.5),
        ("mixed_number", "2017-01-01", 11),
        ("flag", "2013-01-01", True),
        ("flag", "2014-01-01", False),
        ("flag", "2015-01-01", True),
        ("flag", "2016-01-01", False),
        ("flag", "2017-01-01", True),
        ("codes", "2015-01-01", ("a", "b")),
        ("codes", "2016-01-01", ()),
        ("codes", "2017-01-01", ("c",)),
        ("weights", "2015-01-01", (1, 2.5, 3)),
        ("yaml11_numbers", "2015-01-01", 26),
        ("yaml11_numbers", "2016-01-01", 1000),
        ("yaml11_numbers", "2017-01-01", 15),
        ("yaml11_numbers", "2018-01-01", 12),
    ],
)
def test_values_keep_their_type(name: str, day: str, value: Any) -> None:
    """int stays int (1.0 stays float), bools in YAML 1.1 spellings (yes/no/off/On) are bools as OpenFisca reads
    them, lists (``[]`` included) are list provisions, YAML 1.1 integers (0x1A, 1_000, 017) read as OpenFisca
    reads them."""
    tl = lt.io.openfisca.load(DATA / "types")
    in_force, got = answer(tl, name, day)
    assert in_force is True
    assert same(got, list(value) if isinstance(value, tuple) else value)
    assert same(got, getattr(openfisca_tree(DATA / "types"), name).get_at_instant(day))


def test_types_tree_agrees_with_openfisca_and_kinds_follow_the_values() -> None:
    """The whole types tree agrees with OpenFisca; each provision's kind follows its values."""
    tl = assert_agrees(DATA / "types")
    assert {p.id: p.kind.value for p in tl.provisions.values()} == {
        "codes": "list",
        "count": "number",
        "flag": "bool",
        "label": "text",
        "mixed_number": "number",
        "ratio": "number",
        "weights": "list",
        "yaml11_numbers": "number",
    }


@pytest.mark.parametrize(
    ("day", "value"),
    [("2014-01-01", "2015-01-01"), ("2015-01-01", "yes"), ("2016-01-01", "NO-WAY"), ("2017-01-01", "2015-07")],
)
def test_dates_and_yes_stay_strings_where_openfisca_keeps_them_strings(day: str, value: str) -> None:
    """A date-looking value (``2015-01-01``, ``2015-07``) is the string, never a ``datetime.date``; a quoted
    ``"yes"`` is text."""
    tl = lt.io.openfisca.load(DATA / "types")
    got = tl.value_of("label", day).value
    assert type(got) is str
    assert got == value == openfisca_tree(DATA / "types").label.get_at_instant(day)


def test_a_parameter_mixing_numbers_and_text_is_a_dataset_error_naming_file_and_parameter() -> None:
    """``1e3`` is text in YAML 1.1: a parameter holding 10 then "1e3" has no single kind and is refused, the
    problem naming the file and the parameter (OpenFisca accepts it; a provision holds one kind)."""
    with pytest.raises(lt.DatasetError) as e:
        lt.io.openfisca.load(DATA / "mixed")
    [problem] = e.value.problems
    assert problem.file == str(DATA / "mixed" / "rate.yaml")
    assert problem.path == "rate"
    assert "values of several types (int, str)" in problem.message
    assert openfisca_tree(DATA / "mixed").rate.get_at_instant("2016-01-01") == "1e3"


def test_a_mixed_types_problem_names_the_parameter_once() -> None:
    """The printed problem reads ``<file>: rate: values of several types …``, the name given once."""
    with pytest.raises(lt.DatasetError) as e:
        lt.io.openfisca.load(DATA / "mixed")
    text = str(e.value.problems[0])
    assert text.count("rate:") == 1, text


def test_an_infinite_value_is_refused_naming_the_file_and_the_parameter() -> None:
    """OpenFisca accepts ``.inf``; lawtimeline numbers are finite, so the import must refuse it like any other
    OpenFisca problem: naming the file and the parameter, and saying that the value is not finite."""
    assert openfisca_tree(DATA / "infinite").ceiling.get_at_instant("2016-01-01") == math.inf
    with pytest.raises(lt.DatasetError) as e:
        lt.io.openfisca.load(DATA / "infinite")
    [problem] = e.value.problems
    assert problem.file == str(DATA / "infinite" / "ceiling.yaml")
    assert "ceiling" in str(problem)
    assert "finite" in problem.message


# -- duplicate keys ------------------------------------------------------------------------------------------------


def test_duplicate_keys_are_a_dataset_error_naming_the_file_and_line() -> None:
    """A date given twice in one mapping is refused (OpenFisca refuses it too): the problem names the file, the
    line of the second key and the first one's line."""
    path = DATA / "duplicate" / "rate.yaml"
    with pytest.raises(lt.DatasetError) as e:
        lt.io.openfisca.load(path.parent)
    [problem] = e.value.problems
    assert (problem.file, problem.line) == (str(path), 5)
    assert "duplicate key '2015-01-01'" in problem.message
    assert "line 3" in problem.message
    with pytest.raises(ParameterParsingError):
        openfisca_tree(path.parent)


# -- life cycle: expected, null, re-insertion, order ---------------------------------------------------------------


def test_expected_placeholders_are_skipped() -> None:
    """``2019-01-01: expected`` and ``2021-01-01: {expected: true}`` change nothing: the value before them holds."""
    tl = assert_agrees(DATA / "life")
    assert answer(tl, "allowance", "2019-06-01") == (True, 0.3)
    assert answer(tl, "allowance", "2021-06-01") == (True, 0.35)
    assert "expected" not in [c.value for c in tl.amendments_to("allowance")]


def test_null_ends_the_parameter_on_its_date_and_a_later_value_inserts_it_again() -> None:
    """``2016-12-01: null``: in force on 30 November, not from 1 December (the first day not in force); the value
    of 2018-01-01 brings it back with an insert; history leaves the gap."""
    tl = lt.io.openfisca.load(DATA / "life")
    assert answer(tl, "allowance", "2016-11-30") == (True, 0.25)
    assert answer(tl, "allowance", "2016-12-01") == (False, None)
    assert answer(tl, "allowance", "2017-12-31") == (False, None)
    assert answer(tl, "allowance", "2018-01-01") == (True, 0.3)
    assert [(c.op, c.effective.edtf) for c in tl.amendments_to("allowance")] == [
        (lt.Op.INSERT, "2010-01-01"),
        (lt.Op.REPEAL, "2016-12-01"),
        (lt.Op.INSERT, "2018-01-01"),
        (lt.Op.SET, "2020-01-01"),
    ]
    assert [(v.value, v.start.edtf, v.end.edtf if v.end else None) for v in tl.history("allowance")] == [
        (0.25, "2010-01-01", "2016-12-01"),
        (0.3, "2018-01-01", "2020-01-01"),
        (0.35, "2020-01-01", None),
    ]


def test_a_null_before_any_value_or_after_a_null_changes_nothing() -> None:
    """A leading null and a second null in a row make no change; ``~`` is a null too."""
    tl = lt.io.openfisca.load(DATA / "life")
    assert [c.op for c in tl.amendments_to("null_first")] == [lt.Op.INSERT]
    assert answer(tl, "null_first", "2009-06-01") == (False, None)
    assert [c.op for c in tl.amendments_to("double_null")] == [lt.Op.INSERT, lt.Op.REPEAL, lt.Op.INSERT, lt.Op.REPEAL]
    assert answer(tl, "double_null", "2013-06-01") == (True, 2)
    assert answer(tl, "double_null", "2014-01-01") == (False, None)


def test_values_listed_out_of_date_order_are_sorted() -> None:
    """Dates written 2017, 1951, 2000 are applied 1951, 2000, 2017."""
    tl = assert_agrees(DATA / "life")
    assert [c.effective.edtf for c in tl.amendments_to("unordered")] == ["1951-07-01", "2000-01-01", "2017-01-01"]
    assert [answer(tl, "unordered", d)[1] for d in ("1990-01-01", "2005-01-01", "2020-01-01")] == [60, 61, 62]


# -- references, Official Journal dates, units ---------------------------------------------------------------------


def sources_of(tl: lt.Timeline, ids: tuple[str, ...]) -> list[tuple[str | None, str | None]]:
    return [(tl.sources[s].title, tl.sources[s].url) for s in ids]


def test_references_in_every_form_become_sources() -> None:
    """``metadata.reference`` as text, a URL (also the old top-level ``reference:``), a list, and
    ``{title, href}`` become the provision's sources, in order."""
    tl = assert_agrees(DATA / "refs")
    assert sources_of(tl, tl.provisions["text"].sources) == [("Code général des impôts, article 1", None)]
    assert sources_of(tl, tl.provisions["url"].sources) == [("https://law.example/url", "https://law.example/url")]
    assert sources_of(tl, tl.provisions["list"].sources) == [
        ("Article 1", None),
        ("Article 2", "https://law.example/2"),
        ("https://law.example/3", "https://law.example/3"),
    ]
    assert sources_of(tl, tl.provisions["titled"].sources) == [
        ("Article L241-3 du code de la sécurité sociale", "https://law.example/L241-3")
    ]


def test_references_by_date_go_on_the_change_of_that_date() -> None:
    """``reference: {2015-01-01: …, 2016-01-01: [...]}`` cites each on the change that takes effect that day."""
    tl = lt.io.openfisca.load(DATA / "refs")
    assert tl.provisions["by_date"].sources == ()
    first, second = tl.amendments_to("by_date")
    assert sources_of(tl, first.sources) == [("Loi 2014-1 art. 1", "https://law.example/2014-1")]
    assert sources_of(tl, second.sources) == [
        ("Loi 2015-2 art. 3", None),
        ("Décret 2015-9", "https://law.example/d2015-9"),
    ]


def test_a_reference_dated_between_two_values_is_kept() -> None:
    """``reference: {2015-01-01: Loi A, 2015-06-01: Circulaire B}`` with values on 2015-01-01 and 2016-01-01:
    Circulaire B still cites something (the provision, or the change in force on its date); nothing is lost."""
    tl = lt.io.openfisca.load(DATA / "refs")
    cited = list(tl.provisions["unmatched"].sources)
    for c in tl.amendments_to("unmatched"):
        cited += c.sources
    assert {tl.sources[s].title for s in cited} == {"Loi A", "Circulaire B"}


def test_references_on_a_value_go_on_its_change() -> None:
    """A value's own ``metadata.reference`` (or old-style ``reference:``) cites its change."""
    tl = lt.io.openfisca.load(DATA / "refs")
    first, second = tl.amendments_to("value_level")
    assert sources_of(tl, first.sources) == [("https://law.example/2015", "https://law.example/2015")]
    assert sources_of(tl, second.sources) == [("Loi 2015-2 art. 3", None)]


def test_official_journal_date_of_a_value_is_when_its_change_became_known() -> None:
    """A value's ``metadata.official_journal_date`` is its change's ``known``: asked as of a day before the
    publication, the retroactive 2016 value is not seen yet."""
    tl = lt.io.openfisca.load(DATA / "refs")
    assert [c.known.edtf for c in tl.amendments_to("value_level")] == ["2014-12-30", "2016-02-01"]
    assert answer(tl, "value_level", "2016-06-01", as_of="2016-01-31") == (True, 0.2)
    assert answer(tl, "value_level", "2016-06-01", as_of="2016-02-01") == (True, 0.25)
    assert answer(tl, "value_level", "2016-06-01") == (True, 0.25)


def test_official_journal_dates_by_date_are_when_each_change_became_known() -> None:
    """``metadata.official_journal_date: {2015-01-01: "2014-12-30", 2016-01-01: "2016-02-01"}`` (openfisca-france's
    form) gives each change its ``known``."""
    tl = lt.io.openfisca.load(DATA / "refs")
    assert [c.known.edtf for c in tl.amendments_to("by_date")] == ["2014-12-30", "2016-02-01"]
    assert answer(tl, "by_date", "2016-06-01", as_of="2016-01-31") == (True, 0.2)


def test_units_are_kept() -> None:
    """``metadata.unit`` and the old top-level ``unit:`` become the provision's unit."""
    tl = lt.io.openfisca.load(DATA / "refs")
    assert {p.id: p.unit for p in tl.provisions.values()} == {
        "by_date": "/1",
        "list": None,
        "text": "currency-EUR",
        "titled": None,
        "unmatched": None,
        "url": "year",
        "value_level": None,
    }
    assert lt.io.openfisca.load(DATA / "life").provisions["allowance"].unit == "/1"


# -- the command line ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".yaml", ".json"])
@pytest.mark.parametrize(
    "tree",
    [TEMPLATE, DATA / "forms", DATA / "types", DATA / "life", DATA / "refs"],
    ids=lambda p: p.name if p != TEMPLATE else "country-template",
)
def test_cli_import_writes_a_dataset_that_answers_as_openfisca(tree: Path, suffix: str, tmp_path: Path) -> None:
    """``lawtimeline import openfisca DIR -o out.yaml|.json`` then ``lt.load(out)``: the same Timeline as the
    library's import, and the same answers as OpenFisca on the whole grid."""
    out = tmp_path / f"out{suffix}"
    result = CliRunner().invoke(cli, ["import", "openfisca", str(tree), "-o", str(out)])
    assert result.exit_code == 0, result.output
    tl = lt.load(out)
    direct = lt.io.openfisca.load(tree)
    assert (
        result.stdout == f"{out}: {len(tl.provisions)} provisions, {len(tl.changes)} changes, "
        f"{len(tl.sources)} sources\n"
    )
    assert tl == direct
    agree, disagree = compare(tl, openfisca_tree(tree))
    assert disagree == []
    assert agree > 0


def test_cli_import_of_a_bad_tree_exits_1_naming_the_file(tmp_path: Path) -> None:
    """A tree with a duplicate key: exit 1, the problem on stderr with file and line, nothing written."""
    out = tmp_path / "out.yaml"
    result = CliRunner().invoke(cli, ["import", "openfisca", str(DATA / "duplicate"), "-o", str(out)])
    assert result.exit_code == 1
    assert f"{DATA / 'duplicate' / 'rate.yaml'}:5:" in result.stderr
    assert "Traceback" not in result.output
    assert not out.exists()


def test_cli_import_to_yaml_keeps_text_that_looks_like_a_number(tmp_path: Path) -> None:
    """OpenFisca reads ``1e3`` as the text "1e3"; imported and written as YAML, it must load back as that text."""
    out = tmp_path / "out.yaml"
    result = CliRunner().invoke(cli, ["import", "openfisca", str(DATA / "scientific_text"), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert lt.load(out).value_of("code", "2016-01-01").value == "1e3"
