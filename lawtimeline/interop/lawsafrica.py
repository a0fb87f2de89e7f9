"""Import Laws.Africa works JSON (the ``works`` list of the Laws.Africa API) as a Timeline (DESIGN §10a).

- each work is an act: id = its FRBR URI without the leading slash, title, kind (``type_name``), jurisdiction
  (``country``, upper case, and ``locality``), the API ``url``; its life cycle from ``assent_date`` (signed),
  ``publication_date`` (published, citing a source for the gazette: ``publication_name``, ``publication_number``,
  ``publication_document.url``), ``commencement_date`` (in_force) and ``repeal`` (repealed);
- one provision per work (id = the act id + ``/whole``, as ids are unique across a dataset; kind text, content
  not recorded), inserted at commencement: the works JSON carries no text, so the value is ``lt.Unrecorded``;
  the repeal ends it;
- ``amendments`` name no provision: each is a context event (kind ``amended``) related to both works;
- every other field (``points_in_time``, ``links``, record times, …) is kept in the act's ``meta``, untouched;
- several snapshots of one collection load together: each keeps its ``as_at_date`` (the dataset's ``as_at`` is the
  latest), and a fact that appears first in a later snapshot — a work, or a repeal — gets ``known`` = the range from
  the day after the earlier snapshot's ``as_at_date`` to the later one's, so ``as_of`` shows what each snapshot knew.
  (A repeal first seen in a later snapshot is written as a ``repeal`` change with that ``known``, since life-cycle
  events carry no ``known`` of their own.)

What cannot be mapped (a commencement of only some provisions or on another day than ``commencement_date``, a
work without ``frbr_uri``) is a warning from ``tl.check()`` with the file and line; a commencing work
(``commencing_frbr_uri``) is named in the insert's note and becomes an act.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

import pendulum

from lawtimeline.errors import DatasetError, Problem
from lawtimeline.interop._common import Report, finish
from lawtimeline.io._read import Located, ReadError, read_text
from lawtimeline.timeline import Timeline

__all__ = ["load", "provision_id", "to_dataset"]

#: Work fields the mapping reads; every other field goes to the act's ``meta``.
_READ = {"frbr_uri", "title", "type_name", "country", "locality", "url", "assent_date", "publication_date",
         "publication_name", "publication_number", "publication_document", "commencement_date", "commencements",
         "repeal", "amendments", "as_at_date"}


def _id(uri: str) -> str:
    return uri.strip().lstrip("/")


def provision_id(act_id: str) -> str:
    """The id of the provision that stands for a whole work: ids are unique across a dataset, so not the act's."""
    return f"{act_id}/whole"


