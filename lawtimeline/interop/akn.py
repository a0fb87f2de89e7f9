"""Import Akoma Ntoso documents — AKN 3.0, LegalDocML.de 1.x and AKN 2.0 — as one Timeline (DESIGN §10a).

The dialect is told by the root element's namespace URI, never guessed from the content:
``http://docs.oasis-open.org/legaldocml/ns/akn/3.0`` (AKN 3.0, element ids in ``eId``),
``http://Inhaltsdaten.LegalDocML.de/<version>/`` (LegalDocML.de, ``eId``), ``http://www.akomantoso.org/2.0``
(AKN 2.0, ``id``). Several files load together: a law and the laws amending it, or a consolidation.

- **Act**: id from ``FRBRWork/FRBRuri`` (leading slash dropped), title from ``docTitle``, short title from
  ``shortTitle``, number from ``docNumber``/``FRBRnumber``, jurisdiction from ``FRBRcountry``.
- **Life cycle**: ``lifecycle/eventRef`` by its ``refersTo`` word (ausfertigung → signed, verkuendung →
  published, inkrafttreten → in_force, ausserkrafttreten → expired, …; an AKN 2.0 ``generation`` event that starts
  the ``#inforce`` interval, or of a document without temporal data, → in_force), ``FRBRdate`` by its name
  (…ausfertigungsdatum → signed, …verkuendungsdatum / verkuendung → published), ``date`` elements by their
  ``refersTo`` (ausfertigung-datum, inkrafttreten-datum), ``docDate`` (signed) and ``publication/@date``
  (published). When the elements of one document disagree, the event carries each date as a claim
  (``dates: [{date, sources}]``), each sourced to its element; when they agree, the event cites every one of them.
- **Provisions**: one per element of the body with an ``eId``/``id`` that holds text and is a unit of the text
  (article, section, paragraph, item, point, p, …; not inline markup, not pure containers such as ``content`` or
  ``blockList``): id = ``<act id>/<eId>``, path from the ``num`` chain, kind text, value = the element's text
  (whitespace made single spaces, its own ``num`` and notes left out).
- **Changes**: each ``textualMod`` of ``activeModifications`` (an amending law) is a change of the destination:
  substitution → set with the new text (a character range ``…/9-34.xml`` and the old/new ``quotedText`` applied to
  the target's text), insertion → insert (a new element) or set (words at an anchor, ``destination/@pos``),
  repeal → repeal (the whole element) or set (struck words); when the new wording cannot be worked out exactly
  (no old text, an anchor without position, old words found more than once) the change is an ``amend``, with the
  quoted words in its note. Elements that contain the destination change with it (their text is recomputed).
  The effective date is ``force/@period`` → ``temporalGroup`` → ``timeInterval/@start`` → ``eventRef/@date``.
  A destination eId that does not resolve literally is tried in the legacy LegalDocML.de scheme
  (``art-1_abs-1`` → ``art-z1_abs-z1`` …) and then by its old words at its character range (never by the words
  alone); if nothing resolves,
  a warning names the file and the element.
- **Consolidations** (``passiveModifications``): the text is the amended one. An element whose ``@period`` starts
  after the document's first in-force interval was inserted then (a change per element); an element with newer
  words (``span``/``ins`` with such a ``@period``) held words the consolidation does not keep, so its earlier
  content is not recorded and a set at that date gives the consolidated text. The changing act is the one the
  interval's ``eventRef/@source`` refers to; the passive ``textualMod`` covering the element is its source. An
  amending law's active modification that such a passive one already records is a warning, not a second change.

Every element left out (an unresolvable destination, a life-cycle event of no known kind, a textual modification
whose target is not loaded, the preface's and conclusions' text, attachments, workflow, notes, proprietary
metadata) is a warning from ``tl.check()`` naming the file, the line and the element.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import attrs

from lawtimeline.errors import DatasetError, Problem
from lawtimeline.interop._common import Report, finish, words
from lawtimeline.interop._xml import XmlDocument, line_of, parse
from lawtimeline.timeline import Timeline

__all__ = ["DIALECTS", "load", "to_dataset"]

AKN3 = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
AKN2 = "http://www.akomantoso.org/2.0"
LDML_DE = re.compile(r"^http://Inhaltsdaten\.LegalDocML\.de/\d+(\.\d+)*/$")
#: Namespace URI → (dialect name, id attribute).
DIALECTS = {AKN3: ("Akoma Ntoso 3.0", "eId"), AKN2: ("Akoma Ntoso 2.0", "id")}

EVENT_WORDS = {
    "ausfertigung": "signed", "verkuendung": "published", "verkündung": "published", "inkrafttreten": "in_force",
    "ausserkrafttreten": "expired", "außerkrafttreten": "expired", "aufhebung": "repealed",
    "assent": "signed", "signature": "signed", "promulgation": "published", "publication": "published",
    "commencement": "in_force", "entryintoforce": "in_force", "inforce": "in_force", "repeal": "repealed",
    "adoption": "adopted", "enactment": "adopted", "approval": "approved", "introduction": "introduced",
    "expiry": "expired", "expiration": "expired",
}
DATE_WORDS = {"ausfertigung-datum": "signed", "inkrafttreten-datum": "in_force", "verkuendung-datum": "published",
              "verkuendungs-datum": "published", "ausserkrafttreten-datum": "expired"}
INLINE = {"ref", "mod", "quotedText", "quotedStructure", "span", "ins", "del", "inline", "date", "docTitle",
          "shortTitle", "num", "heading", "subheading", "noteRef", "authorialNote", "eol", "eop", "b", "i", "u",
          "sup", "sub", "a", "organization", "affectedDocument", "location", "person", "role", "signature", "rref",
          "mref", "term", "def", "abbr", "docNumber", "docDate", "docType", "docStage", "docProponent", "img",
          "marker", "placeholder", "entity", "concept", "object", "event", "quantity", "time", "br"}
CONTAINERS = {"body", "mainBody", "content", "blockList", "list", "blockContainer", "hcontainer", "container",
              "foreign", "toc", "tocItem"}
NOT_TEXT = {"num", "authorialNote", "noteRef"}
#: Parts of a document the mapping does not read, and why (each is a warning).
PARTS_LEFT_OUT = {
    "preface": "only the body's elements are provisions (the preface's titles and dates are read)",
    "preamble": "only the body's elements are provisions",
    "conclusions": "only the body's elements are provisions (the dates in it are read)",
    "attachments": "attachments (schedules, annexes) are not read",
    "components": "components (schedules, annexes) are not read",
}
META_LEFT_OUT = {
    "classification": "subject classifications have no place in the model",
    "workflow": "workflow steps are not life-cycle events of the act",
    "notes": "editorial notes are not read",
    "proprietary": "proprietary metadata is not read",
}
_RANGE = re.compile(r"^(\d+)-(\d+)(\.xml)?$")


def _local(el: Any) -> str:
    tag = el.tag
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _frag(href: str | None) -> str:
    return (href or "").rsplit("#", 1)[-1] if href and "#" in href else (href or "")


def text_of(el: Any) -> str:
    """The element's text: every text node below it except its numbers and notes, whitespace made single."""
    parts: list[str] = []

    def walk(e: Any) -> None:
        if isinstance(e.tag, str) and _local(e) not in NOT_TEXT:
            if e.text:
                parts.append(e.text)
            for c in e:
                walk(c)
                if c.tail:
                    parts.append(c.tail)
        elif e.tail is None:
            return

    if el.text:
        parts.append(el.text)
    for c in el:
        walk(c)
        if c.tail:
            parts.append(c.tail)
    return words(" ".join(parts)) if parts else ""


