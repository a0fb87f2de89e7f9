"""Plain-text tables and JSON views of query results, for the terminal and the CLI."""

from __future__ import annotations

import shutil
import textwrap
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from lawtimeline.io.write import plain_value
from lawtimeline.model import format_value

if TYPE_CHECKING:
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


def snapshot_table(tl: Timeline, snap: Snapshot) -> str:
    """What was in force on a day, as a table a journalist can read; caveats and pending changes below."""
    when = snap.on.format("D MMMM YYYY")
    head = f"In force on {when}" + (f", as known on {snap.as_of.format('D MMMM YYYY')}" if snap.as_of else "")
    rows = []
    notes: list[str] = []
    for pid, a in snap.items():
        p = tl.provisions[pid]
        name = p.name + (f" ({p.path})" if p.path and p.title else "")
        since, by = _since(a)
        status = "yes" if a.status == "definite" else ("UNRESOLVED" if a.in_force is None else "unresolved")
        mark = ""
        if a.caveats:
            notes.extend(c for c in a.caveats if c not in notes)
            mark = " *"
        rows.append([name, a.describe() + mark, since, by, status])
    out = [head, "", table(["Provision", "Value", "Since", "By", "Sure?"], rows, weights=[3, 4, 1, 1, 1])]
    if not rows:
        out.append("(nothing in force)")
    if notes:
        out += ["", "* Caveats:"] + [textwrap.fill(n, 100, initial_indent="  - ", subsequent_indent="    ")
                                     for n in notes]
    if snap.pending:
        out += ["", "Pending (no date of entry into force yet):"]
        for c in snap.pending:
            act = tl.acts._data.get(c.act)
            p = tl.provisions[c.provision]
            what = format_value(c.value, p.unit) if c.value is not None else "; ".join(map(str, c.items))
            out.append(textwrap.fill(f"{act.name if act else c.act} would {c.op.value} {p.name}"
                                     + (f": {what}" if what and what != "—" else ""),
                                     100, initial_indent="  - ", subsequent_indent="    "))
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
    }


def snapshot_json(tl: Timeline, snap: Snapshot) -> dict[str, Any]:
    return {
        "on": snap.on.isoformat(),
        "as_of": snap.as_of.isoformat() if snap.as_of else None,
        "provisions": [answer_json(a) for a in snap.values()],
        "pending": [c.id for c in snap.pending],
    }


def history_table(tl: Timeline, pid: str, versions: Sequence[Version]) -> str:
    p = tl.provisions[pid]
    rows = []
    for v in versions:
        act = tl.acts._data.get(v.act)
        rows.append([
            v.start.label if v.start else "?",
            v.end.label if v.end else "(current)",
            p.format(v.value),
            act.name if act else v.act,
            "yes" if v.certain else "no",
        ])
    head = f"History of {p.name}" + (f" ({p.path})" if p.path and p.title else "")
    body = table(["From", "Until (excl.)", "Value", "By", "Exact?"], rows, weights=[1, 1, 5, 1, 1])
    return f"{head}\n\n{body}" if rows else f"{head}\n\n(never in force)"


def history_json(tl: Timeline, pid: str, versions: Sequence[Version]) -> dict[str, Any]:
    return {
        "provision": pid,
        "versions": [
            {"value": plain_value(v.value), "start": v.start.edtf if v.start else None,
             "end": v.end.edtf if v.end else None, "change": v.change, "act": v.act, "certain": v.certain}
            for v in versions
        ],
    }


def diff_table(tl: Timeline, a: str, b: str, diffs: Sequence[Difference]) -> str:
    rows = []
    for d in diffs:
        p = tl.provisions[d.provision]
        rows.append([p.name, d.before.describe(), d.after.describe(), ", ".join(d.acts)])
    head = f"Changes between {a} and {b}"
    if not rows:
        return f"{head}\n\n(no differences)"
    return f"{head}\n\n" + table(["Provision", "Before", "After", "By"], rows, weights=[2, 3, 3, 1])


def diff_json(tl: Timeline, diffs: Sequence[Difference]) -> list[dict[str, Any]]:
    return [{"provision": d.provision, "before": answer_json(d.before), "after": answer_json(d.after),
             "changes": list(d.changes)} for d in diffs]
