"""The drawing as a standalone, static SVG: for reports and papers (``Timeline.to_svg``) and for the picture the
HTML fragment shows where scripts do not run (an ``<img>`` of this SVG as a data URI).

No script, no external reference, a generic font stack, its own light palette on an opaque background (a picture
reads the same on a light or a dark page), every text escaped. The same Scene always gives the same bytes.
"""

from __future__ import annotations

import base64
import math
import textwrap
from html import escape
from typing import TYPE_CHECKING, Any

from lawtimeline.render import layout as L
from lawtimeline.render.scene import PENDING_ROW, Scene

if TYPE_CHECKING:
    from lawtimeline.timeline import Timeline

FONT = "Helvetica, Arial, 'Liberation Sans', 'DejaVu Sans', sans-serif"
CHAR_W = 6.2  # average width of a character of the 11 px labels, for wrapping and cutting only

STYLE = (
    "svg{font-family:" + FONT + ";font-size:11px}"
    "text{fill:#1b1f24}.m{fill:#57606a}.h{font-weight:600;font-size:12px}.t{font-size:16px;font-weight:600}"
    ".ax line,.grid{stroke:#d0d7de;stroke-width:1}.ax text{text-anchor:middle;fill:#57606a}"
    ".lb{text-anchor:end}.lp{text-anchor:end;fill:#57606a}.alt{fill:#f6f8fa}"
    ".sym{fill:#0b5cad;stroke:#fff;stroke-width:1}.lt-k-context .sym{fill:#8a4b00}"
    ".open{fill:#fff;stroke:#0b5cad;stroke-width:1.8}.lt-k-context .open{stroke:#8a4b00}"
    ".x{fill:none;stroke:#0b5cad;stroke-width:2.6}.x.thin{stroke-width:1.4}"
    ".lt-band{fill:#0b5cad;fill-opacity:.22;stroke:#0b5cad}.lt-k-context .lt-band{fill:#8a4b00;stroke:#8a4b00}"
    ".lt-approx .lt-band{fill-opacity:.12;stroke:none}"
    ".lt-uncertain .lt-band,.lt-uncertain .sym,.lt-disputed .lt-band,.lt-disputed .sym{stroke-dasharray:3 2}"
    ".lt-uncertain .sym,.lt-disputed .sym{stroke:#0b5cad;fill-opacity:.45}"
    ".lt-inforce{fill:#0b5cad;opacity:.35}"
    ".bar{fill:#d7efe0;stroke:#1f6f43}.lt-uncertain .bar{stroke-dasharray:4 2}.bv{font-size:10.5px}"
    ".barp{stroke:#1f6f43}"
    ".pend{stroke:#8a4b00;stroke-width:2;stroke-dasharray:5 3;fill:none}"
    ".pt{fill:#8a4b00;font-style:italic;font-size:10px}"
    ".lt-arrow{stroke:#57606a;stroke-width:1;opacity:.8}"
)

SHAPES = {
    "circle": '<circle r="5" class="sym"/>',
    "circle-open": '<circle r="5" class="open"/>',
    "circle-ring": '<circle r="6" class="open"/><circle r="2.5" class="sym"/>',
    "diamond": '<path d="M0,-6 L6,0 L0,6 L-6,0 z" class="sym"/>',
    "square": '<rect x="-4.5" y="-4.5" width="9" height="9" class="sym"/>',
    "triangle": '<path d="M-5,-6 L6,0 L-5,6 z" class="sym"/>',
    "triangle-open": '<path d="M-5,-6 L6,0 L-5,6 z" class="open"/>',
    "bars": '<rect x="-5" y="-6" width="3.5" height="12" class="sym"/><rect x="1.5" y="-6" width="3.5" height="12" '
            'class="sym"/>',
    "cross": '<path d="M-5,-5 L5,5 M5,-5 L-5,5" class="x"/>',
    "cross-open": '<path d="M-5,-5 L5,5 M5,-5 L-5,5" class="x thin"/>',
    "star": '<path d="M0,-6 L1.8,-1.8 L6,-1.8 L2.6,1 L3.8,5.6 L0,3 L-3.8,5.6 L-2.6,1 L-6,-1.8 L-1.8,-1.8 z" '
            'class="sym"/>',
}

#: The hatching of a period in force for some purposes or places only (defined only where one is drawn); its
#: stripes keep the bar's text at AA contrast (#1b1f24 on #74bd91 is 7.4:1).
HATCH = ('<pattern id="hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
         '<rect width="6" height="6" fill="#d7efe0"/><rect width="3" height="6" fill="#74bd91"/></pattern>')
