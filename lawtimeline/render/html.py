"""The HTML timeline: one code path for the notebook fragment and the standalone page.

Python computes a plain view-model (strings and numbers): the drawn timeline's marks, the chronological list, the
numbered sources, and the data the page's "state on date" control needs. jinja2 templates (autoescaped) turn it
into HTML; CSS and JavaScript are package data, inlined, scoped under the fragment's own id, and allowed by hash in
the standalone page's Content-Security-Policy. The same Timeline always renders the same bytes.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import jinja2
import pendulum

from lawtimeline.chronology import KIND_WORDS
from lawtimeline.engine import Engine, query_day
from lawtimeline.errors import DateError
from lawtimeline.model import LIFECYCLE_ORDER, Act, Provision
from lawtimeline.render import layout as L

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


class _View:
    """Builds the view-model of one rendering."""

    def __init__(self, tl: Timeline, eng: Engine, *, lanes: str, start: Any, end: Any, title: str | None) -> None:
        self.tl, self.eng = tl, eng
        self.lanes = lanes
        digest = hashlib.sha256(json.dumps([tl.to_dict(), lanes, str(start), str(end), title], sort_keys=True,
                                           ensure_ascii=False, default=str).encode("utf-8")).hexdigest()
        self.rid = f"lt-{digest[:10]}"
        self.title = title or tl.title or "Legal timeline"
        dom = L.domain(tl, eng)
        if start is not None or end is not None:
            lo = L.day(query_day(start)[0]) if start is not None else dom[0]
            hi = L.day(query_day(end)[0]) if end is not None else dom[1]
            if hi < lo:
                raise DateError(f"start {L.iso(lo)} is after end {L.iso(hi)}")
            if hi == lo:
                hi = lo + 1
            dom = (lo, hi)
            self.view = dom
        else:
            self.view = L.focus(tl, eng, dom)
        self.dom = dom
        self.scale = L.Scale(*self.view)
        self.source_numbers: dict[str, int] = {}
        self.entry_ids: dict[str, str] = {}
        self.provision_tags = {p.id: p.tags for p in tl.provisions.values()}
        self._act_names: dict[str, str] | None = None

    # -- sources and entries --------------------------------------------------------------------------------------
    def cite(self, ids: tuple[str, ...]) -> list[dict[str, Any]]:
        out = []
        for s in ids:
            n = self.source_numbers.setdefault(s, len(self.source_numbers) + 1)
            out.append({"n": n, "href": f"#{self.rid}-src-{n}"})
        return out

    def entries(self) -> list[dict[str, Any]]:
        rows = []
        for i, e in enumerate(self.eng.chronology()):
            if e.date.latest < pendulum.Date.fromordinal(self.dom[0] + L.EPOCH) or \
                    e.date.earliest > pendulum.Date.fromordinal(self.dom[1] + L.EPOCH):
                continue
            eid = f"{self.rid}-e{i}"
            self.entry_ids[self._entry_key(e)] = eid
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
            kind_label = KIND_WORDS[e.kind]
        elif e.kind == "change":
            kind_label = "change"
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
            "title": e.title,
            "act": e.act or "",
            "provision": e.provision or "",
            "tags": json.dumps(list(tags), ensure_ascii=False),
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
                "n": n, "id": f"{self.rid}-src-{n}", "title": s.title or s.id, "publisher": s.publisher,
                "date": s.date.label if s.date else None, "url": safe_url(s.url), "url_text": s.url,
                "note": s.note,
            })
        return out

    # -- the drawing ----------------------------------------------------------------------------------------------
    def drawing(self) -> dict[str, Any]:
        tl, _eng, sc = self.tl, self.eng, self.scale
        y = L.AXIS_H
        groups = []
        lane_y: dict[str, float] = {}
        lanes_out = []
        by_act = L.changes_by_act(tl.all_changes())
        for heading, items in L.lanes_for(tl, self.lanes):
            group_lanes: list[dict[str, Any]] = []
            group = {"heading": heading, "y": y + 17, "lanes": group_lanes}
            y += L.HEAD_H
            for item in items:
                if isinstance(item, Act):
                    lane = self.act_lane(item, y)
                elif isinstance(item, Provision):
                    lane = self.provision_lane(item, y)
                else:
                    for ctx in self.context_lanes(y):
                        group_lanes.append(ctx)
                        lanes_out.append(ctx)
                        y += L.LANE_H
                    continue
                key = ("a:" if isinstance(item, Act) else "p:") + item.id
                lane_y.setdefault(key, y + L.LANE_H / 2)
                group_lanes.append(lane)
                lanes_out.append(lane)
                y += L.LANE_H
            groups.append(group)
        arrows = []
        for act_id, changes in by_act.items():
            ay = lane_y.get("a:" + act_id)
            if ay is None:
                continue
            for c in changes:
                py = lane_y.get("p:" + c.provision)
                if py is None or c.effective is None or c.implicit:
                    continue
                t = L.day(c.effective.earliest)
                y0, y1 = (ay + 7, py - 9) if py > ay else (ay - 7, py + 9)
                arrows.append(V({"t0": t, "t1": L.day(c.effective.latest) + (0 if c.effective.exact else 1),
                               "x": sc.x(t), "y0": round(y0, 1), "y1": round(y1, 1),
                               "entry": self.entry_ids.get(f"change|{c.id}", ""),
                               "label": f"{self.eng.change_title(c)} ({c.effective.label})"}))
        tick_list = [{"x": sc.x(t), "t": t, "label": label} for t, label in L.ticks(*self.view)]
        return {"width": L.WIDTH, "height": round(y + 8), "ticks": tick_list, "groups": groups,
                "arrows": arrows, "x0": L.PLOT_X0, "x1": L.PLOT_X1, "label_x": L.LABEL_W,
                "view": list(self.view), "domain": list(self.dom), "axis_y": L.AXIS_H - 6}

    def mark(self, date: Any, *, kind: str, shape: str, label: str, entry: str, y: float) -> dict[str, Any]:
        m = L.date_mark(date)
        sc = self.scale
        mid = (m["t0"] + m["t1"]) / 2 if m["t1"] != m["t0"] else m["t0"]
        x0, x1 = sc.x(m["t0"]), sc.x(m["t1"])
        return V(
            t0=m["t0"], t1=m["t1"], x=sc.x(mid), x0=x0, x1=x1, w=round(max(x1 - x0, 1), 2),
            y=round(y, 1), band="partial" in m["style"], style=" ".join(f"lt-{s}" for s in m["style"]),
            kind=kind, shape=shape, label=label, entry=entry,
        )

    def act_lane(self, a: Act, y: float) -> dict[str, Any]:
        mid = y + L.LANE_H / 2
        marks = []
        for e in a.events:
            if e.date is None:
                continue
            text = f"{a.name} {KIND_WORDS.get(e.kind, e.kind)}: {e.date.label}"
            if e.disputed:
                text += " (sources disagree)"
            mk = self.mark(e.date, kind=e.kind, shape=L.SHAPES.get(e.kind, "circle"), label=text,
                           entry=self.entry_ids.get(f"{e.kind}|{e.id}", ""), y=mid)
            if e.disputed:
                mk["style"] += " lt-disputed"
            marks.append(mk)
        span = L.act_span(a, self.dom[1])
        span_out = None
        if span is not None:
            sc = self.scale
            span_out = {**span, "x0": sc.x(span["t0"]), "x0b": sc.x(span["t0b"]), "x1": sc.x(span["t1"]),
                        "w": round(max(sc.x(span["t1"]) - sc.x(span["t0"]), 0), 2),
                        "y": round(mid - 4, 1)}
        return {
            "type": "act", "id": a.id, "label": L.fit(a.name, L.LABEL_W - 16), "full": a.title or a.name,
            "y": y, "mid": mid, "marks": marks, "span": span_out, "act": a.id,
            "tags": json.dumps(list(a.tags), ensure_ascii=False),
        }

    def provision_lane(self, p: Provision, y: float) -> dict[str, Any]:
        sc = self.scale
        mid = y + L.LANE_H / 2
        bars = []
        for v in self.tl.history(p.id):
            if v.start is None:
                continue
            t0, t0b = L.day(v.start.earliest), L.day(v.start.latest)
            t1 = L.day(v.end.earliest) if v.end else self.dom[1]
            t1b = L.day(v.end.latest) if v.end else self.dom[1]
            text = p.format(v.value)
            act = self.tl.acts._data.get(v.act)
            who = act.name if act else v.act
            bars.append(V({
                "t0": t0, "t0b": t0b, "t1": t1, "t1b": t1b, "x0": sc.x(t0), "x0b": sc.x(t0b), "x1": sc.x(t1),
                "wf": round(max(sc.x(t0b) - sc.x(t0), 0), 2), "wb": round(max(sc.x(t1) - sc.x(t0b), 0), 2),
                "y": round(mid - 8, 1), "value": text,
                "text": L.fit(text, max(0.0, sc.x(t1) - (sc.x(t0b) if sc.x(t1) - sc.x(t0b) > 40 else sc.x(t0)) - 8)),
                "text_x": round((sc.x(t0b) if sc.x(t1) - sc.x(t0b) > 40 else sc.x(t0)) + 4, 2),
                "label": f"{text} — from {v.start.label} ({who})"
                         + (f" until {v.end.label}" if v.end else "") + ("" if v.certain else "; dates uncertain"),
                "uncertain": bool((v.start and v.start.uncertain) or (v.end and v.end.uncertain)),
                "open": v.end is None,
                "entry": self.entry_ids.get(f"change|{v.change}", ""),
            }))
        pending = []
        for c in self.eng.plan(p.id).pending:
            act = self.tl.acts._data.get(c.act)
            pending.append({"label": f"pending: {self.eng.change_title(c)} — no date of entry into force yet",
                            "act": act.name if act else c.act})
        return {
            "type": "provision", "id": p.id, "label": L.fit(p.name, L.LABEL_W - 16), "full": p.name,
            "path": p.path or "", "y": y, "mid": mid, "bars": bars, "pending": pending, "act": p.act,
            "tags": json.dumps(list(p.tags), ensure_ascii=False), "x_end": sc.x(self.view[1]),
        }

    def context_lanes(self, y: float) -> list[dict[str, Any]]:
        kinds: dict[str, list[Any]] = {}
        for e in self.tl.events.values():
            if e.date is not None:
                kinds.setdefault(e.kind, []).append(e)
        lanes = []
        for kind, events in kinds.items():
            mid = y + L.LANE_H / 2
            marks = []
            for e in events:
                text = f"{(e.title or kind)}: {e.date.label}" + (" (sources disagree)" if e.disputed else "")
                mk = self.mark(e.date, kind="context", shape=L.SHAPES["context"], label=text,
                               entry=self.entry_ids.get(f"{e.kind}|{e.id}", ""), y=mid)
                if e.disputed:
                    mk["style"] += " lt-disputed"
                marks.append(mk)
            label = kind.replace("_", " ").capitalize() + ("s" if not kind.endswith("s") else "")
            lanes.append({"type": "context", "id": f"context:{kind}", "label": label, "full": label, "y": y,
                          "mid": mid, "marks": marks, "act": "", "tags": "[]"})
            y += L.LANE_H
        return lanes

    # -- the "state on date" data ------------------------------------------------------------------------------------
    def state_data(self) -> dict[str, Any]:
        outcomes: list[dict[str, Any]] = []
        index: dict[str, int] = {}
        provisions = []
        for pid, p in self.tl.provisions.items():
            plan = self.eng.plan(pid)
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
            provisions.append({
                "id": pid, "name": p.name, "path": p.path or "", "act": p.act, "tags": list(p.tags),
                "b": [b - L.EPOCH for b in plan.bounds], "o": seq,
                "pending": [self.eng.change_title(c) for c in plan.pending],
            })
        return {"provisions": provisions, "outcomes": outcomes}

    def outcome_row(self, p: Provision, o: Outcome) -> dict[str, Any]:
        row: dict[str, Any] = {"s": o.status, "f": o.in_force}
        if o.status == "definite":
            row["v"] = p.format(o.value) if o.in_force else None
            if o.since is not None and o.change:
                row["since"] = o.since.label
                row["by"] = self.change_act_name(o.change)
        else:
            row["c"] = [p.format(v) if f else "not in force" for f, v in o.candidates]
        if o.caveats:
            row["cav"] = list(o.caveats)
        return row

    def change_act_name(self, change_id: str) -> str:
        if self._act_names is None:
            acts = self.tl.acts._data
            self._act_names = {c.id: (acts[c.act].name if c.act in acts else c.act) for c in self.tl.all_changes()}
        return self._act_names.get(change_id, "")

    # -- header and legend ------------------------------------------------------------------------------------------
    def header(self) -> dict[str, Any]:
        tl = self.tl
        lo, hi = L.iso(self.dom[0]), L.iso(self.dom[1])
        entries = self.eng.chronology()
        first = entries[0].date.label if entries else lo
        last = entries[-1].date.label if entries else hi
        return {
            "title": self.title, "description": tl.description or "",
            "span": f"{first} – {last}" if entries else "",
            "counts": [
                (len(tl.acts), "act" if len(tl.acts) == 1 else "acts"),
                (len(tl.provisions), "provision" if len(tl.provisions) == 1 else "provisions"),
                (len(tl.changes), "change" if len(tl.changes) == 1 else "changes"),
                (len(tl.events), "context event" if len(tl.events) == 1 else "context events"),
                (len(tl.sources), "source" if len(tl.sources) == 1 else "sources"),
            ],
        }


LEGEND = (
    ("adopted", "circle", "adopted"), ("approved", "circle-ring", "approved"), ("signed", "diamond", "signed"),
    ("published", "square", "published"), ("in_force", "triangle", "in force"), ("repealed", "cross", "repealed"),
    ("context", "star", "context event"),
)  # fmt: skip


def render(tl: Timeline, *, full_page: bool = True, title: str | None = None, lanes: str = "act",
           start: Any = None, end: Any = None) -> str:
    """Render ``tl`` as HTML: a standalone page (``full_page=True``) or a fragment for notebooks."""
    if lanes not in ("act", "provision", "tag"):
        raise ValueError(f"lanes must be 'act', 'provision' or 'tag', not {lanes!r}")
    eng = tl._engine()
    view = _View(tl, eng, lanes=lanes, start=start, end=end, title=title)
    entries = view.entries()
    drawing = view.drawing()
    state = view.state_data()
    rid = view.rid
    css = static("timeline.css").replace("#LTROOT", f"#{rid}")
    js = static("timeline.js").replace("__LTROOT__", rid)
    last_day = max((e["t0"] for e in entries), default=view.view[1])
    ctx = {
        "rid": rid,
        "head": view.header(),
        "legend": [{"kind": k, "shape": s, "label": lbl} for k, s, lbl in LEGEND],
        "drawing": drawing,
        "entries": entries,
        "sources": view.sources(),
        "acts": [(a.id, a.name) for a in tl.acts.values()],
        "tags": sorted({t for p in tl.provisions.values() for t in p.tags} | {t for a in tl.acts.values()
                                                                                for t in a.tags}),
        "state_json": script_json(state),
        "state_default": L.iso(min(max(last_day, view.dom[0]), view.dom[1])),
        "state_min": L.iso(view.dom[0]),
        "state_max": L.iso(view.dom[1]),
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

