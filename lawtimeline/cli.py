"""The ``lawtimeline`` command: thin over the library; problems become clean lines, never tracebacks.

Exit codes: 0 success, 1 dataset problems, 2 usage errors. A usage error about a value on the command line (a file
that does not exist, a date that is not one whole day, an unknown id) is one line on stderr, ``Error: …``; an
unknown id names the closest known ids and the ``lawtimeline ids`` command that lists them all.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import click

import lawtimeline as lt
from lawtimeline.errors import DatasetError, DateError, LawTimelineError, UnknownIdError
from lawtimeline.model import plural
from lawtimeline.render import tables

F = TypeVar("F", bound=Callable[..., Any])

#: ``UnknownIdError.what`` → the ``--kind`` of ``lawtimeline ids`` that lists those ids.
_ID_KINDS = {"act": "acts", "provision": "provisions", "change": "changes", "event": "events"}


class ValueUsageError(click.ClickException):
    """A usage error about a value given on the command line: one line on stderr (no usage text), exit 2."""

    exit_code = 2


def _load(path: str) -> lt.Timeline:
    try:
        tl = lt.load(path)
    except FileNotFoundError:
        raise ValueUsageError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise ValueUsageError(f"{path}: is a directory, not a dataset file") from None
    ctx = click.get_current_context(silent=True)
    if ctx is not None:
        ctx.meta["lawtimeline.loaded"] = (path, tl)
    return tl


def _unknown_id(e: UnknownIdError) -> str:
    """The unknown-id message with its suggestions (the loader's close matches, else ids that contain what was
    typed) and, when the dataset is known, the command that lists the ids of that kind."""
    ctx = click.get_current_context(silent=True)
    loaded = ctx.meta.get("lawtimeline.loaded") if ctx is not None else None
    message = e.message
    if loaded is None:
        return message
    path, tl = loaded
    known = {"act": tl.acts, "provision": tl.provisions, "change": tl.changes, "event": tl.events}.get(e.what)
    if known is not None and "(did you mean" not in message:
        typed = e.key.casefold()
        near = [k for k in known if typed and typed in k.casefold()][:3]
        if near:
            message += f" (did you mean {', '.join(repr(k) for k in near)}?)"
    if e.what in _ID_KINDS:
        message += f"; `lawtimeline ids {path} --kind {_ID_KINDS[e.what]}` lists them"
    return message


def _guard(fn: F) -> F:
    """Turn library errors into clean messages and exit codes."""

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except DatasetError as e:
            for p in e.problems:
                click.echo(str(p), err=True)
            errors = sum(1 for p in e.problems if p.severity == "error")
            click.echo(f"{errors} problem{'s' if errors != 1 else ''}", err=True)
            sys.exit(1)
        except UnknownIdError as e:
            raise ValueUsageError(_unknown_id(e)) from None
        except DateError as e:
            raise ValueUsageError(str(e)) from None
        except LawTimelineError as e:
            click.echo(f"error: {e}", err=True)
            sys.exit(1)
        except OSError as e:
            raise ValueUsageError(f"{e.filename or ''}: {e.strerror}") from None

    wrapper.__name__ = fn.__name__
    wrapper.__doc__ = fn.__doc__
    return wrapper  # type: ignore[return-value]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(lt.__version__, prog_name="lawtimeline")
def cli() -> None:
    """Legal-change timelines: validate datasets, ask what was in force, render timelines."""


@cli.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--strict", is_flag=True, help="Treat warnings as problems (exit 1).")
@_guard
def validate(files: Sequence[str], strict: bool) -> None:
    """Check dataset FILES: print every problem and warning; exit 1 if any file has problems."""
    failed = False
    for path in files:
        try:
            tl = _load(path)
        except DatasetError as e:
            failed = True
            for p in e.problems:
                click.echo(str(p), err=True)
            n = sum(1 for p in e.problems if p.severity == "error")
            click.echo(f"{path}: {n} problem{'s' if n != 1 else ''}", err=True)
            continue
        warnings = tl.check()
        for w in warnings:
            click.echo(str(w), err=True)
        if strict and warnings:
            failed = True
        click.echo(f"{path}: ok — {_counts(tl)}; {plural(len(warnings), 'warning')}")
    if failed:
        sys.exit(1)


def _counts(tl: lt.Timeline) -> str:
    """``8 acts, 11 provisions, 16 changes, 24 life-cycle events, 9 context events, 30 sources``: the acts'
    life-cycle events are counted apart from the dataset's context events."""
    life = sum(len(a.events) for a in tl.acts.values())
    return ", ".join([plural(len(tl.acts), "act"), plural(len(tl.provisions), "provision"),
                      plural(len(tl.changes), "change"), plural(life, "life-cycle event"),
                      plural(len(tl.events), "context event"), plural(len(tl.sources), "source")])