@attrs.define
class _Doc:
    file: str
    root: Any
    ns: str
    dialect: str
    id_attr: str
    act: str = ""
    by_id: dict[str, Any] = attrs.Factory(dict)
    events: dict[str, tuple[str, Any]] = attrs.Factory(dict)  # eventRef id → (date, element)
    groups: dict[str, list[Any]] = attrs.Factory(dict)  # temporalGroup id → timeIntervals
    first_start: str | None = None
    xml: XmlDocument | None = None
    passive: list[Any] = attrs.Factory(list)
    active: list[Any] = attrs.Factory(list)
    references: dict[str, str] = attrs.Factory(dict)  # reference id → href

    def line(self, el: Any) -> int | None:
        return self.xml.line(el) if self.xml is not None else line_of(el)

    def q(self, name: str) -> str:
        return f"{{{self.ns}}}{name}"

    def find(self, path: str) -> Any:
        return self.root.find(path.replace("{}", f"{{{self.ns}}}"))

    def findall(self, path: str) -> list[Any]:
        return list(self.root.iterfind(path.replace("{}", f"{{{self.ns}}}")))

    def ident(self, el: Any) -> str | None:
        v = el.get(self.id_attr) or (el.get("id") if self.id_attr == "eId" else None)
        return v or None

    def start_of(self, period: str | None) -> str | None:
        """``#group`` → its in-force interval's start event → that event's date."""
        if not period:
            return None
        intervals = self.groups.get(_frag(period))
        if not intervals:
            return None
        chosen = next((i for i in intervals if _frag(i.get("refersTo")) in ("inforce", "geltungszeit")),
                      intervals[0])
        ev = self.events.get(_frag(chosen.get("start")))
        return ev[0] if ev else None

    def start_event(self, period: str | None) -> Any:
        intervals = self.groups.get(_frag(period or ""))
        if not intervals:
            return None
        chosen = next((i for i in intervals if _frag(i.get("refersTo")) in ("inforce", "geltungszeit")),
                      intervals[0])
        ev = self.events.get(_frag(chosen.get("start")))
        return ev[1] if ev else None


