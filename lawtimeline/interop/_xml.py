"""Safe XML parsing for the official-source importers (legislation.gov.uk, Akoma Ntoso).

Sources are downloaded from the internet, so nothing in a document may reach outside it:

- the parser is lxml's, with ``resolve_entities=False`` (no entity is ever expanded: an entity reference stays a
  reference, which :func:`parse` removes and reports), ``no_network=True``, ``load_dtd=False`` (no external DTD is
  read), ``dtd_validation=False`` and ``huge_tree=False`` (libxml2's own limits on depth, text size and entity
  amplification stay on, so a "billion laughs" document is refused at once);
- a document type declaration is ignored (it is parsed, never loaded or applied), and reported as a warning when it
  declares entities;
- files larger than :data:`MAX_BYTES` are refused before they are parsed.

lxml rather than the standard library (or defusedxml over it): its elements keep ``sourceline`` for the importers'
warnings, it parses the 1 MB legislation.gov.uk feed in milliseconds, and these protections are parser options, not
a patch over another parser. lxml is the optional extra ``official`` (``pip install 'lawtimeline[official]'``).
"""

from __future__ import annotations

import io
import os
from typing import TYPE_CHECKING, Any

import attrs

from lawtimeline.errors import DatasetError, LawTimelineError, Problem

if TYPE_CHECKING:
    from lxml import etree

__all__ = ["MAX_BYTES", "XmlDocument", "line_of", "parse"]

#: The largest XML file the importers read (bytes). The UK effects feed of a large Act is about 1 MB.
MAX_BYTES = 64 * 1024 * 1024


@attrs.define
class XmlDocument:
    """A parsed document: its root element, the file name for messages, and what parsing left out."""

    file: str
    root: etree._Element
    warnings: list[Problem] = attrs.Factory(list)
    data: bytes = b""

    def line(self, el: Any) -> int | None:
        """The line an element's start tag opens on (lxml gives the line where a start tag ends)."""
        end = line_of(el)
        if end is None or not self.data:
            return end
        if self._lines is None:
            self._lines = self.data.split(b"\n")
        name = el.tag.rsplit("}", 1)[-1] if isinstance(el.tag, str) else ""
        needle = ("<" + (f"{el.prefix}:" if el.prefix else "") + name).encode()
        for n in range(min(end, len(self._lines)), max(0, end - 200), -1):
            line = self._lines[n - 1]
            i = line.find(needle)
            if i >= 0 and (len(line) == i + len(needle) or line[i + len(needle):i + len(needle) + 1] in b" \t\r/>"):
                return n
        return end

    _lines: list[bytes] | None = None


def _lxml() -> Any:
    try:
        from lxml import etree
    except ImportError:
        raise LawTimelineError(
            "reading XML sources needs lxml: pip install 'lawtimeline[official]' (or pip install lxml)") from None
    return etree


def _parser(etree: Any) -> Any:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False,
                             huge_tree=False, remove_blank_text=False, collect_ids=False)

    class _Nothing(etree.Resolver):  # type: ignore[misc]
        """Anything the parser would still fetch (a DTD, an entity) is answered with nothing, never read."""

        def resolve(self, url: str, pubid: str, context: Any) -> Any:
            return self.resolve_string("", context)

    parser.resolvers.add(_Nothing())
    return parser


def parse(path: str | os.PathLike[str], *, max_bytes: int | None = None) -> XmlDocument:
    """Parse ``path`` safely; raises :class:`~lawtimeline.DatasetError` (file, line, column, why) when it cannot."""
    _lxml()  # a clear message when lxml is missing, before the file is read
    name = os.fspath(path)
    limit = MAX_BYTES if max_bytes is None else max_bytes
    try:
        size = os.path.getsize(name)
        if size > limit:
            raise DatasetError([Problem(
                f"the file is {size:,} bytes; XML sources larger than {limit:,} bytes are refused", file=name)])
        with open(name, "rb") as f:
            data = f.read(limit + 1)
    except OSError as e:
        raise DatasetError([Problem(f"cannot read the file: {e.strerror or e}", file=name)]) from None
    if len(data) > limit:  # the file grew while it was read
        raise DatasetError([Problem(f"XML sources larger than {limit:,} bytes are refused", file=name)])
    return parse_bytes(data, name)


def parse_bytes(data: bytes, name: str) -> XmlDocument:
    """Parse a document given as bytes (``name`` is used in messages), with the protections of :func:`parse`."""
    etree = _lxml()
    try:
        tree = etree.parse(io.BytesIO(data), _parser(etree))
    except etree.XMLSyntaxError as e:
        line, col = (e.position if e.position else (None, None))
        msg = str(e.msg or e).split(f" ({name}", 1)[0].split(" (<string>", 1)[0]
        raise DatasetError([Problem(f"not well-formed XML: {msg}", file=name, line=line or None,
                                    column=col or None)]) from None
    root = tree.getroot()
    doc = XmlDocument(name, root, data=data)
    dtd = tree.docinfo.internalDTD
    if dtd is not None and any(True for _ in dtd.iterentities()):
        names = ", ".join(sorted({str(ent.name) for ent in dtd.iterentities()}))
        doc.warnings.append(Problem(
            f"the document type declaration (entities {names}) is ignored: entities are never expanded",
            file=name, line=1, severity="warning"))
    for ent in list(root.iter(etree.Entity)):
        doc.warnings.append(Problem(
            f"entity reference {ent.text} left out: entities are never expanded", file=name,
            line=ent.sourceline, severity="warning"))
        _remove_keeping_tail(ent)
    return doc


def _remove_keeping_tail(node: Any) -> None:
    parent = node.getparent()
    if parent is None:
        return
    tail = node.tail or ""
    prev = node.getprevious()
    if prev is not None:
        prev.tail = (prev.tail or "") + tail
    else:
        parent.text = (parent.text or "") + tail
    parent.remove(node)


def line_of(el: Any) -> int | None:
    """The 1-based line an element starts on, when lxml knows it."""
    line = getattr(el, "sourceline", None)
    return int(line) if line else None