@cli.command()
def schema() -> None:
    """Print the JSON Schema of the dataset format."""
    click.echo(json.dumps(lt.io.schema(), indent=2, ensure_ascii=False))


@cli.command("in-force")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--on", "on", required=True, metavar="DATE", help="The day (YYYY-MM-DD).")
@click.option("--as-of", "as_of", metavar="DATE", help="Only what was knowable on this day.")
@click.option("--tag", "tags", multiple=True, help="Keep provisions with this tag (repeatable).")
@click.option("--act", "act", help="Keep the provisions of this act.")
@click.option("--where", "where", metavar="CODE",
              help="Answer in one territory (a code of the provisions' extent, such as E).")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@_guard
def in_force(file: str, on: str, as_of: str | None, tags: tuple[str, ...], act: str | None, where: str | None,
             fmt: str) -> None:
    """What was in force on a day, and how sure we are."""
    tl = _load(file)
    snap = tl.in_force(on, as_of=as_of, tags=tags or None, act=act, where=where)
    if fmt == "json":
        click.echo(json.dumps(tables.snapshot_json(tl, snap), indent=2, ensure_ascii=False))
    else:
        click.echo(tables.snapshot_table(tl, snap))


@cli.command()
@click.argument("file", type=click.Path(dir_okay=False))
@click.argument("provision")
@click.option("--as-of", "as_of", metavar="DATE", help="Only what was knowable on this day.")
@click.option("--where", "where", metavar="CODE",
              help="Answer in one territory (a code of the provisions' extent, such as E).")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@_guard
def history(file: str, provision: str, as_of: str | None, where: str | None, fmt: str) -> None:
    """The versions of one PROVISION, oldest first."""
    tl = _load(file)
    versions = tl.history(provision, as_of=as_of, where=where)
    if fmt == "json":
        click.echo(json.dumps(tables.history_json(tl, provision, versions), indent=2, ensure_ascii=False))
    else:
        click.echo(tables.history_table(tl, provision, versions, as_of=_day(as_of)))


def _day(value: str | None) -> Any:
    from lawtimeline.dates import to_day

    return to_day(value) if value is not None else None


@cli.command()
@click.argument("file", type=click.Path(dir_okay=False))
@click.argument("a", metavar="DATE")
@click.argument("b", metavar="DATE")
@click.option("--as-of", "as_of", metavar="DATE", help="Only what was knowable on this day.")
@click.option("--where", "where", metavar="CODE",
              help="Answer in one territory (a code of the provisions' extent, such as E).")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@_guard
def diff(file: str, a: str, b: str, as_of: str | None, where: str | None, fmt: str) -> None:
    """What changed between two days, and which acts did it."""
    tl = _load(file)
    diffs = tl.diff(a, b, as_of=as_of, where=where)
    if fmt == "json":
        click.echo(json.dumps(tables.diff_json(tl, diffs), indent=2, ensure_ascii=False))
    else:
        click.echo(tables.diff_table(tl, _day(a), _day(b), diffs, as_of=_day(as_of)))


@cli.command()
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(["graphml", "json"]), default="graphml", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), help="Write here, not to stdout.")
@_guard
def graph(file: str, fmt: str, output: str | None) -> None:
    """Export the dependency graph of acts, provisions and events (GraphML or node-link JSON)."""
    from lawtimeline.interop.graphml import graphml_text, node_link_json

    tl = _load(file)
    text = graphml_text(tl.graph) if fmt == "graphml" else node_link_json(tl.graph)
    if output:
        with open(output, "w", encoding="utf-8") as f:
            f.write(text)
        click.echo(f"{output}: {tl.graph.number_of_nodes()} nodes, {tl.graph.number_of_edges()} edges")
    else:
        click.echo(text, nl=False)


@cli.command()
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, writable=True),
              help="The file to write.")
@click.option("--format", "fmt", type=click.Choice(["html", "svg", "png", "pdf"]), default=None,
              help="html (the interactive page), svg (the drawing alone, static), png (the drawing, through "
                   "Chromium) or pdf (the page printed, through Chromium); default: from the output's extension, "
                   "else html.")