class _Import:
    def __init__(self, report: Report) -> None:
        self.report = report
        self.acts: dict[str, dict[str, Any]] = {}
        self.provisions: dict[str, dict[str, Any]] = {}
        self.changes: dict[str, dict[str, Any]] = {}
        self.events: dict[str, dict[str, Any]] = {}
        self.sources: dict[str, dict[str, Any]] = {}
        self.as_at: list[str] = []
        self.named: dict[str, tuple[str, str]] = {}  # works named by others (amending, repealing): title, source

    def read(self, name: str, located: Located, known: str | None) -> None:
        works = located.value
        base: tuple[str, ...] = ()
        if isinstance(works, dict) and isinstance(works.get("results"), list):  # an API page
            works, base = works["results"], ("results",)
        if not isinstance(works, list):
            raise DatasetError([Problem("expected a list of works (the Laws.Africa works JSON)", file=name,
                                        line=1, column=1)])
        for i, w in enumerate(works):
            line, _col = located.where((*base, i))
            if not isinstance(w, dict) or not isinstance(w.get("frbr_uri"), str) or not w["frbr_uri"].strip("/"):
                self.report.left_out(name, line, f"work [{i}]", "it has no frbr_uri")
                continue
            self.work(name, located, (*base, i), w, known)

    def work(self, name: str, located: Located, path: tuple[Any, ...], w: dict[str, Any], known: str | None) -> None:
        aid = _id(w["frbr_uri"])
        src = f"{aid}@laws.africa"
        if src not in self.sources:
            self.sources[src] = {"id": src, "title": f"Laws.Africa: {w.get('title') or aid}",
                                 "publisher": "Laws.Africa", **({"url": w["url"]} if w.get("url") else {})}
        if w.get("as_at_date"):
            self.sources[src]["date"] = w["as_at_date"]
        if aid in self.acts:  # seen in an earlier snapshot: only facts new to this one are added
            self.later(name, located, path, aid, w, known, src)
            return
        act: dict[str, Any] = {"id": aid, "title": w.get("title") or aid}
        if w.get("type_name"):
            act["kind"] = str(w["type_name"]).lower()
        if w.get("country"):
            act["jurisdiction"] = str(w["country"]).upper() + (f"-{w['locality']}".upper() if w.get("locality")
                                                                 else "")
        if w.get("url"):
            act["url"] = w["url"]
        act["sources"] = [src]
        events: list[dict[str, Any]] = []
        if w.get("assent_date"):
            events.append({"kind": "signed", "date": w["assent_date"]})
        if w.get("publication_date"):
            pub = self.publication(aid, w)
            events.append({"kind": "published", "date": w["publication_date"], **({"sources": [pub]} if pub else {}),
                           **({"by": w["publication_name"]} if w.get("publication_name") else {})})
        commencements = [c for c in w.get("commencements") or [] if isinstance(c, dict)]
        if w.get("commencement_date"):
            events.append({"kind": "in_force", "date": w["commencement_date"]})
        commenced_by: list[str] = []
        for j, c in enumerate(commencements):
            line, _ = located.where((*path, "commencements", j))
            if not c.get("all_provisions", True) or c.get("provisions"):
                self.report.left_out(name, line, f"commencements[{j}] of {aid}",
                                     "it commences only some provisions, and the works JSON has no provisions")
            elif c.get("date") and c.get("date") != w.get("commencement_date"):
                self.report.left_out(name, line, f"commencements[{j}] of {aid}",
                                     f"it commences the whole work on {c['date']}, not on its commencement_date "
                                     f"({w.get('commencement_date')})")
            elif c.get("commencing_frbr_uri"):
                by = _id(c["commencing_frbr_uri"])
                self.named.setdefault(by, (c.get("commencing_title") or by, src))
                commenced_by.append(f"commenced by {c.get('commencing_title') or by} ({by})")
        repeal = w.get("repeal")
        if isinstance(repeal, dict) and repeal.get("date"):
            if known is None:
                events.append({"kind": "repealed", "date": repeal["date"],
                               **({"by": repeal["repealing_title"]} if repeal.get("repealing_title") else {})})
            else:
                self.repeal_change(aid, repeal, known, src)
        if events:
            act["events"] = events
        meta = {k: v for k, v in w.items() if k not in _READ}
        if meta:
            act["meta"] = meta
        self.acts[aid] = act
        pid = provision_id(aid)
        prov: dict[str, Any] = {"id": pid, "act": aid, "kind": "text", "path": "the whole work",
                                "title": w.get("title") or aid, "sources": [src]}
        self.provisions[pid] = prov
        insert: dict[str, Any] = {"id": f"{aid}@commenced", "act": aid, "provision": pid, "op": "insert",
                                  "sources": [src]}
        if known:
            insert["known"] = known
        if not w.get("commencement_date"):
            insert["note"] = "the work has no commencement date in the data"
        elif commenced_by:
            insert["note"] = "; ".join(commenced_by)
        self.changes[insert["id"]] = insert
        for j, am in enumerate(w.get("amendments") or []):
            self.amendment(name, located, (*path, "amendments", j), aid, am, src)

    def publication(self, aid: str, w: dict[str, Any]) -> str | None:
        if not w.get("publication_name"):
            return None
        sid = f"{aid}@publication"
        doc: dict[str, Any] = w["publication_document"] if isinstance(w.get("publication_document"), dict) else {}
        title = str(w["publication_name"]) + (f" no. {w['publication_number']}" if w.get("publication_number")
                                              else "")
        self.sources[sid] = {"id": sid, "title": title, "date": w["publication_date"],
                             **({"url": doc["url"]} if doc.get("url") else {})}
        return sid

    def amendment(self, name: str, located: Located, path: tuple[Any, ...], aid: str, am: Any, src: str) -> None:
        if not isinstance(am, dict) or not am.get("amending_uri") or not am.get("date"):
            line, _ = located.where(path)
            self.report.left_out(name, line, f"an amendment of {aid}", "it has no amending_uri or no date")
            return
        by = _id(am["amending_uri"])
        eid = f"{aid}@amended-{am['date']}-by-{by.rsplit('/', 1)[-1]}"
        if eid in self.events:
            return
        self.events[eid] = {"id": eid, "kind": "amended", "date": am["date"],
                            "title": f"{self.acts.get(aid, {}).get('title') or aid} amended by "
                                     f"{am.get('amending_title') or by}",
                            "related": [aid, by], "sources": [src]}
        self.named.setdefault(by, (am.get("amending_title") or by, src))

    def repeal_change(self, aid: str, repeal: dict[str, Any], known: str, src: str) -> None:
        by = _id(repeal["repealing_uri"]) if repeal.get("repealing_uri") else aid
        if by != aid:
            self.named.setdefault(by, (repeal.get("repealing_title") or by, src))
        self.changes[f"{aid}@repealed"] = {"id": f"{aid}@repealed", "act": by, "provision": provision_id(aid),
                                           "op": "repeal",
                                           "effective": repeal["date"], "known": known, "sources": [src]}

    def later(self, name: str, located: Located, path: tuple[Any, ...], aid: str, w: dict[str, Any],
              known: str | None, src: str) -> None:
        act = self.acts[aid]
        repeal = w.get("repeal")
        has_repeal = any(e["kind"] == "repealed" for e in act.get("events", [])) or f"{aid}@repealed" in self.changes
        if isinstance(repeal, dict) and repeal.get("date") and not has_repeal and known:
            self.repeal_change(aid, repeal, known, src)
        for j, am in enumerate(w.get("amendments") or []):
            self.amendment(name, located, (*path, "amendments", j), aid, am, src)

    def dataset(self, title: str | None) -> dict[str, Any]:
        for by, (by_title, src) in sorted(self.named.items()):
            if by not in self.acts:
                self.acts[by] = {"id": by, "title": by_title, "sources": [src],
                                 "note": "named by a work of the collection; not itself in the data"}
        data: dict[str, Any] = {"lawtimeline": 1,
                                "title": title or "Laws.Africa works" + (f" as at {max(self.as_at)}" if self.as_at
                                                                         else "")}
        if self.as_at:
            data["as_at"] = max(self.as_at)
            data["meta"] = {"snapshots": sorted(set(self.as_at))}
        data["sources"] = list(self.sources.values())
        data["acts"] = list(self.acts.values())
        data["provisions"] = list(self.provisions.values())
        data["changes"] = list(self.changes.values())
        if self.events:
            data["events"] = list(self.events.values())
        return data


