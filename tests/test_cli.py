"""The ``lawtimeline`` command: exit 0, 1 (dataset problems) or 2 (usage errors), clean messages, no tracebacks."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

import lawtimeline as lt
from lawtimeline.cli import cli

EXAMPLE = Path(__file__).parent.parent / "examples" / "russia_migrants.yaml"
BAD = Path(__file__).parent / "data" / "bad"


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), prog_name="lawtimeline")


def assert_usage_error(result: Result, message: str) -> None:
    """Exit 2, nothing on stdout, no traceback, and exactly one `Error:` line that says ``message``."""
    assert result.exit_code == 2, result.output
    assert isinstance(result.exception, SystemExit)
    assert result.stdout == ""
    assert "Traceback" not in result.output
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert errors == [f"Error: {message}"]


# -- validate ----------------------------------------------------------------------------------------------------


def test_validate_example_exits_0_with_a_summary() -> None:
    """The flagship dataset validates: exit 0, one 'ok' line on stdout naming the file and the counts."""
    tl = lt.load(EXAMPLE)
    result = run("validate", str(EXAMPLE))
    assert result.exit_code == 0, result.output
    assert result.exception is None
    life = sum(len(a.events) for a in tl.acts.values())
    assert result.stdout == (
        f"{EXAMPLE}: ok — {len(tl.acts)} acts, {len(tl.provisions)} provisions, {len(tl.changes)} changes, "
        f"{life} life-cycle events, {len(tl.events)} context events, {len(tl.sources)} sources; "
        f"{len(tl.check())} warning{'s' if len(tl.check()) != 1 else ''}\n"
    )


def test_validate_bad_file_exits_1_and_prints_problems_to_stderr() -> None:
    """A bad dataset: exit 1, each problem as file:line:column: path: message on stderr, then the count."""
    path = BAD / "unknown_key.yaml"
    result = run("validate", str(path))
    assert result.exit_code == 1
    assert isinstance(result.exception, SystemExit)
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        f"{path}:5:5: acts[0].titel: unknown key 'titel' (did you mean 'title'? expected one of: id, title, "
        "short_title, number, jurisdiction, kind, url, tags, sources, events, note, meta)",
        f"{path}: 1 problem",
    ]


def test_validate_checks_every_file_and_fails_if_any_is_bad() -> None:
    """Several files: the good one is reported ok, the bad one's problems are printed, and the exit code is 1."""
    bad = BAD / "bad_date_month.yaml"
    result = run("validate", str(bad), str(EXAMPLE))
    assert result.exit_code == 1
    assert f"{EXAMPLE}: ok" in result.stdout
    assert f"{bad}:8:15: acts[0].events[0].date: '2025-13-01': month must be 01..12" in result.stderr
    assert f"{bad}: 1 problem" in result.stderr


def test_validate_strict_fails_on_warnings(tmp_path: Path) -> None:
    """--strict turns a warning (a law signed after it entered into force) into exit 1; without it, exit 0."""
    path = tmp_path / "late.yaml"
    path.write_text(
        "lawtimeline: 1\n"
        "acts:\n"
        "  - id: ru-fz-404-2023\n"
        "    events:\n"
        "      - {kind: signed, date: 2023-10-02}\n"
        "      - {kind: in_force, date: 2023-10-01}\n",
        encoding="utf-8",
    )
    assert lt.load(path).check(), "the dataset must have a warning for this test to mean anything"
    plain = run("validate", str(path))
    assert plain.exit_code == 0, plain.output
    assert "warning" in plain.stderr
    strict = run("validate", "--strict", str(path))
    assert strict.exit_code == 1


def test_validate_missing_file_is_a_usage_error(tmp_path: Path) -> None:
    """A file that does not exist: exit 2 and one clean line naming it."""
    missing = tmp_path / "missing.yaml"
    assert_usage_error(run("validate", str(missing)), f"{missing}: no such file")


