"""The HTML timeline: one code path for the notebook fragment and the standalone page.

Python computes a plain view-model (strings and numbers): the chronological list, the acts in words, the numbered
sources, a static picture of the drawing (:mod:`lawtimeline.render.svg`, as an ``<img>`` data URI) and, as
compact JSON, the drawing's scene (:mod:`lawtimeline.render.scene`) and the data the "state on a date" control
needs. jinja2 templates (autoescaped) turn it into HTML; CSS and JavaScript are package data, inlined, scoped
under the fragment's own id, and allowed by hash in the standalone page's Content-Security-Policy. The same
Timeline always renders the same bytes.

Every host gets a page that works or reads (DESIGN §9): the bytes hold no control, no inline SVG and no
``hidden`` attribute, so a sanitizer that strips script, style, SVG and ids leaves the picture, the acts, the
list and the sources; the page's script swaps the picture for a live drawing laid out for its container's width,
and creates the toolbar, the legend and the state-on-date table.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import unicodedata
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import jinja2
import pendulum

from lawtimeline.chronology import KIND_WORDS
from lawtimeline.engine import Engine
from lawtimeline.model import LIFECYCLE_ORDER, Provision
from lawtimeline.render import layout as L
from lawtimeline.render.scene import Scene, compact, window
from lawtimeline.render.svg import data_uri, render_svg

if TYPE_CHECKING:
    from lawtimeline.results import Entry, Outcome
    from lawtimeline.timeline import Timeline

SAFE_SCHEMES = ("http", "https", "mailto")


@cache
def environment() -> jinja2.Environment:
    """The one jinja2 environment: package templates, autoescape on, undefined names are errors."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("lawtimeline.render", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    return env


@cache
def static(name: str) -> str:
    return resources.files("lawtimeline.render").joinpath("static", name).read_text(encoding="utf-8")


class V(dict[str, Any]):
    """A view-model record: a dict whose keys templates read as attributes, found on the first try."""

    __slots__ = ()

    def __getattr__(self, name: str) -> Any:
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None


def cited_elsewhere(tl: Timeline) -> list[str]:
    """Sources cited by acts, provisions and changes (pending ones included), in dataset order."""
    out: dict[str, None] = {}
    for a in tl.acts.values():
        out.update(dict.fromkeys(a.sources))
    for p in tl.provisions.values():
        out.update(dict.fromkeys(p.sources))
    for c in tl.all_changes():
        out.update(dict.fromkeys(c.sources))
    return [s for s in out if s in tl.sources]


#: Bidi classes that can reorder a title's neighbours (its citation marks) when it is not isolated.
_BIDI = frozenset({"R", "AL", "AN", "RLE", "RLO", "LRE", "LRO", "PDF", "RLI", "LRI", "FSI", "PDI"})


def needs_isolation(text: str) -> bool:
    """Whether ``text`` holds right-to-left or explicit bidi characters, or spaces at its ends (then it goes in a
    ``<bdi>``; a left-to-right title in a left-to-right page needs none, and ten thousand of them save 110 KB)."""
    return text != text.strip() or not text or any(unicodedata.bidirectional(ch) in _BIDI for ch in text)


def safe_url(url: str | None) -> str | None:
    """The URL if it is http(s) or mailto, else ``None`` (so ``javascript:`` and friends become plain text)."""
    if not url:
        return None
    u = url.strip()
    if any(ord(ch) < 32 for ch in u):
        return None
    try:
        scheme = urlsplit(u).scheme.lower()
    except ValueError:
        return None
    return u if scheme in SAFE_SCHEMES else None