PARTIAL_WORDS = "in force for some purposes or places only (hatched)"

LEGEND = (
    ("adopted", "circle"), ("approved", "circle-ring"), ("signed", "diamond"), ("published", "square"),
    ("in force", "triangle"), ("repealed", "cross"), ("context event", "star"),
)  # fmt: skip

AXIS_H = 34
TITLE_H = 30


def n(x: float) -> str:
    """A number with at most two decimals, no trailing zeros (deterministic and short)."""
    s = f"{x:.2f}".rstrip("0").rstrip(".")
    return "0" if s == "-0" else s


def t(s: str) -> str:
    return escape(s, quote=True)


def wrap(label: str, width: float, lines: int = 2) -> list[str]:
    """``label`` in at most ``lines`` lines of ``width`` units, broken at spaces; the last cut with an ellipsis."""
    chars = max(4, int(width / CHAR_W))
    out = textwrap.wrap(label, chars, break_long_words=True, break_on_hyphens=False) or [""]
    if len(out) > lines:
        out = out[:lines]
        out[-1] = out[-1][: max(1, chars - 1)].rstrip() + "…"
    return out


class Geometry:
    """Where things go at a given width."""

    def __init__(self, width: int, view: tuple[int, int]) -> None:
        self.width = width
        self.label_w = min(300, round(width * 0.25))
        self.x0, self.x1 = self.label_w + 10, width - 20
        t0, t1 = view
        self.t0, self.t1 = t0, max(t1, t0 + 1)
        self.k = (self.x1 - self.x0) / (self.t1 - self.t0)

    def x(self, day: float) -> float:
        return self.x0 + (day - self.t0) * self.k

    def clamp(self, x: float) -> float:
        return min(max(x, self.x0 - 4), self.x1 + 4)


