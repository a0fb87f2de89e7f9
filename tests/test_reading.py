"""Reading dataset text: libyaml's parser used for real, agreeing with PyYAML's own; huge and deep inputs refused
quickly at their place (issue [2.5]).

The bad files in ``tests/data/bad/`` pin each character problem and crash class to its line and column
(``test_loading.py``); here the same promises are checked at sizes no small file reaches, and the two YAML parsers
are held to the same answers.
"""

from __future__ import annotations

import glob
import os
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
import yaml

import lawtimeline as lt
from lawtimeline.io import _read

ROOT = Path(__file__).resolve().parent.parent
FLAGSHIP = ROOT / "examples" / "russia_migrants.yaml"
#: A guard against blow-ups (a recursive reader, a quadratic scan, a second pass over 50 MB), not a speed test:
#: these inputs are refused in well under this on an idle machine (benchmarks/README.md has the numbers).
MAX_SECONDS = 5.0


class _PureParser(yaml.reader.Reader, yaml.scanner.Scanner, yaml.parser.Parser):
    """PyYAML's own (pure-Python) event parser, as the reader uses it when PyYAML has no libyaml."""

    def __init__(self, stream: str) -> None:
        yaml.reader.Reader.__init__(self, stream)
        yaml.scanner.Scanner.__init__(self)
        yaml.parser.Parser.__init__(self)


# -- libyaml, for real -------------------------------------------------------------------------------------------


@pytest.mark.skipif(not yaml.__with_libyaml__, reason="PyYAML here is built without libyaml")
def test_libyaml_parser_is_used_when_pyyaml_has_it(monkeypatch: pytest.MonkeyPatch) -> None:
    """With libyaml present, YAML never goes through PyYAML's pure-Python reader, scanner or parser: loading the
    flagship still works when those refuse to start. (It always did before: the import of the C parser named a
    class PyYAML does not export, and the fallback ran everywhere.)"""
    assert _read.LIBYAML
    assert isinstance(_read.yaml_parser("a: 1"), yaml.cyaml.CParser)

    def refuse(*_args: Any, **_kwargs: Any) -> None:
        raise AssertionError("the pure-Python YAML parser was used although libyaml is available")

    for cls in (yaml.reader.Reader, yaml.scanner.Scanner, yaml.parser.Parser, yaml.composer.Composer):
        monkeypatch.setattr(cls, "__init__", refuse)
    tl = lt.load(FLAGSHIP)
    assert "ru-citizenship-revocation-grounds" in tl.provisions
    with pytest.raises(lt.DatasetError, match="unknown key 'titel'"):
        lt.loads("lawtimeline: 1\ntitel: x\n")


def _yaml_files() -> list[str]:
    patterns = ("examples/*.yaml", "tests/data/*.yaml", "tests/data/bad/*.yaml", "tests/data/openfisca/**/*.yaml")
    return sorted({f for p in patterns for f in glob.glob(str(ROOT / p), recursive=True)})


def _outcome(text: str) -> tuple[Any, ...]:
    """What reading ``text`` gives: the value and the place of every path in it, or the problems."""
    try:
        located = _read.read_yaml(text, "x.yaml")
    except _read.ReadError as e:
        return ("problems", [(p.line, p.column, p.path, p.message) for p in e.problems])
    assert located._positions is not None
    values, keys = located._positions()
    return ("value", located.value, sorted(values.items(), key=repr), sorted(keys.items(), key=repr))