def _read(path: str) -> Located:
    try:
        with open(path, "rb") as f:
            text = f.read().decode("utf-8-sig")
        return read_text(text, "json", path)
    except UnicodeDecodeError as e:
        raise DatasetError([Problem(f"not UTF-8 text: {e.reason}", file=path)]) from None
    except OSError as e:
        raise DatasetError([Problem(f"cannot read the file: {e.strerror or e}", file=path)]) from None
    except ReadError as e:
        raise DatasetError(e.problems) from None


def _as_at(located: Located) -> str | None:
    works = located.value
    if isinstance(works, dict):
        works = works.get("results")
    if not isinstance(works, list):  # not a list of works: reported where the snapshot is read
        return None
    dates = {str(w["as_at_date"]) for w in works if isinstance(w, dict) and w.get("as_at_date")}
    return max(dates) if dates else None


def to_dataset(*paths: str | os.PathLike[str], title: str | None = None,
               progress: Callable[[str], None] | None = None) -> tuple[dict[str, Any], Report]:
    """The dataset dict for the snapshots at ``paths`` (any order: they are read oldest first) and the report."""
    report = Report()
    imp = _Import(report)
    snapshots = []
    for p in paths:
        if progress:
            progress(os.fspath(p))
        snapshots.append((os.fspath(p), _read(os.fspath(p))))
    snapshots.sort(key=lambda s: _as_at(s[1]) or "")
    previous: str | None = None
    for name, located in snapshots:
        as_at = _as_at(located)
        known = None
        if previous is not None and as_at is not None and as_at > previous:
            start = pendulum.parse(previous).date().add(days=1).isoformat()  # type: ignore[union-attr]
            known = f"[{start}..{as_at}]"
        imp.read(name, located, known)
        if as_at:
            imp.as_at.append(as_at)
            previous = as_at
    return imp.dataset(title), report


def load(*paths: str | os.PathLike[str], title: str | None = None,
         progress: Callable[[str], None] | None = None) -> Timeline:
    """Load one or more snapshots of a Laws.Africa works collection (JSON) as one Timeline.

    Facts that appear first in a later snapshot are known only from the day after the earlier snapshot's as-at date
    (``known`` is that range), so ``as_of`` answers with what each snapshot knew.
    """
    data, report = to_dataset(*paths, title=title, progress=progress)
    return finish(data, report)