def render_svg(scene: Scene, *, title: str | None, width: int = 1200, max_lanes: int | None = None,
               legend: bool = True, tips: bool = True) -> str:
    """The scene as one standalone SVG document (text): ``max_lanes`` lanes at most (with a note saying how many
    there are), a legend, and tooltips (``<title>``) on every mark unless ``tips`` is false (a picture in an
    ``<img>`` shows none)."""
    g = Geometry(width, scene.view)
    out: list[str] = []
    y = TITLE_H if title else 0
    axis_y = y + AXIS_H - 6
    top = y + AXIS_H
    # lanes, in groups, up to max_lanes
    rows: list[tuple[str, Any, float]] = []  # ("head", text, y) or ("lane", lane, y)
    shown = 0
    total = len(scene.lanes)
    ly = top
    for heading, members in scene.groups:
        if max_lanes is not None and shown >= max_lanes:
            break
        rows.append(("head", heading, ly))
        ly += L.HEAD_H
        for i in members:
            if max_lanes is not None and shown >= max_lanes:
                break
            rows.append(("lane", i, ly))
            ly += scene.lanes[i]["h"]
            shown += 1
    lanes_end = ly
    note = None
    if shown < total:
        note = (f"The first {shown:,} of {total:,} lanes; the chronology lists every entry.")
        ly += 20
    partial = any(b["limits"] for lane in scene.lanes if lane["type"] == "provision" for b in lane["bars"])
    legend_rows = _legend_rows(width, partial) if legend else []
    height = math.ceil(ly + 8 + (len(legend_rows) * 20 + 8 if legend_rows else 0))
    out.append(f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
               f'viewBox="0 0 {width} {height}" role="img" aria-labelledby="lt-svg-title">')
    label = title or "Legal timeline"
    out.append(f'<title id="lt-svg-title">{t(label)}: acts, provisions and their values over time</title>')
    out.append(f"<style>{STYLE}</style>")
    out.append('<defs><clipPath id="plot"><rect x="' + n(g.x0 - 4) + f'" y="0" width="{n(g.x1 - g.x0 + 8)}" '
               f'height="{height}"/></clipPath>'
               '<marker id="ah" viewBox="0 0 10 10" refX="8" refY="5" markerWidth="6" markerHeight="6" '
               'orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#57606a"/></marker>'
               + (HATCH if partial else "") + "</defs>")
    out.append(f'<rect width="{width}" height="{height}" fill="#ffffff"/>')
    if title:
        out.append(f'<text class="t" x="8" y="21">{t(title)}</text>')
    # alternate lane backgrounds
    for kind, item, ry in rows:
        if kind == "lane" and item % 2 == 1:
            out.append(f'<rect class="alt" x="0" y="{n(ry)}" width="{width}" height="{scene.lanes[item]["h"]}"/>')
    # axis and grid
    out.append(f'<g class="ax"><line x1="{n(g.x0)}" x2="{n(g.x1)}" y1="{axis_y}" y2="{axis_y}"/>')
    for day, tick in L.ticks(g.t0, g.t1):
        tx = n(g.x(day))
        out.append(f'<line x1="{tx}" x2="{tx}" y1="{axis_y}" y2="{n(lanes_end)}"/><text x="{tx}" y="{axis_y - 8}">'
                   f"{t(tick)}</text>")
    out.append("</g>")
    lane_mid: dict[int, float] = {}
    out.append('<g clip-path="url(#plot)">')
    for kind, item, ry in rows:
        if kind != "lane":
            continue
        lane = scene.lanes[item]
        mid = ry + L.LANE_H / 2
        lane_mid[item] = mid
        out.append(f'<g class="lt-lane lt-lane-{lane["type"]}" data-id="{t(lane["id"])}">')
        if lane["type"] == "provision":
            out.extend(_bars(g, lane, mid, tips))
        else:
            span = lane.get("span")
            if span:
                x0, x1 = g.clamp(g.x(span["t0"])), g.clamp(g.x(span["t1"]))
                if x1 > x0:
                    out.append(f'<rect class="lt-inforce" x="{n(x0)}" y="{n(mid - 4)}" width="{n(x1 - x0)}" '
                               'height="8"/>')
            for m in lane["marks"]:
                out.append(_mark(g, m, mid, tips))
        out.append("</g>")
    for a in scene.arrows:
        if a["from"] not in lane_mid or a["to"] not in lane_mid:
            continue
        x = g.x(a["t"])
        if x < g.x0 - 4 or x > g.x1 + 4:
            continue
        ay, py = lane_mid[a["from"]], lane_mid[a["to"]]
        y0, y1 = (ay + 7, py - 9) if py > ay else (ay - 7, py + 9)
        out.append(f'<line class="lt-arrow" x1="{n(x)}" x2="{n(x)}" y1="{n(y0)}" y2="{n(y1)}" marker-end="url(#ah)"/>')
    out.append("</g>")
    # labels
    for kind, item, ry in rows:
        if kind == "head":
            out.append(f'<text class="h" x="8" y="{n(ry + 17)}">{t(item)}</text>')
            continue
        lane = scene.lanes[item]
        lines = wrap(lane["label"], g.label_w - 16)
        cls = "lp" if lane["type"] == "provision" else "lb"
        mid = ry + L.LANE_H / 2
        if len(lines) == 1:
            out.append(f'<text class="{cls}" x="{g.label_w}" y="{n(mid + 4)}">{t(lines[0])}</text>')
        else:
            out.append(f'<text class="{cls}" x="{g.label_w}" y="{n(mid - 2)}">{t(lines[0])}'
                       f'<tspan x="{g.label_w}" dy="12">{t(lines[1])}</tspan></text>')
    if note:
        out.append(f'<text class="m" x="8" y="{n(lanes_end + 14)}">{t(note)}</text>')
    if legend_rows:
        out.extend(_legend(legend_rows, ly + 8))
    out.append("</svg>")
    return "\n".join(out) + "\n"


def _mark(g: Geometry, m: dict[str, Any], mid: float, tips: bool) -> str:
    cls = ["lt-mark", f"lt-k-{m['kind']}"] + [f"lt-{s}" for s in m["style"] if s != "partial"]
    parts = [f'<g class="{" ".join(cls)}">' + (f"<title>{t(m['label'])}</title>" if tips else "")]
    if m["t1"] != m["t0"]:
        x0, x1 = g.x(m["t0"]), g.x(m["t1"])
        parts.append(f'<rect class="lt-band" x="{n(x0)}" y="{n(mid - 8)}" width="{n(max(x1 - x0, 1))}" height="16"/>')
        x = g.x((m["t0"] + m["t1"]) / 2)
    else:
        x = g.x(m["t0"])
    parts.append(f'<g transform="translate({n(x)},{n(mid)})">{SHAPES.get(m["shape"], SHAPES["circle"])}</g></g>')
    return "".join(parts)


