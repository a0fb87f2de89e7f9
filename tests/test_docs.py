"""The documentation cannot rot: its examples run, its reference covers the public API and every CLI command,
the CLI page is what the generator writes, and the site builds with ``mkdocs build --strict``.

How a page's code blocks are run, in page order, in a fresh folder that holds a link to ``examples/``:

- a ```` ```yaml title="NAME" ```` (or ``json``) block is written to the file NAME (a later block of the same
  name replaces it: tutorials show the whole file at each step);
- a ```` ```console ```` block: each ``$ lawtimeline …`` line is run (in-process, through click) and the lines
  after it, when given, must equal what it prints (``...`` matches anything, as in doctest); ``> FILE`` sends
  the output to FILE. A command that is not ``lawtimeline`` fails the test, so the docs show nothing that is
  not checked;
- a ```` ```python ```` block is a doctest when it starts with ``>>>``, else it is executed; the names it
  defines are kept for the page's later blocks.

Blocks in other languages (``text``, ``yaml`` without a title, …) are shown, not run.
"""

from __future__ import annotations

import difflib
import doctest
import importlib.util
import io
import itertools
import os
import re
import shlex
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

import click
import pytest
from click.testing import CliRunner

import lawtimeline as lt
from lawtimeline.cli import cli

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
PAGES = sorted(p for p in DOCS.rglob("*.md"))
API_PAGE = DOCS / "reference" / "api.md"
CLI_PAGE = DOCS / "reference" / "cli.md"

FENCE = re.compile(
    r"^(?P<indent>[ \t]*)(?P<fence>`{3,})(?P<info>[^`\n]*)\n(?P<body>.*?)^(?P=indent)(?P=fence)[ \t]*$",
    re.M | re.S,
)
ATTR = re.compile(r'(\w+)="([^"]*)"')
RUNNABLE = ("python", "console")


@dataclass
class Block:
    lang: str
    attrs: dict[str, str]
    body: str
    line: int


def blocks(text: str) -> Iterator[Block]:
    """The fenced code blocks of a Markdown page, dedented, with their language, attributes and line."""
    for m in FENCE.finditer(text):
        info = m.group("info").strip()
        lang = info.split()[0] if info else ""
        indent = len(m.group("indent"))
        body = "\n".join(line[indent:] for line in m.group("body").splitlines()) + "\n"
        yield Block(lang, dict(ATTR.findall(info)), body, text.count("\n", 0, m.start()) + 1)


def is_runnable(b: Block) -> bool:
    return b.lang in RUNNABLE or (b.lang in ("yaml", "json") and "title" in b.attrs)


def runnable_pages() -> list[Path]:
    return [p for p in PAGES if any(is_runnable(b) for b in blocks(p.read_text(encoding="utf-8")))]


def _console(block: Block, where: str) -> None:
    """Run each ``$ lawtimeline …`` line of a console block and compare its output with the lines shown."""
    commands: list[tuple[str, list[str]]] = []
    for line in block.body.splitlines():
        if line.startswith("$ "):
            commands.append((line[2:], []))
        elif commands:
            commands[-1][1].append(line)
        elif line.strip():
            pytest.fail(f"{where}: console output before any command: {line!r}")
    for command, shown in commands:
        argv = shlex.split(command)
        assert argv[0] == "lawtimeline", f"{where}: only lawtimeline commands can be checked, not {command!r}"
        output_file = None
        if ">" in argv:
            i = argv.index(">")
            argv, output_file = argv[:i], argv[i + 1]
        result = CliRunner().invoke(cli, argv[1:], prog_name="lawtimeline")
        assert result.exit_code == 0, f"{where}: `{command}` exited {result.exit_code}:\n{result.output}"
        if output_file:
            Path(output_file).write_text(result.stdout, encoding="utf-8")
        want = "\n".join(s.rstrip() for s in shown).strip("\n")
        if not want:
            continue
        got = "\n".join(s.rstrip() for s in result.output.splitlines()).strip("\n")
        if not doctest.OutputChecker().check_output(want + "\n", got + "\n", doctest.ELLIPSIS):
            pytest.fail(f"{where}: `{command}` printed\n{got}\n\nbut the page shows\n{want}")


def _python(block: Block, globs: dict[str, object], where: str) -> None:
    if block.body.lstrip().startswith(">>>"):
        test = doctest.DocTestParser().get_doctest(block.body, globs, where, where, 0)
        runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
        out = io.StringIO()
        runner.run(test, out=out.write, clear_globs=False)
        globs.update(test.globs)  # a DocTest works on a copy of the names it is given
        if runner.failures:
            pytest.fail(f"{where}: doctest failed\n{out.getvalue()}")
    else:
        exec(compile(block.body, where, "exec"), globs)


