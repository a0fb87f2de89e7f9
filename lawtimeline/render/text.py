"""The chronology as plain text (for terminals, 80 columns) and as Markdown (for reports)."""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from lawtimeline.timeline import Timeline

DATE_W = 22


def _source_numbers(tl: Timeline) -> dict[str, int]:
    numbers: dict[str, int] = {}
    for e in tl.chronology():
        for s in e.sources:
            numbers.setdefault(s, len(numbers) + 1)
    return numbers


def to_text(tl: Timeline, width: int = 80) -> str:
    """Every dated entry, one block each: the date in words, what happened, caveats and source numbers."""
    width = max(40, width)
    numbers = _source_numbers(tl)
    out = []
    title = tl.title or "Legal timeline"
    out += [*textwrap.wrap(title, width), "=" * min(width, len(title))]
    if tl.description:
        out += ["", *textwrap.wrap(tl.description, width)]
    out.append("")
    body_w = width - DATE_W - 1
    for e in tl.chronology():
        cites = "".join(f"[{numbers[s]}]" for s in e.sources if s in numbers)
        kind = e.kind.replace("_", " ")
        text = f"{kind}: {e.title}" + (f" {cites}" if cites else "")
        dates = textwrap.wrap(e.date.label, DATE_W) or [""]
        lines = textwrap.wrap(text, body_w) or [""]
        for c in e.caveats:
            lines += textwrap.wrap(f"! {c}", body_w, subsequent_indent="  ")
        for i in range(max(len(dates), len(lines))):
            left = dates[i] if i < len(dates) else ""
            right = lines[i] if i < len(lines) else ""
            out.append(f"{left:<{DATE_W}} {right}".rstrip())
    if numbers:
        out += ["", "Sources", "-------"]
        for sid, n in numbers.items():
            s = tl.sources[sid]
            parts = [s.title or s.id, s.publisher, s.date.label if s.date else None, s.url]
            out += textwrap.wrap(f"[{n}] " + ", ".join(p for p in parts if p), width, subsequent_indent="    ",
                                 break_long_words=True, break_on_hyphens=False)
    return "\n".join(out) + "\n"


def _md(text: str) -> str:
    """Escape Markdown's special characters in dataset text."""
    for ch in "\\`*_{}[]<>()#+-.!|":
        text = text.replace(ch, "\\" + ch)
    return text


def to_markdown(tl: Timeline) -> str:
    """A Markdown chronology: a bullet per entry with footnote references, the sources as footnotes."""
    numbers = _source_numbers(tl)
    out = [f"# {_md(tl.title or 'Legal timeline')}", ""]
    if tl.description:
        out += [_md(tl.description), ""]
    for e in tl.chronology():
        cites = "".join(f"[^{numbers[s]}]" for s in e.sources if s in numbers)
        out.append(f"- **{_md(e.date.label)}** — *{_md(e.kind.replace('_', ' '))}*: {_md(e.title)}{cites}")
        for c in e.caveats:
            out.append(f"    - ⚠ {_md(c)}")
    if numbers:
        out.append("")
        for sid, n in numbers.items():
            s = tl.sources[sid]
            title = _md(s.title or s.id)
            from lawtimeline.render.html import safe_url

            url = safe_url(s.url)
            link = f"[{title}](<{url.replace('>', '%3E').replace(' ', '%20')}>)" if url else title
            extra = ", ".join(_md(p) for p in (s.publisher, s.date.label if s.date else None) if p)
            out.append(f"[^{n}]: {link}" + (f", {extra}" if extra else ""))
    return "\n".join(out) + "\n"
