"""The chronology as plain text (for terminals, 80 columns) and as Markdown (for reports)."""

from __future__ import annotations

import re
import unicodedata
from typing import TYPE_CHECKING

from lawtimeline.chronology import pending_changes, pending_title

if TYPE_CHECKING:
    from lawtimeline.timeline import Timeline

DATE_W = 22
PENDING_HEADING = "Pending (no date of entry into force yet)"


def _source_numbers(tl: Timeline) -> dict[str, int]:
    """Sources numbered as in the HTML page: by first citation in the chronology, then the rest cited."""
    from lawtimeline.render.html import cited_elsewhere

    numbers: dict[str, int] = {}
    for e in tl.chronology():
        for s in e.sources:
            numbers.setdefault(s, len(numbers) + 1)
    for s in cited_elsewhere(tl):
        numbers.setdefault(s, len(numbers) + 1)
    return numbers


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _clean(text: str) -> str:
    """Terminal-safe text: control characters (ESC, BEL, …) shown as escapes, never sent raw."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def _cells(text: str) -> int:
    """Display width: East Asian wide and full-width characters take two columns, combining marks none."""
    width = 0
    for ch in text:
        if unicodedata.combining(ch):
            continue
        width += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return width


def _take(word: str, room: int) -> str:
    """The longest start of ``word`` that fits ``room`` columns (at least one character)."""
    out, n = "", 0
    for ch in word:
        w = _cells(ch)
        if out and n + w > room:
            break
        out += ch
        n += w
    return out


def _wrap(text: str, width: int, indent: str = "") -> list[str]:
    """Greedy word wrap by display width; continuation lines start with ``indent``; over-long words are cut."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        while word:
            room = width - (_cells(indent) if lines else 0)
            if _cells(line) + (1 if line else 0) + _cells(word) <= room:
                line = f"{line} {word}" if line else word
                break
            if line:
                lines.append(line)
                line = ""
                continue
            cut = _take(word, room)
            lines.append(cut)
            word = word[len(cut):]
    if line:
        lines.append(line)
    return [indent + ln if i else ln for i, ln in enumerate(lines)]


def to_text(tl: Timeline, width: int = 80) -> str:
    """Every dated entry, one block each: the date in words, what happened, caveats and source numbers; then the
    changes still pending (no date of entry into force yet), citing their sources by the same numbers."""
    width = max(40, width)
    numbers = _source_numbers(tl)
    out = []
    title = tl.title or "Legal timeline"
    title = _clean(title)
    out += [*_wrap(title, width), "=" * min(width, _cells(title))]
    if tl.description:
        out += ["", *_wrap(_clean(tl.description), width)]
    out.append("")
    body_w = width - DATE_W - 1
    for e in tl.chronology():
        cites = "".join(f"[{numbers[s]}]" for s in e.sources if s in numbers)
        kind = e.kind.replace("_", " ")
        text = _clean(f"{kind}: {e.title}") + (f" {cites}" if cites else "")
        dates = _wrap(e.date.label, DATE_W) or [""]
        lines = _wrap(text, body_w) or [""]
        for c in e.caveats:
            lines += _wrap(_clean(f"! {c}"), body_w, "  ")
        for i in range(max(len(dates), len(lines))):
            left = dates[i] if i < len(dates) else ""
            right = lines[i] if i < len(lines) else ""
            out.append(f"{left:<{DATE_W}} {right}".rstrip())
    pending = pending_changes(tl)
    if pending:
        out += ["", *_wrap(PENDING_HEADING, width), "-" * min(width, len(PENDING_HEADING))]
        for change in pending:
            cites = "".join(f"[{numbers[s]}]" for s in change.sources if s in numbers)
            out += _wrap(_clean(pending_title(tl, change)) + (f" {cites}" if cites else ""), width, "  ")
    if numbers:
        out += ["", "Sources", "-------"]
        for sid, n in numbers.items():
            s = tl.sources[sid]
            parts = [s.title or s.id, s.publisher, s.date.label if s.date else None, s.url]
            out += _wrap(_clean(f"[{n}] " + ", ".join(p for p in parts if p)), width, "    ")
    return "\n".join(out) + "\n"


def _md(text: str) -> str:
    """Escape Markdown's special characters in dataset text."""
    for ch in "\\`*_{}[]<>()#+-.!|&=~":
        text = text.replace(ch, "\\" + ch)
    return text


def to_markdown(tl: Timeline) -> str:
    """A Markdown chronology: a bullet per entry with footnote references, a section of the pending changes, the
    sources as footnotes."""
    numbers = _source_numbers(tl)
    out = [f"# {_md(tl.title or 'Legal timeline')}", ""]
    if tl.description:
        out += [_md(tl.description), ""]
    for e in tl.chronology():
        cites = "".join(f"[^{numbers[s]}]" for s in e.sources if s in numbers)
        out.append(f"- **{_md(e.date.label)}** — *{_md(e.kind.replace('_', ' '))}*: {_md(e.title)}{cites}")
        for c in e.caveats:
            out.append(f"    - ⚠ {_md(c)}")
    pending = pending_changes(tl)
    if pending:
        out += ["", f"## {PENDING_HEADING}", ""]
        for change in pending:
            cites = "".join(f"[^{numbers[s]}]" for s in change.sources if s in numbers)
            out.append(f"- {_md(pending_title(tl, change))}{cites}")
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