def run_page(page: Path, workdir: Path) -> dict[str, object]:
    """Run the page's blocks in order in ``workdir`` (the caller has chdir'ed there); return the Python names.
    A folder other than the repository root gets a link to ``examples/``."""
    if workdir.resolve() != ROOT:
        (workdir / "examples").symlink_to(ROOT / "examples", target_is_directory=True)
    globs: dict[str, object] = {"__name__": "__docs__"}
    rel = page.relative_to(ROOT)
    for b in blocks(page.read_text(encoding="utf-8")):
        where = f"{rel}:{b.line}"
        if b.lang in ("yaml", "json") and "title" in b.attrs:
            target = workdir / b.attrs["title"]
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(b.body, encoding="utf-8")
        elif b.lang == "console":
            _console(b, where)
        elif b.lang == "python":
            _python(b, globs, where)
    return globs


@pytest.mark.parametrize("page", runnable_pages(), ids=lambda p: str(p.relative_to(DOCS)))
def test_page_examples_run(page: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every command, its shown output and every Python example of the page work as the page says."""
    monkeypatch.chdir(tmp_path)
    run_page(page, tmp_path)


HOW_TO = sorted((DOCS / "how-to").glob("*.md"))


def _untracked() -> set[str]:
    """The untracked, not ignored, paths of the clone (``git status --porcelain``'s ``??`` lines)."""
    done = subprocess.run(["git", "status", "--porcelain", "--untracked-files=all"], cwd=ROOT, capture_output=True,
                          text=True, timeout=60, check=True)
    return {line[3:] for line in done.stdout.splitlines() if line.startswith("?? ")}


def _ignored(path: Path) -> bool:
    done = subprocess.run(["git", "check-ignore", "-q", str(path.relative_to(ROOT))], cwd=ROOT, timeout=60,
                          check=False)
    return done.returncode == 0


def test_how_to_guides_leave_the_clone_clean(monkeypatch: pytest.MonkeyPatch) -> None:
    """A reader who follows every how-to guide from the repository root adds nothing to ``git status``: each file
    the guides write is ignored. (The test runs them there, then removes what they wrote.)"""
    if not (ROOT / ".git").exists() or shutil.which("git") is None:
        if os.environ.get("CI") == "true":
            pytest.fail("this test needs a git clone and the git command")
        pytest.skip("not a git clone")
    before, top = _untracked(), set(os.listdir(ROOT))
    monkeypatch.chdir(ROOT)
    try:
        for page in HOW_TO:
            run_page(page, ROOT)
        added = sorted(_untracked() - before)
    finally:
        for name in sorted(set(os.listdir(ROOT)) - top):
            path = ROOT / name
            if _ignored(path):  # only what the guides wrote and .gitignore lists: never anyone's own files
                shutil.rmtree(path) if path.is_dir() and not path.is_symlink() else path.unlink()
    assert added == [], f"the how-to guides write files that git would show: {added} (add them to .gitignore)"


def test_tutorial_builds_a_dataset_and_renders_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The tutorial starts from an empty file and ends with a rendered timeline of an act with life-cycle dates,
    a provision with a value, an amending act with a change, a partial date and a source."""
    page = DOCS / "tutorial.md"
    text = page.read_text(encoding="utf-8")
    steps = [b for b in blocks(text) if b.lang == "yaml" and b.attrs.get("title") == "my-laws.yaml"]
    assert len(steps) >= 5
    first = lt.loads(steps[0].body)
    assert (len(first.acts), len(first.provisions), len(first.changes)) == (0, 0, 0)
    commands = " ".join(b.body for b in blocks(text) if b.lang == "console")
    for command in ("lawtimeline validate", "lawtimeline in-force", "lawtimeline render"):
        assert command in commands
    monkeypatch.chdir(tmp_path)
    globs = run_page(page, tmp_path)
    final = lt.load(tmp_path / "my-laws.yaml")
    assert len(final.acts) >= 2 and final.changes and final.sources and not final.check()
    assert any(p.value is not None for p in final.provisions.values())
    assert any(not e.date.exact for a in final.acts.values() for e in a.events if e.date is not None)
    html = (tmp_path / "my.html").read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and "Parking rules of Exampleton" in html
    assert "lt" in globs and "tl" in globs


def _lines(spec: str) -> set[int]:
    out: set[int] = set()
    for part in spec.split():
        a, _, b = part.partition("-")
        out.update(range(int(a), int(b or a) + 1))
    return out


def test_tutorial_highlights_exactly_the_lines_each_step_adds() -> None:
    """Each step of the tutorial shows the whole file and highlights the lines that changed since the last."""
    steps = [
        b
        for b in blocks((DOCS / "tutorial.md").read_text(encoding="utf-8"))
        if b.lang == "yaml" and b.attrs.get("title") == "my-laws.yaml"
    ]
    assert "hl_lines" not in steps[0].attrs
    for before, after in itertools.pairwise(steps):
        matcher = difflib.SequenceMatcher(None, before.body.splitlines(), after.body.splitlines())
        changed = {
            j + 1
            for tag, _i1, _i2, j1, j2 in matcher.get_opcodes()
            if tag in ("insert", "replace")
            for j in range(j1, j2)
        }
        assert _lines(after.attrs.get("hl_lines", "")) == changed, f"tutorial.md:{after.line}: hl_lines"


def test_every_public_name_is_in_the_api_reference() -> None:
    """Each name of ``lawtimeline.__all__`` (and the interop importers) is documented from its docstring."""
    text = API_PAGE.read_text(encoding="utf-8")
    directives = set(re.findall(r"^::: ([\w.]+)", text, re.M))
    missing = [n for n in lt.__all__ if n != "__version__" and f"lawtimeline.{n}" not in directives]
    assert not missing, f"not in {API_PAGE.relative_to(ROOT)}: {missing}"
    assert "lawtimeline.interop.openfisca.load" in directives
    assert "`lawtimeline.__version__`" in text


def _commands(group: click.Group, prefix: str = "lawtimeline") -> Iterator[str]:
    for name, cmd in group.commands.items():
        yield f"{prefix} {name}"
        if isinstance(cmd, click.Group):
            yield from _commands(cmd, f"{prefix} {name}")


def test_every_cli_command_is_in_the_cli_reference() -> None:
    """Every command of the click group, sub-groups included, has its section with its --help text."""
    text = CLI_PAGE.read_text(encoding="utf-8")
    commands = list(_commands(cli))
    assert "lawtimeline import openfisca" in commands
    for command in commands:
        assert re.search(rf"^## {re.escape(command)}( |$)", text, re.M), f"no section for {command!r}"
        assert f"$ {command} --help\nUsage: {command} " in text, f"no --help text for {command!r}"


def _generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("gen_cli", DOCS / "gen_cli.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_cli_reference_is_what_the_generator_writes() -> None:
    """docs/reference/cli.md is exactly the output of ``python docs/gen_cli.py``, so it cannot drift."""
    expected = _generator().render()
    assert CLI_PAGE.read_text(encoding="utf-8") == expected, "run: python docs/gen_cli.py"


def _nav_pages(node: object) -> Iterator[str]:
    if isinstance(node, str):
        yield node
    elif isinstance(node, list):
        for item in node:
            yield from _nav_pages(item)
    elif isinstance(node, dict):
        for value in node.values():
            yield from _nav_pages(value)


def test_every_page_is_in_the_navigation() -> None:
    """No page is orphaned: each Markdown file under docs/ is listed in mkdocs.yml's nav."""
    import yaml

    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    listed = set(_nav_pages(config["nav"]))
    pages = {str(p.relative_to(DOCS)) for p in PAGES}
    assert pages - listed == set()
    assert listed - pages == set()


def _mkdocs_available() -> bool:
    return all(importlib.util.find_spec(m) for m in ("mkdocs", "material", "mkdocstrings", "mkdocstrings_handlers"))


def test_site_builds_strict(tmp_path: Path) -> None:
    """``mkdocs build --strict`` succeeds: no broken link, no missing page, every API name resolves."""
    if not _mkdocs_available():
        if os.environ.get("CI") == "true":
            pytest.fail("mkdocs, mkdocs-material or mkdocstrings[python] is not installed: pip install -e '.[docs]'")
        pytest.skip("mkdocs is not installed (pip install -e '.[docs]')")
    site = tmp_path / "site"
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(ROOT / "mkdocs.yml"), "-d", str(site)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert (site / "index.html").exists()
    api = (site / "reference" / "api" / "index.html").read_text(encoding="utf-8")
    assert "value_of" in api and "PartialDate" in api


def test_validate_summary_uses_the_singular_for_one(tmp_path: Path) -> None:
    """A dataset with one act and one provision is summarised as '1 act, 1 provision', as people write it."""
    path = tmp_path / "one.yaml"
    path.write_text(
        "lawtimeline: 1\nacts:\n  - {id: a, events: [{kind: in_force, date: 2021-04-01}]}\n"
        "provisions:\n  - {id: p, act: a, kind: number, value: 1}\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(cli, ["validate", str(path)], prog_name="lawtimeline")
    assert "1 act, 1 provision," in result.output