def test_validate_without_files_is_a_usage_error() -> None:
    """`lawtimeline validate` with no FILES exits 2 and says what is missing."""
    result = run("validate")
    assert result.exit_code == 2
    assert "Missing argument 'FILES...'" in result.stderr
    assert "Traceback" not in result.output


# -- query commands: usage errors --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ("in-force", str(EXAMPLE), "--on", "2025-07"),
        ("in-force", str(EXAMPLE), "--on", "2025-08-01", "--as-of", "2025-07"),
        ("diff", str(EXAMPLE), "2025-01-01", "2025-07"),
    ],
    ids=["in-force --on", "in-force --as-of", "diff"],
)
def test_partial_query_date_is_a_usage_error(args: tuple[str, ...]) -> None:
    """A month where a day is needed exits 2 with one line quoting the date and saying what is needed."""
    assert_usage_error(run(*args), "'2025-07': a query date must be one whole day (YYYY-MM-DD), not a month")


def test_invalid_query_date_is_a_usage_error() -> None:
    """An impossible day on the command line exits 2 with the date's own message."""
    assert_usage_error(run("in-force", str(EXAMPLE), "--on", "2025-02-30"),
                       "'2025-02-30': day must be 01..28 in February 2025")


def test_query_on_missing_file_is_a_usage_error(tmp_path: Path) -> None:
    """in-force on a file that does not exist exits 2, naming it."""
    missing = tmp_path / "missing.yaml"
    assert_usage_error(run("in-force", str(missing), "--on", "2025-08-01"), f"{missing}: no such file")


def test_history_unknown_provision_is_a_usage_error() -> None:
    """A misspelt provision id exits 2 and suggests the right one."""
    assert_usage_error(
        run("history", str(EXAMPLE), "ru-citizenship-revocation-ground"),
        "unknown provision id 'ru-citizenship-revocation-ground' "
        f"(did you mean 'ru-citizenship-revocation-grounds'?); `lawtimeline ids {EXAMPLE} --kind provisions` "
        "lists them",
    )


def test_query_on_bad_dataset_exits_1() -> None:
    """A query command on a bad dataset prints its problems (no traceback) and exits 1, not 2."""
    path = BAD / "unknown_key.yaml"
    result = run("in-force", str(path), "--on", "2025-08-01")
    assert result.exit_code == 1
    assert isinstance(result.exception, SystemExit)
    assert f"{path}:5:5: acts[0].titel: unknown key 'titel'" in result.stderr
    assert "Traceback" not in result.output


def test_in_force_on_the_example_succeeds() -> None:
    """A valid query exits 0; its JSON lists the same provisions as the library's snapshot, in order."""
    result = run("in-force", str(EXAMPLE), "--on", "2025-08-12", "--format", "json")
    assert result.exit_code == 0, result.output
    printed = json.loads(result.stdout)
    assert [p["provision"] for p in printed["provisions"]] == list(lt.load(EXAMPLE).in_force("2025-08-12"))
    assert "ru-citizenship-revocation-grounds" in [p["provision"] for p in printed["provisions"]]


# -- schema ------------------------------------------------------------------------------------------------------


def test_schema_prints_the_packaged_json_schema() -> None:
    """`lawtimeline schema` prints valid JSON equal to lt.io.schema(), describing the top-level keys."""
    result = run("schema")
    assert result.exit_code == 0
    printed = json.loads(result.stdout)
    assert printed == lt.io.schema()
    assert printed["type"] == "object"
    assert {"lawtimeline", "acts", "provisions", "changes"} <= set(printed["properties"])


# -- help and version --------------------------------------------------------------------------------------------

COMMANDS = sorted(cli.commands)


def test_the_foundation_commands_exist() -> None:
    """The help test below runs every command the CLI has, which includes at least the foundation's five."""
    assert {"validate", "schema", "in-force", "history", "diff"} <= set(COMMANDS)


