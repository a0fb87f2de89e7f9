"""Rendering benchmark: ``Timeline.to_html()`` on a synthetic 10,000-entry timeline, beside the flagship example.

    python benchmarks/render_bench.py                 # 10,000 entries, median of 5 renders
    python benchmarks/render_bench.py --profile       # also a cProfile of one render of the synthetic page
    python benchmarks/render_bench.py --write DIR     # also write both pages to DIR (the browser benchmark does)

The synthetic timeline is generated in memory (seeded ``random.Random``, no clock, no set order) and built with
``lt.Timeline.from_dict``: about 30 years (1995-2024) of acts with life-cycle events (some dates partial: a month,
an approximate day, a day range; some entries into force relative to publication; a few repeals; a few acts never
in force, so their changes are pending), provisions of every kind with the changes later acts make to them, and
context events (some with disputed dates). ``--entries`` sets the size; the generator scales every count with it
and the table reports the exact number of chronology entries.

Each render is one ``time.perf_counter`` pair around one ``to_html()`` call on an already loaded Timeline (its
engine warmed by one untimed render, as a notebook user who renders twice would see it; the cold first render is
reported too). Targets: synthetic page ≤ 1.5 s and ≤ 3 MB, flagship page ≤ 150 KB.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import io
import os
import pstats
import random
import statistics
import sys
import time
from typing import Any

import lawtimeline as lt

HERE = os.path.dirname(os.path.abspath(__file__))
EXAMPLE = os.path.join(HERE, "..", "examples", "russia_migrants.yaml")
START = dt.date(1995, 1, 1).toordinal()
END = dt.date(2024, 12, 31).toordinal()
TARGETS = {"html_s": 1.5, "html_mb": 3.0, "flagship_kb": 150.0}

CONTEXT_KINDS = ("statement", "report", "raid", "court_ruling")
GROUNDS = tuple(f"ground {i}" for i in range(30))


def _iso(ordinal: int) -> str:
    return dt.date.fromordinal(ordinal).isoformat()


def _partial(rng: random.Random, ordinal: int, share: float = 0.06) -> str:
    """The day, or (with probability ``share``) a partial form of it: a month, an approximate day or a range."""
    if rng.random() >= share:
        return _iso(ordinal)
    d = dt.date.fromordinal(ordinal)
    form = rng.randrange(3)
    if form == 0:
        return f"{d.year:04d}-{d.month:02d}"
    if form == 1:
        return f"{_iso(ordinal)}~"
    return f"[{_iso(ordinal)}..{_iso(ordinal + rng.randint(3, 25))}]"


def synthetic(entries: int = 10_000, seed: int = 1) -> dict[str, Any]:
    """A dataset dict of about ``entries`` chronology entries (see the module docstring)."""
    rng = random.Random(seed)
    scale = entries / 10_000
    n_acts = max(3, round(800 * scale))
    n_provisions = max(2, round(1020 * scale))
    n_events = max(1, round(500 * scale))
    n_sources = max(1, round(120 * scale))

    sources = [{"id": f"src-{i}", "title": f"Source {i}: official gazette and press report",
                "publisher": f"Publisher {i % 17}", "url": f"https://example.org/sources/{i}",
                "date": _iso(rng.randint(START, END))} for i in range(n_sources)]

    def cite() -> list[str]:
        return sorted({f"src-{rng.randrange(n_sources)}" for _ in range(rng.randint(0, 2))})

    acts, in_force_day = [], {}
    signed_days = sorted(rng.randint(START, END - 200) for _ in range(n_acts))
    for i, signed in enumerate(signed_days):
        aid = f"act-{i:05d}"
        events: list[dict[str, Any]] = [
            {"kind": "adopted", "date": _partial(rng, signed - rng.randint(5, 40)), "by": "Parliament",
             "sources": cite()},
            {"kind": "signed", "date": _iso(signed), "by": "President", "sources": cite()},
            {"kind": "published", "date": _partial(rng, signed + rng.randint(0, 14)), "sources": cite()},
        ]
        roll = rng.random()
        if roll < 0.03:  # never in force: its changes are pending
            pass
        elif roll < 0.60:
            events.append({"kind": "in_force", "date": {"after": "published", "days": 10}})
            in_force_day[aid] = signed + 24
        else:
            day = signed + rng.randint(0, 180)
            events.append({"kind": "in_force", "date": _partial(rng, day), "sources": cite()})
            in_force_day[aid] = day
        if aid in in_force_day and rng.random() < 0.04:
            events.append({"kind": "repealed", "date": _iso(min(END, in_force_day[aid] + rng.randint(400, 4000)))})
        acts.append({"id": aid, "title": f"Federal Law No. {i + 1}-FZ on administrative matters, part {i % 13}",
                     "short_title": f"Law {i + 1}-FZ", "number": f"{i + 1}-FZ", "jurisdiction": "XX",
                     "tags": [f"topic-{i % 9}"], "events": events})

    provisions, changes = [], []
    base_acts = [a["id"] for a in acts[: max(1, n_acts // 3)] if a["id"] in in_force_day]
    later = [a["id"] for a in acts]
    kinds = ("number", "number", "range", "range", "set", "text", "bool")
    for i in range(n_provisions):
        pid = f"prov-{i:05d}"
        act = base_acts[rng.randrange(len(base_acts))]
        kind = kinds[rng.randrange(len(kinds))]
        p: dict[str, Any] = {"id": pid, "title": f"Provision {i}: fine or duty number {i % 97}", "act": act,
                             "path": f"Art. {i % 400 + 1}({i % 7 + 1})", "kind": kind,
                             "tags": [f"topic-{i % 9}", f"area-{i % 4}"]}
        if kind in ("number", "range"):
            p["unit"] = "RUB"
        state: Any = None
        if rng.random() < 0.4:
            state = _value(rng, kind, None)
            p["value"] = state
        provisions.append(p)
        first = later.index(act) + 1
        amenders = sorted({later[rng.randrange(first, len(later))] for _ in range(rng.randint(3, 9))
                           if first < len(later)})
        for aid in amenders:
            c: dict[str, Any] = {"act": aid, "provision": pid, "sources": cite()}
            if state is None:
                c["op"], c["value"] = "insert", _value(rng, kind, None)
                state = c["value"]
            elif rng.random() < 0.04:
                c["op"] = "repeal"
                state = None
            elif kind == "set" and rng.random() < 0.7:
                item = GROUNDS[rng.randrange(len(GROUNDS))]
                if item in state:
                    c["op"], c["items"] = "remove", [item]
                    state = [g for g in state if g != item]
                else:
                    c["op"], c["items"] = "add", [item]
                    state = sorted([*state, item])
            else:
                c["op"], c["value"] = "set", _value(rng, kind, state)
                state = c["value"]
            if aid in in_force_day and rng.random() < 0.05:
                c["effective"] = _partial(rng, in_force_day[aid] + rng.randint(30, 300), share=0.3)
            changes.append(c)

    events = []
    for i in range(n_events):
        day = rng.randint(START, END)
        e: dict[str, Any] = {"id": f"ev-{i:05d}", "kind": CONTEXT_KINDS[i % len(CONTEXT_KINDS)],
                             "title": f"Official statement {i} on enforcement of the registration rules",
                             "related": [provisions[rng.randrange(n_provisions)]["id"]]}
        if rng.random() < 0.05:
            e["dates"] = [{"date": _iso(day), "sources": cite() or ["src-0"]},
                          {"date": _iso(day + rng.randint(1, 3)), "sources": cite() or ["src-1"]}]
        else:
            e["date"] = _partial(rng, day)
            e["sources"] = cite()
        events.append(e)

    return {"lawtimeline": 1, "title": f"Synthetic timeline ({entries:,} entries, seed {seed})",
            "description": "Generated by benchmarks/render_bench.py.", "sources": sources, "acts": acts,
            "provisions": provisions, "changes": changes, "events": events}


def _value(rng: random.Random, kind: str, old: Any) -> Any:
    if kind == "number":
        return rng.randrange(5, 500) * 100
    if kind == "range":
        lo = rng.randrange(1, 50) * 500
        return {"min": lo, "max": lo + rng.randrange(1, 50) * 500}
    if kind == "set":
        return sorted({GROUNDS[rng.randrange(len(GROUNDS))] for _ in range(rng.randint(1, 4))})
    if kind == "bool":
        return not old if isinstance(old, bool) else rng.random() < 0.5
    return f"Wording {rng.randrange(10_000)} of the duty to register within {rng.randint(5, 90)} days"


def synthetic_timeline(entries: int = 10_000, seed: int = 1) -> lt.Timeline:
    return lt.Timeline.from_dict(synthetic(entries, seed))


def time_html(tl: lt.Timeline, runs: int) -> tuple[float, list[float], list[float], str]:
    """(cold wall seconds, warm wall seconds of each run, warm CPU seconds of each run, the HTML)."""
    t = time.perf_counter()
    html = tl.to_html()
    cold = time.perf_counter() - t
    wall, cpu = [], []
    for _ in range(runs):
        t, c = time.perf_counter(), time.process_time()
        again = tl.to_html()
        wall.append(time.perf_counter() - t)
        cpu.append(time.process_time() - c)
        assert again == html, "to_html is not deterministic"
    return cold, wall, cpu, html


def verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--entries", type=int, default=10_000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--profile", action="store_true", help="cProfile one render of the synthetic page")
    ap.add_argument("--write", metavar="DIR", help="write flagship.html and synthetic.html to DIR")
    args = ap.parse_args(argv)

    t = time.perf_counter()
    data = synthetic(args.entries, args.seed)
    t_gen = time.perf_counter() - t
    t = time.perf_counter()
    big = lt.Timeline.from_dict(data)
    t_build = time.perf_counter() - t
    n_big = len(big.chronology())
    flag = lt.load(EXAMPLE)
    n_flag = len(flag.chronology())

    f_cold, f_warm, f_cpu, f_html = time_html(flag, args.runs)
    b_cold, b_warm, b_cpu, b_html = time_html(big, args.runs)
    f_size, b_size = len(f_html.encode()), len(b_html.encode())
    f_med, b_med = statistics.median(f_warm), statistics.median(b_warm)

    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"python {sys.version.split()[0]}, lawtimeline {lt.__version__}, {os.cpu_count()} cpus, "
          f"load average {load:.1f} (wall times stretch when it exceeds the cpus; CPU times much less)")
    print(f"synthetic: {n_big:,} chronology entries ({len(big.acts):,} acts, {len(big.provisions):,} provisions, "
          f"{len(big.changes):,} changes, {len(big.events):,} context events); generated in {t_gen:.2f} s, "
          f"built in {t_build:.2f} s")
    print()
    rows = [
        ("", "flagship", "synthetic", "target", ""),
        ("chronology entries", f"{n_flag:,}", f"{n_big:,}", "", ""),
        ("to_html, first (cold) s", f"{f_cold:.3f}", f"{b_cold:.3f}", "", ""),
        (f"to_html, median of {args.runs} s", f"{f_med:.3f}", f"{b_med:.3f}", f"≤ {TARGETS['html_s']}",
         verdict(b_med <= TARGETS["html_s"])),
        ("to_html, min..max s", f"{min(f_warm):.3f}..{max(f_warm):.3f}", f"{min(b_warm):.3f}..{max(b_warm):.3f}",
         "", ""),
        (f"to_html, CPU median of {args.runs} s", f"{statistics.median(f_cpu):.3f}",
         f"{statistics.median(b_cpu):.3f}", "", ""),
        ("page size", f"{f_size / 1024:.0f} KB", f"{b_size / 1024 / 1024:.2f} MB",
         f"≤ {TARGETS['flagship_kb']:.0f} KB / ≤ {TARGETS['html_mb']} MB",
         f"{verdict(f_size <= TARGETS['flagship_kb'] * 1024)} / {verdict(b_size <= TARGETS['html_mb'] * 2**20)}"),
    ]
    widths = [max(len(r[i]) for r in rows) for i in range(5)]
    for r in rows:
        print("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip())

    if args.write:
        os.makedirs(args.write, exist_ok=True)
        for name, html in (("flagship.html", f_html), ("synthetic.html", b_html)):
            with open(os.path.join(args.write, name), "w", encoding="utf-8") as f:
                f.write(html)
        print(f"\nwrote {args.write}/flagship.html and {args.write}/synthetic.html")

    if args.profile:
        print("\ncProfile of one to_html() of the synthetic timeline (cumulative, top 25):")
        prof = cProfile.Profile()
        prof.enable()
        big.to_html()
        prof.disable()
        out = io.StringIO()
        pstats.Stats(prof, stream=out).sort_stats("cumulative").print_stats(25)
        print(out.getvalue())
    missed = b_med > TARGETS["html_s"] or b_size > TARGETS["html_mb"] * 2**20 or f_size > TARGETS["flagship_kb"] * 1024
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
