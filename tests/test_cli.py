"""The ``lawtimeline`` command: exit 0, 1 (dataset problems) or 2 (usage errors), clean messages, no tracebacks."""

from __future__ import annotations

import json
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
    assert result.stdout == (
        f"{EXAMPLE}: ok — {len(tl.acts)} acts, {len(tl.provisions)} provisions, {len(tl.changes)} changes, "
        f"{len(tl.events)} events, {len(tl.sources)} sources; {len(tl.check())} warning"
        f"{'s' if len(tl.check()) != 1 else ''}\n"
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
        "short_title, number, jurisdiction, kind, url, tags, sources, events, note)",
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
        "(did you mean 'ru-citizenship-revocation-grounds'?)",
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