@pytest.mark.parametrize("command", [[], *([c] for c in COMMANDS)], ids=["lawtimeline", *COMMANDS])
@pytest.mark.parametrize("flag", ["--help", "-h"])
def test_help_works_for_every_command(command: list[str], flag: str) -> None:
    """`--help` / `-h` exits 0 with a usage line and the command's description on stdout."""
    result = run(*command, flag)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"Usage: lawtimeline {' '.join(command)}".rstrip())
    doc = (cli.commands[command[0]] if command else cli).help
    assert doc is not None
    assert " ".join(doc.split()[:5]) in " ".join(result.stdout.split())  # the description's opening words


def test_console_script_prints_version() -> None:
    """The installed `lawtimeline` entry point runs: --version prints the package version and exits 0."""
    script = Path(sys.executable).with_name("lawtimeline")
    exe = str(script) if script.exists() else shutil.which("lawtimeline")
    assert exe is not None, "no lawtimeline console script: install the package (pip install -e .)"
    done = subprocess.run([exe, "--version"], capture_output=True, text=True, timeout=30, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout == f"lawtimeline, version {lt.__version__}\n"


# -- issue 13: counts, per-row caveats, words for unresolved answers and dates, pending changes, ids -------------

#: A small dataset worked by hand. Fines Act 2023 is in force from 1 January 2024 with two fines (5,000 and 100 GEL);
#: Amending Act 2024 enters into force "June 2024" (the day is not known) and sets the speeding fine to 25,000 GEL;
#: the Pending Act (signed 1 September 2024) would set the parking fine to 200 GEL but has no date of entry into
#: force. Its chronology: the in_force of Fines Act (1 January 2024), the two implicit inserts on that day, the
#: Amending Act's in_force (June 2024) and its change (June 2024), the Pending Act's signing (1 September 2024):
#: six entries; between 1 May and 31 August 2024 only the two June ones.
FINES = """\
lawtimeline: 1
title: Fines
sources:
  - {id: s-act, title: Fines Act text, url: "https://example.org/fines"}
  - {id: s-draft, title: Draft of the Pending Act, url: "https://example.org/draft"}
acts:
  - id: ge-fines-2023
    title: Fines Act 2023
    events: [{kind: in_force, date: 2024-01-01}]
    sources: [s-act]
  - id: ge-amend-2024
    title: Amending Act 2024
    events: [{kind: in_force, date: 2024-06}]
  - id: ge-pending
    title: Pending Act
    events: [{kind: signed, date: 2024-09-01}]
provisions:
  - {id: ge-fine-speeding, act: ge-fines-2023, kind: number, unit: GEL, title: Fine for speeding, value: 5000}
  - {id: ge-fine-parking, act: ge-fines-2023, kind: number, unit: GEL, title: Fine for parking, value: 100}
changes:
  - {act: ge-amend-2024, provision: ge-fine-speeding, op: set, value: 25000}
  - {act: ge-pending, provision: ge-fine-parking, op: set, value: 200, sources: [s-draft]}
"""


@pytest.fixture
def fines(tmp_path: Path) -> Path:
    path = tmp_path / "fines.yaml"
    path.write_text(FINES, encoding="utf-8")
    return path


ISO = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")


def test_render_with_start_and_end_counts_the_entries_shown(fines: Path, tmp_path: Path) -> None:
    """`render --start 2024-05-01 --end 2024-08-31` reports the 2 entries the page shows (not all 6), and the page's
    header gives the window asked for, in words."""
    out = tmp_path / "t.html"
    result = run("render", str(fines), "-o", str(out), "--start", "2024-05-01", "--end", "2024-08-31")
    assert result.exit_code == 0, result.output
    assert re.match(rf"{re.escape(str(out))}: 2 entries, \d+ KB$", result.stdout.strip())
    html = out.read_text(encoding="utf-8")
    assert len(lt.load(fines).chronology("2024-05-01", "2024-08-31")) == 2  # the page's list: test_render's concern
    span = re.search(r'<span class="lt-span-label">([^<]*)</span>', html)
    assert span and span.group(1) == "1 May 2024 – 31 August 2024"
    whole = run("render", str(fines), "-o", str(out))
    assert re.match(rf"{re.escape(str(out))}: 6 entries, ", whole.stdout)


def table_rows(text: str) -> list[str]:
    """The body rows of the first table in ``text`` (one line each when nothing wraps)."""
    lines = text.split("\n")
    start = next(i for i, line in enumerate(lines) if line.startswith("─")) + 1
    end = next((i for i in range(start, len(lines)) if not lines[i].strip()), len(lines))
    return lines[start:end]


def notes_of(text: str) -> dict[int, str]:
    """The numbered notes under a table: ``[n] words`` (continuation lines joined)."""
    block = text[text.index("\nNotes:\n") + len("\nNotes:\n"):].split("\n\n")[0]
    notes: dict[int, str] = {}
    last = 0
    for line in block.split("\n"):
        m = re.match(r"\s*\[(\d+)\] (.*)", line)
        if m:
            last = int(m.group(1))
            notes[last] = m.group(2)
        else:
            notes[last] += " " + line.strip()
    return notes


def test_in_force_ties_each_caveat_to_its_row(fines: Path) -> None:
    """Each row's note numbers lead to exactly that answer's caveats, and every note is some row's caveat."""
    from lawtimeline.render import tables

    tl = lt.load(fines)
    # 15 September 2024: the speeding fine dates from some day in June 2024; the parking fine has a pending change
    # of an act signed on 1 September (before that day the Pending Act did not exist, so it is no caveat).
    snap = tl.in_force("2024-09-15")
    assert all(a.caveats for a in snap.values()), "both rows must have caveats for this test to mean anything"
    assert snap["ge-fine-speeding"].caveats != snap["ge-fine-parking"].caveats
    text = tables.snapshot_table(tl, snap, width=400)
    notes = notes_of(text)
    used: set[int] = set()
    for pid, row in zip(snap, table_rows(text), strict=True):
        assert row.startswith(tl.provisions[pid].name)
        marks = [int(n) for n in re.findall(r"\[(\d+)\]", row)]
        used |= set(marks)
        assert sorted({notes[n] for n in marks}) == sorted(snap[pid].caveats), pid
    assert used == set(notes)


def test_in_force_says_unresolved_in_words(fines: Path) -> None:
    """On 15 June 2024 the speeding fine is 5,000 GEL or 25,000 GEL (June 2024 may or may not have come): the row
    says 'unresolved: 5,000 GEL or 25,000 GEL' (in the answer's candidate order) and is marked not sure."""
    from lawtimeline.render import tables

    tl = lt.load(fines)
    a = tl.value_of("ge-fine-speeding", on="2024-06-15")
    assert {v for _f, v in a.candidates} == {5000, 25000}
    words = " or ".join(f"{v:,} GEL" for _f, v in a.candidates)
    (row,) = [r for r in table_rows(tables.snapshot_table(tl, tl.in_force("2024-06-15"), width=400))
              if r.startswith("Fine for speeding")]
    assert f"unresolved: {words}" in row
    assert "|" not in row
    assert re.search(r"\bno\b", row)


def test_diff_says_unresolved_and_dates_in_words(fines: Path) -> None:
    """`diff FILE 2024-01-01 2024-06-15`: the header gives both days in words, the after side says it is
    unresolved between the two fines, and no ISO date is printed."""
    result = run("diff", str(fines), "2024-01-01", "2024-06-15")
    assert result.exit_code == 0, result.output
    out = " ".join(result.stdout.split())
    assert out.startswith("Changes between 1 January 2024 and 15 June 2024")
    assert "unresolved: 5,000 GEL or 25,000 GEL" in out or "unresolved: 25,000 GEL or 5,000 GEL" in out
    assert not ISO.search(result.stdout)
    assert "|" not in result.stdout.replace("│", "")


def test_history_lists_pending_changes_with_their_sources(fines: Path) -> None:
    """The parking fine's history shows its one version (100 GEL from 1 January 2024) and, below, the Pending
    Act's change that would set it to 200 GEL, citing the draft by number, with that source listed."""
    result = run("history", str(fines), "ge-fine-parking")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "100 GEL" in out and "1 January 2024" in out
    tail = out[out.index("Pending"):]
    m = re.search(r"Pending Act would set Fine for parking to 200 GEL \[(\d+)\]", " ".join(tail.split()))
    assert m, tail
    assert re.search(rf"\[{m.group(1)}\] Draft of the Pending Act, https://example\.org/draft", tail)


def test_validate_counts_life_cycle_and_context_events(fines: Path, tmp_path: Path) -> None:
    """The summary counts the acts' life-cycle events (3 here: one per act) apart from context events (none),
    so a dataset with dated acts never reads '0 events'."""
    result = run("validate", str(fines))
    assert result.exit_code == 0, result.output
    warnings = len(lt.load(fines).check())  # sources are missing on purpose; not what this test is about
    assert result.stdout == (f"{fines}: ok — 3 acts, 2 provisions, 2 changes, 3 life-cycle events, 0 context "
                             f"events, 2 sources; {warnings} warnings\n")


def assert_one_line_error(result: Result, message: str) -> None:
    """Exit 2, nothing on stdout, and exactly one line on stderr: ``Error: message``."""
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    assert result.stderr.splitlines() == [f"Error: {message}"]


def test_unknown_id_suggests_close_ids_in_one_line(fines: Path) -> None:
    """`history FILE ge-fine`: one line, exit 2, naming the ids the loader's matching finds close, closest first
    (difflib's ratio: 2·7/(7+15) = 0.64 for ge-fine-parking, 2·7/(7+16) = 0.61 for ge-fine-speeding)."""
    result = run("history", str(fines), "ge-fine")
    assert_one_line_error(result, f"unknown provision id 'ge-fine' (did you mean 'ge-fine-parking', "
                                  f"'ge-fine-speeding'?); `lawtimeline ids {fines} --kind provisions` lists them")


def test_unknown_id_with_nothing_close_still_points_to_the_ids(fines: Path) -> None:
    """An id nothing resembles still gets one line that says how to list the known ids."""
    result = run("in-force", str(fines), "--on", "2024-06-15", "--act", "zzz")
    assert_one_line_error(result, f"unknown act id 'zzz'; `lawtimeline ids {fines} --kind acts` lists them")


def test_unknown_id_on_the_flagship_finds_ids_that_contain_it() -> None:
    """'fine-summons' is too short for the close-match ratio against 'ru-cao-fine-summons' but is part of it: the
    suggestion names it."""
    result = run("history", str(EXAMPLE), "fine-summons")
    assert result.exit_code == 2
    assert "did you mean 'ru-cao-fine-summons'" in result.stderr
    assert len(result.stderr.splitlines()) == 1


def test_ids_lists_every_kind_tab_separated(fines: Path) -> None:
    """`ids FILE`: one line per act, provision, change and context event: kind, id and title, tab-separated."""
    result = run("ids", str(fines))
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "act\tge-fines-2023\tFines Act 2023",
        "act\tge-amend-2024\tAmending Act 2024",
        "act\tge-pending\tPending Act",
        "provision\tge-fine-speeding\tFine for speeding",
        "provision\tge-fine-parking\tFine for parking",
        "change\tge-amend-2024/ge-fine-speeding/1\tAmending Act 2024 sets Fine for speeding: 25,000 GEL",
        "change\tge-pending/ge-fine-parking/1\tPending Act sets Fine for parking: 200 GEL",
    ]


