"""A griffe extension for the API reference: docstrings written for Sphinx and doctest read well in Markdown.

The package's docstrings use Sphinx roles (``:class:`~lawtimeline.DateError```) and doctest examples
(``>>> ...``), which Markdown would show as literal text and as nested quotes. This extension rewrites each
role into a mkdocs-autorefs link to the documented object (or plain code when the target is not on the
reference page), and fences each doctest example as a ``pycon`` code block.
"""

from __future__ import annotations

import re
from typing import Any

import griffe

import lawtimeline

ROLE = re.compile(r":(?:class|meth|func|attr|exc|mod|data|obj):`(~?)([\w.]+)`")
PUBLIC = set(lawtimeline.__all__)


def _target(name: str) -> str | None:
    """The identifier the reference page documents for ``name``, or None."""
    parts = name.split(".")
    if parts[0] != "lawtimeline":
        parts = ["lawtimeline", *parts]
    if len(parts) < 2 or parts[1] not in PUBLIC:
        return None
    return ".".join(parts)


def rewrite(text: str) -> str:
    def one(m: re.Match[str]) -> str:
        short, name = m.group(1), m.group(2)
        shown = name.rsplit(".", 1)[-1] if short else name
        target = _target(name)
        return f"[`{shown}`][{target}]" if target else f"`{shown}`"

    return ROLE.sub(one, text)


def fence_doctests(text: str) -> str:
    """Wrap each run of doctest lines (from ``>>>`` to the next blank line) in a ``pycon`` fence."""
    out: list[str] = []
    inside = False
    for line in text.splitlines():
        if not inside and line.lstrip().startswith(">>>"):
            out.append("```pycon")
            inside = True
        elif inside and not line.strip():
            out.append("```")
            inside = False
        out.append(line)
    if inside:
        out.append("```")
    return "\n".join(out)


class SphinxRoles(griffe.Extension):
    """Rewrite Sphinx roles and fence doctest examples in every docstring griffe loads."""

    def on_instance(self, *, node: Any, obj: griffe.Object, agent: Any, **kwargs: Any) -> None:
        if obj.docstring is not None:
            obj.docstring.value = fence_doctests(rewrite(obj.docstring.value))
