"""Fuzzing the loader: no input crashes it (issue [2.5]).

Every dataset in ``examples/`` and ``tests/data/`` (YAML, and JSON: the JSON files there and each loadable YAML
dataset written as JSON) is mutated by hypothesis — lines deleted, swapped and duplicated; YAML and JSON syntax,
control characters, very long lines, deep nesting, huge numbers, anchors, aliases and tags inserted; bytes cut off —
and each mutant must either load or raise :class:`LawTimelineError`, quickly. A mutant that loads must also answer
``in_force``, ``chronology`` and ``to_html``, and come back equal through ``dumps``/``loads`` in both formats.
The three properties run at least 5,000 distinct mutants together (counted and asserted). The command line is then
run on the crash classes the fuzzing found (``tests/data/bad/fuzz-*``): exit 1, no traceback.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import glob
import hashlib
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import lawtimeline as lt

ROOT = Path(__file__).resolve().parent.parent
BAD = ROOT / "tests" / "data" / "bad"
#: A guard against blow-ups (quadratic scans, runaway recursion), not a speed measurement: every mutant here is
#: small, and loading one takes milliseconds.
MAX_SECONDS = 2.0


class Source(tuple):  # type: ignore[type-arg]
    """(format, text) of a dataset, shown by its file name (hypothesis prints failing examples)."""

    name = ""

    def __repr__(self) -> str:
        return f"<{self.name} as {self[0]}, {len(self[1]):,} characters>"


def _source(fmt: str, text: str, name: str) -> Source:
    s = Source((fmt, text))
    s.name = name
    return s


def _sources() -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    files = sorted({*glob.glob(str(ROOT / "examples" / "*.yaml")), *glob.glob(str(ROOT / "tests" / "data" / "*.yaml")),
                    *glob.glob(str(ROOT / "tests" / "data" / "bad" / "*.yaml")),
                    *glob.glob(str(ROOT / "tests" / "data" / "bad" / "*.json"))})
    for path in files:
        data = Path(path).read_bytes()
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            continue  # not_utf8.yaml: its point is the bytes (the byte-level property below covers them)
        fmt = "json" if path.endswith(".json") else "yaml"
        name = os.path.relpath(path, ROOT)
        out.append(_source(fmt, text, name))
        if fmt == "yaml":
            with contextlib.suppress(lt.LawTimelineError):
                out.append(_source("json", lt.dumps(lt.loads(text), "json"), name))
    return out


SOURCES = _sources()


def _exercised(source: tuple[str, str]) -> str | None:
    """None when the unmodified source loads and answers everything (or is refused cleanly), else what broke."""
    try:
        tl = lt.loads(source[1], source[0])
    except lt.LawTimelineError:
        return None
    try:
        _exercise(tl)
    except Exception as e:  # reported by test_every_source_answers_everything
        return f"{type(e).__name__}: {e}"
    return None


@pytest.fixture(scope="module")
def sound_sources() -> list[tuple[str, str]]:
    """The sources whose unmodified form passes (a broken source fails once, below, not as a thousand mutants)."""
    return [s for s in SOURCES if _exercised(s) is None]


@pytest.mark.parametrize("source", SOURCES, ids=repr)
def test_every_source_answers_everything(source: tuple[str, str]) -> None:
    """Each unmodified dataset the fuzzing starts from loads (or is refused with a DatasetError) and, if it loads,
    answers in_force, chronology and to_html and round-trips."""
    assert _exercised(source) is None

_YAML_SNIPPETS = (
    "[", "]", "{", "}", ":", ": ", "- ", "-", ",", "?", "? ", "'", '"', "#", "|", ">", "&a ", "*a", "&a [1, 2] ",
    "*undefined", "!!python/object/apply:os.system ['true'] ", "!!binary aGk= ", "!!set ", "!!int ", "!!bool ",
    "!!float ", "!custom ", "!", "<<: ", "<<: *a\n", "---\n", "...\n", "%YAML 1.2\n", "\t", "\n", "\n  ", "  ",
    '"\\ud800"', '"\\x01"', '"\\U0001F600"', "\\", "~", "null", "true", "NO", "2025-13-45", "2019?", "[2015..2014]",
    "{after: signed, days: -1}", "{after: publish, days: 1}", "{same_as: signed}", "kind: {a: 1}", "kind: [x]",
    "\ufeff", "\u2028", "\x85", "é", "😀",
)
_JSON_SNIPPETS = (
    "[", "]", "{", "}", ":", ",", '"', '""', "null", "true", "false", "NaN", "Infinity", "-Infinity", "1e999",
    "-0", "01", "1.5e", '"\\ud800"', '"\\udc00\\ud800"', '"\\u0000"', '"\\x"', "\\", '"a": 1,', '"kind": {},',
    '"kind": [],', '{"after": "signed", "days": 1}', "\t", "\n", " ", "\ufeff", "😀",
)
_CONTROLS = (*(chr(c) for c in (*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F, 0x80, 0x9F)),
             "\ud800", "\udfff", "\ufffe", "\uffff")


@st.composite
def _insertion(draw: st.DrawFn, fmt: str) -> str:
    kind = draw(st.sampled_from(("snippet", "snippet", "snippet", "control", "long", "deep", "number", "alias")))
    if kind == "snippet":
        return draw(st.sampled_from(_JSON_SNIPPETS if fmt == "json" else _YAML_SNIPPETS))
    if kind == "control":
        return draw(st.sampled_from(_CONTROLS))
    if kind == "long":
        return draw(st.sampled_from("xa9 [{\"'")) * draw(st.integers(1_000, 60_000))
    if kind == "deep":
        return draw(st.sampled_from(("[", "{a: " if fmt == "yaml" else '{"a": ', "- " if fmt == "yaml" else "["))) \
            * draw(st.integers(50, 5_000))
    if kind == "number":
        return draw(st.sampled_from(("9", "-9", "1.", "0."))) + "9" * draw(st.integers(300, 6_000))
    n = draw(st.integers(1, 12))
    return " ".join(f"&a{i} [*a{i - 1}, *a{i - 1}]" if i else "&a0 [x, x]" for i in range(n))


class Mutant(tuple):  # type: ignore[type-arg]
    """(format, text) of a mutant, shown by its source and the mutations made (not its whole text)."""

    how = ""

    def __repr__(self) -> str:
        return f"<mutant of {self.how}>"


def _short(text: str) -> str:
    return repr(text) if len(text) < 40 else f"{text[:20]!r}…{text[-10:]!r} ({len(text):,} characters)"


@st.composite
def mutants(draw: st.DrawFn, source: tuple[str, str]) -> tuple[str, str]:
    """One to three mutations of ``source`` (format, text)."""
    fmt, text = source
    how = [repr(source).strip("<>")]
    for _ in range(draw(st.integers(1, 3))):
        lines = text.splitlines(keepends=True) or [""]
        op = draw(st.sampled_from(("delete", "swap", "duplicate", "insert", "insert", "insert", "truncate")))
        i = draw(st.integers(0, len(lines) - 1))
        if op == "delete":
            how.append(f"line {i + 1} deleted")
            del lines[i]
        elif op == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            how.append(f"lines {i + 1} and {j + 1} swapped")
            lines[i], lines[j] = lines[j], lines[i]
        elif op == "duplicate":
            how.append(f"line {i + 1} duplicated")
            lines.insert(i, lines[i])
        elif op == "insert":
            col = draw(st.integers(0, len(lines[i])))
            snippet = draw(_insertion(fmt))
            how.append(f"{_short(snippet)} inserted at {i + 1}:{col + 1}")
            lines[i] = lines[i][:col] + snippet + lines[i][col:]
        else:
            cut = draw(st.integers(0, len(text)))
            how.append(f"cut after {cut:,} characters")
            text = text[:cut]
            continue
        text = "".join(lines)
    m = Mutant((fmt, text))
    m.how = ", ".join(how)
    return m


def _exercise(tl: lt.Timeline) -> None:
    """What a loaded timeline must answer: queries, the page, and the round trip in both formats."""
    days = [e.date.earliest for e in tl.chronology()][:3]
    for day in [*days, dt.date(2025, 1, 1)]:
        tl.in_force(on=day)
    assert isinstance(tl.to_html(), str)
    for fmt in ("yaml", "json"):
        assert lt.loads(lt.dumps(tl, fmt), fmt) == tl


def _load_or_refuse(fmt: str, text: str, seen: set[str]) -> None:
    seen.add(hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest() + fmt)
    start = time.perf_counter()
    try:
        tl = lt.loads(text, fmt)
    except lt.DatasetError as e:
        assert e.problems, "a DatasetError lists its problems"
        assert all(p.line is not None for p in e.problems if p.severity == "error"), str(e)
        return
    except lt.LawTimelineError:
        return
    finally:
        assert time.perf_counter() - start < MAX_SECONDS, f"loading took over {MAX_SECONDS} s"
    _exercise(tl)


def _property(examples: int) -> settings:
    return settings(max_examples=examples, deadline=None, database=None, derandomize=True, print_blob=True,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                           HealthCheck.filter_too_much])

#: How many mutants each property runs (together at least 5,000, asserted below).
YAML_MUTANTS, JSON_MUTANTS, BYTE_MUTANTS = 3_400, 2_600, 800
_SEEN: dict[str, set[str]] = {"yaml": set(), "json": set(), "bytes": set()}


def test_yaml_mutants_load_or_raise_a_located_error(sound_sources: list[tuple[str, str]]) -> None:
    sources = [s for s in sound_sources if s[0] == "yaml"]

    @_property(YAML_MUTANTS)
    @given(st.sampled_from(sources).flatmap(mutants))
    def check(case: tuple[str, str]) -> None:
        _load_or_refuse(*case, _SEEN["yaml"])

    check()
    assert len(_SEEN["yaml"]) >= YAML_MUTANTS * 0.75  # hypothesis sometimes draws the same mutant twice


def test_json_mutants_load_or_raise_a_located_error(sound_sources: list[tuple[str, str]]) -> None:
    sources = [s for s in sound_sources if s[0] == "json"]

    @_property(JSON_MUTANTS)
    @given(st.sampled_from(sources).flatmap(mutants))
    def check(case: tuple[str, str]) -> None:
        _load_or_refuse(*case, _SEEN["json"])

    check()
    assert len(_SEEN["json"]) >= JSON_MUTANTS * 0.75


def test_byte_mutants_of_files_load_or_raise_a_located_error(sound_sources: list[tuple[str, str]]) -> None:
    """Cut bytes (possibly inside a UTF-8 sequence) and flipped bytes, through ``lt.load`` on a file."""
    sources = [(fmt, text.encode("utf-8", "surrogatepass")) for fmt, text in sound_sources]
    sources.append(("yaml", (BAD / "not_utf8.yaml").read_bytes()))
    directory = tempfile.mkdtemp(prefix="lt-fuzz-")

    @_property(BYTE_MUTANTS)
    @given(st.sampled_from(sources), st.data())
    def check(source: tuple[str, bytes], data: st.DataObject) -> None:
        fmt, raw = source
        cut = data.draw(st.integers(0, len(raw)))
        raw = raw[:cut]
        if raw and data.draw(st.booleans()):
            i = data.draw(st.integers(0, len(raw) - 1))
            raw = raw[:i] + bytes([data.draw(st.integers(0, 255))]) + raw[i + 1:]
        _SEEN["bytes"].add(hashlib.sha1(raw).hexdigest() + fmt)
        path = os.path.join(directory, f"mutant.{fmt}")
        with open(path, "wb") as f:
            f.write(raw)
        start = time.perf_counter()
        try:
            tl = lt.load(path)
        except lt.LawTimelineError:
            return
        finally:
            assert time.perf_counter() - start < MAX_SECONDS
        _exercise(tl)

    check()
    assert len(_SEEN["bytes"]) >= BYTE_MUTANTS * 0.5  # many cuts of a small file are the same bytes


def test_at_least_5000_distinct_mutants_ran(sound_sources: list[tuple[str, str]]) -> None:
    """The three properties above ran at least 5,000 distinct mutants between them (run them if they have not)."""
    if not all(_SEEN.values()):
        test_yaml_mutants_load_or_raise_a_located_error(sound_sources)
        test_json_mutants_load_or_raise_a_located_error(sound_sources)
        test_byte_mutants_of_files_load_or_raise_a_located_error(sound_sources)
    assert sum(len(s) for s in _SEEN.values()) >= 5_000


# -- the command line on the crash classes ------------------------------------------------------------------------


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", "from lawtimeline.cli import main; main()", *args],
                          capture_output=True, text=True, timeout=120, cwd=ROOT)


def test_cli_validate_on_every_crash_class_exits_1_without_a_traceback(tmp_path: Path) -> None:
    """`lawtimeline validate` on each crash class fuzzing found, and on the huge ones made here: a 10,000-deep
    ``[[[[…`` in YAML and JSON and a 50 MB single line; exit 1, every file named, no traceback."""
    files = sorted(str(p) for p in BAD.glob("fuzz-*"))
    assert len(files) >= 10
    big = {"deep.yaml": "[" * 10_000, "deep.json": "[" * 10_000,
           "long.yaml": "lawtimeline: 1\ntitle: " + "x" * 50_000_000 + "\n  bad: indentation\n",
           "long.json": '{"lawtimeline": 1, "title": "' + "x" * 50_000_000}
    for name, text in big.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
        files.append(str(tmp_path / name))
    result = _run("validate", *files)
    assert result.returncode == 1, result.stderr[-2000:]
    assert "Traceback" not in result.stderr + result.stdout
    for f in files:
        assert f"{f}:" in result.stderr, f


@pytest.mark.parametrize("name", ["fuzz-lone_surrogate.json", "fuzz-lone_surrogate.yaml"])
@pytest.mark.parametrize("command", ["render", "show"])
def test_lone_surrogates_never_reach_render_or_show(tmp_path: Path, command: str, name: str) -> None:
    """A lone surrogate used to load "ok" and then crash `render` and `show` with UnicodeEncodeError."""
    args = [command, str(BAD / name)] + (["-o", str(tmp_path / "out.html")] if command == "render" else [])
    result = _run(*args)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert "lone surrogate" in result.stderr


# -- what the soak found (benchmarks/fuzz_soak.py; benchmarks/README.md "Fuzz soak") -----------------------------


@pytest.mark.parametrize("text", ["4", "null", '"works"', '{"results": 5}'])
def test_lawsafrica_importer_refuses_a_snapshot_that_is_not_a_list_of_works(tmp_path: Path, text: str) -> None:
    """Found by the soak: a works file holding a number made a TypeError while snapshots were sorted."""
    from lawtimeline.interop import lawsafrica

    path = tmp_path / "works.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(lt.DatasetError, match="expected a list of works"):
        lawsafrica.load(path)


@pytest.mark.parametrize("date", ["9999-12-31", "0001-01-01"])
def test_to_html_on_a_dataset_dated_at_the_edges_of_the_calendar(date: str) -> None:
    """Found by the soak (an OpenFisca parameter dated 9772-01-01): the page's time domain was padded past the
    calendar's first or last day and raised ValueError/OverflowError; its span now stops at those days."""
    tl = lt.loads(f'lawtimeline: 1\nevents: [{{id: e, kind: report, date: "{date}"}}]\n')
    assert isinstance(tl.to_html(), str)
    assert tl.to_svg().startswith("<svg")