def test_ids_kind_filters_and_keeps_lines_whole(tmp_path: Path) -> None:
    """`--kind provisions` keeps provisions; a tab or newline in a title cannot break the line into columns."""
    path = tmp_path / "t.yaml"
    path.write_text('lawtimeline: 1\nacts: [{id: a, title: "A\\tB\\nC"}]\n'
                    "provisions: [{id: p, act: a, kind: text, title: x}]\n"
                    "events: [{id: e, kind: raid, date: 2024-01-01, title: Raid}]\n", encoding="utf-8")
    assert run("ids", str(path), "--kind", "provisions").stdout == "provision\tp\tx\n"
    assert run("ids", str(path), "--kind", "events").stdout == "event\te\tRaid\n"
    assert run("ids", str(path), "--kind", "acts").stdout == "act\ta\tA B C\n"


def test_a_partial_row_shows_its_limits(tmp_path: Path) -> None:
    """A partial answer (DESIGN §4a: a change in force for some territories only) reads 'partial: <first
    candidate> <its limits>; otherwise <the other>' and 'partly', and its caveat is cited like any other. The
    answer is built by hand as DESIGN §4a describes one: candidates with the change first, then without.
    (The engine does not make partial answers from stages yet.)"""
    from types import SimpleNamespace

    import pendulum

    from lawtimeline.render import tables
    from lawtimeline.results import Snapshot

    path = tmp_path / "fee.yaml"
    path.write_text("lawtimeline: 1\nacts: [{id: a, title: Base Act}]\n"
                    "provisions: [{id: p, act: a, kind: number, unit: GBP, title: Fee, value: 10}]\n",
                    encoding="utf-8")
    tl = lt.load(path)
    day = pendulum.date(2024, 6, 1)
    answer = SimpleNamespace(  # what Answer offers (its internals are the engine's)
        provision="p", on=day, as_of=None, status="partial", in_force=True, value=None,
        candidates=((True, 20), (True, 10)), since=None, change=None,
        caveats=("only England and Wales have the new fee",), limits=("in England and Wales only",))
    snap = Snapshot(day, None, {"p": answer})
    text = tables.snapshot_table(tl, snap, width=400)
    (row,) = table_rows(text)
    assert "partial: 20 GBP in England and Wales only; otherwise 10 GBP [1]" in row
    assert row.rstrip().endswith("partly")
    assert notes_of(text) == {1: "only England and Wales have the new fee"}
    printed = tables.snapshot_json(tl, snap)["provisions"][0]
    assert printed["status"] == "partial" and printed["limits"] == ["in England and Wales only"]


def test_an_unresolved_set_says_what_differs(tmp_path: Path) -> None:
    """Worked by hand: grounds {fraud; theft} from 2020; an act in force 'June 2024' adds 'treason'. On 15 June
    2024 the answer is the one set or the other: the row gives the first in full and the second as what it adds,
    not a second long list."""
    path = tmp_path / "grounds.yaml"
    path.write_text(
        "lawtimeline: 1\n"
        "acts:\n"
        "  - {id: a, title: Base Act, events: [{kind: in_force, date: 2020-01-01}]}\n"
        "  - {id: b, title: Amending Act, events: [{kind: in_force, date: 2024-06}]}\n"
        "provisions:\n"
        "  - {id: g, act: a, kind: set, title: Grounds, value: [theft, fraud]}\n"
        "changes:\n"
        "  - {act: b, provision: g, op: add, items: [treason]}\n", encoding="utf-8")
    from lawtimeline.render import tables

    tl = lt.load(path)
    (row,) = table_rows(tables.snapshot_table(tl, tl.in_force("2024-06-15"), width=400))
    assert ("unresolved, one of: (a) fraud; theft (b) as (a), adding: treason" in row
            or "unresolved, one of: (a) fraud; theft; treason (b) as (a), without: treason" in row), row