def _open(path: str, report: Report) -> _Doc:
    xml: XmlDocument = parse(path)
    report.extend(xml.warnings)
    root = xml.root
    ns = root.tag[1:].split("}", 1)[0] if isinstance(root.tag, str) and root.tag.startswith("{") else ""
    if ns in DIALECTS:
        dialect, id_attr = DIALECTS[ns]
    elif LDML_DE.match(ns):
        dialect, id_attr = f"LegalDocML.de {ns.rstrip('/').rsplit('/', 1)[-1]}", "eId"
    else:
        raise DatasetError([Problem(
            f"not an Akoma Ntoso document: the root element's namespace is {ns or 'none'!r}; this importer reads "
            f"{AKN3} (AKN 3.0), http://Inhaltsdaten.LegalDocML.de/<version>/ (LegalDocML.de) and {AKN2} (AKN 2.0)",
            file=path, line=line_of(root))])
    if _local(root) != "akomaNtoso":
        raise DatasetError([Problem(f"the root element is <{_local(root)}>, not <akomaNtoso>", file=path,
                                    line=line_of(root))])
    return _Doc(path, root, ns, dialect, id_attr, xml=xml)


class _Import:
    def __init__(self, report: Report) -> None:
        self.report = report
        self.docs: list[_Doc] = []
        self.acts: dict[str, dict[str, Any]] = {}
        self.provisions: dict[str, dict[str, Any]] = {}
        self.changes: list[dict[str, Any]] = []
        self.sources: dict[str, dict[str, Any]] = {}
        self.elements: dict[str, Any] = {}  # provision id → element
        self.text: dict[str, str] = {}  # provision id → its current text (as changes are applied in file order)
        self.doc_of_act: dict[str, _Doc] = {}

    # -- sources ----------------------------------------------------------------------------------------------
    def element_source(self, doc: _Doc, el: Any, what: str | None = None) -> str:
        eid = doc.ident(el) or f"line-{doc.line(el)}"
        sid = f"{doc.act}#{eid}"
        if sid not in self.sources:
            act = self.acts.get(doc.act, {})
            name = act.get("short_title") or act.get("title") or doc.act
            label = what or f"<{_local(el)}>"
            self.sources[sid] = {"id": sid, "title": f"{name}: {label} {eid}",
                                 "note": f"{os.path.basename(doc.file)}, line {doc.line(el)} ({doc.dialect})"}
        return sid

    # -- one document -----------------------------------------------------------------------------------------
    def read_meta(self, doc: _Doc) -> None:
        uri = doc.find(".//{}identification/{}FRBRWork/{}FRBRuri")
        if uri is None or not (uri.get("value") or "").strip("/"):
            raise DatasetError([Problem("no FRBRWork/FRBRuri: the work this document belongs to is not named",
                                        file=doc.file, line=doc.line(doc.root))])
        doc.act = uri.get("value").strip().lstrip("/")
        for el in doc.root.iter():
            if isinstance(el.tag, str):
                i = doc.ident(el)
                if i and i not in doc.by_id:
                    doc.by_id[i] = el
        for ev in doc.findall(".//{}lifecycle/{}eventRef"):
            i = doc.ident(ev)
            if i and ev.get("date"):
                doc.events[i] = (ev.get("date"), ev)
        for g in doc.findall(".//{}temporalData/{}temporalGroup"):
            i = doc.ident(g)
            if i:
                doc.groups[i] = [c for c in g if _local(c) == "timeInterval"]
                axes = [_frag(t.get("refersTo")) for t in doc.groups[i]]
                if any(a in ("inforce", "geltungszeit") for a in axes):
                    for t in doc.groups[i]:
                        if _frag(t.get("refersTo")) not in ("inforce", "geltungszeit"):
                            what = f'<timeInterval refersTo="{t.get("refersTo")}">'
                            self.report.left_out(doc.file, doc.line(t), what,
                                                 "the model has one time axis, in force; this interval is on another")
        starts = [d for g in doc.groups for d in [doc.start_of(f"#{g}")] if d]
        doc.first_start = min(starts) if starts else None
        for r in doc.findall(".//{}references/*"):
            i = doc.ident(r)
            if i and r.get("href"):
                doc.references[i] = r.get("href")
        doc.active = doc.findall(".//{}activeModifications/{}textualMod")
        doc.passive = doc.findall(".//{}passiveModifications/{}textualMod")

    def read_act(self, doc: _Doc) -> None:
        act = self.acts.get(doc.act)
        first = act is None
        if act is None:
            act = {"id": doc.act}
            self.acts[doc.act] = act
        title = doc.find(".//{}preface//{}docTitle")
        short = doc.find(".//{}preface//{}shortTitle")
        if title is not None and text_of(title) and "title" not in act:
            act["title"] = text_of(title) if text_of(title) else doc.act
        if short is not None and text_of(short) and "short_title" not in act:
            act["short_title"] = text_of(short).strip("() ")
        act.setdefault("title", act.get("short_title") or doc.act)
        number = doc.find(".//{}preface//{}docNumber")
        frbr_number = doc.find(".//{}FRBRWork/{}FRBRnumber")
        if "number" not in act and (number is not None or frbr_number is not None):
            act["number"] = text_of(number) if number is not None else frbr_number.get("value")
        country = doc.find(".//{}FRBRWork/{}FRBRcountry")
        if country is not None and country.get("value") and "jurisdiction" not in act:
            act["jurisdiction"] = country.get("value").upper()
        if first:
            act["events"] = self.life_cycle(doc)
        else:  # a second expression of the same work (e.g. a consolidation): events it adds
            have = {e["kind"] for e in act.get("events", [])}
            act["events"] += [e for e in self.life_cycle(doc) if e["kind"] not in have]

    def life_cycle(self, doc: _Doc) -> list[dict[str, Any]]:
        claims: dict[str, list[tuple[str, Any, str]]] = {}

        def claim(kind: str, date: str | None, el: Any, what: str) -> None:
            if date:
                claims.setdefault(kind, []).append((date, el, what))

        inforce_starts = {_frag(i.get("start")) for g in doc.groups.values() for i in g
                          if _frag(i.get("refersTo")) in ("inforce", "geltungszeit")}
        for ev_id, (date, ev) in doc.events.items():
            word = _frag(ev.get("refersTo")).lower().replace("_", "").replace(" ", "")
            kind = EVENT_WORDS.get(word)
            if kind is None and not ev.get("refersTo") and ev.get("type") == "generation" and (
                    ev_id in inforce_starts or not doc.groups):
                kind = "in_force"
            if kind:
                claim(kind, date, ev, f"life-cycle event {ev.get('refersTo') or ev.get('type') or ''}".strip())
            elif not any(_frag(i.get("start")) == ev_id or _frag(i.get("end")) == ev_id
                         for g in doc.groups.values() for i in g):
                self.report.left_out(doc.file, doc.line(ev), f'<eventRef {doc.id_attr}="{ev_id}">',
                                     f"its kind ({ev.get('refersTo') or ev.get('type')!r}) is not an act's "
                                     "life-cycle event, and no time interval uses it")
        for fd in doc.findall(".//{}identification/*/{}FRBRdate"):
            name = (fd.get("name") or "").lower()
            if name.endswith("ausfertigungsdatum"):
                claim("signed", fd.get("date"), fd, f"FRBRdate {fd.get('name')}")
            elif name.endswith("verkuendungsdatum") or name == "verkuendung":
                claim("published", fd.get("date"), fd, f"FRBRdate {fd.get('name')}")
        for d in doc.root.iter(doc.q("date")):
            kind = DATE_WORDS.get(_frag(d.get("refersTo")))
            if kind:
                claim(kind, d.get("date"), d, f"date “{text_of(d) or d.get('date')}”")
        for d in doc.root.iter(doc.q("docDate")):
            claim("signed", d.get("date"), d, f"docDate “{text_of(d)}”")
        pub = doc.find(".//{}meta/{}publication")
        if pub is not None:
            claim("published", pub.get("date"), pub, f"publication {pub.get('showAs') or pub.get('name') or ''}")
        order = ("introduced", "adopted", "approved", "signed", "published", "in_force", "applies", "suspended",
                 "struck_down", "repealed", "expired")
        events: list[dict[str, Any]] = []
        for kind in order:
            if kind not in claims:
                continue
            items = claims[kind]
            dates = list(dict.fromkeys(d for d, _e, _w in items))
            if len(dates) == 1:
                events.append({"kind": kind, "date": dates[0],
                               "sources": list(dict.fromkeys(self.element_source(doc, e, w) for _d, e, w in items))})
            else:
                events.append({"kind": kind, "dates": [
                    {"date": d, "sources": list(dict.fromkeys(self.element_source(doc, e, w)
                                                              for dd, e, w in items if dd == d))} for d in dates],
                    "note": f"the elements of {os.path.basename(doc.file)} give {len(dates)} dates"})
        return events

    def unmapped(self, doc: _Doc) -> None:
        """A warning for each part of the document the mapping does not read."""
        act = next((c for c in doc.root if isinstance(c.tag, str)), None)
        if act is None:
            return
        for part in act:
            name = _local(part)
            if name in PARTS_LEFT_OUT:
                self.report.left_out(doc.file, doc.line(part), f"<{name}>", PARTS_LEFT_OUT[name])
            elif name == "meta":
                for m in part:
                    mname = _local(m)
                    if mname in META_LEFT_OUT:
                        self.report.left_out(doc.file, doc.line(m), f"<{mname}>", META_LEFT_OUT[mname])

    # -- provisions -------------------------------------------------------------------------------------------
    def units(self, doc: _Doc) -> Iterator[Any]:
        for body in (doc.find(".//{}body"), doc.find(".//{}mainBody")):
            if body is None:
                continue
            for el in body.iter():
                if not isinstance(el.tag, str):
                    continue
                name = _local(el)
                if name in INLINE or name in CONTAINERS or not doc.ident(el):
                    continue
                if any(_local(a) in INLINE for a in el.iterancestors()):
                    continue
                yield el

    def path_of(self, doc: _Doc, el: Any) -> str:
        nums = []
        for e in [*reversed(list(el.iterancestors())), el]:
            n = next((c for c in e if _local(c) == "num"), None)
            if n is not None and words("".join(n.itertext())):
                nums.append(words("".join(n.itertext())))
        own = any(_local(c) == "num" for c in el)
        path = " ".join(nums)
        return path if own and path else (f"{path} ({_local(el)})".strip() if path else _local(el))

    def read_provisions(self, doc: _Doc) -> None:
        consolidated = bool(doc.passive)
        for el in self.units(doc):
            text = text_of(el)
            if not text:
                continue
            pid = f"{doc.act}/{doc.ident(el)}"
            if pid in self.provisions:
                continue
            p: dict[str, Any] = {"id": pid, "act": doc.act, "path": self.path_of(doc, el), "kind": "text"}
            heading = next((c for c in el if _local(c) == "heading"), None)
            if heading is not None and text_of(heading):
                p["title"] = text_of(heading)
            self.provisions[pid] = p
            self.elements[pid] = (doc, el)
            if not consolidated:
                p["value"] = text
                self.text[pid] = text
            else:
                self.consolidated(doc, el, pid, text)

    def later(self, doc: _Doc, el: Any) -> str | None:
        """The period (``#group``) of ``el`` when it starts after the document's first in-force interval."""
        period = el.get("period")
        start = doc.start_of(period)
        if period and start and doc.first_start and start > doc.first_start:
            return str(period)
        return None

    def consolidated(self, doc: _Doc, el: Any, pid: str, text: str) -> None:
        """A consolidation's element: inserted later, holding newer words, or as it always was."""
        new_self = next((self.later(doc, a) for a in [el, *el.iterancestors()] if self.later(doc, a)), None)
        if new_self:
            self.changes.append(self.later_change(doc, el, pid, "insert", text, new_self, "inserted"))
            self.text[pid] = text
            return
        newer = [d for d in el.iter() if d is not el and isinstance(d.tag, str) and self.later(doc, d)]
        if not newer:
            self.provisions[pid]["value"] = text
            self.text[pid] = text
            return
        whole = [d for d in newer if _local(d) not in INLINE]
        words_only = [d for d in newer if _local(d) in INLINE]
        if not words_only:  # only whole elements were added: the earlier text is this one without them
            before = text
            for d in whole:
                before = words(before.replace(text_of(d), "", 1)) if text_of(d) else before
            self.provisions[pid]["value"] = before
        else:
            self.changes.append({"id": f"{pid}@original", "act": doc.act, "provision": pid, "op": "insert",
                                 "sources": [self.element_source(doc, el)],
                                 "note": "the consolidation holds only the amended words, so the earlier content "
                                         "is not recorded"})
        self.changes.append(self.later_change(doc, el, pid, "set", text, str(newer[0].get("period")), "amended"))
        self.text[pid] = text

    def later_change(self, doc: _Doc, el: Any, pid: str, op: str, text: str, period: str, how: str
                     ) -> dict[str, Any]:
        date = doc.start_of(period)
        ev = doc.start_event(period)
        by = doc.act
        if ev is not None and ev.get("source"):
            href = doc.references.get(_frag(ev.get("source")))
            if href:
                by = self.work_of(href) or by
        self.ensure_act(by)
        mod = self.passive_covering(doc, el)
        sources = [self.element_source(doc, mod, "passive modification")] if mod is not None else []
        sources.append(self.element_source(doc, el))
        cid = f"{pid}@{date}"
        return {"id": cid, "act": by, "provision": pid, "op": op, "value": text, "effective": date,
                "sources": sources,
                "note": f"{how} as the consolidation {os.path.basename(doc.file)} shows"
                        + (f" (passive modification {doc.ident(mod)})" if mod is not None else "")}

    def passive_covering(self, doc: _Doc, el: Any) -> Any:
        ids = [doc.ident(a) for a in [el, *el.iterancestors()]]
        below = {doc.ident(d) for d in el.iter() if isinstance(d.tag, str)}
        for kind in (ids, below):
            for mod in doc.passive:
                dest = next((c for c in mod if _local(c) == "destination"), None)
                if dest is not None and _frag(dest.get("href")) in kind:
                    return mod
        return None

    def work_of(self, href: str) -> str | None:
        """The loaded (or named) work an href points into: the longest act id that prefixes it."""
        h = href.strip().lstrip("/").split("#", 1)[0]
        best = None
        for aid in self.acts:
            if (h == aid or h.startswith(aid + "/")) and (best is None or len(aid) > len(best)):
                best = aid
        if best:
            return best
        m = re.match(r"^(.*?)(/[a-z]{3}@[^/]*)?(/main)?(\.\w+)?$", h)
        return m.group(1) if m and m.group(1) else None

    def ensure_act(self, aid: str) -> None:
        if aid not in self.acts:
            self.acts[aid] = {"id": aid, "title": aid, "note": "named by a loaded document; not itself loaded"}

    # -- active modifications ---------------------------------------------------------------------------------
    def read_active(self, doc: _Doc) -> None:
        for mod in doc.active:
            self.active(doc, mod)

    def active(self, doc: _Doc, mod: Any) -> None:
        mid = doc.ident(mod) or f"line-{doc.line(mod)}"
        tag = f'<textualMod {doc.id_attr}="{mid}">'
        kids: dict[str, list[Any]] = {}
        for c in mod:
            kids.setdefault(_local(c), []).append(c)
        dest_el = kids.get("destination", [None])[0]
        href = dest_el.get("href") if dest_el is not None else None
        if not href:
            self.report.left_out(doc.file, doc.line(mod), tag, "it has no destination")
            return
        target_act = self.work_of(href)
        target_doc = self.doc_of_act.get(target_act or "")
        if target_doc is None:
            self.report.left_out(doc.file, doc.line(mod), tag,
                                 f"its destination {href!r} is in {target_act or 'a work'} that is not loaded")
            return
        sources_frag = [_frag(s.get("href")) for s in kids.get("source", [])]
        covered = next((p for p in target_doc.passive for s in p if _local(s) == "source"
                        and _frag(s.get("href")) in sources_frag), None)
        if covered is not None:
            self.report.left_out(doc.file, doc.line(mod), tag,
                                 f"the consolidation {os.path.basename(target_doc.file)} already records it "
                                 f"(passive modification {target_doc.ident(covered)})")
            return
        eid, rng = self.split_destination(href, target_act or "")
        quoted = {k: self.quoted(doc, kids.get(k, [None])[0]) for k in ("old", "new")}
        typ = mod.get("type") or ""
        mod_source = [doc.by_id[f] for f in sources_frag if doc.by_id.get(f) is not None]
        if quoted["old"] is None and quoted["new"] is None:  # LegalDocML.de: the quoted words of the command
            found = [text_of(q) for s in mod_source for q in s.iter(doc.q("quotedText"), doc.q("quotedStructure"))]
            if typ == "substitution" and len(found) == 2:
                quoted = {"old": found[0], "new": found[1]}
            elif typ == "insertion" and found:
                quoted = {"old": found[0] if len(found) == 2 else None, "new": found[-1]}
            elif typ == "repeal" and len(found) == 1:
                quoted = {"old": found[0], "new": None}
        pid, how = self.resolve(target_doc, eid, rng, quoted["old"])
        force = kids.get("force", [None])[0]
        effective = doc.start_of(force.get("period")) if force is not None else None
        change: dict[str, Any] = {"id": f"{doc.act}/{mid}", "act": doc.act}
        if effective:
            change["effective"] = effective
        change["meta"] = {"textualMod": mid, "type": typ, "destination": href}
        if pid is None and not (typ == "insertion" and quoted["new"] is not None and eid):
            self.report.left_out(doc.file, doc.line(mod), tag, f"its destination {href!r} cannot be resolved in "
                                 f"{os.path.basename(target_doc.file)} ({how})")
            return
        sources = [self.element_source(doc, s, "amending instruction") for s in mod_source[:1]]
        sources.append(self.element_source(doc, mod, "textualMod"))
        change["sources"] = sources
        if pid is None:
            new_pid = f"{target_act}/{eid}"
            self.provisions[new_pid] = {"id": new_pid, "act": target_act, "path": eid, "kind": "text"}
            new_text = quoted["new"] or ""
            change.update(provision=new_pid, op="insert", value=new_text)
            self.changes.append(change)
            self.text[new_pid] = new_text
            return
        old_text = self.text.get(pid, "")
        op, value, note = self.apply(typ, old_text, quoted["old"], quoted["new"], rng,
                                     (dest_el.get("pos") if dest_el is not None else None), mod.get("incomplete"))
        change.update(provision=pid, op=op)
        if value is not None:
            change["value"] = value
        notes = [n for n in (how, note) if n]
        if notes:
            change["note"] = "; ".join(notes)
        self.changes.append(change)
        if op == "set" and value is not None:
            self.text[pid] = value
            self.ancestors(target_doc, pid, old_text, value, change)

    def ancestors(self, doc: _Doc, pid: str, old: str, new: str, change: dict[str, Any]) -> None:
        """Elements that contain the changed one change with it: their text is recomputed."""
        _d, el = self.elements[pid]
        for a in el.iterancestors():
            apid = f"{doc.act}/{doc.ident(a)}" if doc.ident(a) else None
            if not apid or apid not in self.provisions or apid not in self.text:
                continue
            before = self.text[apid]
            if old and old in before:
                after = before.replace(old, new, 1)
                c = {k: v for k, v in change.items() if k not in ("id", "provision", "value", "note")}
                c.update(id=f"{change['id']}@{doc.ident(a)}", provision=apid, op="set", value=after,
                         note=f"contains {self.provisions[pid]['path']}, changed by {change['id']}")
                self.changes.append(c)
                self.text[apid] = after

    def split_destination(self, href: str, act: str) -> tuple[str, tuple[int, int] | None]:
        rest = href.strip().lstrip("/")
        if "#" in rest:
            return rest.rsplit("#", 1)[1], None
        rest = rest[len(act):].strip("/") if rest.startswith(act) else rest
        parts = [p for p in rest.split("/") if p]
        rng = None
        if parts and _RANGE.match(parts[-1]):
            m = _RANGE.match(parts[-1])
            assert m is not None
            rng = (int(m.group(1)), int(m.group(2)))
            parts = parts[:-1]
        eid = parts[-1] if parts else ""
        return (eid[:-4] if eid.endswith(".xml") else eid), rng

    def quoted(self, doc: _Doc, ref: Any) -> str | None:
        if ref is None:
            return None
        el = doc.by_id.get(_frag(ref.get("href")))
        return text_of(el) if el is not None else None

    def resolve(self, doc: _Doc, eid: str, rng: tuple[int, int] | None, old: str | None
                ) -> tuple[str | None, str]:
        pid = f"{doc.act}/{eid}"
        if eid and pid in self.provisions:
            return pid, ""
        legacy = self.legacy(eid)
        if legacy and f"{doc.act}/{legacy}" in self.provisions:
            return f"{doc.act}/{legacy}", f"destination {eid} read in the legacy eId scheme as {legacy}"
        if old and rng:  # only a character range makes the old words evidence of the place (not a guess)
            hits = [p for p, t in self.text.items() if p.startswith(doc.act + "/") and t[rng[0]:rng[1]] == old]
            leaves = [p for p in hits if not any(q != p and q.startswith(p + "_") for q in hits)
                      and not any(self.contains(doc, p, q) for q in hits if q != p)]
            if len(leaves) == 1:
                return leaves[0], (f"destination {eid} does not exist in the target; resolved as the only element "
                                   f"whose characters {rng[0]}-{rng[1]} read the old words “{old}”")
            return None, (f"no element with that id, and {len(leaves)} elements whose characters {rng[0]}-{rng[1]} "
                          "read the old words")
        return None, "no element with that id"

    def contains(self, doc: _Doc, outer: str, inner: str) -> bool:
        o = self.elements.get(outer)
        i = self.elements.get(inner)
        return bool(o and i and o[1] in i[1].iterancestors())

    @staticmethod
    def legacy(eid: str) -> str | None:
        """The LegalDocML.de legacy eId scheme (``hauptteil-1_art-1_abs-1_untergl-1_listenelem-2_inhalt-1_text-1``)
        in today's (``art-z1_abs-z1_inhalt-n1_liste-n1_listenelem-n2_text-n1``)."""
        if not eid:
            return None
        parts = [p for p in eid.split("_") if not p.startswith("hauptteil-")]
        out = []
        for p in parts:
            m = re.match(r"^([a-zäöüß]+)-(\d+)$", p)
            if not m:
                out.append(p)
                continue
            name, n = m.groups()
            if name in ("art", "abs", "para"):
                out.append(f"{name}-z{n}")
            elif name == "untergl":
                out.append(f"inhalt-n{n}_liste-n{n}")
            else:
                out.append(f"{name}-n{n}")
        return "_".join(out) or None

    @staticmethod
    def apply(typ: str, text: str, old: str | None, new: str | None, rng: tuple[int, int] | None,
              pos: str | None, incomplete: str | None) -> tuple[str, str | None, str | None]:
        """(op, value, note) for one textual modification of ``text``."""
        if typ == "substitution":
            if old is not None and new is not None:
                if rng and text[rng[0]:rng[1]] == old:
                    return "set", text[:rng[0]] + new + text[rng[1]:], None
                if text.count(old) == 1:
                    return "set", text.replace(old, new, 1), None
                return "amend", None, f"“{old}” replaced by “{new}”; the old words occur {text.count(old)} times"
            if new is not None and not rng and incomplete != "true":
                return "set", new, None
            return "amend", None, f"replaced by “{new}”" if new else None
        if typ == "insertion":
            if new is not None and old is not None and pos in ("before", "after") and text.count(old) == 1:
                i = text.index(old)
                j = i if pos == "before" else i + len(old)
                value = words(text[:j] + (" " if pos == "after" else "") + new + (" " if pos == "before" else "")
                              + text[j:])
                return "set", value, None
            return "amend", None, (f"“{new}” inserted" + (f" at “{old}”" if old else "")) if new else None
        if typ == "repeal":
            if old is not None:
                if text.count(old) == 1:
                    return "set", words(text.replace(old, "", 1)), None
                return "amend", None, f"“{old}” struck"
            return "repeal", None, None
        return "amend", None, f"textual modification of type {typ!r}"

    # -- the dataset ------------------------------------------------------------------------------------------
    def dataset(self, title: str | None) -> dict[str, Any]:
        names = [a.get("short_title") or a.get("title") for a in self.acts.values() if a.get("events")]
        return {"lawtimeline": 1, "title": title or "; ".join(n for n in names if n) or "Akoma Ntoso documents",
                "sources": list(self.sources.values()), "acts": list(self.acts.values()),
                "provisions": list(self.provisions.values()), "changes": self.changes}


