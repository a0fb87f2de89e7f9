"""Plain-text tables and JSON views of query results, for the terminal and the CLI."""

from __future__ import annotations

import shutil
import textwrap
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import pendulum

from lawtimeline.io.write import plain_value
from lawtimeline.model import format_value

if TYPE_CHECKING:
    from lawtimeline.model import Change
    from lawtimeline.results import Answer, Difference, Snapshot, Version
    from lawtimeline.timeline import Timeline


def table(headers: Sequence[str], rows: Sequence[Sequence[str]], width: int | None = None,
          weights: Sequence[int] | None = None) -> str:
    """A text table whose cells wrap to fit ``width`` columns (the terminal's, at most 120)."""
    width = width or min(shutil.get_terminal_size((100, 24)).columns, 120)
    n = len(headers)
    natural = [max([len(h), *(max((len(w) for w in r[i].split()), default=0) for r in rows)]) for i, h in
               enumerate(headers)]
    full = [max([len(h), *(len(r[i]) for r in rows)]) for i, h in enumerate(headers)]
    avail = width - 3 * (n - 1)
    widths = list(full)
    if sum(widths) > avail:
        weights = weights or [1] * n
        spare = avail - sum(natural)
        total = sum(weights)
        widths = [max(natural[i], min(full[i], natural[i] + spare * weights[i] // total if spare > 0 else 0))
                  for i in range(n)]
    lines = []

    def emit(cells: Sequence[str]) -> None:
        wrapped = [textwrap.wrap(c, widths[i]) or [""] for i, c in enumerate(cells)]
        for k in range(max(len(w) for w in wrapped)):
            parts = [(w[k] if k < len(w) else "").ljust(widths[i]) for i, w in enumerate(wrapped)]
            lines.append("   ".join(parts).rstrip())

    emit(headers)
    lines.append("   ".join("─" * w for w in widths))
    for r in rows:
        emit(r)
    return "\n".join(lines)


def _since(a: Answer) -> tuple[str, str]:
    """When a definite value began, and the name of the act that made it."""
    if a.status != "definite" or a.since is None:
        return "", ""
    return a.since.label, a.outcome.by or ""


def day_words(d: pendulum.Date) -> str:
    """A day as people write it: ``1 January 2024``."""
    return d.format("D MMMM YYYY")


def _or(words: Sequence[str]) -> str:
    """``a``, ``a or b``, ``a, b or c``."""
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} or {words[-1]}"


def _limits(a: Answer) -> tuple[str, ...]:
    """The words of a partial answer's limits ("in England and Wales only"), when the answer has them."""
    return tuple(a.limits)


def value_words(tl: Timeline, a: Answer) -> str:
    """The answer's value in words, saying when it is not settled: ``10,000–30,000 RUB``, ``not in force``,
    ``unresolved: 5,000 GEL or 25,000 GEL``, ``partial: 5,000 GEL in England only; otherwise 100 GEL``."""
    p = tl.provisions._data.get(a.provision)

    def one(in_force: bool, value: Any) -> str:
        if not in_force:
            return "not in force"
        return p.format(value) if p is not None else format_value(value)

    if a.status == "definite":
        return one(bool(a.in_force), a.value)
    words = [one(f, v) for f, v in a.candidates]
    if not words:
        return str(a.status)
    if a.status == "partial" and words:
        limits = _limits(a)
        first = words[0] + (f" {', '.join(limits)}" if limits else " in part")
        return f"partial: {first}" + (f"; otherwise {_or(words[1:])}" if len(words) > 1 else "")
    if all(len(w) <= 30 and ";" not in w for w in words):
        return f"{a.status}: {_or(words)}"
    first_in, first = a.candidates[0]
    for i, (f, v) in enumerate(a.candidates):
        if i and f and first_in and isinstance(v, frozenset) and isinstance(first, frozenset):
            # a long set told again in full hides what differs: say it as the first one, plus and minus
            plus, minus = "; ".join(sorted(map(str, v - first))), "; ".join(sorted(map(str, first - v)))
            words[i] = "as (a)" + (f", adding: {plus}" if plus else "") + (f", without: {minus}" if minus else "")
    return f"{a.status}, one of: " + " ".join(f"({chr(ord('a') + i)}) {w}" for i, w in enumerate(words))


def _sure(a: Answer) -> str:
    return {"definite": "yes", "partial": "partly"}.get(a.status, "no")


class _Notes:
    """Numbered notes under a table: each distinct text gets one number, rows cite the numbers they rest on."""

    def __init__(self) -> None:
        self.numbers: dict[str, int] = {}

    def cite(self, texts: Sequence[str]) -> str:
        marks = "".join(f"[{self.numbers.setdefault(t, len(self.numbers) + 1)}]" for t in dict.fromkeys(texts))
        return f" {marks}" if marks else ""

    def lines(self, heading: str = "Notes:") -> list[str]:
        if not self.numbers:
            return []
        out = ["", heading]
        for text, n in self.numbers.items():
            lead = f"  [{n}] "
            out.append(textwrap.fill(text, 100, initial_indent=lead, subsequent_indent=" " * len(lead)))
        return out


def pending_lines(tl: Timeline, changes: Sequence[Change], heading: str) -> list[str]:
    """The pending changes in words, each citing its sources by number, with the sources listed below them."""
    if not changes:
        return []
    from lawtimeline.chronology import pending_title

    numbers: dict[str, int] = {}
    out = ["", heading]
    for c in changes:
        cites = "".join(f"[{numbers.setdefault(s, len(numbers) + 1)}]" for s in c.sources if s in tl.sources)
        out.append(textwrap.fill(pending_title(tl, c) + (f" {cites}" if cites else ""), 100,
                                 initial_indent="  - ", subsequent_indent="    "))
    if numbers:
        out += ["", "Sources:"]
        for sid, n in numbers.items():
            src = tl.sources[sid]
            parts = [src.title or src.id, src.publisher, src.date.label if src.date else None, src.url]
            lead = f"  [{n}] "
            out.append(textwrap.fill(", ".join(x for x in parts if x), 100, initial_indent=lead,
                                     subsequent_indent=" " * len(lead)))
    return out


PENDING_HEADING = "Pending (no date of entry into force yet):"


def snapshot_table(tl: Timeline, snap: Snapshot, width: int | None = None) -> str:
    """What was in force on a day, as a table a journalist can read: each row cites its own caveats by number
    (the notes under the table), unresolved and partial rows say so in words, pending changes come last."""
    when = day_words(snap.on)
    head = f"In force on {when}" + (f", as known on {day_words(snap.as_of)}" if snap.as_of else "")
    rows = []
    notes = _Notes()
    for pid, a in snap.items():
        p = tl.provisions[pid]
        name = p.name + (f" ({p.path})" if p.path and p.title else "")
        since, by = _since(a)
        rows.append([name, value_words(tl, a) + notes.cite(a.caveats), since, by, _sure(a)])
    out = [head, "", table(["Provision", "Value", "Since", "By", "Sure?"], rows, width, weights=[3, 4, 1, 1, 1])]
    if not rows:
        out.append("(nothing in force)")
    out += notes.lines()
    out += pending_lines(tl, snap.pending, PENDING_HEADING)
    return "\n".join(out)


def answer_json(a: Answer) -> dict[str, Any]:
    return {
        "provision": a.provision,
        "on": a.on.isoformat(),
        "as_of": a.as_of.isoformat() if a.as_of else None,
        "status": a.status,
        "in_force": a.in_force,
        "value": plain_value(a.value),
        "candidates": [{"in_force": f, "value": plain_value(v)} for f, v in a.candidates],
        "since": a.since.edtf if a.since else None,
        "change": a.change,
        "caveats": list(a.caveats),
        "limits": list(_limits(a)),
    }


def snapshot_json(tl: Timeline, snap: Snapshot) -> dict[str, Any]:
    return {
        "on": snap.on.isoformat(),
        "as_of": snap.as_of.isoformat() if snap.as_of else None,
        "provisions": [answer_json(a) for a in snap.values()],
        "pending": [c.id for c in snap.pending],
    }


def history_table(tl: Timeline, pid: str, versions: Sequence[Version], as_of: pendulum.Date | None = None,
                  width: int | None = None) -> str:
    """The versions of a provision, oldest first, then the changes to it that are still pending."""
    p = tl.provisions[pid]
    rows = []
    for v in versions:
        act = tl.acts._data.get(v.act)
        rows.append([
            v.start.label if v.start else "?",
            v.end.label if v.end else "(current)",
            p.format(v.value) + (f" ({'; '.join(v.limits)})" if v.limits else ""),
            act.name if act else v.act,
            "yes" if v.certain else "no",
        ])
    head = f"History of {p.name}" + (f" ({p.path})" if p.path and p.title else "")
    body = table(["From", "Until (excl.)", "Value", "By", "Exact?"], rows, width, weights=[1, 1, 5, 1, 1])
    out = [head, "", body if rows else "(never in force)"]
    from lawtimeline.chronology import pending_changes

    out += pending_lines(tl, pending_changes(tl, provision=pid, as_of=as_of), PENDING_HEADING)
    return "\n".join(out)


def history_json(tl: Timeline, pid: str, versions: Sequence[Version]) -> dict[str, Any]:
    return {
        "provision": pid,
        "versions": [
            {"value": plain_value(v.value), "start": v.start.edtf if v.start else None,
             "end": v.end.edtf if v.end else None, "change": v.change, "act": v.act, "certain": v.certain,
             **({"limits": list(v.limits)} if v.limits else {})}
            for v in versions
        ],
    }


def diff_table(tl: Timeline, a: pendulum.Date, b: pendulum.Date, diffs: Sequence[Difference],
               as_of: pendulum.Date | None = None, width: int | None = None) -> str:
    """What changed between two days, in words; each row cites the caveats of its two answers by number."""
    rows = []
    notes = _Notes()
    for d in diffs:
        p = tl.provisions[d.provision]
        rows.append([p.name, value_words(tl, d.before) + notes.cite(d.before.caveats),
                     value_words(tl, d.after) + notes.cite(d.after.caveats), ", ".join(d.acts)])
    head = f"Changes between {day_words(a)} and {day_words(b)}" + (
        f", as known on {day_words(as_of)}" if as_of else "")
    if not rows:
        return f"{head}\n\n(no differences)"
    out = [head, "", table(["Provision", "Before", "After", "By"], rows, width, weights=[2, 3, 3, 1])]
    return "\n".join(out + notes.lines())


def diff_json(tl: Timeline, diffs: Sequence[Difference]) -> list[dict[str, Any]]:
    return [{"provision": d.provision, "before": answer_json(d.before), "after": answer_json(d.after),
             "changes": list(d.changes)} for d in diffs]