@click.option("--paper", type=click.Choice(["a4", "letter"]), default="a4", show_default=True,
              help="Paper size for --format pdf.")
@click.option("--title", help="Title of the page (default: the dataset's title).")
@click.option("--lanes", type=click.Choice(["act", "provision", "tag"]), default="act", show_default=True,
              help="Group the drawing's lanes by act, provision or tag.")
@click.option("--start", metavar="DATE", help="First day shown.")
@click.option("--end", metavar="DATE", help="Last day shown.")
@_guard
def render(file: str, output: str, fmt: str | None, paper: str, title: str | None, lanes: str, start: str | None,
           end: str | None) -> None:
    """Render FILE as an HTML timeline, its drawing as SVG or PNG, or the page as PDF.

    Works offline: nothing reaches the network. PNG and PDF are drawn by Chromium."""
    if fmt is None:
        suffix = os.path.splitext(output)[1].lower().lstrip(".")
        fmt = suffix if suffix in ("svg", "png", "pdf") else "html"
    tl = _load(file)
    options: dict[str, Any] = {"title": title, "lanes": lanes, "start": start, "end": end}
    if fmt == "html":
        tl.save_html(output, **options)
    elif fmt == "svg":
        tl.save_svg(output, **options)
    else:
        from lawtimeline.render import export

        if fmt == "png":
            export.save_png(tl, output, **options)
        else:
            export.save_pdf(tl, output, paper=paper, **options)
    size = os.path.getsize(output)
    shown = tl.chronology(start, end) if start is not None or end is not None else tl.chronology()
    click.echo(f"{output}: {len(shown)} {'entry' if len(shown) == 1 else 'entries'}, {size / 1024:.0f} KB")


@cli.command()
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--markdown", is_flag=True, help="Markdown instead of plain text.")
@click.option("--width", type=int, default=80, show_default=True, help="Columns for plain text.")
@_guard
def show(file: str, markdown: bool, width: int) -> None:
    """Print the chronology of FILE as text (or Markdown)."""
    tl = _load(file)
    click.echo(tl.to_markdown() if markdown else tl.to_text(width), nl=False)


def _one_line(text: str) -> str:
    """Text that stays one tab-separated field: tabs, line breaks and other control characters become spaces."""
    return " ".join("".join(" " if ch < " " or "\x7f" <= ch <= "\x9f" else ch for ch in text).split())


@cli.command()
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--kind", "kinds", multiple=True, type=click.Choice(["acts", "provisions", "changes", "events"]),
              help="List only these ids (repeatable; default: all four kinds).")
@_guard
def ids(file: str, kinds: tuple[str, ...]) -> None:
    """List the ids of FILE: kind, id and title, one a line, tab-separated.

    The lines pipe into cut, grep or sort (`cut -f2` gives the ids). Acts are named by their title, provisions
    by theirs, changes by what they do, context events by their title; life-cycle events are not listed (their
    ids are <act>/<kind>)."""
    from lawtimeline.chronology import change_title

    tl = _load(file)
    wanted = set(kinds) or {"acts", "provisions", "changes", "events"}
    rows: list[tuple[str, str, str]] = []
    if "acts" in wanted:
        rows += [("act", a.id, a.title or a.name) for a in tl.acts.values()]
    if "provisions" in wanted:
        rows += [("provision", p.id, p.name) for p in tl.provisions.values()]
    if "changes" in wanted:
        rows += [("change", c.id, change_title(tl, c)) for c in tl.changes.values()]
    if "events" in wanted:
        rows += [("event", e.id, e.title or e.kind.replace("_", " ")) for e in tl.events.values()]
    for kind, id_, title in rows:
        click.echo(f"{kind}\t{_one_line(id_)}\t{_one_line(title)}")


@cli.group("import")
def import_() -> None:
    """Import datasets from other formats: uk (legislation.gov.uk effects), akn (Akoma Ntoso, LegalDocML.de),
    lawsafrica (Laws.Africa works JSON) and openfisca (OpenFisca parameters).

    Every import writes a dataset that validates and round-trips; what the source holds but the import leaves
    out is printed on stderr as warnings with file and line (in Python, tl.check() lists them)."""


