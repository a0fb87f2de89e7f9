"""Write docs/reference/cli.md from the CLI's own ``--help`` texts, so the page cannot drift from the code.

Run from anywhere: ``python docs/gen_cli.py`` (``--check`` exits 1 if the committed page is out of date).
``tests/test_docs.py`` asserts that the committed page equals :func:`render`.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import click
from click.testing import CliRunner

from lawtimeline.cli import cli

PAGE = Path(__file__).resolve().parent / "reference" / "cli.md"
PROG = "lawtimeline"
WIDTH = 100  # a fixed width, so the text does not depend on the terminal that runs the generator

INTRO = """\
# Command-line interface

The `lawtimeline` command is a thin layer over the library: each command parses its arguments and calls one
library function. Dataset problems are printed one a line as `file:line:column: path: message`, without a
traceback, and exit with status 1; usage errors (a missing option, a partial date where a day is needed, an
unknown id) exit with status 2. A usage error about a value (a file that does not exist, a date, an id) is one
line on stderr, `Error: …`; an unknown id names the closest known ids and the `lawtimeline ids` command that
lists them:

```text
$ lawtimeline history examples/russia_migrants.yaml ru-cao-fine
Error: unknown provision id 'ru-cao-fine' (did you mean 'ru-cao-fine-summons', 'ru-cao-fine-medical', \
'ru-cao-fine-trip-abroad'?); `lawtimeline ids examples/russia_migrants.yaml --kind provisions` lists them
```

The tables (`in-force`, `history`, `diff`) give dates in words, cite each row's caveats by number with the
notes under the table, say in words when an answer is unresolved or partial, and list the changes that have no
date of entry into force yet, each citing its sources.

This page is generated from the commands' own `--help` texts by `python docs/gen_cli.py`; do not edit it by
hand. Every command also answers `-h`.
"""


def walk(group: click.Group, path: tuple[str, ...] = (PROG,)) -> Iterator[tuple[tuple[str, ...], click.Command]]:
    """Every command under ``group`` as ``(path, command)``, the group itself first, in definition order."""
    yield path, group
    for name, cmd in group.commands.items():
        if isinstance(cmd, click.Group):
            yield from walk(cmd, (*path, name))
        else:
            yield (*path, name), cmd


def help_text(path: tuple[str, ...]) -> str:
    """The ``--help`` text of the command at ``path``, exactly as the user sees it, at a fixed width."""
    result = CliRunner().invoke(
        cli, [*path[1:], "--help"], prog_name=PROG, terminal_width=WIDTH, max_content_width=WIDTH
    )
    if result.exit_code != 0:
        raise RuntimeError(f"{' '.join(path)} --help failed: {result.output}")
    return result.output


def render() -> str:
    """The whole page, as committed."""
    out = [INTRO]
    toc = []
    for path, _cmd in walk(cli):
        if len(path) > 1:
            toc.append(f"- [`{' '.join(path)}`](#{'-'.join(path)})")
    out += ["## Commands", "", *toc, ""]
    for path, cmd in walk(cli):
        title = " ".join(path)
        out += [f"## {title} {{ #{'-'.join(path)} }}", ""]
        short = cmd.get_short_help_str(limit=WIDTH)
        if short:
            out += [short, ""]
        out += ["```text", f"$ {title} --help", help_text(path).rstrip(), "```", ""]
    return "\n".join(out).rstrip() + "\n"


def main(argv: list[str]) -> int:
    text = render()
    if "--check" in argv:
        current = PAGE.read_text(encoding="utf-8") if PAGE.exists() else ""
        if current != text:
            print(f"{PAGE} is out of date: run python docs/gen_cli.py", file=sys.stderr)
            return 1
        return 0
    PAGE.write_text(text, encoding="utf-8")
    print(f"wrote {PAGE}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