def _bars(g: Geometry, lane: dict[str, Any], mid: float, tips: bool) -> list[str]:
    out = []
    for b in lane["bars"]:
        a, ab, e = g.x(b["t0"]), g.x(b["t0b"]), g.x(b["t1"])
        if e < g.x0 - 4 or a > g.x1 + 4:
            continue
        ab_c, e_c = max(ab, g.x0 - 4), min(e, g.x1 + 4)
        unc = (" lt-uncertain" if b["uncertain"] else "") + (" lt-partial" if b["limits"] else "")
        part = [f'<g class="lt-bar{unc}">' + (f"<title>{t(b['label'])}</title>" if tips else "")]
        if b["t0"] != b["t0b"] and ab > a:
            part.append(f'<rect class="bar" x="{n(max(a, g.x0 - 4))}" y="{n(mid - 8)}" '
                        f'width="{n(max(ab - max(a, g.x0 - 4), 0))}" height="16" fill-opacity="0.35" stroke="none"/>')
        body = 'class="barp" fill="url(#hatch)"' if b["limits"] else 'class="bar"'  # hatched: partly in force
        part.append(f'<rect {body} x="{n(ab_c)}" y="{n(mid - 8)}" width="{n(max(e_c - ab_c, 0))}" '
                    f'height="16" rx="2"/>')
        start = max(ab if e - ab > 40 else a, g.x0)
        text = L.fit(b["value"], min(e, g.x1) - start - 8)
        if text:
            part.append(f'<text class="bv" x="{n(start + 4)}" y="{n(mid + 4)}">{t(text)}</text>')
        part.append("</g>")
        out.append("".join(part))
    for i, p in enumerate(lane["pending"]):
        x = g.x(p["t"])
        if x > g.x1:
            continue
        x = max(x, g.x0)
        ry = mid + L.LANE_H / 2 + i * PENDING_ROW
        out.append('<g class="lt-pending">' + (f"<title>{t(p['label'])}</title>" if tips else "")
                   + f'<path class="pend" d="M{n(x)},{n(ry + 2)} H{n(g.x1)}"/>'
                   f'<text class="pt" x="{n(x + 2)}" y="{n(ry + 11)}">'
                   f'{t(L.fit("pending: " + p["act"], g.x1 - x - 4) or "pending")}</text></g>')
    return out


def _legend_rows(width: int, partial: bool = False) -> list[list[tuple[str, str]]]:
    items = [(label, shape) for label, shape in LEGEND] + [
        ("date known to the month, year or a range", "band"), ("uncertain or disputed date", "dashed"),
        ("value in force", "value")] + ([(PARTIAL_WORDS, "partial")] if partial else []) + [
        ("pending: no date of entry into force yet", "pending")]
    rows: list[list[tuple[str, str]]] = [[]]
    x = 8.0
    for label, shape in items:
        w = 24 + CHAR_W * len(label) + 16
        if x + w > width - 8 and rows[-1]:
            rows.append([])
            x = 8.0
        rows[-1].append((label, shape))
        x += w
    return rows


def _legend(rows: list[list[tuple[str, str]]], y: float) -> list[str]:
    out = ['<g class="legend">']
    for r, row in enumerate(rows):
        x = 8.0
        cy = y + r * 20 + 8
        for label, shape in row:
            if shape in SHAPES:
                out.append(f'<g transform="translate({n(x + 8)},{n(cy)})">{SHAPES[shape]}</g>')
            elif shape == "band":
                out.append(f'<rect class="lt-band" x="{n(x)}" y="{n(cy - 5)}" width="18" height="10"/>')
            elif shape == "dashed":
                out.append(f'<g class="lt-uncertain"><rect class="lt-band" x="{n(x)}" y="{n(cy - 5)}" width="18" '
                           'height="10"/></g>')
            elif shape == "value":
                out.append(f'<rect class="bar" x="{n(x)}" y="{n(cy - 5)}" width="18" height="10" rx="2"/>')
            elif shape == "partial":
                out.append(f'<rect class="barp" fill="url(#hatch)" x="{n(x)}" y="{n(cy - 5)}" width="18" height="10" '
                           'rx="2"/>')
            else:
                out.append(f'<path class="pend" d="M{n(x)},{n(cy)} H{n(x + 18)}"/>')
            out.append(f'<text x="{n(x + 24)}" y="{n(cy + 4)}">{t(label)}</text>')
            x += 24 + CHAR_W * len(label) + 16
    out.append("</g>")
    return out


def to_svg(tl: Timeline, *, title: str | None = None, lanes: str = "act", start: Any = None, end: Any = None,
           width: int = 1200) -> str:
    """The timeline's drawing as a standalone SVG document (see the module docstring)."""
    scene = Scene(tl, tl._engine(), lanes=lanes, start=start, end=end)
    return render_svg(scene, title=title or tl.title or "Legal timeline", width=width)


def data_uri(svg_text: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg_text.encode("utf-8")).decode("ascii")
