"""Import legislation.gov.uk effects (CLML ``ukm:Effect`` records) as a Timeline (DESIGN §10a).

Reads a "changes affecting/affected" Atom feed (``…/changes/affecting/ukpga/2002/38/data.feed``) or a document's
metadata (``ukm:Effect`` and ``ukm:UnappliedEffect``). The rules, in the order of §10a:

- acts from the affected, affecting and commencing URIs (id = the URI path after ``/id/``, e.g. ``ukpga/2002/38``;
  title from the feed; a commencing instrument's title is its citation, "S.I. 2005/2213");
- a provision per affected provision (id = its URI path after ``/id/``; a ``SectionRange`` uses its start URI and
  its label as path; a parent element followed by its child, "Sch. 4" "para. 4", names the child);
  ``AffectedExtent`` ("E+W") is the provision's extent;
- one change per textual effect, with the ``EffectId`` as id (an effect naming several provisions gives one change
  per provision, ``<EffectId>/2`` …); op from ``@Type``: inserted → insert; substituted, words/word/entry inserted,
  substituted, repealed or omitted → amend (the feed never gives wording); repealed, revoked, omitted, ceases to have
  effect → repeal;
- stages from ``ukm:InForce``: ``Date``; "wholly in force" and "in so far as not already in force" are full; "for E.",
  "for W.", "for E.W." give extents; "for specified purposes" gives purposes (the record's ``Comments`` when it has
  them); ``Prospective="true"`` records without a date add no stage, so an effect with no dated record is pending;
- ``RequiresApplied="false"`` → lapsed, with ``Notes`` as the reason and the "(d.m.yyyy)" date in them as its date;
- non-textual effects (applied, modified, extended, restricted, excluded, power … conferred) → context events
  related to the provision and its act, dated by their first dated record;
- the affecting provisions and each record's commencing provisions → sources with their URIs (the commencing
  provision is also the stage's source); the effect record itself is a source;
- ``ukm:Savings`` (and a record's ``CommencingSavings``) → ``subject_to``; editorial attributes (``Row``,
  ``Applied``, ``Modified``, …) and the commencement authority → ``meta``; the feed's ``updated`` → ``as_at``;
- a provision that an effect amends (rather than inserts) existed before the effect's first date: an implicit
  insert dated ``[..day before]``, content not recorded, sourced to that effect.

What cannot be mapped (an effect on a whole Act that changes its text, an unknown element) is a warning from
``tl.check()`` with file, line and element.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Callable, Iterable
from typing import Any

import pendulum

from lawtimeline.interop._common import Report, finish, words
from lawtimeline.interop._xml import XmlDocument, line_of, parse
from lawtimeline.timeline import Timeline

__all__ = ["load", "to_dataset"]

UKM = "http://www.legislation.gov.uk/namespaces/metadata"
ATOM = "http://www.w3.org/2005/Atom"
LEG = "http://www.legislation.gov.uk/namespaces/legislation"
ID_PREFIXES = ("http://www.legislation.gov.uk/id/", "https://www.legislation.gov.uk/id/",
               "http://www.legislation.gov.uk/", "https://www.legislation.gov.uk/")
_U = f"{{{UKM}}}"
_A = f"{{{ATOM}}}"

#: ``@Type`` words that insert a whole provision, repeal it, or change its wording (amend).
INSERT_TYPES = {"inserted", "added"}
REPEAL_TYPES = {"repealed", "revoked", "omitted", "ceases to have effect", "repealed in part"}
_AMEND = re.compile(r"^(substituted\b.*|(words?|entry|entries|definitions?|sentence|figures?|sum)\s+"
                    r"(inserted|substituted|repealed|omitted|revoked)\b.*|renumbered\b.*|amended\b.*)$")
KIND_OF_CLASS = {
    "UnitedKingdomPublicGeneralAct": "act",
    "UnitedKingdomLocalAct": "local act",
    "ScottishAct": "act of the Scottish Parliament",
    "WelshParliamentAct": "act of Senedd Cymru",
    "UnitedKingdomStatutoryInstrument": "statutory instrument",
    "ScottishStatutoryInstrument": "Scottish statutory instrument",
    "WelshStatutoryInstrument": "Welsh statutory instrument",
    "NorthernIrelandStatutoryRule": "statutory rule",
}
CITATION_OF_CLASS = {
    "UnitedKingdomStatutoryInstrument": "S.I.",
    "ScottishStatutoryInstrument": "S.S.I.",
    "WelshStatutoryInstrument": "S.I.",
    "NorthernIrelandStatutoryRule": "S.R.",
}
FULL = ("wholly in force", "in force in so far as not already in force", "in so far as not already in force")
_EXTENT = re.compile(r"^for ((?:E|W|S|N\.?I)\.(?:(?:E|W|S|N\.?I)\.)*)")
_DMY = re.compile(r"\((\d{1,2})\.(\d{1,2})\.(\d{4})\)")
_TIME_OF_DAY = re.compile(r"^at \d{1,2}([.:]\d\d)? ?(a\.m\.|p\.m\.|am|pm)$", re.I)

#: Attributes of ``ukm:Effect`` the mapping reads; all others go to the change's ``meta`` as they are.
_EFFECT_READ = {"EffectId", "AffectedURI", "AffectingURI", "Type", "AffectedProvisions", "AffectingProvisions",
                "AffectedClass", "AffectingClass", "AffectedYear", "AffectedNumber", "AffectingYear",
                "AffectingNumber", "AffectedExtent", "Notes", "URI"}
_EFFECT_CHILDREN = {"AffectedTitle", "AffectedProvisions", "AffectingTitle", "AffectingProvisions", "Savings",
                    "CommencementAuthority", "InForceDates"}
_INFORCE_READ = {"Date", "Qualification", "OtherQualification", "Comments", "Prospective", "CommencingURI",
                 "CommencingClass", "CommencingYear", "CommencingNumber", "AppendedCommentary"}


def _local(el: Any) -> str:
    tag = el.tag
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def uri_id(uri: str) -> str:
    """``http://www.legislation.gov.uk/id/ukpga/2002/38`` → ``ukpga/2002/38``."""
    for p in ID_PREFIXES:
        if uri.startswith(p):
            return uri[len(p):].strip("/")
    return uri.strip("/")