def to_dataset(*paths: str | os.PathLike[str], title: str | None = None,
               progress: Callable[[str], None] | None = None) -> tuple[dict[str, Any], Report]:
    """The dataset dict for the documents at ``paths`` and the report of what was left out."""
    report = Report()
    imp = _Import(report)
    docs = []
    for p in _files(paths):
        if progress:
            progress(p)
        docs.append(_open(p, report))
    for doc in docs:
        imp.read_meta(doc)
        imp.unmapped(doc)
    for doc in docs:
        imp.read_act(doc)
        imp.doc_of_act.setdefault(doc.act, doc)
        if doc.passive:  # a consolidation is the target for its work, over an original of the same work
            imp.doc_of_act[doc.act] = doc
    for doc in sorted(docs, key=lambda d: not d.passive):
        if imp.doc_of_act.get(doc.act) is doc:
            imp.read_provisions(doc)
    for doc in docs:
        if imp.doc_of_act.get(doc.act) is not doc:
            report.left_out(doc.file, doc.line(doc.root), f"the text of {os.path.basename(doc.file)}",
                            f"another document of the same work ({doc.act}) was read for its text")
    # amending laws in the order they took effect, so that each applies to the text the one before left
    for doc in sorted(docs, key=lambda d: d.first_start or ""):
        imp.read_active(doc)
    return imp.dataset(title), report


def _files(paths: Iterable[str | os.PathLike[str]]) -> list[str]:
    out = []
    for p in paths:
        name = os.fspath(p)
        if os.path.isdir(name):
            out += sorted(os.path.join(name, f) for f in os.listdir(name) if f.endswith(".xml"))
        else:
            out.append(name)
    return out


def load(*paths: str | os.PathLike[str], title: str | None = None,
         progress: Callable[[str], None] | None = None) -> Timeline:
    """Load Akoma Ntoso documents (AKN 3.0, LegalDocML.de, AKN 2.0) — a law and the laws amending it, or a
    consolidation — as one Timeline. What cannot be mapped is listed by ``tl.check()`` with file and line."""
    data, report = to_dataset(*paths, title=title, progress=progress)
    return finish(data, report)