def script_json(data: Any) -> str:
    """JSON that is safe inside ``<script type="application/json">`` (no ``</script>``, no HTML specials)."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def csp_hash(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")


def _day_words(value: Any) -> str:
    """A window bound (``start=``/``end=``) as people write it: ``1 May 2024``."""
    from lawtimeline.dates import to_day

    return to_day(value).format("D MMMM YYYY")


STATUS_CODES = {"definite": 0, "partial": 1, "unresolved": 2}


class _View:
    """Builds the view-model of one rendering."""

    def __init__(self, tl: Timeline, eng: Engine, *, lanes: str, start: Any, end: Any, title: str | None) -> None:
        self.tl, self.eng = tl, eng
        self.lanes = lanes
        digest = hashlib.sha256(json.dumps([tl.to_dict(), lanes, str(start), str(end), title], sort_keys=True,
                                           ensure_ascii=False, default=str).encode("utf-8")).hexdigest()
        self.rid = f"lt-{digest[:8]}"
        self.title = title or tl.title or "Legal timeline"
        self.dom, self.view = window(tl, eng, start, end)
        self.asked = (start, end)  # the window the caller asked for: the header's span (issue 13, point 1)
        self.source_numbers: dict[str, int] = {}
        self.entry_ids: dict[str, str] = {}
        self.entry_index: dict[str, int] = {}
        self.kept: list[Entry] = []
        self.provision_tags = {p.id: p.tags for p in tl.provisions.values()}
        self._act_names: dict[str, str] | None = None
        self._act_index: dict[str, int] | None = None
        self.strings: dict[str, int] = {}

    # -- sources and entries --------------------------------------------------------------------------------------
    def cite(self, ids: tuple[str, ...]) -> list[dict[str, Any]]:
        out = []
        for s in ids:
            n = self.source_numbers.setdefault(s, len(self.source_numbers) + 1)
            out.append({"n": n, "href": f"#{self.rid}-s{n}"})
        return out

    def entries(self) -> list[dict[str, Any]]:
        rows: list[dict[str, Any]] = []
        # With a window, the list holds exactly tl.chronology(start, end) (the drawing of a one-day window is a day
        # wider, which must not bring the next day's entries into the list); without one, the drawing's span.
        asked = self.asked
        kept = {id(e) for e in self.eng.chronology(*asked)} if asked != (None, None) else None
        for i, e in enumerate(self.eng.chronology()):
            if kept is not None:
                if id(e) not in kept:
                    continue
            elif e.date.latest < pendulum.Date.fromordinal(self.dom[0] + L.EPOCH) or \
                    e.date.earliest > pendulum.Date.fromordinal(self.dom[1] + L.EPOCH):
                continue
            eid = f"{self.rid}-e{i}"
            self.entry_ids[self._entry_key(e)] = eid
            self.entry_index[self._entry_key(e)] = len(rows)
            self.kept.append(e)
            rows.append(self.entry_row(e, eid))
        return rows

    @staticmethod
    def _entry_key(e: Entry) -> str:
        return f"{e.kind}|{e.subject}"

    def entry_row(self, e: Entry, eid: str) -> dict[str, Any]:
        tags: tuple[str, ...] = ()
        act = self.tl.acts._data.get(e.act) if e.act else None
        if e.provision:
            tags = self.provision_tags.get(e.provision, ())
        elif act is not None:
            tags = act.tags
        else:
            ev = self.tl.events._data.get(e.subject)
            related = ev.related if ev else ()
            tags = tuple(dict.fromkeys(t for r in related for t in (
                self.provision_tags.get(r) or (self.tl.acts._data[r].tags if r in self.tl.acts else ()))))
        if e.kind in LIFECYCLE_ORDER:
            # "Law 1-FZ adopted" needs no "adopted" before it
            kind_label = "" if e.title.endswith(KIND_WORDS[e.kind]) else KIND_WORDS[e.kind]
        elif e.kind == "change":
            kind_label = ""  # a change's title says what it does ("… sets …", "… comes into force with …")
        else:
            kind_label = e.kind.replace("_", " ")
        d = e.date
        return V({
            "id": eid,
            "iso": d.earliest.isoformat() if d.exact else d.edtf,
            "datetime": d.earliest.isoformat() if d.is_range else d.edtf.rstrip("~?%"),
            "label": d.label,
            "exact": d.exact,
            "kind": e.kind,
            "kind_label": kind_label,
            "title": e.title, "isolate": needs_isolation(e.title),
            "act": e.act or "",
            "provision": e.provision or "",
            "tag_list": tags,
            "caveats": list(e.caveats),
            "cites": self.cite(e.sources),
            "t0": L.day(d.earliest),
        })

    def sources(self) -> list[dict[str, Any]]:
        """Every cited source, numbered: first those the chronology cites, in order, then those cited only by
        acts, provisions or pending changes."""
        for sid in cited_elsewhere(self.tl):
            self.source_numbers.setdefault(sid, len(self.source_numbers) + 1)
        out = []
        for sid, n in sorted(self.source_numbers.items(), key=lambda kv: kv[1]):
            s = self.tl.sources._data.get(sid)
            if s is None:
                continue
            out.append({
                "n": n, "id": f"{self.rid}-s{n}", "title": s.title or s.id, "publisher": s.publisher,
                "date": s.date.label if s.date else None, "url": safe_url(s.url), "url_text": s.url,
                "note": s.note,
            })
        return out

    # -- the "state on date" data ------------------------------------------------------------------------------------
    def state_data(self) -> dict[str, Any]:
        outcomes: list[list[Any]] = []
        index: dict[str, int] = {}
        provisions = []
        for pid, p in self.tl.provisions.items():
            plan = self.eng.plan(pid)
            known = getattr(plan, "pending_known", None) or (0,) * len(plan.pending)
            probe = [plan.bounds[0] - 1, *list(plan.bounds)] if plan.bounds else [L.EPOCH]
            seq = []
            for ordinal in probe:
                o = self.eng.value_of(pid, pendulum.Date.fromordinal(max(1, ordinal))).outcome
                row = self.outcome_row(p, o)
                key = json.dumps(row, sort_keys=True, ensure_ascii=False)
                if key not in index:
                    index[key] = len(outcomes)
                    outcomes.append(row)
                seq.append(index[key])
            days = [b - L.EPOCH for b in plan.bounds]
            provisions.append({
                "id": pid, "b": [d - (days[i - 1] if i else 0) for i, d in enumerate(days)], "o": seq,
                # a pending change is listed from the day it was known (its act's first date), as in_force does
                "pending": [[self.eng.change_title(c), (k - L.EPOCH) if k > 0 else None]
                            for c, k in zip(plan.pending, known, strict=True)],
            })
            if not provisions[-1]["pending"]:
                del provisions[-1]["pending"]
        return {"provisions": provisions, "outcomes": outcomes}

    def outcome_row(self, p: Provision, o: Outcome) -> list[Any]:
        """One answer as the page's script reads it: ``[status, in_force, value, since, by, caveats, candidates,
        limits]`` — status 0 definite, 1 partial, 2 unresolved; in_force 1/0/null; since a day number when exact,
        else its words; by the act's index; caveats and limits as indices into the page's ``strings``; trailing
        empty fields left off."""
        since: Any = None
        by = -1
        value = None
        cands: list[str] = []
        if o.status == "definite":
            value = self.string(p.format(o.value)) if o.in_force else None
            if o.since is not None and o.change:
                since = L.day(o.since.earliest) if o.since.exact else o.since.label
                by = self.change_act_index(o.change)
        else:
            cands = [p.format(v) if f else "not in force" for f, v in o.candidates]
        row: list[Any] = [STATUS_CODES.get(o.status, 2), None if o.in_force is None else int(o.in_force), value,
                          since, by, [self.string(c) for c in o.caveats], cands,
                          [self.string(c) for c in (getattr(o, "limits", ()) if o.status == "partial" else ())]]
        while row and row[-1] in (None, -1, []) and len(row) > 2:
            row.pop()
        return row

    def string(self, text: str) -> int:
        return self.strings.setdefault(text, len(self.strings))

    def change_act_index(self, change_id: str) -> int:
        if self._act_index is None:
            pos = {a: i for i, a in enumerate(self.tl.acts)}
            self._act_index = {c.id: pos.get(c.act, -1) for c in self.tl.all_changes()}
        return self._act_index.get(change_id, -1)

    def change_act_name(self, change_id: str) -> str:
        if self._act_names is None:
            acts = self.tl.acts._data
            self._act_names = {c.id: (acts[c.act].name if c.act in acts else c.act) for c in self.tl.all_changes()}
        return self._act_names.get(change_id, "")

    # -- header and legend ------------------------------------------------------------------------------------------
    def header(self) -> dict[str, Any]:
        tl = self.tl
        start, end = self.asked
        entries = self.eng.chronology(start, end)  # the entries the page lists (all of them without a window)
        first = _day_words(start) if start is not None else (entries[0].date.label if entries else "")
        last = _day_words(end) if end is not None else (entries[-1].date.label if entries else "")
        return {
            "title": self.title, "description": tl.description or "",
            "span": f"{first} – {last}" if first and last and first != last else (first or last),
            "counts": [
                (len(tl.acts), "act" if len(tl.acts) == 1 else "acts"),
                (len(tl.provisions), "provision" if len(tl.provisions) == 1 else "provisions"),
                (len(tl.changes), "change" if len(tl.changes) == 1 else "changes"),
                (len(tl.events), "context event" if len(tl.events) == 1 else "context events"),
                (len(tl.sources), "source" if len(tl.sources) == 1 else "sources"),
            ],
        }


#: The static picture's width and how many lanes it draws at most (the chronology lists everything).
PICTURE_WIDTH = 960
PICTURE_LANES = 30
#: Lane labels longer than this may be cut in the drawing (two lines in the narrowest label column); the acts
#: list names such provisions in full.
CUT_NAME = 40


def _first_upper(s: str) -> str:
    return s[:1].upper() + s[1:]


def acts_list(tl: Timeline) -> list[dict[str, Any]]:
    """Every act in words, for readers with no script, no hover and no style: full title, number, dates."""
    out: list[dict[str, Any]] = []
    by_act: dict[str, list[str]] = {}
    for p in tl.provisions.values():
        if len(p.name) > CUT_NAME:  # the drawing may cut it: the full name is here
            by_act.setdefault(p.act, []).append(p.name + (f" ({p.path})" if p.path else ""))
    for a in tl.acts.values():
        title = a.title or a.name
        dates = []
        for e in a.events:
            if e.date is None:
                continue
            words = f"{KIND_WORDS.get(e.kind, e.kind.replace('_', ' '))} {e.date.label}"
            dates.append(words + (" (sources disagree)" if e.disputed else ""))
        out.append(V(title=title, short=a.name if a.name != title else "", number=a.number or "",
                     dates=_first_upper("; ".join(dates)), provisions=by_act.get(a.id, [])))
    return out


def render(tl: Timeline, *, full_page: bool = True, title: str | None = None, lanes: str = "act",
           start: Any = None, end: Any = None, paper: str | None = None) -> str:
    """Render ``tl`` as HTML: a standalone page (``full_page=True``) or a fragment for notebooks.

    ``paper`` ("a4" or "letter") adds that page size to the print stylesheet (for PDF export)."""
    if lanes not in ("act", "provision", "tag"):
        raise ValueError(f"lanes must be 'act', 'provision' or 'tag', not {lanes!r}")
    if paper not in (None, "a4", "letter"):
        raise ValueError(f"paper must be 'a4' or 'letter', not {paper!r}")
    eng = tl._engine()
    view = _View(tl, eng, lanes=lanes, start=start, end=end, title=title)
    entries = view.entries()
    scene = Scene(tl, eng, lanes=lanes, start=start, end=end, entries=view.entry_index)
    picture = render_svg(scene, title=None, width=PICTURE_WIDTH, max_lanes=PICTURE_LANES, tips=False)
    pic_w, pic_h = (int(x) for x in re.search(r'width="(\d+)" height="(\d+)"', picture).groups())  # type: ignore[union-attr]
    state = view.state_data()
    first_lane: dict[str, int] = {}
    for i, lane in enumerate(scene.lanes):
        if lane["type"] == "provision":
            first_lane.setdefault(lane["id"], i)
    for prov in state["provisions"]:
        prov["l"] = first_lane[prov.pop("id")]  # its id, name, path, act and tags are the lane's
    act_ids = list(tl.acts)
    act_pos = {a: i for i, a in enumerate(act_ids)}
    tags = sorted({t for p in tl.provisions.values() for t in p.tags} | {t for a in tl.acts.values()
                                                                           for t in a.tags})
    tag_pos = {t: i for i, t in enumerate(tags)}
    last_day = max((e["t0"] for e in entries), default=view.view[1])
    # per entry, flat: day (as a step from the previous entry's), kind, act, tag set (for the filters and colours)
    kinds: dict[str, int] = {}
    tagsets: dict[tuple[int, ...], int] = {}
    flat: list[int] = []
    before = 0
    for e in entries:
        ts = tuple(tag_pos[t] for t in e["tag_list"] if t in tag_pos)
        flat += [e["t0"] - before, kinds.setdefault(e["kind"], len(kinds)), act_pos.get(e["act"], -1),
                 tagsets.setdefault(ts, len(tagsets))]
        before = e["t0"]
    data = {
        **state,
        "scene": compact(scene, view.kept, view.string, lambda tags: tagsets.setdefault(
            tuple(tag_pos[t] for t in tags if t in tag_pos), len(tagsets))),
        "acts": [[a.id, a.name] for a in tl.acts.values()],
        "tags": tags,
        "entries": flat, "kinds": list(kinds), "tagsets": [list(t) for t in tagsets],
        "strings": list(view.strings),
        "day": min(max(last_day, view.dom[0]), view.dom[1]),
    }
    rid = view.rid
    css = static("timeline.css").replace("#LTROOT", f"#{rid}")
    if paper:
        css += "@page { size: " + ("A4" if paper == "a4" else "letter") + "; margin: 14mm 12mm; }\n"
    js = static("timeline.js").replace("__LTROOT__", rid)
    head = view.header()
    n_lanes = len(scene.lanes)
    alt = (f"Drawn timeline of {head['title']}"
           + (f", {head['span']}" if head["span"] else "")
           + f": {n_lanes} lane{'s' if n_lanes != 1 else ''} of acts, provisions and context events"
           + (f" (the first {PICTURE_LANES} shown)" if n_lanes > PICTURE_LANES else "")
           + ". The acts and the chronology below say the same in words.")
    ctx = {
        "rid": rid,
        "head": head,
        "picture": {"src": data_uri(picture), "width": pic_w, "height": pic_h, "alt": alt},
        "acts": acts_list(tl),
        "entries": entries,
        "sources": view.sources(),
        "state_json": script_json(data),
        "css": css,
        "js": js,
        "full_page": full_page,
        "h": 1 if full_page else 2,
        "csp": f"default-src 'none'; style-src '{csp_hash(css)}'; script-src '{csp_hash(js)}'; img-src data:; "
               "base-uri 'none'; form-action 'none'",
    }
    template = environment().get_template("page.html.j2" if full_page else "fragment.html.j2")
    # Render with placeholders for the inline CSS and JS, drop the templates' indentation, then put them back, so
    # that the hashes in the Content-Security-Policy stay those of the exact texts.
    marks = {"css": "\x00LT-CSS\x00", "js": "\x00LT-JS\x00"}
    html = template.render(**{**ctx, **marks})
    html = _INDENT.sub(">\n<", html)
    return html.replace(marks["css"], css).replace(marks["js"], js)


_INDENT = re.compile(r">\n[ \t]+<")


def save_html(tl: Timeline, path: str | os.PathLike[str], **options: Any) -> None:
    """Write the standalone page to ``path`` (UTF-8)."""
    text = render(tl, full_page=True, **options)
    with open(os.fspath(path), "w", encoding="utf-8") as f:
        f.write(text)