@pytest.mark.skipif(not yaml.__with_libyaml__, reason="PyYAML here is built without libyaml")
@pytest.mark.parametrize("path", _yaml_files(), ids=lambda p: os.path.relpath(p, ROOT))
def test_libyaml_and_pyyaml_read_every_file_alike(path: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """The same values, types, positions and problems from libyaml's parser and PyYAML's own, for every YAML file
    in the repository (good, bad and OpenFisca), so a dataset loads the same on every machine."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except UnicodeDecodeError:
        pytest.skip("not UTF-8 (refused before any parser runs)")
    fast = _outcome(text)
    monkeypatch.setattr(_read, "_YamlParser", _PureParser)
    pure = _outcome(text)
    if fast[0] == "problems" and pure[0] == "problems":
        # The parsers word a syntax error in their own way; where it is, and that it is one, must agree.
        assert [(p[0], p[1]) for p in fast[1]] == [(p[0], p[1]) for p in pure[1]]
        assert [p[3].startswith("YAML syntax error") for p in fast[1]] == \
            [p[3].startswith("YAML syntax error") for p in pure[1]]
    else:
        assert fast == pure


@pytest.mark.parametrize("text", [
    "lawtimeline: 1\ntitle: {date: 2019?}\n", "a: [2019?, 2020]\n", "a: {b: 2019?x}\n",
])
def test_a_question_mark_inside_flow_is_refused_by_both_parsers(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """libyaml reads ``{date: 2019?}`` as the text "2019?"; PyYAML's parser refuses it. Both refuse it here (the
    docs say: quote a date with a qualifier inside { }), at the same line."""
    fast = _outcome(text)
    monkeypatch.setattr(_read, "_YamlParser", _PureParser)
    pure = _outcome(text)
    assert fast[0] == pure[0] == "problems"
    assert fast[1][0][0] == pure[1][0][0] == text[: text.index("?")].count("\n") + 1


def test_yaml_values_are_typed_by_the_core_schema_only() -> None:
    """Worked by hand from YAML 1.2's core schema: only null, true/false, decimal ints and floats are typed."""
    text = ("a: yes\nb: NO\nc: 2025-07\nd: 0o17\ne: 1_000\nf: ~\ng: True\nh: -12\ni: .5\nj: 1e3\nk: '7'\n"
            "l: !!str 12\nm: !!float 1\nn: 0x1F\no: null\np:\n")
    assert _read.read_yaml(text).value == {
        "a": "yes", "b": "NO", "c": "2025-07", "d": "0o17", "e": "1_000", "f": None, "g": True, "h": -12,
        "i": 0.5, "j": 1000.0, "k": "7", "l": "12", "m": 1.0, "n": "0x1F", "o": None, "p": None}


@pytest.mark.parametrize("text", ["a: !!bool yes\n", "a: !!int 1.5\n", "a: !!null x\n"])
def test_an_explicit_core_tag_on_a_value_it_does_not_fit_is_a_problem(text: str) -> None:
    with pytest.raises(_read.ReadError, match="is not a valid"):
        _read.read_yaml(text)


# -- huge and deep inputs --------------------------------------------------------------------------------------------

_HUGE = {
    "10,000-deep [ in YAML": ("yaml", "[" * 10_000, (1, 101), "nested more than 100 deep"),
    "10,000-deep [ in JSON": ("json", "[" * 10_000, (1, 101), "nested more than 100 deep"),
    "10,000-deep block list in YAML": ("yaml", "".join(" " * i + "-\n" for i in range(0, 20_000, 2)), (101, 201),
                                       "nested more than 100 deep"),
    "10,000-deep {a: in YAML": ("yaml", "{a: " * 10_000, (1, 401), "nested more than 100 deep"),
    "50 MB of [ in YAML": ("yaml", "[" * 50_000_000, (1, 101), "nested more than 100 deep"),
    "50 MB of [ in JSON": ("json", "[" * 50_000_000, (1, 101), "nested more than 100 deep"),
    "a 50 MB line, then bad indentation": ("yaml", "lawtimeline: 1\ntitle: " + "x" * 50_000_000 + "\n  bad: x\n",
                                           (3, 6), "indented more than the line above it"),
    "a 50 MB unterminated string in JSON": ("json", '{"lawtimeline": 1, "title": "' + "x" * 50_000_000, (1, 29),
                                            "Unterminated string"),
    "a 50 MB single word": ("yaml", "x" * 50_000_000, (1, 1), "expected a mapping (a dataset)"),
    "a 5,000-digit integer in JSON": ("json", '{"lawtimeline": ' + "7" * 5_000 + "}", (1, 17),
                                      "a number of 5,000 digits"),
    "a 5,000-digit integer in YAML": ("yaml", "lawtimeline: " + "7" * 5_000 + "\n", (1, 14),
                                      "a number of 5,000 digits"),
    "a JSON array 150 deep (which json.loads reads)": ("json", '{"lawtimeline": 1, "meta": ' + "[" * 150
                                                       + "]" * 150 + "}", (1, 127), "nested more than 100 deep"),
}  # fmt: skip