def _act_of(pid: str) -> str:
    """The instrument part of a provision id: ``ukpga/1989/41/section/26A`` → ``ukpga/1989/41``."""
    parts = pid.split("/")
    for i, part in enumerate(parts):
        if i >= 2 and part in ("section", "schedule", "article", "regulation", "rule", "paragraph", "part",
                               "chapter", "crossheading", "introduction", "signature", "note", "contents"):
            return "/".join(parts[:i])
    return pid


class _Import:
    def __init__(self, report: Report) -> None:
        self.report = report
        self.acts: dict[str, dict[str, Any]] = {}
        self.provisions: dict[str, dict[str, Any]] = {}
        self.changes: dict[str, dict[str, Any]] = {}
        self.events: dict[str, dict[str, Any]] = {}
        self.sources: dict[str, dict[str, Any]] = {}
        self.first: dict[str, tuple[tuple[str, str], list[str]]] = {}  # provision → ((first date, id), sources)
        self.inserted: set[str] = set()
        self.as_at: list[str] = []
        self.meta: dict[str, Any] = {}
        self.titles: list[str] = []
        self.effects = 0

    # -- acts and sources -------------------------------------------------------------------------------------
    def act(self, uri: str, title: str | None, cls: str | None, year: str | None, number: str | None) -> str:
        aid = uri_id(uri)
        a = self.acts.get(aid)
        if a is None:
            citation = None
            if year and number:
                prefix = CITATION_OF_CLASS.get(cls or "")
                citation = f"{prefix} {year}/{number}" if prefix else f"{year} c. {number}"
            a = {"id": aid, "title": title or citation or aid}
            if citation:
                a["number"] = citation
            if cls:
                a["kind"] = KIND_OF_CLASS.get(cls, cls)
            a["url"] = uri
            self.acts[aid] = a
        elif title and a["title"] in (a.get("number"), aid):
            a["title"] = title
        return aid

    def source(self, uri: str, title: str, note: str | None = None) -> str:
        sid = uri_id(uri)
        if sid in self.acts or sid in self.provisions or sid in self.changes:
            sid += "#source"
        if sid not in self.sources:
            s = {"id": sid, "title": title, "publisher": "legislation.gov.uk", "url": uri}
            if note:
                s["note"] = note
            self.sources[sid] = s
        return sid

    def _label(self, el: Any) -> str:
        return words("".join(el.itertext()))

    def provision_sources(self, parent: Any, act_title: str) -> list[str]:
        """Sources for the provisions listed in ``parent`` (parent-then-child pairs name the child)."""
        out = []
        for uri, label in self.targets(parent):
            out.append(self.source(uri, f"{act_title} {label}"))
        return out

    def targets(self, parent: Any) -> list[tuple[str, str]]:
        """The (URI, label) of each provision named in ``parent``, the most specific of each parent-child chain."""
        items: list[tuple[str, str]] = []
        for el in parent:
            name = _local(el)
            if name not in ("Section", "SectionRange"):
                continue
            uri, label = el.get("URI") or "", self._label(el)
            if not uri:
                continue
            if items and uri.startswith(items[-1][0] + "/"):  # the child of the previous one ("Sch. 4" "para. 4")
                prev_label = items.pop()[1]
                label = f"{prev_label} {label}"
            elif items and label.startswith("(") and "(" in items[-1][1]:  # a sibling: "s. 86(6)(b)" "(bb)"
                label = items[-1][1][: items[-1][1].rindex("(")] + label
            items.append((uri, label))
        return items

    # -- one file ---------------------------------------------------------------------------------------------
    def read(self, doc: XmlDocument) -> None:
        root = doc.root
        self.report.extend(doc.warnings)
        if _local(root) == "feed":
            self.read_feed_head(doc)
        found = False
        for el in root.iter(f"{_U}Effect", f"{_U}UnappliedEffect"):
            found = True
            self.effect(doc.file, el)
        if not found:
            self.report.left_out(doc.file, line_of(root), f"<{_local(root)}>",
                                 "no ukm:Effect or ukm:UnappliedEffect in the file")

    def read_feed_head(self, doc: XmlDocument) -> None:
        head: dict[str, Any] = {}
        entries = 0
        for el in doc.root:
            name = _local(el)
            if name == "entry":
                entries += 1
                continue
            if name == "updated":
                text = words(el.text)
                head["updated"] = text
                try:
                    self.as_at.append(pendulum.parse(text).date().isoformat())  # type: ignore[union-attr]
                except (ValueError, pendulum.parsing.exceptions.ParserError, AttributeError):
                    self.report.note(doc.file, line_of(el), f"<updated>{text}</updated> is not a date: no as_at")
            elif name == "title":
                self.titles.append(words(el.text))
                head["title"] = words(el.text)
            elif name == "link":
                head.setdefault("links", []).append({k: v for k, v in el.attrib.items()})
            elif isinstance(el.tag, str):
                value = words(el.text) or None
                attrs = {k.rsplit("}", 1)[-1]: v for k, v in el.attrib.items() if words(v)}
                head[name] = {"text": value, **attrs} if attrs else value
        total = head.get("totalResults")
        if isinstance(total, str) and total.isdigit() and int(total) > entries:
            self.report.note(doc.file, line_of(doc.root),
                             f"the feed counts {total} effects and this file holds {entries}: the others (further "
                             "pages, or left out of an excerpt) are not in the timeline")
        self.meta[os.path.basename(doc.file)] = head

    def effect(self, file: str, el: Any) -> None:
        self.effects += 1
        line = line_of(el)
        eid = el.get("EffectId") or (el.get("URI") and uri_id(el.get("URI")).rsplit("/", 1)[-1])
        typ = words(el.get("Type"))
        tag = f'<ukm:{_local(el)} EffectId="{eid}">' if eid else f"<ukm:{_local(el)}>"
        sources_before = set(self.sources)
        if not eid or not el.get("AffectedURI") or not el.get("AffectingURI") or not typ:
            self.report.left_out(file, line, tag, "it lacks EffectId, AffectedURI, AffectingURI or Type")
            return
        if eid in self.changes or eid in self.events:
            self.report.left_out(file, line, tag, "an effect with this EffectId was already read")
            return
        children = {}
        for c in el:
            name = _local(c)
            if name in _EFFECT_CHILDREN and name not in children:
                children[name] = c
            elif name not in ("AffectingTitle", "AffectedTitle") and isinstance(c.tag, str):
                self.report.left_out(file, line_of(c), f"<ukm:{name}> of {tag}", "not part of the mapping")
        affected_title = words(children["AffectedTitle"].text) if "AffectedTitle" in children else None
        affecting_title = words(children["AffectingTitle"].text) if "AffectingTitle" in children else None
        affected = self.act(el.get("AffectedURI"), affected_title, el.get("AffectedClass"), el.get("AffectedYear"),
                            el.get("AffectedNumber"))
        affecting = self.act(el.get("AffectingURI"), affecting_title, el.get("AffectingClass"),
                             el.get("AffectingYear"), el.get("AffectingNumber"))
        affected_name = self.acts[affected]["title"]
        affecting_name = self.acts[affecting]["title"]

        record_uri = el.get("URI")
        sources: list[str] = []
        if record_uri:
            sources.append(self.source(record_uri, f"legislation.gov.uk effect record: {affecting_name} "
                                                   f"{el.get('AffectingProvisions') or ''} on {affected_name} "
                                                   f"{el.get('AffectedProvisions') or ''} ({typ})".replace("  ", " ")))
        if "AffectingProvisions" in children:
            sources += self.provision_sources(children["AffectingProvisions"], affecting_name)

        stages, stage_sources, extra_savings = self.stages(file, children.get("InForceDates"), tag)
        sources += [s for s in stage_sources if s not in sources]

        subject_to = []
        if "Savings" in children and words("".join(children["Savings"].itertext())):
            subject_to.append(f"{affecting_name} {words(''.join(children['Savings'].itertext()))}")
        subject_to += extra_savings

        meta: dict[str, Any] = {k: v for k, v in el.attrib.items() if k not in _EFFECT_READ}
        meta["Type"] = typ
        if "CommencementAuthority" in children:
            meta["CommencementAuthority"] = words("".join(children["CommencementAuthority"].itertext()))
        entry = el.getparent()
        if entry is not None and entry.tag == f"{_A}entry":
            for c in entry:  # the Atom entry around the effect: its fields are editorial, kept as they are
                text = words("".join(c.itertext())) if c is not el and isinstance(c.tag, str) else ""
                if text:
                    meta[f"atom:{_local(c)}"] = text

        targets = self.targets(children["AffectedProvisions"]) if "AffectedProvisions" in children else []
        extent = [x for x in (el.get("AffectedExtent") or "").split("+") if x]
        op = self.op(typ)
        first_date = min((s["date"] for s in stages), default=None)
        lapse = self.lapse(el, stages)
        earliest = min([s["date"] for s in stages] + ([lapse["date"]] if lapse and lapse.get("date") else []),
                       default=None)  # the effect finds the provision existing by then

        if op is None and not first_date:
            self.report.left_out(file, line, tag, f"a non-textual effect ({typ}) with no in-force date (prospective): "
                                                  "context events need a date")
            self.drop_sources(sources_before)
            return
        if op is None:  # non-textual: a context event related to the provisions and their act
            pids = [self.provision(uri, label, affected, extent) for uri, label in targets]
            for item in [self.acts[affected], self.acts[affecting], *(self.provisions[p] for p in pids)]:
                self.cite(item, sources)
            ev: dict[str, Any] = {"id": eid, "kind": self.event_kind(typ)}
            label = el.get("AffectedProvisions") or "the whole Act"
            ev["title"] = f"{affected_name} {label}: {typ} by {affecting_name} {el.get('AffectingProvisions') or ''}"
            ev["title"] = words(ev["title"])
            if first_date:
                ev["date"] = first_date
            ev["related"] = [*pids, affected]
            ev["sources"] = sources
            notes = [self.stage_words(s) for s in stages]
            if el.get("Notes"):
                notes.append(words(el.get("Notes")))
            if subject_to:
                notes.append("subject to savings: " + "; ".join(subject_to))
            if notes:
                ev["note"] = "; ".join(notes)
            ev["meta"] = meta
            self.events[eid] = ev
            for pid in pids:
                self.note_first(pid, earliest, eid, sources)
            return
        if not targets:
            self.report.left_out(file, line, tag, f"it changes the text ({typ}) of the whole of {affected_name} "
                                                  "without naming a provision")
            self.drop_sources(sources_before)
            return
        for n, (uri, label) in enumerate(targets, 1):
            pid = self.provision(uri, label, affected, extent)
            for item in (self.acts[affected], self.acts[affecting], self.provisions[pid]):
                self.cite(item, sources)
            cid = eid if n == 1 else f"{eid}/{n}"
            change: dict[str, Any] = {"id": cid, "act": affecting, "provision": pid, "op": op}
            if stages:
                change["stages"] = [dict(s) for s in stages]
            if lapse:
                change["lapsed"] = lapse
            if subject_to:
                change["subject_to"] = subject_to
            change["sources"] = sources
            notes = []
            if el.get("Notes") and not lapse:
                notes.append(words(el.get("Notes")))
            if notes:
                change["note"] = "; ".join(notes)
            change["meta"] = meta
            self.changes[cid] = change
            if op == "insert":
                self.inserted.add(pid)
            self.note_first(pid, earliest, cid, sources)

    def drop_sources(self, keep: set[str]) -> None:
        """Forget the sources made for an effect that is left out (nothing would cite them)."""
        for sid in [s for s in self.sources if s not in keep]:
            del self.sources[sid]

    def cite(self, item: dict[str, Any], sources: list[str]) -> None:
        """An act or provision cites the record of the first effect that names it."""
        if sources and "sources" not in item:
            item["sources"] = sources[:1]

    def note_first(self, pid: str, date: str | None, cid: str, sources: list[str]) -> None:
        """Remember the earliest date at which an effect finds ``pid`` (for its implicit earlier existence)."""
        key = (date or "9999-12-31", cid)
        prev = self.first.get(pid)
        if prev is None or key < prev[0]:
            self.first[pid] = (key, sources[:1])

    def provision(self, uri: str, label: str, act: str, extent: list[str]) -> str:
        pid = uri_id(uri)
        p = self.provisions.get(pid)
        if p is None:
            p = {"id": pid, "act": _act_of(pid) if _act_of(pid) in self.acts else act, "path": label, "kind": "text"}
            if extent:
                p["extent"] = list(extent)
            self.provisions[pid] = p
        elif extent and "extent" not in p:
            p["extent"] = list(extent)
        return pid

    @staticmethod
    def op(typ: str) -> str | None:
        t = typ.lower()
        if t in INSERT_TYPES:
            return "insert"
        if t in REPEAL_TYPES:
            return "repeal"
        if _AMEND.match(t):
            return "amend"
        return None

    @staticmethod
    def event_kind(typ: str) -> str:
        t = typ.lower()
        if t.startswith("power"):
            return "power_conferred"
        first = re.match(r"[a-z]+", t)
        return first.group(0) if first else "effect"

    def stages(self, file: str, dates: Any, tag: str) -> tuple[list[dict[str, Any]], list[str], list[str]]:
        stages: list[dict[str, Any]] = []
        sources: list[str] = []
        savings: list[str] = []
        if dates is None:
            return stages, sources, savings
        for rec in dates:
            if _local(rec) != "InForce":
                if isinstance(rec.tag, str):
                    self.report.left_out(file, line_of(rec), f"<ukm:{_local(rec)}> of {tag}", "not an InForce record")
                continue
            date = rec.get("Date")
            if not date:
                continue  # prospective (or undated): no stage; with no dated record the change stays pending
            stage: dict[str, Any] = {"date": date}
            qual = words(rec.get("Qualification"))
            other = words(rec.get("OtherQualification"))
            comments = words(rec.get("Comments"))
            q = other if qual == "Other" and other else qual
            extent: list[str] = []
            m = _EXTENT.match(q)
            rest = q
            if m:
                extent = [c.replace(".", "") for c in re.findall(r"N\.?I\.|[EWS]\.", m.group(1))]
                rest = q[m.end():].strip()
            purposes: list[str] = []
            note: list[str] = []
            if "specified purposes" in rest:
                head = rest.replace("for specified purposes", "").strip()
                purposes.append(comments or rest)
                if head and comments:
                    purposes.insert(0, head)
                comments = ""
            elif _TIME_OF_DAY.match(rest):  # "at 11 p.m.": queries are whole days, the time is kept in the note
                note.append(f"takes effect {rest}")
            elif rest and not any(rest.endswith(f) or rest == f for f in FULL) and rest not in ("", "wholly in force"):
                purposes.append(rest)
            if comments:
                note.append(comments)
            if rec.get("AppendedCommentary"):
                note.append(words(rec.get("AppendedCommentary")))
            if extent:
                stage["extent"] = extent
            if purposes:
                stage["purposes"] = purposes
            cuti = rec.get("CommencingURI")
            st_sources: list[str] = []
            if cuti:
                inst = self.act(cuti, None, rec.get("CommencingClass"), rec.get("CommencingYear"),
                                rec.get("CommencingNumber"))
                name = self.acts[inst]["title"]
                provs = [c for c in rec if _local(c) == "CommencingProvisions"]
                for c in provs:
                    st_sources += self.provision_sources(c, name)
                if not st_sources:
                    st_sources.append(self.source(cuti, name))
                self.cite(self.acts[inst], st_sources)
                for c in rec:
                    if _local(c) == "CommencingSavings":
                        savings.append(f"{name} {words(''.join(c.itertext()))}")
                    elif _local(c) != "CommencingProvisions" and isinstance(c.tag, str):
                        self.report.left_out(file, line_of(c), f"<ukm:{_local(c)}> of {tag}",
                                             "not part of the mapping")
            if st_sources:
                stage["sources"] = st_sources
                sources += [s for s in st_sources if s not in sources]
            if q and q not in ("wholly in force",) and not (extent or purposes) and not _TIME_OF_DAY.match(q):
                note.insert(0, q)
            if note:
                stage["note"] = "; ".join(note)
            meta = {k: v for k, v in rec.attrib.items() if k not in _INFORCE_READ}
            if qual:
                meta["Qualification"] = qual
            if meta:
                stage["meta"] = meta
            stages.append(stage)
        return stages, sources, savings

    @staticmethod
    def stage_words(s: dict[str, Any]) -> str:
        scope = []
        if s.get("extent"):
            scope.append("for " + "+".join(s["extent"]))
        if s.get("purposes"):
            scope.append("; ".join(s["purposes"]))
        return f"in force {s['date']}" + (f" ({', '.join(scope)})" if scope else "")

    @staticmethod
    def lapse(el: Any, stages: list[dict[str, Any]]) -> dict[str, Any] | None:
        if el.get("RequiresApplied") != "false":
            return None
        notes = words(el.get("Notes"))
        out: dict[str, Any] = {"reason": notes or "legislation.gov.uk marks this effect as not to be applied "
                                                  "(RequiresApplied=\"false\") and gives no reason"}
        m = _DMY.search(notes)
        if m:
            d, mth, y = (int(x) for x in m.groups())
            with contextlib.suppress(ValueError):  # no such day: the lapse stays undated
                out["date"] = pendulum.date(y, mth, d).isoformat()
        return out

    # -- the dataset ------------------------------------------------------------------------------------------
    def implicit_inserts(self) -> list[dict[str, Any]]:
        """An amended (not inserted) provision existed before the first date any effect gives for it."""
        out = []
        horizon = min(self.as_at) if self.as_at else None
        for pid, ((date, cid), srcs) in self.first.items():
            if pid in self.inserted:
                continue
            if date == "9999-12-31":
                if horizon is None:
                    continue
                bound, why = horizon, f"the feed ({horizon}) records an effect on it"
            else:
                bound = pendulum.parse(date).date().subtract(days=1).isoformat()  # type: ignore[union-attr]
                why = f"an effect on it ({cid}) dates from {date}"
            change = {"id": f"{pid}/existed", "act": self.provisions[pid]["act"], "provision": pid, "op": "insert",
                      "effective": f"[..{bound}]", "sources": srcs,
                      "note": f"in force before the effects in the feed: {why}; when it came into force and what it "
                              "said are not in the feed"}
            out.append(change)
        return out

    def dataset(self, title: str | None) -> dict[str, Any]:
        changes = [*self.implicit_inserts(), *self.changes.values()]
        data: dict[str, Any] = {"lawtimeline": 1}
        affecting = list(dict.fromkeys(c["act"] for c in self.changes.values()))
        names = [self.acts[a]["title"] for a in affecting]
        data["title"] = title or (f"Effects of {', '.join(names)} (legislation.gov.uk)" if names
                                  else "Effects (legislation.gov.uk)")
        if self.as_at:
            data["as_at"] = min(self.as_at)
        data["sources"] = list(self.sources.values())
        data["acts"] = list(self.acts.values())
        data["provisions"] = list(self.provisions.values())
        data["changes"] = changes
        if self.events:
            data["events"] = list(self.events.values())
        if self.meta:
            data["meta"] = {"feeds": self.meta}
        return data