def _import_official(module: str, paths: tuple[str, ...], output: str, title: str | None) -> None:
    import importlib
    import time

    loader = importlib.import_module(f"lawtimeline.interop.{module}")
    started = time.perf_counter()
    done: list[str] = []

    def progress(path: str) -> None:
        done.append(path)
        click.echo(f"reading {path} ({len(done)})", err=True)

    tl = loader.load(*paths, title=title, progress=progress)
    left_out = tl._import_warnings
    for p in left_out:
        click.echo(str(p), err=True)
    tl.save(output)
    click.echo(f"{output}: {tl.counts()}; {plural(len(left_out), 'warning')} about what was left out "
               f"({time.perf_counter() - started:.2f} s)")


_PATHS = click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
_OUTPUT = click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, writable=True),
                       help="The dataset to write (.yaml, .yml or .json).")
_TITLE = click.option("--title", help="Title of the dataset.")


@import_.command("uk")
@_PATHS
@_OUTPUT
@_TITLE
@_guard
def import_uk(paths: tuple[str, ...], output: str, title: str | None) -> None:
    """Import legislation.gov.uk effects (CLML Atom feeds or documents' metadata) from PATHS."""
    _import_official("legislation_gov_uk", paths, output, title)


@import_.command("akn")
@_PATHS
@_OUTPUT
@_TITLE
@_guard
def import_akn(paths: tuple[str, ...], output: str, title: str | None) -> None:
    """Import Akoma Ntoso documents (AKN 3.0, LegalDocML.de, AKN 2.0): a law and the laws amending it."""
    _import_official("akn", paths, output, title)


@import_.command("lawsafrica")
@_PATHS
@_OUTPUT
@_TITLE
@_guard
def import_lawsafrica(paths: tuple[str, ...], output: str, title: str | None) -> None:
    """Import Laws.Africa works JSON, one or more snapshots of a collection."""
    _import_official("lawsafrica", paths, output, title)


@import_.command("openfisca")
@click.argument("directory", type=click.Path(file_okay=False, exists=True))
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, writable=True),
              help="The dataset to write (.yaml, .yml or .json).")
@click.option("--title", help="Title of the dataset.")
@_guard
def import_openfisca(directory: str, output: str, title: str | None) -> None:
    """Import an OpenFisca parameter DIRECTORY as a lawtimeline dataset."""
    from lawtimeline.interop import openfisca

    tl = openfisca.load(directory, title=title)
    tl.save(output)
    click.echo(f"{output}: {len(tl.provisions)} provisions, {len(tl.changes)} changes, {len(tl.sources)} sources")


@cli.command()
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(["timelinejs", "json", "yaml", "parquet"]), required=True,
              help="timelinejs: TimelineJS3 JSON; json/yaml: the canonical dataset; parquet: the engine's segments "
                   "and the changes, events, versions and provisions tables, as Parquet files in the -o directory.")
@click.option("-o", "--output", type=click.Path(writable=True),
              help="Write here, not to stdout (for parquet: the directory, required).")
@click.option("--as-of", "as_of", metavar="DATE", help="parquet: the segments and versions as known on this day.")
@click.option("--where", "where", metavar="CODE", help="parquet: the segments in one territory (such as E).")
@_guard
def export(file: str, fmt: str, output: str | None, as_of: str | None, where: str | None) -> None:
    """Export FILE to TimelineJS3 JSON, the canonical dataset format or Parquet tables."""
    if fmt == "parquet":
        if not output:
            raise click.UsageError("--format parquet writes a directory of files: give it with -o DIR")
        tl = _load(file)
        paths = tl.to_parquet(output, as_of=as_of, where=where)
        size = sum(os.path.getsize(p) for p in paths.values())
        click.echo(f"{output}: {', '.join(p.name for p in paths.values())} ({size / 1024:.0f} KB)")
        return
    if as_of is not None or where is not None:
        raise click.UsageError(f"{'--as-of' if as_of is not None else '--where'} applies to --format parquet only")
    tl = _load(file)
    if fmt == "timelinejs":
        text = json.dumps(tl.to_timelinejs(), ensure_ascii=False, indent=2) + "\n"
    else:
        text = lt.dumps(tl, fmt)
    if output:
        with open(output, "w", encoding="utf-8") as f:
            f.write(text)
    else:
        click.echo(text, nl=False)


def main(argv: Sequence[str] | None = None) -> None:
    """Entry point of the ``lawtimeline`` console script."""
    cli.main(args=list(argv) if argv is not None else None, prog_name="lawtimeline")


if __name__ == "__main__":  # pragma: no cover
    main()