@pytest.mark.parametrize("name", list(_HUGE))
def test_huge_and_deep_inputs_get_a_located_error_quickly(name: str) -> None:
    """Never a RecursionError or a crash of the C parser's stack; the place counted by hand (the 100th opening
    bracket is where the 101st level starts; a block list indents each level by 2; ``{a: `` is 4 characters)."""
    fmt, text, (line, column), words = _HUGE[name]
    start = time.perf_counter()
    with pytest.raises(lt.DatasetError) as info:
        lt.loads(text, fmt)
    assert time.perf_counter() - start < MAX_SECONDS
    first = info.value.problems[0]
    assert (first.line, first.column) == (line, column), str(first)
    assert words in first.message
    assert len(str(info.value)) < 2_000  # no message repeats the input


def test_a_50_mb_line_is_refused_in_bounded_memory() -> None:
    """Reading a 50 MB line that holds an error costs a small multiple of the text, in a fresh process."""
    code = (
        "import resource, lawtimeline as lt\n"
        "text = 'lawtimeline: 1\\ntitle: ' + 'x' * 50_000_000 + '\\n  bad: x\\n'\n"
        "before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
        "try:\n    lt.loads(text)\nexcept lt.DatasetError:\n    pass\n"
        "print((resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) // 1024)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True)
    extra_mb = int(out.stdout.strip())
    assert extra_mb < 300, f"{extra_mb} MB beyond the 50 MB text"
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss > 0


# -- characters in escapes and round trips ----------------------------------------------------------------------------


@pytest.mark.parametrize(("fmt", "text"), [
    ("yaml", 'lawtimeline: 1\ntitle: "a\\x01b\\x7f\\u00850"\n'),
    ("json", '{"lawtimeline": 1, "title": "a\\u0001b\\u007f\\u0085\\ufeff0"}'),
])
def test_control_characters_written_as_escapes_load_and_round_trip(fmt: str, text: str) -> None:
    """The message says "write it as an escape in a quoted string": that works, and survives dumps/loads."""
    tl = lt.loads(text, fmt)
    assert tl.title is not None and "\x01" in tl.title and "\x7f" in tl.title
    for out in ("yaml", "json"):
        assert lt.loads(lt.dumps(tl, out), out) == tl


def test_a_pair_of_surrogate_escapes_is_one_character() -> None:
    assert lt.loads('{"lawtimeline": 1, "title": "\\ud83d\\ude00"}', "json").title == "😀"
    assert lt.loads('lawtimeline: 1\ntitle: "\\U0001F600"\n').title == "😀"


def test_a_byte_order_mark_at_the_start_is_dropped(tmp_path: Path) -> None:
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbflawtimeline: 1\ntitle: x\n")
    assert lt.load(path).title == "x"
    assert lt.loads("\ufefflawtimeline: 1\ntitle: x\n").title == "x"
    assert lt.loads('\ufeff{"lawtimeline": 1}', "json").title is None


def test_many_control_characters_are_summed_up() -> None:
    """A binary file is not reported a character at a time: twenty, then how many more."""
    with pytest.raises(lt.DatasetError) as info:
        lt.loads("lawtimeline: 1\ntitle: " + "\x00" * 500 + "\n")
    problems = info.value.problems
    assert len(problems) == _read.MAX_CHARACTER_PROBLEMS + 1
    assert "and 480 more characters like these" in problems[-1].message


def test_a_lone_surrogate_from_python_data_is_refused_too() -> None:
    """Timeline.from_dict has no text to check: a lone surrogate there is refused at its path, so it can never
    reach to_html, render or show (which write UTF-8)."""
    with pytest.raises(lt.DatasetError) as info:
        lt.Timeline.from_dict({"lawtimeline": 1, "acts": [{"id": "a", "title": "Citizenship \ud800 law"}]})
    assert [(p.path, "lone surrogate" in p.message) for p in info.value.problems] == [("acts[0].title", True)]