def to_dataset(*paths: str | os.PathLike[str], title: str | None = None,
               progress: Callable[[str], None] | None = None) -> tuple[dict[str, Any], Report]:
    """The dataset dict for ``paths`` and the report of what was left out (``load`` builds it)."""
    report = Report()
    imp = _Import(report)
    for path in _files(paths):
        if progress:
            progress(path)
        imp.read(parse(path))
    return imp.dataset(title), report


def _files(paths: Iterable[str | os.PathLike[str]]) -> list[str]:
    out = []
    for p in paths:
        name = os.fspath(p)
        if os.path.isdir(name):
            out += sorted(os.path.join(name, f) for f in os.listdir(name) if f.endswith((".xml", ".feed")))
        else:
            out.append(name)
    return out


def load(*paths: str | os.PathLike[str], title: str | None = None,
         progress: Callable[[str], None] | None = None) -> Timeline:
    """Load legislation.gov.uk effects (Atom feeds or documents' metadata) as one Timeline.

    Every effect becomes a change (textual effects), a context event (non-textual ones) or a warning that
    ``tl.check()`` lists with its file and line. Raises :class:`~lawtimeline.DatasetError` for a file that is not
    well-formed XML.
    """
    data, report = to_dataset(*paths, title=title, progress=progress)
    return finish(data, report)
